/* twilio_worker: the thread that drains the outbox into Twilio's Messages
 * API with libcurl.
 *
 * Never twice. Before a submission leaves, its item is marked SUBMITTING in
 * a committed, fsync'd transaction; the carrier's SID is recorded after the
 * answer. An item found SUBMITTING again (curtaind was killed in between,
 * the answer was lost to a timeout or a 5xx, or another instance died
 * holding it) is reconciled first: we list the carrier's recent messages to
 * that number and look for ours. Twilio's Message resource echoes neither
 * our StatusCallback URL nor any other token of ours (its fields: sid, to,
 * from, messaging_service_sid, body, direction, status, error_code,
 * date_created, date_sent, ...), so a match is: outbound, same To, same
 * From (or our Messaging Service), the same Body, created no earlier than
 * five minutes before our first attempt, and a SID we do not already own.
 * Only when the listing was read to its end without a match is the message
 * submitted again; an incomplete listing retries later. The listing is not
 * filtered by DateSent: a message still queued at Twilio has no date_sent
 * yet and would be missed. A status callback that names our message (the
 * m= in StatusCallback) settles the same question from the other side.
 *
 * Retries: 5xx, 408 and network errors are "maybe sent" (reconciled before
 * the next try); 429 and 401 were certainly refused (tried again without
 * asking). Backoff doubles from 1 s to 5 min with jitter, and honours
 * Retry-After. Other 4xx answers fail the message with Twilio's error code
 * (21610, "unsubscribed recipient", also opts the number out). An item
 * still unsent after a day fails as "expired". */
#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common/buf.h"
#include "common/log.h"
#include "common/util.h"
#include "server/push.h"
#include "server/twilio_int.h"

#define POLL_MS 2000			/* look for other instances' items this often */
#define BACKOFF_MIN_MS 1000
#define BACKOFF_MAX_MS (5 * 60 * 1000)
#define AUTH_RETRY_MS (60 * 1000)	/* after 401: the operator must fix the token */
#define MAX_AGE_MS (24LL * 3600 * 1000) /* give up on an item this old */
#define CLOCK_SKEW_MS (5 * 60 * 1000)	/* our clock against Twilio's date_created */
#define LIST_PAGE_SIZE 100
#define LIST_MAX_PAGES 10

/* ---- waiting and waking ------------------------------------------------------------------ */

bool twilio_stopping(struct twilio *t)
{
	pthread_mutex_lock(&t->mu);
	bool s = t->stop;
	pthread_mutex_unlock(&t->mu);
	return s;
}

void twilio_wait(struct twilio *t, pthread_cond_t *cv, bool *wake, int64_t ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts); /* the condition variables' clock */
	ts.tv_sec += (time_t)(ms / 1000);
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&t->mu);
	while (!t->stop && !*wake)
		if (pthread_cond_timedwait(cv, &t->mu, &ts) != 0)
			break;
	*wake = false;
	pthread_mutex_unlock(&t->mu);
}

void twilio_signal(struct twilio *t, pthread_cond_t *cv, bool *wake)
{
	pthread_mutex_lock(&t->mu);
	*wake = true;
	pthread_cond_signal(cv);
	pthread_mutex_unlock(&t->mu);
}

void twilio_wake(struct twilio *t)
{
	if (t)
		twilio_signal(t, &t->cv, &t->wake);
}

int64_t twilio_backoff_ms(int attempts)
{
	int shift = attempts > 1 ? attempts - 1 : 0;
	int64_t d = shift >= 20 ? BACKOFF_MAX_MS : (int64_t)BACKOFF_MIN_MS << shift;
	if (d > BACKOFF_MAX_MS)
		d = BACKOFF_MAX_MS;
	/* "Equal jitter": half fixed, half random, so retries of many items
	 * spread out but none comes back at once. */
	return d / 2 + (int64_t)randombytes_uniform((uint32_t)(d / 2 + 1));
}

/* ---- HTTP ----------------------------------------------------------------------------------- */

struct http_resp {
	long status; /* 0: no answer (transport error) */
	struct buf body;
	int64_t retry_after_ms;
};

static size_t on_body(char *data, size_t size, size_t n, void *ud)
{
	struct buf *b = ud;
	if (b->len + size * n > 4 * 1024 * 1024)
		return 0; /* no Twilio answer is this big */
	buf_append(b, data, size * n);
	return size * n;
}

static size_t on_header(char *data, size_t size, size_t n, void *ud)
{
	struct http_resp *r = ud;
	size_t len = size * n;
	if (len > 12 && strncasecmp(data, "Retry-After:", 12) == 0) {
		long s = strtol(data + 12, NULL, 10);
		if (s > 0 && s < 3600)
			r->retry_after_ms = (int64_t)s * 1000;
	}
	return len;
}

static int on_progress(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	return twilio_stopping(ud) ? 1 : 0; /* shutting down: abandon the request */
}

/* One request to Twilio (post NULL: GET). The answer, or status 0 on a
 * transport error, is in *r (caller frees r->body). */
static void http_do(struct twilio *t, CURL *c, const char *url, const char *post,
		    struct http_resp *r)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->body);
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
	curl_easy_setopt(c, CURLOPT_USERNAME, t->account_sid);
	curl_easy_setopt(c, CURLOPT_PASSWORD, t->token);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "curtaind/" CURTAIN_VERSION);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)t->timeout_s);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)(t->timeout_s < 10 ? t->timeout_s : 10));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, t);
	if (post) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, post);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(post));
	}
	CURLcode cc = curl_easy_perform(c);
	if (cc != CURLE_OK) {
		/* curl's generic message only: the URL may hold a patient's number. */
		log_warn("twilio: request failed: %s", curl_easy_strerror(cc));
		r->status = 0;
		return;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
}

static void messages_url(struct twilio *t, struct buf *u)
{
	buf_puts(u, t->api_base);
	buf_puts(u, "/2010-04-01/Accounts/");
	buf_puts(u, t->account_sid);
	buf_puts(u, "/Messages.json");
}

/* ---- submitting --------------------------------------------------------------------------- */

enum submit_result {
	SUBMIT_OK,	  /* *sid set */
	SUBMIT_REFUSED,	  /* certainly not created (429, 401): try again later */
	SUBMIT_AMBIGUOUS, /* maybe created (5xx, 408, no answer): reconcile first */
	SUBMIT_FAILED,	  /* refused for good: *code set */
};

static enum submit_result submit(struct twilio *t, CURL *c, const struct outbox_item *x,
				 const struct buf *media, char **sid, char **status, char **code,
				 int64_t *retry_after)
{
	*sid = *status = *code = NULL;
	*retry_after = 0;
	struct buf form, url;
	buf_init(&form);
	buf_init(&url);
	buf_puts(&form, "To=");
	buf_url_escape(&form, x->to);
	if (t->messaging_service) {
		buf_puts(&form, "&MessagingServiceSid=");
		buf_url_escape(&form, t->messaging_service);
	} else {
		buf_puts(&form, "&From=");
		buf_url_escape(&form, x->sender);
	}
	/* An MMS may go without words; Twilio wants no empty Body then. */
	if (x->body[0] || !media->len) {
		buf_puts(&form, "&Body=");
		buf_url_escape(&form, x->body);
	}
	if (media->len)
		buf_append(&form, media->data, media->len);
	/* m= names our message in every status callback, so a callback can
	 * settle a submission whose answer we never recorded. */
	struct buf cb;
	buf_init(&cb);
	buf_printf(&cb, "%s/v1/hooks/twilio/status?m=%s", t->public_url, x->message_id);
	buf_puts(&form, "&StatusCallback=");
	buf_url_escape(&form, cb.data);
	buf_free(&cb);
	messages_url(t, &url);
	struct http_resp r;
	http_do(t, c, url.data, form.data, &r);
	buf_free(&form); /* wipes the number and the text */
	buf_free(&url);
	enum submit_result out;
	json_t *j = r.body.len ? json_loadb(r.body.data, r.body.len, 0, NULL) : NULL;
	if (r.status >= 200 && r.status < 300) {
		const char *s = json_string_value(json_object_get(j, "sid"));
		const char *st = json_string_value(json_object_get(j, "status"));
		if (s && *s && strlen(s) <= 64) {
			*sid = xstrdup(s);
			*status = st ? xstrdup(st) : NULL;
			out = SUBMIT_OK;
		} else {
			log_warn("twilio: message %s: HTTP %ld without a SID", x->message_id, r.status);
			out = SUBMIT_AMBIGUOUS;
		}
	} else if (r.status == 0 || r.status >= 500 || r.status == 408) {
		out = SUBMIT_AMBIGUOUS;
		*retry_after = r.retry_after_ms;
	} else if (r.status == 429 || r.status == 401) {
		out = SUBMIT_REFUSED;
		*retry_after = r.status == 401 ? AUTH_RETRY_MS : r.retry_after_ms;
		if (r.status == 401)
			log_error("twilio: Twilio refused our credentials (HTTP 401); check "
				  "--twilio-account-sid and the auth token");
	} else {
		json_t *cj = json_object_get(j, "code");
		char num[32];
		if (json_is_integer(cj))
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(cj));
		else if (json_is_string(cj) && strlen(json_string_value(cj)) < sizeof num)
			snprintf(num, sizeof num, "%s", json_string_value(cj));
		else
			snprintf(num, sizeof num, "http-%ld", r.status);
		*code = xstrdup(num);
		out = SUBMIT_FAILED;
	}
	json_decref(j);
	buf_free(&r.body);
	return out;
}

/* ---- reconciling ----------------------------------------------------------------------------- */

/* "Wed, 18 Aug 2010 20:01:40 +0000" (RFC 2822, which Twilio uses) to ms.
 * By hand: strptime's month names follow the locale. */
/* Twilio's dates are RFC 2822 ("Mon, 23 Nov 2026 14:05:09 +0000"):
 * libcurl's parser reads them, in any locale. */
static bool rfc2822_parse(const char *s, int64_t *ms)
{
	time_t t = s ? curl_getdate(s, NULL) : -1;
	if (t < 0)
		return false;
	*ms = (int64_t)t * 1000;
	return true;
}

enum reconcile_result { RECON_FOUND, RECON_NONE, RECON_UNKNOWN };

static bool str_is(json_t *o, const char *key, const char *want)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v && want && strcmp(v, want) == 0;
}

/* A Message resource's num_media (Twilio sends a string; none: 0). */
static int64_t num_media_of(json_t *msg)
{
	json_t *v = json_object_get(msg, "num_media");
	if (json_is_integer(v))
		return json_integer_value(v);
	if (json_is_string(v))
		return strtoll(json_string_value(v), NULL, 10);
	return 0;
}

/* Looks for x among the carrier's messages to x->to. FOUND fills *sid,
 * *status and *code (the carrier's current view; caller frees). */
static enum reconcile_result reconcile(struct twilio *t, CURL *c, struct store *st,
				       const struct outbox_item *x, char **sid, char **status,
				       char **code)
{
	*sid = *status = *code = NULL;
	int64_t window = (x->first_attempt_at ? x->first_attempt_at : x->created_at) - CLOCK_SKEW_MS;
	int64_t n_media = store_attachment_count(st, x->message_id);
	int64_t best_at = INT64_MAX;
	struct buf url;
	buf_init(&url);
	messages_url(t, &url);
	buf_printf(&url, "?PageSize=%d&To=", LIST_PAGE_SIZE);
	buf_url_escape(&url, x->to);
	if (!t->messaging_service) {
		buf_puts(&url, "&From=");
		buf_url_escape(&url, x->sender);
	}
	/* Pages continue at the API's origin (next_page_uri is a path). */
	const char *host = strstr(t->api_base, "://");
	size_t origin_len = host ? (size_t)(host + 3 - t->api_base) + strcspn(host + 3, "/") :
				   strlen(t->api_base);
	enum reconcile_result out = RECON_UNKNOWN;
	for (int page = 0; page < LIST_MAX_PAGES; page++) {
		store_outbox_renew(st, x->message_id, now_ms() + t->lease_ms);
		struct http_resp r;
		http_do(t, c, url.data, NULL, &r);
		json_t *j = r.status == 200 ? json_loadb(r.body.data, r.body.len, 0, NULL) : NULL;
		buf_free(&r.body);
		json_t *list = json_object_get(j, "messages");
		if (!json_is_array(list)) {
			if (r.status)
				log_warn("twilio: listing messages for %s: HTTP %ld", x->message_id,
					 r.status);
			json_decref(j);
			break;
		}
		size_t i;
		json_t *msg;
		json_array_foreach(list, i, msg) {
			const char *dir = json_string_value(json_object_get(msg, "direction"));
			const char *s = json_string_value(json_object_get(msg, "sid"));
			if (!dir || strncmp(dir, "outbound", 8) != 0 || !s || !*s || strlen(s) > 64)
				continue;
			if (!str_is(msg, "to", x->to) || !str_is(msg, "body", x->body) ||
			    num_media_of(msg) != n_media)
				continue;
			if (t->messaging_service ? !str_is(msg, "messaging_service_sid", t->messaging_service) :
						   !str_is(msg, "from", x->sender))
				continue;
			int64_t at;
			/* An unreadable date counts as recent: never send twice. */
			if (!rfc2822_parse(json_string_value(json_object_get(msg, "date_created")), &at))
				at = window;
			if (at < window || at >= best_at || store_carrier_sid_known(st, s))
				continue;
			best_at = at;
			free(*sid);
			free(*status);
			free(*code);
			*sid = xstrdup(s);
			const char *ms = json_string_value(json_object_get(msg, "status"));
			*status = ms ? xstrdup(ms) : NULL;
			json_t *ec = json_object_get(msg, "error_code");
			char num[32];
			*code = NULL;
			if (json_is_integer(ec)) {
				snprintf(num, sizeof num, "%lld", (long long)json_integer_value(ec));
				*code = xstrdup(num);
			}
		}
		const char *next = json_string_value(json_object_get(j, "next_page_uri"));
		if (!next || !*next) {
			out = *sid ? RECON_FOUND : RECON_NONE; /* read to the end */
			json_decref(j);
			break;
		}
		buf_clear(&url);
		buf_append(&url, t->api_base, origin_len);
		buf_puts(&url, next);
		json_decref(j);
		if (page == LIST_MAX_PAGES - 1)
			log_warn("twilio: message %s: more than %d pages of messages to one number; "
				 "trying again later", x->message_id, LIST_MAX_PAGES);
	}
	buf_free(&url);
	if (out == RECON_UNKNOWN && *sid)
		out = RECON_FOUND; /* found ours even if the listing went on */
	if (out != RECON_FOUND) {
		free(*sid);
		free(*status);
		free(*code);
		*sid = *status = *code = NULL;
	}
	return out;
}

/* ---- one item ----------------------------------------------------------------------------------- */

/* Ends the transaction around a piece of work (rollback if it failed);
 * true when it committed. */
static bool in_tx(struct store *st, const char *what, const char *id, enum store_rc rc_of_work,
		  bool began)
{
	if (!began)
		return false;
	if (rc_of_work != STORE_OK) {
		store_tx_rollback(st);
		log_error("twilio: message %s: could not record %s", id, what);
		return false;
	}
	if (store_tx_commit(st) != STORE_OK) {
		log_error("twilio: message %s: could not commit %s", id, what);
		return false;
	}
	return true;
}

static void record_sid(struct twilio *t, struct store *st, const struct outbox_item *x,
		       const char *sid, const char *status, const char *code, const char *how)
{
	bool changed = false;
	bool began = store_tx_begin(st) == STORE_OK;
	enum store_rc rc = began ? twilio_adopt_sid(st, x->message_id, sid, status, code, NULL,
						    &changed) :
				   STORE_BUSY;
	if (rc == STORE_NOT_FOUND) {
		/* Another SID is already recorded (a callback won the race with
		 * different news): keep the first, never a second send. */
		log_error("twilio: message %s %s as %s but already has another SID", x->message_id,
			  how, sid);
		rc = STORE_OK;
	}
	if (in_tx(st, "its carrier SID", x->message_id, rc, began)) {
		log_info("twilio: message %s %s (%s)", x->message_id, how, sid);
		push_notify(t->srv->push);
	}
}

static void record_failure(struct twilio *t, struct store *st, const struct outbox_item *x,
			   const char *code)
{
	bool began = store_tx_begin(st) == STORE_OK;
	enum store_rc rc = began ? twilio_fail(st, x, code, NULL) : STORE_BUSY;
	if (in_tx(st, "its failure", x->message_id, rc, began)) {
		log_warn("twilio: message %s failed: %s", x->message_id, code);
		push_notify(t->srv->push);
	}
}

static void reschedule(struct store *st, const struct outbox_item *x, enum outbox_state state,
		       int attempts, int64_t retry_after)
{
	int64_t wait = twilio_backoff_ms(attempts);
	if (retry_after > wait)
		wait = retry_after;
	/* The count is kept, so that each retry waits longer than the last. */
	enum store_rc rc = store_outbox_retry(st, x->message_id, state, attempts, now_ms() + wait, NULL);
	if (rc == STORE_NOT_FOUND)
		return; /* a status callback settled it meanwhile */
	if (rc != STORE_OK)
		log_error("twilio: message %s: could not schedule a retry", x->message_id);
	else
		log_info("twilio: message %s: retry in %lld ms (%s)", x->message_id, (long long)wait,
			 state == OUTBOX_SUBMITTING ? "reconcile first" : "not sent");
}

static bool opted_out(struct store *st, const struct outbox_item *x)
{
	enum consent_state cs = CONSENT_UNKNOWN;
	int64_t at;
	return store_consent_get(st, x->to, x->department_id, &cs, &at) == STORE_OK &&
	       cs == CONSENT_OPTED_OUT;
}

static void process(struct twilio *t, CURL *c, struct store *st, const struct outbox_item *x)
{
	char *sid = NULL, *status = NULL, *code = NULL;
	if (x->state == OUTBOX_SUBMITTING) {
		enum reconcile_result rr = reconcile(t, c, st, x, &sid, &status, &code);
		if (rr == RECON_FOUND) {
			record_sid(t, st, x, sid, status, code, "was already with the carrier");
			goto out;
		}
		if (rr == RECON_UNKNOWN) {
			/* Never resubmitted without an answer; after a day of
			 * none, staff see it failed and can check by phone. */
			if (now_ms() - x->created_at > MAX_AGE_MS)
				record_failure(t, st, x, "unconfirmed");
			else
				reschedule(st, x, OUTBOX_SUBMITTING, x->attempts + 1, 0);
			goto out;
		}
		log_info("twilio: message %s: not at the carrier; submitting again", x->message_id);
	}
	if (now_ms() - x->created_at > MAX_AGE_MS) {
		record_failure(t, st, x, "expired");
		goto out;
	}
	/* Staff texts wait for consent; system texts (the STOP confirmation)
	 * go to opted-out numbers by design. */
	if (x->direction == MSG_OUT && opted_out(st, x)) {
		record_failure(t, st, x, "optedOut");
		goto out;
	}
	/* The carrier fetches the pictures while it takes the message: their
	 * tokens are committed before it can ask. */
	struct buf media;
	buf_init(&media);
	if (!twilio_media_urls(t, st, x->message_id, &media)) {
		log_warn("twilio: message %s: could not prepare its media; trying later", x->message_id);
		buf_free(&media);
		reschedule(st, x, OUTBOX_QUEUED, x->attempts + 1, 0);
		goto out;
	}
	int64_t now = now_ms();
	if (store_outbox_attempt(st, x->message_id, now, now + t->lease_ms) != STORE_OK) {
		log_warn("twilio: message %s: could not mark the attempt; not sending", x->message_id);
		buf_free(&media);
		goto out;
	}
	int64_t retry_after = 0;
	enum submit_result sr = submit(t, c, x, &media, &sid, &status, &code, &retry_after);
	buf_free(&media); /* wipes the tokens */
	switch (sr) {
	case SUBMIT_OK:
		record_sid(t, st, x, sid, status, NULL, "submitted");
		break;
	case SUBMIT_REFUSED:
		reschedule(st, x, OUTBOX_QUEUED, x->attempts + 1, retry_after);
		break;
	case SUBMIT_AMBIGUOUS:
		reschedule(st, x, OUTBOX_SUBMITTING, x->attempts + 1, retry_after);
		break;
	case SUBMIT_FAILED:
		record_failure(t, st, x, code);
		break;
	}
out:
	free(sid);
	free(status);
	free(code);
}

/* ---- the thread --------------------------------------------------------------------------------- */

static void *worker_main(void *arg)
{
	struct twilio *t = arg;
	CURL *c = curl_easy_init();
	bool durable = false;
	if (!c)
		log_error("twilio: cannot initialise libcurl; nothing will be sent");
	while (c && !twilio_stopping(t)) {
		struct store *st = server_store(t->srv);
		if (!st) {
			twilio_wait(t, &t->cv, &t->wake, 5000);
			continue;
		}
		if (!durable)
			durable = store_set_durable(st) == STORE_OK;
		struct outbox_item x = { 0 };
		int64_t now = now_ms(), next_due = 0;
		enum store_rc rc = store_outbox_claim(st, now, t->lease_ms, &x, &next_due);
		if (rc == STORE_OK) {
			process(t, c, st, &x);
			outbox_item_clear(&x);
			continue;
		}
		int64_t wait = POLL_MS;
		if (rc == STORE_NOT_FOUND && next_due > 0 && next_due - now < wait)
			wait = next_due - now < 10 ? 10 : next_due - now;
		twilio_wait(t, &t->cv, &t->wake, wait);
	}
	if (c)
		curl_easy_cleanup(c);
	return NULL;
}

bool twilio_start(struct twilio *t)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return false;
	if (pthread_create(&t->thread, NULL, worker_main, t) != 0) {
		curl_global_cleanup();
		return false;
	}
	t->started = true;
	if (!twilio_media_start(t)) {
		twilio_stop(t);
		return false;
	}
	log_info("twilio: outbox worker started (account %s, %s)", t->account_sid,
		 t->messaging_service ? "messaging service" : "department numbers");
	return true;
}

void twilio_stop(struct twilio *t)
{
	if (!t || !t->started)
		return;
	pthread_mutex_lock(&t->mu);
	t->stop = true;
	pthread_cond_signal(&t->cv);
	pthread_cond_signal(&t->media_cv);
	pthread_mutex_unlock(&t->mu);
	pthread_join(t->thread, NULL);
	twilio_media_stop(t);
	t->started = false;
	curl_global_cleanup();
}
