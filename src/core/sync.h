/* sync: keeps the cstore in step with the server using the Curtain protocol
 * (src/proto/PROTOCOL.md). It decides what to ask — the first-screen batch,
 * /changes after a state event, queryChanges for the queue, the next page,
 * a thread — builds the JSON batch, and applies the answer, recovering from
 * cannotCalculateChanges with a fresh query. It never does I/O itself: the
 * app sends what sync_next() returns and feeds the reply to
 * sync_on_response(). At most one sync request is in flight; state events
 * that arrive meanwhile are coalesced. */
#ifndef CURTAIN_SYNC_H
#define CURTAIN_SYNC_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/cstore.h"

/* What changed in the store, for redraw decisions (bit mask). */
enum sync_dirty {
	DIRTY_DEPTS = 1 << 0,
	DIRTY_STAFF = 1 << 1,
	DIRTY_TEMPLATES = 1 << 2,
	DIRTY_QUEUE = 1 << 3,  /* queue membership/order/total */
	DIRTY_CONVS = 1 << 4,  /* some conversation's fields */
	DIRTY_THREAD = 1 << 5, /* messages/notes of some conversation */
	DIRTY_PRESENCE = 1 << 6,
	DIRTY_ALL = 0xff,
};

/* The queue the user looks at. */
struct queue_spec {
	char department_id[ID_LEN];
	unsigned status_mask; /* 1 << enum conv_status; 0 = open+pending */
	const char *assignee; /* NULL any, "me", "none" */
	bool waiting;
	char text[101];	      /* search, "" = none */
	enum { QSORT_WAITING, QSORT_ACTIVITY } sort;
};

struct sync;

struct sync *sync_new(struct cstore *st, const char *my_staff_id);
void sync_free(struct sync **s);

/* Changes what the queue shows; the next request is a fresh query. */
void sync_set_queue(struct sync *s, const struct queue_spec *q);
const struct queue_spec *sync_queue(const struct sync *s);
/* The thread the user has open ("" = none): it is loaded and kept current. */
void sync_set_thread(struct sync *s, const char *conversation_id);
/* The user scrolled near the end of the loaded prefix. */
void sync_want_more(struct sync *s);
/* A `state` event from the stream (its "changed" object). The tokens are
 * remembered; a type whose token differs from the store's is asked for. */
void sync_on_state_event(struct sync *s, json_t *changed);
/* A `presence` event (its data object): stored in the cstore unless it is
 * this user's own. Returns DIRTY_PRESENCE when something was stored. */
unsigned sync_on_presence_event(struct sync *s, json_t *data);
/* The stream (re)connected: anything may have changed, so every type is
 * asked for, and any transport backoff ends. */
void sync_on_reconnect(struct sync *s);
/* Forget everything (after unlock or user switch) and start over: the next
 * request is the first screen, and an answer to a request sent before is
 * ignored. The store is not wiped here (the lock path calls
 * cstore_wipe_phi); conversations still in it are re-read or dropped. */
void sync_restart(struct sync *s);

/* The next request to send, or NULL when nothing is due, one is in
 * flight, or a retry is waiting (see sync_retry_at). The caller POSTs it to
 * /v1/api (ownership passes to the caller). */
json_t *sync_next(struct sync *s);
/* The answer to the request sync_next returned: status 200 with body, or
 * a transport error (status 0) / problem document. Returns what changed. */
unsigned sync_on_response(struct sync *s, int status, json_t *body);
/* The same with the Retry-After header (NULL if none). Status 0, 5xx and
 * 429 keep the pending work and wait Retry-After seconds or a backoff of
 * 1 s doubling to 60 s; 401 keeps it and waits 1 s (the app unlocks and may
 * call sync_kick); another status is a bug in the request: kept, backed
 * off, and reported by sync_error. */
unsigned sync_on_reply(struct sync *s, int status, json_t *body, const char *retry_after);
/* Monotonic ms before which sync_next returns NULL because of a retry
 * backoff, or 0 when none is pending: the app's loop uses it as a timer. */
int64_t sync_retry_at(const struct sync *s);
/* Ends a backoff now (after re-authenticating, or when the user asks). */
void sync_kick(struct sync *s);
/* The last problem the server reported (its description, shown as is), or
 * NULL; cleared by the next answer without errors. */
const char *sync_error(const struct sync *s);
/* True until the first screen has arrived. */
bool sync_loading(const struct sync *s);
/* Replaces the monotonic clock (mono_ms) used for backoff; for tests. */
void sync_set_clock(struct sync *s, int64_t (*mono)(void));

#endif
