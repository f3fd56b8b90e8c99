/* Unit tests for common/util and common/buf: ISO 8601 times (offsets,
 * fractions, bad input), E.164 checks, ids, UUIDs, tokens, hex and the
 * growable buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/buf.h"
#include "common/util.h"

/* 2026-11-23T07:13:33Z */
#define T0 1795418013000LL

static void unit__util__time_format_iso__utc_whole_seconds(void **state)
{
	(void)state;
	char out[40];
	time_format_iso(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	time_format_iso(T0, out);
	assert_string_equal(out, "2026-11-23T07:13:33Z");
	time_format_iso(T0 + 999, out); /* milliseconds are dropped */
	assert_string_equal(out, "2026-11-23T07:13:33Z");
	time_format_iso(951782400000LL, out); /* leap day */
	assert_string_equal(out, "2000-02-29T00:00:00Z");
}

static void unit__util__time_parse_iso__utc_and_fractions(void **state)
{
	(void)state;
	int64_t ms = -1;
	assert_true(time_parse_iso("2026-11-23T07:13:33Z", &ms));
	assert_int_equal(ms, T0);
	assert_true(time_parse_iso("2026-11-23T07:13:33.5Z", &ms));
	assert_int_equal(ms, T0 + 500);
	assert_true(time_parse_iso("2026-11-23T07:13:33.123Z", &ms));
	assert_int_equal(ms, T0 + 123);
	assert_true(time_parse_iso("2026-11-23T07:13:33.123999Z", &ms)); /* truncated to ms */
	assert_int_equal(ms, T0 + 123);
	assert_true(time_parse_iso("1970-01-01T00:00:00Z", &ms));
	assert_int_equal(ms, 0);
	assert_true(time_parse_iso("2000-02-29T00:00:00Z", &ms));
	assert_int_equal(ms, 951782400000LL);
}

static void unit__util__time_parse_iso__offsets(void **state)
{
	(void)state;
	int64_t ms = -1;
	assert_true(time_parse_iso("2026-11-23T02:13:33-05:00", &ms));
	assert_int_equal(ms, T0);
	assert_true(time_parse_iso("2026-11-23T12:43:33+05:30", &ms));
	assert_int_equal(ms, T0);
	assert_true(time_parse_iso("2026-11-23T07:13:33+00:00", &ms));
	assert_int_equal(ms, T0);
	/* An offset can move the date across midnight and the year end. */
	assert_true(time_parse_iso("2026-12-31T23:00:00-02:00", &ms));
	int64_t want;
	assert_true(time_parse_iso("2027-01-01T01:00:00Z", &want));
	assert_int_equal(ms, want);
	assert_true(time_parse_iso("2026-11-23T07:13:33.250+01:00", &ms));
	assert_int_equal(ms, T0 - 3600000 + 250);
}

static void unit__util__time_parse_iso__round_trips_format(void **state)
{
	(void)state;
	for (int64_t t = 0; t < 4102444800000LL; t += 86399000LL * 37) {
		char iso[40];
		int64_t back;
		time_format_iso(t, iso);
		assert_true(time_parse_iso(iso, &back));
		assert_int_equal(back, t);
	}
}

static void unit__util__time_parse_iso__rejects_bad_input(void **state)
{
	(void)state;
	const char *bad[] = {
		"",
		"2026-11-23",
		"2026-11-23T07:13:33",	    /* no zone */
		"2026-11-23 07:13:33Z",	    /* space, not T */
		"2026-11-23t07:13:33z",
		"2026-13-01T00:00:00Z",	    /* month */
		"2026-00-01T00:00:00Z",
		"2026-11-00T00:00:00Z",	    /* day */
		"2026-11-31T00:00:00Z",	    /* November has 30 days */
		"2026-02-29T00:00:00Z",	    /* not a leap year */
		"2100-02-29T00:00:00Z",	    /* century, not a leap year */
		"2026-11-23T24:00:00Z",
		"2026-11-23T07:60:00Z",
		"2026-11-23T07:13:61Z",
		"1969-12-31T23:59:59Z",	    /* before the epoch */
		"2026-1-23T07:13:33Z",	    /* short fields */
		"2026-11-23T7:13:33Z",
		" 2026-11-23T07:13:33Z",    /* leading space */
		"+2026-11-23T07:13:33Z",
		"2026-+1-23T07:13:33Z",
		"2026-11-23T07:13:33ZZ",    /* trailing junk */
		"2026-11-23T07:13:33Z ",
		"2026-11-23T07:13:33.Z",    /* empty fraction */
		"2026-11-23T07:13:33+05",   /* offset without minutes */
		"2026-11-23T07:13:33+1:2",  /* short offset (was an over-read) */
		"2026-11-23T07:13:33+05:3",
		"2026-11-23T07:13:33+0530",
		"2026-11-23T07:13:33+24:00",
		"2026-11-23T07:13:33+05:60",
		"2026-11-23T07:13:33+05:30x",
		"not a time",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t ms = 12345;
		if (time_parse_iso(bad[i], &ms))
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(ms, 12345);
	}
	int64_t ms;
	assert_false(time_parse_iso(NULL, &ms));
}

static void unit__util__time_parse_iso__short_offset_reads_nothing_past_end(void **state)
{
	(void)state;
	/* The string ends right after "+1:2": an exact-size heap copy lets
	 * ASan catch any read past its NUL. */
	char *s = xstrdup("2026-11-23T07:13:33+1:2");
	int64_t ms;
	assert_false(time_parse_iso(s, &ms));
	free(s);
	s = xstrdup("2026-11-23T07:13:33.");
	assert_false(time_parse_iso(s, &ms));
	free(s);
	s = xstrdup("2026-11-23T07:13:3");
	assert_false(time_parse_iso(s, &ms));
	free(s);
}

static void unit__util__e164_valid__accepts_and_rejects(void **state)
{
	(void)state;
	assert_true(e164_valid("+15551234567"));
	assert_true(e164_valid("+34912345678"));
	assert_true(e164_valid("+12345678"));	       /* 8 digits */
	assert_true(e164_valid("+123456789012345"));   /* 15 digits */
	assert_false(e164_valid("+1234567"));	       /* 7 */
	assert_false(e164_valid("+1234567890123456")); /* 16 */
	assert_false(e164_valid("15551234567"));
	assert_false(e164_valid("+05551234567"));
	assert_false(e164_valid("+1 555 123 4567"));
	assert_false(e164_valid("+1-555-123-4567"));
	assert_false(e164_valid("+"));
	assert_false(e164_valid(""));
	assert_false(e164_valid(NULL));
}

static void unit__util__id_new__prefix_and_alphabet(void **state)
{
	(void)state;
	char a[24], b[24];
	id_new('c', a);
	id_new('c', b);
	assert_int_equal(strlen(a), 17);
	assert_int_equal(a[0], 'c');
	/* No 0/1/l/o: ids get read aloud and retyped. */
	assert_int_equal(strspn(a + 1, "abcdefghijkmnpqrstuvwxyz23456789"), 16);
	assert_string_not_equal(a, b);
}

static void unit__util__uuid_v4__format(void **state)
{
	(void)state;
	char u[37], v[37];
	uuid_v4(u);
	uuid_v4(v);
	assert_int_equal(strlen(u), 36);
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23)
			assert_int_equal(u[i], '-');
		else
			assert_non_null(strchr("0123456789abcdef", u[i]));
	}
	assert_int_equal(u[14], '4');
	assert_non_null(strchr("89ab", u[19]));
	assert_string_not_equal(u, v);
}

static void unit__util__token_new__base64url_43(void **state)
{
	(void)state;
	char t[48];
	token_new(t);
	assert_int_equal(strlen(t), 43);
	assert_int_equal(strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
			 43);
}

static void unit__util__hex_encode__lower_case(void **state)
{
	(void)state;
	const unsigned char in[] = { 0x00, 0x0f, 0xa5, 0xff };
	char out[9];
	hex_encode(in, sizeof in, out);
	assert_string_equal(out, "000fa5ff");
	hex_encode(in, 0, out);
	assert_string_equal(out, "");
}

static void unit__util__str_ieq__ascii_case_folding(void **state)
{
	(void)state;
	assert_true(str_ieq("STOP", "stop"));
	assert_false(str_ieq("stop", "stops"));
	assert_false(str_ieq(NULL, "stop"));
	assert_false(str_ieq("stop", NULL));
}

static void unit__util__xstrdup__null_is_empty(void **state)
{
	(void)state;
	char *s = xstrdup(NULL);
	assert_string_equal(s, "");
	free(s);
	s = xstrndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
}

static void unit__buf__append_printf_and_grow(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "abc");
	buf_append(&b, "\0x", 2);
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.data, "abc\0x", 6);
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	assert_true(b.cap > b.len);
	assert_int_equal(b.data[b.len], '\0');
	assert_non_null(strstr(b.data + 5, "998,999,"));
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	buf_free(&b); /* twice is fine */
}

static void unit__buf__clear_keeps_storage(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "Mar\xc3\xad" "a");
	char *p = b.data;
	buf_clear(&b);
	assert_int_equal(b.len, 0);
	assert_ptr_equal(b.data, p);
	assert_string_equal(b.data, "");
	buf_puts(&b, "x");
	assert_string_equal(b.data, "x");
	buf_free(&b);
}

static void unit__buf__steal_hands_over_and_resets(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	char *s = buf_steal(&b);
	assert_string_equal(s, "");
	free(s);
	buf_printf(&b, "%s-%d", "x", 42);
	s = buf_steal(&b);
	assert_string_equal(s, "x-42");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	free(s);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit__util__time_format_iso__utc_whole_seconds),
		cmocka_unit_test(unit__util__time_parse_iso__utc_and_fractions),
		cmocka_unit_test(unit__util__time_parse_iso__offsets),
		cmocka_unit_test(unit__util__time_parse_iso__round_trips_format),
		cmocka_unit_test(unit__util__time_parse_iso__rejects_bad_input),
		cmocka_unit_test(unit__util__time_parse_iso__short_offset_reads_nothing_past_end),
		cmocka_unit_test(unit__util__e164_valid__accepts_and_rejects),
		cmocka_unit_test(unit__util__id_new__prefix_and_alphabet),
		cmocka_unit_test(unit__util__uuid_v4__format),
		cmocka_unit_test(unit__util__token_new__base64url_43),
		cmocka_unit_test(unit__util__hex_encode__lower_case),
		cmocka_unit_test(unit__util__str_ieq__ascii_case_folding),
		cmocka_unit_test(unit__util__xstrdup__null_is_empty),
		cmocka_unit_test(unit__buf__append_printf_and_grow),
		cmocka_unit_test(unit__buf__clear_keeps_storage),
		cmocka_unit_test(unit__buf__steal_hands_over_and_resets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
