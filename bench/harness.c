// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark harness: timing, medians, the table and the JSON records.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <zircon/status.h>

#include "harness.h"

/* Enough for every row of every group (about 110 today). */
#define MAX_RECORDS 256

struct record {
	struct row row;
	double zx, base;
	int samples;
};

int forked;

static struct record records[MAX_RECORDS];
static int nr_records;

double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

void die(const char *what, zx_status_t st)
{
	fflush(stdout);
	fprintf(stderr, "zxvmo-bench: %s: %s\n", what, zx_status_get_string(st));
	exit(1);
}

void die_errno(const char *what)
{
	fflush(stdout);
	fprintf(stderr, "zxvmo-bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

void check(const char *what, zx_status_t st)
{
	if (st != ZX_OK)
		die(what, st);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median is robust against the emulator's noise; even n: the mean of two. */
double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double collect(double *out, int n, sample_fn fn, void *ctx)
{
	if (n < 1 || n > MAX_SAMPLES) {
		fprintf(stderr, "zxvmo-bench: %d samples\n", n);
		exit(1);
	}
	for (int i = 0; i < n; i++)
		out[i] = fn(ctx);
	return median(out, n);
}

double median_of(int n, sample_fn fn, void *ctx, double scale)
{
	double v[MAX_SAMPLES];

	return collect(v, n, fn, ctx) * scale;
}

void median_pair(int n, sample_fn a, void *actx, sample_fn b, void *bctx,
		 double scale, double *ma, double *mb)
{
	double va[MAX_SAMPLES], vb[MAX_SAMPLES];
	int i;

	if (n < 1 || n > MAX_SAMPLES) {
		fprintf(stderr, "zxvmo-bench: %d samples\n", n);
		exit(1);
	}
	forked = 0;
	for (i = 0; i < n && !forked; i++) {
		va[i] = a(actx);
		vb[i] = b(bctx);
	}
	/* A side forks: the rest in two runs, the first after a warm-up. */
	if (i < n)
		a(actx);
	for (int j = i; j < n; j++)
		va[j] = a(actx);
	for (int j = i; j < n; j++)
		vb[j] = b(bctx);
	*ma = median(va, n) * scale;
	*mb = median(vb, n) * scale;
}

void print_header(void)
{
	printf("%-44s %12s %12s %8s  %s\n", "operation", "zxvmo", "baseline",
	       "ratio", "baseline (unit)");
}

/* Decimals to print: two for small figures (ratios, faults per page). */
static int digits(double v)
{
	return v < 100 ? 2 : 1;
}

void report(const struct row *r, double zx, double base, int samples)
{
	struct record *rec;

	if (nr_records == MAX_RECORDS) {
		fprintf(stderr, "zxvmo-bench: more than %d rows\n", MAX_RECORDS);
		exit(1);
	}
	rec = &records[nr_records++];
	/* The caller's strings may be its own buffers: keep copies. */
	rec->row.name = strdup(r->name);
	rec->row.unit = strdup(r->unit);
	rec->row.baseline = r->baseline ? strdup(r->baseline) : NULL;
	if (!rec->row.name || !rec->row.unit || (r->baseline && !rec->row.baseline))
		die_errno("strdup");
	rec->zx = zx;
	rec->base = base;
	rec->samples = samples;
	if (base >= 0)
		printf("%-44s %12.*f %12.*f %8.2f  %s (%s)\n", r->name, digits(zx),
		       zx, digits(base), base, zx / base, r->baseline, r->unit);
	else
		printf("%-44s %12.*f %12s %8s  - (%s)\n", r->name, digits(zx), zx,
		       "-", "-", r->unit);
	fflush(stdout);
}

void report_pair(const struct row *r, int n, sample_fn zx, void *zctx,
		 sample_fn base, void *bctx, double scale)
{
	double a, b;

	median_pair(n, zx, zctx, base, bctx, scale, &a, &b);
	report(r, a, b, n);
}

void note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* @s as a JSON string (the names here need no escapes beyond these). */
static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void json_number(FILE *f, double v)
{
	if (v < 0)
		fputs("null", f);
	else
		fprintf(f, "%.6g", v);
}

static void json_record(FILE *f, const struct record *rec, const char *kernel)
{
	fputs("{\"name\": ", f);
	json_string(f, rec->row.name);
	fputs(", \"unit\": ", f);
	json_string(f, rec->row.unit);
	fprintf(f, ", \"samples\": %d, \"median\": ", rec->samples);
	json_number(f, rec->zx);
	fputs(", \"baseline\": ", f);
	json_number(f, rec->base);
	fputs(", \"baseline_op\": ", f);
	if (rec->row.baseline)
		json_string(f, rec->row.baseline);
	else
		fputs("null", f);
	fputs(", \"ratio\": ", f);
	json_number(f, rec->base > 0 ? rec->zx / rec->base : -1);
	fputs(", \"kernel\": ", f);
	json_string(f, kernel);
	fputc('}', f);
}

void write_json(const char *path)
{
	int console = !strcmp(path, "-");
	FILE *f = console ? stdout : fopen(path, "w");
	struct utsname u;

	if (!f)
		die_errno(path);
	if (uname(&u))
		die_errno("uname");
	if (console)
		fprintf(f, "%s\n", BENCH_JSON_BEGIN);
	fputs("[\n", f);
	for (int i = 0; i < nr_records; i++) {
		json_record(f, &records[i], u.release);
		fputs(i + 1 < nr_records ? ",\n" : "\n", f);
	}
	fputs("]\n", f);
	if (console)
		fprintf(f, "%s\n", BENCH_JSON_END);
	if (console ? fflush(f) : fclose(f))
		die_errno(path);
}
