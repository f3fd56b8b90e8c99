#!/usr/bin/env bash
# test_security_crash.sh: the client killed by SIGSEGV, SIGTERM and SIGHUP
# while showing the inbox, each in a tmux pane whose shell allows core files
# (ulimit -c unlimited): while it runs its own core limit is 0 (soft and
# hard); after the signal the alternate screen is left with nothing of a
# patient on the terminal, `stty -a` shows echo, icanon and isig back on, a
# typed line echoes and is read as a line, and no core file appears in the
# working directory or HOME (a control process in the same setting does
# leave one, so the check can fail). TAP output.
#
#   BUILD=build bash tests/tui/test_security_crash.sh      (KEEP_TMP=1 keeps $TMP)

# shellcheck disable=SC2317 # predicates run indirectly, through wait_pane
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/lib/common.sh
. "$HERE/../lib/common.sh"
# shellcheck source=tests/lib/api.sh
. "$HERE/../lib/api.sh"
need_cmd tmux jq oathtool curl
# shellcheck source=tests/lib/tui.sh
. "$HERE/../lib/tui.sh"
# shellcheck source=tests/lib/tui_sec.sh
. "$HERE/../lib/tui_sec.sh"

sec_start_demo

login_demo admin || bail_out "API sign-in as admin failed"
batch "$ACCESS_TOKEN" '{"methodCalls": [
	["Conversation/query", {"filter": {"status": ["open", "pending"]}, "limit": 500}, "q"],
	["Conversation/get", {"#ids": {"resultOf": "q", "name": "Conversation/query", "path": "/ids"},
		"properties": ["patientName", "patientPhone"]}, "g"]]}'
mapfile -t PHI < <(mres g | jq -r '.list[] | .patientName, .patientPhone')
[ "${#PHI[@]}" -ge 10 ] || bail_out "too few conversations from the API"

# ---- can this machine write core files at all? ---------------------------------------------
CORE_PATTERN=$(cat /proc/sys/kernel/core_pattern 2>/dev/null)
CONTROL=$TMP/control
mkdir -p "$CONTROL"
# (in a bash of its own, which is the one to report the crash, to /dev/null)
bash -c 'cd "$1" && ulimit -c unlimited && sh -c "kill -SEGV \$\$"; :' _ "$CONTROL" >/dev/null 2>&1
CORE_WORKS=0
[ -n "$(find "$CONTROL" -maxdepth 1 -name 'core*' -type f 2>/dev/null)" ] && CORE_WORKS=1
rm -rf "$CONTROL"
diag "core_pattern: '$CORE_PATTERN'; a plain process dumps core here: $([ $CORE_WORKS = 1 ] && echo yes || echo no)"

# ---- three clients, one per signal ------------------------------------------------------------
SEC_ENV=(-u DBUS_SESSION_BUS_ADDRESS)
SEC_PRE='ulimit -c unlimited'
SEC_AFTER='stty -a; echo READY; exec cat'
declare -A USER_OF=([SEGV]=dana [TERM]=miguel [HUP]=nora)
declare -A NAME_OF=([dana]="Dana Reyes" [miguel]="Miguel Ortiz" [nora]="Nora Kim")
for sig in SEGV TERM HUP; do
	u=${USER_OF[$sig]}
	demo_creds "$u" || bail_out "no demo credentials for $u"
	sec_creds "$sig" "$CRED_PASSWORD" "$(totp_fresh "$CRED_TOTP_SECRET")"
	sec_client "$sig" --user "$u" --keyring=none
done

# stty_flag FLAG: stty -a on the last capture shows FLAG on (not -FLAG).
stty_flag() { [[ $SCREEN =~ (^|[[:space:]\;])$1([[:space:]\;]|$) ]]; }
count_of() {
	local s=$SCREEN n=0
	while [[ $s == *"$1"* ]]; do
		s=${s#*"$1"}
		n=$((n + 1))
	done
	COUNT=$n
}

for sig in SEGV TERM HUP; do
	u=${USER_OF[$sig]}
	if ! wait_pane "$sig" 20000 inbox_of "${NAME_OF[$u]}"; then
		fail_screen "5. $sig: (setup) $u signs in"
		continue
	fi
	keys "$sig" n # a patient's thread on screen
	wait_pane "$sig" 2000 has "Enter reply"
	if ! client_pid "$sig"; then
		fail "5. $sig: (setup) the client's pid" "none under pane pid $(pane_fmt "$sig" '#{pane_pid}')"
		continue
	fi
	pid=$CLIENT_PID
	shell_core=$(awk '/^Max core file size/ {print $5, $6}' "/proc/$(pane_fmt "$sig" '#{pane_pid}')/limits")
	core=$(awk '/^Max core file size/ {print $5, $6}' "/proc/$pid/limits")
	if [ "$core" = "0 0" ] && [ "$shell_core" = "unlimited unlimited" ]; then
		pass "5. $sig: the running client's core file size limit is 0 (soft and hard; its shell's: unlimited)"
	else
		fail "5. $sig: the running client's core file size limit is 0 (soft and hard; its shell's: unlimited)" \
			"client: '$core'" "shell: '$shell_core'"
	fi
	is "$(pane_fmt "$sig" '#{alternate_on}')" 1 "5. $sig: (setup) on the alternate screen, a thread open"
	kill "-$sig" "$pid"
	if wait_pane "$sig" 5000 all_of exited -- has READY; then
		diag "$sig: exit status $EXIT_STATUS"
		pass "5. $sig: the client ends (EXITED $EXIT_STATUS)"
	else
		fail_screen "5. $sig: the client ends"
		continue
	fi
	if [ "$sig" = SEGV ]; then
		is "$EXIT_STATUS" 139 "5. SEGV: it dies of the signal (128 + 11), after restoring the terminal"
	fi
	is "$(pane_fmt "$sig" '#{alternate_on}')" 0 "5. $sig: the alternate screen is left"
	if stty_flag echo && stty_flag icanon && stty_flag isig && stty_flag icrnl && stty_flag opost; then
		pass "5. $sig: stty -a afterwards: echo icanon isig icrnl opost"
	else
		fail_screen "5. $sig: stty -a afterwards: echo icanon isig icrnl opost"
	fi
	if phi_on_screen "${PHI[@]}"; then
		fail_screen "5. $sig: nothing of a patient left on the terminal" "found: $LEAK"
	else
		pass "5. $sig: nothing of a patient left on the terminal"
	fi
	# Typed text echoes at once, and reaches cat only as a line.
	type_text "$sig" "xyzzy$sig"
	wait_pane "$sig" 2000 has "xyzzy$sig"
	sleep 0.3
	capture "$sig"
	count_of "xyzzy$sig"
	echoed=$COUNT
	keys "$sig" Enter
	count2() { count_of "xyzzy$sig" && [ "$COUNT" -ge 2 ]; }
	wait_pane "$sig" 2000 count2
	if [ "$echoed" = 1 ] && [ "$COUNT" = 2 ]; then
		pass "5. $sig: the terminal works: a typed word echoes once, and cat gets it as a line"
	else
		fail_screen "5. $sig: the terminal works: a typed word echoes once, and cat gets it as a line" \
			"before Enter: $echoed time(s); after: $COUNT"
	fi
done

cores=$(find "$WORK" "$SEC_HOME" -name 'core*' -type f 2>/dev/null)
if [ "$CORE_WORKS" = 1 ]; then
	is "$cores" "" "5. no core file in the working directory or HOME (where a plain process leaves one)"
else
	skip "5. no core file in the working directory or HOME" \
		"this machine writes no core file for a plain process either (core_pattern '$CORE_PATTERN')"
fi

stop_server "$SERVER_PID"
done_testing
