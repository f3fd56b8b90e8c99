/* Unit tests for proto/objects: id lists, *_clear (double clear, wiping)
 * and the protocol name tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/util.h"
#include "proto/objects.h"

static void unit__objects__id_list__add_has_clear(void **state)
{
	(void)state;
	struct id_list l = { 0 };
	assert_false(id_list_has(&l, "d1"));
	char id[ID_LEN];
	for (int i = 0; i < 100; i++) {
		snprintf(id, sizeof id, "d%d", i);
		id_list_add(&l, id);
	}
	assert_int_equal(l.n, 100);
	assert_true(id_list_has(&l, "d0"));
	assert_true(id_list_has(&l, "d99"));
	assert_false(id_list_has(&l, "d100"));
	assert_false(id_list_has(&l, "d"));
	assert_false(id_list_has(&l, NULL));
	id_list_clear(&l);
	assert_int_equal(l.n, 0);
	assert_null(l.ids);
	assert_false(id_list_has(&l, "d0"));
	id_list_clear(&l); /* twice is fine */
}

static void unit__objects__id_list__ignores_duplicates_and_bad_ids(void **state)
{
	(void)state;
	struct id_list l = { 0 };
	id_list_add(&l, "dfront");
	id_list_add(&l, "dfront");
	id_list_add(&l, "");
	id_list_add(&l, NULL);
	/* 24 characters cannot fit ID_LEN with its NUL. */
	id_list_add(&l, "dAAAAAAAAAAAAAAAAAAAAAAA");
	assert_int_equal(l.n, 1);
	assert_false(id_list_has(&l, "dAAAAAAAAAAAAAAAAAAAAAA"));
	/* 23 characters do. */
	id_list_add(&l, "dAAAAAAAAAAAAAAAAAAAAAA");
	assert_true(id_list_has(&l, "dAAAAAAAAAAAAAAAAAAAAAA"));
	id_list_clear(&l);
}

static void unit__objects__clear__is_safe_twice_and_on_zeroed(void **state)
{
	(void)state;
	struct conversation c = { 0 };
	conversation_clear(&c);
	c.patient_name = xstrdup("Mar\xc3\xad" "a L\xc3\xb3" "pez");
	c.patient_phone = xstrdup("+15551234567");
	c.last_preview = xstrdup("my results?");
	c.language = xstrdup("es");
	c.status = CONV_SNOOZED;
	strcpy(c.id, "cabc");
	conversation_clear(&c);
	assert_null(c.patient_name);
	assert_null(c.patient_phone);
	assert_null(c.last_preview);
	assert_null(c.language);
	assert_int_equal(c.status, CONV_OPEN);
	assert_string_equal(c.id, "");
	conversation_clear(&c);

	struct staff s = { 0 };
	s.username = xstrdup("dana");
	s.display_name = xstrdup("Dana Reyes");
	s.password_hash = xstrdup("$argon2id$v=19$...");
	s.totp_secret = xstrdup("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	id_list_add(&s.depts, "dfront");
	staff_clear(&s);
	assert_null(s.password_hash);
	assert_null(s.totp_secret);
	assert_int_equal(s.depts.n, 0);
	staff_clear(&s);

	struct message m = { 0 };
	m.body = xstrdup("Your results are in");
	m.client_msg_id = xstrdup("0b7c...");
	m.request_hash = xstrdup("abcd");
	m.delivery_error = xstrdup("30007");
	m.carrier_sid = xstrdup("SM123");
	message_clear(&m);
	assert_null(m.body);
	assert_null(m.carrier_sid);
	message_clear(&m);

	struct note n = { .body = xstrdup("called back") };
	note_clear(&n);
	assert_null(n.body);
	note_clear(&n);

	struct department d = { .name = xstrdup("Billing"), .sms_number = xstrdup("+15550001111"),
				.secure_template_id = xstrdup("tsecure") };
	department_clear(&d);
	assert_null(d.name);
	department_clear(&d);

	struct template t = { .name = xstrdup("Reminder"), .language = xstrdup("en"),
			      .body = xstrdup("See you {date}") };
	template_clear(&t);
	assert_null(t.body);
	template_clear(&t);

	struct device dev = { .name = xstrdup("front-desk-1"), .pin_failures = 3 };
	device_clear(&dev);
	assert_null(dev.name);
	assert_int_equal(dev.pin_failures, 0);
	device_clear(&dev);
}

/* Every name parses back to its value; the table has exactly n entries. */
static void check_table(const char *(*name)(int), int (*parse)(const char *), int n,
			const char *const *expected)
{
	for (int i = 0; i < n; i++) {
		assert_non_null(name(i));
		assert_string_equal(name(i), expected[i]);
		assert_int_equal(parse(expected[i]), i);
	}
	assert_null(name(n));
	assert_null(name(-1));
	assert_int_equal(parse("nonsense"), -1);
	assert_int_equal(parse(""), -1);
	assert_int_equal(parse(NULL), -1);
}

/* Adapters so one checker serves every enum type. */
static const char *role_name_i(int v) { return role_name((enum role)v); }
static const char *status_name_i(int v) { return conv_status_name((enum conv_status)v); }
static const char *direction_name_i(int v) { return msg_direction_name((enum msg_direction)v); }
static const char *delivery_name_i(int v) { return delivery_state_name((enum delivery_state)v); }
static const char *consent_name_i(int v) { return consent_state_name((enum consent_state)v); }
static const char *kind_name_i(int v) { return assign_kind_name((enum assign_kind)v); }
static const char *type_name_i(int v) { return obj_type_name((enum obj_type)v); }

static void unit__objects__names__match_protocol_and_parse_back(void **state)
{
	(void)state;
	const char *roles[] = { "agent", "supervisor", "admin" };
	check_table(role_name_i, role_parse, 3, roles);
	const char *statuses[] = { "open", "pending", "snoozed", "resolved" };
	check_table(status_name_i, conv_status_parse, 4, statuses);
	const char *dirs[] = { "in", "out", "system" };
	check_table(direction_name_i, msg_direction_parse, 3, dirs);
	const char *deliv[] = { "received", "pending", "sent", "delivered", "failed" };
	check_table(delivery_name_i, delivery_state_parse, 5, deliv);
	const char *consent[] = { "unknown", "optedIn", "optedOut" };
	check_table(consent_name_i, consent_state_parse, 3, consent);
	const char *kinds[] = { "claim", "reassign", "release", "transfer" };
	check_table(kind_name_i, assign_kind_parse, 4, kinds);
	const char *types[] = { "Department", "Staff",	  "Conversation", "Message",
				"Note",	      "Template", "Assignment" };
	check_table(type_name_i, obj_type_parse, OBJ_TYPE_COUNT, types);

	assert_int_equal(ROLE_ADMIN, role_parse("admin"));
	assert_int_equal(CONSENT_OPTED_OUT, consent_state_parse("optedOut"));
	assert_int_equal(OBJ_ASSIGNMENT, obj_type_parse("Assignment"));
}

static void unit__objects__names__parse_is_case_sensitive(void **state)
{
	(void)state;
	assert_int_equal(role_parse("Admin"), -1);
	assert_int_equal(consent_state_parse("optedout"), -1);
	assert_int_equal(obj_type_parse("conversation"), -1);
	assert_int_equal(conv_status_parse("open "), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit__objects__id_list__add_has_clear),
		cmocka_unit_test(unit__objects__id_list__ignores_duplicates_and_bad_ids),
		cmocka_unit_test(unit__objects__clear__is_safe_twice_and_on_zeroed),
		cmocka_unit_test(unit__objects__names__match_protocol_and_parse_back),
		cmocka_unit_test(unit__objects__names__parse_is_case_sensitive),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
