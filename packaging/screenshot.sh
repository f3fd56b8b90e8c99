#!/usr/bin/env bash
# screenshot.sh: a text capture of curtain's main screen, as in README.md.
# Runs `make demo`'s script (packaging/demo.sh: a seeded practice on
# loopback, a real sign-in as dana) in a private tmux server of the given
# size, waits until the client is signed in and live, prints the screen
# (tmux capture-pane, plain text) on standard output, then quits the client,
# which stops the demo and removes its files.
#
#   BUILD=build bash packaging/screenshot.sh [COLUMNS [ROWS]]   (120 x 22)
#
# The client runs with an empty settings directory (the built-in theme and
# keys) in the C.UTF-8 locale; SCREENSHOT_LANG=es_US.UTF-8 captures another.
# Before the capture it presses n (open the longest-waiting patient);
# SCREENSHOT_KEYS= (empty) leaves the list as it is, or names other keys.

set -u

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
COLS=${1:-120}
ROWS=${2:-22}

die() {
	printf 'screenshot: %s\n' "$*" >&2
	exit 1
}
command -v tmux >/dev/null 2>&1 || die "tmux is needed (sh packaging/install-deps.sh test)"
[ -x "$BUILD/curtain" ] || die "$BUILD/curtain is not built (run make)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/curtain-shot.XXXXXX") || die "cannot create a temp dir"
SOCK=$TMP/tmux.sock
tm() { tmux -S "$SOCK" "$@"; }
cleanup() {
	tm kill-server 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

mkdir -p "$TMP/config"
# After the demo the pane says DEMO-EXITED and stays a while, so that a
# failure's last words can be read.
tm -f /dev/null new-session -d -s shot -x "$COLS" -y "$ROWS" \
	"env BUILD='$BUILD' XDG_CONFIG_HOME='$TMP/config' LC_ALL='${SCREENSHOT_LANG:-C.UTF-8}' \
	 DEMO_SECONDS=300 bash '$TOP/packaging/demo.sh'; echo DEMO-EXITED \$?; sleep 30" ||
	die "cannot start tmux"

# Signed in and live: the status line says so and the queue has rows.
screen=
for _ in $(seq 1 600); do
	screen=$(tm capture-pane -p -t shot 2>/dev/null) || break
	case $screen in
	*DEMO-EXITED*) break ;;
	*conversations*live*) break ;;
	esac
	sleep 0.1
done
case $screen in
*conversations*live*) ;;
*)
	printf '%s\n' "$screen" >&2
	die "the demo did not reach the signed-in screen"
	;;
esac
# Open the patient who has waited longest (n), as a front-desk worker
# would, and wait for the thread and its key hints.
if [ -n "${SCREENSHOT_KEYS-n}" ]; then
	tm send-keys -t shot ${SCREENSHOT_KEYS-n}
	for _ in $(seq 1 50); do
		tm capture-pane -p -t shot | grep -q 'reply' && break
		sleep 0.1
	done
fi
# Let the screen finish drawing (counts, previews) before the capture.
sleep 1
tm capture-pane -p -t shot

# q quits curtain; demo.sh then stops the server and removes its files.
tm send-keys -t shot q
for _ in $(seq 1 100); do
	tm capture-pane -p -t shot 2>/dev/null | grep -q DEMO-EXITED && break
	sleep 0.1
done
exit 0
