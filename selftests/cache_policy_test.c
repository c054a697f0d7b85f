// SPDX-License-Identifier: GPL-2.0
/*
 * zx_vmo_set_cache_policy() (issue #4): the values, the right, the states
 * that refuse a change, and what an uncached VMO allows.
 */
#include "op_range_helpers.h"
#include "resource_helpers.h"

static const uint32_t policies[] = {
	ZX_CACHE_POLICY_CACHED, ZX_CACHE_POLICY_UNCACHED,
	ZX_CACHE_POLICY_UNCACHED_DEVICE, ZX_CACHE_POLICY_WRITE_COMBINING,
};

static const uint32_t uncached[] = {
	ZX_CACHE_POLICY_UNCACHED, ZX_CACHE_POLICY_UNCACHED_DEVICE,
	ZX_CACHE_POLICY_WRITE_COMBINING,
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static uint32_t policy_of(struct __test_metadata *_metadata, zx_handle_t h)
{
	return vmo_info(_metadata, h).cache_policy;
}

TEST(fresh_vmo_is_cached)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);

	EXPECT_EQ(ZX_CACHE_POLICY_CACHED, policy_of(_metadata, h));
	zx_handle_close(h);
}

TEST(set_each_policy_on_fresh_vmo)
{
	size_t i, j;

	for (i = 0; i < N(policies); i++) {
		zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);

		TH_LOG("policy %u", policies[i]);
		EXPECT_EQ(ZX_OK, zx_vmo_set_cache_policy(h, policies[i]));
		EXPECT_EQ(policies[i], policy_of(_metadata, h));
		/* Without committed pages it can change again, to anything. */
		for (j = 0; j < N(policies); j++) {
			EXPECT_EQ(ZX_OK, zx_vmo_set_cache_policy(h, policies[j]));
			EXPECT_EQ(policies[j], policy_of(_metadata, h));
		}
		EXPECT_EQ(0u, committed(_metadata, h));
		zx_handle_close(h);
	}
}

/* The value is checked before the right. */
TEST(invalid_value_invalid_args)
{
	static const uint32_t bad[] = { 4, 5, 7, 0x100, 0x101, 0x80000000u, UINT32_MAX };
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t nomap = dup_rights(_metadata, h, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_MAP);
	size_t i;

	for (i = 0; i < N(bad); i++) {
		TH_LOG("value %#x", bad[i]);
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_set_cache_policy(h, bad[i]));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_set_cache_policy(nomap, bad[i]));
	}
	EXPECT_EQ(ZX_CACHE_POLICY_CACHED, policy_of(_metadata, h));
	zx_handle_close(nomap);
	zx_handle_close(h);
}

TEST(without_map_right_access_denied)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t nomap = dup_rights(_metadata, h, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_MAP);
	zx_handle_t maponly = dup_rights(_metadata, h, ZX_RIGHT_MAP);
	size_t i;

	for (i = 0; i < N(policies); i++)
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_set_cache_policy(nomap, policies[i]));
	EXPECT_EQ(ZX_CACHE_POLICY_CACHED, policy_of(_metadata, h));
	/* ZX_RIGHT_MAP alone is enough. */
	EXPECT_EQ(ZX_OK, zx_vmo_set_cache_policy(maponly, ZX_CACHE_POLICY_UNCACHED));
	EXPECT_EQ(ZX_CACHE_POLICY_UNCACHED, policy_of(_metadata, h));
	zx_handle_close(maponly);
	zx_handle_close(nomap);
	zx_handle_close(h);
}

TEST(mapped_bad_state)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	uint8_t *m = map_vmo(_metadata, h, ZX_VM_PERM_READ, 0, PAGE);
	size_t i;

	for (i = 0; i < N(policies); i++)
		EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_set_cache_policy(h, policies[i]));
	unmap_vmo(_metadata, m, PAGE);
	EXPECT_EQ(ZX_OK, zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_WRITE_COMBINING));
	EXPECT_EQ(ZX_CACHE_POLICY_WRITE_COMBINING, policy_of(_metadata, h));
	zx_handle_close(h);
}

/* A mapping keeps blocking it after the handle that made it is closed. */
TEST(mapped_through_other_handle_bad_state)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t d = dup_rights(_metadata, h, ZX_RIGHT_SAME_RIGHTS);
	uint8_t *m = mmap_vmo(_metadata, d, PROT_READ, MAP_PRIVATE, 0, PAGE);

	zx_handle_close(d);
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_UNCACHED));
	EXPECT_EQ(0, munmap(m, PAGE));
	EXPECT_EQ(ZX_OK, zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_UNCACHED));
	zx_handle_close(h);
}

TEST(has_child_bad_state)
{
	static const uint32_t kinds[] = { ZX_VMO_CHILD_SNAPSHOT, ZX_VMO_CHILD_SLICE,
					  ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE };
	BASELINE(base);
	size_t k, i;

	for (k = 0; k < N(kinds); k++) {
		zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0);
		zx_handle_t c = child_new(_metadata, p, kinds[k], 0, 2 * PAGE);

		TH_LOG("child kind %#x", kinds[k]);
		for (i = 0; i < N(policies); i++) {
			EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_set_cache_policy(p, policies[i]));
			/* ... and the child is a child. */
			EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_set_cache_policy(c, policies[i]));
		}
		EXPECT_EQ(ZX_CACHE_POLICY_CACHED, policy_of(_metadata, p));
		EXPECT_EQ(ZX_CACHE_POLICY_CACHED, policy_of(_metadata, c));
		zx_handle_close(c);
		/* Once the child is gone, the parent may change. */
		EXPECT_EQ(ZX_OK, zx_vmo_set_cache_policy(p, ZX_CACHE_POLICY_UNCACHED));
		zx_handle_close(p);
	}
	EXPECT_BASELINE(base);
}

/* A child whose parent was closed is still a child. */
TEST(child_of_closed_parent_bad_state)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0);
	zx_handle_t c = snap(_metadata, p, 0, 4 * PAGE);

	zx_handle_close(p);
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_set_cache_policy(c, ZX_CACHE_POLICY_UNCACHED));
	EXPECT_EQ(ZX_CACHE_POLICY_CACHED, policy_of(_metadata, c));
	zx_handle_close(c);
	EXPECT_BASELINE(base);
}

/*
 * Committed pages are allowed when leaving CACHED (they are cleaned and
 * converted); not when the VMO is not cached.
 */
TEST(committed_pages_only_when_leaving_cached)
{
	BASELINE(base);
	size_t i, j;

	for (i = 0; i < N(uncached); i++) {
		zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
		uint8_t *m;

		TH_LOG("policy %u", uncached[i]);
		fill(_metadata, h, 0, 2 * PAGE, 0x5a);
		EXPECT_EQ(ZX_OK, zx_vmo_set_cache_policy(h, uncached[i]));
		EXPECT_EQ(uncached[i], policy_of(_metadata, h));
		EXPECT_EQ(2 * PAGE, committed(_metadata, h));
		EXPECT_EQ(base.pages + 2, pages_now());
		/* Not cached with committed pages: no change at all. */
		for (j = 0; j < N(policies); j++)
			EXPECT_EQ(ZX_ERR_BAD_STATE,
				  zx_vmo_set_cache_policy(h, policies[j]));
		EXPECT_EQ(uncached[i], policy_of(_metadata, h));
		/* The data survived the conversion (seen through a mapping). */
		m = map_vmo(_metadata, h, ZX_VM_PERM_READ, 0, 2 * PAGE);
		EXPECT_MEM(m, 2 * PAGE, 0x5a);
		unmap_vmo(_metadata, m, 2 * PAGE);
		zx_handle_close(h);
		EXPECT_BASELINE(base);
	}
}

TEST(uncached_refuses_read_write)
{
	size_t i;

	for (i = 0; i < N(uncached); i++) {
		zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
		uint8_t buf[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

		TH_LOG("policy %u", uncached[i]);
		ASSERT_EQ(ZX_OK, zx_vmo_set_cache_policy(h, uncached[i]));
		EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_read(h, buf, 0, sizeof(buf)));
		EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_write(h, buf, 0, sizeof(buf)));
		EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_write(h, buf, PAGE, 1));
		/* read(2)/write(2) fail too. */
		EXPECT_EQ(-1, pread((int)h, buf, sizeof(buf), 0));
		EXPECT_EQ(-1, pwrite((int)h, buf, sizeof(buf), 0));
		EXPECT_EQ(0u, committed(_metadata, h));
		zx_handle_close(h);
	}
}

TEST(uncached_refuses_children)
{
	static const uint32_t kinds[] = { ZX_VMO_CHILD_SNAPSHOT, ZX_VMO_CHILD_SLICE,
					  ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE };
	size_t i, k;

	for (i = 0; i < N(uncached); i++) {
		zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);

		ASSERT_EQ(ZX_OK, zx_vmo_set_cache_policy(h, uncached[i]));
		for (k = 0; k < N(kinds); k++)
			EXPECT_EQ(ZX_ERR_BAD_STATE, child_status(h, kinds[k], 0, PAGE)) {
				TH_LOG("policy %u child kind %#x", uncached[i], kinds[k]);
			}
		EXPECT_EQ(0u, vmo_info(_metadata, h).num_children);
		zx_handle_close(h);
	}
}

/*
 * Mapping an uncached or write-combining VMO works: what is written
 * through the mapping reads back through it (and a second mapping).
 */
TEST(map_uncached_roundtrip)
{
	BASELINE(base);
	const size_t len = 4 * PAGE;
	size_t i;

	for (i = 0; i < N(uncached); i++) {
		zx_handle_t h = vmo_new(_metadata, len, 0);
		uint8_t *m, *m2;
		long bad;

		TH_LOG("policy %u", uncached[i]);
		ASSERT_EQ(ZX_OK, zx_vmo_set_cache_policy(h, uncached[i]));
		m = map_vmo(_metadata, h, RW, 0, len);
		m2 = map_vmo(_metadata, h, ZX_VM_PERM_READ, 0, len);
		pattern_fill(m, 0, len, 40 + i);
		bad = pattern_check(m, 0, len, 40 + i);
		EXPECT_EQ(-1, bad);
		bad = pattern_check(m2, 0, len, 40 + i);
		EXPECT_EQ(-1, bad);
		EXPECT_EQ(len, committed(_metadata, h));
		EXPECT_EQ(base.pages + 4, pages_now());
		/* Still refused while mapped. */
		EXPECT_EQ(ZX_ERR_BAD_STATE,
			  zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_CACHED));
		unmap_vmo(_metadata, m2, len);
		unmap_vmo(_metadata, m, len);
		zx_handle_close(h);
		EXPECT_BASELINE(base);
	}
}

/* Going back to CACHED after decommitting every page works. */
TEST(back_to_cached_after_decommit)
{
	BASELINE(base);
	size_t i;

	for (i = 0; i < N(uncached); i++) {
		zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
		uint8_t *m;

		TH_LOG("policy %u", uncached[i]);
		ASSERT_EQ(ZX_OK, zx_vmo_set_cache_policy(h, uncached[i]));
		m = map_vmo(_metadata, h, RW, 0, 4 * PAGE);
		memset(m, 0x6b, 3 * PAGE);
		unmap_vmo(_metadata, m, 4 * PAGE);
		EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_COMMIT, 3 * PAGE, PAGE));
		EXPECT_EQ(4 * PAGE, committed(_metadata, h));
		EXPECT_EQ(ZX_ERR_BAD_STATE,
			  zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_CACHED));
		EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_DECOMMIT, 0, 2 * PAGE));
		EXPECT_EQ(ZX_ERR_BAD_STATE,
			  zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_CACHED));
		EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_DECOMMIT, 0, 4 * PAGE));
		EXPECT_EQ(0u, committed(_metadata, h));
		EXPECT_EQ(base.pages, pages_now());
		EXPECT_EQ(ZX_OK, zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_CACHED));
		EXPECT_EQ(ZX_CACHE_POLICY_CACHED, policy_of(_metadata, h));
		/* Ordinary again. */
		fill(_metadata, h, 0, PAGE, 0x6c);
		expect_bytes(_metadata, h, 0, PAGE, 0x6c);
		expect_bytes(_metadata, h, PAGE, 3 * PAGE, 0);
		zx_handle_close(h);
		EXPECT_BASELINE(base);
	}
}

/* ZERO and the cache ops work on an uncached VMO. */
TEST(uncached_op_range)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 5 * PAGE, 0);
	uint8_t *m;

	fill(_metadata, h, 0, 4 * PAGE, 0x6d);
	ASSERT_EQ(ZX_OK, zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_UNCACHED));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_CACHE_CLEAN, 0, 4 * PAGE));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_CACHE_CLEAN_INVALIDATE, 0, 4 * PAGE));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_CACHE_SYNC, 0, 4 * PAGE));
	/* Zircon: uncached memory is not zeroed through the VMO, first of all. */
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_ZERO, 10, 2 * PAGE));
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_ZERO, 0, 100 * PAGE));
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_ZERO, PAGE, 0));
	EXPECT_EQ(4 * PAGE, committed(_metadata, h));
	m = map_vmo(_metadata, h, ZX_VM_PERM_READ, 0, 5 * PAGE);
	EXPECT_MEM(m, 4 * PAGE, 0x6d);
	/*
	 * No shared zero page for an uncached VMO (it is cached memory):
	 * the read fault of page 4 committed it.
	 */
	EXPECT_MEM(m + 4 * PAGE, PAGE, 0);
	EXPECT_EQ(5 * PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 5, pages_now());
	unmap_vmo(_metadata, m, 5 * PAGE);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

TEST(bad_handle)
{
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_set_cache_policy(closed_handle(),
							     ZX_CACHE_POLICY_CACHED));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_set_cache_policy(ZX_HANDLE_INVALID,
							     ZX_CACHE_POLICY_CACHED));
}

/*
 * A VMO that had a snapshot child keeps the zero markers its ZERO left
 * (they hid pages the child still saw) after the child is closed and the
 * hidden node merged back.  It is then an ordinary VMO again: no child,
 * not a child, committed pages while CACHED, so leaving CACHED is allowed
 * and must convert exactly its pages (and only pages).
 */
TEST(leave_cached_after_snapshot_closed_with_zeroed_pages)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	zx_handle_t c;
	uint8_t *m;

	fill(_metadata, h, 0, 4 * PAGE, 0x7e);
	c = snap(_metadata, h, 0, 4 * PAGE);
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_ZERO, PAGE, PAGE));
	zx_handle_close(c);
	EXPECT_EQ(3 * PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 3, pages_now());
	EXPECT_EQ(ZX_OK, zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_UNCACHED));
	EXPECT_EQ(ZX_CACHE_POLICY_UNCACHED, policy_of(_metadata, h));
	m = map_vmo(_metadata, h, ZX_VM_PERM_READ, 0, 4 * PAGE);
	EXPECT_MEM(m, PAGE, 0x7e);
	EXPECT_MEM(m + PAGE, PAGE, 0);
	EXPECT_MEM(m + 2 * PAGE, 2 * PAGE, 0x7e);
	unmap_vmo(_metadata, m, 4 * PAGE);
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_DECOMMIT, 0, 4 * PAGE));
	EXPECT_EQ(ZX_OK, zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_CACHED));
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* ---- race: snapshot / slice against set_cache_policy ------------------- */

enum { RACE_ROUNDS = 300 };

struct race {
	pthread_barrier_t start, done;
	zx_handle_t h;		/* this round's VMO */
	uint32_t kind;		/* child kind */
	zx_status_t child_st, policy_st;
	zx_handle_t child;
	bool stop;
};

static void *race_child(void *arg)
{
	struct race *r = arg;

	for (;;) {
		pthread_barrier_wait(&r->start);
		if (r->stop)
			return NULL;
		r->child = ZX_HANDLE_INVALID;
		r->child_st = zx_vmo_create_child(r->h, r->kind, 0, 2 * PAGE, &r->child);
		pthread_barrier_wait(&r->done);
	}
}

/*
 * Children and a non-CACHED policy exclude each other, however the calls
 * interleave: at most one of them succeeds, and a VMO with a child is
 * CACHED.  (Before the fix the policy could change between the child's
 * check and the split, leaving uncached pages in cached leaves.)
 */
static void policy_race(struct __test_metadata *_metadata, uint32_t kind)
{
	BASELINE(base);
	struct race r = { .kind = kind };
	pthread_t t;
	int i, both = 0;

	ASSERT_EQ(0, pthread_barrier_init(&r.start, NULL, 2));
	ASSERT_EQ(0, pthread_barrier_init(&r.done, NULL, 2));
	ASSERT_EQ(0, pthread_create(&t, NULL, race_child, &r));
	for (i = 0; i < RACE_ROUNDS; i++) {
		r.h = vmo_new(_metadata, 2 * PAGE, 0);
		fill(_metadata, r.h, 0, 2 * PAGE, 0x3c);
		pthread_barrier_wait(&r.start);
		r.policy_st = zx_vmo_set_cache_policy(r.h, ZX_CACHE_POLICY_UNCACHED);
		pthread_barrier_wait(&r.done);
		if (r.child_st == ZX_OK) {
			EXPECT_EQ(ZX_ERR_BAD_STATE, r.policy_st);
			EXPECT_EQ(ZX_CACHE_POLICY_CACHED, policy_of(_metadata, r.h));
			EXPECT_EQ(ZX_CACHE_POLICY_CACHED, policy_of(_metadata, r.child));
			expect_bytes(_metadata, r.child, 0, 2 * PAGE, 0x3c);
			both += r.policy_st == ZX_OK;
			zx_handle_close(r.child);
		} else {
			EXPECT_EQ(ZX_OK, r.policy_st);
			EXPECT_EQ(ZX_ERR_BAD_STATE, r.child_st);
		}
		zx_handle_close(r.h);
		if (both)
			break;
	}
	r.stop = true;
	pthread_barrier_wait(&r.start);
	pthread_join(t, NULL);
	TH_LOG("%d rounds, %d with both a child and a policy change", i, both);
	EXPECT_BASELINE(base);
}

TEST(snapshot_races_set_policy)
{
	policy_race(_metadata, ZX_VMO_CHILD_SNAPSHOT);
}

TEST(slice_races_set_policy)
{
	policy_race(_metadata, ZX_VMO_CHILD_SLICE);
}

/* ---- privilege: only CAP_SYS_RAWIO leaves CACHED ----------------------- */

struct priv_args {
	zx_handle_t paged, contig, nomap;
	bool nobody;	/* setuid(nobody), else drop CAP_SYS_RAWIO only */
};

/* In a child without CAP_SYS_RAWIO: exit status 0, or the failed check. */
static int unprivileged_policy(void *arg)
{
	struct priv_args *a = arg;
	size_t i;

	if (a->nobody ? become_nobody() : drop_cap(CAP_SYS_RAWIO))
		return 1;
	for (i = 0; i < N(uncached); i++) {
		if (zx_vmo_set_cache_policy(a->paged, uncached[i]) != ZX_ERR_ACCESS_DENIED)
			return 10 + i;
		if (zx_vmo_set_cache_policy(a->contig, uncached[i]) != ZX_ERR_ACCESS_DENIED)
			return 20 + i;
	}
	/* The value and the right are checked first. */
	if (zx_vmo_set_cache_policy(a->paged, 4) != ZX_ERR_INVALID_ARGS)
		return 30;
	if (zx_vmo_set_cache_policy(a->nomap, 4) != ZX_ERR_INVALID_ARGS)
		return 31;
	if (zx_vmo_set_cache_policy(a->nomap, ZX_CACHE_POLICY_UNCACHED) !=
	    ZX_ERR_ACCESS_DENIED)
		return 32;
	/* CACHED stays allowed. */
	if (zx_vmo_set_cache_policy(a->paged, ZX_CACHE_POLICY_CACHED) != ZX_OK)
		return 40;
	if (zx_vmo_set_cache_policy(a->contig, ZX_CACHE_POLICY_CACHED) != ZX_OK)
		return 41;
	return 0;
}

static void policy_privilege(struct __test_metadata *_metadata, bool nobody)
{
	BASELINE(base);
	struct priv_args a = { .nobody = nobody };
	zx_handle_t bti = bti_new(_metadata);

	a.paged = vmo_new(_metadata, 2 * PAGE, 0);
	fill(_metadata, a.paged, 0, 2 * PAGE, 0x11);
	ASSERT_EQ(ZX_OK, zx_vmo_create_contiguous(bti, 2 * PAGE, 0, &a.contig));
	a.nomap = dup_rights(_metadata, a.paged, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_MAP);
	EXPECT_EQ(0, run_in_child(unprivileged_policy, &a));
	EXPECT_EQ(ZX_CACHE_POLICY_CACHED, policy_of(_metadata, a.paged));
	EXPECT_EQ(ZX_CACHE_POLICY_CACHED, policy_of(_metadata, a.contig));
	/* Root (with CAP_SYS_RAWIO) still may. */
	EXPECT_EQ(ZX_OK, zx_vmo_set_cache_policy(a.paged, ZX_CACHE_POLICY_UNCACHED));
	EXPECT_EQ(ZX_OK, zx_vmo_set_cache_policy(a.contig, ZX_CACHE_POLICY_WRITE_COMBINING));
	EXPECT_EQ(ZX_CACHE_POLICY_UNCACHED, policy_of(_metadata, a.paged));
	EXPECT_EQ(ZX_CACHE_POLICY_WRITE_COMBINING, policy_of(_metadata, a.contig));
	zx_handle_close(a.nomap);
	zx_handle_close(a.paged);
	zx_handle_close(a.contig);
	zx_handle_close(bti);
	EXPECT_BASELINE(base);
}

TEST(uncached_needs_cap_sys_rawio)
{
	policy_privilege(_metadata, false);
}

TEST(uncached_denied_to_nobody)
{
	policy_privilege(_metadata, true);
}

TEST_HARNESS_MAIN
