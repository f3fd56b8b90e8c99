/* store_auth: sign-in state — MFA challenges between password and code,
 * enrolled devices with their PIN hashes, access tokens with absolute and
 * idle expiry, and supervisors' time-limited break-glass grants. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"
#include "server/store_internal.h"

/* Refresh an access token's last_used at most this often. */
#define ACCESS_TOUCH_MS 60000

/* ---- MFA challenges ----------------------------------------------------------------------- */

enum store_rc store_mfa_create(struct store *s, const char *token_hash, const char *staff_id,
			       const char *device_name, int64_t expires_at)
{
	sqlite3_stmt *q = store_stmt(
		s, STMT_MFA_INSERT,
		"INSERT INTO mfa_challenges (token_hash, staff_id, device_name, expires_at, "
		"attempts) VALUES (?, ?, ?, ?, 0)");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, staff_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, device_name ? device_name : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, expires_at);
	return store_step_done(s, q);
}

enum store_rc store_mfa_take(struct store *s, const char *token_hash, char staff_id[ID_LEN],
			     char **device_name, int *attempts)
{
	*device_name = NULL;
	*attempts = 0;
	staff_id[0] = '\0';
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	sqlite3_stmt *q =
		store_stmt(s, STMT_MFA_GET,
			   "SELECT staff_id, device_name, expires_at, attempts FROM mfa_challenges "
			   "WHERE token_hash = ?");
	rc = STORE_ERROR;
	if (!q)
		goto out;
	sqlite3_bind_text(q, 1, token_hash, -1, SQLITE_STATIC);
	rc = store_step_row(s, q);
	bool expired = false;
	if (rc == STORE_OK) {
		store_col_id(q, 0, staff_id);
		*device_name = store_col_text(q, 1);
		expired = sqlite3_column_int64(q, 2) <= now_ms();
		*attempts = sqlite3_column_int(q, 3) + 1;
	}
	sqlite3_reset(q);
	if (rc != STORE_OK)
		goto out;
	if (expired) {
		rc = store_mfa_delete(s, token_hash);
		if (rc == STORE_OK)
			rc = STORE_NOT_FOUND;
		goto out;
	}
	q = store_stmt(s, STMT_MFA_BUMP,
		       "UPDATE mfa_challenges SET attempts = attempts + 1 WHERE token_hash = ?");
	rc = STORE_ERROR;
	if (!q)
		goto out;
	sqlite3_bind_text(q, 1, token_hash, -1, SQLITE_STATIC);
	rc = store_step_done(s, q);
out:
	if (rc != STORE_OK) {
		free(*device_name);
		*device_name = NULL;
		staff_id[0] = '\0';
		*attempts = 0;
	}
	/* Keep the deletion of an expired challenge although the answer is NOT_FOUND. */
	if (rc == STORE_NOT_FOUND)
		return store_atomic_end(s, own, STORE_OK) == STORE_OK ? STORE_NOT_FOUND :
									STORE_ERROR;
	return store_atomic_end(s, own, rc);
}

enum store_rc store_mfa_delete(struct store *s, const char *token_hash)
{
	sqlite3_stmt *q =
		store_stmt(s, STMT_MFA_DELETE, "DELETE FROM mfa_challenges WHERE token_hash = ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, token_hash, -1, SQLITE_STATIC);
	return store_step_done(s, q);
}

/* ---- devices ------------------------------------------------------------------------------ */

#define DEVICE_COLS \
	"SELECT id, staff_id, name, pin_failures, created_at, last_used, revoked_at, pin_hash FROM devices "

static void device_row(sqlite3_stmt *q, struct device *d)
{
	device_clear(d);
	store_col_id(q, 0, d->id);
	store_col_id(q, 1, d->staff_id);
	d->name = store_col_text(q, 2);
	d->pin_failures = sqlite3_column_int(q, 3);
	d->created_at = sqlite3_column_int64(q, 4);
	d->last_used = sqlite3_column_int64(q, 5);
	d->revoked_at = sqlite3_column_int64(q, 6);
}

enum store_rc store_device_create(struct store *s, const char *staff_id, const char *name,
				  const char *token_hash, const char *pin_hash, struct device *out)
{
	struct device d = { 0 };
	id_new('v', d.id);
	snprintf(d.staff_id, ID_LEN, "%s", staff_id);
	d.name = xstrdup(name ? name : "");
	d.created_at = d.last_used = now_ms();
	sqlite3_stmt *q = store_stmt(
		s, STMT_DEVICE_INSERT,
		"INSERT INTO devices (id, staff_id, name, token_hash, pin_hash, pin_failures, "
		"created_at, last_used, revoked_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, 0)");
	enum store_rc rc = STORE_ERROR;
	if (q) {
		sqlite3_bind_text(q, 1, d.id, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, d.staff_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, d.name, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 4, token_hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 5, pin_hash ? pin_hash : "", -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 6, d.created_at);
		sqlite3_bind_int64(q, 7, d.last_used);
		rc = store_step_done(s, q);
	}
	if (rc == STORE_OK && out) {
		device_clear(out);
		*out = d;
	} else {
		device_clear(&d);
	}
	return rc;
}

enum store_rc store_device_by_token(struct store *s, const char *token_hash, struct device *d,
				    char **pin_hash)
{
	if (pin_hash)
		*pin_hash = NULL;
	sqlite3_stmt *q = store_stmt(s, STMT_DEVICE_BY_TOKEN,
				     DEVICE_COLS "WHERE token_hash = ? AND revoked_at = 0");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, token_hash, -1, SQLITE_STATIC);
	enum store_rc rc = store_step_row(s, q);
	if (rc == STORE_OK) {
		device_row(q, d);
		if (pin_hash)
			*pin_hash = store_col_text(q, 7);
	}
	sqlite3_reset(q);
	return rc;
}

enum store_rc store_device_get(struct store *s, const char *id, struct device *d)
{
	sqlite3_stmt *q = store_stmt(s, STMT_DEVICE_GET, DEVICE_COLS "WHERE id = ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	enum store_rc rc = store_step_row(s, q);
	if (rc == STORE_OK)
		device_row(q, d);
	sqlite3_reset(q);
	return rc;
}

enum store_rc store_device_pin_failed(struct store *s, const char *device_id, int *failures)
{
	*failures = 0;
	sqlite3_stmt *q =
		store_stmt(s, STMT_DEVICE_PIN_FAILED,
			   "UPDATE devices SET pin_failures = pin_failures + 1 WHERE id = ? "
			   "RETURNING pin_failures");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, device_id, -1, SQLITE_STATIC);
	enum store_rc rc = store_step_row(s, q);
	if (rc == STORE_OK) {
		*failures = sqlite3_column_int(q, 0);
		/* Run the statement to completion so the update is final. */
		if (sqlite3_step(q) != SQLITE_DONE)
			rc = store_rc_of(s, sqlite3_extended_errcode(s->db));
	}
	sqlite3_reset(q);
	return rc;
}

enum store_rc store_device_pin_ok(struct store *s, const char *device_id)
{
	sqlite3_stmt *q =
		store_stmt(s, STMT_DEVICE_PIN_OK,
			   "UPDATE devices SET pin_failures = 0, last_used = ? WHERE id = ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_int64(q, 1, now_ms());
	sqlite3_bind_text(q, 2, device_id, -1, SQLITE_STATIC);
	return store_step_change(s, q);
}

enum store_rc store_device_revoke(struct store *s, const char *device_id)
{
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	sqlite3_stmt *q =
		store_stmt(s, STMT_DEVICE_REVOKE,
			   "UPDATE devices SET revoked_at = CASE WHEN revoked_at = 0 THEN ? "
			   "ELSE revoked_at END WHERE id = ?");
	rc = STORE_ERROR;
	if (!q)
		goto out;
	sqlite3_bind_int64(q, 1, now_ms());
	sqlite3_bind_text(q, 2, device_id, -1, SQLITE_STATIC);
	if ((rc = store_step_change(s, q)) != STORE_OK)
		goto out;
	q = store_stmt(s, STMT_ACCESS_DELETE_DEVICE,
		       "DELETE FROM access_tokens WHERE device_id = ?");
	rc = STORE_ERROR;
	if (!q)
		goto out;
	sqlite3_bind_text(q, 1, device_id, -1, SQLITE_STATIC);
	rc = store_step_done(s, q);
out:
	return store_atomic_end(s, own, rc);
}

enum store_rc store_device_list(struct store *s, const char *staff_id, struct device **out,
				size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *q =
		staff_id ? store_stmt(s, STMT_DEVICE_LIST_STAFF,
				      DEVICE_COLS
				      "WHERE staff_id = ? ORDER BY created_at DESC, rowid DESC") :
			   store_stmt(s, STMT_DEVICE_LIST_ALL,
				      DEVICE_COLS "ORDER BY created_at DESC, rowid DESC");
	if (!q)
		return STORE_ERROR;
	if (staff_id)
		sqlite3_bind_text(q, 1, staff_id, -1, SQLITE_STATIC);
	size_t cap = 0;
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct device *d = &(*out)[(*n)++];
		memset(d, 0, sizeof *d);
		device_row(q, d);
	}
	enum store_rc rc = r == SQLITE_DONE ? STORE_OK :
					      store_rc_of(s, sqlite3_extended_errcode(s->db));
	sqlite3_reset(q);
	if (rc != STORE_OK) {
		for (size_t i = 0; i < *n; i++)
			device_clear(&(*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* ---- access tokens -------------------------------------------------------------------------- */

enum store_rc store_access_create(struct store *s, const char *token_hash, const char *device_id,
				  const char *staff_id, int64_t expires_at)
{
	sqlite3_stmt *q = store_stmt(
		s, STMT_ACCESS_INSERT,
		"INSERT INTO access_tokens (token_hash, device_id, staff_id, expires_at, "
		"last_used, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, device_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, staff_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, expires_at);
	sqlite3_bind_int64(q, 5, now_ms());
	return store_step_done(s, q);
}

enum store_rc store_access_check(struct store *s, const char *token_hash, int64_t idle_ms,
				 char staff_id[ID_LEN], char device_id[ID_LEN])
{
	staff_id[0] = device_id[0] = '\0';
	/* A device that is gone counts as revoked (the join finds no row). */
	sqlite3_stmt *q = store_stmt(
		s, STMT_ACCESS_GET,
		"SELECT a.staff_id, a.device_id, a.expires_at, a.last_used, d.revoked_at "
		"FROM access_tokens a JOIN devices d ON d.id = a.device_id "
		"WHERE a.token_hash = ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, token_hash, -1, SQLITE_STATIC);
	enum store_rc rc = store_step_row(s, q);
	int64_t now = now_ms(), last_used = 0;
	if (rc == STORE_OK) {
		int64_t expires = sqlite3_column_int64(q, 2);
		last_used = sqlite3_column_int64(q, 3);
		bool revoked = sqlite3_column_int64(q, 4) != 0;
		if (revoked || now >= expires || (idle_ms > 0 && now - last_used > idle_ms)) {
			rc = STORE_NOT_FOUND;
		} else {
			store_col_id(q, 0, staff_id);
			store_col_id(q, 1, device_id);
		}
	}
	sqlite3_reset(q);
	if (rc != STORE_OK)
		return rc;
	/* Sliding expiry without a write per request. With a short idle limit
	 * refresh sooner, or a token in steady use would lapse. */
	int64_t every = ACCESS_TOUCH_MS;
	if (idle_ms > 0 && idle_ms / 4 < every)
		every = idle_ms / 4;
	if (now - last_used >= every) {
		q = store_stmt(s, STMT_ACCESS_TOUCH,
			       "UPDATE access_tokens SET last_used = ? WHERE token_hash = ?");
		if (q) {
			sqlite3_bind_int64(q, 1, now);
			sqlite3_bind_text(q, 2, token_hash, -1, SQLITE_STATIC);
			/* The token is valid either way; a busy database only delays the refresh. */
			if (store_step_done(s, q) != STORE_OK)
				log_warn("store: could not refresh an access token's last use");
		}
	}
	return STORE_OK;
}

enum store_rc store_access_delete(struct store *s, const char *token_hash)
{
	sqlite3_stmt *q =
		store_stmt(s, STMT_ACCESS_DELETE, "DELETE FROM access_tokens WHERE token_hash = ?");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, token_hash, -1, SQLITE_STATIC);
	return store_step_done(s, q);
}

/* ---- break-glass grants ------------------------------------------------------------------------ */

enum store_rc store_grant_create(struct store *s, const char *staff_id, const char *dept_id,
				 int64_t expires_at, const char *reason_hash, char id_out[ID_LEN])
{
	char id[ID_LEN];
	id_new('g', id);
	sqlite3_stmt *q = store_stmt(
		s, STMT_GRANT_INSERT,
		"INSERT INTO grants (id, staff_id, department_id, reason_hash, created_at, "
		"expires_at) VALUES (?, ?, ?, ?, ?, ?)");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, staff_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, dept_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, reason_hash ? reason_hash : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, now_ms());
	sqlite3_bind_int64(q, 6, expires_at);
	enum store_rc rc = store_step_done(s, q);
	if (rc == STORE_OK && id_out)
		memcpy(id_out, id, ID_LEN);
	return rc;
}

enum store_rc store_grant_active(struct store *s, const char *staff_id, int64_t now,
				 struct id_list *out, int64_t *next_expiry)
{
	if (next_expiry)
		*next_expiry = 0;
	sqlite3_stmt *q =
		store_stmt(s, STMT_GRANT_ACTIVE,
			   "SELECT department_id, expires_at FROM grants WHERE staff_id = ? AND "
			   "expires_at > ? ORDER BY expires_at");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, staff_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, now);
	int r;
	bool first = true;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		id_list_add(out, (const char *)sqlite3_column_text(q, 0));
		if (first && next_expiry)
			*next_expiry = sqlite3_column_int64(q, 1);
		first = false;
	}
	enum store_rc rc = r == SQLITE_DONE ? STORE_OK :
					      store_rc_of(s, sqlite3_extended_errcode(s->db));
	sqlite3_reset(q);
	return rc;
}
