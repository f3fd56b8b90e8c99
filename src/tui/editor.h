/* editor: the text model behind the compose box and every input field: a
 * UTF-8 buffer, a cursor between clusters, edits and the wrapped layout the
 * view draws. No curses. Bytes it stops using are zeroed (drafts are PHI). */
#ifndef CURTAIN_EDITOR_H
#define CURTAIN_EDITOR_H

#include <stdbool.h>
#include <stddef.h>

/* One visual row: bytes [start, end) of the text, width columns. A soft row
 * is continued by the next row (wrapped); a hard one ends its logical line
 * (the newline after it, if any, is not in [start, end)). */
struct editor_row {
	size_t start, end;
	int width;
	bool soft;
};

struct editor_layout {
	const struct editor_row *rows;
	size_t nrows; /* at least 1 */
	size_t cursor_row;
	int cursor_col; /* 0 <= cursor_col < width */
	int width;
};

/* All fields are private; an all-zero struct editor is a valid empty,
 * unlimited, multi-line editor, and so is one after editor_init(). */
struct editor {
	char *buf; /* NUL-terminated when not NULL */
	size_t len, cap;
	size_t cursor;
	size_t max_bytes; /* 0: no limit */
	bool single_line;
	bool has_goal;
	int goal_col;
	struct editor_row *rows;
	size_t rows_cap;
	struct editor_layout layout;
};

void editor_init(struct editor *ed);
/* Zeroes and frees the buffer; the editor is empty and usable again, with
 * its limit and single-line setting kept. */
void editor_free(struct editor *ed);

/* At most max_bytes of text (0: no limit); longer text is cut at a code
 * point when inserted. Does not cut text already there. */
void editor_set_limit(struct editor *ed, size_t max_bytes);
/* Single-line fields (search, sign-in, prompts): newlines are inserted as
 * spaces and editor_newline() does nothing. */
void editor_set_single_line(struct editor *ed, bool single_line);

/* Inserts s[0..len) at the cursor and moves the cursor after it. Ill-formed
 * UTF-8 bytes become U+FFFD; CR LF, CR, U+2028 and U+2029 become a newline;
 * a tab becomes a space; other controls (C0, DEL, C1) are dropped. Returns
 * false when the limit cut the text. */
bool editor_insert(struct editor *ed, const char *s, size_t len);
/* editor_insert() of "\n"; false in single-line mode or at the limit. */
bool editor_newline(struct editor *ed);
/* Replaces the whole text (zeroing the old), cursor at the end. */
bool editor_set_text(struct editor *ed, const char *s, size_t len);
/* Zeroes the text; the allocation is kept for the next draft. */
void editor_clear(struct editor *ed);

/* The text, NUL-terminated (never NULL), and its length (len may be
 * NULL). Valid until the next call that changes the text. */
const char *editor_text(const struct editor *ed, size_t *len);
size_t editor_len(const struct editor *ed);
size_t editor_cursor(const struct editor *ed);
/* Moves the cursor to byte offset off, or to the start of the cluster that
 * contains it. */
void editor_set_cursor(struct editor *ed, size_t off);

/* Motions return false when the cursor could not move. Words are runs of
 * non-space; word_right stops at the end of the next word, word_left at the
 * start of the previous one. Line start/end are those of the logical line
 * (between newlines). */
bool editor_left(struct editor *ed);
bool editor_right(struct editor *ed);
bool editor_word_left(struct editor *ed);
bool editor_word_right(struct editor *ed);
bool editor_line_start(struct editor *ed);
bool editor_line_end(struct editor *ed);
/* Moves one visual row up or down in the layout for width columns, to the
 * column nearest the goal column (the cursor's column when the vertical
 * moves began) without passing it. False on the first/last row. */
bool editor_up(struct editor *ed, int width);
bool editor_down(struct editor *ed, int width);

/* Deletions return false when nothing was deleted. backspace and delete
 * remove one cluster; delete_word_back removes the spaces before the
 * cursor and the word before them (Ctrl-W); kill_line removes up to the
 * end of the logical line, or the newline when already there (Ctrl-K).
 * Nothing is kept: there is no kill ring to leak a draft from. */
bool editor_backspace(struct editor *ed);
bool editor_delete(struct editor *ed);
bool editor_delete_word_back(struct editor *ed);
bool editor_kill_line(struct editor *ed);

/* Wraps the text into rows of at most width columns (a cluster wider than
 * the row gets a row of its own): at newlines, after spaces when a word
 * would not fit, inside a word wider than the row, never inside a cluster.
 * A logical line that fills its last row exactly is followed by an empty
 * row, so every cursor position has a cell of its own and cursor_col <
 * width. Draw row r as text_fitn(text + start, end - start, ...). The
 * result is owned by the editor and valid until the next call on it. */
const struct editor_layout *editor_layout(struct editor *ed, int width);

#endif
