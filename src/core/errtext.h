/* errtext: what the server's error types (PROTOCOL.md section 2) mean to
 * the person at the desk, in their language. curtaind's descriptions are
 * English, for operators and logs; the client shows them only where it has
 * nothing better to say. No curses, no curl. */
#ifndef CURTAIN_ERRTEXT_H
#define CURTAIN_ERRTEXT_H

/* Text for an error of type (method, set or problem-document type, with or
 * without "urn:curtain:error:") and the server's description (either may be
 * NULL). In order: the description's own translation, when the catalogue
 * has one (curtaind marks the descriptions staff can meet with N_()); in a
 * translated language, the type's sentence; the description as it is; the
 * type's sentence; the type. Never NULL; static or description storage. */
const char *errtext(const char *type, const char *description);

#endif
