/* util: small helpers shared by every program: allocation that fails fast,
 * wall-clock time and ISO 8601, random ids and tokens, E.164 checks. */
#ifndef CURTAIN_UTIL_H
#define CURTAIN_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Restores whatever the program registered (e.g. the terminal) and aborts. */
void die_oom(void) __attribute__((noreturn));
/* Hook run by die_oom() before exiting; the client uses it for endwin(). */
void util_set_fatal_hook(void (*hook)(void));

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Frees a string that may hold PHI or a secret, wiping it first so the
 * bytes do not linger in freed heap memory (or a later core); sets *p to
 * NULL. */
void free_wiped(char **p);

/* Milliseconds since the Unix epoch (wall clock). */
int64_t now_ms(void);
/* Monotonic milliseconds, for timers and latency. */
int64_t mono_ms(void);

/* Formats UTC milliseconds as "2026-11-23T07:13:33Z" (33 bytes is enough). */
void time_format_iso(int64_t ms, char out[40]);
/* Parses "YYYY-MM-DDTHH:MM:SS(.fff)Z" or with "+HH:MM" offset; false on error. */
bool time_parse_iso(const char *s, int64_t *ms);

/* Random UUID v4 as 36 chars + NUL. */
void uuid_v4(char out[37]);
/* Random object id: a prefix letter plus 16 base32 characters. */
void id_new(char prefix, char out[24]);
/* 32 random bytes as 43 base64url characters (no padding) + NUL. */
void token_new(char out[48]);

/* Lower-case hex of len bytes into out (2*len+1 bytes). */
void hex_encode(const unsigned char *in, size_t len, char *out);

/* True when s is "+" followed by 8 to 15 digits, first digit not 0. */
bool e164_valid(const char *s);

/* Case-insensitive ASCII comparison of whole strings. */
bool str_ieq(const char *a, const char *b);

#endif
