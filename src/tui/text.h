/* text: how UTF-8 text occupies a terminal: widths (own tables, not the
 * locale), clusters, fitting, wrapping, ASCII transliteration, and small
 * formatters (waiting times, clock times, US phone numbers). No curses. */
#ifndef CURTAIN_TEXT_H
#define CURTAIN_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Set by the app when the terminal cannot show UTF-8 (the locale's codeset
 * is not UTF-8). Widths, fitting and wrapping then measure and produce the
 * ASCII transliteration instead, so the output is never garbage. */
extern bool text_ascii;

/* Columns code point cp takes, as glibc's wcwidth() answers in a UTF-8
 * locale (Unicode 15 tables) but without depending on the locale: 0 for
 * combining marks and zero-width format characters, 2 for East Asian Wide
 * and Fullwidth characters and emoji presentation, -1 for controls, 1 for
 * the rest. */
int text_width_cp(uint32_t cp);

/* Decodes one code point from s[0..len), len > 0, and returns the bytes
 * used (at least 1). An ill-formed byte gives U+FFFD and *ok false (ok may
 * be NULL). */
size_t text_utf8_decode(const char *s, size_t len, uint32_t *cp, bool *ok);
/* Encodes cp (U+FFFD when it is not a scalar value); returns 1 to 4. */
size_t text_utf8_encode(uint32_t cp, char out[4]);

/* White space for word motions and wrapping: space, tab, newlines, no-break
 * and the other Unicode spaces. */
bool text_is_space_cp(uint32_t cp);
/* A space a line may break after: text_is_space_cp() but for the no-break
 * ones (U+00A0, U+2007, U+202F). */
bool text_is_break_cp(uint32_t cp);

/* ASCII for cp into out (NUL-terminated), returns its length (1 to 3):
 * printable ASCII as is, Latin-1 and Latin Extended-A letters without their
 * accents ("é" -> "e", "ß" -> "ss", "Œ" -> "OE"), common typography
 * (quotes, dashes, "…" -> "..."), fullwidth forms as ASCII, controls as a
 * space and anything else as "?". */
size_t text_translit_cp(uint32_t cp, char out[4]);

/* Clusters are what the cursor steps over and what is never split across
 * lines: a base character with its combining marks and zero-width
 * characters, emoji joined by ZWJ (U+200D), and regional-indicator pairs
 * (flags). A newline, another control and an ill-formed byte are clusters
 * of their own.
 *
 * Returns where the cluster starting at pos (< len) ends and sets *width to
 * its columns, at least 1: the sum of its code points' widths (what ncurses
 * advances by), a control (NUL included) drawn as a space, an ill-formed
 * byte as U+FFFD, a cluster without a base on a no-break space; in ASCII
 * mode the width of its transliteration. */
size_t text_cluster_next(const char *s, size_t len, size_t pos, int *width);
/* The start of the cluster containing byte pos (pos when pos >= len). */
size_t text_cluster_start(const char *s, size_t len, size_t pos);
/* The start of the cluster that ends at boundary pos (0 when pos is 0). */
size_t text_cluster_prev(const char *s, size_t len, size_t pos);

/* Columns s[0..len) takes when drawn by text_fitn() (a newline counts as
 * the space it is drawn as). */
size_t text_width(const char *s, size_t len);

/* Copies s[0..len) into out (outlen bytes, always NUL-terminated when
 * outlen > 0) as it should be drawn in at most width columns: controls
 * become spaces, ill-formed bytes U+FFFD, in ASCII mode everything is
 * transliterated. When it does not fit, whole clusters are cut and, if
 * ellipsis, "…" ("..." in ASCII mode) marks the cut. Returns the columns
 * the output takes. */
int text_fitn(const char *s, size_t len, int width, char *out, size_t outlen, bool ellipsis);
/* text_fitn() of a NUL-terminated string. */
int text_fit(const char *s, int width, char *out, size_t outlen, bool ellipsis);

/* Called once per line of text_wrap(): line[0..len) points into the text
 * (draw it with text_fitn()), width is its columns. */
typedef void (*text_wrap_fn)(const char *line, size_t len, int width, void *ctx);

/* Wraps s[0..len) into lines of at most width columns for message bubbles:
 * breaks at newlines (LF, CRLF, CR), then at spaces (the spaces at a break
 * are dropped), and splits a word wider than the line at cluster
 * boundaries; a cluster wider than the line gets a line of its own. Calls
 * fn for each line, in order; returns the number of lines (at least 1). */
size_t text_wrap(const char *s, size_t len, int width, text_wrap_fn fn, void *ctx);

/* Compact waiting time from then_ms to now_ms: "now" (under a minute or in
 * the future), "3m", "5h", "2d", "3w", "1y"; the units are translated. */
void text_reltime(int64_t now_ms, int64_t then_ms, char *out, size_t n);

/* A message's time in local time, in the formats of the locale's LC_TIME
 * (nl_langinfo(T_FMT) and D_FMT, so not the language's but the region's
 * conventions): the time of day without seconds when it is from today
 * (the calendar day of now_ms) -- "14:03" in C and es_US, "2:03 PM" in
 * en_US; the date without the year and the time for an earlier day this
 * year ("11/21 14:03", "21/11 14:03"); only the date for another year
 * ("11/21/25", "21/11/25"). */
void text_clock(int64_t now_ms, int64_t ms, char *out, size_t n);
/* The same, but always with the time: for times to come (snooze) and the
 * lock screen. */
void text_datetime(int64_t now_ms, int64_t ms, char *out, size_t n);
/* The strftime(3) formats behind them: the locale's time of day without
 * seconds or time zone (T_FMT: "%H:%M", "%-I:%M %p"), and its date
 * (D_FMT), without the year when with_year is false ("%m/%d", "%d/%m"). */
void text_time_format(char *out, size_t n);
void text_date_format(bool with_year, char *out, size_t n);
/* strftime(3) for those formats (built at run time, so not checkable by
 * the compiler). */
struct tm;
size_t text_strftime(char *out, size_t n, const char *fmt, const struct tm *tm);

/* "+15555550142" -> "(555) 555-0142" for North American numbers; any
 * other text is copied unchanged (truncated to n - 1 bytes). */
void text_phone_pretty(const char *e164, char *out, size_t n);

#endif
