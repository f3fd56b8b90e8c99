/* scan: `curtain scan [FILE]`, the "too detailed for SMS" detector over
 * lines of text with one JSON result per line, for checking template
 * libraries and message exports. No terminal, no server, no curses. */
#ifndef CURTAIN_SCAN_H
#define CURTAIN_SCAN_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#include "phi/phi.h"

/* {"nag": bool, "findings": [{"category", "start", "end", "text", "reason"}]}
 * for r, the scan of text[0..len). start and end are byte offsets into the
 * text as given; "text" is those bytes with ill-formed UTF-8 replaced by
 * U+FFFD, so the result is always valid JSON. "truncated": true is added
 * when the detector kept only its first PHI_MAX_FINDINGS findings. Caller
 * owns the result. */
json_t *scan_result_json(const char *text, size_t len, const phi_result *r);

/* Scans every line of in (LF or CRLF endings, any length) and writes one
 * compact JSON object per line to out. Returns 0, -1 on a read error or -2
 * on a write error (errno says why). */
int scan_stream(FILE *in, FILE *out);

/* curtain scan [FILE]: argv[0] is "scan". Returns the exit status: 0, or 2
 * for a bad argument or an unreadable FILE (said on stderr). */
int scan_main(int argc, char **argv);

#endif
