#!/usr/bin/env bash
# test_twilio.sh: the Twilio gateway (issue 7) against a fake Twilio on
# loopback (tests/lib/fake_twilio.c, built here): settings and the auth
# token; signed inbound webhooks (form and JSON/bodySHA256), refusals (403,
# audited), MessageSid dedupe, routing by To, STOP/START/HELP; outbound
# submission with the right fields and auth, retries on 500 and 429 that
# send exactly once, permanent errors, 21610; kill -9 between the carrier's
# accept and our commit, reconciled after restart (by listing, and by a
# status callback) without a second send; status callbacks that only move
# forward, live to clients; a messaging service.
#
# Webhook signatures here are computed independently of curtaind (sorted in
# bash, HMAC by openssl). The public URL is https://inbox.example.test: the
# fake signs callbacks for it and delivers them to curtaind's real loopback
# address, as Twilio does through a TLS proxy.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib/common.sh"
. "$HERE/../lib/api.sh"
need_cmd curl jq openssl oathtool pkg-config cc

# ---- the fake carrier ------------------------------------------------------------------
. "$HERE/../lib/twilio.sh"
start_fake_twilio
fake() { curl -sS -X POST --max-time 30 "$FAKE_URL/_fake/$1"; }
PUBLIC=https://inbox.example.test
FDN=+15555550100 # Front Desk
BIN=+15555550101 # Billing

DB=$TMP/twilio.db
ctl init >/dev/null 2>&1
ctl seed --demo >/dev/null 2>&1
TW=(--gateway twilio --twilio-account-sid "$ACCOUNT" --public-url "$PUBLIC"
	--twilio-api-base "$FAKE_URL" --twilio-timeout 5)

# ---- settings ----------------------------------------------------------------------------
# run_bad NAME WANT_RE ARGS...: curtaind refuses to start, saying WANT_RE, never the token.
run_bad() {
	local name=$1 want=$2 out rc
	shift 2
	out=$(timeout 10 "$CURTAIND" -d "$DB" --listen 127.0.0.1:0 "$@" 2>&1 </dev/null)
	rc=$?
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && [[ $out =~ $want ]] && [[ $out != *"$TOKEN"* ]]; then
		pass "$name"
	else
		fail "$name" "exit $rc" "output: $out"
	fi
}
chmod 644 "$TOKEN_FILE"
run_bad "a token file every user can read is refused" "every user" "${TW[@]}" --twilio-token-file "$TOKEN_FILE"
chmod 600 "$TOKEN_FILE"
run_bad "no account SID: clear error" "twilio-account-sid" --gateway twilio --public-url "$PUBLIC" \
	--twilio-token-file "$TOKEN_FILE"
run_bad "a malformed account SID: clear error" "AC followed by 32" --gateway twilio \
	--twilio-account-sid ACnope --public-url "$PUBLIC" --twilio-token-file "$TOKEN_FILE"
run_bad "no token at all: names the file option and the variable" "CURTAIN_TWILIO_AUTH_TOKEN" "${TW[@]}"
run_bad "the token on the command line is refused" "never taken from the command line" \
	"${TW[@]}" --twilio-token "$TOKEN"
run_bad "an ambiguous abbreviation with the token: refused, the token never echoed" \
	"unknown option '--twilio-t'" "${TW[@]}" "--twilio-t=$TOKEN"
run_bad "a value given to a flag: refused, the value never echoed" \
	"option '--help' takes no value" "--help=$TOKEN"
run_bad "no public URL: clear error" "public-url" --gateway twilio --twilio-account-sid "$ACCOUNT" \
	--twilio-token-file "$TOKEN_FILE"
run_bad "plain http:// public URL off loopback is refused" "https://" --gateway twilio \
	--twilio-account-sid "$ACCOUNT" --public-url http://inbox.example.test --twilio-token-file "$TOKEN_FILE"
run_bad "a host name that only starts like loopback is not loopback: https:// required" "https://" \
	--gateway twilio --twilio-account-sid "$ACCOUNT" --public-url http://127.evil.example \
	--twilio-token-file "$TOKEN_FILE"
run_bad "Twilio options without --gateway twilio: usage error" "need --gateway twilio" \
	--twilio-account-sid "$ACCOUNT"
run_bad "a bad messaging service SID: clear error" "MG followed by 32" "${TW[@]}" \
	--twilio-token-file "$TOKEN_FILE" --twilio-messaging-service MGxyz
check "--help documents the Twilio options" \
	bash -c '"$1" --help | grep -q -- "--twilio-token-file" && "$1" --help | grep -q -- "--public-url"' _ "$CURTAIND"

# The first server takes the token from the environment.
CURTAIN_TWILIO_AUTH_TOKEN=$TOKEN start_server "$DB" "${TW[@]}" || bail_out "curtaind did not start"
fake "config?deliver_to=$SERVER_URL" >/dev/null
login_demo miguel && TOK=$ACCESS_TOKEN
check "miguel (Front Desk and Billing) signed in" test -n "${TOK:-}"
: "${TOK:=x}"

# ---- signing, independently of curtaind -----------------------------------------------------
# tw_sign URL [NAME=VALUE...]: base64(HMAC-SHA1(token, URL + sorted names and values)).
tw_sign() {
	local data=$1 k v key=${SIGN_TOKEN:-$TOKEN}
	shift
	while IFS=$'\t' read -r k v; do
		data+=$k$v
	done < <(for kv in "$@"; do printf '%s\t%s\n' "${kv%%=*}" "${kv#*=}"; done |
		LC_ALL=C sort -t $'\t' -k1,1 -k2,2)
	printf '%s' "$data" | openssl dgst -sha1 -hmac "$key" -binary | base64
}
# tw_post PATH SIGNATURE [NAME=VALUE...]: a form POST to curtaind ("" = no signature header).
tw_post() {
	local path=$1 sig=$2 kv
	shift 2
	local -a args=(-H 'Content-Type: application/x-www-form-urlencoded')
	[ -n "$sig" ] && args+=(-H "X-Twilio-Signature: $sig")
	for kv in "$@"; do args+=(--data-urlencode "$kv"); done
	req POST "$path" "${args[@]}"
}
# inbound_params SID FROM TO BODY: what Twilio posts for an inbound SMS, into P[].
inbound_params() {
	P=("MessageSid=$1" "SmsMessageSid=$1" "SmsSid=$1" "AccountSid=$ACCOUNT" "From=$2" "To=$3"
		"Body=$4" "NumMedia=0" "NumSegments=1" "SmsStatus=received" "ApiVersion=2010-04-01"
		"FromCountry=US" "FromState=CA" "FromCity=SAN FRANCISCO" "FromZip=94105"
		"ToCountry=US" "ToState=CA" "ToCity=LAKESIDE" "ToZip=94000")
}
# tw_in SID FROM TO BODY: a correctly signed inbound text.
tw_in() {
	inbound_params "$@"
	tw_post /v1/hooks/twilio/inbound "$(tw_sign "$PUBLIC/v1/hooks/twilio/inbound" "${P[@]}")" "${P[@]}"
}
n_msgs() { messages "$TOK" "$1" | jq 'length'; }
consent_of() { conv_get "$TOK" "$1" | jq -r .consent; }
dept_of() { conv_get "$TOK" "$1" | jq -r .departmentId; }
# creates BODY: the fake's create requests for that text, as JSON lines.
creates() { jq -c --arg b "$1" 'select(.op == "create" and .body == $b)' "$FLOG"; }
n_created() { creates "$1" | jq -s '[.[] | select(.answer == 201)] | length'; }
n_creates() { creates "$1" | jq -s 'length'; }
n_lists() { jq -s --arg t "$1" '[.[] | select(.op == "list" and .to == $t)] | length' "$FLOG"; }
sid_of() { creates "$1" | jq -r 'select(.answer == 201) | .sid' | head -n 1; }
# delivery CONV BODY: "delivery deliveryError" of our message with that text.
delivery() {
	messages "$TOK" "$1" | jq -r --arg b "$2" '[.[] | select(.body == $b)][0] | "\(.delivery) \(.deliveryError)"'
}
delivery_is() { [ "$(delivery "$1" "$2")" = "$3" ]; }
audit_actions() { audit_jsonl | jq -r .action; }
departments() {
	call "$TOK" Department/get '{"ids": null}'
	rj --arg n "$1" '.list[] | select(.name == $n) | .id'
}
FD=$(departments "Front Desk")
BI=$(departments "Billing")

# ---- inbound ------------------------------------------------------------------------------------
P1=+15555558001
tw_in SMin0000000000000000000000000000001 "$P1" "$FDN" "Hi, this is a twilio itest"
is "$RESP_STATUS" 200 "signed inbound: 200"
is "$(hdr Content-Type | sed 's/;.*//')" text/xml "signed inbound: text/xml"
check "signed inbound: empty TwiML (got '$RESP')" grep -Eq '<Response */>' <<<"$RESP"
C1=$(conv_by_phone "$TOK" "$P1")
check "signed inbound made a conversation" test -n "$C1"
is "$(dept_of "$C1")" "$FD" "routed by To: the Front Desk number went to Front Desk"
is "$(messages "$TOK" "$C1" | jq -r '.[-1].body')" "Hi, this is a twilio itest" "the text is recorded"

P2=+15555558002
tw_in SMin0000000000000000000000000000002 "$P2" "$BIN" "A billing question, twilio itest"
C2=$(conv_by_phone "$TOK" "$P2")
is "$(dept_of "$C2")" "$BI" "routed by To: the Billing number went to Billing"

tw_in SMin0000000000000000000000000000001 "$P1" "$FDN" "Hi, this is a twilio itest"
is "$RESP_STATUS" 200 "a repeated MessageSid (Twilio's retry) is acknowledged"
is "$(n_msgs "$C1")" 1 "a repeated MessageSid is recorded once"

tw_in SMin0000000000000000000000000000009 "$P1" +15555559999 "To nobody"
is_problem 404 notFound "inbound to a number no department has"

# Refusals: 403, audited, nothing recorded.
A0=$(audit_actions | grep -c '^carrier.signature.invalid$')
inbound_params SMin0000000000000000000000000000003 "$P1" "$FDN" "Forged itest text"
tw_post /v1/hooks/twilio/inbound "$(SIGN_TOKEN=0123456789abcdef0123456789abcdef tw_sign "$PUBLIC/v1/hooks/twilio/inbound" "${P[@]}")" "${P[@]}"
is_problem 403 forbidden "signed with another token"
tw_post /v1/hooks/twilio/inbound "" "${P[@]}"
is_problem 403 forbidden "no signature"
# With Twilio the sim carrier's unsigned hook is closed, even on loopback.
req POST /v1/hooks/sim/inbound --data-urlencode MessageSid=SMsimhook1 --data-urlencode "From=$P1" \
	--data-urlencode "To=$FDN" --data-urlencode "Body=Forged through the sim hook"
is_problem 403 forbidden "the sim hook with --gateway twilio"
tw_post /v1/hooks/twilio/inbound "$(tw_sign "$SERVER_URL/v1/hooks/twilio/inbound" "${P[@]}")" "${P[@]}"
is "$RESP_STATUS" 403 "signed for another URL than --public-url: 403"
SIG=$(tw_sign "$PUBLIC/v1/hooks/twilio/inbound" "${P[@]}")
P[6]="Body=Forged itest text, changed"
tw_post /v1/hooks/twilio/inbound "$SIG" "${P[@]}"
is "$RESP_STATUS" 403 "a changed Body under a good signature: 403"
inbound_params SMin0000000000000000000000000000003 "$P1" "$FDN" "Forged itest text"
P[3]="AccountSid=AC$(openssl rand -hex 16)"
tw_post /v1/hooks/twilio/inbound "$(tw_sign "$PUBLIC/v1/hooks/twilio/inbound" "${P[@]}")" "${P[@]}"
is "$RESP_STATUS" 403 "another account's AccountSid: 403"
is "$(messages "$TOK" "$C1" | jq '[.[] | select(.body | test("Forged"))] | length')" 0 "no refused text was recorded"
AUD=$(audit_jsonl | jq -c 'select(.action == "carrier.signature.invalid")')
is "$(($(grep -c . <<<"$AUD") - A0))" 5 "every refusal was audited"
check "the audit names the reason" grep -q badSignature <<<"$AUD"
check "the audit names a missing signature" grep -q missingSignature <<<"$AUD"
unlike "$AUD" "${P1#+}|Forged|itest" "refusal audit entries carry no number or text"

# JSON bodies: bodySHA256 in the URL, the signature over the URL alone.
JBODY='{"MessageSid": "SMin0000000000000000000000000000004", "AccountSid": "'$ACCOUNT'", "From": "'$P1'", "To": "'$FDN'", "Body": "JSON body twilio itest", "NumMedia": "0"}'
JHASH=$(printf '%s' "$JBODY" | sha256sum | cut -c1-64)
JPATH="/v1/hooks/twilio/inbound?bodySHA256=$JHASH"
req POST "$JPATH" -H 'Content-Type: application/json' -H "X-Twilio-Signature: $(tw_sign "$PUBLIC$JPATH")" --data-binary "$JBODY"
is "$RESP_STATUS" 200 "a JSON body with a matching bodySHA256: 200"
is "$(messages "$TOK" "$C1" | jq -r '.[-1].body')" "JSON body twilio itest" "the JSON body's text is recorded"
req POST "$JPATH" -H 'Content-Type: application/json' -H "X-Twilio-Signature: $(tw_sign "$PUBLIC$JPATH")" \
	--data-binary "${JBODY/JSON body/Changed JSON body}"
is "$RESP_STATUS" 403 "a JSON body that does not match bodySHA256: 403"
req POST /v1/hooks/twilio/inbound -H 'Content-Type: application/json' \
	-H "X-Twilio-Signature: $(tw_sign "$PUBLIC/v1/hooks/twilio/inbound")" --data-binary "$JBODY"
is "$RESP_STATUS" 403 "a JSON body without bodySHA256: 403"
check "JSON refusals are audited with their reason" grep -q badBodySHA256 <<<"$(audit_jsonl)"

# STOP / START / HELP, exactly as the sim hook (shared code).
stop_reply() { [ "$(jq -s --arg t "$P1" '[.[] | select(.op == "create" and .to == $t and (.body | test("unsubscribed")))] | length' "$FLOG")" -ge 1 ]; }
tw_in SMin0000000000000000000000000000005 "$P1" "$FDN" "STOP"
is "$(consent_of "$C1")" optedOut "STOP: opted out"
check "STOP: the confirmation went to Twilio" wait_for 10 stop_reply
is "$(jq -s --arg t "$P1" '[.[] | select(.op == "create" and .to == $t and .answer == 201)] | length' "$FLOG")" 1 \
	"STOP: exactly one confirmation"
STOP_C=$(jq -sc --arg t "$P1" '[.[] | select(.op == "create" and .to == $t)][0]' "$FLOG")
is "$(jq -r '"\(.from) \(.auth)"' <<<"$STOP_C")" "$FDN true" "the confirmation comes from the department's number, with our credentials"
send "$TOK" "$C1" "Blocked after STOP itest" "" '{"ignoreReplyGuard": true}'
is "$(rj '.notCreated.k1.type')" optedOut "sending to an opted-out number: optedOut"
tw_in SMin0000000000000000000000000000006 "$P1" "$FDN" "start"
is "$(consent_of "$C1")" optedIn "START: opted back in"
start_reply() { [ "$(jq -s --arg t "$P1" '[.[] | select(.op == "create" and .to == $t and (.body | test("resubscribed")))] | length' "$FLOG")" -eq 1 ]; }
check "START: one confirmation went to Twilio" wait_for 10 start_reply
tw_in SMin0000000000000000000000000000007 "$P1" "$FDN" "HELP"
help_reply() { [ "$(jq -s --arg t "$P1" '[.[] | select(.op == "create" and .to == $t and (.body | test("for help call")))] | length' "$FLOG")" -eq 1 ]; }
check "HELP: the reply with the practice phone went to Twilio" wait_for 10 help_reply

# ---- outbound -------------------------------------------------------------------------------------
B1="Your appointment is Tuesday at 3 pm, twilio itest one"
send "$TOK" "$C1" "$B1" "" '{"ignoreReplyGuard": true}'
M1=$(rj '.created.k1.id // empty')
check "a staff text is accepted" test -n "$M1"
got_b1() { [ "$(n_created "$B1")" -ge 1 ]; }
check "it reached Twilio" wait_for 10 got_b1
CR=$(creates "$B1" | head -n 1)
is "$(jq -r '"\(.to) \(.from) \(.msid) \(.auth)"' <<<"$CR")" "$P1 $FDN null true" \
	"submitted To the patient, From the department's number, with Basic auth SID:token"
is "$(jq -r .statusCallback <<<"$CR")" "$PUBLIC/v1/hooks/twilio/status?m=$M1" "StatusCallback is the public status hook naming our message"
check "the message shows as sent" wait_for 10 delivery_is "$C1" "$B1" "sent null"
SID1=$(sid_of "$B1")

# Encrypted at rest, and never in the log.
check "the outbox row exists" test "$(sqlite3 "$DB" "SELECT COUNT(*) FROM outbox WHERE message_id = '$M1'")" = 1
is "$(sqlite3 "$DB" "SELECT state || ' ' || carrier_sid FROM outbox WHERE message_id = '$M1'")" "2 $SID1" \
	"the outbox row is submitted with Twilio's SID"
leak=$(cat "$DB" "$DB-wal" 2>/dev/null | grep -c -a -F "twilio itest one")
is "$leak" 0 "the text is not in the database files in clear"

# 500 twice: maybe sent, so reconciled (listed) before each retry; sent once.
B2="Please bring your insurance card, twilio itest two"
fake "fail?n=2&status=500" >/dev/null
L0=$(n_lists "$P1")
send "$TOK" "$C1" "$B2" "" '{"ignoreReplyGuard": true}'
got_b2() { [ "$(n_created "$B2")" -ge 1 ]; }
check "after two 500s the text went through" wait_for 30 got_b2
sleep 1
is "$(n_creates "$B2")" 3 "three attempts: 500, 500, then accepted"
is "$(n_created "$B2")" 1 "created exactly once"
is "$(($(n_lists "$P1") - L0))" 2 "Twilio was asked before each retry (list by To)"
check "the message shows as sent after the retries" wait_for 10 delivery_is "$C1" "$B2" "sent null"

# 429: refused, so retried without asking.
B3="See you soon, twilio itest three"
fake "fail?n=1&status=429" >/dev/null
L0=$(n_lists "$P1")
send "$TOK" "$C1" "$B3" "" '{"ignoreReplyGuard": true}'
got_b3() { [ "$(n_created "$B3")" -ge 1 ]; }
check "after a 429 the text went through" wait_for 30 got_b3
is "$(n_creates "$B3") $(n_created "$B3")" "2 1" "429 then accepted: two attempts, one message"
is "$(($(n_lists "$P1") - L0))" 0 "a 429 needs no reconciling"

# Permanent errors fail the message with Twilio's code.
P3=+15555558003
tw_in SMin0000000000000000000000000000010 "$P3" "$FDN" "Hello from a landline itest"
C3=$(conv_by_phone "$TOK" "$P3")
fake "reject?to=%2B15555558003&code=21211" >/dev/null
B4="Text to a bad number, twilio itest four"
send "$TOK" "$C3" "$B4" "" '{"ignoreReplyGuard": true}'
check "a 400 with code 21211 fails the message with that code" wait_for 15 delivery_is "$C3" "$B4" "failed 21211"
is "$(n_creates "$B4")" 1 "a permanent error is not retried"

P4=+15555558004
tw_in SMin0000000000000000000000000000011 "$P4" "$FDN" "Hi there itest"
C4=$(conv_by_phone "$TOK" "$P4")
fake "reject?to=%2B15555558004&code=21610" >/dev/null
B5="Reminder, twilio itest five"
send "$TOK" "$C4" "$B5" "" '{"ignoreReplyGuard": true}'
check "21610 at submission fails the message" wait_for 15 delivery_is "$C4" "$B5" "failed 21610"
is "$(consent_of "$C4")" optedOut "21610 at submission opts the number out"

# ---- status callbacks ------------------------------------------------------------------------------
events_start "$TOK" "$TMP/events.txt"
check "the event stream opened" wait_for 5 grep -q '^event: state' "$TMP/events.txt"
sleep 0.3
ev_count() { grep -c '"Message"' "$TMP/events.txt"; }
E0=$(ev_count)
is "$(fake "status?sid=$SID1&status=sent" | jq -r .httpStatus)" 200 "status callback 'sent': 200"
is "$(delivery "$C1" "$B1")" "sent null" "'sent' keeps the message sent"
is "$(fake "status?sid=$SID1&status=delivered" | jq -r .httpStatus)" 200 "status callback 'delivered': 200"
is "$(delivery "$C1" "$B1")" "delivered null" "'delivered' marks it delivered"
live() { [ "$(ev_count)" -gt "$E0" ]; }
check "clients hear of the delivery live (a Message state event)" wait_for 5 live
fake "status?sid=$SID1&status=sent" >/dev/null
is "$(delivery "$C1" "$B1")" "delivered null" "an out-of-order 'sent' after 'delivered' is ignored"
fake "status?sid=$SID1&status=undelivered&error=30003" >/dev/null
is "$(delivery "$C1" "$B1")" "delivered null" "a second final status is ignored"
SID3=$(sid_of "$B3")
fake "status?sid=$SID3&status=undelivered&error=30003" >/dev/null
is "$(delivery "$C1" "$B3")" "failed 30003" "'undelivered' with ErrorCode 30003: failed 30003"
fake "status?sid=$SID3&status=delivered" >/dev/null
is "$(delivery "$C1" "$B3")" "failed 30003" "'delivered' after 'undelivered' is ignored"

P5=+15555558005
tw_in SMin0000000000000000000000000000012 "$P5" "$FDN" "Hello itest five"
C5=$(conv_by_phone "$TOK" "$P5")
B6="Your forms are ready, twilio itest six"
send "$TOK" "$C5" "$B6" "" '{"ignoreReplyGuard": true}'
check "a text to the next patient went out" wait_for 10 delivery_is "$C5" "$B6" "sent null"
fake "status?sid=$(sid_of "$B6")&status=failed&error=21610" >/dev/null
is "$(delivery "$C5" "$B6")" "failed 21610" "callback with ErrorCode 21610: failed"
is "$(consent_of "$C5")" optedOut "callback with ErrorCode 21610 opts the number out"
check "the carrier opt-out is audited" grep -q '"carrier"' <<<"$(audit_jsonl | jq -c 'select(.action == "consent.change")')"

SP=("MessageSid=$SID1" "MessageStatus=failed" "AccountSid=$ACCOUNT")
tw_post "/v1/hooks/twilio/status?m=$M1" "$(SIGN_TOKEN=0123456789abcdef0123456789abcdef tw_sign "$PUBLIC/v1/hooks/twilio/status?m=$M1" "${SP[@]}")" "${SP[@]}"
is "$RESP_STATUS" 403 "a status callback with a bad signature: 403"
SP=("MessageSid=$SID1" "MessageStatus=failed" "AccountSid=$ACCOUNT")
tw_post "/v1/hooks/twilio/status?m=mOTHER" "$(tw_sign "$PUBLIC/v1/hooks/twilio/status?m=$M1" "${SP[@]}")" "${SP[@]}"
is "$RESP_STATUS" 403 "a status callback whose query string was changed: 403"
is "$(delivery "$C1" "$B1")" "delivered null" "refused callbacks change nothing"

# ---- kill -9 between Twilio's accept and our commit ------------------------------------------------
# The fake records the message, then holds its answer; curtaind dies waiting.
# Decoys with the same text: one of ours sent before (its SID is owned), one
# an hour old that is not ours; reconciling must pick neither.
B7="Crash test, twilio itest seven"
# delivery_id CONV MESSAGE_ID: "delivery deliveryError" of one message.
delivery_id() { messages "$TOK" "$1" | jq -r --arg m "$2" '.[] | select(.id == $m) | "\(.delivery) \(.deliveryError)"'; }
delivery_id_is() { [ "$(delivery_id "$1" "$2")" = "$3" ]; }
send "$TOK" "$C1" "$B7" "" '{"ignoreReplyGuard": true}'
check "a first text with the crash test's words went out" wait_for 10 delivery_is "$C1" "$B7" "sent null"
DECOY=$(fake "add?to=%2B15555558001&from=%2B15555550100&minutes_ago=60&body=$(jq -rn --arg b "$B7" '$b | @uri')" | jq -r .sid)
check "the fake holds an hour-old decoy" test -n "$DECOY"
fake "hang?seconds=20" >/dev/null
send "$TOK" "$C1" "$B7" "" '{"ignoreReplyGuard": true}'
M7=$(rj '.created.k1.id // empty')
got_b7() { [ "$(n_created "$B7")" -ge 2 ]; }
check "Twilio has the message (its answer is held)" wait_for 10 got_b7
SID7=$(creates "$B7" | jq -r 'select(.answer == 201) | .sid' | tail -n 1)
is "$(sqlite3 "$DB" "SELECT state || ' ' || ifnull(carrier_sid, '-') FROM outbox WHERE message_id = '$M7'")" "1 -" \
	"before the answer: 'submitting', no SID yet"
kill -9 "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
L0=$(n_lists "$P1")
# The second server reads the token from the file.
start_server "$DB" "${TW[@]}" --twilio-token-file "$TOKEN_FILE" || bail_out "curtaind did not restart"
fake "config?deliver_to=$SERVER_URL" >/dev/null # (access tokens outlive a restart)
check "after the restart the message is reconciled as sent" wait_for 30 delivery_id_is "$C1" "$M7" "sent null"
is "$(n_creates "$B7")" 2 "it was not submitted again (two texts, two submissions)"
check "it was found by listing Twilio's messages to the number" test "$(n_lists "$P1")" -gt "$L0"
is "$(sqlite3 "$DB" "SELECT carrier_sid FROM outbox WHERE message_id = '$M7'")" "$SID7" \
	"the reconciled SID is the held submission's, not the owned or the old decoy's"
check "the log says it was already with the carrier" grep -q "was already with the carrier" "$TMP/curtaind.log"

# Same crash, but Twilio's status callback arrives before the worker asks:
# the m= in the callback URL settles it.
B8="Crash test, twilio itest eight"
fake "hang?seconds=20" >/dev/null
send "$TOK" "$C1" "$B8" "" '{"ignoreReplyGuard": true}'
got_b8() { [ "$(n_created "$B8")" -ge 1 ]; }
check "Twilio has the second crash message" wait_for 10 got_b8
kill -9 "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
L0=$(n_lists "$P1")
start_server "$DB" "${TW[@]}" --twilio-token-file "$TOKEN_FILE" || bail_out "curtaind did not restart"
fake "config?deliver_to=$SERVER_URL" >/dev/null
is "$(fake "status?sid=$(sid_of "$B8")&status=delivered" | jq -r .httpStatus)" 200 \
	"a callback for the unrecorded submission is accepted"
check "the callback settled it: delivered" wait_for 10 delivery_is "$C1" "$B8" "delivered null"
sleep 8 # past the lease: the worker would reconcile now if it had to
is "$(n_creates "$B8")" 1 "not submitted again"
is "$(($(n_lists "$P1") - L0))" 0 "no listing was needed"

# ---- a messaging service ---------------------------------------------------------------------------
stop_server
MG=MG$(openssl rand -hex 16)
start_server "$DB" "${TW[@]}" --twilio-token-file "$TOKEN_FILE" --twilio-messaging-service "$MG" ||
	bail_out "curtaind did not start with a messaging service"
fake "config?deliver_to=$SERVER_URL" >/dev/null
B9="Through the messaging service, twilio itest nine"
send "$TOK" "$C1" "$B9" "" '{"ignoreReplyGuard": true}'
got_b9() { [ "$(n_created "$B9")" -ge 1 ]; }
check "a text through the messaging service went out" wait_for 10 got_b9
is "$(creates "$B9" | jq -r '"\(.msid) \(.from)"' | head -n 1)" "$MG null" \
	"with MessagingServiceSid and without From"

# ---- nothing secret or personal in the log -----------------------------------------------------------
leaks=0
for s in "$TOKEN" "${P1#+}" "${P2#+}" "${P5#+}" "twilio itest" "insurance card"; do
	grep -qF -- "$s" "$TMP/curtaind.log" && leaks=$((leaks + 1)) && note "curtaind.log contains: $s"
done
is "$leaks" 0 "curtaind's log has no token, number or text"
check "audit chain verifies" ctl audit verify
stop_server
done_testing
