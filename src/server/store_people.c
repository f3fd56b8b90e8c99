/* store_people: who works in the practice and how they get in — departments
 * and their queue counts, staff (with password hash and sealed TOTP secret)
 * and message templates. Sign-in state is in store_auth.c. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"
#include "server/store_internal.h"

/* ---- departments ------------------------------------------------------------------ */

#define DEPT_COLS "SELECT id, name, sms_number, secure_template_id, version FROM departments "

static void dept_row(sqlite3_stmt *st, struct department *d)
{
	department_clear(d);
	store_col_id(st, 0, d->id);
	d->name = store_col_text(st, 1);
	d->sms_number = store_col_text(st, 2);
	d->secure_template_id = store_col_text(st, 3);
	d->version = sqlite3_column_int64(st, 4);
}

static enum store_rc dept_one(struct store *s, sqlite3_stmt *st, const char *key,
			      struct department *d)
{
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, key ? key : "", -1, SQLITE_STATIC);
	enum store_rc rc = store_step_row(s, st);
	if (rc == STORE_OK)
		dept_row(st, d);
	sqlite3_reset(st);
	return rc;
}

enum store_rc store_department_create(struct store *s, const struct actor *a, struct department *d)
{
	(void)a;
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	id_new('d', d->id);
	rc = STORE_ERROR;
	int64_t v = change_log_append(s, OBJ_DEPARTMENT, d->id, "", "", true, false);
	sqlite3_stmt *st = store_stmt(
		s, STMT_DEPT_INSERT,
		"INSERT INTO departments (id, name, sms_number, secure_template_id, version) "
		"VALUES (?, ?, ?, ?, ?)");
	if (v && st) {
		sqlite3_bind_text(st, 1, d->id, -1, SQLITE_STATIC);
		store_bind_text(st, 2, d->name ? d->name : "");
		store_bind_text(st, 3, d->sms_number ? d->sms_number : "");
		store_bind_text(st, 4, d->secure_template_id);
		sqlite3_bind_int64(st, 5, v);
		if ((rc = store_step_done(s, st)) == STORE_OK)
			d->version = v;
	}
	return store_atomic_end(s, own, rc);
}

enum store_rc store_department_get(struct store *s, const char *id, struct department *d)
{
	return dept_one(s, store_stmt(s, STMT_DEPT_GET, DEPT_COLS "WHERE id = ?"), id, d);
}

enum store_rc store_department_by_name(struct store *s, const char *name, struct department *d)
{
	return dept_one(s, store_stmt(s, STMT_DEPT_BY_NAME, DEPT_COLS "WHERE name = ?"), name, d);
}

enum store_rc store_department_by_number(struct store *s, const char *e164, struct department *d)
{
	return dept_one(s, store_stmt(s, STMT_DEPT_BY_NUMBER, DEPT_COLS "WHERE sms_number = ?"),
			e164, d);
}

enum store_rc store_department_list(struct store *s, struct department **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = store_stmt(s, STMT_DEPT_LIST, DEPT_COLS "ORDER BY name, id");
	if (!st)
		return STORE_ERROR;
	size_t cap = 0;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct department *d = &(*out)[(*n)++];
		memset(d, 0, sizeof *d);
		dept_row(st, d);
	}
	enum store_rc rc = r == SQLITE_DONE ? STORE_OK :
					      store_rc_of(s, sqlite3_extended_errcode(s->db));
	sqlite3_reset(st);
	if (rc != STORE_OK) {
		for (size_t i = 0; i < *n; i++)
			department_clear(&(*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

enum store_rc store_department_update(struct store *s, const struct actor *a, struct department *d)
{
	(void)a;
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	rc = STORE_ERROR;
	int64_t v = change_log_append(s, OBJ_DEPARTMENT, d->id, "", "", false, false);
	sqlite3_stmt *st = store_stmt(
		s, STMT_DEPT_UPDATE,
		"UPDATE departments SET name = ?, sms_number = ?, secure_template_id = ?, "
		"version = ? WHERE id = ?");
	if (v && st) {
		store_bind_text(st, 1, d->name ? d->name : "");
		store_bind_text(st, 2, d->sms_number ? d->sms_number : "");
		store_bind_text(st, 3, d->secure_template_id);
		sqlite3_bind_int64(st, 4, v);
		sqlite3_bind_text(st, 5, d->id, -1, SQLITE_STATIC);
		if ((rc = store_step_change(s, st)) == STORE_OK)
			d->version = v;
	}
	return store_atomic_end(s, own, rc);
}

static int64_t count_by_assignee(struct store *s, const char *dept_id, const char *assignee)
{
	sqlite3_stmt *st =
		store_stmt(s, STMT_DEPT_COUNT_ASSIGNEE,
			   "SELECT COUNT(*) FROM conversations WHERE assignee_id = ? AND "
			   "status IN (0, 1) AND department_id = ?");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, assignee, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, dept_id, -1, SQLITE_STATIC);
	return store_query_int(s, st, -1);
}

enum store_rc store_department_counts(struct store *s, const char *dept_id, const char *staff_id,
				      struct dept_counts *c)
{
	memset(c, 0, sizeof *c);
	/* Each count is a range of one conversation index (see the schema). */
	sqlite3_stmt *st =
		store_stmt(s, STMT_DEPT_COUNT_STATUS,
			   "SELECT status, COUNT(*) FROM conversations WHERE department_id = ? "
			   "GROUP BY status");
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, dept_id, -1, SQLITE_STATIC);
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t k = sqlite3_column_int64(st, 1);
		switch (sqlite3_column_int(st, 0)) {
		case CONV_OPEN:
		case CONV_PENDING:
			c->open += k;
			break;
		case CONV_SNOOZED:
			c->snoozed = k;
			break;
		case CONV_RESOLVED:
			c->resolved = k;
			break;
		}
	}
	enum store_rc rc = r == SQLITE_DONE ? STORE_OK :
					      store_rc_of(s, sqlite3_extended_errcode(s->db));
	sqlite3_reset(st);
	if (rc != STORE_OK)
		return rc;
	c->unassigned = count_by_assignee(s, dept_id, "");
	c->mine = staff_id && *staff_id ? count_by_assignee(s, dept_id, staff_id) : 0;
	st = store_stmt(
		s, STMT_DEPT_COUNT_WAITING,
		"SELECT COUNT(*) FROM conversations WHERE department_id = ? AND status = 0 AND "
		"unread IN (0, 1) AND wait_key < ?");
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, dept_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, WAIT_KEY_SPLIT);
	c->waiting = store_query_int(s, st, -1);
	if (c->unassigned < 0 || c->mine < 0 || c->waiting < 0) {
		memset(c, 0, sizeof *c);
		return STORE_ERROR;
	}
	return STORE_OK;
}

/* ---- staff ------------------------------------------------------------------------------- */

#define STAFF_COLS                                                                                    \
	"SELECT id, username, display_name, role, disabled, totp_last_step, version, password_hash, " \
	"totp_secret FROM staff "

static enum store_rc staff_depts_load(struct store *s, struct staff *st)
{
	sqlite3_stmt *q =
		store_stmt(s, STMT_STAFF_DEPTS,
			   "SELECT department_id FROM staff_depts WHERE staff_id = ? ORDER BY pos");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, st->id, -1, SQLITE_STATIC);
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW)
		id_list_add(&st->depts, (const char *)sqlite3_column_text(q, 0));
	enum store_rc rc = r == SQLITE_DONE ? STORE_OK :
					      store_rc_of(s, sqlite3_extended_errcode(s->db));
	sqlite3_reset(q);
	return rc;
}

static enum store_rc staff_row(struct store *s, sqlite3_stmt *q, struct staff *st, bool auth)
{
	staff_clear(st);
	store_col_id(q, 0, st->id);
	st->username = store_col_text(q, 1);
	st->display_name = store_col_text(q, 2);
	st->role = (enum role)sqlite3_column_int(q, 3);
	st->disabled = sqlite3_column_int(q, 4) != 0;
	st->totp_last_step = sqlite3_column_int64(q, 5);
	st->version = sqlite3_column_int64(q, 6);
	enum store_rc rc = STORE_OK;
	if (auth) {
		st->password_hash = store_col_text(q, 7);
		rc = store_col_open(s, q, 8, "staff.totp_secret", st->id, &st->totp_secret);
	}
	if (rc == STORE_OK)
		rc = staff_depts_load(s, st);
	if (rc != STORE_OK)
		staff_clear(st);
	return rc;
}

/* For store_rows. */
static enum store_rc staff_row_v(struct store *s, sqlite3_stmt *q, void *e)
{
	return staff_row(s, q, e, false);
}

static void staff_clear_v(void *e)
{
	staff_clear(e);
}

static enum store_rc staff_one(struct store *s, sqlite3_stmt *q, const char *key, struct staff *st,
			       bool auth)
{
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, key ? key : "", -1, SQLITE_STATIC);
	enum store_rc rc = store_step_row(s, q);
	if (rc == STORE_OK)
		rc = staff_row(s, q, st, auth);
	sqlite3_reset(q);
	return rc;
}

static enum store_rc staff_depts_save(struct store *s, const struct staff *st)
{
	sqlite3_stmt *q =
		store_stmt(s, STMT_STAFF_DEPTS_CLEAR, "DELETE FROM staff_depts WHERE staff_id = ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, st->id, -1, SQLITE_STATIC);
	enum store_rc rc = store_step_done(s, q);
	for (size_t i = 0; rc == STORE_OK && i < st->depts.n; i++) {
		q = store_stmt(
			s, STMT_STAFF_DEPT_ADD,
			"INSERT INTO staff_depts (staff_id, department_id, pos) VALUES (?, ?, ?)");
		if (!q)
			return STORE_ERROR;
		sqlite3_bind_text(q, 1, st->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, st->depts.ids[i], -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 3, (int64_t)i);
		rc = store_step_done(s, q);
	}
	/* An unknown department is a foreign-key failure, not "exists". */
	return rc == STORE_EXISTS ? STORE_ERROR : rc;
}

enum store_rc store_staff_create(struct store *s, const struct actor *a, struct staff *st)
{
	(void)a;
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	id_new('s', st->id);
	rc = STORE_ERROR;
	int64_t v = change_log_append(s, OBJ_STAFF, st->id, "", "", true, false);
	sqlite3_stmt *q =
		store_stmt(s, STMT_STAFF_INSERT,
			   "INSERT INTO staff (id, username, display_name, role, disabled, "
			   "password_hash, totp_secret, totp_last_step, version) "
			   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (v && q) {
		sqlite3_bind_text(q, 1, st->id, -1, SQLITE_STATIC);
		store_bind_text(q, 2, st->username ? st->username : "");
		store_bind_text(q, 3, st->display_name ? st->display_name : "");
		sqlite3_bind_int(q, 4, (int)st->role);
		sqlite3_bind_int(q, 5, st->disabled);
		store_bind_text(q, 6, st->password_hash);
		store_bind_sealed(s, q, 7, "staff.totp_secret", st->id, st->totp_secret);
		sqlite3_bind_int64(q, 8, st->totp_last_step);
		sqlite3_bind_int64(q, 9, v);
		rc = store_step_done(s, q);
	}
	if (rc == STORE_OK)
		rc = staff_depts_save(s, st);
	if (rc == STORE_OK)
		st->version = v;
	return store_atomic_end(s, own, rc);
}

enum store_rc store_staff_get(struct store *s, const char *id, struct staff *st)
{
	return staff_one(s, store_stmt(s, STMT_STAFF_GET, STAFF_COLS "WHERE id = ?"), id, st,
			 false);
}

enum store_rc store_staff_by_username(struct store *s, const char *username, struct staff *st)
{
	return staff_one(s, store_stmt(s, STMT_STAFF_BY_USERNAME, STAFF_COLS "WHERE username = ?"),
			 username, st, false);
}

enum store_rc store_staff_get_auth(struct store *s, const char *username, struct staff *st)
{
	return staff_one(s, store_stmt(s, STMT_STAFF_BY_USERNAME, STAFF_COLS "WHERE username = ?"),
			 username, st, true);
}

enum store_rc store_staff_list(struct store *s, struct staff **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *q = store_stmt(s, STMT_STAFF_LIST, STAFF_COLS "ORDER BY username");
	if (!q)
		return STORE_ERROR;
	void *v;
	enum store_rc rc = store_rows(s, q, sizeof **out, staff_row_v, staff_clear_v, &v, n);
	*out = v;
	return rc;
}

enum store_rc store_staff_update(struct store *s, const struct actor *a, struct staff *st)
{
	(void)a;
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	rc = STORE_ERROR;
	int64_t v = change_log_append(s, OBJ_STAFF, st->id, "", "", false, false);
	sqlite3_stmt *q =
		store_stmt(s, STMT_STAFF_UPDATE,
			   "UPDATE staff SET display_name = ?, role = ?, disabled = ?, version = ? "
			   "WHERE id = ?");
	if (!v || !q)
		goto out;
	store_bind_text(q, 1, st->display_name ? st->display_name : "");
	sqlite3_bind_int(q, 2, (int)st->role);
	sqlite3_bind_int(q, 3, st->disabled);
	sqlite3_bind_int64(q, 4, v);
	sqlite3_bind_text(q, 5, st->id, -1, SQLITE_STATIC);
	if ((rc = store_step_change(s, q)) != STORE_OK)
		goto out;
	if (st->password_hash) {
		q = store_stmt(s, STMT_STAFF_SET_PASSWORD,
			       "UPDATE staff SET password_hash = ? WHERE id = ?");
		rc = STORE_ERROR;
		if (!q)
			goto out;
		sqlite3_bind_text(q, 1, st->password_hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, st->id, -1, SQLITE_STATIC);
		if ((rc = store_step_done(s, q)) != STORE_OK)
			goto out;
	}
	if (st->totp_secret) {
		q = store_stmt(s, STMT_STAFF_SET_TOTP,
			       "UPDATE staff SET totp_secret = ? WHERE id = ?");
		rc = STORE_ERROR;
		if (!q)
			goto out;
		store_bind_sealed(s, q, 1, "staff.totp_secret", st->id, st->totp_secret);
		sqlite3_bind_text(q, 2, st->id, -1, SQLITE_STATIC);
		if ((rc = store_step_done(s, q)) != STORE_OK)
			goto out;
	}
	if ((rc = staff_depts_save(s, st)) == STORE_OK)
		st->version = v;
out:
	return store_atomic_end(s, own, rc);
}

enum store_rc store_staff_totp_use(struct store *s, const char *staff_id, int64_t step)
{
	sqlite3_stmt *q = store_stmt(
		s, STMT_STAFF_TOTP_USE,
		"UPDATE staff SET totp_last_step = ?1 WHERE id = ?2 AND totp_last_step < ?1");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_int64(q, 1, step);
	sqlite3_bind_text(q, 2, staff_id, -1, SQLITE_STATIC);
	enum store_rc rc = store_step_change(s, q);
	if (rc == STORE_NOT_FOUND) {
		/* No row changed: a replayed (or older) step, or no such staff. */
		struct staff st = { 0 };
		rc = store_staff_get(s, staff_id, &st) == STORE_OK ? STORE_EXISTS : STORE_NOT_FOUND;
		staff_clear(&st);
	}
	return rc;
}

enum store_rc store_staff_open_load(struct store *s, const char *staff_id, int64_t *count)
{
	sqlite3_stmt *q = store_stmt(
		s, STMT_STAFF_OPEN_LOAD,
		"SELECT COUNT(*) FROM conversations WHERE assignee_id = ? AND status IN (0, 1)");
	*count = 0;
	if (!q || !staff_id || !*staff_id)
		return q ? STORE_OK : STORE_ERROR;
	sqlite3_bind_text(q, 1, staff_id, -1, SQLITE_STATIC);
	*count = store_query_int(s, q, -1);
	if (*count < 0) {
		*count = 0;
		return STORE_ERROR;
	}
	return STORE_OK;
}

/* ---- templates --------------------------------------------------------------------------- */

#define TEMPLATE_COLS "SELECT id, name, department_id, language, body, version FROM templates "

static void template_row(sqlite3_stmt *q, struct template *t)
{
	template_clear(t);
	store_col_id(q, 0, t->id);
	t->name = store_col_text(q, 1);
	store_col_id(q, 2, t->department_id);
	t->language = store_col_text(q, 3);
	t->body = store_col_text(q, 4);
	t->version = sqlite3_column_int64(q, 5);
}

enum store_rc store_template_create(struct store *s, const struct actor *a, struct template *t)
{
	(void)a;
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	id_new('t', t->id);
	rc = STORE_ERROR;
	int64_t v = change_log_append(s, OBJ_TEMPLATE, t->id, "", t->department_id, true, false);
	sqlite3_stmt *q = store_stmt(
		s, STMT_TEMPLATE_INSERT,
		"INSERT INTO templates (id, name, department_id, language, body, version) "
		"VALUES (?, ?, ?, ?, ?, ?)");
	if (v && q) {
		sqlite3_bind_text(q, 1, t->id, -1, SQLITE_STATIC);
		store_bind_text(q, 2, t->name ? t->name : "");
		sqlite3_bind_text(q, 3, t->department_id, -1, SQLITE_STATIC);
		store_bind_text(q, 4, t->language ? t->language : "en");
		store_bind_text(q, 5, t->body ? t->body : "");
		sqlite3_bind_int64(q, 6, v);
		if ((rc = store_step_done(s, q)) == STORE_OK)
			t->version = v;
	}
	return store_atomic_end(s, own, rc);
}

enum store_rc store_template_get(struct store *s, const char *id, struct template *t)
{
	sqlite3_stmt *q = store_stmt(s, STMT_TEMPLATE_GET, TEMPLATE_COLS "WHERE id = ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, id ? id : "", -1, SQLITE_STATIC);
	enum store_rc rc = store_step_row(s, q);
	if (rc == STORE_OK)
		template_row(q, t);
	sqlite3_reset(q);
	return rc;
}

enum store_rc store_template_list(struct store *s, struct template **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *q =
		store_stmt(s, STMT_TEMPLATE_LIST, TEMPLATE_COLS "ORDER BY department_id, name, id");
	if (!q)
		return STORE_ERROR;
	size_t cap = 0;
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct template *t = &(*out)[(*n)++];
		memset(t, 0, sizeof *t);
		template_row(q, t);
	}
	enum store_rc rc = r == SQLITE_DONE ? STORE_OK :
					      store_rc_of(s, sqlite3_extended_errcode(s->db));
	sqlite3_reset(q);
	if (rc != STORE_OK) {
		for (size_t i = 0; i < *n; i++)
			template_clear(&(*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* The department a template has now ("" = global). */
static enum store_rc template_dept(struct store *s, const char *id, char dept[ID_LEN])
{
	struct template old = { 0 };
	enum store_rc rc = store_template_get(s, id, &old);
	memcpy(dept, old.department_id, ID_LEN);
	template_clear(&old);
	return rc;
}

enum store_rc store_template_update(struct store *s, const struct actor *a, struct template *t)
{
	(void)a;
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	char before[ID_LEN];
	if ((rc = template_dept(s, t->id, before)) != STORE_OK)
		goto out;
	rc = STORE_ERROR;
	int64_t v =
		change_log_append(s, OBJ_TEMPLATE, t->id, before, t->department_id, false, false);
	sqlite3_stmt *q = store_stmt(
		s, STMT_TEMPLATE_UPDATE,
		"UPDATE templates SET name = ?, department_id = ?, language = ?, body = ?, "
		"version = ? WHERE id = ?");
	if (!v || !q)
		goto out;
	store_bind_text(q, 1, t->name ? t->name : "");
	sqlite3_bind_text(q, 2, t->department_id, -1, SQLITE_STATIC);
	store_bind_text(q, 3, t->language ? t->language : "en");
	store_bind_text(q, 4, t->body ? t->body : "");
	sqlite3_bind_int64(q, 5, v);
	sqlite3_bind_text(q, 6, t->id, -1, SQLITE_STATIC);
	if ((rc = store_step_change(s, q)) == STORE_OK)
		t->version = v;
out:
	return store_atomic_end(s, own, rc);
}

enum store_rc store_template_destroy(struct store *s, const struct actor *a, const char *id)
{
	(void)a;
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	char dept[ID_LEN];
	struct id_list users = { 0 };
	if ((rc = template_dept(s, id, dept)) != STORE_OK)
		goto out;
	rc = STORE_ERROR;
	if (!change_log_append(s, OBJ_TEMPLATE, id, dept, "", false, true))
		goto out;
	sqlite3_stmt *q = store_stmt(s, STMT_TEMPLATE_DELETE, "DELETE FROM templates WHERE id = ?");
	if (!q)
		goto out;
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	if ((rc = store_step_change(s, q)) != STORE_OK)
		goto out;
	/* A department must not point at a template that is gone. */
	q = store_stmt(s, STMT_TEMPLATE_USERS,
		       "SELECT id FROM departments WHERE secure_template_id = ?");
	rc = STORE_ERROR;
	if (!q)
		goto out;
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW)
		id_list_add(&users, (const char *)sqlite3_column_text(q, 0));
	rc = r == SQLITE_DONE ? STORE_OK : store_rc_of(s, sqlite3_extended_errcode(s->db));
	sqlite3_reset(q);
	for (size_t i = 0; rc == STORE_OK && i < users.n; i++) {
		int64_t v =
			change_log_append(s, OBJ_DEPARTMENT, users.ids[i], "", "", false, false);
		q = store_stmt(
			s, STMT_TEMPLATE_UNLINK,
			"UPDATE departments SET secure_template_id = NULL, version = ? WHERE id = ?");
		rc = STORE_ERROR;
		if (!v || !q)
			break;
		sqlite3_bind_int64(q, 1, v);
		sqlite3_bind_text(q, 2, users.ids[i], -1, SQLITE_STATIC);
		rc = store_step_done(s, q);
	}
out:
	id_list_clear(&users);
	return store_atomic_end(s, own, rc);
}
