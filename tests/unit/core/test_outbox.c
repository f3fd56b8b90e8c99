/* Unit tests for core/outbox: the request shape, one clientMsgId across
 * retries, backoff and Retry-After, the reply guard (confirm changes the
 * Idempotency-Key and sets ignoreReplyGuard), refusals, ordering per
 * conversation, and pruning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/outbox.h"

/* The create object of a Message/set batch. */
static json_t *create_of(json_t *req)
{
	json_t *call = json_array_get(json_object_get(req, "methodCalls"), 0);
	assert_string_equal(json_string_value(json_array_get(call, 0)), "Message/set");
	assert_string_equal(json_string_value(json_array_get(call, 2)), "send");
	json_t *c = json_object_get(json_object_get(json_array_get(call, 1), "create"), "k");
	assert_non_null(c);
	return c;
}

static json_t *reply_json(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);
	if (!j)
		fail_msg("bad test JSON: %s", e.text);
	return j;
}

static void unit__outbox__request_carries_everything(void **state)
{
	(void)state;
	struct outbox *o = outbox_new();
	unsigned h =
		outbox_add(o, "cx3", "We can see you Thursday.", "m9", "t1", "medication, result");
	assert_true(h > 0);
	unsigned id = 0;
	const char *idem = NULL;
	assert_null(outbox_next(o, -1, &id, &idem)); /* due at 0 */
	json_t *req = outbox_next(o, 0, &id, &idem);
	assert_non_null(req);
	assert_int_equal(id, h);
	json_t *c = create_of(req);
	struct outbox_item *it = outbox_get(o, h);
	assert_int_equal(it->state, OB_INFLIGHT);
	assert_string_equal(json_string_value(json_object_get(c, "conversationId")), "cx3");
	assert_string_equal(json_string_value(json_object_get(c, "body")),
			    "We can see you Thursday.");
	assert_string_equal(json_string_value(json_object_get(c, "clientMsgId")),
			    it->client_msg_id);
	assert_int_equal(strlen(it->client_msg_id), 36);
	assert_string_equal(idem, it->client_msg_id);
	assert_string_equal(json_string_value(json_object_get(c, "lastSeenMessageId")), "m9");
	assert_true(json_is_false(json_object_get(c, "ignoreReplyGuard")));
	assert_string_equal(json_string_value(json_object_get(c, "templateId")), "t1");
	json_t *cats = json_object_get(json_object_get(c, "phiWarning"), "categories");
	assert_int_equal(json_array_size(cats), 2);
	assert_string_equal(json_string_value(json_array_get(cats, 0)), "medication");
	assert_string_equal(json_string_value(json_array_get(cats, 1)), "result");
	json_decref(req);
	/* In flight: not offered again. */
	assert_null(outbox_next(o, 100000, &id, &idem));

	/* Without template or warning those properties are absent. */
	unsigned h2 = outbox_add(o, "cx4", "Hello", NULL, NULL, NULL);
	req = outbox_next(o, 0, &id, &idem);
	assert_int_equal(id, h2);
	c = create_of(req);
	assert_null(json_object_get(c, "templateId"));
	assert_null(json_object_get(c, "phiWarning"));
	assert_null(json_object_get(c, "lastSeenMessageId"));
	json_decref(req);
	outbox_free(&o);
	assert_null(o);
}

static void unit__outbox__retry_keeps_client_msg_id_and_backs_off(void **state)
{
	(void)state;
	struct outbox *o = outbox_new();
	unsigned h = outbox_add(o, "cx3", "Hi", "m9", NULL, NULL);
	char first[37];
	snprintf(first, sizeof first, "%s", outbox_get(o, h)->client_msg_id);
	int64_t now = 1000;
	const int64_t expect[] = { 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000 };
	const int statuses[] = { 0, 500, 503, 0, 502, 0, 0, 0 };
	for (size_t i = 0; i < 8; i++) {
		unsigned id;
		const char *idem;
		json_t *req = outbox_next(o, now, &id, &idem);
		assert_non_null(req);
		assert_string_equal(
			json_string_value(json_object_get(create_of(req), "clientMsgId")), first);
		assert_string_equal(idem, first);
		json_decref(req);
		outbox_on_response(o, id, statuses[i], NULL, NULL, now);
		struct outbox_item *it = outbox_get(o, h);
		assert_int_equal(it->state, OB_QUEUED);
		assert_int_equal(it->attempts, (int)i + 1);
		assert_int_equal(it->next_try_ms, now + expect[i]);
		assert_int_equal(outbox_next_due(o), now + expect[i]);
		assert_null(outbox_next(o, now + expect[i] - 1, &id, &idem));
		now += expect[i];
	}
	outbox_free(&o);
}

static void unit__outbox__retry_after_and_401(void **state)
{
	(void)state;
	struct outbox *o = outbox_new();
	unsigned h = outbox_add(o, "cx3", "Hi", NULL, NULL, NULL);
	unsigned id;
	const char *idem;
	json_t *req = outbox_next(o, 0, &id, &idem);
	json_decref(req);
	outbox_on_response(o, id, 429, NULL, "7", 500);
	assert_int_equal(outbox_get(o, h)->next_try_ms, 7500);
	assert_int_equal(outbox_get(o, h)->attempts, 1);
	req = outbox_next(o, 7500, &id, &idem);
	assert_non_null(req);
	json_decref(req);
	/* An HTTP-date (not supported) falls back to the backoff. */
	outbox_on_response(o, id, 503, NULL, "Wed, 21 Oct 2026 07:28:00 GMT", 8000);
	assert_int_equal(outbox_get(o, h)->next_try_ms, 8000 + 2000);
	req = outbox_next(o, 10000, &id, &idem);
	json_decref(req);
	/* 401: queued again at once, not counted. */
	outbox_on_response(o, id, 401, NULL, NULL, 10000);
	assert_int_equal(outbox_get(o, h)->state, OB_QUEUED);
	assert_int_equal(outbox_get(o, h)->attempts, 2);
	assert_int_equal(outbox_get(o, h)->next_try_ms, 10000);
	/* An answer for an item not in flight is ignored. */
	outbox_on_response(o, id, 0, NULL, NULL, 10000);
	assert_int_equal(outbox_get(o, h)->attempts, 2);
	outbox_free(&o);
}

static void unit__outbox__created_is_done(void **state)
{
	(void)state;
	struct outbox *o = outbox_new();
	unsigned h = outbox_add(o, "cx3", "Hi", NULL, NULL, NULL);
	unsigned id;
	const char *idem;
	json_decref(outbox_next(o, 0, &id, &idem));
	json_t *body = reply_json(
		"{\"methodResponses\":[[\"Message/set\",{\"oldState\":\"a\",\"newState\":\"b\","
		"\"created\":{\"k\":{\"id\":\"mA1\",\"version\":5520,\"delivery\":\"pending\"}},"
		"\"notCreated\":{}},\"send\"]]}");
	outbox_on_response(o, id, 200, body, NULL, 10);
	json_decref(body);
	struct outbox_item *it = outbox_get(o, h);
	assert_int_equal(it->state, OB_DONE);
	assert_string_equal(it->message_id, "mA1");
	assert_int_equal(outbox_count(o), 0);
	assert_null(outbox_at(o, 0));
	assert_int_equal(outbox_next_due(o), -1);
	outbox_prune(o);
	assert_null(outbox_get(o, h));
	outbox_free(&o);
}

static void unit__outbox__guard_then_confirm_changes_key(void **state)
{
	(void)state;
	struct outbox *o = outbox_new();
	unsigned h = outbox_add(o, "cx3", "See you at 10", "m9", NULL, NULL);
	unsigned id;
	const char *idem;
	json_decref(outbox_next(o, 0, &id, &idem));
	json_t *body = reply_json(
		"{\"methodResponses\":[[\"Message/set\",{\"created\":{},\"notCreated\":{\"k\":{"
		"\"type\":\"conversationChanged\",\"description\":\"1 new message(s)\","
		"\"newMessages\":[{\"id\":\"m10\",\"conversationId\":\"cx3\",\"direction\":\"in\","
		"\"body\":\"Actually can we do 11?\"}]}}},\"send\"]]}");
	outbox_on_response(o, id, 200, body, NULL, 10);
	json_decref(body);
	struct outbox_item *it = outbox_get(o, h);
	assert_int_equal(it->state, OB_GUARD);
	assert_int_equal(json_array_size(it->new_messages), 1);
	/* Waiting for the user: nothing to send. */
	assert_null(outbox_next(o, 1000000, &id, &idem));
	assert_int_equal(outbox_next_due(o), -1);
	assert_int_equal(outbox_count(o), 1);
	assert_ptr_equal(outbox_at(o, 0), it);

	char cmid[37];
	snprintf(cmid, sizeof cmid, "%s", it->client_msg_id);
	outbox_confirm(o, h);
	assert_int_equal(it->state, OB_QUEUED);
	assert_null(it->new_messages);
	json_t *req = outbox_next(o, 20, &id, &idem);
	assert_non_null(req);
	json_t *c = create_of(req);
	assert_true(json_is_true(json_object_get(c, "ignoreReplyGuard")));
	assert_string_equal(json_string_value(json_object_get(c, "clientMsgId")), cmid);
	char want[64];
	snprintf(want, sizeof want, "%s.confirmed", cmid);
	assert_string_equal(idem, want);
	json_decref(req);
	/* A retry of the confirmed send keeps the confirmed key. */
	outbox_on_response(o, id, 0, NULL, NULL, 20);
	req = outbox_next(o, 5000, &id, &idem);
	assert_string_equal(idem, want);
	assert_string_equal(json_string_value(json_object_get(create_of(req), "clientMsgId")),
			    cmid);
	json_decref(req);
	outbox_free(&o);
}

static void check_failure(const char *type, const char *description)
{
	struct outbox *o = outbox_new();
	unsigned h = outbox_add(o, "cx3", "Hi", NULL, NULL, NULL);
	unsigned id;
	const char *idem;
	json_decref(outbox_next(o, 0, &id, &idem));
	json_t *body = json_pack("{s:[[s,{s:{},s:{s:{s:s,s:s}}},s]]}", "methodResponses",
				 "Message/set", "created", "notCreated", "k", "type", type,
				 "description", description, "send");
	outbox_on_response(o, id, 200, body, NULL, 10);
	json_decref(body);
	struct outbox_item *it = outbox_get(o, h);
	assert_int_equal(it->state, OB_FAILED);
	assert_string_equal(it->error, description); /* shown as the server said */
	assert_null(outbox_next(o, 1000000, &id, &idem));
	outbox_discard(o, h);
	assert_null(outbox_get(o, h));
	outbox_free(&o);
}

static void unit__outbox__refusals_fail_with_reason(void **state)
{
	(void)state;
	check_failure("optedOut", "The patient replied STOP and opted out.");
	check_failure("tooLarge", "the text needs 12 SMS segments; the limit is 10");
	check_failure("alreadyExists", "clientMsgId was already used");
	check_failure("invalidProperties", "the body must be non-empty UTF-8 text");
	check_failure("notFound", "no conversation cx3");
	check_failure("forbidden", "not allowed");
}

static void unit__outbox__server_fail_retries_problem_fails(void **state)
{
	(void)state;
	struct outbox *o = outbox_new();
	unsigned h = outbox_add(o, "cx3", "Hi", NULL, NULL, NULL);
	unsigned id;
	const char *idem;
	json_decref(outbox_next(o, 0, &id, &idem));
	json_t *body = reply_json("{\"methodResponses\":[[\"Message/set\",{\"created\":{},"
				  "\"notCreated\":{\"k\":{\"type\":\"serverFail\","
				  "\"description\":\"the database is busy\"}}},\"send\"]]}");
	outbox_on_response(o, id, 200, body, NULL, 0);
	json_decref(body);
	assert_int_equal(outbox_get(o, h)->state, OB_QUEUED);
	assert_int_equal(outbox_get(o, h)->next_try_ms, 1000);

	json_decref(outbox_next(o, 1000, &id, &idem));
	body = reply_json("{\"type\":\"urn:curtain:error:limit\",\"status\":413,"
			  "\"title\":\"Too large\",\"detail\":\"the request is too large\"}");
	outbox_on_response(o, id, 413, body, NULL, 1000);
	json_decref(body);
	assert_int_equal(outbox_get(o, h)->state, OB_FAILED);
	assert_string_equal(outbox_get(o, h)->error, "the request is too large");
	/* Discarding works only for guarded or failed items. */
	unsigned h2 = outbox_add(o, "cx5", "Hi", NULL, NULL, NULL);
	outbox_discard(o, h2);
	assert_non_null(outbox_get(o, h2));
	outbox_free(&o);
}

static void unit__outbox__same_conversation_keeps_order(void **state)
{
	(void)state;
	struct outbox *o = outbox_new();
	unsigned a = outbox_add(o, "cx3", "first", NULL, NULL, NULL);
	unsigned b = outbox_add(o, "cx3", "second", NULL, NULL, NULL);
	unsigned c = outbox_add(o, "cx4", "other patient", NULL, NULL, NULL);
	unsigned id;
	const char *idem;
	json_decref(outbox_next(o, 0, &id, &idem));
	assert_int_equal(id, a);
	/* b waits for a; c goes. */
	json_decref(outbox_next(o, 0, &id, &idem));
	assert_int_equal(id, c);
	assert_null(outbox_next(o, 0, &id, &idem));
	outbox_on_response(o, a, 0, NULL, NULL, 0); /* a backs off: b still waits */
	assert_null(outbox_next(o, 999, &id, &idem));
	assert_int_equal(outbox_next_due(o), 1000);
	json_decref(outbox_next(o, 1000, &id, &idem));
	assert_int_equal(id, a);
	json_t *ok = reply_json("{\"methodResponses\":[[\"Message/set\",{\"created\":{\"k\":"
				"{\"id\":\"mA\"}},\"notCreated\":{}},\"send\"]]}");
	outbox_on_response(o, a, 200, ok, NULL, 1000);
	json_decref(outbox_next(o, 1000, &id, &idem));
	assert_int_equal(id, b);
	outbox_on_response(o, b, 200, ok, NULL, 1000);
	json_decref(ok);
	assert_int_equal(outbox_count(o), 1); /* c still in flight */
	assert_int_equal(outbox_at(o, 0)->id, c);
	outbox_prune(o);
	assert_null(outbox_get(o, a));
	assert_non_null(outbox_get(o, c));
	outbox_free(&o);
}

static void unit__outbox__ids_are_unique(void **state)
{
	(void)state;
	struct outbox *o = outbox_new();
	unsigned a = outbox_add(o, "cx3", "one", NULL, NULL, NULL);
	unsigned b = outbox_add(o, "cx3", "one", NULL, NULL, NULL);
	assert_true(a != b);
	assert_string_not_equal(outbox_get(o, a)->client_msg_id, outbox_get(o, b)->client_msg_id);
	outbox_free(&o);
}

/* ---- attachments ---------------------------------------------------------------- */

static struct mms_file file_of(const char *type, const char *bytes)
{
	struct mms_file f = { 0 };
	f.len = strlen(bytes);
	f.data = (unsigned char *)strdup(bytes);
	snprintf(f.type, sizeof f.type, "%s", type);
	f.name = strdup("card.png");
	return f;
}

static void unit__outbox__attachments_upload_once_then_send_names_them(void **state)
{
	(void)state;
	struct outbox *o = outbox_new();
	struct mms_file files[2] = { file_of("image/png", "\x89PNG one"),
				     file_of("image/jpeg", "\xff\xd8\xff two") };
	unsigned h = outbox_add_media(o, "cx3", "", "m9", NULL, NULL, files, 2);
	assert_null(files[0].data); /* taken over */
	assert_null(files[1].name);
	unsigned id = 0;
	const char *conv = NULL, *idem = NULL;
	/* No send before the files are up. */
	assert_null(outbox_next(o, 0, &id, &idem));
	const struct mms_file *f = outbox_next_upload(o, 0, &id, &conv);
	assert_non_null(f);
	assert_int_equal(id, h);
	assert_string_equal(conv, "cx3");
	assert_string_equal(f->type, "image/png");
	assert_null(outbox_next_upload(o, 0, &id, &conv)); /* one at a time */
	/* A lost answer: the same file again later (an orphan upload is
	 * harmless; a message is what must not be sent twice). */
	outbox_on_upload(o, h, 0, NULL, NULL, 0);
	assert_null(outbox_next_upload(o, 500, &id, &conv));
	f = outbox_next_upload(o, 1000, &id, &conv);
	assert_string_equal(f->type, "image/png");
	json_t *ok = reply_json("{\"id\":\"aUp1\",\"contentType\":\"image/png\",\"size\":8}");
	outbox_on_upload(o, h, 201, ok, NULL, 1000);
	json_decref(ok);
	struct outbox_item *it = outbox_get(o, h);
	assert_non_null(it->media[0].file.data); /* kept until the item goes */
	f = outbox_next_upload(o, 1000, &id, &conv);
	assert_string_equal(f->type, "image/jpeg");
	ok = reply_json("{\"id\":\"aUp2\"}");
	outbox_on_upload(o, h, 201, ok, NULL, 1000);
	json_decref(ok);
	assert_null(outbox_next_upload(o, 1000, &id, &conv));
	/* Now the send, with both ids, an empty body allowed. */
	json_t *req = outbox_next(o, 1000, &id, &idem);
	assert_non_null(req);
	json_t *c = create_of(req);
	assert_string_equal(json_string_value(json_object_get(c, "body")), "");
	json_t *ids = json_object_get(c, "attachmentIds");
	assert_int_equal(json_array_size(ids), 2);
	assert_string_equal(json_string_value(json_array_get(ids, 0)), "aUp1");
	assert_string_equal(json_string_value(json_array_get(ids, 1)), "aUp2");
	char cmid[40];
	snprintf(cmid, sizeof cmid, "%s", json_string_value(json_object_get(c, "clientMsgId")));
	json_decref(req);
	/* The send's answer is lost: the retry has the same clientMsgId and ids,
	 * and nothing is uploaded again. */
	outbox_on_response(o, h, 503, NULL, NULL, 1000);
	assert_null(outbox_next_upload(o, 100000, &id, &conv));
	req = outbox_next(o, 100000, &id, &idem);
	c = create_of(req);
	assert_string_equal(json_string_value(json_object_get(c, "clientMsgId")), cmid);
	assert_string_equal(idem, cmid);
	ids = json_object_get(c, "attachmentIds");
	assert_int_equal(json_array_size(ids), 2);
	assert_string_equal(json_string_value(json_array_get(ids, 1)), "aUp2");
	json_decref(req);
	/* New messages arrived meanwhile: the user keeps editing, and the
	 * files come back whole (bytes and all), to be sent again. */
	json_t *guard = reply_json(
		"{\"methodResponses\":[[\"Message/set\",{\"created\":{},\"notCreated\":{\"k\":{"
		"\"type\":\"conversationChanged\",\"description\":\"1 new message(s)\","
		"\"newMessages\":[]}}},\"send\"]]}");
	outbox_on_response(o, id, 200, guard, NULL, 100000);
	json_decref(guard);
	assert_int_equal(outbox_get(o, h)->state, OB_GUARD);
	size_t nb = 0;
	struct mms_file *back = outbox_take_files(o, h, &nb);
	assert_int_equal(nb, 2);
	for (size_t i = 0; i < nb; i++) {
		assert_non_null(back[i].data);
		assert_true(back[i].len > 0);
		mms_file_clear(&back[i]);
	}
	free(back);
	outbox_free(&o);
}

static void unit__outbox__attachment_refused_fails_and_files_come_back(void **state)
{
	(void)state;
	struct outbox *o = outbox_new();
	struct mms_file files[1] = { file_of("image/png", "\x89PNG big") };
	unsigned h = outbox_add_media(o, "cx3", "Your card", NULL, NULL, NULL, files, 1);
	unsigned id;
	const char *conv;
	assert_non_null(outbox_next_upload(o, 0, &id, &conv));
	json_t *p = reply_json("{\"type\":\"urn:curtain:error:limit\",\"title\":\"Too large\"}");
	outbox_on_upload(o, h, 413, p, NULL, 0);
	json_decref(p);
	struct outbox_item *it = outbox_get(o, h);
	assert_int_equal(it->state, OB_FAILED);
	assert_string_equal(it->error, "an attachment is too large for the server");
	/* The user takes the files back (into the compose box). */
	size_t n = 0;
	struct mms_file *back = outbox_take_files(o, h, &n);
	assert_int_equal(n, 1);
	assert_memory_equal(back[0].data, "\x89PNG big", 8);
	assert_int_equal(it->n_media, 0);
	mms_file_clear(&back[0]);
	free(back);
	/* 415: the type. */
	files[0] = file_of("image/gif", "GIF89a");
	h = outbox_add_media(o, "cx4", "", NULL, NULL, NULL, files, 1);
	assert_non_null(outbox_next_upload(o, 0, &id, &conv));
	outbox_on_upload(o, h, 415, NULL, NULL, 0);
	assert_string_equal(outbox_get(o, h)->error,
			    "the server does not accept the type of an attachment");
	/* Not taken from an item still on its way. */
	files[0] = file_of("image/gif", "GIF89a");
	h = outbox_add_media(o, "cx5", "", NULL, NULL, NULL, files, 1);
	assert_null(outbox_take_files(o, h, &n));
	assert_int_equal(n, 0);
	outbox_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit__outbox__request_carries_everything),
		cmocka_unit_test(unit__outbox__retry_keeps_client_msg_id_and_backs_off),
		cmocka_unit_test(unit__outbox__retry_after_and_401),
		cmocka_unit_test(unit__outbox__created_is_done),
		cmocka_unit_test(unit__outbox__guard_then_confirm_changes_key),
		cmocka_unit_test(unit__outbox__refusals_fail_with_reason),
		cmocka_unit_test(unit__outbox__server_fail_retries_problem_fails),
		cmocka_unit_test(unit__outbox__same_conversation_keeps_order),
		cmocka_unit_test(unit__outbox__ids_are_unique),
		cmocka_unit_test(unit__outbox__attachments_upload_once_then_send_names_them),
		cmocka_unit_test(unit__outbox__attachment_refused_fails_and_files_come_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
