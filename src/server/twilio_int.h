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

	char *api_origin;	 /* scheme://host[:port] of api_base: where media may come from */
	bool api_http;		 /* api_base is plain http (loopback, for tests) */

	pthread_t thread;
	bool started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop; /* under mu */
	bool wake; /* under mu */

	/* The media worker (twilio_media.c): fetches inbound MMS media. */
	pthread_t media_thread;
	bool media_started;
	pthread_cond_t media_cv;
	bool media_wake; /* under mu */
};

/* Shared by both workers (twilio_worker.c): whether twilio_stop was
 * called; sleep up to ms or until *wake is set through twilio_signal (or
 * stop); and the retry delay after the given number of attempts (1 s
 * doubling to 5 minutes, with equal jitter). */
bool twilio_stopping(struct twilio *t);
void twilio_wait(struct twilio *t, pthread_cond_t *cv, bool *wake, int64_t ms);
void twilio_signal(struct twilio *t, pthread_cond_t *cv, bool *wake);
int64_t twilio_backoff_ms(int attempts);

/* Starts and stops the media worker (twilio_start and twilio_stop call
 * these; stop expects t->stop already set). */
bool twilio_media_start(struct twilio *t);
void twilio_media_stop(struct twilio *t);

/* The MediaUrl form fields ("&MediaUrl=…" for each attachment, in order)
 * of an outbound message, each with a fresh carrier token (its hash
 * stored, valid CARRIER_TOKEN_MS). Empty for a plain text. false when
 * the tokens could not be recorded (then nothing may be submitted). */
bool twilio_media_urls(struct twilio *t, struct store *st, const char *message_id, struct buf *form);

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
