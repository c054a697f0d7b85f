// SPDX-License-Identifier: GPL-2.0
/*
 * Copy-on-write children and mappings: shared writable mappings on both
 * sides of a snapshot, mappings made before and after it, zx_vmo_write
 * seen in existing mappings, reads through a child's mapping that commit
 * nothing, private mappings, and reads/writes whose user buffer is a
 * mapping of a relative in the same copy-on-write tree.
 */
#include "cow_helpers.h"

TEST(both_sides_mapped_writes_invisible_to_other_side)
{
	BASELINE(base);
	const size_t len = 4 * PAGE;
	zx_handle_t p = vmo_new(_metadata, len, 0), c;
	uint8_t *pm, *cm;

	pm = map_vmo(_metadata, p, RW, 0, len);	/* before the snapshot */
	memset(pm, 0x11, len);
	c = snap(_metadata, p, 0, len);
	cm = map_vmo(_metadata, c, RW, 0, len);	/* after it */
	EXPECT_MEM(cm, len, 0x11);

	memset(pm, 0x22, PAGE);			/* page 0: parent */
	memset(cm + PAGE, 0x33, PAGE);		/* page 1: child */
	pm[2 * PAGE + 5] = 0x44;		/* page 2: both, one byte each */
	cm[2 * PAGE + 6] = 0x55;

	EXPECT_MEM(cm, PAGE, 0x11);
	EXPECT_MEM(pm + PAGE, PAGE, 0x11);
	EXPECT_EQ(0x44, pm[2 * PAGE + 5]);
	EXPECT_EQ(0x11, pm[2 * PAGE + 6]);
	EXPECT_EQ(0x11, cm[2 * PAGE + 5]);
	EXPECT_EQ(0x55, cm[2 * PAGE + 6]);
	EXPECT_MEM(pm + 3 * PAGE, PAGE, 0x11);
	EXPECT_MEM(cm + 3 * PAGE, PAGE, 0x11);

	/* zx_vmo_read agrees with the mappings. */
	expect_page(_metadata, p, 0, 0x22);
	expect_page(_metadata, c, 0, 0x11);
	expect_page(_metadata, p, 1, 0x11);
	expect_page(_metadata, c, 1, 0x33);
	expect_bytes(_metadata, p, 2 * PAGE + 5, 1, 0x44);
	expect_bytes(_metadata, c, 2 * PAGE + 6, 1, 0x55);
	expect_bytes(_metadata, c, 2 * PAGE + 5, 1, 0x11);

	/*
	 * Page 0: original (the child's) and the parent's copy; page 1: the
	 * original (the parent's) and the child's copy; page 2: the parent's
	 * copy, and the original moved to the child, which alone saw it
	 * then; page 3: the shared original, charged to the parent.
	 */
	EXPECT_EQ(base.pages + 7, pages_now());
	EXPECT_EQ(4u, npages_committed(_metadata, p));
	EXPECT_EQ(3u, npages_committed(_metadata, c));
	unmap_vmo(_metadata, pm, len);
	unmap_vmo(_metadata, cm, len);
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

TEST(vmo_write_visible_in_existing_child_mapping)
{
	BASELINE(base);
	const size_t len = 3 * PAGE;
	zx_handle_t p = vmo_new(_metadata, len, 0), c;
	volatile uint8_t *cm;
	uint8_t b;

	fill(_metadata, p, 0, len, 0x11);
	c = snap(_metadata, p, 0, len);
	cm = map_vmo(_metadata, c, RW, 0, len);
	/* Fault the parent's pages in read-only, then write the child. */
	EXPECT_EQ(0x11, cm[0]);
	EXPECT_EQ(0x11, cm[PAGE]);
	fill(_metadata, c, 0, 10, 0x66);
	EXPECT_EQ(0x66, cm[0]);
	EXPECT_EQ(0x66, cm[9]);
	EXPECT_EQ(0x11, cm[10]);
	/* The parent writes its page: the child's mapping is unchanged... */
	fill_page(_metadata, p, 1, 0x77);
	EXPECT_EQ(0x11, cm[PAGE]);
	/* ...and the child's own write to it (a move now) shows at once. */
	fill(_metadata, c, PAGE + 1, 1, 0x78);
	EXPECT_EQ(0x11, cm[PAGE]);
	EXPECT_EQ(0x78, cm[PAGE + 1]);
	/* pwrite(2) as well, on a page never faulted in. */
	b = 0x79;
	ASSERT_EQ(1, pwrite((int)c, &b, 1, 2 * PAGE + 3));
	EXPECT_EQ(0x79, cm[2 * PAGE + 3]);
	EXPECT_EQ(0x11, cm[2 * PAGE + 4]);
	expect_page(_metadata, p, 0, 0x11);
	expect_page(_metadata, p, 1, 0x77);
	expect_page(_metadata, p, 2, 0x11);
	unmap_vmo(_metadata, (void *)cm, len);
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

TEST(vmo_write_visible_in_existing_parent_mapping)
{
	BASELINE(base);
	const size_t len = 2 * PAGE;
	zx_handle_t p = vmo_new(_metadata, len, 0), c;
	volatile uint8_t *pm;

	pm = map_vmo(_metadata, p, RW, 0, len);
	pm[0] = 0x11;
	pm[PAGE] = 0x12;
	c = snap(_metadata, p, 0, len);
	EXPECT_EQ(0x11, pm[0]);		/* re-fault, read-only on the original */
	fill(_metadata, p, 0, 1, 0x21);	/* copy: the child still sees it */
	EXPECT_EQ(0x21, pm[0]);
	fill(_metadata, c, PAGE, 1, 0x31);
	EXPECT_EQ(0x12, pm[PAGE]);
	fill(_metadata, p, PAGE, 1, 0x22);	/* move: nobody else sees it */
	EXPECT_EQ(0x22, pm[PAGE]);
	expect_bytes(_metadata, c, 0, 1, 0x11);
	expect_bytes(_metadata, c, PAGE, 1, 0x31);
	unmap_vmo(_metadata, (void *)pm, len);
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/* Reading a snapshot through its mapping commits nothing in the child. */
TEST(child_mapping_reads_commit_nothing)
{
	BASELINE(base);
	const size_t len = 8 * PAGE;
	zx_handle_t p = vmo_new(_metadata, len, 0), c;
	volatile uint8_t *cm, *ro;
	size_t i;
	unsigned int sum = 0;

	fill(_metadata, p, 0, len, 0x5a);
	c = snap(_metadata, p, 0, len);
	cm = map_vmo(_metadata, c, RW, 0, len);
	for (i = 0; i < len; i += 64)
		sum += cm[i];
	EXPECT_EQ(0x5au * (len / 64), sum);
	EXPECT_EQ(0u, committed(_metadata, c));
	EXPECT_EQ(8u, npages_committed(_metadata, p));
	EXPECT_EQ(base.pages + 8, pages_now());
	/* Read-only mappings too. */
	ro = map_vmo(_metadata, c, ZX_VM_PERM_READ, 0, len);
	for (i = 0; i < len; i += PAGE)
		EXPECT_EQ(0x5a, ro[i]);
	unmap_vmo(_metadata, (void *)ro, len);
	EXPECT_EQ(0u, committed(_metadata, c));
	EXPECT_EQ(base.pages + 8, pages_now());
	/* One write commits exactly one page. */
	cm[3 * PAGE] = 1;
	EXPECT_EQ(1u, npages_committed(_metadata, c));
	EXPECT_EQ(base.pages + 9, pages_now());
	unmap_vmo(_metadata, (void *)cm, len);
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/* A child at an offset maps the right parent pages. */
TEST(offset_child_mapping)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 8 * PAGE, 0), c;
	uint8_t *cm, *m2;
	int i;

	for (i = 0; i < 8; i++)
		fill_page(_metadata, p, i, 0x10 + i);
	c = snap(_metadata, p, 5 * PAGE, 4 * PAGE);	/* p[5..7], then zeros */
	cm = map_vmo(_metadata, c, RW, 0, 4 * PAGE);
	EXPECT_MEM(cm, PAGE, 0x15);
	EXPECT_MEM(cm + PAGE, PAGE, 0x16);
	EXPECT_MEM(cm + 2 * PAGE, PAGE, 0x17);
	EXPECT_MEM(cm + 3 * PAGE, PAGE, 0);
	memset(cm + PAGE, 0x26, PAGE);
	memset(cm + 3 * PAGE, 0x28, PAGE);
	expect_page(_metadata, p, 6, 0x16);
	expect_page(_metadata, c, 1, 0x26);
	expect_page(_metadata, c, 3, 0x28);
	/* Mapping at an offset into the child. */
	m2 = map_vmo(_metadata, c, ZX_VM_PERM_READ, 2 * PAGE, 2 * PAGE);
	EXPECT_MEM(m2, PAGE, 0x17);
	EXPECT_MEM(m2 + PAGE, PAGE, 0x28);
	unmap_vmo(_metadata, m2, 2 * PAGE);
	unmap_vmo(_metadata, cm, 4 * PAGE);
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/* MAP_PRIVATE of a child: private copies touch neither VMO. */
TEST(private_mapping_of_child)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 2 * PAGE, 0), c;
	uint8_t *m;

	fill(_metadata, p, 0, 2 * PAGE, 0x11);
	c = snap(_metadata, p, 0, 2 * PAGE);
	m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, (int)c, 0);
	ASSERT_NE(MAP_FAILED, m);
	EXPECT_MEM(m, 2 * PAGE, 0x11);
	memset(m, 0x99, PAGE);
	expect_bytes(_metadata, c, 0, 2 * PAGE, 0x11);
	expect_bytes(_metadata, p, 0, 2 * PAGE, 0x11);
	/* The unwritten page still follows the child. */
	fill_page(_metadata, c, 1, 0x98);
	EXPECT_MEM(m + PAGE, PAGE, 0x98);
	EXPECT_MEM(m, PAGE, 0x99);
	ASSERT_EQ(0, munmap(m, 2 * PAGE));
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/* A mapped child that is snapshotted again: its later writes stay its own. */
TEST(snapshot_of_mapped_child)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 2 * PAGE, 0), c, g;
	uint8_t *cm, *gm;

	fill(_metadata, p, 0, 2 * PAGE, 0x11);
	c = snap(_metadata, p, 0, 2 * PAGE);
	cm = map_vmo(_metadata, c, RW, 0, 2 * PAGE);
	memset(cm, 0x22, PAGE);			/* c owns page 0, mapped writable */
	g = snap(_metadata, c, 0, 2 * PAGE);
	gm = map_vmo(_metadata, g, RW, 0, 2 * PAGE);
	memset(cm, 0x33, PAGE);			/* must fault and copy again */
	memset(gm + PAGE, 0x44, PAGE);
	EXPECT_MEM(gm, PAGE, 0x22);
	EXPECT_MEM(cm + PAGE, PAGE, 0x11);
	EXPECT_MEM(cm, PAGE, 0x33);
	expect_page(_metadata, g, 0, 0x22);
	expect_page(_metadata, p, 0, 0x11);
	expect_page(_metadata, p, 1, 0x11);
	/* The parent's writes reach nobody below. */
	fill(_metadata, p, 0, 2 * PAGE, 0x55);
	EXPECT_MEM(cm + PAGE, PAGE, 0x11);
	EXPECT_MEM(gm + PAGE, PAGE, 0x44);
	unmap_vmo(_metadata, cm, 2 * PAGE);
	unmap_vmo(_metadata, gm, 2 * PAGE);
	zx_handle_close(g);
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/* The child's mapping keeps working once the parent is closed. */
TEST(child_mapping_survives_parent_close)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), c;
	uint8_t *pm, *cm;

	pm = map_vmo(_metadata, p, RW, 0, 4 * PAGE);
	memset(pm, 0x11, 4 * PAGE);
	c = snap(_metadata, p, 0, 4 * PAGE);
	cm = map_vmo(_metadata, c, RW, 0, 4 * PAGE);
	EXPECT_MEM(cm, 4 * PAGE, 0x11);		/* read-only PTEs on originals */
	memset(pm + 2 * PAGE, 0x22, PAGE);
	unmap_vmo(_metadata, pm, 4 * PAGE);
	zx_handle_close(p);
	EXPECT_EQ(base.pages + 4, pages_now());
	memset(cm, 0x33, 4 * PAGE);		/* moves, never copies */
	EXPECT_EQ(base.pages + 4, pages_now());
	expect_bytes(_metadata, c, 0, 4 * PAGE, 0x33);
	EXPECT_EQ(4u, npages_committed(_metadata, c));
	unmap_vmo(_metadata, cm, 4 * PAGE);
	zx_handle_close(c);
	EXPECT_BASELINE(base);
}

/*
 * zx_vmo_read/zx_vmo_write whose user buffer is a (not yet faulted)
 * mapping of a relative in the same tree: the tree lock must not be held
 * across the user copy.
 */
TEST(rw_into_mapping_of_relative)
{
	BASELINE(base);
	const size_t len = 8 * PAGE;
	zx_handle_t p = vmo_new(_metadata, len, 0), c;
	uint8_t *cm, *pm, *buf = malloc(len);

	ASSERT_NE(NULL, buf);
	pattern_fill(buf, 0, len, 3);
	ASSERT_EQ(ZX_OK, zx_vmo_write(p, buf, 0, len));
	c = snap(_metadata, p, 0, len);
	cm = map_vmo(_metadata, c, RW, 0, len);
	pm = map_vmo(_metadata, p, RW, 0, len);
	/* Parent's content into the child's (untouched) mapping... */
	ASSERT_EQ(ZX_OK, zx_vmo_read(p, cm, 0, len));
	EXPECT_EQ(-1, pattern_check(cm, 0, len, 3));
	/* ...then the child's mapping as the source of a parent write. */
	pattern_fill(cm, 0, len, 4);
	ASSERT_EQ(ZX_OK, zx_vmo_write(p, cm, 0, len));
	EXPECT_EQ(-1, pattern_check(pm, 0, len, 4));
	/* A VMO read into a mapping of itself, across a snapshot. */
	ASSERT_EQ(ZX_OK, zx_vmo_read(c, cm + PAGE, 0, PAGE));
	EXPECT_EQ(-1, pattern_check(cm + PAGE, 0, PAGE, 4));
	/* The child's mapping into the parent's mapping via pread. */
	ASSERT_EQ((ssize_t)len, pread((int)c, pm, len, 0));
	memset(buf, 0, len);
	ASSERT_EQ(ZX_OK, zx_vmo_read(p, buf, 0, len));
	EXPECT_EQ(0, memcmp(buf, cm, len));
	unmap_vmo(_metadata, cm, len);
	unmap_vmo(_metadata, pm, len);
	zx_handle_close(c);
	zx_handle_close(p);
	free(buf);
	EXPECT_BASELINE(base);
}

/* Many snapshots of a VMO whose mapping is written between them. */
TEST(repeated_snapshots_of_written_mapping)
{
	BASELINE(base);
	const int n = 20;
	zx_handle_t p = vmo_new(_metadata, 2 * PAGE, 0), c[20];
	volatile uint8_t *pm = map_vmo(_metadata, p, RW, 0, 2 * PAGE);
	int i;

	for (i = 0; i < n; i++) {
		pm[0] = (uint8_t)i;
		pm[PAGE + 1] = (uint8_t)(100 + i);
		c[i] = snap(_metadata, p, 0, 2 * PAGE);
	}
	pm[0] = 0xff;
	for (i = 0; i < n; i++) {
		expect_bytes(_metadata, c[i], 0, 1, (uint8_t)i);
		expect_bytes(_metadata, c[i], PAGE + 1, 1, (uint8_t)(100 + i));
	}
	EXPECT_EQ(0xff, pm[0]);
	EXPECT_EQ(100 + n - 1, pm[PAGE + 1]);
	/* Every version is distinct: 2 per snapshot plus the parent's 0. */
	EXPECT_EQ(base.pages + 2 * n + 1, pages_now());
	for (i = 0; i < n; i++)
		zx_handle_close(c[i]);
	EXPECT_EQ(base.pages + 2, pages_now());
	unmap_vmo(_metadata, (void *)pm, 2 * PAGE);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

TEST_HARNESS_MAIN
