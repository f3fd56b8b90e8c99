/* term: the terminal under curses — set-up on the alternate screen (so no
 * PHI stays in scrollback), restore on every way out including crashes
 * (async-signal-safe: saved termios plus the terminal's own leave-screen
 * sequences), and a self-pipe that turns signals into loop events. */
#ifndef CURTAIN_TERM_H
#define CURTAIN_TERM_H

#include <stdbool.h>

/* Sets up curses; *utf8 tells whether the locale's charset is UTF-8 and
 * *colors how many colours the terminal has (0 = monochrome). */
bool term_init(bool *utf8, int *colors);
/* Leaves curses and restores the terminal; safe to call twice. */
void term_restore(void);
/* The read end of the signal self-pipe (SIGWINCH, SIGTERM, SIGINT, SIGHUP,
 * SIGTSTP, SIGCONT arrive here as bytes). */
int term_signal_fd(void);
/* The next pending signal number, or 0. */
int term_next_signal(void);
/* Leaves the screen, stops the process (job control), and redraws on return. */
void term_suspend(void);
/* Leaves curses for a picture preview: the program's modes are saved, the
 * alternate screen stays (cleared), so what is drawn there never reaches
 * the scrollback, and keys arrive one at a time without echo (Ctrl-C and
 * Ctrl-Z included, as under curses). */
void term_preview_begin(void);
/* Clears what the preview drew (kitty: its images too) and returns to
 * curses; the next refresh redraws everything. */
void term_preview_end(bool kitty);
/* Writes s to the terminal directly (outside curses: a preview's footer). */
void term_write(const char *s);
/* Picks up a new terminal size after SIGWINCH. */
void term_resize(void);

/* Mouse reports on (click, wheel) or off (the default): ncurses turns on
 * the terminal's mouse mode, and the crash restore turns it off again. */
void term_mouse(bool on);

#endif
