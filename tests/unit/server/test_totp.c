/* Unit tests for server/totp: every RFC 6238 Appendix B vector, the ±1
 * step window (and rejection at ±2), code format checks, secrets and the
 * otpauth:// URI. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "server/totp.h"

/* RFC 6238 Appendix B seeds: the ASCII digits repeated to the hash size. */
static const char seed20[] = "12345678901234567890";
static const char seed32[] = "12345678901234567890123456789012";
static const char seed64[] = "1234567890123456789012345678901234567890123456789012345678901234";
/* The same seeds in base32 (computed independently with Python's b32encode). */
static const char seed20_b32[] = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
static const char seed32_b32[] = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
static const char seed64_b32[] =
	"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBV"
	"GY3TQOJQGEZDGNA";

struct vector {
	int64_t t;
	const char *sha1, *sha256, *sha512;
};

/* RFC 6238 Appendix B, table of test values (8 digits). */
static const struct vector vectors[] = {
	{ 59, "94287082", "46119246", "90693936" },
	{ 1111111109, "07081804", "68084774", "25091201" },
	{ 1111111111, "14050471", "67062674", "99943326" },
	{ 1234567890, "89005924", "91819424", "93441116" },
	{ 2000000000, "69279037", "90698825", "38618901" },
	{ 20000000000LL, "65353130", "77737706", "47863826" },
};

#define N_VECTORS (sizeof vectors / sizeof vectors[0])

static void unit__totp__generate_raw__rfc6238_sha1_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_VECTORS; i++) {
		char out[16];
		assert_true(totp_generate_raw((const unsigned char *)seed20, 20, vectors[i].t, 8,
					      TOTP_SHA1, out));
		assert_string_equal(out, vectors[i].sha1);
	}
}

static void unit__totp__generate_raw__rfc6238_sha256_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_VECTORS; i++) {
		char out[16];
		assert_true(totp_generate_raw((const unsigned char *)seed32, 32, vectors[i].t, 8,
					      TOTP_SHA256, out));
		assert_string_equal(out, vectors[i].sha256);
	}
}

static void unit__totp__generate_raw__rfc6238_sha512_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_VECTORS; i++) {
		char out[16];
		assert_true(totp_generate_raw((const unsigned char *)seed64, 64, vectors[i].t, 8,
					      TOTP_SHA512, out));
		assert_string_equal(out, vectors[i].sha512);
	}
}

static void unit__totp__generate__rfc6238_vectors_from_base32(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_VECTORS; i++) {
		char out[16];
		assert_true(totp_generate(seed20_b32, vectors[i].t, 8, TOTP_SHA1, out));
		assert_string_equal(out, vectors[i].sha1);
		assert_true(totp_generate(seed32_b32, vectors[i].t, 8, TOTP_SHA256, out));
		assert_string_equal(out, vectors[i].sha256);
		assert_true(totp_generate(seed64_b32, vectors[i].t, 8, TOTP_SHA512, out));
		assert_string_equal(out, vectors[i].sha512);
	}
}

static void unit__totp__generate__six_digits_are_low_digits_of_eight(void **state)
{
	(void)state;
	char out[16];
	/* Dynamic truncation mod 10^6 is the last six digits of mod 10^8. */
	assert_true(totp_generate(seed20_b32, 59, 6, TOTP_SHA1, out));
	assert_string_equal(out, "287082");
	assert_true(totp_generate(seed20_b32, 1111111109, 6, TOTP_SHA1, out));
	assert_string_equal(out, "081804");
}

static void unit__totp__generate__secret_case_and_spaces_ignored(void **state)
{
	(void)state;
	char out[16];
	assert_true(totp_generate("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", 59, 8, TOTP_SHA1, out));
	assert_string_equal(out, "94287082");
}

static void unit__totp__generate__rejects_bad_arguments(void **state)
{
	(void)state;
	char out[16];
	assert_false(totp_generate(NULL, 59, 6, TOTP_SHA1, out));
	assert_false(totp_generate("", 59, 6, TOTP_SHA1, out));
	assert_false(totp_generate("not base32 at all!", 59, 6, TOTP_SHA1, out));
	assert_false(totp_generate(seed20_b32, 59, 5, TOTP_SHA1, out));
	assert_false(totp_generate(seed20_b32, 59, 9, TOTP_SHA1, out));
	assert_false(totp_generate(seed20_b32, -1, 6, TOTP_SHA1, out));
	assert_false(totp_generate(seed20_b32, 59, 6, (enum totp_algo)7, out));
	assert_false(totp_generate_raw(NULL, 0, 59, 6, TOTP_SHA1, out));
}

static void unit__totp__verify__accepts_current_step(void **state)
{
	(void)state;
	const int64_t t = 1700000015; /* step 56666667 */
	char code[16];
	int64_t step = -1;
	assert_true(totp_generate(seed20_b32, t, 6, TOTP_SHA1, code));
	assert_true(totp_verify(seed20_b32, code, t, &step));
	assert_int_equal(step, t / 30);
	/* NULL step_out is allowed. */
	assert_true(totp_verify(seed20_b32, code, t, NULL));
}

static void unit__totp__verify__window_is_one_step_each_way(void **state)
{
	(void)state;
	const int64_t t = 1700000015;
	char code[16];
	int64_t step = -1;
	assert_true(totp_generate(seed20_b32, t, 6, TOTP_SHA1, code));

	/* The code's own step is reported, wherever the clock is. */
	assert_true(totp_verify(seed20_b32, code, t + 30, &step));
	assert_int_equal(step, t / 30);
	step = -1;
	assert_true(totp_verify(seed20_b32, code, t - 30, &step));
	assert_int_equal(step, t / 30);

	step = 42;
	assert_false(totp_verify(seed20_b32, code, t + 60, &step));
	assert_false(totp_verify(seed20_b32, code, t - 60, &step));
	assert_int_equal(step, 42); /* untouched on failure */
}

static void unit__totp__verify__replay_reports_same_step(void **state)
{
	(void)state;
	/* The caller refuses reuse by comparing steps, so a replay later in the
	 * window must report the step of the first use, not a new one. */
	const int64_t t = 1234567890;
	char code[16];
	int64_t first = 0, again = 0;
	assert_true(totp_generate(seed20_b32, t, 6, TOTP_SHA1, code));
	assert_true(totp_verify(seed20_b32, code, t, &first));
	assert_true(totp_verify(seed20_b32, code, t + 29, &again));
	assert_int_equal(first, again);
}

static void unit__totp__verify__rejects_bad_code_formats(void **state)
{
	(void)state;
	const int64_t t = 59;
	/* The right code for t is 287082; every variant of it must fail. */
	assert_true(totp_verify(seed20_b32, "287082", t, NULL));
	const char *bad[] = {
		"",	       "28708",	       "2870820",	"94287082", " 287082", "287082 ",
		"28708a",      "+87082",       "-87082",	"287 082",  "28708\n",
		"\xef\xbc\x92\xef\xbc\x98\xef\xbc\x97\xef\xbc\x90\xef\xbc\x98\xef\xbc\x92", /* fullwidth */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(totp_verify(seed20_b32, bad[i], t, NULL));
	assert_false(totp_verify(seed20_b32, NULL, t, NULL));
}

static void unit__totp__verify__rejects_wrong_code_and_bad_secret(void **state)
{
	(void)state;
	/* A code matching none of the three steps in the window must fail. */
	char w0[16], w1[16], w2[16], code[16];
	assert_true(totp_generate(seed20_b32, 29, 6, TOTP_SHA1, w0));
	assert_true(totp_generate(seed20_b32, 59, 6, TOTP_SHA1, w1));
	assert_true(totp_generate(seed20_b32, 89, 6, TOTP_SHA1, w2));
	for (int n = 0;; n++) {
		snprintf(code, sizeof code, "%06d", n);
		if (strcmp(code, w0) && strcmp(code, w1) && strcmp(code, w2))
			break;
	}
	int64_t step = 7;
	assert_false(totp_verify(seed20_b32, code, 59, &step));
	assert_int_equal(step, 7);
	assert_false(totp_verify(NULL, "287082", 59, NULL));
	assert_false(totp_verify("", "287082", 59, NULL));
	assert_false(totp_verify("!!!!", "287082", 59, NULL));
	assert_false(totp_verify(seed20_b32, "287082", -30, NULL));
	assert_false(totp_verify(seed20_b32, "287082", INT64_MAX, NULL));
}

static void unit__totp__verify__step_zero_has_no_previous(void **state)
{
	(void)state;
	char code[16];
	int64_t step = -1;
	assert_true(totp_generate(seed20_b32, 0, 6, TOTP_SHA1, code));
	assert_true(totp_verify(seed20_b32, code, 10, &step));
	assert_int_equal(step, 0);
	assert_true(totp_generate(seed20_b32, 30, 6, TOTP_SHA1, code));
	assert_true(totp_verify(seed20_b32, code, 0, &step));
	assert_int_equal(step, 1);
}

static void unit__totp__secret_new__is_32_base32_chars_and_random(void **state)
{
	(void)state;
	char a[TOTP_SECRET_B32_LEN + 1], b[TOTP_SECRET_B32_LEN + 1];
	assert_true(totp_secret_new(a));
	assert_true(totp_secret_new(b));
	assert_int_equal(strlen(a), 32);
	assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), 32);
	assert_string_not_equal(a, b);

	char code[16];
	int64_t step;
	assert_true(totp_generate(a, 1700000000, 6, TOTP_SHA1, code));
	assert_true(totp_verify(a, code, 1700000000, &step));
}

static void unit__totp__uri__percent_encodes_label_and_issuer(void **state)
{
	(void)state;
	char *uri = totp_uri("Curtain: Front Desk", "dana.reyes@clinic", seed20_b32);
	assert_non_null(uri);
	assert_string_equal(uri, "otpauth://totp/Curtain%3A%20Front%20Desk:dana.reyes%40clinic"
				 "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
				 "&issuer=Curtain%3A%20Front%20Desk&algorithm=SHA1&digits=6&period=30");
	free(uri);

	uri = totp_uri("Cl\xc3\xadnica", "ana", seed20_b32);
	assert_non_null(uri);
	assert_string_equal(uri, "otpauth://totp/Cl%C3%ADnica:ana?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
				 "&issuer=Cl%C3%ADnica&algorithm=SHA1&digits=6&period=30");
	free(uri);
}

static void unit__totp__uri__without_issuer_and_canonical_secret(void **state)
{
	(void)state;
	char *uri = totp_uri(NULL, "dana", "gezd gnbv gy3t qojq gezd gnbv gy3t qojq");
	assert_non_null(uri);
	assert_string_equal(uri, "otpauth://totp/dana?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
				 "&algorithm=SHA1&digits=6&period=30");
	free(uri);

	/* A 32-byte key has no padding in the URI either. */
	uri = totp_uri("", "dana", seed32_b32);
	assert_non_null(uri);
	assert_null(strstr(uri, "=&"));
	assert_non_null(strstr(uri, "secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&"));
	free(uri);
}

static void unit__totp__uri__rejects_missing_account_or_bad_secret(void **state)
{
	(void)state;
	assert_null(totp_uri("Curtain", NULL, seed20_b32));
	assert_null(totp_uri("Curtain", "", seed20_b32));
	assert_null(totp_uri("Curtain", "dana", NULL));
	assert_null(totp_uri("Curtain", "dana", "1111"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit__totp__generate_raw__rfc6238_sha1_vectors),
		cmocka_unit_test(unit__totp__generate_raw__rfc6238_sha256_vectors),
		cmocka_unit_test(unit__totp__generate_raw__rfc6238_sha512_vectors),
		cmocka_unit_test(unit__totp__generate__rfc6238_vectors_from_base32),
		cmocka_unit_test(unit__totp__generate__six_digits_are_low_digits_of_eight),
		cmocka_unit_test(unit__totp__generate__secret_case_and_spaces_ignored),
		cmocka_unit_test(unit__totp__generate__rejects_bad_arguments),
		cmocka_unit_test(unit__totp__verify__accepts_current_step),
		cmocka_unit_test(unit__totp__verify__window_is_one_step_each_way),
		cmocka_unit_test(unit__totp__verify__replay_reports_same_step),
		cmocka_unit_test(unit__totp__verify__rejects_bad_code_formats),
		cmocka_unit_test(unit__totp__verify__rejects_wrong_code_and_bad_secret),
		cmocka_unit_test(unit__totp__verify__step_zero_has_no_previous),
		cmocka_unit_test(unit__totp__secret_new__is_32_base32_chars_and_random),
		cmocka_unit_test(unit__totp__uri__percent_encodes_label_and_issuer),
		cmocka_unit_test(unit__totp__uri__without_issuer_and_canonical_secret),
		cmocka_unit_test(unit__totp__uri__rejects_missing_account_or_bad_secret),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
