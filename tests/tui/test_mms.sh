#!/usr/bin/env bash
# test_mms.sh: picture messages in the real `curtain` client, end to end,
# against a curtaind on loopback with the sim carrier, the client's sign-in
# kept by a real gnome-keyring on a private D-Bus session bus (as in
# test_security.sh), driven through a private tmux server:
#
#   1. a patient sends two pictures (curtainctl sim inbound --media): the
#      thread lists both under the message ("📎 1 PNG image · 7 KB");
#   2. v with two attachments opens a picker, newest first; Enter previews
#      the PNG with chafa (preview_format = symbols): its block characters
#      and colours fill the pane with "Press any key to return" under them;
#      no file appeared in the client's HOME, working directory, TMPDIR or
#      XDG directories, and no file anywhere under them or /tmp holds the
#      picture's bytes; any key returns to the thread; audited as
#      attachment.view;
#   3. W saves: the suggested name says nothing of the patient
#      (attachment-XXXXXX.png), the file is mode 0600 with the original
#      bytes, "Saved to ..." shows, attachment.save is audited; W again onto
#      the same name asks, n keeps the file as it was, Enter and y do
#      nothing, r replaces it;
#   4. the keyring's sign-in and the PIN alone from here on; with
#      --accessible the thread says "Attachment 1: PNG image, 7 KB" in words,
#      no glyph; with --lock-after 6 the idle lock still fires while a
#      preview waits for a key, and nothing of the picture stays on screen;
#      a PDF is offered for saving instead of a preview, and without chafa
#      on the PATH the client says to install the chafa package; a chafa
#      that fails is reported, and it was given the exact bytes on stdin
#      with "--format symbols --size WxH -";
#   5. compose: Alt-a attaches from a path (~ expands), refusing an
#      oversize file, a text file named .png, a folder and a FIFO with clear
#      words (and the FIFO is never read: the client does not hang); Alt-x
#      removes the last file; Enter sends the text with two pictures, and
#      the sim carrier's outbox shows "2 image/jpeg,image/png".
#
#   BUILD=build bash tests/tui/test_mms.sh      (KEEP_TMP=1 keeps $TMP)

# shellcheck disable=SC2317 # predicates run indirectly, through wait_pane
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/lib/common.sh
. "$HERE/../lib/common.sh"
# shellcheck source=tests/lib/api.sh
. "$HERE/../lib/api.sh"
need_cmd dbus-daemon dbus-send gnome-keyring-daemon tmux jq oathtool curl python3 chafa cmp sqlite3
# shellcheck source=tests/lib/tui.sh
. "$HERE/../lib/tui.sh"
SEC_HOME=$TMP/home
# shellcheck source=tests/lib/tui_sec.sh
. "$HERE/../lib/tui_sec.sh"

export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset LANGUAGE LC_MESSAGES

tui_need_programs

# ---- a private session bus and keyring -------------------------------------------------------
sec_keyring

# The client's own temp dir: nothing may appear in it.
CTMP=$TMP/ctmp
mkdir -p "$CTMP"
SEC_ENV=("TMPDIR=$CTMP" "XDG_DATA_HOME=$XDG_DATA_HOME" "XDG_CACHE_HOME=$XDG_CACHE_HOME"
	"XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR")
mkdir -p "$SEC_HOME/.config/curtain"
printf 'preview_format = symbols\n' >"$SEC_HOME/.config/curtain/config"

# ---- the pictures, made here ----------------------------------------------------------------
# A PNG (a gradient over a checkerboard, with a text chunk holding a marker to
# look for in files) and a baseline JPEG, from a few lines of Python.
MARK="MMS-CLIENT-MARK-$RANDOM$RANDOM"
FILES=$TMP/files
mkdir -p "$FILES"
python3 - "$FILES" "$MARK" <<'EOF' || bail_out "could not make the test pictures"
import os, struct, sys, zlib
out, mark = sys.argv[1], sys.argv[2].encode()
def chunk(t, d):
    return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
def png(w, h, extra=b''):
    rows = b''.join(b'\x00' + bytes(v for x in range(w) for v in
                    (x * 255 // w, y * 255 // h, 255 if (x // 8 + y // 8) % 2 else 0)) for y in range(h))
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) +
            chunk(b'tEXt', b'Comment\x00' + mark) + extra + chunk(b'IDAT', zlib.compress(rows)) +
            chunk(b'IEND', b''))
def jpeg(w, h):
    # Greyscale, every 8x8 block mid-grey: one-symbol Huffman tables (DC
    # category 0, AC end-of-block), so each block is two 0 bits.
    seg = lambda m, d: b'\xff' + bytes([m]) + struct.pack('>H', len(d) + 2) + d
    blocks = ((w + 7) // 8) * ((h + 7) // 8)
    n = (2 * blocks + 7) // 8
    scan = bytearray(n)
    pad = n * 8 - 2 * blocks
    if pad:
        scan[-1] |= (1 << pad) - 1
    return (b'\xff\xd8' + seg(0xdb, b'\x00' + bytes([1] * 64)) +
            seg(0xc0, struct.pack('>BHHB', 8, h, w, 1) + b'\x01\x11\x00') +
            seg(0xc4, b'\x00' + bytes([1] + [0] * 15) + b'\x00') +
            seg(0xc4, b'\x10' + bytes([1] + [0] * 15) + b'\x00') +
            seg(0xda, b'\x01\x01\x00\x00\x3f\x00') + bytes(scan) + b'\xff\xd9')
open(os.path.join(out, 'card.png'), 'wb').write(png(64, 48))
open(os.path.join(out, 'back.jpg'), 'wb').write(jpeg(64, 48))
# Over the server's 200,000-byte limit: a valid PNG with a big private chunk.
open(os.path.join(out, 'huge.png'), 'wb').write(png(8, 8, chunk(b'zzZz', os.urandom(250000))))
EOF
printf 'Dear Dr. Smith, this is plain text.\n' >"$FILES/notes.png"
mkfifo "$FILES/pipe.png"
cp "$FILES/card.png" "$SEC_HOME/form.png"
PNG_SIZE=$(stat -c %s "$FILES/card.png")
JPG_SIZE=$(stat -c %s "$FILES/back.jpg")
PNG_KB=$(((PNG_SIZE + 512) / 1024))

# ---- the practice ------------------------------------------------------------------------------
tui_demo_practice
start_server "$DB" --gateway sim --max-media-bytes 200000 || bail_out "curtaind did not start"
demo_creds dana || bail_out "no demo credentials for dana"
DANA_PASSWORD=$CRED_PASSWORD DANA_SECRET=$CRED_TOTP_SECRET
login dana "$DANA_PASSWORD" "$DANA_SECRET" || bail_out "API sign-in as dana failed"
DANA_TOKEN=$ACCESS_TOKEN

call "$DANA_TOKEN" Department/get '{"ids": null}'
FD_ID=$(rj -r '.list[] | select(.name == "Front Desk") | .id')
[ -n "$FD_ID" ] || bail_out "no Front Desk department: $R"
call "$DANA_TOKEN" Conversation/query "$(jq -nc --arg d "$FD_ID" '{filter: {departmentId: $d,
	status: ["open"], waiting: true}, sort: [{property: "waitingSince", isAscending: true}], limit: 5}')"
OLDEST=$(rj -r '.ids[0]')
call "$DANA_TOKEN" Conversation/get "{\"ids\": [\"$OLDEST\"]}"
OLDEST_NAME=$(rj -r '.list[0].patientName')
OLDEST_PHONE=$(rj -r '.list[0].patientPhone')
if [ -z "$OLDEST_NAME" ] || [ -z "$OLDEST_PHONE" ]; then
	bail_out "no waiting Front Desk patient: $R"
fi
diag "the patient: $OLDEST_NAME"

# ---- 1. a patient sends two pictures ----------------------------------------------------------------
out=$(ctl sim inbound --server "$SERVER_URL" --from "$OLDEST_PHONE" --to "$FRONT_DESK_NUMBER" \
	--media "$FILES/card.png" --media "$FILES/back.jpg" "Here is my insurance card" 2>&1)
is "$?" 0 "1. curtainctl sim inbound with two --media files ($out)"
M=$(messages "$DANA_TOKEN" "$OLDEST" | jq -c '[.[] | select(.attachments | length > 0)][-1]')
PNG_ID=$(jq -r '.attachments[0].id' <<<"$M")
is "$(jq -c '[.attachments[] | .state]' <<<"$M")" '["stored","stored"]' "1. ... both stored on the server"

sec_creds dana "$DANA_PASSWORD" "$(totp_next "$DANA_SECRET")"
sec_client dana --user dana
check_pane "1. dana signs in" dana 20 inbox_of "Dana Reyes"
keys dana n
check_pane "1. n opens the patient's conversation" dana 5 thread_head_has " $OLDEST_NAME  "
check_pane "1. the thread lists both pictures under the message, with type and size" dana 5 \
	all_of thread_has "Here is my insurance card" -- thread_has "📎 1 PNG image · $PNG_KB KB" -- \
	thread_has "📎 2 JPEG image · $JPG_SIZE bytes"

# ---- 2. the preview ------------------------------------------------------------------------------------
touch "$TMP/.mark"
sleep 1 # whole-second mtimes on some filesystems
keys dana v
check_pane "2. v with two attachments: a picker, newest first" dana 5 \
	all_of has "Preview which attachment?" -- matches "PNG image · $PNG_KB KB · Patient"
# chafa's symbols: block and quadrant characters, in colour.
chafa_drawn() {
	[[ $SCREEN =~ [▀▄▌▐█▖▗▘▙▚▛▜▝▞▟▁▂▃▅▆▇▉▊▋▍▎▏] ]] && has "Press any key to return" &&
		lacks "Preview which attachment?" && lacks "Here is my insurance card"
}
keys dana Enter
check_pane "2. Enter previews the picture with chafa: symbols, and 'Press any key to return'" dana 10 chafa_drawn
colours=$(tmux -S "$TMUX_SOCK" capture-pane -e -p -t dana | grep -o '48;5;[0-9]*' | sort -u | wc -l)
if [ "$colours" -ge 5 ]; then
	pass "2. ... in colour ($colours background colours)"
else
	fail "2. ... in colour" "background colours: $colours"
fi
# Nothing written: no new file in the client's places, and no file there or
# in /tmp holds the picture (its PNG text chunk carries $MARK).
new_files=$(find "$SEC_HOME" "$WORK" "$CTMP" "$XDG_RUNTIME_DIR" -newer "$TMP/.mark" -type f \
	-not -path "$XDG_DATA_HOME/keyrings/*" 2>/dev/null)
is "$new_files" "" "2. ... no new file in HOME, the working directory, TMPDIR or the XDG directories"
holders=$( (find "$SEC_HOME" "$WORK" "$CTMP" "$XDG_RUNTIME_DIR" -type f 2>/dev/null
	find /tmp -xdev -newer "$TMP/.mark" -type f -size -20M 2>/dev/null) |
	grep -v "^$FILES/" | grep -v "^$SEC_HOME/form.png\$" | tr '\n' '\0' |
	xargs -0 -r grep -l -F -- "$MARK" 2>/dev/null)
is "$holders" "" "2. ... and no file holds the picture's bytes"
keys dana Space
check_pane "2. any key returns to the thread" dana 5 \
	all_of thread_head_has " $OLDEST_NAME  " -- thread_has "📎 1 PNG image" -- status_has "Back from the preview."
# audit_has ACTION OBJECT-ID: the audit export has such an entry.
audit_has() { audit_jsonl | jq -c --arg a "$2" --arg act "$1" 'select(.action == $act and .objectId == $a)' | grep -q .; }
check "2. ... the server audited attachment.view of the PNG" audit_has attachment.view "$PNG_ID"

# ---- 3. saving ------------------------------------------------------------------------------------------
keys dana W
check_pane "3. W: the same picker, to save" dana 5 all_of has "Save which attachment?" -- has "JPEG image"
keys dana Enter
SUGGESTED="attachment-${PNG_ID: -6}.png"
check_pane "3. ... suggests a name without PHI ($SUGGESTED)" dana 5 \
	all_of has "Save attachment" -- has "$SUGGESTED"
keys dana Enter
check_pane "3. Enter saves it: 'Saved to $SUGGESTED.'" dana 10 status_has "Saved to $SUGGESTED."
SAVED=$WORK/$SUGGESTED
is "$(stat -c %a "$SAVED" 2>&1)" 600 "3. ... the file is mode 0600"
check "3. ... with the patient's bytes, exactly" cmp -s "$SAVED" "$FILES/card.png"
check "3. ... attachment.save is audited" audit_has attachment.save "$PNG_ID"
printf 'keep me\n' >"$SAVED"
keys dana W Enter
wait_pane dana 3000 has "$SUGGESTED"
keys dana Enter
check_pane "3. saving onto an existing file asks first" dana 5 \
	all_of has "Replace the file?" -- has "$SUGGESTED already exists"
keys dana n
check_pane "3. ... n: 'Not saved', and the file is as it was" dana 5 status_has "was left as it was"
is "$(cat "$SAVED")" "keep me" "3. ... the existing file is untouched"
keys dana W Enter
wait_pane dana 3000 has "$SUGGESTED"
keys dana Enter
wait_pane dana 3000 has "Replace the file?"
keys dana Enter y
sleep 0.5
capture dana
if has "Replace the file?" && [ "$(cat "$SAVED")" = "keep me" ]; then
	pass "3. ... Enter and y do not replace it (the question stays)"
else
	fail_screen "3. ... Enter and y do not replace it (the question stays)"
fi
keys dana r
check_pane "3. ... r replaces it" dana 10 status_has "Saved to $SUGGESTED."
# shellcheck disable=SC2016 # expanded by the inner bash
check "3. ... with the picture, mode 0600" bash -c 'cmp -s "$1" "$2" && [ "$(stat -c %a "$1")" = 600 ]' _ \
	"$SAVED" "$FILES/card.png"
rm -f "$SAVED"

# ---- 4. accessible mode, and the idle lock during a preview ------------------------------------------
quit_client dana
is "${EXIT_STATUS:-none}" 0 "q quits"
# The keyring kept the sign-in: the PIN alone from here on.
pin_in() { # pin_in SESSION: the lock screen, then the PIN
	if wait_pane "$1" 10000 has "Enter unlock"; then
		type_text "$1" "$TEST_PIN"
		keys "$1" Enter
	fi
}
sec_client dana2 --user dana --accessible --lock-after 6
pin_in dana2
check_pane "4. the keyring's sign-in and the PIN open the inbox (--accessible --lock-after 6)" dana2 15 \
	all_of title_has "Dana Reyes" -- has "Front Desk"
keys dana2 n
check_pane "4. accessible mode says the attachments in words, without the glyph" dana2 5 \
	all_of has "Attachment 1: PNG image, $PNG_KB KB" -- has "Attachment 2: JPEG image, $JPG_SIZE bytes" -- lacks "📎"
keys dana2 v
wait_pane dana2 3000 has "Preview which attachment?"
keys dana2 Enter
check_pane "4. a preview in accessible mode too" dana2 10 chafa_drawn
locked_dana() { has "Locked by Dana Reyes" && has "Enter unlock"; }
if wait_pane dana2 15000 locked_dana; then
	pass "4. the idle lock fires while the preview waits for a key (${WAITED_MS} ms after it showed)"
else
	fail_screen "4. the idle lock fires while the preview waits for a key"
fi
if lacks "Press any key to return" && ! [[ $SCREEN =~ [▀▄▌▐█▖▗▘▙▚▛▜▝▞▟] ]]; then
	pass "4. ... and nothing of the picture stays on screen"
else
	fail_screen "4. ... and nothing of the picture stays on screen"
fi
tmux_cmd kill-session -t dana2 2>/dev/null

# ---- 4b. a PDF, and no chafa ----------------------------------------------------------------------------
printf '%%PDF-1.4\n%% a referral form\n%%%%EOF\n' >"$FILES/referral.pdf"
out=$(ctl sim inbound --server "$SERVER_URL" --from "$OLDEST_PHONE" --to "$FRONT_DESK_NUMBER" \
	--media "$FILES/referral.pdf" 2>&1)
is "$?" 0 "4b. the patient sends a PDF ($out)"
SAVED_ENV=("${SEC_ENV[@]}")
mkdir -p "$TMP/nochafa"
SEC_ENV+=("PATH=$TMP/nochafa")
sec_client dana4 --user dana
SEC_ENV=("${SAVED_ENV[@]}")
pin_in dana4
check_pane "4b. dana again, with a PATH without chafa" dana4 15 inbox_of "Dana Reyes"
keys dana4 n
check_pane "4b. ... the thread lists the PDF" dana4 5 thread_has "📎 1 PDF document"
keys dana4 v
check_pane "4b. v: three attachments, the newest (the PDF) first" dana4 5 \
	all_of has "Preview which attachment?" -- has "PDF document ·"
keys dana4 Enter
check_pane "4b. a PDF is not previewed: save it instead" dana4 5 \
	status_has "A PDF document cannot be previewed in the terminal; press W to save it."
keys dana4 v
wait_pane dana4 3000 has "Preview which attachment?"
keys dana4 Down Enter
check_pane "4b. without chafa: install the chafa package, or save" dana4 5 \
	status_has "Previews need chafa: install the chafa package. Press W to save the file instead."
tmux_cmd kill-session -t dana4 2>/dev/null

# A stand-in chafa: says what it was given (its arguments, and a hash of
# what came on its stdin), then fails.
mkdir -p "$TMP/fakechafa"
printf '#!/bin/sh\nprintf "%%s\\n" "$*" >"%s"\nsha256sum | cut -c1-64 >"%s"\nexit 3\n' \
	"$TMP/chafa.args" "$TMP/chafa.sha" >"$TMP/fakechafa/chafa"
chmod +x "$TMP/fakechafa/chafa"
SEC_ENV+=("PATH=$TMP/fakechafa:/usr/bin:/bin")
sec_client dana5 --user dana
SEC_ENV=("${SAVED_ENV[@]}")
pin_in dana5
check_pane "4b. dana again, with a chafa that fails" dana5 15 inbox_of "Dana Reyes"
keys dana5 n
wait_pane dana5 5000 thread_has "📎 1 PDF document"
keys dana5 v
wait_pane dana5 3000 has "Preview which attachment?"
keys dana5 Down Enter
check_pane "4b. chafa failing is said, with saving offered instead" dana5 10 \
	status_has "The picture could not be shown (chafa failed). Press W to save it instead."
like "$(cat "$TMP/chafa.args" 2>&1)" "^--animate=off --size [0-9]+x[0-9]+ --format symbols -\$" \
	"4b. chafa got the size, preview_format, and - (stdin) for the file"
is "$(cat "$TMP/chafa.sha" 2>&1)" "$(sha256sum <"$FILES/card.png" | cut -c1-64)" \
	"4b. ... and the picture's exact bytes on its stdin"
tmux_cmd kill-session -t dana5 2>/dev/null

# ---- 5. attaching to a reply and sending ------------------------------------------------------------------
sec_client dana3 --user dana
pin_in dana3
check_pane "5. dana again, with the PIN" dana3 15 inbox_of "Dana Reyes"
keys dana3 n
check_pane "5. ... the patient's conversation" dana3 5 thread_head_has " $OLDEST_NAME  "
keys dana3 Enter
check_pane "5. Enter starts a reply" dana3 5 has "0 characters"
attach() { # attach PATH: Alt-a, the path, Enter
	keys dana3 M-a
	wait_pane dana3 3000 has "Attach a file"
	type_text dana3 "$1"
	keys dana3 Enter
}
attach "$FILES/huge.png"
check_pane "5. an oversize file is refused, saying the limit" dana3 5 \
	status_has "Cannot attach: the file is too large ("
attach "$FILES/notes.png"
check_pane "5. a text file named .png is refused: wrong type" dana3 5 status_has "Cannot attach: wrong type."
attach "$FILES"
check_pane "5. a folder is refused" dana3 5 status_has "Cannot attach: that is a folder, not a file."
attach "$FILES/pipe.png"
check_pane "5. a FIFO is refused (and never read: the client answers)" dana3 5 \
	status_has "Cannot attach: that is a pipe (FIFO), not a file."
attach "$FILES/back.jpg"
check_pane "5. a JPEG is attached; the compose box lists it" dana3 5 \
	all_of status_has "Attached a JPEG image ($JPG_SIZE bytes). 1 file goes with the reply." -- \
	has "📎 back.jpg · JPEG image · $JPG_SIZE bytes"
# shellcheck disable=SC2088 # the client expands it, not the shell
attach "~/form.png"
check_pane "5. ~ expands to the home folder: a second file" dana3 5 \
	all_of status_has "2 files go with the reply." -- has "📎 form.png · PNG image"
attach "$FILES/card.png"
check_pane "5. ... a third" dana3 5 status_has "3 files go with the reply."
keys dana3 M-x
check_pane "5. Alt-x removes the last one" dana3 5 \
	all_of status_has "Removed the last attachment; 2 are left." -- has "📎 form.png" -- lacks "📎 card.png"
REPLY_TEXT="Thank you, we have your card on file now $RANDOM"
type_text dana3 "$REPLY_TEXT"
keys dana3 Enter
outbox_row() { ctl sim outbox | awk -F'\t' -v t="$1" '$5 == t'; }
sent() { [ -n "$(outbox_row "$REPLY_TEXT")" ]; }
if wait_for 15 sent; then
	pass "5. Enter sends the text with its files to the carrier"
else
	fail "5. Enter sends the text with its files to the carrier" "outbox: $(ctl sim outbox | tail -3)"
fi
is "$(outbox_row "$REPLY_TEXT" | cut -f6)" "2 image/jpeg,image/png" "5. ... the sim outbox shows both attachments, in order"
is "$(ctl sim outbox | awk -F'\t' -v t="$REPLY_TEXT" '$5 == t' | wc -l)" 1 "5. ... sent exactly once"
check_pane "5. the thread shows the sent message with its two attachments" dana3 10 \
	all_of thread_has "$REPLY_TEXT" -- thread_has "📎 1 JPEG image" -- thread_has "📎 2 PNG image" -- lacks "📎 back.jpg"
# A note carries no files: attached ones wait for the reply, unseen, and an
# empty note is not sent because of them.
keys dana3 Enter
wait_pane dana3 3000 has " characters · "
attach "$FILES/card.png"
check_pane "5. (setup) a file attached to a new reply" dana3 5 has "📎 card.png"
press_esc dana3
wait_pane dana3 2000 lacks " characters · "
NOTES0=$(sqlite3 "$DB" "SELECT COUNT(*) FROM notes")
keys dana3 N
check_pane "5. N: a note, without the reply's file" dana3 5 all_of has "Internal note" -- lacks "📎 card.png"
keys dana3 Enter
sleep 1
capture dana3
if lacks "note was not saved" && lacks "Note saved" &&
	[ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM notes")" = "$NOTES0" ]; then
	pass "5. ... Enter on an empty note sends nothing (no request, no note)"
else
	fail_screen "5. ... Enter on an empty note sends nothing (no request, no note)"
fi
press_esc dana3
quit_client dana3
is "${EXIT_STATUS:-none}" 0 "q quits"

done_testing
