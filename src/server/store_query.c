/* store_query: listing conversations — filters, the three sort orders, the
 * total, a row's position in the list and whether one row matches. */

/* Without a text filter a page costs O(limit + log n) per slice: each
 * (department, status, unread[, assignee]) slice is read in order from an
 * index and the slices are merged; totals are covering-index COUNTs. A text
 * filter decrypts and scans the visible conversations and all message
 * bodies (O(n)), except an E.164 number, which uses the phone blind index. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/log.h"
#include "common/util.h"
#include "server/store_internal.h"

#define MAX_WINDOW ((int64_t)1 << 40)

enum text_mode { TEXT_NONE = 0, TEXT_PHONE, TEXT_SCAN };

/* The filter resolved into the sets it allows. */
struct plan {
	const char **depts;
	size_t n_depts;
	int statuses[4];
	size_t n_statuses;
	int unread[2];
	size_t n_unread;
	const char *assignee; /* NULL = any */
	bool waiting;
	enum text_mode text;
	const char *needle;
	char blind[65];
	enum conv_sort sort;
	bool ascending;
};

static const char *sort_column(enum conv_sort sort)
{
	switch (sort) {
	case SORT_ACTIVITY:
		return "last_activity";
	case SORT_CREATED:
		return "created_at";
	case SORT_WAITING:
	default:
		return "wait_key";
	}
}

/* False when nothing can match (no visible department, empty status set). */
static bool plan_make(const struct conv_filter *f, enum conv_sort sort, bool ascending,
		      struct plan *p)
{
	memset(p, 0, sizeof *p);
	p->sort = sort;
	p->ascending = ascending;
	if (f->department_id) {
		if (f->depts && !id_list_has(f->depts, f->department_id))
			return false;
		p->depts = xcalloc(1, sizeof *p->depts);
		p->depts[p->n_depts++] = f->department_id;
	} else if (f->depts && f->depts->n) {
		p->depts = xcalloc(f->depts->n, sizeof *p->depts);
		for (size_t i = 0; i < f->depts->n; i++)
			p->depts[p->n_depts++] = f->depts->ids[i];
	} else {
		return false;
	}
	p->waiting = f->waiting;
	for (int st = CONV_OPEN; st <= CONV_RESOLVED; st++) {
		if (f->status_mask && !(f->status_mask & (1u << st)))
			continue;
		if (p->waiting && st != CONV_OPEN) /* waiting means open */
			continue;
		p->statuses[p->n_statuses++] = st;
	}
	if (f->unread < 0) {
		p->unread[p->n_unread++] = 0;
		p->unread[p->n_unread++] = 1;
	} else {
		p->unread[p->n_unread++] = f->unread ? 1 : 0;
	}
	p->assignee = f->assignee;
	if (f->text && *f->text) {
		p->needle = f->text;
		p->text = e164_valid(f->text) ? TEXT_PHONE : TEXT_SCAN;
	}
	return p->n_statuses > 0;
}

static void plan_free(struct plan *p)
{
	free(p->depts);
	p->depts = NULL;
}

/* ---- the generic WHERE clause -------------------------------------------------------- */

struct bound {
	const char *text; /* NULL: num */
	int64_t num;
};

struct where {
	struct buf sql;
	struct bound *v;
	int n;
};

static void where_add(struct where *w, const char *text, int64_t num)
{
	w->v = xrealloc(w->v, (size_t)(w->n + 1) * sizeof *w->v);
	w->v[w->n].text = text;
	w->v[w->n].num = num;
	w->n++;
}

/* Parameters are numbered in the order they are added. */
static void where_make(const struct plan *p, struct where *w)
{
	memset(w, 0, sizeof *w);
	buf_init(&w->sql);
	buf_puts(&w->sql, "department_id IN (");
	for (size_t i = 0; i < p->n_depts; i++) {
		buf_puts(&w->sql, i ? ", ?" : "?");
		where_add(w, p->depts[i], 0);
	}
	buf_puts(&w->sql, ") AND status IN (");
	for (size_t i = 0; i < p->n_statuses; i++) {
		buf_puts(&w->sql, i ? ", ?" : "?");
		where_add(w, NULL, p->statuses[i]);
	}
	buf_puts(&w->sql, ") AND unread IN (");
	for (size_t i = 0; i < p->n_unread; i++) {
		buf_puts(&w->sql, i ? ", ?" : "?");
		where_add(w, NULL, p->unread[i]);
	}
	buf_puts(&w->sql, ")");
	if (p->assignee) {
		buf_puts(&w->sql, " AND assignee_id = ?");
		where_add(w, p->assignee, 0);
	}
	if (p->waiting) {
		buf_puts(&w->sql, " AND wait_key < ?");
		where_add(w, NULL, WAIT_KEY_SPLIT);
	}
	if (p->text == TEXT_PHONE) {
		buf_puts(&w->sql, " AND phone_blind = ?");
		where_add(w, p->blind, 0);
	}
}

static void where_bind(const struct where *w, sqlite3_stmt *q)
{
	for (int i = 0; i < w->n; i++) {
		if (w->v[i].text)
			sqlite3_bind_text(q, i + 1, w->v[i].text, -1, SQLITE_STATIC);
		else
			sqlite3_bind_int64(q, i + 1, w->v[i].num);
	}
}

static void where_free(struct where *w)
{
	buf_free(&w->sql);
	free(w->v);
	w->v = NULL;
}

/* Prepares "SELECT <cols> FROM conversations WHERE <filter> <tail>" with the
 * filter's values bound; extra parameters follow at w->n + 1. */
static sqlite3_stmt *where_prepare(struct store *s, const struct where *w, const char *cols,
				   const char *tail)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "SELECT %s FROM conversations WHERE %s %s", cols, w->sql.data,
		   tail ? tail : "");
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(s->db, b.data, -1, &q, NULL) != SQLITE_OK) {
		log_error("store: conversation query: %s", sqlite3_errmsg(s->db));
		q = NULL;
	} else {
		where_bind(w, q);
	}
	buf_free(&b);
	return q;
}

/* ---- text search ----------------------------------------------------------------------- */

static void wipe_free(char *p)
{
	if (p) {
		sodium_memzero(p, strlen(p));
		free(p);
	}
}

/* Digits of s into out (at most n - 1); returns how many. */
static size_t digits_of(const char *s, char *out, size_t n)
{
	size_t k = 0;
	for (; *s && k + 1 < n; s++)
		if (*s >= '0' && *s <= '9')
			out[k++] = *s;
	out[k] = '\0';
	return k;
}

/* A needle like "555 0123" or "(555) 012" searches phone digits. */
static bool needle_is_phoneish(const char *t)
{
	size_t digits = 0;
	for (; *t; t++) {
		if (*t >= '0' && *t <= '9')
			digits++;
		else if (!strchr(" -().+", *t))
			return false;
	}
	return digits >= 3;
}

static bool text_hit(const char *hay, const char *needle)
{
	return hay && strcasestr(hay, needle) != NULL;
}

/* Decrypts the row's name, phone and preview (columns 2-4) and looks for
 * the needle, ASCII case-insensitively. Plaintexts are wiped. */
static bool conv_fields_match(struct store *s, sqlite3_stmt *row, const char *needle,
			      enum store_rc *rc)
{
	char id[ID_LEN];
	store_col_id(row, 0, id);
	char *name = NULL, *phone = NULL, *preview = NULL;
	bool hit = false;
	if ((*rc = store_col_open(s, row, 2, "conversation.patient_name", id, &name)) != STORE_OK ||
	    (*rc = store_col_open(s, row, 3, "conversation.patient_phone", id, &phone)) !=
		    STORE_OK ||
	    (*rc = store_col_open(s, row, 4, "conversation.last_preview", id, &preview)) !=
		    STORE_OK)
		goto out;
	hit = text_hit(name, needle) || text_hit(phone, needle) || text_hit(preview, needle);
	if (!hit && phone && needle_is_phoneish(needle)) {
		char a[32], b[32];
		hit = digits_of(needle, a, sizeof a) && digits_of(phone, b, sizeof b) &&
		      strstr(b, a);
	}
out:
	wipe_free(name);
	wipe_free(phone);
	wipe_free(preview);
	return hit && *rc == STORE_OK;
}

/* Whether one conversation's messages contain the needle. */
static bool conv_messages_match(struct store *s, const char *conv_id, const char *needle,
				enum store_rc *rc)
{
	sqlite3_stmt *q = store_stmt(
		s, STMT_CONV_TEXT_MESSAGES,
		"SELECT id, body FROM messages WHERE conversation_id = ? ORDER BY seq DESC");
	if (!q) {
		*rc = STORE_ERROR;
		return false;
	}
	sqlite3_bind_text(q, 1, conv_id, -1, SQLITE_STATIC);
	bool hit = false;
	int r;
	while (!hit && (r = sqlite3_step(q)) == SQLITE_ROW) {
		char mid[ID_LEN], *body = NULL;
		store_col_id(q, 0, mid);
		if ((*rc = store_col_open(s, q, 1, "message.body", mid, &body)) != STORE_OK)
			break;
		hit = text_hit(body, needle);
		wipe_free(body);
	}
	sqlite3_reset(q);
	return hit && *rc == STORE_OK;
}

static int id_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Conversations (any department; the caller's filter narrows them) with a
 * message containing the needle, sorted for bsearch. One sequential pass
 * over the messages table beats a lookup per conversation. */
static enum store_rc message_hits(struct store *s, const char *needle, char (**out)[ID_LEN],
				  size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *q = store_stmt(s, STMT_TEXT_ALL_MESSAGES,
				     "SELECT conversation_id, id, body FROM messages");
	if (!q)
		return STORE_ERROR;
	size_t cap = 0;
	enum store_rc rc = STORE_OK;
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		const char *conv = (const char *)sqlite3_column_text(q, 0);
		if (*n && strcmp((*out)[*n - 1], conv) == 0)
			continue; /* this conversation already matched */
		char mid[ID_LEN], *body = NULL;
		store_col_id(q, 1, mid);
		if ((rc = store_col_open(s, q, 2, "message.body", mid, &body)) != STORE_OK)
			break;
		bool hit = text_hit(body, needle);
		wipe_free(body);
		if (!hit)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*out = xrealloc(*out, cap * ID_LEN);
		}
		snprintf((*out)[(*n)++], ID_LEN, "%s", conv);
	}
	if (rc == STORE_OK && r != SQLITE_DONE)
		rc = store_rc_of(s, sqlite3_extended_errcode(s->db));
	sqlite3_reset(q);
	if (*n)
		qsort(*out, *n, ID_LEN, id_cmp);
	return rc;
}

struct keyed {
	int64_t key;
	char id[ID_LEN];
};

static int keyed_cmp_asc(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int keyed_cmp_desc(const void *a, const void *b)
{
	return keyed_cmp_asc(b, a);
}

/* Tests the text against every filtered row, then sorts the matches (not
 * the rows: SQLite would sort the sealed blobs along). Counts the matches
 * into *total and collects those at [position, position + limit); with
 * stop_at set, puts that row's index in *index instead. */
static enum store_rc text_scan(struct store *s, const struct plan *p, int64_t position,
			       int64_t limit, struct id_list *ids, int64_t *total,
			       const char *stop_at, int64_t *index)
{
	char(*hits)[ID_LEN] = NULL;
	size_t n_hits = 0;
	enum store_rc rc = message_hits(s, p->needle, &hits, &n_hits);
	if (rc != STORE_OK) {
		free(hits);
		return rc;
	}
	struct where w;
	where_make(p, &w);
	char cols[96];
	snprintf(cols, sizeof cols, "id, %s, patient_name, patient_phone, last_preview",
		 sort_column(p->sort));
	sqlite3_stmt *q = where_prepare(s, &w, cols, NULL);
	where_free(&w);
	if (!q) {
		free(hits);
		return STORE_ERROR;
	}
	struct keyed *m = NULL;
	size_t n = 0, cap = 0;
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(q, 0);
		bool hit = n_hits && bsearch(id, hits, n_hits, ID_LEN, id_cmp);
		if (!hit && !conv_fields_match(s, q, p->needle, &rc)) {
			if (rc != STORE_OK)
				break;
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			m = xrealloc(m, cap * sizeof *m);
		}
		snprintf(m[n].id, ID_LEN, "%s", id);
		m[n].key = sqlite3_column_int64(q, 1);
		n++;
	}
	if (rc == STORE_OK && r != SQLITE_DONE)
		rc = store_rc_of(s, sqlite3_extended_errcode(s->db));
	sqlite3_finalize(q);
	free(hits);
	if (rc == STORE_OK) {
		if (n)
			qsort(m, n, sizeof *m, p->ascending ? keyed_cmp_asc : keyed_cmp_desc);
		if (total)
			*total = (int64_t)n;
		if (stop_at) {
			rc = STORE_NOT_FOUND;
			for (size_t i = 0; i < n; i++) {
				if (strcmp(m[i].id, stop_at) == 0) {
					*index = (int64_t)i;
					rc = STORE_OK;
					break;
				}
			}
		}
		for (int64_t i = position; ids && i < (int64_t)n && i - position < limit; i++)
			id_list_add(ids, m[i].id);
	}
	free(m);
	return rc;
}

/* ---- index-ordered slices ------------------------------------------------------------------ */

/* One (department, status, unread[, assignee]) slice in sort order: the
 * index's equality columns are all fixed, so SQLite walks it in order and
 * stops after LIMIT rows (INDEXED BY makes a different plan an error). */
static sqlite3_stmt *slice_stmt(struct store *s, const struct plan *p)
{
	static const char *const index_names[2][3] = {
		{ "conv_a_wait", "conv_a_act", "conv_a_created" },
		{ "conv_b_wait", "conv_b_act", "conv_b_created" },
	};
	int fam = p->assignee ? 1 : 0;
	int sort = p->sort == SORT_ACTIVITY ? 1 : p->sort == SORT_CREATED ? 2 : 0;
	int slot = (fam * 3 + sort) * 2 + (p->ascending ? 0 : 1);
	const char *key = sort_column(p->sort), *dir = p->ascending ? "ASC" : "DESC";
	char sql[640];
	snprintf(sql, sizeof sql,
		 "SELECT id, %s FROM conversations INDEXED BY %s WHERE department_id = ?1 AND "
		 "status = ?2 AND unread = ?3 AND %s AND wait_key <= ?5 ORDER BY %s %s, id %s "
		 "LIMIT ?6 OFFSET ?7",
		 key, index_names[fam][sort], fam ? "assignee_id = ?4" : "?4 IS NULL", key, dir,
		 dir);
	return store_stmt(s, (enum stmt_id)(STMT_CONV_SLICE_FIRST + slot), sql);
}

/* Reads one slice (up to limit rows from offset) onto *rows. */
static enum store_rc slice_read(struct store *s, const struct plan *p, const char *dept, int status,
				int unread, int64_t offset, int64_t limit, struct keyed **rows,
				size_t *n, size_t *cap)
{
	sqlite3_stmt *q = slice_stmt(s, p);
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_text(q, 1, dept, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 2, status);
	sqlite3_bind_int(q, 3, unread);
	if (p->assignee)
		sqlite3_bind_text(q, 4, p->assignee, -1, SQLITE_STATIC);
	/* Waiting is a range of wait_key: the sort key of conv_*_wait, and a
	 * covered trailing column of the other indexes. */
	sqlite3_bind_int64(q, 5, p->waiting ? WAIT_KEY_SPLIT - 1 : INT64_MAX);
	sqlite3_bind_int64(q, 6, limit);
	sqlite3_bind_int64(q, 7, offset);
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			*rows = xrealloc(*rows, *cap * sizeof **rows);
		}
		store_col_id(q, 0, (*rows)[*n].id);
		(*rows)[*n].key = sqlite3_column_int64(q, 1);
		(*n)++;
	}
	enum store_rc rc = r == SQLITE_DONE ? STORE_OK :
					      store_rc_of(s, sqlite3_extended_errcode(s->db));
	sqlite3_reset(q);
	return rc;
}

/* The page [position, position + limit) by merging the ordered slices.
 * Each slice contributes at most position + limit rows, so the first page
 * costs O(slices x limit) index steps whatever the table size. */
static enum store_rc slices_page(struct store *s, const struct plan *p, int64_t position,
				 int64_t limit, struct id_list *ids)
{
	size_t k = p->n_depts * p->n_statuses * p->n_unread;
	struct keyed *rows = NULL;
	size_t n = 0, cap = 0;
	enum store_rc rc = STORE_OK;
	for (size_t d = 0; rc == STORE_OK && d < p->n_depts; d++)
		for (size_t i = 0; rc == STORE_OK && i < p->n_statuses; i++)
			for (size_t u = 0; rc == STORE_OK && u < p->n_unread; u++)
				rc = k == 1 ? slice_read(s, p, p->depts[d], p->statuses[i],
							 p->unread[u], position, limit, &rows, &n,
							 &cap) :
					      slice_read(s, p, p->depts[d], p->statuses[i],
							 p->unread[u], 0, position + limit, &rows,
							 &n, &cap);
	if (rc == STORE_OK) {
		size_t from = 0;
		if (k > 1) {
			qsort(rows, n, sizeof *rows, p->ascending ? keyed_cmp_asc : keyed_cmp_desc);
			from = (size_t)position;
		}
		for (size_t i = from; i < n && (int64_t)(i - from) < limit; i++)
			id_list_add(ids, rows[i].id);
	}
	free(rows);
	return rc;
}

static enum store_rc count_where(struct store *s, const struct where *w, const char *extra,
				 int64_t k1, const char *k2, int64_t *out)
{
	sqlite3_stmt *q = where_prepare(s, w, "COUNT(*)", extra);
	if (!q)
		return STORE_ERROR;
	if (extra) {
		sqlite3_bind_int64(q, w->n + 1, k1);
		sqlite3_bind_text(q, w->n + 2, k2, -1, SQLITE_STATIC);
	}
	enum store_rc rc = STORE_OK;
	if (sqlite3_step(q) == SQLITE_ROW)
		*out = sqlite3_column_int64(q, 0);
	else
		rc = store_rc_of(s, sqlite3_extended_errcode(s->db));
	sqlite3_finalize(q);
	return rc;
}

/* ---- the public calls ----------------------------------------------------------------------- */

enum store_rc store_conversation_query(struct store *s, const struct conv_filter *f,
				       enum conv_sort sort, bool ascending, int64_t position,
				       int64_t limit, struct id_list *ids, int64_t *total)
{
	*total = 0;
	if (position < 0)
		position = 0;
	if (limit < 0)
		limit = 0;
	if (position > MAX_WINDOW)
		position = MAX_WINDOW;
	if (limit > MAX_WINDOW)
		limit = MAX_WINDOW;
	struct plan p;
	enum store_rc rc = STORE_OK;
	if (!plan_make(f, sort, ascending, &p))
		goto out;
	if (p.text == TEXT_SCAN) {
		rc = text_scan(s, &p, position, limit, ids, total, NULL, NULL);
		goto out;
	}
	if (p.text == TEXT_PHONE)
		crypto_blind_phone(s->keys, p.needle, p.blind);
	struct where w;
	where_make(&p, &w);
	rc = count_where(s, &w, NULL, 0, NULL, total);
	if (rc == STORE_OK && limit > 0 && position < *total) {
		if (p.text == TEXT_PHONE) {
			/* At most one row per department: sorting them is trivial. */
			char tail[160];
			const char *dir = ascending ? "ASC" : "DESC";
			snprintf(tail, sizeof tail, "ORDER BY %s %s, id %s LIMIT ? OFFSET ?",
				 sort_column(sort), dir, dir);
			sqlite3_stmt *q = where_prepare(s, &w, "id", tail);
			if (!q) {
				rc = STORE_ERROR;
			} else {
				sqlite3_bind_int64(q, w.n + 1, limit);
				sqlite3_bind_int64(q, w.n + 2, position);
				int r;
				while ((r = sqlite3_step(q)) == SQLITE_ROW)
					id_list_add(ids, (const char *)sqlite3_column_text(q, 0));
				if (r != SQLITE_DONE)
					rc = store_rc_of(s, sqlite3_extended_errcode(s->db));
				sqlite3_finalize(q);
			}
		} else {
			rc = slices_page(s, &p, position, limit, ids);
		}
	}
	where_free(&w);
out:
	plan_free(&p);
	return rc;
}

bool store_conversation_matches(struct store *s, const struct conv_filter *f, const char *id)
{
	struct plan p = { 0 };
	bool hit = false;
	if (!id || !plan_make(f, SORT_WAITING, true, &p))
		goto out;
	if (p.text == TEXT_PHONE)
		crypto_blind_phone(s->keys, p.needle, p.blind);
	struct where w;
	where_make(&p, &w);
	sqlite3_stmt *q = where_prepare(s, &w, "id, 0, patient_name, patient_phone, last_preview",
					"AND id = ?");
	if (q) {
		sqlite3_bind_text(q, w.n + 1, id, -1, SQLITE_STATIC);
		enum store_rc rc = STORE_OK;
		if (sqlite3_step(q) == SQLITE_ROW)
			hit = p.text != TEXT_SCAN || conv_fields_match(s, q, p.needle, &rc) ||
			      (rc == STORE_OK && conv_messages_match(s, id, p.needle, &rc));
		sqlite3_finalize(q);
	}
	where_free(&w);
out:
	plan_free(&p);
	return hit;
}

enum store_rc store_conversation_index(struct store *s, const struct conv_filter *f,
				       enum conv_sort sort, bool ascending, const char *id,
				       int64_t *index)
{
	*index = 0;
	if (!store_conversation_matches(s, f, id))
		return STORE_NOT_FOUND;
	struct plan p;
	enum store_rc rc = STORE_NOT_FOUND;
	if (!plan_make(f, sort, ascending, &p))
		goto out;
	if (p.text == TEXT_SCAN) {
		rc = text_scan(s, &p, 0, 0, NULL, NULL, id, index);
		goto out;
	}
	if (p.text == TEXT_PHONE)
		crypto_blind_phone(s->keys, p.needle, p.blind);
	/* The row's own key, then a count of the rows before it. */
	const char *col = sort_column(sort);
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT %s FROM conversations WHERE id = ?", col);
	sqlite3_stmt *q = NULL;
	int64_t key = 0;
	rc = STORE_NOT_FOUND;
	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) == SQLITE_OK) {
		sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW) {
			key = sqlite3_column_int64(q, 0);
			rc = STORE_OK;
		}
	} else {
		rc = store_rc_of(s, sqlite3_extended_errcode(s->db));
	}
	sqlite3_finalize(q);
	if (rc != STORE_OK)
		goto out;
	struct where w;
	where_make(&p, &w);
	char extra[192];
	if (ascending)
		snprintf(extra, sizeof extra, "AND %s <= ?%d AND (%s < ?%d OR id < ?%d)", col,
			 w.n + 1, col, w.n + 1, w.n + 2);
	else
		snprintf(extra, sizeof extra, "AND %s >= ?%d AND (%s > ?%d OR id > ?%d)", col,
			 w.n + 1, col, w.n + 1, w.n + 2);
	rc = count_where(s, &w, extra, key, id, index);
	where_free(&w);
out:
	plan_free(&p);
	return rc;
}
