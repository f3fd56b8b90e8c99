/* template: fills a template body's placeholders — {patient.first_name},
 * {patient.name}, {practice.name}, {practice.phone}, {staff.first_name},
 * {staff.name} and prompt-for-value {?label} — and picks, per template name,
 * the language variant a patient should get. No curses, no I/O. */
#ifndef CURTAIN_TEMPLATE_H
#define CURTAIN_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "proto/objects.h"

/* Syntax: "{key}" for a known key, "{?label}" asks the user (label
 * trimmed), "{{" and "}}" are literal braces. Anything else in braces (an
 * unknown key, "{?}", an unclosed "{") stays as written. */

enum tmpl_key {
	TMPL_PATIENT_FIRST_NAME = 0,
	TMPL_PATIENT_NAME,
	TMPL_PRACTICE_NAME,
	TMPL_PRACTICE_PHONE,
	TMPL_STAFF_FIRST_NAME,
	TMPL_STAFF_NAME,
	TMPL_KEY_COUNT
};

enum tmpl_seg_kind { TMPL_SEG_LITERAL = 0, TMPL_SEG_KEY, TMPL_SEG_PROMPT };

struct tmpl_seg {
	enum tmpl_seg_kind kind;
	enum tmpl_key key; /* TMPL_SEG_KEY, and a prompt that stands in for a key */
	bool from_key;	   /* a prompt made by tmpl_resolve for an unknown value */
	char *text;	   /* literal: the text; prompt: the label; key: NULL */
	char *raw;	   /* key, prompt: the placeholder as written */
	size_t prompt;	   /* prompt: index into the answers (and labels) */
};

struct tmpl_fill {
	struct tmpl_seg *segs;
	size_t n;
	const char **labels; /* distinct prompt labels in first-use order (point into segs) */
	size_t n_prompts;
};

/* What the known keys stand for; NULL or "" = unknown. */
struct tmpl_values {
	const char *patient_name; /* the conversation's patientName */
	const char *practice_name;
	const char *practice_phone; /* E.164 */
	const char *staff_name;	    /* the sender's displayName */
};

/* Splits body into segments (caller frees with tmpl_free). Never NULL. */
struct tmpl_fill *tmpl_parse(const char *body);
void tmpl_free(struct tmpl_fill **f);

/* Turns each known key whose value is unknown (e.g. a conversation without
 * a patient name) into a prompt with a translated label, so the UI asks for
 * it like any {?label}. Returns how many keys it turned. */
size_t tmpl_resolve(struct tmpl_fill *f, const struct tmpl_values *known);

/* The distinct prompt labels in order of first use; *labels points into f.
 * A label used twice is asked once and its answer fills both places. */
size_t tmpl_prompts(const struct tmpl_fill *f, const char *const **labels);

/* The text with every placeholder filled (caller frees). answers[i]
 * answers labels[i]; answers may be NULL, and a NULL answer (or an unknown
 * key value) leaves the placeholder as written so the gap stays visible. */
char *tmpl_render(const struct tmpl_fill *f, const struct tmpl_values *known,
		  const char *const *answers);

/* "+1XXXXXXXXXX" as "(XXX) XXX-XXXX"; any other number as is. */
void tmpl_format_phone(const char *e164, char *out, size_t outlen);
/* The first word of a name ("Ana Gómez" -> "Ana") into out. */
void tmpl_first_name(const char *name, char *out, size_t outlen);

/* The picker's list: one template per name, in the order names first
 * appear in list, choosing the variant in language (exact tag, then the
 * same primary language, e.g. "es" for "es-MX"), then English, then the
 * first one listed. out has room for n entries; returns how many it holds. */
size_t tmpl_pick_variant(const struct template *const *list, size_t n, const char *language,
			 const struct template **out);

#endif
