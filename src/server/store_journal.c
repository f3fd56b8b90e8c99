/* store_journal: the append-mostly records — the change log behind state
 * tokens, the hash-chained audit log, the live event feed, the idempotency
 * cache, the rate-limit windows and the simulated carrier's outbox. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/log.h"
#include "common/util.h"
#include "server/store_internal.h"

#define IDEM_KEEP_MS (24LL * 3600 * 1000)
#define RATE_KEEP_MS (7LL * 24 * 3600 * 1000)

/* ---- change log ----------------------------------------------------------------- */

int64_t store_modseq(struct store *s)
{
	return store_query_int(s, store_stmt(s, STMT_MODSEQ, "SELECT MAX(modseq) FROM changes"), 0);
}

int64_t store_type_modseq(struct store *s, enum obj_type type)
{
	sqlite3_stmt *st =
		store_stmt(s, STMT_TYPE_MODSEQ, "SELECT MAX(modseq) FROM changes WHERE type = ?");
	if (!st)
		return 0;
	sqlite3_bind_int(st, 1, (int)type);
	return store_query_int(s, st, 0);
}

enum store_rc store_changes_since(struct store *s, enum obj_type type, int64_t since, size_t max,
				  struct change **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st =
		store_stmt(s, STMT_CHANGES_SINCE,
			   "SELECT modseq, object_id, dept_before, dept_after, created, destroyed "
			   "FROM changes WHERE type = ? AND modseq > ? ORDER BY modseq LIMIT ?");
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_int(st, 1, (int)type);
	sqlite3_bind_int64(st, 2, since);
	sqlite3_bind_int64(st, 3, max >= (size_t)INT64_MAX ? INT64_MAX : (int64_t)max + 1);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct change *c = &(*out)[(*n)++];
		memset(c, 0, sizeof *c);
		c->modseq = sqlite3_column_int64(st, 0);
		c->type = type;
		store_col_id(st, 1, c->object_id);
		store_col_id(st, 2, c->dept_before);
		store_col_id(st, 3, c->dept_after);
		c->created = sqlite3_column_int(st, 4) != 0;
		c->destroyed = sqlite3_column_int(st, 5) != 0;
	}
	enum store_rc out_rc = rc == SQLITE_DONE ? STORE_OK :
						   store_rc_of(s, sqlite3_extended_errcode(s->db));
	sqlite3_reset(st);
	if (out_rc != STORE_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return out_rc;
}

int64_t store_changes_floor(struct store *s)
{
	/* After pruning everything, the floor is just past the last modseq
	 * ever handed out (AUTOINCREMENT never reuses one). */
	sqlite3_stmt *st =
		store_stmt(s, STMT_CHANGES_FLOOR,
			   "SELECT COALESCE((SELECT MIN(modseq) FROM changes), "
			   "(SELECT seq + 1 FROM sqlite_sequence WHERE name = 'changes'), 0)");
	return store_query_int(s, st, 0);
}

/* ---- audit ------------------------------------------------------------------------- */

void audit_entry_clear(struct audit_entry *e)
{
	free(e->ip);
	free(e->action);
	free(e->object_type);
	free(e->detail);
	memset(e, 0, sizeof *e);
}

static void canon_str(struct buf *b, const char *v)
{
	if (v)
		buf_printf(b, "%zu:%s", strlen(v), v);
	else
		buf_puts(b, "-"); /* NULL differs from "" ("0:") */
}

static void canon_int(struct buf *b, int64_t v)
{
	char t[32];
	snprintf(t, sizeof t, "%lld", (long long)v);
	canon_str(b, t);
}

/* Every column but the hashes, each length-prefixed, so no two entries
 * share a serialisation. */
static void audit_canonical(const struct audit_entry *e, struct buf *b)
{
	buf_puts(b, "curtain.audit.v1|");
	canon_int(b, e->seq);
	canon_int(b, e->at);
	canon_str(b, e->staff_id);
	canon_str(b, e->device_id);
	canon_str(b, e->ip);
	canon_str(b, e->action);
	canon_str(b, e->object_type);
	canon_str(b, e->object_id);
	canon_str(b, e->detail);
}

static void audit_hash(struct store *s, const struct audit_entry *e, char out[65])
{
	struct buf b;
	buf_init(&b);
	audit_canonical(e, &b);
	crypto_audit_hash(s->keys, e->prev_hash, b.data, out);
	buf_free(&b);
}

enum store_rc store_audit(struct store *s, const struct actor *a, const char *action,
			  const char *object_type, const char *object_id, const char *detail_json)
{
	if (!action)
		return STORE_ERROR;
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	struct audit_entry e = { 0 };
	sqlite3_stmt *st = store_stmt(s, STMT_AUDIT_LAST,
				      "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
	rc = STORE_ERROR;
	if (!st)
		goto out;
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		e.seq = sqlite3_column_int64(st, 0) + 1;
		snprintf(e.prev_hash, sizeof e.prev_hash, "%s",
			 (const char *)sqlite3_column_text(st, 1));
	} else if (r == SQLITE_DONE) {
		e.seq = 1;
		memset(e.prev_hash, '0', 64);
		e.prev_hash[64] = '\0';
	} else {
		rc = store_rc_of(s, sqlite3_extended_errcode(s->db));
		sqlite3_reset(st);
		goto out;
	}
	sqlite3_reset(st);
	e.at = now_ms();
	snprintf(e.staff_id, ID_LEN, "%s", a && a->staff_id ? a->staff_id : "");
	snprintf(e.device_id, ID_LEN, "%s", a && a->device_id ? a->device_id : "");
	e.ip = a && a->ip ? xstrdup(a->ip) : NULL;
	e.action = xstrdup(action);
	e.object_type = object_type ? xstrdup(object_type) : NULL;
	snprintf(e.object_id, ID_LEN, "%s", object_id ? object_id : "");
	e.detail = detail_json ? xstrdup(detail_json) : NULL;
	audit_hash(s, &e, e.hash);
	st = store_stmt(
		s, STMT_AUDIT_INSERT,
		"INSERT INTO audit (seq, at, staff_id, device_id, ip, action, object_type, "
		"object_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		goto out;
	sqlite3_bind_int64(st, 1, e.seq);
	sqlite3_bind_int64(st, 2, e.at);
	sqlite3_bind_text(st, 3, e.staff_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e.device_id, -1, SQLITE_STATIC);
	store_bind_text(st, 5, e.ip);
	sqlite3_bind_text(st, 6, e.action, -1, SQLITE_STATIC);
	store_bind_text(st, 7, e.object_type);
	sqlite3_bind_text(st, 8, e.object_id, -1, SQLITE_STATIC);
	store_bind_text(st, 9, e.detail);
	sqlite3_bind_text(st, 10, e.prev_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, e.hash, -1, SQLITE_STATIC);
	rc = store_step_done(s, st);
out:
	audit_entry_clear(&e);
	return store_atomic_end(s, own, rc);
}

static void audit_row(sqlite3_stmt *st, struct audit_entry *e)
{
	memset(e, 0, sizeof *e);
	e->seq = sqlite3_column_int64(st, 0);
	e->at = sqlite3_column_int64(st, 1);
	store_col_id(st, 2, e->staff_id);
	store_col_id(st, 3, e->device_id);
	e->ip = store_col_text(st, 4);
	e->action = store_col_text(st, 5);
	e->object_type = store_col_text(st, 6);
	store_col_id(st, 7, e->object_id);
	e->detail = store_col_text(st, 8);
	const unsigned char *p = sqlite3_column_text(st, 9), *h = sqlite3_column_text(st, 10);
	snprintf(e->prev_hash, sizeof e->prev_hash, "%s", p ? (const char *)p : "");
	snprintf(e->hash, sizeof e->hash, "%s", h ? (const char *)h : "");
}

static sqlite3_stmt *audit_cursor(struct store *s, int64_t since)
{
	sqlite3_stmt *st = store_stmt(
		s, STMT_AUDIT_EACH,
		"SELECT seq, at, staff_id, device_id, ip, action, object_type, object_id, "
		"detail, prev_hash, hash FROM audit WHERE seq > ? ORDER BY seq");
	if (st)
		sqlite3_bind_int64(st, 1, since);
	return st;
}

enum store_rc store_audit_verify(struct store *s, int64_t *checked, int64_t *bad_seq)
{
	*checked = 0;
	*bad_seq = 0;
	sqlite3_stmt *st = audit_cursor(s, 0);
	if (!st)
		return STORE_ERROR;
	char prev[65];
	memset(prev, '0', 64);
	prev[64] = '\0';
	int64_t expect = 1;
	enum store_rc rc = STORE_OK;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_entry e;
		audit_row(st, &e);
		char h[65];
		audit_hash(s, &e, h);
		bool ok = e.seq == expect && strcmp(e.prev_hash, prev) == 0 &&
			  strcmp(e.hash, h) == 0;
		if (!ok) {
			/* A gap means entry `expect` is missing: that is the first bad one. */
			*bad_seq = e.seq == expect ? e.seq : expect;
			audit_entry_clear(&e);
			rc = STORE_ERROR;
			break;
		}
		memcpy(prev, e.hash, sizeof prev);
		audit_entry_clear(&e);
		expect++;
		(*checked)++;
	}
	if (rc == STORE_OK && r != SQLITE_DONE)
		rc = store_rc_of(s, sqlite3_extended_errcode(s->db));
	sqlite3_reset(st);
	if (rc == STORE_ERROR && *bad_seq)
		log_warn("store: audit chain broken at entry %lld", (long long)*bad_seq);
	return rc;
}

enum store_rc store_audit_each(struct store *s, int64_t since,
			       bool (*fn)(const struct audit_entry *e, void *ctx), void *ctx)
{
	sqlite3_stmt *st = audit_cursor(s, since);
	if (!st)
		return STORE_ERROR;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_entry e;
		audit_row(st, &e);
		bool more = fn(&e, ctx);
		audit_entry_clear(&e);
		if (!more) {
			r = SQLITE_DONE;
			break;
		}
	}
	enum store_rc rc = r == SQLITE_DONE ? STORE_OK :
					      store_rc_of(s, sqlite3_extended_errcode(s->db));
	sqlite3_reset(st);
	return rc;
}

/* ---- events ---------------------------------------------------------------------- */

void event_clear(struct event *e)
{
	free(e->payload);
	memset(e, 0, sizeof *e);
}

enum store_rc store_event_add(struct store *s, struct event *e)
{
	sqlite3_stmt *st =
		store_stmt(s, STMT_EVENT_ADD,
			   "INSERT INTO events (kind, department_id, staff_id, device_id, payload, "
			   "created_at) VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return STORE_ERROR;
	if (!e->created_at)
		e->created_at = now_ms();
	sqlite3_bind_int(st, 1, (int)e->kind);
	sqlite3_bind_text(st, 2, e->department_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->staff_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e->device_id, -1, SQLITE_STATIC);
	store_bind_text(st, 5, e->payload);
	sqlite3_bind_int64(st, 6, e->created_at);
	enum store_rc rc = store_step_done(s, st);
	if (rc == STORE_OK)
		e->seq = sqlite3_last_insert_rowid(s->db);
	return rc;
}

enum store_rc store_events_since(struct store *s, int64_t since, size_t max, struct event **out,
				 size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = store_stmt(
		s, STMT_EVENTS_SINCE,
		"SELECT seq, kind, department_id, staff_id, device_id, payload, created_at "
		"FROM events WHERE seq > ? ORDER BY seq LIMIT ?");
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, max > (size_t)INT64_MAX ? INT64_MAX : (int64_t)max);
	size_t cap = 0;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct event *e = &(*out)[(*n)++];
		memset(e, 0, sizeof *e);
		e->seq = sqlite3_column_int64(st, 0);
		e->kind = (enum event_kind)sqlite3_column_int(st, 1);
		store_col_id(st, 2, e->department_id);
		store_col_id(st, 3, e->staff_id);
		store_col_id(st, 4, e->device_id);
		e->payload = store_col_text(st, 5);
		e->created_at = sqlite3_column_int64(st, 6);
	}
	enum store_rc rc = r == SQLITE_DONE ? STORE_OK :
					      store_rc_of(s, sqlite3_extended_errcode(s->db));
	sqlite3_reset(st);
	if (rc != STORE_OK) {
		for (size_t i = 0; i < *n; i++)
			event_clear(&(*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int64_t store_event_seq(struct store *s)
{
	/* The last seq handed out, even if pruning has removed that event. */
	return store_query_int(
		s,
		store_stmt(
			s, STMT_EVENT_SEQ,
			"SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0)"),
		0);
}

enum store_rc store_events_prune(struct store *s, int64_t before_ms)
{
	sqlite3_stmt *st =
		store_stmt(s, STMT_EVENTS_PRUNE, "DELETE FROM events WHERE created_at < ?");
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, before_ms);
	return store_step_done(s, st);
}

/* ---- idempotency -------------------------------------------------------------------- */

static char *idem_row(const char *staff_id, const char *key)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s/%s", staff_id, key);
	return buf_steal(&b);
}

enum store_rc store_idem_get(struct store *s, const char *staff_id, const char *key,
			     char **request_hash, char **response)
{
	*request_hash = NULL;
	*response = NULL;
	sqlite3_stmt *st = store_stmt(
		s, STMT_IDEM_GET,
		"SELECT request_hash, response FROM idempotency WHERE staff_id = ? AND key = ?");
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, staff_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	enum store_rc rc = STORE_NOT_FOUND;
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		char *row = idem_row(staff_id, key);
		rc = store_col_open(s, st, 0, "idempotency.request_hash", row, request_hash);
		if (rc == STORE_OK)
			rc = store_col_open(s, st, 1, "idempotency.response", row, response);
		free(row);
		if (rc != STORE_OK) {
			free(*request_hash);
			free_wiped(response);
			*request_hash = NULL;
		}
	} else if (r != SQLITE_DONE) {
		rc = store_rc_of(s, sqlite3_extended_errcode(s->db));
	}
	sqlite3_reset(st);
	return rc;
}

enum store_rc store_idem_put(struct store *s, const char *staff_id, const char *key,
			     const char *request_hash, const char *response)
{
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	int64_t now = now_ms();
	sqlite3_stmt *st =
		store_stmt(s, STMT_IDEM_PRUNE, "DELETE FROM idempotency WHERE created_at < ?");
	rc = STORE_ERROR;
	if (!st)
		goto out;
	sqlite3_bind_int64(st, 1, now - IDEM_KEEP_MS);
	if ((rc = store_step_done(s, st)) != STORE_OK)
		goto out;
	st = store_stmt(
		s, STMT_IDEM_PUT,
		"INSERT INTO idempotency (staff_id, key, request_hash, response, created_at) "
		"VALUES (?, ?, ?, ?, ?) ON CONFLICT (staff_id, key) DO UPDATE SET "
		"request_hash = excluded.request_hash, response = excluded.response, "
		"created_at = excluded.created_at");
	rc = STORE_ERROR;
	if (!st)
		goto out;
	char *row = idem_row(staff_id, key);
	sqlite3_bind_text(st, 1, staff_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	store_bind_sealed(s, st, 3, "idempotency.request_hash", row,
			  request_hash ? request_hash : "");
	store_bind_sealed(s, st, 4, "idempotency.response", row, response ? response : "");
	sqlite3_bind_int64(st, 5, now);
	free(row);
	rc = store_step_done(s, st);
out:
	return store_atomic_end(s, own, rc);
}

/* ---- rate limits ------------------------------------------------------------------------ */

static enum store_rc rate_count(struct store *s, const char *key, int64_t since, int64_t *count)
{
	sqlite3_stmt *st = store_stmt(s, STMT_RATE_COUNT,
				      "SELECT COUNT(*) FROM rate_hits WHERE key = ? AND at > ?");
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, since);
	*count = store_query_int(s, st, -1);
	if (*count < 0) {
		*count = 0;
		return STORE_ERROR;
	}
	return STORE_OK;
}

enum store_rc store_rate_hit(struct store *s, const char *key, int64_t window_ms, int64_t *count)
{
	*count = 0;
	bool own;
	enum store_rc rc = store_atomic_begin(s, &own);
	if (rc != STORE_OK)
		return rc;
	int64_t now = now_ms();
	sqlite3_stmt *st =
		store_stmt(s, STMT_RATE_PRUNE, "DELETE FROM rate_hits WHERE key = ? AND at <= ?");
	rc = STORE_ERROR;
	if (!st)
		goto out;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now - window_ms);
	if ((rc = store_step_done(s, st)) != STORE_OK)
		goto out;
	/* Keys never hit again (an IP that went away) are swept now and then;
	 * that delete scans the table, so not on every hit. */
	if ((now & 0xff) == 0) {
		st = store_stmt(s, STMT_RATE_PRUNE_ALL, "DELETE FROM rate_hits WHERE at < ?");
		rc = STORE_ERROR;
		if (!st)
			goto out;
		sqlite3_bind_int64(st, 1, now - RATE_KEEP_MS);
		if ((rc = store_step_done(s, st)) != STORE_OK)
			goto out;
	}
	st = store_stmt(s, STMT_RATE_ADD, "INSERT INTO rate_hits (key, at) VALUES (?, ?)");
	rc = STORE_ERROR;
	if (!st)
		goto out;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	if ((rc = store_step_done(s, st)) != STORE_OK)
		goto out;
	rc = rate_count(s, key, now - window_ms, count);
out:
	return store_atomic_end(s, own, rc);
}

enum store_rc store_rate_count(struct store *s, const char *key, int64_t window_ms, int64_t *count)
{
	return rate_count(s, key, now_ms() - window_ms, count);
}

enum store_rc store_rate_reset(struct store *s, const char *key)
{
	sqlite3_stmt *st = store_stmt(s, STMT_RATE_RESET, "DELETE FROM rate_hits WHERE key = ?");
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	return store_step_done(s, st);
}

/* ---- sim gateway ------------------------------------------------------------------------- */

void sim_sent_clear(struct sim_sent *x)
{
	free_wiped(&x->from);
	free_wiped(&x->to);
	free_wiped(&x->body);
	free(x->media_types);
	memset(x, 0, sizeof *x);
}

enum store_rc store_sim_record(struct store *s, const char *message_id, const char *from,
			       const char *to, const char *body)
{
	sqlite3_stmt *st =
		store_stmt(s, STMT_SIM_RECORD,
			   "INSERT INTO sim_sent (message_id, from_number, to_number, body, at) "
			   "VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, message_id, -1, SQLITE_STATIC);
	store_bind_sealed(s, st, 2, "sim_sent.from", message_id, from ? from : "");
	store_bind_sealed(s, st, 3, "sim_sent.to", message_id, to ? to : "");
	store_bind_sealed(s, st, 4, "sim_sent.body", message_id, body ? body : "");
	sqlite3_bind_int64(st, 5, now_ms());
	return store_step_done(s, st);
}

enum store_rc store_sim_list(struct store *s, struct sim_sent **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st =
		store_stmt(s, STMT_SIM_LIST,
			   "SELECT seq, message_id, from_number, to_number, body, at, "
			   "(SELECT COUNT(*) FROM attachments a WHERE a.message_id = sim_sent.message_id), "
			   "(SELECT group_concat(t, ',') FROM (SELECT content_type AS t FROM attachments a "
			   " WHERE a.message_id = sim_sent.message_id ORDER BY ordinal)) "
			   "FROM sim_sent ORDER BY seq");
	if (!st)
		return STORE_ERROR;
	size_t cap = 0;
	enum store_rc rc = STORE_OK;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct sim_sent *x = &(*out)[(*n)++];
		memset(x, 0, sizeof *x);
		x->seq = sqlite3_column_int64(st, 0);
		store_col_id(st, 1, x->message_id);
		x->at = sqlite3_column_int64(st, 5);
		x->n_media = sqlite3_column_int(st, 6);
		x->media_types = store_col_text(st, 7);
		if (!x->media_types)
			x->media_types = xstrdup("");
		if ((rc = store_col_open(s, st, 2, "sim_sent.from", x->message_id, &x->from)) !=
			    STORE_OK ||
		    (rc = store_col_open(s, st, 3, "sim_sent.to", x->message_id, &x->to)) !=
			    STORE_OK ||
		    (rc = store_col_open(s, st, 4, "sim_sent.body", x->message_id, &x->body)) !=
			    STORE_OK)
			break;
	}
	if (rc == STORE_OK && r != SQLITE_DONE)
		rc = store_rc_of(s, sqlite3_extended_errcode(s->db));
	sqlite3_reset(st);
	if (rc != STORE_OK) {
		for (size_t i = 0; i < *n; i++)
			sim_sent_clear(&(*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
