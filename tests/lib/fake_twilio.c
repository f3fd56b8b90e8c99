/* fake_twilio: a stand-in for Twilio's Messages API on loopback, for
 * tests/integration/test_twilio.sh. libmicrohttpd, jansson, libcurl and
 * gnutls (HMAC-SHA1); test_twilio.sh compiles it with pkg-config.
 *
 *   fake_twilio --port-file FILE --log FILE --account AC... --token TOKEN
 *
 * Twilio's API (HTTP Basic auth ACCOUNT:TOKEN, else 401 code 20003):
 *   POST /2010-04-01/Accounts/{AC}/Messages.json   To, From or
 *        MessagingServiceSid, Body, StatusCallback -> 201 Message (queued)
 *   GET  /2010-04-01/Accounts/{AC}/Messages.json?To=&From=&PageSize=&Page=
 *        newest first, next_page_uri while there are more
 * Control (no auth), each answering JSON:
 *   POST /_fake/fail?n=N&status=S     the next N creates answer S (500, 429,
 *                                     ...) without creating anything
 *   POST /_fake/reject?to=E164&code=C creates to that number answer 400 C
 *   POST /_fake/hang?seconds=S        the next create is recorded, then its
 *                                     answer waits S seconds
 *   POST /_fake/config?deliver_to=URL status callbacks go to URL's scheme,
 *                                     host and port (signed for the URL
 *                                     curtaind gave: like a proxy in front)
 *   POST /_fake/status?sid=SM&status=S[&error=C]
 *                                     sends a signed status callback for a
 *                                     message; answers {"httpStatus": N}
 *   POST /_fake/add?to=&from=&body=&minutes_ago=M
 *                                     a message curtaind did not send
 *   GET  /_fake/messages              every message, oldest first
 * MMS media (PROTOCOL.md section 12):
 *   POST /_fake/media?me=ME&type=T    the body becomes media ME, served as
 *                                     Content-Type T; answers {"url": path}
 *   POST /_fake/media_fail?me=ME&n=N&status=S
 *                                     its next N GETs answer S (503, 404 ...)
 *   GET  /2010-04-01/Accounts/{AC}/Messages/{MM}/Media/{ME}   Basic auth
 *        required; answers 302 to http://localhost:PORT/_storage/ME (another
 *        host name, as Twilio's storage is: credentials must not follow)
 *   GET  /_storage/ME                 the bytes
 *   DELETE /2010-04-01/Accounts/{AC}/Messages/{MM}/Media/{ME}   Basic auth;
 *        204, then GETs answer 404
 * A create with MediaUrl fields fetches each (through deliver_to, like the
 * callbacks) before answering, and its Message has num_media.
 * Every API request is logged to FILE as one JSON object per line:
 *   {"op": "create"|"list", "auth": bool, "answer": N, "to", "from",
 *    "msid", "body", "statusCallback", "sid", "media": [URL...]},
 *   {"op": "mediaGet"|"mediaDelete", "me", "auth", "answer"},
 *   {"op": "storageGet", "me", "auth"} (auth: an Authorization header came),
 *   {"op": "mediaFetch", "url", "status", "size", "sha256", "contentType"}. */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static const char *account, *token, *log_path;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static json_t *messages;     /* array, oldest first */
static int fail_n, fail_status, hang_s, sid_counter;
static json_t *rejects;	     /* {"+1555...": code} */
static char deliver_to[256]; /* scheme://host:port, or "" */
static unsigned my_port;

struct media {
	char me[64];
	char type[128];
	unsigned char *data;
	size_t len;
	int fail_n, fail_status;
	bool deleted;
};
static struct media medias[128];
static size_t n_medias;

/* ---- small helpers ---------------------------------------------------------------------- */

static int hexv(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static char *decode(const char *s, size_t n)
{
	char *o = malloc(n + 1), *p = o;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+')
			*p++ = ' ';
		else if (s[i] == '%' && i + 2 < n && hexv(s[i + 1]) >= 0 && hexv(s[i + 2]) >= 0) {
			*p++ = (char)(hexv(s[i + 1]) * 16 + hexv(s[i + 2]));
			i += 2;
		} else
			*p++ = s[i];
	}
	*p = '\0';
	return o;
}

/* A form body as a JSON object of strings (first value wins). */
static json_t *form_parse(const char *body, size_t len)
{
	json_t *o = json_object();
	size_t i = 0;
	while (i < len) {
		size_t e = i;
		while (e < len && body[e] != '&')
			e++;
		const char *eq = memchr(body + i, '=', e - i);
		if (eq) {
			char *k = decode(body + i, (size_t)(eq - body - i));
			char *v = decode(eq + 1, (size_t)(body + e - eq - 1));
			if (!json_object_get(o, k))
				json_object_set_new(o, k, json_string(v));
			free(k);
			free(v);
		}
		i = e + 1;
	}
	return o;
}

static void escape(char **out, size_t *len, const char *s)
{
	static const char hx[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char e[4];
		int n;
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~", *p))
			n = snprintf(e, sizeof e, "%c", *p);
		else
			n = snprintf(e, sizeof e, "%%%c%c", hx[*p >> 4], hx[*p & 15]);
		*out = realloc(*out, *len + (size_t)n + 1);
		memcpy(*out + *len, e, (size_t)n + 1);
		*len += (size_t)n;
	}
}

static void append(char **out, size_t *len, const char *s)
{
	size_t n = strlen(s);
	*out = realloc(*out, *len + n + 1);
	memcpy(*out + *len, s, n + 1);
	*len += n;
}

static void base64(const unsigned char *in, size_t n, char *out)
{
	static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t o = 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0) |
			     (i + 2 < n ? in[i + 2] : 0);
		out[o++] = t[v >> 18 & 63];
		out[o++] = t[v >> 12 & 63];
		out[o++] = i + 1 < n ? t[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? t[v & 63] : '=';
	}
	out[o] = '\0';
}

static void rfc2822(time_t t, char out[64])
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mons[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(out, 64, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
		 mons[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void log_line(json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT);
	FILE *f = fopen(log_path, "a");
	if (f && s) {
		fprintf(f, "%s\n", s);
		fclose(f);
	} else if (f)
		fclose(f);
	free(s);
}

/* ---- requests --------------------------------------------------------------------------- */

struct req {
	char *body;
	size_t len;
};

static enum MHD_Result answer(struct MHD_Connection *c, unsigned status, json_t *j,
			      const char *retry_after)
{
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(s), s, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(r, "Content-Type", "application/json");
	if (retry_after)
		MHD_add_response_header(r, "Retry-After", retry_after);
	enum MHD_Result rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

static json_t *error_doc(int code, const char *message, int status)
{
	return json_pack("{s:i, s:s, s:s, s:i}", "code", code, "message", message, "more_info",
			 "https://www.twilio.com/docs/errors", "status", status);
}

static bool auth_ok(struct MHD_Connection *c)
{
	char *pass = NULL;
	char *user = MHD_basic_auth_get_username_password(c, &pass);
	bool ok = user && pass && strcmp(user, account) == 0 && strcmp(pass, token) == 0;
	MHD_free(user);
	MHD_free(pass);
	return ok;
}

static const char *arg(struct MHD_Connection *c, const char *k)
{
	return MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, k);
}

/* Every value of a repeated form field (MediaUrl), in order. */
static json_t *form_all(const char *body, size_t len, const char *name)
{
	json_t *a = json_array();
	size_t i = 0;
	while (i < len) {
		size_t e = i;
		while (e < len && body[e] != '&')
			e++;
		const char *eq = memchr(body + i, '=', e - i);
		if (eq) {
			char *k = decode(body + i, (size_t)(eq - body - i));
			if (strcmp(k, name) == 0) {
				char *v = decode(eq + 1, (size_t)(body + e - eq - 1));
				json_array_append_new(a, json_string(v));
				free(v);
			}
			free(k);
		}
		i = e + 1;
	}
	return a;
}

struct grow {
	unsigned char *p;
	size_t n;
};

static size_t grow_cb(char *d, size_t size, size_t n, void *ud)
{
	struct grow *g = ud;
	g->p = realloc(g->p, g->n + size * n + 1);
	memcpy(g->p + g->n, d, size * n);
	g->n += size * n;
	return size * n;
}

/* Fetches an outbound MediaUrl as Twilio would (anonymously), through
 * deliver_to, and logs what came back. */
static void fetch_media_url(const char *u)
{
	char url[2048];
	const char *path = strstr(u, "://");
	path = path ? strchr(path + 3, '/') : NULL;
	pthread_mutex_lock(&mu);
	if (deliver_to[0] && path)
		snprintf(url, sizeof url, "%s%s", deliver_to, path);
	else
		snprintf(url, sizeof url, "%s", u);
	pthread_mutex_unlock(&mu);
	struct grow g = { NULL, 0 };
	CURL *c = curl_easy_init();
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, grow_cb);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &g);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
	long status = 0;
	char *ct = NULL;
	if (curl_easy_perform(c) == CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
	}
	unsigned char h[32];
	char hex[65];
	gnutls_hash_fast(GNUTLS_DIG_SHA256, g.p ? (const void *)g.p : "", g.n, h);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", h[i]);
	json_t *e = json_pack("{s:s, s:s, s:i, s:I, s:s, s:s?}", "op", "mediaFetch", "url", u, "status",
			      (int)status, "size", (json_int_t)g.n, "sha256", hex, "contentType", ct);
	log_line(e);
	json_decref(e);
	curl_easy_cleanup(c);
	free(g.p);
}

static enum MHD_Result create(struct MHD_Connection *c, struct req *rq, bool authed)
{
	json_t *f = form_parse(rq->body ? rq->body : "", rq->len);
	json_t *media_urls = form_all(rq->body ? rq->body : "", rq->len, "MediaUrl");
	const char *to = json_string_value(json_object_get(f, "To"));
	const char *from = json_string_value(json_object_get(f, "From"));
	const char *msid = json_string_value(json_object_get(f, "MessagingServiceSid"));
	const char *body = json_string_value(json_object_get(f, "Body"));
	const char *cb = json_string_value(json_object_get(f, "StatusCallback"));
	json_t *entry = json_pack("{s:s, s:b, s:s?, s:s?, s:s?, s:s?, s:s?}", "op", "create", "auth",
				  authed, "to", to, "from", from, "msid", msid, "body", body,
				  "statusCallback", cb);
	json_object_set_new(entry, "media", media_urls);
	if (!authed) {
		json_object_set_new(entry, "answer", json_integer(401));
		log_line(entry);
		json_decref(entry);
		json_decref(f);
		return answer(c, 401, error_doc(20003, "Authenticate", 401), NULL);
	}
	pthread_mutex_lock(&mu);
	if (fail_n > 0) {
		fail_n--;
		int st = fail_status;
		pthread_mutex_unlock(&mu);
		json_object_set_new(entry, "answer", json_integer(st));
		log_line(entry);
		json_decref(entry);
		json_decref(f);
		return answer(c, (unsigned)st,
			      error_doc(st == 429 ? 20429 : 20500, st == 429 ? "Too Many Requests" : "Internal Server Error", st),
			      st == 429 ? "1" : NULL);
	}
	json_t *rej = to ? json_object_get(rejects, to) : NULL;
	if (rej || !to || (!from && !msid) || (!body && !json_array_size(media_urls))) {
		int code = rej ? (int)json_integer_value(rej) : 21604;
		pthread_mutex_unlock(&mu);
		json_object_set_new(entry, "answer", json_integer(400));
		log_line(entry);
		json_decref(entry);
		json_decref(f);
		return answer(c, 400,
			      error_doc(code, code == 21610 ? "Attempt to send to unsubscribed recipient" : "Invalid request", 400),
			      NULL);
	}
	char sid[40], when[64];
	snprintf(sid, sizeof sid, "SM%032x", ++sid_counter);
	rfc2822(time(NULL), when);
	json_t *m = json_pack("{s:s, s:s, s:s, s:s?, s:s, s:s, s:s, s:s, s:n, s:n, s:s?, s:s, s:s}",
			      "sid", sid, "account_sid", account, "to", to, "from",
			      from ? from : "+15005550006", "body", body ? body : "", "status",
			      "queued", "direction", "outbound-api", "date_created", when,
			      "date_sent", "error_code", "messaging_service_sid", msid, "api_version",
			      "2010-04-01", "status_callback_internal", cb ? cb : "");
	char nm[16];
	snprintf(nm, sizeof nm, "%zu", json_array_size(media_urls));
	json_object_set_new(m, "num_media", json_string(nm));
	json_array_append(messages, m);
	int hang = hang_s;
	hang_s = 0;
	pthread_mutex_unlock(&mu);
	json_object_set_new(entry, "answer", json_integer(201));
	json_object_set_new(entry, "sid", json_string(sid));
	log_line(entry);
	/* Twilio fetches the media while it takes the message. */
	size_t mi;
	json_t *mu_v;
	json_array_foreach(media_urls, mi, mu_v)
		fetch_media_url(json_string_value(mu_v));
	json_decref(entry);
	json_decref(f);
	if (hang)
		sleep((unsigned)hang); /* the carrier has it; the answer is late */
	json_t *out = json_deep_copy(m);
	json_object_del(out, "status_callback_internal");
	json_decref(m);
	return answer(c, 201, out, NULL);
}

static enum MHD_Result list(struct MHD_Connection *c, bool authed)
{
	const char *to = arg(c, "To"), *from = arg(c, "From");
	const char *ps = arg(c, "PageSize"), *pg = arg(c, "Page");
	int size = ps ? atoi(ps) : 50, page = pg ? atoi(pg) : 0;
	if (size < 1)
		size = 50;
	json_t *entry = json_pack("{s:s, s:b, s:s?, s:s?, s:i, s:i, s:b}", "op", "list", "auth",
				  authed, "to", to, "from", from, "page", page, "pageSize", size,
				  "dateSentFilter", arg(c, "DateSent>") || arg(c, "DateSent") ||
							    arg(c, "DateSent<"));
	if (!authed) {
		json_object_set_new(entry, "answer", json_integer(401));
		log_line(entry);
		json_decref(entry);
		return answer(c, 401, error_doc(20003, "Authenticate", 401), NULL);
	}
	json_t *sel = json_array();
	pthread_mutex_lock(&mu);
	for (size_t i = json_array_size(messages); i-- > 0;) { /* newest first */
		json_t *m = json_array_get(messages, i);
		if (to && strcmp(json_string_value(json_object_get(m, "to")), to) != 0)
			continue;
		if (from && strcmp(json_string_value(json_object_get(m, "from")), from) != 0)
			continue;
		json_t *cp = json_deep_copy(m);
		json_object_del(cp, "status_callback_internal");
		json_array_append_new(sel, cp);
	}
	pthread_mutex_unlock(&mu);
	json_t *items = json_array();
	size_t start = (size_t)page * (size_t)size;
	for (size_t i = start; i < json_array_size(sel) && i < start + (size_t)size; i++)
		json_array_append(items, json_array_get(sel, i));
	json_t *next = json_null();
	if (start + (size_t)size < json_array_size(sel)) {
		char *u = NULL;
		size_t n = 0;
		char head[160];
		snprintf(head, sizeof head, "/2010-04-01/Accounts/%s/Messages.json?PageSize=%d&Page=%d", account,
			 size, page + 1);
		append(&u, &n, head);
		if (to) {
			append(&u, &n, "&To=");
			escape(&u, &n, to);
		}
		if (from) {
			append(&u, &n, "&From=");
			escape(&u, &n, from);
		}
		append(&u, &n, "&PageToken=PAfake");
		next = json_string(u);
		free(u);
	}
	json_decref(sel);
	json_object_set_new(entry, "answer", json_integer(200));
	log_line(entry);
	json_decref(entry);
	return answer(c, 200,
		      json_pack("{s:o, s:o, s:i, s:i}", "messages", items, "next_page_uri", next, "page",
				page, "page_size", size),
		      NULL);
}

/* ---- status callbacks ---------------------------------------------------------------------- */

struct kv {
	const char *k;
	const char *v;
};

static int kv_cmp(const void *a, const void *b)
{
	return strcmp(((const struct kv *)a)->k, ((const struct kv *)b)->k);
}

/* POSTs a signed callback; returns curtaind's HTTP status (0: no answer). */
static long send_callback(const char *cb_url, struct kv *p, size_t n)
{
	/* Signed for the URL as curtaind gave it; delivered to deliver_to. */
	qsort(p, n, sizeof *p, kv_cmp);
	char *data = NULL, *form = NULL;
	size_t dlen = 0, flen = 0;
	append(&data, &dlen, cb_url);
	for (size_t i = 0; i < n; i++) {
		append(&data, &dlen, p[i].k);
		append(&data, &dlen, p[i].v);
		if (i)
			append(&form, &flen, "&");
		escape(&form, &flen, p[i].k);
		append(&form, &flen, "=");
		escape(&form, &flen, p[i].v);
	}
	unsigned char mac[20];
	gnutls_hmac_fast(GNUTLS_MAC_SHA1, token, strlen(token), data, dlen, mac);
	char sig[64], hdr[100];
	base64(mac, sizeof mac, sig);
	snprintf(hdr, sizeof hdr, "X-Twilio-Signature: %s", sig);
	char url[2048];
	const char *path = strstr(cb_url, "://");
	path = path ? strchr(path + 3, '/') : NULL;
	pthread_mutex_lock(&mu);
	if (deliver_to[0] && path)
		snprintf(url, sizeof url, "%s%s", deliver_to, path);
	else
		snprintf(url, sizeof url, "%s", cb_url);
	pthread_mutex_unlock(&mu);
	CURL *c = curl_easy_init();
	struct curl_slist *h = curl_slist_append(NULL, hdr);
	h = curl_slist_append(h, "Content-Type: application/x-www-form-urlencoded");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, form ? form : "");
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	FILE *devnull = fopen("/dev/null", "w");
	curl_easy_setopt(c, CURLOPT_WRITEDATA, devnull);
	long status = 0;
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	fclose(devnull);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	free(data);
	free(form);
	return status;
}

static enum MHD_Result status_cb(struct MHD_Connection *c)
{
	const char *sid = arg(c, "sid"), *st = arg(c, "status"), *err = arg(c, "error");
	if (!sid || !st)
		return answer(c, 400, json_pack("{s:s}", "error", "sid and status"), NULL);
	char cb[1024] = "", to[64] = "", from[64] = "";
	pthread_mutex_lock(&mu);
	size_t i;
	json_t *m;
	json_array_foreach(messages, i, m) {
		if (strcmp(json_string_value(json_object_get(m, "sid")), sid) != 0)
			continue;
		snprintf(cb, sizeof cb, "%s", json_string_value(json_object_get(m, "status_callback_internal")));
		snprintf(to, sizeof to, "%s", json_string_value(json_object_get(m, "to")));
		snprintf(from, sizeof from, "%s", json_string_value(json_object_get(m, "from")));
		json_object_set_new(m, "status", json_string(st));
		if (err)
			json_object_set_new(m, "error_code", json_integer(atoi(err)));
	}
	pthread_mutex_unlock(&mu);
	if (!cb[0])
		return answer(c, 404, json_pack("{s:s}", "error", "no such message or no callback"), NULL);
	struct kv p[12];
	size_t n = 0;
	p[n++] = (struct kv){ "MessageSid", sid };
	p[n++] = (struct kv){ "SmsSid", sid };
	p[n++] = (struct kv){ "MessageStatus", st };
	p[n++] = (struct kv){ "SmsStatus", st };
	p[n++] = (struct kv){ "AccountSid", account };
	p[n++] = (struct kv){ "From", from };
	p[n++] = (struct kv){ "To", to };
	p[n++] = (struct kv){ "ApiVersion", "2010-04-01" };
	if (err)
		p[n++] = (struct kv){ "ErrorCode", err };
	long got = send_callback(cb, p, n);
	return answer(c, 200, json_pack("{s:i}", "httpStatus", (int)got), NULL);
}

/* ---- media ------------------------------------------------------------------------------------- */

static struct media *media_find(const char *me)
{
	for (size_t i = 0; me && i < n_medias; i++)
		if (strcmp(medias[i].me, me) == 0)
			return &medias[i];
	return NULL;
}

/* /2010-04-01/Accounts/{AC}/Messages/{MM}/Media/{ME}: ME, or NULL. */
static const char *media_path(const char *url)
{
	char head[160];
	snprintf(head, sizeof head, "/2010-04-01/Accounts/%s/Messages/", account);
	size_t n = strlen(head);
	if (strncmp(url, head, n) != 0)
		return NULL;
	const char *m = strstr(url + n, "/Media/");
	return m && m[7] && !strchr(m + 7, '/') ? m + 7 : NULL;
}

static enum MHD_Result media_api(struct MHD_Connection *c, const char *me, const char *method)
{
	bool authed = auth_ok(c), del = strcmp(method, "DELETE") == 0;
	json_t *entry = json_pack("{s:s, s:s, s:b}", "op", del ? "mediaDelete" : "mediaGet", "me", me,
				  "auth", authed);
	unsigned st;
	pthread_mutex_lock(&mu);
	struct media *m = media_find(me);
	if (!authed)
		st = 401;
	else if (!m || m->deleted)
		st = 404;
	else if (del) {
		m->deleted = true;
		st = 204;
	} else if (m->fail_n > 0) {
		m->fail_n--;
		st = (unsigned)m->fail_status;
	} else
		st = 302;
	pthread_mutex_unlock(&mu);
	json_object_set_new(entry, "answer", json_integer(st));
	log_line(entry);
	json_decref(entry);
	if (st == 302 || st == 204) {
		struct MHD_Response *r = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
		if (st == 302) {
			/* Twilio's storage is another host: "localhost", not 127.0.0.1. */
			char loc[256];
			snprintf(loc, sizeof loc, "http://localhost:%u/_storage/%s", my_port, me);
			MHD_add_response_header(r, "Location", loc);
		}
		enum MHD_Result rc = MHD_queue_response(c, st, r);
		MHD_destroy_response(r);
		return rc;
	}
	return answer(c, st, error_doc(st == 401 ? 20003 : st == 404 ? 20404 : 20500, "media", (int)st), NULL);
}

static enum MHD_Result storage_get(struct MHD_Connection *c, const char *me)
{
	bool has_auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization") != NULL;
	json_t *entry = json_pack("{s:s, s:s, s:b}", "op", "storageGet", "me", me, "auth", has_auth);
	log_line(entry);
	json_decref(entry);
	pthread_mutex_lock(&mu);
	struct media *m = media_find(me);
	struct MHD_Response *r = NULL;
	if (m && !m->deleted) {
		r = MHD_create_response_from_buffer(m->len, m->data, MHD_RESPMEM_MUST_COPY);
		MHD_add_response_header(r, "Content-Type", m->type);
	}
	pthread_mutex_unlock(&mu);
	if (!r)
		return answer(c, 404, json_pack("{s:s}", "error", "no such media"), NULL);
	enum MHD_Result rc = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result media_add(struct MHD_Connection *c, struct req *rq)
{
	const char *me = arg(c, "me"), *type = arg(c, "type");
	if (!me || strlen(me) >= 64)
		return answer(c, 400, json_pack("{s:s}", "error", "me"), NULL);
	pthread_mutex_lock(&mu);
	struct media *m = media_find(me);
	if (!m && n_medias < sizeof medias / sizeof medias[0])
		m = &medias[n_medias++];
	if (!m) {
		pthread_mutex_unlock(&mu);
		return answer(c, 507, json_pack("{s:s}", "error", "too many media"), NULL);
	}
	free(m->data);
	memset(m, 0, sizeof *m);
	snprintf(m->me, sizeof m->me, "%s", me);
	snprintf(m->type, sizeof m->type, "%s", type ? type : "application/octet-stream");
	m->len = rq->len;
	m->data = malloc(rq->len + 1);
	if (rq->len)
		memcpy(m->data, rq->body, rq->len);
	pthread_mutex_unlock(&mu);
	char url[256];
	snprintf(url, sizeof url, "/2010-04-01/Accounts/%s/Messages/MM%032x/Media/%s", account,
		 (unsigned)n_medias, me);
	return answer(c, 200, json_pack("{s:s}", "url", url), NULL);
}

/* ---- dispatch ------------------------------------------------------------------------------- */

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *up,
				  size_t *up_size, void **con_cls)
{
	struct req *rq = *con_cls;
	if (!rq) {
		*con_cls = calloc(1, sizeof *rq);
		return MHD_YES;
	}
	if (*up_size) {
		rq->body = realloc(rq->body, rq->len + *up_size + 1);
		memcpy(rq->body + rq->len, up, *up_size);
		rq->len += *up_size;
		rq->body[rq->len] = '\0';
		*up_size = 0;
		return MHD_YES;
	}
	char api[160];
	snprintf(api, sizeof api, "/2010-04-01/Accounts/%s/Messages.json", account);
	if (strcmp(url, api) == 0 && strcmp(method, "POST") == 0)
		return create(c, rq, auth_ok(c));
	if (strcmp(url, api) == 0 && strcmp(method, "GET") == 0)
		return list(c, auth_ok(c));
	const char *me = media_path(url);
	if (me && (strcmp(method, "GET") == 0 || strcmp(method, "DELETE") == 0))
		return media_api(c, me, method);
	if (strncmp(url, "/_storage/", 10) == 0 && strcmp(method, "GET") == 0)
		return storage_get(c, url + 10);
	if (strncmp(url, "/2010-04-01/", 12) == 0)
		return answer(c, 404, error_doc(20404, "The requested resource was not found", 404), NULL);
	if (strcmp(url, "/_fake/media") == 0)
		return media_add(c, rq);
	if (strcmp(url, "/_fake/media_fail") == 0) {
		pthread_mutex_lock(&mu);
		struct media *m = media_find(arg(c, "me"));
		if (m) {
			m->fail_n = arg(c, "n") ? atoi(arg(c, "n")) : 1;
			m->fail_status = arg(c, "status") ? atoi(arg(c, "status")) : 503;
		}
		pthread_mutex_unlock(&mu);
		return answer(c, m ? 200 : 404, json_pack("{s:b}", "ok", m != NULL), NULL);
	}
	if (strcmp(url, "/_fake/fail") == 0) {
		pthread_mutex_lock(&mu);
		fail_n = arg(c, "n") ? atoi(arg(c, "n")) : 1;
		fail_status = arg(c, "status") ? atoi(arg(c, "status")) : 500;
		pthread_mutex_unlock(&mu);
		return answer(c, 200, json_pack("{s:b}", "ok", 1), NULL);
	}
	if (strcmp(url, "/_fake/reject") == 0 && arg(c, "to")) {
		pthread_mutex_lock(&mu);
		json_object_set_new(rejects, arg(c, "to"), json_integer(arg(c, "code") ? atoi(arg(c, "code")) : 21610));
		pthread_mutex_unlock(&mu);
		return answer(c, 200, json_pack("{s:b}", "ok", 1), NULL);
	}
	if (strcmp(url, "/_fake/hang") == 0) {
		pthread_mutex_lock(&mu);
		hang_s = arg(c, "seconds") ? atoi(arg(c, "seconds")) : 10;
		pthread_mutex_unlock(&mu);
		return answer(c, 200, json_pack("{s:b}", "ok", 1), NULL);
	}
	if (strcmp(url, "/_fake/config") == 0) {
		pthread_mutex_lock(&mu);
		snprintf(deliver_to, sizeof deliver_to, "%s", arg(c, "deliver_to") ? arg(c, "deliver_to") : "");
		pthread_mutex_unlock(&mu);
		return answer(c, 200, json_pack("{s:b}", "ok", 1), NULL);
	}
	if (strcmp(url, "/_fake/status") == 0)
		return status_cb(c);
	if (strcmp(url, "/_fake/add") == 0) {
		char sid[40], when[64];
		const char *ago = arg(c, "minutes_ago");
		pthread_mutex_lock(&mu);
		snprintf(sid, sizeof sid, "SM%032x", ++sid_counter);
		rfc2822(time(NULL) - (ago ? atoi(ago) : 0) * 60, when);
		json_array_append_new(messages,
				      json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:n, s:n, s:s}",
						"sid", sid, "account_sid", account, "to", arg(c, "to") ? arg(c, "to") : "",
						"from", arg(c, "from") ? arg(c, "from") : "", "body",
						arg(c, "body") ? arg(c, "body") : "", "status", "delivered",
						"direction", "outbound-api", "date_created", when, "error_code",
						"messaging_service_sid", "status_callback_internal", ""));
		pthread_mutex_unlock(&mu);
		return answer(c, 200, json_pack("{s:s}", "sid", sid), NULL);
	}
	if (strcmp(url, "/_fake/messages") == 0) {
		pthread_mutex_lock(&mu);
		json_t *cp = json_deep_copy(messages);
		pthread_mutex_unlock(&mu);
		return answer(c, 200, cp, NULL);
	}
	return answer(c, 404, json_pack("{s:s}", "error", "no such endpoint"), NULL);
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls,
		    enum MHD_RequestTerminationCode toe)
{
	struct req *rq = *con_cls;
	if (rq) {
		free(rq->body);
		free(rq);
	}
	*con_cls = NULL;
}

int main(int argc, char **argv)
{
	const char *port_file = NULL;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--port-file") == 0)
			port_file = argv[i + 1];
		else if (strcmp(argv[i], "--log") == 0)
			log_path = argv[i + 1];
		else if (strcmp(argv[i], "--account") == 0)
			account = argv[i + 1];
		else if (strcmp(argv[i], "--token") == 0)
			token = argv[i + 1];
	}
	if (!port_file || !log_path || !account || !token) {
		fprintf(stderr, "usage: fake_twilio --port-file F --log F --account AC --token T\n");
		return 2;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	messages = json_array();
	rejects = json_object();
	/* The main thread waits for TERM/INT; no other thread takes them. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	struct sockaddr_in sa; /* loopback only */
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0,
		NULL, NULL, on_request, NULL, MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "fake_twilio: cannot listen\n");
		return 1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	my_port = di->port;
	char tmp[1024];
	snprintf(tmp, sizeof tmp, "%s.tmp", port_file);
	FILE *f = fopen(tmp, "w");
	if (!f || fprintf(f, "%u\n", (unsigned)di->port) < 0 || fclose(f) != 0 ||
	    rename(tmp, port_file) != 0) {
		fprintf(stderr, "fake_twilio: cannot write %s\n", port_file);
		return 1;
	}
	int sig;
	sigwait(&sigs, &sig);
	MHD_stop_daemon(d);
	json_decref(messages);
	json_decref(rejects);
	curl_global_cleanup();
	return 0;
}
