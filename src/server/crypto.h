/* crypto: the key file and everything derived from it. One 32-byte master
 * key (file mode 0600, made by `curtainctl init`) yields independent subkeys
 * for PHI column encryption, the phone blind index, the audit hash chain and
 * the request-level idempotency cache. Passwords and PINs are argon2id;
 * high-entropy tokens are stored as keyed BLAKE2b hashes. All libsodium. */
#ifndef CURTAIN_CRYPTO_H
#define CURTAIN_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CRYPTO_KEY_BYTES 32

struct crypto_keys {
	unsigned char enc[CRYPTO_KEY_BYTES];   /* XChaCha20-Poly1305 for PHI columns */
	unsigned char blind[CRYPTO_KEY_BYTES]; /* keyed BLAKE2b: phone blind index */
	unsigned char audit[CRYPTO_KEY_BYTES]; /* keyed BLAKE2b: audit hash chain */
	unsigned char token[CRYPTO_KEY_BYTES]; /* keyed BLAKE2b: token hashes */
};

/* Must be called once before anything else (sodium_init). */
bool crypto_init(void);

/* Writes a new random master key to path (O_EXCL, mode 0600). */
bool crypto_keyfile_create(const char *path, char *err, size_t errlen);
/* Reads the master key, refusing a file readable by group or others, and
 * derives the subkeys into *keys (held in locked memory where possible). */
bool crypto_keyfile_load(const char *path, struct crypto_keys *keys, char *err, size_t errlen);
/* The default key file for a database: "<db>.key". Caller frees. */
char *crypto_keyfile_default(const char *db_path);
void crypto_keys_wipe(struct crypto_keys *keys);

/* Encrypts plaintext with associated data (binds the ciphertext to its
 * column and row). Output: nonce || ciphertext; *out malloc'd, caller frees. */
void crypto_seal(const struct crypto_keys *k, const char *ad, const void *plain, size_t len,
		 unsigned char **out, size_t *outlen);
/* Inverse of crypto_seal; returns a malloc'd NUL-terminated plaintext or NULL
 * if the ciphertext was tampered with or ad does not match. */
char *crypto_open(const struct crypto_keys *k, const char *ad, const unsigned char *in, size_t len,
		  size_t *plainlen);

/* Blind index of a normalised E.164 number: 64 hex chars + NUL. */
void crypto_blind_phone(const struct crypto_keys *k, const char *e164, char out[65]);
/* Keyed hash of a bearer token: 64 hex chars + NUL. */
void crypto_token_hash(const struct crypto_keys *k, const char *token, char out[65]);
/* Plain BLAKE2b-256 of data as hex (request hashes, audit detail hashes). */
void crypto_hash_hex(const void *data, size_t len, char out[65]);
/* Keyed audit chain hash: H_audit(prev_hash || canonical). */
void crypto_audit_hash(const struct crypto_keys *k, const char *prev_hash, const char *canonical,
		       char out[65]);

/* argon2id (libsodium's crypto_pwhash_str). */
bool crypto_password_hash(const char *password, char out[128]);
bool crypto_password_verify(const char *hash, const char *password);

#endif
