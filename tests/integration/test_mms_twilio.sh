#!/usr/bin/env bash
# test_mms_twilio.sh: MMS through the Twilio gateway (PROTOCOL.md section 12)
# against the fake Twilio (tests/lib/fake_twilio.c): inbound media fetched
# from the API's origin only, with Basic auth, through a redirect to another
# host (which gets no credentials), byte for byte, then deleted at Twilio;
# too large, the wrong type, a PNG declared as JPEG, another host and a 404
# are rejected while the rest are stored; a fetch that keeps failing
# survives a restart and is seen live (Message/changes); outbound MMS with
# one MediaUrl per attachment that Twilio fetches (sha256 compared), the
# token checked (wrong or expired: 404) and each fetch audited; and
# reconciliation after a crash that also matches num_media.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib/common.sh"
. "$HERE/../lib/api.sh"
need_cmd curl jq openssl oathtool pkg-config cc sqlite3 cmp

. "$HERE/../lib/twilio.sh"
start_fake_twilio
fake() { curl -sS -X POST --max-time 30 "$FAKE_URL/_fake/$1"; }
PUBLIC=https://inbox.example.test
FDN=+15555550100
MAX=200000

DB=$TMP/mmstw.db
ctl init >/dev/null 2>&1
ctl seed --demo >/dev/null 2>&1
TW=(--gateway twilio --twilio-account-sid "$ACCOUNT" --public-url "$PUBLIC" --twilio-api-base "$FAKE_URL"
	--twilio-timeout 5 --twilio-token-file "$TOKEN_FILE" --max-media-bytes "$MAX")
start_server "$DB" "${TW[@]}" || bail_out "curtaind did not start"
fake "config?deliver_to=$SERVER_URL" >/dev/null
login_demo dana && TOK=$ACCESS_TOKEN
check "dana signed in" test -n "${TOK:-}"
: "${TOK:=x}"

# ---- files and the fake's media ------------------------------------------------------------------
MARK=MMS-TW-MARKER-$RANDOM$RANDOM
mkfile() { { printf "$2"; printf '%s' "$MARK"; head -c "$3" /dev/urandom; } >"$TMP/$1"; }
mkfile p1.png '\x89PNG\r\n\x1a\n' 30000
mkfile p2.jpg '\xff\xd8\xff\xe1' 45000
mkfile p3.gif 'GIF87a' 4000
mkfile big.png '\x89PNG\r\n\x1a\n' $((MAX + 5000))
printf 'plain text pretending\n' >"$TMP/t.txt"
sha() { sha256sum <"$TMP/$1" | cut -c1-64; }
# media ME FILE TYPE: the fake serves FILE as ME with Content-Type TYPE; prints its full URL.
media() { printf '%s%s' "$FAKE_URL" "$(curl -sS -X POST --max-time 10 --data-binary "@$TMP/$2" \
	"$FAKE_URL/_fake/media?me=$1&type=$(jq -rn --arg t "$3" '$t | @uri')" | jq -r .url)"; }
U_P1=$(media ME01 p1.png image/png)
U_P2=$(media ME02 p2.jpg image/jpeg)
U_P3=$(media ME03 p3.gif image/gif)
U_BIG=$(media ME04 big.png image/png)
U_OK=$(media ME05 p1.png image/png)
U_TXT=$(media ME06 t.txt text/plain)
U_LIE=$(media ME07 p1.png image/jpeg)
U_OTHER=$(media ME08 p1.png image/png)
U_OTHER=${U_OTHER/127.0.0.1/localhost} # the same server under another host name
U_GONE=${U_OK/ME05/ME09}	       # never registered: 404

# ---- signed webhooks (signatures made here, independently of curtaind) ---------------------------
tw_sign() {
	local data=$1 k v
	shift
	while IFS=$'\t' read -r k v; do data+=$k$v; done < <(for kv in "$@"; do
		printf '%s\t%s\n' "${kv%%=*}" "${kv#*=}"
	done | LC_ALL=C sort -t $'\t' -k1,1 -k2,2)
	printf '%s' "$data" | openssl dgst -sha1 -hmac "$TOKEN" -binary | base64
}
# mms_in SID FROM BODY (URL TYPE)...: a signed inbound MMS.
mms_in() {
	local sid=$1 from=$2 body=$3 i=0 kv
	shift 3
	local -a p=("MessageSid=$sid" "AccountSid=$ACCOUNT" "From=$from" "To=$FDN" "Body=$body"
		"NumMedia=$(($# / 2))")
	while [ $# -ge 2 ]; do
		p+=("MediaUrl$i=$1" "MediaContentType$i=$2")
		i=$((i + 1))
		shift 2
	done
	local -a a=(-H 'Content-Type: application/x-www-form-urlencoded'
		-H "X-Twilio-Signature: $(tw_sign "$PUBLIC/v1/hooks/twilio/inbound" "${p[@]}")")
	for kv in "${p[@]}"; do a+=(--data-urlencode "$kv"); done
	req POST /v1/hooks/twilio/inbound "${a[@]}"
}
flog() { jq -c "$1" "$FLOG"; }
last_msg() { messages "$TOK" "$1" | jq -c '.[-1]'; }
states() { last_msg "$1" | jq -c '[.attachments[] | [.state, .reason]]'; }
settled() { [ "$(last_msg "$1" | jq '[.attachments[] | select(.state == "fetching")] | length')" = 0 ]; }
dl() {
	RESP_STATUS=$(curl -sS -o "$TMP/dl" -D "$TMP/dl.hdr" -w '%{http_code}' --max-time 15 \
		${1:+-H "Authorization: Bearer $1"} "$SERVER_URL$2")
}

# ---- three pictures ------------------------------------------------------------------------------
P1=+15555556001
mms_in MMtw000000000000000000000000000001 "$P1" "three pictures" "$U_P1" image/png "$U_P2" image/jpeg "$U_P3" image/gif
is "$RESP_STATUS" 200 "a signed inbound MMS: 200"
C1=$(conv_by_phone "$TOK" "$P1")
check "all three are fetched" wait_for 20 settled "$C1"
is "$(states "$C1")" '[["stored",null],["stored",null],["stored",null]]' "all three stored"
M=$(last_msg "$C1")
i=0
for f in p1.png p2.jpg p3.gif; do
	dl "$TOK" "/v1/attachments/$(jq -r ".attachments[$i].id" <<<"$M")?purpose=view"
	check "picture $((i + 1)): the bytes downloaded are the original's ($RESP_STATUS)" cmp "$TMP/dl" "$TMP/$f"
	i=$((i + 1))
done
is "$(flog 'select(.op == "mediaGet" and (.me | test("ME0[123]"))) | [.auth, .answer]' | sort -u | tr -d '\n')" \
	'[true,302]' "each was asked for with Basic auth and redirected"
is "$(flog 'select(.op == "storageGet" and (.me | test("ME0[123]"))) | .auth' | sort -u | tr -d '\n')" \
	false "the redirect target (another host) got no credentials"
deleted() { [ "$(flog "select(.op == \"mediaDelete\" and .me == \"$1\" and .answer == 204 and .auth)" | wc -l)" -ge 1 ]; }
check "ME01 deleted at Twilio after storing" wait_for 10 deleted ME01
check "ME02 deleted at Twilio" wait_for 10 deleted ME02
check "ME03 deleted at Twilio" wait_for 10 deleted ME03

# ---- what is refused ---------------------------------------------------------------------------------
P2=+15555556002
mms_in MMtw000000000000000000000000000002 "$P2" "" "$U_BIG" image/png "$U_OK" image/png "$U_TXT" text/plain \
	"$U_LIE" image/jpeg "$U_OTHER" image/png "$U_GONE" image/png
C2=$(conv_by_phone "$TOK" "$P2")
check "the six are settled" wait_for 20 settled "$C2"
is "$(states "$C2")" \
	'[["rejected","tooLarge"],["stored",null],["rejected","badType"],["rejected","badType"],["rejected","fetchFailed"],["rejected","fetchFailed"]]' \
	"too large, text/plain, a PNG declared JPEG, another host, a 404: rejected; the good one stored"
is "$(flog 'select(.me == "ME08")' | wc -l)" 0 "the URL on another host was never fetched"
check "the stored one was deleted at Twilio" wait_for 10 deleted ME05
sleep 1
is "$(flog 'select(.op == "mediaDelete" and (.me | test("ME0[4678]")))' | wc -l)" 0 \
	"rejected media are not deleted at Twilio"

# ---- a fetch that keeps failing, across a restart, seen live --------------------------------------------
U_R=$(media ME10 p2.jpg image/jpeg)
fake "media_fail?me=ME10&n=1000&status=503" >/dev/null
P3=+15555556003
mms_in MMtw000000000000000000000000000003 "$P3" "after a restart" "$U_R" image/jpeg
C3=$(conv_by_phone "$TOK" "$P3")
tried() { [ "$(flog 'select(.op == "mediaGet" and .me == "ME10" and .answer == 503)' | wc -l)" -ge 2 ]; }
check "503s are retried" wait_for 20 tried
is "$(states "$C3")" '[["fetching",null]]' "while Twilio answers 503 the picture is fetching"
M3=$(last_msg "$C3" | jq -r .id)
V3=$(last_msg "$C3" | jq -r .version)
call "$TOK" Message/get '{"ids": []}'
S3=$(rj .state)
stop_server
fake "media_fail?me=ME10&n=0" >/dev/null
start_server "$DB" "${TW[@]}" || bail_out "curtaind did not restart"
fake "config?deliver_to=$SERVER_URL" >/dev/null
check "after the restart the fetch resumes and stores it" wait_for 30 settled "$C3"
is "$(states "$C3")" '[["stored",null]]' "stored"
call "$TOK" Message/changes "{\"sinceState\": \"$S3\"}"
is "$(rj --arg m "$M3" '(.updated + .created) | index($m) != null')" true "Message/changes lists the message (a live change)"
check "its version moved" test "$(last_msg "$C3" | jq -r .version)" -gt "$V3"

# ---- outbound MMS ------------------------------------------------------------------------------------
up() { req POST "/v1/attachments?conversationId=$2" -H "Authorization: Bearer $1" -H "Content-Type: $4" --data-binary "@$TMP/$3"; }
up "$TOK" "$C1" p1.png image/png
A1=$(jr .id)
up "$TOK" "$C1" p2.jpg image/jpeg
A2=$(jr .id)
send "$TOK" "$C1" "" "" "{\"ignoreReplyGuard\": true, \"attachmentIds\": [\"$A1\", \"$A2\"]}"
MO=$(rj '.created.k1.id // empty')
check "an MMS with two pictures and no text is accepted" test -n "$MO"
created_mms() { [ "$(flog "select(.op == \"create\" and .answer == 201 and (.statusCallback | endswith(\"$MO\")))" | wc -l)" -ge 1 ]; }
check "it reached Twilio" wait_for 15 created_mms
CR=$(flog "select(.op == \"create\" and .answer == 201 and (.statusCallback | endswith(\"$MO\")))" | head -n 1)
is "$(jq -r '.media | length' <<<"$CR") $(jq -r .body <<<"$CR")" "2 null" "two MediaUrl fields, no Body"
MU1=$(jq -r '.media[0]' <<<"$CR")
MU2=$(jq -r '.media[1]' <<<"$CR")
like "$MU1" "^$PUBLIC/v1/hooks/twilio/media/$A1/[A-Za-z0-9_-]{43}\$" "MediaUrl 1: the public URL, the attachment, a 43-character token"
like "$MU2" "^$PUBLIC/v1/hooks/twilio/media/$A2/" "MediaUrl 2 names the second attachment"
fetched() { jq -r "select(.op == \"mediaFetch\" and .url == \"$1\") | \"\(.status) \(.size) \(.sha256) \(.contentType)\"" "$FLOG" | head -n 1; }
is "$(fetched "$MU1")" "200 $(stat -c %s "$TMP/p1.png") $(sha p1.png) image/png" "Twilio fetched picture 1: sha256 and size match the upload"
is "$(fetched "$MU2")" "200 $(stat -c %s "$TMP/p2.jpg") $(sha p2.jpg) image/jpeg" "Twilio fetched picture 2: sha256 and size match"
check "the message shows as sent" test "$(messages "$TOK" "$C1" | jq -r --arg m "$MO" '.[] | select(.id == $m) | .delivery')" = sent
is "$(audit_jsonl | jq -r 'select(.action == "attachment.carrierFetch") | .objectId' | sort | tr '\n' ' ')" \
	"$(printf '%s\n' "$A1" "$A2" | sort | tr '\n' ' ')" "each carrier fetch is audited as attachment.carrierFetch"
P1PATH=${MU1#"$PUBLIC"}
dl "" "$P1PATH"
is "$RESP_STATUS" 200 "the MediaUrl needs no Authorization"
dl "" "${P1PATH%?}x"
is "$RESP_STATUS" 404 "a wrong token: 404"
dl "" "/v1/hooks/twilio/media/$A2/${P1PATH##*/}"
is "$RESP_STATUS" 404 "another attachment's token: 404"
sqlite3 "$DB" "UPDATE attachments SET carrier_token_expires = $(($(date +%s) * 1000 - 1000)) WHERE id = '$A1'"
dl "" "$P1PATH"
is "$RESP_STATUS" 404 "an expired token: 404"

# ---- reconciliation matches num_media ---------------------------------------------------------------------
# A plain text with the same words, a minute older, is not our MMS.
BODY="Crash test MMS itest"
fake "add?to=$(jq -rn --arg t "$P1" '$t | @uri')&from=%2B15555550100&minutes_ago=1&body=$(jq -rn --arg b "$BODY" '$b | @uri')" >/dev/null
up "$TOK" "$C1" p3.gif image/gif
A3=$(jr .id)
fake "hang?seconds=20" >/dev/null
send "$TOK" "$C1" "$BODY" "" "{\"ignoreReplyGuard\": true, \"attachmentIds\": [\"$A3\"]}"
MC=$(rj '.created.k1.id // empty')
got_crash() { [ "$(flog "select(.op == \"create\" and .answer == 201 and .body == \"$BODY\")" | wc -l)" -ge 1 ]; }
check "Twilio has the MMS (its answer is held)" wait_for 10 got_crash
SIDC=$(flog "select(.op == \"create\" and .answer == 201 and .body == \"$BODY\") | .sid" | head -n 1 | tr -d '"')
kill -9 "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
start_server "$DB" "${TW[@]}" || bail_out "curtaind did not restart"
fake "config?deliver_to=$SERVER_URL" >/dev/null
sent_ok() { [ "$(sqlite3 "$DB" "SELECT state FROM outbox WHERE message_id = '$MC'")" = 2 ]; }
check "after the crash the MMS is reconciled" wait_for 30 sent_ok
is "$(sqlite3 "$DB" "SELECT carrier_sid FROM outbox WHERE message_id = '$MC'")" "$SIDC" \
	"adopted the MMS's SID, not the older plain text's with the same words"
is "$(flog "select(.op == \"create\" and .body == \"$BODY\")" | wc -l)" 1 "not submitted twice"

# ---- nothing personal in the log -----------------------------------------------------------------------
leaks=0
for s in "$TOKEN" "${P1#+}" "${P2#+}" "$MARK" "three pictures" "/Media/ME" "$ACCOUNT/Messages" \
	"${MU1##*/}" "${MU2##*/}"; do
	grep -qF -- "$s" "$TMP/curtaind.log" && leaks=$((leaks + 1)) && note "curtaind.log contains: $s"
done
is "$leaks" 0 "curtaind's log has no auth or media token, number, media URL or byte"
check "audit chain verifies" ctl audit verify
done_testing
