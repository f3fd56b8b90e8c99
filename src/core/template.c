/* template: placeholder parsing and filling for message templates, and the
 * per-name language choice for the picker. Values are PHI (patient names),
 * so rendered text and answers are the caller's to wipe; the parsed body is
 * not PHI. */
#include "core/template.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/util.h"

static const char *const key_names[TMPL_KEY_COUNT] = {
	[TMPL_PATIENT_FIRST_NAME] = "patient.first_name", [TMPL_PATIENT_NAME] = "patient.name",
	[TMPL_PRACTICE_NAME] = "practice.name",		  [TMPL_PRACTICE_PHONE] = "practice.phone",
	[TMPL_STAFF_FIRST_NAME] = "staff.first_name",	  [TMPL_STAFF_NAME] = "staff.name",
};

/* ---- parsing ----------------------------------------------------------------------- */

static struct tmpl_seg *seg_add(struct tmpl_fill *f, size_t *cap, enum tmpl_seg_kind kind)
{
	if (f->n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		f->segs = xrealloc(f->segs, *cap * sizeof *f->segs);
	}
	struct tmpl_seg *s = &f->segs[f->n++];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	return s;
}

/* Moves the pending literal text into a segment (adjacent literals merge). */
static void flush_literal(struct tmpl_fill *f, size_t *cap, struct buf *lit)
{
	if (!lit->len)
		return;
	struct tmpl_seg *s = seg_add(f, cap, TMPL_SEG_LITERAL);
	s->text = buf_steal(lit);
}

/* Numbers the prompts, one number per distinct label in first-use order. */
static void index_prompts(struct tmpl_fill *f)
{
	free(f->labels);
	f->labels = xcalloc(f->n ? f->n : 1, sizeof *f->labels);
	f->n_prompts = 0;
	for (size_t i = 0; i < f->n; i++) {
		struct tmpl_seg *s = &f->segs[i];
		if (s->kind != TMPL_SEG_PROMPT)
			continue;
		size_t k = 0;
		while (k < f->n_prompts && strcmp(f->labels[k], s->text) != 0)
			k++;
		if (k == f->n_prompts)
			f->labels[f->n_prompts++] = s->text;
		s->prompt = k;
	}
}

static char *trimmed(const char *s, size_t len)
{
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	return xstrndup(s, len);
}

struct tmpl_fill *tmpl_parse(const char *body)
{
	struct tmpl_fill *f = xcalloc(1, sizeof *f);
	size_t cap = 0;
	struct buf lit;
	buf_init(&lit);
	const char *p = body ? body : "";
	while (*p) {
		if (p[0] == '{' && p[1] == '{') {
			buf_append(&lit, "{", 1);
			p += 2;
			continue;
		}
		if (p[0] == '}' && p[1] == '}') {
			buf_append(&lit, "}", 1);
			p += 2;
			continue;
		}
		if (p[0] != '{') {
			buf_append(&lit, p, 1);
			p++;
			continue;
		}
		/* A placeholder runs to the first '}' unless another '{' starts
		 * first (then this '{' is literal text). */
		size_t len = strcspn(p + 1, "{}");
		if (p[1 + len] != '}') {
			buf_append(&lit, p, 1);
			p++;
			continue;
		}
		const char *inner = p + 1;
		size_t whole = len + 2;
		if (inner[0] == '?') {
			char *label = trimmed(inner + 1, len - 1);
			if (!*label) {
				free(label);
				buf_append(&lit, p, whole);
			} else {
				flush_literal(f, &cap, &lit);
				struct tmpl_seg *s = seg_add(f, &cap, TMPL_SEG_PROMPT);
				s->text = label;
				s->raw = xstrndup(p, whole);
			}
			p += whole;
			continue;
		}
		int key = -1;
		for (int k = 0; k < TMPL_KEY_COUNT; k++)
			if (strlen(key_names[k]) == len && memcmp(key_names[k], inner, len) == 0)
				key = k;
		if (key < 0) {
			buf_append(&lit, p, whole);
		} else {
			flush_literal(f, &cap, &lit);
			struct tmpl_seg *s = seg_add(f, &cap, TMPL_SEG_KEY);
			s->key = (enum tmpl_key)key;
			s->raw = xstrndup(p, whole);
		}
		p += whole;
	}
	flush_literal(f, &cap, &lit);
	buf_free(&lit);
	index_prompts(f);
	return f;
}

void tmpl_free(struct tmpl_fill **fp)
{
	if (!fp || !*fp)
		return;
	struct tmpl_fill *f = *fp;
	for (size_t i = 0; i < f->n; i++) {
		free(f->segs[i].text);
		free(f->segs[i].raw);
	}
	free(f->segs);
	free(f->labels);
	free(f);
	*fp = NULL;
}

/* ---- values --------------------------------------------------------------------------- */

void tmpl_first_name(const char *name, char *out, size_t outlen)
{
	if (!outlen)
		return;
	out[0] = '\0';
	if (!name)
		return;
	while (isspace((unsigned char)*name))
		name++;
	size_t len = 0;
	while (name[len] && !isspace((unsigned char)name[len]))
		len++;
	if (len >= outlen)
		len = outlen - 1;
	memcpy(out, name, len);
	out[len] = '\0';
}

void tmpl_format_phone(const char *e164, char *out, size_t outlen)
{
	if (!outlen)
		return;
	if (!e164)
		e164 = "";
	bool us = strlen(e164) == 12 && e164[0] == '+' && e164[1] == '1';
	for (size_t i = 2; us && i < 12; i++)
		us = isdigit((unsigned char)e164[i]);
	if (us)
		snprintf(out, outlen, "(%.3s) %.3s-%.4s", e164 + 2, e164 + 5, e164 + 8);
	else
		snprintf(out, outlen, "%s", e164);
}

/* The value of key into out ("" when unknown). */
static void key_value(enum tmpl_key key, const struct tmpl_values *v, char *out, size_t outlen)
{
	out[0] = '\0';
	if (!v)
		return;
	switch (key) {
	case TMPL_PATIENT_FIRST_NAME:
		tmpl_first_name(v->patient_name, out, outlen);
		break;
	case TMPL_PATIENT_NAME:
		snprintf(out, outlen, "%s", v->patient_name ? v->patient_name : "");
		break;
	case TMPL_PRACTICE_NAME:
		snprintf(out, outlen, "%s", v->practice_name ? v->practice_name : "");
		break;
	case TMPL_PRACTICE_PHONE:
		if (v->practice_phone && *v->practice_phone)
			tmpl_format_phone(v->practice_phone, out, outlen);
		break;
	case TMPL_STAFF_FIRST_NAME:
		tmpl_first_name(v->staff_name, out, outlen);
		break;
	case TMPL_STAFF_NAME:
		snprintf(out, outlen, "%s", v->staff_name ? v->staff_name : "");
		break;
	case TMPL_KEY_COUNT:
		break;
	}
}

static const char *key_label(enum tmpl_key key)
{
	switch (key) {
	case TMPL_PATIENT_FIRST_NAME:
		/* TRANSLATORS: asked when a template needs the patient's first
		 * name and the conversation has none. */
		return _("patient's first name");
	case TMPL_PATIENT_NAME:
		return _("patient's name");
	case TMPL_PRACTICE_NAME:
		return _("practice name");
	case TMPL_PRACTICE_PHONE:
		return _("practice phone");
	case TMPL_STAFF_FIRST_NAME:
		/* TRANSLATORS: the sender's own first name, asked for a template. */
		return _("your first name");
	case TMPL_STAFF_NAME:
		return _("your name");
	case TMPL_KEY_COUNT:
		break;
	}
	return "?";
}

size_t tmpl_resolve(struct tmpl_fill *f, const struct tmpl_values *known)
{
	size_t turned = 0;
	for (size_t i = 0; i < f->n; i++) {
		struct tmpl_seg *s = &f->segs[i];
		if (s->kind != TMPL_SEG_KEY)
			continue;
		char v[512];
		key_value(s->key, known, v, sizeof v);
		bool have = v[0] != '\0';
		sodium_memzero(v, sizeof v);
		if (have)
			continue;
		s->kind = TMPL_SEG_PROMPT;
		s->from_key = true;
		s->text = xstrdup(key_label(s->key));
		turned++;
	}
	if (turned)
		index_prompts(f);
	return turned;
}

size_t tmpl_prompts(const struct tmpl_fill *f, const char *const **labels)
{
	if (labels)
		*labels = (const char *const *)f->labels;
	return f->n_prompts;
}

char *tmpl_render(const struct tmpl_fill *f, const struct tmpl_values *known,
		  const char *const *answers)
{
	struct buf out;
	buf_init(&out);
	buf_puts(&out, "");
	for (size_t i = 0; i < f->n; i++) {
		const struct tmpl_seg *s = &f->segs[i];
		switch (s->kind) {
		case TMPL_SEG_LITERAL:
			buf_puts(&out, s->text);
			break;
		case TMPL_SEG_KEY: {
			char v[512];
			key_value(s->key, known, v, sizeof v);
			buf_puts(&out, v[0] ? v : s->raw);
			sodium_memzero(v, sizeof v); /* a patient's name */
			break;
		}
		case TMPL_SEG_PROMPT: {
			const char *a = answers ? answers[s->prompt] : NULL;
			buf_puts(&out, a ? a : s->raw);
			break;
		}
		}
	}
	return buf_steal(&out);
}

/* ---- language variants ------------------------------------------------------------------ */

/* Length of the primary language subtag ("es" of "es-MX"). */
static size_t primary_len(const char *tag)
{
	return strcspn(tag, "-_");
}

/* 0 exact, 1 same primary language, 2 English, 3 anything else. */
static int lang_rank(const char *have, const char *want)
{
	if (!have)
		have = "";
	if (want && *want) {
		if (strcasecmp(have, want) == 0)
			return 0;
		size_t ph = primary_len(have), pw = primary_len(want);
		if (ph == pw && ph && strncasecmp(have, want, ph) == 0)
			return 1;
	}
	if (primary_len(have) == 2 && strncasecmp(have, "en", 2) == 0)
		return 2;
	return 3;
}

static bool same_name(const struct template *a, const struct template *b)
{
	return strcmp(a->name ? a->name : "", b->name ? b->name : "") == 0;
}

size_t tmpl_pick_variant(const struct template *const *list, size_t n, const char *language,
			 const struct template **out)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const struct template *t = list[i];
		if (!t)
			continue;
		size_t j = 0;
		while (j < k && !same_name(out[j], t))
			j++;
		if (j == k)
			out[k++] = t;
		else if (lang_rank(t->language, language) < lang_rank(out[j]->language, language))
			out[j] = t;
	}
	return k;
}
