/* sms: UTF-8 decoding, the GSM 03.38 character tables and segment
 * counting. Pure functions, no allocation: the client runs this on every
 * keystroke. */
#include "proto/sms.h"
#include "common/buf.h"

#include <string.h>

size_t sms_utf8_decode(const char *s, size_t len, uint32_t *cp, bool *ok)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char b0 = p[0];
	size_t need;
	uint32_t v, min;

	if (b0 < 0x80) {
		*cp = b0;
		*ok = true;
		return 1;
	} else if (b0 >= 0xc2 && b0 <= 0xdf) {
		need = 2;
		v = b0 & 0x1f;
		min = 0x80;
	} else if (b0 >= 0xe0 && b0 <= 0xef) {
		need = 3;
		v = b0 & 0x0f;
		min = 0x800;
	} else if (b0 >= 0xf0 && b0 <= 0xf4) {
		need = 4;
		v = b0 & 0x07;
		min = 0x10000;
	} else {
		/* 0x80-0xc1 (continuation or overlong lead) and 0xf5-0xff. */
		goto bad;
	}
	if (len < need)
		goto bad;
	for (size_t i = 1; i < need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			goto bad;
		v = (v << 6) | (p[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		goto bad;
	*cp = v;
	*ok = true;
	return need;
bad:
	*cp = 0xfffd;
	*ok = false;
	return 1;
}

bool sms_utf8_valid(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		bool ok;
		i += sms_utf8_decode(s + i, len - i, &cp, &ok);
		if (!ok)
			return false;
	}
	return true;
}

/* ASCII in GSM 03.38: 1 = basic set, 2 = extension table, 0 = none.
 * Missing from the basic set: control characters other than LF and CR, the
 * backtick, and [ \ ] ^ { | } ~ which live in the extension table. */
static const unsigned char gsm_ascii[128] = {
	['\n'] = 1, ['\r'] = 1, ['\f'] = 2,
	[' '] = 1,  ['!'] = 1,	['"'] = 1,  ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1,
	['\''] = 1, ['('] = 1,	[')'] = 1,  ['*'] = 1, ['+'] = 1, [','] = 1, ['-'] = 1,
	['.'] = 1,  ['/'] = 1,	['0'] = 1,  ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
	['5'] = 1,  ['6'] = 1,	['7'] = 1,  ['8'] = 1, ['9'] = 1, [':'] = 1, [';'] = 1,
	['<'] = 1,  ['='] = 1,	['>'] = 1,  ['?'] = 1, ['@'] = 1, ['A'] = 1, ['B'] = 1,
	['C'] = 1,  ['D'] = 1,	['E'] = 1,  ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1,
	['J'] = 1,  ['K'] = 1,	['L'] = 1,  ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
	['Q'] = 1,  ['R'] = 1,	['S'] = 1,  ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1,
	['X'] = 1,  ['Y'] = 1,	['Z'] = 1,  ['['] = 2, ['\\'] = 2, [']'] = 2, ['^'] = 2,
	['_'] = 1,  ['a'] = 1,	['b'] = 1,  ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1,  ['h'] = 1,	['i'] = 1,  ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1,
	['n'] = 1,  ['o'] = 1,	['p'] = 1,  ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
	['u'] = 1,  ['v'] = 1,	['w'] = 1,  ['x'] = 1, ['y'] = 1, ['z'] = 1, ['{'] = 2,
	['|'] = 2,  ['}'] = 2,	['~'] = 2,
};

int sms_gsm_septets(uint32_t cp)
{
	if (cp < 0x80)
		return gsm_ascii[cp];
	switch (cp) {
	/* Latin-1 and Greek letters of the basic set. Note what is absent:
	 * á í ó ú (and their capitals other than É) are not GSM-7, so most
	 * Spanish texts go out as UCS-2. */
	case 0x00a1: /* ¡ */
	case 0x00a3: /* £ */
	case 0x00a4: /* ¤ */
	case 0x00a5: /* ¥ */
	case 0x00a7: /* § */
	case 0x00bf: /* ¿ */
	case 0x00c4: /* Ä */
	case 0x00c5: /* Å */
	case 0x00c6: /* Æ */
	case 0x00c7: /* Ç */
	case 0x00c9: /* É */
	case 0x00d1: /* Ñ */
	case 0x00d6: /* Ö */
	case 0x00d8: /* Ø */
	case 0x00dc: /* Ü */
	case 0x00df: /* ß */
	case 0x00e0: /* à */
	case 0x00e4: /* ä */
	case 0x00e5: /* å */
	case 0x00e6: /* æ */
	case 0x00e8: /* è */
	case 0x00e9: /* é */
	case 0x00ec: /* ì */
	case 0x00f1: /* ñ */
	case 0x00f2: /* ò */
	case 0x00f6: /* ö */
	case 0x00f8: /* ø */
	case 0x00f9: /* ù */
	case 0x00fc: /* ü */
	case 0x0393: /* Γ */
	case 0x0394: /* Δ */
	case 0x0398: /* Θ */
	case 0x039b: /* Λ */
	case 0x039e: /* Ξ */
	case 0x03a0: /* Π */
	case 0x03a3: /* Σ */
	case 0x03a6: /* Φ */
	case 0x03a8: /* Ψ */
	case 0x03a9: /* Ω */
		return 1;
	case 0x20ac: /* € is in the extension table */
		return 2;
	default:
		return 0;
	}
}

/* Places characters of the given sizes into segments without splitting
 * any, the way carriers' encoders do. */
struct filler {
	size_t cap;
	size_t used; /* units in the current (last) segment */
	int segments;
};

static void filler_add(struct filler *f, size_t size)
{
	if (f->segments == 0 || f->used + size > f->cap) {
		f->segments++;
		f->used = 0;
	}
	f->used += size;
}

void sms_count(const char *utf8, size_t len, struct sms_count *out)
{
	memset(out, 0, sizeof *out);
	if (!utf8)
		len = 0;

	/* First pass: the encoding and the total, which decide whether the
	 * text fits one segment or needs the smaller concatenated ones. */
	size_t septets = 0, u16 = 0;
	bool ucs2 = false;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		bool ok;
		i += sms_utf8_decode(utf8 + i, len - i, &cp, &ok);
		out->chars++;
		u16 += cp > 0xffff ? 2 : 1;
		int s = ok ? sms_gsm_septets(cp) : 0;
		if (s == 0)
			ucs2 = true;
		septets += (size_t)s;
	}
	out->ucs2 = ucs2;
	out->units = ucs2 ? u16 : septets;
	size_t single = ucs2 ? SMS_UCS2_SINGLE : SMS_GSM_SINGLE;
	size_t multi = ucs2 ? SMS_UCS2_MULTI : SMS_GSM_MULTI;

	if (out->units == 0) {
		out->segments = 0;
		out->remaining = single;
		return;
	}
	if (out->units <= single) {
		out->segments = 1;
		out->remaining = single - out->units;
		return;
	}

	/* Second pass only for long texts: pack whole characters. */
	struct filler f = { .cap = multi, .used = 0, .segments = 0 };
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		bool ok;
		i += sms_utf8_decode(utf8 + i, len - i, &cp, &ok);
		if (ucs2)
			filler_add(&f, cp > 0xffff ? 2 : 1);
		else
			filler_add(&f, (size_t)sms_gsm_septets(cp));
	}
	out->segments = f.segments;
	out->remaining = f.cap - f.used;
}

void sms_utf8_repair(const char *s, size_t len, struct buf *out)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		bool ok;
		size_t n = sms_utf8_decode(s + i, len - i, &cp, &ok);
		if (ok)
			buf_append(out, s + i, n);
		else
			buf_append(out, "\xef\xbf\xbd", 3);
		i += n;
	}
}
