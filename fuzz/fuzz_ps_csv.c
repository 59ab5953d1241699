/*
 * libFuzzer harness for the PowerShell Export-Csv collector.  Every input
 * is parsed as "ps-csv", whatever its sniffer thinks, and its line
 * accounting checked, the records it gave the hosts it names included.
 */
#include <stddef.h>
#include <stdint.h>

#include "portaudit.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return (fuzz_collector("ps-csv", data, size));
}
