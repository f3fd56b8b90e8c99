/* Unit tests for store_conversation_query/index/matches and the department
 * counts: a few hundred conversations with tied times, every sort in both
 * directions and the filters, each compared page by page with a reference
 * ordering computed here from the rows themselves; text search by name,
 * message text, digits and E.164; and the index-only query plans. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "common/util.h"
#include "server/crypto.h"
#include "server/store.h"
#include "unit/server/tmpstore.h"

enum { N_CONV = 360 };

struct fx {
	struct tmpstore t;
	char d[3][ID_LEN];
	char s1[ID_LEN], s2[ID_LEN];
	struct id_list visible; /* d[0], d[1]; d[2] is someone else's */
	struct conversation rows[N_CONV];
	size_t n;
};

static const struct actor nobody = { NULL, NULL, NULL };

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	tmpstore_open(&f->t, "query");
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	const char *names[3] = { "Front Desk", "Billing", "Nursing" };
	for (int i = 0; i < 3; i++) {
		struct department d = { 0 };
		d.name = strdup(names[i]);
		char num[24];
		snprintf(num, sizeof num, "+1555000000%d", i);
		d.sms_number = strdup(num);
		assert_int_equal(store_department_create(f->t.st, &nobody, &d), STORE_OK);
		memcpy(f->d[i], d.id, ID_LEN);
		department_clear(&d);
	}
	char *staff_ids[2] = { f->s1, f->s2 };
	for (int i = 0; i < 2; i++) {
		struct staff s = { 0 };
		s.username = strdup(i ? "eli" : "dana");
		s.display_name = strdup("x");
		id_list_add(&s.depts, f->d[0]);
		assert_int_equal(store_staff_create(f->t.st, &nobody, &s), STORE_OK);
		memcpy(staff_ids[i], s.id, ID_LEN);
		staff_clear(&s);
	}
	/* Deterministic variety with many ties in every sort key. */
	const char *first[] = { "Maria", "James", "Aisha", "Chen", "Olga", "Tom" };
	const char *last[] = { "Lopez", "Smith", "Okafor", "Wang", "Petrova", "Brown" };
	for (int i = 0; i < N_CONV; i++) {
		const char *bodies[3] = { "Can I get a refill?", "Sure, sent to your pharmacy.",
					  i % 17 == 0 ? "The rash is spreading zebra" :
							"Thank you!" };
		enum msg_direction dirs[3] = { MSG_IN, MSG_OUT, i % 6 < 4 ? MSG_IN : MSG_OUT };
		const char *authors[3] = { NULL, f->s1, NULL };
		int64_t t = 1000000 + (i % 11) * 60000;
		int64_t times[3] = { t, t + 1000 * (i % 4), t + 120000 * (i % 3) };
		char phone[24], name[40];
		snprintf(phone, sizeof phone, "+1555123%04d", i);
		snprintf(name, sizeof name, "%s %s", first[i % 6], last[(i / 6) % 6]);
		struct seed_conversation sc = {
			.department_id = f->d[i % 3],
			.patient_name = name,
			.patient_phone = phone,
			.status = (enum conv_status)(i % 4 == 3 ? CONV_RESOLVED :
						     i % 7 == 1 ? CONV_PENDING :
								  CONV_OPEN),
			.assignee_id = i % 5 == 0 ? f->s1 :
				       i % 5 == 1 ? f->s2 :
						    NULL,
			.created_at = t - 1000 * (i % 5),
			.n_messages = (size_t)(i % 9 == 4 ? 1 : 3),
			.bodies = bodies,
			.directions = dirs,
			.authors = authors,
			.times = times,
		};
		char id[ID_LEN];
		assert_int_equal(store_seed_conversation(f->t.st, &sc, id), STORE_OK);
	}
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	/* Some unread flags cleared and a snooze, through the normal path. */
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	struct conv_filter all = { .depts = NULL, .unread = -1 };
	struct id_list every = { 0 };
	id_list_add(&every, f->d[0]);
	id_list_add(&every, f->d[1]);
	id_list_add(&every, f->d[2]);
	all.depts = &every;
	struct id_list ids = { 0 };
	int64_t total = 0;
	assert_int_equal(store_conversation_query(f->t.st, &all, SORT_CREATED, true, 0, N_CONV, &ids,
						  &total),
			 STORE_OK);
	assert_int_equal(total, N_CONV);
	for (size_t i = 0; i < ids.n; i++) {
		struct conversation c = { 0 };
		assert_int_equal(store_conversation_get(f->t.st, ids.ids[i], &c), STORE_OK);
		if (i % 6 == 2) {
			c.unread = false;
			assert_int_equal(store_conversation_update(f->t.st, &nobody, &c, 0),
					 STORE_OK);
		} else if (i % 29 == 5 && c.status == CONV_OPEN) {
			c.status = CONV_SNOOZED;
			c.snoozed_until = now_ms() + 86400000;
			assert_int_equal(store_conversation_update(f->t.st, &nobody, &c, 0),
					 STORE_OK);
		}
		conversation_clear(&c);
	}
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	for (size_t i = 0; i < ids.n; i++)
		assert_int_equal(store_conversation_get(f->t.st, ids.ids[i], &f->rows[f->n++]),
				 STORE_OK);
	id_list_clear(&ids);
	id_list_clear(&every);
	id_list_add(&f->visible, f->d[0]);
	id_list_add(&f->visible, f->d[1]);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	for (size_t i = 0; i < f->n; i++)
		conversation_clear(&f->rows[i]);
	tmpstore_close(&f->t);
	id_list_clear(&f->visible);
	free(f);
	return 0;
}

/* ---- the reference ---------------------------------------------------------------------------- */

static bool ref_matches(const struct conversation *c, const struct conv_filter *cf)
{
	if (cf->department_id ? strcmp(c->department_id, cf->department_id) != 0 : false)
		return false;
	if (!id_list_has(cf->depts, c->department_id))
		return false;
	if (cf->status_mask && !(cf->status_mask & (1u << c->status)))
		return false;
	if (cf->assignee && strcmp(c->assignee_id, cf->assignee) != 0)
		return false;
	if (cf->unread >= 0 && c->unread != (cf->unread == 1))
		return false;
	if (cf->waiting && !(c->waiting_since > 0 && c->status == CONV_OPEN))
		return false;
	return true;
}

static enum conv_sort ref_sort;

/* Ascending: waiting first by longest wait, then the rest by latest
 * activity; ties by id. */
static int ref_cmp(const void *a, const void *b)
{
	const struct conversation *x = *(const struct conversation *const *)a;
	const struct conversation *y = *(const struct conversation *const *)b;
	int64_t kx[2], ky[2];
	if (ref_sort == SORT_WAITING) {
		kx[0] = x->waiting_since > 0 ? 0 : 1;
		ky[0] = y->waiting_since > 0 ? 0 : 1;
		kx[1] = x->waiting_since > 0 ? x->waiting_since : -x->last_activity;
		ky[1] = y->waiting_since > 0 ? y->waiting_since : -y->last_activity;
	} else {
		kx[0] = ky[0] = 0;
		kx[1] = ref_sort == SORT_ACTIVITY ? x->last_activity : x->created_at;
		ky[1] = ref_sort == SORT_ACTIVITY ? y->last_activity : y->created_at;
	}
	for (int i = 0; i < 2; i++)
		if (kx[i] != ky[i])
			return kx[i] < ky[i] ? -1 : 1;
	return strcmp(x->id, y->id);
}

static size_t ref_query(struct fx *f, const struct conv_filter *cf, enum conv_sort sort, bool asc,
			const struct conversation **out)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++)
		if (ref_matches(&f->rows[i], cf))
			out[n++] = &f->rows[i];
	ref_sort = sort;
	qsort(out, n, sizeof *out, ref_cmp);
	if (!asc)
		for (size_t i = 0; i < n / 2; i++) {
			const struct conversation *t = out[i];
			out[i] = out[n - 1 - i];
			out[n - 1 - i] = t;
		}
	return n;
}

/* Pages through the store's answer and checks it, its total and every
 * row's index against the reference. */
static void check_query(struct fx *f, const struct conv_filter *cf, enum conv_sort sort, bool asc)
{
	const struct conversation *want[N_CONV];
	size_t n = ref_query(f, cf, sort, asc, want);
	const int64_t page = 23;
	for (int64_t pos = 0; pos <= (int64_t)n; pos += page) {
		struct id_list ids = { 0 };
		int64_t total = -1;
		assert_int_equal(store_conversation_query(f->t.st, cf, sort, asc, pos, page, &ids,
							  &total),
				 STORE_OK);
		assert_int_equal(total, n);
		size_t expect = n - (size_t)pos < (size_t)page ? n - (size_t)pos : (size_t)page;
		assert_int_equal(ids.n, expect);
		for (size_t i = 0; i < ids.n; i++) {
			if (strcmp(ids.ids[i], want[pos + (int64_t)i]->id) != 0)
				fail_msg("sort %d %s: position %lld is %s, want %s", sort,
					 asc ? "asc" : "desc", (long long)(pos + (int64_t)i),
					 ids.ids[i], want[pos + (int64_t)i]->id);
		}
		id_list_clear(&ids);
	}
	for (size_t i = 0; i < n; i += 7) {
		int64_t index = -1;
		assert_int_equal(store_conversation_index(f->t.st, cf, sort, asc, want[i]->id,
							  &index),
				 STORE_OK);
		assert_int_equal(index, i);
		assert_true(store_conversation_matches(f->t.st, cf, want[i]->id));
	}
	for (size_t i = 0; i < f->n; i += 5) {
		bool in = ref_matches(&f->rows[i], cf);
		assert_int_equal(store_conversation_matches(f->t.st, cf, f->rows[i].id), in);
		int64_t index;
		if (!in)
			assert_int_equal(store_conversation_index(f->t.st, cf, sort, asc,
								  f->rows[i].id, &index),
					 STORE_NOT_FOUND);
	}
}

static void check_all_sorts(struct fx *f, const struct conv_filter *cf)
{
	for (int s = SORT_WAITING; s <= SORT_CREATED; s++) {
		check_query(f, cf, (enum conv_sort)s, true);
		check_query(f, cf, (enum conv_sort)s, false);
	}
}

/* ---- tests ----------------------------------------------------------------------------------------- */

static void unit__store__query__orders_by_waiting_activity_created(void **state)
{
	struct fx *f = *state;
	struct conv_filter cf = { .depts = &f->visible, .unread = -1 };
	check_all_sorts(f, &cf);
	/* The first rows of the waiting sort really are the longest waits. */
	const struct conversation *want[N_CONV];
	size_t n = ref_query(f, &cf, SORT_WAITING, true, want);
	assert_true(n > 100 && want[0]->waiting_since > 0 && want[n - 1]->waiting_since == 0);
}

static void unit__store__query__filters_status_department_assignee_unread_waiting(void **state)
{
	struct fx *f = *state;
	struct conv_filter cf = { .depts = &f->visible, .unread = -1 };
	cf.status_mask = (1u << CONV_OPEN) | (1u << CONV_PENDING);
	check_all_sorts(f, &cf);
	cf.department_id = f->d[1];
	check_all_sorts(f, &cf);
	cf.assignee = "";
	check_all_sorts(f, &cf);
	cf.assignee = f->s2;
	cf.department_id = NULL;
	check_all_sorts(f, &cf);
	cf.assignee = NULL;
	cf.unread = 1;
	check_all_sorts(f, &cf);
	cf.unread = 0;
	cf.status_mask = 1u << CONV_RESOLVED;
	check_all_sorts(f, &cf);
	cf.unread = -1;
	cf.status_mask = 0;
	cf.waiting = true;
	check_all_sorts(f, &cf);
	cf.status_mask = 1u << CONV_SNOOZED;
	check_query(f, &cf, SORT_WAITING, true); /* waiting means open: nothing */
	cf.waiting = false;
	check_all_sorts(f, &cf);
}

static void unit__store__query__invisible_department_is_never_listed(void **state)
{
	struct fx *f = *state;
	struct conv_filter cf = { .depts = &f->visible, .department_id = f->d[2], .unread = -1 };
	struct id_list ids = { 0 };
	int64_t total = -1;
	assert_int_equal(store_conversation_query(f->t.st, &cf, SORT_WAITING, true, 0, 50, &ids,
						  &total),
			 STORE_OK);
	assert_int_equal(total, 0);
	assert_int_equal(ids.n, 0);
	for (size_t i = 0; i < f->n; i++) {
		if (strcmp(f->rows[i].department_id, f->d[2]) == 0) {
			assert_false(store_conversation_matches(f->t.st, &cf, f->rows[i].id));
			cf.department_id = NULL;
			assert_false(store_conversation_matches(f->t.st, &cf, f->rows[i].id));
			break;
		}
	}
	struct conv_filter none = { .depts = NULL, .unread = -1 };
	assert_int_equal(store_conversation_query(f->t.st, &none, SORT_WAITING, true, 0, 50, &ids,
						  &total),
			 STORE_OK);
	assert_int_equal(total, 0);
}

static size_t text_expect(struct fx *f, const char *name_part, const char *digits, bool zebra,
			  bool visible_only)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++) {
		const struct conversation *c = &f->rows[i];
		if (visible_only && !id_list_has(&f->visible, c->department_id))
			continue;
		if ((name_part && strcasestr(c->patient_name, name_part)) ||
		    (digits && strstr(c->patient_phone, digits)))
			n++;
		else if (zebra) {
			/* Seeded: conversation i's third message has it, when it has three. */
			long k = strtol(c->patient_phone + 8, NULL, 10);
			n += k % 17 == 0 && k % 9 != 4;
		}
	}
	return n;
}

static void unit__store__query__text_search_decrypts_names_phones_and_messages(void **state)
{
	struct fx *f = *state;
	struct conv_filter cf = { .depts = &f->visible, .unread = -1 };
	struct id_list ids = { 0 };
	int64_t total = -1;
	cf.text = "okafor";
	assert_int_equal(store_conversation_query(f->t.st, &cf, SORT_ACTIVITY, false, 0, 500, &ids,
						  &total),
			 STORE_OK);
	assert_int_equal(total, text_expect(f, "Okafor", NULL, false, true));
	assert_true(total > 0);
	assert_int_equal(ids.n, total);
	for (size_t i = 0; i + 1 < ids.n; i++) {
		int64_t a, b;
		assert_int_equal(store_conversation_index(f->t.st, &cf, SORT_ACTIVITY, false,
							  ids.ids[i], &a),
				 STORE_OK);
		assert_int_equal(store_conversation_index(f->t.st, &cf, SORT_ACTIVITY, false,
							  ids.ids[i + 1], &b),
				 STORE_OK);
		assert_int_equal(a, i);
		assert_int_equal(b, i + 1);
	}
	id_list_clear(&ids);
	/* Message text, case-insensitively (only the newest message has it). */
	cf.text = "ZEBRA";
	assert_int_equal(store_conversation_query(f->t.st, &cf, SORT_WAITING, true, 0, 500, &ids,
						  &total),
			 STORE_OK);
	assert_int_equal(total, text_expect(f, NULL, NULL, true, true));
	assert_true(total > 0);
	assert_true(store_conversation_matches(f->t.st, &cf, ids.ids[0]));
	id_list_clear(&ids);
	/* Digits of a phone, with punctuation. */
	cf.text = "123-001";
	assert_int_equal(store_conversation_query(f->t.st, &cf, SORT_WAITING, true, 0, 500, &ids,
						  &total),
			 STORE_OK);
	assert_int_equal(total, text_expect(f, NULL, "123001", false, true));
	id_list_clear(&ids);
	/* A full E.164 number goes through the blind index. */
	cf.text = f->rows[4].patient_phone;
	bool visible = id_list_has(&f->visible, f->rows[4].department_id);
	assert_int_equal(store_conversation_query(f->t.st, &cf, SORT_WAITING, true, 0, 10, &ids,
						  &total),
			 STORE_OK);
	assert_int_equal(total, visible ? 1 : 0);
	if (visible)
		assert_string_equal(ids.ids[0], f->rows[4].id);
	id_list_clear(&ids);
	/* An impossible filter with a number is empty, not an error. */
	cf.waiting = true;
	cf.status_mask = 1u << CONV_SNOOZED;
	assert_int_equal(store_conversation_query(f->t.st, &cf, SORT_WAITING, true, 0, 10, &ids,
						  &total),
			 STORE_OK);
	assert_int_equal(total, 0);
	cf.waiting = false;
	cf.status_mask = 0;
	cf.text = "no such text anywhere";
	assert_int_equal(store_conversation_query(f->t.st, &cf, SORT_WAITING, true, 0, 10, &ids,
						  &total),
			 STORE_OK);
	assert_int_equal(total, 0);
	assert_false(store_conversation_matches(f->t.st, &cf, f->rows[0].id));
}

static void unit__store__department_counts__match_the_rows(void **state)
{
	struct fx *f = *state;
	for (int d = 0; d < 3; d++) {
		struct dept_counts want = { 0 }, got;
		for (size_t i = 0; i < f->n; i++) {
			const struct conversation *c = &f->rows[i];
			if (strcmp(c->department_id, f->d[d]) != 0)
				continue;
			bool open = c->status == CONV_OPEN || c->status == CONV_PENDING;
			want.open += open;
			want.unassigned += open && !c->assignee_id[0];
			want.mine += open && !strcmp(c->assignee_id, f->s2);
			want.waiting += c->status == CONV_OPEN && c->waiting_since > 0;
			want.snoozed += c->status == CONV_SNOOZED;
			want.resolved += c->status == CONV_RESOLVED;
		}
		assert_int_equal(store_department_counts(f->t.st, f->d[d], f->s2, &got), STORE_OK);
		assert_int_equal(got.open, want.open);
		assert_int_equal(got.unassigned, want.unassigned);
		assert_int_equal(got.mine, want.mine);
		assert_int_equal(got.waiting, want.waiting);
		assert_int_equal(got.snoozed, want.snoozed);
		assert_int_equal(got.resolved, want.resolved);
		assert_true(want.open > 0 && want.waiting > 0 && want.resolved > 0);
	}
	int64_t load = -1, want = 0;
	for (size_t i = 0; i < f->n; i++)
		want += !strcmp(f->rows[i].assignee_id, f->s1) &&
			(f->rows[i].status == CONV_OPEN || f->rows[i].status == CONV_PENDING);
	assert_int_equal(store_staff_open_load(f->t.st, f->s1, &load), STORE_OK);
	assert_int_equal(load, want);
}

/* The per-slice reads and the counts never fall back to a table scan or a
 * sort: each is a search of one index. */
static void unit__store__query__plans_use_indexes(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(f->t.db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	const char *sql[] = {
		"SELECT id, wait_key FROM conversations INDEXED BY conv_a_wait WHERE department_id = ?1 AND "
		"status = ?2 AND unread = ?3 AND ?4 IS NULL AND wait_key <= ?5 ORDER BY wait_key ASC, id ASC "
		"LIMIT ?6 OFFSET ?7",
		"SELECT id, last_activity FROM conversations INDEXED BY conv_b_act WHERE department_id = ?1 AND "
		"status = ?2 AND unread = ?3 AND assignee_id = ?4 AND wait_key <= ?5 ORDER BY last_activity DESC, "
		"id DESC LIMIT ?6 OFFSET ?7",
		"SELECT COUNT(*) FROM conversations WHERE department_id IN (?, ?) AND status IN (?, ?) AND "
		"unread IN (?, ?) AND wait_key < ?",
		"SELECT COUNT(*) FROM conversations WHERE assignee_id = ? AND status IN (0, 1) AND department_id = ?",
	};
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		char eqp[1024];
		snprintf(eqp, sizeof eqp, "EXPLAIN QUERY PLAN %s", sql[i]);
		sqlite3_stmt *q = NULL;
		assert_int_equal(sqlite3_prepare_v2(db, eqp, -1, &q, NULL), SQLITE_OK);
		char plan[1024] = "";
		while (sqlite3_step(q) == SQLITE_ROW) {
			strncat(plan, (const char *)sqlite3_column_text(q, 3),
				sizeof plan - strlen(plan) - 2);
			strcat(plan, ";");
		}
		sqlite3_finalize(q);
		if (!strstr(plan, "USING COVERING INDEX") || strstr(plan, "TEMP B-TREE") ||
		    strstr(plan, "SCAN"))
			fail_msg("query %zu: plan %s", i, plan);
	}
	sqlite3_close(db);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(unit__store__query__orders_by_waiting_activity_created),
		T(unit__store__query__filters_status_department_assignee_unread_waiting),
		T(unit__store__query__invisible_department_is_never_listed),
		T(unit__store__query__text_search_decrypts_names_phones_and_messages),
		T(unit__store__department_counts__match_the_rows),
		T(unit__store__query__plans_use_indexes),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
