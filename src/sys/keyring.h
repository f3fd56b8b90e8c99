/* keyring: the workstation's device token in the OS keyring (Secret
 * Service through libsecret), one item per (server, username) under a
 * schema of Curtain's own. The item's label names the user and server,
 * never a patient. The token alone shows no PHI: the server also wants the
 * user's PIN. Nothing here ever writes a token to a file. */
#ifndef CURTAIN_KEYRING_H
#define CURTAIN_KEYRING_H

#include <stdbool.h>
#include <stddef.h>

/* Whether a Secret Service answers on the session bus; when not, *why gets
 * a short, translated, plain-words reason ("no desktop keyring in this
 * session (SSH or thin client)"). Cheap to call again. */
bool keyring_available(char *why, size_t whylen);

/* Stores (or replaces) the device token for server + username. */
bool keyring_store(const char *server, const char *username, const char *device_token, char *err,
		   size_t errlen);
/* The stored token (caller wipes and frees), or NULL when there is none. */
char *keyring_lookup(const char *server, const char *username);
/* Usernames that have an item for server (caller frees each and the array). */
size_t keyring_users(const char *server, char ***users);
/* Removes the item; true when it is gone (or was never there). */
bool keyring_delete(const char *server, const char *username);

#endif
