/* theme_curses: the thin curses side of themes: colour pairs and attr_t
 * values for each element, from theme_resolve(). */
#ifndef CURTAIN_THEME_CURSES_H
#define CURTAIN_THEME_CURSES_H

#include <curses.h>

#include "tui/theme.h"

/* Sets up colour pairs for t on a terminal with colors colours (pass
 * COLORS, or 0 for monochrome) and fills attrs[e] with what to draw element
 * e with (attributes | COLOR_PAIR). Call after initscr() and start_color();
 * calls use_default_colors(). Pairs are shared between elements with the
 * same colours; returns how many were used. */
int theme_apply(const struct theme *t, int colors, attr_t attrs[THEME_COUNT]);

/* attr_t for enum theme_attr bits. */
attr_t theme_curses_attrs(unsigned bits);

#endif
