/* outbox: the queue of texts on their way to the server. Each item keeps
 * its clientMsgId from the first attempt to the last, so retries are
 * exactly-once; answers move it between queued, in flight, guarded, failed
 * and done. Bodies are PHI and are zeroed when an item goes. */
#include "core/outbox.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/util.h"
#include "core/errtext.h"

#define BACKOFF_FIRST_MS  1000
#define BACKOFF_MAX_MS	  60000
#define RETRY_AFTER_MAX_S 3600

struct outbox {
	struct outbox_item **items; /* in the order they were added */
	size_t n;
	size_t cap;
	unsigned last_id;
};

struct outbox *outbox_new(void)
{
	return xcalloc(1, sizeof(struct outbox));
}

static void str_free_wiped(char **p)
{
	if (*p) {
		sodium_memzero(*p, strlen(*p));
		free(*p);
		*p = NULL;
	}
}

static void media_free(struct outbox_item *it)
{
	for (size_t i = 0; i < it->n_media; i++)
		mms_file_clear(&it->media[i].file);
	free(it->media);
	it->media = NULL;
	it->n_media = 0;
}

static void item_free(struct outbox_item *it)
{
	media_free(it);
	str_free_wiped(&it->body);
	free(it->phi_categories);
	free(it->error);
	json_decref(it->new_messages); /* Message bodies: jansson frees them unwiped */
	sodium_memzero(it, sizeof *it);
	free(it);
}

void outbox_free(struct outbox **op)
{
	if (!op || !*op)
		return;
	struct outbox *o = *op;
	for (size_t i = 0; i < o->n; i++)
		item_free(o->items[i]);
	free(o->items);
	free(o);
	*op = NULL;
}

static void copy_id(char dst[ID_LEN], const char *src)
{
	snprintf(dst, ID_LEN, "%s", src ? src : "");
}

unsigned outbox_add(struct outbox *o, const char *conversation_id, const char *body,
		    const char *last_seen, const char *template_id, const char *phi_categories)
{
	struct outbox_item *it = xcalloc(1, sizeof *it);
	/* Made once, before the first attempt, and never again for this text. */
	uuid_v4(it->client_msg_id);
	snprintf(it->idem, sizeof it->idem, "%s", it->client_msg_id);
	copy_id(it->conversation_id, conversation_id);
	it->body = xstrdup(body ? body : "");
	copy_id(it->last_seen, last_seen);
	copy_id(it->template_id, template_id);
	it->phi_categories = phi_categories && *phi_categories ? xstrdup(phi_categories) : NULL;
	it->state = OB_QUEUED;
	it->id = ++o->last_id;
	if (!it->id) /* wrapped: 0 is never a handle */
		it->id = ++o->last_id;
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 8;
		o->items = xrealloc(o->items, o->cap * sizeof *o->items);
	}
	o->items[o->n++] = it;
	return it->id;
}

unsigned outbox_add_media(struct outbox *o, const char *conversation_id, const char *body,
			  const char *last_seen, const char *template_id,
			  const char *phi_categories, struct mms_file *files, size_t n)
{
	unsigned id = outbox_add(o, conversation_id, body, last_seen, template_id, phi_categories);
	struct outbox_item *it = o->items[o->n - 1];
	if (n) {
		it->media = xcalloc(n, sizeof *it->media);
		for (size_t i = 0; i < n; i++) {
			it->media[i].file = files[i];
			memset(&files[i], 0, sizeof files[i]);
		}
		it->n_media = n;
	}
	return id;
}

struct outbox_item *outbox_get(struct outbox *o, unsigned id)
{
	for (size_t i = 0; i < o->n; i++)
		if (o->items[i]->id == id)
			return o->items[i];
	return NULL;
}

static void set_error(struct outbox_item *it, const char *text)
{
	free(it->error);
	it->error = xstrdup(text);
}

void outbox_confirm(struct outbox *o, unsigned id)
{
	struct outbox_item *it = outbox_get(o, id);
	if (!it || it->state != OB_GUARD)
		return;
	it->ignore_guard = true;
	/* The request now differs from the guarded one; the server refuses a
	 * key reused with a different body, so the override gets its own. */
	snprintf(it->idem, sizeof it->idem, "%s.confirmed", it->client_msg_id);
	json_decref(it->new_messages);
	it->new_messages = NULL;
	it->state = OB_QUEUED;
	it->attempts = 0;
	it->next_try_ms = 0;
}

static void remove_at(struct outbox *o, size_t i)
{
	item_free(o->items[i]);
	memmove(&o->items[i], &o->items[i + 1], (o->n - i - 1) * sizeof *o->items);
	o->n--;
}

void outbox_discard(struct outbox *o, unsigned id)
{
	for (size_t i = 0; i < o->n; i++) {
		struct outbox_item *it = o->items[i];
		if (it->id != id)
			continue;
		if (it->state == OB_GUARD || it->state == OB_FAILED)
			remove_at(o, i);
		return;
	}
}

struct mms_file *outbox_take_files(struct outbox *o, unsigned id, size_t *n)
{
	struct outbox_item *it = outbox_get(o, id);
	*n = 0;
	if (!it || !it->n_media || (it->state != OB_GUARD && it->state != OB_FAILED))
		return NULL;
	struct mms_file *files = xcalloc(it->n_media, sizeof *files);
	for (size_t i = 0; i < it->n_media; i++) {
		files[i] = it->media[i].file;
		memset(&it->media[i].file, 0, sizeof it->media[i].file);
	}
	*n = it->n_media;
	media_free(it);
	return files;
}

/* The first attachment of it not yet uploaded, or n_media. */
static size_t first_unsent(const struct outbox_item *it)
{
	size_t i = 0;
	while (i < it->n_media && it->media[i].id[0])
		i++;
	return i;
}

/* True when an earlier item to the same conversation must go (or be
 * decided on) first. */
static bool blocked(const struct outbox *o, size_t i)
{
	const struct outbox_item *it = o->items[i];
	for (size_t k = 0; k < i; k++) {
		const struct outbox_item *e = o->items[k];
		if (strcmp(e->conversation_id, it->conversation_id) == 0 &&
		    (e->state == OB_QUEUED || e->state == OB_INFLIGHT || e->state == OB_GUARD))
			return true;
	}
	return false;
}

static json_t *categories_json(const char *list)
{
	json_t *a = json_array();
	if (!a)
		die_oom();
	const char *p = list;
	while (*p) {
		size_t len = strcspn(p, ",");
		const char *s = p;
		size_t n = len;
		while (n && (*s == ' ' || *s == '\t')) {
			s++;
			n--;
		}
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n && json_array_append_new(a, json_stringn(s, n)) != 0)
			die_oom();
		p += len;
		if (*p == ',')
			p++;
	}
	return a;
}

static void put(json_t *o, const char *key, json_t *v)
{
	if (!v || json_object_set_new(o, key, v) != 0)
		die_oom();
}

static json_t *request_of(const struct outbox_item *it)
{
	json_t *c = json_object();
	if (!c)
		die_oom();
	put(c, "conversationId", json_string(it->conversation_id));
	put(c, "body", json_string(it->body));
	put(c, "clientMsgId", json_string(it->client_msg_id));
	if (it->last_seen[0])
		put(c, "lastSeenMessageId", json_string(it->last_seen));
	put(c, "ignoreReplyGuard", json_boolean(it->ignore_guard));
	if (it->template_id[0])
		put(c, "templateId", json_string(it->template_id));
	if (it->n_media) {
		json_t *ids = json_array();
		if (!ids)
			die_oom();
		for (size_t i = 0; i < it->n_media; i++)
			if (json_array_append_new(ids, json_string(it->media[i].id)) != 0)
				die_oom();
		put(c, "attachmentIds", ids);
	}
	if (it->phi_categories) {
		json_t *w = json_object();
		if (!w)
			die_oom();
		put(w, "categories", categories_json(it->phi_categories));
		put(c, "phiWarning", w);
	}
	json_t *req = json_pack("{s:[[s,{s:{s:o}},s]]}", "methodCalls", "Message/set", "create",
				"k", c, "send");
	if (!req)
		die_oom();
	return req;
}

json_t *outbox_next(struct outbox *o, int64_t now, unsigned *id, const char **idem)
{
	for (size_t i = 0; i < o->n; i++) {
		struct outbox_item *it = o->items[i];
		if (it->state != OB_QUEUED || it->next_try_ms > now || blocked(o, i) ||
		    first_unsent(it) < it->n_media)
			continue;
		json_t *req = request_of(it);
		it->state = OB_INFLIGHT;
		if (id)
			*id = it->id;
		if (idem)
			*idem = it->idem;
		return req;
	}
	return NULL;
}

/* Queues it again after Retry-After (whole seconds) or the next backoff step. */
static void retry_later(struct outbox_item *it, const char *retry_after, int64_t now)
{
	it->attempts++;
	int64_t delay = BACKOFF_FIRST_MS;
	for (int k = 1; k < it->attempts && delay < BACKOFF_MAX_MS; k++)
		delay *= 2;
	if (delay > BACKOFF_MAX_MS)
		delay = BACKOFF_MAX_MS;
	if (retry_after) {
		char *end;
		long long secs = strtoll(retry_after, &end, 10);
		while (*end == ' ' || *end == '\t')
			end++;
		if (end != retry_after && !*end && secs >= 0)
			delay = (secs > RETRY_AFTER_MAX_S ? RETRY_AFTER_MAX_S : secs) * 1000;
	}
	it->state = OB_QUEUED;
	it->next_try_ms = now + delay;
}

static const char *problem_text(json_t *body)
{
	const char *d = json_string_value(json_object_get(body, "detail"));
	if (d && *d)
		return d;
	d = json_string_value(json_object_get(body, "title"));
	return d && *d ? d : NULL;
}

static bool retryable_type(const char *type)
{
	return type && (strcmp(type, "serverFail") == 0 || strcmp(type, "rateLimited") == 0);
}

/* Answers that mean "the same request again": none, 429 and 5xx later
 * (with backoff); 401 at once, after the app has unlocked (the access
 * token lapsed). True when it is one of those. */
static bool try_again(struct outbox_item *it, int status, const char *retry_after, int64_t now)
{
	if (status == 0 || status == 429 || status >= 500) {
		retry_later(it, retry_after, now);
		return true;
	}
	if (status == 401) {
		it->state = OB_QUEUED;
		it->next_try_ms = now;
		return true;
	}
	return false;
}

void outbox_on_response(struct outbox *o, unsigned id, int status, json_t *body,
			const char *retry_after, int64_t now)
{
	struct outbox_item *it = outbox_get(o, id);
	if (!it || it->state != OB_INFLIGHT)
		return;
	if (try_again(it, status, retry_after, now))
		return;
	if (status != 200) {
		const char *why = problem_text(body);
		const char *type = json_string_value(json_object_get(body, "type"));
		/* TRANSLATORS: shown when the server refused a text without saying why. */
		set_error(it, why || type ? errtext(type, why) : _("The server refused the message."));
		it->state = OB_FAILED;
		return;
	}
	json_t *resp = json_array_get(json_object_get(body, "methodResponses"), 0);
	const char *name = json_string_value(json_array_get(resp, 0));
	json_t *args = json_array_get(resp, 1);
	if (name && strcmp(name, "error") == 0) {
		const char *type = json_string_value(json_object_get(args, "type"));
		if (retryable_type(type)) {
			retry_later(it, retry_after, now);
			return;
		}
		const char *why = json_string_value(json_object_get(args, "description"));
		set_error(it, (why && *why) || type ? errtext(type, why)
						    : _("The server refused the message."));
		it->state = OB_FAILED;
		return;
	}
	json_t *created = json_object_get(json_object_get(args, "created"), "k");
	json_t *refused = json_object_get(json_object_get(args, "notCreated"), "k");
	if (!name || strcmp(name, "Message/set") != 0 || (!created && !refused)) {
		/* TRANSLATORS: the server's answer to a send had an unexpected shape. */
		set_error(it, _("The server's answer to this text could not be understood."));
		it->state = OB_FAILED;
		return;
	}
	if (created) {
		copy_id(it->message_id, json_string_value(json_object_get(created, "id")));
		free(it->error);
		it->error = NULL;
		it->state = OB_DONE;
		return;
	}
	const char *type = json_string_value(json_object_get(refused, "type"));
	if (type && strcmp(type, "conversationChanged") == 0) {
		json_decref(it->new_messages);
		json_t *nm = json_object_get(refused, "newMessages");
		it->new_messages = json_is_array(nm) ? json_incref(nm) : json_array();
		it->state = OB_GUARD;
		return;
	}
	if (retryable_type(type)) {
		retry_later(it, retry_after, now);
		return;
	}
	const char *why = json_string_value(json_object_get(refused, "description"));
	set_error(it, (why && *why) || type ? errtext(type, why)
					    : _("The server refused the message."));
	it->state = OB_FAILED;
}

const struct mms_file *outbox_next_upload(struct outbox *o, int64_t now, unsigned *id,
					  const char **conversation_id)
{
	for (size_t i = 0; i < o->n; i++) {
		struct outbox_item *it = o->items[i];
		if (it->state != OB_QUEUED || it->next_try_ms > now || blocked(o, i))
			continue;
		size_t k = first_unsent(it);
		if (k >= it->n_media)
			continue;
		it->state = OB_INFLIGHT;
		it->upload_inflight = true;
		it->uploading = k;
		if (id)
			*id = it->id;
		if (conversation_id)
			*conversation_id = it->conversation_id;
		return &it->media[k].file;
	}
	return NULL;
}

void outbox_on_upload(struct outbox *o, unsigned id, int status, json_t *body,
		      const char *retry_after, int64_t now)
{
	struct outbox_item *it = outbox_get(o, id);
	if (!it || it->state != OB_INFLIGHT || !it->upload_inflight)
		return;
	it->upload_inflight = false;
	if (try_again(it, status, retry_after, now))
		return;
	const char *aid = json_string_value(json_object_get(body, "id"));
	if ((status == 200 || status == 201) && aid && *aid && strlen(aid) < ID_LEN) {
		copy_id(it->media[it->uploading].id, aid);
		/* The bytes stay (wiped when the item goes): a reply the guard
		 * or a refusal sends back to the compose box takes its files
		 * with it, whole, to be uploaded again. */
		it->attempts = 0;
		it->state = OB_QUEUED;
		it->next_try_ms = now;
		return;
	}
	const char *why = problem_text(body);
	const char *type = json_string_value(json_object_get(body, "type"));
	if (status == 413)
		/* TRANSLATORS: an attachment was refused by the server's size limit. */
		set_error(it, _("an attachment is too large for the server"));
	else if (status == 415)
		/* TRANSLATORS: an attachment was refused by the server's type check. */
		set_error(it, _("the server does not accept the type of an attachment"));
	else
		set_error(it, why || type ? errtext(type, why)
					  : _("The server refused the attachment."));
	it->state = OB_FAILED;
}

int64_t outbox_next_due(const struct outbox *o)
{
	int64_t due = -1;
	for (size_t i = 0; i < o->n; i++) {
		const struct outbox_item *it = o->items[i];
		if (it->state != OB_QUEUED || blocked(o, i))
			continue;
		if (due < 0 || it->next_try_ms < due)
			due = it->next_try_ms;
	}
	return due;
}

size_t outbox_count(const struct outbox *o)
{
	size_t n = 0;
	for (size_t i = 0; i < o->n; i++)
		n += o->items[i]->state != OB_DONE;
	return n;
}

struct outbox_item *outbox_at(struct outbox *o, size_t i)
{
	for (size_t k = 0; k < o->n; k++) {
		if (o->items[k]->state == OB_DONE)
			continue;
		if (i-- == 0)
			return o->items[k];
	}
	return NULL;
}

void outbox_prune(struct outbox *o)
{
	for (size_t i = o->n; i-- > 0;)
		if (o->items[i]->state == OB_DONE)
			remove_at(o, i);
}
