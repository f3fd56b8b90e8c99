/* theme_curses: colour pairs and attributes for the resolved theme. */
#include "tui/theme_curses.h"

attr_t theme_curses_attrs(unsigned bits)
{
	attr_t a = A_NORMAL;
	if (bits & TA_BOLD)
		a |= A_BOLD;
	if (bits & TA_UNDERLINE)
		a |= A_UNDERLINE;
	if (bits & TA_REVERSE)
		a |= A_REVERSE;
	if (bits & TA_DIM)
		a |= A_DIM;
	if (bits & TA_STANDOUT)
		a |= A_STANDOUT;
#ifdef A_ITALIC
	if (bits & TA_ITALIC)
		a |= A_ITALIC;
#endif
	return a;
}

int theme_apply(const struct theme *t, int colors, attr_t attrs[THEME_COUNT])
{
	/* COLOR_PAIR() packs the pair into 8 bits of an attr_t. */
	enum { MAX_PAIRS = 255 };
	short pair_fg[MAX_PAIRS + 1], pair_bg[MAX_PAIRS + 1];
	int npairs = 0, limit = MAX_PAIRS;
	bool have_default = false;

	if (colors >= 8 && has_colors()) {
		have_default = use_default_colors() == OK;
		if (COLOR_PAIRS - 1 < limit)
			limit = COLOR_PAIRS - 1;
		if (COLORS < colors)
			colors = COLORS;
	} else {
		colors = 0;
	}
	for (int e = 0; e < THEME_COUNT; e++) {
		struct theme_style st = theme_resolve(t, e, colors);
		attr_t a = theme_curses_attrs(st.attrs);
		short fg = st.fg, bg = st.bg;
		if (colors >= 8 && !have_default) {
			/* Without default colours, assume white on black. */
			fg = fg == THEME_DEFAULT ? COLOR_WHITE : fg;
			bg = bg == THEME_DEFAULT ? COLOR_BLACK : bg;
		}
		if (colors >= 8 && (fg != THEME_DEFAULT || bg != THEME_DEFAULT)) {
			int p = 0;
			for (int i = 1; i <= npairs && !p; i++)
				if (pair_fg[i] == fg && pair_bg[i] == bg)
					p = i;
			if (!p && npairs < limit && init_pair((short)(npairs + 1), fg, bg) == OK) {
				p = ++npairs;
				pair_fg[p] = fg;
				pair_bg[p] = bg;
			}
			if (p)
				a |= COLOR_PAIR(p);
			else
				a |= theme_curses_attrs(theme_element_mono(e)); /* out of pairs */
		}
		attrs[e] = a;
	}
	return npairs;
}
