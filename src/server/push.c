/* push: GET /v1/events. Each stream is a libmicrohttpd callback response
 * that suspends its connection when it has nothing to send; one push thread
 * polls the store (so other curtaind instances' writes count too), queues
 * frames and resumes the connections. Frames carry state tokens, presence
 * and session notices only — never PHI. */
#include "server/push.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "common/util.h"

#define POLL_MS 250
#define PING_MS 20000
#define REFRESH_MS 5000
#define PRUNE_MS (10 * 60 * 1000)
#define EVENT_KEEP_MS (60 * 60 * 1000)
#define UPLOAD_KEEP_MS (24LL * 60 * 60 * 1000)
#define OUT_MAX (256 * 1024) /* a client this far behind is cut off */

struct push_client {
	struct push *hub;
	struct MHD_Connection *conn;
	pthread_mutex_t mu;
	struct buf out;
	size_t off;
	bool suspended;
	bool closing;
	struct principal p;
	struct push_client *next;
};

struct push {
	struct server *srv;
	pthread_t thread;
	bool running;
	pthread_mutex_t mu; /* guards clients, wake, stop */
	pthread_cond_t cv;
	bool wake;
	bool stop;
	struct push_client *clients;
};

struct push *push_new(struct server *srv)
{
	struct push *p = xcalloc(1, sizeof *p);
	p->srv = srv;
	pthread_mutex_init(&p->mu, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p->cv, &ca);
	pthread_condattr_destroy(&ca);
	return p;
}

void push_notify(struct push *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->wake = true;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

/* ---- per-client queue --------------------------------------------------------------- */

/* Queues a frame and wakes the connection. Caller holds hub->mu. */
static void client_send(struct push_client *c, const char *frame, bool close_after)
{
	pthread_mutex_lock(&c->mu);
	if (!c->closing) {
		if (c->out.len - c->off + strlen(frame) > OUT_MAX) {
			log_warn("push: stream of staff %s too far behind, closing it", c->p.staff.id);
			c->closing = true;
		} else {
			buf_puts(&c->out, frame);
		}
		if (close_after)
			c->closing = true;
	}
	if (c->suspended) {
		c->suspended = false;
		MHD_resume_connection(c->conn);
	}
	pthread_mutex_unlock(&c->mu);
}

static ssize_t client_read(void *cls, uint64_t pos, char *dst, size_t max)
{
	struct push_client *c = cls;
	(void)pos;
	pthread_mutex_lock(&c->mu);
	size_t avail = c->out.len - c->off;
	if (avail) {
		size_t n = avail < max ? avail : max;
		memcpy(dst, c->out.data + c->off, n);
		c->off += n;
		if (c->off == c->out.len) {
			buf_clear(&c->out);
			c->off = 0;
		}
		pthread_mutex_unlock(&c->mu);
		return (ssize_t)n;
	}
	if (c->closing) {
		pthread_mutex_unlock(&c->mu);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	/* Nothing to send: park the connection until client_send resumes it. */
	c->suspended = true;
	MHD_suspend_connection(c->conn);
	pthread_mutex_unlock(&c->mu);
	return 0;
}

static void client_free(void *cls)
{
	struct push_client *c = cls;
	struct push *hub = c->hub;
	pthread_mutex_lock(&hub->mu);
	for (struct push_client **pp = &hub->clients; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	pthread_mutex_unlock(&hub->mu);
	principal_clear(&c->p);
	buf_free(&c->out);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

/* ---- frames ---------------------------------------------------------------------------- */

static const enum obj_type all_types[] = { OBJ_DEPARTMENT, OBJ_STAFF,	 OBJ_CONVERSATION,
					   OBJ_MESSAGE,	   OBJ_NOTE,	 OBJ_TEMPLATE,
					   OBJ_ASSIGNMENT };
#define N_TYPES (sizeof all_types / sizeof all_types[0])

static void state_frame(struct push *hub, struct push_client *c, const int64_t *heads,
			unsigned mask, struct buf *out)
{
	json_t *changed = json_object();
	for (size_t i = 0; i < N_TYPES; i++) {
		if (!(mask & (1u << all_types[i])))
			continue;
		char st[96];
		state_make(hub->srv, &c->p, heads[all_types[i]], st);
		json_object_set_new(changed, obj_type_name(all_types[i]), json_string(st));
	}
	json_t *doc = json_pack("{s:o}", "changed", changed);
	char *text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	buf_printf(out, "event: state\ndata: %s\n\n", text);
	free(text);
}

static bool row_visible(const struct push_client *c, enum obj_type t, const struct change *r)
{
	if (t == OBJ_DEPARTMENT || t == OBJ_STAFF)
		return true;
	if (t == OBJ_TEMPLATE && (!r->dept_before[0] || !r->dept_after[0]))
		return true;
	return principal_sees(&c->p, r->dept_before) || principal_sees(&c->p, r->dept_after);
}

/* ---- GET /v1/events ------------------------------------------------------------------------- */

void route_events(struct request *req)
{
	struct push *hub = req->srv->push;
	struct store *st = server_store(req->srv);
	if (!st) {
		reply_problem(req, 503, "unavailable", "The database is not available", NULL, NULL);
		return;
	}
	struct push_client *c = xcalloc(1, sizeof *c);
	if (!auth_principal(req, st, &c->p)) {
		free(c);
		return;
	}
	c->hub = hub;
	c->conn = req->conn;
	pthread_mutex_init(&c->mu, NULL);
	buf_init(&c->out);
	int64_t heads[OBJ_TYPE_COUNT] = { 0 };
	for (size_t i = 0; i < N_TYPES; i++)
		heads[all_types[i]] = store_type_modseq(st, all_types[i]);
	buf_puts(&c->out, "retry: 3000\n\n");
	state_frame(hub, c, heads, ~0u, &c->out);
	struct MHD_Response *resp =
		MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, client_read, c, client_free);
	if (!resp)
		die_oom();
	MHD_add_response_header(resp, "Content-Type", "text/event-stream");
	MHD_add_response_header(resp, "X-Accel-Buffering", "no");
	pthread_mutex_lock(&hub->mu);
	c->next = hub->clients;
	hub->clients = c;
	pthread_mutex_unlock(&hub->mu);
	log_info("push: stream opened for staff %s", c->p.staff.id);
	reply_response(req, 200, resp);
}

/* ---- the push thread ------------------------------------------------------------------------------ */

struct pending_change {
	enum obj_type type;
	struct change row;
};

static void fan_out_changes(struct push *hub, struct store *st, int64_t since, int64_t head)
{
	struct pending_change *all = NULL;
	size_t n_all = 0, cap = 0;
	int64_t heads[OBJ_TYPE_COUNT] = { 0 };
	for (size_t i = 0; i < N_TYPES; i++) {
		enum obj_type t = all_types[i];
		heads[t] = store_type_modseq(st, t);
		struct change *rows = NULL;
		size_t n = 0;
		if (store_changes_since(st, t, since, 20000, &rows, &n) != STORE_OK)
			continue;
		for (size_t k = 0; k < n; k++) {
			if (rows[k].modseq > head)
				break;
			if (n_all == cap) {
				cap = cap ? cap * 2 : 64;
				all = xrealloc(all, cap * sizeof *all);
			}
			all[n_all].type = t;
			all[n_all].row = rows[k];
			n_all++;
		}
		free(rows);
	}
	pthread_mutex_lock(&hub->mu);
	for (struct push_client *c = hub->clients; c; c = c->next) {
		unsigned mask = 0;
		for (size_t i = 0; i < n_all; i++)
			if (!(mask & (1u << all[i].type)) && row_visible(c, all[i].type, &all[i].row))
				mask |= 1u << all[i].type;
		if (mask & (1u << OBJ_CONVERSATION))
			mask |= 1u << OBJ_DEPARTMENT; /* counts moved */
		if (!mask)
			continue;
		struct buf f;
		buf_init(&f);
		state_frame(hub, c, heads, mask, &f);
		client_send(c, f.data, false);
		buf_free(&f);
	}
	pthread_mutex_unlock(&hub->mu);
	free(all);
}

static void fan_out_events(struct push *hub, struct store *st, int64_t *seq)
{
	struct event *ev = NULL;
	size_t n = 0;
	if (store_events_since(st, *seq, 1000, &ev, &n) != STORE_OK)
		return;
	pthread_mutex_lock(&hub->mu);
	for (size_t i = 0; i < n; i++) {
		struct buf f;
		buf_init(&f);
		bool session = ev[i].kind == EVENT_SESSION;
		buf_printf(&f, "event: %s\ndata: %s\n\n", session ? "session" : "presence",
			   ev[i].payload ? ev[i].payload : "{}");
		for (struct push_client *c = hub->clients; c; c = c->next) {
			if (session) {
				if (strcmp(c->p.staff.id, ev[i].staff_id) == 0 &&
				    (!ev[i].device_id[0] || strcmp(c->p.device_id, ev[i].device_id) == 0))
					client_send(c, f.data, true);
			} else if (principal_sees(&c->p, ev[i].department_id) &&
				   strcmp(c->p.staff.id, ev[i].staff_id) != 0) {
				client_send(c, f.data, false);
			}
		}
		buf_free(&f);
		*seq = ev[i].seq;
		event_clear(&ev[i]);
	}
	pthread_mutex_unlock(&hub->mu);
	free(ev);
}

/* Re-reads each stream's staff member and visibility: disabled staff and
 * revoked devices lose their stream; a changed view forces a re-sync. */
static void refresh_clients(struct push *hub, struct store *st)
{
	pthread_mutex_lock(&hub->mu);
	for (struct push_client *c = hub->clients; c; c = c->next) {
		if (c->closing)
			continue;
		struct device d = { 0 };
		bool revoked = store_device_get(st, c->p.device_id, &d) != STORE_OK || d.revoked_at;
		device_clear(&d);
		struct principal fresh;
		if (revoked || !principal_load(hub->srv, st, c->p.staff.id, c->p.device_id, &fresh)) {
			client_send(c, "event: session\ndata: {\"type\":\"revoked\"}\n\n", true);
			continue;
		}
		bool moved = strcmp(fresh.epoch, c->p.epoch) != 0;
		memcpy(fresh.token_hash, c->p.token_hash, sizeof fresh.token_hash);
		principal_clear(&c->p);
		c->p = fresh;
		if (moved) {
			int64_t heads[OBJ_TYPE_COUNT] = { 0 };
			for (size_t i = 0; i < N_TYPES; i++)
				heads[all_types[i]] = store_type_modseq(st, all_types[i]);
			struct buf f;
			buf_init(&f);
			state_frame(hub, c, heads, ~0u, &f);
			client_send(c, f.data, false);
			buf_free(&f);
		}
	}
	pthread_mutex_unlock(&hub->mu);
}

static void ping_clients(struct push *hub)
{
	pthread_mutex_lock(&hub->mu);
	for (struct push_client *c = hub->clients; c; c = c->next)
		client_send(c, ": ping\n\n", false);
	pthread_mutex_unlock(&hub->mu);
}

static void *push_main(void *arg)
{
	struct push *hub = arg;
	struct store *st = NULL;
	char err[256];
	if (store_open(&st, hub->srv->cfg.db_path, &hub->srv->keys, false, err, sizeof err) != STORE_OK) {
		log_error("push: cannot open the database: %s", err);
		return NULL;
	}
	int64_t modseq = store_modseq(st), evseq = store_event_seq(st);
	int64_t next_ping = mono_ms() + PING_MS, next_refresh = mono_ms() + REFRESH_MS;
	int64_t next_prune = mono_ms();
	pthread_mutex_lock(&hub->mu);
	while (!hub->stop) {
		if (!hub->wake) {
			struct timespec ts;
			clock_gettime(CLOCK_MONOTONIC, &ts);
			ts.tv_nsec += POLL_MS * 1000000L;
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&hub->cv, &hub->mu, &ts);
		}
		hub->wake = false;
		if (hub->stop)
			break;
		pthread_mutex_unlock(&hub->mu);

		int64_t head = store_modseq(st);
		if (head > modseq) {
			fan_out_changes(hub, st, modseq, head);
			modseq = head;
		}
		if (store_event_seq(st) > evseq)
			fan_out_events(hub, st, &evseq);
		int64_t now = mono_ms();
		if (now >= next_refresh) {
			next_refresh = now + REFRESH_MS;
			int woken = 0;
			if (store_tx_begin(st) == STORE_OK) {
				if (store_conversation_wake_snoozed(st, now_ms(), &woken) == STORE_OK)
					store_tx_commit(st);
				else
					store_tx_rollback(st);
			}
			refresh_clients(hub, st);
		}
		if (now >= next_ping) {
			next_ping = now + PING_MS;
			ping_clients(hub);
		}
		if (now >= next_prune) {
			next_prune = now + PRUNE_MS;
			if (store_tx_begin(st) == STORE_OK) {
				store_events_prune(st, now_ms() - EVENT_KEEP_MS);
				/* Uploads no message used within a day are deleted
				 * (PROTOCOL.md section 12): nobody asked to keep them. */
				int pruned = 0;
				store_attachment_prune_unused(st, now_ms() - UPLOAD_KEEP_MS, &pruned);
				store_tx_commit(st);
				if (pruned)
					log_info("push: deleted %d unused upload(s) older than a day", pruned);
			}
		}
		pthread_mutex_lock(&hub->mu);
	}
	pthread_mutex_unlock(&hub->mu);
	store_close(&st);
	return NULL;
}

bool push_start(struct push *p)
{
	if (pthread_create(&p->thread, NULL, push_main, p) != 0)
		return false;
	p->running = true;
	return true;
}

void push_stop(struct push *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = true;
	pthread_cond_signal(&p->cv);
	for (struct push_client *c = p->clients; c; c = c->next)
		client_send(c, "event: session\ndata: {\"type\":\"shutdown\"}\n\n", true);
	pthread_mutex_unlock(&p->mu);
	if (p->running)
		pthread_join(p->thread, NULL);
	p->running = false;
}

void push_free(struct push **pp)
{
	struct push *p = *pp;
	if (!p)
		return;
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p);
	*pp = NULL;
}
