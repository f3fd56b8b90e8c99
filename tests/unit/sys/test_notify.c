/* Unit tests for sys/notify: the terminal fallback's exact bytes (BEL,
 * OSC 777, OSC 9, sanitizing), rate limiting, locking; and, when
 * tests/integration/test_notify.sh runs this on a private D-Bus session
 * with tests/lib/notify_server.c, what a real notification service gets.
 *
 *   CURTAIN_TEST_NOTIFY_LOG=FILE   a server logs to FILE: run the desktop tests
 *   CURTAIN_TEST_NOTIFY_NOSERVER=1 a session bus without a server: run those
 * Without either only the terminal tests run (they need no bus). */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "sys/notify.h"

#define FD_TEXT "New text in Front Desk (3 waiting)"

static int tty[2] = { -1, -1 }; /* stands in for the terminal */
static char *saved_bus;

static int pipe_setup(void **state)
{
	if (pipe(tty) != 0)
		return -1;
	fcntl(tty[0], F_SETFL, O_NONBLOCK);
	return 0;
}

static int pipe_teardown(void **state)
{
	close(tty[0]);
	close(tty[1]);
	tty[0] = tty[1] = -1;
	return 0;
}

/* Everything written to the fake terminal since the last call. */
static const char *tty_read(void)
{
	static char buf[4096];
	ssize_t n = read(tty[0], buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static struct notify_opts opts(bool desktop, const char *term)
{
	struct notify_opts o = {
		.desktop = desktop,
		.bell = true,
		.osc = true,
		.when_locked = false,
		.min_interval_ms = 10000,
		.out_fd = tty[1],
		.term = term,
	};
	return o;
}

/* --- terminal fallback (no D-Bus) ----------------------------------- */

static int nobus_setup(void **state)
{
	const char *bus = getenv("DBUS_SESSION_BUS_ADDRESS");
	saved_bus = bus ? strdup(bus) : NULL;
	unsetenv("DBUS_SESSION_BUS_ADDRESS");
	return pipe_setup(state);
}

static int nobus_teardown(void **state)
{
	if (saved_bus)
		setenv("DBUS_SESSION_BUS_ADDRESS", saved_bus, 1);
	free(saved_bus);
	saved_bus = NULL;
	return pipe_teardown(state);
}

static void unit__notifier_new__no_bus_means_no_desktop(void **state)
{
	struct notify_opts o = opts(true, "xterm-256color");
	struct notifier *n = notifier_new(&o);
	assert_false(notifier_has_desktop(n));
	notifier_free(&n);
	assert_null(n);
}

static void unit__new_texts__fallback_writes_bel_osc777_osc9(void **state)
{
	struct notify_opts o = opts(true, "xterm-256color");
	struct notifier *n = notifier_new(&o);
	assert_true(notifier_new_texts(n, "Front Desk", 3, false, 1000));
	assert_string_equal(tty_read(), "\a"
					"\033]777;notify;Curtain;" FD_TEXT "\a"
					"\033]9;" FD_TEXT "\a");
	notifier_free(&n);
}

static void unit__new_texts__fallback_osc_by_terminal(void **state)
{
	static const struct {
		const char *term, *want;
	} cases[] = {
		{ "foot", "\a\033]777;notify;Curtain;" FD_TEXT "\a" },
		{ "rxvt-unicode-256color", "\a\033]777;notify;Curtain;" FD_TEXT "\a" },
		{ "xterm-kitty", "\a\033]9;" FD_TEXT "\a" },
		{ "wezterm", "\a\033]9;" FD_TEXT "\a" },
		{ "tmux-256color", "\a\033]777;notify;Curtain;" FD_TEXT "\a\033]9;" FD_TEXT "\a" },
		{ "dumb", "\a" },
		{ "linux", "\a" },
		{ NULL, "\a" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct notify_opts o = opts(false, cases[i].term);
		struct notifier *n = notifier_new(&o);
		assert_true(notifier_new_texts(n, "Front Desk", 3, false, 0));
		assert_string_equal(tty_read(), cases[i].want);
		notifier_free(&n);
	}
}

static void unit__new_texts__fallback_sanitizes_department(void **state)
{
	struct notify_opts o = opts(false, "xterm");
	struct notifier *n = notifier_new(&o);
	/* ESC, BEL, ';', newline, a C1 CSI (U+009B) and a stray byte: none
	 * may end the OSC early, start another sequence or add a field. */
	assert_true(notifier_new_texts(n, "Front\033]0;x\a Desk;\nEast\xc2\x9b\xff", 2, false, 0));
#define DIRTY "New text in Front ]0,x  Desk, East ? (2 waiting)"
	assert_string_equal(tty_read(), "\a\033]777;notify;Curtain;" DIRTY "\a\033]9;" DIRTY "\a");
#undef DIRTY
	/* Valid UTF-8 passes unchanged. */
	assert_true(notifier_new_texts(n, "Recepci\xc3\xb3n", 1, false, 0));
	assert_string_equal(tty_read(),
			    "\a\033]777;notify;Curtain;New text in Recepci\xc3\xb3n (1 waiting)\a"
			    "\033]9;New text in Recepci\xc3\xb3n (1 waiting)\a");
	notifier_free(&n);
}

static void unit__new_texts__fallback_rate_limited_per_department(void **state)
{
	struct notify_opts o = opts(false, "dumb");
	struct notifier *n = notifier_new(&o);
	assert_true(notifier_new_texts(n, "Front Desk", 1, false, 50000));
	assert_string_equal(tty_read(), "\a");
	assert_false(notifier_new_texts(n, "Front Desk", 2, false, 50000 + 9999));
	assert_string_equal(tty_read(), "");
	assert_true(notifier_new_texts(n, "Billing", 1, false, 50000 + 9999));
	assert_string_equal(tty_read(), "\a");
	assert_true(notifier_new_texts(n, "Front Desk", 3, false, 50000 + 10000));
	assert_string_equal(tty_read(), "\a");
	notifier_free(&n);

	/* A zero interval means the default, 10 s. */
	o.min_interval_ms = 0;
	n = notifier_new(&o);
	assert_true(notifier_new_texts(n, "Front Desk", 1, false, 0));
	assert_false(notifier_new_texts(n, "Front Desk", 1, false, 9999));
	assert_true(notifier_new_texts(n, "Front Desk", 1, false, 10000));
	tty_read();
	notifier_free(&n);
}

static void unit__new_texts__fallback_locked_shows_nothing(void **state)
{
	struct notify_opts o = opts(false, "xterm");
	struct notifier *n = notifier_new(&o);
	assert_false(notifier_new_texts(n, "Front Desk", 3, true, 0));
	assert_string_equal(tty_read(), "");
	/* Suppressed while locked does not count against the interval. */
	assert_true(notifier_new_texts(n, "Front Desk", 3, false, 1));
	tty_read();
	notifier_free(&n);

	o.when_locked = true;
	n = notifier_new(&o);
	assert_true(notifier_new_texts(n, "Front Desk", 3, true, 0));
	assert_string_equal(tty_read(),
			    "\a\033]777;notify;Curtain;" FD_TEXT "\a\033]9;" FD_TEXT "\a");
	notifier_free(&n);
}

static void unit__new_texts__fallback_off_or_nothing_waiting(void **state)
{
	struct notify_opts o = opts(false, "xterm");
	struct notifier *n = notifier_new(&o);
	assert_false(notifier_new_texts(n, "Front Desk", 0, false, 0));
	assert_string_equal(tty_read(), "");
	notifier_free(&n);

	o.bell = false;
	o.osc = false;
	n = notifier_new(&o);
	assert_false(notifier_new_texts(n, "Front Desk", 3, false, 0));
	assert_string_equal(tty_read(), "");
	notifier_free(&n);

	/* OSC only: no bell byte. */
	o.osc = true;
	n = notifier_new(&o);
	assert_true(notifier_new_texts(n, "Front Desk", 3, false, 0));
	assert_string_equal(tty_read(),
			    "\033]777;notify;Curtain;" FD_TEXT "\a\033]9;" FD_TEXT "\a");
	notifier_free(&n);
}

/* --- a session bus without a notification service ------------------ */

static void unit__notifier_new__bus_without_server_falls_back(void **state)
{
	struct notify_opts o = opts(true, "xterm");
	struct notifier *n = notifier_new(&o);
	assert_false(notifier_has_desktop(n));
	assert_true(notifier_new_texts(n, "Front Desk", 3, false, 0));
	assert_string_equal(tty_read(),
			    "\a\033]777;notify;Curtain;" FD_TEXT "\a\033]9;" FD_TEXT "\a");
	notifier_free(&n);
}

/* --- a real notification service (tests/lib/notify_server.c) ------- */

enum {
	F_METHOD,
	F_APP,
	F_REPLACES,
	F_ICON,
	F_SUMMARY,
	F_BODY,
	F_TIMEOUT,
	F_ID,
	F_HINTS,
	F_ACTIONS,
	F_N
};

struct call {
	char line[2048];
	char *f[F_N];
};

/* How many Notify calls the server logged; the last one split into *last. */
static int server_calls(struct call *last)
{
	FILE *f = fopen(getenv("CURTAIN_TEST_NOTIFY_LOG"), "r");
	char line[2048];
	int count = 0;
	assert_non_null(f);
	while (fgets(line, sizeof line, f)) {
		count++;
		if (last)
			snprintf(last->line, sizeof last->line, "%s", line);
	}
	fclose(f);
	if (last && count > 0) {
		char *p = last->line, *tab;
		last->line[strcspn(last->line, "\n")] = '\0';
		for (int i = 0; i < F_N; i++) {
			last->f[i] = p;
			tab = p ? strchr(p, '\t') : NULL;
			if (tab)
				*tab = '\0';
			p = tab ? tab + 1 : NULL;
			assert_non_null(last->f[i]);
		}
	}
	return count;
}

static void unit__notifier_new__detects_server(void **state)
{
	struct notify_opts o = opts(true, "xterm");
	struct notifier *n = notifier_new(&o);
	assert_true(notifier_has_desktop(n));
	notifier_free(&n);

	/* Desktop off: no service is asked, the terminal is used. */
	o = opts(false, "dumb");
	n = notifier_new(&o);
	assert_false(notifier_has_desktop(n));
	notifier_free(&n);
}

static void unit__new_texts__desktop_text_is_phi_free(void **state)
{
	struct notify_opts o = opts(true, "xterm");
	struct notifier *n = notifier_new(&o);
	struct call c;
	int before = server_calls(NULL);

	assert_true(notifier_new_texts(n, "Front Desk", 3, false, 0));
	assert_int_equal(server_calls(&c), before + 1);
	assert_string_equal(c.f[F_METHOD], "Notify");
	assert_string_equal(c.f[F_APP], "Curtain");
	assert_string_equal(c.f[F_REPLACES], "0");
	assert_string_equal(c.f[F_ICON], "");
	assert_string_equal(c.f[F_SUMMARY], "Curtain");
	assert_string_equal(c.f[F_BODY], FD_TEXT);
	assert_string_equal(c.f[F_TIMEOUT], "-1");
	assert_string_equal(c.f[F_ACTIONS], "");
	assert_non_null(strstr(c.f[F_HINTS], "category"));
	/* The desktop took it: nothing on the terminal. */
	assert_string_equal(tty_read(), "");
	notifier_free(&n);
}

static void unit__new_texts__desktop_suppressed_then_replaced(void **state)
{
	struct notify_opts o = opts(true, "xterm");
	struct notifier *n = notifier_new(&o);
	struct call c;
	char first_id[32];
	int before = server_calls(NULL);

	assert_true(notifier_new_texts(n, "Front Desk", 1, false, 1000));
	assert_int_equal(server_calls(&c), before + 1);
	snprintf(first_id, sizeof first_id, "%s", c.f[F_ID]);
	assert_string_equal(c.f[F_BODY], "New text in Front Desk (1 waiting)");

	/* Within the interval: nothing reaches the service. */
	assert_false(notifier_new_texts(n, "Front Desk", 2, false, 1000 + 9999));
	assert_int_equal(server_calls(NULL), before + 1);

	/* After it: the same notification, replaced (grouping). */
	assert_true(notifier_new_texts(n, "Front Desk", 4, false, 1000 + 10000));
	assert_int_equal(server_calls(&c), before + 2);
	assert_string_equal(c.f[F_REPLACES], first_id);
	assert_string_equal(c.f[F_SUMMARY], "Curtain");
	assert_string_equal(c.f[F_BODY], "New text in Front Desk (4 waiting)");
	assert_string_equal(tty_read(), "");
	notifier_free(&n);
}

static void unit__new_texts__desktop_other_department_not_suppressed(void **state)
{
	struct notify_opts o = opts(true, "xterm");
	struct notifier *n = notifier_new(&o);
	struct call c;
	int before = server_calls(NULL);

	assert_true(notifier_new_texts(n, "Front Desk", 3, false, 0));
	assert_true(notifier_new_texts(n, "Billing", 1, false, 1));
	assert_int_equal(server_calls(&c), before + 2);
	assert_string_equal(c.f[F_REPLACES], "0"); /* its own notification */
	assert_string_equal(c.f[F_BODY], "New text in Billing (1 waiting)");
	notifier_free(&n);
}

static void unit__new_texts__desktop_locked_shows_nothing(void **state)
{
	struct notify_opts o = opts(true, "xterm");
	struct notifier *n = notifier_new(&o);
	struct call c;
	int before = server_calls(NULL);

	assert_false(notifier_new_texts(n, "Front Desk", 3, true, 0));
	assert_int_equal(server_calls(NULL), before);
	assert_string_equal(tty_read(), "");
	notifier_free(&n);

	o.when_locked = true;
	n = notifier_new(&o);
	assert_true(notifier_new_texts(n, "Front Desk", 3, true, 0));
	assert_int_equal(server_calls(&c), before + 1);
	assert_string_equal(c.f[F_BODY], FD_TEXT);
	notifier_free(&n);
}

static void unit__new_texts__desktop_body_markup_escaped(void **state)
{
	struct notify_opts o = opts(true, "xterm");
	struct notifier *n = notifier_new(&o);
	struct call c;

	/* The test server announces body-markup. */
	assert_true(notifier_new_texts(n, "Lab & X-ray <b>", 1, false, 0));
	server_calls(&c);
	assert_string_equal(c.f[F_BODY], "New text in Lab &amp; X-ray &lt;b&gt; (1 waiting)");
	/* Controls never reach the service either. */
	assert_true(notifier_new_texts(n, "Front\033[2J\nDesk", 1, false, 0));
	server_calls(&c);
	assert_string_equal(c.f[F_BODY], "New text in Front [2J Desk (1 waiting)");
	notifier_free(&n);
}

int main(void)
{
	const struct CMUnitTest terminal[] = {
		cmocka_unit_test(unit__notifier_new__no_bus_means_no_desktop),
		cmocka_unit_test(unit__new_texts__fallback_writes_bel_osc777_osc9),
		cmocka_unit_test(unit__new_texts__fallback_osc_by_terminal),
		cmocka_unit_test(unit__new_texts__fallback_sanitizes_department),
		cmocka_unit_test(unit__new_texts__fallback_rate_limited_per_department),
		cmocka_unit_test(unit__new_texts__fallback_locked_shows_nothing),
		cmocka_unit_test(unit__new_texts__fallback_off_or_nothing_waiting),
	};
	const struct CMUnitTest noserver[] = {
		cmocka_unit_test(unit__notifier_new__bus_without_server_falls_back),
	};
	const struct CMUnitTest desktop[] = {
		cmocka_unit_test(unit__notifier_new__detects_server),
		cmocka_unit_test(unit__new_texts__desktop_text_is_phi_free),
		cmocka_unit_test(unit__new_texts__desktop_suppressed_then_replaced),
		cmocka_unit_test(unit__new_texts__desktop_other_department_not_suppressed),
		cmocka_unit_test(unit__new_texts__desktop_locked_shows_nothing),
		cmocka_unit_test(unit__new_texts__desktop_body_markup_escaped),
	};
	int failed = cmocka_run_group_tests_name("notify_terminal", terminal, nobus_setup,
						 nobus_teardown);
	if (getenv("CURTAIN_TEST_NOTIFY_NOSERVER"))
		failed += cmocka_run_group_tests_name("notify_noserver", noserver, pipe_setup,
						      pipe_teardown);
	if (getenv("CURTAIN_TEST_NOTIFY_LOG"))
		failed += cmocka_run_group_tests_name("notify_desktop", desktop, pipe_setup,
						      pipe_teardown);
	return failed ? 1 : 0;
}
