/*
 * libFuzzer harness for the services file collector (/etc/services, nmap-
 * services).  Every input is parsed as "services", whatever its sniffer
 * thinks, and its line accounting checked.
 */
#include <stddef.h>
#include <stdint.h>

#include "portaudit.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return (fuzz_collector("services", data, size));
}
