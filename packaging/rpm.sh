#!/bin/sh
# rpm.sh: what `make rpm` runs. Builds the RPMs curtain and curtaind from
# packaging/rpm/curtain.spec with rpmbuild -bb in a temp topdir, from a
# tarball of the tree, and puts them into $RPM_DIR.
#
#   VERSION=0.1.0 RPM_DIR=build-rpm sh packaging/rpm.sh
#
# On a machine whose package database is not RPM (Debian) the spec's
# BuildRequires cannot be checked, so it passes --nodeps there: the
# libraries come from the system's -dev packages all the same.

set -eu

me=rpm.sh
want_version=${VERSION:-}
TOP=$(cd "$(dirname "$0")/.." && pwd)
out=${RPM_DIR:-build-rpm}
case $out in /*) ;; *) out=$TOP/$out ;; esac
unset DEB_DIR RPM_DIR VERSION MAKEFLAGS MFLAGS MAKELEVEL BUILD

command -v rpmbuild >/dev/null 2>&1 || {
	echo "$me: rpmbuild is missing (sh packaging/install-deps.sh package)" >&2
	exit 1
}
spec=$TOP/packaging/rpm/curtain.spec
version=$(sed -n 's/^Version: *//p' "$spec")
if [ -n "$want_version" ] && [ "$version" != "$want_version" ]; then
	echo "$me: curtain.spec says $version, the Makefile $want_version" >&2
	exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/curtain-rpm.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$work/SOURCES" "$work/src/curtain-$version"
tar -C "$TOP" --exclude-vcs --exclude=./build --exclude='./build-*' \
	--exclude='*.o' --exclude='*.d' --exclude='*.mo' --exclude=test-logs \
	-cf - . | tar -C "$work/src/curtain-$version" -xf -
tar -C "$work/src" -czf "$work/SOURCES/curtain-$version.tar.gz" "curtain-$version"

nodeps=
command -v dpkg-query >/dev/null 2>&1 && ! rpm -q glibc >/dev/null 2>&1 && nodeps=--nodeps

mkdir -p "$out"
echo "$me: building curtain $version (log: $out/build.log)"
if ! rpmbuild -bb $nodeps --define "_topdir $work" "$spec" >"$out/build.log" 2>&1; then
	tail -n 40 "$out/build.log" >&2
	echo "$me: rpmbuild failed (see $out/build.log)" >&2
	exit 1
fi
rm -f "$out"/*.rpm
find "$work/RPMS" -name '*.rpm' -exec cp {} "$out"/ \;
for f in "$out"/*.rpm; do echo "$me: $f"; done
