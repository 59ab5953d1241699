#!/bin/sh
# Parsing throughput of portaudit beside `wc -l` on the same bytes, in the
# same run: the ratio is what counts on a shared, noisy machine.  Each
# figure is the best of RUNS runs.  Inputs come from bench/gen (fixed seed).
set -eu
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
LINES=${LINES:-1000000}
DATA=bench/data
mkdir -p "$DATA"
[ -x "$DATA/gen" ] && [ "$DATA/gen" -nt bench/gen.c ] ||
	${CC:-cc} -O2 -o "$DATA/gen" bench/gen.c

now() { date +%s.%N; }

# best_of CMD...: the shortest wall time of RUNS runs, in seconds.
best_of() {
	best=""
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		t0=$(now)
		"$@" >/dev/null
		t1=$(now)
		best=$(awk -v a="$t0" -v b="$t1" -v m="$best" \
		    'BEGIN { t = b - a; if (m == "" || t < m) m = t; print m }')
		i=$((i + 1))
	done
	echo "$best"
}

printf '%-14s %8s %10s %10s %10s %10s %7s\n' input MB "wc_s" "pa_s" \
    "wc_MB/s" "pa_MB/s" ratio
for kind in netstat-win netstat-linux reg; do
	f="$DATA/$kind.txt"
	[ -s "$f" ] || "$DATA/gen" "$kind" "$LINES" > "$f"
	type=$kind
	[ "$kind" = reg ] && type=reg
	bytes=$(wc -c < "$f")
	w=$(best_of wc -l "$f")
	p=$(best_of ./portaudit inspect --summary -q --type "$type" "$f")
	awk -v k="$kind" -v b="$bytes" -v w="$w" -v p="$p" 'BEGIN {
		mb = b / 1048576
		printf "%-14s %8.1f %10.3f %10.3f %10.0f %10.0f %6.2fx\n",
		    k, mb, w, p, mb / w, mb / p, p / w }'
done
