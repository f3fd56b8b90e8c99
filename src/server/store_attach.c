/* store_attach: attachments (PROTOCOL.md section 12). The bytes, the
 * uploader's file name and the carrier's URL are sealed at rest like every
 * other piece of PHI, each bound to its column and row. An attachment that
 * belongs to a message moves that message's version when its state
 * changes, so clients see a picture arrive through Message/changes. The
 * fetch queue (state FETCHING, or a carrier copy still to delete) is
 * claimed under a lease, so several curtaind instances share it. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"
#include "server/store_internal.h"

void attachment_clear(struct attachment *a)
{
	free(a->reason);
	free(a->declared_type);
	free(a->content_type);
	free_wiped(&a->name);
	free_wiped(&a->source_url);
	memset(a, 0, sizeof *a);
}

const char *attach_state_name(enum attach_state st)
{
	switch (st) {
	case ATTACH_FETCHING: return "fetching";
	case ATTACH_STORED: return "stored";
	case ATTACH_REJECTED: return "rejected";
	}
	return NULL;
}

/* Associated data "<column>:<row>", as store_bind_sealed uses. */
static void attach_ad(const char *column, const char *id, char out[96])
{
	snprintf(out, 96, "%s:%s", column, id);
}

/* Binds len bytes sealed for (column, id); NULL data binds NULL. */
static void bind_sealed_bytes(struct store *s, sqlite3_stmt *q, int idx, const char *column,
			      const char *id, const void *data, size_t len)
{
	if (!data) {
		sqlite3_bind_null(q, idx);
		return;
	}
	char ad[96];
	attach_ad(column, id, ad);
	unsigned char *c = NULL;
	size_t n = 0;
	crypto_seal(s->keys, ad, data, len, &c, &n);
	sqlite3_bind_blob64(q, idx, c, (sqlite3_uint64)n, free);
}

/* The change of an attachment is a change of its message: a change-log
 * row in the conversation's department and the message's new version. */
static enum store_rc bump_message(struct store *s, const char *message_id)
{
	if (!message_id || !*message_id)
		return STORE_OK; /* an unused upload: nobody syncs it */
	sqlite3_stmt *q = store_stmt(s, STMT_ATTACH_MSG_DEPT,
				     "SELECT c.department_id FROM messages m JOIN conversations c "
				     "ON c.id = m.conversation_id WHERE m.id = ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, message_id, -1, SQLITE_STATIC);
	enum store_rc rc = store_step_row(s, q);
	char dept[ID_LEN] = "";
	if (rc == STORE_OK)
		store_col_id(q, 0, dept);
	sqlite3_reset(q);
	if (rc != STORE_OK)
		return rc;
	int64_t v = change_log_append(s, OBJ_MESSAGE, message_id, dept, dept, false, false);
	if (!v)
		return STORE_ERROR;
	q = store_stmt(s, STMT_ATTACH_MSG_BUMP, "UPDATE messages SET version = ? WHERE id = ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_int64(q, 1, v);
	sqlite3_bind_text(q, 2, message_id, -1, SQLITE_STATIC);
	return store_step_change(s, q);
}

enum store_rc store_attachment_add(struct store *s, struct attachment *a, const void *data,
				   size_t len)
{
	sqlite3_stmt *q = store_stmt(
		s, STMT_ATTACH_INSERT,
		"INSERT INTO attachments (id, message_id, conversation_id, uploader_id, ordinal, "
		"state, reason, declared_type, content_type, size, name, data, source_url, "
		"attempts, next_at, carrier_delete, created_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)");
	if (!q)
		return STORE_ERROR;
	id_new('a', a->id);
	if (!a->created_at)
		a->created_at = now_ms();
	if (data)
		a->size = (int64_t)len;
	sqlite3_bind_text(q, 1, a->id, -1, SQLITE_STATIC);
	store_bind_text(q, 2, a->message_id[0] ? a->message_id : NULL);
	sqlite3_bind_text(q, 3, a->conversation_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, a->uploader_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 5, a->ordinal);
	sqlite3_bind_int(q, 6, (int)a->state);
	store_bind_text(q, 7, a->reason);
	store_bind_text(q, 8, a->declared_type);
	store_bind_text(q, 9, a->content_type);
	sqlite3_bind_int64(q, 10, a->size);
	store_bind_sealed(s, q, 11, "attachment.name", a->id, a->name);
	bind_sealed_bytes(s, q, 12, "attachment.data", a->id, data, len);
	store_bind_sealed(s, q, 13, "attachment.source_url", a->id, a->source_url);
	sqlite3_bind_int64(q, 14, a->next_at);
	sqlite3_bind_int(q, 15, a->carrier_delete);
	sqlite3_bind_int64(q, 16, a->created_at);
	return store_step_done(s, q);
}

#define ATTACH_COLS                                                                              \
	"SELECT id, message_id, conversation_id, uploader_id, ordinal, state, reason, "          \
	"declared_type, content_type, size, name, source_url, attempts, next_at, carrier_delete, " \
	"created_at FROM attachments "

static enum store_rc attach_row(struct store *s, sqlite3_stmt *q, struct attachment *a,
				bool with_source)
{
	attachment_clear(a);
	store_col_id(q, 0, a->id);
	store_col_id(q, 1, a->message_id);
	store_col_id(q, 2, a->conversation_id);
	store_col_id(q, 3, a->uploader_id);
	a->ordinal = sqlite3_column_int(q, 4);
	a->state = (enum attach_state)sqlite3_column_int(q, 5);
	a->reason = store_col_text(q, 6);
	a->declared_type = store_col_text(q, 7);
	a->content_type = store_col_text(q, 8);
	a->size = sqlite3_column_int64(q, 9);
	a->attempts = sqlite3_column_int(q, 12);
	a->next_at = sqlite3_column_int64(q, 13);
	a->carrier_delete = sqlite3_column_int(q, 14) != 0;
	a->created_at = sqlite3_column_int64(q, 15);
	enum store_rc rc = store_col_open(s, q, 10, "attachment.name", a->id, &a->name);
	if (rc == STORE_OK && with_source)
		rc = store_col_open(s, q, 11, "attachment.source_url", a->id, &a->source_url);
	if (rc != STORE_OK)
		attachment_clear(a);
	return rc;
}

/* For store_rows. */
static enum store_rc attach_row_v(struct store *s, sqlite3_stmt *q, void *e)
{
	return attach_row(s, q, e, false);
}

static void attachment_clear_v(void *e)
{
	attachment_clear(e);
}

enum store_rc store_attachment_get(struct store *s, const char *id, struct attachment *a,
				   bool with_source)
{
	sqlite3_stmt *q = store_stmt(s, STMT_ATTACH_GET, ATTACH_COLS "WHERE id = ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, id ? id : "", -1, SQLITE_STATIC);
	enum store_rc rc = store_step_row(s, q);
	if (rc == STORE_OK)
		rc = attach_row(s, q, a, with_source);
	sqlite3_reset(q);
	return rc;
}

enum store_rc store_attachment_data(struct store *s, const char *id, unsigned char **data,
				    size_t *len)
{
	*data = NULL;
	*len = 0;
	sqlite3_stmt *q =
		store_stmt(s, STMT_ATTACH_DATA, "SELECT data FROM attachments WHERE id = ? AND state = 1");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	enum store_rc rc = store_step_row(s, q);
	if (rc == STORE_OK) {
		if (sqlite3_column_type(q, 0) == SQLITE_NULL) {
			rc = STORE_NOT_FOUND;
		} else {
			char ad[96];
			attach_ad("attachment.data", id, ad);
			*data = (unsigned char *)crypto_open(s->keys, ad, sqlite3_column_blob(q, 0),
							     (size_t)sqlite3_column_bytes(q, 0), len);
			if (!*data) {
				log_error("store: attachment.data of %s does not decrypt (tampered, "
					  "moved or wrong key)", id);
				rc = STORE_ERROR;
			}
		}
	}
	sqlite3_reset(q);
	return rc;
}

enum store_rc store_attachment_list(struct store *s, const char *message_id,
				    struct attachment **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *q = store_stmt(s, STMT_ATTACH_LIST,
				     ATTACH_COLS "WHERE message_id = ? ORDER BY ordinal, seq");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, message_id, -1, SQLITE_STATIC);
	void *v;
	enum store_rc rc = store_rows(s, q, sizeof **out, attach_row_v, attachment_clear_v, &v, n);
	*out = v;
	return rc;
}

enum store_rc store_attachment_use(struct store *s, const char *message_id, const char *const *ids,
				   size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *q = store_stmt(s, STMT_ATTACH_USE,
					     "UPDATE attachments SET message_id = ?, ordinal = ? "
					     "WHERE id = ? AND message_id IS NULL AND state = 1");
		if (!q)
			return STORE_ERROR;
		sqlite3_bind_text(q, 1, message_id, -1, SQLITE_STATIC);
		sqlite3_bind_int(q, 2, (int)i);
		sqlite3_bind_text(q, 3, ids[i], -1, SQLITE_STATIC);
		enum store_rc rc = store_step_change(s, q);
		if (rc != STORE_OK)
			return rc;
	}
	return STORE_OK;
}

/* The message of a fetching attachment, for the version bump. */
static enum store_rc message_of(struct store *s, const char *id, char out[ID_LEN])
{
	struct attachment a = { 0 };
	enum store_rc rc = store_attachment_get(s, id, &a, false);
	if (rc == STORE_OK)
		memcpy(out, a.message_id, ID_LEN);
	attachment_clear(&a);
	return rc;
}

enum store_rc store_attachment_stored(struct store *s, const char *id, const char *type,
				      const void *data, size_t len, bool carrier_delete)
{
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	char mid[ID_LEN] = "";
	if ((rc = message_of(s, id, mid)) != STORE_OK)
		goto out;
	sqlite3_stmt *q = store_stmt(
		s, STMT_ATTACH_STORED,
		"UPDATE attachments SET state = 1, reason = NULL, content_type = ?, size = ?, "
		"data = ?, carrier_delete = ?, next_at = 0, lease_until = 0, attempts = attempts + 1 "
		"WHERE id = ? AND state = 0");
	rc = STORE_ERROR;
	if (!q)
		goto out;
	sqlite3_bind_text(q, 1, type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, (int64_t)len);
	bind_sealed_bytes(s, q, 3, "attachment.data", id, data, len);
	sqlite3_bind_int(q, 4, carrier_delete);
	sqlite3_bind_text(q, 5, id, -1, SQLITE_STATIC);
	if ((rc = store_step_change(s, q)) == STORE_OK)
		rc = bump_message(s, mid);
out:
	return store_atomic_end(s, own, rc);
}

enum store_rc store_attachment_rejected(struct store *s, const char *id, const char *reason)
{
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	char mid[ID_LEN] = "";
	if ((rc = message_of(s, id, mid)) != STORE_OK)
		goto out;
	sqlite3_stmt *q = store_stmt(
		s, STMT_ATTACH_REJECTED,
		"UPDATE attachments SET state = 2, reason = ?, size = 0, data = NULL, "
		"carrier_delete = 0, next_at = 0, lease_until = 0 WHERE id = ? AND state = 0");
	rc = STORE_ERROR;
	if (!q)
		goto out;
	sqlite3_bind_text(q, 1, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, id, -1, SQLITE_STATIC);
	if ((rc = store_step_change(s, q)) == STORE_OK)
		rc = bump_message(s, mid);
out:
	return store_atomic_end(s, own, rc);
}

enum store_rc store_attachment_claim(struct store *s, int64_t now, int64_t lease_ms,
				     struct attachment *a, int64_t *next_due)
{
	*next_due = 0;
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	sqlite3_stmt *q = store_stmt(s, STMT_ATTACH_DUE,
				     ATTACH_COLS "WHERE (state = 0 OR carrier_delete = 1) AND "
						 "next_at <= ?1 AND lease_until <= ?1 "
						 "ORDER BY next_at, seq LIMIT 1");
	rc = STORE_ERROR;
	if (!q)
		goto out;
	sqlite3_bind_int64(q, 1, now);
	rc = store_step_row(s, q);
	if (rc == STORE_OK)
		rc = attach_row(s, q, a, true);
	sqlite3_reset(q);
	if (rc == STORE_NOT_FOUND) {
		q = store_stmt(s, STMT_ATTACH_NEXT_DUE,
			       "SELECT MIN(MAX(next_at, lease_until)) FROM attachments "
			       "WHERE (state = 0 OR carrier_delete = 1)");
		*next_due = q ? store_query_int(s, q, 0) : 0;
		goto out;
	}
	if (rc != STORE_OK)
		goto out;
	q = store_stmt(s, STMT_ATTACH_LEASE, "UPDATE attachments SET lease_until = ? WHERE id = ?");
	rc = STORE_ERROR;
	if (!q)
		goto out;
	sqlite3_bind_int64(q, 1, now + lease_ms);
	sqlite3_bind_text(q, 2, a->id, -1, SQLITE_STATIC);
	rc = store_step_change(s, q);
out:
	rc = store_atomic_end(s, own, rc);
	if (rc != STORE_OK)
		attachment_clear(a);
	return rc;
}

enum store_rc store_attachment_retry(struct store *s, const char *id, int64_t next_at)
{
	sqlite3_stmt *q = store_stmt(s, STMT_ATTACH_RETRY,
				     "UPDATE attachments SET attempts = attempts + 1, next_at = ?, "
				     "lease_until = 0 WHERE id = ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_int64(q, 1, next_at);
	sqlite3_bind_text(q, 2, id, -1, SQLITE_STATIC);
	return store_step_change(s, q);
}

enum store_rc store_attachment_deleted_at_carrier(struct store *s, const char *id)
{
	sqlite3_stmt *q = store_stmt(s, STMT_ATTACH_DELETED,
				     "UPDATE attachments SET carrier_delete = 0, lease_until = 0, "
				     "source_url = NULL WHERE id = ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	return store_step_change(s, q);
}

int64_t store_attachment_count(struct store *s, const char *message_id)
{
	sqlite3_stmt *q = store_stmt(s, STMT_ATTACH_COUNT,
				     "SELECT COUNT(*) FROM attachments WHERE message_id = ?");
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, message_id, -1, SQLITE_STATIC);
	return store_query_int(s, q, -1);
}

enum store_rc store_attachment_set_carrier_token(struct store *s, const char *id,
						 const char *token_hash, int64_t expires_at)
{
	sqlite3_stmt *q = store_stmt(s, STMT_ATTACH_SET_TOKEN,
				     "UPDATE attachments SET carrier_token_hash = ?, "
				     "carrier_token_expires = ? WHERE id = ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, expires_at);
	sqlite3_bind_text(q, 3, id, -1, SQLITE_STATIC);
	return store_step_change(s, q);
}

enum store_rc store_attachment_carrier_token(struct store *s, const char *id, char hash[65],
					     int64_t *expires_at)
{
	hash[0] = '\0';
	*expires_at = 0;
	sqlite3_stmt *q = store_stmt(s, STMT_ATTACH_TOKEN,
				     "SELECT carrier_token_hash, carrier_token_expires FROM attachments "
				     "WHERE id = ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	enum store_rc rc = store_step_row(s, q);
	if (rc == STORE_OK) {
		const unsigned char *h = sqlite3_column_text(q, 0);
		snprintf(hash, 65, "%s", h ? (const char *)h : "");
		*expires_at = sqlite3_column_int64(q, 1);
	}
	sqlite3_reset(q);
	return rc;
}

enum store_rc store_attachment_prune_unused(struct store *s, int64_t before_ms, int *deleted)
{
	*deleted = 0;
	sqlite3_stmt *q = store_stmt(s, STMT_ATTACH_PRUNE,
				     "DELETE FROM attachments WHERE message_id IS NULL AND created_at < ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_int64(q, 1, before_ms);
	enum store_rc rc = store_step_done(s, q);
	if (rc == STORE_OK)
		*deleted = sqlite3_changes(s->db);
	return rc;
}
