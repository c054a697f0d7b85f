// SPDX-License-Identifier: GPL-2.0
/*
 * Zircon's VMO microbenchmarks, under the names Fuchsia's
 * src/tests/microbenchmarks (vmo.cc, mmu.cc, handle_creation.cc) gives
 * them, so that the figures can be set beside Zircon's; each against the
 * nearest Linux operation, measured in the same run:
 *
 *   Vmo/Read, Vmo/Write, Vmo/Write/ZeroPage   pread / pwrite on a memfd
 *   VmoMap/Read, VmoMap/Write                 mmap a memfd, memcpy, munmap
 *   Vmo/Clone, Vmo/Clone/MapParent,
 *   Vmo/Clone/{Read,Write}{Orig,Clone}{All,Some}
 *                                             fork() of a process with as
 *                                             much written private memory,
 *                                             the access done by the parent
 *                                             (Orig) or the child (Clone)
 *   HandleCreate_Vmo, Vmo/CreateWriteReadClose  memfd_create + ftruncate
 *                                             (+ pwrite + pread) + close
 *   Mmu/MapUnmap, Mmu/MapUnmapWithFaults      mmap / munmap of a memfd
 *
 * Sizes are Fuchsia's: 128, 512 and 2048 KiB, named "<case>/<n>kbytes".
 * Each figure is the median time of one run of the case in microseconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zircon/syscalls.h>

#include "harness.h"
#include "util.h"

/* Samples per side of a row: fork()s cost more under emulation. */
#define N_SAMPLES 21
#define N_FORK_SAMPLES 11

/* Fuchsia's clone cases touch one page every 8 in the "Some" variants. */
#define SOME_INTERVAL (8 * PAGE)

static const unsigned int sizes_kib[] = { 128, 512, 2048 };
#define NR_SIZES (sizeof(sizes_kib) / sizeof(sizes_kib[0]))

struct zctx {
	size_t size;
	zx_handle_t vmo;	/* committed */
	int fd;			/* filled memfd of the same size */
	char *buf;		/* a user buffer of the same size */
	char *anon;		/* written private memory (fork baselines) */
	int write, clone_target, all;
};

/* Report "<base>/<size>kbytes" with the medians of @zx and @linux. */
static void row_sized(const char *base, size_t size, const char *baseline,
		      sample_fn zx, sample_fn linux, int n, struct zctx *c)
{
	char name[64];

	if (snprintf(name, sizeof(name), "%s/%zukbytes", base, size / KIB) >=
	    (int)sizeof(name))
		die("row name", ZX_ERR_BUFFER_TOO_SMALL);
	report_pair(&(struct row){ name, "us", baseline }, n, zx, c, linux, c, 1e-3);
}

/* Vmo/Read, Vmo/Write(/ZeroPage): one zx_vmo_read/write of the whole VMO. */
static double vmo_rw(void *arg)
{
	struct zctx *c = arg;
	double t0 = now_ns();

	if (c->write)
		check("write", zx_vmo_write(c->vmo, c->buf, 0, c->size));
	else
		check("read", zx_vmo_read(c->vmo, c->buf, 0, c->size));
	return now_ns() - t0;
}

static double fd_rw(void *arg)
{
	struct zctx *c = arg;
	double t0 = now_ns();
	ssize_t n = c->write ? pwrite(c->fd, c->buf, c->size, 0)
			     : pread(c->fd, c->buf, c->size, 0);

	if (n != (ssize_t)c->size)
		die_errno("pread/pwrite");
	return now_ns() - t0;
}

/* A buffer mapping the shared zero page (read, never written) or filled. */
static char *user_buffer(size_t size, int zero_page)
{
	char *p;

	if (!zero_page)
		return anon_filled(size);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED)
		die_errno("mmap");
	read_pages(p, size);
	return p;
}

static const struct {
	const char *name, *baseline;
	int write, zero_page;
} rw_cases[] = {
	{ "Vmo/Read", "pread memfd", 0, 0 },
	{ "Vmo/Write", "pwrite memfd", 1, 0 },
	{ "Vmo/Write/ZeroPage", "pwrite memfd from the zero page", 1, 1 },
};

static void bench_read_write(size_t i, size_t size)
{
	struct zctx c = { .size = size, .vmo = committed_vmo(size),
			  .fd = memfd_filled(size),
			  .buf = user_buffer(size, rw_cases[i].zero_page),
			  .write = rw_cases[i].write };

	row_sized(rw_cases[i].name, size, rw_cases[i].baseline, vmo_rw, fd_rw,
		  N_SAMPLES, &c);
	unmap_fd(c.buf, size);
	close(c.fd);
	zx_handle_close(c.vmo);
}

/* Copy between a fresh mapping @m and the buffer, as VmoMap does. */
static void copy_mapped(struct zctx *c, char *m)
{
	if (c->write)
		memcpy(m, c->buf, c->size);
	else
		memcpy(c->buf, m, c->size);
}

/* VmoMap/Read, VmoMap/Write: map, memcpy the whole VMO, unmap. */
static double vmo_map_rw(void *arg)
{
	struct zctx *c = arg;
	double t0 = now_ns();
	char *m = map_vmo(c->vmo, c->size);

	copy_mapped(c, m);
	unmap_vmo(m, c->size);
	return now_ns() - t0;
}

static double fd_map_rw(void *arg)
{
	struct zctx *c = arg;
	double t0 = now_ns();
	char *m = map_fd(c->fd, c->size);

	copy_mapped(c, m);
	unmap_fd(m, c->size);
	return now_ns() - t0;
}

static void bench_map_read_write(int write, size_t size)
{
	struct zctx c = { .size = size, .vmo = committed_vmo(size),
			  .fd = memfd_filled(size), .buf = anon_filled(size),
			  .write = write };

	row_sized(write ? "VmoMap/Write" : "VmoMap/Read", size,
		  "mmap memfd + memcpy + munmap", vmo_map_rw, fd_map_rw,
		  N_SAMPLES, &c);
	unmap_fd(c.buf, size);
	close(c.fd);
	zx_handle_close(c.vmo);
}

/* Vmo/Clone: snapshot + close. */
static double vmo_clone(void *arg)
{
	struct zctx *c = arg;
	double t0 = now_ns();

	zx_handle_close(snapshot(c->vmo, c->size));
	return now_ns() - t0;
}

/* Vmo/Clone/MapParent: the same with the parent mapped and faulted in. */
static double vmo_clone_mapped(void *arg)
{
	struct zctx *c = arg;
	char *m = map_vmo_ro(c->vmo, c->size);
	double t;

	read_pages(m, c->size);
	t = vmo_clone(c);
	unmap_vmo(m, c->size);
	return t;
}

/* Read or write the target region, all of it or one page every 8. */
static void access_some_or_all(struct zctx *c, zx_handle_t vmo, char *mem)
{
	size_t step = c->all ? c->size : SOME_INTERVAL;
	size_t len = c->all ? c->size : PAGE;

	for (size_t off = 0; off < c->size; off += step) {
		if (vmo && c->write)
			check("write", zx_vmo_write(vmo, c->buf, off, len));
		else if (vmo)
			check("read", zx_vmo_read(vmo, c->buf, off, len));
		else if (c->write)
			memcpy(mem + off, c->buf, len);
		else
			memcpy(c->buf, mem + off, len);
	}
}

/* Vmo/Clone/{Read,Write}{Orig,Clone}{All,Some}: snapshot, access, close. */
static double vmo_clone_access(void *arg)
{
	struct zctx *c = arg;
	double t0 = now_ns();
	zx_handle_t clone = snapshot(c->vmo, c->size);

	access_some_or_all(c, c->clone_target ? clone : c->vmo, NULL);
	zx_handle_close(clone);
	return now_ns() - t0;
}

static void fork_access(void *arg)
{
	struct zctx *c = arg;

	access_some_or_all(c, 0, c->anon);
}

/* The baseline: fork(), the parent or the child accesses, exit, wait. */
static double fork_clone_access(void *arg)
{
	struct zctx *c = arg;
	double t0 = now_ns();

	if (c->clone_target)
		fork_run(NULL, fork_access, c);
	else
		fork_run(fork_access, NULL, c);
	return now_ns() - t0;
}

static double fork_only(void *arg)
{
	double t0 = now_ns();

	(void)arg;
	fork_run(NULL, NULL, NULL);
	return now_ns() - t0;
}

/* The clone case @i (0: Vmo/Clone, 1: MapParent, 2..9: access) at @size. */
static void bench_clone(int i, size_t size)
{
	static const char *const rw[] = { "Read", "Write" };
	static const char *const target[] = { "Orig", "Clone" };
	static const char *const density[] = { "Some", "All" };
	struct zctx c = { .size = size, .vmo = committed_vmo(size),
			  .buf = anon_filled(size), .anon = anon_filled(size) };
	char name[64];

	if (i < 2) {
		row_sized(i ? "Vmo/Clone/MapParent" : "Vmo/Clone", size,
			  "fork() + exit + wait", i ? vmo_clone_mapped : vmo_clone,
			  fork_only, N_FORK_SAMPLES, &c);
	} else {
		/* Fuchsia's order: Read before Write, Orig before Clone, Some before All. */
		c.write = (i - 2) >> 2;
		c.clone_target = ((i - 2) >> 1) & 1;
		c.all = (i - 2) & 1;
		snprintf(name, sizeof(name), "Vmo/Clone/%s%s%s", rw[c.write],
			 target[c.clone_target], density[c.all]);
		row_sized(name, size, "fork(), memcpy in parent (Orig) or child (Clone)",
			  vmo_clone_access, fork_clone_access, N_FORK_SAMPLES, &c);
	}
	unmap_fd(c.anon, size);
	unmap_fd(c.buf, size);
	zx_handle_close(c.vmo);
}

/* HandleCreate_Vmo: create 64 KiB + close. */
static double handle_create_zx(void *arg)
{
	double t0 = now_ns();
	zx_handle_t vmo;

	(void)arg;
	check("create", zx_vmo_create(64 * KIB, 0, &vmo));
	zx_handle_close(vmo);
	return now_ns() - t0;
}

static double handle_create_fd(void *arg)
{
	double t0 = now_ns();

	(void)arg;
	close(memfd_sized(64 * KIB));
	return now_ns() - t0;
}

/* Vmo/CreateWriteReadClose: create a page, write it, read it, close. */
static double cwrc_zx(void *arg)
{
	char *buf = arg;
	double t0 = now_ns();
	zx_handle_t vmo;

	check("create", zx_vmo_create(PAGE, 0, &vmo));
	check("write", zx_vmo_write(vmo, buf, 0, PAGE));
	check("read", zx_vmo_read(vmo, buf, 0, PAGE));
	zx_handle_close(vmo);
	return now_ns() - t0;
}

static double cwrc_fd(void *arg)
{
	char *buf = arg;
	double t0 = now_ns();
	int fd = memfd_sized(PAGE);

	if (pwrite(fd, buf, PAGE, 0) != PAGE || pread(fd, buf, PAGE, 0) != PAGE)
		die_errno("pwrite/pread");
	close(fd);
	return now_ns() - t0;
}

static void bench_create_close(void)
{
	const int n = 101;
	static char buf[PAGE];

	memset(buf, 0x5a, sizeof(buf));
	report_pair(&(struct row){ "HandleCreate_Vmo", "us",
				   "memfd_create + ftruncate + close" }, n,
		    handle_create_zx, NULL, handle_create_fd, NULL, 1e-3);
	report_pair(&(struct row){ "Vmo/CreateWriteReadClose", "us",
				   "memfd_create + ftruncate + pwrite + pread + close" },
		    n, cwrc_zx, buf, cwrc_fd, buf, 1e-3);
}

/*
 * Mmu/MapUnmap(WithFaults): map 1 MiB of a 4 MiB uncommitted VMO (Fuchsia
 * maps it in chunks of 511 pages: one chunk at this size), read-fault
 * every page or not, unmap.
 */
struct mmu_ctx {
	zx_handle_t vmo;
	int fd;
	int faults;
};

static double mmu_zx(void *arg)
{
	struct mmu_ctx *c = arg;
	double t0 = now_ns();
	char *m = map_vmo_ro(c->vmo, MIB);

	if (c->faults)
		read_pages(m, MIB);
	unmap_vmo(m, MIB);
	return now_ns() - t0;
}

static double mmu_fd(void *arg)
{
	struct mmu_ctx *c = arg;
	double t0 = now_ns();
	char *m = map_fd_ro(c->fd, MIB);

	if (c->faults)
		read_pages(m, MIB);
	unmap_fd(m, MIB);
	return now_ns() - t0;
}

static void bench_mmu(void)
{
	struct mmu_ctx c = { .fd = memfd_sized(4 * MIB) };

	check("create", zx_vmo_create(4 * MIB, 0, &c.vmo));
	for (c.faults = 0; c.faults <= 1; c.faults++)
		report_pair(&(struct row){ c.faults ? "Mmu/MapUnmapWithFaults"
						    : "Mmu/MapUnmap",
					   "us", "mmap + munmap of a memfd" },
			    N_SAMPLES, mmu_zx, &c, mmu_fd, &c, 1e-3);
	close(c.fd);
	zx_handle_close(c.vmo);
}

void bench_zircon(void)
{
	for (size_t i = 0; i < sizeof(rw_cases) / sizeof(rw_cases[0]); i++)
		for (size_t j = 0; j < NR_SIZES; j++)
			bench_read_write(i, sizes_kib[j] * KIB);
	for (int write = 0; write <= 1; write++)
		for (size_t j = 0; j < NR_SIZES; j++)
			bench_map_read_write(write, sizes_kib[j] * KIB);
	for (int i = 0; i < 10; i++)
		for (size_t j = 0; j < NR_SIZES; j++)
			bench_clone(i, sizes_kib[j] * KIB);
	bench_create_close();
	bench_mmu();
}
