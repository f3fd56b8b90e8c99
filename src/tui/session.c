/* session: the client's conversation with the server outside the views —
 * sign-in (password, TOTP code, PIN), the session resource, driving the
 * sync engine and the outbox through net, and the event stream. Tokens live
 * in memory only and are wiped when replaced or on sign-out. */
#include "tui/session.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/util.h"
#include "proto/codec.h"
#include "sys/keyring.h"

/* Tokens live in libsodium's guarded allocations: locked in RAM (never
 * swapped), surrounded by guard pages, and zeroed when freed. */
static char *token_dup(const char *t)
{
	size_t n = strlen(t) + 1;
	char *p = sodium_malloc(n);
	if (!p)
		die_oom();
	memcpy(p, t, n);
	return p;
}

static void token_wipe(char **t)
{
	if (*t) {
		sodium_free(*t);
		*t = NULL;
	}
}

static void session_dept_names_free(struct session *s)
{
	for (size_t i = 0; s->dept_names && i < s->dept_ids.n; i++)
		free(s->dept_names[i]);
	free(s->dept_names);
	s->dept_names = NULL;
}

void session_clear(struct session *s)
{
	session_dept_names_free(s);
	token_wipe(&s->device_token);
	token_wipe(&s->access_token);
	id_list_clear(&s->dept_ids);
	memset(s, 0, sizeof *s);
}

/* ---- problem documents ------------------------------------------------------- */

/* A short, translated explanation of a failed auth request. */
static void auth_error(struct app *a, int status, json_t *body, const char *err)
{
	const char *type = json_string_value(json_object_get(body, "type"));
	const char *t = type && strncmp(type, "urn:curtain:error:", 18) == 0 ? type + 18 : "";
	const char *msg;
	char buf[200];
	if (status == 0) {
		/* curl's reason stays in English; the sentence around it is ours. */
		snprintf(buf, sizeof buf, _("Cannot reach the server (%.120s)."), err && *err ? err : "?");
		msg = buf;
	}
	else if (!strcmp(t, "invalidCredentials"))
		msg = _("Wrong username or password.");
	else if (!strcmp(t, "invalidCode"))
		msg = _("That code is not right. Enter the current code from your authenticator app.");
	else if (!strcmp(t, "codeReused"))
		msg = _("That code was already used. Wait for the next one.");
	else if (!strcmp(t, "mfaExpired"))
		msg = _("The sign-in expired. Start again.");
	else if (!strcmp(t, "pinPolicy"))
		msg = _("Choose a different PIN: digits only, not one repeated digit or a run like 1234.");
	else if (!strcmp(t, "rateLimited"))
		msg = _("Too many attempts. Wait a few minutes and try again.");
	else if (!strcmp(t, "deviceRevoked"))
		msg = _("This workstation was signed out. Sign in again.");
	else
		msg = _("The server refused the sign-in.");
	snprintf(a->signin_error, sizeof a->signin_error, "%s", msg);
	a->dirty_all = true;
}

/* ---- sign-in ------------------------------------------------------------------------ */

static void on_session(void *ctx, int status, json_t *body, const char *retry_after, const char *err);

static void session_fetch(struct app *a)
{
	net_request(a->net, "GET", "/v1/session", NULL, NULL, on_session, a);
}

static void on_mfa(void *ctx, int status, json_t *body, const char *retry_after, const char *err)
{
	struct app *a = ctx;
	if (status != 200) {
		a->step = status == 401 && body &&
				  strstr(json_string_value(json_object_get(body, "type")) ?: "", "mfaExpired")
			  ? SIGNIN_USER
			  : SIGNIN_CODE;
		editor_clear(&a->f_code);
		editor_clear(&a->f_pin);
		editor_clear(&a->f_pin2);
		auth_error(a, status, body, err);
		return;
	}
	const char *dt = json_string_value(json_object_get(body, "deviceToken"));
	const char *at = json_string_value(json_object_get(body, "accessToken"));
	if (!dt || !at) {
		auth_error(a, 500, NULL, NULL);
		a->step = SIGNIN_USER;
		return;
	}
	token_wipe(&a->sess.device_token);
	token_wipe(&a->sess.access_token);
	a->sess.device_token = token_dup(dt);
	a->sess.access_token = token_dup(at);
	net_set_token(a->net, at);
	if (a->keyring_ok) {
		char why[256];
		if (keyring_store(net_base(a->net), a->sess.username, dt, why, sizeof why))
			app_status(a, false, _("Next time this workstation asks only for your PIN."));
		else
			app_status(a, true, _("The keyring did not keep the sign-in (%s)."), why);
	}
	editor_clear(&a->f_pass);
	editor_clear(&a->f_code);
	editor_clear(&a->f_pin);
	editor_clear(&a->f_pin2);
	session_fetch(a);
}

void session_submit_code(struct app *a, const char *code, const char *pin)
{
	json_t *body = json_pack("{s:s, s:s, s:s}", "mfaToken", a->mfa_token, "code", code, "pin", pin);
	a->step = SIGNIN_BUSY;
	a->signin_error[0] = '\0';
	net_request(a->net, "POST", "/v1/auth/mfa", body, NULL, on_mfa, a);
}

static void on_login(void *ctx, int status, json_t *body, const char *retry_after, const char *err)
{
	struct app *a = ctx;
	const char *mfa = json_string_value(json_object_get(body, "mfaToken"));
	if (status != 200 || !mfa) {
		a->step = SIGNIN_USER;
		editor_clear(&a->f_pass);
		auth_error(a, status, body, err);
		return;
	}
	snprintf(a->mfa_token, sizeof a->mfa_token, "%s", mfa);
	a->step = SIGNIN_CODE;
	a->signin_error[0] = '\0';
	a->dirty_all = true;
	if (a->scripted_code[0])
		session_submit_code(a, a->scripted_code, a->scripted_pin);
}

bool session_connect(struct app *a, const char *server, char *err, size_t errlen)
{
	if (a->net && strcmp(net_base(a->net), server) == 0)
		return true;
	net_free(&a->net);
	a->net = net_new(server, err, errlen);
	return a->net != NULL;
}

void session_login(struct app *a, const char *server, const char *user, const char *password)
{
	char err[256];
	if (!session_connect(a, server, err, sizeof err)) {
		snprintf(a->signin_error, sizeof a->signin_error, "%s", err);
		a->step = SIGNIN_USER;
		a->dirty_all = true;
		return;
	}
	char host[64];
	if (gethostname(host, sizeof host) != 0)
		snprintf(host, sizeof host, "workstation");
	host[sizeof host - 1] = '\0';
	snprintf(a->sess.username, sizeof a->sess.username, "%s", user);
	json_t *body = json_pack("{s:s, s:s, s:s}", "username", user, "password", password,
				 "deviceName", host);
	if (a->switch_from[0])
		json_object_set_new(body, "switchFromDeviceId", json_string(a->switch_from));
	a->step = SIGNIN_BUSY;
	a->signin_error[0] = '\0';
	net_request(a->net, "POST", "/v1/auth/login", body, NULL, on_login, a);
}

/* ---- session resource -------------------------------------------------------------- */

static void on_session(void *ctx, int status, json_t *body, const char *retry_after, const char *err)
{
	struct app *a = ctx;
	if (status != 200 || !json_is_object(body)) {
		a->step = SIGNIN_USER;
		auth_error(a, status, body, err);
		return;
	}
	json_t *staff = json_object_get(body, "staff");
	struct session *s = &a->sess;
	snprintf(s->staff_id, sizeof s->staff_id, "%s",
		 json_string_value(json_object_get(staff, "id")) ?: "");
	snprintf(s->display_name, sizeof s->display_name, "%s",
		 json_string_value(json_object_get(staff, "displayName")) ?: "");
	int r = role_parse(json_string_value(json_object_get(staff, "role")));
	s->role = r < 0 ? ROLE_AGENT : (enum role)r;
	snprintf(s->device_id, sizeof s->device_id, "%s",
		 json_string_value(json_object_get(body, "deviceId")) ?: "");
	json_t *pr = json_object_get(body, "practice");
	snprintf(s->practice_name, sizeof s->practice_name, "%s",
		 json_string_value(json_object_get(pr, "name")) ?: "");
	snprintf(s->practice_phone, sizeof s->practice_phone, "%s",
		 json_string_value(json_object_get(pr, "phone")) ?: "");
	json_t *pol = json_object_get(body, "policy");
	s->max_idle_lock_s = (int)json_integer_value(json_object_get(pol, "maxIdleLockSeconds"));
	s->max_segments = (int)json_integer_value(
		json_object_get(json_object_get(body, "limits"), "maxSmsSegments"));
	mms_limits_default(&a->mms);
	mms_limits_from_json(&a->mms, json_object_get(body, "limits"));
	session_dept_names_free(s);
	id_list_clear(&s->dept_ids);
	size_t i;
	json_t *d, *depts = json_object_get(body, "departments");
	s->dept_names = xcalloc(json_array_size(depts) + 1, sizeof *s->dept_names);
	json_array_foreach(depts, i, d) {
		id_list_add(&s->dept_ids, json_string_value(json_object_get(d, "id")));
		s->dept_names[s->dept_ids.n - 1] =
			xstrdup(json_string_value(json_object_get(d, "name")) ?: "");
	}
	/* The server's policy caps the idle lock; a config value may only shorten it. */
	a->lock_after_s = s->max_idle_lock_s > 0 ? s->max_idle_lock_s : 300;
	if (a->cfg.lock_after > 0 && a->cfg.lock_after < a->lock_after_s)
		a->lock_after_s = a->cfg.lock_after;
	if (a->sync)
		sync_free(&a->sync);
	a->sync = sync_new(a->st, s->staff_id);
	session_apply_queue(a);
	a->screen = SCREEN_INBOX;
	a->focus = FOCUS_LIST;
	a->last_input_ms = mono_ms();
	a->switch_from[0] = '\0';
	a->dirty_all = true;
	session_stream_start(a);
	app_status(a, false, _("Signed in as %s."), s->display_name);
}

/* ---- the queue the user looks at ----------------------------------------------------- */

void session_apply_queue(struct app *a)
{
	if (!a->sync)
		return;
	struct queue_spec q;
	memset(&q, 0, sizeof q);
	/* The first department by name (as the sidebar lists them) until the
	 * user picks another. */
	if (!a->dept_id[0] || !id_list_has(&a->sess.dept_ids, a->dept_id)) {
		const char *best = NULL, *best_name = NULL;
		for (size_t i = 0; i < a->sess.dept_ids.n; i++) {
			const char *name = a->sess.dept_names ? a->sess.dept_names[i] : "";
			if (!best || strcoll(name, best_name) < 0) {
				best = a->sess.dept_ids.ids[i];
				best_name = name;
			}
		}
		snprintf(a->dept_id, sizeof a->dept_id, "%s", best ? best : "");
	}
	snprintf(q.department_id, sizeof q.department_id, "%s", a->dept_id);
	switch (a->filter) {
	case FILTER_MINE: q.assignee = "me"; break;
	case FILTER_UNASSIGNED: q.assignee = "none"; break;
	case FILTER_PENDING: q.status_mask = 1u << CONV_PENDING; break;
	case FILTER_SNOOZED: q.status_mask = 1u << CONV_SNOOZED; break;
	case FILTER_RESOLVED: q.status_mask = 1u << CONV_RESOLVED; break;
	default: break;
	}
	q.sort = a->cfg.sort == CONFIG_SORT_ACTIVITY ? QSORT_ACTIVITY : QSORT_WAITING;
	sync_set_queue(a->sync, &q);
	a->row_sel = a->row_top = 0;
	a->dirty_all = true;
}

/* ---- driving sync and the outbox ----------------------------------------------------- */

static void on_sync(void *ctx, int status, json_t *body, const char *retry_after, const char *err)
{
	struct app *a = ctx;
	a->sync_req = 0;
	/* Every answer goes to sync, or it would wait for this one forever. */
	a->dirty |= sync_on_reply(a->sync, status, body, retry_after);
	if (status == 401) {
		session_reauth(a);
		return;
	}
	if (status == 0)
		app_status(a, true, _("Server unreachable (%s); retrying."), err ? err : "?");
}

static void on_send(void *ctx, int status, json_t *body, const char *retry_after, const char *err)
{
	struct app *a = ctx;
	unsigned id = a->outbox_item;
	a->outbox_req = 0;
	a->outbox_item = 0;
	outbox_on_response(a->outbox, id, status, body, retry_after, mono_ms());
	struct outbox_item *it = outbox_get(a->outbox, id);
	if (status == 401)
		session_reauth(a);
	if (it && it->state == OB_GUARD)
		app_open_guard(a, id);
	else if (it && it->state == OB_FAILED)
		app_status(a, true, _("Not sent: %s"), it->error ? it->error : "?");
	else if (it && it->state == OB_DONE)
		app_status(a, false, _("Sent."));
	a->dirty |= DIRTY_THREAD;
}

static void on_upload(void *ctx, int status, const unsigned char *data, size_t len,
		      const char *content_type, json_t *json, const char *retry_after,
		      const char *err)
{
	struct app *a = ctx;
	unsigned id = a->outbox_item;
	a->outbox_req = 0;
	a->outbox_item = 0;
	a->outbox_upload = false;
	outbox_on_upload(a->outbox, id, status, json, retry_after, mono_ms());
	struct outbox_item *it = outbox_get(a->outbox, id);
	if (status == 401)
		session_reauth(a);
	if (it && it->state == OB_FAILED)
		app_status(a, true, _("Not sent: %s"), it->error ? it->error : "?");
	a->dirty |= DIRTY_THREAD;
}

/* POST /v1/attachments?conversationId=… with the file's bytes; the name
 * goes along (kept encrypted) only when it is plain printable ASCII, which
 * a header can carry as it is. */
static unsigned upload_start(struct app *a, const struct mms_file *f, const char *conversation_id)
{
	char path[128];
	snprintf(path, sizeof path, "/v1/attachments?conversationId=%s", conversation_id);
	struct buf h;
	buf_init(&h);
	bool plain = f->name && *f->name && strlen(f->name) <= 200;
	for (const char *p = f->name; plain && *p; p++)
		plain = *p >= 0x20 && *p < 0x7f;
	if (plain)
		buf_printf(&h, "X-Curtain-Filename: %s", f->name);
	const char *headers[] = { plain ? h.data : NULL, NULL };
	unsigned id = net_request_bytes(a->net, "POST", path, f->data, f->len, f->type, headers,
					0, on_upload, a);
	buf_free(&h);
	return id;
}

void session_pump(struct app *a)
{
	if (!a->net || !a->sync || a->screen != SCREEN_INBOX)
		return;
	if (!a->sync_req && mono_ms() >= sync_retry_at(a->sync)) {
		json_t *req = sync_next(a->sync);
		if (req)
			a->sync_req = net_request(a->net, "POST", "/v1/api", req, NULL, on_sync, a);
	}
	if (!a->outbox_req) {
		unsigned id = 0;
		const char *conv = NULL;
		const struct mms_file *f = outbox_next_upload(a->outbox, mono_ms(), &id, &conv);
		if (f) {
			a->outbox_item = id;
			a->outbox_upload = true;
			a->outbox_req = upload_start(a, f, conv);
		}
	}
	if (!a->outbox_req) {
		unsigned id = 0;
		const char *idem = NULL;
		json_t *req = outbox_next(a->outbox, mono_ms(), &id, &idem);
		if (req) {
			a->outbox_item = id;
			a->outbox_req = net_request(a->net, "POST", "/v1/api", req, idem, on_send, a);
		}
	}
}

/* ---- the event stream ---------------------------------------------------------------------- */

static void on_event(void *ctx, const char *event, const char *data)
{
	struct app *a = ctx;
	json_t *j = json_loads(data, 0, NULL);
	if (!strcmp(event, "state") && a->sync) {
		sync_on_state_event(a->sync, json_object_get(j, "changed"));
	} else if (!strcmp(event, "presence") && a->sync) {
		sync_on_presence_event(a->sync, j);
		a->dirty |= DIRTY_PRESENCE;
	} else if (!strcmp(event, "session")) {
		const char *t = json_string_value(json_object_get(j, "type"));
		if (t && !strcmp(t, "revoked"))
			app_signed_out(a, _("This workstation was signed out by the server."));
	}
	json_decref(j);
}

static void on_stream(void *ctx, bool connected, const char *why)
{
	struct app *a = ctx;
	bool was = a->stream_up;
	a->stream_up = connected;
	snprintf(a->stream_why, sizeof a->stream_why, "%s", why ? why : "");
	if (connected && !was && a->sync)
		sync_on_reconnect(a->sync);
	if (!connected && why && !strcmp(why, "unauthorized"))
		session_reauth(a);
	a->dirty |= UI_DIRTY_STATUS;
}

void session_stream_start(struct app *a)
{
	net_events_start(a->net, on_event, on_stream, a);
}

/* ---- re-authentication and sign-out ------------------------------------------------------------ */

static void on_unlock(void *ctx, int status, json_t *body, const char *retry_after, const char *err)
{
	struct app *a = ctx;
	const char *at = json_string_value(json_object_get(body, "accessToken"));
	editor_clear(&a->f_lockpin);
	if (status == 200 && at) {
		token_wipe(&a->sess.access_token);
		a->sess.access_token = token_dup(at);
		net_set_token(a->net, at);
		if (!a->sync) {
			/* Unlocked at start from the keyring: load the session. */
			session_fetch(a);
			return;
		}
		/* Everything PHI was wiped at lock: fetch it again, keeping the
		 * department, filter and sort the user had. */
		sync_restart(a->sync);
		session_apply_queue(a);
		if (a->open_id[0])
			sync_set_thread(a->sync, a->open_id);
		a->screen = SCREEN_INBOX;
		a->last_input_ms = mono_ms();
		session_stream_start(a);
		a->dirty_all = true;
		return;
	}
	const char *type = json_string_value(json_object_get(body, "type"));
	if (status == 0) {
		snprintf(a->signin_error, sizeof a->signin_error, "%s",
			 err ? err : _("cannot reach the server"));
	} else if (type && strstr(type, "invalidPin")) {
		int left = (int)json_integer_value(json_object_get(body, "attemptsRemaining"));
		snprintf(a->signin_error, sizeof a->signin_error,
			 ngettext("Wrong PIN. %d attempt left before this workstation is signed out.",
				  "Wrong PIN. %d attempts left before this workstation is signed out.",
				  (unsigned long)left),
			 left);
	} else {
		/* Revoked (five wrong PINs, or signed out elsewhere): the keyring
		 * item is useless now. */
		if (a->keyring_ok)
			keyring_delete(net_base(a->net), a->sess.username);
		app_signed_out(a, _("This workstation was signed out. Sign in again."));
	}
	a->dirty_all = true;
}

bool session_resume(struct app *a, const char *server, const char *user)
{
	if (!a->keyring_ok)
		return false;
	char err[256];
	if (!session_connect(a, server, err, sizeof err))
		return false;
	char *token = keyring_lookup(net_base(a->net), user);
	if (!token)
		return false;
	token_wipe(&a->sess.device_token);
	a->sess.device_token = token_dup(token);
	sodium_memzero(token, strlen(token));
	free(token);
	snprintf(a->sess.username, sizeof a->sess.username, "%s", user);
	snprintf(a->sess.display_name, sizeof a->sess.display_name, "%s", user);
	editor_clear(&a->f_lockpin);
	a->signin_error[0] = '\0';
	a->screen = SCREEN_LOCK;
	a->dirty_all = true;
	return true;
}

void session_unlock(struct app *a, const char *pin)
{
	if (!a->net || !a->sess.device_token) {
		app_signed_out(a, _("Sign in again."));
		return;
	}
	a->signin_error[0] = '\0';
	json_t *body = json_pack("{s:s, s:s}", "deviceToken", a->sess.device_token, "pin", pin);
	if (a->switch_from[0] && strcmp(a->switch_from, a->sess.device_id) != 0)
		json_object_set_new(body, "switchFromDeviceId", json_string(a->switch_from));
	net_request(a->net, "POST", "/v1/auth/unlock", body, NULL, on_unlock, a);
}

/* The access token lapsed (idle on the server) while the app is unlocked:
 * lock, so the PIN gets a fresh one. */
void session_reauth(struct app *a)
{
	if (a->screen != SCREEN_INBOX)
		return;
	if (!a->sess.device_token) {
		app_signed_out(a, _("Your session ended. Sign in again."));
		return;
	}
	app_lock(a);
	snprintf(a->signin_error, sizeof a->signin_error, "%s",
		 _("Your session timed out. Enter your PIN to continue."));
}

static void on_revoked(void *ctx, int status, json_t *body, const char *retry_after, const char *err)
{
	(void)ctx;
}

void session_sign_out(struct app *a, const char *why)
{
	/* Keep what the revoke needs: signing out locally wipes the session
	 * and cancels every request in flight. */
	char *token = a->sess.device_token ? token_dup(a->sess.device_token) : NULL;
	char user[sizeof a->sess.username];
	snprintf(user, sizeof user, "%s", a->sess.username);
	app_signed_out(a, why);
	if (a->net && token) {
		net_set_token(a->net, NULL);
		/* By device token, so it works from the lock screen too. */
		net_request(a->net, "POST", "/v1/auth/revoke", json_pack("{s:s}", "deviceToken", token),
			    NULL, on_revoked, a);
	}
	if (a->net && a->keyring_ok && user[0])
		keyring_delete(net_base(a->net), user);
	token_wipe(&token);
}
