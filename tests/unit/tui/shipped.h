/* shipped: checks that a file the tree ships (keymaps/default.keys,
 * themes/theme.template) is exactly what the program generates, and
 * rewrites it when CURTAIN_REGEN is set. Include after <cmocka.h>. */
#ifndef CURTAIN_TEST_SHIPPED_H
#define CURTAIN_TEST_SHIPPED_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A path below the source tree ($CURTAIN_SRC, else "."); caller frees. */
static inline char *shipped_path(const char *rel)
{
	const char *top = getenv("CURTAIN_SRC");
	char *p = NULL;
	if (asprintf(&p, "%s/%s", top && *top ? top : ".", rel) < 0)
		abort();
	return p;
}

/* A whole file as a string (caller frees), or NULL. */
static inline char *shipped_read(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *data = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&data, &len);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		fwrite(chunk, 1, n, m);
	fclose(f);
	fclose(m);
	return data;
}

/* What write() produces, as a string (caller frees). */
static inline char *shipped_generate(void (*write)(FILE *out))
{
	char *data = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&data, &len);
	write(m);
	fclose(m);
	return data;
}

/* Fails unless the shipped file rel equals what write() produces; with
 * CURTAIN_REGEN set it first rewrites the file. Returns the shipped text
 * (caller frees) for further checks. */
static inline char *shipped_check(const char *rel, void (*write)(FILE *out), const char *test)
{
	char *gen = shipped_generate(write);
	char *path = shipped_path(rel);
	if (getenv("CURTAIN_REGEN")) {
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs(gen, f);
		fclose(f);
	}
	char *shipped = shipped_read(path);
	if (!shipped)
		fail_msg("cannot read %s", path);
	if (strcmp(shipped, gen) != 0)
		fail_msg("%s differs from what the program generates; regenerate it with "
			 "CURTAIN_REGEN=1 CURTAIN_SRC=. <build>/tests/tui/%s",
			 path, test);
	free(path);
	free(gen);
	return shipped;
}

#endif
