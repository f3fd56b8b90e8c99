/* app: the curtain client's state and its one event loop. The loop waits in
 * curl_multi_poll() on curl's sockets, the terminal and a self-pipe that
 * signal handlers write to, with a timeout equal to the next timer; there
 * are no sleeps. Views (view_*.c) read this state and draw; actions change
 * it. */
#ifndef CURTAIN_APP_H
#define CURTAIN_APP_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/cstore.h"
#include "core/mms.h"
#include "core/outbox.h"
#include "core/sync.h"
#include "core/template.h"
#include "net/net.h"
#include "phi/phi.h"
#include "tui/actions.h"
#include "tui/config.h"
#include "tui/editor.h"
#include "tui/errlist.h"
#include "tui/keymap.h"
#include "tui/theme.h"
#include "sys/notify.h"

enum app_screen {
	SCREEN_SIGNIN = 0, /* server, username, password, code, PIN */
	SCREEN_INBOX,	   /* sidebar + queue + thread */
	SCREEN_LOCK,
};

enum focus { FOCUS_SIDEBAR = 0, FOCUS_LIST, FOCUS_THREAD, FOCUS_COMPOSE };

enum signin_step {
	SIGNIN_USER = 0,  /* username + password */
	SIGNIN_CODE,	  /* TOTP code */
	SIGNIN_PIN,	  /* choose a PIN */
	SIGNIN_PIN_AGAIN, /* confirm it */
	SIGNIN_BUSY,	  /* waiting for the server */
};

/* Pickers share one widget: a filtered, ranked list of choices. */
enum picker_kind { PICK_NONE = 0, PICK_TEMPLATE, PICK_STAFF, PICK_DEPT, PICK_SNOOZE, PICK_ATTACHMENT };

struct picker {
	enum picker_kind kind;
	struct editor query;
	size_t n;	    /* choices */
	char (*ids)[ID_LEN];
	char **labels;	    /* what the row shows (not PHI) */
	char **details;	    /* preview / load; may be NULL entries */
	char **search;	    /* what the filter matches (label and text) */
	phi_result *phi;    /* PICK_TEMPLATE: each template's scan, for the mark and the preview */
	size_t *order;	    /* ranked indexes of matching choices */
	size_t n_match;
	size_t sel;
};

/* A modal question (reply guard, send anyway, snooze time, prompts). */
enum dialog_kind { DLG_NONE = 0, DLG_GUARD, DLG_PROMPT, DLG_INFO, DLG_CONFIRM_QUIT, DLG_NAG,
		   DLG_OVERWRITE };

struct dialog {
	enum dialog_kind kind;
	char title[128];
	char text[1024];
	unsigned outbox_id;    /* DLG_GUARD */
	struct editor input;   /* DLG_PROMPT */
	char **prompts;	       /* template prompt labels still to ask */
	char **answers;
	size_t n_prompts, at;
	char template_id[ID_LEN];
	struct tmpl_fill *fill; /* DLG_PROMPT for a template */
	int purpose; /* DLG_PROMPT: what the answer is for (enum prompt_purpose) */
	bool armed;  /* DLG_NAG: "send anyway" pressed once; the next key must confirm it */
	bool no_secure; /* DLG_NAG: the department has no secure-message template */
};

enum prompt_purpose { PROMPT_TEMPLATE = 0, PROMPT_SNOOZE, PROMPT_SEARCH, PROMPT_NOTE, PROMPT_ATTACH,
		      PROMPT_SAVE };

struct session {
	char staff_id[ID_LEN];
	char username[65];
	char display_name[81];
	enum role role;
	char device_id[ID_LEN];
	char *device_token; /* in memory only until the keyring issue lands */
	char *access_token;
	char practice_name[121];
	char practice_phone[32];
	int max_idle_lock_s;
	int max_segments;
	struct id_list dept_ids;
	char **dept_names; /* parallel to dept_ids */
};

/* Where the views drew what a mouse click can choose, recorded by
 * view_draw() (rows of the screen, 0-based). A width of 0: not on screen. */
#define HIT_SIDE_ROWS 64
enum hit_side { HIT_NONE = 0, HIT_DEPT, HIT_FILTER, HIT_SORT };
struct view_hits {
	int side_x, side_w, side_y;
	struct {
		enum hit_side kind;
		int filter;	    /* HIT_FILTER */
		char dept[ID_LEN];  /* HIT_DEPT */
	} side[HIT_SIDE_ROWS];	    /* from side_y down */
	int list_x, list_w, list_y, list_rows; /* queue rows, the first one row_top */
	int thread_x, thread_w, thread_y, thread_h;
	int picker_x, picker_w, picker_y, picker_rows;
	size_t picker_top; /* the choice on the picker's first row */
};

struct app {
	struct config cfg;
	struct errlist cfg_errors; /* bad config/theme/keymap lines, shown at start */
	struct keymap *keymap;
	struct theme *theme;
	attr_t attrs[THEME_COUNT];
	int colors;
	bool keyring_ok;	   /* a Secret Service keeps the device token */
	struct notifier *notifier;
	struct { char id[ID_LEN]; int64_t waiting; } seen_waiting[16]; /* for notifications */
	size_t n_seen_waiting;
	struct net *net;
	struct cstore *st;
	struct sync *sync;
	struct outbox *outbox;
	struct session sess;

	enum app_screen screen;
	enum focus focus;
	bool running;
	bool dirty_all;
	unsigned dirty;	 /* DIRTY_* from sync plus UI_DIRTY_* */
	bool utf8;	 /* the terminal can show UTF-8 */
	int rows, cols;
	int64_t last_input_ms;
	int lock_after_s;

	/* sign-in */
	enum signin_step step;
	struct editor f_server, f_user, f_pass, f_code, f_pin, f_pin2;
	int signin_field; /* which editor has the cursor on SIGNIN_USER */
	char mfa_token[128];
	char switch_from[ID_LEN]; /* device session handed over with "switch user" */
	char signin_error[256];
	int scripted_fd; /* --credentials-fd, -1 if none */
	bool opt_accessible, opt_mouse; /* --accessible, --mouse (over the config file) */
	char scripted_code[16];
	char scripted_pin[16];
	struct editor f_lockpin;

	/* inbox */
	char dept_id[ID_LEN];	/* the department whose queue is shown */
	enum { FILTER_ALL = 0, FILTER_MINE, FILTER_UNASSIGNED, FILTER_PENDING, FILTER_SNOOZED,
	       FILTER_RESOLVED } filter;
	size_t row_sel;		/* selected row of the queue */
	size_t row_top;		/* first row shown */
	char open_id[ID_LEN];	/* conversation shown in the thread pane */
	int thread_scroll;	/* rows scrolled up from the bottom */
	struct editor compose;
	char compose_for[ID_LEN];
	char compose_template[ID_LEN];
	char compose_seen[ID_LEN]; /* newest message shown when the reply began (reply guard) */
	bool compose_note; /* the compose box writes an internal note */
	/* The "too detailed for SMS" scan of the compose text, redone only when
	 * the text changes (the hash says when; no second copy of the draft). */
	phi_result compose_phi;
	unsigned char compose_phi_hash[16];
	bool compose_phi_valid;
	struct picker picker;
	struct dialog dialog;
	bool help;
	/* Accessible mode (config accessible, --accessible); see view.c. */
	bool acc_status_cursor; /* the cursor waits on the announcement line until a key */
	bool acc_redraw_status; /* write the announcement line out again, even unchanged */
	bool acc_status_fresh;	/* the status was set since the last frame */
	enum hit_side acc_side; /* a sidebar row was just chosen: the cursor goes there */
	int acc_seen_screen, acc_seen_step; /* the screen and step last announced */
	char acc_seen_error[256];	    /* the sign-in error last announced */
	bool acc_stream_known, acc_seen_stream;
	char acc_seen_presence[128];
	/* Where the cursor goes: the focused field, or in accessible mode the
	 * selected row; set while drawing (-1: nowhere). */
	int cur_y, cur_x;
	bool cur_field; /* it is a text field (the cursor shows in every mode) */
	struct view_hits hits;
	char status[256];
	bool status_error;
	int64_t status_until;
	bool stream_up;
	char stream_why[128];
	int64_t presence_sent_ms;
	char presence_for[ID_LEN];
	unsigned sync_req;	/* in-flight request id or 0 */
	int64_t sync_retry_ms;
	unsigned outbox_req;
	unsigned outbox_item;
	bool outbox_upload; /* outbox_req is an attachment upload */

	/* MMS (attach.c): the session's limits, files attached to the reply
	 * (PHI: wiped when removed, sent, or at lock), an attachment being
	 * downloaded, and a downloaded picture waiting to be previewed (in
	 * memory only). */
	struct mms_limits mms;
	struct mms_file *compose_files;
	size_t n_compose_files;
	int attach_purpose;		/* the picker's: ATTACH_FOR_VIEW or _SAVE */
	char save_att[ID_LEN];		/* the attachment being saved */
	char *save_path;		/* where it goes (expanded) */
	bool save_overwrite;		/* the user agreed to replace the file */
	unsigned att_req;		/* the download in flight, or 0 */
	unsigned char *preview_data;	/* downloaded, waiting for attach_preview_run */
	size_t preview_len;
	char preview_type[MMS_TYPE_LEN];
	char preview_conv[ID_LEN]; /* the conversation the preview was asked in */
};

/* UI-only dirty bits, above the sync ones. */
enum { UI_DIRTY_STATUS = 1 << 12, UI_DIRTY_COMPOSE = 1 << 13, UI_DIRTY_LAYOUT = 1 << 14 };

/* Status line message (translated by the caller); error ones stay longer. */
void app_status(struct app *a, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Waits up to timeout_ms (-1: no limit) for a key or a signal (on sigfd),
 * driving the network meanwhile; says which arrived. */
void app_wait(struct app *a, int sigfd, int timeout_ms, bool *key, bool *sig);

bool app_init(struct app *a, const char *config_path, const char *server, const char *user,
	      const char *theme, const char *keymap, const char *keyring, int lock_after);
int app_run(struct app *a);
void app_free(struct app *a);
/* curtain --sign-out: revokes the device and forgets it; exit status. */
int app_sign_out_cli(const char *config_path, const char *server, const char *user);
/* The conversation the list selection points at (NULL if none). */
const struct conversation *app_selected(struct app *a);
/* The current input context for key lookups. */
enum ui_context app_context(const struct app *a);

/* The "too detailed for SMS" findings in the compose box, or NULL when
 * there are none or it holds an internal note (never sent). Scans only when
 * the text changed since the last call. */
const phi_result *app_compose_phi(struct app *a);
/* What r found, translated, for people: its distinct reasons in order of
 * first appearance ("medication, lab value"), or with categories its
 * categories ("medication, result"), the shorter list. At most n bytes,
 * always terminated. */
void app_phi_labels(const phi_result *r, bool categories, char *out, size_t n);

/* view.c */
void view_draw(struct app *a);
/* Columns of the thread pane (the compose box wraps at this minus 2). */
int view_thread_width(const struct app *a);

#endif
