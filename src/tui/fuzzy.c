/* fuzzy: folding and fzy's dynamic-programming match (integer scores), so
 * the best-scoring alignment, not the first one found, is highlighted. */
#include "tui/fuzzy.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "tui/text.h"

#define SCORE_MIN	  (INT_MIN / 4)
#define GAP_LEADING	  (-5)
#define GAP_TRAILING	  (-5)
#define GAP_INNER	  (-10)
#define MATCH_CONSECUTIVE 1000
#define BONUS_START	  900 /* the target's first character */
#define BONUS_WORD	  800 /* after a space or punctuation */
#define BONUS_CAPITAL	  700 /* camelCase hump */
#define BONUS_DOT	  600 /* after "." */

/* A string folded to comparable characters, each with the byte offset of
 * the character it came from and (targets) its bonus. */
struct folded {
	uint32_t ch[FUZZY_TARGET_MAX];
	size_t at[FUZZY_TARGET_MAX];
	int bonus[FUZZY_TARGET_MAX];
	size_t n;
};

struct scratch {
	struct folded t;
	int *d, *m; /* fzy's D (match ends here) and M (best so far) */
	size_t cells;
};

/* Latin Extended-A alternates capital and small letters, with a shift of
 * parity after "ĸ" and "ŉ", and a few small letters without a capital. */
static bool ext_a_upper(uint32_t cp)
{
	if (cp == 0x138 || cp == 0x149 || cp == 0x17f)
		return false;
	if (cp == 0x178)
		return true;
	if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e))
		return cp & 1;
	return !(cp & 1);
}

static bool is_upper(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 0xc0 && cp <= 0xde && cp != 0xd7) ||
	       (cp >= 0x100 && cp < 0x180 && ext_a_upper(cp));
}

static bool is_lower(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 0xdf && cp <= 0xff && cp != 0xf7) ||
	       (cp >= 0x100 && cp < 0x180 && !ext_a_upper(cp));
}

/* Letters and digits; beyond Latin anything but white space counts, so
 * only Latin punctuation and spaces start words. */
static bool is_alnum(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || is_upper(cp) || is_lower(cp) ||
	       (cp >= 0x180 && !text_is_space_cp(cp));
}

/* Folds cp into out; returns how many characters (0 for marks). */
static size_t fold_cp(uint32_t cp, uint32_t out[3])
{
	if (cp != 0 && text_width_cp(cp) == 0)
		return 0;
	if (cp < 0x80) {
		out[0] = cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
		return 1;
	}
	if (cp >= 0xc0 && cp < 0x180 && cp != 0xd7 && cp != 0xf7) {
		char t[4];
		size_t n = text_translit_cp(cp, t);
		for (size_t i = 0; i < n; i++)
			out[i] = t[i] >= 'A' && t[i] <= 'Z' ? (uint32_t)(t[i] + 32) :
							      (uint32_t)t[i];
		return n;
	}
	if ((cp >= 0x391 && cp <= 0x3a9) || (cp >= 0x410 && cp <= 0x42f))
		cp += 0x20; /* Greek, Cyrillic capitals */
	else if (cp >= 0x400 && cp <= 0x40f)
		cp += 0x50;
	out[0] = cp;
	return 1;
}

static int bonus_for(uint32_t prev, uint32_t cur, bool first)
{
	if (first)
		return BONUS_START;
	if (prev == '.')
		return BONUS_DOT;
	if (!is_alnum(prev))
		return BONUS_WORD;
	if (is_lower(prev) && is_upper(cur))
		return BONUS_CAPITAL;
	return 0;
}

static void fold(const char *s, struct folded *f, size_t max)
{
	size_t i = 0, len = strlen(s);
	uint32_t prev = 0;
	bool first = true;

	f->n = 0;
	while (i < len && f->n < max) {
		uint32_t cp, out[3];
		size_t at = i;
		i += text_utf8_decode(s + i, len - i, &cp, NULL);
		size_t k = fold_cp(cp, out);
		for (size_t j = 0; j < k && f->n < max; j++) {
			f->ch[f->n] = out[j];
			f->at[f->n] = at;
			f->bonus[f->n] = j ? 0 : bonus_for(prev, cp, first);
			f->n++;
		}
		if (k) {
			prev = cp;
			first = false;
		}
	}
}

static bool subsequence(const struct folded *q, const struct folded *t)
{
	size_t j = 0;
	for (size_t i = 0; i < q->n; i++) {
		while (j < t->n && t->ch[j] != q->ch[i])
			j++;
		if (j == t->n)
			return false;
		j++;
	}
	return true;
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

/* fzy's match over the folded query q and target sc->t. */
static bool match_folded(const struct folded *q, const char *target, struct scratch *sc,
			 struct fuzzy_match *m)
{
	const struct folded *t = &sc->t;
	size_t n = q->n, w;

	fold(target, &sc->t, FUZZY_TARGET_MAX);
	if (n == 0) {
		if (m) {
			m->score = 0;
			m->npos = 0;
		}
		return true;
	}
	w = t->n;
	if (n > w || !subsequence(q, t))
		return false;
	if (n * w > sc->cells) {
		free(sc->d);
		free(sc->m);
		sc->cells = n * w;
		sc->d = xmalloc(sc->cells * sizeof *sc->d);
		sc->m = xmalloc(sc->cells * sizeof *sc->m);
	}
	int *D = sc->d, *M = sc->m;
	for (size_t i = 0; i < n; i++) {
		int prev = SCORE_MIN;
		int gap = i == n - 1 ? GAP_TRAILING : GAP_INNER;
		for (size_t j = 0; j < w; j++) {
			int score = SCORE_MIN;
			if (q->ch[i] == t->ch[j]) {
				if (i == 0) {
					score = (int)j * GAP_LEADING + t->bonus[j];
				} else if (j > 0) {
					/* Only from cells that hold a real alignment. */
					int pm = M[(i - 1) * w + j - 1],
					    pd = D[(i - 1) * w + j - 1];
					if (pm > SCORE_MIN)
						score = pm + t->bonus[j];
					if (pd > SCORE_MIN)
						score = max_int(score, pd + MATCH_CONSECUTIVE);
				}
			}
			D[i * w + j] = score;
			prev = max_int(score, prev + gap);
			if (prev < SCORE_MIN)
				prev = SCORE_MIN;
			M[i * w + j] = prev;
		}
	}
	if (!m)
		return true;
	m->score = M[(n - 1) * w + w - 1];

	/* Walk back along the best alignment; a consecutive run forces the
	 * previous character's match. */
	size_t posj[FUZZY_QUERY_MAX];
	bool required = false;
	size_t j = w;
	for (size_t i = n; i-- > 0;) {
		while (j-- > 0) {
			int d = D[i * w + j];
			if (d != SCORE_MIN && (required || d == M[i * w + j])) {
				required = i > 0 && j > 0 &&
					   M[i * w + j] ==
						   D[(i - 1) * w + j - 1] + MATCH_CONSECUTIVE;
				posj[i] = j;
				break;
			}
		}
	}
	m->npos = 0;
	for (size_t i = 0; i < n; i++) {
		size_t at = t->at[posj[i]];
		if (m->npos == 0 || m->pos[m->npos - 1] != at)
			m->pos[m->npos++] = at;
	}
	return true;
}

bool fuzzy_match(const char *query, const char *target, struct fuzzy_match *m)
{
	struct folded *q = xmalloc(sizeof *q);
	struct scratch *sc = xcalloc(1, sizeof *sc);

	fold(query, q, FUZZY_QUERY_MAX);
	bool ok = match_folded(q, target, sc, m);
	free(sc->d);
	free(sc->m);
	free(sc);
	free(q);
	return ok;
}

struct ranked {
	int score;
	size_t idx;
};

static int ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

size_t fuzzy_rank(const char *query, const void *items, size_t n, fuzzy_key_fn key,
		  size_t *out_order)
{
	struct folded *q = xmalloc(sizeof *q);
	struct scratch *sc = NULL;
	struct ranked *r = NULL;
	struct fuzzy_match m;
	size_t hits = 0;

	fold(query, q, FUZZY_QUERY_MAX);
	if (q->n == 0) {
		for (size_t i = 0; i < n; i++)
			out_order[i] = i;
		hits = n;
		goto out;
	}
	sc = xcalloc(1, sizeof *sc);
	r = xmalloc((n ? n : 1) * sizeof *r);
	for (size_t i = 0; i < n; i++) {
		const char *target = key(items, i);
		if (target && match_folded(q, target, sc, &m))
			r[hits++] = (struct ranked){ .score = m.score, .idx = i };
	}
	qsort(r, hits, sizeof *r, ranked_cmp);
	for (size_t i = 0; i < hits; i++)
		out_order[i] = r[i].idx;
out:
	if (sc) {
		free(sc->d);
		free(sc->m);
	}
	free(sc);
	free(r);
	free(q);
	return hits;
}
