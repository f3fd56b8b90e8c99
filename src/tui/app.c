/* app: the client's loop and its actions. One curl_multi_poll() waits on
 * curl's sockets, the terminal and the signal self-pipe with a timeout equal
 * to the next timer (status expiry, idle lock, outbox retry, presence,
 * reconnect). Keys go through the keymap to actions declared once in
 * actions.h; conversation changes are Conversation/set calls whose effects
 * come back through the event stream like anyone else's. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/util.h"
#include "core/errtext.h"
#include "core/template.h"
#include "proto/codec.h"
#include "sys/keyring.h"
#include "sys/notify.h"
#include "tui/app.h"
#include "tui/attach.h"
#include "tui/fuzzy.h"
#include "tui/session.h"
#include "tui/term.h"
#include "tui/text.h"
#include "tui/theme_curses.h"

#define PRESENCE_EVERY_MS 15000
#define STATUS_MS 6000

void app_status(struct app *a, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->status, sizeof a->status, fmt, ap);
	va_end(ap);
	a->status_error = error;
	a->status_until = mono_ms() + (error ? 2 * STATUS_MS : STATUS_MS);
	a->dirty |= UI_DIRTY_STATUS;
	if (a->cfg.accessible) {
		/* An announcement (view.c): it stays until the next one, rather
		 * than the line changing by itself, is written out even when the
		 * words repeat, and has the cursor until the next key. */
		a->status_until = INT64_MAX;
		a->acc_redraw_status = true;
		a->acc_status_cursor = true;
		a->acc_status_fresh = true;
	}
}

/* An announcement (view.c) of something that is not a status message of
 * its own: joined to one made since the last frame, else a new one. */
static void announce(struct app *a, bool error, const char *text)
{
	if (a->acc_status_fresh && a->status[0] && strlen(a->status) + strlen(text) + 3 < sizeof a->status) {
		size_t n = strlen(a->status);
		snprintf(a->status + n, sizeof a->status - n, "  %s", text);
		a->status_error = a->status_error || error;
		return;
	}
	app_status(a, error, "%s", text);
}

/* ---- the visible departments and the selection ------------------------------- */

static const struct cdept *dept_visible_at(struct app *a, size_t want, size_t *count)
{
	const struct cdept *hit = NULL;
	size_t vis = 0;
	for (size_t i = 0; i < cstore_department_count(a->st); i++) {
		const struct cdept *d = cstore_department_at(a->st, i);
		if (!d->has_counts)
			continue;
		if (vis == want)
			hit = d;
		vis++;
	}
	if (count)
		*count = vis;
	return hit;
}

const struct conversation *app_selected(struct app *a)
{
	if (a->open_id[0] && (a->focus == FOCUS_THREAD || a->focus == FOCUS_COMPOSE))
		return cstore_conversation(a->st, a->open_id);
	if (a->row_sel >= cstore_queue_loaded(a->st))
		return NULL;
	return cstore_conversation(a->st, cstore_queue_id(a->st, a->row_sel));
}

enum ui_context app_context(const struct app *a)
{
	if (a->screen == SCREEN_SIGNIN)
		return CTX_SIGNIN;
	if (a->screen == SCREEN_LOCK)
		return CTX_LOCK;
	if (a->dialog.kind == DLG_PROMPT)
		return CTX_COMPOSE;
	if (a->dialog.kind != DLG_NONE)
		return CTX_DIALOG;
	if (a->picker.kind != PICK_NONE)
		return CTX_PICKER;
	if (a->focus == FOCUS_COMPOSE)
		return CTX_COMPOSE;
	if (a->focus == FOCUS_THREAD)
		return CTX_THREAD;
	return CTX_LIST;
}

/* ---- conversation changes ----------------------------------------------------------- */

static void on_conv_set(void *ctx, int status, json_t *body, const char *retry_after,
			const char *err)
{
	struct app *a = ctx;
	json_t *r = json_array_get(json_array_get(json_object_get(body, "methodResponses"), 0), 1);
	json_t *nu = json_object_get(r, "notUpdated");
	if (status != 200) {
		if (status)
			app_status(a, true, _("Not changed: %s"),
				   errtext(json_string_value(json_object_get(body, "type")),
					   json_string_value(json_object_get(body, "title"))));
		else
			app_status(a, true, _("The change did not reach the server (%s)."),
				   err ? err : "?");
		return;
	}
	const char *k;
	json_t *v;
	json_object_foreach(nu, k, v) {
		app_status(a, true, _("Not changed: %s"),
			   errtext(json_string_value(json_object_get(v, "type")),
				   json_string_value(json_object_get(v, "description"))));
		return;
	}
	const char *type = json_string_value(json_object_get(r, "type"));
	if (type)
		app_status(a, true, _("Not changed: %s"),
			   errtext(type, json_string_value(json_object_get(r, "description"))));
}

static void conv_set(struct app *a, const char *id, json_t *patch, const char *done)
{
	if (!a->net) {
		json_decref(patch);
		return;
	}
	json_t *req = json_pack("{s:[[s, {s:{s:o}}, s]]}", "methodCalls", "Conversation/set", "update",
				id, patch, "u");
	net_request(a->net, "POST", "/v1/api", req, NULL, on_conv_set, a);
	if (done)
		app_status(a, false, "%s", done);
}

static void on_note_set(void *ctx, int status, json_t *body, const char *retry_after,
			const char *err)
{
	struct app *a = ctx;
	json_t *r = json_array_get(json_array_get(json_object_get(body, "methodResponses"), 0), 1);
	if (status != 200 || json_object_size(json_object_get(r, "notCreated")))
		app_status(a, true, _("The note was not saved."));
	else
		app_status(a, false, _("Note saved (never sent to the patient)."));
}

static void presence(struct app *a, const char *state)
{
	if (!a->net || !a->open_id[0])
		return;
	json_t *req = json_pack("{s:[[s, {s:s, s:s}, s]]}", "methodCalls", "Presence/set",
				"conversationId", a->open_id, "state", state, "p");
	net_request(a->net, "POST", "/v1/api", req, NULL, NULL, NULL);
	a->presence_sent_ms = mono_ms();
}

/* Enters the compose box, remembering the newest message the user could
 * see: anything newer at send time triggers the reply guard. */
static void compose_begin(struct app *a)
{
	if (a->focus != FOCUS_COMPOSE || !a->compose_seen[0]) {
		const char *last = a->open_id[0] ? cstore_thread_last_id(a->st, a->open_id) : NULL;
		const struct conversation *c = cstore_conversation(a->st, a->open_id);
		snprintf(a->compose_seen, sizeof a->compose_seen, "%s",
			 last ? last : c ? c->last_message_id : "");
	}
	a->focus = FOCUS_COMPOSE;
}

/* ---- opening and closing a conversation ------------------------------------------------ */

static void compose_save(struct app *a)
{
	if (!a->compose_for[0] || a->compose_note)
		return;
	size_t len;
	const char *t = editor_text(&a->compose, &len);
	cstore_draft_set(a->st, a->compose_for, len ? t : NULL);
}

static void open_conversation(struct app *a, const char *id)
{
	if (strcmp(a->open_id, id) != 0) {
		compose_save(a);
		if (a->open_id[0])
			presence(a, "idle");
		snprintf(a->open_id, sizeof a->open_id, "%s", id);
		if (a->n_compose_files) {
			/* Files belong to the reply they were attached to. */
			attach_compose_clear(a);
			app_status(a, false, "%s",
				   _("The files attached to the other reply were removed."));
		}
		a->compose_seen[0] = '\0';
		a->thread_scroll = 0;
		editor_clear(&a->compose);
		a->compose_note = false;
		const char *draft = cstore_draft(a->st, id);
		if (draft)
			editor_set_text(&a->compose, draft, strlen(draft));
		snprintf(a->compose_for, sizeof a->compose_for, "%s", id);
		sync_set_thread(a->sync, id);
		presence(a, "viewing");
		const struct conversation *c = cstore_conversation(a->st, id);
		if (c && c->unread)
			conv_set(a, id, json_pack("{s:b}", "unread", 0), NULL);
	}
	a->focus = FOCUS_THREAD;
	a->dirty_all = true;
}

static void close_conversation(struct app *a)
{
	compose_save(a);
	presence(a, "idle");
	a->focus = FOCUS_LIST;
	a->dirty_all = true;
}

/* ---- pickers -------------------------------------------------------------------------------- */

static void picker_free(struct picker *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->labels[i]);
		free(p->details[i]);
		free(p->search[i]);
	}
	free(p->search);
	free(p->phi);
	free(p->ids);
	free(p->labels);
	free(p->details);
	free(p->order);
	editor_free(&p->query);
	memset(p, 0, sizeof *p);
}

static const char *picker_key(const void *items, size_t i)
{
	const struct picker *p = items;
	return p->search[i];
}

static void picker_filter(struct picker *p)
{
	size_t len;
	const char *q = editor_text(&p->query, &len);
	p->n_match = fuzzy_rank(q, p, p->n, picker_key, p->order);
	if (p->sel >= p->n_match)
		p->sel = p->n_match ? p->n_match - 1 : 0;
}

static void picker_open(struct app *a, enum picker_kind kind, size_t n)
{
	picker_free(&a->picker);
	struct picker *p = &a->picker;
	p->kind = kind;
	editor_init(&p->query);
	editor_set_single_line(&p->query, true);
	p->n = 0;
	p->ids = xcalloc(n ? n : 1, ID_LEN);
	p->labels = xcalloc(n ? n : 1, sizeof *p->labels);
	p->details = xcalloc(n ? n : 1, sizeof *p->details);
	p->search = xcalloc(n ? n : 1, sizeof *p->search);
	p->order = xcalloc(n ? n : 1, sizeof *p->order);
	if (kind == PICK_TEMPLATE)
		p->phi = xcalloc(n ? n : 1, sizeof *p->phi);
}

static void picker_add(struct picker *p, const char *id, const char *label, const char *detail)
{
	snprintf(p->ids[p->n], ID_LEN, "%s", id);
	p->labels[p->n] = xstrdup(label);
	p->details[p->n] = detail ? xstrdup(detail) : NULL;
	/* Templates are found by their text as well as their name. */
	size_t ls = strlen(label), ds = detail && p->kind == PICK_TEMPLATE ? strlen(detail) : 0;
	p->search[p->n] = xmalloc(ls + ds + 2);
	memcpy(p->search[p->n], label, ls);
	p->search[p->n][ls] = ds ? ' ' : '\0';
	if (ds) {
		memcpy(p->search[p->n] + ls + 1, detail, ds);
		p->search[p->n][ls + 1 + ds] = '\0';
	}
	/* A template that would nag is marked in the list (once, not per redraw). */
	if (p->phi)
		phi_scan(detail ? detail : "", detail ? strlen(detail) : 0, &p->phi[p->n]);
	p->n++;
}

static void open_template_picker(struct app *a)
{
	const struct conversation *c = app_selected(a);
	size_t n = cstore_template_count(a->st);
	picker_open(a, PICK_TEMPLATE, n);
	const char *lang = c && c->language ? c->language : "en";
	/* The patient's language first, then the rest. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			const struct template *t = cstore_template_at(a->st, i);
			bool same = t->language && strcmp(t->language, lang) == 0;
			if ((pass == 0) != same)
				continue;
			if (t->department_id[0] && c && strcmp(t->department_id, c->department_id))
				continue;
			char label[200];
			snprintf(label, sizeof label, "%s [%s]", t->name, t->language ? t->language : "?");
			picker_add(&a->picker, t->id, label, t->body);
		}
	picker_filter(&a->picker);
	a->dirty_all = true;
}

static void open_staff_picker(struct app *a)
{
	const struct conversation *c = app_selected(a);
	if (!c)
		return;
	size_t n = cstore_staff_count(a->st);
	picker_open(a, PICK_STAFF, n);
	for (size_t i = 0; i < n; i++) {
		const struct staff *s = cstore_staff_at(a->st, i);
		if (s->disabled || !id_list_has(&s->depts, c->department_id))
			continue;
		char detail[64];
		int64_t load = cstore_staff_load(a->st, s->id);
		if (load >= 0)
			snprintf(detail, sizeof detail,
				 ngettext("%lld open conversation", "%lld open conversations",
					  (unsigned long)load),
				 (long long)load);
		else
			detail[0] = '\0';
		picker_add(&a->picker, s->id, s->display_name, detail);
	}
	picker_filter(&a->picker);
	a->dirty_all = true;
}

static void open_dept_picker(struct app *a)
{
	const struct conversation *c = app_selected(a);
	size_t n = cstore_department_count(a->st);
	picker_open(a, PICK_DEPT, n);
	for (size_t i = 0; i < n; i++) {
		const struct cdept *d = cstore_department_at(a->st, i);
		if (c && strcmp(d->d.id, c->department_id) == 0)
			continue;
		picker_add(&a->picker, d->d.id, d->d.name, NULL);
	}
	picker_filter(&a->picker);
	a->dirty_all = true;
}

static void open_snooze_picker(struct app *a)
{
	static const struct {
		const char *id;
		int minutes;
		const char *label;
	} choices[] = {
		{ "60", 60, N_("1 hour") },
		{ "240", 240, N_("4 hours") },
		{ "1440", 1440, N_("Tomorrow (24 hours)") },
		{ "10080", 10080, N_("Next week (7 days)") },
	};
	picker_open(a, PICK_SNOOZE, 5);
	/* ids carry minutes, and each choice says when that is, in the
	 * locale's format; the last entry asks for a time. */
	int64_t now = now_ms();
	for (size_t i = 0; i < sizeof choices / sizeof choices[0]; i++) {
		char when[64], label[160];
		text_datetime(now, now + (int64_t)choices[i].minutes * 60000, when, sizeof when);
		/* TRANSLATORS: a snooze choice: "1 hour" and the time it ends. */
		snprintf(label, sizeof label, _("%s: until %s"), _(choices[i].label), when);
		picker_add(&a->picker, choices[i].id, label, NULL);
	}
	picker_add(&a->picker, "ask", _("Until a time I type…"), NULL);
	picker_filter(&a->picker);
	a->dirty_all = true;
}

/* ---- dialogs ----------------------------------------------------------------------------------- */

static void dialog_close(struct app *a);
static void prompt_open(struct app *a, int purpose, const char *title, const char *text);

/* For attach.c (attach.h). */
void app_prompt_open(struct app *a, int purpose, const char *title, const char *text)
{
	prompt_open(a, purpose, title, text);
}

void app_dialog_close(struct app *a)
{
	dialog_close(a);
}

void app_picker_open(struct app *a, enum picker_kind kind, size_t n)
{
	picker_open(a, kind, n);
}

void app_picker_add(struct app *a, const char *id, const char *label, const char *detail)
{
	picker_add(&a->picker, id, label, detail);
}

void app_picker_ready(struct app *a)
{
	picker_filter(&a->picker);
	a->dirty_all = true;
}

static void dialog_close(struct app *a)
{
	struct dialog *d = &a->dialog;
	for (size_t i = 0; i < d->n_prompts; i++) {
		free(d->prompts[i]);
		if (d->answers && d->answers[i]) {
			sodium_memzero(d->answers[i], strlen(d->answers[i]));
			free(d->answers[i]);
		}
	}
	free(d->prompts);
	free(d->answers);
	tmpl_free(&d->fill);
	editor_free(&d->input);
	memset(d, 0, sizeof *d);
	a->dirty_all = true;
}

static void prompt_open(struct app *a, int purpose, const char *title, const char *text)
{
	dialog_close(a);
	a->dialog.kind = DLG_PROMPT;
	a->dialog.purpose = purpose;
	snprintf(a->dialog.title, sizeof a->dialog.title, "%s", title);
	snprintf(a->dialog.text, sizeof a->dialog.text, "%s", text);
	editor_init(&a->dialog.input);
	editor_set_single_line(&a->dialog.input, true);
}

void app_open_guard(struct app *a, unsigned outbox_id)
{
	struct outbox_item *it = outbox_get(a->outbox, outbox_id);
	if (!it)
		return;
	dialog_close(a);
	a->dialog.kind = DLG_GUARD;
	a->dialog.outbox_id = outbox_id;
	snprintf(a->dialog.title, sizeof a->dialog.title, "%s", _("New messages arrived"));
	size_t n = json_array_size(it->new_messages);
	int off = snprintf(a->dialog.text, sizeof a->dialog.text,
			   ngettext("%zu new message arrived before yours was sent:\n\n",
				    "%zu new messages arrived before yours was sent:\n\n", n),
			   n);
	size_t i;
	json_t *m;
	json_array_foreach(it->new_messages, i, m) {
		if (off < 0 || (size_t)off >= sizeof a->dialog.text)
			break;
		bool in = !strcmp(json_string_value(json_object_get(m, "direction")) ?: "", "in");
		/* Who wrote it, in words in accessible mode (a glyph is not read). */
		const char *who = a->cfg.accessible ? (in ? _("Patient:") : _("Staff:"))
				  : a->utf8	    ? (in ? "‹" : "›")
						    : (in ? "<" : ">");
		off += snprintf(a->dialog.text + off, sizeof a->dialog.text - (size_t)off, "  %s %s\n",
				who, json_string_value(json_object_get(m, "body")) ?: "");
	}
	if (off >= 0 && (size_t)off < sizeof a->dialog.text)
		snprintf(a->dialog.text + off, sizeof a->dialog.text - (size_t)off, "\n%s",
			 _("Send yours anyway?"));
	a->dirty_all = true;
}

/* ---- templates with prompt-for-value placeholders ---------------------------------------------- */

static void template_values(struct app *a, const struct conversation *c, struct tmpl_values *v)
{
	memset(v, 0, sizeof *v);
	v->patient_name = c ? c->patient_name : NULL;
	v->practice_name = a->sess.practice_name;
	v->practice_phone = a->sess.practice_phone;
	v->staff_name = a->sess.display_name;
}

static void template_finish(struct app *a)
{
	struct dialog *d = &a->dialog;
	const struct conversation *c = app_selected(a);
	struct tmpl_values v;
	template_values(a, c, &v);
	char *text = tmpl_render(d->fill, &v, (const char *const *)d->answers);
	if (text) {
		editor_set_text(&a->compose, text, strlen(text));
		sodium_memzero(text, strlen(text));
		free(text);
	}
	snprintf(a->compose_template, sizeof a->compose_template, "%s", d->template_id);
	dialog_close(a);
	compose_begin(a);
	app_status(a, false, _("Template inserted: review it, then press Enter to send."));
}

static void template_ask_next(struct app *a)
{
	struct dialog *d = &a->dialog;
	if (d->at >= d->n_prompts) {
		template_finish(a);
		return;
	}
	editor_clear(&d->input);
	snprintf(d->title, sizeof d->title, "%s", _("Fill in the template"));
	snprintf(d->text, sizeof d->text, "%s", d->prompts[d->at]);
	a->dirty_all = true;
}

static void template_chosen(struct app *a, const char *id)
{
	const struct template *t = cstore_template(a->st, id);
	if (!t)
		return;
	if (a->open_id[0] == '\0') {
		const struct conversation *c = app_selected(a);
		if (!c)
			return;
		open_conversation(a, c->id);
	}
	prompt_open(a, PROMPT_TEMPLATE, "", "");
	struct dialog *d = &a->dialog;
	snprintf(d->template_id, sizeof d->template_id, "%s", id);
	struct tmpl_values v;
	template_values(a, app_selected(a), &v);
	d->fill = tmpl_parse(t->body);
	tmpl_resolve(d->fill, &v);
	const char *const *labels = NULL;
	d->n_prompts = tmpl_prompts(d->fill, &labels);
	d->prompts = xcalloc(d->n_prompts ? d->n_prompts : 1, sizeof *d->prompts);
	for (size_t i = 0; i < d->n_prompts; i++)
		d->prompts[i] = xstrdup(labels[i]);
	d->answers = xcalloc(d->n_prompts ? d->n_prompts : 1, sizeof *d->answers);
	d->at = 0;
	template_ask_next(a);
}

/* ---- the "too detailed for SMS" nag -------------------------------------------------------------- */

const phi_result *app_compose_phi(struct app *a)
{
	if (a->compose_note)
		return NULL; /* notes are never sent */
	size_t len;
	const char *text = editor_text(&a->compose, &len);
	unsigned char h[sizeof a->compose_phi_hash];
	crypto_generichash(h, sizeof h, (const unsigned char *)text, len, NULL, 0);
	if (!a->compose_phi_valid || memcmp(h, a->compose_phi_hash, sizeof h) != 0) {
		phi_scan(text, len, &a->compose_phi);
		memcpy(a->compose_phi_hash, h, sizeof h);
		a->compose_phi_valid = true;
	}
	return a->compose_phi.nag ? &a->compose_phi : NULL;
}

/* Forgets the scan (its offsets describe a draft that is gone). */
static void compose_phi_forget(struct app *a)
{
	memset(&a->compose_phi, 0, sizeof a->compose_phi);
	memset(a->compose_phi_hash, 0, sizeof a->compose_phi_hash);
	a->compose_phi_valid = false;
}

static const char *reason_label(phi_reason r)
{
	const char *t = phi_reason_text(r);
	return t ? _(t) : "?";
}

void app_phi_labels(const phi_result *r, bool categories, char *out, size_t n)
{
	bool seen[(int)PHI_R_COUNT + (int)PHI_CAT_COUNT] = { false }; /* either kind fits */
	size_t off = 0;
	if (!n)
		return;
	out[0] = '\0';
	for (size_t i = 0; r && i < r->n && off + 1 < n; i++) {
		const char *label;
		int k = categories ? (int)r->f[i].category : (int)r->f[i].reason;
		if (k < 0 || k >= (categories ? PHI_CAT_COUNT : PHI_R_COUNT) || seen[k])
			continue;
		seen[k] = true;
		if (categories) {
			const char *t = phi_category_label(r->f[i].category);
			label = t ? _(t) : "?";
		} else {
			label = reason_label(r->f[i].reason);
		}
		int w = snprintf(out + off, n - off, "%s%s", off ? ", " : "", label);
		if (w < 0)
			break;
		off += (size_t)w < n - off ? (size_t)w : n - off - 1;
	}
}

#define NAG_LIST_MAX 6

/* The question's text: what was found, then (after a failed "secure
 * message") why that could not be offered. The matched words are the
 * user's own draft, shown only in this box and wiped with it. */
static void nag_dialog_text(struct app *a)
{
	struct dialog *d = &a->dialog;
	const phi_result *r = app_compose_phi(a);
	size_t len;
	const char *text = editor_text(&a->compose, &len);
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s\n\n",
		   _("This text says more than an SMS should: anyone who sees the patient's phone can "
		     "read it."));
	for (size_t i = 0; r && i < r->n && i < NAG_LIST_MAX; i++) {
		const phi_finding *f = &r->f[i];
		char word[160];
		if (f->start < f->end && f->end <= len)
			text_fitn(text + f->start, f->end - f->start, 32, word, sizeof word, true);
		else
			word[0] = '\0';
		/* TRANSLATORS: one finding in the "too detailed for SMS" question: the
		   reason ("medication", "lab value") and the words of the draft. */
		buf_printf(&b, _("  %s %s: “%s”\n"),
			   a->cfg.accessible ? "-" : a->utf8 ? "⚠" : "!", reason_label(f->reason), word);
	}
	size_t more = r && r->n > NAG_LIST_MAX ? r->n - NAG_LIST_MAX : 0;
	if (more || (r && r->truncated))
		buf_printf(&b, "  %s\n", _("… and more"));
	if (d->no_secure) {
		const struct conversation *c = cstore_conversation(a->st, a->compose_for);
		const struct cdept *cd = c ? cstore_department(a->st, c->department_id) : NULL;
		buf_puts(&b, "\n");
		/* TRANSLATORS: %s is the department's name; keep the command as it is. */
		buf_printf(&b, _("%s has no secure-message template yet, so there is none to offer. "
				 "An admin can choose one with:\n  curtainctl dept set \"%s\" "
				 "--secure-template TEMPLATE-ID\n"),
			   cd ? cd->d.name : _("This department"),
			   /* TRANSLATORS: a placeholder in a command line, like NAME in --help. */
			   cd ? cd->d.name : _("NAME"));
	}
	while (b.len && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	snprintf(d->text, sizeof d->text, "%s", b.data ? b.data : "");
	buf_free(&b);
	a->dirty_all = true;
}

static void nag_open(struct app *a)
{
	dialog_close(a);
	a->dialog.kind = DLG_NAG;
	snprintf(a->dialog.title, sizeof a->dialog.title, "%s", _("Too detailed for SMS"));
	nag_dialog_text(a);
}

/* The department's secure-message template goes into the compose box in
 * place of the text, filled in as the template picker would (asking for any
 * {?value}); it is not sent until the user presses Enter again. */
static void nag_secure(struct app *a)
{
	const struct conversation *c = cstore_conversation(a->st, a->compose_for);
	const struct cdept *cd = c ? cstore_department(a->st, c->department_id) : NULL;
	const char *tid = cd ? cd->d.secure_template_id : NULL;
	const struct template *t = tid && *tid ? cstore_template(a->st, tid) : NULL;
	if (!t) {
		a->dialog.no_secure = true;
		a->dialog.armed = false;
		nag_dialog_text(a);
		return;
	}
	char id[ID_LEN];
	snprintf(id, sizeof id, "%s", t->id);
	dialog_close(a);
	template_chosen(a, id);
}

/* ---- sending ---------------------------------------------------------------------------------------- */

/* Whether the compose box holds something to send: a note needs text; a
 * reply, text or a file. */
static bool compose_sendable(const struct app *a, size_t len)
{
	return len > 0 || (!a->compose_note && a->n_compose_files > 0);
}

/* Queues the compose text. phi_categories: the categories of an overridden
 * "too detailed" warning (the server audits them, never the text), or NULL. */
static void send_now(struct app *a, const char *phi_categories)
{
	size_t len;
	const char *text = editor_text(&a->compose, &len);
	const struct conversation *c = cstore_conversation(a->st, a->compose_for);
	if (!compose_sendable(a, len) || !c)
		return;
	if (a->compose_note) {
		json_t *req = json_pack("{s:[[s, {s:{s:{s:s, s:s}}}, s]]}", "methodCalls", "Note/set",
					"create", "n", "conversationId", c->id, "body", text, "note");
		net_request(a->net, "POST", "/v1/api", req, NULL, on_note_set, a);
		a->compose_note = false;
	} else {
		const char *last = a->compose_seen[0] ? a->compose_seen : cstore_thread_last_id(a->st, c->id);
		/* The files go too: uploaded first, then named by the send. */
		outbox_add_media(a->outbox, c->id, text, last ? last : c->last_message_id,
				 a->compose_template[0] ? a->compose_template : NULL, phi_categories,
				 a->compose_files, a->n_compose_files);
		attach_compose_clear(a);
		a->compose_seen[0] = '\0';
		cstore_draft_set(a->st, c->id, NULL);
		app_status(a, false, _("Sending…"));
	}
	editor_clear(&a->compose);
	compose_phi_forget(a);
	a->compose_template[0] = '\0';
	a->focus = FOCUS_THREAD;
	a->dirty_all = true;
	session_pump(a);
}

/* Enter in the compose box: a text that is too detailed for SMS asks first. */
static void send_compose(struct app *a)
{
	size_t len;
	editor_text(&a->compose, &len);
	if (!compose_sendable(a, len) || !cstore_conversation(a->st, a->compose_for))
		return;
	if (app_compose_phi(a)) {
		nag_open(a);
		return;
	}
	send_now(a, NULL);
}

/* "Send anyway", confirmed with its second key. */
static void nag_send_anyway(struct app *a)
{
	const phi_result *r = app_compose_phi(a);
	char cats[128] = "";
	if (r)
		phi_categories_csv(r->categories, cats, sizeof cats);
	dialog_close(a);
	send_now(a, cats[0] ? cats : NULL);
	if (cats[0])
		app_status(a, false, "%s",
			   _("Sending as written. The override is recorded, without the text."));
}

/* ---- lock ---------------------------------------------------------------------------------------------- */

void app_lock(struct app *a)
{
	if (a->screen != SCREEN_INBOX)
		return;
	compose_save(a);
	/* Drafts are PHI and cannot be kept encrypted without a key derived at
	 * unlock (issue: keyring), so they are discarded with everything else. */
	editor_clear(&a->compose);
	compose_phi_forget(a);
	/* Attached files and any downloaded picture are PHI too. */
	attach_forget(a);
	if (a->net) {
		net_events_stop(a->net);
		net_cancel_all(a->net);
		a->sync_req = 0; /* the unlock starts a new sync */
		/* A send or upload cut off here goes again after the unlock, as
		 * after a lost answer (same clientMsgId; an upload is redone). */
		if (a->outbox_req) {
			if (a->outbox_upload)
				outbox_on_upload(a->outbox, a->outbox_item, 0, NULL, NULL, mono_ms());
			else
				outbox_on_response(a->outbox, a->outbox_item, 0, NULL, NULL, mono_ms());
			a->outbox_req = a->outbox_item = 0;
			a->outbox_upload = false;
		}
		net_request(a->net, "POST", "/v1/auth/revoke", json_pack("{s:s}", "scope", "session"),
			    NULL, NULL, NULL);
		net_set_token(a->net, NULL);
	}
	if (a->sess.access_token) {
		sodium_free(a->sess.access_token);
		a->sess.access_token = NULL;
	}
	cstore_wipe_phi(a->st);
	picker_free(&a->picker);
	dialog_close(a);
	/* Ids are not PHI: keep where the user was, so unlocking returns there. */
	if (a->focus == FOCUS_COMPOSE)
		a->focus = FOCUS_THREAD;
	a->compose_seen[0] = '\0';
	a->screen = SCREEN_LOCK;
	editor_clear(&a->f_lockpin);
	a->signin_error[0] = '\0';
	a->dirty_all = true;
}

/* Waiting counts only grow when a patient texts: that is the PHI-free
 * signal for a notification ("New text in Front Desk (3 waiting)"). */
static void notify_new_texts(struct app *a)
{
	if (!a->notifier)
		return;
	for (size_t i = 0; i < cstore_department_count(a->st); i++) {
		const struct cdept *d = cstore_department_at(a->st, i);
		if (!d->has_counts)
			continue;
		size_t k;
		for (k = 0; k < a->n_seen_waiting; k++)
			if (!strcmp(a->seen_waiting[k].id, d->d.id))
				break;
		if (k == a->n_seen_waiting) {
			if (k == sizeof a->seen_waiting / sizeof a->seen_waiting[0])
				continue;
			snprintf(a->seen_waiting[k].id, ID_LEN, "%s", d->d.id);
			a->seen_waiting[k].waiting = d->counts.waiting;
			a->n_seen_waiting++;
			continue; /* the first count is a baseline, not news */
		}
		if (d->counts.waiting > a->seen_waiting[k].waiting) {
			notifier_new_texts(a->notifier, d->d.name, (long)d->counts.waiting,
					   a->screen == SCREEN_LOCK, mono_ms());
			/* The notification's words, never a name or a message. */
			if (a->cfg.accessible && a->screen == SCREEN_INBOX) {
				char line[160];
				snprintf(line, sizeof line,
					 ngettext("New text in %s (%ld waiting)",
						  "New text in %s (%ld waiting)",
						  (unsigned long)d->counts.waiting),
					 d->d.name, (long)d->counts.waiting);
				announce(a, false, line);
			}
		}
		a->seen_waiting[k].waiting = d->counts.waiting;
	}
}

void app_signed_out(struct app *a, const char *why)
{
	if (a->net) {
		net_events_stop(a->net);
		net_cancel_all(a->net);
	}
	/* Nothing is in flight any more, and texts the server has not
	 * confirmed were this user's: they must not go out under whoever
	 * signs in next (the audit log would name the wrong person). */
	a->sync_req = a->outbox_req = a->outbox_item = 0;
	a->outbox_upload = false;
	size_t unsent = outbox_count(a->outbox);
	outbox_free(&a->outbox);
	a->outbox = outbox_new();
	a->status[0] = '\0'; /* "Sending…" and the like were about that session */
	cstore_wipe_phi(a->st);
	editor_clear(&a->compose);
	compose_phi_forget(a);
	attach_forget(a);
	picker_free(&a->picker);
	dialog_close(a);
	session_clear(&a->sess);
	if (a->sync)
		sync_free(&a->sync);
	a->open_id[0] = a->compose_for[0] = '\0';
	a->screen = SCREEN_SIGNIN;
	a->step = SIGNIN_USER;
	a->signin_field = 1;
	if (unsent)
		snprintf(a->signin_error, sizeof a->signin_error,
			 /* TRANSLATORS: %s is why the user was signed out ("Sign in again."). */
			 ngettext("%s %zu text had not reached the server and was discarded.",
				  "%s %zu texts had not reached the server and were discarded.", unsent),
			 why, unsent);
	else
		snprintf(a->signin_error, sizeof a->signin_error, "%s", why);
	a->dirty_all = true;
}

/* ---- actions --------------------------------------------------------------------------------------------- */

static void list_move(struct app *a, long delta)
{
	size_t n = cstore_queue_loaded(a->st);
	if (!n)
		return;
	long sel = (long)a->row_sel + delta;
	if (sel < 0)
		sel = 0;
	if (sel >= (long)n)
		sel = (long)n - 1;
	a->row_sel = (size_t)sel;
	if (a->row_sel + 10 >= n && (int64_t)n < cstore_queue_total(a->st))
		sync_want_more(a->sync);
	a->dirty |= DIRTY_QUEUE;
}

static void set_filter(struct app *a, int f)
{
	a->filter = f;
	session_apply_queue(a);
	a->acc_side = HIT_FILTER;
}

static int list_page(const struct app *a)
{
	return a->rows > 6 ? a->rows - 4 : 1;
}

static void act_conversation(struct app *a, enum action_id act)
{
	const struct conversation *c = app_selected(a);
	if (!c)
		return;
	char id[ID_LEN];
	snprintf(id, sizeof id, "%s", c->id);
	switch (act) {
	case ACT_CLAIM:
		conv_set(a, id, json_pack("{s:s}", "assigneeId", a->sess.staff_id), _("Claimed."));
		break;
	case ACT_RELEASE:
		conv_set(a, id, json_pack("{s:n}", "assigneeId"), _("Returned to the queue."));
		break;
	case ACT_REASSIGN: open_staff_picker(a); break;
	case ACT_TRANSFER: open_dept_picker(a); break;
	case ACT_MARK_PENDING:
		conv_set(a, id, json_pack("{s:s}", "status", "pending"), _("Marked pending."));
		break;
	case ACT_SNOOZE: open_snooze_picker(a); break;
	case ACT_RESOLVE:
		conv_set(a, id, json_pack("{s:s}", "status", "resolved"), _("Resolved."));
		break;
	case ACT_REOPEN:
		conv_set(a, id, json_pack("{s:s}", "status", "open"), _("Reopened."));
		break;
	case ACT_MARK_UNREAD:
		conv_set(a, id, json_pack("{s:b}", "unread", 1), _("Marked unread."));
		break;
	case ACT_NOTE:
		open_conversation(a, id);
		compose_save(a);
		editor_clear(&a->compose);
		a->compose_note = true;
		a->focus = FOCUS_COMPOSE;
		break;
	case ACT_TEMPLATE:
	case ACT_COMPOSE_TEMPLATE: open_template_picker(a); break;
	default: break;
	}
}

static void picker_select(struct app *a)
{
	struct picker *p = &a->picker;
	if (!p->n_match)
		return;
	char id[ID_LEN];
	snprintf(id, sizeof id, "%s", p->ids[p->order[p->sel]]);
	enum picker_kind kind = p->kind;
	const struct conversation *c = app_selected(a);
	char conv[ID_LEN] = "";
	if (c)
		snprintf(conv, sizeof conv, "%s", c->id);
	picker_free(p);
	a->dirty_all = true;
	switch (kind) {
	case PICK_TEMPLATE: template_chosen(a, id); break;
	case PICK_ATTACHMENT: attach_chosen(a, id); break;
	case PICK_STAFF:
		if (conv[0])
			conv_set(a, conv, json_pack("{s:s}", "assigneeId", id), _("Reassigned."));
		break;
	case PICK_DEPT:
		if (conv[0]) {
			conv_set(a, conv, json_pack("{s:s}", "departmentId", id), _("Transferred."));
			close_conversation(a);
		}
		break;
	case PICK_SNOOZE:
		if (!conv[0])
			break;
		if (strcmp(id, "ask") == 0) {
			prompt_open(a, PROMPT_SNOOZE, _("Snooze until"),
				    _("Type a time as YYYY-MM-DD HH:MM (your local time)."));
		} else {
			char when[40], shown[64], done[128];
			int64_t until = now_ms() + strtoll(id, NULL, 10) * 60000;
			time_format_iso(until, when);
			text_datetime(now_ms(), until, shown, sizeof shown);
			snprintf(done, sizeof done, _("Snoozed until %s."), shown);
			conv_set(a, conv, json_pack("{s:s, s:s}", "status", "snoozed", "snoozedUntil", when),
				 done);
		}
		break;
	default: break;
	}
}

static void prompt_accept(struct app *a)
{
	struct dialog *d = &a->dialog;
	size_t len;
	const char *text = editor_text(&d->input, &len);
	if (d->purpose == PROMPT_TEMPLATE) {
		d->answers[d->at++] = xstrndup(text, len);
		template_ask_next(a);
	} else if (d->purpose == PROMPT_ATTACH || d->purpose == PROMPT_SAVE) {
		attach_prompt_accept(a, d->purpose, text, len);
	} else if (d->purpose == PROMPT_SEARCH) {
		struct queue_spec q = *sync_queue(a->sync);
		snprintf(q.text, sizeof q.text, "%.*s", (int)len, text);
		sync_set_queue(a->sync, &q);
		a->row_sel = a->row_top = 0;
		app_status(a, false, len ? _("Searching…") : _("Search cleared."));
		dialog_close(a);
	} else if (d->purpose == PROMPT_SNOOZE) {
		struct tm tm;
		memset(&tm, 0, sizeof tm);
		char buf[64];
		snprintf(buf, sizeof buf, "%.*s", (int)len, text);
		const char *end = strptime(buf, "%Y-%m-%d %H:%M", &tm);
		const struct conversation *c = app_selected(a);
		if (!end || *end || !c) {
			app_status(a, true, _("Not a time: use YYYY-MM-DD HH:MM."));
			return;
		}
		tm.tm_isdst = -1;
		time_t t = mktime(&tm);
		char when[40];
		time_format_iso((int64_t)t * 1000, when);
		char id[ID_LEN], shown[64], done[128];
		snprintf(id, sizeof id, "%s", c->id);
		text_datetime(now_ms(), (int64_t)t * 1000, shown, sizeof shown);
		snprintf(done, sizeof done, _("Snoozed until %s."), shown);
		dialog_close(a);
		conv_set(a, id, json_pack("{s:s, s:s}", "status", "snoozed", "snoozedUntil", when),
			 done);
	} else {
		dialog_close(a);
	}
}

static bool editor_action(struct editor *ed, enum action_id act, int width)
{
	switch (act) {
	case ACT_LEFT: editor_left(ed); return true;
	case ACT_RIGHT: editor_right(ed); return true;
	case ACT_WORD_LEFT: editor_word_left(ed); return true;
	case ACT_WORD_RIGHT: editor_word_right(ed); return true;
	case ACT_LINE_START: editor_line_start(ed); return true;
	case ACT_LINE_END: editor_line_end(ed); return true;
	case ACT_BACKSPACE: editor_backspace(ed); return true;
	case ACT_DELETE: editor_delete(ed); return true;
	case ACT_DELETE_WORD_BACK: editor_delete_word_back(ed); return true;
	case ACT_KILL_TO_END: editor_kill_line(ed); return true;
	case ACT_KILL_TO_START: {
		size_t at = editor_cursor(ed);
		editor_line_start(ed);
		size_t start = editor_cursor(ed);
		editor_set_cursor(ed, at);
		while (editor_cursor(ed) > start && editor_backspace(ed))
			;
		return true;
	}
	case ACT_EDIT_UP: editor_up(ed, width); return true;
	case ACT_EDIT_DOWN: editor_down(ed, width); return true;
	default: return false;
	}
}

/* The width the compose box wraps at (kept in step with view.c). */
static int compose_width(const struct app *a)
{
	int w = view_thread_width(a) - 2;
	return w > 10 ? w : 10;
}

static struct editor *signin_editor(struct app *a)
{
	switch (a->step) {
	case SIGNIN_USER:
		return a->signin_field == 0 ? &a->f_server
		       : a->signin_field == 1 ? &a->f_user
					      : &a->f_pass;
	case SIGNIN_CODE: return &a->f_code;
	case SIGNIN_PIN: return &a->f_pin;
	case SIGNIN_PIN_AGAIN: return &a->f_pin2;
	default: return NULL;
	}
}

static void signin_enter(struct app *a)
{
	size_t n;
	switch (a->step) {
	case SIGNIN_USER:
		if (a->signin_field < 2) {
			a->signin_field++;
			break;
		}
		{
			char server[512], user[128];
			snprintf(server, sizeof server, "%s", editor_text(&a->f_server, &n));
			snprintf(user, sizeof user, "%s", editor_text(&a->f_user, &n));
			const char *pw = editor_text(&a->f_pass, &n);
			if (!n && *server && *user && session_resume(a, server, user))
				break; /* this workstation keeps the user's sign-in: PIN only */
			if (!*server || !*user || !n) {
				snprintf(a->signin_error, sizeof a->signin_error, "%s",
					 _("Fill in the server, your username and your password."));
				break;
			}
			session_login(a, server, user, pw);
		}
		break;
	case SIGNIN_CODE:
		editor_text(&a->f_code, &n);
		if (n)
			a->step = SIGNIN_PIN;
		break;
	case SIGNIN_PIN:
		editor_text(&a->f_pin, &n);
		if (n)
			a->step = SIGNIN_PIN_AGAIN;
		break;
	case SIGNIN_PIN_AGAIN: {
		const char *p1 = editor_text(&a->f_pin, &n);
		const char *p2 = editor_text(&a->f_pin2, &n);
		if (strcmp(p1, p2) != 0) {
			snprintf(a->signin_error, sizeof a->signin_error, "%s",
				 _("The PINs do not match. Choose your PIN again."));
			editor_clear(&a->f_pin);
			editor_clear(&a->f_pin2);
			a->step = SIGNIN_PIN;
			break;
		}
		char code[16];
		snprintf(code, sizeof code, "%s", editor_text(&a->f_code, &n));
		session_submit_code(a, code, p1);
		break;
	}
	default: break;
	}
	a->dirty_all = true;
}

static void do_action(struct app *a, enum action_id act, enum ui_context ctx)
{
	struct action_env env = {
		.locked = a->screen == SCREEN_LOCK,
		.has_conversation = app_selected(a) != NULL,
		.supervisor = a->sess.role >= ROLE_SUPERVISOR,
	};
	enum action_denial den = action_check(act, &env);
	if (den != ACTION_OK && a->screen == SCREEN_INBOX) {
		app_status(a, true, "%s", action_denial_message(den));
		return;
	}
	a->dirty_all = true;
	/* Text fields first. */
	if (ctx == CTX_SIGNIN || ctx == CTX_LOCK) {
		struct editor *ed = ctx == CTX_LOCK ? &a->f_lockpin : signin_editor(a);
		if (ed && editor_action(ed, act, 40))
			return;
		if (act == ACT_SUBMIT || act == ACT_UNLOCK) {
			if (ctx == CTX_LOCK) {
				size_t n;
				const char *pin = editor_text(&a->f_lockpin, &n);
				if (n)
					session_unlock(a, pin);
			} else {
				signin_enter(a);
			}
		} else if (act == ACT_FIELD_NEXT && a->step == SIGNIN_USER) {
			a->signin_field = (a->signin_field + 1) % 3;
		} else if (act == ACT_FIELD_PREV && a->step == SIGNIN_USER) {
			a->signin_field = (a->signin_field + 2) % 3;
		} else if (act == ACT_SIGN_OUT && ctx == CTX_LOCK) {
			session_sign_out(a, _("Signed out. This workstation no longer knows you."));
		} else if (act == ACT_SWITCH_USER) {
			char from[ID_LEN];
			snprintf(from, sizeof from, "%s", a->sess.device_id);
			app_signed_out(a, _("Sign in as yourself."));
			/* The server audits the hand-over from this session. */
			snprintf(a->switch_from, sizeof a->switch_from, "%s", from);
			editor_clear(&a->f_user);
			a->signin_field = 1;
		} else if (act == ACT_QUIT) {
			a->running = false;
		} else if (act == ACT_SUSPEND) {
			term_suspend();
		}
		return;
	}
	if (ctx == CTX_COMPOSE && a->dialog.kind == DLG_PROMPT) {
		if (editor_action(&a->dialog.input, act, 60))
			return;
		if (act == ACT_SEND)
			prompt_accept(a);
		else if (act == ACT_CANCEL)
			dialog_close(a);
		return;
	}
	if (ctx == CTX_DIALOG && a->dialog.kind == DLG_NAG) {
		switch (act) {
		case ACT_NAG_EDIT:
		case ACT_DIALOG_CANCEL:
		case ACT_CANCEL:
			dialog_close(a);
			app_status(a, false, "%s",
				   _("Reword the highlighted words, then press Enter to send."));
			break;
		case ACT_NAG_SECURE: nag_secure(a); break;
		case ACT_NAG_SEND_ANYWAY: a->dialog.armed = true; break;
		case ACT_NAG_CONFIRM:
			/* Only after the first key: one key alone never sends. */
			if (a->dialog.armed)
				nag_send_anyway(a);
			break;
		case ACT_HELP: a->help = true; break;
		case ACT_REDRAW: clearok(curscr, TRUE); break;
		default: break; /* Enter (confirm) does not send a text that was flagged */
		}
		return;
	}
	if (ctx == CTX_DIALOG) {
		if (act == ACT_HELP) {
			a->help = true;
			return;
		}
		if (a->dialog.kind == DLG_OVERWRITE) {
			/* Only its own key replaces a file: Enter (the key that
			 * accepted the name) or a stray y never does. */
			if (act == ACT_REPLACE_FILE || act == ACT_DIALOG_CANCEL || act == ACT_CANCEL)
				attach_overwrite_answer(a, act == ACT_REPLACE_FILE);
			return;
		}
		if (act == ACT_CONFIRM) {
			if (a->dialog.kind == DLG_GUARD) {
				outbox_confirm(a->outbox, a->dialog.outbox_id);
				app_status(a, false, _("Sending anyway…"));
			} else if (a->dialog.kind == DLG_CONFIRM_QUIT) {
				a->running = false;
			}
			dialog_close(a);
		} else if (act == ACT_DIALOG_CANCEL || act == ACT_CANCEL) {
			if (a->dialog.kind == DLG_GUARD) {
				struct outbox_item *it = outbox_get(a->outbox, a->dialog.outbox_id);
				/* Keep the text: it goes back into the compose box. */
				if (it && it->body && !strcmp(it->conversation_id, a->open_id)) {
					editor_set_text(&a->compose, it->body, strlen(it->body));
					/* Its files come back too, unless others were attached since. */
					size_t nf = 0;
					struct mms_file *files =
						a->n_compose_files ? NULL
								   : outbox_take_files(a->outbox, it->id, &nf);
					if (files) {
						attach_compose_clear(a); /* an empty list may be left */
						a->compose_files = files;
						a->n_compose_files = nf;
					}
				}
				bool dropped = it && it->n_media > 0; /* not taken back */
				outbox_discard(a->outbox, a->dialog.outbox_id);
				app_status(a, false, "%s",
					   dropped ? _("Not sent; your text is back in the compose box, but its "
						       "files are not (others are attached now).")
						   : _("Not sent; your text is back in the compose box."));
			}
			dialog_close(a);
		}
		return;
	}
	if (ctx == CTX_PICKER) {
		struct picker *p = &a->picker;
		if (editor_action(&p->query, act, 40)) {
			picker_filter(p);
			return;
		}
		if (act == ACT_PICKER_UP && p->sel > 0)
			p->sel--;
		else if (act == ACT_PICKER_DOWN && p->sel + 1 < p->n_match)
			p->sel++;
		else if (act == ACT_SELECT)
			picker_select(a);
		else if (act == ACT_CANCEL)
			picker_free(p);
		return;
	}
	if (ctx == CTX_COMPOSE) {
		if (editor_action(&a->compose, act, compose_width(a))) {
			a->dirty |= UI_DIRTY_COMPOSE;
			return;
		}
		switch (act) {
		case ACT_SEND: send_compose(a); return;
		case ACT_NEWLINE: editor_newline(&a->compose); return;
		case ACT_CANCEL:
			a->compose_seen[0] = '\0';
			compose_save(a);
			if (a->compose_note) {
				editor_clear(&a->compose);
				a->compose_note = false;
			}
			a->focus = FOCUS_THREAD;
			presence(a, "viewing");
			return;
		case ACT_COMPOSE_TEMPLATE: open_template_picker(a); return;
		case ACT_ATTACH: attach_add(a); return;
		case ACT_DETACH: attach_remove_last(a); return;
		default: break;
		}
	}
	switch (act) {
	case ACT_QUIT:
		if (outbox_count(a->outbox)) {
			dialog_close(a);
			a->dialog.kind = DLG_CONFIRM_QUIT;
			snprintf(a->dialog.title, sizeof a->dialog.title, "%s", _("Quit?"));
			snprintf(a->dialog.text, sizeof a->dialog.text, "%s",
				 _("Some texts have not reached the server yet. Quit anyway?"));
		} else {
			a->running = false;
		}
		break;
	case ACT_HELP: a->help = !a->help; break;
	case ACT_REDRAW: clearok(curscr, TRUE); break;
	case ACT_LOCK: app_lock(a); break;
	case ACT_SUSPEND:
		/* Nothing of a patient stays on screen while suspended. */
		app_lock(a);
		view_draw(a);
		term_suspend();
		a->dirty_all = true;
		break;
	case ACT_SIGN_OUT:
		session_sign_out(a, _("Signed out. This workstation no longer knows you."));
		break;
	case ACT_NEXT_WAITING:
		if (a->filter != FILTER_ALL || a->cfg.sort != CONFIG_SORT_WAITING) {
			a->filter = FILTER_ALL;
			a->cfg.sort = CONFIG_SORT_WAITING;
			session_apply_queue(a);
			app_status(a, false, _("Showing the longest-waiting patients first."));
		} else if (cstore_queue_loaded(a->st)) {
			a->row_sel = 0;
			open_conversation(a, cstore_queue_id(a->st, 0));
		}
		break;
	case ACT_SEARCH:
		prompt_open(a, PROMPT_SEARCH, _("Search"),
			    _("Patient name, phone number or message text (empty to clear):"));
		break;
	case ACT_REFRESH:
		if (a->sync)
			sync_on_reconnect(a->sync);
		break;
	case ACT_DEPT_NEXT:
	case ACT_DEPT_PREV: {
		size_t n, cur = 0;
		dept_visible_at(a, 0, &n);
		for (size_t i = 0; i < n; i++)
			if (!strcmp(dept_visible_at(a, i, NULL)->d.id, a->dept_id))
				cur = i;
		if (n) {
			cur = (cur + (act == ACT_DEPT_NEXT ? 1 : n - 1)) % n;
			snprintf(a->dept_id, sizeof a->dept_id, "%s", dept_visible_at(a, cur, NULL)->d.id);
			session_apply_queue(a);
			a->acc_side = HIT_DEPT;
		}
		break;
	}
	case ACT_FILTER_MINE: set_filter(a, FILTER_MINE); break;
	case ACT_FILTER_UNASSIGNED: set_filter(a, FILTER_UNASSIGNED); break;
	case ACT_FILTER_ALL: set_filter(a, FILTER_ALL); break;
	case ACT_FILTER_PENDING: set_filter(a, FILTER_PENDING); break;
	case ACT_FILTER_SNOOZED: set_filter(a, FILTER_SNOOZED); break;
	case ACT_FILTER_RESOLVED: set_filter(a, FILTER_RESOLVED); break;
	case ACT_SORT_TOGGLE:
		a->cfg.sort = a->cfg.sort == CONFIG_SORT_WAITING ? CONFIG_SORT_ACTIVITY
								: CONFIG_SORT_WAITING;
		session_apply_queue(a);
		a->acc_side = HIT_SORT;
		break;
	case ACT_FOCUS_NEXT:
	case ACT_FOCUS_PREV:
		if (a->focus == FOCUS_LIST && a->open_id[0])
			a->focus = FOCUS_THREAD;
		else if (a->focus == FOCUS_THREAD && act == ACT_FOCUS_NEXT)
			compose_begin(a);
		else if (a->focus == FOCUS_THREAD)
			a->focus = FOCUS_LIST;
		else
			a->focus = FOCUS_LIST;
		break;
	case ACT_UP: list_move(a, -1); break;
	case ACT_DOWN: list_move(a, 1); break;
	case ACT_PAGE_UP:
		if (ctx == CTX_THREAD)
			a->thread_scroll += list_page(a);
		else
			list_move(a, -list_page(a));
		break;
	case ACT_PAGE_DOWN:
		if (ctx == CTX_THREAD)
			a->thread_scroll = a->thread_scroll > list_page(a) ? a->thread_scroll - list_page(a) : 0;
		else
			list_move(a, list_page(a));
		break;
	case ACT_TOP:
		if (ctx == CTX_THREAD)
			a->thread_scroll = 1 << 20;
		else
			list_move(a, -(long)a->row_sel);
		break;
	case ACT_BOTTOM:
		if (ctx == CTX_THREAD)
			a->thread_scroll = 0;
		else
			list_move(a, (long)cstore_queue_loaded(a->st));
		break;
	case ACT_OPEN: {
		const struct conversation *c = app_selected(a);
		if (c)
			open_conversation(a, c->id);
		break;
	}
	case ACT_SCROLL_UP: a->thread_scroll++; break;
	case ACT_SCROLL_DOWN:
		if (a->thread_scroll > 0)
			a->thread_scroll--;
		break;
	case ACT_BACK: close_conversation(a); break;
	case ACT_ATTACHMENT_VIEW: attach_view(a); break;
	case ACT_ATTACHMENT_SAVE: attach_save(a); break;
	case ACT_REPLY:
		compose_begin(a);
		presence(a, "composing");
		break;
	default: act_conversation(a, act); break;
	}
}

/* ---- the mouse (config mouse, --mouse) ------------------------------------------------------------ */

/* Rows of the wheel's step. */
#define WHEEL_ROWS 3

static bool hit_in(int y, int x, int hy, int hx, int hh, int hw)
{
	return hw > 0 && y >= hy && y < hy + hh && x >= hx && x < hx + hw;
}

/* A click or a wheel step, at the place view_draw() recorded: choosing a
 * department, filter or sort in the sidebar; selecting a conversation (a
 * click on the selected one opens it) or a picker's choice (likewise, a
 * click on the highlighted one chooses it); the wheel scrolls the queue, the
 * thread and the picker. Nothing happens outside the inbox, under a
 * question or over the help (a click closes it). */
static void handle_mouse(struct app *a)
{
	MEVENT ev;
	if (getmouse(&ev) != OK || !a->cfg.mouse)
		return;
	bool click = ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED);
	int wheel = ev.bstate & BUTTON4_PRESSED ? -1 : ev.bstate & BUTTON5_PRESSED ? 1 : 0;
	if (!click && !wheel)
		return;
	a->last_input_ms = mono_ms();
	a->acc_status_cursor = false;
	a->acc_side = HIT_NONE;
	a->dirty_all = true;
	if (a->screen != SCREEN_INBOX || a->dialog.kind != DLG_NONE)
		return;
	if (a->help) {
		a->help = click ? false : a->help;
		return;
	}
	const struct view_hits *h = &a->hits;
	int y = ev.y, x = ev.x;
	if (a->picker.kind != PICK_NONE) {
		struct picker *p = &a->picker;
		if (wheel) {
			long sel = (long)p->sel + wheel;
			if (sel >= 0 && (size_t)sel < p->n_match)
				p->sel = (size_t)sel;
		} else if (hit_in(y, x, h->picker_y, h->picker_x, h->picker_rows, h->picker_w)) {
			size_t i = h->picker_top + (size_t)(y - h->picker_y);
			if (i < p->n_match && i == p->sel)
				picker_select(a);
			else if (i < p->n_match)
				p->sel = i;
		}
		return;
	}
	if (hit_in(y, x, h->side_y, h->side_x, HIT_SIDE_ROWS, h->side_w)) {
		const struct view_hits *hh = h;
		int i = y - hh->side_y;
		if (!click)
			return;
		switch (hh->side[i].kind) {
		case HIT_DEPT:
			if (strcmp(a->dept_id, hh->side[i].dept) != 0) {
				snprintf(a->dept_id, sizeof a->dept_id, "%s", hh->side[i].dept);
				session_apply_queue(a);
			}
			a->acc_side = HIT_DEPT;
			break;
		case HIT_FILTER: set_filter(a, hh->side[i].filter); break;
		case HIT_SORT:
			a->cfg.sort = a->cfg.sort == CONFIG_SORT_WAITING ? CONFIG_SORT_ACTIVITY
									: CONFIG_SORT_WAITING;
			session_apply_queue(a);
			a->acc_side = HIT_SORT;
			break;
		default: break;
		}
		return;
	}
	if (hit_in(y, x, h->list_y, h->list_x, h->list_rows, h->list_w)) {
		if (a->focus == FOCUS_THREAD || a->focus == FOCUS_COMPOSE)
			close_conversation(a);
		if (wheel) {
			list_move(a, wheel * WHEEL_ROWS);
			return;
		}
		size_t i = a->row_top + (size_t)(y - h->list_y);
		if (i >= cstore_queue_loaded(a->st))
			return;
		if (i == a->row_sel) {
			const struct conversation *c = app_selected(a);
			if (c)
				open_conversation(a, c->id);
		} else {
			list_move(a, (long)i - (long)a->row_sel);
		}
		return;
	}
	if (hit_in(y, x, h->thread_y, h->thread_x, h->thread_h, h->thread_w) && a->open_id[0]) {
		if (wheel) {
			a->thread_scroll -= wheel * WHEEL_ROWS;
			if (a->thread_scroll < 0)
				a->thread_scroll = 0;
		} else if (a->focus != FOCUS_COMPOSE) {
			a->focus = FOCUS_THREAD;
		}
	}
}

/* ---- keys ---------------------------------------------------------------------------------------------------- */

static struct editor *active_editor(struct app *a);

static void handle_key(struct app *a, bool fn, wint_t ch, bool alt)
{
	a->last_input_ms = mono_ms();
	/* The cursor goes back from the announcement to the selection. */
	a->acc_status_cursor = false;
	a->acc_side = HIT_NONE;
	if (a->help) {
		a->help = false;
		a->dirty_all = true;
		return;
	}
	keycode key = keymap_key_from_curses(fn, (uint32_t)ch, alt);
	enum ui_context ctx = app_context(a);
	enum action_id act = keymap_lookup(a->keymap, ctx, key);
	/* "Send anyway" is armed: only its confirming key sends; any other key,
	 * Esc included, takes it back. */
	if (ctx == CTX_DIALOG && a->dialog.kind == DLG_NAG && a->dialog.armed &&
	    act != ACT_NAG_CONFIRM) {
		a->dialog.armed = false;
		a->dirty_all = true;
		app_status(a, false, "%s", _("Not sent."));
		return;
	}
	if (act != ACT_NONE) {
		do_action(a, act, ctx);
		return;
	}
	if (!fn && !alt && ui_context_is_text(ctx) && keymap_key_is_text(key)) {
		char buf[4];
		size_t n = text_utf8_encode((uint32_t)ch, buf);
		struct editor *ed = active_editor(a);
		if (ed) {
			editor_insert(ed, buf, n);
			if (ctx == CTX_PICKER)
				picker_filter(&a->picker);
			if (ed == &a->compose && a->presence_sent_ms + PRESENCE_EVERY_MS < mono_ms())
				presence(a, "composing");
			a->dirty_all = true;
		}
	}
}

/* The text editor keys would go to now, or NULL. */
static struct editor *active_editor(struct app *a)
{
	enum ui_context ctx = app_context(a);
	if (ctx == CTX_SIGNIN)
		return signin_editor(a);
	if (ctx == CTX_LOCK)
		return &a->f_lockpin;
	if (ctx == CTX_PICKER)
		return &a->picker.query;
	if (a->dialog.kind == DLG_PROMPT)
		return &a->dialog.input;
	if (ctx == CTX_COMPOSE)
		return &a->compose;
	return NULL;
}

/* After ESC [ 2 0 0 ~: everything up to ESC [ 2 0 1 ~ is pasted text. */
static void read_paste(struct app *a)
{
	struct buf text;
	buf_init(&text);
	static const wchar_t end[] = L"\033[201~";
	size_t matched = 0;
	int64_t deadline = mono_ms() + 2000;
	while (mono_ms() < deadline && text.len < 64 * 1024) {
		wint_t ch;
		int r = get_wch(&ch);
		if (r == ERR) {
			struct pollfd pf = { STDIN_FILENO, POLLIN, 0 };
			poll(&pf, 1, 50);
			continue;
		}
		if (r == KEY_CODE_YES)
			continue;
		if ((wchar_t)ch == end[matched]) {
			if (++matched == 6)
				break;
			continue;
		}
		for (size_t i = 0; i < matched; i++) {
			char c = (char)end[i];
			buf_append(&text, &c, 1);
		}
		matched = 0;
		char u[4];
		size_t n = text_utf8_encode((uint32_t)ch, u);
		buf_append(&text, u, n);
	}
	struct editor *ed = active_editor(a);
	if (ed && text.len) {
		editor_insert(ed, text.data, text.len);
		if (ed == &a->picker.query)
			picker_filter(&a->picker);
		a->dirty_all = true;
	}
	buf_free(&text);
}

/* After ESC: a paste start, an Alt-key, or a plain Esc. */
static bool read_escape(struct app *a, bool *fn, wint_t *ch, bool *alt)
{
	wint_t seq[5];
	int n = 0, r;
	while (n < 5 && (r = get_wch(&seq[n])) != ERR) {
		if (r == KEY_CODE_YES) {
			if (n == 0) {
				*fn = true;
				*ch = seq[0];
				*alt = true;
				return true;
			}
			unget_wch(seq[n]);
			break;
		}
		n++;
		if (n == 1 && seq[0] != '[')
			break;
		if (n == 5)
			break;
	}
	if (n == 5 && seq[0] == '[' && seq[1] == '2' && seq[2] == '0' && seq[3] == '0' &&
	    seq[4] == '~') {
		read_paste(a);
		return false;
	}
	/* Not a paste: give back all but the first, which makes an Alt-key. */
	for (int i = n - 1; i >= 1; i--)
		unget_wch(seq[i]);
	if (n >= 1) {
		*alt = true;
		*ch = seq[0];
	}
	return true;
}

static void read_keys(struct app *a)
{
	wint_t ch;
	int r;
	while ((r = get_wch(&ch)) != ERR) {
		bool fn = r == KEY_CODE_YES;
		if (fn && ch == KEY_RESIZE) {
			term_resize();
			getmaxyx(stdscr, a->rows, a->cols);
			a->dirty_all = true;
			continue;
		}
		if (fn && ch == KEY_MOUSE) {
			handle_mouse(a);
			continue;
		}
		bool alt = false;
		if (!fn && ch == 27 && !read_escape(a, &fn, &ch, &alt))
			continue;
		handle_key(a, fn, ch, alt);
		if (!a->running)
			return;
	}
}

/* ---- accessible mode: announcements ------------------------------------------------------------------------ */

/* What the screen says in places the cursor is not, said once on the
 * announcement line: the step of the sign-in and its errors, the lock,
 * the live connection lost and back, a colleague on the open conversation.
 * Runs before each frame in accessible mode. */
static void access_watch(struct app *a)
{
	int step = a->screen == SCREEN_SIGNIN ? (int)a->step : -1;
	if ((int)a->screen != a->acc_seen_screen || step != a->acc_seen_step) {
		const char *say = NULL;
		char buf[200];
		if (a->screen == SCREEN_SIGNIN) {
			switch (a->step) {
			case SIGNIN_USER: say = _("Sign in to Curtain"); break;
			case SIGNIN_CODE: say = _("Enter the 6-digit code from your authenticator app."); break;
			case SIGNIN_PIN: say = _("Choose a PIN for this workstation (4 or more digits)."); break;
			case SIGNIN_PIN_AGAIN: say = _("Enter the same PIN again."); break;
			case SIGNIN_BUSY: say = _("Talking to the server…"); break;
			}
		} else if (a->screen == SCREEN_LOCK) {
			snprintf(buf, sizeof buf, "%s %s", _("The screen is locked."),
				 _("Enter your PIN to unlock."));
			say = buf;
		} else if (a->acc_seen_screen == (int)SCREEN_LOCK) {
			say = _("Unlocked.");
		}
		a->acc_seen_screen = (int)a->screen;
		a->acc_seen_step = step;
		if (say)
			announce(a, false, say);
	}
	if (strcmp(a->signin_error, a->acc_seen_error) != 0) {
		snprintf(a->acc_seen_error, sizeof a->acc_seen_error, "%s", a->signin_error);
		if (a->signin_error[0] && a->screen != SCREEN_INBOX)
			announce(a, true, a->signin_error);
	}
	if (a->screen != SCREEN_INBOX) {
		a->acc_stream_known = false;
		a->acc_seen_presence[0] = '\0';
		return;
	}
	if (!a->acc_stream_known) {
		/* The first connection after sign-in is not news. */
		if (a->stream_up) {
			a->acc_stream_known = true;
			a->acc_seen_stream = true;
		}
	} else if (a->stream_up != a->acc_seen_stream) {
		a->acc_seen_stream = a->stream_up;
		announce(a, !a->stream_up,
			 a->stream_up ? _("Connected to the server again.")
				      : _("The connection to the server was lost; reconnecting…"));
	}
	char line[128] = "";
	const struct cpresence *p =
		a->open_id[0] ? cstore_presence(a->st, a->open_id, a->sess.staff_id, now_ms()) : NULL;
	if (p)
		/* The same words as the banner (view.c), without its margin. */
		snprintf(line, sizeof line,
			 !strcmp(p->state, "composing") ? _(" %s is replying to this conversation")
							: _(" %s is viewing this conversation"),
			 p->display_name);
	if (strcmp(line, a->acc_seen_presence) != 0) {
		snprintf(a->acc_seen_presence, sizeof a->acc_seen_presence, "%s", line);
		if (line[0])
			announce(a, false, line + 1);
	}
}

/* ---- signals and timers ------------------------------------------------------------------------------------- */

static void handle_signals(struct app *a)
{
	int sig;
	while ((sig = term_next_signal()) != 0) {
		switch (sig) {
		case SIGWINCH:
			term_resize();
			getmaxyx(stdscr, a->rows, a->cols);
			a->dirty_all = true;
			break;
		case SIGTSTP:
			/* Nothing of a patient stays on screen while suspended. */
			app_lock(a);
			view_draw(a);
			term_suspend();
			a->dirty_all = true;
			break;
		case SIGCONT: a->dirty_all = true; break;
		default: a->running = false; break; /* SIGTERM, SIGINT, SIGHUP */
		}
	}
}

static int64_t next_timeout(struct app *a)
{
	int64_t now = mono_ms(), t = now + 60000;
	if (a->status[0] && a->status_until > now && a->status_until < t)
		t = a->status_until;
	if (a->screen == SCREEN_INBOX && a->lock_after_s > 0) {
		int64_t lock_at = a->last_input_ms + (int64_t)a->lock_after_s * 1000;
		if (lock_at < t)
			t = lock_at;
	}
	if (a->screen == SCREEN_LOCK) {
		/* The lock screen's clock: seconds, or in accessible mode only
		 * minutes (wake as the minute turns). */
		int64_t next = a->cfg.accessible ? 60000 - now_ms() % 60000 + 50 : 1000;
		if (now + next < t)
			t = now + next;
	}
	int64_t due = outbox_next_due(a->outbox);
	if (due >= 0 && due < t)
		t = due;
	if (a->screen == SCREEN_INBOX && a->open_id[0] && a->presence_sent_ms + PRESENCE_EVERY_MS < t)
		t = a->presence_sent_ms + PRESENCE_EVERY_MS;
	int64_t retry = a->sync && a->screen == SCREEN_INBOX ? sync_retry_at(a->sync) : 0;
	if (retry > now && retry < t)
		t = retry;
	if (a->net) {
		int64_t nt = net_next_timer(a->net);
		if (nt >= 0 && now + nt < t)
			t = now + nt;
	}
	/* Minute-resolution waiting times on the list. */
	if (a->screen == SCREEN_INBOX && now + 30000 < t)
		t = now + 30000;
	return t > now ? t - now : 0;
}

static void timers(struct app *a)
{
	int64_t now = mono_ms();
	if (a->status[0] && a->status_until <= now) {
		a->status[0] = '\0';
		a->dirty |= UI_DIRTY_STATUS;
	}
	if (a->screen == SCREEN_INBOX && a->lock_after_s > 0 &&
	    now - a->last_input_ms >= (int64_t)a->lock_after_s * 1000)
		app_lock(a);
	if (a->screen == SCREEN_INBOX && a->open_id[0] &&
	    a->presence_sent_ms + PRESENCE_EVERY_MS <= now)
		presence(a, a->focus == FOCUS_COMPOSE ? "composing" : "viewing");
	if (a->screen == SCREEN_LOCK)
		a->dirty |= UI_DIRTY_STATUS;
}

void app_wait(struct app *a, int sigfd, int timeout_ms, bool *key, bool *sig)
{
	struct curl_waitfd fds[2] = {
		{ .fd = STDIN_FILENO, .events = CURL_WAIT_POLLIN },
		{ .fd = sigfd, .events = CURL_WAIT_POLLIN },
	};
	if (a->net) {
		net_poll(a->net, fds, 2, timeout_ms);
	} else {
		struct pollfd pf[2] = { { STDIN_FILENO, POLLIN, 0 }, { sigfd, POLLIN, 0 } };
		poll(pf, 2, timeout_ms);
		fds[0].revents = pf[0].revents ? CURL_WAIT_POLLIN : 0;
		fds[1].revents = pf[1].revents ? CURL_WAIT_POLLIN : 0;
	}
	*key = fds[0].revents != 0;
	*sig = fds[1].revents != 0;
}

int app_run(struct app *a)
{
	a->running = true;
	getmaxyx(stdscr, a->rows, a->cols);
	a->dirty_all = true;
	int sigfd = term_signal_fd();
	while (a->running) {
		if (a->sync && a->screen == SCREEN_INBOX)
			session_pump(a);
		if (a->cfg.accessible)
			access_watch(a);
		if (a->dirty_all || a->dirty)
			view_draw(a);
		a->acc_status_fresh = false;
		int timeout = (int)next_timeout(a);
		bool key, sig;
		app_wait(a, sigfd, timeout, &key, &sig);
		if (a->dirty & DIRTY_DEPTS)
			notify_new_texts(a);
		if (sig)
			handle_signals(a);
		if (key)
			read_keys(a);
		timers(a);
		/* A picture downloaded for a preview: shown here, outside any
		 * network callback, with curses suspended. */
		if (a->running && attach_preview_due(a))
			attach_preview_run(a);
	}
	if (a->open_id[0])
		presence(a, "idle");
	return 0;
}

/* ---- start and end -------------------------------------------------------------------------------------------- */

static void read_scripted(struct app *a, char *password, size_t plen)
{
	FILE *f = fdopen(a->scripted_fd, "r");
	if (!f)
		return;
	char line[256];
	char *fields[3] = { password, a->scripted_code, a->scripted_pin };
	size_t lens[3] = { plen, sizeof a->scripted_code, sizeof a->scripted_pin };
	for (int i = 0; i < 3 && fgets(line, sizeof line, f); i++) {
		line[strcspn(line, "\r\n")] = '\0';
		snprintf(fields[i], lens[i], "%s", line);
	}
	sodium_memzero(line, sizeof line);
	fclose(f);
}

bool app_init(struct app *a, const char *config_path, const char *server, const char *user,
	      const char *theme, const char *keymap, const char *keyring, int lock_after)
{
	config_init(&a->cfg);
	errlist_init(&a->cfg_errors);
	char *path = config_path ? xstrdup(config_path) : config_default_path();
	if (path && (config_path || access(path, F_OK) == 0))
		config_load(&a->cfg, path, &a->cfg_errors);
	free(path);
	char *err = NULL;
	if (server && !config_set(&a->cfg, "server", server, &err))
		goto bad_option;
	if (theme && !config_set(&a->cfg, "theme", theme, &err))
		goto bad_option;
	if (keymap && !config_set(&a->cfg, "keymap", keymap, &err))
		goto bad_option;
	if (keyring && !config_set(&a->cfg, "keyring", keyring, &err))
		goto bad_option;
	if (lock_after)
		a->cfg.lock_after = lock_after;
	if (a->opt_accessible)
		a->cfg.accessible = true;
	if (a->opt_mouse)
		a->cfg.mouse = true;
	a->theme = config_open_theme(&a->cfg, &a->cfg_errors);
	a->keymap = config_open_keymap(&a->cfg, &a->cfg_errors);
	a->st = cstore_new();
	a->outbox = outbox_new();
	mms_limits_default(&a->mms);
	editor_init(&a->compose);
	struct editor *fields[] = { &a->f_server, &a->f_user, &a->f_pass, &a->f_code,
				    &a->f_pin,	  &a->f_pin2, &a->f_lockpin };
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		editor_init(fields[i]);
		editor_set_single_line(fields[i], true);
	}
	const char *srv = a->cfg.server ? a->cfg.server : "http://127.0.0.1:8750";
	editor_set_text(&a->f_server, srv, strlen(srv));
	if (user)
		editor_set_text(&a->f_user, user, strlen(user));
	a->signin_field = user ? 2 : 1;
	char password[256] = "";
	if (a->scripted_fd >= 0)
		read_scripted(a, password, sizeof password);
	if (!term_init(&a->utf8, &a->colors)) {
		fprintf(stderr, "%s\n", _("curtain: cannot set up the terminal"));
		return false;
	}
	util_set_fatal_hook(term_restore);
	text_ascii = !a->utf8;
	/* Off by default: then no mouse mode, and the terminal's own
	 * selection and paste work as always. */
	if (a->cfg.mouse)
		term_mouse(true);
	theme_apply(a->theme, a->colors, a->attrs);
	char why[256] = "";
	/* Say once, in plain words, why sign-in will be the full one. */
	if (a->cfg.keyring == CONFIG_KEYRING_SECRET_SERVICE)
		a->keyring_ok = keyring_available(why, sizeof why);
	else
		snprintf(why, sizeof why, "%s", _("turned off in the settings"));
	if (!a->keyring_ok)
		app_status(a, false, _("No keyring: %s. You will sign in with your password and code each time."),
			   why);
	struct notify_opts no = {
		.desktop = a->cfg.notify,
		.bell = a->cfg.bell,
		.osc = a->cfg.bell,
		.when_locked = false,
		.min_interval_ms = 10000,
		.out_fd = STDOUT_FILENO,
		.term = getenv("TERM"),
	};
	a->notifier = notifier_new(&no);
	if (a->cfg_errors.n)
		app_status(a, true,
			   ngettext("%zu problem in your settings (first: %s); using defaults there.",
				    "%zu problems in your settings (first: %s); using defaults there.",
				    a->cfg_errors.n),
			   a->cfg_errors.n, a->cfg_errors.msg[0]);
	a->screen = SCREEN_SIGNIN;
	a->step = SIGNIN_USER;
	a->acc_seen_screen = a->acc_seen_step = -1; /* the first screen is announced too */
	size_t sn;
	char srv_url[512];
	snprintf(srv_url, sizeof srv_url, "%s", editor_text(&a->f_server, &sn));
	if (user && password[0]) {
		session_login(a, srv_url, user, password);
	} else if (a->keyring_ok) {
		/* A workstation that keeps a sign-in goes straight to the PIN. */
		char **users = NULL;
		size_t nu = user ? 0 : keyring_users(srv_url, &users);
		const char *who = user ? user : nu == 1 ? users[0] : NULL;
		if (who)
			session_resume(a, srv_url, who);
		for (size_t i = 0; i < nu; i++)
			free(users[i]);
		free(users);
	}
	sodium_memzero(password, sizeof password);
	return true;
bad_option:
	fprintf(stderr, "curtain: %s\n", err ? err : "?");
	free(err);
	return false;
}

void app_free(struct app *a)
{
	term_restore();
	if (a->net) {
		net_events_stop(a->net);
		net_cancel_all(a->net);
	}
	net_free(&a->net);
	notifier_free(&a->notifier);
	sync_free(&a->sync);
	outbox_free(&a->outbox);
	cstore_free(&a->st);
	attach_forget(a);
	picker_free(&a->picker);
	dialog_close(a);
	struct editor *fields[] = { &a->compose, &a->f_server, &a->f_user, &a->f_pass, &a->f_code,
				    &a->f_pin,	 &a->f_pin2,   &a->f_lockpin };
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		editor_free(fields[i]);
	session_clear(&a->sess);
	keymap_free(&a->keymap);
	theme_free(&a->theme);
	config_free(&a->cfg);
	errlist_free(&a->cfg_errors);
}

/* ---- curtain --sign-out -------------------------------------------------------------------------------------- */

struct signout_wait {
	bool done;
	int status;
};

static void on_cli_revoke(void *ctx, int status, json_t *body, const char *retry_after,
			  const char *err)
{
	struct signout_wait *w = ctx;
	w->done = true;
	w->status = status;
}

int app_sign_out_cli(const char *config_path, const char *server, const char *user)
{
	struct config cfg;
	struct errlist errs;
	config_init(&cfg);
	errlist_init(&errs);
	char *path = config_path ? xstrdup(config_path) : config_default_path();
	if (path && (config_path || access(path, F_OK) == 0))
		config_load(&cfg, path, &errs);
	free(path);
	const char *srv = server ? server : cfg.server ? cfg.server : "http://127.0.0.1:8750";
	int rc = 1;
	char why[256], err[256];
	struct net *net = NULL;
	char *token = NULL;
	if (!keyring_available(why, sizeof why)) {
		fprintf(stderr, _("curtain: cannot sign out: %s\n"), why);
		goto out;
	}
	if (!(net = net_new(srv, err, sizeof err))) {
		fprintf(stderr, "curtain: %s\n", err);
		goto out;
	}
	char **users = NULL;
	size_t nu = user ? 0 : keyring_users(net_base(net), &users);
	char who[128] = "";
	if (user)
		snprintf(who, sizeof who, "%s", user);
	else if (nu == 1)
		snprintf(who, sizeof who, "%s", users[0]);
	for (size_t i = 0; i < nu; i++)
		free(users[i]);
	free(users);
	if (!who[0]) {
		fprintf(stderr, nu ? _("curtain: several people are signed in here; say who with --user\n")
				   : _("curtain: nobody is signed in on this workstation\n"));
		goto out;
	}
	token = keyring_lookup(net_base(net), who);
	if (!token) {
		fprintf(stderr, _("curtain: %s is not signed in on this workstation\n"), who);
		goto out;
	}
	struct signout_wait w = { false, 0 };
	net_request(net, "POST", "/v1/auth/revoke", json_pack("{s:s}", "deviceToken", token), NULL,
		    on_cli_revoke, &w);
	int64_t deadline = mono_ms() + 15000;
	while (!w.done && mono_ms() < deadline)
		net_poll(net, NULL, 0, 200);
	/* The keyring item goes whatever the server said: a revoked or unknown
	 * device is signed out already. */
	keyring_delete(net_base(net), who);
	if (w.status == 200 || w.status == 401) {
		printf(_("Signed out %s: this workstation no longer knows them.\n"), who);
		rc = 0;
	} else {
		printf(_("Removed %s from this workstation's keyring, but the server could not be told "
			 "(ask an admin to revoke the device).\n"),
		       who);
	}
out:
	if (token) {
		sodium_memzero(token, strlen(token));
		free(token);
	}
	net_free(&net);
	config_free(&cfg);
	errlist_free(&errs);
	return rc;
}
