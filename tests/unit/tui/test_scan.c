/* Unit tests for tui/scan (`curtain scan`): the JSON of one result (byte
 * offsets kept, ill-formed UTF-8 in a finding's text replaced so the JSON is
 * valid, the truncation flag) and the line reader (LF and CRLF endings, an
 * empty line, a last line without a newline, a line far longer than any
 * buffer). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tui/scan.h"

static phi_result one_finding(size_t start, size_t end)
{
	phi_result r;
	memset(&r, 0, sizeof r);
	r.nag = true;
	r.n = 1;
	r.categories = 1u << PHI_CAT_MEDICATION;
	r.f[0].category = PHI_CAT_MEDICATION;
	r.f[0].reason = PHI_R_MEDICATION;
	r.f[0].start = start;
	r.f[0].end = end;
	return r;
}

static void unit__scan__result_json__fields_and_byte_offsets(void **state)
{
	(void)state;
	const char *text = "Señora, take metformin";
	phi_result r = one_finding(14, 23); /* ñ is two bytes */
	json_t *j = scan_result_json(text, strlen(text), &r);
	char *s = json_dumps(j, JSON_COMPACT);
	assert_string_equal(s, "{\"nag\":true,\"findings\":[{\"category\":\"medication\",\"start\":14,"
			       "\"end\":23,\"text\":\"metformin\",\"reason\":\"medication\"}]}");
	free(s);
	json_decref(j);

	phi_result none;
	memset(&none, 0, sizeof none);
	j = scan_result_json("", 0, &none);
	s = json_dumps(j, JSON_COMPACT);
	assert_string_equal(s, "{\"nag\":false,\"findings\":[]}");
	free(s);
	json_decref(j);
}

static void unit__scan__result_json__invalid_utf8_becomes_replacement(void **state)
{
	(void)state;
	/* A span with a stray continuation byte, a lone lead byte and an
	 * overlong encoding inside: jansson would refuse the raw bytes. */
	const char text[] = "x \x80" "ab\xc3" "c\xc0\xaf" "d y";
	size_t len = sizeof text - 1;
	phi_result r = one_finding(2, len - 2);
	json_t *j = scan_result_json(text, len, &r);
	assert_non_null(j);
	json_t *f = json_array_get(json_object_get(j, "findings"), 0);
	assert_string_equal(json_string_value(json_object_get(f, "text")),
			    "\xef\xbf\xbd" "ab\xef\xbf\xbd" "c\xef\xbf\xbd\xef\xbf\xbd" "d");
	assert_int_equal(json_integer_value(json_object_get(f, "start")), 2);
	assert_int_equal(json_integer_value(json_object_get(f, "end")), (json_int_t)len - 2);
	char *s = json_dumps(j, JSON_COMPACT);
	assert_non_null(s);
	json_t *back = json_loads(s, 0, NULL);
	assert_non_null(back);
	json_decref(back);
	free(s);
	json_decref(j);
}

static void unit__scan__result_json__nul_bytes_and_truncation(void **state)
{
	(void)state;
	const char text[] = "a\0b";
	phi_result r = one_finding(0, 3);
	r.truncated = true;
	json_t *j = scan_result_json(text, 3, &r);
	json_t *t = json_object_get(json_array_get(json_object_get(j, "findings"), 0), "text");
	assert_int_equal(json_string_length(t), 3);
	assert_memory_equal(json_string_value(t), "a\0b", 3);
	assert_true(json_is_true(json_object_get(j, "truncated")));
	json_decref(j);
	/* Offsets past the text are clamped, never read beyond it. */
	r = one_finding(2, 99);
	j = scan_result_json(text, 3, &r);
	json_t *f = json_array_get(json_object_get(j, "findings"), 0);
	assert_int_equal(json_integer_value(json_object_get(f, "end")), 3);
	assert_null(json_object_get(j, "truncated"));
	json_decref(j);
}

/* Runs scan_stream over in[0..len) and returns the output (caller frees). */
static char *scan_string(const char *in, size_t len, size_t *out_len)
{
	FILE *fi = fmemopen((void *)in, len, "r");
	assert_non_null(fi);
	char *out = NULL;
	size_t olen = 0;
	FILE *fo = open_memstream(&out, &olen);
	assert_non_null(fo);
	assert_int_equal(scan_stream(fi, fo), 0);
	fclose(fi);
	fclose(fo);
	*out_len = olen;
	return out;
}

static void unit__scan__stream__one_json_line_per_input_line(void **state)
{
	(void)state;
	const char in[] = "first\r\nsecond\n\n\xff\xfe bytes\nlast without newline";
	size_t olen;
	char *out = scan_string(in, sizeof in - 1, &olen);
	size_t lines = 0;
	for (char *line = out, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
		*nl = '\0';
		json_t *j = json_loads(line, 0, NULL);
		if (!j)
			fail_msg("line %zu is not JSON: %s", lines + 1, line);
		assert_true(json_is_boolean(json_object_get(j, "nag")));
		assert_true(json_is_array(json_object_get(j, "findings")));
		/* No finding reaches the CR or past a line. */
		size_t i;
		json_t *f;
		json_array_foreach(json_object_get(j, "findings"), i, f)
			assert_null(strchr(json_string_value(json_object_get(f, "text")), '\r'));
		json_decref(j);
		lines++;
	}
	assert_int_equal(lines, 5);
	free(out);
}

static void unit__scan__stream__a_line_longer_than_any_buffer(void **state)
{
	(void)state;
	size_t n = 300 * 1024;
	char *in = malloc(n + 2);
	assert_non_null(in);
	for (size_t i = 0; i < n; i++)
		in[i] = i % 7 == 6 ? ' ' : "abcdef"[i % 7];
	in[n] = '\n';
	in[n + 1] = 'z';
	size_t olen;
	char *out = scan_string(in, n + 2, &olen);
	/* Two lines in, two lines out: the long one was never split. */
	size_t nl = 0;
	for (size_t i = 0; i < olen; i++)
		nl += out[i] == '\n';
	assert_int_equal(nl, 2);
	free(out);
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit__scan__result_json__fields_and_byte_offsets),
		cmocka_unit_test(unit__scan__result_json__invalid_utf8_becomes_replacement),
		cmocka_unit_test(unit__scan__result_json__nul_bytes_and_truncation),
		cmocka_unit_test(unit__scan__stream__one_json_line_per_input_line),
		cmocka_unit_test(unit__scan__stream__a_line_longer_than_any_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
