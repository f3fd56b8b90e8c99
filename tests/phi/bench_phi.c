/*
 * make bench-phi: how long one scan of the "too detailed for SMS" detector
 * takes, the way the compose box calls it (once per keystroke).
 *
 * Reports the median and 99th percentile per scan for realistic messages
 * of 160 and 1,600 characters and for adversarial input (1,600 digits,
 * 1,600 of one letter, a run of lexicon terms, a run of dates and IDs).
 * Target: p99 under 50 µs at 1,600 characters.
 */
#define N_(s) s
#include "phi/phi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Fill buf with len bytes cycling through pieces (cut on a piece edge is
 * fine: the detector takes any bytes). */
static void fill(char *buf, size_t len, const char *const *pieces)
{
	size_t o = 0;
	for (size_t i = 0; o < len; i++) {
		const char *p = pieces[i % 64] ? pieces[i % 64] : NULL;
		if (!p) {
			i = (size_t)-1;
			continue;
		}
		size_t n = strlen(p);
		if (o + n > len)
			n = len - o;
		memcpy(buf + o, p, n);
		o += n;
	}
	buf[len] = '\0';
}

static int worst_ok = 1;

static void run(const char *name, const char *text, size_t len, int iters, double target_us)
{
	double *t = malloc(sizeof *t * (size_t)iters);
	phi_result r;
	size_t findings = 0;
	for (int i = 0; i < 200; i++) /* warm up caches */
		phi_scan(text, len, &r);
	for (int i = 0; i < iters; i++) {
		double a = now_us();
		phi_scan(text, len, &r);
		t[i] = now_us() - a;
		findings = r.n;
	}
	qsort(t, (size_t)iters, sizeof *t, cmp_d);
	double p50 = t[iters / 2], p99 = t[(int)(iters * 0.99)];
	const char *verdict = "";
	if (target_us > 0) {
		verdict = p99 < target_us ? "  (target p99 < 50 us: met)" : "  (target p99 < 50 us: MISSED)";
		if (p99 >= target_us)
			worst_ok = 0;
	}
	printf("  %-34s %5zu bytes  median %7.2f us  p99 %7.2f us  findings %2zu%s\n", name, len, p50,
	       p99, findings, verdict);
	free(t);
}

int main(int argc, char **argv)
{
	int iters = argc > 1 ? atoi(argv[1]) : 20000;
	if (iters < 100)
		iters = 100;
	double a = now_us();
	phi_init();
	double build = now_us() - a;
	printf("PHI detector: %zu lexicon entries, automaton built in %.1f ms\n", phi_lexicon_terms(),
	       build / 1000);

	static const char *const realistic[64] = {
		"Hi Maria, this is Meadowbrook Family Practice. ",
		"Your appointment is on Thursday, October 2 at 1:40 PM with Dr. Benson. ",
		"Please bring your insurance card and a photo ID. ",
		"Your metformin 500mg refill was sent to CVS. ",
		"Parking is in the deck behind the building, 3rd floor. ",
		"Su cita es el martes a las 9:15, llegue 15 minutos antes. ",
		"Reply C to confirm or call 555-733-9000. ",
		"Your A1C came back 7.8, Dr. Chen wants to talk about it. ",
		"We've moved to 44 Church St, Suite 220. ",
		"Copay is $25, payable at check-in. ",
		NULL,
	};
	static const char *const digits[64] = { "0123456789", NULL };
	static const char *const letter[64] = { "a", NULL };
	static const char *const terms[64] = { "metformin ", "HIV ", "diabetes ", "A1C 7.2 ",
					       "colonoscopy ", "prenatal ", "cancer ", NULL };
	static const char *const ids[64] = { "DOB 05/21/1962 ", "SSN 421-66-0984 ",
					     "member ID ZQP7731904 ", "4111 1111 1111 1111 ",
					     "1A23-B45-CD67 ", NULL };
	static const char *const spaces[64] = { " \t\n", "\xe2\x80\x94", "\xf0\x9f\x98\x8a", NULL };
	static const char *const nearmiss[64] = { "123-45-678 ", "1/2/", "mr ", "ssn ", "12 st ",
						  NULL };
	char *buf = malloc(4097);
	printf("Per scan (%d scans each):\n", iters);
	fill(buf, 160, realistic);
	run("realistic message", buf, 160, iters, 0);
	fill(buf, 1600, realistic);
	run("realistic message", buf, 1600, iters, 50);
	fill(buf, 1600, digits);
	run("adversarial: 1,600 digits", buf, 1600, iters, 50);
	fill(buf, 1600, letter);
	run("adversarial: 1,600 of one letter", buf, 1600, iters, 50);
	fill(buf, 1600, terms);
	run("adversarial: lexicon terms only", buf, 1600, iters, 50);
	fill(buf, 1600, ids);
	run("adversarial: identifiers only", buf, 1600, iters, 50);
	fill(buf, 1600, nearmiss);
	run("adversarial: near-miss patterns", buf, 1600, iters, 50);
	fill(buf, 1600, spaces);
	run("adversarial: spaces, dashes, emoji", buf, 1600, iters, 50);
	fill(buf, 4096, realistic);
	run("realistic message", buf, 4096, iters / 4, 0);
	free(buf);
	printf("%s\n", worst_ok ? "All 1,600-character cases meet p99 < 50 us."
				: "Some 1,600-character case misses p99 < 50 us.");
	return 0;
}
