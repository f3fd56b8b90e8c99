/* Unit tests for net/sse: the same events whatever the chunking (every split
 * point, every pair of split points, byte by byte), CR/LF/CRLF endings, the
 * fields, comments, BOM, empty data, oversize events and reset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/util.h"
#include "net/sse.h"

#define MAX_EVENTS 32

struct ev {
	char *event, *data, *id;
};

struct rec {
	struct ev ev[MAX_EVENTS];
	size_t n;
};

static void rec_fn(void *ctx, const char *event, const char *data, const char *id)
{
	struct rec *r = ctx;
	assert_non_null(event);
	assert_non_null(data);
	assert_non_null(id);
	assert_true(r->n < MAX_EVENTS);
	r->ev[r->n].event = xstrdup(event);
	r->ev[r->n].data = xstrdup(data);
	r->ev[r->n].id = xstrdup(id);
	r->n++;
}

static void rec_clear(struct rec *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->ev[i].event);
		free(r->ev[i].data);
		free(r->ev[i].id);
	}
	r->n = 0;
}

static void rec_expect(const struct rec *r, const struct ev *want, size_t n)
{
	assert_int_equal(r->n, n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(r->ev[i].event, want[i].event);
		assert_string_equal(r->ev[i].data, want[i].data);
		assert_string_equal(r->ev[i].id, want[i].id);
	}
}

/* Feeds s in pieces cut at the given offsets (ascending, within len). */
static void feed_cut(struct sse_parser *p, const char *s, size_t len, const size_t *cuts,
		     size_t n_cuts)
{
	size_t at = 0;
	for (size_t i = 0; i < n_cuts; i++) {
		sse_parser_feed(p, s + at, cuts[i] - at);
		at = cuts[i];
	}
	sse_parser_feed(p, s + at, len - at);
}

/* Parses s once with the given cuts and checks the events and retry. */
static void check_cut(const char *s, size_t len, const size_t *cuts, size_t n_cuts,
		      const struct ev *want, size_t n_want, long want_retry)
{
	struct rec r = { 0 };
	struct sse_parser p;
	sse_parser_init(&p, rec_fn, &r);
	feed_cut(&p, s, len, cuts, n_cuts);
	rec_expect(&r, want, n_want);
	assert_int_equal(p.retry_ms, want_retry);
	rec_clear(&r);
	sse_parser_free(&p);
}

/* Whole, byte by byte, at every split point and at every pair of them. */
static void check_all_splits(const char *s, size_t len, const struct ev *want, size_t n_want,
			     long want_retry)
{
	check_cut(s, len, NULL, 0, want, n_want, want_retry);

	struct rec r = { 0 };
	struct sse_parser p;
	sse_parser_init(&p, rec_fn, &r);
	for (size_t i = 0; i < len; i++)
		sse_parser_feed(&p, s + i, 1);
	rec_expect(&r, want, n_want);
	assert_int_equal(p.retry_ms, want_retry);
	rec_clear(&r);
	sse_parser_free(&p);

	for (size_t i = 0; i <= len; i++) {
		size_t cuts[1] = { i };
		check_cut(s, len, cuts, 1, want, n_want, want_retry);
	}
	for (size_t i = 0; i <= len; i++) {
		for (size_t j = i; j <= len; j++) {
			size_t cuts[2] = { i, j };
			check_cut(s, len, cuts, 2, want, n_want, want_retry);
		}
	}
}

/* Replaces every "\n" in lf with eol (a new string, caller frees). */
static char *with_eol(const char *lf, const char *eol, size_t *len)
{
	size_t n = 0, el = strlen(eol);
	for (const char *c = lf; *c; c++)
		n += *c == '\n' ? el : 1;
	char *out = xmalloc(n + 1), *o = out;
	for (const char *c = lf; *c; c++) {
		if (*c == '\n') {
			memcpy(o, eol, el);
			o += el;
		} else {
			*o++ = *c;
		}
	}
	*o = '\0';
	*len = n;
	return out;
}

/* A stream using every feature, written with LF; the tests swap endings. */
static const char mixed_stream[] = "\xEF\xBB\xBF"
				   "retry: 3000\n"
				   "\n"
				   ": ping\n"
				   "event: state\n"
				   "data: {\"changed\": {}}\n"
				   "\n"
				   "id: 7\n"
				   "data: first\n"
				   "data:second\n"
				   "data:  third\n"
				   "unknown: field\n"
				   "\n"
				   "event: nodata\n"
				   "\n"
				   "data\n"
				   "\n"
				   ":comment only\n"
				   "event: presence\n"
				   "id\n"
				   "data: x: y\n"
				   "\n";

static const struct ev mixed_want[] = {
	{ "state", "{\"changed\": {}}", "" },
	{ "message", "first\nsecond\n third", "7" },
	{ "message", "", "7" },
	{ "presence", "x: y", "" },
};
#define N_MIXED (sizeof mixed_want / sizeof mixed_want[0])

static void unit__sse_parser_feed__every_split_lf(void **state)
{
	(void)state;
	check_all_splits(mixed_stream, strlen(mixed_stream), mixed_want, N_MIXED, 3000);
}

static void unit__sse_parser_feed__every_split_cr(void **state)
{
	(void)state;
	size_t len;
	char *s = with_eol(mixed_stream, "\r", &len);
	check_all_splits(s, len, mixed_want, N_MIXED, 3000);
	free(s);
}

static void unit__sse_parser_feed__every_split_crlf(void **state)
{
	(void)state;
	size_t len;
	char *s = with_eol(mixed_stream, "\r\n", &len);
	check_all_splits(s, len, mixed_want, N_MIXED, 3000);
	free(s);
}

static void unit__sse_parser_feed__mixed_line_endings(void **state)
{
	(void)state;
	static const char s[] = "data: a\r\ndata: b\rdata: c\n\r\n"
				"event: e\rdata: d\r\r"
				"data: f\n\n";
	static const struct ev want[] = {
		{ "message", "a\nb\nc", "" },
		{ "e", "d", "" },
		{ "message", "f", "" },
	};
	check_all_splits(s, strlen(s), want, 3, -1);
}

static void unit__sse_parser_feed__split_crlf_is_one_line_end(void **state)
{
	(void)state;
	struct rec r = { 0 };
	struct sse_parser p;
	sse_parser_init(&p, rec_fn, &r);
	/* CR at the end of one chunk, LF at the start of the next: one line end,
	 * not a line end and then a blank line (which would dispatch "a"). */
	sse_parser_feed(&p, "data: a\r", 8);
	assert_true(p.pending_cr);
	sse_parser_feed(&p, "\ndata: b\r", 9);
	assert_int_equal(r.n, 0);
	sse_parser_feed(&p, "\n", 1);
	assert_int_equal(r.n, 0);
	sse_parser_feed(&p, "\r", 1);
	assert_int_equal(r.n, 1);     /* the CR alone already ends the blank line */
	sse_parser_feed(&p, "\n", 1); /* its LF is swallowed, not another blank line */
	sse_parser_feed(&p, "data: c\n\n", 9);
	static const struct ev want[] = { { "message", "a\nb", "" }, { "message", "c", "" } };
	rec_expect(&r, want, 2);
	rec_clear(&r);
	sse_parser_free(&p);
}

static void unit__sse_parser_feed__cr_cr_is_two_line_ends(void **state)
{
	(void)state;
	static const char s[] = "data: a\r\rdata: b\r\r";
	static const struct ev want[] = { { "message", "a", "" }, { "message", "b", "" } };
	check_all_splits(s, strlen(s), want, 2, -1);
}

static void unit__sse_parser_feed__comments_only(void **state)
{
	(void)state;
	static const char s[] = ": ping\n\n:\n\n: data: x\n\n";
	check_all_splits(s, strlen(s), NULL, 0, -1);
}

static void unit__sse_parser_feed__retry_digits_only(void **state)
{
	(void)state;
	check_all_splits("retry: 1500\n", 12, NULL, 0, 1500);
	check_all_splits("retry:250\n", 10, NULL, 0, 250);
	check_all_splits("retry: 3x\n", 10, NULL, 0, -1);
	check_all_splits("retry: -5\n", 10, NULL, 0, -1);
	check_all_splits("retry: \n", 8, NULL, 0, -1);
	check_all_splits("retry\n", 6, NULL, 0, -1);
	check_all_splits("retry:  5\n", 10, NULL, 0, -1); /* " 5" after one space: not digits */
	check_all_splits("retry: 1000\nretry: x\n", 21, NULL, 0, 1000);
	/* A huge value is clamped rather than overflowing. */
	static const char big[] = "retry: 99999999999999999999999999\n";
	check_cut(big, strlen(big), NULL, 0, NULL, 0, 86400000L);
}

static void unit__sse_parser_feed__retry_does_not_dispatch(void **state)
{
	(void)state;
	static const char s[] = "retry: 10\n\ndata: x\nretry: 20\n\n";
	static const struct ev want[] = { { "message", "x", "" } };
	check_all_splits(s, strlen(s), want, 1, 20);
}

static void unit__sse_parser_feed__id_persists_and_resets(void **state)
{
	(void)state;
	static const char s[] = "id: 1\ndata: a\n\n"
				"data: b\n\n"
				"id: 2\n\n" /* no data: no event, but the id changes */
				"data: c\n\n"
				"id\ndata: d\n\n"; /* an empty id clears it */
	static const struct ev want[] = {
		{ "message", "a", "1" },
		{ "message", "b", "1" },
		{ "message", "c", "2" },
		{ "message", "d", "" },
	};
	check_all_splits(s, strlen(s), want, 4, -1);
}

static void unit__sse_parser_feed__id_with_nul_ignored(void **state)
{
	(void)state;
	static const char s[] = "id: 5\ndata: a\n\nid: 6\0x\ndata: b\n\n";
	static const struct ev want[] = { { "message", "a", "5" }, { "message", "b", "5" } };
	check_all_splits(s, sizeof s - 1, want, 2, -1);
}

static void unit__sse_parser_feed__event_names(void **state)
{
	(void)state;
	static const char s[] = "event: state\ndata: 1\n\n"
				"data: 2\n\n"			  /* the name does not stick */
				"event: a\nevent: b\ndata: 3\n\n" /* the last one wins */
				"event:\ndata: 4\n\n"		  /* empty: "message" */
				"event: dropped\n\n"		  /* no data: name forgotten */
				"data: 5\n\n";
	static const struct ev want[] = {
		{ "state", "1", "" },	{ "message", "2", "" }, { "b", "3", "" },
		{ "message", "4", "" }, { "message", "5", "" },
	};
	check_all_splits(s, strlen(s), want, 5, -1);
}

static void unit__sse_parser_feed__field_names_exact(void **state)
{
	(void)state;
	/* Case matters and prefixes are not fields; a line without a colon is a
	 * field with an empty value. */
	static const char s[] = "Data: a\ndatas: b\ndat: c\n\ndata\ndata\n\n";
	static const struct ev want[] = { { "message", "\n", "" } };
	check_all_splits(s, strlen(s), want, 1, -1);
}

static void unit__sse_parser_feed__one_leading_space_removed(void **state)
{
	(void)state;
	static const char s[] = "data:a\n\ndata: b\n\ndata:  c\n\ndata:\td\n\ndata: \n\n";
	static const struct ev want[] = {
		{ "message", "a", "" },	  { "message", "b", "" }, { "message", " c", "" },
		{ "message", "\td", "" }, { "message", "", "" },
	};
	check_all_splits(s, strlen(s), want, 5, -1);
}

static void unit__sse_parser_feed__multiline_data(void **state)
{
	(void)state;
	static const char s[] = "data: {\"a\": 1,\ndata:\ndata:  \"b\": 2}\n\n";
	static const struct ev want[] = { { "message", "{\"a\": 1,\n\n \"b\": 2}", "" } };
	check_all_splits(s, strlen(s), want, 1, -1);
}

static void unit__sse_parser_feed__empty_data_does_not_dispatch(void **state)
{
	(void)state;
	static const char s[] = "\n\n\nevent: x\n\nid: 3\n\n: c\n\n";
	check_all_splits(s, strlen(s), NULL, 0, -1);
}

static void unit__sse_parser_feed__no_dispatch_without_blank_line(void **state)
{
	(void)state;
	check_all_splits("data: x\n", 8, NULL, 0, -1);
	check_all_splits("data: x", 7, NULL, 0, -1);
	check_all_splits("data: x\r", 8, NULL, 0, -1);
}

static void unit__sse_parser_feed__bom(void **state)
{
	(void)state;
	static const char one[] = "\xEF\xBB\xBF"
				  "data: a\n\n";
	static const struct ev want[] = { { "message", "a", "" } };
	check_all_splits(one, strlen(one), want, 1, -1);

	/* Only one BOM is skipped: a second makes the field name unknown. */
	static const char two[] = "\xEF\xBB\xBF\xEF\xBB\xBF"
				  "data: a\n\ndata: b\n\n";
	static const struct ev want_b[] = { { "message", "b", "" } };
	check_all_splits(two, strlen(two), want_b, 1, -1);

	/* Half a BOM is not a BOM. */
	static const char half[] = "\xEF\xBB"
				   "data: a\n\ndata: b\n\n";
	check_all_splits(half, strlen(half), want_b, 1, -1);

	/* A BOM later in the stream is not skipped. */
	static const char later[] = "data: a\n\n\xEF\xBB\xBF"
				    "data: b\n\n";
	check_all_splits(later, strlen(later), want, 1, -1);

	/* No BOM at all, and a first line that starts like one but is blank. */
	static const char none[] = "\xEF\n\ndata: a\n\n";
	check_all_splits(none, strlen(none), want, 1, -1);
}

static void unit__sse_parser_feed__oversize_event_dropped(void **state)
{
	(void)state;
	struct rec r = { 0 };
	struct sse_parser p;
	static const char s[] =
		"data: 0123456789\n\n"		      /* 11 bytes: fits 16 */
		"data: 0123456789abcdefXYZ\n\n"	      /* one line too long */
		"data: 0123456789\ndata: 0123456\n\n" /* lines fit, event not */
		"data: toolongtoolongtoolong\nid: 9\nevent: e\ndata: x\n\n"
		"data: a\ndata: toolongtoolongtoolong\n\n" /* earlier lines go too */
		"data: ok\n\n";
	static const struct ev want[] = { { "message", "0123456789", "" },
					  { "message", "ok", "" } };
	/* Every chunking, with a small cap. */
	size_t len = strlen(s);
	for (size_t step = 1; step <= len; step++) {
		sse_parser_init(&p, rec_fn, &r);
		p.max_event = 16;
		for (size_t at = 0; at < len; at += step)
			sse_parser_feed(&p, s + at, at + step > len ? len - at : step);
		rec_expect(&r, want, 2);
		assert_true(p.line.cap <= 64);
		assert_true(p.data.cap <= 64);
		rec_clear(&r);
		sse_parser_free(&p);
	}
}

static void unit__sse_parser_feed__huge_line_bounded(void **state)
{
	(void)state;
	struct rec r = { 0 };
	struct sse_parser p;
	char *chunk = xmalloc(65536);
	memset(chunk, 'x', 65536);
	sse_parser_init(&p, rec_fn, &r);
	sse_parser_feed(&p, "data: ", 6);
	for (int i = 0; i < 64; i++) /* 4 MiB on one line, default cap 1 MiB */
		sse_parser_feed(&p, chunk, 65536);
	assert_true(p.line.cap <= 2 * 1024 * 1024 + 64);
	sse_parser_feed(&p, "\n\ndata: after\n\n", 15);
	static const struct ev want[] = { { "message", "after", "" } };
	rec_expect(&r, want, 1);
	rec_clear(&r);
	sse_parser_free(&p);
	free(chunk);
}

static void unit__sse_parser_feed__event_at_cap_kept(void **state)
{
	(void)state;
	struct rec r = { 0 };
	struct sse_parser p;
	sse_parser_init(&p, rec_fn, &r);
	p.max_event = 16;
	/* "data: " + 10 bytes = 16-byte line; 10 bytes + LF of data fit. */
	sse_parser_feed(&p, "data: 0123456789\n\n", 18);
	assert_int_equal(r.n, 1);
	rec_clear(&r);
	sse_parser_free(&p);
}

static void unit__sse_parser_reset__forgets_partial_keeps_id_and_retry(void **state)
{
	(void)state;
	struct rec r = { 0 };
	struct sse_parser p;
	sse_parser_init(&p, rec_fn, &r);
	sse_parser_feed(&p, "retry: 42\nid: 3\nevent: x\ndata: partial\ndata: more", 49);
	assert_int_equal(r.n, 0);
	sse_parser_reset(&p);
	assert_int_equal(p.retry_ms, 42);
	assert_string_equal(p.last_id.data, "3");
	/* The new stream may start with a BOM; the old event's name is gone. */
	sse_parser_feed(&p,
			"\xEF\xBB\xBF"
			"data: new\n\n",
			14);
	static const struct ev want[] = { { "message", "new", "3" } };
	rec_expect(&r, want, 1);
	rec_clear(&r);
	sse_parser_free(&p);
}

static void unit__sse_parser_reset__clears_pending_cr(void **state)
{
	(void)state;
	struct rec r = { 0 };
	struct sse_parser p;
	sse_parser_init(&p, rec_fn, &r);
	sse_parser_feed(&p, "data: a\r", 8);
	sse_parser_reset(&p);
	/* The LF now starts a fresh stream: it is a blank line, with nothing to dispatch. */
	sse_parser_feed(&p, "\ndata: b\n\n", 10);
	static const struct ev want[] = { { "message", "b", "" } };
	rec_expect(&r, want, 1);
	rec_clear(&r);
	sse_parser_free(&p);
}

static void unit__sse_parser_feed__null_callback_ok(void **state)
{
	(void)state;
	struct sse_parser p;
	sse_parser_init(&p, NULL, NULL);
	sse_parser_feed(&p, "data: a\n\n", 9);
	sse_parser_feed(&p, "", 0);
	sse_parser_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit__sse_parser_feed__every_split_lf),
		cmocka_unit_test(unit__sse_parser_feed__every_split_cr),
		cmocka_unit_test(unit__sse_parser_feed__every_split_crlf),
		cmocka_unit_test(unit__sse_parser_feed__mixed_line_endings),
		cmocka_unit_test(unit__sse_parser_feed__split_crlf_is_one_line_end),
		cmocka_unit_test(unit__sse_parser_feed__cr_cr_is_two_line_ends),
		cmocka_unit_test(unit__sse_parser_feed__comments_only),
		cmocka_unit_test(unit__sse_parser_feed__retry_digits_only),
		cmocka_unit_test(unit__sse_parser_feed__retry_does_not_dispatch),
		cmocka_unit_test(unit__sse_parser_feed__id_persists_and_resets),
		cmocka_unit_test(unit__sse_parser_feed__id_with_nul_ignored),
		cmocka_unit_test(unit__sse_parser_feed__event_names),
		cmocka_unit_test(unit__sse_parser_feed__field_names_exact),
		cmocka_unit_test(unit__sse_parser_feed__one_leading_space_removed),
		cmocka_unit_test(unit__sse_parser_feed__multiline_data),
		cmocka_unit_test(unit__sse_parser_feed__empty_data_does_not_dispatch),
		cmocka_unit_test(unit__sse_parser_feed__no_dispatch_without_blank_line),
		cmocka_unit_test(unit__sse_parser_feed__bom),
		cmocka_unit_test(unit__sse_parser_feed__oversize_event_dropped),
		cmocka_unit_test(unit__sse_parser_feed__huge_line_bounded),
		cmocka_unit_test(unit__sse_parser_feed__event_at_cap_kept),
		cmocka_unit_test(unit__sse_parser_reset__forgets_partial_keeps_id_and_retry),
		cmocka_unit_test(unit__sse_parser_reset__clears_pending_cr),
		cmocka_unit_test(unit__sse_parser_feed__null_callback_ok),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
