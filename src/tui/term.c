/* term: curses set-up and a terminal restore that also works from a crash
 * signal handler, where endwin() is not safe to call. */
#include "tui/term.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved_tio;
static bool have_tio;
static volatile sig_atomic_t active;
static int sig_pipe[2] = { -1, -1 };
/* What the terminal needs to leave the alternate screen and show the
 * cursor, captured at start so a crash handler can write it. */
static char leave_seq[256];
static size_t leave_len;
/* Terminals without an alternate screen (vt100, linux) must be cleared
 * on the way out, or the inbox would stay on screen. */
static bool have_altscreen;
/* The mouse is on (term_mouse()). */
static bool mouse_on;

static bool cap_present(const char *cap)
{
	char *s = tigetstr((char *)cap);
	return s && s != (char *)-1 && *s;
}

static void seq_add(const char *cap)
{
	char *s = tigetstr((char *)cap);
	if (!s || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (leave_len + n < sizeof leave_seq) {
		memcpy(leave_seq + leave_len, s, n);
		leave_len += n;
	}
}

/* Async-signal-safe: only write(2) and tcsetattr(3). */
static void restore_raw(void)
{
	if (leave_len) {
		ssize_t w = write(STDOUT_FILENO, leave_seq, leave_len);
		(void)w;
	}
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
}

static void on_crash(int sig)
{
	if (active)
		restore_raw();
	active = 0;
	/* No core file (RLIMIT_CORE is 0); die with the same signal. */
	signal(sig, SIG_DFL);
	raise(sig);
}

static void on_signal(int sig)
{
	int saved = errno;
	unsigned char c = (unsigned char)sig;
	if (sig_pipe[1] >= 0) {
		ssize_t w = write(sig_pipe[1], &c, 1);
		(void)w;
	}
	errno = saved;
}

static void handle(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

bool term_init(bool *utf8, int *colors)
{
	if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		return false;
	if (tcgetattr(STDIN_FILENO, &saved_tio) == 0)
		have_tio = true;
	const char *cs = nl_langinfo(CODESET);
	*utf8 = cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	if (!initscr())
		return false;
	active = 1;
	leave_len = 0;
	static const char paste_off[] = "\033[?2004l";
	memcpy(leave_seq, paste_off, sizeof paste_off - 1);
	leave_len = sizeof paste_off - 1;
	seq_add("sgr0");
	seq_add("cnorm");
	have_altscreen = cap_present("smcup") && cap_present("rmcup");
	seq_add(have_altscreen ? "rmcup" : "clear");
	/* Bracketed paste: pasted text arrives between markers, so a line
	 * break inside it cannot send a half-written message. */
	if (isatty(STDOUT_FILENO)) {
		static const char paste_on[] = "\033[?2004h";
		ssize_t w = write(STDOUT_FILENO, paste_on, sizeof paste_on - 1);
		(void)w;
	}
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	*colors = 0;
	if (has_colors() && start_color() == OK) {
		use_default_colors();
		*colors = COLORS;
	}
	handle(SIGWINCH, on_signal, SA_RESTART);
	handle(SIGTERM, on_signal, SA_RESTART);
	handle(SIGINT, on_signal, SA_RESTART);
	handle(SIGHUP, on_signal, SA_RESTART);
	handle(SIGTSTP, on_signal, SA_RESTART);
	handle(SIGCONT, on_signal, SA_RESTART);
	handle(SIGPIPE, SIG_IGN, 0);
	int crash[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGQUIT };
	for (size_t i = 0; i < sizeof crash / sizeof crash[0]; i++)
		handle(crash[i], on_crash, SA_RESETHAND);
	return true;
}

void term_restore(void)
{
	if (!active)
		return;
	active = 0;
	static const char paste_off[] = "\033[?2004l";
	ssize_t w = write(STDOUT_FILENO, paste_off, sizeof paste_off - 1);
	(void)w;
	if (!have_altscreen) {
		erase();
		refresh();
	}
	endwin();
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
}

int term_signal_fd(void)
{
	return sig_pipe[0];
}

int term_next_signal(void)
{
	unsigned char c;
	return read(sig_pipe[0], &c, 1) == 1 ? c : 0;
}

void term_suspend(void)
{
	endwin(); /* also stops the terminal reporting the mouse */
	signal(SIGTSTP, SIG_DFL);
	raise(SIGTSTP);
	/* Continued. */
	handle(SIGTSTP, on_signal, SA_RESTART);
	reset_prog_mode();
	if (mouse_on)
		term_mouse(true);
	refresh();
}

void term_write(const char *s)
{
	size_t n = strlen(s);
	while (n) {
		ssize_t w = write(STDOUT_FILENO, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

void term_preview_begin(void)
{
	def_prog_mode();
	endwin();
	/* endwin() left the alternate screen: back to it, so the picture is
	 * drawn where nothing is kept after the program ends. */
	if (have_altscreen) {
		char *smcup = tigetstr((char *)"smcup");
		if (smcup && smcup != (char *)-1)
			term_write(smcup);
	}
	term_write("\033[H\033[2J");
	struct termios t;
	if (tcgetattr(STDIN_FILENO, &t) == 0) {
		/* Every key is "any key": Ctrl-C and Ctrl-Z too, as in curses. */
		t.c_lflag &= (tcflag_t) ~(ICANON | ECHO | ISIG);
		t.c_cc[VMIN] = 1;
		t.c_cc[VTIME] = 0;
		tcsetattr(STDIN_FILENO, TCSANOW, &t);
	}
}

void term_preview_end(bool kitty)
{
	/* kitty keeps its images apart from the text: delete them all. */
	if (kitty)
		term_write("\033_Ga=d\033\\");
	/* A string terminator first: a chafa cut off inside a sixel or image
	 * sequence would otherwise swallow the clearing that follows. */
	term_write("\033\\\033[0m\033[H\033[2J");
	reset_prog_mode();
	if (mouse_on)
		term_mouse(true);
	clearok(curscr, TRUE);
	refresh();
}

void term_mouse(bool on)
{
	if (!on) {
		mousemask(0, NULL);
		mouse_on = false;
		return;
	}
	/* A press counts at once: no wait to tell a click from a double one. */
	mouseinterval(0);
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	if (!mouse_on) {
		/* A crash must not leave the terminal reporting the mouse: the
		 * restore sequence turns off both encodings ncurses may use. */
		static const char off[] = "\033[?1006l\033[?1000l";
		if (leave_len + sizeof off - 1 < sizeof leave_seq) {
			memcpy(leave_seq + leave_len, off, sizeof off - 1);
			leave_len += sizeof off - 1;
		}
	}
	mouse_on = true;
}

void term_resize(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
		resize_term(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
}
