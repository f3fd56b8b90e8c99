#!/usr/bin/env bash
# test_mouse.sh: curtain's optional mouse (--mouse, config mouse = true),
# the real client in a private tmux server against a curtaind with the demo
# practice. tmux send-keys cannot click, so the test writes the terminal's
# own mouse reports into the pane, as a terminal would send them: SGR
# (ESC [ < b ; x ; y M, TERM=xterm-256color) and the older X10 encoding
# (ESC [ M b x y, TERM=screen), whichever the terminal type makes ncurses
# ask for:
#
#   dana (--mouse, SGR): the pane's mouse mode is on; a click selects a
#   queue row and a second click opens it; the wheel moves the queue's
#   selection and scrolls a long thread back and forth; a click chooses a
#   filter in the sidebar; in the template picker a click highlights a
#   template and a second click puts it in the compose box; the help says
#   how the mouse works; after q the mouse mode is off again;
#   miguel (mouse = true in the settings file, X10): a click on a
#   department in the sidebar shows its queue;
#   sam (neither): mouse mode stays off, the default.
#
#   BUILD=build bash tests/tui/test_mouse.sh      (KEEP_TMP=1 keeps $TMP)

# shellcheck disable=SC2317 # predicates run indirectly, through wait_pane
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/lib/common.sh
. "$HERE/../lib/common.sh"
# shellcheck source=tests/lib/api.sh
. "$HERE/../lib/api.sh"
need_cmd tmux jq oathtool curl od
# shellcheck source=tests/lib/tui.sh
. "$HERE/../lib/tui.sh"

export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset LANGUAGE LC_MESSAGES

tui_need_programs

# ---- the practice, plus long Front Desk threads for the wheel -----------------------
tui_demo_practice
ctl seed --conversations 6 --messages-per-conversation 40 --dept "Front Desk" >/dev/null ||
	bail_out "curtainctl seed --conversations failed"
start_server "$DB" --gateway sim || bail_out "curtaind did not start"

# A long open thread: synthetic numbers are +1555 1000000-4999999.
login_demo admin || bail_out "API sign-in as admin failed"
batch "$ACCESS_TOKEN" '{"methodCalls": [
	["Conversation/query", {"filter": {"status": ["open"]}, "limit": 500}, "q"],
	["Conversation/get", {"#ids": {"resultOf": "q", "name": "Conversation/query", "path": "/ids"},
		"properties": ["patientName", "patientPhone"]}, "g"]]}'
LONG_NAME=$(mres g | jq -r '[.list[] | select(.patientPhone | test("^\\+1555[1-4]"))][0].patientName // empty')
[ -n "$LONG_NAME" ] || bail_out "no open synthetic conversation: $R"
diag "long thread: $LONG_NAME"

demo_creds dana || bail_out "no demo credentials for dana"
client_start dana dana "$(totp_fresh "$CRED_TOTP_SECRET")" "$CRED_PASSWORD" TERM=xterm-256color -- --mouse
demo_creds miguel || bail_out "no demo credentials for miguel"
mkdir -p "$TMP/home.miguel/.config/curtain"
printf 'mouse = true\n' >"$TMP/home.miguel/.config/curtain/config"
client_start miguel miguel "$(totp_fresh "$CRED_TOTP_SECRET")" "$CRED_PASSWORD" TERM=screen
demo_creds sam || bail_out "no demo credentials for sam"
client_start sam sam "$(totp_fresh "$CRED_TOTP_SECRET")" "$CRED_PASSWORD" TERM=screen

# send_bytes TARGET STRING: STRING's bytes into the pane, as the terminal would.
send_bytes() {
	local -a hex
	read -r -a hex < <(printf '%s' "$2" | od -An -tx1 -v | tr -s ' \n' ' ')
	tmux -S "$TMUX_SOCK" send-keys -t "$1" -H "${hex[@]}"
}
# sgr TARGET BUTTON COLUMN ROW: a press and a release at 0-based (COLUMN,
# ROW); BUTTON 0 is the left button, 64 and 65 the wheel up and down
# (which have no release).
sgr() {
	local b=$2 x=$(($3 + 1)) y=$(($4 + 1))
	if [ "$b" -ge 64 ]; then
		send_bytes "$1" $'\e'"[<$b;$x;${y}M"
	else
		send_bytes "$1" $'\e'"[<$b;$x;${y}M"$'\e'"[<$b;$x;${y}m"
	fi
}
# x10 TARGET COLUMN ROW: a left click in the X10 encoding (button 0 pressed,
# then 3, released; 32 added to the button, 33 to each 0-based coordinate).
x10() {
	local p r
	printf -v p "\\x$(printf %x $((32 + 0)))\\x$(printf %x $((33 + $2)))\\x$(printf %x $((33 + $3)))"
	printf -v r "\\x$(printf %x $((32 + 3)))\\x$(printf %x $((33 + $2)))\\x$(printf %x $((33 + $3)))"
	send_bytes "$1" $'\e'"[M$p"$'\e'"[M$r"
}
# mouse_flags TARGET: the mouse modes the client asked the terminal for.
mouse_flags() { pane_fmt "$1" '#{mouse_standard_flag}#{mouse_button_flag}#{mouse_any_flag}#{mouse_sgr_flag}'; }
# row_y NAME: the screen row of NAME's queue row (after a capture).
row_y() { row_index "$1" && ROW_Y=$((ROW + 2)); }
# line_with TEXT: the first screen row containing TEXT into LINE_Y.
line_with() {
	local i
	for ((i = 0; i < ${#SCR[@]}; i++)); do
		[[ ${SCR[i]} == *"$1"* ]] && LINE_Y=$i && return 0
	done
	return 1
}

# ---- 1. mouse mode on and off ---------------------------------------------------------------
check_pane "1. dana (--mouse, TERM=xterm-256color) signs in" dana 20 status_has "live"
forget_creds dana
check_pane "1. sam (no mouse option) signs in" sam 20 status_has "live"
forget_creds sam
flags=$(mouse_flags dana)
like "$flags" '^1..1$' "1. --mouse: the pane's mouse reporting is on ($flags: standard/button/any/SGR)"
like "$flags" '1$' "1. ... in the SGR encoding, as xterm's terminfo asks"
is "$(mouse_flags sam)" 0000 "1. without it, mouse reporting stays off (the default)"

# ---- 2. click a queue row, then again to open it ------------------------------------------------
capture dana
queue_names
[ "${#NAMES[@]}" -ge 6 ] || bail_out "too few queue rows: ${NAMES[*]}"
THIRD=${NAMES[2]}
row_y "$THIRD" || bail_out "no row for $THIRD"
sgr dana 0 $((LIST_X + 5)) "$ROW_Y"
sleep 0.3
capture dana
if thread_head_has " $THIRD  "; then
	fail_screen "2. one click only selects (the thread does not open yet)"
else
	pass "2. one click only selects (the thread does not open yet)"
fi
sgr dana 0 $((LIST_X + 5)) "$ROW_Y"
check_pane "2. a second click on the selected row opens it ($THIRD)" dana 5 thread_head_has " $THIRD  "

# ---- 3. the wheel over the queue --------------------------------------------------------------------
press_esc dana
sgr dana 65 $((LIST_X + 5)) 5
sleep 0.3
keys dana Enter
SIXTH=${NAMES[5]}
check_pane "3. the wheel down moves the selection three rows ($SIXTH opens with Enter)" dana 5 \
	thread_head_has " $SIXTH  "
press_esc dana
sgr dana 64 $((LIST_X + 5)) 5
sleep 0.3
keys dana Enter
check_pane "3. the wheel up moves it back ($THIRD)" dana 5 thread_head_has " $THIRD  "
press_esc dana

# ---- 4. a click in the sidebar ---------------------------------------------------------------------------
capture dana
line_with " Mine" || bail_out "no Mine row in the sidebar"
sgr dana 0 3 "$LINE_Y"
check_pane "4. a click on \"Mine\" shows my conversations" dana 5 title_has "· Front Desk · Mine"
line_with " All open" || bail_out "no All open row in the sidebar"
sgr dana 0 3 "$LINE_Y"
check_pane "4. a click on \"All open\" shows them all again" dana 5 title_has "· Front Desk · All open"

# ---- 5. the template picker -------------------------------------------------------------------------------
keys dana T
check_pane "5. T opens the picker" dana 5 has "Directions [en]"
line_with "Directions [en]" || bail_out "no Directions [en] row"
DIR_Y=$LINE_Y
sgr dana 0 $((TUI_COLS / 2)) "$DIR_Y"
check_pane "5. a click highlights a template: its text is previewed" dana 5 has "200 Lakeside Drive"
sgr dana 0 $((TUI_COLS / 2)) "$DIR_Y"
check_pane "5. a second click chooses it: it is in the compose box" dana 5 \
	all_of lacks "Preview:" -- thread_has "is at 200 Lakeside Drive"
keys dana C-u
press_esc dana
press_esc dana

# ---- 6. the wheel over a long thread ---------------------------------------------------------------------
capture dana
row_y "$LONG_NAME" || bail_out "no row for $LONG_NAME: $(queue_names; echo "${NAMES[*]}")"
sgr dana 0 $((LIST_X + 5)) "$ROW_Y"
sgr dana 0 $((LIST_X + 5)) "$ROW_Y"
check_pane "6. the long thread opens ($LONG_NAME)" dana 5 thread_head_has " $LONG_NAME  "
sleep 0.5
capture dana
thread_text
T0=$THREAD
sgr dana 64 $((THREAD_X + 10)) 10
sgr dana 64 $((THREAD_X + 10)) 10
changed() {
	thread_text
	[ "$THREAD" != "$T0" ]
}
check_pane "6. the wheel up shows older messages" dana 5 changed
sgr dana 65 $((THREAD_X + 10)) 10
sgr dana 65 $((THREAD_X + 10)) 10
back() {
	thread_text
	[ "$THREAD" = "$T0" ]
}
check_pane "6. the wheel down comes back to the newest" dana 5 back
press_esc dana

# ---- 7. the help says how ---------------------------------------------------------------------------------
keys dana '?'
check_pane "7. the help explains the mouse" dana 5 has "Mouse: a click selects, a second click opens or chooses"
keys dana Escape

# ---- 8. miguel: from the settings file, X10 ---------------------------------------------------------------
check_pane "8. miguel (mouse = true, TERM=screen) signs in, Billing first" miguel 20 \
	all_of status_has "live" -- title_has "· Billing ·"
forget_creds miguel
flags=$(mouse_flags miguel)
like "$flags" '^1..0$' "8. mouse reporting is on, in the X10 encoding ($flags)"
capture miguel
line_with " Front Desk " || bail_out "no Front Desk row in miguel's sidebar"
x10 miguel 3 "$LINE_Y"
check_pane "8. a click on Front Desk in the sidebar shows its queue" miguel 5 title_has "· Front Desk ·"

# ---- 9. quitting turns the mouse off ------------------------------------------------------------------------
quit_client dana
is "$EXIT_STATUS" 0 "9. q exits 0"
is "$(mouse_flags dana)" 0000 "9. the terminal's mouse reporting is off again"

done_testing
