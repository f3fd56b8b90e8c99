/* auth: sign-in (password, then TOTP, then a device token and PIN), unlock
 * with device token + PIN, revocation, the session resource, and turning a
 * bearer token into a principal with its visible departments. Every outcome
 * is audited; raw tokens, passwords and PINs never reach the store or logs. */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"
#include "server/media.h"
#include "server/push.h"
#include "server/server.h"
#include "server/totp.h"

#define MFA_TTL_MS (5 * 60 * 1000)
#define MFA_MAX_ATTEMPTS 5
#define PIN_MAX_FAILURES 5
#define LOGIN_WINDOW_MS (15 * 60 * 1000)
#define LOGIN_MAX_PER_USER 5
#define LOGIN_MAX_PER_IP 30

/* ---- principal ------------------------------------------------------------- */

void principal_clear(struct principal *p)
{
	staff_clear(&p->staff);
	id_list_clear(&p->visible);
	id_list_clear(&p->grants);
	memset(p, 0, sizeof *p);
}

bool principal_sees(const struct principal *p, const char *dept_id)
{
	return dept_id && *dept_id && id_list_has(&p->visible, dept_id);
}

static int id_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

bool principal_load(struct server *srv, struct store *st, const char *staff_id, const char *device_id,
		    struct principal *p)
{
	memset(p, 0, sizeof *p);
	if (store_staff_get(st, staff_id, &p->staff) != STORE_OK || p->staff.disabled)
		return false;
	snprintf(p->device_id, sizeof p->device_id, "%s", device_id ? device_id : "");
	for (size_t i = 0; i < p->staff.depts.n; i++)
		id_list_add(&p->visible, p->staff.depts.ids[i]);
	p->grants_next_expiry = 0;
	if (p->staff.role >= ROLE_SUPERVISOR &&
	    store_grant_active(st, staff_id, now_ms(), &p->grants, &p->grants_next_expiry) == STORE_OK) {
		for (size_t i = 0; i < p->grants.n; i++)
			if (!id_list_has(&p->visible, p->grants.ids[i]))
				id_list_add(&p->visible, p->grants.ids[i]);
	}
	/* The epoch changes whenever who they are or what they can see does;
	 * state tokens carry it, so stale tokens force a re-sync. */
	char(*sorted)[ID_LEN] = xcalloc(p->visible.n ? p->visible.n : 1, ID_LEN);
	memcpy(sorted, p->visible.ids, p->visible.n * ID_LEN);
	qsort(sorted, p->visible.n, ID_LEN, id_cmp);
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, crypto_generichash_BYTES_MIN);
	crypto_generichash_update(&h, (const unsigned char *)staff_id, strlen(staff_id) + 1);
	unsigned char role = (unsigned char)p->staff.role;
	crypto_generichash_update(&h, &role, 1);
	for (size_t i = 0; i < p->visible.n; i++)
		crypto_generichash_update(&h, (const unsigned char *)sorted[i], strlen(sorted[i]) + 1);
	unsigned char out[crypto_generichash_BYTES_MIN];
	crypto_generichash_final(&h, out, sizeof out);
	hex_encode(out, 8, p->epoch);
	free(sorted);
	(void)srv;
	return true;
}

bool auth_principal(struct request *req, struct store *st, struct principal *p)
{
	memset(p, 0, sizeof *p);
	const char *h = request_header(req, "Authorization");
	if (!h || strncasecmp(h, "Bearer ", 7) != 0 || !h[7]) {
		reply_problem(req, 401, "unauthorized", "Sign in first",
			      "An Authorization: Bearer access token is required", NULL);
		reply_header(req, "WWW-Authenticate", "Bearer realm=\"curtain\"");
		return false;
	}
	char hash[65], staff_id[ID_LEN], device_id[ID_LEN];
	crypto_token_hash(&req->srv->keys, h + 7, hash);
	enum store_rc rc = store_access_check(st, hash, (int64_t)req->srv->cfg.access_idle_s * 1000,
					      staff_id, device_id);
	if (rc == STORE_OK && principal_load(req->srv, st, staff_id, device_id, p)) {
		memcpy(p->token_hash, hash, sizeof hash);
		return true;
	}
	principal_clear(p);
	if (rc == STORE_BUSY || rc == STORE_ERROR) {
		reply_problem(req, 503, "unavailable", "The server is busy, try again", NULL, NULL);
		reply_header(req, "Retry-After", "1");
		return false;
	}
	reply_problem(req, 401, "unauthorized", "The access token is not valid",
		      "It is unknown, expired, idle too long, or its device was signed out", NULL);
	reply_header(req, "WWW-Authenticate", "Bearer realm=\"curtain\", error=\"invalid_token\"");
	return false;
}

/* ---- state tokens --------------------------------------------------------- */

void state_make(struct server *srv, const struct principal *p, int64_t modseq, char out[96])
{
	snprintf(out, 96, "%.8s.%lld.%s", srv->db_id, (long long)modseq, p->epoch);
}

bool state_parse(struct server *srv, const struct principal *p, const char *token, int64_t *modseq)
{
	if (!token || strncmp(token, srv->db_id, 8) != 0 || token[8] != '.')
		return false;
	char *end;
	long long v = strtoll(token + 9, &end, 10);
	if (end == token + 9 || *end != '.' || v < 0)
		return false;
	if (strcmp(end + 1, p->epoch) != 0)
		return false;
	*modseq = v;
	return true;
}

/* ---- audit ------------------------------------------------------------------ */

bool audit_add(struct store *st, const struct principal *p, const char *ip, const char *action,
	       const char *object_type, const char *object_id, json_t *detail)
{
	char *d = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	struct actor a = {
		.staff_id = p && p->staff.id[0] ? p->staff.id : NULL,
		.device_id = p && p->device_id[0] ? p->device_id : NULL,
		.ip = ip,
	};
	bool ok = store_audit(st, &a, action, object_type, object_id, d) == STORE_OK;
	if (!ok)
		log_error("audit: could not append %s", action);
	free(d);
	json_decref(detail);
	return ok;
}

static void audit_raw(struct store *st, const char *staff_id, const char *device_id, const char *ip,
		      const char *action, json_t *detail)
{
	char *d = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	struct actor a = { .staff_id = staff_id, .device_id = device_id, .ip = ip };
	if (store_audit(st, &a, action, NULL, NULL, d) != STORE_OK)
		log_error("audit: could not append %s", action);
	free(d);
	json_decref(detail);
}

/* Audit entries of failed attempts must survive even though nothing else
 * was written: each runs in its own transaction. */
static void audit_now(struct store *st, const char *staff_id, const char *device_id, const char *ip,
		      const char *action, json_t *detail)
{
	if (store_tx_begin(st) != STORE_OK) {
		json_decref(detail);
		log_error("audit: database busy, %s not recorded", action);
		return;
	}
	audit_raw(st, staff_id, device_id, ip, action, detail);
	if (store_tx_commit(st) != STORE_OK)
		log_error("audit: commit failed for %s", action);
}

/* ---- helpers ------------------------------------------------------------------ */

static const char *json_str(json_t *obj, const char *key, size_t maxlen)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_string(v) || json_string_length(v) > maxlen)
		return NULL;
	return json_string_value(v);
}

static bool store_ready(struct request *req, struct store **st)
{
	*st = server_store(req->srv);
	if (!*st) {
		reply_problem(req, 503, "unavailable", "The database is not available", NULL, NULL);
		reply_header(req, "Retry-After", "5");
		return false;
	}
	return true;
}

static void reply_busy(struct request *req)
{
	reply_problem(req, 503, "unavailable", "The server is busy, try again", NULL, NULL);
	reply_header(req, "Retry-After", "1");
}

/* Digits only, long enough, not one repeated digit, not a straight run. */
static const char *pin_policy_error(const char *pin, int min_len)
{
	size_t n = strlen(pin);
	if (n < (size_t)min_len)
		return "The PIN is too short";
	if (n > 12)
		return "The PIN is longer than 12 digits";
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)pin[i]))
			return "The PIN must be digits only";
	bool same = true, up = true, down = true;
	for (size_t i = 1; i < n; i++) {
		same &= pin[i] == pin[0];
		up &= pin[i] == pin[i - 1] + 1;
		down &= pin[i] == pin[i - 1] - 1;
	}
	if (same)
		return "The PIN must not repeat one digit";
	if (up || down)
		return "The PIN must not be a run such as 1234";
	return NULL;
}

static bool issue_access(struct request *req, struct store *st, const char *staff_id,
			 const char *device_id, char token[48])
{
	char hash[65];
	token_new(token);
	crypto_token_hash(&req->srv->keys, token, hash);
	return store_access_create(st, hash, device_id, staff_id,
				   now_ms() + (int64_t)req->srv->cfg.access_max_s * 1000) == STORE_OK;
}

static void session_event(struct server *srv, struct store *st, const char *staff_id,
			  const char *device_id, const char *type)
{
	struct event e = { .kind = EVENT_SESSION };
	snprintf(e.staff_id, sizeof e.staff_id, "%s", staff_id);
	snprintf(e.device_id, sizeof e.device_id, "%s", device_id ? device_id : "");
	char payload[64];
	snprintf(payload, sizeof payload, "{\"type\":\"%s\"}", type);
	e.payload = payload;
	e.created_at = now_ms();
	if (store_event_add(st, &e) != STORE_OK)
		log_error("push: could not record a session event");
	e.payload = NULL;
	push_notify(srv->push);
}

/* A workstation handed from one staff member to the next: the client names
 * the device session it switched away from; both ends are audited. */
static void audit_switch(struct store *st, struct request *req, json_t *in, const char *staff_id,
			 const char *device_id)
{
	const char *from = json_str(in, "switchFromDeviceId", ID_LEN - 1);
	if (!from || !*from)
		return;
	struct device d = { 0 };
	json_t *detail = json_pack("{s:s}", "fromDeviceId", from);
	if (store_device_get(st, from, &d) == STORE_OK)
		json_object_set_new(detail, "fromStaffId", json_string(d.staff_id));
	device_clear(&d);
	audit_raw(st, staff_id, device_id, req->ip, "auth.switch", detail);
}

/* ---- POST /v1/auth/login ------------------------------------------------------ */

static bool login_limited(struct request *req, struct store *st, const char *ukey, const char *ikey)
{
	int64_t nu = 0, ni = 0;
	store_rate_count(st, ukey, LOGIN_WINDOW_MS, &nu);
	store_rate_count(st, ikey, LOGIN_WINDOW_MS, &ni);
	if (nu < LOGIN_MAX_PER_USER && ni < LOGIN_MAX_PER_IP)
		return false;
	reply_problem(req, 429, "rateLimited", "Too many sign-in attempts",
		      "Wait a few minutes before trying again", NULL);
	reply_header(req, "Retry-After", "900");
	return true;
}

void route_login(struct request *req)
{
	struct store *st;
	if (!store_ready(req, &st))
		return;
	json_t *in = request_json(req);
	if (!in)
		return;
	const char *username = json_str(in, "username", 64);
	const char *password = json_str(in, "password", 1024);
	const char *device = json_str(in, "deviceName", 64);
	if (!username || !password || !*username) {
		reply_problem(req, 400, "notRequest", "username and password are required strings",
			      NULL, NULL);
		goto out;
	}
	char user[65];
	size_t ul = strlen(username);
	for (size_t i = 0; i <= ul; i++)
		user[i] = (char)tolower((unsigned char)username[i]);
	char ukey[96], ikey[96];
	snprintf(ukey, sizeof ukey, "login:user:%s", user);
	snprintf(ikey, sizeof ikey, "login:ip:%s", req->ip);
	if (login_limited(req, st, ukey, ikey)) {
		audit_now(st, NULL, NULL, req->ip, "auth.login.failure",
			  json_pack("{s:s, s:s}", "username", user, "reason", "rateLimited"));
		goto out;
	}
	struct staff s = { 0 };
	enum store_rc rc = store_staff_get_auth(st, user, &s);
	bool ok;
	if (rc == STORE_OK && !s.disabled) {
		ok = crypto_password_verify(s.password_hash, password);
	} else {
		/* Same work for unknown users so timing reveals nothing. */
		static const char dummy[] =
			"$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
			"kSZl0ElmUG3ArCixmp0Gm/bTV7JHlaeZsNdRiuBtsT8";
		crypto_password_verify(dummy, password);
		ok = false;
	}
	if (!ok) {
		int64_t dummy_count;
		store_rate_hit(st, ukey, LOGIN_WINDOW_MS, &dummy_count);
		store_rate_hit(st, ikey, LOGIN_WINDOW_MS, &dummy_count);
		audit_now(st, rc == STORE_OK ? s.id : NULL, NULL, req->ip, "auth.login.failure",
			  json_pack("{s:s, s:s}", "username", user, "reason",
				    rc != STORE_OK ? "unknownUser" : s.disabled ? "disabled" : "badPassword"));
		staff_clear(&s);
		reply_problem(req, 401, "invalidCredentials", "Wrong username or password", NULL, NULL);
		goto out;
	}
	char token[48], hash[65];
	token_new(token);
	crypto_token_hash(&req->srv->keys, token, hash);
	if (store_tx_begin(st) != STORE_OK) {
		staff_clear(&s);
		reply_busy(req);
		goto out;
	}
	store_mfa_create(st, hash, s.id, device && *device ? device : "unnamed device",
			 now_ms() + MFA_TTL_MS);
	store_rate_reset(st, ukey);
	audit_raw(st, s.id, NULL, req->ip, "auth.login.success", json_pack("{s:s}", "username", user));
	audit_switch(st, req, in, s.id, NULL);
	if (store_tx_commit(st) != STORE_OK) {
		staff_clear(&s);
		reply_busy(req);
		goto out;
	}
	staff_clear(&s);
	reply_json(req, 200, json_pack("{s:s, s:[s], s:i}", "mfaToken", token, "mfaMethods", "totp",
				       "expiresIn", MFA_TTL_MS / 1000));
	sodium_memzero(token, sizeof token);
out:
	json_decref(in);
}

/* ---- POST /v1/auth/mfa --------------------------------------------------------- */

void route_mfa(struct request *req)
{
	struct store *st;
	if (!store_ready(req, &st))
		return;
	json_t *in = request_json(req);
	if (!in)
		return;
	const char *mfa = json_str(in, "mfaToken", 128);
	const char *code = json_str(in, "code", 16);
	const char *pin = json_str(in, "pin", 64);
	struct staff s = { 0 };
	char *device_name = NULL;
	if (!mfa || !code || !pin) {
		reply_problem(req, 400, "notRequest", "mfaToken, code and pin are required strings",
			      NULL, NULL);
		goto out;
	}
	const char *why = pin_policy_error(pin, req->srv->cfg.pin_min_length);
	if (why) {
		reply_problem(req, 400, "pinPolicy", "Choose a different PIN", why,
			      json_pack("{s:i}", "pinMinLength", req->srv->cfg.pin_min_length));
		goto out;
	}
	char hash[65], staff_id[ID_LEN];
	crypto_token_hash(&req->srv->keys, mfa, hash);
	int attempts = 0;
	if (store_tx_begin(st) != STORE_OK) {
		reply_busy(req);
		goto out;
	}
	enum store_rc rc = store_mfa_take(st, hash, staff_id, &device_name, &attempts);
	if (rc == STORE_OK && attempts > MFA_MAX_ATTEMPTS)
		store_mfa_delete(st, hash);
	store_tx_commit(st);
	if (rc != STORE_OK || attempts > MFA_MAX_ATTEMPTS) {
		reply_problem(req, 401, "mfaExpired", "Sign in again",
			      "The sign-in has expired or had too many wrong codes", NULL);
		goto out;
	}
	struct staff pub = { 0 };
	if (store_staff_get(st, staff_id, &pub) != STORE_OK ||
	    store_staff_get_auth(st, pub.username, &s) != STORE_OK || s.disabled) {
		staff_clear(&pub);
		reply_problem(req, 401, "mfaExpired", "Sign in again", NULL, NULL);
		goto out;
	}
	staff_clear(&pub);
	int64_t step = 0;
	if (!s.totp_secret || !totp_verify(s.totp_secret, code, now_ms() / 1000, &step)) {
		audit_now(st, s.id, NULL, req->ip, "auth.mfa.failure",
			  json_pack("{s:s}", "reason", "invalidCode"));
		reply_problem(req, 401, "invalidCode", "That code is not right",
			      "Enter the current six-digit code from your authenticator app", NULL);
		goto out;
	}
	if (store_tx_begin(st) != STORE_OK) {
		reply_busy(req);
		goto out;
	}
	if (store_staff_totp_use(st, s.id, step) != STORE_OK) {
		store_tx_rollback(st);
		audit_now(st, s.id, NULL, req->ip, "auth.mfa.failure",
			  json_pack("{s:s}", "reason", "codeReused"));
		reply_problem(req, 401, "codeReused", "That code was already used",
			      "Wait for the next code from your authenticator app", NULL);
		goto out;
	}
	char device_token[48], device_hash[65], pin_hash[128], access[48];
	token_new(device_token);
	crypto_token_hash(&req->srv->keys, device_token, device_hash);
	if (!crypto_password_hash(pin, pin_hash)) {
		store_tx_rollback(st);
		reply_problem(req, 500, "serverFail", "Could not protect the PIN", NULL, NULL);
		goto out;
	}
	struct device dev = { 0 };
	if (store_device_create(st, s.id, device_name ? device_name : "device", device_hash, pin_hash,
				&dev) != STORE_OK ||
	    !issue_access(req, st, s.id, dev.id, access)) {
		store_tx_rollback(st);
		device_clear(&dev);
		reply_busy(req);
		goto out;
	}
	store_mfa_delete(st, hash);
	audit_raw(st, s.id, dev.id, req->ip, "auth.mfa.success", NULL);
	audit_raw(st, s.id, dev.id, req->ip, "auth.device.enrolled",
		  json_pack("{s:s}", "deviceId", dev.id));
	if (store_tx_commit(st) != STORE_OK) {
		device_clear(&dev);
		reply_busy(req);
		goto out;
	}
	reply_json(req, 200,
		   json_pack("{s:s, s:s, s:s, s:s, s:i}", "staffId", s.id, "deviceId", dev.id,
			     "deviceToken", device_token, "accessToken", access, "expiresIn",
			     req->srv->cfg.access_idle_s));
	sodium_memzero(device_token, sizeof device_token);
	sodium_memzero(access, sizeof access);
	device_clear(&dev);
out:
	free(device_name);
	staff_clear(&s);
	json_decref(in);
}

/* ---- POST /v1/auth/unlock ------------------------------------------------------- */

void route_unlock(struct request *req)
{
	struct store *st;
	if (!store_ready(req, &st))
		return;
	json_t *in = request_json(req);
	if (!in)
		return;
	const char *dtok = json_str(in, "deviceToken", 128);
	const char *pin = json_str(in, "pin", 64);
	struct device dev = { 0 };
	char *pin_hash = NULL;
	if (!dtok || !pin) {
		reply_problem(req, 400, "notRequest", "deviceToken and pin are required strings", NULL,
			      NULL);
		goto out;
	}
	char hash[65];
	crypto_token_hash(&req->srv->keys, dtok, hash);
	if (store_device_by_token(st, hash, &dev, &pin_hash) != STORE_OK) {
		reply_problem(req, 401, "deviceRevoked", "Sign in again on this workstation",
			      "This device was signed out or is unknown", NULL);
		goto out;
	}
	struct staff s = { 0 };
	if (store_staff_get(st, dev.staff_id, &s) != STORE_OK || s.disabled) {
		staff_clear(&s);
		reply_problem(req, 401, "deviceRevoked", "Sign in again on this workstation",
			      "This account is disabled", NULL);
		goto out;
	}
	staff_clear(&s);
	if (!crypto_password_verify(pin_hash, pin)) {
		int failures = 0;
		if (store_tx_begin(st) != STORE_OK) {
			reply_busy(req);
			goto out;
		}
		store_device_pin_failed(st, dev.id, &failures);
		audit_raw(st, dev.staff_id, dev.id, req->ip, "auth.unlock.failure",
			  json_pack("{s:i}", "failures", failures));
		if (failures >= PIN_MAX_FAILURES) {
			store_device_revoke(st, dev.id);
			audit_raw(st, dev.staff_id, dev.id, req->ip, "auth.device.revoked",
				  json_pack("{s:s}", "reason", "pinFailures"));
		}
		store_tx_commit(st);
		if (failures >= PIN_MAX_FAILURES) {
			session_event(req->srv, st, dev.staff_id, dev.id, "revoked");
			reply_problem(req, 401, "deviceRevoked", "Too many wrong PINs",
				      "This workstation was signed out; sign in again with your password",
				      NULL);
		} else {
			reply_problem(req, 401, "invalidPin", "Wrong PIN", NULL,
				      json_pack("{s:i}", "attemptsRemaining", PIN_MAX_FAILURES - failures));
		}
		goto out;
	}
	char access[48];
	if (store_tx_begin(st) != STORE_OK) {
		reply_busy(req);
		goto out;
	}
	store_device_pin_ok(st, dev.id);
	if (!issue_access(req, st, dev.staff_id, dev.id, access)) {
		store_tx_rollback(st);
		reply_busy(req);
		goto out;
	}
	audit_raw(st, dev.staff_id, dev.id, req->ip, "auth.unlock.success", NULL);
	audit_switch(st, req, in, dev.staff_id, dev.id);
	if (store_tx_commit(st) != STORE_OK) {
		reply_busy(req);
		goto out;
	}
	reply_json(req, 200, json_pack("{s:s, s:s, s:s, s:i}", "staffId", dev.staff_id, "deviceId",
				       dev.id, "accessToken", access, "expiresIn",
				       req->srv->cfg.access_idle_s));
	sodium_memzero(access, sizeof access);
out:
	if (pin_hash) {
		sodium_memzero(pin_hash, strlen(pin_hash));
		free(pin_hash);
	}
	device_clear(&dev);
	json_decref(in);
}

/* ---- POST /v1/auth/revoke -------------------------------------------------------- */

void route_revoke(struct request *req)
{
	struct store *st;
	if (!store_ready(req, &st))
		return;
	json_t *in = req->body.len ? request_json(req) : json_object();
	if (!in)
		return;
	const char *scope = json_str(in, "scope", 16);
	const char *dtok = json_str(in, "deviceToken", 128);
	if (!request_header(req, "Authorization") && dtok) {
		struct device dev = { 0 };
		char hash[65], *pin_hash = NULL;
		crypto_token_hash(&req->srv->keys, dtok, hash);
		if (store_device_by_token(st, hash, &dev, &pin_hash) != STORE_OK) {
			reply_problem(req, 401, "deviceRevoked", "This device is already signed out",
				      NULL, NULL);
		} else if (store_tx_begin(st) == STORE_OK) {
			store_device_revoke(st, dev.id);
			audit_raw(st, dev.staff_id, dev.id, req->ip, "auth.signout", NULL);
			store_tx_commit(st);
			session_event(req->srv, st, dev.staff_id, dev.id, "revoked");
			reply_json(req, 200, json_pack("{s:s}", "revoked", "device"));
		} else {
			reply_busy(req);
		}
		free(pin_hash);
		device_clear(&dev);
		json_decref(in);
		return;
	}
	struct principal p;
	if (!auth_principal(req, st, &p)) {
		json_decref(in);
		return;
	}
	bool device = !scope || strcmp(scope, "device") == 0;
	if (scope && !device && strcmp(scope, "session") != 0) {
		reply_problem(req, 400, "notRequest", "scope must be \"device\" or \"session\"", NULL,
			      NULL);
	} else if (store_tx_begin(st) != STORE_OK) {
		reply_busy(req);
	} else {
		if (device) {
			store_device_revoke(st, p.device_id);
			audit_add(st, &p, req->ip, "auth.signout", NULL, NULL, NULL);
		} else {
			store_access_delete(st, p.token_hash);
			audit_add(st, &p, req->ip, "auth.lock", NULL, NULL, NULL);
		}
		store_tx_commit(st);
		if (device)
			session_event(req->srv, st, p.staff.id, p.device_id, "revoked");
		reply_json(req, 200, json_pack("{s:s}", "revoked", device ? "device" : "session"));
	}
	principal_clear(&p);
	json_decref(in);
}

static json_t *media_types_json(void)
{
	json_t *a = json_array();
	for (size_t i = 0; media_types[i]; i++)
		json_array_append_new(a, json_string(media_types[i]));
	return a;
}

/* ---- GET /v1/session ----------------------------------------------------------------- */

void route_session(struct request *req)
{
	struct store *st;
	if (!store_ready(req, &st))
		return;
	struct principal p;
	if (!auth_principal(req, st, &p))
		return;
	json_t *depts = json_array();
	for (size_t i = 0; i < p.visible.n; i++) {
		struct department d = { 0 };
		if (store_department_get(st, p.visible.ids[i], &d) == STORE_OK)
			json_array_append_new(depts, json_pack("{s:s, s:s, s:s}", "id", d.id, "name",
							       d.name, "smsNumber", d.sms_number));
		department_clear(&d);
	}
	json_t *grants = json_array();
	for (size_t i = 0; i < p.grants.n; i++) {
		char until[40];
		time_format_iso(p.grants_next_expiry, until);
		json_array_append_new(grants, json_pack("{s:s, s:s}", "departmentId", p.grants.ids[i],
							"expiresAt", until));
	}
	json_t *dept_ids = json_array();
	for (size_t i = 0; i < p.staff.depts.n; i++)
		json_array_append_new(dept_ids, json_string(p.staff.depts.ids[i]));
	char *pname = NULL, *pphone = NULL;
	store_setting_get(st, "practice.name", &pname);
	store_setting_get(st, "practice.phone", &pphone);
	char state[96];
	int64_t ms = store_type_modseq(st, OBJ_STAFF), md = store_type_modseq(st, OBJ_DEPARTMENT);
	state_make(req->srv, &p, ms > md ? ms : md, state);
	json_t *out = json_pack(
		"{s:{s:s, s:s, s:s, s:s, s:o}, s:s, s:{s:s, s:s}, s:o, s:o,"
		" s:{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:I, s:i, s:o},"
		" s:{s:i, s:i, s:i}, s:s, s:s, s:s}",
		"staff", "id", p.staff.id, "username", p.staff.username, "displayName",
		p.staff.display_name, "role", role_name(p.staff.role), "departmentIds", dept_ids,
		"deviceId", p.device_id,
		"practice", "name", pname ? pname : "", "phone", pphone ? pphone : "",
		"departments", depts, "breakGlass", grants,
		"limits", "maxSizeRequest", LIMIT_SIZE_REQUEST, "maxCallsInRequest",
		LIMIT_CALLS_IN_REQUEST, "maxObjectsInGet", LIMIT_OBJECTS_IN_GET, "maxObjectsInSet",
		LIMIT_OBJECTS_IN_SET, "maxQueryLimit", LIMIT_QUERY, "maxSmsSegments",
		LIMIT_SMS_SEGMENTS, "maxNoteBytes", LIMIT_NOTE_BYTES,
		"maxMediaBytes", (json_int_t)req->srv->cfg.max_media_bytes, "maxMediaPerMessage",
		MEDIA_MAX_PER_MESSAGE, "mediaTypes", media_types_json(),
		"policy", "maxIdleLockSeconds", req->srv->cfg.max_idle_lock_s, "pinMinLength",
		req->srv->cfg.pin_min_length, "accessTokenSeconds", req->srv->cfg.access_idle_s,
		"apiUrl", "/v1/api", "eventsUrl", "/v1/events", "state", state);
	free(pname);
	free(pphone);
	principal_clear(&p);
	reply_json(req, 200, out);
}
