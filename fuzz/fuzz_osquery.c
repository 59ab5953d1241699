/*
 * libFuzzer harness for the osquery collector: JSON documents, results log
 * lines and osqueryi --csv.  Every input is parsed as "osquery", whatever
 * its sniffer thinks, and its line accounting checked.
 */
#include <stddef.h>
#include <stdint.h>

#include "portaudit.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return (fuzz_collector("osquery", data, size));
}
