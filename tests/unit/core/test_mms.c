/* Unit tests for core/mms: the session's media limits, the type sniffer
 * (magic numbers, never names), sizes in words, attaching a file (regular
 * files only: a folder, a FIFO and a device are refused before any read;
 * too large, empty, wrong type and a type the server does not take are
 * refused with clear words), "~" expansion, the PHI-free suggested name,
 * and saving (0600, never overwriting unless asked, replacing whole). */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <locale.h>
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

#include "core/mms.h"

static char dir[256];

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/curtain-mms-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static char *path_of(const char *name)
{
	char *p = NULL;
	if (asprintf(&p, "%s/%s", dir, name) < 0)
		abort();
	return p;
}

static char *write_file(const char *name, const void *data, size_t len)
{
	char *p = path_of(name);
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return p;
}

static const unsigned char jpeg_head[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F' };
static const unsigned char png_head[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };

static void unit__mms_sniff__magic_numbers(void **state)
{
	(void)state;
	assert_string_equal(mms_sniff(jpeg_head, sizeof jpeg_head), "image/jpeg");
	assert_string_equal(mms_sniff(png_head, sizeof png_head), "image/png");
	assert_string_equal(mms_sniff("GIF89a\x01\x00", 8), "image/gif");
	assert_string_equal(mms_sniff("GIF87a", 6), "image/gif");
	assert_string_equal(mms_sniff("%PDF-1.7\n", 9), "application/pdf");
	/* Names and near misses say nothing. */
	assert_null(mms_sniff("card.jpg", 8));
	assert_null(mms_sniff("\x89PNG\r\n", 6)); /* cut short */
	assert_null(mms_sniff("GIF88a", 6));
	assert_null(mms_sniff("\xff\xd8", 2));
	assert_null(mms_sniff("%!PS-Adobe", 10));
	assert_null(mms_sniff("", 0));
	assert_null(mms_sniff(NULL, 10));
}

static void unit__mms_names__ext_label_image(void **state)
{
	(void)state;
	assert_string_equal(mms_ext("image/jpeg"), "jpg");
	assert_string_equal(mms_ext("application/pdf"), "pdf");
	assert_string_equal(mms_ext("text/plain"), "bin");
	assert_string_equal(mms_ext(NULL), "bin");
	assert_string_equal(mms_type_label("image/png"), "PNG image");
	assert_string_equal(mms_type_label("application/pdf"), "PDF document");
	assert_string_equal(mms_type_label(NULL), "File");
	assert_true(mms_is_image("image/gif"));
	assert_false(mms_is_image("application/pdf"));
	assert_false(mms_is_image(NULL));
}

static void unit__mms_size_text__bytes_kb_mb(void **state)
{
	(void)state;
	char out[32];
	mms_size_text(1, out, sizeof out);
	assert_string_equal(out, "1 byte");
	mms_size_text(512, out, sizeof out);
	assert_string_equal(out, "512 bytes");
	mms_size_text(183296, out, sizeof out);
	assert_string_equal(out, "179 KB");
	mms_size_text(5000000, out, sizeof out);
	assert_string_equal(out, "4.8 MB");
	mms_size_text(-5, out, sizeof out);
	assert_string_equal(out, "0 bytes");
}

static void unit__mms_limits__defaults_and_session(void **state)
{
	(void)state;
	struct mms_limits l;
	mms_limits_default(&l);
	assert_int_equal(l.max_bytes, 5000000);
	assert_int_equal(l.max_per_message, 10);
	assert_true(mms_type_allowed(&l, "image/jpeg"));
	assert_true(mms_type_allowed(&l, "application/pdf"));
	assert_false(mms_type_allowed(&l, "image/webp"));
	assert_false(mms_type_allowed(&l, NULL));
	json_t *j = json_loads("{\"maxMediaBytes\": 2000, \"maxMediaPerMessage\": 2,"
			       " \"mediaTypes\": [\"image/png\", 7, \"image/gif\"], \"maxSmsSegments\": 10}",
			       0, NULL);
	assert_non_null(j);
	mms_limits_from_json(&l, j);
	assert_int_equal(l.max_bytes, 2000);
	assert_int_equal(l.max_per_message, 2);
	assert_int_equal(l.n_types, 2);
	assert_true(mms_type_allowed(&l, "image/png"));
	assert_false(mms_type_allowed(&l, "image/jpeg"));
	json_decref(j);
	/* Nonsense keeps what was there. */
	j = json_loads("{\"maxMediaBytes\": -1, \"maxMediaPerMessage\": \"x\"}", 0, NULL);
	mms_limits_from_json(&l, j);
	assert_int_equal(l.max_bytes, 2000);
	assert_int_equal(l.max_per_message, 2);
	json_decref(j);
	mms_limits_from_json(&l, NULL);
	assert_int_equal(l.max_bytes, 2000);
}

static void unit__mms_file_load__accepts_a_picture(void **state)
{
	(void)state;
	struct mms_limits l;
	mms_limits_default(&l);
	unsigned char data[300];
	memset(data, 0x5a, sizeof data);
	memcpy(data, jpeg_head, sizeof jpeg_head);
	char *p = write_file("insurance card.jpg", data, sizeof data);
	struct mms_file f;
	char err[256] = "";
	assert_true(mms_file_load(p, &l, &f, err, sizeof err));
	assert_string_equal(f.type, "image/jpeg");
	assert_int_equal(f.len, sizeof data);
	assert_memory_equal(f.data, data, sizeof data);
	assert_string_equal(f.name, "insurance card.jpg");
	mms_file_clear(&f);
	assert_null(f.data);
	assert_null(f.name);
	mms_file_clear(&f); /* twice is fine */
	/* The name says .jpg; the bytes say PNG: the bytes win. */
	char *q = write_file("lies.jpg", png_head, sizeof png_head);
	assert_true(mms_file_load(q, &l, &f, err, sizeof err));
	assert_string_equal(f.type, "image/png");
	mms_file_clear(&f);
	free(p);
	free(q);
}

static void expect_refused(const char *path, const struct mms_limits *l, const char *want)
{
	struct mms_file f;
	char err[256] = "";
	assert_false(mms_file_load(path, l, &f, err, sizeof err));
	assert_null(f.data);
	assert_null(f.name);
	assert_int_equal(f.len, 0);
	if (!strstr(err, want))
		fail_msg("'%s' does not say '%s'", err, want);
}

static void unit__mms_file_load__refuses_with_clear_words(void **state)
{
	(void)state;
	struct mms_limits l;
	mms_limits_default(&l);
	l.max_bytes = 1000;

	unsigned char big[1001];
	memset(big, 0, sizeof big);
	memcpy(big, png_head, sizeof png_head);
	char *p = write_file("big.png", big, sizeof big);
	expect_refused(p, &l, "Cannot attach: the file is too large (1001 bytes; at most 1000 bytes).");
	free(p);

	p = write_file("notes.txt", "Hello, this is text", 19);
	expect_refused(p, &l, "Cannot attach: wrong type. Only JPEG, PNG and GIF pictures and PDF "
			      "documents can be sent.");
	free(p);

	p = write_file("empty.png", "", 0);
	expect_refused(p, &l, "Cannot attach: the file is empty.");
	free(p);

	/* A type the server's session does not list. */
	l.n_types = 1; /* image/jpeg only */
	p = write_file("form.pdf", "%PDF-1.4\n%%EOF\n", 15);
	expect_refused(p, &l, "Cannot attach: the server does not accept a PDF document.");
	free(p);

	p = path_of("missing.png");
	expect_refused(p, &l, "Cannot attach: there is no such file or folder.");
	free(p);

	expect_refused(dir, &l, "Cannot attach: that is a folder, not a file.");
	expect_refused("", &l, "No file named.");
}

static void unit__mms_file_load__never_reads_a_fifo_or_device(void **state)
{
	(void)state;
	struct mms_limits l;
	mms_limits_default(&l);
	char *p = path_of("pipe");
	assert_int_equal(mkfifo(p, 0600), 0);
	/* With nobody writing, a read would block forever: the test would hang. */
	expect_refused(p, &l, "Cannot attach: that is a pipe (FIFO), not a file.");
	/* A symbolic link to it is no better. */
	char *link = path_of("pipe.png");
	assert_int_equal(symlink(p, link), 0);
	expect_refused(link, &l, "Cannot attach: that is a pipe (FIFO), not a file.");
	expect_refused("/dev/zero", &l, "Cannot attach: that is a device, not a file.");
	free(p);
	free(link);
}

static void unit__mms_expand_path__tilde(void **state)
{
	(void)state;
	const char *old = getenv("HOME");
	char *saved = old ? strdup(old) : NULL;
	setenv("HOME", "/home/dana", 1);
	char *p = mms_expand_path("~/Pictures/card.png");
	assert_string_equal(p, "/home/dana/Pictures/card.png");
	free(p);
	p = mms_expand_path("~");
	assert_string_equal(p, "/home/dana");
	free(p);
	p = mms_expand_path("~other/x"); /* another user's home is not guessed */
	assert_string_equal(p, "~other/x");
	free(p);
	p = mms_expand_path("rel/a b.png");
	assert_string_equal(p, "rel/a b.png");
	free(p);
	assert_null(mms_expand_path(""));
	unsetenv("HOME");
	assert_null(mms_expand_path("~/x"));
	if (saved)
		setenv("HOME", saved, 1);
	free(saved);
}

static void unit__mms_suggest_name__no_phi(void **state)
{
	(void)state;
	char out[64];
	mms_suggest_name("aK3x9QwertyZ7bC2", "image/jpeg", out, sizeof out);
	assert_string_equal(out, "attachment-yZ7bC2.jpg");
	mms_suggest_name("a12", "application/pdf", out, sizeof out);
	assert_string_equal(out, "attachment-a12.pdf");
	mms_suggest_name("", NULL, out, sizeof out);
	assert_string_equal(out, "attachment-file.bin");
}

static void unit__mms_save__0600_exclusive_and_replace(void **state)
{
	(void)state;
	char err[256] = "";
	char *p = path_of("saved.png");
	mode_t old = umask(0);
	assert_int_equal(mms_save(p, png_head, sizeof png_head, false, err, sizeof err), MMS_SAVE_OK);
	umask(old);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, sizeof png_head);
	/* Never overwritten without asking. */
	assert_int_equal(mms_save(p, jpeg_head, sizeof jpeg_head, false, err, sizeof err),
			 MMS_SAVE_EXISTS);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_size, sizeof png_head);
	/* Asked: replaced whole, still 0600 (even if it was more open). */
	assert_int_equal(chmod(p, 0644), 0);
	assert_int_equal(mms_save(p, jpeg_head, sizeof jpeg_head, true, err, sizeof err), MMS_SAVE_OK);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_size, sizeof jpeg_head);
	assert_int_equal(st.st_mode & 0777, 0600);
	FILE *f = fopen(p, "rb");
	unsigned char back[32];
	assert_int_equal(fread(back, 1, sizeof back, f), sizeof jpeg_head);
	fclose(f);
	assert_memory_equal(back, jpeg_head, sizeof jpeg_head);
	/* No temporary file is left beside it. */
	int entries = 0;
	char *cmd = NULL;
	assert_true(asprintf(&cmd, "ls -A '%s' | grep -c '^saved.png'", dir) > 0);
	FILE *ls = popen(cmd, "r");
	assert_int_equal(fscanf(ls, "%d", &entries), 1);
	pclose(ls);
	free(cmd);
	assert_int_equal(entries, 1);
	/* A symbolic link is not followed without asking... */
	char *link = path_of("link.png");
	char *target = path_of("target.png");
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(mms_save(link, png_head, sizeof png_head, false, err, sizeof err),
			 MMS_SAVE_EXISTS);
	assert_int_equal(access(target, F_OK), -1);
	/* ...and never replaced, even when asked: it is not a regular file. */
	assert_int_equal(mms_save(link, png_head, sizeof png_head, true, err, sizeof err),
			 MMS_SAVE_ERROR);
	assert_int_equal(access(target, F_OK), -1);
	/* A folder is refused with words. */
	assert_int_equal(mms_save(dir, png_head, sizeof png_head, true, err, sizeof err),
			 MMS_SAVE_ERROR);
	assert_non_null(strstr(err, "is a folder"));
	char *nodir = path_of("no/such/dir.png");
	assert_int_equal(mms_save(nodir, png_head, sizeof png_head, false, err, sizeof err),
			 MMS_SAVE_ERROR);
	assert_string_equal(err, "Not saved: there is no such file or folder.");
	free(nodir);
	free(link);
	free(target);
	free(p);
}

int main(void)
{
	setlocale(LC_ALL, "C");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit__mms_sniff__magic_numbers),
		cmocka_unit_test(unit__mms_names__ext_label_image),
		cmocka_unit_test(unit__mms_size_text__bytes_kb_mb),
		cmocka_unit_test(unit__mms_limits__defaults_and_session),
		cmocka_unit_test(unit__mms_file_load__accepts_a_picture),
		cmocka_unit_test(unit__mms_file_load__refuses_with_clear_words),
		cmocka_unit_test(unit__mms_file_load__never_reads_a_fifo_or_device),
		cmocka_unit_test(unit__mms_expand_path__tilde),
		cmocka_unit_test(unit__mms_suggest_name__no_phi),
		cmocka_unit_test(unit__mms_save__0600_exclusive_and_replace),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
