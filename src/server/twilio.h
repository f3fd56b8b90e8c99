/* twilio: the Twilio gateway. Configuration and the auth token
 * (twilio.c), the signed webhooks /v1/hooks/twilio/inbound and /status
 * (twilio.c), and the outbox worker that submits, retries and reconciles
 * outbound messages through Twilio's Messages API (twilio_worker.c). */
#ifndef CURTAIN_TWILIO_H
#define CURTAIN_TWILIO_H

#include <stdbool.h>
#include <stddef.h>

#include "server/gateway.h"
#include "server/server.h"
#include "server/twilio_sig.h"

struct twilio_config {
	const char *account_sid;       /* AC + 32 hex digits */
	const char *token_file;	       /* else $CURTAIN_TWILIO_AUTH_TOKEN */
	const char *messaging_service; /* MG + 32 hex digits, or NULL: departments' numbers */
	const char *public_url;	       /* what Twilio calls, e.g. https://inbox.example.org */
	const char *api_base;	       /* NULL: https://api.twilio.com */
	int timeout_s;		       /* per request to Twilio; 0: 30 */
};

#define TWILIO_TOKEN_ENV "CURTAIN_TWILIO_AUTH_TOKEN"

struct twilio;

/* Checks the settings and reads the auth token (from the file, which must
 * not be readable by others, else from the environment, which is then
 * cleared). NULL with a translated reason in err. */
struct twilio *twilio_new(struct server *srv, const struct twilio_config *cfg, char *err,
			  size_t errlen);
/* Starts the outbox worker thread (curl_global_init happens here, so call
 * it before other threads start). */
bool twilio_start(struct twilio *t);
/* Something was queued: look at the outbox now. */
void twilio_wake(struct twilio *t);
/* An inbound MMS's media wait to be fetched: the media worker looks now. */
void twilio_media_wake(struct twilio *t);
/* Stops the worker (an unanswered submission is reconciled on the next start). */
void twilio_stop(struct twilio *t);
/* Wipes the token and frees. */
void twilio_free(struct twilio **t);

/* Reads Twilio's inbound field names (MessageSid, From, To, Body, NumMedia,
 * MediaUrlN, MediaContentTypeN) into *in, borrowing p's strings. The one
 * place these names are parsed: the sim hook uses it too. */
void twilio_inbound_fields(const struct twilio_params *p, struct gateway_inbound *in);

#endif
