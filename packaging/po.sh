#!/bin/sh
# po.sh: the translation catalogues in po/. Regenerates them from the
# sources and checks that they are complete. `make update-po` and
# `make check-po` run it; so does tests/integration/test_i18n.sh.
#
#   sh packaging/po.sh update   extract the strings of the files in
#                               po/POTFILES.in into po/curtain.pot, then
#                               msgmerge it into po/<lang>.po for every
#                               language in po/LINGUAS
#   sh packaging/po.sh check    fail when po/curtain.pot is stale (its msgids
#                               differ from the sources'), a file under src/
#                               has strings but is not in po/POTFILES.in, or
#                               a po/<lang>.po is out of date with the .pot
#                               or has an untranslated or fuzzy message
#
# Adding strings: mark them with _(), N_() or ngettext() (a comment starting
# "TRANSLATORS:" just above is passed on to translators), list any new source
# file in po/POTFILES.in, run `make update-po`, translate what po/es.po now
# has as fuzzy (remove the "#, fuzzy" line) or empty, then `make check-po`.
#
# POSIX sh; needs gettext (xgettext, msgmerge, msgfmt, msgattrib).

set -eu

cd "$(dirname "$0")/.."

DOMAIN=curtain
POT=po/$DOMAIN.pot
VERSION=${VERSION:-$(sed -n 's/^VERSION[[:space:]]*:=[[:space:]]*//p' Makefile)}
me=po.sh

usage() {
	echo "usage: sh packaging/po.sh update|check" >&2
	exit 2
}

for t in xgettext msgmerge msgfmt msgattrib; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "$me: $t not found: install gettext (sh packaging/install-deps.sh build)" >&2
		exit 1
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/curtain-po.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The languages in po/LINGUAS (comments and blank lines ignored).
linguas() {
	sed -e 's/#.*//' po/LINGUAS | tr -s ' \t' '\n' | sed '/^$/d'
}

# xgettext OUT LISTFILE: the strings of the files named in LISTFILE.
extract() {
	xgettext --language=C --from-code=UTF-8 \
		--keyword=_ --keyword=N_ --keyword=ngettext:1,2 \
		--add-comments=TRANSLATORS: --no-wrap \
		--package-name="$DOMAIN" --package-version="$VERSION" \
		--output="$1" --files-from="$2"
}

# msgkeys FILE: msgctxt, msgid and msgid_plural of every live (not
# obsolete) message, one message per line, sorted; independent of line
# wrapping, comments, flags and translations.
msgkeys() {
	awk '
		function flush() { if (have) { sub(/^ /, "", key); print key }; key = ""; have = 0 }
		function piece(s) { sub(/^"/, "", s); sub(/"$/, "", s); return s }
		/^#/ { next }
		/^msgctxt / { flush(); mode = "k"; have = 1; key = "ctxt:" piece(substr($0, 9)); next }
		/^msgid / {
			if (mode != "k") flush()
			mode = "k"; have = 1; key = key " id:" piece(substr($0, 7)); next
		}
		/^msgid_plural / { mode = "k"; key = key " plural:" piece(substr($0, 14)); next }
		/^msgstr/ { mode = "s"; next }
		/^"/ { if (mode == "k") key = key piece($0); next }
		{ mode = "" }
		END { flush() }
	' "$1" | LC_ALL=C sort
}

# Fails naming every file under src/ whose strings would not be extracted
# because po/POTFILES.in does not list it.
check_potfiles() {
	find src -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort >"$tmp/all-files"
	extract "$tmp/all.pot" "$tmp/all-files"
	[ -f "$tmp/all.pot" ] || return 0 # no strings at all
	sed -n 's/^#: //p' "$tmp/all.pot" | tr ' ' '\n' | sed -e 's/:[0-9]*$//' -e '/^$/d' |
		LC_ALL=C sort -u >"$tmp/with-strings"
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' po/POTFILES.in | LC_ALL=C sort -u \
		>"$tmp/listed"
	missing=$(LC_ALL=C comm -23 "$tmp/with-strings" "$tmp/listed")
	if [ -n "$missing" ]; then
		echo "$me: these files have translatable strings but are not in po/POTFILES.in:" >&2
		printf '%s\n' "$missing" | sed 's/^/  /' >&2
		return 1
	fi
}

# A fresh template from the sources, in $tmp/fresh.pot.
fresh_pot() {
	extract "$tmp/fresh.pot" po/POTFILES.in
}

cmd_update() {
	todo=0
	check_potfiles
	fresh_pot
	# Keep the old file when only its creation date would change.
	if [ -f "$POT" ] &&
		sed '/^"POT-Creation-Date:/d' "$POT" >"$tmp/old.cmp" &&
		sed '/^"POT-Creation-Date:/d' "$tmp/fresh.pot" >"$tmp/new.cmp" &&
		cmp -s "$tmp/old.cmp" "$tmp/new.cmp"; then
		echo "$me: $POT is up to date"
	else
		cp "$tmp/fresh.pot" "$POT"
		echo "$me: wrote $POT ($(msgkeys "$POT" | sed -n '$=') messages, header included)"
	fi
	for l in $(linguas); do
		if [ ! -f "po/$l.po" ]; then
			echo "$me: po/$l.po does not exist; create it with:" >&2
			echo "  msginit --no-translator --locale=$l --input=$POT --output-file=po/$l.po" >&2
			exit 1
		fi
		msgmerge --quiet --update --backup=none --previous --no-wrap "po/$l.po" "$POT"
		stats=$(msgfmt --statistics -o /dev/null "po/$l.po" 2>&1) || true
		echo "$me: po/$l.po: $stats"
		case $stats in
		*fuzzy* | *untranslated*) todo=1 ;;
		esac
	done
	if [ "$todo" -eq 1 ]; then
		echo "$me: translate the fuzzy (drop the \"#, fuzzy\" line) and untranslated messages, then run: make check-po"
	fi
}

cmd_check() {
	bad=0
	check_potfiles || bad=1
	fresh_pot
	if [ ! -f "$POT" ]; then
		echo "$me: $POT is missing: run make update-po" >&2
		exit 1
	fi
	msgkeys "$tmp/fresh.pot" >"$tmp/fresh.keys"
	msgkeys "$POT" >"$tmp/pot.keys"
	if ! cmp -s "$tmp/fresh.keys" "$tmp/pot.keys"; then
		echo "$me: $POT is stale: run make update-po, then translate" >&2
		LC_ALL=C comm -23 "$tmp/fresh.keys" "$tmp/pot.keys" | sed 's/^/  new in the sources: /' >&2
		LC_ALL=C comm -13 "$tmp/fresh.keys" "$tmp/pot.keys" | sed 's/^/  gone from the sources: /' >&2
		bad=1
	fi
	for l in $(linguas); do
		po=po/$l.po
		if [ ! -f "$po" ]; then
			echo "$me: $po is missing (po/LINGUAS lists $l)" >&2
			bad=1
			continue
		fi
		if ! stats=$(msgfmt -c --check-format --statistics -o /dev/null "$po" 2>&1); then
			echo "$me: $po does not compile:" >&2
			printf '%s\n' "$stats" >&2
			bad=1
			continue
		fi
		case $stats in
		*fuzzy* | *untranslated*)
			echo "$me: $po is incomplete: $stats" >&2
			bad=1
			;;
		esac
		msgattrib --no-obsolete --untranslated --no-wrap "$po" >"$tmp/untranslated"
		msgattrib --no-obsolete --only-fuzzy --no-wrap "$po" >"$tmp/fuzzy"
		if [ -s "$tmp/untranslated" ] || [ -s "$tmp/fuzzy" ]; then
			echo "$me: $po has untranslated or fuzzy messages:" >&2
			{
				msgkeys "$tmp/untranslated" | sed '/^id:$/d; s/^/  untranslated: /'
				msgkeys "$tmp/fuzzy" | sed '/^id:$/d; s/^/  fuzzy: /'
			} >&2
			bad=1
		fi
		msgkeys "$po" >"$tmp/po.keys"
		if ! cmp -s "$tmp/fresh.keys" "$tmp/po.keys"; then
			echo "$me: $po does not have the sources' messages: run make update-po, then translate" >&2
			LC_ALL=C comm -23 "$tmp/fresh.keys" "$tmp/po.keys" | sed 's/^/  missing: /' >&2
			LC_ALL=C comm -13 "$tmp/fresh.keys" "$tmp/po.keys" | sed 's/^/  not in the sources: /' >&2
			bad=1
		fi
		if ! grep -q '^"Plural-Forms: nplurals=[0-9]' "$po"; then
			echo "$me: $po has no Plural-Forms header" >&2
			bad=1
		fi
		if [ "$bad" -eq 0 ]; then
			echo "$me: $po: $stats"
		fi
	done
	if [ "$bad" -ne 0 ]; then
		echo "$me: translations: FAILED" >&2
		exit 1
	fi
	echo "$me: translations: OK"
}

[ $# -eq 1 ] || usage
case $1 in
update) cmd_update ;;
check) cmd_check ;;
*) usage ;;
esac
