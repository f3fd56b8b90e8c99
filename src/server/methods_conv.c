/* methods_conv: conversations (get, changes, the index-driven query and
 * queryChanges, the assignment/transfer/status rules), messages (sending
 * with exactly-once clientMsgId, the reply guard, consent and size checks),
 * internal notes and assignment history. Every read is limited to the
 * principal's visible departments; every change is audited. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/log.h"
#include "common/util.h"
#include "proto/codec.h"
#include "proto/sms.h"
#include "server/api.h"
#include "server/attachments.h"
#include "server/media.h"
#include "server/gateway.h"

/* ---- shared ---------------------------------------------------------------------- */

/* Loads a conversation the principal may see; false (and *c cleared) otherwise. */
static bool conv_visible(struct call *c, const char *id, struct conversation *conv)
{
	memset(conv, 0, sizeof *conv);
	if (!id || store_conversation_get(c->st, id, conv) != STORE_OK)
		return false;
	if (!principal_sees(c->p, conv->department_id)) {
		conversation_clear(conv);
		return false;
	}
	return true;
}

static bool ids_required(json_t *args, json_t **ids, json_t **err)
{
	bool all;
	if (!args_ids(args, LIMIT_OBJECTS_IN_GET, ids, &all, err))
		return false;
	if (all) {
		*err = method_error("invalidArguments", "ids is required for this type");
		return false;
	}
	return true;
}

/* Caches conversation visibility for one call (messages share conversations). */
struct vis_cache {
	char id[ID_LEN];
	bool visible;
};

static bool conv_id_visible(struct call *c, struct vis_cache *vc, const char *conv_id)
{
	if (strcmp(vc->id, conv_id) == 0)
		return vc->visible;
	struct conversation conv;
	vc->visible = conv_visible(c, conv_id, &conv);
	conversation_clear(&conv);
	snprintf(vc->id, sizeof vc->id, "%s", conv_id);
	return vc->visible;
}

static json_t *get_result(struct call *c, enum obj_type t, json_t *list, json_t *nf)
{
	char state[96];
	state_of(c, t, state);
	return json_pack("{s:s, s:o, s:o}", "state", state, "list", list, "notFound", nf);
}

/* ---- Conversation/get, changes ------------------------------------------------------ */

static json_t *conversation_get(struct call *c, json_t *args, json_t **err)
{
	json_t *ids;
	if (!ids_required(args, &ids, err))
		return NULL;
	char state[96];
	state_of(c, OBJ_CONVERSATION, state);
	json_t *list = json_array(), *nf = json_array();
	size_t i;
	json_t *x;
	json_array_foreach(ids, i, x) {
		struct conversation conv;
		if (conv_visible(c, json_string_value(x), &conv))
			json_array_append_new(list, apply_properties(args, conversation_to_json(&conv)));
		else
			json_array_append(nf, x);
		conversation_clear(&conv);
	}
	return json_pack("{s:s, s:o, s:o}", "state", state, "list", list, "notFound", nf);
}

static json_t *conversation_changes(struct call *c, json_t *args, json_t **err)
{
	return changes_generic(c, args, err, OBJ_CONVERSATION);
}

/* ---- Conversation/query, queryChanges ---------------------------------------------- */

struct query_args {
	struct conv_filter f;
	enum conv_sort sort;
	bool ascending;
	char assignee[ID_LEN];
	char hash[17]; /* of filter and sort, part of the queryState */
};

static bool query_parse(struct call *c, json_t *args, struct query_args *q, json_t **err)
{
	memset(q, 0, sizeof *q);
	q->f.depts = &c->p->visible;
	q->f.unread = -1;
	q->sort = SORT_WAITING;
	q->ascending = true;
	json_t *filter = json_object_get(args, "filter");
	if (filter && !json_is_null(filter)) {
		if (!json_is_object(filter)) {
			*err = method_error("invalidArguments", "filter must be an object");
			return false;
		}
		const char *key;
		json_t *v;
		json_object_foreach(filter, key, v) {
			if (strcmp(key, "departmentId") == 0 && json_is_string(v)) {
				if (!principal_sees(c->p, json_string_value(v))) {
					*err = method_error("forbidden",
							    "you are not a member of that department");
					return false;
				}
				q->f.department_id = json_string_value(v);
			} else if (strcmp(key, "status") == 0 && json_is_array(v)) {
				size_t i;
				json_t *s;
				json_array_foreach(v, i, s) {
					int st = conv_status_parse(json_string_value(s));
					if (st < 0) {
						*err = method_error("unsupportedFilter",
								    "status[%zu] is not a status", i);
						return false;
					}
					q->f.status_mask |= 1u << st;
				}
			} else if (strcmp(key, "assignee") == 0 && json_is_string(v)) {
				const char *a = json_string_value(v);
				if (strcmp(a, "me") == 0)
					snprintf(q->assignee, sizeof q->assignee, "%s", c->p->staff.id);
				else if (strcmp(a, "none") == 0)
					q->assignee[0] = '\0';
				else
					snprintf(q->assignee, sizeof q->assignee, "%s", a);
				q->f.assignee = q->assignee;
			} else if (strcmp(key, "unread") == 0 && json_is_boolean(v)) {
				q->f.unread = json_is_true(v);
			} else if (strcmp(key, "waiting") == 0 && json_is_boolean(v)) {
				q->f.waiting = json_is_true(v);
			} else if (strcmp(key, "text") == 0 && json_is_string(v) &&
				   json_string_length(v) <= 100) {
				if (json_string_length(v))
					q->f.text = json_string_value(v);
			} else {
				*err = method_error("unsupportedFilter", "filter.%s is not supported", key);
				return false;
			}
		}
	}
	json_t *sort = json_object_get(args, "sort");
	if (sort && !json_is_null(sort)) {
		json_t *s0 = json_array_get(sort, 0);
		const char *prop = json_string_value(json_object_get(s0, "property"));
		if (!json_is_array(sort) || json_array_size(sort) > 1 || !prop) {
			*err = method_error("unsupportedSort", "sort takes one {property, isAscending}");
			return false;
		}
		if (strcmp(prop, "waitingSince") == 0)
			q->sort = SORT_WAITING;
		else if (strcmp(prop, "lastActivity") == 0)
			q->sort = SORT_ACTIVITY;
		else if (strcmp(prop, "createdAt") == 0)
			q->sort = SORT_CREATED;
		else {
			*err = method_error("unsupportedSort", "cannot sort by %s", prop);
			return false;
		}
		json_t *asc = json_object_get(s0, "isAscending");
		q->ascending = asc ? json_is_true(asc) : true;
	}
	/* The hash binds a queryState to exactly this filter and sort. */
	json_t *canon = json_pack("{s:O?, s:O?, s:s}", "filter", filter, "sort", sort, "me",
				  c->p->staff.id);
	char *text = json_dumps(canon, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(canon);
	char full[65];
	crypto_hash_hex(text, strlen(text), full);
	free(text);
	memcpy(q->hash, full, 16);
	q->hash[16] = '\0';
	return true;
}

static void query_state(struct call *c, const struct query_args *q, int64_t modseq, char out[128])
{
	char base[96];
	state_make(c->srv, c->p, modseq, base);
	snprintf(out, 128, "%s.%s", base, q->hash);
}

static bool query_state_parse(struct call *c, const struct query_args *q, const char *tok,
			      int64_t *modseq)
{
	if (!tok)
		return false;
	const char *dot = strrchr(tok, '.');
	if (!dot || strcmp(dot + 1, q->hash) != 0)
		return false;
	char base[96];
	size_t n = (size_t)(dot - tok);
	if (n >= sizeof base)
		return false;
	memcpy(base, tok, n);
	base[n] = '\0';
	return state_parse(c->srv, c->p, base, modseq);
}

static json_t *conversation_query(struct call *c, json_t *args, json_t **err)
{
	struct query_args q;
	if (!query_parse(c, args, &q, err))
		return NULL;
	int64_t position, limit;
	if (!args_int(args, "position", 0, &position, err) || !args_int(args, "limit", 40, &limit, err))
		return NULL;
	if (limit > LIMIT_QUERY)
		limit = LIMIT_QUERY;
	if (json_object_get(args, "anchor")) {
		*err = method_error("unsupportedFilter", "anchor is not supported; use position");
		return NULL;
	}
	int64_t head = store_type_modseq(c->st, OBJ_CONVERSATION);
	struct id_list ids = { 0 };
	int64_t total = 0;
	if (store_conversation_query(c->st, &q.f, q.sort, q.ascending, position, limit, &ids, &total) !=
	    STORE_OK) {
		*err = method_error("serverFail", "the query failed");
		return NULL;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < ids.n; i++)
		json_array_append_new(arr, json_string(ids.ids[i]));
	id_list_clear(&ids);
	char qs[128];
	query_state(c, &q, head, qs);
	return json_pack("{s:s, s:b, s:I, s:o, s:I}", "queryState", qs, "canCalculateChanges", 1,
			 "position", (json_int_t)position, "ids", arr, "total", (json_int_t)total);
}

static int added_cmp(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	json_int_t i = json_integer_value(json_object_get(x, "index"));
	json_int_t j = json_integer_value(json_object_get(y, "index"));
	return i < j ? -1 : i > j;
}

static json_t *conversation_query_changes(struct call *c, json_t *args, json_t **err)
{
	struct query_args q;
	if (!query_parse(c, args, &q, err))
		return NULL;
	int64_t max;
	if (!args_int(args, "maxChanges", LIMIT_CHANGES_DEFAULT, &max, err))
		return NULL;
	if (max == 0 || max > LIMIT_CHANGES_DEFAULT)
		max = LIMIT_CHANGES_DEFAULT;
	const char *since_tok = json_string_value(json_object_get(args, "sinceQueryState"));
	int64_t since;
	if (!since_tok) {
		*err = method_error("invalidArguments", "sinceQueryState is required");
		return NULL;
	}
	if (!query_state_parse(c, &q, since_tok, &since) || since < store_changes_floor(c->st) - 1) {
		*err = method_error("cannotCalculateChanges",
				    "the query, its visibility or the database changed; query again");
		return NULL;
	}
	int64_t head = store_type_modseq(c->st, OBJ_CONVERSATION);
	struct change *rows = NULL;
	size_t n = 0;
	if (store_changes_since(c->st, OBJ_CONVERSATION, since, (size_t)max * 4, &rows, &n) != STORE_OK) {
		*err = method_error("serverFail", "could not read the change log");
		return NULL;
	}
	struct id_list changed = { 0 };
	bool overflow = n > (size_t)max * 4;
	for (size_t i = 0; i < n && !overflow; i++) {
		if (rows[i].modseq > head)
			break;
		/* Ids of conversations never visible to this user stay unknown to them. */
		if (!principal_sees(c->p, rows[i].dept_before) && !principal_sees(c->p, rows[i].dept_after))
			continue;
		if (!id_list_has(&changed, rows[i].object_id))
			id_list_add(&changed, rows[i].object_id);
		overflow = changed.n > (size_t)max;
	}
	free(rows);
	if (overflow) {
		id_list_clear(&changed);
		*err = method_error("cannotCalculateChanges", "more than %lld conversations changed",
				    (long long)max);
		return NULL;
	}
	json_t *removed = json_array(), *added = json_array();
	for (size_t i = 0; i < changed.n; i++) {
		json_array_append_new(removed, json_string(changed.ids[i]));
		int64_t index;
		if (store_conversation_matches(c->st, &q.f, changed.ids[i]) &&
		    store_conversation_index(c->st, &q.f, q.sort, q.ascending, changed.ids[i], &index) ==
			    STORE_OK)
			json_array_append_new(added, json_pack("{s:s, s:I}", "id", changed.ids[i],
							       "index", (json_int_t)index));
	}
	id_list_clear(&changed);
	size_t na = json_array_size(added);
	if (na > 1) {
		json_t **items = xcalloc(na, sizeof *items);
		for (size_t i = 0; i < na; i++)
			items[i] = json_incref(json_array_get(added, i));
		qsort(items, na, sizeof *items, added_cmp);
		json_array_clear(added);
		for (size_t i = 0; i < na; i++)
			json_array_append_new(added, items[i]);
		free(items);
	}
	struct id_list none = { 0 };
	int64_t total = 0;
	store_conversation_query(c->st, &q.f, q.sort, q.ascending, 0, 0, &none, &total);
	id_list_clear(&none);
	char olds[128], news[128];
	query_state(c, &q, since, olds);
	query_state(c, &q, head, news);
	return json_pack("{s:s, s:s, s:o, s:o, s:I}", "oldQueryState", olds, "newQueryState", news,
			 "removed", removed, "added", added, "total", (json_int_t)total);
}

/* ---- Conversation/set ------------------------------------------------------------------ */

static void history(struct call *c, const struct conversation *conv, enum assign_kind kind,
		    const char *from_staff, const char *to_staff, const char *from_dept,
		    const char *to_dept)
{
	struct assignment as = { 0 };
	snprintf(as.conversation_id, sizeof as.conversation_id, "%s", conv->id);
	as.kind = kind;
	snprintf(as.from_staff, sizeof as.from_staff, "%s", from_staff);
	snprintf(as.to_staff, sizeof as.to_staff, "%s", to_staff);
	snprintf(as.from_dept, sizeof as.from_dept, "%s", from_dept);
	snprintf(as.to_dept, sizeof as.to_dept, "%s", to_dept);
	snprintf(as.by_staff, sizeof as.by_staff, "%s", c->p->staff.id);
	as.at = now_ms();
	if (store_assignment_add(c->st, &as) != STORE_OK)
		log_error("conversation %s: could not record assignment history", conv->id);
}

static bool staff_member_of(struct call *c, const char *staff_id, const char *dept_id)
{
	struct staff s = { 0 };
	bool ok = store_staff_get(c->st, staff_id, &s) == STORE_OK && !s.disabled &&
		  id_list_has(&s.depts, dept_id);
	staff_clear(&s);
	return ok;
}

/* Applies one patch inside a transaction; returns a SetError or NULL. */
static json_t *conversation_patch(struct call *c, const char *id, json_t *patch)
{
	struct conversation conv;
	if (!conv_visible(c, id, &conv))
		return set_error("notFound", "no conversation %s", id);
	json_t *e = NULL;
	const char *me = c->p->staff.id;
	bool supervisor = c->p->staff.role >= ROLE_SUPERVISOR;
	char old_assignee[ID_LEN], old_dept[ID_LEN];
	enum conv_status old_status = conv.status;
	memcpy(old_assignee, conv.assignee_id, ID_LEN);
	memcpy(old_dept, conv.department_id, ID_LEN);
	bool assignee_set = false, dept_set = false, status_set = false, snooze_set = false;
	json_t *other = json_array();
	const char *key;
	json_t *v;
	json_object_foreach(patch, key, v) {
		if (strcmp(key, "assigneeId") == 0 && (json_is_null(v) || json_is_string(v))) {
			const char *to = json_string_value(v);
			snprintf(conv.assignee_id, ID_LEN, "%s", to ? to : "");
			assignee_set = true;
		} else if (strcmp(key, "departmentId") == 0 && json_is_string(v)) {
			struct department d = { 0 };
			if (store_department_get(c->st, json_string_value(v), &d) != STORE_OK) {
				department_clear(&d);
				e = set_error("invalidProperties", "departmentId is unknown");
				goto out;
			}
			department_clear(&d);
			snprintf(conv.department_id, ID_LEN, "%s", json_string_value(v));
			dept_set = strcmp(conv.department_id, old_dept) != 0;
		} else if (strcmp(key, "status") == 0 && json_is_string(v) &&
			   conv_status_parse(json_string_value(v)) >= 0) {
			conv.status = (enum conv_status)conv_status_parse(json_string_value(v));
			status_set = true;
		} else if (strcmp(key, "snoozedUntil") == 0 && (json_is_null(v) || json_is_string(v))) {
			int64_t t = 0;
			if (json_is_string(v) && !time_parse_iso(json_string_value(v), &t)) {
				e = set_error("invalidProperties", "snoozedUntil is not an ISO 8601 time");
				goto out;
			}
			conv.snoozed_until = t;
			snooze_set = true;
		} else if (strcmp(key, "unread") == 0 && json_is_boolean(v)) {
			conv.unread = json_is_true(v);
			json_array_append_new(other, json_string(key));
		} else if (strcmp(key, "language") == 0 && json_is_string(v) &&
			   json_string_length(v) >= 2 && json_string_length(v) <= 16) {
			free(conv.language);
			conv.language = xstrdup(json_string_value(v));
			json_array_append_new(other, json_string(key));
		} else if (strcmp(key, "patientName") == 0 && json_is_string(v) &&
			   json_string_length(v) <= 120) {
			free(conv.patient_name);
			conv.patient_name = xstrdup(json_string_value(v));
			json_array_append_new(other, json_string(key));
		} else {
			e = set_error("invalidProperties", "%s cannot be set or has a bad value", key);
			goto out;
		}
	}
	/* Transfers hand the conversation to the new department's queue. */
	if (dept_set && !assignee_set)
		conv.assignee_id[0] = '\0';
	enum assign_kind kind = ASSIGN_CLAIM;
	bool assign_changed = strcmp(conv.assignee_id, old_assignee) != 0;
	if (assign_changed && assignee_set) {
		if (!conv.assignee_id[0]) {
			kind = ASSIGN_RELEASE;
			if (strcmp(old_assignee, me) != 0 && !supervisor) {
				/* TRANSLATORS: curtaind answers in English; curtain shows
				 * this translated, after "Not changed:". */
				e = set_error("forbidden", N_("only the assignee or a supervisor can release it"));
				goto out;
			}
		} else if (strcmp(conv.assignee_id, me) == 0 && (!old_assignee[0] || supervisor)) {
			kind = ASSIGN_CLAIM;
		} else if (strcmp(conv.assignee_id, me) == 0) {
			/* TRANSLATORS: curtaind answers in English; curtain shows
			 * this translated, after "Not changed:". */
			e = set_error("forbidden", N_("it is assigned to someone else; ask a supervisor"));
			goto out;
		} else {
			kind = ASSIGN_REASSIGN;
			if (!supervisor) {
				/* TRANSLATORS: curtaind answers in English; curtain shows
				 * this translated, after "Not changed:". */
				e = set_error("forbidden", N_("only supervisors reassign conversations"));
				goto out;
			}
		}
		if (conv.assignee_id[0] && !staff_member_of(c, conv.assignee_id, conv.department_id)) {
			/* TRANSLATORS: curtaind answers in English; curtain shows
			 * this translated, after "Not changed:". */
			e = set_error("invalidProperties",
				      N_("the assignee must be an active member of the department"));
			goto out;
		}
	}
	if (conv.status == CONV_SNOOZED) {
		if (conv.snoozed_until <= now_ms()) {
			/* TRANSLATORS: curtaind answers in English; curtain shows
			 * this translated, after "Not changed:". */
			e = set_error("invalidProperties", N_("snoozing needs a time in the future"));
			goto out;
		}
	} else if (status_set || snooze_set) {
		if (snooze_set && conv.snoozed_until && !status_set) {
			e = set_error("invalidProperties", "set status to snoozed with snoozedUntil");
			goto out;
		}
		conv.snoozed_until = 0;
	}
	struct actor a = { me, c->p->device_id, c->req->ip };
	if (store_conversation_update(c->st, &a, &conv, 0) != STORE_OK) {
		e = set_error("serverFail", "could not update the conversation");
		goto out;
	}
	if (dept_set) {
		history(c, &conv, ASSIGN_TRANSFER, old_assignee, conv.assignee_id, old_dept,
			conv.department_id);
		audit_add(c->st, c->p, c->req->ip, "conversation.transfer", "conversation", id,
			  json_pack("{s:s, s:s}", "fromDepartmentId", old_dept, "toDepartmentId",
				    conv.department_id));
	}
	if (assign_changed && assignee_set) {
		history(c, &conv, kind, old_assignee, conv.assignee_id, conv.department_id,
			conv.department_id);
		audit_add(c->st, c->p, c->req->ip, "conversation.assign", "conversation", id,
			  json_pack("{s:s, s:s?, s:s?}", "kind", assign_kind_name(kind), "fromStaffId",
				    old_assignee[0] ? old_assignee : NULL, "toStaffId",
				    conv.assignee_id[0] ? conv.assignee_id : NULL));
	}
	if (status_set && conv.status != old_status)
		audit_add(c->st, c->p, c->req->ip, "conversation.status", "conversation", id,
			  json_pack("{s:s, s:s}", "from", conv_status_name(old_status), "to",
				    conv_status_name(conv.status)));
	if (json_array_size(other))
		audit_add(c->st, c->p, c->req->ip, "conversation.update", "conversation", id,
			  json_pack("{s:O}", "properties", other));
out:
	json_decref(other);
	conversation_clear(&conv);
	return e;
}

static json_t *conversation_create(struct call *c, json_t *obj, char id_out[ID_LEN])
{
	const char *dept = json_string_value(json_object_get(obj, "departmentId"));
	const char *phone = json_string_value(json_object_get(obj, "patientPhone"));
	const char *name = json_string_value(json_object_get(obj, "patientName"));
	const char *lang = json_string_value(json_object_get(obj, "language"));
	if (!dept || !principal_sees(c->p, dept))
		return set_error("forbidden", "departmentId must be one of your departments");
	if (!phone || !e164_valid(phone))
		return set_error("invalidProperties", "patientPhone must be E.164, like +15555550123");
	struct conversation conv = { 0 };
	snprintf(conv.department_id, ID_LEN, "%s", dept);
	conv.patient_phone = xstrdup(phone);
	conv.patient_name = xstrdup(name ? name : "");
	conv.language = xstrdup(lang && strlen(lang) <= 16 ? lang : "en");
	conv.status = CONV_OPEN;
	conv.created_at = now_ms();
	conv.last_activity = conv.created_at;
	struct actor a = { c->p->staff.id, c->p->device_id, c->req->ip };
	enum store_rc rc = store_conversation_create(c->st, &a, &conv);
	json_t *e = NULL;
	if (rc == STORE_EXISTS) {
		e = set_error("alreadyExists", "a conversation with this number exists");
		json_object_set_new(e, "existingId", json_string(conv.id));
	} else if (rc != STORE_OK) {
		e = set_error("serverFail", "could not create the conversation");
	} else {
		memcpy(id_out, conv.id, ID_LEN);
		audit_add(c->st, c->p, c->req->ip, "conversation.create", "conversation", conv.id, NULL);
	}
	conversation_clear(&conv);
	return e;
}

/* Runs fn inside its own transaction so one bad object does not undo others. */
static json_t *in_tx(struct call *c, json_t *(*fn)(struct call *, const char *, json_t *),
		     const char *id, json_t *arg)
{
	if (store_tx_begin(c->st) != STORE_OK)
		return set_error("serverFail", "the database is busy");
	json_t *e = fn(c, id, arg);
	if (e) {
		store_tx_rollback(c->st);
		return e;
	}
	if (store_tx_commit(c->st) != STORE_OK)
		return set_error("serverFail", "could not commit");
	c->wrote = true;
	return NULL;
}

static bool if_in_state(struct call *c, json_t *args, enum obj_type t, json_t **err)
{
	const char *want = json_string_value(json_object_get(args, "ifInState"));
	if (!want)
		return true;
	char now[96];
	state_of(c, t, now);
	if (strcmp(want, now) == 0)
		return true;
	*err = method_error("stateMismatch", "ifInState does not match the current state");
	return false;
}

static size_t set_size(json_t *args)
{
	return json_object_size(json_object_get(args, "create")) +
	       json_object_size(json_object_get(args, "update")) +
	       json_array_size(json_object_get(args, "destroy"));
}

static json_t *conversation_set(struct call *c, json_t *args, json_t **err)
{
	if (set_size(args) > LIMIT_OBJECTS_IN_SET) {
		*err = method_error("requestTooLarge", "at most %d objects per set", LIMIT_OBJECTS_IN_SET);
		return NULL;
	}
	if (!if_in_state(c, args, OBJ_CONVERSATION, err))
		return NULL;
	char olds[96], news[96];
	state_of(c, OBJ_CONVERSATION, olds);
	json_t *created = json_object(), *not_created = json_object();
	json_t *updated = json_object(), *not_updated = json_object(), *not_destroyed = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(json_object_get(args, "create"), k, v) {
		char id[ID_LEN] = "";
		json_t *e;
		if (!json_is_object(v))
			e = set_error("invalidProperties", "not an object");
		else if (store_tx_begin(c->st) != STORE_OK)
			e = set_error("serverFail", "the database is busy");
		else if ((e = conversation_create(c, v, id)))
			store_tx_rollback(c->st);
		else if (store_tx_commit(c->st) != STORE_OK)
			e = set_error("serverFail", "could not commit");
		if (e) {
			json_object_set_new(not_created, k, e);
		} else {
			struct conversation conv = { 0 };
			store_conversation_get(c->st, id, &conv);
			json_object_set_new(created, k, conversation_to_json(&conv));
			conversation_clear(&conv);
			c->wrote = true;
		}
	}
	json_object_foreach(json_object_get(args, "update"), k, v) {
		json_t *e = json_is_object(v) ? in_tx(c, conversation_patch, k, v)
					      : set_error("invalidPatch", "the patch must be an object");
		if (e)
			json_object_set_new(not_updated, k, e);
		else
			json_object_set_new(updated, k, json_null());
	}
	size_t i;
	json_array_foreach(json_object_get(args, "destroy"), i, v)
		if (json_is_string(v))
			json_object_set_new(not_destroyed, json_string_value(v),
					    set_error("forbidden",
						      "conversations are resolved, never destroyed"));
	state_of(c, OBJ_CONVERSATION, news);
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:[], s:o}", "oldState", olds, "newState",
			 news, "created", created, "notCreated", not_created, "updated", updated,
			 "notUpdated", not_updated, "destroyed", "notDestroyed", not_destroyed);
}

/* ---- Message ------------------------------------------------------------------------------ */

static json_t *message_get(struct call *c, json_t *args, json_t **err)
{
	json_t *ids;
	if (!ids_required(args, &ids, err))
		return NULL;
	char state[96];
	state_of(c, OBJ_MESSAGE, state);
	struct vis_cache vc = { "", false };
	bool with_att = args_wants(args, "attachments");
	json_t *list = json_array(), *nf = json_array();
	size_t i;
	json_t *x;
	json_array_foreach(ids, i, x) {
		struct message m = { 0 };
		if (store_message_get(c->st, json_string_value(x), &m) == STORE_OK &&
		    conv_id_visible(c, &vc, m.conversation_id)) {
			json_t *o = message_json(c->st, &m, with_att);
			message_clear(&m);
			if (!o) {
				json_decref(list);
				json_decref(nf);
				*err = method_error("serverFail", "a message's attachments could not be read");
				return NULL;
			}
			json_array_append_new(list, apply_properties(args, o));
		} else {
			json_array_append(nf, x);
			message_clear(&m);
		}
	}
	return json_pack("{s:s, s:o, s:o}", "state", state, "list", list, "notFound", nf);
}

static json_t *message_changes(struct call *c, json_t *args, json_t **err)
{
	return changes_generic(c, args, err, OBJ_MESSAGE);
}

static json_t *message_query(struct call *c, json_t *args, json_t **err)
{
	const char *conv_id = json_string_value(json_object_get(json_object_get(args, "filter"),
								"conversationId"));
	if (!conv_id) {
		*err = method_error("invalidArguments", "filter.conversationId is required");
		return NULL;
	}
	int64_t position, limit;
	if (!args_int(args, "position", 0, &position, err) || !args_int(args, "limit", 100, &limit, err))
		return NULL;
	if (limit > LIMIT_QUERY)
		limit = LIMIT_QUERY;
	struct conversation conv;
	if (!conv_visible(c, conv_id, &conv)) {
		*err = method_error("notFound", "no conversation %s", conv_id);
		return NULL;
	}
	conversation_clear(&conv);
	int64_t head = store_type_modseq(c->st, OBJ_MESSAGE);
	struct id_list ids = { 0 };
	int64_t total = 0;
	if (store_message_query(c->st, conv_id, position, limit, &ids, &total) != STORE_OK) {
		*err = method_error("serverFail", "the query failed");
		return NULL;
	}
	/* Reading a thread is a view of PHI: audit it. */
	if (store_tx_begin(c->st) == STORE_OK) {
		audit_add(c->st, c->p, c->req->ip, "conversation.view", "conversation", conv_id, NULL);
		store_tx_commit(c->st);
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < ids.n; i++)
		json_array_append_new(arr, json_string(ids.ids[i]));
	id_list_clear(&ids);
	char qs[96];
	state_make(c->srv, c->p, head, qs);
	return json_pack("{s:s, s:b, s:I, s:o, s:I}", "queryState", qs, "canCalculateChanges", 0,
			 "position", (json_int_t)position, "ids", arr, "total", (json_int_t)total);
}

static const char *const phi_categories[] = { "diagnosis", "medication", "result", "procedure",
					       "sensitive", "identifier", NULL };

static bool phi_category_known(const char *s)
{
	for (size_t i = 0; s && phi_categories[i]; i++)
		if (strcmp(s, phi_categories[i]) == 0)
			return true;
	return false;
}

/* Hash of what makes two sends "the same": conversation, body and the
 * attachments in order (none: the hash a plain text always had). */
static void send_hash(const char *conv_id, const char *body, const char *const *att, size_t n_att,
		      char out[65])
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, conv_id);
	buf_append(&b, "", 1);
	buf_puts(&b, body);
	for (size_t i = 0; i < n_att; i++) {
		buf_append(&b, "", 1);
		buf_puts(&b, att[i]);
	}
	crypto_hash_hex(b.data, b.len, out);
	buf_free(&b);
}

/* Reads attachmentIds: absent or null (none), or up to MEDIA_MAX_PER_MESSAGE
 * distinct id strings (borrowed from obj). NULL on success, else the set error. */
static json_t *attachment_ids(json_t *obj, const char *ids[MEDIA_MAX_PER_MESSAGE], size_t *n)
{
	*n = 0;
	json_t *arr = json_object_get(obj, "attachmentIds");
	if (!arr || json_is_null(arr))
		return NULL;
	if (!json_is_array(arr))
		return set_error("invalidProperties", "attachmentIds must be an array of ids");
	if (json_array_size(arr) > MEDIA_MAX_PER_MESSAGE)
		return set_error("invalidProperties", "at most %d attachments per message",
				 MEDIA_MAX_PER_MESSAGE);
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x) {
		const char *id = json_string_value(x);
		if (!id || !*id || strlen(id) >= ID_LEN)
			return set_error("invalidProperties", "attachmentIds[%zu] is not an id", i);
		for (size_t j = 0; j < *n; j++)
			if (strcmp(ids[j], id) == 0)
				return set_error("invalidProperties",
						 "attachmentIds[%zu] names an attachment twice", i);
		ids[(*n)++] = id;
	}
	return NULL;
}

/* Each id must be an upload of this user, for this conversation, that no
 * message uses yet. */
static json_t *attachments_usable(struct call *c, const char *conv_id, const char *const *ids,
				  size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct attachment a = { 0 };
		bool ok = store_attachment_get(c->st, ids[i], &a, false) == STORE_OK &&
			  a.state == ATTACH_STORED && !a.message_id[0] &&
			  strcmp(a.uploader_id, c->p->staff.id) == 0 &&
			  strcmp(a.conversation_id, conv_id) == 0;
		attachment_clear(&a);
		if (!ok)
			return set_error("invalidProperties",
					 "attachmentIds[%zu] is not an unused upload of yours for this "
					 "conversation", i);
	}
	return NULL;
}

static json_t *created_message(const struct message *m)
{
	char when[40];
	time_format_iso(m->created_at, when);
	return json_pack("{s:s, s:I, s:s, s:i, s:s, s:s}", "id", m->id, "version",
			 (json_int_t)m->version, "delivery", delivery_state_name(m->delivery),
			 "segments", m->segments, "createdAt", when, "conversationId",
			 m->conversation_id);
}

/* One send. On success *sent holds the message (caller submits it to the
 * carrier after commit) and *fresh says whether it is new. */
static json_t *message_create(struct call *c, json_t *obj, struct message *sent, bool *fresh)
{
	*fresh = false;
	const char *conv_id = json_string_value(json_object_get(obj, "conversationId"));
	const char *body = json_string_value(json_object_get(obj, "body"));
	json_t *cmid_j = json_object_get(obj, "clientMsgId");
	const char *cmid = json_string_value(cmid_j);
	const char *last_seen = json_string_value(json_object_get(obj, "lastSeenMessageId"));
	bool ignore_guard = json_is_true(json_object_get(obj, "ignoreReplyGuard"));
	const char *template_id = json_string_value(json_object_get(obj, "templateId"));
	json_t *phi = json_object_get(obj, "phiWarning");
	const char *att[MEDIA_MAX_PER_MESSAGE];
	size_t n_att = 0;
	json_t *e = attachment_ids(obj, att, &n_att);
	if (e)
		return e;
	/* A picture may go without words. */
	if (!body && n_att && !json_object_get(obj, "body"))
		body = "";
	if (!conv_id || !body)
		return set_error("invalidProperties", "conversationId and body are required");
	if ((cmid_j && !json_is_null(cmid_j) && !cmid) || (cmid && (!*cmid || strlen(cmid) > 64)))
		return set_error("invalidProperties", "clientMsgId must be a string of 1 to 64 characters");
	size_t blen = strlen(body);
	struct sms_count cnt;
	sms_count(body, blen, &cnt);
	if ((blen == 0 && !n_att) || !sms_utf8_valid(body, blen))
		return set_error("invalidProperties", "the body must be non-empty UTF-8 text");
	if (cnt.segments < 1)
		cnt.segments = 1;
	if (cnt.segments > LIMIT_SMS_SEGMENTS)
		return set_error("tooLarge", "the text needs %d SMS segments; the limit is %d",
				 cnt.segments, LIMIT_SMS_SEGMENTS);
	json_t *cats = json_object_get(phi, "categories");
	if (phi && !json_is_null(phi)) {
		size_t i;
		json_t *x;
		if (!json_is_array(cats))
			return set_error("invalidProperties", "phiWarning.categories must be an array");
		json_array_foreach(cats, i, x)
			if (!phi_category_known(json_string_value(x)))
				return set_error("invalidProperties",
						 "phiWarning.categories[%zu] is not a category", i);
	}
	struct conversation conv;
	if (!conv_visible(c, conv_id, &conv))
		return set_error("notFound", "no conversation %s", conv_id);
	char hash[65];
	send_hash(conv_id, body, att, n_att, hash);
	if (cmid && store_message_by_client_id(c->st, cmid, sent) == STORE_OK) {
		if (!sent->request_hash || strcmp(sent->request_hash, hash) != 0)
			e = set_error("alreadyExists",
				      "clientMsgId %s was already used for a different message", cmid);
		goto out; /* the same send again: answer with the first one */
	}
	message_clear(sent);
	if ((e = attachments_usable(c, conv_id, att, n_att)))
		goto out;
	enum consent_state consent;
	int64_t at;
	if (store_consent_get(c->st, conv.patient_phone, conv.department_id, &consent, &at) ==
		    STORE_OK &&
	    consent == CONSENT_OPTED_OUT) {
		/* TRANSLATORS: curtaind answers in English; curtain shows this
		 * translated, after "Not sent:". */
		e = set_error("optedOut",
			      N_("The patient replied STOP and opted out of texts from this number. "
				 "Call them instead; they can text START to opt back in."));
		goto out;
	}
	if (last_seen && !ignore_guard) {
		struct message seen = { 0 };
		bool ok = store_message_get(c->st, last_seen, &seen) == STORE_OK &&
			  strcmp(seen.conversation_id, conv_id) == 0;
		message_clear(&seen);
		if (!ok) {
			e = set_error("invalidProperties",
				      "lastSeenMessageId is not a message of this conversation");
			goto out;
		}
		struct message *newer = NULL;
		size_t n = 0;
		if (store_message_newer(c->st, conv_id, last_seen, c->p->staff.id, &newer, &n) ==
			    STORE_OK &&
		    n > 0) {
			e = set_error("conversationChanged",
				      "%zu new message(s) arrived since you last looked", n);
			json_t *list = json_array();
			for (size_t i = 0; i < n; i++) {
				/* One whose attachments cannot be read is left out
				 * (never sent with none): sync brings it later. */
				json_t *o = message_json(c->st, &newer[i], true);
				if (o)
					json_array_append_new(list, o);
				message_clear(&newer[i]);
			}
			json_object_set_new(e, "newMessages", list);
		}
		free(newer);
		if (e)
			goto out;
	}
	memset(sent, 0, sizeof *sent);
	snprintf(sent->conversation_id, ID_LEN, "%s", conv_id);
	sent->direction = MSG_OUT;
	sent->body = xstrdup(body);
	snprintf(sent->author_id, ID_LEN, "%s", c->p->staff.id);
	sent->client_msg_id = cmid ? xstrdup(cmid) : NULL;
	sent->request_hash = xstrdup(hash);
	sent->delivery = DELIV_PENDING;
	sent->segments = cnt.segments;
	sent->created_at = now_ms();
	struct actor a = { c->p->staff.id, c->p->device_id, c->req->ip };
	enum store_rc rc = store_message_create(c->st, &a, sent);
	if (rc == STORE_EXISTS) { /* lost a race with a retry of the same send */
		if (!sent->request_hash || strcmp(sent->request_hash, hash) != 0)
			e = set_error("alreadyExists", "clientMsgId was already used");
		goto out;
	}
	/* Another send may have taken an upload since it was checked (the
	 * update only takes unused ones): then nothing of this one stays. */
	if (rc == STORE_OK && n_att && store_attachment_use(c->st, sent->id, att, n_att) != STORE_OK) {
		e = set_error("invalidProperties", "an attachment was used by another message");
		goto out;
	}
	/* The carrier's outbox row commits with the message, or neither does. */
	if (rc != STORE_OK || gateway_stage(c->srv, c->st, &conv, sent) != STORE_OK) {
		e = set_error("serverFail", "could not store the message");
		goto out;
	}
	*fresh = true;
	json_t *detail = json_pack("{s:s, s:i, s:s?}", "messageId", sent->id, "segments",
				   cnt.segments, "templateId", template_id);
	if (n_att)
		json_object_set_new(detail, "attachments", json_integer((json_int_t)n_att));
	audit_add(c->st, c->p, c->req->ip, "message.send", "conversation", conv_id, detail);
	if (template_id)
		audit_add(c->st, c->p, c->req->ip, "template.use", "template", template_id,
			  json_pack("{s:s}", "messageId", sent->id));
	if (phi && !json_is_null(phi))
		audit_add(c->st, c->p, c->req->ip, "phi.override", "conversation", conv_id,
			  json_pack("{s:s, s:O}", "messageId", sent->id, "categories", cats));
out:
	conversation_clear(&conv);
	return e;
}

/* The create-only /set shared by Message/set and Note/set. create_one runs
 * inside its own transaction and fills *answer; after_commit (may be NULL)
 * runs once the object is durable, with *after_id as create_one set it. */
typedef json_t *(*create_one_fn)(struct call *c, json_t *obj, json_t **answer,
				 char after_id[ID_LEN]);

static json_t *create_only_set(struct call *c, json_t *args, json_t **err, enum obj_type type,
			       create_one_fn create_one,
			       void (*after_commit)(struct call *c, const char *id))
{
	if (json_object_get(args, "update") || json_object_get(args, "destroy")) {
		*err = method_error("invalidArguments", "%s objects are only created",
				    obj_type_name(type));
		return NULL;
	}
	if (set_size(args) > LIMIT_OBJECTS_IN_SET) {
		*err = method_error("requestTooLarge", "at most %d objects per set", LIMIT_OBJECTS_IN_SET);
		return NULL;
	}
	char olds[96], news[96];
	state_of(c, type, olds);
	json_t *created = json_object(), *not_created = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(json_object_get(args, "create"), k, v) {
		json_t *answer = NULL, *e;
		char after_id[ID_LEN] = "";
		if (!json_is_object(v))
			e = set_error("invalidProperties", "not an object");
		else if (store_tx_begin(c->st) != STORE_OK)
			e = set_error("serverFail", "the database is busy");
		else if ((e = create_one(c, v, &answer, after_id)))
			store_tx_rollback(c->st);
		else if (store_tx_commit(c->st) != STORE_OK)
			e = set_error("serverFail", "could not commit");
		if (e) {
			json_decref(answer);
			json_object_set_new(not_created, k, e);
			continue;
		}
		if (after_id[0]) {
			c->wrote = true;
			if (after_commit)
				after_commit(c, after_id);
		}
		json_object_set_new(created, k, answer);
	}
	state_of(c, type, news);
	return json_pack("{s:s, s:s, s:o, s:o}", "oldState", olds, "newState", news, "created",
			 created, "notCreated", not_created);
}

/* A send: new messages go to the carrier once committed; a repeat of an
 * earlier send (same clientMsgId and text) answers the first one. */
static json_t *message_create_one(struct call *c, json_t *obj, json_t **answer, char after_id[ID_LEN])
{
	struct message m = { 0 };
	bool fresh = false;
	json_t *e = message_create(c, obj, &m, &fresh);
	if (!e) {
		*answer = created_message(&m);
		if (fresh)
			memcpy(after_id, m.id, ID_LEN);
	}
	message_clear(&m);
	return e;
}

static void message_submit(struct call *c, const char *id)
{
	gateway_send(c->srv, c->st, id);
}

static json_t *message_set(struct call *c, json_t *args, json_t **err)
{
	return create_only_set(c, args, err, OBJ_MESSAGE, message_create_one, message_submit);
}

/* ---- Note ------------------------------------------------------------------------------------ */

static json_t *note_get(struct call *c, json_t *args, json_t **err)
{
	json_t *ids;
	if (!ids_required(args, &ids, err))
		return NULL;
	struct vis_cache vc = { "", false };
	json_t *list = json_array(), *nf = json_array();
	size_t i;
	json_t *x;
	json_array_foreach(ids, i, x) {
		struct note n = { 0 };
		if (store_note_get(c->st, json_string_value(x), &n) == STORE_OK &&
		    conv_id_visible(c, &vc, n.conversation_id))
			json_array_append_new(list, apply_properties(args, note_to_json(&n)));
		else
			json_array_append(nf, x);
		note_clear(&n);
	}
	return get_result(c, OBJ_NOTE, list, nf);
}

static json_t *note_changes(struct call *c, json_t *args, json_t **err)
{
	return changes_generic(c, args, err, OBJ_NOTE);
}

static json_t *note_query(struct call *c, json_t *args, json_t **err)
{
	const char *conv_id = json_string_value(json_object_get(json_object_get(args, "filter"),
								"conversationId"));
	struct conversation conv;
	if (!conv_id) {
		*err = method_error("invalidArguments", "filter.conversationId is required");
		return NULL;
	}
	if (!conv_visible(c, conv_id, &conv)) {
		*err = method_error("notFound", "no conversation %s", conv_id);
		return NULL;
	}
	conversation_clear(&conv);
	struct id_list ids = { 0 };
	if (store_note_query(c->st, conv_id, &ids) != STORE_OK) {
		*err = method_error("serverFail", "the query failed");
		return NULL;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < ids.n; i++)
		json_array_append_new(arr, json_string(ids.ids[i]));
	size_t total = ids.n;
	id_list_clear(&ids);
	return json_pack("{s:o, s:I, s:I}", "ids", arr, "total", (json_int_t)total, "position",
			 (json_int_t)0);
}

static json_t *note_create(struct call *c, json_t *obj, struct note *n)
{
	const char *conv_id = json_string_value(json_object_get(obj, "conversationId"));
	const char *body = json_string_value(json_object_get(obj, "body"));
	if (!conv_id || !body || !*body)
		return set_error("invalidProperties", "conversationId and a non-empty body are required");
	if (strlen(body) > LIMIT_NOTE_BYTES)
		return set_error("tooLarge", "notes are at most %d bytes", LIMIT_NOTE_BYTES);
	struct conversation conv;
	if (!conv_visible(c, conv_id, &conv))
		return set_error("notFound", "no conversation %s", conv_id);
	conversation_clear(&conv);
	memset(n, 0, sizeof *n);
	snprintf(n->conversation_id, ID_LEN, "%s", conv_id);
	snprintf(n->author_id, ID_LEN, "%s", c->p->staff.id);
	n->body = xstrdup(body);
	n->created_at = now_ms();
	struct actor a = { c->p->staff.id, c->p->device_id, c->req->ip };
	if (store_note_create(c->st, &a, n) != STORE_OK)
		return set_error("serverFail", "could not store the note");
	audit_add(c->st, c->p, c->req->ip, "note.add", "conversation", conv_id,
		  json_pack("{s:s}", "noteId", n->id));
	return NULL;
}

static json_t *note_create_one(struct call *c, json_t *obj, json_t **answer, char after_id[ID_LEN])
{
	struct note n = { 0 };
	json_t *e = note_create(c, obj, &n);
	if (!e) {
		char when[40];
		time_format_iso(n.created_at, when);
		*answer = json_pack("{s:s, s:I, s:s}", "id", n.id, "version", (json_int_t)n.version,
				    "createdAt", when);
		memcpy(after_id, n.id, ID_LEN);
	}
	note_clear(&n);
	return e;
}

static json_t *note_set(struct call *c, json_t *args, json_t **err)
{
	return create_only_set(c, args, err, OBJ_NOTE, note_create_one, NULL);
}

/* ---- Assignment ---------------------------------------------------------------------------------- */

static json_t *assignment_query(struct call *c, json_t *args, json_t **err)
{
	const char *conv_id = json_string_value(json_object_get(json_object_get(args, "filter"),
								"conversationId"));
	struct conversation conv;
	if (!conv_id) {
		*err = method_error("invalidArguments", "filter.conversationId is required");
		return NULL;
	}
	if (!conv_visible(c, conv_id, &conv)) {
		*err = method_error("notFound", "no conversation %s", conv_id);
		return NULL;
	}
	conversation_clear(&conv);
	struct assignment *as = NULL;
	size_t n = 0;
	if (store_assignment_query(c->st, conv_id, &as, &n) != STORE_OK) {
		*err = method_error("serverFail", "the query failed");
		return NULL;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_string(as[i].id));
	free(as);
	return json_pack("{s:o, s:I, s:I}", "ids", arr, "total", (json_int_t)n, "position",
			 (json_int_t)0);
}

static json_t *assignment_get(struct call *c, json_t *args, json_t **err)
{
	json_t *ids;
	if (!ids_required(args, &ids, err))
		return NULL;
	struct vis_cache vc = { "", false };
	json_t *list = json_array(), *nf = json_array();
	size_t i;
	json_t *x;
	json_array_foreach(ids, i, x) {
		struct assignment as = { 0 };
		if (store_assignment_get(c->st, json_string_value(x), &as) == STORE_OK &&
		    conv_id_visible(c, &vc, as.conversation_id))
			json_array_append_new(list, apply_properties(args, assignment_to_json(&as)));
		else
			json_array_append(nf, x);
	}
	return get_result(c, OBJ_ASSIGNMENT, list, nf);
}

const struct method methods_conv[] = {
	{ "Conversation/get", conversation_get },
	{ "Conversation/changes", conversation_changes },
	{ "Conversation/query", conversation_query },
	{ "Conversation/queryChanges", conversation_query_changes },
	{ "Conversation/set", conversation_set },
	{ "Message/get", message_get },
	{ "Message/changes", message_changes },
	{ "Message/query", message_query },
	{ "Message/set", message_set },
	{ "Note/get", note_get },
	{ "Note/changes", note_changes },
	{ "Note/query", note_query },
	{ "Note/set", note_set },
	{ "Assignment/get", assignment_get },
	{ "Assignment/query", assignment_query },
	{ NULL, NULL },
};
