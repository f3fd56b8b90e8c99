/*
 * Context-gated scanners over the folded text (see phi_int.h):
 *
 *   identifiers  SSN (with the invalid-number rules), payment cards (Luhn),
 *                Medicare MBI, dates of birth, MRN, insurance member,
 *                policy and group IDs, licence numbers, home addresses;
 *   values       doses ("20 mg", "1 tab twice a day"), lab values ("A1C
 *                came back 7.8", "126 mg/dL", "BP 168/102") and result
 *                words after a test ("strep test was positive").
 *
 * A number alone is never a finding: a 9-digit number is an SSN only next
 * to "SSN"/"social", a date is a birth date only next to "DOB"/"born" (or
 * with a birth year), an ID only after its keyword. Each scanner looks at
 * a bounded window around a candidate, so the whole pass stays linear.
 */
#include "phi/fold.h"
#include "phi/phi_int.h"

#include <string.h>

/* ---- small helpers over the folded buffer ------------------------------------------------------------- */

static inline bool isdig(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool isalpha_(char c)
{
	return c >= 'a' && c <= 'z';
}

static inline bool at_word_start(const struct phi_ctx *c, uint32_t k)
{
	return k == 0 || !phi_is_word(c->low[k - 1]);
}

static inline bool at_word_end(const struct phi_ctx *c, uint32_t k)
{
	return k >= c->n || !phi_is_word(c->low[k]);
}

/* Does `kw` (folded, lower-case, may contain spaces and punctuation) occur
 * on word boundaries ending within [from, to)? */
static bool find_kw(const struct phi_ctx *c, uint32_t from, uint32_t to, const char *kw, uint32_t *at)
{
	size_t n = strlen(kw);
	if (to > c->n)
		to = c->n;
	for (uint32_t k = from; k + n <= to; k++) {
		const char *hit = memchr(c->low + k, kw[0], to - n + 1 - k);
		if (!hit)
			return false;
		k = (uint32_t)(hit - c->low);
		if (memcmp(c->low + k, kw, n) != 0)
			continue;
		if (!at_word_start(c, k) && phi_is_word(kw[0]))
			continue;
		if (phi_is_word(kw[n - 1]) && !at_word_end(c, k + (uint32_t)n))
			continue;
		if (at)
			*at = k;
		return true;
	}
	return false;
}

/* Any keyword of list within `window` characters before position k
 * (the keyword must end before k). Returns the start of the last one. */
static bool kw_before(const struct phi_ctx *c, uint32_t k, uint32_t window, const char *const *list,
		      uint32_t *at)
{
	uint32_t from = k > window ? k - window : 0;
	bool found = false;
	for (; *list; list++) {
		uint32_t a;
		uint32_t f = from;
		while (find_kw(c, f, k, *list, &a)) {
			if (!found || a > *at)
				*at = a;
			found = true;
			f = a + 1;
		}
	}
	return found;
}

static bool kw_within(const struct phi_ctx *c, uint32_t from, uint32_t to, const char *const *list)
{
	for (; *list; list++)
		if (find_kw(c, from, to, *list, NULL))
			return true;
	return false;
}

static bool word_is(const struct phi_ctx *c, uint32_t s, uint32_t e, const char *const *list);

/* A set of single words with a 512-bit Bloom filter in front of it, so
 * "is this word a month / a street suffix / a result word" costs a hash
 * and one bit test for nearly every word of a message. */
struct wset {
	const char *const *list;
	uint64_t bloom[8];
};

static uint32_t word_hash(const char *w, size_t n)
{
	uint32_t h = PHI_HASH_INIT;
	for (size_t i = 0; i < n; i++)
		h = phi_hash_step(h, w[i]);
	return h;
}

static void wset_prepare(struct wset *ws)
{
	for (const char *const *l = ws->list; *l; l++) {
		uint32_t h = word_hash(*l, strlen(*l));
		ws->bloom[(h >> 6) & 7] |= 1ull << (h & 63);
	}
}

static bool in_set_h(const struct phi_ctx *c, uint32_t s, uint32_t e, uint32_t h,
		     const struct wset *ws)
{
	if (!(ws->bloom[(h >> 6) & 7] & (1ull << (h & 63))))
		return false;
	return word_is(c, s, e, ws->list);
}

/* Word number wi (all letters) in the set. */
static bool word_in_set(const struct phi_ctx *c, uint32_t wi, const struct wset *ws)
{
	return c->wflags[wi] == PHI_W_ALPHA &&
	       in_set_h(c, c->wstart[wi], c->wend[wi], c->whash[wi], ws);
}

static bool in_set(const struct phi_ctx *c, uint32_t s, uint32_t e, const struct wset *ws)
{
	if (e <= s)
		return false;
	uint32_t h = word_hash(c->low + s, e - s);
	if (!(ws->bloom[(h >> 6) & 7] & (1ull << (h & 63))))
		return false;
	return word_is(c, s, e, ws->list);
}

/* The end of the digit run at k. */
static uint32_t digits_end(const struct phi_ctx *c, uint32_t k)
{
	while (k < c->n && isdig(c->low[k]))
		k++;
	return k;
}

/* Skip one separator (space, '-', '.', '/' as asked) at k. */
static uint32_t skip_sep(const struct phi_ctx *c, uint32_t k, const char *seps)
{
	if (k < c->n && strchr(seps, c->low[k]))
		return k + 1;
	return k;
}

/* Skip spaces and the punctuation people put between a keyword and a
 * value: ':', '#', '(', '=' and '-'. */
static uint32_t skip_fill(const struct phi_ctx *c, uint32_t k)
{
	while (k < c->n && strchr(" :#(=-", c->low[k]))
		k++;
	return k;
}

/* Skip filler words: "is", "was", "number", "no." ... Returns the new
 * position (after trailing spaces). */
static uint32_t skip_words(const struct phi_ctx *c, uint32_t k, const struct wset *words, int max)
{
	for (int i = 0; i < max; i++) {
		k = skip_fill(c, k);
		uint32_t e = k;
		while (e < c->n && isalpha_(c->low[e]))
			e++;
		bool hit = in_set(c, k, e, words);
		if (!hit || e == k)
			break;
		k = e;
		if (k < c->n && c->low[k] == '.')
			k++;
	}
	return skip_fill(c, k);
}

/* ---- identifiers --------------------------------------------------------------------------------------- */

static const char *const ssn_kw[] = { "ssn", "ss", "social", "social security", "soc sec",
				      "seguro social", "numero de seguro", "ss#", NULL };
static const char *const dob_kw[] = { "dob", "d.o.b", "date of birth", "birth date", "birthdate",
				      "born", "birthday", "b-day", "bday", "fecha de nacimiento",
				      "nacimiento", "nacio", "nacido", "nacida", "f. nac", "fdn", NULL };
static const char *const card_kw[] = { "card", "tarjeta", "visa", "mastercard", "amex", "discover",
				       "credit", "debit", "credito", "debito", NULL };
static const char *const medicare_kw[] = { "medicare", "mbi", NULL };

/* SSN invalidation (Presidio's rules): area 000, 666, 9xx; group 00;
 * serial 0000; one digit repeated; the 123456789 sample. */
static bool ssn_valid(const char d[9])
{
	if (memcmp(d, "000", 3) == 0 || memcmp(d, "666", 3) == 0 || d[0] == '9')
		return false;
	if (memcmp(d + 3, "00", 2) == 0 || memcmp(d + 5, "0000", 4) == 0)
		return false;
	bool same = true;
	for (int i = 1; i < 9; i++)
		same = same && d[i] == d[0];
	return !same && memcmp(d, "123456789", 9) != 0;
}

static bool luhn(const char *d, size_t n)
{
	int sum = 0;
	for (size_t i = 0; i < n; i++) {
		int v = d[n - 1 - i] - '0';
		if (i % 2 == 1) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	return sum % 10 == 0;
}

/* 3-2-4 digits, separated the same way (both '-', both ' ', or none). */
static bool try_ssn(struct phi_ctx *c, uint32_t k, uint32_t *end)
{
	char d[9];
	uint32_t p = k;
	char sep = 0;
	static const int groups[3] = { 3, 2, 4 };
	int o = 0;
	for (int g = 0; g < 3; g++) {
		for (int i = 0; i < groups[g]; i++) {
			if (p >= c->n || !isdig(c->low[p]))
				return false;
			d[o++] = c->low[p++];
		}
		if (g < 2) {
			char s = p < c->n && (c->low[p] == '-' || c->low[p] == ' ' || c->low[p] == '.')
					 ? c->low[p]
					 : 0;
			if (g == 0)
				sep = s;
			else if (s != sep)
				return false;
			if (s)
				p++;
		}
	}
	if (p < c->n && (phi_is_word(c->low[p]) || (c->low[p] == '-' && p + 1 < c->n &&
						     isdig(c->low[p + 1]))))
		return false;
	if (!ssn_valid(d))
		return false;
	uint32_t at;
	bool kw = kw_before(c, k, 32, ssn_kw, &at);
	if (sep != '-' && !kw)
		return false;
	*end = p;
	return phi_ctx_add(c, k, p, PHI_R_SSN, PHI_M_SCANNER) || true;
}

/* 13 to 19 digits in groups separated by single spaces or dashes. */
static bool try_card(struct phi_ctx *c, uint32_t k, uint32_t *end)
{
	char d[20];
	size_t nd = 0;
	uint32_t p = k, last = k;
	while (p < c->n && nd < 20) {
		if (isdig(c->low[p])) {
			d[nd++] = c->low[p++];
			last = p;
		} else if ((c->low[p] == ' ' || c->low[p] == '-') && p + 1 < c->n && isdig(c->low[p + 1]) &&
			   p > k && isdig(c->low[p - 1])) {
			p++;
		} else {
			break;
		}
	}
	if (nd < 13 || nd > 19 || (last < c->n && phi_is_word(c->low[last])))
		return false;
	uint32_t at;
	bool kw = kw_before(c, k, 24, card_kw, &at);
	bool shaped = luhn(d, nd) && d[0] >= '2' && d[0] <= '6';
	if (!shaped && !kw)
		return false;
	*end = last;
	phi_ctx_add(c, k, last, PHI_R_CARD, PHI_M_SCANNER);
	return true;
}

/* Medicare Beneficiary Identifier: 11 characters, C A AN N A AN N A A N N,
 * letters without S L O I B Z, optionally written 4-3-4 with dashes. */
static bool mbi_alpha(char ch)
{
	ch = phi_lower(ch);
	return isalpha_(ch) && !strchr("sloibz", ch);
}

static bool mbi_at(const struct phi_ctx *c, uint32_t k, uint32_t *end, bool *upper_out)
{
	static const char shape[] = "CAXNAXNAANN"; /* C: 1-9, A: letter, N: digit, X: either */
	uint32_t p = k;
	bool upper = true;
	for (int i = 0; i < 11; i++) {
		if ((i == 4 || i == 7) && p < c->n && c->low[p] == '-')
			p++;
		if (p >= c->n)
			return false;
		char ch = c->cs[p];
		bool ok;
		switch (shape[i]) {
		case 'C':
			ok = ch >= '1' && ch <= '9';
			break;
		case 'N':
			ok = isdig(ch);
			break;
		case 'A':
			ok = mbi_alpha(ch);
			break;
		default:
			ok = isdig(ch) || mbi_alpha(ch);
			break;
		}
		if (!ok)
			return false;
		if (ch >= 'a' && ch <= 'z')
			upper = false;
		p++;
	}
	if (!at_word_end(c, p))
		return false;
	*end = p;
	*upper_out = upper;
	return true;
}

static bool try_mbi(struct phi_ctx *c, uint32_t k, uint32_t *end)
{
	bool upper;
	uint32_t at;
	if (!mbi_at(c, k, end, &upper))
		return false;
	if (!upper && !kw_before(c, k, 32, medicare_kw, &at))
		return false;
	phi_ctx_add(c, k, *end, PHI_R_MBI, PHI_M_SCANNER);
	return true;
}

static const char *const months_en[] = { "january", "february", "march", "april", "may", "june",
					  "july", "august", "september", "october", "november",
					  "december", "jan", "feb", "mar", "apr", "jun", "jul",
					  "aug", "sep", "sept", "oct", "nov", "dec", NULL };
static struct wset ws_months_en = { months_en, { 0 } };
static const char *const months_es[] = { "enero", "febrero", "marzo", "abril", "mayo", "junio",
					  "julio", "agosto", "septiembre", "setiembre", "octubre",
					  "noviembre", "diciembre", NULL };
static struct wset ws_months_es = { months_es, { 0 } };

static bool word_is(const struct phi_ctx *c, uint32_t s, uint32_t e, const char *const *list)
{
	if (e <= s)
		return false;
	char c0 = c->low[s], c1 = e - s > 1 ? c->low[s + 1] : '\0';
	for (; *list; list++)
		if ((*list)[0] == c0 && (*list)[1] == c1 && strlen(*list) == e - s &&
		    memcmp(c->low + s, *list, e - s) == 0)
			return true;
	return false;
}

static uint32_t alpha_end(const struct phi_ctx *c, uint32_t k)
{
	while (k < c->n && isalpha_(c->low[k]))
		k++;
	return k;
}

static int num_at(const struct phi_ctx *c, uint32_t s, uint32_t e)
{
	int v = 0;
	for (uint32_t k = s; k < e && k < s + 6; k++)
		v = v * 10 + (c->low[k] - '0');
	return v;
}

/* A date starting at k (a digit or a month name). Sets *end and the year
 * (0 when not written; two-digit years as written). */
static bool parse_date(const struct phi_ctx *c, uint32_t k, uint32_t *end, int *year)
{
	*year = 0;
	if (isdig(c->low[k])) {
		uint32_t a = digits_end(c, k);
		if (a - k == 4 && a < c->n && c->low[a] == '-') { /* 1962-05-21 */
			uint32_t b = digits_end(c, a + 1);
			if (b - a - 1 != 2 || b >= c->n || c->low[b] != '-')
				return false;
			uint32_t d = digits_end(c, b + 1);
			if (d - b - 1 != 2 || !at_word_end(c, d))
				return false;
			*year = num_at(c, k, a);
			*end = d;
			return true;
		}
		if (a - k <= 2 && a < c->n && (c->low[a] == '/' || c->low[a] == '-' || c->low[a] == '.')) {
			char sep = c->low[a];
			uint32_t b = digits_end(c, a + 1);
			if (b - a - 1 < 1 || b - a - 1 > 2 || b >= c->n || c->low[b] != sep)
				return false;
			uint32_t d = digits_end(c, b + 1);
			if ((d - b - 1 != 2 && d - b - 1 != 4) || !at_word_end(c, d))
				return false;
			*year = num_at(c, b + 1, d);
			*end = d;
			return true;
		}
		/* 3 de marzo de 1961, 3 March 1961 */
		if (a - k <= 2) {
			uint32_t p = a;
			if (p < c->n && c->low[p] == ' ')
				p++;
			if (p + 3 < c->n && memcmp(c->low + p, "de ", 3) == 0)
				p += 3;
			uint32_t me = alpha_end(c, p);
			if (me == p || !(in_set(c, p, me, &ws_months_en) || in_set(c, p, me, &ws_months_es)))
				return false;
			p = me;
			if (p < c->n && c->low[p] == '.')
				p++;
			p = skip_sep(c, p, " ,");
			if (p < c->n && c->low[p] == ' ')
				p++;
			if (p + 3 < c->n && memcmp(c->low + p, "de ", 3) == 0)
				p += 3;
			uint32_t y = digits_end(c, p);
			if (y - p != 4)
				return false;
			*year = num_at(c, p, y);
			*end = y;
			return true;
		}
		return false;
	}
	/* March 3, 1961 */
	if (!strchr("jfmasond", c->low[k]))
		return false;
	uint32_t me = alpha_end(c, k);
	if (!in_set(c, k, me, &ws_months_en))
		return false;
	uint32_t p = me;
	if (p < c->n && c->low[p] == '.')
		p++;
	if (p < c->n && c->low[p] == ' ')
		p++;
	uint32_t d = digits_end(c, p);
	if (d == p || d - p > 2)
		return false;
	p = d;
	if (p + 1 < c->n && (memcmp(c->low + p, "st", 2) == 0 || memcmp(c->low + p, "nd", 2) == 0 ||
			     memcmp(c->low + p, "rd", 2) == 0 || memcmp(c->low + p, "th", 2) == 0))
		p += 2;
	p = skip_sep(c, p, ",");
	if (p < c->n && c->low[p] == ' ')
		p++;
	uint32_t y = digits_end(c, p);
	if (y - p != 4 || !at_word_end(c, y))
		return false;
	*year = num_at(c, p, y);
	*end = y;
	return true;
}

static bool try_dob(struct phi_ctx *c, uint32_t k, uint32_t *end)
{
	int year;
	uint32_t e;
	if (!parse_date(c, k, &e, &year))
		return false;
	uint32_t at;
	bool kw = kw_before(c, k, 28, dob_kw, &at);
	/* A four-digit year long past is a birth date even without a keyword:
	 * appointments are not booked in 1962. */
	bool birth_year = year >= 1900 && year <= 2010;
	if (!kw && !birth_year)
		return false;
	*end = e;
	phi_ctx_add(c, k, e, PHI_R_DOB, PHI_M_SCANNER);
	return true;
}

/* An ID after its keyword: groups of letters and digits separated by single
 * spaces or dashes, at least `min_digits` digits in all, not a phone number
 * or an amount. */
static bool id_token(const struct phi_ctx *c, uint32_t k, int min_digits, uint32_t *end)
{
	if (k >= c->n || !phi_is_word(c->low[k]) || !at_word_start(c, k))
		return false;
	if (k > 0 && c->low[k - 1] == '$')
		return false;
	uint32_t p = k, last = k;
	int digits = 0, groups = 0;
	for (;;) {
		uint32_t g = p;
		int gd = 0;
		while (p < c->n && phi_is_word(c->low[p]))
			gd += isdig(c->low[p++]);
		if (p == g)
			break;
		/* A later group must have a digit (or it is the next word). */
		if (groups > 0 && gd == 0) {
			p = g;
			break;
		}
		/* A first group of letters only is a prefix (HZR 8870...). */
		if (groups == 0 && gd == 0 && p - g > 4)
			return false;
		digits += gd;
		groups++;
		last = p;
		if (p + 1 < c->n && (c->low[p] == ' ' || c->low[p] == '-') && phi_is_word(c->low[p + 1]))
			p++;
		else
			break;
	}
	if (digits < min_digits || last - k < 5)
		return false;
	/* Not a phone number (555-733-9000) or a time. */
	if (last < c->n && (c->low[last] == ':' || c->low[last] == '/'))
		return false;
	if (digits == 10 && last - k == 12 && c->low[k + 3] == '-' && c->low[k + 7] == '-')
		return false;
	*end = last;
	return true;
}

struct kwid {
	const char *kw;
	phi_reason reason;
};

static const struct kwid id_keywords[] = {
	{ "mrn", PHI_R_MRN },
	{ "medical record", PHI_R_MRN },
	{ "medical record number", PHI_R_MRN },
	{ "record number", PHI_R_MRN },
	{ "chart number", PHI_R_MRN },
	{ "chart", PHI_R_MRN },
	{ "patient id", PHI_R_MRN },
	{ "patient number", PHI_R_MRN },
	{ "expediente", PHI_R_MRN },
	{ "historia clinica", PHI_R_MRN },
	{ "numero de paciente", PHI_R_MRN },
	{ "member", PHI_R_MEMBER_ID },
	{ "member id", PHI_R_MEMBER_ID },
	{ "subscriber", PHI_R_MEMBER_ID },
	{ "subscriber id", PHI_R_MEMBER_ID },
	{ "policy", PHI_R_MEMBER_ID },
	{ "policy number", PHI_R_MEMBER_ID },
	{ "group", PHI_R_MEMBER_ID },
	{ "group number", PHI_R_MEMBER_ID },
	{ "insurance id", PHI_R_MEMBER_ID },
	{ "insurance", PHI_R_MEMBER_ID },
	{ "medicaid", PHI_R_MEMBER_ID },
	{ "medi-cal", PHI_R_MEMBER_ID },
	{ "medicare", PHI_R_MEMBER_ID },
	{ "tricare", PHI_R_MEMBER_ID },
	{ "aetna", PHI_R_MEMBER_ID },
	{ "uhc", PHI_R_MEMBER_ID },
	{ "united healthcare", PHI_R_MEMBER_ID },
	{ "unitedhealthcare", PHI_R_MEMBER_ID },
	{ "bcbs", PHI_R_MEMBER_ID },
	{ "blue cross", PHI_R_MEMBER_ID },
	{ "blue shield", PHI_R_MEMBER_ID },
	{ "cigna", PHI_R_MEMBER_ID },
	{ "humana", PHI_R_MEMBER_ID },
	{ "anthem", PHI_R_MEMBER_ID },
	{ "kaiser", PHI_R_MEMBER_ID },
	{ "molina", PHI_R_MEMBER_ID },
	{ "ambetter", PHI_R_MEMBER_ID },
	{ "wellcare", PHI_R_MEMBER_ID },
	{ "poliza", PHI_R_MEMBER_ID },
	{ "numero de poliza", PHI_R_MEMBER_ID },
	{ "miembro", PHI_R_MEMBER_ID },
	{ "afiliado", PHI_R_MEMBER_ID },
	{ "seguro", PHI_R_MEMBER_ID },
	{ "dl", PHI_R_ID_NUMBER },
	{ "driver's license", PHI_R_ID_NUMBER },
	{ "drivers license", PHI_R_ID_NUMBER },
	{ "driver license", PHI_R_ID_NUMBER },
	{ "license", PHI_R_ID_NUMBER },
	{ "licence", PHI_R_ID_NUMBER },
	{ "licencia", PHI_R_ID_NUMBER },
	{ "passport", PHI_R_ID_NUMBER },
	{ "pasaporte", PHI_R_ID_NUMBER },
	{ "state id", PHI_R_ID_NUMBER },
	{ "itin", PHI_R_ID_NUMBER },
	{ NULL, 0 },
};

/* The keywords above grouped by first letter: kw_by_letter[kw_first[x] ..
 * kw_first[x + 1]) start with 'a' + x. Set once by phi_scan_prepare()
 * (under phi_init's pthread_once). */
#define N_ID_KEYWORDS (sizeof id_keywords / sizeof id_keywords[0] - 1)
static const struct kwid *kw_by_letter[N_ID_KEYWORDS];
static uint8_t kw_len[N_ID_KEYWORDS];
static uint8_t kw_first[27];


static const char *const id_fillers[] = { "is", "was", "es", "number", "num", "no", "nr", "id", "ids",
					  "su", "de", "del", "numero", "card", "tarjeta", "on", "file",
					  "as", "como", "the", "our", "your", "new", "and", "plan",
					  "medicaid", "medicare", "records", "record", "we", "have",
					  "used", "it", "tx", "ca", "fl", "ny", NULL };
static struct wset ws_id_fillers = { id_fillers, { 0 } };

/* Keyword, fillers, then an ID with at least 4 digits. */
static void scan_keyword_ids(struct phi_ctx *c, uint32_t k)
{
	/* Try the longest keyword that starts at k. */
	const struct kwid *best = NULL;
	size_t bestn = 0;
	char c0 = c->low[k];
	if (c0 < 'a' || c0 > 'z')
		return;
	char c1 = k + 1 < c->n ? c->low[k + 1] : '\0';
	for (unsigned i = kw_first[c0 - 'a']; i < kw_first[c0 - 'a' + 1]; i++) {
		const struct kwid *q = kw_by_letter[i];
		if (q->kw[1] != c1)
			continue;
		size_t n = kw_len[i];
		if (n > bestn && k + n <= c->n && memcmp(c->low + k, q->kw, n) == 0 &&
		    at_word_end(c, k + (uint32_t)n)) {
			best = q;
			bestn = n;
		}
	}
	if (!best)
		return;
	uint32_t p = k + (uint32_t)bestn;
	/* Up to three filler words and one short code (UHC, TX): "member UHC
	 * 934007221", "Medicaid # 5002...", "MRN es 4412098". */
	for (int round = 0; round < 2; round++) {
		p = skip_words(c, p, &ws_id_fillers, 4);
		uint32_t e, me;
		bool upper;
		if (id_token(c, p, 4, &e)) {
			/* A Medicare number after any insurance keyword is an MBI. */
			bool mbi = mbi_at(c, p, &me, &upper) && me == e;
			phi_ctx_add(c, p, e, mbi ? PHI_R_MBI : best->reason, PHI_M_SCANNER);
			return;
		}
		/* One short all-letters word (an insurer's initials). */
		uint32_t ae = alpha_end(c, p);
		if (ae == p || ae - p > 4)
			return;
		p = ae;
	}
}

/* ---- addresses ----------------------------------------------------------------------------------------- */

static const char *const street_suffix[] = {
	"st", "street", "ave", "av", "avenue", "rd", "road", "blvd", "boulevard", "dr", "drive",
	"ln", "lane", "way", "ct", "court", "pl", "place", "cir", "circle", "pkwy", "parkway",
	"hwy", "highway", "ter", "terrace", "trl", "trail", "sq", "square", "loop", "row", "pike",
	"run", "path", "crossing", "xing", "cv", "cove", NULL };
static struct wset ws_street_suffix = { street_suffix, { 0 } };
static const char *const street_prefix_es[] = { "calle", "avenida", "av", "camino", "carretera",
						 "paseo", "privada", "callejon", NULL };
static struct wset ws_street_prefix_es = { street_prefix_es, { 0 } };
static const char *const addr_personal[] = {
	"your address", "your home", "home address", "mailing address", "billing address",
	"address on file", "address as", "address is", "mail it to", "mail them to",
	"ship it to", "send it to", "deliver it to", "lives at", "you live at", "your street",
	"su direccion", "direccion de su casa", "su domicilio", "domicilio", "vive en", NULL };
static const char *const addr_ours[] = { "our", "we're", "we are", "we've moved", "we moved",
					 "nuestra", "nuestro", "nuestras", "estamos", "nos mudamos",
					 "located", "clinic", "office", "clinica", "oficina", NULL };
static const char *const unit_words[] = { "apt", "apartment", "unit", "apto", "depto",
					  "departamento", "lot", "trlr", NULL };
static struct wset ws_unit_words = { unit_words, { 0 } };

/* House number, up to four words, a street suffix: "2719 Lakeshore Dr".
 * Spanish order too: "Calle Ocho 1234". Flagged only when a personal cue
 * ("your address", "mail it to") comes before it, with no "our office"
 * in between, or a unit number follows it. */
static void try_address(struct phi_ctx *c, uint32_t k)
{
	uint32_t start = k, end = 0;
	if (isdig(c->low[k])) {
		if (k > 0 && strchr("$#:/.,-", c->low[k - 1]) && !(k > 1 && c->low[k - 1] == ' '))
			return;
		uint32_t d = digits_end(c, k);
		if (d - k > 6)
			return;
		uint32_t p = d;
		if (p < c->n && isalpha_(c->low[p]) && (p + 1 >= c->n || !phi_is_word(c->low[p + 1])))
			p++; /* 12B */
		if (!at_word_end(c, p))
			return;
		for (int w = 0; w < 5; w++) {
			if (p >= c->n || c->low[p] != ' ')
				return;
			p++;
			uint32_t we = p;
			while (we < c->n && phi_is_word(c->low[we]))
				we++;
			if (we == p)
				return;
			if (w > 0 && in_set(c, p, we, &ws_street_suffix)) {
				end = we;
				if (end < c->n && c->low[end] == '.')
					end++;
				break;
			}
			p = we;
		}
		if (!end)
			return;
	} else {
		if (!strchr("capc", c->low[k]))
			return;
		uint32_t we = alpha_end(c, k);
		if (!in_set(c, k, we, &ws_street_prefix_es))
			return;
		uint32_t p = we;
		if (p < c->n && c->low[p] == '.')
			p++;
		for (int w = 0; w < 5 && !end; w++) {
			if (p >= c->n || c->low[p] != ' ')
				return;
			p++;
			if (isdig(c->low[p])) {
				uint32_t d = digits_end(c, p);
				if (w == 0 || d - p > 6 || !at_word_end(c, d))
					return;
				end = d;
				break;
			}
			uint32_t e2 = alpha_end(c, p);
			if (e2 == p)
				return;
			p = e2;
		}
		if (!end)
			return;
	}
	uint32_t cue = 0, ours = 0;
	bool personal = kw_before(c, start, 48, addr_personal, &cue);
	/* "Our new address is 100 Main St": the practice's, not the patient's
	 * (an "our" just before the cue or anywhere after it). */
	if (personal && kw_before(c, start, 48, addr_ours, &ours) && ours + 16 > cue)
		personal = false;
	/* What follows: unit number, city, state, ZIP, up to the sentence end. */
	uint32_t tail = end, limit = end + 48 < c->n ? end + 48 : c->n;
	bool unit = false;
	for (uint32_t p = end; p < limit; p++) {
		if (c->sent[p] != c->sent[end > 0 ? end - 1 : 0])
			break;
		if (isdig(c->low[p]) && at_word_start(c, p)) {
			uint32_t d = digits_end(c, p);
			if (d - p == 5 && at_word_end(c, d))
				tail = d; /* a ZIP code */
		}
		if (isalpha_(c->low[p]) && at_word_start(c, p)) {
			uint32_t we = alpha_end(c, p);
			if (in_set(c, p, we, &ws_unit_words))
				unit = true;
		}
	}
	if (!personal && !(unit && tail > end && !kw_before(c, start, 48, addr_ours, &ours)))
		return;
	phi_ctx_add(c, start, tail, PHI_R_ADDRESS, PHI_M_SCANNER);
}

void phi_scan_identifiers(struct phi_ctx *c)
{
	uint32_t next = 0; /* skip inside what was already taken */
	/* Every identifier has a digit within its first 48 characters
	 * (keyword, fillers, value): nd[wi] is where the next word with a
	 * digit starts (scratch space; resolve() uses it later). */
	uint32_t *nd = c->scratch, after = UINT32_MAX;
	for (uint32_t wi = c->nwords; wi-- > 0;) {
		if (c->wflags[wi] & PHI_W_DIGIT)
			after = c->wstart[wi];
		nd[wi] = after;
	}
	for (uint32_t wi = 0; wi < c->nwords; wi++) {
		uint32_t k = c->wstart[wi], e;
		if (c->truncated)
			return;
		if (k < next)
			continue;
		if (nd[wi] == UINT32_MAX)
			return;
		if (nd[wi] - k > 48)
			continue;
		uint8_t wf = c->wflags[wi];
		if (isdig(c->low[k]) && (try_ssn(c, k, &e) || try_card(c, k, &e) || try_mbi(c, k, &e))) {
			next = e;
			continue;
		}
		/* Dates start with a digit or a month name. */
		if ((isdig(c->low[k]) || word_in_set(c, wi, &ws_months_en)) && try_dob(c, k, &e)) {
			next = e;
			continue;
		}
		if (wf & PHI_W_ALPHA)
			scan_keyword_ids(c, k);
		if (isdig(c->low[k]) || word_in_set(c, wi, &ws_street_prefix_es))
			try_address(c, k);
	}
}

/* ---- values -------------------------------------------------------------------------------------------- */

static const char *const dose_units_strong[] = { "mg", "mcg", "ug", "mg/kg", "milligrams",
						 "milligram", "micrograms", "miligramos", NULL };
static const char *const dose_units_weak[] = {
	"ml", "cc", "iu", "units", "unit", "tab", "tabs", "tablet", "tablets", "cap", "caps",
	"capsule", "capsules", "pill", "pills", "puff", "puffs", "drop", "drops", "spray", "sprays",
	"unidades", "tableta", "tabletas", "pastilla", "pastillas", "capsula", "capsulas", "gotas",
	"inhalaciones", NULL };
static const char *const dose_cues[] = {
	"daily", "twice", "once", "a day", "per day", "times", "every", "bedtime", "nightly",
	"each night", "each morning", "before meals", "with meals", "with food", "x", "q",
	"al dia", "cada", "diario", "diaria", "veces", "antes de", "con comida", "por la noche",
	"en la manana", "al acostarse", "hours", "hrs", "horas", NULL };
static const char *const lab_units[] = { "mg/dl", "mmol/l", "mmol", "ng/ml", "ng/dl", "pg/ml",
					 "miu/l", "miu/ml", "uiu/ml", "meq/l", "g/dl", "u/l",
					 "iu/l", "mcg/dl", "ug/dl", "mm hg", "mmhg", "cells/mm3",
					 "k/ul", "x10", "bpm", NULL };
static const char *const not_value_after[] = {
	"am", "pm", "a.m", "p.m", "min", "mins", "minutes", "minute", "hour", "hours", "hr", "hrs",
	"day", "days", "week", "weeks", "wk", "wks", "month", "months", "mo", "year", "years",
	"yr", "yrs", "o'clock", "oclock", "minutos", "hora", "horas", "dia", "dias", "semana",
	"semanas", "mes", "meses", "ano", "anos", "de", "th", "st", "nd", "rd", "percent", NULL };
static const char *const not_value_before[] = { "at", "a", "las", "by", "until", "from", "before",
						"after", "on", "room", "suite", "ext", "x", "floor",
						"piso", "in", "en", "$", NULL };
static struct wset ws_not_value_before = { not_value_before, { 0 } };
static const char *const result_words[] = {
	"positive", "negative", "abnormal", "elevated", "high", "low", "benign", "malignant",
	"normal", "borderline", "detected", "undetectable", "reactive", "nonreactive",
	"non-reactive", "inconclusive", "worse", "better", "improved", "unremarkable", "clear",
	"positivo", "positiva", "negativo", "negativa", "anormal", "elevado", "elevada", "alto",
	"alta", "bajo", "baja", "benigno", "benigna", "maligno", "maligna", "normales",
	"detectado", "reactivo", NULL };
static struct wset ws_result_words = { result_words, { 0 } };
static const char *const result_nouns[] = {
	"result", "results", "test", "tests", "labs", "lab work", "labwork", "bloodwork",
	"blood work", "biopsy", "scan", "culture", "panel", "level", "levels", "count", "counts",
	"numbers", "screening", "swab", "resultado", "resultados", "prueba", "pruebas", "examen",
	"examenes", "analisis", "cultivo", "biopsia", "nivel", "niveles", "conteo", NULL };
static const char *const bp_words[] = { "bp", "blood pressure", "presion", "presion arterial",
					"pressure", NULL };

/* A number at k: digits with an optional decimal part. */
static uint32_t number_end(const struct phi_ctx *c, uint32_t k)
{
	uint32_t e = digits_end(c, k);
	if (e + 1 < c->n && (c->low[e] == '.' || c->low[e] == ',') && isdig(c->low[e + 1]) &&
	    digits_end(c, e + 1) - e - 1 <= 2)
		e = digits_end(c, e + 1);
	return e;
}

/* The word (letters and '/', '.', '\'') after position k, skipping one
 * space. */
static bool unit_after(const struct phi_ctx *c, uint32_t k, const char *const *list, uint32_t *end)
{
	uint32_t p = k;
	if (p < c->n && c->low[p] == ' ')
		p++;
	if (p >= c->n || !isalpha_(c->low[p]))
		return false;
	for (const char *const *u = list; *u; u++) {
		if ((*u)[0] != c->low[p])
			continue;
		size_t n = strlen(*u);
		if (p + n <= c->n && memcmp(c->low + p, *u, n) == 0 &&
		    (p + n >= c->n || !isalpha_(c->low[p + n]))) {
			*end = p + (uint32_t)n;
			return true;
		}
	}
	return false;
}

static bool is_lab_match(const struct phi_m *m)
{
	return m->kind == PHI_K_LAB;
}

void phi_scan_values(struct phi_ctx *c)
{
	/* Lab names found by the lexicon pass, in order: the value scanner
	 * looks back at the nearest one in the same sentence. */
	size_t nlex = c->nm;
	size_t li = 0;
	int32_t lab = -1; /* index of the last lab name before k */
	int32_t anchor = -1; /* index of the last test-ish match before k */
	uint32_t next = 0;
	for (uint32_t wi = 0; wi < c->nwords; wi++) {
		uint32_t k = c->wstart[wi];
		if (k < next)
			continue;
		while (li < nlex && c->m[li].e <= k) {
			if (is_lab_match(&c->m[li]))
				lab = (int32_t)li;
			if (c->m[li].kind == PHI_K_LAB || c->m[li].kind == PHI_R_TEST ||
			    c->m[li].kind == PHI_R_PROCEDURE)
				anchor = (int32_t)li;
			li++;
		}
		char ch = c->low[k];
		if (c->truncated)
			return;
		if (isdig(ch) && !(k > 0 && c->low[k - 1] == '$')) {
			uint32_t e = number_end(c, k), ue;
			/* Doses: "20 mg", "0.5mg", "1 tab twice a day". */
			if (unit_after(c, e, lab_units, &ue)) {
				phi_ctx_add(c, k, ue, PHI_R_LAB_VALUE, PHI_M_SCANNER);
				next = ue;
				continue;
			}
			if (unit_after(c, e, dose_units_strong, &ue)) {
				phi_ctx_add(c, k, ue, PHI_R_DOSE, PHI_M_SCANNER);
				next = ue;
				continue;
			}
			if (unit_after(c, e, dose_units_weak, &ue)) {
				uint32_t to = ue + 40 < c->n ? ue + 40 : c->n;
				if (kw_within(c, ue, to, dose_cues)) {
					phi_ctx_add(c, k, ue, PHI_R_DOSE, PHI_M_SCANNER);
					next = ue;
					continue;
				}
			}
			/* Blood pressure: 168/102 after "BP". */
			uint32_t slash = digits_end(c, k);
			if (slash < c->n && c->low[slash] == '/' && slash - k >= 2 && slash - k <= 3) {
				uint32_t d2 = digits_end(c, slash + 1);
				int sys = num_at(c, k, slash), dia = num_at(c, slash + 1, d2);
				uint32_t at;
				if (d2 - slash - 1 >= 2 && d2 - slash - 1 <= 3 && at_word_end(c, d2) &&
				    sys >= 70 && sys <= 260 && dia >= 30 && dia <= 160 && sys > dia &&
				    kw_before(c, k, 32, bp_words, &at)) {
					phi_ctx_add(c, k, d2, PHI_R_LAB_VALUE, PHI_M_SCANNER);
					next = d2;
					continue;
				}
			}
			/* A value after a lab name in the same sentence, within four
			 * words: "A1C came back 7.8", "colesterol salió alto (255)". */
			if (lab >= 0 && c->sent[c->m[lab].s] == c->sent[k] &&
			    c->word[k] - c->word[c->m[lab].e - 1] <= 4 && e > k) {
				bool date_or_time = e < c->n && (c->low[e] == '/' || c->low[e] == ':');
				uint32_t we, ws;
				bool decimal = false;
				for (uint32_t q = k; q < e; q++)
					decimal = decimal || c->low[q] == '.' || c->low[q] == ',';
				(void)ws;
				bool unit_not = unit_after(c, e, not_value_after, &we);
				/* The word before: "at 3" is a time unless it is 5.1. */
				bool before_time = false;
				uint32_t b = k;
				while (b > 0 && c->low[b - 1] == ' ')
					b--;
				uint32_t bs = b;
				while (bs > 0 && (isalpha_(c->low[bs - 1]) || c->low[bs - 1] == '$'))
					bs--;
				if (bs < b && in_set(c, bs, b, &ws_not_value_before))
					before_time = !decimal;
				if (!date_or_time && !unit_not && !before_time) {
					uint32_t end = e;
					if (end < c->n && c->low[end] == '%')
						end++;
					phi_ctx_add(c, k, end, PHI_R_LAB_VALUE, PHI_M_SCANNER);
				}
			}
			next = e;
			continue;
		}
		/* Result words after a test in the same sentence: "strep test was
		 * positive", "su biopsia salió benigna". */
		if (isalpha_(ch)) {
			uint32_t we = c->wend[wi];
			if (we - k >= 3 && word_in_set(c, wi, &ws_result_words)) {
				bool ok = anchor >= 0 && c->sent[c->m[anchor].s] == c->sent[k] &&
					  c->word[k] - c->word[c->m[anchor].e - 1] <= 5;
				if (!ok) {
					uint32_t from = k > 40 ? k - 40 : 0, at;
					while (from < k && c->sent[from] != c->sent[k])
						from++;
					if (kw_before(c, k, k - from, result_nouns, &at) &&
					    c->word[k] - c->word[at] <= 5)
						ok = true;
				}
				if (ok)
					phi_ctx_add(c, k, we, PHI_R_RESULT, PHI_M_SCANNER);
			}
		}
	}
}

void phi_scan_prepare(void)
{
	size_t o = 0;
	for (int x = 0; x < 26; x++) {
		kw_first[x] = (uint8_t)o;
		for (const struct kwid *q = id_keywords; q->kw; q++)
			if (q->kw[0] == 'a' + x) {
				kw_len[o] = (uint8_t)strlen(q->kw);
				kw_by_letter[o++] = q;
			}
	}
	kw_first[26] = (uint8_t)o;
	struct wset *sets[] = { &ws_months_en, &ws_months_es, &ws_street_suffix, &ws_street_prefix_es,
				&ws_unit_words, &ws_not_value_before, &ws_result_words, &ws_id_fillers };
	for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
		wset_prepare(sets[i]);
}
