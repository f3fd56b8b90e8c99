/* org: curtainctl's commands for how the practice is organised:
 * departments (name, SMS number, secure-message template) and reply
 * templates. Every change is audited in the transaction that makes it. */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/util.h"
#include "ctl/ctl.h"
#include "phi/phi.h"

#define TEMPLATE_MAX_CHARS 1600 /* ten concatenated SMS segments */

enum store_rc ctl_dept_create(struct ctl *c, const char *name, const char *number,
			      struct department *out)
{
	const struct actor a = { NULL, NULL, NULL };
	memset(out, 0, sizeof *out);
	out->name = xstrdup(name);
	out->sms_number = xstrdup(number);
	enum store_rc rc = store_department_create(c->store, &a, out);
	if (rc != STORE_OK)
		return rc;
	return ctl_audit(c, "department.create", "department", out->id,
			 json_pack("{s:s, s:s}", "name", name, "number", number));
}

/* Reports a name or number that another department already has. */
static bool dept_check_unique(struct ctl *c, const char *self_id, const char *name,
			      const char *number)
{
	struct department other = { 0 };
	bool ok = true;
	enum store_rc rc;

	if (name) {
		rc = store_department_by_name(c->store, name, &other);
		if (rc == STORE_OK && strcmp(other.id, self_id) != 0) {
			ctl_error(_("a department named '%s' already exists"), name);
			ok = false;
			goto out;
		}
		department_clear(&other);
		if (rc != STORE_OK && rc != STORE_NOT_FOUND) {
			ok = false;
			ctl_store_fail(rc, _("look up the department"));
			goto out;
		}
	}
	if (number) {
		rc = store_department_by_number(c->store, number, &other);
		if (rc == STORE_OK && strcmp(other.id, self_id) != 0) {
			ctl_error(_("the number %s already belongs to department '%s'"), number,
				  other.name);
			ok = false;
			goto out;
		}
		if (rc != STORE_OK && rc != STORE_NOT_FOUND) {
			ok = false;
			ctl_store_fail(rc, _("look up the department"));
		}
	}
out:
	department_clear(&other);
	return ok;
}

int ctl_cmd_dept_add(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "number", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *number = NULL;
	struct department d = { 0 };
	bool done = false;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt == 'n')
			number = optarg;
		else if ((rc = ctl_getopt_end(cmd, opt, argv, &done)), done)
			return rc;
	}
	if (optind >= argc)
		return ctl_usage(cmd, _("no department name given"));
	if (optind + 1 < argc)
		return ctl_usage(cmd, _("unexpected argument '%s' (quote a name with spaces)"),
				 argv[optind + 1]);
	const char *name = argv[optind];
	if (!*name)
		return ctl_usage(cmd, _("the department name is empty"));
	if (!number)
		return ctl_usage(cmd, _("no SMS number given: use --number E164"));
	if (!e164_valid(number))
		return ctl_usage(cmd, _("'%s' is not an E.164 number (like +15555550100)"), number);
	if ((rc = ctl_open(c, cmd)) != CTL_OK)
		return rc;
	if (!ctl_tx_begin(c))
		return CTL_FAIL;
	rc = CTL_FAIL;
	if (!dept_check_unique(c, "", name, number))
		goto out;
	enum store_rc src = ctl_dept_create(c, name, number, &d);
	if (src != STORE_OK) {
		ctl_store_fail(src, _("create the department"));
		goto out;
	}
	if ((rc = ctl_tx_commit(c)) != CTL_OK)
		goto out_cleared;
	printf(_("added department %s (%s) with id %s\n"), d.name, d.sms_number, d.id);
	goto out_cleared;
out:
	store_tx_rollback(c->store);
out_cleared:
	department_clear(&d);
	return rc;
}

int ctl_cmd_dept_list(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv)
{
	struct department *ds = NULL;
	size_t n = 0;
	int rc;

	if (ctl_help_only(cmd, argc, argv, &rc))
		return rc;
	if (optind < argc)
		return ctl_usage(cmd, _("unexpected argument '%s'"), argv[optind]);
	if ((rc = ctl_open(c, cmd)) != CTL_OK)
		return rc;
	enum store_rc src = store_department_list(c->store, &ds, &n);
	if (src != STORE_OK)
		return ctl_store_fail(src, _("list the departments"));
	for (size_t i = 0; i < n; i++) {
		ctl_put_field(ds[i].name, '\t');
		ctl_put_field(ds[i].sms_number, '\t');
		ctl_put_field(ds[i].id, '\n');
		department_clear(&ds[i]);
	}
	free(ds);
	return CTL_OK;
}

int ctl_cmd_dept_set(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "number", required_argument, NULL, 'p' },
		{ "secure-template", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = NULL, *number = NULL, *secure = NULL;
	struct department d = { 0 };
	struct template t = { 0 };
	bool done = false;
	int opt, rc;
	enum store_rc src;

	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt == 'n')
			name = optarg;
		else if (opt == 'p')
			number = optarg;
		else if (opt == 's')
			secure = optarg;
		else if ((rc = ctl_getopt_end(cmd, opt, argv, &done)), done)
			return rc;
	}
	if (optind >= argc)
		return ctl_usage(cmd, _("no department name given"));
	if (optind + 1 < argc)
		return ctl_usage(cmd, _("unexpected argument '%s' (quote a name with spaces)"),
				 argv[optind + 1]);
	if (!name && !number && !secure)
		return ctl_usage(
			cmd, _("nothing to change: give --name, --number or --secure-template"));
	if (name && !*name)
		return ctl_usage(cmd, _("the department name is empty"));
	if (number && !e164_valid(number))
		return ctl_usage(cmd, _("'%s' is not an E.164 number (like +15555550100)"), number);
	if ((rc = ctl_open(c, cmd)) != CTL_OK)
		return rc;
	if (!ctl_tx_begin(c))
		return CTL_FAIL;
	rc = CTL_FAIL;
	if (!ctl_dept_find(c, argv[optind], &d))
		goto out;
	if (!dept_check_unique(c, d.id, name, number))
		goto out;
	json_t *changed = json_object();
	if (name) {
		free(d.name);
		d.name = xstrdup(name);
		json_object_set_new(changed, "name", json_string(name));
	}
	if (number) {
		free(d.sms_number);
		d.sms_number = xstrdup(number);
		json_object_set_new(changed, "number", json_string(number));
	}
	if (secure) {
		free(d.secure_template_id);
		d.secure_template_id = NULL;
		if (strcmp(secure, "none") != 0) {
			src = store_template_get(c->store, secure, &t);
			if (src != STORE_OK) {
				json_decref(changed);
				if (src == STORE_NOT_FOUND)
					ctl_error(
						_("no template with id '%s' (see 'curtainctl template list')"),
						secure);
				else
					ctl_store_fail(src, _("look up the template"));
				goto out;
			}
			d.secure_template_id = xstrdup(t.id);
		}
		json_object_set_new(changed, "secureTemplateId",
				    d.secure_template_id ? json_string(d.secure_template_id) :
							   json_null());
	}
	const struct actor a = { NULL, NULL, NULL };
	src = store_department_update(c->store, &a, &d);
	if (src != STORE_OK) {
		json_decref(changed);
		ctl_store_fail(src, _("update the department"));
		goto out;
	}
	if (ctl_audit(c, "department.update", "department", d.id, changed) != STORE_OK)
		goto out;
	if ((rc = ctl_tx_commit(c)) == CTL_OK)
		printf(_("updated department %s\n"), d.name);
	goto out_cleared;
out:
	store_tx_rollback(c->store);
out_cleared:
	department_clear(&d);
	template_clear(&t);
	return rc;
}

/* ---- templates -------------------------------------------------------------- */

enum store_rc ctl_template_create(struct ctl *c, const char *name, const char *dept_id,
				  const char *lang, const char *body, struct template *out)
{
	const struct actor a = { NULL, NULL, NULL };
	memset(out, 0, sizeof *out);
	out->name = xstrdup(name);
	snprintf(out->department_id, sizeof out->department_id, "%s", dept_id ? dept_id : "");
	out->language = xstrdup(lang);
	out->body = xstrdup(body);
	enum store_rc rc = store_template_create(c->store, &a, out);
	if (rc != STORE_OK)
		return rc;
	json_t *detail = json_pack("{s:s, s:s, s:I}", "name", name, "language", lang, "length",
				   (json_int_t)ctl_utf8_len(body));
	json_object_set_new(detail, "departmentId",
			    dept_id && *dept_id ? json_string(dept_id) : json_null());
	return ctl_audit(c, "template.create", "template", out->id, detail);
}

/* What in a template's text makes the client warn "too detailed for SMS"
 * each time someone picks it. The template is added anyway (an admin may
 * mean it), but the admin hears about it now, finding by finding. */
static void template_warn(const char *body)
{
	phi_result r;
	phi_scan(body, strlen(body), &r);
	if (!r.nag)
		return;
	fflush(stdout);
	fprintf(stderr,
		ngettext("curtainctl: warning: this template looks too detailed for SMS; staff will "
			 "be warned each time they use it (%zu finding):\n",
			 "curtainctl: warning: this template looks too detailed for SMS; staff will "
			 "be warned each time they use it (%zu findings):\n",
			 r.n),
		r.n);
	for (size_t i = 0; i < r.n; i++) {
		const phi_finding *f = &r.f[i];
		const char *cat = phi_category_label(f->category);
		const char *why = phi_reason_text(f->reason);
		/* TRANSLATORS: one finding: category, reason, the words of the template. */
		fprintf(stderr, _("  %s (%s): \"%.*s\"\n"), cat ? _(cat) : "?", why ? _(why) : "?",
			(int)(f->end - f->start), body + f->start);
	}
	if (r.truncated)
		fprintf(stderr, "  %s\n", _("... and more"));
}

/* template list's last column: the categories that would nag, for scripts
 * ("too-detailed:medication,result"), or nothing. */
static void template_nag_field(const char *body, char *out, size_t n)
{
	phi_result r;
	phi_scan(body ? body : "", body ? strlen(body) : 0, &r);
	out[0] = '\0';
	if (r.nag) {
		char cats[128];
		phi_categories_csv(r.categories, cats, sizeof cats);
		snprintf(out, n, "too-detailed:%s", cats);
	}
}

/* BCP 47-ish: a 2-3 letter primary language, then optional -subtags. */
static bool lang_valid(const char *s)
{
	size_t n = 0;
	while (islower((unsigned char)s[n]))
		n++;
	if (n < 2 || n > 3)
		return false;
	for (const char *p = s + n; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-')
			return false;
	return s[n] == '\0' || (s[n] == '-' && s[n + 1]);
}

int ctl_cmd_template_add(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "dept", required_argument, NULL, 'd' },
		{ "lang", required_argument, NULL, 'l' },
		{ "body", required_argument, NULL, 'b' },
		{ "body-stdin", no_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = NULL, *dept = NULL, *lang = "en", *body_arg = NULL;
	bool body_stdin = false, done = false;
	char *body = NULL;
	struct department d = { 0 };
	struct template t = { 0 };
	int opt, rc;

	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt == 'n')
			name = optarg;
		else if (opt == 'd')
			dept = optarg;
		else if (opt == 'l')
			lang = optarg;
		else if (opt == 'b')
			body_arg = optarg;
		else if (opt == 'B')
			body_stdin = true;
		else if ((rc = ctl_getopt_end(cmd, opt, argv, &done)), done)
			return rc;
	}
	if (optind < argc)
		return ctl_usage(cmd, _("unexpected argument '%s'"), argv[optind]);
	if (!name || !*name)
		return ctl_usage(cmd, _("no template name given: use --name NAME"));
	if (!lang_valid(lang))
		return ctl_usage(cmd, _("'%s' is not a language tag (like en or es)"), lang);
	if (!body_arg == !body_stdin)
		return ctl_usage(cmd,
				 _("give the text with exactly one of --body or --body-stdin"));
	body = body_stdin ? ctl_read_stdin() : xstrdup(body_arg);
	if (!body)
		return CTL_FAIL;
	rc = CTL_USAGE;
	if (!*body) {
		ctl_usage(cmd, _("the template text is empty"));
		goto out_cleared;
	}
	if (ctl_utf8_len(body) > TEMPLATE_MAX_CHARS) {
		ctl_usage(cmd, _("the template text is longer than %d characters"),
			  TEMPLATE_MAX_CHARS);
		goto out_cleared;
	}
	if ((rc = ctl_open(c, cmd)) != CTL_OK)
		goto out_cleared;
	if (!ctl_tx_begin(c)) {
		rc = CTL_FAIL;
		goto out_cleared;
	}
	rc = CTL_FAIL;
	if (dept && !ctl_dept_find(c, dept, &d))
		goto out;
	enum store_rc src = ctl_template_create(c, name, dept ? d.id : "", lang, body, &t);
	if (src != STORE_OK) {
		ctl_store_fail(src, _("create the template"));
		goto out;
	}
	if ((rc = ctl_tx_commit(c)) == CTL_OK) {
		printf(_("added template %s with id %s\n"), t.name, t.id);
		template_warn(body);
	}
	goto out_cleared;
out:
	store_tx_rollback(c->store);
out_cleared:
	free(body);
	department_clear(&d);
	template_clear(&t);
	return rc;
}

int ctl_cmd_template_list(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv)
{
	struct template *ts = NULL;
	struct department *ds = NULL;
	size_t nt = 0, nd = 0;
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
	if ((src = store_template_list(c->store, &ts, &nt)) != STORE_OK) {
		rc = ctl_store_fail(src, _("list the templates"));
		goto out;
	}
	for (size_t i = 0; i < nt; i++) {
		/* TRANSLATORS: the department column of a template for every department */
		const char *dept = _("(all)");
		for (size_t j = 0; j < nd; j++)
			if (strcmp(ds[j].id, ts[i].department_id) == 0)
				dept = ds[j].name;
		ctl_put_field(ts[i].id, '\t');
		ctl_put_field(ts[i].name, '\t');
		ctl_put_field(dept, '\t');
		char nag[160];
		template_nag_field(ts[i].body, nag, sizeof nag);
		ctl_put_field(ts[i].language, '\t');
		ctl_put_field(ts[i].body, '\t');
		ctl_put_field(nag, '\n');
	}
out:
	for (size_t i = 0; i < nt; i++)
		template_clear(&ts[i]);
	for (size_t j = 0; j < nd; j++)
		department_clear(&ds[j]);
	free(ts);
	free(ds);
	return rc;
}

int ctl_cmd_template_remove(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv)
{
	struct template t = { 0 };
	struct department *ds = NULL;
	size_t nd = 0;
	int rc;
	enum store_rc src;

	if (ctl_help_only(cmd, argc, argv, &rc))
		return rc;
	if (optind >= argc)
		return ctl_usage(cmd, _("no template id given"));
	if (optind + 1 < argc)
		return ctl_usage(cmd, _("unexpected argument '%s'"), argv[optind + 1]);
	const char *id = argv[optind];
	if ((rc = ctl_open(c, cmd)) != CTL_OK)
		return rc;
	if (!ctl_tx_begin(c))
		return CTL_FAIL;
	rc = CTL_FAIL;
	src = store_template_get(c->store, id, &t);
	if (src == STORE_NOT_FOUND) {
		ctl_error(_("no template with id '%s' (see 'curtainctl template list')"), id);
		goto out;
	} else if (src != STORE_OK) {
		ctl_store_fail(src, _("look up the template"));
		goto out;
	}
	/* A department's secure-message template must not vanish under it. */
	if ((src = store_department_list(c->store, &ds, &nd)) != STORE_OK) {
		ctl_store_fail(src, _("list the departments"));
		goto out;
	}
	for (size_t i = 0; i < nd; i++) {
		if (ds[i].secure_template_id && strcmp(ds[i].secure_template_id, t.id) == 0) {
			ctl_error(
				_("template %s is the secure-message template of department '%s'; "
				  "change that first with 'curtainctl dept set'"),
				t.id, ds[i].name);
			goto out;
		}
	}
	const struct actor a = { NULL, NULL, NULL };
	if ((src = store_template_destroy(c->store, &a, t.id)) != STORE_OK) {
		ctl_store_fail(src, _("remove the template"));
		goto out;
	}
	if (ctl_audit(c, "template.destroy", "template", t.id,
		      json_pack("{s:s}", "name", t.name)) != STORE_OK)
		goto out;
	if ((rc = ctl_tx_commit(c)) == CTL_OK)
		printf(_("removed template %s (%s)\n"), t.id, t.name);
	goto out_cleared;
out:
	store_tx_rollback(c->store);
out_cleared:
	for (size_t i = 0; i < nd; i++)
		department_clear(&ds[i]);
	free(ds);
	template_clear(&t);
	return rc;
}
