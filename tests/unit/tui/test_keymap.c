/* Unit tests for tui/actions and tui/keymap: key names both ways, the
 * default bindings (no conflicts, text contexts safe), lookup with global
 * fallback, bind/unbind, keymap-file errors with line numbers, and the
 * shipped keymaps (default.keys must equal keymap_write_defaults()).
 * CURTAIN_REGEN=1 rewrites keymaps/default.keys from the table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "unit/tui/shipped.h"
#include <curses.h>

#include "tui/actions.h"
#include "tui/keymap.h"

static keycode key(const char *name)
{
	keycode k = KEYC_NONE;
	if (!keymap_key_parse(name, &k))
		fail_msg("key name '%s' does not parse", name);
	return k;
}

/* ---- key names ---------------------------------------------------------- */

static void unit__keymap__key_parse__canonical_names_round_trip(void **state)
{
	(void)state;
	static const char *const names[] = {
		"a",	     "Z",	  "?",	    "<",       ">",	  "#",	      "é",
		"€",	     "ñ",	  "<C-a>",  "<C-x>",   "<C-j>",	  "<C-h>",    "<C-]>",
		"<C-Space>", "<M-x>",	  "<M-X>",  "<M-é>",   "<M-<>",	  "<M-C-x>",  "<Enter>",
		"<M-Enter>", "<Esc>",	  "<Tab>",  "<S-Tab>", "<BS>",	  "<M-BS>",   "<Del>",
		"<Ins>",     "<Up>",	  "<Down>", "<Left>",  "<Right>", "<S-Left>", "<Home>",
		"<End>",     "<PgUp>",	  "<PgDn>", "<F1>",    "<F5>",	  "<F12>",    "<F24>",
		"<Space>",   "<M-Space>", "<M-Up>",
	};
	char out[KEYMAP_NAME_MAX];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		keycode k = key(names[i]);
		assert_string_equal(keymap_key_name(k, out), names[i]);
	}
}

static void unit__keymap__key_parse__values_and_aliases(void **state)
{
	(void)state;
	char out[KEYMAP_NAME_MAX];
	assert_int_equal(key("a"), 'a');
	assert_int_equal(key("é"), 0xe9);
	assert_int_equal(key("<C-a>"), 1);
	assert_int_equal(key("<C-A>"), 1); /* Ctrl ignores case */
	assert_int_equal(key("<c-a>"), 1);
	assert_int_equal(key("<Enter>"), 13);
	assert_int_equal(key("<enter>"), 13);
	assert_int_equal(key("<CR>"), 13);
	assert_int_equal(key("<Return>"), 13);
	assert_int_equal(key("<C-m>"), 13);
	assert_int_equal(key("<C-i>"), 9);
	assert_int_equal(key("<C-[>"), 27);
	assert_int_equal(key("<C-?>"), 127);
	assert_int_equal(key("<Backspace>"), 127);
	assert_int_equal(key("<Escape>"), 27);
	assert_int_equal(key("<lt>"), '<');
	assert_int_equal(key("<Space>"), ' ');
	assert_int_equal(key("<M-x>"), KEYC_ALT | 'x');
	assert_int_equal(key("<A-x>"), KEYC_ALT | 'x');
	assert_int_equal(key("<C-M-x>"), KEYC_ALT | 24);
	assert_int_equal(key("<F5>"), KEYC_FUNC | KEY_F(5));
	assert_int_equal(key("<f12>"), KEYC_FUNC | KEY_F(12));
	assert_int_equal(key("<S-Tab>"), KEYC_FUNC | KEY_BTAB);
	assert_int_equal(key("<BTab>"), KEYC_FUNC | KEY_BTAB);
	assert_int_equal(key("<PageDown>"), KEYC_FUNC | KEY_NPAGE);
	assert_int_equal(key("<pgdn>"), KEYC_FUNC | KEY_NPAGE);
	assert_int_equal(key("<Delete>"), KEYC_FUNC | KEY_DC);
	/* aliases print canonically */
	assert_string_equal(keymap_key_name(key("<C-i>"), out), "<Tab>");
	assert_string_equal(keymap_key_name(key("<C-m>"), out), "<Enter>");
	assert_string_equal(keymap_key_name(key("<lt>"), out), "<");
	assert_string_equal(keymap_key_name(key("<PageUp>"), out), "<PgUp>");
	assert_string_equal(keymap_key_name(key("<C-X>"), out), "<C-x>");
}

static void unit__keymap__key_parse__rejects_bad_names(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",	 "ab",	 "<Foo>", "<C-Enter>", "<C-F1>",  "<C-é>",  "<C-1>", "<x",
		"<>",	 "<F0>", "<F25>", "<C-C-x>",   "<M-M-x>", "\x01",   "\xff",  "\xc3",
		"<S-a>", "<M->", "C-x",	  "<C-x",      "é!",	  "<Space",
	};
	keycode k;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (keymap_key_parse(bad[i], &k))
			fail_msg("'%s' should not parse", bad[i]);
	assert_false(keymap_key_parse(NULL, &k));
}

static void unit__keymap__key_from_curses__normalises(void **state)
{
	(void)state;
	assert_int_equal(keymap_key_from_curses(true, KEY_ENTER, false), 13);
	assert_int_equal(keymap_key_from_curses(true, KEY_BACKSPACE, false), 127);
	assert_int_equal(keymap_key_from_curses(false, 127, false), key("<BS>"));
	assert_int_equal(keymap_key_from_curses(true, KEY_UP, false), key("<Up>"));
	assert_int_equal(keymap_key_from_curses(false, 'x', true), key("<M-x>"));
	assert_int_equal(keymap_key_from_curses(false, 13, true), key("<M-Enter>"));
	assert_int_equal(keymap_key_from_curses(false, 10, false), key("<C-j>"));
	assert_int_equal(keymap_key_from_curses(false, 0xe9, false), key("é"));
	assert_true(keymap_key_is_text(key("é")));
	assert_true(keymap_key_is_text(key("<Space>")));
	assert_false(keymap_key_is_text(key("<M-x>")));
	assert_false(keymap_key_is_text(key("<C-x>")));
	assert_false(keymap_key_is_text(key("<Up>")));
}

/* ---- the action table and defaults -------------------------------------- */

static void unit__actions__table__names_contexts_and_lookup(void **state)
{
	(void)state;
	for (int a = ACT_FIRST; a < ACT_COUNT; a++) {
		const struct action *ac = action_get(a);
		assert_non_null(ac);
		assert_true(ac->name[0]);
		assert_int_equal(strspn(ac->name, "abcdefghijklmnopqrstuvwxyz_"), strlen(ac->name));
		assert_true(ac->contexts != 0);
		assert_true(ac->help[0]);
		assert_true(ac->keys[0]); /* every action has a default key */
		/* (name, context) is unique */
		for (int c = 0; c < CTX_COUNT; c++)
			if (action_in_context(a, c))
				assert_int_equal(action_lookup(ac->name, c), a);
	}
	assert_null(action_get(ACT_NONE));
	assert_null(action_get(ACT_COUNT));
	assert_int_equal(action_lookup("up", CTX_LIST), ACT_UP);
	assert_int_equal(action_lookup("up", CTX_COMPOSE), ACT_EDIT_UP);
	assert_int_equal(action_lookup("up", CTX_THREAD), ACT_NONE);
	assert_int_equal(action_lookup("cancel", CTX_DIALOG), ACT_DIALOG_CANCEL);
	assert_int_equal(action_lookup("cancel", CTX_PICKER), ACT_CANCEL);
	assert_int_equal(action_lookup("claim", CTX_LIST), ACT_CLAIM);
	assert_int_equal(action_lookup("nope", CTX_LIST), ACT_NONE);
	assert_int_equal(action_lookup("search", CTX_LIST), ACT_SEARCH); /* global: anywhere */
	assert_true(action_usable_in(ACT_QUIT, CTX_LOCK));
	assert_false(action_in_context(ACT_QUIT, CTX_LOCK));
	assert_false(action_usable_in(ACT_SEND, CTX_LIST));
	assert_int_equal(action_lookup_any("send"), ACT_SEND);
	assert_string_equal(action_name(ACT_MARK_UNREAD), "mark_unread");
	assert_string_equal(action_help(ACT_QUIT), "Quit Curtain");

	static const char *const required[] = {
		"quit",
		"help",
		"redraw",
		"lock",
		"next_waiting",
		"search",
		"refresh",
		"dept_next",
		"dept_prev",
		"filter_mine",
		"filter_unassigned",
		"filter_all",
		"filter_pending",
		"filter_snoozed",
		"filter_resolved",
		"sort_toggle",
		"focus_next",
	};
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		assert_int_not_equal(action_lookup(required[i], CTX_GLOBAL), ACT_NONE);
	static const char *const per[][16] = {
		[CTX_LIST] = { "up", "down", "page_up", "page_down", "top", "bottom", "open" },
		[CTX_THREAD] = { "scroll_up", "scroll_down", "back", "reply", "template", "claim",
				 "release", "reassign", "transfer", "note", "mark_pending",
				 "snooze", "resolve", "reopen", "mark_unread" },
		[CTX_COMPOSE] = { "send", "newline", "cancel", "left", "right", "word_left",
				  "word_right", "line_start", "line_end", "backspace", "delete",
				  "delete_word_back", "kill_to_end", "up", "down" },
		[CTX_PICKER] = { "picker_up", "picker_down", "select", "cancel" },
		[CTX_DIALOG] = { "confirm", "cancel" },
	};
	for (int c = 0; c < (int)(sizeof per / sizeof per[0]); c++)
		for (int i = 0; i < 16 && per[c][i]; i++)
			if (action_lookup(per[c][i], c) == ACT_NONE)
				fail_msg("%s missing in %s", per[c][i], ui_context_name(c));
}

static void unit__actions__contexts__names_and_text(void **state)
{
	(void)state;
	enum ui_context c;
	for (int i = 0; i < CTX_COUNT; i++) {
		assert_true(ui_context_from_name(ui_context_name(i), &c));
		assert_int_equal(c, i);
		assert_true(ui_context_title(i)[0]);
	}
	assert_false(ui_context_from_name("List", &c));
	assert_false(ui_context_from_name(NULL, &c));
	assert_true(ui_context_is_text(CTX_COMPOSE));
	assert_true(ui_context_is_text(CTX_LOCK));
	assert_false(ui_context_is_text(CTX_LIST));
	assert_false(ui_context_is_text(CTX_DIALOG));
	char *s = ui_context_list(CTXM(LIST) | CTXM(THREAD));
	assert_string_equal(s, "list, thread");
	free(s);
}

static void unit__actions__check__preconditions(void **state)
{
	(void)state;
	struct action_env env = { .locked = false, .has_conversation = true, .supervisor = false };
	assert_int_equal(action_check(ACT_CLAIM, &env), ACTION_OK);
	assert_int_equal(action_check(ACT_REASSIGN, &env), ACTION_DENIED_NOT_SUPERVISOR);
	env.supervisor = true;
	assert_int_equal(action_check(ACT_REASSIGN, &env), ACTION_OK);
	env.has_conversation = false;
	assert_int_equal(action_check(ACT_RESOLVE, &env), ACTION_DENIED_NO_CONVERSATION);
	assert_int_equal(action_check(ACT_SEARCH, &env), ACTION_OK);
	env.locked = true;
	assert_int_equal(action_check(ACT_SEARCH, &env), ACTION_DENIED_LOCKED);
	assert_int_equal(action_check(ACT_RESOLVE, &env), ACTION_DENIED_LOCKED);
	assert_int_equal(action_check(ACT_QUIT, &env), ACTION_OK);
	assert_int_equal(action_check(ACT_REDRAW, &env), ACTION_OK);
	assert_int_equal(action_check(ACT_UNLOCK, &env), ACTION_OK);
	assert_int_equal(action_check(ACT_BACKSPACE, &env), ACTION_OK); /* PIN field */
	assert_string_equal(action_denial_message(ACTION_OK), "");
	assert_true(action_denial_message(ACTION_DENIED_LOCKED)[0]);
	/* every action usable on the lock screen needs no unlocked screen */
	for (int a = ACT_FIRST; a < ACT_COUNT; a++)
		if (action_in_context(a, CTX_LOCK) || action_in_context(a, CTX_SIGNIN))
			assert_false(action_get(a)->flags & AF_UNLOCKED);
}

static void unit__keymap__defaults__parse_without_conflicts(void **state)
{
	(void)state;
	for (int c = 0; c < CTX_COUNT; c++) {
		keycode seen[256];
		const char *who[256];
		size_t n = 0;
		for (int a = ACT_FIRST; a < ACT_COUNT; a++) {
			if (!action_in_context(a, c))
				continue;
			char *keys = strdup(action_get(a)->keys), *save = NULL;
			for (char *t = strtok_r(keys, " ", &save); t;
			     t = strtok_r(NULL, " ", &save)) {
				keycode k = key(t);
				for (size_t i = 0; i < n; i++)
					if (seen[i] == k)
						fail_msg("%s: %s is the default of both %s and %s",
							 ui_context_name(c), t, who[i],
							 action_name(a));
				if (ui_context_is_text(c) && keymap_key_is_text(k))
					fail_msg("%s: %s types text there; %s cannot use it",
						 ui_context_name(c), t, action_name(a));
				assert_true(n < 256);
				seen[n] = k;
				who[n++] = action_name(a);
			}
			free(keys);
		}
	}
}

/* ---- lookup ------------------------------------------------------------- */

static void unit__keymap__lookup__context_then_global(void **state)
{
	(void)state;
	struct keymap *km = keymap_new();
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("j")), ACT_DOWN);
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("<Down>")), ACT_DOWN);
	assert_int_equal(keymap_lookup(km, CTX_THREAD, key("j")), ACT_SCROLL_DOWN);
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("c")), ACT_CLAIM);
	assert_int_equal(keymap_lookup(km, CTX_THREAD, key("c")), ACT_CLAIM);
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("q")), ACT_QUIT);   /* global */
	assert_int_equal(keymap_lookup(km, CTX_DIALOG, key("q")), ACT_QUIT); /* not text */
	assert_int_equal(keymap_lookup(km, CTX_COMPOSE, key("<Enter>")), ACT_SEND);
	assert_int_equal(keymap_lookup(km, CTX_COMPOSE, key("<M-Enter>")), ACT_NEWLINE);
	assert_int_equal(keymap_lookup(km, CTX_COMPOSE, key("<C-j>")), ACT_NEWLINE);
	assert_int_equal(keymap_lookup(km, CTX_COMPOSE, key("<C-w>")), ACT_DELETE_WORD_BACK);
	assert_int_equal(keymap_lookup(km, CTX_COMPOSE, key("<Up>")), ACT_EDIT_UP);
	assert_int_equal(keymap_lookup(km, CTX_COMPOSE, key("<Esc>")), ACT_CANCEL);
	/* printable keys type text in text contexts, never reach global */
	assert_int_equal(keymap_lookup(km, CTX_COMPOSE, key("q")), ACT_NONE);
	assert_int_equal(keymap_lookup(km, CTX_COMPOSE, key("?")), ACT_NONE);
	assert_int_equal(keymap_lookup(km, CTX_LOCK, key("n")), ACT_NONE);
	/* other keys do */
	assert_int_equal(keymap_lookup(km, CTX_COMPOSE, key("<C-x>")), ACT_LOCK);
	assert_int_equal(keymap_lookup(km, CTX_COMPOSE, key("<Tab>")), ACT_FOCUS_NEXT);
	assert_int_equal(keymap_lookup(km, CTX_LOCK, key("<C-q>")), ACT_QUIT);
	assert_int_equal(keymap_lookup(km, CTX_SIGNIN, key("<Tab>")), ACT_FIELD_NEXT); /* shadows */
	assert_int_equal(keymap_lookup(km, CTX_PICKER, key("<C-n>")), ACT_PICKER_DOWN);
	assert_int_equal(keymap_lookup(km, CTX_PICKER, key("<Enter>")), ACT_SELECT);
	assert_int_equal(keymap_lookup(km, CTX_DIALOG, key("y")), ACT_CONFIRM);
	assert_int_equal(keymap_lookup(km, CTX_DIALOG, key("<Esc>")), ACT_DIALOG_CANCEL);
	assert_int_equal(keymap_lookup(km, CTX_LOCK, key("<Enter>")), ACT_UNLOCK);
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("<F9>")), ACT_NONE);
	assert_int_equal(keymap_lookup(km, CTX_GLOBAL, key("n")), ACT_NEXT_WAITING);
	assert_int_equal(keymap_lookup(km, CTX_GLOBAL, key("<C-l>")), ACT_REDRAW);
	assert_int_equal(keymap_lookup(NULL, CTX_LIST, key("j")), ACT_NONE);
	assert_int_equal(keymap_lookup(km, CTX_COUNT, key("j")), ACT_NONE);
	keymap_free(&km);
	assert_null(km);
	keymap_free(&km); /* twice is fine */
}

static void unit__keymap__keys_for__help_overlay_text(void **state)
{
	(void)state;
	struct keymap *km = keymap_new();
	struct {
		enum action_id a;
		enum ui_context c;
		const char *want;
	} cases[] = {
		{ ACT_DOWN, CTX_LIST, "j, <Down>" },
		{ ACT_QUIT, CTX_LIST, "q, <C-q>" },
		{ ACT_QUIT, CTX_COMPOSE, "<C-q>" }, /* q types text there */
		{ ACT_NEWLINE, CTX_COMPOSE, "<M-Enter>, <C-j>" },
		{ ACT_FOCUS_NEXT, CTX_SIGNIN, "" }, /* Tab means field_next there */
		{ ACT_FOCUS_NEXT, CTX_LIST, "<Tab>" },
		{ ACT_PAGE_DOWN, CTX_THREAD, "<PgDn>, <C-f>, <Space>" },
		{ ACT_SEND, CTX_LIST, "" },
		{ ACT_NONE, CTX_LIST, "" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = keymap_keys_for(km, cases[i].a, cases[i].c);
		assert_string_equal(s, cases[i].want);
		free(s);
	}
	keymap_free(&km);
}

/* ---- bind, unbind, files ------------------------------------------------ */

static void unit__keymap__bind_unbind__api(void **state)
{
	(void)state;
	struct keymap *km = keymap_new();
	keymap_bind(km, CTX_LIST, key("J"), ACT_DOWN);
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("J")), ACT_DOWN);
	keymap_bind(km, CTX_LIST, key("j"), ACT_UP); /* rebinding replaces */
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("j")), ACT_UP);
	char *s = keymap_keys_for(km, ACT_DOWN, CTX_LIST);
	assert_string_equal(s, "<Down>, J");
	free(s);
	assert_true(keymap_unbind(km, CTX_LIST, key("J")));
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("J")), ACT_NONE);
	assert_false(keymap_unbind(km, CTX_LIST, key("J")));
	/* unbinding a global key in one context hides it there only */
	assert_true(keymap_unbind(km, CTX_THREAD, key("q")));
	assert_int_equal(keymap_lookup(km, CTX_THREAD, key("q")), ACT_NONE);
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("q")), ACT_QUIT);
	assert_false(keymap_unbind(km, CTX_THREAD, key("q")));
	s = keymap_keys_for(km, ACT_QUIT, CTX_THREAD);
	assert_string_equal(s, "<C-q>");
	free(s);
	/* a context binding that also hides a global one stays hidden */
	keymap_bind(km, CTX_LIST, key("n"), ACT_DOWN);
	assert_true(keymap_unbind(km, CTX_LIST, key("n")));
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("n")), ACT_NONE);
	keymap_free(&km);

	km = keymap_new_empty();
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("q")), ACT_NONE);
	keymap_free(&km);
}

static void unit__keymap__load__bind_unbind_comments(void **state)
{
	(void)state;
	struct keymap *km = keymap_new();
	struct errlist errs;
	errlist_init(&errs);
	const char *text = "# my keys\n"
			   "\n"
			   "   \t\n"
			   "bind list J down\n"
			   "unbind list j\r\n"
			   "bind global <C-n> next_waiting\n"
			   "  bind\tthread   x   resolve   # trailing comment\n"
			   "unbind thread q # no quitting from a conversation\n"
			   "bind compose <C-s> send\n"
			   "bind list # search\n"
			   "bind list é open\n"
			   "bind list <C-s> search\n"; /* a global action in one context */
	keymap_load_string(km, "my.keys", text, &errs);
	for (size_t i = 0; i < errs.n; i++)
		print_error("%s\n", errs.msg[i]);
	assert_int_equal(errs.n, 0);
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("J")), ACT_DOWN);
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("j")), ACT_NONE);
	assert_int_equal(keymap_lookup(km, CTX_COMPOSE, key("<C-n>")), ACT_NEXT_WAITING);
	assert_int_equal(keymap_lookup(km, CTX_THREAD, key("x")), ACT_RESOLVE);
	assert_int_equal(keymap_lookup(km, CTX_THREAD, key("q")), ACT_NONE);
	assert_int_equal(keymap_lookup(km, CTX_COMPOSE, key("<C-s>")), ACT_SEND);
	assert_int_equal(keymap_lookup(km, CTX_COMPOSE, key("<Enter>")), ACT_SEND);
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("#")), ACT_SEARCH);
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("é")), ACT_OPEN);
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("<C-s>")), ACT_SEARCH);
	assert_int_equal(keymap_lookup(km, CTX_THREAD, key("<C-s>")), ACT_NONE);
	errlist_free(&errs);
	keymap_free(&km);
}

static void unit__keymap__load__errors_name_file_and_line(void **state)
{
	(void)state;
	struct keymap *km = keymap_new();
	struct errlist errs;
	errlist_init(&errs);
	const char *text = "bind list K up\n"		 /* 1 fine */
			   "bind lst k up\n"		 /* 2 context */
			   "bind list <Ctrl-k> up\n"	 /* 3 key */
			   "bind list k upp\n"		 /* 4 action */
			   "bind list k send\n"		 /* 5 wrong context */
			   "bind list k\n"		 /* 6 arity */
			   "unbind list\n"		 /* 7 arity */
			   "bind list k up extra\n"	 /* 8 arity */
			   "unbind list <F9>\n"		 /* 9 not bound */
			   "map list k up\n"		 /* 10 command */
			   "bind compose x cancel\n"	 /* 11 fine */
			   "bind dialog <F9> template\n" /* 12 wrong context, two homes */
			   "bind list L down\n";	 /* 13 fine after errors */
	assert_int_equal(keymap_load_string(km, "t.keys", text, &errs), 10);
	static const char *const want[] = {
		"t.keys:2: unknown context 'lst' (use one of: global, list, thread, compose, "
		"picker, dialog, lock, signin)",
		"t.keys:3: unknown key '<Ctrl-k>' (write keys like a, <C-x>, <M-x>, <Enter>, <F5>, "
		"<Space>)",
		"t.keys:4: unknown action 'upp'",
		"t.keys:5: action 'send' does not work in context 'list' (only in: compose)",
		"t.keys:6: expected 'bind CONTEXT KEY ACTION'",
		"t.keys:7: expected 'unbind CONTEXT KEY'",
		"t.keys:8: expected 'bind CONTEXT KEY ACTION'",
		"t.keys:9: key <F9> is not bound in context 'list'",
		"t.keys:10: unknown command 'map' (use bind or unbind)",
		"t.keys:12: action 'template' does not work in context 'dialog' (only in: list, "
		"thread, compose)",
	};
	assert_int_equal(errs.n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < errs.n; i++)
		assert_string_equal(errs.msg[i], want[i]);
	/* good lines applied, bad ones left the defaults alone */
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("K")), ACT_UP);
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("L")), ACT_DOWN);
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("k")), ACT_UP);
	assert_int_equal(keymap_lookup(km, CTX_COMPOSE, key("x")), ACT_CANCEL);
	errlist_free(&errs);
	assert_int_equal(errs.n, 0);

	assert_int_equal(keymap_load_file(km, "/nonexistent/curtain.keys", &errs), 1);
	assert_int_equal(errs.n, 1);
	assert_non_null(strstr(errs.msg[0], "/nonexistent/curtain.keys: cannot read the keymap: "));
	errlist_free(&errs);
	keymap_free(&km);
}

/* ---- shipped keymaps ---------------------------------------------------- */

static void unit__keymap__write_defaults__matches_shipped_default_keys(void **state)
{
	(void)state;
	free(shipped_check("keymaps/default.keys", keymap_write_defaults, "test_keymap"));
}

/* Every (context, action) pair has the same keys in both keymaps. */
static void assert_same_bindings(const struct keymap *a, const struct keymap *b)
{
	for (int c = 0; c < CTX_COUNT; c++) {
		for (int act = ACT_FIRST; act < ACT_COUNT; act++) {
			char *ka = keymap_keys_for(a, act, c), *kb = keymap_keys_for(b, act, c);
			if (strcmp(ka, kb) != 0)
				fail_msg("%s %s: '%s' vs '%s'", ui_context_name(c),
					 action_name(act), ka, kb);
			free(ka);
			free(kb);
		}
	}
}

static void unit__keymap__load__default_keys_changes_nothing(void **state)
{
	(void)state;
	struct errlist errs;
	errlist_init(&errs);
	/* onto an empty keymap: the file alone gives the built-in bindings */
	struct keymap *from_file = keymap_new_empty(), *builtin = keymap_new();
	char *path = shipped_path("keymaps/default.keys");
	assert_int_equal(keymap_load_file(from_file, path, &errs), 0);
	assert_same_bindings(from_file, builtin);
	/* and onto the defaults, nothing changes */
	struct keymap *both = keymap_new();
	assert_int_equal(keymap_load_file(both, path, &errs), 0);
	assert_same_bindings(both, builtin);
	assert_int_equal(errs.n, 0);
	keymap_free(&from_file);
	keymap_free(&builtin);
	keymap_free(&both);
	free(path);
}

static void unit__keymap__load__vim_and_emacs_keys(void **state)
{
	(void)state;
	struct errlist errs;
	errlist_init(&errs);
	char *vim = shipped_path("keymaps/vim.keys"), *emacs = shipped_path("keymaps/emacs.keys");

	struct keymap *km = keymap_new();
	keymap_load_file(km, vim, &errs);
	for (size_t i = 0; i < errs.n; i++)
		print_error("%s\n", errs.msg[i]);
	assert_int_equal(errs.n, 0);
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("l")), ACT_OPEN);
	assert_int_equal(keymap_lookup(km, CTX_THREAD, key("h")), ACT_BACK);
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("<C-d>")), ACT_PAGE_DOWN);
	assert_int_equal(keymap_lookup(km, CTX_PICKER, key("<C-k>")), ACT_PICKER_UP);
	keymap_free(&km);

	km = keymap_new();
	keymap_load_file(km, emacs, &errs);
	for (size_t i = 0; i < errs.n; i++)
		print_error("%s\n", errs.msg[i]);
	assert_int_equal(errs.n, 0);
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("<C-n>")), ACT_DOWN);
	assert_int_equal(keymap_lookup(km, CTX_COMPOSE, key("<C-f>")), ACT_RIGHT);
	assert_int_equal(keymap_lookup(km, CTX_COMPOSE, key("<C-g>")), ACT_CANCEL);
	assert_int_equal(keymap_lookup(km, CTX_LIST, key("<M-<>")), ACT_TOP);
	keymap_free(&km);
	free(vim);
	free(emacs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit__keymap__key_parse__canonical_names_round_trip),
		cmocka_unit_test(unit__keymap__key_parse__values_and_aliases),
		cmocka_unit_test(unit__keymap__key_parse__rejects_bad_names),
		cmocka_unit_test(unit__keymap__key_from_curses__normalises),
		cmocka_unit_test(unit__actions__table__names_contexts_and_lookup),
		cmocka_unit_test(unit__actions__contexts__names_and_text),
		cmocka_unit_test(unit__actions__check__preconditions),
		cmocka_unit_test(unit__keymap__defaults__parse_without_conflicts),
		cmocka_unit_test(unit__keymap__lookup__context_then_global),
		cmocka_unit_test(unit__keymap__keys_for__help_overlay_text),
		cmocka_unit_test(unit__keymap__bind_unbind__api),
		cmocka_unit_test(unit__keymap__load__bind_unbind_comments),
		cmocka_unit_test(unit__keymap__load__errors_name_file_and_line),
		cmocka_unit_test(unit__keymap__write_defaults__matches_shipped_default_keys),
		cmocka_unit_test(unit__keymap__load__default_keys_changes_nothing),
		cmocka_unit_test(unit__keymap__load__vim_and_emacs_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
