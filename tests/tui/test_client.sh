#!/usr/bin/env bash
# test_client.sh: the real `curtain` client end to end, driven through a
# private tmux server against a curtaind with the demo practice. Dana (agent,
# Front Desk) signs in for real (password, TOTP, PIN on --credentials-fd),
# and the test reads what the client draws:
#
#   sign-in and the live event stream; the sidebar's counts against
#   Department/get; n opens the longest-waiting patient and the thread shows;
#   a template with a {?prompt} placeholder reaches the sim carrier fully
#   filled in; claim; a supervisor (Priya, second pane) reassigns and Dana's
#   pane follows with no key pressed (< 2 s); an internal note shows in the
#   thread and never reaches the carrier; resolve; an inbound text shows
#   within 1 s with no key pressed; curtaind SIGKILLed and restarted on the
#   same port around a send: delivered exactly once, another conversation's
#   draft survives, the status bar goes reconnecting then live; resizing to
#   80x24 and 200x60 redraws cleanly; no patient detail in the pane or
#   window title; q exits 0 and leaves the alternate screen. TAP output.
#
#   BUILD=build bash tests/tui/test_client.sh      (KEEP_TMP=1 keeps $TMP)
#
# The terminal types and the C locale are in test_client_term.sh.

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

# The client draws UTF-8 in a UTF-8 locale; the test's own string offsets
# (bash ${s:n:m}) count characters in it too.
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset LANGUAGE LC_MESSAGES

tui_need_programs

# ---- the practice ------------------------------------------------------------
tui_demo_practice
ctl template add --name "Arrival time" --dept "Front Desk" \
	--body "Hi {patient.first_name}, please arrive at {?arrival time}. - {practice.name}" \
	>/dev/null || bail_out "curtainctl template add failed"
start_server "$DB" --gateway sim || bail_out "curtaind did not start"

PRACTICE=$(ctl practice show | sed -n 's/^name:\t//p')
[ -n "$PRACTICE" ] || bail_out "no practice name from curtainctl practice show"

# Dana through the API first (the client then signs in with the next TOTP step).
demo_creds dana || bail_out "no demo credentials for dana"
DANA_PASSWORD=$CRED_PASSWORD DANA_SECRET=$CRED_TOTP_SECRET
login dana "$DANA_PASSWORD" "$DANA_SECRET" || bail_out "API sign-in as dana failed"
DANA_TOKEN=$ACCESS_TOKEN DANA_ID=$STAFF_ID
demo_creds priya || bail_out "no demo credentials for priya"
PRIYA_PASSWORD=$CRED_PASSWORD PRIYA_SECRET=$CRED_TOTP_SECRET

# Both clients sign in while the test reads the server's view.
client_start dana dana "$(totp_next "$DANA_SECRET")" "$DANA_PASSWORD"
client_start priya priya "$(totp_fresh "$PRIYA_SECRET")" "$PRIYA_PASSWORD"

call "$DANA_TOKEN" Department/get '{"ids": null}'
FD_ID=$(rj -r '.list[] | select(.name == "Front Desk") | .id')
[ -n "$FD_ID" ] || bail_out "no Front Desk department: $R"
# fd_counts: "waiting unassigned open" of Front Desk, as Dana sees them.
fd_counts() {
	call "$DANA_TOKEN" Department/get "{\"ids\": [\"$FD_ID\"]}"
	rj -r '.list[0].counts | "\(.waiting) \(.unassigned) \(.open)"'
}
# Every Front Desk conversation: id, name, phone, status (for the title checks too).
batch "$DANA_TOKEN" "$(jq -nc --arg d "$FD_ID" '{methodCalls: [
	["Conversation/query", {filter: {departmentId: $d, status: ["open","pending","snoozed","resolved"]},
		limit: 500}, "q"],
	["Conversation/get", {"#ids": {resultOf: "q", name: "Conversation/query", path: "/ids"},
		properties: ["patientName", "patientPhone", "status"]}, "g"]]}')"
FD_CONVS=$(mres g | jq -c '.list')
[ "$(jq length <<<"$FD_CONVS")" -ge 5 ] || bail_out "the demo Front Desk has too few conversations: $FD_CONVS"
mapfile -t FD_NAMES < <(jq -r '.[].patientName' <<<"$FD_CONVS")
mapfile -t FD_PHONES < <(jq -r '.[].patientPhone' <<<"$FD_CONVS")
# Open, waiting Front Desk patients, longest waiting first.
call "$DANA_TOKEN" Conversation/query "$(jq -nc --arg d "$FD_ID" '{filter: {departmentId: $d,
	status: ["open"], waiting: true}, sort: [{property: "waitingSince", isAscending: true}], limit: 20}')"
mapfile -t WAITING < <(rj -r '.ids[]')
[ "${#WAITING[@]}" -ge 4 ] || bail_out "the demo Front Desk has fewer than 4 waiting patients: $R"
conv_field() { jq -r --arg i "$1" --arg f "$2" '.[] | select(.id == $i) | .[$f]' <<<"$FD_CONVS"; }
OLDEST=${WAITING[0]} OLDEST_NAME=$(conv_field "${WAITING[0]}" patientName)
OLDEST_PHONE=$(conv_field "${WAITING[0]}" patientPhone)
DRAFT_NAME=$(conv_field "${WAITING[1]}" patientName)
SEND_CONV=${WAITING[2]} SEND_NAME=$(conv_field "${WAITING[2]}" patientName)
INBOUND_NAME=$(conv_field "${WAITING[3]}" patientName)
INBOUND_PHONE=$(conv_field "${WAITING[3]}" patientPhone)
diag "oldest waiting: $OLDEST_NAME; draft: $DRAFT_NAME; send: $SEND_NAME; inbound: $INBOUND_NAME"

# The pane and window titles, sampled along the way (check 13).
TITLES=()
sample_titles() {
	TITLES+=("$(pane_fmt dana '#{pane_title}')" "$(pane_fmt dana '#{window_name}')")
	tmux_cmd has-session -t priya 2>/dev/null &&
		TITLES+=("$(pane_fmt priya '#{pane_title}')" "$(pane_fmt priya '#{window_name}')")
}
# outbox_count TEXT: how many texts the sim carrier sent with exactly TEXT.
outbox_count() { ctl sim outbox | awk -F'\t' -v t="$1" '$5 == t { n++ } END { print n + 0 }'; }
outbox_has() { [ "$(outbox_count "$1")" -ge 1 ]; }

# ---- 1. sign-in ---------------------------------------------------------------
check_pane "1. dana signs in: the inbox appears and the status bar says live" dana 20 \
	all_of title_has " Curtain · $PRACTICE · Dana Reyes" -- status_has "live" -- has_row "$OLDEST_NAME"
forget_creds dana
sample_titles

# ---- 2. department counts -----------------------------------------------------
sidebar_counts() {
	local i
	for ((i = 1; i < ${#SCR[@]}; i++)); do
		if [[ ${SCR[i]:0:SIDEBAR_W} =~ ^.Front\ Desk\ +([0-9]+)\ +([0-9]+)\ +([0-9]+)$ ]]; then
			SIDEBAR="${BASH_REMATCH[1]} ${BASH_REMATCH[2]} ${BASH_REMATCH[3]}"
			return 0
		fi
	done
	SIDEBAR=
	return 1
}
sidebar_is() { sidebar_counts && [ "$SIDEBAR" = "$1" ]; }
WANT_COUNTS=$(fd_counts)
if wait_pane dana 3000 sidebar_is "$WANT_COUNTS"; then
	pass "2. the sidebar's Front Desk waiting/new/open counts match Department/get ($WANT_COUNTS)"
else
	fail_screen "2. the sidebar's Front Desk waiting/new/open counts match Department/get" \
		"sidebar: '${SIDEBAR}'" "server (waiting unassigned open): '$WANT_COUNTS'"
fi

# ---- 3. the longest-waiting patient ----------------------------------------------
keys dana n
check_pane "3. n opens the longest-waiting patient ($OLDEST_NAME)" dana 5 thread_head_has " $OLDEST_NAME  "
LAST_IN=$(messages "$DANA_TOKEN" "$OLDEST" | jq -r '[.[] | select(.direction == "in")][-1].body // empty')
[ -n "$LAST_IN" ] || bail_out "no inbound message in $OLDEST_NAME's conversation"
check_pane "3. the thread shows the patient's messages" dana 5 \
	all_of thread_has "◀ Patient" -- thread_has "$LAST_IN"
sample_titles

# ---- 4. a template with a prompt-for-value placeholder ---------------------------
FIRST=${OLDEST_NAME%% *}
WANT_TEXT="Hi $FIRST, please arrive at 10:15. - $PRACTICE"
keys dana T
if wait_pane dana 3000 has "Templates"; then
	type_text dana "Arrival"
	# The highlighted choice (the picker matches template text too).
	wait_pane dana 3000 has "▶ Arrival time"
	keys dana Enter
	if wait_pane dana 3000 all_of has "Fill in the template" -- has "arrival time"; then
		type_text dana "10:15"
		keys dana Enter
	fi
fi
check_pane "4. the template is filled in the compose box" dana 5 thread_has "$WANT_TEXT"
sample_titles
keys dana Enter
if wait_ms 8000 outbox_has "$WANT_TEXT"; then
	pass "4. the sim carrier sent the filled-in template (first name, 10:15, practice)"
else
	fail_screen "4. the sim carrier sent the filled-in template (first name, 10:15, practice)" \
		"wanted: $WANT_TEXT" "sim outbox:" "$(ctl sim outbox)"
fi
got_to=$(ctl sim outbox | awk -F'\t' -v t="$WANT_TEXT" '$5 == t { print $4 }' | tail -n 1)
is "$got_to" "$OLDEST_PHONE" "4. ... to the patient's number"
check_pane "4. the sent text shows in the thread as delivered" dana 5 \
	all_of thread_has "delivered ✓ $WANT_TEXT" -- has " Enter reply  T template"

# ---- 5. claim -------------------------------------------------------------------------
wait_pane dana 2000 row_assignee "$OLDEST_NAME"
[ "${ASSIGNEE-}" = me ] && diag "note: $OLDEST_NAME was already Dana's before c"
keys dana c
check_pane "5. c claims it: the queue shows 'me' as the assignee" dana 5 row_assignee_is "$OLDEST_NAME" me
is "$(conv_get "$DANA_TOKEN" "$OLDEST" | jq -r .assigneeId)" "$DANA_ID" "5. ... and the server agrees"

# ---- 6. a supervisor reassigns from a second pane ---------------------------------
check_pane "6. priya signs in in a second pane" priya 20 status_has "live"
forget_creds priya
sample_titles
# The department the title and sidebar select must be the queue's: the
# "N conversations" head equals that department's open count.
selected_open() {
	local i
	for ((i = 1; i < ${#SCR[@]}; i++)); do
		if [[ ${SCR[i]:0:SIDEBAR_W} =~ ^▶(.+[^ ])\ +([0-9]+)\ +([0-9]+)\ +([0-9]+)$ ]]; then
			SEL_DEPT=${BASH_REMATCH[1]} SEL_OPEN=${BASH_REMATCH[4]}
			return 0
		fi
	done
	return 1
}
queue_is_selected_dept() { queue_total && selected_open && [ "$TOTAL" = "$SEL_OPEN" ]; }
if wait_pane priya 3000 queue_is_selected_dept; then
	pass "6. (extra) priya's queue is the department her sidebar and title select ($SEL_DEPT)"
else
	queue_names
	fail_screen "6. (extra) priya's queue is the department her sidebar and title select" \
		"selected: '${SEL_DEPT-}' with ${SEL_OPEN-?} open; queue head: ${TOTAL-?} conversations" \
		"queue: ${NAMES[*]}"
fi
for _ in 1 2 3; do
	capture priya
	title_has "· Front Desk ·" && queue_total && [ "$TOTAL" != 0 ] && break
	keys priya ']'
	wait_pane priya 2000 title_has "· Front Desk ·"
	sleep 0.3
done
if select_row priya "$OLDEST_NAME"; then
	keys priya a
	if wait_pane priya 3000 has "Reassign to"; then
		type_text priya "Miguel"
		wait_pane priya 3000 all_of has "Miguel Ortiz" -- lacks "Dana Reyes  "
	fi
fi
capture priya
if has "Reassign to" && has "Miguel Ortiz"; then
	keys priya Enter
	if wait_pane dana 2000 row_assignee_other "$OLDEST_NAME"; then
		pass "6. dana's pane shows the new assignee within 2 s, no key pressed (${WAITED_MS} ms)"
	else
		fail_screen "6. dana's pane shows the new assignee within 2 s, no key pressed" \
			"assignee column: '${ASSIGNEE-}' after ${WAITED_MS} ms"
	fi
	check_pane "6. ... the thread header names Miguel Ortiz" dana 2 thread_head_has "Miguel Ortiz"
else
	fail_screen "6. dana's pane shows the new assignee within 2 s, no key pressed" \
		"priya could not open the staff picker on $OLDEST_NAME"
	skip "6. ... the thread header names Miguel Ortiz" "no reassignment"
fi
call "$DANA_TOKEN" Staff/get '{"ids": null}'
MIGUEL_ID=$(rj -r '.list[] | select(.username == "miguel") | .id')
is "$(conv_get "$DANA_TOKEN" "$OLDEST" | jq -r .assigneeId)" "$MIGUEL_ID" "6. ... and the server has Miguel"
sample_titles
quit_client priya
is "${EXIT_STATUS:-none}" 0 "6. priya quits with q, exit status 0"

# ---- 7. an internal note ------------------------------------------------------------
NOTE="Note 5517: ID checked at the desk"
keys dana N
if wait_pane dana 3000 has "Internal note, never sent to the patient"; then
	type_text dana "$NOTE"
	wait_pane dana 3000 thread_has "$NOTE"
	sample_titles
	keys dana Enter
fi
check_pane "7. the note shows in the thread as a note" dana 5 \
	all_of thread_has "[note] Dana Reyes" -- thread_has "(internal, never sent) $NOTE"
sleep 0.5
is "$(outbox_count "$NOTE")$(ctl sim outbox | grep -c -F 'ID checked at the desk')" 00 \
	"7. the note never reached the sim carrier"
is "$(messages "$DANA_TOKEN" "$OLDEST" | jq --arg n "$NOTE" '[.[] | select(.body | contains($n))] | length')" 0 \
	"7. ... and is no message"
call "$DANA_TOKEN" Note/query "{\"filter\": {\"conversationId\": \"$OLDEST\"}}"
note_ids=$(rj -c '.ids // []')
call "$DANA_TOKEN" Note/get "{\"ids\": $note_ids}"
# shellcheck disable=SC2016 # a jq variable
is "$(rj --arg n "$NOTE" '[.list[]? | select(.body == $n)] | length')" 1 "7. ... but a note on the server"

# ---- 8. resolve ---------------------------------------------------------------------------
keys dana r
check_pane "8. r resolves: it leaves the open queue" dana 5 no_row "$OLDEST_NAME"
check_pane "8. ... and the thread header says resolved" dana 2 thread_head_has "· resolved ·"
is "$(conv_get "$DANA_TOKEN" "$OLDEST" | jq -r .status)" resolved "8. ... and the server agrees"
sample_titles

# ---- 9. an inbound text, no key pressed ----------------------------------------------------
PING="ping $((RANDOM % 9000 + 1000))"
now_ms
t0=$NOW_MS
sms_in "$INBOUND_PHONE" "$PING" >/dev/null 2>&1 || diag "curtainctl sms-in failed"
now_ms
left=$((1000 - (NOW_MS - t0)))
[ "$left" -lt 0 ] && left=0
if wait_pane dana "$left" has "$PING"; then
	now_ms
	pass "9. an inbound text shows within 1 s, no key pressed ($((NOW_MS - t0)) ms)"
else
	now_ms
	fail_screen "9. an inbound text shows within 1 s, no key pressed" \
		"'$PING' from $INBOUND_NAME not on screen after $((NOW_MS - t0)) ms"
fi
row_has() { row_index "$1" && [[ ${SCR[ROW + 2]} == *"$2"* ]]; }
check_pane "9. ... in $INBOUND_NAME's row" dana 2 row_has "$INBOUND_NAME" "$PING"

# ---- 10. curtaind killed and restarted around a send ------------------------------------------
DRAFT="draft 8841 for later"
SEND_TEXT="Sent while the server was down 3390"
press_esc dana # the queue
if select_row dana "$DRAFT_NAME"; then
	keys dana Enter
	wait_pane dana 3000 has "Enter send"
	type_text dana "$DRAFT"
	wait_pane dana 3000 thread_has "$DRAFT"
	press_esc dana # leave the compose box: the draft stays
	press_esc dana # the queue
else
	fail_screen "10. (setup) open $DRAFT_NAME's conversation"
fi
if select_row dana "$SEND_NAME"; then
	keys dana Enter
	wait_pane dana 3000 has "Enter send"
	type_text dana "$SEND_TEXT"
	wait_pane dana 3000 thread_has "$SEND_TEXT"
else
	fail_screen "10. (setup) open $SEND_NAME's conversation"
fi
sample_titles
kill -KILL "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
stop_server "$SERVER_PID" # reaped already: only forgets it
keys dana Enter # send, with the server down
check_pane "10. with curtaind killed the status bar says reconnecting" dana 10 status_has "reconnecting"
check_pane "10. ... and the text waits in the outbox" dana 3 all_of thread_has "sending… $SEND_TEXT" -- status_has "1 sending"
sleep 1 # let the client try (and fail) to send
"$CURTAIND" -d "$DB" --listen "127.0.0.1:$SERVER_PORT" --gateway sim \
	>>"$TMP/curtaind.log" 2>&1 </dev/null &
SERVER_PID=$!
track_pid "$SERVER_PID"
if wait_for 10 curl -fs -o /dev/null --max-time 1 "$SERVER_URL/v1/health"; then
	pass "10. curtaind restarts on the same port and database"
else
	fail "10. curtaind restarts on the same port and database" "$(tail -n 20 "$TMP/curtaind.log")"
fi
check_pane "10. ... then the status bar says live again" dana 20 status_has "live"
if wait_ms 15000 outbox_has "$SEND_TEXT"; then
	sleep 3 # would a retry send it twice?
	is "$(outbox_count "$SEND_TEXT")" 1 "10. the text typed while curtaind was down was sent exactly once"
else
	fail_screen "10. the text typed while curtaind was down was sent exactly once" \
		"not sent after 15 s; sim outbox:" "$(ctl sim outbox)"
fi
is "$(messages "$DANA_TOKEN" "$SEND_CONV" | jq --arg t "$SEND_TEXT" '[.[] | select(.body == $t)] | length')" 1 \
	"10. ... and the conversation holds it once"
press_esc dana # the queue
if select_row dana "$DRAFT_NAME"; then
	check_pane "10. the draft typed before the restart is still in $DRAFT_NAME's compose box" dana 3 \
		thread_has "$DRAFT"
else
	fail_screen "10. the draft typed before the restart is still in $DRAFT_NAME's compose box" \
		"could not open the conversation again"
fi
is "$(outbox_count "$DRAFT")" 0 "10. ... and was never sent"
press_esc dana # the queue
sample_titles
WANT_COUNTS=$(fd_counts)
if wait_pane dana 3000 sidebar_is "$WANT_COUNTS"; then
	pass "2b. after all that the sidebar's counts still match Department/get ($WANT_COUNTS)"
else
	fail_screen "2b. after all that the sidebar's counts still match Department/get" \
		"sidebar: '${SIDEBAR}'" "server (waiting unassigned open): '$WANT_COUNTS'"
fi

# ---- 11. resize -----------------------------------------------------------------------------
# clean_layout COLS ROWS: the title bar on the first line only, the status
# bar (ending in "live" at the right edge) on the last line only, the queue
# visible with the layout for that width.
clean_layout() {
	local cols=$1 rows=$2 i n=0
	[ "${#SCR[@]}" -eq "$rows" ] || return 1
	[[ ${SCR[0]} == " Curtain · $PRACTICE · Dana Reyes"* ]] || return 1
	[[ ${SCR[rows - 1]} == *live ]] || return 1
	local w
	w=$(printf '%s\n' "${SCR[rows - 1]}" | wc -L)
	[ "$w" -ge $((cols - 2)) ] && [ "$w" -le "$cols" ] || return 1
	for ((i = 1; i < rows - 1; i++)); do
		[[ ${SCR[i]} == *"Curtain ·"* || ${SCR[i]} == *live || ${SCR[i]} == *"? help"* ]] && return 1
	done
	[[ ${SCR[1]} =~ ^\ Departments\ +[0-9]+\ conversations ]] || return 1
	for i in "${FD_NAMES[@]}"; do
		[[ $SCREEN == *"$i"* ]] && n=$((n + 1))
	done
	[ "$n" -ge 5 ] || return 1
	if [ "$cols" -ge 110 ]; then
		has " wait  new open" && thread_head_has_at "$cols" " $DRAFT_NAME  "
	else
		has " wait" && lacks "new open"
	fi
}
thread_head_has_at() { # the thread pane's head at width COLS
	local lw=$((($1 - SIDEBAR_W) * 45 / 100))
	[ "$lw" -lt 44 ] && lw=44
	[[ ${SCR[1]:SIDEBAR_W+lw} == *"$2"* ]]
}
tmux_cmd resize-window -t dana -x 80 -y 24
check_pane "11. resized to 80x24 the screen redraws: title, queue, status bar in place" dana 5 \
	clean_layout 80 24
tmux_cmd resize-window -t dana -x 200 -y 60
check_pane "11. resized to 200x60 it redraws again: sidebar, queue and thread" dana 5 \
	clean_layout 200 60
sample_titles

# ---- 13. PHI hygiene: titles, quitting ------------------------------------------------------------
leaks=()
host=$(hostname 2>/dev/null)
for t in "${TITLES[@]}"; do
	[ "$t" = "$host" ] && continue # tmux's default pane title
	digits=${t//[!0-9]/}
	for i in "${!FD_NAMES[@]}"; do
		name=${FD_NAMES[i]} phone=${FD_PHONES[i]}
		for part in "$name" $name; do
			[ ${#part} -ge 3 ] && [[ ${t,,} == *"${part,,}"* ]] && leaks+=("'$t' has '$part'")
		done
		[ -n "$digits" ] && [[ $digits == *"${phone: -7}"* ]] && leaks+=("'$t' has ${phone: -7}")
	done
done
if [ "${#TITLES[@]}" -ge 20 ] && [ "${#leaks[@]}" -eq 0 ]; then
	pass "13. no patient name or number in the pane or window title (${#TITLES[@]} samples)"
else
	fail "13. no patient name or number in the pane or window title" \
		"${#TITLES[@]} samples:" "${TITLES[@]}" "leaks:" "${leaks[@]}"
fi
is "$(pane_fmt dana '#{alternate_on}')" 1 "13. the client runs on the alternate screen"
quit_client dana
is "${EXIT_STATUS:-none}" 0 "13. q quits with exit status 0"
is "$(pane_fmt dana '#{alternate_on}')" 0 "13. ... and leaves the alternate screen"
capture dana
leaks=()
for name in "${FD_NAMES[@]}"; do
	has "$name" && leaks+=("$name")
done
if [ "${#leaks[@]}" -eq 0 ] && lacks "Curtain ·" && [[ $SCREEN =~ ^[[:space:]]*EXITED\ 0[[:space:]]*$ ]]; then
	pass "13. ... and nothing of the inbox is left in the terminal"
else
	fail_screen "13. ... and nothing of the inbox is left in the terminal" "left: ${leaks[*]}"
fi

stop_server "$SERVER_PID"
done_testing
