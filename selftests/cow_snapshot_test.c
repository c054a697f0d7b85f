// SPDX-License-Identifier: GPL-2.0
/*
 * zx_vmo_create_child(ZX_VMO_CHILD_SNAPSHOT): a two-way point-in-time copy.
 * Isolation in both directions (zx_vmo_write, write(2)/pwrite(2), mappings
 * made before the snapshot), windows (offsets, children larger than or
 * beyond the parent, grandchildren), sizes, the option and rights rules,
 * resizing, ZX_INFO_VMO fields and Zircon's committed_bytes attribution,
 * and every write order over a three-generation chain.
 */
#include "cow_helpers.h"

/* --- isolation ---------------------------------------------------------- */

TEST(snapshot_sees_parent_content)
{
	BASELINE(base);
	uint8_t *buf = malloc(8 * PAGE);
	zx_handle_t p, c;

	ASSERT_NE(NULL, buf);
	p = vmo_new(_metadata, 8 * PAGE, 0);
	pattern_fill(buf, 0, 8 * PAGE, 1);
	ASSERT_EQ(ZX_OK, zx_vmo_write(p, buf, 0, 8 * PAGE));
	c = snap(_metadata, p, 0, 8 * PAGE);
	memset(buf, 0, 8 * PAGE);
	ASSERT_EQ(ZX_OK, zx_vmo_read(c, buf, 0, 8 * PAGE));
	EXPECT_EQ(-1, pattern_check(buf, 0, 8 * PAGE, 1));
	EXPECT_EQ(base.pages + 8, pages_now());
	zx_handle_close(c);
	zx_handle_close(p);
	free(buf);
	EXPECT_BASELINE(base);
}

TEST(parent_vmo_write_invisible_to_child)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), c;

	fill(_metadata, p, 0, 4 * PAGE, 0x11);
	c = snap(_metadata, p, 0, 4 * PAGE);
	fill_page(_metadata, p, 1, 0x22);
	fill(_metadata, p, 2 * PAGE + 100, 10, 0x23);	/* partial page */
	expect_bytes(_metadata, c, 0, 4 * PAGE, 0x11);
	expect_page(_metadata, p, 1, 0x22);
	expect_bytes(_metadata, p, 2 * PAGE + 100, 10, 0x23);
	expect_bytes(_metadata, p, 2 * PAGE, 100, 0x11);
	zx_handle_close(c);
	/* The parent keeps its own writes after the child is gone. */
	expect_page(_metadata, p, 0, 0x11);
	expect_page(_metadata, p, 1, 0x22);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

TEST(child_vmo_write_invisible_to_parent)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), c;

	fill(_metadata, p, 0, 4 * PAGE, 0x11);
	c = snap(_metadata, p, 0, 4 * PAGE);
	fill_page(_metadata, c, 0, 0x33);
	fill(_metadata, c, 3 * PAGE + 7, 1, 0x34);
	expect_bytes(_metadata, p, 0, 4 * PAGE, 0x11);
	expect_page(_metadata, c, 0, 0x33);
	expect_bytes(_metadata, c, 3 * PAGE + 7, 1, 0x34);
	expect_bytes(_metadata, c, 3 * PAGE + 8, PAGE - 8, 0x11);
	zx_handle_close(p);
	expect_page(_metadata, c, 0, 0x33);
	expect_page(_metadata, c, 1, 0x11);
	zx_handle_close(c);
	EXPECT_BASELINE(base);
}

/* Uncommitted parent pages: both sides read zero and write separately. */
TEST(snapshot_of_uncommitted_pages)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), c;

	c = snap(_metadata, p, 0, 4 * PAGE);
	expect_bytes(_metadata, c, 0, 4 * PAGE, 0);
	fill_page(_metadata, p, 0, 1);
	fill_page(_metadata, c, 1, 2);
	expect_page(_metadata, c, 0, 0);
	expect_page(_metadata, p, 1, 0);
	EXPECT_EQ(1u, npages_committed(_metadata, p));
	EXPECT_EQ(1u, npages_committed(_metadata, c));
	EXPECT_EQ(base.pages + 2, pages_now());
	zx_handle_close(p);
	zx_handle_close(c);
	EXPECT_BASELINE(base);
}

TEST(parent_pwrite_and_write_invisible_to_child)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), c;
	uint8_t *buf = malloc(PAGE);

	ASSERT_NE(NULL, buf);
	fill(_metadata, p, 0, 4 * PAGE, 0x11);
	c = snap(_metadata, p, 0, 4 * PAGE);
	memset(buf, 0x44, PAGE);
	ASSERT_EQ((ssize_t)PAGE, pwrite((int)p, buf, PAGE, 2 * PAGE));
	ASSERT_EQ((off_t)PAGE, lseek((int)p, PAGE, SEEK_SET));
	memset(buf, 0x45, PAGE);
	ASSERT_EQ((ssize_t)PAGE, write((int)p, buf, PAGE));
	expect_bytes(_metadata, c, 0, 4 * PAGE, 0x11);
	expect_page(_metadata, p, 1, 0x45);
	expect_page(_metadata, p, 2, 0x44);
	/* And the other way: pwrite on the child's fd. */
	memset(buf, 0x46, PAGE);
	ASSERT_EQ((ssize_t)PAGE, pwrite((int)c, buf, PAGE, 3 * PAGE));
	expect_page(_metadata, p, 3, 0x11);
	expect_page(_metadata, c, 3, 0x46);
	/* pread on the child sees the snapshot. */
	ASSERT_EQ((ssize_t)PAGE, pread((int)c, buf, PAGE, 2 * PAGE));
	EXPECT_MEM(buf, PAGE, 0x11);
	zx_handle_close(c);
	zx_handle_close(p);
	free(buf);
	EXPECT_BASELINE(base);
}

/* A mapping made before the snapshot must fault again after it. */
TEST(parent_premapped_write_invisible_to_child)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), c;
	uint8_t *m = map_vmo(_metadata, p, RW, 0, 4 * PAGE);

	memset(m, 0x11, 4 * PAGE);	/* commits and maps writable */
	c = snap(_metadata, p, 0, 4 * PAGE);
	memset(m + PAGE, 0x55, PAGE);
	m[3 * PAGE + 1] = 0x56;
	expect_bytes(_metadata, c, 0, 4 * PAGE, 0x11);
	expect_page(_metadata, p, 1, 0x55);
	expect_bytes(_metadata, p, 3 * PAGE + 1, 1, 0x56);
	/* The child's writes do not show in the parent's mapping. */
	fill_page(_metadata, c, 0, 0x57);
	EXPECT_MEM(m, PAGE, 0x11);
	unmap_vmo(_metadata, m, 4 * PAGE);
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/* MAP_PRIVATE copies made before the snapshot stay private. */
TEST(parent_private_mapping_unaffected)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 2 * PAGE, 0), c;
	uint8_t *m;

	fill(_metadata, p, 0, 2 * PAGE, 0x11);
	m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, (int)p, 0);
	ASSERT_NE(MAP_FAILED, m);
	m[0] = 0x66;		/* private anonymous copy */
	c = snap(_metadata, p, 0, 2 * PAGE);
	EXPECT_EQ(0x66, m[0]);
	EXPECT_EQ(0x11, m[PAGE]);
	expect_bytes(_metadata, c, 0, 2 * PAGE, 0x11);
	expect_bytes(_metadata, p, 0, 2 * PAGE, 0x11);
	ASSERT_EQ(0, munmap(m, 2 * PAGE));
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/* --- windows ------------------------------------------------------------ */

TEST(unaligned_offset_invalid_args)
{
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0);

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(p, ZX_VMO_CHILD_SNAPSHOT, 1, PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  child_status(p, ZX_VMO_CHILD_SNAPSHOT, PAGE / 2, PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  child_status(p, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE, PAGE + 8, PAGE));
	/* Unaligned sizes are fine: they round up. */
	EXPECT_EQ(ZX_OK, child_status(p, ZX_VMO_CHILD_SNAPSHOT, PAGE, 1));
	zx_handle_close(p);
}

TEST(offset_window)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 8 * PAGE, 0), c;
	int i;

	for (i = 0; i < 8; i++)
		fill_page(_metadata, p, i, 0x10 + i);
	c = snap(_metadata, p, 3 * PAGE, 2 * PAGE);
	EXPECT_EQ(2 * PAGE, size_of(_metadata, c));
	expect_page(_metadata, c, 0, 0x13);
	expect_page(_metadata, c, 1, 0x14);
	fill_page(_metadata, c, 0, 0x99);
	expect_page(_metadata, p, 3, 0x13);
	fill_page(_metadata, p, 4, 0x98);
	expect_page(_metadata, c, 1, 0x14);
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(c, &i, 2 * PAGE, 1));
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/* A child larger than its parent reads zeros beyond the parent's size. */
TEST(child_larger_than_parent)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 2 * PAGE, ZX_VMO_RESIZABLE), c;

	fill(_metadata, p, 0, 2 * PAGE, 0x21);
	c = snap(_metadata, p, PAGE, 4 * PAGE);
	EXPECT_EQ(4 * PAGE, size_of(_metadata, c));
	expect_page(_metadata, c, 0, 0x21);
	expect_bytes(_metadata, c, PAGE, 3 * PAGE, 0);
	/* Growing the parent later does not extend the child's view. */
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(p, 8 * PAGE));
	fill(_metadata, p, 2 * PAGE, 6 * PAGE, 0x22);
	expect_bytes(_metadata, c, PAGE, 3 * PAGE, 0);
	/* The child can write beyond the parent's old end. */
	fill_page(_metadata, c, 3, 0x23);
	expect_page(_metadata, c, 3, 0x23);
	expect_page(_metadata, p, 4, 0x22);
	zx_handle_close(p);
	expect_page(_metadata, c, 0, 0x21);
	expect_bytes(_metadata, c, PAGE, 2 * PAGE, 0);
	zx_handle_close(c);
	EXPECT_BASELINE(base);
}

TEST(child_entirely_beyond_parent)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 2 * PAGE, 0), c;

	fill(_metadata, p, 0, 2 * PAGE, 0x31);
	c = snap(_metadata, p, 16 * PAGE, 2 * PAGE);
	expect_bytes(_metadata, c, 0, 2 * PAGE, 0);
	EXPECT_EQ(0u, committed(_metadata, c));
	fill_page(_metadata, c, 0, 0x32);
	expect_page(_metadata, c, 0, 0x32);
	expect_bytes(_metadata, p, 0, 2 * PAGE, 0x31);
	/* Exactly at the parent's end, too. */
	zx_handle_close(c);
	c = snap(_metadata, p, 2 * PAGE, PAGE);
	expect_page(_metadata, c, 0, 0);
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/* Grandchildren see their parent's window, never the grandparent beyond. */
TEST(grandchild_limited_to_parent_window)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 8 * PAGE, 0), c, g, g2;
	int i;

	for (i = 0; i < 8; i++)
		fill_page(_metadata, p, i, 0x40 + i);
	c = snap(_metadata, p, 2 * PAGE, 3 * PAGE);	/* sees p[2..4] */
	g = snap(_metadata, c, PAGE, 6 * PAGE);		/* sees c[1..2] */
	expect_page(_metadata, g, 0, 0x43);
	expect_page(_metadata, g, 1, 0x44);
	for (i = 2; i < 6; i++)
		expect_page(_metadata, g, i, 0);	/* not p[5..8] */
	g2 = snap(_metadata, c, 3 * PAGE, 2 * PAGE);	/* beyond c: zeros */
	expect_bytes(_metadata, g2, 0, 2 * PAGE, 0);
	/* Closing the middle keeps the window. */
	zx_handle_close(c);
	expect_page(_metadata, g, 1, 0x44);
	expect_page(_metadata, g, 2, 0);
	expect_page(_metadata, g, 3, 0);
	expect_bytes(_metadata, g2, 0, 2 * PAGE, 0);
	zx_handle_close(g2);
	zx_handle_close(g);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/* A child that shrank and was snapshotted: the grandchild sees zeros there. */
TEST(grandchild_of_shrunk_child)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), c, g;

	fill(_metadata, p, 0, 4 * PAGE, 0x51);
	c = child_new(_metadata, p, ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_RESIZABLE,
		      0, 4 * PAGE);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(c, PAGE));
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(c, 4 * PAGE));
	g = snap(_metadata, c, 0, 4 * PAGE);
	expect_page(_metadata, g, 0, 0x51);
	expect_bytes(_metadata, g, PAGE, 3 * PAGE, 0);
	zx_handle_close(c);
	expect_bytes(_metadata, g, PAGE, 3 * PAGE, 0);
	zx_handle_close(g);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

TEST(offset_plus_size_overflow_out_of_range)
{
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0);
	uint64_t top = UINT64_MAX - PAGE + 1;	/* page aligned */

	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  child_status(p, ZX_VMO_CHILD_SNAPSHOT, top, 2 * PAGE));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  child_status(p, ZX_VMO_CHILD_SNAPSHOT, 2 * PAGE, UINT64_MAX - PAGE));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  child_status(p, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE, top, PAGE));
	/* A size that cannot be rounded up. */
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  child_status(p, ZX_VMO_CHILD_SNAPSHOT, 0, UINT64_MAX));
	zx_handle_close(p);
}

TEST(size_rounding_and_content_size)
{
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), c;

	c = snap(_metadata, p, 0, PAGE + 1);
	EXPECT_EQ(2 * PAGE, size_of(_metadata, c));
	EXPECT_EQ(PAGE + 1, content_size_of(_metadata, c));
	EXPECT_EQ(2 * PAGE, vmo_info(_metadata, c).size_bytes);
	zx_handle_close(c);
	c = snap(_metadata, p, PAGE, 0);
	EXPECT_EQ(0u, size_of(_metadata, c));
	EXPECT_EQ(0u, content_size_of(_metadata, c));
	zx_handle_close(c);
	c = snap(_metadata, p, 0, 3 * PAGE);
	EXPECT_EQ(3 * PAGE, size_of(_metadata, c));
	EXPECT_EQ(3 * PAGE, content_size_of(_metadata, c));
	zx_handle_close(c);
	c = snap(_metadata, p, 0, 1);
	EXPECT_EQ(PAGE, size_of(_metadata, c));
	EXPECT_EQ(1u, content_size_of(_metadata, c));
	zx_handle_close(c);
	zx_handle_close(p);
}

TEST(at_least_on_write_is_a_full_snapshot)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), c;
	zx_info_vmo_t info;

	fill(_metadata, p, 0, 4 * PAGE, 0x61);
	c = child_new(_metadata, p, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE, 0,
		      4 * PAGE);
	info = vmo_info(_metadata, c);
	EXPECT_EQ(ZX_INFO_VMO_IS_COW_CLONE, info.flags & ZX_INFO_VMO_IS_COW_CLONE);
	EXPECT_EQ(0u, info.committed_bytes);
	fill_page(_metadata, p, 0, 0x62);
	fill_page(_metadata, c, 1, 0x63);
	expect_page(_metadata, c, 0, 0x61);
	expect_page(_metadata, p, 1, 0x61);
	expect_page(_metadata, c, 1, 0x63);
	EXPECT_EQ(4u, npages_committed(_metadata, p));
	EXPECT_EQ(2u, npages_committed(_metadata, c));
	EXPECT_EQ(base.pages + 6, pages_now());
	/* Resizable AT_LEAST_ON_WRITE children too. */
	zx_handle_close(c);
	c = child_new(_metadata, p, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE |
		      ZX_VMO_CHILD_RESIZABLE, 0, 4 * PAGE);
	EXPECT_EQ(ZX_OK, zx_vmo_set_size(c, 8 * PAGE));
	expect_page(_metadata, c, 0, 0x62);
	expect_bytes(_metadata, c, 4 * PAGE, 4 * PAGE, 0);
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/* --- options ------------------------------------------------------------ */

TEST(no_child_type_invalid_args)
{
	zx_handle_t p = vmo_new(_metadata, PAGE, 0);

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(p, 0, 0, PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(p, ZX_VMO_CHILD_RESIZABLE, 0, PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(p, ZX_VMO_CHILD_NO_WRITE, 0, PAGE));
	zx_handle_close(p);
}

TEST(invalid_type_combinations)
{
	zx_handle_t p = vmo_new(_metadata, PAGE, 0);

	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  child_status(p, ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_SLICE, 0, PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  child_status(p, ZX_VMO_CHILD_SNAPSHOT |
			       ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE, 0, PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  child_status(p, ZX_VMO_CHILD_SLICE |
			       ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE, 0, PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  child_status(p, ZX_VMO_CHILD_SLICE | ZX_VMO_CHILD_RESIZABLE, 0, PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  child_status(p, ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_SLICE |
			       ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE, 0, PAGE));
	zx_handle_close(p);
}

TEST(unknown_option_bits_invalid_args)
{
	zx_handle_t p = vmo_new(_metadata, PAGE, 0);
	static const uint32_t bad[] = { 1u << 1, 1u << 12, 1u << 20, 1u << 31 };
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  child_status(p, ZX_VMO_CHILD_SNAPSHOT | bad[i], 0, PAGE));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  child_status(p, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE |
				       bad[i], 0, PAGE));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  child_status(p, ZX_VMO_CHILD_SLICE | bad[i], 0, PAGE));
	}
	EXPECT_EQ(0u, vmo_info(_metadata, p).num_children);
	zx_handle_close(p);
}

TEST(no_write_removes_write_right)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 2 * PAGE, 0), c;
	zx_vaddr_t addr = 0;
	uint8_t b = 1;

	fill(_metadata, p, 0, 2 * PAGE, 0x71);
	c = child_new(_metadata, p, ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_NO_WRITE,
		      0, 2 * PAGE);
	EXPECT_EQ(0u, rights_of(_metadata, c) & ZX_RIGHT_WRITE);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_write(c, &b, 0, 1));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(zx_vmar_root_self(), RW, 0, c, 0, PAGE, &addr));
	EXPECT_EQ(-1, pwrite((int)c, &b, 1, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_set_size(c, PAGE));
	/* Still readable, still a snapshot. */
	expect_bytes(_metadata, c, 0, 2 * PAGE, 0x71);
	fill(_metadata, p, 0, 2 * PAGE, 0x72);
	expect_bytes(_metadata, c, 0, 2 * PAGE, 0x71);
	zx_handle_close(c);
	/* Same for slices. */
	c = child_new(_metadata, p, ZX_VMO_CHILD_SLICE | ZX_VMO_CHILD_NO_WRITE,
		      0, 2 * PAGE);
	EXPECT_EQ(0u, rights_of(_metadata, c) & ZX_RIGHT_WRITE);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_write(c, &b, 0, 1));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(zx_vmar_root_self(), RW, 0, c, 0, PAGE, &addr));
	expect_bytes(_metadata, c, 0, 2 * PAGE, 0x72);
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

TEST(no_write_resizable_invalid_args)
{
	zx_handle_t p = vmo_new(_metadata, PAGE, 0);

	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  child_status(p, ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_NO_WRITE |
			       ZX_VMO_CHILD_RESIZABLE, 0, PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  child_status(p, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE |
			       ZX_VMO_CHILD_NO_WRITE | ZX_VMO_CHILD_RESIZABLE, 0, PAGE));
	EXPECT_EQ(0u, vmo_info(_metadata, p).num_children);
	zx_handle_close(p);
}

TEST(resizable_child)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 2 * PAGE, 0), c, n;

	fill(_metadata, p, 0, 2 * PAGE, 0x81);
	c = child_new(_metadata, p, ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_RESIZABLE,
		      0, 2 * PAGE);
	n = snap(_metadata, p, 0, 2 * PAGE);
	EXPECT_EQ(ZX_INFO_VMO_RESIZABLE,
		  vmo_info(_metadata, c).flags & ZX_INFO_VMO_RESIZABLE);
	EXPECT_EQ(0u, vmo_info(_metadata, n).flags & ZX_INFO_VMO_RESIZABLE);
	EXPECT_EQ(ZX_OK, zx_vmo_set_size(c, 5 * PAGE));
	EXPECT_EQ(5 * PAGE, size_of(_metadata, c));
	expect_bytes(_metadata, c, 0, 2 * PAGE, 0x81);
	expect_bytes(_metadata, c, 2 * PAGE, 3 * PAGE, 0);
	EXPECT_EQ(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(n, PAGE));
	EXPECT_EQ(2 * PAGE, size_of(_metadata, n));
	/* A non-resizable parent gives no resizability to its plain child. */
	EXPECT_EQ(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(p, PAGE));
	zx_handle_close(n);
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

TEST(discardable_parent_not_supported)
{
	zx_handle_t p = vmo_new(_metadata, PAGE, ZX_VMO_DISCARDABLE);

	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, child_status(p, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  child_status(p, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE, 0, PAGE));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, child_status(p, ZX_VMO_CHILD_SLICE, 0, PAGE));
	zx_handle_close(p);
}

TEST(parent_needs_duplicate_and_read)
{
	zx_handle_t p = vmo_new(_metadata, PAGE, 0), nodup, noread;

	nodup = dup_rights(_metadata, p, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_DUPLICATE);
	noread = dup_rights(_metadata, p, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_READ);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, child_status(nodup, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, child_status(nodup, ZX_VMO_CHILD_SLICE, 0, PAGE));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, child_status(noread, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, child_status(noread, ZX_VMO_CHILD_SLICE, 0, PAGE));
	/* Rights come first: bad options do not change the answer. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, child_status(nodup, 0, 1, PAGE));
	EXPECT_EQ(0u, vmo_info(_metadata, p).num_children);
	zx_handle_close(nodup);
	zx_handle_close(noread);
	zx_handle_close(p);
}

TEST(non_vmo_fd_wrong_type)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	int pipefd[2];
	zx_handle_t out = ZX_HANDLE_INVALID;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, pipe(pipefd));
	if (fd == 0) {
		fd = dup(fd);
		ASSERT_LT(0, fd);
	}
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_vmo_create_child((zx_handle_t)fd, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE, &out));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_vmo_create_child((zx_handle_t)pipefd[0], ZX_VMO_CHILD_SLICE, 0,
				      PAGE, &out));
	EXPECT_EQ(ZX_HANDLE_INVALID, out);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_vmo_create_child(closed_handle(), ZX_VMO_CHILD_SNAPSHOT, 0, PAGE, &out));
	close(fd);
	close(pipefd[0]);
	close(pipefd[1]);
}

/* --- rights and name ---------------------------------------------------- */

static zx_rights_t snapshot_rights(zx_rights_t r, bool no_write)
{
	r |= ZX_RIGHT_GET_PROPERTY | ZX_RIGHT_SET_PROPERTY;
	if (no_write)
		return r & ~ZX_RIGHT_WRITE;
	return (r & ~ZX_RIGHT_EXECUTE) | ZX_RIGHT_WRITE;
}

static zx_rights_t slice_rights(zx_rights_t r, bool no_write)
{
	r |= ZX_RIGHT_GET_PROPERTY | ZX_RIGHT_SET_PROPERTY;
	return no_write ? r & ~ZX_RIGHT_WRITE : r;
}

TEST(child_rights_as_zircon_computes)
{
	static const zx_rights_t parents[] = {
		ZX_DEFAULT_VMO_RIGHTS,
		ZX_RIGHT_DUPLICATE | ZX_RIGHT_READ,
		ZX_RIGHT_DUPLICATE | ZX_RIGHT_READ | ZX_RIGHT_MAP,
		ZX_RIGHT_DUPLICATE | ZX_RIGHT_READ | ZX_RIGHT_WRITE | ZX_RIGHT_WAIT,
		ZX_DEFAULT_VMO_RIGHTS & ~(ZX_RIGHT_GET_PROPERTY | ZX_RIGHT_SET_PROPERTY),
		ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WRITE,
	};
	zx_handle_t p = vmo_new(_metadata, 2 * PAGE, 0);
	unsigned int i;

	for (i = 0; i < sizeof(parents) / sizeof(parents[0]); i++) {
		zx_handle_t h = dup_rights(_metadata, p, parents[i]), c;

		c = snap(_metadata, h, 0, PAGE);
		EXPECT_EQ(snapshot_rights(parents[i], false), rights_of(_metadata, c));
		zx_handle_close(c);
		c = child_new(_metadata, h, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE, 0, PAGE);
		EXPECT_EQ(snapshot_rights(parents[i], false), rights_of(_metadata, c));
		zx_handle_close(c);
		c = child_new(_metadata, h, ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_NO_WRITE,
			      0, PAGE);
		EXPECT_EQ(snapshot_rights(parents[i], true), rights_of(_metadata, c));
		zx_handle_close(c);
		c = slice(_metadata, h, 0, PAGE);
		EXPECT_EQ(slice_rights(parents[i], false), rights_of(_metadata, c));
		zx_handle_close(c);
		c = child_new(_metadata, h, ZX_VMO_CHILD_SLICE | ZX_VMO_CHILD_NO_WRITE,
			      0, PAGE);
		EXPECT_EQ(slice_rights(parents[i], true), rights_of(_metadata, c));
		zx_handle_close(c);
		zx_handle_close(h);
	}
	zx_handle_close(p);
}

/* A snapshot of a read-only handle (DUPLICATE|READ) is writable. */
TEST(snapshot_of_read_only_handle_is_writable)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, PAGE, 0), ro, c;

	fill_page(_metadata, p, 0, 0x91);
	ro = dup_rights(_metadata, p, ZX_RIGHT_DUPLICATE | ZX_RIGHT_READ);
	c = snap(_metadata, ro, 0, PAGE);
	EXPECT_EQ(ZX_RIGHT_DUPLICATE | ZX_RIGHT_READ | ZX_RIGHT_WRITE |
		  ZX_RIGHT_GET_PROPERTY | ZX_RIGHT_SET_PROPERTY, rights_of(_metadata, c));
	fill(_metadata, c, 0, 1, 0x92);
	expect_bytes(_metadata, c, 0, 1, 0x92);
	expect_page(_metadata, p, 0, 0x91);
	zx_handle_close(c);
	zx_handle_close(ro);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

TEST(child_name_copied_with_get_property)
{
	zx_handle_t p = vmo_new(_metadata, PAGE, 0), h, c;
	char name[ZX_MAX_NAME_LEN];
	zx_info_vmo_t info;

	ASSERT_EQ(ZX_OK, zx_object_set_property(p, ZX_PROP_NAME, "cow-parent", 11));
	c = snap(_metadata, p, 0, PAGE);
	memset(name, 0x5a, sizeof(name));
	ASSERT_EQ(ZX_OK, zx_object_get_property(c, ZX_PROP_NAME, name, sizeof(name)));
	EXPECT_STREQ("cow-parent", name);
	info = vmo_info(_metadata, c);
	EXPECT_STREQ("cow-parent", info.name);
	/* Renaming the child leaves the parent alone. */
	ASSERT_EQ(ZX_OK, zx_object_set_property(c, ZX_PROP_NAME, "kid", 4));
	ASSERT_EQ(ZX_OK, zx_object_get_property(p, ZX_PROP_NAME, name, sizeof(name)));
	EXPECT_STREQ("cow-parent", name);
	zx_handle_close(c);
	c = slice(_metadata, p, 0, PAGE);
	info = vmo_info(_metadata, c);
	EXPECT_STREQ("cow-parent", info.name);
	zx_handle_close(c);

	/* Without GET_PROPERTY on the parent handle the name stays empty. */
	h = dup_rights(_metadata, p, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_GET_PROPERTY);
	c = snap(_metadata, h, 0, PAGE);
	memset(name, 0x5a, sizeof(name));
	ASSERT_EQ(ZX_OK, zx_object_get_property(c, ZX_PROP_NAME, name, sizeof(name)));
	EXPECT_STREQ("", name);
	zx_handle_close(c);
	c = slice(_metadata, h, 0, PAGE);
	info = vmo_info(_metadata, c);
	EXPECT_STREQ("", info.name);
	zx_handle_close(c);
	zx_handle_close(h);
	zx_handle_close(p);
}

/* --- resizing ----------------------------------------------------------- */

TEST(shrink_then_grow_child_reads_zero)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), c;

	fill(_metadata, p, 0, 4 * PAGE, 0xa1);
	c = child_new(_metadata, p, ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_RESIZABLE,
		      0, 4 * PAGE);
	fill_page(_metadata, c, 3, 0xa2);	/* own page, freed by the shrink */
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(c, PAGE));
	EXPECT_EQ(base.pages + 4, pages_now());
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(c, 4 * PAGE));
	expect_page(_metadata, c, 0, 0xa1);
	expect_bytes(_metadata, c, PAGE, 3 * PAGE, 0);
	EXPECT_EQ(0u, committed(_metadata, c));
	/* Unaligned shrink: the tail of the last page is zeroed too. */
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(c, 100));
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(c, 2 * PAGE));
	expect_bytes(_metadata, c, 0, 100, 0xa1);
	expect_bytes(_metadata, c, 100, 2 * PAGE - 100, 0);
	expect_bytes(_metadata, p, 0, 4 * PAGE, 0xa1);
	/* And once the parent is gone. */
	zx_handle_close(p);
	expect_bytes(_metadata, c, 0, 100, 0xa1);
	expect_bytes(_metadata, c, 100, 2 * PAGE - 100, 0);
	EXPECT_EQ(1u, npages_committed(_metadata, c));
	EXPECT_EQ(base.pages + 1, pages_now());
	zx_handle_close(c);
	EXPECT_BASELINE(base);
}

TEST(shrinking_parent_never_changes_child)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, ZX_VMO_RESIZABLE), c;

	fill(_metadata, p, 0, 4 * PAGE, 0xb1);
	c = snap(_metadata, p, 0, 4 * PAGE);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(p, PAGE + 10));
	expect_bytes(_metadata, c, 0, 4 * PAGE, 0xb1);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(p, 0));
	expect_bytes(_metadata, c, 0, 4 * PAGE, 0xb1);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(p, 4 * PAGE));
	expect_bytes(_metadata, p, 0, 4 * PAGE, 0);
	expect_bytes(_metadata, c, 0, 4 * PAGE, 0xb1);
	/* The pages are the child's alone now. */
	EXPECT_EQ(4u, npages_committed(_metadata, c));
	EXPECT_EQ(0u, committed(_metadata, p));
	EXPECT_EQ(base.pages + 4, pages_now());
	fill_page(_metadata, c, 2, 0xb2);	/* moves, no copy */
	EXPECT_EQ(base.pages + 4, pages_now());
	zx_handle_close(p);
	expect_page(_metadata, c, 2, 0xb2);
	expect_page(_metadata, c, 3, 0xb1);
	zx_handle_close(c);
	EXPECT_BASELINE(base);
}

/* --- ZX_INFO_VMO -------------------------------------------------------- */

TEST(info_cow_clone_flag_and_parent_koid)
{
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), c, s, g;
	zx_info_vmo_t pi, ci, si, gi;

	c = snap(_metadata, p, 0, PAGE);
	s = slice(_metadata, p, 0, PAGE);
	g = snap(_metadata, c, 0, PAGE);
	pi = vmo_info(_metadata, p);
	ci = vmo_info(_metadata, c);
	si = vmo_info(_metadata, s);
	gi = vmo_info(_metadata, g);
	EXPECT_EQ(0u, pi.flags & ZX_INFO_VMO_IS_COW_CLONE);
	EXPECT_EQ(ZX_INFO_VMO_IS_COW_CLONE, ci.flags & ZX_INFO_VMO_IS_COW_CLONE);
	EXPECT_EQ(0u, si.flags & ZX_INFO_VMO_IS_COW_CLONE);
	EXPECT_EQ(ZX_INFO_VMO_IS_COW_CLONE, gi.flags & ZX_INFO_VMO_IS_COW_CLONE);
	EXPECT_EQ(ZX_KOID_INVALID, pi.parent_koid);
	EXPECT_EQ(pi.koid, ci.parent_koid);
	EXPECT_EQ(pi.koid, si.parent_koid);
	EXPECT_EQ(ci.koid, gi.parent_koid);
	EXPECT_NE(pi.koid, ci.koid);
	EXPECT_EQ(koid_of(_metadata, c), ci.koid);
	EXPECT_EQ(ZX_INFO_VMO_TYPE_PAGED, ZX_INFO_VMO_TYPE(ci.flags));
	EXPECT_EQ(2u, pi.num_children);
	EXPECT_EQ(1u, ci.num_children);
	EXPECT_EQ(0u, si.num_children);
	EXPECT_EQ(0u, gi.num_children);
	/* The parent koid outlives the parent. */
	zx_handle_close(p);
	EXPECT_EQ(pi.koid, vmo_info(_metadata, c).parent_koid);
	EXPECT_EQ(pi.koid, vmo_info(_metadata, s).parent_koid);
	zx_handle_close(g);
	zx_handle_close(s);
	zx_handle_close(c);
}

TEST(info_num_children_counts_live_children)
{
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), c[5], g;
	int i;

	for (i = 0; i < 5; i++) {
		c[i] = i % 2 ? slice(_metadata, p, 0, PAGE) : snap(_metadata, p, 0, PAGE);
		EXPECT_EQ((size_t)i + 1, vmo_info(_metadata, p).num_children);
	}
	/* Grandchildren are not the parent's children. */
	g = snap(_metadata, c[0], 0, PAGE);
	EXPECT_EQ(5u, vmo_info(_metadata, p).num_children);
	EXPECT_EQ(1u, vmo_info(_metadata, c[0]).num_children);
	zx_handle_close(g);
	for (i = 0; i < 5; i++) {
		zx_handle_close(c[i]);
		EXPECT_EQ((size_t)4 - i, vmo_info(_metadata, p).num_children);
	}
	zx_handle_close(p);
}

TEST(info_num_mappings)
{
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), c;
	uint8_t *m1, *m2, *m3;

	c = snap(_metadata, p, 0, 4 * PAGE);
	m1 = map_vmo(_metadata, p, RW, 0, PAGE);
	m2 = map_vmo(_metadata, c, ZX_VM_PERM_READ, 0, 4 * PAGE);
	m3 = map_vmo(_metadata, c, RW, PAGE, PAGE);
	EXPECT_EQ(1u, vmo_info(_metadata, p).num_mappings);
	EXPECT_EQ(2u, vmo_info(_metadata, c).num_mappings);
	unmap_vmo(_metadata, m2, 4 * PAGE);
	EXPECT_EQ(1u, vmo_info(_metadata, c).num_mappings);
	unmap_vmo(_metadata, m3, PAGE);
	unmap_vmo(_metadata, m1, PAGE);
	EXPECT_EQ(0u, vmo_info(_metadata, p).num_mappings);
	EXPECT_EQ(0u, vmo_info(_metadata, c).num_mappings);
	zx_handle_close(c);
	zx_handle_close(p);
}

/* --- committed_bytes (Zircon's attribution) ----------------------------- */

TEST(committed_after_snapshot)
{
	BASELINE(base);
	const uint64_t n = 6;
	zx_handle_t p = vmo_new(_metadata, 8 * PAGE, 0), c;

	fill(_metadata, p, 0, n * PAGE, 0xc1);
	EXPECT_EQ(n, npages_committed(_metadata, p));
	c = snap(_metadata, p, 0, 8 * PAGE);
	EXPECT_EQ(n, npages_committed(_metadata, p));
	EXPECT_EQ(0u, committed(_metadata, c));
	EXPECT_EQ(base.pages + (long)n, pages_now());
	/* Reads commit nothing. */
	expect_bytes(_metadata, c, 0, n * PAGE, 0xc1);
	expect_bytes(_metadata, c, n * PAGE, (8 - n) * PAGE, 0);
	EXPECT_EQ(0u, committed(_metadata, c));
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

TEST(committed_child_write_charged_to_child)
{
	BASELINE(base);
	const uint64_t n = 6;
	zx_handle_t p = vmo_new(_metadata, 8 * PAGE, 0), c;

	fill(_metadata, p, 0, n * PAGE, 0xc1);
	c = snap(_metadata, p, 0, 8 * PAGE);
	fill_page(_metadata, c, 2, 0xc2);
	EXPECT_EQ(n, npages_committed(_metadata, p));
	EXPECT_EQ(1u, npages_committed(_metadata, c));
	EXPECT_EQ(base.pages + (long)n + 1, pages_now());
	/* A page the parent never had. */
	fill_page(_metadata, c, 7, 0xc3);
	EXPECT_EQ(n, npages_committed(_metadata, p));
	EXPECT_EQ(2u, npages_committed(_metadata, c));
	EXPECT_EQ(base.pages + (long)n + 2, pages_now());
	/* Writing the same page again changes nothing. */
	fill_page(_metadata, c, 2, 0xc4);
	EXPECT_EQ(2u, npages_committed(_metadata, c));
	EXPECT_EQ(base.pages + (long)n + 2, pages_now());
	zx_handle_close(c);
	EXPECT_EQ(n, npages_committed(_metadata, p));
	EXPECT_EQ(base.pages + (long)n, pages_now());
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

TEST(committed_parent_write_charged_to_child)
{
	BASELINE(base);
	const uint64_t n = 6;
	zx_handle_t p = vmo_new(_metadata, 8 * PAGE, 0), c;

	fill(_metadata, p, 0, n * PAGE, 0xc1);
	c = snap(_metadata, p, 0, 8 * PAGE);
	fill_page(_metadata, p, 1, 0xc5);
	/* The hidden original of page 1 is now the child's alone. */
	EXPECT_EQ(n, npages_committed(_metadata, p));
	EXPECT_EQ(1u, npages_committed(_metadata, c));
	EXPECT_EQ(base.pages + (long)n + 1, pages_now());
	fill_page(_metadata, p, 3, 0xc6);
	EXPECT_EQ(n, npages_committed(_metadata, p));
	EXPECT_EQ(2u, npages_committed(_metadata, c));
	/* The child writing such a page takes it over: no new page. */
	fill_page(_metadata, c, 1, 0xc7);
	EXPECT_EQ(2u, npages_committed(_metadata, c));
	EXPECT_EQ(base.pages + (long)n + 2, pages_now());
	/* A parent write to a page it never had adds a parent page only. */
	fill_page(_metadata, p, 7, 0xc8);
	EXPECT_EQ(n + 1, npages_committed(_metadata, p));
	EXPECT_EQ(2u, npages_committed(_metadata, c));
	expect_page(_metadata, c, 3, 0xc1);
	expect_page(_metadata, c, 1, 0xc7);
	expect_page(_metadata, c, 7, 0);
	/* Closing the parent: the child is charged for everything it sees. */
	zx_handle_close(p);
	EXPECT_EQ(n, npages_committed(_metadata, c));
	EXPECT_EQ(base.pages + (long)n, pages_now());
	zx_handle_close(c);
	EXPECT_BASELINE(base);
}

/* Two children of one parent: a page only children see goes to the first. */
TEST(committed_sums_match_module_pages)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), a, b;
	uint64_t sum;

	fill(_metadata, p, 0, 4 * PAGE, 0xd1);
	a = snap(_metadata, p, 0, 4 * PAGE);
	b = snap(_metadata, p, 0, 4 * PAGE);
	fill_page(_metadata, p, 0, 0xd2);
	fill_page(_metadata, a, 1, 0xd3);
	fill_page(_metadata, b, 2, 0xd4);
	sum = npages_committed(_metadata, p) + npages_committed(_metadata, a) +
	      npages_committed(_metadata, b);
	EXPECT_EQ((uint64_t)(pages_now() - base.pages), sum);
	EXPECT_EQ(4u, npages_committed(_metadata, p));
	zx_handle_close(p);
	sum = npages_committed(_metadata, a) + npages_committed(_metadata, b);
	EXPECT_EQ((uint64_t)(pages_now() - base.pages), sum);
	expect_page(_metadata, a, 0, 0xd1);
	expect_page(_metadata, b, 0, 0xd1);
	expect_page(_metadata, b, 1, 0xd1);
	expect_page(_metadata, a, 2, 0xd1);
	zx_handle_close(a);
	EXPECT_EQ(4u, npages_committed(_metadata, b));
	EXPECT_EQ(base.pages + 4, pages_now());
	zx_handle_close(b);
	EXPECT_BASELINE(base);
}

TEST(snapshot_of_64mib_costs_one_page_per_write)
{
	BASELINE(base);
	const size_t size = 64ul << 20;
	const long n = (long)(size / PAGE);
	zx_handle_t p = vmo_new(_metadata, size, 0), c;
	uint8_t *buf = malloc(1 << 20);
	size_t off;

	ASSERT_NE(NULL, buf);
	memset(buf, 0xe1, 1 << 20);
	for (off = 0; off < size; off += 1 << 20)
		ASSERT_EQ(ZX_OK, zx_vmo_write(p, buf, off, 1 << 20));
	EXPECT_EQ(base.pages + n, pages_now());
	c = snap(_metadata, p, 0, size);
	EXPECT_EQ(base.pages + n, pages_now());
	EXPECT_EQ(size, committed(_metadata, p));
	EXPECT_EQ(0u, committed(_metadata, c));
	fill(_metadata, c, 12345 * PAGE + 17, 3, 0xe2);
	EXPECT_EQ(base.pages + n + 1, pages_now());
	EXPECT_EQ(size, committed(_metadata, p));
	EXPECT_EQ(PAGE, committed(_metadata, c));
	expect_bytes(_metadata, p, 12345 * PAGE, PAGE, 0xe1);
	expect_bytes(_metadata, c, 12345 * PAGE + 17, 3, 0xe2);
	expect_bytes(_metadata, c, 12345 * PAGE + 20, 8, 0xe1);
	zx_handle_close(p);
	EXPECT_EQ(base.pages + n, pages_now());
	EXPECT_EQ(size, committed(_metadata, c));
	zx_handle_close(c);
	free(buf);
	EXPECT_BASELINE(base);
}

/* --- every write order -------------------------------------------------- */

/*
 * Four VMOs: v0 the parent and v1..v3 created before any write, either as
 * a chain (v1 = snapshot of v0, v2 of v1, v3 of v2) or as three children of
 * v0.  For each of the 24 orders of the VMOs, and each page p, the VMOs
 * write page p in that order rotated by p, every VMO v skipping page v.
 * Reference model: a VMO's content is its own writes over what its parent
 * had when it was snapshotted (here: the initial content, since all
 * snapshots precede the writes).  After checking, the VMOs are closed in
 * the same order and the survivors re-checked after each close.
 */
#define NV 4
#define NP 4

static void permutation(int k, int perm[NV])
{
	int avail[NV] = { 0, 1, 2, 3 }, left = NV, i, j;

	for (i = 0; i < NV; i++) {
		int f = 1;

		for (j = 1; j < left; j++)
			f *= j;
		j = k / f;
		k %= f;
		perm[i] = avail[j];
		memmove(&avail[j], &avail[j + 1], (left - j - 1) * sizeof(int));
		left--;
	}
}

static uint8_t initial_byte(int p)
{
	return 0x10 + p;
}

static uint8_t written_byte(int order, int v, int p)
{
	return 0x80 + (order * 16 + v * NP + p) % 0x7f;
}

static void check_model(struct __test_metadata *_metadata, zx_handle_t h[NV],
			uint8_t model[NV][NP], bool alive[NV])
{
	uint8_t *buf = malloc(NP * PAGE);
	int v, p;

	ASSERT_NE(NULL, buf);
	for (v = 0; v < NV; v++) {
		if (!alive[v])
			continue;
		ASSERT_EQ(ZX_OK, zx_vmo_read(h[v], buf, 0, NP * PAGE));
		for (p = 0; p < NP; p++) {
			if (!mem_is(buf + p * PAGE, PAGE, model[v][p], NULL)) {
				TH_LOG("vmo %d page %d: %#x, expected %#x",
				       v, p, buf[p * PAGE], model[v][p]);
				EXPECT_EQ(model[v][p], buf[p * PAGE]);
			}
		}
	}
	free(buf);
}

static void write_orders(struct __test_metadata *_metadata, bool chain)
{
	BASELINE(base);
	int order, logged = 0;

	for (order = 0; order < 24; order++) {
		uint8_t model[NV][NP];
		bool alive[NV] = { true, true, true, true };
		zx_handle_t h[NV];
		int perm[NV], v, p, k;
		uint64_t sum = 0;

		permutation(order, perm);
		h[0] = vmo_new(_metadata, NP * PAGE, 0);
		for (p = 0; p < NP; p++) {
			fill_page(_metadata, h[0], p, initial_byte(p));
			for (v = 0; v < NV; v++)
				model[v][p] = initial_byte(p);
		}
		for (v = 1; v < NV; v++)
			h[v] = snap(_metadata, chain ? h[v - 1] : h[0], 0, NP * PAGE);

		for (p = 0; p < NP; p++) {
			for (k = 0; k < NV; k++) {
				v = perm[(k + p) % NV];
				if (v == p)
					continue;
				fill_page(_metadata, h[v], p, written_byte(order, v, p));
				model[v][p] = written_byte(order, v, p);
			}
		}
		check_model(_metadata, h, model, alive);
		/*
		 * Every VMO sees 3 own pages and one original; nothing else
		 * may be kept, and each page is charged to exactly one VMO.
		 */
		EXPECT_EQ(base.pages + NV * NP, pages_now());
		for (v = 0; v < NV; v++) {
			uint64_t c = npages_committed(_metadata, h[v]);

			EXPECT_EQ((uint64_t)NP, c);
			sum += c;
		}
		EXPECT_EQ((uint64_t)(NV * NP), sum);

		for (k = 0; k < NV; k++) {
			zx_handle_close(h[perm[k]]);
			alive[perm[k]] = false;
			check_model(_metadata, h, model, alive);
			EXPECT_EQ(base.pages + (NV - k - 1) * NP, pages_now());
		}
		EXPECT_BASELINE(base);
		if (!_metadata->passed && !logged++)
			TH_LOG("order %d (%d %d %d %d) failed", order, perm[0],
			       perm[1], perm[2], perm[3]);
	}
}

TEST(write_orders_chain_of_three_generations)
{
	write_orders(_metadata, true);
}

TEST(write_orders_three_children_of_parent)
{
	write_orders(_metadata, false);
}

/* Snapshots taken between writes: each sees its parent at that moment. */
TEST(snapshots_between_writes)
{
	BASELINE(base);
	zx_handle_t h[5];
	uint8_t model[5][NP];
	int v, p;

	h[0] = vmo_new(_metadata, NP * PAGE, 0);
	memset(model, 0, sizeof(model));
	for (v = 1; v < 5; v++) {
		/* The newest VMO writes page v-1, then is snapshotted. */
		fill_page(_metadata, h[v - 1], (v - 1) % NP, 0x20 + v);
		model[v - 1][(v - 1) % NP] = 0x20 + v;
		h[v] = snap(_metadata, h[v - 1], 0, NP * PAGE);
		memcpy(model[v], model[v - 1], NP);
		/* Then the older one is modified again. */
		fill_page(_metadata, h[v - 1], NP - 1, 0x40 + v);
		model[v - 1][NP - 1] = 0x40 + v;
	}
	for (v = 0; v < 5; v++) {
		for (p = 0; p < NP; p++) {
			uint8_t b[1];

			ASSERT_EQ(ZX_OK, zx_vmo_read(h[v], b, p * PAGE, 1));
			EXPECT_EQ(model[v][p], b[0]);
			expect_page(_metadata, h[v], p, model[v][p]);
		}
	}
	for (v = 0; v < 5; v++)
		zx_handle_close(h[v]);
	EXPECT_BASELINE(base);
}

/* A very large sparse child of a small parent. */
TEST(huge_child_of_small_parent)
{
	BASELINE(base);
	const uint64_t big = 1ull << 40;
	zx_handle_t p = vmo_new(_metadata, 2 * PAGE, 0), c;

	fill(_metadata, p, 0, 2 * PAGE, 0x5c);
	c = snap(_metadata, p, 0, big);
	EXPECT_EQ(big, size_of(_metadata, c));
	expect_page(_metadata, c, 1, 0x5c);
	expect_bytes(_metadata, c, big - PAGE, PAGE, 0);
	fill(_metadata, c, big - 1, 1, 0x5d);
	expect_bytes(_metadata, c, big - 1, 1, 0x5d);
	EXPECT_EQ(1u, npages_committed(_metadata, c));
	EXPECT_EQ(base.pages + 3, pages_now());
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/* Shrinking the middle of a chain leaves its snapshot alone. */
TEST(shrinking_middle_never_changes_grandchild)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), c, g;

	fill(_metadata, p, 0, 4 * PAGE, 0xb5);
	c = child_new(_metadata, p, ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_RESIZABLE,
		      0, 4 * PAGE);
	fill_page(_metadata, c, 3, 0xb6);
	g = snap(_metadata, c, 0, 4 * PAGE);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(c, 0));
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(c, 4 * PAGE));
	expect_bytes(_metadata, c, 0, 4 * PAGE, 0);
	expect_bytes(_metadata, g, 0, 3 * PAGE, 0xb5);
	expect_page(_metadata, g, 3, 0xb6);
	EXPECT_EQ(0u, committed(_metadata, c));
	EXPECT_EQ(1u, npages_committed(_metadata, g));
	zx_handle_close(p);
	expect_bytes(_metadata, g, 0, 3 * PAGE, 0xb5);
	expect_page(_metadata, g, 3, 0xb6);
	EXPECT_EQ(4u, npages_committed(_metadata, g));
	EXPECT_EQ(base.pages + 4, pages_now());
	zx_handle_close(c);
	zx_handle_close(g);
	EXPECT_BASELINE(base);
}

/*
 * "ZX_VMO_CHILD_SNAPSHOT creates an immutable VMO when the
 * ZX_VMO_CHILD_NO_WRITE option is enabled and the ZX_VMO_CHILD_RESIZABLE
 * option is disabled": only that child reports ZX_INFO_VMO_IMMUTABLE.
 */
TEST(no_write_snapshot_is_immutable)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 2 * PAGE, 0);
	zx_handle_t ro, rw, sl;

	ASSERT_EQ(ZX_OK, zx_vmo_create_child(p, ZX_VMO_CHILD_SNAPSHOT |
					     ZX_VMO_CHILD_NO_WRITE, 0, PAGE, &ro));
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(p, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE,
					     &rw));
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(p, ZX_VMO_CHILD_SLICE |
					     ZX_VMO_CHILD_NO_WRITE, 0, PAGE, &sl));
	EXPECT_EQ(ZX_INFO_VMO_IMMUTABLE,
		  vmo_info(_metadata, ro).flags & ZX_INFO_VMO_IMMUTABLE);
	EXPECT_EQ(0u, vmo_info(_metadata, rw).flags & ZX_INFO_VMO_IMMUTABLE);
	EXPECT_EQ(0u, vmo_info(_metadata, sl).flags & ZX_INFO_VMO_IMMUTABLE);
	EXPECT_EQ(0u, vmo_info(_metadata, p).flags & ZX_INFO_VMO_IMMUTABLE);
	zx_handle_close(ro);
	zx_handle_close(rw);
	zx_handle_close(sl);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/*
 * Zircon's order (sys_vmo_create_child): the size is rounded first
 * (OUT_OF_RANGE), then NO_WRITE with RESIZABLE is INVALID_ARGS, then the
 * handle's rights, then the discardable parent and the child type.
 */
TEST(create_child_check_order)
{
	static const uint32_t types[] = {
		ZX_VMO_CHILD_SNAPSHOT, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE,
		ZX_VMO_CHILD_SLICE,
	};
	const uint32_t nwr = ZX_VMO_CHILD_NO_WRITE | ZX_VMO_CHILD_RESIZABLE;
	zx_handle_t p = vmo_new(_metadata, PAGE, 0), nodup, noread, none, disc;
	size_t i;

	nodup = dup_rights(_metadata, p, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_DUPLICATE);
	noread = dup_rights(_metadata, p, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_READ);
	none = dup_rights(_metadata, p, 0);
	disc = vmo_new(_metadata, PAGE, ZX_VMO_DISCARDABLE);
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		TH_LOG("type %#x", types[i]);
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(nodup, types[i] | nwr, 0, PAGE));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(noread, types[i] | nwr, 0, PAGE));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(none, types[i] | nwr, 0, PAGE));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(disc, types[i] | nwr, 0, PAGE));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(p, types[i] | nwr, 0, PAGE));
		/* The size comes before everything. */
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
			  child_status(none, types[i] | nwr, 0, UINT64_MAX));
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, child_status(none, types[i], 0, UINT64_MAX));
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, child_status(disc, types[i], 0, UINT64_MAX));
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
			  child_status(p, types[i] | 0x10000000u, 0, UINT64_MAX));
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
			  child_status(p, types[i], PAGE + 1, UINT64_MAX));
		/* Then the rights, before the discardable parent. */
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED, child_status(nodup, types[i], 0, PAGE));
		EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, child_status(disc, types[i], 0, PAGE));
	}
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(p, nwr, 0, PAGE));
	EXPECT_EQ(0u, vmo_info(_metadata, p).num_children);
	zx_handle_close(disc);
	zx_handle_close(none);
	zx_handle_close(nodup);
	zx_handle_close(noread);
	zx_handle_close(p);
}

TEST_HARNESS_MAIN
