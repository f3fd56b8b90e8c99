/* outbox: texts the user has sent that the server has not yet confirmed.
 * Each gets a clientMsgId (UUID) before its first attempt and keeps it on
 * every retry, so a retry after a lost answer or a server restart can never
 * send twice. Transport errors, 5xx and 429 retry with backoff (honouring
 * Retry-After); a reply-guard answer waits for the user's decision; other
 * refusals (opted out, too large) fail with the server's reason. No I/O:
 * the app sends what outbox_next() returns. Bodies are PHI: wiped on free. */
#ifndef CURTAIN_OUTBOX_H
#define CURTAIN_OUTBOX_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/mms.h"
#include "proto/objects.h"

enum outbox_state {
	OB_QUEUED = 0, /* waiting for its (next) attempt */
	OB_INFLIGHT,   /* sent, no answer yet */
	OB_GUARD,      /* the server said conversationChanged: ask the user */
	OB_FAILED,     /* refused for good: error says why */
	OB_DONE,       /* created on the server */
};

/* A file going with a text: uploaded (POST /v1/attachments) before the
 * Message/set that names it, once; id is the server's once it is. */
struct outbox_media {
	struct mms_file file;
	char id[ID_LEN];
};

struct outbox_item {
	char client_msg_id[37];
	char conversation_id[ID_LEN];
	char *body;
	char last_seen[ID_LEN];
	char template_id[ID_LEN];
	char *phi_categories; /* comma-separated, NULL if no warning was overridden */
	bool ignore_guard;
	enum outbox_state state;
	int attempts;
	int64_t next_try_ms;	 /* monotonic */
	char *error;		 /* OB_FAILED: the server's description */
	char message_id[ID_LEN]; /* OB_DONE: the server's id */
	json_t *new_messages;	 /* OB_GUARD: Message objects that arrived */
	unsigned id;		 /* local handle */
	char idem[48];		 /* the Idempotency-Key: client_msg_id, + ".confirmed" once
				  * the user overrode the reply guard (the request differs) */
	struct outbox_media *media; /* attachments, in order; n_media of them */
	size_t n_media;
	size_t uploading; /* OB_INFLIGHT for an upload: which media */
	bool upload_inflight;
};

struct outbox;

struct outbox *outbox_new(void);
void outbox_free(struct outbox **o);

/* Queues a send; returns its handle. */
unsigned outbox_add(struct outbox *o, const char *conversation_id, const char *body,
		    const char *last_seen, const char *template_id, const char *phi_categories);
/* The same with attachments: the n files are taken over (each *files[i]
 * is zeroed). Each is uploaded once before the text is sent; the send and
 * its retries name the same attachment ids under the one clientMsgId. */
unsigned outbox_add_media(struct outbox *o, const char *conversation_id, const char *body,
			  const char *last_seen, const char *template_id,
			  const char *phi_categories, struct mms_file *files, size_t n);
struct outbox_item *outbox_get(struct outbox *o, unsigned id);
/* The user saw the new messages and still wants to send: the item is
 * queued again with ignoreReplyGuard and its ".confirmed" key. */
void outbox_confirm(struct outbox *o, unsigned id);
/* The user gave up on a guarded or failed item (others are left alone:
 * an attempt may already have reached the server). The body is wiped. */
void outbox_discard(struct outbox *o, unsigned id);
/* Moves a guarded or failed item's files out (to go back into the compose
 * box); *n of them, caller clears each and frees the array. NULL, 0 when
 * there are none. */
struct mms_file *outbox_take_files(struct outbox *o, unsigned id, size_t *n);

/* The next attachment due for upload at monotonic time now: marks its item
 * in flight and returns the file, with *id set to the item and
 * *conversation_id to its conversation. NULL if none is due. Uploads come
 * before the text that names them, and keep the per-conversation order. */
const struct mms_file *outbox_next_upload(struct outbox *o, int64_t now, unsigned *id,
					  const char **conversation_id);
/* The answer to an upload: 201 with {"id"} records the attachment's id
 * and queues the item for its next upload or its send; transport errors,
 * 5xx and 429 retry as sends do; 401 queues it again at once; 413 and 415
 * (the server's size and type checks) and other refusals fail the item. */
void outbox_on_upload(struct outbox *o, unsigned id, int status, json_t *body,
		      const char *retry_after, int64_t now);

/* The next item due at monotonic time now whose attachments are all
 * uploaded: marks it in flight and returns the Message/set batch to POST
 * (caller owns it; with attachmentIds when it has files), with *idem set
 * to the Idempotency-Key to send (item->idem; valid while the item lives).
 * NULL if nothing is due. Texts to one conversation leave in the order they were
 * added: an item waits while an earlier one to the same conversation is
 * queued, in flight or waiting for the user. */
json_t *outbox_next(struct outbox *o, int64_t now, unsigned *id, const char **idem);
/* The answer to item id: HTTP status (0 = transport error), body, and the
 * Retry-After header value (NULL if none). 0, 5xx, 429 and the server's
 * serverFail/rateLimited: queued again after Retry-After seconds or a
 * backoff of 1 s doubling to 60 s. 401: queued again at once, not counted
 * (the app unlocks first). Created: OB_DONE. conversationChanged: OB_GUARD.
 * Anything else: OB_FAILED with the server's description. */
void outbox_on_response(struct outbox *o, unsigned id, int status, json_t *body,
			const char *retry_after, int64_t now);
/* Monotonic time of the next due retry, or -1. */
int64_t outbox_next_due(const struct outbox *o);
/* Items not yet done (for the status bar and the thread view). */
size_t outbox_count(const struct outbox *o);
struct outbox_item *outbox_at(struct outbox *o, size_t i);
/* Drops finished items. */
void outbox_prune(struct outbox *o);

#endif
