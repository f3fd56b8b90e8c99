/* Unit tests for src/phi, the "too detailed for SMS" detector: each
 * identifier scanner (and the numbers it must leave alone), doses and lab
 * values, the lexicon rules (case-sensitive acronyms, weak words and their
 * cues, guards, places, negation), UTF-8 byte offsets, and adversarial
 * input (long digit runs, one letter repeated, invalid UTF-8, more
 * findings than fit). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/i18n.h"
#include "phi/phi.h"

static phi_result R;

static const phi_result *scan(const char *s)
{
	phi_scan(s, strlen(s), &R);
	return &R;
}

/* The finding whose text is exactly `text`, or NULL. */
static const phi_finding *find(const char *s, const char *text)
{
	size_t n = strlen(text);
	for (size_t i = 0; i < R.n; i++)
		if (R.f[i].end - R.f[i].start == n && memcmp(s + R.f[i].start, text, n) == 0)
			return &R.f[i];
	return NULL;
}

static void dump(const char *s)
{
	for (size_t i = 0; i < R.n; i++)
		fprintf(stderr, "  finding %s/%s \"%.*s\"\n", phi_category_name(R.f[i].category),
			phi_reason_key(R.f[i].reason), (int)(R.f[i].end - R.f[i].start),
			s + R.f[i].start);
}

/* s must nag, with a finding of exactly `text` for `reason`. */
static void expect(const char *s, const char *text, phi_reason reason)
{
	scan(s);
	const phi_finding *f = find(s, text);
	if (!f || f->reason != reason) {
		fprintf(stderr, "expected \"%s\" as %s in: %s\n", text, phi_reason_key(reason), s);
		dump(s);
	}
	assert_non_null(f);
	assert_int_equal(f->reason, reason);
	assert_int_equal(f->category, phi_reason_category(reason));
	assert_true(R.nag);
	assert_true(R.categories & (1u << f->category));
}

static void quiet(const char *s)
{
	scan(s);
	if (R.nag) {
		fprintf(stderr, "expected no nag: %s\n", s);
		dump(s);
	}
	assert_false(R.nag);
	assert_int_equal(R.n, 0);
	assert_int_equal(R.categories, 0);
}

/* ---- identifiers ------------------------------------------------------------------------------------ */

static void unit__phi__ssn(void **state)
{
	(void)state;
	expect("Your SSN 478-31-6604 is now on file.", "478-31-6604", PHI_R_SSN);
	/* The 3-2-4 shape needs no keyword; no separators need one. */
	expect("is your Social still 498-02-3317?", "498-02-3317", PHI_R_SSN);
	expect("ssn: 478316604", "478316604", PHI_R_SSN);
	expect("número de seguro social 466 18 2059", "466 18 2059", PHI_R_SSN);
	quiet("Your confirmation number is 478316604.");
	/* Numbers that cannot be SSNs: area 000, 666, 9xx; group 00; serial 0000. */
	quiet("SSN 000-12-3456 test");
	quiet("SSN 666-12-3456 test");
	quiet("SSN 912-12-3456 test");
	quiet("SSN 123-00-3456 test");
	quiet("SSN 123-45-0000 test");
	/* Mixed separators and phone numbers are not SSNs. */
	quiet("Call 555-733-9000 or 555 733 9000.");
	quiet("Ref 478-31 6604 was filed.");
}

static void unit__phi__card(void **state)
{
	(void)state;
	expect("Card 4111 1111 1111 1111 was charged.", "4111 1111 1111 1111", PHI_R_CARD);
	expect("MasterCard 5555-4444-3333-1111 saved", "5555-4444-3333-1111", PHI_R_CARD);
	/* Luhn fails and no keyword: a long reference number, not a card. */
	quiet("Reference 4111 1111 1111 1112 for your records.");
	quiet("Your card ending 3318 was declined, please update it.");
	/* 1,600 digits are not a card, an SSN or anything else. */
	char digits[1601];
	for (int i = 0; i < 1600; i++)
		digits[i] = (char)('0' + i % 10);
	digits[1600] = '\0';
	quiet(digits);
}

static void unit__phi__mbi(void **state)
{
	(void)state;
	/* CMS's published example MBI, with and without dashes. */
	expect("Medicare number 1EG4-TE5-MK73 added.", "1EG4-TE5-MK73", PHI_R_MBI);
	expect("New card: 1EG4TE5MK73.", "1EG4TE5MK73", PHI_R_MBI);
	/* Lower case only next to "Medicare". */
	quiet("code 1eg4te5mk73 sent");
	/* S, L, O, I, B and Z never appear in an MBI. */
	quiet("Tracking 1SG4-TE5-MK73 shipped");
}

static void unit__phi__dob(void **state)
{
	(void)state;
	expect("DOB 05/21/1962 confirmed.", "05/21/1962", PHI_R_DOB);
	expect("date of birth 11/30/2016 please", "11/30/2016", PHI_R_DOB);
	expect("She was born March 3, 1961.", "March 3, 1961", PHI_R_DOB);
	expect("Su fecha de nacimiento registrada es 22/03/1968.", "22/03/1968", PHI_R_DOB);
	expect("nació el 3 de marzo de 1961", "3 de marzo de 1961", PHI_R_DOB);
	/* A year long past is a birth date even without a keyword. */
	expect("Patient Donna DOB 8/8/1955 ok", "8/8/1955", PHI_R_DOB);
	expect("Is 04/04/1970 still right?", "04/04/1970", PHI_R_DOB);
	/* Appointment dates are not. */
	quiet("Your appt is 11/03/2025 10:40AM w/ Dr Benson.");
	quiet("Moved to 3/14 at 2pm. Reply Y to confirm.");
	quiet("Our staff will verify your birthday over the phone.");
}

static void unit__phi__record_and_member_ids(void **state)
{
	(void)state;
	expect("MRN: 55190324. Use this number on the lab slip.", "55190324", PHI_R_MRN);
	expect("medical record # 0073349-2 for your records", "0073349-2", PHI_R_MRN);
	expect("su MRN es 4412098.", "4412098", PHI_R_MRN);
	expect("Your member ID is ZQP7731904 and group # is 44028.", "ZQP7731904", PHI_R_MEMBER_ID);
	expect("Your member ID is ZQP7731904 and group # is 44028.", "44028", PHI_R_MEMBER_ID);
	expect("BCBS member ID HZR 8870 3312 01, group 207719", "HZR 8870 3312 01", PHI_R_MEMBER_ID);
	expect("Medicaid # 50022871449 on file", "50022871449", PHI_R_MEMBER_ID);
	expect("DL 88234471 (TX) does not match", "88234471", PHI_R_ID_NUMBER);
	/* A naive MRN pattern would take "Mr Johnson"; keywords with no
	 * number, small numbers, phones and amounts are not IDs. */
	quiet("Mr Johnson, your medical records request is ready for pickup.");
	quiet("We resubmitted your claim with the corrected group number.");
	quiet("Your weekly walking group meets at 5.");
	quiet("Call member services at 555-733-9010.");
	quiet("Your insurance payment posted. You owe $14.80.");
}

static void unit__phi__address(void **state)
{
	(void)state;
	expect("We show your address as 2719 Lakeshore Dr, Unit 7, Madison WI 53705. Right?",
	       "2719 Lakeshore Dr, Unit 7, Madison WI 53705", PHI_R_ADDRESS);
	expect("We'll mail it to 15 Orchard Ln, Springfield MO 65804.",
	       "15 Orchard Ln, Springfield MO 65804", PHI_R_ADDRESS);
	/* The practice's own address is logistics. */
	quiet("We've moved to our new building at 44 Church St, 3rd floor.");
	quiet("Hi Carlos, we're at the NEW address starting today: 1800 W Palm Dr, Suite 3B.");
	quiet("Please mail payments to PO Box 4410, Springfield MO 65801.");
	quiet("The bridge on 9th Ave is closed; give yourself extra time.");
}

/* ---- values -------------------------------------------------------------------------------------------- */

static void unit__phi__doses_and_values(void **state)
{
	(void)state;
	expect("Take 20 mg daily from tomorrow.", "20 mg", PHI_R_DOSE);
	expect("Start 0.5mg this week.", "0.5mg", PHI_R_DOSE);
	expect("Give 7.5 mL twice a day for 10 days.", "7.5 mL", PHI_R_DOSE);
	expect("Fasting glucose was 126 mg/dL this morning.", "126 mg/dL", PHI_R_LAB_VALUE);
	expect("Your BP today was 168/102, please recheck.", "168/102", PHI_R_LAB_VALUE);
	/* Numbers with no clinical unit or context are not values. */
	quiet("Save 20% on sunscreen at the front desk.");
	quiet("Bring 2 forms and arrive 15 minutes early.");
	quiet("We have 3 units available in the new building.");
	quiet("Your balance is $67.30, payable online.");
}

/* ---- the lexicon and its rules ------------------------------------------------------------------------- */

static void unit__phi__lexicon_terms(void **state)
{
	(void)state;
	assert_true(phi_lexicon_terms() > 1000);
	expect("Your metformin refill was sent to CVS.", "metformin", PHI_R_MEDICATION);
	/* The longest term wins: "HIV test", not "HIV" and "test". */
	expect("Your HIV test came back negative.", "HIV test", PHI_R_HIV_STI);
	expect("Your HIV test came back negative.", "negative", PHI_R_RESULT);
	/* Folding: case, accents and curly quotes. */
	expect("Su receta de METFORMINA está lista.", "METFORMINA", PHI_R_MEDICATION);
	expect("su prueba de sífilis", "sífilis", PHI_R_HIV_STI);
	expect("su prueba de sifilis", "sifilis", PHI_R_HIV_STI);
	/* Word boundaries: no match inside a longer word. */
	quiet("Thanks for the HIVE of activity at the fundraiser!");
}

static void unit__phi__case_sensitive_acronyms(void **state)
{
	(void)state;
	expect("Your AIDS clinic visit is Monday.", "AIDS", PHI_R_HIV_STI);
	quiet("Please bring your hearing aids to the visit.");
	expect("Please book your 3-month PrEP lab visit.", "PrEP", PHI_R_HIV_STI);
	quiet("Meal prep tips are on our blog.");
}

static void unit__phi__negation_never_clears(void **state)
{
	(void)state;
	const char *s = "Good news: no signs of cancer on the scan.";
	expect(s, "cancer", PHI_R_ONCOLOGY);
	assert_true(find(s, "cancer")->flags & PHI_F_NEGATED);
	/* "Negative" discloses the test, and is a result itself. */
	s = "Your HIV test was negative.";
	expect(s, "HIV test", PHI_R_HIV_STI);
	expect(s, "negative", PHI_R_RESULT);
}

static void unit__phi__guards_and_places(void **state)
{
	(void)state;
	quiet("Positive update: the parking lot repaving is finished!");
	quiet("This is a test message from our new phone system.");
	quiet("The x-ray department will be closed Saturday for upgrades.");
	expect("X-ray shows a fracture at the base of your 5th metatarsal.", "fracture",
	       PHI_R_CONDITION);
}

/* ---- offsets and hostile input ------------------------------------------------------------------------ */

static void unit__phi__utf8_offsets(void **state)
{
	(void)state;
	/* Multi-byte characters before the span: offsets are bytes in the
	 * original text, and the span covers whole characters. */
	const char *s = "Olá 😊 José — su metformina ya está lista";
	scan(s);
	const phi_finding *f = find(s, "metformina");
	assert_non_null(f);
	assert_int_equal(f->start, (size_t)(strstr(s, "metformina") - s));
	assert_int_equal(f->end, f->start + strlen("metformina"));
	/* A span that ends on an accented letter ends after all its bytes. */
	s = "su próxima cita de quimioterapia es el lunes";
	scan(s);
	f = find(s, "quimioterapia");
	assert_non_null(f);
	/* Curly apostrophes fold to straight ones. */
	s = "Emma’s scarlet fever is better";
	scan(s);
	assert_true(R.nag);
}

static void unit__phi__hostile_input(void **state)
{
	(void)state;
	phi_result r;
	phi_scan(NULL, 0, &r);
	assert_false(r.nag);
	phi_scan("", 0, &r);
	assert_false(r.nag);
	/* Invalid UTF-8, NULs and lone continuation bytes: findings still fall
	 * inside the buffer and on the right bytes. */
	const char bad[] = "\xff\xfe metformin \x80\x80 \xc3 HIV \xed\xa0\x80 \0 end";
	phi_scan(bad, sizeof bad - 1, &r);
	assert_true(r.nag);
	for (size_t i = 0; i < r.n; i++)
		assert_true(r.f[i].end <= sizeof bad - 1 && r.f[i].start < r.f[i].end);
	/* One letter 100,000 times. */
	size_t big = 100000;
	char *s = malloc(big + 1);
	memset(s, 'a', big);
	s[big] = '\0';
	phi_scan(s, big, &r);
	assert_false(r.nag);
	/* More findings than fit: the first PHI_MAX_FINDINGS, in order, and
	 * the truncation flag. */
	for (size_t i = 0; i + 4 <= big; i += 4)
		memcpy(s + i, "HIV ", 4);
	phi_scan(s, big, &r);
	assert_true(r.nag);
	assert_true(r.truncated);
	assert_int_equal(r.n, PHI_MAX_FINDINGS);
	for (size_t i = 1; i < r.n; i++)
		assert_true(r.f[i].start > r.f[i - 1].start);
	free(s);
}

static void unit__phi__names(void **state)
{
	(void)state;
	char buf[128];
	phi_categories_csv((1u << PHI_CAT_MEDICATION) | (1u << PHI_CAT_RESULT), buf, sizeof buf);
	assert_string_equal(buf, "medication,result");
	phi_categories_csv(0, buf, sizeof buf);
	assert_string_equal(buf, "");
	phi_categories_csv(0x3f, buf, 12);
	assert_string_equal(buf, "diagnosis");
	for (int c = 0; c < PHI_CAT_COUNT; c++) {
		assert_non_null(phi_category_name((phi_category)c));
		assert_non_null(phi_category_label((phi_category)c));
	}
	assert_null(phi_category_name(PHI_CAT_COUNT));
	for (int r = 0; r < PHI_R_COUNT; r++) {
		assert_non_null(phi_reason_key((phi_reason)r));
		assert_non_null(phi_reason_text((phi_reason)r));
		assert_true(phi_reason_category((phi_reason)r) < PHI_CAT_COUNT);
	}
	assert_string_equal(phi_reason_text(PHI_R_LAB_VALUE), "lab value");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit__phi__ssn),
		cmocka_unit_test(unit__phi__card),
		cmocka_unit_test(unit__phi__mbi),
		cmocka_unit_test(unit__phi__dob),
		cmocka_unit_test(unit__phi__record_and_member_ids),
		cmocka_unit_test(unit__phi__address),
		cmocka_unit_test(unit__phi__doses_and_values),
		cmocka_unit_test(unit__phi__lexicon_terms),
		cmocka_unit_test(unit__phi__case_sensitive_acronyms),
		cmocka_unit_test(unit__phi__negation_never_clears),
		cmocka_unit_test(unit__phi__guards_and_places),
		cmocka_unit_test(unit__phi__utf8_offsets),
		cmocka_unit_test(unit__phi__hostile_input),
		cmocka_unit_test(unit__phi__names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
