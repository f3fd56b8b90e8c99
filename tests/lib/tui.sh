# shellcheck shell=bash
# shellcheck disable=SC2034 # SCREEN, SCR and the *_X geometry are results for the caller
# shellcheck disable=SC2317 # predicates run indirectly, through wait_pane
# tui.sh: driving the real `curtain` client in the test's private tmux server
# (tests/lib/common.sh's $TMUX_SOCK) and reading what it draws. Source it
# after common.sh:
#
#   client_start dana dana "$(totp_next "$CRED_TOTP_SECRET")" "$CRED_PASSWORD"
#   check_pane "dana signs in" dana 15 status_has live
#   keys dana n
#   check_pane "the oldest patient opens" dana 5 thread_head_has "Kevin O'Brien"
#
# Every wait polls `tmux capture-pane` every 50 ms up to a deadline; nothing
# here sleeps a fixed time except after Esc (see press_esc). A capture sets
# SCREEN (the pane's text) and SCR (its lines, SCR[0] = the top line).
#
# Geometry (src/tui/view.c): at 110 columns and more the sidebar is 28
# columns, the queue max(44, 45% of the rest) and the thread pane the rest;
# a queue row is: unread glyph, opt-out glyph, space, name (18 columns),
# space, waiting time (4), space, assignee (8), space, status and preview.
# Column offsets are character offsets, which match display columns while
# the queue shows no double-width characters (the demo data has none).

CURTAIN=$BUILD/curtain
TUI_COLS=${TUI_COLS:-140}
TUI_ROWS=${TUI_ROWS:-40}

# The tmux server gets no user configuration, allows the escape sequences
# that rename windows (so a title leak would show in #{window_name}), and
# keeps a fixed window size until a test resizes it.
printf '%s\n' 'set -g allow-rename on' 'set -g history-limit 100' >"$TMP/tmux.conf"

# now_ms: milliseconds since the epoch into NOW_MS (no subshell).
now_ms() {
	local t=${EPOCHREALTIME//[.,]/}
	NOW_MS=$((t / 1000))
}

# totp_next SECRET: the code for the next 30-second step. PROTOCOL.md
# section 3 accepts one step of clock skew, and the server only wants each
# step to be newer than the last one used, so a second sign-in of the same
# user right after one made with totp_fresh needs no 30-second wait.
totp_next() { oathtool --totp -b "$1" -N "@$(($(date +%s) + 30))"; }

# client_start SESSION USER CODE PASSWORD [VAR=VALUE...] [-- OPTION...]: runs
# curtain in a new detached tmux session SESSION ($TUI_COLS x $TUI_ROWS)
# signed in as USER with the password, CODE and $TEST_PIN on
# --credentials-fd, under `env VAR=VALUE...` with a HOME and XDG_CONFIG_HOME
# of its own, with the OPTIONs after "--" (--accessible, --mouse, ...). When
# the client exits the pane prints "EXITED <status>" and stays.
client_start() {
	local session=$1 user=$2 code=$3 password=$4
	shift 4
	local home=$TMP/home.$session creds=$TMP/creds.$session
	mkdir -p "$home/.config"
	(
		umask 077
		printf '%s\n%s\n%s\n' "$password" "$code" "$TEST_PIN" >"$creds"
	)
	local envs="" opts="" v in_opts=0
	for v in "$@"; do
		if [ "$in_opts" = 0 ] && [ "$v" = -- ]; then
			in_opts=1
		elif [ "$in_opts" = 1 ]; then
			opts+=" $(printf '%q' "$v")"
		else
			envs+=" $(printf '%q' "$v")"
		fi
	done
	local cmd
	cmd="env HOME=$(printf '%q' "$home") XDG_CONFIG_HOME=$(printf '%q' "$home/.config")$envs"
	cmd+=" $(printf '%q' "$CURTAIN")$opts --server $(printf '%q' "$SERVER_URL") --user $(printf '%q' "$user")"
	cmd+=" --credentials-fd 3 3<$(printf '%q' "$creds"); echo \"EXITED \$?\"; exec sleep 600"
	tmux -S "$TMUX_SOCK" -f "$TMP/tmux.conf" new-session -d -s "$session" \
		-x "$TUI_COLS" -y "$TUI_ROWS" "$cmd"
}

# forget_creds SESSION: removes the credentials file once the client has read it.
forget_creds() { rm -f "$TMP/creds.$1"; }

# capture TARGET: sets SCREEN and SCR from the pane.
capture() {
	# (the x keeps the blank lines at the bottom, which $(...) would drop)
	SCREEN=$(tmux -S "$TMUX_SOCK" capture-pane -p -t "$1" 2>/dev/null; printf x)
	SCREEN=${SCREEN%x}
	SCREEN=${SCREEN%$'\n'}
	mapfile -t SCR <<<"$SCREEN"
}

# keys TARGET KEY...: tmux key names (Enter, Escape, C-x, j, ...).
keys() {
	local t=$1
	shift
	tmux -S "$TMUX_SOCK" send-keys -t "$t" "$@"
}
# type_text TARGET TEXT: literal text, as typed.
type_text() { tmux -S "$TMUX_SOCK" send-keys -t "$1" -l -- "$2"; }
# press_esc TARGET: Esc, then a pause longer than the client's ESCDELAY
# (25 ms), so the next key is not read as Alt+key.
press_esc() {
	keys "$1" Escape
	sleep 0.15
}

# pane_fmt TARGET FORMAT: a tmux format for the pane (#{pane_title}, ...).
pane_fmt() { tmux -S "$TMUX_SOCK" display -p -t "$1" "$2"; }

# wait_pane TARGET MILLISECONDS PRED [ARGS...]: captures TARGET every 50 ms
# until PRED ARGS (run on SCREEN/SCR) succeeds; 1 on timeout. WAITED_MS says
# how long it took.
wait_pane() {
	local target=$1 ms=$2 start deadline
	shift 2
	now_ms
	start=$NOW_MS
	deadline=$((NOW_MS + ms))
	while :; do
		capture "$target"
		if "$@"; then
			now_ms
			WAITED_MS=$((NOW_MS - start))
			return 0
		fi
		now_ms
		if [ "$NOW_MS" -ge "$deadline" ]; then
			WAITED_MS=$((NOW_MS - start))
			return 1
		fi
		sleep 0.05
	done
}

# fail_screen NAME [DIAGNOSTIC...]: fail with the last capture attached.
fail_screen() {
	local name=$1
	shift
	fail "$name" "$@" "screen:" "${SCREEN:-<empty>}"
}

# check_pane NAME TARGET SECONDS PRED [ARGS...]: passes when PRED holds within SECONDS.
check_pane() {
	local name=$1 target=$2 secs=$3
	shift 3
	if wait_pane "$target" $((secs * 1000)) "$@"; then
		pass "$name"
	else
		fail_screen "$name" "waited ${secs} s for: $*"
	fi
}

# ---- predicates over the last capture --------------------------------------

has() { [[ $SCREEN == *"$1"* ]]; }
lacks() { [[ $SCREEN != *"$1"* ]]; }
matches() { [[ $SCREEN =~ $1 ]]; }
# line_of N: line N (1-based; -1 is the last line) into LINE.
line_of() {
	local n=$1
	[ "$n" -lt 0 ] && n=$((${#SCR[@]} + n + 1))
	LINE=${SCR[n - 1]-}
}
line_has() {
	line_of "$1"
	[[ $LINE == *"$2"* ]]
}
status_has() { line_has -1 "$1"; }
title_has() { line_has 1 "$1"; }
all_of() { # all_of PRED1 ARG -- PRED2 ARG ...: every predicate holds
	local -a cmd=()
	while [ $# -gt 0 ]; do
		if [ "$1" = "--" ]; then
			"${cmd[@]}" || return 1
			cmd=()
		else
			cmd+=("$1")
		fi
		shift
	done
	[ ${#cmd[@]} -eq 0 ] || "${cmd[@]}"
}

# ---- the wide layout (TUI_COLS >= 110) --------------------------------------

SIDEBAR_W=28
LIST_X=28
LIST_W=$(((TUI_COLS - SIDEBAR_W) * 45 / 100))
[ "$LIST_W" -lt 44 ] && LIST_W=44
THREAD_X=$((LIST_X + LIST_W))

_trim() {
	local s=$1
	s=${s#"${s%%[! ]*}"}
	s=${s%"${s##*[! ]}"}
	TRIMMED=$s
}

# row_index PATIENT: the queue row showing PATIENT (0-based) into ROW, or 1.
row_index() {
	local i
	for ((i = 2; i < ${#SCR[@]} - 1; i++)); do
		_trim "${SCR[i]:LIST_X+3:18}"
		if [ "$TRIMMED" = "$1" ]; then
			ROW=$((i - 2))
			return 0
		fi
	done
	return 1
}
has_row() { row_index "$1"; }
no_row() { ! row_index "$1"; }
# row_assignee PATIENT: the assignee column of PATIENT's row into ASSIGNEE.
row_assignee() {
	row_index "$1" || return 1
	_trim "${SCR[ROW + 2]:LIST_X+27:8}"
	ASSIGNEE=$TRIMMED
}
row_assignee_is() { row_assignee "$1" && [ "$ASSIGNEE" = "$2" ]; }
# The assignee column shows someone other than me.
row_assignee_other() { row_assignee "$1" && [ -n "$ASSIGNEE" ] && [ "$ASSIGNEE" != me ]; }
# queue_names: the patient names in the queue, one per line, into NAMES.
queue_names() {
	local i
	NAMES=()
	for ((i = 2; i < ${#SCR[@]} - 1; i++)); do
		_trim "${SCR[i]:LIST_X+3:18}"
		[ -n "$TRIMMED" ] && NAMES+=("$TRIMMED")
	done
}
# queue_total: the "N conversations" head of the queue into TOTAL.
queue_total() {
	[[ ${SCR[1]-} =~ \ ([0-9]+)\ conversations? ]] || return 1
	TOTAL=${BASH_REMATCH[1]}
}
# thread_head_has TEXT: the thread pane's first line (patient, phone,
# status, assignee) contains TEXT.
thread_head_has() { [[ ${SCR[1]:THREAD_X} == *"$1"* ]]; }
# thread_text: the thread pane's lines joined by single spaces into THREAD
# (wrapped text reads as one line again).
thread_text() {
	local i t=""
	for ((i = 1; i < ${#SCR[@]} - 1; i++)); do
		t+=" ${SCR[i]:THREAD_X}"
	done
	THREAD=$(tr -s ' ' <<<"$t")
}
thread_has() {
	thread_text
	[[ $THREAD == *"$(tr -s ' ' <<<"$1")"* ]]
}

# select_row TARGET PATIENT: with the queue focused, moves to PATIENT's row
# (g, then j per row) and opens it (Enter); 1 when the thread pane does not
# show PATIENT within 5 s.
select_row() {
	local target=$1 name=$2 try n
	for try in 1 2; do
		wait_pane "$target" 3000 has_row "$name" || return 1
		local -a k=(g)
		for ((n = 0; n < ROW; n++)); do k+=(j); done
		keys "$target" "${k[@]}" Enter
		wait_pane "$target" 5000 thread_head_has " $name  " && return 0
		# The queue moved under us: back to it and try once more.
		press_esc "$target"
	done
	return 1
}

# quit_client TARGET: q, then waits (5 s) for the pane's "EXITED N"; sets EXIT_STATUS.
quit_client() {
	EXIT_STATUS=
	keys "$1" q
	if wait_pane "$1" 5000 matches 'EXITED [0-9]+'; then
		[[ $SCREEN =~ EXITED\ ([0-9]+) ]] && EXIT_STATUS=${BASH_REMATCH[1]}
	fi
}

# tui_need_programs: bails out unless curtaind, curtainctl and curtain are built.
tui_need_programs() {
	local p
	for p in "$CURTAIND" "$CURTAINCTL" "$CURTAIN"; do
		[ -x "$p" ] || bail_out "$p is not built (make BUILD=$BUILD)"
	done
}

# tui_demo_practice: the practice database ($DB) with the demo seed.
tui_demo_practice() {
	ctl init >/dev/null || bail_out "curtainctl init failed"
	ctl seed --demo >/dev/null || bail_out "curtainctl seed --demo failed"
}
