// SPDX-License-Identifier: GPL-2.0
/*
 * zxvmo-bench: VMO operations against their Linux baseline, measured in
 * the same run on the same machine.  Each row prints the zxvmo figure, the
 * baseline figure and their ratio (zxvmo / baseline; lower is better).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zircon/process.h>
#include <zircon/status.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/object.h>

#define PAGE 4096ul
#define MIB (1024ul * 1024ul)

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void die(const char *what, zx_status_t st)
{
	fprintf(stderr, "zxvmo-bench: %s: %s\n", what, zx_status_get_string(st));
	exit(1);
}

static void check(const char *what, zx_status_t st)
{
	if (st != ZX_OK)
		die(what, st);
}

static void row(const char *name, const char *unit, double zx, double base,
		const char *baseline)
{
	printf("%-44s %12.1f %12.1f %8.2f  %s (%s)\n", name, zx, base,
	       zx / base, baseline, unit);
}

static zx_handle_t committed_vmo(size_t size)
{
	zx_handle_t vmo;

	check("create", zx_vmo_create(size, 0, &vmo));
	check("commit", zx_vmo_op_range(vmo, ZX_VMO_OP_COMMIT, 0, size, NULL, 0));
	return vmo;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median of @n samples (sorts them); robust against emulator noise. */
static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/*
 * Median time to create a snapshot of a VMO with @pages committed pages
 * (closing the child, which merges the tree back, is not timed).
 */
static double snapshot_ns(size_t pages, int iters)
{
	zx_handle_t vmo = committed_vmo(pages * PAGE), child;
	double t[256], t0;

	for (int i = 0; i < iters; i++) {
		t0 = now_ns();
		check("snapshot", zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0,
						      pages * PAGE, &child));
		t[i] = now_ns() - t0;
		zx_handle_close(child);
	}
	zx_handle_close(vmo);
	return median(t, iters);
}

/* Median time of fork + exit + wait of a process with @pages touched pages. */
static double fork_ns(size_t pages, int iters)
{
	char *mem = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	double t[256], t0;

	memset(mem, 1, pages * PAGE);
	for (int i = 0; i < iters; i++) {
		pid_t pid;

		t0 = now_ns();
		pid = fork();
		if (!pid)
			_exit(0);
		waitpid(pid, NULL, 0);
		t[i] = now_ns() - t0;
	}
	munmap(mem, pages * PAGE);
	return median(t, iters);
}

static void bench_snapshot(void)
{
	const int iters = 101;
	double zs = snapshot_ns(16, iters), zl = snapshot_ns(65536, iters);
	double fs = fork_ns(16, 21), fl = fork_ns(65536, 21);

	printf("snapshot of 16 pages: %.1f us, of 65536 pages: %.1f us (x%.2f); "
	       "fork: %.1f us, %.1f us (x%.2f)\n", zs / 1e3, zl / 1e3, zl / zs,
	       fs / 1e3, fl / 1e3, fl / fs);
	row("snapshot 65536 vs 16 committed pages", "growth", zl / zs, fl / fs,
	    "fork() growth");
}

/* Time per page of the first write to each page of a snapshot child. */
static double cow_fault_zx(size_t pages)
{
	zx_handle_t vmo = committed_vmo(pages * PAGE), child;
	zx_vaddr_t addr;
	double t0;

	check("snapshot", zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0,
					      pages * PAGE, &child));
	check("map", zx_vmar_map(zx_vmar_root_self(),
				 ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, child, 0,
				 pages * PAGE, &addr));
	t0 = now_ns();
	for (size_t i = 0; i < pages; i++)
		((volatile char *)addr)[i * PAGE] = 2;
	t0 = (now_ns() - t0) / pages;
	zx_vmar_unmap(zx_vmar_root_self(), addr, pages * PAGE);
	zx_handle_close(child);
	zx_handle_close(vmo);
	return t0;
}

/* The same after fork(), timed in the child, reported through a pipe. */
static double cow_fault_fork(size_t pages)
{
	char *mem = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	double t = 0;
	int p[2];
	pid_t pid;

	memset(mem, 1, pages * PAGE);
	if (pipe(p))
		exit(1);
	pid = fork();
	if (!pid) {
		double t0 = now_ns();

		for (size_t i = 0; i < pages; i++)
			((volatile char *)mem)[i * PAGE] = 2;
		t0 = (now_ns() - t0) / pages;
		if (write(p[1], &t0, sizeof(t0)) != sizeof(t0))
			_exit(1);
		_exit(0);
	}
	if (read(p[0], &t, sizeof(t)) != sizeof(t))
		t = 0;
	waitpid(pid, NULL, 0);
	close(p[0]);
	close(p[1]);
	munmap(mem, pages * PAGE);
	return t;
}

static void bench_cow_fault(void)
{
	row("first write fault on a snapshotted page", "ns/page",
	    cow_fault_zx(4096), cow_fault_fork(4096), "COW fault after fork()");
}

static void bench_rw(void)
{
	const size_t len = MIB;
	const int iters = 200;
	char *buf = malloc(len);
	zx_handle_t vmo = committed_vmo(len);
	int memfd = memfd_create("bench", 0);
	double zw, zr, mw, mr, t0;

	memset(buf, 3, len);
	if (ftruncate(memfd, len) || pwrite(memfd, buf, len, 0) != (ssize_t)len)
		exit(1);
	t0 = now_ns();
	for (int i = 0; i < iters; i++)
		check("write", zx_vmo_write(vmo, buf, 0, len));
	zw = (now_ns() - t0) / iters / 1e3;
	t0 = now_ns();
	for (int i = 0; i < iters; i++)
		check("read", zx_vmo_read(vmo, buf, 0, len));
	zr = (now_ns() - t0) / iters / 1e3;
	t0 = now_ns();
	for (int i = 0; i < iters; i++)
		if (pwrite(memfd, buf, len, 0) != (ssize_t)len)
			exit(1);
	mw = (now_ns() - t0) / iters / 1e3;
	t0 = now_ns();
	for (int i = 0; i < iters; i++)
		if (pread(memfd, buf, len, 0) != (ssize_t)len)
			exit(1);
	mr = (now_ns() - t0) / iters / 1e3;
	row("zx_vmo_write 1 MiB", "us", zw, mw, "pwrite memfd");
	row("zx_vmo_read 1 MiB", "us", zr, mr, "pread memfd");
	close(memfd);
	zx_handle_close(vmo);
	free(buf);
}

static double touch_ms(char *p, size_t len)
{
	double t0 = now_ns();

	for (size_t i = 0; i < len; i += PAGE)
		((volatile char *)p)[i] = 1;
	return (now_ns() - t0) / 1e6;
}

static void bench_first_touch(void)
{
	const size_t len = 64 * MIB;
	zx_handle_t vmo;
	zx_vaddr_t addr;
	int memfd = memfd_create("bench", 0);
	double zx, mf;
	char *m;

	check("create", zx_vmo_create(len, 0, &vmo));
	check("map", zx_vmar_map(zx_vmar_root_self(),
				 ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, vmo, 0,
				 len, &addr));
	zx = touch_ms((char *)addr, len);
	zx_vmar_unmap(zx_vmar_root_self(), addr, len);
	zx_handle_close(vmo);

	if (ftruncate(memfd, len))
		exit(1);
	m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
	mf = touch_ms(m, len);
	munmap(m, len);
	close(memfd);
	row("first-touch write faults over 64 MiB", "ms", zx, mf, "mapped memfd");
}

static void bench_create(void)
{
	const int iters = 2000;
	zx_handle_t vmo;
	double zx, mf, t0;

	t0 = now_ns();
	for (int i = 0; i < iters; i++) {
		check("create", zx_vmo_create(PAGE, 0, &vmo));
		zx_handle_close(vmo);
	}
	zx = (now_ns() - t0) / iters / 1e3;
	t0 = now_ns();
	for (int i = 0; i < iters; i++) {
		int fd = memfd_create("bench", 0);

		if (fd < 0 || ftruncate(fd, PAGE))
			exit(1);
		close(fd);
	}
	mf = (now_ns() - t0) / iters / 1e3;
	row("zx_vmo_create + close", "us", zx, mf,
	    "memfd_create + ftruncate + close");
}

static long module_pages(void);

static void punch(int fd, size_t len)
{
	if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, len))
		exit(1);
}

/* Decommit and recommit 64 MiB, against punching and refilling a memfd. */
static void bench_decommit(void)
{
	const size_t len = 64 * MIB;
	const int iters = 10;
	zx_handle_t vmo = committed_vmo(len);
	int memfd = memfd_create("bench", 0);
	double zx, mf, t0;

	t0 = now_ns();
	for (int i = 0; i < iters; i++) {
		check("decommit", zx_vmo_op_range(vmo, ZX_VMO_OP_DECOMMIT, 0, len,
						  NULL, 0));
		check("commit", zx_vmo_op_range(vmo, ZX_VMO_OP_COMMIT, 0, len,
						NULL, 0));
	}
	zx = (now_ns() - t0) / iters / 1e6;
	zx_handle_close(vmo);

	if (ftruncate(memfd, len) || fallocate(memfd, 0, 0, len))
		exit(1);
	t0 = now_ns();
	for (int i = 0; i < iters; i++) {
		punch(memfd, len);
		if (fallocate(memfd, 0, 0, len))
			exit(1);
	}
	mf = (now_ns() - t0) / iters / 1e6;
	close(memfd);
	row("decommit + recommit 64 MiB", "ms", zx, mf,
	    "memfd punch-hole + fallocate");
}

/* The shrinker discarding 1 GiB, against punching 1 GiB out of a memfd. */
static void bench_discard(void)
{
	const size_t len = 1024 * MIB, each = 4 * MIB;
	const int n = len / each;
	zx_handle_t vmo[256];
	int fd, memfd;
	double zx, mf, t0;

	zx_vmo_lock_state_t st;
	long before;

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
		exit(1);
	zx = (now_ns() - t0) / 1e6;
	close(fd);
	if (before - module_pages() != (long)(len / PAGE)) {
		fprintf(stderr, "zxvmo-bench: drop_caches freed %ld pages, not %lu\n",
			before - module_pages(), len / PAGE);
		exit(1);
	}
	for (int i = 0; i < n; i++)
		zx_handle_close(vmo[i]);

	memfd = memfd_create("bench", 0);
	if (ftruncate(memfd, len) || fallocate(memfd, 0, 0, len))
		exit(1);
	t0 = now_ns();
	punch(memfd, len);
	mf = (now_ns() - t0) / 1e6;
	close(memfd);
	row("shrinker discards 1 GiB (drop_caches)", "ms", zx, mf,
	    "memfd punch-hole 1 GiB");
}

static long module_pages(void)
{
	FILE *f = fopen("/sys/class/misc/zxvmo/pages", "r");
	long n = -1;

	if (f) {
		if (fscanf(f, "%ld", &n) != 1)
			n = -1;
		fclose(f);
	}
	return n;
}

/* Snapshot 64 MiB, write one page in the child: exactly one more page. */
static int bench_snapshot_memory(void)
{
	const size_t len = 64 * MIB;
	zx_handle_t vmo = committed_vmo(len), child;
	long before, after;
	char c = 7;

	check("snapshot", zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0, len,
					      &child));
	before = module_pages();
	check("write", zx_vmo_write(child, &c, 12345, 1));
	after = module_pages();
	printf("pages held after snapshotting 64 MiB and writing 1 page in the "
	       "child: +%ld\n", after - before);
	zx_handle_close(child);
	zx_handle_close(vmo);
	return after - before == 1 ? 0 : 1;
}

int main(void)
{
	printf("%-44s %12s %12s %8s  %s\n", "operation", "zxvmo", "baseline",
	       "ratio", "baseline (unit)");
	bench_snapshot();
	bench_cow_fault();
	bench_rw();
	bench_first_touch();
	bench_create();
	bench_decommit();
	bench_discard();
	return bench_snapshot_memory();
}
