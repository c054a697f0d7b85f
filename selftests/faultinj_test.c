// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection: failslab and fail_page_alloc fail the allocations of
 * this test's thread only (task-filter=Y, /proc/thread-self/make-it-fail
 * set just around each call), while it loops through every VMO operation.
 * Each failure must be ZX_ERR_NO_MEMORY, the VMOs' contents must stay what
 * a model of them says, and after everything is closed the module's VMO
 * and page counters are back where they were (kmemleak checks the rest
 * after rmmod, in vm-run).
 *
 * random_ops: probability 10%, interval 1, times -1, for
 *             ZXVMO_FAULTINJ_SECONDS (default 15).
 * every_nth:  /proc/thread-self/fail-nth fails the 1st, 2nd, ... allocation
 *             of each operation in turn until it needs no more: every
 *             allocation site on each path, deterministically.
 *
 * A failed operation that spans pages may have been partly done (Zircon
 * allows that for writes, zero and decommit): every byte it touched must
 * then hold either its old or its new value, and nothing else may change.
 *
 * SKIPs when the kernel has no fault injection (the stock guest).
 */
#include "zxvmo_test.h"
#include "stress_common.h"

#include <sys/mount.h>

#define FI_DIR_SLAB	"/sys/kernel/debug/failslab/"
#define FI_DIR_PAGE	"/sys/kernel/debug/fail_page_alloc/"
#define NV		6
#define MAXP		8

struct mvmo {
	int fd;			/* -1: free */
	uint64_t size;
	bool resizable;
	uint8_t *data;		/* what the VMO holds: MAXP pages */
};

struct fi {
	struct __test_metadata *md;
	struct rng r;
	uint64_t seed;
	int mif_fd, nth_fd;	/* /proc/thread-self/{make-it-fail,fail-nth} */
	int ctl_fd;		/* /dev/zxvmo */
	bool quiet;		/* no injection at all (building a scene) */
	unsigned int nth;	/* 0: probability mode */
	bool injected;		/* the last op saw a failure injected (nth) */
	struct mvmo v[NV];
	uint8_t *map;		/* a mapping of v[0], MAXP pages, or NULL */
	unsigned long ops, failures, partial;
	char err[256];
	const char *op;		/* the current operation, for messages */
};

/* ---- debugfs attributes, saved and restored ---- */

struct attr {
	const char *path, *value;
	char saved[64];
};

static struct attr attrs[] = {
	{ FI_DIR_SLAB "probability", "10", "" },
	{ FI_DIR_SLAB "interval", "1", "" },
	{ FI_DIR_SLAB "times", "-1", "" },
	{ FI_DIR_SLAB "space", "0", "" },
	{ FI_DIR_SLAB "verbose", "0", "" },
	{ FI_DIR_SLAB "task-filter", "Y", "" },
	{ FI_DIR_SLAB "ignore-gfp-wait", "N", "" },
	{ FI_DIR_SLAB "cache-filter", "N", "" },
	{ FI_DIR_PAGE "probability", "10", "" },
	{ FI_DIR_PAGE "interval", "1", "" },
	{ FI_DIR_PAGE "times", "-1", "" },
	{ FI_DIR_PAGE "space", "0", "" },
	{ FI_DIR_PAGE "verbose", "0", "" },
	{ FI_DIR_PAGE "task-filter", "Y", "" },
	{ FI_DIR_PAGE "ignore-gfp-wait", "N", "" },
	{ FI_DIR_PAGE "ignore-gfp-highmem", "N", "" },
	{ FI_DIR_PAGE "min-order", "0", "" },
};

#define NATTRS (sizeof(attrs) / sizeof(attrs[0]))

static int put_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, s, strlen(s)) == (ssize_t)strlen(s);
	close(fd);
	return ok ? 0 : -1;
}

static int get_str(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

static bool fi_available(void)
{
	if (access(FI_DIR_SLAB "probability", W_OK))
		mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	return !access(FI_DIR_SLAB "probability", W_OK) &&
	       !access(FI_DIR_PAGE "probability", W_OK) &&
	       !access("/proc/thread-self/make-it-fail", W_OK) &&
	       !access("/proc/thread-self/fail-nth", W_OK);
}

static int fi_configure(void)
{
	size_t i;

	for (i = 0; i < NATTRS; i++)
		if (get_str(attrs[i].path, attrs[i].saved, sizeof(attrs[i].saved)))
			return -1;
	for (i = 0; i < NATTRS; i++)
		if (put_str(attrs[i].path, attrs[i].value))
			return -1;
	return 0;
}

static void fi_restore(void)
{
	size_t i;

	for (i = 0; i < NATTRS; i++)
		if (attrs[i].saved[0])
			put_str(attrs[i].path, attrs[i].saved);
}

/* ---- injection around one call ---- */

static void inject_on(struct fi *f)
{
	char buf[16];
	int n;

	if (f->quiet)
		return;
	if (f->nth) {
		n = snprintf(buf, sizeof(buf), "%u", f->nth);
		(void)!pwrite(f->nth_fd, buf, (size_t)n, 0);
	} else {
		(void)!pwrite(f->mif_fd, "1", 1, 0);
	}
}

static void inject_off(struct fi *f)
{
	char buf[16] = "";

	if (f->quiet)
		return;
	if (f->nth) {
		/* 0 once the nth failure was injected; else still counting. */
		(void)!pread(f->nth_fd, buf, sizeof(buf) - 1, 0);
		f->injected = strtoul(buf, NULL, 10) == 0;
		(void)!pwrite(f->nth_fd, "0", 1, 0);
	} else {
		(void)!pwrite(f->mif_fd, "0", 1, 0);
	}
}

static zx_status_t fi_ioctl(struct fi *f, int fd, unsigned long cmd, void *arg,
			    long *ret)
{
	zx_status_t st;
	long r;

	inject_on(f);
	r = xioctl(fd, cmd, arg, &st);
	inject_off(f);
	if (ret)
		*ret = r;
	f->ops++;
	if (st != ZX_OK)
		f->failures++;
	return st;
}

static void fi_fail(struct fi *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fi_fail(struct fi *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (f->err[0])
		return;
	n = snprintf(f->err, sizeof(f->err), "%s: ", f->op);
	va_start(ap, fmt);
	vsnprintf(f->err + n, sizeof(f->err) - (size_t)n, fmt, ap);
	va_end(ap);
}

/* Under injection the only failure is NO_MEMORY. */
static bool fi_status(struct fi *f, zx_status_t st)
{
	if (st != ZX_OK && st != ZX_ERR_NO_MEMORY)
		fi_fail(f, "status %d (%s), expected ZX_OK or ZX_ERR_NO_MEMORY",
			st, zx_status_get_string(st));
	return st == ZX_OK;
}

/* ---- the model ---- */

static bool rw_raw(int fd, bool write, void *buf, uint64_t off, uint64_t len)
{
	struct zxvmo_rw_args a = {
		.buffer = (uintptr_t)buf, .offset = off, .length = len,
	};
	zx_status_t st;

	xioctl(fd, write ? ZXVMO_IOC_WRITE : ZXVMO_IOC_READ, &a, &st);
	return st == ZX_OK;
}

/* Without injection: the VMO must hold the model's size and bytes. */
static void check_vmo(struct fi *f, struct mvmo *m)
{
	uint8_t buf[MAXP * 4096];
	uint64_t size = 0;
	zx_status_t st;
	uint64_t i;

	xioctl(m->fd, ZXVMO_IOC_GET_SIZE, &size, &st);
	if (st != ZX_OK || size != m->size) {
		fi_fail(f, "size %llu (status %d), model %llu",
			(unsigned long long)size, st,
			(unsigned long long)m->size);
		return;
	}
	if (!rw_raw(m->fd, false, buf, 0, size)) {
		fi_fail(f, "read back failed");
		return;
	}
	for (i = 0; i < size; i++)
		if (buf[i] != m->data[i]) {
			fi_fail(f, "fd %d byte %llu is %#x, model %#x", m->fd,
				(unsigned long long)i, buf[i], m->data[i]);
			return;
		}
}

/*
 * After a call that would have made [off, off+len) hold @want but may have
 * done only part of it: each byte holds the old or the new value, and
 * nothing else changed.  Adopts what is there; true if anything changed.
 */
static bool settle(struct fi *f, struct mvmo *m, uint64_t off, uint64_t len,
		   const uint8_t *want)
{
	uint8_t buf[MAXP * 4096];
	uint64_t i;
	bool changed = false;

	if (!rw_raw(m->fd, false, buf, 0, m->size)) {
		fi_fail(f, "read back failed");
		return false;
	}
	for (i = 0; i < m->size; i++) {
		bool in = i >= off && i < off + len;

		if (buf[i] == m->data[i])
			continue;
		if (!in || buf[i] != want[i - off]) {
			fi_fail(f, "failed call changed byte %llu to %#x (old %#x)",
				(unsigned long long)i, buf[i], m->data[i]);
			return false;
		}
		changed = true;
	}
	if (changed)
		memcpy(m->data, buf, m->size);
	return changed;
}

/* After a failed call: as settle(), counting (and naming) partial ones. */
static void settle_partial(struct fi *f, struct mvmo *m, uint64_t off,
			   uint64_t len, const uint8_t *want)
{
	if (!settle(f, m, off, len, want))
		return;
	if (f->partial < 5)
		fprintf(stderr, "# %s failed but changed part of [%llu, +%llu)\n",
			f->op, (unsigned long long)off, (unsigned long long)len);
	f->partial++;
}

/* After a content size of @cs: bytes from @cs on hold old values or 0. */
static void settle_tail(struct fi *f, struct mvmo *m, uint64_t cs)
{
	static const uint8_t zeros[MAXP * 4096];

	settle(f, m, cs, m->size - cs, zeros);
}

static struct mvmo *pick_live(struct fi *f)
{
	int i, k = (int)rnd_below(&f->r, NV);

	for (i = 0; i < NV; i++) {
		struct mvmo *m = &f->v[(k + i) % NV];

		if (m->fd >= 0)
			return m;
	}
	return NULL;
}

static struct mvmo *pick_free(struct fi *f)
{
	int i;

	for (i = 0; i < NV; i++)
		if (f->v[i].fd < 0)
			return &f->v[i];
	return NULL;
}

static void drop(struct fi *f, struct mvmo *m)
{
	if (m == &f->v[0] && f->map) {
		munmap(f->map, MAXP * PAGE);
		f->map = NULL;
	}
	close(m->fd);
	m->fd = -1;
}

/* ---- operations: each under injection, then checked ---- */

static void op_create(struct fi *f)
{
	struct mvmo *m = pick_free(f);
	struct zxvmo_create_args a = {
		.size = rnd_below(&f->r, MAXP + 1) * PAGE,
		.options = rnd_chance(&f->r, 50) ? ZXVMO_OPT_RESIZABLE : 0,
	};
	long fd;

	if (!m)
		return;
	f->op = "create";
	if (!fi_status(f, fi_ioctl(f, f->ctl_fd, ZXVMO_IOC_CREATE, &a, &fd)))
		return;
	m->fd = (int)fd;
	m->size = a.size;
	m->resizable = a.options;
	memset(m->data, 0, MAXP * PAGE);
	check_vmo(f, m);
}

/* A snapshot of part of a live VMO: a copy of the model's bytes. */
static void op_snapshot(struct fi *f)
{
	struct mvmo *p = pick_live(f), *m = pick_free(f);
	struct zxvmo_child_args a = {
		.options = ZXVMO_CHILD_SNAPSHOT,
	};
	long fd;

	if (!p || !m)
		return;
	a.offset = rnd_below(&f->r, p->size / PAGE + 1) * PAGE;
	a.size = rnd_below(&f->r, MAXP + 1) * PAGE;
	if (a.offset + a.size > MAXP * PAGE)
		a.size = MAXP * PAGE - a.offset;
	if (rnd_chance(&f->r, 50))
		a.options |= ZXVMO_CHILD_RESIZABLE;
	f->op = "create_child(SNAPSHOT)";
	if (!fi_status(f, fi_ioctl(f, p->fd, ZXVMO_IOC_CREATE_CHILD, &a, &fd)))
		return;
	m->fd = (int)fd;
	m->size = a.size;
	m->resizable = a.options & ZXVMO_CHILD_RESIZABLE;
	memset(m->data, 0, MAXP * PAGE);
	if (a.offset < p->size)
		memcpy(m->data, p->data + a.offset,
		       a.size < p->size - a.offset ? a.size : p->size - a.offset);
	check_vmo(f, m);
}

/* A slice or an at-least-on-write child: made and closed at once. */
static void op_other_child(struct fi *f)
{
	struct mvmo *p = pick_live(f);
	struct zxvmo_child_args a = { 0 };
	zx_status_t st;
	long fd;

	if (!p)
		return;
	a.options = rnd_chance(&f->r, 50) ? ZXVMO_CHILD_SLICE :
		    ZXVMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE;
	a.size = p->size;
	f->op = "create_child(SLICE/AT_LEAST_ON_WRITE)";
	st = fi_ioctl(f, p->fd, ZXVMO_IOC_CREATE_CHILD, &a, &fd);
	if (st == ZX_ERR_NOT_SUPPORTED && p->resizable &&
	    a.options == ZXVMO_CHILD_SLICE)
		return;	/* no slices of resizable VMOs */
	if (fi_status(f, st))
		close((int)fd);
	check_vmo(f, p);
}

static void op_write(struct fi *f)
{
	struct mvmo *m = pick_live(f);
	uint8_t buf[MAXP * 4096];
	uint64_t off, len;
	zx_status_t st;
	struct zxvmo_rw_args a;

	if (!m || !m->size)
		return;
	off = rnd_below(&f->r, m->size);
	len = rnd_below(&f->r, m->size - off) + 1;
	pattern_fill(buf, off, len, (uint32_t)rng_next(&f->r));
	a = (struct zxvmo_rw_args){ (uintptr_t)buf, off, len };
	f->op = "write";
	st = fi_ioctl(f, m->fd, ZXVMO_IOC_WRITE, &a, NULL);
	if (fi_status(f, st))
		memcpy(m->data + off, buf, len);
	else
		settle_partial(f, m, off, len, buf);
	check_vmo(f, m);
}

static void op_read(struct fi *f)
{
	struct mvmo *m = pick_live(f);
	uint8_t buf[MAXP * 4096];
	struct zxvmo_rw_args a;

	if (!m || !m->size)
		return;
	a = (struct zxvmo_rw_args){ (uintptr_t)buf, 0, m->size };
	f->op = "read";
	if (fi_status(f, fi_ioctl(f, m->fd, ZXVMO_IOC_READ, &a, NULL)) &&
	    memcmp(buf, m->data, m->size))
		fi_fail(f, "read differs from the model");
}

static void op_set_size(struct fi *f)
{
	struct mvmo *m = pick_live(f);
	uint64_t size = rnd_below(&f->r, MAXP + 1) * PAGE;

	if (!m || !m->resizable)
		return;
	f->op = "set_size";
	if (fi_status(f, fi_ioctl(f, m->fd, ZXVMO_IOC_SET_SIZE, &size, NULL))) {
		if (size < m->size)
			memset(m->data + size, 0, m->size - size);
		m->size = size;
	}
	check_vmo(f, m);
}

static void op_range(struct fi *f)
{
	static const uint32_t ops[] = {
		ZXVMO_OP_COMMIT, ZXVMO_OP_DECOMMIT, ZXVMO_OP_ZERO,
		ZXVMO_OP_DONT_NEED, ZXVMO_OP_ALWAYS_NEED, ZXVMO_OP_CACHE_SYNC,
	};
	struct mvmo *m = pick_live(f);
	struct zxvmo_op_range_args a = { 0 };
	zx_status_t st;
	bool zeroes;

	if (!m || !m->size)
		return;
	a.op = ops[rnd_below(&f->r, sizeof(ops) / sizeof(ops[0]))];
	a.offset = rnd_below(&f->r, m->size / PAGE) * PAGE;
	a.size = (rnd_below(&f->r, (m->size - a.offset) / PAGE) + 1) * PAGE;
	zeroes = a.op == ZXVMO_OP_DECOMMIT || a.op == ZXVMO_OP_ZERO;
	f->op = "op_range";
	st = fi_ioctl(f, m->fd, ZXVMO_IOC_OP_RANGE, &a, NULL);
	if (st == ZX_ERR_NOT_SUPPORTED && a.op == ZXVMO_OP_DECOMMIT)
		return;	/* a copy-on-write child */
	/* A ZERO or DECOMMIT that fails changes no byte. */
	if (fi_status(f, st) && zeroes)
		memset(m->data + a.offset, 0, a.size);
	check_vmo(f, m);
}

/* Other calls that allocate: dup, name, info, content size, policy. */
static void op_misc(struct fi *f)
{
	struct mvmo *m = pick_live(f);
	struct zxvmo_dup_args d = { ZXVMO_RIGHT_SAME_RIGHTS, 0, 0 };
	struct zxvmo_info info;
	char name[ZXVMO_NAME_LEN] = "faultinj";
	uint64_t cs;
	uint32_t policy = ZXVMO_CACHE_POLICY_CACHED;
	zx_status_t st;
	long fd;

	if (!m)
		return;
	switch (rnd_below(&f->r, 5)) {
	case 0:
		f->op = "duplicate";
		if (fi_status(f, fi_ioctl(f, m->fd, ZXVMO_IOC_DUPLICATE, &d, &fd)))
			close((int)fd);
		break;
	case 1:
		f->op = "set_name";
		fi_status(f, fi_ioctl(f, m->fd, ZXVMO_IOC_SET_NAME, name, NULL));
		break;
	case 2:
		f->op = "get_info";
		fi_status(f, fi_ioctl(f, m->fd, ZXVMO_IOC_GET_INFO, &info, NULL));
		break;
	case 3:
		cs = rnd_below(&f->r, m->size + 1);
		f->op = "set_content_size";
		/*
		 * As in Zircon, a smaller content size zeroes what follows;
		 * a call that fails changes no byte.
		 */
		if (fi_status(f, fi_ioctl(f, m->fd, ZXVMO_IOC_SET_CONTENT_SIZE,
					  &cs, NULL)))
			settle_tail(f, m, cs);
		break;
	default:
		f->op = "set_cache_policy";
		st = fi_ioctl(f, m->fd, ZXVMO_IOC_SET_CACHE_POLICY, &policy, NULL);
		/* Pages, children, mappings; copy-on-write children. */
		if (st != ZX_ERR_BAD_STATE && st != ZX_ERR_NOT_SUPPORTED)
			fi_status(f, st);
		break;
	}
	check_vmo(f, m);
}

/* mmap v[0] and write a byte through the mapping, all under injection. */
static void op_mapping(struct fi *f)
{
	struct mvmo *m = &f->v[0];
	uint64_t off;
	uint8_t b = (uint8_t)rng_next(&f->r);
	int sig;

	if (m->fd < 0 || !m->size)
		return;
	f->op = "mmap";
	if (!f->map) {
		void *p;

		inject_on(f);
		p = mmap(NULL, MAXP * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
			 m->fd, 0);
		inject_off(f);
		if (p == MAP_FAILED) {
			if (errno != ENOMEM)
				fi_fail(f, "errno %d", errno);
			return;
		}
		f->map = p;
	}
	off = rnd_below(&f->r, m->size);
	f->op = "write through a mapping";
	/* A fault that cannot allocate is retried (VM_FAULT_OOM). */
	inject_on(f);
	sig = probe_copy(f->map + off, &b, 1, true);
	inject_off(f);
	if (sig)
		fi_fail(f, "signal %d at offset %llu", sig,
			(unsigned long long)off);
	else
		m->data[off] = b;
	check_vmo(f, m);
}

static void op_close(struct fi *f)
{
	struct mvmo *m = pick_live(f);

	if (m)
		drop(f, m);
}

typedef void (*fi_op_fn)(struct fi *f);

static const fi_op_fn fi_ops[] = {
	op_create, op_snapshot, op_other_child, op_write, op_write, op_read,
	op_set_size, op_range, op_range, op_misc, op_mapping, op_close,
};

#define NOPS (sizeof(fi_ops) / sizeof(fi_ops[0]))

/* ---- the tests ---- */

FIXTURE(faultinj) {
	struct fi f;
	long vmos0, pages0;
	bool configured;
};

FIXTURE_SETUP(faultinj)
{
	int i;

	if (!fi_available())
		SKIP(return, "no failslab/fail_page_alloc in debugfs (stock kernel?)");
	memset(&self->f, 0, sizeof(self->f));
	self->f.md = _metadata;
	self->f.seed = stress_seed();
	rng_init(&self->f.r, self->f.seed, 0);
	for (i = 0; i < NV; i++) {
		self->f.v[i].fd = -1;
		self->f.v[i].data = calloc(MAXP, PAGE);
		ASSERT_NE(NULL, self->f.v[i].data);
	}
	self->f.ctl_fd = open("/dev/zxvmo", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->f.ctl_fd);
	self->f.mif_fd = open("/proc/thread-self/make-it-fail", O_RDWR | O_CLOEXEC);
	self->f.nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->f.mif_fd);
	ASSERT_LE(0, self->f.nth_fd);
	self->vmos0 = zxvmo_counter("vmos");
	self->pages0 = zxvmo_counter("pages");
	ASSERT_EQ(0, fi_configure());
	self->configured = true;
	install_probe_handlers();
}

FIXTURE_TEARDOWN(faultinj)
{
	if (self->configured)
		fi_restore();
}

/* Closes everything and checks the module's counters are back. */
static void finish(struct __test_metadata *_metadata, struct fi *f,
		   long vmos0, long pages0)
{
	long vmos1, pages1;
	int i;

	for (i = 0; i < NV; i++) {
		if (f->v[i].fd >= 0) {
			f->op = "final check";
			check_vmo(f, &f->v[i]);
			drop(f, &f->v[i]);
		}
		free(f->v[i].data);
	}
	fprintf(stderr, "# %lu calls, %lu failed, %lu failed calls partly done\n",
		f->ops, f->failures, f->partial);
	if (f->err[0])
		TH_LOG("%s (seed=%llu, nth=%u)", f->err,
		       (unsigned long long)f->seed, f->nth);
	EXPECT_EQ(0, f->err[0]);
	if (vmos0 >= 0) {
		EXPECT_TRUE(counters_settle(vmos0, pages0, &vmos1, &pages1));
		EXPECT_EQ(vmos0, vmos1);
		EXPECT_EQ(pages0, pages1);
	}
}

/* Random operations, each allocation failing with probability 10%. */
TEST_F_TIMEOUT(faultinj, random_ops, STRESS_HARNESS_TIMEOUT)
{
	uint64_t secs = env_u64("ZXVMO_FAULTINJ_SECONDS", 15);
	uint64_t end = now_ns() + secs * 1000000000ull;
	struct fi *f = &self->f;

	if (_metadata->skip)
		return;
	SEED_LOG("random_ops", f->seed, secs);
	while (now_ns() < end && !f->err[0])
		fi_ops[rnd_below(&f->r, NOPS)](f);
	finish(_metadata, f, self->vmos0, self->pages0);
	EXPECT_LT(0ul, f->failures);
}

/*
 * Every operation with its 1st, 2nd, ... allocation failing, until it
 * needs no more: a fixed scene (two VMOs with data, a snapshot, a mapping)
 * rebuilt without injection before each try.
 */
static void build_scene(struct fi *f)
{
	int i;

	f->quiet = true;
	for (i = 0; i < NV; i++)
		if (f->v[i].fd >= 0)
			drop(f, &f->v[i]);
	/* Without make-it-fail nothing fails: a clean scene. */
	op_create(f);
	while (f->v[0].fd >= 0 && !f->v[0].size && !f->err[0]) {
		drop(f, &f->v[0]);
		op_create(f);
	}
	op_write(f);
	op_create(f);
	op_write(f);
	op_snapshot(f);
	f->quiet = false;
}

TEST_F_TIMEOUT(faultinj, every_nth, STRESS_HARNESS_TIMEOUT)
{
	struct fi *f = &self->f;
	unsigned int k, nth;

	if (_metadata->skip)
		return;
	SEED_LOG("every_nth", f->seed, 0ul);
	for (k = 0; k < NOPS && !f->err[0]; k++) {
		for (nth = 1; nth < 64 && !f->err[0]; nth++) {
			struct rng saved = f->r;

			build_scene(f);
			f->nth = nth;
			f->injected = false;
			fi_ops[k](f);
			f->nth = 0;
			f->r = saved;
			if (!f->injected)
				break;	/* the op needed fewer allocations */
		}
		rng_next(&f->r);	/* the next op gets another scene */
	}
	finish(_metadata, f, self->vmos0, self->pages0);
}

TEST_HARNESS_MAIN
