/* codec: object <-> JSON for every protocol type. Encoding never fails
 * (out of memory aborts); decoding checks each property's type and reports
 * the first bad one by name, never by value. */
#include "proto/codec.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/util.h"
#include "proto/sms.h"

/* ---- encoding ---------------------------------------------------------- */

static void put(json_t *o, const char *key, json_t *v)
{
	/* json_object_set_new() consumes v even on failure. */
	if (!v || json_object_set_new(o, key, v) != 0)
		die_oom();
}

static json_t *new_object(void)
{
	json_t *o = json_object();
	if (!o)
		die_oom();
	return o;
}

/* A JSON string for s (NULL as ""). jansson refuses invalid UTF-8, which a
 * carrier or an old row could still hand us; rather than drop a patient's
 * message, each bad byte becomes U+FFFD, as sms_count() counts it. */
static json_t *j_str(const char *s)
{
	if (!s)
		s = "";
	json_t *v = json_string(s);
	if (v)
		return v;
	size_t len = strlen(s);
	if (sms_utf8_valid(s, len))
		die_oom();
	struct buf b;
	buf_init(&b);
	sms_utf8_repair(s, len, &b);
	v = json_string(b.data ? b.data : "");
	buf_free(&b); /* wipes: the text may be PHI */
	if (!v)
		die_oom();
	return v;
}

static json_t *j_str_or_null(const char *s)
{
	return s ? j_str(s) : json_null();
}

static json_t *j_id_or_null(const char *id)
{
	return id[0] ? j_str(id) : json_null();
}

static json_t *j_int(int64_t v)
{
	return json_integer((json_int_t)v);
}

static json_t *j_time(int64_t ms)
{
	char iso[40];
	time_format_iso(ms, iso);
	return json_string(iso);
}

static json_t *j_time_or_null(int64_t ms)
{
	return ms ? j_time(ms) : json_null();
}

/* Enum names are NULL only for a corrupt value; null is the honest answer. */
static json_t *j_name(const char *name)
{
	return name ? json_string(name) : json_null();
}

/* ---- decoding ---------------------------------------------------------- */

enum { DEC_REQUIRED = 1, DEC_NULLABLE = 2 };

struct dec {
	const json_t *obj;
	const char *type; /* "Conversation", "Conversation.lastMessage", ... */
	char *err;
	size_t errlen;
	bool failed;
};

static void dec_fail(struct dec *d, const char *prop, const char *problem)
{
	if (d->failed)
		return;
	d->failed = true;
	if (d->err && d->errlen)
		snprintf(d->err, d->errlen, "%s.%s: %s", d->type, prop, problem);
}

/* The member to decode, or NULL when absent (or an earlier one failed).
 * JSON null is returned as is. */
static const json_t *dec_get(struct dec *d, const char *prop, unsigned flags)
{
	if (d->failed)
		return NULL;
	const json_t *v = json_object_get(d->obj, prop);
	if (!v && (flags & DEC_REQUIRED)) {
		/* TRANSLATORS: a required property is absent from an object the
		 * server sent; shown after "Type.property: ". */
		dec_fail(d, prop, _("missing"));
		return NULL;
	}
	if (v && json_is_null(v) && !(flags & DEC_NULLABLE)) {
		/* TRANSLATORS: a property the server sent is null but must not be. */
		dec_fail(d, prop, _("must not be null"));
		return NULL;
	}
	return v;
}

static bool id_valid(const char *s, size_t len)
{
	if (len == 0 || len >= ID_LEN)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
	}
	return true;
}

/* An id property: null (when allowed) decodes as "". */
static void dec_id(struct dec *d, const char *prop, char out[ID_LEN], unsigned flags)
{
	const json_t *v = dec_get(d, prop, flags);
	if (!v || json_is_null(v))
		return;
	if (!json_is_string(v) || !id_valid(json_string_value(v), json_string_length(v))) {
		/* TRANSLATORS: a property that should hold an object id does not. */
		dec_fail(d, prop, _("not a valid id"));
		return;
	}
	memcpy(out, json_string_value(v), json_string_length(v) + 1);
}

static bool string_ok(struct dec *d, const char *prop, const json_t *v)
{
	if (!json_is_string(v)) {
		/* TRANSLATORS: a property that should be text is not. */
		dec_fail(d, prop, _("expected a string"));
		return false;
	}
	/* C strings would silently cut the text at an escaped \u0000. */
	if (memchr(json_string_value(v), '\0', json_string_length(v))) {
		/* TRANSLATORS: text contains a NUL character (\u0000). */
		dec_fail(d, prop, _("contains a NUL character"));
		return false;
	}
	return true;
}

/* A string property into a new allocation; null (when allowed) is NULL. */
static void dec_str(struct dec *d, const char *prop, char **out, unsigned flags)
{
	const json_t *v = dec_get(d, prop, flags);
	if (!v || json_is_null(v) || !string_ok(d, prop, v))
		return;
	*out = xstrndup(json_string_value(v), json_string_length(v));
}

static void dec_int(struct dec *d, const char *prop, int64_t *out, int64_t min, int64_t max)
{
	const json_t *v = dec_get(d, prop, 0);
	if (!v)
		return;
	if (!json_is_integer(v)) {
		/* TRANSLATORS: a property that should be a whole number is not. */
		dec_fail(d, prop, _("expected an integer"));
		return;
	}
	json_int_t n = json_integer_value(v);
	if (n < min || n > max) {
		/* TRANSLATORS: a number the server sent is outside its allowed range. */
		dec_fail(d, prop, _("out of range"));
		return;
	}
	*out = (int64_t)n;
}

static void dec_bool(struct dec *d, const char *prop, bool *out)
{
	const json_t *v = dec_get(d, prop, 0);
	if (!v)
		return;
	if (!json_is_boolean(v)) {
		/* TRANSLATORS: a property that should be true or false is not. */
		dec_fail(d, prop, _("expected true or false"));
		return;
	}
	*out = json_is_true(v);
}

/* An ISO 8601 time into ms; null (when allowed) decodes as 0. */
static void dec_time(struct dec *d, const char *prop, int64_t *out, unsigned flags)
{
	const json_t *v = dec_get(d, prop, flags);
	if (!v || json_is_null(v))
		return;
	int64_t ms;
	if (!json_is_string(v) || !time_parse_iso(json_string_value(v), &ms)) {
		/* TRANSLATORS: a property that should be a date and time (ISO 8601) is not. */
		dec_fail(d, prop, _("not an ISO 8601 time"));
		return;
	}
	*out = ms;
}

/* An enum name; returns its value, or -1 when absent or bad. */
static int dec_enum(struct dec *d, const char *prop, int (*parse)(const char *))
{
	const json_t *v = dec_get(d, prop, 0);
	if (!v)
		return -1;
	int e = json_is_string(v) ? parse(json_string_value(v)) : -1;
	if (e < 0) {
		/* TRANSLATORS: a property holds a name this version does not know
		 * (e.g. a status other than open, pending, snoozed, resolved). */
		dec_fail(d, prop, _("unknown value"));
	}
	return e;
}

/* Starts decoding j as an object of the given type. */
static bool dec_begin(struct dec *d, const json_t *j, const char *type, char *err, size_t errlen)
{
	d->obj = j;
	d->type = type;
	d->err = err;
	d->errlen = errlen;
	d->failed = false;
	if (!json_is_object(j)) {
		d->failed = true;
		if (err && errlen) {
			/* TRANSLATORS: %s is an object type such as "Conversation". */
			snprintf(err, errlen, _("%s: not a JSON object"), type);
		}
		return false;
	}
	return true;
}

/* ---- Department -------------------------------------------------------- */

json_t *department_to_json(const struct department *d, const struct dept_counts *counts)
{
	json_t *o = new_object();
	put(o, "id", j_str(d->id));
	put(o, "version", j_int(d->version));
	put(o, "name", j_str(d->name));
	put(o, "smsNumber", j_str(d->sms_number));
	put(o, "secureTemplateId", j_str_or_null(d->secure_template_id));
	if (counts) {
		json_t *c = new_object();
		put(c, "open", j_int(counts->open));
		put(c, "unassigned", j_int(counts->unassigned));
		put(c, "mine", j_int(counts->mine));
		put(c, "waiting", j_int(counts->waiting));
		put(c, "snoozed", j_int(counts->snoozed));
		put(c, "resolved", j_int(counts->resolved));
		put(o, "counts", c);
	}
	return o;
}

static void dec_counts(struct dec *parent, struct dept_counts *counts)
{
	const json_t *v = dec_get(parent, "counts", 0);
	if (!v)
		return;
	struct dec d;
	if (!dec_begin(&d, v, "Department.counts", parent->err, parent->errlen)) {
		parent->failed = true;
		return;
	}
	dec_int(&d, "open", &counts->open, 0, INT64_MAX);
	dec_int(&d, "unassigned", &counts->unassigned, 0, INT64_MAX);
	dec_int(&d, "mine", &counts->mine, 0, INT64_MAX);
	dec_int(&d, "waiting", &counts->waiting, 0, INT64_MAX);
	dec_int(&d, "snoozed", &counts->snoozed, 0, INT64_MAX);
	dec_int(&d, "resolved", &counts->resolved, 0, INT64_MAX);
	parent->failed = d.failed;
}

bool department_from_json(const json_t *j, struct department *out, struct dept_counts *counts,
			  char *err, size_t errlen)
{
	struct dec d;
	memset(out, 0, sizeof *out);
	if (counts)
		memset(counts, 0, sizeof *counts);
	if (!dec_begin(&d, j, "Department", err, errlen))
		return false;
	dec_id(&d, "id", out->id, DEC_REQUIRED);
	dec_int(&d, "version", &out->version, 0, INT64_MAX);
	dec_str(&d, "name", &out->name, 0);
	dec_str(&d, "smsNumber", &out->sms_number, 0);
	dec_str(&d, "secureTemplateId", &out->secure_template_id, DEC_NULLABLE);
	if (counts)
		dec_counts(&d, counts);
	if (d.failed) {
		department_clear(out);
		if (counts)
			memset(counts, 0, sizeof *counts);
		return false;
	}
	return true;
}

/* ---- Staff ------------------------------------------------------------- */

json_t *staff_to_json(const struct staff *s)
{
	json_t *o = new_object();
	put(o, "id", j_str(s->id));
	put(o, "version", j_int(s->version));
	put(o, "username", j_str(s->username));
	put(o, "displayName", j_str(s->display_name));
	put(o, "role", j_name(role_name(s->role)));
	json_t *depts = json_array();
	if (!depts)
		die_oom();
	for (size_t i = 0; i < s->depts.n; i++)
		if (json_array_append_new(depts, j_str(s->depts.ids[i])) != 0)
			die_oom();
	put(o, "departmentIds", depts);
	put(o, "disabled", json_boolean(s->disabled));
	/* password_hash, totp_secret and totp_last_step never leave the server. */
	return o;
}

bool staff_from_json(const json_t *j, struct staff *out, char *err, size_t errlen)
{
	struct dec d;
	memset(out, 0, sizeof *out);
	if (!dec_begin(&d, j, "Staff", err, errlen))
		return false;
	dec_id(&d, "id", out->id, DEC_REQUIRED);
	dec_int(&d, "version", &out->version, 0, INT64_MAX);
	dec_str(&d, "username", &out->username, 0);
	dec_str(&d, "displayName", &out->display_name, 0);
	int role = dec_enum(&d, "role", role_parse);
	if (role >= 0)
		out->role = (enum role)role;
	const json_t *depts = dec_get(&d, "departmentIds", 0);
	if (depts) {
		size_t i;
		const json_t *v;
		bool ok = json_is_array(depts);
		json_array_foreach (depts, i, v) {
			if (!ok)
				break;
			ok = json_is_string(v) && id_valid(json_string_value(v), json_string_length(v));
			if (ok)
				id_list_add(&out->depts, json_string_value(v));
		}
		if (!ok) {
			/* TRANSLATORS: a property that should be a list of object ids is not. */
			dec_fail(&d, "departmentIds", _("expected an array of ids"));
		}
	}
	dec_bool(&d, "disabled", &out->disabled);
	if (d.failed) {
		staff_clear(out);
		return false;
	}
	return true;
}

/* ---- Conversation ------------------------------------------------------ */

json_t *conversation_to_json(const struct conversation *c)
{
	json_t *o = new_object();
	put(o, "id", j_str(c->id));
	put(o, "version", j_int(c->version));
	put(o, "departmentId", j_str(c->department_id));
	put(o, "patientName", j_str(c->patient_name));
	put(o, "patientPhone", j_str(c->patient_phone));
	put(o, "language", j_str(c->language));
	put(o, "status", j_name(conv_status_name(c->status)));
	put(o, "snoozedUntil", j_time_or_null(c->snoozed_until));
	put(o, "assigneeId", j_id_or_null(c->assignee_id));
	if (c->last_message_id[0]) {
		json_t *last = new_object();
		put(last, "id", j_str(c->last_message_id));
		put(last, "direction", j_name(msg_direction_name(c->last_direction)));
		put(last, "preview", j_str(c->last_preview));
		put(last, "at", j_time(c->last_activity));
		put(o, "lastMessage", last);
	} else {
		put(o, "lastMessage", json_null());
	}
	put(o, "lastActivity", j_time(c->last_activity));
	put(o, "waitingSince", j_time_or_null(c->waiting_since));
	put(o, "unread", json_boolean(c->unread));
	put(o, "consent", j_name(consent_state_name(c->consent)));
	put(o, "createdAt", j_time(c->created_at));
	return o;
}

static void dec_last_message(struct dec *parent, struct conversation *out)
{
	const json_t *v = dec_get(parent, "lastMessage", DEC_NULLABLE);
	if (!v || json_is_null(v))
		return;
	struct dec d;
	if (!dec_begin(&d, v, "Conversation.lastMessage", parent->err, parent->errlen)) {
		parent->failed = true;
		return;
	}
	dec_id(&d, "id", out->last_message_id, DEC_REQUIRED);
	int dir = dec_enum(&d, "direction", msg_direction_parse);
	if (dir >= 0)
		out->last_direction = (enum msg_direction)dir;
	dec_str(&d, "preview", &out->last_preview, 0);
	/* "lastActivity", decoded after this, wins when both are present. */
	dec_time(&d, "at", &out->last_activity, 0);
	parent->failed = d.failed;
}

bool conversation_from_json(const json_t *j, struct conversation *out, char *err, size_t errlen)
{
	struct dec d;
	memset(out, 0, sizeof *out);
	if (!dec_begin(&d, j, "Conversation", err, errlen))
		return false;
	dec_id(&d, "id", out->id, DEC_REQUIRED);
	dec_int(&d, "version", &out->version, 0, INT64_MAX);
	dec_id(&d, "departmentId", out->department_id, 0);
	dec_str(&d, "patientName", &out->patient_name, 0);
	dec_str(&d, "patientPhone", &out->patient_phone, 0);
	dec_str(&d, "language", &out->language, 0);
	int status = dec_enum(&d, "status", conv_status_parse);
	if (status >= 0)
		out->status = (enum conv_status)status;
	dec_time(&d, "snoozedUntil", &out->snoozed_until, DEC_NULLABLE);
	dec_id(&d, "assigneeId", out->assignee_id, DEC_NULLABLE);
	dec_last_message(&d, out);
	dec_time(&d, "lastActivity", &out->last_activity, 0);
	dec_time(&d, "waitingSince", &out->waiting_since, DEC_NULLABLE);
	dec_bool(&d, "unread", &out->unread);
	int consent = dec_enum(&d, "consent", consent_state_parse);
	if (consent >= 0)
		out->consent = (enum consent_state)consent;
	dec_time(&d, "createdAt", &out->created_at, 0);
	if (d.failed) {
		conversation_clear(out);
		return false;
	}
	return true;
}

/* ---- Attachment (inside Message) ----------------------------------------- */

json_t *msg_attachment_to_json(const struct msg_attachment *a)
{
	json_t *o = new_object();
	put(o, "id", j_str(a->id));
	put(o, "contentType", j_str_or_null(a->content_type));
	put(o, "size", j_int(a->size));
	put(o, "state", j_name(mms_state_name(a->state)));
	const char *reason = mms_reason_name(a->reason);
	put(o, "reason", a->state == MMS_REJECTED && reason ? json_string(reason) : json_null());
	put(o, "name", j_str_or_null(a->name));
	return o;
}

static void dec_attachment(struct dec *parent, const json_t *v, struct msg_attachment *out)
{
	struct dec d;
	if (!dec_begin(&d, v, "Message.attachments", parent->err, parent->errlen)) {
		parent->failed = true;
		return;
	}
	dec_id(&d, "id", out->id, DEC_REQUIRED);
	dec_str(&d, "contentType", &out->content_type, DEC_NULLABLE);
	dec_int(&d, "size", &out->size, 0, INT64_MAX);
	int st = dec_enum(&d, "state", mms_state_parse);
	if (st >= 0)
		out->state = (enum mms_state)st;
	const json_t *r = dec_get(&d, "reason", DEC_NULLABLE);
	if (r && !json_is_null(r)) {
		int e = dec_enum(&d, "reason", mms_reason_parse);
		if (e >= 0)
			out->reason = (enum mms_reason)e;
	}
	dec_str(&d, "name", &out->name, DEC_NULLABLE);
	parent->failed = d.failed;
}

static void dec_attachments(struct dec *parent, struct message *out)
{
	const json_t *v = dec_get(parent, "attachments", DEC_NULLABLE);
	if (!v || json_is_null(v))
		return;
	if (!json_is_array(v)) {
		/* TRANSLATORS: a property that should be a list is not. */
		dec_fail(parent, "attachments", _("expected an array"));
		return;
	}
	size_t n = json_array_size(v);
	if (!n)
		return;
	out->attachments = xcalloc(n, sizeof *out->attachments);
	for (size_t i = 0; i < n && !parent->failed; i++) {
		dec_attachment(parent, json_array_get(v, i), &out->attachments[i]);
		out->n_attachments = i + 1; /* so message_clear frees what was filled */
	}
}

/* ---- Message ----------------------------------------------------------- */

json_t *message_to_json(const struct message *m)
{
	json_t *o = new_object();
	put(o, "id", j_str(m->id));
	put(o, "version", j_int(m->version));
	put(o, "conversationId", j_str(m->conversation_id));
	put(o, "direction", j_name(msg_direction_name(m->direction)));
	put(o, "body", j_str(m->body));
	put(o, "authorId", j_id_or_null(m->author_id));
	put(o, "clientMsgId", j_str_or_null(m->client_msg_id));
	put(o, "delivery", j_name(delivery_state_name(m->delivery)));
	put(o, "deliveryError", j_str_or_null(m->delivery_error));
	put(o, "segments", j_int(m->segments));
	put(o, "createdAt", j_time(m->created_at));
	json_t *atts = json_array();
	if (!atts)
		die_oom();
	for (size_t i = 0; i < m->n_attachments; i++)
		if (json_array_append_new(atts, msg_attachment_to_json(&m->attachments[i])) != 0)
			die_oom();
	put(o, "attachments", atts);
	/* request_hash and carrier_sid are the server's bookkeeping. */
	return o;
}

bool message_from_json(const json_t *j, struct message *out, char *err, size_t errlen)
{
	struct dec d;
	memset(out, 0, sizeof *out);
	if (!dec_begin(&d, j, "Message", err, errlen))
		return false;
	dec_id(&d, "id", out->id, DEC_REQUIRED);
	dec_int(&d, "version", &out->version, 0, INT64_MAX);
	dec_id(&d, "conversationId", out->conversation_id, 0);
	int dir = dec_enum(&d, "direction", msg_direction_parse);
	if (dir >= 0)
		out->direction = (enum msg_direction)dir;
	dec_str(&d, "body", &out->body, 0);
	dec_id(&d, "authorId", out->author_id, DEC_NULLABLE);
	dec_str(&d, "clientMsgId", &out->client_msg_id, DEC_NULLABLE);
	int deliv = dec_enum(&d, "delivery", delivery_state_parse);
	if (deliv >= 0)
		out->delivery = (enum delivery_state)deliv;
	dec_str(&d, "deliveryError", &out->delivery_error, DEC_NULLABLE);
	int64_t segments = 0;
	dec_int(&d, "segments", &segments, 0, INT_MAX);
	out->segments = (int)segments;
	dec_time(&d, "createdAt", &out->created_at, 0);
	dec_attachments(&d, out);
	if (d.failed) {
		message_clear(out);
		return false;
	}
	return true;
}

/* ---- Note -------------------------------------------------------------- */

json_t *note_to_json(const struct note *n)
{
	json_t *o = new_object();
	put(o, "id", j_str(n->id));
	put(o, "version", j_int(n->version));
	put(o, "conversationId", j_str(n->conversation_id));
	put(o, "authorId", j_id_or_null(n->author_id));
	put(o, "body", j_str(n->body));
	put(o, "createdAt", j_time(n->created_at));
	return o;
}

bool note_from_json(const json_t *j, struct note *out, char *err, size_t errlen)
{
	struct dec d;
	memset(out, 0, sizeof *out);
	if (!dec_begin(&d, j, "Note", err, errlen))
		return false;
	dec_id(&d, "id", out->id, DEC_REQUIRED);
	dec_int(&d, "version", &out->version, 0, INT64_MAX);
	dec_id(&d, "conversationId", out->conversation_id, 0);
	dec_id(&d, "authorId", out->author_id, DEC_NULLABLE);
	dec_str(&d, "body", &out->body, 0);
	dec_time(&d, "createdAt", &out->created_at, 0);
	if (d.failed) {
		note_clear(out);
		return false;
	}
	return true;
}

/* ---- Assignment -------------------------------------------------------- */

json_t *assignment_to_json(const struct assignment *a)
{
	json_t *o = new_object();
	put(o, "id", j_str(a->id));
	put(o, "version", j_int(a->version));
	put(o, "conversationId", j_str(a->conversation_id));
	put(o, "kind", j_name(assign_kind_name(a->kind)));
	put(o, "fromStaffId", j_id_or_null(a->from_staff));
	put(o, "toStaffId", j_id_or_null(a->to_staff));
	put(o, "fromDepartmentId", j_id_or_null(a->from_dept));
	put(o, "toDepartmentId", j_id_or_null(a->to_dept));
	put(o, "byStaffId", j_id_or_null(a->by_staff));
	put(o, "at", j_time(a->at));
	return o;
}

bool assignment_from_json(const json_t *j, struct assignment *out, char *err, size_t errlen)
{
	struct dec d;
	memset(out, 0, sizeof *out);
	if (!dec_begin(&d, j, "Assignment", err, errlen))
		return false;
	dec_id(&d, "id", out->id, DEC_REQUIRED);
	dec_int(&d, "version", &out->version, 0, INT64_MAX);
	dec_id(&d, "conversationId", out->conversation_id, 0);
	int kind = dec_enum(&d, "kind", assign_kind_parse);
	if (kind >= 0)
		out->kind = (enum assign_kind)kind;
	dec_id(&d, "fromStaffId", out->from_staff, DEC_NULLABLE);
	dec_id(&d, "toStaffId", out->to_staff, DEC_NULLABLE);
	dec_id(&d, "fromDepartmentId", out->from_dept, DEC_NULLABLE);
	dec_id(&d, "toDepartmentId", out->to_dept, DEC_NULLABLE);
	dec_id(&d, "byStaffId", out->by_staff, DEC_NULLABLE);
	dec_time(&d, "at", &out->at, 0);
	if (d.failed) {
		/* Nothing is allocated; zero so a failed decode leaves no ids. */
		memset(out, 0, sizeof *out);
		return false;
	}
	return true;
}

/* ---- Template ---------------------------------------------------------- */

json_t *template_to_json(const struct template *t)
{
	json_t *o = new_object();
	put(o, "id", j_str(t->id));
	put(o, "version", j_int(t->version));
	put(o, "name", j_str(t->name));
	put(o, "departmentId", j_id_or_null(t->department_id));
	put(o, "language", j_str(t->language));
	put(o, "body", j_str(t->body));
	return o;
}

bool template_from_json(const json_t *j, struct template *out, char *err, size_t errlen)
{
	struct dec d;
	memset(out, 0, sizeof *out);
	if (!dec_begin(&d, j, "Template", err, errlen))
		return false;
	dec_id(&d, "id", out->id, DEC_REQUIRED);
	dec_int(&d, "version", &out->version, 0, INT64_MAX);
	dec_str(&d, "name", &out->name, 0);
	dec_id(&d, "departmentId", out->department_id, DEC_NULLABLE);
	dec_str(&d, "language", &out->language, 0);
	dec_str(&d, "body", &out->body, 0);
	if (d.failed) {
		template_clear(out);
		return false;
	}
	return true;
}

/* ---- JMAP properties --------------------------------------------------- */

json_t *codec_properties_filter(json_t *obj, const json_t *properties)
{
	if (!json_is_object(obj))
		return NULL;
	if (!properties || json_is_null(properties)) {
		json_t *copy = json_copy(obj);
		if (!copy)
			die_oom();
		return copy;
	}
	if (!json_is_array(properties))
		return NULL;
	size_t i;
	const json_t *p;
	json_array_foreach (properties, i, p)
		if (!json_is_string(p))
			return NULL;

	json_t *out = new_object();
	json_t *id = json_object_get(obj, "id");
	if (id && json_object_set(out, "id", id) != 0)
		die_oom();
	json_array_foreach (properties, i, p) {
		const char *name = json_string_value(p);
		json_t *v = json_object_get(obj, name);
		if (v && json_object_set(out, name, v) != 0)
			die_oom();
	}
	return out;
}
