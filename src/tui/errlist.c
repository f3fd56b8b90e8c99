/* errlist: a growable list of formatted error messages. */
#include "tui/errlist.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/util.h"

void errlist_init(struct errlist *e)
{
	e->msg = NULL;
	e->n = 0;
	e->cap = 0;
}

void errlist_addf(struct errlist *e, const char *fmt, ...)
{
	if (!e)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	int r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0)
		die_oom();
	if (e->n == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 8;
		e->msg = xrealloc(e->msg, e->cap * sizeof *e->msg);
	}
	e->msg[e->n++] = s;
}

void errlist_free(struct errlist *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->n; i++)
		free(e->msg[i]);
	free(e->msg);
	errlist_init(e);
}
