# shellcheck shell=bash
# locales.sh: the locales the tests switch to (es_US.UTF-8, en_US.UTF-8),
# compiled with localedef from the `locales` package's sources into
# $BUILD/locales, so a machine needs none generated: a bare Debian (CI) has
# only C.UTF-8, and generating system locales needs root. Programs find
# them with LOCPATH=<dir>; glibc then looks nowhere else, so set LOCPATH
# only for the program under test, never for the whole test script.
#
#   . tests/lib/locales.sh
#   if locales_build es_US en_US; then LOCPATH=$LOCALES_DIR LANG=es_US.UTF-8 cmd; fi
#
#   bash tests/lib/locales.sh es_US en_US     (tests/run.sh: prints the directory)
#
# Compiled once per build directory (about a second each); concurrent runs
# build in a temporary directory and rename it into place. Without the
# sources or localedef, locales_build returns 1 and LOCALES_WHY says why.

# locales_build NAME...: sets LOCALES_DIR (and LOCALES_WHY on failure).
locales_build() {
	local top build dir name charmap tmp rc
	top=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
	build=${BUILD:-build}
	case $build in /*) ;; *) build=$top/$build ;; esac
	dir=$build/locales
	LOCALES_DIR=$dir
	LOCALES_WHY=
	charmap=/usr/share/i18n/charmaps/UTF-8.gz
	for name in "$@"; do
		[ -f "$dir/$name.UTF-8/LC_TIME" ] && continue
		if ! command -v localedef >/dev/null 2>&1 || [ ! -f "/usr/share/i18n/locales/$name" ] ||
			[ ! -f "$charmap" ]; then
			LOCALES_WHY="no localedef or no /usr/share/i18n/locales/$name: install the locales package (sh packaging/install-deps.sh test)"
			return 1
		fi
		mkdir -p "$dir" || return 1
		tmp=$(mktemp -d "$dir/.tmp.XXXXXX") || return 1
		# An uncompressed charmap: given the .gz, localedef leaves a gzip
		# zombie behind in the caller's process group.
		gzip -dc "$charmap" >"$tmp/UTF-8"
		# Exit status 1 is "warnings, locale written".
		localedef -i "$name" -f "$tmp/UTF-8" "$tmp/$name.UTF-8" >"$tmp/log" 2>&1
		rc=$?
		if [ "$rc" -gt 1 ] || [ ! -f "$tmp/$name.UTF-8/LC_TIME" ]; then
			LOCALES_WHY="localedef $name failed (exit $rc): $(tail -n 3 "$tmp/log")"
			rm -rf "$tmp"
			return 1
		fi
		# Another run may have won the race: keep its copy.
		mv -T "$tmp/$name.UTF-8" "$dir/$name.UTF-8" 2>/dev/null || true
		rm -rf "$tmp"
	done
	return 0
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	if locales_build "$@"; then
		printf '%s\n' "$LOCALES_DIR"
	else
		echo "locales.sh: $LOCALES_WHY" >&2
		exit 1
	fi
fi
