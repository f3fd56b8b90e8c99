# shellcheck shell=bash
# shellcheck disable=SC2034 # RESP*, R, RNAME and OWN_* are results for the caller
# api.sh: raw HTTP and JMAP-batch helpers for the integration tests, on top
# of tests/lib/common.sh (which owns the TAP helpers, the temp dir $TMP, the
# server's lifetime, sms_in and the sign-in flow). Source it after common.sh.
#
# Every request helper leaves the last answer in:
#   RESP_STATUS  HTTP status ("000" when the connection failed)
#   RESP         the body
#   RESP_HDRS    the headers, CR stripped, one per line
# and never exits, so a test can assert on whatever came back.

API_TMP=$TMP/api
mkdir -p "$API_TMP"

# req METHOD PATH [curl args...]: a request to $SERVER_URL (or $REQ_BASE).
# (Helpers avoid extra processes: on a loaded machine each fork+exec costs.)
req() {
	local method=$1 path=$2
	shift 2
	local base=${REQ_BASE:-$SERVER_URL}
	: >"$API_TMP/body"
	: >"$API_TMP/hdr"
	RESP_STATUS=$(curl -sS -g -o "$API_TMP/body" -D "$API_TMP/hdr" -w '%{http_code}' \
		-X "$method" --max-time "${REQ_TIMEOUT:-15}" "$@" "$base$path" 2>"$API_TMP/curlerr") ||
		true
	[ -n "$RESP_STATUS" ] || RESP_STATUS=000
	RESP=$(<"$API_TMP/body")
	RESP_HDRS=$(<"$API_TMP/hdr")
	RESP_HDRS=${RESP_HDRS//$'\r'/}
}

# post_json PATH JSON [TOKEN]
post_json() {
	if [ -n "${3-}" ]; then
		req POST "$1" -H 'Content-Type: application/json' -H "Authorization: Bearer $3" \
			--data-binary "$2"
	else
		req POST "$1" -H 'Content-Type: application/json' --data-binary "$2"
	fi
}

# get_auth PATH TOKEN
get_auth() { req GET "$1" -H "Authorization: Bearer $2"; }

# hdr NAME: the value of a header of the last answer ("" when absent; the
# last one wins, so after a redirect or 100 Continue it is the final answer's).
hdr() {
	local line name want=${1,,} out=
	while IFS= read -r line; do
		case $line in *:*) ;; *) continue ;; esac
		name=${line%%:*}
		if [ "${name,,}" = "$want" ]; then
			out=${line#*:}
			out=${out#"${out%%[! ]*}"}
		fi
	done <<<"$RESP_HDRS"
	printf '%s' "$out"
}

# jr [jq options...] FILTER: jq -r over the last body ("" on a parse error).
jr() { printf '%s' "$RESP" | jq -r "$@" 2>/dev/null || true; }

# problem_type: the short problem type of the last answer ("notJSON" ...).
problem_type() { jr '.type // empty' | sed 's/^urn:curtain:error://'; }

# is_problem STATUS TYPE NAME: asserts status, problem+json content type and type.
is_problem() {
	local want_status=$1 want_type=$2 name=$3
	is "$RESP_STATUS" "$want_status" "$name: HTTP $want_status"
	is "$(hdr Content-Type | sed 's/;.*//')" "application/problem+json" "$name: problem+json"
	is "$(problem_type)" "$want_type" "$name: type $want_type"
}

# ---- the API endpoint ------------------------------------------------------

# batch TOKEN JSON [curl args...]: POST /v1/api with a full request object.
batch() {
	local token=$1 body=$2
	shift 2
	req POST /v1/api -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
		"$@" --data-binary "$body"
}

# call TOKEN METHOD ARGS_JSON: one method call with call id "c".
# Then R = the result object (or the error object), RNAME = the answer's name.
call() {
	batch "$1" "{\"methodCalls\": [[\"$2\", $3, \"c\"]]}"
	R='' RNAME=''
	{
		IFS= read -r RNAME
		IFS= read -r R
	} < <(printf '%s' "$RESP" | jq -rc '.methodResponses[0] | (.[0], (.[1] | tojson))' 2>/dev/null)
}

# mres ID: the result of call id ID in the last batch answer (compact JSON).
mres() { jr -c --arg c "$1" '[.methodResponses[]? | select(.[2] == $c)][0][1] // empty'; }
# mname ID: the answer's name for call id ID ("error" on a method error).
mname() { jr --arg c "$1" '[.methodResponses[]? | select(.[2] == $c)][0][0] // empty'; }

# rj [jq options...] FILTER: jq -r over $R.
rj() { printf '%s' "${R:-null}" | jq -r "$@" 2>/dev/null || true; }

# uuid: a random UUID for clientMsgId.
uuid() {
	local u
	if [ -r /proc/sys/kernel/random/uuid ]; then
		read -r u </proc/sys/kernel/random/uuid
		printf '%s\n' "$u"
	else
		od -An -tx1 -N16 /dev/urandom | tr -d ' \n' |
			sed -E 's/(.{8})(.{4})(.{4})(.{4})(.{12})/\1-\2-\3-\4-\5/'
	fi
}

# totp_at SECRET OFFSET_SECONDS: the code for now + offset.
totp_at() { oathtool --totp -b "$1" -N "@$(($(date +%s) + $2))"; }

# bad_totp SECRET: a six-digit code that is valid for none of the accepted steps.
bad_totp() {
	local c1 c2 c3 c
	c1=$(totp_at "$1" -30)
	c2=$(totp_at "$1" 0)
	c3=$(totp_at "$1" 30)
	for c in 000000 111111 123456 654321 999999; do
		if [ "$c" != "$c1" ] && [ "$c" != "$c2" ] && [ "$c" != "$c3" ]; then
			echo "$c"
			return
		fi
	done
}

# ---- objects through the API ----------------------------------------------

# conv_get TOKEN ID: the conversation object (compact JSON) or "".
conv_get() {
	call "$1" Conversation/get "{\"ids\": [\"$2\"]}"
	rj -c '.list[0] // empty'
}

# conv_by_phone TOKEN E164: the id of the visible conversation with that number.
conv_by_phone() {
	call "$1" Conversation/query '{"filter": {}, "sort": [{"property":"lastActivity","isAscending":false}], "limit": 500}'
	local ids
	ids=$(rj -c '.ids // []')
	call "$1" Conversation/get "{\"ids\": $ids, \"properties\": [\"id\", \"patientPhone\"]}"
	rj --arg p "$2" '[.list[]? | select(.patientPhone == $p)][0].id // empty'
}

# messages TOKEN CONV_ID: the conversation's messages as a compact JSON array.
messages() {
	local body
	body=$(jq -cn --arg c "$2" '{methodCalls: [
		["Message/query", {filter: {conversationId: $c}, limit: 500}, "q"],
		["Message/get", {"#ids": {resultOf: "q", name: "Message/query", path: "/ids"}}, "g"]]}')
	batch "$1" "$body"
	jr -c '[.methodResponses[]? | select(.[2] == "g")][0][1].list // []'
}

# send TOKEN CONV_ID BODY [CLIENT_MSG_ID] [EXTRA_JSON]: Message/set create "k1".
# R = the Message/set result.
send() {
	local cmid=${4:-$(uuid)} extra=${5:-'{}'}
	local args
	args=$(jq -cn --arg c "$2" --arg b "$3" --arg m "$cmid" --argjson x "$extra" \
		'{create: {k1: ({conversationId: $c, body: $b, clientMsgId: $m} + $x)}}')
	call "$1" Message/set "$args"
}

# last_msg_id TOKEN CONV_ID: id of the newest message in the conversation.
last_msg_id() { messages "$1" "$2" | jq -r '.[-1].id // empty'; }

# inbound FROM TO TEXT: a patient's text through `curtainctl sms-in` (quietly).
inbound() { sms_in "$1" "$3" "$2" >/dev/null 2>&1; }

# hook_in SID FROM TO BODY: the raw sim carrier form, as a carrier posts it.
hook_in() {
	req POST /v1/hooks/sim/inbound \
		--data-urlencode "MessageSid=$1" --data-urlencode "AccountSid=ACtest" \
		--data-urlencode "From=$2" --data-urlencode "To=$3" \
		--data-urlencode "Body=$4" --data-urlencode "NumMedia=0"
}

# audit_jsonl: the audit export as one compact JSON object per line.
audit_jsonl() { ctl audit export 2>/dev/null | jq -c 'if type == "array" then .[] else . end' 2>/dev/null; }

# pw_of USER / secret_of USER: a demo user's password and TOTP secret.
pw_of() { demo_creds "$1" >/dev/null && printf '%s' "$CRED_PASSWORD"; }
secret_of() { demo_creds "$1" >/dev/null && printf '%s' "$CRED_TOTP_SECRET"; }

# own_server NAME DB [curtaind args...]: a curtaind of the test's own (for
# TLS and listen-address cases), stderr in $TMP/NAME.log. Sets OWN_PID
# and OWN_PORT; returns 1 when it exits or has no port within 10 s.
own_server() {
	local name=$1 db=$2
	shift 2
	local pf=$TMP/$name.port
	rm -f "$pf"
	"$CURTAIND" -d "$db" --port-file "$pf" "$@" >/dev/null 2>"$TMP/$name.log" &
	OWN_PID=$!
	track_pid "$OWN_PID"
	OWN_PORT=
	local p1 p2
	for _ in $(seq 1 50); do
		if [ -s "$pf" ]; then
			# Read it twice, so a half-written file is not taken for the port.
			p1=$(tr -dc 0-9 <"$pf")
			sleep 0.1
			p2=$(tr -dc 0-9 <"$pf")
			[ -n "$p1" ] && [ "$p1" = "$p2" ] && OWN_PORT=$p1 && return 0
		fi
		kill -0 "$OWN_PID" 2>/dev/null || return 1
		sleep 0.2
	done
	return 1
}

# own_server_stop: TERM (then KILL) the server own_server started.
own_server_stop() {
	[ -n "${OWN_PID:-}" ] || return 0
	kill "$OWN_PID" 2>/dev/null
	for _ in $(seq 1 25); do
		kill -0 "$OWN_PID" 2>/dev/null || break
		sleep 0.2
	done
	kill -9 "$OWN_PID" 2>/dev/null
	wait "$OWN_PID" 2>/dev/null
	OWN_PID=
}

# wait_ms MILLISECONDS CMD...: like common.sh's wait_for, with millisecond
# precision (for "within 1 s" assertions).
wait_ms() {
	local now=${EPOCHREALTIME/./}
	local deadline=$((now / 1000 + $1))
	shift
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		now=${EPOCHREALTIME/./}
		[ $((now / 1000)) -ge "$deadline" ] && return 1
		sleep 0.05
	done
}
