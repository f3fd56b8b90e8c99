/* ctl: plumbing shared by curtainctl's commands: error and usage messages,
 * opening the database with its key file, transactions, the admin audit
 * trail, and reading passwords and secrets without leaving copies around. */
#include "ctl/ctl.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "common/cli.h"
#include "common/buf.h"
#include "common/i18n.h"
#include "common/util.h"

/* ---- reporting ---------------------------------------------------------- */

void ctl_error(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fputs("curtainctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const char *ctl_cmd_name(const struct ctl_cmd *cmd)
{
	static char name[64];
	if (cmd->sub)
		snprintf(name, sizeof name, "%s %s", cmd->group, cmd->sub);
	else
		snprintf(name, sizeof name, "%s", cmd->group);
	return name;
}

int ctl_usage(const struct ctl_cmd *cmd, const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fputs("curtainctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cmd)
		/* TRANSLATORS: %s is a command such as "user add". */
		fprintf(stderr, _("Try 'curtainctl %s --help' for more information.\n"),
			ctl_cmd_name(cmd));
	else
		fputs(_("Try 'curtainctl --help' for more information.\n"), stderr);
	return CTL_USAGE;
}

const char *ctl_rc_text(enum store_rc rc)
{
	switch (rc) {
	case STORE_OK:
		return _("success");
	case STORE_NOT_FOUND:
		return _("not found");
	case STORE_EXISTS:
		return _("already exists");
	case STORE_VERSION_MISMATCH:
		return _("changed by someone else meanwhile; try again");
	case STORE_BUSY:
		return _("the database is locked by another process; try again");
	case STORE_ERROR:
		break;
	}
	return _("database error (see the log line above)");
}

int ctl_store_fail(enum store_rc rc, const char *what)
{
	/* TRANSLATORS: "cannot create the department: already exists" */
	ctl_error(_("cannot %s: %s"), what, ctl_rc_text(rc));
	return CTL_FAIL;
}

void ctl_cmd_help(const struct ctl_cmd *cmd)
{
	/* _("") would be the catalogue header, not an empty synopsis. */
	printf(_("Usage: curtainctl [-d DB] %s %s\n"), ctl_cmd_name(cmd),
	       *cmd->args ? _(cmd->args) : "");
	printf("%s\n", _(cmd->summary));
	if (cmd->options && *cmd->options)
		printf("\n%s", _(cmd->options));
	printf("\n  -h, --help    %s\n", _("show this help and exit"));
}

int ctl_getopt_end(const struct ctl_cmd *cmd, int opt, char **argv, bool *done)
{
	*done = true;
	switch (opt) {
	case 'h':
		ctl_cmd_help(cmd);
		return CTL_OK;
	case ':':
		return ctl_usage(cmd, _("option '%s' needs a value"), argv[optind - 1]);
	default:
		{
			char msg[160];
			return ctl_usage(cmd, "%s", cli_option_error(optopt, argv[optind - 1], msg, sizeof msg));
		}
	}
}

/* ---- database ----------------------------------------------------------- */

const char *ctl_key_path(struct ctl *c)
{
	if (!c->key_path)
		c->key_path = c->key_opt ? xstrdup(c->key_opt) : crypto_keyfile_default(c->db_path);
	return c->key_path;
}

int ctl_open(struct ctl *c, const struct ctl_cmd *cmd)
{
	char err[256] = "";
	if (!c->db_path)
		return ctl_usage(cmd, _("no database given: use -d DB before the command"));
	if (!crypto_init()) {
		ctl_error(_("cannot initialise libsodium"));
		return CTL_FAIL;
	}
	struct stat st;
	if (stat(c->db_path, &st) != 0) {
		ctl_error(
			_("database '%s' does not exist (create it with 'curtainctl -d %s init')"),
			c->db_path, c->db_path);
		return CTL_FAIL;
	}
	if (!crypto_keyfile_load(ctl_key_path(c), &c->keys, err, sizeof err)) {
		ctl_error("%s", err);
		return CTL_FAIL;
	}
	c->keys_loaded = true;
	if (store_open(&c->store, c->db_path, &c->keys, false, err, sizeof err) != STORE_OK) {
		ctl_error(_("cannot open database '%s': %s"), c->db_path, err);
		return CTL_FAIL;
	}
	return CTL_OK;
}

void ctl_close(struct ctl *c)
{
	if (c->store)
		store_close(&c->store);
	if (c->keys_loaded)
		crypto_keys_wipe(&c->keys);
	c->keys_loaded = false;
	free(c->key_path);
	c->key_path = NULL;
}

bool ctl_tx_begin(struct ctl *c)
{
	enum store_rc rc = store_tx_begin(c->store);
	if (rc != STORE_OK) {
		ctl_store_fail(rc, _("start a transaction"));
		return false;
	}
	return true;
}

int ctl_tx_commit(struct ctl *c)
{
	enum store_rc rc = store_tx_commit(c->store);
	if (rc != STORE_OK) {
		store_tx_rollback(c->store);
		return ctl_store_fail(rc, _("commit the changes"));
	}
	return CTL_OK;
}

/* ---- audit ---------------------------------------------------------------- */

const char *ctl_os_user(void)
{
	static char name[256];
	if (name[0])
		return name;
	/* getlogin_r names the person behind sudo; it fails without a
	 * controlling terminal (cron, CI), where the effective user is next best. */
	if (getlogin_r(name, sizeof name) == 0 && name[0])
		return name;
	struct passwd *pw = getpwuid(geteuid());
	if (pw && pw->pw_name)
		snprintf(name, sizeof name, "%s", pw->pw_name);
	else
		snprintf(name, sizeof name, "uid:%ld", (long)geteuid());
	return name;
}

enum store_rc ctl_audit(struct ctl *c, const char *action, const char *object_type,
			const char *object_id, json_t *detail)
{
	json_t *d = json_pack("{s:s, s:s}", "via", "curtainctl", "osUser", ctl_os_user());
	if (!d)
		die_oom();
	if (detail) {
		json_object_update(d, detail);
		json_decref(detail);
	}
	char *text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(d);
	if (!text)
		die_oom();
	const struct actor a = { NULL, NULL, NULL };
	enum store_rc rc = store_audit(c->store, &a, action, object_type,
				       object_id && *object_id ? object_id : NULL, text);
	free(text);
	if (rc != STORE_OK)
		ctl_store_fail(rc, _("write the audit log"));
	return rc;
}

/* ---- secrets ------------------------------------------------------------ */

void ctl_secret_free(char **p)
{
	if (!*p)
		return;
	sodium_memzero(*p, strlen(*p));
	free(*p);
	*p = NULL;
}

size_t ctl_utf8_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* The terminal state to put back if a signal arrives mid-prompt. */
static struct termios saved_tio;
static volatile sig_atomic_t echo_off;

static void restore_echo_on_signal(int sig)
{
	if (echo_off)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Reads one line into a fixed buffer (no realloc copies of the secret).
 * Returns a malloc'd copy or NULL at EOF; *too_long on overflow. */
static char *read_secret_line(FILE *in, bool *too_long)
{
	char line[1024];
	char *p = NULL;
	*too_long = false;
	if (!fgets(line, sizeof line, in))
		goto out;
	size_t n = strlen(line);
	if (n && line[n - 1] == '\n')
		line[--n] = '\0';
	else if (n == sizeof line - 1 && !feof(in)) {
		*too_long = true;
		goto out;
	}
	if (n && line[n - 1] == '\r')
		line[--n] = '\0';
	p = xstrdup(line);
out:
	sodium_memzero(line, sizeof line);
	return p;
}

static char *prompt_noecho(const char *prompt, bool *too_long)
{
	struct termios tio;
	struct sigaction sa = { 0 }, old_int, old_term, old_hup;
	char *pw = NULL;

	if (tcgetattr(STDIN_FILENO, &saved_tio) != 0) {
		ctl_error(_("cannot read the terminal settings: %s"), strerror(errno));
		return NULL;
	}
	sa.sa_handler = restore_echo_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	tio = saved_tio;
	tio.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	tio.c_lflag |= ICANON;
	fputs(prompt, stderr);
	fflush(stderr);
	echo_off = 1;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &tio);
	pw = read_secret_line(stdin, too_long);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
	echo_off = 0;
	fputc('\n', stderr);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	return pw;
}

char *ctl_password_read(bool from_stdin)
{
	char *pw = NULL, *again = NULL;
	bool too_long = false;

	if (from_stdin) {
		pw = read_secret_line(stdin, &too_long);
		if (!pw && !too_long) {
			ctl_error(_("no password on standard input"));
			goto fail;
		}
	} else if (isatty(STDIN_FILENO)) {
		pw = prompt_noecho(_("New password: "), &too_long);
		if (pw && !too_long) {
			again = prompt_noecho(_("Repeat the password: "), &too_long);
			if (again && strcmp(pw, again) != 0) {
				ctl_error(_("the passwords do not match"));
				goto fail;
			}
			if (!again && !too_long) {
				ctl_error(_("no password entered"));
				goto fail;
			}
		}
		if (!pw && !too_long) {
			ctl_error(_("no password entered"));
			goto fail;
		}
	} else {
		ctl_error(_(
			"no password: use --password-stdin, or run on a terminal to be prompted"));
		goto fail;
	}
	if (too_long) {
		ctl_error(_("the password is too long (at most 1023 bytes)"));
		goto fail;
	}
	if (ctl_utf8_len(pw) < CTL_PASSWORD_MIN) {
		ctl_error(ngettext("the password is too short: it needs at least %d character",
				   "the password is too short: it needs at least %d characters",
				   CTL_PASSWORD_MIN),
			  CTL_PASSWORD_MIN);
		goto fail;
	}
	ctl_secret_free(&again);
	return pw;
fail:
	ctl_secret_free(&pw);
	ctl_secret_free(&again);
	return NULL;
}

void ctl_password_random(char *out, size_t len)
{
	/* No 0/O, 1/l/I: the demo credentials get read aloud and retyped. */
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	for (size_t i = 0; i < len; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[len] = '\0';
}

bool ctl_base32_normalise(const char *in, char out[129])
{
	size_t n = 0;
	bool padding = false;
	for (const char *p = in; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch == ' ')
			continue;
		if (ch == '=') {
			padding = true;
			continue;
		}
		ch = (unsigned char)toupper(ch);
		if (padding || !((ch >= 'A' && ch <= 'Z') || (ch >= '2' && ch <= '7')) || n >= 128)
			return false;
		out[n++] = (char)ch;
	}
	out[n] = '\0';
	/* 16 characters = 80 bits, what authenticator apps issue at the least;
	 * lengths 1, 3 and 6 mod 8 cannot come from whole bytes. */
	if (n < 16 || n % 8 == 1 || n % 8 == 3 || n % 8 == 6)
		return false;
	return true;
}

/* ---- output ------------------------------------------------------------- */

void ctl_put_field(const char *s, char sep)
{
	if (!s)
		s = "-";
	for (; *s; s++) {
		switch (*s) {
		case '\t':
			fputs("\\t", stdout);
			break;
		case '\n':
			fputs("\\n", stdout);
			break;
		case '\r':
			fputs("\\r", stdout);
			break;
		case '\\':
			fputs("\\\\", stdout);
			break;
		default:
			putchar(*s);
		}
	}
	putchar(sep);
}

const char *ctl_time(int64_t ms, char out[40])
{
	if (ms <= 0) {
		snprintf(out, 40, "-");
		return out;
	}
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	size_t n = strftime(out, 40, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 40 - n, ".%03dZ", (int)(ms % 1000));
	return out;
}

/* ---- input -------------------------------------------------------------- */

char *ctl_read_stdin(void)
{
	struct buf b;
	char chunk[4096];
	size_t n;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
		buf_append(&b, chunk, n);
		if (b.len > 1024 * 1024) {
			ctl_error(_("standard input is too long (more than 1 MiB)"));
			buf_free(&b);
			return NULL;
		}
	}
	if (ferror(stdin)) {
		ctl_error(_("cannot read standard input: %s"), strerror(errno));
		buf_free(&b);
		return NULL;
	}
	if (b.len && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	if (b.len && b.data[b.len - 1] == '\r')
		b.data[--b.len] = '\0';
	if (!b.data)
		return xstrdup("");
	return buf_steal(&b);
}

/* ---- lookups ------------------------------------------------------------ */

bool ctl_dept_find(struct ctl *c, const char *name, struct department *d)
{
	enum store_rc rc = store_department_by_name(c->store, name, d);
	if (rc == STORE_NOT_FOUND) {
		ctl_error(_("no department named '%s' (see 'curtainctl dept list')"), name);
		return false;
	}
	if (rc != STORE_OK) {
		ctl_store_fail(rc, _("look up the department"));
		return false;
	}
	return true;
}

bool ctl_help_only(const struct ctl_cmd *cmd, int argc, char **argv, int *rc)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool done = false;
	int opt;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1)
		if ((*rc = ctl_getopt_end(cmd, opt, argv, &done)), done)
			return true;
	return false;
}
