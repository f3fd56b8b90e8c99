/* sync: the client's sync state machine. Work is kept as flags (first
 * screen due, types whose state moved, queue query, next page, open thread,
 * conversations to fetch); sync_next turns whatever is due into one JMAP
 * batch and sync_on_reply applies the answer, clearing only the work that
 * succeeded, so a lost request is simply asked again. */
#include "core/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/util.h"
#include "proto/codec.h"

#define PAGE_SIZE	  40
#define THREAD_LIMIT	  500
#define MAX_CHANGES	  500
#define MAX_IDS_IN_GET	  500
#define MAX_REFRESH_CALLS 8
#define BACKOFF_FIRST_MS  1000
#define BACKOFF_MAX_MS	  60000
#define RETRY_AFTER_MAX_S 3600

#define T(t) (1u << (t))
/* The types sync keeps current (Assignment history is read on demand). */
#define SYNCED_TYPES                                                                             \
	(T(OBJ_DEPARTMENT) | T(OBJ_STAFF) | T(OBJ_CONVERSATION) | T(OBJ_MESSAGE) | T(OBJ_NOTE) | \
	 T(OBJ_TEMPLATE))

/* What a request in flight covers. */
enum {
	W_FULL = 1 << 0,
	W_CHANGES = 1 << 1,
	W_QCHANGES = 1 << 2,
	W_QUERY = 1 << 3,
	W_PAGE = 1 << 4,
	W_THREAD = 1 << 5,
	W_FETCH = 1 << 6,
	W_REFRESH = 1 << 7,
};

struct inflight {
	bool active;
	uint64_t epoch;
	unsigned what;
	unsigned types;	  /* W_CHANGES: the types asked for */
	unsigned forced;  /* ... of which were forced (not from event tokens) */
	uint64_t ev_mark; /* events up to this one are answered by this request */
	uint64_t q_gen;
	size_t page_pos;
	char thread[ID_LEN];
	uint64_t thread_gen;
	int64_t thread_pos;
	struct id_list fetch; /* W_FETCH */
	size_t n_refresh;     /* W_REFRESH: calls "kr0".."krN" */
};

struct sync {
	struct cstore *st;
	char me[ID_LEN];
	struct queue_spec q;
	char q_assignee[ID_LEN];
	uint64_t q_gen; /* moves with every sync_set_queue */

	char thread[ID_LEN]; /* the open thread, "" none */
	uint64_t thread_gen;
	bool thread_pending;
	int64_t thread_pos; /* > 0: load the newest part of a long thread from here */

	bool loading;
	bool need_full;
	bool refresh_known; /* the first screen also re-reads conversations already held */
	bool need_query;
	bool want_more;
	unsigned force;			    /* types to ask for whatever the tokens say */
	char *event_state[OBJ_TYPE_COUNT];  /* latest tokens from `state` events */
	uint64_t event_seq[OBJ_TYPE_COUNT]; /* ... and when each came */
	uint64_t events;		    /* event counter */
	struct id_list fetch;		    /* queue rows whose conversation is not held */

	uint64_t epoch; /* moves with sync_restart: older answers are ignored */
	struct inflight fl;

	int64_t retry_at;
	int64_t backoff_ms;
	char *error;
	int64_t (*clock)(void);
};

/* ---- set-up ----------------------------------------------------------------------- */

static void spec_copy(struct sync *s, const struct queue_spec *q)
{
	s->q = *q;
	s->q.department_id[ID_LEN - 1] = '\0';
	s->q.text[sizeof s->q.text - 1] = '\0';
	snprintf(s->q_assignee, sizeof s->q_assignee, "%s", q->assignee ? q->assignee : "");
	s->q.assignee = q->assignee ? s->q_assignee : NULL;
}

struct sync *sync_new(struct cstore *st, const char *my_staff_id)
{
	struct sync *s = xcalloc(1, sizeof *s);
	s->st = st;
	snprintf(s->me, sizeof s->me, "%s", my_staff_id ? my_staff_id : "");
	struct queue_spec q = { .sort = QSORT_WAITING };
	spec_copy(s, &q);
	s->loading = true;
	s->need_full = true;
	s->clock = mono_ms;
	return s;
}

static void inflight_clear(struct inflight *fl)
{
	id_list_clear(&fl->fetch);
	memset(fl, 0, sizeof *fl);
}

static void event_states_clear(struct sync *s)
{
	for (int t = 0; t < OBJ_TYPE_COUNT; t++) {
		free(s->event_state[t]);
		s->event_state[t] = NULL;
	}
}

void sync_free(struct sync **sp)
{
	if (!sp || !*sp)
		return;
	struct sync *s = *sp;
	inflight_clear(&s->fl);
	event_states_clear(s);
	id_list_clear(&s->fetch);
	free(s->error);
	free(s);
	*sp = NULL;
}

void sync_set_clock(struct sync *s, int64_t (*mono)(void))
{
	s->clock = mono ? mono : mono_ms;
}

/* ---- what the app asks for ----------------------------------------------------------- */

void sync_set_queue(struct sync *s, const struct queue_spec *q)
{
	spec_copy(s, q);
	s->q_gen++;
	s->need_query = true;
	s->want_more = false;
	id_list_clear(&s->fetch);
	cstore_queue_reset(s->st, NULL, 0);
}

const struct queue_spec *sync_queue(const struct sync *s)
{
	return &s->q;
}

void sync_set_thread(struct sync *s, const char *conversation_id)
{
	const char *id = conversation_id ? conversation_id : "";
	if (strcmp(id, s->thread) == 0)
		return;
	snprintf(s->thread, sizeof s->thread, "%s", id);
	s->thread_gen++;
	s->thread_pos = 0;
	s->thread_pending = s->thread[0] && !cstore_thread_loaded(s->st, s->thread);
}

void sync_want_more(struct sync *s)
{
	if (cstore_queue_state(s->st) &&
	    (int64_t)cstore_queue_loaded(s->st) < cstore_queue_total(s->st))
		s->want_more = true;
}

void sync_on_state_event(struct sync *s, json_t *changed)
{
	const char *name;
	json_t *v;
	json_object_foreach(changed, name, v) {
		int t = obj_type_parse(name);
		if (t < 0 || !json_is_string(v))
			continue;
		free(s->event_state[t]);
		s->event_state[t] = xstrdup(json_string_value(v));
		s->event_seq[t] = ++s->events;
	}
}

/* Tokens are opaque, so an event token older than the store's state would
 * look "different" forever: once a request sent after an event has
 * answered for its type, the event is spent. */
static void events_spend(struct sync *s, unsigned types, uint64_t mark)
{
	for (int t = 0; t < OBJ_TYPE_COUNT; t++) {
		if (!(types & T(t)) || !s->event_state[t] || s->event_seq[t] > mark)
			continue;
		free(s->event_state[t]);
		s->event_state[t] = NULL;
	}
}

unsigned sync_on_presence_event(struct sync *s, json_t *data)
{
	const char *conv = json_string_value(json_object_get(data, "conversationId"));
	const char *staff = json_string_value(json_object_get(data, "staffId"));
	const char *name = json_string_value(json_object_get(data, "displayName"));
	const char *state = json_string_value(json_object_get(data, "state"));
	const char *exp = json_string_value(json_object_get(data, "expiresAt"));
	if (!conv || !staff || !state || strlen(conv) >= ID_LEN || strlen(staff) >= ID_LEN)
		return 0;
	if (strcmp(staff, s->me) == 0)
		return 0;
	struct cpresence p = { 0 };
	snprintf(p.conversation_id, sizeof p.conversation_id, "%s", conv);
	snprintf(p.staff_id, sizeof p.staff_id, "%s", staff);
	snprintf(p.display_name, sizeof p.display_name, "%s", name ? name : "");
	snprintf(p.state, sizeof p.state, "%s", state);
	if (!exp || !time_parse_iso(exp, &p.expires_at))
		p.expires_at = 0;
	cstore_presence_put(s->st, &p);
	return DIRTY_PRESENCE;
}

void sync_kick(struct sync *s)
{
	s->retry_at = 0;
	s->backoff_ms = 0;
}

void sync_on_reconnect(struct sync *s)
{
	s->force |= SYNCED_TYPES;
	sync_kick(s);
}

void sync_restart(struct sync *s)
{
	s->epoch++;
	inflight_clear(&s->fl);
	event_states_clear(s);
	id_list_clear(&s->fetch);
	s->loading = true;
	s->need_full = true;
	s->refresh_known = true;
	s->need_query = false;
	s->want_more = false;
	s->force = 0;
	s->thread_pos = 0;
	s->thread_pending = s->thread[0] != '\0';
	free(s->error);
	s->error = NULL;
	sync_kick(s);
}

bool sync_loading(const struct sync *s)
{
	return s->loading;
}

int64_t sync_retry_at(const struct sync *s)
{
	return s->retry_at;
}

const char *sync_error(const struct sync *s)
{
	return s->error;
}

static void set_error(struct sync *s, const char *text)
{
	free(s->error);
	s->error = text ? xstrdup(text) : NULL;
}

/* ---- building requests ---------------------------------------------------------------- */

static void add_call(json_t *calls, const char *name, json_t *args, const char *id)
{
	json_t *c = json_pack("[s,o,s]", name, args, id);
	if (!c || json_array_append_new(calls, c) != 0)
		die_oom();
}

static json_t *ids_ref(const char *of, const char *name, const char *path)
{
	json_t *a =
		json_pack("{s:{s:s,s:s,s:s}}", "#ids", "resultOf", of, "name", name, "path", path);
	if (!a)
		die_oom();
	return a;
}

static json_t *args_new(void)
{
	json_t *a = json_object();
	if (!a)
		die_oom();
	return a;
}

static void put(json_t *o, const char *key, json_t *v)
{
	if (!v || json_object_set_new(o, key, v) != 0)
		die_oom();
}

static json_t *all_ids(void)
{
	json_t *a = args_new();
	put(a, "ids", json_null());
	return a;
}

static json_t *staff_get_args(bool only_load)
{
	static const char *const full[] = { "id",   "version",	     "username", "displayName",
					    "role", "departmentIds", "disabled", "openLoad" };
	json_t *a = all_ids();
	json_t *props = json_array();
	if (!props)
		die_oom();
	for (size_t i = 0; i < sizeof full / sizeof full[0]; i++) {
		if (only_load && strcmp(full[i], "id") != 0 && strcmp(full[i], "openLoad") != 0)
			continue;
		if (json_array_append_new(props, json_string(full[i])) != 0)
			die_oom();
	}
	put(a, "properties", props);
	return a;
}

static json_t *queue_filter(const struct sync *s)
{
	json_t *f = args_new();
	if (s->q.department_id[0])
		put(f, "departmentId", json_string(s->q.department_id));
	json_t *st = json_array();
	if (!st)
		die_oom();
	unsigned mask = s->q.status_mask ? s->q.status_mask :
					   (1u << CONV_OPEN) | (1u << CONV_PENDING);
	for (int i = CONV_OPEN; i <= CONV_RESOLVED; i++)
		if (mask & (1u << i))
			if (json_array_append_new(
				    st, json_string(conv_status_name((enum conv_status)i))))
				die_oom();
	put(f, "status", st);
	if (s->q.assignee && s->q.assignee[0])
		put(f, "assignee", json_string(s->q.assignee));
	if (s->q.waiting)
		put(f, "waiting", json_true());
	if (s->q.text[0])
		put(f, "text", json_string(s->q.text));
	return f;
}

static json_t *queue_sort(const struct sync *s)
{
	bool waiting = s->q.sort == QSORT_WAITING;
	json_t *a = json_pack("[{s:s,s:b}]", "property", waiting ? "waitingSince" : "lastActivity",
			      "isAscending", waiting);
	if (!a)
		die_oom();
	return a;
}

/* Conversation/query at position (a page of PAGE_SIZE) and the get of its ids. */
static void add_query(const struct sync *s, json_t *calls, size_t position, const char *qid,
		      const char *gid)
{
	json_t *a = args_new();
	put(a, "filter", queue_filter(s));
	put(a, "sort", queue_sort(s));
	put(a, "position", json_integer((json_int_t)position));
	put(a, "limit", json_integer(PAGE_SIZE));
	put(a, "calculateTotal", json_true());
	add_call(calls, "Conversation/query", a, qid);
	add_call(calls, "Conversation/get", ids_ref(qid, "Conversation/query", "/ids"), gid);
}

/* Foo/changes since the stored state and gets of what it created and updated. */
static void add_changes(const struct sync *s, json_t *calls, enum obj_type t, const char *cid,
			const char *created_id, const char *updated_id)
{
	char name[64], get[64];
	snprintf(name, sizeof name, "%s/changes", obj_type_name(t));
	snprintf(get, sizeof get, "%s/get", obj_type_name(t));
	json_t *a = args_new();
	put(a, "sinceState", json_string(cstore_state(s->st, t)));
	put(a, "maxChanges", json_integer(MAX_CHANGES));
	add_call(calls, name, a, cid);
	add_call(calls, get, ids_ref(cid, name, "/created"), created_id);
	add_call(calls, get, ids_ref(cid, name, "/updated"), updated_id);
}

static void add_thread(struct sync *s, json_t *calls, struct inflight *fl)
{
	json_t *a = args_new();
	put(a, "filter", json_pack("{s:s}", "conversationId", s->thread));
	put(a, "position", json_integer((json_int_t)s->thread_pos));
	put(a, "limit", json_integer(THREAD_LIMIT));
	add_call(calls, "Message/query", a, "tmq");
	add_call(calls, "Message/get", ids_ref("tmq", "Message/query", "/ids"), "tmg");
	if (s->thread_pos == 0) {
		a = args_new();
		put(a, "filter", json_pack("{s:s}", "conversationId", s->thread));
		add_call(calls, "Note/query", a, "tnq");
		add_call(calls, "Note/get", ids_ref("tnq", "Note/query", "/ids"), "tng");
	}
	fl->what |= W_THREAD;
	memcpy(fl->thread, s->thread, ID_LEN);
	fl->thread_gen = s->thread_gen;
	fl->thread_pos = s->thread_pos;
}

/* After a broken change feed, every conversation still held is read again:
 * the fresh ones are updated, the ones now out of sight (notFound) dropped. */
static void add_refresh(struct sync *s, json_t *calls, struct inflight *fl)
{
	size_t iter = 0, k = 0;
	json_t *ids = NULL;
	struct id_list extra = { 0 };
	const struct conversation *c;
	while ((c = cstore_conversation_next(s->st, &iter))) {
		if (k == MAX_REFRESH_CALLS) {
			id_list_add(&extra, c->id); /* too many to re-read: drop */
			continue;
		}
		if (!ids && !(ids = json_array()))
			die_oom();
		if (json_array_append_new(ids, json_string(c->id)) != 0)
			die_oom();
		if (json_array_size(ids) == MAX_IDS_IN_GET) {
			char id[32];
			snprintf(id, sizeof id, "kr%zu", k++);
			add_call(calls, "Conversation/get", json_pack("{s:o}", "ids", ids), id);
			ids = NULL;
		}
	}
	if (ids) {
		char id[32];
		snprintf(id, sizeof id, "kr%zu", k++);
		add_call(calls, "Conversation/get", json_pack("{s:o}", "ids", ids), id);
	}
	for (size_t i = 0; i < extra.n; i++)
		cstore_conversation_drop(s->st, extra.ids[i]);
	id_list_clear(&extra);
	if (k) {
		fl->what |= W_REFRESH;
		fl->n_refresh = k;
	}
}

/* The types whose state moved: forced ones, and those whose latest event
 * token differs from the store's. */
static unsigned pending_types(const struct sync *s)
{
	unsigned m = s->force;
	for (int t = 0; t < OBJ_TYPE_COUNT; t++) {
		if (!(SYNCED_TYPES & T(t)) || !s->event_state[t])
			continue;
		const char *have = cstore_state(s->st, (enum obj_type)t);
		if (!have || strcmp(have, s->event_state[t]) != 0)
			m |= T(t);
	}
	return m & SYNCED_TYPES;
}

static void build_full(struct sync *s, json_t *calls, struct inflight *fl)
{
	/* Empty gets: the states to follow changes from, read before the data
	 * so nothing changed in between can be missed (at worst it comes
	 * again). The Conversation state does not depend on the query, which
	 * may fail on its own (e.g. a department no longer visible). */
	add_call(calls, "Conversation/get", json_pack("{s:[]}", "ids"), "cst");
	add_call(calls, "Message/get", json_pack("{s:[]}", "ids"), "mst");
	add_call(calls, "Note/get", json_pack("{s:[]}", "ids"), "nst");
	add_call(calls, "Department/get", all_ids(), "dept");
	add_call(calls, "Staff/get", staff_get_args(false), "staff");
	add_call(calls, "Template/get", all_ids(), "tmpl");
	add_query(s, calls, 0, "q", "qg");
	if (s->refresh_known)
		add_refresh(s, calls, fl);
	fl->what |= W_FULL | W_QUERY;
	fl->q_gen = s->q_gen;
}

static void build_changes(struct sync *s, json_t *calls, struct inflight *fl, unsigned types)
{
	bool conv = types & T(OBJ_CONVERSATION);
	/* Counts move with conversations, and the Department token does not. */
	if (types & (T(OBJ_DEPARTMENT) | T(OBJ_CONVERSATION)))
		add_call(calls, "Department/get", all_ids(), "dept");
	if (types & T(OBJ_STAFF))
		add_call(calls, "Staff/get", staff_get_args(false), "staff");
	else if (conv)
		add_call(calls, "Staff/get", staff_get_args(true), "load");
	if (types & T(OBJ_TEMPLATE))
		add_call(calls, "Template/get", all_ids(), "tmpl");
	if (conv) {
		add_changes(s, calls, OBJ_CONVERSATION, "cc", "ccc", "ccu");
		const char *qs = cstore_queue_state(s->st);
		if (qs && !s->need_query) {
			json_t *a = args_new();
			put(a, "filter", queue_filter(s));
			put(a, "sort", queue_sort(s));
			put(a, "sinceQueryState", json_string(qs));
			put(a, "maxChanges", json_integer(MAX_CHANGES));
			put(a, "calculateTotal", json_true());
			add_call(calls, "Conversation/queryChanges", a, "qch");
			fl->what |= W_QCHANGES;
			fl->q_gen = s->q_gen;
		}
	}
	if (types & T(OBJ_MESSAGE))
		add_changes(s, calls, OBJ_MESSAGE, "mc", "mcc", "mcu");
	if (types & T(OBJ_NOTE))
		add_changes(s, calls, OBJ_NOTE, "nc", "ncc", "ncu");
	fl->what |= W_CHANGES;
	fl->types = types;
	fl->forced = s->force & types;
}

json_t *sync_next(struct sync *s)
{
	if (s->fl.active)
		return NULL;
	if (s->retry_at && s->clock() < s->retry_at)
		return NULL;
	s->retry_at = 0;
	/* Without the change-feed states nothing can be followed: start over. */
	if (!s->need_full && (!cstore_state(s->st, OBJ_CONVERSATION) ||
			      !cstore_state(s->st, OBJ_MESSAGE) || !cstore_state(s->st, OBJ_NOTE)))
		s->need_full = true;
	json_t *calls = json_array();
	if (!calls)
		die_oom();
	struct inflight fl = { 0 };
	if (s->need_full) {
		build_full(s, calls, &fl);
	} else {
		unsigned types = pending_types(s);
		if (types)
			build_changes(s, calls, &fl, types);
		if (s->need_query) {
			add_query(s, calls, 0, "q", "qg");
			fl.what |= W_QUERY;
			fl.q_gen = s->q_gen;
		} else if (s->want_more && !(types & T(OBJ_CONVERSATION))) {
			/* A page is read only while the queue is not being patched in
			 * the same batch, so its position is still the prefix end. */
			size_t loaded = cstore_queue_loaded(s->st);
			if (cstore_queue_state(s->st) &&
			    (int64_t)loaded < cstore_queue_total(s->st)) {
				add_query(s, calls, loaded, "pq", "pg");
				fl.what |= W_PAGE;
				fl.page_pos = loaded;
				fl.q_gen = s->q_gen;
			} else {
				s->want_more = false;
			}
		}
		if (s->fetch.n && !s->need_query) {
			json_t *ids = json_array();
			if (!ids)
				die_oom();
			for (size_t i = 0; i < s->fetch.n && i < MAX_IDS_IN_GET; i++) {
				if (json_array_append_new(ids, json_string(s->fetch.ids[i])) != 0)
					die_oom();
				id_list_add(&fl.fetch, s->fetch.ids[i]);
			}
			add_call(calls, "Conversation/get", json_pack("{s:o}", "ids", ids), "fx");
			fl.what |= W_FETCH;
		}
	}
	if (s->thread_pending && s->thread[0])
		add_thread(s, calls, &fl);
	if (!json_array_size(calls)) {
		json_decref(calls);
		id_list_clear(&fl.fetch);
		return NULL;
	}
	fl.active = true;
	fl.epoch = s->epoch;
	fl.ev_mark = s->events;
	s->fl = fl;
	json_t *req = json_pack("{s:o}", "methodCalls", calls);
	if (!req)
		die_oom();
	return req;
}

/* ---- reading answers -------------------------------------------------------------------- */

/* The arguments of the answer with call id cid, when it is name's (not an error). */
static json_t *result(json_t *responses, const char *cid, const char *name)
{
	size_t i;
	json_t *r;
	json_array_foreach(responses, i, r) {
		const char *id = json_string_value(json_array_get(r, 2));
		const char *n = json_string_value(json_array_get(r, 0));
		if (id && n && strcmp(id, cid) == 0)
			return strcmp(n, name) == 0 && json_is_object(json_array_get(r, 1)) ?
				       json_array_get(r, 1) :
				       NULL;
	}
	return NULL;
}

/* The error answered for call id cid, or NULL. */
static json_t *error_of(json_t *responses, const char *cid)
{
	size_t i;
	json_t *r;
	json_array_foreach(responses, i, r) {
		const char *id = json_string_value(json_array_get(r, 2));
		const char *n = json_string_value(json_array_get(r, 0));
		if (id && n && strcmp(id, cid) == 0)
			return strcmp(n, "error") == 0 ? json_array_get(r, 1) : NULL;
	}
	return NULL;
}

static const char *error_type(json_t *e)
{
	return json_string_value(json_object_get(e, "type"));
}

/* The strings of a JSON array (borrowed), *n of them; caller frees the array. */
static const char **strings_of(json_t *a, size_t *n)
{
	size_t len = json_array_size(a);
	const char **out = xcalloc(len ? len : 1, sizeof *out);
	*n = 0;
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v)
		if (json_is_string(v))
			out[(*n)++] = json_string_value(v);
	return out;
}

static bool str_same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool conv_same(const struct conversation *a, const struct conversation *b)
{
	return a->version == b->version && strcmp(a->department_id, b->department_id) == 0 &&
	       str_same(a->patient_name, b->patient_name) &&
	       str_same(a->patient_phone, b->patient_phone) && str_same(a->language, b->language) &&
	       a->status == b->status && a->snoozed_until == b->snoozed_until &&
	       strcmp(a->assignee_id, b->assignee_id) == 0 &&
	       strcmp(a->last_message_id, b->last_message_id) == 0 &&
	       str_same(a->last_preview, b->last_preview) &&
	       a->last_direction == b->last_direction && a->last_activity == b->last_activity &&
	       a->waiting_since == b->waiting_since && a->unread == b->unread &&
	       a->consent == b->consent && a->created_at == b->created_at;
}

/* Stores the conversations of a /get answer; DIRTY_CONVS if any differs. */
static unsigned apply_conversations(struct sync *s, json_t *get)
{
	unsigned dirty = 0;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(get, "list"), i, v) {
		struct conversation c;
		if (!conversation_from_json(v, &c, NULL, 0))
			continue;
		const struct conversation *old = cstore_conversation(s->st, c.id);
		if (old && conv_same(old, &c)) {
			conversation_clear(&c);
			continue;
		}
		cstore_conversation_put(s->st, &c);
		dirty |= DIRTY_CONVS;
	}
	return dirty;
}

/* Messages of a /get answer, kept for loaded threads and the open one
 * (every one when all is set: the thread being loaded). */
static unsigned apply_messages(struct sync *s, json_t *get, bool all)
{
	unsigned dirty = 0;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(get, "list"), i, v) {
		struct message m;
		if (!message_from_json(v, &m, NULL, 0))
			continue;
		bool keep = all || strcmp(m.conversation_id, s->thread) == 0 ||
			    cstore_thread_loaded(s->st, m.conversation_id);
		const struct message *old = cstore_message(s->st, m.id);
		if (!keep || (old && old->version == m.version && old->delivery == m.delivery &&
			      str_same(old->body, m.body))) {
			message_clear(&m);
			continue;
		}
		cstore_message_put(s->st, &m);
		dirty |= DIRTY_THREAD;
	}
	return dirty;
}

static unsigned apply_notes(struct sync *s, json_t *get, bool all)
{
	unsigned dirty = 0;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(get, "list"), i, v) {
		struct note n;
		if (!note_from_json(v, &n, NULL, 0))
			continue;
		bool keep = all || strcmp(n.conversation_id, s->thread) == 0 ||
			    cstore_thread_loaded(s->st, n.conversation_id);
		const struct note *old = cstore_note(s->st, n.id);
		if (!keep || (old && old->version == n.version)) {
			note_clear(&n);
			continue;
		}
		cstore_note_put(s->st, &n);
		dirty |= DIRTY_THREAD;
	}
	return dirty;
}

static bool dept_same(const struct cdept *a, const struct cdept *b)
{
	return strcmp(a->d.id, b->d.id) == 0 && a->d.version == b->d.version &&
	       str_same(a->d.name, b->d.name) && str_same(a->d.sms_number, b->d.sms_number) &&
	       str_same(a->d.secure_template_id, b->d.secure_template_id) &&
	       a->has_counts == b->has_counts && a->member == b->member &&
	       a->counts.open == b->counts.open && a->counts.unassigned == b->counts.unassigned &&
	       a->counts.mine == b->counts.mine && a->counts.waiting == b->counts.waiting &&
	       a->counts.snoozed == b->counts.snoozed && a->counts.resolved == b->counts.resolved;
}

static unsigned apply_departments(struct sync *s, json_t *get)
{
	json_t *list = json_object_get(get, "list");
	size_t n = 0, i;
	json_t *v;
	struct cdept *d = xcalloc(json_array_size(list) ? json_array_size(list) : 1, sizeof *d);
	json_array_foreach(list, i, v) {
		struct cdept *e = &d[n];
		if (!department_from_json(v, &e->d, &e->counts, NULL, 0))
			continue;
		e->has_counts = json_is_object(json_object_get(v, "counts"));
		e->member = json_is_true(json_object_get(v, "member"));
		n++;
	}
	cstore_state_set(s->st, OBJ_DEPARTMENT, json_string_value(json_object_get(get, "state")));
	bool same = n == cstore_department_count(s->st);
	for (i = 0; same && i < n; i++)
		same = dept_same(&d[i], cstore_department_at(s->st, i));
	if (same) {
		for (i = 0; i < n; i++)
			department_clear(&d[i].d);
		free(d);
		return 0;
	}
	cstore_departments_set(s->st, d, n);
	return DIRTY_DEPTS;
}

static unsigned apply_staff(struct sync *s, json_t *get)
{
	json_t *list = json_object_get(get, "list");
	size_t n = 0, i;
	json_t *v;
	struct staff *st = xcalloc(json_array_size(list) ? json_array_size(list) : 1, sizeof *st);
	int64_t *loads = xcalloc(json_array_size(list) ? json_array_size(list) : 1, sizeof *loads);
	json_array_foreach(list, i, v) {
		if (!staff_from_json(v, &st[n], NULL, 0))
			continue;
		json_t *load = json_object_get(v, "openLoad");
		loads[n] = json_is_integer(load) ? (int64_t)json_integer_value(load) : -1;
		n++;
	}
	cstore_state_set(s->st, OBJ_STAFF, json_string_value(json_object_get(get, "state")));
	bool same = n == cstore_staff_count(s->st);
	for (i = 0; same && i < n; i++) {
		const struct staff *old = cstore_staff_at(s->st, i);
		same = strcmp(old->id, st[i].id) == 0 && old->version == st[i].version &&
		       cstore_staff_load(s->st, old->id) == loads[i];
	}
	if (same) {
		for (i = 0; i < n; i++)
			staff_clear(&st[i]);
		free(st);
		free(loads);
		return 0;
	}
	cstore_staff_set(s->st, st, n);
	for (i = 0; i < n; i++)
		cstore_staff_set_load(s->st, cstore_staff_at(s->st, i)->id, loads[i]);
	free(loads);
	return DIRTY_STAFF;
}

/* Staff/get with only id and openLoad: the loads move with conversations. */
static unsigned apply_loads(struct sync *s, json_t *get)
{
	unsigned dirty = 0;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(get, "list"), i, v) {
		const char *id = json_string_value(json_object_get(v, "id"));
		json_t *load = json_object_get(v, "openLoad");
		if (!id || !json_is_integer(load) || !cstore_staff(s->st, id))
			continue;
		if (cstore_staff_load(s->st, id) != (int64_t)json_integer_value(load)) {
			cstore_staff_set_load(s->st, id, (int64_t)json_integer_value(load));
			dirty |= DIRTY_STAFF;
		}
	}
	return dirty;
}

static unsigned apply_templates(struct sync *s, json_t *get)
{
	json_t *list = json_object_get(get, "list");
	size_t n = 0, i;
	json_t *v;
	struct template *t = xcalloc(json_array_size(list) ? json_array_size(list) : 1, sizeof *t);
	json_array_foreach(list, i, v)
		if (template_from_json(v, &t[n], NULL, 0))
			n++;
	cstore_state_set(s->st, OBJ_TEMPLATE, json_string_value(json_object_get(get, "state")));
	bool same = n == cstore_template_count(s->st);
	for (i = 0; same && i < n; i++) {
		const struct template *old = cstore_template_at(s->st, i);
		same = strcmp(old->id, t[i].id) == 0 && old->version == t[i].version;
	}
	if (same) {
		for (i = 0; i < n; i++)
			template_clear(&t[i]);
		free(t);
		return 0;
	}
	cstore_templates_set(s->st, t, n);
	return DIRTY_TEMPLATES;
}

/* Queue rows whose conversation the store does not hold are fetched next. */
static void want_missing(struct sync *s, const char *const *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!cstore_conversation(s->st, ids[i]))
			id_list_add(&s->fetch, ids[i]);
}

static void fetch_done(struct sync *s, const struct id_list *done)
{
	struct id_list keep = { 0 };
	for (size_t i = 0; i < s->fetch.n; i++)
		if (!id_list_has(done, s->fetch.ids[i]))
			id_list_add(&keep, s->fetch.ids[i]);
	id_list_clear(&s->fetch);
	s->fetch = keep;
}

/* A broken change feed: the first screen again, conversations held are
 * re-read, loaded threads other than the open one are forgotten and the
 * open one reloads. */
static void restart_full(struct sync *s)
{
	s->need_full = true;
	s->refresh_known = true;
	s->force = 0;
	s->want_more = false;
	id_list_clear(&s->fetch);
	cstore_threads_forget(s->st, s->thread[0] ? s->thread : NULL);
	if (s->thread[0]) {
		s->thread_pending = true;
		s->thread_pos = 0;
	}
}

/* Conversation/changes with its gets. */
static unsigned apply_conv_changes(struct sync *s, json_t *rs)
{
	unsigned dirty = 0;
	json_t *ch = result(rs, "cc", "Conversation/changes");
	if (!ch)
		return 0;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(ch, "destroyed"), i, v) {
		const char *id = json_string_value(v);
		if (!id)
			continue;
		if (cstore_conversation(s->st, id) || cstore_thread_loaded(s->st, id))
			dirty |= DIRTY_CONVS | DIRTY_THREAD;
		cstore_conversation_drop(s->st, id);
	}
	/* A conversation that came into sight brings messages older than
	 * sinceState: the open one reloads its thread. */
	json_array_foreach(json_object_get(ch, "created"), i, v)
		if (json_is_string(v) && s->thread[0] &&
		    strcmp(json_string_value(v), s->thread) == 0) {
			s->thread_pending = true;
			s->thread_pos = 0;
		}
	dirty |= apply_conversations(s, result(rs, "ccc", "Conversation/get"));
	dirty |= apply_conversations(s, result(rs, "ccu", "Conversation/get"));
	cstore_state_set(s->st, OBJ_CONVERSATION,
			 json_string_value(json_object_get(ch, "newState")));
	if (json_is_true(json_object_get(ch, "hasMoreChanges")))
		s->force |= T(OBJ_CONVERSATION);
	return dirty;
}

static void apply_queue_changes(struct sync *s, json_t *rs, const struct inflight *fl)
{
	json_t *qc = result(rs, "qch", "Conversation/queryChanges");
	if (!qc || fl->q_gen != s->q_gen)
		return;
	size_t n_removed, n_added = 0;
	const char **removed = strings_of(json_object_get(qc, "removed"), &n_removed);
	json_t *added = json_object_get(qc, "added");
	size_t cap = json_array_size(added) ? json_array_size(added) : 1;
	const char **ids = xcalloc(cap, sizeof *ids);
	int64_t *idx = xcalloc(cap, sizeof *idx);
	size_t i;
	json_t *v;
	json_array_foreach(added, i, v) {
		const char *id = json_string_value(json_object_get(v, "id"));
		json_t *at = json_object_get(v, "index");
		if (!id || !json_is_integer(at))
			continue;
		ids[n_added] = id;
		idx[n_added++] = (int64_t)json_integer_value(at);
	}
	json_t *total = json_object_get(qc, "total");
	cstore_queue_apply(s->st, json_string_value(json_object_get(qc, "newQueryState")),
			   json_is_integer(total) ? (int64_t)json_integer_value(total) :
						    cstore_queue_total(s->st),
			   removed, n_removed, ids, idx, n_added);
	for (i = 0; i < n_added; i++)
		if (cstore_queue_find(s->st, ids[i]) >= 0)
			want_missing(s, &ids[i], 1);
	free(removed);
	free(ids);
	free(idx);
}

/* A fresh query (position 0) replaces the queue. */
static unsigned apply_query(struct sync *s, json_t *rs, const struct inflight *fl)
{
	json_t *q = result(rs, "q", "Conversation/query");
	json_t *e = error_of(rs, "q");
	unsigned dirty = apply_conversations(s, result(rs, "qg", "Conversation/get"));
	if (fl->q_gen != s->q_gen)
		return dirty;
	s->need_query = false;
	if (!q) {
		/* E.g. forbidden (no longer a member): an empty queue and the
		 * reason; asking again would only repeat it. */
		cstore_queue_reset(s->st, NULL, 0);
		if (e)
			set_error(s, json_string_value(json_object_get(e, "description")));
		return dirty;
	}
	size_t n;
	const char **ids = strings_of(json_object_get(q, "ids"), &n);
	json_t *total = json_object_get(q, "total");
	cstore_queue_reset(s->st, json_string_value(json_object_get(q, "queryState")),
			   json_is_integer(total) ? (int64_t)json_integer_value(total) :
						    (int64_t)n);
	cstore_queue_append(s->st, 0, ids, n);
	want_missing(s, ids, n);
	free(ids);
	return dirty;
}

static unsigned apply_page(struct sync *s, json_t *rs, const struct inflight *fl)
{
	json_t *q = result(rs, "pq", "Conversation/query");
	unsigned dirty = apply_conversations(s, result(rs, "pg", "Conversation/get"));
	if (fl->q_gen != s->q_gen)
		return dirty;
	s->want_more = false;
	if (!q)
		return dirty;
	const char *qs = json_string_value(json_object_get(q, "queryState"));
	if (!str_same(qs, cstore_queue_state(s->st))) {
		/* The list moved since the prefix was read: patch it from the
		 * old queryState next (the page is already in the new order). */
		s->force |= T(OBJ_CONVERSATION);
	}
	size_t n;
	const char **ids = strings_of(json_object_get(q, "ids"), &n);
	cstore_queue_append(s->st, (int64_t)fl->page_pos, ids, n);
	want_missing(s, ids, n);
	free(ids);
	return dirty;
}

/* Message/changes or Note/changes with their gets. */
static unsigned apply_item_changes(struct sync *s, json_t *rs, enum obj_type t)
{
	bool msg = t == OBJ_MESSAGE;
	json_t *ch = result(rs, msg ? "mc" : "nc", msg ? "Message/changes" : "Note/changes");
	if (!ch)
		return 0;
	const char *get = msg ? "Message/get" : "Note/get";
	unsigned dirty = 0;
	json_t *c = result(rs, msg ? "mcc" : "ncc", get), *u = result(rs, msg ? "mcu" : "ncu", get);
	if (msg)
		dirty = apply_messages(s, c, false) | apply_messages(s, u, false);
	else
		dirty = apply_notes(s, c, false) | apply_notes(s, u, false);
	cstore_state_set(s->st, t, json_string_value(json_object_get(ch, "newState")));
	if (json_is_true(json_object_get(ch, "hasMoreChanges")))
		s->force |= T(t);
	return dirty;
}

static unsigned apply_thread(struct sync *s, json_t *rs, const struct inflight *fl)
{
	bool current = fl->thread_gen == s->thread_gen && strcmp(fl->thread, s->thread) == 0;
	json_t *q = result(rs, "tmq", "Message/query");
	json_t *e = error_of(rs, "tmq");
	unsigned dirty = 0;
	if (!q) {
		/* The conversation is out of sight (notFound) or the read failed:
		 * marked loaded so the thread is not asked for in a loop. */
		if (e)
			set_error(s, json_string_value(json_object_get(e, "description")));
		cstore_thread_mark_loaded(s->st, fl->thread);
		if (current)
			s->thread_pending = false;
		return DIRTY_THREAD;
	}
	dirty |= apply_notes(s, result(rs, "tng", "Note/get"), true);
	json_t *total = json_object_get(q, "total");
	size_t n_ids = json_array_size(json_object_get(q, "ids"));
	if (fl->thread_pos == 0 && json_is_integer(total) &&
	    (size_t)json_integer_value(total) > n_ids && n_ids > 0) {
		/* Longer than one read: load the newest THREAD_LIMIT instead. */
		if (current)
			s->thread_pos = (int64_t)json_integer_value(total) - THREAD_LIMIT;
		return dirty;
	}
	dirty |= apply_messages(s, result(rs, "tmg", "Message/get"), true);
	cstore_thread_mark_loaded(s->st, fl->thread);
	if (current) {
		s->thread_pending = false;
		s->thread_pos = 0;
	}
	return dirty | DIRTY_THREAD;
}

static unsigned apply_refresh(struct sync *s, json_t *rs, const struct inflight *fl)
{
	unsigned dirty = 0;
	for (size_t k = 0; k < fl->n_refresh; k++) {
		char id[32];
		snprintf(id, sizeof id, "kr%zu", k);
		json_t *get = result(rs, id, "Conversation/get");
		if (!get)
			continue;
		dirty |= apply_conversations(s, get);
		size_t i;
		json_t *v;
		json_array_foreach(json_object_get(get, "notFound"), i, v) {
			const char *cid = json_string_value(v);
			if (cid && cstore_conversation(s->st, cid)) {
				cstore_conversation_drop(s->st, cid);
				dirty |= DIRTY_CONVS | DIRTY_THREAD;
			}
		}
	}
	return dirty;
}

static int64_t backoff_delay(struct sync *s, const char *retry_after)
{
	s->backoff_ms = s->backoff_ms ? s->backoff_ms * 2 : BACKOFF_FIRST_MS;
	if (s->backoff_ms > BACKOFF_MAX_MS)
		s->backoff_ms = BACKOFF_MAX_MS;
	int64_t delay = s->backoff_ms;
	if (retry_after) {
		char *end;
		long long secs = strtoll(retry_after, &end, 10);
		while (*end == ' ' || *end == '\t')
			end++;
		if (end != retry_after && !*end && secs >= 0)
			delay = (secs > RETRY_AFTER_MAX_S ? RETRY_AFTER_MAX_S : secs) * 1000;
	}
	return delay;
}

static bool restart_error(const char *type)
{
	return type &&
	       (strcmp(type, "cannotCalculateChanges") == 0 || strcmp(type, "stateMismatch") == 0);
}

static unsigned apply_batch(struct sync *s, json_t *rs, const struct inflight *fl)
{
	/* A broken change feed makes the rest of the answer moot. The queue's
	 * own queryChanges failing only needs the query run again. */
	size_t i;
	json_t *r;
	bool requery = false, failed = false;
	const char *first_error = NULL;
	json_array_foreach(rs, i, r) {
		const char *n = json_string_value(json_array_get(r, 0));
		const char *id = json_string_value(json_array_get(r, 2));
		if (!n || strcmp(n, "error") != 0)
			continue;
		json_t *e = json_array_get(r, 1);
		const char *type = error_type(e);
		if (restart_error(type)) {
			if (id && strcmp(id, "qch") == 0) {
				requery = true;
				continue;
			}
			restart_full(s);
			return 0;
		}
		/* A get that referred to a failed call fails too; the first
		 * error says why. */
		if (type && strcmp(type, "invalidResultReference") == 0)
			continue;
		if (!first_error)
			first_error = json_string_value(json_object_get(e, "description"));
		if (!id ||
		    (strcmp(id, "q") != 0 && strcmp(id, "pq") != 0 && strcmp(id, "tmq") != 0))
			failed = true; /* work kept; asked again after a backoff */
	}
	set_error(s, first_error);

	unsigned dirty = 0;
	uint64_t qgen = cstore_queue_gen(s->st);
	json_t *get;
	if ((get = result(rs, "dept", "Department/get")))
		dirty |= apply_departments(s, get);
	if ((get = result(rs, "staff", "Staff/get")))
		dirty |= apply_staff(s, get);
	if ((get = result(rs, "load", "Staff/get")))
		dirty |= apply_loads(s, get);
	if ((get = result(rs, "tmpl", "Template/get")))
		dirty |= apply_templates(s, get);

	if (fl->what & W_CHANGES) {
		/* Forced types are done once their answer is in; hasMoreChanges
		 * forces them again while applying. */
		unsigned done = 0;
		if (result(rs, "cc", "Conversation/changes"))
			done |= T(OBJ_CONVERSATION);
		if (result(rs, "mc", "Message/changes"))
			done |= T(OBJ_MESSAGE);
		if (result(rs, "nc", "Note/changes"))
			done |= T(OBJ_NOTE);
		if (result(rs, "dept", "Department/get"))
			done |= T(OBJ_DEPARTMENT);
		if (result(rs, "staff", "Staff/get"))
			done |= T(OBJ_STAFF);
		if (result(rs, "tmpl", "Template/get"))
			done |= T(OBJ_TEMPLATE);
		s->force &= ~(fl->forced & done);
		events_spend(s, done, fl->ev_mark);
		if (fl->types & T(OBJ_CONVERSATION))
			dirty |= apply_conv_changes(s, rs);
		if (fl->types & T(OBJ_MESSAGE))
			dirty |= apply_item_changes(s, rs, OBJ_MESSAGE);
		if (fl->types & T(OBJ_NOTE))
			dirty |= apply_item_changes(s, rs, OBJ_NOTE);
	}
	if (fl->what & W_QCHANGES) {
		if (requery && fl->q_gen == s->q_gen)
			s->need_query = true;
		else
			apply_queue_changes(s, rs, fl);
	}
	if (fl->what & W_QUERY)
		dirty |= apply_query(s, rs, fl);
	if (fl->what & W_PAGE)
		dirty |= apply_page(s, rs, fl);
	if (fl->what & W_FULL) {
		json_t *m = result(rs, "mst", "Message/get");
		json_t *n = result(rs, "nst", "Note/get");
		json_t *c = result(rs, "cst", "Conversation/get");
		if (m)
			cstore_state_set(s->st, OBJ_MESSAGE,
					 json_string_value(json_object_get(m, "state")));
		if (n)
			cstore_state_set(s->st, OBJ_NOTE,
					 json_string_value(json_object_get(n, "state")));
		if (c)
			cstore_state_set(s->st, OBJ_CONVERSATION,
					 json_string_value(json_object_get(c, "state")));
		if (fl->what & W_REFRESH)
			dirty |= apply_refresh(s, rs, fl);
		bool complete = m && n && c && result(rs, "dept", "Department/get") &&
				result(rs, "staff", "Staff/get") &&
				result(rs, "tmpl", "Template/get");
		if (complete) {
			s->need_full = false;
			s->refresh_known = false;
			s->force = 0;
			s->loading = false;
			events_spend(s, SYNCED_TYPES, fl->ev_mark);
		} else {
			failed = true;
		}
	}
	if (fl->what & W_FETCH) {
		dirty |= apply_conversations(s, result(rs, "fx", "Conversation/get"));
		fetch_done(s, &fl->fetch);
	}
	if (fl->what & W_THREAD)
		dirty |= apply_thread(s, rs, fl);
	if (cstore_queue_gen(s->st) != qgen)
		dirty |= DIRTY_QUEUE;
	if (failed)
		s->retry_at = s->clock() + backoff_delay(s, NULL);
	else
		s->backoff_ms = 0;
	return dirty;
}

unsigned sync_on_reply(struct sync *s, int status, json_t *body, const char *retry_after)
{
	if (!s->fl.active)
		return 0;
	struct inflight fl = s->fl;
	memset(&s->fl, 0, sizeof s->fl);
	unsigned dirty = 0;
	if (fl.epoch != s->epoch)
		goto out; /* asked before a restart */
	if (status == 0 || status == 429 || status >= 500) {
		s->retry_at = s->clock() + backoff_delay(s, retry_after);
		goto out;
	}
	if (status == 401) {
		s->retry_at = s->clock() + BACKOFF_FIRST_MS;
		goto out;
	}
	json_t *rs = json_object_get(body, "methodResponses");
	if (status != 200 || !json_is_array(rs)) {
		const char *why = json_string_value(json_object_get(body, "detail"));
		if (!why)
			why = json_string_value(json_object_get(body, "title"));
		/* TRANSLATORS: the server's answer to a sync request had an
		 * unexpected shape or status. */
		set_error(s, why ? why : _("The server's answer could not be read."));
		s->retry_at = s->clock() + backoff_delay(s, retry_after);
		goto out;
	}
	dirty = apply_batch(s, rs, &fl);
out:
	inflight_clear(&fl);
	return dirty;
}

unsigned sync_on_response(struct sync *s, int status, json_t *body)
{
	return sync_on_reply(s, status, body, NULL);
}
