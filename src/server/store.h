/* store: every byte curtaind keeps goes through this interface. It owns the
 * schema and its migrations, encryption of PHI columns at rest, the change
 * log (modseq) behind state tokens, the hash-chained audit log, and the
 * durable event feed the push layer reads. Nothing outside store_*.c speaks
 * SQL, and nothing here assumes one process: a PostgreSQL store can replace
 * store_sqlite.c behind the same functions.
 *
 * Threading: a struct store is one connection, used by one thread at a time.
 * curtaind opens one per worker thread.
 *
 * Transactions: mutating functions must run between store_tx_begin() and
 * store_tx_commit()/store_tx_rollback(); read functions may run inside or
 * outside one. Each mutation of a synced object appends one row to the change
 * log; the object's new version is that row's modseq.
 *
 * Strings in the structs below are owned by the struct and released by the
 * matching *_clear() function. PHI fields (patient names, phones, message,
 * note and preview text) arrive decrypted; the store encrypts them on write.
 */
#ifndef CURTAIN_STORE_H
#define CURTAIN_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proto/objects.h"
#include "server/crypto.h"

enum store_rc {
	STORE_OK = 0,
	STORE_NOT_FOUND,	/* no such row */
	STORE_EXISTS,		/* a unique key is taken */
	STORE_VERSION_MISMATCH, /* ifInVersion did not match */
	STORE_BUSY,		/* the database stayed locked past the busy timeout */
	STORE_ERROR,		/* anything else; the detail went to the log (no PHI) */
};

/* Who is acting, for the audit log and for "mine" counts. */
struct actor {
	const char *staff_id;  /* may be NULL for carrier/system actions */
	const char *device_id; /* may be NULL */
	const char *ip;	       /* may be NULL */
};

struct store;

/* ---- lifecycle ---------------------------------------------------------- */

/* Opens (and with create=true creates) the database, enables WAL and foreign
 * keys, and applies pending migrations. err receives a reason without PHI. */
enum store_rc store_open(struct store **out, const char *path, const struct crypto_keys *keys,
			 bool create, char *err, size_t errlen);
void store_close(struct store **s);
int store_schema_version(struct store *s);

enum store_rc store_tx_begin(struct store *s); /* BEGIN IMMEDIATE */
enum store_rc store_tx_commit(struct store *s);
void store_tx_rollback(struct store *s);

/* Database identity (random, made at creation); part of every state token so
 * tokens from another database are refused. */
const char *store_db_id(struct store *s);

/* ---- practice settings (key/value: practice.name, practice.phone, ...) -- */
enum store_rc store_setting_get(struct store *s, const char *key, char **value);
enum store_rc store_setting_set(struct store *s, const char *key, const char *value);

/* ---- change log --------------------------------------------------------- */

/* Highest modseq in the change log (0 on an empty database). */
int64_t store_modseq(struct store *s);
/* Highest modseq for one object type. */
int64_t store_type_modseq(struct store *s, enum obj_type type);

struct change {
	int64_t modseq;
	enum obj_type type;
	char object_id[ID_LEN];
	char dept_before[ID_LEN]; /* "" for global objects or on creation */
	char dept_after[ID_LEN];  /* "" for global objects or on destruction */
	bool created;
	bool destroyed;
};
/* Changes of one type with modseq > since, oldest first, at most max + 1 rows
 * (so the caller can tell there were more). *out is malloc'd; caller frees. */
enum store_rc store_changes_since(struct store *s, enum obj_type type, int64_t since, size_t max,
				  struct change **out, size_t *n);
/* Oldest modseq still in the change log (older entries may be pruned). */
int64_t store_changes_floor(struct store *s);

/* ---- departments -------------------------------------------------------- */
enum store_rc store_department_create(struct store *s, const struct actor *a, struct department *d);
enum store_rc store_department_get(struct store *s, const char *id, struct department *d);
enum store_rc store_department_by_name(struct store *s, const char *name, struct department *d);
enum store_rc store_department_by_number(struct store *s, const char *e164, struct department *d);
/* All departments, ordered by name. *out malloc'd array; free each with department_clear. */
enum store_rc store_department_list(struct store *s, struct department **out, size_t *n);
enum store_rc store_department_update(struct store *s, const struct actor *a, struct department *d);
enum store_rc store_department_counts(struct store *s, const char *dept_id, const char *staff_id,
				      struct dept_counts *c);

/* ---- staff -------------------------------------------------------------- */
/* password_hash and totp_secret are stored (the secret encrypted). */
enum store_rc store_staff_create(struct store *s, const struct actor *a, struct staff *st);
enum store_rc store_staff_get(struct store *s, const char *id, struct staff *st);
enum store_rc store_staff_by_username(struct store *s, const char *username, struct staff *st);
/* Like store_staff_by_username, but also fills password_hash and totp_secret. */
enum store_rc store_staff_get_auth(struct store *s, const char *username, struct staff *st);
enum store_rc store_staff_list(struct store *s, struct staff **out, size_t *n);
/* Updates display_name, role, depts, disabled (and password_hash/totp_secret
 * when non-NULL). Bumps version; a change to depts or role is a visibility change. */
enum store_rc store_staff_update(struct store *s, const struct actor *a, struct staff *st);
/* Records the accepted TOTP step; fails with STORE_EXISTS if step <= last. */
enum store_rc store_staff_totp_use(struct store *s, const char *staff_id, int64_t step);
/* Open conversations currently assigned to a staff member (colleague load). */
enum store_rc store_staff_open_load(struct store *s, const char *staff_id, int64_t *count);

/* ---- auth: MFA challenges, devices, access tokens ----------------------- */
/* Token hashes are crypto_token_hash() hex strings; raw tokens never reach the store. */
enum store_rc store_mfa_create(struct store *s, const char *token_hash, const char *staff_id,
			       const char *device_name, int64_t expires_at);
/* Fetches a live challenge; increments its attempt count. Expired -> NOT_FOUND. */
enum store_rc store_mfa_take(struct store *s, const char *token_hash, char staff_id[ID_LEN],
			     char **device_name, int *attempts);
enum store_rc store_mfa_delete(struct store *s, const char *token_hash);

enum store_rc store_device_create(struct store *s, const char *staff_id, const char *name,
				  const char *token_hash, const char *pin_hash, struct device *out);
/* Finds an active (not revoked) device by token hash; fills pin_hash (caller frees). */
enum store_rc store_device_by_token(struct store *s, const char *token_hash, struct device *d,
				    char **pin_hash);
enum store_rc store_device_get(struct store *s, const char *id, struct device *d);
/* Failed PIN: returns the new failure count in *failures. */
enum store_rc store_device_pin_failed(struct store *s, const char *device_id, int *failures);
enum store_rc store_device_pin_ok(struct store *s, const char *device_id);
/* Revokes the device and deletes its access tokens. */
enum store_rc store_device_revoke(struct store *s, const char *device_id);
/* All devices (staff_id NULL) or one staff member's, newest first. */
enum store_rc store_device_list(struct store *s, const char *staff_id, struct device **out, size_t *n);

enum store_rc store_access_create(struct store *s, const char *token_hash, const char *device_id,
				  const char *staff_id, int64_t expires_at);
/* Live token -> ids. Refreshes last_used at most once a minute. Expired,
 * idle past idle_ms, or belonging to a revoked device -> NOT_FOUND. */
enum store_rc store_access_check(struct store *s, const char *token_hash, int64_t idle_ms,
				 char staff_id[ID_LEN], char device_id[ID_LEN]);
enum store_rc store_access_delete(struct store *s, const char *token_hash);

/* Sliding-window counter for rate limits shared by every instance
 * (e.g. key "login:user:dana", "login:ip:127.0.0.1"). Adds one hit and
 * returns the hits within window_ms in *count. */
enum store_rc store_rate_hit(struct store *s, const char *key, int64_t window_ms, int64_t *count);
enum store_rc store_rate_reset(struct store *s, const char *key);
/* Hits within window_ms without adding one. */
enum store_rc store_rate_count(struct store *s, const char *key, int64_t window_ms, int64_t *count);

/* ---- conversations ------------------------------------------------------ */
struct conv_filter {
	const struct id_list *depts; /* visible departments (required, may be narrowed) */
	const char *department_id;   /* NULL = all of depts */
	unsigned status_mask;	     /* bit (1 << enum conv_status); 0 = any */
	const char *assignee;	     /* NULL = any, "" = unassigned, else staff id */
	int unread;		     /* -1 any, 0, 1 */
	bool waiting;		     /* only conversations with the patient waiting */
	const char *text;	     /* NULL or a search: name, phone or message text */
};
enum conv_sort { SORT_WAITING = 0, SORT_ACTIVITY, SORT_CREATED };

/* Creates a conversation (or returns the existing one for the same
 * department and phone in *c with STORE_EXISTS). */
enum store_rc store_conversation_create(struct store *s, const struct actor *a, struct conversation *c);
enum store_rc store_conversation_get(struct store *s, const char *id, struct conversation *c);
/* The conversation for (department, phone) via the blind index. */
enum store_rc store_conversation_by_phone(struct store *s, const char *dept_id, const char *e164,
					  struct conversation *c);
/* Ids in sort order from position, at most limit, plus the total. Uses the
 * indexes so the cost is O(limit + log n) without a text filter. */
enum store_rc store_conversation_query(struct store *s, const struct conv_filter *f, enum conv_sort sort,
				       bool ascending, int64_t position, int64_t limit,
				       struct id_list *ids, int64_t *total);
/* Index of id within the filtered, sorted list; STORE_NOT_FOUND if absent. */
enum store_rc store_conversation_index(struct store *s, const struct conv_filter *f, enum conv_sort sort,
				       bool ascending, const char *id, int64_t *index);
/* Whether id matches the filter (without position). */
bool store_conversation_matches(struct store *s, const struct conv_filter *f, const char *id);
/* Writes status, snoozed_until, assignee_id, department_id, unread, language,
 * patient_name from c; checks if_version (0 = don't). Records the change
 * with the department before and after. */
enum store_rc store_conversation_update(struct store *s, const struct actor *a, struct conversation *c,
					int64_t if_version);
/* Snoozed conversations whose time has come go back to open (any instance may run this). */
enum store_rc store_conversation_wake_snoozed(struct store *s, int64_t now, int *woken);

/* ---- messages ----------------------------------------------------------- */
/* Inserts the message, updates the conversation's last message, preview,
 * waiting_since and last_activity (and reopens a resolved/snoozed one on an
 * inbound message). STORE_EXISTS if client_msg_id is taken: the existing
 * message is returned in *m. */
enum store_rc store_message_create(struct store *s, const struct actor *a, struct message *m);
enum store_rc store_message_get(struct store *s, const char *id, struct message *m);
enum store_rc store_message_by_client_id(struct store *s, const char *client_msg_id, struct message *m);
enum store_rc store_message_by_carrier_sid(struct store *s, const char *sid, struct message *m);
/* Ids of a conversation's messages, oldest first, from position. */
enum store_rc store_message_query(struct store *s, const char *conversation_id, int64_t position,
				  int64_t limit, struct id_list *ids, int64_t *total);
/* Messages of a conversation created after the message after_id, oldest first
 * (after_id NULL or "" = all), excluding messages authored by exclude_author. */
enum store_rc store_message_newer(struct store *s, const char *conversation_id, const char *after_id,
				  const char *exclude_author, struct message **out, size_t *n);
enum store_rc store_message_set_delivery(struct store *s, const char *id, enum delivery_state st,
					 const char *error, const char *carrier_sid);

/* ---- notes -------------------------------------------------------------- */
enum store_rc store_note_create(struct store *s, const struct actor *a, struct note *n);
enum store_rc store_note_get(struct store *s, const char *id, struct note *n);
enum store_rc store_note_query(struct store *s, const char *conversation_id, struct id_list *ids);

/* ---- assignment history -------------------------------------------------- */
enum store_rc store_assignment_add(struct store *s, struct assignment *as);
enum store_rc store_assignment_query(struct store *s, const char *conversation_id,
				     struct assignment **out, size_t *n);
enum store_rc store_assignment_get(struct store *s, const char *id, struct assignment *as);

/* ---- templates ----------------------------------------------------------- */
enum store_rc store_template_create(struct store *s, const struct actor *a, struct template *t);
enum store_rc store_template_get(struct store *s, const char *id, struct template *t);
enum store_rc store_template_list(struct store *s, struct template **out, size_t *n);
enum store_rc store_template_update(struct store *s, const struct actor *a, struct template *t);
enum store_rc store_template_destroy(struct store *s, const struct actor *a, const char *id);

/* ---- consent (per patient phone and department number) ------------------- */
enum store_rc store_consent_get(struct store *s, const char *e164, const char *dept_id,
				enum consent_state *st, int64_t *changed_at);
/* Sets consent and updates the consent field of matching conversations
 * (recording their changes). */
enum store_rc store_consent_set(struct store *s, const char *e164, const char *dept_id,
				enum consent_state st, const char *source);

/* ---- break-glass access --------------------------------------------------- */
enum store_rc store_grant_create(struct store *s, const char *staff_id, const char *dept_id,
				 int64_t expires_at, const char *reason_hash, char id_out[ID_LEN]);
/* Departments with a live grant for staff_id, appended to *out. */
enum store_rc store_grant_active(struct store *s, const char *staff_id, int64_t now, struct id_list *out,
				 int64_t *next_expiry);

/* ---- presence and live events ------------------------------------------- */
enum event_kind { EVENT_PRESENCE = 0, EVENT_SESSION };
struct event {
	int64_t seq;
	enum event_kind kind;
	char department_id[ID_LEN]; /* presence: the conversation's department */
	char staff_id[ID_LEN];	    /* session: whose session */
	char device_id[ID_LEN];	    /* session: which device ("" = all of the staff's) */
	char *payload;		    /* JSON without PHI */
	int64_t created_at;
};
void event_clear(struct event *e);
enum store_rc store_event_add(struct store *s, struct event *e);
/* Events with seq > since, oldest first, at most max. */
enum store_rc store_events_since(struct store *s, int64_t since, size_t max, struct event **out, size_t *n);
int64_t store_event_seq(struct store *s);
/* Deletes events older than before_ms. */
enum store_rc store_events_prune(struct store *s, int64_t before_ms);

/* ---- idempotency (request-level Idempotency-Key) ------------------------- */
/* Looks up (staff, key). On a hit fills *request_hash and *response (caller
 * frees both; response decrypted). */
enum store_rc store_idem_get(struct store *s, const char *staff_id, const char *key,
			     char **request_hash, char **response);
enum store_rc store_idem_put(struct store *s, const char *staff_id, const char *key,
			     const char *request_hash, const char *response);

/* ---- audit log (append-only, hash-chained) ------------------------------- */
struct audit_entry {
	int64_t seq;
	int64_t at;
	char staff_id[ID_LEN];
	char device_id[ID_LEN];
	char *ip;
	char *action;	   /* e.g. "auth.login.success", "message.send" */
	char *object_type; /* e.g. "conversation", may be NULL */
	char object_id[ID_LEN];
	char *detail;	   /* JSON object without PHI, may be NULL */
	char prev_hash[65];
	char hash[65];
};
void audit_entry_clear(struct audit_entry *e);
/* Appends one entry inside the current transaction. detail_json may be NULL. */
enum store_rc store_audit(struct store *s, const struct actor *a, const char *action,
			  const char *object_type, const char *object_id, const char *detail_json);
/* Walks the chain; on the first bad entry fills *bad_seq and returns STORE_ERROR. */
enum store_rc store_audit_verify(struct store *s, int64_t *checked, int64_t *bad_seq);
/* Calls fn for each entry with seq > since, in order; stops if fn returns false. */
enum store_rc store_audit_each(struct store *s, int64_t since,
			       bool (*fn)(const struct audit_entry *e, void *ctx), void *ctx);

/* ---- carrier outbox (store_outbox.c) ------------------------------------ */
/* QUEUED: not yet submitted, or the last attempt was certainly refused.
 * SUBMITTING: an attempt may have reached the carrier (it was committed
 * before the request left, and no answer was recorded), so the carrier must
 * be asked before submitting again. SUBMITTED: the carrier's SID is known.
 * FAILED: the carrier refused it for good (or it expired). */
enum outbox_state { OUTBOX_QUEUED = 0, OUTBOX_SUBMITTING, OUTBOX_SUBMITTED, OUTBOX_FAILED };
struct outbox_item {
	int64_t seq;
	char message_id[ID_LEN];
	char department_id[ID_LEN];
	enum msg_direction direction;
	char *sender; /* the department's number when the message was written */
	char *to;     /* the patient's number (sealed at rest) */
	char *body;   /* the text (sealed at rest) */
	enum outbox_state state;
	int attempts;
	int64_t next_at;	  /* not before this (backoff) */
	int64_t lease_until;	  /* a worker holds it until then */
	int64_t first_attempt_at; /* 0 until the first submission left */
	char *carrier_sid;
	char *carrier_status;	  /* the carrier's latest status, e.g. "delivered" */
	char *error_code;	  /* the carrier's error code, or a reason such as "expired" */
	int64_t created_at;
};
void outbox_item_clear(struct outbox_item *x);
const char *outbox_state_name(enum outbox_state st);
/* Queues a message for the carrier; inside the transaction that created it. */
enum store_rc store_outbox_add(struct store *s, const char *message_id, const char *dept_id,
			       enum msg_direction dir, const char *sender, const char *to,
			       const char *body);
enum store_rc store_outbox_get(struct store *s, const char *message_id, struct outbox_item *x);
enum store_rc store_outbox_by_sid(struct store *s, const char *sid, struct outbox_item *x);
/* Takes the next due item (QUEUED or SUBMITTING, next_at and lease passed)
 * and leases it for lease_ms, atomically across instances. NOT_FOUND when
 * nothing is due; *next_due is then the earliest time something will be
 * (0: nothing pending). */
enum store_rc store_outbox_claim(struct store *s, int64_t now, int64_t lease_ms,
				 struct outbox_item *x, int64_t *next_due);
enum store_rc store_outbox_renew(struct store *s, const char *message_id, int64_t lease_until);
/* Records that a submission is about to leave: SUBMITTING, attempts + 1. */
enum store_rc store_outbox_attempt(struct store *s, const char *message_id, int64_t now,
				   int64_t lease_until);
/* Back to st (QUEUED or SUBMITTING) until next_at, lease released; the
 * attempt count becomes at least attempts (it sets the next backoff). */
enum store_rc store_outbox_retry(struct store *s, const char *message_id, enum outbox_state st,
				 int attempts, int64_t next_at, const char *error_code);
/* SUBMITTED with the carrier's SID; NOT_FOUND if it already has another SID. */
enum store_rc store_outbox_submitted(struct store *s, const char *message_id, const char *sid);
/* FAILED with error_code; NOT_FOUND once submitted (a submission is never
 * overwritten as failed). */
enum store_rc store_outbox_failed(struct store *s, const char *message_id, const char *error_code);
/* The carrier's latest status (and error code, when given). */
enum store_rc store_outbox_set_status(struct store *s, const char *message_id, const char *status,
				      const char *error_code);
/* Whether a carrier SID is already ours (an outbox item's or a message's). */
bool store_carrier_sid_known(struct store *s, const char *sid);
/* Commits on this connection wait for the disk (synchronous=FULL), not
 * only for the WAL: the outbox worker's "may have been sent" mark must
 * survive a power cut, not just a crash. */
enum store_rc store_set_durable(struct store *s);

/* ---- attachments (store_attach.c; PROTOCOL.md section 12) --------------- */
/* An inbound picture is FETCHING until the carrier's copy is read, then
 * STORED or REJECTED (reason "tooLarge", "badType" or "fetchFailed"). An
 * upload is STORED at once and has no message until a send names it. The
 * bytes, the file name and the carrier's URL are sealed at rest. Every
 * change of an attachment that belongs to a message is a change of that
 * message (a change-log row and a new message version). */
enum attach_state { ATTACH_FETCHING = 0, ATTACH_STORED, ATTACH_REJECTED };
struct attachment {
	char id[ID_LEN];
	char message_id[ID_LEN];      /* "" for an upload no message uses yet */
	char conversation_id[ID_LEN];
	char uploader_id[ID_LEN];     /* staff who uploaded it, "" for inbound */
	int ordinal;		      /* position in its message */
	enum attach_state state;
	char *reason;		      /* NULL unless rejected */
	char *declared_type;	      /* what the sender said, may be NULL */
	char *content_type;	      /* what the bytes are (sniffed), NULL until stored */
	int64_t size;		      /* 0 until stored */
	char *name;		      /* the uploader's file name, or NULL */
	char *source_url;	      /* the carrier's URL (inbound), or NULL; filled on request */
	int attempts;		      /* fetch attempts so far */
	int64_t next_at;	      /* fetch (or carrier delete) not before this */
	bool carrier_delete;	      /* the carrier's copy still has to be deleted */
	int64_t created_at;
};
void attachment_clear(struct attachment *a);
const char *attach_state_name(enum attach_state st);

/* Inserts a (fetching, stored or rejected) attachment; id is made here.
 * data may be NULL (nothing stored yet). Inside a transaction; does not
 * touch the message's version (use it in the transaction that creates the
 * message, or call store_attachment_touch_message). */
enum store_rc store_attachment_add(struct store *s, struct attachment *a, const void *data,
				   size_t len);
/* One attachment without its bytes (name decrypted; source_url too when
 * with_source). */
enum store_rc store_attachment_get(struct store *s, const char *id, struct attachment *a,
				   bool with_source);
/* The bytes of a stored attachment: *data malloc'd (caller wipes and frees). */
enum store_rc store_attachment_data(struct store *s, const char *id, unsigned char **data,
				    size_t *len);
/* A message's attachments in order, without bytes. *out malloc'd; clear each. */
enum store_rc store_attachment_list(struct store *s, const char *message_id,
				    struct attachment **out, size_t *n);
/* Gives unused uploads to a message, in the order given (ordinal 0..n-1).
 * NOT_FOUND when one of them is no longer unused. Inside the transaction
 * that creates the message. */
enum store_rc store_attachment_use(struct store *s, const char *message_id, const char *const *ids,
				   size_t n);
/* Settles a fetching attachment: STORED with its bytes and sniffed type
 * (carrier_delete says whether the carrier's copy must be deleted), or
 * REJECTED with a reason. Bumps the message's version. NOT_FOUND when it
 * is no longer fetching. */
enum store_rc store_attachment_stored(struct store *s, const char *id, const char *type,
				      const void *data, size_t len, bool carrier_delete);
enum store_rc store_attachment_rejected(struct store *s, const char *id, const char *reason);
/* Takes the next attachment a worker must fetch (FETCHING) or whose carrier
 * copy must be deleted, due at now, and leases it for lease_ms (across
 * instances). NOT_FOUND when none is due; *next_due is then the earliest
 * time one will be (0: none pending). */
enum store_rc store_attachment_claim(struct store *s, int64_t now, int64_t lease_ms,
				     struct attachment *a, int64_t *next_due);
/* A failed attempt: attempts + 1, not before next_at, lease released. */
enum store_rc store_attachment_retry(struct store *s, const char *id, int64_t next_at);
/* The carrier's copy is gone (or need not be deleted any more). */
enum store_rc store_attachment_deleted_at_carrier(struct store *s, const char *id);
/* Number of a message's attachments. */
int64_t store_attachment_count(struct store *s, const char *message_id);
/* Records the hash of a token that lets the carrier fetch a stored
 * attachment until expires_at (replacing any earlier token). */
enum store_rc store_attachment_set_carrier_token(struct store *s, const char *id,
						 const char *token_hash, int64_t expires_at);
/* The carrier token hash ("" when none) and its expiry. */
enum store_rc store_attachment_carrier_token(struct store *s, const char *id, char hash[65],
					     int64_t *expires_at);
/* Deletes uploads no message used that were made before before_ms;
 * *deleted says how many. */
enum store_rc store_attachment_prune_unused(struct store *s, int64_t before_ms, int *deleted);

/* ---- sim gateway: what the simulated carrier "sent" ---------------------- */
enum store_rc store_sim_record(struct store *s, const char *message_id, const char *from,
			       const char *to, const char *body);
struct sim_sent {
	int64_t seq;
	char message_id[ID_LEN];
	char *from;
	char *to;
	char *body;
	int64_t at;
	int n_media;	   /* attachments sent with it */
	char *media_types; /* their types, comma-separated in order ("" for none) */
};
enum store_rc store_sim_list(struct store *s, struct sim_sent **out, size_t *n);
void sim_sent_clear(struct sim_sent *x);

/* ---- bulk seeding (curtainctl seed) ------------------------------------- */
/* Fast path for N synthetic conversations: one transaction, prepared
 * statements, change-log rows included. progress(done, total) may be NULL. */
struct seed_conversation {
	const char *department_id;
	const char *patient_name;
	const char *patient_phone;
	const char *language;
	enum conv_status status;
	const char *assignee_id;
	int64_t created_at;
	size_t n_messages;
	const char *const *bodies;		/* n_messages bodies */
	const enum msg_direction *directions; /* n_messages directions */
	const char *const *authors;		/* staff ids for outbound, may be NULL */
	const int64_t *times;			/* n_messages timestamps */
};
enum store_rc store_seed_conversation(struct store *s, const struct seed_conversation *sc,
				      char id_out[ID_LEN]);

#endif
