/* fuzzy: the template and colleague pickers' matcher: case and accent
 * folding, subsequence scoring after fzy (runs, word starts and the start
 * score; gaps cost) and ranking. Fast enough for every keystroke. */
#ifndef CURTAIN_FUZZY_H
#define CURTAIN_FUZZY_H

#include <stdbool.h>
#include <stddef.h>

/* Folded query characters beyond this are ignored; so are target
 * characters beyond FUZZY_TARGET_MAX. */
#define FUZZY_QUERY_MAX	 64
#define FUZZY_TARGET_MAX 1024

struct fuzzy_match {
	int score; /* higher is better; only comparable for the same query */
	size_t npos;
	/* Byte offsets in the target of the characters the query matched, in
	 * increasing order, for highlighting. One target letter that folds to
	 * two ("æ" -> "ae") may match two query characters: it appears once. */
	size_t pos[FUZZY_QUERY_MAX];
};

/* Whether every character of query occurs in target in order, ignoring
 * case (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic), accents
 * ("é", "e" + U+0301 and "e" all match "e"). An empty query matches with
 * score 0. m may be NULL. */
bool fuzzy_match(const char *query, const char *target, struct fuzzy_match *m);

/* The text of items' i-th element to match against (NULL: never matches). */
typedef const char *(*fuzzy_key_fn)(const void *items, size_t i);

/* Fills out_order (room for n) with the indexes of the items that match,
 * best score first, equal scores in their original order; returns how
 * many. An empty query keeps all n in their original order. */
size_t fuzzy_rank(const char *query, const void *items, size_t n, fuzzy_key_fn key,
		  size_t *out_order);

#endif
