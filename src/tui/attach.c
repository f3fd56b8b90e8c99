/* attach: picture messages in the client. A preview is downloaded into
 * memory (GET ...?purpose=view) and piped into chafa's stdin with curses
 * suspended; chafa writes to the terminal itself, on the alternate screen,
 * so no byte of the picture ever touches the disk or the scrollback, and
 * the bytes are wiped as soon as chafa has read them. Saving is the one
 * way a picture reaches a file: asked for, named by the user, never
 * overwriting without a yes, mode 0600, audited by the server
 * (purpose=save). Nothing of a picture or its name is logged, and none of
 * it goes to the title or a notification. */
#include "tui/attach.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/util.h"
#include "core/errtext.h"
#include "tui/session.h"
#include "tui/term.h"
#include "tui/text.h"

#define ATTACH_PICK_MAX	   64
#define CHAFA_WAIT_MS	   20000 /* chafa gets this long to draw */

/* ---- words ------------------------------------------------------------------------------ */

static const char *reason_words(enum mms_reason r)
{
	switch (r) {
	/* TRANSLATORS: why an attachment was not accepted: "not accepted: too large". */
	case MMS_TOO_LARGE: return _("too large");
	/* TRANSLATORS: why an attachment was not accepted: not a picture or PDF. */
	case MMS_BAD_TYPE: return _("wrong type");
	/* TRANSLATORS: why an attachment was not accepted: the carrier's copy could not be read. */
	case MMS_FETCH_FAILED: return _("could not be fetched");
	default: return _("unknown reason");
	}
}

void attach_label(const struct app *a, const struct msg_attachment *at, size_t index, char *out,
		  size_t n, bool *bad)
{
	bool acc = a->cfg.accessible;
	char what[160];
	*bad = at->state != MMS_STORED;
	if (at->state == MMS_FETCHING) {
		/* TRANSLATORS: an inbound picture the server is still fetching. */
		snprintf(what, sizeof what, "%s", _("picture arriving…"));
	} else if (at->state == MMS_REJECTED) {
		/* TRANSLATORS: %s is the reason: "too large", "wrong type", "could not be fetched". */
		snprintf(what, sizeof what, _("not accepted: %s"), reason_words(at->reason));
	} else {
		char size[32];
		mms_size_text(at->size, size, sizeof size);
		snprintf(what, sizeof what, "%s%s%s", _(mms_type_label(at->content_type)),
			 acc ? ", " : a->utf8 ? " · " : " - ", size);
	}
	if (acc)
		/* TRANSLATORS: accessible mode: one attachment under a message; %zu
		   is its number in the message, %s what it is ("JPEG image, 179 KB"). */
		snprintf(out, n, _("Attachment %zu: %s"), index, what);
	else
		snprintf(out, n, "%s %zu %s", a->utf8 ? "📎" : "@", index, what);
}

void attach_file_label(const struct app *a, const struct mms_file *f, char *out, size_t n)
{
	char size[32];
	mms_size_text((int64_t)f->len, size, sizeof size);
	if (a->cfg.accessible)
		/* TRANSLATORS: accessible mode: a file attached to the reply: its
		   name, type and size. */
		snprintf(out, n, _("Attached file %s, %s, %s"), f->name ? f->name : "",
			 _(mms_type_label(f->type)), size);
	else
		snprintf(out, n, "%s %s %s %s %s %s", a->utf8 ? "📎" : "@", f->name ? f->name : "",
			 a->utf8 ? "·" : "-", _(mms_type_label(f->type)), a->utf8 ? "·" : "-", size);
}

/* The first key bound to saving an attachment, for the hints ("W"). */
static void save_key(const struct app *a, char *out, size_t n)
{
	/* unbound: name the action, as keymap files and the help overlay do */
	keymap_first_key(a->keymap, ACT_ATTACHMENT_SAVE, CTX_THREAD,
			 action_name(ACT_ATTACHMENT_SAVE), out, n);
}

/* ---- downloads ------------------------------------------------------------------------------ */

static const struct conversation *open_conv(struct app *a)
{
	return a->open_id[0] ? cstore_conversation(a->st, a->open_id) : NULL;
}

static void download_failed(struct app *a, int status, json_t *json, const char *err)
{
	if (status == 0)
		app_status(a, true, _("The attachment could not be downloaded (%s)."), err ? err : "?");
	else if (status == 404)
		app_status(a, true, "%s",
			   _("That attachment is not available (removed, or no longer yours to see)."));
	else
		app_status(a, true, _("The attachment could not be downloaded: %s"),
			   errtext(json_string_value(json_object_get(json, "type")),
				   json_string_value(json_object_get(json, "detail"))));
}

static void on_preview_bytes(void *ctx, int status, const unsigned char *data, size_t len,
			     const char *content_type, json_t *json, const char *retry_after,
			     const char *err)
{
	struct app *a = ctx;
	a->att_req = 0;
	if (status == 401) {
		session_reauth(a);
		return;
	}
	if (status != 200 || !data || !len) {
		download_failed(a, status, json, err);
		return;
	}
	/* The user moved to another conversation meanwhile: not shown there. */
	if (strcmp(a->preview_conv, a->open_id) != 0)
		return;
	/* Trust the bytes, not the header: only a picture goes to chafa. */
	const char *type = mms_sniff(data, len);
	if (!mms_is_image(type)) {
		char k[32];
		save_key(a, k, sizeof k);
		/* TRANSLATORS: %s is the key that saves an attachment (W). */
		app_status(a, true, _("This attachment is not a picture that can be previewed; press %s to "
				      "save it."),
			   k);
		return;
	}
	if (a->preview_data) {
		sodium_memzero(a->preview_data, a->preview_len);
		free(a->preview_data);
	}
	a->preview_data = xmalloc(len);
	memcpy(a->preview_data, data, len);
	a->preview_len = len;
	snprintf(a->preview_type, sizeof a->preview_type, "%s", type);
	a->status[0] = '\0';
	a->dirty |= UI_DIRTY_STATUS;
}

static void on_save_bytes(void *ctx, int status, const unsigned char *data, size_t len,
			  const char *content_type, json_t *json, const char *retry_after,
			  const char *err)
{
	struct app *a = ctx;
	a->att_req = 0;
	char *path = a->save_path;
	bool overwrite = a->save_overwrite;
	a->save_path = NULL;
	a->save_overwrite = false;
	if (status == 401) {
		free(path);
		session_reauth(a);
		return;
	}
	if (status != 200 || !data || !path) {
		download_failed(a, status, json, err);
		free(path);
		return;
	}
	char why[300];
	switch (mms_save(path, data, len, overwrite, why, sizeof why)) {
	case MMS_SAVE_OK: app_status(a, false, _("Saved to %s."), path); break;
	case MMS_SAVE_EXISTS:
		app_status(a, true, _("Not saved: %s exists (it appeared meanwhile)."), path);
		break;
	default: app_status(a, true, "%s", why); break;
	}
	free(path);
}

/* GET /v1/attachments/{id}?purpose=... into done. */
static bool download(struct app *a, const char *id, const char *purpose, net_bytes_fn done)
{
	if (!a->net)
		return false;
	if (a->att_req) {
		app_status(a, true, "%s", _("An attachment is still downloading; wait a moment."));
		return false;
	}
	char path[128];
	snprintf(path, sizeof path, "/v1/attachments/%s?purpose=%s", id, purpose);
	/* The answer is at most the server's limit (with room for a problem
	 * document when that limit is tiny). */
	size_t max = (size_t)a->mms.max_bytes + 65536;
	a->att_req = net_request_bytes(a->net, "GET", path, NULL, 0, NULL, NULL, max, done, a);
	return true;
}

/* ---- choosing an attachment ------------------------------------------------------------------ */

char *attach_find_chafa(void)
{
	const char *env = getenv("PATH");
	if (!env || !*env)
		return NULL;
	char *paths = xstrdup(env), *save = NULL;
	char *found = NULL;
	for (char *dir = strtok_r(paths, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
		if (!*dir)
			continue;
		size_t n = strlen(dir) + sizeof "/chafa";
		char *p = xmalloc(n);
		snprintf(p, n, "%s/chafa", dir);
		struct stat st;
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0)
			found = p;
		else
			free(p);
	}
	free(paths);
	return found;
}

static void open_attachment(struct app *a, const char *id, int purpose)
{
	const struct conversation *c = open_conv(a);
	const struct message *m = NULL;
	const struct msg_attachment *at = c ? cstore_attachment(a->st, c->id, id, &m) : NULL;
	if (!at || at->state != MMS_STORED) {
		app_status(a, true, "%s", _("That attachment is not available."));
		return;
	}
	if (purpose == ATTACH_FOR_VIEW) {
		char k[32];
		save_key(a, k, sizeof k);
		if (!mms_is_image(at->content_type)) {
			/* TRANSLATORS: the first %s is a type, e.g. "PDF document"; the
			   second the key that saves it (W). */
			app_status(a, true, _("A %s cannot be previewed in the terminal; press %s to save it."),
				   _(mms_type_label(at->content_type)), k);
			return;
		}
		char *chafa = attach_find_chafa();
		if (!chafa) {
			/* TRANSLATORS: %s is the key that saves an attachment (W). */
			app_status(a, true, _("Previews need chafa: install the chafa package. Press %s to "
					      "save the file instead."),
				   k);
			return;
		}
		free(chafa);
		snprintf(a->preview_conv, sizeof a->preview_conv, "%s", a->open_id);
		if (download(a, at->id, "view", on_preview_bytes))
			app_status(a, false, "%s", _("Opening the attachment…"));
		return;
	}
	/* Save: ask where, suggesting a name that says nothing of the patient. */
	char name[64];
	mms_suggest_name(at->id, at->content_type, name, sizeof name);
	snprintf(a->save_att, sizeof a->save_att, "%s", at->id);
	app_prompt_open(a, PROMPT_SAVE, _("Save attachment"),
			_("Save to which file? (~ is your home folder; an existing file is only "
			  "replaced if you say so)"));
	editor_set_text(&a->dialog.input, name, strlen(name));
}

static void pick_attachment(struct app *a, int purpose)
{
	const struct conversation *c = open_conv(a);
	if (!c) {
		app_status(a, true, "%s", _("Open a conversation first."));
		return;
	}
	const struct msg_attachment *atts[ATTACH_PICK_MAX];
	const struct message *msgs[ATTACH_PICK_MAX];
	size_t n = cstore_attachments(a->st, c->id, true, atts, msgs, ATTACH_PICK_MAX);
	if (n == 0) {
		size_t any = cstore_attachments(a->st, c->id, false, NULL, NULL, 0);
		app_status(a, true, "%s",
			   any ? _("No attachment here can be opened yet (still arriving, or not accepted).")
			       : _("This conversation has no attachments."));
		return;
	}
	a->attach_purpose = purpose;
	if (n == 1) {
		char id[ID_LEN];
		snprintf(id, sizeof id, "%s", atts[0]->id);
		open_attachment(a, id, purpose);
		return;
	}
	if (n > ATTACH_PICK_MAX)
		n = ATTACH_PICK_MAX;
	app_picker_open(a, PICK_ATTACHMENT, n);
	int64_t now = now_ms();
	for (size_t i = 0; i < n; i++) {
		char size[32], when[48], label[200];
		mms_size_text(atts[i]->size, size, sizeof size);
		text_clock(now, msgs[i]->created_at, when, sizeof when);
		const char *who = msgs[i]->direction == MSG_IN ? _("Patient") : _("Staff");
		const char *s = a->cfg.accessible ? ", " : a->utf8 ? " · " : " - ";
		snprintf(label, sizeof label, "%s%s%s%s%s%s%s", _(mms_type_label(atts[i]->content_type)), s,
			 size, s, who, s, when);
		app_picker_add(a, atts[i]->id, label, NULL);
	}
	app_picker_ready(a);
}

void attach_view(struct app *a)
{
	pick_attachment(a, ATTACH_FOR_VIEW);
}

void attach_save(struct app *a)
{
	pick_attachment(a, ATTACH_FOR_SAVE);
}

void attach_chosen(struct app *a, const char *id)
{
	open_attachment(a, id, a->attach_purpose);
}

/* ---- saving ----------------------------------------------------------------------------------- */

static void save_start(struct app *a, char *path, bool overwrite)
{
	free(a->save_path);
	a->save_path = path;
	a->save_overwrite = overwrite;
	if (download(a, a->save_att, "save", on_save_bytes)) {
		app_status(a, false, "%s", _("Saving…"));
	} else {
		free(a->save_path);
		a->save_path = NULL;
	}
}

static void save_to(struct app *a, const char *text, size_t len)
{
	char typed[4096];
	snprintf(typed, sizeof typed, "%.*s", (int)len, text);
	char *path = mms_expand_path(typed);
	if (!path) {
		app_status(a, true, "%s", _("Type a file name to save to."));
		return;
	}
	struct stat st;
	if (lstat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			app_status(a, true, _("%s is a folder: type a file name in it."), path);
			free(path);
			return;
		}
		if (!S_ISREG(st.st_mode)) {
			app_status(a, true, _("Not saved: %s is not a regular file."), path);
			free(path);
			return;
		}
		/* Never replaced without a yes. */
		app_dialog_close(a);
		a->dialog.kind = DLG_OVERWRITE;
		snprintf(a->dialog.title, sizeof a->dialog.title, "%s", _("Replace the file?"));
		char k[32];
		keymap_first_key(a->keymap, ACT_REPLACE_FILE, CTX_DIALOG,
				 action_name(ACT_REPLACE_FILE), k, sizeof k);
		/* TRANSLATORS: %2$s is the key that replaces the file (r). */
		snprintf(a->dialog.text, sizeof a->dialog.text,
			 _("%1$s already exists. Replace it with the attachment? Only %2$s replaces it."),
			 path, k);
		free(a->save_path);
		a->save_path = path;
		return;
	}
	app_dialog_close(a);
	save_start(a, path, false);
}

void attach_overwrite_answer(struct app *a, bool replace)
{
	char *path = a->save_path;
	a->save_path = NULL;
	app_dialog_close(a);
	if (!path)
		return;
	if (!replace) {
		app_status(a, false, _("Not saved: %s was left as it was."), path);
		free(path);
		return;
	}
	save_start(a, path, true);
}

/* ---- attaching files to the reply ----------------------------------------------------------- */

void attach_add(struct app *a)
{
	if (a->compose_note) {
		app_status(a, true, "%s", _("An internal note cannot carry attachments."));
		return;
	}
	if ((int64_t)a->n_compose_files >= a->mms.max_per_message) {
		app_status(a, true,
			   ngettext("At most %d attachment per message.",
				    "At most %d attachments per message.",
				    (unsigned long)a->mms.max_per_message),
			   a->mms.max_per_message);
		return;
	}
	app_prompt_open(a, PROMPT_ATTACH, _("Attach a file"),
			_("Path of a picture (JPEG, PNG, GIF) or a PDF; ~ is your home folder:"));
}

static void attach_from(struct app *a, const char *text, size_t len)
{
	char typed[4096];
	snprintf(typed, sizeof typed, "%.*s", (int)len, text);
	char *path = mms_expand_path(typed);
	app_dialog_close(a);
	if (!path) {
		app_status(a, true, "%s", _("No file named."));
		return;
	}
	struct mms_file f;
	char why[300];
	bool ok = mms_file_load(path, &a->mms, &f, why, sizeof why);
	sodium_memzero(typed, sizeof typed);
	free(path);
	if (!ok) {
		app_status(a, true, "%s", why);
		return;
	}
	a->compose_files = xrealloc(a->compose_files, (a->n_compose_files + 1) * sizeof *a->compose_files);
	a->compose_files[a->n_compose_files++] = f;
	char size[32];
	mms_size_text((int64_t)f.len, size, sizeof size);
	app_status(a, false,
		   ngettext("Attached a %s (%s). %zu file goes with the reply.",
			    "Attached a %s (%s). %zu files go with the reply.", a->n_compose_files),
		   _(mms_type_label(f.type)), size, a->n_compose_files);
	a->dirty_all = true;
}

void attach_prompt_accept(struct app *a, int purpose, const char *text, size_t len)
{
	if (purpose == PROMPT_ATTACH)
		attach_from(a, text, len);
	else
		save_to(a, text, len);
}

void attach_remove_last(struct app *a)
{
	if (!a->n_compose_files) {
		app_status(a, true, "%s", _("No file is attached."));
		return;
	}
	mms_file_clear(&a->compose_files[--a->n_compose_files]);
	app_status(a, false,
		   ngettext("Removed the last attachment; %zu is left.",
			    "Removed the last attachment; %zu are left.", a->n_compose_files),
		   a->n_compose_files);
	a->dirty_all = true;
}

void attach_compose_clear(struct app *a)
{
	for (size_t i = 0; i < a->n_compose_files; i++)
		mms_file_clear(&a->compose_files[i]);
	free(a->compose_files);
	a->compose_files = NULL;
	a->n_compose_files = 0;
}

void attach_forget(struct app *a)
{
	attach_compose_clear(a);
	if (a->preview_data) {
		sodium_memzero(a->preview_data, a->preview_len);
		free(a->preview_data);
	}
	a->preview_data = NULL;
	a->preview_len = 0;
	a->preview_type[0] = '\0';
	free(a->save_path);
	a->save_path = NULL;
	a->save_att[0] = '\0';
	a->att_req = 0; /* the lock cancels every request */
}

/* ---- the preview ------------------------------------------------------------------------------ */

bool attach_preview_due(const struct app *a)
{
	return a->preview_data != NULL;
}

/* Runs chafa on the bytes; its output goes straight to the terminal.
 * Returns its exit status, or -1 when it could not run. */
static int run_chafa(struct app *a, const char *chafa, const unsigned char *data, size_t len)
{
	int in[2];
	if (pipe2(in, O_CLOEXEC) != 0)
		return -1;
	char size[32];
	int rows = a->rows > 3 ? a->rows - 2 : 1;
	snprintf(size, sizeof size, "%dx%d", a->cols > 0 ? a->cols : 80, rows);
	const char *fmt = config_preview_name(a->cfg.preview_format);
	const char *argv[12];
	int k = 0;
	argv[k++] = "chafa";
	argv[k++] = "--animate=off";
	argv[k++] = "--size";
	argv[k++] = size;
	if (fmt) {
		argv[k++] = "--format";
		argv[k++] = fmt;
	}
	argv[k++] = "-";
	argv[k] = NULL;
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	if (pid == 0) {
		/* The child: the picture on stdin, the terminal on stdout, its
		 * complaints nowhere (they could echo a file's name). */
		dup2(in[0], STDIN_FILENO);
		int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (devnull >= 0)
			dup2(devnull, STDERR_FILENO);
		close_range(3, ~0U, 0);
		signal(SIGPIPE, SIG_DFL);
		execv(chafa, (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	const unsigned char *p = data;
	size_t left = len;
	while (left) {
		ssize_t w = write(in[1], p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break; /* chafa gave up (EPIPE): its status says so */
		p += w;
		left -= (size_t)w;
	}
	close(in[1]);
	int st = 0;
	int64_t deadline = mono_ms() + CHAFA_WAIT_MS;
	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return -1;
		if (mono_ms() >= deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return -1;
		}
		poll(NULL, 0, 10);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

void attach_preview_run(struct app *a)
{
	unsigned char *data = a->preview_data;
	size_t len = a->preview_len;
	a->preview_data = NULL;
	a->preview_len = 0;
	if (!data)
		return;
	char *chafa = attach_find_chafa();
	if (!chafa || a->screen != SCREEN_INBOX) {
		if (!chafa) {
			char k[32];
			save_key(a, k, sizeof k);
			app_status(a, true, _("Previews need chafa: install the chafa package. Press %s to "
					      "save the file instead."),
				   k);
		}
		sodium_memzero(data, len);
		free(data);
		free(chafa);
		return;
	}
	term_preview_begin();
	int rc = run_chafa(a, chafa, data, len);
	/* chafa has read it all: the only copy goes now. */
	sodium_memzero(data, len);
	free(data);
	free(chafa);
	bool lock = false;
	if (rc == 0) {
		char footer[200];
		snprintf(footer, sizeof footer, "\r\n%s", _("Press any key to return"));
		term_write(footer);
		/* Wait for a key, keeping the network going, until the idle lock's
		 * deadline: then back to curses, and lock as always. */
		int sigfd = term_signal_fd();
		for (;;) {
			int64_t now = mono_ms();
			int timeout = -1;
			if (a->lock_after_s > 0) {
				int64_t lock_at = a->last_input_ms + (int64_t)a->lock_after_s * 1000;
				if (now >= lock_at) {
					lock = true;
					break;
				}
				timeout = (int)(lock_at - now);
			}
			bool key, sig;
			app_wait(a, sigfd, timeout, &key, &sig);
			if (a->screen != SCREEN_INBOX)
				break; /* a callback locked (the session lapsed) */
			if (key) {
				unsigned char junk[64];
				ssize_t r = read(STDIN_FILENO, junk, sizeof junk);
				(void)r;
				a->last_input_ms = mono_ms();
				break;
			}
			if (sig)
				break; /* a signal: the loop handles it, in curses */
		}
	}
	/* chafa's "auto" may pick kitty's protocol itself in kitty. */
	const char *term = getenv("TERM");
	bool kitty = a->cfg.preview_format == CONFIG_PREVIEW_KITTY ||
		     (a->cfg.preview_format == CONFIG_PREVIEW_AUTO &&
		      (getenv("KITTY_WINDOW_ID") || (term && strstr(term, "kitty"))));
	term_preview_end(kitty);
	a->dirty_all = true;
	if (rc != 0) {
		char k[32];
		save_key(a, k, sizeof k);
		/* TRANSLATORS: %s is the key that saves an attachment (W). */
		app_status(a, true, _("The picture could not be shown (chafa failed). Press %s to save it "
				      "instead."),
			   k);
	}
	else if (a->screen == SCREEN_INBOX)
		app_status(a, false, "%s", _("Back from the preview."));
	if (lock)
		app_lock(a);
}
