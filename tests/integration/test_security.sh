#!/usr/bin/env bash
# test_security.sh: PHI at rest and in logs, key file mode, the refusal to
# serve plain HTTP off loopback, TLS, audit tamper detection, and clear
# problem documents for bad requests (DESIGN.md section 4, PROTOCOL.md
# sections 1, 2 and 11).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib/common.sh"
. "$HERE/../lib/api.sh"

DB=$TMP/sec.db
ctl init >/dev/null 2>&1
ctl seed --demo >/dev/null 2>&1
is "$(stat -c %a "$DB.key" 2>/dev/null)" 600 "key file mode 0600"
is "$(stat -c %a "$DB.demo-credentials" 2>/dev/null)" 600 "demo credentials file mode 0600"

start_server "$DB"
MAIN_PID=$SERVER_PID

login_demo dana && DANA=$ACCESS_TOKEN
check "dana signed in" test -n "${DANA:-}"
: "${DANA:=x}"

# ---- PHI the seed made and the test makes ----------------------------------------------
call "$DANA" Conversation/query '{"filter": {}, "limit": 8}'
IDS=$(rj -c '.ids // []')
call "$DANA" Conversation/get "{\"ids\": $IDS}"
mapfile -t NAMES < <(rj '.list[].patientName' | grep -E '.{5,}')
mapfile -t PHONES < <(rj '.list[].patientPhone')
check "seed conversations have names and phones (${#NAMES[@]}, ${#PHONES[@]})" test "${#NAMES[@]}" -ge 3 -a "${#PHONES[@]}" -ge 3
BODIES=()
for c in $(jq -r '.[:3][]' <<<"$IDS"); do
	while IFS= read -r b; do BODIES+=("$b"); done < <(messages "$DANA" "$c" | jq -r '.[] | select(.direction == "in") | .body' | grep -E '.{12,}')
done
check "seed inbound texts collected (${#BODIES[@]})" test "${#BODIES[@]}" -ge 3

call "$DANA" Department/get '{"ids": null}'
FD=$(rj '.list[] | select(.name == "Front Desk") | .id')
call "$DANA" Conversation/set "$(jq -cn --arg fd "$FD" '{create: {n1: {departmentId: $fd, patientPhone: "+15555558123", patientName: "Zebulon Quackenbush", language: "en"}}}')"
ZC=$(rj '.created.n1.id // empty')
check "outbound conversation created" test -n "$ZC"
send "$DANA" "$ZC" "Zebulon, your knee brace order is ready for pickup" "" '{"ignoreReplyGuard": true}'
check "text sent" test -n "$(rj '.created.k1.id // empty')"
inbound +15555558124 +15555550100 "Hello this is Philippa Thistlewood about my bunion surgery"
inbound +15555558123 +15555550100 "Thanks, Quackenbush will pick it up Tuesday"
PC=$(conv_by_phone "$DANA" +15555558124)
call "$DANA" Conversation/set "{\"update\": {\"$PC\": {\"patientName\": \"Philippa Thistlewood\"}}}"
call "$DANA" Note/set "$(jq -cn --arg c "$PC" '{create: {n1: {conversationId: $c, body: "Thistlewood prefers afternoon calls gorgonzola"}}}')"
check "note created" test -n "$(rj '.created.n1.id // empty')"
call "$DANA" Conversation/query '{"filter": {"text": "Thistlewood"}}'
is "$(rj --arg p "$PC" '.ids | index($p) != null')" true "text search still finds the patient (so the data is there, encrypted)"
sleep 1 # let the sim gateway deliver

NAMES+=("Zebulon Quackenbush" "Philippa Thistlewood" "Quackenbush" "Thistlewood")
PHONES+=(+15555558123 +15555558124)
BODIES+=("your knee brace order is ready" "bunion surgery" "prefers afternoon calls gorgonzola" "will pick it up Tuesday")

# ---- error handling: clear problems, and the server keeps serving ------------------------------
batch "$DANA" '{"methodCalls": [["Department/get", {"ids": nu'
is_problem 400 notJSON "truncated JSON body"
check "notJSON: title and detail" test -n "$(jr '.title // empty')" -a -n "$(jr '.detail // empty')"
is "$(jr .status)" 400 "problem: status member"
batch "$DANA" 'this is not json'
is_problem 400 notJSON "malformed JSON"
req GET /v1/no-such-endpoint -H "Authorization: Bearer $DANA"
is_problem 404 notFound "unknown endpoint"
req GET /v1/api -H "Authorization: Bearer $DANA"
is_problem 405 methodNotAllowed "GET /v1/api"
req DELETE /v1/health
is_problem 405 methodNotAllowed "DELETE /v1/health"
req GET /v1/auth/login
is_problem 405 methodNotAllowed "GET /v1/auth/login"
batch "garbage-token" '{"methodCalls": []}'
is_problem 401 unauthorized "bad token"
req POST /v1/api -H "Authorization: Bearer $DANA" -H 'Content-Type: text/plain' --data-binary '{"methodCalls": []}'
is_problem 415 unsupportedMediaType "text/plain body"
post_json /v1/auth/login '{"username": 5}'
check "login with a wrong shape: a 400 problem (got $RESP_STATUS $(problem_type))" \
	test "$RESP_STATUS" = 400 -a "$(hdr Content-Type | sed 's/;.*//')" = application/problem+json
# A client that promises more body than it sends and gives up.
timeout 3 curl -sS -o /dev/null -H 'Content-Type: application/json' -H "Authorization: Bearer $DANA" \
	-H 'Content-Length: 5000' --data-binary '{"methodCalls": [' "$SERVER_URL/v1/api" 2>/dev/null
req GET /v1/health
is "$RESP_STATUS|$(jr .status)" "200|ok" "after a truncated upload the server still serves"
check "the server process is alive" kill -0 "$MAIN_PID"

# ---- PHI in the log ----------------------------------------------------------------------------
stop_server
LOG=$TMP/curtaind.log
check "the server wrote a log" test -e "$LOG"
phone_forms() { # every common way of writing an E.164 NANP number
	local d=${1#+1}
	printf '%s\n' "$1" "1$d" "$d" "${d:0:3}-${d:3:3}-${d:6}" "(${d:0:3}) ${d:3:3}-${d:6}" "${d:0:3}.${d:3:3}.${d:6}" "${d:0:3} ${d:3:3} ${d:6}"
}
leaks_in() { # leaks_in FILE: prints each PHI string found in FILE
	local f=$1 s p
	for s in "${NAMES[@]}" "${BODIES[@]}"; do
		grep -qaF -- "$s" "$f" && printf 'text: %s\n' "${s:0:12}"
	done
	for p in "${PHONES[@]}"; do
		while IFS= read -r s; do
			grep -qaF -- "$s" "$f" && printf 'phone: %s\n' "$s"
		done < <(phone_forms "$p")
	done
	return 0
}
L=$(leaks_in "$LOG")
is "$L" "" "the server log has no patient name, phone or text"
is "$(grep -caF -- "$DANA" "$LOG")" 0 "the server log has no access token"
is "$(grep -caF -- "$(pw_of dana)" "$LOG")" 0 "the server log has no password"

# ---- PHI at rest ---------------------------------------------------------------------------------
strings -a -n 4 "$DB" >"$TMP/db.strings"
strings -a -n 4 -e S "$DB" >>"$TMP/db.strings"
if [ -e "$DB-wal" ]; then
	note "a -wal file is left after shutdown; scanning it too"
	strings -a -n 4 "$DB-wal" >>"$TMP/db.strings"
	strings -a -n 4 -e S "$DB-wal" >>"$TMP/db.strings"
fi
check "strings found something in the database" test -s "$TMP/db.strings"
is "$(leaks_in "$TMP/db.strings")" "" "strings over the database: no patient name, phone or text"
is "$(leaks_in "$DB")" "" "raw bytes of the database: no patient name, phone or text"
if [ -e "$DB-wal" ]; then
	is "$(leaks_in "$DB-wal")" "" "raw bytes of the -wal file: no patient name, phone or text"
fi
check "non-PHI text (department names, usernames) is findable, so the scan works" grep -qaE "Front Desk|priya|15555550100" "$TMP/db.strings"

# ---- listen address ------------------------------------------------------------------------------
timeout 10 "$CURTAIND" -d "$DB" --listen 0.0.0.0:0 --port-file "$TMP/any.port" \
	>"$TMP/any.out" 2>"$TMP/any.err"
RC=$?
check "plain HTTP on 0.0.0.0 is refused (exit $RC)" test "$RC" -ne 0 -a "$RC" -ne 124
check "the refusal says why (TLS)" grep -qi tls "$TMP/any.err"
check "the refusal names --behind-tls-proxy or --tls-cert" grep -Eq -- '--behind-tls-proxy|--tls-cert' "$TMP/any.err"
own_server proxy "$DB" --listen 0.0.0.0:0 --behind-tls-proxy
check "0.0.0.0 with --behind-tls-proxy starts" test -n "$OWN_PORT"
REQ_BASE=http://127.0.0.1:${OWN_PORT:-1} req GET /v1/health
is "$RESP_STATUS" 200 "behind-tls-proxy server answers health"
# The carrier hook only takes posts from loopback.
HOST_IP=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9.]+$' | grep -v '^127\.' | head -n 1)
if [ -n "$HOST_IP" ]; then
	REQ_BASE=http://$HOST_IP:${OWN_PORT:-1} req POST /v1/hooks/sim/inbound \
		--data-urlencode MessageSid=SMoffbox1 --data-urlencode From=+15555558125 \
		--data-urlencode To=+15555550100 --data-urlencode "Body=from off the box"
	is_problem 403 forbidden "sim hook posted from $HOST_IP (not loopback)"
else
	skip "sim hook from off the box" "no non-loopback IPv4 address"
fi
# Behind a proxy every client comes from loopback: the hook is closed.
REQ_BASE=http://127.0.0.1:${OWN_PORT:-1} req POST /v1/hooks/sim/inbound \
	--data-urlencode MessageSid=SMproxied1 --data-urlencode From=+15555558125 \
	--data-urlencode To=+15555550100 --data-urlencode "Body=through the proxy"
is_problem 403 forbidden "sim hook through a TLS proxy (from 127.0.0.1, --behind-tls-proxy)"
own_server_stop

# ---- TLS -------------------------------------------------------------------------------------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
	-subj /CN=localhost -addext 'subjectAltName=IP:127.0.0.1,DNS:localhost' \
	-keyout "$TMP/tls.key" -out "$TMP/tls.crt" >/dev/null 2>&1
check "self-signed certificate made" test -s "$TMP/tls.crt" -a -s "$TMP/tls.key"
own_server tls "$DB" --listen 127.0.0.1:0 --tls-cert "$TMP/tls.crt" --tls-key "$TMP/tls.key"
check "TLS server started" test -n "$OWN_PORT"
REQ_BASE=https://127.0.0.1:${OWN_PORT:-1} req GET /v1/health --cacert "$TMP/tls.crt"
is "$RESP_STATUS|$(jr .status)" "200|ok" "health over https with the CA"
REQ_BASE=https://127.0.0.1:${OWN_PORT:-1} req GET /v1/health
is "$RESP_STATUS" 000 "https without trusting the certificate fails"
REQ_BASE=http://127.0.0.1:${OWN_PORT:-1} req GET /v1/health
check "plain http to the TLS port gets no health answer" test "$RESP_STATUS" != 200
own_server_stop

# ---- audit tampering ------------------------------------------------------------------------------
ctl audit verify >"$TMP/verify.out" 2>&1
is "$?" 0 "audit verify passes on the untouched log"
AT=$(sqlite3 "$DB" "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'audit%' ORDER BY length(name) LIMIT 1;")
check "an audit table exists ($AT)" test -n "$AT"
for t in $(sqlite3 "$DB" "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '$AT';"); do
	sqlite3 "$DB" "DROP TRIGGER \"$t\";"
done
COL=$(sqlite3 "$DB" "SELECT name FROM pragma_table_info('$AT') WHERE name IN ('action', 'detail', 'object_id', 'actor') LIMIT 1;")
check "the audit table has a column to tamper with ($COL)" test -n "$COL"
sqlite3 "$DB" "UPDATE \"$AT\" SET \"$COL\" = 'tampered' WHERE rowid = (SELECT rowid FROM \"$AT\" ORDER BY rowid LIMIT 1 OFFSET 3);"
is "$(sqlite3 "$DB" "SELECT count(*) FROM \"$AT\" WHERE \"$COL\" = 'tampered';")" 1 "one audit row altered"
ctl audit verify >"$TMP/verify.out" 2>&1
is "$?" 1 "audit verify exits 1 on a tampered log"
check "audit verify says where" test -s "$TMP/verify.out"

done_testing
