/* mms: media limits, type sniffing, attaching a file and saving one. Files
 * are opened without following the user into a FIFO or a device: the path
 * is checked with stat() first, opened O_NONBLOCK, and the descriptor must
 * be the same regular file. */
#include "core/mms.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/util.h"

static const char *const known_types[] = { "image/jpeg", "image/png", "image/gif",
					   "application/pdf" };

/* ---- limits ---------------------------------------------------------------- */

void mms_limits_default(struct mms_limits *l)
{
	memset(l, 0, sizeof *l);
	l->max_bytes = MMS_MAX_BYTES_DEFAULT;
	l->max_per_message = MMS_PER_MESSAGE_DEFAULT;
	for (size_t i = 0; i < sizeof known_types / sizeof known_types[0]; i++)
		snprintf(l->types[l->n_types++], MMS_TYPE_LEN, "%s", known_types[i]);
}

void mms_limits_from_json(struct mms_limits *l, const json_t *limits)
{
	json_t *v = json_object_get(limits, "maxMediaBytes");
	if (json_is_integer(v) && json_integer_value(v) > 0)
		l->max_bytes = (int64_t)json_integer_value(v);
	v = json_object_get(limits, "maxMediaPerMessage");
	if (json_is_integer(v) && json_integer_value(v) > 0 && json_integer_value(v) <= INT_MAX)
		l->max_per_message = (int)json_integer_value(v);
	v = json_object_get(limits, "mediaTypes");
	if (json_is_array(v)) {
		size_t i;
		json_t *t;
		l->n_types = 0;
		json_array_foreach(v, i, t) {
			const char *s = json_string_value(t);
			if (s && *s && strlen(s) < MMS_TYPE_LEN && l->n_types < MMS_TYPES_MAX)
				snprintf(l->types[l->n_types++], MMS_TYPE_LEN, "%s", s);
		}
	}
}

bool mms_type_allowed(const struct mms_limits *l, const char *type)
{
	if (!type)
		return false;
	for (size_t i = 0; i < l->n_types; i++)
		if (strcmp(l->types[i], type) == 0)
			return true;
	return false;
}

/* ---- types ------------------------------------------------------------------ */

const char *mms_sniff(const void *data, size_t len)
{
	const unsigned char *p = data;
	if (!p)
		return NULL;
	if (len >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return "image/jpeg";
	if (len >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (len >= 6 && (memcmp(p, "GIF87a", 6) == 0 || memcmp(p, "GIF89a", 6) == 0))
		return "image/gif";
	if (len >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return "application/pdf";
	return NULL;
}

const char *mms_ext(const char *type)
{
	if (!type)
		return "bin";
	if (!strcmp(type, "image/jpeg"))
		return "jpg";
	if (!strcmp(type, "image/png"))
		return "png";
	if (!strcmp(type, "image/gif"))
		return "gif";
	if (!strcmp(type, "application/pdf"))
		return "pdf";
	return "bin";
}

const char *mms_type_label(const char *type)
{
	if (type && !strcmp(type, "image/jpeg"))
		return N_("JPEG image");
	if (type && !strcmp(type, "image/png"))
		return N_("PNG image");
	if (type && !strcmp(type, "image/gif"))
		return N_("GIF image");
	if (type && !strcmp(type, "application/pdf"))
		return N_("PDF document");
	/* TRANSLATORS: an attachment of a type Curtain has no name for. */
	return N_("File");
}

bool mms_is_image(const char *type)
{
	return type && (!strcmp(type, "image/jpeg") || !strcmp(type, "image/png") ||
			!strcmp(type, "image/gif"));
}

void mms_size_text(int64_t bytes, char *out, size_t n)
{
	if (bytes < 0)
		bytes = 0;
	if (bytes < 1024)
		/* TRANSLATORS: a file size under 1 KB. */
		snprintf(out, n, ngettext("%lld byte", "%lld bytes", (unsigned long)bytes),
			 (long long)bytes);
	else if (bytes < 1024 * 1024)
		/* TRANSLATORS: a file size in kilobytes (1024 bytes). */
		snprintf(out, n, _("%lld KB"), (long long)((bytes + 512) / 1024));
	else
		/* TRANSLATORS: a file size in megabytes, one decimal. */
		snprintf(out, n, _("%.1f MB"), (double)bytes / (1024.0 * 1024.0));
}

/* ---- attaching a file --------------------------------------------------------- */

void mms_file_clear(struct mms_file *f)
{
	if (f->data) {
		sodium_memzero(f->data, f->len);
		free(f->data);
	}
	if (f->name) {
		sodium_memzero(f->name, strlen(f->name));
		free(f->name);
	}
	memset(f, 0, sizeof *f);
}

char *mms_expand_path(const char *path)
{
	if (!path || !*path)
		return NULL;
	if (path[0] == '~' && (path[1] == '\0' || path[1] == '/')) {
		const char *home = getenv("HOME");
		if (!home || !*home)
			return NULL;
		size_t hl = strlen(home), pl = strlen(path + 1);
		char *out = xmalloc(hl + pl + 1);
		memcpy(out, home, hl);
		memcpy(out + hl, path + 1, pl + 1);
		return out;
	}
	return xstrdup(path);
}

static void set_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || !errlen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Why a file cannot be attached or written, from errno, in words. */
static const char *errno_words(int e)
{
	switch (e) {
	case ENOENT: return _("there is no such file or folder");
	case EACCES:
	case EPERM: return _("permission denied");
	case EISDIR: return _("it is a folder");
	case ENOSPC: return _("the disk is full");
	case EROFS: return _("the disk is read-only");
	case ENAMETOOLONG: return _("the name is too long");
	case ENOTDIR: return _("part of the path is not a folder");
	case ELOOP: return _("too many symbolic links");
	default: return strerror(e);
	}
}

static const char *kind_words(mode_t m)
{
	if (S_ISDIR(m))
		return _("a folder");
	if (S_ISFIFO(m))
		return _("a pipe (FIFO)");
	if (S_ISCHR(m) || S_ISBLK(m))
		return _("a device");
	if (S_ISSOCK(m))
		return _("a socket");
	return _("not a regular file");
}

bool mms_file_load(const char *path, const struct mms_limits *l, struct mms_file *out, char *err,
		   size_t errlen)
{
	struct stat st, fst;
	int fd = -1;
	memset(out, 0, sizeof *out);
	if (!path || !*path) {
		set_err(err, errlen, "%s", _("No file named."));
		return false;
	}
	if (stat(path, &st) != 0) {
		/* TRANSLATORS: attaching a file failed; %s says why. */
		set_err(err, errlen, _("Cannot attach: %s."), errno_words(errno));
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		/* TRANSLATORS: %s is "a folder", "a pipe (FIFO)", "a device"... */
		set_err(err, errlen, _("Cannot attach: that is %s, not a file."), kind_words(st.st_mode));
		return false;
	}
	if (st.st_size == 0) {
		set_err(err, errlen, "%s", _("Cannot attach: the file is empty."));
		return false;
	}
	if ((int64_t)st.st_size > l->max_bytes) {
		char have[32], max[32];
		mms_size_text((int64_t)st.st_size, have, sizeof have);
		mms_size_text(l->max_bytes, max, sizeof max);
		/* TRANSLATORS: the file's size, then the largest the server accepts. */
		set_err(err, errlen, _("Cannot attach: the file is too large (%s; at most %s)."), have,
			max);
		return false;
	}
	/* Non-blocking: if the path was swapped for a FIFO since the stat, the
	 * open does not wait for a writer; the fstat below then refuses it. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		set_err(err, errlen, _("Cannot attach: %s."), errno_words(errno));
		return false;
	}
	if (fstat(fd, &fst) != 0 || !S_ISREG(fst.st_mode) || fst.st_dev != st.st_dev ||
	    fst.st_ino != st.st_ino) {
		set_err(err, errlen, "%s", _("Cannot attach: the file changed while it was read."));
		goto fail;
	}
	if ((int64_t)fst.st_size > l->max_bytes || fst.st_size == 0) {
		set_err(err, errlen, "%s", _("Cannot attach: the file changed while it was read."));
		goto fail;
	}
	size_t want = (size_t)fst.st_size;
	out->data = xmalloc(want + 1);
	while (out->len < want + 1) {
		/* One byte more than the size: a file that grew is caught. */
		ssize_t r = read(fd, out->data + out->len, want + 1 - out->len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			set_err(err, errlen, _("Cannot attach: %s."), errno_words(errno));
			goto fail;
		}
		if (r == 0)
			break;
		out->len += (size_t)r;
	}
	if (out->len != want) {
		set_err(err, errlen, "%s", _("Cannot attach: the file changed while it was read."));
		goto fail;
	}
	close(fd);
	fd = -1;
	const char *type = mms_sniff(out->data, out->len);
	if (!type) {
		set_err(err, errlen, "%s",
			_("Cannot attach: wrong type. Only JPEG, PNG and GIF pictures and PDF documents "
			  "can be sent."));
		goto fail;
	}
	if (!mms_type_allowed(l, type)) {
		/* TRANSLATORS: %s is a type such as "PDF document". */
		set_err(err, errlen, _("Cannot attach: the server does not accept a %s."),
			_(mms_type_label(type)));
		goto fail;
	}
	snprintf(out->type, sizeof out->type, "%s", type);
	const char *slash = strrchr(path, '/');
	out->name = xstrdup(slash ? slash + 1 : path);
	return true;
fail:
	if (fd >= 0)
		close(fd);
	mms_file_clear(out);
	return false;
}

void mms_suggest_name(const char *attachment_id, const char *type, char *out, size_t n)
{
	const char *id = attachment_id ? attachment_id : "";
	size_t len = strlen(id);
	const char *tail = len > 6 ? id + len - 6 : id;
	snprintf(out, n, "attachment-%s.%s", *tail ? tail : "file", mms_ext(type));
}

/* ---- saving --------------------------------------------------------------------- */

static bool write_all(int fd, const void *data, size_t len)
{
	const unsigned char *p = data;
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		len -= (size_t)w;
	}
	return true;
}

enum mms_save_rc mms_save(const char *path, const void *data, size_t len, bool overwrite,
			  char *err, size_t errlen)
{
	struct stat st;
	if (!path || !*path) {
		set_err(err, errlen, "%s", _("No file named."));
		return MMS_SAVE_ERROR;
	}
	if (lstat(path, &st) == 0) {
		if (!overwrite)
			return MMS_SAVE_EXISTS;
		if (!S_ISREG(st.st_mode)) {
			set_err(err, errlen, _("Not saved: %s is %s."), path, kind_words(st.st_mode));
			return MMS_SAVE_ERROR;
		}
	} else if (errno != ENOENT) {
		set_err(err, errlen, _("Not saved: %s."), errno_words(errno));
		return MMS_SAVE_ERROR;
	}
	if (!overwrite) {
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0) {
			if (errno == EEXIST)
				return MMS_SAVE_EXISTS;
			set_err(err, errlen, _("Not saved: %s."), errno_words(errno));
			return MMS_SAVE_ERROR;
		}
		bool ok = write_all(fd, data, len) && fsync(fd) == 0;
		int e = errno;
		if (close(fd) != 0 && ok) {
			ok = false;
			e = errno;
		}
		if (!ok) {
			unlink(path);
			set_err(err, errlen, _("Not saved: %s."), errno_words(e));
			return MMS_SAVE_ERROR;
		}
		return MMS_SAVE_OK;
	}
	/* Replace: a temporary file beside it, renamed over it once complete,
	 * so a failure leaves the old file as it was. */
	size_t pl = strlen(path);
	char *tmp = xmalloc(pl + 16);
	int fd = -1;
	for (int tries = 0; tries < 16 && fd < 0; tries++) {
		snprintf(tmp, pl + 16, "%s.%08x", path, (unsigned)randombytes_random());
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		set_err(err, errlen, _("Not saved: %s."), errno_words(errno));
		free(tmp);
		return MMS_SAVE_ERROR;
	}
	bool ok = write_all(fd, data, len) && fsync(fd) == 0;
	int e = errno;
	if (close(fd) != 0 && ok) {
		ok = false;
		e = errno;
	}
	if (ok && rename(tmp, path) != 0) {
		ok = false;
		e = errno;
	}
	if (!ok) {
		unlink(tmp);
		set_err(err, errlen, _("Not saved: %s."), errno_words(e));
	}
	free(tmp);
	return ok ? MMS_SAVE_OK : MMS_SAVE_ERROR;
}
