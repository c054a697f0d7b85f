// SPDX-License-Identifier: GPL-2.0
/*
 * The first table's rows: snapshot cost against committed size (and the
 * series the plot draws), copy-on-write and first-touch faults, read and
 * write, create + close, decommit, the shrinker, and the check that a
 * snapshot costs only the pages written.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zircon/syscalls.h>

#include "harness.h"
#include "util.h"

struct snap_ctx {
	zx_handle_t vmo;
	size_t size;
};

/* Snapshot creation (closing the child, which merges it back, is not timed). */
static double snapshot_sample(void *arg)
{
	struct snap_ctx *c = arg;
	double t0 = now_ns(), t;
	zx_handle_t child = snapshot(c->vmo, c->size);

	t = now_ns() - t0;
	zx_handle_close(child);
	return t;
}

/* fork + exit + wait of this process, with whatever it has mapped. */
static double fork_sample(void *arg)
{
	double t0 = now_ns();

	(void)arg;
	fork_run(NULL, NULL, NULL);
	return now_ns() - t0;
}

#define SNAPSHOT_SAMPLES 31

/*
 * Median times (us) of a snapshot of a VMO with @pages committed pages
 * and of fork() with @pages more written private pages.
 */
static void snapshot_and_fork_us(size_t pages, double *zx, double *fk)
{
	struct snap_ctx c = { committed_vmo(pages * PAGE), pages * PAGE };
	char *mem = anon_filled(pages * PAGE);

	median_pair(SNAPSHOT_SAMPLES, snapshot_sample, &c, fork_sample, NULL, 1e-3,
		    zx, fk);
	unmap_fd(mem, pages * PAGE);
	zx_handle_close(c.vmo);
}

/* The series of the snapshot plot; the first and last make the growth row. */
static const size_t snapshot_pages[] = { 16, 256, 4096, 16384, 65536 };
#define NR_SNAPSHOT_SIZES (sizeof(snapshot_pages) / sizeof(snapshot_pages[0]))

static void bench_snapshot(void)
{
	double zx[NR_SNAPSHOT_SIZES], fk[NR_SNAPSHOT_SIZES];
	const int last = NR_SNAPSHOT_SIZES - 1;
	char name[NR_SNAPSHOT_SIZES][48];

	for (size_t i = 0; i < NR_SNAPSHOT_SIZES; i++)
		snapshot_and_fork_us(snapshot_pages[i], &zx[i], &fk[i]);
	for (size_t i = 0; i < NR_SNAPSHOT_SIZES; i++) {
		struct row r = { name[i], "us", "fork() of a process with the same memory" };

		snprintf(name[i], sizeof(name[i]), "Snapshot/CommittedPages/%zu",
			 snapshot_pages[i]);
		report(&r, zx[i], fk[i], SNAPSHOT_SAMPLES);
	}
	report(&(struct row){ "snapshot 65536 vs 16 committed pages", "growth",
			      "fork() growth" },
	       zx[last] / zx[0], fk[last] / fk[0], 1);
}

/* Time per page of the first write to each page of a snapshot child. */
static double cow_fault_zx(size_t pages)
{
	zx_handle_t vmo = committed_vmo(pages * PAGE);
	zx_handle_t child = snapshot(vmo, pages * PAGE);
	char *p = map_vmo(child, pages * PAGE);
	double t0 = now_ns();

	write_pages(p, pages * PAGE);
	t0 = (now_ns() - t0) / pages;
	unmap_vmo(p, pages * PAGE);
	zx_handle_close(child);
	zx_handle_close(vmo);
	return t0;
}

struct cow_ctx {
	char *mem;
	size_t len;
	int pipe;
};

/* In the fork()ed child: time the writes, send the time per page. */
static void cow_child(void *arg)
{
	struct cow_ctx *c = arg;
	double t0 = now_ns();

	write_pages(c->mem, c->len);
	t0 = (now_ns() - t0) / (c->len / PAGE);
	if (write(c->pipe, &t0, sizeof(t0)) != sizeof(t0))
		_exit(1);
}

/* The same after fork(), timed in the child, reported through a pipe. */
static double cow_fault_fork(size_t pages)
{
	struct cow_ctx c = { anon_filled(pages * PAGE), pages * PAGE, -1 };
	double t = 0;
	int p[2];

	if (pipe(p))
		die_errno("pipe");
	c.pipe = p[1];
	fork_run(NULL, cow_child, &c);
	if (read(p[0], &t, sizeof(t)) != sizeof(t))
		die_errno("read");
	close(p[0]);
	close(p[1]);
	unmap_fd(c.mem, c.len);
	return t;
}

static void bench_cow_fault(void)
{
	report(&(struct row){ "first write fault on a snapshotted page", "ns/page",
			      "COW fault after fork()" },
	       cow_fault_zx(4096), cow_fault_fork(4096), 1);
}

struct rw_ctx {
	zx_handle_t vmo;
	int fd;
	char *buf;
	size_t len;
};

static double vmo_write_sample(void *arg)
{
	struct rw_ctx *c = arg;
	double t0 = now_ns();

	check("write", zx_vmo_write(c->vmo, c->buf, 0, c->len));
	return now_ns() - t0;
}

static double vmo_read_sample(void *arg)
{
	struct rw_ctx *c = arg;
	double t0 = now_ns();

	check("read", zx_vmo_read(c->vmo, c->buf, 0, c->len));
	return now_ns() - t0;
}

static double fd_write_sample(void *arg)
{
	struct rw_ctx *c = arg;
	double t0 = now_ns();

	if (pwrite(c->fd, c->buf, c->len, 0) != (ssize_t)c->len)
		die_errno("pwrite");
	return now_ns() - t0;
}

static double fd_read_sample(void *arg)
{
	struct rw_ctx *c = arg;
	double t0 = now_ns();

	if (pread(c->fd, c->buf, c->len, 0) != (ssize_t)c->len)
		die_errno("pread");
	return now_ns() - t0;
}

static void bench_rw(void)
{
	const int n = 201;
	struct rw_ctx c = { committed_vmo(MIB), memfd_filled(MIB), malloc(MIB), MIB };

	memset(c.buf, 3, c.len);
	report_pair(&(struct row){ "zx_vmo_write 1 MiB", "us", "pwrite memfd" }, n,
		    vmo_write_sample, &c, fd_write_sample, &c, 1e-3);
	report_pair(&(struct row){ "zx_vmo_read 1 MiB", "us", "pread memfd" }, n,
		    vmo_read_sample, &c, fd_read_sample, &c, 1e-3);
	close(c.fd);
	zx_handle_close(c.vmo);
	free(c.buf);
}

/* First-touch writes over a fresh 64 MiB VMO / memfd, mapped shared. */
static double first_touch_zx(void *arg)
{
	(void)arg;
	return first_writes_zx(64 * MIB, NULL);
}

static double first_touch_fd(void *arg)
{
	(void)arg;
	return first_writes_fd(64 * MIB, NULL);
}

static void bench_first_touch(void)
{
	report_pair(&(struct row){ "first-touch write faults over 64 MiB", "ms",
				   "mapped memfd" }, 3,
		    first_touch_zx, NULL, first_touch_fd, NULL, 1e-6);
}

static double create_zx(void *arg)
{
	double t0 = now_ns();
	zx_handle_t vmo;

	(void)arg;
	check("create", zx_vmo_create(PAGE, 0, &vmo));
	zx_handle_close(vmo);
	return now_ns() - t0;
}

static double create_fd(void *arg)
{
	double t0 = now_ns();

	(void)arg;
	close(memfd_sized(PAGE));
	return now_ns() - t0;
}

static void bench_create(void)
{
	const int n = MAX_SAMPLES;
	/* 8 x 256 creates, as many as before; the median of 8 medians. */
	double mz[8], mf[8];

	for (int i = 0; i < 8; i++)
		median_pair(n, create_zx, NULL, create_fd, NULL, 1e-3, &mz[i], &mf[i]);
	report(&(struct row){ "zx_vmo_create + close", "us",
			      "memfd_create + ftruncate + close" },
	       median(mz, 8), median(mf, 8), 8 * n);
}

static void punch(int fd, size_t len)
{
	if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, len))
		die_errno("punch");
}

struct decommit_ctx {
	zx_handle_t vmo;
	int fd;
	size_t len;
};

static double decommit_zx(void *arg)
{
	struct decommit_ctx *c = arg;
	double t0 = now_ns();

	check("decommit", zx_vmo_op_range(c->vmo, ZX_VMO_OP_DECOMMIT, 0, c->len,
					  NULL, 0));
	check("commit", zx_vmo_op_range(c->vmo, ZX_VMO_OP_COMMIT, 0, c->len,
					NULL, 0));
	return now_ns() - t0;
}

static double decommit_fd(void *arg)
{
	struct decommit_ctx *c = arg;
	double t0 = now_ns();

	punch(c->fd, c->len);
	if (fallocate(c->fd, 0, 0, c->len))
		die_errno("fallocate");
	return now_ns() - t0;
}

/* Decommit and recommit 64 MiB, against punching and refilling a memfd. */
static void bench_decommit(void)
{
	const size_t len = 64 * MIB;
	struct decommit_ctx c = { committed_vmo(len), memfd_filled(len), len };

	report_pair(&(struct row){ "decommit + recommit 64 MiB", "ms",
				   "memfd punch-hole + fallocate" }, 9,
		    decommit_zx, &c, decommit_fd, &c, 1e-6);
	zx_handle_close(c.vmo);
	close(c.fd);
}

/* The shrinker discarding 1 GiB, against punching 1 GiB out of a memfd. */
static void bench_discard(void)
{
	const size_t len = 1024 * MIB, each = 4 * MIB;
	const int n = len / each;
	zx_handle_t vmo[256];
	zx_vmo_lock_state_t st;
	double zx, mf, t0;
	long before;
	int fd;

	for (int i = 0; i < n; i++) {
		check("create", zx_vmo_create(each, ZX_VMO_DISCARDABLE, &vmo[i]));
		/* A discardable VMO becomes reclaimable with its first unlock. */
		check("lock", zx_vmo_op_range(vmo[i], ZX_VMO_OP_LOCK, 0, each, &st,
					      sizeof(st)));
		check("commit", zx_vmo_op_range(vmo[i], ZX_VMO_OP_COMMIT, 0, each,
						NULL, 0));
		check("unlock", zx_vmo_op_range(vmo[i], ZX_VMO_OP_UNLOCK, 0, each,
						NULL, 0));
	}
	before = module_pages();
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	t0 = now_ns();
	if (fd < 0 || write(fd, "2", 1) != 1)
		die_errno("drop_caches");
	zx = (now_ns() - t0) / 1e6;
	close(fd);
	if (before - module_pages() != (long)(len / PAGE)) {
		fprintf(stderr, "zxvmo-bench: drop_caches freed %ld pages, not %lu\n",
			before - module_pages(), len / PAGE);
		exit(1);
	}
	for (int i = 0; i < n; i++)
		zx_handle_close(vmo[i]);

	fd = memfd_sized(len);
	if (fallocate(fd, 0, 0, len))
		die_errno("fallocate");
	t0 = now_ns();
	punch(fd, len);
	mf = (now_ns() - t0) / 1e6;
	close(fd);
	report(&(struct row){ "shrinker discards 1 GiB (drop_caches)", "ms",
			      "memfd punch-hole 1 GiB" }, zx, mf, 1);
}

void bench_basic(void)
{
	bench_snapshot();
	bench_cow_fault();
	bench_rw();
	bench_first_touch();
	bench_create();
	bench_decommit();
	bench_discard();
}

/* Snapshot 64 MiB, write one page in the child: exactly one more page. */
int bench_snapshot_memory(void)
{
	const size_t len = 64 * MIB;
	zx_handle_t vmo = committed_vmo(len), child = snapshot(vmo, len);
	long before, after;
	char c = 7;

	before = module_pages();
	check("write", zx_vmo_write(child, &c, 12345, 1));
	after = module_pages();
	note("pages held after snapshotting 64 MiB and writing 1 page in the "
	     "child: +%ld", after - before);
	report(&(struct row){ "Snapshot/64MiB/PagesAfterOneWrite", "pages", NULL },
	       after - before, -1, 1);
	zx_handle_close(child);
	zx_handle_close(vmo);
	return after - before == 1 ? 0 : 1;
}
