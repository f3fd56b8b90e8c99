/*
 * Text folding shared by the lexicon generator and the scanner, so that a
 * term and the text it should match are normalised by the same code.
 *
 * One input character becomes exactly one output byte:
 *   - ASCII letters: lower-case in `low`, unchanged in `cased`;
 *   - Latin letters with accents (á, Ñ, ü...) and µ: their base letter;
 *   - curly quotes and primes: '\'' or '"'; dashes and minus: '-'; …: '.';
 *   - every kind of space, control, emoji, other scripts, invalid bytes:
 *     ' ' (a word separator).
 * The caller collapses runs of ' '.
 */
#ifndef CURTAIN_PHI_FOLD_H
#define CURTAIN_PHI_FOLD_H

#include <stddef.h>
#include <stdint.h>

/* Latin-1 supplement U+00C0..U+00FF folded to ASCII (case kept). */
static const char phi_fold_latin1[64] = {
	'A', 'A', 'A', 'A', 'A', 'A', 'A', 'C', 'E', 'E', 'E', 'E', 'I', 'I', 'I', 'I', /* C0 */
	'D', 'N', 'O', 'O', 'O', 'O', 'O', ' ', 'O', 'U', 'U', 'U', 'U', 'Y', ' ', 's', /* D0 */
	'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i', /* E0 */
	'd', 'n', 'o', 'o', 'o', 'o', 'o', ' ', 'o', 'u', 'u', 'u', 'u', 'y', ' ', 'y', /* F0 */
};

/* Decode the character at s[i] (i < len), store its folded form in *cased
 * (case kept) and return how many bytes it used (at least 1). */
static inline size_t phi_fold_char(const unsigned char *s, size_t len, size_t i, char *cased)
{
	unsigned c = s[i];
	if (c < 0x80) {
		if (c <= ' ' || c == 0x7f)
			*cased = ' ';
		else
			*cased = (char)c;
		return 1;
	}
	uint32_t cp;
	size_t n;
	if ((c & 0xe0) == 0xc0) {
		cp = c & 0x1f;
		n = 2;
	} else if ((c & 0xf0) == 0xe0) {
		cp = c & 0x0f;
		n = 3;
	} else if ((c & 0xf8) == 0xf0) {
		cp = c & 0x07;
		n = 4;
	} else {
		*cased = ' ';
		return 1;
	}
	if (i + n > len) {
		*cased = ' ';
		return 1;
	}
	for (size_t k = 1; k < n; k++) {
		unsigned cc = s[i + k];
		if ((cc & 0xc0) != 0x80) {
			*cased = ' ';
			return 1;
		}
		cp = (cp << 6) | (cc & 0x3f);
	}
	/* Overlong encodings and surrogates are separators, like invalid bytes. */
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
		*cased = ' ';
		return 1;
	}
	char o = ' ';
	if (cp >= 0xc0 && cp <= 0xff)
		o = phi_fold_latin1[cp - 0xc0];
	else if (cp == 0xb5)
		o = 'u'; /* micro sign: µg */
	else if (cp >= 0x100 && cp <= 0x17f) {
		/* Latin Extended-A: pairs of upper/lower case; the common ones. */
		static const char ext[] = "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi  JjKkkLlLlLlLlLlNnNnNnnNnOoOoOo  RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
		o = ext[cp - 0x100];
	} else if (cp == 0x2018 || cp == 0x2019 || cp == 0x201b || cp == 0x2032 || cp == 0x02bc)
		o = '\'';
	else if (cp == 0x201c || cp == 0x201d || cp == 0x201e || cp == 0x2033)
		o = '"';
	else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212)
		o = '-';
	else if (cp == 0x2026)
		o = '.';
	*cased = o;
	return n;
}

static inline char phi_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Character classes of folded bytes, looked up once per character:
 * PHI_C_WORD (letters and digits), PHI_C_DIGIT, PHI_C_ALPHA, and
 * PHI_C_STOP for ! ? ; which end a sentence. */
enum { PHI_C_WORD = 1, PHI_C_DIGIT = 2, PHI_C_ALPHA = 4, PHI_C_STOP = 8 };
#define PHI_D (PHI_C_WORD | PHI_C_DIGIT)
#define PHI_A (PHI_C_WORD | PHI_C_ALPHA)
static const unsigned char phi_cls[256] = {
	['0'] = PHI_D, ['1'] = PHI_D, ['2'] = PHI_D, ['3'] = PHI_D, ['4'] = PHI_D, ['5'] = PHI_D,
	['6'] = PHI_D, ['7'] = PHI_D, ['8'] = PHI_D, ['9'] = PHI_D,
	['a'] = PHI_A, ['b'] = PHI_A, ['c'] = PHI_A, ['d'] = PHI_A, ['e'] = PHI_A, ['f'] = PHI_A,
	['g'] = PHI_A, ['h'] = PHI_A, ['i'] = PHI_A, ['j'] = PHI_A, ['k'] = PHI_A, ['l'] = PHI_A,
	['m'] = PHI_A, ['n'] = PHI_A, ['o'] = PHI_A, ['p'] = PHI_A, ['q'] = PHI_A, ['r'] = PHI_A,
	['s'] = PHI_A, ['t'] = PHI_A, ['u'] = PHI_A, ['v'] = PHI_A, ['w'] = PHI_A, ['x'] = PHI_A,
	['y'] = PHI_A, ['z'] = PHI_A,
	['A'] = PHI_A, ['B'] = PHI_A, ['C'] = PHI_A, ['D'] = PHI_A, ['E'] = PHI_A, ['F'] = PHI_A,
	['G'] = PHI_A, ['H'] = PHI_A, ['I'] = PHI_A, ['J'] = PHI_A, ['K'] = PHI_A, ['L'] = PHI_A,
	['M'] = PHI_A, ['N'] = PHI_A, ['O'] = PHI_A, ['P'] = PHI_A, ['Q'] = PHI_A, ['R'] = PHI_A,
	['S'] = PHI_A, ['T'] = PHI_A, ['U'] = PHI_A, ['V'] = PHI_A, ['W'] = PHI_A, ['X'] = PHI_A,
	['Y'] = PHI_A, ['Z'] = PHI_A,
	['!'] = PHI_C_STOP, ['?'] = PHI_C_STOP, [';'] = PHI_C_STOP,
};
#undef PHI_D
#undef PHI_A

static inline int phi_is_word(char c)
{
	return phi_cls[(unsigned char)c] & PHI_C_WORD;
}

#endif
