/* store_outbox: the durable carrier outbox. A row is written in the same
 * transaction as the outbound message it carries, so a committed send is
 * never forgotten; workers (one per curtaind instance) claim due rows under
 * a lease, and a row's state says whether a submission may have reached the
 * carrier (OUTBOX_SUBMITTING), which is what makes "never twice" possible
 * after a crash. The patient's number and the text are sealed at rest. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"
#include "server/store_internal.h"

void outbox_item_clear(struct outbox_item *x)
{
	free(x->sender);
	free_wiped(&x->to);
	free_wiped(&x->body);
	free(x->carrier_sid);
	free(x->carrier_status);
	free(x->error_code);
	memset(x, 0, sizeof *x);
}

const char *outbox_state_name(enum outbox_state st)
{
	switch (st) {
	case OUTBOX_QUEUED: return "queued";
	case OUTBOX_SUBMITTING: return "submitting";
	case OUTBOX_SUBMITTED: return "submitted";
	case OUTBOX_FAILED: return "failed";
	}
	return "?";
}

enum store_rc store_outbox_add(struct store *s, const char *message_id, const char *dept_id,
			       enum msg_direction dir, const char *sender, const char *to,
			       const char *body)
{
	sqlite3_stmt *q = store_stmt(
		s, STMT_OUTBOX_INSERT,
		"INSERT INTO outbox (message_id, department_id, direction, sender, to_number, body, "
		"state, next_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)");
	if (!q)
		return STORE_ERROR;
	int64_t now = now_ms();
	sqlite3_bind_text(q, 1, message_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, dept_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 3, (int)dir);
	sqlite3_bind_text(q, 4, sender ? sender : "", -1, SQLITE_STATIC);
	store_bind_sealed(s, q, 5, "outbox.to", message_id, to ? to : "");
	store_bind_sealed(s, q, 6, "outbox.body", message_id, body ? body : "");
	sqlite3_bind_int64(q, 7, now);
	sqlite3_bind_int64(q, 8, now);
	sqlite3_bind_int64(q, 9, now);
	return store_step_done(s, q);
}

#define OUTBOX_LEASE_SQL "UPDATE outbox SET lease_until = ?, updated_at = ? WHERE message_id = ?"

#define OUTBOX_COLS                                                                            \
	"SELECT seq, message_id, department_id, direction, sender, to_number, body, state, "   \
	"attempts, next_at, lease_until, first_attempt_at, carrier_sid, carrier_status, "      \
	"error_code, created_at FROM outbox "

static enum store_rc outbox_row(struct store *s, sqlite3_stmt *q, struct outbox_item *x)
{
	outbox_item_clear(x);
	x->seq = sqlite3_column_int64(q, 0);
	store_col_id(q, 1, x->message_id);
	store_col_id(q, 2, x->department_id);
	x->direction = (enum msg_direction)sqlite3_column_int(q, 3);
	x->sender = store_col_text(q, 4);
	x->state = (enum outbox_state)sqlite3_column_int(q, 7);
	x->attempts = sqlite3_column_int(q, 8);
	x->next_at = sqlite3_column_int64(q, 9);
	x->lease_until = sqlite3_column_int64(q, 10);
	x->first_attempt_at = sqlite3_column_int64(q, 11);
	x->carrier_sid = store_col_text(q, 12);
	x->carrier_status = store_col_text(q, 13);
	x->error_code = store_col_text(q, 14);
	x->created_at = sqlite3_column_int64(q, 15);
	enum store_rc rc;
	if ((rc = store_col_open(s, q, 5, "outbox.to", x->message_id, &x->to)) != STORE_OK ||
	    (rc = store_col_open(s, q, 6, "outbox.body", x->message_id, &x->body)) != STORE_OK)
		outbox_item_clear(x);
	return rc;
}

static enum store_rc outbox_one(struct store *s, enum stmt_id id, const char *sql, const char *key,
				struct outbox_item *x)
{
	sqlite3_stmt *q = store_stmt(s, id, sql);
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, key ? key : "", -1, SQLITE_STATIC);
	enum store_rc rc = store_step_row(s, q);
	if (rc == STORE_OK)
		rc = outbox_row(s, q, x);
	sqlite3_reset(q);
	return rc;
}

enum store_rc store_outbox_get(struct store *s, const char *message_id, struct outbox_item *x)
{
	return outbox_one(s, STMT_OUTBOX_GET, OUTBOX_COLS "WHERE message_id = ?", message_id, x);
}

enum store_rc store_outbox_by_sid(struct store *s, const char *sid, struct outbox_item *x)
{
	if (!sid || !*sid)
		return STORE_NOT_FOUND;
	return outbox_one(s, STMT_OUTBOX_BY_SID, OUTBOX_COLS "WHERE carrier_sid = ?", sid, x);
}

enum store_rc store_outbox_claim(struct store *s, int64_t now, int64_t lease_ms,
				 struct outbox_item *x, int64_t *next_due)
{
	*next_due = 0;
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	sqlite3_stmt *q = store_stmt(s, STMT_OUTBOX_DUE,
				     OUTBOX_COLS "WHERE state < 2 AND next_at <= ?1 AND "
						 "lease_until <= ?1 ORDER BY next_at, seq LIMIT 1");
	rc = STORE_ERROR;
	if (!q)
		goto out;
	sqlite3_bind_int64(q, 1, now);
	rc = store_step_row(s, q);
	if (rc == STORE_OK)
		rc = outbox_row(s, q, x);
	sqlite3_reset(q);
	if (rc == STORE_NOT_FOUND) {
		q = store_stmt(s, STMT_OUTBOX_NEXT_DUE,
			       "SELECT MIN(MAX(next_at, lease_until)) FROM outbox WHERE state < 2");
		*next_due = q ? store_query_int(s, q, 0) : 0;
		goto out;
	}
	if (rc != STORE_OK)
		goto out;
	q = store_stmt(s, STMT_OUTBOX_LEASE, OUTBOX_LEASE_SQL);
	rc = STORE_ERROR;
	if (!q)
		goto out;
	sqlite3_bind_int64(q, 1, now + lease_ms);
	sqlite3_bind_int64(q, 2, now);
	sqlite3_bind_text(q, 3, x->message_id, -1, SQLITE_STATIC);
	if ((rc = store_step_change(s, q)) == STORE_OK)
		x->lease_until = now + lease_ms;
out:
	rc = store_atomic_end(s, own, rc);
	if (rc != STORE_OK)
		outbox_item_clear(x);
	return rc;
}

enum store_rc store_outbox_renew(struct store *s, const char *message_id, int64_t lease_until)
{
	sqlite3_stmt *q = store_stmt(s, STMT_OUTBOX_LEASE, OUTBOX_LEASE_SQL);
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_int64(q, 1, lease_until);
	sqlite3_bind_int64(q, 2, now_ms());
	sqlite3_bind_text(q, 3, message_id, -1, SQLITE_STATIC);
	return store_step_change(s, q);
}

enum store_rc store_outbox_attempt(struct store *s, const char *message_id, int64_t now,
				   int64_t lease_until)
{
	sqlite3_stmt *q = store_stmt(
		s, STMT_OUTBOX_ATTEMPT,
		"UPDATE outbox SET state = 1, attempts = attempts + 1, lease_until = ?1, "
		"first_attempt_at = CASE WHEN first_attempt_at = 0 THEN ?2 ELSE first_attempt_at END, "
		"updated_at = ?2 WHERE message_id = ?3 AND state < 2");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_int64(q, 1, lease_until);
	sqlite3_bind_int64(q, 2, now);
	sqlite3_bind_text(q, 3, message_id, -1, SQLITE_STATIC);
	return store_step_change(s, q);
}

enum store_rc store_outbox_retry(struct store *s, const char *message_id, enum outbox_state st,
				 int attempts, int64_t next_at, const char *error_code)
{
	sqlite3_stmt *q = store_stmt(
		s, STMT_OUTBOX_RETRY,
		"UPDATE outbox SET state = ?, next_at = ?, lease_until = 0, "
		"error_code = COALESCE(?, error_code), updated_at = ?, attempts = MAX(attempts, ?) "
		"WHERE message_id = ? AND state < 2");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_int(q, 1, (int)st);
	sqlite3_bind_int64(q, 2, next_at);
	store_bind_text(q, 3, error_code);
	sqlite3_bind_int64(q, 4, now_ms());
	sqlite3_bind_int(q, 5, attempts);
	sqlite3_bind_text(q, 6, message_id, -1, SQLITE_STATIC);
	return store_step_change(s, q);
}

enum store_rc store_outbox_submitted(struct store *s, const char *message_id, const char *sid)
{
	/* A status callback may have recorded the same SID first; another SID
	 * means a second carrier message for one of ours, which this refuses. */
	sqlite3_stmt *q = store_stmt(
		s, STMT_OUTBOX_SUBMITTED,
		"UPDATE outbox SET state = 2, carrier_sid = ?1, lease_until = 0, updated_at = ?2 "
		"WHERE message_id = ?3 AND (carrier_sid IS NULL OR carrier_sid = ?1) AND state <> 3");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, sid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, now_ms());
	sqlite3_bind_text(q, 3, message_id, -1, SQLITE_STATIC);
	return store_step_change(s, q);
}

enum store_rc store_outbox_failed(struct store *s, const char *message_id, const char *error_code)
{
	sqlite3_stmt *q = store_stmt(
		s, STMT_OUTBOX_FAILED,
		"UPDATE outbox SET state = 3, error_code = ?, lease_until = 0, updated_at = ? "
		"WHERE message_id = ? AND state < 2"); /* never over a submission */
	if (!q)
		return STORE_ERROR;
	store_bind_text(q, 1, error_code);
	sqlite3_bind_int64(q, 2, now_ms());
	sqlite3_bind_text(q, 3, message_id, -1, SQLITE_STATIC);
	return store_step_change(s, q);
}

enum store_rc store_outbox_set_status(struct store *s, const char *message_id, const char *status,
				      const char *error_code)
{
	sqlite3_stmt *q = store_stmt(
		s, STMT_OUTBOX_STATUS,
		"UPDATE outbox SET carrier_status = ?, error_code = COALESCE(?, error_code), "
		"updated_at = ? WHERE message_id = ?");
	if (!q)
		return STORE_ERROR;
	store_bind_text(q, 1, status);
	store_bind_text(q, 2, error_code);
	sqlite3_bind_int64(q, 3, now_ms());
	sqlite3_bind_text(q, 4, message_id, -1, SQLITE_STATIC);
	return store_step_change(s, q);
}

bool store_carrier_sid_known(struct store *s, const char *sid)
{
	sqlite3_stmt *q = store_stmt(
		s, STMT_OUTBOX_SID_KNOWN,
		"SELECT EXISTS (SELECT 1 FROM outbox WHERE carrier_sid = ?1) OR "
		"EXISTS (SELECT 1 FROM messages WHERE carrier_sid = ?1)");
	if (!q)
		return true; /* cannot tell: claim nothing */
	sqlite3_bind_text(q, 1, sid ? sid : "", -1, SQLITE_STATIC);
	return store_query_int(s, q, 1) != 0;
}

enum store_rc store_set_durable(struct store *s)
{
	return store_exec(s, "PRAGMA synchronous = FULL");
}
