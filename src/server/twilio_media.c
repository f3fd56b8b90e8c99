/* twilio_media: MMS media and Twilio (PROTOCOL.md section 12).
 *
 * Inbound: a thread fetches each inbound MediaUrl with libcurl, but only
 * from the configured API's origin (a forged webhook must not make
 * curtaind fetch arbitrary addresses), with Basic auth, following at most
 * 5 redirects (Twilio sends media on to its storage; libcurl hands the
 * credentials to the first host only), over https (http only when the API
 * base itself is http on loopback, for tests), and never reading more than
 * maxMediaBytes. The bytes must be an allowed type and agree with what
 * the webhook and the response declared. Network errors, 5xx, 408 and 429
 * are retried with backoff for up to an hour; other 4xx answers, or the
 * hour, are fetchFailed. A stored picture is then deleted at Twilio, so
 * the practice's copy is the only one.
 *
 * Outbound: each attachment of a message gets a MediaUrl on --public-url
 * with a fresh random token (only its keyed hash is kept, valid four
 * hours), which attachments.c checks when Twilio fetches it.
 *
 * The URLs Twilio gives name its message, so they are never logged;
 * attachment ids and HTTP statuses are. */
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/buf.h"
#include "common/log.h"
#include "common/util.h"
#include "server/attachments.h"
#include "server/media.h"
#include "server/push.h"
#include "server/twilio_int.h"

#define MEDIA_POLL_MS 2000
#define MEDIA_GIVE_UP_MS (60LL * 60 * 1000)	/* fetchFailed after an hour of trying */
#define DELETE_GIVE_UP_MS (24LL * 3600 * 1000) /* stop asking Twilio to delete after a day */
#define MEDIA_MAX_REDIRS 5L

void twilio_media_wake(struct twilio *t)
{
	if (t)
		twilio_signal(t, &t->media_cv, &t->media_wake);
}

/* ---- one request ----------------------------------------------------------------------------- */

struct fetch {
	struct buf body;
	size_t max;
	bool too_large;
	struct twilio *t;
};

static size_t on_media(char *data, size_t size, size_t n, void *ud)
{
	struct fetch *f = ud;
	size_t len = size * n;
	if (f->body.len + len > f->max) {
		f->too_large = true;
		return 0; /* stops the transfer: nothing past the limit is read */
	}
	buf_append(&f->body, data, len);
	return len;
}

static size_t on_discard(char *data, size_t size, size_t n, void *ud)
{
	return size * n;
}

static int on_media_progress(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	return twilio_stopping(ud) ? 1 : 0;
}

/* What both requests share: where to, whose credentials, which protocols. */
static void media_curl_common(struct twilio *t, CURL *c, const char *url)
{
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	/* https only, unless the API itself is plain http on loopback (tests):
	 * for the first request and for every redirect. */
	const char *protos = t->api_http ? "http,https" : "https";
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, protos);
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, protos);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
	curl_easy_setopt(c, CURLOPT_USERNAME, t->account_sid);
	curl_easy_setopt(c, CURLOPT_PASSWORD, t->token);
	/* The default, said out loud: credentials go to the first host only. */
	curl_easy_setopt(c, CURLOPT_UNRESTRICTED_AUTH, 0L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "curtaind/" CURTAIN_VERSION);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)t->timeout_s);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)(t->timeout_s < 10 ? t->timeout_s : 10));
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_media_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, t);
}

/* Whether url is on the API's origin: the same scheme, host and port,
 * then a path. "https://api.twilio.com@evil/" or "…com.evil/" fail. */
static bool on_api_origin(const struct twilio *t, const char *url)
{
	size_t n = strlen(t->api_origin);
	return url && strncasecmp(url, t->api_origin, n) == 0 && url[n] == '/';
}

/* ---- settling one attachment -------------------------------------------------------------- */

static void settle_rejected(struct twilio *t, struct store *st, const struct attachment *a,
			    const char *reason)
{
	enum store_rc rc = store_attachment_rejected(st, a->id, reason);
	if (rc == STORE_OK) {
		log_info("twilio: media %s of message %s rejected: %s", a->id, a->message_id, reason);
		push_notify(t->srv->push);
	} else if (rc != STORE_NOT_FOUND) {
		log_error("twilio: media %s: could not record its rejection", a->id);
	}
}

static void retry_later(struct twilio *t, struct store *st, const struct attachment *a,
			const char *why)
{
	if (now_ms() - a->created_at > MEDIA_GIVE_UP_MS) {
		settle_rejected(t, st, a, "fetchFailed");
		return;
	}
	int64_t wait = twilio_backoff_ms(a->attempts + 1);
	if (store_attachment_retry(st, a->id, now_ms() + wait) != STORE_OK)
		log_error("twilio: media %s: could not schedule a retry", a->id);
	else
		log_info("twilio: media %s: %s; retry in %lld ms", a->id, why, (long long)wait);
}

/* The response's Content-Type must agree with the bytes too, when given. */
static enum media_check check_fetched(const struct attachment *a, const struct buf *b,
				      const char *response_type, size_t max, const char **type)
{
	enum media_check mc = media_check(b->data, b->len, a->declared_type, max, type);
	if (mc == MEDIA_OK && response_type && *response_type)
		mc = media_check(b->data, b->len, response_type, max, type);
	return mc == MEDIA_EMPTY ? MEDIA_BAD_TYPE : mc;
}

static void fetch_one(struct twilio *t, CURL *c, struct store *st, const struct attachment *a)
{
	if (!on_api_origin(t, a->source_url)) {
		/* Never fetched: a forged webhook could point anywhere. */
		log_warn("twilio: media %s is not on the Twilio API's origin; not fetched", a->id);
		settle_rejected(t, st, a, "fetchFailed");
		return;
	}
	struct fetch f = { .max = (size_t)t->srv->cfg.max_media_bytes, .t = t };
	buf_init(&f.body);
	media_curl_common(t, c, a->source_url);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, MEDIA_MAX_REDIRS);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f.max);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_media);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &f);
	CURLcode cc = curl_easy_perform(c);
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (f.too_large || cc == CURLE_FILESIZE_EXCEEDED) {
		settle_rejected(t, st, a, "tooLarge");
	} else if (cc == CURLE_TOO_MANY_REDIRECTS || cc == CURLE_UNSUPPORTED_PROTOCOL) {
		log_warn("twilio: media %s: %s", a->id, curl_easy_strerror(cc));
		settle_rejected(t, st, a, "fetchFailed");
	} else if (cc != CURLE_OK) {
		if (!twilio_stopping(t))
			retry_later(t, st, a, curl_easy_strerror(cc));
	} else if (status >= 200 && status < 300) {
		char *ct = NULL;
		curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
		const char *type = NULL;
		enum media_check mc = check_fetched(a, &f.body, ct, f.max, &type);
		if (mc != MEDIA_OK) {
			settle_rejected(t, st, a, mc == MEDIA_TOO_LARGE ? "tooLarge" : "badType");
		} else {
			enum store_rc rc = store_attachment_stored(st, a->id, type, f.body.data,
								   f.body.len, true);
			if (rc == STORE_OK) {
				log_info("twilio: media %s of message %s stored (%s, %zu bytes)", a->id,
					 a->message_id, type, f.body.len);
				push_notify(t->srv->push);
			} else if (rc != STORE_NOT_FOUND) {
				retry_later(t, st, a, "could not store it");
			}
		}
	} else if (status >= 400 && status < 500 && status != 408 && status != 429) {
		log_warn("twilio: media %s: HTTP %ld", a->id, status);
		settle_rejected(t, st, a, "fetchFailed");
	} else {
		char why[32];
		snprintf(why, sizeof why, "HTTP %ld", status);
		retry_later(t, st, a, why);
	}
	buf_free(&f.body); /* wipes the picture */
}

/* DELETE of the Media resource at Twilio (the URL we fetched it from,
 * which is the resource's own). 2xx, or 404 (already gone), ends it. */
static void delete_one(struct twilio *t, CURL *c, struct store *st, const struct attachment *a)
{
	long status = 0;
	CURLcode cc = CURLE_OK;
	if (on_api_origin(t, a->source_url)) {
		media_curl_common(t, c, a->source_url);
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "DELETE");
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_discard);
		cc = curl_easy_perform(c);
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	}
	bool done = !on_api_origin(t, a->source_url) || (cc == CURLE_OK && (status / 100 == 2 || status == 404));
	if (!done && now_ms() - a->created_at > DELETE_GIVE_UP_MS) {
		log_warn("twilio: media %s: Twilio's copy could not be deleted for a day; giving up",
			 a->id);
		done = true;
	}
	if (done) {
		if (store_attachment_deleted_at_carrier(st, a->id) != STORE_OK)
			log_error("twilio: media %s: could not record its deletion at Twilio", a->id);
		else if (status)
			log_info("twilio: media %s deleted at Twilio (HTTP %ld)", a->id, status);
		return;
	}
	int64_t wait = twilio_backoff_ms(a->attempts + 1);
	if (store_attachment_retry(st, a->id, now_ms() + wait) == STORE_OK)
		log_info("twilio: media %s: deleting at Twilio failed (%s); retry in %lld ms", a->id,
			 cc != CURLE_OK ? curl_easy_strerror(cc) : "HTTP error", (long long)wait);
}

/* ---- the thread ----------------------------------------------------------------------------- */

static void *media_main(void *arg)
{
	struct twilio *t = arg;
	CURL *c = curl_easy_init();
	if (!c)
		log_error("twilio: cannot initialise libcurl; no media will be fetched");
	/* A fetch may take a whole timeout, then the bytes are sealed. */
	int64_t lease_ms = ((int64_t)t->timeout_s * 2 + 5) * 1000;
	while (c && !twilio_stopping(t)) {
		struct store *st = server_store(t->srv);
		if (!st) {
			twilio_wait(t, &t->media_cv, &t->media_wake, 5000);
			continue;
		}
		struct attachment a = { 0 };
		int64_t now = now_ms(), next_due = 0;
		enum store_rc rc = store_attachment_claim(st, now, lease_ms, &a, &next_due);
		if (rc == STORE_OK) {
			if (a.state == ATTACH_FETCHING)
				fetch_one(t, c, st, &a);
			else
				delete_one(t, c, st, &a);
			attachment_clear(&a);
			continue;
		}
		int64_t wait = MEDIA_POLL_MS;
		if (rc == STORE_NOT_FOUND && next_due > 0 && next_due - now < wait)
			wait = next_due - now < 10 ? 10 : next_due - now;
		twilio_wait(t, &t->media_cv, &t->media_wake, wait);
	}
	if (c)
		curl_easy_cleanup(c);
	return NULL;
}

bool twilio_media_start(struct twilio *t)
{
	if (pthread_create(&t->media_thread, NULL, media_main, t) != 0)
		return false;
	t->media_started = true;
	return true;
}

void twilio_media_stop(struct twilio *t)
{
	if (!t->media_started)
		return;
	pthread_join(t->media_thread, NULL);
	t->media_started = false;
}

/* ---- outbound MediaUrls ------------------------------------------------------------------------ */

bool twilio_media_urls(struct twilio *t, struct store *st, const char *message_id, struct buf *form)
{
	struct attachment *as = NULL;
	size_t n = 0;
	if (store_attachment_list(st, message_id, &as, &n) != STORE_OK)
		return false;
	bool ok = true;
	int64_t expires = now_ms() + CARRIER_TOKEN_MS;
	for (size_t i = 0; i < n; i++) {
		if (ok && as[i].state == ATTACH_STORED) {
			char token[48], hash[65];
			token_new(token);
			crypto_token_hash(&t->srv->keys, token, hash);
			ok = store_attachment_set_carrier_token(st, as[i].id, hash, expires) == STORE_OK;
			if (ok) {
				struct buf url;
				buf_init(&url);
				buf_printf(&url, "%s%s%s/%s", t->public_url, CARRIER_MEDIA_PATH, as[i].id,
					   token);
				buf_puts(form, "&MediaUrl=");
				buf_url_escape(form, url.data);
				buf_free(&url);
			}
			sodium_memzero(token, sizeof token);
		}
		attachment_clear(&as[i]);
	}
	free(as);
	return ok;
}
