// SPDX-License-Identifier: GPL-2.0
/*
 * Discardable VMOs (issue #4): ZX_VMO_OP_LOCK / TRY_LOCK / UNLOCK, the
 * shrinker run by `echo 2 > /proc/sys/vm/drop_caches`, what a discarded VMO
 * does, and discarding under real memory pressure.
 *
 * drop_caches discards every unlocked discardable VMO of the system that
 * holds pages, so the tests here own every discardable VMO that exists
 * while they run (the harness runs tests one at a time).
 */
#include "op_range_helpers.h"

#include <sys/mount.h>
#include <time.h>

#define SZ (4 * PAGE)

static zx_handle_t dvmo_new(struct __test_metadata *_metadata, uint64_t size)
{
	return vmo_new(_metadata, size, ZX_VMO_DISCARDABLE);
}

#define EXPECT_LOCK_STATE(st, o, s, dofs, dsz)				\
	do {								\
		EXPECT_EQ((uint64_t)(o), (st).offset);			\
		EXPECT_EQ((uint64_t)(s), (st).size);			\
		EXPECT_EQ((uint64_t)(dofs), (st).discarded_offset);	\
		EXPECT_EQ((uint64_t)(dsz), (st).discarded_size);	\
	} while (0)

/*
 * The way a client uses a discardable VMO: LOCK, write @len bytes of @b,
 * UNLOCK.  Only then is it a candidate for discarding (Zircon's
 * DiscardableVmoTracker starts in kUnset: "a discardable vmo must be locked
 * at least once to opt into the above state transitions").
 */
static void use_and_unlock(struct __test_metadata *_metadata, zx_handle_t h,
			   size_t len, uint8_t b)
{
	zx_vmo_lock_state_t st;

	ASSERT_EQ(ZX_OK, lock_vmo(h, 0, size_of(_metadata, h), &st));
	fill(_metadata, h, 0, len, b);
	ASSERT_EQ(ZX_OK, op(h, ZX_VMO_OP_UNLOCK, 0, size_of(_metadata, h)));
}

/* Uses @h (one page), unlocks it and discards it with drop_caches. */
static void discard_now(struct __test_metadata *_metadata, zx_handle_t h)
{
	use_and_unlock(_metadata, h, PAGE, 0xd1);
	ASSERT_EQ(0, drop_caches());
	ASSERT_EQ(0u, committed(_metadata, h));
	ASSERT_EQ(ZX_ERR_UNAVAILABLE, op(h, ZX_VMO_OP_TRY_LOCK, 0, size_of(_metadata, h)));
}

TEST(new_discardable_is_unlocked)
{
	zx_handle_t h = dvmo_new(_metadata, SZ);
	zx_info_vmo_t info = vmo_info(_metadata, h);

	EXPECT_EQ(ZX_INFO_VMO_DISCARDABLE, info.flags & ZX_INFO_VMO_DISCARDABLE);
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	EXPECT_EQ(0u, committed(_metadata, h));
	zx_handle_close(h);
}

TEST(lock_fresh_reports_not_discarded)
{
	BASELINE(base);
	zx_handle_t h = dvmo_new(_metadata, SZ);
	zx_vmo_lock_state_t st;

	EXPECT_EQ(ZX_OK, lock_vmo(h, 0, SZ, &st));
	EXPECT_LOCK_STATE(st, 0, SZ, 0, 0);
	/* Locking commits nothing. */
	EXPECT_EQ(0u, committed(_metadata, h));
	EXPECT_EQ(base.pages, pages_now());
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

TEST(try_lock_fresh_ok)
{
	zx_handle_t h = dvmo_new(_metadata, SZ);

	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_TRY_LOCK, 0, SZ));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	zx_handle_close(h);
}

/* Unlocked pages not yet discarded count as committed. */
TEST(unlocked_pages_count_as_committed)
{
	BASELINE(base);
	zx_handle_t h = dvmo_new(_metadata, SZ);
	zx_vmo_lock_state_t st;

	EXPECT_EQ(ZX_OK, lock_vmo(h, 0, SZ, &st));
	fill(_metadata, h, 0, 3 * PAGE, 0x17);
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	EXPECT_EQ(3 * PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 3, pages_now());
	expect_bytes(_metadata, h, 0, 3 * PAGE, 0x17);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/*
 * A discardable VMO that was never locked has not opted in: Zircon's
 * DiscardableVmoTracker starts in kUnset and only enters the reclaim
 * candidates on the first UNLOCK ("a discardable vmo must be locked at
 * least once to opt into the above state transitions"), so the kernel
 * never discards it.  The spec's LOCK/UNLOCK text: UNLOCK is what makes
 * pages "eligible for reclamation by the kernel".
 */
TEST(never_locked_not_discarded)
{
	BASELINE(base);
	zx_handle_t h = dvmo_new(_metadata, SZ);
	zx_handle_t other = dvmo_new(_metadata, SZ);

	fill(_metadata, h, 0, SZ, 0x19);
	/* Something the shrinker may discard, so that it certainly runs. */
	use_and_unlock(_metadata, other, SZ, 0x18);
	ASSERT_EQ(0, drop_caches());
	EXPECT_EQ(0u, committed(_metadata, other));
	EXPECT_EQ(SZ, committed(_metadata, h));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_TRY_LOCK, 0, SZ));
	expect_bytes(_metadata, h, 0, SZ, 0x19);
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	zx_handle_close(other);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

TEST(drop_caches_discards_unlocked_not_locked)
{
	BASELINE(base);
	zx_handle_t u = dvmo_new(_metadata, SZ);
	zx_handle_t l = dvmo_new(_metadata, SZ);
	zx_vmo_lock_state_t st;

	EXPECT_EQ(ZX_OK, lock_vmo(l, 0, SZ, &st));
	use_and_unlock(_metadata, u, SZ, 0x1a);
	fill(_metadata, l, 0, SZ, 0x1b);
	EXPECT_EQ(base.pages + 8, pages_now());
	ASSERT_EQ(0, drop_caches());
	EXPECT_EQ(0u, committed(_metadata, u));
	EXPECT_EQ(SZ, committed(_metadata, l));
	EXPECT_EQ(base.pages + 4, pages_now());
	expect_bytes(_metadata, l, 0, SZ, 0x1b);
	EXPECT_EQ(ZX_OK, op(l, ZX_VMO_OP_UNLOCK, 0, SZ));
	zx_handle_close(u);
	zx_handle_close(l);
	EXPECT_BASELINE(base);
}

TEST(try_lock_discarded_unavailable)
{
	BASELINE(base);
	zx_handle_t h = dvmo_new(_metadata, SZ);

	discard_now(_metadata, h);
	EXPECT_EQ(ZX_ERR_UNAVAILABLE, op(h, ZX_VMO_OP_TRY_LOCK, 0, SZ));
	/* TRY_LOCK failing did not lock it. */
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	EXPECT_EQ(0u, committed(_metadata, h));
	EXPECT_EQ(base.pages, pages_now());
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

TEST(lock_discarded_reports_range_and_zeros)
{
	BASELINE(base);
	zx_handle_t h = dvmo_new(_metadata, SZ);
	zx_vmo_lock_state_t st;

	use_and_unlock(_metadata, h, SZ, 0x1c);
	ASSERT_EQ(0, drop_caches());
	EXPECT_EQ(0u, committed(_metadata, h));
	EXPECT_EQ(ZX_OK, lock_vmo(h, 0, SZ, &st));
	EXPECT_LOCK_STATE(st, 0, SZ, 0, SZ);
	expect_bytes(_metadata, h, 0, SZ, 0);
	EXPECT_EQ(0u, committed(_metadata, h));
	/* Usable again. */
	fill(_metadata, h, PAGE, PAGE, 0x1d);
	expect_page(_metadata, h, 1, 0x1d);
	EXPECT_EQ(PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 1, pages_now());
	/* A second LOCK no longer reports a discarded range. */
	EXPECT_EQ(ZX_OK, lock_vmo(h, 0, SZ, &st));
	EXPECT_LOCK_STATE(st, 0, SZ, 0, 0);
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	/* Unlocked after the LOCK: TRY_LOCK works (not discarded). */
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_TRY_LOCK, 0, SZ));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

TEST(lock_counts_nest)
{
	BASELINE(base);
	zx_handle_t h = dvmo_new(_metadata, SZ);
	zx_vmo_lock_state_t st;

	EXPECT_EQ(ZX_OK, lock_vmo(h, 0, SZ, &st));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_TRY_LOCK, 0, SZ));
	fill(_metadata, h, 0, SZ, 0x1e);
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	/* Still locked once. */
	ASSERT_EQ(0, drop_caches());
	EXPECT_EQ(SZ, committed(_metadata, h));
	expect_bytes(_metadata, h, 0, SZ, 0x1e);
	EXPECT_EQ(base.pages + 4, pages_now());
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	/* Now discardable. */
	ASSERT_EQ(0, drop_caches());
	EXPECT_EQ(0u, committed(_metadata, h));
	EXPECT_EQ(base.pages, pages_now());
	EXPECT_EQ(ZX_ERR_UNAVAILABLE, op(h, ZX_VMO_OP_TRY_LOCK, 0, SZ));
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

TEST(unlock_not_locked_bad_state)
{
	zx_handle_t h = dvmo_new(_metadata, SZ);
	zx_vmo_lock_state_t st;

	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	EXPECT_EQ(ZX_OK, lock_vmo(h, 0, SZ, &st));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	/* Also when discarded. */
	discard_now(_metadata, h);
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	zx_handle_close(h);
}

/* "The entire VMO should be locked at once": other ranges OUT_OF_RANGE. */
TEST(lock_ranges_other_than_whole_out_of_range)
{
	static const uint32_t ops[] = {
		ZX_VMO_OP_LOCK, ZX_VMO_OP_TRY_LOCK, ZX_VMO_OP_UNLOCK,
	};
	const uint64_t ranges[][2] = {
		{ 0, SZ - PAGE }, { PAGE, SZ - PAGE }, { 0, SZ + PAGE },
		{ 0, 0 }, { PAGE, SZ }, { 0, 1 }, { 0, SZ - 1 }, { 1, SZ - 1 },
		{ SZ, 0 }, { UINT64_MAX - PAGE + 1, SZ },
	};
	zx_handle_t h = dvmo_new(_metadata, SZ);
	zx_vmo_lock_state_t st;
	size_t i, j;

	for (i = 0; i < 3; i++) {
		for (j = 0; j < sizeof(ranges) / sizeof(ranges[0]); j++) {
			memset(&st, 0xa5, sizeof(st));
			EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
				  zx_vmo_op_range(h, ops[i], ranges[j][0],
						  ranges[j][1], &st, sizeof(st))) {
				TH_LOG("op %u range %#llx+%#llx", ops[i],
				       (unsigned long long)ranges[j][0],
				       (unsigned long long)ranges[j][1]);
			}
		}
	}
	/* None of them locked it. */
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	/* A bad UNLOCK range leaves a locked VMO locked. */
	EXPECT_EQ(ZX_OK, lock_vmo(h, 0, SZ, &st));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_UNLOCK, 0, PAGE));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	zx_handle_close(h);
}

TEST(lock_ops_on_non_discardable_not_supported)
{
	zx_handle_t h = vmo_new(_metadata, SZ, 0);
	zx_handle_t r = vmo_new(_metadata, SZ, ZX_VMO_RESIZABLE);
	zx_vmo_lock_state_t st;

	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, lock_vmo(h, 0, SZ, &st));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, op(h, ZX_VMO_OP_TRY_LOCK, 0, SZ));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, lock_vmo(r, 0, SZ, &st));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, op(r, ZX_VMO_OP_TRY_LOCK, 0, SZ));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, op(r, ZX_VMO_OP_UNLOCK, 0, SZ));
	zx_handle_close(r);
	zx_handle_close(h);
}

TEST(lock_small_buffer_invalid_args_not_locked)
{
	zx_handle_t h = dvmo_new(_metadata, SZ);
	zx_vmo_lock_state_t st, big[2];
	size_t sizes[] = { 0, 1, sizeof(st) - 1 };
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		memset(&st, 0xa5, sizeof(st));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_vmo_op_range(h, ZX_VMO_OP_LOCK, 0, SZ, &st, sizes[i]));
		EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	}
	/* A larger buffer is fine. */
	memset(big, 0xa5, sizeof(big));
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(h, ZX_VMO_OP_LOCK, 0, SZ, big, sizeof(big)));
	EXPECT_LOCK_STATE(big[0], 0, SZ, 0, 0);
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	zx_handle_close(h);
}

TEST(lock_bad_buffer_invalid_args_not_locked)
{
	BASELINE(base);
	zx_handle_t h = dvmo_new(_metadata, SZ);
	void *gone = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, gone);
	ASSERT_NE(MAP_FAILED, ro);
	ASSERT_EQ(0, munmap(gone, PAGE));
	use_and_unlock(_metadata, h, SZ, 0x2a);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_op_range(h, ZX_VMO_OP_LOCK, 0, SZ, NULL,
				  sizeof(zx_vmo_lock_state_t)));
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_op_range(h, ZX_VMO_OP_LOCK, 0, SZ, gone,
				  sizeof(zx_vmo_lock_state_t)));
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_op_range(h, ZX_VMO_OP_LOCK, 0, SZ, ro,
				  sizeof(zx_vmo_lock_state_t)));
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	/* Not locked, so still discardable. */
	EXPECT_EQ(SZ, committed(_metadata, h));
	ASSERT_EQ(0, drop_caches());
	EXPECT_EQ(0u, committed(_metadata, h));
	EXPECT_EQ(ZX_ERR_UNAVAILABLE, op(h, ZX_VMO_OP_TRY_LOCK, 0, SZ));
	munmap(ro, PAGE);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

TEST(discarded_read_write_commit_not_found)
{
	BASELINE(base);
	zx_handle_t h = dvmo_new(_metadata, SZ);
	zx_vmo_lock_state_t st;
	uint8_t buf[16];

	discard_now(_metadata, h);
	memset(buf, 0x3c, sizeof(buf));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmo_read(h, buf, 0, sizeof(buf)));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmo_write(h, buf, PAGE, sizeof(buf)));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, op(h, ZX_VMO_OP_COMMIT, 0, SZ));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, op(h, ZX_VMO_OP_COMMIT, PAGE, 1));
	/* Range errors still come first. */
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(h, buf, SZ, 1));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_COMMIT, 0, SZ + 1));
	EXPECT_EQ(0u, committed(_metadata, h));
	EXPECT_EQ(base.pages, pages_now());
	/* After LOCK it works again. */
	EXPECT_EQ(ZX_OK, lock_vmo(h, 0, SZ, &st));
	EXPECT_LOCK_STATE(st, 0, SZ, 0, SZ);
	EXPECT_EQ(ZX_OK, zx_vmo_write(h, buf, PAGE, sizeof(buf)));
	expect_bytes(_metadata, h, PAGE, sizeof(buf), 0x3c);
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_COMMIT, 0, SZ));
	EXPECT_EQ(SZ, committed(_metadata, h));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* Mappings are zapped on discard and fault SIGBUS until LOCK. */
TEST(discarded_mapping_sigbus)
{
	BASELINE(base);
	zx_handle_t h = dvmo_new(_metadata, SZ);
	uint8_t *m = map_vmo(_metadata, h, RW | ZX_VM_ALLOW_FAULTS, 0, SZ);
	zx_vmo_lock_state_t st;
	uint8_t *late;

	ASSERT_EQ(ZX_OK, lock_vmo(h, 0, SZ, &st));
	memset(m, 0x3e, SZ);
	ASSERT_EQ(ZX_OK, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	EXPECT_EQ(SZ, committed(_metadata, h));
	ASSERT_EQ(0, drop_caches());
	EXPECT_EQ(0u, committed(_metadata, h));
	EXPECT_EQ(base.pages, pages_now());
	EXPECT_EQ(SIGBUS, probe_read(m));
	EXPECT_EQ(SIGBUS, probe_read(m + 3 * PAGE + 7));
	EXPECT_EQ(SIGBUS, probe_write(m + PAGE, 1));
	/* A mapping made after the discard faults the same way. */
	late = map_vmo(_metadata, h, ZX_VM_PERM_READ | ZX_VM_ALLOW_FAULTS, 0, SZ);
	EXPECT_EQ(SIGBUS, probe_read(late + PAGE));
	EXPECT_EQ(0u, committed(_metadata, h));

	EXPECT_EQ(ZX_OK, lock_vmo(h, 0, SZ, &st));
	EXPECT_LOCK_STATE(st, 0, SZ, 0, SZ);
	EXPECT_EQ(0, probe_read(m));
	EXPECT_MEM(m, SZ, 0);
	EXPECT_EQ(0, probe_write(m + PAGE, 0x3f));
	EXPECT_EQ(0x3f, late[PAGE]);
	EXPECT_EQ(PAGE, committed(_metadata, h));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	unmap_vmo(_metadata, late, SZ);
	unmap_vmo(_metadata, m, SZ);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* A discardable VMO cannot have children of any kind. */
TEST(discardable_no_children)
{
	zx_handle_t h = dvmo_new(_metadata, SZ);

	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, child_status(h, ZX_VMO_CHILD_SNAPSHOT, 0, SZ));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  child_status(h, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE, 0, SZ));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, child_status(h, ZX_VMO_CHILD_SLICE, 0, SZ));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  child_status(h, ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_NO_WRITE, 0, PAGE));
	EXPECT_EQ(0u, vmo_info(_metadata, h).num_children);
	EXPECT_ZERO_CHILDREN(h);
	zx_handle_close(h);
}

/* Closing a locked or discarded discardable VMO frees everything. */
TEST(close_locked_and_discarded)
{
	BASELINE(base);
	zx_handle_t a = dvmo_new(_metadata, SZ);
	zx_handle_t b = dvmo_new(_metadata, SZ);
	zx_vmo_lock_state_t st;

	EXPECT_EQ(ZX_OK, lock_vmo(a, 0, SZ, &st));
	fill(_metadata, a, 0, SZ, 1);
	discard_now(_metadata, b);
	EXPECT_EQ(base.pages + 4, pages_now());
	zx_handle_close(a);
	zx_handle_close(b);
	EXPECT_BASELINE(base);
	/* The shrinker has nothing of ours left: drop_caches is harmless. */
	EXPECT_EQ(0, drop_caches());
	EXPECT_BASELINE(base);
}

/*
 * A LOCK whose state cannot be written back changes nothing: not the lock
 * count, not the discarded state (Zircon: the failed copy-out leaves the
 * VMO as it was).
 */
TEST(lock_bad_buffer_keeps_count_and_discarded)
{
	BASELINE(base);
	zx_handle_t h = dvmo_new(_metadata, SZ);
	zx_vmo_lock_state_t st;

	ASSERT_EQ(ZX_OK, lock_vmo(h, 0, SZ, &st));
	ASSERT_EQ(ZX_OK, lock_vmo(h, 0, SZ, &st));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_op_range(h, ZX_VMO_OP_LOCK, 0, SZ, NULL, sizeof(st)));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));

	discard_now(_metadata, h);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_op_range(h, ZX_VMO_OP_LOCK, 0, SZ, NULL, sizeof(st)));
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	/* Still discarded: the next good LOCK reports it. */
	EXPECT_EQ(ZX_ERR_UNAVAILABLE, op(h, ZX_VMO_OP_TRY_LOCK, 0, SZ));
	EXPECT_EQ(ZX_OK, lock_vmo(h, 0, SZ, &st));
	EXPECT_LOCK_STATE(st, 0, SZ, 0, SZ);
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/*
 * The state may go into a mapping of the VMO itself: its fault takes the
 * tree lock, so it is written with the lock dropped and retried.
 */
TEST(lock_state_into_own_mapping)
{
	BASELINE(base);
	zx_handle_t h = dvmo_new(_metadata, SZ);
	zx_vmo_lock_state_t st;
	uint8_t *p;

	use_and_unlock(_metadata, h, SZ, 0x3c);
	p = mmap_vmo(_metadata, h, PROT_READ | PROT_WRITE, MAP_SHARED, 0, SZ);
	memset(&st, 0xa5, sizeof(st));
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(h, ZX_VMO_OP_LOCK, 0, SZ, p + PAGE,
					 sizeof(st)));
	memcpy(&st, p + PAGE, sizeof(st));
	EXPECT_LOCK_STATE(st, 0, SZ, 0, 0);
	EXPECT_EQ(0x3c, p[PAGE + sizeof(st)]);
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_UNLOCK, 0, SZ));
	EXPECT_EQ(0, munmap(p, SZ));
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* Threads racing LOCK with a bad buffer against LOCK/UNLOCK. */
struct lock_race {
	zx_handle_t h;
	atomic_bool stop;
	atomic_long locks, unlocks, bad;
};

static void *bad_locker(void *arg)
{
	struct lock_race *r = arg;
	zx_status_t s;

	while (!atomic_load(&r->stop)) {
		s = zx_vmo_op_range(r->h, ZX_VMO_OP_LOCK, 0, SZ, NULL,
				    sizeof(zx_vmo_lock_state_t));
		if (s != ZX_ERR_INVALID_ARGS)
			atomic_fetch_add(&r->bad, 1);
	}
	return NULL;
}

static void *lock_pairer(void *arg)
{
	struct lock_race *r = arg;
	zx_vmo_lock_state_t st;

	while (!atomic_load(&r->stop)) {
		if (lock_vmo(r->h, 0, SZ, &st) == ZX_OK)
			atomic_fetch_add(&r->locks, 1);
		if (op(r->h, ZX_VMO_OP_UNLOCK, 0, SZ) == ZX_OK)
			atomic_fetch_add(&r->unlocks, 1);
	}
	return NULL;
}

/* UNLOCKs it never locked: they must fail unless someone holds a lock. */
static void *stray_unlocker(void *arg)
{
	struct lock_race *r = arg;

	while (!atomic_load(&r->stop))
		if (op(r->h, ZX_VMO_OP_UNLOCK, 0, SZ) == ZX_OK)
			atomic_fetch_add(&r->unlocks, 1);
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

TEST(lock_bad_buffer_races_unlock)
{
	BASELINE(base);
	void *(*fns[])(void *) = { bad_locker, bad_locker, lock_pairer,
				   stray_unlocker, stray_unlocker };
	struct lock_race r = { .h = dvmo_new(_metadata, SZ) };
	pthread_t t[sizeof(fns) / sizeof(fns[0])];
	long held, i;
	double end;

	for (i = 0; i < (long)(sizeof(fns) / sizeof(fns[0])); i++)
		ASSERT_EQ(0, pthread_create(&t[i], NULL, fns[i], &r));
	end = now_s() + 2;
	while (now_s() < end)
		usleep(10000);
	atomic_store(&r.stop, true);
	for (i = 0; i < (long)(sizeof(fns) / sizeof(fns[0])); i++)
		pthread_join(t[i], NULL);

	held = atomic_load(&r.locks) - atomic_load(&r.unlocks);
	TH_LOG("%ld locks, %ld unlocks", atomic_load(&r.locks),
	       atomic_load(&r.unlocks));
	EXPECT_EQ(0, atomic_load(&r.bad));
	ASSERT_LE(0, held);
	for (i = 0; i < held; i++)
		ASSERT_EQ(ZX_OK, op(r.h, ZX_VMO_OP_UNLOCK, 0, SZ));
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(r.h, ZX_VMO_OP_UNLOCK, 0, SZ));
	zx_handle_close(r.h);
	EXPECT_BASELINE(base);
}

/*
 * Many unlocked VMOs at once: the shrinker takes one tree lock at a time
 * (holding them all overflows lockdep's held-lock stack on the debug
 * kernel).
 */
#define MANY_VMOS 100

TEST(drop_caches_discards_many)
{
	BASELINE(base);
	zx_handle_t h[MANY_VMOS];
	int i;

	for (i = 0; i < MANY_VMOS; i++) {
		h[i] = dvmo_new(_metadata, PAGE);
		use_and_unlock(_metadata, h[i], PAGE, (uint8_t)i);
	}
	ASSERT_EQ(base.pages + MANY_VMOS, pages_now());
	ASSERT_EQ(0, drop_caches());
	for (i = 0; i < MANY_VMOS; i++) {
		EXPECT_EQ(0u, committed(_metadata, h[i]));
		EXPECT_EQ(ZX_ERR_UNAVAILABLE, op(h[i], ZX_VMO_OP_TRY_LOCK, 0, PAGE));
	}
	EXPECT_EQ(base.pages, pages_now());
	for (i = 0; i < MANY_VMOS; i++)
		zx_handle_close(h[i]);
	EXPECT_BASELINE(base);
}

#define BUSY_PAGES 4096
#define BUSY_OTHERS 10

/*
 * The least recently unlocked VMO is busy (another thread holds its tree
 * lock in a long COMMIT): the shrinker skips it and discards the others.
 */
TEST(drop_caches_skips_busy_vmo)
{
	BASELINE(base);
	struct busy_committer b = { .size = BUSY_PAGES * PAGE };
	zx_handle_t o[BUSY_OTHERS];
	zx_vmo_lock_state_t st;
	uint64_t c;
	pthread_t t;
	int i;

	b.h = dvmo_new(_metadata, b.size);
	ASSERT_EQ(ZX_OK, lock_vmo(b.h, 0, b.size, &st));
	ASSERT_EQ(ZX_OK, op(b.h, ZX_VMO_OP_COMMIT, 0, b.size));
	ASSERT_EQ(ZX_OK, op(b.h, ZX_VMO_OP_UNLOCK, 0, b.size));
	for (i = 0; i < BUSY_OTHERS; i++) {
		o[i] = dvmo_new(_metadata, SZ);
		use_and_unlock(_metadata, o[i], SZ, (uint8_t)i);
	}
	ASSERT_EQ(0, pthread_create(&t, NULL, busy_commit, &b));
	while (atomic_load(&b.rounds) < 2)
		usleep(1000);
	ASSERT_EQ(0, drop_caches());
	atomic_store(&b.stop, true);
	pthread_join(t, NULL);

	for (i = 0; i < BUSY_OTHERS; i++)
		EXPECT_EQ(0u, committed(_metadata, o[i]));
	/* The busy one may have been caught between two COMMITs. */
	c = committed(_metadata, b.h);
	TH_LOG("busy VMO: %lu commits, %s", atomic_load(&b.rounds),
	       c ? "kept" : "discarded");
	if (c) {
		EXPECT_EQ(b.size, c);
	} else {
		EXPECT_EQ(ZX_ERR_NOT_FOUND, b.last);
	}
	EXPECT_EQ(base.pages + (long)(c / PAGE), pages_now());
	for (i = 0; i < BUSY_OTHERS; i++)
		zx_handle_close(o[i]);
	zx_handle_close(b.h);
	EXPECT_BASELINE(base);
}

/*
 * Real memory pressure: discardable VMOs hold a good part of the guest's
 * memory, unlocked; a child process then populates anonymous memory beyond
 * what /proc/meminfo calls available.  No swap: the only way the kernel can
 * satisfy the child is the zxvmo shrinker.  The child must not be
 * OOM-killed, the unlocked VMOs must be discarded, the locked one not, and
 * at every moment the discarded ones must be the least recently unlocked.
 */
#define PRESSURE_VMOS	8
#define PRESSURE_MIB	64

FIXTURE(pressure) {
	int unused;
};

FIXTURE_SETUP(pressure) {}
FIXTURE_TEARDOWN(pressure) {}

/* Child exit codes. */
#define CHILD_OK		0
#define CHILD_MMAP_FAILED	2
#define CHILD_BOUND		3
#define CHILD_NOT_LRU		4

/*
 * Is the set of discarded VMOs (committed 0) a prefix of @order, the
 * unlock order?  Whole VMOs only: anything else is not LRU either.
 */
static bool discarded_is_lru_prefix(const zx_handle_t *h, const int *order,
				    int n, uint64_t size, int *ndiscarded)
{
	bool seen_kept = false;
	int i;

	*ndiscarded = 0;
	for (i = 0; i < n; i++) {
		zx_info_vmo_t info;

		if (zx_object_get_info(h[order[i]], ZX_INFO_VMO, &info,
				       sizeof(info), NULL, NULL) != ZX_OK)
			return false;
		if (info.committed_bytes == 0) {
			if (seen_kept)
				return false;
			(*ndiscarded)++;
		} else if (info.committed_bytes == size) {
			seen_kept = true;
		} else {
			return false;
		}
	}
	return true;
}

/*
 * The child: populate 16 MiB chunks until it holds more than @avail_kb
 * and every unlocked VMO is gone, or the bound is reached.  Never returns.
 */
static void pressure_child(const zx_handle_t *h, const int *order, uint64_t size,
			   long avail_kb, long bound_kb)
{
	const size_t chunk = 16ul << 20;
	long held_kb = 0;
	int nd, max_nd = 0;

	for (;;) {
		void *p = mmap(NULL, chunk, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

		if (p == MAP_FAILED)
			_exit(CHILD_MMAP_FAILED);
		/* Touch every page for real (MAP_POPULATE may be lazy). */
		for (size_t i = 0; i < chunk; i += 4096)
			((volatile uint8_t *)p)[i] = 1;
		held_kb += chunk >> 10;
		if (!discarded_is_lru_prefix(h, order, PRESSURE_VMOS, size, &nd))
			_exit(CHILD_NOT_LRU);
		if (nd > max_nd) {
			printf("# at %ld MiB: %d discarded\n", held_kb >> 10, nd);
			max_nd = nd;
		}
		if (held_kb > avail_kb && nd == PRESSURE_VMOS) {
			printf("# child held %ld MiB (available was %ld MiB)\n",
			       held_kb >> 10, avail_kb >> 10);
			fflush(stdout);
			_exit(CHILD_OK);
		}
		if (held_kb >= bound_kb) {
			fflush(stdout);
			_exit(CHILD_BOUND);
		}
	}
}

TEST_F_TIMEOUT(pressure, discard_under_memory_pressure, 600)
{
	const uint64_t size = (uint64_t)PRESSURE_MIB << 20;
	const long vmo_pages = (long)(size / PAGE);
	/* Unlocked in this order, which is not the creation order. */
	static const int order[PRESSURE_VMOS] = { 5, 2, 7, 0, 3, 6, 1, 4 };
	BASELINE(base);
	zx_handle_t h[PRESSURE_VMOS], locked;
	zx_vmo_lock_state_t st;
	long avail_kb, after;
	int i, discarded = 0, status;
	pid_t pid;

	for (i = 0; i < PRESSURE_VMOS; i++) {
		h[i] = dvmo_new(_metadata, size);
		ASSERT_EQ(ZX_OK, lock_vmo(h[i], 0, size, &st));
		ASSERT_EQ(ZX_OK, op(h[i], ZX_VMO_OP_COMMIT, 0, size));
		fill(_metadata, h[i], 0, 16, 0xb0 + i);
		ASSERT_EQ(size, committed(_metadata, h[i]));
	}
	for (i = 0; i < PRESSURE_VMOS; i++)
		ASSERT_EQ(ZX_OK, op(h[order[i]], ZX_VMO_OP_UNLOCK, 0, size));
	locked = dvmo_new(_metadata, 64 * PAGE);
	ASSERT_EQ(ZX_OK, lock_vmo(locked, 0, 64 * PAGE, &st));
	fill(_metadata, locked, 0, 64 * PAGE, 0x4c);
	ASSERT_EQ(base.pages + PRESSURE_VMOS * vmo_pages + 64, pages_now());

	avail_kb = meminfo_kb("MemAvailable");
	ASSERT_LT(0, avail_kb);
	TH_LOG("MemAvailable %ld MiB, MemTotal %ld MiB, VMOs %d x %d MiB",
	       avail_kb >> 10, meminfo_kb("MemTotal") >> 10, PRESSURE_VMOS,
	       PRESSURE_MIB);

	fflush(stdout);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		pressure_child(h, order, size, avail_kb,
			       avail_kb + (PRESSURE_VMOS * PRESSURE_MIB + 128) * 1024L);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	if (WIFSIGNALED(status))
		TH_LOG("child killed by signal %d (OOM killer?)", WTERMSIG(status));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(CHILD_OK, WIFEXITED(status) ? WEXITSTATUS(status) : -1);

	for (i = 0; i < PRESSURE_VMOS; i++) {
		uint64_t c = committed(_metadata, h[i]);

		if (c == 0) {
			discarded++;
			EXPECT_EQ(ZX_ERR_UNAVAILABLE,
				  op(h[i], ZX_VMO_OP_TRY_LOCK, 0, size));
		} else {
			/* Whole VMOs are discarded, never a part. */
			EXPECT_EQ(size, c);
		}
	}
	after = pages_now();
	TH_LOG("%d of %d VMOs discarded; pages %ld -> %ld", discarded,
	       PRESSURE_VMOS, base.pages + PRESSURE_VMOS * vmo_pages + 64, after);
	EXPECT_EQ(PRESSURE_VMOS, discarded);
	EXPECT_EQ(base.pages + (PRESSURE_VMOS - discarded) * vmo_pages + 64, after);
	/* The locked one survived intact. */
	EXPECT_EQ(64 * PAGE, committed(_metadata, locked));
	expect_bytes(_metadata, locked, 0, 64 * PAGE, 0x4c);
	EXPECT_EQ(ZX_OK, op(locked, ZX_VMO_OP_UNLOCK, 0, 64 * PAGE));
	/* A discarded one comes back zero-filled on LOCK. */
	EXPECT_EQ(ZX_OK, lock_vmo(h[0], 0, size, &st));
	EXPECT_LOCK_STATE(st, 0, size, 0, size);
	expect_bytes(_metadata, h[0], 0, PAGE, 0);

	for (i = 0; i < PRESSURE_VMOS; i++)
		zx_handle_close(h[i]);
	zx_handle_close(locked);
	EXPECT_BASELINE(base);
}

/*
 * The same pressure inside a memory cgroup.  zxvmo charges VMO pages to the
 * committing task's cgroup (__GFP_ACCOUNT, DESIGN section 4), so hitting
 * memory.max must be able to discard the cgroup's unlocked VMOs rather
 * than OOM-kill the task.
 */
#define CG_ROOT	"/sys/fs/cgroup"

static bool cgroup2_ready(void)
{
	struct stat st;

	if (stat(CG_ROOT "/cgroup.controllers", &st) == 0)
		return true;
	if (mount("none", CG_ROOT, "cgroup2", 0, NULL))
		return false;
	return stat(CG_ROOT "/cgroup.controllers", &st) == 0;
}

static long cg_event(const char *dir, const char *key)
{
	char path[256], line[128];
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/memory.events", dir);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)) && line[strlen(key)] == ' ')
			v = strtol(line + strlen(key) + 1, NULL, 10);
	fclose(f);
	return v;
}

/* In the cgroup: 160 MiB discardable VMO, unlocked, then 192 MiB anon. */
static void cgroup_child(const char *dir)
{
	const uint64_t size = 160ull << 20;
	const size_t chunk = 16ul << 20;
	char path[256], pid[32];
	zx_handle_t h = ZX_HANDLE_INVALID;
	zx_vmo_lock_state_t st;
	zx_info_vmo_t info;
	size_t held;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	snprintf(pid, sizeof(pid), "%d", getpid());
	if (write_file(path, pid))
		_exit(10);
	if (zx_vmo_create(size, ZX_VMO_DISCARDABLE, &h) != ZX_OK ||
	    lock_vmo(h, 0, size, &st) != ZX_OK ||
	    op(h, ZX_VMO_OP_COMMIT, 0, size) != ZX_OK ||
	    op(h, ZX_VMO_OP_UNLOCK, 0, size) != ZX_OK)
		_exit(11);
	for (held = 0; held < (192ul << 20); held += chunk) {
		void *p = mmap(NULL, chunk, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

		if (p == MAP_FAILED)
			_exit(12);
		for (size_t i = 0; i < chunk; i += 4096)
			((volatile uint8_t *)p)[i] = 1;
	}
	if (zx_object_get_info(h, ZX_INFO_VMO, &info, sizeof(info), NULL, NULL))
		_exit(13);
	_exit(info.committed_bytes == 0 ? 0 : 14);
}

TEST_F_TIMEOUT(pressure, discard_under_cgroup_memory_limit, 300)
{
	BASELINE(base);
	char dir[128], path[200];
	int status;
	pid_t pid;

	if (!cgroup2_ready())
		SKIP(return, "no cgroup2");
	if (write_file(CG_ROOT "/cgroup.subtree_control", "+memory"))
		SKIP(return, "no memory controller");
	snprintf(dir, sizeof(dir), CG_ROOT "/zxvmo-discard-%d", getpid());
	ASSERT_EQ(0, mkdir(dir, 0755));
	snprintf(path, sizeof(path), "%s/memory.max", dir);
	ASSERT_EQ(0, write_file(path, "268435456"));
	fflush(stdout);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		cgroup_child(dir);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	if (WIFSIGNALED(status))
		TH_LOG("child killed by signal %d; memory.events oom_kill %ld",
		       WTERMSIG(status), cg_event(dir, "oom_kill"));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	EXPECT_EQ(0, cg_event(dir, "oom_kill"));
	EXPECT_EQ(0, rmdir(dir));
	EXPECT_BASELINE(base);
}

TEST_HARNESS_MAIN
