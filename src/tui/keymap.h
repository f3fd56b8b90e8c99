/* keymap: key names <-> key codes, and the per-context tables that map a key
 * to an action. A keymap starts from the defaults in ACTIONS() and then
 * applies a keymap file ("bind <context> <key> <action>", "unbind <context>
 * <key>"); bad lines are reported as "FILE:LINE: ..." and skipped. Needs no
 * terminal: only ncurses' KEY_* constants are used. */
#ifndef CURTAIN_KEYMAP_H
#define CURTAIN_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tui/actions.h"
#include "tui/errlist.h"

/* A key: a Unicode code point (control characters included: <C-a> is 1,
 * <Enter> 13, <Tab> 9, <Esc> 27, <BS> 127) or, with KEYC_FUNC, an ncurses
 * KEY_* code; KEYC_ALT marks a key typed after Esc (Alt/Meta). */
typedef uint32_t keycode;
#define KEYC_VALUE 0x00ffffffu
#define KEYC_FUNC  0x01000000u
#define KEYC_ALT   0x02000000u
#define KEYC_NONE  0xffffffffu

/* Longest key name keymap_key_name() writes, with its NUL. */
#define KEYMAP_NAME_MAX 32

/* Parses one key name: a printable UTF-8 character ("a", "é", "?"), or
 * "<...>": <C-x>, <M-x> (also <A-x>), <M-C-x>, <Enter>, <Esc>, <Tab>,
 * <S-Tab>, <BS>, <Del>, <Ins>, <Up>, <Down>, <Left>, <Right>, <S-Left>,
 * <S-Right>, <Home>, <End>, <PgUp>, <PgDn>, <F1>..<F24>, <Space>, <lt>.
 * Names inside <> are case-insensitive. False if name is not a key. */
bool keymap_key_parse(const char *name, keycode *key);
/* The canonical name of key into out (KEYMAP_NAME_MAX bytes); returns out.
 * keymap_key_parse() of the result gives key back. */
char *keymap_key_name(keycode key, char out[KEYMAP_NAME_MAX]);
/* True for a printable character without Alt: text in a text field. */
bool keymap_key_is_text(keycode key);

/* The key for what wget_wch() returned: is_function is true when it
 * returned KEY_CODE_YES; alt when the key followed an Esc. KEY_ENTER becomes
 * <Enter> and KEY_BACKSPACE <BS>. The client runs in raw() + nonl() mode so
 * that Enter (13) and Ctrl-J (10) differ. */
keycode keymap_key_from_curses(bool is_function, uint32_t ch, bool alt);

struct keymap;

/* A keymap with the default bindings from ACTIONS(). */
struct keymap *keymap_new(void);
/* A keymap with no bindings at all. */
struct keymap *keymap_new_empty(void);
void keymap_free(struct keymap **km);

/* Binds key to action in ctx, replacing what the key did there. */
void keymap_bind(struct keymap *km, enum ui_context ctx, keycode key, enum action_id action);
/* Removes key from ctx. If the key is bound only globally, ctx gets an
 * explicit "nothing" so the global binding no longer applies there. False
 * when the key does nothing in ctx. */
bool keymap_unbind(struct keymap *km, enum ui_context ctx, keycode key);

/* The action for key in ctx: ctx's own binding first, then the global one
 * (except for plain printable keys in text contexts, which type text).
 * ACT_NONE when the key does nothing. */
enum action_id keymap_lookup(const struct keymap *km, enum ui_context ctx, keycode key);

/* The keys that run action in ctx (global ones included when they reach
 * ctx), as "j, <Down>"; "" when none. Caller frees. */
char *keymap_keys_for(const struct keymap *km, enum action_id action, enum ui_context ctx);
/* The first key bound to action in ctx ("W"), or unbound when none is. */
void keymap_first_key(const struct keymap *km, enum action_id action, enum ui_context ctx,
		      const char *unbound, char *out, size_t n);

/* Applies the keymap file text to km; name prefixes the error messages
 * ("name:LINE: ..."). Returns the number of errors added to errs (which
 * may be NULL). */
int keymap_load_string(struct keymap *km, const char *name, const char *text, struct errlist *errs);
/* Same for a file; an unreadable file is one error and changes nothing. */
int keymap_load_file(struct keymap *km, const char *path, struct errlist *errs);

/* Writes the built-in bindings as a keymap file (keymaps/default.keys). */
void keymap_write_defaults(FILE *out);

#endif
