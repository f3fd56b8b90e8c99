/* scan: `curtain scan [FILE]`. Each line of FILE (or stdin) is one message;
 * each gets one compact JSON object on stdout with the detector's verdict
 * and findings. The categories and reasons are the stable English names,
 * not translations: scripts read them. Lines may be any length (getline)
 * and any bytes; the output is always valid JSON. */
#include "tui/scan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/cli.h"
#include "common/i18n.h"
#include "proto/sms.h"

/* s[0..len) as a JSON string, ill-formed UTF-8 bytes as U+FFFD (jansson
 * refuses invalid UTF-8; the byte offsets stay those of the input). */
static json_t *json_utf8_lossy(const char *s, size_t len)
{
	struct buf b;
	buf_init(&b);
	sms_utf8_repair(s, len, &b);
	json_t *j = json_stringn(b.data ? b.data : "", b.len);
	buf_free(&b);
	return j ? j : json_string("");
}

json_t *scan_result_json(const char *text, size_t len, const phi_result *r)
{
	json_t *findings = json_array();
	for (size_t i = 0; i < r->n; i++) {
		const phi_finding *f = &r->f[i];
		size_t start = f->start <= len ? f->start : len;
		size_t end = f->end <= len ? f->end : len;
		if (end < start)
			end = start;
		json_array_append_new(
			findings,
			json_pack("{s:s, s:I, s:I, s:o, s:s}", "category",
				  phi_category_name(f->category) ?: "?", "start", (json_int_t)start,
				  "end", (json_int_t)end, "text",
				  json_utf8_lossy(text + start, end - start), "reason",
				  phi_reason_text(f->reason) ?: "?"));
	}
	json_t *o = json_pack("{s:b, s:o}", "nag", r->nag, "findings", findings);
	if (r->truncated)
		json_object_set_new(o, "truncated", json_true());
	return o;
}

int scan_stream(FILE *in, FILE *out)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	int rc = 0;
	errno = 0;
	while ((got = getline(&line, &cap, in)) >= 0) {
		size_t len = (size_t)got;
		if (len && line[len - 1] == '\n')
			len--;
		if (len && line[len - 1] == '\r')
			len--;
		phi_result r;
		phi_scan(line, len, &r);
		json_t *j = scan_result_json(line, len, &r);
		if (json_dumpf(j, out, JSON_COMPACT) != 0 || fputc('\n', out) == EOF)
			rc = -2;
		json_decref(j);
		if (rc)
			break;
		errno = 0;
	}
	if (!rc && ferror(in))
		rc = -1;
	int err = errno;
	free(line);
	if (fflush(out) != 0 && !rc)
		rc = -2;
	else
		errno = err;
	return rc;
}

static void scan_usage(FILE *f)
{
	fprintf(f, _("Usage: curtain scan [FILE]\n"
		     "Checks texts with the \"too detailed for SMS\" detector: each line of FILE\n"
		     "(standard input when there is no FILE, or FILE is -) is one message, and\n"
		     "each gets one line of JSON on standard output:\n"
		     "  {\"nag\": true, \"findings\": [{\"category\": \"medication\", \"start\": 12,\n"
		     "   \"end\": 21, \"text\": \"metformin\", \"reason\": \"medication\"}]}\n"
		     "start and end are byte offsets into the line; category and reason are\n"
		     "English names that stay the same in every language. Needs no server.\n"));
}

int scan_main(int argc, char **argv)
{
	const char *path = NULL;
	bool opts = true;
	for (int i = 1; i < argc; i++) {
		if (opts && (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))) {
			scan_usage(stdout);
			return 0;
		}
		if (opts && !strcmp(argv[i], "--")) {
			opts = false;
			continue;
		}
		if (opts && argv[i][0] == '-' && argv[i][1]) {
			char msg[160];
			fprintf(stderr, "curtain scan: %s\n", cli_option_error(0, argv[i], msg, sizeof msg));
			scan_usage(stderr);
			return 2;
		}
		if (path) {
			fprintf(stderr, _("curtain scan: one FILE at most ('%s' is one too many)\n"),
				argv[i]);
			return 2;
		}
		path = argv[i];
	}
	FILE *in = stdin;
	if (path && strcmp(path, "-") != 0) {
		in = fopen(path, "r");
		if (!in) {
			fprintf(stderr, _("curtain scan: cannot read %s: %s\n"), path, strerror(errno));
			return 2;
		}
	}
	phi_init();
	int rc = scan_stream(in, stdout);
	int err = errno ? errno : EIO;
	if (rc == -1)
		fprintf(stderr, _("curtain scan: cannot read %s: %s\n"),
			in != stdin ? path : _("standard input"), strerror(err));
	else if (rc)
		fprintf(stderr, _("curtain scan: cannot write the results: %s\n"), strerror(err));
	if (in != stdin)
		fclose(in);
	return rc ? 2 : 0;
}
