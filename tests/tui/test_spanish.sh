#!/usr/bin/env bash
# test_spanish.sh: the real `curtain` client under LANG=es_US.UTF-8, as a
# Spanish-speaking front desk would run it, driven through a private tmux
# server against a curtaind with the demo practice. Dana signs in for real
# and the test walks the main screens: the inbox, a thread, the compose box
# with a "too detailed for SMS" line under it, the help overlay, the "too
# detailed" question, a search (a prompt and the singular of a plural form)
# and the lock screen. On each one:
#
#   - no English sentence of the catalogue is on screen: the English side of
#     po/curtain.pot is cut at its format directives and line breaks into
#     fragments, and every fragment of two words or more (minus the few that
#     are names or command lines, listed below) must be absent;
#   - a few Spanish strings are there, and dates and times are es_US's
#     (24-hour clock, day before month).
#
# The same check on an English client (Priya, C.UTF-8) must find English on
# the same screens, so the check itself can fail.
#
# es_US.UTF-8 is compiled with localedef into $BUILD/locales
# (tests/lib/locales.sh) from the `locales` package: without it the test is
# skipped, except on CI where that is a failure.
#
#   BUILD=build bash tests/tui/test_spanish.sh      (KEEP_TMP=1 keeps $TMP)

# shellcheck disable=SC2317 # predicates run indirectly, through wait_pane
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/lib/common.sh
. "$HERE/../lib/common.sh"
# shellcheck source=tests/lib/api.sh
. "$HERE/../lib/api.sh"
need_cmd tmux jq oathtool curl
# shellcheck source=tests/lib/tui.sh
. "$HERE/../lib/tui.sh"
# shellcheck source=tests/lib/locales.sh
. "$HERE/../lib/locales.sh"

# The test's own strings (bash ${s:n:m}) count characters: a UTF-8 locale.
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset LANGUAGE LC_MESSAGES

tui_need_programs
MO=$BUILD/locale/es/LC_MESSAGES/curtain.mo
[ -s "$MO" ] || bail_out "$MO is missing: the build compiles po/es.po (make BUILD=$BUILD)"
POT=$TOP/po/curtain.pot
[ -s "$POT" ] || bail_out "$POT is missing"

if ! locales_build es_US; then
	if [ -n "${CI:-}" ] && [ "${CI:-}" != false ]; then
		bail_out "es_US.UTF-8: $LOCALES_WHY"
	fi
	echo "1..0 # SKIP es_US.UTF-8 cannot be compiled here: $LOCALES_WHY"
	exit 0
fi
SPANISH=(LOCPATH="$LOCALES_DIR" LANG=es_US.UTF-8 LC_ALL=es_US.UTF-8 LANGUAGE=
	CURTAIN_LOCALEDIR="$BUILD/locale")

# ---- the English fragments ------------------------------------------------------
# Every msgid and msgid_plural of the catalogue, unescaped, cut at format
# directives and line breaks, trimmed; kept when two words or more of
# letters remain. Left out: fragments with a program or option name, an
# address or a placeholder (they stay as they are in every language), and
# key-name lists.
FRAGS=$TMP/english.txt
awk '
	function unq(s) { sub(/^"/, "", s); sub(/"$/, "", s); return s }
	function flush() {
		if (id != "") print id
		if (pl != "") print pl
		id = ""; pl = ""
	}
	/^msgid / { flush(); mode = "id"; id = unq(substr($0, 7)); next }
	/^msgid_plural / { mode = "pl"; pl = unq(substr($0, 14)); next }
	/^msgstr/ { mode = ""; next }
	/^"/ { if (mode == "id") id = id unq($0); else if (mode == "pl") pl = pl unq($0); next }
	END { flush() }
' "$POT" |
	sed -e 's/\\"/"/g' -e 's/\\n/\n/g' -e 's/\\t/ /g' |
	sed -E 's/%[-+ #0]*[0-9*]*(\.[0-9*]+)?(hh|h|ll|l|z|j|t)?[diouxXcsp%]/\n/g' |
	sed -E -e 's/[[:space:]]+/ /g' -e 's/^[][ :;,.()“”"?!…-]+//' -e 's/[][ :;,.()“”"?!…-]+$//' |
	grep -E '[A-Za-z]{2,}[^A-Za-z]+[A-Za-z]{2,}' |
	grep -Ev 'curtain|Curtain\)|--|https?:|\{|<|YYYY|E\.164|Ctrl-|Enter (reply|send|accept|continue|unlock)' |
	LC_ALL=C sort -u >"$FRAGS"
NFRAGS=$(wc -l <"$FRAGS")
[ "$NFRAGS" -ge 200 ] || bail_out "only $NFRAGS English fragments from $POT"
diag "$NFRAGS English fragments from po/curtain.pot"

# english_on_screen: the English fragments in the last capture (whitespace
# squeezed, as the fragments are), one per line, into ENGLISH.
english_on_screen() {
	ENGLISH=$(tr -s ' ' <<<"$SCREEN" | grep -oFf "$FRAGS" | LC_ALL=C sort -u)
}

# no_english NAME: passes when the last capture has no English fragment.
no_english() {
	english_on_screen
	if [ -z "$ENGLISH" ]; then
		pass "$1: no English sentence on screen"
	else
		fail_screen "$1: no English sentence on screen" "English left:" "$ENGLISH"
	fi
}
# english_found NAME: the English client's capture has English (the check works).
english_found() {
	english_on_screen
	if [ -n "$ENGLISH" ]; then
		pass "$1: the same check finds English in English ($(wc -l <<<"$ENGLISH") fragments)"
	else
		fail_screen "$1: the same check finds English in English"
	fi
}

# ---- the practice -------------------------------------------------------------------
tui_demo_practice
start_server "$DB" --gateway sim || bail_out "curtaind did not start"
PRACTICE=$(ctl practice show | sed -n 's/^name:\t//p')

demo_creds dana || bail_out "no demo credentials for dana"
client_start dana dana "$(totp_fresh "$CRED_TOTP_SECRET")" "$CRED_PASSWORD" "${SPANISH[@]}"
demo_creds priya || bail_out "no demo credentials for priya"
client_start priya priya "$(totp_fresh "$CRED_TOTP_SECRET")" "$CRED_PASSWORD"

# The Front Desk patient who has waited longest, and yesterday's date as
# es_US writes it (day/month).
login_demo admin || bail_out "API sign-in as admin failed"
call "$ACCESS_TOKEN" Department/get '{"ids": null}'
FD_ID=$(rj -r '.list[] | select(.name == "Front Desk") | .id')
call "$ACCESS_TOKEN" Conversation/query "$(jq -nc --arg d "$FD_ID" '{filter: {departmentId: $d,
	status: ["open"], waiting: true}, sort: [{property: "waitingSince", isAscending: true}], limit: 5}')"
OLDEST=$(rj -r '.ids[0]')
call "$ACCESS_TOKEN" Conversation/get "$(jq -nc --arg i "$OLDEST" '{ids: [$i], properties: ["patientName"]}')"
OLDEST_NAME=$(rj -r '.list[0].patientName')
[ -n "$OLDEST_NAME" ] || bail_out "no waiting Front Desk patient: $R"
diag "oldest waiting: $OLDEST_NAME"

# ---- 1. the inbox -----------------------------------------------------------------------
check_pane "1. es: dana signs in; the status line says so in Spanish" dana 20 \
	all_of status_has "Sesión iniciada como Dana Reyes." -- has_row "$OLDEST_NAME"
forget_creds dana
check_pane "1. es: the title names the role and the filter in Spanish" dana 5 \
	title_has " Curtain · $PRACTICE · Dana Reyes (agente) · Front Desk · Todas las abiertas"
check_pane "1. es: the sidebar and the queue head are Spanish (a plural form)" dana 5 \
	all_of has " Departamentos" -- has " Filtro" -- matches ' [0-9]+ conversaciones'
no_english "1. inbox"
check_pane "1. en: priya's English inbox is up" priya 20 status_has "live"
forget_creds priya
english_found "1. inbox"

# ---- 2. a thread ------------------------------------------------------------------------
keys dana n
check_pane "2. es: n opens the longest-waiting patient" dana 5 thread_head_has " $OLDEST_NAME  "
check_pane "2. es: the thread says Paciente" dana 5 thread_has "◀ Paciente ·"
# A message from an earlier day shows its date day first (dd/mm HH:MM,
# es_US's D_FMT without the year and its 24-hour T_FMT).
datetime_re='[0-3][0-9]/[01][0-9] [0-2][0-9]:[0-5][0-9]'
today_re='· [0-2][0-9]:[0-5][0-9]( |$)'
thread_dates() {
	thread_text
	[[ $THREAD =~ $datetime_re || $THREAD =~ $today_re ]]
}
check_pane "2. es: message times follow es_US (24-hour clock, day before month)" dana 5 thread_dates
no_english "2. thread"
keys priya n
check_pane "2. en: priya opens a thread" priya 5 thread_has "◀ Patient ·"
english_found "2. thread"

# ---- 3. compose with a "too detailed" line ----------------------------------------------
keys dana Enter
type_text dana "Por favor siga tomando metformina 500 mg"
check_pane "3. es: the line under the compose box says why, in Spanish" dana 5 \
	all_of thread_has "Demasiado detallado para SMS: medicamento" -- thread_has "caracteres"
no_english "3. compose"

# ---- 4. help -------------------------------------------------------------------------------
keys dana F1
check_pane "4. es: the help overlay is Spanish" dana 5 \
	all_of has "Teclas (cualquier tecla cierra)" -- has "Al escribir un mensaje" -- has "Enviar el mensaje"
no_english "4. help"
keys dana F1
keys priya '?'
check_pane "4. en: priya's help" priya 5 has "Keys (any key closes)"
english_found "4. help"
keys priya Escape

# ---- 5. a dialog: the "too detailed" question -------------------------------------------
check_pane "5. (the help closed)" dana 5 lacks "Teclas (cualquier tecla cierra)"
keys dana Enter
check_pane "5. es: the question is Spanish" dana 5 \
	all_of has "Este mensaje dice más de lo que debe decir un SMS" -- has "medicamento:" -- \
	has "mensaje seguro"
no_english "5. dialog"
keys dana e
check_pane "5. es: e goes back to the text; the status line says what to do" dana 5 \
	status_has "Cambie las palabras resaltadas"
keys dana C-u
press_esc dana
press_esc dana

# ---- 6. a prompt, and a plural's singular --------------------------------------------------
keys dana /
check_pane "6. es: the search prompt is Spanish" dana 5 \
	all_of has "Buscar" -- has "Nombre del paciente, teléfono o texto del mensaje"
no_english "6. prompt"
type_text dana "$OLDEST_NAME"
keys dana Enter
check_pane "6. es: one match: the singular (1 conversación)" dana 10 \
	matches ' 1 conversación que coincide con'
no_english "6. search"
keys dana /
keys dana Enter

# ---- 7. the lock screen ----------------------------------------------------------------------
keys dana C-x
# es_US's T_FMT is %T (24-hour) and its D_FMT %d/%m/%y.
lock_clock() { matches '(^|[^0-9])[0-2][0-9]:[0-5][0-9]:[0-5][0-9] · [0-3][0-9]/[01][0-9]/[0-9][0-9]([^0-9]|$)'; }
check_pane "7. es: the lock screen is Spanish" dana 5 \
	all_of has "Pantalla bloqueada por Dana Reyes." -- has "Enter desbloquear"
check_pane "7. es: its clock is es_US's: 24-hour time, then the date as dd/mm/yy" dana 5 lock_clock
no_english "7. lock"
keys priya C-x
check_pane "7. en: priya's lock screen" priya 5 has "Locked by Priya Shah."
english_found "7. lock"

# ---- 8. unlock and quit ----------------------------------------------------------------------
type_text dana "$TEST_PIN"
keys dana Enter
check_pane "8. es: unlocked" dana 10 status_has "en línea"
quit_client dana
is "$EXIT_STATUS" 0 "8. es: q exits 0"

done_testing
