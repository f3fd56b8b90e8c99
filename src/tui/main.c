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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sodium.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/util.h"
#include "tui/app.h"
#include "tui/scan.h"
#include "tui/term.h"

static void usage(FILE *f)
{
	fprintf(f, _("Usage: curtain [OPTION]...\n"
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
		     "      --sign-out           sign this workstation out (revoke it on the\n"
		     "                           server, delete the keyring item) and exit\n"
		     "  -h, --help               show this help and exit\n"
		     "  -V, --version            show the version and exit\n\n"
		     "curtain scan [FILE] checks texts, one per line (standard input without\n"
		     "FILE), for detail too sensitive for SMS and prints one line of JSON per\n"
		     "text: {\"nag\": true|false, \"findings\": [{\"category\", \"start\", \"end\",\n"
		     "\"text\", \"reason\"}]} (byte offsets). No server or terminal needed;\n"
		     "curtain scan --help says more.\n\n"
		     "Press ? inside curtain for every key.\n"));
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
	       O_SIGNOUT };
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
		{ "sign-out", no_argument, NULL, O_SIGNOUT },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	char *end;
	while ((ch = getopt_long(argc, argv, "hV", opts, NULL)) != -1) {
		switch (ch) {
		case O_SERVER: server = optarg; break;
		case O_USER: user = optarg; break;
		case O_CREDFD:
			a->scripted_fd = (int)strtol(optarg, &end, 10);
			if (*end || a->scripted_fd < 0 || fcntl(a->scripted_fd, F_GETFD) < 0) {
				fprintf(stderr, _("curtain: --credentials-fd: %s is not an open file descriptor\n"),
					optarg);
				return 2;
			}
			break;
		case O_CONFIG: config_path = optarg; break;
		case O_THEME: theme = optarg; break;
		case O_KEYMAP: keymap = optarg; break;
		case O_LOCK:
			lock_after = (int)strtol(optarg, &end, 10);
			if (*end || lock_after < 1 || lock_after > 86400) {
				fprintf(stderr, _("curtain: --lock-after wants seconds from 1 to 86400\n"));
				return 2;
			}
			break;
		case O_KEYRING:
			if (strcmp(optarg, "secret-service") && strcmp(optarg, "none")) {
				fprintf(stderr, _("curtain: --keyring wants secret-service or none\n"));
				return 2;
			}
			keyring = optarg;
			break;
		case O_SIGNOUT: sign_out = true; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("curtain %s\n", CURTAIN_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("curtain: unexpected argument '%s'\n"), argv[optind]);
		return 2;
	}
	if (sign_out)
		return app_sign_out_cli(config_path, server, user);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("curtain: needs a terminal\n"));
		return 2;
	}
	if (!app_init(a, config_path, server, user, theme, keymap, keyring, lock_after))
		return 1;
	int rc = app_run(a);
	app_free(a);
	return rc;
}
