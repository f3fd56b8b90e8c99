/* Unit tests for net/net against a real curtaind on 127.0.0.1: a seeded demo
 * database, a genuine sign-in as dana (password, oathtool TOTP, PIN), JSON
 * requests and problem documents, and the event stream through a restart.
 * A tiny forked fake server covers what curtaind never sends. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/util.h"
#include "net/net.h"

#define MAX_FAKES 8
#define N_CLEANUP 15

struct fixture {
	const char *build;
	char dir[512];
	char db[PATH_MAX];
	char port_file[PATH_MAX];
	char creds[PATH_MAX];
	char server_log[PATH_MAX];
	char ctl_log[PATH_MAX];
	/* Everything the temp dir may hold, for the signal handler's cleanup. */
	char files[N_CLEANUP][PATH_MAX];
	char cert[PATH_MAX];
	char key[PATH_MAX];
	char tls_port_file[PATH_MAX];
	pid_t server;
	int port;
	char base[64];
	pid_t tls_server;
	int tls_port;
	char *token;
	pid_t fakes[MAX_FAKES];
	bool ready;
};

static struct fixture fx;

/* ---- processes and the temp dir ----------------------------------------------------------- */

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void reap(pid_t pid, int64_t grace_ms)
{
	int64_t end = mono_ms() + grace_ms;
	while (mono_ms() < end) {
		pid_t r = waitpid(pid, NULL, WNOHANG);
		if (r == pid || (r < 0 && errno == ECHILD))
			return;
		pause_ms(20);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void stop_pid(pid_t *pid)
{
	if (*pid > 0) {
		kill(*pid, SIGTERM);
		reap(*pid, 10000);
		*pid = 0;
	}
}

static void server_stop(void)
{
	stop_pid(&fx.server);
}

static void fakes_stop(void)
{
	for (int i = 0; i < MAX_FAKES; i++) {
		if (fx.fakes[i] > 0) {
			kill(fx.fakes[i], SIGKILL);
			waitpid(fx.fakes[i], NULL, 0);
			fx.fakes[i] = 0;
		}
	}
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void cleanup(void)
{
	server_stop();
	stop_pid(&fx.tls_server);
	fakes_stop();
	if (fx.dir[0]) {
		nftw(fx.dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
		fx.dir[0] = '\0';
	}
	free(fx.token);
	fx.token = NULL;
}

/* SIGTERM from the runner's timeout: take the servers down, remove what we know. */
static void on_fatal_signal(int sig)
{
	if (fx.server > 0)
		kill(fx.server, SIGKILL);
	if (fx.tls_server > 0)
		kill(fx.tls_server, SIGKILL);
	for (int i = 0; i < MAX_FAKES; i++)
		if (fx.fakes[i] > 0)
			kill(fx.fakes[i], SIGKILL);
	for (int i = 0; i < N_CLEANUP; i++)
		if (fx.files[i][0])
			unlink(fx.files[i]);
	if (fx.dir[0])
		rmdir(fx.dir);
	_exit(128 + sig);
}

/* Child side: die with the test, output to log. Never returns on failure. */
static void child_prepare(pid_t parent, const char *log)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	if (log) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
	}
}

/* Runs argv (argv[0] a path, or a name on PATH) to completion; its exit
 * status, or -1. */
static int run_prog(char *const argv[])
{
	pid_t parent = getpid(), pid = fork();
	int st;
	if (pid < 0)
		return -1;
	if (pid == 0) {
		child_prepare(parent, fx.ctl_log);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int read_port_file(const char *path)
{
	FILE *f = fopen(path, "r");
	int port = 0;
	if (!f)
		return 0;
	if (fscanf(f, "%d", &port) != 1)
		port = 0;
	fclose(f);
	return port;
}

/* Starts curtaind on addr (with TLS when fx.cert is made and tls is set);
 * waits for its port file. */
static bool spawn_server(const char *addr, bool tls, const char *port_file, pid_t *pid_out,
			 int *port_out)
{
	char prog[PATH_MAX];
	snprintf(prog, sizeof prog, "%s/curtaind", fx.build);
	char *argv[] = { prog,
			 "-d",
			 fx.db,
			 "--listen",
			 (char *)addr,
			 "--port-file",
			 (char *)port_file,
			 "--log-level",
			 "warn",
			 NULL,
			 NULL,
			 NULL,
			 NULL,
			 NULL };
	if (tls) {
		argv[9] = "--tls-cert";
		argv[10] = fx.cert;
		argv[11] = "--tls-key";
		argv[12] = fx.key;
	}
	unlink(port_file);
	pid_t parent = getpid(), pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0) {
		child_prepare(parent, fx.server_log);
		execv(prog, argv);
		_exit(127);
	}
	*pid_out = pid;
	int64_t end = mono_ms() + 15000;
	while (mono_ms() < end) {
		int port = read_port_file(port_file);
		if (port > 0) {
			*port_out = port;
			return true;
		}
		if (waitpid(pid, NULL, WNOHANG) == pid) {
			*pid_out = 0;
			return false;
		}
		pause_ms(20);
	}
	stop_pid(pid_out);
	return false;
}

/* The plain-HTTP curtaind the tests share. */
static bool server_start(const char *addr)
{
	if (!spawn_server(addr, false, fx.port_file, &fx.server, &fx.port))
		return false;
	snprintf(fx.base, sizeof fx.base, "http://127.0.0.1:%d", fx.port);
	return true;
}

/* ---- driving net ------------------------------------------------------------------------- */

struct result {
	int calls;
	int status;
	json_t *body;
	char retry_after[64];
	char err[256];
};

static void on_done(void *ctx, int status, json_t *body, const char *retry_after, const char *err)
{
	struct result *r = ctx;
	r->calls++;
	r->status = status;
	json_decref(r->body);
	r->body = json_incref(body);
	snprintf(r->retry_after, sizeof r->retry_after, "%s", retry_after ? retry_after : "");
	snprintf(r->err, sizeof r->err, "%s", err ? err : "");
}

static void result_clear(struct result *r)
{
	json_decref(r->body);
	memset(r, 0, sizeof *r);
}

/* Polls until cond holds or ms pass; the value of cond at the end. */
#define POLL_UNTIL(n, cond, ms)                      \
	({                                           \
		int64_t end_ = mono_ms() + (ms);     \
		while (!(cond) && mono_ms() < end_)  \
			net_poll((n), NULL, 0, 100); \
		(bool)(cond);                        \
	})

/* One request to completion (10 s at most); the result is in r. */
static void request_sync(struct net *n, const char *method, const char *path, json_t *body,
			 const char *idem, struct result *r)
{
	result_clear(r);
	unsigned id = net_request(n, method, path, body, idem, on_done, r);
	assert_true(id > 0);
	assert_true(POLL_UNTIL(n, r->calls > 0, 10000));
	assert_int_equal(r->calls, 1);
}

static struct net *net_for(const char *base, const char *token)
{
	char err[256];
	struct net *n = net_new(base, err, sizeof err);
	if (!n)
		fail_msg("net_new(%s): %s", base, err);
	net_set_token(n, token);
	return n;
}

static const char *problem_type(const json_t *body)
{
	const char *t = json_string_value(json_object_get(body, "type"));
	return t ? t : "";
}

/* ---- sign-in ------------------------------------------------------------------------------ */

static bool totp_code(const char *secret, char code[16])
{
	char cmd[256];
	for (const char *c = secret; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= '2' && *c <= '7') || *c == '='))
			return false;
	snprintf(cmd, sizeof cmd, "oathtool --totp -b '%s'", secret);
	FILE *p = popen(cmd, "r");
	if (!p)
		return false;
	bool ok = fgets(code, 16, p) != NULL;
	pclose(p);
	code[strcspn(code, "\r\n")] = '\0';
	return ok && strlen(code) == 6;
}

static bool read_creds(const char *user, char *password, size_t plen, char *secret, size_t slen)
{
	FILE *f = fopen(fx.creds, "r");
	char line[512];
	bool found = false;
	if (!f)
		return false;
	while (!found && fgets(line, sizeof line, f)) {
		char *save = NULL;
		char *u = strtok_r(line, "\t\n", &save);
		char *pw = strtok_r(NULL, "\t\n", &save);
		char *sec = strtok_r(NULL, "\t\n", &save);
		if (u && pw && sec && strcmp(u, user) == 0) {
			snprintf(password, plen, "%s", pw);
			snprintf(secret, slen, "%s", sec);
			found = true;
		}
	}
	fclose(f);
	return found;
}

static bool sign_in_dana(void)
{
	char password[128], secret[128], code[16];
	struct result r = { 0 };
	bool ok = false;
	struct net *n = net_for(fx.base, NULL);

	if (!read_creds("dana", password, sizeof password, secret, sizeof secret))
		goto out;
	unsigned id = net_request(n, "POST", "/v1/auth/login",
				  json_pack("{s:s, s:s, s:s}", "username", "dana", "password",
					    password, "deviceName", "net-unit-test"),
				  NULL, on_done, &r);
	if (!id || !POLL_UNTIL(n, r.calls > 0, 15000) || r.status != 200)
		goto out;
	char *mfa = xstrdup(json_string_value(json_object_get(r.body, "mfaToken")));
	if (!totp_code(secret, code)) {
		free(mfa);
		goto out;
	}
	result_clear(&r);
	net_request(n, "POST", "/v1/auth/mfa",
		    json_pack("{s:s, s:s, s:s}", "mfaToken", mfa, "code", code, "pin", "4071"),
		    NULL, on_done, &r);
	free(mfa);
	if (!POLL_UNTIL(n, r.calls > 0, 15000) || r.status != 200)
		goto out;
	const char *tok = json_string_value(json_object_get(r.body, "accessToken"));
	if (!tok)
		goto out;
	fx.token = xstrdup(tok);
	ok = true;
out:
	if (!ok)
		fprintf(stderr, "# sign-in failed: status %d %s %s\n", r.status,
			problem_type(r.body), r.err);
	result_clear(&r);
	net_free(&n);
	return ok;
}

static int group_setup(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR");
	char prog[PATH_MAX];

	fx.build = getenv("BUILD");
	if (!fx.build || !*fx.build)
		fx.build = "build";
	int len = snprintf(fx.dir, sizeof fx.dir, "%s/curtain-net-XXXXXX",
			   tmp && *tmp ? tmp : "/tmp");
	if (len < 0 || (size_t)len >= sizeof fx.dir || !mkdtemp(fx.dir)) {
		fx.dir[0] = '\0';
		return -1;
	}
	snprintf(fx.db, sizeof fx.db, "%s/db", fx.dir);
	snprintf(fx.port_file, sizeof fx.port_file, "%s/port", fx.dir);
	snprintf(fx.creds, sizeof fx.creds, "%s/db.demo-credentials", fx.dir);
	snprintf(fx.server_log, sizeof fx.server_log, "%s/curtaind.log", fx.dir);
	snprintf(fx.ctl_log, sizeof fx.ctl_log, "%s/curtainctl.log", fx.dir);
	snprintf(fx.cert, sizeof fx.cert, "%s/cert.pem", fx.dir);
	snprintf(fx.key, sizeof fx.key, "%s/key.pem", fx.dir);
	snprintf(fx.tls_port_file, sizeof fx.tls_port_file, "%s/tls-port", fx.dir);
	static const char *const suffix[N_CLEANUP] = {
		"db",	      "db-wal",	      "db-shm",
		"db-journal", "db.key",	      "db.demo-credentials",
		"port",	      "curtaind.log", "curtainctl.log",
		"port.tmp",   "cert.pem",     "key.pem",
		"tls-port",   "tls-port.tmp", "openssl.log"
	};
	for (int i = 0; i < N_CLEANUP; i++)
		snprintf(fx.files[i], sizeof fx.files[i], "%s/%s", fx.dir, suffix[i]);
	atexit(cleanup);
	signal(SIGTERM, on_fatal_signal);
	signal(SIGINT, on_fatal_signal);
	signal(SIGHUP, on_fatal_signal);
	signal(SIGPIPE, SIG_IGN);

	snprintf(prog, sizeof prog, "%s/curtainctl", fx.build);
	char *init[] = { prog, "-d", fx.db, "init", NULL };
	char *seed[] = { prog, "-d", fx.db, "seed", "--demo", NULL };
	if (run_prog(init) != 0 || run_prog(seed) != 0) {
		fprintf(stderr, "# curtainctl init/seed failed (BUILD=%s)\n", fx.build);
		return -1;
	}
	if (!server_start("127.0.0.1:0")) {
		fprintf(stderr, "# curtaind did not start (BUILD=%s)\n", fx.build);
		return -1;
	}
	if (!sign_in_dana())
		return -1;
	fx.ready = true;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	cleanup();
	return 0;
}

/* ---- a fake server for what curtaind does not do ------------------------------------------ */

/* Serves `head` then `fill` spaces to every connection until killed. */
static int fake_server(const char *head, size_t fill)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof a;
	int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), slot = -1;
	assert_true(ls >= 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(ls, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(ls, 8), 0);
	assert_int_equal(getsockname(ls, (struct sockaddr *)&a, &alen), 0);
	for (int i = 0; i < MAX_FAKES; i++)
		if (fx.fakes[i] <= 0) {
			slot = i;
			break;
		}
	assert_true(slot >= 0);
	pid_t parent = getpid(), pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		static char spaces[65536];
		child_prepare(parent, NULL);
		memset(spaces, ' ', sizeof spaces);
		for (;;) {
			char req[8192];
			size_t got = 0;
			int c = accept(ls, NULL, NULL);
			if (c < 0)
				continue;
			while (got < sizeof req - 1) {
				ssize_t k = read(c, req + got, sizeof req - 1 - got);
				if (k <= 0)
					break;
				got += (size_t)k;
				req[got] = '\0';
				if (strstr(req, "\r\n\r\n"))
					break;
			}
			bool ok = write(c, head, strlen(head)) == (ssize_t)strlen(head);
			for (size_t sent = 0; ok && sent < fill;) {
				size_t k = fill - sent < sizeof spaces ? fill - sent :
									 sizeof spaces;
				ssize_t w = write(c, spaces, k);
				ok = w > 0;
				sent += ok ? (size_t)w : 0;
			}
			close(c);
		}
	}
	close(ls);
	fx.fakes[slot] = pid;
	return ntohs(a.sin_port);
}

/* A loopback port nobody listens on (bound, then released). */
static int closed_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof a;
	int s = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s >= 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&a, &alen), 0);
	close(s);
	return ntohs(a.sin_port);
}

/* ---- tests: the base URL ------------------------------------------------------------------- */

static void expect_refused(const char *base, const char *why_part)
{
	char err[256] = "";
	struct net *n = net_new(base, err, sizeof err);
	if (n) {
		net_free(&n);
		fail_msg("net_new accepted %s", base);
	}
	if (!strstr(err, why_part))
		fail_msg("net_new(%s): '%s' lacks '%s'", base, err, why_part);
}

static void expect_accepted(const char *base, const char *normalised)
{
	char err[256] = "";
	struct net *n = net_new(base, err, sizeof err);
	if (!n)
		fail_msg("net_new refused %s: %s", base, err);
	assert_string_equal(net_base(n), normalised);
	net_free(&n);
	assert_null(n);
}

static void unit__net_new__plain_http_only_to_loopback(void **state)
{
	(void)state;
	expect_refused("http://example.org", "only allowed to this computer");
	expect_refused("http://10.0.0.1:8750", "only allowed to this computer");
	expect_refused("http://192.168.1.20", "only allowed to this computer");
	expect_refused("http://127.0.0.1.nip.io:8750", "only allowed to this computer");
	expect_refused("http://localhost.example.org", "only allowed to this computer");
	expect_refused("http://[::2]:8750", "only allowed to this computer");
	expect_refused("http://[2001:db8::1]", "only allowed to this computer");
	expect_refused("ftp://127.0.0.1", "only http:// and https://");
	expect_refused("file:///etc/passwd", "only http:// and https://");
	expect_refused("not a url", "not a valid URL");
	expect_refused("", "not a valid URL");
	expect_refused("https://user:pw@inbox.example.org", "user name or password");
	expect_refused("https://inbox.example.org/?x=1", "query or fragment");
	expect_refused("https://inbox.example.org/#top", "query or fragment");

	expect_accepted("https://inbox.example.org", "https://inbox.example.org");
	expect_accepted("https://inbox.example.org/", "https://inbox.example.org");
	expect_accepted("https://10.0.0.1:8443/curtain/", "https://10.0.0.1:8443/curtain");
	expect_accepted("http://127.0.0.1:8750", "http://127.0.0.1:8750");
	expect_accepted("http://127.45.6.7:8750/", "http://127.45.6.7:8750");
	expect_accepted("http://localhost:8750", "http://localhost:8750");
	expect_accepted("HTTP://LOCALHOST:8750", "http://LOCALHOST:8750");
	expect_accepted("http://[::1]:8750", "http://[::1]:8750");
}

/* ---- tests: requests ------------------------------------------------------------------------ */

static void unit__net_request__session_returns_json(void **state)
{
	(void)state;
	struct result r = { 0 };
	struct net *n = net_for(fx.base, fx.token);
	request_sync(n, "GET", "/v1/session", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(r.body);
	assert_string_equal(r.err, "");
	json_t *staff = json_object_get(r.body, "staff");
	assert_string_equal(json_string_value(json_object_get(staff, "username")), "dana");
	assert_non_null(json_string_value(json_object_get(r.body, "state")));
	assert_int_equal(net_inflight(n), 0);
	result_clear(&r);
	net_free(&n);
}

static void unit__net_request__api_batch(void **state)
{
	(void)state;
	struct result r = { 0 };
	struct net *n = net_for(fx.base, fx.token);
	json_t *body =
		json_pack("{s:[[s, {s:n}, s]]}", "methodCalls", "Department/get", "ids", "d");
	request_sync(n, "POST", "/v1/api", body, NULL, &r);
	assert_int_equal(r.status, 200);
	json_t *resp = json_array_get(json_object_get(r.body, "methodResponses"), 0);
	assert_string_equal(json_string_value(json_array_get(resp, 0)), "Department/get");
	assert_true(json_array_size(json_object_get(json_array_get(resp, 1), "list")) >= 3);
	result_clear(&r);
	net_free(&n);
}

static void unit__net_request__bad_body_returns_problem(void **state)
{
	(void)state;
	struct result r = { 0 };
	struct net *n = net_for(fx.base, fx.token);

	request_sync(n, "POST", "/v1/api", json_pack("{s:i}", "foo", 1), NULL, &r);
	assert_int_equal(r.status, 400);
	assert_string_equal(problem_type(r.body), "urn:curtain:error:notRequest");
	assert_int_equal(json_integer_value(json_object_get(r.body, "status")), 400);
	assert_string_equal(r.err, "");

	request_sync(n, "POST", "/v1/api", json_pack("[i]", 1), NULL, &r);
	assert_int_equal(r.status, 400);
	assert_string_equal(problem_type(r.body), "urn:curtain:error:notJSON");

	request_sync(n, "GET", "/v1/no-such-thing", NULL, NULL, &r);
	assert_int_equal(r.status, 404);
	assert_string_equal(problem_type(r.body), "urn:curtain:error:notFound");
	result_clear(&r);
	net_free(&n);
}

static void unit__net_request__bad_token_gives_401(void **state)
{
	(void)state;
	struct result r = { 0 };
	struct net *n = net_for(fx.base, "not-a-real-token-0123456789");
	request_sync(n, "GET", "/v1/session", NULL, NULL, &r);
	assert_int_equal(r.status, 401);
	assert_string_equal(problem_type(r.body), "urn:curtain:error:unauthorized");

	net_set_token(n, NULL);
	request_sync(n, "GET", "/v1/session", NULL, NULL, &r);
	assert_int_equal(r.status, 401);

	/* And the real token works on the same transport once set. */
	net_set_token(n, fx.token);
	request_sync(n, "GET", "/v1/session", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	result_clear(&r);
	net_free(&n);
}

static void unit__net_request__idempotency_key_is_sent(void **state)
{
	(void)state;
	struct result r = { 0 };
	struct net *n = net_for(fx.base, fx.token);
	const char *key = "net-unit-test-key-0001";
	request_sync(n, "POST", "/v1/api",
		     json_pack("{s:[[s, {s:n}, s]]}", "methodCalls", "Department/get", "ids", "a"),
		     key, &r);
	assert_int_equal(r.status, 200);
	/* The same key with another body: the server saw the header. */
	request_sync(n, "POST", "/v1/api",
		     json_pack("{s:[[s, {s:n}, s]]}", "methodCalls", "Department/get", "ids", "b"),
		     key, &r);
	assert_int_equal(r.status, 422);
	assert_string_equal(problem_type(r.body), "urn:curtain:error:idempotencyKeyReuse");
	result_clear(&r);
	net_free(&n);
}

static void unit__net_request__retry_after_captured(void **state)
{
	(void)state;
	struct result r = { 0 };
	struct net *n = net_for(fx.base, NULL);
	for (int i = 0; i < 10 && r.status != 429; i++) {
		request_sync(n, "POST", "/v1/auth/login",
			     json_pack("{s:s, s:s}", "username", "nobody-net-test", "password",
				       "wrong password"),
			     NULL, &r);
		assert_true(r.status == 401 || r.status == 429);
		if (r.status == 401)
			assert_string_equal(r.retry_after, "");
	}
	assert_int_equal(r.status, 429);
	assert_string_equal(problem_type(r.body), "urn:curtain:error:rateLimited");
	assert_string_equal(r.retry_after, "900");
	result_clear(&r);
	net_free(&n);
}

static void unit__net_request__callbacks_only_from_poll(void **state)
{
	(void)state;
	struct result r = { 0 }, bad = { 0 };
	char base[64];
	snprintf(base, sizeof base, "http://127.0.0.1:%d", closed_port());
	struct net *n = net_for(base, NULL);

	/* Even a request that cannot start completes from net_poll, not inside net_request. */
	net_request(n, "GET", "no-slash", NULL, NULL, on_done, &bad);
	net_request(n, "GET", "/v1/health", NULL, NULL, on_done, &r);
	assert_int_equal(bad.calls, 0);
	assert_int_equal(r.calls, 0);
	assert_int_equal(net_inflight(n), 2);
	assert_int_equal(net_next_timer(n), 0);
	assert_true(POLL_UNTIL(n, r.calls > 0 && bad.calls > 0, 10000));
	assert_int_equal(bad.status, 0);
	assert_string_equal(bad.err, "invalid request path");
	assert_int_equal(r.status, 0);
	assert_null(r.body);
	assert_string_not_equal(r.err, "");
	assert_int_equal(net_inflight(n), 0);
	assert_int_equal(net_next_timer(n), -1);
	result_clear(&r);
	result_clear(&bad);
	net_free(&n);
}

static void unit__net_cancel__no_callbacks(void **state)
{
	(void)state;
	struct result a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 };
	struct net *n = net_for(fx.base, fx.token);
	unsigned ia = net_request(n, "GET", "/v1/health", NULL, NULL, on_done, &a);
	net_request(n, "GET", "/v1/health", NULL, NULL, on_done, &b);
	net_request(n, "GET", "/v1/session", NULL, NULL, on_done, &c);
	assert_int_equal(net_inflight(n), 3);
	net_cancel(n, ia);
	assert_int_equal(net_inflight(n), 2);
	net_cancel(n, ia); /* twice is harmless */
	net_cancel(n, 999999);
	net_cancel_all(n);
	assert_int_equal(net_inflight(n), 0);
	/* A later request finishes; the cancelled ones never report. */
	net_request(n, "GET", "/v1/health", NULL, NULL, on_done, &d);
	assert_true(POLL_UNTIL(n, d.calls > 0, 10000));
	assert_int_equal(d.status, 200);
	assert_string_equal(json_string_value(json_object_get(d.body, "status")), "ok");
	assert_int_equal(a.calls + b.calls + c.calls, 0);
	result_clear(&d);
	net_free(&n);
}

static void unit__net_request__oversize_response_refused(void **state)
{
	(void)state;
	struct result r = { 0 };
	char base[64];
	int port = fake_server("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
			       "Connection: close\r\n\r\n",
			       9u * 1024 * 1024);
	snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
	struct net *n = net_for(base, NULL);
	request_sync(n, "GET", "/big", NULL, NULL, &r);
	assert_int_equal(r.status, 0);
	assert_null(r.body);
	assert_string_equal(r.err, "response too large");
	result_clear(&r);
	net_free(&n);
	fakes_stop();
}

static void unit__net_request__non_json_body_is_null(void **state)
{
	(void)state;
	struct result r = { 0 };
	char base[64];
	int port = fake_server("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html\r\n"
			       "Retry-After:  7 \r\nContent-Length: 4\r\nConnection: close\r\n\r\n"
			       "oops",
			       0);
	snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
	struct net *n = net_for(base, NULL);
	request_sync(n, "POST", "/x", NULL, NULL, &r);
	assert_int_equal(r.status, 503);
	assert_null(r.body);
	assert_string_equal(r.retry_after, "7");
	assert_string_equal(r.err, "");
	result_clear(&r);
	net_free(&n);
	fakes_stop();
}

/* ---- raw bytes (attachments) ---------------------------------------------------------------- */

struct bytes_result {
	int calls;
	int status;
	unsigned char *data;
	size_t len;
	char type[64];
	json_t *json;
	char err[256];
};

static void on_bytes(void *ctx, int status, const unsigned char *data, size_t len,
		     const char *content_type, json_t *json, const char *retry_after, const char *err)
{
	struct bytes_result *r = ctx;
	r->calls++;
	r->status = status;
	free(r->data);
	r->data = len ? malloc(len) : NULL;
	if (len)
		memcpy(r->data, data, len);
	r->len = len;
	snprintf(r->type, sizeof r->type, "%s", content_type ? content_type : "");
	json_decref(r->json);
	r->json = json_incref(json);
	snprintf(r->err, sizeof r->err, "%s", err ? err : "");
}

static void bytes_clear(struct bytes_result *r)
{
	free(r->data);
	json_decref(r->json);
	memset(r, 0, sizeof *r);
}

static void bytes_sync(struct net *n, const char *method, const char *path, const void *body,
		       size_t len, const char *type, const char *const *headers, size_t max,
		       struct bytes_result *r)
{
	bytes_clear(r);
	unsigned id = net_request_bytes(n, method, path, body, len, type, headers, max, on_bytes, r);
	assert_true(id > 0);
	assert_true(POLL_UNTIL(n, r->calls > 0, 10000));
	assert_int_equal(r->calls, 1);
}

/* A tiny valid PNG (1x1, grey): signature, IHDR, IDAT, IEND. */
static const unsigned char tiny_png[] = {
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
	0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a,
	0x7e, 0x9b, 0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x68,
	0x00, 0x00, 0x00, 0x82, 0x00, 0x81, 0x77, 0xcd, 0x72, 0xb6, 0x00, 0x00, 0x00, 0x00, 0x49,
	0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

static void unit__net_request_bytes__upload_then_download(void **state)
{
	(void)state;
	struct result r = { 0 };
	struct bytes_result b = { 0 };
	struct net *n = net_for(fx.base, fx.token);
	json_t *q = json_pack("{s:[[s, {s:i}, s]]}", "methodCalls", "Conversation/query", "limit", 1,
			      "q");
	request_sync(n, "POST", "/v1/api", q, NULL, &r);
	assert_int_equal(r.status, 200);
	const char *conv = json_string_value(json_array_get(
		json_object_get(json_array_get(json_array_get(json_object_get(r.body, "methodResponses"), 0), 1),
				"ids"),
		0));
	assert_non_null(conv);
	char path[160];
	snprintf(path, sizeof path, "/v1/attachments?conversationId=%s", conv);
	const char *headers[] = { "X-Curtain-Filename: card.png", NULL };
	bytes_sync(n, "POST", path, tiny_png, sizeof tiny_png, "image/png", headers, 0, &b);
	assert_int_equal(b.status, 201);
	assert_non_null(b.json); /* JSON answers are parsed too */
	char id[64];
	assert_non_null(json_string_value(json_object_get(b.json, "id")));
	snprintf(id, sizeof id, "%s", json_string_value(json_object_get(b.json, "id")));
	assert_string_equal(json_string_value(json_object_get(b.json, "contentType")), "image/png");
	assert_int_equal(json_integer_value(json_object_get(b.json, "size")), sizeof tiny_png);
	assert_string_equal(json_string_value(json_object_get(b.json, "name")), "card.png");
	char get[160];
	snprintf(get, sizeof get, "/v1/attachments/%s?purpose=view", id);
	bytes_sync(n, "GET", get, NULL, 0, NULL, NULL, 1 << 20, &b);
	assert_int_equal(b.status, 200);
	assert_int_equal(b.len, sizeof tiny_png);
	assert_memory_equal(b.data, tiny_png, sizeof tiny_png);
	assert_string_equal(b.type, "image/png");
	assert_null(b.json); /* the picture is not JSON */
	/* A problem document comes back parsed. */
	snprintf(get, sizeof get, "/v1/attachments/%s", id);
	bytes_sync(n, "GET", get, NULL, 0, NULL, NULL, 1 << 20, &b);
	assert_int_equal(b.status, 400);
	assert_non_null(b.json);
	/* A header line that could smuggle another is refused before sending. */
	const char *bad[] = { "X-Curtain-Filename: a\r\nX-Evil: 1", NULL };
	bytes_sync(n, "POST", path, tiny_png, sizeof tiny_png, "image/png", bad, 0, &b);
	assert_int_equal(b.status, 0);
	assert_string_equal(b.err, "invalid header line");
	bytes_clear(&b);
	result_clear(&r);
	net_free(&n);
}

static void unit__net_request_bytes__answer_over_the_limit_refused(void **state)
{
	(void)state;
	struct bytes_result b = { 0 };
	char base[64];
	int port = fake_server("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n"
			       "Connection: close\r\n\r\n",
			       300000);
	snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
	struct net *n = net_for(base, NULL);
	bytes_sync(n, "GET", "/v1/attachments/a1?purpose=view", NULL, 0, NULL, NULL, 100000, &b);
	assert_int_equal(b.status, 0);
	assert_null(b.data);
	assert_string_equal(b.err, "response too large");
	bytes_clear(&b);
	net_free(&n);
	fakes_stop();
}

struct free_ctx {
	struct net *n;
	int calls;
};

static void free_in_callback(void *ctx, int status, json_t *body, const char *ra, const char *err)
{
	struct free_ctx *f = ctx;
	(void)status;
	(void)body;
	(void)ra;
	(void)err;
	f->calls++;
	net_free(&f->n);
}

static void unit__net_free__from_a_callback(void **state)
{
	(void)state;
	struct free_ctx f = { net_for(fx.base, fx.token), 0 };
	struct net *keep = f.n;
	net_request(f.n, "GET", "/v1/health", NULL, NULL, free_in_callback, &f);
	net_request(f.n, "GET", "/v1/health", NULL, NULL, free_in_callback, &f);
	int64_t end = mono_ms() + 10000;
	while (f.n && mono_ms() < end)
		net_poll(keep, NULL, 0, 100);
	assert_null(f.n);
	assert_int_equal(f.calls, 1); /* the other request died with the transport */
}

static void unit__net_request__tls_always_verified(void **state)
{
	(void)state;
	struct result r = { 0 };
	char base[64];
	const char *bad_peer = curl_easy_strerror(CURLE_PEER_FAILED_VERIFICATION);
	char *req[] = { "openssl",
			"req",
			"-x509",
			"-newkey",
			"ec",
			"-pkeyopt",
			"ec_paramgen_curve:prime256v1",
			"-nodes",
			"-keyout",
			fx.key,
			"-out",
			fx.cert,
			"-days",
			"1",
			"-subj",
			"/CN=127.0.0.1",
			"-addext",
			"subjectAltName=IP:127.0.0.1",
			NULL };
	assert_int_equal(run_prog(req), 0);
	assert_true(
		spawn_server("127.0.0.1:0", true, fx.tls_port_file, &fx.tls_server, &fx.tls_port));
	snprintf(base, sizeof base, "https://127.0.0.1:%d", fx.tls_port);

	/* A self-signed certificate the system does not trust: refused. */
	unsetenv("CURTAIN_CA_FILE");
	unsetenv("CURL_CA_BUNDLE");
	unsetenv("SSL_CERT_FILE");
	struct net *n = net_for(base, NULL);
	request_sync(n, "GET", "/v1/health", NULL, NULL, &r);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, bad_peer);
	net_free(&n);

	/* Trusted through CURTAIN_CA_FILE: the same server answers. */
	setenv("CURTAIN_CA_FILE", fx.cert, 1);
	n = net_for(base, fx.token);
	request_sync(n, "GET", "/v1/health", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	request_sync(n, "GET", "/v1/session", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	net_free(&n);

	/* Trusted certificate, wrong name: the host check is on too. */
	snprintf(base, sizeof base, "https://localhost:%d", fx.tls_port);
	n = net_for(base, NULL);
	request_sync(n, "GET", "/v1/health", NULL, NULL, &r);
	assert_int_equal(r.status, 0);
	assert_string_not_equal(r.err, "");
	net_free(&n);
	unsetenv("CURTAIN_CA_FILE");
	result_clear(&r);
	stop_pid(&fx.tls_server);
}

/* ---- tests: the event stream ---------------------------------------------------------------- */

struct stream_log {
	int states;	 /* "state" events */
	int others;	 /* other events */
	int connects;	 /* on_state(true) */
	int disconnects; /* on_state(false) */
	bool connected;
	char why[160];
	bool bad_data;
};

static void on_event(void *ctx, const char *event, const char *data)
{
	struct stream_log *l = ctx;
	if (strcmp(event, "state") == 0) {
		json_t *j = json_loads(data, 0, NULL);
		if (!json_is_object(json_object_get(j, "changed")))
			l->bad_data = true;
		json_decref(j);
		l->states++;
	} else {
		l->others++;
	}
}

static void on_state(void *ctx, bool connected, const char *why)
{
	struct stream_log *l = ctx;
	l->connected = connected;
	if (connected) {
		l->connects++;
		l->why[0] = '\0';
	} else {
		l->disconnects++;
		snprintf(l->why, sizeof l->why, "%s", why ? why : "(null)");
	}
}

static void unit__net_events__unauthorized_stops(void **state)
{
	(void)state;
	struct stream_log l = { 0 };
	struct net *n = net_for(fx.base, "not-a-real-token-0123456789");
	net_events_start(n, on_event, on_state, &l);
	assert_int_equal(l.disconnects, 0); /* nothing runs inside net_events_start */
	assert_true(POLL_UNTIL(n, l.disconnects > 0, 10000));
	assert_string_equal(l.why, "unauthorized");
	assert_false(net_events_connected(n));
	assert_int_equal(l.connects, 0);
	/* No reconnect is planned until net_events_start is called again. */
	assert_int_equal(net_next_timer(n), -1);

	net_set_token(n, fx.token);
	net_events_start(n, on_event, on_state, &l);
	assert_true(POLL_UNTIL(n, l.connects > 0 && l.states > 0, 10000));
	assert_true(net_events_connected(n));
	net_events_stop(n);
	assert_false(net_events_connected(n));
	assert_int_equal(net_next_timer(n), -1);
	net_free(&n);
}

static void unit__net_events__not_an_event_stream(void **state)
{
	(void)state;
	struct stream_log l = { 0 };
	char base[64];
	int port = fake_server("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
			       "Connection: close\r\n\r\n<html>captive portal</html>",
			       0);
	snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
	struct net *n = net_for(base, "t");
	net_events_start(n, on_event, on_state, &l);
	assert_true(POLL_UNTIL(n, l.disconnects > 0, 10000));
	assert_string_equal(l.why, "the server did not answer with an event stream");
	assert_int_equal(l.connects, 0);
	/* A reconnect is planned, 1 s out at first, then 2 s, then 4 s. */
	int64_t t = net_next_timer(n);
	assert_true(t > 0 && t <= 1000);
	for (int64_t want = 2000; want <= 4000; want *= 2) {
		/* While it connects only the 60 s watchdog runs; then it waits again. */
		assert_true(POLL_UNTIL(n, net_next_timer(n) > 30000, 10000));
		assert_true(POLL_UNTIL(n, net_next_timer(n) < 30000, 10000));
		t = net_next_timer(n);
		assert_true(t > want / 2 && t <= want);
	}
	/* The same failure again and again is reported once. */
	assert_int_equal(l.disconnects, 1);
	net_free(&n);
	fakes_stop();
}

static void run_sms_in(const char *text)
{
	char prog[PATH_MAX];
	snprintf(prog, sizeof prog, "%s/curtainctl", fx.build);
	char *argv[] = { prog,		 "sms-in", "--server",	   fx.base,	 "--from",
			 "+15555550999", "--to",   "+15555550100", (char *)text, NULL };
	assert_int_equal(run_prog(argv), 0);
}

static void unit__net_events__state_on_new_sms(void **state)
{
	(void)state;
	struct stream_log l = { 0 };
	struct net *n = net_for(fx.base, fx.token);
	net_events_start(n, on_event, on_state, &l);
	assert_false(net_events_connected(n));
	assert_true(POLL_UNTIL(n, l.connects > 0 && l.states > 0, 10000));
	assert_true(net_events_connected(n));
	assert_int_equal(l.states, 1);
	assert_int_equal(l.disconnects, 0);
	/* While connected, the only timer is the idle watchdog (60 s). */
	assert_true(net_next_timer(n) > 50000);

	int before = l.states;
	run_sms_in("hi");
	assert_true(POLL_UNTIL(n, l.states > before, 2000));
	assert_false(l.bad_data);
	assert_int_equal(l.disconnects, 0);
	net_events_stop(n);
	net_free(&n);
}

static void unit__net_events__reconnects_after_restart(void **state)
{
	(void)state;
	struct stream_log l = { 0 };
	char addr[64];
	struct net *n = net_for(fx.base, fx.token);
	net_events_start(n, on_event, on_state, &l);
	assert_true(POLL_UNTIL(n, l.connects == 1 && l.states > 0, 10000));

	server_stop();
	assert_true(POLL_UNTIL(n, l.disconnects > 0, 10000));
	assert_false(l.connected);
	assert_false(net_events_connected(n));
	assert_string_not_equal(l.why, "unauthorized");
	/* The server's "retry: 3000" is the minimum delay. */
	int64_t t = net_next_timer(n);
	assert_true(t > 1000 && t <= 3000);

	snprintf(addr, sizeof addr, "127.0.0.1:%d", fx.port);
	int64_t end = mono_ms() + 20000;
	bool started = false;
	while (!started && mono_ms() < end) {
		started = server_start(addr);
		if (!started)
			net_poll(n, NULL, 0, 200); /* the port may still be held briefly */
	}
	assert_true(started);
	int states = l.states;
	assert_true(POLL_UNTIL(n, l.connects == 2 && l.states > states, 30000));
	assert_true(net_events_connected(n));

	/* And the reconnected stream still carries news. */
	states = l.states;
	run_sms_in("hello again");
	assert_true(POLL_UNTIL(n, l.states > states, 2000));
	net_free(&n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit__net_new__plain_http_only_to_loopback),
		cmocka_unit_test(unit__net_request__session_returns_json),
		cmocka_unit_test(unit__net_request__api_batch),
		cmocka_unit_test(unit__net_request__bad_body_returns_problem),
		cmocka_unit_test(unit__net_request__bad_token_gives_401),
		cmocka_unit_test(unit__net_request__idempotency_key_is_sent),
		cmocka_unit_test(unit__net_request__retry_after_captured),
		cmocka_unit_test(unit__net_request__callbacks_only_from_poll),
		cmocka_unit_test(unit__net_cancel__no_callbacks),
		cmocka_unit_test(unit__net_request__oversize_response_refused),
		cmocka_unit_test(unit__net_request__non_json_body_is_null),
		cmocka_unit_test(unit__net_free__from_a_callback),
		cmocka_unit_test(unit__net_request__tls_always_verified),
		cmocka_unit_test(unit__net_request_bytes__upload_then_download),
		cmocka_unit_test(unit__net_request_bytes__answer_over_the_limit_refused),
		cmocka_unit_test(unit__net_events__unauthorized_stops),
		cmocka_unit_test(unit__net_events__not_an_event_stream),
		cmocka_unit_test(unit__net_events__state_on_new_sms),
		/* Last: it restarts the server. */
		cmocka_unit_test(unit__net_events__reconnects_after_restart),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
