// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency stress: threads fault through mappings while others write,
 * resize, decommit, zero, commit, lock/unlock, change the cache policy,
 * create children and close, on a shared pool of VMOs; checker threads
 * hold snapshots and verify that a snapshot never changes after it is
 * taken (neither its size nor a byte, through read and through a mapping).
 * Every status must be one the operation may return.
 *
 *   ZXVMO_STRESS_SECONDS  run length of each test (default 12; make stress
 *                         uses 600)
 *   ZXVMO_SEED            seed (printed first)
 *
 * The threads race, so a failure's seed picks the operations but not their
 * interleaving; the message names the operation and the status.
 */
#include "zxvmo_test.h"
#include "stress_common.h"

#define NSLOTS		8
#define MAXPAGES	16
#define NCHECKS		6
#define NCHAOS		3
#define NMAPPERS	2
#define NCHECKERS	1

struct slot {
	pthread_rwlock_t lock;	/* read: use fd; write: replace it */
	int fd;
};

struct stress {
	struct slot slot[NSLOTS];
	uint64_t seed;
	uint64_t end_ns;
	volatile int stop;
	pthread_mutex_t err_lock;
	char err[256];
	unsigned long ops, checks, faults, snaps;
};

static void fail_run(struct stress *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail_run(struct stress *s, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&s->err_lock);
	if (!s->err[0]) {
		va_start(ap, fmt);
		vsnprintf(s->err, sizeof(s->err), fmt, ap);
		va_end(ap);
	}
	s->stop = 1;
	pthread_mutex_unlock(&s->err_lock);
}

static bool running(struct stress *s)
{
	return !s->stop && now_ns() < s->end_ns;
}

#define BIT(st)		(1u << (-(st)))
#define OK_		1u
#define RANGE_		BIT(ZX_ERR_OUT_OF_RANGE)
#define NOSUP_		BIT(ZX_ERR_NOT_SUPPORTED)
#define BADST_		BIT(ZX_ERR_BAD_STATE)
#define ARGS_		BIT(ZX_ERR_INVALID_ARGS)
#define DENIED_		BIT(ZX_ERR_ACCESS_DENIED)
#define UNAVAIL_	BIT(ZX_ERR_UNAVAILABLE)
#define NOTFOUND_	BIT(ZX_ERR_NOT_FOUND)

/* Checks @st against the mask of statuses @op may return. */
static void expect_status(struct stress *s, const char *op, zx_status_t st,
			  uint32_t allowed)
{
	if (st > 0 || st < -31 || !((st == ZX_OK ? OK_ : BIT(st)) & allowed))
		fail_run(s, "%s: unexpected status %d (%s)", op, st,
			 zx_status_get_string(st));
}

/* A fresh VMO for a slot: resizable, fixed or discardable. */
static int new_vmo(struct stress *s, struct rng *r)
{
	static const uint32_t opts[] = { ZX_VMO_RESIZABLE, 0, ZX_VMO_DISCARDABLE };
	uint64_t size = rnd_below(r, MAXPAGES + 1) * PAGE;
	zx_handle_t h = ZX_HANDLE_INVALID;
	zx_status_t st;

	st = zx_vmo_create(size, opts[rnd_below(r, 3)], &h);
	expect_status(s, "create", st, OK_);
	return st == ZX_OK ? (int)h : -1;
}

static const uint32_t child_opts[] = {
	ZX_VMO_CHILD_SNAPSHOT,
	ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_RESIZABLE,
	ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE,
	ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE | ZX_VMO_CHILD_RESIZABLE,
	ZX_VMO_CHILD_SLICE,
	ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_NO_WRITE,
};

/* A child of @fd, or -1 (statuses checked). */
static int new_child(struct stress *s, struct rng *r, int fd)
{
	uint32_t opt = child_opts[rnd_below(r, 6)];
	uint64_t off = rnd_below(r, MAXPAGES) * PAGE;
	uint64_t len = rnd_below(r, MAXPAGES + 1) * PAGE;
	zx_handle_t h = ZX_HANDLE_INVALID;
	zx_status_t st;

	st = zx_vmo_create_child(fd, opt, off, len, &h);
	/* Discardable, resizable parent of a slice, slice out of range. */
	expect_status(s, "create_child", st, OK_ | NOSUP_ | RANGE_ | BADST_ |
		      ARGS_ | DENIED_);
	return st == ZX_OK ? (int)h : -1;
}

/* Replace slot @i by a fresh VMO or by a child of another slot. */
static void replace_slot(struct stress *s, struct rng *r, int i)
{
	struct slot *sl = &s->slot[i];
	int j = (int)rnd_below(r, NSLOTS), fd = -1;

	pthread_rwlock_wrlock(&sl->lock);
	if (j != i && rnd_chance(r, 60) &&
	    !pthread_rwlock_tryrdlock(&s->slot[j].lock)) {
		fd = new_child(s, r, s->slot[j].fd);
		pthread_rwlock_unlock(&s->slot[j].lock);
	}
	if (fd < 0)
		fd = new_vmo(s, r);
	if (fd >= 0) {
		close(sl->fd);
		sl->fd = fd;
	}
	pthread_rwlock_unlock(&sl->lock);
}

static void op_rw(struct stress *s, struct rng *r, int fd)
{
	uint8_t buf[3 * 4096];
	uint64_t off = rnd_below(r, MAXPAGES * PAGE);
	size_t len = rnd_below(r, sizeof(buf)) + 1;
	zx_status_t st;

	memset(buf, (int)rng_next(r), len);
	if (rnd_chance(r, 50))
		st = zx_vmo_write(fd, buf, off, len);
	else
		st = zx_vmo_read(fd, buf, off, len);
	/*
	 * NO_WRITE snapshots refuse writes; discarded VMOs: NOT_FOUND;
	 * uncached VMOs: BAD_STATE.
	 */
	expect_status(s, "read/write", st, OK_ | RANGE_ | DENIED_ | NOTFOUND_ |
		      BADST_);
}

static void op_range(struct stress *s, struct rng *r, int fd)
{
	static const uint32_t ops[] = {
		ZX_VMO_OP_COMMIT, ZX_VMO_OP_DECOMMIT, ZX_VMO_OP_ZERO,
		ZX_VMO_OP_LOCK, ZX_VMO_OP_TRY_LOCK, ZX_VMO_OP_UNLOCK,
		ZX_VMO_OP_DONT_NEED, ZX_VMO_OP_ALWAYS_NEED,
		ZX_VMO_OP_CACHE_SYNC, ZX_VMO_OP_CACHE_CLEAN_INVALIDATE,
	};
	uint32_t op = ops[rnd_below(r, sizeof(ops) / sizeof(ops[0]))];
	uint64_t off = rnd_below(r, MAXPAGES) * PAGE;
	uint64_t len = rnd_below(r, MAXPAGES / 2 + 1) * PAGE;
	zx_vmo_lock_state_t ls;
	zx_status_t st;
	char what[32];

	if (op == ZX_VMO_OP_LOCK || op == ZX_VMO_OP_TRY_LOCK ||
	    op == ZX_VMO_OP_UNLOCK) {
		/* Discardable VMOs lock and unlock as a whole. */
		uint64_t size = 0;

		zx_vmo_get_size(fd, &size);
		off = 0;
		len = size;
	}
	st = zx_vmo_op_range(fd, op, off, len,
			     op == ZX_VMO_OP_LOCK ? &ls : NULL,
			     op == ZX_VMO_OP_LOCK ? sizeof(ls) : 0);
	snprintf(what, sizeof(what), "op_range(%u)", op);
	/*
	 * Out of range after a resize; NOT_SUPPORTED: lock ops on a VMO that
	 * is not discardable, decommit of a child; BAD_STATE: unlock of an
	 * unlocked VMO; ACCESS_DENIED: NO_WRITE snapshot; UNAVAILABLE:
	 * TRY_LOCK of a discarded VMO; INVALID_ARGS: lock range not whole.
	 */
	expect_status(s, what, st, OK_ | RANGE_ | NOSUP_ | BADST_ | DENIED_ |
		      UNAVAIL_ | ARGS_ | NOTFOUND_);
}

static void op_misc(struct stress *s, struct rng *r, int fd)
{
	uint64_t v = rnd_below(r, MAXPAGES + 1) * PAGE;
	zx_info_vmo_t info;
	zx_status_t st;

	switch (rnd_below(r, 5)) {
	case 0:
		if (v && rnd_chance(r, 30))
			v--;	/* rounds up */
		st = zx_vmo_set_size(fd, v);
		/* Not resizable (UNAVAILABLE); a slice; NO_WRITE. */
		expect_status(s, "set_size", st, OK_ | RANGE_ | NOSUP_ |
			      DENIED_ | BADST_ | UNAVAIL_);
		break;
	case 1:
		st = zx_vmo_set_cache_policy(fd, (uint32_t)rnd_below(r, 4));
		/* Pages committed, mapped, or children: BAD_STATE. */
		expect_status(s, "set_cache_policy", st, OK_ | BADST_ |
			      NOSUP_ | DENIED_);
		break;
	case 2:
		st = zx_object_get_info(fd, ZX_INFO_VMO, &info, sizeof(info),
					NULL, NULL);
		expect_status(s, "get_info", st, OK_);
		if (st == ZX_OK && info.size_bytes > MAXPAGES * PAGE * 2)
			fail_run(s, "get_info: size %llu",
				 (unsigned long long)info.size_bytes);
		break;
	case 3:
		st = zx_object_set_property(fd, ZX_PROP_VMO_CONTENT_SIZE, &v,
					    sizeof(v));
		expect_status(s, "set content size", st, OK_ | RANGE_ |
			      DENIED_ | NOSUP_ | BADST_ | UNAVAIL_);
		break;
	default: {
		int c = new_child(s, r, fd);

		if (c >= 0)
			close(c);
		break;
	}
	}
}

struct worker {
	struct stress *s;
	int idx;
	pthread_t thread;
};

static void *chaos_main(void *arg)
{
	struct worker *w = arg;
	struct stress *s = w->s;
	struct rng r;

	rng_init(&r, s->seed, 100 + w->idx);
	while (running(s)) {
		int i = (int)rnd_below(&r, NSLOTS);
		unsigned int what = (unsigned int)rnd_below(&r, 100);

		if (what < 6) {
			replace_slot(s, &r, i);
			continue;
		}
		pthread_rwlock_rdlock(&s->slot[i].lock);
		if (what < 45)
			op_rw(s, &r, s->slot[i].fd);
		else if (what < 75)
			op_range(s, &r, s->slot[i].fd);
		else
			op_misc(s, &r, s->slot[i].fd);
		pthread_rwlock_unlock(&s->slot[i].lock);
		__atomic_add_fetch(&s->ops, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

/* Map a slot, then fault through the mapping while it shrinks and grows. */
static void *mapper_main(void *arg)
{
	struct worker *w = arg;
	struct stress *s = w->s;
	size_t len = MAXPAGES * PAGE;
	uint8_t buf[64];
	struct rng r;

	rng_init(&r, s->seed, 200 + w->idx);
	while (running(s)) {
		int i = (int)rnd_below(&r, NSLOTS), n;
		bool shared = rnd_chance(&r, 75);
		uint8_t *p;

		pthread_rwlock_rdlock(&s->slot[i].lock);
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 shared ? MAP_SHARED : MAP_PRIVATE, s->slot[i].fd, 0);
		if (p == MAP_FAILED)	/* NO_WRITE snapshot, or no MAP */
			p = mmap(NULL, len, PROT_READ, MAP_SHARED,
				 s->slot[i].fd, 0);
		pthread_rwlock_unlock(&s->slot[i].lock);
		if (p == MAP_FAILED)
			continue;
		/* The mapping keeps the VMO alive after its slot is closed. */
		for (n = 0; n < 200 && running(s); n++) {
			size_t off = rnd_below(&r, len - sizeof(buf));

			memset(buf, (int)rng_next(&r), sizeof(buf));
			if (probe_copy(p + off, buf, sizeof(buf),
				       rnd_chance(&r, 50)))
				__atomic_add_fetch(&s->faults, 1,
						   __ATOMIC_RELAXED);
		}
		munmap(p, len);
	}
	return NULL;
}

/* A snapshot whose size and bytes must never change. */
struct check {
	int fd;
	uint64_t size;
	uint8_t *ref;
};

static void check_drop(struct check *c)
{
	if (c->fd >= 0)
		close(c->fd);
	free(c->ref);
	c->fd = -1;
	c->ref = NULL;
}

/* Reads all of @fd into a new buffer of *size bytes; NULL on error. */
static uint8_t *read_all(struct stress *s, int fd, uint64_t *size)
{
	uint8_t *buf;
	zx_status_t st;

	st = zx_vmo_get_size(fd, size);
	expect_status(s, "snapshot get_size", st, OK_);
	if (st != ZX_OK)
		return NULL;
	buf = malloc(*size + 1);
	st = zx_vmo_read(fd, buf, 0, *size);
	expect_status(s, "snapshot read", st, OK_);
	if (st != ZX_OK) {
		free(buf);
		return NULL;
	}
	return buf;
}

/*
 * A known pattern: a new VMO, written, snapshotted, then handed to the
 * chaos threads in slot @i.  The snapshot must keep the pattern.
 */
static void seal_known(struct stress *s, struct rng *r, struct check *c, int i)
{
	uint64_t size = (rnd_below(r, MAXPAGES) + 1) * PAGE;
	uint32_t pseed = (uint32_t)rng_next(r);
	zx_handle_t p = ZX_HANDLE_INVALID, snap = ZX_HANDLE_INVALID;
	zx_status_t st;

	st = zx_vmo_create(size, ZX_VMO_RESIZABLE, &p);
	expect_status(s, "create", st, OK_);
	if (st != ZX_OK)
		return;
	c->ref = malloc(size);
	pattern_fill(c->ref, 0, size, pseed);
	st = zx_vmo_write(p, c->ref, 0, size);
	expect_status(s, "write", st, OK_);
	st = zx_vmo_create_child(p, ZX_VMO_CHILD_SNAPSHOT, 0, size, &snap);
	expect_status(s, "snapshot", st, OK_);
	if (st != ZX_OK) {
		close(p);
		free(c->ref);
		c->ref = NULL;
		return;
	}
	c->fd = (int)snap;
	c->size = size;
	pthread_rwlock_wrlock(&s->slot[i].lock);
	close(s->slot[i].fd);
	s->slot[i].fd = (int)p;
	pthread_rwlock_unlock(&s->slot[i].lock);
}

/* A snapshot of whatever slot @i holds now; its bytes read once. */
static void seal_live(struct stress *s, struct rng *r, struct check *c, int i)
{
	zx_handle_t snap = ZX_HANDLE_INVALID;
	uint64_t size = 0;
	zx_status_t st;

	pthread_rwlock_rdlock(&s->slot[i].lock);
	st = zx_vmo_get_size(s->slot[i].fd, &size);
	if (st == ZX_OK)
		st = zx_vmo_create_child(s->slot[i].fd, ZX_VMO_CHILD_SNAPSHOT,
					 0, size, &snap);
	pthread_rwlock_unlock(&s->slot[i].lock);
	/*
	 * Discardable or slice parents: NOT_SUPPORTED; uncached parents:
	 * BAD_STATE; resized: OUT_OF_RANGE.
	 */
	expect_status(s, "live snapshot", st, OK_ | NOSUP_ | RANGE_ | BADST_);
	if (st != ZX_OK)
		return;
	c->fd = (int)snap;
	c->ref = read_all(s, c->fd, &c->size);
	if (!c->ref)
		check_drop(c);
}

/* A snapshot of a checked snapshot sees the same bytes, forever. */
static void seal_chain(struct stress *s, struct check *from, struct check *c)
{
	zx_handle_t snap = ZX_HANDLE_INVALID;
	zx_status_t st;

	st = zx_vmo_create_child(from->fd, ZX_VMO_CHILD_SNAPSHOT, 0,
				 from->size, &snap);
	expect_status(s, "chained snapshot", st, OK_);
	if (st != ZX_OK)
		return;
	c->fd = (int)snap;
	c->size = from->size;
	c->ref = malloc(from->size + 1);
	memcpy(c->ref, from->ref, from->size);
}

static void verify(struct stress *s, struct check *c, bool mapped)
{
	uint64_t size = 0;
	uint8_t *buf;
	long bad;
	int sig = 0;

	if (zx_vmo_get_size(c->fd, &size) != ZX_OK || size != c->size) {
		fail_run(s, "snapshot size %llu, was %llu",
			 (unsigned long long)size, (unsigned long long)c->size);
		return;
	}
	buf = malloc(size + 1);
	if (mapped && size) {
		uint8_t *p = mmap(NULL, size, PROT_READ, MAP_SHARED, c->fd, 0);

		if (p == MAP_FAILED) {
			fail_run(s, "mmap snapshot: %s", strerror(errno));
			free(buf);
			return;
		}
		sig = probe_copy(p, buf, size, false);
		munmap(p, size);
	} else if (zx_vmo_read(c->fd, buf, 0, size) != ZX_OK) {
		sig = -1;
	}
	bad = -1;
	if (!sig) {
		size_t k;

		for (k = 0; k < size && bad < 0; k++)
			if (buf[k] != c->ref[k])
				bad = (long)k;
	}
	if (sig || bad >= 0)
		fail_run(s, "snapshot changed (%s): signal/error %d, byte %ld is %#x, was %#x",
			 mapped ? "mapping" : "read", sig, bad,
			 bad >= 0 ? buf[bad] : 0, bad >= 0 ? c->ref[bad] : 0);
	free(buf);
	__atomic_add_fetch(&s->checks, 1, __ATOMIC_RELAXED);
}

static void *checker_main(void *arg)
{
	struct worker *w = arg;
	struct stress *s = w->s;
	struct check c[NCHECKS];
	struct rng r;
	int k;

	rng_init(&r, s->seed, 300 + w->idx);
	for (k = 0; k < NCHECKS; k++)
		c[k] = (struct check){ .fd = -1 };
	while (running(s)) {
		k = (int)rnd_below(&r, NCHECKS);
		if (c[k].fd < 0) {
			int from = (int)rnd_below(&r, NCHECKS);
			unsigned int how = (unsigned int)rnd_below(&r, 3);

			if (how == 2 && c[from].fd >= 0)
				seal_chain(s, &c[from], &c[k]);
			else if (how == 1)
				seal_live(s, &r, &c[k], (int)rnd_below(&r, NSLOTS));
			else
				seal_known(s, &r, &c[k], (int)rnd_below(&r, NSLOTS));
			__atomic_add_fetch(&s->snaps, 1, __ATOMIC_RELAXED);
		} else if (rnd_chance(&r, 8)) {
			check_drop(&c[k]);
		} else {
			verify(s, &c[k], rnd_chance(&r, 30));
		}
	}
	for (k = 0; k < NCHECKS; k++)
		check_drop(&c[k]);
	return NULL;
}

static void run_stress(struct __test_metadata *_metadata, const char *name)
{
	uint64_t secs = env_u64("ZXVMO_STRESS_SECONDS", 12);
	struct worker w[NCHAOS + NMAPPERS + NCHECKERS];
	long vmos0 = zxvmo_counter("vmos"), pages0 = zxvmo_counter("pages");
	long vmos1, pages1;
	struct watchdog wd;
	struct stress *s;
	struct rng r;
	int i, n = 0;

	s = calloc(1, sizeof(*s));
	ASSERT_NE(NULL, s);
	s->seed = stress_seed();
	SEED_LOG(name, s->seed, secs);
	pthread_mutex_init(&s->err_lock, NULL);
	install_probe_handlers();
	rng_init(&r, s->seed, 0);
	for (i = 0; i < NSLOTS; i++) {
		pthread_rwlock_init(&s->slot[i].lock, NULL);
		s->slot[i].fd = new_vmo(s, &r);
		ASSERT_LE(0, s->slot[i].fd);
	}
	s->end_ns = now_ns() + secs * 1000000000ull;
	watchdog_start(&wd, name, s->seed, secs, 60);
	for (i = 0; i < NCHAOS; i++, n++)
		w[n] = (struct worker){ .s = s, .idx = i };
	for (i = 0; i < NCHAOS; i++)
		pthread_create(&w[i].thread, NULL, chaos_main, &w[i]);
	for (i = 0; i < NMAPPERS; i++, n++) {
		w[n] = (struct worker){ .s = s, .idx = i };
		pthread_create(&w[n].thread, NULL, mapper_main, &w[n]);
	}
	for (i = 0; i < NCHECKERS; i++, n++) {
		w[n] = (struct worker){ .s = s, .idx = i };
		pthread_create(&w[n].thread, NULL, checker_main, &w[n]);
	}
	for (i = 0; i < n; i++)
		pthread_join(w[i].thread, NULL);
	watchdog_stop(&wd);
	for (i = 0; i < NSLOTS; i++)
		close(s->slot[i].fd);
	fprintf(stderr, "# %s: %lu ops, %lu snapshots, %lu checks, %lu mapping faults\n",
		name, s->ops, s->snaps, s->checks, s->faults);
	if (s->err[0])
		TH_LOG("%s (seed=%llu)", s->err, (unsigned long long)s->seed);
	EXPECT_EQ(0, s->err[0]);
	/* Everything closed and unmapped: the module holds nothing more. */
	if (vmos0 >= 0) {
		EXPECT_TRUE(counters_settle(vmos0, pages0, &vmos1, &pages1));
		EXPECT_EQ(vmos0, vmos1);
		EXPECT_EQ(pages0, pages1);
	}
	EXPECT_LT(0ul, s->checks);
	free(s);
}

FIXTURE(stress) {
	int unused;
};

FIXTURE_SETUP(stress)
{
}

FIXTURE_TEARDOWN(stress)
{
}

/* The pool's threads race; the snapshots never change. */
TEST_F_TIMEOUT(stress, snapshots_never_change, STRESS_HARNESS_TIMEOUT)
{
	run_stress(_metadata, "snapshots_never_change");
}

TEST_HARNESS_MAIN
