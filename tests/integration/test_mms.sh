#!/usr/bin/env bash
# test_mms.sh: picture messages (PROTOCOL.md section 12) on the sim carrier:
# the session's limits; inbound MMS through `curtainctl sim inbound --media`
# and the raw hook (data: URLs, type sniffing, size limit, other URLs);
# Attachment objects on messages; downloads (purpose, headers, audit,
# another department's 404 with attachment.denied); uploads (413, 415, 404,
# audit); sending with attachmentIds (exactly once, ownership, the count
# limit, the sim outbox); encryption at rest; a restart; the 24-hour prune
# of unused uploads; and no file name, number or byte in the log.
# The Twilio side (fetching, redirects, DELETE, MediaUrl) is test_mms_twilio.sh.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib/common.sh"
. "$HERE/../lib/api.sh"
need_cmd curl jq oathtool sqlite3 cmp

MAX=200000
# mkfile NAME MAGIC SIZE: a file that starts with MAGIC (printf escapes),
# then a marker (to look for in the database files) and random bytes.
MARK=MMS-MARKER-$RANDOM$RANDOM
mkfile() {
	{
		printf "$2"
		printf '%s' "$MARK"
		head -c "$3" /dev/urandom
	} >"$TMP/$1"
}
mkfile card-front.png '\x89PNG\r\n\x1a\n' 30000
mkfile card-back.jpg '\xff\xd8\xff\xe0' 40000
mkfile form.gif 'GIF89a' 5000
mkfile referral.pdf '%%PDF-1.4\n' 8000
mkfile huge.png '\x89PNG\r\n\x1a\n' $((MAX + 1000))
printf 'just some text, not a picture\n' >"$TMP/notes.txt"
b64() { base64 -w0 <"$TMP/$1"; }
sha() { sha256sum | cut -c1-64; }

DB=$TMP/mms.db
ctl init >/dev/null 2>&1
ctl seed --demo >/dev/null 2>&1
start_server "$DB" --max-media-bytes "$MAX" || bail_out "curtaind did not start"
login_demo dana && DANA=$ACCESS_TOKEN
login_demo sam && SAM=$ACCESS_TOKEN
check "dana (Front Desk) and sam (Billing) signed in" test -n "${DANA:-}" -a -n "${SAM:-}"
: "${DANA:=x}" "${SAM:=x}"
get_auth /v1/session "$DANA"

# ---- the session announces the limits ----------------------------------------------------
is "$(jr -c '.limits | [.maxMediaBytes, .maxMediaPerMessage, .mediaTypes]')" \
	"[$MAX,10,[\"image/jpeg\",\"image/png\",\"image/gif\",\"application/pdf\"]]" \
	"session limits: maxMediaBytes (--max-media-bytes), maxMediaPerMessage, mediaTypes"
check "--help documents --max-media-bytes" bash -c '"$1" --help | grep -q -- "--max-media-bytes"' _ "$CURTAIND"
run_out=$("$CURTAIND" -d "$DB" --max-media-bytes 12 2>&1)
is "$? $(grep -c 'max-media-bytes' <<<"$run_out")" "2 1" "--max-media-bytes 12 is a usage error naming the option"

# ---- inbound through curtainctl sim inbound --media --------------------------------------------
P1=+15555557001
out=$(ctl sim inbound --server "$SERVER_URL" --from "$P1" --to "$FRONT_DESK_NUMBER" \
	--media "$TMP/card-front.png" --media "$TMP/card-back.jpg" --media "$TMP/form.gif" \
	"Here is my insurance card" 2>&1)
is "$?" 0 "sim inbound with three --media files: exit 0 ($out)"
C1=$(conv_by_phone "$DANA" "$P1")
check "it made a conversation" test -n "$C1"
M=$(messages "$DANA" "$C1" | jq -c '.[-1]')
is "$(jq -r .body <<<"$M")" "Here is my insurance card" "the text is kept with the pictures"
is "$(jq -c '[.attachments[] | [.state, .contentType, .size, .reason, .name]]' <<<"$M")" \
	"[[\"stored\",\"image/png\",$(stat -c %s "$TMP/card-front.png"),null,null],[\"stored\",\"image/jpeg\",$(stat -c %s "$TMP/card-back.jpg"),null,null],[\"stored\",\"image/gif\",$(stat -c %s "$TMP/form.gif"),null,null]]" \
	"Message/get: three stored attachments, in order, with type and size"
M1=$(jq -r .id <<<"$M")
A1=$(jq -r '.attachments[0].id' <<<"$M")
A2=$(jq -r '.attachments[1].id' <<<"$M")
A3=$(jq -r '.attachments[2].id' <<<"$M")
call "$DANA" Message/get "{\"ids\": [\"$M1\"], \"properties\": [\"id\", \"attachments\"]}"
is "$(rj '.list[0].attachments | length')" 3 "properties: [attachments] selects them"
call "$DANA" Message/get "{\"ids\": [\"$M1\"], \"properties\": [\"id\", \"body\"]}"
is "$(rj '.list[0] | has("attachments")')" false "properties without attachments: none read, none answered"
out=$(ctl sms-in --server "$SERVER_URL" --from "$P1" --to "$FRONT_DESK_NUMBER" --media "$TMP/referral.pdf" 2>&1)
is "$?" 0 "sms-in --media without any text: exit 0 ($out)"
M=$(messages "$DANA" "$C1" | jq -c '.[-1]')
is "$(jq -c '[.body, .attachments[0].state, .attachments[0].contentType]' <<<"$M")" '["","stored","application/pdf"]' \
	"a PDF alone: an empty body and one stored attachment"

# ---- downloads -------------------------------------------------------------------------------
dl() { # dl TOKEN ID PURPOSE -> body in $TMP/dl, status in RESP_STATUS
	RESP_STATUS=$(curl -sS -g -o "$TMP/dl" -D "$TMP/dl.hdr" -w '%{http_code}' --max-time 15 \
		-H "Authorization: Bearer $1" "$SERVER_URL/v1/attachments/$2${3:+?purpose=$3}")
	RESP_HDRS=$(tr -d '\r' <"$TMP/dl.hdr")
	RESP=$(head -c 2000 "$TMP/dl" | tr -d '\0')
}
dl "$DANA" "$A1" view
is "$RESP_STATUS" 200 "GET ?purpose=view: 200"
check "the bytes are the original PNG's" cmp "$TMP/dl" "$TMP/card-front.png"
is "$(hdr Content-Type)" image/png "Content-Type is the sniffed type"
like "$(hdr Content-Disposition)" '^attachment' "Content-Disposition: attachment"
is "$(hdr Cache-Control)" no-store "Cache-Control: no-store"
is "$(hdr X-Content-Type-Options)" nosniff "X-Content-Type-Options: nosniff"
dl "$DANA" "$A2" save
is "$RESP_STATUS" 200 "GET ?purpose=save: 200"
check "the bytes are the original JPEG's" cmp "$TMP/dl" "$TMP/card-back.jpg"
dl "$DANA" "$A3" view
check "the GIF too" cmp "$TMP/dl" "$TMP/form.gif"
AUD=$(audit_jsonl)
is "$(jq -c --arg a "$A1" 'select(.action == "attachment.view" and .objectId == $a) | [.objectType, (.detail | fromjson? // .) .conversationId, (.detail | fromjson? // .).messageId]' <<<"$AUD" | head -n 1)" \
	"[\"attachment\",\"$C1\",\"$M1\"]" "attachment.view audited with the conversation, message and attachment"
check "attachment.save audited" test -n "$(jq -c --arg a "$A2" 'select(.action == "attachment.save" and .objectId == $a)' <<<"$AUD")"
dl "$DANA" "$A1" ""
is "$RESP_STATUS $(problem_type)" "400 notRequest" "no purpose: 400 notRequest"
dl "$DANA" "$A1" print
is "$RESP_STATUS $(problem_type)" "400 notRequest" "purpose=print: 400 notRequest"
dl "$DANA" anosuchattachment0 view
is "$RESP_STATUS $(problem_type)" "404 notFound" "an unknown id: 404"
dl "" "$A1" view
is "$RESP_STATUS" 401 "no access token: 401"
D0=$(audit_jsonl | jq -r 'select(.action == "attachment.denied") | .objectId' | grep -c "$A1")
dl "$SAM" "$A1" view
is "$RESP_STATUS $(problem_type)" "404 notFound" "sam (Billing) asks for a Front Desk picture: 404"
check "no bytes went to sam" test ! -s "$TMP/dl" -o "$(head -c 1 "$TMP/dl")" = "{"
D1=$(audit_jsonl | jq -r 'select(.action == "attachment.denied") | .objectId' | grep -c "$A1")
is "$((D1 - D0))" 1 "sam's attempt is audited as attachment.denied"

# ---- the raw sim hook: what is refused ----------------------------------------------------------
# sim_media SID FROM BODY (URL TYPE)...: the sim hook with MediaUrlN/MediaContentTypeN.
sim_media() {
	local sid=$1 from=$2 body=$3 i=0
	shift 3
	local -a a=(--data-urlencode "MessageSid=$sid" --data-urlencode "AccountSid=ACsim"
		--data-urlencode "From=$from" --data-urlencode "To=$FRONT_DESK_NUMBER"
		--data-urlencode "Body=$body" --data-urlencode "NumMedia=$(($# / 2))")
	while [ $# -ge 2 ]; do
		a+=(--data-urlencode "MediaUrl$i@$1" --data-urlencode "MediaContentType$i=$2")
		i=$((i + 1))
		shift 2
	done
	req POST /v1/hooks/sim/inbound "${a[@]}"
}
P2=+15555557002
for f in huge.png card-front.png notes.txt; do
	printf 'data:application/octet-stream;base64,%s' "$(b64 "$f")" >"$TMP/$f.url"
done
printf 'https://evil.example.test/steal.png' >"$TMP/evil.url"
sim_media SMmms00000000000000000000000000001 "$P2" "four pictures" \
	"$TMP/huge.png.url" image/png "$TMP/card-front.png.url" image/png \
	"$TMP/card-front.png.url" image/jpeg "$TMP/notes.txt.url" text/plain
is "$RESP_STATUS" 200 "the sim hook takes an MMS with data: URLs"
C2=$(conv_by_phone "$DANA" "$P2")
M=$(messages "$DANA" "$C2" | jq -c '.[-1]')
is "$(jq -c '[.attachments[] | [.state, .reason]]' <<<"$M")" \
	'[["rejected","tooLarge"],["stored",null],["rejected","badType"],["rejected","badType"]]' \
	"over maxMediaBytes: tooLarge; a PNG declared as JPEG and a text file: badType; the good one is stored"
is "$(jq -r '.attachments[0].size' <<<"$M")" 0 "a rejected attachment has size 0"
dl "$DANA" "$(jq -r '.attachments[0].id' <<<"$M")" view
is "$RESP_STATUS" 404 "a rejected attachment cannot be downloaded"
sim_media SMmms00000000000000000000000000002 "$P2" "" "$TMP/evil.url" image/png
M=$(messages "$DANA" "$C2" | jq -c '.[-1]')
is "$(jq -c '[.attachments[] | [.state, .reason]]' <<<"$M")" '[["rejected","fetchFailed"]]' \
	"a MediaUrl that is not a data: URL on the sim carrier: fetchFailed"

# ---- uploads --------------------------------------------------------------------------------------
# up TOKEN CONV FILE TYPE [NAME]
up() {
	local -a a=(-H "Authorization: Bearer $1" -H "Content-Type: $4" --data-binary "@$TMP/$3")
	[ -n "${5:-}" ] && a+=(-H "X-Curtain-Filename: $5")
	req POST "/v1/attachments${2:+?conversationId=$2}" "${a[@]}"
}
A0=$(audit_jsonl | grep -c '"attachment.upload"')
up "$DANA" "$C1" card-front.png image/png "insurance-card-front.png"
is "$RESP_STATUS" 201 "upload a PNG: 201"
is "$(jr -c '[.contentType, .size, .name]')" "[\"image/png\",$(stat -c %s "$TMP/card-front.png"),\"insurance-card-front.png\"]" \
	"the answer has contentType, size and name"
U1=$(jr .id)
up "$DANA" "$C1" card-back.jpg image/jpeg
U2=$(jr .id)
is "$RESP_STATUS $(jr .name)" "201 null" "upload a JPEG without a name: 201, name null"
is "$(($(audit_jsonl | grep -c '"attachment.upload"') - A0))" 2 "each upload is audited as attachment.upload"
dl "$DANA" "$U1" view
check "the uploader can preview an unused upload" cmp "$TMP/dl" "$TMP/card-front.png"
up "$DANA" "$C1" huge.png image/png
is_problem 413 limit "an upload over maxMediaBytes"
is "$(jr .limit)" maxMediaBytes "the 413 names maxMediaBytes"
up "$DANA" "$C1" notes.txt text/plain
is_problem 415 unsupportedMediaType "a text/plain upload"
up "$DANA" "$C1" card-front.png image/gif
is_problem 415 unsupportedMediaType "PNG bytes declared image/gif"
up "$DANA" "" card-front.png image/png
is_problem 400 notRequest "no conversationId"
up "$SAM" "$C1" card-front.png image/png
is_problem 404 notFound "an upload to a conversation the user cannot see"
up "$DANA" "$C1" card-front.png image/png $'bad\tname'
# Without a valid token the server answers at the headers, before a body
# of up to maxMediaBytes arrives (the connection sends none here).
early_401() { # early_401 [AUTH-HEADER-LINE] -> the status line, or "" after 3 s
	local line=""
	exec 9<>"/dev/tcp/127.0.0.1/$SERVER_PORT" || return 1
	printf 'POST /v1/attachments?conversationId=%s HTTP/1.1\r\nHost: 127.0.0.1\r\n%sContent-Type: image/png\r\nContent-Length: %d\r\n\r\n' \
		"$C1" "${1:-}" "$MAX" >&9
	IFS= read -r -t 3 line <&9
	exec 9<&- 9>&-
	printf '%s' "${line%$'\r'}"
}
like "$(early_401)" '^HTTP/1\.1 401 ' "an upload without a token: 401 before the body is sent"
like "$(early_401 $'Authorization: Bearer not-a-token\r\n')" '^HTTP/1\.1 401 ' \
	"an upload with a bad token: 401 before the body is sent"
is "$RESP_STATUS" 400 "a file name with a control character: 400"

# ---- sending with attachmentIds ---------------------------------------------------------------------
send "$DANA" "$C1" "A plain text first" "" '{"ignoreReplyGuard": true}'
MP=$(rj '.created.k1.id // empty')
CM=$(uuid)
send "$DANA" "$C1" "" "$CM" "{\"ignoreReplyGuard\": true, \"attachmentIds\": [\"$U1\", \"$U2\"]}"
MS=$(rj '.created.k1.id // empty')
check "Message/set with two attachmentIds and an empty body: created ($R)" test -n "$MS"
outbox_row() { ctl sim outbox | awk -F'\t' -v m="$1" '$3 == m'; }
is "$(outbox_row "$MS" | cut -f6)" "2 image/png,image/jpeg" "sim outbox shows the count and types"
is "$(outbox_row "$MP" | cut -f6)" "0" "a plain text's row shows 0"
M=$(messages "$DANA" "$C1" | jq -c --arg m "$MS" '.[] | select(.id == $m)')
is "$(jq -c '[.direction, .body, [.attachments[] | .id]]' <<<"$M")" "[\"out\",\"\",[\"$U1\",\"$U2\"]]" \
	"the sent message carries the uploads, in order"
send "$DANA" "$C1" "" "$CM" "{\"ignoreReplyGuard\": true, \"attachmentIds\": [\"$U1\", \"$U2\"]}"
is "$(rj '.created.k1.id // .notCreated.k1.type')" "$MS" "a retry with the same clientMsgId and ids answers the first send"
is "$(outbox_row "$MS" | wc -l)" 1 "and sends nothing again"
send "$DANA" "$C1" "" "$CM" "{\"ignoreReplyGuard\": true, \"attachmentIds\": [\"$U1\"]}"
is "$(rj '.notCreated.k1.type')" alreadyExists "the same clientMsgId with other ids: alreadyExists"
send "$DANA" "$C1" "again" "" "{\"ignoreReplyGuard\": true, \"attachmentIds\": [\"$U1\"]}"
is "$(rj '.notCreated.k1.type')" invalidProperties "an upload already used by a message: invalidProperties"
up "$DANA" "$C2" form.gif image/gif
U3=$(jr .id)
send "$DANA" "$C1" "wrong conversation" "" "{\"ignoreReplyGuard\": true, \"attachmentIds\": [\"$U3\"]}"
is "$(rj '.notCreated.k1.type')" invalidProperties "an upload made for another conversation: invalidProperties"
login_demo miguel && MIGUEL=$ACCESS_TOKEN
send "${MIGUEL:-x}" "$C1" "not mine" "" "{\"ignoreReplyGuard\": true, \"attachmentIds\": [\"$U3\"]}"
is "$(rj '.notCreated.k1.type')" invalidProperties "another user's upload: invalidProperties"
dl "${MIGUEL:-x}" "$U3" view
is "$RESP_STATUS" 404 "another user's unused upload cannot be downloaded"
ELEVEN=$(jq -cn --arg u "$U3" '[range(11) | "a\(.)xxxxxxxxxxxx"]')
send "$DANA" "$C2" "many" "" "{\"ignoreReplyGuard\": true, \"attachmentIds\": $ELEVEN}"
is "$(rj '.notCreated.k1.type')" invalidProperties "more than maxMediaPerMessage ids: invalidProperties"
send "$DANA" "$C2" "" "" "{\"ignoreReplyGuard\": true}"
is "$(rj '.notCreated.k1.type')" invalidProperties "an empty body without attachments is still refused"

# ---- at rest, restart, prune --------------------------------------------------------------------------
leak=$(cat "$DB" "$DB-wal" 2>/dev/null | grep -c -a -F "$MARK")
is "$leak" 0 "no attachment byte is in the database files in clear"
is "$(sqlite3 "$DB" "SELECT COUNT(*) FROM attachments WHERE name LIKE '%insurance%'")" 0 "the file name is sealed"
up "$DANA" "$C1" form.gif image/gif
U4=$(jr .id)
stop_server
sqlite3 "$DB" "UPDATE attachments SET created_at = created_at - 25 * 3600 * 1000 WHERE id = '$U4'"
start_server "$DB" --max-media-bytes "$MAX" || bail_out "curtaind did not restart"
dl "$DANA" "$A2" view
check "after a restart the pictures are still there" cmp "$TMP/dl" "$TMP/card-back.jpg"
gone() { [ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM attachments WHERE id = '$1'")" = 0 ]; }
check "an upload unused for more than 24 hours is deleted" wait_for 10 gone "$U4"
is "$(sqlite3 "$DB" "SELECT COUNT(*) FROM attachments WHERE id IN ('$U3', '$U1')")" 2 \
	"a recent unused upload and a sent one stay"

# ---- nothing personal in the log ------------------------------------------------------------------------
leaks=0
for s in "insurance" "${P1#+}" "${P2#+}" "$MARK" "evil.example" "card-front"; do
	grep -qF -- "$s" "$TMP/curtaind.log" && leaks=$((leaks + 1)) && note "curtaind.log contains: $s"
done
is "$leaks" 0 "curtaind's log has no file name, number, URL or media byte"
check "audit chain verifies" ctl audit verify
done_testing
