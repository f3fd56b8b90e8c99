/* curtaind: the Curtain backend. Parses options, refuses unsafe listening
 * set-ups, loads the key file, checks the database, starts the push thread
 * and the HTTP daemon, and shuts down cleanly on SIGTERM/SIGINT. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/cli.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/util.h"
#include "server/http.h"
#include "server/media.h"
#include "server/push.h"
#include "server/server.h"
#include "server/twilio.h"

static void usage(FILE *f)
{
	fprintf(f, _("Usage: curtaind -d DB [OPTION]...\n"
		     "Serve the Curtain protocol for one practice database.\n\n"
		     "  -d, --db FILE            SQLite database made by 'curtainctl init'\n"
		     "      --key FILE           key file (default: DB.key)\n"
		     "      --listen ADDR:PORT   address to listen on (default 127.0.0.1:8750;\n"
		     "                           port 0 picks a free port)\n"
		     "      --port-file FILE     write the port number here once listening\n"
		     "      --tls-cert FILE      serve HTTPS with this PEM certificate chain\n"
		     "      --tls-key FILE       and this PEM private key\n"
		     "      --behind-tls-proxy   allow plain HTTP on a non-loopback address because\n"
		     "                           a TLS-terminating proxy is in front\n"
		     "      --gateway NAME       carrier gateway: sim (default) or twilio\n"
		     "      --threads N          HTTP worker threads (default 4)\n"
		     "      --max-idle-lock SECONDS  longest idle time before clients lock (default 300)\n"
		     "      --pin-min-length N   shortest PIN accepted (default 4)\n"
		     "      --max-media-bytes N  largest attachment (picture or PDF) in bytes, sent\n"
		     "                           or received (default 5000000)\n"
		     "      --log-level LEVEL    debug, info, warn or error (default info)\n"
		     "  -h, --help               show this help and exit\n"
		     "  -V, --version            show the version and exit\n\n"
		     "Logs go to standard error and never contain patient information.\n\n"));
	fprintf(f, _("The Twilio gateway (--gateway twilio):\n"
		     "      --twilio-account-sid SID   the account (AC followed by 32 hex digits)\n"
		     "      --twilio-token-file FILE   the auth token, in a file other users cannot\n"
		     "                                 read; else from $CURTAIN_TWILIO_AUTH_TOKEN\n"
		     "                                 (never on the command line)\n"
		     "      --twilio-messaging-service SID  send through this messaging service\n"
		     "                                 (MG...); default: from each department's number\n"
		     "      --public-url URL           the https:// address Twilio reaches curtaind at;\n"
		     "                                 webhooks are URL/v1/hooks/twilio/inbound and\n"
		     "                                 URL/v1/hooks/twilio/status\n"
		     "      --twilio-api-base URL      Twilio's API (default https://api.twilio.com)\n"
		     "      --twilio-timeout SECONDS   per request to Twilio (default 30)\n\n"));
	fprintf(f, _("Exit status:\n"
		     " 0  stopped cleanly (SIGTERM, SIGINT or SIGHUP)\n"
		     " 1  could not start: the key file, the database, the address or the\n"
		     "    port file\n"
		     " 2  wrong usage: a bad option or argument, no -d, or plain HTTP on a\n"
		     "    network address without --behind-tls-proxy\n"));
	cli_help_footer(f);
}

/* After a usage error: the --help hint, exit status 2. */
static int bad_usage(void)
{
	cli_try_help("curtaind");
	return CLI_USAGE;
}

static bool host_is_loopback(const char *h)
{
	return strncmp(h, "127.", 4) == 0 || strcmp(h, "::1") == 0;
}

static bool parse_listen(const char *arg, struct server_config *cfg)
{
	const char *colon;
	free(cfg->listen_host);
	if (arg[0] == '[') {
		const char *close = strchr(arg, ']');
		if (!close || close[1] != ':')
			return false;
		cfg->listen_host = xstrndup(arg + 1, (size_t)(close - arg - 1));
		colon = close + 1;
	} else {
		colon = strrchr(arg, ':');
		if (!colon)
			return false;
		cfg->listen_host = xstrndup(arg, (size_t)(colon - arg));
	}
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || end == colon + 1 || port < 0 || port > 65535)
		return false;
	cfg->listen_port = (int)port;
	return *cfg->listen_host != '\0';
}

static bool parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*end || end == s || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

static bool write_port_file(const char *path, int port)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return false;
	fprintf(f, "%d\n", port);
	if (fclose(f) != 0)
		return false;
	return rename(tmp, path) == 0;
}

/* No core dumps: a crash must not leave PHI or keys on disk. */
static void harden_process(void)
{
	struct rlimit rl = { 0, 0 };
	setrlimit(RLIMIT_CORE, &rl);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	umask(077);
}

static void config_free(struct server_config *cfg)
{
	free(cfg->db_path);
	free(cfg->key_path);
	free(cfg->listen_host);
	free(cfg->port_file);
	free(cfg->tls_cert);
	free(cfg->tls_key);
	free(cfg->gateway);
	memset(cfg, 0, sizeof *cfg);
}

static int run(struct server *srv);

/* The Twilio gateway's settings (strings borrowed from argv). */
static struct twilio_config twcfg;
static int tw_opts;

/* Frees the configuration on every way out of main, early errors included. */
static struct server_config *exit_cfg;
static void config_free_at_exit(void)
{
	if (exit_cfg)
		config_free(exit_cfg);
}

int main(int argc, char **argv)
{
	i18n_init();
	log_set_ident("curtaind");
	harden_process();
	static struct server srv;
	memset(&srv, 0, sizeof srv);
	struct server_config *cfg = &srv.cfg;
	exit_cfg = cfg;
	atexit(config_free_at_exit);
	cfg->listen_host = xstrdup("127.0.0.1");
	cfg->listen_port = 8750;
	cfg->threads = 4;
	cfg->max_idle_lock_s = 300;
	cfg->access_idle_s = 900;
	cfg->access_max_s = 12 * 3600;
	cfg->pin_min_length = 4;
	cfg->max_media_bytes = MEDIA_MAX_BYTES_DEFAULT;
	cfg->gateway = xstrdup("sim");

	enum { O_KEY = 256, O_LISTEN, O_PORTFILE, O_CERT, O_TLSKEY, O_PROXY, O_GATEWAY, O_THREADS,
	       O_IDLE, O_PINLEN, O_LOGLEVEL, O_TW_SID, O_TW_TOKEN_FILE, O_TW_TOKEN, O_TW_SERVICE,
	       O_PUBLIC_URL, O_TW_API, O_TW_TIMEOUT, O_MAX_MEDIA };
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "key", required_argument, NULL, O_KEY },
		{ "listen", required_argument, NULL, O_LISTEN },
		{ "port-file", required_argument, NULL, O_PORTFILE },
		{ "tls-cert", required_argument, NULL, O_CERT },
		{ "tls-key", required_argument, NULL, O_TLSKEY },
		{ "behind-tls-proxy", no_argument, NULL, O_PROXY },
		{ "gateway", required_argument, NULL, O_GATEWAY },
		{ "threads", required_argument, NULL, O_THREADS },
		{ "max-idle-lock", required_argument, NULL, O_IDLE },
		{ "pin-min-length", required_argument, NULL, O_PINLEN },
		{ "max-media-bytes", required_argument, NULL, O_MAX_MEDIA },
		{ "log-level", required_argument, NULL, O_LOGLEVEL },
		{ "twilio-account-sid", required_argument, NULL, O_TW_SID },
		{ "twilio-token-file", required_argument, NULL, O_TW_TOKEN_FILE },
		/* Exact names, so getopt's abbreviations cannot turn a token given
		 * on the command line into a "file name" printed in an error. */
		{ "twilio-token", required_argument, NULL, O_TW_TOKEN },
		{ "twilio-auth-token", required_argument, NULL, O_TW_TOKEN },
		{ "twilio-messaging-service", required_argument, NULL, O_TW_SERVICE },
		{ "public-url", required_argument, NULL, O_PUBLIC_URL },
		{ "twilio-api-base", required_argument, NULL, O_TW_API },
		{ "twilio-timeout", required_argument, NULL, O_TW_TIMEOUT },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	opterr = 0; /* our own messages, translated, each with the --help hint */
	while ((ch = getopt_long(argc, argv, ":d:hV", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': cfg->db_path = xstrdup(optarg); break;
		case O_KEY: cfg->key_path = xstrdup(optarg); break;
		case O_LISTEN:
			if (!parse_listen(optarg, cfg)) {
				fprintf(stderr, _("curtaind: --listen wants ADDRESS:PORT, e.g. 127.0.0.1:8750\n"));
				return bad_usage();
			}
			break;
		case O_PORTFILE: cfg->port_file = xstrdup(optarg); break;
		case O_CERT: cfg->tls_cert = xstrdup(optarg); break;
		case O_TLSKEY: cfg->tls_key = xstrdup(optarg); break;
		case O_PROXY: cfg->behind_tls_proxy = true; break;
		case O_GATEWAY:
			if (strcmp(optarg, "sim") != 0 && strcmp(optarg, "twilio") != 0) {
				fprintf(stderr, _("curtaind: unknown gateway '%s' (available: sim, twilio)\n"), optarg);
				return bad_usage();
			}
			free(cfg->gateway);
			cfg->gateway = xstrdup(optarg);
			break;
		case O_TW_SID: twcfg.account_sid = optarg; tw_opts++; break;
		case O_TW_TOKEN_FILE: twcfg.token_file = optarg; tw_opts++; break;
		case O_TW_TOKEN:
			fprintf(stderr, _("curtaind: the Twilio auth token is never taken from the command "
					  "line (other users can see it); use --twilio-token-file FILE or "
					  "CURTAIN_TWILIO_AUTH_TOKEN\n"));
			return bad_usage();
		case O_TW_SERVICE: twcfg.messaging_service = optarg; tw_opts++; break;
		case O_PUBLIC_URL: twcfg.public_url = optarg; tw_opts++; break;
		case O_TW_API: twcfg.api_base = optarg; tw_opts++; break;
		case O_TW_TIMEOUT:
			if (!parse_int(optarg, 1, 120, &twcfg.timeout_s)) {
				fprintf(stderr, _("curtaind: --twilio-timeout wants seconds from 1 to 120\n"));
				return bad_usage();
			}
			tw_opts++;
			break;
		case O_THREADS:
			if (!parse_int(optarg, 1, 64, &cfg->threads)) {
				fprintf(stderr, _("curtaind: --threads wants a number from 1 to 64\n"));
				return bad_usage();
			}
			break;
		case O_IDLE:
			if (!parse_int(optarg, 30, 3600, &cfg->max_idle_lock_s)) {
				fprintf(stderr, _("curtaind: --max-idle-lock wants seconds from 30 to 3600\n"));
				return bad_usage();
			}
			break;
		case O_PINLEN:
			if (!parse_int(optarg, 4, 12, &cfg->pin_min_length)) {
				fprintf(stderr, _("curtaind: --pin-min-length wants a number from 4 to 12\n"));
				return bad_usage();
			}
			break;
		case O_MAX_MEDIA:
			{
				int v;
				if (!parse_int(optarg, 1000, 100000000, &v)) {
					fprintf(stderr, _("curtaind: --max-media-bytes wants a number from 1000 "
							  "to 100000000\n"));
					return bad_usage();
				}
				cfg->max_media_bytes = v;
			}
			break;
		case O_LOGLEVEL:
			if (strcmp(optarg, "debug") == 0)
				log_set_level(LOG_DEBUG);
			else if (strcmp(optarg, "info") == 0)
				log_set_level(LOG_INFO);
			else if (strcmp(optarg, "warn") == 0)
				log_set_level(LOG_WARN);
			else if (strcmp(optarg, "error") == 0)
				log_set_level(LOG_ERROR);
			else {
				fprintf(stderr, _("curtaind: --log-level wants debug, info, warn or error\n"));
				return bad_usage();
			}
			break;
		case 'h': usage(stdout); return CLI_OK;
		case 'V': cli_version("curtaind"); return CLI_OK;
		case ':':
			fprintf(stderr, _("curtaind: option '%s' needs a value\n"), argv[optind - 1]);
			return bad_usage();
		default:
			{
				char msg[160];
				fprintf(stderr, "curtaind: %s\n",
					cli_option_error(optopt, argv[optind - 1], msg, sizeof msg));
			}
			return bad_usage();
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("curtaind: unexpected argument '%s'\n"), argv[optind]);
		return bad_usage();
	}
	if (!cfg->db_path) {
		fprintf(stderr, _("curtaind: -d DB is required (create one with 'curtainctl -d DB init')\n"));
		return bad_usage();
	}
	if (tw_opts && strcmp(cfg->gateway, "twilio") != 0) {
		fprintf(stderr, _("curtaind: the --twilio-* and --public-url options need --gateway twilio\n"));
		return bad_usage();
	}
	bool tls = cfg->tls_cert || cfg->tls_key;
	if (!tls && !host_is_loopback(cfg->listen_host) && !cfg->behind_tls_proxy) {
		fprintf(stderr,
			_("curtaind: refusing to serve plain HTTP on %s: patient data must not cross a "
			  "network unencrypted.\nUse --tls-cert and --tls-key, or --behind-tls-proxy when "
			  "a TLS-terminating proxy is in front.\n"),
			cfg->listen_host);
		return bad_usage();
	}
	return run(&srv);
}

static int run(struct server *srv)
{
	struct server_config *cfg = &srv->cfg;
	bool tls = cfg->tls_cert || cfg->tls_key;
	if (!crypto_init()) {
		fprintf(stderr, _("curtaind: libsodium failed to initialise\n"));
		return 1;
	}
	char err[512];
	if (strcmp(cfg->gateway, "twilio") == 0 &&
	    !(srv->twilio = twilio_new(srv, &twcfg, err, sizeof err))) {
		fprintf(stderr, _("curtaind: %s\n"), err);
		return 1;
	}
	if (!cfg->key_path)
		cfg->key_path = crypto_keyfile_default(cfg->db_path);
	if (!crypto_keyfile_load(cfg->key_path, &srv->keys, err, sizeof err)) {
		fprintf(stderr, _("curtaind: cannot use the key file: %s\n"), err);
		return 1;
	}
	struct store *st = NULL;
	if (store_open(&st, cfg->db_path, &srv->keys, false, err, sizeof err) != STORE_OK) {
		fprintf(stderr, _("curtaind: cannot open the database: %s\n"), err);
		return 1;
	}
	snprintf(srv->db_id, sizeof srv->db_id, "%s", store_db_id(st));
	store_close(&st);

	/* Only the main thread takes the shutdown signals. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	server_store_init(srv);
	/* Before the Twilio workers, which notify it. */
	srv->push = push_new(srv);
	/* Before any other thread: it runs curl_global_init. */
	if (srv->twilio && !twilio_start(srv->twilio)) {
		fprintf(stderr, _("curtaind: cannot start the Twilio outbox worker\n"));
		return 1;
	}
	if (!push_start(srv->push)) {
		fprintf(stderr, _("curtaind: cannot start the push thread\n"));
		return 1;
	}
	if (!http_start(srv, err, sizeof err)) {
		fprintf(stderr, _("curtaind: %s\n"), err);
		push_stop(srv->push);
		return 1;
	}
	if (cfg->port_file && !write_port_file(cfg->port_file, cfg->listen_port)) {
		fprintf(stderr, _("curtaind: cannot write %s: %s\n"), cfg->port_file, strerror(errno));
		push_stop(srv->push);
		http_stop(srv);
		return 1;
	}
	log_info("listening on %s://%s%s%s:%d (gateway %s)", tls ? "https" : "http",
		 strchr(cfg->listen_host, ':') ? "[" : "", cfg->listen_host,
		 strchr(cfg->listen_host, ':') ? "]" : "", cfg->listen_port, cfg->gateway);
	int sig = 0;
	sigwait(&sigs, &sig);
	log_info("signal %d: shutting down", sig);
	http_quiesce(srv);
	/* The workers stop now, but the gateway stays until the requests in
	 * flight are done: a send among them still goes to the durable outbox
	 * (sent after a restart), never down the sim path. */
	twilio_stop(srv->twilio);
	push_stop(srv->push);
	http_stop(srv);
	twilio_free(&srv->twilio);
	push_free(&srv->push);
	crypto_keys_wipe(&srv->keys);
	if (cfg->port_file)
		unlink(cfg->port_file);
	log_info("stopped");
	return 0;
}
