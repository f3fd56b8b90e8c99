/*
 * lexgen: compile the src/phi/lexicon .lex files into one C table for the detector.
 *
 *   lexgen -o OUT.c FILE.lex...
 *
 * Checks every line (syntax, reason keys, characters, short terms), folds
 * each term exactly as the scanner folds text (fold.h), adds inflections
 * and spelling variants, removes duplicates and writes the entries sorted,
 * so the same tree always gives the same output. Any error names the file
 * and line and fails the build.
 */
#define N_(s) s
#include "phi/fold.h"
#include "phi/phi.h"
#include "phi/phi_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_keys[PHI_K_COUNT] = {
#define PHI_R_KEY(id, key, cat, text) key,
	PHI_REASONS(PHI_R_KEY)
#undef PHI_R_KEY
		"cue",
	"guard",
	"negation",
	"lab",
};

struct entry {
	char *folded;
	char *cased;
	int kind;
	unsigned flags;
};

static struct entry *entries;
static size_t n_entries, cap_entries;
static int errors;

static void err(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s:%d: error: ", file, line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	errors++;
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fprintf(stderr, "lexgen: out of memory\n");
		exit(1);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = xmalloc(n);
	memcpy(p, s, n);
	return p;
}

static int kind_by_key(const char *k)
{
	for (int i = 0; i < PHI_K_COUNT; i++)
		if (strcmp(kind_keys[i], k) == 0)
			return i;
	return -1;
}

/* Fold a UTF-8 term: one output byte per character, runs of spaces
 * collapsed, trimmed. Returns 0, or -1 with a message in why. */
static int fold_term(const char *in, char *cased, size_t size, const char **why)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t len = strlen(in), o = 0;
	for (size_t i = 0; i < len;) {
		char c;
		size_t used = phi_fold_char(s, len, i, &c);
		if (c == ' ' && s[i] != ' ') {
			*why = "a character that folds to a separator (emoji, other script or invalid UTF-8)";
			return -1;
		}
		i += used;
		if (c == ' ' && (o == 0 || cased[o - 1] == ' '))
			continue;
		if (o + 1 >= size) {
			*why = "term too long";
			return -1;
		}
		cased[o++] = c;
	}
	while (o && cased[o - 1] == ' ')
		o--;
	cased[o] = '\0';
	if (!o) {
		*why = "empty term";
		return -1;
	}
	for (size_t i = 0; i < o; i++) {
		char c = cased[i];
		if (!phi_is_word(c) && !strchr(" -'/.&", c)) {
			*why = "characters other than letters, digits, space and - ' / . &";
			return -1;
		}
	}
	if (!phi_is_word(cased[0]) || !(phi_is_word(cased[o - 1]) || cased[o - 1] == '.')) {
		*why = "a term must start with a letter or digit and end with one (or '.')";
		return -1;
	}
	return 0;
}

static void add(const char *cased, int kind, unsigned flags)
{
	if (n_entries == cap_entries) {
		cap_entries = cap_entries ? cap_entries * 2 : 4096;
		struct entry *n = realloc(entries, cap_entries * sizeof *n);
		if (!n) {
			fprintf(stderr, "lexgen: out of memory\n");
			exit(1);
		}
		entries = n;
	}
	struct entry *e = &entries[n_entries++];
	e->cased = xstrdup(cased);
	e->folded = xstrdup(cased);
	for (char *p = e->folded; *p; p++)
		*p = phi_lower(*p);
	e->kind = kind;
	e->flags = flags;
}

static int is_vowel(char c)
{
	c = phi_lower(c);
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* The plural of one word w (lower-case folded) into out. 0 if none. */
static int plural(const char *w, size_t n, int spanish, int upper, char *out, size_t size)
{
	if (n < 3 || !isalpha((unsigned char)w[n - 1]) || n + 4 >= size)
		return 0;
	memcpy(out, w, n);
	char last = phi_lower(w[n - 1]), prev = phi_lower(w[n - 2]);
	if (upper) { /* acronyms: UTI -> UTIs */
		if (last == 's')
			return 0;
		strcpy(out + n, "s");
		return 1;
	}
	if (spanish) {
		if (last == 's' || last == 'x')
			return 0; /* crisis, tórax: the same in the plural */
		if (last == 'z')
			strcpy(out + n - 1, "ces");
		else if (is_vowel(last))
			strcpy(out + n, "s");
		else
			strcpy(out + n, "es");
		return 1;
	}
	if (last == 's' && (prev == 'i' || prev == 'u' || prev == 's'))
		return 0; /* arthritis, virus, illness: leave the Latin and -ss words alone */
	if (last == 's' || last == 'x' || last == 'z' || (last == 'h' && (prev == 'c' || prev == 's')))
		strcpy(out + n, "es");
	else if (last == 'y' && !is_vowel(prev))
		strcpy(out + n - 1, "ies");
	else
		strcpy(out + n, "s");
	return 1;
}

/* Add a term with its inflections and spelling variants. */
static void add_forms(const char *cased, int kind, unsigned flags, int noinfl)
{
	char buf[512];
	add(cased, kind, flags);
	/* Hyphenated terms also match spelled with a space or joined:
	 * x-ray, x ray, xray; follow-up, follow up. */
	if (strchr(cased, '-')) {
		size_t k = 0;
		for (const char *p = cased; *p && k + 1 < sizeof buf; p++)
			buf[k++] = *p == '-' ? ' ' : *p;
		buf[k] = '\0';
		add_forms(buf, kind, flags, noinfl);
		k = 0;
		for (const char *p = cased; *p && k + 1 < sizeof buf; p++)
			if (*p != '-')
				buf[k++] = *p;
		buf[k] = '\0';
		add_forms(buf, kind, flags, noinfl);
		return; /* the variants added the plurals */
	}
	/* Possessives: Crohn's also as Crohns and Crohn. */
	const char *ap = strstr(cased, "'s");
	if (ap && (ap[2] == '\0' || ap[2] == ' ')) {
		size_t pre = (size_t)(ap - cased);
		snprintf(buf, sizeof buf, "%.*s%s", (int)pre, cased, ap + 2);
		add(buf, kind, flags);
		snprintf(buf, sizeof buf, "%.*ss%s", (int)pre, cased, ap + 2);
		add(buf, kind, flags);
	}
	if (noinfl)
		return;
	int spanish = (flags & PHI_LEX_ES) != 0;
	/* English inflects the last word; Spanish the head noun: the first word
	 * when the phrase has "de" (infección de oído -> infecciones de oído). */
	size_t len = strlen(cased), ws = 0, we = len;
	if (spanish && strstr(cased, " de ")) {
		we = (size_t)(strchr(cased, ' ') - cased);
	} else {
		const char *sp = strrchr(cased, ' ');
		ws = sp ? (size_t)(sp - cased) + 1 : 0;
	}
	int upper = (flags & PHI_LEX_CASE) && isupper((unsigned char)cased[we - 1]);
	char pl[256];
	if (!plural(cased + ws, we - ws, spanish, upper, pl, sizeof pl))
		return;
	size_t pn = strlen(pl);
	if (ws + pn + (len - we) + 1 > sizeof buf)
		return;
	memcpy(buf, cased, ws);
	memcpy(buf + ws, pl, pn);
	memcpy(buf + ws + pn, cased + we, len - we);
	buf[ws + pn + len - we] = '\0';
	add(buf, kind, flags);
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

static void read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		errors++;
		return;
	}
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, lang = -1, have_source = 0, have_licence = 0, reason = -1, entries_seen = 0;
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		char *s = trim(line);
		if (!*s || *s == '#')
			continue;
		/* A comment after an entry: " # ..." */
		char *hash = strstr(s, " #");
		if (hash) {
			*hash = '\0';
			s = trim(s);
		}
		if (*s == '@') {
			char *val = s + 1;
			while (*val && *val != ' ' && *val != '\t')
				val++;
			if (*val)
				*val++ = '\0';
			val = trim(val);
			if (strcmp(s, "@lang") == 0) {
				if (strcmp(val, "en") == 0)
					lang = 0;
				else if (strcmp(val, "es") == 0)
					lang = 1;
				else
					err(path, lineno, "@lang must be en or es, not '%s'", val);
				if (entries_seen)
					err(path, lineno, "@lang must come before the entries");
			} else if (strcmp(s, "@source") == 0) {
				have_source = *val != '\0';
			} else if (strcmp(s, "@licence") == 0 || strcmp(s, "@license") == 0) {
				have_licence = *val != '\0';
			} else if (strcmp(s, "@reason") == 0) {
				reason = kind_by_key(val);
				if (reason < 0)
					err(path, lineno, "unknown reason '%s'", val);
			} else {
				err(path, lineno, "unknown directive '%s'", s);
			}
			continue;
		}
		entries_seen++;
		char *flags = strchr(s, '|');
		if (flags) {
			*flags++ = '\0';
			s = trim(s);
		}
		unsigned fl = lang == 1 ? PHI_LEX_ES : 0;
		int kind = reason, noinfl = 0;
		for (char *tok = flags ? strtok(flags, " \t") : NULL; tok; tok = strtok(NULL, " \t")) {
			if (strcmp(tok, "case") == 0)
				fl |= PHI_LEX_CASE;
			else if (strcmp(tok, "weak") == 0)
				fl |= PHI_LEX_WEAK;
			else if (strcmp(tok, "noinfl") == 0)
				noinfl = 1;
			else if (strncmp(tok, "reason=", 7) == 0) {
				kind = kind_by_key(tok + 7);
				if (kind < 0)
					err(path, lineno, "unknown reason '%s'", tok + 7);
			} else
				err(path, lineno, "unknown flag '%s'", tok);
		}
		if (lang < 0) {
			err(path, lineno, "entries need an @lang line first");
			lang = 0;
		}
		if (kind < 0) {
			err(path, lineno, "no @reason and no reason= for '%s'", s);
			continue;
		}
		char cased[256];
		const char *why = NULL;
		if (fold_term(s, cased, sizeof cased, &why) < 0) {
			err(path, lineno, "'%s': %s", s, why);
			continue;
		}
		size_t letters = 0;
		for (const char *p = cased; *p; p++)
			letters += phi_is_word(*p) != 0;
		int finding = kind < PHI_R_COUNT || kind == PHI_K_LAB;
		if (finding && letters <= 2 && !(fl & PHI_LEX_CASE))
			err(path, lineno, "'%s': terms of one or two letters must be marked case", s);
		if ((fl & PHI_LEX_WEAK) && !finding)
			err(path, lineno, "'%s': only findings can be weak", s);
		add_forms(cased, kind, fl, noinfl);
	}
	free(line);
	fclose(f);
	if (!have_source)
		err(path, lineno, "no @source line (where the words come from)");
	if (!have_licence)
		err(path, lineno, "no @licence line");
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->folded, y->folded);
	if (c)
		return c;
	if (x->kind != y->kind)
		return x->kind - y->kind;
	c = strcmp(x->cased, y->cased);
	if (c)
		return c;
	return (int)x->flags - (int)y->flags;
}

static void put_c_string(FILE *o, const char *s)
{
	fputc('"', o);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', o);
		fputc(*s, o);
	}
	fputc('"', o);
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	int first = 1;
	if (argc > 2 && strcmp(argv[1], "-o") == 0) {
		out = argv[2];
		first = 3;
	}
	if (!out || first >= argc) {
		fprintf(stderr, "usage: lexgen -o OUT.c FILE.lex...\n");
		return 2;
	}
	for (int i = first; i < argc; i++)
		read_file(argv[i]);
	if (errors) {
		fprintf(stderr, "lexgen: %d error%s\n", errors, errors == 1 ? "" : "s");
		return 1;
	}
	qsort(entries, n_entries, sizeof *entries, cmp_entry);
	/* Merge duplicates: the same folded term and kind. A weak and a strong
	 * copy make a strong one; case-sensitive and insensitive copies make an
	 * insensitive one. Spanish and English copies are one entry. */
	size_t w = 0;
	for (size_t i = 0; i < n_entries; i++) {
		if (w && strcmp(entries[w - 1].folded, entries[i].folded) == 0 &&
		    entries[w - 1].kind == entries[i].kind &&
		    (!(entries[w - 1].flags & PHI_LEX_CASE) || !(entries[i].flags & PHI_LEX_CASE) ||
		     strcmp(entries[w - 1].cased, entries[i].cased) == 0)) {
			struct entry *p = &entries[w - 1];
			unsigned weak = (p->flags & entries[i].flags) & PHI_LEX_WEAK;
			unsigned cs = (p->flags & entries[i].flags) & PHI_LEX_CASE;
			unsigned es = (p->flags & entries[i].flags) & PHI_LEX_ES;
			p->flags = weak | cs | es;
			continue;
		}
		entries[w++] = entries[i];
	}
	n_entries = w;
	FILE *o = fopen(out, "w");
	if (!o) {
		fprintf(stderr, "%s: %s\n", out, strerror(errno));
		return 1;
	}
	fprintf(o, "/* Generated by src/phi/lexgen.c from src/phi/lexicon: do not edit. */\n");
	fprintf(o, "#include \"phi/phi_int.h\"\n\nconst struct phi_lex_entry phi_lex[] = {\n");
	for (size_t i = 0; i < n_entries; i++) {
		const struct entry *e = &entries[i];
		fputs("\t{", o);
		put_c_string(o, e->folded);
		fputs(", ", o);
		put_c_string(o, e->cased);
		fprintf(o, ", %d, %u},\n", e->kind, e->flags);
	}
	fprintf(o, "};\nconst size_t phi_lex_count = %zu;\n", n_entries);
	if (fclose(o) != 0) {
		fprintf(stderr, "%s: %s\n", out, strerror(errno));
		return 1;
	}
	fprintf(stderr, "lexgen: %zu entries from %d files\n", n_entries, argc - first);
	return 0;
}
