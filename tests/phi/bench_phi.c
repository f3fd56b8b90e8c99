/*
 * make bench-phi: how long one scan of the "too detailed for SMS" detector
 * takes, the way the compose box calls it (once per keystroke).
 *
 * Reports the median and 99th percentile per scan for realistic messages
 * of 160 and 1,600 characters and for adversarial input (1,600 digits,
 * 1,600 of one letter, a run of lexicon terms, a run of dates and IDs).
 * Target: p99 under 50 µs at 1,600 characters. A control (plain
 * arithmetic for as long as the slowest scan's median) shows the tail the
 * machine itself adds: on a virtual machine, timer interrupts and a
 * descheduled virtual CPU cost tens of microseconds about once a
 * millisecond, so p99 of anything that lasts 10 µs or more carries them.
 */
#define N_(s) s
#include "phi/phi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
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
static double worst_median;

/* The control: a loop of plain arithmetic, no memory, no detector. Run
 * for as long as a scan takes, its p99 shows what the machine itself adds
 * (timer interrupts, a virtual CPU being descheduled) to anything that
 * lasts that long. */
static volatile uint64_t sink;

static void spin(uint64_t n)
{
	uint64_t x = 1;
	for (uint64_t i = 0; i < n; i++)
		x = x * 6364136223846793005ull + 1442695040888963407ull;
	sink = x;
}

static void control(double target_us, int iters)
{
	/* Calibrate the spin count to the target. */
	uint64_t n = 1000;
	for (;;) {
		double a = now_us();
		spin(n);
		double t = now_us() - a;
		if (t >= target_us / 4 || n > (1ull << 40))
			break;
		n *= 2;
	}
	for (int r = 0; r < 5; r++) {
		double cal[51];
		for (int j = 0; j < 51; j++) {
			double a = now_us();
			spin(n);
			cal[j] = now_us() - a;
		}
		qsort(cal, 51, sizeof cal[0], cmp_d);
		if (cal[25] > 0)
			n = (uint64_t)((double)n * target_us / cal[25]);
	}
	double *t = malloc(sizeof *t * (size_t)iters);
	for (int i = 0; i < iters; i++) {
		double a = now_us();
		spin(n);
		t[i] = now_us() - a;
	}
	qsort(t, (size_t)iters, sizeof *t, cmp_d);
	printf("  %-34s %11s  median %6.2f  p95 %6.2f  p99 %6.2f us  (the machine's own tail)\n",
	       "control: arithmetic loop, no scan", "", t[iters / 2], t[(int)(iters * 0.95)],
	       t[(int)(iters * 0.99)]);
	free(t);
}

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
	if (len == 1600 && t[iters / 2] > worst_median)
		worst_median = t[iters / 2];
	double p50 = t[iters / 2], p95 = t[(int)(iters * 0.95)], p99 = t[(int)(iters * 0.99)];
	const char *verdict = "";
	if (target_us > 0) {
		verdict = p99 < target_us ? "  (target p99 < 50 us: met)" : "  (target p99 < 50 us: MISSED)";
		if (p99 >= target_us)
			worst_ok = 0;
	}
	printf("  %-34s %5zu bytes  median %6.2f  p95 %6.2f  p99 %6.2f us  findings %2zu%s\n", name,
	       len, p50, p95, p99, findings, verdict);
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
	/* As long as the slowest 1,600-character scan's median. */
	control(worst_median, iters);
	free(buf);
	printf("%s\n", worst_ok ? "All 1,600-character cases meet p99 < 50 us."
				: "Some 1,600-character case misses p99 < 50 us; compare its p99 with the "
				  "control's, which is what this machine adds to any work that long.");
	return 0;
}
