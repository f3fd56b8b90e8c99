/* totp: thin, careful wrappers over liboath. Decoded secrets are wiped as
 * soon as a code is computed; verification compares every candidate so the
 * time taken does not reveal which step matched. */
#include "server/totp.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <stdint.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/buf.h"
#include "common/util.h"

static pthread_once_t totp_once = PTHREAD_ONCE_INIT;
static bool totp_ready;

static void totp_init_once(void)
{
	/* sodium_init is idempotent; crypto_init may or may not have run yet. */
	totp_ready = oath_init() == OATH_OK && sodium_init() >= 0;
}

static bool totp_init(void)
{
	pthread_once(&totp_once, totp_init_once);
	return totp_ready;
}

bool totp_secret_new(char out[TOTP_SECRET_B32_LEN + 1])
{
	unsigned char key[20];
	char *b32 = NULL;
	size_t b32len = 0;
	bool ok = false;

	if (!totp_init())
		goto out;
	randombytes_buf(key, sizeof key);
	if (oath_base32_encode((const char *)key, sizeof key, &b32, &b32len) != OATH_OK)
		goto out;
	/* 160 bits fill 32 characters exactly, so there is no padding. */
	if (b32len != TOTP_SECRET_B32_LEN)
		goto out;
	memcpy(out, b32, b32len + 1);
	ok = true;
out:
	sodium_memzero(key, sizeof key);
	if (b32) {
		sodium_memzero(b32, b32len);
		free(b32);
	}
	return ok;
}

/* Decodes a base32 secret into a new allocation (caller wipes and frees). */
static bool secret_decode(const char *secret_b32, char **key, size_t *keylen)
{
	*key = NULL;
	*keylen = 0;
	if (!secret_b32 || !*secret_b32)
		return false;
	if (oath_base32_decode(secret_b32, strlen(secret_b32), key, keylen) != OATH_OK)
		return false;
	if (*keylen == 0) {
		free(*key);
		*key = NULL;
		return false;
	}
	return true;
}

static void secret_free(char *key, size_t keylen)
{
	if (key) {
		sodium_memzero(key, keylen);
		free(key);
	}
}

static int algo_flags(enum totp_algo algo)
{
	switch (algo) {
	case TOTP_SHA1:
		return 0;
	case TOTP_SHA256:
		return OATH_TOTP_HMAC_SHA256;
	case TOTP_SHA512:
		return OATH_TOTP_HMAC_SHA512;
	}
	return -1;
}

bool totp_generate_raw(const unsigned char *key, size_t keylen, int64_t unix_time, unsigned digits,
		       enum totp_algo algo, char out[16])
{
	int flags = algo_flags(algo);
	if (!key || keylen == 0 || unix_time < 0 || digits < 6 || digits > 8 || flags < 0)
		return false;
	if (!totp_init())
		return false;
	int rc = oath_totp_generate2((const char *)key, keylen, (time_t)unix_time, TOTP_STEP_SECONDS,
				     OATH_TOTP_DEFAULT_START_TIME, digits, flags, out);
	return rc == OATH_OK;
}

bool totp_generate(const char *secret_b32, int64_t unix_time, unsigned digits, enum totp_algo algo,
		   char out[16])
{
	char *key;
	size_t keylen;
	if (!totp_init() || !secret_decode(secret_b32, &key, &keylen))
		return false;
	bool ok = totp_generate_raw((const unsigned char *)key, keylen, unix_time, digits, algo, out);
	secret_free(key, keylen);
	return ok;
}

static bool code_format_ok(const char *code)
{
	if (!code)
		return false;
	for (int i = 0; i < TOTP_DIGITS; i++)
		if (code[i] < '0' || code[i] > '9')
			return false;
	return code[TOTP_DIGITS] == '\0';
}

bool totp_verify(const char *secret_b32, const char *code, int64_t unix_time, int64_t *step_out)
{
	char *key = NULL;
	size_t keylen = 0;
	bool found = false;
	int64_t match = 0;

	/* The upper bound keeps (step + 1) * 30 from overflowing. */
	if (!code_format_ok(code) || unix_time < 0 || unix_time > INT64_MAX - 2 * TOTP_STEP_SECONDS)
		goto out;
	if (!totp_init() || !secret_decode(secret_b32, &key, &keylen))
		goto out;

	int64_t now_step = unix_time / TOTP_STEP_SECONDS;
	/* Current step first, so it wins the (one in a million) tie with a
	 * neighbour; every candidate is computed and compared regardless. */
	static const int offsets[] = { 0, -1, 1 };
	for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
		int64_t step = now_step + offsets[i];
		char want[16];
		if (step < 0)
			continue;
		if (!totp_generate_raw((const unsigned char *)key, keylen, step * TOTP_STEP_SECONDS,
				       TOTP_DIGITS, TOTP_SHA1, want))
			goto out;
		bool same = sodium_memcmp(want, code, TOTP_DIGITS) == 0;
		sodium_memzero(want, sizeof want);
		if (same && !found) {
			found = true;
			match = step;
		}
	}
	if (found && step_out)
		*step_out = match;
out:
	secret_free(key, keylen);
	return found;
}

/* RFC 3986 unreserved characters pass; everything else (including ':',
 * which separates issuer from account in the label) is %XX. */
char *totp_uri(const char *issuer, const char *account, const char *secret_b32)
{
	char *key;
	size_t keylen;
	if (!account || !*account)
		return NULL;
	if (!totp_init() || !secret_decode(secret_b32, &key, &keylen))
		return NULL;

	/* Apps expect the canonical form: upper case, no spaces or padding. */
	char *canon = NULL;
	size_t canonlen = 0;
	int rc = oath_base32_encode(key, keylen, &canon, &canonlen);
	secret_free(key, keylen);
	if (rc != OATH_OK)
		return NULL;
	while (canonlen && canon[canonlen - 1] == '=')
		canon[--canonlen] = '\0';

	bool has_issuer = issuer && *issuer;
	struct buf b;
	buf_init(&b);
	/* Reserve it all up front: a realloc would leave copies of the secret
	 * in freed memory. */
	buf_reserve(&b, 128 + canonlen + 6 * (has_issuer ? strlen(issuer) : 0) + 3 * strlen(account));
	buf_puts(&b, "otpauth://totp/");
	if (has_issuer) {
		buf_url_escape(&b, issuer);
		buf_puts(&b, ":");
	}
	buf_url_escape(&b, account);
	buf_puts(&b, "?secret=");
	buf_puts(&b, canon);
	if (has_issuer) {
		buf_puts(&b, "&issuer=");
		buf_url_escape(&b, issuer);
	}
	buf_printf(&b, "&algorithm=SHA1&digits=%d&period=%d", TOTP_DIGITS, TOTP_STEP_SECONDS);
	sodium_memzero(canon, canonlen);
	free(canon);
	return buf_steal(&b);
}
