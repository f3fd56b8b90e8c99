/* actions: every command the client can run, declared once in ACTIONS()
 * below with its name, the contexts it works in, its preconditions, its
 * default keys and its help text. The keymap parser, the built-in key
 * bindings, keymaps/default.keys and the help overlay all come from here. */
#ifndef CURTAIN_ACTIONS_H
#define CURTAIN_ACTIONS_H

#include <stdbool.h>

#include "common/i18n.h"

/* Where the keyboard focus is. Keys are looked up in the focused context
 * first, then in CTX_GLOBAL (see keymap_lookup()). */
enum ui_context {
	CTX_GLOBAL = 0, /* everywhere (fallback) */
	CTX_LIST,	/* the conversation list (and the sidebar) */
	CTX_THREAD,	/* an open conversation */
	CTX_COMPOSE,	/* the reply / note editor */
	CTX_PICKER,	/* template, staff, department and snooze pickers */
	CTX_DIALOG,	/* a yes/no question */
	CTX_LOCK,	/* the lock screen (PIN entry) */
	CTX_SIGNIN,	/* the sign-in form */
	CTX_COUNT
};

/* Context bit masks for the table. */
#define CTXM(c)	    (1u << CTX_##c)
/* Contexts with a text field: plain printable keys type text there. */
#define CTXM_FIELDS (CTXM(COMPOSE) | CTXM(PICKER) | CTXM(LOCK) | CTXM(SIGNIN))

/* Preconditions, checked by action_check() before dispatch. */
enum action_flag {
	AF_CONV = 1u << 0,	 /* needs a selected conversation */
	AF_UNLOCKED = 1u << 1,	 /* not while the screen is locked */
	AF_SUPERVISOR = 1u << 2, /* supervisors and admins only */
};
#define AF_CU (AF_CONV | AF_UNLOCKED)

/* X(ID, "name", contexts, flags, "default keys", N_("help text"))
 *
 * A name may repeat in different contexts when the keys differ ("up" moves
 * the selection in the list and the cursor in the editor); a (name, context)
 * pair is unique. Default keys are space-separated key names (keymap.h). */
#define ACTIONS(X)                                                                                 \
	/* global */                                                                               \
	X(QUIT, "quit", CTXM(GLOBAL), 0, "q <C-q>", N_("Quit Curtain"))                            \
	X(HELP, "help", CTXM(GLOBAL), 0, "? <F1>", N_("Show the keys for this screen"))            \
	X(SUSPEND, "suspend", CTXM(GLOBAL), 0, "<C-z>",                                           \
	  N_("Lock the screen, then suspend Curtain (fg brings it back)"))                         \
	X(REDRAW, "redraw", CTXM(GLOBAL), 0, "<C-l>", N_("Redraw the screen"))                     \
	X(LOCK, "lock", CTXM(GLOBAL), AF_UNLOCKED, "<C-x>", N_("Lock the screen now"))             \
	X(NEXT_WAITING, "next_waiting", CTXM(GLOBAL), AF_UNLOCKED, "n",                            \
	  N_("Open the conversation that has waited longest for a reply"))                         \
	X(SEARCH, "search", CTXM(GLOBAL), AF_UNLOCKED, "/", N_("Search conversations"))            \
	X(REFRESH, "refresh", CTXM(GLOBAL), AF_UNLOCKED, "<F5> <C-r>",                             \
	  N_("Check the server for new messages now"))                                             \
	X(DEPT_NEXT, "dept_next", CTXM(GLOBAL), AF_UNLOCKED, "]", N_("Show the next department"))  \
	X(DEPT_PREV, "dept_prev", CTXM(GLOBAL), AF_UNLOCKED, "[",                                  \
	  N_("Show the previous department"))                                                      \
	X(FILTER_MINE, "filter_mine", CTXM(GLOBAL), AF_UNLOCKED, "m",                              \
	  N_("Show conversations assigned to you"))                                                \
	X(FILTER_UNASSIGNED, "filter_unassigned", CTXM(GLOBAL), AF_UNLOCKED, "U",                  \
	  N_("Show conversations nobody has claimed"))                                             \
	X(FILTER_ALL, "filter_all", CTXM(GLOBAL), AF_UNLOCKED, "A",                                \
	  N_("Show all open conversations"))                                                       \
	X(FILTER_PENDING, "filter_pending", CTXM(GLOBAL), AF_UNLOCKED, "P",                        \
	  N_("Show conversations marked pending"))                                                 \
	X(FILTER_SNOOZED, "filter_snoozed", CTXM(GLOBAL), AF_UNLOCKED, "Z",                        \
	  N_("Show snoozed conversations"))                                                        \
	X(FILTER_RESOLVED, "filter_resolved", CTXM(GLOBAL), AF_UNLOCKED, "R",                      \
	  N_("Show resolved conversations"))                                                       \
	X(SORT_TOGGLE, "sort_toggle", CTXM(GLOBAL), AF_UNLOCKED, "s",                              \
	  N_("Sort by longest waiting or by latest activity"))                                     \
	X(FOCUS_NEXT, "focus_next", CTXM(GLOBAL), AF_UNLOCKED, "<Tab>",                            \
	  N_("Move to the next pane"))                                                             \
	X(FOCUS_PREV, "focus_prev", CTXM(GLOBAL), AF_UNLOCKED, "<S-Tab>",                          \
	  N_("Move to the previous pane"))                                                         \
	/* list (and thread, for paging) */                                                        \
	X(UP, "up", CTXM(LIST), AF_UNLOCKED, "k <Up>", N_("Select the previous conversation"))     \
	X(DOWN, "down", CTXM(LIST), AF_UNLOCKED, "j <Down>", N_("Select the next conversation"))   \
	X(PAGE_UP, "page_up", CTXM(LIST) | CTXM(THREAD), AF_UNLOCKED, "<PgUp> <C-b>",              \
	  N_("Scroll up one page"))                                                                \
	X(PAGE_DOWN, "page_down", CTXM(LIST) | CTXM(THREAD), AF_UNLOCKED, "<PgDn> <C-f> <Space>",  \
	  N_("Scroll down one page"))                                                              \
	X(TOP, "top", CTXM(LIST) | CTXM(THREAD), AF_UNLOCKED, "g <Home>", N_("Go to the top"))     \
	X(BOTTOM, "bottom", CTXM(LIST) | CTXM(THREAD), AF_UNLOCKED, "G <End>",                     \
	  N_("Go to the bottom"))                                                                  \
	X(OPEN, "open", CTXM(LIST), AF_CU, "<Enter> <Right>",                                      \
	  N_("Open the selected conversation"))                                                    \
	/* thread (the conversation commands also work on the list's selection) */                 \
	X(SCROLL_UP, "scroll_up", CTXM(THREAD), AF_CU, "k <Up>", N_("Scroll to older messages"))   \
	X(SCROLL_DOWN, "scroll_down", CTXM(THREAD), AF_CU, "j <Down>",                             \
	  N_("Scroll to newer messages"))                                                          \
	X(BACK, "back", CTXM(THREAD), AF_UNLOCKED, "<Esc> <Left>",                                 \
	  N_("Close the conversation and go back to the list"))                                    \
	X(REPLY, "reply", CTXM(THREAD), AF_CU, "<Enter> i", N_("Write a reply"))                   \
	X(TEMPLATE, "template", CTXM(LIST) | CTXM(THREAD), AF_CU, "T",                             \
	  N_("Reply with a template"))                                                             \
	X(CLAIM, "claim", CTXM(LIST) | CTXM(THREAD), AF_CU, "c",                                   \
	  N_("Assign the conversation to yourself"))                                               \
	X(RELEASE, "release", CTXM(LIST) | CTXM(THREAD), AF_CU, "C",                               \
	  N_("Unassign the conversation and return it to the queue"))                              \
	X(REASSIGN, "reassign", CTXM(LIST) | CTXM(THREAD), AF_CU | AF_SUPERVISOR, "a",             \
	  N_("Assign the conversation to another staff member"))                                   \
	X(TRANSFER, "transfer", CTXM(LIST) | CTXM(THREAD), AF_CU, "t",                             \
	  N_("Move the conversation to another department"))                                       \
	X(NOTE, "note", CTXM(LIST) | CTXM(THREAD), AF_CU, "N",                                     \
	  N_("Add an internal note (never sent to the patient)"))                                  \
	X(MARK_PENDING, "mark_pending", CTXM(LIST) | CTXM(THREAD), AF_CU, "p",                     \
	  N_("Mark pending: the practice owes the patient an answer"))                             \
	X(SNOOZE, "snooze", CTXM(LIST) | CTXM(THREAD), AF_CU, "z",                                 \
	  N_("Snooze until a later time"))                                                         \
	X(RESOLVE, "resolve", CTXM(LIST) | CTXM(THREAD), AF_CU, "r",                               \
	  N_("Mark the conversation resolved"))                                                    \
	X(REOPEN, "reopen", CTXM(LIST) | CTXM(THREAD), AF_CU, "o",                                 \
	  N_("Reopen a resolved or snoozed conversation"))                                         \
	X(MARK_UNREAD, "mark_unread", CTXM(LIST) | CTXM(THREAD), AF_CU, "u", N_("Mark as unread")) \
	X(ATTACHMENT_VIEW, "attachment_view", CTXM(THREAD), AF_CU, "v",                            \
	  N_("Preview an attachment in the terminal (choose one when there are several)"))         \
	X(ATTACHMENT_SAVE, "attachment_save", CTXM(THREAD), AF_CU, "W",                            \
	  N_("Save an attachment to a file (recorded in the audit log)"))                          \
	/* compose */                                                                              \
	X(SEND, "send", CTXM(COMPOSE), AF_CU, "<Enter>", N_("Send the message"))                   \
	X(NEWLINE, "newline", CTXM(COMPOSE), AF_UNLOCKED, "<M-Enter> <C-j>",                       \
	  N_("Start a new line"))                                                                  \
	X(COMPOSE_TEMPLATE, "template", CTXM(COMPOSE), AF_CU, "<C-t>", N_("Insert a template"))    \
	X(ATTACH, "attach", CTXM(COMPOSE), AF_CU, "<M-a>",                                         \
	  N_("Attach a picture or PDF from a file to the reply"))                                  \
	X(DETACH, "detach", CTXM(COMPOSE), AF_CU, "<M-x>", N_("Remove the last attached file"))    \
	X(CANCEL, "cancel", CTXM(COMPOSE) | CTXM(PICKER), AF_UNLOCKED, "<Esc>",                    \
	  N_("Close without sending or choosing"))                                                 \
	X(EDIT_UP, "up", CTXM(COMPOSE), AF_UNLOCKED, "<Up>", N_("Move the cursor up a line"))      \
	X(EDIT_DOWN, "down", CTXM(COMPOSE), AF_UNLOCKED, "<Down>",                                 \
	  N_("Move the cursor down a line"))                                                       \
	/* text fields: compose, picker filter, PIN, sign-in form */                               \
	X(LEFT, "left", CTXM_FIELDS, 0, "<Left>", N_("Move the cursor left"))                      \
	X(RIGHT, "right", CTXM_FIELDS, 0, "<Right>", N_("Move the cursor right"))                  \
	X(WORD_LEFT, "word_left", CTXM_FIELDS, 0, "<M-b>", N_("Move the cursor back one word"))    \
	X(WORD_RIGHT, "word_right", CTXM_FIELDS, 0, "<M-f>",                                       \
	  N_("Move the cursor forward one word"))                                                  \
	X(LINE_START, "line_start", CTXM_FIELDS, 0, "<Home> <C-a>",                                \
	  N_("Move the cursor to the start of the line"))                                          \
	X(LINE_END, "line_end", CTXM_FIELDS, 0, "<End> <C-e>",                                     \
	  N_("Move the cursor to the end of the line"))                                            \
	X(BACKSPACE, "backspace", CTXM_FIELDS, 0, "<BS> <C-h>",                                    \
	  N_("Delete the character before the cursor"))                                            \
	X(DELETE, "delete", CTXM_FIELDS, 0, "<Del> <C-d>",                                         \
	  N_("Delete the character under the cursor"))                                             \
	X(DELETE_WORD_BACK, "delete_word_back", CTXM_FIELDS, 0, "<C-w> <M-BS>",                    \
	  N_("Delete the word before the cursor"))                                                 \
	X(KILL_TO_END, "kill_to_end", CTXM_FIELDS, 0, "<C-k>",                                     \
	  N_("Delete from the cursor to the end of the line"))                                     \
	X(KILL_TO_START, "kill_to_start", CTXM_FIELDS, 0, "<C-u>",                                 \
	  N_("Delete from the start of the line to the cursor"))                                   \
	/* picker */                                                                               \
	X(PICKER_UP, "picker_up", CTXM(PICKER), AF_UNLOCKED, "<Up> <C-p>",                         \
	  N_("Highlight the previous choice"))                                                     \
	X(PICKER_DOWN, "picker_down", CTXM(PICKER), AF_UNLOCKED, "<Down> <C-n>",                   \
	  N_("Highlight the next choice"))                                                         \
	X(SELECT, "select", CTXM(PICKER), AF_UNLOCKED, "<Enter>",                                  \
	  N_("Choose the highlighted item"))                                                       \
	/* dialog */                                                                               \
	X(CONFIRM, "confirm", CTXM(DIALOG), AF_UNLOCKED, "y <Enter>", N_("Answer yes"))            \
	X(DIALOG_CANCEL, "cancel", CTXM(DIALOG), AF_UNLOCKED, "n <Esc>",                           \
	  N_("Answer no and close the question"))                                                  \
	X(REPLACE_FILE, "replace_file", CTXM(DIALOG), AF_UNLOCKED, "r",                            \
	  N_("Replace an existing file with the attachment being saved (Enter never does)"))      \
	/* the "too detailed for SMS" question; send anyway takes two keys */                      \
	X(NAG_EDIT, "nag_edit", CTXM(DIALOG), AF_UNLOCKED, "e",                                    \
	  N_("Too detailed for SMS: edit the text again"))                                         \
	X(NAG_SECURE, "nag_secure", CTXM(DIALOG), AF_CU, "s",                                      \
	  N_("Too detailed for SMS: use the secure message instead"))                              \
	X(NAG_SEND_ANYWAY, "nag_send_anyway", CTXM(DIALOG), AF_CU, "!",                            \
	  N_("Too detailed for SMS: send anyway (a second key confirms)"))                         \
	X(NAG_CONFIRM, "nag_confirm", CTXM(DIALOG), AF_CU, "Y",                                    \
	  N_("Too detailed for SMS: confirm sending it as written"))                               \
	/* lock screen */                                                                          \
	X(UNLOCK, "unlock", CTXM(LOCK), 0, "<Enter>", N_("Unlock with your PIN"))                  \
	X(SWITCH_USER, "switch_user", CTXM(LOCK), 0, "<F2>",                                       \
	  N_("Sign in as a different staff member"))                                               \
	X(SIGN_OUT, "sign_out", CTXM(GLOBAL) | CTXM(LOCK), 0, "<C-o>",                             \
	  N_("Sign out of this workstation and forget it (the PIN stops working)"))                \
	/* sign-in form */                                                                         \
	X(SUBMIT, "submit", CTXM(SIGNIN), 0, "<Enter>", N_("Continue with what you entered"))      \
	X(FIELD_NEXT, "field_next", CTXM(SIGNIN), 0, "<Tab> <Down>", N_("Go to the next field"))   \
	X(FIELD_PREV, "field_prev", CTXM(SIGNIN), 0, "<S-Tab> <Up>", N_("Go to the previous field"))

/* clang-format off */
enum action_id {
	ACT_NONE = 0,
#define X(id, name, ctx, flags, keys, help) ACT_##id,
	ACTIONS(X)
#undef X
	ACT_COUNT
};
/* clang-format on */
#define ACT_FIRST (ACT_NONE + 1)

struct action {
	const char *name;  /* as written in keymap files */
	unsigned contexts; /* CTXM() bits */
	unsigned flags;	   /* enum action_flag bits */
	const char *keys;  /* default keys, space-separated key names */
	const char *help;  /* untranslated; use action_help() */
};

/* The table row of an action; NULL for ACT_NONE or out of range. */
const struct action *action_get(enum action_id id);
const char *action_name(enum action_id id);
/* The help text in the user's language. "" for ACT_NONE. */
const char *action_help(enum action_id id);
/* The contexts the action's default keys are bound in (its table mask). */
unsigned action_contexts(enum action_id id);
bool action_in_context(enum action_id id, enum ui_context ctx);
/* Where the action may be bound: its contexts, and every context for a
 * global action (bind list <C-s> search). */
bool action_usable_in(enum action_id id, enum ui_context ctx);

/* The action called name that may be bound in ctx, or ACT_NONE. */
enum action_id action_lookup(const char *name, enum ui_context ctx);
/* The first action called name in any context, or ACT_NONE (for telling
 * "unknown action" from "not valid here"). */
enum action_id action_lookup_any(const char *name);

/* Context names as written in keymap files ("list"); NULL if out of range. */
const char *ui_context_name(enum ui_context ctx);
/* Translated heading for the help overlay ("Conversation list"). */
const char *ui_context_title(enum ui_context ctx);
bool ui_context_from_name(const char *name, enum ui_context *ctx);
/* True where plain printable keys type text, so they never fall back to
 * the global bindings (compose, picker, lock, sign-in). */
bool ui_context_is_text(enum ui_context ctx);
/* "global, list, ..." (all contexts, or those in mask); caller frees. */
char *ui_context_list(unsigned mask);

/* What the client knows when an action is about to run. */
struct action_env {
	bool locked;	       /* the lock screen is up */
	bool has_conversation; /* a conversation is selected or open */
	bool supervisor;       /* role supervisor or admin */
};

enum action_denial {
	ACTION_OK = 0,
	ACTION_DENIED_LOCKED,
	ACTION_DENIED_NO_CONVERSATION,
	ACTION_DENIED_NOT_SUPERVISOR,
};

/* Checks an action's preconditions; ACTION_OK when it may run. */
enum action_denial action_check(enum action_id id, const struct action_env *env);
/* Status-line text for a denial (translated); "" for ACTION_OK. */
const char *action_denial_message(enum action_denial d);

#endif
