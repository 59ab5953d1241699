#!/bin/sh
# Before/after check of report.pdf in every layout: audit the bundled
# example fleet with two builds of portaudit through each layout
# (compliance, migration, evidence), then with --baseline, with
# --baseline and --history, and with --detail none, and compare every
# report and the diagnostics byte for byte.  The baseline drops two
# findings of a first audit and renames a third (so some findings are
# new and one is resolved); the history holds two earlier audits, copied
# afresh for each run.  Exit 0 when every run matches.
#
#	sh bench/compare-layouts.sh OLD-BINARY [NEW-BINARY] [FLEET]
set -eu
old=$1
new=${2:-./portaudit}
fleet=${3:-examples/fleet}
tmp=${TMPDIR:-/tmp}/portaudit-layouts.$$
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp"
# Both builds read the data files and templates of this tree.
export PORTAUDIT_DATADIR=${PORTAUDIT_DATADIR:-$(pwd)/data}
run() {
	"$@" -q --no-progress || [ $? -le 1 ]
}
SOURCE_DATE_EPOCH=1690000000 run "$old" audit --format csv \
    --out "$tmp/b0" "$fleet"
awk 'NR == 1 { print; next } NR == 2 || NR == 3 { next }
    NR == 4 { sub(/^[0-9a-f]+/, "00000000deadbeef") } { print }' \
    "$tmp/b0/findings.csv" >"$tmp/base.csv"
SOURCE_DATE_EPOCH=1680000000 run "$old" audit --format csv \
    --out "$tmp/h0" --history "$tmp/hist.db" "$fleet"
SOURCE_DATE_EPOCH=1690000000 run "$old" audit --format csv \
    --out "$tmp/h0" --baseline "$tmp/base.csv" --history "$tmp/hist.db" \
    "$fleet"
export SOURCE_DATE_EPOCH=1700000000
rc=0
for cfg in compliance migration evidence compliance-base migration-base \
    compliance-hist evidence-hist compliance-nodetail; do
	set -- --template "${cfg%%-*}"
	case $cfg in
	*-base) set -- "$@" --baseline "$tmp/base.csv" ;;
	*-hist) set -- "$@" --baseline "$tmp/base.csv" \
	    --history "$tmp/cur.db" ;;
	*-nodetail) set -- "$@" --detail none --organisation 'A & B <C>' ;;
	esac
	for b in old new; do
		eval bin=\$$b
		cp "$tmp/hist.db" "$tmp/cur.db"
		# The report quotes its command line: the same --out for both.
		run "$bin" audit --format csv,json,sarif,pdf --out "$tmp/out" \
		    "$@" "$fleet" 2>"$tmp/$b.err"
		rm -f "$tmp/out/inventory.csv"
		rm -rf "$tmp/$b"
		mv "$tmp/out" "$tmp/$b"
	done
	if diff -r "$tmp/old" "$tmp/new" >/dev/null &&
	    cmp -s "$tmp/old.err" "$tmp/new.err"; then
		echo "same  $cfg"
	else
		echo "DIFF  $cfg"
		rc=1
	fi
done
exit $rc
