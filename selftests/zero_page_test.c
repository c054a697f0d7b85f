// SPDX-License-Identifier: GPL-2.0
/*
 * Read faults of uncommitted pages map a zero page (the module's own) and
 * commit nothing; the first write commits exactly that page and every mapping of
 * the VMO sees it (issue #4).
 */
#include "op_range_helpers.h"

#define SZ (8 * PAGE)

TEST(read_fault_commits_nothing)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, SZ, 0);
	uint8_t *rw = map_vmo(_metadata, h, RW, 0, SZ);
	uint8_t *ro = map_vmo(_metadata, h, ZX_VM_PERM_READ, 0, SZ);

	EXPECT_TRUE(all_zero(rw, SZ));
	EXPECT_TRUE(all_zero(ro, SZ));
	EXPECT_EQ(0u, committed(_metadata, h));
	EXPECT_EQ(base.pages, pages_now());
	/* Again, after the PTEs exist. */
	EXPECT_TRUE(all_zero(rw, SZ));
	EXPECT_EQ(0u, committed(_metadata, h));
	unmap_vmo(_metadata, ro, SZ);
	unmap_vmo(_metadata, rw, SZ);
	EXPECT_EQ(0u, committed(_metadata, h));
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* Also through read(2)-style paths that fault the mapping from the kernel. */
TEST(kernel_read_of_mapping_commits_nothing)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, SZ, 0);
	zx_handle_t other = vmo_new(_metadata, SZ, 0);
	uint8_t *m = map_vmo(_metadata, h, RW, 0, SZ);

	/* zx_vmo_write() from the mapping: the kernel reads the zero page. */
	EXPECT_EQ(ZX_OK, zx_vmo_write(other, m, 0, SZ));
	EXPECT_EQ(0u, committed(_metadata, h));
	EXPECT_EQ(SZ, committed(_metadata, other));
	expect_bytes(_metadata, other, 0, SZ, 0);
	EXPECT_EQ(base.pages + 8, pages_now());
	unmap_vmo(_metadata, m, SZ);
	zx_handle_close(other);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

TEST(first_write_commits_exactly_that_page)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, SZ, 0);
	uint8_t *m = map_vmo(_metadata, h, RW, 0, SZ);

	EXPECT_TRUE(all_zero(m, SZ));
	m[3 * PAGE + 17] = 0x9a;
	EXPECT_EQ(PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 1, pages_now());
	expect_bytes(_metadata, h, 3 * PAGE, 17, 0);
	expect_bytes(_metadata, h, 3 * PAGE + 17, 1, 0x9a);
	expect_bytes(_metadata, h, 3 * PAGE + 18, PAGE - 18, 0);
	EXPECT_TRUE(all_zero(m, 3 * PAGE));
	EXPECT_TRUE(all_zero(m + 4 * PAGE, 4 * PAGE));
	/* More writes to the same page commit nothing more. */
	m[3 * PAGE] = 1;
	m[4 * PAGE - 1] = 2;
	EXPECT_EQ(PAGE, committed(_metadata, h));
	/* A write to a page never read commits that page only. */
	m[6 * PAGE] = 3;
	EXPECT_EQ(2 * PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 2, pages_now());
	unmap_vmo(_metadata, m, SZ);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* Every other mapping that showed the zero page sees the write. */
TEST(write_visible_in_other_mappings)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, SZ, 0);
	zx_handle_t ro_h = dup_rights(_metadata, h, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WRITE);
	uint8_t *a = map_vmo(_metadata, h, RW, 0, SZ);
	uint8_t *b = map_vmo(_metadata, h, RW, 0, SZ);
	uint8_t *c = map_vmo(_metadata, ro_h, ZX_VM_PERM_READ, 0, SZ);
	uint8_t *d = map_vmo(_metadata, h, ZX_VM_PERM_READ, 2 * PAGE, 2 * PAGE);
	uint8_t *p = mmap_vmo(_metadata, h, PROT_READ, MAP_PRIVATE, 0, SZ);

	EXPECT_TRUE(all_zero(a, SZ));
	EXPECT_TRUE(all_zero(b, SZ));
	EXPECT_TRUE(all_zero(c, SZ));
	EXPECT_TRUE(all_zero(d, 2 * PAGE));
	EXPECT_TRUE(all_zero(p, SZ));
	EXPECT_EQ(0u, committed(_metadata, h));

	a[2 * PAGE + 1] = 0x41;
	EXPECT_EQ(0x41, b[2 * PAGE + 1]);
	EXPECT_EQ(0x41, c[2 * PAGE + 1]);
	EXPECT_EQ(0x41, d[1]);
	/* A private mapping not yet written follows the VMO too. */
	EXPECT_EQ(0x41, p[2 * PAGE + 1]);
	EXPECT_EQ(PAGE, committed(_metadata, h));

	b[5 * PAGE] = 0x42;
	EXPECT_EQ(0x42, a[5 * PAGE]);
	EXPECT_EQ(0x42, c[5 * PAGE]);
	EXPECT_EQ(0x42, p[5 * PAGE]);
	EXPECT_EQ(2 * PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 2, pages_now());

	munmap(p, SZ);
	unmap_vmo(_metadata, d, 2 * PAGE);
	unmap_vmo(_metadata, c, SZ);
	unmap_vmo(_metadata, b, SZ);
	unmap_vmo(_metadata, a, SZ);
	zx_handle_close(ro_h);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* A slice's mapping and the parent's mapping see each other's writes. */
TEST(write_visible_in_slice_mapping)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, SZ, 0);
	zx_handle_t s = slice(_metadata, h, 2 * PAGE, 4 * PAGE);	/* pages 2..5 */
	uint8_t *mp = map_vmo(_metadata, h, RW, 0, SZ);
	uint8_t *ms = map_vmo(_metadata, s, RW, 0, 4 * PAGE);

	EXPECT_TRUE(all_zero(mp, SZ));
	EXPECT_TRUE(all_zero(ms, 4 * PAGE));
	EXPECT_EQ(0u, committed(_metadata, h));

	mp[3 * PAGE + 9] = 0x51;
	EXPECT_EQ(0x51, ms[PAGE + 9]);
	EXPECT_EQ(PAGE, committed(_metadata, h));

	ms[3 * PAGE] = 0x52;	/* parent page 5 */
	EXPECT_EQ(0x52, mp[5 * PAGE]);
	EXPECT_EQ(2 * PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 2, pages_now());
	expect_bytes(_metadata, h, 5 * PAGE, 1, 0x52);
	expect_bytes(_metadata, s, PAGE + 9, 1, 0x51);

	unmap_vmo(_metadata, ms, 4 * PAGE);
	unmap_vmo(_metadata, mp, SZ);
	zx_handle_close(s);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* zx_vmo_write() after a read fault: the mapping shows the new data. */
TEST(vmo_write_after_read_fault_visible)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, SZ, 0);
	uint8_t *m = map_vmo(_metadata, h, ZX_VM_PERM_READ, 0, SZ);
	uint8_t *s = map_vmo(_metadata, h, RW, 0, SZ);
	uint8_t b = 0x61;

	EXPECT_TRUE(all_zero(m, SZ));
	EXPECT_TRUE(all_zero(s, SZ));
	fill(_metadata, h, PAGE, PAGE, 0x60);
	EXPECT_MEM(m + PAGE, PAGE, 0x60);
	EXPECT_MEM(s + PAGE, PAGE, 0x60);
	EXPECT_EQ(PAGE, committed(_metadata, h));
	/* pwrite(2) as well. */
	EXPECT_EQ(1, pwrite((int)h, &b, 1, 4 * PAGE + 3));
	EXPECT_EQ(0x61, m[4 * PAGE + 3]);
	EXPECT_EQ(0x61, s[4 * PAGE + 3]);
	/* COMMIT after a read fault; then a write shows. */
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_COMMIT, 6 * PAGE, PAGE));
	EXPECT_TRUE(all_zero(m + 6 * PAGE, PAGE));
	fill(_metadata, h, 6 * PAGE, 8, 0x62);
	EXPECT_MEM(m + 6 * PAGE, 8, 0x62);
	EXPECT_EQ(3 * PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 3, pages_now());
	unmap_vmo(_metadata, s, SZ);
	unmap_vmo(_metadata, m, SZ);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* MAP_PRIVATE: reading then writing never commits in the VMO. */
TEST(private_read_then_write_no_commit)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, SZ, 0);
	uint8_t *p = mmap_vmo(_metadata, h, PROT_READ | PROT_WRITE, MAP_PRIVATE, 0, SZ);

	EXPECT_TRUE(all_zero(p, SZ));
	EXPECT_EQ(0u, committed(_metadata, h));
	p[PAGE] = 0x71;
	p[3 * PAGE + 100] = 0x72;
	EXPECT_EQ(0x71, p[PAGE]);
	EXPECT_EQ(0x72, p[3 * PAGE + 100]);
	/* A write to a page never read. */
	p[7 * PAGE] = 0x73;
	EXPECT_EQ(0x73, p[7 * PAGE]);
	EXPECT_EQ(0u, committed(_metadata, h));
	EXPECT_EQ(base.pages, pages_now());
	expect_bytes(_metadata, h, 0, SZ, 0);
	/* The private copy stays private after the VMO is written. */
	fill(_metadata, h, PAGE, PAGE, 0x74);
	EXPECT_EQ(0x71, p[PAGE]);
	EXPECT_EQ(0, p[PAGE + 1]);
	EXPECT_EQ(0, p[2 * PAGE - 1]);
	/* A page only read privately follows the VMO. */
	fill(_metadata, h, 2 * PAGE, PAGE, 0x75);
	EXPECT_MEM(p + 2 * PAGE, PAGE, 0x75);
	EXPECT_EQ(0, munmap(p, SZ));
	EXPECT_EQ(2 * PAGE, committed(_metadata, h));
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* A read fault in a snapshot shows the parent's page without committing. */
TEST(snapshot_read_fault_commits_nothing)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0);
	zx_handle_t c;
	uint8_t *m;

	fill_page(_metadata, p, 1, 0x81);
	c = snap(_metadata, p, 0, 4 * PAGE);
	m = map_vmo(_metadata, c, RW, 0, 4 * PAGE);
	EXPECT_MEM(m, PAGE, 0);
	EXPECT_MEM(m + PAGE, PAGE, 0x81);
	EXPECT_MEM(m + 2 * PAGE, 2 * PAGE, 0);
	EXPECT_EQ(0u, committed(_metadata, c));
	EXPECT_EQ(PAGE, committed(_metadata, p));
	EXPECT_EQ(base.pages + 1, pages_now());
	/* The first write copies exactly that page into the child. */
	m[PAGE] = 0x82;
	m[2 * PAGE] = 0x83;
	EXPECT_EQ(2 * PAGE, committed(_metadata, c));
	EXPECT_EQ(PAGE, committed(_metadata, p));
	EXPECT_EQ(base.pages + 3, pages_now());
	expect_page(_metadata, p, 1, 0x81);
	expect_bytes(_metadata, c, PAGE, 1, 0x82);
	expect_bytes(_metadata, c, PAGE + 1, PAGE - 1, 0x81);
	unmap_vmo(_metadata, m, 4 * PAGE);
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

TEST_HARNESS_MAIN
