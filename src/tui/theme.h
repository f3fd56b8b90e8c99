/* theme: the colours and attributes of every semantic screen element
 * (inbox.unread, thread.outbound, nag.span...), read from INI-style theme
 * files, and how they degrade to the terminal's colours: 256 -> nearest of
 * 16 -> 8 (bright turns bold) -> monochrome, where each element keeps an
 * attribute fallback so nothing depends on colour alone. No curses here;
 * theme_curses.h turns the result into colour pairs. */
#ifndef CURTAIN_THEME_H
#define CURTAIN_THEME_H

#include <stdbool.h>
#include <stdio.h>

#include "tui/errlist.h"

/* Attribute bits (independent of curses). */
enum theme_attr {
	TA_BOLD = 1u << 0,
	TA_UNDERLINE = 1u << 1,
	TA_REVERSE = 1u << 2,
	TA_DIM = 1u << 3,
	TA_ITALIC = 1u << 4,
	TA_STANDOUT = 1u << 5,
};

/* X(ID, "key", "default value", monochrome fallback, "description")
 * Descriptions go into themes/theme.template (for theme authors, English). */
#define THEME_ELEMENTS(X)                                                                         \
	X(TITLE, "title", "bold white blue", TA_BOLD | TA_REVERSE,                                \
	  "Top line: practice, signed-in staff member, connection state")                         \
	X(STATUS_BAR, "status.bar", "white blue", TA_REVERSE, "Bottom status line and key hints") \
	X(STATUS_ERROR, "status.error", "bold white red", TA_BOLD | TA_REVERSE,                   \
	  "Status line showing an error")                                                         \
	X(STATUS_OK, "status.ok", "black green", TA_BOLD,                                         \
	  "Status line confirming that something worked")                                         \
	X(SIDEBAR, "sidebar", "default default", 0, "Department list on the left")                \
	X(SIDEBAR_SELECTED, "sidebar.selected", "bold black cyan", TA_BOLD | TA_REVERSE,          \
	  "The department being shown")                                                           \
	X(SIDEBAR_COUNT, "sidebar.count", "yellow default", TA_BOLD,                              \
	  "Waiting counts next to each department")                                               \
	X(INBOX_ROW, "inbox.row", "default default", 0, "A conversation row in the list")         \
	X(INBOX_SELECTED, "inbox.selected", "black cyan", TA_REVERSE,                             \
	  "The selected conversation row")                                                        \
	X(INBOX_UNREAD, "inbox.unread", "bold default default", TA_BOLD,                          \
	  "A row with messages nobody has read")                                                  \
	X(INBOX_MINE, "inbox.mine", "green default", TA_UNDERLINE,                                \
	  "The assignee column when the conversation is assigned to you")                         \
	X(INBOX_WAITING, "inbox.waiting", "bold yellow default", TA_BOLD,                         \
	  "How long the patient has waited for a reply")                                          \
	X(INBOX_STATUS, "inbox.status", "cyan default", TA_DIM,                                   \
	  "Status column: pending, snoozed, resolved")                                            \
	X(THREAD_INBOUND, "thread.inbound", "default default", 0, "Messages from the patient")    \
	X(THREAD_OUTBOUND, "thread.outbound", "cyan default", 0, "Messages sent by the practice") \
	X(THREAD_SYSTEM, "thread.system", "magenta default", TA_DIM,                              \
	  "Events: assigned, transferred, opted out, resolved")                                   \
	X(THREAD_NOTE, "thread.note", "black yellow", TA_REVERSE,                                 \
	  "Internal notes (never sent to the patient)")                                           \
	X(THREAD_META, "thread.meta", "brightblack default", TA_DIM,                              \
	  "Time and sender above each message")                                                   \
	X(THREAD_FAILED, "thread.failed", "bold red default", TA_BOLD | TA_REVERSE,               \
	  "A message that could not be delivered")                                                \
	X(THREAD_PENDING, "thread.pending", "brightblack default", TA_DIM,                        \
	  "A message still being sent")                                                           \
	X(THREAD_ATTACHMENT, "thread.attachment", "green default", TA_BOLD,                       \
	  "An attachment (picture or PDF) under its message")                                     \
	X(THREAD_ATTACHMENT_REJECTED, "thread.attachment.rejected", "yellow default",             \
	  TA_UNDERLINE, "An attachment still arriving, or not accepted (and why)")                \
	X(BANNER_OPTOUT, "banner.optout", "bold white red", TA_BOLD | TA_REVERSE,                 \
	  "Banner: the patient has opted out of texts")                                           \
	X(BANNER_PRESENCE, "banner.presence", "black yellow", TA_REVERSE,                         \
	  "Banner: a colleague is viewing or replying to this conversation")                      \
	X(COMPOSE, "compose", "default default", 0, "The reply editor")                           \
	X(COMPOSE_COUNTER, "compose.counter", "brightblack default", TA_DIM,                      \
	  "Character and segment counter")                                                        \
	X(COMPOSE_ATTACHMENT, "compose.attachment", "green default", TA_BOLD,                     \
	  "Files attached to the reply, sent with it")                                            \
	X(COMPOSE_OVER, "compose.over", "bold red default", TA_BOLD | TA_REVERSE,                 \
	  "Counter when the message is over the length limit")                                    \
	X(NAG_SPAN, "nag.span", "underline black yellow", TA_UNDERLINE | TA_BOLD,                 \
	  "Words too detailed for SMS, highlighted in the editor")                                \
	X(NAG_STATUS, "nag.status", "bold yellow default", TA_BOLD,                               \
	  "The line naming what is too detailed and what to do instead")                          \
	X(PICKER, "picker", "default default", 0, "Template, staff and department pickers")       \
	X(PICKER_SELECTED, "picker.selected", "black cyan", TA_REVERSE, "The highlighted choice") \
	X(PICKER_MATCH, "picker.match", "bold yellow default", TA_BOLD | TA_UNDERLINE,            \
	  "Letters matching what you typed")                                                      \
	X(DIALOG, "dialog", "white blue", 0, "Questions and prompts")                             \
	X(DIALOG_TITLE, "dialog.title", "bold white blue", TA_BOLD | TA_UNDERLINE,                \
	  "The title of a question")                                                              \
	X(HELP, "help", "default default", 0, "The key help overlay")                             \
	X(HELP_KEY, "help.key", "bold cyan default", TA_BOLD, "Key names in the help overlay")    \
	X(HELP_HEADING, "help.heading", "bold yellow default", TA_BOLD | TA_UNDERLINE,            \
	  "Section headings in the help overlay")                                                 \
	X(LOCK, "lock", "default default", 0, "The lock screen")                                  \
	X(LOCK_CLOCK, "lock.clock", "bold cyan default", TA_BOLD, "The clock on the lock screen") \
	X(FIELD, "field", "underline default default", TA_UNDERLINE,                              \
	  "Text fields: sign-in, PIN, prompts")                                                   \
	X(FIELD_FOCUSED, "field.focused", "bold underline default default",                       \
	  TA_BOLD | TA_UNDERLINE, "The text field with the cursor")                               \
	X(BORDER, "border", "blue default", 0, "Lines between panes and around pop-ups")

enum theme_element {
#define X(id, key, def, mono, desc) THEME_##id,
	THEME_ELEMENTS(X)
#undef X
		THEME_COUNT
};

/* Colours: THEME_DEFAULT (the terminal's own), 0..255 (the xterm palette:
 * 0-7 normal, 8-15 bright, 16-231 cube, 232-255 greys) or THEME_RGB|0xrrggbb. */
#define THEME_DEFAULT (-1)
#define THEME_RGB     0x1000000

/* What a theme file says about an element. */
struct theme_spec {
	int fg;
	int bg;
	unsigned attrs; /* enum theme_attr bits */
};

/* What to draw with on a terminal with a given number of colours. */
struct theme_style {
	short fg; /* THEME_DEFAULT or a colour below the terminal's count */
	short bg;
	unsigned attrs;
};

struct theme;

/* The built-in default theme (identical to themes/default.theme). */
struct theme *theme_new(void);
void theme_free(struct theme **t);

/* Applies theme-file text on top of t; name prefixes the "name:LINE: ..."
 * errors. Bad lines change nothing. Returns the number of errors added to
 * errs (which may be NULL). */
int theme_load_string(struct theme *t, const char *name, const char *text, struct errlist *errs);
/* Same for a file; an unreadable file is one error and changes nothing. */
int theme_load_file(struct theme *t, const char *path, struct errlist *errs);

const struct theme_spec *theme_spec_get(const struct theme *t, enum theme_element e);
/* Which elements the loaded files set (defaults not counted). */
bool theme_is_set(const struct theme *t, enum theme_element e);

/* The element's style for a terminal with colors colours (COLORS; 0 or 2
 * for none). */
struct theme_style theme_resolve(const struct theme *t, enum theme_element e, int colors);

const char *theme_element_name(enum theme_element e);
const char *theme_element_description(enum theme_element e);
bool theme_element_from_name(const char *name, enum theme_element *e);
/* The attribute fallback used without colour. */
unsigned theme_element_mono(enum theme_element e);

/* Parses one colour ("default", "red", "brightred", "color42", "#ff8700"). */
bool theme_color_parse(const char *s, int *color);
/* Parses one attribute name ("bold", ...; "none" is 0). */
bool theme_attr_parse(const char *s, unsigned *attr);
/* Parses a value ("bold yellow on blue"); NULL, or an error message
 * (translated, caller frees). */
char *theme_spec_parse(const char *value, struct theme_spec *spec);

/* Nearest palette index: among 16..255 when colors >= 256, else among the
 * 16 basic colours. rgb is 0xrrggbb. */
int theme_nearest_color(unsigned rgb, int colors);

/* Writes themes/theme.template: every element with its description,
 * monochrome fallback and default value. */
void theme_write_template(FILE *out);

#endif
