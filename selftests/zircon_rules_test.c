// SPDX-License-Identifier: GPL-2.0
/*
 * Issue 11, "behaviour to fix": the rules Zircon's own VMO tests check that
 * the module had wrong or unchecked.
 *
 *  - every op_range op on a range that ends past a VMO or a slice (of a
 *    slice) is OUT_OF_RANGE and changes nothing, at every page offset;
 *  - a child whose window, added up along its ancestors, would end past
 *    2^64 in the root of its copy-on-write tree is INVALID_ARGS, for every
 *    child kind, and so is a set_size that would make it so;
 *  - ZX_INFO_VMO.metadata_bytes: 0 without pages, more with more;
 *  - what a VMO that is not CACHED refuses, op by op and child by child.
 *
 * (Cache ops on a physical VMO are in physical_test.c, which needs its
 * own boot.)
 */
#include "op_range_helpers.h"
#include "resource_helpers.h"

#define PAGES 6

/* The 2^64 - 0x8000 offset of Zircon's NoAccumulatedOverflow test. */
#define HIGH_OFF 0xffffffffffff8000ull

/* ---- ranges past the end of slices ------------------------------------ */

struct level {
	zx_handle_t h;
	uint64_t root_off;	/* bytes into the root VMO */
	uint64_t size;
};

/* A root of PAGES pages and two nested slices, each one page in. */
static void make_levels(struct __test_metadata *_metadata, struct level lv[3])
{
	lv[0].h = vmo_new(_metadata, PAGES * PAGE, 0);
	lv[0].root_off = 0;
	lv[0].size = PAGES * PAGE;
	lv[1].h = slice(_metadata, lv[0].h, PAGE, (PAGES - 2) * PAGE);
	lv[1].root_off = PAGE;
	lv[1].size = (PAGES - 2) * PAGE;
	lv[2].h = slice(_metadata, lv[1].h, PAGE, (PAGES - 4) * PAGE);
	lv[2].root_off = 2 * PAGE;
	lv[2].size = (PAGES - 4) * PAGE;
}

/* Page @i of the root holds byte 0x40 + i, every page committed. */
static void fill_root(struct __test_metadata *_metadata, zx_handle_t root)
{
	uint64_t i;

	for (i = 0; i < PAGES; i++)
		fill_page(_metadata, root, i, (uint8_t)(0x40 + i));
}

/* The root reads 0 in [zstart, zend) and its fill pattern elsewhere. */
static void expect_root(struct __test_metadata *_metadata, zx_handle_t root,
			uint64_t zstart, uint64_t zend)
{
	uint64_t i;

	for (i = 0; i < PAGES; i++) {
		bool zero = i * PAGE >= zstart && i * PAGE < zend;

		expect_page(_metadata, root, i, zero ? 0 : (uint8_t)(0x40 + i));
	}
}

/*
 * Zircon's DecommitChildSliceTests, with the seed's rule: DECOMMIT of
 * [start, start + size) of a VMO or slice is OK when it lies inside, else
 * OUT_OF_RANGE (never trimmed), for every start and end from 0 to two
 * pages past the root; exactly the range's pages of the root are freed.
 */
TEST(decommit_every_range_of_nested_slices)
{
	BASELINE(base);
	struct level lv[3];
	uint64_t start, end, root_end;
	unsigned int l, ok, bad;
	zx_status_t want;

	make_levels(_metadata, lv);
	for (l = 0; l < 3; l++) {
		ok = 0;
		bad = 0;
		root_end = lv[0].size - lv[l].root_off;
		for (start = 0; start <= root_end + PAGE; start += PAGE) {
			for (end = start + PAGE; end <= root_end + 2 * PAGE; end += PAGE) {
				fill_root(_metadata, lv[0].h);
				want = end > lv[l].size ? ZX_ERR_OUT_OF_RANGE : ZX_OK;
				ASSERT_EQ(want, op(lv[l].h, ZX_VMO_OP_DECOMMIT, start,
						   end - start)) {
					TH_LOG("level %u: decommit [%#llx, %#llx)", l,
					       (unsigned long long)start,
					       (unsigned long long)end);
				}
				if (want == ZX_OK) {
					ok++;
					expect_root(_metadata, lv[0].h, lv[l].root_off + start,
						    lv[l].root_off + end);
					EXPECT_EQ(PAGES * PAGE - (end - start),
						  committed(_metadata, lv[0].h));
				} else {
					bad++;
					expect_root(_metadata, lv[0].h, 0, 0);
					EXPECT_EQ(PAGES * PAGE, committed(_metadata, lv[0].h));
				}
			}
		}
		EXPECT_NE(0u, ok);
		EXPECT_NE(0u, bad);
	}
	for (l = 3; l-- > 0;)
		zx_handle_close(lv[l].h);
	EXPECT_BASELINE(base);
}

/*
 * Every other op_range op on a slice of a slice: a range inside is OK, a
 * range ending past the slice (even if inside its parent or root) is
 * OUT_OF_RANGE and commits, zeroes or frees nothing.
 */
TEST(every_op_past_the_end_of_a_slice)
{
	static const uint32_t ops[] = {
		ZX_VMO_OP_COMMIT, ZX_VMO_OP_ZERO, ZX_VMO_OP_CACHE_SYNC,
		ZX_VMO_OP_CACHE_CLEAN, ZX_VMO_OP_CACHE_CLEAN_INVALIDATE,
		ZX_VMO_OP_DONT_NEED, ZX_VMO_OP_ALWAYS_NEED, ZX_VMO_OP_PREFETCH,
	};
	BASELINE(base);
	struct level lv[3];
	uint64_t start, end;
	unsigned int i, l;
	zx_status_t want;

	make_levels(_metadata, lv);
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		for (l = 1; l < 3; l++) {
			for (start = 0; start <= lv[l].size + PAGE; start += PAGE) {
				for (end = start + PAGE; end <= lv[l].size + 2 * PAGE;
				     end += PAGE) {
					fill_root(_metadata, lv[0].h);
					want = end > lv[l].size ? ZX_ERR_OUT_OF_RANGE : ZX_OK;
					ASSERT_EQ(want, op(lv[l].h, ops[i], start, end - start)) {
						TH_LOG("op %u level %u: [%#llx, %#llx)", ops[i], l,
						       (unsigned long long)start,
						       (unsigned long long)end);
					}
					if (ops[i] == ZX_VMO_OP_ZERO && want == ZX_OK)
						expect_root(_metadata, lv[0].h,
							    lv[l].root_off + start,
							    lv[l].root_off + end);
					else
						expect_root(_metadata, lv[0].h, 0, 0);
				}
			}
		}
	}
	/* Nothing past the end was committed through a slice either. */
	ASSERT_EQ(ZX_OK, op(lv[0].h, ZX_VMO_OP_DECOMMIT, 0, PAGES * PAGE));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(lv[2].h, ZX_VMO_OP_COMMIT, 0, 3 * PAGE));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(lv[1].h, ZX_VMO_OP_COMMIT, PAGE, 4 * PAGE));
	EXPECT_EQ(0u, committed(_metadata, lv[0].h));
	EXPECT_EQ(base.pages, pages_now());
	for (l = 3; l-- > 0;)
		zx_handle_close(lv[l].h);
	EXPECT_BASELINE(base);
}

/* ---- windows that would end past 2^64 ---------------------------------- */

/* Zircon's NoAccumulatedOverflow, for each copy-on-write child kind. */
TEST(no_accumulated_overflow_any_snapshot_kind)
{
	static const uint32_t kinds[] = {
		ZX_VMO_CHILD_SNAPSHOT, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE,
		ZX_VMO_CHILD_SNAPSHOT_MODIFIED,
	};
	BASELINE(base);
	zx_handle_t vmo, c1, c2;
	unsigned int i, j;

	for (i = 0; i < 3; i++) {
		for (j = 0; j < 3; j++) {
			vmo = vmo_new(_metadata, 0, 0);
			c1 = child_new(_metadata, vmo, kinds[i], HIGH_OFF, 0);
			/* 2^64 - 0x8000 + 0x8000 wraps: refused. */
			EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(c1, kinds[j], 0x8000, 0));
			EXPECT_EQ(ZX_ERR_INVALID_ARGS,
				  child_status(c1, kinds[j], 0x7000, PAGE));
			EXPECT_EQ(ZX_ERR_INVALID_ARGS,
				  child_status(c1, kinds[j] | ZX_VMO_CHILD_RESIZABLE, 0,
					       0x8000));
			/* Ending exactly one page short of 2^64 is fine. */
			c2 = child_new(_metadata, c1, kinds[j], 0x6000, PAGE);
			expect_page(_metadata, c2, 0, 0);
			zx_handle_close(c2);
			c2 = child_new(_metadata, c1, kinds[j] | ZX_VMO_CHILD_RESIZABLE,
				       0x4000, 0);
			EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_set_size(c2, 0x8000));
			EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_set_size(c2, 0x4001));
			EXPECT_EQ(0u, size_of(_metadata, c2));
			EXPECT_EQ(ZX_OK, zx_vmo_set_size(c2, 0x3000));
			EXPECT_EQ(0x3000u, size_of(_metadata, c2));
			fill_page(_metadata, c2, 2, 0x5e);
			expect_page(_metadata, c2, 2, 0x5e);
			/* A window ending at 2^64 itself does not fit either. */
			EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_set_size(c2, 0x4000));
			EXPECT_EQ(0x3000u, size_of(_metadata, c2));
			zx_handle_close(c2);
			zx_handle_close(c1);
			zx_handle_close(vmo);
		}
	}
	EXPECT_BASELINE(base);
}

/*
 * The window adds up over every level, not only the last two, and it
 * stays with a child after the VMOs between it and the root are gone.
 */
TEST(accumulated_window_over_three_levels)
{
	BASELINE(base);
	zx_handle_t vmo = vmo_new(_metadata, 2 * PAGE, 0), c1, c2, c3;

	c1 = snap(_metadata, vmo, 0xfff0000000000000ull, PAGE);
	c2 = snap(_metadata, c1, 0x000fffff00000000ull, PAGE);
	/* 0xffffffff00000000 + 0xffff0000 + 0x10000 = 2^64: refused. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(c2, ZX_VMO_CHILD_SNAPSHOT,
						    0xffff0000ull, 0x10000));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  child_status(c2, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE,
			       0x100000000ull, 0));
	/* The middle VMO closed: the grandchild's window did not change. */
	zx_handle_close(c1);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(c2, ZX_VMO_CHILD_SNAPSHOT_MODIFIED,
						    0xffff0000ull, 0x10000));
	c3 = snap(_metadata, c2, 0xffff0000ull, 0xf000);
	expect_bytes(_metadata, c3, 0, 0xf000, 0);
	zx_handle_close(c3);
	zx_handle_close(c2);
	zx_handle_close(vmo);
	EXPECT_BASELINE(base);
}

/*
 * Slices and references of a child inherit its window: their own
 * snapshots and (for a reference) resizes are checked against it.
 */
TEST(accumulated_window_through_slices_and_references)
{
	BASELINE(base);
	zx_handle_t vmo = vmo_new(_metadata, PAGE, 0), c1, s, r, rr;

	c1 = child_new(_metadata, vmo, ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_RESIZABLE,
		       HIGH_OFF, 0x4000);
	/* A reference resizes c1: bounded by c1's window. */
	r = child_new(_metadata, c1, ZX_VMO_CHILD_REFERENCE | ZX_VMO_CHILD_RESIZABLE, 0, 0);
	EXPECT_EQ(0x4000u, size_of(_metadata, r));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_set_size(r, 0x9000));
	EXPECT_EQ(ZX_OK, zx_vmo_set_size(r, 0x8000 - PAGE));
	EXPECT_EQ(0x8000u - PAGE, size_of(_metadata, c1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_set_size(c1, 0x8000));
	/* A snapshot through the reference is a snapshot of c1. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(r, ZX_VMO_CHILD_SNAPSHOT, 0x8000, 0));
	rr = child_new(_metadata, r, ZX_VMO_CHILD_SNAPSHOT, 0x6000, PAGE);
	zx_handle_close(rr);
	zx_handle_close(r);
	/* A slice (of a VMO that is not resizable) starts inside c1's window. */
	zx_handle_close(c1);
	c1 = snap(_metadata, vmo, HIGH_OFF, 0x4000);
	s = slice(_metadata, c1, 0x2000, 0x2000);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(c1, ZX_VMO_CHILD_SNAPSHOT, 0x4000,
						    0x4000));
	/* A snapshot of a slice is not supported here before any window rule. */
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, child_status(s, ZX_VMO_CHILD_SNAPSHOT, 0x6000, 0));
	zx_handle_close(s);
	zx_handle_close(c1);
	zx_handle_close(vmo);
	EXPECT_BASELINE(base);
}

/* ---- metadata_bytes ---------------------------------------------------- */

/*
 * Zircon's MetadataBytes: zero until a page is committed, then nonzero;
 * more pages need no less; slices and references show their root's; back
 * to zero when the pages are gone.
 */
TEST(metadata_bytes)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 512 * PAGE, 0), s, r;
	uint64_t one, many;
	uint8_t b = 1;

	EXPECT_EQ(0u, vmo_info(_metadata, h).metadata_bytes);
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, &b, 0, 1));
	one = vmo_info(_metadata, h).metadata_bytes;
	EXPECT_NE(0u, one);
	ASSERT_EQ(ZX_OK, op(h, ZX_VMO_OP_COMMIT, 0, 512 * PAGE));
	many = vmo_info(_metadata, h).metadata_bytes;
	EXPECT_LT(one, many);
	/* At least one xarray node per 64 pages, well under a page per page. */
	EXPECT_LE(8 * one, many);
	EXPECT_GT(512 * PAGE / 16, many);
	s = slice(_metadata, h, PAGE, PAGE);
	r = child_new(_metadata, h, ZX_VMO_CHILD_REFERENCE, 0, 0);
	EXPECT_EQ(many, vmo_info(_metadata, s).metadata_bytes);
	EXPECT_EQ(many, vmo_info(_metadata, r).metadata_bytes);
	ASSERT_EQ(ZX_OK, op(h, ZX_VMO_OP_DECOMMIT, 0, 512 * PAGE));
	EXPECT_EQ(0u, vmo_info(_metadata, h).metadata_bytes);
	EXPECT_EQ(0u, vmo_info(_metadata, s).metadata_bytes);
	zx_handle_close(r);
	zx_handle_close(s);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* A snapshot's own pages count for it; the pages it shares do not. */
TEST(metadata_bytes_of_snapshots)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0), c;

	fill(_metadata, h, 0, 4 * PAGE, 0x31);
	c = snap(_metadata, h, 0, 4 * PAGE);
	EXPECT_EQ(0u, vmo_info(_metadata, c).metadata_bytes);
	fill_page(_metadata, c, 1, 0x32);
	EXPECT_NE(0u, vmo_info(_metadata, c).metadata_bytes);
	zx_handle_close(c);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* ---- what memory that is not cached refuses ---------------------------- */

/*
 * Zircon's rules, op by op: COMMIT, DECOMMIT, the cache ops, the hints and
 * PREFETCH work; ZERO, read and write are BAD_STATE (nothing is written
 * through the cache); LOCK needs a discardable VMO; every child kind but
 * a slice of contiguous memory is BAD_STATE; so is a new stream size.
 */
TEST(uncached_paged_vmo_audit)
{
	static const uint32_t kinds[] = {
		ZX_VMO_CHILD_SNAPSHOT, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE,
		ZX_VMO_CHILD_SNAPSHOT_MODIFIED, ZX_VMO_CHILD_SLICE,
		ZX_VMO_CHILD_REFERENCE,
	};
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	uint8_t buf[8] = { 0 };
	unsigned int k;

	ASSERT_EQ(ZX_OK, zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_UNCACHED));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_COMMIT, 0, 2 * PAGE));
	EXPECT_EQ(2 * PAGE, committed(_metadata, h));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_DECOMMIT, PAGE, PAGE));
	EXPECT_EQ(PAGE, committed(_metadata, h));
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_ZERO, 0, PAGE));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_CACHE_SYNC, 0, 4 * PAGE));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_CACHE_CLEAN, 0, 4 * PAGE));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_CACHE_CLEAN_INVALIDATE, 0, 4 * PAGE));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_DONT_NEED, 0, 4 * PAGE));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_ALWAYS_NEED, 0, 4 * PAGE));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_PREFETCH, 0, 4 * PAGE));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, op(h, ZX_VMO_OP_TRY_LOCK, 0, 4 * PAGE));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_read(h, buf, 0, sizeof(buf)));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_write(h, buf, 0, sizeof(buf)));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_set_stream_size(h, PAGE));
	EXPECT_EQ(4 * PAGE, content_size_of(_metadata, h));
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		EXPECT_EQ(ZX_ERR_BAD_STATE,
			  child_status(h, kinds[k], 0,
				       kinds[k] == ZX_VMO_CHILD_REFERENCE ? 0 : PAGE));
	EXPECT_EQ(PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 1, pages_now());
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* Contiguous memory: a slice is allowed uncached, the rest as above. */
TEST(uncached_contiguous_vmo_audit)
{
	BASELINE(base);
	zx_handle_t bti = bti_new(_metadata), h = ZX_HANDLE_INVALID, s;

	ASSERT_EQ(ZX_OK, zx_vmo_create_contiguous(bti, 2 * PAGE, 0, &h));
	ASSERT_EQ(ZX_OK, zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_UNCACHED));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_COMMIT, 0, 2 * PAGE));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, op(h, ZX_VMO_OP_DECOMMIT, 0, PAGE));
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(h, ZX_VMO_OP_ZERO, 0, PAGE));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_CACHE_CLEAN, 0, 2 * PAGE));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_PREFETCH, 0, 2 * PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(h, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, child_status(h, ZX_VMO_CHILD_REFERENCE, 0, 0));
	s = slice(_metadata, h, PAGE, PAGE);
	EXPECT_EQ(ZX_CACHE_POLICY_UNCACHED, vmo_info(_metadata, s).cache_policy);
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(s, ZX_VMO_OP_ZERO, 0, PAGE));
	zx_handle_close(s);
	/*
	 * Today's Zircon (UncachedContiguous, SetMappingCachePolicy): with
	 * committed pages, and a contiguous VMO always has them, there is no
	 * way back to CACHED.
	 */
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_CACHED));
	EXPECT_EQ(ZX_CACHE_POLICY_UNCACHED, vmo_info(_metadata, h).cache_policy);
	zx_handle_close(h);
	zx_handle_close(bti);
	EXPECT_BASELINE(base);
}

TEST_HARNESS_MAIN
