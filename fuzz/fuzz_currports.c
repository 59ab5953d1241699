/*
 * libFuzzer harness for the CurrPorts collector: /scomma and /stab
 * exports, with or without their header line.  Every input is parsed as
 * "currports", whatever its sniffer thinks, and its line accounting checked.
 */
#include <stddef.h>
#include <stdint.h>

#include "portaudit.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return (fuzz_collector("currports", data, size));
}
