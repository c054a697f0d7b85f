// SPDX-License-Identifier: GPL-2.0
/*
 * zx_vmo_create_child(ZX_VMO_CHILD_SLICE): a direct window onto the
 * parent's pages in both directions, nested slices, mappings of slices and
 * of their parents, the argument rules, snapshots of slices (refused: our
 * documented choice), accounting (slices own nothing) and a 1000-deep
 * chain of slices.
 */
#include "cow_helpers.h"

#include <sys/resource.h>

TEST(slice_is_a_window_both_directions)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 8 * PAGE, 0), s;
	uint8_t b;
	int i;

	for (i = 0; i < 8; i++)
		fill_page(_metadata, p, i, 0x10 + i);
	s = slice(_metadata, p, 2 * PAGE, 3 * PAGE);
	EXPECT_EQ(3 * PAGE, size_of(_metadata, s));
	expect_page(_metadata, s, 0, 0x12);
	expect_page(_metadata, s, 2, 0x14);
	fill_page(_metadata, p, 3, 0x23);
	expect_page(_metadata, s, 1, 0x23);
	fill(_metadata, s, 2 * PAGE + 9, 1, 0x24);
	expect_bytes(_metadata, p, 4 * PAGE + 9, 1, 0x24);
	fill_page(_metadata, s, 0, 0x22);
	expect_page(_metadata, p, 2, 0x22);
	expect_page(_metadata, p, 5, 0x15);
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(s, &b, 3 * PAGE, 1));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_write(s, &b, 3 * PAGE - 1, 2));
	/* write(2)/pread(2) on the slice's fd. */
	b = 0x2f;
	ASSERT_EQ(1, pwrite((int)s, &b, 1, 0));
	expect_bytes(_metadata, p, 2 * PAGE, 1, 0x2f);
	b = 0;
	ASSERT_EQ(1, pread((int)s, &b, 1, PAGE));
	EXPECT_EQ(0x23, b);
	/* No new pages: the slice writes the parent's. */
	EXPECT_EQ(base.pages + 8, pages_now());
	zx_handle_close(s);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

TEST(slice_of_uncommitted_pages_commits_in_parent)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), s;

	s = slice(_metadata, p, PAGE, 2 * PAGE);
	expect_bytes(_metadata, s, 0, 2 * PAGE, 0);
	EXPECT_EQ(base.pages, pages_now());
	fill_page(_metadata, s, 1, 0x31);
	EXPECT_EQ(base.pages + 1, pages_now());
	EXPECT_EQ(1u, npages_committed(_metadata, p));
	EXPECT_EQ(0u, committed(_metadata, s));
	expect_page(_metadata, p, 2, 0x31);
	zx_handle_close(s);
	/* The pages stay with the parent. */
	EXPECT_EQ(base.pages + 1, pages_now());
	expect_page(_metadata, p, 2, 0x31);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

TEST(nested_slices)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 8 * PAGE, 0), s1, s2, s3;
	zx_info_vmo_t i2;

	s1 = slice(_metadata, p, 2 * PAGE, 5 * PAGE);	/* p[2..6] */
	s2 = slice(_metadata, s1, PAGE, 3 * PAGE);	/* p[3..5] */
	s3 = slice(_metadata, s2, 2 * PAGE, PAGE);	/* p[5] */
	fill_page(_metadata, s3, 0, 0x41);
	expect_page(_metadata, p, 5, 0x41);
	expect_page(_metadata, s1, 3, 0x41);
	expect_page(_metadata, s2, 2, 0x41);
	fill_page(_metadata, p, 3, 0x42);
	expect_page(_metadata, s2, 0, 0x42);
	expect_page(_metadata, s1, 1, 0x42);
	fill_page(_metadata, s2, 1, 0x43);
	expect_page(_metadata, p, 4, 0x43);
	/* A nested slice must fit its own parent, not the root. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(s2, ZX_VMO_CHILD_SLICE, 2 * PAGE,
						    2 * PAGE));
	i2 = vmo_info(_metadata, s2);
	EXPECT_EQ(koid_of(_metadata, s1), i2.parent_koid);
	EXPECT_EQ(1u, i2.num_children);
	/* Closing the middle keeps the window. */
	zx_handle_close(s2);
	zx_handle_close(s1);
	fill_page(_metadata, s3, 0, 0x44);
	expect_page(_metadata, p, 5, 0x44);
	zx_handle_close(p);
	/* The root's pages live as long as a slice does. */
	expect_page(_metadata, s3, 0, 0x44);
	EXPECT_EQ(base.pages + 3, pages_now());
	zx_handle_close(s3);
	EXPECT_BASELINE(base);
}

TEST(slice_mapping_sees_every_parent_change)
{
	BASELINE(base);
	const size_t len = 4 * PAGE;
	zx_handle_t p = vmo_new(_metadata, 8 * PAGE, 0), s;
	volatile uint8_t *sm, *pm, *sm2;
	uint8_t b;

	s = slice(_metadata, p, 2 * PAGE, len);
	sm = map_vmo(_metadata, s, RW, 0, len);
	pm = map_vmo(_metadata, p, RW, 0, 8 * PAGE);
	EXPECT_EQ(0, sm[0]);
	/* zx_vmo_write on the parent. */
	fill(_metadata, p, 2 * PAGE, 1, 0x51);
	EXPECT_EQ(0x51, sm[0]);
	/* pwrite on the parent. */
	b = 0x52;
	ASSERT_EQ(1, pwrite((int)p, &b, 1, 3 * PAGE + 1));
	EXPECT_EQ(0x52, sm[PAGE + 1]);
	/* The parent's mapping. */
	pm[4 * PAGE + 2] = 0x53;
	EXPECT_EQ(0x53, sm[2 * PAGE + 2]);
	/* And the slice's writes in the parent's mapping and VMO. */
	sm[3 * PAGE + 3] = 0x54;
	EXPECT_EQ(0x54, pm[5 * PAGE + 3]);
	expect_bytes(_metadata, p, 5 * PAGE + 3, 1, 0x54);
	fill(_metadata, s, PAGE + 4, 1, 0x55);
	EXPECT_EQ(0x55, pm[3 * PAGE + 4]);
	EXPECT_EQ(0x55, sm[PAGE + 4]);
	/* The parent zeroing a range reaches the slice's mapping. */
	ASSERT_EQ(ZX_OK, zx_vmo_op_range(p, ZX_VMO_OP_ZERO, 2 * PAGE, PAGE, NULL, 0));
	EXPECT_EQ(0, sm[0]);
	/* A mapping at an offset into the slice. */
	sm2 = map_vmo(_metadata, s, ZX_VM_PERM_READ, PAGE, PAGE);
	EXPECT_EQ(0x52, sm2[1]);
	unmap_vmo(_metadata, (void *)sm2, PAGE);
	unmap_vmo(_metadata, (void *)sm, len);
	unmap_vmo(_metadata, (void *)pm, 8 * PAGE);
	zx_handle_close(s);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/*
 * A slice of a VMO that is then snapshotted: the slice stays a window on
 * the parent, never on the snapshot, through VMO calls and mappings.
 */
TEST(slice_follows_parent_across_snapshot)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), s, c;
	volatile uint8_t *sm, *pm;

	fill(_metadata, p, 0, 4 * PAGE, 0x61);
	s = slice(_metadata, p, PAGE, 2 * PAGE);
	sm = map_vmo(_metadata, s, RW, 0, 2 * PAGE);
	pm = map_vmo(_metadata, p, RW, 0, 4 * PAGE);
	sm[0] = 0x62;				/* writable PTE before the snapshot */
	c = snap(_metadata, p, 0, 4 * PAGE);
	sm[0] = 0x63;				/* must copy into the parent */
	EXPECT_EQ(0x63, pm[PAGE]);
	expect_bytes(_metadata, p, PAGE, 1, 0x63);
	expect_bytes(_metadata, c, PAGE, 1, 0x62);
	pm[2 * PAGE] = 0x64;
	EXPECT_EQ(0x64, sm[PAGE]);
	expect_bytes(_metadata, c, 2 * PAGE, 1, 0x61);
	fill(_metadata, s, PAGE + 1, 1, 0x65);
	EXPECT_EQ(0x65, pm[2 * PAGE + 1]);
	expect_bytes(_metadata, c, 2 * PAGE + 1, 1, 0x61);
	fill(_metadata, c, PAGE, 1, 0x66);
	EXPECT_EQ(0x63, sm[0]);
	unmap_vmo(_metadata, (void *)sm, 2 * PAGE);
	unmap_vmo(_metadata, (void *)pm, 4 * PAGE);
	zx_handle_close(c);
	zx_handle_close(s);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/* A slice of a snapshot child is a window on the child only. */
TEST(slice_of_snapshot_child)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), c, s;
	uint8_t *sm;

	fill(_metadata, p, 0, 4 * PAGE, 0x71);
	c = snap(_metadata, p, 0, 4 * PAGE);
	s = slice(_metadata, c, 0, 2 * PAGE);
	sm = map_vmo(_metadata, s, RW, 0, 2 * PAGE);
	EXPECT_MEM(sm, 2 * PAGE, 0x71);
	memset(sm, 0x72, PAGE);
	expect_page(_metadata, c, 0, 0x72);
	expect_page(_metadata, p, 0, 0x71);
	fill_page(_metadata, p, 1, 0x73);
	EXPECT_MEM(sm + PAGE, PAGE, 0x71);
	fill_page(_metadata, c, 1, 0x74);
	EXPECT_MEM(sm + PAGE, PAGE, 0x74);
	EXPECT_EQ(2u, npages_committed(_metadata, c));
	EXPECT_EQ(0u, committed(_metadata, s));
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_MEM(sm, PAGE, 0x72);
	expect_page(_metadata, s, 1, 0x74);
	unmap_vmo(_metadata, sm, 2 * PAGE);
	zx_handle_close(s);
	EXPECT_BASELINE(base);
}

TEST(slice_of_resizable_not_supported)
{
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, ZX_VMO_RESIZABLE), c;

	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, child_status(p, ZX_VMO_CHILD_SLICE, 0, PAGE));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, child_status(p, ZX_VMO_CHILD_SLICE |
						     ZX_VMO_CHILD_NO_WRITE, 0, PAGE));
	/* A resizable snapshot child cannot be sliced either. */
	c = child_new(_metadata, p, ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_RESIZABLE,
		      0, PAGE);
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, child_status(c, ZX_VMO_CHILD_SLICE, 0, PAGE));
	EXPECT_EQ(1u, vmo_info(_metadata, p).num_children);
	EXPECT_EQ(0u, vmo_info(_metadata, c).num_children);
	zx_handle_close(c);
	zx_handle_close(p);
}

TEST(slice_resizable_invalid_args)
{
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0);

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(p, ZX_VMO_CHILD_SLICE |
						    ZX_VMO_CHILD_RESIZABLE, 0, PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(p, ZX_VMO_CHILD_SLICE |
						    ZX_VMO_CHILD_RESIZABLE |
						    ZX_VMO_CHILD_NO_WRITE, 0, PAGE));
	zx_handle_close(p);
}

TEST(slice_must_be_inside_parent)
{
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0);
	uint64_t top = UINT64_MAX - PAGE + 1;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(p, ZX_VMO_CHILD_SLICE, 0, 5 * PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(p, ZX_VMO_CHILD_SLICE, 3 * PAGE,
						    2 * PAGE));
	/* An unaligned size rounds up past the end. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(p, ZX_VMO_CHILD_SLICE, 3 * PAGE,
						    PAGE + 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(p, ZX_VMO_CHILD_SLICE, 4 * PAGE, PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(p, ZX_VMO_CHILD_SLICE, 8 * PAGE, PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(p, ZX_VMO_CHILD_SLICE, top, 2 * PAGE));
	/* Right up to the end is fine, and so is an empty slice at the end. */
	EXPECT_EQ(ZX_OK, child_status(p, ZX_VMO_CHILD_SLICE, 3 * PAGE, PAGE));
	EXPECT_EQ(ZX_OK, child_status(p, ZX_VMO_CHILD_SLICE, 3 * PAGE, PAGE - 1));
	EXPECT_EQ(ZX_OK, child_status(p, ZX_VMO_CHILD_SLICE, 4 * PAGE, 0));
	EXPECT_EQ(ZX_OK, child_status(p, ZX_VMO_CHILD_SLICE, 0, 4 * PAGE));
	zx_handle_close(p);
}

TEST(slice_unaligned_offset_invalid_args)
{
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0);

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(p, ZX_VMO_CHILD_SLICE, 1, PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(p, ZX_VMO_CHILD_SLICE, PAGE + 16, PAGE));
	zx_handle_close(p);
}

/* Our documented choice: a snapshot of a slice is not supported. */
TEST(snapshot_of_slice_not_supported)
{
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), s, s2;

	s = slice(_metadata, p, PAGE, 2 * PAGE);
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, child_status(s, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  child_status(s, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE, 0, PAGE));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  child_status(s, ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_RESIZABLE, 0, PAGE));
	s2 = slice(_metadata, s, 0, PAGE);
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, child_status(s2, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE));
	EXPECT_EQ(1u, vmo_info(_metadata, s).num_children);
	EXPECT_EQ(0u, vmo_info(_metadata, s2).num_children);
	zx_handle_close(s2);
	zx_handle_close(s);
	zx_handle_close(p);
}

TEST(slice_info_and_accounting)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), s;
	zx_info_vmo_t pi, si;

	fill(_metadata, p, 0, 2 * PAGE, 0x81);
	s = slice(_metadata, p, 0, 4 * PAGE);
	fill(_metadata, s, 2 * PAGE, 2 * PAGE, 0x82);
	pi = vmo_info(_metadata, p);
	si = vmo_info(_metadata, s);
	EXPECT_EQ(0u, si.committed_bytes);
	EXPECT_EQ(4 * PAGE, pi.committed_bytes);
	EXPECT_EQ(0u, si.flags & ZX_INFO_VMO_IS_COW_CLONE);
	EXPECT_EQ(0u, si.flags & ZX_INFO_VMO_RESIZABLE);
	EXPECT_EQ(pi.koid, si.parent_koid);
	EXPECT_EQ(4 * PAGE, si.size_bytes);
	EXPECT_EQ(1u, pi.num_children);
	EXPECT_EQ(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(s, PAGE));
	EXPECT_EQ(base.pages + 4, pages_now());
	EXPECT_EQ(base.vmos + 2, vmos_now());
	zx_handle_close(s);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/* 1000 slices, each of the previous: reads and writes reach the root. */
TEST(slice_chain_1000_deep)
{
	BASELINE(base);
	enum { DEPTH = 1000 };
	struct rlimit rl;
	zx_handle_t *h = calloc(DEPTH + 1, sizeof(*h));
	uint8_t *m;
	int i;

	ASSERT_NE(NULL, h);
	ASSERT_EQ(0, getrlimit(RLIMIT_NOFILE, &rl));
	if (rl.rlim_cur < DEPTH + 64) {
		rl.rlim_cur = rl.rlim_max < DEPTH + 64 ? rl.rlim_max : DEPTH + 64;
		ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &rl));
	}
	h[0] = vmo_new(_metadata, 4 * PAGE, 0);
	fill(_metadata, h[0], 0, 4 * PAGE, 0x91);
	for (i = 1; i <= DEPTH; i++)
		h[i] = slice(_metadata, h[i - 1], 0, 4 * PAGE);
	EXPECT_EQ(base.vmos + DEPTH + 1, vmos_now());
	expect_bytes(_metadata, h[DEPTH], 0, 4 * PAGE, 0x91);
	fill_page(_metadata, h[DEPTH], 2, 0x92);
	expect_page(_metadata, h[0], 2, 0x92);
	expect_page(_metadata, h[DEPTH / 2], 2, 0x92);
	fill_page(_metadata, h[0], 3, 0x93);
	expect_page(_metadata, h[DEPTH], 3, 0x93);
	m = map_vmo(_metadata, h[DEPTH], RW, 0, 4 * PAGE);
	EXPECT_MEM(m + 3 * PAGE, PAGE, 0x93);
	m[1] = 0x94;
	expect_bytes(_metadata, h[0], 1, 1, 0x94);
	unmap_vmo(_metadata, m, 4 * PAGE);
	EXPECT_EQ(0u, committed(_metadata, h[DEPTH]));
	EXPECT_EQ(4u, npages_committed(_metadata, h[0]));
	EXPECT_EQ(base.pages + 4, pages_now());
	/* Close from the root down: the deepest one frees the whole chain. */
	for (i = 0; i < DEPTH; i++)
		ASSERT_EQ(ZX_OK, zx_handle_close(h[i]));
	EXPECT_EQ(base.vmos + DEPTH + 1, vmos_now());
	expect_page(_metadata, h[DEPTH], 2, 0x92);
	ASSERT_EQ(ZX_OK, zx_handle_close(h[DEPTH]));
	EXPECT_BASELINE(base);

	/* Again, closing from the deepest up. */
	h[0] = vmo_new(_metadata, 4 * PAGE, 0);
	fill(_metadata, h[0], 0, PAGE, 0x95);
	for (i = 1; i <= DEPTH; i++)
		h[i] = slice(_metadata, h[i - 1], 0, 4 * PAGE);
	expect_page(_metadata, h[DEPTH], 0, 0x95);
	for (i = DEPTH; i >= 0; i--)
		ASSERT_EQ(ZX_OK, zx_handle_close(h[i]));
	EXPECT_BASELINE(base);
	free(h);
}

/* Slices shrinking step by step towards the end of the root. */
TEST(slice_chain_with_offsets)
{
	BASELINE(base);
	enum { DEPTH = 64 };
	zx_handle_t h[DEPTH + 1];
	int i;

	h[0] = vmo_new(_metadata, (DEPTH + 1) * PAGE, 0);
	for (i = 0; i <= DEPTH; i++)
		fill_page(_metadata, h[0], i, (uint8_t)i);
	for (i = 1; i <= DEPTH; i++)
		h[i] = slice(_metadata, h[i - 1], PAGE, (DEPTH + 1 - i) * PAGE);
	for (i = 0; i <= DEPTH; i++)
		expect_bytes(_metadata, h[i], 0, 1, (uint8_t)i);
	fill_page(_metadata, h[DEPTH], 0, 0xee);
	expect_page(_metadata, h[0], DEPTH, 0xee);
	expect_page(_metadata, h[DEPTH / 2], DEPTH / 2, 0xee);
	for (i = 0; i <= DEPTH; i++)
		ASSERT_EQ(ZX_OK, zx_handle_close(h[i]));
	EXPECT_BASELINE(base);
}

/* Mappings of a slice are the slice's, not its parent's. */
TEST(slice_num_mappings)
{
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), s;
	uint8_t *m1, *m2;

	s = slice(_metadata, p, PAGE, 2 * PAGE);
	m1 = map_vmo(_metadata, s, RW, 0, 2 * PAGE);
	m2 = map_vmo(_metadata, s, ZX_VM_PERM_READ, PAGE, PAGE);
	EXPECT_EQ(2u, vmo_info(_metadata, s).num_mappings);
	EXPECT_EQ(0u, vmo_info(_metadata, p).num_mappings);
	unmap_vmo(_metadata, m1, 2 * PAGE);
	unmap_vmo(_metadata, m2, PAGE);
	EXPECT_EQ(0u, vmo_info(_metadata, s).num_mappings);
	zx_handle_close(s);
	zx_handle_close(p);
}

/* Lower RLIMIT_NOFILE so that the next descriptor cannot be allocated. */
static struct rlimit no_more_fds(struct __test_metadata *_metadata)
{
	struct rlimit old, rl;
	int next = dup(0);

	ASSERT_LE(0, next);
	close(next);
	ASSERT_EQ(0, getrlimit(RLIMIT_NOFILE, &old));
	rl = old;
	rl.rlim_cur = next;
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &rl));
	return old;
}

/*
 * A child whose handle cannot be installed (EMFILE) is NO_RESOURCES, as
 * Zircon's full handle table, and gives everything back: the parent's
 * pages go when its last handle closes.
 */
TEST(child_without_fd_no_resources_no_leak)
{
	static const uint32_t kinds[] = {
		ZX_VMO_CHILD_SLICE, ZX_VMO_CHILD_SNAPSHOT,
		ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE,
	};
	BASELINE(base);
	zx_handle_t p, c = ZX_HANDLE_INVALID;
	struct rlimit old;
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		TH_LOG("options %#x", kinds[i]);
		p = vmo_new(_metadata, 4 * PAGE, 0);
		fill(_metadata, p, 0, 4 * PAGE, 0xa5);
		old = no_more_fds(_metadata);
		EXPECT_EQ(ZX_ERR_NO_RESOURCES,
			  zx_vmo_create_child(p, kinds[i], 0, 4 * PAGE, &c));
		ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &old));
		EXPECT_EQ(0u, vmo_info(_metadata, p).num_children);
		expect_bytes(_metadata, p, 0, 4 * PAGE, 0xa5);
		EXPECT_EQ(base.pages + 4, pages_now());
		EXPECT_EQ(base.vmos + 1, vmos_now());
		zx_handle_close(p);
		EXPECT_BASELINE(base);
	}
}

TEST_HARNESS_MAIN
