// SPDX-License-Identifier: GPL-2.0
/*
 * Page faults through mappings of a VMO against the same on a memfd:
 *
 *  - Faults/Scaling/{Read,Write}/<n>threads: n threads touching disjoint
 *    parts of one mapped 32 MiB object, read faults on committed pages or
 *    first-write faults; wall time per page, and the speedup of n threads
 *    over one (the rows the throughput plot draws).
 *  - Faults/PerFirstWrite: minor faults (getrusage) per page of the first
 *    write through a shared writable mapping.
 *  - Faults/SequentialRead/64MiB: one read in each page of a mapped,
 *    committed 64 MiB object, time and faults per page (fault-around).
 *  - Deep/...: read faults and zx_vmo_read of a page the root owns, through
 *    a chain of 1, 100 and as many snapshots as the depth limit allows, and
 *    through the deepest leaf of a tree of 1000 live snapshots; against the
 *    same on a VMO that was never snapshotted.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <zircon/syscalls.h>

#include "harness.h"
#include "util.h"

#define SCALING_SIZE (32 * MIB)
#define SCALING_SAMPLES 7
#define MAX_THREADS 8

struct toucher {
	pthread_t thread;
	pthread_barrier_t *start;
	char *p;
	size_t len;
	int write, cpu;
};

static void *toucher_main(void *arg)
{
	struct toucher *t = arg;

	/* Thread i on CPU i: no migrations in the middle of a sample. */
	pin_to_cpu(t->cpu);
	pthread_barrier_wait(t->start);
	if (t->write)
		write_pages(t->p, t->len);
	else
		read_pages(t->p, t->len);
	return NULL;
}

/* Wall time of @n threads each touching its 1/@n of [p, p + len). */
static double touch_parallel(char *p, size_t len, int n, int write)
{
	struct toucher t[MAX_THREADS];
	pthread_barrier_t start;
	size_t part = len / n;
	double t0;

	if (pthread_barrier_init(&start, NULL, n + 1))
		die_errno("barrier");
	for (int i = 0; i < n; i++) {
		t[i] = (struct toucher){ .start = &start, .p = p + i * part,
					 .len = part, .write = write, .cpu = i };
		if (pthread_create(&t[i].thread, NULL, toucher_main, &t[i]))
			die_errno("pthread_create");
	}
	pthread_barrier_wait(&start);
	t0 = now_ns();
	for (int i = 0; i < n; i++)
		pthread_join(t[i].thread, NULL);
	t0 = now_ns() - t0;
	pthread_barrier_destroy(&start);
	return t0;
}

struct scale_ctx {
	zx_handle_t vmo;	/* committed, for read faults */
	int fd;			/* filled, for read faults */
	int threads, write;
};

/* A fresh mapping (and for writes a fresh VMO): ns per page, wall time. */
static double scale_zx(void *arg)
{
	struct scale_ctx *c = arg;
	zx_handle_t vmo = c->vmo;
	double t;
	char *p;

	if (c->write)
		check("create", zx_vmo_create(SCALING_SIZE, 0, &vmo));
	p = map_vmo(vmo, SCALING_SIZE);
	t = touch_parallel(p, SCALING_SIZE, c->threads, c->write);
	unmap_vmo(p, SCALING_SIZE);
	if (c->write)
		zx_handle_close(vmo);
	return t / (SCALING_SIZE / PAGE);
}

static double scale_fd(void *arg)
{
	struct scale_ctx *c = arg;
	int fd = c->write ? memfd_sized(SCALING_SIZE) : c->fd;
	char *p = map_fd(fd, SCALING_SIZE);
	double t = touch_parallel(p, SCALING_SIZE, c->threads, c->write);

	unmap_fd(p, SCALING_SIZE);
	if (c->write)
		close(fd);
	return t / (SCALING_SIZE / PAGE);
}

/* The thread counts: 1 .. the CPUs online (at most MAX_THREADS). */
static int max_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
}

static void bench_scaling(int write)
{
	struct scale_ctx c = { .vmo = committed_vmo(SCALING_SIZE),
			       .fd = memfd_filled(SCALING_SIZE), .write = write };
	const char *kind = write ? "Write" : "Read";
	double zx[MAX_THREADS + 1], fd[MAX_THREADS + 1];
	int n = max_threads();
	char name[64];

	for (c.threads = 1; c.threads <= n; c.threads++) {
		median_pair(SCALING_SAMPLES, scale_zx, &c, scale_fd, &c, 1,
			    &zx[c.threads], &fd[c.threads]);
		snprintf(name, sizeof(name), "Faults/Scaling/%s/%dthread%s", kind,
			 c.threads, c.threads > 1 ? "s" : "");
		report(&(struct row){ name, "ns/page (wall)",
				      write ? "first writes, mapped memfd"
					    : "read faults, mapped filled memfd" },
		       zx[c.threads], fd[c.threads], SCALING_SAMPLES);
	}
	for (int t = 2; t <= n; t++) {
		snprintf(name, sizeof(name), "Faults/Scaling/%s/Speedup%dv1", kind, t);
		report(&(struct row){ name, "x, higher is better", "memfd's speedup" },
		       zx[1] / zx[t], fd[1] / fd[t], 1);
	}
	close(c.fd);
	zx_handle_close(c.vmo);
}

/* Minor faults per page of first writes to a fresh 16 MiB object. */
static double first_write_faults_zx(void *arg)
{
	double faults;

	(void)arg;
	first_writes_zx(16 * MIB, &faults);
	return faults;
}

static double first_write_faults_fd(void *arg)
{
	double faults;

	(void)arg;
	first_writes_fd(16 * MIB, &faults);
	return faults;
}

struct seq_ctx {
	zx_handle_t vmo;
	int fd;
	double faults;	/* per page, of the last sample */
};

#define SEQ_SIZE (64 * MIB)

/* One read in each page of a fresh mapping of the committed object. */
static double seq_read(struct seq_ctx *c, char *p)
{
	long f = minor_faults();
	double t0 = now_ns();

	read_pages(p, SEQ_SIZE);
	t0 = now_ns() - t0;
	c->faults = (double)(minor_faults() - f) / (SEQ_SIZE / PAGE);
	return t0;
}

static double seq_read_zx(void *arg)
{
	struct seq_ctx *c = arg;
	char *p = map_vmo_ro(c->vmo, SEQ_SIZE);
	double t = seq_read(c, p);

	unmap_vmo(p, SEQ_SIZE);
	return t;
}

static double seq_read_fd(void *arg)
{
	struct seq_ctx *c = arg;
	char *p = map_fd_ro(c->fd, SEQ_SIZE);
	double t = seq_read(c, p);

	unmap_fd(p, SEQ_SIZE);
	return t;
}

static void bench_fault_counts(void)
{
	struct seq_ctx zc = { .vmo = committed_vmo(SEQ_SIZE), .fd = -1 };
	struct seq_ctx fc = { .fd = memfd_filled(SEQ_SIZE) };
	double zt, ft;

	report_pair(&(struct row){ "Faults/PerFirstWrite", "faults/page",
				   "first writes, mapped memfd" }, 3,
		    first_write_faults_zx, NULL, first_write_faults_fd, NULL, 1);
	median_pair(3, seq_read_zx, &zc, seq_read_fd, &fc, 1e-6, &zt, &ft);
	report(&(struct row){ "Faults/SequentialRead/64MiB", "ms",
			      "mapped filled memfd" }, zt, ft, 3);
	report(&(struct row){ "Faults/SequentialRead/64MiB/FaultsPerPage",
			      "faults/page", "mapped filled memfd" },
	       zc.faults, fc.faults, 1);
	zx_handle_close(zc.vmo);
	close(fc.fd);
}

#define DEEP_SIZE (4 * MIB)
#define DEEP_SAMPLES 7
#define MAX_CHAIN 1024
#define TREE_SNAPSHOTS 1000

/* ns per page of read faults over a fresh read-only mapping of @vmo. */
static double deep_fault(void *arg)
{
	zx_handle_t vmo = *(zx_handle_t *)arg;
	char *p = map_vmo_ro(vmo, DEEP_SIZE);
	double t0 = now_ns();

	read_pages(p, DEEP_SIZE);
	t0 = (now_ns() - t0) / (DEEP_SIZE / PAGE);
	unmap_vmo(p, DEEP_SIZE);
	return t0;
}

/* ns of zx_vmo_read of the first page of @vmo. */
static double deep_read(void *arg)
{
	static char buf[PAGE];
	double t0 = now_ns();

	check("read", zx_vmo_read(*(zx_handle_t *)arg, buf, 0, PAGE));
	return now_ns() - t0;
}

/*
 * The deep rows' baseline: the same accesses to a VMO of the same size
 * that has never been snapshotted, sampled alternately with the leaf's.
 */
static void deep_rows(const char *what, zx_handle_t vmo, zx_handle_t flat)
{
	char name[64];

	snprintf(name, sizeof(name), "Deep/ReadFault/%s", what);
	report_pair(&(struct row){ name, "ns/page", "a VMO without snapshots" },
		    DEEP_SAMPLES, deep_fault, &vmo, deep_fault, &flat, 1);
	snprintf(name, sizeof(name), "Deep/Read/%s", what);
	report_pair(&(struct row){ name, "ns/page", "a VMO without snapshots" },
		    51, deep_read, &vmo, deep_read, &flat, 1);
}

/* A snapshot of @vmo, or ZX_HANDLE_INVALID when the depth limit says no. */
static zx_handle_t snapshot_or_limit(zx_handle_t vmo)
{
	zx_handle_t child;
	zx_status_t st = zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0,
					     DEEP_SIZE, &child);

	if (st == ZX_ERR_NO_RESOURCES)
		return ZX_HANDLE_INVALID;
	check("snapshot", st);
	return child;
}

/* Snapshots of snapshots: rows at 1, 100 and the deepest allowed. */
static void bench_chain(zx_handle_t root, zx_handle_t flat)
{
	static zx_handle_t h[MAX_CHAIN];
	zx_handle_t parent = root;
	int n = 0;

	while (n < MAX_CHAIN && (h[n] = snapshot_or_limit(parent)) != ZX_HANDLE_INVALID) {
		parent = h[n++];
		if (n == 1 || n == 100)
			deep_rows(n == 1 ? "Chain1" : "Chain100", parent, flat);
	}
	if (n < 100 || n == MAX_CHAIN) {
		fprintf(stderr, "zxvmo-bench: a chain of %d snapshots\n", n);
		exit(1);
	}
	note("a chain of snapshots of snapshots stops at %d "
	     "(the next is ZX_ERR_NO_RESOURCES): Deep/*/ChainMax", n);
	deep_rows("ChainMax", parent, flat);
	report(&(struct row){ "Deep/ChainMaxLength", "snapshots", NULL }, n, -1, 1);
	while (n)
		zx_handle_close(h[--n]);
}

/* How many snapshots of one VMO may live at once (each deepens it). */
static void bench_siblings(void)
{
	static zx_handle_t h[MAX_CHAIN];
	zx_handle_t root = committed_vmo(DEEP_SIZE);
	int n = 0;

	while (n < MAX_CHAIN && (h[n] = snapshot_or_limit(root)) != ZX_HANDLE_INVALID)
		n++;
	note("sibling snapshots of one VMO stop at %d as well", n);
	report(&(struct row){ "Deep/SiblingsMax", "snapshots", NULL }, n, -1, 1);
	while (n)
		zx_handle_close(h[--n]);
	zx_handle_close(root);
}

/*
 * 1000 live snapshots in a binary tree (snapshot i of snapshot (i-1)/2):
 * every snapshot deepens its source by one, so the leaves stay about
 * 2 log2(1000) deep; the rows read through the deepest.
 */
static void bench_tree(zx_handle_t root, zx_handle_t flat)
{
	static zx_handle_t h[TREE_SNAPSHOTS + 1];
	static int depth[TREE_SNAPSHOTS + 1];
	int deepest = 0;

	h[0] = root;
	depth[0] = 0;
	for (int i = 1; i <= TREE_SNAPSHOTS; i++) {
		int p = (i - 1) / 2;

		h[i] = snapshot(h[p], DEEP_SIZE);
		depth[i] = ++depth[p];
	}
	for (int i = 1; i <= TREE_SNAPSHOTS; i++)
		if (depth[i] > depth[deepest])
			deepest = i;
	note("a tree of %d live snapshots: its deepest leaf has %d hidden "
	     "ancestors: Deep/*/Tree1000", TREE_SNAPSHOTS, depth[deepest]);
	deep_rows("Tree1000", h[deepest], flat);
	for (int i = TREE_SNAPSHOTS; i >= 1; i--)
		zx_handle_close(h[i]);
}

static void bench_deep(void)
{
	zx_handle_t root = committed_vmo(DEEP_SIZE), flat = committed_vmo(DEEP_SIZE);

	bench_chain(root, flat);
	bench_tree(root, flat);
	bench_siblings();
	zx_handle_close(flat);
	zx_handle_close(root);
}

void bench_faults(void)
{
	bench_scaling(0);
	bench_scaling(1);
	bench_fault_counts();
	bench_deep();
}
