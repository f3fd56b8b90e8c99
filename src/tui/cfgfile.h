/* cfgfile: what the line-oriented configuration files (config, keymaps,
 * themes) share: reading a small file, trimming, and running a parser over
 * each line so that every bad line becomes one "FILE:LINE: ..." error. */
#ifndef CURTAIN_CFGFILE_H
#define CURTAIN_CFGFILE_H

#include "tui/errlist.h"

/* Parses one line (a writable copy without its newline); returns NULL, or
 * an error message without the "FILE:LINE: " prefix (caller frees). */
typedef char *(*cfgfile_line_fn)(char *line, void *arg);

/* Runs fn over each line of text; name prefixes the messages. Returns the
 * number of errors added to errs (which may be NULL). */
int cfgfile_parse(const char *name, const char *text, cfgfile_line_fn fn, void *arg,
		  struct errlist *errs);

/* The whole file as a string (caller frees); NULL with errno set. */
char *cfgfile_read(const char *path);

/* Strips leading and trailing blanks in place; returns the new start. */
char *cfgfile_trim(char *s);

/* asprintf() that aborts on out-of-memory; for building error messages. */
char *cfgfile_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
