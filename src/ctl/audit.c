/* audit: curtainctl's view of the hash-chained audit log: verifying the
 * chain and exporting it as JSON Lines. An export is recorded in the log
 * (and committed) before any entry leaves the database. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/util.h"
#include "ctl/ctl.h"

int ctl_cmd_audit_verify(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv)
{
	int64_t checked = 0, bad = 0;
	int rc;

	if (ctl_help_only(cmd, argc, argv, &rc))
		return rc;
	if (optind < argc)
		return ctl_usage(cmd, _("unexpected argument '%s'"), argv[optind]);
	if ((rc = ctl_open(c, cmd)) != CTL_OK)
		return rc;
	enum store_rc src = store_audit_verify(c->store, &checked, &bad);
	if (src == STORE_OK) {
		printf(ngettext("audit log OK: %lld entry\n", "audit log OK: %lld entries\n",
				(unsigned long)checked),
		       (long long)checked);
		return CTL_OK;
	}
	if (bad > 0) {
		printf(_("audit log BROKEN at entry %lld\n"), (long long)bad);
		return CTL_FAIL;
	}
	return ctl_store_fail(src, _("verify the audit log"));
}

struct export_ctx {
	int64_t count;
	bool write_failed;
};

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static bool export_one(const struct audit_entry *e, void *arg)
{
	struct export_ctx *x = arg;
	char at[40];
	json_t *detail = NULL;

	if (e->detail) {
		detail = json_loads(e->detail, JSON_DECODE_ANY, NULL);
		/* Keep a detail that is not JSON visible rather than drop it. */
		if (!detail)
			detail = json_string(e->detail);
	}
	json_t *o = json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:s}", "seq",
			      (json_int_t)e->seq, "at", ctl_time(e->at, at), "staffId",
			      str_or_null(e->staff_id), "deviceId", str_or_null(e->device_id), "ip",
			      str_or_null(e->ip), "action", str_or_null(e->action), "objectType",
			      str_or_null(e->object_type), "objectId", str_or_null(e->object_id),
			      "detail", detail ? detail : json_null(), "prevHash", e->prev_hash,
			      "hash", e->hash);
	if (!o)
		die_oom();
	char *line = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!line)
		die_oom();
	if (puts(line) == EOF)
		x->write_failed = true;
	free(line);
	x->count++;
	return !x->write_failed;
}

int ctl_cmd_audit_export(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct export_ctx x = { 0, false };
	long long since = 0;
	bool done = false;
	char *end;
	int opt, rc;
	enum store_rc src;

	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt == 's') {
			errno = 0;
			since = strtoll(optarg, &end, 10);
			if (errno || end == optarg || *end || since < 0)
				return ctl_usage(cmd,
						 _("--since needs a sequence number, not '%s'"),
						 optarg);
		} else if ((rc = ctl_getopt_end(cmd, opt, argv, &done)), done)
			return rc;
	}
	if (optind < argc)
		return ctl_usage(cmd, _("unexpected argument '%s'"), argv[optind]);
	if ((rc = ctl_open(c, cmd)) != CTL_OK)
		return rc;
	if (!ctl_tx_begin(c))
		return CTL_FAIL;
	if (ctl_audit(c, "audit.export", NULL, NULL,
		      json_pack("{s:I}", "since", (json_int_t)since)) != STORE_OK) {
		store_tx_rollback(c->store);
		return CTL_FAIL;
	}
	if ((rc = ctl_tx_commit(c)) != CTL_OK)
		return rc;
	src = store_audit_each(c->store, since, export_one, &x);
	if (x.write_failed) {
		ctl_error(_("cannot write to standard output: %s"), strerror(errno));
		return CTL_FAIL;
	}
	if (src != STORE_OK)
		return ctl_store_fail(src, _("read the audit log"));
	if (fflush(stdout) != 0) {
		ctl_error(_("cannot write to standard output: %s"), strerror(errno));
		return CTL_FAIL;
	}
	fprintf(stderr,
		ngettext("exported %lld audit entry\n", "exported %lld audit entries\n",
			 (unsigned long)x.count),
		(long long)x.count);
	return CTL_OK;
}
