/* Unit tests for tui/text: code point widths (and that they agree with
 * glibc's wcwidth whatever the locale), clusters, fitting with an ellipsis
 * in UTF-8 and ASCII modes, transliteration, wrapping, waiting times, clock
 * times and phone numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include <langinfo.h>
#include <locale.h>

#include <cmocka.h>

#include "proto/sms.h"
#include "tui/text.h"

/* 2026-11-23T15:00:00Z */
#define NOW  1795446000000LL
#define MIN  60000LL
#define HOUR (60 * MIN)
#define DAY  (24 * HOUR)

static int reset_mode(void **state)
{
	(void)state;
	text_ascii = false;
	return 0;
}

static int fit_w(const char *s, int width, bool ell, char *out, size_t n)
{
	return text_fit(s, width, out, n, ell);
}

static void unit__text__width_cp__classes(void **state)
{
	(void)state;
	assert_int_equal(text_width_cp('a'), 1);
	assert_int_equal(text_width_cp(' '), 1);
	assert_int_equal(text_width_cp(0), 0);
	assert_int_equal(text_width_cp('\n'), -1);
	assert_int_equal(text_width_cp(0x1b), -1);
	assert_int_equal(text_width_cp(0x7f), -1);
	assert_int_equal(text_width_cp(0x85), -1);
	assert_int_equal(text_width_cp(0xe9), 1);    /* é */
	assert_int_equal(text_width_cp(0x301), 0);   /* combining acute */
	assert_int_equal(text_width_cp(0x200d), 0);  /* ZWJ */
	assert_int_equal(text_width_cp(0xfe0f), 0);  /* VS16 */
	assert_int_equal(text_width_cp(0x4e2d), 2);  /* 中 */
	assert_int_equal(text_width_cp(0xac00), 2);  /* 가 */
	assert_int_equal(text_width_cp(0x1160), 0);  /* Hangul medial vowel */
	assert_int_equal(text_width_cp(0xff21), 2);  /* fullwidth A */
	assert_int_equal(text_width_cp(0xff61), 1);  /* halfwidth katakana dot */
	assert_int_equal(text_width_cp(0x1f600), 2); /* 😀 */
	assert_int_equal(text_width_cp(0x1f44d), 2); /* 👍 */
	assert_int_equal(text_width_cp(0x1f3fb), 2); /* skin tone modifier */
	assert_int_equal(text_width_cp(0x2764), 1);  /* ❤ text presentation */
	assert_int_equal(text_width_cp(0x231a), 2);  /* ⌚ */
	assert_int_equal(text_width_cp(0x1f1fa), 1); /* regional indicator */
	assert_int_equal(text_width_cp(0x20000), 2); /* CJK Extension B */
	assert_int_equal(text_width_cp(0x3fffd), 2); /* CJK plane, unassigned */
	assert_int_equal(text_width_cp(0x1faf8), 2); /* emoji block, newer */
	assert_int_equal(text_width_cp(0xe000), 1);  /* private use */
	assert_int_equal(text_width_cp(0xd800), -1); /* surrogate */
	assert_int_equal(text_width_cp(0x110000), -1);
}

/* Code points whose width has been settled since Unicode 9. */
static const uint32_t width_samples_lo[] = { 0x20,    0xa0,    0x300,	0x370,	 0x400,	 0x590,
					     0x600,   0x900,   0xe00,	0x1100,	 0x1e00, 0x2000,
					     0x2300,  0x2600,  0x2e80,	0x3000,	 0x3040, 0x4e00,
					     0xa000,  0xac00,  0xf900,	0xfe00,	 0xfe30, 0xff00,
					     0x1f300, 0x1f600, 0x1f680, 0x1f900, 0x20000 };

static void unit__text__width_cp__agrees_with_wcwidth_in_any_locale(void **state)
{
	(void)state;
	int mine_c[sizeof width_samples_lo / sizeof width_samples_lo[0]][128];
	char *old = strdup(setlocale(LC_CTYPE, NULL));

	assert_non_null(setlocale(LC_CTYPE, "C"));
	for (size_t i = 0; i < sizeof width_samples_lo / sizeof width_samples_lo[0]; i++)
		for (uint32_t k = 0; k < 128; k++)
			mine_c[i][k] = text_width_cp(width_samples_lo[i] + k);
	if (!setlocale(LC_CTYPE, "C.UTF-8") || strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
		setlocale(LC_CTYPE, old);
		free(old);
		skip();
	}
	int compared = 0;
	for (size_t i = 0; i < sizeof width_samples_lo / sizeof width_samples_lo[0]; i++) {
		for (uint32_t k = 0; k < 128; k++) {
			uint32_t cp = width_samples_lo[i] + k;
			int libc = wcwidth((wchar_t)cp);
			/* the same in the C locale as in a UTF-8 one */
			assert_int_equal(mine_c[i][k], text_width_cp(cp));
			if (libc < 0)
				continue; /* unassigned in this glibc: ours decides */
			if (libc != text_width_cp(cp))
				fail_msg("U+%04X: wcwidth %d, text_width_cp %d", (unsigned)cp, libc,
					 text_width_cp(cp));
			compared++;
		}
	}
	assert_true(compared > 3000);
	setlocale(LC_CTYPE, old);
	free(old);
}

static void unit__text__width__clusters_and_bad_bytes(void **state)
{
	(void)state;
	assert_int_equal(text_width("", 0), 0);
	assert_int_equal(text_width("hello", 5), 5);
	assert_int_equal(text_width("h\xc3\xa9llo", 6), 5);		/* precomposed é */
	assert_int_equal(text_width("he\xcc\x81llo", 7), 5);		/* e + U+0301 */
	assert_int_equal(text_width("\xe6\x97\xa5\xe6\x9c\xac", 6), 4); /* 日本 */
	assert_int_equal(text_width("\xf0\x9f\x98\x80", 4), 2);		/* 😀 */
	assert_int_equal(text_width("a\xff"
				    "b",
				    3),
			 3);				/* U+FFFD */
	assert_int_equal(text_width("a\nb", 3), 3);	/* drawn as a space */
	assert_int_equal(text_width("\xcc\x81", 2), 1); /* mark alone: on NBSP */
	/* ZWJ family: the sum of its parts, as ncurses places it */
	const char *fam =
		"\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7";
	assert_int_equal(text_width(fam, strlen(fam)), 6);
}

static void unit__text__cluster__zwj_flags_marks(void **state)
{
	(void)state;
	int w;
	const char *fam =
		"\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7!";
	size_t flen = strlen(fam);
	assert_int_equal(text_cluster_next(fam, flen, 0, &w), flen - 1);
	assert_int_equal(w, 6);
	assert_int_equal(text_cluster_prev(fam, flen, flen - 1), 0);
	for (size_t i = 0; i < flen - 1; i++)
		assert_int_equal(text_cluster_start(fam, flen, i), 0);
	assert_int_equal(text_cluster_start(fam, flen, flen - 1), flen - 1);

	/* Three regional indicators: a flag, then a lone one */
	const char *ri = "\xf0\x9f\x87\xba\xf0\x9f\x87\xb8\xf0\x9f\x87\xab";
	assert_int_equal(text_cluster_next(ri, 12, 0, &w), 8);
	assert_int_equal(w, 2);
	assert_int_equal(text_cluster_next(ri, 12, 8, &w), 12);
	assert_int_equal(text_cluster_prev(ri, 12, 12), 8);
	assert_int_equal(text_cluster_prev(ri, 12, 8), 0);
	assert_int_equal(text_cluster_start(ri, 12, 9), 8);
	assert_int_equal(text_cluster_start(ri, 12, 5), 0);

	/* Two marks on one base; a mark after a newline stands alone */
	const char *m = "xe\xcc\x81\xcc\xa3y\n\xcc\x81";
	size_t mlen = strlen(m);
	assert_int_equal(text_cluster_next(m, mlen, 1, &w), 6);
	assert_int_equal(w, 1);
	assert_int_equal(text_cluster_prev(m, mlen, 6), 1);
	assert_int_equal(text_cluster_start(m, mlen, 4), 1);
	assert_int_equal(text_cluster_next(m, mlen, 7, &w), 8);
	assert_int_equal(text_cluster_next(m, mlen, 8, &w), 10);
	assert_int_equal(text_cluster_prev(m, mlen, 10), 8);

	/* Ill-formed bytes are one-byte clusters, in both directions */
	const char *bad = "a\xe2\x82\xac\xac\xc3";
	assert_int_equal(text_cluster_next(bad, 6, 1, &w), 4);
	assert_int_equal(text_cluster_next(bad, 6, 4, &w), 5);
	assert_int_equal(text_cluster_prev(bad, 6, 6), 5);
	assert_int_equal(text_cluster_prev(bad, 6, 5), 4);
	assert_int_equal(text_cluster_prev(bad, 6, 4), 1);
	assert_int_equal(text_cluster_start(bad, 6, 3), 1);
}

static void unit__text__fit__utf8_ellipsis(void **state)
{
	(void)state;
	char out[64];
	assert_int_equal(fit_w("Appointment reminder", 40, true, out, sizeof out), 20);
	assert_string_equal(out, "Appointment reminder");
	assert_int_equal(fit_w("Appointment reminder", 10, true, out, sizeof out), 10);
	assert_string_equal(out, "Appointme\xe2\x80\xa6");
	assert_int_equal(fit_w("Appointment reminder", 10, false, out, sizeof out), 10);
	assert_string_equal(out, "Appointmen");
	assert_int_equal(fit_w("Appointment reminder", 1, true, out, sizeof out), 1);
	assert_string_equal(out, "\xe2\x80\xa6");
	assert_int_equal(fit_w("abc", 0, true, out, sizeof out), 0);
	assert_string_equal(out, "");
	/* Exactly fitting text gets no ellipsis */
	assert_int_equal(fit_w("abcde", 5, true, out, sizeof out), 5);
	assert_string_equal(out, "abcde");
	/* A wide character is never split: 日本語 in 4 columns */
	assert_int_equal(fit_w("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 4, true, out, sizeof out),
			 3);
	assert_string_equal(out, "\xe6\x97\xa5\xe2\x80\xa6");
	assert_int_equal(fit_w("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 5, false, out, sizeof out),
			 4);
	assert_string_equal(out, "\xe6\x97\xa5\xe6\x9c\xac");
	/* Marks stay with their letter */
	assert_int_equal(fit_w("Jose\xcc\x81 Nu\xcc\x81n\xcc\x83"
			       "ez",
			       5, true, out, sizeof out),
			 5);
	assert_string_equal(out, "Jose\xcc\x81\xe2\x80\xa6");
}

static void unit__text__fit__cleans_controls_and_bad_bytes(void **state)
{
	(void)state;
	char out[64];
	assert_int_equal(fit_w("a\xff"
			       "b\tc\nd\x1b",
			       20, true, out, sizeof out),
			 8);
	assert_string_equal(out, "a\xef\xbf\xbd"
				 "b c d ");
	/* A lone combining mark sits on a no-break space */
	assert_int_equal(fit_w("\xcc\x81x", 20, true, out, sizeof out), 2);
	assert_string_equal(out, "\xc2\xa0\xcc\x81x");
	/* so does a ZWJ sequence without a base, and the width says so */
	const char *zg = "\xe2\x80\x8d\xf0\x9f\x98\x80";
	assert_int_equal(text_width(zg, strlen(zg)), 3);
	assert_int_equal(fit_w(zg, 20, true, out, sizeof out), 3);
	assert_string_equal(out, "\xc2\xa0\xe2\x80\x8d\xf0\x9f\x98\x80");
	/* an embedded NUL is a control: a space, never a cut string */
	assert_int_equal(text_fitn("a\0\xcc\x81"
				   "b",
				   5, 20, out, sizeof out, false),
			 4);
	assert_string_equal(out, "a \xc2\xa0\xcc\x81"
				 "b");
	assert_int_equal(text_width("a\0b", 3), 3);
}

static void unit__text__fit__small_buffer_stays_valid_utf8(void **state)
{
	(void)state;
	char out[8];
	const char *s = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"; /* 9 bytes */
	for (size_t n = 1; n <= sizeof out; n++) {
		memset(out, 'X', sizeof out);
		int w = text_fit(s, 80, out, n, true);
		assert_true(strlen(out) < n);
		assert_true(sms_utf8_valid(out, strlen(out)));
		assert_int_equal((size_t)w, text_width(out, strlen(out)));
	}
	assert_int_equal(text_fit(s, 80, out, 0, true), 0);
	assert_int_equal(out[0], '\xe6'); /* outlen 0: untouched */
}

static void unit__text__fit__ascii_mode(void **state)
{
	(void)state;
	char out[64];
	text_ascii = true;
	assert_int_equal(fit_w("Caf\xc3\xa9 \xc3\xbc"
			       "ber",
			       20, true, out, sizeof out),
			 9);
	assert_string_equal(out, "Cafe uber");
	assert_int_equal(fit_w("Appointment reminder", 10, true, out, sizeof out), 10);
	assert_string_equal(out, "Appoint...");
	assert_int_equal(fit_w("Appointment reminder", 2, true, out, sizeof out), 2);
	assert_string_equal(out, "..");
	/* 日本 are one column each as "?" */
	assert_int_equal(fit_w("\xe6\x97\xa5\xe6\x9c\xac!", 20, true, out, sizeof out), 3);
	assert_string_equal(out, "?"
				 "?!");
	/* decomposed accents lose their marks; "ß" grows to two */
	assert_int_equal(fit_w("Jose\xcc\x81 Stra\xc3\x9f"
			       "e",
			       20, true, out, sizeof out),
			 12);
	assert_string_equal(out, "Jose Strasse");
	assert_int_equal(text_width("Stra\xc3\x9f"
				    "e",
				    7),
			 7);
	/* an ellipsis never cuts a transliteration in half */
	assert_int_equal(fit_w("\xc3\x86sir saga", 5, true, out, sizeof out), 5);
	assert_string_equal(out, "AE...");
	/* every byte printable ASCII */
	fit_w("\xe2\x80\x9cOK\xe2\x80\x9d \xe2\x80\x94 \xf0\x9f\x98\x80\xff\x01", 40, false, out,
	      sizeof out);
	assert_string_equal(out, "\"OK\" - ?? ");
	for (const char *p = out; *p; p++)
		assert_true(*p >= 0x20 && *p < 0x7f);
}

static void unit__text__translit__latin_letters_and_typography(void **state)
{
	(void)state;
	struct {
		uint32_t cp;
		const char *ascii;
	} cases[] = {
		{ 'a', "a" },	 { 0xe9, "e" },	    { 0xc9, "E" },    { 0xf1, "n" },
		{ 0xd1, "N" },	 { 0xfc, "u" },	    { 0xe7, "c" },    { 0xdf, "ss" },
		{ 0xc6, "AE" },	 { 0xe6, "ae" },    { 0xf8, "o" },    { 0xfe, "th" },
		{ 0xff, "y" },	 { 0x100, "A" },    { 0x107, "c" },   { 0x10d, "c" },
		{ 0x111, "d" },	 { 0x131, "i" },    { 0x132, "IJ" },  { 0x141, "L" },
		{ 0x142, "l" },	 { 0x144, "n" },    { 0x152, "OE" },  { 0x153, "oe" },
		{ 0x15b, "s" },	 { 0x161, "s" },    { 0x178, "Y" },   { 0x17a, "z" },
		{ 0x17e, "z" },	 { 0x17f, "s" },    { 0x2019, "'" },  { 0x201c, "\"" },
		{ 0x2013, "-" }, { 0x2026, "..." }, { 0xa0, " " },    { 0x20ac, "EUR" },
		{ 0xff21, "A" }, { 0x4e2d, "?" },   { 0x1f600, "?" }, { 0x3b1, "?" },
		{ '\n', " " },	 { 0xd7, "x" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[4];
		size_t n = text_translit_cp(cases[i].cp, out);
		if (strcmp(out, cases[i].ascii) != 0)
			fail_msg("U+%04X: \"%s\", want \"%s\"", (unsigned)cases[i].cp, out,
				 cases[i].ascii);
		assert_int_equal(n, strlen(cases[i].ascii));
	}
	/* every Latin-1 and Latin Extended-A code point gives printable ASCII */
	for (uint32_t cp = 0xa0; cp < 0x180; cp++) {
		char out[4];
		size_t n = text_translit_cp(cp, out);
		assert_true(n >= 1 && n <= 3);
		for (size_t k = 0; k < n; k++)
			assert_true(out[k] >= 0x20 && out[k] < 0x7f);
	}
}

struct wrapped {
	char lines[32][64];
	int widths[32];
	size_t n;
};

static void collect(const char *line, size_t len, int width, void *ctx)
{
	struct wrapped *w = ctx;
	assert_true(w->n < 32 && len < 64);
	memcpy(w->lines[w->n], line, len);
	w->lines[w->n][len] = '\0';
	w->widths[w->n] = width;
	w->n++;
}

static struct wrapped wrap(const char *s, int width)
{
	struct wrapped w;
	memset(&w, 0, sizeof w);
	size_t n = text_wrap(s, strlen(s), width, collect, &w);
	assert_int_equal(n, w.n);
	return w;
}

static void unit__text__wrap__words_newlines_and_long_words(void **state)
{
	(void)state;
	struct wrapped w = wrap("hello world foo", 11);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.lines[0], "hello world");
	assert_string_equal(w.lines[1], "foo");
	assert_int_equal(w.widths[0], 11);

	w = wrap("hello   world", 7); /* the run of spaces at the break goes */
	assert_int_equal(w.n, 2);
	assert_string_equal(w.lines[0], "hello");
	assert_string_equal(w.lines[1], "world");
	assert_int_equal(w.widths[0], 5);

	w = wrap("a\n\nb\r\nc\rd", 10);
	assert_int_equal(w.n, 5);
	assert_string_equal(w.lines[0], "a");
	assert_string_equal(w.lines[1], "");
	assert_string_equal(w.lines[2], "b");
	assert_string_equal(w.lines[3], "c");
	assert_string_equal(w.lines[4], "d");

	w = wrap("abcdefghij", 4);
	assert_int_equal(w.n, 3);
	assert_string_equal(w.lines[0], "abcd");
	assert_string_equal(w.lines[1], "efgh");
	assert_string_equal(w.lines[2], "ij");

	w = wrap("see https://example.com/a/very/long/path ok", 12);
	for (size_t i = 0; i < w.n; i++)
		assert_true(w.widths[i] <= 12);
	assert_string_equal(w.lines[0], "see");
	assert_string_equal(w.lines[1], "https://exam");

	w = wrap("", 10);
	assert_int_equal(w.n, 1);
	assert_string_equal(w.lines[0], "");
	w = wrap("  indented", 20);
	assert_string_equal(w.lines[0], "  indented");
}

static void unit__text__wrap__never_splits_wide_characters(void **state)
{
	(void)state;
	/* 日本語のテキスト: eight wide characters */
	const char *s = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe3\x83\x86\xe3\x82\xad"
			"\xe3\x82\xb9\xe3\x83\x88";
	struct wrapped w = wrap(s, 5);
	assert_int_equal(w.n, 4);
	for (size_t i = 0; i < w.n; i++) {
		assert_int_equal(w.widths[i], 4);
		assert_int_equal(strlen(w.lines[i]), 6);
		assert_true(sms_utf8_valid(w.lines[i], 6));
	}
	w = wrap("\xe6\x97\xa5x", 1); /* wider than the line: alone */
	assert_int_equal(w.n, 2);
	assert_string_equal(w.lines[0], "\xe6\x97\xa5");
	assert_int_equal(w.widths[0], 2);
	assert_string_equal(w.lines[1], "x");
	for (int width = 1; width <= 20; width++) {
		w = wrap("Hola Jose\xcc\x81, su cita es el \xe6\x97\xa5 \xf0\x9f\x98\x80 ma\xc3\xb1"
			 "ana",
			 width);
		for (size_t i = 0; i < w.n; i++) {
			size_t len = strlen(w.lines[i]);
			assert_true(sms_utf8_valid(w.lines[i], len));
			assert_int_equal((size_t)w.widths[i], text_width(w.lines[i], len));
			assert_true(w.widths[i] <= (width < 2 ? 2 : width));
		}
	}
}

static void reltime_is(int64_t ago, const char *want)
{
	char out[16];
	text_reltime(NOW, NOW - ago, out, sizeof out);
	if (strcmp(out, want) != 0)
		fail_msg("%lld ms ago: \"%s\", want \"%s\"", (long long)ago, out, want);
}

static void unit__text__reltime__unit_boundaries(void **state)
{
	(void)state;
	reltime_is(0, "now");
	reltime_is(59999, "now");
	reltime_is(-5 * MIN, "now"); /* clock skew: never negative */
	reltime_is(MIN, "1m");
	reltime_is(3 * MIN + 59999, "3m");
	reltime_is(HOUR - 1, "59m");
	reltime_is(HOUR, "1h");
	reltime_is(5 * HOUR + 30 * MIN, "5h");
	reltime_is(DAY - 1, "23h");
	reltime_is(DAY, "1d");
	reltime_is(2 * DAY, "2d");
	reltime_is(7 * DAY - 1, "6d");
	reltime_is(7 * DAY, "1w");
	reltime_is(21 * DAY, "3w");
	reltime_is(364 * DAY, "52w");
	reltime_is(365 * DAY, "1y");
	reltime_is(800 * DAY, "2y");
	char small[3];
	text_reltime(NOW, NOW - 45 * MIN, small, sizeof small);
	assert_string_equal(small, "45");
}

static void unit__text__clock__today_earlier_day_other_year(void **state)
{
	(void)state;
	char out[64];
	/* The C locale's formats: T_FMT "%H:%M:%S", D_FMT "%m/%d/%y". */
	assert_non_null(setlocale(LC_TIME, "C"));
	setenv("TZ", "UTC", 1);
	tzset();
	text_clock(NOW, NOW - 6 * HOUR + 5 * MIN, out, sizeof out);
	assert_string_equal(out, "09:05");
	text_clock(NOW, NOW - 15 * HOUR, out, sizeof out); /* 00:00 the same day */
	assert_string_equal(out, "00:00");
	text_clock(NOW, NOW - 15 * HOUR - 1000, out, sizeof out);
	assert_string_equal(out, "11/22 23:59");
	text_clock(NOW, NOW - 30 * DAY, out, sizeof out);
	assert_string_equal(out, "10/24 15:00");
	text_clock(NOW, NOW - 330 * DAY, out, sizeof out);
	assert_string_equal(out, "12/28/25");
	/* with the time always: snooze times, also next year */
	text_datetime(NOW, NOW - 330 * DAY, out, sizeof out);
	assert_string_equal(out, "12/28/25 15:00");
	text_datetime(NOW, NOW + 2 * HOUR, out, sizeof out);
	assert_string_equal(out, "17:00");
	text_datetime(NOW, NOW + 40 * DAY, out, sizeof out);
	assert_string_equal(out, "01/02/27 15:00");
	/* the calendar day is the local one */
	setenv("TZ", "EST5", 1);
	tzset();
	text_clock(NOW, NOW - 10 * HOUR - 30 * MIN, out, sizeof out); /* 04:30Z = 23:30 EST */
	assert_string_equal(out, "11/22 23:30");
	text_clock(NOW, NOW - 9 * HOUR, out, sizeof out);
	assert_string_equal(out, "01:00");
	setenv("TZ", "UTC", 1);
	tzset();
}

/* Switches LC_TIME to name (NAME.UTF-8), compiled by tests/lib/locales.sh
 * into $CURTAIN_TEST_LOCPATH (tests/run.sh) or installed on the machine;
 * skips the test, saying why, when neither has it. */
static void use_time_locale(const char *name)
{
	const char *dir = getenv("CURTAIN_TEST_LOCPATH");
	if (dir && *dir)
		setenv("LOCPATH", dir, 1);
	if (!setlocale(LC_TIME, name)) {
		print_message("# SKIP %s is not available: run through tests/run.sh (make check), "
			      "which compiles it with localedef, or generate it (locale-gen)\n",
			      name);
		unsetenv("LOCPATH");
		skip();
	}
}

static int restore_time_locale(void **state)
{
	(void)state;
	setlocale(LC_TIME, "C");
	unsetenv("LOCPATH");
	setenv("TZ", "UTC", 1);
	tzset();
	return 0;
}

static void unit__text__clock__en_us_twelve_hour_month_first(void **state)
{
	(void)state;
	char out[64], fmt[64];
	use_time_locale("en_US.UTF-8");
	setenv("TZ", "UTC", 1);
	tzset();
	text_time_format(fmt, sizeof fmt);
	assert_string_equal(fmt, "%-I:%M %p"); /* T_FMT "%r": seconds dropped, no padding */
	text_date_format(false, fmt, sizeof fmt);
	assert_string_equal(fmt, "%m/%d");
	text_date_format(true, fmt, sizeof fmt);
	assert_string_equal(fmt, "%m/%d/%Y");
	text_clock(NOW, NOW - 6 * HOUR + 5 * MIN, out, sizeof out);
	assert_string_equal(out, "9:05 AM");
	text_clock(NOW, NOW - 15 * HOUR - 1000, out, sizeof out);
	assert_string_equal(out, "11/22 11:59 PM");
	text_clock(NOW, NOW - 330 * DAY, out, sizeof out);
	assert_string_equal(out, "12/28/2025");
	text_datetime(NOW, NOW + 2 * HOUR, out, sizeof out);
	assert_string_equal(out, "5:00 PM");
}

static void unit__text__clock__es_us_day_first_24_hour(void **state)
{
	(void)state;
	char out[64], fmt[64];
	use_time_locale("es_US.UTF-8");
	setenv("TZ", "UTC", 1);
	tzset();
	text_time_format(fmt, sizeof fmt);
	assert_string_equal(fmt, "%H:%M"); /* T_FMT "%T" */
	text_date_format(false, fmt, sizeof fmt);
	assert_string_equal(fmt, "%d/%m");
	text_clock(NOW, NOW - 6 * HOUR + 5 * MIN, out, sizeof out);
	assert_string_equal(out, "09:05");
	text_clock(NOW, NOW - 15 * HOUR - 1000, out, sizeof out);
	assert_string_equal(out, "22/11 23:59");
	text_clock(NOW, NOW - 330 * DAY, out, sizeof out);
	assert_string_equal(out, "28/12/25");
	text_datetime(NOW, NOW + 40 * DAY, out, sizeof out);
	assert_string_equal(out, "02/01/27 15:00");
}

static void unit__text__phone_pretty__us_and_others(void **state)
{
	(void)state;
	char out[32];
	text_phone_pretty("+15555550142", out, sizeof out);
	assert_string_equal(out, "(555) 555-0142");
	text_phone_pretty("+12125551234", out, sizeof out);
	assert_string_equal(out, "(212) 555-1234");
	text_phone_pretty("+442071838750", out, sizeof out);
	assert_string_equal(out, "+442071838750");
	text_phone_pretty("+1555555014", out, sizeof out); /* too short */
	assert_string_equal(out, "+1555555014");
	text_phone_pretty("+1555555014x", out, sizeof out);
	assert_string_equal(out, "+1555555014x");
	text_phone_pretty("", out, sizeof out);
	assert_string_equal(out, "");
	char small[8];
	text_phone_pretty("+15555550142", small, sizeof small);
	assert_string_equal(small, "(555) 5");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(unit__text__width_cp__classes, reset_mode),
		cmocka_unit_test_setup(unit__text__width_cp__agrees_with_wcwidth_in_any_locale,
				       reset_mode),
		cmocka_unit_test_setup(unit__text__width__clusters_and_bad_bytes, reset_mode),
		cmocka_unit_test_setup(unit__text__cluster__zwj_flags_marks, reset_mode),
		cmocka_unit_test_setup(unit__text__fit__utf8_ellipsis, reset_mode),
		cmocka_unit_test_setup(unit__text__fit__cleans_controls_and_bad_bytes, reset_mode),
		cmocka_unit_test_setup(unit__text__fit__small_buffer_stays_valid_utf8, reset_mode),
		cmocka_unit_test_teardown(unit__text__fit__ascii_mode, reset_mode),
		cmocka_unit_test_setup(unit__text__translit__latin_letters_and_typography,
				       reset_mode),
		cmocka_unit_test_setup(unit__text__wrap__words_newlines_and_long_words, reset_mode),
		cmocka_unit_test_setup(unit__text__wrap__never_splits_wide_characters, reset_mode),
		cmocka_unit_test(unit__text__reltime__unit_boundaries),
		cmocka_unit_test_teardown(unit__text__clock__today_earlier_day_other_year,
					  restore_time_locale),
		cmocka_unit_test_teardown(unit__text__clock__en_us_twelve_hour_month_first,
					  restore_time_locale),
		cmocka_unit_test_teardown(unit__text__clock__es_us_day_first_24_hour,
					  restore_time_locale),
		cmocka_unit_test(unit__text__phone_pretty__us_and_others),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
