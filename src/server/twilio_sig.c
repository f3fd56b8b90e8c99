/* twilio_sig: webhook parameters and Twilio's request signatures. */
#include "server/twilio_sig.h"

#include <ctype.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/util.h"

/* ---- parameters --------------------------------------------------------------- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes one form component of n bytes into a new string. */
static char *form_decode(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			*o++ = ' ';
		} else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 &&
			   hexval(s[i + 2]) >= 0) {
			*o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

static void params_add(struct twilio_params *p, char *name, char *value)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 32;
		p->v = xrealloc(p->v, p->cap * sizeof *p->v);
	}
	p->v[p->n].name = name;
	p->v[p->n].value = value;
	p->n++;
}

bool twilio_params_parse_form(struct twilio_params *p, const char *body, size_t len)
{
	memset(p, 0, sizeof *p);
	size_t i = 0;
	while (i < len) {
		size_t end = i;
		while (end < len && body[end] != '&')
			end++;
		if (end > i) {
			if (p->n == TWILIO_PARAMS_MAX) {
				twilio_params_free(p);
				return false;
			}
			const char *eq = memchr(body + i, '=', end - i);
			size_t nlen = eq ? (size_t)(eq - (body + i)) : end - i;
			char *name = form_decode(body + i, nlen);
			char *value = eq ? form_decode(eq + 1, (size_t)(body + end - (eq + 1))) :
					   xstrdup("");
			params_add(p, name, value);
		}
		i = end + 1;
	}
	return true;
}

bool twilio_params_parse_json(struct twilio_params *p, const char *body, size_t len)
{
	memset(p, 0, sizeof *p);
	json_t *j = json_loadb(body ? body : "", len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(j)) {
		json_decref(j);
		return false;
	}
	const char *k;
	json_t *v;
	json_object_foreach(j, k, v) {
		char num[64];
		const char *s = NULL;
		if (json_is_string(v))
			s = json_string_value(v);
		else if (json_is_integer(v))
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v)), s = num;
		if (!s)
			continue;
		if (p->n == TWILIO_PARAMS_MAX)
			break;
		params_add(p, xstrdup(k), xstrdup(s));
	}
	json_decref(j);
	return true;
}

const char *twilio_params_get(const struct twilio_params *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].name, name) == 0)
			return p->v[i].value;
	return NULL;
}

void twilio_params_free(struct twilio_params *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free_wiped(&p->v[i].name);
		free_wiped(&p->v[i].value);
	}
	free(p->v);
	memset(p, 0, sizeof *p);
}

/* ---- signatures ------------------------------------------------------------------ */

static int param_cmp(const void *a, const void *b)
{
	const struct twilio_param *x = *(const struct twilio_param *const *)a;
	const struct twilio_param *y = *(const struct twilio_param *const *)b;
	int c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->value, y->value);
}

void twilio_signature(const char *token, const char *url, const struct twilio_params *p,
		      char out[TWILIO_SIG_LEN])
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, url);
	size_t n = p ? p->n : 0;
	if (n) {
		/* Byte order of UTF-8 is code point order, which is how Twilio's
		 * libraries sort; a repeated name contributes each value, sorted. */
		const struct twilio_param **order = xcalloc(n, sizeof *order);
		for (size_t i = 0; i < n; i++)
			order[i] = &p->v[i];
		qsort(order, n, sizeof *order, param_cmp);
		for (size_t i = 0; i < n; i++) {
			/* Twilio's validators dedupe identical pairs (a set per name). */
			if (i && strcmp(order[i]->name, order[i - 1]->name) == 0 &&
			    strcmp(order[i]->value, order[i - 1]->value) == 0)
				continue;
			buf_puts(&b, order[i]->name);
			buf_puts(&b, order[i]->value);
		}
		free(order);
	}
	unsigned char mac[20];
	if (gnutls_hmac_fast(GNUTLS_MAC_SHA1, token, strlen(token), b.data, b.len, mac) != 0)
		memset(mac, 0, sizeof mac); /* cannot happen with SHA-1; never matches a real header */
	buf_free(&b);
	sodium_bin2base64(out, TWILIO_SIG_LEN, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(mac, sizeof mac);
}

/* The URL without its port and with the scheme's default port, as Twilio's
 * validators try both ("signature generation on the back end is
 * inconsistent" about ports). Both malloc'd. */
static void url_port_variants(const char *url, char **without, char **with)
{
	const char *sep = strstr(url, "://");
	if (!sep) {
		*without = xstrdup(url);
		*with = xstrdup(url);
		return;
	}
	const char *host = sep + 3;
	const char *end = host + strcspn(host, "/?#");
	const char *colon = NULL;
	if (*host == '[') {
		const char *close = memchr(host, ']', (size_t)(end - host));
		if (close && close + 1 < end && close[1] == ':')
			colon = close + 1;
	} else {
		const char *c = memchr(host, ':', (size_t)(end - host));
		colon = c;
	}
	struct buf a, b;
	buf_init(&a);
	buf_init(&b);
	if (colon) {
		buf_append(&a, url, (size_t)(colon - url));
		buf_puts(&a, end);
		buf_puts(&b, url);
	} else {
		bool https = (size_t)(sep - url) == 5 && strncmp(url, "https", 5) == 0;
		buf_puts(&a, url);
		buf_append(&b, url, (size_t)(end - url));
		buf_puts(&b, https ? ":443" : ":80");
		buf_puts(&b, end);
	}
	*without = buf_steal(&a);
	*with = buf_steal(&b);
}

bool twilio_signature_check(const char *token, const char *url, const struct twilio_params *p,
			    const char *sig)
{
	if (!token || !url || !sig || strlen(sig) != TWILIO_SIG_LEN - 1)
		return false;
	char *without, *with;
	url_port_variants(url, &without, &with);
	char a[TWILIO_SIG_LEN], b[TWILIO_SIG_LEN];
	twilio_signature(token, without, p, a);
	twilio_signature(token, with, p, b);
	/* Both comparisons always run. */
	int ok_a = sodium_memcmp(a, sig, TWILIO_SIG_LEN - 1) == 0;
	int ok_b = sodium_memcmp(b, sig, TWILIO_SIG_LEN - 1) == 0;
	free(without);
	free(with);
	return ok_a | ok_b;
}

bool twilio_body_hash_check(const char *hex, const void *body, size_t len)
{
	if (!hex || strlen(hex) != 2 * crypto_hash_sha256_BYTES)
		return false;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, body ? body : "", len);
	char want[2 * crypto_hash_sha256_BYTES + 1];
	hex_encode(h, sizeof h, want);
	char got[2 * crypto_hash_sha256_BYTES + 1];
	for (size_t i = 0; i < sizeof got - 1; i++)
		got[i] = (char)tolower((unsigned char)hex[i]);
	got[sizeof got - 1] = '\0';
	return sodium_memcmp(want, got, sizeof want - 1) == 0;
}

char *twilio_query_param(const char *url_or_query, const char *name)
{
	if (!url_or_query)
		return NULL;
	const char *q = strchr(url_or_query, '?');
	q = q ? q + 1 : url_or_query;
	size_t qlen = strcspn(q, "#");
	struct twilio_params p;
	if (!twilio_params_parse_form(&p, q, qlen))
		return NULL;
	const char *v = twilio_params_get(&p, name);
	char *out = v ? xstrdup(v) : NULL;
	twilio_params_free(&p);
	return out;
}
