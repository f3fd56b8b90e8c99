#!/usr/bin/env bash
# test_security_notify.sh: new-text notifications with no notification
# service (no D-Bus session), end to end in a private tmux server: an
# inbound text to Front Desk makes the client ring the terminal bell and
# send an OSC 777 and an OSC 9 notification whose text is exactly "New text
# in Front Desk (N waiting)" (N from the server) and nothing of the patient.
# The client's raw output is captured with `tmux pipe-pane -O`; the bell
# shows as tmux's bell flag on the client's window while another window is
# current. TAP output.
#
#   BUILD=build bash tests/tui/test_security_notify.sh      (KEEP_TMP=1 keeps $TMP)

# shellcheck disable=SC2317 # predicates run indirectly, through wait_pane
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/lib/common.sh
. "$HERE/../lib/common.sh"
# shellcheck source=tests/lib/api.sh
. "$HERE/../lib/api.sh"
need_cmd tmux jq oathtool curl od
# shellcheck source=tests/lib/tui.sh
. "$HERE/../lib/tui.sh"
# shellcheck source=tests/lib/tui_sec.sh
. "$HERE/../lib/tui_sec.sh"

sec_start_demo

login_demo admin || bail_out "API sign-in as admin failed"
ADMIN=$ACCESS_TOKEN
call "$ADMIN" Department/get '{"ids": null}'
FD_ID=$(rj -r '.list[] | select(.name == "Front Desk") | .id')
[ -n "$FD_ID" ] || bail_out "no Front Desk department: $R"
fd_waiting() {
	call "$ADMIN" Department/get "{\"ids\": [\"$FD_ID\"]}"
	rj -r '.list[0].counts.waiting'
}

# ---- dana, no D-Bus, in window 0; another window is current ----------------------------
demo_creds dana || bail_out "no demo credentials for dana"
SEC_ENV=(-u DBUS_SESSION_BUS_ADDRESS -u DISPLAY -u WAYLAND_DISPLAY)
sec_creds dana "$CRED_PASSWORD" "$(totp_fresh "$CRED_TOTP_SECRET")"
sec_client dana --user dana
check_pane "4. (setup) dana signs in with no D-Bus session" dana 20 inbox_of "Dana Reyes"
TERM_IN_PANE=$(pane_fmt dana '#{default-terminal}' 2>/dev/null)
RAW=$TMP/pane.raw
: >"$RAW"
tmux_cmd pipe-pane -O -t dana:0 "cat >>$(printf '%q' "$RAW")"
tmux_cmd new-window -t dana 'exec sleep 600'
is "$(pane_fmt dana:0 '#{window_active}')" 0 "4. (setup) another window is current"
is "$(pane_fmt dana:0 '#{window_bell_flag}')" 0 "4. (setup) the client's window has no bell flag yet"
sleep 0.5 # the first Department counts are the client's baseline

# A patient nobody knew texts Front Desk: one more waiting conversation.
NEW_PHONE=+1555555$((RANDOM % 9000 + 1000))
NEW_TEXT="Hello, this is Zebulon Quill about my bill 4417"
BEFORE=$(fd_waiting)
sms_in "$NEW_PHONE" "$NEW_TEXT" >/dev/null 2>&1 || diag "curtainctl sms-in failed"
AFTER=$(fd_waiting)
[ "$AFTER" -gt "$BEFORE" ] 2>/dev/null || diag "Front Desk waiting did not grow: $BEFORE -> $AFTER"
WANT="New text in Front Desk ($AFTER waiting)"
bell_flag() { [ "$(pane_fmt dana:0 '#{window_bell_flag}')" = 1 ]; }
if wait_for 5 bell_flag; then
	pass "4. the bell: tmux flags the client's window"
else
	fail "4. the bell: tmux flags the client's window" "flags: $(pane_fmt dana:0 '#{window_flags}')"
fi
raw_has() { LC_ALL=C grep -q -a -F "$1" "$RAW"; }
wait_for 3 raw_has $'\a'
sleep 0.3
# Every OSC 777 / OSC 9 the client wrote, one per line (BEL or ST ends one).
mapfile -t OSC777 < <(LC_ALL=C grep -a -o $'\e\\]777;[^\a\e]*' "$RAW" | sed 's/^.\]777;//')
mapfile -t OSC9 < <(LC_ALL=C grep -a -o $'\e\\]9;[^\a\e]*' "$RAW" | sed 's/^.\]9;//')
diag "TERM in the pane: ${TERM_IN_PANE:-?}; OSC 777: ${OSC777[*]-none}; OSC 9: ${OSC9[*]-none}"
if [ "${#OSC777[@]}" -ge 1 ] && [[ ${OSC777[0]} == "notify;"*";$WANT" ]]; then
	pass "4. OSC 777: notify;<title>;$WANT"
else
	fail "4. OSC 777: notify;<title>;$WANT" "got: ${OSC777[*]-none}" \
		"raw bytes: $(od -c "$RAW" | grep -n -m3 ']   7   7   7' || true)"
fi
if [ "${#OSC9[@]}" -ge 1 ] && [ "${OSC9[0]}" = "$WANT" ]; then
	pass "4. OSC 9: $WANT"
else
	fail "4. OSC 9: $WANT" "got: ${OSC9[*]-none}"
fi
# Nothing of the patient in any notification: not the number (in any
# spelling), not a word of the text.
leaks=()
for o in "${OSC777[@]}" "${OSC9[@]}"; do
	digits=${o//[!0-9]/}
	[[ $digits == *"${NEW_PHONE: -7}"* || $digits == *4417* ]] && leaks+=("$o")
	[[ $o == *Zebulon* || $o == *Quill* || $o == *Hello* || $o == *bill* ]] && leaks+=("$o")
	[ "$o" = "$WANT" ] || [[ $o == notify\;*\;"$WANT" ]] || leaks+=("unexpected: $o")
done
if [ "$((${#OSC777[@]} + ${#OSC9[@]}))" -ge 1 ] && [ "${#leaks[@]}" -eq 0 ]; then
	pass "4. ... and no notification carries the patient's name, number or text"
else
	fail "4. ... and no notification carries the patient's name, number or text" "${leaks[@]:-no notification}"
fi
# The OSC title (OSC 777's second field) is no PHI either.
title=${OSC777[0]-}
title=${title#notify;}
title=${title%%;*}
is "$title" "Curtain" "4. ... the OSC 777 title is 'Curtain'"

keys dana:0 q
check_pane "4. q quits" dana:0 5 exited
stop_server "$SERVER_PID"
done_testing
