#!/bin/sh
# The README's first commands on a machine without the -dev packages: a copy
# of the tree is built with a pkg-config on PATH that fails, as it does on a
# fresh Debian machine, until the deps step has run (its stamp exists).
# Fails when make asks pkg-config for anything before that, or when the
# first `make demo` or the first build of a test binary does not succeed.
#
#   sh tests/fresh-build.sh            (run by .ci/run)
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
real=$(command -v pkg-config) || { echo "fresh-build: no pkg-config" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/portaudit-fresh.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# The tree as committed plus what is changed or new and not ignored.
mkdir "$tmp/src" "$tmp/bin"
git ls-files -z --cached --others --exclude-standard |
    (cd "$top" && xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh) |
    tar -c --null -T - -f - | tar -x -C "$tmp/src" -f -

# pkg-config as on a fresh machine: the .pc files appear only when the deps
# step has installed the packages, which it marks with build/.deps-ok.
cat >"$tmp/bin/pkg-config" <<EOF
#!/bin/sh
if [ ! -f "$tmp/src/build/.deps-ok" ]; then
	echo "pkg-config \$*" >>"$tmp/early"
	exit 1
fi
exec "$real" "\$@"
EOF
chmod +x "$tmp/bin/pkg-config"

fail() {
	echo "fresh-build: $*" >&2
	[ -f "$tmp/log" ] && tail -n 30 "$tmp/log" >&2
	exit 1
}

PATH="$tmp/bin:$PATH" make -C "$tmp/src" --no-print-directory -j2 demo \
    >"$tmp/log" 2>&1 || fail "the first 'make demo' failed"
[ -s "$tmp/early" ] && fail "pkg-config was run before the deps step: $(cat "$tmp/early")"
[ -f "$tmp/src/out/findings.csv" ] && [ -f "$tmp/src/out/report.pdf" ] ||
    fail "the first 'make demo' wrote no report"

# The first `make check` builds the test binaries with Check's flags; build
# one from a clean tree the same way (running the whole suite is make
# check's job).
rm -rf "$tmp/src/build" "$tmp/src/portaudit"
PATH="$tmp/bin:$PATH" make -C "$tmp/src" --no-print-directory -j2 \
    build/tests/check_core >"$tmp/log" 2>&1 ||
    fail "the first build of a test binary failed"
[ -s "$tmp/early" ] && fail "pkg-config was run before the deps step: $(cat "$tmp/early")"
(cd "$tmp/src" && build/tests/check_core) >"$tmp/log" 2>&1 ||
    fail "the test binary built first does not pass"

echo "fresh-build: 2 passed, 0 failed"
