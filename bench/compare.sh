#!/bin/sh
# Before/after check of the reports: audit the bundled example fleet with
# two builds of portaudit (every format, SOURCE_DATE_EPOCH set) and compare
# every report byte for byte; inventory.csv is listed but not compared
# unless COMPARE_INVENTORY=1.  Exit 0 when they match.
#
#	sh bench/compare.sh OLD-BINARY [NEW-BINARY] [FLEET]
set -eu
old=$1
new=${2:-./portaudit}
fleet=${3:-examples/fleet}
tmp=${TMPDIR:-/tmp}/portaudit-compare.$$
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
# Both builds read the data files of this tree.
export PORTAUDIT_DATADIR=${PORTAUDIT_DATADIR:-$(pwd)/data}
for b in old new; do
	eval bin=\$$b
	# The report quotes its command line: the same --out for both.
	"$bin" audit -q --no-progress --format csv,json,sarif,pdf \
	    --out "$tmp/out" "$fleet" || [ $? -le 1 ]
	mv "$tmp/out" "$tmp/$b"
done
rc=0
for f in $(cd "$tmp/old" && find . -type f | sort); do
	if [ "$f" = ./inventory.csv ] && [ "${COMPARE_INVENTORY:-0}" != 1 ]; then
		echo "skip  $f"
		continue
	fi
	if cmp -s "$tmp/old/$f" "$tmp/new/$f"; then
		echo "same  $f"
	else
		echo "DIFF  $f"
		rc=1
	fi
done
exit $rc
