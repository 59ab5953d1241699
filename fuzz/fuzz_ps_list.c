/*
 * libFuzzer harness for the PowerShell Format-List collector (connections,
 * endpoints and Get-ItemProperty).  Every input is parsed as
 * "ps-list", whatever its sniffer thinks, and its line accounting
 * checked, the records it gave the hosts it names included.
 */
#include <stddef.h>
#include <stdint.h>

#include "portaudit.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return (fuzz_collector("ps-list", data, size));
}
