/* user: curtainctl's commands for people and their devices: adding staff
 * (argon2id password, TOTP secret), enabling and disabling them, setting
 * passwords, and listing or revoking enrolled devices. A revocation also
 * queues a session event so a signed-in client is told at once. */
#include <ctype.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/util.h"
#include "ctl/ctl.h"
#include "server/totp.h"

#define MAX_DEPTS 64

enum store_rc ctl_staff_create(struct ctl *c, const char *username, const char *display_name,
			       enum role role, const struct id_list *depts,
			       const char *password_hash, const char *secret_b32, struct staff *out)
{
	const struct actor a = { NULL, NULL, NULL };
	json_t *ids = json_array();

	memset(out, 0, sizeof *out);
	out->username = xstrdup(username);
	out->display_name = xstrdup(display_name);
	out->role = role;
	for (size_t i = 0; i < depts->n; i++) {
		id_list_add(&out->depts, depts->ids[i]);
		json_array_append_new(ids, json_string(depts->ids[i]));
	}
	out->password_hash = xstrdup(password_hash);
	out->totp_secret = xstrdup(secret_b32);
	enum store_rc rc = store_staff_create(c->store, &a, out);
	ctl_secret_free(&out->password_hash);
	ctl_secret_free(&out->totp_secret);
	if (rc == STORE_OK)
		rc = ctl_audit(c, "staff.create", "staff", out->id,
			       json_pack("{s:s, s:s, s:O}", "username", username, "role",
					 role_name(role), "departments", ids));
	json_decref(ids);
	return rc;
}

/* Lower-cases name into out; false unless it is 1-32 of [a-z0-9._-]
 * starting with a letter or digit. */
static bool username_normalise(const char *name, char out[33])
{
	size_t n = strlen(name);
	if (n == 0 || n > 32)
		return false;
	for (size_t i = 0; i <= n; i++)
		out[i] = (char)tolower((unsigned char)name[i]);
	if (!isalnum((unsigned char)out[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)out[i]) && !strchr("._-", out[i]))
			return false;
	return true;
}

/* Looks a staff member up by username, reporting a miss by name. */
static bool staff_find(struct ctl *c, const char *username, struct staff *st)
{
	char norm[33];
	if (!username_normalise(username, norm)) {
		ctl_error(_("'%s' is not a valid username"), username);
		return false;
	}
	enum store_rc rc = store_staff_by_username(c->store, norm, st);
	if (rc == STORE_NOT_FOUND) {
		ctl_error(_("no user named '%s' (see 'curtainctl user list')"), norm);
		return false;
	}
	if (rc != STORE_OK) {
		ctl_store_fail(rc, _("look up the user"));
		return false;
	}
	return true;
}

/* The issuer shown in authenticator apps: the practice's name. Caller frees. */
static char *totp_issuer(struct ctl *c)
{
	char *name = NULL;
	if (store_setting_get(c->store, "practice.name", &name) == STORE_OK && name && *name)
		return name;
	free(name);
	return xstrdup("Curtain");
}

int ctl_cmd_user_add(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "dept", required_argument, NULL, 'd' },
		{ "password-stdin", no_argument, NULL, 'P' },
		{ "totp-secret", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = NULL, *role_arg = NULL, *secret_arg = NULL;
	const char *dept_names[MAX_DEPTS];
	size_t n_depts = 0;
	bool pw_stdin = false, done = false, generated = false;
	char username[33], secret[129] = "", hash[128] = "";
	char *password = NULL, *issuer = NULL, *uri = NULL;
	struct id_list depts = { 0 };
	struct staff st = { 0 }, existing = { 0 };
	int opt, rc, role;
	enum store_rc src;

	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt == 'n')
			name = optarg;
		else if (opt == 'r')
			role_arg = optarg;
		else if (opt == 'd') {
			if (n_depts == MAX_DEPTS)
				return ctl_usage(cmd, _("too many --dept options (at most %d)"),
						 MAX_DEPTS);
			dept_names[n_depts++] = optarg;
		} else if (opt == 'P')
			pw_stdin = true;
		else if (opt == 't')
			secret_arg = optarg;
		else if ((rc = ctl_getopt_end(cmd, opt, argv, &done)), done)
			return rc;
	}
	if (optind >= argc)
		return ctl_usage(cmd, _("no username given"));
	if (optind + 1 < argc)
		return ctl_usage(cmd, _("unexpected argument '%s'"), argv[optind + 1]);
	if (!username_normalise(argv[optind], username))
		return ctl_usage(cmd,
				 _("'%s' is not a valid username: use 1-32 letters, digits, "
				   "'.', '_' or '-', starting with a letter or digit"),
				 argv[optind]);
	if (!name || !*name)
		return ctl_usage(cmd, _("no display name given: use --name \"Display Name\""));
	if (!role_arg)
		return ctl_usage(cmd, _("no role given: use --role agent, supervisor or admin"));
	if ((role = role_parse(role_arg)) < 0)
		return ctl_usage(cmd, _("unknown role '%s': use agent, supervisor or admin"),
				 role_arg);
	if (n_depts == 0 && role != ROLE_ADMIN)
		return ctl_usage(cmd,
				 _("no department given: use --dept NAME (repeat for several)"));
	if (secret_arg && !ctl_base32_normalise(secret_arg, secret))
		return ctl_usage(cmd, _("the TOTP secret is not base32 of at least 16 characters "
					"(A-Z and 2-7)"));

	if ((rc = ctl_open(c, cmd)) != CTL_OK)
		goto out;
	rc = CTL_FAIL;
	/* Check what can be checked before asking for a password. */
	src = store_staff_by_username(c->store, username, &existing);
	if (src == STORE_OK) {
		ctl_error(_("a user named '%s' already exists"), username);
		goto out;
	} else if (src != STORE_NOT_FOUND) {
		ctl_store_fail(src, _("look up the user"));
		goto out;
	}
	for (size_t i = 0; i < n_depts; i++) {
		struct department d = { 0 };
		if (!ctl_dept_find(c, dept_names[i], &d))
			goto out;
		if (!id_list_has(&depts, d.id))
			id_list_add(&depts, d.id);
		department_clear(&d);
	}
	if (!(password = ctl_password_read(pw_stdin)))
		goto out;
	if (!crypto_password_hash(password, hash)) {
		ctl_error(_("cannot hash the password (out of memory?)"));
		goto out;
	}
	if (!secret_arg) {
		if (!totp_secret_new(secret)) {
			ctl_error(_("cannot make a TOTP secret"));
			goto out;
		}
		generated = true;
	}

	if (!ctl_tx_begin(c))
		goto out;
	src = ctl_staff_create(c, username, name, (enum role)role, &depts, hash, secret, &st);
	if (src != STORE_OK) {
		store_tx_rollback(c->store);
		if (src == STORE_EXISTS)
			ctl_error(_("a user named '%s' already exists"), username);
		else
			ctl_store_fail(src, _("create the user"));
		goto out;
	}
	if ((rc = ctl_tx_commit(c)) != CTL_OK)
		goto out;
	printf(_("added user %s (%s) with id %s\n"), st.username, role_name(st.role), st.id);
	if (generated) {
		issuer = totp_issuer(c);
		uri = totp_uri(issuer, username, secret);
		if (!uri) {
			ctl_error(_("cannot build the otpauth:// URI"));
			rc = CTL_FAIL;
			goto out;
		}
		fflush(stdout);
		fprintf(stderr,
			_("Enrol this TOTP secret in %s's authenticator app "
			  "(it is not shown again):\n"),
			username);
		printf("%s\n", uri);
	}
out:
	sodium_memzero(secret, sizeof secret);
	sodium_memzero(hash, sizeof hash);
	ctl_secret_free(&password);
	ctl_secret_free(&uri);
	free(issuer);
	id_list_clear(&depts);
	staff_clear(&st);
	staff_clear(&existing);
	return rc;
}

int ctl_cmd_user_list(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv)
{
	struct staff *sts = NULL;
	struct department *ds = NULL;
	size_t ns = 0, nd = 0;
	int rc;
	enum store_rc src;

	if (ctl_help_only(cmd, argc, argv, &rc))
		return rc;
	if (optind < argc)
		return ctl_usage(cmd, _("unexpected argument '%s'"), argv[optind]);
	if ((rc = ctl_open(c, cmd)) != CTL_OK)
		return rc;
	if ((src = store_department_list(c->store, &ds, &nd)) != STORE_OK)
		return ctl_store_fail(src, _("list the departments"));
	rc = CTL_OK;
	if ((src = store_staff_list(c->store, &sts, &ns)) != STORE_OK) {
		rc = ctl_store_fail(src, _("list the users"));
		goto out;
	}
	for (size_t i = 0; i < ns; i++) {
		struct buf names;
		buf_init(&names);
		for (size_t j = 0; j < nd; j++)
			if (id_list_has(&sts[i].depts, ds[j].id))
				buf_printf(&names, "%s%s", names.len ? "," : "", ds[j].name);
		ctl_put_field(sts[i].username, '\t');
		ctl_put_field(sts[i].display_name, '\t');
		ctl_put_field(role_name(sts[i].role), '\t');
		ctl_put_field(names.len ? names.data : "-", '\t');
		ctl_put_field(sts[i].disabled ? _("disabled") : _("active"), '\n');
		buf_free(&names);
	}
out:
	for (size_t i = 0; i < ns; i++)
		staff_clear(&sts[i]);
	for (size_t j = 0; j < nd; j++)
		department_clear(&ds[j]);
	free(sts);
	free(ds);
	return rc;
}

/* Queues the "session revoked" event live clients listen for. device_id ""
 * means every device of the staff member. */
static enum store_rc session_revoked_event(struct ctl *c, const char *staff_id,
					   const char *device_id)
{
	struct event ev = { 0 };
	ev.kind = EVENT_SESSION;
	snprintf(ev.staff_id, sizeof ev.staff_id, "%s", staff_id);
	snprintf(ev.device_id, sizeof ev.device_id, "%s", device_id);
	ev.payload = xstrdup("{\"type\":\"revoked\"}");
	ev.created_at = now_ms();
	enum store_rc rc = store_event_add(c->store, &ev);
	event_clear(&ev);
	return rc;
}

/* Revokes every active device of a staff member; *n counts them. */
static enum store_rc revoke_all_devices(struct ctl *c, const char *staff_id, int *n)
{
	struct device *ds = NULL;
	size_t nd = 0;
	enum store_rc rc = store_device_list(c->store, staff_id, &ds, &nd);
	*n = 0;
	for (size_t i = 0; rc == STORE_OK && i < nd; i++) {
		if (ds[i].revoked_at)
			continue;
		rc = store_device_revoke(c->store, ds[i].id);
		(*n)++;
	}
	for (size_t i = 0; i < nd; i++)
		device_clear(&ds[i]);
	free(ds);
	if (rc == STORE_OK && *n)
		rc = session_revoked_event(c, staff_id, "");
	return rc;
}

static int user_set_disabled(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv,
			     bool disable)
{
	struct staff st = { 0 };
	int rc, revoked = 0;
	enum store_rc src;

	if (ctl_help_only(cmd, argc, argv, &rc))
		return rc;
	if (optind >= argc)
		return ctl_usage(cmd, _("no username given"));
	if (optind + 1 < argc)
		return ctl_usage(cmd, _("unexpected argument '%s'"), argv[optind + 1]);
	if ((rc = ctl_open(c, cmd)) != CTL_OK)
		return rc;
	if (!ctl_tx_begin(c))
		return CTL_FAIL;
	rc = CTL_FAIL;
	if (!staff_find(c, argv[optind], &st))
		goto out;
	if (st.disabled == disable) {
		store_tx_rollback(c->store);
		printf(disable ? _("user %s is already disabled\n") :
				 _("user %s is already enabled\n"),
		       st.username);
		rc = CTL_OK;
		goto out_cleared;
	}
	st.disabled = disable;
	const struct actor a = { NULL, NULL, NULL };
	if ((src = store_staff_update(c->store, &a, &st)) != STORE_OK) {
		ctl_store_fail(src, _("update the user"));
		goto out;
	}
	/* Disabling someone ends their sessions now; enabling them again
	 * means signing in afresh with password and TOTP. */
	if (disable && (src = revoke_all_devices(c, st.id, &revoked)) != STORE_OK) {
		ctl_store_fail(src, _("revoke the user's devices"));
		goto out;
	}
	json_t *detail = json_pack("{s:s}", "username", st.username);
	if (disable)
		json_object_set_new(detail, "devicesRevoked", json_integer(revoked));
	if (ctl_audit(c, disable ? "staff.disable" : "staff.enable", "staff", st.id, detail) !=
	    STORE_OK)
		goto out;
	if ((rc = ctl_tx_commit(c)) != CTL_OK)
		goto out_cleared;
	if (disable)
		printf(ngettext("disabled user %s and revoked %d device\n",
				"disabled user %s and revoked %d devices\n",
				(unsigned long)revoked),
		       st.username, revoked);
	else
		printf(_("enabled user %s\n"), st.username);
	goto out_cleared;
out:
	store_tx_rollback(c->store);
out_cleared:
	staff_clear(&st);
	return rc;
}

int ctl_cmd_user_disable(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv)
{
	return user_set_disabled(c, cmd, argc, argv, true);
}

int ctl_cmd_user_enable(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv)
{
	return user_set_disabled(c, cmd, argc, argv, false);
}

int ctl_cmd_user_set_password(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "password-stdin", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct staff st = { 0 };
	bool pw_stdin = false, done = false;
	char *password = NULL;
	char hash[128] = "";
	int opt, rc;
	enum store_rc src;

	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt == 'P')
			pw_stdin = true;
		else if ((rc = ctl_getopt_end(cmd, opt, argv, &done)), done)
			return rc;
	}
	if (optind >= argc)
		return ctl_usage(cmd, _("no username given"));
	if (optind + 1 < argc)
		return ctl_usage(cmd, _("unexpected argument '%s'"), argv[optind + 1]);
	if ((rc = ctl_open(c, cmd)) != CTL_OK)
		return rc;
	rc = CTL_FAIL;
	if (!staff_find(c, argv[optind], &st))
		goto out;
	staff_clear(&st);
	if (!(password = ctl_password_read(pw_stdin)))
		goto out;
	if (!crypto_password_hash(password, hash)) {
		ctl_error(_("cannot hash the password (out of memory?)"));
		goto out;
	}
	if (!ctl_tx_begin(c))
		goto out;
	/* Read again inside the transaction: the prompt may have taken a while. */
	if (!staff_find(c, argv[optind], &st))
		goto out_rollback;
	st.password_hash = xstrdup(hash);
	const struct actor a = { NULL, NULL, NULL };
	if ((src = store_staff_update(c->store, &a, &st)) != STORE_OK) {
		ctl_store_fail(src, _("update the user"));
		goto out_rollback;
	}
	if (ctl_audit(c, "staff.password.set", "staff", st.id,
		      json_pack("{s:s}", "username", st.username)) != STORE_OK)
		goto out_rollback;
	if ((rc = ctl_tx_commit(c)) == CTL_OK)
		printf(_("set the password of user %s\n"), st.username);
	goto out;
out_rollback:
	store_tx_rollback(c->store);
out:
	sodium_memzero(hash, sizeof hash);
	ctl_secret_free(&password);
	if (st.password_hash)
		ctl_secret_free(&st.password_hash);
	staff_clear(&st);
	return rc;
}

/* ---- devices -------------------------------------------------------------- */

int ctl_cmd_device_list(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "user", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *user = NULL;
	struct staff one = { 0 }, *sts = NULL;
	struct device *ds = NULL;
	size_t ns = 0, nd = 0;
	bool done = false;
	int opt, rc;
	enum store_rc src;

	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt == 'u')
			user = optarg;
		else if ((rc = ctl_getopt_end(cmd, opt, argv, &done)), done)
			return rc;
	}
	if (optind < argc)
		return ctl_usage(cmd, _("unexpected argument '%s'"), argv[optind]);
	if ((rc = ctl_open(c, cmd)) != CTL_OK)
		return rc;
	rc = CTL_FAIL;
	if (user && !staff_find(c, user, &one))
		goto out;
	if ((src = store_staff_list(c->store, &sts, &ns)) != STORE_OK) {
		ctl_store_fail(src, _("list the users"));
		goto out;
	}
	if ((src = store_device_list(c->store, user ? one.id : NULL, &ds, &nd)) != STORE_OK) {
		ctl_store_fail(src, _("list the devices"));
		goto out;
	}
	for (size_t i = 0; i < nd; i++) {
		const char *owner = ds[i].staff_id;
		char created[40], used[40], revoked[40], fails[16];
		for (size_t j = 0; j < ns; j++)
			if (strcmp(sts[j].id, ds[i].staff_id) == 0)
				owner = sts[j].username;
		snprintf(fails, sizeof fails, "%d", ds[i].pin_failures);
		ctl_put_field(ds[i].id, '\t');
		ctl_put_field(owner, '\t');
		ctl_put_field(ds[i].name, '\t');
		ctl_put_field(ctl_time(ds[i].created_at, created), '\t');
		ctl_put_field(ctl_time(ds[i].last_used, used), '\t');
		ctl_put_field(ctl_time(ds[i].revoked_at, revoked), '\t');
		ctl_put_field(fails, '\n');
	}
	rc = CTL_OK;
out:
	for (size_t i = 0; i < nd; i++)
		device_clear(&ds[i]);
	for (size_t j = 0; j < ns; j++)
		staff_clear(&sts[j]);
	free(ds);
	free(sts);
	staff_clear(&one);
	return rc;
}

int ctl_cmd_device_revoke(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv)
{
	struct device d = { 0 };
	int rc;
	enum store_rc src;

	if (ctl_help_only(cmd, argc, argv, &rc))
		return rc;
	if (optind >= argc)
		return ctl_usage(cmd, _("no device id given (see 'curtainctl device list')"));
	if (optind + 1 < argc)
		return ctl_usage(cmd, _("unexpected argument '%s'"), argv[optind + 1]);
	const char *id = argv[optind];
	if ((rc = ctl_open(c, cmd)) != CTL_OK)
		return rc;
	if (!ctl_tx_begin(c))
		return CTL_FAIL;
	rc = CTL_FAIL;
	src = store_device_get(c->store, id, &d);
	if (src == STORE_NOT_FOUND) {
		ctl_error(_("no device with id '%s' (see 'curtainctl device list')"), id);
		goto out;
	} else if (src != STORE_OK) {
		ctl_store_fail(src, _("look up the device"));
		goto out;
	}
	if (d.revoked_at) {
		store_tx_rollback(c->store);
		printf(_("device %s is already revoked\n"), d.id);
		rc = CTL_OK;
		goto out_cleared;
	}
	if ((src = store_device_revoke(c->store, d.id)) != STORE_OK) {
		ctl_store_fail(src, _("revoke the device"));
		goto out;
	}
	if ((src = session_revoked_event(c, d.staff_id, d.id)) != STORE_OK) {
		ctl_store_fail(src, _("notify the device's sessions"));
		goto out;
	}
	if (ctl_audit(c, "device.revoke", "device", d.id,
		      json_pack("{s:s}", "staffId", d.staff_id)) != STORE_OK)
		goto out;
	if ((rc = ctl_tx_commit(c)) == CTL_OK)
		printf(_("revoked device %s\n"), d.id);
	goto out_cleared;
out:
	store_tx_rollback(c->store);
out_cleared:
	device_clear(&d);
	return rc;
}
