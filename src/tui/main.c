/* curtain: the full-screen client. Parses options and the config file,
 * hardens the process (no core dumps), sets up the terminal on the
 * alternate screen, runs the app's loop, and restores the terminal on every
 * way out, crashes included. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sodium.h>
#include <unistd.h>

#include "common/cli.h"
#include "common/i18n.h"
#include "common/util.h"
#include "tui/app.h"
#include "tui/config.h"
#include "tui/scan.h"
#include "tui/term.h"

static void usage(void)
{
	printf(_("Usage: curtain [OPTION]...\n"
		 "  or:  curtain scan [FILE]\n"
		 "The Curtain shared inbox for patient text messages.\n\n"
		 "      --server URL         curtaind to sign in to (default: config 'server',\n"
		 "                           else http://127.0.0.1:8750)\n"
		 "      --user NAME          fill in the username\n"
		 "      --credentials-fd N   read password, code and PIN (one per line) from\n"
		 "                           file descriptor N instead of typing them\n"
		 "      --config FILE        configuration file (default:\n"
		 "                           $XDG_CONFIG_HOME/curtain/config)\n"
		 "      --theme NAME|FILE    colour theme (default, light, high-contrast, mono)\n"
		 "      --keymap NAME|FILE   key bindings (default, vim, emacs)\n"
		 "      --lock-after SECONDS lock after this much idle time (the server may\n"
		 "                           allow less)\n"
		 "      --keyring=MODE       secret-service (keep the sign-in in the desktop\n"
		 "                           keyring; default) or none\n"
		 "      --accessible         screen-reader mode: the cursor on the selected row,\n"
		 "                           words instead of symbols, no animation, status\n"
		 "                           changes written once on the last line\n"
		 "                           (config: accessible = true)\n"
		 "      --mouse              click to select, wheel to scroll (config:\n"
		 "                           mouse = true; off by default)\n"
		 "      --sign-out           sign this workstation out (revoke it on the\n"
		 "                           server, delete the keyring item) and exit\n"
		 "  -h, --help               show this help and exit\n"
		 "  -V, --version            show the version and exit\n\n"));
	printf(_("curtain scan [FILE] checks texts, one per line (standard input without\n"
		 "FILE), for detail too sensitive for SMS and prints one line of JSON per\n"
		 "text: {\"nag\": true|false, \"findings\": [{\"category\", \"start\", \"end\",\n"
		 "\"text\", \"reason\"}]} (byte offsets). No server or terminal needed;\n"
		 "curtain scan --help says more.\n\n"
		 "Press ? inside curtain for every key.\n\n"));
	printf(_("Exit status:\n"
		 " 0  success: quit normally, signed out with --sign-out, or scan done\n"
		 " 1  trouble: the terminal could not be set up, or --sign-out failed\n"
		 " 2  wrong usage: a bad option or argument, no terminal, or a scan FILE\n"
		 "    that cannot be read\n"));
	cli_help_footer(stdout);
}

/* A usage error: what is wrong, then where to read more; exit status 2. */
static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
	va_list ap;
	fputs("curtain: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cli_try_help("curtain");
	return CLI_USAGE;
}

/* An option that is also a setting (--server, --theme, ...) is checked the
 * way the config file's line would be, so a bad value is a usage error
 * before the terminal is touched. */
static bool setting_ok(const char *key, const char *value)
{
	struct config c;
	char *err = NULL;
	config_init(&c);
	bool ok = config_set(&c, key, value, &err);
	if (!ok)
		usage_error("%s", err ? err : "?");
	free(err);
	config_free(&c);
	return ok;
}

static void harden_process(void)
{
	struct rlimit rl = { 0, 0 };
	setrlimit(RLIMIT_CORE, &rl);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

int main(int argc, char **argv)
{
	i18n_init();
	harden_process();
	if (sodium_init() < 0) {
		fprintf(stderr, _("curtain: libsodium failed to initialise\n"));
		return 1;
	}
	/* curtain scan: the detector over lines of text; no terminal, no server. */
	if (argc >= 2 && strcmp(argv[1], "scan") == 0)
		return scan_main(argc - 1, argv + 1);
	static struct app app;
	struct app *a = &app;
	const char *server = NULL, *user = NULL, *config_path = NULL, *theme = NULL, *keymap = NULL;
	int lock_after = 0;
	a->scripted_fd = -1;
	enum { O_SERVER = 256, O_USER, O_CREDFD, O_CONFIG, O_THEME, O_KEYMAP, O_LOCK, O_KEYRING,
	       O_SIGNOUT, O_ACCESSIBLE, O_MOUSE };
	const char *keyring = NULL;
	bool sign_out = false;
	static const struct option opts[] = {
		{ "server", required_argument, NULL, O_SERVER },
		{ "user", required_argument, NULL, O_USER },
		{ "credentials-fd", required_argument, NULL, O_CREDFD },
		{ "config", required_argument, NULL, O_CONFIG },
		{ "theme", required_argument, NULL, O_THEME },
		{ "keymap", required_argument, NULL, O_KEYMAP },
		{ "lock-after", required_argument, NULL, O_LOCK },
		{ "keyring", required_argument, NULL, O_KEYRING },
		{ "accessible", no_argument, NULL, O_ACCESSIBLE },
		{ "mouse", no_argument, NULL, O_MOUSE },
		{ "sign-out", no_argument, NULL, O_SIGNOUT },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	char *end;
	opterr = 0; /* our own messages, translated, each with the --help hint */
	while ((ch = getopt_long(argc, argv, ":hV", opts, NULL)) != -1) {
		switch (ch) {
		case O_SERVER:
			if (!setting_ok("server", optarg))
				return CLI_USAGE;
			server = optarg;
			break;
		case O_USER: user = optarg; break;
		case O_CREDFD:
			a->scripted_fd = (int)strtol(optarg, &end, 10);
			if (*end || a->scripted_fd < 0 || fcntl(a->scripted_fd, F_GETFD) < 0)
				return usage_error(_("--credentials-fd: %s is not an open file descriptor"),
						   optarg);
			break;
		case O_CONFIG: config_path = optarg; break;
		case O_THEME:
			if (!setting_ok("theme", optarg))
				return CLI_USAGE;
			theme = optarg;
			break;
		case O_KEYMAP:
			if (!setting_ok("keymap", optarg))
				return CLI_USAGE;
			keymap = optarg;
			break;
		case O_LOCK:
			lock_after = (int)strtol(optarg, &end, 10);
			if (*end || lock_after < 1 || lock_after > 86400)
				return usage_error("%s", _("--lock-after wants seconds from 1 to 86400"));
			break;
		case O_KEYRING:
			if (strcmp(optarg, "secret-service") && strcmp(optarg, "none"))
				return usage_error("%s", _("--keyring wants secret-service or none"));
			keyring = optarg;
			break;
		case O_ACCESSIBLE: a->opt_accessible = true; break;
		case O_MOUSE: a->opt_mouse = true; break;
		case O_SIGNOUT: sign_out = true; break;
		case 'h': usage(); return CLI_OK;
		case 'V': cli_version("curtain"); return CLI_OK;
		case ':': return usage_error(_("option '%s' needs a value"), argv[optind - 1]);
		default:
			{
				char msg[160];
				return usage_error("%s", cli_option_error(optopt, argv[optind - 1], msg, sizeof msg));
			}
		}
	}
	if (optind < argc)
		return usage_error(_("unexpected argument '%s'"), argv[optind]);
	if (sign_out)
		return app_sign_out_cli(config_path, server, user);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("curtain: needs a terminal\n"));
		return CLI_USAGE;
	}
	if (!app_init(a, config_path, server, user, theme, keymap, keyring, lock_after))
		return CLI_FAIL;
	int rc = app_run(a);
	app_free(a);
	return rc;
}
