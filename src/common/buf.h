/* buf: a growable byte buffer, always NUL-terminated. Used for request
 * bodies, SSE frames and string building. Out of memory aborts. */
#ifndef CURTAIN_BUF_H
#define CURTAIN_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

void buf_init(struct buf *b);
void buf_reserve(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_clear(struct buf *b);
/* Zeroes the contents before freeing (buffers may hold PHI or secrets). */
void buf_free(struct buf *b);
/* Hands the data to the caller (caller frees); the buffer is reset. */
char *buf_steal(struct buf *b);

/* Appends s percent-encoded (RFC 3986: unreserved characters as they
 * are, every other byte %XX), for URLs and form bodies. */
void buf_url_escape(struct buf *b, const char *s);

#endif
