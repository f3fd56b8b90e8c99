/* tmpstore: a fresh practice database in its own temporary directory, for
 * the store's unit tests: a new key file, the schema, nothing else. Header
 * only (each test is one program); include after cmocka.h. */
#ifndef CURTAIN_TEST_TMPSTORE_H
#define CURTAIN_TEST_TMPSTORE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "server/crypto.h"
#include "server/store.h"

struct tmpstore {
	char dir[64];
	char db[128];
	char key[128];
	struct crypto_keys keys;
	struct store *st;
};

/* tag names the directory (/tmp/curtain-TAG-XXXXXX), to tell tests apart. */
static inline void tmpstore_open(struct tmpstore *t, const char *tag)
{
	char err[256];
	assert_true(crypto_init());
	snprintf(t->dir, sizeof t->dir, "/tmp/curtain-%s-XXXXXX", tag);
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->db, sizeof t->db, "%s/curtain.db", t->dir);
	snprintf(t->key, sizeof t->key, "%s/curtain.db.key", t->dir);
	assert_true(crypto_keyfile_create(t->key, err, sizeof err));
	assert_true(crypto_keyfile_load(t->key, &t->keys, err, sizeof err));
	assert_int_equal(store_open(&t->st, t->db, &t->keys, true, err, sizeof err), STORE_OK);
}

/* Closes the store and removes every file it made, and the directory. */
static inline void tmpstore_close(struct tmpstore *t)
{
	store_close(&t->st);
	const char *suffix[] = { "", "-wal", "-shm", ".key" };
	char p[160];
	for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
		snprintf(p, sizeof p, "%s%s", t->db, suffix[i]);
		unlink(p);
	}
	assert_int_equal(rmdir(t->dir), 0);
	crypto_keys_wipe(&t->keys);
}

#endif
