/* Unit tests for the store (store_*.c behind server/store.h): every object's
 * create/get, conversation listing (order, filters, totals, positions)
 * against a reference sort, the change log, waiting/unread rules, consent,
 * the audit chain and its tamper detection, access tokens, rate windows,
 * encryption at rest (the raw file holds no PHI) and a timed bulk seed.
 * Each test works in a fresh mkdtemp directory and removes it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "common/util.h"
#include "server/crypto.h"
#include "server/store.h"
#include "unit/server/tmpstore.h"

struct fx {
	struct tmpstore t;
	char d1[ID_LEN], d2[ID_LEN];
	char s1[ID_LEN], s2[ID_LEN];
	struct id_list both;
};

static const struct actor nobody = { NULL, NULL, NULL };

static void make_dept(struct fx *f, const char *name, const char *number, char id[ID_LEN])
{
	struct department d = { 0 };
	d.name = strdup(name);
	d.sms_number = strdup(number);
	assert_int_equal(store_department_create(f->t.st, &nobody, &d), STORE_OK);
	assert_true(d.version > 0);
	memcpy(id, d.id, ID_LEN);
	department_clear(&d);
}

static void make_staff(struct fx *f, const char *username, enum role role, const char *dept,
		       char id[ID_LEN])
{
	struct staff s = { 0 };
	s.username = strdup(username);
	s.display_name = strdup(username);
	s.role = role;
	id_list_add(&s.depts, dept);
	s.password_hash = strdup("$argon2id$fake");
	s.totp_secret = strdup("JBSWY3DPEHPK3PXP");
	assert_int_equal(store_staff_create(f->t.st, &nobody, &s), STORE_OK);
	memcpy(id, s.id, ID_LEN);
	staff_clear(&s);
}

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	tmpstore_open(&f->t, "store");
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	make_dept(f, "Front Desk", "+15550000001", f->d1);
	make_dept(f, "Billing", "+15550000002", f->d2);
	make_staff(f, "dana", ROLE_AGENT, f->d1, f->s1);
	make_staff(f, "eli", ROLE_SUPERVISOR, f->d1, f->s2);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	id_list_add(&f->both, f->d1);
	id_list_add(&f->both, f->d2);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	tmpstore_close(&f->t);
	id_list_clear(&f->both);
	free(f);
	return 0;
}

/* A second, raw connection for what the store itself must not allow. */
static void raw_exec(struct fx *f, const char *sql, int want)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(f->t.db, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (want == SQLITE_OK)
		assert_int_equal(rc, SQLITE_OK);
	else
		assert_int_not_equal(rc, SQLITE_OK);
	sqlite3_close(db);
}

static void conv_new(struct fx *f, const char *dept, const char *phone, const char *name,
		     char id[ID_LEN])
{
	struct conversation c = { 0 };
	snprintf(c.department_id, ID_LEN, "%s", dept);
	c.patient_phone = strdup(phone);
	c.patient_name = strdup(name);
	c.language = strdup("en");
	c.created_at = 1000;
	assert_int_equal(store_conversation_create(f->t.st, &nobody, &c), STORE_OK);
	memcpy(id, c.id, ID_LEN);
	conversation_clear(&c);
}

static void msg_new(struct fx *f, const char *conv, enum msg_direction dir, const char *body,
		    int64_t at, const char *author, char id[ID_LEN])
{
	struct message m = { 0 };
	snprintf(m.conversation_id, ID_LEN, "%s", conv);
	m.direction = dir;
	m.body = strdup(body);
	snprintf(m.author_id, ID_LEN, "%s", author ? author : "");
	m.delivery = dir == MSG_IN ? DELIV_RECEIVED : DELIV_PENDING;
	m.created_at = at;
	assert_int_equal(store_message_create(f->t.st, &nobody, &m), STORE_OK);
	if (id)
		memcpy(id, m.id, ID_LEN);
	message_clear(&m);
}

/* ---- lifecycle ---------------------------------------------------------------------------- */

static void unit__store__open__missing_file_needs_create(void **state)
{
	struct fx *f = *state;
	char path[160], err[256] = "";
	struct store *s = NULL;
	snprintf(path, sizeof path, "%s/none.db", f->t.dir);
	assert_int_equal(store_open(&s, path, &f->t.keys, false, err, sizeof err), STORE_NOT_FOUND);
	assert_null(s);
	assert_non_null(strstr(err, "does not exist"));
	assert_int_not_equal(access(path, F_OK), 0);
	/* An existing store reopens with the same identity and schema. */
	char id[40];
	snprintf(id, sizeof id, "%s", store_db_id(f->t.st));
	assert_int_equal(strlen(id), 32);
	assert_true(store_schema_version(f->t.st) >= 1);
	assert_int_equal(store_open(&s, f->t.db, &f->t.keys, false, err, sizeof err), STORE_OK);
	assert_string_equal(store_db_id(s), id);
	assert_int_equal(store_schema_version(s), store_schema_version(f->t.st));
	store_close(&s);
	assert_null(s);
	struct stat sb;
	assert_int_equal(stat(f->t.db, &sb), 0);
	assert_int_equal(sb.st_mode & 077, 0); /* owner-only */
}

static void unit__store__tx__nested_begin_fails_and_rollback_undoes(void **state)
{
	struct fx *f = *state;
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	assert_int_equal(store_tx_begin(f->t.st), STORE_ERROR);
	assert_int_equal(store_setting_set(f->t.st, "practice.name", "Lakeside"), STORE_OK);
	store_tx_rollback(f->t.st);
	char *v = NULL;
	assert_int_equal(store_setting_get(f->t.st, "practice.name", &v), STORE_NOT_FOUND);
	assert_null(v);
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	assert_int_equal(store_setting_set(f->t.st, "practice.name", "Lakeside"), STORE_OK);
	assert_int_equal(store_setting_set(f->t.st, "practice.name", "Lakeside FM"), STORE_OK);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	assert_int_equal(store_setting_get(f->t.st, "practice.name", &v), STORE_OK);
	assert_string_equal(v, "Lakeside FM");
	free(v);
}

/* ---- departments, staff, templates ------------------------------------------------------------- */

static void unit__store__department__create_get_list_update(void **state)
{
	struct fx *f = *state;
	struct department d = { 0 }, *list = NULL;
	size_t n = 0;
	assert_int_equal(store_department_get(f->t.st, f->d1, &d), STORE_OK);
	assert_string_equal(d.name, "Front Desk");
	assert_int_equal(store_department_by_number(f->t.st, "+15550000002", &d), STORE_OK);
	assert_string_equal(d.id, f->d2);
	assert_int_equal(store_department_by_name(f->t.st, "front desk", &d), STORE_OK);
	assert_string_equal(d.id, f->d1);
	assert_int_equal(store_department_list(f->t.st, &list, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].name, "Billing"); /* by name */
	for (size_t i = 0; i < n; i++)
		department_clear(&list[i]);
	free(list);
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	struct department dup = { 0 };
	dup.name = strdup("Billing");
	dup.sms_number = strdup("+15550000009");
	assert_int_equal(store_department_create(f->t.st, &nobody, &dup), STORE_EXISTS);
	department_clear(&dup);
	int64_t before = store_type_modseq(f->t.st, OBJ_DEPARTMENT);
	free(d.name);
	d.name = strdup("Reception");
	assert_int_equal(store_department_update(f->t.st, &nobody, &d), STORE_OK);
	assert_true(d.version > before);
	assert_int_equal(store_type_modseq(f->t.st, OBJ_DEPARTMENT), d.version);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	assert_int_equal(store_department_get(f->t.st, f->d1, &d), STORE_OK);
	assert_string_equal(d.name, "Reception");
	assert_int_equal(store_department_get(f->t.st, "dnope", &d), STORE_NOT_FOUND);
	department_clear(&d);
}

static void unit__store__staff__create_get_auth_update_totp(void **state)
{
	struct fx *f = *state;
	struct staff s = { 0 };
	assert_int_equal(store_staff_get(f->t.st, f->s1, &s), STORE_OK);
	assert_string_equal(s.username, "dana");
	assert_null(s.password_hash);
	assert_null(s.totp_secret);
	assert_int_equal(s.depts.n, 1);
	assert_true(id_list_has(&s.depts, f->d1));
	staff_clear(&s);
	assert_int_equal(store_staff_get_auth(f->t.st, "dana", &s), STORE_OK);
	assert_string_equal(s.password_hash, "$argon2id$fake");
	assert_string_equal(s.totp_secret, "JBSWY3DPEHPK3PXP");
	staff_clear(&s);
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	struct staff dup = { 0 };
	dup.username = strdup("DANA");
	dup.display_name = strdup("x");
	assert_int_equal(store_staff_create(f->t.st, &nobody, &dup), STORE_EXISTS);
	staff_clear(&dup);
	assert_int_equal(store_staff_by_username(f->t.st, "dana", &s), STORE_OK);
	id_list_add(&s.depts, f->d2);
	s.role = ROLE_SUPERVISOR;
	s.totp_secret = strdup("NEWSECRETNEWSECR");
	assert_int_equal(store_staff_update(f->t.st, &nobody, &s), STORE_OK);
	assert_int_equal(store_staff_totp_use(f->t.st, f->s1, 100), STORE_OK);
	assert_int_equal(store_staff_totp_use(f->t.st, f->s1, 100), STORE_EXISTS);
	assert_int_equal(store_staff_totp_use(f->t.st, f->s1, 99), STORE_EXISTS);
	assert_int_equal(store_staff_totp_use(f->t.st, f->s1, 101), STORE_OK);
	assert_int_equal(store_staff_totp_use(f->t.st, "snobody", 5), STORE_NOT_FOUND);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	staff_clear(&s);
	assert_int_equal(store_staff_get_auth(f->t.st, "dana", &s), STORE_OK);
	assert_int_equal(s.role, ROLE_SUPERVISOR);
	assert_int_equal(s.depts.n, 2);
	assert_string_equal(s.totp_secret, "NEWSECRETNEWSECR");
	assert_string_equal(s.password_hash, "$argon2id$fake"); /* NULL left it alone */
	assert_int_equal(s.totp_last_step, 101);
	staff_clear(&s);
	struct staff *all = NULL;
	size_t n = 0;
	assert_int_equal(store_staff_list(f->t.st, &all, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(all[0].username, "dana");
	for (size_t i = 0; i < n; i++)
		staff_clear(&all[i]);
	free(all);
}

static void unit__store__template__create_update_destroy_changes(void **state)
{
	struct fx *f = *state;
	struct template t = { 0 };
	t.name = strdup("Hours");
	t.language = strdup("en");
	t.body = strdup("We open at 8.");
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	assert_int_equal(store_template_create(f->t.st, &nobody, &t), STORE_OK);
	snprintf(t.department_id, ID_LEN, "%s", f->d1);
	assert_int_equal(store_template_update(f->t.st, &nobody, &t), STORE_OK);
	assert_int_equal(store_template_destroy(f->t.st, &nobody, t.id), STORE_OK);
	assert_int_equal(store_template_destroy(f->t.st, &nobody, t.id), STORE_NOT_FOUND);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	struct change *c = NULL;
	size_t n = 0;
	assert_int_equal(store_changes_since(f->t.st, OBJ_TEMPLATE, 0, 10, &c, &n), STORE_OK);
	assert_int_equal(n, 3);
	assert_true(c[0].created && !strcmp(c[0].dept_before, "") && !strcmp(c[0].dept_after, ""));
	assert_true(!c[1].created && !strcmp(c[1].dept_before, "") &&
		    !strcmp(c[1].dept_after, f->d1));
	assert_true(c[2].destroyed && !strcmp(c[2].dept_before, f->d1));
	assert_int_equal(c[1].modseq, t.version);
	free(c);
	struct template g = { 0 };
	assert_int_equal(store_template_get(f->t.st, t.id, &g), STORE_NOT_FOUND);
	template_clear(&t);
}

/* ---- conversations and messages ---------------------------------------------------------------- */

static void unit__store__conversation__create_get_by_phone_exists(void **state)
{
	struct fx *f = *state;
	char id[ID_LEN];
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	conv_new(f, f->d1, "+15555550123", "Maria Lopez", id);
	struct conversation c = { 0 };
	snprintf(c.department_id, ID_LEN, "%s", f->d1);
	c.patient_phone = strdup("+15555550123");
	assert_int_equal(store_conversation_create(f->t.st, &nobody, &c), STORE_EXISTS);
	assert_string_equal(c.id, id);
	assert_string_equal(c.patient_name, "Maria Lopez");
	conversation_clear(&c);
	/* The same number in another department is another conversation. */
	char other[ID_LEN];
	conv_new(f, f->d2, "+15555550123", "Maria Lopez", other);
	assert_string_not_equal(other, id);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	assert_int_equal(store_conversation_by_phone(f->t.st, f->d1, "+15555550123", &c), STORE_OK);
	assert_string_equal(c.id, id);
	assert_string_equal(c.patient_phone, "+15555550123");
	assert_int_equal(c.status, CONV_OPEN);
	assert_string_equal(c.assignee_id, "");
	assert_int_equal(c.waiting_since, 0);
	assert_int_equal(c.version, store_type_modseq(f->t.st, OBJ_CONVERSATION) - 1);
	assert_int_equal(store_conversation_by_phone(f->t.st, f->d1, "+15555550999", &c),
			 STORE_NOT_FOUND);
	assert_int_equal(store_conversation_get(f->t.st, "cnope", &c), STORE_NOT_FOUND);
	conversation_clear(&c);
}

static void unit__store__message__waiting_unread_preview_rules(void **state)
{
	struct fx *f = *state;
	char cid[ID_LEN], m1[ID_LEN], m2[ID_LEN];
	struct conversation c = { 0 };
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	conv_new(f, f->d1, "+15555550123", "Maria Lopez", cid);
	msg_new(f, cid, MSG_IN, "Hi, is my refill ready?", 5000, NULL, m1);
	assert_int_equal(store_conversation_get(f->t.st, cid, &c), STORE_OK);
	assert_int_equal(c.waiting_since, 5000);
	assert_true(c.unread);
	assert_string_equal(c.last_message_id, m1);
	assert_string_equal(c.last_preview, "Hi, is my refill ready?");
	assert_int_equal(c.last_direction, MSG_IN);
	assert_int_equal(c.last_activity, 5000);
	msg_new(f, cid, MSG_IN, "Hello?", 6000, NULL, m2);
	assert_int_equal(store_conversation_get(f->t.st, cid, &c), STORE_OK);
	assert_int_equal(c.waiting_since, 5000); /* the oldest unanswered */
	msg_new(f, cid, MSG_SYSTEM, "Auto-reply", 6500, NULL, NULL);
	assert_int_equal(store_conversation_get(f->t.st, cid, &c), STORE_OK);
	assert_int_equal(c.waiting_since, 5000);
	msg_new(f, cid, MSG_OUT, "Yes, it is.", 7000, f->s1, NULL);
	assert_int_equal(store_conversation_get(f->t.st, cid, &c), STORE_OK);
	assert_int_equal(c.waiting_since, 0);
	assert_int_equal(c.last_direction, MSG_OUT);
	assert_int_equal(c.last_activity, 7000);
	/* The preview is 120 bytes at most, never half a character. */
	char body[200];
	memset(body, 'a', 119);
	strcpy(body + 119, "\xc3\xa9 tail");
	msg_new(f, cid, MSG_IN, body, 8000, NULL, NULL);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	assert_int_equal(store_conversation_get(f->t.st, cid, &c), STORE_OK);
	assert_int_equal(strlen(c.last_preview), 119);
	assert_int_equal(c.waiting_since, 8000);
	struct id_list ids = { 0 };
	int64_t total = 0;
	assert_int_equal(store_message_query(f->t.st, cid, 1, 2, &ids, &total), STORE_OK);
	assert_int_equal(total, 5);
	assert_int_equal(ids.n, 2);
	assert_string_equal(ids.ids[0], m2);
	id_list_clear(&ids);
	struct message m = { 0 };
	assert_int_equal(store_message_get(f->t.st, m1, &m), STORE_OK);
	assert_string_equal(m.body, "Hi, is my refill ready?");
	assert_int_equal(m.direction, MSG_IN);
	message_clear(&m);
	conversation_clear(&c);
}

static void unit__store__message__inbound_reopens_resolved_and_snoozed(void **state)
{
	struct fx *f = *state;
	char cid[ID_LEN];
	struct conversation c = { 0 };
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	conv_new(f, f->d1, "+15555550123", "Maria Lopez", cid);
	assert_int_equal(store_conversation_get(f->t.st, cid, &c), STORE_OK);
	c.status = CONV_RESOLVED;
	assert_int_equal(store_conversation_update(f->t.st, &nobody, &c, c.version), STORE_OK);
	assert_int_equal(store_conversation_update(f->t.st, &nobody, &c, c.version - 1),
			 STORE_VERSION_MISMATCH);
	msg_new(f, cid, MSG_OUT, "Anything else?", 2000, f->s1, NULL);
	assert_int_equal(store_conversation_get(f->t.st, cid, &c), STORE_OK);
	assert_int_equal(c.status, CONV_RESOLVED); /* outbound does not reopen */
	msg_new(f, cid, MSG_IN, "Actually yes", 3000, NULL, NULL);
	assert_int_equal(store_conversation_get(f->t.st, cid, &c), STORE_OK);
	assert_int_equal(c.status, CONV_OPEN);
	c.status = CONV_SNOOZED;
	c.snoozed_until = now_ms() + 3600000;
	assert_int_equal(store_conversation_update(f->t.st, &nobody, &c, 0), STORE_OK);
	msg_new(f, cid, MSG_IN, "Still there?", 4000, NULL, NULL);
	assert_int_equal(store_conversation_get(f->t.st, cid, &c), STORE_OK);
	assert_int_equal(c.status, CONV_OPEN);
	assert_int_equal(c.snoozed_until, 0);
	/* Snoozes that are due wake up. */
	c.status = CONV_SNOOZED;
	c.snoozed_until = 9000;
	assert_int_equal(store_conversation_update(f->t.st, &nobody, &c, 0), STORE_OK);
	int woken = -1;
	assert_int_equal(store_conversation_wake_snoozed(f->t.st, 8999, &woken), STORE_OK);
	assert_int_equal(woken, 0);
	assert_int_equal(store_conversation_wake_snoozed(f->t.st, 9000, &woken), STORE_OK);
	assert_int_equal(woken, 1);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	assert_int_equal(store_conversation_get(f->t.st, cid, &c), STORE_OK);
	assert_int_equal(c.status, CONV_OPEN);
	assert_int_equal(c.snoozed_until, 0);
	conversation_clear(&c);
}

static void unit__store__message__client_msg_id_is_unique(void **state)
{
	struct fx *f = *state;
	char cid[ID_LEN];
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	conv_new(f, f->d1, "+15555550123", "Maria Lopez", cid);
	struct message a = { 0 }, b = { 0 };
	snprintf(a.conversation_id, ID_LEN, "%s", cid);
	a.direction = MSG_OUT;
	a.body = strdup("first");
	a.client_msg_id = strdup("8d3c5b7e-1111");
	a.request_hash = strdup("hash-one");
	assert_int_equal(store_message_create(f->t.st, &nobody, &a), STORE_OK);
	snprintf(b.conversation_id, ID_LEN, "%s", cid);
	b.direction = MSG_OUT;
	b.body = strdup("second");
	b.client_msg_id = strdup("8d3c5b7e-1111");
	assert_int_equal(store_message_create(f->t.st, &nobody, &b), STORE_EXISTS);
	assert_string_equal(b.id, a.id);
	assert_string_equal(b.body, "first");
	assert_string_equal(b.request_hash, "hash-one");
	message_clear(&b);
	assert_int_equal(store_message_by_client_id(f->t.st, "8d3c5b7e-1111", &b), STORE_OK);
	assert_string_equal(b.id, a.id);
	/* Carrier ids: set on delivery, found again, and unique. */
	int64_t v = store_type_modseq(f->t.st, OBJ_MESSAGE);
	assert_int_equal(store_message_set_delivery(f->t.st, a.id, DELIV_SENT, NULL, "SM123"),
			 STORE_OK);
	assert_true(store_type_modseq(f->t.st, OBJ_MESSAGE) > v);
	assert_int_equal(store_message_by_carrier_sid(f->t.st, "SM123", &b), STORE_OK);
	assert_int_equal(b.delivery, DELIV_SENT);
	struct message c = { 0 };
	snprintf(c.conversation_id, ID_LEN, "%s", cid);
	c.body = strdup("dup carrier");
	c.carrier_sid = strdup("SM123");
	assert_int_equal(store_message_create(f->t.st, &nobody, &c), STORE_EXISTS);
	assert_string_equal(c.id, a.id);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	struct change *rows = NULL;
	size_t n = 0;
	assert_int_equal(store_changes_since(f->t.st, OBJ_MESSAGE, v, 10, &rows, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].dept_before, f->d1);
	assert_string_equal(rows[0].dept_after, f->d1);
	free(rows);
	message_clear(&a);
	message_clear(&b);
	message_clear(&c);
}

static void unit__store__message_newer__insert_order_excluding_author(void **state)
{
	struct fx *f = *state;
	char cid[ID_LEN], m1[ID_LEN], m2[ID_LEN], m3[ID_LEN], m4[ID_LEN];
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	conv_new(f, f->d1, "+15555550123", "Maria Lopez", cid);
	/* Same millisecond throughout: order must come from insertion. */
	msg_new(f, cid, MSG_IN, "one", 5000, NULL, m1);
	msg_new(f, cid, MSG_OUT, "two", 5000, f->s1, m2);
	msg_new(f, cid, MSG_IN, "three", 5000, NULL, m3);
	msg_new(f, cid, MSG_OUT, "four", 5000, f->s2, m4);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	struct message *out = NULL;
	size_t n = 0;
	assert_int_equal(store_message_newer(f->t.st, cid, m1, f->s1, &out, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(out[0].id, m3);
	assert_string_equal(out[1].id, m4);
	for (size_t i = 0; i < n; i++)
		message_clear(&out[i]);
	free(out);
	assert_int_equal(store_message_newer(f->t.st, cid, NULL, NULL, &out, &n), STORE_OK);
	assert_int_equal(n, 4);
	assert_string_equal(out[0].id, m1);
	for (size_t i = 0; i < n; i++)
		message_clear(&out[i]);
	free(out);
	assert_int_equal(store_message_newer(f->t.st, cid, m4, NULL, &out, &n), STORE_OK);
	assert_int_equal(n, 0);
	free(out);
	(void)m2;
}

static void unit__store__note_and_assignment__create_query(void **state)
{
	struct fx *f = *state;
	char cid[ID_LEN];
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	conv_new(f, f->d1, "+15555550123", "Maria Lopez", cid);
	struct note n = { 0 };
	snprintf(n.conversation_id, ID_LEN, "%s", cid);
	snprintf(n.author_id, ID_LEN, "%s", f->s1);
	n.body = strdup("Called back, left voicemail.");
	assert_int_equal(store_note_create(f->t.st, &nobody, &n), STORE_OK);
	struct assignment as = { 0 };
	snprintf(as.conversation_id, ID_LEN, "%s", cid);
	as.kind = ASSIGN_CLAIM;
	snprintf(as.to_staff, ID_LEN, "%s", f->s1);
	snprintf(as.by_staff, ID_LEN, "%s", f->s1);
	assert_int_equal(store_assignment_add(f->t.st, &as), STORE_OK);
	struct note bad = { 0 };
	snprintf(bad.conversation_id, ID_LEN, "cnope");
	bad.body = strdup("x");
	assert_int_equal(store_note_create(f->t.st, &nobody, &bad), STORE_NOT_FOUND);
	note_clear(&bad);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	struct note g = { 0 };
	assert_int_equal(store_note_get(f->t.st, n.id, &g), STORE_OK);
	assert_string_equal(g.body, "Called back, left voicemail.");
	assert_int_equal(g.version, n.version);
	struct id_list ids = { 0 };
	assert_int_equal(store_note_query(f->t.st, cid, &ids), STORE_OK);
	assert_int_equal(ids.n, 1);
	id_list_clear(&ids);
	struct assignment *list = NULL, one;
	size_t k = 0;
	assert_int_equal(store_assignment_query(f->t.st, cid, &list, &k), STORE_OK);
	assert_int_equal(k, 1);
	assert_string_equal(list[0].to_staff, f->s1);
	free(list);
	assert_int_equal(store_assignment_get(f->t.st, as.id, &one), STORE_OK);
	assert_int_equal(one.kind, ASSIGN_CLAIM);
	struct change *rows = NULL;
	size_t nr = 0;
	assert_int_equal(store_changes_since(f->t.st, OBJ_ASSIGNMENT, 0, 10, &rows, &nr), STORE_OK);
	assert_int_equal(nr, 1);
	assert_string_equal(rows[0].dept_after, f->d1);
	free(rows);
	note_clear(&n);
	note_clear(&g);
}

/* ---- change log and consent -------------------------------------------------------------------- */

static void unit__store__changes_since__transfer_carries_both_departments(void **state)
{
	struct fx *f = *state;
	char cid[ID_LEN];
	int64_t start = store_modseq(f->t.st);
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	conv_new(f, f->d1, "+15555550123", "Maria Lopez", cid);
	struct conversation c = { 0 };
	assert_int_equal(store_conversation_get(f->t.st, cid, &c), STORE_OK);
	snprintf(c.department_id, ID_LEN, "%s", f->d2);
	assert_int_equal(store_conversation_update(f->t.st, &nobody, &c, 0), STORE_OK);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	struct change *rows = NULL;
	size_t n = 0;
	assert_int_equal(store_changes_since(f->t.st, OBJ_CONVERSATION, start, 100, &rows, &n),
			 STORE_OK);
	assert_int_equal(n, 2);
	assert_true(rows[0].created && !rows[0].destroyed);
	assert_string_equal(rows[0].object_id, cid);
	assert_string_equal(rows[0].dept_before, "");
	assert_string_equal(rows[0].dept_after, f->d1);
	assert_false(rows[1].created);
	assert_string_equal(rows[1].dept_before, f->d1);
	assert_string_equal(rows[1].dept_after, f->d2);
	assert_int_equal(rows[1].modseq, c.version);
	assert_int_equal(store_type_modseq(f->t.st, OBJ_CONVERSATION), c.version);
	assert_int_equal(store_modseq(f->t.st), c.version);
	free(rows);
	/* At most max + 1 rows, oldest first. */
	assert_int_equal(store_changes_since(f->t.st, OBJ_CONVERSATION, start, 0, &rows, &n),
			 STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].dept_after, f->d1);
	free(rows);
	assert_int_equal(store_changes_since(f->t.st, OBJ_CONVERSATION, c.version, 10, &rows, &n),
			 STORE_OK);
	assert_int_equal(n, 0);
	free(rows);
	assert_true(store_changes_floor(f->t.st) >= 1);
	assert_true(store_changes_floor(f->t.st) <= start + 1);
	/* Staff and departments carry no department. */
	assert_int_equal(store_changes_since(f->t.st, OBJ_STAFF, 0, 10, &rows, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].dept_before, "");
	assert_string_equal(rows[0].dept_after, "");
	free(rows);
	conversation_clear(&c);
}

static void unit__store__consent_set__updates_conversation_and_logs(void **state)
{
	struct fx *f = *state;
	char cid[ID_LEN];
	enum consent_state cs = CONSENT_OPTED_IN;
	int64_t at = -1;
	assert_int_equal(store_consent_get(f->t.st, "+15555550123", f->d1, &cs, &at), STORE_OK);
	assert_int_equal(cs, CONSENT_UNKNOWN);
	assert_int_equal(at, 0);
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	conv_new(f, f->d1, "+15555550123", "Maria Lopez", cid);
	int64_t v = store_type_modseq(f->t.st, OBJ_CONVERSATION);
	assert_int_equal(store_consent_set(f->t.st, "+15555550123", f->d1, CONSENT_OPTED_OUT,
					   "keyword"),
			 STORE_OK);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	assert_int_equal(store_consent_get(f->t.st, "+15555550123", f->d1, &cs, &at), STORE_OK);
	assert_int_equal(cs, CONSENT_OPTED_OUT);
	assert_true(at > 0);
	/* Per department number: the other department has no record. */
	assert_int_equal(store_consent_get(f->t.st, "+15555550123", f->d2, &cs, &at), STORE_OK);
	assert_int_equal(cs, CONSENT_UNKNOWN);
	struct conversation c = { 0 };
	assert_int_equal(store_conversation_get(f->t.st, cid, &c), STORE_OK);
	assert_int_equal(c.consent, CONSENT_OPTED_OUT);
	assert_true(c.version > v);
	struct change *rows = NULL;
	size_t n = 0;
	assert_int_equal(store_changes_since(f->t.st, OBJ_CONVERSATION, v, 10, &rows, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].object_id, cid);
	free(rows);
	/* A new conversation for an opted-out number starts opted out. */
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	assert_int_equal(store_consent_set(f->t.st, "+15555550777", f->d2, CONSENT_OPTED_OUT,
					   "keyword"),
			 STORE_OK);
	conv_new(f, f->d2, "+15555550777", "", cid);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	assert_int_equal(store_conversation_get(f->t.st, cid, &c), STORE_OK);
	assert_int_equal(c.consent, CONSENT_OPTED_OUT);
	conversation_clear(&c);
}

/* ---- audit ------------------------------------------------------------------------------------- */

static bool count_entry(const struct audit_entry *e, void *ctx)
{
	int64_t *n = ctx;
	(*n)++;
	return e->seq < 3;
}

static void unit__store__audit__verify_ok_then_detects_tampering(void **state)
{
	struct fx *f = *state;
	const struct actor a = { f->s1, "vdevice", "127.0.0.1" };
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	assert_int_equal(store_audit(f->t.st, &a, "auth.login.success", NULL, NULL, NULL), STORE_OK);
	assert_int_equal(store_audit(f->t.st, &a, "conversation.assign", "conversation", "c1",
				     "{\"kind\":\"claim\"}"),
			 STORE_OK);
	assert_int_equal(store_audit(f->t.st, NULL, "message.inbound", "conversation", "c1", NULL),
			 STORE_OK);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	/* Outside a transaction it makes its own. */
	assert_int_equal(store_audit(f->t.st, &a, "auth.logout", NULL, NULL, NULL), STORE_OK);
	int64_t checked = 0, bad = -1, seen = 0;
	assert_int_equal(store_audit_verify(f->t.st, &checked, &bad), STORE_OK);
	assert_int_equal(checked, 4);
	assert_int_equal(bad, 0);
	assert_int_equal(store_audit_each(f->t.st, 1, count_entry, &seen), STORE_OK);
	assert_int_equal(seen, 2); /* seq 2, then 3 stops it */
	/* The database refuses edits and deletions... */
	raw_exec(f, "UPDATE audit SET detail = '{\"kind\":\"release\"}' WHERE seq = 2",
		 SQLITE_ERROR);
	raw_exec(f, "DELETE FROM audit WHERE seq = 4", SQLITE_ERROR);
	/* ...and with the trigger dropped, the chain still tells. */
	raw_exec(
		f,
		"DROP TRIGGER audit_no_update; UPDATE audit SET detail = '{\"kind\":\"release\"}' WHERE seq = 2",
		SQLITE_OK);
	assert_int_equal(store_audit_verify(f->t.st, &checked, &bad), STORE_ERROR);
	assert_int_equal(bad, 2);
	assert_int_equal(checked, 1);
}

static void unit__store__audit__detects_a_deleted_entry(void **state)
{
	struct fx *f = *state;
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	for (int i = 0; i < 5; i++)
		assert_int_equal(store_audit(f->t.st, NULL, "seed.bulk", NULL, NULL, NULL), STORE_OK);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	raw_exec(f, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 3", SQLITE_OK);
	int64_t checked = 0, bad = 0;
	assert_int_equal(store_audit_verify(f->t.st, &checked, &bad), STORE_ERROR);
	assert_int_equal(bad, 3);
	assert_int_equal(checked, 2);
}

/* ---- sign-in state --------------------------------------------------------------------------------- */

static void unit__store__access__expiry_idle_and_revoked_device(void **state)
{
	struct fx *f = *state;
	struct device d = { 0 };
	char sid[ID_LEN], did[ID_LEN];
	int64_t now = now_ms();
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	assert_int_equal(store_device_create(f->t.st, f->s1, "Dana's laptop", "devhash",
					     "$argon2id$pin", &d),
			 STORE_OK);
	assert_int_equal(store_access_create(f->t.st, "tok-live", d.id, f->s1, now + 3600000),
			 STORE_OK);
	assert_int_equal(store_access_create(f->t.st, "tok-expired", d.id, f->s1, now - 1), STORE_OK);
	assert_int_equal(store_access_create(f->t.st, "tok-idle", d.id, f->s1, now + 3600000),
			 STORE_OK);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	assert_int_equal(store_access_check(f->t.st, "tok-live", 900000, sid, did), STORE_OK);
	assert_string_equal(sid, f->s1);
	assert_string_equal(did, d.id);
	assert_int_equal(store_access_check(f->t.st, "tok-expired", 900000, sid, did),
			 STORE_NOT_FOUND);
	assert_int_equal(store_access_check(f->t.st, "tok-unknown", 900000, sid, did),
			 STORE_NOT_FOUND);
	raw_exec(
		f,
		"UPDATE access_tokens SET last_used = last_used - 600000 WHERE token_hash = 'tok-idle'",
		SQLITE_OK);
	assert_int_equal(store_access_check(f->t.st, "tok-idle", 300000, sid, did), STORE_NOT_FOUND);
	/* Within the idle limit it works and slides last_used forward. */
	assert_int_equal(store_access_check(f->t.st, "tok-idle", 900000, sid, did), STORE_OK);
	assert_int_equal(store_access_check(f->t.st, "tok-idle", 300000, sid, did), STORE_OK);
	/* A PIN lockout path, then revocation ends every token of the device. */
	int fails = 0;
	assert_int_equal(store_device_pin_failed(f->t.st, d.id, &fails), STORE_OK);
	assert_int_equal(store_device_pin_failed(f->t.st, d.id, &fails), STORE_OK);
	assert_int_equal(fails, 2);
	assert_int_equal(store_device_pin_ok(f->t.st, d.id), STORE_OK);
	struct device g = { 0 };
	char *pin = NULL;
	assert_int_equal(store_device_by_token(f->t.st, "devhash", &g, &pin), STORE_OK);
	assert_string_equal(pin, "$argon2id$pin");
	assert_int_equal(g.pin_failures, 0);
	free(pin);
	assert_int_equal(store_device_revoke(f->t.st, d.id), STORE_OK);
	assert_int_equal(store_access_check(f->t.st, "tok-live", 900000, sid, did), STORE_NOT_FOUND);
	assert_int_equal(store_device_by_token(f->t.st, "devhash", &g, &pin), STORE_NOT_FOUND);
	assert_int_equal(store_device_get(f->t.st, d.id, &g), STORE_OK);
	assert_true(g.revoked_at > 0);
	struct device *list = NULL;
	size_t n = 0;
	assert_int_equal(store_device_list(f->t.st, f->s1, &list, &n), STORE_OK);
	assert_int_equal(n, 1);
	device_clear(&list[0]);
	free(list);
	assert_int_equal(store_device_list(f->t.st, f->s2, &list, &n), STORE_OK);
	assert_int_equal(n, 0);
	free(list);
	device_clear(&d);
	device_clear(&g);
}

static void unit__store__mfa_take__counts_attempts_and_expires(void **state)
{
	struct fx *f = *state;
	char sid[ID_LEN];
	char *name = NULL;
	int attempts = 0;
	assert_int_equal(store_mfa_create(f->t.st, "mfa1", f->s1, "Dana's phone", now_ms() + 300000),
			 STORE_OK);
	assert_int_equal(store_mfa_create(f->t.st, "mfa-old", f->s1, "x", now_ms() - 1), STORE_OK);
	assert_int_equal(store_mfa_take(f->t.st, "mfa1", sid, &name, &attempts), STORE_OK);
	assert_int_equal(attempts, 1);
	assert_string_equal(sid, f->s1);
	assert_string_equal(name, "Dana's phone");
	free(name);
	assert_int_equal(store_mfa_take(f->t.st, "mfa1", sid, &name, &attempts), STORE_OK);
	assert_int_equal(attempts, 2);
	free(name);
	assert_int_equal(store_mfa_take(f->t.st, "mfa-old", sid, &name, &attempts), STORE_NOT_FOUND);
	assert_null(name);
	assert_int_equal(store_mfa_delete(f->t.st, "mfa1"), STORE_OK);
	assert_int_equal(store_mfa_take(f->t.st, "mfa1", sid, &name, &attempts), STORE_NOT_FOUND);
}

static void unit__store__rate__sliding_window_and_reset(void **state)
{
	struct fx *f = *state;
	int64_t n = -1;
	for (int i = 1; i <= 3; i++) {
		assert_int_equal(store_rate_hit(f->t.st, "login:user:dana", 60000, &n), STORE_OK);
		assert_int_equal(n, i);
	}
	assert_int_equal(store_rate_count(f->t.st, "login:user:dana", 60000, &n), STORE_OK);
	assert_int_equal(n, 3);
	assert_int_equal(store_rate_count(f->t.st, "login:ip:127.0.0.1", 60000, &n), STORE_OK);
	assert_int_equal(n, 0);
	/* Age two hits past the window: only one is left in it. */
	raw_exec(
		f,
		"UPDATE rate_hits SET at = at - 120000 WHERE id IN (SELECT id FROM rate_hits LIMIT 2)",
		SQLITE_OK);
	assert_int_equal(store_rate_count(f->t.st, "login:user:dana", 60000, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_rate_count(f->t.st, "login:user:dana", 600000, &n), STORE_OK);
	assert_int_equal(n, 3);
	assert_int_equal(store_rate_hit(f->t.st, "login:user:dana", 60000, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_rate_reset(f->t.st, "login:user:dana"), STORE_OK);
	assert_int_equal(store_rate_count(f->t.st, "login:user:dana", 600000, &n), STORE_OK);
	assert_int_equal(n, 0);
}

static void unit__store__grants_events_idempotency_sim(void **state)
{
	struct fx *f = *state;
	char g[ID_LEN];
	int64_t now = now_ms();
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	assert_int_equal(store_grant_create(f->t.st, f->s2, f->d2, now + 60000, "reasonhash", g),
			 STORE_OK);
	assert_int_equal(store_grant_create(f->t.st, f->s2, f->d1, now - 1, "reasonhash", g),
			 STORE_OK);
	struct event e = { .kind = EVENT_SESSION, .payload = (char *)"{\"type\":\"revoked\"}" };
	snprintf(e.staff_id, ID_LEN, "%s", f->s1);
	assert_int_equal(store_event_add(f->t.st, &e), STORE_OK);
	assert_int_equal(store_idem_put(f->t.st, f->s1, "key-1", "reqhash",
					"{\"methodResponses\":[]}"),
			 STORE_OK);
	assert_int_equal(store_sim_record(f->t.st, "m1", "+15550000001", "+15555550123",
					  "See you at 3"),
			 STORE_OK);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	struct id_list l = { 0 };
	int64_t next = 0;
	assert_int_equal(store_grant_active(f->t.st, f->s2, now, &l, &next), STORE_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.ids[0], f->d2);
	assert_int_equal(next, now + 60000);
	id_list_clear(&l);
	struct event *ev = NULL;
	size_t n = 0;
	assert_int_equal(store_events_since(f->t.st, 0, 10, &ev, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].seq, e.seq);
	assert_string_equal(ev[0].payload, "{\"type\":\"revoked\"}");
	assert_int_equal(store_event_seq(f->t.st), e.seq);
	event_clear(&ev[0]);
	free(ev);
	assert_int_equal(store_events_prune(f->t.st, now_ms() + 1), STORE_OK);
	assert_int_equal(store_events_since(f->t.st, 0, 10, &ev, &n), STORE_OK);
	assert_int_equal(n, 0);
	free(ev);
	assert_int_equal(store_event_seq(f->t.st), e.seq); /* pruning keeps the sequence */
	char *rh = NULL, *resp = NULL;
	assert_int_equal(store_idem_get(f->t.st, f->s1, "key-1", &rh, &resp), STORE_OK);
	assert_string_equal(rh, "reqhash");
	assert_string_equal(resp, "{\"methodResponses\":[]}");
	free(rh);
	free(resp);
	assert_int_equal(store_idem_get(f->t.st, f->s2, "key-1", &rh, &resp), STORE_NOT_FOUND);
	struct sim_sent *x = NULL;
	assert_int_equal(store_sim_list(f->t.st, &x, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(x[0].to, "+15555550123");
	assert_string_equal(x[0].body, "See you at 3");
	sim_sent_clear(&x[0]);
	free(x);
}

/* ---- encryption at rest ------------------------------------------------------------------------- */

static char *slurp(const char *path, size_t *n)
{
	*n = 0;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	long len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	char *b = malloc((size_t)len + 1);
	*n = fread(b, 1, (size_t)len, fp);
	fclose(fp);
	return b;
}

static void unit__store__raw_file__holds_no_phi(void **state)
{
	struct fx *f = *state;
	const char *secrets[] = {
		"Quenby Xylophone",	    "+15558675309",	"5558675309",
		"ultrasound results zebra", "penicillin zebra", "QUENBYTOTPSECRET",
		"idem-response-zebra",	    "Quenby",
	};
	char cid[ID_LEN], mid[ID_LEN];
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	conv_new(f, f->d1, "+15558675309", "Quenby Xylophone", cid);
	msg_new(f, cid, MSG_IN, "Are my ultrasound results zebra ready?", 5000, NULL, mid);
	struct note n = { 0 };
	snprintf(n.conversation_id, ID_LEN, "%s", cid);
	n.body = strdup("Patient is allergic to penicillin zebra");
	assert_int_equal(store_note_create(f->t.st, &nobody, &n), STORE_OK);
	note_clear(&n);
	struct staff s = { 0 };
	assert_int_equal(store_staff_get(f->t.st, f->s1, &s), STORE_OK);
	s.totp_secret = strdup("QUENBYTOTPSECRET");
	assert_int_equal(store_staff_update(f->t.st, &nobody, &s), STORE_OK);
	staff_clear(&s);
	assert_int_equal(store_idem_put(f->t.st, f->s1, "k", "h", "{\"x\":\"idem-response-zebra\"}"),
			 STORE_OK);
	assert_int_equal(store_sim_record(f->t.st, mid, "+15550000001", "+15558675309",
					  "Your ultrasound results zebra are in"),
			 STORE_OK);
	assert_int_equal(store_consent_set(f->t.st, "+15558675309", f->d1, CONSENT_OPTED_IN,
					   "keyword"),
			 STORE_OK);
	const char *bodies[] = { "Quenby here, ultrasound results zebra?" };
	const enum msg_direction dirs[] = { MSG_IN };
	const int64_t times[] = { 6000 };
	struct seed_conversation sc = { .department_id = f->d2,
					.patient_name = "Quenby Xylophone",
					.patient_phone = "+15558675309",
					.status = CONV_OPEN,
					.created_at = 5500,
					.n_messages = 1,
					.bodies = bodies,
					.directions = dirs,
					.times = times };
	char seeded[ID_LEN];
	assert_int_equal(store_seed_conversation(f->t.st, &sc, seeded), STORE_OK);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	/* Everything reads back... */
	struct conversation c = { 0 };
	assert_int_equal(store_conversation_get(f->t.st, seeded, &c), STORE_OK);
	assert_string_equal(c.patient_name, "Quenby Xylophone");
	assert_string_equal(c.last_preview, "Quenby here, ultrasound results zebra?");
	conversation_clear(&c);
	/* ...but neither the database nor its WAL contains any of it. */
	store_close(&f->t.st);
	raw_exec(f, "PRAGMA wal_checkpoint(TRUNCATE)", SQLITE_OK);
	const char *suffix[] = { "", "-wal" };
	for (size_t k = 0; k < 2; k++) {
		char path[160];
		size_t len = 0;
		snprintf(path, sizeof path, "%s%s", f->t.db, suffix[k]);
		char *bytes = slurp(path, &len);
		/* The scan does see plain columns: a department name is there. */
		if (k == 0)
			assert_non_null(memmem(bytes, len, "Front Desk", 10));
		for (size_t i = 0; bytes && i < sizeof secrets / sizeof secrets[0]; i++) {
			if (memmem(bytes, len, secrets[i], strlen(secrets[i])))
				fail_msg("%s contains \"%s\"", path, secrets[i]);
		}
		free(bytes);
	}
	char err[256];
	assert_int_equal(store_open(&f->t.st, f->t.db, &f->t.keys, false, err, sizeof err), STORE_OK);
}

static void unit__store__sealed_column__refuses_another_rows_blob(void **state)
{
	struct fx *f = *state;
	char a[ID_LEN], b[ID_LEN];
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	conv_new(f, f->d1, "+15555550001", "Alice", a);
	conv_new(f, f->d1, "+15555550002", "Bob", b);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	char sql[256];
	snprintf(
		sql, sizeof sql,
		"UPDATE conversations SET patient_name = (SELECT patient_name FROM conversations WHERE id = '%s') "
		"WHERE id = '%s'",
		a, b);
	raw_exec(f, sql, SQLITE_OK);
	struct conversation c = { 0 };
	assert_int_equal(store_conversation_get(f->t.st, b, &c), STORE_ERROR);
	assert_null(c.patient_name);
	assert_int_equal(store_conversation_get(f->t.st, a, &c), STORE_OK);
	assert_string_equal(c.patient_name, "Alice");
	conversation_clear(&c);
}

/* ---- bulk seeding --------------------------------------------------------------------------------- */

static void unit__store__seed__ten_thousand_conversations_timed(void **state)
{
	struct fx *f = *state;
	enum { N = 10000, PER = 3 };
	const char *bodies[PER] = { "Hi, I need to reschedule my appointment on Tuesday.",
				    "Sure, we have openings Wednesday at 10 or Thursday at 2.",
				    "Thursday at 2 works, thank you!" };
	const enum msg_direction dirs[PER] = { MSG_IN, MSG_OUT, MSG_IN };
	const char *authors[PER] = { NULL, f->s1, NULL };
	int64_t base = 1700000000000LL, t0 = mono_ms();
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	for (int i = 0; i < N; i++) {
		char phone[24], name[32];
		int64_t times[PER] = { base + i * 1000, base + i * 1000 + 60000,
				       base + i * 1000 + 120000 };
		snprintf(phone, sizeof phone, "+1555%07d", i);
		snprintf(name, sizeof name, "Patient %d", i);
		struct seed_conversation sc = {
			.department_id = i % 2 ? f->d1 : f->d2,
			.patient_name = name,
			.patient_phone = phone,
			.language = "en",
			.status = i % 5 == 0 ? CONV_RESOLVED : CONV_OPEN,
			.assignee_id = i % 4 == 0 ? f->s1 : NULL,
			.created_at = times[0] - 1000,
			.n_messages = PER,
			.bodies = bodies,
			.directions = dirs,
			.authors = authors,
			.times = times,
		};
		char id[ID_LEN];
		assert_int_equal(store_seed_conversation(f->t.st, &sc, id), STORE_OK);
	}
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	int64_t ms = mono_ms() - t0;
	print_message("seeded %d conversations x %d messages in %lld ms (~%.1f s per 100,000)\n", N,
		      PER, (long long)ms, (double)ms * (100000.0 / N) / 1000.0);
	/* Derived fields as store_message_create would leave them. */
	struct conv_filter cf = { .depts = &f->both, .unread = -1 };
	struct id_list ids = { 0 };
	int64_t total = 0;
	assert_int_equal(store_conversation_query(f->t.st, &cf, SORT_WAITING, true, 0, 1, &ids,
						  &total),
			 STORE_OK);
	assert_int_equal(total, N);
	struct conversation c = { 0 };
	assert_int_equal(store_conversation_get(f->t.st, ids.ids[0], &c), STORE_OK);
	assert_true(c.waiting_since > 0 && c.unread);
	assert_int_equal(c.last_direction, MSG_IN);
	assert_string_equal(c.last_preview, bodies[2]);
	int64_t n = 0;
	struct id_list msgs = { 0 };
	assert_int_equal(store_message_query(f->t.st, c.id, 0, 10, &msgs, &n), STORE_OK);
	assert_int_equal(n, PER);
	id_list_clear(&msgs);
	conversation_clear(&c);
	id_list_clear(&ids);
	assert_int_equal(store_type_modseq(f->t.st, OBJ_MESSAGE), store_modseq(f->t.st));
	struct dept_counts dc;
	assert_int_equal(store_department_counts(f->t.st, f->d1, f->s1, &dc), STORE_OK);
	assert_int_equal(dc.open + dc.resolved, N / 2);
	assert_int_equal(dc.resolved, N / 10);
	assert_int_equal(dc.waiting, dc.open);
	assert_int_equal(dc.mine, 0); /* odd i only: i % 4 == 0 never */
	assert_int_equal(store_department_counts(f->t.st, f->d2, f->s1, &dc), STORE_OK);
	assert_int_equal(dc.mine + dc.unassigned, dc.open);
	assert_true(dc.mine > 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(unit__store__open__missing_file_needs_create),
		T(unit__store__tx__nested_begin_fails_and_rollback_undoes),
		T(unit__store__department__create_get_list_update),
		T(unit__store__staff__create_get_auth_update_totp),
		T(unit__store__template__create_update_destroy_changes),
		T(unit__store__conversation__create_get_by_phone_exists),
		T(unit__store__message__waiting_unread_preview_rules),
		T(unit__store__message__inbound_reopens_resolved_and_snoozed),
		T(unit__store__message__client_msg_id_is_unique),
		T(unit__store__message_newer__insert_order_excluding_author),
		T(unit__store__note_and_assignment__create_query),
		T(unit__store__changes_since__transfer_carries_both_departments),
		T(unit__store__consent_set__updates_conversation_and_logs),
		T(unit__store__audit__verify_ok_then_detects_tampering),
		T(unit__store__audit__detects_a_deleted_entry),
		T(unit__store__access__expiry_idle_and_revoked_device),
		T(unit__store__mfa_take__counts_attempts_and_expires),
		T(unit__store__rate__sliding_window_and_reset),
		T(unit__store__grants_events_idempotency_sim),
		T(unit__store__raw_file__holds_no_phi),
		T(unit__store__sealed_column__refuses_another_rows_blob),
		T(unit__store__seed__ten_thousand_conversations_timed),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
