/* Unit tests for proto/sms: GSM 03.38 vs UCS-2 detection, segment counts
 * at the 160/153 and 70/67 boundaries, characters that must not be split,
 * and invalid UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "proto/sms.h"

static struct sms_count count(const char *s)
{
	struct sms_count c;
	sms_count(s, strlen(s), &c);
	return c;
}

/* n copies of unit (a UTF-8 string) into out, NUL-terminated. */
static char *repeat(char *out, size_t outlen, const char *unit, size_t n)
{
	size_t ul = strlen(unit);
	assert_true(ul * n < outlen);
	for (size_t i = 0; i < n; i++)
		memcpy(out + i * ul, unit, ul);
	out[ul * n] = '\0';
	return out;
}

static void unit__sms__count__empty_is_zero_segments(void **state)
{
	(void)state;
	struct sms_count c = count("");
	assert_false(c.ucs2);
	assert_int_equal(c.units, 0);
	assert_int_equal(c.chars, 0);
	assert_int_equal(c.segments, 0);
	assert_int_equal(c.remaining, 160);

	sms_count(NULL, 0, &c);
	assert_int_equal(c.segments, 0);
	assert_int_equal(c.remaining, 160);
}

static void unit__sms__count__plain_ascii_is_gsm(void **state)
{
	(void)state;
	struct sms_count c = count("Your appointment is at 3:30 PM. Reply C to confirm!");
	assert_false(c.ucs2);
	assert_int_equal(c.units, 51);
	assert_int_equal(c.chars, 51);
	assert_int_equal(c.segments, 1);
	assert_int_equal(c.remaining, 109);
}

static void unit__sms__count__exactly_160_septets_is_one_segment(void **state)
{
	(void)state;
	char s[400];
	struct sms_count c = count(repeat(s, sizeof s, "a", 160));
	assert_false(c.ucs2);
	assert_int_equal(c.units, 160);
	assert_int_equal(c.segments, 1);
	assert_int_equal(c.remaining, 0);
}

static void unit__sms__count__161_septets_is_two_segments_of_153(void **state)
{
	(void)state;
	char s[400];
	struct sms_count c = count(repeat(s, sizeof s, "a", 161));
	assert_int_equal(c.units, 161);
	assert_int_equal(c.segments, 2);
	assert_int_equal(c.remaining, 2 * 153 - 161);

	c = count(repeat(s, sizeof s, "a", 306));
	assert_int_equal(c.segments, 2);
	assert_int_equal(c.remaining, 0);

	c = count(repeat(s, sizeof s, "a", 307));
	assert_int_equal(c.segments, 3);
	assert_int_equal(c.remaining, 152);
}

static void unit__sms__count__extension_chars_take_two_septets(void **state)
{
	(void)state;
	const char *ext[] = { "^", "{", "}", "\\", "[", "~", "]", "|", "\xe2\x82\xac" /* € */, "\f" };
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		struct sms_count c = count(ext[i]);
		assert_false(c.ucs2);
		assert_int_equal(c.units, 2);
		assert_int_equal(c.chars, 1);
		assert_int_equal(c.remaining, 158);
	}
	assert_int_equal(sms_gsm_septets(0x20ac), 2);
	assert_int_equal(sms_gsm_septets('{'), 2);
	assert_int_equal(sms_gsm_septets('\f'), 2);
	struct sms_count c = count("Copay: 20\xe2\x82\xac {cash}");
	assert_false(c.ucs2);
	assert_int_equal(c.chars, 17);
	assert_int_equal(c.units, 20);
}

static void unit__sms__count__extension_char_pushes_past_160(void **state)
{
	(void)state;
	char s[400];
	repeat(s, sizeof s, "a", 159);
	strcat(s, "\xe2\x82\xac"); /* 159 + 2 = 161 septets */
	struct sms_count c = count(s);
	assert_false(c.ucs2);
	assert_int_equal(c.units, 161);
	assert_int_equal(c.segments, 2);
}

static void unit__sms__count__extension_char_not_split_across_segments(void **state)
{
	(void)state;
	char s[400];
	/* 152 septets then an escape pair: 154 would not fit the first 153, so
	 * the pair starts segment two whole. */
	repeat(s, sizeof s, "a", 152);
	strcat(s, "[aaaaaaaaaa");
	struct sms_count c = count(s);
	assert_int_equal(c.units, 164);
	assert_int_equal(c.segments, 2);
	assert_int_equal(c.remaining, 153 - 12);
}

static void unit__sms__count__gsm_latin_letters_stay_gsm(void **state)
{
	(void)state;
	/* Every non-ASCII character of the basic set. */
	const char *s = "\xc2\xa1\xc2\xa3\xc2\xa4\xc2\xa5\xc2\xa7\xc2\xbf"	  /* ¡£¤¥§¿ */
			"\xc3\x84\xc3\x85\xc3\x86\xc3\x87\xc3\x89\xc3\x91\xc3\x96" /* ÄÅÆÇÉÑÖ */
			"\xc3\x98\xc3\x9c\xc3\x9f\xc3\xa0\xc3\xa4\xc3\xa5\xc3\xa6" /* ØÜßàäåæ */
			"\xc3\xa8\xc3\xa9\xc3\xac\xc3\xb1\xc3\xb2\xc3\xb6\xc3\xb8" /* èéìñòöø */
			"\xc3\xb9\xc3\xbc"					  /* ùü */
			"\xce\x93\xce\x94\xce\x98\xce\x9b\xce\x9e\xce\xa0\xce\xa3" /* ΓΔΘΛΞΠΣ */
			"\xce\xa6\xce\xa8\xce\xa9"				  /* ΦΨΩ */
			"@$_\n\r";
	struct sms_count c = count(s);
	assert_false(c.ucs2);
	assert_int_equal(c.chars, 44);
	assert_int_equal(c.units, 44);

	c = count("Ma\xc3\xb1" "ana a las 9. Caf\xc3\xa9?");
	assert_false(c.ucs2);
}

static void unit__sms__count__spanish_acute_vowels_force_ucs2(void **state)
{
	(void)state;
	/* á í ó ú are not in GSM 03.38: one of them makes the text UCS-2. */
	const char *acute[] = { "\xc3\xa1", "\xc3\xad", "\xc3\xb3", "\xc3\xba", "\xc3\x81", "\xc3\x93" };
	for (size_t i = 0; i < sizeof acute / sizeof acute[0]; i++) {
		struct sms_count c = count(acute[i]);
		assert_true(c.ucs2);
		assert_int_equal(c.units, 1);
		assert_int_equal(c.remaining, 69);
	}
	struct sms_count c = count("Su cita es ma\xc3\xb1" "ana. Ll\xc3\xa1menos.");
	assert_true(c.ucs2);
	assert_int_equal(c.chars, 28);
	assert_int_equal(c.units, 28);
	assert_int_equal(c.segments, 1);
	assert_int_equal(c.remaining, 42);
}

static void unit__sms__count__ascii_outside_gsm_forces_ucs2(void **state)
{
	(void)state;
	assert_true(count("`").ucs2);
	assert_true(count("tab\there").ucs2);
	assert_int_equal(sms_gsm_septets('`'), 0);
	assert_int_equal(sms_gsm_septets('\t'), 0);
	assert_int_equal(sms_gsm_septets('a'), 1);
}

static void unit__sms__count__ucs2_boundary_70_and_67(void **state)
{
	(void)state;
	char s[800];
	struct sms_count c = count(repeat(s, sizeof s, "\xc3\xb3", 70));
	assert_true(c.ucs2);
	assert_int_equal(c.units, 70);
	assert_int_equal(c.segments, 1);
	assert_int_equal(c.remaining, 0);

	c = count(repeat(s, sizeof s, "\xc3\xb3", 71));
	assert_int_equal(c.segments, 2);
	assert_int_equal(c.remaining, 2 * 67 - 71);

	c = count(repeat(s, sizeof s, "\xc3\xb3", 135));
	assert_int_equal(c.segments, 3);
}

static void unit__sms__count__emoji_is_two_units(void **state)
{
	(void)state;
	struct sms_count c = count("\xf0\x9f\x98\x80"); /* 😀 U+1F600 */
	assert_true(c.ucs2);
	assert_int_equal(c.chars, 1);
	assert_int_equal(c.units, 2);
	assert_int_equal(c.segments, 1);
	assert_int_equal(c.remaining, 68);
}

static void unit__sms__count__surrogate_pair_not_split(void **state)
{
	(void)state;
	char s[800];
	/* 66 units, then an emoji that would straddle unit 67/68, then 3. */
	repeat(s, sizeof s, "\xc3\xa1", 66);
	strcat(s, "\xf0\x9f\x98\x80" "bbb");
	struct sms_count c = count(s);
	assert_int_equal(c.units, 71);
	assert_int_equal(c.chars, 70);
	assert_int_equal(c.segments, 2);
	/* Segment one holds 66 units; segment two 2 + 3. */
	assert_int_equal(c.remaining, 67 - 5);
}

static void unit__sms__count__cjk_is_one_unit_per_char(void **state)
{
	(void)state;
	struct sms_count c = count("\xe4\xbd\xa0\xe5\xa5\xbd"); /* 你好 */
	assert_true(c.ucs2);
	assert_int_equal(c.chars, 2);
	assert_int_equal(c.units, 2);
	assert_int_equal(c.remaining, 68);
}

static void unit__sms__count__invalid_bytes_are_one_unit_each(void **state)
{
	(void)state;
	struct sms_count c;
	sms_count("abc\xff", 4, &c);
	assert_true(c.ucs2);
	assert_int_equal(c.chars, 4);
	assert_int_equal(c.units, 4);

	/* A truncated three-byte sequence: two bad bytes, two units. */
	sms_count("\xe2\x82", 2, &c);
	assert_true(c.ucs2);
	assert_int_equal(c.chars, 2);
	assert_int_equal(c.units, 2);

	/* Overlong '/' is two bad bytes, not a GSM '/'. */
	sms_count("\xc0\xaf", 2, &c);
	assert_true(c.ucs2);
	assert_int_equal(c.units, 2);
}

static void unit__sms__count__respects_len_not_nul(void **state)
{
	(void)state;
	struct sms_count c;
	sms_count("hello world", 5, &c);
	assert_int_equal(c.chars, 5);
	/* Cutting inside a multi-byte character leaves a bad byte. */
	sms_count("\xc3\xa9", 1, &c);
	assert_true(c.ucs2);
	assert_int_equal(c.units, 1);
}

static void unit__sms__utf8_valid__accepts_well_formed(void **state)
{
	(void)state;
	assert_true(sms_utf8_valid("", 0));
	assert_true(sms_utf8_valid("plain", 5));
	assert_true(sms_utf8_valid("\xc3\xb1", 2));
	assert_true(sms_utf8_valid("\xe2\x82\xac", 3));
	assert_true(sms_utf8_valid("\xf0\x9f\x98\x80", 4));
	assert_true(sms_utf8_valid("\xf4\x8f\xbf\xbf", 4)); /* U+10FFFF */
	assert_true(sms_utf8_valid("a\0b", 3));
}

static void unit__sms__utf8_valid__rejects_ill_formed(void **state)
{
	(void)state;
	assert_false(sms_utf8_valid("\x80", 1));		/* lone continuation */
	assert_false(sms_utf8_valid("\xc0\xaf", 2));		/* overlong */
	assert_false(sms_utf8_valid("\xe0\x80\xaf", 3));	/* overlong */
	assert_false(sms_utf8_valid("\xed\xa0\x80", 3));	/* UTF-16 surrogate */
	assert_false(sms_utf8_valid("\xf4\x90\x80\x80", 4)); /* above U+10FFFF */
	assert_false(sms_utf8_valid("\xf5\x80\x80\x80", 4));
	assert_false(sms_utf8_valid("\xe2\x82", 2));		/* truncated */
	assert_false(sms_utf8_valid("\xc3\x28", 2));		/* bad continuation */
	assert_false(sms_utf8_valid("\xff", 1));
}

static void unit__sms__utf8_decode__reports_length_and_replacement(void **state)
{
	(void)state;
	uint32_t cp;
	bool ok;
	assert_int_equal(sms_utf8_decode("\xf0\x9f\x98\x80", 4, &cp, &ok), 4);
	assert_true(ok);
	assert_int_equal(cp, 0x1f600);
	assert_int_equal(sms_utf8_decode("\xe2\x82", 2, &cp, &ok), 1);
	assert_false(ok);
	assert_int_equal(cp, 0xfffd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit__sms__count__empty_is_zero_segments),
		cmocka_unit_test(unit__sms__count__plain_ascii_is_gsm),
		cmocka_unit_test(unit__sms__count__exactly_160_septets_is_one_segment),
		cmocka_unit_test(unit__sms__count__161_septets_is_two_segments_of_153),
		cmocka_unit_test(unit__sms__count__extension_chars_take_two_septets),
		cmocka_unit_test(unit__sms__count__extension_char_pushes_past_160),
		cmocka_unit_test(unit__sms__count__extension_char_not_split_across_segments),
		cmocka_unit_test(unit__sms__count__gsm_latin_letters_stay_gsm),
		cmocka_unit_test(unit__sms__count__spanish_acute_vowels_force_ucs2),
		cmocka_unit_test(unit__sms__count__ascii_outside_gsm_forces_ucs2),
		cmocka_unit_test(unit__sms__count__ucs2_boundary_70_and_67),
		cmocka_unit_test(unit__sms__count__emoji_is_two_units),
		cmocka_unit_test(unit__sms__count__surrogate_pair_not_split),
		cmocka_unit_test(unit__sms__count__cjk_is_one_unit_per_char),
		cmocka_unit_test(unit__sms__count__invalid_bytes_are_one_unit_each),
		cmocka_unit_test(unit__sms__count__respects_len_not_nul),
		cmocka_unit_test(unit__sms__utf8_valid__accepts_well_formed),
		cmocka_unit_test(unit__sms__utf8_valid__rejects_ill_formed),
		cmocka_unit_test(unit__sms__utf8_decode__reports_length_and_replacement),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
