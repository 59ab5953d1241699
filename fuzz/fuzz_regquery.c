/*
 * libFuzzer harness for the reg query output collector.  Every input is
 * parsed as "regquery", whatever its sniffer thinks, and its line
 * accounting checked.
 */
#include <stddef.h>
#include <stdint.h>

#include "portaudit.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return (fuzz_collector("regquery", data, size));
}
