/* Unit tests for sys/keyring against a real gnome-keyring. The binary runs
 * itself again inside a private D-Bus session (dbus-run-session) with its
 * own unlocked keyring under a temporary HOME, so it never touches the
 * desktop's keyring and works the same from run.sh, a terminal or CI. If
 * that keyring cannot be started the tests fail; they never skip. */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "sys/keyring.h"

/* Set inside the private session: the temporary HOME. */
#define ENV_MARK "CURTAIN_KEYRING_TEST_HOME"

/* Runs inside dbus-run-session: an unlocked login keyring, then the tests.
 * gnome-keyring creates the login keyring only for a non-empty password. */
static const char inner_script[] =
	"printf '%s' curtain-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null"
	" || { echo 'Bail out! gnome-keyring-daemon did not start'; exit 1; }\n"
	"exec \"$1\"\n";

/* ---- helpers ----------------------------------------------------------- */

/* Runs a shell command and returns its stdout (caller frees), or NULL. */
static char *capture(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	char *out = NULL;
	size_t len = 0, cap = 0;
	char buf[512];
	size_t n;

	if (!p)
		return NULL;
	while ((n = fread(buf, 1, sizeof buf, p)) > 0) {
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			out = realloc(out, cap);
			if (!out)
				abort();
		}
		memcpy(out + len, buf, n);
		len += n;
	}
	if (!out)
		out = calloc(1, 1);
	else
		out[len] = '\0';
	pclose(p);
	return out;
}

/* Items secret-tool finds for server + username in every collection,
 * whatever their schema (it prints one "[path]" line per item). */
static int secret_tool_count(const char *server, const char *username)
{
	char cmd[512];
	char *out;
	int count = 0;

	snprintf(cmd, sizeof cmd, "secret-tool search --all server '%s' username '%s' 2>/dev/null",
		 server, username);
	out = capture(cmd);
	assert_non_null(out);
	for (char *line = out; line && *line;
	     line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (*line == '[')
			count++;
	free(out);
	return count;
}

static void wipe_free(char *token)
{
	if (token) {
		explicit_bzero(token, strlen(token));
		free(token);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_users(char **users, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(users[i]);
	free(users);
}

static void store_ok(const char *server, const char *username, const char *token)
{
	char err[256] = "unset";
	bool ok = keyring_store(server, username, token, err, sizeof err);
	if (!ok)
		fail_msg("keyring_store(%s, %s): %s", server, username, err);
	assert_string_equal(err, "");
}

/* ---- tests ------------------------------------------------------------- */

static void unit__keyring_available__private_session(void **state)
{
	char why[256] = "unset";
	bool ok = keyring_available(why, sizeof why);
	if (!ok)
		fail_msg("the private gnome-keyring does not answer: %s", why);
	assert_string_equal(why, "");
	/* Cheap to ask again. */
	assert_true(keyring_available(why, sizeof why));
}

static void unit__keyring_store__lookup_returns_token(void **state)
{
	char *tok;
	char *out;

	assert_null(keyring_lookup("inbox.example.org", "dana"));
	store_ok("inbox.example.org", "dana", "dt_first_4f1c9a");
	tok = keyring_lookup("inbox.example.org", "dana");
	assert_non_null(tok);
	assert_string_equal(tok, "dt_first_4f1c9a");
	wipe_free(tok);
	/* Another user or server has no token. */
	assert_null(keyring_lookup("inbox.example.org", "lee"));
	assert_null(keyring_lookup("other.example.org", "dana"));

	/* The label names the user and server, under Curtain's schema. */
	out = capture(
		"secret-tool search --all server inbox.example.org username dana 2>/dev/null");
	assert_non_null(out);
	assert_non_null(strstr(out, "label = Curtain sign-in for dana on inbox.example.org\n"));
	assert_non_null(strstr(out, "schema = org.curtain.DeviceToken\n"));
	free(out);
}

static void unit__keyring_store__twice_keeps_one_item(void **state)
{
	char *tok;

	store_ok("twice.example.org", "dana", "dt_old_0001");
	store_ok("twice.example.org", "dana", "dt_new_0002");
	tok = keyring_lookup("twice.example.org", "dana");
	assert_non_null(tok);
	assert_string_equal(tok, "dt_new_0002");
	wipe_free(tok);
	assert_int_equal(secret_tool_count("twice.example.org", "dana"), 1);
}

static void unit__keyring_users__lists_server_users_only(void **state)
{
	char **users = NULL;
	size_t n;

	store_ok("users.example.org", "lee", "dt_lee");
	store_ok("users.example.org", "dana", "dt_dana");
	store_ok("users.example.org", "dana", "dt_dana_again");
	store_ok("elsewhere.example.org", "maria", "dt_maria");
	/* Same attributes, someone else's schema: not ours to list. */
	assert_int_equal(system("printf x | secret-tool store --label=foreign"
				" server users.example.org username eve 2>/dev/null"),
			 0);
	assert_int_equal(secret_tool_count("users.example.org", "eve"), 1);

	n = keyring_users("users.example.org", &users);
	assert_int_equal(n, 2);
	qsort(users, n, sizeof *users, cmp_str);
	assert_string_equal(users[0], "dana");
	assert_string_equal(users[1], "lee");
	free_users(users, n);

	n = keyring_users("elsewhere.example.org", &users);
	assert_int_equal(n, 1);
	assert_string_equal(users[0], "maria");
	free_users(users, n);

	users = (char **)&n; /* must be reset */
	n = keyring_users("nobody.example.org", &users);
	assert_int_equal(n, 0);
	assert_null(users);
}

static void unit__keyring_delete__removes_item(void **state)
{
	char *tok;

	store_ok("delete.example.org", "dana", "dt_gone");
	store_ok("delete.example.org", "lee", "dt_stays");
	assert_int_equal(secret_tool_count("delete.example.org", "dana"), 1);

	assert_true(keyring_delete("delete.example.org", "dana"));
	assert_null(keyring_lookup("delete.example.org", "dana"));
	assert_int_equal(secret_tool_count("delete.example.org", "dana"), 0);
	/* Already gone is still success. */
	assert_true(keyring_delete("delete.example.org", "dana"));

	tok = keyring_lookup("delete.example.org", "lee");
	assert_non_null(tok);
	assert_string_equal(tok, "dt_stays");
	wipe_free(tok);
}

static void unit__keyring_available__no_bus_address(void **state)
{
	char why[256] = "";
	char err[256] = "";
	char *addr = strdup(getenv("DBUS_SESSION_BUS_ADDRESS"));

	assert_non_null(addr);
	unsetenv("DBUS_SESSION_BUS_ADDRESS");
	assert_false(keyring_available(why, sizeof why));
	assert_string_equal(why,
			    "no desktop keyring in this session (SSH, thin client or no D-Bus)");
	/* The other calls refuse too, rather than look for some other bus. */
	assert_false(keyring_store("inbox.example.org", "dana", "dt_x", err, sizeof err));
	assert_string_equal(err,
			    "no desktop keyring in this session (SSH, thin client or no D-Bus)");
	assert_null(keyring_lookup("inbox.example.org", "dana"));
	assert_false(keyring_delete("inbox.example.org", "dana"));

	setenv("DBUS_SESSION_BUS_ADDRESS", addr, 1);
	free(addr);
	/* The item stored earlier is untouched. */
	char *tok = keyring_lookup("inbox.example.org", "dana");
	assert_non_null(tok);
	wipe_free(tok);
}

static void unit__keyring_store__rejects_empty_arguments(void **state)
{
	char err[256] = "";

	assert_false(keyring_store("inbox.example.org", "dana", "", err, sizeof err));
	assert_string_not_equal(err, "");
	assert_false(keyring_store("", "dana", "dt_x", err, sizeof err));
	assert_false(keyring_store("inbox.example.org", NULL, "dt_x", NULL, 0));
	assert_null(keyring_lookup("", "dana"));
}

/* ---- the private session ----------------------------------------------- */

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	remove(path);
	return 0;
}

static int64_t mono_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sends sig to every live child of ours (daemons reparented to us as the
 * subreaper); true when there was one. */
static bool signal_children(int sig)
{
	char path[300];
	char buf[512];
	bool any = false;
	pid_t me = getpid();
	DIR *proc = opendir("/proc");
	struct dirent *de;

	if (!proc)
		return false;
	while ((de = readdir(proc))) {
		pid_t pid = (pid_t)atoi(de->d_name);
		if (pid <= 0)
			continue;
		snprintf(path, sizeof path, "/proc/%s/stat", de->d_name);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		size_t n = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
		buf[n] = '\0';
		/* pid (comm) state ppid ...; comm may hold spaces or ')'. */
		char *rp = strrchr(buf, ')');
		char st;
		int ppid;
		if (!rp || sscanf(rp + 1, " %c %d", &st, &ppid) != 2 || ppid != me || st == 'Z')
			continue;
		kill(pid, sig);
		any = true;
	}
	closedir(proc);
	return any;
}

/* Waits for every descendant: the keyring daemon and dbus-daemon outlive
 * dbus-run-session by a moment, and nobody else would reap them. */
static void reap_all(void)
{
	int64_t start = mono_now_ms();
	bool termed = false, killed = false;

	for (;;) {
		pid_t r = waitpid(-1, NULL, WNOHANG);
		if (r > 0)
			continue;
		if (r < 0 && errno == ECHILD)
			return;
		int64_t waited = mono_now_ms() - start;
		if (waited > 2000 && !termed) {
			signal_children(SIGTERM);
			termed = true;
		} else if (waited > 5000 && !killed) {
			signal_children(SIGKILL);
			killed = true;
		} else if (waited > 8000) {
			return;
		}
		usleep(20000);
	}
}

static int run_private_session(void)
{
	char dir[] = "/tmp/curtain-keyring.XXXXXX";
	char self[4096];
	char sub[sizeof dir + 16];
	static const char *const subdirs[] = { "run", "data", "config", "cache" };
	ssize_t len;
	int status = 0, rc = 1;
	pid_t pid;

	len = readlink("/proc/self/exe", self, sizeof self - 1);
	if (len <= 0) {
		printf("Bail out! cannot find my own executable: %s\n", strerror(errno));
		return 1;
	}
	self[len] = '\0';
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	for (size_t i = 0; i < sizeof subdirs / sizeof subdirs[0]; i++) {
		snprintf(sub, sizeof sub, "%s/%s", dir, subdirs[i]);
		mkdir(sub, 0700);
	}
	setenv(ENV_MARK, dir, 1);
	setenv("HOME", dir, 1);
	snprintf(sub, sizeof sub, "%s/run", dir);
	setenv("XDG_RUNTIME_DIR", sub, 1);
	snprintf(sub, sizeof sub, "%s/data", dir);
	setenv("XDG_DATA_HOME", sub, 1);
	snprintf(sub, sizeof sub, "%s/config", dir);
	setenv("XDG_CONFIG_HOME", sub, 1);
	snprintf(sub, sizeof sub, "%s/cache", dir);
	setenv("XDG_CACHE_HOME", sub, 1);
	/* No way back to a desktop: no prompts there, no other bus. */
	unsetenv("DBUS_SESSION_BUS_ADDRESS");
	unsetenv("DISPLAY");
	unsetenv("WAYLAND_DISPLAY");
	unsetenv("GNOME_KEYRING_CONTROL");

	prctl(PR_SET_CHILD_SUBREAPER, 1);
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		printf("Bail out! fork: %s\n", strerror(errno));
		goto out;
	}
	if (pid == 0) {
		execlp("dbus-run-session", "dbus-run-session", "--", "sh", "-c", inner_script, "sh",
		       self, (char *)NULL);
		printf("Bail out! cannot run dbus-run-session: %s (packaging/install-deps.sh test)\n",
		       strerror(errno));
		fflush(stdout);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
out:
	reap_all();
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return rc;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit__keyring_available__private_session),
		cmocka_unit_test(unit__keyring_store__lookup_returns_token),
		cmocka_unit_test(unit__keyring_store__twice_keeps_one_item),
		cmocka_unit_test(unit__keyring_users__lists_server_users_only),
		cmocka_unit_test(unit__keyring_delete__removes_item),
		cmocka_unit_test(unit__keyring_available__no_bus_address),
		cmocka_unit_test(unit__keyring_store__rejects_empty_arguments),
	};

	if (!getenv(ENV_MARK))
		return run_private_session();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
