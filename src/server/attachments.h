/* attachments: the HTTP side of MMS (PROTOCOL.md section 12) — downloads
 * for staff (GET /v1/attachments/{id}, visibility-checked and audited),
 * uploads (POST /v1/attachments), the unauthenticated but token-checked
 * URL the carrier fetches outbound media from, the Attachment objects in
 * Message JSON, and recording an inbound MMS's media with its message. */
#ifndef CURTAIN_ATTACHMENTS_H
#define CURTAIN_ATTACHMENTS_H

#include <jansson.h>
#include <stdbool.h>

#include "server/gateway.h"
#include "server/server.h"

/* The message's Attachment objects, in order ([] for a plain SMS); NULL
 * (logged) when they cannot be read. */
json_t *attachments_json(struct store *st, const char *message_id);

/* message_to_json plus its "attachments" (read only when with_attachments;
 * otherwise the key is left out). NULL when the attachments cannot be
 * read: the caller fails rather than answer a message without them at a
 * version the client would then keep. */
json_t *message_json(struct store *st, const struct message *m, bool with_attachments);

/* Records the media of an inbound message inside the transaction that
 * creates it (at most MEDIA_MAX_PER_MESSAGE; the rest are ignored). With
 * the Twilio gateway each becomes FETCHING for the media worker (*fetch is
 * then true); on the sim carrier each must be a data: URL and is checked
 * and stored (or rejected) at once. */
enum store_rc attachments_inbound(struct server *srv, struct store *st, const char *message_id,
				  const char *conv_id, const struct gateway_inbound *in, bool *fetch);

/* The path of the carrier's fetch URL for an attachment, after the public
 * URL: "/v1/hooks/twilio/media/{id}/". */
#define CARRIER_MEDIA_PATH "/v1/hooks/twilio/media/"
#define CARRIER_TOKEN_MS (4LL * 3600 * 1000) /* a carrier token's life */

#endif
