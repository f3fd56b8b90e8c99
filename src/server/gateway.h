/* gateway: what every carrier hook and gateway shares — one inbound text,
 * parsed by the carrier's hook into struct gateway_inbound and recorded by
 * gateway_inbound() (routing by To, dedupe by carrier SID, STOP/START/HELP);
 * staging outbound messages for the configured gateway inside the
 * transaction that writes them; and consent changes with their audit. */
#ifndef CURTAIN_GATEWAY_H
#define CURTAIN_GATEWAY_H

#include <stddef.h>

#include "server/server.h"

#define GATEWAY_MEDIA_MAX 10 /* Twilio sends at most 10 media items */

/* One attachment of an inbound MMS as the carrier announced it (parsed
 * now, fetched once MMS support lands). */
struct gateway_media {
	const char *url;
	const char *content_type;
};

/* One inbound text; the strings are borrowed from the hook's request. */
struct gateway_inbound {
	const char *carrier_sid;
	const char *from;
	const char *to;
	const char *body;
	size_t n_media;
	struct gateway_media media[GATEWAY_MEDIA_MAX];
};

enum gateway_in_rc {
	GATEWAY_IN_OK = 0,
	GATEWAY_IN_DUPLICATE,	  /* a carrier retry of a text already recorded */
	GATEWAY_IN_MISSING,	  /* MessageSid, From, To or Body missing */
	GATEWAY_IN_BAD_NUMBER,	  /* From or To is not E.164 */
	GATEWAY_IN_TOO_LONG,	  /* longer than any real text */
	GATEWAY_IN_NO_DEPARTMENT, /* To is no department's number */
	GATEWAY_IN_BUSY,	  /* the database is busy: the carrier should retry */
	GATEWAY_IN_FAIL,
};

/* Records an inbound text: the conversation for (department of To, From),
 * the message, its audit entry, and the keyword handling (consent, audit,
 * one confirmation reply through the gateway). Wakes the push thread. */
enum gateway_in_rc gateway_inbound(struct server *srv, struct store *st, const char *ip,
				   const struct gateway_inbound *in);
/* Answers a hook with the problem document for rc (not OK or DUPLICATE). */
void gateway_inbound_reply_error(struct request *req, enum gateway_in_rc rc);
/* The empty TwiML answer carriers expect from an inbound hook. */
void gateway_reply_twiml(struct request *req);

/* Hands a new outbound or system message to the configured gateway inside
 * the transaction that created it (the Twilio outbox; nothing for sim), so
 * a committed message is never lost. gateway_send() follows the commit. */
enum store_rc gateway_stage(struct server *srv, struct store *st, const struct conversation *conv,
			    const struct message *m);

/* Sets the consent of (e164, department) and audits "consent.change"
 * against the conversation (state and source only); inside a transaction.
 * False (logged) when either could not be written: roll back. */
bool gateway_consent_change(struct store *st, const char *ip, const char *conv_id, const char *e164,
			    const char *dept_id, enum consent_state cs, const char *source);

#endif
