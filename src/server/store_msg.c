/* store_msg: inside a conversation — messages and the conversation fields
 * they drive (last message, preview, waiting, unread, reopening), notes,
 * assignment history, and the bulk seeding path that writes them directly. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"
#include "proto/sms.h"
#include "server/store_internal.h"

#define PREVIEW_BYTES 120

/* The first PREVIEW_BYTES of body, cut before a UTF-8 continuation byte. */
static void preview_of(const char *body, char out[PREVIEW_BYTES + 1])
{
	size_t n = body ? strlen(body) : 0;
	if (n > PREVIEW_BYTES) {
		n = PREVIEW_BYTES;
		while (n > 0 && ((unsigned char)body[n] & 0xc0) == 0x80)
			n--;
	}
	if (n)
		memcpy(out, body, n);
	out[n] = '\0';
}

/* What a message does to its conversation's waiting/unread state. */
struct conv_state {
	char dept[ID_LEN];
	enum conv_status status;
	int64_t snoozed_until;
	int64_t waiting_since;
	int64_t last_activity;
	bool unread;
};

static void conv_state_apply(struct conv_state *cs, enum msg_direction dir, int64_t at)
{
	if (dir == MSG_IN) {
		if (!cs->waiting_since)
			cs->waiting_since = at > 0 ? at : 1;
		cs->unread = true;
		if (cs->status == CONV_RESOLVED || cs->status == CONV_SNOOZED) {
			cs->status = CONV_OPEN;
			cs->snoozed_until = 0;
		}
	} else if (dir == MSG_OUT) {
		cs->waiting_since = 0;
	}
	if (at > cs->last_activity)
		cs->last_activity = at;
}

static enum store_rc conv_state_load(struct store *s, const char *conv_id, struct conv_state *cs)
{
	memset(cs, 0, sizeof *cs);
	sqlite3_stmt *q = store_stmt(
		s, STMT_CONV_STATE,
		"SELECT department_id, status, snoozed_until, waiting_since, last_activity, "
		"unread FROM conversations WHERE id = ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, conv_id, -1, SQLITE_STATIC);
	enum store_rc rc = store_step_row(s, q);
	if (rc == STORE_OK) {
		store_col_id(q, 0, cs->dept);
		cs->status = (enum conv_status)sqlite3_column_int(q, 1);
		cs->snoozed_until = sqlite3_column_int64(q, 2);
		cs->waiting_since = sqlite3_column_int64(q, 3);
		cs->last_activity = sqlite3_column_int64(q, 4);
		cs->unread = sqlite3_column_int(q, 5) != 0;
	}
	sqlite3_reset(q);
	return rc;
}

/* ---- messages --------------------------------------------------------------------------- */

#define MSG_COLS                                                                                \
	"SELECT id, conversation_id, direction, body, author_id, client_msg_id, request_hash, " \
	"delivery, delivery_error, carrier_sid, segments, created_at, version FROM messages "

static enum store_rc msg_row(struct store *s, sqlite3_stmt *q, struct message *m)
{
	message_clear(m);
	store_col_id(q, 0, m->id);
	store_col_id(q, 1, m->conversation_id);
	m->direction = (enum msg_direction)sqlite3_column_int(q, 2);
	store_col_id(q, 4, m->author_id);
	m->client_msg_id = store_col_text(q, 5);
	m->delivery = (enum delivery_state)sqlite3_column_int(q, 7);
	m->delivery_error = store_col_text(q, 8);
	m->carrier_sid = store_col_text(q, 9);
	m->segments = sqlite3_column_int(q, 10);
	m->created_at = sqlite3_column_int64(q, 11);
	m->version = sqlite3_column_int64(q, 12);
	enum store_rc rc;
	if ((rc = store_col_open(s, q, 3, "message.body", m->id, &m->body)) != STORE_OK ||
	    (rc = store_col_open(s, q, 6, "message.request_hash", m->id, &m->request_hash)) !=
		    STORE_OK)
		message_clear(m);
	return rc;
}

/* For store_rows. */
static enum store_rc msg_row_v(struct store *s, sqlite3_stmt *q, void *e)
{
	return msg_row(s, q, e);
}

static void message_clear_v(void *e)
{
	message_clear(e);
}

static enum store_rc msg_one(struct store *s, enum stmt_id sid, const char *sql, const char *key,
			     struct message *m)
{
	sqlite3_stmt *q = store_stmt(s, sid, sql);
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, key ? key : "", -1, SQLITE_STATIC);
	enum store_rc rc = store_step_row(s, q);
	if (rc == STORE_OK)
		rc = msg_row(s, q, m);
	sqlite3_reset(q);
	return rc;
}

enum store_rc store_message_get(struct store *s, const char *id, struct message *m)
{
	return msg_one(s, STMT_MSG_GET, MSG_COLS "WHERE id = ?", id, m);
}

enum store_rc store_message_by_client_id(struct store *s, const char *client_msg_id,
					 struct message *m)
{
	if (!client_msg_id)
		return STORE_NOT_FOUND;
	return msg_one(s, STMT_MSG_BY_CLIENT_ID, MSG_COLS "WHERE client_msg_id = ?", client_msg_id,
		       m);
}

enum store_rc store_message_by_carrier_sid(struct store *s, const char *sid, struct message *m)
{
	if (!sid)
		return STORE_NOT_FOUND;
	return msg_one(s, STMT_MSG_BY_CARRIER_SID, MSG_COLS "WHERE carrier_sid = ?", sid, m);
}

static enum store_rc msg_insert(struct store *s, const struct message *m, int64_t version)
{
	sqlite3_stmt *q = store_stmt(
		s, STMT_MSG_INSERT,
		"INSERT INTO messages (id, conversation_id, direction, body, author_id, "
		"client_msg_id, request_hash, delivery, delivery_error, carrier_sid, "
		"segments, created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, m->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, m->conversation_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 3, (int)m->direction);
	store_bind_sealed(s, q, 4, "message.body", m->id, m->body ? m->body : "");
	sqlite3_bind_text(q, 5, m->author_id, -1, SQLITE_STATIC);
	store_bind_text(q, 6, m->client_msg_id);
	store_bind_sealed(s, q, 7, "message.request_hash", m->id, m->request_hash);
	sqlite3_bind_int(q, 8, (int)m->delivery);
	store_bind_text(q, 9, m->delivery_error);
	store_bind_text(q, 10, m->carrier_sid);
	sqlite3_bind_int(q, 11, m->segments);
	sqlite3_bind_int64(q, 12, m->created_at);
	sqlite3_bind_int64(q, 13, version);
	return store_step_done(s, q);
}

/* Writes the conversation fields a new last message sets. */
static enum store_rc conv_set_last(struct store *s, const char *conv_id,
				   const struct conv_state *cs, const char *msg_id,
				   const char *body, enum msg_direction dir, int64_t version)
{
	sqlite3_stmt *q = store_stmt(
		s, STMT_CONV_SET_LAST,
		"UPDATE conversations SET status = ?, snoozed_until = ?, waiting_since = ?, "
		"unread = ?, last_message_id = ?, last_preview = ?, last_direction = ?, "
		"last_activity = ?, version = ?, wait_key = ? WHERE id = ?");
	if (!q)
		return STORE_ERROR;
	char preview[PREVIEW_BYTES + 1];
	preview_of(body, preview);
	sqlite3_bind_int(q, 1, (int)cs->status);
	sqlite3_bind_int64(q, 2, cs->snoozed_until);
	sqlite3_bind_int64(q, 3, cs->waiting_since);
	sqlite3_bind_int(q, 4, cs->unread);
	sqlite3_bind_text(q, 5, msg_id, -1, SQLITE_STATIC);
	store_bind_sealed(s, q, 6, "conversation.last_preview", conv_id, preview);
	sodium_memzero(preview, sizeof preview);
	sqlite3_bind_int(q, 7, (int)dir);
	sqlite3_bind_int64(q, 8, cs->last_activity);
	sqlite3_bind_int64(q, 9, version);
	sqlite3_bind_int64(q, 10, store_wait_key(cs->waiting_since, cs->last_activity));
	sqlite3_bind_text(q, 11, conv_id, -1, SQLITE_STATIC);
	return store_step_change(s, q);
}

enum store_rc store_message_create(struct store *s, const struct actor *a, struct message *m)
{
	(void)a;
	if (m->client_msg_id) {
		struct message old = { 0 };
		enum store_rc rc = store_message_by_client_id(s, m->client_msg_id, &old);
		if (rc == STORE_OK) {
			message_clear(m);
			*m = old;
			return STORE_EXISTS;
		}
		if (rc != STORE_NOT_FOUND)
			return rc;
	}
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	struct conv_state cs;
	if ((rc = conv_state_load(s, m->conversation_id, &cs)) != STORE_OK)
		goto out;
	id_new('m', m->id);
	if (!m->created_at)
		m->created_at = now_ms();
	if (m->segments <= 0)
		m->segments = 1;
	rc = STORE_ERROR;
	int64_t vm = change_log_append(s, OBJ_MESSAGE, m->id, "", cs.dept, true, false);
	if (!vm || (rc = msg_insert(s, m, vm)) != STORE_OK)
		goto out;
	conv_state_apply(&cs, m->direction, m->created_at);
	rc = STORE_ERROR;
	int64_t vc = change_log_append(s, OBJ_CONVERSATION, m->conversation_id, cs.dept, cs.dept,
				       false, false);
	if (!vc)
		goto out;
	if ((rc = conv_set_last(s, m->conversation_id, &cs, m->id, m->body, m->direction, vc)) ==
	    STORE_OK)
		m->version = vm;
out:
	rc = store_atomic_end(s, own, rc);
	if (rc == STORE_EXISTS) {
		/* Lost a race on client_msg_id or carrier_sid: answer with the winner. */
		struct message old = { 0 };
		enum store_rc r2 = m->client_msg_id ?
					   store_message_by_client_id(s, m->client_msg_id, &old) :
					   store_message_by_carrier_sid(s, m->carrier_sid, &old);
		if (r2 == STORE_OK) {
			message_clear(m);
			*m = old;
		} else {
			message_clear(&old);
		}
	}
	return rc;
}

enum store_rc store_message_query(struct store *s, const char *conversation_id, int64_t position,
				  int64_t limit, struct id_list *ids, int64_t *total)
{
	*total = 0;
	sqlite3_stmt *q = store_stmt(s, STMT_MSG_COUNT,
				     "SELECT COUNT(*) FROM messages WHERE conversation_id = ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, conversation_id, -1, SQLITE_STATIC);
	*total = store_query_int(s, q, -1);
	if (*total < 0) {
		*total = 0;
		return STORE_ERROR;
	}
	if (limit <= 0)
		return STORE_OK;
	q = store_stmt(
		s, STMT_MSG_PAGE,
		"SELECT id FROM messages WHERE conversation_id = ? ORDER BY seq LIMIT ? OFFSET ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, conversation_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, limit);
	sqlite3_bind_int64(q, 3, position > 0 ? position : 0);
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW)
		id_list_add(ids, (const char *)sqlite3_column_text(q, 0));
	enum store_rc rc = r == SQLITE_DONE ? STORE_OK :
					      store_rc_of(s, sqlite3_extended_errcode(s->db));
	sqlite3_reset(q);
	return rc;
}

enum store_rc store_message_newer(struct store *s, const char *conversation_id,
				  const char *after_id, const char *exclude_author,
				  struct message **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	int64_t after = 0;
	if (after_id && *after_id) {
		/* Insertion order, not time: two messages can share a millisecond. */
		sqlite3_stmt *q =
			store_stmt(s, STMT_MSG_SEQ,
				   "SELECT seq FROM messages WHERE id = ? AND conversation_id = ?");
		if (!q)
			return STORE_ERROR;
		sqlite3_bind_text(q, 1, after_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, conversation_id, -1, SQLITE_STATIC);
		after = store_query_int(s, q, -1);
		if (after < 0)
			return STORE_NOT_FOUND;
	}
	sqlite3_stmt *q = store_stmt(s, STMT_MSG_NEWER,
				     MSG_COLS "WHERE conversation_id = ?1 AND seq > ?2 AND "
					      "(?3 IS NULL OR author_id <> ?3) ORDER BY seq");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, conversation_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, after);
	store_bind_text(q, 3, exclude_author && *exclude_author ? exclude_author : NULL);
	void *v;
	enum store_rc rc = store_rows(s, q, sizeof **out, msg_row_v, message_clear_v, &v, n);
	*out = v;
	return rc;
}

enum store_rc store_message_set_delivery(struct store *s, const char *id, enum delivery_state st,
					 const char *error, const char *carrier_sid)
{
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	struct message m = { 0 };
	struct conv_state cs;
	if ((rc = store_message_get(s, id, &m)) != STORE_OK ||
	    (rc = conv_state_load(s, m.conversation_id, &cs)) != STORE_OK)
		goto out;
	rc = STORE_ERROR;
	int64_t v = change_log_append(s, OBJ_MESSAGE, id, cs.dept, cs.dept, false, false);
	sqlite3_stmt *q =
		store_stmt(s, STMT_MSG_DELIVERY,
			   "UPDATE messages SET delivery = ?, delivery_error = ?, "
			   "carrier_sid = COALESCE(?, carrier_sid), version = ? WHERE id = ?");
	if (!v || !q)
		goto out;
	sqlite3_bind_int(q, 1, (int)st);
	store_bind_text(q, 2, error);
	store_bind_text(q, 3, carrier_sid);
	sqlite3_bind_int64(q, 4, v);
	sqlite3_bind_text(q, 5, id, -1, SQLITE_STATIC);
	rc = store_step_change(s, q);
out:
	message_clear(&m);
	return store_atomic_end(s, own, rc);
}

/* ---- notes --------------------------------------------------------------------------------- */

enum store_rc store_note_create(struct store *s, const struct actor *a, struct note *n)
{
	(void)a;
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	struct conv_state cs;
	if ((rc = conv_state_load(s, n->conversation_id, &cs)) != STORE_OK)
		goto out;
	id_new('n', n->id);
	if (!n->created_at)
		n->created_at = now_ms();
	rc = STORE_ERROR;
	int64_t v = change_log_append(s, OBJ_NOTE, n->id, "", cs.dept, true, false);
	sqlite3_stmt *q = store_stmt(
		s, STMT_NOTE_INSERT,
		"INSERT INTO notes (id, conversation_id, author_id, body, created_at, version) "
		"VALUES (?, ?, ?, ?, ?, ?)");
	if (!v || !q)
		goto out;
	sqlite3_bind_text(q, 1, n->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, n->conversation_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, n->author_id, -1, SQLITE_STATIC);
	store_bind_sealed(s, q, 4, "note.body", n->id, n->body ? n->body : "");
	sqlite3_bind_int64(q, 5, n->created_at);
	sqlite3_bind_int64(q, 6, v);
	if ((rc = store_step_done(s, q)) == STORE_OK)
		n->version = v;
out:
	return store_atomic_end(s, own, rc);
}

enum store_rc store_note_get(struct store *s, const char *id, struct note *n)
{
	sqlite3_stmt *q = store_stmt(
		s, STMT_NOTE_GET,
		"SELECT id, conversation_id, author_id, body, created_at, version FROM notes "
		"WHERE id = ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, id ? id : "", -1, SQLITE_STATIC);
	enum store_rc rc = store_step_row(s, q);
	if (rc == STORE_OK) {
		note_clear(n);
		store_col_id(q, 0, n->id);
		store_col_id(q, 1, n->conversation_id);
		store_col_id(q, 2, n->author_id);
		n->created_at = sqlite3_column_int64(q, 4);
		n->version = sqlite3_column_int64(q, 5);
		if ((rc = store_col_open(s, q, 3, "note.body", n->id, &n->body)) != STORE_OK)
			note_clear(n);
	}
	sqlite3_reset(q);
	return rc;
}

enum store_rc store_note_query(struct store *s, const char *conversation_id, struct id_list *ids)
{
	sqlite3_stmt *q = store_stmt(s, STMT_NOTE_LIST,
				     "SELECT id FROM notes WHERE conversation_id = ? ORDER BY seq");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, conversation_id, -1, SQLITE_STATIC);
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW)
		id_list_add(ids, (const char *)sqlite3_column_text(q, 0));
	enum store_rc rc = r == SQLITE_DONE ? STORE_OK :
					      store_rc_of(s, sqlite3_extended_errcode(s->db));
	sqlite3_reset(q);
	return rc;
}

/* ---- assignment history -------------------------------------------------------------------- */

#define ASSIGN_COLS                                                                                  \
	"SELECT id, conversation_id, kind, from_staff, to_staff, from_dept, to_dept, by_staff, at, " \
	"version FROM assignments "

static void assign_row(sqlite3_stmt *q, struct assignment *as)
{
	memset(as, 0, sizeof *as);
	store_col_id(q, 0, as->id);
	store_col_id(q, 1, as->conversation_id);
	as->kind = (enum assign_kind)sqlite3_column_int(q, 2);
	store_col_id(q, 3, as->from_staff);
	store_col_id(q, 4, as->to_staff);
	store_col_id(q, 5, as->from_dept);
	store_col_id(q, 6, as->to_dept);
	store_col_id(q, 7, as->by_staff);
	as->at = sqlite3_column_int64(q, 8);
	as->version = sqlite3_column_int64(q, 9);
}

enum store_rc store_assignment_add(struct store *s, struct assignment *as)
{
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	struct conv_state cs;
	if ((rc = conv_state_load(s, as->conversation_id, &cs)) != STORE_OK)
		goto out;
	id_new('a', as->id);
	if (!as->at)
		as->at = now_ms();
	rc = STORE_ERROR;
	int64_t v = change_log_append(s, OBJ_ASSIGNMENT, as->id, "", cs.dept, true, false);
	sqlite3_stmt *q = store_stmt(
		s, STMT_ASSIGN_INSERT,
		"INSERT INTO assignments (id, conversation_id, kind, from_staff, to_staff, "
		"from_dept, to_dept, by_staff, at, version) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!v || !q)
		goto out;
	sqlite3_bind_text(q, 1, as->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, as->conversation_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 3, (int)as->kind);
	sqlite3_bind_text(q, 4, as->from_staff, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, as->to_staff, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, as->from_dept, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 7, as->to_dept, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 8, as->by_staff, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 9, as->at);
	sqlite3_bind_int64(q, 10, v);
	if ((rc = store_step_done(s, q)) == STORE_OK)
		as->version = v;
out:
	return store_atomic_end(s, own, rc);
}

enum store_rc store_assignment_query(struct store *s, const char *conversation_id,
				     struct assignment **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *q = store_stmt(s, STMT_ASSIGN_LIST,
				     ASSIGN_COLS "WHERE conversation_id = ? ORDER BY seq");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, conversation_id, -1, SQLITE_STATIC);
	size_t cap = 0;
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		assign_row(q, &(*out)[(*n)++]);
	}
	enum store_rc rc = r == SQLITE_DONE ? STORE_OK :
					      store_rc_of(s, sqlite3_extended_errcode(s->db));
	sqlite3_reset(q);
	if (rc != STORE_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

enum store_rc store_assignment_get(struct store *s, const char *id, struct assignment *as)
{
	sqlite3_stmt *q = store_stmt(s, STMT_ASSIGN_GET, ASSIGN_COLS "WHERE id = ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, id ? id : "", -1, SQLITE_STATIC);
	enum store_rc rc = store_step_row(s, q);
	if (rc == STORE_OK)
		assign_row(q, as);
	sqlite3_reset(q);
	return rc;
}

/* ---- bulk seeding ---------------------------------------------------------------------------- */

/* Writes the finished conversation in one insert (its derived fields
 * computed here by the same rules as store_message_create), then its
 * messages, with one change row each, all through cached statements. The
 * seed's status wins over reopening; unread means the last word was the
 * patient's. */
enum store_rc store_seed_conversation(struct store *s, const struct seed_conversation *sc,
				      char id_out[ID_LEN])
{
	if (!sc->department_id || !sc->patient_phone ||
	    (sc->n_messages && (!sc->bodies || !sc->directions)))
		return STORE_ERROR;
	/* Inside the caller's transaction there is no savepoint per call: its
	 * sub-journal would copy every page each conversation touches. The
	 * one expected failure, a number the department already has, is ruled
	 * out before writing; after any other failure the caller rolls back
	 * (curtainctl seeds in one transaction and does). */
	bool own = false;
	enum store_rc rc = STORE_OK;
	if (!s->in_tx && (rc = store_atomic_begin(s, &own)) != STORE_OK)
		return rc;
	char(*mids)[ID_LEN] = xcalloc(sc->n_messages ? sc->n_messages : 1, ID_LEN);
	char preview[PREVIEW_BYTES + 1] = "";
	struct conversation c = { 0 };
	char blind[65];
	crypto_blind_phone(s->keys, sc->patient_phone, blind);
	id_new('c', c.id);
	snprintf(c.department_id, ID_LEN, "%s", sc->department_id);
	snprintf(c.assignee_id, ID_LEN, "%s", sc->assignee_id ? sc->assignee_id : "");
	c.patient_name = (char *)sc->patient_name;
	c.patient_phone = (char *)sc->patient_phone;
	c.language = (char *)(sc->language ? sc->language : "en");
	c.created_at = sc->created_at ? sc->created_at : now_ms();
	struct conv_state cs = { .status = CONV_OPEN, .last_activity = c.created_at };
	for (size_t i = 0; i < sc->n_messages; i++) {
		id_new('m', mids[i]);
		conv_state_apply(&cs, sc->directions[i], sc->times ? sc->times[i] : c.created_at);
	}
	c.status = sc->status;
	c.waiting_since = cs.waiting_since;
	c.last_activity = cs.last_activity;
	c.unread = sc->n_messages && sc->directions[sc->n_messages - 1] == MSG_IN;
	if (sc->n_messages) {
		size_t last = sc->n_messages - 1;
		memcpy(c.last_message_id, mids[last], ID_LEN);
		preview_of(sc->bodies[last], preview);
		c.last_preview = preview;
		c.last_direction = sc->directions[last];
	}
	if ((rc = store_consent_lookup(s, blind, c.department_id, &c.consent, NULL)) != STORE_OK)
		goto out;
	sqlite3_stmt *q = store_stmt(
		s, STMT_SEED_PHONE_TAKEN,
		"SELECT 1 FROM conversations WHERE department_id = ? AND phone_blind = ?");
	rc = STORE_ERROR;
	if (!q)
		goto out;
	sqlite3_bind_text(q, 1, c.department_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, blind, -1, SQLITE_STATIC);
	rc = store_step_row(s, q);
	sqlite3_reset(q);
	if (rc != STORE_NOT_FOUND) {
		rc = rc == STORE_OK ? STORE_EXISTS : rc;
		goto out;
	}
	rc = STORE_ERROR;
	int64_t v = change_log_append(s, OBJ_CONVERSATION, c.id, "", c.department_id, true, false);
	if (!v || (rc = store_conv_insert(s, &c, blind, v)) != STORE_OK)
		goto out;
	for (size_t i = 0; i < sc->n_messages; i++) {
		struct message m = { 0 };
		memcpy(m.id, mids[i], ID_LEN);
		memcpy(m.conversation_id, c.id, ID_LEN);
		m.direction = sc->directions[i];
		m.body = (char *)(sc->bodies[i] ? sc->bodies[i] : "");
		if (m.direction == MSG_OUT && sc->authors && sc->authors[i])
			snprintf(m.author_id, ID_LEN, "%s", sc->authors[i]);
		m.delivery = m.direction == MSG_IN ? DELIV_RECEIVED : DELIV_DELIVERED;
		struct sms_count cnt;
		sms_count(m.body, strlen(m.body), &cnt);
		m.segments = cnt.segments > 0 ? cnt.segments : 1;
		m.created_at = sc->times ? sc->times[i] : c.created_at;
		rc = STORE_ERROR;
		int64_t vm =
			change_log_append(s, OBJ_MESSAGE, m.id, "", c.department_id, true, false);
		if (!vm || (rc = msg_insert(s, &m, vm)) != STORE_OK)
			goto out;
	}
	if (id_out)
		memcpy(id_out, c.id, ID_LEN);
out:
	sodium_memzero(preview, sizeof preview);
	free(mids);
	return own ? store_atomic_end(s, own, rc) : rc;
}
