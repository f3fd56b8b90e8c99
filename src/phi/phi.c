/*
 * The "too detailed for SMS" detector: folding, the lexicon automaton and
 * the rules that turn matches into findings. The identifier and value
 * scanners are in scan_id.c.
 *
 * One scan:
 *   1. fold the text into a parallel buffer, one byte per character, with
 *      maps back to the original bytes (fold.h);
 *   2. run an Aho-Corasick automaton over it, keeping matches that sit on
 *      word boundaries (and match case, for acronyms);
 *   3. run the scanners (identifiers, doses, lab values, result words);
 *   4. apply the rules: guards cancel what they cover, a location word
 *      turns "x-ray" into a place, weak words need a cue, the longest
 *      match wins, negation only changes the wording.
 * Every step is linear in the text; matches are capped.
 */
#include "phi/phi.h"
#include "common/i18n.h"
#include "phi/fold.h"
#include "phi/phi_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- names ------------------------------------------------------------------------------------------ */

static const struct {
	const char *key, *text;
	phi_category cat;
} reasons[PHI_R_COUNT] = {
#define PHI_R_ROW(id, key, cat, text) { key, text, cat },
	PHI_REASONS(PHI_R_ROW)
#undef PHI_R_ROW
};

static const char *const cat_names[PHI_CAT_COUNT] = { "diagnosis", "medication", "result",
						      "procedure", "sensitive", "identifier" };
static const char *const cat_labels[PHI_CAT_COUNT] = {
	/* TRANSLATORS: categories of detail that should not go in a text message. */
	N_("condition"), N_("medication"), N_("result"), N_("procedure or test"),
	N_("sensitive service"), N_("identifier"),
};

const char *phi_category_name(phi_category c)
{
	return (unsigned)c < PHI_CAT_COUNT ? cat_names[c] : NULL;
}

const char *phi_category_label(phi_category c)
{
	return (unsigned)c < PHI_CAT_COUNT ? cat_labels[c] : NULL;
}

const char *phi_reason_key(phi_reason r)
{
	return (unsigned)r < PHI_R_COUNT ? reasons[r].key : NULL;
}

const char *phi_reason_text(phi_reason r)
{
	return (unsigned)r < PHI_R_COUNT ? reasons[r].text : NULL;
}

phi_category phi_reason_category(phi_reason r)
{
	return (unsigned)r < PHI_R_COUNT ? reasons[r].cat : PHI_CAT_COUNT;
}

size_t phi_categories_csv(unsigned mask, char *buf, size_t size)
{
	size_t o = 0;
	if (size)
		buf[0] = '\0';
	for (int c = 0; c < PHI_CAT_COUNT; c++) {
		if (!(mask & (1u << c)))
			continue;
		const char *name = cat_names[c];
		size_t need = strlen(name) + (o ? 1 : 0);
		if (o + need + 1 > size)
			break;
		if (o)
			buf[o++] = ',';
		memcpy(buf + o, name, strlen(name) + 1);
		o += strlen(name);
	}
	return o;
}

size_t phi_lexicon_terms(void)
{
	return phi_lex_count;
}

/* ---- the automaton ------------------------------------------------------------------------------------ */

/* States in breadth-first order; each state's children are contiguous in
 * edge_sym/edge_to (sorted by symbol), the root's in a full table. */
static struct {
	uint32_t nstates;
	uint32_t *first;    /* first edge of state */
	uint8_t *nchild;    /* edges of state (a folded byte has < 64 possible values) */
	uint8_t *edge_sym;
	uint32_t *edge_to;
	uint32_t *fail;
	uint32_t *dict;     /* nearest state down the fail chain with entries, or 0 */
	uint32_t *term;     /* first lexicon entry ending here, UINT32_MAX if none */
	uint16_t *nterm;
	uint16_t *depth;
	uint32_t root[256];
	/* A full transition table (failures resolved) for the states within
	 * two characters of the root, where a scan spends most of its time:
	 * dense[s * PHI_NSYM + symclass[ch]] for s < nshallow (breadth-first
	 * numbering puts them first). */
	uint32_t nshallow;
	uint32_t *dense;
} ac;

/* Folded characters in terms: a-z, 0-9 and - ' / . & and space; anything
 * else shares one class that no term uses. */
#define PHI_NSYM 43
static uint8_t symclass[256];

static void symclass_init(void)
{
	for (int i = 0; i < 256; i++)
		symclass[i] = PHI_NSYM - 1;
	for (int i = 0; i < 26; i++)
		symclass['a' + i] = (uint8_t)i;
	for (int i = 0; i < 10; i++)
		symclass['0' + i] = (uint8_t)(26 + i);
	const char *punct = " -'/.&";
	for (int i = 0; punct[i]; i++)
		symclass[(unsigned char)punct[i]] = (uint8_t)(36 + i);
}

static pthread_once_t ac_once = PTHREAD_ONCE_INIT;

struct bnode {
	uint32_t child, sibling; /* build-time linked lists */
	uint8_t sym;
};

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort();
	return p;
}

static void ac_build(void)
{
	/* 1. A trie over the folded terms (linked children). */
	size_t cap = 1;
	for (size_t i = 0; i < phi_lex_count; i++)
		cap += strlen(phi_lex[i].folded);
	struct bnode *b = xcalloc(cap, sizeof *b);
	uint32_t *bterm = xcalloc(cap, sizeof *bterm);
	uint16_t *bnterm = xcalloc(cap, sizeof *bnterm);
	uint16_t *bdepth = xcalloc(cap, sizeof *bdepth);
	for (size_t i = 0; i < cap; i++)
		bterm[i] = UINT32_MAX;
	uint32_t n = 1;
	for (size_t i = 0; i < phi_lex_count; i++) {
		uint32_t s = 0;
		for (const unsigned char *p = (const unsigned char *)phi_lex[i].folded; *p; p++) {
			uint32_t c = b[s].child, prev = 0;
			/* Children sorted by symbol. */
			while (c && b[c].sym < *p) {
				prev = c;
				c = b[c].sibling;
			}
			if (!c || b[c].sym != *p) {
				uint32_t nn = n++;
				b[nn].sym = *p;
				b[nn].sibling = c;
				bdepth[nn] = (uint16_t)(bdepth[s] + 1);
				if (prev)
					b[prev].sibling = nn;
				else
					b[s].child = nn;
				c = nn;
			}
			s = c;
		}
		/* phi_lex is sorted by folded term, so equal terms are adjacent. */
		if (bterm[s] == UINT32_MAX)
			bterm[s] = (uint32_t)i;
		bnterm[s]++;
	}
	/* 2. Renumber breadth-first and lay the edges out contiguously. */
	uint32_t *order = xcalloc(n, sizeof *order), *newid = xcalloc(n, sizeof *newid);
	uint32_t head = 0, tail = 0;
	order[tail++] = 0;
	while (head < tail) {
		uint32_t s = order[head++];
		newid[s] = head - 1;
		for (uint32_t c = b[s].child; c; c = b[c].sibling)
			order[tail++] = c;
	}
	ac.nstates = n;
	ac.first = xcalloc(n, sizeof *ac.first);
	ac.nchild = xcalloc(n, sizeof *ac.nchild);
	ac.edge_sym = xcalloc(n, sizeof *ac.edge_sym);
	ac.edge_to = xcalloc(n, sizeof *ac.edge_to);
	ac.fail = xcalloc(n, sizeof *ac.fail);
	ac.dict = xcalloc(n, sizeof *ac.dict);
	ac.term = xcalloc(n, sizeof *ac.term);
	ac.nterm = xcalloc(n, sizeof *ac.nterm);
	ac.depth = xcalloc(n, sizeof *ac.depth);
	uint32_t e = 0;
	for (uint32_t k = 0; k < n; k++) {
		uint32_t s = order[k];
		ac.term[k] = bterm[s];
		ac.nterm[k] = bnterm[s];
		ac.depth[k] = bdepth[s];
		ac.first[k] = e;
		for (uint32_t c = b[s].child; c; c = b[c].sibling) {
			ac.edge_sym[e] = b[c].sym;
			ac.edge_to[e] = newid[c];
			e++;
		}
		ac.nchild[k] = (uint8_t)(e - ac.first[k]);
	}
	/* 3. Failure and dictionary links, breadth-first. */
	memset(ac.root, 0, sizeof ac.root);
	for (uint32_t j = 0; j < ac.nchild[0]; j++)
		ac.root[ac.edge_sym[j]] = ac.edge_to[j];
	for (uint32_t s = 0; s < n; s++) {
		for (uint32_t j = ac.first[s]; j < ac.first[s] + ac.nchild[s]; j++) {
			uint32_t t = ac.edge_to[j];
			uint8_t sym = ac.edge_sym[j];
			uint32_t f = 0;
			if (s != 0) {
				uint32_t g = ac.fail[s];
				for (;;) {
					uint32_t nx = 0;
					if (g == 0)
						nx = ac.root[sym];
					else
						for (uint32_t q = ac.first[g]; q < ac.first[g] + ac.nchild[g]; q++)
							if (ac.edge_sym[q] == sym) {
								nx = ac.edge_to[q];
								break;
							}
					if (nx || g == 0) {
						f = nx;
						break;
					}
					g = ac.fail[g];
				}
			}
			ac.fail[t] = f;
			ac.dict[t] = ac.nterm[f] ? f : ac.dict[f];
		}
	}
	/* 4. The dense table for the shallow states. */
	symclass_init();
	uint32_t ns = 0;
	while (ns < n && ac.depth[ns] <= 2)
		ns++;
	ac.nshallow = ns;
	ac.dense = xcalloc((size_t)ns * PHI_NSYM, sizeof *ac.dense);
	for (uint32_t st = 0; st < ns; st++) {
		uint32_t *row = ac.dense + (size_t)st * PHI_NSYM;
		if (st != 0)
			memcpy(row, ac.dense + (size_t)ac.fail[st] * PHI_NSYM, PHI_NSYM * sizeof *row);
		for (uint32_t j = ac.first[st]; j < ac.first[st] + ac.nchild[st]; j++)
			row[symclass[ac.edge_sym[j]]] = ac.edge_to[j];
	}
	phi_scan_prepare();
	free(b);
	free(bterm);
	free(bnterm);
	free(bdepth);
	free(order);
	free(newid);
}

void phi_init(void)
{
	pthread_once(&ac_once, ac_build);
}

static inline uint32_t ac_step(uint32_t s, uint8_t sym)
{
	for (;;) {
		if (s < ac.nshallow)
			return ac.dense[(size_t)s * PHI_NSYM + symclass[sym]];
		uint32_t q = ac.first[s], end = q + ac.nchild[s];
		if (end - q > 8) {
			/* Edges are sorted by symbol: binary search the wide states. */
			while (q < end) {
				uint32_t mid = q + (end - q) / 2;
				if (ac.edge_sym[mid] < sym)
					q = mid + 1;
				else
					end = mid;
			}
			if (q < ac.first[s] + ac.nchild[s] && ac.edge_sym[q] == sym)
				return ac.edge_to[q];
		} else {
			for (; q < end; q++)
				if (ac.edge_sym[q] == sym)
					return ac.edge_to[q];
		}
		s = ac.fail[s];
	}
}

/* ---- the scan ----------------------------------------------------------------------------------------- */

bool phi_ctx_add(struct phi_ctx *c, uint32_t s, uint32_t e, int kind, unsigned flags)
{
	if (c->nm >= PHI_MAX_MATCHES) {
		c->truncated = true;
		return false;
	}
	struct phi_m *m = &c->m[c->nm++];
	m->s = s;
	m->e = e;
	m->kind = (uint16_t)kind;
	m->flags = (uint8_t)flags;
	m->dead = 0;
	return true;
}

/* The lexicon matches that end at folded position k in automaton state
 * st, on word boundaries (the character after k is known by now). */
static void emit_matches(struct phi_ctx *c, uint32_t st, uint32_t k)
{
	const char *low = c->low;
	for (uint32_t q = ac.nterm[st] ? st : ac.dict[st]; q; q = ac.dict[q]) {
		uint32_t len = ac.depth[q], start = k + 1 - len;
		if (start > 0 && phi_is_word(low[start - 1]) && phi_is_word(low[start]))
			continue;
		for (uint32_t t = ac.term[q]; t < ac.term[q] + ac.nterm[q]; t++) {
			const struct phi_lex_entry *e = &phi_lex[t];
			if ((e->flags & PHI_LEX_CASE) && memcmp(c->cs + start, e->cased, len) != 0)
				continue;
			if (!phi_ctx_add(c, start, k + 1, e->kind, e->flags))
				return;
		}
	}
}

/* Folds the text and runs the automaton over it in the same pass. */
static void fold_text(struct phi_ctx *c)
{
	const unsigned char *t = (const unsigned char *)c->text;
	size_t len = c->len;
	uint32_t o = 0, sn = 0, nw = 0, widx = 0, h = PHI_HASH_INIT, st = 0;
	bool in_word = false, sent_ended = true;
	unsigned wf = 0;
	char *low = c->low, *cs = c->cs;
	uint32_t *src = c->src, *wordv = c->word, *sent = c->sent;
	for (size_t i = 0; i < len;) {
		char ch;
		size_t used = 1;
		unsigned b = t[i];
		if (b < 0x80) /* ASCII, most of every message */
			ch = (b <= ' ' || b == 0x7f) ? ' ' : (char)b;
		else
			used = phi_fold_char(t, len, i, &ch);
		unsigned cls = phi_cls[(unsigned char)ch];
		if (cls & PHI_C_WORD) {
			if (!in_word) { /* a word starts */
				widx = nw;
				c->wstart[nw++] = o;
				h = PHI_HASH_INIT;
				wf = 0;
				in_word = true;
			}
			sent_ended = false;
		} else {
			if (in_word) { /* a word ends */
				c->wend[nw - 1] = o;
				c->whash[nw - 1] = h;
				c->wflags[nw - 1] = (uint8_t)wf;
				in_word = false;
			}
			if (ch == ' ') {
				/* A full stop followed by a space ends a sentence (not
				 * 9.8, not mbfp.com), and so does a line break. */
				if (!sent_ended && o && (low[o - 1] == '.' || b == '\n')) {
					sn++;
					sent_ended = true;
				}
				if (o == 0 || low[o - 1] == ' ') {
					i += used;
					continue;
				}
			}
		}
		char lc = phi_lower(ch);
		/* A match can end at o - 1 unless o - 1 and o are inside one word. */
		if ((ac.nterm[st] | ac.dict[st]) && !((cls & PHI_C_WORD) && phi_is_word(low[o - 1])))
			emit_matches(c, st, o - 1);
		st = ac_step(st, (uint8_t)lc);
		if (cls & PHI_C_WORD) {
			h = phi_hash_step(h, lc);
			wf |= cls & (PHI_C_DIGIT | PHI_C_ALPHA);
		}
		low[o] = lc;
		cs[o] = ch;
		src[o] = (uint32_t)i;
		wordv[o] = widx;
		sent[o] = sn;
		if ((cls & PHI_C_STOP) && !sent_ended) {
			sn++;
			sent_ended = true;
		}
		o++;
		i += used;
	}
	if (in_word) {
		c->wend[nw - 1] = o;
		c->whash[nw - 1] = h;
		c->wflags[nw - 1] = (uint8_t)wf;
	}
	c->n = o;
	c->nwords = nw;
	if (o && (ac.nterm[st] | ac.dict[st]))
		emit_matches(c, st, o - 1);
}

static bool is_finding_kind(int kind)
{
	return kind < PHI_R_COUNT || kind == PHI_K_LAB;
}

static phi_reason reason_of(int kind)
{
	return kind == PHI_K_LAB ? PHI_R_TEST : (phi_reason)kind;
}

static bool sensitive(int kind)
{
	return is_finding_kind(kind) && reasons[reason_of(kind)].cat == PHI_CAT_SENSITIVE;
}

/* Ranking when two findings cover the same span. */
static int priority(int kind)
{
	static const int by_cat[PHI_CAT_COUNT] = { 3, 4, 5, 2, 7, 6 };
	return by_cat[reasons[reason_of(kind)].cat];
}

/* The folded word (lower-case) that ends just before position k, or that
 * starts at k; empty when none. */
static size_t word_before(const struct phi_ctx *c, uint32_t k, uint32_t *ws)
{
	uint32_t e = k;
	while (e > 0 && !phi_is_word(c->low[e - 1]) && c->low[e - 1] != '\'')
		if (k - e > 2)
			return 0;
		else
			e--;
	uint32_t s = e;
	while (s > 0 && (phi_is_word(c->low[s - 1]) || c->low[s - 1] == '\''))
		s--;
	*ws = s;
	return e - s;
}

static size_t word_after(const struct phi_ctx *c, uint32_t k, uint32_t *ws)
{
	uint32_t s = k;
	while (s < c->n && !phi_is_word(c->low[s]))
		if (s - k > 2)
			return 0;
		else
			s++;
	uint32_t e = s;
	while (e < c->n && phi_is_word(c->low[e]))
		e++;
	*ws = s;
	return e - s;
}

static bool word_in(const char *w, size_t n, const char *const *list)
{
	for (; *list; list++)
		if ((*list)[0] == w[0] && strlen(*list) == n && memcmp(*list, w, n) == 0)
			return true;
	return false;
}

/* "your rash", "Emma's scarlet fever", "su depresión". */
static bool possessive_before(const struct phi_ctx *c, uint32_t s)
{
	static const char *const poss[] = { "your", "ur", "yr", "his", "her", "their", "su",
					    "sus", "tu", "tus", NULL };
	uint32_t ws;
	size_t n = word_before(c, s, &ws);
	if (!n)
		return false;
	if (n > 2 && c->low[ws + n - 2] == '\'' && c->low[ws + n - 1] == 's')
		return true;
	return word_in(c->low + ws, n, poss);
}

/* A place, not a patient's care: "the x-ray department", "lab hours",
 * "allergy season", "la entrada del laboratorio". */
static bool location_sense(const struct phi_ctx *c, const struct phi_m *m)
{
	static const char *const after[] = {
		"department", "dept", "departments", "entrance", "entrances", "office", "offices",
		"suite", "wing", "floor", "hours", "desk", "line", "lines", "window", "season",
		"team", "staff", "counter", "lobby", "waiting", "area", "technician", "techs", "tech",
		"room", "rooms", "station", "order",
		"orders", "location", "locations", "portal", "form", "forms", "code", "codes", "slip",
		"requisition", "benefits", "coverage", "drive", "sale", NULL };
	static const char *const before[] = { "departamento", "entrada", "oficina", "horario",
					      "temporada", "sala", "area", "piso", NULL };
	uint32_t ws;
	size_t n = word_after(c, m->e, &ws);
	if (n && word_in(c->low + ws, n, after))
		return true;
	/* Spanish puts the place first: "departamento de rayos X". */
	n = word_before(c, m->s, &ws);
	if (n == 2 && memcmp(c->low + ws, "de", 2) == 0) {
		uint32_t ws2;
		size_t n2 = word_before(c, ws, &ws2);
		if (n2 && word_in(c->low + ws2, n2, before))
			return true;
	} else if (n == 3 && memcmp(c->low + ws, "del", 3) == 0) {
		uint32_t ws2;
		size_t n2 = word_before(c, ws, &ws2);
		if (n2 && word_in(c->low + ws2, n2, before))
			return true;
	}
	return false;
}

/* The byte after the character behind folded position k. */
static size_t char_end(const struct phi_ctx *c, uint32_t k)
{
	char dummy;
	return c->src[k] + phi_fold_char((const unsigned char *)c->text, c->len, c->src[k], &dummy);
}

static int cmp_m(const void *a, const void *b)
{
	const struct phi_m *x = a, *y = b;
	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	if (x->e != y->e)
		return x->e > y->e ? -1 : 1; /* longer first */
	return 0;
}

/* Order matches by start, longer first: two stable counting-sort passes
 * (by end, descending; then by start), linear in text and matches. */
static void sort_matches(struct phi_ctx *c, struct phi_m *m, size_t nm)
{
	static _Thread_local struct phi_m tmp[PHI_MAX_MATCHES];
	uint32_t *count = c->scratch;
	size_t n = c->n + 1;
	if (nm < 2)
		return;
	if (nm <= 48) { /* the usual case: a handful of matches */
		for (size_t i = 1; i < nm; i++) {
			struct phi_m x = m[i];
			size_t j = i;
			while (j > 0 && cmp_m(&m[j - 1], &x) > 0) {
				m[j] = m[j - 1];
				j--;
			}
			m[j] = x;
		}
		return;
	}
	/* Pass 1: by end, descending (key n - 1 - e), into tmp. */
	memset(count, 0, (n + 1) * sizeof *count);
	for (size_t i = 0; i < nm; i++)
		count[n - 1 - m[i].e + 1]++;
	for (size_t k = 1; k <= n; k++)
		count[k] += count[k - 1];
	for (size_t i = 0; i < nm; i++)
		tmp[count[n - 1 - m[i].e]++] = m[i];
	/* Pass 2: by start, ascending, back into m. */
	memset(count, 0, (n + 1) * sizeof *count);
	for (size_t i = 0; i < nm; i++)
		count[tmp[i].s + 1]++;
	for (size_t k = 1; k <= n; k++)
		count[k] += count[k - 1];
	for (size_t i = 0; i < nm; i++)
		m[count[tmp[i].s]++] = tmp[i];
}

static void resolve(struct phi_ctx *c, phi_result *out)
{
	struct phi_m *m = c->m;
	size_t nm = c->nm;
	/* 1. Guards cancel findings inside them; places are not care. A
	 * finding [s, e) is inside a guard when some guard starting at or
	 * before s ends at or after e: a prefix maximum of guard ends. */
	uint32_t *gmax = c->scratch;
	bool any_guard = false;
	for (size_t i = 0; i < nm; i++)
		if (m[i].kind == PHI_K_GUARD) {
			if (!any_guard)
				memset(gmax, 0, c->n * sizeof *gmax);
			any_guard = true;
			if (m[i].e > gmax[m[i].s])
				gmax[m[i].s] = m[i].e;
		}
	if (any_guard)
		for (uint32_t k = 1; k < c->n; k++)
			if (gmax[k - 1] > gmax[k])
				gmax[k] = gmax[k - 1];
	for (size_t j = 0; j < nm; j++) {
		if (!is_finding_kind(m[j].kind) || (m[j].flags & PHI_M_SCANNER))
			continue;
		if (any_guard && gmax[m[j].s] >= m[j].e)
			m[j].dead = 1;
		else if (!sensitive(m[j].kind) && location_sense(c, &m[j]))
			m[j].dead = 1;
	}
	/* The longest term decides the sense: "flu shots" (a generic
	 * announcement unless a cue says otherwise) swallows "flu", even when
	 * it then fails its own weak-word test. Matches sorted by start, longer
	 * first; a lexicon finding inside an earlier, longer one goes. */
	sort_matches(c, m, nm);
	uint32_t cover_s = 0, cover_e = 0;
	for (size_t j = 0; j < nm; j++) {
		if (!is_finding_kind(m[j].kind) || (m[j].flags & PHI_M_SCANNER) || m[j].dead)
			continue;
		if (m[j].e <= cover_e && (m[j].s > cover_s || m[j].e < cover_e))
			m[j].dead = 1;
		else if (m[j].e > cover_e) {
			cover_s = m[j].s;
			cover_e = m[j].e;
		}
	}
	/* 2. Weak words need a cue within 8 words, a possessive before them
	 * (conditions and sensitive services), a value or result within 4
	 * words (a lab name before its number), or a strong finding in the
	 * same text. Cues and values are counted per word (prefix sums), so
	 * this stays linear. */
	bool strong = false, any_weak = false;
	for (size_t j = 0; j < nm; j++) {
		if (!is_finding_kind(m[j].kind) || m[j].dead)
			continue;
		if (m[j].flags & PHI_LEX_WEAK)
			any_weak = true;
		else if (reasons[reason_of(m[j].kind)].cat != PHI_CAT_IDENTIFIER)
			strong = true;
	}
	if (any_weak && !strong) {
		uint32_t nw = c->n ? c->word[c->n - 1] + 1 : 0;
		uint32_t *cues = c->scratch, *vals = c->scratch + nw + 1;
		memset(c->scratch, 0, 2 * (nw + 1) * sizeof *cues);
		for (size_t i = 0; i < nm; i++) {
			if (m[i].dead)
				continue;
			uint32_t wi = c->word[m[i].s];
			if (m[i].kind == PHI_K_CUE)
				cues[wi + 1]++;
			else if ((m[i].flags & PHI_M_SCANNER) &&
				 reasons[reason_of(m[i].kind)].cat != PHI_CAT_IDENTIFIER)
				vals[wi + 1]++;
		}
		for (uint32_t w = 1; w <= nw; w++) {
			cues[w] += cues[w - 1];
			vals[w] += vals[w - 1];
		}
		for (size_t j = 0; j < nm; j++) {
			if (!is_finding_kind(m[j].kind) || m[j].dead || !(m[j].flags & PHI_LEX_WEAK))
				continue;
			uint32_t wj = c->word[m[j].s];
			uint32_t lo8 = wj > 8 ? wj - 8 : 0, hi8 = wj + 9 < nw ? wj + 9 : nw;
			uint32_t lo4 = wj > 4 ? wj - 4 : 0, hi4 = wj + 5 < nw ? wj + 5 : nw;
			bool ok = cues[hi8] > cues[lo8] || vals[hi4] > vals[lo4];
			phi_category cat = reasons[reason_of(m[j].kind)].cat;
			if (!ok && (cat == PHI_CAT_DIAGNOSIS || cat == PHI_CAT_SENSITIVE) &&
			    possessive_before(c, m[j].s))
				ok = true;
			if (ok)
				m[j].flags |= PHI_M_CTX;
			else
				m[j].dead = 1;
		}
	} else if (any_weak) {
		for (size_t j = 0; j < nm; j++)
			if (is_finding_kind(m[j].kind) && (m[j].flags & PHI_LEX_WEAK))
				m[j].flags |= PHI_M_CTX;
	}
	/* 3. Keep findings only; the longest wins where they overlap. */
	size_t w = 0;
	for (size_t j = 0; j < nm; j++)
		if (m[j].kind != PHI_K_GUARD && !m[j].dead)
			m[w++] = m[j];
	nm = w; /* still in order: compaction keeps it */
	/* Negations, in order, to mark findings that follow one. */
	out->n = 0;
	out->truncated = c->truncated;
	out->categories = 0;
	uint32_t cover_end = 0;
	size_t last = SIZE_MAX;
	uint32_t neg_word = UINT32_MAX, neg_sent = UINT32_MAX;
	for (size_t j = 0; j < nm; j++) {
		if (m[j].kind == PHI_K_NEGATION) {
			neg_word = c->word[m[j].e - 1];
			neg_sent = c->sent[m[j].s];
			continue;
		}
		if (!is_finding_kind(m[j].kind))
			continue;
		if (last != SIZE_MAX && m[j].e <= cover_end) {
			/* Inside the previous finding: the same span with a higher
			 * priority replaces it; otherwise it is dropped. */
			phi_finding *p = &out->f[last];
			if (c->src[m[j].s] == p->start && m[j].e == cover_end &&
			    priority(m[j].kind) > priority((int)p->reason)) {
				p->reason = reason_of(m[j].kind);
				p->category = reasons[p->reason].cat;
			}
			continue;
		}
		if (out->n == PHI_MAX_FINDINGS) {
			out->truncated = true;
			break;
		}
		phi_finding *f = &out->f[out->n];
		f->reason = reason_of(m[j].kind);
		f->category = reasons[f->reason].cat;
		f->start = c->src[m[j].s];
		f->end = char_end(c, m[j].e - 1);
		f->flags = 0;
		if (m[j].flags & PHI_M_CTX)
			f->flags |= PHI_F_CONTEXT;
		if (neg_word != UINT32_MAX && neg_sent == c->sent[m[j].s] &&
		    c->word[m[j].s] >= neg_word && c->word[m[j].s] - neg_word <= 5)
			f->flags |= PHI_F_NEGATED;
		last = out->n++;
		cover_end = m[j].e;
	}
	for (size_t i = 0; i < out->n; i++)
		out->categories |= 1u << out->f[i].category;
	out->nag = out->n > 0;
}

/* Working memory for one scan: the context and its arrays in one block.
 * The compose box scans on every keystroke, so each thread keeps a block
 * for texts up to PHI_KEEP_LEN and reuses it (no malloc, no page faults
 * per keystroke); the copies of the text in it are wiped after each scan.
 * Longer texts get a block of their own, freed at once. */
#define PHI_KEEP_LEN 8192

struct scan_mem {
	void *block;
	size_t cap;
};

static _Thread_local struct scan_mem keep;

static size_t block_size(size_t len)
{
	size_t maxw = len / 2 + 2; /* words are separated by at least one character */
	return sizeof(struct phi_ctx) + (len * 6 + 8 + 3 * maxw) * sizeof(uint32_t) + len * 2 + maxw +
	       16;
}

static void lay_out(struct phi_ctx *c, size_t len)
{
	size_t maxw = len / 2 + 2;
	uint32_t *ints = (uint32_t *)(c + 1);
	c->src = ints;
	c->word = ints + 2 * len;
	c->sent = ints + 3 * len;
	c->scratch = ints + 4 * len;
	c->wstart = ints + 6 * len + 8;
	c->wend = c->wstart + maxw;
	c->whash = c->wend + maxw;
	char *bytes = (char *)(c->whash + maxw);
	c->low = bytes;
	c->cs = bytes + len;
	c->wflags = (uint8_t *)bytes + 2 * len;
}

void phi_scan(const char *text, size_t len, phi_result *out)
{
	phi_init();
	memset(out, 0, sizeof *out);
	if (!text || !len)
		return;
	size_t need = block_size(len);
	struct phi_ctx *c;
	bool own = len > PHI_KEEP_LEN;
	if (own) {
		c = malloc(need);
	} else {
		if (keep.cap < need) {
			size_t cap = block_size(PHI_KEEP_LEN);
			void *b = malloc(cap);
			if (b) {
				free(keep.block);
				keep.block = b;
				keep.cap = cap;
			}
		}
		c = keep.cap >= need ? keep.block : NULL;
	}
	if (!c) {
		out->truncated = true;
		return;
	}
	lay_out(c, len);
	c->text = text;
	c->len = len;
	c->nm = 0;
	c->truncated = false;
	fold_text(c);
	phi_scan_values(c);
	phi_scan_identifiers(c);
	resolve(c, out);
	/* The folded copies are patient text: do not leave them behind. */
	explicit_bzero(c->low, 2 * (size_t)c->n);
	if (own)
		free(c);
}

void phi_release(void)
{
	if (keep.block)
		explicit_bzero(keep.block, keep.cap);
	free(keep.block);
	keep.block = NULL;
	keep.cap = 0;
}
