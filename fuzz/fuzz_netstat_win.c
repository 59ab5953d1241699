/*
 * libFuzzer harness for the Windows netstat collector (netstat -ano, -b,
 * localized headers).  Every input is parsed as "netstat-win", whatever its
 * sniffer thinks, and its line accounting checked.
 */
#include <stddef.h>
#include <stdint.h>

#include "portaudit.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return (fuzz_collector("netstat-win", data, size));
}
