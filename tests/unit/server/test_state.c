/* Unit tests for state tokens: they bind a change-log position to one
 * database and one principal's view, and refuse anything else. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "server/server.h"

static struct server srv;
static struct principal p;

static int setup(void **state)
{
	(void)state;
	memset(&srv, 0, sizeof srv);
	memset(&p, 0, sizeof p);
	strcpy(srv.db_id, "0123abcd4567ef89");
	strcpy(p.epoch, "00112233aabbccdd");
	return 0;
}

static void unit__state__round_trips(void **state)
{
	(void)state;
	char tok[96];
	int64_t seq = -1;
	state_make(&srv, &p, 4711, tok);
	assert_true(state_parse(&srv, &p, tok, &seq));
	assert_int_equal(seq, 4711);
	state_make(&srv, &p, 0, tok);
	assert_true(state_parse(&srv, &p, tok, &seq));
	assert_int_equal(seq, 0);
}

static void unit__state__refuses_other_view(void **state)
{
	(void)state;
	char tok[96];
	int64_t seq;
	state_make(&srv, &p, 99, tok);
	struct principal other = p;
	strcpy(other.epoch, "ffffffffffffffff");
	assert_false(state_parse(&srv, &other, tok, &seq));
}

static void unit__state__refuses_other_database(void **state)
{
	(void)state;
	char tok[96];
	int64_t seq;
	state_make(&srv, &p, 99, tok);
	struct server other = srv;
	strcpy(other.db_id, "99999999aaaaaaaa");
	assert_false(state_parse(&other, &p, tok, &seq));
}

static void unit__state__refuses_garbage(void **state)
{
	(void)state;
	int64_t seq;
	const char *bad[] = { "", "x", "0123abcd", "0123abcd.", "0123abcd..00112233aabbccdd",
			      "0123abcd.-5.00112233aabbccdd", "0123abcd.12x.00112233aabbccdd",
			      "0123abcd.12.00112233aabbccd", NULL };
	for (size_t i = 0; bad[i]; i++)
		assert_false(state_parse(&srv, &p, bad[i], &seq));
	assert_false(state_parse(&srv, &p, NULL, &seq));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(unit__state__round_trips, setup),
		cmocka_unit_test_setup(unit__state__refuses_other_view, setup),
		cmocka_unit_test_setup(unit__state__refuses_other_database, setup),
		cmocka_unit_test_setup(unit__state__refuses_garbage, setup),
	};
	return cmocka_run_group_tests_name("state", tests, NULL, NULL);
}
