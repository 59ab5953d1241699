/*
 * libFuzzer harness for the osinfo collector (ver, systeminfo, uname -a,
 * os-release, sw_vers).  Every input is parsed as "osinfo", whatever its
 * sniffer thinks, and its line accounting checked.
 */
#include <stddef.h>
#include <stdint.h>

#include "portaudit.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return (fuzz_collector("osinfo", data, size));
}
