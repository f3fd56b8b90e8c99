/* editor: the compose box's text model. Edits keep the buffer valid UTF-8
 * and the cursor on a cluster boundary; layout wraps by display width.
 * Bytes the buffer stops using are zeroed (drafts are PHI). */
#include "tui/editor.h"

#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "tui/text.h"

static void wipe(void *p, size_t n)
{
	if (p && n)
		sodium_memzero(p, n);
}

void editor_init(struct editor *ed)
{
	memset(ed, 0, sizeof *ed);
}

void editor_free(struct editor *ed)
{
	size_t max = ed->max_bytes;
	bool single = ed->single_line;

	wipe(ed->buf, ed->cap);
	free(ed->buf);
	free(ed->rows);
	memset(ed, 0, sizeof *ed);
	ed->max_bytes = max;
	ed->single_line = single;
}

void editor_set_limit(struct editor *ed, size_t max_bytes)
{
	ed->max_bytes = max_bytes;
}

void editor_set_single_line(struct editor *ed, bool single_line)
{
	ed->single_line = single_line;
}

/* Room for extra more bytes. Grows by copying and zeroing the old block
 * rather than realloc(), which could leave a copy of the draft behind. */
static void reserve(struct editor *ed, size_t extra)
{
	if (extra > SIZE_MAX / 2 - ed->len)
		die_oom();
	if (ed->len + extra + 1 <= ed->cap)
		return;
	size_t cap = ed->cap ? ed->cap : 64;
	while (cap < ed->len + extra + 1)
		cap *= 2;
	char *nb = xmalloc(cap);
	if (ed->buf) {
		memcpy(nb, ed->buf, ed->len + 1);
		wipe(ed->buf, ed->cap);
		free(ed->buf);
	} else {
		nb[0] = '\0';
	}
	ed->buf = nb;
	ed->cap = cap;
}

static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

/* Cleans s[0..len) for the buffer (see editor_insert()) into dst, or only
 * counts when dst is NULL, stopping before more than room bytes; returns
 * the bytes and sets *cut when input was left over. */
static size_t sanitize(const char *s, size_t len, bool single, char *dst, size_t room, bool *cut)
{
	size_t i = 0, o = 0;

	*cut = false;
	while (i < len) {
		uint32_t cp;
		bool ok;
		char enc[4];

		i += text_utf8_decode(s + i, len - i, &cp, &ok);
		if (!ok) {
			cp = 0xfffd;
		} else if (cp == '\r') {
			if (i < len && s[i] == '\n')
				i++;
			cp = '\n';
		} else if (cp == 0x2028 || cp == 0x2029) {
			cp = '\n';
		} else if (cp == '\t') {
			cp = ' ';
		}
		if (cp == '\n' && single)
			cp = ' ';
		if (cp != '\n' && is_control(cp))
			continue;
		size_t m = text_utf8_encode(cp, enc);
		if (m > room - o) {
			*cut = true;
			break;
		}
		if (dst)
			memcpy(dst + o, enc, m);
		o += m;
	}
	return o;
}

/* The cursor back (or forward) to a cluster boundary after an edit joined
 * or split clusters around it. */
static void snap_back(struct editor *ed)
{
	if (ed->cursor < ed->len)
		ed->cursor = text_cluster_start(ed->buf, ed->len, ed->cursor);
}

static void snap_forward(struct editor *ed)
{
	if (ed->cursor >= ed->len)
		return;
	size_t c = text_cluster_start(ed->buf, ed->len, ed->cursor);
	if (c != ed->cursor) {
		int w;
		ed->cursor = text_cluster_next(ed->buf, ed->len, c, &w);
	}
}

bool editor_insert(struct editor *ed, const char *s, size_t len)
{
	size_t room = SIZE_MAX;
	bool cut;

	ed->has_goal = false;
	if (ed->max_bytes)
		room = ed->max_bytes > ed->len ? ed->max_bytes - ed->len : 0;
	size_t n = sanitize(s, len, ed->single_line, NULL, room, &cut);
	if (n == 0)
		return !cut;
	reserve(ed, n);
	memmove(ed->buf + ed->cursor + n, ed->buf + ed->cursor, ed->len - ed->cursor + 1);
	bool cut2;
	sanitize(s, len, ed->single_line, ed->buf + ed->cursor, n, &cut2);
	ed->len += n;
	ed->cursor += n;
	snap_forward(ed);
	return !cut;
}

bool editor_newline(struct editor *ed)
{
	if (ed->single_line)
		return false;
	return editor_insert(ed, "\n", 1);
}

void editor_clear(struct editor *ed)
{
	wipe(ed->buf, ed->cap);
	ed->len = 0;
	ed->cursor = 0;
	ed->has_goal = false;
}

bool editor_set_text(struct editor *ed, const char *s, size_t len)
{
	editor_clear(ed);
	return editor_insert(ed, s, len);
}

const char *editor_text(const struct editor *ed, size_t *len)
{
	if (len)
		*len = ed->len;
	return ed->buf ? ed->buf : "";
}

size_t editor_len(const struct editor *ed)
{
	return ed->len;
}

size_t editor_cursor(const struct editor *ed)
{
	return ed->cursor;
}

void editor_set_cursor(struct editor *ed, size_t off)
{
	ed->has_goal = false;
	ed->cursor = off >= ed->len ? ed->len : text_cluster_start(ed->buf, ed->len, off);
}

/* Removes [a, b), zeroes the bytes freed at the end, cursor at a. */
static void delete_range(struct editor *ed, size_t a, size_t b)
{
	memmove(ed->buf + a, ed->buf + b, ed->len - b + 1);
	ed->len -= b - a;
	wipe(ed->buf + ed->len + 1, b - a);
	ed->cursor = a;
	ed->has_goal = false;
	snap_back(ed);
}

bool editor_left(struct editor *ed)
{
	ed->has_goal = false;
	if (ed->cursor == 0)
		return false;
	ed->cursor = text_cluster_prev(ed->buf, ed->len, ed->cursor);
	return true;
}

bool editor_right(struct editor *ed)
{
	int w;
	ed->has_goal = false;
	if (ed->cursor >= ed->len)
		return false;
	ed->cursor = text_cluster_next(ed->buf, ed->len, ed->cursor, &w);
	return true;
}

static bool space_at(const struct editor *ed, size_t pos)
{
	uint32_t cp;
	text_utf8_decode(ed->buf + pos, ed->len - pos, &cp, NULL);
	return text_is_space_cp(cp);
}

static size_t word_left_pos(const struct editor *ed)
{
	size_t p = ed->cursor, q;
	while (p > 0 && space_at(ed, q = text_cluster_prev(ed->buf, ed->len, p)))
		p = q;
	while (p > 0 && !space_at(ed, q = text_cluster_prev(ed->buf, ed->len, p)))
		p = q;
	return p;
}

bool editor_word_left(struct editor *ed)
{
	size_t p = word_left_pos(ed);
	ed->has_goal = false;
	if (p == ed->cursor)
		return false;
	ed->cursor = p;
	return true;
}

bool editor_word_right(struct editor *ed)
{
	size_t p = ed->cursor;
	int w;

	ed->has_goal = false;
	while (p < ed->len && space_at(ed, p))
		p = text_cluster_next(ed->buf, ed->len, p, &w);
	while (p < ed->len && !space_at(ed, p))
		p = text_cluster_next(ed->buf, ed->len, p, &w);
	if (p == ed->cursor)
		return false;
	ed->cursor = p;
	return true;
}

static size_t line_start_pos(const struct editor *ed)
{
	size_t p = ed->cursor;
	while (p > 0 && ed->buf[p - 1] != '\n')
		p--;
	return p;
}

static size_t line_end_pos(const struct editor *ed)
{
	if (ed->cursor >= ed->len)
		return ed->len;
	const char *nl = memchr(ed->buf + ed->cursor, '\n', ed->len - ed->cursor);
	return nl ? (size_t)(nl - ed->buf) : ed->len;
}

bool editor_line_start(struct editor *ed)
{
	size_t p = line_start_pos(ed);
	ed->has_goal = false;
	if (p == ed->cursor)
		return false;
	ed->cursor = p;
	return true;
}

bool editor_line_end(struct editor *ed)
{
	size_t p = line_end_pos(ed);
	ed->has_goal = false;
	if (p == ed->cursor)
		return false;
	ed->cursor = p;
	return true;
}

static bool move_vertical(struct editor *ed, int width, bool down)
{
	const struct editor_layout *lay = editor_layout(ed, width);
	int goal = ed->has_goal ? ed->goal_col : lay->cursor_col;
	size_t r = lay->cursor_row;

	if (!down && r == 0)
		return false;
	if (down && r + 1 >= lay->nrows)
		return false;
	const struct editor_row *row = &lay->rows[down ? r + 1 : r - 1];
	size_t pos = row->start;
	int col = 0;
	while (pos < row->end) {
		int w;
		size_t n = text_cluster_next(ed->buf, row->end, pos, &w);
		/* A soft row's end is the next row's start: not a place here. */
		if (col + w > goal || (n == row->end && row->soft))
			break;
		pos = n;
		col += w;
	}
	ed->cursor = pos;
	ed->has_goal = true;
	ed->goal_col = goal;
	return true;
}

bool editor_up(struct editor *ed, int width)
{
	return move_vertical(ed, width, false);
}

bool editor_down(struct editor *ed, int width)
{
	return move_vertical(ed, width, true);
}

bool editor_backspace(struct editor *ed)
{
	ed->has_goal = false;
	if (ed->cursor == 0)
		return false;
	delete_range(ed, text_cluster_prev(ed->buf, ed->len, ed->cursor), ed->cursor);
	return true;
}

bool editor_delete(struct editor *ed)
{
	int w;
	ed->has_goal = false;
	if (ed->cursor >= ed->len)
		return false;
	delete_range(ed, ed->cursor, text_cluster_next(ed->buf, ed->len, ed->cursor, &w));
	return true;
}

bool editor_delete_word_back(struct editor *ed)
{
	size_t p = word_left_pos(ed);
	ed->has_goal = false;
	if (p == ed->cursor)
		return false;
	delete_range(ed, p, ed->cursor);
	return true;
}

bool editor_kill_line(struct editor *ed)
{
	size_t e = line_end_pos(ed);
	ed->has_goal = false;
	if (e == ed->cursor) {
		if (e >= ed->len)
			return false;
		e++; /* at the end of a line: join the next one */
	}
	delete_range(ed, ed->cursor, e);
	return true;
}

static void row_push(struct editor *ed, size_t *n, size_t start, size_t end, int width, bool soft)
{
	if (*n == ed->rows_cap) {
		ed->rows_cap = ed->rows_cap ? ed->rows_cap * 2 : 16;
		ed->rows = xrealloc(ed->rows, ed->rows_cap * sizeof *ed->rows);
	}
	ed->rows[*n] =
		(struct editor_row){ .start = start, .end = end, .width = width, .soft = soft };
	(*n)++;
}

static bool break_at(const char *s, size_t len, size_t pos)
{
	uint32_t cp;
	text_utf8_decode(s + pos, len - pos, &cp, NULL);
	return text_is_break_cp(cp);
}

/* Rows of the logical line s[ls..le), appended to ed->rows. */
static void layout_line(struct editor *ed, size_t *n, const char *s, size_t ls, size_t le,
			int width)
{
	size_t p = ls;

	for (;;) {
		size_t q = p, brk = p;
		int col = 0, brk_col = 0;
		bool wrapped = false, ink = false;
		while (q < le) {
			int w;
			size_t next = text_cluster_next(s, le, q, &w);
			if (col + w > width) {
				/* After the last space that fit, else before this
				 * cluster, else (wider than the row) after it. */
				size_t end = next;
				int end_col = w;
				if (brk > p) {
					end = brk;
					end_col = brk_col;
				} else if (q > p) {
					end = q;
					end_col = col;
				}
				row_push(ed, n, p, end, end_col, true);
				p = end;
				wrapped = true;
				break;
			}
			col += w;
			/* Break after a space, but never leave a row of only
			 * spaces. */
			if (!break_at(s, le, q)) {
				ink = true;
			} else if (ink) {
				brk = next;
				brk_col = col;
			}
			q = next;
		}
		if (wrapped)
			continue;
		row_push(ed, n, p, le, col, col >= width);
		if (col >= width) /* full: the end of the line needs a cell */
			row_push(ed, n, le, le, 0, false);
		return;
	}
}

const struct editor_layout *editor_layout(struct editor *ed, int width)
{
	const char *s = ed->buf ? ed->buf : "";
	size_t n = 0, ls = 0, c = ed->cursor;

	if (width < 1)
		width = 1;
	for (;;) {
		const char *nl = ls < ed->len ? memchr(s + ls, '\n', ed->len - ls) : NULL;
		size_t le = nl ? (size_t)(nl - s) : ed->len;
		layout_line(ed, &n, s, ls, le, width);
		if (!nl)
			break;
		ls = le + 1;
	}

	size_t r = 0;
	while (r + 1 < n && !(c < ed->rows[r].end || (c == ed->rows[r].end && !ed->rows[r].soft)))
		r++;
	int col = 0;
	for (size_t p = ed->rows[r].start; p < c;) {
		int w;
		p = text_cluster_next(s, ed->len, p, &w);
		col += w;
	}
	ed->layout = (struct editor_layout){
		.rows = ed->rows,
		.nrows = n,
		.cursor_row = r,
		.cursor_col = col,
		.width = width,
	};
	return &ed->layout;
}
