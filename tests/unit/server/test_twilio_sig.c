/* Unit tests for server/twilio_sig: Twilio's published request-validation
 * vectors (form parameters, and the JSON body with bodySHA256), the port
 * variants Twilio's own validators accept, tampering, and the form parser
 * the webhooks share. Expected signatures were checked independently:
 *   printf '%s' "$URL$SORTED_PARAMS" | openssl dgst -sha1 -hmac 12345 -binary | base64 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "common/buf.h"
#include "server/twilio_sig.h"

#define TOKEN "12345"
#define URL "https://mycompany.com/myapp.php?foo=1&bar=2"
/* The issue's vector (Caller/From +14158675310). */
#define SIG_ISSUE "GvWf1cFY/Q7PnoempGyD5oXAezc="
/* twilio-python's tests/unit/test_request_validator.py (…75309). */
#define SIG_PYTHON "RSOYDt4T1cUTdK1PDd93/VVr8B8="
#define JSON_BODY "{\"property\": \"value\", \"boolean\": true}"
#define JSON_HASH "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
#define JSON_URL URL "&bodySHA256=" JSON_HASH
#define SIG_JSON "a9nBmqA0ju/hNViExpshrM61xv4="

/* Deliberately out of order: the signature sorts them. */
static const char *const FORM_ISSUE = "To=%2B18005551212&From=%2B14158675310&Digits=1234&"
				      "CallSid=CA1234567890ABCDE&Caller=%2B14158675310";
static const char *const FORM_PYTHON = "Digits=1234&Caller=%2B14158675309&To=%2B18005551212&"
				       "CallSid=CA1234567890ABCDE&From=%2B14158675309";

static void parse(struct twilio_params *p, const char *form)
{
	assert_true(twilio_params_parse_form(p, form, strlen(form)));
}

static void unit__twilio_sig__signature__published_vectors(void **state)
{
	struct twilio_params p;
	char sig[TWILIO_SIG_LEN];
	parse(&p, FORM_ISSUE);
	assert_int_equal(p.n, 5);
	twilio_signature(TOKEN, URL, &p, sig);
	assert_string_equal(sig, SIG_ISSUE);
	assert_true(twilio_signature_check(TOKEN, URL, &p, SIG_ISSUE));
	twilio_params_free(&p);

	parse(&p, FORM_PYTHON);
	twilio_signature(TOKEN, URL, &p, sig);
	assert_string_equal(sig, SIG_PYTHON);
	assert_true(twilio_signature_check(TOKEN, URL, &p, SIG_PYTHON));
	assert_false(twilio_signature_check(TOKEN, URL, &p, SIG_ISSUE));
	twilio_params_free(&p);
}

static void unit__twilio_sig__check__port_variants_like_twilio(void **state)
{
	struct twilio_params p;
	parse(&p, FORM_ISSUE);
	/* Twilio's validators accept the URL with the port removed or with the
	 * scheme's default port added. */
	assert_true(twilio_signature_check(TOKEN, "https://mycompany.com:443/myapp.php?foo=1&bar=2",
					   &p, SIG_ISSUE));
	assert_true(twilio_signature_check(TOKEN, "https://mycompany.com:8443/myapp.php?foo=1&bar=2",
					   &p, SIG_ISSUE));
	char with_port[TWILIO_SIG_LEN];
	twilio_signature(TOKEN, "https://mycompany.com:443/myapp.php?foo=1&bar=2", &p, with_port);
	assert_string_not_equal(with_port, SIG_ISSUE);
	assert_true(twilio_signature_check(TOKEN, URL, &p, with_port));
	/* Another host or path is another URL. */
	assert_false(twilio_signature_check(TOKEN, "https://mycompany.org/myapp.php?foo=1&bar=2", &p,
					    SIG_ISSUE));
	assert_false(twilio_signature_check(TOKEN, "https://mycompany.com/myapp.php?foo=1&bar=3", &p,
					    SIG_ISSUE));
	assert_false(twilio_signature_check(TOKEN, "http://mycompany.com/myapp.php?foo=1&bar=2", &p,
					    SIG_ISSUE));
	twilio_params_free(&p);
}

static void unit__twilio_sig__check__rejects_tampering(void **state)
{
	struct twilio_params p;
	parse(&p, "To=%2B18005551212&From=%2B14158675310&Digits=1235&CallSid=CA1234567890ABCDE&"
		  "Caller=%2B14158675310");
	assert_false(twilio_signature_check(TOKEN, URL, &p, SIG_ISSUE));
	twilio_params_free(&p);
	/* An extra parameter. */
	parse(&p, "To=%2B18005551212&From=%2B14158675310&Digits=1234&CallSid=CA1234567890ABCDE&"
		  "Caller=%2B14158675310&Body=hi");
	assert_false(twilio_signature_check(TOKEN, URL, &p, SIG_ISSUE));
	twilio_params_free(&p);
	parse(&p, FORM_ISSUE);
	assert_false(twilio_signature_check("12346", URL, &p, SIG_ISSUE));
	assert_false(twilio_signature_check(TOKEN, URL, &p, "GvWf1cFY/Q7PnoempGyD5oXAezd="));
	assert_false(twilio_signature_check(TOKEN, URL, &p, "GvWf1cFY/Q7PnoempGyD5oXAez"));
	assert_false(twilio_signature_check(TOKEN, URL, &p, SIG_ISSUE "x"));
	assert_false(twilio_signature_check(TOKEN, URL, &p, ""));
	assert_false(twilio_signature_check(TOKEN, URL, &p, NULL));
	assert_false(twilio_signature_check(NULL, URL, &p, SIG_ISSUE));
	twilio_params_free(&p);
}

static void unit__twilio_sig__body_sha256__published_vector(void **state)
{
	char sig[TWILIO_SIG_LEN];
	/* A JSON body is signed through the URL (which carries its hash) alone. */
	twilio_signature(TOKEN, JSON_URL, NULL, sig);
	assert_string_equal(sig, SIG_JSON);
	assert_true(twilio_signature_check(TOKEN, JSON_URL, NULL, SIG_JSON));
	char *hash = twilio_query_param(JSON_URL, "bodySHA256");
	assert_non_null(hash);
	assert_string_equal(hash, JSON_HASH);
	assert_true(twilio_body_hash_check(hash, JSON_BODY, strlen(JSON_BODY)));
	free(hash);
	/* Upper-case hex is the same hash. */
	char upper[] = JSON_HASH;
	for (char *c = upper; *c; c++)
		if (*c >= 'a' && *c <= 'f')
			*c = (char)(*c - 'a' + 'A');
	assert_true(twilio_body_hash_check(upper, JSON_BODY, strlen(JSON_BODY)));
	/* A changed body, or a hash of the wrong length, fails. */
	const char *tampered = "{\"property\": \"value\", \"boolean\": false}";
	assert_false(twilio_body_hash_check(JSON_HASH, tampered, strlen(tampered)));
	assert_false(twilio_body_hash_check("0a1ff7634d9ab3b9", JSON_BODY, strlen(JSON_BODY)));
	assert_false(twilio_body_hash_check(NULL, JSON_BODY, strlen(JSON_BODY)));
	/* Another hash in the URL is another signature. */
	assert_false(twilio_signature_check(
		TOKEN, URL "&bodySHA256=1a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620",
		NULL, SIG_JSON));
}

static void unit__twilio_sig__params__decoding_and_order(void **state)
{
	struct twilio_params p;
	parse(&p, "Body=Hola%2C+%C2%BFc%C3%B3mo+est%C3%A1%3F&Empty=&Flag&Bad=%zz%4&From=%2B15555550142");
	assert_int_equal(p.n, 5);
	assert_string_equal(twilio_params_get(&p, "Body"), "Hola, \xc2\xbf" "c\xc3\xb3mo est\xc3\xa1?");
	assert_string_equal(twilio_params_get(&p, "Empty"), "");
	assert_string_equal(twilio_params_get(&p, "Flag"), "");
	assert_string_equal(twilio_params_get(&p, "Bad"), "%zz%4");
	assert_string_equal(twilio_params_get(&p, "From"), "+15555550142");
	assert_null(twilio_params_get(&p, "To"));
	twilio_params_free(&p);
	assert_int_equal(p.n, 0);

	/* A repeated name signs each value, sorted by value. */
	struct twilio_params a, b;
	parse(&a, "MediaUrl=b&MediaUrl=a&To=1");
	parse(&b, "To=1&MediaUrl=a&MediaUrl=b");
	char sa[TWILIO_SIG_LEN], sb[TWILIO_SIG_LEN];
	twilio_signature(TOKEN, URL, &a, sa);
	twilio_signature(TOKEN, URL, &b, sb);
	assert_string_equal(sa, sb);
	twilio_params_free(&a);
	twilio_params_free(&b);
}

static void unit__twilio_sig__params__too_many_refused(void **state)
{
	struct buf form;
	buf_init(&form);
	for (int i = 0; i <= TWILIO_PARAMS_MAX; i++)
		buf_printf(&form, "%sk%d=v", i ? "&" : "", i);
	struct twilio_params p;
	assert_false(twilio_params_parse_form(&p, form.data, form.len));
	assert_int_equal(p.n, 0);
	buf_free(&form);
}

static void unit__twilio_sig__params__json_flat_object(void **state)
{
	struct twilio_params p;
	const char *j = "{\"MessageSid\": \"SM1\", \"NumMedia\": 2, \"Nested\": {\"x\": 1}}";
	assert_true(twilio_params_parse_json(&p, j, strlen(j)));
	assert_string_equal(twilio_params_get(&p, "MessageSid"), "SM1");
	assert_string_equal(twilio_params_get(&p, "NumMedia"), "2");
	assert_null(twilio_params_get(&p, "Nested"));
	twilio_params_free(&p);
	assert_false(twilio_params_parse_json(&p, "[1,2]", 5));
	assert_false(twilio_params_parse_json(&p, "nope", 4));
}

static void unit__twilio_sig__query_param__decodes(void **state)
{
	char *v = twilio_query_param("/v1/hooks/twilio/status?m=mABC&x=%2B1+2#frag", "x");
	assert_non_null(v);
	assert_string_equal(v, "+1 2");
	free(v);
	v = twilio_query_param("/v1/hooks/twilio/status?m=mABC", "m");
	assert_string_equal(v, "mABC");
	free(v);
	assert_null(twilio_query_param("/v1/hooks/twilio/status", "m"));
	assert_null(twilio_query_param(NULL, "m"));
}

static void unit__twilio_sig__form_escape__unreserved_kept(void **state)
{
	struct buf b;
	buf_init(&b);
	buf_url_escape(&b, "+1 555/é?&=~._-Az9");
	assert_string_equal(b.data, "%2B1%20555%2F%C3%A9%3F%26%3D~._-Az9");
	buf_free(&b);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit__twilio_sig__signature__published_vectors),
		cmocka_unit_test(unit__twilio_sig__check__port_variants_like_twilio),
		cmocka_unit_test(unit__twilio_sig__check__rejects_tampering),
		cmocka_unit_test(unit__twilio_sig__body_sha256__published_vector),
		cmocka_unit_test(unit__twilio_sig__params__decoding_and_order),
		cmocka_unit_test(unit__twilio_sig__params__too_many_refused),
		cmocka_unit_test(unit__twilio_sig__params__json_flat_object),
		cmocka_unit_test(unit__twilio_sig__query_param__decodes),
		cmocka_unit_test(unit__twilio_sig__form_escape__unreserved_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
