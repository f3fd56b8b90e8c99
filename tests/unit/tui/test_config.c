/* Unit tests for tui/config: defaults, the XDG path, every setting and its
 * validation (server URLs, ranges, on/off), errors with line numbers that
 * leave the defaults alone, loading files, and finding and opening the
 * theme and keymap the settings name. */
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

#include "tui/config.h"

static char tmpdir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/curtain-test-config.XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char *cmd = NULL;
	if (asprintf(&cmd, "rm -rf '%s'", tmpdir) < 0)
		return -1;
	int r = system(cmd);
	free(cmd);
	return r == 0 ? 0 : -1;
}

static char *path_in(const char *rel)
{
	char *p = NULL;
	if (asprintf(&p, "%s/%s", tmpdir, rel) < 0)
		abort();
	return p;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void mkdirs(const char *rel)
{
	char *p = path_in(rel);
	char *cmd = NULL;
	if (asprintf(&cmd, "mkdir -p '%s'", p) < 0)
		abort();
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(p);
}

static void unit__config__init__defaults(void **state)
{
	(void)state;
	struct config c;
	config_init(&c);
	assert_null(c.server);
	assert_string_equal(c.theme, "default");
	assert_string_equal(c.keymap, "default");
	assert_int_equal(c.sort, CONFIG_SORT_WAITING);
	assert_int_equal(c.lock_after, 300);
	assert_int_equal(c.keyring, CONFIG_KEYRING_SECRET_SERVICE);
	assert_true(c.notify);
	assert_true(c.bell);
	assert_false(c.accessible);
	assert_false(c.mouse);
	config_free(&c);
	assert_null(c.theme);
	config_free(&c); /* twice is fine */
}

static void unit__config__default_path__xdg_then_home(void **state)
{
	(void)state;
	char *old_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	setenv("XDG_CONFIG_HOME", "/x/conf", 1);
	setenv("HOME", "/home/frontdesk", 1);
	char *p = config_default_path();
	assert_string_equal(p, "/x/conf/curtain/config");
	free(p);
	setenv("XDG_CONFIG_HOME", "relative/conf", 1); /* ignored, as XDG says */
	p = config_default_path();
	assert_string_equal(p, "/home/frontdesk/.config/curtain/config");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	p = config_dir();
	assert_string_equal(p, "/home/frontdesk/.config/curtain");
	free(p);
	unsetenv("HOME");
	assert_null(config_default_path());
	if (old_home) {
		setenv("HOME", old_home, 1);
		free(old_home);
	}
}

static void unit__config__load__every_setting(void **state)
{
	(void)state;
	struct config c;
	config_init(&c);
	struct errlist errs;
	errlist_init(&errs);
	const char *text = "# Curtain settings\n"
			   "\n"
			   "server = https://inbox.example.org:8443/curtain\n"
			   "theme = high-contrast\n"
			   "keymap=~/keys/mine.keys\n"
			   "  sort   =   activity  \n"
			   "lock_after = 120\n"
			   "keyring = none\n"
			   "notify = off\n"
			   "bell = no\n"
			   "accessible = on\n"
			   "mouse = yes\r\n"
			   "; an INI-style comment\n";
	assert_int_equal(config_load_string(&c, "config", text, &errs), 0);
	assert_int_equal(errs.n, 0);
	assert_string_equal(c.server, "https://inbox.example.org:8443/curtain");
	assert_string_equal(c.theme, "high-contrast");
	assert_string_equal(c.keymap, "~/keys/mine.keys");
	assert_int_equal(c.sort, CONFIG_SORT_ACTIVITY);
	assert_int_equal(c.lock_after, 120);
	assert_int_equal(c.keyring, CONFIG_KEYRING_NONE);
	assert_false(c.notify);
	assert_false(c.bell);
	assert_true(c.accessible);
	assert_true(c.mouse);
	/* quotes are optional; later lines win */
	assert_int_equal(config_load_string(&c, "config",
					    "theme = \"light\"\nsort = waiting\n"
					    "server =\n",
					    &errs),
			 0);
	assert_string_equal(c.theme, "light");
	assert_int_equal(c.sort, CONFIG_SORT_WAITING);
	assert_null(c.server); /* an empty server unsets it */
	config_free(&c);
}

static void unit__config__load__errors_keep_defaults(void **state)
{
	(void)state;
	struct config c;
	config_init(&c);
	struct errlist errs;
	errlist_init(&errs);
	const char *text = "colour = blue\n"			 /* 1 */
			   "sort = newest\n"			 /* 2 */
			   "lock_after = 10\n"			 /* 3 */
			   "lock_after = 5 minutes\n"		 /* 4 */
			   "lock_after = 99999999999999999999\n" /* 5 */
			   "keyring = kwallet\n"		 /* 6 */
			   "bell = loud\n"			 /* 7 */
			   "server = http://inbox.example.org\n" /* 8 */
			   "server = ftp://inbox.example.org\n"	 /* 9 */
			   "theme = ../evil\n"			 /* 10 is a path: fine */
			   "theme = my theme\n"			 /* 11 */
			   "just some words\n"			 /* 12 */
			   "notify =\n"				 /* 13 */
			   "mouse = on\n";			 /* 14 fine */
	assert_int_equal(config_load_string(&c, "/home/x/.config/curtain/config", text, &errs), 12);
	static const char *const want[] = {
		"/home/x/.config/curtain/config:1: unknown setting 'colour' (known: server, theme, "
		"keymap, sort, lock_after, keyring, notify, bell, accessible, mouse, preview_format)",
		"/home/x/.config/curtain/config:2: sort must be waiting or activity, not 'newest'",
		"/home/x/.config/curtain/config:3: lock_after must be a number of seconds from 30 "
		"to 3600, not '10'",
		"/home/x/.config/curtain/config:4: lock_after must be a number of seconds from 30 "
		"to 3600, not '5 minutes'",
		"/home/x/.config/curtain/config:5: lock_after must be a number of seconds from 30 "
		"to 3600, not '99999999999999999999'",
		"/home/x/.config/curtain/config:6: keyring must be secret-service or none, not "
		"'kwallet'",
		"/home/x/.config/curtain/config:7: bell must be true or false, not 'loud'",
		"/home/x/.config/curtain/config:8: server 'http://inbox.example.org' uses plain "
		"http://, which is only allowed for this computer; use https://",
		"/home/x/.config/curtain/config:9: server must be an https:// address, not "
		"'ftp://inbox.example.org'",
		"/home/x/.config/curtain/config:11: theme: 'my theme' is neither a name (letters, "
		"digits, '.', '_', '-') nor a file path",
		"/home/x/.config/curtain/config:12: expected 'setting = value'",
	};
	/* line 13 is the 12th error */
	assert_int_equal(errs.n, 12);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		assert_string_equal(errs.msg[i], want[i]);
	assert_string_equal(errs.msg[11],
			    "/home/x/.config/curtain/config:13: 'notify' needs a value");
	/* defaults kept, good lines applied */
	assert_int_equal(c.sort, CONFIG_SORT_WAITING);
	assert_int_equal(c.lock_after, 300);
	assert_int_equal(c.keyring, CONFIG_KEYRING_SECRET_SERVICE);
	assert_true(c.bell);
	assert_true(c.notify);
	assert_null(c.server);
	assert_string_equal(c.theme, "../evil");
	assert_true(c.mouse);
	errlist_free(&errs);
	config_free(&c);
}

static void unit__config__set__server_addresses(void **state)
{
	(void)state;
	static const char *const good[] = {
		"https://inbox.example.org",
		"https://inbox.example.org/",
		"HTTPS://Inbox.Example.org:443/v1",
		"http://localhost:8080",
		"http://127.0.0.1:8080",
		"http://127.1.2.3",
		"http://[::1]:8080/",
		"https://[2001:db8::1]:8443",
	};
	static const char *const bad[] = {
		"inbox.example.org",
		"https://",
		"https://:443",
		"https://a b",
		"https://user@host",
		"https://host:99999",
		"https://host:",
		"https://host:12ab",
		"http://10.0.0.5",
		"http://localhost.evil.com",
		"http://127.0.0.1.evil.com",
		"https://ho_st",
		"https://[::1",
		"http://[::2]",
	};
	struct config c;
	config_init(&c);
	char *err;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		if (!config_set(&c, "server", good[i], &err))
			fail_msg("%s refused: %s", good[i], err);
		assert_null(err);
		assert_string_equal(c.server, good[i]);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (config_set(&c, "server", bad[i], &err))
			fail_msg("%s accepted", bad[i]);
		assert_non_null(err);
		free(err);
	}
	assert_string_equal(c.server, good[sizeof good / sizeof good[0] - 1]);
	assert_true(config_set(&c, "lock_after", "30", &err));
	assert_int_equal(c.lock_after, 30);
	assert_true(config_set(&c, "lock_after", "3600", &err));
	assert_false(config_set(&c, "lock_after", "3601", &err));
	free(err);
	assert_false(config_set(&c, "lock_after", "-60", &err));
	free(err);
	assert_false(config_set(&c, "lock_after", "+60", &err));
	free(err);
	assert_false(config_set(&c, NULL, "x", &err));
	free(err);
	config_free(&c);
}

static void unit__config__load__files(void **state)
{
	(void)state;
	struct config c;
	config_init(&c);
	struct errlist errs;
	errlist_init(&errs);
	char *old_xdg = getenv("XDG_CONFIG_HOME") ? strdup(getenv("XDG_CONFIG_HOME")) : NULL;
	setenv("XDG_CONFIG_HOME", tmpdir, 1);

	/* no file at the default place: defaults, no error */
	assert_int_equal(config_load(&c, NULL, &errs), 0);
	assert_int_equal(errs.n, 0);
	/* an explicit file that is missing is an error */
	assert_int_equal(config_load(&c, "/nonexistent/curtain.conf", &errs), 1);
	assert_non_null(strstr(errs.msg[0], "/nonexistent/curtain.conf: cannot read the settings"));
	errlist_free(&errs);

	mkdirs("curtain");
	char *path = path_in("curtain/config");
	write_file(path, "theme = light\nsort = sideways\nmouse = on\n");
	assert_int_equal(config_load(&c, NULL, &errs), 1);
	assert_string_equal(c.theme, "light");
	assert_true(c.mouse);
	char *want = NULL;
	assert_true(asprintf(&want, "%s:2: sort must be waiting or activity, not 'sideways'",
			     path) > 0);
	assert_string_equal(errs.msg[0], want);
	free(want);
	free(path);
	errlist_free(&errs);
	config_free(&c);
	if (old_xdg) {
		setenv("XDG_CONFIG_HOME", old_xdg, 1);
		free(old_xdg);
	} else {
		unsetenv("XDG_CONFIG_HOME");
	}
}

static void unit__config__find_file__user_then_data_dirs(void **state)
{
	(void)state;
	const char *src = getenv("CURTAIN_SRC");
	setenv("XDG_CONFIG_HOME", tmpdir, 1);
	setenv("CURTAIN_DATADIR", src && *src ? src : ".", 1);
	setenv("HOME", "/home/frontdesk", 1);

	/* shipped files through CURTAIN_DATADIR */
	char *p = config_find_file("themes", "light", ".theme");
	assert_non_null(p);
	assert_non_null(strstr(p, "/themes/light.theme"));
	free(p);
	p = config_find_file("keymaps", "vim.keys", ".keys"); /* extension optional */
	assert_non_null(p);
	assert_non_null(strstr(p, "/keymaps/vim.keys"));
	free(p);
	assert_null(config_find_file("themes", "no-such-theme", ".theme"));
	assert_null(config_find_file("themes", "", ".theme"));

	/* the user's own directory wins */
	mkdirs("curtain/themes");
	char *mine = path_in("curtain/themes/light.theme");
	write_file(mine, "title = bold red\n");
	p = config_find_file("themes", "light", ".theme");
	assert_string_equal(p, mine);
	free(p);

	/* paths are taken as they are, ~/ expanded */
	p = config_find_file("themes", "/etc/curtain/site.theme", ".theme");
	assert_string_equal(p, "/etc/curtain/site.theme");
	free(p);
	p = config_find_file("themes", "~/t/x.theme", ".theme");
	assert_string_equal(p, "/home/frontdesk/t/x.theme");
	free(p);
	unlink(mine);
	free(mine);
}

static void unit__config__open__theme_and_keymap(void **state)
{
	(void)state;
	const char *src = getenv("CURTAIN_SRC");
	setenv("XDG_CONFIG_HOME", tmpdir, 1);
	setenv("CURTAIN_DATADIR", src && *src ? src : ".", 1);
	struct config c;
	config_init(&c);
	struct errlist errs;
	errlist_init(&errs);

	/* defaults: found or built in, never an error */
	struct theme *t = config_open_theme(&c, &errs);
	struct keymap *km = config_open_keymap(&c, &errs);
	assert_int_equal(errs.n, 0);
	assert_non_null(t);
	assert_non_null(km);
	theme_free(&t);
	keymap_free(&km);

	char *err;
	assert_true(config_set(&c, "keymap", "emacs", &err));
	assert_true(config_set(&c, "theme", "mono", &err));
	t = config_open_theme(&c, &errs);
	km = config_open_keymap(&c, &errs);
	assert_int_equal(errs.n, 0);
	assert_int_equal(theme_spec_get(t, THEME_TITLE)->bg, THEME_DEFAULT);
	keycode k;
	assert_true(keymap_key_parse("<C-n>", &k));
	assert_int_equal(keymap_lookup(km, CTX_LIST, k), ACT_DOWN);
	theme_free(&t);
	keymap_free(&km);

	/* missing ones: an error, and the defaults */
	assert_true(config_set(&c, "keymap", "dvorak", &err));
	assert_true(config_set(&c, "theme", "neon", &err));
	t = config_open_theme(&c, &errs);
	km = config_open_keymap(&c, &errs);
	assert_non_null(t);
	assert_non_null(km);
	assert_int_equal(errs.n, 2);
	assert_string_equal(errs.msg[0], "theme 'neon' not found; using the default colours");
	assert_string_equal(errs.msg[1], "keymap 'dvorak' not found; using the default keys");
	assert_true(keymap_key_parse("j", &k));
	assert_int_equal(keymap_lookup(km, CTX_LIST, k), ACT_DOWN);
	theme_free(&t);
	keymap_free(&km);
	errlist_free(&errs);

	/* a theme file with errors reports them with its path and line */
	mkdirs("curtain/themes");
	char *bad = path_in("curtain/themes/bad.theme");
	write_file(bad, "title = bold\ninbox.row = sparkly\n");
	assert_true(config_set(&c, "theme", "bad", &err));
	t = config_open_theme(&c, &errs);
	assert_int_equal(errs.n, 1);
	char *want = NULL;
	assert_true(asprintf(&want, "%s:2: inbox.row: unknown colour or attribute 'sparkly'", bad) >
		    0);
	assert_string_equal(errs.msg[0], want);
	assert_int_equal(theme_spec_get(t, THEME_TITLE)->attrs, TA_BOLD);
	free(want);
	free(bad);
	theme_free(&t);
	errlist_free(&errs);
	config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit__config__init__defaults),
		cmocka_unit_test(unit__config__default_path__xdg_then_home),
		cmocka_unit_test(unit__config__load__every_setting),
		cmocka_unit_test(unit__config__load__errors_keep_defaults),
		cmocka_unit_test(unit__config__set__server_addresses),
		cmocka_unit_test(unit__config__load__files),
		cmocka_unit_test(unit__config__find_file__user_then_data_dirs),
		cmocka_unit_test(unit__config__open__theme_and_keymap),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
