#!/bin/sh
# deb.sh: what `make deb` runs. Builds the Debian packages curtain and
# curtaind with dpkg-buildpackage from a copy of the tree in a temp dir
# (dpkg-buildpackage writes its results to the parent directory, and
# debian/ must sit at the top of the source, where this repository keeps
# packaging/debian/), then runs lintian on them, and puts the .deb,
# .buildinfo and .changes files and lintian's report into $DEB_DIR.
#
#   VERSION=0.1.0 DEB_DIR=build-deb sh packaging/deb.sh
#
# Fails when debian/changelog's version is not the Makefile's VERSION, when
# the build fails, or when lintian reports an error (warnings are listed).

set -eu

me=deb.sh
want_version=${VERSION:-}
TOP=$(cd "$(dirname "$0")/.." && pwd)
out=${DEB_DIR:-build-deb}
case $out in /*) ;; *) out=$TOP/$out ;; esac
# Nothing of the caller's make reaches the package build (its `make clean`
# would remove $DEB_DIR).
unset DEB_DIR RPM_DIR VERSION MAKEFLAGS MFLAGS MAKELEVEL BUILD

for c in dpkg-buildpackage dh fakeroot lintian; do
	command -v "$c" >/dev/null 2>&1 || {
		echo "$me: $c is missing (sh packaging/install-deps.sh package)" >&2
		exit 1
	}
done

work=$(mktemp -d "${TMPDIR:-/tmp}/curtain-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
src=$work/curtain

# The source tree without build trees, logs or VCS data.
mkdir "$src"
tar -C "$TOP" --exclude-vcs --exclude=./build --exclude='./build-*' \
	--exclude='*.o' --exclude='*.d' --exclude='*.mo' --exclude=test-logs \
	-cf - . | tar -C "$src" -xf -
cp -R "$src/packaging/debian" "$src/debian"

changelog_version=$(cd "$src" && dpkg-parsechangelog -S Version)
if [ -n "$want_version" ] && [ "$changelog_version" != "$want_version" ]; then
	echo "$me: packaging/debian/changelog says $changelog_version, the Makefile $want_version" >&2
	exit 1
fi

echo "$me: building curtain $changelog_version (log: $out/build.log)"
mkdir -p "$out"
start=$(date +%s)
if ! (cd "$src" && DEB_BUILD_OPTIONS="parallel=$(nproc) ${DEB_BUILD_OPTIONS:-}" \
	dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1; then
	tail -n 40 "$out/build.log" >&2
	echo "$me: dpkg-buildpackage failed (see $out/build.log)" >&2
	exit 1
fi
echo "$me: built in $(($(date +%s) - start)) s"

rm -f "$out"/*.deb "$out"/*.buildinfo "$out"/*.changes
cp "$work"/*.deb "$work"/*.buildinfo "$work"/*.changes "$out"/

# lintian: errors fail the build, warnings are shown. (As root it notes
# that it should not run as root; that line is not about the packages.)
changes=$(ls "$work"/*.changes)
lintian --fail-on error --display-info "$changes" >"$out/lintian.txt" 2>&1 && lrc=0 || lrc=$?
grep -v 'running with root privileges' "$out/lintian.txt" | sed "s|^|$me: lintian: |" || true
if [ "$lrc" -ne 0 ]; then
	echo "$me: lintian reports errors (see $out/lintian.txt)" >&2
	exit 1
fi
for f in "$out"/*.deb; do echo "$me: $f"; done
