/* notify: "New text in <department> (N waiting)" and nothing more, as a
 * desktop notification (libnotify, one per department, replaced in place)
 * or as the terminal bell plus OSC 777/OSC 9; rate limited per department.
 * No PHI ever reaches this module: callers pass a department and a count. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libnotify/notify.h>

#include "common/i18n.h"
#include "common/util.h"
#include "sys/notify.h"

#define NOTIFY_APP		   "Curtain"
#define NOTIFY_SUMMARY		   "Curtain"
#define NOTIFY_DEFAULT_INTERVAL_MS 10000
/* Department names are short; a longer one is cut, on a character boundary. */
#define NOTIFY_DEPT_MAX		   80
#define NOTIFY_TEXT_MAX		   512

/* Which OSC notification a terminal gets (see notify_term_osc). */
enum notify_osc {
	NOTIFY_OSC_NONE = 0,
	NOTIFY_OSC_777 = 1,
	NOTIFY_OSC_9 = 2,
	NOTIFY_OSC_BOTH = NOTIFY_OSC_777 | NOTIFY_OSC_9,
};

struct notify_group {
	char *department;
	bool shown;
	int64_t last_shown;
	NotifyNotification *note; /* desktop only; shown again to replace itself */
};

struct notifier {
	struct notify_opts o;
	char *term;
	bool desktop;	     /* a notification service answered at notifier_new */
	bool markup;	     /* it renders body markup: escape & < > */
	enum notify_osc osc; /* from $TERM */
	struct notify_group *groups;
	size_t ngroups;
};

/* libnotify's state is per process; notifiers share it. */
static unsigned notify_refs;
static bool notify_owned;

/* OSC support by $TERM. Terminals that do not know an OSC parse and drop
 * it, so a wrong guess costs nothing visible; unknown or bare terminals
 * (dumb, linux, vt100) get none. Where a terminal is known to implement
 * both, only one is sent so one text makes one popup: kitty and wezterm
 * take OSC 9, foot and urxvt (notify extension) OSC 777. Generic xterm-alikes
 * (GNOME Terminal/VTE, iTerm2, wezterm under "xterm-256color") cannot be
 * told apart by $TERM, so they get both. tmux and screen drop them unless
 * passthrough is on; harmless either way. */
static enum notify_osc notify_term_osc(const char *term)
{
	static const struct {
		const char *needle;
		enum notify_osc osc;
	} table[] = {
		{ "kitty", NOTIFY_OSC_9 },     { "wezterm", NOTIFY_OSC_9 },
		{ "foot", NOTIFY_OSC_777 },    { "rxvt", NOTIFY_OSC_777 },
		{ "xterm", NOTIFY_OSC_BOTH },  { "alacritty", NOTIFY_OSC_BOTH },
		{ "screen", NOTIFY_OSC_BOTH }, { "tmux", NOTIFY_OSC_BOTH },
	};
	if (!term)
		return NOTIFY_OSC_NONE;
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strstr(term, table[i].needle))
			return table[i].osc;
	return NOTIFY_OSC_NONE;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when s starts an
 * invalid one (bad lead, truncated, overlong, surrogate, > U+10FFFF). */
static size_t notify_utf8_len(const unsigned char *s)
{
	unsigned c = s[0], cp;
	size_t n;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* Copies in to out (at most max bytes of text) so that it is safe inside an
 * OSC string and in a notification: C0, DEL and C1 controls (which could end
 * or forge an escape sequence) become a space, invalid UTF-8 bytes '?', and
 * with semis ';' (the OSC 777 field separator) becomes ','. */
static void notify_clean(const char *in, char *out, size_t outlen, size_t max, bool semis)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t o = 0;
	if (max > outlen - 1)
		max = outlen - 1;
	while (*s) {
		size_t n = notify_utf8_len(s);
		if (n == 0) {
			if (o + 1 > max)
				break;
			out[o++] = '?';
			s++;
			continue;
		}
		if (o + n > max)
			break;
		if (n == 1 && (*s < 0x20 || *s == 0x7f))
			out[o++] = ' ';
		else if (n == 1 && *s == ';' && semis)
			out[o++] = ',';
		else if (n == 2 && s[0] == 0xc2 && s[1] < 0xa0) /* U+0080..U+009F */
			out[o++] = ' ';
		else {
			memcpy(out + o, s, n);
			o += n;
		}
		s += n;
	}
	out[o] = '\0';
}

/* The one sentence shown anywhere, in the user's language. */
static void notify_text(const char *department, long waiting, char *out, size_t outlen)
{
	char dept[NOTIFY_DEPT_MAX + 1];
	/* TRANSLATORS: stands for the department in "New text in %s" when a
	 * text arrives in a conversation without one. */
	notify_clean(department && *department ? department : _("the inbox"), dept, sizeof dept,
		     NOTIFY_DEPT_MAX, false);
	/* TRANSLATORS: a desktop or terminal notification; %s is a department
	 * ("Front Desk"), %ld how many conversations wait in it. It must never
	 * say more: no patient name, number or message. */
	snprintf(out, outlen,
		 ngettext("New text in %s (%ld waiting)", "New text in %s (%ld waiting)",
			  (unsigned long)waiting),
		 dept, waiting);
}

/* --- desktop (libnotify) ------------------------------------------- */

/* Whether a notification service answers. notify_get_server_info is a
 * synchronous D-Bus call, so this runs once, here; without a session bus
 * address libnotify is not touched at all (SSH, thin clients, cron). */
static bool notify_desktop_open(struct notifier *n)
{
	const char *bus = getenv("DBUS_SESSION_BUS_ADDRESS");
	char *name = NULL, *vendor = NULL, *version = NULL, *spec = NULL;
	GList *caps = NULL;
	bool ok = false;

	if (!bus || !*bus)
		return false;
	if (notify_refs == 0 && !notify_is_initted()) {
		if (!notify_init(NOTIFY_APP))
			return false;
		notify_owned = true;
	}
	notify_refs++;
	if (!notify_get_server_info(&name, &vendor, &version, &spec))
		goto out;
	caps = notify_get_server_caps();
	for (GList *l = caps; l; l = l->next)
		if (l->data && strcmp(l->data, "body-markup") == 0)
			n->markup = true;
	ok = true;
out:
	g_free(name);
	g_free(vendor);
	g_free(version);
	g_free(spec);
	g_list_free_full(caps, g_free);
	if (!ok && --notify_refs == 0 && notify_owned) {
		notify_uninit();
		notify_owned = false;
	}
	return ok;
}

static void notify_desktop_close(struct notifier *n)
{
	if (!n->desktop)
		return;
	n->desktop = false;
	if (--notify_refs == 0 && notify_owned) {
		notify_uninit();
		notify_owned = false;
	}
}

/* The body as the service wants it: UTF-8 (D-Bus refuses anything else)
 * and, where it renders markup, with & < > escaped. Caller g_free()s. */
static char *notify_desktop_body(const struct notifier *n, const char *text)
{
	char *utf8 = NULL, *body;
	if (g_utf8_validate(text, -1, NULL))
		utf8 = g_strdup(text);
	else if (!(utf8 = g_locale_to_utf8(text, -1, NULL, NULL, NULL)))
		utf8 = g_utf8_make_valid(text, -1);
	if (!n->markup)
		return utf8;
	body = g_markup_escape_text(utf8, -1);
	g_free(utf8);
	return body;
}

static bool notify_desktop_show(struct notifier *n, struct notify_group *g, const char *text)
{
	char *body = notify_desktop_body(n, text);
	GError *err = NULL;
	bool ok;

	if (!g->note) {
		g->note = notify_notification_new(NOTIFY_SUMMARY, body, NULL);
		notify_notification_set_category(g->note, "im.received");
		notify_notification_set_timeout(g->note, NOTIFY_EXPIRES_DEFAULT);
	} else {
		notify_notification_update(g->note, NOTIFY_SUMMARY, body, NULL);
	}
	/* Shown again, the same object carries its id: the service replaces
	 * the department's older notification instead of stacking another. */
	ok = notify_notification_show(g->note, &err);
	g_clear_error(&err);
	g_free(body);
	/* Nothing here runs a GLib main loop; dispatch what D-Bus queued (the
	 * "closed" signals) so it cannot pile up. Never waits. */
	for (int i = 0; i < 64 && g_main_context_iteration(NULL, FALSE); i++)
		;
	return ok;
}

/* --- terminal ------------------------------------------------------ */

/* Writes BEL and/or the OSC notification(s) to the terminal. Skipped rather
 * than waiting when the terminal cannot take bytes now (XOFF, a stuck SSH
 * link): a missed bell is better than a frozen inbox. */
static bool notify_term_show(struct notifier *n, const char *text)
{
	char clean[NOTIFY_TEXT_MAX], buf[3 * NOTIFY_TEXT_MAX];
	size_t len = 0;
	bool osc = n->o.osc && n->osc != NOTIFY_OSC_NONE;
	struct pollfd p = { .fd = n->o.out_fd, .events = POLLOUT };

	if (n->o.out_fd < 0 || (!n->o.bell && !osc))
		return false;
	notify_clean(text, clean, sizeof clean, sizeof clean - 1, true);
	if (n->o.bell)
		buf[len++] = '\a';
	if (osc && (n->osc & NOTIFY_OSC_777))
		len += (size_t)snprintf(buf + len, sizeof buf - len, "\033]777;notify;%s;%s\a",
					NOTIFY_SUMMARY, clean);
	if (osc && (n->osc & NOTIFY_OSC_9))
		len += (size_t)snprintf(buf + len, sizeof buf - len, "\033]9;%s\a", clean);

	if (poll(&p, 1, 0) != 1 || !(p.revents & POLLOUT))
		return false;
	for (size_t off = 0; off < len;) {
		ssize_t w = write(n->o.out_fd, buf + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return off > 0;
		off += (size_t)w;
	}
	return true;
}

/* --- public -------------------------------------------------------- */

struct notifier *notifier_new(const struct notify_opts *o)
{
	struct notifier *n = xmalloc(sizeof *n);
	memset(n, 0, sizeof *n);
	n->o = *o;
	n->term = o->term ? xstrdup(o->term) : NULL;
	n->o.term = n->term;
	/* A zeroed struct notify_opts gets the documented default. */
	if (n->o.min_interval_ms <= 0)
		n->o.min_interval_ms = NOTIFY_DEFAULT_INTERVAL_MS;
	n->osc = notify_term_osc(n->term);
	n->desktop = o->desktop && notify_desktop_open(n);
	return n;
}

void notifier_free(struct notifier **np)
{
	struct notifier *n = *np;
	if (!n)
		return;
	for (size_t i = 0; i < n->ngroups; i++) {
		if (n->groups[i].note)
			g_object_unref(n->groups[i].note);
		free(n->groups[i].department);
	}
	free(n->groups);
	notify_desktop_close(n);
	free(n->term);
	free(n);
	*np = NULL;
}

bool notifier_has_desktop(const struct notifier *n)
{
	return n && n->desktop;
}

static struct notify_group *notify_group_get(struct notifier *n, const char *department)
{
	const char *key = department ? department : "";
	for (size_t i = 0; i < n->ngroups; i++)
		if (strcmp(n->groups[i].department, key) == 0)
			return &n->groups[i];
	n->groups = xrealloc(n->groups, (n->ngroups + 1) * sizeof *n->groups);
	struct notify_group *g = &n->groups[n->ngroups++];
	memset(g, 0, sizeof *g);
	g->department = xstrdup(key);
	return g;
}

bool notifier_new_texts(struct notifier *n, const char *department_name, long waiting, bool locked,
			int64_t now)
{
	char text[NOTIFY_TEXT_MAX];
	struct notify_group *g;
	bool shown = false;

	if (!n || waiting <= 0 || (locked && !n->o.when_locked))
		return false;
	g = notify_group_get(n, department_name);
	if (g->shown && now - g->last_shown < n->o.min_interval_ms)
		return false;
	notify_text(department_name, waiting, text, sizeof text);
	if (n->desktop) {
		shown = notify_desktop_show(n, g, text);
		/* The service went away. Stop asking it: each try is a
		 * synchronous D-Bus call, and the terminal still works. */
		if (!shown) {
			for (size_t i = 0; i < n->ngroups; i++)
				if (n->groups[i].note) {
					g_object_unref(n->groups[i].note);
					n->groups[i].note = NULL;
				}
			notify_desktop_close(n);
		}
	}
	if (!shown)
		shown = notify_term_show(n, text);
	if (shown) {
		g->shown = true;
		g->last_shown = now;
	}
	return shown;
}
