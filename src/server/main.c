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

#include "common/i18n.h"
#include "common/log.h"
#include "common/util.h"
#include "server/http.h"
#include "server/push.h"
#include "server/server.h"

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
		     "      --gateway NAME       carrier gateway: sim (default)\n"
		     "      --threads N          HTTP worker threads (default 4)\n"
		     "      --max-idle-lock SECONDS  longest idle time before clients lock (default 300)\n"
		     "      --pin-min-length N   shortest PIN accepted (default 4)\n"
		     "      --log-level LEVEL    debug, info, warn or error (default info)\n"
		     "  -h, --help               show this help and exit\n"
		     "  -V, --version            show the version and exit\n\n"
		     "Logs go to standard error and never contain patient information.\n"));
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
	cfg->gateway = xstrdup("sim");

	enum { O_KEY = 256, O_LISTEN, O_PORTFILE, O_CERT, O_TLSKEY, O_PROXY, O_GATEWAY, O_THREADS,
	       O_IDLE, O_PINLEN, O_LOGLEVEL };
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
		{ "log-level", required_argument, NULL, O_LOGLEVEL },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	while ((ch = getopt_long(argc, argv, "d:hV", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': cfg->db_path = xstrdup(optarg); break;
		case O_KEY: cfg->key_path = xstrdup(optarg); break;
		case O_LISTEN:
			if (!parse_listen(optarg, cfg)) {
				fprintf(stderr, _("curtaind: --listen wants ADDRESS:PORT, e.g. 127.0.0.1:8750\n"));
				return 2;
			}
			break;
		case O_PORTFILE: cfg->port_file = xstrdup(optarg); break;
		case O_CERT: cfg->tls_cert = xstrdup(optarg); break;
		case O_TLSKEY: cfg->tls_key = xstrdup(optarg); break;
		case O_PROXY: cfg->behind_tls_proxy = true; break;
		case O_GATEWAY:
			if (strcmp(optarg, "sim") != 0) {
				fprintf(stderr, _("curtaind: unknown gateway '%s' (available: sim)\n"), optarg);
				return 2;
			}
			break;
		case O_THREADS:
			if (!parse_int(optarg, 1, 64, &cfg->threads)) {
				fprintf(stderr, _("curtaind: --threads wants a number from 1 to 64\n"));
				return 2;
			}
			break;
		case O_IDLE:
			if (!parse_int(optarg, 30, 3600, &cfg->max_idle_lock_s)) {
				fprintf(stderr, _("curtaind: --max-idle-lock wants seconds from 30 to 3600\n"));
				return 2;
			}
			break;
		case O_PINLEN:
			if (!parse_int(optarg, 4, 12, &cfg->pin_min_length)) {
				fprintf(stderr, _("curtaind: --pin-min-length wants a number from 4 to 12\n"));
				return 2;
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
				return 2;
			}
			break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("curtaind %s\n", CURTAIN_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("curtaind: unexpected argument '%s'\n"), argv[optind]);
		return 2;
	}
	if (!cfg->db_path) {
		fprintf(stderr, _("curtaind: -d DB is required (create one with 'curtainctl -d DB init')\n"));
		return 2;
	}
	bool tls = cfg->tls_cert || cfg->tls_key;
	if (!tls && !host_is_loopback(cfg->listen_host) && !cfg->behind_tls_proxy) {
		fprintf(stderr,
			_("curtaind: refusing to serve plain HTTP on %s: patient data must not cross a "
			  "network unencrypted.\nUse --tls-cert and --tls-key, or --behind-tls-proxy when "
			  "a TLS-terminating proxy is in front.\n"),
			cfg->listen_host);
		return 2;
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
	if (!cfg->key_path)
		cfg->key_path = crypto_keyfile_default(cfg->db_path);
	char err[512];
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
	srv->push = push_new(srv);
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
	push_stop(srv->push);
	http_stop(srv);
	push_free(&srv->push);
	crypto_keys_wipe(&srv->keys);
	if (cfg->port_file)
		unlink(cfg->port_file);
	log_info("stopped");
	return 0;
}
