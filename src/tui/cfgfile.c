/* cfgfile: reading, trimming and per-line parsing of configuration files. */
#include "tui/cfgfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/util.h"

int cfgfile_parse(const char *name, const char *text, cfgfile_line_fn fn, void *arg,
		  struct errlist *errs)
{
	int bad = 0;
	unsigned lineno = 0;
	const char *p = text ? text : "";
	while (*p) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		if (n && line[n - 1] == '\r')
			line[n - 1] = '\0';
		lineno++;
		char *msg = fn(line, arg);
		if (msg) {
			errlist_addf(errs, "%s:%u: %s", name, lineno, msg);
			free(msg);
			bad++;
		}
		free(line);
		p += n;
		if (*p == '\n')
			p++;
	}
	return bad;
}

char *cfgfile_read(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "");
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	int err = ferror(f) ? (errno ? errno : EIO) : 0;
	fclose(f);
	if (err) {
		buf_free(&b);
		errno = err;
		return NULL;
	}
	return buf_steal(&b);
}

char *cfgfile_trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

char *cfgfile_msg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	int r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0)
		die_oom();
	return s;
}
