/* net: the client's libcurl multi transport. Owns the JSON requests (one
 * easy handle each), the event stream with its reconnect backoff and idle
 * watchdog, and the rule that callbacks only ever run from net_poll. */
#include "net/net.h"

#include <arpa/inet.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/util.h"
#include "net/sse.h"

#ifndef CURTAIN_VERSION
#define CURTAIN_VERSION "0"
#endif

#define NET_MAX_RESPONSE	(8u * 1024 * 1024)
#define NET_CONNECT_TIMEOUT_MS	10000L
#define NET_REQUEST_TIMEOUT_MS	30000L
#define NET_BYTES_TIMEOUT_MS	180000L /* uploads and downloads of attachments */
#define NET_LOW_SPEED_TIME_S	20L   /* requests: abort below 1 byte/s for this long */
#define NET_STREAM_IDLE_MS	60000 /* the server pings every 20 s */
#define NET_STREAM_STABLE_MS	60000 /* connected this long: backoff starts over */
#define NET_BACKOFF_MIN_MS	1000
#define NET_BACKOFF_MAX_MS	30000
#define NET_SERVER_DELAY_MAX_MS 60000 /* cap on the server's retry / Retry-After */
#define NET_IDEM_KEY_MAX	128

enum stream_state {
	STREAM_OFF,	     /* not started, or stopped */
	STREAM_CONNECTING,   /* request sent, no event-stream bytes yet */
	STREAM_CONNECTED,    /* a 200 event stream is flowing */
	STREAM_WAITING,	     /* lost; reconnect_at says when to try again */
	STREAM_UNAUTHORIZED, /* 401: waits for net_events_start */
};

struct net_req {
	unsigned id;
	CURL *easy;
	struct curl_slist *headers;
	char *body; /* the JSON text sent; may hold PHI, wiped on free */
	size_t body_len;
	struct buf resp;
	bool too_large;
	char *retry_after;
	const char *early_err; /* set when the request failed before it started */
	size_t max_resp;       /* answer size limit */
	bool raw;	       /* net_request_bytes: body and answer are bytes */
	const char *body_type; /* raw: the body's Content-Type (borrowed until set-up) */
	const char *const *extra_headers; /* raw: borrowed until set-up */
	char *content_type;    /* the answer's Content-Type */
	net_bytes_fn bytes_done;
	net_done_fn done;
	void *ctx;
	struct net_req *prev, *next;
};

/* Stream news waiting for delivery outside libcurl's callbacks. */
struct stream_item {
	bool is_state;
	bool connected;
	char *event; /* or the reason, for a state item */
	char *data;
	struct stream_item *next;
};

struct net {
	CURLM *multi;
	char *base;
	bool loopback;
	char *token;
	char *ca_file;
	unsigned next_id;
	struct net_req *reqs;
	size_t n_reqs;
	size_t n_early;
	int in_poll;
	bool free_pending;

	net_event_fn on_event;
	net_stream_fn on_state;
	void *ev_ctx;
	enum stream_state st;
	CURL *sh;
	struct curl_slist *sh_headers;
	struct sse_parser sse;
	bool sse_ready;
	bool sh_not_sse;
	char *sh_retry_after;
	int64_t last_rx;
	int64_t connected_at;
	int64_t reconnect_at;
	int64_t backoff_ms;
	char last_why[160]; /* last disconnect reason reported ("" after a connect) */
	struct stream_item *q_head, *q_tail;
};

static int net_users; /* live struct nets, for curl_global_init/cleanup */

/* ---- small helpers -------------------------------------------------------------------- */

static void str_wipe_free(char *s)
{
	if (!s)
		return;
	sodium_memzero(s, strlen(s));
	free(s);
}

static void slist_wipe_free(struct curl_slist *l)
{
	for (struct curl_slist *s = l; s; s = s->next)
		if (s->data)
			sodium_memzero(s->data, strlen(s->data));
	curl_slist_free_all(l);
}

/* Appends a header line; false when libcurl is out of memory. */
static bool slist_add(struct curl_slist **l, const char *line)
{
	struct curl_slist *nl = curl_slist_append(*l, line);
	if (!nl)
		return false;
	*l = nl;
	return true;
}

static bool slist_add_auth(struct curl_slist **l, const char *token)
{
	struct buf b;
	bool ok;
	if (!token)
		return true;
	buf_init(&b);
	buf_printf(&b, "Authorization: Bearer %s", token);
	ok = slist_add(l, b.data);
	buf_free(&b); /* wipes the copy */
	return ok;
}

/* If the header line (name: value CRLF) is `name`, returns its trimmed
 * value (caller frees); otherwise NULL. */
static char *header_value(const char *line, size_t len, const char *name)
{
	size_t nl = strlen(name);
	if (len <= nl || line[nl] != ':' || strncasecmp(line, name, nl) != 0)
		return NULL;
	const char *v = line + nl + 1, *end = line + len;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return xstrndup(v, (size_t)(end - v));
}

static bool is_status_line(const char *line, size_t len)
{
	return len >= 5 && memcmp(line, "HTTP/", 5) == 0;
}

static bool host_is_loopback(const char *host)
{
	char tmp[64];
	unsigned char a[16];
	size_t hl = strlen(host);

	if (str_ieq(host, "localhost") || str_ieq(host, "localhost."))
		return true;
	if (inet_pton(AF_INET, host, a) == 1)
		return a[0] == 127;
	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']' && hl - 2 < sizeof tmp) {
		memcpy(tmp, host + 1, hl - 2);
		tmp[hl - 2] = '\0';
		struct in6_addr a6;
		if (inet_pton(AF_INET6, tmp, &a6) != 1)
			return false;
		if (IN6_IS_ADDR_LOOPBACK(&a6))
			return true;
		return IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127;
	}
	return false;
}

/* Options every easy handle shares: TLS always verified, http(s) only, no
 * redirects, no signals, and no proxy for loopback (plain HTTP must not
 * leave the machine through one). */
static bool easy_common(struct net *n, CURL *e, const char *path)
{
	struct buf url;
	CURLcode rc = CURLE_OK;
	buf_init(&url);
	buf_printf(&url, "%s%s", n->base, path);
	rc |= curl_easy_setopt(e, CURLOPT_URL, url.data);
	buf_free(&url);
	rc |= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
	rc |= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	rc |= curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	rc |= curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	rc |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	rc |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (n->ca_file)
		rc |= curl_easy_setopt(e, CURLOPT_CAINFO, n->ca_file);
	rc |= curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, NET_CONNECT_TIMEOUT_MS);
	rc |= curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
	rc |= curl_easy_setopt(e, CURLOPT_USERAGENT, "curtain/" CURTAIN_VERSION);
	if (n->loopback)
		rc |= curl_easy_setopt(e, CURLOPT_PROXY, "");
	return rc == CURLE_OK;
}

/* ---- creation ------------------------------------------------------------------------- */

/* Checks base; on success stores the normalised URL (no trailing slash). */
static bool net_check_base(struct net *n, const char *base, char *err, size_t errlen)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *url = NULL, *part = NULL;
	bool ok = false;

	if (!u)
		die_oom();
	if (curl_url_set(u, CURLUPART_URL, base, 0) != CURLUE_OK) {
		snprintf(err, errlen, "%s", _("not a valid URL: expected https://host[:port]"));
		goto out;
	}
	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0)) {
		snprintf(err, errlen, "%s", _("only http:// and https:// URLs are supported"));
		goto out;
	}
	if (curl_url_get(u, CURLUPART_USER, &part, 0) != CURLUE_NO_USER ||
	    curl_url_get(u, CURLUPART_PASSWORD, &part, 0) != CURLUE_NO_PASSWORD) {
		snprintf(err, errlen, "%s",
			 _("the server URL must not contain a user name or password"));
		goto out;
	}
	if (curl_url_get(u, CURLUPART_QUERY, &part, 0) != CURLUE_NO_QUERY ||
	    curl_url_get(u, CURLUPART_FRAGMENT, &part, 0) != CURLUE_NO_FRAGMENT) {
		snprintf(err, errlen, "%s",
			 _("the server URL must not contain a query or fragment"));
		goto out;
	}
	if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !*host) {
		snprintf(err, errlen, "%s", _("the server URL has no host"));
		goto out;
	}
	n->loopback = host_is_loopback(host);
	if (strcmp(scheme, "http") == 0 && !n->loopback) {
		snprintf(err, errlen, "%s",
			 _("plain http:// is only allowed to this computer (127.0.0.1, ::1, "
			   "localhost); use https://"));
		goto out;
	}
	if (curl_url_get(u, CURLUPART_URL, &url, 0) != CURLUE_OK) {
		snprintf(err, errlen, "%s", _("not a valid URL"));
		goto out;
	}
	size_t len = strlen(url);
	while (len > 0 && url[len - 1] == '/')
		len--;
	n->base = xstrndup(url, len);
	ok = true;
out:
	curl_free(part);
	curl_free(url);
	curl_free(host);
	curl_free(scheme);
	curl_url_cleanup(u);
	return ok;
}

struct net *net_new(const char *base, char *err, size_t errlen)
{
	struct net *n = xcalloc(1, sizeof *n);
	const char *ca;

	if (errlen)
		err[0] = '\0';
	if (net_users++ == 0 && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, errlen, "%s", _("cannot initialise libcurl"));
		goto fail;
	}
	if (!base || !net_check_base(n, base, err, errlen))
		goto fail;
	n->multi = curl_multi_init();
	if (!n->multi)
		die_oom();
	/* Tests and private CAs: a CA bundle to trust instead of the system's. */
	ca = getenv("CURTAIN_CA_FILE");
	if (!ca || !*ca)
		ca = getenv("CURL_CA_BUNDLE");
	if (!ca || !*ca)
		ca = getenv("SSL_CERT_FILE");
	if (ca && *ca)
		n->ca_file = xstrdup(ca);
	n->backoff_ms = NET_BACKOFF_MIN_MS;
	return n;
fail:
	free(n->base);
	free(n);
	if (--net_users == 0)
		curl_global_cleanup();
	return NULL;
}

const char *net_base(const struct net *n)
{
	return n->base;
}

void net_set_token(struct net *n, const char *access_token)
{
	str_wipe_free(n->token);
	n->token = access_token ? xstrdup(access_token) : NULL;
}

/* ---- requests ------------------------------------------------------------------------- */

static size_t req_write(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct net_req *r = ud;
	size_t len = size * nmemb;
	if (r->resp.len + len > r->max_resp) {
		r->too_large = true;
		return 0; /* aborts the transfer */
	}
	buf_append(&r->resp, ptr, len);
	return len;
}

static size_t req_header(char *ptr, size_t size, size_t nitems, void *ud)
{
	struct net_req *r = ud;
	size_t len = size * nitems;
	char *v;
	if (is_status_line(ptr, len)) { /* a new response (e.g. after 100): forget the old */
		free(r->retry_after);
		r->retry_after = NULL;
		free(r->content_type);
		r->content_type = NULL;
	} else if ((v = header_value(ptr, len, "Retry-After"))) {
		free(r->retry_after);
		r->retry_after = v;
	} else if ((v = header_value(ptr, len, "Content-Type"))) {
		free(r->content_type);
		r->content_type = v;
	}
	return len;
}

static void req_free(struct net_req *r)
{
	if (r->easy)
		curl_easy_cleanup(r->easy);
	slist_wipe_free(r->headers);
	if (r->body) {
		sodium_memzero(r->body, r->body_len);
		free(r->body);
	}
	buf_free(&r->resp);
	free(r->retry_after);
	free(r->content_type);
	free(r);
}

static void req_unlink(struct net *n, struct net_req *r)
{
	if (r->prev)
		r->prev->next = r->next;
	else
		n->reqs = r->next;
	if (r->next)
		r->next->prev = r->prev;
	r->prev = r->next = NULL;
	n->n_reqs--;
	if (r->early_err)
		n->n_early--;
	if (r->easy && !r->early_err)
		curl_multi_remove_handle(n->multi, r->easy);
}

static struct net_req *req_find(struct net *n, unsigned id)
{
	for (struct net_req *r = n->reqs; r; r = r->next)
		if (r->id == id)
			return r;
	return NULL;
}

static bool method_ok(const char *m)
{
	if (!m || !*m || strlen(m) > 16)
		return false;
	for (const char *p = m; *p; p++)
		if (*p < 'A' || *p > 'Z')
			return false;
	return true;
}

static bool idem_key_ok(const char *k)
{
	size_t len = strlen(k);
	if (len < 8 || len > NET_IDEM_KEY_MAX)
		return false;
	for (const char *p = k; *p; p++)
		if (*p < 0x21 || *p > 0x7e)
			return false;
	return true;
}

/* Prepares the easy handle; returns NULL or the reason it failed. */
static const char *req_setup(struct net *n, struct net_req *r, const char *method, const char *path,
			     const char *idem_key)
{
	CURLcode rc = CURLE_OK;
	struct buf h;

	/* The first three are mistakes in the program, not for staff: English. */
	if (!method_ok(method))
		return "invalid HTTP method";
	if (!path || path[0] != '/' || strpbrk(path, " \r\n"))
		return "invalid request path";
	if (idem_key && !idem_key_ok(idem_key))
		return "invalid Idempotency-Key";
	r->easy = curl_easy_init();
	if (!r->easy)
		return _("out of memory");
	if (!easy_common(n, r->easy, path))
		return _("cannot set up the request");

	if (!slist_add(&r->headers, r->raw ? "Accept: */*" : "Accept: application/json") ||
	    !slist_add(&r->headers, "Expect:") || !slist_add_auth(&r->headers, n->token))
		return _("out of memory");
	/* Without a body, "Content-Type:" stops libcurl adding its form type. */
	if (r->raw && r->body && r->body_type) {
		if (strpbrk(r->body_type, "\r\n"))
			return "invalid Content-Type";
		buf_init(&h);
		buf_printf(&h, "Content-Type: %s", r->body_type);
		bool ok = slist_add(&r->headers, h.data);
		buf_free(&h);
		if (!ok)
			return _("out of memory");
	} else if (!slist_add(&r->headers,
			      r->body ? "Content-Type: application/json" : "Content-Type:")) {
		return _("out of memory");
	}
	for (size_t i = 0; r->extra_headers && r->extra_headers[i]; i++) {
		if (strpbrk(r->extra_headers[i], "\r\n") || !strchr(r->extra_headers[i], ':'))
			return "invalid header line";
		if (!slist_add(&r->headers, r->extra_headers[i]))
			return _("out of memory");
	}
	if (idem_key) {
		buf_init(&h);
		buf_printf(&h, "Idempotency-Key: %s", idem_key);
		bool ok = slist_add(&r->headers, h.data);
		buf_free(&h);
		if (!ok)
			return _("out of memory");
	}
	rc |= curl_easy_setopt(r->easy, CURLOPT_HTTPHEADER, r->headers);

	if (strcmp(method, "GET") == 0 && !r->body) {
		rc |= curl_easy_setopt(r->easy, CURLOPT_HTTPGET, 1L);
	} else {
		rc |= curl_easy_setopt(r->easy, CURLOPT_POSTFIELDSIZE, (long)r->body_len);
		rc |= curl_easy_setopt(r->easy, CURLOPT_POSTFIELDS, r->body ? r->body : "");
		if (strcmp(method, "POST") != 0)
			rc |= curl_easy_setopt(r->easy, CURLOPT_CUSTOMREQUEST, method);
	}
	rc |= curl_easy_setopt(r->easy, CURLOPT_WRITEFUNCTION, req_write);
	rc |= curl_easy_setopt(r->easy, CURLOPT_WRITEDATA, r);
	rc |= curl_easy_setopt(r->easy, CURLOPT_HEADERFUNCTION, req_header);
	rc |= curl_easy_setopt(r->easy, CURLOPT_HEADERDATA, r);
	rc |= curl_easy_setopt(r->easy, CURLOPT_TIMEOUT_MS,
			       r->raw ? NET_BYTES_TIMEOUT_MS : NET_REQUEST_TIMEOUT_MS);
	rc |= curl_easy_setopt(r->easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
	rc |= curl_easy_setopt(r->easy, CURLOPT_LOW_SPEED_TIME, NET_LOW_SPEED_TIME_S);
	rc |= curl_easy_setopt(r->easy, CURLOPT_PRIVATE, (void *)r);
	if (rc != CURLE_OK)
		return _("cannot set up the request");
	if (curl_multi_add_handle(n->multi, r->easy) != CURLM_OK)
		return _("cannot start the request");
	return NULL;
}

/* Links a new request in; one that cannot start (why) still completes,
 * from net_poll, like any other. */
static unsigned req_enqueue(struct net *n, struct net_req *r, const char *why)
{
	r->early_err = why;
	r->next = n->reqs;
	if (n->reqs)
		n->reqs->prev = r;
	n->reqs = r;
	n->n_reqs++;
	if (why)
		n->n_early++;
	return r->id;
}

unsigned net_request(struct net *n, const char *method, const char *path, json_t *body,
		     const char *idem_key, net_done_fn done, void *ctx)
{
	struct net_req *r = xcalloc(1, sizeof *r);
	const char *why = NULL;

	buf_init(&r->resp);
	if (++n->next_id == 0)
		n->next_id = 1;
	r->id = n->next_id;
	r->done = done;
	r->ctx = ctx;
	r->max_resp = NET_MAX_RESPONSE;
	if (body) {
		r->body = json_dumps(body, JSON_COMPACT);
		json_decref(body);
		if (!r->body)
			why = _("cannot encode the request body");
		else
			r->body_len = strlen(r->body);
	}
	if (!why)
		why = req_setup(n, r, method, path, idem_key);
	return req_enqueue(n, r, why);
}

unsigned net_request_bytes(struct net *n, const char *method, const char *path, const void *body,
			   size_t len, const char *content_type, const char *const *headers,
			   size_t max_resp, net_bytes_fn done, void *ctx)
{
	struct net_req *r = xcalloc(1, sizeof *r);
	buf_init(&r->resp);
	if (++n->next_id == 0)
		n->next_id = 1;
	r->id = n->next_id;
	r->raw = true;
	r->bytes_done = done;
	r->ctx = ctx;
	r->max_resp = max_resp ? max_resp : NET_MAX_RESPONSE;
	if (body && len) {
		r->body = xmalloc(len);
		memcpy(r->body, body, len);
		r->body_len = len;
	}
	r->body_type = content_type;
	r->extra_headers = headers;
	const char *why = req_setup(n, r, method, path, NULL);
	/* Borrowed only for the set-up. */
	r->body_type = NULL;
	r->extra_headers = NULL;
	return req_enqueue(n, r, why);
}

void net_cancel(struct net *n, unsigned id)
{
	struct net_req *r = req_find(n, id);
	if (!r)
		return;
	req_unlink(n, r);
	req_free(r);
}

size_t net_inflight(const struct net *n)
{
	return n->n_reqs;
}

/* Runs the request's callback and frees it; r is already unlinked. */
static void req_complete(struct net_req *r, CURLcode rc)
{
	int status = 0;
	json_t *body = NULL;
	const char *err = NULL;

	if (r->early_err) {
		err = r->early_err;
	} else if (rc != CURLE_OK) {
		err = r->too_large ? _("response too large") : curl_easy_strerror(rc);
	} else {
		long code = 0;
		curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &code);
		status = (int)code;
		bool is_json = !r->raw || (r->content_type && (strstr(r->content_type, "json")));
		if (r->resp.len && is_json)
			body = json_loadb(r->resp.data, r->resp.len, 0, NULL);
	}
	if (r->raw) {
		if (r->bytes_done)
			r->bytes_done(r->ctx, status, status ? (const unsigned char *)r->resp.data : NULL,
				      status ? r->resp.len : 0, status ? r->content_type : NULL, body,
				      status ? r->retry_after : NULL, err);
	} else if (r->done)
		r->done(r->ctx, status, body, status ? r->retry_after : NULL, err);
	json_decref(body);
	req_free(r);
}

/* ---- the event stream ----------------------------------------------------------------- */

static void queue_push(struct net *n, struct stream_item *it)
{
	if (n->q_tail)
		n->q_tail->next = it;
	else
		n->q_head = it;
	n->q_tail = it;
}

static void item_free(struct stream_item *it)
{
	free(it->event);
	free(it->data);
	free(it);
}

static void queue_clear(struct net *n)
{
	while (n->q_head) {
		struct stream_item *it = n->q_head;
		n->q_head = it->next;
		item_free(it);
	}
	n->q_tail = NULL;
}

static void queue_state(struct net *n, bool connected, const char *why)
{
	struct stream_item *it = xcalloc(1, sizeof *it);
	it->is_state = true;
	it->connected = connected;
	it->event = why ? xstrdup(why) : NULL;
	queue_push(n, it);
}

static void stream_on_sse(void *ctx, const char *event, const char *data, const char *id)
{
	struct net *n = ctx;
	struct stream_item *it = xcalloc(1, sizeof *it);
	(void)id;
	it->event = xstrdup(event);
	it->data = xstrdup(data);
	queue_push(n, it);
}

static size_t stream_write(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct net *n = ud;
	size_t len = size * nmemb;
	long code = 0;

	n->last_rx = mono_ms();
	curl_easy_getinfo(n->sh, CURLINFO_RESPONSE_CODE, &code);
	if (code != 200)
		return len; /* an error body: the status says enough */
	if (n->st != STREAM_CONNECTED) {
		char *ct = NULL;
		curl_easy_getinfo(n->sh, CURLINFO_CONTENT_TYPE, &ct);
		if (!ct || strncasecmp(ct, "text/event-stream", 17) != 0) {
			n->sh_not_sse = true;
			return 0;
		}
		n->st = STREAM_CONNECTED;
		n->connected_at = n->last_rx;
		n->last_why[0] = '\0';
		queue_state(n, true, NULL);
	}
	sse_parser_feed(&n->sse, ptr, len);
	return len;
}

static size_t stream_header(char *ptr, size_t size, size_t nitems, void *ud)
{
	struct net *n = ud;
	size_t len = size * nitems;
	char *v;
	n->last_rx = mono_ms();
	if (is_status_line(ptr, len)) {
		free(n->sh_retry_after);
		n->sh_retry_after = NULL;
	} else if ((v = header_value(ptr, len, "Retry-After"))) {
		free(n->sh_retry_after);
		n->sh_retry_after = v;
	}
	return len;
}

/* Drops the stream's transfer (no callbacks); the state is the caller's. */
static void stream_detach(struct net *n)
{
	if (n->sh) {
		curl_multi_remove_handle(n->multi, n->sh);
		curl_easy_cleanup(n->sh);
		n->sh = NULL;
	}
	slist_wipe_free(n->sh_headers);
	n->sh_headers = NULL;
	free(n->sh_retry_after);
	n->sh_retry_after = NULL;
	n->sh_not_sse = false;
	if (n->sse_ready)
		sse_parser_reset(&n->sse);
}

static void stream_schedule(struct net *n, bool was_connected, int64_t server_min_ms)
{
	int64_t now = mono_ms(), delay;
	if (was_connected && now - n->connected_at >= NET_STREAM_STABLE_MS)
		n->backoff_ms = NET_BACKOFF_MIN_MS;
	delay = n->backoff_ms;
	if (n->sse_ready && n->sse.retry_ms > delay)
		delay = n->sse.retry_ms;
	if (server_min_ms > delay)
		delay = server_min_ms;
	if (delay > NET_SERVER_DELAY_MAX_MS)
		delay = NET_SERVER_DELAY_MAX_MS;
	n->backoff_ms = n->backoff_ms * 2 > NET_BACKOFF_MAX_MS ? NET_BACKOFF_MAX_MS :
								 n->backoff_ms * 2;
	n->reconnect_at = now + delay;
	n->st = STREAM_WAITING;
}

/* The stream ended or failed: report it and plan the next attempt. */
static void stream_lost(struct net *n, const char *why, int64_t server_min_ms)
{
	bool was = n->st == STREAM_CONNECTED;
	stream_detach(n);
	stream_schedule(n, was, server_min_ms);
	/* Repeated failures with the same reason are reported once. */
	if (was || strcmp(why, n->last_why) != 0) {
		snprintf(n->last_why, sizeof n->last_why, "%s", why);
		queue_state(n, false, why);
	}
}

static void stream_finished(struct net *n, CURLcode rc)
{
	long code = 0;
	char why[160];
	int64_t server_min = 0;

	curl_easy_getinfo(n->sh, CURLINFO_RESPONSE_CODE, &code);
	if (code == 401) {
		stream_detach(n);
		n->st = STREAM_UNAUTHORIZED;
		snprintf(n->last_why, sizeof n->last_why, "unauthorized");
		queue_state(n, false, "unauthorized");
		return;
	}
	if (n->sh_not_sse)
		snprintf(why, sizeof why, "the server did not answer with an event stream");
	else if (rc != CURLE_OK)
		snprintf(why, sizeof why, "%s", curl_easy_strerror(rc));
	else if (code != 200)
		snprintf(why, sizeof why, "HTTP %ld", code);
	else
		snprintf(why, sizeof why, "the server closed the event stream");
	if ((code == 429 || code == 503) && n->sh_retry_after) {
		char *end;
		long s = strtol(n->sh_retry_after, &end, 10);
		if (end != n->sh_retry_after && *end == '\0' && s > 0)
			server_min = s > NET_SERVER_DELAY_MAX_MS / 1000 ? NET_SERVER_DELAY_MAX_MS :
									  (int64_t)s * 1000;
	}
	stream_lost(n, why, server_min);
}

static void stream_connect(struct net *n)
{
	CURLcode rc = CURLE_OK;
	struct buf h;

	n->st = STREAM_CONNECTING;
	n->last_rx = mono_ms();
	n->sh = curl_easy_init();
	if (!n->sh)
		goto fail;
	if (!easy_common(n, n->sh, "/v1/events"))
		goto fail;
	if (!slist_add(&n->sh_headers, "Accept: text/event-stream") ||
	    !slist_add(&n->sh_headers, "Cache-Control: no-cache") ||
	    !slist_add_auth(&n->sh_headers, n->token))
		goto fail;
	if (n->sse.last_id.len) {
		buf_init(&h);
		buf_printf(&h, "Last-Event-ID: %s", n->sse.last_id.data);
		bool ok = slist_add(&n->sh_headers, h.data);
		buf_free(&h);
		if (!ok)
			goto fail;
	}
	rc |= curl_easy_setopt(n->sh, CURLOPT_HTTPHEADER, n->sh_headers);
	rc |= curl_easy_setopt(n->sh, CURLOPT_HTTPGET, 1L);
	rc |= curl_easy_setopt(n->sh, CURLOPT_WRITEFUNCTION, stream_write);
	rc |= curl_easy_setopt(n->sh, CURLOPT_WRITEDATA, n);
	rc |= curl_easy_setopt(n->sh, CURLOPT_HEADERFUNCTION, stream_header);
	rc |= curl_easy_setopt(n->sh, CURLOPT_HEADERDATA, n);
	rc |= curl_easy_setopt(n->sh, CURLOPT_TIMEOUT_MS, 0L);
	/* Our own idle watchdog (net_timers) is the real check; this is a backstop. */
	rc |= curl_easy_setopt(n->sh, CURLOPT_LOW_SPEED_LIMIT, 1L);
	rc |= curl_easy_setopt(n->sh, CURLOPT_LOW_SPEED_TIME, 2L * NET_STREAM_IDLE_MS / 1000);
	if (rc != CURLE_OK)
		goto fail;
	if (curl_multi_add_handle(n->multi, n->sh) != CURLM_OK)
		goto fail;
	return;
fail:
	stream_lost(n, "cannot set up the event stream", 0);
}

void net_events_start(struct net *n, net_event_fn on_event, net_stream_fn on_state, void *ctx)
{
	net_events_stop(n);
	n->on_event = on_event;
	n->on_state = on_state;
	n->ev_ctx = ctx;
	n->backoff_ms = NET_BACKOFF_MIN_MS;
	n->last_why[0] = '\0';
	sse_parser_init(&n->sse, stream_on_sse, n);
	n->sse_ready = true;
	stream_connect(n);
}

void net_events_stop(struct net *n)
{
	stream_detach(n);
	queue_clear(n);
	if (n->sse_ready) {
		sse_parser_free(&n->sse);
		n->sse_ready = false;
	}
	n->st = STREAM_OFF;
	n->on_event = NULL;
	n->on_state = NULL;
	n->ev_ctx = NULL;
}

bool net_events_connected(const struct net *n)
{
	return n->st == STREAM_CONNECTED;
}

/* Reconnects that are due, and the idle watchdog. */
static void net_timers(struct net *n)
{
	int64_t now = mono_ms();
	if ((n->st == STREAM_CONNECTING || n->st == STREAM_CONNECTED) &&
	    now - n->last_rx >= NET_STREAM_IDLE_MS)
		stream_lost(n, "no data from the server for 60 seconds", 0);
	if (n->st == STREAM_WAITING && now >= n->reconnect_at)
		stream_connect(n);
}

static void stream_deliver(struct net *n)
{
	struct stream_item *it;
	while (!n->free_pending && (it = n->q_head)) {
		n->q_head = it->next;
		if (!n->q_head)
			n->q_tail = NULL;
		if (it->is_state) {
			if (n->on_state)
				n->on_state(n->ev_ctx, it->connected, it->event);
		} else if (n->on_event) {
			n->on_event(n->ev_ctx, it->event, it->data);
		}
		item_free(it);
	}
}

/* ---- the loop ----------------------------------------------------------------------------- */

int64_t net_next_timer(const struct net *n)
{
	int64_t t;
	if (n->n_early || n->q_head)
		return 0;
	if (n->st == STREAM_WAITING)
		t = n->reconnect_at - mono_ms();
	else if (n->st == STREAM_CONNECTING || n->st == STREAM_CONNECTED)
		t = n->last_rx + NET_STREAM_IDLE_MS - mono_ms();
	else
		return -1;
	return t < 0 ? 0 : t;
}

struct finished {
	unsigned id;
	CURLcode rc;
};

/* Collects finished transfers, then runs their callbacks. Ids, not
 * pointers, survive the callbacks: one may cancel another request. */
static void net_finish(struct net *n)
{
	struct finished *done = NULL;
	size_t n_done = 0, cap = 0;
	CURLMsg *msg;
	int left;

	while ((msg = curl_multi_info_read(n->multi, &left))) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		if (msg->easy_handle == n->sh) {
			stream_finished(n, msg->data.result);
			continue;
		}
		char *priv = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
		struct net_req *r = (struct net_req *)(void *)priv;
		if (!r)
			continue;
		if (n_done == cap) {
			cap = cap ? cap * 2 : 8;
			done = xrealloc(done, cap * sizeof *done);
		}
		done[n_done].id = r->id;
		done[n_done].rc = msg->data.result;
		n_done++;
	}
	for (struct net_req *r = n->reqs; r && n->n_early; r = r->next) {
		if (!r->early_err)
			continue;
		if (n_done == cap) {
			cap = cap ? cap * 2 : 8;
			done = xrealloc(done, cap * sizeof *done);
		}
		done[n_done].id = r->id;
		done[n_done].rc = CURLE_OK;
		n_done++;
	}
	for (size_t i = 0; i < n_done && !n->free_pending; i++) {
		struct net_req *r = req_find(n, done[i].id);
		if (!r)
			continue;
		req_unlink(n, r);
		req_complete(r, done[i].rc);
	}
	free(done);
}

static void net_destroy(struct net *n)
{
	net_cancel_all(n);
	curl_multi_cleanup(n->multi);
	str_wipe_free(n->token);
	free(n->ca_file);
	free(n->base);
	free(n);
	if (--net_users == 0)
		curl_global_cleanup();
}

int net_poll(struct net *n, struct curl_waitfd *extra, unsigned n_extra, int timeout_ms)
{
	CURLMcode mc;
	int numfds = 0, running = 0;
	int64_t t;

	if (n->in_poll)
		return -1; /* not from inside a callback */
	n->in_poll = 1;
	net_timers(n);
	t = net_next_timer(n);
	if (t >= 0 && (timeout_ms < 0 || t < timeout_ms))
		timeout_ms = t > INT_MAX ? INT_MAX : (int)t;
	if (timeout_ms < 0)
		timeout_ms = INT_MAX;
	for (unsigned i = 0; i < n_extra; i++)
		extra[i].revents = 0;
	mc = curl_multi_poll(n->multi, extra, n_extra, timeout_ms, &numfds);
	curl_multi_perform(n->multi, &running);
	net_finish(n);
	if (!n->free_pending)
		net_timers(n);
	stream_deliver(n);
	n->in_poll = 0;
	if (n->free_pending) {
		net_destroy(n);
		return 0;
	}
	return mc == CURLM_OK ? 0 : -1;
}

void net_cancel_all(struct net *n)
{
	while (n->reqs) {
		struct net_req *r = n->reqs;
		req_unlink(n, r);
		req_free(r);
	}
	net_events_stop(n);
}

void net_free(struct net **np)
{
	struct net *n = *np;
	if (!n)
		return;
	*np = NULL;
	if (n->in_poll) {
		/* Called from a callback: finish tearing down when net_poll returns. */
		net_cancel_all(n);
		n->free_pending = true;
		return;
	}
	net_destroy(n);
}
