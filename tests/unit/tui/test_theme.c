/* Unit tests for tui/theme and tui/theme_curses: colour and attribute
 * names, element values, theme-file errors with line numbers, degradation
 * to 256/16/8 colours and monochrome, the shipped themes, the template
 * (must equal theme_write_template() and list exactly the element table),
 * and colour pairs on a real (off-screen) curses terminal.
 * CURTAIN_REGEN=1 rewrites themes/theme.template from the table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "unit/tui/shipped.h"

#include "tui/theme.h"
#include "tui/theme_curses.h"

static int color(const char *s)
{
	int c = -99;
	if (!theme_color_parse(s, &c))
		fail_msg("colour '%s' does not parse", s);
	return c;
}

/* ---- names -------------------------------------------------------------- */

static void unit__theme__color_parse__names_numbers_rgb(void **state)
{
	(void)state;
	assert_int_equal(color("default"), THEME_DEFAULT);
	assert_int_equal(color("black"), 0);
	assert_int_equal(color("red"), 1);
	assert_int_equal(color("white"), 7);
	assert_int_equal(color("WHITE"), 7);
	assert_int_equal(color("brightblack"), 8);
	assert_int_equal(color("gray"), 8);
	assert_int_equal(color("grey"), 8);
	assert_int_equal(color("brightred"), 9);
	assert_int_equal(color("bright-red"), 9);
	assert_int_equal(color("bright_red"), 9);
	assert_int_equal(color("brightwhite"), 15);
	assert_int_equal(color("color0"), 0);
	assert_int_equal(color("color208"), 208);
	assert_int_equal(color("colour255"), 255);
	assert_int_equal(color("#ff8700"), THEME_RGB | 0xff8700);
	assert_int_equal(color("#FF8700"), THEME_RGB | 0xff8700);
	static const char *const bad[] = {
		"",	  "purple",   "color256", "color",  "color-1",	     "color1x",
		"#12345", "#1234567", "#gggggg",  "bright", "brightdefault", "brightbrightred"
	};
	int c;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (theme_color_parse(bad[i], &c))
			fail_msg("'%s' should not be a colour", bad[i]);
	unsigned a;
	assert_true(theme_attr_parse("bold", &a));
	assert_int_equal(a, TA_BOLD);
	assert_true(theme_attr_parse("Underline", &a));
	assert_int_equal(a, TA_UNDERLINE);
	assert_true(theme_attr_parse("none", &a));
	assert_int_equal(a, 0);
	assert_false(theme_attr_parse("blink", &a));
}

static void unit__theme__spec_parse__order_free_with_on(void **state)
{
	(void)state;
	struct theme_spec s;
	assert_null(theme_spec_parse("bold yellow default", &s));
	assert_int_equal(s.fg, 3);
	assert_int_equal(s.bg, THEME_DEFAULT);
	assert_int_equal(s.attrs, TA_BOLD);
	assert_null(theme_spec_parse("yellow blue bold underline", &s));
	assert_int_equal(s.fg, 3);
	assert_int_equal(s.bg, 4);
	assert_int_equal(s.attrs, TA_BOLD | TA_UNDERLINE);
	assert_null(theme_spec_parse("reverse yellow on blue", &s));
	assert_int_equal(s.fg, 3);
	assert_int_equal(s.bg, 4);
	assert_int_equal(s.attrs, TA_REVERSE);
	assert_null(theme_spec_parse("on color17", &s));
	assert_int_equal(s.fg, THEME_DEFAULT);
	assert_int_equal(s.bg, 17);
	assert_null(theme_spec_parse("  dim\titalic standout  ", &s));
	assert_int_equal(s.fg, THEME_DEFAULT);
	assert_int_equal(s.attrs, TA_DIM | TA_ITALIC | TA_STANDOUT);

	struct {
		const char *value, *msg;
	} bad[] = {
		{ "bold purple", "unknown colour or attribute 'purple'" },
		{ "red green blue",
		  "too many colours at 'blue' (give a foreground and a background)" },
		{ "", "no colours or attributes given" },
		{ "red on", "'on' needs a background colour after it" },
		{ "red blue on", "misplaced 'on' (write: foreground on background)" },
		{ "on on red", "misplaced 'on' (write: foreground on background)" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		s = (struct theme_spec){ 42, 42, 42 };
		char *msg = theme_spec_parse(bad[i].value, &s);
		assert_non_null(msg);
		assert_string_equal(msg, bad[i].msg);
		assert_int_equal(s.fg, 42); /* untouched */
		free(msg);
	}
}

static void unit__theme__elements__table_names(void **state)
{
	(void)state;
	static const char *const required[] = {
		"status.bar",
		"status.error",
		"status.ok",
		"sidebar",
		"sidebar.selected",
		"sidebar.count",
		"inbox.row",
		"inbox.selected",
		"inbox.unread",
		"inbox.mine",
		"inbox.waiting",
		"inbox.status",
		"thread.inbound",
		"thread.outbound",
		"thread.system",
		"thread.note",
		"thread.meta",
		"thread.failed",
		"thread.pending",
		"banner.optout",
		"banner.presence",
		"compose",
		"compose.counter",
		"compose.over",
		"nag.span",
		"nag.status",
		"picker",
		"picker.selected",
		"picker.match",
		"dialog",
		"dialog.title",
		"help",
		"lock",
		"lock.clock",
		"title",
	};
	enum theme_element e;
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (!theme_element_from_name(required[i], &e))
			fail_msg("element %s is missing", required[i]);
	for (int i = 0; i < THEME_COUNT; i++) {
		assert_true(theme_element_from_name(theme_element_name(i), &e));
		assert_int_equal(e, i);
		assert_true(theme_element_description(i)[0]);
	}
	assert_false(theme_element_from_name("inbox", &e));
	assert_false(theme_element_from_name(NULL, &e));
	assert_string_equal(theme_element_name(THEME_COUNT), "");
}

/* ---- files -------------------------------------------------------------- */

static void unit__theme__load__values_comments_and_errors(void **state)
{
	(void)state;
	struct theme *t = theme_new();
	struct theme_spec before_unread = *theme_spec_get(t, THEME_INBOX_UNREAD);
	struct theme_spec before_mine = *theme_spec_get(t, THEME_INBOX_MINE);
	struct errlist errs;
	errlist_init(&errs);
	const char *text = "# a comment\n"			       /* 1 */
			   "; another\n"			       /* 2 */
			   "\n"					       /* 3 */
			   "inbox.selected = reverse yellow on blue\n" /* 4 ok */
			   "inbox.unread = bold purple\n"	       /* 5 colour */
			   "inbox.unred = bold\n"		       /* 6 element */
			   "[colors]\n"				       /* 7 section */
			   "inbox.mine bold\n"			       /* 8 no = */
			   "inbox.mine =\n"			       /* 9 empty */
			   " = red\n"				       /* 10 no key */
			   "  thread.note\t=  #ffd700   color17  \r\n" /* 11 ok */
			   "nag.span = red green blue\n";	       /* 12 colours */
	assert_int_equal(theme_load_string(t, "my.theme", text, &errs), 7);
	static const char *const want[] = {
		"my.theme:5: inbox.unread: unknown colour or attribute 'purple'",
		"my.theme:6: unknown element 'inbox.unred' (theme.template lists them all)",
		"my.theme:7: theme files have no sections: write 'element = colours' lines",
		"my.theme:8: expected 'element = colours and attributes'",
		"my.theme:9: inbox.mine: no colours or attributes given",
		"my.theme:10: expected 'element = colours and attributes'",
		"my.theme:12: nag.span: too many colours at 'blue' (give a foreground and a "
		"background)",
	};
	assert_int_equal(errs.n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < errs.n; i++)
		assert_string_equal(errs.msg[i], want[i]);

	const struct theme_spec *s = theme_spec_get(t, THEME_INBOX_SELECTED);
	assert_int_equal(s->fg, 3);
	assert_int_equal(s->bg, 4);
	assert_int_equal(s->attrs, TA_REVERSE);
	assert_true(theme_is_set(t, THEME_INBOX_SELECTED));
	s = theme_spec_get(t, THEME_THREAD_NOTE);
	assert_int_equal(s->fg, THEME_RGB | 0xffd700);
	assert_int_equal(s->bg, 17);
	/* bad lines kept the defaults */
	assert_memory_equal(theme_spec_get(t, THEME_INBOX_UNREAD), &before_unread,
			    sizeof before_unread);
	assert_memory_equal(theme_spec_get(t, THEME_INBOX_MINE), &before_mine, sizeof before_mine);
	assert_false(theme_is_set(t, THEME_INBOX_UNREAD));
	errlist_free(&errs);

	assert_int_equal(theme_load_file(t, "/nonexistent/x.theme", &errs), 1);
	assert_non_null(strstr(errs.msg[0], "/nonexistent/x.theme: cannot read the theme: "));
	errlist_free(&errs);
	theme_free(&t);
	assert_null(t);
}

/* ---- degradation -------------------------------------------------------- */

static struct theme_style style_of(const char *value, enum theme_element e, int colors)
{
	struct theme *t = theme_new();
	char *line = NULL;
	if (asprintf(&line, "%s = %s\n", theme_element_name(e), value) < 0)
		abort();
	struct errlist errs;
	errlist_init(&errs);
	assert_int_equal(theme_load_string(t, "t", line, &errs), 0);
	struct theme_style st = theme_resolve(t, e, colors);
	free(line);
	theme_free(&t);
	return st;
}

static void assert_style(struct theme_style st, int fg, int bg, unsigned attrs)
{
	assert_int_equal(st.fg, fg);
	assert_int_equal(st.bg, bg);
	assert_int_equal(st.attrs, attrs);
}

static void unit__theme__resolve__256_colours_kept(void **state)
{
	(void)state;
	assert_style(style_of("color208 color17", THEME_INBOX_ROW, 256), 208, 17, 0);
	assert_style(style_of("#ff8700", THEME_INBOX_ROW, 256), 208, THEME_DEFAULT, 0);
	assert_style(style_of("#000000 on #ffffff", THEME_INBOX_ROW, 256), 16, 231, 0);
	assert_style(style_of("#808080", THEME_INBOX_ROW, 256), 244, THEME_DEFAULT, 0);
	assert_style(style_of("bold brightred default", THEME_INBOX_ROW, 256), 9, THEME_DEFAULT,
		     TA_BOLD);
	assert_style(style_of("default default", THEME_INBOX_ROW, 256), THEME_DEFAULT,
		     THEME_DEFAULT, 0);
	assert_int_equal(theme_nearest_color(0xff8700, 256), 208);
	assert_int_equal(theme_nearest_color(0x080808, 256), 232);
}

static void unit__theme__resolve__16_colours_nearest(void **state)
{
	(void)state;
	assert_style(style_of("color196", THEME_INBOX_ROW, 16), 9, THEME_DEFAULT, 0);
	assert_style(style_of("color46 color21", THEME_INBOX_ROW, 16), 10, 4, 0);
	assert_style(style_of("color231 color16", THEME_INBOX_ROW, 16), 15, 0, 0);
	assert_style(style_of("color244", THEME_INBOX_ROW, 16), 8, THEME_DEFAULT, 0);
	assert_style(style_of("#ff0000 on #0000ee", THEME_INBOX_ROW, 16), 9, 4, 0);
	assert_style(style_of("brightcyan", THEME_INBOX_ROW, 16), 14, THEME_DEFAULT, 0);
	assert_style(style_of("color2", THEME_INBOX_ROW, 16), 2, THEME_DEFAULT, 0);
	assert_int_equal(theme_nearest_color(0xffff00, 16), 11);
	assert_int_equal(theme_nearest_color(0xe4e4e4, 16), 7);
}

static void unit__theme__resolve__8_colours_bright_becomes_bold(void **state)
{
	(void)state;
	assert_style(style_of("brightred", THEME_INBOX_ROW, 8), 1, THEME_DEFAULT, TA_BOLD);
	assert_style(style_of("color196", THEME_INBOX_ROW, 8), 1, THEME_DEFAULT, TA_BOLD);
	assert_style(style_of("#00cd00", THEME_INBOX_ROW, 8), 2, THEME_DEFAULT, 0);
	assert_style(style_of("underline color4", THEME_INBOX_ROW, 8), 4, THEME_DEFAULT,
		     TA_UNDERLINE);
	/* a bright background just loses its brightness */
	assert_style(style_of("black brightyellow", THEME_INBOX_ROW, 8), 0, 3, 0);
	/* colours that meet after degrading: the foreground turns readable */
	assert_style(style_of("color196 color160", THEME_INBOX_ROW, 8), 7, 1, TA_BOLD);
	assert_style(style_of("color226 color227", THEME_INBOX_ROW, 16), 0, 11, 0);
	assert_style(style_of("brightwhite white", THEME_INBOX_ROW, 8), 0, 7, TA_BOLD);
}

static void unit__theme__resolve__monochrome_attributes_only(void **state)
{
	(void)state;
	for (int colors = 0; colors <= 2; colors += 2) {
		assert_style(style_of("black cyan", THEME_INBOX_SELECTED, colors), THEME_DEFAULT,
			     THEME_DEFAULT, TA_REVERSE);
		assert_style(style_of("green", THEME_INBOX_MINE, colors), THEME_DEFAULT,
			     THEME_DEFAULT, TA_UNDERLINE);
		assert_style(style_of("italic cyan", THEME_INBOX_ROW, colors), THEME_DEFAULT,
			     THEME_DEFAULT, TA_ITALIC);
	}
	/* every element: theme attributes plus its own fallback, no colour */
	struct theme *t = theme_new();
	for (int e = 0; e < THEME_COUNT; e++) {
		struct theme_style st = theme_resolve(t, e, 0);
		assert_int_equal(st.fg, THEME_DEFAULT);
		assert_int_equal(st.bg, THEME_DEFAULT);
		assert_int_equal(st.attrs, theme_spec_get(t, e)->attrs | theme_element_mono(e));
	}
	theme_free(&t);
	/* what colour alone would signal has an attribute without colour */
	static const enum theme_element meaningful[] = {
		THEME_TITLE,	      THEME_STATUS_BAR,	      THEME_STATUS_ERROR,
		THEME_STATUS_OK,      THEME_SIDEBAR_SELECTED, THEME_SIDEBAR_COUNT,
		THEME_INBOX_SELECTED, THEME_INBOX_UNREAD,     THEME_INBOX_MINE,
		THEME_INBOX_WAITING,  THEME_THREAD_NOTE,      THEME_THREAD_FAILED,
		THEME_BANNER_OPTOUT,  THEME_BANNER_PRESENCE,  THEME_COMPOSE_OVER,
		THEME_NAG_SPAN,	      THEME_NAG_STATUS,	      THEME_PICKER_SELECTED,
		THEME_PICKER_MATCH,   THEME_DIALOG_TITLE,     THEME_HELP_KEY,
		THEME_FIELD,	      THEME_FIELD_FOCUSED,
	};
	for (size_t i = 0; i < sizeof meaningful / sizeof meaningful[0]; i++)
		if (!theme_element_mono(meaningful[i]))
			fail_msg("%s has no monochrome fallback",
				 theme_element_name(meaningful[i]));
	/* selected rows and the nag differ from their neighbours without colour */
	assert_int_not_equal(theme_element_mono(THEME_INBOX_SELECTED),
			     theme_element_mono(THEME_INBOX_ROW));
	assert_int_not_equal(theme_element_mono(THEME_NAG_SPAN), theme_element_mono(THEME_COMPOSE));
}

/* ---- shipped themes and the template ------------------------------------ */

static void unit__theme__template__generated_and_lists_every_key(void **state)
{
	(void)state;
	char *shipped = shipped_check("themes/theme.template", theme_write_template, "test_theme");

	/* exactly the table's keys, each once, each after a comment line */
	int seen[THEME_COUNT] = { 0 };
	char *save = NULL, *prev = NULL;
	for (char *line = strtok_r(shipped, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] != '#') {
			char key[64];
			enum theme_element e;
			assert_int_equal(sscanf(line, "%63s =", key), 1);
			if (!theme_element_from_name(key, &e))
				fail_msg("template has unknown key '%s'", key);
			seen[e]++;
			assert_non_null(prev);
			assert_int_equal(prev[0], '#');
		}
		prev = line;
	}
	for (int e = 0; e < THEME_COUNT; e++)
		if (seen[e] != 1)
			fail_msg("template lists %s %d times", theme_element_name(e), seen[e]);
	free(shipped);
}

static void unit__theme__shipped__parse_complete_without_errors(void **state)
{
	(void)state;
	static const char *const files[] = { "themes/default.theme", "themes/light.theme",
					     "themes/high-contrast.theme", "themes/mono.theme",
					     "themes/theme.template" };
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		struct theme *t = theme_new();
		struct errlist errs;
		errlist_init(&errs);
		char *path = shipped_path(files[i]);
		theme_load_file(t, path, &errs);
		for (size_t j = 0; j < errs.n; j++)
			print_error("%s\n", errs.msg[j]);
		assert_int_equal(errs.n, 0);
		for (int e = 0; e < THEME_COUNT; e++)
			if (!theme_is_set(t, e))
				fail_msg("%s does not set %s", files[i], theme_element_name(e));
		if (strstr(files[i], "mono")) {
			for (int e = 0; e < THEME_COUNT; e++) {
				assert_int_equal(theme_spec_get(t, e)->fg, THEME_DEFAULT);
				assert_int_equal(theme_spec_get(t, e)->bg, THEME_DEFAULT);
			}
		}
		if (strstr(files[i], "default") || strstr(files[i], "template")) {
			/* identical to the built-in theme */
			struct theme *builtin = theme_new();
			for (int e = 0; e < THEME_COUNT; e++)
				if (memcmp(theme_spec_get(t, e), theme_spec_get(builtin, e),
					   sizeof(struct theme_spec)) != 0)
					fail_msg("%s: %s differs from the built-in value", files[i],
						 theme_element_name(e));
			theme_free(&builtin);
		}
		free(path);
		theme_free(&t);
	}
}

/* ---- curses ------------------------------------------------------------- */

static SCREEN *fake_terminal(const char *term, FILE **out, FILE **in)
{
	*out = fopen("/dev/null", "w");
	*in = fopen("/dev/null", "r");
	SCREEN *s = newterm(term, *out, *in);
	if (!s) {
		fclose(*out);
		fclose(*in);
	}
	return s;
}

static void unit__theme_curses__apply__pairs_and_mono(void **state)
{
	(void)state;
	FILE *out, *in;
	SCREEN *scr = fake_terminal("xterm-256color", &out, &in);
	if (!scr)
		skip();
	start_color();
	struct theme *t = theme_new();
	attr_t attrs[THEME_COUNT];
	int npairs = theme_apply(t, COLORS, attrs);
	assert_true(npairs > 0);
	assert_true(npairs < THEME_COUNT); /* shared pairs */
	short fg, bg;
	/* inbox.selected = black cyan, no attributes */
	attr_t a = attrs[THEME_INBOX_SELECTED];
	assert_int_equal(a & ~A_COLOR, A_NORMAL);
	assert_int_equal(pair_content((short)PAIR_NUMBER(a), &fg, &bg), OK);
	assert_int_equal(fg, COLOR_BLACK);
	assert_int_equal(bg, COLOR_CYAN);
	/* picker.selected has the same colours: the same pair */
	assert_int_equal(PAIR_NUMBER(attrs[THEME_PICKER_SELECTED]), PAIR_NUMBER(a));
	/* title = bold white blue */
	assert_true(attrs[THEME_TITLE] & A_BOLD);
	/* default default: no pair at all */
	assert_int_equal(attrs[THEME_INBOX_ROW], A_NORMAL);
	assert_int_equal(attrs[THEME_INBOX_UNREAD], A_BOLD);

	/* monochrome: the fallbacks */
	theme_apply(t, 0, attrs);
	assert_int_equal(attrs[THEME_INBOX_SELECTED], A_REVERSE);
	assert_int_equal(attrs[THEME_INBOX_MINE], A_UNDERLINE);
	assert_int_equal(attrs[THEME_STATUS_ERROR], A_BOLD | A_REVERSE);
	assert_int_equal(PAIR_NUMBER(attrs[THEME_TITLE]), 0);
	theme_free(&t);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);

	/* a terminal without colour, whatever the caller asks for */
	scr = fake_terminal("vt100", &out, &in);
	if (!scr)
		skip();
	t = theme_new();
	assert_int_equal(theme_apply(t, 256, attrs), 0);
	assert_int_equal(attrs[THEME_INBOX_SELECTED], A_REVERSE);
	theme_free(&t);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit__theme__color_parse__names_numbers_rgb),
		cmocka_unit_test(unit__theme__spec_parse__order_free_with_on),
		cmocka_unit_test(unit__theme__elements__table_names),
		cmocka_unit_test(unit__theme__load__values_comments_and_errors),
		cmocka_unit_test(unit__theme__resolve__256_colours_kept),
		cmocka_unit_test(unit__theme__resolve__16_colours_nearest),
		cmocka_unit_test(unit__theme__resolve__8_colours_bright_becomes_bold),
		cmocka_unit_test(unit__theme__resolve__monochrome_attributes_only),
		cmocka_unit_test(unit__theme__template__generated_and_lists_every_key),
		cmocka_unit_test(unit__theme__shipped__parse_complete_without_errors),
		cmocka_unit_test(unit__theme_curses__apply__pairs_and_mono),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
