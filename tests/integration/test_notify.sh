#!/usr/bin/env bash
# test_notify.sh: new-text notifications against a real notification
# service. Builds tests/lib/notify_server.c (GDBus; no display needed), runs
# it on a private session bus (a dbus-daemon of the test's own) and runs the
# notify unit test binary there, which checks what the service received:
# the PHI-free text, grouping, rate limiting, locking. A second private bus
# without a server checks the fallback to the terminal. TAP output.
#
#   BUILD=build bash tests/integration/test_notify.sh
#
# The C program's results are relayed one by one; this script adds its own
# checks on the server's log, so a program that tested nothing still fails.

set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/lib/common.sh
. "$HERE/../lib/common.sh"

need_cmd dbus-daemon pkg-config "${CC:-cc}"

PROG=$BUILD/tests/sys/test_notify
SERVER=$TMP/notify_server
LOG=$TMP/notify.log
export CMOCKA_MESSAGE_OUTPUT=TAP

[ -x "$PROG" ] || bail_out "$PROG not built (make BUILD=$BUILD)"
# shellcheck disable=SC2046 # pkg-config's words are meant to split
"${CC:-cc}" -std=c11 -O1 -Wall -Wextra -Werror -Wno-unused-parameter \
	$(pkg-config --cflags gio-2.0) -o "$SERVER" "$TOP/tests/lib/notify_server.c" \
	$(pkg-config --libs gio-2.0) >"$TMP/cc.log" 2>&1 ||
	bail_out "cannot build tests/lib/notify_server.c: $(head -c 2000 "$TMP/cc.log")"

# relay FILE WHAT: the program's TAP results as this file's results.
relay() {
	local line n=0
	while IFS= read -r line; do
		case $line in
		"ok "*) pass "$2: ${line#ok * - }"; n=$((n + 1)) ;;
		"not ok "*) fail "$2: ${line#not ok * - }"; n=$((n + 1)) ;;
		1..*) ;;
		*) diag "$line" ;;
		esac
	done <"$1"
	RELAYED=$n
}

# start_bus NAME: a private session bus of this test's own (a child of this
# shell, stopped on exit), with no service directories, so nothing installed
# on the machine (a notification daemon) can be activated into the test.
# Sets BUS to its address.
start_bus() {
	local dir=$TMP/$1
	mkdir -p "$dir"
	cat >"$dir/bus.conf" <<-EOF
		<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
		 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
		<busconfig>
		  <type>session</type>
		  <listen>unix:path=$dir/bus</listen>
		  <auth>EXTERNAL</auth>
		  <policy context="default">
		    <allow send_destination="*" eavesdrop="true"/>
		    <allow eavesdrop="true"/>
		    <allow own="*"/>
		  </policy>
		</busconfig>
	EOF
	dbus-daemon --config-file="$dir/bus.conf" --nofork --nopidfile --print-address \
		>"$dir/address" 2>"$dir/dbus.log" </dev/null &
	track_pid $!
	wait_for 10 test -s "$dir/address" || bail_out "dbus-daemon did not start: $(cat "$dir/dbus.log")"
	BUS=$(head -n 1 "$dir/address")
}

# --- a session bus with the test server --------------------------------
start_bus desktop
: >"$LOG"
DBUS_SESSION_BUS_ADDRESS=$BUS "$SERVER" "$LOG" 2>"$TMP/notify_server.stderr" </dev/null &
track_pid $!
wait_for 10 test -s "$LOG.ready" ||
	bail_out "notify_server did not start: $(cat "$TMP/notify_server.stderr")"
DBUS_SESSION_BUS_ADDRESS=$BUS CURTAIN_TEST_NOTIFY_LOG=$LOG "$PROG" >"$TMP/desktop.tap" 2>&1
rc=$?
relay "$TMP/desktop.tap" "server"
is "$RELAYED" 13 "server: every terminal and desktop case ran"
is "$rc" 0 "server: the test program exited 0"

calls=$(wc -l <"$LOG")
like "$calls" '^[1-9][0-9]*$' "the service received notifications ($calls)"
# Independent of the C program: every call the service saw says only
# "Curtain" and "New text in <department> (N waiting)".
bad=$(awk -F'\t' '$5 != "Curtain" || $2 != "Curtain" || $6 !~ /^New text in [^\t]+ \([0-9]+ waiting\)$/' "$LOG")
is "$bad" "" "every summary is 'Curtain' and every body the PHI-free sentence"
bad=$(awk -F'\t' '$4 != ""' "$LOG")
is "$bad" "" "no icon or image is sent"

# --- a session bus without a notification service ----------------------
start_bus noserver
DBUS_SESSION_BUS_ADDRESS=$BUS CURTAIN_TEST_NOTIFY_NOSERVER=1 "$PROG" >"$TMP/noserver.tap" 2>&1
rc=$?
relay "$TMP/noserver.tap" "no server"
is "$RELAYED" 8 "no server: every terminal and fallback case ran"
is "$rc" 0 "no server: the test program exited 0"

done_testing
