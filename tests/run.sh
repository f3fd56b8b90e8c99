#!/usr/bin/env bash
# run.sh: the test-suite runner behind `make check`. Runs every unit test
# binary, integration script and TUI script, one at a time, each under a time
# limit with its output in $BUILD/test-logs/<name>.log; counts TAP results
# and ends with exactly one line "N passed, N failed".
#
#   BUILD=build bash tests/run.sh [PATTERN...]
#
# PATTERN (a shell glob, matched anywhere in the file's path relative to the
# repository, e.g. "store" or "integration/auth*") selects files.
#
# Counting, per file:
#   ok N ...                    one passed
#   not ok N ...                one failed
#   ok/not ok N ... # SKIP|TODO one skipped (neither passed nor failed)
#   1..N (every plan line)      fewer results than planned: the rest failed
#   Bail out!                   one failed
#   exit status != 0 with no failure counted: one failed (crash, timeout, ...)
#   no TAP output at all:       one failed (a file that tests nothing is broken)
#
# Environment: BUILD (default build), TEST_TIMEOUT (seconds per file,
# default 300), TEST_TAIL (log lines shown on failure; default 40, 200 when
# CI is set), VERBOSE=1 (print every log).

set -u
shopt -s nullglob

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$TOP" || exit 1

BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
export BUILD TOP
export CURTAIN_SRC=$TOP

TEST_TIMEOUT=${TEST_TIMEOUT:-300}
if [ -n "${CI:-}" ] && [ "${CI:-}" != false ]; then
	TEST_TAIL=${TEST_TAIL:-200}
else
	TEST_TAIL=${TEST_TAIL:-40}
fi
VERBOSE=${VERBOSE:-0}

# Sanitizer builds: stack traces for UBSan; ASan's defaults are fine.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lib/lsan.supp:print_suppressions=0}
export CMOCKA_MESSAGE_OUTPUT=TAP

LOGDIR=$BUILD/test-logs
mkdir -p "$LOGDIR" || exit 1

# The locales tests switch to, compiled once into $BUILD/locales
# (tests/lib/locales.sh): unit tests find them through CURTAIN_TEST_LOCPATH
# and skip, saying why, without it; scripts call locales_build themselves.
if CURTAIN_TEST_LOCPATH=$(bash "$TOP/tests/lib/locales.sh" es_US en_US 2>"$LOGDIR/locales.log"); then
	export CURTAIN_TEST_LOCPATH
else
	unset CURTAIN_TEST_LOCPATH
fi

total_pass=0
total_fail=0
total_skip=0
failed_files=()
current_pgid=

# The test runs in its own process group (timeout(1) makes one); on Ctrl-C
# or TERM take the whole group down, including servers it started.
on_signal() {
	if [ -n "$current_pgid" ]; then
		kill -TERM -- "-$current_pgid" 2>/dev/null
		sleep 0.2
		kill -KILL -- "-$current_pgid" 2>/dev/null
	fi
	echo
	echo "run.sh: interrupted"
	echo "$total_pass passed, $((total_fail + 1)) failed"
	exit 130
}
trap on_signal INT TERM

now() { printf '%s' "${EPOCHREALTIME:-$(date +%s.%N)}"; }

# Every test file, in a stable order: unit binaries, integration, TUI.
collect() {
	if [ -d "$BUILD/tests" ]; then
		find "$BUILD/tests" -type f -name 'test_*' ! -name '*.*' -perm -u+x | LC_ALL=C sort
	fi
	local f
	for f in tests/integration/*.sh tests/tui/*.sh; do
		printf '%s\n' "$TOP/$f"
	done
}

# Path shown and matched against PATTERNs: unit/core/test_store,
# integration/auth.sh, tui/compose.sh.
display_name() {
	local f=$1
	case $f in
	"$BUILD"/tests/*) printf 'unit/%s' "${f#"$BUILD"/tests/}" ;;
	"$TOP"/tests/*) printf '%s' "${f#"$TOP"/tests/}" ;;
	*) printf '%s' "$f" ;;
	esac
}

# True when NAME matches one of the PATTERNs (or none were given).
matches() {
	local name=$1 p
	[ ${#patterns[@]} -eq 0 ] && return 0
	for p in "${patterns[@]}"; do
		# shellcheck disable=SC2053 # glob match is intended
		[[ $name == *$p* ]] && return 0
	done
	return 1
}

# Parses a TAP log; sets t_pass t_fail t_skip t_plan t_seen t_bail.
# (awk, not a shell loop: a runaway test can write a large log.)
parse_tap() {
	read -r t_pass t_fail t_skip t_plan t_seen t_bail < <(awk '
		{ sub(/\r$/, "") }
		/^(not )?ok([ \t]|$)/ {
			seen++
			rest = $0
			sub(/^(not )?ok/, "", rest)
			if (rest ~ /#[ \t]*([Ss][Kk][Ii][Pp]|[Tt][Oo][Dd][Oo])/) skip++
			else if ($0 ~ /^not /) fail++
			else pass++
			next
		}
		/^1\.\.[0-9]+([ \t]|$)/ { n = $0; sub(/^1\.\./, "", n); plan += n + 0; next }
		/^Bail out!/ { bail = 1 }
		END { print pass + 0, fail + 0, skip + 0, plan + 0, seen + 0, bail + 0 }
	' "$1")
}

# Runs one file; prints its line; adds to the totals.
run_one() {
	local file=$1 name=$2 log base rc start end secs note=""
	base=${name//\//__}
	log=$LOGDIR/$base.log

	local -a cmd
	case $file in
	*.sh) cmd=(bash "$file") ;;
	*) cmd=("$file") ;;
	esac

	start=$(now)
	# Background + wait, so the INT/TERM trap can run while a test does.
	timeout --kill-after=10 "$TEST_TIMEOUT" "${cmd[@]}" </dev/null >"$log" 2>&1 &
	current_pgid=$!
	# 2>/dev/null: the shell's own "Segmentation fault" notice; the
	# status says it and the file's line below reports it.
	wait "$current_pgid" 2>/dev/null
	rc=$?
	# Anything the test left running in its group (a forgotten server).
	# After a timeout the group is already being killed by timeout(1).
	if kill -0 -- "-$current_pgid" 2>/dev/null; then
		kill -TERM -- "-$current_pgid" 2>/dev/null
		case $rc in
		124 | 137) ;;
		*) note="left processes running (killed)" ;;
		esac
	fi
	current_pgid=
	end=$(now)
	secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')

	parse_tap "$log"
	local pass=$t_pass fail=$t_fail skip=$t_skip
	if [ "$t_plan" -gt "$t_seen" ]; then
		fail=$((fail + t_plan - t_seen))
		note="${note:+$note; }planned $t_plan, ran $t_seen"
	fi
	if [ "$t_bail" -eq 1 ]; then
		[ "$fail" -eq 0 ] && fail=1
		note="${note:+$note; }bailed out"
	fi
	if [ "$rc" -ne 0 ]; then
		local why
		case $rc in
		124) why="timed out after ${TEST_TIMEOUT}s" ;;
		137) why="killed by SIGKILL (timed out and ignored SIGTERM?)" ;;
		126 | 127) why="could not run (exit $rc)" ;;
		*)
			if [ "$rc" -gt 128 ]; then
				why="died of SIG$(kill -l $((rc - 128)) 2>/dev/null || echo $((rc - 128)))"
			elif [ "$fail" -eq 0 ]; then
				why="exit $rc"
			else
				why=
			fi
			;;
		esac
		[ -n "$why" ] && note="${note:+$note; }$why"
		[ "$fail" -eq 0 ] && fail=1
	elif [ "$t_seen" -eq 0 ] && [ "$t_plan" -eq 0 ]; then
		local skipline
		skipline=$(grep -Em1 '^1\.\.0([[:space:]]|$)' "$log")
		if [ -n "$skipline" ]; then
			skipline=${skipline#1..0}
			skipline=${skipline#*[Ss][Kk][Ii][Pp]}
			note="skipped${skipline:+:$skipline}"
		else
			note="${note:+$note; }no TAP output"
			fail=1
		fi
	fi

	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
	total_skip=$((total_skip + skip))

	local status=PASS
	[ "$fail" -gt 0 ] && status=FAIL
	local skipped=""
	[ "$skip" -gt 0 ] && skipped=" ($skip skipped)"
	printf '%-4s %-44s %4d passed %3d failed %7ss%s%s\n' \
		"$status" "$name" "$pass" "$fail" "$secs" "$skipped" "${note:+  [$note]}"

	if [ "$fail" -gt 0 ]; then
		failed_files+=("$name")
		local notok
		notok=$(grep -E '^not ok' "$log" | grep -Eiv '#[[:space:]]*(skip|todo)' | head -n 20)
		[ -n "$notok" ] && printf '%s\n' "$notok" | sed 's/^/    | /'
		echo "    --- last $TEST_TAIL lines of $log ---"
		tail -n "$TEST_TAIL" "$log" | sed 's/^/    | /'
		echo "    ---"
	elif [ "$VERBOSE" = 1 ]; then
		sed 's/^/    | /' "$log"
	fi
}

patterns=("$@")
files=()
while IFS= read -r f; do
	[ -n "$f" ] || continue
	n=$(display_name "$f")
	if matches "$n"; then
		files+=("$f")
	fi
done < <(collect)

if [ ${#files[@]} -eq 0 ]; then
	if [ ${#patterns[@]} -gt 0 ]; then
		echo "run.sh: no test file matches: ${patterns[*]}"
	else
		echo "run.sh: no test files found (unit binaries under $BUILD/tests, tests/integration/*.sh, tests/tui/*.sh)"
	fi
	echo "0 passed, 0 failed"
	exit 1
fi

suite_start=$(now)
echo "Running ${#files[@]} test files (logs in ${LOGDIR#"$TOP"/})"
for f in "${files[@]}"; do
	run_one "$f" "$(display_name "$f")"
done
suite_secs=$(awk -v a="$suite_start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')

echo
if [ ${#failed_files[@]} -gt 0 ]; then
	echo "Failed files: ${failed_files[*]}"
fi
[ "$total_skip" -gt 0 ] && echo "$total_skip skipped"
echo "Ran ${#files[@]} files in ${suite_secs}s"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
