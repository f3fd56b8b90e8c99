/* media: what curtaind accepts as an attachment (PROTOCOL.md section 12) —
 * the allowed types, recognising a file's type from its first bytes (its
 * magic number, never its name or the sender's word), normalising a
 * declared Content-Type, and reading the data: URLs the sim carrier posts.
 * Pure functions: no store, no network, no logging. */
#ifndef CURTAIN_MEDIA_H
#define CURTAIN_MEDIA_H

#include <stdbool.h>
#include <stddef.h>

#define MEDIA_MAX_BYTES_DEFAULT 5000000 /* maxMediaBytes (--max-media-bytes) */
#define MEDIA_MAX_PER_MESSAGE 10	/* maxMediaPerMessage */
#define MEDIA_TYPE_LEN 64		/* room for a normalised content type */
#define MEDIA_NAME_MAX 255		/* bytes of an uploader's file name */

/* The allowed types, NULL-terminated, in the session's order. */
extern const char *const media_types[];

/* The type the bytes are (one of media_types), or NULL when they are none
 * of them. Looks only at the first bytes. */
const char *media_sniff(const void *data, size_t len);

/* A declared Content-Type reduced to "type/subtype" in lower case, without
 * parameters or spaces; false (out "") when it is empty or malformed. */
bool media_type_normalize(const char *content_type, char out[MEDIA_TYPE_LEN]);

/* Whether a normalised type is one of media_types. */
bool media_type_allowed(const char *type);

/* The usual file extension of an allowed type ("jpg", "png", "gif", "pdf"),
 * else "bin". */
const char *media_extension(const char *type);

enum media_check {
	MEDIA_OK = 0,
	MEDIA_BAD_TYPE,	 /* not an allowed type, or the bytes are not what was declared */
	MEDIA_TOO_LARGE, /* more than the limit */
	MEDIA_EMPTY,	 /* no bytes at all */
};
/* The whole check of section 12: the bytes' own type must be allowed and
 * agree with the declared one (NULL or "" = nothing declared). On MEDIA_OK
 * *type is the sniffed type (a static string). */
enum media_check media_check(const void *data, size_t len, const char *declared, size_t max,
			     const char **type);

/* Decodes "data:[TYPE][;base64],DATA" (base64 only). On success *out
 * (malloc'd; caller frees) holds the bytes and type (may be "") the URL's
 * own type. Returns MEDIA_TOO_LARGE without decoding when the bytes would
 * exceed max, MEDIA_BAD_TYPE when it is not a base64 data: URL. */
enum media_check media_data_url(const char *url, size_t max, unsigned char **out, size_t *len,
				char type[MEDIA_TYPE_LEN]);

/* Whether s is a file name curtaind keeps: 1 to MEDIA_NAME_MAX bytes of
 * UTF-8 without control characters, '/' or '\\'. */
bool media_name_valid(const char *s);

#endif
