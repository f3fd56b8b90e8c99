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

/* Letters and digits: what a word is made of. A table, because the
 * scanner asks for every character of every message. */
static const unsigned char phi_word_tab[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
	['8'] = 1, ['9'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
	['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1,
	['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1,
	['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
	['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
	['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
};

static inline int phi_is_word(char c)
{
	return phi_word_tab[(unsigned char)c];
}

#endif
