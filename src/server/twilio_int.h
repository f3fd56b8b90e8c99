/* twilio_int: what twilio.c (settings, webhooks) and twilio_worker.c (the
 * outbox worker) share: the gateway object and how a carrier status moves
 * a message forward. Nothing else includes it. */
#ifndef CURTAIN_TWILIO_INT_H
#define CURTAIN_TWILIO_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "server/twilio.h"

struct twilio {
	struct server *srv;
	char *account_sid;
	char *messaging_service; /* NULL: From is the department's number */
	char *public_url;	 /* no trailing slash */
	char *api_base;		 /* no trailing slash */
	char *token;		 /* sodium_malloc'd (locked, guarded); never logged */
	int timeout_s;
	int64_t lease_ms; /* how long a claimed outbox item is ours */

	pthread_t thread;
	bool started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop; /* under mu */
	bool wake; /* under mu */
};

/* Ordering of Twilio's message statuses: a status only applies when its
 * rank is higher than the last one applied. 0 = unknown (ignored). */
int twilio_status_rank(const char *status);

/* Applies a carrier status (and error code) to an outbox item and its
 * message, forward only; on error code 21610 (recipient opted out) the
 * number is opted out of the department. Inside a transaction; *changed
 * says whether the message changed (clients must hear of it). */
enum store_rc twilio_status_apply(struct store *st, const struct outbox_item *x, const char *status,
				  const char *error_code, const char *ip, bool *changed);

/* Records the carrier's SID for an item (SUBMITTED) and the message as
 * sent, then applies status (NULL: "queued") and error_code; inside a
 * transaction. NOT_FOUND if the item already has another SID. */
enum store_rc twilio_adopt_sid(struct store *st, const char *message_id, const char *sid,
			       const char *status, const char *error_code, const char *ip,
			       bool *changed);

/* Marks an item and its message failed with the carrier's code (21610 also
 * opts the number out); inside a transaction. */
enum store_rc twilio_fail(struct store *st, const struct outbox_item *x, const char *code,
			  const char *ip);

#endif
