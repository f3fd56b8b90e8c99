#!/usr/bin/env bash
# test_access.sh: department isolation. sam (a Billing agent) must not see or
# change a Front Desk conversation through any method, nor hear of it on his
# event stream, while Front Desk staff do (PROTOCOL.md sections 5, 7, 8).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib/common.sh"
. "$HERE/../lib/api.sh"

DB=$TMP/access.db
ctl init >/dev/null 2>&1
ctl seed --demo >/dev/null 2>&1
start_server "$DB"

login_demo dana && DANA=$ACCESS_TOKEN
login_demo sam && SAM=$ACCESS_TOKEN
login_demo miguel && MIGUEL=$ACCESS_TOKEN
check "dana, sam and miguel signed in" test -n "${DANA:-}" -a -n "${SAM:-}" -a -n "${MIGUEL:-}"
: "${DANA:=x}" "${SAM:=x}" "${MIGUEL:=x}"
get_auth /v1/session "$SAM"
SAM_ID=$(jr .staff.id)
get_auth /v1/session "$DANA"
DANA_ID=$(jr .staff.id)

call "$DANA" Department/get '{"ids": null}'
FD=$(rj '.list[] | select(.name == "Front Desk") | .id')
BI=$(rj '.list[] | select(.name == "Billing") | .id')

# A Front Desk conversation and what it holds.
call "$DANA" Conversation/query "{\"filter\": {\"departmentId\": \"$FD\", \"status\": [\"open\"]}, \"limit\": 5}"
F=$(rj '.ids[0] // empty')
check "a Front Desk conversation to protect" test -n "$F"
F_CONV=$(conv_get "$DANA" "$F")
F_PHONE=$(jq -r .patientPhone <<<"$F_CONV")
F_NAME=$(jq -r .patientName <<<"$F_CONV")
F_MSGS=$(messages "$DANA" "$F")
F_MSG=$(jq -r '.[0].id // empty' <<<"$F_MSGS")
check "it has a message" test -n "$F_MSG"

call "$SAM" Conversation/get '{"ids": []}'
SAM_S0=$(rj .state)
call "$SAM" Message/get '{"ids": []}'
SAM_M0=$(rj .state)

# ---- reads --------------------------------------------------------------------------
call "$SAM" Conversation/get "{\"ids\": [\"$F\"]}"
is "$(rj --arg f "$F" '"\(.list | length) \(.notFound | index($f) != null)"')" "0 true" "Conversation/get: notFound for sam"
call "$SAM" Conversation/query '{"filter": {}, "limit": 500}'
SAM_IDS=$(rj -c '.ids // []')
is "$(jq -r --arg f "$F" 'index($f) == null' <<<"$SAM_IDS")" true "Conversation/query: not among sam's ids"
call "$SAM" Conversation/get "{\"ids\": $SAM_IDS}"
is "$(rj --arg b "$BI" '[.list[].departmentId == $b] | all and length > 0')" true "Conversation/query: sam sees only Billing"
call "$SAM" Conversation/query "{\"filter\": {\"departmentId\": \"$FD\"}, \"calculateTotal\": true}"
check "Conversation/query on Front Desk: no ids, not even with total (got $(rj -c .))" \
	test "$(rj '(.type == "forbidden") or ((.ids | length) == 0 and .total == 0)')" = true
call "$SAM" Conversation/query "$(jq -cn --arg t "$F_PHONE" '{filter: {text: $t}}')"
is "$(rj --arg f "$F" '(.ids // []) | index($f) == null')" true "Conversation/query text search by the phone: not found"
call "$SAM" Department/get "{\"ids\": [\"$FD\"]}"
is "$(rj '.list[0] | "\(.member) \(.counts // "absent")"')" "false absent" "Department/get: no Front Desk counts for sam"
call "$SAM" Message/query "{\"filter\": {\"conversationId\": \"$F\"}}"
check "Message/query: refused or empty (got $(rj -c .))" \
	test "$(rj '(.type | IN("forbidden", "notFound")) or ((.ids | length) == 0)')" = true
call "$SAM" Message/get "{\"ids\": [\"$F_MSG\"]}"
is "$(rj --arg m "$F_MSG" '"\(.list | length) \(.notFound | index($m) != null)"')" "0 true" "Message/get: notFound for sam"
call "$SAM" Note/query "{\"filter\": {\"conversationId\": \"$F\"}}"
check "Note/query: refused or empty" test "$(rj '(.type | IN("forbidden", "notFound")) or ((.ids | length) == 0)')" = true
call "$SAM" Assignment/query "{\"filter\": {\"conversationId\": \"$F\"}}"
check "Assignment/query: refused or empty" test "$(rj '(.type | IN("forbidden", "notFound")) or ((.ids | length) == 0)')" = true
call "$SAM" Consent/get "{\"conversationIds\": [\"$F\"]}"
is "$(rj --arg f "$F" '[(.list // [])[] | select(.conversationId == $f)] | length')" 0 "Consent/get: nothing for sam"

# ---- writes ---------------------------------------------------------------------------
call "$SAM" Conversation/set "{\"update\": {\"$F\": {\"status\": \"resolved\"}}}"
is "$(rj --arg f "$F" '.notUpdated[$f].type // .type // "none" | IN("forbidden", "notFound")')" true "Conversation/set status: refused"
call "$SAM" Conversation/set "{\"update\": {\"$F\": {\"assigneeId\": \"$SAM_ID\"}}}"
is "$(rj --arg f "$F" '.notUpdated[$f].type // .type // "none" | IN("forbidden", "notFound")')" true "Conversation/set claim: refused"
call "$SAM" Conversation/set "{\"update\": {\"$F\": {\"departmentId\": \"$BI\"}}}"
is "$(rj --arg f "$F" '.notUpdated[$f].type // .type // "none" | IN("forbidden", "notFound")')" true "Conversation/set transfer into his department: refused"
SNAP='"\(.status) \(.assigneeId) \(.departmentId)"'
is "$(conv_get "$DANA" "$F" | jq -r "$SNAP")" "$(jq -r "$SNAP" <<<"$F_CONV")" "the conversation is unchanged"
send "$SAM" "$F" "Billing here, itest sam leak" "" '{"ignoreReplyGuard": true}'
is "$(rj '.notCreated.k1.type // .type // "none" | IN("forbidden", "notFound")')" true "Message/set send: refused"
is "$(ctl sim outbox 2>/dev/null | grep -cF 'itest sam leak')" 0 "nothing reached the sim outbox"
call "$SAM" Note/set "{\"create\": {\"n1\": {\"conversationId\": \"$F\", \"body\": \"itest sam note\"}}}"
is "$(rj '.notCreated.n1.type // .type // "none" | IN("forbidden", "notFound")')" true "Note/set: refused"
call "$DANA" Note/query "{\"filter\": {\"conversationId\": \"$F\"}}"
is "$(rj '.ids | length')" 0 "no note was added"
call "$SAM" Presence/set "{\"conversationId\": \"$F\", \"state\": \"composing\"}"
is "$(rj '.type // "none" | IN("forbidden", "notFound")')" true "Presence/set on a Front Desk conversation: refused"

# ---- event streams ----------------------------------------------------------------------
req GET /v1/events -H "Authorization: Bearer not-a-token"
is "$RESP_STATUS" 401 "events with a bad token: 401"

EV=$TMP/events
mkdir -p "$EV"
# stream NAME TOKEN: a background SSE reader, a child of this shell (so it is
# reaped); its pid goes to STREAM_PID.
stream() {
	curl -sN -D "$EV/$1.hdr" -H "Authorization: Bearer $2" -H 'Accept: text/event-stream' \
		"$SERVER_URL/v1/events" >"$EV/$1.log" 2>/dev/null &
	STREAM_PID=$!
	track_pid "$STREAM_PID"
}
stream sam "$SAM" && SAM_PID=$STREAM_PID
stream dana "$DANA" && DANA_PID=$STREAM_PID
stream miguel "$MIGUEL" && MIG_PID=$STREAM_PID
# "missing" (never a count) when the stream's log is gone, so no check passes by accident.
nstate() {
	[ -f "$EV/$1.log" ] || { echo missing; return; }
	grep -c '^event: *state' "$EV/$1.log" || true
}
opened() { [ "$(nstate sam)" -ge 1 ] && [ "$(nstate dana)" -ge 1 ] && [ "$(nstate miguel)" -ge 1 ]; }
check "the three streams opened with a state event" wait_for 5 opened
is "$(tr -d '\r' <"$EV/dana.hdr" | grep -i '^content-type:' | sed 's/^[^:]*: *//; s/;.*//')" text/event-stream "events: text/event-stream"
check "events: retry: 3000 first" grep -q '^retry: *3000' "$EV/dana.log"
SAM_N0=$(nstate sam)
DANA_N0=$(nstate dana)

INBOUND="Is the clinic open on Saturday itest access"
inbound "$F_PHONE" +15555550100 "$INBOUND"
dana_got_state() { [ "$(nstate dana)" -gt "$DANA_N0" ]; }
check "dana's stream got a state event within 1 s of a Front Desk inbound" wait_ms 1000 dana_got_state
is "$(grep -A1 '^event: *state' "$EV/dana.log" | tail -n 1 | grep -c Conversation)" 1 "dana's new state event names Conversation"

call "$DANA" Presence/set "{\"conversationId\": \"$F\", \"state\": \"composing\"}"
is "$RNAME" Presence/set "dana's presence on the Front Desk conversation"
mig_presence() { grep -q '^event: *presence' "$EV/miguel.log" && grep -qF "$F" "$EV/miguel.log"; }
check "miguel (Front Desk) got dana's presence event" wait_for 3 mig_presence
check "the presence event names the state" grep -q composing "$EV/miguel.log"
sleep 1.5
kill "$SAM_PID" "$DANA_PID" "$MIG_PID" 2>/dev/null
wait "$SAM_PID" "$DANA_PID" "$MIG_PID" 2>/dev/null

is "$(grep -cF "$F" "$EV/sam.log")" 0 "sam's stream never mentions the Front Desk conversation"
is "$(grep -c '^event: *presence' "$EV/sam.log")" 0 "sam's stream got no presence event"
is "$(grep -cF "${DANA_ID:-no-such-id}" "$EV/sam.log")" 0 "sam's stream never names dana"
is "$(nstate sam)" "$SAM_N0" "sam's stream got no state event for a Front Desk change"
leaks=0
for f in "$EV"/*.log; do
	for phi in "$F_PHONE" "${F_PHONE#+1}" "$F_NAME" "$INBOUND" "itest access"; do
		[ -n "$phi" ] && grep -qF -- "$phi" "$f" && leaks=$((leaks + 1))
	done
done
is "$leaks" 0 "no event carries a patient name, phone or message text"

# The changes feed agrees with the stream.
call "$SAM" Conversation/changes "{\"sinceState\": \"$SAM_S0\"}"
is "$RNAME|$(rj --arg f "$F" '(.created + .updated + .destroyed) | index($f) == null')" "Conversation/changes|true" \
	"Conversation/changes: answers sam, with nothing about the Front Desk conversation"
call "$SAM" Message/changes "{\"sinceState\": \"$SAM_M0\"}"
is "$RNAME|$(rj '(.created + .updated) | length')" "Message/changes|0" "Message/changes: answers sam, with no Front Desk messages"

req GET /v1/health
is "$RESP_STATUS" 200 "server still healthy"
stop_server
done_testing
