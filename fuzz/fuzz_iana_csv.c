/*
 * libFuzzer harness for the IANA service-names-port-numbers CSV collector.
 * Every input is parsed as "iana-csv", whatever its sniffer thinks, and its
 * line accounting checked.
 */
#include <stddef.h>
#include <stdint.h>

#include "portaudit.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return (fuzz_collector("iana-csv", data, size));
}
