/* mms: the client's side of picture messages (PROTOCOL.md section 12) that
 * needs no terminal and no network — the session's media limits, what a
 * file is by its magic number, reading a file the user attaches (regular
 * files only, checked against type and size before any upload), how an
 * attachment is named on screen, and writing a saved one with mode 0600
 * without ever overwriting by accident. The bytes are PHI: every buffer
 * here is wiped when released. */
#ifndef CURTAIN_MMS_H
#define CURTAIN_MMS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MMS_TYPES_MAX	     8
#define MMS_TYPE_LEN	     48
#define MMS_MAX_BYTES_DEFAULT 5000000
#define MMS_PER_MESSAGE_DEFAULT 10

/* The session's limits.maxMediaBytes, maxMediaPerMessage and mediaTypes. */
struct mms_limits {
	int64_t max_bytes;
	int max_per_message;
	char types[MMS_TYPES_MAX][MMS_TYPE_LEN];
	size_t n_types;
};

/* The protocol's defaults (5,000,000 bytes, 10, JPEG PNG GIF PDF). */
void mms_limits_default(struct mms_limits *l);
/* Reads the session's "limits" object; what it lacks keeps the default,
 * and a mediaTypes array replaces the default list (unknown types are
 * kept: the server decides what it accepts). */
void mms_limits_from_json(struct mms_limits *l, const json_t *limits);
bool mms_type_allowed(const struct mms_limits *l, const char *type);

/* The type the bytes are by their magic number ("image/jpeg", "image/png",
 * "image/gif", "application/pdf"), or NULL for anything else. */
const char *mms_sniff(const void *data, size_t len);
/* "jpg", "png", "gif", "pdf"; "bin" for anything else (or NULL). */
const char *mms_ext(const char *type);
/* What a person calls the type, untranslated (N_()): "JPEG image",
 * "PNG image", "GIF image", "PDF document", else "File". */
const char *mms_type_label(const char *type);
/* Whether chafa can draw it (the three image types). */
bool mms_is_image(const char *type);
/* A size for people: "512 bytes", "179 KB", "1.2 MB" (1024-based). */
void mms_size_text(int64_t bytes, char *out, size_t n);

/* A file to attach, read into memory. */
struct mms_file {
	unsigned char *data;
	size_t len;
	char type[MMS_TYPE_LEN]; /* sniffed */
	char *name;		 /* the path's last part (PHI: wiped) */
};
/* Wipes and frees; safe on a zeroed or already cleared struct. */
void mms_file_clear(struct mms_file *f);

/* "~" and "~/..." become $HOME's; anything else is copied. Caller frees;
 * NULL when path is empty or $HOME is needed and unset. */
char *mms_expand_path(const char *path);

/* Reads the file at path (already expanded) for attaching: it must be a
 * regular file (never a FIFO, device, socket or directory, which are
 * refused before any read), not empty, at most l->max_bytes, and one of
 * the types JPEG, PNG, GIF or PDF by its magic number that l allows. On
 * failure err gets a translated sentence for the status line and *out is
 * zeroed. */
bool mms_file_load(const char *path, const struct mms_limits *l, struct mms_file *out, char *err,
		   size_t errlen);

/* A name that says nothing about the patient: "attachment-<last six
 * characters of the id>.<ext>". */
void mms_suggest_name(const char *attachment_id, const char *type, char *out, size_t n);

enum mms_save_rc {
	MMS_SAVE_OK = 0,
	MMS_SAVE_EXISTS, /* something is at path and overwrite was not asked for */
	MMS_SAVE_ERROR,	 /* err says why */
};
/* Writes data to path with mode 0600. Without overwrite the file must not
 * exist (O_CREAT|O_EXCL). With overwrite an existing regular file is
 * replaced whole: the bytes go to a new temporary file in the same
 * directory that is then renamed over it; anything but a regular file is
 * refused. err gets a translated reason. */
enum mms_save_rc mms_save(const char *path, const void *data, size_t len, bool overwrite,
			  char *err, size_t errlen);

#endif
