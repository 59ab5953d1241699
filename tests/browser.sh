#!/bin/sh
# Headless Chromium for the tests and the bench, with the flags it needs
# on a machine without network (else it waits on its update and sync
# services) and a fresh empty profile each run:
#	sh tests/browser.sh dom URL              the DOM after load, on stdout
#	sh tests/browser.sh shot URL PNG WxH     a screenshot of the first screen
# The browser's own log goes to $BROWSER_LOG (default /dev/null).
set -eu
browser=""
for b in ${BROWSER:-} chromium-headless-shell chromium; do
	if command -v "$b" >/dev/null 2>&1; then
		browser=$b
		break
	fi
done
if [ -z "$browser" ]; then
	echo "browser.sh: no chromium-headless-shell or chromium (make deps)" >&2
	exit 2
fi
profile=$(mktemp -d "${TMPDIR:-/tmp}/portaudit-browser.XXXXXX")
trap 'rm -rf "$profile"' EXIT INT TERM
log=${BROWSER_LOG:-/dev/null}
run() {
	"$browser" --headless --no-sandbox --disable-gpu --disable-quic \
	    --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --disable-default-apps --hide-scrollbars \
	    --user-data-dir="$profile" "$@" 2>>"$log"
}
case "${1:-}" in
dom)
	run --dump-dom "$2"
	;;
shot)
	run --screenshot="$3" --window-size="$4" --virtual-time-budget=3000 \
	    "$2" >/dev/null
	test -s "$3"
	;;
*)
	echo "usage: browser.sh dom URL | shot URL PNG WxH" >&2
	exit 2
	;;
esac
