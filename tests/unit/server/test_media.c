/* Unit tests for server/media: the magic-number sniffer, declared-type
 * normalisation, the whole check (allowed, agrees with the declaration,
 * size), data: URLs as the sim carrier posts them, and file names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "server/media.h"

static const unsigned char PNG[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };
static const unsigned char JPEG[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F' };
static const unsigned char EXIF[] = { 0xff, 0xd8, 0xff, 0xe1, 0x12, 0x34, 'E', 'x', 'i', 'f' };

static void unit__media__sniff__each_allowed_type(void **state)
{
	assert_string_equal(media_sniff(PNG, sizeof PNG), "image/png");
	assert_string_equal(media_sniff(JPEG, sizeof JPEG), "image/jpeg");
	assert_string_equal(media_sniff(EXIF, sizeof EXIF), "image/jpeg");
	assert_string_equal(media_sniff("GIF87a\x01\x00", 8), "image/gif");
	assert_string_equal(media_sniff("GIF89a\x01\x00", 8), "image/gif");
	assert_string_equal(media_sniff("%PDF-1.7\n", 9), "application/pdf");
}

static void unit__media__sniff__others_and_truncated_refused(void **state)
{
	assert_null(media_sniff("hello, world", 12));
	assert_null(media_sniff("<svg xmlns=", 11));
	assert_null(media_sniff("RIFF\0\0\0\0WEBPVP8 ", 16)); /* WebP is not allowed */
	assert_null(media_sniff("II*\0", 4));		       /* nor TIFF */
	assert_null(media_sniff("GIF88a", 6));
	assert_null(media_sniff("%PDF", 4));	     /* too short for the magic */
	assert_null(media_sniff(PNG, 7));	     /* a cut-off PNG signature */
	assert_null(media_sniff("\xff\xd8", 2));    /* half a JPEG marker */
	assert_null(media_sniff("\x89PNG\r\n\x1a\x0a" + 1, 7));
	assert_null(media_sniff(NULL, 0));
	assert_null(media_sniff("", 0));
	/* The magic must be at the very start. */
	assert_null(media_sniff(" %PDF-1.4", 9));
}

static void unit__media__normalize__parameters_case_and_junk(void **state)
{
	char t[MEDIA_TYPE_LEN];
	assert_true(media_type_normalize("Image/PNG", t));
	assert_string_equal(t, "image/png");
	assert_true(media_type_normalize("  image/jpeg ; charset=binary", t));
	assert_string_equal(t, "image/jpeg");
	/* JPEG's common misspellings become image/jpeg, for uploads and
	 * inbound media alike (both go through here). */
	assert_true(media_type_normalize("image/jpg", t));
	assert_string_equal(t, "image/jpeg");
	assert_true(media_type_normalize("Image/PJPEG", t));
	assert_string_equal(t, "image/jpeg");
	assert_true(media_type_normalize("application/pdf;", t));
	assert_string_equal(t, "application/pdf");
	assert_false(media_type_normalize("", t));
	assert_string_equal(t, "");
	assert_false(media_type_normalize(NULL, t));
	assert_false(media_type_normalize("image", t));
	assert_false(media_type_normalize("/png", t));
	assert_false(media_type_normalize("image/", t));
	assert_false(media_type_normalize("image/png/x", t));
	assert_false(media_type_normalize("image/p ng", t));
	assert_false(media_type_normalize("image/png\r\nX-Evil: 1", t));
	assert_true(media_type_allowed("image/gif"));
	assert_false(media_type_allowed("image/webp"));
	assert_false(media_type_allowed("text/plain"));
	assert_false(media_type_allowed(NULL));
	assert_string_equal(media_extension("application/pdf"), "pdf");
	assert_string_equal(media_extension("text/html"), "bin");
}

static void unit__media__check__type_must_agree(void **state)
{
	const char *type = NULL;
	assert_int_equal(media_check(PNG, sizeof PNG, "image/png", 100, &type), MEDIA_OK);
	assert_string_equal(type, "image/png");
	assert_int_equal(media_check(PNG, sizeof PNG, NULL, 100, &type), MEDIA_OK);
	assert_int_equal(media_check(PNG, sizeof PNG, "", 100, &type), MEDIA_OK);
	/* A PNG declared as JPEG is refused, whichever way round. */
	assert_int_equal(media_check(PNG, sizeof PNG, "image/jpeg", 100, &type), MEDIA_BAD_TYPE);
	assert_null(type);
	assert_int_equal(media_check(JPEG, sizeof JPEG, "image/png", 100, &type), MEDIA_BAD_TYPE);
	/* image/jpg is what many phones say for JPEG. */
	assert_int_equal(media_check(JPEG, sizeof JPEG, "image/jpg", 100, &type), MEDIA_OK);
	assert_string_equal(type, "image/jpeg");
	assert_int_equal(media_check("hello", 5, "text/plain", 100, &type), MEDIA_BAD_TYPE);
	assert_int_equal(media_check("hello", 5, NULL, 100, &type), MEDIA_BAD_TYPE);
	assert_int_equal(media_check(PNG, sizeof PNG, "image/png", sizeof PNG - 1, &type),
			 MEDIA_TOO_LARGE);
	assert_int_equal(media_check(PNG, sizeof PNG, "image/png", sizeof PNG, &type), MEDIA_OK);
	assert_int_equal(media_check("", 0, "image/png", 100, &type), MEDIA_EMPTY);
}

static void unit__media__data_url__decodes_and_limits(void **state)
{
	unsigned char *b = NULL;
	size_t n = 0;
	char type[MEDIA_TYPE_LEN];
	/* "iVBORw0KGgo=" is the 8-byte PNG signature. */
	assert_int_equal(media_data_url("data:image/png;base64,iVBORw0KGgo=", 100, &b, &n, type),
			 MEDIA_OK);
	assert_int_equal(n, 8);
	assert_memory_equal(b, PNG, 8);
	assert_string_equal(type, "image/png");
	free(b);
	assert_int_equal(media_data_url("data:;base64,iVBORw0KGgo=", 100, &b, &n, type), MEDIA_OK);
	assert_string_equal(type, "");
	free(b);
	assert_int_equal(media_data_url("data:image/png;base64,iVBORw0KGgo=", 7, &b, &n, type),
			 MEDIA_TOO_LARGE);
	assert_null(b);
	assert_int_equal(media_data_url("data:image/png;base64,iVBORw0KGgo=", 8, &b, &n, type),
			 MEDIA_OK);
	free(b);
	/* Not base64, not data:, broken base64. */
	assert_int_equal(media_data_url("data:image/png,%89PNG", 100, &b, &n, type), MEDIA_BAD_TYPE);
	assert_int_equal(media_data_url("https://api.twilio.com/x", 100, &b, &n, type), MEDIA_BAD_TYPE);
	assert_int_equal(media_data_url("data:image/png;base64,@@@@", 100, &b, &n, type),
			 MEDIA_BAD_TYPE);
	assert_int_equal(media_data_url(NULL, 100, &b, &n, type), MEDIA_BAD_TYPE);
	assert_null(b);
}

static void unit__media__name__valid_names(void **state)
{
	assert_true(media_name_valid("insurance card.jpg"));
	assert_true(media_name_valid("tarjeta de seguro (año).png"));
	assert_false(media_name_valid(""));
	assert_false(media_name_valid(NULL));
	assert_false(media_name_valid("../etc/passwd"));
	assert_false(media_name_valid("a\\b"));
	assert_false(media_name_valid("tab\there"));
	assert_false(media_name_valid("bad \xff utf8"));
	char longname[MEDIA_NAME_MAX + 2];
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	assert_false(media_name_valid(longname));
	longname[MEDIA_NAME_MAX] = '\0';
	assert_true(media_name_valid(longname));
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit__media__sniff__each_allowed_type),
		cmocka_unit_test(unit__media__sniff__others_and_truncated_refused),
		cmocka_unit_test(unit__media__normalize__parameters_case_and_junk),
		cmocka_unit_test(unit__media__check__type_must_agree),
		cmocka_unit_test(unit__media__data_url__decodes_and_limits),
		cmocka_unit_test(unit__media__name__valid_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
