/* Unit tests for proto/codec: every object type survives a trip through
 * JSON text, nulls appear where the protocol says, server secrets never
 * appear, bad input names the property (not its value), and the JMAP
 * properties filter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/util.h"
#include "proto/codec.h"

/* 2026-11-23T07:13:33Z; wire times are whole seconds. */
#define T0 1795418013000LL

/* Serialises and re-parses, as the wire does. */
static json_t *wire(json_t *j)
{
	char *text = json_dumps(j, JSON_COMPACT);
	assert_non_null(text);
	json_decref(j);
	json_error_t e;
	json_t *back = json_loads(text, 0, &e);
	free(text);
	assert_non_null(back);
	return back;
}

static json_t *parse(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);
	assert_non_null(j);
	return j;
}

static const char *str_of(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	assert_true(json_is_string(v));
	return json_string_value(v);
}

static void assert_null_member(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	assert_non_null(v);
	assert_true(json_is_null(v));
}

/* ---- Department -------------------------------------------------------- */

static void unit__codec__department__round_trip_with_counts(void **state)
{
	(void)state;
	struct department d = { 0 }, back;
	strcpy(d.id, "dfront");
	d.name = xstrdup("Front Desk");
	d.sms_number = xstrdup("+15550100100");
	d.secure_template_id = xstrdup("tsecure1");
	d.version = 7;
	struct dept_counts counts = { 12, 4, 3, 5, 2, 900 }, cback;

	json_t *j = wire(department_to_json(&d, &counts));
	json_t *c = json_object_get(j, "counts");
	assert_true(json_is_object(c));
	assert_int_equal(json_integer_value(json_object_get(c, "open")), 12);
	assert_int_equal(json_integer_value(json_object_get(c, "resolved")), 900);
	assert_string_equal(str_of(j, "smsNumber"), "+15550100100");

	char err[128] = "";
	assert_true(department_from_json(j, &back, &cback, err, sizeof err));
	assert_string_equal(back.id, "dfront");
	assert_string_equal(back.name, "Front Desk");
	assert_string_equal(back.sms_number, "+15550100100");
	assert_string_equal(back.secure_template_id, "tsecure1");
	assert_int_equal(back.version, 7);
	assert_memory_equal(&cback, &counts, sizeof counts);

	json_decref(j);
	department_clear(&back);
	department_clear(&d);
}

static void unit__codec__department__no_counts_and_null_secure_template(void **state)
{
	(void)state;
	struct department d = { 0 }, back;
	strcpy(d.id, "dbill");
	d.name = xstrdup("Billing");
	d.sms_number = xstrdup("+15550100200");
	json_t *j = wire(department_to_json(&d, NULL));
	assert_null(json_object_get(j, "counts"));
	assert_null_member(j, "secureTemplateId");

	struct dept_counts cback = { 1, 1, 1, 1, 1, 1 };
	assert_true(department_from_json(j, &back, &cback, NULL, 0));
	assert_null(back.secure_template_id);
	assert_int_equal(cback.open, 0); /* absent counts read as zero */
	json_decref(j);
	department_clear(&back);
	department_clear(&d);
}

/* ---- Staff ------------------------------------------------------------- */

static void unit__codec__staff__round_trip(void **state)
{
	(void)state;
	struct staff s = { 0 }, back;
	strcpy(s.id, "sdana");
	s.username = xstrdup("dana");
	s.display_name = xstrdup("Dana Reyes");
	s.role = ROLE_SUPERVISOR;
	id_list_add(&s.depts, "dfront");
	id_list_add(&s.depts, "dbill");
	s.disabled = true;
	s.version = 3;

	json_t *j = wire(staff_to_json(&s));
	assert_string_equal(str_of(j, "role"), "supervisor");
	assert_int_equal(json_array_size(json_object_get(j, "departmentIds")), 2);
	assert_true(staff_from_json(j, &back, NULL, 0));
	assert_string_equal(back.id, "sdana");
	assert_string_equal(back.username, "dana");
	assert_string_equal(back.display_name, "Dana Reyes");
	assert_int_equal(back.role, ROLE_SUPERVISOR);
	assert_int_equal(back.depts.n, 2);
	assert_true(id_list_has(&back.depts, "dfront"));
	assert_true(id_list_has(&back.depts, "dbill"));
	assert_true(back.disabled);
	assert_int_equal(back.version, 3);
	json_decref(j);
	staff_clear(&back);
	staff_clear(&s);
}

static void unit__codec__staff__never_emits_secrets(void **state)
{
	(void)state;
	struct staff s = { 0 };
	strcpy(s.id, "sdana");
	s.username = xstrdup("dana");
	s.display_name = xstrdup("Dana Reyes");
	s.password_hash = xstrdup("$argon2id$v=19$m=65536,t=3,p=1$SECRETHASH");
	s.totp_secret = xstrdup("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
	s.totp_last_step = 56666667;

	json_t *j = staff_to_json(&s);
	char *text = json_dumps(j, 0);
	assert_null(strstr(text, "SECRETHASH"));
	assert_null(strstr(text, "JBSWY3DP"));
	assert_null(strstr(text, "56666667"));
	assert_null(strstr(text, "password"));
	assert_null(strstr(text, "totp"));
	assert_int_equal(json_object_size(j), 7);
	free(text);
	json_decref(j);
	staff_clear(&s);
}

static void unit__codec__staff__bad_department_ids_named(void **state)
{
	(void)state;
	struct staff back;
	char err[128];
	json_t *j = parse("{\"id\":\"s1\",\"departmentIds\":[\"d1\",7]}");
	assert_false(staff_from_json(j, &back, err, sizeof err));
	assert_string_equal(err, "Staff.departmentIds: expected an array of ids");
	assert_int_equal(back.depts.n, 0);
	assert_null(back.depts.ids);
	json_decref(j);

	j = parse("{\"id\":\"s1\",\"departmentIds\":\"d1\"}");
	assert_false(staff_from_json(j, &back, err, sizeof err));
	assert_string_equal(err, "Staff.departmentIds: expected an array of ids");
	json_decref(j);

	j = parse("{\"id\":\"s1\",\"role\":\"owner\"}");
	assert_false(staff_from_json(j, &back, err, sizeof err));
	assert_string_equal(err, "Staff.role: unknown value");
	json_decref(j);
}

/* ---- Conversation ------------------------------------------------------ */

static void fill_conversation(struct conversation *c)
{
	memset(c, 0, sizeof *c);
	strcpy(c->id, "c7q2m");
	strcpy(c->department_id, "dfront");
	c->patient_name = xstrdup("Mar\xc3\xad" "a L\xc3\xb3" "pez");
	c->patient_phone = xstrdup("+15551234567");
	c->language = xstrdup("es");
	c->status = CONV_SNOOZED;
	c->snoozed_until = T0 + 3600 * 1000;
	strcpy(c->assignee_id, "sdana");
	strcpy(c->last_message_id, "m99");
	c->last_preview = xstrdup("\xc2\xbf" "A qu\xc3\xa9 hora es mi cita?");
	c->last_direction = MSG_IN;
	c->last_activity = T0;
	c->waiting_since = T0 - 60000;
	c->unread = true;
	c->consent = CONSENT_OPTED_IN;
	c->created_at = T0 - 86400000;
	c->version = 41;
}

static void unit__codec__conversation__round_trip(void **state)
{
	(void)state;
	struct conversation c, back;
	fill_conversation(&c);
	json_t *j = wire(conversation_to_json(&c));

	assert_string_equal(str_of(j, "status"), "snoozed");
	assert_string_equal(str_of(j, "consent"), "optedIn");
	assert_string_equal(str_of(j, "lastActivity"), "2026-11-23T07:13:33Z");
	assert_string_equal(str_of(j, "snoozedUntil"), "2026-11-23T08:13:33Z");
	json_t *last = json_object_get(j, "lastMessage");
	assert_true(json_is_object(last));
	assert_string_equal(str_of(last, "id"), "m99");
	assert_string_equal(str_of(last, "direction"), "in");
	assert_string_equal(str_of(last, "at"), "2026-11-23T07:13:33Z");

	char err[128] = "";
	assert_true(conversation_from_json(j, &back, err, sizeof err));
	assert_string_equal(back.id, c.id);
	assert_string_equal(back.department_id, c.department_id);
	assert_string_equal(back.patient_name, c.patient_name);
	assert_string_equal(back.patient_phone, c.patient_phone);
	assert_string_equal(back.language, "es");
	assert_int_equal(back.status, CONV_SNOOZED);
	assert_int_equal(back.snoozed_until, c.snoozed_until);
	assert_string_equal(back.assignee_id, "sdana");
	assert_string_equal(back.last_message_id, "m99");
	assert_string_equal(back.last_preview, c.last_preview);
	assert_int_equal(back.last_direction, MSG_IN);
	assert_int_equal(back.last_activity, T0);
	assert_int_equal(back.waiting_since, c.waiting_since);
	assert_true(back.unread);
	assert_int_equal(back.consent, CONSENT_OPTED_IN);
	assert_int_equal(back.created_at, c.created_at);
	assert_int_equal(back.version, 41);
	json_decref(j);
	conversation_clear(&back);
	conversation_clear(&c);
}

static void unit__codec__conversation__nulls_for_none(void **state)
{
	(void)state;
	struct conversation c, back;
	fill_conversation(&c);
	c.status = CONV_OPEN;
	c.snoozed_until = 0;
	c.assignee_id[0] = '\0';
	c.last_message_id[0] = '\0';
	c.waiting_since = 0;
	c.unread = false;
	c.consent = CONSENT_UNKNOWN;

	json_t *j = wire(conversation_to_json(&c));
	assert_null_member(j, "snoozedUntil");
	assert_null_member(j, "assigneeId");
	assert_null_member(j, "lastMessage");
	assert_null_member(j, "waitingSince");
	assert_true(json_is_false(json_object_get(j, "unread")));
	assert_string_equal(str_of(j, "consent"), "unknown");

	assert_true(conversation_from_json(j, &back, NULL, 0));
	assert_int_equal(back.snoozed_until, 0);
	assert_string_equal(back.assignee_id, "");
	assert_string_equal(back.last_message_id, "");
	assert_null(back.last_preview);
	assert_int_equal(back.waiting_since, 0);
	assert_int_equal(back.last_activity, T0);
	json_decref(j);
	conversation_clear(&back);
	conversation_clear(&c);
}

static void unit__codec__conversation__sub_second_times_truncate(void **state)
{
	(void)state;
	struct conversation c, back;
	fill_conversation(&c);
	c.last_activity = T0 + 999;
	json_t *j = wire(conversation_to_json(&c));
	assert_true(conversation_from_json(j, &back, NULL, 0));
	assert_int_equal(back.last_activity, T0);
	json_decref(j);
	conversation_clear(&back);
	conversation_clear(&c);
}

static void unit__codec__conversation__bad_properties_named_without_values(void **state)
{
	(void)state;
	struct {
		const char *json, *err;
	} cases[] = {
		{ "{\"id\":\"c1\",\"status\":\"closed\"}", "Conversation.status: unknown value" },
		{ "{\"id\":\"c1\",\"status\":3}", "Conversation.status: unknown value" },
		{ "{\"id\":\"c1\",\"patientName\":42}", "Conversation.patientName: expected a string" },
		{ "{\"id\":\"c1\",\"patientName\":null}", "Conversation.patientName: must not be null" },
		{ "{\"id\":\"c1\",\"lastActivity\":\"Mar\xc3\xad" "a L\xc3\xb3" "pez\"}",
		  "Conversation.lastActivity: not an ISO 8601 time" },
		{ "{\"id\":\"c1\",\"unread\":1}", "Conversation.unread: expected true or false" },
		{ "{\"id\":\"c1\",\"version\":\"3\"}", "Conversation.version: expected an integer" },
		{ "{\"id\":\"c1\",\"version\":-1}", "Conversation.version: out of range" },
		{ "{\"id\":\"c1\",\"assigneeId\":\"has space\"}", "Conversation.assigneeId: not a valid id" },
		{ "{\"id\":\"c1\",\"departmentId\":\"\"}", "Conversation.departmentId: not a valid id" },
		{ "{\"id\":\"c1\",\"consent\":\"optedout\"}", "Conversation.consent: unknown value" },
		{ "{\"id\":\"c1\",\"lastMessage\":\"m1\"}", "Conversation.lastMessage: not a JSON object" },
		{ "{\"id\":\"c1\",\"lastMessage\":{\"direction\":\"in\"}}",
		  "Conversation.lastMessage.id: missing" },
		{ "{\"id\":\"c1\",\"lastMessage\":{\"id\":\"m1\",\"direction\":\"up\"}}",
		  "Conversation.lastMessage.direction: unknown value" },
		{ "{\"patientName\":\"Ana\"}", "Conversation.id: missing" },
		{ "{\"id\":\"aaaaaaaaaaaaaaaaaaaaaaaa\"}", "Conversation.id: not a valid id" },
		{ "[1,2]", "Conversation: not a JSON object" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char err[128] = "";
		struct conversation back;
		json_t *j = parse(cases[i].json);
		assert_false(conversation_from_json(j, &back, err, sizeof err));
		assert_string_equal(err, cases[i].err);
		assert_null(strstr(err, "Mar\xc3\xad"));
		/* A failed decode leaves nothing allocated or half-filled. */
		assert_null(back.patient_name);
		assert_string_equal(back.id, "");
		json_decref(j);
	}
}

static void unit__codec__conversation__first_bad_property_wins(void **state)
{
	(void)state;
	char err[128];
	struct conversation back;
	json_t *j = parse("{\"id\":\"c1\",\"patientName\":\"Ana\",\"status\":\"x\",\"unread\":\"x\"}");
	assert_false(conversation_from_json(j, &back, err, sizeof err));
	assert_string_equal(err, "Conversation.status: unknown value");
	assert_null(back.patient_name); /* decoded before the failure, then freed */
	json_decref(j);

	/* A tiny buffer truncates rather than overflows. */
	char small[8];
	j = parse("{\"id\":\"c1\",\"status\":\"x\"}");
	assert_false(conversation_from_json(j, &back, small, sizeof small));
	assert_string_equal(small, "Convers");
	assert_false(conversation_from_json(j, &back, NULL, 0));
	json_decref(j);
}

static void unit__codec__conversation__partial_object_decodes(void **state)
{
	(void)state;
	/* What a JMAP get with properties ["status","unread"] returns. */
	struct conversation back;
	json_t *j = parse("{\"id\":\"c1\",\"status\":\"resolved\",\"unread\":true}");
	assert_true(conversation_from_json(j, &back, NULL, 0));
	assert_string_equal(back.id, "c1");
	assert_int_equal(back.status, CONV_RESOLVED);
	assert_true(back.unread);
	assert_null(back.patient_name);
	assert_int_equal(back.version, 0);
	json_decref(j);
	conversation_clear(&back);
}

static void unit__codec__conversation__nul_in_string_rejected(void **state)
{
	(void)state;
	char err[128];
	struct conversation back;
	/* jansson refuses \u0000 unless asked, but a decoder built with
	 * JSON_ALLOW_NUL (or json_stringn) can still hand one over. */
	json_error_t e;
	json_t *j = json_loads("{\"id\":\"c1\",\"patientName\":\"Ana\\u0000Bad\"}", JSON_ALLOW_NUL, &e);
	assert_non_null(j);
	assert_false(conversation_from_json(j, &back, err, sizeof err));
	assert_string_equal(err, "Conversation.patientName: contains a NUL character");
	json_decref(j);
}

static void unit__codec__conversation__time_offsets_accepted(void **state)
{
	(void)state;
	struct conversation back;
	json_t *j = parse("{\"id\":\"c1\",\"lastActivity\":\"2026-11-23T02:13:33-05:00\","
			  "\"createdAt\":\"2026-11-23T07:13:33.250Z\"}");
	assert_true(conversation_from_json(j, &back, NULL, 0));
	assert_int_equal(back.last_activity, T0);
	assert_int_equal(back.created_at, T0 + 250);
	json_decref(j);
	conversation_clear(&back);
}

/* ---- Message ----------------------------------------------------------- */

static void unit__codec__message__round_trip(void **state)
{
	(void)state;
	struct message m = { 0 }, back;
	strcpy(m.id, "m1");
	strcpy(m.conversation_id, "c7q2m");
	m.direction = MSG_OUT;
	m.body = xstrdup("Your appointment is confirmed \xf0\x9f\x91\x8d");
	strcpy(m.author_id, "sdana");
	m.client_msg_id = xstrdup("6f1c2a9e-4b1d-4a55-9a0e-3a4c2b1d0e9f");
	m.request_hash = xstrdup("deadbeef");
	m.carrier_sid = xstrdup("SM0123456789");
	m.delivery = DELIV_FAILED;
	m.delivery_error = xstrdup("30007");
	m.segments = 2;
	m.created_at = T0;
	m.version = 5;

	json_t *j = wire(message_to_json(&m));
	assert_string_equal(str_of(j, "direction"), "out");
	assert_string_equal(str_of(j, "delivery"), "failed");
	assert_null(json_object_get(j, "requestHash"));
	assert_null(json_object_get(j, "carrierSid"));
	assert_int_equal(json_object_size(j), 12);
	/* A plain SMS: an empty attachments array, never an absent one. */
	assert_true(json_is_array(json_object_get(j, "attachments")));
	assert_int_equal(json_array_size(json_object_get(j, "attachments")), 0);

	assert_true(message_from_json(j, &back, NULL, 0));
	assert_string_equal(back.id, "m1");
	assert_string_equal(back.conversation_id, "c7q2m");
	assert_int_equal(back.direction, MSG_OUT);
	assert_string_equal(back.body, m.body);
	assert_string_equal(back.author_id, "sdana");
	assert_string_equal(back.client_msg_id, m.client_msg_id);
	assert_int_equal(back.delivery, DELIV_FAILED);
	assert_string_equal(back.delivery_error, "30007");
	assert_int_equal(back.segments, 2);
	assert_int_equal(back.created_at, T0);
	assert_int_equal(back.version, 5);
	assert_null(back.request_hash);
	assert_null(back.carrier_sid);
	json_decref(j);
	message_clear(&back);
	message_clear(&m);
}

static void unit__codec__message__inbound_nulls(void **state)
{
	(void)state;
	struct message m = { 0 }, back;
	strcpy(m.id, "m2");
	strcpy(m.conversation_id, "c1");
	m.direction = MSG_IN;
	m.body = xstrdup("STOP");
	m.delivery = DELIV_RECEIVED;
	m.segments = 1;
	m.created_at = T0;
	json_t *j = wire(message_to_json(&m));
	assert_null_member(j, "authorId");
	assert_null_member(j, "clientMsgId");
	assert_null_member(j, "deliveryError");
	assert_true(message_from_json(j, &back, NULL, 0));
	assert_string_equal(back.author_id, "");
	assert_null(back.client_msg_id);
	assert_null(back.delivery_error);
	assert_int_equal(back.delivery, DELIV_RECEIVED);
	json_decref(j);
	message_clear(&back);
	message_clear(&m);
}

static void unit__codec__message__invalid_utf8_body_replaced(void **state)
{
	(void)state;
	struct message m = { 0 };
	strcpy(m.id, "m3");
	m.body = xstrdup("caf\xe9 ok"); /* Latin-1 é from a misbehaving carrier */
	json_t *j = message_to_json(&m);
	assert_string_equal(str_of(j, "body"), "caf\xef\xbf\xbd ok");
	json_decref(j);
	message_clear(&m);
}

static void unit__codec__message__bad_values(void **state)
{
	(void)state;
	char err[128];
	struct message back;
	json_t *j = parse("{\"id\":\"m1\",\"segments\":-2}");
	assert_false(message_from_json(j, &back, err, sizeof err));
	assert_string_equal(err, "Message.segments: out of range");
	json_decref(j);
	j = parse("{\"id\":\"m1\",\"delivery\":\"queued\"}");
	assert_false(message_from_json(j, &back, err, sizeof err));
	assert_string_equal(err, "Message.delivery: unknown value");
	json_decref(j);
	j = parse("{\"id\":\"m1\",\"body\":\"hi\",\"clientMsgId\":5}");
	assert_false(message_from_json(j, &back, err, sizeof err));
	assert_string_equal(err, "Message.clientMsgId: expected a string");
	assert_null(back.body);
	json_decref(j);
}

static void unit__codec__message__attachments_round_trip(void **state)
{
	(void)state;
	struct message m = { 0 }, back;
	strcpy(m.id, "m4");
	strcpy(m.conversation_id, "c1");
	m.direction = MSG_IN;
	m.body = xstrdup("");
	m.n_attachments = 3;
	m.attachments = xcalloc(3, sizeof *m.attachments);
	strcpy(m.attachments[0].id, "a1");
	m.attachments[0].content_type = xstrdup("image/jpeg");
	m.attachments[0].size = 183296;
	m.attachments[0].state = MMS_STORED;
	m.attachments[0].name = xstrdup("card.jpg");
	strcpy(m.attachments[1].id, "a2");
	m.attachments[1].state = MMS_FETCHING;
	strcpy(m.attachments[2].id, "a3");
	m.attachments[2].state = MMS_REJECTED;
	m.attachments[2].reason = MMS_TOO_LARGE;
	json_t *j = wire(message_to_json(&m));
	json_t *arr = json_object_get(j, "attachments");
	assert_int_equal(json_array_size(arr), 3);
	assert_string_equal(str_of(json_array_get(arr, 0), "state"), "stored");
	assert_null_member(json_array_get(arr, 0), "reason");
	assert_null_member(json_array_get(arr, 1), "contentType");
	assert_null_member(json_array_get(arr, 1), "name");
	assert_string_equal(str_of(json_array_get(arr, 2), "reason"), "tooLarge");

	assert_true(message_from_json(j, &back, NULL, 0));
	assert_int_equal(back.n_attachments, 3);
	assert_string_equal(back.attachments[0].id, "a1");
	assert_string_equal(back.attachments[0].content_type, "image/jpeg");
	assert_int_equal(back.attachments[0].size, 183296);
	assert_int_equal(back.attachments[0].state, MMS_STORED);
	assert_int_equal(back.attachments[0].reason, MMS_REASON_NONE);
	assert_string_equal(back.attachments[0].name, "card.jpg");
	assert_int_equal(back.attachments[1].state, MMS_FETCHING);
	assert_null(back.attachments[1].content_type);
	assert_int_equal(back.attachments[2].state, MMS_REJECTED);
	assert_int_equal(back.attachments[2].reason, MMS_TOO_LARGE);
	json_decref(j);
	message_clear(&back);
	message_clear(&m);
	assert_null(m.attachments);
	assert_int_equal(m.n_attachments, 0);
}

static void unit__codec__message__attachments_bad_values(void **state)
{
	(void)state;
	char err[128];
	struct message back;
	static const struct {
		const char *json, *err;
	} cases[] = {
		{ "{\"id\":\"m1\",\"attachments\":{}}", "Message.attachments: expected an array" },
		{ "{\"id\":\"m1\",\"attachments\":[{\"size\":3}]}", "Message.attachments.id: missing" },
		{ "{\"id\":\"m1\",\"attachments\":[{\"id\":\"a1\",\"state\":\"lost\"}]}",
		  "Message.attachments.state: unknown value" },
		{ "{\"id\":\"m1\",\"attachments\":[{\"id\":\"a1\",\"state\":\"rejected\","
		  "\"reason\":\"tooBig\"}]}",
		  "Message.attachments.reason: unknown value" },
		{ "{\"id\":\"m1\",\"attachments\":[{\"id\":\"a1\"},{\"id\":\"a2\",\"size\":-1}]}",
		  "Message.attachments.size: out of range" },
		{ "{\"id\":\"m1\",\"attachments\":[7]}", "Message.attachments: not a JSON object" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *j = parse(cases[i].json);
		assert_false(message_from_json(j, &back, err, sizeof err));
		assert_string_equal(err, cases[i].err);
		assert_null(back.attachments);
		json_decref(j);
	}
	/* Absent or null: no attachments (an older server). */
	json_t *j = parse("{\"id\":\"m1\",\"attachments\":null}");
	assert_true(message_from_json(j, &back, err, sizeof err));
	assert_int_equal(back.n_attachments, 0);
	message_clear(&back);
	json_decref(j);
}

/* ---- Note -------------------------------------------------------------- */

static void unit__codec__note__round_trip(void **state)
{
	(void)state;
	struct note n = { 0 }, back;
	strcpy(n.id, "n1");
	strcpy(n.conversation_id, "c1");
	strcpy(n.author_id, "sdana");
	n.body = xstrdup("Called back, left voicemail");
	n.created_at = T0;
	n.version = 2;
	json_t *j = wire(note_to_json(&n));
	assert_int_equal(json_object_size(j), 6);
	assert_true(note_from_json(j, &back, NULL, 0));
	assert_string_equal(back.id, "n1");
	assert_string_equal(back.conversation_id, "c1");
	assert_string_equal(back.author_id, "sdana");
	assert_string_equal(back.body, n.body);
	assert_int_equal(back.created_at, T0);
	assert_int_equal(back.version, 2);
	json_decref(j);
	note_clear(&back);
	note_clear(&n);
}

/* ---- Assignment -------------------------------------------------------- */

static void unit__codec__assignment__round_trip_and_nulls(void **state)
{
	(void)state;
	struct assignment a = { 0 }, back;
	strcpy(a.id, "a1");
	strcpy(a.conversation_id, "c1");
	a.kind = ASSIGN_TRANSFER;
	strcpy(a.from_staff, "sdana");
	strcpy(a.from_dept, "dfront");
	strcpy(a.to_dept, "dbill");
	strcpy(a.by_staff, "sdana");
	a.at = T0;
	a.version = 9;
	json_t *j = wire(assignment_to_json(&a));
	assert_string_equal(str_of(j, "kind"), "transfer");
	assert_null_member(j, "toStaffId");
	assert_string_equal(str_of(j, "toDepartmentId"), "dbill");
	assert_true(assignment_from_json(j, &back, NULL, 0));
	assert_memory_equal(&back, &a, sizeof a);
	json_decref(j);

	char err[128];
	j = parse("{\"id\":\"a1\",\"kind\":\"steal\",\"toStaffId\":\"s2\"}");
	assert_false(assignment_from_json(j, &back, err, sizeof err));
	assert_string_equal(err, "Assignment.kind: unknown value");
	assert_string_equal(back.id, "");
	json_decref(j);
}

/* ---- Template ---------------------------------------------------------- */

static void unit__codec__template__round_trip_global_and_department(void **state)
{
	(void)state;
	struct template t = { 0 }, back;
	strcpy(t.id, "t1");
	t.name = xstrdup("Recordatorio");
	t.language = xstrdup("es");
	t.body = xstrdup("Hola {firstName}, su cita es el {date}.");
	t.version = 4;
	json_t *j = wire(template_to_json(&t));
	assert_null_member(j, "departmentId");
	assert_true(template_from_json(j, &back, NULL, 0));
	assert_string_equal(back.department_id, "");
	assert_string_equal(back.name, t.name);
	assert_string_equal(back.language, "es");
	assert_string_equal(back.body, t.body);
	assert_int_equal(back.version, 4);
	json_decref(j);
	template_clear(&back);

	strcpy(t.department_id, "dbill");
	j = wire(template_to_json(&t));
	assert_string_equal(str_of(j, "departmentId"), "dbill");
	assert_true(template_from_json(j, &back, NULL, 0));
	assert_string_equal(back.department_id, "dbill");
	json_decref(j);
	template_clear(&back);
	template_clear(&t);
}

/* ---- properties filter ------------------------------------------------- */

static void unit__codec__properties_filter__keeps_listed_and_id(void **state)
{
	(void)state;
	struct conversation c;
	fill_conversation(&c);
	json_t *full = conversation_to_json(&c);
	json_t *props = parse("[\"status\",\"unread\",\"noSuchProperty\"]");
	json_t *f = codec_properties_filter(full, props);
	assert_non_null(f);
	assert_int_equal(json_object_size(f), 3);
	assert_string_equal(str_of(f, "id"), "c7q2m");
	assert_string_equal(str_of(f, "status"), "snoozed");
	assert_true(json_is_true(json_object_get(f, "unread")));
	assert_null(json_object_get(f, "patientName"));
	/* The result is a new object: changing it leaves the original alone. */
	json_object_del(f, "status");
	assert_non_null(json_object_get(full, "status"));
	json_decref(f);
	json_decref(props);

	/* Explicitly asking for id does not duplicate it; an empty list is id only. */
	props = parse("[\"id\"]");
	f = codec_properties_filter(full, props);
	assert_int_equal(json_object_size(f), 1);
	json_decref(f);
	json_decref(props);
	props = parse("[]");
	f = codec_properties_filter(full, props);
	assert_int_equal(json_object_size(f), 1);
	json_decref(f);
	json_decref(props);

	json_decref(full);
	conversation_clear(&c);
}

static void unit__codec__properties_filter__null_means_all(void **state)
{
	(void)state;
	struct conversation c;
	fill_conversation(&c);
	json_t *full = conversation_to_json(&c);
	json_t *f = codec_properties_filter(full, NULL);
	assert_true(json_equal(f, full));
	assert_true(f != full);
	json_decref(f);
	json_t *jnull = json_null();
	f = codec_properties_filter(full, jnull);
	assert_true(json_equal(f, full));
	json_decref(f);
	json_decref(full);
	conversation_clear(&c);
}

static void unit__codec__properties_filter__rejects_bad_properties(void **state)
{
	(void)state;
	json_t *obj = parse("{\"id\":\"c1\",\"status\":\"open\"}");
	json_t *p = parse("[\"status\",3]");
	assert_null(codec_properties_filter(obj, p));
	json_decref(p);
	p = parse("{\"status\":true}");
	assert_null(codec_properties_filter(obj, p));
	json_decref(p);
	p = json_string("status");
	assert_null(codec_properties_filter(obj, p));
	json_decref(p);
	p = parse("[\"status\"]");
	json_t *arr = parse("[1]");
	assert_null(codec_properties_filter(arr, p));
	json_decref(arr);
	json_decref(p);
	json_decref(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit__codec__department__round_trip_with_counts),
		cmocka_unit_test(unit__codec__department__no_counts_and_null_secure_template),
		cmocka_unit_test(unit__codec__staff__round_trip),
		cmocka_unit_test(unit__codec__staff__never_emits_secrets),
		cmocka_unit_test(unit__codec__staff__bad_department_ids_named),
		cmocka_unit_test(unit__codec__conversation__round_trip),
		cmocka_unit_test(unit__codec__conversation__nulls_for_none),
		cmocka_unit_test(unit__codec__conversation__sub_second_times_truncate),
		cmocka_unit_test(unit__codec__conversation__bad_properties_named_without_values),
		cmocka_unit_test(unit__codec__conversation__first_bad_property_wins),
		cmocka_unit_test(unit__codec__conversation__partial_object_decodes),
		cmocka_unit_test(unit__codec__conversation__nul_in_string_rejected),
		cmocka_unit_test(unit__codec__conversation__time_offsets_accepted),
		cmocka_unit_test(unit__codec__message__round_trip),
		cmocka_unit_test(unit__codec__message__inbound_nulls),
		cmocka_unit_test(unit__codec__message__invalid_utf8_body_replaced),
		cmocka_unit_test(unit__codec__message__bad_values),
		cmocka_unit_test(unit__codec__message__attachments_round_trip),
		cmocka_unit_test(unit__codec__message__attachments_bad_values),
		cmocka_unit_test(unit__codec__note__round_trip),
		cmocka_unit_test(unit__codec__assignment__round_trip_and_nulls),
		cmocka_unit_test(unit__codec__template__round_trip_global_and_department),
		cmocka_unit_test(unit__codec__properties_filter__keeps_listed_and_id),
		cmocka_unit_test(unit__codec__properties_filter__null_means_all),
		cmocka_unit_test(unit__codec__properties_filter__rejects_bad_properties),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
