/* Unit tests for tui/editor: edits and motions over ASCII, accents (one code
 * point or two), emoji (ZWJ sequences, flags), CJK; cleaning of pasted
 * text; limits; wrapped layout at every width with the cursor always in
 * its row; vertical moves with a goal column; zeroing of freed bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proto/sms.h"
#include "tui/editor.h"
#include "tui/text.h"

#define E_ACUTE "\xc3\xa9"	   /* é, one code point */
#define E_COMB	"e\xcc\x81"	   /* e + U+0301 */
#define GRIN	"\xf0\x9f\x98\x80" /* 😀 */
#define ZWJ	"\xe2\x80\x8d"
#define MAN	"\xf0\x9f\x91\xa8"
#define WOMAN	"\xf0\x9f\x91\xa9"
#define GIRL	"\xf0\x9f\x91\xa7"
#define FAMILY	MAN ZWJ WOMAN ZWJ GIRL
#define FLAG_US "\xf0\x9f\x87\xba\xf0\x9f\x87\xb8"
#define NI	"\xe6\x97\xa5" /* 日 */
#define HON	"\xe6\x9c\xac" /* 本 */

static int setup(void **state)
{
	struct editor *ed = calloc(1, sizeof *ed);
	editor_init(ed);
	text_ascii = false;
	*state = ed;
	return 0;
}

static int teardown(void **state)
{
	struct editor *ed = *state;
	editor_free(ed);
	free(ed);
	text_ascii = false;
	return 0;
}

static void type(struct editor *ed, const char *s)
{
	assert_true(editor_insert(ed, s, strlen(s)));
}

static void text_is(const struct editor *ed, const char *want)
{
	size_t len;
	const char *t = editor_text(ed, &len);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(t, want, len);
	assert_int_equal(t[len], '\0');
}

static bool is_boundary(const struct editor *ed, size_t off)
{
	size_t len;
	const char *t = editor_text(ed, &len);
	return off == len || text_cluster_start(t, len, off) == off;
}

static void unit__editor__insert__ascii_moves_cursor(void **state)
{
	struct editor *ed = *state;
	text_is(ed, "");
	assert_int_equal(editor_cursor(ed), 0);
	type(ed, "helo");
	assert_true(editor_left(ed));
	type(ed, "l");
	text_is(ed, "hello");
	assert_int_equal(editor_cursor(ed), 4);
	assert_true(editor_line_end(ed));
	assert_true(editor_newline(ed));
	type(ed, "there");
	text_is(ed, "hello\nthere");
	assert_int_equal(editor_len(ed), 11);
	assert_int_equal(editor_cursor(ed), 11);
}

static void unit__editor__zeroed_struct_is_an_empty_editor(void **state)
{
	(void)state;
	struct editor ed;
	memset(&ed, 0, sizeof ed);
	text_is(&ed, "");
	assert_false(editor_left(&ed));
	assert_false(editor_backspace(&ed));
	assert_false(editor_kill_line(&ed));
	const struct editor_layout *lay = editor_layout(&ed, 10);
	assert_int_equal(lay->nrows, 1);
	assert_int_equal(lay->cursor_col, 0);
	type(&ed, "x");
	text_is(&ed, "x");
	editor_free(&ed);
}

static void unit__editor__left_right_step_over_whole_accents(void **state)
{
	struct editor *ed = *state;
	type(ed, "a" E_ACUTE E_COMB "b");
	/* offsets: a 0, é 1-2, e+U+0301 3-5, b 6 */
	size_t want[] = { 6, 3, 1, 0 };
	for (size_t i = 0; i < 4; i++) {
		assert_true(editor_left(ed));
		assert_int_equal(editor_cursor(ed), want[i]);
	}
	assert_false(editor_left(ed));
	assert_true(editor_right(ed));
	assert_true(editor_right(ed));
	assert_int_equal(editor_cursor(ed), 3);
	assert_true(editor_right(ed));
	assert_int_equal(editor_cursor(ed), 6);
}

static void unit__editor__backspace_and_delete_remove_base_with_marks(void **state)
{
	struct editor *ed = *state;
	type(ed, "x" E_COMB "\xcc\xa3"
		 "y"); /* e with two marks */
	assert_true(editor_left(ed));
	assert_true(editor_backspace(ed));
	text_is(ed, "xy");
	assert_int_equal(editor_cursor(ed), 1);
	editor_set_text(ed, "x" E_COMB "y", strlen("x" E_COMB "y"));
	editor_set_cursor(ed, 1);
	assert_true(editor_delete(ed));
	text_is(ed, "xy");
	editor_set_text(ed, E_ACUTE, 2);
	assert_true(editor_backspace(ed));
	text_is(ed, "");
	assert_false(editor_backspace(ed));
	assert_false(editor_delete(ed));
}

static void unit__editor__typed_mark_joins_previous_letter(void **state)
{
	struct editor *ed = *state;
	type(ed, "e");
	type(ed, "\xcc\x81");
	assert_int_equal(editor_cursor(ed), 3);
	assert_true(editor_left(ed));
	assert_int_equal(editor_cursor(ed), 0);
}

static void unit__editor__emoji_are_one_step(void **state)
{
	struct editor *ed = *state;
	type(ed, "a" GRIN "b");
	assert_true(editor_left(ed));
	assert_int_equal(editor_cursor(ed), 5);
	assert_true(editor_left(ed));
	assert_int_equal(editor_cursor(ed), 1);
	assert_true(editor_delete(ed));
	text_is(ed, "ab");

	editor_set_text(ed, "<" FAMILY FLAG_US ">", strlen("<" FAMILY FLAG_US ">"));
	size_t fam = strlen(FAMILY), flag = strlen(FLAG_US);
	assert_true(editor_left(ed));
	assert_true(editor_left(ed));
	assert_int_equal(editor_cursor(ed), 1 + fam);
	assert_true(editor_left(ed));
	assert_int_equal(editor_cursor(ed), 1);
	assert_true(editor_right(ed));
	assert_int_equal(editor_cursor(ed), 1 + fam);
	assert_true(editor_backspace(ed));
	text_is(ed, "<" FLAG_US ">");
	assert_true(editor_delete(ed));
	text_is(ed, "<>");
	(void)flag;
}

static void unit__editor__insert_ending_in_zwj_snaps_past_the_joined_emoji(void **state)
{
	struct editor *ed = *state;
	type(ed, GRIN "!");
	editor_set_cursor(ed, 0);
	type(ed, WOMAN ZWJ); /* joins the 😀 after it into one cluster */
	assert_int_equal(editor_cursor(ed), strlen(WOMAN ZWJ GRIN));
	assert_true(is_boundary(ed, editor_cursor(ed)));
	/* set_cursor inside a cluster goes to its start */
	editor_set_cursor(ed, 5);
	assert_int_equal(editor_cursor(ed), 0);
	editor_set_cursor(ed, 1000);
	assert_int_equal(editor_cursor(ed), editor_len(ed));
}

static void unit__editor__word_motions_use_runs_of_non_space(void **state)
{
	struct editor *ed = *state;
	type(ed, "  hi, Jos" E_COMB "!  see\nyou ");
	editor_set_cursor(ed, 0);
	assert_true(editor_word_right(ed));
	assert_int_equal(editor_cursor(ed), 5); /* after "hi," */
	assert_true(editor_word_right(ed));
	assert_int_equal(editor_cursor(ed), 13); /* after "José!" */
	assert_true(editor_word_right(ed));
	assert_int_equal(editor_cursor(ed), 18); /* after "see" */
	assert_true(editor_word_right(ed));
	assert_int_equal(editor_cursor(ed), 22); /* after "you", across the newline */
	assert_true(editor_word_right(ed));
	assert_int_equal(editor_cursor(ed), 23);
	assert_false(editor_word_right(ed));
	assert_true(editor_word_left(ed));
	assert_int_equal(editor_cursor(ed), 19);
	assert_true(editor_word_left(ed));
	assert_int_equal(editor_cursor(ed), 15);
	assert_true(editor_word_left(ed));
	assert_int_equal(editor_cursor(ed), 6);
	assert_true(editor_word_left(ed));
	assert_int_equal(editor_cursor(ed), 2);
	assert_true(editor_word_left(ed));
	assert_int_equal(editor_cursor(ed), 0);
	assert_false(editor_word_left(ed));
}

static void unit__editor__word_delete_stops_at_space(void **state)
{
	struct editor *ed = *state;
	type(ed, "hello world");
	assert_true(editor_delete_word_back(ed));
	text_is(ed, "hello ");
	assert_true(editor_delete_word_back(ed)); /* the spaces, then the word */
	text_is(ed, "");
	assert_false(editor_delete_word_back(ed));

	type(ed, "one two   ");
	assert_true(editor_delete_word_back(ed));
	text_is(ed, "one ");

	editor_set_text(ed, "caf" E_COMB " ol" E_ACUTE, strlen("caf" E_COMB " ol" E_ACUTE));
	editor_set_cursor(ed, 3); /* inside "café": only "caf" goes */
	assert_true(editor_delete_word_back(ed));
	text_is(ed, E_COMB " ol" E_ACUTE);
	assert_int_equal(editor_cursor(ed), 0);
}

static void unit__editor__line_start_end_are_logical(void **state)
{
	struct editor *ed = *state;
	type(ed, "first line that is long\nsecond");
	editor_set_cursor(ed, 10);
	assert_true(editor_line_end(ed));
	assert_int_equal(editor_cursor(ed), 23);
	assert_false(editor_line_end(ed));
	assert_true(editor_line_start(ed));
	assert_int_equal(editor_cursor(ed), 0);
	editor_set_cursor(ed, 26);
	assert_true(editor_line_start(ed));
	assert_int_equal(editor_cursor(ed), 24);
	assert_true(editor_line_end(ed));
	assert_int_equal(editor_cursor(ed), 30);
}

static void unit__editor__kill_to_end_then_join_lines(void **state)
{
	struct editor *ed = *state;
	type(ed, "keep this\nnext");
	editor_set_cursor(ed, 4);
	assert_true(editor_kill_line(ed));
	text_is(ed, "keep\nnext");
	assert_int_equal(editor_cursor(ed), 4);
	assert_true(editor_kill_line(ed)); /* at the end: joins */
	text_is(ed, "keepnext");
	assert_true(editor_kill_line(ed));
	text_is(ed, "keep");
	assert_false(editor_kill_line(ed));
}

static void unit__editor__paste_replaces_invalid_bytes(void **state)
{
	struct editor *ed = *state;
	const char in[] = "a\xff"
			  "b\xc3("
			  "\xc0\xaf"
			  "\xed\xa0\x80"
			  "c\xe2\x82";
	assert_true(editor_insert(ed, in, sizeof in - 1));
	text_is(ed, "a\xef\xbf\xbd"
		    "b\xef\xbf\xbd("
		    "\xef\xbf\xbd\xef\xbf\xbd"
		    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
		    "c\xef\xbf\xbd\xef\xbf\xbd");
	size_t len;
	const char *t = editor_text(ed, &len);
	assert_true(sms_utf8_valid(t, len));
}

static void unit__editor__paste_strips_controls_keeps_newlines(void **state)
{
	struct editor *ed = *state;
	const char in[] = "a\x01"
			  "b\x1b[31mc\r\nd\re\tf\x7f\xc2\x85g\0h\xe2\x80\xa8i";
	assert_true(editor_insert(ed, in, sizeof in - 1));
	text_is(ed, "ab[31mc\nd\ne fgh\ni");
}

static void unit__editor__paste_large_is_one_edit(void **state)
{
	struct editor *ed = *state;
	size_t n = 256 * 1024;
	char *big = malloc(n);
	for (size_t i = 0; i < n; i++)
		big[i] = "lorem ipsum " NI "\n"[i % 16];
	/* cut the trailing partial 日 off cleanly: 16-byte pattern */
	type(ed, "<>");
	editor_set_cursor(ed, 1);
	assert_true(editor_insert(ed, big, n));
	assert_int_equal(editor_len(ed), n + 2);
	assert_int_equal(editor_cursor(ed), n + 1);
	size_t len;
	const char *t = editor_text(ed, &len);
	assert_int_equal(t[0], '<');
	assert_int_equal(t[len - 1], '>');
	assert_true(sms_utf8_valid(t, len));
	const struct editor_layout *lay = editor_layout(ed, 40);
	assert_int_equal(lay->nrows, n / 16 + 1);
	free(big);
}

static void unit__editor__limit_cuts_at_a_code_point(void **state)
{
	struct editor *ed = *state;
	editor_set_limit(ed, 6);
	assert_false(editor_insert(ed, "abc" E_ACUTE GRIN, strlen("abc" E_ACUTE GRIN)));
	text_is(ed, "abc" E_ACUTE);
	assert_false(editor_insert(ed, "xy", 2));
	text_is(ed, "abc" E_ACUTE "x");
	assert_false(editor_newline(ed));
	assert_true(editor_backspace(ed));
	assert_true(editor_newline(ed));
	text_is(ed, "abc" E_ACUTE "\n");
}

static void unit__editor__single_line_turns_newlines_into_spaces(void **state)
{
	struct editor *ed = *state;
	editor_set_single_line(ed, true);
	assert_true(editor_insert(ed, "a\nb\r\nc", 6));
	text_is(ed, "a b c");
	assert_false(editor_newline(ed));
	text_is(ed, "a b c");
	editor_free(ed); /* settings survive */
	type(ed, "x\ny");
	text_is(ed, "x y");
}

struct row_want {
	const char *text;
	bool soft;
};

static void rows_are(struct editor *ed, int width, const struct row_want *want, size_t n)
{
	size_t len;
	const char *t = editor_text(ed, &len);
	const struct editor_layout *lay = editor_layout(ed, width);
	if (lay->nrows != n) {
		for (size_t r = 0; r < lay->nrows; r++)
			print_message("row %zu: \"%.*s\"\n", r,
				      (int)(lay->rows[r].end - lay->rows[r].start),
				      t + lay->rows[r].start);
	}
	assert_int_equal(lay->nrows, n);
	for (size_t r = 0; r < n; r++) {
		const struct editor_row *row = &lay->rows[r];
		size_t l = row->end - row->start;
		if (l != strlen(want[r].text) || memcmp(t + row->start, want[r].text, l) != 0)
			fail_msg("width %d row %zu: \"%.*s\", want \"%s\"", width, r, (int)l,
				 t + row->start, want[r].text);
		assert_int_equal(row->soft, want[r].soft);
		assert_int_equal((size_t)row->width, text_width(t + row->start, l));
	}
}

static void unit__editor__layout_wraps_at_spaces(void **state)
{
	struct editor *ed = *state;
	type(ed, "hello world foo");
	rows_are(ed, 10, (struct row_want[]){ { "hello ", true }, { "world foo", false } }, 2);
	rows_are(ed, 11, (struct row_want[]){ { "hello ", true }, { "world foo", false } }, 2);
	rows_are(ed, 12, (struct row_want[]){ { "hello world ", true }, { "foo", false } }, 2);
	rows_are(ed, 16, (struct row_want[]){ { "hello world foo", false } }, 1);
	/* exactly full: an empty row gives the end its own cell */
	rows_are(ed, 15, (struct row_want[]){ { "hello world foo", true }, { "", false } }, 2);
	const struct editor_layout *lay = editor_layout(ed, 15);
	assert_int_equal(lay->cursor_row, 1);
	assert_int_equal(lay->cursor_col, 0);
	/* a word longer than the row is split */
	editor_set_text(ed, "hi abcdefghijkl", 15);
	rows_are(ed, 5,
		 (struct row_want[]){
			 { "hi ", true }, { "abcde", true }, { "fghij", true }, { "kl", false } },
		 4);
	editor_set_text(ed, "a\n\nb", 4);
	rows_are(ed, 5, (struct row_want[]){ { "a", false }, { "", false }, { "b", false } }, 3);
}

static void unit__editor__layout_cjk_is_two_columns_and_never_split(void **state)
{
	struct editor *ed = *state;
	type(ed, NI HON NI HON NI);
	rows_are(ed, 5, (struct row_want[]){ { NI HON, true }, { NI HON, true }, { NI, false } },
		 3);
	rows_are(ed, 4, (struct row_want[]){ { NI HON, true }, { NI HON, true }, { NI, false } },
		 3);
	rows_are(ed, 3,
		 (struct row_want[]){
			 { NI, true }, { HON, true }, { NI, true }, { HON, true }, { NI, false } },
		 5);
	/* one column: each wide character alone, overflowing */
	rows_are(ed, 1,
		 (struct row_want[]){ { NI, true },
				      { HON, true },
				      { NI, true },
				      { HON, true },
				      { NI, true },
				      { "", false } },
		 6);
	const struct editor_layout *lay = editor_layout(ed, 5);
	assert_int_equal(lay->cursor_row, 2);
	assert_int_equal(lay->cursor_col, 2);
}

/* Every width from 1 to 80, every cursor position: rows cover the text in
 * order, start and end on cluster boundaries, fit (or hold one cluster),
 * and the cursor lies in its row at a column inside the width. */
static void unit__editor__layout_every_width_keeps_invariants(void **state)
{
	struct editor *ed = *state;
	const char *s = "Hola Jos" E_COMB ", su cita es ma\xc3\xb1"
			"ana " GRIN " " FAMILY " " FLAG_US "\n\n" NI HON NI HON "x" NI
			" supercalifragilisticexpialidocious"
			" end   \n"
			"\xcc\x81" ZWJ GRIN " x\n" ZWJ "\n"
			"x";
	type(ed, s);
	size_t len;
	const char *t = editor_text(ed, &len);

	for (int width = 1; width <= 80; width++) {
		for (size_t c = 0; c <= len; c++) {
			if (!is_boundary(ed, c))
				continue;
			editor_set_cursor(ed, c);
			assert_int_equal(editor_cursor(ed), c);
			const struct editor_layout *lay = editor_layout(ed, width);
			assert_int_equal(lay->width, width);
			assert_true(lay->nrows >= 1);
			assert_int_equal(lay->rows[0].start, 0);
			for (size_t r = 0; r < lay->nrows; r++) {
				const struct editor_row *row = &lay->rows[r];
				assert_true(row->start <= row->end);
				assert_true(is_boundary(ed, row->start));
				assert_true(is_boundary(ed, row->end));
				size_t l = row->end - row->start;
				assert_int_equal((size_t)row->width, text_width(t + row->start, l));
				assert_null(memchr(t + row->start, '\n', l));
				if (row->width > width) {
					int w;
					assert_int_equal(text_cluster_next(t, len, row->start, &w),
							 row->end);
				}
				if (r + 1 < lay->nrows) {
					size_t next = lay->rows[r + 1].start;
					if (row->soft) {
						assert_int_equal(next, row->end);
					} else {
						assert_int_equal(t[row->end], '\n');
						assert_int_equal(next, row->end + 1);
					}
				} else {
					assert_false(row->soft);
					assert_int_equal(row->end, len);
				}
			}
			const struct editor_row *cr = &lay->rows[lay->cursor_row];
			assert_true(lay->cursor_col >= 0 && lay->cursor_col < width);
			assert_true(cr->start <= c && c <= cr->end);
			if (c == cr->end)
				assert_false(cr->soft);
			assert_int_equal((size_t)lay->cursor_col,
					 text_width(t + cr->start, c - cr->start));
		}
	}
}

static void unit__editor__up_down_keep_goal_column(void **state)
{
	struct editor *ed = *state;
	type(ed, "abcdefghij klmnopqrst uv");
	/* width 11: "abcdefghij " / "klmnopqrst " / "uv" */
	editor_set_cursor(ed, 8);
	assert_true(editor_down(ed, 11));
	assert_int_equal(editor_cursor(ed), 19); /* "s", column 8 */
	assert_true(editor_down(ed, 11));
	assert_int_equal(editor_cursor(ed), 24); /* end of "uv", column 2 */
	assert_false(editor_down(ed, 11));
	assert_true(editor_up(ed, 11));
	assert_int_equal(editor_cursor(ed), 19); /* back to column 8 */
	assert_true(editor_up(ed, 11));
	assert_int_equal(editor_cursor(ed), 8);
	assert_false(editor_up(ed, 11));
	/* a horizontal move forgets the goal */
	editor_set_cursor(ed, 24);
	assert_true(editor_left(ed));
	assert_true(editor_up(ed, 11));
	assert_int_equal(editor_cursor(ed), 12); /* column 1 */

	/* a soft row's end belongs to the next row: land before its last cell */
	editor_set_text(ed, "ab cdefgh", 9);
	editor_set_cursor(ed, 8); /* width 6: "ab " / "cdefgh"(full) / "" */
	assert_true(editor_up(ed, 6));
	assert_int_equal(editor_cursor(ed), 2);

	/* a goal inside a wide character lands before it */
	editor_set_text(ed, "abcd\n" NI HON, strlen("abcd\n" NI HON));
	editor_set_cursor(ed, 3);
	assert_true(editor_down(ed, 20));
	assert_int_equal(editor_cursor(ed), 5 + 3); /* column 2, before 本 */
	assert_true(editor_up(ed, 20));
	assert_int_equal(editor_cursor(ed), 3);

	/* across a hard newline into a shorter line and back */
	editor_set_text(ed, "long line here\nab\nlong line here", 32);
	editor_set_cursor(ed, 10);
	assert_true(editor_down(ed, 40));
	assert_int_equal(editor_cursor(ed), 17);
	assert_true(editor_down(ed, 40));
	assert_int_equal(editor_cursor(ed), 28);
}

static void unit__editor__ascii_mode_measures_transliterations(void **state)
{
	struct editor *ed = *state;
	text_ascii = true;
	type(ed, "\xc3\x86sir " NI "x");
	const struct editor_layout *lay = editor_layout(ed, 40);
	assert_int_equal(lay->cursor_col, 8); /* "AEsir ?x": Æ takes two */
	assert_int_equal(lay->rows[0].width, 8);
	char out[64];
	size_t len;
	const char *t = editor_text(ed, &len);
	assert_int_equal(text_fitn(t, len, 40, out, sizeof out, false), 8);
	assert_string_equal(out, "AEsir ?x");
	text_ascii = false;
}

static void unit__editor__clear_zeroes_the_draft(void **state)
{
	struct editor *ed = *state;
	type(ed, "DOB 01/02/1960, MRN 12345");
	size_t len;
	const char *t = editor_text(ed, &len);
	editor_clear(ed);
	/* the allocation is kept, so the old bytes can be checked */
	for (size_t i = 0; i < len; i++)
		assert_int_equal(t[i], 0);
	text_is(ed, "");
	assert_int_equal(editor_cursor(ed), 0);
	type(ed, "new");
	text_is(ed, "new");
}

static void unit__editor__deletes_zero_the_freed_tail(void **state)
{
	struct editor *ed = *state;
	type(ed, "secret diagnosis");
	size_t len;
	const char *t = editor_text(ed, &len);
	editor_set_cursor(ed, 0);
	assert_true(editor_kill_line(ed));
	for (size_t i = 0; i <= len; i++)
		assert_int_equal(t[i], 0);
	type(ed, "abc def");
	t = editor_text(ed, &len);
	assert_true(editor_delete_word_back(ed));
	assert_int_equal(t[4], 0);
	assert_int_equal(t[5], 0);
	assert_int_equal(t[6], 0);
}

static void unit__editor__set_text_replaces_and_wipes(void **state)
{
	struct editor *ed = *state;
	type(ed, "old draft that is longer");
	size_t len;
	const char *t = editor_text(ed, &len);
	assert_true(editor_set_text(ed, "new", 3));
	text_is(ed, "new");
	assert_int_equal(editor_cursor(ed), 3);
	for (size_t i = 3; i < len; i++)
		assert_int_equal(t[i], 0);
	editor_free(ed);
	text_is(ed, "");
	type(ed, "again");
	text_is(ed, "again");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(unit__editor__insert__ascii_moves_cursor),
		cmocka_unit_test(unit__editor__zeroed_struct_is_an_empty_editor),
		T(unit__editor__left_right_step_over_whole_accents),
		T(unit__editor__backspace_and_delete_remove_base_with_marks),
		T(unit__editor__typed_mark_joins_previous_letter),
		T(unit__editor__emoji_are_one_step),
		T(unit__editor__insert_ending_in_zwj_snaps_past_the_joined_emoji),
		T(unit__editor__word_motions_use_runs_of_non_space),
		T(unit__editor__word_delete_stops_at_space),
		T(unit__editor__line_start_end_are_logical),
		T(unit__editor__kill_to_end_then_join_lines),
		T(unit__editor__paste_replaces_invalid_bytes),
		T(unit__editor__paste_strips_controls_keeps_newlines),
		T(unit__editor__paste_large_is_one_edit),
		T(unit__editor__limit_cuts_at_a_code_point),
		T(unit__editor__single_line_turns_newlines_into_spaces),
		T(unit__editor__layout_wraps_at_spaces),
		T(unit__editor__layout_cjk_is_two_columns_and_never_split),
		T(unit__editor__layout_every_width_keeps_invariants),
		T(unit__editor__up_down_keep_goal_column),
		T(unit__editor__ascii_mode_measures_transliterations),
		T(unit__editor__clear_zeroes_the_draft),
		T(unit__editor__deletes_zero_the_freed_tail),
		T(unit__editor__set_text_replaces_and_wipes),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
