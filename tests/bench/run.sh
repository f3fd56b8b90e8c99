#!/usr/bin/env bash
# make bench: measures what the product promises to be fast.
#   1. curtainctl seed --conversations N (default 100,000 x 3 messages)
#   2. the first-screen batch (departments + top 40 of the queue + those 40
#      conversations, one round trip) against that database, over loopback
#   3. a deep page (position 50,000) and Conversation/queryChanges
#   4. the "too detailed for SMS" detector per keystroke (build/bench-phi)
# Prints medians and p95 in milliseconds. BENCH_CONVERSATIONS overrides N.
set -u
BUILD=${BUILD:-build}
N=${BENCH_CONVERSATIONS:-100000}
ROUNDS=${BENCH_ROUNDS:-50}
CTL=$BUILD/curtainctl
SRV=$BUILD/curtaind
for tool in curl jq oathtool; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is missing (sh packaging/install-deps.sh test)"; exit 1; }
done
TMP=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT INT TERM

DB=$TMP/bench.db
SECRET=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP
"$CTL" -d "$DB" init --practice-name "Bench Practice" --practice-phone +15555550199 >/dev/null || exit 1
"$CTL" -d "$DB" dept add "Front Desk" --number +15555550100 >/dev/null || exit 1
printf 'bench-password-123\n' | "$CTL" -d "$DB" user add bench --name "Bench User" --role agent \
	--dept "Front Desk" --password-stdin --totp-secret "$SECRET" >/dev/null || exit 1

t0=$(date +%s.%N)
"$CTL" -d "$DB" seed --conversations "$N" --messages-per-conversation 3 --dept "Front Desk" >/dev/null || exit 1
t1=$(date +%s.%N)
awk -v n="$N" -v a="$t0" -v b="$t1" 'BEGIN { printf "seed: %d conversations x 3 messages in %.1f s\n", n, b - a }'
printf 'database size: %s\n' "$(du -h "$DB" | cut -f1)"

"$SRV" -d "$DB" --listen 127.0.0.1:0 --port-file "$TMP/port" 2>"$TMP/curtaind.log" &
PID=$!
for _ in $(seq 100); do [ -s "$TMP/port" ] && break; sleep 0.1; done
URL=http://127.0.0.1:$(cat "$TMP/port")
MFA=$(curl -sf "$URL/v1/auth/login" -H 'Content-Type: application/json' \
	-d '{"username":"bench","password":"bench-password-123","deviceName":"bench"}' | jq -r .mfaToken)
CODE=$(oathtool --totp -b "$SECRET")
TOKEN=$(curl -sf "$URL/v1/auth/mfa" -H 'Content-Type: application/json' \
	-d "{\"mfaToken\":\"$MFA\",\"code\":\"$CODE\",\"pin\":\"4071\"}" | jq -r .accessToken)
[ -n "$TOKEN" ] && [ "$TOKEN" != null ] || { echo "bench: sign-in failed"; cat "$TMP/curtaind.log"; exit 1; }
DEPT=$(curl -sf "$URL/v1/session" -H "Authorization: Bearer $TOKEN" | jq -r '.departments[0].id')

first_screen() {
	cat <<EOF
{"methodCalls":[
 ["Department/get",{"ids":null},"d"],
 ["Staff/get",{"ids":null},"s"],
 ["Template/get",{"ids":null},"t"],
 ["Conversation/query",{"filter":{"departmentId":"$DEPT","status":["open","pending"]},
   "sort":[{"property":"waitingSince","isAscending":true}],"position":$1,"limit":40,"calculateTotal":true},"q"],
 ["Conversation/get",{"#ids":{"resultOf":"q","name":"Conversation/query","path":"/ids"}},"c"]]}
EOF
}

# Runs a request ROUNDS times; prints median and p95 of the total time.
measure() {
	local name=$1 body=$2 times=()
	curl -sf "$URL/v1/api" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
		-d "$body" -o "$TMP/last.json" || { echo "bench: $name failed"; return 1; }
	for _ in $(seq "$ROUNDS"); do
		times+=("$(curl -s -o /dev/null -w '%{time_total}' "$URL/v1/api" \
			-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$body")")
	done
	printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" '
		{ t[NR] = $1 * 1000 }
		END { printf "%s: median %.1f ms, p95 %.1f ms (%d rounds)\n", name, t[int((NR + 1) / 2)], t[int(NR * 0.95)], NR }'
}

measure "first screen (top 40 + counts, one round trip)" "$(first_screen 0)"
printf '  answered %s conversations of %s\n' "$(jq '.methodResponses[4][1].list | length' "$TMP/last.json")" \
	"$(jq '.methodResponses[3][1].total' "$TMP/last.json")"
measure "deep page (position $((N / 2)))" "$(first_screen $((N / 2)))"
QS=$(jq -r '.methodResponses[3][1].queryState' "$TMP/last.json")
measure "queryChanges (no changes)" "{\"methodCalls\":[[\"Conversation/queryChanges\",{\"filter\":{\"departmentId\":\"$DEPT\",\"status\":[\"open\",\"pending\"]},\"sort\":[{\"property\":\"waitingSince\",\"isAscending\":true}],\"sinceQueryState\":\"$QS\"},\"qc\"]]}"

echo
"$BUILD/bench-phi"
