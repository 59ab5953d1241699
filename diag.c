/*
 * Diagnostics, mandoc style: one table of codes with a level, a stable id
 * and a text; one call that prints "portaudit: FILE:LINE: level: text:
 * detail".  Every call is counted on its input; the printing is capped per
 * file so a broken file cannot flood the terminal, and the cap itself is
 * reported.  The worst level raised decides the exit status.
 */
#include <stdio.h>
#include <string.h>

#include "portaudit.h"

unsigned long	diag_max_per_file = 20;
enum diaglevel	diag_worst = DL_NOTE;
int		diag_quiet;
int		diag_progress;	/* a progress line is on the terminal */
_Thread_local FILE *diag_to;	/* a worker's messages, kept for later */

const struct diagmsg diag_table[DIAG__MAX] = {
	{ DIAG_NOTE_ENCODING, DL_NOTE, "legacy-encoding",
	    "not UTF-8, decoded from a legacy code page" },
	{ DIAG_NOTE_LIMIT, DL_NOTE, "more-diagnostics",
	    "more diagnostics not shown" },
	{ DIAG_LINE_UNKNOWN, DL_WARNING, "line-unknown",
	    "line not understood, kept as unparsed" },
	{ DIAG_LINE_SHORT, DL_WARNING, "line-short",
	    "too few columns, kept as unparsed" },
	{ DIAG_BAD_PORT, DL_WARNING, "bad-port",
	    "port is not a number from 0 to 65535" },
	{ DIAG_BAD_ADDR, DL_WARNING, "bad-address",
	    "address has no port" },
	{ DIAG_BAD_STATE, DL_WARNING, "bad-state",
	    "connection state not known" },
	{ DIAG_BAD_NUMBER, DL_WARNING, "bad-number",
	    "number malformed or out of range" },
	{ DIAG_BAD_RANGE, DL_WARNING, "bad-range",
	    "port range malformed or out of bounds" },
	{ DIAG_ORPHAN_LINE, DL_WARNING, "orphan-line",
	    "owner line without a connection before it" },
	{ DIAG_REG_SYNTAX, DL_WARNING, "reg-syntax",
	    "registry line malformed" },
	{ DIAG_REG_HEX, DL_WARNING, "reg-hex",
	    "registry hex data malformed" },
	{ DIAG_REG_DWORD, DL_WARNING, "reg-dword",
	    "dword data is not 1 to 8 hexadecimal digits" },
	{ DIAG_REG_NO_KEY, DL_WARNING, "reg-no-key",
	    "registry value before any key" },
	{ DIAG_REG_CONTINUATION, DL_WARNING, "reg-continuation",
	    "continued registry line never ends" },
	{ DIAG_CSV_SYNTAX, DL_WARNING, "csv-syntax",
	    "CSV record malformed" },
	{ DIAG_CSV_COLUMNS, DL_WARNING, "csv-columns",
	    "CSV record has the wrong number of columns" },
	{ DIAG_SETTING_PORT, DL_WARNING, "setting-port",
	    "port setting holds no valid port" },
	{ DIAG_LINE_LONG, DL_WARNING, "line-long",
	    "line longer than the limit" },
	{ DIAG_NUL_BYTES, DL_WARNING, "nul-bytes",
	    "NUL bytes replaced by blanks" },
	{ DIAG_ENCODING, DL_WARNING, "bad-encoding",
	    "bytes that cannot be decoded were replaced" },
	{ DIAG_UNCLASSIFIED, DL_WARNING, "unclassified",
	    "line left unclassified by its collector" },
	{ DIAG_BASELINE_ROW, DL_WARNING, "baseline-row",
	    "baseline finding not understood, ignored" },
	{ DIAG_OS_DISAGREE, DL_WARNING, "os-disagree",
	    "sources disagree on the host's OS" },
	{ DIAG_ADDR_KEPT, DL_WARNING, "odd-address",
	    "address malformed, kept as printed" },
	{ DIAG_REG_NO_HEADER, DL_WARNING, "reg-no-header",
	    "registry export has no header line" },
	{ DIAG_HOST_NAME, DL_WARNING, "host-name",
	    "host name holds control characters, cleaned" },
	{ DIAG_NO_HOST, DL_WARNING, "no-host",
	    "record names no host, kept as unparsed" },
	{ DIAG_JSON_SYNTAX, DL_WARNING, "json-syntax",
	    "JSON malformed or cut short, not read" },
	{ DIAG_FIELD_MISSING, DL_WARNING, "field-missing",
	    "row lacks a field it needs, skipped" },
	{ DIAG_OPEN, DL_ERROR, "cannot-read",
	    "cannot read the file" },
	{ DIAG_NOT_FILE, DL_ERROR, "not-a-file",
	    "not a regular file" },
	{ DIAG_UNIDENTIFIED, DL_ERROR, "unidentified",
	    "content matches no input format, file skipped" },
	{ DIAG_TOO_BIG, DL_ERROR, "too-big",
	    "file larger than the limit, skipped" },
	{ DIAG_HIVE, DL_ERROR, "bad-hive",
	    "registry hive cannot be read" },
	{ DIAG_CHANGED, DL_ERROR, "changed",
	    "file changed while the audit read it" },
	{ DIAG_KB, DL_ERROR, "knowledge-base",
	    "data file cannot be used" },
	{ DIAG_TEMPLATE, DL_ERROR, "template",
	    "wording template cannot be used" },
	{ DIAG_OUTPUT, DL_ERROR, "cannot-write",
	    "report cannot be written" },
	{ DIAG_BASELINE, DL_ERROR, "baseline",
	    "baseline cannot be used" },
	{ DIAG_HISTORY, DL_ERROR, "history",
	    "audit history cannot be used" },
};

const char *
diag_level_name(enum diaglevel l)
{
	static const char *const names[] = {
		"note", "warning", "error", "fatal"
	};

	return (names[l]);
}

static void
diag_print(struct input *in, unsigned line, enum diagcode code,
    const char *fmt, va_list ap)
{
	const struct diagmsg	*m = &diag_table[code];
	FILE			*fp = diag_to != NULL ? diag_to : stderr;

	if (diag_progress && diag_to == NULL)
		fputs("\r\033[K", fp);	/* the progress line, erased */
	fputs("portaudit: ", fp);
	if (in != NULL) {
		fputs(in->path, fp);
		if (line > 0)
			fprintf(fp, ":%u", line);
		fputs(": ", fp);
	}
	fprintf(fp, "%s: %s", diag_level_name(m->level), m->text);
	if (fmt != NULL && *fmt != '\0') {
		fputs(": ", fp);
		vfprintf(fp, fmt, ap);
	}
	fputc('\n', fp);
}

/* Raise the worst level seen to level (workers raise it side by side). */
static void
diag_raise(enum diaglevel level)
{
	int	 old = __atomic_load_n((int *)&diag_worst, __ATOMIC_RELAXED);

	while (old < (int)level && !__atomic_compare_exchange_n(
	    (int *)&diag_worst, &old, (int)level, 0, __ATOMIC_RELAXED,
	    __ATOMIC_RELAXED))
		;
}

void
vdiag(struct input *in, unsigned line, enum diagcode code, const char *fmt,
    va_list ap)
{
	enum diaglevel	 level = diag_table[code].level;

	diag_raise(level);
	if (in != NULL) {
		in->ndiag++;
		if (diag_max_per_file != 0 && in->ndiag > diag_max_per_file &&
		    level < DL_ERROR)
			return;
		in->ndiag_shown++;
	}
	if (!diag_quiet)
		diag_print(in, line, code, fmt, ap);
}

void
diag(struct input *in, unsigned line, enum diagcode code, const char *fmt,
    ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vdiag(in, line, code, fmt, ap);
	va_end(ap);
}

void
diag_input_done(struct input *in)
{
	unsigned long	 hidden;

	if (in->ndiag <= in->ndiag_shown || diag_quiet)
		return;
	hidden = in->ndiag - in->ndiag_shown;
	fprintf(diag_to != NULL ? diag_to : stderr, "portaudit: %s: %s: %lu %s (use --max-diags 0 to see "
	    "all)\n", in->path, diag_level_name(DL_NOTE), hidden,
	    diag_table[DIAG_NOTE_LIMIT].text);
}
