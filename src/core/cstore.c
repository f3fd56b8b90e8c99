/* cstore: the client's in-memory model. Objects live in open-addressing
 * hash maps keyed by id; threads are per-conversation vectors kept sorted by
 * (createdAt, arrival); the queue is a plain array. PHI strings are zeroed
 * before they are freed (the *_clear functions, sodium_memzero for drafts). */
#include "core/cstore.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"

/* ---- id map ------------------------------------------------------------------------ */

enum { SLOT_EMPTY = 0, SLOT_FULL, SLOT_TOMB };

struct idslot {
	char key[ID_LEN];
	void *val;
	unsigned char used;
};

/* Linear probing with tombstones; capacity is a power of two and at most
 * three quarters of it is in use (full or tombstone), so probes end. */
struct idmap {
	struct idslot *slots;
	size_t cap;
	size_t n;
	size_t tombs;
};

static uint64_t id_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static struct idslot *idmap_slot(const struct idmap *m, const char *key)
{
	if (!m->cap || !key)
		return NULL;
	size_t mask = m->cap - 1;
	for (size_t i = id_hash(key) & mask;; i = (i + 1) & mask) {
		struct idslot *sl = &m->slots[i];
		if (sl->used == SLOT_EMPTY)
			return NULL;
		if (sl->used == SLOT_FULL && strcmp(sl->key, key) == 0)
			return sl;
	}
}

static void *idmap_get(const struct idmap *m, const char *key)
{
	struct idslot *sl = idmap_slot(m, key);
	return sl ? sl->val : NULL;
}

static void idmap_insert_new(struct idmap *m, const char *key, void *val)
{
	size_t mask = m->cap - 1;
	size_t i = id_hash(key) & mask;
	while (m->slots[i].used == SLOT_FULL)
		i = (i + 1) & mask;
	if (m->slots[i].used == SLOT_TOMB)
		m->tombs--;
	memcpy(m->slots[i].key, key, strlen(key) + 1);
	m->slots[i].val = val;
	m->slots[i].used = SLOT_FULL;
	m->n++;
}

static void idmap_grow(struct idmap *m)
{
	struct idmap old = *m;
	size_t cap = 16;
	while (cap * 3 / 4 <= (old.n + 1) * 2)
		cap *= 2;
	m->slots = xcalloc(cap, sizeof *m->slots);
	m->cap = cap;
	m->n = 0;
	m->tombs = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].used == SLOT_FULL)
			idmap_insert_new(m, old.slots[i].key, old.slots[i].val);
	free(old.slots);
}

/* Sets key to val (replacing). Keys that do not fit an id are refused. */
static bool idmap_put(struct idmap *m, const char *key, void *val)
{
	if (!key || !*key || strlen(key) >= ID_LEN)
		return false;
	struct idslot *sl = idmap_slot(m, key);
	if (sl) {
		sl->val = val;
		return true;
	}
	if ((m->n + m->tombs + 1) * 4 > m->cap * 3)
		idmap_grow(m);
	idmap_insert_new(m, key, val);
	return true;
}

/* Removes key; returns its value (NULL if absent). */
static void *idmap_del(struct idmap *m, const char *key)
{
	struct idslot *sl = idmap_slot(m, key);
	if (!sl)
		return NULL;
	void *v = sl->val;
	sl->used = SLOT_TOMB;
	sl->val = NULL;
	m->n--;
	m->tombs++;
	return v;
}

static void idmap_free(struct idmap *m)
{
	free(m->slots);
	memset(m, 0, sizeof *m);
}

/* ---- the store ---------------------------------------------------------------------- */

/* Messages and notes carry their arrival number, the tie-break for equal
 * createdAt (the wire has whole seconds). The object is the first member, so
 * a citem's pointer converts back. */
struct cmsg {
	struct message m;
	uint64_t seq;
};

struct cnote {
	struct note n;
	uint64_t seq;
};

struct cthread {
	struct citem *items;
	size_t n;
	size_t cap;
	bool loaded;
};

struct cqueue {
	char (*ids)[ID_LEN];
	size_t n;
	size_t cap;
	char *state;
	int64_t total;
	uint64_t gen;
};

struct cstore {
	struct cdept *depts;
	size_t n_depts;
	struct idmap dept_by_id; /* -> struct cdept * */

	struct staff *staff;
	int64_t *loads; /* parallel to staff; -1 unknown */
	size_t n_staff;
	struct idmap staff_by_id; /* -> index + 1 */

	struct template *tmpls;
	size_t n_tmpls;
	struct idmap tmpl_by_id; /* -> struct template * */

	struct idmap convs;   /* -> struct conversation * (owned) */
	struct idmap msgs;    /* -> struct cmsg * (owned) */
	struct idmap notes;   /* -> struct cnote * (owned) */
	struct idmap threads; /* conversation id -> struct cthread * (owned) */
	struct idmap drafts;  /* conversation id -> char * (owned, PHI) */
	uint64_t seq;

	struct cqueue q;

	struct cpresence *pres;
	size_t n_pres;
	size_t cap_pres;

	char *states[OBJ_TYPE_COUNT];
};

struct cstore *cstore_new(void)
{
	return xcalloc(1, sizeof(struct cstore));
}

static void free_wiped_str(char *p)
{
	if (p) {
		sodium_memzero(p, strlen(p));
		free(p);
	}
}

static void departments_free(struct cstore *s)
{
	for (size_t i = 0; i < s->n_depts; i++)
		department_clear(&s->depts[i].d);
	free(s->depts);
	s->depts = NULL;
	s->n_depts = 0;
	idmap_free(&s->dept_by_id);
}

static void staff_free_all(struct cstore *s)
{
	for (size_t i = 0; i < s->n_staff; i++)
		staff_clear(&s->staff[i]);
	free(s->staff);
	free(s->loads);
	s->staff = NULL;
	s->loads = NULL;
	s->n_staff = 0;
	idmap_free(&s->staff_by_id);
}

static void templates_free(struct cstore *s)
{
	for (size_t i = 0; i < s->n_tmpls; i++)
		template_clear(&s->tmpls[i]);
	free(s->tmpls);
	s->tmpls = NULL;
	s->n_tmpls = 0;
	idmap_free(&s->tmpl_by_id);
}

static void queue_clear_ids(struct cqueue *q)
{
	free(q->ids);
	q->ids = NULL;
	q->n = 0;
	q->cap = 0;
}

void cstore_wipe_phi(struct cstore *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->convs.cap; i++) {
		if (s->convs.slots[i].used != SLOT_FULL)
			continue;
		struct conversation *c = s->convs.slots[i].val;
		conversation_clear(c);
		free(c);
	}
	idmap_free(&s->convs);
	for (size_t i = 0; i < s->msgs.cap; i++) {
		if (s->msgs.slots[i].used != SLOT_FULL)
			continue;
		struct cmsg *m = s->msgs.slots[i].val;
		message_clear(&m->m);
		free(m);
	}
	idmap_free(&s->msgs);
	for (size_t i = 0; i < s->notes.cap; i++) {
		if (s->notes.slots[i].used != SLOT_FULL)
			continue;
		struct cnote *n = s->notes.slots[i].val;
		note_clear(&n->n);
		free(n);
	}
	idmap_free(&s->notes);
	for (size_t i = 0; i < s->threads.cap; i++) {
		if (s->threads.slots[i].used != SLOT_FULL)
			continue;
		struct cthread *t = s->threads.slots[i].val;
		free(t->items);
		free(t);
	}
	idmap_free(&s->threads);
	for (size_t i = 0; i < s->drafts.cap; i++)
		if (s->drafts.slots[i].used == SLOT_FULL)
			free_wiped_str(s->drafts.slots[i].val);
	idmap_free(&s->drafts);
	/* Conversation ids in the map's key slots are not PHI, but the slots
	 * are freed above anyway; presence names staff, not patients. */
	if (s->pres)
		sodium_memzero(s->pres, s->cap_pres * sizeof *s->pres);
	free(s->pres);
	s->pres = NULL;
	s->n_pres = s->cap_pres = 0;
	/* The queue's rows pointed at conversations that are gone; the change
	 * feeds for PHI-bearing types restart from scratch after unlock. */
	queue_clear_ids(&s->q);
	free(s->q.state);
	s->q.state = NULL;
	s->q.total = 0;
	s->q.gen++;
	const enum obj_type phi_types[] = { OBJ_CONVERSATION, OBJ_MESSAGE, OBJ_NOTE,
					    OBJ_ASSIGNMENT };
	for (size_t i = 0; i < sizeof phi_types / sizeof phi_types[0]; i++) {
		free(s->states[phi_types[i]]);
		s->states[phi_types[i]] = NULL;
	}
}

void cstore_free(struct cstore **sp)
{
	if (!sp || !*sp)
		return;
	struct cstore *s = *sp;
	cstore_wipe_phi(s);
	departments_free(s);
	staff_free_all(s);
	templates_free(s);
	for (int t = 0; t < OBJ_TYPE_COUNT; t++)
		free(s->states[t]);
	free(s);
	*sp = NULL;
}

/* ---- departments, staff, templates ---------------------------------------------------- */

void cstore_departments_set(struct cstore *s, struct cdept *depts, size_t n)
{
	departments_free(s);
	s->depts = depts;
	s->n_depts = depts ? n : 0;
	for (size_t i = 0; i < s->n_depts; i++)
		idmap_put(&s->dept_by_id, depts[i].d.id, &depts[i]);
}

size_t cstore_department_count(const struct cstore *s)
{
	return s->n_depts;
}

const struct cdept *cstore_department_at(const struct cstore *s, size_t i)
{
	return i < s->n_depts ? &s->depts[i] : NULL;
}

const struct cdept *cstore_department(const struct cstore *s, const char *id)
{
	return idmap_get(&s->dept_by_id, id);
}

void cstore_staff_set(struct cstore *s, struct staff *staff, size_t n)
{
	staff_free_all(s);
	s->staff = staff;
	s->n_staff = staff ? n : 0;
	s->loads = xcalloc(s->n_staff ? s->n_staff : 1, sizeof *s->loads);
	for (size_t i = 0; i < s->n_staff; i++) {
		s->loads[i] = -1;
		idmap_put(&s->staff_by_id, staff[i].id, (void *)(uintptr_t)(i + 1));
	}
}

size_t cstore_staff_count(const struct cstore *s)
{
	return s->n_staff;
}

const struct staff *cstore_staff_at(const struct cstore *s, size_t i)
{
	return i < s->n_staff ? &s->staff[i] : NULL;
}

static ssize_t staff_index(const struct cstore *s, const char *id)
{
	uintptr_t v = (uintptr_t)idmap_get(&s->staff_by_id, id);
	return v ? (ssize_t)(v - 1) : -1;
}

const struct staff *cstore_staff(const struct cstore *s, const char *id)
{
	ssize_t i = staff_index(s, id);
	return i < 0 ? NULL : &s->staff[i];
}

void cstore_staff_set_load(struct cstore *s, const char *id, int64_t open_load)
{
	ssize_t i = staff_index(s, id);
	if (i >= 0)
		s->loads[i] = open_load;
}

int64_t cstore_staff_load(const struct cstore *s, const char *id)
{
	ssize_t i = staff_index(s, id);
	return i < 0 ? -1 : s->loads[i];
}

void cstore_templates_set(struct cstore *s, struct template *t, size_t n)
{
	templates_free(s);
	s->tmpls = t;
	s->n_tmpls = t ? n : 0;
	for (size_t i = 0; i < s->n_tmpls; i++)
		idmap_put(&s->tmpl_by_id, t[i].id, &t[i]);
}

size_t cstore_template_count(const struct cstore *s)
{
	return s->n_tmpls;
}

const struct template *cstore_template_at(const struct cstore *s, size_t i)
{
	return i < s->n_tmpls ? &s->tmpls[i] : NULL;
}

const struct template *cstore_template(const struct cstore *s, const char *id)
{
	return idmap_get(&s->tmpl_by_id, id);
}

/* ---- threads (internal) ------------------------------------------------------------------ */

static int64_t item_at(const struct citem *it)
{
	return it->is_note ? it->n->created_at : it->m->created_at;
}

static uint64_t item_seq(const struct citem *it)
{
	return it->is_note ? ((const struct cnote *)it->n)->seq : ((const struct cmsg *)it->m)->seq;
}

static struct cthread *thread_get(const struct cstore *s, const char *conv_id)
{
	return idmap_get(&s->threads, conv_id);
}

static struct cthread *thread_make(struct cstore *s, const char *conv_id)
{
	struct cthread *t = thread_get(s, conv_id);
	if (t)
		return t;
	t = xcalloc(1, sizeof *t);
	if (!idmap_put(&s->threads, conv_id, t)) {
		free(t);
		return NULL;
	}
	return t;
}

/* Inserts it after every item that sorts before or with it. */
static void thread_insert(struct cstore *s, const char *conv_id, struct citem it)
{
	struct cthread *t = thread_make(s, conv_id);
	if (!t)
		return;
	int64_t at = item_at(&it);
	uint64_t seq = item_seq(&it);
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int64_t mat = item_at(&t->items[mid]);
		if (mat < at || (mat == at && item_seq(&t->items[mid]) < seq))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->items = xrealloc(t->items, t->cap * sizeof *t->items);
	}
	memmove(&t->items[lo + 1], &t->items[lo], (t->n - lo) * sizeof *t->items);
	t->items[lo] = it;
	t->n++;
}

static void thread_remove(struct cstore *s, const char *conv_id, const void *obj)
{
	struct cthread *t = thread_get(s, conv_id);
	if (!t)
		return;
	for (size_t i = t->n; i-- > 0;) {
		const void *p = t->items[i].is_note ? (const void *)t->items[i].n :
						      (const void *)t->items[i].m;
		if (p == obj) {
			memmove(&t->items[i], &t->items[i + 1], (t->n - i - 1) * sizeof *t->items);
			t->n--;
			return;
		}
	}
}

/* Drops a thread with its messages and notes (wiped). */
static void thread_forget(struct cstore *s, const char *conv_id)
{
	struct cthread *t = idmap_del(&s->threads, conv_id);
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		if (t->items[i].is_note) {
			struct cnote *n = idmap_del(&s->notes, t->items[i].n->id);
			if (n) {
				note_clear(&n->n);
				free(n);
			}
		} else {
			struct cmsg *m = idmap_del(&s->msgs, t->items[i].m->id);
			if (m) {
				message_clear(&m->m);
				free(m);
			}
		}
	}
	free(t->items);
	free(t);
}

/* ---- conversations ----------------------------------------------------------------------------- */

void cstore_conversation_put(struct cstore *s, struct conversation *c)
{
	struct conversation *old = idmap_get(&s->convs, c->id);
	if (old) {
		conversation_clear(old);
		*old = *c;
	} else {
		struct conversation *n = xmalloc(sizeof *n);
		*n = *c;
		if (!idmap_put(&s->convs, n->id, n)) {
			conversation_clear(n);
			free(n);
		}
	}
	memset(c, 0, sizeof *c);
}

const struct conversation *cstore_conversation(const struct cstore *s, const char *id)
{
	return idmap_get(&s->convs, id);
}

static void presence_remove_at(struct cstore *s, size_t i)
{
	memmove(&s->pres[i], &s->pres[i + 1], (s->n_pres - i - 1) * sizeof *s->pres);
	s->n_pres--;
	memset(&s->pres[s->n_pres], 0, sizeof *s->pres);
}

void cstore_conversation_drop(struct cstore *s, const char *id)
{
	if (!id)
		return;
	struct conversation *c = idmap_del(&s->convs, id);
	if (c) {
		conversation_clear(c);
		free(c);
	}
	thread_forget(s, id);
	free_wiped_str(idmap_del(&s->drafts, id));
	for (size_t i = s->n_pres; i-- > 0;)
		if (strcmp(s->pres[i].conversation_id, id) == 0)
			presence_remove_at(s, i);
}

size_t cstore_conversation_count(const struct cstore *s)
{
	return s->convs.n;
}

const struct conversation *cstore_conversation_next(const struct cstore *s, size_t *iter)
{
	while (*iter < s->convs.cap) {
		const struct idslot *sl = &s->convs.slots[(*iter)++];
		if (sl->used == SLOT_FULL)
			return sl->val;
	}
	return NULL;
}

/* ---- queue ------------------------------------------------------------------------------------- */

void cstore_queue_reset(struct cstore *s, const char *query_state, int64_t total)
{
	s->q.n = 0;
	free(s->q.state);
	s->q.state = query_state ? xstrdup(query_state) : NULL;
	s->q.total = total < 0 ? 0 : total;
	s->q.gen++;
}

const char *cstore_queue_state(const struct cstore *s)
{
	return s->q.state;
}

int64_t cstore_queue_total(const struct cstore *s)
{
	return s->q.total;
}

size_t cstore_queue_loaded(const struct cstore *s)
{
	return s->q.n;
}

const char *cstore_queue_id(const struct cstore *s, size_t i)
{
	return i < s->q.n ? s->q.ids[i] : NULL;
}

ssize_t cstore_queue_find(const struct cstore *s, const char *id)
{
	if (!id)
		return -1;
	for (size_t i = 0; i < s->q.n; i++)
		if (strcmp(s->q.ids[i], id) == 0)
			return (ssize_t)i;
	return -1;
}

uint64_t cstore_queue_gen(const struct cstore *s)
{
	return s->q.gen;
}

static void queue_insert(struct cqueue *q, size_t at, const char *id)
{
	if (q->n == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 64;
		q->ids = xrealloc(q->ids, q->cap * sizeof *q->ids);
	}
	memmove(&q->ids[at + 1], &q->ids[at], (q->n - at) * sizeof *q->ids);
	memcpy(q->ids[at], id, strlen(id) + 1);
	q->n++;
}

static bool id_ok(const char *id)
{
	return id && *id && strlen(id) < ID_LEN;
}

void cstore_queue_append(struct cstore *s, int64_t position, const char *const *ids, size_t n)
{
	if (position < 0 || (size_t)position != s->q.n)
		return;
	bool changed = false;
	for (size_t i = 0; i < n; i++) {
		/* A page read at a newer queryState may repeat an id already
		 * listed; the list is a set, so the repeat is skipped. */
		if (!id_ok(ids[i]) || cstore_queue_find(s, ids[i]) >= 0)
			continue;
		queue_insert(&s->q, s->q.n, ids[i]);
		changed = true;
	}
	if (changed)
		s->q.gen++;
}

void cstore_queue_apply(struct cstore *s, const char *new_state, int64_t total,
			const char *const *removed, size_t n_removed, const char *const *added_ids,
			const int64_t *added_index, size_t n_added)
{
	bool changed = total != s->q.total;
	if (n_removed && s->q.n) {
		struct idmap gone = { 0 };
		for (size_t i = 0; i < n_removed; i++)
			idmap_put(&gone, removed[i], (void *)1);
		size_t w = 0;
		for (size_t r = 0; r < s->q.n; r++) {
			if (idmap_get(&gone, s->q.ids[r]))
				continue;
			if (w != r)
				memcpy(s->q.ids[w], s->q.ids[r], ID_LEN);
			w++;
		}
		changed |= w != s->q.n;
		s->q.n = w;
		idmap_free(&gone);
	}
	/* Added entries come in ascending index order; each one at or before
	 * the end of the prefix lands inside it (the prefix stays contiguous),
	 * later ones belong to the part not loaded yet. */
	for (size_t i = 0; i < n_added; i++) {
		int64_t at = added_index[i];
		if (at < 0 || (uint64_t)at > s->q.n || !id_ok(added_ids[i]))
			continue;
		if (cstore_queue_find(s, added_ids[i]) >= 0)
			continue;
		queue_insert(&s->q, (size_t)at, added_ids[i]);
		changed = true;
	}
	free(s->q.state);
	s->q.state = new_state ? xstrdup(new_state) : NULL;
	s->q.total = total < 0 ? 0 : total;
	if (changed)
		s->q.gen++;
}

/* ---- threads ------------------------------------------------------------------------------------ */

void cstore_message_put(struct cstore *s, struct message *m)
{
	if (!m->id[0] || !m->conversation_id[0]) {
		message_clear(m);
		return;
	}
	struct cmsg *old = idmap_get(&s->msgs, m->id);
	if (old) {
		bool same_place = strcmp(old->m.conversation_id, m->conversation_id) == 0 &&
				  old->m.created_at == m->created_at;
		if (!same_place)
			thread_remove(s, old->m.conversation_id, &old->m);
		message_clear(&old->m);
		old->m = *m;
		memset(m, 0, sizeof *m);
		if (!same_place)
			thread_insert(s, old->m.conversation_id,
				      (struct citem){ .is_note = false, .m = &old->m });
		return;
	}
	struct cmsg *n = xcalloc(1, sizeof *n);
	n->m = *m;
	n->seq = ++s->seq;
	memset(m, 0, sizeof *m);
	if (!idmap_put(&s->msgs, n->m.id, n)) {
		message_clear(&n->m);
		free(n);
		return;
	}
	thread_insert(s, n->m.conversation_id, (struct citem){ .is_note = false, .m = &n->m });
}

size_t cstore_attachments(struct cstore *s, const char *conversation_id, bool stored_only,
			  const struct msg_attachment **atts, const struct message **msgs,
			  size_t max)
{
	const struct citem *items = NULL;
	size_t n = cstore_thread(s, conversation_id, &items), found = 0;
	for (size_t i = n; i-- > 0;) {
		const struct message *m = items[i].is_note ? NULL : items[i].m;
		for (size_t k = 0; m && k < m->n_attachments; k++) {
			const struct msg_attachment *a = &m->attachments[k];
			if (stored_only && a->state != MMS_STORED)
				continue;
			if (found < max) {
				if (atts)
					atts[found] = a;
				if (msgs)
					msgs[found] = m;
			}
			found++;
		}
	}
	return found;
}

const struct msg_attachment *cstore_attachment(struct cstore *s, const char *conversation_id,
					       const char *attachment_id,
					       const struct message **msg)
{
	const struct citem *items = NULL;
	size_t n = cstore_thread(s, conversation_id, &items);
	for (size_t i = n; attachment_id && i-- > 0;) {
		const struct message *m = items[i].is_note ? NULL : items[i].m;
		for (size_t k = 0; m && k < m->n_attachments; k++)
			if (!strcmp(m->attachments[k].id, attachment_id)) {
				if (msg)
					*msg = m;
				return &m->attachments[k];
			}
	}
	return NULL;
}

void cstore_note_put(struct cstore *s, struct note *nt)
{
	if (!nt->id[0] || !nt->conversation_id[0]) {
		note_clear(nt);
		return;
	}
	struct cnote *old = idmap_get(&s->notes, nt->id);
	if (old) {
		bool same_place = strcmp(old->n.conversation_id, nt->conversation_id) == 0 &&
				  old->n.created_at == nt->created_at;
		if (!same_place)
			thread_remove(s, old->n.conversation_id, &old->n);
		note_clear(&old->n);
		old->n = *nt;
		memset(nt, 0, sizeof *nt);
		if (!same_place)
			thread_insert(s, old->n.conversation_id,
				      (struct citem){ .is_note = true, .n = &old->n });
		return;
	}
	struct cnote *n = xcalloc(1, sizeof *n);
	n->n = *nt;
	n->seq = ++s->seq;
	memset(nt, 0, sizeof *nt);
	if (!idmap_put(&s->notes, n->n.id, n)) {
		note_clear(&n->n);
		free(n);
		return;
	}
	thread_insert(s, n->n.conversation_id, (struct citem){ .is_note = true, .n = &n->n });
}

const struct message *cstore_message(const struct cstore *s, const char *id)
{
	struct cmsg *m = idmap_get(&s->msgs, id);
	return m ? &m->m : NULL;
}

const struct note *cstore_note(const struct cstore *s, const char *id)
{
	struct cnote *n = idmap_get(&s->notes, id);
	return n ? &n->n : NULL;
}

size_t cstore_thread(struct cstore *s, const char *conversation_id, const struct citem **items)
{
	struct cthread *t = thread_get(s, conversation_id);
	*items = t ? t->items : NULL;
	return t ? t->n : 0;
}

/* The newest message of any direction: the server's guard already ignores
 * the sender's own texts, so the newest one is the most exact "seen". */
const char *cstore_thread_last_id(struct cstore *s, const char *conversation_id)
{
	struct cthread *t = thread_get(s, conversation_id);
	if (!t)
		return NULL;
	for (size_t i = t->n; i-- > 0;)
		if (!t->items[i].is_note)
			return t->items[i].m->id;
	return NULL;
}

bool cstore_thread_loaded(const struct cstore *s, const char *conversation_id)
{
	struct cthread *t = thread_get(s, conversation_id);
	return t && t->loaded;
}

void cstore_thread_mark_loaded(struct cstore *s, const char *conversation_id)
{
	struct cthread *t = thread_make(s, conversation_id);
	if (t)
		t->loaded = true;
}

void cstore_threads_forget(struct cstore *s, const char *keep)
{
	struct id_list ids = { 0 };
	for (size_t i = 0; i < s->threads.cap; i++)
		if (s->threads.slots[i].used == SLOT_FULL &&
		    (!keep || strcmp(s->threads.slots[i].key, keep) != 0))
			id_list_add(&ids, s->threads.slots[i].key);
	for (size_t i = 0; i < ids.n; i++)
		thread_forget(s, ids.ids[i]);
	id_list_clear(&ids);
}

/* ---- presence ---------------------------------------------------------------------------------- */

void cstore_presence_put(struct cstore *s, const struct cpresence *p)
{
	if (!p->conversation_id[0] || !p->staff_id[0])
		return;
	for (size_t i = s->n_pres; i-- > 0;) {
		struct cpresence *e = &s->pres[i];
		/* The same person's older entry, and any entry long expired by
		 * the clock of the newest event, go. */
		if ((strcmp(e->conversation_id, p->conversation_id) == 0 &&
		     strcmp(e->staff_id, p->staff_id) == 0) ||
		    e->expires_at < p->expires_at - 60000)
			presence_remove_at(s, i);
	}
	if (strcmp(p->state, "idle") == 0 || p->expires_at <= 0)
		return;
	if (s->n_pres == s->cap_pres) {
		size_t cap = s->cap_pres ? s->cap_pres * 2 : 8;
		struct cpresence *np = xcalloc(cap, sizeof *np);
		if (s->n_pres)
			memcpy(np, s->pres, s->n_pres * sizeof *np);
		if (s->pres)
			sodium_memzero(s->pres, s->cap_pres * sizeof *s->pres);
		free(s->pres);
		s->pres = np;
		s->cap_pres = cap;
	}
	struct cpresence *e = &s->pres[s->n_pres++];
	*e = *p;
	e->conversation_id[ID_LEN - 1] = '\0';
	e->staff_id[ID_LEN - 1] = '\0';
	e->display_name[sizeof e->display_name - 1] = '\0';
	e->state[sizeof e->state - 1] = '\0';
}

const struct cpresence *cstore_presence(const struct cstore *s, const char *conversation_id,
					const char *not_staff_id, int64_t now)
{
	if (!conversation_id)
		return NULL;
	for (size_t i = 0; i < s->n_pres; i++) {
		const struct cpresence *e = &s->pres[i];
		if (e->expires_at > now && strcmp(e->conversation_id, conversation_id) == 0 &&
		    (!not_staff_id || strcmp(e->staff_id, not_staff_id) != 0))
			return e;
	}
	return NULL;
}

/* ---- drafts ------------------------------------------------------------------------------------ */

void cstore_draft_set(struct cstore *s, const char *conversation_id, const char *text)
{
	if (!conversation_id)
		return;
	char *old = idmap_del(&s->drafts, conversation_id);
	free_wiped_str(old);
	if (text && *text) {
		char *copy = xstrdup(text);
		if (!idmap_put(&s->drafts, conversation_id, copy))
			free_wiped_str(copy);
	}
}

const char *cstore_draft(const struct cstore *s, const char *conversation_id)
{
	return idmap_get(&s->drafts, conversation_id);
}

/* ---- state tokens -------------------------------------------------------------------------------- */

void cstore_state_set(struct cstore *s, enum obj_type t, const char *state)
{
	if ((int)t < 0 || t >= OBJ_TYPE_COUNT)
		return;
	free(s->states[t]);
	s->states[t] = state ? xstrdup(state) : NULL;
}

const char *cstore_state(const struct cstore *s, enum obj_type t)
{
	if ((int)t < 0 || t >= OBJ_TYPE_COUNT)
		return NULL;
	return s->states[t];
}
