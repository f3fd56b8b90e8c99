/* Unit tests for tui/fuzzy: which targets match (case, accents, decomposed
 * marks, ligatures), how they rank (runs, word starts, prefixes, shorter
 * targets, stable ties) and which bytes get highlighted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tui/fuzzy.h"

static const char *key_str(const void *items, size_t i)
{
	return ((const char *const *)items)[i];
}

/* Ranks items for query; returns the matches' texts in order, NULL-ended. */
static size_t rank(const char *query, const char *const *items, size_t n, const char **out)
{
	size_t order[32];
	assert_true(n <= 32);
	size_t hits = fuzzy_rank(query, items, n, key_str, order);
	for (size_t i = 0; i < hits; i++)
		out[i] = items[order[i]];
	out[hits] = NULL;
	return hits;
}

static void positions_are(const char *query, const char *target, const size_t *want, size_t n)
{
	struct fuzzy_match m;
	assert_true(fuzzy_match(query, target, &m));
	assert_int_equal(m.npos, n);
	for (size_t i = 0; i < n; i++)
		if (m.pos[i] != want[i])
			fail_msg("\"%s\" in \"%s\": pos[%zu] = %zu, want %zu", query, target, i,
				 m.pos[i], want[i]);
}

static const char *const templates[] = {
	"Payment plan",	    "Appointment reminder", "Lab results ready", "Apply for portal",
	"Reminder",	    "Prescription refill",  "Referral sent",	 "Lab",
	"After-hours line",
};
#define NT (sizeof templates / sizeof templates[0])

static void unit__fuzzy__appt_ranks_appointment_before_payment(void **state)
{
	(void)state;
	const char *out[NT + 1];
	size_t hits = rank("appt", templates, NT, out);
	assert_true(hits >= 1);
	assert_string_equal(out[0], "Appointment reminder");
	for (size_t i = 0; i < hits; i++)
		assert_string_not_equal(out[i], "Payment plan");
	/* both match "ap": the prefix run wins */
	hits = rank("ap", templates, NT, out);
	assert_string_equal(out[0], "Apply for portal");
	assert_string_equal(out[1], "Appointment reminder");
	size_t appt = 0, pay = 0;
	for (size_t i = 0; i < hits; i++) {
		if (strcmp(out[i], "Appointment reminder") == 0)
			appt = i;
		if (strcmp(out[i], "Payment plan") == 0)
			pay = i;
	}
	assert_true(pay > appt);
}

static void unit__fuzzy__word_starts_and_prefix_beat_middles(void **state)
{
	(void)state;
	const char *out[NT + 1];
	rank("rem", templates, NT, out);
	assert_string_equal(out[0], "Reminder");
	assert_string_equal(out[1], "Appointment reminder");
	rank("pl", templates, NT, out);
	assert_string_equal(out[0], "Payment plan");
	rank("ah", templates, NT, out); /* A-fter H-ours: two word starts */
	assert_string_equal(out[0], "After-hours line");
	rank("rs", templates, NT, out); /* R-eferral S-ent */
	assert_string_equal(out[0], "Referral sent");
}

static void unit__fuzzy__shorter_target_wins_a_tie(void **state)
{
	(void)state;
	const char *out[NT + 1];
	size_t hits = rank("lab", templates, NT, out);
	assert_int_equal(hits, 2);
	assert_string_equal(out[0], "Lab");
	assert_string_equal(out[1], "Lab results ready");
}

static void unit__fuzzy__ties_keep_original_order(void **state)
{
	(void)state;
	const char *items[] = { "Dr Smith", "Dr Jones", "Dr Brown" };
	const char *out[4];
	assert_int_equal(rank("dr", items, 3, out), 3);
	assert_string_equal(out[0], "Dr Smith");
	assert_string_equal(out[1], "Dr Jones");
	assert_string_equal(out[2], "Dr Brown");
	const char *rev[] = { "Dr Brown", "Dr Jones", "Dr Smith" };
	assert_int_equal(rank("dr", rev, 3, out), 3);
	assert_string_equal(out[0], "Dr Brown");
	assert_string_equal(out[2], "Dr Smith");
}

static void unit__fuzzy__empty_query_keeps_everything_in_order(void **state)
{
	(void)state;
	size_t order[NT];
	assert_int_equal(fuzzy_rank("", templates, NT, key_str, order), NT);
	for (size_t i = 0; i < NT; i++)
		assert_int_equal(order[i], i);
	struct fuzzy_match m;
	assert_true(fuzzy_match("", "anything", &m));
	assert_int_equal(m.score, 0);
	assert_int_equal(m.npos, 0);
}

static void unit__fuzzy__no_match_and_null_keys(void **state)
{
	(void)state;
	const char *out[NT + 1];
	assert_int_equal(rank("xyz", templates, NT, out), 0);
	assert_false(fuzzy_match("abc", "ab", NULL));
	assert_false(fuzzy_match("ba", "ab", NULL));
	const char *items[] = { "alpha", NULL, "alps" };
	assert_int_equal(rank("al", items, 3, out), 2);
}

static void unit__fuzzy__case_and_accents_fold(void **state)
{
	(void)state;
	assert_true(fuzzy_match("APPT", "appointment", NULL));
	assert_true(fuzzy_match("appt", "APPOINTMENT", NULL));
	assert_true(fuzzy_match("jose",
				"Jos\xc3\xa9 N\xc3\xba\xc3\xb1"
				"ez",
				NULL));
	assert_true(fuzzy_match("nunez",
				"Jos\xc3\xa9 N\xc3\xba\xc3\xb1"
				"ez",
				NULL));
	assert_true(fuzzy_match("Jos\xc3\xa9", "jose", NULL));	/* accent in the query */
	assert_true(fuzzy_match("jose", "Jose\xcc\x81", NULL)); /* decomposed */
	assert_true(fuzzy_match("Jos\xc3\x89", "JOSE\xcc\x81", NULL));
	assert_true(fuzzy_match("strasse",
				"Stra\xc3\x9f"
				"e",
				NULL));
	assert_true(fuzzy_match("lodz",
				"\xc5\x81\xc3\xb3"
				"d\xc5\xba",
				NULL));
	assert_true(fuzzy_match("\xd0\xb8\xd0\xb2", "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd", NULL));
	assert_false(fuzzy_match("josex", "Jos\xc3\xa9", NULL));
	/* same score whether the target spells é in one code point or two */
	struct fuzzy_match a, b;
	assert_true(fuzzy_match("jose",
				"Jos\xc3\xa9 Garc\xc3\xad"
				"a",
				&a));
	assert_true(fuzzy_match("jose",
				"Jose\xcc\x81 Garci\xcc\x81"
				"a",
				&b));
	assert_int_equal(a.score, b.score);
}

static void unit__fuzzy__positions_are_byte_offsets_for_highlighting(void **state)
{
	(void)state;
	positions_are("appt", "Appointment reminder", (size_t[]){ 0, 1, 2, 6 }, 4);
	positions_are("rem", "Appointment reminder", (size_t[]){ 12, 13, 14 }, 3);
	/* J0 o1 s2 é3 ' '5 N6 ú7 ñ9 e11 z12 */
	positions_are("nun",
		      "Jos\xc3\xa9 N\xc3\xba\xc3\xb1"
		      "ez",
		      (size_t[]){ 6, 7, 9 }, 3);
	positions_are("se", "Jose\xcc\x81", (size_t[]){ 2, 3 }, 2);
	/* "æ" folds to "ae": matched once, at its first byte */
	positions_are("aes", "\xc3\x86sir", (size_t[]){ 0, 2 }, 2);
	/* the best alignment, not the first: the word start "plan" */
	positions_are("pl", "Apply plan", (size_t[]){ 6, 7 }, 2);
	positions_are("ah", "After-hours", (size_t[]){ 0, 6 }, 2);
}

static void unit__fuzzy__long_inputs_are_bounded(void **state)
{
	(void)state;
	char target[FUZZY_TARGET_MAX + 100];
	memset(target, 'a', sizeof target - 1);
	target[sizeof target - 1] = '\0';
	target[sizeof target - 2] = 'z'; /* beyond the limit */
	assert_true(fuzzy_match("aaa", target, NULL));
	assert_false(fuzzy_match("z", target, NULL));
	char query[FUZZY_QUERY_MAX + 20];
	memset(query, 'a', sizeof query - 1);
	query[sizeof query - 1] = '\0';
	struct fuzzy_match m;
	assert_true(fuzzy_match(query, target, &m));
	assert_int_equal(m.npos, FUZZY_QUERY_MAX);
	for (size_t i = 1; i < m.npos; i++)
		assert_true(m.pos[i] > m.pos[i - 1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit__fuzzy__appt_ranks_appointment_before_payment),
		cmocka_unit_test(unit__fuzzy__word_starts_and_prefix_beat_middles),
		cmocka_unit_test(unit__fuzzy__shorter_target_wins_a_tie),
		cmocka_unit_test(unit__fuzzy__ties_keep_original_order),
		cmocka_unit_test(unit__fuzzy__empty_query_keeps_everything_in_order),
		cmocka_unit_test(unit__fuzzy__no_match_and_null_keys),
		cmocka_unit_test(unit__fuzzy__case_and_accents_fold),
		cmocka_unit_test(unit__fuzzy__positions_are_byte_offsets_for_highlighting),
		cmocka_unit_test(unit__fuzzy__long_inputs_are_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
