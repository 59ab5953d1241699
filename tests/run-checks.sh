#!/bin/sh
# Run every Check test binary given, then print one Check-style total line.
# Exit 1 when any binary failed.
set -u
checks=0 failures=0 errors=0 bad=""
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -v '^[0-9]*%: Checks:' | grep -v '^Running suite' | grep -v '^$' || true
	line=$(printf '%s\n' "$out" | grep '^[0-9]*%: Checks:' | tail -n 1)
	echo "$(basename "$t"): ${line:-no summary}"
	c=$(printf '%s' "$line" | sed -n 's/.*Checks: \([0-9]*\).*/\1/p')
	f=$(printf '%s' "$line" | sed -n 's/.*Failures: \([0-9]*\).*/\1/p')
	e=$(printf '%s' "$line" | sed -n 's/.*Errors: \([0-9]*\).*/\1/p')
	checks=$((checks + ${c:-0})); failures=$((failures + ${f:-0})); errors=$((errors + ${e:-0}))
	if [ "$rc" -ne 0 ] || [ -z "$line" ]; then
		bad="$bad $(basename "$t")"
		[ -z "$line" ] && errors=$((errors + 1))
	fi
done
pct=100
[ "$checks" -gt 0 ] && pct=$(( (checks - failures - errors) * 100 / checks ))
[ -n "$bad" ] && echo "failed:$bad"
echo "${pct}%: Checks: $checks, Failures: $failures, Errors: $errors"
[ -z "$bad" ]
