# shellcheck shell=bash
# common.sh: helpers for the integration and TUI tests, which are bash
# scripts emitting TAP. It owns the test's temp dir, the curtaind processes a
# test starts, and the real sign-in flow (password + TOTP + PIN over HTTP).
#
#   . "$(dirname "$0")/../lib/common.sh"
#   plan 3                                   # or leave it out and let done_testing print it
#   ctl init && ctl seed --demo
#   start_server "$DB" --gateway sim
#   demo_creds dana && login dana "$CRED_PASSWORD" "$CRED_TOTP_SECRET"
#   is "$(api "$ACCESS_TOKEN" '{"methodCalls":[]}' | jq -r .sessionState)" ... "name"
#   check "health answers" curl -fsS "$SERVER_URL/v1/health"   # CMD runs in a subshell
#   done_testing                             # exits 1 if anything failed
#
# Variables set here: TOP, BUILD (absolute), CURTAIND, CURTAINCTL, TMP (0700,
# removed on exit unless KEEP_TMP=1), DB ($TMP/test.db; a test may set it),
# TMUX_SOCK, and after start_server: SERVER_URL, SERVER_PORT, SERVER_PID.
# login sets ACCESS_TOKEN, DEVICE_TOKEN, DEVICE_ID, STAFF_ID.
#
# Call start_server and login directly, never inside $(...): they set
# variables and start processes this shell must own.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
export BUILD TOP
CURTAIND=$BUILD/curtaind
CURTAINCTL=$BUILD/curtainctl
# The PIN the tests choose at sign-in; it meets PROTOCOL.md's PIN policy.
TEST_PIN=${TEST_PIN:-4071}
# The practice's demo numbers (seed --demo).
FRONT_DESK_NUMBER=${FRONT_DESK_NUMBER:-+15555550100}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/curtain-test.XXXXXX") || {
	echo "Bail out! cannot create a temp dir"
	exit 1
}
chmod 700 "$TMP"
# Never inherited from the environment: a test only ever touches its own.
DB=$TMP/test.db
# tmux for TUI tests: a private server on a socket in $TMP, killed on exit.
TMUX_SOCK=$TMP/tmux.sock
unset TMUX

_ct_count=0      # results so far
_ct_failed=0     # failed results
_ct_planned=     # from plan
_ct_pids=()      # background processes to stop on exit (servers first)
_ct_server_pids=()
_ct_done=0
_ct_at_exit=()   # commands to run on exit, most recent first

# --- TAP ---------------------------------------------------------------

plan() {
	_ct_planned=$1
	echo "1..$1"
}

# Comment lines: shown in the log, ignored by the TAP parser.
diag() {
	local line
	# shellcheck disable=SC2068
	printf '%s\n' "$@" | while IFS= read -r line; do printf '# %s\n' "$line"; done
}
note() { diag "$@"; }

pass() {
	_ct_count=$((_ct_count + 1))
	echo "ok $_ct_count - $1"
}

# fail NAME [DIAGNOSTIC...]
fail() {
	_ct_count=$((_ct_count + 1))
	_ct_failed=$((_ct_failed + 1))
	echo "not ok $_ct_count - $1"
	shift
	[ $# -gt 0 ] && diag "$@"
	# Where in the test file: the first caller outside tests/lib.
	local i
	for ((i = 1; i < ${#BASH_SOURCE[@]}; i++)); do
		if [[ ${BASH_SOURCE[i]} != */lib/*.sh ]]; then
			diag "  at ${BASH_SOURCE[i]##*/} line ${BASH_LINENO[i - 1]}"
			break
		fi
	done
	return 1
}

# bail_out REASON: stop the whole file now (counts as a failure).
bail_out() {
	echo "Bail out! $*"
	exit 1
}

# skip NAME REASON: a result that is neither passed nor failed.
skip() {
	_ct_count=$((_ct_count + 1))
	echo "ok $_ct_count - $1 # SKIP ${2:-}"
}

# check NAME CMD [ARGS...]: passes when CMD exits 0. CMD's output goes to
# the log as comments (only on failure), never onto the TAP stream.
check() {
	local name=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -eq 0 ]; then
		pass "$name"
	else
		fail "$name" "command: $*" "exit status: $rc" ${out:+"output:"} ${out:+"$out"}
	fi
}

# check_fails NAME CMD [ARGS...]: passes when CMD exits non-zero.
check_fails() {
	local name=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -ne 0 ]; then
		pass "$name"
	else
		fail "$name" "command: $*" "expected failure, got exit status 0" ${out:+"output:"} ${out:+"$out"}
	fi
}

# is GOT WANT NAME
is() {
	if [ "$1" == "$2" ]; then
		pass "$3"
	else
		fail "$3" "     got: '$1'" "expected: '$2'"
	fi
}

# isnt GOT UNWANTED NAME
isnt() {
	if [ "$1" != "$2" ]; then
		pass "$3"
	else
		fail "$3" "     got: '$1'" "expected anything else"
	fi
}

# like GOT ERE NAME / unlike GOT ERE NAME (bash extended regular expressions)
like() {
	if [[ $1 =~ $2 ]]; then
		pass "$3"
	else
		fail "$3" "     got: '$1'" "expected to match: /$2/"
	fi
}
unlike() {
	if ! [[ $1 =~ $2 ]]; then
		pass "$3"
	else
		fail "$3" "     got: '$1'" "expected not to match: /$2/"
	fi
}

# wait_for SECONDS CMD [ARGS...]: polls CMD every 0.1 s until it succeeds;
# returns 1 on timeout. For use inside check: check "x" wait_for 5 cmd...
wait_for() {
	local deadline=$((SECONDS + $1))
	shift
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		[ "$SECONDS" -ge "$deadline" ] && return 1
		sleep 0.1
	done
}

# need_cmd CMD...: skip the whole file (TAP "1..0 # SKIP") when a command is
# missing. Call before plan and before any result.
need_cmd() {
	local c
	for c in "$@"; do
		if ! command -v "$c" >/dev/null 2>&1; then
			echo "1..0 # SKIP $c not installed (sh packaging/install-deps.sh test)"
			_ct_done=1
			exit 0
		fi
	done
}

# done_testing: stops the servers, fails the file on a sanitizer report in
# any server log, prints the plan if none was given, and exits: 0 when every
# result passed and the plan was met, 1 otherwise.
done_testing() {
	_ct_done=1
	stop_all_servers
	local status=0 reports
	reports=$(grep -s -E -A 30 'ERROR: (Address|Leak|Thread|Memory)Sanitizer|runtime error:' \
		"$TMP"/*.log | head -n 80)
	if [ -n "$reports" ]; then
		diag "sanitizer report in a server log:" "$reports"
		status=1
	fi
	if [ -z "$_ct_planned" ]; then
		echo "1..$_ct_count"
	elif [ "$_ct_count" -ne "$_ct_planned" ]; then
		diag "planned $_ct_planned tests but ran $_ct_count"
		status=1
	fi
	if [ "$_ct_failed" -gt 0 ]; then
		diag "failed $_ct_failed of $_ct_count"
		status=1
	fi
	exit "$status"
}

# --- processes and cleanup ---------------------------------------------

# track_pid PID: stop PID (TERM, then KILL) when the test exits.
track_pid() { _ct_pids+=("$1"); }

# at_exit 'COMMAND': run COMMAND (a string, eval'd) when the test exits,
# before its servers are stopped; the last registered runs first.
at_exit() { _ct_at_exit=("$1" "${_ct_at_exit[@]}"); }

# tmux_cmd ARGS...: tmux on the test's private server ($TMUX_SOCK).
tmux_cmd() { tmux -S "$TMUX_SOCK" "$@"; }

_ct_stop_pid() {
	local pid=$1 i
	kill -0 "$pid" 2>/dev/null || {
		wait "$pid" 2>/dev/null
		return
	}
	kill -TERM "$pid" 2>/dev/null
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

stop_all_servers() {
	local pid
	for pid in "${_ct_server_pids[@]}"; do
		_ct_stop_pid "$pid"
	done
	_ct_server_pids=()
}

_ct_cleanup() {
	local rc=$? pid
	trap - EXIT INT TERM
	local cmd
	for cmd in "${_ct_at_exit[@]}"; do
		eval "$cmd" >/dev/null 2>&1
	done
	# tmux's server leaves our process group (setsid): stop it by name.
	[ -S "$TMUX_SOCK" ] && tmux -S "$TMUX_SOCK" kill-server >/dev/null 2>&1
	stop_all_servers
	for pid in "${_ct_pids[@]}"; do
		_ct_stop_pid "$pid"
	done
	if [ "$_ct_done" -eq 0 ] && [ -s "$TMP/curtaind.log" ]; then
		diag "test ended early (exit $rc); last lines of curtaind.log:"
		diag "$(tail -n 30 "$TMP/curtaind.log")"
	fi
	if [ "${KEEP_TMP:-0}" = 1 ]; then
		diag "kept $TMP"
	else
		rm -rf "$TMP"
	fi
	exit "$rc"
}
trap _ct_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- curtaind ----------------------------------------------------------

# start_server DB [EXTRA ARGS...]: starts curtaind on a free loopback port and
# waits (up to 10 s) until /v1/health answers. Sets DB, SERVER_URL,
# SERVER_PORT, SERVER_PID. Server output goes to $TMP/curtaind.log.
start_server() {
	local db=$1 port= deadline=$((SECONDS + ${SERVER_START_TIMEOUT:-10}))
	shift
	DB=$db
	rm -f "$TMP/port"
	"$CURTAIND" -d "$db" --listen 127.0.0.1:0 --port-file "$TMP/port" "$@" \
		>>"$TMP/curtaind.log" 2>>"$TMP/curtaind.log" </dev/null &
	SERVER_PID=$!
	_ct_server_pids+=("$SERVER_PID")
	while [ "$SECONDS" -le "$deadline" ]; do
		if ! kill -0 "$SERVER_PID" 2>/dev/null; then
			wait "$SERVER_PID" 2>/dev/null
			diag "curtaind exited with status $? while starting; curtaind.log:"
			diag "$(tail -n 30 "$TMP/curtaind.log")"
			return 1
		fi
		if [ -z "$port" ] && [ -s "$TMP/port" ]; then
			port=$(tr -dc '0-9' <"$TMP/port")
			# A half-written file: read it again next round.
			[ -n "$port" ] && [ "$port" -gt 0 ] && [ "$port" -lt 65536 ] || port=
		fi
		if [ -n "$port" ] &&
			curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$port/v1/health"; then
			SERVER_PORT=$port
			SERVER_URL=http://127.0.0.1:$port
			export DB SERVER_URL SERVER_PORT SERVER_PID
			return 0
		fi
		sleep 0.1
	done
	diag "curtaind did not answer /v1/health within ${SERVER_START_TIMEOUT:-10} s (port file: '${port:-none}'); curtaind.log:"
	diag "$(tail -n 30 "$TMP/curtaind.log")"
	return 1
}

# stop_server [PID]: SIGTERM, wait (10 s, then SIGKILL); returns the server's
# exit status (0 for a clean shutdown).
stop_server() {
	local pid=${1:-${SERVER_PID:-}} rc i p
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		diag "curtaind $pid ignored SIGTERM for 10 s; killing it"
		kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	rc=$?
	local keep=()
	for p in "${_ct_server_pids[@]}"; do
		[ "$p" = "$pid" ] || keep+=("$p")
	done
	_ct_server_pids=("${keep[@]}")
	[ "$pid" = "${SERVER_PID:-}" ] && SERVER_PID=
	return "$rc"
}

# ctl ARGS...: curtainctl on the test's database.
ctl() { "$CURTAINCTL" -d "$DB" "$@"; }

# sms_in FROM TEXT [TO]: a simulated inbound text through the running server.
sms_in() {
	"$CURTAINCTL" sms-in --server "$SERVER_URL" --from "$1" --to "${3:-$FRONT_DESK_NUMBER}" "$2"
}

# --- HTTP --------------------------------------------------------------

# http METHOD PATH [JSON [TOKEN]]: prints the body; the status code is in
# $TMP/http.status (see last_status). Fails only on a transport error.
http() {
	local method=$1 path=$2 body=${3:-} token=${4:-}
	local -a args=(-sS --max-time 30 -X "$method" -o "$TMP/http.body" -w '%{http_code}')
	[ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
	[ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
	curl "${args[@]}" "$SERVER_URL$path" >"$TMP/http.status" || {
		echo 000 >"$TMP/http.status"
		return 1
	}
	cat "$TMP/http.body"
}

# last_status: the HTTP status of the last http/api call.
last_status() { cat "$TMP/http.status" 2>/dev/null || echo 000; }

# api TOKEN JSON: POST /v1/api; prints the response body.
api() { http POST /v1/api "$2" "$1"; }

# events_start TOKEN FILE: follows GET /v1/events (SSE) into FILE in the
# background until the test ends; sets EVENTS_PID.
events_start() {
	curl -sSN --max-time 600 -H "Authorization: Bearer $1" "$SERVER_URL/v1/events" \
		>"$2" 2>>"$TMP/events-curl.log" </dev/null &
	EVENTS_PID=$!
	track_pid "$EVENTS_PID"
}

# --- sign-in -----------------------------------------------------------

# totp_fresh SECRET: a TOTP code never handed out before for SECRET in this
# test (the server refuses a reused code): waits for the next 30 s step if
# the current code was already used.
totp_fresh() {
	local secret=$1 key state code i
	key=$(printf '%s' "$secret" | sha256sum | cut -c1-16)
	state=$TMP/totp-used.$key
	for ((i = 0; i < 70; i++)); do
		code=$(oathtool --totp -b "$secret") || return 1
		if ! [ -f "$state" ] || [ "$code" != "$(cat "$state")" ]; then
			printf '%s\n' "$code" >"$state"
			printf '%s\n' "$code"
			return 0
		fi
		sleep 0.5
	done
	echo "totp_fresh: no new TOTP code after 35 s" >&2
	return 1
}

# login USER PASSWORD TOTP_SECRET [PIN]: the real sign-in: password, then
# TOTP and the device PIN. Exports ACCESS_TOKEN, DEVICE_TOKEN, DEVICE_ID,
# STAFF_ID; returns 1 (with diagnostics) on any failure.
login() {
	local user=$1 password=$2 secret=$3 pin=${4:-$TEST_PIN}
	local body resp mfa code
	body=$(jq -nc --arg u "$user" --arg p "$password" --arg d "${DEVICE_NAME:-test-$user}" \
		'{username: $u, password: $p, deviceName: $d}')
	resp=$(http POST /v1/auth/login "$body") || return 1
	mfa=$(jq -r '.mfaToken // empty' <<<"$resp" 2>/dev/null)
	if [ -z "$mfa" ]; then
		diag "login $user: /v1/auth/login answered $(last_status): $resp"
		return 1
	fi
	code=$(totp_fresh "$secret") || return 1
	body=$(jq -nc --arg t "$mfa" --arg c "$code" --arg pin "$pin" \
		'{mfaToken: $t, code: $c, pin: $pin}')
	resp=$(http POST /v1/auth/mfa "$body") || return 1
	ACCESS_TOKEN=$(jq -r '.accessToken // empty' <<<"$resp" 2>/dev/null)
	DEVICE_TOKEN=$(jq -r '.deviceToken // empty' <<<"$resp" 2>/dev/null)
	DEVICE_ID=$(jq -r '.deviceId // empty' <<<"$resp" 2>/dev/null)
	STAFF_ID=$(jq -r '.staffId // empty' <<<"$resp" 2>/dev/null)
	if [ -z "$ACCESS_TOKEN" ] || [ -z "$DEVICE_TOKEN" ]; then
		diag "login $user: /v1/auth/mfa answered $(last_status): $resp"
		return 1
	fi
	export ACCESS_TOKEN DEVICE_TOKEN DEVICE_ID STAFF_ID
}

# demo_creds USER: reads USER's line from "$DB.demo-credentials" (written by
# `curtainctl seed --demo`: username TAB password TAB totp_secret TAB role)
# into CRED_PASSWORD, CRED_TOTP_SECRET, CRED_ROLE. Returns 1 if absent.
demo_creds() {
	local file=$DB.demo-credentials u p s r
	CRED_PASSWORD= CRED_TOTP_SECRET= CRED_ROLE=
	[ -r "$file" ] || {
		diag "demo_creds: no $file (run: ctl seed --demo)"
		return 1
	}
	while IFS=$'\t' read -r u p s r || [ -n "$u" ]; do
		if [ "$u" = "$1" ]; then
			CRED_PASSWORD=$p CRED_TOTP_SECRET=$s CRED_ROLE=${r%$'\r'}
			return 0
		fi
	done <"$file"
	diag "demo_creds: no user '$1' in $file"
	return 1
}

# login_demo USER [PIN]: demo_creds + login.
login_demo() {
	demo_creds "$1" && login "$1" "$CRED_PASSWORD" "$CRED_TOTP_SECRET" "${2:-$TEST_PIN}"
}
