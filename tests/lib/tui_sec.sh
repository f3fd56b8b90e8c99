# shellcheck shell=bash
# shellcheck disable=SC2034 # SEC_* settings are read by sec_client
# shellcheck disable=SC2317 # predicates run indirectly, through wait_pane
# tui_sec.sh: helpers for the client security tests (tests/tui/test_security*.sh),
# on top of common.sh and tui.sh. Source it after both.
#
#   sec_creds dana "$PASSWORD" "$CODE"        # password, code, $TEST_PIN on a FIFO
#   SEC_ENV=(-u DBUS_SESSION_BUS_ADDRESS)     # env(1) arguments for the client
#   sec_client dana --user dana --lock-after 3
#
# Unlike tui.sh's client_start, the credentials never touch the disk (a FIFO
# in $TMP, written by a background process of the test), the client runs in
# $WORK (a directory of its own, for the leak and core-file checks) with
# HOME=$SEC_HOME, and what the pane does after the client exits is up to the
# test (SEC_AFTER).

WORK=$TMP/work
SEC_HOME=${SEC_HOME:-$TMP/home}
mkdir -p "$WORK" "$SEC_HOME/.config"
chmod 700 "$SEC_HOME"
SEC_ENV=()
SEC_PRE=''		   # shell run in the pane before the client (e.g. ulimit -c unlimited)
SEC_AFTER='exec sleep 600' # shell run in the pane after "EXITED N"
declare -A _sec_fifo=()

# sec_creds SESSION PASSWORD CODE [PIN]: the next sec_client SESSION gets these
# three lines on --credentials-fd 3, through a FIFO (nothing on disk).
sec_creds() {
	local session=$1 fifo=$TMP/creds.$1
	rm -f "$fifo"
	mkfifo -m 600 "$fifo" || return 1
	printf '%s\n%s\n%s\n' "$2" "$3" "${4:-$TEST_PIN}" >"$fifo" &
	track_pid $!
	_sec_fifo[$session]=$fifo
}

# sec_client SESSION CURTAIN-ARGS...: curtain --server $SERVER_URL ARGS in a new
# detached tmux session SESSION ($TUI_COLS x $TUI_ROWS), cwd $WORK, under
# `env ${SEC_ENV[@]} HOME=$SEC_HOME XDG_CONFIG_HOME=...`. When the client exits
# the pane prints "EXITED <status>" and runs $SEC_AFTER.
sec_client() {
	local session=$1
	shift
	local cmd='' v
	[ -n "$SEC_PRE" ] && cmd+="$SEC_PRE; "
	cmd+="env"
	# (env wants its -u options before any VAR=VALUE)
	for v in "${SEC_ENV[@]}"; do cmd+=" $(printf '%q' "$v")"; done
	cmd+=" HOME=$(printf '%q' "$SEC_HOME") XDG_CONFIG_HOME=$(printf '%q' "$SEC_HOME/.config")"
	cmd+=" $(printf '%q' "$CURTAIN") --server $(printf '%q' "$SERVER_URL")"
	for v in "$@"; do cmd+=" $(printf '%q' "$v")"; done
	if [ -n "${_sec_fifo[$session]:-}" ]; then
		cmd+=" --credentials-fd 3 3<$(printf '%q' "${_sec_fifo[$session]}")"
		unset "_sec_fifo[$session]"
	fi
	cmd+="; echo \"EXITED \$?\"; $SEC_AFTER"
	tmux -S "$TMUX_SOCK" -f "$TMP/tmux.conf" new-session -d -s "$session" -c "$WORK" \
		-x "$TUI_COLS" -y "$TUI_ROWS" "$cmd"
}

# client_pid SESSION: the pid of the curtain process in SESSION's pane (the
# pane's shell runs it as a child) into CLIENT_PID; 1 if there is none.
client_pid() {
	local pp c
	CLIENT_PID=
	pp=$(tmux -S "$TMUX_SOCK" display -p -t "$1" '#{pane_pid}' 2>/dev/null) || return 1
	[ -n "$pp" ] || return 1
	local -a kids=()
	read -r -a kids <"/proc/$pp/task/$pp/children" 2>/dev/null
	for c in "${kids[@]}"; do
		if [ "$(readlink "/proc/$c/exe" 2>/dev/null)" = "$CURTAIN" ]; then
			CLIENT_PID=$c
			return 0
		fi
	done
	# env(1) may still be about to exec it.
	return 1
}

# exited: the pane says "EXITED N"; sets EXIT_STATUS.
exited() {
	[[ $SCREEN =~ EXITED\ ([0-9]+) ]] || return 1
	EXIT_STATUS=${BASH_REMATCH[1]}
}

# The screens, by what they show.
inbox_of() { title_has " Curtain · " && title_has "$1" && status_has "live"; }
signin_form() { has "Sign in to Curtain" && has "Password"; }
lock_screen() { has "Locked by $1." && has "Enter unlock"; }

# phi_on_screen NAME...: the first of the given strings (patient names, phone
# numbers or their last 7 digits, message texts) on the last capture, into LEAK.
phi_on_screen() {
	local s flat digits
	LEAK=
	flat=$(tr -s ' \n' '  ' <<<"$SCREEN")
	digits=${SCREEN//[!0-9]/}
	for s in "$@"; do
		[ -n "$s" ] || continue
		if [[ $s =~ ^\+[0-9]+$ ]]; then
			[[ $digits == *"${s: -7}"* ]] && LEAK=$s && return 0
		elif [[ $flat == *"$(tr -s ' \n' '  ' <<<"$s")"* ]]; then
			LEAK=$s
			return 0
		fi
	done
	return 1
}

# random_pin: an 8-digit PIN made up now, that meets the PIN policy (not one
# repeated digit, not a run like 12345678), long enough that finding it in a
# file is no accident.
random_pin() {
	local p
	while :; do
		p=$(((RANDOM << 15 | RANDOM) % 90000000 + 10000000))
		[ -z "${p//${p:0:1}/}" ] && continue
		[[ 0123456789 == *"$p"* || 9876543210 == *"$p"* ]] && continue
		echo "$p"
		return
	done
}

# typed_signin TARGET PASSWORD SECRET: types the password (the username is
# filled in), the TOTP code and the PIN twice, waiting for each step.
typed_signin() {
	local t=$1
	wait_pane "$t" 5000 signin_form || return 1
	type_text "$t" "$2"
	keys "$t" Enter
	wait_pane "$t" 10000 has "6-digit code" || return 1
	type_text "$t" "$(totp_fresh "$3")"
	keys "$t" Enter
	wait_pane "$t" 5000 has "Choose a PIN" || return 1
	type_text "$t" "$TEST_PIN"
	keys "$t" Enter
	wait_pane "$t" 5000 has "PIN again" || return 1
	type_text "$t" "$TEST_PIN"
	keys "$t" Enter
}

# The start every security test shares: a C.UTF-8 locale, a random PIN in
# TEST_PIN, the built programs, and a curtaind serving a seeded demo practice.
sec_start_demo() {
	export LANG=C.UTF-8 LC_ALL=C.UTF-8
	unset LANGUAGE LC_MESSAGES
	TEST_PIN=$(random_pin)
	tui_need_programs
	tui_demo_practice
	start_server "$DB" --gateway sim || bail_out "curtaind did not start"
}

# sec_keyring: a private session bus and an unlocked gnome-keyring on it,
# both the test's own children (so they are stopped and reaped at the end:
# dbus-run-session leaves its daemon to init, which in a container may
# never reap it). Exports DBUS_SESSION_BUS_ADDRESS, HOME=$SEC_HOME and the
# XDG directories under it, which the tmux server, so the client, inherits;
# sets KEYRING_PASSWORD.
sec_keyring() {
	dbus-daemon --session --nofork --nopidfile --print-address=3 3>"$TMP/bus.addr" \
		>"$TMP/dbus.log" 2>&1 </dev/null &
	track_pid $!
	wait_for 5 test -s "$TMP/bus.addr" || bail_out "dbus-daemon did not start: $(cat "$TMP/dbus.log")"
	DBUS_SESSION_BUS_ADDRESS=$(head -n 1 "$TMP/bus.addr")
	export DBUS_SESSION_BUS_ADDRESS
	export HOME=$SEC_HOME XDG_DATA_HOME=$SEC_HOME/.local/share XDG_CONFIG_HOME=$SEC_HOME/.config \
		XDG_CACHE_HOME=$SEC_HOME/.cache XDG_RUNTIME_DIR=$TMP/run
	mkdir -p "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
	chmod 700 "$XDG_RUNTIME_DIR"
	# Not an empty password: gnome-keyring would then try to prompt, and fail.
	KEYRING_PASSWORD="kr-$RANDOM$RANDOM"
	printf '%s' "$KEYRING_PASSWORD" |
		gnome-keyring-daemon --foreground --unlock --components=secrets \
			>"$TMP/gnome-keyring.log" 2>&1 &
	track_pid $!
	wait_for 10 _sec_secrets_on_bus ||
		bail_out "gnome-keyring-daemon did not come up: $(cat "$TMP/gnome-keyring.log")"
}
_sec_secrets_on_bus() {
	dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
		org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
		grep -q 'boolean true'
}
