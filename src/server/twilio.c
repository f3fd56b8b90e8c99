/* twilio: settings and auth token of the Twilio gateway, the webhooks
 * Twilio calls (inbound texts and status callbacks, both signature-checked),
 * and the forward-only delivery state both those and the worker apply.
 *
 * Webhook authentication follows Twilio's "Webhooks security": the
 * signature covers --public-url + the request target exactly as received
 * (path and query string), then for form bodies every POST parameter
 * sorted by name; JSON bodies are covered by the bodySHA256 query parameter
 * instead. A request that fails is answered 403 and audited (which check
 * failed, the hook and the address; never a number or a text). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/log.h"
#include "common/util.h"
#include "server/api.h"
#include "server/push.h"
#include "server/twilio_int.h"

/* ---- settings ------------------------------------------------------------------------------ */

static bool sid_valid(const char *s, const char *prefix)
{
	if (!s || strlen(s) != 34 || strncmp(s, prefix, 2) != 0)
		return false;
	for (size_t i = 2; i < 34; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	return true;
}

/* Only a literal loopback address (a name such as 127.evil.example is
 * not one): plain http would send the auth token in the clear. */
static bool host_loopback(const char *host, size_t n)
{
	char h[64];
	struct in_addr a4;
	if (n == 9 && strncmp(host, "localhost", 9) == 0)
		return true;
	if (n == 5 && strncmp(host, "[::1]", 5) == 0)
		return true;
	if (n >= sizeof h)
		return false;
	memcpy(h, host, n);
	h[n] = '\0';
	return inet_pton(AF_INET, h, &a4) == 1 && (ntohl(a4.s_addr) >> 24) == 127;
}

/* A base URL: https://host[:port][/path], or http:// on loopback, without
 * query, fragment or spaces. Returns a copy without a trailing slash. */
static char *base_url(const char *url)
{
	if (!url || strpbrk(url, "?# \t\r\n"))
		return NULL;
	size_t skip;
	bool https = strncmp(url, "https://", 8) == 0;
	if (https)
		skip = 8;
	else if (strncmp(url, "http://", 7) == 0)
		skip = 7;
	else
		return NULL;
	const char *host = url + skip;
	size_t hostlen = strcspn(host, "/");
	size_t namelen = host[0] == '[' ? strcspn(host, "]") + 1 : strcspn(host, ":/");
	if (namelen == 0 || namelen > hostlen)
		return NULL;
	if (!https && !host_loopback(host, namelen))
		return NULL;
	char *out = xstrdup(url);
	size_t n = strlen(out);
	while (n > skip + hostlen && out[n - 1] == '/')
		out[--n] = '\0';
	return out;
}

/* Reads the token into locked memory: printable, no spaces, 16 to 128
 * characters (an auth token is 32 hex digits). NULL (err set) otherwise. */
static char *token_take(const char *raw, size_t n, char *err, size_t errlen, const char *where)
{
	while (n && (raw[n - 1] == '\n' || raw[n - 1] == '\r' || raw[n - 1] == ' ' ||
		     raw[n - 1] == '\t'))
		n--;
	bool ok = n >= 16 && n <= 128;
	for (size_t i = 0; ok && i < n; i++)
		ok = raw[i] > ' ' && raw[i] < 0x7f;
	if (!ok) {
		/* TRANSLATORS: %s is a file name or the environment variable's name. */
		snprintf(err, errlen, _("%s does not hold a Twilio auth token (16 to 128 characters, no spaces)"),
			 where);
		return NULL;
	}
	char *t = sodium_malloc(n + 1);
	if (!t)
		die_oom();
	memcpy(t, raw, n);
	t[n] = '\0';
	return t;
}

static char *token_from_file(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, _("cannot read the Twilio token file %s: %s"), path,
			 strerror(errno));
		return NULL;
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, _("the Twilio token file %s is not a regular file"), path);
		close(fd);
		return NULL;
	}
	if (sb.st_mode & (S_IROTH | S_IWOTH)) {
		snprintf(err, errlen,
			 _("the Twilio token file %s can be read or written by every user; "
			   "refusing it (chmod o-rwx %s)"),
			 path, path);
		close(fd);
		return NULL;
	}
	char buf[512];
	ssize_t n = read(fd, buf, sizeof buf);
	close(fd);
	if (n < 0) {
		snprintf(err, errlen, _("cannot read the Twilio token file %s: %s"), path,
			 strerror(errno));
		return NULL;
	}
	char *t = token_take(buf, (size_t)n, err, errlen, path);
	sodium_memzero(buf, sizeof buf);
	return t;
}

static void twilio_free_fields(struct twilio *t)
{
	free(t->account_sid);
	free(t->messaging_service);
	free(t->public_url);
	free(t->api_base);
	free(t->api_origin);
	if (t->token)
		sodium_free(t->token);
	t->token = NULL;
}

struct twilio *twilio_new(struct server *srv, const struct twilio_config *cfg, char *err,
			  size_t errlen)
{
	/* The environment copy goes whatever happens, so no child or
	 * /proc/PID/environ reader sees it. */
	char *env = getenv(TWILIO_TOKEN_ENV);
	char *env_token = NULL;
	bool env_bad = false;
	if (env && *env && !cfg->token_file)
		env_bad = !(env_token = token_take(env, strlen(env), err, errlen, TWILIO_TOKEN_ENV));
	if (env) {
		sodium_memzero(env, strlen(env));
		unsetenv(TWILIO_TOKEN_ENV);
	}
	struct twilio *t = xcalloc(1, sizeof *t);
	t->srv = srv;
	if (!cfg->account_sid) {
		snprintf(err, errlen, _("--gateway twilio needs --twilio-account-sid"));
		goto fail;
	}
	if (!sid_valid(cfg->account_sid, "AC")) {
		snprintf(err, errlen, _("--twilio-account-sid wants AC followed by 32 hexadecimal digits"));
		goto fail;
	}
	if (cfg->messaging_service && !sid_valid(cfg->messaging_service, "MG")) {
		snprintf(err, errlen,
			 _("--twilio-messaging-service wants MG followed by 32 hexadecimal digits"));
		goto fail;
	}
	if (!cfg->public_url) {
		snprintf(err, errlen,
			 _("--gateway twilio needs --public-url, the address Twilio calls curtaind at "
			   "(e.g. https://inbox.example.org)"));
		goto fail;
	}
	if (!(t->public_url = base_url(cfg->public_url))) {
		snprintf(err, errlen,
			 _("--public-url wants an https:// URL without a query string "
			   "(http:// only for a loopback address)"));
		goto fail;
	}
	if (!(t->api_base = base_url(cfg->api_base ? cfg->api_base : "https://api.twilio.com"))) {
		snprintf(err, errlen,
			 _("--twilio-api-base wants an https:// URL without a query string "
			   "(http:// only for a loopback address)"));
		goto fail;
	}
	{
		/* Inbound media are fetched only from here (PROTOCOL.md section 12). */
		const char *host = strstr(t->api_base, "://") + 3;
		t->api_origin = xstrndup(t->api_base, (size_t)(host - t->api_base) + strcspn(host, "/"));
		t->api_http = strncmp(t->api_base, "http://", 7) == 0;
	}
	if (cfg->token_file) {
		if (!(t->token = token_from_file(cfg->token_file, err, errlen)))
			goto fail;
	} else if (env_token) {
		t->token = env_token;
		env_token = NULL;
	} else {
		if (!env_bad) /* else err says what is wrong with it */
			snprintf(err, errlen,
				 _("--gateway twilio needs the auth token: --twilio-token-file FILE, or "
				   "%s in the environment (never on the command line)"),
				 TWILIO_TOKEN_ENV);
		goto fail;
	}
	t->account_sid = xstrdup(cfg->account_sid);
	t->messaging_service = cfg->messaging_service ? xstrdup(cfg->messaging_service) : NULL;
	t->timeout_s = cfg->timeout_s > 0 ? cfg->timeout_s : 30;
	/* A claimed item stays ours for one request's timeout plus a margin;
	 * after a crash the next start waits that long before asking Twilio. */
	t->lease_ms = ((int64_t)t->timeout_s + 2) * 1000;
	pthread_mutex_init(&t->mu, NULL);
	/* Monotonic: a step of the wall clock must not stall the workers. */
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&t->cv, &ca);
	pthread_cond_init(&t->media_cv, &ca);
	pthread_condattr_destroy(&ca);
	return t;
fail:
	if (env_token)
		sodium_free(env_token);
	twilio_free_fields(t);
	free(t);
	return NULL;
}

void twilio_free(struct twilio **tp)
{
	struct twilio *t = *tp;
	if (!t)
		return;
	twilio_stop(t);
	pthread_mutex_destroy(&t->mu);
	pthread_cond_destroy(&t->cv);
	pthread_cond_destroy(&t->media_cv);
	twilio_free_fields(t);
	free(t);
	*tp = NULL;
}

/* ---- inbound fields ---------------------------------------------------------------------- */

void twilio_inbound_fields(const struct twilio_params *p, struct gateway_inbound *in)
{
	memset(in, 0, sizeof *in);
	in->carrier_sid = twilio_params_get(p, "MessageSid");
	if (!in->carrier_sid)
		in->carrier_sid = twilio_params_get(p, "SmsMessageSid");
	in->from = twilio_params_get(p, "From");
	in->to = twilio_params_get(p, "To");
	in->body = twilio_params_get(p, "Body");
	const char *nm = twilio_params_get(p, "NumMedia");
	long n = nm ? strtol(nm, NULL, 10) : 0;
	unsigned count = n <= 0 ? 0 : n > GATEWAY_MEDIA_MAX ? GATEWAY_MEDIA_MAX : (unsigned)n;
	for (unsigned i = 0; i < count; i++) {
		char k[40];
		snprintf(k, sizeof k, "MediaUrl%u", i);
		const char *url = twilio_params_get(p, k);
		if (!url)
			continue;
		snprintf(k, sizeof k, "MediaContentType%u", i);
		in->media[in->n_media].url = url;
		in->media[in->n_media].content_type = twilio_params_get(p, k);
		in->n_media++;
	}
}

/* ---- delivery state ----------------------------------------------------------------------- */

int twilio_status_rank(const char *s)
{
	static const struct {
		const char *name;
		int rank;
	} ranks[] = {
		{ "accepted", 1 },  { "scheduled", 1 },	  { "queued", 1 }, { "sending", 2 },
		{ "sent", 3 },	    { "delivered", 4 },	  { "undelivered", 4 },
		{ "failed", 4 },    { "canceled", 4 },	  { "read", 5 },
	};
	for (size_t i = 0; s && i < sizeof ranks / sizeof ranks[0]; i++)
		if (strcmp(s, ranks[i].name) == 0)
			return ranks[i].rank;
	return 0;
}

static enum delivery_state delivery_of(const char *s)
{
	if (strcmp(s, "delivered") == 0 || strcmp(s, "read") == 0)
		return DELIV_DELIVERED;
	if (strcmp(s, "undelivered") == 0 || strcmp(s, "failed") == 0 || strcmp(s, "canceled") == 0)
		return DELIV_FAILED;
	return DELIV_SENT;
}

#define TWILIO_ERR_OPTED_OUT "21610" /* "Attempt to send to unsubscribed recipient" */

/* The carrier says the patient opted out (they replied STOP to Twilio
 * directly): record it for the message's number and department. */
static enum store_rc carrier_opt_out(struct store *st, const char *message_id, const char *ip)
{
	struct message m = { 0 };
	struct conversation conv = { 0 };
	enum consent_state cs = CONSENT_UNKNOWN;
	int64_t at;
	enum store_rc rc = store_message_get(st, message_id, &m);
	if (rc == STORE_OK)
		rc = store_conversation_get(st, m.conversation_id, &conv);
	if (rc == STORE_OK)
		rc = store_consent_get(st, conv.patient_phone, conv.department_id, &cs, &at);
	/* Not on record, the opt-out must fail the callback: Twilio retries. */
	if (rc == STORE_OK && cs != CONSENT_OPTED_OUT &&
	    !gateway_consent_change(st, ip, conv.id, conv.patient_phone, conv.department_id,
				    CONSENT_OPTED_OUT, "carrier"))
		rc = STORE_ERROR;
	message_clear(&m);
	conversation_clear(&conv);
	return rc == STORE_NOT_FOUND ? STORE_OK : rc; /* the message is gone: nothing to record */
}

enum store_rc twilio_status_apply(struct store *st, const struct outbox_item *x, const char *status,
				  const char *error_code, const char *ip, bool *changed)
{
	*changed = false;
	int nr = twilio_status_rank(status);
	if (nr == 0 || nr <= twilio_status_rank(x->carrier_status))
		return STORE_OK; /* unknown, repeated or out of order: delivery never moves back */
	if (error_code && !*error_code)
		error_code = NULL;
	enum store_rc rc = store_outbox_set_status(st, x->message_id, status, error_code);
	if (rc != STORE_OK)
		return rc;
	struct message m = { 0 };
	if ((rc = store_message_get(st, x->message_id, &m)) != STORE_OK)
		return rc;
	enum delivery_state d = delivery_of(status);
	const char *why = d == DELIV_FAILED ? (error_code ? error_code : status) : NULL;
	bool same_error = (!why && !m.delivery_error) ||
			  (why && m.delivery_error && strcmp(why, m.delivery_error) == 0);
	if (m.delivery != d || !same_error) {
		rc = store_message_set_delivery(st, x->message_id, d, why, NULL);
		*changed = rc == STORE_OK;
	}
	message_clear(&m);
	if (rc == STORE_OK && error_code && strcmp(error_code, TWILIO_ERR_OPTED_OUT) == 0) {
		rc = carrier_opt_out(st, x->message_id, ip);
		*changed = rc == STORE_OK;
	}
	return rc;
}

enum store_rc twilio_adopt_sid(struct store *st, const char *message_id, const char *sid,
			       const char *status, const char *error_code, const char *ip,
			       bool *changed)
{
	*changed = false;
	enum store_rc rc = store_outbox_submitted(st, message_id, sid);
	if (rc != STORE_OK)
		return rc;
	struct message m = { 0 };
	if ((rc = store_message_get(st, message_id, &m)) != STORE_OK)
		return rc;
	if (m.delivery == DELIV_PENDING || !m.carrier_sid || strcmp(m.carrier_sid, sid) != 0) {
		rc = store_message_set_delivery(st, message_id,
						m.delivery == DELIV_PENDING ? DELIV_SENT : m.delivery,
						m.delivery_error, sid);
		*changed = rc == STORE_OK;
	}
	message_clear(&m);
	if (rc != STORE_OK)
		return rc;
	struct outbox_item x = { 0 };
	if ((rc = store_outbox_get(st, message_id, &x)) == STORE_OK) {
		bool c2 = false;
		rc = twilio_status_apply(st, &x, status && *status ? status : "queued", error_code, ip,
					 &c2);
		*changed = *changed || c2;
	}
	outbox_item_clear(&x);
	return rc;
}

enum store_rc twilio_fail(struct store *st, const struct outbox_item *x, const char *code,
			  const char *ip)
{
	enum store_rc rc = store_outbox_failed(st, x->message_id, code);
	if (rc == STORE_OK)
		rc = store_message_set_delivery(st, x->message_id, DELIV_FAILED, code, NULL);
	if (rc == STORE_OK && code && strcmp(code, TWILIO_ERR_OPTED_OUT) == 0)
		rc = carrier_opt_out(st, x->message_id, ip);
	return rc;
}

/* ---- webhooks ------------------------------------------------------------------------------- */

/* Bad signatures audited per address and minute, at most; the rest are only
 * logged, so nobody can flood the append-only log. */
#define BAD_SIG_AUDIT_PER_MIN 30

static void audit_bad_signature(struct request *req, struct store *st, const char *hook,
				const char *reason)
{
	log_warn("twilio: %s hook from %s refused: %s", hook, req->ip, reason);
	char key[128];
	snprintf(key, sizeof key, "hook:badsig:%s", req->ip);
	int64_t hits = 0;
	if (store_rate_hit(st, key, 60 * 1000, &hits) != STORE_OK || hits > BAD_SIG_AUDIT_PER_MIN)
		return;
	if (store_tx_begin(st) != STORE_OK)
		return;
	audit_add(st, NULL, req->ip, "carrier.signature.invalid", NULL, NULL,
		  json_pack("{s:s, s:s, s:s}", "gateway", "twilio", "hook", hook, "reason", reason));
	if (store_tx_commit(st) != STORE_OK)
		log_error("twilio: could not audit a refused %s hook", hook);
}

/* Reads a webhook's parameters and checks its signature. On failure
 * replies (403 for a bad or missing signature, audited; 400 for a body that
 * cannot be read) and returns false; *p is then empty. */
static bool hook_verify(struct request *req, struct twilio *t, struct store *st, const char *hook,
			struct twilio_params *p)
{
	memset(p, 0, sizeof *p);
	const char *ct = request_header(req, "Content-Type");
	bool json = ct && strncasecmp(ct, "application/json", 16) == 0;
	const char *sig = request_header(req, "X-Twilio-Signature");
	const char *body = req->body.data ? req->body.data : "";
	size_t len = req->body.len;
	struct buf url;
	buf_init(&url);
	buf_puts(&url, t->public_url);
	buf_puts(&url, req->raw_uri ? req->raw_uri : req->url);
	const char *reason = NULL;
	bool readable = json ? twilio_params_parse_json(p, body, len) :
			       twilio_params_parse_form(p, body, len);
	if (!sig || !*sig) {
		reason = "missingSignature";
	} else if (json) {
		char *hash = twilio_query_param(url.data, "bodySHA256");
		if (!hash)
			reason = "missingBodySHA256";
		else if (!twilio_signature_check(t->token, url.data, NULL, sig))
			reason = "badSignature";
		else if (!twilio_body_hash_check(hash, body, len))
			reason = "badBodySHA256";
		free(hash);
	} else if (!readable) {
		reason = "badSignature"; /* too many fields to be Twilio's */
	} else if (!twilio_signature_check(t->token, url.data, p, sig)) {
		reason = "badSignature";
	}
	if (!reason && readable) {
		const char *acct = twilio_params_get(p, "AccountSid");
		if (acct && strcmp(acct, t->account_sid) != 0)
			reason = "otherAccount";
	}
	buf_free(&url);
	if (reason) {
		audit_bad_signature(req, st, hook, reason);
		twilio_params_free(p);
		reply_problem(req, 403, "forbidden", "The request does not carry a valid Twilio signature",
			      NULL, NULL);
		return false;
	}
	if (!readable) {
		reply_problem(req, 400, "notRequest", "The body is not a form or a JSON object", NULL,
			      NULL);
		return false;
	}
	return true;
}

/* Common start of both hooks: the gateway, the store. NULL after replying. */
static struct store *hook_start(struct request *req, struct twilio **t)
{
	*t = req->srv->twilio;
	if (!*t) {
		reply_problem(req, 404, "notFound", "The Twilio gateway is not enabled on this server",
			      NULL, NULL);
		return NULL;
	}
	struct store *st = server_store(req->srv);
	if (!st)
		reply_problem(req, 503, "unavailable", "The database is not available", NULL, NULL);
	return st;
}

void route_twilio_inbound(struct request *req)
{
	struct twilio *t;
	struct store *st = hook_start(req, &t);
	struct twilio_params p;
	if (!st || !hook_verify(req, t, st, "inbound", &p))
		return;
	struct gateway_inbound in;
	twilio_inbound_fields(&p, &in);
	gateway_inbound_reply_error(req, gateway_inbound(req->srv, st, req->ip, &in));
	twilio_params_free(&p);
}

void route_twilio_status(struct request *req)
{
	struct twilio *t;
	struct store *st = hook_start(req, &t);
	struct twilio_params p;
	if (!st || !hook_verify(req, t, st, "status", &p))
		return;
	const char *sid = twilio_params_get(&p, "MessageSid");
	const char *status = twilio_params_get(&p, "MessageStatus");
	const char *code = twilio_params_get(&p, "ErrorCode");
	if (!sid)
		sid = twilio_params_get(&p, "SmsSid");
	if (!status)
		status = twilio_params_get(&p, "SmsStatus");
	char *ours = twilio_query_param(req->raw_uri ? req->raw_uri : "", "m");
	struct outbox_item x = { 0 };
	bool changed = false;
	if (!sid || !*sid || strlen(sid) > 64 || !status) {
		reply_problem(req, 400, "notRequest", "MessageSid and MessageStatus are required", NULL,
			      NULL);
		goto out;
	}
	if (store_tx_begin(st) != STORE_OK) {
		reply_problem(req, 503, "unavailable", "The server is busy", NULL, NULL);
		reply_header(req, "Retry-After", "1");
		goto out;
	}
	enum store_rc rc = store_outbox_by_sid(st, sid, &x);
	if (rc == STORE_OK) {
		rc = twilio_status_apply(st, &x, status, code, req->ip, &changed);
	} else if (rc == STORE_NOT_FOUND && ours && store_outbox_get(st, ours, &x) == STORE_OK) {
		/* The callback names our message (the m= we put in StatusCallback)
		 * before we recorded its SID: a submission whose answer was lost or
		 * is still on its way. The SID settles it. */
		if (x.state == OUTBOX_SUBMITTING && !x.carrier_sid) {
			rc = twilio_adopt_sid(st, x.message_id, sid, status, code, req->ip, &changed);
			if (rc == STORE_OK)
				log_info("twilio: message %s matched its carrier SID through a status callback",
					 x.message_id);
		} else {
			log_warn("twilio: status callback for message %s names another SID; ignored",
				 x.message_id);
			rc = STORE_OK;
		}
	} else if (rc == STORE_NOT_FOUND) {
		rc = STORE_OK; /* not a message of ours (sent by something else) */
	}
	if (rc != STORE_OK) {
		store_tx_rollback(st);
		reply_problem(req, 500, "serverFail", "Could not record the status", NULL, NULL);
		goto out;
	}
	if (store_tx_commit(st) != STORE_OK) {
		reply_problem(req, 503, "unavailable", "The server is busy", NULL, NULL);
		reply_header(req, "Retry-After", "1");
		goto out;
	}
	if (changed)
		push_notify(req->srv->push);
	gateway_reply_twiml(req);
out:
	outbox_item_clear(&x);
	free(ours);
	twilio_params_free(&p);
}
