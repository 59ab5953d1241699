/*
 * libFuzzer harness for the file-kind sniffer: decode_detect() and every
 * collector's sniffer over the raw bytes (exactly size bytes, no NUL after
 * them, so a sniffer reading past its length is caught), then over the
 * text decode_convert() makes of them, as collectors.c does.  Scores must
 * stay in 0..100 and under each sniffer's ceiling (sniff.c), and the pick
 * must be the one asking every sniffer in the table's order gives (the
 * best score, the first on a tie); anything else is a __builtin_trap().
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "collector.h"
#include "fuzz.h"

static const char *const fuzz_sniff_wants[] = {
	NULL, "netstat", "ss", "registry", "services", "ranges",
	"netstat-win", "netstat-linux", "netstat-bsd", "reg", "regquery",
	"hive", "iana-csv", "netsh", "sysctl", "host", "osinfo"
};

/* Every sniffer, and collector_sniff() for every --type, over buf. */
static void
fuzz_sniff_all(const char *buf, size_t len)
{
	const struct collector	*c, *best;
	size_t			 i, j;
	int			 score, top;

	for (i = 0; i < sizeof(fuzz_sniff_wants) / sizeof(fuzz_sniff_wants[0]);
	    i++) {
		c = collector_sniff(buf, len, fuzz_sniff_wants[i]);
		top = 0;
		best = NULL;
		for (j = 0; j < collector_count; j++) {
			if (fuzz_sniff_wants[i] != NULL &&
			    strcmp(collector_table[j]->name,
			    fuzz_sniff_wants[i]) != 0 &&
			    strcmp(collector_table[j]->family,
			    fuzz_sniff_wants[i]) != 0)
				continue;
			score = collector_table[j]->sniff(buf, len > 65536 ?
			    65536 : len);
			if (score < 0 || score > 100 ||
			    score > sniff_ceiling(collector_table[j], buf, len))
				__builtin_trap();
			if (score > top) {
				top = score;
				best = collector_table[j];
			}
		}
		if (c != best)
			__builtin_trap();
	}
}

/* Sniff the decoded text, as collect_decode() does after converting. */
static void
fuzz_sniff_decoded(const uint8_t *data, size_t size, enum textenc enc)
{
	const char	*from;
	char		*text, *copy;
	size_t		 skip = 0, len;
	unsigned long	 nbad;

	switch (enc) {
	case ENC_UTF8_BOM:
		fuzz_sniff_all((const char *)data + 3, size - 3);
		return;
	case ENC_UTF8:
		return;
	case ENC_UTF16LE:
	case ENC_UTF16BE:
		skip = 2;
		/* FALLTHROUGH */
	case ENC_UTF16LE_NOBOM:
	case ENC_UTF16BE_NOBOM:
		from = (enc == ENC_UTF16LE || enc == ENC_UTF16LE_NOBOM) ?
		    "UTF-16LE" : "UTF-16BE";
		break;
	default:
		from = "CP850";
		break;
	}
	if ((text = decode_convert(data + skip, size - skip, from, &len,
	    &nbad)) == NULL)
		__builtin_trap();
	if (strlen(text) > len)
		__builtin_trap();
	(void)decode_nuls(text, len);
	if (strlen(text) != len)
		__builtin_trap();
	/* An exact-size copy, as the raw bytes were. */
	copy = xmalloc(len > 0 ? len : 1);
	memcpy(copy, text, len);
	free(text);
	fuzz_sniff_all(copy, len);
	free(copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum textenc	 enc;

	diag_quiet = 1;
	enc = decode_detect(data, size);
	if (enc < ENC_UTF8 || enc > ENC_LEGACY ||
	    decode_enc_name(enc) == NULL)
		__builtin_trap();
	fuzz_sniff_all((const char *)data, size);
	fuzz_sniff_decoded(data, size, enc);
	return (0);
}
