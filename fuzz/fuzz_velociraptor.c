/*
 * libFuzzer harness for the Velociraptor collector: netstat artifacts and
 * hunts as JSON, JSON lines and CSV.  Every input is parsed as
 * "velociraptor", whatever its sniffer thinks, and its line accounting
 * checked.
 */
#include <stddef.h>
#include <stdint.h>

#include "portaudit.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return (fuzz_collector("velociraptor", data, size));
}
