/* cstore: the client's in-memory model of what the server let this user see
 * — departments with counts, staff, templates, conversations by id, the
 * current queue as a contiguous prefix of the server's sorted list, loaded
 * threads (messages and notes), presence and per-conversation drafts.
 * Lookups are hashed and the queue is an array, so drawing a screen costs
 * O(rows on screen). No curses, no curl. PHI (names, phones, bodies, drafts)
 * is zeroed when wiped (lock) or freed. */
#ifndef CURTAIN_CSTORE_H
#define CURTAIN_CSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h> /* ssize_t */

#include "proto/objects.h"

struct cstore;

struct cdept {
	struct department d;
	struct dept_counts counts;
	bool has_counts; /* visible to this user */
	bool member;
};

struct cpresence {
	char conversation_id[ID_LEN];
	char staff_id[ID_LEN];
	char display_name[64];
	char state[16]; /* "viewing", "composing" */
	int64_t expires_at;
};

/* One entry of a thread: a message or an internal note, in time order. */
struct citem {
	bool is_note;
	const struct message *m; /* when !is_note */
	const struct note *n;	 /* when is_note */
};

struct cstore *cstore_new(void);
void cstore_free(struct cstore **s);
/* Lock: zeroes and drops every PHI-bearing object (conversations, threads,
 * drafts, presence) but keeps departments, staff, templates and the queue
 * selection so unlocking can return to the same place. */
void cstore_wipe_phi(struct cstore *s);

/* ---- departments, staff, templates (small; replaced wholesale) ----------- */
void cstore_departments_set(struct cstore *s, struct cdept *depts, size_t n); /* takes ownership */
size_t cstore_department_count(const struct cstore *s);
const struct cdept *cstore_department_at(const struct cstore *s, size_t i);
const struct cdept *cstore_department(const struct cstore *s, const char *id);

void cstore_staff_set(struct cstore *s, struct staff *staff, size_t n); /* takes ownership */
size_t cstore_staff_count(const struct cstore *s);
const struct staff *cstore_staff_at(const struct cstore *s, size_t i);
const struct staff *cstore_staff(const struct cstore *s, const char *id);
void cstore_staff_set_load(struct cstore *s, const char *id, int64_t open_load);
int64_t cstore_staff_load(const struct cstore *s, const char *id); /* -1 unknown */

void cstore_templates_set(struct cstore *s, struct template *t, size_t n); /* takes ownership */
size_t cstore_template_count(const struct cstore *s);
const struct template *cstore_template_at(const struct cstore *s, size_t i);
const struct template *cstore_template(const struct cstore *s, const char *id);

/* ---- conversations --------------------------------------------------------- */
/* Inserts or replaces (the store takes ownership of c's strings; *c is zeroed). */
void cstore_conversation_put(struct cstore *s, struct conversation *c);
const struct conversation *cstore_conversation(const struct cstore *s, const char *id);
/* Forgets a conversation and its thread and draft (moved out of sight). */
void cstore_conversation_drop(struct cstore *s, const char *id);
size_t cstore_conversation_count(const struct cstore *s);
/* Walks every stored conversation in no particular order: start with
 * *iter = 0; NULL at the end. Do not change the store while walking. */
const struct conversation *cstore_conversation_next(const struct cstore *s, size_t *iter);

/* ---- the current queue -------------------------------------------------------
 * The ids the server returned for the current query, as a contiguous prefix
 * [0, loaded) of a list whose full length is total. */
void cstore_queue_reset(struct cstore *s, const char *query_state, int64_t total);
const char *cstore_queue_state(const struct cstore *s);
int64_t cstore_queue_total(const struct cstore *s);
size_t cstore_queue_loaded(const struct cstore *s);
const char *cstore_queue_id(const struct cstore *s, size_t i);
/* Appends ids returned for position == loaded (other positions are ignored). */
void cstore_queue_append(struct cstore *s, int64_t position, const char *const *ids, size_t n);
/* Applies queryChanges: removes every removed id found in the prefix, then
 * inserts each added {id, index} whose index <= the prefix length. */
void cstore_queue_apply(struct cstore *s, const char *new_state, int64_t total,
			const char *const *removed, size_t n_removed, const char *const *added_ids,
			const int64_t *added_index, size_t n_added);
/* Index of id in the prefix, or -1. */
ssize_t cstore_queue_find(const struct cstore *s, const char *id);
/* A counter that moves whenever the prefix or the total changes, so a caller
 * can tell whether the list on screen needs redrawing. */
uint64_t cstore_queue_gen(const struct cstore *s);

/* ---- threads ---------------------------------------------------------------- */
/* Insert or replace; the store takes ownership of the strings and zeroes *m
 * / *n (so a struct filled by message_from_json on the stack can be passed).
 * Objects without an id or conversationId are cleared and ignored. */
void cstore_message_put(struct cstore *s, struct message *m);
void cstore_note_put(struct cstore *s, struct note *n);
const struct message *cstore_message(const struct cstore *s, const char *id);
const struct note *cstore_note(const struct cstore *s, const char *id);
/* Messages and notes of a conversation, oldest first; valid until the next
 * change to that thread. */
size_t cstore_thread(struct cstore *s, const char *conversation_id, const struct citem **items);
/* The reply guard's lastSeenMessageId: the newest message of the
 * conversation (any direction; the server's guard already ignores the
 * sender's own texts, so the newest is the most exact "seen"), or NULL. */
const char *cstore_thread_last_id(struct cstore *s, const char *conversation_id);
bool cstore_thread_loaded(const struct cstore *s, const char *conversation_id);
/* The attachments of a conversation's messages, newest message first (a
 * message's own in their order): up to max of them into atts (and, when
 * msgs is not NULL, the message of each into msgs). Only stored ones when
 * stored_only. Returns how many there are in all, which may exceed max.
 * Valid until the next change to that thread. */
size_t cstore_attachments(struct cstore *s, const char *conversation_id, bool stored_only,
			  const struct msg_attachment **atts, const struct message **msgs,
			  size_t max);
/* The attachment with this id in the conversation's thread (and its
 * message into *msg when msg is not NULL), or NULL. */
const struct msg_attachment *cstore_attachment(struct cstore *s, const char *conversation_id,
					       const char *attachment_id,
					       const struct message **msg);
void cstore_thread_mark_loaded(struct cstore *s, const char *conversation_id);
/* Forgets (wiping) the messages and notes of every thread except keep's
 * (NULL: all), e.g. when the change feed broke and they may be stale. */
void cstore_threads_forget(struct cstore *s, const char *keep);

/* ---- presence ---------------------------------------------------------------- */
/* Records another user's presence (times are wall-clock ms); state "idle"
 * or an expiry in the past removes theirs. */
void cstore_presence_put(struct cstore *s, const struct cpresence *p);
/* Live presence of others on a conversation at time now (first match), or NULL. */
const struct cpresence *cstore_presence(const struct cstore *s, const char *conversation_id,
					const char *not_staff_id, int64_t now);

/* ---- drafts (per conversation, while the program runs; PHI) ----------------- */
/* text NULL or "" removes the draft; the old text is zeroed. */
void cstore_draft_set(struct cstore *s, const char *conversation_id, const char *text);
const char *cstore_draft(const struct cstore *s, const char *conversation_id); /* NULL if none */

/* ---- state tokens per type ----------------------------------------------------- */
void cstore_state_set(struct cstore *s, enum obj_type t, const char *state);
const char *cstore_state(const struct cstore *s, enum obj_type t); /* NULL if unknown */

#endif
