/* api: POST /v1/api — runs a batch of method calls in order, resolves
 * back-references (JSON Pointer with "*" over arrays), turns failures into
 * per-call errors, and replays or refuses Idempotency-Key repeats. Also the
 * generic pieces every method uses: ids, properties, state tokens and the
 * change-log walk behind each Foo/changes. */
#include "server/api.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"
#include "proto/codec.h"
#include "server/push.h"

/* ---- errors and argument helpers ------------------------------------------- */

static json_t *error_v(const char *type, const char *fmt, va_list ap)
{
	char desc[512];
	vsnprintf(desc, sizeof desc, fmt, ap);
	return json_pack("{s:s, s:s}", "type", type, "description", desc);
}

json_t *method_error(const char *type, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	json_t *e = error_v(type, fmt, ap);
	va_end(ap);
	return e;
}

json_t *set_error(const char *type, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	json_t *e = error_v(type, fmt, ap);
	va_end(ap);
	return e;
}

bool args_ids(json_t *args, size_t max, json_t **ids, bool *all, json_t **err)
{
	json_t *v = json_object_get(args, "ids");
	*all = false;
	*ids = NULL;
	if (!v || json_is_null(v)) {
		*all = true;
		return true;
	}
	if (!json_is_array(v)) {
		*err = method_error("invalidArguments", "ids must be an array of strings or null");
		return false;
	}
	if (json_array_size(v) > max) {
		*err = method_error("requestTooLarge", "at most %zu ids per call", max);
		return false;
	}
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		if (!json_is_string(x) || json_string_length(x) >= ID_LEN) {
			*err = method_error("invalidArguments", "ids[%zu] is not a valid id", i);
			return false;
		}
	}
	*ids = v;
	return true;
}

json_t *apply_properties(json_t *args, json_t *obj)
{
	json_t *props = json_object_get(args, "properties");
	if (!json_is_array(props))
		return obj;
	json_t *out = codec_properties_filter(obj, props);
	if (!out) /* not an array of strings: answer everything rather than nothing */
		return obj;
	json_decref(obj);
	return out;
}

bool args_wants(json_t *args, const char *prop)
{
	json_t *props = json_object_get(args, "properties"), *v;
	size_t i;
	if (!json_is_array(props))
		return true;
	json_array_foreach(props, i, v) {
		if (!json_is_string(v))
			return true; /* apply_properties then answers everything */
		if (strcmp(json_string_value(v), prop) == 0)
			return true;
	}
	return false;
}

bool args_int(json_t *args, const char *key, int64_t def, int64_t *out, json_t **err)
{
	json_t *v = json_object_get(args, key);
	if (!v || json_is_null(v)) {
		*out = def;
		return true;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 0) {
		*err = method_error("invalidArguments", "%s must be a non-negative integer", key);
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

void state_of(struct call *c, enum obj_type type, char out[96])
{
	state_make(c->srv, c->p, store_type_modseq(c->st, type), out);
}

/* ---- Foo/changes -------------------------------------------------------------- */

static bool type_is_global(enum obj_type t)
{
	return t == OBJ_DEPARTMENT || t == OBJ_STAFF;
}

static bool dept_visible(struct call *c, enum obj_type t, const char *dept)
{
	if (type_is_global(t) || !dept[0])
		return t != OBJ_CONVERSATION && t != OBJ_MESSAGE && t != OBJ_NOTE &&
		       t != OBJ_ASSIGNMENT;
	return principal_sees(c->p, dept);
}

json_t *changes_generic(struct call *c, json_t *args, json_t **err, enum obj_type type)
{
	json_t *since_j = json_object_get(args, "sinceState");
	if (!json_is_string(since_j)) {
		*err = method_error("invalidArguments", "sinceState is required");
		return NULL;
	}
	int64_t max;
	if (!args_int(args, "maxChanges", LIMIT_CHANGES_DEFAULT, &max, err))
		return NULL;
	if (max == 0 || max > 5000)
		max = max == 0 ? LIMIT_CHANGES_DEFAULT : 5000;
	int64_t since;
	if (!state_parse(c->srv, c->p, json_string_value(since_j), &since) ||
	    since < store_changes_floor(c->st) - 1) {
		*err = method_error("cannotCalculateChanges",
				    "the state is from another session, visibility or database; re-sync");
		return NULL;
	}
	/* Read the head first: anything committed later is picked up next time. */
	int64_t head = store_type_modseq(c->st, type);
	struct change *rows = NULL;
	size_t n = 0;
	if (store_changes_since(c->st, type, since, (size_t)max, &rows, &n) != STORE_OK) {
		*err = method_error("serverFail", "could not read the change log");
		return NULL;
	}
	bool more = false;
	int64_t new_state = head;
	/* Rows are oldest first; stop at the head and at max distinct rows. */
	size_t use = 0;
	for (; use < n; use++) {
		if (rows[use].modseq > head)
			break;
		if (use == (size_t)max) {
			more = true;
			new_state = rows[use - 1].modseq;
			break;
		}
	}
	json_t *created = json_array(), *updated = json_array(), *destroyed = json_array();
	for (size_t i = 0; i < use; i++) {
		/* Only the first occurrence of an id decides; later ones are folded in. */
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = strcmp(rows[k].object_id, rows[i].object_id) == 0;
		if (seen)
			continue;
		const struct change *first = &rows[i], *last = &rows[i];
		for (size_t k = i + 1; k < use; k++)
			if (strcmp(rows[k].object_id, rows[i].object_id) == 0)
				last = &rows[k];
		bool was = !first->created && dept_visible(c, type, first->dept_before);
		bool now = !last->destroyed && dept_visible(c, type, last->dept_after);
		if (now && !was)
			json_array_append_new(created, json_string(rows[i].object_id));
		else if (now && was)
			json_array_append_new(updated, json_string(rows[i].object_id));
		else if (!now && was)
			json_array_append_new(destroyed, json_string(rows[i].object_id));
	}
	free(rows);
	char olds[96], news[96];
	state_make(c->srv, c->p, since, olds);
	state_make(c->srv, c->p, new_state, news);
	return json_pack("{s:s, s:s, s:b, s:o, s:o, s:o}", "oldState", olds, "newState", news,
			 "hasMoreChanges", more, "created", created, "updated", updated, "destroyed",
			 destroyed);
}

/* ---- back-references ----------------------------------------------------------- */

/* Evaluates a JSON Pointer with "*" mapping over arrays; new reference or NULL. */
static json_t *pointer_eval(json_t *v, const char *path)
{
	if (!*path)
		return json_incref(v);
	if (*path != '/')
		return NULL;
	path++;
	const char *end = strchr(path, '/');
	size_t len = end ? (size_t)(end - path) : strlen(path);
	const char *rest = end ? end : "";
	char tok[128];
	size_t o = 0;
	for (size_t i = 0; i < len && o + 1 < sizeof tok; i++) {
		if (path[i] == '~' && i + 1 < len && (path[i + 1] == '0' || path[i + 1] == '1')) {
			tok[o++] = path[i + 1] == '0' ? '~' : '/';
			i++;
		} else {
			tok[o++] = path[i];
		}
	}
	tok[o] = '\0';
	if (json_is_array(v)) {
		if (strcmp(tok, "*") == 0) {
			json_t *out = json_array();
			size_t i;
			json_t *x;
			json_array_foreach(v, i, x) {
				json_t *r = pointer_eval(x, rest);
				if (!r) {
					json_decref(out);
					return NULL;
				}
				if (json_is_array(r))
					json_array_extend(out, r);
				else
					json_array_append(out, r);
				json_decref(r);
			}
			return out;
		}
		char *e;
		long idx = strtol(tok, &e, 10);
		if (*e || e == tok || idx < 0 || (size_t)idx >= json_array_size(v))
			return NULL;
		return pointer_eval(json_array_get(v, (size_t)idx), rest);
	}
	if (json_is_object(v)) {
		json_t *x = json_object_get(v, tok);
		return x ? pointer_eval(x, rest) : NULL;
	}
	return NULL;
}

static bool resolve_refs(json_t *args, json_t *responses, json_t **err)
{
	const char *key;
	json_t *val;
	void *tmp;
	json_object_foreach_safe(args, tmp, key, val) {
		if (key[0] != '#')
			continue;
		if (json_object_get(args, key + 1)) {
			*err = method_error("invalidArguments", "both %s and %s given", key + 1, key);
			return false;
		}
		const char *of = json_string_value(json_object_get(val, "resultOf"));
		const char *name = json_string_value(json_object_get(val, "name"));
		const char *path = json_string_value(json_object_get(val, "path"));
		if (!of || !name || !path) {
			*err = method_error("invalidResultReference",
					    "%s needs resultOf, name and path", key);
			return false;
		}
		json_t *found = NULL;
		size_t i;
		json_t *r;
		json_array_foreach(responses, i, r) {
			if (strcmp(json_string_value(json_array_get(r, 2)), of) == 0 &&
			    strcmp(json_string_value(json_array_get(r, 0)), name) == 0)
				found = json_array_get(r, 1);
		}
		json_t *value = found ? pointer_eval(found, path) : NULL;
		if (!value) {
			*err = method_error("invalidResultReference",
					    "%s: no result %s of %s at %s", key, of, name, path);
			return false;
		}
		char plain[128];
		snprintf(plain, sizeof plain, "%s", key + 1);
		json_object_del(args, key);
		json_object_set_new(args, plain, value);
	}
	return true;
}

/* ---- the endpoint --------------------------------------------------------------- */

static method_fn method_find(const char *name)
{
	const struct method *tables[] = { methods_misc, methods_conv };
	for (size_t t = 0; t < 2; t++)
		for (const struct method *m = tables[t]; m->name; m++)
			if (strcmp(m->name, name) == 0)
				return m->fn;
	return NULL;
}

static json_t *run_batch(struct call *c, json_t *calls)
{
	json_t *responses = json_array();
	size_t i;
	json_t *inv;
	json_array_foreach(calls, i, inv) {
		const char *name = json_string_value(json_array_get(inv, 0));
		json_t *args = json_array_get(inv, 1);
		const char *id = json_string_value(json_array_get(inv, 2));
		json_t *err = NULL, *result = NULL;
		method_fn fn = method_find(name);
		if (!fn) {
			err = method_error("unknownMethod", "there is no method %s", name);
		} else {
			json_t *a = json_deep_copy(args);
			if (resolve_refs(a, responses, &err))
				result = fn(c, a, &err);
			json_decref(a);
			if (!result && !err)
				err = method_error("serverFail", "%s failed", name);
		}
		if (result) {
			json_array_append_new(responses, json_pack("[s, o, s]", name, result, id));
		} else {
			log_info("api: %s -> %s", name,
				 json_string_value(json_object_get(err, "type")));
			json_array_append_new(responses, json_pack("[s, o, s]", "error", err, id));
		}
	}
	return responses;
}

static bool batch_valid(struct request *req, json_t *in, json_t **calls_out)
{
	json_t *calls = json_object_get(in, "methodCalls");
	if (!json_is_array(calls)) {
		reply_problem(req, 400, "notRequest", "methodCalls must be an array", NULL, NULL);
		return false;
	}
	if (json_array_size(calls) > LIMIT_CALLS_IN_REQUEST) {
		reply_problem(req, 400, "limit", "Too many method calls in one request",
			      "maxCallsInRequest is 32",
			      json_pack("{s:s}", "limit", "maxCallsInRequest"));
		return false;
	}
	size_t i;
	json_t *inv;
	json_array_foreach(calls, i, inv) {
		if (!json_is_array(inv) || json_array_size(inv) != 3 ||
		    !json_is_string(json_array_get(inv, 0)) ||
		    !json_is_object(json_array_get(inv, 1)) ||
		    !json_is_string(json_array_get(inv, 2))) {
			char detail[96];
			snprintf(detail, sizeof detail,
				 "methodCalls[%zu] must be [name, {arguments}, callId]", i);
			reply_problem(req, 400, "notRequest", "A method call is malformed", detail, NULL);
			return false;
		}
	}
	*calls_out = calls;
	return true;
}

void route_api(struct request *req)
{
	struct store *st = server_store(req->srv);
	if (!st) {
		reply_problem(req, 503, "unavailable", "The database is not available", NULL, NULL);
		return;
	}
	struct principal p;
	if (!auth_principal(req, st, &p))
		return;
	json_t *in = request_json(req);
	json_t *calls;
	char *idem_hash = NULL, *idem_resp = NULL;
	if (!in || !batch_valid(req, in, &calls))
		goto out;
	const char *key = request_header(req, "Idempotency-Key");
	char body_hash[65] = "";
	if (key) {
		size_t kl = strlen(key);
		bool printable = kl >= 8 && kl <= 128;
		for (size_t i = 0; printable && i < kl; i++)
			printable = key[i] > 32 && key[i] < 127;
		if (!printable) {
			reply_problem(req, 400, "notRequest",
				      "Idempotency-Key must be 8 to 128 printable characters", NULL, NULL);
			goto out;
		}
		crypto_hash_hex(req->body.data, req->body.len, body_hash);
		if (store_idem_get(st, p.staff.id, key, &idem_hash, &idem_resp) == STORE_OK) {
			if (strcmp(idem_hash, body_hash) != 0) {
				reply_problem(req, 422, "idempotencyKeyReuse",
					      "This Idempotency-Key was used with a different request",
					      "Use a new key for a new request", NULL);
				goto out;
			}
			json_t *old = json_loads(idem_resp, 0, NULL);
			if (old) {
				reply_json(req, 200, old);
				reply_header(req, "Idempotent-Replayed", "true");
				goto out;
			}
		}
	}
	struct call c = { .req = req, .srv = req->srv, .st = st, .p = &p };
	json_t *responses = run_batch(&c, calls);
	char sstate[96];
	int64_t ms = store_type_modseq(st, OBJ_STAFF), md = store_type_modseq(st, OBJ_DEPARTMENT);
	state_make(req->srv, &p, ms > md ? ms : md, sstate);
	json_t *out_doc = json_pack("{s:o, s:s}", "methodResponses", responses, "sessionState", sstate);
	if (key) {
		char *text = json_dumps(out_doc, JSON_COMPACT);
		if (text && store_tx_begin(st) == STORE_OK) {
			store_idem_put(st, p.staff.id, key, body_hash, text);
			store_tx_commit(st);
		}
		free(text);
	}
	if (c.wrote)
		push_notify(req->srv->push);
	reply_json(req, 200, out_doc);
out:
	free(idem_hash);
	free(idem_resp);
	json_decref(in);
	principal_clear(&p);
}
