#!/usr/bin/env bash
# test_nag.sh: the "too detailed for SMS" nag in the real `curtain` client,
# driven through a private tmux server against a curtaind with the demo
# practice (issue 5). Dana (agent, Front Desk) signs in for real and:
#
#   types a clinical draft: the line under the compose box names the
#   reason, and the flagged word (only it) is drawn underlined (read with
#   capture-pane -e); Enter opens the question instead of sending; e goes
#   back with the text intact; s puts the department's secure-message
#   template (from the demo seed) in the compose box, filled in and not
#   sent; ! alone arms "send anyway", any other key disarms it, Y alone
#   does nothing, ! then Y sends, and the server's audit log then has a
#   phi.override entry with the categories and never the text; ? in the
#   question lists its keys; a logistics draft and a note with clinical
#   words go out with no question and no nag; the template picker marks a
#   clinical template with a glyph and highlights its words in the preview;
#   a department without a secure-message template says how to set one.
#
#   BUILD=build bash tests/tui/test_nag.sh      (KEEP_TMP=1 keeps $TMP)

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

# The drafts. CLINICAL must nag (a drug name, a lab value); its flagged
# word DRUG must be found and the word CALM next to it must not be.
# LOGISTICS and the demo's secure-message template must not nag.
DRUG=metformin
CALM=doubled
CLINICAL="Dr. Lee $CALM your $DRUG, please take it with dinner."
LOGISTICS="We can see you Tuesday at 3:15 pm. Reply C to confirm, thanks!"
NOTE_TEXT="Patient says $DRUG upsets her stomach; A1c 9.2 last week."
CLINICAL_TEMPLATE="Hi {patient.first_name}, your A1c is 9.2; keep taking $DRUG twice a day."

# ---- the practice ------------------------------------------------------------
tui_demo_practice
ctl template add --name "Lab follow-up" --dept "Front Desk" --body "$CLINICAL_TEMPLATE" \
	>/dev/null 2>&1 || bail_out "curtainctl template add failed"
# The detector itself must agree with the drafts chosen above.
scan_nag() { printf '%s\n' "$1" | "$CURTAIN" scan | jq -r .nag; }
[ "$(scan_nag "$CLINICAL")" = true ] || bail_out "curtain scan does not flag: $CLINICAL"
[ "$(scan_nag "$LOGISTICS")" = false ] || bail_out "curtain scan flags: $LOGISTICS"
printf '%s\n' "$CLINICAL" | "$CURTAIN" scan | jq -e --arg d "$DRUG" --arg c "$CALM" \
	'[.findings[].text] | (any(contains($d))) and (all(contains($c) | not))' >/dev/null ||
	bail_out "curtain scan does not flag exactly '$DRUG' in: $CLINICAL"
start_server "$DB" --gateway sim || bail_out "curtaind did not start"

PRACTICE=$(ctl practice show | sed -n 's/^name:\t//p')
[ -n "$PRACTICE" ] || bail_out "no practice name from curtainctl practice show"
SECURE_START="You have a new secure message from $PRACTICE."
[ "$(scan_nag "$SECURE_START")" = false ] || bail_out "the secure-message template nags"

demo_creds dana || bail_out "no demo credentials for dana"
DANA_PASSWORD=$CRED_PASSWORD DANA_SECRET=$CRED_TOTP_SECRET
login dana "$DANA_PASSWORD" "$DANA_SECRET" || bail_out "API sign-in as dana failed"
DANA_TOKEN=$ACCESS_TOKEN
client_start dana dana "$(totp_next "$DANA_SECRET")" "$DANA_PASSWORD"

call "$DANA_TOKEN" Department/get '{"ids": null}'
FD_ID=$(rj -r '.list[] | select(.name == "Front Desk") | .id')
[ -n "$FD_ID" ] || bail_out "no Front Desk department: $R"
call "$DANA_TOKEN" Conversation/query "$(jq -nc --arg d "$FD_ID" '{filter: {departmentId: $d,
	status: ["open"], waiting: true}, sort: [{property: "waitingSince", isAscending: true}], limit: 5}')"
CONV=$(rj -r '.ids[0] // empty')
[ -n "$CONV" ] || bail_out "no waiting Front Desk conversation: $R"
CONV_NAME=$(conv_get "$DANA_TOKEN" "$CONV" | jq -r .patientName)

# outbox_count TEXT: how many texts the sim carrier sent containing TEXT.
outbox_count() { ctl sim outbox | awk -F'\t' -v t="$1" 'index($5, t) { n++ } END { print n + 0 }'; }
outbox_has() { [ "$(outbox_count "$1")" -ge 1 ]; }
# The compose box's nag line and the question.
NAG_LINE="Too detailed for SMS:"
nag_shown() { thread_has "$NAG_LINE"; }
no_nag() { ! thread_has "$NAG_LINE"; }
dialog_up() { has "Too detailed for SMS " && has "send anyway"; }
dialog_gone() { ! has "send anyway"; }
armed() { has "sends it, any other key cancels"; }

# underline_of TARGET TEXT: captures TARGET with attributes, finds the first
# line containing TEXT and sets UL to one 0/1 per character of TEXT: 1 where
# the character is drawn underlined (SGR 4). 1 when TEXT is not on screen.
underline_of() {
	local target=$1 text=$2 esc line plain map ul i j n p fin params
	esc=$(tmux -S "$TMUX_SOCK" capture-pane -e -p -t "$target")
	UL=
	while IFS= read -r line; do
		plain="" map="" ul=0 i=0 n=${#line}
		while ((i < n)); do
			if [[ ${line:i:1} == $'\e' && ${line:i+1:1} == '[' ]]; then
				j=$((i + 2))
				while ((j < n)) && [[ ${line:j:1} == [0-9\;:] ]]; do j=$((j + 1)); done
				fin=${line:j:1} params=${line:i+2:j-i-2}
				if [ "$fin" = m ]; then
					local -a ps=()
					IFS=';' read -ra ps <<<"${params:-0}"
					for ((p = 0; p < ${#ps[@]}; p++)); do
						case ${ps[p]} in
						'' | 0 | 24 | 4:0) ul=0 ;;
						4 | 4:*) ul=1 ;;
						38 | 48 | 58) # colours: skip their arguments
							if [ "${ps[p + 1]-}" = 5 ]; then p=$((p + 2)); elif [ "${ps[p + 1]-}" = 2 ]; then p=$((p + 4)); fi ;;
						esac
					done
				fi
				i=$((j + 1))
				continue
			fi
			plain+=${line:i:1}
			map+=$ul
			i=$((i + 1))
		done
		if [[ $plain == *"$text"* ]]; then
			local before=${plain%%"$text"*}
			UL=${map:${#before}:${#text}}
			return 0
		fi
	done <<<"$esc"
	return 1
}
all_ones() { [[ -n $1 && $1 != *0* ]]; }
all_zeros() { [[ -n $1 && $1 != *1* ]]; }
# drug_marked: DRUG is underlined on screen and CALM is not.
drug_marked() {
	underline_of dana "$DRUG" && all_ones "$UL" && underline_of dana "$CALM" && all_zeros "$UL"
}

# ---- sign-in and the conversation ------------------------------------------------
check_pane "dana signs in" dana 20 status_has "live"
forget_creds dana
if ! select_row dana "$CONV_NAME"; then
	bail_out "cannot open $CONV_NAME's conversation"
fi

# reply_with TEXT: opens the compose box on the open conversation and types TEXT.
reply_with() {
	keys dana Enter
	wait_pane dana 3000 has "Enter send"
	type_text dana "$1"
	wait_pane dana 3000 thread_has "$1"
}

# ---- 1. a clinical draft ----------------------------------------------------------
reply_with "$CLINICAL"
check_pane "1. typing a clinical draft: the compose box says it is too detailed" dana 3 nag_shown
check_pane "1. ... and names the reason (medication)" dana 3 \
	all_of nag_shown -- matches "Too detailed for SMS: [^|]*medication"
if wait_pane dana 3000 drug_marked; then
	pass "1. '$DRUG' is drawn underlined (nag.span) and '$CALM' is not"
else
	underline_of dana "$DRUG"
	u1=$UL
	underline_of dana "$CALM"
	fail_screen "1. '$DRUG' is drawn underlined (nag.span) and '$CALM' is not" \
		"underline map of '$DRUG': '$u1', of '$CALM': '$UL'"
fi

# ---- 2. Enter asks; e edits -----------------------------------------------------------
keys dana Enter
check_pane "2. Enter opens the question instead of sending" dana 3 dialog_up
check_pane "2. ... which lists the reason and the word" dana 1 \
	all_of has "medication: “$DRUG" -- has "e edit"
is "$(outbox_count "$DRUG")" 0 "2. ... and nothing was sent"
keys dana y Enter
sleep 0.3
check_pane "2. y and Enter do not send from the question" dana 1 dialog_up
is "$(outbox_count "$DRUG")" 0 "2. ... nothing was sent"
keys dana '?'
check_pane "2. ? lists the question's keys" dana 3 \
	all_of has "Too detailed for SMS: send anyway (a second key confirms)" -- \
	has "Too detailed for SMS: use the secure message instead"
keys dana x
check_pane "2. ... and any key closes the help" dana 3 all_of dialog_up -- lacks "(a second key confirms)"
keys dana e
check_pane "2. e goes back to the compose box with the text intact" dana 3 \
	all_of dialog_gone -- thread_has "$CLINICAL" -- nag_shown
check_pane "2. ... still highlighted" dana 3 drug_marked

# ---- 3. the secure-message template ---------------------------------------------------------
keys dana Enter
wait_pane dana 3000 dialog_up
keys dana s
check_pane "3. s puts the secure-message template in the compose box" dana 3 \
	all_of dialog_gone -- thread_has "$SECURE_START" -- lacks "$DRUG"
check_pane "3. ... with no nag on it" dana 1 no_nag
is "$(outbox_count "$SECURE_START")" 0 "3. ... and does not send it"
keys dana Enter
if wait_ms 8000 outbox_has "$SECURE_START"; then
	pass "3. Enter then sends it with no question"
else
	fail_screen "3. Enter then sends it with no question" "sim outbox:" "$(ctl sim outbox)"
fi

# ---- 4. send anyway takes two keys -------------------------------------------------------------
reply_with "$CLINICAL"
keys dana Enter
check_pane "4. the question again" dana 3 dialog_up
keys dana Y
sleep 0.3
check_pane "4. Y alone does nothing" dana 1 all_of dialog_up -- lacks "sends it, any other key"
keys dana '!'
check_pane "4. ! arms it and asks for the confirming key" dana 3 armed
keys dana x
check_pane "4. any other key disarms it" dana 3 all_of dialog_up -- lacks "sends it, any other key"
keys dana '!'
wait_pane dana 3000 armed
press_esc dana
check_pane "4. Esc disarms it too" dana 3 all_of dialog_up -- lacks "sends it, any other key"
is "$(outbox_count "$DRUG")" 0 "4. ... and nothing was sent so far"
AUDIT_BEFORE=$(audit_jsonl | wc -l)
keys dana '!'
wait_pane dana 3000 armed
keys dana Y
check_pane "4. ! then Y sends it" dana 3 dialog_gone
if wait_ms 8000 outbox_has "$CLINICAL"; then
	is "$(outbox_count "$CLINICAL")" 1 "4. ... the carrier sent the text as written, once"
else
	fail_screen "4. ... the carrier sent the text as written, once" "sim outbox:" "$(ctl sim outbox)"
fi
override_entry() {
	audit_jsonl | tail -n +"$((AUDIT_BEFORE + 1))" | jq -c 'select(.action == "phi.override")' |
		head -n 1
}
OVERRIDE=$(override_entry)
check "4. the audit log has a phi.override entry for it" test -n "$OVERRIDE"
like "$OVERRIDE" '"medication"' "4. ... naming the category"
like "$OVERRIDE" "$CONV" "4. ... and the conversation"
unlike "$(ctl audit export)" "$DRUG|$CALM|dinner" "4. no word of the text anywhere in the audit log"
check "4. the audit log still verifies" ctl audit verify

# ---- 5. logistics and notes do not nag ----------------------------------------------------------
reply_with "$LOGISTICS"
check_pane "5. a logistics draft: no nag" dana 2 all_of thread_has "$LOGISTICS" -- no_nag
keys dana Enter
check_pane "5. ... Enter sends it with no question" dana 3 all_of dialog_gone -- has " Enter reply  T template"
check "5. ... and the carrier has it" wait_ms 8000 outbox_has "$LOGISTICS"
keys dana N
wait_pane dana 3000 has "Internal note, never sent to the patient"
type_text dana "$NOTE_TEXT"
check_pane "5. a note with clinical words: no nag" dana 3 all_of thread_has "$NOTE_TEXT" -- no_nag
if underline_of dana "$DRUG" && all_zeros "$UL"; then
	pass "5. ... and nothing underlined in it"
else
	fail_screen "5. ... and nothing underlined in it" "underline map of '$DRUG': '${UL-}'"
fi
keys dana Enter
check_pane "5. ... Enter saves it with no question" dana 5 \
	all_of dialog_gone -- thread_has "(internal, never sent) $NOTE_TEXT"
sleep 0.5
is "$(outbox_count "upsets her stomach")" 0 "5. ... and the note never reached the carrier"

# ---- 6. the template picker --------------------------------------------------------------------
keys dana T
if wait_pane dana 3000 has "Templates"; then
	type_text dana "Lab follow"
	wait_pane dana 3000 has "Lab follow-up"
fi
check_pane "6. the picker marks the clinical template with ⚠" dana 3 matches "⚠ Lab follow-up"
check_pane "6. ... its preview says why" dana 3 matches "Preview: ⚠ Too detailed for SMS: [^|]*medication"
# "taking metformin": the 7 characters of "taking " plain, the drug underlined.
preview_marked() { underline_of dana "taking $DRUG" && [ "$UL" = "0000000111111111" ]; }
if wait_pane dana 3000 preview_marked; then
	pass "6. ... and underlines '$DRUG' in the preview, not the words around it"
else
	fail_screen "6. ... and underlines '$DRUG' in the preview, not the words around it" "map: '${UL-}'"
fi
press_esc dana
wait_pane dana 3000 lacks "Templates"
keys dana T
wait_pane dana 3000 has "Templates"
type_text dana "Secure message"
check_pane "6. a logistics template has no mark" dana 3 \
	all_of matches "▶   Secure message \\[(en|es)\\]" -- lacks "⚠ Secure message"
press_esc dana
wait_pane dana 3000 lacks "Templates"

# ---- 7. a department without a secure-message template ---------------------------------------------
ctl dept set "Front Desk" --secure-template none >/dev/null || diag "dept set --secure-template none failed"
reply_with "$CLINICAL"
keys dana Enter
wait_pane dana 3000 dialog_up
for _ in 1 2 3 4 5; do
	keys dana s
	wait_pane dana 1000 has "no secure-message template" && break
done
check_pane "7. s says the department has no secure-message template" dana 3 \
	all_of has "no secure-message template" -- has "curtainctl dept set \"Front Desk\""
check_pane "7. ... and keeps the question open" dana 1 dialog_up
keys dana e
check_pane "7. e: the text is still there" dana 3 all_of dialog_gone -- thread_has "$CLINICAL"
is "$(outbox_count "$CLINICAL")" 1 "7. ... and was not sent again"

press_esc dana # the compose box keeps the draft; q quits from the thread
quit_client dana
is "${EXIT_STATUS:-none}" 0 "q quits with exit status 0"
stop_server "$SERVER_PID"
done_testing
