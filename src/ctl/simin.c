/* simin: curtainctl's two ends of the simulated carrier: `sms-in` posts a
 * patient's text to curtaind's sim inbound hook the way Twilio would, and
 * `sim outbox` shows what the sim gateway "sent". For tests and the demo. */
#include <curl/curl.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/util.h"
#include "ctl/ctl.h"

#define RESPONSE_MAX (64 * 1024)

static size_t collect_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct buf *b = arg;
	size_t n = size * nmemb;
	if (b->len + n > RESPONSE_MAX)
		return 0; /* a sane hook never answers this much */
	buf_append(b, data, n);
	return n;
}

/* Appends "&name=value" (escaped) to the form body. */
static bool form_add(CURL *curl, struct buf *form, const char *name, const char *value)
{
	char *esc = curl_easy_escape(curl, value, 0);
	if (!esc)
		return false;
	buf_printf(form, "%s%s=%s", form->len ? "&" : "", name, esc);
	curl_free(esc);
	return true;
}

/* Prints the most useful part of an error answer: the problem document's
 * detail (or title), else the start of the body. */
static void print_error_detail(const struct buf *body)
{
	if (!body->len)
		return;
	json_t *doc = json_loadb(body->data, body->len, 0, NULL);
	const char *detail = NULL, *title = NULL;
	if (json_is_object(doc)) {
		detail = json_string_value(json_object_get(doc, "detail"));
		title = json_string_value(json_object_get(doc, "title"));
	}
	if (detail || title)
		ctl_error(_("server said: %s%s%s"), title ? title : "", title && detail ? ": " : "",
			  detail ? detail : "");
	else
		ctl_error(_("server said: %.200s"), body->data);
	json_decref(doc);
}

int ctl_cmd_sms_in(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "server", required_argument, NULL, 's' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *server = NULL, *from = NULL, *to = NULL;
	unsigned char raw[16];
	char sid[2 + 32 + 1] = "SM";
	char errbuf[CURL_ERROR_SIZE] = "";
	struct buf url, form, body;
	CURL *curl = NULL;
	bool done = false;
	long status = 0;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt == 's')
			server = optarg;
		else if (opt == 'f')
			from = optarg;
		else if (opt == 't')
			to = optarg;
		else if ((rc = ctl_getopt_end(cmd, opt, argv, &done)), done)
			return rc;
	}
	if (!server)
		return ctl_usage(cmd, _("no server given: use --server URL"));
	if (strncmp(server, "http://", 7) != 0 && strncmp(server, "https://", 8) != 0)
		return ctl_usage(cmd, _("the server URL must start with http:// or https://: '%s'"),
				 server);
	if (!from || !e164_valid(from))
		return ctl_usage(cmd, _("--from needs an E.164 number (like +15555551234)"));
	if (!to || !e164_valid(to))
		return ctl_usage(cmd, _("--to needs an E.164 number (like +15555550100)"));
	if (optind >= argc)
		return ctl_usage(cmd, _("no message text given"));
	if (optind + 1 < argc)
		return ctl_usage(cmd, _("unexpected argument '%s' (quote the message text)"),
				 argv[optind + 1]);
	const char *text = argv[optind];
	if (!crypto_init()) {
		ctl_error(_("cannot initialise libsodium"));
		return CTL_FAIL;
	}
	randombytes_buf(raw, sizeof raw);
	hex_encode(raw, sizeof raw, sid + 2);

	buf_init(&url);
	buf_init(&form);
	buf_init(&body);
	rc = CTL_FAIL;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(curl = curl_easy_init())) {
		ctl_error(_("cannot initialise libcurl"));
		goto out;
	}
	size_t n = strlen(server);
	while (n && server[n - 1] == '/')
		n--;
	buf_append(&url, server, n);
	buf_puts(&url, "/v1/hooks/sim/inbound");
	if (!form_add(curl, &form, "MessageSid", sid) ||
	    !form_add(curl, &form, "AccountSid", "ACsim") || !form_add(curl, &form, "From", from) ||
	    !form_add(curl, &form, "To", to) || !form_add(curl, &form, "Body", text) ||
	    !form_add(curl, &form, "NumMedia", "0")) {
		ctl_error(_("cannot encode the form"));
		goto out;
	}
	curl_easy_setopt(curl, CURLOPT_URL, url.data);
	curl_easy_setopt(curl, CURLOPT_POST, 1L);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form.data);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)form.len);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "curtainctl/" CURTAIN_VERSION);
	struct curl_slist *headers =
		curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded");
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	CURLcode cc = curl_easy_perform(curl);
	curl_slist_free_all(headers);
	if (cc != CURLE_OK) {
		ctl_error(_("cannot reach %s: %s"), url.data,
			  errbuf[0] ? errbuf : curl_easy_strerror(cc));
		goto out;
	}
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	printf(_("HTTP %ld (MessageSid %s)\n"), status, sid);
	if (status >= 200 && status < 300)
		rc = CTL_OK;
	else
		print_error_detail(&body);
out:
	if (curl)
		curl_easy_cleanup(curl);
	curl_global_cleanup();
	buf_free(&url);
	buf_free(&form);
	buf_free(&body);
	return rc;
}

int ctl_cmd_sim_outbox(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv)
{
	struct sim_sent *xs = NULL;
	size_t n = 0;
	int rc;

	if (ctl_help_only(cmd, argc, argv, &rc))
		return rc;
	if (optind < argc)
		return ctl_usage(cmd, _("unexpected argument '%s'"), argv[optind]);
	if ((rc = ctl_open(c, cmd)) != CTL_OK)
		return rc;
	enum store_rc src = store_sim_list(c->store, &xs, &n);
	if (src != STORE_OK)
		return ctl_store_fail(src, _("read the sim outbox"));
	for (size_t i = 0; i < n; i++) {
		char seq[24], at[40];
		snprintf(seq, sizeof seq, "%lld", (long long)xs[i].seq);
		ctl_put_field(seq, '\t');
		ctl_put_field(ctl_time(xs[i].at, at), '\t');
		ctl_put_field(xs[i].message_id, '\t');
		ctl_put_field(xs[i].to, '\t');
		ctl_put_field(xs[i].body, '\n');
		sim_sent_clear(&xs[i]);
	}
	free(xs);
	return CTL_OK;
}
