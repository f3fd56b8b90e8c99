/* attachments: downloads, uploads, the carrier's media URL, Attachment JSON
 * and inbound media (see attachments.h). Nothing here logs a file name,
 * a URL the carrier gave (it names the carrier's message) or any byte of
 * the media: ids, sizes and types only. */
#include "server/attachments.h"

#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"
#include "proto/codec.h"
#include "server/media.h"

/* ---- JSON ---------------------------------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *attachment_to_json(const struct attachment *a)
{
	/* Until the bytes are read, the type is what the sender declared. */
	return json_pack("{s:s, s:o, s:I, s:s, s:o, s:o}", "id", a->id, "contentType",
			 str_or_null(a->content_type ? a->content_type : a->declared_type), "size",
			 (json_int_t)a->size, "state", attach_state_name(a->state), "reason",
			 str_or_null(a->reason), "name", str_or_null(a->name));
}

json_t *attachments_json(struct store *st, const char *message_id)
{
	json_t *arr = json_array();
	struct attachment *as = NULL;
	size_t n = 0;
	if (store_attachment_list(st, message_id, &as, &n) != STORE_OK) {
		log_error("attachments: the attachments of message %s could not be read", message_id);
		json_decref(arr);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(arr, attachment_to_json(&as[i]));
		attachment_clear(&as[i]);
	}
	free(as);
	return arr;
}

json_t *message_json(struct store *st, const struct message *m, bool with_attachments)
{
	json_t *o = message_to_json(m);
	if (!with_attachments) {
		json_object_del(o, "attachments");
		return o;
	}
	json_t *as = attachments_json(st, m->id);
	if (!as) {
		json_decref(o);
		return NULL;
	}
	json_object_set_new(o, "attachments", as);
	return o;
}

/* ---- inbound ------------------------------------------------------------------------- */

static const char *reason_of(enum media_check mc)
{
	return mc == MEDIA_TOO_LARGE ? "tooLarge" : "badType";
}

enum store_rc attachments_inbound(struct server *srv, struct store *st, const char *message_id,
				  const char *conv_id, const struct gateway_inbound *in, bool *fetch)
{
	*fetch = false;
	size_t n = in->n_media < MEDIA_MAX_PER_MESSAGE ? in->n_media : MEDIA_MAX_PER_MESSAGE;
	size_t max = (size_t)srv->cfg.max_media_bytes;
	for (size_t i = 0; i < n; i++) {
		const struct gateway_media *gm = &in->media[i];
		struct attachment a = { 0 };
		snprintf(a.message_id, ID_LEN, "%s", message_id);
		snprintf(a.conversation_id, ID_LEN, "%s", conv_id);
		a.ordinal = (int)i;
		char decl[MEDIA_TYPE_LEN] = "";
		if (gm->content_type && media_type_normalize(gm->content_type, decl))
			a.declared_type = xstrdup(decl);
		unsigned char *bytes = NULL;
		size_t len = 0;
		enum store_rc rc;
		if (srv->twilio) {
			/* The worker fetches it (and checks where from) after the commit. */
			a.state = ATTACH_FETCHING;
			a.source_url = xstrdup(gm->url ? gm->url : "");
			a.next_at = now_ms();
			rc = store_attachment_add(st, &a, NULL, 0);
			*fetch = true;
		} else {
			/* The sim carrier: a data: URL, checked as a fetched one would be. */
			char url_type[MEDIA_TYPE_LEN];
			enum media_check mc = media_data_url(gm->url, max, &bytes, &len, url_type);
			const char *type = NULL;
			if (mc == MEDIA_OK)
				mc = media_check(bytes, len, decl[0] ? decl : url_type, max, &type);
			if (mc == MEDIA_OK) {
				a.state = ATTACH_STORED;
				a.content_type = xstrdup(type);
			} else {
				a.state = ATTACH_REJECTED;
				a.reason = xstrdup(gm->url && strncmp(gm->url, "data:", 5) != 0 ?
							   "fetchFailed" :
							   reason_of(mc));
			}
			rc = store_attachment_add(st, &a, mc == MEDIA_OK ? bytes : NULL, len);
			log_info("gateway: message %s media %zu: %s%s%s", message_id, i,
				 attach_state_name(a.state), a.reason ? " " : "",
				 a.reason ? a.reason : "");
		}
		if (bytes) {
			sodium_memzero(bytes, len);
			free(bytes);
		}
		attachment_clear(&a);
		if (rc != STORE_OK)
			return rc;
	}
	if (in->n_media > n)
		log_info("gateway: message %s: %zu media beyond the limit of %d ignored", message_id,
			 in->n_media - n, MEDIA_MAX_PER_MESSAGE);
	return STORE_OK;
}

/* ---- serving bytes ------------------------------------------------------------------ */

struct sent_bytes {
	unsigned char *data;
	size_t len;
};

static void sent_bytes_free(void *cls)
{
	struct sent_bytes *b = cls;
	sodium_memzero(b->data, b->len);
	free(b->data);
	free(b);
}

/* Replies 200 with the bytes (taken over) as a download. */
static void reply_bytes(struct request *req, const struct attachment *a, unsigned char *data,
			size_t len)
{
	struct sent_bytes *b = xmalloc(sizeof *b);
	b->data = data;
	b->len = len;
	struct MHD_Response *resp =
		MHD_create_response_from_buffer_with_free_callback_cls(len, data, sent_bytes_free, b);
	if (!resp)
		die_oom();
	MHD_add_response_header(resp, "Content-Type", a->content_type);
	/* The uploader's name stays out of the headers (proxies log them). */
	char cd[96];
	snprintf(cd, sizeof cd, "attachment; filename=\"%s.%s\"", a->id,
		 media_extension(a->content_type));
	MHD_add_response_header(resp, "Content-Disposition", cd);
	reply_response(req, 200, resp);
}

static void reply_not_found(struct request *req)
{
	reply_problem(req, 404, "notFound", "No such attachment", NULL, NULL);
}

static void reply_busy(struct request *req)
{
	reply_problem(req, 503, "unavailable", "The server is busy, try again", NULL, NULL);
	reply_header(req, "Retry-After", "1");
}

/* An audit entry in its own transaction; false when it could not be written
 * (then nothing may be served: every read of PHI is accounted for). */
static bool audit_now(struct store *st, const struct principal *p, const char *ip,
		      const char *action, const struct attachment *a)
{
	if (store_tx_begin(st) != STORE_OK)
		return false;
	/* Bytes go out only once their reading is on record. */
	if (!audit_add(st, p, ip, action, "attachment", a->id,
		       json_pack("{s:s, s:s?}", "conversationId", a->conversation_id, "messageId",
				 a->message_id[0] ? a->message_id : NULL))) {
		store_tx_rollback(st);
		return false;
	}
	return store_tx_commit(st) == STORE_OK;
}

static struct store *store_or_503(struct request *req)
{
	struct store *st = server_store(req->srv);
	if (!st)
		reply_problem(req, 503, "unavailable", "The database is not available", NULL, NULL);
	return st;
}

/* ---- GET /v1/attachments/{id}?purpose=view|save -------------------------------------- */

void route_attachment_get(struct request *req)
{
	struct store *st = store_or_503(req);
	struct principal p;
	if (!st || !auth_principal(req, st, &p))
		return;
	const char *id = req->url + strlen("/v1/attachments/");
	const char *purpose = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "purpose");
	struct attachment a = { 0 };
	struct conversation conv = { 0 };
	if (!purpose || (strcmp(purpose, "view") != 0 && strcmp(purpose, "save") != 0)) {
		reply_problem(req, 400, "notRequest", "purpose must be view or save",
			      "GET /v1/attachments/{id}?purpose=view|save", NULL);
		goto out;
	}
	if (strlen(id) >= ID_LEN || store_attachment_get(st, id, &a, false) != STORE_OK ||
	    store_conversation_get(st, a.conversation_id, &conv) != STORE_OK) {
		reply_not_found(req);
		goto out;
	}
	if (!principal_sees(&p, conv.department_id)) {
		if (!audit_now(st, &p, req->ip, "attachment.denied", &a))
			log_error("audit: could not record a denied attachment read");
		reply_not_found(req);
		goto out;
	}
	/* An upload no message uses yet is its uploader's alone. */
	if (a.state != ATTACH_STORED || (!a.message_id[0] && strcmp(a.uploader_id, p.staff.id) != 0)) {
		reply_not_found(req);
		goto out;
	}
	unsigned char *data = NULL;
	size_t len = 0;
	enum store_rc rc = store_attachment_data(st, a.id, &data, &len);
	if (rc != STORE_OK) {
		if (rc == STORE_NOT_FOUND)
			reply_not_found(req);
		else
			reply_busy(req);
		goto out;
	}
	if (!audit_now(st, &p, req->ip,
		       strcmp(purpose, "save") == 0 ? "attachment.save" : "attachment.view", &a)) {
		sodium_memzero(data, len);
		free(data);
		reply_busy(req);
		goto out;
	}
	reply_bytes(req, &a, data, len);
out:
	attachment_clear(&a);
	conversation_clear(&conv);
	principal_clear(&p);
}

/* ---- POST /v1/attachments?conversationId=… ------------------------------------------- */

void route_attachment_upload(struct request *req)
{
	struct store *st = store_or_503(req);
	struct principal p;
	if (!st || !auth_principal(req, st, &p))
		return;
	const char *conv_id =
		MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "conversationId");
	const char *name = request_header(req, "X-Curtain-Filename");
	char decl[MEDIA_TYPE_LEN];
	struct conversation conv = { 0 };
	struct attachment a = { 0 };
	const char *type = NULL;
	if (!conv_id || !*conv_id) {
		reply_problem(req, 400, "notRequest", "conversationId is required",
			      "POST /v1/attachments?conversationId=…", NULL);
		goto out;
	}
	if (strlen(conv_id) >= ID_LEN || store_conversation_get(st, conv_id, &conv) != STORE_OK ||
	    !principal_sees(&p, conv.department_id)) {
		reply_problem(req, 404, "notFound", "No such conversation", NULL, NULL);
		goto out;
	}
	if (name && !media_name_valid(name)) {
		reply_problem(req, 400, "notRequest", "X-Curtain-Filename is not a usable file name",
			      "1 to 255 bytes of UTF-8 without control characters or slashes", NULL);
		goto out;
	}
	if (!media_type_normalize(request_header(req, "Content-Type"), decl) ||
	    !media_type_allowed(decl)) {
		reply_problem(req, 415, "unsupportedMediaType", "This type of file cannot be sent",
			      "allowed: image/jpeg, image/png, image/gif, application/pdf", NULL);
		goto out;
	}
	switch (media_check(req->body.data, req->body.len, decl, (size_t)req->srv->cfg.max_media_bytes,
			    &type)) {
	case MEDIA_OK:
		break;
	case MEDIA_EMPTY:
		reply_problem(req, 400, "notRequest", "The body is empty", "send the file's bytes", NULL);
		goto out;
	case MEDIA_TOO_LARGE:
		reply_problem(req, 413, "limit", "The file is too large", NULL,
			      json_pack("{s:s}", "limit", "maxMediaBytes"));
		goto out;
	case MEDIA_BAD_TYPE:
		reply_problem(req, 415, "unsupportedMediaType",
			      "The file's contents do not match its Content-Type", NULL, NULL);
		goto out;
	}
	snprintf(a.conversation_id, ID_LEN, "%s", conv.id);
	snprintf(a.uploader_id, ID_LEN, "%s", p.staff.id);
	a.state = ATTACH_STORED;
	a.declared_type = xstrdup(decl);
	a.content_type = xstrdup(type);
	a.name = name ? xstrdup(name) : NULL;
	if (store_tx_begin(st) != STORE_OK) {
		reply_busy(req);
		goto out;
	}
	if (store_attachment_add(st, &a, req->body.data, req->body.len) != STORE_OK) {
		store_tx_rollback(st);
		reply_problem(req, 500, "serverFail", "Could not store the file", NULL, NULL);
		goto out;
	}
	audit_add(st, &p, req->ip, "attachment.upload", "attachment", a.id,
		  json_pack("{s:s, s:s, s:I}", "conversationId", conv.id, "contentType", type, "size",
			    (json_int_t)a.size));
	if (store_tx_commit(st) != STORE_OK) {
		reply_busy(req);
		goto out;
	}
	reply_json(req, 201,
		   json_pack("{s:s, s:s, s:I, s:o}", "id", a.id, "contentType", type, "size",
			     (json_int_t)a.size, "name", a.name ? json_string(a.name) : json_null()));
out:
	attachment_clear(&a);
	conversation_clear(&conv);
	principal_clear(&p);
}

/* ---- GET /v1/hooks/twilio/media/{id}/{token} ---------------------------------------------- */

void route_carrier_media(struct request *req)
{
	const char *rest = req->url + strlen(CARRIER_MEDIA_PATH);
	const char *slash = strchr(rest, '/');
	char id[ID_LEN], want[65], got[65];
	int64_t expires = 0;
	struct attachment a = { 0 };
	struct store *st = store_or_503(req);
	if (!st)
		return;
	if (!slash || slash == rest || (size_t)(slash - rest) >= ID_LEN || !slash[1] ||
	    strlen(slash + 1) > 64) {
		reply_not_found(req);
		return;
	}
	memcpy(id, rest, (size_t)(slash - rest));
	id[slash - rest] = '\0';
	crypto_token_hash(&req->srv->keys, slash + 1, got);
	if (store_attachment_carrier_token(st, id, want, &expires) != STORE_OK || strlen(want) != 64 ||
	    sodium_memcmp(want, got, 64) != 0 || expires <= now_ms() ||
	    store_attachment_get(st, id, &a, false) != STORE_OK || a.state != ATTACH_STORED) {
		log_info("twilio: a media fetch for %s was refused (unknown, wrong or expired token)",
			 strlen(id) < ID_LEN ? id : "?");
		reply_not_found(req);
		goto out;
	}
	unsigned char *data = NULL;
	size_t len = 0;
	if (store_attachment_data(st, id, &data, &len) != STORE_OK) {
		reply_not_found(req);
		goto out;
	}
	if (!audit_now(st, NULL, req->ip, "attachment.carrierFetch", &a)) {
		sodium_memzero(data, len);
		free(data);
		reply_busy(req);
		goto out;
	}
	reply_bytes(req, &a, data, len);
out:
	attachment_clear(&a);
}
