/*
 * libFuzzer harness for the --baseline reader (analysis/baseline.c): the
 * bytes are read as a findings.csv or findings.json, whichever they look
 * like.  Every finding kept must have a 16-digit id, a known severity, a
 * rule, a host and a port of -1 or 0..65535, and the findings must come
 * sorted by id; anything else is a __builtin_trap().
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "portaudit.h"
#include "analysis/analysis.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct baseline	*b;
	size_t		 i;

	diag_quiet = 1;
	if ((b = baseline_read("findings.csv", (const char *)data, size)) ==
	    NULL)
		return (0);
	for (i = 0; i < b->n; i++) {
		if (strlen(b->v[i].id) != 16 || b->v[i].sev >= SEV__MAX ||
		    b->v[i].rule == NULL || b->v[i].host == NULL ||
		    b->v[i].port < -1 || b->v[i].port > 65535)
			__builtin_trap();
		if (i > 0 && strcmp(b->v[i - 1].id, b->v[i].id) > 0)
			__builtin_trap();
	}
	baseline_free(b);
	return (0);
}
