/* attach: picture messages in the client — the words for an attachment in
 * the thread and the compose box, previewing one in the terminal with
 * chafa (downloaded into memory, never to disk), saving one to a file the
 * user names (an audited download), and attaching files to a reply. */
#ifndef CURTAIN_ATTACH_H
#define CURTAIN_ATTACH_H

#include "tui/app.h"

enum { ATTACH_FOR_VIEW = 0, ATTACH_FOR_SAVE };

/* One attachment of a message as the thread shows it (index is its
 * 1-based place in the message): "📎 1 JPEG image · 179 KB", "📎 2 picture
 * arriving…", "📎 3 not accepted: too large"; in words in accessible mode
 * ("Attachment 1: JPEG image, 179 KB"). *bad says it is not available. */
void attach_label(const struct app *a, const struct msg_attachment *at, size_t index, char *out,
		  size_t n, bool *bad);
/* A file attached to the reply, as the compose box shows it. */
void attach_file_label(const struct app *a, const struct mms_file *f, char *out, size_t n);

/* The thread's v and W: preview or save an attachment of the open
 * conversation; with several, a picker of them, newest first. */
void attach_view(struct app *a);
void attach_save(struct app *a);
/* The picker chose attachment id (for a->attach_purpose). */
void attach_chosen(struct app *a, const char *id);
/* A PROMPT_ATTACH or PROMPT_SAVE prompt was answered with text. */
void attach_prompt_accept(struct app *a, int purpose, const char *text, size_t len);
/* The "replace the file?" question was answered. */
void attach_overwrite_answer(struct app *a, bool replace);

/* Compose: Alt-a asks for a file to attach, Alt-x removes the last one. */
void attach_add(struct app *a);
void attach_remove_last(struct app *a);
/* Wipes the files attached to the reply. */
void attach_compose_clear(struct app *a);
/* Lock and sign-out: wipes every attachment byte the client holds. */
void attach_forget(struct app *a);

/* A downloaded picture waits to be shown: the loop calls
 * attach_preview_run() (never from a network callback). */
bool attach_preview_due(const struct app *a);
/* Shows it with chafa outside curses, waits for a key with the idle lock's
 * deadline (locking when it passes), wipes the bytes and comes back. */
void attach_preview_run(struct app *a);

/* The chafa program on $PATH (caller frees), or NULL. */
char *attach_find_chafa(void);

/* Provided by app.c. */
void app_prompt_open(struct app *a, int purpose, const char *title, const char *text);
void app_dialog_close(struct app *a);
void app_picker_open(struct app *a, enum picker_kind kind, size_t n);
void app_picker_add(struct app *a, const char *id, const char *label, const char *detail);
void app_picker_ready(struct app *a);

#endif
