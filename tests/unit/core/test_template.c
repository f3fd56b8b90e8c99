/* Unit tests for core/template: parsing and rendering placeholders, brace
 * escapes, unknown keys, prompts (deduplicated), unresolved values turned
 * into prompts, phone formatting and the per-name language choice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/template.h"

static const struct tmpl_values vals = {
	.patient_name = "Ana María Gómez",
	.practice_name = "Lakeside Family Medicine",
	.practice_phone = "+15555550199",
	.staff_name = "Dana Reyes",
};

static void check_render(const char *body, const struct tmpl_values *v, const char *const *answers,
			 const char *want)
{
	struct tmpl_fill *f = tmpl_parse(body);
	char *got = tmpl_render(f, v, answers);
	assert_string_equal(got, want);
	free(got);
	tmpl_free(&f);
	assert_null(f);
}

static void unit__template__fills_known_keys(void **state)
{
	(void)state;
	check_render("Hi {patient.first_name}, this is {staff.first_name} from {practice.name}. "
		     "Call {practice.phone}.",
		     &vals, NULL,
		     "Hi Ana, this is Dana from Lakeside Family Medicine. Call (555) 555-0199.");
	check_render("{patient.name}/{staff.name}", &vals, NULL, "Ana María Gómez/Dana Reyes");
	check_render("", &vals, NULL, "");
	check_render("no placeholders", NULL, NULL, "no placeholders");
}

static void unit__template__escapes_and_unknown_stay_literal(void **state)
{
	(void)state;
	check_render("{{patient.name}} costs {{10}}", &vals, NULL, "{patient.name} costs {10}");
	check_render("Hi {patient.nickname}!", &vals, NULL, "Hi {patient.nickname}!");
	check_render("open { brace", &vals, NULL, "open { brace");
	check_render("close } brace", &vals, NULL, "close } brace");
	check_render("{a{patient.first_name}", &vals, NULL, "{aAna");
	check_render("{?}", &vals, NULL, "{?}");
	check_render("{ patient.name }", &vals, NULL, "{ patient.name }");
}

static void unit__template__prompts_in_order_and_deduplicated(void **state)
{
	(void)state;
	struct tmpl_fill *f = tmpl_parse(
		"Your visit is {?appointment time} on {? day }. Again: {?appointment time}.");
	const char *const *labels;
	size_t n = tmpl_prompts(f, &labels);
	assert_int_equal(n, 2);
	assert_string_equal(labels[0], "appointment time");
	assert_string_equal(labels[1], "day");
	const char *answers[] = { "10:40", "Thursday" };
	char *got = tmpl_render(f, &vals, answers);
	assert_string_equal(got, "Your visit is 10:40 on Thursday. Again: 10:40.");
	free(got);
	/* Unanswered prompts stay visible as written. */
	const char *partial[] = { "10:40", NULL };
	got = tmpl_render(f, &vals, partial);
	assert_string_equal(got, "Your visit is 10:40 on {? day }. Again: 10:40.");
	free(got);
	got = tmpl_render(f, &vals, NULL);
	assert_string_equal(got, "Your visit is {?appointment time} on {? day }. Again: "
				 "{?appointment time}.");
	free(got);
	tmpl_free(&f);
}

static void unit__template__unknown_value_becomes_prompt(void **state)
{
	(void)state;
	struct tmpl_values v = vals;
	v.patient_name = "";
	struct tmpl_fill *f =
		tmpl_parse("Hi {patient.first_name}, it's {?time} at {practice.name}");
	/* Before resolving, the gap stays visible. */
	char *got = tmpl_render(f, &v, NULL);
	assert_string_equal(got,
			    "Hi {patient.first_name}, it's {?time} at Lakeside Family Medicine");
	free(got);
	assert_int_equal(tmpl_resolve(f, &v), 1);
	const char *const *labels;
	assert_int_equal(tmpl_prompts(f, &labels), 2);
	assert_string_equal(labels[0], "patient's first name");
	assert_string_equal(labels[1], "time");
	const char *answers[] = { "Ana", "3 pm" };
	got = tmpl_render(f, &v, answers);
	assert_string_equal(got, "Hi Ana, it's 3 pm at Lakeside Family Medicine");
	free(got);
	/* Everything known: nothing turned. */
	tmpl_free(&f);
	f = tmpl_parse("Hi {patient.first_name}");
	assert_int_equal(tmpl_resolve(f, &vals), 0);
	assert_int_equal(tmpl_prompts(f, NULL), 0);
	tmpl_free(&f);
}

static void unit__template__phone_and_first_name(void **state)
{
	(void)state;
	char out[64];
	tmpl_format_phone("+15555550199", out, sizeof out);
	assert_string_equal(out, "(555) 555-0199");
	tmpl_format_phone("+442071838750", out, sizeof out);
	assert_string_equal(out, "+442071838750");
	tmpl_format_phone("+1555555019", out, sizeof out); /* too short */
	assert_string_equal(out, "+1555555019");
	tmpl_format_phone(NULL, out, sizeof out);
	assert_string_equal(out, "");
	tmpl_first_name("  Ana María Gómez", out, sizeof out);
	assert_string_equal(out, "Ana");
	tmpl_first_name("Cher", out, sizeof out);
	assert_string_equal(out, "Cher");
	tmpl_first_name("", out, sizeof out);
	assert_string_equal(out, "");
	char tiny[3];
	tmpl_first_name("Maximilian", tiny, sizeof tiny);
	assert_string_equal(tiny, "Ma");
}

static void unit__template__pick_variant_prefers_patient_language(void **state)
{
	(void)state;
	struct template t[] = {
		{ .id = "t1", .name = "Confirm", .language = "en" },
		{ .id = "t2", .name = "Confirm", .language = "es" },
		{ .id = "t3", .name = "Directions", .language = "en" },
		{ .id = "t4", .name = "Portal", .language = "fr" },
		{ .id = "t5", .name = "Portal", .language = "de" },
		{ .id = "t6", .name = "Directions", .language = "es-MX" },
		{ .id = "t7", .name = "Hours", .language = "es" },
		{ .id = "t8", .name = "Hours", .language = "es-us" },
	};
	const struct template *list[8];
	for (int i = 0; i < 8; i++)
		list[i] = &t[i];
	const struct template *out[8];
	size_t n = tmpl_pick_variant(list, 8, "es", out);
	assert_int_equal(n, 4);
	assert_string_equal(out[0]->id, "t2"); /* Confirm: es */
	assert_string_equal(out[1]->id, "t6"); /* Directions: es-MX shares "es" */
	assert_string_equal(out[2]->id, "t4"); /* Portal: neither, the first listed */
	assert_string_equal(out[3]->id, "t7"); /* Hours: exact beats primary */

	n = tmpl_pick_variant(list, 8, "es-US", out);
	assert_string_equal(out[3]->id, "t8");

	n = tmpl_pick_variant(list, 8, "vi", out);
	assert_int_equal(n, 4);
	assert_string_equal(out[0]->id, "t1"); /* English next */
	assert_string_equal(out[1]->id, "t3");
	assert_string_equal(out[3]->id, "t7");

	n = tmpl_pick_variant(list, 8, NULL, out);
	assert_string_equal(out[0]->id, "t1");
	assert_int_equal(tmpl_pick_variant(list, 0, "en", out), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit__template__fills_known_keys),
		cmocka_unit_test(unit__template__escapes_and_unknown_stay_literal),
		cmocka_unit_test(unit__template__prompts_in_order_and_deduplicated),
		cmocka_unit_test(unit__template__unknown_value_becomes_prompt),
		cmocka_unit_test(unit__template__phone_and_first_name),
		cmocka_unit_test(unit__template__pick_variant_prefers_patient_language),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
