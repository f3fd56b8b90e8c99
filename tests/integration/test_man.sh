#!/usr/bin/env bash
# test_man.sh: the man pages in $BUILD/man (make man) render without a
# single groff or man warning and fit 80 columns, and they cannot go stale:
# every option that `curtain --help`, `curtaind --help` and `curtainctl
# --help` print, every curtainctl command and its options, every setting
# config.c knows and every default key binding is in the right page; the
# exit statuses the programs really return are documented; and the example
# files (in curtain.conf(5) and packaging/curtain.conf) load without a
# complaint from the client's own parsers (build/mangen check).

. "$(dirname "$0")/../lib/common.sh"

need_cmd groff man

MAN=$BUILD/man
MANGEN=$BUILD/mangen
CURTAIN=$BUILD/curtain
PAGES=(curtain.1 curtain.conf.5 curtaind.8 curtainctl.8)
export LC_ALL=C.UTF-8 MANWIDTH=80
# man-db would otherwise run the pages through a pager or cache them.
export MANPAGER=cat PAGER=cat MAN_DISABLE_SECCOMP=1

for p in "${PAGES[@]}"; do
	[ -s "$MAN/$p" ] || bail_out "$MAN/$p is missing: run make BUILD=${BUILD#"$TOP"/} man"
done
[ -x "$MANGEN" ] || bail_out "$MANGEN is missing"

# The page as plain text, 80 columns (no overstrike, no colour); rendered
# once per page.
render() {
	[ -f "$TMP/$1.txt" ] || man -l "$MAN/$1" 2>/dev/null | sed -e 's/.\x08//g' >"$TMP/$1.txt"
	cat "$TMP/$1.txt"
}
# The lines of one section (from its heading to the next one), rendered.
section() {
	render "$1" | awk -v s="$2" '/^[A-Z]/ { on = ($0 == s); next } on'
}

# --- rendering --------------------------------------------------------------

for p in "${PAGES[@]}"; do
	out=$(groff -ww -b -z -man -Tutf8 "$MAN/$p" 2>&1)
	is "$out" "" "$p: groff -ww reports no warning"
	out=$(man --warnings=w -l "$MAN/$p" 2>&1 >/dev/null)
	is "$out" "" "$p: man -l renders it without a warning"
	width=$(render "$p" | wc -L)
	if [ "$width" -le 80 ]; then
		pass "$p: every line fits 80 columns"
	else
		fail "$p: every line fits 80 columns" "widest: $width" \
			"$(render "$p" | awk 'length($0) > 80')"
	fi
	if command -v mandoc >/dev/null 2>&1; then
		out=$(mandoc -Tlint -W warning "$MAN/$p" 2>&1)
		is "$out" "" "$p: mandoc -Tlint finds nothing"
	fi
	# (comment lines may name the placeholders)
	is "$(grep -v '^\.\\"' "$MAN/$p" | grep -nE '@[A-Z_]+@')" "" "$p: no @PLACEHOLDER@ is left"
done

# --- options ----------------------------------------------------------------

# The long and short options a --help text lists (lines that start with a
# dash after the indentation), one per line: "--server", "-h".
help_options() {
	grep -E '^[[:space:]]+-' | grep -oE '(^|[[:space:],])--?[A-Za-z][A-Za-z0-9-]*' |
		sed -E 's/^[[:space:],]+//' | sort -u
}

# check_options PROGRAM PAGE SECTION HELPTEXT: every option of HELPTEXT is a
# tag in PAGE's SECTION (rendered with ASCII hyphens, so it can be copied).
check_options() {
	local prog=$1 page=$2 sec=$3 help=$4 text opt missing=
	text=$(section "$page" "$sec")
	local opts
	opts=$(help_options <<<"$help")
	if [ -z "$opts" ]; then
		fail "$prog --help lists options" "$help"
		return
	fi
	while IFS= read -r opt; do
		if ! grep -Eq -- "^ {7}(-[A-Za-z], )?${opt}([ =,]|$)|^ {7}-[A-Za-z], ${opt}([ =]|$)" <<<"$text"; then
			missing+=" $opt"
		fi
	done <<<"$opts"
	is "${missing# }" "" "$page: every option of $prog --help is in $sec ($(wc -l <<<"$opts") options)"
}

check_options curtain curtain.1 OPTIONS "$("$CURTAIN" --help)"
check_options curtaind curtaind.8 OPTIONS "$("$CURTAIND" --help)"
check_options curtainctl curtainctl.8 OPTIONS "$("$CURTAINCTL" --help | sed '/^Commands:/,$d')"
like "$(section curtain.1 SYNOPSIS)" 'curtain +scan +\[FILE\]' "curtain.1: synopsis has curtain scan"
like "$(section curtain.1 DESCRIPTION)" 'curtain +scan +runs' "curtain.1: describes curtain scan"

# --- curtainctl commands ----------------------------------------------------

commands=$("$CURTAINCTL" --help | sed -n '/^Commands:/,/^$/p' |
	sed -nE 's/^  ([a-z-]+( [a-z-]+)?)  .*/\1/p')
ncmd=$(wc -l <<<"$commands")
if [ "$ncmd" -ge 15 ]; then
	pass "curtainctl --help lists its commands ($ncmd)"
else
	fail "curtainctl --help lists its commands ($ncmd)" "$commands"
fi
cmdtext=$(section curtainctl.8 COMMANDS)
# One command's entry: from its tag line to the next command's tag line or
# subsection heading.
entry() {
	awk -v cmd="$1" -v all="$commands" '
		BEGIN { n = split(all, names, "\n") }
		function is_tag(line,   i, rest) {
			# justified tags: "user  add  USERNAME"
			rest = substr(line, 8)
			gsub(/  +/, " ", rest)
			line = substr(line, 1, 7) rest
			for (i = 1; i <= n; i++)
				if (index(line, "       " names[i]) == 1 &&
				    (length(line) == 7 + length(names[i]) ||
				     substr(line, 8 + length(names[i]), 1) == " "))
					return names[i]
			return ""
		}
		/^   [^ ]/ { on = 0; next }
		{ t = is_tag($0) }
		t != "" { on = (t == cmd) }
		on' <<<"$cmdtext"
}
missing_cmds= missing_opts=
while IFS= read -r cmd; do
	e=$(entry "$cmd")
	if [ -z "$e" ]; then
		missing_cmds+=" [$cmd]"
		continue
	fi
	# shellcheck disable=SC2086 # the command's words are separate arguments
	opts=$("$CURTAINCTL" $cmd --help | { sed 1d; } | help_options | grep -v -- '--help' | grep -vx -- '-h')
	for opt in $opts; do
		grep -q -- "$opt" <<<"$e" || missing_opts+=" [$cmd $opt]"
	done
done <<<"$commands"
is "${missing_cmds# }" "" "curtainctl.8: every command has its entry in COMMANDS"
is "${missing_opts# }" "" "curtainctl.8: every command's options are in its entry"

# --- settings ---------------------------------------------------------------

# The keys config_set() accepts: the known[] table in src/tui/config.c.
keys=$(awk '/known\[\] *= *\{/ { on = 1 } on { print } on && /\};/ { exit }' \
	"$TOP/src/tui/config.c" | grep -oE '"[a-z_]+"' | tr -d '"')
nkeys=$(wc -l <<<"$keys")
if [ "$nkeys" -ge 10 ]; then
	pass "config.c knows $nkeys settings"
else
	fail "config.c's known[] table is where this test looks ($nkeys keys found)" "$keys"
fi
settings=$(section curtain.conf.5 SETTINGS)
documented=$(sed -nE 's/^ {7}([a-z_]+) = .*/\1/p' <<<"$settings" | sort)
# (Files, not <(...): a process substitution can outlive the test as a
# zombie the runner then reports as a process left running.)
sort <<<"$keys" >"$TMP/keys.known"
echo "$documented" >"$TMP/keys.documented"
grep -oE '^#?[a-z_]+ =' "$TOP/packaging/curtain.conf" | tr -d '#= ' | sort >"$TMP/keys.example"
is "$(comm -23 "$TMP/keys.known" "$TMP/keys.documented")" "" \
	"curtain.conf.5: every setting config.c knows is in SETTINGS"
is "$(comm -13 "$TMP/keys.known" "$TMP/keys.documented")" "" \
	"curtain.conf.5: SETTINGS documents no setting config.c does not know"
is "$(comm -23 "$TMP/keys.known" "$TMP/keys.example")" "" \
	"packaging/curtain.conf: has every setting"

# --- keys -------------------------------------------------------------------

keystext=$(section curtain.1 KEYS)
nctx=$(grep -cE '^   [A-Z].* \((global|list|thread|compose|picker|dialog|lock|signin)\)$' <<<"$keystext")
is "$nctx" 8 "curtain.1: KEYS has a table for each of the 8 contexts"
# Every binding of keymaps/default.keys (also generated from actions.h, and
# checked against it by test_keymap) as "KEY, KEY — ACTION" in its context's
# table. One awk pass: the rendered tables first, then default.keys.
echo "$keystext" >"$TMP/keys.txt"
read -r nbind missing <<<"$(awk -v dash=" — " '
	FNR == NR {
		if ($0 ~ /^   [^ ].*\([a-z]+\)$/) {
			ctx = $0
			sub(/.*\(/, "", ctx)
			sub(/\)$/, "", ctx)
		} else if (ctx != "" && $0 ~ /^       [^ ]/ && (sep = index($0, dash))) {
			act = substr($0, sep + length(dash))
			n = split(substr($0, 8, sep - 8), keys, ", ")
			for (i = 1; i <= n; i++)
				have[ctx SUBSEP keys[i] SUBSEP act] = 1
		}
		next
	}
	$1 == "bind" {
		nb++
		if (!(($2 SUBSEP $3 SUBSEP $4) in have))
			missing = missing " [" $2 " " $3 " " $4 "]"
	}
	END { print nb + 0, missing }' "$TMP/keys.txt" "$TOP/keymaps/default.keys")"
is "${missing# }" "" "curtain.1: all $nbind bindings of keymaps/default.keys are in KEYS"

# --- examples load ----------------------------------------------------------

check "packaging/curtain.conf loads without a problem" "$MANGEN" check settings "$TOP/packaging/curtain.conf"
# The examples in curtain.conf(5): blocks that start with "# ~/.config/...".
mkdir -p "$TMP/examples"
section curtain.conf.5 EXAMPLES | awk -v dir="$TMP/examples" '
	/^ +# ~\/\.config\/curtain\// { f = $2; sub(/.*\//, "", f); out = dir "/" f; next }
	/^$/ { out = "" }
	out != "" { sub(/^              /, ""); print >> out }'
nex=0
for f in "$TMP/examples"/*; do
	case $f in
	*/config) kind=settings ;;
	*.theme) kind=theme ;;
	*.keys) kind=keymap ;;
	*) continue ;;
	esac
	nex=$((nex + 1))
	check "curtain.conf.5: the example ${f##*/} loads without a problem" "$MANGEN" check "$kind" "$f"
done
is "$nex" 3 "curtain.conf.5: has a settings, a theme and a keymap example"

# --- exit statuses ----------------------------------------------------------

# status_documented PAGE STATUS WHAT: STATUS is a tag of PAGE's EXIT STATUS.
status_documented() {
	if grep -Eq "^ {7}$2( |$)" <<<"$(section "$1" "EXIT STATUS")"; then
		pass "$1: exit status $2 ($3) is documented"
	else
		fail "$1: exit status $2 ($3) is documented" "$(section "$1" "EXIT STATUS")"
	fi
}
for prog in curtain curtaind curtainctl; do
	case $prog in
	curtain) bin=$CURTAIN page=curtain.1 ;;
	curtaind) bin=$CURTAIND page=curtaind.8 ;;
	curtainctl) bin=$CURTAINCTL page=curtainctl.8 ;;
	esac
	"$bin" --help >/dev/null 2>&1
	status_documented "$page" $? "--help"
	"$bin" --no-such-option >/dev/null 2>&1
	status_documented "$page" $? "an unknown option"
done
"$CURTAINCTL" -d "$TMP/none.db" practice show >/dev/null 2>&1
status_documented curtainctl.8 $? "a database that is not there"
"$CURTAIND" -d "$TMP/none.db" --listen 127.0.0.1:0 >/dev/null 2>&1
status_documented curtaind.8 $? "a database that is not there"
"$CURTAIN" --credentials-fd 99 >/dev/null 2>&1
status_documented curtain.1 $? "a bad option value"

done_testing
