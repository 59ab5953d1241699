/*
 * libFuzzer harness for the binary hive collector (hivex, through a memfd
 * copy).  Every input is parsed as "hive", whatever its sniffer thinks, and
 * its line accounting checked.
 */
#include <stddef.h>
#include <stdint.h>

#include "portaudit.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return (fuzz_collector("hive", data, size));
}
