/* errlist: the messages a configuration file produced ("FILE:LINE: ..."),
 * collected so the client can show them all after start-up instead of
 * stopping at the first. Shared by config, keymap and theme loading. */
#ifndef CURTAIN_ERRLIST_H
#define CURTAIN_ERRLIST_H

#include <stddef.h>

struct errlist {
	char **msg; /* n translated messages, oldest first */
	size_t n;
	size_t cap;
};

void errlist_init(struct errlist *e);
/* Appends a formatted message. e may be NULL (the message is dropped). */
void errlist_addf(struct errlist *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees every message and empties the list (it stays usable). */
void errlist_free(struct errlist *e);

#endif
