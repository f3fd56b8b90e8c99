/* gateway: the carrier side of curtaind. Outbound messages go to the
 * configured gateway (the `sim` gateway records them and reports them
 * delivered); inbound texts arrive on the hook a carrier calls, where the
 * opt-out keywords (STOP, START, HELP …) are handled before staff see them. */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/log.h"
#include "common/util.h"
#include "server/api.h"
#include "server/push.h"

/* ---- outbound -------------------------------------------------------------- */

static bool delivery_step(struct store *st, const char *id, enum delivery_state ds, const char *sid)
{
	if (store_tx_begin(st) != STORE_OK)
		return false;
	if (store_message_set_delivery(st, id, ds, NULL, sid) != STORE_OK) {
		store_tx_rollback(st);
		return false;
	}
	return store_tx_commit(st) == STORE_OK;
}

void gateway_send(struct server *srv, struct store *st, const char *message_id)
{
	struct message m = { 0 };
	struct conversation conv = { 0 };
	struct department d = { 0 };
	if (store_message_get(st, message_id, &m) != STORE_OK ||
	    store_conversation_get(st, m.conversation_id, &conv) != STORE_OK ||
	    store_department_get(st, conv.department_id, &d) != STORE_OK) {
		log_error("gateway: message %s cannot be submitted (missing rows)", message_id);
		goto out;
	}
	/* The sim carrier: record what would have gone out, then walk the
	 * delivery states a real carrier reports. */
	char sid[40];
	snprintf(sid, sizeof sid, "SMsim%s", m.id);
	if (store_tx_begin(st) != STORE_OK)
		goto out;
	if (store_sim_record(st, m.id, d.sms_number, conv.patient_phone, m.body) != STORE_OK ||
	    store_message_set_delivery(st, m.id, DELIV_SENT, NULL, sid) != STORE_OK) {
		store_tx_rollback(st);
		log_error("gateway: message %s could not be submitted", m.id);
		goto out;
	}
	store_tx_commit(st);
	if (!delivery_step(st, m.id, DELIV_DELIVERED, sid))
		log_error("gateway: delivery receipt for %s not recorded", m.id);
	log_info("gateway: sim delivered message %s (%d segment%s)", m.id, m.segments,
		 m.segments == 1 ? "" : "s");
	push_notify(srv->push);
out:
	message_clear(&m);
	conversation_clear(&conv);
	department_clear(&d);
}

void gateway_enqueue_system(struct server *srv, struct store *st, const struct conversation *conv,
			    const char *body)
{
	struct message m = { 0 };
	snprintf(m.conversation_id, ID_LEN, "%s", conv->id);
	m.direction = MSG_SYSTEM;
	m.body = xstrdup(body);
	m.delivery = DELIV_PENDING;
	m.segments = 1;
	m.created_at = now_ms();
	struct actor a = { NULL, NULL, NULL };
	if (store_tx_begin(st) == STORE_OK) {
		if (store_message_create(st, &a, &m) == STORE_OK && store_tx_commit(st) == STORE_OK)
			gateway_send(srv, st, m.id);
		else
			store_tx_rollback(st);
	}
	message_clear(&m);
}

/* ---- inbound hook ----------------------------------------------------------------- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes one application/x-www-form-urlencoded component in place. */
static void form_decode(char *s)
{
	char *o = s;
	for (char *p = s; *p; p++) {
		if (*p == '+') {
			*o++ = ' ';
		} else if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			*o++ = (char)(hexval(p[1]) * 16 + hexval(p[2]));
			p += 2;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
}

struct form {
	char *copy;
	const char *keys[32];
	const char *vals[32];
	size_t n;
};

static void form_parse(struct form *f, const char *body, size_t len)
{
	memset(f, 0, sizeof *f);
	f->copy = xstrndup(body, len);
	char *save = NULL;
	for (char *pair = strtok_r(f->copy, "&", &save); pair && f->n < 32;
	     pair = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(pair, '=');
		if (!eq)
			continue;
		*eq = '\0';
		form_decode(pair);
		form_decode(eq + 1);
		f->keys[f->n] = pair;
		f->vals[f->n] = eq + 1;
		f->n++;
	}
}

static const char *form_get(const struct form *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->keys[i], key) == 0)
			return f->vals[i];
	return NULL;
}

static void form_free(struct form *f)
{
	if (f->copy) {
		sodium_memzero(f->copy, strlen(f->copy));
		free(f->copy);
	}
	memset(f, 0, sizeof *f);
}

enum keyword { KW_NONE, KW_STOP, KW_START, KW_YES, KW_HELP };

static enum keyword keyword_of(const char *body)
{
	char w[16];
	size_t n = 0;
	while (isspace((unsigned char)*body))
		body++;
	for (; *body && n < sizeof w - 1; body++)
		w[n++] = (char)toupper((unsigned char)*body);
	if (*body)
		return KW_NONE;
	while (n && (isspace((unsigned char)w[n - 1]) || w[n - 1] == '.' || w[n - 1] == '!'))
		n--;
	w[n] = '\0';
	static const char *const stop[] = { "STOP", "STOPALL", "UNSUBSCRIBE", "END", "QUIT",
					    "CANCEL", "REVOKE", "OPTOUT", NULL };
	for (size_t i = 0; stop[i]; i++)
		if (strcmp(w, stop[i]) == 0)
			return KW_STOP;
	if (strcmp(w, "START") == 0 || strcmp(w, "UNSTOP") == 0)
		return KW_START;
	if (strcmp(w, "YES") == 0)
		return KW_YES;
	if (strcmp(w, "HELP") == 0 || strcmp(w, "INFO") == 0)
		return KW_HELP;
	return KW_NONE;
}

static bool ip_loopback(const char *ip)
{
	return strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0 ||
	       strncmp(ip, "::ffff:127.", 11) == 0;
}

static void reply_twiml(struct request *req)
{
	reply_text(req, 200, "text/xml",
		   "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
}

/* Replies to patients are in their language; these are carrier texts the
 * patient reads, not interface strings, so they follow the conversation's
 * language rather than the server's locale. */
static void keyword_reply(struct server *srv, struct store *st, const struct conversation *conv,
			  enum keyword kw)
{
	char *name = NULL, *phone = NULL;
	store_setting_get(st, "practice.name", &name);
	store_setting_get(st, "practice.phone", &phone);
	const char *pn = name && *name ? name : "Your care team";
	const char *pp = phone && *phone ? phone : "";
	bool es = conv->language && strncmp(conv->language, "es", 2) == 0;
	char text[480];
	if (kw == KW_STOP)
		snprintf(text, sizeof text,
			 es ? "%s: Se ha dado de baja y no recibirá más mensajes de este número. "
			      "Responda START para volver a suscribirse."
			    : "%s: You are unsubscribed and will get no more texts from this number. "
			      "Reply START to resubscribe.",
			 pn);
	else if (kw == KW_START || kw == KW_YES)
		snprintf(text, sizeof text,
			 es ? "%s: Se ha vuelto a suscribir. Responda STOP para darse de baja."
			    : "%s: You are resubscribed. Reply STOP to unsubscribe.",
			 pn);
	else
		snprintf(text, sizeof text,
			 es ? "%s: para ayuda llame al %s. Responda STOP para darse de baja."
			    : "%s: for help call %s. Reply STOP to unsubscribe.",
			 pn, pp);
	gateway_enqueue_system(srv, st, conv, text);
	free(name);
	free(phone);
}

void route_sim_inbound(struct request *req)
{
	if (!ip_loopback(req->ip)) {
		reply_problem(req, 403, "forbidden", "The sim carrier hook only accepts loopback",
			      NULL, NULL);
		return;
	}
	struct store *st = server_store(req->srv);
	if (!st) {
		reply_problem(req, 503, "unavailable", "The database is not available", NULL, NULL);
		return;
	}
	struct form f;
	form_parse(&f, req->body.data ? req->body.data : "", req->body.len);
	const char *sid = form_get(&f, "MessageSid");
	const char *from = form_get(&f, "From");
	const char *to = form_get(&f, "To");
	const char *body = form_get(&f, "Body");
	struct department d = { 0 };
	struct conversation conv = { 0 };
	struct message m = { 0 };
	if (!sid || !*sid || strlen(sid) > 64 || !from || !to || !body) {
		reply_problem(req, 400, "notRequest", "MessageSid, From, To and Body are required",
			      NULL, NULL);
		goto out;
	}
	if (!e164_valid(from) || !e164_valid(to)) {
		reply_problem(req, 400, "notRequest", "From and To must be E.164 numbers", NULL, NULL);
		goto out;
	}
	if (strlen(body) > 1600 * 4) {
		reply_problem(req, 413, "limit", "The text is too long", NULL, NULL);
		goto out;
	}
	if (store_department_by_number(st, to, &d) != STORE_OK) {
		reply_problem(req, 404, "notFound", "No department has that number", NULL, NULL);
		goto out;
	}
	if (store_message_by_carrier_sid(st, sid, &m) == STORE_OK) {
		reply_twiml(req); /* a carrier retry: already recorded */
		goto out;
	}
	message_clear(&m);
	if (store_tx_begin(st) != STORE_OK) {
		reply_problem(req, 503, "unavailable", "The server is busy", NULL, NULL);
		reply_header(req, "Retry-After", "1");
		goto out;
	}
	struct actor a = { NULL, NULL, req->ip };
	if (store_conversation_by_phone(st, d.id, from, &conv) != STORE_OK) {
		conversation_clear(&conv);
		snprintf(conv.department_id, ID_LEN, "%s", d.id);
		conv.patient_phone = xstrdup(from);
		conv.patient_name = xstrdup("");
		conv.language = xstrdup("en");
		conv.created_at = now_ms();
		conv.last_activity = conv.created_at;
		enum store_rc rc = store_conversation_create(st, &a, &conv);
		if (rc != STORE_OK && rc != STORE_EXISTS) {
			store_tx_rollback(st);
			reply_problem(req, 500, "serverFail", "Could not record the text", NULL, NULL);
			goto out;
		}
	}
	snprintf(m.conversation_id, ID_LEN, "%s", conv.id);
	m.direction = MSG_IN;
	m.body = xstrdup(body);
	m.delivery = DELIV_RECEIVED;
	m.carrier_sid = xstrdup(sid);
	m.segments = 1;
	m.created_at = now_ms();
	if (store_message_create(st, &a, &m) != STORE_OK) {
		store_tx_rollback(st);
		reply_problem(req, 500, "serverFail", "Could not record the text", NULL, NULL);
		goto out;
	}
	audit_add(st, NULL, req->ip, "message.inbound", "conversation", conv.id,
		  json_pack("{s:s}", "messageId", m.id));
	enum keyword kw = keyword_of(body);
	enum consent_state cs = CONSENT_UNKNOWN;
	int64_t at;
	store_consent_get(st, from, d.id, &cs, &at);
	bool reply = false;
	if (kw == KW_STOP && cs != CONSENT_OPTED_OUT) {
		store_consent_set(st, from, d.id, CONSENT_OPTED_OUT, "keyword");
		reply = true;
	} else if ((kw == KW_START && cs != CONSENT_OPTED_IN) ||
		   (kw == KW_YES && cs == CONSENT_OPTED_OUT)) {
		store_consent_set(st, from, d.id, CONSENT_OPTED_IN, "keyword");
		reply = true;
	} else if (kw == KW_HELP) {
		reply = true;
	}
	if (reply && kw != KW_HELP)
		audit_add(st, NULL, req->ip, "consent.change", "conversation", conv.id,
			  json_pack("{s:s, s:s}", "state", kw == KW_STOP ? "optedOut" : "optedIn",
				    "source", "keyword"));
	if (store_tx_commit(st) != STORE_OK) {
		reply_problem(req, 503, "unavailable", "The server is busy", NULL, NULL);
		reply_header(req, "Retry-After", "1");
		goto out;
	}
	if (reply) {
		/* Re-read so the reply sees the conversation as committed. */
		struct conversation fresh = { 0 };
		if (store_conversation_get(st, conv.id, &fresh) == STORE_OK)
			keyword_reply(req->srv, st, &fresh, kw == KW_YES ? KW_START : kw);
		conversation_clear(&fresh);
	}
	push_notify(req->srv->push);
	reply_twiml(req);
out:
	message_clear(&m);
	conversation_clear(&conv);
	department_clear(&d);
	form_free(&f);
}
