/* objects: id lists, the *_clear functions that release (and wipe) what the
 * object structs own, and the enum <-> protocol name tables. */
#include "proto/objects.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"

void id_list_add(struct id_list *l, const char *id)
{
	/* An id that cannot fit is not a Curtain id; storing it truncated could
	 * make id_list_has() match a different object, so it is dropped. */
	if (!id || !*id || strlen(id) >= ID_LEN)
		return;
	/* Membership lists (e.g. a staff member's departments) are sets. */
	if (id_list_has(l, id))
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 4;
		l->ids = xrealloc(l->ids, cap * sizeof *l->ids);
		l->cap = cap;
	}
	memcpy(l->ids[l->n], id, strlen(id) + 1);
	l->n++;
}

bool id_list_has(const struct id_list *l, const char *id)
{
	if (!l || !id)
		return false;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->ids[i], id) == 0)
			return true;
	return false;
}

void id_list_clear(struct id_list *l)
{
	free(l->ids);
	l->ids = NULL;
	l->n = 0;
	l->cap = 0;
}


static void free_plain(char **p)
{
	free(*p);
	*p = NULL;
}

void department_clear(struct department *d)
{
	free_plain(&d->name);
	free_plain(&d->sms_number);
	free_plain(&d->secure_template_id);
	memset(d, 0, sizeof *d);
}

void staff_clear(struct staff *s)
{
	free_plain(&s->username);
	free_plain(&s->display_name);
	free_wiped(&s->password_hash);
	free_wiped(&s->totp_secret);
	id_list_clear(&s->depts);
	memset(s, 0, sizeof *s);
}

void conversation_clear(struct conversation *c)
{
	free_wiped(&c->patient_name);
	free_wiped(&c->patient_phone);
	free_wiped(&c->last_preview);
	free_plain(&c->language);
	memset(c, 0, sizeof *c);
}

void msg_attachment_clear(struct msg_attachment *a)
{
	free_plain(&a->content_type);
	free_wiped(&a->name);
	memset(a, 0, sizeof *a);
}

void message_clear(struct message *m)
{
	for (size_t i = 0; m->attachments && i < m->n_attachments; i++)
		msg_attachment_clear(&m->attachments[i]);
	free(m->attachments);
	free_wiped(&m->body);
	free_plain(&m->client_msg_id);
	free_plain(&m->request_hash);
	free_plain(&m->delivery_error);
	free_plain(&m->carrier_sid);
	memset(m, 0, sizeof *m);
}

void note_clear(struct note *n)
{
	free_wiped(&n->body);
	memset(n, 0, sizeof *n);
}

void template_clear(struct template *t)
{
	free_plain(&t->name);
	free_plain(&t->language);
	free_plain(&t->body);
	memset(t, 0, sizeof *t);
}

void device_clear(struct device *d)
{
	free_plain(&d->name);
	memset(d, 0, sizeof *d);
}

/* Each table is indexed by its enum; the names are protocol constants and
 * are never translated. */
static const char *const role_names[] = { "agent", "supervisor", "admin" };
static const char *const conv_status_names[] = { "open", "pending", "snoozed", "resolved" };
static const char *const msg_direction_names[] = { "in", "out", "system" };
static const char *const delivery_state_names[] = { "received", "pending", "sent", "delivered",
						     "failed" };
static const char *const consent_state_names[] = { "unknown", "optedIn", "optedOut" };
static const char *const assign_kind_names[] = { "claim", "reassign", "release", "transfer" };
static const char *const mms_state_names[] = { "fetching", "stored", "rejected" };
/* Index 0 is MMS_REASON_NONE, which has no protocol name. */
static const char *const mms_reason_names[] = { "", "tooLarge", "badType", "fetchFailed" };
static const char *const obj_type_names[] = { "Department", "Staff",	"Conversation", "Message",
					      "Note",	    "Template", "Assignment" };

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *table_name(const char *const *names, size_t n, int v)
{
	if (v < 0 || (size_t)v >= n)
		return NULL;
	return names[v];
}

static int table_parse(const char *const *names, size_t n, const char *s)
{
	if (!s)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

const char *role_name(enum role r)
{
	return table_name(role_names, COUNT(role_names), (int)r);
}

int role_parse(const char *s)
{
	return table_parse(role_names, COUNT(role_names), s);
}

const char *conv_status_name(enum conv_status s)
{
	return table_name(conv_status_names, COUNT(conv_status_names), (int)s);
}

int conv_status_parse(const char *s)
{
	return table_parse(conv_status_names, COUNT(conv_status_names), s);
}

const char *msg_direction_name(enum msg_direction d)
{
	return table_name(msg_direction_names, COUNT(msg_direction_names), (int)d);
}

int msg_direction_parse(const char *s)
{
	return table_parse(msg_direction_names, COUNT(msg_direction_names), s);
}

const char *delivery_state_name(enum delivery_state d)
{
	return table_name(delivery_state_names, COUNT(delivery_state_names), (int)d);
}

int delivery_state_parse(const char *s)
{
	return table_parse(delivery_state_names, COUNT(delivery_state_names), s);
}

const char *consent_state_name(enum consent_state c)
{
	return table_name(consent_state_names, COUNT(consent_state_names), (int)c);
}

int consent_state_parse(const char *s)
{
	return table_parse(consent_state_names, COUNT(consent_state_names), s);
}

const char *assign_kind_name(enum assign_kind k)
{
	return table_name(assign_kind_names, COUNT(assign_kind_names), (int)k);
}

int assign_kind_parse(const char *s)
{
	return table_parse(assign_kind_names, COUNT(assign_kind_names), s);
}

const char *mms_state_name(enum mms_state st)
{
	return table_name(mms_state_names, COUNT(mms_state_names), (int)st);
}

int mms_state_parse(const char *s)
{
	return table_parse(mms_state_names, COUNT(mms_state_names), s);
}

const char *mms_reason_name(enum mms_reason r)
{
	return r == MMS_REASON_NONE
		       ? NULL
		       : table_name(mms_reason_names, COUNT(mms_reason_names), (int)r);
}

int mms_reason_parse(const char *s)
{
	if (!s || !*s)
		return -1;
	return table_parse(mms_reason_names, COUNT(mms_reason_names), s);
}

const char *obj_type_name(enum obj_type t)
{
	return table_name(obj_type_names, COUNT(obj_type_names), (int)t);
}

int obj_type_parse(const char *s)
{
	return table_parse(obj_type_names, COUNT(obj_type_names), s);
}

/* Keep the tables in step with the enums. */
_Static_assert(COUNT(role_names) == ROLE_ADMIN + 1, "role_names");
_Static_assert(COUNT(conv_status_names) == CONV_RESOLVED + 1, "conv_status_names");
_Static_assert(COUNT(msg_direction_names) == MSG_SYSTEM + 1, "msg_direction_names");
_Static_assert(COUNT(delivery_state_names) == DELIV_FAILED + 1, "delivery_state_names");
_Static_assert(COUNT(consent_state_names) == CONSENT_OPTED_OUT + 1, "consent_state_names");
_Static_assert(COUNT(assign_kind_names) == ASSIGN_TRANSFER + 1, "assign_kind_names");
_Static_assert(COUNT(obj_type_names) == OBJ_TYPE_COUNT, "obj_type_names");
_Static_assert(COUNT(mms_state_names) == MMS_REJECTED + 1, "mms_state_names");
_Static_assert(COUNT(mms_reason_names) == MMS_FETCH_FAILED + 1, "mms_reason_names");
