/* media: allowed attachment types, magic-number sniffing, declared-type
 * normalisation and data: URLs (see media.h). */
#include "server/media.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "proto/sms.h"

const char *const media_types[] = { "image/jpeg", "image/png", "image/gif", "application/pdf",
				    NULL };

const char *media_sniff(const void *data, size_t len)
{
	const unsigned char *b = data;
	if (!b)
		return NULL;
	/* JPEG: SOI then the first marker's 0xFF (JFIF, Exif and raw all agree). */
	if (len >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
		return "image/jpeg";
	if (len >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (len >= 6 && (memcmp(b, "GIF87a", 6) == 0 || memcmp(b, "GIF89a", 6) == 0))
		return "image/gif";
	if (len >= 5 && memcmp(b, "%PDF-", 5) == 0)
		return "application/pdf";
	return NULL;
}

bool media_type_normalize(const char *ct, char out[MEDIA_TYPE_LEN])
{
	out[0] = '\0';
	if (!ct)
		return false;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	size_t n = strcspn(ct, ";");
	while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= MEDIA_TYPE_LEN)
		return false;
	size_t slash = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)ct[i];
		if (c == '/') {
			if (slash || i == 0)
				return false;
			slash = i;
		} else if (!isalnum(c) && !strchr("!#$&-^_.+", c)) {
			return false;
		}
		out[i] = (char)tolower(c);
	}
	out[n] = '\0';
	if (!slash || slash == n - 1) {
		out[0] = '\0';
		return false;
	}
	/* Common spellings senders use for JPEG. */
	if (strcmp(out, "image/jpg") == 0 || strcmp(out, "image/pjpeg") == 0)
		snprintf(out, MEDIA_TYPE_LEN, "image/jpeg");
	return true;
}

bool media_type_allowed(const char *type)
{
	for (size_t i = 0; type && media_types[i]; i++)
		if (strcmp(type, media_types[i]) == 0)
			return true;
	return false;
}

const char *media_extension(const char *type)
{
	static const char *const ext[] = { "jpg", "png", "gif", "pdf" };
	for (size_t i = 0; type && media_types[i]; i++)
		if (strcmp(type, media_types[i]) == 0)
			return ext[i];
	return "bin";
}

enum media_check media_check(const void *data, size_t len, const char *declared, size_t max,
			     const char **type)
{
	*type = NULL;
	if (len == 0)
		return MEDIA_EMPTY;
	if (len > max)
		return MEDIA_TOO_LARGE;
	const char *sniffed = media_sniff(data, len);
	if (!sniffed)
		return MEDIA_BAD_TYPE;
	if (declared && *declared) {
		char norm[MEDIA_TYPE_LEN];
		if (!media_type_normalize(declared, norm))
			return MEDIA_BAD_TYPE;
		if (strcmp(norm, sniffed) != 0)
			return MEDIA_BAD_TYPE;
	}
	*type = sniffed;
	return MEDIA_OK;
}

enum media_check media_data_url(const char *url, size_t max, unsigned char **out, size_t *len,
				char type[MEDIA_TYPE_LEN])
{
	*out = NULL;
	*len = 0;
	type[0] = '\0';
	if (!url || strncasecmp(url, "data:", 5) != 0)
		return MEDIA_BAD_TYPE;
	const char *meta = url + 5;
	const char *comma = strchr(meta, ',');
	if (!comma)
		return MEDIA_BAD_TYPE;
	size_t mlen = (size_t)(comma - meta);
	/* Only base64: the ";base64" flag must end the metadata. */
	if (mlen < 7 || strncasecmp(comma - 7, ";base64", 7) != 0)
		return MEDIA_BAD_TYPE;
	if (mlen > 7) {
		char decl[MEDIA_TYPE_LEN * 2];
		size_t tl = strcspn(meta, ";");
		if (tl >= sizeof decl)
			return MEDIA_BAD_TYPE;
		memcpy(decl, meta, tl);
		decl[tl] = '\0';
		if (tl && !media_type_normalize(decl, type))
			return MEDIA_BAD_TYPE;
	}
	const char *b64 = comma + 1;
	size_t blen = strlen(b64);
	/* Four characters carry three bytes: refuse before decoding anything. */
	size_t most = blen / 4 * 3 + 3;
	size_t pad = 0;
	while (blen > pad && b64[blen - 1 - pad] == '=')
		pad++;
	if (most - 3 >= pad && most - 3 - pad > max)
		return MEDIA_TOO_LARGE;
	unsigned char *bin = xmalloc(most + 1);
	size_t n = 0;
	const char *end = NULL;
	if (sodium_base642bin(bin, most + 1, b64, blen, " \r\n\t", &n, &end,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    (end && *end)) {
		sodium_memzero(bin, most + 1);
		free(bin);
		return MEDIA_BAD_TYPE;
	}
	if (n > max) {
		sodium_memzero(bin, most + 1);
		free(bin);
		return MEDIA_TOO_LARGE;
	}
	*out = bin;
	*len = n;
	return MEDIA_OK;
}

bool media_name_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > MEDIA_NAME_MAX || !sms_utf8_valid(s, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f || c == '/' || c == '\\')
			return false;
	}
	return true;
}
