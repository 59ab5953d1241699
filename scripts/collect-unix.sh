#!/bin/sh
#
# collect-unix.sh: gather the port evidence portaudit reads from one Linux,
# BSD or macOS server into a folder named after the host.
#
# Usage:
#   sh collect-unix.sh [OUTDIR]
#
# Writes OUTDIR/HOST/ (OUTDIR defaults to the current folder; HOST is
# `hostname` up to the first dot) holding:
#
#   ss.txt          ss -tulpan                       (Linux with iproute2)
#   netstat.txt     netstat -tulpan, or netstat -an  (when ss is missing;
#                   BSD and macOS)
#   sysctl.txt      the ephemeral, reserved and unprivileged port settings:
#                   net.ipv4.ip_local_port_range, ip_local_reserved_ports and
#                   ip_unprivileged_port_start (Linux); net.inet.ip.portrange
#                   (FreeBSD, macOS); the OpenBSD and NetBSD equivalents
#   services        a copy of /etc/services
#   osversion.txt   uname -a, and /etc/os-release or sw_vers when present
#
# Run it as root to see the owning process of every socket (ss and netstat
# show only the caller's own processes otherwise).  Nothing on the server is
# changed.  Copy the HOST folder into FLEET/ (or FLEET/SITE/) and run
# `portaudit audit FLEET`.  The script is POSIX sh: no bash needed.
#
# Exit status: 0 when the folder was written (a missing tool is reported on
# standard error and its file skipped), 2 on a usage error or when the
# folder cannot be created.

LC_ALL=C
export LC_ALL
PATH=$PATH:/sbin:/usr/sbin
export PATH

me=collect-unix.sh

usage() {
	echo "usage: sh $me [OUTDIR]" >&2
	exit 2
}

case ${1-} in
-h | --help)
	echo "usage: sh $me [OUTDIR]: writes OUTDIR/HOST/ (default ./HOST/)"
	exit 0 ;;
-*) usage ;;
esac
[ $# -le 1 ] || usage
outdir=${1:-.}

host=$(hostname 2>/dev/null || uname -n)
host=${host%%.*}
if [ -z "$host" ]; then
	echo "$me: cannot tell the host name" >&2
	exit 2
fi
dir=$outdir/$host
if ! mkdir -p "$dir" 2>/dev/null || [ ! -w "$dir" ]; then
	echo "$me: cannot create $dir" >&2
	exit 2
fi
# A second run replaces the first one's files.
rm -f "$dir/ss.txt" "$dir/netstat.txt" "$dir/sysctl.txt" "$dir/services" \
    "$dir/osversion.txt"

# A command's standard output to a file, kept only when the command succeeds
# and prints something; returns the command's status (1 for no output).
capture() {
	file=$1
	shift
	if "$@" >"$file.tmp" 2>/dev/null && [ -s "$file.tmp" ]; then
		mv "$file.tmp" "$file"
		return 0
	fi
	rm -f "$file.tmp"
	return 1
}

have() {
	command -v "$1" >/dev/null 2>&1
}

os=$(uname -s 2>/dev/null)

# --- Sockets ---------------------------------------------------------------
# ss -tulpan: TCP and UDP, listening and connected, numeric, with processes.
# net-tools netstat takes the same letters; BSD and macOS netstat -an.
sockets=
if [ "$os" = Linux ]; then
	if have ss && capture "$dir/ss.txt" ss -tulpan; then
		sockets=ss.txt
	elif have netstat && capture "$dir/netstat.txt" netstat -tulpan; then
		sockets=netstat.txt
	elif have netstat && capture "$dir/netstat.txt" netstat -an; then
		sockets=netstat.txt
	fi
elif have netstat && capture "$dir/netstat.txt" netstat -an; then
	sockets=netstat.txt
fi
if [ -z "$sockets" ]; then
	echo "$me: neither ss nor netstat could list the sockets;" \
	    "no socket table written (install iproute2 or net-tools)" >&2
fi

# --- Port ranges -------------------------------------------------------------
# One key at a time, so that a key this kernel lacks does not hide the others.
# Without the sysctl program, Linux keys are read from /proc/sys in the same
# "key = value" form (the port range keeps its TAB).
case $os in
Linux)
	keys="net.ipv4.ip_local_port_range net.ipv4.ip_local_reserved_ports
	    net.ipv4.ip_unprivileged_port_start" ;;
OpenBSD)
	keys="net.inet.ip.portfirst net.inet.ip.portlast
	    net.inet.ip.porthifirst net.inet.ip.porthilast" ;;
NetBSD)
	keys="net.inet.ip.anonportmin net.inet.ip.anonportmax
	    net.inet.ip.lowportmin net.inet.ip.lowportmax" ;;
*)
	keys="net.inet.ip.portrange" ;;
esac
: >"$dir/sysctl.tmp"
for key in $keys; do
	if have sysctl && sysctl "$key" >>"$dir/sysctl.tmp" 2>/dev/null; then
		continue
	fi
	proc=/proc/sys/$(echo "$key" | tr . /)
	if [ -r "$proc" ]; then
		printf '%s = %s\n' "$key" "$(cat "$proc")" >>"$dir/sysctl.tmp"
	fi
done
if [ -s "$dir/sysctl.tmp" ]; then
	mv "$dir/sysctl.tmp" "$dir/sysctl.txt"
else
	rm -f "$dir/sysctl.tmp"
	echo "$me: no port range setting could be read (sysctl $keys)" >&2
fi

# --- Services file -----------------------------------------------------------
if [ -r /etc/services ]; then
	cat /etc/services >"$dir/services"
else
	echo "$me: /etc/services cannot be read" >&2
fi

# --- Operating system ----------------------------------------------------------
{
	uname -a
	if [ -r /etc/os-release ]; then
		cat /etc/os-release
	elif have sw_vers; then
		sw_vers
	fi
} >"$dir/osversion.txt" 2>/dev/null

echo "$me: wrote $dir"
exit 0
