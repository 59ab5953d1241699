/*
 * libFuzzer harness for the Linux net-tools and busybox netstat collector.
 * Every input is parsed as "netstat-linux", whatever its sniffer thinks,
 * and its line accounting checked.
 */
#include <stddef.h>
#include <stdint.h>

#include "portaudit.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return (fuzz_collector("netstat-linux", data, size));
}
