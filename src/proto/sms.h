/* sms: how many SMS segments a text costs, shared by the client's live
 * counter and the server's length limit so both always agree. Knows the
 * GSM 03.38 alphabet (basic set + extension table) and UCS-2/UTF-16 rules. */
#ifndef CURTAIN_SMS_H
#define CURTAIN_SMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Segment capacities in septets (GSM-7) or UTF-16 code units (UCS-2). A
 * concatenated message loses room in each part to the user data header. */
#define SMS_GSM_SINGLE 160
#define SMS_GSM_MULTI 153
#define SMS_UCS2_SINGLE 70
#define SMS_UCS2_MULTI 67
/* Most carriers reject or split unreliably past 10 parts (Twilio caps the
 * body at 1,600 characters); curtaind refuses longer texts with tooLarge. */
#define SMS_MAX_SEGMENTS 10

struct sms_count {
	bool ucs2;	   /* some character is outside GSM 03.38 */
	size_t units;	   /* septets, or UTF-16 code units when ucs2 */
	size_t chars;	   /* code points (each invalid byte counts as one) */
	int segments;	   /* 0 for an empty text */
	size_t remaining;  /* units left in the last segment (a full first one when empty) */
};

/* Counts utf8[0..len). Characters are never split across segments: a GSM
 * extension character (escape + code) and a UTF-16 surrogate pair each move
 * to the next segment whole. Invalid UTF-8 bytes count as one U+FFFD each
 * and force UCS-2, as carriers substitute them. */
void sms_count(const char *utf8, size_t len, struct sms_count *out);

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF). An embedded NUL byte is valid UTF-8. */
bool sms_utf8_valid(const char *s, size_t len);

/* Decodes one code point from s[0..len), len > 0, and returns the bytes
 * used. On an ill-formed sequence returns 1, sets *cp to U+FFFD and *ok to
 * false, so a caller can resynchronise byte by byte. */
size_t sms_utf8_decode(const char *s, size_t len, uint32_t *cp, bool *ok);

/* Appends s[0..len) to out with each ill-formed byte replaced by U+FFFD,
 * the way carriers and sms_count() treat it, so JSON (which must be valid
 * UTF-8) can carry text that arrived broken. */
struct buf;
void sms_utf8_repair(const char *s, size_t len, struct buf *out);

/* Septets for code point cp in GSM 03.38: 1 (basic set), 2 (extension
 * table, sent as escape + code) or 0 when it has no GSM-7 encoding. */
int sms_gsm_septets(uint32_t cp);

#endif
