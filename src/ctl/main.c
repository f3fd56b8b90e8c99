/* curtainctl: the admin command line for curtaind. This file owns the
 * command table (help is generated from it), global options, dispatch, and
 * the commands that make and describe the practice: init and practice. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/cli.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/util.h"
#include "ctl/ctl.h"

/* ---- the command table ---------------------------------------------------- */

static const struct ctl_cmd commands[] = {
	{ "init", NULL, N_("[--practice-name NAME] [--practice-phone E164]"),
	  N_("Create a new database and its key file (refuses to overwrite either)."),
	  N_("      --practice-name NAME    the practice's name, used in texts\n"
	     "      --practice-phone E164   the practice's callback number\n"),
	  ctl_cmd_init },
	{ "practice", "set", N_("[--name NAME] [--phone E164]"),
	  N_("Change the practice's name or callback number."),
	  N_("      --name NAME     the practice's name\n"
	     "      --phone E164    the callback number, e.g. +15555550199\n"),
	  ctl_cmd_practice_set },
	{ "practice", "show", "", N_("Show the practice's name and callback number."), NULL,
	  ctl_cmd_practice_show },
	{ "dept", "add", N_("NAME --number E164"), N_("Add a department with its own SMS number."),
	  N_("      --number E164   the department's SMS number, e.g. +15555550100\n"),
	  ctl_cmd_dept_add },
	{ "dept", "list", "", N_("List departments: name, number, id."), NULL, ctl_cmd_dept_list },
	{ "dept", "set", N_("NAME [--name NEW] [--number E164] [--secure-template ID|none]"),
	  N_("Rename a department, change its number or its secure-message template."),
	  N_("      --name NEW              new name\n"
	     "      --number E164           new SMS number\n"
	     "      --secure-template ID    template offered instead of a too-detailed text\n"
	     "                              ('none' clears it)\n"),
	  ctl_cmd_dept_set },
	{ "user", "add",
	  N_("USERNAME --name \"Display Name\" --role agent|supervisor|admin --dept NAME... "
	     "[--password-stdin] [--totp-secret BASE32]"),
	  N_("Add a staff member with a password and a TOTP secret."),
	  N_("      --name NAME            display name, e.g. \"Dana Reyes\"\n"
	     "      --role ROLE            agent, supervisor or admin\n"
	     "      --dept NAME            a department (repeat for several)\n"
	     "      --password-stdin       read the password from the first line of stdin\n"
	     "                             (otherwise prompt twice on the terminal)\n"
	     "      --totp-secret BASE32   use this TOTP secret instead of a new one\n"
	     "  Without --totp-secret a new secret is made and its otpauth:// URI printed\n"
	     "  on stdout, once, for the authenticator app.\n"),
	  ctl_cmd_user_add },
	{ "user", "list", "", N_("List staff: username, name, role, departments, disabled."), NULL,
	  ctl_cmd_user_list },
	{ "user", "disable", N_("USERNAME"),
	  N_("Disable a staff member and sign out all of their devices."), NULL,
	  ctl_cmd_user_disable },
	{ "user", "enable", N_("USERNAME"), N_("Enable a disabled staff member again."), NULL,
	  ctl_cmd_user_enable },
	{ "user", "set-password", N_("USERNAME [--password-stdin]"),
	  N_("Set a staff member's password."),
	  N_("      --password-stdin   read the password from the first line of stdin\n"),
	  ctl_cmd_user_set_password },
	{ "template", "add",
	  N_("--name NAME [--dept NAME] [--lang LANG] (--body TEXT | --body-stdin)"),
	  N_("Add a reply template."),
	  N_("      --name NAME      template name\n"
	     "      --dept NAME      only for this department (default: all)\n"
	     "      --lang LANG      language, e.g. en or es (default: en)\n"
	     "      --body TEXT      the text\n"
	     "      --body-stdin     read the text from stdin\n"
	     "  The text may use {patient.first_name}, {practice.name}, {practice.phone},\n"
	     "  {staff.first_name}, and {?label} for a value the sender is asked for.\n"
	     "  A text that looks too detailed for SMS (a condition, medication, result,\n"
	     "  identifier...) is still added, with a warning naming each finding.\n"),
	  ctl_cmd_template_add },
	{ "template", "list", "",
	  N_("List templates: id, name, department, language, text, too-detailed mark."),
	  N_("  The last column is too-detailed:CATEGORIES (e.g. too-detailed:medication,result)\n"
	     "  for a text staff would be warned about as too detailed for SMS, else empty.\n"),
	  ctl_cmd_template_list },
	{ "template", "remove", N_("ID"), N_("Remove a template."), NULL, ctl_cmd_template_remove },
	{ "seed", NULL,
	  N_("--demo | --conversations N --messages-per-conversation M [--dept NAME]"),
	  N_("Add the demo practice, or N synthetic conversations in one transaction."),
	  N_("      --demo                           Lakeside Family Medicine: three departments,\n"
	     "                                       six staff, templates, ~36 conversations;\n"
	     "                                       credentials go to DB.demo-credentials (0600)\n"
	     "      --conversations N                synthetic conversations to add\n"
	     "      --messages-per-conversation M    messages in each (1-50)\n"
	     "      --dept NAME                      put them all in this department\n"
	     "                                       (default: spread over all departments)\n"
	     "  On a database without departments, --conversations first adds Front Desk,\n"
	     "  Billing and Nursing; without staff, one agent per department\n"
	     "  (front-desk-agent, ...) with a random password nobody knows.\n"),
	  ctl_cmd_seed },
	{ "sms-in", NULL, N_("--server URL --from E164 --to E164 [--media FILE]... [TEXT]"),
	  N_("Simulate a patient's inbound text through the sim carrier hook (no -d needed)."),
	  N_("      --server URL    curtaind's base URL, e.g. http://127.0.0.1:8080\n"
	     "      --from E164     the patient's number\n"
	     "      --to E164       the department's number\n"
	     "      --media FILE    attach a picture or PDF (an MMS); repeat for more\n"),
	  ctl_cmd_sms_in },
	{ "sim", "inbound", N_("--server URL --from E164 --to E164 [--media FILE]... [TEXT]"),
	  N_("The same as sms-in: a patient's text or MMS through the sim carrier hook."),
	  N_("      --server URL    curtaind's base URL, e.g. http://127.0.0.1:8080\n"
	     "      --from E164     the patient's number\n"
	     "      --to E164       the department's number\n"
	     "      --media FILE    attach a picture or PDF (an MMS); repeat for more\n"),
	  ctl_cmd_sms_in },
	{ "sim", "outbox", "",
	  N_("Show what the sim carrier sent: seq, time, message id, to, text, attachments."),
	  N_("  The last column is the number of attachments and their types, e.g.\n"
	     "  \"2 image/jpeg,image/png\" (\"0\" for a plain text).\n"),
	  ctl_cmd_sim_outbox },
	{ "audit", "verify", "", N_("Check the audit log's hash chain."), NULL,
	  ctl_cmd_audit_verify },
	{ "audit", "export", N_("[--since SEQ]"),
	  N_("Write the audit log as JSON Lines to stdout (the export is itself audited)."),
	  N_("      --since SEQ    only entries after SEQ\n"), ctl_cmd_audit_export },
	{ "device", "list", N_("[--user USERNAME]"),
	  N_("List enrolled devices: id, user, name, created, last used, revoked, PIN failures."),
	  N_("      --user USERNAME   only this staff member's devices\n"), ctl_cmd_device_list },
	{ "device", "revoke", N_("ID"), N_("Revoke a device; a signed-in client is told at once."),
	  NULL, ctl_cmd_device_revoke },
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage_full(void)
{
	printf(_("Usage: curtainctl [-d DB] [--key FILE] COMMAND [ARGS]\n"
		 "Administer a curtaind database: practice, departments, staff, templates,\n"
		 "demo data, simulated texts and the audit log.\n\n"));
	printf(_("Options:\n"
		 "  -d, --db DB       the database file (needed by every command but sms-in)\n"
		 "      --key FILE    the key file (default: DB.key)\n"
		 "  -h, --help        show this help and exit\n"
		 "  -V, --version     show the version and exit\n\n"));
	printf(_("Commands:\n"));
	for (size_t i = 0; i < N_COMMANDS; i++)
		printf("  %-22s %s\n", ctl_cmd_name(&commands[i]), _(commands[i].summary));
	printf(_("\n'curtainctl COMMAND --help' describes a command's options. Listings print\n"
		 "one tab-separated row per line.\n"
		 "Exit status: 0 success, 1 failure, 2 wrong usage.\n"));
	cli_help_footer(stdout);
}

static void usage_group(FILE *f, const char *group)
{
	fprintf(f, _("Usage: curtainctl [-d DB] %s SUBCOMMAND [ARGS]\n\n"), group);
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].group, group) == 0)
			fprintf(f, "  %-22s %s\n", ctl_cmd_name(&commands[i]),
				_(commands[i].summary));
}

static bool group_has_subs(const char *group)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].group, group) == 0 && commands[i].sub)
			return true;
	return false;
}

static const struct ctl_cmd *find_cmd(const char *group, const char *sub)
{
	for (size_t i = 0; i < N_COMMANDS; i++) {
		const struct ctl_cmd *cmd = &commands[i];
		if (strcmp(cmd->group, group) != 0)
			continue;
		if (!cmd->sub || (sub && strcmp(cmd->sub, sub) == 0))
			return cmd;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "key", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl c = { 0 };
	int opt, rc;

	/* Keys, passwords and decrypted PHI pass through this process: no core dumps. */
	const struct rlimit no_core = { 0, 0 };
	setrlimit(RLIMIT_CORE, &no_core);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);

	i18n_init();
	log_set_ident("curtainctl");
	log_set_level(LOG_WARN);

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:d:hV", opts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			c.db_path = optarg;
			break;
		case 'k':
			c.key_opt = optarg;
			break;
		case 'h':
			usage_full();
			return CTL_OK;
		case 'V':
			cli_version("curtainctl");
			return CTL_OK;
		case ':':
			return ctl_usage(NULL, _("option '%s' needs a value"), argv[optind - 1]);
		default:
			{
				char msg[160];
				return ctl_usage(NULL, "%s",
						 cli_option_error(optopt, argv[optind - 1], msg, sizeof msg));
			}
		}
	}
	if (optind >= argc)
		return ctl_usage(NULL, _("no command given"));
	if (c.db_path && !*c.db_path)
		return ctl_usage(NULL, _("the database path is empty"));

	const char *group = argv[optind];
	const char *sub = NULL;
	int first = optind;
	if (!find_cmd(group, NULL) && !group_has_subs(group))
		return ctl_usage(NULL, _("unknown command '%s'"), group);
	if (group_has_subs(group)) {
		if (optind + 1 >= argc) {
			ctl_error(_("'%s' needs a subcommand"), group);
			usage_group(stderr, group);
			return CTL_USAGE;
		}
		sub = argv[optind + 1];
		if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
			usage_group(stdout, group);
			return CTL_OK;
		}
		first = optind + 1;
	}
	const struct ctl_cmd *cmd = find_cmd(group, sub);
	if (!cmd) {
		ctl_error(_("unknown command '%s %s'"), group, sub);
		usage_group(stderr, group);
		return CTL_USAGE;
	}

	optind = 0; /* glibc: start afresh for the command's own options */
	rc = cmd->run(&c, cmd, argc - first, argv + first);
	ctl_close(&c);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		ctl_error(_("cannot write to standard output: %s"), strerror(errno));
		return CTL_FAIL;
	}
	return rc;
}

/* ---- init ----------------------------------------------------------------- */

static bool path_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static void remove_db_files(const char *db)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char path[4096];
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(path, sizeof path, "%s%s", db, suffixes[i]);
		unlink(path);
	}
}

/* Stores the practice settings that were given, with one audit entry. */
static enum store_rc practice_write(struct ctl *c, const char *action, const char *name,
				    const char *phone)
{
	enum store_rc rc = STORE_OK;
	json_t *fields = json_object();
	if (name) {
		rc = store_setting_set(c->store, "practice.name", name);
		if (rc != STORE_OK)
			goto out;
		json_object_set_new(fields, "name", json_string(name));
	}
	if (phone) {
		rc = store_setting_set(c->store, "practice.phone", phone);
		if (rc != STORE_OK)
			goto out;
		json_object_set_new(fields, "phone", json_string(phone));
	}
	rc = ctl_audit(c, action, "practice", NULL, json_pack("{s:O}", "set", fields));
out:
	json_decref(fields);
	return rc;
}

int ctl_cmd_init(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "practice-name", required_argument, NULL, 'n' },
		{ "practice-phone", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = NULL, *phone = NULL;
	char err[256] = "";
	bool done = false, made_key = false, made_db = false;
	int opt, rc = CTL_FAIL;
	enum store_rc src;

	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt == 'n')
			name = optarg;
		else if (opt == 'p')
			phone = optarg;
		else if ((rc = ctl_getopt_end(cmd, opt, argv, &done)), done)
			return rc;
	}
	if (optind < argc)
		return ctl_usage(cmd, _("unexpected argument '%s'"), argv[optind]);
	if (!c->db_path)
		return ctl_usage(cmd, _("no database given: use -d DB before the command"));
	if (name && !*name)
		return ctl_usage(cmd, _("the practice name is empty"));
	if (phone && !e164_valid(phone))
		return ctl_usage(cmd, _("'%s' is not an E.164 number (like +15555550199)"), phone);
	if (!crypto_init()) {
		ctl_error(_("cannot initialise libsodium"));
		return CTL_FAIL;
	}
	const char *key = ctl_key_path(c);
	if (path_exists(c->db_path)) {
		ctl_error(_("database '%s' already exists; refusing to overwrite it"), c->db_path);
		return CTL_FAIL;
	}
	if (path_exists(key)) {
		ctl_error(_("key file '%s' already exists; refusing to overwrite it"), key);
		return CTL_FAIL;
	}
	if (!crypto_keyfile_create(key, err, sizeof err)) {
		ctl_error("%s", err);
		goto out;
	}
	made_key = true;
	if (!crypto_keyfile_load(key, &c->keys, err, sizeof err)) {
		ctl_error("%s", err);
		goto out;
	}
	c->keys_loaded = true;
	made_db = true;
	if (store_open(&c->store, c->db_path, &c->keys, true, err, sizeof err) != STORE_OK) {
		ctl_error(_("cannot create database '%s': %s"), c->db_path, err);
		goto out;
	}
	if (!ctl_tx_begin(c))
		goto out;
	src = practice_write(c, "system.init", name, phone);
	if (src != STORE_OK) {
		store_tx_rollback(c->store);
		ctl_store_fail(src, _("store the practice settings"));
		goto out;
	}
	if (ctl_tx_commit(c) != CTL_OK)
		goto out;
	printf(_("created database %s\n"), c->db_path);
	printf(_("created key file %s (mode 0600; back it up apart from the database: "
		 "without it the encrypted data cannot be read)\n"),
	       key);
	rc = CTL_OK;
out:
	if (rc != CTL_OK) {
		if (made_key)
			unlink(key);
		ctl_close(c);
		if (made_db)
			remove_db_files(c->db_path);
	}
	return rc;
}

/* ---- practice --------------------------------------------------------------- */

int ctl_cmd_practice_set(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "phone", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = NULL, *phone = NULL;
	bool done = false;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt == 'n')
			name = optarg;
		else if (opt == 'p')
			phone = optarg;
		else if ((rc = ctl_getopt_end(cmd, opt, argv, &done)), done)
			return rc;
	}
	if (optind < argc)
		return ctl_usage(cmd, _("unexpected argument '%s'"), argv[optind]);
	if (!name && !phone)
		return ctl_usage(cmd, _("nothing to change: give --name or --phone"));
	if (name && !*name)
		return ctl_usage(cmd, _("the practice name is empty"));
	if (phone && !e164_valid(phone))
		return ctl_usage(cmd, _("'%s' is not an E.164 number (like +15555550199)"), phone);
	if ((rc = ctl_open(c, cmd)) != CTL_OK)
		return rc;
	if (!ctl_tx_begin(c))
		return CTL_FAIL;
	enum store_rc src = practice_write(c, "practice.update", name, phone);
	if (src != STORE_OK) {
		store_tx_rollback(c->store);
		return ctl_store_fail(src, _("store the practice settings"));
	}
	if ((rc = ctl_tx_commit(c)) != CTL_OK)
		return rc;
	printf(_("practice settings updated\n"));
	return CTL_OK;
}

int ctl_cmd_practice_show(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv)
{
	char *name = NULL, *phone = NULL;
	int rc;

	if (ctl_help_only(cmd, argc, argv, &rc))
		return rc;
	if (optind < argc)
		return ctl_usage(cmd, _("unexpected argument '%s'"), argv[optind]);
	if ((rc = ctl_open(c, cmd)) != CTL_OK)
		return rc;
	enum store_rc src = store_setting_get(c->store, "practice.name", &name);
	if (src != STORE_OK && src != STORE_NOT_FOUND)
		return ctl_store_fail(src, _("read the practice settings"));
	src = store_setting_get(c->store, "practice.phone", &phone);
	if (src != STORE_OK && src != STORE_NOT_FOUND) {
		free(name);
		return ctl_store_fail(src, _("read the practice settings"));
	}
	printf("%s\t%s\n", _("name:"), name ? name : _("(not set)"));
	printf("%s\t%s\n", _("phone:"), phone ? phone : _("(not set)"));
	printf("%s\t%d\n", _("schema:"), store_schema_version(c->store));
	free(name);
	free(phone);
	return CTL_OK;
}
