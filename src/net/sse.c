/* sse: the WHATWG event-stream parser. Owns line splitting (CR, LF, CRLF,
 * even split across chunks), field handling and dispatch; drops events
 * larger than max_event instead of growing without bound. */
#include "net/sse.h"

#include <string.h>

#define SSE_MAX_EVENT_DEFAULT (1024 * 1024)
#define SSE_RETRY_MAX	      86400000L /* one day: larger values are clamped */

static const unsigned char sse_bom[3] = { 0xEF, 0xBB, 0xBF };

void sse_parser_init(struct sse_parser *p, sse_event_fn fn, void *ctx)
{
	memset(p, 0, sizeof *p);
	buf_init(&p->line);
	buf_init(&p->data);
	buf_init(&p->event);
	buf_init(&p->last_id);
	p->retry_ms = -1;
	p->fn = fn;
	p->ctx = ctx;
	p->max_event = SSE_MAX_EVENT_DEFAULT;
}

void sse_parser_reset(struct sse_parser *p)
{
	buf_clear(&p->line);
	buf_clear(&p->data);
	buf_clear(&p->event);
	p->pending_cr = false;
	p->bom_checked = false; /* a new stream may start with its own BOM */
	p->skip_line = false;
	p->drop_event = false;
}

void sse_parser_free(struct sse_parser *p)
{
	buf_free(&p->line);
	buf_free(&p->data);
	buf_free(&p->event);
	buf_free(&p->last_id);
}

static bool field_is(const char *name, size_t len, const char *want)
{
	return len == strlen(want) && memcmp(name, want, len) == 0;
}

static void sse_dispatch(struct sse_parser *p)
{
	if (p->drop_event || p->data.len == 0) {
		p->drop_event = false;
		buf_clear(&p->data);
		buf_clear(&p->event);
		return;
	}
	/* Every data line appended a LF; the event carries all but the last. */
	p->data.len--;
	p->data.data[p->data.len] = '\0';
	if (p->fn)
		p->fn(p->ctx, p->event.len ? p->event.data : "message", p->data.data,
		      p->last_id.len ? p->last_id.data : "");
	buf_clear(&p->data);
	buf_clear(&p->event);
}

static void sse_retry(struct sse_parser *p, const char *v, size_t len)
{
	long ms = 0;
	if (len == 0)
		return;
	for (size_t i = 0; i < len; i++)
		if (v[i] < '0' || v[i] > '9')
			return;
	for (size_t i = 0; i < len; i++) {
		ms = ms * 10 + (v[i] - '0');
		if (ms > SSE_RETRY_MAX) {
			ms = SSE_RETRY_MAX;
			break;
		}
	}
	p->retry_ms = ms;
}

static void sse_line(struct sse_parser *p, const char *line, size_t len)
{
	if (len == 0) {
		sse_dispatch(p);
		return;
	}
	if (p->drop_event || line[0] == ':')
		return;
	const char *colon = memchr(line, ':', len);
	size_t nlen = colon ? (size_t)(colon - line) : len;
	const char *v = colon ? colon + 1 : line + len;
	size_t vlen = (size_t)(line + len - v);
	if (vlen && *v == ' ') {
		v++;
		vlen--;
	}
	if (field_is(line, nlen, "data")) {
		if (p->data.len + vlen + 1 > p->max_event) {
			p->drop_event = true;
			buf_clear(&p->data);
			return;
		}
		buf_append(&p->data, v, vlen);
		buf_append(&p->data, "\n", 1);
	} else if (field_is(line, nlen, "event")) {
		buf_clear(&p->event);
		buf_append(&p->event, v, vlen);
	} else if (field_is(line, nlen, "id")) {
		if (memchr(v, '\0', vlen))
			return;
		buf_clear(&p->last_id);
		buf_append(&p->last_id, v, vlen);
	} else if (field_is(line, nlen, "retry")) {
		sse_retry(p, v, vlen);
	}
	/* Anything else is ignored, as the spec says. */
}

static void line_append(struct sse_parser *p, const char *s, size_t n)
{
	if (p->skip_line || n == 0)
		return;
	if (p->line.len + n > p->max_event) {
		p->skip_line = true;
		p->drop_event = true;
		buf_clear(&p->line);
		return;
	}
	buf_append(&p->line, s, n);
}

static void line_end(struct sse_parser *p)
{
	if (p->skip_line) {
		/* Not a blank line: the oversize line ends, its event stays dropped. */
		p->skip_line = false;
		buf_clear(&p->line);
		return;
	}
	sse_line(p, p->line.len ? p->line.data : "", p->line.len);
	buf_clear(&p->line);
}

void sse_parser_feed(struct sse_parser *p, const char *data, size_t len)
{
	const char *s = data, *end = data + len;

	/* A BOM at the start of the stream is skipped; it may arrive in pieces,
	 * so the bytes matched so far wait in line. */
	while (!p->bom_checked && s < end) {
		if ((unsigned char)*s != sse_bom[p->line.len]) {
			p->bom_checked = true;
			break;
		}
		buf_append(&p->line, s, 1);
		s++;
		if (p->line.len == sizeof sse_bom) {
			buf_clear(&p->line);
			p->bom_checked = true;
		}
	}

	while (s < end) {
		if (p->pending_cr) {
			p->pending_cr = false;
			if (*s == '\n') {
				s++;
				continue;
			}
		}
		const char *e = s;
		while (e < end && *e != '\r' && *e != '\n')
			e++;
		line_append(p, s, (size_t)(e - s));
		if (e == end)
			break;
		p->pending_cr = *e == '\r';
		s = e + 1;
		line_end(p);
	}
}
