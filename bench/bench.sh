#!/bin/sh
# Parsing throughput of portaudit beside `wc -l` on the same bytes, in the
# same run: the ratio is what counts on a shared, noisy machine.  Each
# figure is the best of RUNS runs.  Inputs come from bench/gen (fixed seed);
# ps-csv is one Invoke-Command export feeding 10,000 hosts, whose ratio
# beside netstat-win's shows what splitting a file into hosts costs;
# osquery is a results log for as many hosts, one JSON line per socket
# (most of its time is jansson's).
#
# Then fleet-scale audits: bench/genfleet writes fleets of FLEETS hosts
# (default "1000 10000"; `make bench-large` runs "10000 100000" alone), each
# host with 100 to 3,000 sockets (log-uniform), generated once and kept in
# bench/data/.  `portaudit audit` runs on each beside `find FLEET -type f
# -exec cat {} + | wc -l` on the same files.  Best of RUNS runs (default 3
# for fleets), with wall seconds, hosts per second and peak RSS.
#
# Then 20 registry-heavy hosts (a 7 MB export each), audited beside the
# same `find | cat | wc -l`, for peak RSS.
#
# Then inspect over the netstat files of the 1,000-host fleet (--format
# jsonl, --format csv, --summary), beside `cat FILES | wc -l`.
#
# Last, on the 1,000-host fleet: an audit with --baseline, one with a
# --history already holding HISTN audits (default 10), and portaudit
# history, beside the plain audit; the PDF report beside the CSV one; and
# the HTML report beside the PDF (seconds, megabytes) with the time
# headless Chromium takes to load it (tests/browser.sh), beside its time
# for an empty page.
set -eu
cd "$(dirname "$0")/.."
# PARTS: which sections run (parse fleets registry inspect compare pdf
# html).
PARTS=${PARTS:-"parse fleets registry inspect compare pdf html"}
part() { case " $PARTS " in *" $1 "*) return 0 ;; esac; return 1; }
FLEET_RUNS=${RUNS:-3}
RUNS=${RUNS:-5}
FLEETS=${FLEETS:-"1000 10000"}
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

part parse &&
printf '%-14s %8s %10s %10s %10s %10s %7s\n' input MB "wc_s" "pa_s" \
    "wc_MB/s" "pa_MB/s" ratio
part parse && for kind in netstat-win netstat-linux reg ps-csv osquery; do
	f="$DATA/$kind.txt"
	n=$LINES
	[ "$kind" = osquery ] && n=$((LINES / 5))	# 430 bytes a line
	[ -s "$f" ] || "$DATA/gen" "$kind" "$n" > "$f"
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

# ---- Fleet-scale audit ----

RUNS=$FLEET_RUNS
[ -x "$DATA/genfleet" ] && [ "$DATA/genfleet" -nt bench/genfleet.c ] ||
	${CC:-cc} -O2 -o "$DATA/genfleet" bench/genfleet.c -lm

# Peak RSS: GNU time's %M when it works, else VmHWM from /proc sampled
# while the command runs (the `time` package is not on a fresh Debian).
if /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
	RSS_HOW="GNU time %M"
elif [ -r /proc/self/status ]; then
	RSS_HOW="VmHWM from /proc, sampled every 50 ms"
else
	RSS_HOW=""
fi

# hwm PID: VmHWM of a running process in kB; empty once it has exited.
hwm() {
	sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB$/\1/p' "/proc/$1/status" \
	    2>/dev/null || :
}

# measure CMD...: run once; sets secs and kb (peak RSS, "" if unknown).
# An exit status above 1 (usage or input error) stops the bench.
measure() {
	rc=0
	kb=""
	t0=$(now)
	case $RSS_HOW in
	GNU*)
		/usr/bin/time -f %M -o "$DATA/.rss" "$@" >/dev/null || rc=$?
		kb=$(tail -n 1 "$DATA/.rss")
		;;
	VmHWM*)
		"$@" >/dev/null &
		pid=$!
		while v=$(hwm "$pid") && [ -n "$v" ]; do
			kb=$v
			sleep 0.05
		done
		wait "$pid" || rc=$?
		;;
	*)
		"$@" >/dev/null || rc=$?
		;;
	esac
	t1=$(now)
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
	if [ "$rc" -gt 1 ]; then
		echo "bench: $* exited with $rc" >&2
		exit 1
	fi
}

# Generate missing fleets first, so that no timing includes it.
part fleets || part inspect || part compare || part pdf || part html ||
	FLEETS=""
for n in $FLEETS; do
	f=$DATA/fleet-$n
	[ -s "$f/manifest.csv" ] &&
	    [ "$f/manifest.csv" -nt "$DATA/genfleet" ] && continue
	rm -rf "$f" "$f.tmp"
	t0=$(now)
	"$DATA/genfleet" "$f.tmp" "$n" 2>/dev/null
	mv "$f.tmp" "$f"
	t1=$(now)
	awk -v n="$n" -v a="$t0" -v b="$t1" \
	    'BEGIN { printf "generated fleet-%s in %.1f s\n", n, b - a }'
done

part fleets && echo &&
printf '%-13s %7s %7s %6s %9s %9s %8s %9s %7s\n' fleet hosts files disk \
    "cat|wc_s" "audit_s" hosts/s peak_MB ratio
part fleets && for n in $FLEETS; do
	f=$DATA/fleet-$n
	files=$(find "$f" -type f | wc -l)
	disk=$(du -sh "$f" | cut -f1)
	base=$(best_of sh -c 'find "$1" -type f -exec cat {} + | wc -l' sh "$f")
	best=""
	peak=""
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		measure ./portaudit audit -q --no-progress \
		    --out "$DATA/out-$n" "$f"
		best=$(awk -v t="$secs" -v m="$best" \
		    'BEGIN { if (m == "" || t < m) m = t; print m }')
		[ -n "$kb" ] && peak=$(awk -v k="$kb" -v m="$peak" \
		    'BEGIN { if (m == "" || k > m) m = k; print m }')
		i=$((i + 1))
	done
	awk -v f="fleet-$n" -v n="$n" -v files="$files" -v disk="$disk" \
	    -v w="$base" -v p="$best" -v kb="$peak" 'BEGIN {
		mb = kb == "" ? "n/a" : sprintf("%.0f", kb / 1024)
		printf "%-13s %7d %7d %6s %9.3f %9.3f %8.0f %9s %6.1fx\n",
		    f, n, files, disk, w, p, n / p, mb, p / w }'
done
part fleets && echo "(best of $RUNS runs; ratio = audit_s / cat|wc_s;" \
    "peak RSS: ${RSS_HOW:-n/a}, largest of the runs)"

# Registry-heavy hosts: 20, each with a regedit export of 200,000 lines of
# service keys (gen reg; 7 MB, a comment line naming the host so that no two
# are the same bytes), beside cat | wc -l of the same files: peak RSS shows
# what the audit keeps of values no rule reads.
if part registry; then
	f=$DATA/fleet-registry
	if ! [ -s "$f/H20/registry.reg" ] || [ "$DATA/gen" -nt "$f/H20" ]; then
		rm -rf "$f"
		"$DATA/gen" reg 200000 > "$DATA/reg-host.txt"
		i=1
		while [ "$i" -le 20 ]; do
			mkdir -p "$f/H$i"
			{ head -n 1 "$DATA/reg-host.txt"
			  printf '; H%d\r\n' "$i"
			  tail -n +2 "$DATA/reg-host.txt"; } > "$f/H$i/registry.reg"
			i=$((i + 1))
		done
	fi
	base=$(best_of sh -c 'find "$1" -type f -exec cat {} + | wc -l' sh "$f")
	measure ./portaudit audit -q --no-progress --out "$DATA/out-registry" "$f"
	echo
	awk -v w="$base" -v p="$secs" -v kb="$kb" -v d="$(du -sh "$f" | cut -f1)" \
	    'BEGIN { printf "%-13s %6s %9s %9s %9s %7s\n", "registry", "disk",
		"cat|wc_s", "audit_s", "peak_MB", "ratio"
		printf "%-13s %6s %9.3f %9.3f %9s %6.1fx\n", "20 hosts", d,
		    w, p, kb == "" ? "n/a" : sprintf("%.0f", kb / 1024), p / w }'
fi

# inspect over the 1,000-host fleet's netstat files, one core: JSON Lines,
# CSV and the line accounting alone, beside cat | wc -l of the same files.
n=${INSPFLEET:-1000}
if part inspect && [ -d "$DATA/fleet-$n" ]; then
	find "$DATA/fleet-$n" -name netstat.txt | sort > "$DATA/netstat-$n.list"
	files=$(wc -l < "$DATA/netstat-$n.list")
	bytes=$(xargs cat < "$DATA/netstat-$n.list" | wc -c)
	base=$(best_of sh -c 'xargs cat < "$1" | wc -l' sh \
	    "$DATA/netstat-$n.list")
	echo
	printf '%-22s %6s %8s %9s %9s %9s %7s\n' "inspect (fleet-$n)" files \
	    MB "cat|wc_s" "pa_s" "pa_MB/s" ratio
	for how in "--format jsonl" "--format csv" "--summary"; do
		# shellcheck disable=SC2086
		p=$(best_of sh -c 'exec xargs "$2" inspect -q $3 < "$1"' sh \
		    "$DATA/netstat-$n.list" ./portaudit "$how")
		awk -v h="$how" -v f="$files" -v b="$bytes" -v w="$base" \
		    -v p="$p" 'BEGIN { mb = b / 1048576
			printf "%-22s %6d %8.1f %9.3f %9.3f %9.0f %6.1fx\n",
			    h, f, mb, w, p, mb / p, p / w }'
	done
	echo "(best of $RUNS runs; MB on disk; ratio = pa_s / cat|wc_s)"
fi

# --baseline and --history on the 1,000-host fleet, beside the plain CSV
# audit of the same fleet: the history already holds HISTN audits of it.
HISTN=${HISTN:-10}
n=${HISTFLEET:-1000}
if part compare && [ -d "$DATA/fleet-$n" ]; then
	f=$DATA/fleet-$n
	db=$DATA/history-$n.db
	rm -f "$db"
	i=0
	while [ "$i" -lt "$HISTN" ]; do
		./portaudit audit -q --no-progress --history "$db" \
		    --out "$DATA/out-hist-$n" "$f"
		i=$((i + 1))
	done
	./portaudit audit -q --no-progress --out "$DATA/out-$n" "$f"
	plain=$(best_of ./portaudit audit -q --no-progress \
	    --out "$DATA/out-plain-$n" "$f")
	base=$(best_of ./portaudit audit -q --no-progress \
	    --baseline "$DATA/out-$n/findings.csv" \
	    --out "$DATA/out-base-$n" "$f")
	hist=$(best_of sh -c 'cp "$1" "$1.run" && exec "$2" audit -q \
	    --no-progress --history "$1.run" --out "$3" "$4"' sh "$db" \
	    ./portaudit "$DATA/out-hist-$n" "$f")
	list=$(best_of ./portaudit history "$db")
	echo
	printf '%-24s %9s %9s %7s\n' "fleet-$n" "audit_s" "with_s" ratio
	awk -v p="$plain" -v b="$base" -v h="$hist" -v l="$list" \
	    -v k="$HISTN" 'BEGIN {
		printf "%-24s %9.3f %9.3f %6.2fx\n", "--baseline findings.csv",
		    p, b, b / p
		printf "%-24s %9.3f %9.3f %6.2fx\n",
		    sprintf("--history (%d before)", k), p, h, h / p
		printf "%-24s %9.3f %9.3f %6.2fx\n", "portaudit history", p, l,
		    l / p }'
	echo "(best of $RUNS runs; ratio = with_s / audit_s on the same fleet)"
fi

# The PDF report of the 1,000-host fleet (every host with findings gets a
# page with its port map): one run, beside the CSV audit of the same fleet.
PDFN=${PDFN:-1000}
if part pdf && [ -d "$DATA/fleet-$PDFN" ]; then
	echo
	printf '%-13s %9s %9s %8s %7s %9s\n' report "csv_s" "pdf_s" peak_MB \
	    pages ratio
	measure ./portaudit audit -q --no-progress --out "$DATA/out-$PDFN" \
	    "$DATA/fleet-$PDFN"
	csv=$secs
	rm -rf "$DATA/pdf-$PDFN"
	measure ./portaudit audit -q --no-progress --format pdf \
	    --out "$DATA/pdf-$PDFN" "$DATA/fleet-$PDFN"
	pages=$(pdfinfo "$DATA/pdf-$PDFN/report.pdf" 2>/dev/null |
	    awk '/^Pages:/ { print $2 }')
	awk -v f="pdf-$PDFN" -v c="$csv" -v p="$secs" -v kb="$kb" \
	    -v pages="${pages:-?}" 'BEGIN {
		mb = kb == "" ? "n/a" : sprintf("%.0f", kb / 1024)
		printf "%-13s %9.3f %9.3f %8s %7s %8.1fx\n", f, c, p, mb,
		    pages, p / c }'
	echo "(one run each; ratio = pdf_s / csv_s on the same fleet)"
fi

# The HTML report of the same fleet beside its PDF: one run each, then
# the page in headless Chromium, best of RUNS: load_s is the browser's own
# time from navigation to the load event (report.js records it in
# data-load-ms), wall_s the whole run of tests/browser.sh (start, load,
# DOM dump, exit) less the same for an empty page.
if part html && [ -d "$DATA/fleet-$PDFN" ]; then
	echo
	printf '%-13s %8s %8s %8s %8s %8s %8s %8s\n' report pdf_s html_s \
	    peak_MB pdf_MB html_MB load_s wall_s
	out=$DATA/html-$PDFN
	rm -rf "$out"
	measure ./portaudit audit -q --no-progress --format pdf \
	    --out "$out" "$DATA/fleet-$PDFN"
	pdfs=$secs
	measure ./portaudit audit -q --no-progress --format html \
	    --out "$out" "$DATA/fleet-$PDFN"
	htmls=$secs
	pdfb=$(wc -c <"$out/report.pdf")
	htmlb=$(wc -c <"$out/report.html")
	printf '<!DOCTYPE html><title>empty</title>\n' >"$out/empty.html"
	abs=$(cd "$out" && pwd)
	empty=$(best_of sh tests/browser.sh dom "file://$abs/empty.html")
	wall=$(best_of sh tests/browser.sh dom "file://$abs/report.html")
	loadms="" rows=""
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		sh tests/browser.sh dom "file://$abs/report.html" >"$out/dom"
		ms=$(sed -n 's/.*<html[^>]* data-load-ms="\([0-9]*\)".*/\1/p' \
		    "$out/dom" | head -n 1)
		[ -n "$ms" ] && { [ -z "$loadms" ] || [ "$ms" -lt "$loadms" ]; } &&
		    loadms=$ms
		rows=$(sed -n '/<table class="t-findings-index/,/<\/table>/p' \
		    "$out/dom" | grep -c '<tr [^>]*data-severity=' || :)
		i=$((i + 1))
	done
	awk -v f="html-$PDFN" -v p="$pdfs" -v h="$htmls" -v kb="$kb" \
	    -v pb="$pdfb" -v hb="$htmlb" -v e="$empty" -v w="$wall" \
	    -v l="${loadms:-0}" 'BEGIN {
		mb = kb == "" ? "n/a" : sprintf("%.0f", kb / 1024)
		printf "%-13s %8.3f %8.3f %8s %8.1f %8.1f %8.3f %8.3f\n", f,
		    p, h, mb, pb / 1048576, hb / 1048576, l / 1000, w - e
		printf "(one run each for the reports; load_s, wall_s best " \
		    "of runs; an empty page: %.3f s)\n", e }'
	echo "finding rows in the browser: $rows"
fi
