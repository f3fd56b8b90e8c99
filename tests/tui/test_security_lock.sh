#!/usr/bin/env bash
# test_security_lock.sh: the client with no keyring, its idle lock and
# switching user, end to end in a private tmux server:
#
#   2. with no D-Bus session the status line says "No keyring: ... You will
#      sign in with your password and code each time." and a full sign-in,
#      typed (password, code, PIN twice), works;
#   3. with --lock-after 3 the screen locks about 3 s after the last key:
#      the lock screen shows the practice, a clock and who locked it, says
#      the draft was discarded, and nothing of any patient (no name, number
#      or message text of the practice's conversations, no draft); the PIN
#      unlocks back into the same open conversation, without the draft;
#      Ctrl-X locks at once; Ctrl-Z (and SIGTSTP) lock before suspending;
#      F2 on the lock screen and a full, typed sign-in as Sam (Billing)
#      shows Sam's department only: Billing, no Front Desk patient.
#      A reply the server never got (curtaind down) is discarded at the
#      hand-over, with a note on the sign-in form, and never sent as Sam.
#
#   BUILD=build bash tests/tui/test_security_lock.sh      (KEEP_TMP=1 keeps $TMP)

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
# shellcheck source=tests/lib/tui_sec.sh
. "$HERE/../lib/tui_sec.sh"

sec_start_demo
PRACTICE=$(ctl practice show | sed -n 's/^name:\t//p')
[ -n "$PRACTICE" ] || bail_out "no practice name from curtainctl practice show"

# ---- the practice's patients, through the admin (every department) ---------------
login_demo admin || bail_out "API sign-in as admin failed"
ADMIN=$ACCESS_TOKEN
batch "$ADMIN" '{"methodCalls": [
	["Conversation/query", {"filter": {"status": ["open", "pending", "snoozed", "resolved"]}, "limit": 500}, "q"],
	["Department/get", {"ids": null}, "d"],
	["Conversation/get", {"#ids": {"resultOf": "q", "name": "Conversation/query", "path": "/ids"},
		"properties": ["id", "patientName", "patientPhone", "departmentId", "status"]}, "g"]]}'
CONVS=$(mres g | jq -c '.list')
FD_ID=$(mres d | jq -r '.list[] | select(.name == "Front Desk") | .id')
BILLING_ID=$(mres d | jq -r '.list[] | select(.name == "Billing") | .id')
if [ -z "$FD_ID" ] || [ -z "$BILLING_ID" ]; then bail_out "no Front Desk or Billing department"; fi
mapfile -t ALL_NAMES < <(jq -r '.[].patientName' <<<"$CONVS")
mapfile -t ALL_PHONES < <(jq -r '.[].patientPhone' <<<"$CONVS")
mapfile -t FD_NAMES < <(jq -r --arg d "$FD_ID" '.[] | select(.departmentId == $d) | .patientName' <<<"$CONVS")
mapfile -t BILLING_NAMES < <(jq -r --arg d "$BILLING_ID" '.[] | select(.departmentId == $d and .status == "open") | .patientName' <<<"$CONVS")
if [ "${#FD_NAMES[@]}" -lt 3 ] || [ "${#BILLING_NAMES[@]}" -lt 1 ]; then
	bail_out "the demo practice has too few Front Desk or open Billing conversations"
fi
# Every message text of every conversation (30+ characters of it is enough to spot).
ALL_BODIES=()
for id in $(jq -r '.[].id' <<<"$CONVS"); do
	while IFS= read -r b; do
		[ ${#b} -ge 12 ] && ALL_BODIES+=("${b:0:30}")
	done < <(messages "$ADMIN" "$id" | jq -r '.[].body | gsub("\\s+"; " ")')
done
[ "${#ALL_BODIES[@]}" -ge 10 ] || bail_out "too few message texts from the API (${#ALL_BODIES[@]})"
diag "${#ALL_NAMES[@]} conversations, ${#ALL_BODIES[@]} message texts to look for"
PHI=("${ALL_NAMES[@]}" "${ALL_PHONES[@]}" "${ALL_BODIES[@]}")
no_phi() { ! phi_on_screen "${PHI[@]}" "$DRAFT"; }

demo_creds dana || bail_out "no demo credentials for dana"
DANA_PW=$CRED_PASSWORD DANA_SECRET=$CRED_TOTP_SECRET
demo_creds sam || bail_out "no demo credentials for sam"
SAM_PW=$CRED_PASSWORD SAM_SECRET=$CRED_TOTP_SECRET
DRAFT="Draft 7731 about the appointment"

# ---- 2. no D-Bus: the fallback message, and a full sign-in -----------------------------
SEC_ENV=(-u DBUS_SESSION_BUS_ADDRESS)
sec_client dana --user dana --lock-after 3
no_keyring_msg() {
	status_has "No keyring: " && status_has "You will sign in with your password and code each time."
}
if wait_pane dana 5000 all_of signin_form -- no_keyring_msg; then
	pass "2. no D-Bus: the status line says 'No keyring: ... You will sign in with your password and code each time.'"
else
	fail_screen "2. no D-Bus: the status line says 'No keyring: ... You will sign in with your password and code each time.'"
fi
typed_signin dana "$DANA_PW" "$DANA_SECRET"
# The idle lock is 3 s from here: open the longest-waiting patient and start
# a draft at once.
if wait_pane dana 15000 all_of inbox_of "Dana Reyes" -- row_index "${FD_NAMES[0]}"; then
	pass "2. ... and the typed sign-in (password, code, PIN twice) opens the inbox"
else
	fail_screen "2. ... and the typed sign-in (password, code, PIN twice) opens the inbox"
fi
keys dana n
OPEN_NAME=
# The thread head: " Name  (555) 555-0123  · open · ..."
THREAD_HEAD_RE='^ ?([^ ].*[^ ])  +[(+][0-9]'
thread_name() { [[ ${SCR[1]:THREAD_X} =~ $THREAD_HEAD_RE ]] && OPEN_NAME=${BASH_REMATCH[1]}; }
if wait_pane dana 2000 all_of thread_name -- has "Enter reply"; then
	keys dana Enter
	wait_pane dana 1000 has "Enter send"
	type_text dana "$DRAFT"
	wait_pane dana 1000 thread_has "$DRAFT"
fi
now_ms
t_last_key=$NOW_MS
capture dana
if [ -n "$OPEN_NAME" ] && thread_has "$DRAFT"; then
	pass "3. (setup) n opened $OPEN_NAME's conversation and a draft is typed"
else
	fail_screen "3. (setup) n opened a conversation and a draft is typed" "open: '$OPEN_NAME'"
fi

# ---- 3. the idle lock ------------------------------------------------------------------------------
if wait_pane dana 10000 lock_screen "Dana Reyes"; then
	now_ms
	idle=$((NOW_MS - t_last_key))
	if [ "$idle" -ge 2800 ] && [ "$idle" -le 6000 ]; then
		pass "3. --lock-after 3: the screen locks after about 3 s idle (${idle} ms)"
	else
		fail_screen "3. --lock-after 3: the screen locks after about 3 s idle" "locked after ${idle} ms"
	fi
else
	fail_screen "3. --lock-after 3: the screen locks after about 3 s idle" "not locked after 10 s"
fi
lock_content() {
	has "$PRACTICE" && matches '[0-9]{1,2}:[0-9]{2}:[0-9]{2}' && has "Locked by Dana Reyes." &&
		has "Drafts were discarded"
}
check_pane "3. the lock screen: the practice, a clock, who locked it, 'drafts were discarded'" dana 2 lock_content
capture dana
if lock_screen "Dana Reyes" && no_phi && lacks "Departments" && lacks "conversations" && lacks "Front Desk"; then
	pass "3. ... and no patient name, number or message text, no draft, no queue (${#PHI[@]} strings)"
else
	fail_screen "3. ... and no patient name, number or message text, no draft, no queue" "found: '${LEAK:-a queue or department}'"
fi
# The pane and window titles say nothing either.
titles="$(pane_fmt dana '#{pane_title}') $(pane_fmt dana '#{window_name}')"
SCREEN=$titles
if no_phi; then
	pass "3. ... nor in the pane or window title"
else
	fail "3. ... nor in the pane or window title" "titles: $titles" "found: $LEAK"
fi
sleep 1.5 # the clock ticks while locked, and nothing else shows up
capture dana
if lock_screen "Dana Reyes" && no_phi; then
	pass "3. ... still locked and PHI-free a moment later"
else
	fail_screen "3. ... still locked and PHI-free a moment later" "found: '${LEAK:-}'"
fi

type_text dana "$TEST_PIN"
keys dana Enter
same_conv() {
	inbox_of "Dana Reyes" && [ -n "$OPEN_NAME" ] && thread_head_has " $OPEN_NAME  " && thread_has "◀ Patient"
}
check_pane "3. the PIN unlocks, back in the same conversation ($OPEN_NAME)" dana 10 same_conv
keys dana Enter # the compose box ("N characters · N SMS"): the draft is gone
wait_pane dana 2000 has " characters · "
if has " characters · " && ! thread_has "$DRAFT"; then
	pass "3. ... and the draft was discarded"
else
	fail_screen "3. ... and the draft was discarded"
fi
press_esc dana

# ---- Ctrl-X ------------------------------------------------------------------------------
keys dana C-x
check_pane "3. Ctrl-X locks at once" dana 1 all_of lock_screen "Dana Reyes" -- no_phi
type_text dana "$TEST_PIN"
keys dana Enter
check_pane "3. ... the PIN unlocks again" dana 10 same_conv

# ---- Ctrl-Z and SIGTSTP, under a job-control shell ---------------------------------------------
# (In a pane whose shell has no job control the process group is orphaned
# and the kernel drops SIGTSTP; a user's shell has job control.) Miguel
# signs in with the default idle lock, from an interactive bash.
demo_creds miguel || bail_out "no demo credentials for miguel"
sec_creds jobs "$CRED_PASSWORD" "$(totp_fresh "$CRED_TOTP_SECRET")"
tmux_cmd new-session -d -s jobs -c "$WORK" -x "$TUI_COLS" -y "$TUI_ROWS" \
	"env -u DBUS_SESSION_BUS_ADDRESS HOME=$(printf '%q' "$SEC_HOME") PS1='jobs\$ ' bash --norc --noprofile -i"
wait_pane jobs 5000 has 'jobs$'
type_text jobs "$(printf '%q' "$CURTAIN") --server $SERVER_URL --user miguel --credentials-fd 3 3<$(printf '%q' "$TMP/creds.jobs"); echo \"EXITED \$?\""
keys jobs Enter
if wait_pane jobs 20000 inbox_of "Miguel Ortiz"; then
	keys jobs n
	wait_pane jobs 3000 thread_name
	MIGUEL_OPEN=$OPEN_NAME
else
	MIGUEL_OPEN=
fi
miguel_conv() { inbox_of "Miguel Ortiz" && [ -n "$MIGUEL_OPEN" ] && thread_head_has " $MIGUEL_OPEN  "; }
check_pane "3. (setup) miguel signs in from a job-control shell, a conversation open" jobs 5 miguel_conv
stopped() { [ "$(awk '{print $3}' "/proc/$CLIENT_PID/stat" 2>/dev/null)" = T ]; }
if client_pid jobs; then
	kill -TSTP "$CLIENT_PID"
	if wait_for 3 stopped && wait_pane jobs 3000 has "Stopped"; then
		if [ "$(pane_fmt jobs '#{alternate_on}')" = 0 ] && no_phi && lacks "Departments"; then
			pass "3. SIGTSTP: the client stops and the shell's screen shows nothing of a patient"
		else
			fail_screen "3. SIGTSTP: the client stops and the shell's screen shows nothing of a patient" \
				"alternate screen: $(pane_fmt jobs '#{alternate_on}'); found: '${LEAK:-}'"
		fi
	else
		fail_screen "3. SIGTSTP: the client stops and the shell's screen shows nothing of a patient" \
			"process state: $(awk '{print $3}' "/proc/$CLIENT_PID/stat" 2>/dev/null)"
	fi
	type_text jobs fg
	keys jobs Enter
	check_pane "3. ... fg: the lock screen, not the inbox (it locked before suspending)" jobs 5 \
		all_of lock_screen "Miguel Ortiz" -- no_phi
else
	fail_screen "3. SIGTSTP: the client stops and the shell's screen shows nothing of a patient" "no client pid"
	skip "3. ... fg: the lock screen, not the inbox (it locked before suspending)" "no client pid"
fi
type_text jobs "$TEST_PIN"
keys jobs Enter
if wait_pane jobs 10000 miguel_conv; then
	keys jobs C-z
	# The terminal is in raw mode: Ctrl-Z is a key, no signal, unless the
	# client makes it one.
	suspended_or_locked() { stopped || has "Stopped" || lock_screen "Miguel Ortiz"; }
	if wait_pane jobs 3000 suspended_or_locked && no_phi; then
		pass "3. the Ctrl-Z key locks (or suspends, locked) with nothing of a patient left on screen"
	else
		fail_screen "3. the Ctrl-Z key locks (or suspends, locked) with nothing of a patient left on screen" \
			"process state: $(awk '{print $3}' "/proc/$CLIENT_PID/stat" 2>/dev/null)"
	fi
else
	fail_screen "3. the Ctrl-Z key locks (or suspends, locked) with nothing of a patient left on screen" \
		"(setup) miguel's PIN did not unlock"
fi
tmux_cmd kill-session -t jobs

# ---- 3. a text the server never got is not sent as the next user -------------------------------------
# Dana sends a reply while curtaind is down, then locks and hands over:
# the text is discarded (and she is told), never sent under Sam's name.
capture dana
lock_screen "Dana Reyes" || keys dana C-x
wait_pane dana 2000 lock_screen "Dana Reyes"
type_text dana "$TEST_PIN"
keys dana Enter
# (OPEN_NAME is Miguel's conversation now: read Dana's again.)
check_pane "3. (setup) the PIN unlocks into a conversation" dana 10 all_of inbox_of "Dana Reyes" -- thread_name
OLD_PORT=$SERVER_PORT
# At once (the idle lock is 3 s): SIGKILL, which SQLite survives.
kill -KILL "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
UNSENT="Unsent reply 5521 for the hand-over"
keys dana Enter
wait_pane dana 1000 has "Enter send"
type_text dana "$UNSENT"
keys dana Enter
check_pane "3. (setup) with curtaind down, a reply waits: 1 sending" dana 5 status_has "1 sending"
keys dana C-x
wait_pane dana 2000 lock_screen "Dana Reyes"

# ---- 3. F2: switch user to Sam (Billing) -----------------------------------------------------------------
keys dana F2
if wait_pane dana 5000 signin_form; then
	pass "3. F2 on the lock screen: the sign-in form"
else
	fail_screen "3. F2 on the lock screen: the sign-in form"
fi
check_pane "3. ... which says the unsent text was discarded" dana 2 \
	all_of has "1 text had not reached the server and was" -- lacks "Sending"
start_server "$DB" --gateway sim --listen "127.0.0.1:$OLD_PORT" || bail_out "curtaind did not restart"
# The username field has the cursor, empty.
type_text dana sam
keys dana Enter
wait_pane dana 2000 matches 'Password +\*?'
typed_signin dana "$SAM_PW" "$SAM_SECRET"
# Sam's lock is 3 s too: look at the first inbox that lists a Billing patient.
sam_inbox() { inbox_of "Sam Lee" && row_index "${BILLING_NAMES[0]}"; }
if wait_pane dana 15000 sam_inbox; then
	pass "3. sam signs in (typed), his inbox lists Billing patients"
	depts=$(for ((i = 1; i < ${#SCR[@]} - 1; i++)); do printf '%s\n' "${SCR[i]:0:SIDEBAR_W}"; done)
	if grep -q '^.Billing ' <<<"$depts" && ! grep -q -E 'Front Desk|Nursing' <<<"$SCREEN"; then
		pass "3. ... his sidebar has Billing only: no Front Desk, no Nursing"
	else
		fail_screen "3. ... his sidebar has Billing only: no Front Desk, no Nursing"
	fi
	queue_names
	stray=()
	for n in "${FD_NAMES[@]}"; do
		has "$n" && ! printf '%s\n' "${BILLING_NAMES[@]}" | grep -qxF "$n" && stray+=("$n")
	done
	if [ "${#stray[@]}" -eq 0 ] && [ "${#NAMES[@]}" -ge 1 ]; then
		pass "3. ... and no Front Desk patient (queue: ${NAMES[*]})"
	else
		fail_screen "3. ... and no Front Desk patient" "Front Desk patients shown: ${stray[*]}"
	fi
else
	fail_screen "3. sam signs in (typed), his inbox lists Billing patients"
	skip "3. ... his sidebar has Billing only: no Front Desk, no Nursing" "no inbox"
	skip "3. ... and no Front Desk patient" "no inbox"
fi
check_pane "3. sam's screen locks after 3 s idle too, as Sam" dana 8 all_of lock_screen "Sam Lee" -- no_phi
keys dana C-q
check_pane "3. Ctrl-Q quits from the lock screen" dana 5 exited
is "${EXIT_STATUS:-none}" 0 "3. ... exit status 0"
login_demo admin || bail_out "API sign-in as admin failed"
OPEN_ID=$(jq -r --arg n "$OPEN_NAME" '[.[] | select(.patientName == $n)][0].id // empty' <<<"$CONVS")
if [ -n "$OPEN_ID" ] && ! messages "$ACCESS_TOKEN" "$OPEN_ID" | jq -r '.[].body' | grep -qF "$UNSENT"; then
	pass "3. the discarded text never reached $OPEN_NAME's conversation"
else
	fail "3. the discarded text never reached $OPEN_NAME's conversation" "conversation: '${OPEN_ID}'"
fi

stop_server "$SERVER_PID"
done_testing
