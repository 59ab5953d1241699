/*
 * libFuzzer harness for the regedit .reg export collector (REGEDIT4, v5,
 * Wine).  Every input is parsed as "reg", whatever its sniffer thinks, and
 * its line accounting checked.
 */
#include <stddef.h>
#include <stdint.h>

#include "portaudit.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return (fuzz_collector("reg", data, size));
}
