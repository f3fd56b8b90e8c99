/*
 * make phi-eval: measure the detector on a labelled corpus.
 *
 *   phi-eval [-v] FILE.tsv     label <TAB> category <TAB> message per line
 *                              (label 1 = should nag, 0 = should not)
 *   phi-eval -e                read plain lines on stdin and show findings
 *
 * Prints recall per category, overall recall and the false-positive rate
 * on label-0 lines, then every miss and every false alarm with what was
 * found. With --check, exits 1 when a target is missed (recall >= 0.97
 * overall and >= 0.99 for identifiers and sensitive services, false
 * positives <= 0.02).
 */
#define N_(s) s
#include "phi/phi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cat {
	char name[32];
	int total, hit;
};

static void show(const char *text, const phi_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const phi_finding *f = &r->f[i];
		printf("      [%s/%s%s%s] \"%.*s\"\n", phi_category_name(f->category),
		       phi_reason_key(f->reason), f->flags & PHI_F_NEGATED ? " negated" : "",
		       f->flags & PHI_F_CONTEXT ? " ctx" : "", (int)(f->end - f->start),
		       text + f->start);
	}
}

int main(int argc, char **argv)
{
	int check = 0, verbose = 0;
	const char *path = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--check") == 0)
			check = 1;
		else if (strcmp(argv[i], "-v") == 0)
			verbose = 1;
		else if (strcmp(argv[i], "-e") == 0)
			path = "-";
		else
			path = argv[i];
	}
	if (!path) {
		fprintf(stderr, "usage: phi-eval [--check] [-v] FILE.tsv | phi-eval -e < lines\n");
		return 2;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	if (strcmp(path, "-") == 0) {
		while ((n = getline(&line, &cap, stdin)) >= 0) {
			while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
				line[--n] = '\0';
			phi_result r;
			phi_scan(line, (size_t)n, &r);
			printf("%s  %s\n", r.nag ? "NAG " : "ok  ", line);
			show(line, &r);
		}
		free(line);
		return 0;
	}
	FILE *f = fopen(path, "r");
	if (!f) {
		perror(path);
		return 2;
	}
	struct cat cats[32];
	int ncats = 0, pos = 0, pos_hit = 0, neg = 0, neg_fp = 0;
	char *misses = NULL, *alarms = NULL;
	size_t misses_len = 0, alarms_len = 0;
	FILE *mf = open_memstream(&misses, &misses_len), *af = open_memstream(&alarms, &alarms_len);
	while ((n = getline(&line, &cap, f)) >= 0) {
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		char *t1 = strchr(line, '\t');
		char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t1 || !t2 || (line[0] != '0' && line[0] != '1'))
			continue;
		*t1 = *t2 = '\0';
		int label = line[0] == '1';
		const char *cat = t1 + 1, *msg = t2 + 1;
		phi_result r;
		phi_scan(msg, strlen(msg), &r);
		int c;
		for (c = 0; c < ncats; c++)
			if (strcmp(cats[c].name, cat) == 0)
				break;
		if (c == ncats && ncats < 32) {
			snprintf(cats[c].name, sizeof cats[c].name, "%s", cat);
			cats[c].total = cats[c].hit = 0;
			ncats++;
		}
		if (c < 32) {
			cats[c].total++;
			cats[c].hit += r.nag == label;
		}
		FILE *out = NULL;
		if (label) {
			pos++;
			pos_hit += r.nag;
			if (!r.nag)
				out = mf;
		} else {
			neg++;
			neg_fp += r.nag;
			if (r.nag)
				out = af;
		}
		if (out || verbose) {
			FILE *o = out ? out : stdout;
			fprintf(o, "  [%s] %s\n", cat, msg);
			if (out == af || verbose) {
				fflush(stdout);
				for (size_t i = 0; i < r.n; i++)
					fprintf(o, "      [%s/%s] \"%.*s\"\n",
						phi_category_name(r.f[i].category),
						phi_reason_key(r.f[i].reason),
						(int)(r.f[i].end - r.f[i].start), msg + r.f[i].start);
			}
		}
	}
	fclose(f);
	fclose(mf);
	fclose(af);
	free(line);
	printf("Per category (label-1: recall; label-0: share passed untouched):\n");
	double min_id = 1, min_sens = 1;
	for (int c = 0; c < ncats; c++) {
		double v = cats[c].total ? (double)cats[c].hit / cats[c].total : 0;
		printf("  %-12s %3d/%-3d  %.3f\n", cats[c].name, cats[c].hit, cats[c].total, v);
		if (strcmp(cats[c].name, "identifier") == 0)
			min_id = v;
		if (strcmp(cats[c].name, "sensitive") == 0)
			min_sens = v;
	}
	double recall = pos ? (double)pos_hit / pos : 1, fpr = neg ? (double)neg_fp / neg : 0;
	printf("Overall recall: %d/%d = %.3f (target >= 0.970)\n", pos_hit, pos, recall);
	printf("Identifiers: %.3f, sensitive services: %.3f (target >= 0.990)\n", min_id, min_sens);
	printf("False-positive rate: %d/%d = %.3f (target <= 0.020)\n", neg_fp, neg, fpr);
	printf("\nMisses (%d):\n%s", pos - pos_hit, misses ? misses : "");
	printf("\nFalse alarms (%d):\n%s", neg_fp, alarms ? alarms : "");
	free(misses);
	free(alarms);
	if (check && (recall < 0.97 || min_id < 0.99 || min_sens < 0.99 || fpr > 0.02))
		return 1;
	return 0;
}
