/* twilio_sig: what Twilio's webhooks carry and how they are proven genuine.
 * Owns the parameter list of a webhook request (form or flat JSON body),
 * the X-Twilio-Signature computation (HMAC-SHA1 over the full URL and the
 * POST parameters sorted by name, base64) and the bodySHA256 check for JSON
 * bodies. Pure functions: no I/O, no store, so the unit tests can feed them
 * Twilio's published test vectors. */
#ifndef CURTAIN_TWILIO_SIG_H
#define CURTAIN_TWILIO_SIG_H

#include <stdbool.h>
#include <stddef.h>

/* At most this many parameters are accepted in one webhook request; Twilio
 * sends about 20, plus two per media item (at most 10). */
#define TWILIO_PARAMS_MAX 256

struct twilio_param {
	char *name;
	char *value;
};

/* Every name/value pair in the order received; repeated names are kept. */
struct twilio_params {
	struct twilio_param *v;
	size_t n;
	size_t cap;
};

/* Parses an application/x-www-form-urlencoded body ('+' and %XX decoded).
 * False (and *p left empty) on more than TWILIO_PARAMS_MAX pairs. */
bool twilio_params_parse_form(struct twilio_params *p, const char *body, size_t len);
/* Takes the string (and number) members of a flat JSON object; false if the
 * body is not a JSON object. Used for field access only: a JSON body's
 * signature covers the URL alone. */
bool twilio_params_parse_json(struct twilio_params *p, const char *body, size_t len);
/* The first value named name, or NULL. */
const char *twilio_params_get(const struct twilio_params *p, const char *name);
/* Wipes (the values may be message text) and frees; leaves *p empty. */
void twilio_params_free(struct twilio_params *p);

#define TWILIO_SIG_LEN 29 /* 28 base64 characters of a SHA-1 HMAC, + NUL */

/* Twilio's signature of a request: base64(HMAC-SHA1(token, url + for each
 * parameter sorted by name, then value: name + value)). p NULL or empty:
 * the URL alone (JSON bodies). */
void twilio_signature(const char *token, const char *url, const struct twilio_params *p,
		      char out[TWILIO_SIG_LEN]);
/* True when sig (the X-Twilio-Signature header) matches url with its port
 * removed or with the scheme's default port added, as Twilio's own
 * validators accept. Compared in constant time (sodium_memcmp). */
bool twilio_signature_check(const char *token, const char *url, const struct twilio_params *p,
			    const char *sig);
/* True when hex is the lower-case hex SHA-256 of body (constant time). */
bool twilio_body_hash_check(const char *hex, const void *body, size_t len);
/* The decoded value of query parameter name in a URL or a bare query
 * string ("a=1&b=2"), or NULL. Caller frees. */
char *twilio_query_param(const char *url_or_query, const char *name);

#endif
