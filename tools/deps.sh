#!/bin/sh
# Install the Debian packages portaudit needs to build and test, when they
# are missing.  Runs apt-get directly as root, through sudo otherwise.
set -eu

PKGS="build-essential pkg-config libcsv-dev libcairo2-dev libhpdf-dev check
libsubunit-dev libhivex-dev libjansson-dev libinih-dev libssl-dev
libfontconfig-dev libpng-dev libsqlite3-dev liblz4-dev fonts-dejavu-core poppler-utils mandoc
qpdf clang libclang-rt-14-dev chromium-headless-shell"

# chromium-headless-shell: the tests and the bench load report.html in it
# (tests/browser.sh).
# Microsoft's SARIF multitool, which the tests validate findings.sarif
# with, comes from the npm registry: a self-contained .NET build per
# platform, pinned to one version.
SARIF_MULTITOOL="@microsoft/sarif-multitool@5.7.0"

sarif_multitool() {
	command -v sarif-multitool >/dev/null 2>&1 && return 0
	echo "portaudit: installing $SARIF_MULTITOOL (npm)" >&2
	if ! command -v npm >/dev/null 2>&1; then	# a Node.js with its npm
		export DEBIAN_FRONTEND=noninteractive
		$SUDO apt-get install -y -q --no-install-recommends npm >&2
	fi
	$SUDO npm install -g --no-audit --no-fund --loglevel=error \
	    "$SARIF_MULTITOOL" >&2
	# its postinstall step (chmod) may be held back by npm: do it here
	$SUDO find "$($SUDO npm root -g)/@microsoft" -name Sarif.Multitool \
	    -type f -exec chmod 755 {} +
}

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	SUDO="none"
fi

missing=""
for p in $PKGS; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$s" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
if [ -n "$missing" ]; then
	echo "portaudit: installing Debian packages:$missing" >&2
	if [ "$SUDO" = none ]; then
		echo "portaudit: need root or sudo to install:$missing" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -q >&2
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -q --no-install-recommends $missing >&2
fi
if ! command -v sarif-multitool >/dev/null 2>&1 && [ "$SUDO" = none ]; then
	echo "portaudit: need root or sudo to install $SARIF_MULTITOOL" >&2
	exit 1
fi
sarif_multitool
