#!/usr/bin/env bash
# The PHI lexicon generator (src/phi/lexgen.c): the shipped lexicon compiles
# the same way twice, and every kind of mistake in a .lex file is an error
# that names the file and line instead of a silently wrong table.
. "$(dirname "$0")/../lib/common.sh"

LEXGEN=$BUILD/lexgen
LEXDIR=$TOP/src/phi/lexicon

check "lexgen builds the shipped lexicon" "$LEXGEN" -o "$TMP/a.c" "$LEXDIR"/*.lex
check "lexgen builds it again" "$LEXGEN" -o "$TMP/b.c" "$LEXDIR"/*.lex
check "the output is the same both times (reproducible)" cmp -s "$TMP/a.c" "$TMP/b.c"
check "the build uses exactly that table" cmp -s "$TMP/a.c" "$BUILD/gen/phi_lexicon.c"
n=$(grep -c '^	{"' "$TMP/a.c")
check "the table holds thousands of entries ($n)" test "$n" -gt 3000

# Every shipped file says where its words come from and under what licence.
for f in "$LEXDIR"/*.lex; do
	check "$(basename "$f") has @source and @licence" \
		sh -c "grep -q '^@source ' '$f' && grep -Eq '^@licen[cs]e ' '$f'"
done
check "WordNet's licence notice is kept" test -s "$LEXDIR/wordnet/LICENSE"

# Inflections and spelling variants come from the generator, not by hand.
cat >"$TMP/ok.lex" <<'LEX'
@lang en
@source test
@licence test
@reason condition
ear infection
x-ray finding | reason=result
Crohn's disease
@reason cue
came back
LEX
cat >"$TMP/es.lex" <<'LEX'
@lang es
@source test
@licence test
@reason condition
infección de oído
luz
LEX
check "a good file compiles" "$LEXGEN" -o "$TMP/ok.c" "$TMP/ok.lex" "$TMP/es.lex"
for form in '"ear infections"' '"x ray finding"' '"xray findings"' '"crohns disease"' \
	'"crohn disease"' '"infecciones de oido"' '"luces"'; do
	check "generated form $form" grep -q "{$form" "$TMP/ok.c"
done

# Mistakes: each is an error with file:line, and no output is left behind.
bad() {
	local name=$1 want=$2
	printf '%s\n' "${@:3}" >"$TMP/bad.lex"
	rm -f "$TMP/bad.c"
	out=$("$LEXGEN" -o "$TMP/bad.c" "$TMP/bad.lex" 2>&1)
	rc=$?
	check "$name: fails" test "$rc" -ne 0
	check "$name: says '$want' at the line" grep -q "bad.lex:[0-9]*: error: .*$want" <<<"$out"
}
bad "no @lang" "@lang line first" "@source s" "@licence l" "@reason condition" "asthma"
bad "unknown reason" "unknown reason 'illness'" "@lang en" "@source s" "@licence l" "@reason illness"
bad "unknown flag" "unknown flag 'strong'" "@lang en" "@source s" "@licence l" "@reason condition" "asthma | strong"
bad "two letters without case" "must be marked case" "@lang en" "@source s" "@licence l" "@reason condition" "ra"
bad "emoji in a term" "separator" "@lang en" "@source s" "@licence l" "@reason condition" "flu 🤒"
bad "punctuation" "characters other than" "@lang en" "@source s" "@licence l" "@reason condition" "flu (type a)"
bad "weak cue" "only findings can be weak" "@lang en" "@source s" "@licence l" "@reason cue" "came back | weak"
bad "no provenance" "no @source" "@lang en" "@licence l" "@reason condition" "asthma"
bad "no licence" "no @licence" "@lang en" "@source s" "@reason condition" "asthma"
bad "bad language" "@lang must be en or es" "@lang fr" "@source s" "@licence l"
check "a missing file is an error" sh -c "! '$LEXGEN' -o '$TMP/x.c' '$TMP/nope.lex' 2>/dev/null"
check "no usage, no output" sh -c "! '$LEXGEN' 2>/dev/null"

done_testing
