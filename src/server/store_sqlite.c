/* store_sqlite: the SQLite connection behind struct store — opening and
 * pragmas, the versioned schema and its migrations, transactions, the
 * statement cache and column helpers, and practice settings. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/log.h"
#include "common/util.h"
#include "server/store_internal.h"

/* ---- schema --------------------------------------------------------------- */

/* Migrations in order; migration i takes user_version from i to i + 1.
 * Never edit one that has shipped: append a new one. */
static const char *const migrations[] = {
	/* 1: the initial schema. */
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"

	"CREATE TABLE changes ("
	" modseq INTEGER PRIMARY KEY AUTOINCREMENT,"
	" type INTEGER NOT NULL,"
	" object_id TEXT NOT NULL,"
	" dept_before TEXT NOT NULL DEFAULT '',"
	" dept_after TEXT NOT NULL DEFAULT '',"
	" created INTEGER NOT NULL DEFAULT 0,"
	" destroyed INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX changes_type ON changes(type, modseq);"

	"CREATE TABLE departments ("
	" id TEXT PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	" sms_number TEXT NOT NULL UNIQUE,"
	" secure_template_id TEXT,"
	" version INTEGER NOT NULL);"

	"CREATE TABLE staff ("
	" id TEXT PRIMARY KEY,"
	" username TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	" display_name TEXT NOT NULL,"
	" role INTEGER NOT NULL CHECK (role BETWEEN 0 AND 2),"
	" disabled INTEGER NOT NULL DEFAULT 0,"
	" password_hash TEXT,"
	" totp_secret BLOB," /* sealed */
	" totp_last_step INTEGER NOT NULL DEFAULT 0,"
	" version INTEGER NOT NULL);"
	"CREATE TABLE staff_depts ("
	" staff_id TEXT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,"
	" department_id TEXT NOT NULL REFERENCES departments(id) ON DELETE CASCADE,"
	" pos INTEGER NOT NULL,"
	" PRIMARY KEY (staff_id, department_id)) WITHOUT ROWID;"
	"CREATE INDEX staff_depts_dept ON staff_depts(department_id);"

	"CREATE TABLE mfa_challenges ("
	" token_hash TEXT PRIMARY KEY,"
	" staff_id TEXT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,"
	" device_name TEXT NOT NULL,"
	" expires_at INTEGER NOT NULL,"
	" attempts INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"

	"CREATE TABLE devices ("
	" id TEXT PRIMARY KEY,"
	" staff_id TEXT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,"
	" name TEXT NOT NULL,"
	" token_hash TEXT NOT NULL UNIQUE,"
	" pin_hash TEXT NOT NULL,"
	" pin_failures INTEGER NOT NULL DEFAULT 0,"
	" created_at INTEGER NOT NULL,"
	" last_used INTEGER NOT NULL,"
	" revoked_at INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX devices_staff ON devices(staff_id, created_at);"
	"CREATE INDEX devices_created ON devices(created_at);"

	"CREATE TABLE access_tokens ("
	" token_hash TEXT PRIMARY KEY,"
	" device_id TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,"
	" staff_id TEXT NOT NULL,"
	" expires_at INTEGER NOT NULL,"
	" last_used INTEGER NOT NULL,"
	" created_at INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE INDEX access_tokens_device ON access_tokens(device_id);"

	"CREATE TABLE grants ("
	" id TEXT PRIMARY KEY,"
	" staff_id TEXT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,"
	" department_id TEXT NOT NULL REFERENCES departments(id) ON DELETE CASCADE,"
	" reason_hash TEXT NOT NULL,"
	" created_at INTEGER NOT NULL,"
	" expires_at INTEGER NOT NULL);"
	"CREATE INDEX grants_staff ON grants(staff_id, expires_at);"

	"CREATE TABLE templates ("
	" id TEXT PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" department_id TEXT NOT NULL DEFAULT ''," /* '' = global */
	" language TEXT NOT NULL,"
	" body TEXT NOT NULL,"
	" version INTEGER NOT NULL);"

	/* PHI columns are sealed blobs; phone_blind is the keyed blind index.
	 * wait_key is SORT_WAITING's key (see store_internal.h). Index family
	 * "a" serves filters by department, "b" filters by assignee; both put
	 * every equality column before the sort key, so one (department,
	 * status, unread[, assignee]) slice is already in order, and end in
	 * wait_key so the "waiting" test needs no table lookup. */
	"CREATE TABLE conversations ("
	" id TEXT PRIMARY KEY,"
	" department_id TEXT NOT NULL REFERENCES departments(id),"
	" phone_blind TEXT NOT NULL,"
	" patient_phone BLOB NOT NULL,"
	" patient_name BLOB,"
	" language TEXT NOT NULL DEFAULT 'en',"
	" status INTEGER NOT NULL CHECK (status BETWEEN 0 AND 3),"
	" snoozed_until INTEGER NOT NULL DEFAULT 0,"
	" assignee_id TEXT NOT NULL DEFAULT '',"
	" last_message_id TEXT NOT NULL DEFAULT '',"
	" last_preview BLOB,"
	" last_direction INTEGER NOT NULL DEFAULT 0,"
	" last_activity INTEGER NOT NULL,"
	" waiting_since INTEGER NOT NULL DEFAULT 0,"
	" unread INTEGER NOT NULL DEFAULT 0 CHECK (unread IN (0, 1)),"
	" consent INTEGER NOT NULL DEFAULT 0,"
	" created_at INTEGER NOT NULL,"
	" version INTEGER NOT NULL,"
	" wait_key INTEGER NOT NULL,"
	/* A plain column so the indexes holding it stay covering (SQLite does
	 * not cover generated columns); the CHECK keeps every writer honest. */
	" CHECK (wait_key = CASE WHEN waiting_since > 0 THEN waiting_since"
	"  ELSE 9223372036854775807 - max(last_activity, 0) END));"
	"CREATE UNIQUE INDEX conv_phone ON conversations(department_id, phone_blind);"
	"CREATE INDEX conv_a_wait ON conversations(department_id, status, unread, wait_key, id);"
	"CREATE INDEX conv_a_act ON conversations(department_id, status, unread, last_activity, id,"
	" wait_key);"
	"CREATE INDEX conv_a_created ON conversations(department_id, status, unread, created_at, id,"
	" wait_key);"
	"CREATE INDEX conv_b_wait ON conversations(assignee_id, status, department_id, unread, wait_key, id);"
	"CREATE INDEX conv_b_act ON conversations(assignee_id, status, department_id, unread, last_activity,"
	" id, wait_key);"
	"CREATE INDEX conv_b_created ON conversations(assignee_id, status, department_id, unread, created_at,"
	" id, wait_key);"
	"CREATE INDEX conv_snoozed ON conversations(snoozed_until) WHERE status = 2;"

	/* seq is the insertion order: messages_conv lists a conversation's
	 * messages in it (the rowid is the index's last column). */
	"CREATE TABLE messages ("
	" seq INTEGER PRIMARY KEY,"
	" id TEXT NOT NULL UNIQUE,"
	" conversation_id TEXT NOT NULL REFERENCES conversations(id),"
	" direction INTEGER NOT NULL CHECK (direction BETWEEN 0 AND 2),"
	" body BLOB NOT NULL,"
	" author_id TEXT NOT NULL DEFAULT '',"
	" client_msg_id TEXT,"
	" request_hash BLOB," /* sealed: a plain hash would confirm guessed texts */
	" delivery INTEGER NOT NULL,"
	" delivery_error TEXT,"
	" carrier_sid TEXT,"
	" segments INTEGER NOT NULL DEFAULT 1,"
	" created_at INTEGER NOT NULL,"
	" version INTEGER NOT NULL);"
	"CREATE INDEX messages_conv ON messages(conversation_id);"
	"CREATE UNIQUE INDEX messages_client ON messages(client_msg_id) WHERE client_msg_id IS NOT NULL;"
	"CREATE UNIQUE INDEX messages_carrier ON messages(carrier_sid) WHERE carrier_sid IS NOT NULL;"

	"CREATE TABLE notes ("
	" seq INTEGER PRIMARY KEY,"
	" id TEXT NOT NULL UNIQUE,"
	" conversation_id TEXT NOT NULL REFERENCES conversations(id),"
	" author_id TEXT NOT NULL,"
	" body BLOB NOT NULL,"
	" created_at INTEGER NOT NULL,"
	" version INTEGER NOT NULL);"
	"CREATE INDEX notes_conv ON notes(conversation_id);"

	"CREATE TABLE assignments ("
	" seq INTEGER PRIMARY KEY,"
	" id TEXT NOT NULL UNIQUE,"
	" conversation_id TEXT NOT NULL REFERENCES conversations(id),"
	" kind INTEGER NOT NULL,"
	" from_staff TEXT NOT NULL DEFAULT '',"
	" to_staff TEXT NOT NULL DEFAULT '',"
	" from_dept TEXT NOT NULL DEFAULT '',"
	" to_dept TEXT NOT NULL DEFAULT '',"
	" by_staff TEXT NOT NULL DEFAULT '',"
	" at INTEGER NOT NULL,"
	" version INTEGER NOT NULL);"
	"CREATE INDEX assignments_conv ON assignments(conversation_id);"

	"CREATE TABLE consent ("
	" phone_blind TEXT NOT NULL,"
	" department_id TEXT NOT NULL,"
	" state INTEGER NOT NULL,"
	" changed_at INTEGER NOT NULL,"
	" source TEXT NOT NULL,"
	" PRIMARY KEY (phone_blind, department_id)) WITHOUT ROWID;"

	"CREATE TABLE events ("
	" seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	" kind INTEGER NOT NULL,"
	" department_id TEXT NOT NULL DEFAULT '',"
	" staff_id TEXT NOT NULL DEFAULT '',"
	" device_id TEXT NOT NULL DEFAULT '',"
	" payload TEXT,"
	" created_at INTEGER NOT NULL);"
	"CREATE INDEX events_created ON events(created_at);"

	"CREATE TABLE idempotency ("
	" staff_id TEXT NOT NULL,"
	" key TEXT NOT NULL,"
	" request_hash BLOB NOT NULL," /* sealed */
	" response BLOB NOT NULL,"     /* sealed */
	" created_at INTEGER NOT NULL,"
	" PRIMARY KEY (staff_id, key)) WITHOUT ROWID;"
	"CREATE INDEX idempotency_created ON idempotency(created_at);"

	"CREATE TABLE rate_hits (id INTEGER PRIMARY KEY, key TEXT NOT NULL, at INTEGER NOT NULL);"
	"CREATE INDEX rate_hits_key ON rate_hits(key, at);"

	"CREATE TABLE audit ("
	" seq INTEGER PRIMARY KEY,"
	" at INTEGER NOT NULL,"
	" staff_id TEXT NOT NULL DEFAULT '',"
	" device_id TEXT NOT NULL DEFAULT '',"
	" ip TEXT,"
	" action TEXT NOT NULL,"
	" object_type TEXT,"
	" object_id TEXT NOT NULL DEFAULT '',"
	" detail TEXT,"
	" prev_hash TEXT NOT NULL,"
	" hash TEXT NOT NULL);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"

	"CREATE TABLE sim_sent ("
	" seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	" message_id TEXT NOT NULL,"
	" from_number BLOB NOT NULL," /* sealed */
	" to_number BLOB NOT NULL,"   /* sealed */
	" body BLOB NOT NULL,"	      /* sealed */
	" at INTEGER NOT NULL);",

	/* 2: the carrier outbox (store_outbox.c). A row per outbound message
	 * for a real carrier, written with the message; to_number and body are
	 * sealed like every other copy of them. */
	"CREATE TABLE outbox ("
	" seq INTEGER PRIMARY KEY,"
	" message_id TEXT NOT NULL UNIQUE REFERENCES messages(id),"
	" department_id TEXT NOT NULL,"
	" direction INTEGER NOT NULL,"
	" sender TEXT NOT NULL,"
	" to_number BLOB NOT NULL," /* sealed */
	" body BLOB NOT NULL,"	    /* sealed */
	" state INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 3),"
	" attempts INTEGER NOT NULL DEFAULT 0,"
	" next_at INTEGER NOT NULL,"
	" lease_until INTEGER NOT NULL DEFAULT 0,"
	" first_attempt_at INTEGER NOT NULL DEFAULT 0,"
	" carrier_sid TEXT,"
	" carrier_status TEXT,"
	" error_code TEXT,"
	" created_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL);"
	"CREATE INDEX outbox_due ON outbox(next_at) WHERE state < 2;"
	"CREATE UNIQUE INDEX outbox_carrier ON outbox(carrier_sid) WHERE carrier_sid IS NOT NULL;",

	/* 3: attachments (store_attach.c). One row per picture or PDF: an
	 * inbound MMS's media (message_id set; fetched from the carrier by a
	 * worker, hence source_url, attempts, next_at and the lease) or a
	 * staff upload (no message until a send uses it; unused ones are
	 * pruned after a day). data, name and source_url are sealed. */
	"CREATE TABLE attachments ("
	" seq INTEGER PRIMARY KEY,"
	" id TEXT NOT NULL UNIQUE,"
	" message_id TEXT REFERENCES messages(id),"
	" conversation_id TEXT NOT NULL REFERENCES conversations(id),"
	" uploader_id TEXT NOT NULL DEFAULT '',"
	" ordinal INTEGER NOT NULL DEFAULT 0,"
	" state INTEGER NOT NULL CHECK (state BETWEEN 0 AND 2),"
	" reason TEXT,"
	" declared_type TEXT,"
	" content_type TEXT,"
	" size INTEGER NOT NULL DEFAULT 0,"
	" name BLOB,"	    /* sealed */
	" data BLOB,"	    /* sealed */
	" source_url BLOB," /* sealed */
	" attempts INTEGER NOT NULL DEFAULT 0,"
	" next_at INTEGER NOT NULL DEFAULT 0,"
	" lease_until INTEGER NOT NULL DEFAULT 0,"
	" carrier_delete INTEGER NOT NULL DEFAULT 0,"
	" carrier_token_hash TEXT,"
	" carrier_token_expires INTEGER NOT NULL DEFAULT 0,"
	" created_at INTEGER NOT NULL);"
	"CREATE INDEX attachments_message ON attachments(message_id, ordinal) WHERE message_id IS NOT NULL;"
	"CREATE INDEX attachments_conv ON attachments(conversation_id);"
	"CREATE INDEX attachments_due ON attachments(next_at) WHERE state = 0 OR carrier_delete = 1;"
	"CREATE INDEX attachments_unused ON attachments(created_at) WHERE message_id IS NULL;",
};

#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

/* ---- shared helpers --------------------------------------------------------- */

sqlite3_stmt *store_stmt(struct store *s, enum stmt_id id, const char *sql)
{
	sqlite3_stmt *st = s->stmts[id];
	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return st;
	}
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->stmts[id], NULL) !=
	    SQLITE_OK) {
		log_error("store: cannot prepare statement %d: %s", (int)id, sqlite3_errmsg(s->db));
		s->stmts[id] = NULL;
		return NULL;
	}
	return s->stmts[id];
}

enum store_rc store_rc_of(struct store *s, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return STORE_OK;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		log_warn("store: database busy: %s", sqlite3_errmsg(s->db));
		return STORE_BUSY;
	case SQLITE_CONSTRAINT:
		if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			return STORE_EXISTS;
		log_error("store: constraint failed: %s", sqlite3_errmsg(s->db));
		return STORE_ERROR;
	default:
		log_error("store: %s", sqlite3_errmsg(s->db));
		return STORE_ERROR;
	}
}

enum store_rc store_step_done(struct store *s, sqlite3_stmt *st)
{
	if (!st)
		return STORE_ERROR;
	int rc = sqlite3_step(st);
	/* The extended code is only available before the reset. */
	int ext = rc == SQLITE_DONE || rc == SQLITE_ROW ? rc : sqlite3_extended_errcode(s->db);
	sqlite3_reset(st);
	return store_rc_of(s, ext);
}

enum store_rc store_step_row(struct store *s, sqlite3_stmt *st)
{
	if (!st)
		return STORE_ERROR;
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		return STORE_OK;
	if (r == SQLITE_DONE)
		return STORE_NOT_FOUND;
	return store_rc_of(s, sqlite3_extended_errcode(s->db));
}

enum store_rc store_rows(struct store *s, sqlite3_stmt *st, size_t elem_size,
			 enum store_rc (*row)(struct store *s, sqlite3_stmt *st, void *elem),
			 void (*clear)(void *elem), void **out, size_t *n)
{
	char *v = NULL;
	size_t cap = 0, k = 0;
	enum store_rc rc = STORE_OK;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (k == cap) {
			cap = cap ? cap * 2 : 8;
			v = xrealloc(v, cap * elem_size);
		}
		void *e = v + k++ * elem_size;
		memset(e, 0, elem_size);
		if ((rc = row(s, st, e)) != STORE_OK)
			break;
	}
	if (rc == STORE_OK && r != SQLITE_DONE)
		rc = store_rc_of(s, sqlite3_extended_errcode(s->db));
	sqlite3_reset(st);
	if (rc != STORE_OK) {
		for (size_t i = 0; i < k; i++)
			clear(v + i * elem_size);
		free(v);
		v = NULL;
		k = 0;
	}
	*out = v;
	*n = k;
	return rc;
}

enum store_rc store_step_change(struct store *s, sqlite3_stmt *st)
{
	enum store_rc rc = store_step_done(s, st);
	if (rc == STORE_OK && sqlite3_changes(s->db) == 0)
		rc = STORE_NOT_FOUND;
	return rc;
}

enum store_rc store_exec(struct store *s, const char *sql)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? STORE_OK : store_rc_of(s, sqlite3_extended_errcode(s->db));
}

enum store_rc store_atomic_begin(struct store *s, bool *own)
{
	*own = !s->in_tx && sqlite3_get_autocommit(s->db);
	if (*own) {
		enum store_rc rc = store_tx_begin(s);
		*own = rc == STORE_OK;
		return rc;
	}
	return store_step_done(s, store_stmt(s, STMT_SAVEPOINT, "SAVEPOINT store_op"));
}

enum store_rc store_atomic_end(struct store *s, bool own, enum store_rc rc)
{
	if (own) {
		if (rc == STORE_OK)
			return store_tx_commit(s);
		store_tx_rollback(s);
		return rc;
	}
	if (rc != STORE_OK &&
	    store_step_done(s, store_stmt(s, STMT_ROLLBACK_TO, "ROLLBACK TO store_op")) != STORE_OK)
		log_error("store: cannot undo a failed change");
	enum store_rc r = store_step_done(s, store_stmt(s, STMT_RELEASE, "RELEASE store_op"));
	return rc != STORE_OK ? rc : r;
}

void store_bind_text(sqlite3_stmt *st, int idx, const char *v)
{
	if (v)
		sqlite3_bind_text(st, idx, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, idx);
}

static char *store_ad(const char *column, const char *row)
{
	size_t a = strlen(column), b = strlen(row);
	char *ad = xmalloc(a + b + 2);
	memcpy(ad, column, a);
	ad[a] = ':';
	memcpy(ad + a + 1, row, b + 1);
	return ad;
}

void store_bind_sealed(struct store *s, sqlite3_stmt *st, int idx, const char *column,
		       const char *row, const char *plain)
{
	if (!plain) {
		sqlite3_bind_null(st, idx);
		return;
	}
	char *ad = store_ad(column, row);
	unsigned char *c = NULL;
	size_t n = 0;
	crypto_seal(s->keys, ad, plain, strlen(plain), &c, &n);
	free(ad);
	sqlite3_bind_blob(st, idx, c, (int)n, free);
}

char *store_col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? xstrdup((const char *)t) : NULL;
}

void store_col_id(sqlite3_stmt *st, int col, char out[ID_LEN])
{
	const unsigned char *t = sqlite3_column_text(st, col);
	snprintf(out, ID_LEN, "%s", t ? (const char *)t : "");
}

enum store_rc store_col_open(struct store *s, sqlite3_stmt *st, int col, const char *column,
			     const char *row, char **out)
{
	*out = NULL;
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return STORE_OK;
	const unsigned char *c = sqlite3_column_blob(st, col);
	size_t n = (size_t)sqlite3_column_bytes(st, col);
	char *ad = store_ad(column, row);
	*out = crypto_open(s->keys, ad, c, n, NULL);
	free(ad);
	if (!*out) {
		/* Names the column and row only: the content is the secret. */
		log_error("store: %s of %s does not decrypt (tampered, moved or wrong key)", column,
			  row);
		return STORE_ERROR;
	}
	return STORE_OK;
}

int64_t change_log_append(struct store *s, enum obj_type type, const char *id,
			  const char *dept_before, const char *dept_after, bool created,
			  bool destroyed)
{
	sqlite3_stmt *st =
		store_stmt(s, STMT_CHANGE_APPEND,
			   "INSERT INTO changes (type, object_id, dept_before, dept_after, "
			   "created, destroyed) VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return 0;
	sqlite3_bind_int(st, 1, (int)type);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, dept_before ? dept_before : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, dept_after ? dept_after : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, created);
	sqlite3_bind_int(st, 6, destroyed);
	if (store_step_done(s, st) != STORE_OK)
		return 0;
	return sqlite3_last_insert_rowid(s->db);
}

int64_t store_query_int(struct store *s, sqlite3_stmt *st, int64_t def)
{
	if (!st)
		return def;
	int64_t v = def;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		store_rc_of(s, sqlite3_extended_errcode(s->db));
	sqlite3_reset(st);
	return v;
}

/* ---- lifecycle ---------------------------------------------------------------- */

static int pragma_int(struct store *s, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int v = -1;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static bool meta_db_id(struct store *s)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = 'db_id'", -1, &st,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		snprintf(s->db_id, sizeof s->db_id, "%s", (const char *)sqlite3_column_text(st, 0));
		ok = s->db_id[0] != '\0';
	}
	sqlite3_finalize(st);
	return ok;
}

/* Applies pending migrations and makes the database id, all in one
 * transaction so a crash leaves either the old schema or the new one. */
static enum store_rc migrate(struct store *s, char *err, size_t errlen)
{
	int v = pragma_int(s, "PRAGMA user_version");
	if (v < 0) {
		snprintf(err, errlen, _("cannot read the schema version: %s"), sqlite3_errmsg(s->db));
		return STORE_ERROR;
	}
	if (v > N_MIGRATIONS) {
		snprintf(err, errlen, _("the database schema (%d) is newer than this program's (%d)"),
			 v, N_MIGRATIONS);
		return STORE_ERROR;
	}
	if (v == N_MIGRATIONS && meta_db_id(s)) {
		s->schema_version = v;
		return STORE_OK;
	}
	enum store_rc rc = store_exec(s, "BEGIN IMMEDIATE");
	if (rc != STORE_OK) {
		snprintf(err, errlen, _("cannot lock the database to migrate it: %s"),
			 sqlite3_errmsg(s->db));
		return rc;
	}
	v = pragma_int(s, "PRAGMA user_version"); /* another process may have won */
	for (; v >= 0 && v < N_MIGRATIONS; v++) {
		if (store_exec(s, migrations[v]) != STORE_OK) {
			snprintf(err, errlen, _("migration %d failed: %s"), v + 1,
				 sqlite3_errmsg(s->db));
			goto fail;
		}
	}
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", N_MIGRATIONS);
	if (store_exec(s, sql) != STORE_OK) {
		snprintf(err, errlen, _("cannot record the schema version: %s"),
			 sqlite3_errmsg(s->db));
		goto fail;
	}
	if (!meta_db_id(s)) {
		unsigned char raw[16];
		randombytes_buf(raw, sizeof raw);
		hex_encode(raw, sizeof raw, s->db_id);
		sqlite3_stmt *st = NULL;
		int r = sqlite3_prepare_v2(
			s->db, "INSERT INTO meta (key, value) VALUES ('db_id', ?)", -1, &st, NULL);
		if (r == SQLITE_OK) {
			sqlite3_bind_text(st, 1, s->db_id, -1, SQLITE_STATIC);
			r = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		}
		sqlite3_finalize(st);
		if (r != SQLITE_OK) {
			snprintf(err, errlen, _("cannot store the database id: %s"),
				 sqlite3_errmsg(s->db));
			goto fail;
		}
	}
	if ((rc = store_exec(s, "COMMIT")) != STORE_OK) {
		snprintf(err, errlen, _("cannot commit the migration: %s"), sqlite3_errmsg(s->db));
		goto fail;
	}
	s->schema_version = N_MIGRATIONS;
	return STORE_OK;
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc == STORE_OK ? STORE_ERROR : rc;
}

enum store_rc store_open(struct store **out, const char *path, const struct crypto_keys *keys,
			 bool create, char *err, size_t errlen)
{
	*out = NULL;
	struct stat sb;
	if (stat(path, &sb) != 0) {
		if (errno != ENOENT || !create) {
			snprintf(
				err, errlen,
				errno == ENOENT ?
					"database %s does not exist (create it with curtainctl init)" :
					"cannot open database %s: %s",
				path, strerror(errno));
			return errno == ENOENT ? STORE_NOT_FOUND : STORE_ERROR;
		}
		/* Create it owner-only; SQLite gives its -wal and -shm files the
		 * database's mode. */
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST) {
			snprintf(err, errlen, _("cannot create database %s: %s"), path,
				 strerror(errno));
			return STORE_ERROR;
		}
		if (fd >= 0)
			close(fd);
	}
	struct store *s = xcalloc(1, sizeof *s);
	s->keys = keys;
	enum store_rc rc = STORE_ERROR;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, _("cannot open database %s: %s"), path,
			 s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, 5000);
	/* journal_mode answers with the mode it ended up in. */
	sqlite3_stmt *st = NULL;
	bool wal = false;
	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		wal = strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
	sqlite3_finalize(st);
	if (!wal) {
		snprintf(err, errlen, _("cannot use database %s (is it a Curtain database?): %s"),
			 path, sqlite3_errmsg(s->db));
		goto fail;
	}
	/* WAL makes NORMAL durable enough (a crash loses at most the last
	 * commits, never consistency). A 64 MiB page cache keeps the
	 * conversation indexes resident; sub-journals of savepoints stay in
	 * memory. */
	if (store_exec(s, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; "
			  "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;") != STORE_OK) {
		snprintf(err, errlen, _("cannot configure database %s: %s"), path,
			 sqlite3_errmsg(s->db));
		goto fail;
	}
	if ((rc = migrate(s, err, errlen)) != STORE_OK)
		goto fail;
	*out = s;
	return STORE_OK;
fail:
	store_close(&s);
	return rc == STORE_OK ? STORE_ERROR : rc;
}

void store_close(struct store **sp)
{
	struct store *s = *sp;
	if (!s)
		return;
	if (s->db && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	for (int i = 0; i < STMT_COUNT; i++)
		sqlite3_finalize(s->stmts[i]);
	if (s->db && sqlite3_close(s->db) != SQLITE_OK)
		log_error("store: close: %s", sqlite3_errmsg(s->db));
	free(s);
	*sp = NULL;
}

int store_schema_version(struct store *s)
{
	return s->schema_version;
}

const char *store_db_id(struct store *s)
{
	return s->db_id;
}

enum store_rc store_tx_begin(struct store *s)
{
	if (s->in_tx) {
		log_error("store: a transaction is already open");
		return STORE_ERROR;
	}
	enum store_rc rc = store_exec(s, "BEGIN IMMEDIATE");
	s->in_tx = rc == STORE_OK;
	return rc;
}

enum store_rc store_tx_commit(struct store *s)
{
	if (!s->in_tx) {
		log_error("store: commit without a transaction");
		return STORE_ERROR;
	}
	enum store_rc rc = store_exec(s, "COMMIT");
	if (rc != STORE_OK && !sqlite3_get_autocommit(s->db)) {
		/* Leave no transaction half-open: callers often do not roll back
		 * after a failed commit. */
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	}
	s->in_tx = false;
	return rc;
}

void store_tx_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db) &&
	    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK)
		log_error("store: rollback: %s", sqlite3_errmsg(s->db));
	s->in_tx = false;
}

/* ---- settings ----------------------------------------------------------------- */

enum store_rc store_setting_get(struct store *s, const char *key, char **value)
{
	*value = NULL;
	sqlite3_stmt *st =
		store_stmt(s, STMT_SETTING_GET, "SELECT value FROM settings WHERE key = ?");
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	enum store_rc out = STORE_NOT_FOUND;
	if (rc == SQLITE_ROW) {
		*value = store_col_text(st, 0);
		out = STORE_OK;
	} else if (rc != SQLITE_DONE) {
		out = store_rc_of(s, sqlite3_extended_errcode(s->db));
	}
	sqlite3_reset(st);
	return out;
}

enum store_rc store_setting_set(struct store *s, const char *key, const char *value)
{
	sqlite3_stmt *st = store_stmt(s, STMT_SETTING_SET,
				      "INSERT INTO settings (key, value) VALUES (?, ?) "
				      "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value ? value : "", -1, SQLITE_STATIC);
	return store_step_done(s, st);
}
