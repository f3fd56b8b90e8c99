/* gateway: the carrier side of curtaind. Outbound messages go to the
 * configured gateway (the `sim` gateway records them and reports them
 * delivered; `twilio` queues them in the outbox its worker drains, see
 * twilio.c); inbound texts arrive on the hook a carrier calls and meet
 * gateway_inbound(), where the opt-out keywords (STOP, START, HELP …) are
 * handled before staff see them. */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/log.h"
#include "common/util.h"
#include "server/api.h"
#include "server/attachments.h"
#include "server/gateway.h"
#include "server/push.h"
#include "server/twilio.h"

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

enum store_rc gateway_stage(struct server *srv, struct store *st, const struct conversation *conv,
			    const struct message *m)
{
	if (!srv->twilio)
		return STORE_OK; /* the sim carrier sends at once, in gateway_send */
	struct department d = { 0 };
	enum store_rc rc = store_department_get(st, conv->department_id, &d);
	if (rc == STORE_OK)
		rc = store_outbox_add(st, m->id, d.id, m->direction, d.sms_number,
				      conv->patient_phone, m->body);
	if (rc != STORE_OK)
		log_error("gateway: message %s could not be queued for the carrier", m->id);
	department_clear(&d);
	return rc;
}

void gateway_send(struct server *srv, struct store *st, const char *message_id)
{
	if (srv->twilio) {
		/* Already in the outbox (gateway_stage): the worker takes it. */
		twilio_wake(srv->twilio);
		return;
	}
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
		if (store_message_create(st, &a, &m) == STORE_OK &&
		    gateway_stage(srv, st, conv, &m) == STORE_OK && store_tx_commit(st) == STORE_OK)
			gateway_send(srv, st, m.id);
		else
			store_tx_rollback(st);
	}
	message_clear(&m);
}

/* ---- inbound ------------------------------------------------------------------------------- */

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

bool gateway_sim_hook_open(const struct request *req)
{
	/* Behind a proxy every client arrives from loopback, and with Twilio
	 * nothing legitimate posts here: then nobody may. */
	return !req->srv->twilio && !req->srv->cfg.behind_tls_proxy && ip_loopback(req->ip);
}

void gateway_reply_twiml(struct request *req)
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

bool gateway_consent_change(struct store *st, const char *ip, const char *conv_id, const char *e164,
			    const char *dept_id, enum consent_state cs, const char *source)
{
	if (store_consent_set(st, e164, dept_id, cs, source) != STORE_OK) {
		log_error("gateway: consent of a number in conversation %s not recorded", conv_id);
		return false;
	}
	return audit_add(st, NULL, ip, "consent.change", "conversation", conv_id,
			 json_pack("{s:s, s:s}", "state",
				   cs == CONSENT_OPTED_OUT ? "optedOut" : "optedIn", "source", source));
}

enum gateway_in_rc gateway_inbound(struct server *srv, struct store *st, const char *ip,
				   const struct gateway_inbound *in)
{
	const char *sid = in->carrier_sid, *from = in->from, *to = in->to, *body = in->body;
	if (!sid || !*sid || strlen(sid) > 64 || !from || !to || !body)
		return GATEWAY_IN_MISSING;
	if (!e164_valid(from) || !e164_valid(to))
		return GATEWAY_IN_BAD_NUMBER;
	if (strlen(body) > 1600 * 4)
		return GATEWAY_IN_TOO_LONG;
	struct department d = { 0 };
	struct conversation conv = { 0 };
	struct message m = { 0 };
	enum gateway_in_rc out = GATEWAY_IN_OK;
	if (store_department_by_number(st, to, &d) != STORE_OK) {
		out = GATEWAY_IN_NO_DEPARTMENT;
		goto out;
	}
	if (store_message_by_carrier_sid(st, sid, &m) == STORE_OK) {
		out = GATEWAY_IN_DUPLICATE; /* a carrier retry: already recorded */
		goto out;
	}
	message_clear(&m);
	if (store_tx_begin(st) != STORE_OK) {
		out = GATEWAY_IN_BUSY;
		goto out;
	}
	struct actor a = { NULL, NULL, ip };
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
			out = GATEWAY_IN_FAIL;
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
	enum store_rc mrc = store_message_create(st, &a, &m);
	if (mrc != STORE_OK) {
		store_tx_rollback(st);
		/* A concurrent retry of the same text won the unique carrier SID. */
		out = mrc == STORE_EXISTS ? GATEWAY_IN_DUPLICATE : GATEWAY_IN_FAIL;
		goto out;
	}
	bool fetch = false;
	if (in->n_media && attachments_inbound(srv, st, m.id, conv.id, in, &fetch) != STORE_OK) {
		store_tx_rollback(st);
		out = GATEWAY_IN_FAIL;
		goto out;
	}
	audit_add(st, NULL, ip, "message.inbound", "conversation", conv.id,
		  json_pack("{s:s}", "messageId", m.id));
	enum keyword kw = keyword_of(body);
	enum consent_state cs = CONSENT_UNKNOWN;
	int64_t at;
	store_consent_get(st, from, d.id, &cs, &at);
	bool reply = false, consent_ok = true;
	if (kw == KW_STOP && cs != CONSENT_OPTED_OUT) {
		consent_ok = gateway_consent_change(st, ip, conv.id, from, d.id, CONSENT_OPTED_OUT,
						    "keyword");
		reply = true;
	} else if ((kw == KW_START && cs != CONSENT_OPTED_IN) ||
		   (kw == KW_YES && cs == CONSENT_OPTED_OUT)) {
		consent_ok = gateway_consent_change(st, ip, conv.id, from, d.id, CONSENT_OPTED_IN,
						    "keyword");
		reply = true;
	} else if (kw == KW_HELP) {
		reply = true;
	}
	if (!consent_ok) {
		/* A STOP that is not on record must not be acknowledged: the
		 * carrier retries the whole text. */
		store_tx_rollback(st);
		out = GATEWAY_IN_BUSY;
		goto out;
	}
	if (store_tx_commit(st) != STORE_OK) {
		out = GATEWAY_IN_BUSY;
		goto out;
	}
	if (fetch)
		twilio_media_wake(srv->twilio);
	if (reply) {
		/* Re-read so the reply sees the conversation as committed. */
		struct conversation fresh = { 0 };
		if (store_conversation_get(st, conv.id, &fresh) == STORE_OK)
			keyword_reply(srv, st, &fresh, kw == KW_YES ? KW_START : kw);
		conversation_clear(&fresh);
	}
	push_notify(srv->push);
out:
	message_clear(&m);
	conversation_clear(&conv);
	department_clear(&d);
	return out;
}

void gateway_inbound_reply_error(struct request *req, enum gateway_in_rc rc)
{
	switch (rc) {
	case GATEWAY_IN_OK:
	case GATEWAY_IN_DUPLICATE:
		gateway_reply_twiml(req);
		break;
	case GATEWAY_IN_MISSING:
		reply_problem(req, 400, "notRequest", "MessageSid, From, To and Body are required",
			      NULL, NULL);
		break;
	case GATEWAY_IN_BAD_NUMBER:
		reply_problem(req, 400, "notRequest", "From and To must be E.164 numbers", NULL, NULL);
		break;
	case GATEWAY_IN_TOO_LONG:
		reply_problem(req, 413, "limit", "The text is too long", NULL, NULL);
		break;
	case GATEWAY_IN_NO_DEPARTMENT:
		reply_problem(req, 404, "notFound", "No department has that number", NULL, NULL);
		break;
	case GATEWAY_IN_BUSY:
		reply_problem(req, 503, "unavailable", "The server is busy", NULL, NULL);
		reply_header(req, "Retry-After", "1");
		break;
	case GATEWAY_IN_FAIL:
		reply_problem(req, 500, "serverFail", "Could not record the text", NULL, NULL);
		break;
	}
}

void route_sim_inbound(struct request *req)
{
	if (!gateway_sim_hook_open(req)) {
		reply_problem(req, 403, "forbidden", "The sim carrier hook only accepts loopback",
			      "and only with --gateway sim, not behind a TLS proxy", NULL);
		return;
	}
	struct store *st = server_store(req->srv);
	if (!st) {
		reply_problem(req, 503, "unavailable", "The database is not available", NULL, NULL);
		return;
	}
	struct twilio_params p;
	if (!twilio_params_parse_form(&p, req->body.data ? req->body.data : "", req->body.len)) {
		reply_problem(req, 400, "notRequest", "Too many form fields", NULL, NULL);
		return;
	}
	/* The sim carrier posts Twilio's field names: one parser for both. */
	struct gateway_inbound in;
	twilio_inbound_fields(&p, &in);
	gateway_inbound_reply_error(req, gateway_inbound(req->srv, st, req->ip, &in));
	twilio_params_free(&p);
}
