#!/bin/sh
# Install the Debian packages portaudit needs to build and test, when they
# are missing.  Runs apt-get directly as root, through sudo otherwise.
set -eu

PKGS="build-essential pkg-config libcsv-dev libcairo2-dev libhpdf-dev check
libsubunit-dev libhivex-dev libjansson-dev libinih-dev libssl-dev
libfontconfig-dev libpng-dev libsqlite3-dev fonts-dejavu-core poppler-utils mandoc
clang libclang-rt-14-dev"

missing=""
for p in $PKGS; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$s" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

echo "portaudit: installing Debian packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "portaudit: need root or sudo to install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing >&2
