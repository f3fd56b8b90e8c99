/* Unit tests for core/cstore: the queue prefix (append, queryChanges with
 * removals and additions inside and beyond the prefix), conversation drop,
 * PHI wipe, thread ordering, presence expiry and drafts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/util.h"
#include "core/cstore.h"
#include "proto/codec.h"

static void put_conv(struct cstore *s, const char *id, const char *name)
{
	struct conversation c = { 0 };
	snprintf(c.id, sizeof c.id, "%s", id);
	snprintf(c.department_id, sizeof c.department_id, "dfront");
	c.patient_name = xstrdup(name);
	c.patient_phone = xstrdup("+15555550142");
	c.last_preview = xstrdup("Can I move my appointment?");
	c.version = 1;
	cstore_conversation_put(s, &c);
	assert_null(c.patient_name); /* ownership moved, struct zeroed */
	assert_string_equal(c.id, "");
}

static void put_msg(struct cstore *s, const char *id, const char *conv, int64_t at,
		    enum msg_direction dir, const char *body)
{
	struct message m = { 0 };
	snprintf(m.id, sizeof m.id, "%s", id);
	snprintf(m.conversation_id, sizeof m.conversation_id, "%s", conv);
	m.direction = dir;
	m.body = xstrdup(body);
	m.created_at = at;
	m.version = 1;
	cstore_message_put(s, &m);
	assert_null(m.body);
}

static void put_note(struct cstore *s, const char *id, const char *conv, int64_t at)
{
	struct note n = { 0 };
	snprintf(n.id, sizeof n.id, "%s", id);
	snprintf(n.conversation_id, sizeof n.conversation_id, "%s", conv);
	n.body = xstrdup("called back, left voicemail");
	n.created_at = at;
	cstore_note_put(s, &n);
}

/* The prefix as "a,b,c". */
static void queue_str(const struct cstore *s, char *out, size_t len)
{
	out[0] = '\0';
	for (size_t i = 0; i < cstore_queue_loaded(s); i++) {
		size_t used = strlen(out);
		snprintf(out + used, len - used, "%s%s", i ? "," : "", cstore_queue_id(s, i));
	}
}

static void unit__cstore__queue_append_only_at_prefix_end(void **state)
{
	(void)state;
	struct cstore *s = cstore_new();
	const char *p1[] = { "c1", "c2", "c3" };
	const char *p2[] = { "c4", "c5" };
	char q[256];
	cstore_queue_reset(s, "qs1", 5);
	uint64_t gen = cstore_queue_gen(s);
	cstore_queue_append(s, 0, p1, 3);
	assert_true(cstore_queue_gen(s) != gen);
	cstore_queue_append(s, 1, p2, 2); /* not the end of the prefix: ignored */
	cstore_queue_append(s, 5, p2, 2);
	queue_str(s, q, sizeof q);
	assert_string_equal(q, "c1,c2,c3");
	cstore_queue_append(s, 3, p2, 2);
	queue_str(s, q, sizeof q);
	assert_string_equal(q, "c1,c2,c3,c4,c5");
	assert_int_equal(cstore_queue_total(s), 5);
	assert_string_equal(cstore_queue_state(s), "qs1");
	assert_int_equal(cstore_queue_find(s, "c4"), 3);
	assert_int_equal(cstore_queue_find(s, "c9"), -1);
	/* An id already listed (page read at a newer state) is not repeated. */
	const char *p3[] = { "c5", "c6" };
	cstore_queue_append(s, 5, p3, 2);
	queue_str(s, q, sizeof q);
	assert_string_equal(q, "c1,c2,c3,c4,c5,c6");
	cstore_queue_reset(s, NULL, 0);
	assert_int_equal(cstore_queue_loaded(s), 0);
	assert_null(cstore_queue_state(s));
	cstore_free(&s);
	assert_null(s);
}

static void unit__cstore__queue_apply_inside_prefix(void **state)
{
	(void)state;
	struct cstore *s = cstore_new();
	const char *ids[] = { "c1", "c2", "c3", "c4" };
	char q[256];
	cstore_queue_reset(s, "qs1", 10);
	cstore_queue_append(s, 0, ids, 4);
	/* c3 changed and moved to the top; c9 is new at index 2. */
	const char *removed[] = { "c3", "c9" };
	const char *added[] = { "c3", "c9" };
	const int64_t index[] = { 0, 2 };
	uint64_t gen = cstore_queue_gen(s);
	cstore_queue_apply(s, "qs2", 11, removed, 2, added, index, 2);
	queue_str(s, q, sizeof q);
	assert_string_equal(q, "c3,c1,c9,c2,c4");
	assert_string_equal(cstore_queue_state(s), "qs2");
	assert_int_equal(cstore_queue_total(s), 11);
	assert_true(cstore_queue_gen(s) != gen);
	cstore_free(&s);
}

static void unit__cstore__queue_apply_removed_beyond_prefix(void **state)
{
	(void)state;
	struct cstore *s = cstore_new();
	const char *ids[] = { "c1", "c2", "c3" };
	char q[256];
	cstore_queue_reset(s, "qs1", 50);
	cstore_queue_append(s, 0, ids, 3);
	/* c40 (never loaded) was resolved: the prefix is untouched. */
	const char *removed[] = { "c40" };
	uint64_t gen = cstore_queue_gen(s);
	cstore_queue_apply(s, "qs2", 50, removed, 1, NULL, NULL, 0);
	queue_str(s, q, sizeof q);
	assert_string_equal(q, "c1,c2,c3");
	assert_int_equal(cstore_queue_gen(s), gen); /* nothing to redraw */
	assert_string_equal(cstore_queue_state(s), "qs2");
	/* c2 changed and now sorts beyond the prefix: it leaves, the prefix
	 * shrinks but stays contiguous. */
	const char *removed2[] = { "c2" };
	const char *added2[] = { "c2" };
	const int64_t index2[] = { 30 };
	cstore_queue_apply(s, "qs3", 49, removed2, 1, added2, index2, 1);
	queue_str(s, q, sizeof q);
	assert_string_equal(q, "c1,c3");
	assert_int_equal(cstore_queue_total(s), 49);
	cstore_free(&s);
}

static void unit__cstore__queue_apply_added_beyond_prefix(void **state)
{
	(void)state;
	struct cstore *s = cstore_new();
	const char *ids[] = { "c1", "c2", "c3" };
	char q[256];
	cstore_queue_reset(s, "qs1", 50);
	cstore_queue_append(s, 0, ids, 3);
	/* Index 3 is the end of the prefix: it extends it. Index 10 is beyond. */
	const char *added[] = { "c7", "c8" };
	const int64_t index[] = { 3, 10 };
	cstore_queue_apply(s, "qs2", 52, NULL, 0, added, index, 2);
	queue_str(s, q, sizeof q);
	assert_string_equal(q, "c1,c2,c3,c7");
	assert_int_equal(cstore_queue_find(s, "c8"), -1);
	/* Added entries count positions after earlier inserts. */
	const char *added2[] = { "c5", "c6" };
	const int64_t index2[] = { 0, 5 };
	cstore_queue_apply(s, "qs3", 54, NULL, 0, added2, index2, 2);
	queue_str(s, q, sizeof q);
	assert_string_equal(q, "c5,c1,c2,c3,c7,c6");
	cstore_free(&s);
}

static void unit__cstore__drop_forgets_thread_and_draft(void **state)
{
	(void)state;
	struct cstore *s = cstore_new();
	put_conv(s, "c1", "Ana Gómez");
	put_conv(s, "c2", "Ben Ode");
	put_msg(s, "m1", "c1", 1000, MSG_IN, "Hi");
	put_note(s, "n1", "c1", 2000);
	cstore_thread_mark_loaded(s, "c1");
	cstore_draft_set(s, "c1", "We can see you");
	struct cpresence p = { .expires_at = 5000 };
	snprintf(p.conversation_id, sizeof p.conversation_id, "c1");
	snprintf(p.staff_id, sizeof p.staff_id, "s9");
	snprintf(p.state, sizeof p.state, "composing");
	cstore_presence_put(s, &p);
	assert_non_null(cstore_presence(s, "c1", "s1", 1000));

	cstore_conversation_drop(s, "c1");
	assert_null(cstore_conversation(s, "c1"));
	assert_null(cstore_message(s, "m1"));
	assert_null(cstore_note(s, "n1"));
	const struct citem *items;
	assert_int_equal(cstore_thread(s, "c1", &items), 0);
	assert_false(cstore_thread_loaded(s, "c1"));
	assert_null(cstore_draft(s, "c1"));
	assert_null(cstore_presence(s, "c1", "s1", 1000));
	assert_non_null(cstore_conversation(s, "c2"));
	assert_int_equal(cstore_conversation_count(s), 1);
	cstore_conversation_drop(s, "nope"); /* unknown: nothing happens */
	cstore_free(&s);
}

static void unit__cstore__wipe_drops_phi_keeps_directory(void **state)
{
	(void)state;
	struct cstore *s = cstore_new();
	struct cdept *d = xcalloc(1, sizeof *d);
	snprintf(d->d.id, sizeof d->d.id, "dfront");
	d->d.name = xstrdup("Front Desk");
	d->counts.open = 3;
	d->has_counts = true;
	cstore_departments_set(s, d, 1);
	struct staff *st = xcalloc(1, sizeof *st);
	snprintf(st->id, sizeof st->id, "s1");
	st->display_name = xstrdup("Dana Reyes");
	cstore_staff_set(s, st, 1);
	cstore_staff_set_load(s, "s1", 4);
	struct template *t = xcalloc(1, sizeof *t);
	snprintf(t->id, sizeof t->id, "t1");
	t->body = xstrdup("Hi {patient.first_name}");
	cstore_templates_set(s, t, 1);
	cstore_state_set(s, OBJ_DEPARTMENT, "dst");
	cstore_state_set(s, OBJ_CONVERSATION, "cst");
	cstore_state_set(s, OBJ_MESSAGE, "mst");

	for (int i = 0; i < 100; i++) {
		char id[ID_LEN];
		snprintf(id, sizeof id, "c%d", i);
		put_conv(s, id, "Patient Name");
		char mid[ID_LEN];
		snprintf(mid, sizeof mid, "m%d", i);
		put_msg(s, mid, id, i, MSG_IN, "my results?");
		cstore_draft_set(s, id, "draft text");
	}
	const char *ids[] = { "c1", "c2" };
	cstore_queue_reset(s, "qs", 100);
	cstore_queue_append(s, 0, ids, 2);

	cstore_wipe_phi(s);
	for (int i = 0; i < 100; i++) {
		char id[ID_LEN];
		snprintf(id, sizeof id, "c%d", i);
		assert_null(cstore_conversation(s, id));
		assert_null(cstore_draft(s, id));
		char mid[ID_LEN];
		snprintf(mid, sizeof mid, "m%d", i);
		assert_null(cstore_message(s, mid));
	}
	assert_int_equal(cstore_conversation_count(s), 0);
	assert_int_equal(cstore_queue_loaded(s), 0);
	assert_null(cstore_state(s, OBJ_CONVERSATION));
	assert_null(cstore_state(s, OBJ_MESSAGE));
	/* Not PHI: kept so unlocking returns to the same place. */
	assert_string_equal(cstore_state(s, OBJ_DEPARTMENT), "dst");
	assert_string_equal(cstore_department(s, "dfront")->d.name, "Front Desk");
	assert_string_equal(cstore_staff(s, "s1")->display_name, "Dana Reyes");
	assert_int_equal(cstore_staff_load(s, "s1"), 4);
	assert_non_null(cstore_template(s, "t1"));
	/* The store keeps working after a wipe. */
	put_conv(s, "c1", "Ana");
	assert_non_null(cstore_conversation(s, "c1"));
	cstore_free(&s);
}

static void unit__cstore__thread_orders_by_time_then_arrival(void **state)
{
	(void)state;
	struct cstore *s = cstore_new();
	put_msg(s, "m3", "c1", 3000, MSG_OUT, "third");
	put_msg(s, "m1", "c1", 1000, MSG_IN, "first");
	put_note(s, "n1", "c1", 2000);
	put_msg(s, "m2a", "c1", 2000, MSG_IN, "same second, after the note");
	put_msg(s, "m4", "c2", 500, MSG_IN, "another thread");
	const struct citem *it;
	size_t n = cstore_thread(s, "c1", &it);
	assert_int_equal(n, 4);
	assert_false(it[0].is_note);
	assert_string_equal(it[0].m->id, "m1");
	assert_true(it[1].is_note);
	assert_string_equal(it[1].n->id, "n1");
	assert_string_equal(it[2].m->id, "m2a");
	assert_string_equal(it[3].m->id, "m3");
	assert_string_equal(cstore_thread_last_id(s, "c1"), "m3");

	/* Replacing keeps the place (delivery moved on) or re-sorts (time). */
	struct message m = { 0 };
	snprintf(m.id, sizeof m.id, "m3");
	snprintf(m.conversation_id, sizeof m.conversation_id, "c1");
	m.body = xstrdup("third");
	m.direction = MSG_OUT;
	m.delivery = DELIV_DELIVERED;
	m.created_at = 500;
	cstore_message_put(s, &m);
	n = cstore_thread(s, "c1", &it);
	assert_int_equal(n, 4);
	assert_string_equal(it[0].m->id, "m3");
	assert_int_equal(it[0].m->delivery, DELIV_DELIVERED);
	assert_string_equal(cstore_thread_last_id(s, "c1"), "m2a");
	assert_int_equal(cstore_thread(s, "c2", &it), 1);
	assert_null(cstore_thread_last_id(s, "c9"));

	/* Without ids nothing is stored. */
	struct message bad = { 0 };
	bad.body = xstrdup("x");
	cstore_message_put(s, &bad);
	assert_null(bad.body);

	cstore_threads_forget(s, "c1");
	assert_int_equal(cstore_thread(s, "c1", &it), 4);
	assert_int_equal(cstore_thread(s, "c2", &it), 0);
	assert_null(cstore_message(s, "m4"));
	cstore_free(&s);
}

static void unit__cstore__thread_many_items_stay_sorted(void **state)
{
	(void)state;
	struct cstore *s = cstore_new();
	/* Pseudo-random times, inserted in a scrambled order. */
	for (int i = 0; i < 300; i++) {
		char id[ID_LEN];
		snprintf(id, sizeof id, "m%d", i);
		put_msg(s, id, "c1", (int64_t)((i * 7919) % 1000), MSG_IN, "x");
	}
	const struct citem *it;
	size_t n = cstore_thread(s, "c1", &it);
	assert_int_equal(n, 300);
	for (size_t i = 1; i < n; i++)
		assert_true(it[i - 1].m->created_at <= it[i].m->created_at);
	assert_non_null(cstore_message(s, "m299"));
	cstore_free(&s);
}

static void unit__cstore__presence_expires_and_excludes_me(void **state)
{
	(void)state;
	struct cstore *s = cstore_new();
	struct cpresence p = { .expires_at = 30000 };
	snprintf(p.conversation_id, sizeof p.conversation_id, "c1");
	snprintf(p.staff_id, sizeof p.staff_id, "s9");
	snprintf(p.display_name, sizeof p.display_name, "Miguel Ortiz");
	snprintf(p.state, sizeof p.state, "composing");
	cstore_presence_put(s, &p);
	const struct cpresence *got = cstore_presence(s, "c1", "s1", 29999);
	assert_non_null(got);
	assert_string_equal(got->display_name, "Miguel Ortiz");
	assert_null(cstore_presence(s, "c1", "s1", 30000)); /* expired */
	assert_null(cstore_presence(s, "c1", "s9", 1000));  /* my own */
	assert_null(cstore_presence(s, "c2", "s1", 1000));
	/* A renewal replaces, "idle" removes. */
	p.expires_at = 60000;
	snprintf(p.state, sizeof p.state, "viewing");
	cstore_presence_put(s, &p);
	got = cstore_presence(s, "c1", NULL, 45000);
	assert_non_null(got);
	assert_string_equal(got->state, "viewing");
	snprintf(p.state, sizeof p.state, "idle");
	cstore_presence_put(s, &p);
	assert_null(cstore_presence(s, "c1", NULL, 45000));
	cstore_free(&s);
}

static void unit__cstore__drafts_and_states(void **state)
{
	(void)state;
	struct cstore *s = cstore_new();
	assert_null(cstore_draft(s, "c1"));
	cstore_draft_set(s, "c1", "first");
	cstore_draft_set(s, "c1", "second");
	assert_string_equal(cstore_draft(s, "c1"), "second");
	cstore_draft_set(s, "c1", "");
	assert_null(cstore_draft(s, "c1"));
	cstore_draft_set(s, "c1", "again");
	cstore_draft_set(s, "c1", NULL);
	assert_null(cstore_draft(s, "c1"));

	assert_null(cstore_state(s, OBJ_NOTE));
	cstore_state_set(s, OBJ_NOTE, "n1");
	cstore_state_set(s, OBJ_NOTE, "n2");
	assert_string_equal(cstore_state(s, OBJ_NOTE), "n2");
	cstore_free(&s);
}

static void unit__cstore__many_conversations_hash(void **state)
{
	(void)state;
	struct cstore *s = cstore_new();
	for (int i = 0; i < 5000; i++) {
		char id[ID_LEN];
		snprintf(id, sizeof id, "c%05d", i);
		put_conv(s, id, "N");
	}
	for (int i = 0; i < 5000; i += 2) {
		char id[ID_LEN];
		snprintf(id, sizeof id, "c%05d", i);
		cstore_conversation_drop(s, id);
	}
	assert_int_equal(cstore_conversation_count(s), 2500);
	assert_null(cstore_conversation(s, "c00000"));
	assert_string_equal(cstore_conversation(s, "c04999")->id, "c04999");
	size_t iter = 0, seen = 0;
	while (cstore_conversation_next(s, &iter))
		seen++;
	assert_int_equal(seen, 2500);
	/* Replacing keeps one entry. */
	put_conv(s, "c00001", "Renamed");
	assert_string_equal(cstore_conversation(s, "c00001")->patient_name, "Renamed");
	assert_int_equal(cstore_conversation_count(s), 2500);
	cstore_free(&s);
}

static void unit__cstore__attachments_newest_first(void **state)
{
	(void)state;
	struct cstore *s = cstore_new();
	put_msg(s, "m1", "c1", 1000, MSG_IN, "first");
	/* A message with two pictures (one still arriving) and one refused. */
	json_t *j = json_loads(
		"{\"id\":\"m2\",\"conversationId\":\"c1\",\"direction\":\"in\",\"body\":\"\","
		"\"createdAt\":\"2026-11-23T10:00:00Z\",\"attachments\":["
		"{\"id\":\"a1\",\"contentType\":\"image/jpeg\",\"size\":183296,\"state\":\"stored\","
		"\"reason\":null,\"name\":null},"
		"{\"id\":\"a2\",\"contentType\":null,\"size\":0,\"state\":\"fetching\"},"
		"{\"id\":\"a3\",\"size\":0,\"state\":\"rejected\",\"reason\":\"badType\"}]}",
		0, NULL);
	struct message m;
	assert_true(message_from_json(j, &m, NULL, 0));
	json_decref(j);
	cstore_message_put(s, &m);
	assert_null(m.attachments); /* moved into the store */
	j = json_loads("{\"id\":\"m3\",\"conversationId\":\"c1\",\"direction\":\"out\","
		       "\"body\":\"got it\",\"createdAt\":\"2026-11-23T11:00:00Z\",\"attachments\":["
		       "{\"id\":\"a4\",\"contentType\":\"application/pdf\",\"size\":900,"
		       "\"state\":\"stored\"}]}",
		       0, NULL);
	assert_true(message_from_json(j, &m, NULL, 0));
	json_decref(j);
	cstore_message_put(s, &m);

	const struct msg_attachment *atts[8];
	const struct message *msgs[8];
	assert_int_equal(cstore_attachments(s, "c1", false, atts, msgs, 8), 4);
	assert_string_equal(atts[0]->id, "a4"); /* the newest message first */
	assert_string_equal(msgs[0]->id, "m3");
	assert_string_equal(atts[1]->id, "a1"); /* then its own order */
	assert_string_equal(atts[2]->id, "a2");
	assert_int_equal(atts[3]->reason, MMS_BAD_TYPE);
	/* Only the ones that can be opened. */
	assert_int_equal(cstore_attachments(s, "c1", true, atts, NULL, 8), 2);
	assert_string_equal(atts[1]->id, "a1");
	/* max bounds what is filled, not the count. */
	assert_int_equal(cstore_attachments(s, "c1", false, atts, msgs, 1), 4);
	assert_int_equal(cstore_attachments(s, "nope", false, atts, msgs, 8), 0);

	const struct message *mm = NULL;
	const struct msg_attachment *a = cstore_attachment(s, "c1", "a1", &mm);
	assert_non_null(a);
	assert_int_equal(a->size, 183296);
	assert_string_equal(mm->id, "m2");
	assert_null(cstore_attachment(s, "c1", "zz", NULL));
	assert_null(cstore_attachment(s, "c2", "a1", NULL));

	/* The picture arrives: the new version replaces the old one. */
	j = json_loads("{\"id\":\"m2\",\"conversationId\":\"c1\",\"direction\":\"in\",\"body\":\"\","
		       "\"version\":2,\"createdAt\":\"2026-11-23T10:00:00Z\",\"attachments\":["
		       "{\"id\":\"a1\",\"contentType\":\"image/jpeg\",\"size\":183296,\"state\":\"stored\"},"
		       "{\"id\":\"a2\",\"contentType\":\"image/png\",\"size\":50,\"state\":\"stored\"},"
		       "{\"id\":\"a3\",\"size\":0,\"state\":\"rejected\",\"reason\":\"badType\"}]}",
		       0, NULL);
	assert_true(message_from_json(j, &m, NULL, 0));
	json_decref(j);
	cstore_message_put(s, &m);
	assert_int_equal(cstore_attachments(s, "c1", true, atts, NULL, 8), 3);
	/* A lock wipes them with the messages. */
	cstore_wipe_phi(s);
	assert_int_equal(cstore_attachments(s, "c1", false, atts, NULL, 8), 0);
	cstore_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit__cstore__queue_append_only_at_prefix_end),
		cmocka_unit_test(unit__cstore__queue_apply_inside_prefix),
		cmocka_unit_test(unit__cstore__queue_apply_removed_beyond_prefix),
		cmocka_unit_test(unit__cstore__queue_apply_added_beyond_prefix),
		cmocka_unit_test(unit__cstore__drop_forgets_thread_and_draft),
		cmocka_unit_test(unit__cstore__wipe_drops_phi_keeps_directory),
		cmocka_unit_test(unit__cstore__thread_orders_by_time_then_arrival),
		cmocka_unit_test(unit__cstore__thread_many_items_stay_sorted),
		cmocka_unit_test(unit__cstore__presence_expires_and_excludes_me),
		cmocka_unit_test(unit__cstore__drafts_and_states),
		cmocka_unit_test(unit__cstore__many_conversations_hash),
		cmocka_unit_test(unit__cstore__attachments_newest_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
