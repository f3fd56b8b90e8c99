/* sse: an incremental parser for Server-Sent Events (the WHATWG event
 * stream format). Bytes arrive in chunks split anywhere; lines end in CR,
 * LF or CRLF (even with the CR and LF in different chunks); comments and
 * unknown fields are ignored; "retry" updates the reconnection delay. Pure
 * code, no I/O. */
#ifndef CURTAIN_SSE_H
#define CURTAIN_SSE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/buf.h"

/* Called once per dispatched event; event is "message" when none was named,
 * id is the last event id ("" when none; never NULL). */
typedef void (*sse_event_fn)(void *ctx, const char *event, const char *data, const char *id);

struct sse_parser {
	struct buf line;
	struct buf data;
	struct buf event;
	struct buf last_id;
	bool pending_cr; /* the last chunk ended in CR: skip a leading LF */
	bool bom_checked;
	bool skip_line;	 /* the current line outgrew max_event: drop the rest of it */
	bool drop_event; /* the current event outgrew max_event: drop it at the blank line */
	long retry_ms;	 /* -1 until the server sets it */
	sse_event_fn fn;
	void *ctx;
	size_t max_event; /* events larger than this are dropped (default 1 MiB) */
};

void sse_parser_init(struct sse_parser *p, sse_event_fn fn, void *ctx);
void sse_parser_feed(struct sse_parser *p, const char *data, size_t len);
/* Forgets a partial event (on reconnect); keeps last_id and retry. */
void sse_parser_reset(struct sse_parser *p);
void sse_parser_free(struct sse_parser *p);

#endif
