/*
 * libFuzzer harness for the sysctl port range collector.  Every input is
 * parsed as "sysctl", whatever its sniffer thinks, and its line accounting
 * checked.
 */
#include <stddef.h>
#include <stdint.h>

#include "portaudit.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return (fuzz_collector("sysctl", data, size));
}
