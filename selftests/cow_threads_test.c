// SPDX-License-Identifier: GPL-2.0
/*
 * Copy-on-write under concurrency: threads writing a parent and its
 * snapshot through mappings, zx_vmo_write and pwrite at once (exact final
 * contents, no lost write on racing first-write faults), and snapshots
 * taken while another thread writes: each must be a consistent
 * point-in-time copy.
 */
#include "cow_helpers.h"

#include <stdatomic.h>

#define SEED0 1u	/* the parent's content at snapshot time */

/* --- many writers on both sides ---------------------------------------- */

enum how { BY_MAP, BY_VMO_WRITE, BY_PWRITE };

struct writer {
	pthread_t thread;
	zx_handle_t h;
	uint8_t *map;			/* the VMO's mapping, for BY_MAP */
	enum how how;
	uint64_t off, len;
	uint32_t seed;			/* rounds use seed .. seed + rounds - 1 */
	int rounds;
	pthread_barrier_t *start;
	atomic_int *errors;
};

static void *writer_thread(void *arg)
{
	struct writer *w = arg;
	uint8_t *buf = malloc(w->len);
	int r;

	if (!buf) {
		atomic_fetch_add(w->errors, 1);
		return NULL;
	}
	pthread_barrier_wait(w->start);
	for (r = 0; r < w->rounds; r++) {
		uint32_t seed = w->seed + r;

		switch (w->how) {
		case BY_MAP:
			pattern_fill(w->map + w->off, w->off, w->len, seed);
			break;
		case BY_VMO_WRITE:
			pattern_fill(buf, w->off, w->len, seed);
			if (zx_vmo_write(w->h, buf, w->off, w->len) != ZX_OK)
				atomic_fetch_add(w->errors, 1);
			break;
		case BY_PWRITE:
			pattern_fill(buf, w->off, w->len, seed);
			if (pwrite((int)w->h, buf, w->len, w->off) != (ssize_t)w->len)
				atomic_fetch_add(w->errors, 1);
			break;
		}
	}
	free(buf);
	return NULL;
}

/* Checks that a region never changes while the writers run. */
struct reader {
	pthread_t thread;
	zx_handle_t h;
	const volatile uint8_t *map;
	uint64_t off, len;
	pthread_barrier_t *start;
	atomic_int *stop, *errors;
	int passes;
};

static void *reader_thread(void *arg)
{
	struct reader *rd = arg;
	uint8_t *buf = malloc(rd->len);

	if (!buf) {
		atomic_fetch_add(rd->errors, 1);
		return NULL;
	}
	pthread_barrier_wait(rd->start);
	do {
		if (zx_vmo_read(rd->h, buf, rd->off, rd->len) != ZX_OK ||
		    pattern_check(buf, rd->off, rd->len, SEED0) != -1)
			atomic_fetch_add(rd->errors, 1);
		memcpy(buf, (const void *)(rd->map + rd->off), rd->len);
		if (pattern_check(buf, rd->off, rd->len, SEED0) != -1)
			atomic_fetch_add(rd->errors, 1);
		rd->passes++;
	} while (!atomic_load(rd->stop));
	free(buf);
	return NULL;
}

#define NPAGES 64
#define RPAGES 8	/* pages per region */

static void expect_region(struct __test_metadata *_metadata, zx_handle_t h,
			  const uint8_t *map, int region, int nregions,
			  uint32_t seed, const char *who)
{
	const uint64_t off = region * RPAGES * PAGE, len = nregions * RPAGES * PAGE;
	uint8_t *buf = malloc(len);
	long bad;

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, off, len));
	bad = pattern_check(buf, off, len, seed);
	if (bad != -1)
		TH_LOG("%s region %d: byte %#lx differs from seed %u", who, region,
		       (unsigned long)(off + bad), seed);
	EXPECT_EQ(-1, bad);
	bad = pattern_check(map + off, off, len, seed);
	if (bad != -1)
		TH_LOG("%s mapping, region %d: byte %#lx differs from seed %u", who,
		       region, (unsigned long)(off + bad), seed);
	EXPECT_EQ(-1, bad);
	free(buf);
}

TEST(writers_on_both_sides)
{
	BASELINE(base);
	const uint64_t size = NPAGES * PAGE, R = RPAGES * PAGE;
	const int rounds = 24;
	int iter;

	for (iter = 0; iter < 4; iter++) {
		/*
		 * Regions of 8 pages: 0-3 are written on both sides (by the
		 * ways below), 4 by the parent only, 5 by the child only, 6-7
		 * by nobody.  Readers check that 4 stays the original in the
		 * child and 5 in the parent while everything runs.
		 */
		static const struct {
			int region;
			bool child;
			enum how how;
		} plan[] = {
			{ 0, false, BY_MAP }, { 0, true, BY_MAP },
			{ 1, false, BY_MAP }, { 1, true, BY_VMO_WRITE },
			{ 2, false, BY_VMO_WRITE }, { 2, true, BY_MAP },
			{ 3, false, BY_PWRITE }, { 3, true, BY_VMO_WRITE },
			{ 4, false, BY_MAP }, { 5, true, BY_MAP },
		};
		enum { NW = sizeof(plan) / sizeof(plan[0]) };
		struct writer w[NW];
		struct reader rd[2];
		pthread_barrier_t start;
		atomic_int errors = 0, stop = 0;
		zx_handle_t p, c;
		uint8_t *pm, *cm, *buf = malloc(size);
		int i;

		ASSERT_NE(NULL, buf);
		p = vmo_new(_metadata, size, 0);
		pm = map_vmo(_metadata, p, RW, 0, size);
		/* Writable PTEs in the parent's mapping before the snapshot. */
		pattern_fill(pm, 0, size, SEED0);
		c = snap(_metadata, p, 0, size);
		cm = map_vmo(_metadata, c, RW, 0, size);
		if (iter % 2) {
			/* Odd rounds: read-only PTEs on the originals first. */
			memcpy(buf, cm, size);
			EXPECT_EQ(-1, pattern_check(buf, 0, size, SEED0));
		}

		ASSERT_EQ(0, pthread_barrier_init(&start, NULL, NW + 2));
		for (i = 0; i < NW; i++) {
			w[i] = (struct writer){
				.h = plan[i].child ? c : p,
				.map = plan[i].child ? cm : pm,
				.how = plan[i].how,
				.off = plan[i].region * R,
				.len = R,
				.seed = 100 * (i + 1) + iter,
				.rounds = rounds,
				.start = &start,
				.errors = &errors,
			};
			ASSERT_EQ(0, pthread_create(&w[i].thread, NULL, writer_thread, &w[i]));
		}
		rd[0] = (struct reader){ .h = c, .map = cm, .off = 4 * R, .len = R,
					 .start = &start, .stop = &stop, .errors = &errors };
		rd[1] = (struct reader){ .h = p, .map = pm, .off = 5 * R, .len = R,
					 .start = &start, .stop = &stop, .errors = &errors };
		for (i = 0; i < 2; i++)
			ASSERT_EQ(0, pthread_create(&rd[i].thread, NULL, reader_thread, &rd[i]));
		for (i = 0; i < NW; i++)
			pthread_join(w[i].thread, NULL);
		atomic_store(&stop, 1);
		for (i = 0; i < 2; i++)
			pthread_join(rd[i].thread, NULL);
		pthread_barrier_destroy(&start);
		EXPECT_EQ(0, atomic_load(&errors));
		EXPECT_LT(0, rd[0].passes);
		EXPECT_LT(0, rd[1].passes);

		for (i = 0; i < NW; i++)
			expect_region(_metadata, w[i].h, w[i].map, plan[i].region, 1,
				      w[i].seed + rounds - 1,
				      plan[i].child ? "child" : "parent");
		expect_region(_metadata, c, cm, 4, 1, SEED0, "child");
		expect_region(_metadata, p, pm, 5, 1, SEED0, "parent");
		expect_region(_metadata, p, pm, 6, 2, SEED0, "parent");
		expect_region(_metadata, c, cm, 6, 2, SEED0, "child");

		/*
		 * Regions 0-3 have a copy on each side, 4 and 5 an original and
		 * one side's copy, 6-7 only the originals.
		 */
		EXPECT_EQ(base.pages + 112, pages_now());
		EXPECT_EQ(64u, npages_committed(_metadata, p));
		EXPECT_EQ(48u, npages_committed(_metadata, c));

		unmap_vmo(_metadata, pm, size);
		unmap_vmo(_metadata, cm, size);
		zx_handle_close(c);
		zx_handle_close(p);
		free(buf);
		EXPECT_BASELINE(base);
	}
}

/*
 * Racing first writes to the same pages: each thread owns a slice of
 * every page and writes it through a mapping while the other threads
 * fault on the same pages, on both sides.  No write may be lost to a
 * page copied twice.
 */
struct stripe {
	pthread_t thread;
	uint8_t *map;
	size_t npages, off, len;
	uint8_t value;
	pthread_barrier_t *start;
};

static void *stripe_thread(void *arg)
{
	struct stripe *s = arg;
	size_t i;

	pthread_barrier_wait(s->start);
	for (i = 0; i < s->npages; i++)
		memset(s->map + i * PAGE + s->off, s->value, s->len);
	return NULL;
}

TEST(racing_first_writes_lose_nothing)
{
	BASELINE(base);
	enum { NT = 8, NPG = 32 };
	const size_t size = NPG * PAGE, stripe_len = PAGE / NT;
	int iter;

	for (iter = 0; iter < 8; iter++) {
		struct stripe s[2 * NT];
		pthread_barrier_t start;
		zx_handle_t p, c;
		uint8_t *pm, *cm;
		int i;
		size_t pg;

		p = vmo_new(_metadata, size, 0);
		fill(_metadata, p, 0, size, 0xee);
		c = snap(_metadata, p, 0, size);
		pm = map_vmo(_metadata, p, RW, 0, size);
		cm = map_vmo(_metadata, c, RW, 0, size);
		ASSERT_EQ(0, pthread_barrier_init(&start, NULL, 2 * NT));
		for (i = 0; i < 2 * NT; i++) {
			s[i] = (struct stripe){
				.map = i < NT ? pm : cm,
				.npages = NPG,
				.off = (i % NT) * stripe_len,
				.len = stripe_len,
				.value = (uint8_t)((i < NT ? 0x10 : 0x80) + i % NT + iter),
				.start = &start,
			};
			ASSERT_EQ(0, pthread_create(&s[i].thread, NULL, stripe_thread, &s[i]));
		}
		for (i = 0; i < 2 * NT; i++)
			pthread_join(s[i].thread, NULL);
		pthread_barrier_destroy(&start);
		for (i = 0; i < 2 * NT; i++) {
			zx_handle_t h = i < NT ? p : c;

			for (pg = 0; pg < NPG; pg++) {
				uint8_t buf[PAGE / NT];	/* VLA: PAGE is sysconf */

				ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, pg * PAGE + s[i].off,
							     stripe_len));
				if (!mem_is(buf, stripe_len, s[i].value, NULL) ||
				    !mem_is(s[i].map + pg * PAGE + s[i].off, stripe_len,
					    s[i].value, NULL)) {
					TH_LOG("iter %d thread %d page %zu: lost write",
					       iter, i, pg);
					EXPECT_EQ(s[i].value, buf[0]);
					break;
				}
			}
		}
		/* Both sides own every page now; the originals are gone. */
		EXPECT_EQ(base.pages + 2 * NPG, pages_now());
		unmap_vmo(_metadata, pm, size);
		unmap_vmo(_metadata, cm, size);
		zx_handle_close(c);
		zx_handle_close(p);
		EXPECT_BASELINE(base);
	}
}

/* --- snapshots while a thread writes ----------------------------------- */

/*
 * The writer counts up, storing i into page 0 and then into page 1 (and
 * likewise into pages 2 and 3 with zx_vmo_write).  Any point-in-time copy
 * has page1 in {page0, page0 - 1}.
 */
struct counter_writer {
	pthread_t thread;
	zx_handle_t h;
	volatile uint64_t *map;
	bool by_vmo_write;
	atomic_int *stop;
	uint64_t last;
	int errors;
};

static void *counter_thread(void *arg)
{
	struct counter_writer *cw = arg;
	const size_t q = PAGE / sizeof(uint64_t);
	uint64_t i;

	for (i = 1; !atomic_load_explicit(cw->stop, memory_order_relaxed); i++) {
		if (cw->by_vmo_write) {
			if (zx_vmo_write(cw->h, &i, 2 * PAGE, sizeof(i)) != ZX_OK ||
			    zx_vmo_write(cw->h, &i, 3 * PAGE, sizeof(i)) != ZX_OK)
				cw->errors++;
		} else {
			cw->map[0] = i;
			atomic_signal_fence(memory_order_seq_cst);
			cw->map[q] = i;
		}
		cw->last = i;
	}
	return NULL;
}

struct snapper {
	pthread_t thread;
	zx_handle_t p;
	int count;
	atomic_int *errors;
	uint64_t max_seen;
	int distinct;
};

static uint64_t read_u64(zx_handle_t h, uint64_t off, atomic_int *errors)
{
	uint64_t v = 0;

	if (zx_vmo_read(h, &v, off, sizeof(v)) != ZX_OK)
		atomic_fetch_add(errors, 1);
	return v;
}

/* Checks one snapshot; returns page 0's counter. */
static uint64_t check_snapshot(zx_handle_t c, atomic_int *errors)
{
	uint64_t a = read_u64(c, 0, errors), b = read_u64(c, PAGE, errors);
	uint64_t x = read_u64(c, 2 * PAGE, errors), y = read_u64(c, 3 * PAGE, errors);

	if (!(b == a || b + 1 == a)) {
		fprintf(stderr, "# snapshot: page0 %llu page1 %llu\n",
			(unsigned long long)a, (unsigned long long)b);
		atomic_fetch_add(errors, 1);
	}
	if (!(y == x || y + 1 == x)) {
		fprintf(stderr, "# snapshot: page2 %llu page3 %llu\n",
			(unsigned long long)x, (unsigned long long)y);
		atomic_fetch_add(errors, 1);
	}
	return a;
}

static void *snapper_thread(void *arg)
{
	struct snapper *sn = arg;
	uint64_t prev = 0;
	int k;

	for (k = 0; k < sn->count; k++) {
		zx_handle_t c = ZX_HANDLE_INVALID, g = ZX_HANDLE_INVALID;
		uint64_t a, a2, b;

		if (zx_vmo_create_child(sn->p, ZX_VMO_CHILD_SNAPSHOT, 0, 4 * PAGE, &c) != ZX_OK) {
			atomic_fetch_add(sn->errors, 1);
			continue;
		}
		a = check_snapshot(c, sn->errors);
		if (a < prev) {
			fprintf(stderr, "# snapshots went back: %llu after %llu\n",
				(unsigned long long)a, (unsigned long long)prev);
			atomic_fetch_add(sn->errors, 1);
		}
		if (a != prev)
			sn->distinct++;
		prev = a;
		/* A snapshot of the snapshot is the same point in time. */
		if (zx_vmo_create_child(c, ZX_VMO_CHILD_SNAPSHOT, 0, 4 * PAGE, &g) != ZX_OK) {
			atomic_fetch_add(sn->errors, 1);
		} else {
			if (check_snapshot(g, sn->errors) != a)
				atomic_fetch_add(sn->errors, 1);
			zx_handle_close(g);
		}
		/* And it does not move while the writer goes on. */
		usleep(200);
		a2 = read_u64(c, 0, sn->errors);
		b = read_u64(c, PAGE, sn->errors);
		if (a2 != a || !(b == a || b + 1 == a))
			atomic_fetch_add(sn->errors, 1);
		zx_handle_close(c);
	}
	sn->max_seen = prev;
	return NULL;
}

static void snapshots_while_writing(struct __test_metadata *_metadata, int nsnappers)
{
	BASELINE(base);
	struct counter_writer cw[2];
	struct snapper sn[4];
	atomic_int stop = 0, errors = 0;
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), keep[8];
	volatile uint64_t *pm;
	uint64_t kept[8];
	int i;

	ASSERT_LE(nsnappers, 4);
	pm = (volatile uint64_t *)map_vmo(_metadata, p, RW, 0, 4 * PAGE);
	for (i = 0; i < 2; i++) {
		cw[i] = (struct counter_writer){ .h = p, .map = pm, .by_vmo_write = i == 1,
						 .stop = &stop };
		ASSERT_EQ(0, pthread_create(&cw[i].thread, NULL, counter_thread, &cw[i]));
	}
	/* Wait for the writers to get going. */
	while (pm[0] < 100)
		usleep(1000);
	for (i = 0; i < nsnappers; i++) {
		sn[i] = (struct snapper){ .p = p, .count = 150, .errors = &errors };
		ASSERT_EQ(0, pthread_create(&sn[i].thread, NULL, snapper_thread, &sn[i]));
	}
	/* Meanwhile, snapshots kept alive across the whole run. */
	for (i = 0; i < 8; i++) {
		keep[i] = snap(_metadata, p, 0, 4 * PAGE);
		kept[i] = check_snapshot(keep[i], &errors);
		usleep(5000);
	}
	for (i = 0; i < nsnappers; i++)
		pthread_join(sn[i].thread, NULL);
	atomic_store(&stop, 1);
	for (i = 0; i < 2; i++)
		pthread_join(cw[i].thread, NULL);

	EXPECT_EQ(0, atomic_load(&errors));
	EXPECT_EQ(0, cw[0].errors);
	EXPECT_EQ(0, cw[1].errors);
	for (i = 0; i < nsnappers; i++) {
		TH_LOG("snapper %d: %d distinct points, up to %llu (writer at %llu)", i,
		       sn[i].distinct, (unsigned long long)sn[i].max_seen,
		       (unsigned long long)cw[0].last);
		EXPECT_LT(1, sn[i].distinct);
	}
	for (i = 0; i < 8; i++) {
		EXPECT_EQ(kept[i], check_snapshot(keep[i], &errors));
		if (i)
			EXPECT_LE(kept[i - 1], kept[i]);
		zx_handle_close(keep[i]);
	}
	EXPECT_EQ(0, atomic_load(&errors));
	/* The parent ends with the writers' last values. */
	EXPECT_EQ(cw[0].last, pm[0]);
	EXPECT_EQ(cw[0].last, pm[PAGE / 8]);
	EXPECT_EQ(cw[1].last, read_u64(p, 2 * PAGE, &errors));
	EXPECT_EQ(cw[1].last, read_u64(p, 3 * PAGE, &errors));
	EXPECT_EQ(base.pages + 4, pages_now());
	unmap_vmo(_metadata, (void *)pm, 4 * PAGE);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

TEST(snapshots_are_point_in_time_copies)
{
	snapshots_while_writing(_metadata, 1);
}

TEST(concurrent_snapshotters_are_point_in_time_copies)
{
	snapshots_while_writing(_metadata, 3);
}

/*
 * One thread keeps replacing a chain (snapshot the newest, close the
 * older) while others write the chain's root mapping and read the newest.
 */
struct chain_ctx {
	pthread_mutex_t lock;
	zx_handle_t newest;
	atomic_int stop, errors;
};

static void *chain_reader(void *arg)
{
	struct chain_ctx *cc = arg;
	uint8_t b[8];

	while (!atomic_load(&cc->stop)) {
		zx_handle_t h;

		pthread_mutex_lock(&cc->lock);
		if (zx_handle_duplicate(cc->newest, ZX_RIGHT_SAME_RIGHTS, &h) != ZX_OK)
			atomic_fetch_add(&cc->errors, 1);
		pthread_mutex_unlock(&cc->lock);
		/* Pages 4..7 never change anywhere. */
		if (zx_vmo_read(h, b, 5 * PAGE, sizeof(b)) != ZX_OK ||
		    !mem_is(b, sizeof(b), 0x42, NULL))
			atomic_fetch_add(&cc->errors, 1);
		zx_handle_close(h);
	}
	return NULL;
}

TEST(chain_churn_while_root_written)
{
	BASELINE(base);
	struct chain_ctx cc = { .lock = PTHREAD_MUTEX_INITIALIZER };
	zx_handle_t root = vmo_new(_metadata, 8 * PAGE, 0);
	volatile uint8_t *rm = map_vmo(_metadata, root, RW, 0, 8 * PAGE);
	pthread_t t;
	int i, j;

	memset((void *)rm, 0x42, 8 * PAGE);
	cc.newest = snap(_metadata, root, 0, 8 * PAGE);
	ASSERT_EQ(0, pthread_create(&t, NULL, chain_reader, &cc));
	for (i = 0; i < 200; i++) {
		zx_handle_t n = snap(_metadata, cc.newest, 0, 8 * PAGE), old;

		/* The root keeps writing pages 0..3 meanwhile. */
		for (j = 0; j < 4; j++)
			rm[j * PAGE + (i % 64)] = (uint8_t)i;
		fill(_metadata, n, (i % 4) * PAGE, 1, (uint8_t)i);
		pthread_mutex_lock(&cc.lock);
		old = cc.newest;
		cc.newest = n;
		pthread_mutex_unlock(&cc.lock);
		zx_handle_close(old);
	}
	atomic_store(&cc.stop, 1);
	pthread_join(t, NULL);
	EXPECT_EQ(0, atomic_load(&cc.errors));
	/* The newest saw its ancestors' own writes, never the root's. */
	for (j = 0; j < 4; j++) {
		expect_bytes(_metadata, cc.newest, j * PAGE, 1, (uint8_t)(196 + j));
		expect_bytes(_metadata, cc.newest, j * PAGE + 1, 63, 0x42);
	}
	expect_bytes(_metadata, cc.newest, 4 * PAGE, 4 * PAGE, 0x42);
	/* Root: 4 own pages and 4 originals it shares; newest: 4 own. */
	EXPECT_EQ(base.pages + 12, pages_now());
	zx_handle_close(cc.newest);
	unmap_vmo(_metadata, (void *)rm, 8 * PAGE);
	zx_handle_close(root);
	EXPECT_BASELINE(base);
}

TEST_HARNESS_MAIN
