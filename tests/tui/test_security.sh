#!/usr/bin/env bash
# test_security.sh: the client's device token in the OS keyring, end to end,
# against a real gnome-keyring-daemon on a private D-Bus session bus (a
# dbus-daemon of the test's own) with HOME in the test's temp dir:
#
#   the first full sign-in stores exactly one item (schema
#   org.curtain.DeviceToken, attributes server and username) holding a
#   token the server takes; a second start with --user goes straight to the
#   PIN screen and the PIN alone opens the inbox; with one stored user a
#   start without --user does too; five wrong PINs make the server revoke
#   the device (the token is refused: deviceRevoked) and the client deletes
#   the item and shows the sign-in form; F2 and an empty password reach a
#   stored user's PIN screen (and only a stored user's); Ctrl-O (in the
#   inbox, and on the PIN screen) and `curtain --sign-out` each revoke the
#   device and delete the item; no token, password or PIN in plain text
#   in any file under HOME (the
#   keyring's encrypted files included), in the files /tmp gained during
#   the test, or in the client's working directory; --keyring=none says
#   "No keyring: ..." and stores nothing. TAP output.
#
#   BUILD=build bash tests/tui/test_security.sh      (KEEP_TMP=1 keeps $TMP)
#
# Lock, idle lock and switching user: test_security_lock.sh; notifications:
# test_security_notify.sh; crashes and core dumps: test_security_crash.sh.

# shellcheck disable=SC2317 # predicates run indirectly, through wait_pane
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# shellcheck source=tests/lib/common.sh
. "$HERE/../lib/common.sh"
# shellcheck source=tests/lib/api.sh
. "$HERE/../lib/api.sh"
need_cmd dbus-daemon dbus-send gnome-keyring-daemon secret-tool tmux jq oathtool curl
# shellcheck source=tests/lib/tui.sh
. "$HERE/../lib/tui.sh"
# The workstation's HOME is the keyring daemon's too.
SEC_HOME=$TMP/home
# shellcheck source=tests/lib/tui_sec.sh
. "$HERE/../lib/tui_sec.sh"

export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset LANGUAGE LC_MESSAGES
# PINs made up now (a copy of this script in /tmp is no leak).
TEST_PIN=$(random_pin)
WRONG_PIN=$(random_pin)
while [ "$WRONG_PIN" = "$TEST_PIN" ]; do WRONG_PIN=$(random_pin); done

tui_need_programs

# ---- a private session bus and the keyring ---------------------------------------------
sec_keyring

# ---- the practice --------------------------------------------------------------------
tui_demo_practice
start_server "$DB" --gateway sim || bail_out "curtaind did not start"
demo_creds dana || bail_out "no demo credentials for dana"
PW_dana=$CRED_PASSWORD SECRET_dana=$CRED_TOTP_SECRET
demo_creds miguel || bail_out "no demo credentials for miguel"
PW_miguel=$CRED_PASSWORD SECRET_miguel=$CRED_TOTP_SECRET
demo_creds sam || bail_out "no demo credentials for sam"
PW_sam=$CRED_PASSWORD SECRET_sam=$CRED_TOTP_SECRET
demo_creds nora || bail_out "no demo credentials for nora"
PW_nora=$CRED_PASSWORD SECRET_nora=$CRED_TOTP_SECRET

# Everything from here on is the workstation's doing: the leak scan (check
# 1g) looks at files modified after this mark.
touch "$TMP/.mark"
sleep 1 # whole-second mtimes on some filesystems

# items USER: how many keyring items the schema holds for USER on this server.
items() {
	secret-tool search --all xdg:schema org.curtain.DeviceToken server "$SERVER_URL" \
		username "$1" 2>/dev/null | grep -c '^\['
}
items_all() {
	secret-tool search --all xdg:schema org.curtain.DeviceToken 2>/dev/null | grep -c '^\['
}
has_items() { [ "$(items "$1")" = "$2" ]; }
# unlock_status TOKEN: the server's answer to an unlock with TOKEN and the
# right PIN: "200" or "401 deviceRevoked" and the like.
unlock_status() {
	post_json /v1/auth/unlock "$(jq -nc --arg t "$1" --arg p "$TEST_PIN" '{deviceToken: $t, pin: $p}')"
	if [ "$RESP_STATUS" = 200 ]; then
		echo 200
	else
		echo "$RESP_STATUS $(problem_type)"
	fi
}
lookup() { secret-tool lookup server "$SERVER_URL" username "$1" 2>/dev/null; }

SECRETS=("$PW_dana" "$PW_miguel" "$PW_sam" "$PW_nora" "$TEST_PIN" "$WRONG_PIN")
TOKENS=()

# ---- 1a. the first full sign-in stores one item ------------------------------------------
sec_creds dana "$PW_dana" "$(totp_fresh "$SECRET_dana")"
sec_client dana --user dana
check_pane "1a. dana signs in with password, code and PIN" dana 20 inbox_of "Dana Reyes"
if wait_for 5 has_items dana 1; then
	pass "1a. ... and the keyring holds exactly one item for dana on this server"
else
	fail "1a. ... and the keyring holds exactly one item for dana on this server" \
		"items: $(items dana)" "$(secret-tool search --all username dana 2>&1 | grep -v '^secret')"
fi
is "$(items_all)" 1 "1a. ... and no other Curtain item"
# The attributes and label (shown by the desktop's password manager): no
# patient there, the server and user in the attributes.
attrs=$(secret-tool search --all xdg:schema org.curtain.DeviceToken 2>&1 | grep -v '^secret = ')
if grep -qx "attribute.server = $SERVER_URL" <<<"$attrs" &&
	grep -qx 'attribute.username = dana' <<<"$attrs" &&
	grep -q '^label = .*dana' <<<"$attrs"; then
	pass "1a. ... with attributes server=$SERVER_URL and username=dana"
else
	fail "1a. ... with attributes server=$SERVER_URL and username=dana" "$attrs"
fi
TOK_dana=$(lookup dana)
TOKENS+=("$TOK_dana")
if [ -n "$TOK_dana" ]; then
	is "$(unlock_status "$TOK_dana")" 200 "1a. the stored secret is a device token the server takes (unlock with the PIN)"
else
	fail "1a. the stored secret is a device token the server takes (unlock with the PIN)" "no secret"
fi
quit_client dana
is "${EXIT_STATUS:-none}" 0 "1a. q quits"

# ---- 1b. a second start: the PIN alone ---------------------------------------------------------
sec_client dana2 --user dana
if wait_pane dana2 10000 lock_screen dana && lacks "Password"; then
	pass "1b. a second start with --user dana goes straight to the PIN screen"
else
	fail_screen "1b. a second start with --user dana goes straight to the PIN screen"
fi
type_text dana2 "$TEST_PIN"
keys dana2 Enter
check_pane "1b. ... and the PIN alone opens the inbox" dana2 15 \
	all_of inbox_of "Dana Reyes" -- matches 'Front Desk +[0-9]+ +[0-9]+ +[0-9]+'
quit_client dana2
is "$(items dana)" 1 "1b. ... still one item"

# ---- 1c. five wrong PINs ----------------------------------------------------------------------------
# No --user: with one stored user the client asks for that user's PIN.
sec_client dana3
check_pane "1c. a start without --user, one stored user: dana's PIN screen" dana3 10 lock_screen dana
wrong_ok=1
for left in 4 3 2 1; do
	type_text dana3 "$WRONG_PIN"
	keys dana3 Enter
	if [ "$left" = 1 ]; then want="Wrong PIN. 1 attempt left"; else want="Wrong PIN. $left attempts left"; fi
	if ! wait_pane dana3 5000 has "$want"; then
		fail_screen "1c. wrong PINs count down on the lock screen" "waited for: $want"
		wrong_ok=0
		break
	fi
done
[ "$wrong_ok" = 1 ] && pass "1c. wrong PINs count down on the lock screen (4 ... 1 attempts left)"
type_text dana3 "$WRONG_PIN"
keys dana3 Enter
check_pane "1c. the fifth wrong PIN: the sign-in form, 'signed out'" dana3 10 \
	all_of signin_form -- has "This workstation was signed out"
is "$(unlock_status "$TOK_dana")" "401 deviceRevoked" \
	"1c. ... the server refuses the device token, even with the right PIN (deviceRevoked)"
if wait_for 5 has_items dana 0; then
	pass "1c. ... and the keyring item is gone"
else
	fail "1c. ... and the keyring item is gone" "items for dana: $(items dana)"
fi
keys dana3 C-q
check_pane "1c. Ctrl-Q quits from the sign-in form" dana3 5 exited

# ---- 1d. F2 switch user, Ctrl-O sign out ----------------------------------------------------------------
sec_creds miguel "$PW_miguel" "$(totp_fresh "$SECRET_miguel")"
sec_client miguel --user miguel
check_pane "1d. miguel signs in" miguel 20 inbox_of "Miguel Ortiz"
wait_for 5 has_items miguel 1
TOK_miguel=$(lookup miguel)
TOKENS+=("$TOK_miguel")
quit_client miguel
sec_client miguel2
check_pane "1d. miguel, the only stored user, gets his PIN screen" miguel2 10 lock_screen miguel
keys miguel2 F2
check_pane "1d. F2: the sign-in form" miguel2 5 signin_form
# nora has no item: an empty password is not enough.
type_text miguel2 nora
keys miguel2 Enter Enter
check_pane "1d. a user with no keyring item and an empty password: asked for the password" miguel2 5 \
	all_of signin_form -- has "Fill in the server, your username and your password."
keys miguel2 Up C-a C-k
type_text miguel2 miguel
keys miguel2 Enter Enter
check_pane "1d. miguel with an empty password: his PIN screen" miguel2 5 lock_screen miguel
type_text miguel2 "$TEST_PIN"
keys miguel2 Enter
check_pane "1d. ... the PIN unlocks" miguel2 15 inbox_of "Miguel Ortiz"
keys miguel2 C-o
check_pane "1d. Ctrl-O in the inbox: signed out, the sign-in form" miguel2 10 \
	all_of signin_form -- has "Signed out"
if wait_for 5 has_items miguel 0; then
	pass "1d. ... the keyring item is gone"
else
	fail "1d. ... the keyring item is gone" "items for miguel: $(items miguel)"
fi
revoked_miguel() { [ "$(unlock_status "$TOK_miguel")" = "401 deviceRevoked" ]; }
if wait_for 5 revoked_miguel; then
	pass "1d. ... and the server revoked the device (deviceRevoked)"
else
	fail "1d. ... and the server revoked the device (deviceRevoked)" \
		"unlock with miguel's old token and PIN: $(unlock_status "$TOK_miguel")"
fi
keys miguel2 C-q

# ---- 1e. Ctrl-O on the lock screen ------------------------------------------------------------------
sec_creds sam "$PW_sam" "$(totp_fresh "$SECRET_sam")"
sec_client sam --user sam
check_pane "1e. sam signs in" sam 20 inbox_of "Sam Lee"
wait_for 5 has_items sam 1
TOK_sam=$(lookup sam)
TOKENS+=("$TOK_sam")
quit_client sam
sec_client sam2 --user sam
check_pane "1e. sam's PIN screen" sam2 10 lock_screen sam
keys sam2 C-o
check_pane "1e. Ctrl-O on the PIN screen: signed out, the sign-in form" sam2 10 \
	all_of signin_form -- has "Signed out"
if wait_for 5 has_items sam 0; then
	pass "1e. ... the keyring item is gone"
else
	fail "1e. ... the keyring item is gone" "items for sam: $(items sam)"
fi
revoked_sam() { [ "$(unlock_status "$TOK_sam")" = "401 deviceRevoked" ]; }
if wait_for 5 revoked_sam; then
	pass "1e. ... and the server revoked the device (deviceRevoked)"
else
	fail "1e. ... and the server revoked the device (deviceRevoked)" \
		"unlock with sam's old token and PIN: $(unlock_status "$TOK_sam")"
fi
keys sam2 C-q

# ---- 1f. curtain --sign-out ----------------------------------------------------------------------
sec_creds nora "$PW_nora" "$(totp_fresh "$SECRET_nora")"
sec_client nora --user nora
check_pane "1f. nora signs in" nora 20 inbox_of "Nora Kim"
wait_for 5 has_items nora 1
TOK_nora=$(lookup nora)
TOKENS+=("$TOK_nora")
quit_client nora
is "$(unlock_status "$TOK_nora")" 200 "1f. nora's stored token works before --sign-out"
out=$(cd "$WORK" && "$CURTAIN" --sign-out --user nora --server "$SERVER_URL" 2>&1)
rc=$?
if [ "$rc" = 0 ] && [[ $out == *"Signed out nora"* ]]; then
	pass "1f. curtain --sign-out --user nora exits 0 and says so"
else
	fail "1f. curtain --sign-out --user nora exits 0 and says so" "exit $rc" "$out"
fi
is "$(items nora)" 0 "1f. ... the keyring item is gone"
is "$(unlock_status "$TOK_nora")" "401 deviceRevoked" "1f. ... and the server revoked the device"
out=$(cd "$WORK" && "$CURTAIN" --sign-out --user nora --server "$SERVER_URL" 2>&1)
rc=$?
if [ "$rc" = 1 ] && [[ $out == *"nora is not signed in"* ]]; then
	pass "1f. a second --sign-out: nora is not signed in here (exit 1)"
else
	fail "1f. a second --sign-out: nora is not signed in here (exit 1)" "exit $rc" "$out"
fi

# ---- 1g. --keyring=none: the message, and the keyring left alone ----------------------------------
demo_creds priya || bail_out "no demo credentials for priya"
SECRETS+=("$CRED_PASSWORD")
sec_client priya --user priya --keyring=none
no_keyring_msg() {
	status_has "No keyring: " && status_has "You will sign in with your password and code each time."
}
if wait_pane priya 5000 all_of signin_form -- no_keyring_msg; then
	pass "1g. --keyring=none: the status line says 'No keyring: ... You will sign in with your password and code each time.'"
else
	fail_screen "1g. --keyring=none: the status line says 'No keyring: ... You will sign in with your password and code each time.'"
fi
typed_signin priya "$CRED_PASSWORD" "$CRED_TOTP_SECRET"
check_pane "1g. ... a typed full sign-in works" priya 20 inbox_of "Priya Shah"
is "$(items priya)" 0 "1g. ... and no keyring item is stored"
quit_client priya

# ---- 1h. nothing secret in plain text on disk ----------------------------------------------------
tmux_cmd kill-server 2>/dev/null
n_tok=0
for t in "${TOKENS[@]}"; do [ ${#t} -ge 16 ] && n_tok=$((n_tok + 1)); done
is "$n_tok" 4 "1h. (setup) four device tokens were read from the keyring"
# Files to scan: everything under HOME and the working directory, and every
# file in /tmp created or changed since the mark, except the server's own
# (its database and the demo credentials file, which hold the passwords by
# design: they are the test's fixtures, not the workstation's).
scan_list=$TMP/scan.list
# shellcheck disable=SC2094 # the list's own name is only a pattern to leave out
{
	find "$SEC_HOME" "$WORK" "$XDG_RUNTIME_DIR" -xdev -type f 2>/dev/null
	find /tmp -xdev -type f -newer "$TMP/.mark" -size -50M 2>/dev/null
	find "$TOP" -xdev -path "$TOP/.git" -prune -o -type f -newer "$TMP/.mark" -size -50M -print 2>/dev/null
} | grep -v -x -F -e "$DB" -e "$DB-wal" -e "$DB-shm" -e "$DB-journal" -e "$DB.key" \
	-e "$DB.demo-credentials" -e "$scan_list" | sort -u >"$scan_list"
n_files=$(wc -l <"$scan_list")
# The scanner itself: it finds a password where one is (the fixture file).
if grep -q -F -a -e "$PW_dana" -- "$DB.demo-credentials"; then
	pass "1h. (control) the scan finds a password in the demo credentials file"
else
	fail "1h. (control) the scan finds a password in the demo credentials file"
fi
keyring_files=$(grep -c "^$SEC_HOME/.local/share/keyrings/" "$scan_list")
leaks=()
for s in "${SECRETS[@]}" "${TOKENS[@]}"; do
	[ -n "$s" ] || continue
	while IFS= read -r f; do
		[ -n "$f" ] && leaks+=("$f")
	done < <(tr '\n' '\0' <"$scan_list" | xargs -0 -r grep -l -F -a -e "$s" -- 2>/dev/null)
done
if [ "$keyring_files" -ge 1 ] && [ "${#leaks[@]}" -eq 0 ]; then
	pass "1h. no token, password or PIN in plain text in $n_files files (HOME incl. $keyring_files keyring files, new files in /tmp, the working directories)"
else
	fail "1h. no token, password or PIN in plain text in $n_files files (HOME incl. keyring files, new files in /tmp, the working directories)" \
		"keyring files: $keyring_files" "files with a secret:" "${leaks[@]}"
fi

stop_server "$SERVER_PID"
done_testing
