/* Internal to src/phi: the generated lexicon table and the scanner parts. */
#ifndef CURTAIN_PHI_INT_H
#define CURTAIN_PHI_INT_H

#include "phi/phi.h"
#include <stdint.h>

/* Lexicon kinds beyond the finding reasons of phi.h. */
enum {
	PHI_K_CUE = PHI_R_COUNT, /* ties a weak term to the patient */
	PHI_K_GUARD,             /* a non-clinical sense: cancels findings inside it */
	PHI_K_NEGATION,          /* "no", "not", "negative for" */
	PHI_K_LAB,               /* lab/measurement name: a test, and makes numbers lab values */
	PHI_K_COUNT
};

enum {
	PHI_LEX_CASE = 1u << 0, /* match the exact case of `cased` */
	PHI_LEX_WEAK = 1u << 1, /* needs a context cue */
	PHI_LEX_ES = 1u << 2,   /* Spanish entry */
};

struct phi_lex_entry {
	const char *folded; /* lower-case folded form, the automaton key */
	const char *cased;  /* case-kept folded form (for PHI_LEX_CASE) */
	uint8_t kind;       /* phi_reason or PHI_K_* */
	uint8_t flags;      /* PHI_LEX_* */
};

extern const struct phi_lex_entry phi_lex[];
extern const size_t phi_lex_count;

/* A match or finding during one scan, in folded-buffer coordinates. */
struct phi_m {
	uint32_t s, e;  /* [s, e) in the folded buffer */
	uint16_t kind;  /* phi_reason or PHI_K_* */
	uint8_t flags;  /* PHI_LEX_* from the lexicon, PHI_M_* below */
	uint8_t dead;
};

enum {
	PHI_M_SCANNER = 1u << 5, /* found by a scanner, not the lexicon */
	PHI_M_CTX = 1u << 6,     /* a weak term confirmed by context */
};

#define PHI_MAX_MATCHES 512

enum {
	PHI_W_DIGIT = 2, /* has a digit (PHI_C_DIGIT) */
	PHI_W_ALPHA = 4, /* has a letter (PHI_C_ALPHA) */
};

/* The hash of folded words (FNV-1a), shared by fold and the word sets. */
static inline uint32_t phi_hash_step(uint32_t h, char ch)
{
	return (h ^ (uint8_t)ch) * 16777619u;
}
#define PHI_HASH_INIT 2166136261u

/* One scan: the text folded one byte per character (runs of spaces
 * collapsed), with maps back to the original bytes. */
struct phi_ctx {
	const char *text;
	size_t len;
	uint32_t n;        /* folded length */
	char *low;         /* folded, lower-case */
	char *cs;          /* folded, case kept */
	uint32_t *src;     /* src[k]: first byte of the character behind low[k] */
	uint32_t *word;    /* word[k]: index of the word that contains low[k] */
	uint32_t *sent;    /* sent[k]: index of the sentence */
	uint32_t *scratch; /* 2 * len + 8 entries for the rules in resolve() */
	/* The words (runs of letters and digits), found while folding. */
	uint32_t nwords;
	uint32_t *wstart, *wend; /* [wstart[i], wend[i]) in the folded buffer */
	uint32_t *whash;         /* FNV-1a of the folded word */
	uint8_t *wflags;         /* PHI_W_* */
	struct phi_m m[PHI_MAX_MATCHES];
	size_t nm;
	bool truncated;
};

/* Append a match; false (and ctx->truncated) when full. */
bool phi_ctx_add(struct phi_ctx *c, uint32_t s, uint32_t e, int kind, unsigned flags);

/* The scanners (scan_id.c): identifiers, doses, lab values, result words.
 * They run after the lexicon pass and may use its matches (lab names). */
void phi_scan_identifiers(struct phi_ctx *c);
void phi_scan_prepare(void); /* once, before the first scan */
void phi_scan_values(struct phi_ctx *c);

#endif
