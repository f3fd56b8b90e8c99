#!/bin/sh
# install-deps.sh: installs the Debian packages Curtain needs, and only the
# ones that are missing, so it is cheap to call on every build.
#
#   sh packaging/install-deps.sh [build|test|package|all]...   (default: all)
#
#   build    compilers and the -dev libraries for curtaind, curtainctl, curtain
#   test     the tools the test suite drives (curl, jq, oathtool, tmux, groff...)
#   package  what make deb and make rpm need, which the suite also tests
#            (debhelper, lintian, rpm, systemd-analyze)
#   all      all three
#
# Runs apt-get directly as root, through sudo otherwise; with neither it
# prints the command to run and exits 1. POSIX sh: no bashisms.

set -eu

# libc6-dev is only a Recommends of gcc, and we install without recommends.
BUILD_PKGS="gcc make pkg-config libc6-dev libmicrohttpd-dev libsqlite3-dev
libjansson-dev libsodium-dev liboath-dev libgnutls28-dev libcurl4-openssl-dev
libcmocka-dev libncurses-dev libsecret-1-dev libnotify-dev gettext"

# binutils for strings(1); procps for pgrep/ps; dbus-x11 for dbus-launch;
# locales for the es_US and en_US locale sources the tests compile with
# localedef (tests/lib/locales.sh, test_i18n): no locale-gen, no root.
# groff-base and man-db render the man pages (test_man); chafa draws the
# picture previews the client test (test_mms) looks at.
TEST_PKGS="curl jq oathtool sqlite3 tmux openssl binutils gnome-keyring
libsecret-tools dbus dbus-x11 procps locales groff-base man-db chafa"

# The .deb packages (make deb, test_deb), the RPMs (make rpm, test_rpm), and
# systemd for systemd-analyze, which checks the unit (nothing is booted).
PACKAGE_PKGS="debhelper dpkg-dev fakeroot lintian rpm cpio systemd"

me=install-deps

usage() {
	echo "usage: sh packaging/install-deps.sh [build|test|package|all]..." >&2
	exit 2
}

[ $# -gt 0 ] || set -- all
want=
for set_name in "$@"; do
	case $set_name in
	build) want="$want $BUILD_PKGS" ;;
	test) want="$want $TEST_PKGS" ;;
	package) want="$want $PACKAGE_PKGS" ;;
	all) want="$want $BUILD_PKGS $TEST_PKGS $PACKAGE_PKGS" ;;
	*) usage ;;
	esac
done
what=$*

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "$me: dpkg-query not found: this script knows only Debian and derivatives." >&2
	echo "$me: install the equivalents of: $(echo $want)" >&2
	exit 1
fi

missing=
for p in $want; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) || st=
	case $st in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
missing=${missing# }

if [ -z "$missing" ]; then
	echo "$me: $what: all packages present"
	exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
	as_root=
elif command -v sudo >/dev/null 2>&1; then
	# Without a terminal, sudo must not sit waiting for a password.
	if [ -t 0 ]; then as_root=sudo; else as_root="sudo -n"; fi
else
	echo "$me: missing packages: $missing" >&2
	echo "$me: not root and no sudo; as root, run:" >&2
	echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing" >&2
	exit 1
fi

echo "$me: installing ($what): $missing"
# env(1) carries the variable through sudo, which would otherwise drop it.
$as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -q
# shellcheck disable=SC2086 # word splitting of $missing is intended
$as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 \
	install -y -q --no-install-recommends $missing

still=
for p in $missing; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) || st=
	case $st in
	*" installed") ;;
	*) still="$still $p" ;;
	esac
done
if [ -n "$still" ]; then
	echo "$me: still missing after apt-get:$still" >&2
	exit 1
fi
echo "$me: installed: $missing"
