#!/usr/bin/env bash
# test_api.sh: every method of PROTOCOL.md section 7 against a real curtaind
# with the demo practice: gets, changes, queries and their totals, the
# first-screen batch, assignment rules, transfer visibility, status rules,
# sending exactly once, the reply guard, Idempotency-Key, notes, templates,
# staff, consent, presence, break-glass, PHI overrides, method errors and
# request limits.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib/common.sh"
. "$HERE/../lib/api.sh"

DB=$TMP/api.db
ctl init >/dev/null 2>&1
ctl seed --demo >/dev/null 2>&1
ctl dept add Radiology --number +15555550103 >/dev/null 2>&1
check "demo seed wrote the credentials file" test -s "$DB.demo-credentials"
start_server "$DB"

login_demo dana && DANA=$ACCESS_TOKEN
login_demo priya && PRIYA=$ACCESS_TOKEN
login_demo sam && SAM=$ACCESS_TOKEN
login_demo nora && NORA=$ACCESS_TOKEN
login_demo admin && ADMIN=$ACCESS_TOKEN
check "five users signed in" test -n "${DANA:-}" -a -n "${PRIYA:-}" -a -n "${SAM:-}" -a -n "${NORA:-}" -a -n "${ADMIN:-}"
: "${DANA:=x}" "${PRIYA:=x}" "${SAM:=x}" "${NORA:=x}" "${ADMIN:=x}"

get_auth /v1/session "$DANA"
DANA_ID=$(jr .staff.id)

FUTURE=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%SZ)
PAST=$(date -u -d '-2 hours' +%Y-%m-%dT%H:%M:%SZ)
OUTBOX() { ctl sim outbox 2>/dev/null; }

# ---- Department/get, /changes -------------------------------------------------------
call "$DANA" Department/get '{"ids": null}'
is "$RNAME" Department/get "Department/get answers"
is "$(rj '.list | length')" 4 "Department/get: every department (3 demo + Radiology)"
FD=$(rj '.list[] | select(.name == "Front Desk") | .id')
BI=$(rj '.list[] | select(.name == "Billing") | .id')
NU=$(rj '.list[] | select(.name == "Nursing") | .id')
RAD=$(rj '.list[] | select(.name == "Radiology") | .id')
check "departments have ids" test -n "$FD" -a -n "$BI" -a -n "$NU" -a -n "$RAD"
is "$(rj '.list[] | select(.name == "Front Desk") | "\(.member) \(.counts | type) \(.smsNumber)"')" \
	"true object +15555550100" "Department/get: Front Desk is dana's, with counts"
is "$(rj '.list[] | select(.name == "Billing") | "\(.member) \(.counts // "absent")"')" \
	"false absent" "Department/get: Billing is not dana's and has no counts"
check "Department/get: version on every department" test "$(rj '[.list[] | .version | type == "number"] | all')" = true
DEPT_STATE=$(rj '.state')
call "$DANA" Department/changes "{\"sinceState\": \"$DEPT_STATE\"}"
is "$RNAME|$(rj .oldState)" "Department/changes|$DEPT_STATE" "Department/changes answers with oldState"
check "Department/changes: newState, created/updated/destroyed arrays" \
	test "$(rj '(.newState | type) == "string" and (.created | type) == "array" and (.updated | type) == "array" and (.destroyed | type) == "array"')" = true

# ---- Staff/get, /changes ----------------------------------------------------------
call "$DANA" Staff/get '{"ids": null}'
is "$RNAME" Staff/get "Staff/get answers"
sid() { rj --arg u "$1" '.list[] | select(.username == $u) | .id'; }
MIGUEL_ID=$(sid miguel) SAM_ID=$(sid sam) NORA_ID=$(sid nora) PRIYA_ID=$(sid priya) ADMIN_ID=$(sid admin)
is "$(sid dana)" "$DANA_ID" "Staff/get: dana's id is the session's"
check "Staff/get: all six demo users" test -n "$MIGUEL_ID" -a -n "$SAM_ID" -a -n "$NORA_ID" -a -n "$PRIYA_ID" -a -n "$ADMIN_ID"
is "$(rj '.list[] | select(.username == "miguel") | .departmentIds | length')" 2 "Staff/get: miguel in two departments"
is "$(rj '[.list[] | has("openLoad")] | any')" false "Staff/get: no openLoad unless asked for"
STAFF_STATE=$(rj .state)
call "$DANA" Staff/changes "{\"sinceState\": \"$STAFF_STATE\"}"
is "$RNAME" Staff/changes "Staff/changes answers"

# ---- first screen --------------------------------------------------------------------
FIRST=$(jq -cn --arg fd "$FD" '{methodCalls: [
	["Department/get", {ids: null}, "d"],
	["Conversation/query", {filter: {departmentId: $fd, status: ["open", "pending"]},
		sort: [{property: "waitingSince", isAscending: true}], limit: 40, calculateTotal: true}, "q"],
	["Conversation/get", {"#ids": {resultOf: "q", name: "Conversation/query", path: "/ids"}}, "c"]]}')
batch "$DANA" "$FIRST"
is "$RESP_STATUS" 200 "first screen: 200"
is "$(mname d) $(mname q) $(mname c)" "Department/get Conversation/query Conversation/get" "first screen: three answers in order"
Q=$(mres q) C=$(mres c)
check "first screen: sessionState" test -n "$(jr '.sessionState // empty')"
check "first screen: queryState, canCalculateChanges, position 0" \
	test "$(jq -r '(.queryState | type) == "string" and .canCalculateChanges == true and .position == 0' <<<"$Q")" = true
check "first screen: at most 40 ids, total >= ids" \
	test "$(jq -r '(.ids | length) <= 40 and .total >= (.ids | length) and (.ids | length) > 3' <<<"$Q")" = true
is "$(jq -c '.ids | sort' <<<"$Q")" "$(jq -c '[.list[].id] | sort' <<<"$C")" "first screen: back-reference fetched exactly the queried ids"
is "$(jq -r --arg fd "$FD" '[.list[] | .departmentId == $fd and (.status == "open" or .status == "pending")] | all' <<<"$C")" \
	true "first screen: every conversation matches the filter"

# ---- pick conversations ---------------------------------------------------------------
call "$DANA" Conversation/query "$(jq -cn --arg fd "$FD" '{filter: {departmentId: $fd, status: ["open"], assignee: "none"},
	sort: [{property: "createdAt", isAscending: true}], limit: 40}')"
mapfile -t FREE < <(rj '.ids[]?')
check "at least 4 unassigned open Front Desk conversations in the demo seed (got ${#FREE[@]})" test "${#FREE[@]}" -ge 4
X=${FREE[0]:-none} S=${FREE[1]:-none} T=${FREE[2]:-none} V=${FREE[3]:-none}

cstate() { call "$1" Conversation/get '{"ids": []}'; rj .state; }
setc() { call "$1" Conversation/set "$(jq -cn --arg id "$2" --argjson p "$3" '{update: {($id): $p}}')"; }
updated() { rj --arg id "$1" '.updated | has($id)'; }
noterr() { rj --arg id "$1" '.notUpdated[$id].type // "none"'; }
cfield() { conv_get "$1" "$2" | jq -r "$3"; }

# ---- claim + Conversation/changes --------------------------------------------------------
S0=$(cstate "$DANA")
check "Conversation/get ids [] gives a state" test -n "$S0"
setc "$DANA" "$X" "{\"assigneeId\": \"$DANA_ID\"}"
is "$(updated "$X")" true "claim: dana claims an unassigned conversation"
check "Conversation/set: oldState and newState" test -n "$(rj '.oldState // empty')" -a -n "$(rj '.newState // empty')"
is "$(cfield "$DANA" "$X" .assigneeId)" "$DANA_ID" "claim: assigneeId is dana"
call "$DANA" Conversation/changes "{\"sinceState\": \"$S0\"}"
is "$RNAME" Conversation/changes "Conversation/changes answers"
is "$(rj --arg x "$X" '(.updated + .created) | index($x) != null')" true "Conversation/changes after the claim lists it"
is "$(rj .oldState)" "$S0" "Conversation/changes: oldState"

# ---- Department counts match query totals ---------------------------------------------
COUNTS=$(jq -cn --arg fd "$FD" '
	def q($f; $id): ["Conversation/query", {filter: ({departmentId: $fd} + $f), limit: 1, calculateTotal: true}, $id];
	{methodCalls: [["Department/get", {ids: [$fd]}, "d"],
		q({status: ["open", "pending"]}; "open"),
		q({status: ["open", "pending"], assignee: "none"}; "unassigned"),
		q({status: ["open", "pending"], assignee: "me"}; "mine"),
		q({status: ["open"], waiting: true}; "waiting"),
		q({status: ["snoozed"]}; "snoozed"),
		q({status: ["resolved"]}; "resolved")]}')
batch "$DANA" "$COUNTS"
D=$(mres d)
for k in open unassigned mine waiting snoozed resolved; do
	is "$(mres "$k" | jq -r .total)" "$(jq -r ".list[0].counts.$k" <<<"$D")" "counts.$k equals the query total"
done
check "counts: mine >= 1 after the claim" test "$(jq -r '.list[0].counts.mine >= 1' <<<"$D")" = true
check "counts: open > 0 and waiting > 0 in the demo" test "$(jq -r '.list[0].counts | .open > 0 and .waiting > 0' <<<"$D")" = true

# ---- Conversation/query: sorts, filters, position ---------------------------------------
# ordered_values SORT_PROP ASC FIELD: FIELD of the queried conversations, in query order.
ordered_values() {
	call "$DANA" Conversation/query "$(jq -cn --arg p "$1" --argjson a "$2" '{filter: {}, sort: [{property: $p, isAscending: $a}], limit: 60}')"
	local ids
	ids=$(rj -c '.ids // []')
	call "$DANA" Conversation/get "{\"ids\": $ids}"
	rj -c --argjson ids "$ids" --arg f "$3" '(.list | map({(.id): .[$f]}) | add // {}) as $m | [$ids[] | $m[.]]'
}
V1=$(ordered_values lastActivity false lastActivity)
is "$(jq -r '. == (sort | reverse) and length > 3' <<<"$V1")" true "sort lastActivity descending"
V2=$(ordered_values createdAt true createdAt)
is "$(jq -r '. == sort and length > 3' <<<"$V2")" true "sort createdAt ascending"
V3=$(ordered_values waitingSince true waitingSince)
is "$(jq -r '([.[] | select(. != null)]) as $w | ($w == ($w | sort)) and (. == $w + [range(length - ($w | length)) | null]) and ($w | length) > 0' <<<"$V3")" \
	true "sort waitingSince ascending: waiting ones first, oldest first, then the rest"

qry() { call "$DANA" Conversation/query "$1"; }
qry '{"filter": {}, "sort": [{"property": "lastActivity", "isAscending": false}], "limit": 6}'
A=$(rj -c '.ids')
qry '{"filter": {}, "sort": [{"property": "lastActivity", "isAscending": false}], "position": 2, "limit": 3}'
is "$(rj -c .ids)" "$(jq -c '.[2:5]' <<<"$A")" "query position 2 limit 3 is a slice of position 0"
is "$(rj .position)" 2 "query answers its position"
qry '{"filter": {}, "limit": 100000}'
check "query limit is clamped, not refused (got $RNAME, $(rj '.ids | length') ids)" test "$RNAME" = Conversation/query -a "$(rj '.ids | length <= 500')" = true

allmatch() { # allmatch FILTER_JSON JQ_PREDICATE NAME
	qry "{\"filter\": $1, \"limit\": 100}"
	local ids n
	ids=$(rj -c '.ids // []')
	n=$(jq length <<<"$ids")
	call "$DANA" Conversation/get "{\"ids\": $ids}"
	is "$(rj "[.list[] | $2] | all and (length == $n) and ($n > 0)")" true "$3"
}
allmatch '{"status": ["resolved"]}' '.status == "resolved"' "filter status resolved"
allmatch '{"assignee": "me"}' ".assigneeId == \"$DANA_ID\"" "filter assignee me"
allmatch '{"assignee": "none"}' '.assigneeId == null' "filter assignee none"
allmatch '{"unread": true}' '.unread == true' "filter unread"
allmatch '{"waiting": true}' '.waitingSince != null' "filter waiting"
allmatch "{\"departmentId\": \"$FD\"}" ".departmentId == \"$FD\"" "filter departmentId"

NAME_V=$(cfield "$DANA" "$V" .patientName)
qry "$(jq -cn --arg t "${NAME_V%% *}" '{filter: {text: $t}, limit: 100}')"
is "$(rj --arg v "$V" '.ids | index($v) != null')" true "filter text finds a patient by name"

# ---- queryChanges after inbound texts ---------------------------------------------------
QC_ARGS=$(jq -cn --arg fd "$FD" '{filter: {departmentId: $fd, status: ["open", "pending"]}, sort: [{property: "lastActivity", isAscending: false}]}')
call "$DANA" Conversation/query "$(jq -c '. + {limit: 100, calculateTotal: true}' <<<"$QC_ARGS")"
QS0=$(rj .queryState) TOTAL0=$(rj .total)
PHONE_V=$(cfield "$DANA" "$V" .patientPhone)
inbound "$PHONE_V" +15555550100 "Can I move my visit to Friday morning please"
check "sms-in to an existing conversation succeeded" test $? -eq 0
inbound +15555556101 +15555550100 "Hi, this is a brand new patient asking about hours"
check "sms-in from a new number succeeded" test $? -eq 0
call "$DANA" Conversation/queryChanges "$(jq -c --arg s "$QS0" '. + {sinceQueryState: $s, calculateTotal: true}' <<<"$QC_ARGS")"
is "$RNAME" Conversation/queryChanges "queryChanges answers"
QCR=$R
NEWC=$(conv_by_phone "$DANA" +15555556101)
check "the new number made a new conversation" test -n "$NEWC"
is "$(jq -r --arg v "$V" '.removed | index($v) != null' <<<"$QCR")" true "queryChanges: the changed conversation is in removed"
is "$(jq -r --arg v "$V" '[.added[].id] | index($v) != null' <<<"$QCR")" true "queryChanges: ... and in added"
is "$(jq -r --arg n "$NEWC" '[.added[].id] | index($n) != null' <<<"$QCR")" true "queryChanges: the new conversation is added"
is "$(jq -r '[.added[].index] == ([.added[].index] | sort)' <<<"$QCR")" true "queryChanges: added in ascending index order"
is "$(jq -r .total <<<"$QCR")" "$((TOTAL0 + 1))" "queryChanges: total grew by one"
is "$(jq -r .oldQueryState <<<"$QCR")" "$QS0" "queryChanges: oldQueryState"
call "$DANA" Conversation/query "$(jq -c '. + {limit: 100}' <<<"$QC_ARGS")"
FRESH=$(rj -c .ids)
is "$(jq -r --argjson f "$FRESH" '[.added[] | $f[.index] == .id] | all' <<<"$QCR")" true \
	"queryChanges: each added index matches a fresh query"
call "$DANA" Conversation/queryChanges "$(jq -cn --arg fd "$FD" --arg s "$QS0" '{filter: {departmentId: $fd, status: ["resolved"]},
	sort: [{property: "lastActivity", isAscending: false}], sinceQueryState: $s}')"
is "$RNAME|$(rj .type)" "error|cannotCalculateChanges" "queryChanges with another filter: cannotCalculateChanges"
call "$DANA" Conversation/queryChanges "$(jq -c --arg s "$QS0" '. + {sinceQueryState: $s, maxChanges: 1}' <<<"$QC_ARGS")"
is "$RNAME|$(rj .type)" "error|cannotCalculateChanges" "queryChanges with more changes than maxChanges: cannotCalculateChanges"

# ---- claim / release / reassign rules -------------------------------------------------------
setc "$DANA" "$X" "{\"assigneeId\": \"$MIGUEL_ID\"}"
is "$(noterr "$X")" forbidden "reassign by an agent (dana): forbidden"
setc "$PRIYA" "$X" "{\"assigneeId\": \"$MIGUEL_ID\"}"
is "$(updated "$X")" true "reassign by a supervisor (priya) to miguel"
is "$(cfield "$DANA" "$X" .assigneeId)" "$MIGUEL_ID" "reassign: assigneeId is miguel"
setc "$PRIYA" "$X" "{\"assigneeId\": \"$SAM_ID\"}"
check "reassign to a non-member (sam) is refused (got $(noterr "$X"))" test "$(noterr "$X")" != none
setc "$DANA" "$X" "{\"assigneeId\": \"$DANA_ID\"}"
check "claim of someone else's conversation is refused (got $(noterr "$X"))" test "$(noterr "$X")" != none
setc "$DANA" "$X" '{"assigneeId": null}'
is "$(noterr "$X")" forbidden "release by an agent who is not the assignee: forbidden"
setc "$PRIYA" "$X" '{"assigneeId": null}'
is "$(updated "$X")" true "release by a supervisor"
is "$(cfield "$DANA" "$X" .assigneeId)" null "release: assigneeId null"
setc "$DANA" "$X" "{\"assigneeId\": \"$DANA_ID\"}"
setc "$DANA" "$X" '{"assigneeId": null}'
is "$(updated "$X")" true "release by the assignee herself"
setc "$DANA" "$X" "{\"assigneeId\": \"$DANA_ID\"}"
is "$(updated "$X")" true "claim again"

# ---- Assignment/query, /get ---------------------------------------------------------------
batch "$DANA" "$(jq -cn --arg x "$X" '{methodCalls: [
	["Assignment/query", {filter: {conversationId: $x}}, "q"],
	["Assignment/get", {"#ids": {resultOf: "q", name: "Assignment/query", path: "/ids"}}, "g"]]}')"
AS=$(mres g)
is "$(mname q) $(mname g)" "Assignment/query Assignment/get" "Assignment/query + get answer"
is "$(jq -r '[.list[].kind] | (index("claim") != null) and (index("reassign") != null) and (index("release") != null)' <<<"$AS")" \
	true "assignment history has claim, reassign and release"
is "$(jq -r --arg p "$PRIYA_ID" --arg m "$MIGUEL_ID" '[.list[] | select(.kind == "reassign")][0] | "\(.byStaffId == $p) \(.toStaffId == $m)"' <<<"$AS")" \
	"true true" "assignment history: reassign by priya to miguel"
call "$DANA" Assignment/query '{"filter": {}}'
is "$RNAME" error "Assignment/query without conversationId is an error"

# ---- transfer ---------------------------------------------------------------------------------
setc "$DANA" "$T" "{\"assigneeId\": \"$DANA_ID\"}"
SD=$(cstate "$DANA") SS=$(cstate "$SAM")
setc "$DANA" "$T" "{\"departmentId\": \"$BI\"}"
is "$(updated "$T")" true "transfer to Billing by a Front Desk member"
call "$DANA" Conversation/changes "{\"sinceState\": \"$SD\"}"
is "$(rj --arg t "$T" '.destroyed | index($t) != null')" true "transfer: destroyed in dana's changes"
call "$SAM" Conversation/changes "{\"sinceState\": \"$SS\"}"
is "$(rj --arg t "$T" '.created | index($t) != null')" true "transfer: created in sam's changes"
call "$SAM" Conversation/get "{\"ids\": [\"$T\"]}"
is "$(rj '.list[0] | "\(.departmentId) \(.assigneeId)"')" "$BI null" "transfer: now Billing, unassigned"
call "$DANA" Conversation/get "{\"ids\": [\"$T\"]}"
is "$(rj --arg t "$T" '.notFound | index($t) != null')" true "transfer: dana can no longer get it"

# ---- status --------------------------------------------------------------------------------
setc "$DANA" "$S" '{"status": "pending"}'
is "$(updated "$S") $(cfield "$DANA" "$S" .status)" "true pending" "status pending"
setc "$DANA" "$S" '{"status": "snoozed"}'
check "snoozed without snoozedUntil is refused (got $(noterr "$S"))" test "$(noterr "$S")" != none
setc "$DANA" "$S" "{\"status\": \"snoozed\", \"snoozedUntil\": \"$PAST\"}"
check "snoozed with a past snoozedUntil is refused (got $(noterr "$S"))" test "$(noterr "$S")" != none
setc "$DANA" "$S" "{\"status\": \"snoozed\", \"snoozedUntil\": \"$FUTURE\"}"
is "$(updated "$S")" true "snoozed with a future snoozedUntil"
is "$(cfield "$DANA" "$S" '"\(.status) \(.snoozedUntil != null)"')" "snoozed true" "snoozed: status and snoozedUntil"
setc "$DANA" "$S" '{"status": "resolved"}'
is "$(updated "$S") $(cfield "$DANA" "$S" '"\(.status) \(.snoozedUntil)"')" "true resolved null" "resolved clears snoozedUntil"
setc "$DANA" "$S" '{"status": "closed"}'
check "an unknown status is refused (got $(noterr "$S"))" test "$(noterr "$S")" != none
setc "$DANA" "$S" '{"unread": true}'
is "$(updated "$S") $(cfield "$DANA" "$S" .unread)" "true true" "mark unread"

setc "$DANA" "$S" '{"language": "es", "patientName": "Itest Renamed"}'
is "$(updated "$S") $(cfield "$DANA" "$S" '"\(.language) \(.patientName)"')" "true es Itest Renamed" "language and patientName by a member"
call "$DANA" Conversation/set "$(jq -cn '{update: ([range(101) | {key: "cfake\(.)", value: {unread: true}}] | from_entries)}')"
is "$RNAME|$(rj .type)" "error|requestTooLarge" "Conversation/set of 101 objects: requestTooLarge"

# ---- Conversation/set create --------------------------------------------------------------
call "$DANA" Conversation/set "$(jq -cn --arg fd "$FD" '{create: {n1: {departmentId: $fd, patientPhone: "+15555556102", patientName: "Itest Outbound", language: "en"}}}')"
M=$(rj '.created.n1.id // empty')
check "Conversation/set create starts an outbound conversation" test -n "$M"
call "$DANA" Conversation/set "$(jq -cn --arg fd "$FD" --arg p "$PHONE_V" '{create: {n2: {departmentId: $fd, patientPhone: $p, patientName: "Dup", language: "en"}}}')"
is "$(rj '.notCreated.n2.type') $(rj '.notCreated.n2.existingId')" "alreadyExists $V" "create for an existing number: alreadyExists with existingId"

# ---- messages: query, get, send, exactly once ---------------------------------------------
inbound +15555556102 +15555550100 "Hello, replying about my appointment"
MSGS=$(messages "$DANA" "$M")
is "$(jq -r 'length' <<<"$MSGS")" 1 "Message/query + get: one message in the new conversation"
is "$(jq -r '.[0] | "\(.direction) \(.delivery) \(.body)"' <<<"$MSGS")" "in received Hello, replying about my appointment" \
	"Message/get: an inbound message with its body"
call "$DANA" Message/query '{"filter": {}}'
is "$RNAME" error "Message/query without conversationId is an error"
LAST=$(jq -r '.[-1].id' <<<"$MSGS")
CM1=$(uuid)
BODY1="We can see you Thursday at 10:40, itest alpha"
send "$DANA" "$M" "$BODY1" "$CM1" "{\"lastSeenMessageId\": \"$LAST\"}"
MID1=$(rj '.created.k1.id // empty')
check "Message/set send: created" test -n "$MID1"
is "$(rj '.created.k1.segments')" 1 "send: one segment"
check "send: delivery pending, sent or delivered" test "$(rj '.created.k1.delivery | IN("pending", "sent", "delivered")')" = true
delivered() { call "$DANA" Message/get "{\"ids\": [\"$MID1\"]}"; [ "$(rj '.list[0].delivery')" = delivered ]; }
check "send: delivery becomes delivered" wait_for 10 delivered
call "$DANA" Message/get "{\"ids\": [\"$MID1\"]}"
is "$(rj '.list[0] | "\(.direction) \(.authorId) \(.clientMsgId)"')" "out $DANA_ID $CM1" "Message/get: outbound, author, clientMsgId"
is "$(OUTBOX | grep -cF "$BODY1")" 1 "sim outbox has the text once"
is "$(OUTBOX | grep -F "$BODY1" | grep -cF +15555556102)" 1 "sim outbox line names the number"
send "$DANA" "$M" "$BODY1" "$CM1" "{\"lastSeenMessageId\": \"$LAST\"}"
is "$(rj '.created.k1.id')" "$MID1" "same clientMsgId again: created with the same message"
sleep 1
is "$(OUTBOX | grep -cF "$BODY1")" 1 "same clientMsgId again: still one text in the sim outbox"
send "$DANA" "$M" "A different text, itest beta" "$CM1" "{\"lastSeenMessageId\": \"$LAST\"}"
is "$(rj '.notCreated.k1.type')" alreadyExists "same clientMsgId, different body: alreadyExists"
is "$(OUTBOX | grep -cF 'itest beta')" 0 "alreadyExists sent nothing"
send "$DANA" "$M" "" "" "{}"
is "$(rj '.notCreated.k1.type')" invalidProperties "empty body: invalidProperties"
send "$DANA" "$M" "$(head -c 2000 /dev/zero | tr '\0' 'a')" "" '{"ignoreReplyGuard": true}'
is "$(rj '.notCreated.k1.type')" tooLarge "more than 10 segments: tooLarge"

# ---- reply guard ----------------------------------------------------------------------------
inbound +15555556102 +15555550100 "Actually could we do Friday instead"
send "$DANA" "$M" "Thursday works, itest gamma" "" "{\"lastSeenMessageId\": \"$MID1\"}"
is "$(rj '.notCreated.k1.type')" conversationChanged "reply guard: conversationChanged"
is "$(rj '[.notCreated.k1.newMessages[]?.body] | index("Actually could we do Friday instead") != null')" true \
	"reply guard: newMessages has the patient's new text"
check "reply guard: description" test -n "$(rj '.notCreated.k1.description // empty')"
is "$(OUTBOX | grep -cF 'itest gamma')" 0 "reply guard: nothing sent"
send "$DANA" "$M" "Thursday works, itest gamma" "" "{\"lastSeenMessageId\": \"$MID1\", \"ignoreReplyGuard\": true}"
check "reply guard: ignoreReplyGuard sends" test -n "$(rj '.created.k1.id // empty')"
outbox_has() { [ "$(OUTBOX | grep -cF "$1")" -ge 1 ]; }
check "reply guard: the text reached the sim outbox" wait_for 5 outbox_has 'itest gamma'

call "$DANA" Message/set "{\"update\": {\"$MID1\": {\"body\": \"rewritten\"}}, \"destroy\": [\"$MID1\"]}"
check "Message/set is create only: update and destroy refused (got $(rj -c .))" \
	test "$(rj --arg m "$MID1" '(.type != null) or (.notUpdated[$m] != null and .notDestroyed[$m] != null)')" = true
call "$DANA" Message/get "{\"ids\": [\"$MID1\"]}"
is "$(rj '.list[0].body')" "$BODY1" "the sent message is unchanged"

# ---- Message/changes ------------------------------------------------------------------------
call "$DANA" Message/get '{"ids": []}'
MS0=$(rj .state)
inbound +15555556102 +15555550100 "Thanks!"
call "$DANA" Message/changes "{\"sinceState\": \"$MS0\"}"
is "$RNAME|$(rj '.created | length')" "Message/changes|1" "Message/changes after an inbound text: one created"

# ---- Idempotency-Key -----------------------------------------------------------------------
LASTM=$(last_msg_id "$DANA" "$M")
IDEM_BODY=$(jq -cn --arg c "$M" --arg l "$LASTM" --arg u "$(uuid)" '{methodCalls: [["Message/set",
	{create: {k1: {conversationId: $c, body: "See you soon, itest idem", clientMsgId: $u, lastSeenMessageId: $l}}}, "s"]]}')
batch "$DANA" "$IDEM_BODY" -H "Idempotency-Key: itest-idem-0001"
is "$RESP_STATUS" 200 "Idempotency-Key: first request 200"
check "Idempotency-Key: first answer not marked replayed" test "$(hdr Idempotent-Replayed)" != true
FIRST_IDEM=$(jr -cS .methodResponses)
check "Idempotency-Key: first request created a message" test -n "$(jr '.methodResponses[0][1].created.k1.id // empty')"
batch "$DANA" "$IDEM_BODY" -H "Idempotency-Key: itest-idem-0001"
is "$RESP_STATUS" 200 "Idempotency-Key replay: 200"
is "$(hdr Idempotent-Replayed)" true "Idempotency-Key replay: Idempotent-Replayed: true"
is "$(jr -cS .methodResponses)" "$FIRST_IDEM" "Idempotency-Key replay: same body"
sleep 1
is "$(OUTBOX | grep -cF 'itest idem')" 1 "Idempotency-Key replay: one text sent"
batch "$DANA" "${IDEM_BODY/See you soon/See you later}" -H "Idempotency-Key: itest-idem-0001"
is_problem 422 idempotencyKeyReuse "Idempotency-Key reused with a different body"
# Keys are per user: priya's request with dana's key is her own.
batch "$PRIYA" "$IDEM_BODY" -H "Idempotency-Key: itest-idem-0001"
is "$RESP_STATUS" 200 "Idempotency-Key of another user: 200"
check "Idempotency-Key of another user: not a replay of dana's answer" test "$(hdr Idempotent-Replayed)" != true -a "$(jr -cS .methodResponses)" != "$FIRST_IDEM"

# ---- notes ---------------------------------------------------------------------------------
NOTE_TEXT="Patient prefers mornings, itest note zq8"
call "$DANA" Note/get '{"ids": []}'
NS0=$(rj .state)
call "$DANA" Note/set "$(jq -cn --arg c "$M" --arg b "$NOTE_TEXT" '{create: {n1: {conversationId: $c, body: $b}}}')"
NID=$(rj '.created.n1.id // empty')
check "Note/set create" test -n "$NID"
batch "$DANA" "$(jq -cn --arg c "$M" '{methodCalls: [
	["Note/query", {filter: {conversationId: $c}}, "q"],
	["Note/get", {"#ids": {resultOf: "q", name: "Note/query", path: "/ids"}}, "g"]]}')"
is "$(mres q | jq -r --arg n "$NID" '.ids | index($n) != null')" true "Note/query lists the note"
is "$(mres g | jq -r --arg n "$NID" '.list[] | select(.id == $n) | "\(.body)|\(.authorId)"')" "$NOTE_TEXT|$DANA_ID" "Note/get: body and author"
call "$DANA" Note/changes "{\"sinceState\": \"$NS0\"}"
is "$(rj --arg n "$NID" '.created | index($n) != null')" true "Note/changes lists the new note"
call "$DANA" Note/set "$(jq -cn --arg c "$M" --arg b "$(head -c 4001 /dev/zero | tr '\0' n)" '{create: {n2: {conversationId: $c, body: $b}}}')"
is "$(rj '.notCreated.n2.type')" tooLarge "a note over 4000 bytes: tooLarge"
sleep 1
is "$(OUTBOX | grep -cF 'zq8')" 0 "the note never reaches the sim outbox"

# ---- templates ------------------------------------------------------------------------------
call "$DANA" Template/get '{"ids": null}'
is "$RNAME" Template/get "Template/get answers"
TS0=$(rj .state)
TPL_BODY='Hi {patient.first_name}, this is {practice.name}. Call {practice.phone}.'
call "$ADMIN" Template/set "$(jq -cn --arg b "$TPL_BODY" '{create: {t1: {name: "Itest callback", departmentId: null, language: "en", body: $b}}}')"
TID=$(rj '.created.t1.id // empty')
check "Template/set create by admin" test -n "$TID"
call "$DANA" Template/get "{\"ids\": [\"$TID\"]}"
is "$(rj '.list[0].body')" "$TPL_BODY" "the new template reaches dana"
call "$DANA" Template/changes "{\"sinceState\": \"$TS0\"}"
is "$(rj --arg t "$TID" '.created | index($t) != null')" true "Template/changes lists it"
call "$DANA" Template/set '{"create": {"t2": {"name": "nope", "departmentId": null, "language": "en", "body": "x"}}}'
is "$(rj 'if .type then .type else .notCreated.t2.type end')" forbidden "Template/set by an agent: forbidden"
call "$ADMIN" Template/set "{\"update\": {\"$TID\": {\"name\": \"Itest callback 2\"}}}"
is "$(rj --arg t "$TID" '.updated | has($t)')" true "Template/set update by admin"
call "$ADMIN" Template/set "{\"destroy\": [\"$TID\"]}"
is "$(rj --arg t "$TID" '.destroyed | index($t) != null')" true "Template/set destroy by admin"

# ---- Staff/get openLoad, Staff/set ------------------------------------------------------------
call "$DANA" Staff/get '{"ids": null, "properties": ["id", "username", "openLoad"]}'
is "$(rj '[.list[] | .openLoad | type == "number"] | all')" true "Staff/get with openLoad: a number for everyone"
DANA_LOAD=$(rj --arg d "$DANA_ID" '.list[] | select(.id == $d) | .openLoad')
qry '{"filter": {"assignee": "me", "status": ["open", "pending"]}, "calculateTotal": true, "limit": 1}'
L1=$(rj .total)
qry '{"filter": {"assignee": "me", "status": ["open"]}, "calculateTotal": true, "limit": 1}'
L2=$(rj .total)
check "dana's openLoad ($DANA_LOAD) matches her open conversations ($L2 open, $L1 open+pending)" \
	test "$DANA_LOAD" = "$L1" -o "$DANA_LOAD" = "$L2"
call "$ADMIN" Staff/set "{\"update\": {\"$NORA_ID\": {\"displayName\": \"Nora Itest\"}}}"
is "$(rj --arg n "$NORA_ID" '.updated | has($n)')" true "Staff/set by admin"
call "$DANA" Staff/get "{\"ids\": [\"$NORA_ID\"]}"
is "$(rj '.list[0].displayName')" "Nora Itest" "Staff/set: the new display name"
call "$ADMIN" Staff/set '{"create": {"s1": {"username": "eve", "displayName": "Eve", "role": "admin", "departmentIds": []}}}'
check "Staff/set create is refused (new staff come from curtainctl) (got $(rj -c .))" \
	test "$(rj '(.type != null) or (.notCreated.s1 != null)')" = true
call "$DANA" Staff/set "{\"update\": {\"$NORA_ID\": {\"displayName\": \"Hacked\"}}}"
is "$(rj --arg n "$NORA_ID" 'if .type then .type else .notUpdated[$n].type end')" forbidden "Staff/set by an agent: forbidden"
# A membership change is a visibility change for that user.
NS_C=$(cstate "$NORA")
call "$NORA" Conversation/get "{\"ids\": [\"$X\"]}"
is "$(rj '.list | length')" 0 "nora (Nursing) cannot get a Front Desk conversation"
call "$ADMIN" Staff/set "{\"update\": {\"$NORA_ID\": {\"departmentIds\": [\"$NU\", \"$FD\"]}}}"
is "$(rj --arg n "$NORA_ID" '.updated | has($n)')" true "Staff/set departmentIds by admin"
call "$NORA" Conversation/get "{\"ids\": [\"$X\"]}"
is "$(rj '.list | length')" 1 "after joining Front Desk, nora can get its conversation"
call "$NORA" Conversation/changes "{\"sinceState\": \"$NS_C\"}"
is "$RNAME|$(rj .type)" "error|cannotCalculateChanges" "after a membership change, old state: cannotCalculateChanges"
# Disabling signs the staff member out.
call "$ADMIN" Staff/set "{\"update\": {\"$SAM_ID\": {\"disabled\": true}}}"
is "$(rj --arg n "$SAM_ID" '.updated | has($n)')" true "Staff/set disabled by admin"
get_auth /v1/session "$SAM"
is "$RESP_STATUS" 401 "a disabled user's access token is refused"

# ---- Consent/get, Presence/set -------------------------------------------------------------------
call "$DANA" Consent/get "{\"conversationIds\": [\"$M\"]}"
is "$(rj --arg m "$M" '.list[0] | "\(.conversationId == $m) \(.state | IN("unknown", "optedIn", "optedOut")) \(has("changedAt"))"')" \
	"true true true" "Consent/get: conversationId, state, changedAt"
call "$DANA" Presence/set "{\"conversationId\": \"$M\", \"state\": \"viewing\"}"
is "$RNAME" Presence/set "Presence/set answers"
check "Presence/set: expiresAt about 30 s ahead (got $(rj .expiresAt))" \
	test "$(rj '(.expiresAt // "" | fromdateiso8601?) - now | . > 20 and . < 40')" = true
call "$DANA" Presence/set "{\"conversationId\": \"$M\", \"state\": \"dancing\"}"
is "$RNAME" error "Presence/set with an unknown state is an error"

# ---- break-glass ---------------------------------------------------------------------------
call "$NORA" Access/breakGlass "{\"departmentId\": \"$FD\", \"reason\": \"covering the front desk today\", \"minutes\": 30}"
is "$RNAME|$(rj .type)" "error|forbidden" "breakGlass by an agent (nora): forbidden"
PS0=$(cstate "$PRIYA")
get_auth /v1/session "$PRIYA"
PSESS0=$(jr .state)
call "$PRIYA" Access/breakGlass "{\"departmentId\": \"$RAD\", \"reason\": \"short\", \"minutes\": 30}"
is "$RNAME|$(rj .type)" "error|invalidArguments" "breakGlass with a reason under 10 characters: invalidArguments"
call "$PRIYA" Access/breakGlass "{\"departmentId\": \"$RAD\", \"reason\": \"covering Radiology phones today\", \"minutes\": 61}"
is "$RNAME|$(rj .type)" "error|invalidArguments" "breakGlass for 61 minutes: invalidArguments"
call "$PRIYA" Access/breakGlass "{\"departmentId\": \"$RAD\", \"reason\": \"covering Radiology phones today\", \"minutes\": 30}"
is "$RNAME|$(rj .departmentId)" "Access/breakGlass|$RAD" "breakGlass by a supervisor (priya) with a reason"
check "breakGlass: grantId and expiresAt" test -n "$(rj '.grantId // empty')" -a -n "$(rj '.expiresAt // empty')"
get_auth /v1/session "$PRIYA"
is "$(jr --arg r "$RAD" '[.breakGlass[].departmentId] | index($r) != null')" true "session: breakGlass lists the grant"
is "$(jr --arg r "$RAD" '[.departments[].id] | index($r) != null')" true "session: departments include the granted one"
isnt "$(jr .state)" "$PSESS0" "session: state changed with the grant"
call "$PRIYA" Conversation/changes "{\"sinceState\": \"$PS0\"}"
is "$RNAME|$(rj .type)" "error|cannotCalculateChanges" "after break-glass, old Conversation state: cannotCalculateChanges"

# ---- template use ----------------------------------------------------------------------------
call "$DANA" Template/get '{"ids": null}'
TUSE=$(rj '.list[0].id // empty')
check "a template to start from" test -n "$TUSE"
send "$DANA" "$M" "Hi, this is Lakeside Family Medicine, itest template" "" "{\"ignoreReplyGuard\": true, \"templateId\": \"$TUSE\"}"
check "send with templateId: created" test -n "$(rj '.created.k1.id // empty')"

# ---- PHI warning override -----------------------------------------------------------------
PHI_TEXT="Your metformin result came back normal itest phi"
send "$DANA" "$M" "$PHI_TEXT" "" '{"ignoreReplyGuard": true, "phiWarning": {"categories": ["medication", "result"]}}'
check "send with phiWarning override: created" test -n "$(rj '.created.k1.id // empty')"
AUDIT=$(audit_jsonl)
PHI_ENTRY=$(jq -c 'select(.action == "phi.override")' <<<"$AUDIT" | tail -n 1)
check "audit: phi.override entry" test -n "$PHI_ENTRY"
is "$(grep -c medication <<<"$PHI_ENTRY")" 1 "audit: phi.override has the medication category"
is "$(grep -c result <<<"$PHI_ENTRY")" 1 "audit: phi.override has the result category"
is "$(grep -cF metformin <<<"$AUDIT")" 0 "audit: no message text anywhere"
is "$(grep -cF "$NOTE_TEXT" <<<"$AUDIT")" 0 "audit: no note text anywhere"
is "$(grep -cF +15555556102 <<<"$AUDIT")" 0 "audit: no patient phone anywhere"
check "audit: Message/query recorded conversation.view" test "$(jq -s '[.[] | select(.action == "conversation.view")] | length > 0' <<<"$AUDIT")" = true
check "audit: claim recorded conversation.assign" test "$(jq -s '[.[] | select(.action == "conversation.assign")] | length > 0' <<<"$AUDIT")" = true
check "audit: the templateId was recorded as template.use" test "$(jq -s --arg t "$TUSE" '[.[] | select(.action == "template.use") | tostring | contains($t)] | any' <<<"$AUDIT")" = true
check "audit: status changes recorded conversation.status" test "$(jq -s '[.[] | select(.action == "conversation.status")] | length > 0' <<<"$AUDIT")" = true
check "audit: transfer recorded conversation.transfer" test "$(jq -s '[.[] | select(.action == "conversation.transfer")] | length > 0' <<<"$AUDIT")" = true

# ---- method errors ----------------------------------------------------------------------------
batch "$DANA" '{"methodCalls": [
	["Nope/nope", {}, "a"],
	["Conversation/get", {"ids": "not-a-list"}, "b"],
	["Conversation/get", {"#ids": {"resultOf": "zz", "name": "Conversation/query", "path": "/ids"}}, "c"],
	["Department/get", {"ids": null}, "d"]]}'
is "$RESP_STATUS" 200 "a batch with failing calls: 200"
is "$(mname a)|$(mres a | jq -r .type)" "error|unknownMethod" "unknown method: unknownMethod"
is "$(mname b)|$(mres b | jq -r .type)" "error|invalidArguments" "ids not a list: invalidArguments"
is "$(mname c)|$(mres c | jq -r .type)" "error|invalidResultReference" "reference to a missing call: invalidResultReference"
is "$(mname d)" Department/get "the batch goes on after failed calls"
check "method errors carry a description" test "$(jr '[.methodResponses[] | select(.[0] == "error") | .[1].description | type == "string" and length > 0] | all and length == 3')" = true

qry '{"filter": {}, "sort": [{"property": "patientName", "isAscending": true}]}'
is "$RNAME|$(rj .type)" "error|unsupportedSort" "sort by an unknown property: unsupportedSort"
qry '{"filter": {"colour": "blue"}}'
is "$RNAME|$(rj .type)" "error|unsupportedFilter" "filter on an unknown property: unsupportedFilter"

# ---- request limits and bad requests -----------------------------------------------------------
many() { jq -cn --argjson n "$1" '{methodCalls: [range($n) | ["Department/get", {ids: []}, "d\(.)"]]}'; }
batch "$DANA" "$(many 32)"
is "$RESP_STATUS|$(jr '.methodResponses | length')" "200|32" "32 calls in one request are fine"
batch "$DANA" "$(many 33)"
is_problem 400 limit "33 calls in one request"
is "$(jr .limit)" maxCallsInRequest "too many calls: limit names maxCallsInRequest"
batch "$DANA" '{"methodCalls": [["Department/get", {"ids": nul'
is_problem 400 notJSON "malformed JSON"
batch "$DANA" '[1, 2, 3]'
is_problem 400 notJSON "JSON that is not an object"
batch "$DANA" '{"calls": []}'
is_problem 400 notRequest "JSON of the wrong shape"
head -c 1100000 /dev/zero | tr '\0' ' ' >"$API_TMP/big.json"
printf '{}' >>"$API_TMP/big.json"
req POST /v1/api -H 'Content-Type: application/json' -H "Authorization: Bearer $DANA" --data-binary "@$API_TMP/big.json"
is_problem 413 limit "a body over 1 MB"
is "$(jr .limit)" maxSizeRequest "oversize: limit names maxSizeRequest"
call "$DANA" Conversation/get "$(jq -cn '{ids: [range(501) | "c\(.)"]}')"
is "$RNAME|$(rj .type)" "error|requestTooLarge" "Conversation/get of 501 ids: requestTooLarge"

req GET /v1/health
is "$RESP_STATUS|$(jr .status)" "200|ok" "the server still answers /v1/health"
stop_server
done_testing
