#!/usr/bin/env bash
# test_i18n.sh: the Spanish translation. po/curtain.pot and po/es.po match
# the sources and es.po is complete (packaging/po.sh check, what
# `make check-po` runs); the build compiled es.po; and under a Spanish locale
# curtainctl and curtaind print help, errors and counts in Spanish with no
# English left over. TAP output.
#
#   BUILD=build bash tests/integration/test_i18n.sh
#
# glibc ignores LANGUAGE in the "C" locale but honours it in C.UTF-8, which
# Debian's libc-bin always has: LANGUAGE=es LC_ALL=C.UTF-8 needs nothing
# installed. The LANG=es_US.UTF-8 check (how a practice's machine is set up)
# compiles that locale into $TMP with localedef from the `locales` package
# (packaging/install-deps.sh test); without it the check fails on CI and is
# skipped, with a reason, elsewhere.

set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/lib/common.sh
. "$HERE/../lib/common.sh"

LOCALEDIR=$BUILD/locale
MO=$LOCALEDIR/es/LC_MESSAGES/curtain.mo

# es CMD...: CMD in Spanish with the build tree's catalogues.
es() {
	env -u LC_MESSAGES -u LANG LANGUAGE=es LC_ALL=C.UTF-8 CURTAIN_LOCALEDIR="$LOCALEDIR" "$@"
}
# en CMD...: CMD untranslated, for comparison.
en() {
	env -u LANGUAGE -u LC_MESSAGES -u LANG LC_ALL=C.UTF-8 CURTAIN_LOCALEDIR="$LOCALEDIR" "$@"
}
# run CMD...: sets OUT (stdout and stderr) and RC.
run() {
	OUT=$("$@" 2>&1)
	RC=$?
}
# untranslated ENGLISH SPANISH: the non-blank lines both outputs share.
untranslated() {
	LC_ALL=C comm -12 <(sed '/^[[:space:]]*$/d' <<<"$1" | LC_ALL=C sort -u) \
		<(sed '/^[[:space:]]*$/d' <<<"$2" | LC_ALL=C sort -u)
}

for p in "$CURTAINCTL" "$CURTAIND"; do
	[ -x "$p" ] || bail_out "$p is not built (make BUILD=$BUILD)"
done

# ---- the catalogues ----------------------------------------------------------
check "po/curtain.pot and po/es.po match the sources; es.po is complete (make check-po)" \
	sh "$TOP/packaging/po.sh" check
[ -s "$MO" ] || bail_out "$MO is missing: the build compiles po/es.po (make BUILD=$BUILD)"
if [ "$TOP/po/es.po" -nt "$MO" ]; then
	fail "the compiled catalogue is current" "po/es.po is newer than $MO: run make BUILD=$BUILD"
else
	pass "the compiled catalogue is current"
fi
is "$(LC_ALL=C.UTF-8 locale 2>&1 >/dev/null)" "" "the C.UTF-8 locale exists"

# ---- curtainctl --help -------------------------------------------------------
run es "$CURTAINCTL" --help
is "$RC" 0 "es: curtainctl --help exits 0"
like "$OUT" $'Uso: curtainctl \\[-d BD\\]' "es: curtainctl --help starts with Uso:"
like "$OUT" $'\nComandos:\n' "es: the command list is headed Comandos:"
like "$OUT" 'Crea una base de datos nueva y su archivo de clave' "es: a command summary is in Spanish"
like "$OUT" 'Estado de salida: 0 éxito, 1 error, 2 uso incorrecto' "es: the exit statuses are in Spanish"
unlike "$OUT" 'Usage:|Commands:|Create a new database|show this help and exit|Exit status' \
	"es: curtainctl --help has no English sentence"
ES_HELP=$OUT
run en "$CURTAINCTL" --help
EN_HELP=$OUT
like "$EN_HELP" 'Usage: curtainctl' "without LANGUAGE=es the help stays English"
same=$(untranslated "$EN_HELP" "$ES_HELP")
is "$same" "" "es: no line of curtainctl --help is left as in English"

# Every command's own --help, from the English command list.
commands=$(sed -n '/^Commands:/,/^$/p' <<<"$EN_HELP" | sed -n 's/^  \(.\{22\}\) .*/\1/p' |
	sed 's/[[:space:]]*$//')
problems=
ncmd=0
while IFS= read -r cmd; do
	[ -n "$cmd" ] || continue
	ncmd=$((ncmd + 1))
	# shellcheck disable=SC2086 # "dept add" is two words
	es_out=$(es "$CURTAINCTL" $cmd --help 2>&1) || problems+="$cmd --help: exit $?"$'\n'
	# shellcheck disable=SC2086
	en_out=$(en "$CURTAINCTL" $cmd --help 2>&1)
	[[ $es_out == Uso:* ]] || problems+="$cmd --help: does not start with Uso:"$'\n'
	# _("") is the catalogue's header: an empty synopsis must not become it.
	[[ $es_out == *Project-Id-Version* || $es_out == *Content-Type:* ]] &&
		problems+="$cmd --help: prints the catalogue header"$'\n'
	left=$(untranslated "$en_out" "$es_out")
	[ -n "$left" ] && problems+="$cmd --help: still English: $left"$'\n'
done <<<"$commands"
isnt "$ncmd" 0 "the English help lists the commands"
is "$problems" "" "es: every command's --help is in Spanish ($ncmd commands)"

# ---- curtaind --help ---------------------------------------------------------
run es "$CURTAIND" --help
is "$RC" 0 "es: curtaind --help exits 0"
like "$OUT" 'Uso: curtaind -d BD' "es: curtaind --help starts with Uso:"
like "$OUT" 'Sirve el protocolo de Curtain' "es: curtaind describes itself in Spanish"
like "$OUT" 'nunca'$'\n''contienen información de pacientes' "es: the PHI note is in Spanish"
unlike "$OUT" 'Usage:|Serve the Curtain|show this help|Logs go to standard error|patient information' \
	"es: curtaind --help has no English sentence"
ES_HELP=$OUT
run en "$CURTAIND" --help
is "$(untranslated "$OUT" "$ES_HELP")" "" "es: no line of curtaind --help is left as in English"

# ---- errors --------------------------------------------------------------------
run es "$CURTAINCTL" -d /nonexistent/x.db dept list
is "$RC" 1 "es: missing database: exit 1"
like "$OUT" "^curtainctl: la base de datos '/nonexistent/x.db' no existe \\(créela con 'curtainctl -d /nonexistent/x.db init'\\)$" \
	"es: missing database: the error is in Spanish"
unlike "$OUT" 'does not exist|create it' "es: missing database: no English"

run es "$CURTAINCTL" frobnicate
is "$RC" 2 "es: unknown command: exit 2"
like "$OUT" "comando desconocido 'frobnicate'" "es: unknown command: the error is in Spanish"
like "$OUT" "Pruebe 'curtainctl --help' para más información" "es: unknown command: the hint is in Spanish"
unlike "$OUT" 'unknown command|Try ' "es: unknown command: no English"

run es "$CURTAINCTL" -d "$TMP/x.db" user add
is "$RC" 2 "es: user add without a name: exit 2"
like "$OUT" "no se indicó el nombre de usuario" "es: user add without a name: the error is in Spanish"
like "$OUT" "Pruebe 'curtainctl user add --help'" "es: the hint names the command"

run es "$CURTAIND"
is "$RC" 2 "es: curtaind without -d: exit 2"
like "$OUT" "curtaind: se requiere -d BD" "es: curtaind without -d: the error is in Spanish"
unlike "$OUT" 'is required' "es: curtaind without -d: no English"

# ---- messages and plural forms on a real database --------------------------------
run es "$CURTAINCTL" -d "$DB" init --practice-name "Clínica Lakeside" --practice-phone +15555550199
is "$RC" 0 "es: init exits 0"
like "$OUT" "se creó la base de datos $DB" "es: init reports in Spanish"
like "$OUT" "se creó el archivo de clave $DB.key \\(modo 0600;" "es: init names the key file in Spanish"

# audit verify: "1 entrada", "N entradas" (Plural-Forms: n != 1).
plural_ok() {
	local out=$1 n
	[[ $out =~ ^registro\ de\ auditoría\ correcto:\ ([0-9]+)\ entradas?$ ]] || return 1
	n=${BASH_REMATCH[1]}
	if [ "$n" -eq 1 ]; then [[ $out == *" 1 entrada" ]]; else [[ $out == *" $n entradas" ]]; fi
}
run es "$CURTAINCTL" -d "$DB" audit verify
is "$RC" 0 "es: audit verify exits 0"
if plural_ok "$OUT"; then pass "es: audit verify counts in Spanish ($OUT)"; else
	fail "es: audit verify counts in Spanish" "got: $OUT"
fi
first=$OUT
run es "$CURTAINCTL" -d "$DB" dept add "Recepción" --number +15555550100
like "$OUT" "^se agregó el departamento Recepción \\(\\+15555550100\\) con id " "es: dept add reports in Spanish"
run es "$CURTAINCTL" -d "$DB" dept add "Recepción" --number +15555550101
is "$RC" 1 "es: a duplicate department: exit 1"
like "$OUT" "ya existe un departamento llamado 'Recepción'" "es: a duplicate department: the error is in Spanish"
run es "$CURTAINCTL" -d "$DB" audit verify
isnt "$OUT" "$first" "the audit log grew"
if plural_ok "$OUT"; then pass "es: audit verify counts in Spanish ($OUT)"; else
	fail "es: audit verify counts in Spanish" "got: $OUT"
fi
run es "$CURTAINCTL" -d "$DB" practice show
like "$OUT" $'^nombre:\tClínica Lakeside\nteléfono:\t\\+15555550199\nesquema:\t[0-9]+$' \
	"es: practice show labels its fields in Spanish"

# ---- the locale a Spanish-speaking practice would set: LANG=es_US.UTF-8 ------------
CHARMAP=/usr/share/i18n/charmaps/UTF-8.gz
if [ -f /usr/share/i18n/locales/es_US ] && [ -f "$CHARMAP" ] && command -v localedef >/dev/null 2>&1; then
	mkdir -p "$TMP/locale"
	# An uncompressed charmap: given the .gz, localedef leaves a gzip
	# zombie behind in the test's process group.
	gzip -dc "$CHARMAP" >"$TMP/UTF-8"
	# Exit status 1 is "warnings, locale written".
	localedef -i es_US -f "$TMP/UTF-8" "$TMP/locale/es_US.UTF-8" >"$TMP/localedef.log" 2>&1
	rc=$?
	if [ "$rc" -le 1 ] && [ -d "$TMP/locale/es_US.UTF-8" ]; then
		run env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LOCPATH="$TMP/locale" LANG=es_US.UTF-8 \
			CURTAIN_LOCALEDIR="$LOCALEDIR" "$CURTAINCTL" frobnicate
		like "$OUT" "comando desconocido 'frobnicate'" "LANG=es_US.UTF-8: curtainctl speaks Spanish"
		run env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LOCPATH="$TMP/locale" LANG=es_US.UTF-8 \
			CURTAIN_LOCALEDIR="$LOCALEDIR" "$CURTAIND" --help
		like "$OUT" '^Uso: curtaind' "LANG=es_US.UTF-8: curtaind speaks Spanish"
	else
		fail "localedef compiles es_US.UTF-8" "exit $rc" "$(tail -n 20 "$TMP/localedef.log")"
	fi
elif [ -n "${CI:-}" ] && [ "${CI:-}" != false ]; then
	fail "the es_US locale source is installed" \
		"/usr/share/i18n/locales/es_US or $CHARMAP is missing: install the locales package (sh packaging/install-deps.sh test)"
else
	skip "LANG=es_US.UTF-8" "no /usr/share/i18n/locales/es_US: install the locales package (sh packaging/install-deps.sh test)"
fi

done_testing
