/*
 * libFuzzer harness for the Sysinternals tcpvcon collector: -a -c CSV
 * rows and -a text blocks.  Every input is parsed as
 * "tcpvcon", whatever its sniffer thinks, and its line accounting checked.
 */
#include <stddef.h>
#include <stdint.h>

#include "portaudit.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return (fuzz_collector("tcpvcon", data, size));
}
