#!/usr/bin/env bash
# test_carrier.sh: the sim carrier hook (PROTOCOL.md section 9): inbound texts
# make and extend conversations, STOP/START/YES/HELP keywords and their
# replies, consent blocking sends, reopening, duplicate MessageSid, unknown
# numbers and the TwiML answer.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib/common.sh"
. "$HERE/../lib/api.sh"

DB=$TMP/carrier.db
ctl init >/dev/null 2>&1
ctl seed --demo >/dev/null 2>&1
start_server "$DB"
login_demo dana && DANA=$ACCESS_TOKEN
check "dana signed in" test -n "${DANA:-}"
: "${DANA:=x}"
get_auth /v1/session "$DANA"
PRACTICE_NAME=$(jr .practice.name)
PRACTICE_PHONE=$(jr .practice.phone)
FD=$(jr '.departments[] | select(.name == "Front Desk") | .id')
check "session names the practice" test -n "$PRACTICE_NAME" -a -n "$PRACTICE_PHONE"

FDN=+15555550100
P=+15555557001
OUTBOX() { ctl sim outbox 2>/dev/null; }
outbox_to() { OUTBOX | grep -cF -- "$1" || true; }
sys_count() { messages "$DANA" "$1" | jq '[.[] | select(.direction == "system")] | length'; }
msg_count() { messages "$DANA" "$1" | jq 'length'; }
consent_of() { conv_get "$DANA" "$1" | jq -r .consent; }
consent_api() {
	call "$DANA" Consent/get "{\"conversationIds\": [\"$1\"]}"
	rj '.list[0].state'
}

# ---- new and existing conversations -------------------------------------------------
inbound "$P" "$FDN" "Hi, is this the front desk? itest one"
is "$?" 0 "sms-in from a new number"
C=$(conv_by_phone "$DANA" "$P")
check "a conversation exists for the new number" test -n "$C"
CONV=$(conv_get "$DANA" "$C")
is "$(jq -r '"\(.departmentId == "'"$FD"'") \(.status) \(.unread) \(.lastMessage.direction)"' <<<"$CONV")" \
	"true open true in" "new conversation: Front Desk, open, unread, last message inbound"
is "$(jq -r '.lastMessage.preview' <<<"$CONV")" "Hi, is this the front desk? itest one" "new conversation: preview is the text"
check "new conversation: waitingSince set" test "$(jq -r '.waitingSince != null' <<<"$CONV")" = true
inbound "$P" "$FDN" "Second text from the same patient"
is "$(conv_by_phone "$DANA" "$P")" "$C" "a second text from the same number appends to the same conversation"
is "$(msg_count "$C")" 2 "the conversation has both texts"
is "$(messages "$DANA" "$C" | jq -r '[.[].body] | join("|")')" \
	"Hi, is this the front desk? itest one|Second text from the same patient" "texts in order"

# ---- STOP -------------------------------------------------------------------------------
O0=$(outbox_to "$P")
S0=$(sys_count "$C")
inbound "$P" "$FDN" "  Stop  "
is "$(consent_of "$C")" optedOut "STOP (any case, spaces): conversation consent optedOut"
is "$(consent_api "$C")" optedOut "STOP: Consent/get says optedOut"
got_one() { [ "$(outbox_to "$P")" -ge $((O0 + 1)) ]; }
check "STOP: a confirmation reached the sim outbox" wait_for 5 got_one
sleep 0.5
is "$(outbox_to "$P")" "$((O0 + 1))" "STOP: exactly one confirmation"
is "$(sys_count "$C")" "$((S0 + 1))" "STOP: the confirmation is a system message"
is "$(messages "$DANA" "$C" | jq -r '[.[] | select(.direction == "in")][-1].body | ascii_downcase | test("stop")')" true \
	"STOP: the keyword text is still recorded"
inbound "$P" "$FDN" "UNSUBSCRIBE"
sleep 1
is "$(outbox_to "$P")" "$((O0 + 1))" "a second opt-out keyword sends no confirmation"
is "$(sys_count "$C")" "$((S0 + 1))" "a second opt-out keyword adds no system message"
is "$(consent_of "$C")" optedOut "still opted out"

# ---- sending to an opted-out number -------------------------------------------------------
send "$DANA" "$C" "Your appointment is confirmed, itest blocked" "" '{"ignoreReplyGuard": true}'
is "$(rj '.notCreated.k1.type')" optedOut "send to an opted-out number: optedOut"
check "optedOut has a description" test -n "$(rj '.notCreated.k1.description // empty')"
is "$(OUTBOX | grep -cF 'itest blocked')" 0 "nothing was sent"

# ---- START ------------------------------------------------------------------------------------
inbound "$P" "$FDN" "start"
is "$(consent_of "$C")" optedIn "START: opted back in"
is "$(consent_api "$C")" optedIn "START: Consent/get says optedIn"
got_two() { [ "$(outbox_to "$P")" -ge $((O0 + 2)) ]; }
check "START: a confirmation reached the sim outbox" wait_for 5 got_two
sleep 0.5
is "$(outbox_to "$P")" "$((O0 + 2))" "START: exactly one confirmation"
is "$(sys_count "$C")" "$((S0 + 2))" "START: the confirmation is a system message"

send "$DANA" "$C" "Your appointment is confirmed, itest allowed" "" '{"ignoreReplyGuard": true}'
check "send works again after START" test -n "$(rj '.created.k1.id // empty')"
allowed() { [ "$(OUTBOX | grep -cF 'itest allowed')" -eq 1 ]; }
check "the text reached the sim outbox" wait_for 5 allowed
O1=$(outbox_to "$P")
S1=$(sys_count "$C")

# ---- YES when opted in is an ordinary message --------------------------------------------------
inbound "$P" "$FDN" "Yes"
sleep 1
is "$(outbox_to "$P")" "$O1" "YES when not opted out: no reply"
is "$(sys_count "$C")" "$S1" "YES when not opted out: no system message"
is "$(messages "$DANA" "$C" | jq -r '.[-1] | "\(.direction) \(.body)"')" "in Yes" "YES is recorded as an ordinary inbound text"
is "$(consent_of "$C")" optedIn "YES when opted in leaves consent alone"

# ---- YES when opted out opts back in ----------------------------------------------------------------
inbound "$P" "$FDN" "QUIT"
is "$(consent_of "$C")" optedOut "QUIT opts out"
inbound "$P" "$FDN" "YES"
is "$(consent_of "$C")" optedIn "YES when opted out opts back in"
got_yes() { [ "$(outbox_to "$P")" -ge $((O1 + 2)) ]; }
check "QUIT and YES each sent one confirmation" wait_for 5 got_yes
S2=$(sys_count "$C")
O2=$(outbox_to "$P")

# ---- opting out is per department number --------------------------------------------------------
inbound "$P" +15555550101 "STOP"
is "$(consent_of "$C")" optedIn "STOP to the Billing number leaves Front Desk consent alone"
got_bi() { [ "$(outbox_to "$P")" -ge $((O2 + 1)) ]; }
check "STOP to the Billing number: Billing's confirmation was sent" wait_for 5 got_bi
sleep 0.5
O2=$(outbox_to "$P")

# ---- HELP ----------------------------------------------------------------------------------------
inbound "$P" "$FDN" "HELP"
help_in() { [ "$(sys_count "$C")" -ge $((S2 + 1)) ]; }
check "HELP: a system reply" wait_for 5 help_in
HELP_BODY=$(messages "$DANA" "$C" | jq -r '[.[] | select(.direction == "system")][-1].body')
check "HELP reply names the practice ($PRACTICE_NAME)" grep -qF -- "$PRACTICE_NAME" <<<"$HELP_BODY"
PDIG=$(tr -cd 0-9 <<<"$PRACTICE_PHONE")
check "HELP reply gives the practice phone" grep -qF -- "${PDIG: -10}" <<<"$(tr -cd 0-9 <<<"$HELP_BODY")"
got_help() { [ "$(outbox_to "$P")" -ge $((O2 + 1)) ]; }
check "HELP reply reached the sim outbox" wait_for 5 got_help
is "$(consent_of "$C")" optedIn "HELP leaves consent alone"

# ---- every keyword of section 9 -------------------------------------------------------------
n=0
for kw in STOPALL end Cancel REVOKE optout; do
	n=$((n + 1))
	PK=+155555571$((10 + n))
	inbound "$PK" "$FDN" "$kw"
	CK=$(conv_by_phone "$DANA" "$PK")
	is "$(consent_of "$CK")" optedOut "keyword $kw opts out"
	[ "$n" = 1 ] && KW_CONV=$CK
done
inbound +15555557111 "$FDN" "UNSTOP"
is "$(consent_of "$KW_CONV")" optedIn "keyword UNSTOP opts back in"
SK=$(sys_count "$KW_CONV")
inbound +15555557111 "$FDN" "info"
info_in() { [ "$(sys_count "$KW_CONV")" -ge $((SK + 1)) ]; }
check "keyword INFO answers like HELP" wait_for 5 info_in
check "the INFO reply names the practice" grep -qF -- "$PRACTICE_NAME" \
	<<<"$(messages "$DANA" "$KW_CONV" | jq -r '[.[] | select(.direction == "system")][-1].body')"

# ---- reopening ------------------------------------------------------------------------------------
call "$DANA" Conversation/set "{\"update\": {\"$C\": {\"status\": \"resolved\", \"unread\": false}}}"
is "$(conv_get "$DANA" "$C" | jq -r .status)" resolved "conversation resolved"
inbound "$P" "$FDN" "Sorry, one more question"
is "$(conv_get "$DANA" "$C" | jq -r '"\(.status) \(.unread)"')" "open true" "an inbound text reopens a resolved conversation and marks it unread"
FUT=$(date -u -d '+3 hours' +%Y-%m-%dT%H:%M:%SZ)
call "$DANA" Conversation/set "{\"update\": {\"$C\": {\"status\": \"snoozed\", \"snoozedUntil\": \"$FUT\"}}}"
is "$(conv_get "$DANA" "$C" | jq -r .status)" snoozed "conversation snoozed"
inbound "$P" "$FDN" "Hello again"
is "$(conv_get "$DANA" "$C" | jq -r '"\(.status) \(.snoozedUntil)"')" "open null" "an inbound text reopens a snoozed conversation"

# ---- the raw hook: TwiML answer, duplicate MessageSid, unknown number ---------------------------------
P2=+15555557002
hook_in SMitest00000000000000000000000001 "$P2" "$FDN" "Raw hook text itest dup"
is "$RESP_STATUS" 200 "sim hook: 200"
is "$(hdr Content-Type | sed 's/;.*//')" text/xml "sim hook answers text/xml"
check "sim hook answers an empty TwiML Response (got '$RESP')" grep -Eq '<Response */>|<Response></Response>' <<<"$RESP"
C2=$(conv_by_phone "$DANA" "$P2")
check "the raw hook made a conversation" test -n "$C2"
hook_in SMitest00000000000000000000000001 "$P2" "$FDN" "Raw hook text itest dup"
is "$RESP_STATUS" 200 "repeated MessageSid is acknowledged"
check "repeated MessageSid answers TwiML too" grep -q '<Response' <<<"$RESP"
is "$(msg_count "$C2")" 1 "repeated MessageSid is ignored (one message)"
hook_in SMitest00000000000000000000000002 "$P2" "$FDN" "A different sid"
is "$(msg_count "$C2")" 2 "a new MessageSid is recorded"

hook_in SMitest00000000000000000000000003 "$P2" +15555559999 "To nobody"
is_problem 404 notFound "inbound to an unknown number"
check "no conversation for the unknown number's text" test "$(messages "$DANA" "$C2" | jq '[.[] | select(.body == "To nobody")] | length')" = 0

req POST /v1/hooks/sim/inbound -H 'Content-Type: application/x-www-form-urlencoded' --data-binary 'MessageSid=SMx&From=%2B15555557003'
check "hook without To or Body: a 4xx problem (got $RESP_STATUS)" test "${RESP_STATUS:0:1}" = 4
req GET /v1/hooks/sim/inbound
is "$RESP_STATUS" 405 "GET on the hook: 405"

# ---- audit: consent changes are recorded without the number -----------------------------------
AUDIT=$(audit_jsonl)
check "audit export is readable" test -n "$AUDIT"
leaks=0
for s in "$P" "${P#+1}" "$P2" "${P2#+1}" "Hi, is this the front desk" "Second text from the same patient" "Raw hook text"; do
	grep -qF -- "$s" <<<"$AUDIT" && leaks=$((leaks + 1)) && note "audit export contains: $s"
done
is "$leaks" 0 "the audit log has no patient number or text"
check "the audit log records consent changes" grep -qi consent <<<"$(jq -r .action <<<"$AUDIT")"

req GET /v1/health
is "$RESP_STATUS" 200 "server still healthy"
stop_server
done_testing
