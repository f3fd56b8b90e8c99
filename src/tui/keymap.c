/* keymap: key names, default bindings from ACTIONS(), keymap files. */
#include "tui/keymap.h"

#include <curses.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/util.h"
#include "tui/cfgfile.h"

struct binding {
	keycode key;
	enum action_id action; /* ACT_NONE: explicitly unbound (hides global) */
};

struct keymap {
	struct binding *b[CTX_COUNT];
	size_t n[CTX_COUNT];
	size_t cap[CTX_COUNT];
};

/* ---- key names ---------------------------------------------------------- */

struct keyname {
	const char *name;
	keycode key;
};

/* Canonical names first: keymap_key_name() prints the first match. */
static const struct keyname key_names[] = {
	{ "Enter", 13 },
	{ "Esc", 27 },
	{ "Tab", 9 },
	{ "BS", 127 },
	{ "Space", ' ' },
	{ "S-Tab", KEYC_FUNC | KEY_BTAB },
	{ "Del", KEYC_FUNC | KEY_DC },
	{ "Ins", KEYC_FUNC | KEY_IC },
	{ "Up", KEYC_FUNC | KEY_UP },
	{ "Down", KEYC_FUNC | KEY_DOWN },
	{ "Left", KEYC_FUNC | KEY_LEFT },
	{ "Right", KEYC_FUNC | KEY_RIGHT },
	{ "S-Left", KEYC_FUNC | KEY_SLEFT },
	{ "S-Right", KEYC_FUNC | KEY_SRIGHT },
	{ "Home", KEYC_FUNC | KEY_HOME },
	{ "End", KEYC_FUNC | KEY_END },
	{ "PgUp", KEYC_FUNC | KEY_PPAGE },
	{ "PgDn", KEYC_FUNC | KEY_NPAGE },
	/* aliases, accepted when reading */
	{ "CR", 13 },
	{ "Return", 13 },
	{ "Escape", 27 },
	{ "Backspace", 127 },
	{ "BTab", KEYC_FUNC | KEY_BTAB },
	{ "Delete", KEYC_FUNC | KEY_DC },
	{ "Insert", KEYC_FUNC | KEY_IC },
	{ "PageUp", KEYC_FUNC | KEY_PPAGE },
	{ "PageDown", KEYC_FUNC | KEY_NPAGE },
	{ "PgDown", KEYC_FUNC | KEY_NPAGE },
	{ "lt", '<' },
	{ "gt", '>' },
};

#define N_KEY_NAMES (sizeof key_names / sizeof key_names[0])
#define FKEY_MAX    24

/* One UTF-8 sequence at s: its length (0 if invalid) and code point. */
static size_t utf8_decode(const char *str, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len;
	uint32_t c;
	if (s[0] < 0x80) {
		*cp = s[0];
		return s[0] ? 1 : 0;
	} else if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		c = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (c < min[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

static size_t utf8_encode(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	} else if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	} else if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* A character that shows as itself (no C0/C1 controls, no DEL). */
static bool cp_printable(uint32_t c)
{
	return c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0) && c <= 0x10ffff &&
	       !(c >= 0xd800 && c <= 0xdfff);
}

/* s is exactly one printable character. */
static bool parse_char(const char *s, uint32_t *cp)
{
	size_t n = utf8_decode(s, cp);
	return n > 0 && s[n] == '\0' && cp_printable(*cp);
}

static bool parse_named(const char *s, keycode *key)
{
	for (size_t i = 0; i < N_KEY_NAMES; i++) {
		if (strcasecmp(key_names[i].name, s) == 0) {
			*key = key_names[i].key;
			return true;
		}
	}
	if ((s[0] == 'F' || s[0] == 'f') && s[1] >= '1' && s[1] <= '9') {
		char *end;
		long n = strtol(s + 1, &end, 10);
		if (*end == '\0' && n >= 1 && n <= FKEY_MAX) {
			*key = KEYC_FUNC | (keycode)KEY_F(n);
			return true;
		}
	}
	return false;
}

/* Ctrl applied to a character, as a terminal sends it. */
static bool apply_ctrl(keycode base, keycode *out)
{
	if (base >= 'a' && base <= 'z')
		*out = base - 'a' + 1;
	else if (base >= 'A' && base <= 'Z')
		*out = base - 'A' + 1;
	else if (base == '@' || base == ' ')
		*out = 0;
	else if (base == '[' || base == '\\' || base == ']' || base == '^' || base == '_')
		*out = base - 0x40;
	else if (base == '?')
		*out = 127;
	else
		return false;
	return true;
}

bool keymap_key_parse(const char *name, keycode *key)
{
	uint32_t cp;
	if (!name || !*name)
		return false;
	if (parse_char(name, &cp)) {
		*key = cp;
		return true;
	}
	size_t len = strlen(name);
	char inner[KEYMAP_NAME_MAX];
	if (len < 3 || name[0] != '<' || name[len - 1] != '>' || len - 2 >= sizeof inner)
		return false;
	memcpy(inner, name + 1, len - 2);
	inner[len - 2] = '\0';

	bool ctrl = false, alt = false;
	const char *p = inner;
	while (strlen(p) > 2 && p[1] == '-' && strchr("CcMmAa", p[0])) {
		bool *mod = (p[0] == 'C' || p[0] == 'c') ? &ctrl : &alt;
		if (*mod)
			return false;
		*mod = true;
		p += 2;
	}
	keycode base;
	if (parse_char(p, &cp))
		base = cp;
	else if (!parse_named(p, &base))
		return false;
	if (ctrl && ((base & KEYC_FUNC) || !apply_ctrl(base, &base)))
		return false;
	*key = base | (alt ? KEYC_ALT : 0);
	return true;
}

char *keymap_key_name(keycode key, char out[KEYMAP_NAME_MAX])
{
	keycode v = key & (KEYC_VALUE | KEYC_FUNC);
	bool alt = (key & KEYC_ALT) != 0;
	char inner[KEYMAP_NAME_MAX - 8] = ""; /* room for "<M-" and ">" */

	if (key == KEYC_NONE) {
		snprintf(out, KEYMAP_NAME_MAX, "<None>");
		return out;
	}
	if (!(v & KEYC_FUNC) && cp_printable(v) && v != ' ') {
		size_t n = utf8_encode(v, inner);
		inner[n] = '\0';
		if (!alt) {
			memcpy(out, inner, n + 1);
			return out;
		}
	} else {
		for (size_t i = 0; i < N_KEY_NAMES && !inner[0]; i++)
			if (key_names[i].key == v)
				snprintf(inner, sizeof inner, "%s", key_names[i].name);
		if (inner[0]) {
			/* found */
		} else if (v & KEYC_FUNC) {
			int k = (int)(v & KEYC_VALUE);
			if (k >= KEY_F(1) && k <= KEY_F(FKEY_MAX))
				snprintf(inner, sizeof inner, "F%d", k - KEY_F(0));
			else
				snprintf(inner, sizeof inner, "Key-%d", k);
		} else if (v == 0) {
			snprintf(inner, sizeof inner, "C-Space");
		} else if (v >= 1 && v <= 26) {
			snprintf(inner, sizeof inner, "C-%c", (char)('a' + v - 1));
		} else if (v >= 28 && v <= 31) {
			snprintf(inner, sizeof inner, "C-%c", (char)(v + 0x40));
		} else {
			snprintf(inner, sizeof inner, "U+%04X", (unsigned)v);
		}
	}
	snprintf(out, KEYMAP_NAME_MAX, "<%s%s>", alt ? "M-" : "", inner);
	return out;
}

bool keymap_key_is_text(keycode key)
{
	return key != KEYC_NONE && !(key & (KEYC_FUNC | KEYC_ALT)) && cp_printable(key);
}

keycode keymap_key_from_curses(bool is_function, uint32_t ch, bool alt)
{
	keycode k;
	if (is_function) {
		if (ch == KEY_ENTER)
			k = 13;
		else if (ch == KEY_BACKSPACE)
			k = 127;
		else
			k = KEYC_FUNC | (ch & KEYC_VALUE);
	} else {
		k = ch & KEYC_VALUE;
	}
	return k | (alt ? KEYC_ALT : 0);
}

/* ---- the tables --------------------------------------------------------- */

static struct binding *find(const struct keymap *km, enum ui_context ctx, keycode key)
{
	for (size_t i = 0; i < km->n[ctx]; i++)
		if (km->b[ctx][i].key == key)
			return &km->b[ctx][i];
	return NULL;
}

/* The global binding of key, if it applies in ctx. */
static const struct binding *global_reaching(const struct keymap *km, enum ui_context ctx,
					     keycode key)
{
	if (ctx == CTX_GLOBAL || (ui_context_is_text(ctx) && keymap_key_is_text(key)))
		return NULL;
	const struct binding *g = find(km, CTX_GLOBAL, key);
	return g && g->action != ACT_NONE ? g : NULL;
}

static bool ctx_valid(enum ui_context ctx)
{
	return (int)ctx >= 0 && ctx < CTX_COUNT;
}

static void put(struct keymap *km, enum ui_context ctx, keycode key, enum action_id action)
{
	struct binding *b = find(km, ctx, key);
	if (b) {
		b->action = action;
		return;
	}
	if (km->n[ctx] == km->cap[ctx]) {
		km->cap[ctx] = km->cap[ctx] ? 2 * km->cap[ctx] : 32;
		km->b[ctx] = xrealloc(km->b[ctx], km->cap[ctx] * sizeof *km->b[ctx]);
	}
	km->b[ctx][km->n[ctx]++] = (struct binding){ key, action };
}

void keymap_bind(struct keymap *km, enum ui_context ctx, keycode key, enum action_id action)
{
	if (!ctx_valid(ctx) || key == KEYC_NONE)
		return;
	put(km, ctx, key, action);
}

bool keymap_unbind(struct keymap *km, enum ui_context ctx, keycode key)
{
	if (!ctx_valid(ctx))
		return false;
	struct binding *b = find(km, ctx, key);
	bool hides_global = global_reaching(km, ctx, key) != NULL;
	if (b && b->action == ACT_NONE)
		return false;
	if (b && !hides_global) {
		size_t i = (size_t)(b - km->b[ctx]);
		memmove(b, b + 1, (km->n[ctx] - i - 1) * sizeof *b);
		km->n[ctx]--;
		return true;
	}
	if (!b && !hides_global)
		return false;
	put(km, ctx, key, ACT_NONE);
	return true;
}

enum action_id keymap_lookup(const struct keymap *km, enum ui_context ctx, keycode key)
{
	if (!km || !ctx_valid(ctx))
		return ACT_NONE;
	const struct binding *b = find(km, ctx, key);
	if (b)
		return b->action;
	b = global_reaching(km, ctx, key);
	return b ? b->action : ACT_NONE;
}

void keymap_first_key(const struct keymap *km, enum action_id action, enum ui_context ctx,
		      const char *unbound, char *out, size_t n)
{
	char *keys = keymap_keys_for(km, action, ctx);
	size_t k = keys ? strcspn(keys, ",") : 0;
	if (k)
		snprintf(out, n, "%.*s", (int)k, keys);
	else
		snprintf(out, n, "%s", unbound);
	free(keys);
}

char *keymap_keys_for(const struct keymap *km, enum action_id action, enum ui_context ctx)
{
	struct buf out;
	char name[KEYMAP_NAME_MAX];
	buf_init(&out);
	buf_puts(&out, "");
	if (!km || !ctx_valid(ctx) || action == ACT_NONE)
		return buf_steal(&out);
	for (size_t i = 0; i < km->n[ctx]; i++) {
		if (km->b[ctx][i].action != action)
			continue;
		buf_printf(&out, "%s%s", out.len ? ", " : "",
			   keymap_key_name(km->b[ctx][i].key, name));
	}
	for (size_t i = 0; ctx != CTX_GLOBAL && i < km->n[CTX_GLOBAL]; i++) {
		keycode k = km->b[CTX_GLOBAL][i].key;
		if (km->b[CTX_GLOBAL][i].action != action || find(km, ctx, k) ||
		    !global_reaching(km, ctx, k))
			continue;
		buf_printf(&out, "%s%s", out.len ? ", " : "", keymap_key_name(k, name));
	}
	return buf_steal(&out);
}

struct keymap *keymap_new_empty(void)
{
	return xcalloc(1, sizeof(struct keymap));
}

/* Calls fn for every key name in a default-keys string. */
static void each_default_key(const char *keys, void (*fn)(const char *name, void *arg), void *arg)
{
	char tok[KEYMAP_NAME_MAX];
	const char *p = keys;
	while (*p) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (n && n < sizeof tok) {
			memcpy(tok, p, n);
			tok[n] = '\0';
			fn(tok, arg);
		}
		p += n;
	}
}

struct default_arg {
	struct keymap *km;
	enum action_id action;
	enum ui_context ctx;
	FILE *out;
};

static void bind_default(const char *name, void *arg)
{
	struct default_arg *d = arg;
	keycode k;
	if (keymap_key_parse(name, &k))
		put(d->km, d->ctx, k, d->action);
}

struct keymap *keymap_new(void)
{
	struct keymap *km = keymap_new_empty();
	for (int c = 0; c < CTX_COUNT; c++) {
		for (int a = ACT_FIRST; a < ACT_COUNT; a++) {
			if (!action_in_context(a, c))
				continue;
			struct default_arg d = { km, a, c, NULL };
			each_default_key(action_get(a)->keys, bind_default, &d);
		}
	}
	return km;
}

void keymap_free(struct keymap **km)
{
	if (!km || !*km)
		return;
	for (int c = 0; c < CTX_COUNT; c++)
		free((*km)->b[c]);
	free(*km);
	*km = NULL;
}

/* ---- keymap files ------------------------------------------------------- */

#define MAX_WORDS 8

/* The contexts where an action called name may be bound. */
static unsigned contexts_of_name(const char *name)
{
	unsigned mask = 0;
	for (int a = ACT_FIRST; a < ACT_COUNT; a++)
		for (int c = 0; c < CTX_COUNT; c++)
			if (strcmp(action_name(a), name) == 0 && action_usable_in(a, c))
				mask |= 1u << c;
	return mask;
}

/* Applies one line; returns NULL or an error message (caller frees). */
static char *apply_line(struct keymap *km, char *line)
{
	char *w[MAX_WORDS + 1];
	int n = 0;
	char *msg = NULL;
	for (char *save = NULL, *t = strtok_r(line, " \t\r\n", &save); t;
	     t = strtok_r(NULL, " \t\r\n", &save)) {
		if (n == MAX_WORDS + 1)
			break;
		w[n++] = t;
	}
	if (n == 0 || w[0][0] == '#')
		return NULL;

	int want;
	if (strcmp(w[0], "bind") == 0)
		want = 4;
	else if (strcmp(w[0], "unbind") == 0)
		want = 3;
	else {
		return cfgfile_msg(_("unknown command '%s' (use bind or unbind)"), w[0]);
	}
	if (n > want && w[want][0] == '#')
		n = want; /* a comment after the arguments */
	if (n != want) {
		const char *m = want == 4 ? _("expected 'bind CONTEXT KEY ACTION'") :
					    _("expected 'unbind CONTEXT KEY'");
		return xstrdup(m);
	}

	enum ui_context ctx;
	if (!ui_context_from_name(w[1], &ctx)) {
		char *all = ui_context_list(~0u);
		msg = cfgfile_msg(_("unknown context '%s' (use one of: %s)"), w[1], all);
		free(all);
		return msg;
	}
	keycode key;
	if (!keymap_key_parse(w[2], &key)) {
		return cfgfile_msg(_("unknown key '%s' (write keys like a, <C-x>, <M-x>, <Enter>, "
				     "<F5>, <Space>)"),
				   w[2]);
	}
	if (want == 3) {
		char name[KEYMAP_NAME_MAX];
		if (keymap_unbind(km, ctx, key))
			return NULL;
		return cfgfile_msg(_("key %s is not bound in context '%s'"),
				   keymap_key_name(key, name), w[1]);
	}
	enum action_id a = action_lookup(w[3], ctx);
	if (a == ACT_NONE) {
		if (action_lookup_any(w[3]) == ACT_NONE)
			return cfgfile_msg(_("unknown action '%s'"), w[3]);
		char *where = ui_context_list(contexts_of_name(w[3]));
		msg = cfgfile_msg(_("action '%s' does not work in context '%s' (only in: %s)"),
				  w[3], w[1], where);
		free(where);
		return msg;
	}
	put(km, ctx, key, a);
	return NULL;
}

static char *apply_line_cb(char *line, void *arg)
{
	return apply_line(arg, line);
}

int keymap_load_string(struct keymap *km, const char *name, const char *text, struct errlist *errs)
{
	return cfgfile_parse(name, text, apply_line_cb, km, errs);
}

int keymap_load_file(struct keymap *km, const char *path, struct errlist *errs)
{
	char *text = cfgfile_read(path);
	if (!text) {
		errlist_addf(errs, _("%s: cannot read the keymap: %s"), path, strerror(errno));
		return 1;
	}
	int bad = keymap_load_string(km, path, text, errs);
	free(text);
	return bad;
}

static void write_default(const char *name, void *arg)
{
	struct default_arg *d = arg;
	const struct action *a = action_get(d->action);
	fprintf(d->out, "bind %-7s %-9s %-17s # %s\n", ui_context_name(d->ctx), name, a->name,
		a->help);
}

void keymap_write_defaults(FILE *out)
{
	static const char head[] =
		"# Curtain's built-in key bindings. Loading this file changes nothing;\n"
		"# copy it to start a keymap of your own, or write a short file with only\n"
		"# the lines you change (see vim.keys and emacs.keys).\n"
		"#\n"
		"# Generated by keymap_write_defaults() from src/tui/actions.h; the unit\n"
		"# test tests/unit/tui/test_keymap.c checks that it is current.\n"
		"#\n"
		"#   bind CONTEXT KEY ACTION   KEY runs ACTION in CONTEXT\n"
		"#   unbind CONTEXT KEY        KEY does nothing in CONTEXT\n"
		"#\n"
		"# Contexts: global (everywhere, unless the focused context binds the key),\n"
		"# list, thread, compose, picker, dialog, lock, signin. In compose, picker,\n"
		"# lock and signin, plain characters type text and never reach global.\n"
		"#\n"
		"# Keys: a, é, ?, <C-x> (Ctrl), <M-x> (Alt, or Esc then x), <Enter>, <Esc>,\n"
		"# <Tab>, <S-Tab>, <BS>, <Del>, <Ins>, <Up>, <Down>, <Left>, <Right>,\n"
		"# <Home>, <End>, <PgUp>, <PgDn>, <F1>..<F24>, <Space>, <lt> (for <).\n"
		"# Lines starting with '#' and anything after '#' following the action\n"
		"# are comments.\n";
	fputs(head, out);
	for (int c = 0; c < CTX_COUNT; c++) {
		fprintf(out, "\n## %s\n", ui_context_name(c));
		for (int a = ACT_FIRST; a < ACT_COUNT; a++) {
			if (!action_in_context(a, c))
				continue;
			struct default_arg d = { NULL, a, c, out };
			each_default_key(action_get(a)->keys, write_default, &d);
		}
	}
}
