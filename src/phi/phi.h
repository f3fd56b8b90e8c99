/*
 * The "too detailed for SMS" detector.
 *
 * phi_scan() looks at a draft text message and reports the spans that
 * reveal more than logistics: a condition, a medication or dose, a test
 * result or value, a named procedure or test, a sensitive service, or an
 * identifier beyond name, time, place and callback number.
 *
 * Pure C with no UI or I/O dependency: the client scans on every
 * keystroke, curtainctl scans templates, `curtain scan` scans files.
 * Time is linear in the input; findings are capped at PHI_MAX_FINDINGS.
 * Thread-safe: the lexicon automaton is built once, on first use.
 */
#ifndef CURTAIN_PHI_H
#define CURTAIN_PHI_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	PHI_CAT_DIAGNOSIS,  /* condition, diagnosis, symptom tied to the patient */
	PHI_CAT_MEDICATION, /* drug names, doses */
	PHI_CAT_RESULT,     /* results and values */
	PHI_CAT_PROCEDURE,  /* named procedures and tests */
	PHI_CAT_SENSITIVE,  /* HIV/STI, mental health, substance use, reproductive, genetics, oncology */
	PHI_CAT_IDENTIFIER, /* SSN, DOB, MRN, member IDs, MBI, card numbers, home address */
	PHI_CAT_COUNT
} phi_category;

/* Why a span was flagged. Each reason belongs to exactly one category. */
#define PHI_REASONS(X)                                                                             \
	X(CONDITION, "condition", PHI_CAT_DIAGNOSIS, N_("condition"))                              \
	X(MEDICATION, "medication", PHI_CAT_MEDICATION, N_("medication"))                          \
	X(DOSE, "dose", PHI_CAT_MEDICATION, N_("medication dose"))                                 \
	X(RESULT, "result", PHI_CAT_RESULT, N_("test result"))                                     \
	X(LAB_VALUE, "lab-value", PHI_CAT_RESULT, N_("lab value"))                                 \
	X(TEST, "test", PHI_CAT_PROCEDURE, N_("test"))                                             \
	X(PROCEDURE, "procedure", PHI_CAT_PROCEDURE, N_("procedure"))                              \
	X(HIV_STI, "hiv-sti", PHI_CAT_SENSITIVE, N_("sensitive service: HIV/STI"))                 \
	X(MENTAL_HEALTH, "mental-health", PHI_CAT_SENSITIVE,                                       \
	  N_("sensitive service: behavioural health"))                                             \
	X(SUBSTANCE_USE, "substance-use", PHI_CAT_SENSITIVE, N_("sensitive service: substance use")) \
	X(REPRODUCTIVE, "reproductive", PHI_CAT_SENSITIVE,                                         \
	  N_("sensitive service: reproductive health"))                                            \
	X(GENETICS, "genetics", PHI_CAT_SENSITIVE, N_("sensitive service: genetics"))              \
	X(ONCOLOGY, "oncology", PHI_CAT_SENSITIVE, N_("sensitive service: oncology"))              \
	X(SSN, "ssn", PHI_CAT_IDENTIFIER, N_("SSN"))                                               \
	X(DOB, "dob", PHI_CAT_IDENTIFIER, N_("date of birth"))                                     \
	X(MRN, "mrn", PHI_CAT_IDENTIFIER, N_("medical record number"))                             \
	X(MEMBER_ID, "member-id", PHI_CAT_IDENTIFIER, N_("insurance member or policy ID"))         \
	X(MBI, "mbi", PHI_CAT_IDENTIFIER, N_("Medicare number (MBI)"))                             \
	X(CARD, "card", PHI_CAT_IDENTIFIER, N_("payment card number"))                             \
	X(ID_NUMBER, "id-number", PHI_CAT_IDENTIFIER, N_("licence or ID number"))                  \
	X(ADDRESS, "address", PHI_CAT_IDENTIFIER, N_("home address"))

typedef enum {
#define PHI_R_ENUM(id, key, cat, text) PHI_R_##id,
	PHI_REASONS(PHI_R_ENUM)
#undef PHI_R_ENUM
	PHI_R_COUNT
} phi_reason;

enum {
	PHI_F_NEGATED = 1u << 0, /* said with a negation ("no signs of"): still disclosed */
	PHI_F_CONTEXT = 1u << 1, /* a weak word that counted because of a context cue */
};

typedef struct {
	phi_category category;
	phi_reason reason;
	size_t start, end; /* byte offsets into the scanned text: [start, end) */
	unsigned flags;    /* PHI_F_* */
} phi_finding;

#define PHI_MAX_FINDINGS 32

typedef struct {
	bool nag;              /* at least one finding */
	bool truncated;        /* more findings than PHI_MAX_FINDINGS; the first ones are kept */
	unsigned categories;   /* bit (1u << category) for each category found */
	size_t n;              /* findings in f[], ordered by start offset */
	phi_finding f[PHI_MAX_FINDINGS];
} phi_result;

/* Scan len bytes of UTF-8 text (invalid bytes are treated as separators).
 * Never fails; out is always filled in. */
void phi_scan(const char *text, size_t len, phi_result *out);

/* Build the automaton now rather than on the first scan (optional). */
void phi_init(void);

/* Free this thread's reusable scan memory (optional; it holds no text
 * between scans). */
void phi_release(void);

/* Wire name of a category: "diagnosis", "medication", "result", "procedure",
 * "sensitive", "identifier" (as in Message/set phiWarning). NULL if out of range. */
const char *phi_category_name(phi_category c);
/* Untranslated English label for people ("condition", "medication", ...):
 * pass it through _() when showing it. */
const char *phi_category_label(phi_category c);
/* Stable key ("lab-value") and untranslated English text ("lab value") of a reason. */
const char *phi_reason_key(phi_reason r);
const char *phi_reason_text(phi_reason r);
phi_category phi_reason_category(phi_reason r);

/* Comma-separated wire names of the categories in mask, e.g.
 * "medication,result"; writes at most size bytes (always terminated). */
size_t phi_categories_csv(unsigned mask, char *buf, size_t size);

/* Lexicon statistics (for the benchmark and tests). */
size_t phi_lexicon_terms(void);

#endif
