/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark harness: timing, samples and their medians, the table on
 * stdout and the JSON records (one per row).
 *
 * A row compares a zxvmo figure with a Linux baseline measured in the same
 * run: ratio = zxvmo / baseline.  For times lower is better; a row whose
 * unit says "higher is better" (speedups) reads the other way.
 */
#ifndef ZXVMO_BENCH_HARNESS_H
#define ZXVMO_BENCH_HARNESS_H

#include <stddef.h>
#include <zircon/types.h>

#define PAGE 4096ul
#define KIB 1024ul
#define MIB (1024ul * 1024ul)

/* The most samples one side of a row takes. */
#define MAX_SAMPLES 256

/* What a row measures; name is the JSON key (Fuchsia's names where they exist). */
struct row {
	const char *name;
	const char *unit;
	const char *baseline;	/* the Linux operation compared with, or NULL */
};

/* One timed operation: returns the nanoseconds (or other figure) it took. */
typedef double (*sample_fn)(void *ctx);

double now_ns(void);

/* Exit with a message: the benchmark itself failed. */
void die(const char *what, zx_status_t st) __attribute__((noreturn));
void die_errno(const char *what) __attribute__((noreturn));
void check(const char *what, zx_status_t st);

/* Sorts @v and returns its median. */
double median(double *v, int n);

/* Calls @fn @n times (1..MAX_SAMPLES) into @out and returns their median. */
double collect(double *out, int n, sample_fn fn, void *ctx);

/* The median of @n calls of @fn, scaled by @scale (e.g. 1e-3 for us). */
double median_of(int n, sample_fn fn, void *ctx, double scale);

/*
 * The medians of @n calls each of @a(@actx) and @b(@bctx), scaled by
 * @scale, into *ma and *mb.  The calls alternate, so that a change in the
 * emulator's speed (other guests, other work on the host) moves both
 * sides of a ratio alike.  After a fork() every writable page of this
 * process is write-protected and faults at its next write, which would
 * slow the other side's next sample: once a side has forked (fork_run()
 * sets forked), the rest of each side runs in one block, @a's after one
 * untimed warm-up call.
 */
extern int forked;
void median_pair(int n, sample_fn a, void *actx, sample_fn b, void *bctx,
		 double scale, double *ma, double *mb);

/*
 * Report a row: print it and keep its JSON record.  @samples is the number
 * of samples behind @zx (1 for a derived figure); @base < 0 means there is
 * no baseline (ratio null).
 */
void report(const struct row *r, double zx, double base, int samples);

/* median_pair() of @n samples a side, then report() them. */
void report_pair(const struct row *r, int n, sample_fn zx, void *zctx,
		 sample_fn base, void *bctx, double scale);

/* Print an informational line (not a row) under the table. */
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void print_header(void);

/*
 * Write every record as a JSON array, one record a line, to @path ("-":
 * stdout, between the lines BENCH_JSON_BEGIN and BENCH_JSON_END so that
 * the host can cut it out of the guest console).
 */
#define BENCH_JSON_BEGIN "@@zxvmo-bench-json-begin@@"
#define BENCH_JSON_END "@@zxvmo-bench-json-end@@"
void write_json(const char *path);

/* The benchmark groups (one file each). */
void bench_basic(void);
int bench_snapshot_memory(void);
void bench_zircon(void);
void bench_faults(void);

#endif
