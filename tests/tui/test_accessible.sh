#!/usr/bin/env bash
# test_accessible.sh: curtain's screen-reader mode, the real client in a
# private tmux server against a curtaind with the demo practice. Terminal
# screen readers read the line the cursor is on, so the test reads the
# cursor's position (tmux's #{cursor_x},#{cursor_y}) and the line there:
#
#   miguel (--accessible): the cursor sits on the selected queue row, on the
#   sidebar row just chosen (a filter, a department), on the newest message
#   of an open thread, at the compose box's insertion point, on the
#   question of a dialog, on the picker's choice, on the help's heading and
#   in the PIN field; every status change (sign-in, claim, a new text, the
#   lock, the unlock) is written on the last line and holds the cursor
#   until the next key; queue rows say "unread" and "opted out" in words,
#   and no glyph that only a colour or a shape explains is on screen; the
#   "too detailed" line names the words; the lock screen's clock has no
#   seconds;
#   dana (config: accessible = true, checked first, numbered 11): the same
#   mode from the settings file;
#   sam (neither): the cursor stays hidden on the list and the glyphs are
#   back, so the mode really is what changes.
#
#   BUILD=build bash tests/tui/test_accessible.sh      (KEEP_TMP=1 keeps $TMP)

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

export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset LANGUAGE LC_MESSAGES

tui_need_programs

# ---- the practice; one Front Desk patient opts out ------------------------------
tui_demo_practice
start_server "$DB" --gateway sim || bail_out "curtaind did not start"

login_demo admin || bail_out "API sign-in as admin failed"
ADMIN=$ACCESS_TOKEN
call "$ADMIN" Department/get '{"ids": null}'
FD_ID=$(rj -r '.list[] | select(.name == "Front Desk") | .id')
# fd_convs: the Front Desk's open conversations (name, phone, unread, consent).
fd_convs() {
	batch "$ADMIN" "$(jq -nc --arg d "$FD_ID" '{methodCalls: [
		["Conversation/query", {filter: {departmentId: $d, status: ["open"]}, limit: 200}, "q"],
		["Conversation/get", {"#ids": {resultOf: "q", name: "Conversation/query", path: "/ids"},
			properties: ["patientName", "patientPhone", "unread", "consent"]}, "g"]]}')"
	mres g | jq -c '.list'
}
CONVS=$(fd_convs)
[ "$(jq length <<<"$CONVS")" -ge 5 ] || bail_out "too few Front Desk conversations: $CONVS"
OPTOUT_NAME=$(jq -r '[.[] | select(.patientName != null)][1].patientName' <<<"$CONVS")
OPTOUT_PHONE=$(jq -r --arg n "$OPTOUT_NAME" '.[] | select(.patientName == $n) | .patientPhone' <<<"$CONVS")
sms_in "$OPTOUT_PHONE" "STOP" >/dev/null || bail_out "sms-in STOP failed"
diag "opted out: $OPTOUT_NAME ($OPTOUT_PHONE)"

demo_creds miguel || bail_out "no demo credentials for miguel"
client_start miguel miguel "$(totp_fresh "$CRED_TOTP_SECRET")" "$CRED_PASSWORD" -- --accessible
demo_creds dana || bail_out "no demo credentials for dana"
mkdir -p "$TMP/home.dana/.config/curtain"
printf 'accessible = true\n' >"$TMP/home.dana/.config/curtain/config"
client_start dana dana "$(totp_fresh "$CRED_TOTP_SECRET")" "$CRED_PASSWORD"
demo_creds sam || bail_out "no demo credentials for sam"
client_start sam sam "$(totp_fresh "$CRED_TOTP_SECRET")" "$CRED_PASSWORD"

# cursor TARGET: the cursor's column and row into CX, CY, and the pane's
# line there into CLINE (from the last capture).
cursor() {
	local xy
	xy=$(pane_fmt "$1" '#{cursor_x} #{cursor_y}')
	CX=${xy% *} CY=${xy#* }
	CLINE=${SCR[CY]-}
}
# cursor_at TARGET ROW COLUMN: the cursor is there (after a capture).
cursor_at() {
	capture "$1"
	cursor "$1"
	[ "$CY" = "$2" ] && [ "$CX" = "$3" ]
}
# cursor_on TARGET TEXT [COLUMN]: the line the cursor is on contains TEXT
# (from COLUMN on).
cursor_on() {
	capture "$1"
	cursor "$1"
	[[ ${CLINE:${3:-0}} == *"$2"* ]]
}
# announced TARGET TEXT: the last line starts with TEXT and the cursor waits
# right after the announcement (before the connection state on the right).
announced() {
	capture "$1"
	cursor "$1"
	local last=${SCR[TUI_ROWS - 1]-} left
	[[ $last == "$2"* ]] || return 1
	left=$last
	[[ $last =~ ^(.*[^\ ])\ +([0-9]+\ sending\ )?(live|reconnecting)\ *$ ]] && left=${BASH_REMATCH[1]}
	[ "$CY" = $((TUI_ROWS - 1)) ] && [ "$CX" = "${#left}" ]
}
no_glyphs() { ! [[ $SCREEN =~ [●○⊘▶◀■⚠✓·🔍] ]]; }
LAST=$((TUI_ROWS - 1))

# ---- 1. sign-in: announced, words not glyphs --------------------------------------------
check_pane "1. --accessible: miguel signs in; the last line announces it, the cursor waits there" \
	miguel 20 announced miguel "Signed in as Miguel Ortiz."
forget_creds miguel
check_pane "11. config accessible = true: dana's sign-in is announced, the cursor after it" dana 20 \
	announced dana "Signed in as Dana Reyes."
forget_creds dana
check_pane "11. ... rows in words, no glyphs" dana 5 all_of has "unread, " -- no_glyphs
# Miguel's first department is Billing: ] shows Front Desk, and the cursor
# goes to its sidebar row.
keys miguel ']'
check_pane "1. ]: the cursor on the next department's row, which says its counts in words" \
	miguel 5 cursor_on miguel ">Front Desk: "
[ "$CX" = 0 ] && pass "1. ... at its start" || fail_screen "1. ... at its start" "cursor column $CX"
check_pane "1. ... the title names it and its queue shows" miguel 10 \
	all_of title_has ", Front Desk, All open" -- has "$OPTOUT_NAME"
if no_glyphs; then
	pass "1. no glyph that only a shape or colour explains (● ⊘ ▶ ◀ ⚠ ✓ ·)"
else
	fail_screen "1. no glyph that only a shape or colour explains (● ⊘ ▶ ◀ ⚠ ✓ ·)"
fi
# Each conversation's row says "unread" exactly when it is, and the opted-out
# patient's row says so.
problems=
while IFS=$'\t' read -r name unread; do
	row=
	for ((i = 2; i < LAST; i++)); do
		[[ ${SCR[i]:LIST_X:LIST_W} == *"$name"* ]] && row=${SCR[i]:LIST_X:LIST_W} && break
	done
	[ -n "$row" ] || continue
	if [ "$unread" = true ] && [[ $row != "unread, "* ]]; then
		problems+="$name is unread but its row is: $row"$'\n'
	elif [ "$unread" != true ] && [[ $row == *unread* ]]; then
		problems+="$name is read but its row is: $row"$'\n'
	fi
	if [ "$name" = "$OPTOUT_NAME" ] && [[ $row != *"opted out, $name"* ]]; then
		problems+="the opted-out row does not say so: $row"$'\n'
	fi
done < <(jq -r '.[] | select(.patientName != null) | [.patientName, (.unread | tostring)] | @tsv' <<<"$CONVS")
is "$problems" "" "1. queue rows say \"unread\" and \"opted out\" in words, matching the server"

# ---- 2. the cursor on the selection ---------------------------------------------------------
keys miguel j
check_pane "2. j: the cursor moves to the second queue row, at its start" miguel 5 \
	cursor_at miguel 3 "$LIST_X"
SECOND=$(sed -E 's/^(unread, )?(opted out, )?([^,:]*).*/\3/' <<<"${CLINE:LIST_X:LIST_W}")
diag "second row: $SECOND"
keys miguel k
check_pane "2. k: back on the first row" miguel 5 cursor_at miguel 2 "$LIST_X"

# ---- 3. announcements ---------------------------------------------------------------------------
keys miguel c
check_pane "3. c: \"Claimed.\" is announced on the last line, the cursor waits after it" miguel 5 \
	announced miguel "Claimed."
keys miguel j
check_pane "3. the next key takes the cursor back to the selection" miguel 5 cursor_at miguel 3 "$LIST_X"
sms_in "+15555550987" "Hello, is anyone there?" >/dev/null || bail_out "sms-in failed"
check_pane "3. a new text is announced, PHI-free, with no key pressed" miguel 10 \
	announced miguel "New text in Front Desk ("

# ---- 4. the sidebar: the row just chosen ---------------------------------------------------------
keys miguel m
check_pane "4. m: the cursor is on the sidebar's \"Mine\" row" miguel 5 cursor_on miguel ">Mine"
keys miguel A
check_pane "4. A: on \"All open\"" miguel 5 cursor_on miguel ">All open"
keys miguel '['
check_pane "4. [: on the other department's row" miguel 5 cursor_on miguel ">Billing: "
check_pane "4. ... and the title names it" miguel 5 title_has ", Billing, All open"
keys miguel ']'
check_pane "4. ]: back to Front Desk" miguel 5 cursor_on miguel ">Front Desk: "

# ---- 5. a thread ----------------------------------------------------------------------------------
keys miguel j
check_pane "5. (the queue row is selected again)" miguel 5 cursor_at miguel 3 "$LIST_X"
keys miguel Enter
newest_meta() {
	cursor_on miguel "" || return 1
	[ "$CY" -ge 2 ] && [ "$CX" = $((THREAD_X + 1)) ] &&
		[[ ${CLINE:THREAD_X} =~ ^\ (Patient|Automatic\ reply|[A-Z][a-z]+\ [A-Z][a-z]+),\ [0-9] ]]
}
check_pane "5. Enter: the cursor is on the newest message's first line (who, when)" miguel 5 newest_meta
diag "newest: ${CLINE:THREAD_X}"
check_pane "5. the thread head is in words, no glyphs" miguel 5 all_of thread_head_has "$SECOND, " -- no_glyphs

# ---- 6. compose, with the words a warning is about ---------------------------------------------------
keys miguel Enter
type_text miguel "Please keep taking metformin"
compose_cursor() {
	capture miguel
	cursor miguel
	[ "$CX" = $((THREAD_X + 1 + 28)) ] && [[ ${CLINE:THREAD_X} == *"Please keep taking metformin"* ]]
}
check_pane "6. compose: the cursor is at the insertion point" miguel 5 compose_cursor
check_pane "6. the warning names the words, not only a highlight" miguel 5 \
	thread_has "Too detailed for SMS: medication “metformin”"

# ---- 7. a dialog ----------------------------------------------------------------------------------------
keys miguel Enter
check_pane "7. the question: the cursor on its first line" miguel 5 \
	cursor_on miguel "This text says more than an SMS should"
check_pane "7. the finding is listed without the warning sign" miguel 5 \
	all_of has "- medication: “metformin”" -- no_glyphs
keys miguel e
keys miguel C-u
press_esc miguel

# ---- 8. a picker ------------------------------------------------------------------------------------------
keys miguel T
check_pane "8. T: the picker, with the cursor on its first choice" miguel 5 \
	all_of has "Filter:" -- cursor_on miguel "Appointment reminder"
FIRST_Y=$CY
keys miguel Down
check_pane "8. Down: the cursor follows the highlight" miguel 5 cursor_on miguel "["
if [ "$CY" = $((FIRST_Y + 1)) ]; then pass "8. ... one row down"; else fail_screen "8. ... one row down" "row $CY after $FIRST_Y"; fi
press_esc miguel
press_esc miguel

# ---- 9. help -------------------------------------------------------------------------------------------------
keys miguel '?'
check_pane "9. ?: the cursor on the help's first heading" miguel 5 cursor_on miguel "Conversation"
keys miguel Escape
check_pane "9. (help closed)" miguel 5 lacks "Keys (any key closes)"

# ---- 10. lock and unlock ---------------------------------------------------------------------------------------
keys miguel C-x
check_pane "10. C-x: the lock is announced; the cursor waits on it" miguel 5 \
	announced miguel "The screen is locked. Enter your PIN to unlock."
# C.UTF-8: T_FMT %H:%M:%S without the seconds, D_FMT %m/%d/%y.
clock_line() { matches $'\n *[0-2][0-9]:[0-5][0-9], [01][0-9]/[0-3][0-9]/[0-9][0-9] *\n'; }
check_pane "10. the lock screen's clock has no seconds (nothing on it ticks)" miguel 5 clock_line
type_text miguel "${TEST_PIN:0:1}"
check_pane "10. a key: the cursor goes to the PIN field" miguel 5 cursor_on miguel "PIN"
type_text miguel "${TEST_PIN:1}"
keys miguel Enter
check_pane "10. unlocking is announced" miguel 15 announced miguel "Unlocked."

# ---- 12. sam: neither, so no change -------------------------------------------------------------------
check_pane "12. sam (no accessible mode) signs in" sam 20 status_has "live"
forget_creds sam
is "$(pane_fmt sam '#{cursor_flag}')" 0 "12. without the mode the cursor stays hidden on the list"
check_pane "12. ... and the glyphs are there" sam 5 all_of has "▶" -- has "●live"

quit_client miguel
is "$EXIT_STATUS" 0 "13. q exits 0"

done_testing
