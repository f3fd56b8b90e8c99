#!/usr/bin/env bash
# test_client_term.sh: the real `curtain` client on other terminals and in
# the C locale, driven through a private tmux server against a curtaind with
# the demo practice. Four staff sign in at once, each in a pane of its own:
#
#   TERM=vt100, LANG=C LC_ALL=C (dana): sign-in works, the screen is pure
#     ASCII (no UTF-8 bytes, no "Ã"/"â" mojibake), accented names are
#     transliterated (José Hernández -> Jose Hernandez), the ASCII glyphs
#     stand in for the Unicode ones, and a thread opens;
#   TERM=screen-256color (miguel), xterm (sam), linux (nora), UTF-8: each
#     starts and shows its inbox;
#   q exits 0 on every one and leaves the alternate screen where there was one.
#
#   BUILD=build bash tests/tui/test_client_term.sh      (KEEP_TMP=1 keeps $TMP)

# shellcheck disable=SC2317 # predicates run indirectly, through wait_pane
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/lib/common.sh
. "$HERE/../lib/common.sh"
# shellcheck source=tests/lib/api.sh
. "$HERE/../lib/api.sh"
need_cmd tmux jq oathtool curl iconv
# shellcheck source=tests/lib/tui.sh
. "$HERE/../lib/tui.sh"

export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset LANGUAGE LC_MESSAGES

tui_need_programs

tui_demo_practice
start_server "$DB" --gateway sim || bail_out "curtaind did not start"
PRACTICE=$(ctl practice show | sed -n 's/^name:\t//p')
[ -n "$PRACTICE" ] || bail_out "no practice name from curtainctl practice show"

# session:user:TERM:locale
PANES=(vt100:dana:vt100:C screen:miguel:screen-256color:C.UTF-8 xterm:sam:xterm:C.UTF-8
	linux:nora:linux:C.UTF-8)
declare -A DISPLAY_NAME=([dana]="Dana Reyes" [miguel]="Miguel Ortiz" [sam]="Sam Lee" [nora]="Nora Kim")
for p in "${PANES[@]}"; do
	IFS=: read -r session user term loc <<<"$p"
	demo_creds "$user" || bail_out "no demo credentials for $user"
	client_start "$session" "$user" "$(totp_fresh "$CRED_TOTP_SECRET")" "$CRED_PASSWORD" \
		TERM="$term" LANG="$loc" LC_ALL="$loc"
done

# Every open conversation of the practice, through the admin (in every department).
login_demo admin || bail_out "API sign-in as admin failed"
batch "$ACCESS_TOKEN" '{"methodCalls": [
	["Conversation/query", {"filter": {"status": ["open", "pending"]}, "limit": 500}, "q"],
	["Department/get", {"ids": null}, "d"],
	["Conversation/get", {"#ids": {"resultOf": "q", "name": "Conversation/query", "path": "/ids"},
		"properties": ["patientName", "departmentId"]}, "g"]]}'
FD_ID=$(mres d | jq -r '.list[] | select(.name == "Front Desk") | .id')
mapfile -t ALL_NAMES < <(mres g | jq -r '.list[].patientName')
mapfile -t FD_NAMES < <(mres g | jq -r --arg d "$FD_ID" '.list[] | select(.departmentId == $d) | .patientName')
[ "${#FD_NAMES[@]}" -ge 5 ] || bail_out "the demo Front Desk has too few open conversations"

# ---- TERM=vt100 in the C locale --------------------------------------------------
check_pane "12. TERM=vt100 LC_ALL=C: dana signs in, the status bar says *live" vt100 20 \
	all_of title_has " Curtain - $PRACTICE - Dana Reyes (agent) - Front Desk - " -- status_has "*live"
forget_creds vt100
ascii_only() { ! printf '%s' "$SCREEN" | LC_ALL=C grep -q '[^[:print:][:space:]]'; }
# UTF-8 written anyway in the C locale comes out as curses' escapes for
# bytes over 127 ("~W~O", "M-^@") rather than as non-ASCII bytes.
no_mojibake() { ascii_only && ! [[ $SCREEN =~ ~[@-_]|M-\^ ]]; }
if no_mojibake; then
	pass "12. ... the screen is pure ASCII: no UTF-8 bytes, no mojibake"
else
	fail_screen "12. ... the screen is pure ASCII: no UTF-8 bytes, no mojibake" \
		"non-ASCII: $(printf '%s' "$SCREEN" | LC_ALL=C grep -o '[^[:print:][:space:]]*' | head -n 5 | od -An -c | head -n 3)"
fi
accented=() missing=()
for n in "${FD_NAMES[@]}"; do
	[[ $n == *[![:ascii:]]* ]] || continue
	a=$(iconv -f UTF-8 -t ASCII//TRANSLIT <<<"$n")
	accented+=("$n -> $a")
	has "$a" || missing+=("$a")
done
if [ "${#accented[@]}" -ge 2 ] && [ "${#missing[@]}" -eq 0 ]; then
	pass "12. ... accented names are transliterated (${accented[0]})"
else
	fail_screen "12. ... accented names are transliterated" "accented: ${accented[*]}" "missing: ${missing[*]}"
fi
ascii_glyphs() {
	local i unread=0
	line_has 4 ">Front Desk" || return 1
	for ((i = 2; i < ${#SCR[@]} - 1; i++)); do
		[ "${SCR[i]:LIST_X:1}" = "*" ] && unread=$((unread + 1))
	done
	[ "$unread" -ge 1 ]
}
check_pane "12. ... ASCII glyphs: '>' for the selected department, '*' for unread" vt100 2 ascii_glyphs
# A Spanish thread: accents and inverted question marks in the messages.
JOSE=
for n in "${FD_NAMES[@]}"; do
	[[ $n == *[![:ascii:]]* ]] && JOSE=$(iconv -f UTF-8 -t ASCII//TRANSLIT <<<"$n") && break
done
if select_row vt100 "$JOSE"; then
	check_pane "12. ... a thread opens ($JOSE) with the ASCII markers, still pure ASCII" vt100 5 \
		all_of thread_has "< Patient - " -- no_mojibake
else
	fail_screen "12. ... a thread opens ($JOSE) with the ASCII markers, still pure ASCII"
fi
press_esc vt100

# ---- other terminal types, UTF-8 ------------------------------------------------------
# inbox_shown USER: the title, live, a queue with a patient of the practice,
# drawn in UTF-8 (the "·" separators) without mojibake.
inbox_shown() {
	local n
	title_has " Curtain · $PRACTICE · ${DISPLAY_NAME[$1]} (" || return 1
	status_has "●live" || return 1
	queue_total && [ "$TOTAL" -ge 1 ] || return 1
	queue_names
	[ "${#NAMES[@]}" -ge 1 ] || return 1
	for n in "${ALL_NAMES[@]}"; do
		[ "$n" = "${NAMES[0]}" ] && break
	done
	[ "$n" = "${NAMES[0]}" ] || return 1
	lacks "Ã" && lacks "â"
}
for p in "${PANES[@]:1}"; do
	IFS=: read -r session user term loc <<<"$p"
	check_pane "12. TERM=$term: $user's client starts and shows the inbox" "$session" 20 inbox_shown "$user"
	forget_creds "$session"
done

# ---- quitting -------------------------------------------------------------------------------
for p in "${PANES[@]}"; do
	IFS=: read -r session user term loc <<<"$p"
	had_alt=$(pane_fmt "$session" '#{alternate_on}')
	if infocmp -1 "$term" 2>/dev/null | grep -q 'smcup='; then
		is "$had_alt" 1 "13. TERM=$term: the client runs on the alternate screen"
	fi
	quit_client "$session"
	is "${EXIT_STATUS:-none}" 0 "13. TERM=$term: q exits 0"
	capture "$session"
	if [ "$(pane_fmt "$session" '#{alternate_on}')" = 0 ] && lacks "Curtain" &&
		[[ $SCREEN =~ ^[[:space:]]*EXITED\ 0[[:space:]]*$ ]]; then
		pass "13. TERM=$term: ... and the inbox is gone from the terminal (alternate screen was ${had_alt})"
	else
		fail_screen "13. TERM=$term: ... and the inbox is gone from the terminal" \
			"alternate_on: $(pane_fmt "$session" '#{alternate_on}') (was $had_alt)"
	fi
done
done_testing
