/* Unit tests for the carrier outbox (server/store_outbox.c) and the
 * forward-only delivery state the Twilio gateway applies (twilio.c):
 * sealing at rest, claims and leases, attempts and retries, SIDs that can
 * be recorded once, and statuses that never move a message back. Each test
 * works in a fresh mkdtemp directory and removes it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/util.h"
#include "server/crypto.h"
#include "server/store.h"
#include "unit/server/tmpstore.h"
#include "server/twilio_int.h"

#define PHONE "+15558675309"
#define BODY "Your lab results are ready, unit-outbox-marker"

struct fx {
	struct tmpstore t;
	char dept[ID_LEN];
	char conv[ID_LEN];
	char msg[ID_LEN];
};

static const struct actor nobody = { NULL, NULL, NULL };

/* One department, one conversation, one outbound message with its outbox item. */
static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	tmpstore_open(&f->t, "outbox");
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	struct department d = { 0 };
	d.name = strdup("Front Desk");
	d.sms_number = strdup("+15550000001");
	assert_int_equal(store_department_create(f->t.st, &nobody, &d), STORE_OK);
	memcpy(f->dept, d.id, ID_LEN);
	department_clear(&d);
	struct conversation c = { 0 };
	memcpy(c.department_id, f->dept, ID_LEN);
	c.patient_phone = strdup(PHONE);
	c.patient_name = strdup("Pat");
	c.language = strdup("en");
	c.created_at = now_ms();
	assert_int_equal(store_conversation_create(f->t.st, &nobody, &c), STORE_OK);
	memcpy(f->conv, c.id, ID_LEN);
	conversation_clear(&c);
	struct message m = { 0 };
	memcpy(m.conversation_id, f->conv, ID_LEN);
	m.direction = MSG_OUT;
	m.body = strdup(BODY);
	m.delivery = DELIV_PENDING;
	assert_int_equal(store_message_create(f->t.st, &nobody, &m), STORE_OK);
	memcpy(f->msg, m.id, ID_LEN);
	message_clear(&m);
	assert_int_equal(store_outbox_add(f->t.st, f->msg, f->dept, MSG_OUT, "+15550000001", PHONE, BODY),
			 STORE_OK);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	tmpstore_close(&f->t);
	free(f);
	return 0;
}

static bool file_has(const char *path, const char *needle)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return false;
	static char buf[1 << 22];
	size_t n = fread(buf, 1, sizeof buf, fp);
	fclose(fp);
	return memmem(buf, n, needle, strlen(needle)) != NULL;
}

static void unit__outbox__add__round_trip_and_sealed_at_rest(void **state)
{
	struct fx *f = *state;
	struct outbox_item x = { 0 };
	assert_int_equal(store_outbox_get(f->t.st, f->msg, &x), STORE_OK);
	assert_string_equal(x.to, PHONE);
	assert_string_equal(x.body, BODY);
	assert_string_equal(x.sender, "+15550000001");
	assert_string_equal(x.department_id, f->dept);
	assert_int_equal(x.state, OUTBOX_QUEUED);
	assert_int_equal(x.attempts, 0);
	assert_null(x.carrier_sid);
	outbox_item_clear(&x);
	char wal[160];
	snprintf(wal, sizeof wal, "%s-wal", f->t.db);
	assert_false(file_has(f->t.db, "unit-outbox-marker"));
	assert_false(file_has(wal, "unit-outbox-marker"));
	assert_false(file_has(wal, "8675309"));
}

static void unit__outbox__claim__leases_then_frees(void **state)
{
	struct fx *f = *state;
	struct outbox_item x = { 0 };
	int64_t now = now_ms(), next = -1;
	assert_int_equal(store_outbox_claim(f->t.st, now, 5000, &x, &next), STORE_OK);
	assert_string_equal(x.message_id, f->msg);
	assert_int_equal(x.lease_until, now + 5000);
	outbox_item_clear(&x);
	/* Leased: nobody else gets it, and the next chance is the lease's end. */
	assert_int_equal(store_outbox_claim(f->t.st, now + 100, 5000, &x, &next), STORE_NOT_FOUND);
	assert_int_equal(next, now + 5000);
	assert_int_equal(store_outbox_claim(f->t.st, now + 5000, 5000, &x, &next), STORE_OK);
	outbox_item_clear(&x);
}

static void unit__outbox__attempt_and_retry__keep_first_attempt(void **state)
{
	struct fx *f = *state;
	struct outbox_item x = { 0 };
	int64_t now = now_ms();
	assert_int_equal(store_outbox_attempt(f->t.st, f->msg, now, now + 7000), STORE_OK);
	assert_int_equal(store_outbox_get(f->t.st, f->msg, &x), STORE_OK);
	assert_int_equal(x.state, OUTBOX_SUBMITTING);
	assert_int_equal(x.attempts, 1);
	assert_int_equal(x.first_attempt_at, now);
	outbox_item_clear(&x);
	/* "Maybe sent": back to SUBMITTING later, lease released. */
	assert_int_equal(store_outbox_retry(f->t.st, f->msg, OUTBOX_SUBMITTING, 1, now + 60000, NULL),
			 STORE_OK);
	int64_t next = 0;
	assert_int_equal(store_outbox_claim(f->t.st, now + 1000, 5000, &x, &next), STORE_NOT_FOUND);
	assert_int_equal(next, now + 60000);
	assert_int_equal(store_outbox_claim(f->t.st, now + 60000, 5000, &x, &next), STORE_OK);
	assert_int_equal(x.state, OUTBOX_SUBMITTING);
	outbox_item_clear(&x);
	assert_int_equal(store_outbox_attempt(f->t.st, f->msg, now + 61000, now + 68000), STORE_OK);
	assert_int_equal(store_outbox_get(f->t.st, f->msg, &x), STORE_OK);
	assert_int_equal(x.attempts, 2);
	assert_int_equal(x.first_attempt_at, now); /* the reconcile window starts at the first */
	outbox_item_clear(&x);
}

static void unit__outbox__sid__recorded_once(void **state)
{
	struct fx *f = *state;
	assert_false(store_carrier_sid_known(f->t.st, "SM1"));
	assert_int_equal(store_outbox_submitted(f->t.st, f->msg, "SM1"), STORE_OK);
	assert_int_equal(store_outbox_submitted(f->t.st, f->msg, "SM1"), STORE_OK);
	assert_int_equal(store_outbox_submitted(f->t.st, f->msg, "SM2"), STORE_NOT_FOUND);
	assert_true(store_carrier_sid_known(f->t.st, "SM1"));
	assert_false(store_carrier_sid_known(f->t.st, "SM2"));
	struct outbox_item x = { 0 };
	assert_int_equal(store_outbox_by_sid(f->t.st, "SM1", &x), STORE_OK);
	assert_string_equal(x.message_id, f->msg);
	assert_int_equal(x.state, OUTBOX_SUBMITTED);
	outbox_item_clear(&x);
	/* Submitted items are never claimed again, nor retried. */
	int64_t next = 0;
	assert_int_equal(store_outbox_claim(f->t.st, now_ms() + 3600000, 5000, &x, &next),
			 STORE_NOT_FOUND);
	assert_int_equal(next, 0);
	assert_int_equal(store_outbox_retry(f->t.st, f->msg, OUTBOX_QUEUED, 1, 0, NULL), STORE_NOT_FOUND);
	assert_int_equal(store_outbox_attempt(f->t.st, f->msg, 0, 0), STORE_NOT_FOUND);
}

static void delivery_is(struct fx *f, enum delivery_state want, const char *err)
{
	struct message m = { 0 };
	assert_int_equal(store_message_get(f->t.st, f->msg, &m), STORE_OK);
	assert_int_equal(m.delivery, want);
	if (err)
		assert_string_equal(m.delivery_error, err);
	else
		assert_null(m.delivery_error);
	message_clear(&m);
}

static void apply(struct fx *f, const char *status, const char *code, bool want_change)
{
	struct outbox_item x = { 0 };
	bool changed = !want_change;
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	assert_int_equal(store_outbox_get(f->t.st, f->msg, &x), STORE_OK);
	assert_int_equal(twilio_status_apply(f->t.st, &x, status, code, NULL, &changed), STORE_OK);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	assert_int_equal(changed, want_change);
	outbox_item_clear(&x);
}

static void unit__twilio__status__only_forward(void **state)
{
	struct fx *f = *state;
	bool changed = false;
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	assert_int_equal(twilio_adopt_sid(f->t.st, f->msg, "SM9", "queued", NULL, NULL, &changed), STORE_OK);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	assert_true(changed);
	delivery_is(f, DELIV_SENT, NULL);
	struct message m = { 0 };
	assert_int_equal(store_message_get(f->t.st, f->msg, &m), STORE_OK);
	assert_string_equal(m.carrier_sid, "SM9");
	message_clear(&m);
	apply(f, "sent", NULL, false); /* same delivery state for clients */
	apply(f, "queued", NULL, false);
	delivery_is(f, DELIV_SENT, NULL);
	apply(f, "delivered", NULL, true);
	delivery_is(f, DELIV_DELIVERED, NULL);
	apply(f, "sent", NULL, false);
	apply(f, "undelivered", "30003", false);
	apply(f, "bogus", NULL, false);
	delivery_is(f, DELIV_DELIVERED, NULL);
	assert_true(twilio_status_rank("read") > twilio_status_rank("delivered"));
	assert_int_equal(twilio_status_rank(NULL), 0);
}

static void unit__twilio__status__21610_opts_out(void **state)
{
	struct fx *f = *state;
	bool changed = false;
	assert_int_equal(store_tx_begin(f->t.st), STORE_OK);
	assert_int_equal(twilio_adopt_sid(f->t.st, f->msg, "SM7", NULL, NULL, NULL, &changed), STORE_OK);
	assert_int_equal(store_tx_commit(f->t.st), STORE_OK);
	apply(f, "failed", "21610", true);
	delivery_is(f, DELIV_FAILED, "21610");
	enum consent_state cs = CONSENT_UNKNOWN;
	int64_t at = 0;
	assert_int_equal(store_consent_get(f->t.st, PHONE, f->dept, &cs, &at), STORE_OK);
	assert_int_equal(cs, CONSENT_OPTED_OUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(unit__outbox__add__round_trip_and_sealed_at_rest, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(unit__outbox__claim__leases_then_frees, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(unit__outbox__attempt_and_retry__keep_first_attempt,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(unit__outbox__sid__recorded_once, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(unit__twilio__status__only_forward, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(unit__twilio__status__21610_opts_out, fx_setup,
						fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
