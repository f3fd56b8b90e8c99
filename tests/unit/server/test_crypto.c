/* Unit tests for server/crypto: sealing round trips, tampering and wrong
 * associated data, the key file (mode 0600, refusal when readable by others,
 * exact length), keyed hashes and argon2id passwords. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "server/crypto.h"

struct fx {
	char dir[64];
	char key[96];
	struct crypto_keys keys;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	assert_non_null(f);
	assert_true(crypto_init());
	snprintf(f->dir, sizeof f->dir, "/tmp/curtain-crypto-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->key, sizeof f->key, "%s/db.key", f->dir);
	char err[256];
	assert_true(crypto_keyfile_create(f->key, err, sizeof err));
	assert_true(crypto_keyfile_load(f->key, &f->keys, err, sizeof err));
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	crypto_keys_wipe(&f->keys);
	char p[160];
	snprintf(p, sizeof p, "%s/db.key", f->dir);
	unlink(p);
	snprintf(p, sizeof p, "%s/other.key", f->dir);
	unlink(p);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void unit__crypto__seal__round_trip(void **state)
{
	struct fx *f = *state;
	const char *texts[] = { "Maria Lopez", "", "résultats prêts 🙂", "+15555550123" };
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		unsigned char *c = NULL;
		size_t n = 0, pn = 99;
		crypto_seal(&f->keys, "conversation.patient_name:c1", texts[i], strlen(texts[i]),
			    &c, &n);
		assert_true(n >= strlen(texts[i]) + 24 + 16);
		/* The plaintext does not appear in the ciphertext. */
		if (strlen(texts[i]) > 3)
			assert_null(memmem(c, n, texts[i], strlen(texts[i])));
		char *p = crypto_open(&f->keys, "conversation.patient_name:c1", c, n, &pn);
		assert_non_null(p);
		assert_string_equal(p, texts[i]);
		assert_int_equal(pn, strlen(texts[i]));
		free(p);
		free(c);
	}
}

static void unit__crypto__seal__nonce_differs_each_time(void **state)
{
	struct fx *f = *state;
	unsigned char *a, *b;
	size_t na, nb;
	crypto_seal(&f->keys, "x:1", "same", 4, &a, &na);
	crypto_seal(&f->keys, "x:1", "same", 4, &b, &nb);
	assert_int_equal(na, nb);
	assert_true(memcmp(a, b, na) != 0);
	free(a);
	free(b);
}

static void unit__crypto__open__rejects_tamper_wrong_ad_and_wrong_key(void **state)
{
	struct fx *f = *state;
	unsigned char *c;
	size_t n;
	crypto_seal(&f->keys, "message.body:m1", "call me back", 12, &c, &n);
	/* Another column or row. */
	assert_null(crypto_open(&f->keys, "message.body:m2", c, n, NULL));
	assert_null(crypto_open(&f->keys, "note.body:m1", c, n, NULL));
	assert_null(crypto_open(&f->keys, NULL, c, n, NULL));
	/* Any flipped bit: nonce, ciphertext or tag. */
	for (size_t i = 0; i < n; i += 7) {
		c[i] ^= 0x01;
		assert_null(crypto_open(&f->keys, "message.body:m1", c, n, NULL));
		c[i] ^= 0x01;
	}
	/* Truncated. */
	assert_null(crypto_open(&f->keys, "message.body:m1", c, n - 1, NULL));
	assert_null(crypto_open(&f->keys, "message.body:m1", c, 10, NULL));
	/* Another key file's keys. */
	struct crypto_keys other;
	char path[160], err[256];
	snprintf(path, sizeof path, "%s/other.key", f->dir);
	assert_true(crypto_keyfile_create(path, err, sizeof err));
	assert_true(crypto_keyfile_load(path, &other, err, sizeof err));
	assert_null(crypto_open(&other, "message.body:m1", c, n, NULL));
	char *p = crypto_open(&f->keys, "message.body:m1", c, n, NULL);
	assert_non_null(p);
	assert_string_equal(p, "call me back");
	free(p);
	crypto_keys_wipe(&other);
	free(c);
}

static void unit__crypto__keyfile__owner_only_and_never_overwritten(void **state)
{
	struct fx *f = *state;
	struct stat st;
	assert_int_equal(stat(f->key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, CRYPTO_KEY_BYTES);
	char err[256] = "";
	assert_false(crypto_keyfile_create(f->key, err, sizeof err));
	assert_non_null(strstr(err, "cannot create key file"));
	/* The existing key is untouched: it still opens what it sealed. */
	struct crypto_keys again;
	assert_true(crypto_keyfile_load(f->key, &again, err, sizeof err));
	assert_memory_equal(again.enc, f->keys.enc, CRYPTO_KEY_BYTES);
	crypto_keys_wipe(&again);
}

static void unit__crypto__keyfile__refuses_group_or_other_access(void **state)
{
	struct fx *f = *state;
	struct crypto_keys k;
	char err[256] = "";
	const mode_t bad[] = { 0640, 0604, 0660, 0644, 0610 };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(chmod(f->key, bad[i]), 0);
		err[0] = '\0';
		assert_false(crypto_keyfile_load(f->key, &k, err, sizeof err));
		assert_non_null(strstr(err, "chmod 600"));
	}
	assert_int_equal(chmod(f->key, 0400), 0);
	assert_true(crypto_keyfile_load(f->key, &k, err, sizeof err));
	crypto_keys_wipe(&k);
	assert_int_equal(chmod(f->key, 0600), 0);
}

static void unit__crypto__keyfile__refuses_wrong_length(void **state)
{
	struct fx *f = *state;
	struct crypto_keys k;
	char err[256];
	FILE *fp = fopen(f->key, "ab");
	assert_non_null(fp);
	fputc('x', fp);
	fclose(fp);
	assert_false(crypto_keyfile_load(f->key, &k, err, sizeof err));
	assert_non_null(strstr(err, "exactly"));
	assert_int_equal(truncate(f->key, 16), 0);
	assert_false(crypto_keyfile_load(f->key, &k, err, sizeof err));
	assert_false(crypto_keyfile_load("/nonexistent/curtain.key", &k, err, sizeof err));
}

static void unit__crypto__keyfile_default__appends_key(void **state)
{
	(void)state;
	char *p = crypto_keyfile_default("/var/lib/curtain/curtain.db");
	assert_string_equal(p, "/var/lib/curtain/curtain.db.key");
	free(p);
}

static void unit__crypto__hashes__keyed_and_deterministic(void **state)
{
	struct fx *f = *state;
	char a[65], b[65], c[65];
	crypto_blind_phone(&f->keys, "+15555550123", a);
	crypto_blind_phone(&f->keys, "+15555550123", b);
	crypto_blind_phone(&f->keys, "+15555550124", c);
	assert_int_equal(strlen(a), 64);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	/* The blind index is not the token hash of the same input. */
	crypto_token_hash(&f->keys, "+15555550123", b);
	assert_string_not_equal(a, b);
	/* Nor an unkeyed hash anyone could compute. */
	crypto_hash_hex("+15555550123", 12, c);
	assert_string_not_equal(a, c);
	char zero[65];
	memset(zero, '0', 64);
	zero[64] = '\0';
	crypto_audit_hash(&f->keys, zero, "entry", a);
	crypto_audit_hash(&f->keys, a, "entry", b);
	assert_string_not_equal(a, b);
	crypto_audit_hash(&f->keys, zero, "entry", c);
	assert_string_equal(a, c);
}

static void unit__crypto__password__argon2id_verify(void **state)
{
	(void)state;
	char h[128];
	assert_true(crypto_password_hash("correct horse battery", h));
	assert_non_null(strstr(h, "$argon2id$"));
	assert_true(crypto_password_verify(h, "correct horse battery"));
	assert_false(crypto_password_verify(h, "correct horse batterx"));
	assert_false(crypto_password_verify(h, ""));
	assert_false(crypto_password_verify(NULL, "x"));
	char h2[128];
	assert_true(crypto_password_hash("correct horse battery", h2));
	assert_string_not_equal(h, h2); /* salted */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(unit__crypto__seal__round_trip, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(unit__crypto__seal__nonce_differs_each_time,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
			unit__crypto__open__rejects_tamper_wrong_ad_and_wrong_key, fx_setup,
			fx_teardown),
		cmocka_unit_test_setup_teardown(
			unit__crypto__keyfile__owner_only_and_never_overwritten, fx_setup,
			fx_teardown),
		cmocka_unit_test_setup_teardown(unit__crypto__keyfile__refuses_group_or_other_access,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(unit__crypto__keyfile__refuses_wrong_length,
						fx_setup, fx_teardown),
		cmocka_unit_test(unit__crypto__keyfile_default__appends_key),
		cmocka_unit_test_setup_teardown(unit__crypto__hashes__keyed_and_deterministic,
						fx_setup, fx_teardown),
		cmocka_unit_test(unit__crypto__password__argon2id_verify),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
