/* methods_misc: the practice-wide methods — departments (with queue counts),
 * staff, templates, consent, presence and break-glass access. Conversation
 * and message methods are in methods_conv.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"
#include "proto/codec.h"
#include "server/api.h"

static bool ids_has(json_t *ids, const char *id)
{
	size_t i;
	json_t *x;
	json_array_foreach(ids, i, x)
		if (strcmp(json_string_value(x), id) == 0)
			return true;
	return false;
}

/* notFound: the requested ids that no listed object answered. */
static json_t *not_found(json_t *ids, json_t *list)
{
	json_t *nf = json_array();
	size_t i;
	json_t *x;
	json_array_foreach(ids, i, x) {
		bool hit = false;
		size_t k;
		json_t *o;
		json_array_foreach(list, k, o)
			if (json_equal(json_object_get(o, "id"), x))
				hit = true;
		if (!hit)
			json_array_append(nf, x);
	}
	return nf;
}

static json_t *get_answer(struct call *c, enum obj_type t, json_t *list, json_t *ids)
{
	char state[96];
	state_of(c, t, state);
	return json_pack("{s:s, s:o, s:o}", "state", state, "list", list, "notFound",
			 ids ? not_found(ids, list) : json_array());
}

/* ---- Department ------------------------------------------------------------------ */

static json_t *department_get(struct call *c, json_t *args, json_t **err)
{
	json_t *ids;
	bool all;
	if (!args_ids(args, LIMIT_OBJECTS_IN_GET, &ids, &all, err))
		return NULL;
	char state[96];
	state_of(c, OBJ_DEPARTMENT, state);
	struct department *d = NULL;
	size_t n = 0;
	if (store_department_list(c->st, &d, &n) != STORE_OK) {
		*err = method_error("serverFail", "could not read departments");
		return NULL;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		if (all || ids_has(ids, d[i].id)) {
			bool sees = principal_sees(c->p, d[i].id);
			struct dept_counts counts;
			bool have = sees && store_department_counts(c->st, d[i].id, c->p->staff.id,
								    &counts) == STORE_OK;
			json_t *o = department_to_json(&d[i], have ? &counts : NULL);
			json_object_set_new(o, "member", json_boolean(id_list_has(&c->p->staff.depts,
										  d[i].id)));
			json_array_append_new(list, apply_properties(args, o));
		}
		department_clear(&d[i]);
	}
	free(d);
	return json_pack("{s:s, s:o, s:o}", "state", state, "list", list, "notFound",
			 all ? json_array() : not_found(ids, list));
}

static json_t *department_changes(struct call *c, json_t *args, json_t **err)
{
	return changes_generic(c, args, err, OBJ_DEPARTMENT);
}

/* ---- Staff ---------------------------------------------------------------------------- */

static json_t *staff_get(struct call *c, json_t *args, json_t **err)
{
	json_t *ids;
	bool all;
	if (!args_ids(args, LIMIT_OBJECTS_IN_GET, &ids, &all, err))
		return NULL;
	bool want_load = false;
	json_t *props = json_object_get(args, "properties");
	size_t i;
	json_t *x;
	json_array_foreach(props, i, x)
		if (json_is_string(x) && strcmp(json_string_value(x), "openLoad") == 0)
			want_load = true;
	char state[96];
	state_of(c, OBJ_STAFF, state);
	struct staff *s = NULL;
	size_t n = 0;
	if (store_staff_list(c->st, &s, &n) != STORE_OK) {
		*err = method_error("serverFail", "could not read staff");
		return NULL;
	}
	json_t *list = json_array();
	for (size_t k = 0; k < n; k++) {
		if (all || ids_has(ids, s[k].id)) {
			json_t *o = staff_to_json(&s[k]);
			int64_t load = 0;
			if (want_load && store_staff_open_load(c->st, s[k].id, &load) == STORE_OK)
				json_object_set_new(o, "openLoad", json_integer(load));
			json_array_append_new(list, apply_properties(args, o));
		}
		staff_clear(&s[k]);
	}
	free(s);
	return json_pack("{s:s, s:o, s:o}", "state", state, "list", list, "notFound",
			 all ? json_array() : not_found(ids, list));
}

static json_t *staff_changes(struct call *c, json_t *args, json_t **err)
{
	return changes_generic(c, args, err, OBJ_STAFF);
}

static json_t *staff_patch(struct call *c, const char *id, json_t *patch)
{
	struct staff s = { 0 };
	json_t *e = NULL;
	if (store_staff_get(c->st, id, &s) != STORE_OK)
		return set_error("notFound", "no staff member %s", id);
	const char *key;
	json_t *v;
	json_t *changed = json_array();
	json_object_foreach(patch, key, v) {
		if (strcmp(key, "displayName") == 0 && json_is_string(v) &&
		    json_string_length(v) > 0 && json_string_length(v) <= 80) {
			free(s.display_name);
			s.display_name = xstrdup(json_string_value(v));
		} else if (strcmp(key, "role") == 0 && json_is_string(v) &&
			   role_parse(json_string_value(v)) >= 0) {
			s.role = (enum role)role_parse(json_string_value(v));
		} else if (strcmp(key, "disabled") == 0 && json_is_boolean(v)) {
			s.disabled = json_is_true(v);
		} else if (strcmp(key, "departmentIds") == 0 && json_is_array(v)) {
			id_list_clear(&s.depts);
			size_t i;
			json_t *d;
			json_array_foreach(v, i, d) {
				struct department dep = { 0 };
				if (!json_is_string(d) ||
				    store_department_get(c->st, json_string_value(d), &dep) != STORE_OK) {
					department_clear(&dep);
					e = set_error("invalidProperties", "departmentIds[%zu] is unknown", i);
					goto out;
				}
				department_clear(&dep);
				id_list_add(&s.depts, json_string_value(d));
			}
		} else {
			e = set_error("invalidProperties", "%s cannot be set or has a bad value", key);
			goto out;
		}
		json_array_append_new(changed, json_string(key));
	}
	if (strcmp(id, c->p->staff.id) == 0 && (s.disabled || s.role != ROLE_ADMIN)) {
		e = set_error("forbidden", "admins cannot disable or demote themselves");
		goto out;
	}
	struct actor a = { c->p->staff.id, c->p->device_id, c->req->ip };
	if (store_staff_update(c->st, &a, &s) != STORE_OK) {
		e = set_error("serverFail", "could not update");
		goto out;
	}
	audit_add(c->st, c->p, c->req->ip, "admin.staff.update", "staff", id,
		  json_pack("{s:O}", "properties", changed));
out:
	json_decref(changed);
	staff_clear(&s);
	return e;
}

static json_t *staff_set(struct call *c, json_t *args, json_t **err)
{
	if (c->p->staff.role != ROLE_ADMIN) {
		*err = method_error("forbidden", "only admins manage staff");
		return NULL;
	}
	if (json_object_get(args, "create") || json_object_get(args, "destroy")) {
		*err = method_error("invalidArguments",
				    "staff are created with curtainctl user add and disabled, not destroyed");
		return NULL;
	}
	char olds[96], news[96];
	state_of(c, OBJ_STAFF, olds);
	json_t *updated = json_object(), *not_updated = json_object();
	json_t *upd = json_object_get(args, "update");
	const char *id;
	json_t *patch;
	json_object_foreach(upd, id, patch) {
		json_t *e;
		if (!json_is_object(patch)) {
			e = set_error("invalidPatch", "the patch must be an object");
		} else if (store_tx_begin(c->st) != STORE_OK) {
			e = set_error("serverFail", "database busy");
		} else if ((e = staff_patch(c, id, patch))) {
			store_tx_rollback(c->st);
		} else if (store_tx_commit(c->st) != STORE_OK) {
			e = set_error("serverFail", "could not commit");
		}
		if (e) {
			json_object_set_new(not_updated, id, e);
		} else {
			json_object_set_new(updated, id, json_null());
			c->wrote = true;
		}
	}
	state_of(c, OBJ_STAFF, news);
	return json_pack("{s:s, s:s, s:o, s:o}", "oldState", olds, "newState", news, "updated", updated,
			 "notUpdated", not_updated);
}

/* ---- Template ------------------------------------------------------------------------ */

static bool template_visible(struct call *c, const struct template *t)
{
	return !t->department_id[0] || principal_sees(c->p, t->department_id);
}

static json_t *template_get(struct call *c, json_t *args, json_t **err)
{
	json_t *ids;
	bool all;
	if (!args_ids(args, LIMIT_OBJECTS_IN_GET, &ids, &all, err))
		return NULL;
	struct template *t = NULL;
	size_t n = 0;
	if (store_template_list(c->st, &t, &n) != STORE_OK) {
		*err = method_error("serverFail", "could not read templates");
		return NULL;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		if ((all || ids_has(ids, t[i].id)) && template_visible(c, &t[i]))
			json_array_append_new(list, apply_properties(args, template_to_json(&t[i])));
		template_clear(&t[i]);
	}
	free(t);
	return get_answer(c, OBJ_TEMPLATE, list, all ? NULL : ids);
}

static json_t *template_changes(struct call *c, json_t *args, json_t **err)
{
	return changes_generic(c, args, err, OBJ_TEMPLATE);
}

/* Validates and copies template properties from JSON onto t. */
static json_t *template_apply(struct call *c, json_t *obj, struct template *t, bool creating)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		if (strcmp(key, "name") == 0 && json_is_string(v) && json_string_length(v) > 0 &&
		    json_string_length(v) <= 120) {
			free(t->name);
			t->name = xstrdup(json_string_value(v));
		} else if (strcmp(key, "language") == 0 && json_is_string(v) &&
			   json_string_length(v) >= 2 && json_string_length(v) <= 16) {
			free(t->language);
			t->language = xstrdup(json_string_value(v));
		} else if (strcmp(key, "body") == 0 && json_is_string(v) && json_string_length(v) > 0 &&
			   json_string_length(v) <= 1600) {
			free(t->body);
			t->body = xstrdup(json_string_value(v));
		} else if (strcmp(key, "departmentId") == 0 && (json_is_null(v) || json_is_string(v))) {
			const char *d = json_string_value(v);
			struct department dep = { 0 };
			if (d && store_department_get(c->st, d, &dep) != STORE_OK)
				return set_error("invalidProperties", "departmentId is unknown");
			department_clear(&dep);
			snprintf(t->department_id, sizeof t->department_id, "%s", d ? d : "");
		} else if (strcmp(key, "id") == 0 || strcmp(key, "version") == 0) {
			continue;
		} else {
			return set_error("invalidProperties", "%s cannot be set or has a bad value", key);
		}
	}
	if (creating && (!t->name || !t->body))
		return set_error("invalidProperties", "name and body are required");
	if (!t->language)
		t->language = xstrdup("en");
	return NULL;
}

static json_t *template_set(struct call *c, json_t *args, json_t **err)
{
	if (c->p->staff.role != ROLE_ADMIN) {
		*err = method_error("forbidden", "only admins manage templates");
		return NULL;
	}
	struct actor a = { c->p->staff.id, c->p->device_id, c->req->ip };
	char olds[96], news[96];
	state_of(c, OBJ_TEMPLATE, olds);
	json_t *created = json_object(), *not_created = json_object();
	json_t *updated = json_object(), *not_updated = json_object();
	json_t *destroyed = json_array(), *not_destroyed = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(json_object_get(args, "create"), k, v) {
		struct template t = { 0 };
		json_t *e = json_is_object(v) ? template_apply(c, v, &t, true)
					      : set_error("invalidProperties", "not an object");
		if (!e && store_tx_begin(c->st) != STORE_OK)
			e = set_error("serverFail", "database busy");
		else if (!e) {
			if (store_template_create(c->st, &a, &t) != STORE_OK) {
				store_tx_rollback(c->st);
				e = set_error("serverFail", "could not create");
			} else {
				audit_add(c->st, c->p, c->req->ip, "admin.template.create", "template",
					  t.id, NULL);
				store_tx_commit(c->st);
			}
		}
		if (e)
			json_object_set_new(not_created, k, e);
		else {
			json_object_set_new(created, k, json_pack("{s:s, s:I}", "id", t.id, "version",
								  (json_int_t)t.version));
			c->wrote = true;
		}
		template_clear(&t);
	}
	json_object_foreach(json_object_get(args, "update"), k, v) {
		struct template t = { 0 };
		json_t *e = NULL;
		if (store_template_get(c->st, k, &t) != STORE_OK)
			e = set_error("notFound", "no template %s", k);
		else if (!json_is_object(v))
			e = set_error("invalidPatch", "the patch must be an object");
		else
			e = template_apply(c, v, &t, false);
		if (!e && store_tx_begin(c->st) == STORE_OK) {
			if (store_template_update(c->st, &a, &t) == STORE_OK) {
				audit_add(c->st, c->p, c->req->ip, "admin.template.update", "template", k,
					  NULL);
				store_tx_commit(c->st);
			} else {
				store_tx_rollback(c->st);
				e = set_error("serverFail", "could not update");
			}
		} else if (!e) {
			e = set_error("serverFail", "database busy");
		}
		if (e)
			json_object_set_new(not_updated, k, e);
		else {
			json_object_set_new(updated, k, json_null());
			c->wrote = true;
		}
		template_clear(&t);
	}
	size_t i;
	json_array_foreach(json_object_get(args, "destroy"), i, v) {
		const char *id = json_string_value(v);
		if (!id)
			continue;
		json_t *e = NULL;
		if (store_tx_begin(c->st) != STORE_OK) {
			e = set_error("serverFail", "database busy");
		} else if (store_template_destroy(c->st, &a, id) != STORE_OK) {
			store_tx_rollback(c->st);
			e = set_error("notFound", "no template %s", id);
		} else {
			audit_add(c->st, c->p, c->req->ip, "admin.template.destroy", "template", id, NULL);
			store_tx_commit(c->st);
		}
		if (e)
			json_object_set_new(not_destroyed, id, e);
		else {
			json_array_append_new(destroyed, json_string(id));
			c->wrote = true;
		}
	}
	state_of(c, OBJ_TEMPLATE, news);
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "oldState", olds, "newState", news,
			 "created", created, "notCreated", not_created, "updated", updated,
			 "notUpdated", not_updated, "destroyed", destroyed, "notDestroyed",
			 not_destroyed);
}

/* ---- Consent ------------------------------------------------------------------------------ */

static json_t *consent_get(struct call *c, json_t *args, json_t **err)
{
	json_t *ids = json_object_get(args, "conversationIds");
	if (!json_is_array(ids) || json_array_size(ids) > LIMIT_OBJECTS_IN_GET) {
		*err = method_error("invalidArguments", "conversationIds must be an array (at most 500)");
		return NULL;
	}
	json_t *list = json_array(), *nf = json_array();
	size_t i;
	json_t *x;
	json_array_foreach(ids, i, x) {
		struct conversation conv = { 0 };
		const char *id = json_string_value(x);
		enum consent_state cs;
		int64_t at = 0;
		if (id && store_conversation_get(c->st, id, &conv) == STORE_OK &&
		    principal_sees(c->p, conv.department_id) &&
		    store_consent_get(c->st, conv.patient_phone, conv.department_id, &cs, &at) ==
			    STORE_OK) {
			char when[40];
			time_format_iso(at, when);
			json_array_append_new(list, json_pack("{s:s, s:s, s:s?}", "conversationId", id,
							      "state", consent_state_name(cs),
							      "changedAt", at ? when : NULL));
		} else if (id) {
			json_array_append_new(nf, json_string(id));
		}
		conversation_clear(&conv);
	}
	return json_pack("{s:o, s:o}", "list", list, "notFound", nf);
}

/* ---- Presence ------------------------------------------------------------------------------ */

#define PRESENCE_TTL_MS 30000

static json_t *presence_set(struct call *c, json_t *args, json_t **err)
{
	const char *conv_id = json_string_value(json_object_get(args, "conversationId"));
	const char *state = json_string_value(json_object_get(args, "state"));
	if (!conv_id || !state ||
	    (strcmp(state, "viewing") && strcmp(state, "composing") && strcmp(state, "idle"))) {
		*err = method_error("invalidArguments",
				    "conversationId and state (viewing, composing, idle) are required");
		return NULL;
	}
	struct conversation conv = { 0 };
	if (store_conversation_get(c->st, conv_id, &conv) != STORE_OK ||
	    !principal_sees(c->p, conv.department_id)) {
		conversation_clear(&conv);
		*err = method_error("notFound", "no conversation %s", conv_id);
		return NULL;
	}
	int64_t expires = now_ms() + (strcmp(state, "idle") == 0 ? 0 : PRESENCE_TTL_MS);
	char when[40];
	time_format_iso(expires, when);
	json_t *payload = json_pack("{s:s, s:s, s:s, s:s, s:s}", "conversationId", conv_id, "staffId",
				    c->p->staff.id, "displayName", c->p->staff.display_name, "state",
				    state, "expiresAt", when);
	char *text = json_dumps(payload, JSON_COMPACT);
	json_decref(payload);
	struct event e = { .kind = EVENT_PRESENCE, .payload = text, .created_at = now_ms() };
	snprintf(e.department_id, sizeof e.department_id, "%s", conv.department_id);
	snprintf(e.staff_id, sizeof e.staff_id, "%s", c->p->staff.id);
	enum store_rc rc = STORE_ERROR;
	if (store_tx_begin(c->st) == STORE_OK) {
		rc = store_event_add(c->st, &e);
		if (rc == STORE_OK)
			rc = store_tx_commit(c->st);
		else
			store_tx_rollback(c->st);
	}
	free(text);
	conversation_clear(&conv);
	if (rc != STORE_OK) {
		*err = method_error("serverFail", "could not record presence");
		return NULL;
	}
	c->wrote = true;
	return json_pack("{s:s}", "expiresAt", when);
}

/* ---- Access/breakGlass ------------------------------------------------------------------------ */

static json_t *access_break_glass(struct call *c, json_t *args, json_t **err)
{
	if (c->p->staff.role < ROLE_SUPERVISOR) {
		*err = method_error("forbidden", "break-glass access is for supervisors and admins");
		return NULL;
	}
	const char *dept_id = json_string_value(json_object_get(args, "departmentId"));
	const char *reason = json_string_value(json_object_get(args, "reason"));
	json_t *mj = json_object_get(args, "minutes");
	int64_t minutes = json_is_integer(mj) ? json_integer_value(mj) : 0;
	if (!dept_id || !reason || json_string_length(json_object_get(args, "reason")) < 10 ||
	    json_string_length(json_object_get(args, "reason")) > 500 || minutes < 1 || minutes > 60) {
		*err = method_error("invalidArguments",
				    "departmentId, a reason of at least 10 characters and minutes (1-60) "
				    "are required");
		return NULL;
	}
	struct department d = { 0 };
	if (store_department_get(c->st, dept_id, &d) != STORE_OK) {
		department_clear(&d);
		*err = method_error("notFound", "no department %s", dept_id);
		return NULL;
	}
	department_clear(&d);
	int64_t expires = now_ms() + minutes * 60000;
	char grant[ID_LEN], reason_hash[65];
	crypto_hash_hex(reason, strlen(reason), reason_hash);
	if (store_tx_begin(c->st) != STORE_OK) {
		*err = method_error("serverFail", "database busy");
		return NULL;
	}
	if (store_grant_create(c->st, c->p->staff.id, dept_id, expires, reason_hash, grant) != STORE_OK) {
		store_tx_rollback(c->st);
		*err = method_error("serverFail", "could not grant access");
		return NULL;
	}
	/* The reason is what an auditor reviews; staff are told to keep patient
	 * details out of it. */
	audit_add(c->st, c->p, c->req->ip, "access.breakglass", "department", dept_id,
		  json_pack("{s:s, s:I, s:s}", "grantId", grant, "minutes", (json_int_t)minutes,
			    "reason", reason));
	store_tx_commit(c->st);
	c->wrote = true;
	char when[40];
	time_format_iso(expires, when);
	return json_pack("{s:s, s:s, s:s}", "grantId", grant, "departmentId", dept_id, "expiresAt",
			 when);
}

const struct method methods_misc[] = {
	{ "Department/get", department_get },
	{ "Department/changes", department_changes },
	{ "Staff/get", staff_get },
	{ "Staff/changes", staff_changes },
	{ "Staff/set", staff_set },
	{ "Template/get", template_get },
	{ "Template/changes", template_changes },
	{ "Template/set", template_set },
	{ "Consent/get", consent_get },
	{ "Presence/set", presence_set },
	{ "Access/breakGlass", access_break_glass },
	{ NULL, NULL },
};
