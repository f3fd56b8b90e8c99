/* simin: curtainctl's two ends of the simulated carrier: `sms-in` posts a
 * patient's text to curtaind's sim inbound hook the way Twilio would, and
 * `sim outbox` shows what the sim gateway "sent". For tests and the demo. */
#include <curl/curl.h>
#include <errno.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/util.h"
#include "ctl/ctl.h"
#include "server/media.h"

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

/* The largest file --media reads (curtaind's own limit is usually lower;
 * it answers for a picture over it). */
#define MEDIA_FILE_MAX (64 * 1024 * 1024)

/* Reads a file for --media into *out; false (reported) if it cannot. */
static bool media_read(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		ctl_error(_("cannot read %s: %s"), path, strerror(errno));
		return false;
	}
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (out->len + n > MEDIA_FILE_MAX) {
			ctl_error(_("%s is larger than %d bytes"), path, MEDIA_FILE_MAX);
			fclose(f);
			return false;
		}
		buf_append(out, chunk, n);
	}
	bool ok = !ferror(f);
	fclose(f);
	if (!ok)
		ctl_error(_("cannot read %s: %s"), path, strerror(errno));
	return ok;
}

/* The type a file declares: what its bytes are, else its extension's. */
static const char *media_declared(const char *path, const struct buf *bytes)
{
	const char *t = media_sniff(bytes->data, bytes->len);
	if (t)
		return t;
	const char *dot = strrchr(path, '.');
	static const struct {
		const char *ext, *type;
	} exts[] = { { "jpg", "image/jpeg" }, { "jpeg", "image/jpeg" }, { "png", "image/png" },
		     { "gif", "image/gif" },  { "pdf", "application/pdf" } };
	for (size_t i = 0; dot && i < sizeof exts / sizeof exts[0]; i++)
		if (strcasecmp(dot + 1, exts[i].ext) == 0)
			return exts[i].type;
	return "application/octet-stream";
}

/* Adds MediaUrlN (a base64 data: URL) and MediaContentTypeN for a file. */
static bool form_add_media(CURL *curl, struct buf *form, unsigned i, const char *path)
{
	struct buf bytes, url;
	buf_init(&bytes);
	buf_init(&url);
	bool ok = media_read(path, &bytes);
	if (ok) {
		const char *type = media_declared(path, &bytes);
		size_t b64len = sodium_base64_ENCODED_LEN(bytes.len, sodium_base64_VARIANT_ORIGINAL);
		char *b64 = xmalloc(b64len);
		sodium_bin2base64(b64, b64len, (const unsigned char *)(bytes.data ? bytes.data : ""),
				  bytes.len, sodium_base64_VARIANT_ORIGINAL);
		buf_printf(&url, "data:%s;base64,", type);
		buf_puts(&url, b64);
		free(b64);
		char name[32];
		snprintf(name, sizeof name, "MediaUrl%u", i);
		ok = form_add(curl, form, name, url.data);
		snprintf(name, sizeof name, "MediaContentType%u", i);
		ok = ok && form_add(curl, form, name, type);
		if (!ok)
			ctl_error(_("cannot encode the form"));
	}
	buf_free(&bytes);
	buf_free(&url);
	return ok;
}

int ctl_cmd_sms_in(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "server", required_argument, NULL, 's' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "media", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *server = NULL, *from = NULL, *to = NULL;
	const char *media[MEDIA_MAX_PER_MESSAGE];
	unsigned n_media = 0;
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
		else if (opt == 'm') {
			if (n_media == MEDIA_MAX_PER_MESSAGE)
				return ctl_usage(cmd, _("at most %d --media files"), MEDIA_MAX_PER_MESSAGE);
			media[n_media++] = optarg;
		} else if ((rc = ctl_getopt_end(cmd, opt, argv, &done)), done)
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
	if (optind >= argc && !n_media)
		return ctl_usage(cmd, _("no message text given"));
	if (optind + 1 < argc)
		return ctl_usage(cmd, _("unexpected argument '%s' (quote the message text)"),
				 argv[optind + 1]);
	/* A picture may come without words, as MMS often do. */
	const char *text = optind < argc ? argv[optind] : "";
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
	char num_media[16];
	snprintf(num_media, sizeof num_media, "%u", n_media);
	if (!form_add(curl, &form, "MessageSid", sid) ||
	    !form_add(curl, &form, "AccountSid", "ACsim") || !form_add(curl, &form, "From", from) ||
	    !form_add(curl, &form, "To", to) || !form_add(curl, &form, "Body", text) ||
	    !form_add(curl, &form, "NumMedia", num_media)) {
		ctl_error(_("cannot encode the form"));
		goto out;
	}
	for (unsigned i = 0; i < n_media; i++)
		if (!form_add_media(curl, &form, i, media[i]))
			goto out;
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
		ctl_put_field(xs[i].body, '\t');
		/* Attachments: their count and types, e.g. "2 image/jpeg,image/png". */
		char media[512];
		snprintf(media, sizeof media, "%d%s%s", xs[i].n_media, xs[i].n_media ? " " : "",
			 xs[i].media_types ? xs[i].media_types : "");
		ctl_put_field(media, '\n');
		sim_sent_clear(&xs[i]);
	}
	free(xs);
	return CTL_OK;
}
