/* http: curtaind's libmicrohttpd front — the daemon (thread pool, epoll,
 * optional TLS), request bodies with a size limit, routing to handlers,
 * reply helpers (JSON, problem documents), and per-thread store handles.
 * Logs name the method, path, status and time; never a body. */
#include "server/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "common/i18n.h"
#include "common/log.h"
#include "common/util.h"
#include "server/media.h"
#include "server/push.h"

/* ---- per-thread store ---------------------------------------------------- */

static void store_key_destroy(void *p)
{
	struct store *st = p;
	store_close(&st);
}

void server_store_init(struct server *srv)
{
	pthread_key_create(&srv->store_key, store_key_destroy);
}

struct store *server_store(struct server *srv)
{
	struct store *st = pthread_getspecific(srv->store_key);
	if (st)
		return st;
	char err[256];
	if (store_open(&st, srv->cfg.db_path, &srv->keys, false, err, sizeof err) != STORE_OK) {
		log_error("cannot open database: %s", err);
		return NULL;
	}
	pthread_setspecific(srv->store_key, st);
	return st;
}

/* ---- replies --------------------------------------------------------------- */

static void reply_set(struct request *req, int status, struct MHD_Response *resp)
{
	if (req->response)
		MHD_destroy_response(req->response);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	req->status = status;
	req->response = resp;
}

void reply_response(struct request *req, int status, void *mhd_response)
{
	reply_set(req, status, mhd_response);
}

void reply_text(struct request *req, int status, const char *content_type, const char *body)
{
	size_t len = strlen(body);
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
	if (!resp)
		die_oom();
	MHD_add_response_header(resp, "Content-Type", content_type);
	reply_set(req, status, resp);
}

static void reply_json_typed(struct request *req, int status, json_t *body, const char *type)
{
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (!text)
		die_oom();
	size_t len = strlen(text);
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	if (!resp)
		die_oom();
	MHD_add_response_header(resp, "Content-Type", type);
	reply_set(req, status, resp);
}

void reply_json(struct request *req, int status, json_t *body)
{
	reply_json_typed(req, status, body, "application/json");
}

void reply_problem(struct request *req, int status, const char *type, const char *title,
		   const char *detail, json_t *extra)
{
	char urn[96];
	snprintf(urn, sizeof urn, "urn:curtain:error:%s", type);
	json_t *doc = json_pack("{s:s, s:i, s:s}", "type", urn, "status", status, "title", title);
	if (detail)
		json_object_set_new(doc, "detail", json_string(detail));
	if (extra) {
		json_object_update(doc, extra);
		json_decref(extra);
	}
	reply_json_typed(req, status, doc, "application/problem+json");
}

void reply_header(struct request *req, const char *name, const char *value)
{
	if (req->response)
		MHD_add_response_header(req->response, name, value);
}

const char *request_header(struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

json_t *request_json(struct request *req)
{
	const char *ct = request_header(req, "Content-Type");
	if (ct && strncasecmp(ct, "application/json", 16) != 0) {
		reply_problem(req, 415, "unsupportedMediaType", "The body must be application/json",
			      NULL, NULL);
		return NULL;
	}
	json_error_t jerr;
	json_t *j = json_loadb(req->body.data ? req->body.data : "", req->body.len,
			       JSON_REJECT_DUPLICATES, &jerr);
	if (!j) {
		char detail[256];
		snprintf(detail, sizeof detail, "line %d, column %d: %s", jerr.line, jerr.column,
			 jerr.text);
		reply_problem(req, 400, "notJSON", "The request body is not valid JSON", detail, NULL);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		reply_problem(req, 400, "notJSON", "The request body must be a JSON object", NULL, NULL);
		return NULL;
	}
	return j;
}

/* ---- routing ----------------------------------------------------------------- */

struct route {
	const char *method;
	const char *path; /* ending in '/': a prefix (the rest names an object) */
	void (*fn)(struct request *req);
};

static const struct route routes[] = {
	{ "GET", "/v1/health", route_health },
	{ "POST", "/v1/auth/login", route_login },
	{ "POST", "/v1/auth/mfa", route_mfa },
	{ "POST", "/v1/auth/unlock", route_unlock },
	{ "POST", "/v1/auth/revoke", route_revoke },
	{ "GET", "/v1/session", route_session },
	{ "POST", "/v1/api", route_api },
	{ "GET", "/v1/events", route_events },
	{ "POST", "/v1/hooks/sim/inbound", route_sim_inbound },
	{ "POST", "/v1/hooks/twilio/inbound", route_twilio_inbound },
	{ "POST", "/v1/hooks/twilio/status", route_twilio_status },
	{ "POST", "/v1/attachments", route_attachment_upload },
	{ "GET", "/v1/attachments/", route_attachment_get },
	{ "GET", "/v1/hooks/twilio/media/", route_carrier_media },
};

static bool route_matches(const struct route *r, const char *url)
{
	size_t n = strlen(r->path);
	if (r->path[n - 1] == '/')
		return strncmp(r->path, url, n) == 0 && url[n] && !strchr(url + n, '?');
	return strcmp(r->path, url) == 0;
}

void route_health(struct request *req)
{
	reply_json(req, 200, json_pack("{s:s, s:s}", "status", "ok", "version", CURTAIN_VERSION));
}

static void dispatch(struct request *req)
{
	bool path_known = false;
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		if (!route_matches(&routes[i], req->url))
			continue;
		path_known = true;
		if (strcmp(routes[i].method, req->method) == 0) {
			routes[i].fn(req);
			return;
		}
	}
	if (path_known)
		reply_problem(req, 405, "methodNotAllowed", "Method not allowed for this endpoint",
			      NULL, NULL);
	else
		reply_problem(req, 404, "notFound", "No such endpoint", NULL, NULL);
}

/* ---- MHD callbacks --------------------------------------------------------- */

static void peer_ip(struct MHD_Connection *conn, char *out, size_t outlen)
{
	snprintf(out, outlen, "?");
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
			  (socklen_t)outlen);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
			  (socklen_t)outlen);
}

/* The largest body a request may bring: an upload's limit is maxMediaBytes
 * (PROTOCOL.md section 12), and the sim carrier's hook, on loopback only,
 * carries its pictures inline as base64 data: URLs; everything else is
 * JSON or a form within maxSizeRequest. */
#define SIM_HOOK_BODY_MAX ((size_t)64 * 1024 * 1024)
static size_t body_limit(const struct request *req)
{
	size_t media = (size_t)req->srv->cfg.max_media_bytes;
	if (strcmp(req->method, "POST") == 0 && strcmp(req->url, "/v1/attachments") == 0)
		return media;
	if (strcmp(req->method, "POST") == 0 && strcmp(req->url, "/v1/hooks/sim/inbound") == 0 &&
	    gateway_sim_hook_open(req)) {
		size_t n = LIMIT_SIZE_REQUEST + 2 * MEDIA_MAX_PER_MESSAGE * media;
		return n < SIM_HOOK_BODY_MAX ? n : SIM_HOOK_BODY_MAX;
	}
	return LIMIT_SIZE_REQUEST;
}

static bool is_upload(const struct request *req)
{
	return strcmp(req->method, "POST") == 0 && strcmp(req->url, "/v1/attachments") == 0;
}

/* False with a reply (401 or 503) made when the request has no valid token. */
static bool upload_token_ok(struct request *req)
{
	struct store *st = server_store(req->srv);
	struct principal p;
	if (!st) {
		reply_problem(req, 503, "unavailable", "The database is not available", NULL, NULL);
		return false;
	}
	if (!auth_principal(req, st, &p))
		return false;
	principal_clear(&p);
	return true;
}

/* What a declared Content-Length reserves before any byte arrives: a
 * header alone must not make the server take megabytes. */
#define BODY_RESERVE_MAX ((unsigned long long)1024 * 1024)

static void reply_too_large(struct request *req)
{
	char detail[96];
	bool media = req->body_limit == (size_t)req->srv->cfg.max_media_bytes &&
		     strcmp(req->url, "/v1/attachments") == 0;
	snprintf(detail, sizeof detail, "%s is %zu bytes", media ? "maxMediaBytes" : "maxSizeRequest",
		 req->body_limit);
	reply_problem(req, 413, "limit", "The request body is too large", detail,
		      json_pack("{s:s}", "limit", media ? "maxMediaBytes" : "maxSizeRequest"));
}

/* Called before MHD parses the request line: keeps the request target as
 * received (carrier webhook signatures cover the query string byte for
 * byte). The request object starts here; on_request completes it. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct request *req = xcalloc(1, sizeof *req);
	req->raw_uri = xstrndup(uri, strnlen(uri, 8192));
	return req;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct server *srv = cls;
	struct request *req = *con_cls;
	if (!req || !req->srv) {
		if (!req)
			req = xcalloc(1, sizeof *req);
		req->srv = srv;
		req->conn = conn;
		req->method = method;
		req->url = url;
		req->started_ms = mono_ms();
		buf_init(&req->body);
		peer_ip(conn, req->ip, sizeof req->ip);
		*con_cls = req;
		req->body_limit = body_limit(req);
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		unsigned long long clv = cl ? strtoull(cl, NULL, 10) : 0;
		if (clv > req->body_limit) {
			/* Refuse before reading the body; MHD closes the connection. */
			reply_too_large(req);
			goto queue;
		}
		/* An upload is the one body that may be megabytes: check the
		 * access token now, so that nobody without one can make the
		 * server hold maxMediaBytes per connection. The route checks it
		 * again (and its department) once the body has arrived. */
		if (is_upload(req) && !upload_token_ok(req))
			goto queue;
		/* One allocation for a declared length (an upload of a few MB
		 * would otherwise be copied at every doubling). */
		if (clv > 0)
			buf_reserve(&req->body, (size_t)(clv < BODY_RESERVE_MAX ? clv : BODY_RESERVE_MAX) + 1);
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!req->too_large) {
			if (req->body.len + *upload_data_size > req->body_limit) {
				req->too_large = true;
				buf_free(&req->body);
			} else {
				buf_append(&req->body, upload_data, *upload_data_size);
			}
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (req->response)
		goto queue; /* an early reply (413) is still waiting to be queued */
	if (req->too_large) {
		reply_too_large(req);
		goto queue;
	}
	dispatch(req);
	if (req->status == 0) /* the handler took over the connection (SSE) */
		return MHD_YES;
	if (!req->response)
		reply_problem(req, 500, "serverFail", "The server could not answer", NULL, NULL);
queue:;
	enum MHD_Result r = MHD_queue_response(conn, (unsigned)req->status, req->response);
	MHD_destroy_response(req->response);
	req->response = NULL;
	return r;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct request *req = *con_cls;
	if (!req)
		return;
	/* The carrier's media URL carries a token: log the path up to it. */
	if (req->status && strncmp(req->url, "/v1/hooks/twilio/media/", 23) == 0)
		log_info("%s /v1/hooks/twilio/media/%.*s/… %d %lldms%s", req->method,
			 (int)strcspn(req->url + 23, "/"), req->url + 23, req->status,
			 (long long)(mono_ms() - req->started_ms),
			 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
	else if (req->status)
		log_info("%s %s %d %lldms%s", req->method, req->url, req->status,
			 (long long)(mono_ms() - req->started_ms),
			 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
	if (req->response)
		MHD_destroy_response(req->response);
	buf_free(&req->body);
	free(req->raw_uri);
	free(req);
	*con_cls = NULL;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	vsnprintf(line, sizeof line, fmt, ap);
	size_t n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	log_warn("http: %s", line);
}

static char *slurp(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct buf b;
	buf_init(&b);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	return buf_steal(&b);
}

bool http_start(struct server *srv, char *err, size_t errlen)
{
	struct server_config *cfg = &srv->cfg;
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
	socklen_t sl;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	if (inet_pton(AF_INET, cfg->listen_host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)cfg->listen_port);
		sl = sizeof *sin;
	} else if (inet_pton(AF_INET6, cfg->listen_host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)cfg->listen_port);
		sl = sizeof *sin6;
		flags |= MHD_USE_IPv6;
	} else {
		snprintf(err, errlen, _("--listen: '%s' is not an IPv4 or IPv6 address"), cfg->listen_host);
		return false;
	}
	(void)sl;
	char *cert = NULL, *key = NULL;
	if (cfg->tls_cert || cfg->tls_key) {
		if (!cfg->tls_cert || !cfg->tls_key) {
			snprintf(err, errlen, _("--tls-cert and --tls-key go together"));
			return false;
		}
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			snprintf(err, errlen, _("this libmicrohttpd was built without TLS support"));
			return false;
		}
		if (!(cert = slurp(cfg->tls_cert, err, errlen)))
			return false;
		if (!(key = slurp(cfg->tls_key, err, errlen))) {
			free(cert);
			return false;
		}
		flags |= MHD_USE_TLS;
	}
	struct MHD_OptionItem tls_opts[] = {
		{ MHD_OPTION_HTTPS_MEM_CERT, 0, cert },
		{ MHD_OPTION_HTTPS_MEM_KEY, 0, key },
		{ MHD_OPTION_END, 0, NULL },
	};
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, srv,
		MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, srv,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)90,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
		MHD_OPTION_ARRAY, cert ? tls_opts : tls_opts + 2,
		MHD_OPTION_END);
	if (key) {
		sodium_memzero(key, strlen(key));
		free(key);
	}
	free(cert);
	if (!d) {
		snprintf(err, errlen, _("cannot listen on %s:%d (address in use or not permitted)"),
			 cfg->listen_host, cfg->listen_port);
		return false;
	}
	srv->daemon = d;
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (di && di->port)
		cfg->listen_port = di->port;
	return true;
}

void http_quiesce(struct server *srv)
{
	if (srv->daemon)
		MHD_quiesce_daemon(srv->daemon);
}

void http_stop(struct server *srv)
{
	if (srv->daemon)
		MHD_stop_daemon(srv->daemon);
	srv->daemon = NULL;
}
