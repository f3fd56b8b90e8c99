/* store_internal: what the store_*.c files share and nothing else sees — the
 * struct store behind the opaque handle, its cache of prepared statements,
 * the sealed-column and change-log helpers, and the conversation sort keys. */
#ifndef CURTAIN_STORE_INTERNAL_H
#define CURTAIN_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "server/store.h"

/* Every cached statement has a slot here; the SQL text stays next to the
 * code that runs it (see store_stmt). */
enum stmt_id {
	/* store_sqlite.c */
	STMT_SAVEPOINT,
	STMT_RELEASE,
	STMT_ROLLBACK_TO,
	STMT_SETTING_GET,
	STMT_SETTING_SET,
	STMT_MODSEQ,
	STMT_TYPE_MODSEQ,
	STMT_CHANGES_SINCE,
	STMT_CHANGES_FLOOR,
	STMT_CHANGE_APPEND,
	STMT_AUDIT_LAST,
	STMT_AUDIT_INSERT,
	STMT_AUDIT_EACH,
	STMT_EVENT_ADD,
	STMT_EVENTS_SINCE,
	STMT_EVENT_SEQ,
	STMT_EVENTS_PRUNE,
	STMT_IDEM_GET,
	STMT_IDEM_PUT,
	STMT_IDEM_PRUNE,
	STMT_RATE_PRUNE,
	STMT_RATE_PRUNE_ALL,
	STMT_RATE_ADD,
	STMT_RATE_COUNT,
	STMT_RATE_RESET,
	STMT_SIM_RECORD,
	STMT_SIM_LIST,
	/* store_people.c */
	STMT_DEPT_INSERT,
	STMT_DEPT_GET,
	STMT_DEPT_BY_NAME,
	STMT_DEPT_BY_NUMBER,
	STMT_DEPT_LIST,
	STMT_DEPT_UPDATE,
	STMT_DEPT_COUNT_STATUS,
	STMT_DEPT_COUNT_ASSIGNEE,
	STMT_DEPT_COUNT_WAITING,
	STMT_STAFF_INSERT,
	STMT_STAFF_GET,
	STMT_STAFF_BY_USERNAME,
	STMT_STAFF_LIST,
	STMT_STAFF_DEPTS,
	STMT_STAFF_DEPTS_CLEAR,
	STMT_STAFF_DEPT_ADD,
	STMT_STAFF_UPDATE,
	STMT_STAFF_SET_PASSWORD,
	STMT_STAFF_SET_TOTP,
	STMT_STAFF_TOTP_USE,
	STMT_STAFF_OPEN_LOAD,
	STMT_MFA_INSERT,
	STMT_MFA_GET,
	STMT_MFA_BUMP,
	STMT_MFA_DELETE,
	STMT_DEVICE_INSERT,
	STMT_DEVICE_BY_TOKEN,
	STMT_DEVICE_GET,
	STMT_DEVICE_PIN_FAILED,
	STMT_DEVICE_PIN_OK,
	STMT_DEVICE_REVOKE,
	STMT_DEVICE_LIST_ALL,
	STMT_DEVICE_LIST_STAFF,
	STMT_ACCESS_INSERT,
	STMT_ACCESS_GET,
	STMT_ACCESS_TOUCH,
	STMT_ACCESS_DELETE,
	STMT_ACCESS_DELETE_DEVICE,
	STMT_GRANT_INSERT,
	STMT_GRANT_ACTIVE,
	STMT_TEMPLATE_INSERT,
	STMT_TEMPLATE_GET,
	STMT_TEMPLATE_LIST,
	STMT_TEMPLATE_UPDATE,
	STMT_TEMPLATE_DELETE,
	STMT_TEMPLATE_USERS,
	STMT_TEMPLATE_UNLINK,
	/* store_conv.c */
	STMT_CONV_INSERT,
	STMT_CONV_GET,
	STMT_CONV_BY_PHONE,
	STMT_CONV_UPDATE,
	STMT_CONV_SET_LAST,
	STMT_CONV_SNOOZE_DUE,
	STMT_CONV_WAKE,
	STMT_CONV_STATE,
	STMT_CONV_SET_CONSENT,
	STMT_CONV_TEXT_MESSAGES,
	STMT_TEXT_ALL_MESSAGES,
	STMT_MSG_INSERT,
	STMT_MSG_GET,
	STMT_MSG_BY_CLIENT_ID,
	STMT_MSG_BY_CARRIER_SID,
	STMT_MSG_COUNT,
	STMT_MSG_PAGE,
	STMT_MSG_SEQ,
	STMT_MSG_NEWER,
	STMT_MSG_DELIVERY,
	STMT_NOTE_INSERT,
	STMT_NOTE_GET,
	STMT_NOTE_LIST,
	STMT_ASSIGN_INSERT,
	STMT_ASSIGN_GET,
	STMT_ASSIGN_LIST,
	STMT_CONSENT_GET,
	STMT_CONSENT_SET,
	STMT_SEED_PHONE_TAKEN,
	/* store_outbox.c */
	STMT_OUTBOX_INSERT,
	STMT_OUTBOX_GET,
	STMT_OUTBOX_BY_SID,
	STMT_OUTBOX_DUE,
	STMT_OUTBOX_NEXT_DUE,
	STMT_OUTBOX_LEASE,
	STMT_OUTBOX_ATTEMPT,
	STMT_OUTBOX_RETRY,
	STMT_OUTBOX_SUBMITTED,
	STMT_OUTBOX_FAILED,
	STMT_OUTBOX_STATUS,
	STMT_OUTBOX_SID_KNOWN,
	/* store_attach.c */
	STMT_ATTACH_INSERT,
	STMT_ATTACH_GET,
	STMT_ATTACH_DATA,
	STMT_ATTACH_LIST,
	STMT_ATTACH_USE,
	STMT_ATTACH_STORED,
	STMT_ATTACH_REJECTED,
	STMT_ATTACH_DUE,
	STMT_ATTACH_NEXT_DUE,
	STMT_ATTACH_LEASE,
	STMT_ATTACH_RETRY,
	STMT_ATTACH_DELETED,
	STMT_ATTACH_COUNT,
	STMT_ATTACH_SET_TOKEN,
	STMT_ATTACH_TOKEN,
	STMT_ATTACH_PRUNE,
	STMT_ATTACH_MSG_DEPT,
	STMT_ATTACH_MSG_BUMP,
	/* One ordered per-slice cursor for each index family, sort and direction
	 * (2 x 3 x 2), used by store_conversation_query. */
	STMT_CONV_SLICE_FIRST,
	STMT_CONV_SLICE_LAST = STMT_CONV_SLICE_FIRST + 11,
	STMT_COUNT
};

struct store {
	sqlite3 *db;
	const struct crypto_keys *keys;
	sqlite3_stmt *stmts[STMT_COUNT];
	char db_id[40];
	int schema_version;
	bool in_tx;
};

/* Conversation sort key for SORT_WAITING, stored in wait_key by every
 * writer (a CHECK constraint enforces it): waiting_since while the patient
 * waits, else WAIT_KEY_IDLE - last_activity. Every waiting key is below
 * WAIT_KEY_SPLIT and every other key above it, so ascending order puts the
 * longest wait first and then the most recent activity, and "waiting" is a
 * range of the index. */
#define WAIT_KEY_IDLE  INT64_MAX
#define WAIT_KEY_SPLIT ((int64_t)1 << 62)
/* The same expression in SQL, over the row's current values. */
#define WAIT_KEY_SQL(ws, la) \
	"(CASE WHEN " ws " > 0 THEN " ws " ELSE 9223372036854775807 - max(" la ", 0) END)"

static inline int64_t store_wait_key(int64_t waiting_since, int64_t last_activity)
{
	return waiting_since > 0 ? waiting_since :
				   WAIT_KEY_IDLE - (last_activity > 0 ? last_activity : 0);
}

/* The cached statement for id, prepared from sql on first use, reset and
 * with its bindings cleared. NULL (logged) if it cannot be prepared. */
sqlite3_stmt *store_stmt(struct store *s, enum stmt_id id, const char *sql);
/* Maps a SQLite result to a store_rc, logging anything unexpected (the
 * SQLite message never contains bound values, so no PHI). */
enum store_rc store_rc_of(struct store *s, int rc);
/* Runs a statement that returns no rows and resets it. */
enum store_rc store_step_done(struct store *s, sqlite3_stmt *st);
/* Steps a single-row SELECT: STORE_OK with the row current, NOT_FOUND, or
 * an error; the caller resets the statement. */
enum store_rc store_step_row(struct store *s, sqlite3_stmt *st);
/* Steps a bound SELECT to the end and resets it, turning each row into a
 * new elem_size element of *out (zeroed, then filled by row). On failure
 * the elements read so far are cleared and freed, *out is NULL and *n 0. */
enum store_rc store_rows(struct store *s, sqlite3_stmt *st, size_t elem_size,
			 enum store_rc (*row)(struct store *s, sqlite3_stmt *st, void *elem),
			 void (*clear)(void *elem), void **out, size_t *n);
/* Runs an UPDATE or DELETE and resets it; NOT_FOUND when no row changed. */
enum store_rc store_step_change(struct store *s, sqlite3_stmt *st);
/* Runs sql directly (no cache); for DDL and pragmas. */
enum store_rc store_exec(struct store *s, const char *sql);

/* Makes one store call atomic: a failed call leaves nothing behind, inside
 * the caller's transaction (a savepoint) or outside any (its own
 * transaction, *own = true, for the few calls curtaind makes without one).
 * store_atomic_end releases or undoes it according to rc and returns rc
 * (or the commit's failure). */
enum store_rc store_atomic_begin(struct store *s, bool *own);
enum store_rc store_atomic_end(struct store *s, bool own, enum store_rc rc);

/* Binds a string or NULL. */
void store_bind_text(sqlite3_stmt *st, int idx, const char *v);
/* Seals plain (NULL binds NULL) with associated data "<column>:<row>",
 * which ties the ciphertext to its column and row, and binds the blob. */
void store_bind_sealed(struct store *s, sqlite3_stmt *st, int idx, const char *column,
		       const char *row, const char *plain);

/* Column helpers. store_col_text returns a malloc'd copy or NULL for SQL
 * NULL; store_col_id copies into an id buffer ("" for NULL). */
char *store_col_text(sqlite3_stmt *st, int col);
void store_col_id(sqlite3_stmt *st, int col, char out[ID_LEN]);
/* Opens a sealed column; *out is NULL for SQL NULL. A blob that fails to
 * open (tampered, moved to another row, wrong key) is STORE_ERROR. */
enum store_rc store_col_open(struct store *s, sqlite3_stmt *st, int col, const char *column,
			     const char *row, char **out);

/* Appends one change-log row and returns its modseq (0 on failure, logged).
 * Depts may be NULL for "". */
int64_t change_log_append(struct store *s, enum obj_type type, const char *id,
			  const char *dept_before, const char *dept_after, bool created,
			  bool destroyed);

/* Inserts a conversation row as given (sealing its PHI); shared by
 * store_conversation_create and the seeding fast path. */
enum store_rc store_conv_insert(struct store *s, const struct conversation *c, const char *blind,
				int64_t version);
/* The recorded consent of a blinded number towards a department
 * (CONSENT_UNKNOWN and 0 when there is no record). */
enum store_rc store_consent_lookup(struct store *s, const char *blind, const char *dept_id,
				   enum consent_state *st, int64_t *changed_at);

/* Single-value queries: the first column of the first row as an integer
 * (def when there is no row or it is NULL). */
int64_t store_query_int(struct store *s, sqlite3_stmt *st, int64_t def);

#endif
