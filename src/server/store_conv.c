/* store_conv: conversation rows — one per (department, patient phone) via
 * the blind index — their updates (transfer, assignment, status, snooze
 * wake-up) and per-number consent. Listing is store_query.c's. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"
#include "server/store_internal.h"

#define CONV_COLS                                                                                    \
	"SELECT id, department_id, patient_name, patient_phone, language, status, snoozed_until, "   \
	"assignee_id, last_message_id, last_preview, last_direction, last_activity, waiting_since, " \
	"unread, consent, created_at, version FROM conversations "

static enum store_rc conv_row(struct store *s, sqlite3_stmt *q, struct conversation *c)
{
	conversation_clear(c);
	store_col_id(q, 0, c->id);
	store_col_id(q, 1, c->department_id);
	c->language = store_col_text(q, 4);
	c->status = (enum conv_status)sqlite3_column_int(q, 5);
	c->snoozed_until = sqlite3_column_int64(q, 6);
	store_col_id(q, 7, c->assignee_id);
	store_col_id(q, 8, c->last_message_id);
	c->last_direction = (enum msg_direction)sqlite3_column_int(q, 10);
	c->last_activity = sqlite3_column_int64(q, 11);
	c->waiting_since = sqlite3_column_int64(q, 12);
	c->unread = sqlite3_column_int(q, 13) != 0;
	c->consent = (enum consent_state)sqlite3_column_int(q, 14);
	c->created_at = sqlite3_column_int64(q, 15);
	c->version = sqlite3_column_int64(q, 16);
	enum store_rc rc;
	if ((rc = store_col_open(s, q, 2, "conversation.patient_name", c->id, &c->patient_name)) !=
		    STORE_OK ||
	    (rc = store_col_open(s, q, 3, "conversation.patient_phone", c->id,
				 &c->patient_phone)) != STORE_OK ||
	    (rc = store_col_open(s, q, 9, "conversation.last_preview", c->id, &c->last_preview)) !=
		    STORE_OK)
		conversation_clear(c);
	return rc;
}

static enum store_rc conv_one(struct store *s, sqlite3_stmt *q, struct conversation *c)
{
	enum store_rc rc = store_step_row(s, q);
	if (rc == STORE_OK)
		rc = conv_row(s, q, c);
	sqlite3_reset(q);
	return rc;
}

enum store_rc store_conversation_get(struct store *s, const char *id, struct conversation *c)
{
	sqlite3_stmt *q = store_stmt(s, STMT_CONV_GET, CONV_COLS "WHERE id = ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, id ? id : "", -1, SQLITE_STATIC);
	return conv_one(s, q, c);
}

enum store_rc store_conversation_by_phone(struct store *s, const char *dept_id, const char *e164,
					  struct conversation *c)
{
	if (!dept_id || !e164)
		return STORE_NOT_FOUND;
	char blind[65];
	crypto_blind_phone(s->keys, e164, blind);
	sqlite3_stmt *q = store_stmt(s, STMT_CONV_BY_PHONE,
				     CONV_COLS "WHERE department_id = ? AND phone_blind = ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, dept_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, blind, -1, SQLITE_STATIC);
	return conv_one(s, q, c);
}

enum store_rc store_consent_lookup(struct store *s, const char *blind, const char *dept_id,
				   enum consent_state *st, int64_t *changed_at)
{
	*st = CONSENT_UNKNOWN;
	if (changed_at)
		*changed_at = 0;
	sqlite3_stmt *q = store_stmt(
		s, STMT_CONSENT_GET,
		"SELECT state, changed_at FROM consent WHERE phone_blind = ? AND department_id = ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, blind, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, dept_id, -1, SQLITE_STATIC);
	enum store_rc rc = store_step_row(s, q);
	if (rc == STORE_OK) {
		*st = (enum consent_state)sqlite3_column_int(q, 0);
		if (changed_at)
			*changed_at = sqlite3_column_int64(q, 1);
	}
	sqlite3_reset(q);
	return rc == STORE_NOT_FOUND ? STORE_OK : rc;
}

enum store_rc store_conv_insert(struct store *s, const struct conversation *c, const char *blind,
				int64_t version)
{
	sqlite3_stmt *q = store_stmt(
		s, STMT_CONV_INSERT,
		"INSERT INTO conversations (id, department_id, phone_blind, patient_phone, "
		"patient_name, language, status, snoozed_until, assignee_id, "
		"last_message_id, last_preview, last_direction, last_activity, "
		"waiting_since, unread, consent, created_at, version, wait_key) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, c->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, c->department_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, blind, -1, SQLITE_STATIC);
	store_bind_sealed(s, q, 4, "conversation.patient_phone", c->id, c->patient_phone);
	store_bind_sealed(s, q, 5, "conversation.patient_name", c->id, c->patient_name);
	sqlite3_bind_text(q, 6, c->language ? c->language : "en", -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 7, (int)c->status);
	sqlite3_bind_int64(q, 8, c->snoozed_until);
	sqlite3_bind_text(q, 9, c->assignee_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 10, c->last_message_id, -1, SQLITE_STATIC);
	store_bind_sealed(s, q, 11, "conversation.last_preview", c->id, c->last_preview);
	sqlite3_bind_int(q, 12, (int)c->last_direction);
	sqlite3_bind_int64(q, 13, c->last_activity);
	sqlite3_bind_int64(q, 14, c->waiting_since);
	sqlite3_bind_int(q, 15, c->unread);
	sqlite3_bind_int(q, 16, (int)c->consent);
	sqlite3_bind_int64(q, 17, c->created_at);
	sqlite3_bind_int64(q, 18, version);
	sqlite3_bind_int64(q, 19, store_wait_key(c->waiting_since, c->last_activity));
	return store_step_done(s, q);
}

enum store_rc store_conversation_create(struct store *s, const struct actor *a,
					struct conversation *c)
{
	(void)a;
	if (!c->patient_phone || !c->department_id[0])
		return STORE_ERROR;
	char blind[65];
	crypto_blind_phone(s->keys, c->patient_phone, blind);
	struct conversation old = { 0 };
	enum store_rc rc = store_conversation_by_phone(s, c->department_id, c->patient_phone, &old);
	if (rc == STORE_OK) {
		conversation_clear(c);
		*c = old;
		return STORE_EXISTS;
	}
	if (rc != STORE_NOT_FOUND)
		return rc;
	bool own;
	if ((rc = store_atomic_begin(s, &own)) != STORE_OK)
		return rc;
	enum consent_state consent;
	if ((rc = store_consent_lookup(s, blind, c->department_id, &consent, NULL)) != STORE_OK)
		goto out;
	rc = STORE_ERROR;
	id_new('c', c->id);
	if (!c->created_at)
		c->created_at = now_ms();
	if (!c->last_activity)
		c->last_activity = c->created_at;
	if (!c->language)
		c->language = xstrdup("en");
	c->consent = consent;
	int64_t v =
		change_log_append(s, OBJ_CONVERSATION, c->id, "", c->department_id, true, false);
	if (v && (rc = store_conv_insert(s, c, blind, v)) == STORE_OK)
		c->version = v;
out:
	return store_atomic_end(s, own, rc);
}

enum store_rc store_conversation_update(struct store *s, const struct actor *a,
					struct conversation *c, int64_t if_version)
{
	(void)a;
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	struct conversation old = { 0 };
	if ((rc = store_conversation_get(s, c->id, &old)) != STORE_OK)
		goto out;
	if (if_version && old.version != if_version) {
		rc = STORE_VERSION_MISMATCH;
		goto out;
	}
	if (!c->department_id[0])
		memcpy(c->department_id, old.department_id, ID_LEN);
	bool moved = strcmp(c->department_id, old.department_id) != 0;
	enum consent_state consent = old.consent;
	if (moved) {
		/* Consent is per department number: the new one's record applies. */
		char blind[65];
		crypto_blind_phone(s->keys, old.patient_phone, blind);
		if ((rc = store_consent_lookup(s, blind, c->department_id, &consent, NULL)) !=
		    STORE_OK)
			goto out;
	}
	int64_t activity = old.last_activity;
	if (c->status != old.status) {
		int64_t now = now_ms();
		if (now > activity)
			activity = now;
	}
	rc = STORE_ERROR;
	int64_t v = change_log_append(s, OBJ_CONVERSATION, c->id, old.department_id,
				      c->department_id, false, false);
	sqlite3_stmt *q = store_stmt(
		s, STMT_CONV_UPDATE,
		"UPDATE conversations SET status = ?, snoozed_until = ?, assignee_id = ?, "
		"department_id = ?, unread = ?, language = ?, patient_name = ?, "
		"last_activity = ?, consent = ?, version = ?, wait_key = ? WHERE id = ?");
	if (!v || !q)
		goto out;
	sqlite3_bind_int(q, 1, (int)c->status);
	sqlite3_bind_int64(q, 2, c->snoozed_until);
	sqlite3_bind_text(q, 3, c->assignee_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, c->department_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 5, c->unread);
	sqlite3_bind_text(q, 6, c->language ? c->language : (old.language ? old.language : "en"),
			  -1, SQLITE_STATIC);
	store_bind_sealed(s, q, 7, "conversation.patient_name", c->id, c->patient_name);
	sqlite3_bind_int64(q, 8, activity);
	sqlite3_bind_int(q, 9, (int)consent);
	sqlite3_bind_int64(q, 10, v);
	sqlite3_bind_int64(q, 11, store_wait_key(old.waiting_since, activity));
	sqlite3_bind_text(q, 12, c->id, -1, SQLITE_STATIC);
	/* A transfer into a department that already talks to this number
	 * hits the (department, phone) key: STORE_EXISTS. */
	if ((rc = store_step_change(s, q)) == STORE_OK) {
		c->version = v;
		c->last_activity = activity;
		c->consent = consent;
	}
out:
	conversation_clear(&old);
	return store_atomic_end(s, own, rc);
}

enum store_rc store_conversation_wake_snoozed(struct store *s, int64_t now, int *woken)
{
	*woken = 0;
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	struct due {
		char id[ID_LEN];
		char dept[ID_LEN];
	} *due = NULL;
	size_t n = 0, cap = 0;
	/* The partial index conv_snoozed holds only snoozed rows. */
	sqlite3_stmt *q =
		store_stmt(s, STMT_CONV_SNOOZE_DUE,
			   "SELECT id, department_id FROM conversations WHERE status = 2 AND "
			   "snoozed_until <= ? ORDER BY snoozed_until");
	rc = STORE_ERROR;
	if (!q)
		goto out;
	sqlite3_bind_int64(q, 1, now);
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			due = xrealloc(due, cap * sizeof *due);
		}
		store_col_id(q, 0, due[n].id);
		store_col_id(q, 1, due[n].dept);
		n++;
	}
	rc = r == SQLITE_DONE ? STORE_OK : store_rc_of(s, sqlite3_extended_errcode(s->db));
	sqlite3_reset(q);
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		int64_t v = change_log_append(s, OBJ_CONVERSATION, due[i].id, due[i].dept,
					      due[i].dept, false, false);
		/* Waking is a status change: it counts as activity at the wake time. */
		q = store_stmt(
			s, STMT_CONV_WAKE,
			"UPDATE conversations SET status = 0, last_activity = "
			"max(last_activity, snoozed_until), snoozed_until = 0, version = ?, "
			"wait_key = " WAIT_KEY_SQL(
				"waiting_since",
				"max(last_activity, snoozed_until)") " WHERE id = ? AND status = 2");
		rc = STORE_ERROR;
		if (!v || !q)
			break;
		sqlite3_bind_int64(q, 1, v);
		sqlite3_bind_text(q, 2, due[i].id, -1, SQLITE_STATIC);
		rc = store_step_done(s, q);
	}
	if (rc == STORE_OK)
		*woken = (int)n;
out:
	free(due);
	return store_atomic_end(s, own, rc);
}

/* ---- consent ----------------------------------------------------------------------------- */

enum store_rc store_consent_get(struct store *s, const char *e164, const char *dept_id,
				enum consent_state *st, int64_t *changed_at)
{
	char blind[65];
	crypto_blind_phone(s->keys, e164 ? e164 : "", blind);
	return store_consent_lookup(s, blind, dept_id ? dept_id : "", st, changed_at);
}

enum store_rc store_consent_set(struct store *s, const char *e164, const char *dept_id,
				enum consent_state st, const char *source)
{
	if (!e164 || !dept_id)
		return STORE_ERROR;
	char blind[65];
	crypto_blind_phone(s->keys, e164, blind);
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	sqlite3_stmt *q = store_stmt(
		s, STMT_CONSENT_SET,
		"INSERT INTO consent (phone_blind, department_id, state, changed_at, source) "
		"VALUES (?, ?, ?, ?, ?) ON CONFLICT (phone_blind, department_id) DO UPDATE "
		"SET state = excluded.state, changed_at = excluded.changed_at, "
		"source = excluded.source");
	rc = STORE_ERROR;
	if (!q)
		goto out;
	sqlite3_bind_text(q, 1, blind, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, dept_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 3, (int)st);
	sqlite3_bind_int64(q, 4, now_ms());
	sqlite3_bind_text(q, 5, source ? source : "", -1, SQLITE_STATIC);
	if ((rc = store_step_done(s, q)) != STORE_OK)
		goto out;
	/* At most one conversation has this (department, phone). */
	struct conversation c = { 0 };
	rc = store_conversation_by_phone(s, dept_id, e164, &c);
	bool stale = rc == STORE_OK && c.consent != st;
	char id[ID_LEN];
	memcpy(id, c.id, ID_LEN);
	conversation_clear(&c);
	if (rc == STORE_NOT_FOUND || (rc == STORE_OK && !stale)) {
		rc = STORE_OK;
		goto out;
	}
	if (rc != STORE_OK)
		goto out;
	rc = STORE_ERROR;
	int64_t v = change_log_append(s, OBJ_CONVERSATION, id, dept_id, dept_id, false, false);
	q = store_stmt(s, STMT_CONV_SET_CONSENT,
		       "UPDATE conversations SET consent = ?, version = ? WHERE id = ?");
	if (!v || !q)
		goto out;
	sqlite3_bind_int(q, 1, (int)st);
	sqlite3_bind_int64(q, 2, v);
	sqlite3_bind_text(q, 3, id, -1, SQLITE_STATIC);
	rc = store_step_done(s, q);
out:
	return store_atomic_end(s, own, rc);
}
