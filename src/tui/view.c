/* view: draws the app's state with curses — sign-in, the inbox (department
 * sidebar, queue, thread with compose box), pickers, dialogs, help and the
 * lock screen. Work is O(rows on screen): the queue draws only its visible
 * rows and the thread wraps only the newest messages that fit. Nothing here
 * changes state but the queue's scroll position and what the frame records
 * for the mouse and the cursor; no patient detail ever goes to the terminal
 * title.
 *
 * Accessible mode (config "accessible", --accessible) is for terminal
 * screen readers (Orca on a terminal, fenrir, speakup). They speak what the
 * terminal writes and read the line the cursor is on when it moves, and
 * little else; so in that mode:
 *  - the cursor is always shown and sits on what is selected: the queue
 *    row, the newest message in view in the thread, the picker's choice,
 *    the question of a dialog, the insertion point of a text field, and
 *    right after [, ] or a filter key the department or filter row;
 *  - whatever a glyph or a colour says is said in words ("unread", "opted
 *    out", "delivered", which words a "too detailed" warning is about), and
 *    the decorative glyphs go;
 *  - nothing changes by itself: the lock screen's clock has no seconds and
 *    status text does not time out;
 *  - every status message is an announcement, written once as plain text on
 *    the last line (written out again even when the words repeat, so it is
 *    heard again), with the cursor waiting at its end until the next key.
 *    Readers that follow the cursor read that line; readers that speak new
 *    output speak it as it is written; either way the next key takes the
 *    cursor back to the selection, which is then read. (A bell says
 *    nothing, and readers do not speak the terminal title, which must not
 *    carry patient detail anyway.) */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/i18n.h"
#include "common/util.h"
#include "proto/sms.h"
#include "tui/app.h"
#include "tui/attach.h"
#include "tui/fuzzy.h"
#include "tui/text.h"

#define SIDEBAR_W 28
#define SIDEBAR_NARROW_W 20
#define LIST_MIN_W 44
#define WIDE_MIN 110

/* Pane geometry, shared with app.c's editor wrapping. */
static int sidebar_width(const struct app *a)
{
	return a->cols >= 60 ? (a->cols < WIDE_MIN ? SIDEBAR_NARROW_W : SIDEBAR_W) : 0;
}

static int list_width(const struct app *a)
{
	int rest = a->cols - sidebar_width(a);
	if (a->cols < WIDE_MIN)
		return rest;
	int w = rest * 45 / 100;
	return w < LIST_MIN_W ? LIST_MIN_W : w;
}

int view_thread_width(const struct app *a)
{
	bool thread_only = a->cols < WIDE_MIN;
	return thread_only ? a->cols : a->cols - sidebar_width(a) - list_width(a);
}

static attr_t A(const struct app *a, enum theme_element e)
{
	return a->attrs[e];
}

/* Writes text at (y, x) fitted to width display columns, padding with the
 * attribute's background so a row is painted whole. */
static void put(const struct app *a, int y, int x, int width, const char *s, attr_t attr)
{
	if (width <= 0 || y < 0 || y >= a->rows)
		return;
	char buf[1024];
	int w = text_fit(s ? s : "", width, buf, sizeof buf, true);
	attrset(attr);
	mvaddstr(y, x, buf);
	for (int i = w; i < width; i++)
		addch(' ');
	attrset(A_NORMAL);
}

static void fill(const struct app *a, int y, int x, int h, int w, attr_t attr)
{
	for (int r = 0; r < h; r++)
		put(a, y + r, x, w, "", attr);
}

static bool acc(const struct app *a)
{
	return a->cfg.accessible;
}

static const char *glyph(const struct app *a, const char *utf8, const char *ascii)
{
	return a->utf8 ? utf8 : ascii;
}

/* Between the parts of a title or a header: a dot, or a comma that a
 * screen reader reads as a pause. */
static const char *sep(const struct app *a)
{
	return acc(a) ? ", " : a->utf8 ? " · " : " - ";
}

/* Where the cursor goes this frame; the last call wins, and overlays are
 * drawn last. field: a text field, where the cursor shows in every mode. */
static void cursor_at(struct app *a, int y, int x, bool field)
{
	a->cur_y = y;
	a->cur_x = x < a->cols ? x : a->cols - 1;
	a->cur_field = field;
}

static const char *role_label(enum role r)
{
	switch (r) {
	case ROLE_AGENT: return _("agent");
	case ROLE_SUPERVISOR: return _("supervisor");
	case ROLE_ADMIN: return _("admin");
	}
	return "";
}

/* Draws bytes [start, end) of s at (y, x) in at most width columns, the
 * clusters that overlap a finding of r in hl and the rest in base. Clusters
 * and widths are those of text_fitn(), so a row of the editor's layout lands
 * on exactly the cells the layout gave it (UTF-8, wide characters, ASCII
 * mode). Findings are ordered by start: one pass over the row. */
static void put_spans(const struct app *a, int y, int x, int width, const char *s, size_t start,
		      size_t end, const phi_result *r, attr_t base, attr_t hl)
{
	if (width <= 0 || y < 0 || y >= a->rows)
		return;
	size_t f = 0, pos = start;
	int col = 0;
	while (pos < end && col < width) {
		/* A run of clusters that are all inside, or all outside, findings. */
		size_t run = pos;
		int run_w = 0;
		bool in = false, first = true;
		while (run < end) {
			int cw;
			size_t next = text_cluster_next(s, end, run, &cw);
			while (r && f < r->n && r->f[f].end <= run)
				f++;
			bool hit = r && f < r->n && r->f[f].start < next && r->f[f].end > run;
			if (first)
				in = hit;
			else if (hit != in)
				break;
			first = false;
			run = next;
			run_w += cw;
		}
		char buf[1024];
		text_fitn(s + pos, run - pos, width - col, buf, sizeof buf, false);
		attrset(in ? hl : base);
		mvaddstr(y, x + col, buf);
		attrset(A_NORMAL);
		/* The layout's columns, even if buf had to cut a very long run. */
		col += run_w;
		pos = run;
	}
}

static void patient_label(const struct conversation *c, char *out, size_t n)
{
	if (c->patient_name && *c->patient_name)
		snprintf(out, n, "%s", c->patient_name);
	else
		text_phone_pretty(c->patient_phone ? c->patient_phone : "", out, n);
}

static const char *status_label(enum conv_status s)
{
	switch (s) {
	case CONV_OPEN: return _("open");
	case CONV_PENDING: return _("pending");
	case CONV_SNOOZED: return _("snoozed");
	case CONV_RESOLVED: return _("resolved");
	}
	return "";
}

static const char *filter_label(int f)
{
	switch (f) {
	case FILTER_MINE: return _("Mine");
	case FILTER_UNASSIGNED: return _("Unassigned");
	case FILTER_PENDING: return _("Pending");
	case FILTER_SNOOZED: return _("Snoozed");
	case FILTER_RESOLVED: return _("Resolved");
	default: return _("All open");
	}
}

/* ---- title and status bars ------------------------------------------------------------ */

static void draw_title(struct app *a)
{
	char line[512];
	const struct cdept *cd = cstore_department(a->st, a->dept_id);
	const char *dept = cd ? cd->d.name : "";
	if (a->screen == SCREEN_INBOX)
		snprintf(line, sizeof line, " Curtain%s%s%s%s (%s)%s%s%s%s", sep(a),
			 a->sess.practice_name, sep(a), a->sess.display_name, role_label(a->sess.role),
			 sep(a), dept, sep(a), filter_label(a->filter));
	else
		snprintf(line, sizeof line, " Curtain");
	put(a, 0, 0, a->cols, line, A(a, THEME_TITLE));
}

/* Returns the column after the status text (where the cursor waits on an
 * announcement). */
static int draw_status(struct app *a)
{
	int y = a->rows - 1;
	char right[128] = "";
	if (a->screen == SCREEN_INBOX) {
		size_t pending = outbox_count(a->outbox);
		char out[48] = "";
		if (pending)
			snprintf(out, sizeof out,
				 ngettext("%zu sending", "%zu sending", pending), pending);
		snprintf(right, sizeof right, "%s %s%s ", out,
			 acc(a) ? "" : a->stream_up ? glyph(a, "●", "*") : glyph(a, "○", "o"),
			 a->stream_up ? _("live") : _("reconnecting"));
	}
	int rw = (int)text_width(right, strlen(right));
	char said[320];
	const char *left = a->status[0]		  ? a->status
			   : a->screen == SCREEN_INBOX ? _("? help  q quit")
						       : "";
	if (acc(a) && a->status[0] && a->status_error) {
		/* An error is said to be one, not only shown in red. */
		snprintf(said, sizeof said, _("Error: %s"), a->status);
		left = said;
	}
	put(a, y, 0, a->cols - rw, left,
	    a->status[0] && a->status_error ? A(a, THEME_STATUS_ERROR) : A(a, THEME_STATUS_BAR));
	if (rw && a->cols > rw)
		put(a, y, a->cols - rw, rw, right,
		    a->stream_up ? A(a, THEME_STATUS_OK) : A(a, THEME_STATUS_ERROR));
	if (acc(a) && a->acc_redraw_status) {
		/* Sent to the terminal again even if the same words are there. */
		wredrawln(stdscr, y, 1);
		a->acc_redraw_status = false;
	}
	int w = (int)text_width(left, strlen(left));
	return w < a->cols - rw ? w : a->cols - rw - 1;
}

/* ---- sidebar --------------------------------------------------------------------------------- */

/* A sidebar row for the mouse. */
static void side_hit(struct app *a, int y, enum hit_side kind, int filter, const char *dept)
{
	int i = y - a->hits.side_y;
	if (i < 0 || i >= HIT_SIDE_ROWS)
		return;
	a->hits.side[i].kind = kind;
	a->hits.side[i].filter = filter;
	snprintf(a->hits.side[i].dept, ID_LEN, "%s", dept ? dept : "");
}

static void draw_sidebar(struct app *a, int y0, int x, int h, int w)
{
	fill(a, y0, x, h, w, A(a, THEME_SIDEBAR));
	a->hits.side_x = x;
	a->hits.side_w = w;
	a->hits.side_y = y0;
	put(a, y0, x, w, _(" Departments"), A(a, THEME_SIDEBAR) | A_BOLD);
	/* Wide: waiting, unassigned and open counts; narrow: waiting only. */
	bool all3 = w >= 26;
	int name_w = w - 1 - (all3 ? 15 : 5);
	char head[96];
	/* TRANSLATORS: column heads of the department sidebar: waiting, unassigned, open.
	   Keep each within 4 columns. */
	snprintf(head, sizeof head, "%*s%s", 1 + name_w, "", all3 ? _(" wait  new open") : _(" wait"));
	/* In accessible mode each row says its counts in words instead. */
	if (!acc(a))
		put(a, y0 + 1, x, w, head, A(a, THEME_SIDEBAR_COUNT));
	int y = y0 + 2;
	for (size_t i = 0; i < cstore_department_count(a->st) && y < y0 + h; i++) {
		const struct cdept *d = cstore_department_at(a->st, i);
		if (!d->has_counts)
			continue;
		bool sel = !strcmp(d->d.id, a->dept_id);
		char name[96], line[256];
		int nw = text_fit(d->d.name, name_w, name, sizeof name, true);
		if (acc(a)) {
			/* Words, not columns: "Billing: 3 waiting, 2 new, 5 open",
			 * the counts a reader would otherwise have to match to
			 * the heads; the last two only when they fit. */
			char more[96];
			snprintf(line, sizeof line,
				 ngettext("%s: %lld waiting", "%s: %lld waiting",
					  (unsigned long)d->counts.waiting),
				 d->d.name, (long long)d->counts.waiting);
			/* TRANSLATORS: follows "Billing: 3 waiting" in the sidebar in
			   accessible mode: unassigned and open conversations. */
			snprintf(more, sizeof more, _(", %lld new, %lld open"),
				 (long long)d->counts.unassigned, (long long)d->counts.open);
			if (text_width(line, strlen(line)) + text_width(more, strlen(more)) <= (size_t)w - 1)
				snprintf(line + strlen(line), sizeof line - strlen(line), "%s", more);
			memmove(line + 1, line, strlen(line) + 1);
			line[0] = ' ';
		} else if (all3) {
			snprintf(line, sizeof line, "%s%s%*s %4lld %4lld %4lld", sel ? glyph(a, "▶", ">") : " ",
				 name, name_w - nw, "", (long long)d->counts.waiting,
				 (long long)d->counts.unassigned, (long long)d->counts.open);
		} else {
			snprintf(line, sizeof line, "%s%s%*s %4lld", sel ? glyph(a, "▶", ">") : " ", name,
				 name_w - nw, "", (long long)d->counts.waiting);
		}
		if (acc(a) && sel)
			line[0] = '>';
		side_hit(a, y, HIT_DEPT, 0, d->d.id);
		if (sel && a->acc_side == HIT_DEPT)
			cursor_at(a, y, x, false);
		put(a, y++, x, w, line, sel ? A(a, THEME_SIDEBAR_SELECTED) : A(a, THEME_SIDEBAR));
	}
	y++;
	if (y < y0 + h)
		put(a, y++, x, w, _(" Filter"), A(a, THEME_SIDEBAR) | A_BOLD);
	static const int filters[] = { FILTER_ALL, FILTER_MINE, FILTER_UNASSIGNED, FILTER_PENDING,
				       FILTER_SNOOZED, FILTER_RESOLVED };
	for (size_t i = 0; i < sizeof filters / sizeof filters[0] && y < y0 + h; i++) {
		char line[96];
		bool on = (int)a->filter == filters[i];
		snprintf(line, sizeof line, "%s%s",
			 on ? (acc(a) ? ">" : glyph(a, "▶", ">")) : " ", filter_label(filters[i]));
		side_hit(a, y, HIT_FILTER, filters[i], NULL);
		if (on && a->acc_side == HIT_FILTER)
			cursor_at(a, y, x, false);
		put(a, y++, x, w, line, on ? A(a, THEME_SIDEBAR_SELECTED) : A(a, THEME_SIDEBAR));
	}
	if (y + 1 < y0 + h) {
		char line[96];
		snprintf(line, sizeof line, " %s %s", _("Sort:"),
			 a->cfg.sort == CONFIG_SORT_WAITING ? _("waiting") : _("activity"));
		side_hit(a, y + 1, HIT_SORT, 0, NULL);
		if (a->acc_side == HIT_SORT)
			cursor_at(a, y + 1, x, false);
		put(a, y + 1, x, w, line, A(a, THEME_SIDEBAR));
	}
}

/* ---- the queue ----------------------------------------------------------------------------------- */

static void draw_list(struct app *a, int y0, int x, int h, int w)
{
	fill(a, y0, x, h, w, A(a, THEME_INBOX_ROW));
	size_t loaded = cstore_queue_loaded(a->st);
	char head[160];
	long long total = (long long)cstore_queue_total(a->st);
	if (a->sync && sync_loading(a->sync))
		snprintf(head, sizeof head, " %s", _("Loading…"));
	else if (sync_queue(a->sync) && sync_queue(a->sync)->text[0])
		/* TRANSLATORS: the queue's head during a search; %s is what was typed. */
		snprintf(head, sizeof head,
			 ngettext(" %lld conversation matching %s", " %lld conversations matching %s",
				  (unsigned long)total),
			 total, sync_queue(a->sync)->text);
	else
		snprintf(head, sizeof head,
			 ngettext(" %lld conversation", " %lld conversations", (unsigned long)total),
			 total);
	put(a, y0, x, w, head, A(a, THEME_INBOX_ROW) | A_BOLD);
	int rows = h - 1;
	a->hits.list_x = x;
	a->hits.list_w = w;
	a->hits.list_y = y0 + 1;
	a->hits.list_rows = rows > 0 ? rows : 0;
	if (rows <= 0)
		return;
	/* Keep the selection on screen; only visible rows are drawn. */
	if (a->row_sel < a->row_top)
		a->row_top = a->row_sel;
	if (a->row_sel >= a->row_top + (size_t)rows)
		a->row_top = a->row_sel - (size_t)rows + 1;
	int64_t now = now_ms();
	for (int r = 0; r < rows; r++) {
		size_t i = a->row_top + (size_t)r;
		if (i >= loaded)
			break;
		const struct conversation *c = cstore_conversation(a->st, cstore_queue_id(a->st, i));
		if (!c)
			continue;
		bool sel = i == a->row_sel;
		bool mine = c->assignee_id[0] && !strcmp(c->assignee_id, a->sess.staff_id);
		attr_t at = sel ? A(a, THEME_INBOX_SELECTED)
			    : c->unread ? A(a, THEME_INBOX_UNREAD)
			    : mine	  ? A(a, THEME_INBOX_MINE)
					  : A(a, THEME_INBOX_ROW);
		char who[96], wait[16] = "", assignee[40] = "", line[512];
		patient_label(c, who, sizeof who);
		if (c->waiting_since && c->status == CONV_OPEN)
			text_reltime(now, c->waiting_since, wait, sizeof wait);
		if (mine)
			snprintf(assignee, sizeof assignee, "%s", _("me"));
		else if (c->assignee_id[0]) {
			const struct staff *s = cstore_staff(a->st, c->assignee_id);
			snprintf(assignee, sizeof assignee, "%s", s ? s->display_name : "?");
		}
		char whofit[96], asgfit[40];
		text_fit(who, 18, whofit, sizeof whofit, true);
		text_fit(assignee, 8, asgfit, sizeof asgfit, true);
		if (acc(a)) {
			/* Words for what the glyphs, columns and colours say, in
			 * the order a reader needs them: "unread, opted out,
			 * María González, waiting 45m, assigned to you, pending:". */
			size_t off = 0;
			line[0] = '\0';
#define ACC_PART(...)                                                                     \
	do {                                                                              \
		if (off < sizeof line)                                                    \
			off += (size_t)snprintf(line + off, sizeof line - off, __VA_ARGS__); \
	} while (0)
			if (c->unread)
				ACC_PART("%s, ", _("unread"));
			if (c->consent == CONSENT_OPTED_OUT)
				ACC_PART("%s, ", _("opted out"));
			ACC_PART("%s", who);
			if (wait[0])
				/* TRANSLATORS: accessible mode, in a queue row; %s is a
				   waiting time such as "45m". */
				ACC_PART(_(", waiting %s"), wait);
			if (mine)
				/* TRANSLATORS: accessible mode, in a queue row. */
				ACC_PART("%s", _(", assigned to you"));
			else if (assignee[0])
				/* TRANSLATORS: accessible mode, in a queue row; %s is
				   a colleague's name. */
				ACC_PART(_(", assigned to %s"), assignee);
			if (c->status != CONV_OPEN)
				ACC_PART(", %s", status_label(c->status));
			ACC_PART(": ");
#undef ACC_PART
		} else {
			/* Unread and waiting differ by glyph too, never by colour alone. */
			snprintf(line, sizeof line, "%s%s %-*s %4s %-*s %s%s",
				 c->unread ? glyph(a, "●", "*") : " ",
				 c->consent == CONSENT_OPTED_OUT ? glyph(a, "⊘", "x") : " ",
				 18 + (int)(strlen(whofit) - text_width(whofit, strlen(whofit))), whofit,
				 wait, 8 + (int)(strlen(asgfit) - text_width(asgfit, strlen(asgfit))),
				 asgfit, c->status != CONV_OPEN ? status_label(c->status) : "",
				 c->status != CONV_OPEN ? " " : "");
		}
		char full[1024];
		snprintf(full, sizeof full, "%s%s", line, c->last_preview ? c->last_preview : "");
		/* One line: previews never wrap. */
		for (char *p = full; *p; p++)
			if (*p == '\n' || *p == '\r' || *p == '\t')
				*p = ' ';
		put(a, y0 + 1 + r, x, w, full, at);
		if (sel && (a->focus == FOCUS_LIST || a->focus == FOCUS_SIDEBAR) &&
		    a->acc_side == HIT_NONE)
			cursor_at(a, y0 + 1 + r, x, false);
	}
	if (loaded == 0 && !(a->sync && sync_loading(a->sync))) {
		put(a, y0 + 2, x, w, _("  Nothing here. New texts appear as they arrive."),
		    A(a, THEME_INBOX_ROW));
		if ((a->focus == FOCUS_LIST || a->focus == FOCUS_SIDEBAR) && a->acc_side == HIT_NONE)
			cursor_at(a, y0 + 2, x + 2, false);
	}
}

/* ---- the thread ------------------------------------------------------------------------------------ */

struct tline {
	char *text;
	attr_t attr;
	int indent;
	bool start; /* the first line of a message or note */
};

struct tlines {
	struct tline *v;
	size_t n, cap;
};

static void tl_add(struct tlines *t, const char *s, size_t len, attr_t attr, int indent)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->v = xrealloc(t->v, t->cap * sizeof *t->v);
	}
	t->v[t->n].text = xstrndup(s, len);
	t->v[t->n].attr = attr;
	t->v[t->n].indent = indent;
	t->v[t->n].start = false;
	t->n++;
}

struct wrap_ctx {
	struct tlines *out;
	attr_t attr;
};

static void on_wrap(const char *line, size_t len, int width, void *ctx)
{
	struct wrap_ctx *w = ctx;
	tl_add(w->out, line, len, w->attr, 3);
}

/* Wrapped lines as byte ranges of the text, for drawing with put_spans(). */
struct spans {
	const char *base;
	struct { size_t start, end; } *v;
	size_t n, cap;
};

static void on_wrap_span(const char *line, size_t len, int width, void *ctx)
{
	struct spans *sp = ctx;
	if (sp->n == sp->cap) {
		sp->cap = sp->cap ? sp->cap * 2 : 16;
		sp->v = xrealloc(sp->v, sp->cap * sizeof *sp->v);
	}
	sp->v[sp->n].start = (size_t)(line - sp->base);
	sp->v[sp->n].end = (size_t)(line - sp->base) + len;
	sp->n++;
}

static const char *delivery_label(const struct app *a, const struct message *m)
{
	switch (m->delivery) {
	case DELIV_PENDING: return _("sending");
	case DELIV_SENT: return _("sent");
	case DELIV_DELIVERED: return a->utf8 && !acc(a) ? _("delivered ✓") : _("delivered");
	case DELIV_FAILED: return _("failed");
	default: return "";
	}
}

/* Lines for one thread item, in display order, appended to out. */
static void item_lines(struct app *a, const struct citem *it, int width, struct tlines *out)
{
	char meta[256], when[48];
	int64_t now = now_ms();
	if (it->is_note) {
		const struct staff *s = cstore_staff(a->st, it->n->author_id);
		text_clock(now, it->n->created_at, when, sizeof when);
		if (acc(a))
			/* TRANSLATORS: accessible mode: thread line for an internal
			   note: author, time. */
			snprintf(meta, sizeof meta, _("Internal note by %s, %s, never sent"),
				 s ? s->display_name : "?", when);
		else
			/* TRANSLATORS: thread line for an internal note: author, time. */
			snprintf(meta, sizeof meta, _("[note] %s %s %s (internal, never sent)"),
				 s ? s->display_name : "?", glyph(a, "·", "-"), when);
		tl_add(out, meta, strlen(meta), A(a, THEME_THREAD_NOTE) | A_BOLD, 0);
		out->v[out->n - 1].start = true;
		struct wrap_ctx w = { out, A(a, THEME_THREAD_NOTE) };
		text_wrap(it->n->body, strlen(it->n->body), width - 3, on_wrap, &w);
		return;
	}
	const struct message *m = it->m;
	text_clock(now, m->created_at, when, sizeof when);
	enum theme_element el = m->direction == MSG_IN	   ? THEME_THREAD_INBOUND
				: m->direction == MSG_OUT  ? THEME_THREAD_OUTBOUND
							   : THEME_THREAD_SYSTEM;
	/* Who: an arrow for the direction, or in accessible mode only the
	 * words (the arrows say nothing the words do not). */
	const char *arrow = m->direction == MSG_IN    ? glyph(a, "◀ ", "< ")
			    : m->direction == MSG_OUT ? glyph(a, "▶ ", "> ")
						      : glyph(a, "■ ", "# ");
	if (acc(a))
		arrow = "";
	if (m->direction == MSG_IN) {
		snprintf(meta, sizeof meta, "%s%s%s%s", arrow, _("Patient"), sep(a), when);
	} else if (m->direction == MSG_OUT) {
		const struct staff *s = cstore_staff(a->st, m->author_id);
		snprintf(meta, sizeof meta, "%s%s%s%s%s%s", arrow, s ? s->display_name : _("Staff"),
			 sep(a), when, sep(a), delivery_label(a, m));
		if (m->delivery == DELIV_FAILED)
			el = THEME_THREAD_FAILED;
		else if (m->delivery == DELIV_PENDING)
			el = THEME_THREAD_PENDING;
	} else {
		snprintf(meta, sizeof meta, "%s%s%s%s", arrow, _("Automatic reply"), sep(a), when);
	}
	if (m->delivery == DELIV_FAILED && m->delivery_error)
		snprintf(meta + strlen(meta), sizeof meta - strlen(meta), " (%s)", m->delivery_error);
	tl_add(out, meta, strlen(meta), A(a, THEME_THREAD_META), 0);
	out->v[out->n - 1].start = true;
	struct wrap_ctx w = { out, A(a, el) };
	text_wrap(m->body, strlen(m->body), width - 3, on_wrap, &w);
	/* One line per attachment, what it is or why it is not there. */
	for (size_t i = 0; i < m->n_attachments; i++) {
		char line[256];
		bool bad;
		attach_label(a, &m->attachments[i], i + 1, line, sizeof line, &bad);
		tl_add(out, line, strlen(line),
		       A(a, bad ? THEME_THREAD_ATTACHMENT_REJECTED : THEME_THREAD_ATTACHMENT), 3);
	}
}

static void tl_free(struct tlines *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].text);
	free(t->v);
	memset(t, 0, sizeof *t);
}

/* A message over at most max_rows rows of width w. */
static void put_wrapped(struct app *a, int y, int x, int w, int max_rows, const char *msg, attr_t attr)
{
	struct tlines tl = { 0 };
	struct wrap_ctx wc = { &tl, attr };
	text_wrap(msg, strlen(msg), w, on_wrap, &wc);
	for (size_t i = 0; i < tl.n && (int)i < max_rows; i++)
		put(a, y + (int)i, x, w, tl.v[i].text, attr);
	tl_free(&tl);
}

/* "⚠ Too detailed for SMS: medication, lab value": the reasons when they
 * fit in width columns, else the (fewer, shorter) categories. A glyph as
 * well as the colour, never colour alone. */
static void nag_line(const struct app *a, const phi_result *r, const char *text, size_t len,
		     int width, char *out, size_t n)
{
	char what[256];
	if (acc(a) && text) {
		/* The highlight is not read out: say which words, each with its
		 * reason ("medication “metformin”, lab value “7.8”"). */
		size_t off = 0;
		what[0] = '\0';
		for (size_t i = 0; r && i < r->n && i < 6 && off + 1 < sizeof what; i++) {
			const phi_finding *f = &r->f[i];
			const char *reason = phi_reason_text(f->reason);
			char word[96];
			if (f->start < f->end && f->end <= len)
				text_fitn(text + f->start, f->end - f->start, 24, word, sizeof word, true);
			else
				word[0] = '\0';
			/* TRANSLATORS: accessible mode: one finding under the compose
			   box: the reason ("medication") and the words of the draft. */
			int k = snprintf(what + off, sizeof what - off, _("%s%s “%s”"), off ? ", " : "",
					 reason ? _(reason) : "?", word);
			if (k < 0)
				break;
			off += (size_t)k;
		}
		/* TRANSLATORS: accessible mode, under the compose box: %s lists
		   what was found, as 'medication “metformin”'. */
		snprintf(out, n, _("Too detailed for SMS: %s"), what);
		return;
	}
	for (int by_category = 0; by_category < 2; by_category++) {
		app_phi_labels(r, by_category, what, sizeof what);
		/* TRANSLATORS: under the compose box and in the template preview; the
		   first %s is a warning sign, the second lists reasons such as
		   "medication, lab value". */
		snprintf(out, n, _("%s Too detailed for SMS: %s"), glyph(a, "⚠", "!"), what);
		if ((int)text_width(out, strlen(out)) <= width)
			break;
	}
}

static int draw_compose(struct app *a, int y_bottom, int x, int w)
{
	int cw = w - 2;
	if (cw < 10)
		cw = 10;
	const struct editor_layout *lay = editor_layout(&a->compose, cw);
	/* Findings of the "too detailed for SMS" scan (none for a note). */
	const phi_result *nag = app_compose_phi(a);
	int nag_rows = nag ? 1 : 0;
	int rows = (int)lay->nrows;
	if (rows < 2)
		rows = 2;
	if (rows > 6)
		rows = 6;
	/* The files going with the reply, one line each, above the text (a
	 * note carries none: they wait for the reply). */
	int file_rows = a->compose_note ? 0 : (int)a->n_compose_files;
	if (file_rows > 4)
		file_rows = 4;
	int top = y_bottom - nag_rows - rows; /* the counter line sits at y_bottom */
	for (int i = 0; i < file_rows; i++) {
		char line[300];
		size_t k = a->n_compose_files - (size_t)file_rows + (size_t)i; /* the newest show */
		if (i == 0 && a->n_compose_files > (size_t)file_rows)
			/* TRANSLATORS: when not every attached file fits above the reply. */
			snprintf(line, sizeof line, _("… and %zu more attached"),
				 a->n_compose_files - (size_t)file_rows + 1);
		else
			attach_file_label(a, &a->compose_files[k], line, sizeof line);
		put(a, top - file_rows + i, x, w, "", A(a, THEME_COMPOSE));
		put(a, top - file_rows + i, x + 1, w - 2, line, A(a, THEME_COMPOSE_ATTACHMENT));
	}
	size_t first = lay->cursor_row >= (size_t)rows ? lay->cursor_row - (size_t)rows + 1 : 0;
	size_t len;
	const char *text = editor_text(&a->compose, &len);
	attr_t at = A(a, THEME_COMPOSE);
	for (int r = 0; r < rows; r++) {
		size_t row = first + (size_t)r;
		put(a, top + r, x, w, "", at);
		if (row < lay->nrows) {
			/* Same widths as the layout, also in ASCII mode. */
			const struct editor_row *er = &lay->rows[row];
			size_t n = er->end - er->start;
			if (n && text[er->start + n - 1] == '\n')
				n--;
			put_spans(a, top + r, x + 1, cw, text, er->start, er->start + n, nag, at,
				  A(a, THEME_NAG_SPAN));
		}
	}
	if (nag) {
		char line[400];
		nag_line(a, nag, text, len, cw, line, sizeof line);
		put(a, y_bottom - 1, x, w, "", at);
		put(a, y_bottom - 1, x + 1, cw, line, A(a, THEME_NAG_STATUS));
	}
	/* Counter: characters, segments and encoding, live on every key. */
	struct sms_count sc;
	sms_count(text, len, &sc);
	char counter[256];
	int max = a->sess.max_segments > 0 ? a->sess.max_segments : 10;
	if (a->compose_note)
		snprintf(counter, sizeof counter, " %s", _("Internal note, never sent to the patient"));
	else
		snprintf(counter, sizeof counter,
			 ngettext(" %zu character %s %d SMS (%s)", " %zu characters %s %d SMS (%s)",
				  sc.chars),
			 sc.chars, acc(a) ? "," : glyph(a, "·", "-"), sc.segments, sc.ucs2 ? "UCS-2" : "GSM-7");
	bool over = sc.segments > max && !a->compose_note;
	if (over)
		/* Said in words as well as in the colour. */
		snprintf(counter + strlen(counter), sizeof counter - strlen(counter),
			 ngettext(" %s too long: %d SMS at most", " %s too long: %d SMS at most", max),
			 acc(a) ? "," : glyph(a, "·", "-"), max);
	attr_t cat = over ? A(a, THEME_COMPOSE_OVER) : A(a, THEME_COMPOSE_COUNTER);
	put(a, y_bottom, x, w, counter, cat);
	/* The key hint goes on the right when it fits beside the counter. */
	const char *hint = _("Enter send  Ctrl-J new line  Esc close");
	int cwid = (int)text_width(counter, strlen(counter));
	int hwid = (int)text_width(hint, strlen(hint));
	if (cwid + hwid + 2 <= w)
		put(a, y_bottom, x + w - hwid - 1, hwid, hint, A(a, THEME_COMPOSE_COUNTER));
	if (a->focus == FOCUS_COMPOSE && lay->cursor_row >= first)
		cursor_at(a, top + (int)(lay->cursor_row - first), x + 1 + lay->cursor_col, true);
	return rows + nag_rows + file_rows + 1;
}

static void draw_thread(struct app *a, int y0, int x, int h, int w)
{
	fill(a, y0, x, h, w, A(a, THEME_INBOX_ROW));
	a->hits.thread_x = x;
	a->hits.thread_w = w;
	a->hits.thread_y = y0;
	a->hits.thread_h = h;
	bool focused = a->focus == FOCUS_THREAD;
	const struct conversation *c = a->open_id[0] ? cstore_conversation(a->st, a->open_id) : NULL;
	if (!c) {
		put(a, y0 + 1, x + 1, w - 2, _("Select a conversation and press Enter."),
		    A(a, THEME_THREAD_META));
		return;
	}
	char who[128], phone[48], head[400];
	patient_label(c, who, sizeof who);
	text_phone_pretty(c->patient_phone ? c->patient_phone : "", phone, sizeof phone);
	const struct staff *as = c->assignee_id[0] ? cstore_staff(a->st, c->assignee_id) : NULL;
	char until[96] = "";
	if (c->status == CONV_SNOOZED && c->snoozed_until) {
		char when[64];
		text_datetime(now_ms(), c->snoozed_until, when, sizeof when);
		/* TRANSLATORS: after "snoozed" in the conversation's header; %s is
		   a date and time in the locale's format. */
		snprintf(until, sizeof until, _(" until %s"), when);
	}
	if (acc(a))
		snprintf(head, sizeof head, " %s, %s, %s%s, %s, %s", who, phone, status_label(c->status),
			 until, as ? as->display_name : _("unassigned"), c->language ? c->language : "");
	else
		snprintf(head, sizeof head, " %s  %s  %s %s%s %s %s %s", who, phone, glyph(a, "·", "-"),
			 status_label(c->status), until, glyph(a, "·", "-"),
			 as ? as->display_name : _("unassigned"), c->language ? c->language : "");
	put(a, y0, x, w, head, A(a, THEME_TITLE));
	int y = y0 + 1;
	if (c->consent == CONSENT_OPTED_OUT)
		put(a, y++, x, w,
		    _(" Opted out: this patient replied STOP. Texts cannot be sent; call instead."),
		    A(a, THEME_BANNER_OPTOUT));
	const struct cpresence *p = cstore_presence(a->st, c->id, a->sess.staff_id, now_ms());
	if (p) {
		char line[200];
		snprintf(line, sizeof line,
			 !strcmp(p->state, "composing") ? _(" %s is replying to this conversation")
							: _(" %s is viewing this conversation"),
			 p->display_name);
		put(a, y++, x, w, line, A(a, THEME_BANNER_PRESENCE));
	}
	int bottom = y0 + h - 1;
	int compose_rows = 0;
	if (a->focus == FOCUS_COMPOSE || editor_len(&a->compose) || a->compose_note ||
	    a->n_compose_files)
		compose_rows = draw_compose(a, bottom, x, w);
	else
		put(a, bottom, x, w, _(" Enter reply  T template  N note  c claim  r resolve  Esc back"),
		    A(a, THEME_COMPOSE_COUNTER));
	if (!compose_rows)
		compose_rows = 1;
	int avail = bottom - compose_rows + 1 - y;
	if (avail <= 0)
		return;
	const struct citem *items = NULL;
	size_t n = cstore_thread(a->st, c->id, &items);
	if (!cstore_thread_loaded(a->st, c->id) && !n) {
		put(a, y, x + 1, w - 2, _("Loading…"), A(a, THEME_THREAD_META));
		if (focused)
			cursor_at(a, y, x + 1, false);
		return;
	}
	/* Wrap only the newest items that can show. */
	struct tlines all = { 0 };
	int need = avail + a->thread_scroll;
	size_t start = n;
	size_t have = 0;
	while (start > 0 && (int)have < need) {
		start--;
		struct tlines one = { 0 };
		item_lines(a, &items[start], w - 2, &one);
		have += one.n + 1;
		tl_free(&one);
	}
	for (size_t i = start; i < n; i++) {
		item_lines(a, &items[i], w - 2, &all);
		tl_add(&all, "", 0, A_NORMAL, 0);
	}
	/* Outbox items not yet on the server show as sending. */
	for (size_t i = 0; i < outbox_count(a->outbox); i++) {
		struct outbox_item *it = outbox_at(a->outbox, i);
		if (strcmp(it->conversation_id, c->id) || it->state == OB_DONE)
			continue;
		char meta[160];
		snprintf(meta, sizeof meta, "%s%s%s%s", acc(a) ? "" : glyph(a, "▶ ", "> "),
			 a->sess.display_name, sep(a),
			 it->state == OB_FAILED ? _("not sent")
			 : it->state == OB_GUARD ? _("waiting for your decision")
						 : _("sending…"));
		tl_add(&all, meta, strlen(meta), A(a, THEME_THREAD_PENDING), 0);
		all.v[all.n - 1].start = true;
		struct wrap_ctx wc = { &all, A(a, THEME_THREAD_PENDING) };
		text_wrap(it->body, strlen(it->body), w - 5, on_wrap, &wc);
		for (size_t k = 0; k < it->n_media; k++) {
			char line[300];
			attach_file_label(a, &it->media[k].file, line, sizeof line);
			tl_add(&all, line, strlen(line), A(a, THEME_THREAD_PENDING), 3);
		}
	}
	int total = (int)all.n;
	int max_scroll = total > avail ? total - avail : 0;
	if (a->thread_scroll > max_scroll)
		a->thread_scroll = max_scroll;
	int first = total - avail - a->thread_scroll;
	if (first < 0)
		first = 0;
	/* The cursor: on the newest message whose first line is in view. */
	int cur = -1;
	for (int r = 0; r < avail && first + r < total; r++) {
		struct tline *l = &all.v[first + r];
		put(a, y + r, x + 1 + l->indent, w - 2 - l->indent, l->text, l->attr);
		if (l->start || cur < 0)
			cur = r;
	}
	if (focused && cur >= 0)
		cursor_at(a, y + cur, x + 1, false);
	tl_free(&all);
}

/* ---- overlays --------------------------------------------------------------------------------------- */

static void draw_box(struct app *a, int y, int x, int h, int w, const char *title, attr_t attr)
{
	fill(a, y, x, h, w, attr);
	attrset(attr);
	if (a->utf8) {
		mvhline(y, x, ACS_HLINE, w);
		mvhline(y + h - 1, x, ACS_HLINE, w);
	} else {
		mvhline(y, x, '-', w);
		mvhline(y + h - 1, x, '-', w);
	}
	attrset(A_NORMAL);
	if (title && *title) {
		char t[160];
		snprintf(t, sizeof t, " %s ", title);
		put(a, y, x + 2, (int)text_width(t, strlen(t)) < w - 4 ? (int)text_width(t, strlen(t)) : w - 4,
		    t, A(a, THEME_DIALOG_TITLE));
	}
}

static void draw_picker(struct app *a)
{
	struct picker *p = &a->picker;
	int w = a->cols > 90 ? 80 : a->cols - 4, h = a->rows > 20 ? a->rows - 6 : a->rows - 2;
	int y = (a->rows - h) / 2, x = (a->cols - w) / 2;
	const char *title = p->kind == PICK_TEMPLATE ? _("Templates")
			    : p->kind == PICK_STAFF  ? _("Reassign to")
			    : p->kind == PICK_DEPT   ? _("Transfer to department")
			    : p->kind == PICK_ATTACHMENT
				    ? (a->attach_purpose == ATTACH_FOR_SAVE ? _("Save which attachment?")
									    : _("Preview which attachment?"))
				    : _("Snooze until");
	draw_box(a, y, x, h, w, title, A(a, THEME_PICKER));
	size_t len;
	const char *q = editor_text(&p->query, &len);
	char line[256];
	/* TRANSLATORS: accessible mode: before the picker's filter text. */
	snprintf(line, sizeof line, "%s %s", acc(a) ? _("Filter:") : glyph(a, "🔍", ">"), q);
	put(a, y + 1, x + 1, w - 2, line, A(a, THEME_FIELD_FOCUSED));
	int list_h = p->kind == PICK_TEMPLATE ? (h - 3) / 2 : h - 3;
	size_t top = p->sel >= (size_t)list_h ? p->sel - (size_t)list_h + 1 : 0;
	a->hits.picker_x = x + 1;
	a->hits.picker_w = w - 2;
	a->hits.picker_y = y + 2;
	a->hits.picker_rows = list_h > 0 ? list_h : 0;
	a->hits.picker_top = top;
	for (int r = 0; r < list_h; r++) {
		size_t i = top + (size_t)r;
		if (i >= p->n_match)
			break;
		size_t k = p->order[i];
		/* A template that would nag: a glyph (words in accessible mode)
		 * and the nag colour. */
		bool nag = p->phi && p->phi[k].nag;
		char mark[64];
		if (acc(a))
			/* TRANSLATORS: accessible mode: marks a template that would
			   be flagged as too detailed for SMS. */
			snprintf(mark, sizeof mark, "%s", nag ? _("too detailed: ") : "");
		else
			snprintf(mark, sizeof mark, "%s%s", i == p->sel ? glyph(a, "▶ ", "> ") : "  ",
				 p->phi ? (nag ? glyph(a, "⚠ ", "! ") : "  ") : "");
		snprintf(line, sizeof line, "%s%s%s%s", mark, p->labels[k],
			 p->kind != PICK_TEMPLATE && p->details[k] ? "  " : "",
			 p->kind != PICK_TEMPLATE && p->details[k] ? p->details[k] : "");
		put(a, y + 2 + r, x + 1, w - 2, line,
		    i == p->sel ? A(a, THEME_PICKER_SELECTED)
		    : nag	? A(a, THEME_NAG_STATUS)
				: A(a, THEME_PICKER));
		if (i == p->sel && acc(a))
			cursor_at(a, y + 2 + r, x + 1, false);
	}
	if (p->kind == PICK_TEMPLATE && p->n_match) {
		/* Preview of the selected template, wrapped, with what would nag
		 * highlighted as in the compose box. */
		size_t k = p->order[p->sel];
		const char *body = p->details[k] ? p->details[k] : "";
		const phi_result *nag = p->phi && p->phi[k].nag ? &p->phi[k] : NULL;
		struct spans sp = { body, NULL, 0, 0 };
		text_wrap(body, strlen(body), w - 6, on_wrap_span, &sp);
		int py = y + 3 + list_h;
		put(a, py - 1, x + 1, w - 2, _("Preview:"), A(a, THEME_PICKER) | A_BOLD);
		if (nag) {
			int pw = (int)text_width(_("Preview:"), strlen(_("Preview:")));
			nag_line(a, nag, body, strlen(body), w - 3 - pw, line, sizeof line);
			put(a, py - 1, x + 2 + pw, w - 3 - pw, line, A(a, THEME_NAG_STATUS));
		}
		for (size_t i = 0; i < sp.n && py + (int)i < y + h - 1; i++) {
			put(a, py + (int)i, x + 2, w - 4, "", A(a, THEME_PICKER));
			put_spans(a, py + (int)i, x + 2, w - 4, body, sp.v[i].start, sp.v[i].end, nag,
				  A(a, THEME_PICKER), A(a, THEME_NAG_SPAN));
		}
		free(sp.v);
	}
	if (!p->n_match)
		put(a, y + 2, x + 2, w - 4, _("No match."), A(a, THEME_PICKER));
	/* The filter field has the cursor; in accessible mode the choice has
	 * it, unless there is none (the typed letters then are read back). */
	if (!acc(a) || !p->n_match) {
		char lead[64];
		snprintf(lead, sizeof lead, "%s ", acc(a) ? _("Filter:") : glyph(a, "🔍", ">"));
		cursor_at(a, y + 1, x + 1 + (int)text_width(lead, strlen(lead)) + (int)text_width(q, len),
			  true);
	}
}

/* The first key bound to a dialog action, for the dialog's key hints. */
static void dialog_key(const struct app *a, enum action_id act, char *out, size_t n)
{
	/* unbound: "-"; the help overlay still lists the action */
	keymap_first_key(a->keymap, act, CTX_DIALOG, "-", out, n);
}

static void draw_dialog(struct app *a)
{
	struct dialog *d = &a->dialog;
	int w = a->cols > 80 ? 72 : a->cols - 4;
	struct tlines tl = { 0 };
	struct wrap_ctx wc = { &tl, A(a, THEME_DIALOG) };
	const char *start = d->text;
	for (const char *p = d->text;; p++) {
		if (*p == '\n' || !*p) {
			if (p == start)
				tl_add(&tl, "", 0, A(a, THEME_DIALOG), 0);
			else
				text_wrap(start, (size_t)(p - start), w - 4, on_wrap, &wc);
			if (!*p)
				break;
			start = p + 1;
		}
	}
	int h = (int)tl.n + 4 + (d->kind == DLG_PROMPT ? 2 : 0);
	if (h > a->rows - 2)
		h = a->rows - 2;
	int y = (a->rows - h) / 2, x = (a->cols - w) / 2;
	draw_box(a, y, x, h, w, d->title, A(a, THEME_DIALOG));
	int r = 1;
	for (size_t i = 0; i < tl.n && r < h - 2; i++, r++)
		put(a, y + r, x + 2, w - 4, tl.v[i].text, A(a, THEME_DIALOG));
	tl_free(&tl);
	/* A question: the cursor on its first line (the title is on the box's
	 * border, which readers take for a line of dashes). */
	if (acc(a))
		cursor_at(a, y + 1, x + 2, false);
	if (d->kind == DLG_PROMPT) {
		size_t len;
		const char *t = editor_text(&d->input, &len);
		put(a, y + h - 3, x + 2, w - 4, t, A(a, THEME_FIELD_FOCUSED));
		put(a, y + h - 2, x + 2, w - 4, _("Enter accept  Esc cancel"), A(a, THEME_DIALOG));
		cursor_at(a, y + h - 3, x + 2 + (int)text_width(t, len), true);
	} else if (d->kind == DLG_NAG) {
		char k1[32], k2[32], k3[32], k4[32], foot[256];
		dialog_key(a, ACT_NAG_EDIT, k1, sizeof k1);
		dialog_key(a, ACT_NAG_SECURE, k2, sizeof k2);
		dialog_key(a, ACT_NAG_SEND_ANYWAY, k3, sizeof k3);
		dialog_key(a, ACT_NAG_CONFIRM, k4, sizeof k4);
		if (d->armed)
			/* TRANSLATORS: %s is a key name (Y by default). */
			snprintf(foot, sizeof foot, _("Send it as written? %s sends it, any other key cancels."),
				 k4);
		else
			/* TRANSLATORS: key hints; each %s is a key name (e, s, ! by default). */
			snprintf(foot, sizeof foot, _("%s edit  %s secure message instead  %s send anyway"),
				 k1, k2, k3);
		put(a, y + h - 2, x + 2, w - 4, foot,
		    d->armed ? A(a, THEME_NAG_STATUS) | A_BOLD : A(a, THEME_DIALOG));
		/* Armed, the question is the footer's ("Send it as written?"). */
		if (acc(a) && d->armed)
			cursor_at(a, y + h - 2, x + 2, false);
	} else if (d->kind == DLG_GUARD) {
		put(a, y + h - 2, x + 2, w - 4, _("y send anyway  n keep editing"), A(a, THEME_DIALOG));
	} else if (d->kind == DLG_OVERWRITE) {
		char k1[32], k2[32], hint[160];
		dialog_key(a, ACT_REPLACE_FILE, k1, sizeof k1);
		dialog_key(a, ACT_DIALOG_CANCEL, k2, sizeof k2);
		/* TRANSLATORS: key hints; each %s is a key name (r and n by default). */
		snprintf(hint, sizeof hint, _("%s replace  %s keep the file"), k1, k2);
		put(a, y + h - 2, x + 2, w - 4, hint, A(a, THEME_DIALOG));
	} else {
		put(a, y + h - 2, x + 2, w - 4, _("y yes  n no"), A(a, THEME_DIALOG));
	}
}

static void draw_help(struct app *a)
{
	enum ui_context ctx = app_context(a);
	int w = a->cols > 84 ? 80 : a->cols - 2, h = a->rows - 2;
	int y = 1, x = (a->cols - w) / 2;
	draw_box(a, y, x, h, w, _("Keys (any key closes)"), A(a, THEME_HELP));
	int r = 1;
	if (acc(a))
		cursor_at(a, y + 1, x + 2, false);
	if (a->cfg.mouse) {
		put(a, y + r++, x + 2, w - 4,
		    _("Mouse: a click selects, a second click opens or chooses; the wheel scrolls."),
		    A(a, THEME_HELP));
		r++;
	}
	enum ui_context order[2] = { ctx, CTX_GLOBAL };
	for (int k = 0; k < 2 && r < h - 1; k++) {
		if (k == 1 && ctx == CTX_GLOBAL)
			break;
		put(a, y + r++, x + 2, w - 4, ui_context_title(order[k]), A(a, THEME_HELP_HEADING));
		for (int id = ACT_FIRST; id < ACT_COUNT && r < h - 1; id++) {
			if (!action_in_context((enum action_id)id, order[k]))
				continue;
			char *keys = keymap_keys_for(a->keymap, (enum action_id)id, order[k]);
			if (!keys || !*keys) {
				free(keys);
				continue;
			}
			char line[300];
			snprintf(line, sizeof line, "%-16s %s", keys, action_help((enum action_id)id));
			put(a, y + r++, x + 2, w - 4, line, A(a, THEME_HELP));
			free(keys);
		}
		r++;
	}
}

/* ---- sign-in and lock ------------------------------------------------------------------------------- */

static void field(struct app *a, int y, int x, int w, const char *label, struct editor *ed,
		  bool secret, bool focus)
{
	put(a, y, x, 16, label, A(a, THEME_FIELD));
	size_t len;
	const char *t = editor_text(ed, &len);
	char shown[256];
	if (secret) {
		size_t n = len < sizeof shown - 1 ? len : sizeof shown - 1;
		memset(shown, '*', n);
		shown[n] = '\0';
	} else {
		snprintf(shown, sizeof shown, "%s", t);
	}
	put(a, y, x + 16, w - 16, shown, focus ? A(a, THEME_FIELD_FOCUSED) : A(a, THEME_FIELD));
	if (focus)
		cursor_at(a, y, x + 16 + (secret ? (int)(len < 255 ? len : 255) : (int)text_width(t, len)),
			  true);
}

static void draw_signin(struct app *a)
{
	int w = a->cols > 70 ? 64 : a->cols - 2, x = (a->cols - w) / 2, y = a->rows / 2 - 5;
	if (y < 2)
		y = 2;
	put(a, y, x, w, _("Sign in to Curtain"), A(a, THEME_DIALOG_TITLE));
	y += 2;
	bool busy = a->step == SIGNIN_BUSY;
	if (a->step == SIGNIN_USER || busy) {
		field(a, y, x, w, _("Server"), &a->f_server, false, !busy && a->signin_field == 0);
		field(a, y + 1, x, w, _("Username"), &a->f_user, false, !busy && a->signin_field == 1);
		field(a, y + 2, x, w, _("Password"), &a->f_pass, true, !busy && a->signin_field == 2);
	} else if (a->step == SIGNIN_CODE) {
		put(a, y, x, w, _("Enter the 6-digit code from your authenticator app."), A(a, THEME_FIELD));
		field(a, y + 2, x, w, _("Code"), &a->f_code, false, true);
	} else if (a->step == SIGNIN_PIN || a->step == SIGNIN_PIN_AGAIN) {
		put(a, y, x, w, _("Choose a PIN for this workstation (4 or more digits)."),
		    A(a, THEME_FIELD));
		field(a, y + 2, x, w, _("PIN"), &a->f_pin, true, a->step == SIGNIN_PIN);
		if (a->step == SIGNIN_PIN_AGAIN)
			field(a, y + 3, x, w, _("PIN again"), &a->f_pin2, true, true);
	}
	if (busy)
		put(a, y + 4, x, w, _("Talking to the server…"), A(a, THEME_FIELD));
	if (a->signin_error[0])
		put_wrapped(a, y + 5, x, w, 2, a->signin_error, A(a, THEME_STATUS_ERROR));
	put(a, y + 8, x, w, _("Enter continue  Tab next field  Ctrl-Q quit"), A(a, THEME_FIELD));
}

static void draw_lock(struct app *a)
{
	fill(a, 1, 0, a->rows - 2, a->cols, A(a, THEME_LOCK));
	int w = a->cols > 70 ? 60 : a->cols - 2, x = (a->cols - w) / 2, y = a->rows / 2 - 4;
	if (y < 1)
		y = 1;
	/* The locale's time and date; in accessible mode without the seconds,
	 * so nothing on screen ticks. */
	char clock[96], tf[64], df[64], fmt[160];
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	if (acc(a))
		text_time_format(tf, sizeof tf);
	else
		snprintf(tf, sizeof tf, "%%X");
	text_date_format(true, df, sizeof df);
	snprintf(fmt, sizeof fmt, "%s%s%s", tf, sep(a), df);
	if (text_strftime(clock, sizeof clock, fmt, &tm) == 0)
		clock[0] = '\0';
	put(a, y, x, w, a->sess.practice_name, A(a, THEME_LOCK) | A_BOLD);
	put(a, y + 1, x, w, clock, A(a, THEME_LOCK_CLOCK));
	char who[160];
	snprintf(who, sizeof who, _("Locked by %s."), a->sess.display_name);
	put(a, y + 3, x, w, who, A(a, THEME_LOCK));
	if (a->sync) /* locked after work, not a PIN-only start */
		put(a, y + 4, x, w, _("Drafts were discarded when the screen locked."), A(a, THEME_LOCK));
	field(a, y + 5, x, w, _("PIN"), &a->f_lockpin, true, true);
	if (a->signin_error[0])
		put_wrapped(a, y + 7, x, w, 2, a->signin_error, A(a, THEME_STATUS_ERROR));
	put(a, y + 9, x, w, _("Enter unlock  F2 switch user  Ctrl-O sign out  Ctrl-Q quit"),
	    A(a, THEME_LOCK));
}

/* ---- the frame ------------------------------------------------------------------------------------------- */

void view_draw(struct app *a)
{
	getmaxyx(stdscr, a->rows, a->cols);
	erase();
	curs_set(0);
	a->cur_y = a->cur_x = -1;
	a->cur_field = false;
	memset(&a->hits, 0, sizeof a->hits);
	if (a->rows < 10 || a->cols < 40) {
		put(a, 0, 0, a->cols, _("The terminal is too small for Curtain (40x10 at least)."),
		    A(a, THEME_STATUS_ERROR));
		if (acc(a)) {
			curs_set(1);
			move(0, 0);
		}
		refresh();
		a->dirty = 0;
		a->dirty_all = false;
		return;
	}
	draw_title(a);
	bool cursor = false;
	int status_x;
	if (a->screen == SCREEN_SIGNIN) {
		status_x = draw_status(a);
		draw_signin(a);
		cursor = a->step != SIGNIN_BUSY;
	} else if (a->screen == SCREEN_LOCK) {
		status_x = draw_status(a);
		draw_lock(a);
		cursor = true;
	} else {
		int body_y = 1, body_h = a->rows - 2;
		bool thread_only = a->cols < WIDE_MIN && a->open_id[0] &&
				   (a->focus == FOCUS_THREAD || a->focus == FOCUS_COMPOSE);
		status_x = draw_status(a);
		if (thread_only) {
			draw_thread(a, body_y, 0, body_h, a->cols);
		} else {
			int sw = sidebar_width(a);
			if (sw)
				draw_sidebar(a, body_y, 0, body_h, sw);
			int lw = list_width(a);
			draw_list(a, body_y, sw, body_h, lw);
			if (a->cols >= WIDE_MIN)
				draw_thread(a, body_y, sw + lw, body_h, a->cols - sw - lw);
		}
		cursor = a->focus == FOCUS_COMPOSE;
		if (a->picker.kind != PICK_NONE) {
			draw_picker(a);
			cursor = true;
		}
		if (a->dialog.kind != DLG_NONE) {
			draw_dialog(a);
			cursor = a->dialog.kind == DLG_PROMPT;
		}
		if (a->help)
			draw_help(a);
	}
	if (acc(a)) {
		/* A new announcement holds the cursor until the next key. */
		if (a->acc_status_cursor && a->status[0])
			cursor_at(a, a->rows - 1, status_x, false);
		cursor = a->cur_y >= 0;
	} else {
		/* Only text fields show the cursor; lists show their selection. */
		cursor = cursor && a->cur_field && a->cur_y >= 0;
	}
	if (cursor) {
		move(a->cur_y, a->cur_x);
		curs_set(1);
	}
	refresh();
	a->dirty = 0;
	a->dirty_all = false;
}
