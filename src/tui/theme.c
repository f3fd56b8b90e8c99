/* theme: element table, theme files, colour degradation. */
#include "tui/theme.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/i18n.h"
#include "common/util.h"
#include "tui/cfgfile.h"

struct element_info {
	const char *key;
	const char *def;
	unsigned mono;
	const char *desc;
};

static const struct element_info elements[THEME_COUNT] = {
#define X(id, key, def, mono, desc) [THEME_##id] = { key, def, mono, desc },
	THEME_ELEMENTS(X)
#undef X
};

struct theme {
	struct theme_spec spec[THEME_COUNT];
	bool set[THEME_COUNT];
};

static const char *const color_names[16] = {
	"black",      "red",	       "green",	      "yellow",	     "blue",	    "magenta",
	"cyan",	      "white",	       "brightblack", "brightred",   "brightgreen", "brightyellow",
	"brightblue", "brightmagenta", "brightcyan",  "brightwhite",
};

static const struct {
	const char *name;
	unsigned bit;
} attr_names[] = {
	{ "bold", TA_BOLD },
	{ "underline", TA_UNDERLINE },
	{ "reverse", TA_REVERSE },
	{ "dim", TA_DIM },
	{ "italic", TA_ITALIC },
	{ "standout", TA_STANDOUT },
	{ "none", 0 },
	{ "normal", 0 },
};

/* xterm's default colours 0-15, the ones the degradation aims for. */
static const unsigned basic_rgb[16] = {
	0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
	0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
};

static unsigned palette_rgb(int i)
{
	static const unsigned level[6] = { 0, 95, 135, 175, 215, 255 };
	if (i < 16)
		return basic_rgb[i];
	if (i < 232) {
		i -= 16;
		return level[i / 36] << 16 | level[i / 6 % 6] << 8 | level[i % 6];
	}
	unsigned g = 8 + 10 * (unsigned)(i - 232);
	return g << 16 | g << 8 | g;
}

/* "Redmean" weighted distance: cheap and closer to what eyes see than RGB. */
static long color_distance(unsigned a, unsigned b)
{
	long r1 = a >> 16 & 0xff, g1 = a >> 8 & 0xff, b1 = a & 0xff;
	long r2 = b >> 16 & 0xff, g2 = b >> 8 & 0xff, b2 = b & 0xff;
	long rm = (r1 + r2) / 2, dr = r1 - r2, dg = g1 - g2, db = b1 - b2;
	return (((512 + rm) * dr * dr) >> 8) + 4 * dg * dg + (((767 - rm) * db * db) >> 8);
}

int theme_nearest_color(unsigned rgb, int colors)
{
	int lo = colors >= 256 ? 16 : 0, hi = colors >= 256 ? 256 : 16;
	int best = lo;
	long best_d = -1;
	for (int i = lo; i < hi; i++) {
		long d = color_distance(rgb, palette_rgb(i));
		if (best_d < 0 || d < best_d) {
			best = i;
			best_d = d;
		}
	}
	return best;
}

bool theme_color_parse(const char *s, int *color)
{
	if (!s || !*s)
		return false;
	if (strcasecmp(s, "default") == 0) {
		*color = THEME_DEFAULT;
		return true;
	}
	if (s[0] == '#') {
		if (strlen(s) != 7 || strspn(s + 1, "0123456789abcdefABCDEF") != 6)
			return false;
		*color = THEME_RGB | (int)strtol(s + 1, NULL, 16);
		return true;
	}
	const char *num = NULL;
	if (strncasecmp(s, "color", 5) == 0)
		num = s + 5;
	else if (strncasecmp(s, "colour", 6) == 0)
		num = s + 6;
	if (num) {
		if (!*num || strlen(num) > 3 || strspn(num, "0123456789") != strlen(num))
			return false;
		int n = atoi(num);
		if (n > 255)
			return false;
		*color = n;
		return true;
	}
	if (strcasecmp(s, "gray") == 0 || strcasecmp(s, "grey") == 0) {
		*color = 8;
		return true;
	}
	/* "brightred", "bright-red", "bright_red" */
	char name[32];
	size_t j = 0;
	for (size_t i = 0; s[i] && j + 1 < sizeof name; i++)
		if (!(i == 6 && (s[i] == '-' || s[i] == '_') && strncasecmp(s, "bright", 6) == 0))
			name[j++] = s[i];
	name[j] = '\0';
	if (strlen(s) >= sizeof name)
		return false;
	for (int i = 0; i < 16; i++) {
		if (strcasecmp(name, color_names[i]) == 0) {
			*color = i;
			return true;
		}
	}
	return false;
}

bool theme_attr_parse(const char *s, unsigned *attr)
{
	for (size_t i = 0; s && i < sizeof attr_names / sizeof attr_names[0]; i++) {
		if (strcasecmp(s, attr_names[i].name) == 0) {
			*attr = attr_names[i].bit;
			return true;
		}
	}
	return false;
}

char *theme_spec_parse(const char *value, struct theme_spec *spec)
{
	struct theme_spec out = { THEME_DEFAULT, THEME_DEFAULT, 0 };
	int ncolors = 0;
	bool on = false;
	char *copy = xstrdup(value ? value : "");
	char *msg = NULL, *save = NULL;
	int words = 0;
	for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		unsigned bit;
		int c;
		words++;
		if (strcasecmp(w, "on") == 0) {
			if (on || ncolors > 1) {
				msg = cfgfile_msg(
					_("misplaced 'on' (write: foreground on background)"));
				goto out;
			}
			on = true;
			if (ncolors == 0)
				ncolors = 1; /* "on blue": the foreground stays default */
		} else if (theme_attr_parse(w, &bit)) {
			out.attrs |= bit;
		} else if (theme_color_parse(w, &c)) {
			if (ncolors >= 2) {
				msg = cfgfile_msg(
					_("too many colours at '%s' (give a foreground and a background)"),
					w);
				goto out;
			}
			if (ncolors == 0)
				out.fg = c;
			else
				out.bg = c;
			ncolors++;
		} else {
			msg = cfgfile_msg(_("unknown colour or attribute '%s'"), w);
			goto out;
		}
	}
	if (words == 0) {
		msg = cfgfile_msg(_("no colours or attributes given"));
	} else if (on && ncolors < 2) {
		msg = cfgfile_msg(_("'on' needs a background colour after it"));
	}
out:
	free(copy);
	if (!msg)
		*spec = out;
	return msg;
}

struct theme *theme_new(void)
{
	struct theme *t = xcalloc(1, sizeof *t);
	for (int e = 0; e < THEME_COUNT; e++) {
		char *msg = theme_spec_parse(elements[e].def, &t->spec[e]);
		if (msg) { /* a bad built-in value: the unit tests catch this */
			free(msg);
			t->spec[e] = (struct theme_spec){ THEME_DEFAULT, THEME_DEFAULT, 0 };
		}
	}
	return t;
}

void theme_free(struct theme **t)
{
	if (!t)
		return;
	free(*t);
	*t = NULL;
}

const char *theme_element_name(enum theme_element e)
{
	return (int)e >= 0 && e < THEME_COUNT ? elements[e].key : "";
}

const char *theme_element_description(enum theme_element e)
{
	return (int)e >= 0 && e < THEME_COUNT ? elements[e].desc : "";
}

unsigned theme_element_mono(enum theme_element e)
{
	return (int)e >= 0 && e < THEME_COUNT ? elements[e].mono : 0;
}

bool theme_element_from_name(const char *name, enum theme_element *e)
{
	for (int i = 0; name && i < THEME_COUNT; i++) {
		if (strcmp(elements[i].key, name) == 0) {
			*e = i;
			return true;
		}
	}
	return false;
}

const struct theme_spec *theme_spec_get(const struct theme *t, enum theme_element e)
{
	return (int)e >= 0 && e < THEME_COUNT ? &t->spec[e] : NULL;
}

bool theme_is_set(const struct theme *t, enum theme_element e)
{
	return (int)e >= 0 && e < THEME_COUNT && t->set[e];
}

static char *theme_line(char *raw, void *arg)
{
	struct theme *t = arg;
	char *line = cfgfile_trim(raw);
	if (!*line || *line == '#' || *line == ';')
		return NULL;
	if (*line == '[')
		return cfgfile_msg(_("theme files have no sections: write 'element = colours' "
				     "lines"));
	char *eq = strchr(line, '=');
	if (!eq)
		return cfgfile_msg(_("expected 'element = colours and attributes'"));
	*eq = '\0';
	char *key = cfgfile_trim(line), *value = cfgfile_trim(eq + 1);
	if (!*key)
		return cfgfile_msg(_("expected 'element = colours and attributes'"));
	enum theme_element e;
	if (!theme_element_from_name(key, &e))
		return cfgfile_msg(_("unknown element '%s' (theme.template lists them all)"), key);
	struct theme_spec spec;
	char *msg = theme_spec_parse(value, &spec);
	if (msg) {
		char *full = cfgfile_msg("%s: %s", key, msg);
		free(msg);
		return full;
	}
	t->spec[e] = spec;
	t->set[e] = true;
	return NULL;
}

int theme_load_string(struct theme *t, const char *name, const char *text, struct errlist *errs)
{
	return cfgfile_parse(name, text, theme_line, t, errs);
}

int theme_load_file(struct theme *t, const char *path, struct errlist *errs)
{
	char *text = cfgfile_read(path);
	if (!text) {
		errlist_addf(errs, _("%s: cannot read the theme: %s"), path, strerror(errno));
		return 1;
	}
	int bad = theme_load_string(t, path, text, errs);
	free(text);
	return bad;
}

/* One colour for a terminal with colors colours; *bright when a bright
 * colour had to become a normal one (8-colour terminals). */
static int degrade(int c, int colors, bool *bright)
{
	*bright = false;
	if (c == THEME_DEFAULT)
		return THEME_DEFAULT;
	if (c & THEME_RGB)
		c = theme_nearest_color((unsigned)c & 0xffffff, colors);
	if (c < colors && (colors >= 16 || c < 8))
		return c;
	if (c >= 16)
		c = theme_nearest_color(palette_rgb(c), 16);
	if (colors >= 16)
		return c;
	if (c >= 8) {
		*bright = true;
		c -= 8;
	}
	return c;
}

static bool is_light(int c)
{
	unsigned rgb = palette_rgb(c);
	unsigned r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
	return (299 * r + 587 * g + 114 * b) / 1000 >= 128;
}

struct theme_style theme_resolve(const struct theme *t, enum theme_element e, int colors)
{
	struct theme_style st = { THEME_DEFAULT, THEME_DEFAULT, 0 };
	if ((int)e < 0 || e >= THEME_COUNT)
		return st;
	const struct theme_spec *sp = &t->spec[e];
	st.attrs = sp->attrs;
	if (colors < 8) {
		/* Monochrome: only attributes, plus the element's own fallback. */
		st.attrs |= elements[e].mono;
		return st;
	}
	bool bright_fg, bright_bg;
	int fg = degrade(sp->fg, colors, &bright_fg);
	int bg = degrade(sp->bg, colors, &bright_bg);
	if (bright_fg)
		st.attrs |= TA_BOLD;
	/* Two colours that were different may meet after degrading. */
	if (fg == bg && fg != THEME_DEFAULT)
		fg = is_light(bg) ? 0 : (colors >= 16 ? 15 : 7);
	st.fg = (short)fg;
	st.bg = (short)bg;
	return st;
}

static void attrs_text(unsigned attrs, char *out, size_t n)
{
	out[0] = '\0';
	for (size_t i = 0; i < sizeof attr_names / sizeof attr_names[0]; i++) {
		if (attr_names[i].bit && (attrs & attr_names[i].bit)) {
			size_t len = strlen(out);
			snprintf(out + len, n - len, "%s%s", len ? " " : "", attr_names[i].name);
		}
	}
	if (!out[0])
		snprintf(out, n, "none");
}

void theme_write_template(FILE *out)
{
	static const char head[] =
		"# Curtain theme template: every element a theme can set, with its\n"
		"# default value. Copy it to ~/.config/curtain/themes/NAME.theme, change\n"
		"# what you like, and put \"theme = NAME\" in ~/.config/curtain/config.\n"
		"#\n"
		"# Generated by theme_write_template() from src/tui/theme.h; the unit\n"
		"# test tests/unit/tui/test_theme.c checks that it is current.\n"
		"#\n"
		"# Each line is   element = [attributes] [foreground [background]]\n"
		"# in any order; the first colour is the foreground, the second the\n"
		"# background, and \"on\" may introduce the background (bold yellow on blue).\n"
		"#   colours:    default (the terminal's own), black, red, green, yellow,\n"
		"#               blue, magenta, cyan, white, brightblack (gray) .. brightwhite,\n"
		"#               color0 .. color255, #rrggbb\n"
		"#   attributes: bold, underline, reverse, dim, italic, standout, none\n"
		"# Elements a theme leaves out keep these defaults. Lines starting with\n"
		"# '#' or ';' are comments.\n"
		"#\n"
		"# On terminals with fewer colours: color16..color255 and #rrggbb become\n"
		"# the nearest of the 16 basic colours, then of 8, where bright\n"
		"# foregrounds turn bold. Without colour only the attributes remain, plus\n"
		"# each element's monochrome fallback (\"mono:\" below), so that nothing\n"
		"# is shown by colour alone.\n";
	fputs(head, out);
	char mono[128];
	for (int e = 0; e < THEME_COUNT; e++) {
		attrs_text(elements[e].mono, mono, sizeof mono);
		fprintf(out, "\n# %s (mono: %s)\n%s = %s\n", elements[e].desc, mono,
			elements[e].key, elements[e].def);
	}
}
