/* crypto: the master key file, the subkeys derived from it, column sealing,
 * keyed hashes and argon2id password hashes. Everything is libsodium; no
 * other module touches key material directly. */
#include "server/crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/util.h"

/* Subkey ids under the "curtain1" context. Never renumber: a changed id
 * would make every sealed column and stored hash unreadable. */
enum {
	SUBKEY_ENC = 1,
	SUBKEY_BLIND = 2,
	SUBKEY_AUDIT = 3,
	SUBKEY_TOKEN = 4,
};
static const char kdf_context[crypto_kdf_CONTEXTBYTES] = { 'c', 'u', 'r', 't', 'a', 'i', 'n', '1' };

#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES

bool crypto_init(void)
{
	return sodium_init() >= 0;
}

bool crypto_keyfile_create(const char *path, char *err, size_t errlen)
{
	unsigned char master[CRYPTO_KEY_BYTES];
	bool ok = false;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		snprintf(err, errlen, _("cannot create key file %s: %s"), path, strerror(errno));
		return false;
	}
	/* The umask can only remove bits, but be explicit: the key must never be
	 * readable by anyone but the owner. */
	if (fchmod(fd, 0600) != 0) {
		snprintf(err, errlen, _("cannot set mode of key file %s: %s"), path, strerror(errno));
		goto out;
	}
	randombytes_buf(master, sizeof master);
	size_t done = 0;
	while (done < sizeof master) {
		ssize_t w = write(fd, master + done, sizeof master - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			snprintf(err, errlen, _("cannot write key file %s: %s"), path, strerror(errno));
			goto out;
		}
		done += (size_t)w;
	}
	if (fsync(fd) != 0) {
		snprintf(err, errlen, _("cannot sync key file %s: %s"), path, strerror(errno));
		goto out;
	}
	ok = true;
out:
	sodium_memzero(master, sizeof master);
	if (close(fd) != 0 && ok) {
		snprintf(err, errlen, _("cannot close key file %s: %s"), path, strerror(errno));
		ok = false;
	}
	if (!ok)
		unlink(path);
	return ok;
}

bool crypto_keyfile_load(const char *path, struct crypto_keys *keys, char *err, size_t errlen)
{
	unsigned char master[CRYPTO_KEY_BYTES + 1];
	bool ok = false;
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		snprintf(err, errlen, _("cannot open key file %s: %s"), path, strerror(errno));
		return false;
	}
	if (fstat(fd, &st) != 0) {
		snprintf(err, errlen, _("cannot stat key file %s: %s"), path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, _("key file %s is not a regular file"), path);
		goto out;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		snprintf(err, errlen,
			 _("key file %s is accessible by group or others (mode %03o); "
			 "refusing to use it (fix with: chmod 600 %s)"),
			 path, (unsigned)(st.st_mode & 0777), path);
		goto out;
	}
	size_t got = 0;
	while (got < sizeof master) {
		ssize_t r = read(fd, master + got, sizeof master - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errlen, _("cannot read key file %s: %s"), path, strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	/* Reading one byte more than the key detects a file that is too long. */
	if (got != CRYPTO_KEY_BYTES) {
		snprintf(err, errlen, _("key file %s must hold exactly %d bytes"), path, CRYPTO_KEY_BYTES);
		goto out;
	}
	/* Failure to lock (RLIMIT_MEMLOCK) is not fatal: the process is already
	 * non-dumpable; locking only keeps the keys out of swap. */
	(void)sodium_mlock(keys, sizeof *keys);
	if (crypto_kdf_derive_from_key(keys->enc, sizeof keys->enc, SUBKEY_ENC, kdf_context, master) != 0 ||
	    crypto_kdf_derive_from_key(keys->blind, sizeof keys->blind, SUBKEY_BLIND, kdf_context,
				       master) != 0 ||
	    crypto_kdf_derive_from_key(keys->audit, sizeof keys->audit, SUBKEY_AUDIT, kdf_context,
				       master) != 0 ||
	    crypto_kdf_derive_from_key(keys->token, sizeof keys->token, SUBKEY_TOKEN, kdf_context,
				       master) != 0) {
		snprintf(err, errlen, _("cannot derive keys from %s"), path);
		sodium_memzero(keys, sizeof *keys);
		goto out;
	}
	ok = true;
out:
	sodium_memzero(master, sizeof master);
	close(fd);
	return ok;
}

char *crypto_keyfile_default(const char *db_path)
{
	size_t n = strlen(db_path);
	char *p = xmalloc(n + sizeof ".key");
	memcpy(p, db_path, n);
	memcpy(p + n, ".key", sizeof ".key");
	return p;
}

void crypto_keys_wipe(struct crypto_keys *keys)
{
	/* sodium_munlock zeroes before unlocking; the explicit memzero covers
	 * the case where the pages were never locked and munlock fails early. */
	sodium_memzero(keys, sizeof *keys);
	(void)sodium_munlock(keys, sizeof *keys);
}

void crypto_seal(const struct crypto_keys *k, const char *ad, const void *plain, size_t len,
		 unsigned char **out, size_t *outlen)
{
	size_t n = NONCE_BYTES + len + TAG_BYTES;
	unsigned char *c = xmalloc(n);
	unsigned long long clen = 0;
	randombytes_buf(c, NONCE_BYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(c + NONCE_BYTES, &clen, plain, len,
						   (const unsigned char *)ad, ad ? strlen(ad) : 0,
						   NULL, c, k->enc);
	*out = c;
	*outlen = NONCE_BYTES + (size_t)clen;
}

char *crypto_open(const struct crypto_keys *k, const char *ad, const unsigned char *in, size_t len,
		  size_t *plainlen)
{
	if (!in || len < NONCE_BYTES + TAG_BYTES)
		return NULL;
	size_t max = len - NONCE_BYTES - TAG_BYTES;
	char *p = xmalloc(max + 1);
	unsigned long long plen = 0;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)p, &plen, NULL, in + NONCE_BYTES,
						       len - NONCE_BYTES, (const unsigned char *)ad,
						       ad ? strlen(ad) : 0, in, k->enc) != 0) {
		free(p);
		return NULL;
	}
	p[plen] = '\0';
	if (plainlen)
		*plainlen = (size_t)plen;
	return p;
}

static void keyed_hex(const unsigned char key[CRYPTO_KEY_BYTES], const void *data, size_t len,
		      char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, data, len, key, CRYPTO_KEY_BYTES);
	hex_encode(h, sizeof h, out);
}

void crypto_blind_phone(const struct crypto_keys *k, const char *e164, char out[65])
{
	keyed_hex(k->blind, e164, strlen(e164), out);
}

void crypto_token_hash(const struct crypto_keys *k, const char *token, char out[65])
{
	keyed_hex(k->token, token, strlen(token), out);
}

void crypto_hash_hex(const void *data, size_t len, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, data, len, NULL, 0);
	hex_encode(h, sizeof h, out);
}

void crypto_audit_hash(const struct crypto_keys *k, const char *prev_hash, const char *canonical,
		       char out[65])
{
	crypto_generichash_state st;
	unsigned char h[32];
	/* prev_hash is always 64 hex characters, so prev || canonical cannot be
	 * split two ways. */
	crypto_generichash_init(&st, k->audit, CRYPTO_KEY_BYTES, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)prev_hash, strlen(prev_hash));
	crypto_generichash_update(&st, (const unsigned char *)canonical, strlen(canonical));
	crypto_generichash_final(&st, h, sizeof h);
	hex_encode(h, sizeof h, out);
}

bool crypto_password_hash(const char *password, char out[128])
{
	_Static_assert(crypto_pwhash_STRBYTES <= 128, "pwhash string must fit");
	return crypto_pwhash_str_alg(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				     crypto_pwhash_MEMLIMIT_INTERACTIVE,
				     crypto_pwhash_ALG_ARGON2ID13) == 0;
}

bool crypto_password_verify(const char *hash, const char *password)
{
	if (!hash || !password)
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}
