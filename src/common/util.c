/* util: allocation, time, ids and tokens. */
#include "common/util.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static void (*fatal_hook)(void);

void util_set_fatal_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

void die_oom(void)
{
	if (fatal_hook)
		fatal_hook();
	static const char msg[] = "fatal: out of memory\n";
	ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
	(void)w;
	_exit(70);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		die_oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die_oom();
	return q;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");
	if (!p)
		die_oom();
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);
	if (!p)
		die_oom();
	return p;
}

void free_wiped(char **p)
{
	if (*p) {
		sodium_memzero(*p, strlen(*p));
		free(*p);
		*p = NULL;
	}
}

int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void time_format_iso(int64_t ms, char out[40])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 40, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Reads exactly n ASCII digits; sscanf("%2d") would also take signs,
 * spaces and short fields, and let the caller step past the string's end. */
static bool digits_n(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return true;
}

static bool expect(const char **p, char c)
{
	if (**p != c)
		return false;
	(*p)++;
	return true;
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

bool time_parse_iso(const char *s, int64_t *ms)
{
	int y, mo, d, h, mi, sec;
	const char *p = s;
	if (!s)
		return false;
	if (!digits_n(&p, 4, &y) || !expect(&p, '-') || !digits_n(&p, 2, &mo) || !expect(&p, '-') ||
	    !digits_n(&p, 2, &d) || !expect(&p, 'T') || !digits_n(&p, 2, &h) || !expect(&p, ':') ||
	    !digits_n(&p, 2, &mi) || !expect(&p, ':') || !digits_n(&p, 2, &sec))
		return false;
	/* Leap seconds (:60) are refused: timegm would roll them into the next
	 * minute and nothing in Curtain produces them. */
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 ||
	    sec > 59)
		return false;
	int frac = 0;
	if (*p == '.') {
		p++;
		int digits = 0;
		while (*p >= '0' && *p <= '9') {
			if (digits < 3)
				frac = frac * 10 + (*p - '0');
			digits++;
			p++;
		}
		if (!digits)
			return false;
		for (; digits < 3; digits++)
			frac *= 10;
	}
	long off = 0;
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1;
		int oh, om;
		p++;
		if (!digits_n(&p, 2, &oh) || !expect(&p, ':') || !digits_n(&p, 2, &om) || oh > 23 ||
		    om > 59)
			return false;
		off = sign * (oh * 3600L + om * 60L);
	} else {
		return false;
	}
	if (*p)
		return false;
	struct tm tm = { 0 };
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	time_t t = timegm(&tm);
	if (t == (time_t)-1)
		return false;
	*ms = ((int64_t)t - off) * 1000 + frac;
	return true;
}

void uuid_v4(char out[37])
{
	unsigned char b[16];
	randombytes_buf(b, sizeof b);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
}

void id_new(char prefix, char out[24])
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
	unsigned char b[16];
	randombytes_buf(b, sizeof b);
	out[0] = prefix;
	for (int i = 0; i < 16; i++)
		out[i + 1] = alphabet[b[i] & 31];
	out[17] = '\0';
}

void token_new(char out[48])
{
	unsigned char b[32];
	randombytes_buf(b, sizeof b);
	sodium_bin2base64(out, 48, b, sizeof b, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(b, sizeof b);
}

void hex_encode(const unsigned char *in, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * len] = '\0';
}

bool e164_valid(const char *s)
{
	if (!s || s[0] != '+' || s[1] < '1' || s[1] > '9')
		return false;
	size_t n = 0;
	for (const char *p = s + 1; *p; p++, n++)
		if (!isdigit((unsigned char)*p))
			return false;
	return n >= 8 && n <= 15;
}

bool str_ieq(const char *a, const char *b)
{
	return a && b && strcasecmp(a, b) == 0;
}
