#!/usr/bin/env bash
# test_scan.sh: `curtain scan [FILE]` and curtainctl's template warnings,
# the "too detailed for SMS" detector from the command line (issue 5):
#
#   one valid JSON object per input line, from stdin and from a file alike;
#   nag true for a clinical line, false for a logistics one; byte offsets
#   that slice the line to the "text" field even after multibyte UTF-8;
#   CRLF endings, an empty line, a last line without a newline, invalid
#   UTF-8, a 100 KB line; a missing FILE exits 2 with a message; no
#   terminal or server needed. curtainctl template add warns about a
#   clinical template (and still adds it) and not about a logistics one;
#   template list marks the first. TAP output.
#
#   BUILD=build bash tests/integration/test_scan.sh
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/lib/common.sh
. "$HERE/../lib/common.sh"
need_cmd jq

CURTAIN=$BUILD/curtain
for p in "$CURTAIN" "$CURTAINCTL"; do
	[ -x "$p" ] || bail_out "$p is not built (make BUILD=$BUILD)"
done
# Byte offsets: bash's ${s:i:n} counts bytes in the C locale.
export LC_ALL=C
unset LANGUAGE LANG LC_MESSAGES

DRUG=metformin
CLINICAL="Dr. Lee doubled your $DRUG, please take it with dinner."
LOGISTICS="We can see you Tuesday at 3:15 pm. Reply C to confirm, thanks!"
# Multibyte characters (é, ñ, ú, ¿: two bytes each) before the finding.
ACCENTED="José, Señora Núñez: ¿sigue tomando $DRUG?"
INVALID=$'\xff\xfe'" $DRUG "$'\xc3'" ok"

# scan TEXT...: curtain scan on stdin, one argument per line.
scan() { printf '%s\n' "$@" | "$CURTAIN" scan; }
# finding_of JSON TEXT: the first finding whose text is TEXT, compact.
finding_of() { jq -c --arg t "$2" '[.findings[] | select(.text == $t)][0] // empty' <<<"$1"; }

# ---- clinical and logistics ---------------------------------------------------------------
OUT=$(scan "$CLINICAL")
is "$(jq -r .nag <<<"$OUT")" true "a clinical line: nag true"
F=$(finding_of "$OUT" "$DRUG")
is "$(jq -r '.category + "/" + .reason' <<<"${F:-null}" 2>/dev/null)" "medication/medication" \
	"... '$DRUG' is a finding: category medication, reason medication"
start=$(jq -r .start <<<"${F:-null}") end=$(jq -r .end <<<"${F:-null}")
is "${CLINICAL:start:end-start}" "$DRUG" "... whose byte offsets slice the line to it"
check "... every finding has category, start, end, text and reason" jq -e \
	'.findings | length > 0 and all(.[]; (.category | type == "string") and (.start | type == "number")
		and (.end > .start) and (.text | type == "string") and (.reason | type == "string"))' <<<"$OUT"
check "... in compact form on one line" test "$(printf '%s\n' "$OUT" | wc -l)" -eq 1

OUT=$(scan "$LOGISTICS")
is "$OUT" '{"nag":false,"findings":[]}' "a logistics line: nag false, no findings"

# ---- byte offsets after multibyte UTF-8 ------------------------------------------------------
OUT=$(scan "$ACCENTED")
F=$(finding_of "$OUT" "$DRUG")
start=$(jq -r '.start // -1' <<<"${F:-null}") end=$(jq -r '.end // -1' <<<"${F:-null}")
prefix=${ACCENTED%%"$DRUG"*}
is "$start" "${#prefix}" "after é, ñ, ú and ¿ the start is a byte offset (${#prefix})"
is "$((end - start))" "${#DRUG}" "... and end - start is the word's length in bytes"
is "${ACCENTED:start:end-start}" "$DRUG" "... slicing the line's bytes gives the word"
is "$(jq -r .text <<<"${F:-null}")" "$DRUG" "... as the text field says"
# A finding inside the accents, when the detector has one, slices the same way.
bad=$(jq -r '.findings[] | "\(.start) \(.end) \(.text)"' <<<"$OUT" | while read -r s e t; do
	[ "${ACCENTED:s:e-s}" = "$t" ] || echo "$s-$e '$t'"
done)
is "$bad" "" "... and so do all its findings"

# ---- a whole file, stdin and FILE --------------------------------------------------------------
IN=$TMP/messages.txt
{
	printf '%s\n' "$CLINICAL" "$LOGISTICS" "" "$ACCENTED"
	printf '%s\r\n' "$DRUG 500 mg twice a day"
	printf '%s\n' "$INVALID"
	printf '%s' "$LOGISTICS" # no newline at the end
} >"$IN"
"$CURTAIN" scan "$IN" >"$TMP/file.out" 2>"$TMP/file.err" </dev/null
is "$?" 0 "curtain scan FILE exits 0"
"$CURTAIN" scan <"$IN" >"$TMP/stdin.out" 2>/dev/null
is "$?" 0 "curtain scan on stdin exits 0"
check "stdin and FILE give the same output" cmp "$TMP/file.out" "$TMP/stdin.out"
"$CURTAIN" scan - <"$IN" >"$TMP/dash.out" 2>/dev/null
check "... and so does FILE -" cmp "$TMP/file.out" "$TMP/dash.out"
is "$(wc -l <"$TMP/file.out")" 7 "one output line per input line (7, the last without a newline)"
check "every output line is valid JSON with nag and findings" jq -e -s \
	'length == 7 and all(.[]; (.nag | type == "boolean") and (.findings | type == "array"))' "$TMP/file.out"
each_line_json() {
	local l
	while IFS= read -r l; do
		jq -e 'type == "object"' <<<"$l" >/dev/null || return 1
	done <"$1"
}
check "... and parses line by line" each_line_json "$TMP/file.out"
is "$(sed -n 3p "$TMP/file.out")" '{"nag":false,"findings":[]}' "an empty line: nag false"
is "$(sed -n 1p "$TMP/file.out" | jq -r .nag)$(sed -n 2p "$TMP/file.out" | jq -r .nag)$(sed -n 7p "$TMP/file.out" | jq -r .nag)" \
	truefalsefalse "clinical, logistics, last line: true, false, false"
L5=$(sed -n 5p "$TMP/file.out")
is "$(jq -r .nag <<<"$L5")" true "a CRLF line is scanned"
check "... and no finding reaches past its text (the CR is stripped)" jq -e \
	--argjson n "$(printf '%s' "$DRUG 500 mg twice a day" | wc -c)" 'all(.findings[]; .end <= $n and (.text | test("\r") | not))' <<<"$L5"
L6=$(sed -n 6p "$TMP/file.out")
check "invalid UTF-8: the line's result is valid JSON" jq -e . <<<"$L6"
F=$(finding_of "$L6" "$DRUG")
is "$(jq -r '"\(.start) \(.end)"' <<<"${F:-null}")" "3 12" "... '$DRUG' after two invalid bytes: start 3, end 12 (bytes of the original)"
# Whatever spans the detector reports there, "text" is valid UTF-8 (jq parsed
# it) and invalid bytes inside a span come out as U+FFFD.
no_raw_bytes() { ! grep -q -e "$(printf '\377')" -e "$(printf '\376')" "$1"; }
check "... and no raw invalid byte reaches the output" no_raw_bytes "$TMP/file.out"

# ---- a 100 KB line -------------------------------------------------------------------------
LONG=$TMP/long.txt
{
	for ((i = 0; i < 3200; i++)); do printf 'See you at 3 pm on Tuesday, ok? '; done
	printf 'Also keep taking %s.\n' "$DRUG"
} >"$LONG"
size=$(wc -c <"$LONG")
check "the long line is over 100 KB ($size bytes)" test "$size" -gt 100000
OUT=$("$CURTAIN" scan "$LONG")
is "$?" 0 "curtain scan of a 100 KB line exits 0"
is "$(printf '%s\n' "$OUT" | wc -l)" 1 "... and prints exactly one line for it"
F=$(finding_of "$OUT" "$DRUG")
want=$((size - 1 - ${#DRUG} - 1)) # the drug, then "." and the newline
is "$(jq -r '.start // empty' <<<"${F:-null}")" "$want" "... finding '$DRUG' at its byte offset near the end ($want)"

# ---- errors --------------------------------------------------------------------------------------
"$CURTAIN" scan "$TMP/no-such-file" >"$TMP/missing.out" 2>"$TMP/missing.err"
is "$?" 2 "a missing FILE: exit 2"
check "... with a message naming it on stderr" grep -q "no-such-file" "$TMP/missing.err"
check "... and nothing on stdout" test ! -s "$TMP/missing.out"
"$CURTAIN" scan "$IN" "$IN" >/dev/null 2>&1
is "$?" 2 "two FILEs: exit 2"
"$CURTAIN" scan --help >"$TMP/help.out" 2>&1
is "$?" 0 "curtain scan --help exits 0"
check "... and describes the JSON" grep -q '"nag"' "$TMP/help.out"
check "curtain --help documents curtain scan" sh -c "'$CURTAIN' --help | grep -q 'curtain scan \[FILE\]'"
OUT=$(printf '%s\n' "$CLINICAL" | env -u TERM -u DISPLAY "$CURTAIN" scan 2>&1)
is "$(jq -r .nag <<<"$OUT" 2>/dev/null)" true "no terminal and no TERM needed"

# ---- curtainctl template add warns ----------------------------------------------------------------
ctl init >/dev/null 2>&1 || bail_out "curtainctl init failed"
ctl template add --name "Lab follow-up" --body "Hi {patient.first_name}, $CLINICAL" \
	>"$TMP/add.out" 2>"$TMP/add.err"
is "$?" 0 "template add of a clinical text exits 0"
check "... and adds it" grep -q "added template Lab follow-up" "$TMP/add.out"
check "... with a warning on stderr that it is too detailed for SMS" grep -q "too detailed for SMS" "$TMP/add.err"
check "... naming the category, the reason and the quoted word" grep -q "medication (medication): \"$DRUG\"" "$TMP/add.err"
ctl template add --name "Confirm" --body "Hi {patient.first_name}, $LOGISTICS" \
	>"$TMP/add2.out" 2>"$TMP/add2.err"
is "$?" 0 "template add of a logistics text exits 0"
check "... with nothing on stderr" test ! -s "$TMP/add2.err"
LIST=$(ctl template list)
is "$(awk -F'\t' '$2 == "Lab follow-up" { print $6 }' <<<"$LIST")" "too-detailed:medication" \
	"template list marks the clinical one: too-detailed:medication"
is "$(awk -F'\t' '$2 == "Confirm" { print "[" $6 "]" }' <<<"$LIST")" "[]" "... and not the logistics one"
is "$(awk -F'\t' '$2 == "Confirm" { print $5 }' <<<"$LIST")" "Hi {patient.first_name}, $LOGISTICS" \
	"... whose text stays in the fifth column"

done_testing
