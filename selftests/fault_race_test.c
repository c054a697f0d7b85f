// SPDX-License-Identifier: GPL-2.0
/*
 * Faults without the tree lock (module/fault.c): the number of faults a
 * first write and a sequential read take, which pages fault-around maps
 * (mincore(2) shows the PTEs; on the locked path also ancestors' pages and
 * the zero page), exact bytes after each way of taking ancestors' pages
 * mapped around away, and mapped bytes that are always the VMO's while
 * other threads decommit, zero, resize, snapshot and close children,
 * never a page the VMO no longer holds.
 */
#include "cow_helpers.h"

#include <stdatomic.h>
#include <sys/resource.h>

#define AROUND	16		/* pages fault-around maps: fault.c */
#define SPAN	(2ul << 20)	/* one page table's reach on x86-64 */

static long minflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

/*
 * Map @len bytes of @h at an address aligned to SPAN (so fault-around
 * blocks start at the mapping's first page), shared, with @prot.
 */
static uint8_t *map_aligned(struct __test_metadata *_metadata, zx_handle_t h,
			    size_t len, int prot)
{
	uint8_t *area, *at, *m;

	area = mmap(NULL, len + SPAN, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	ASSERT_NE(MAP_FAILED, area);
	at = (uint8_t *)(((uintptr_t)area + SPAN - 1) & ~(SPAN - 1));
	m = mmap(at, len, prot, MAP_SHARED | MAP_FIXED, (int)h, 0);
	ASSERT_EQ(at, m);
	if (at > area)
		munmap(area, at - area);
	munmap(at + len, area + len + SPAN - (at + len));
	return m;
}

/* Which of the @n pages at @m have a PTE: a string of '0' and '1'. */
static void resident(struct __test_metadata *_metadata, void *m, size_t n,
		     char *out)
{
	unsigned char vec[256];
	size_t i;

	ASSERT_GE(sizeof(vec), n);
	ASSERT_EQ(0, mincore(m, n * PAGE, vec));
	for (i = 0; i < n; i++)
		out[i] = (vec[i] & 1) ? '1' : '0';
	out[n] = 0;
}

static uint8_t peek(const uint8_t *p)
{
	return *(const volatile uint8_t *)p;
}

/* --- fault counts ----------------------------------------------------- */

/* A fresh VMO: each first write through a shared mapping is one fault. */
TEST(first_write_one_fault_per_page)
{
	const size_t n = 64;
	zx_handle_t h = vmo_new(_metadata, n * PAGE, 0);
	uint8_t *m = map_aligned(_metadata, h, n * PAGE,
				 PROT_READ | PROT_WRITE);
	long before, after;
	size_t i;

	before = minflt();
	for (i = 0; i < n; i++)
		m[i * PAGE] = (uint8_t)(i + 1);
	after = minflt();
	EXPECT_EQ((long)n, after - before);
	EXPECT_EQ(n, npages_committed(_metadata, h));
	for (i = 0; i < n; i++)
		EXPECT_EQ((uint8_t)(i + 1), peek(m + i * PAGE));
	munmap(m, n * PAGE);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

/*
 * A snapshot's first write copies the parent's page in the same single
 * fault; the parent keeps its bytes.
 */
TEST(first_write_of_snapshot_one_fault_per_page)
{
	const size_t n = 32;
	zx_handle_t p = vmo_new(_metadata, n * PAGE, 0);
	zx_handle_t c;
	long before, after;
	uint8_t *m;
	size_t i;

	fill(_metadata, p, 0, n * PAGE, 0x11);
	c = snap(_metadata, p, 0, n * PAGE);
	m = map_aligned(_metadata, c, n * PAGE, PROT_READ | PROT_WRITE);
	before = minflt();
	for (i = 0; i < n; i++)
		m[i * PAGE] = 0x22;
	after = minflt();
	EXPECT_EQ((long)n, after - before);
	for (i = 0; i < n; i++) {
		EXPECT_EQ(0x22, peek(m + i * PAGE));
		EXPECT_EQ(0x11, peek(m + i * PAGE + 1));
		expect_page(_metadata, p, i, 0x11);
	}
	EXPECT_EQ(n, npages_committed(_metadata, c));
	munmap(m, n * PAGE);
	EXPECT_EQ(ZX_OK, zx_handle_close(c));
	EXPECT_EQ(ZX_OK, zx_handle_close(p));
}

/*
 * Reading a committed VMO maps AROUND pages per fault, read-only in a
 * shared writable mapping: the first write to each is one more fault.
 */
TEST(sequential_read_faults_around)
{
	const size_t n = 64;
	zx_handle_t h = vmo_new(_metadata, n * PAGE, 0);
	uint8_t *m;
	long before, after;
	size_t i;

	for (i = 0; i < n; i++)
		fill(_metadata, h, i * PAGE, PAGE, (uint8_t)(i + 1));
	m = map_aligned(_metadata, h, n * PAGE, PROT_READ | PROT_WRITE);
	before = minflt();
	for (i = 0; i < n; i++)
		EXPECT_EQ((uint8_t)(i + 1), peek(m + i * PAGE));
	after = minflt();
	EXPECT_EQ((long)(n / AROUND), after - before);

	before = minflt();
	for (i = 0; i < n; i++)
		m[i * PAGE] = 0x5a;
	after = minflt();
	EXPECT_EQ((long)n, after - before);
	expect_bytes(_metadata, h, 0, 1, 0x5a);
	munmap(m, n * PAGE);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

/* --- what fault-around maps ------------------------------------------- */

/*
 * Fault-around stays in the fault's block.  Without the tree lock a fault
 * maps the leaf's pages only; one that takes it (a hole, or no page table
 * yet) maps what a read fault at each neighbour would: the zero page at
 * the holes too.
 */
TEST(fault_around_maps_the_block_and_no_further)
{
	const size_t n = 48;
	zx_handle_t h = vmo_new(_metadata, n * PAGE, 0);
	char got[64], want[64];
	uint8_t *m;
	size_t i;

	for (i = 0; i < 32; i += 2)
		fill(_metadata, h, i * PAGE, PAGE, (uint8_t)(i + 1));
	m = map_aligned(_metadata, h, n * PAGE, PROT_READ);
	/* A hole, locked: its block, and a page table for the others. */
	EXPECT_EQ(0, peek(m + 40 * PAGE));
	for (i = 0; i < n; i++)
		want[i] = i >= 2 * AROUND ? '1' : '0';
	want[n] = 0;
	resident(_metadata, m, n, got);
	EXPECT_STREQ(want, got);

	/* The leaf's page, without the lock: the leaf's pages around. */
	EXPECT_EQ(1, peek(m));
	for (i = 0; i < AROUND; i += 2)
		want[i] = '1';
	resident(_metadata, m, n, got);
	EXPECT_STREQ(want, got);

	/* A hole between the leaf's pages: zero pages and committed ones. */
	EXPECT_EQ(0, peek(m + 17 * PAGE));
	for (i = AROUND; i < 2 * AROUND; i++)
		want[i] = '1';
	resident(_metadata, m, n, got);
	EXPECT_STREQ(want, got);
	for (i = 0; i < 2 * AROUND; i++)
		EXPECT_EQ(i % 2 ? 0 : (uint8_t)(i + 1), peek(m + i * PAGE));
	/* Nothing was committed by reading. */
	EXPECT_EQ(16u, npages_committed(_metadata, h));
	munmap(m, n * PAGE);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

/* A snapshot's read fault maps its parent's pages around too. */
TEST(fault_around_maps_ancestor_pages)
{
	const size_t n = 16;
	zx_handle_t p = vmo_new(_metadata, n * PAGE, 0);
	char got[64];
	zx_handle_t c;
	uint8_t *m;
	size_t i;

	fill(_metadata, p, 0, n * PAGE, 0x11);
	c = snap(_metadata, p, 0, n * PAGE);
	fill_page(_metadata, c, 3, 0x33);
	fill_page(_metadata, c, 5, 0x55);
	m = map_aligned(_metadata, c, n * PAGE, PROT_READ);
	EXPECT_EQ(0x11, peek(m));		/* the parent's: all come along */
	resident(_metadata, m, n, got);
	EXPECT_STREQ("1111111111111111", got);
	for (i = 0; i < n; i++)
		EXPECT_EQ(i == 3 ? 0x33 : i == 5 ? 0x55 : 0x11,
			  peek(m + i * PAGE + PAGE - 1));
	EXPECT_EQ(2u, npages_committed(_metadata, c));
	munmap(m, n * PAGE);
	EXPECT_EQ(ZX_OK, zx_handle_close(c));
	EXPECT_EQ(ZX_OK, zx_handle_close(p));
}

/* A slice's mapping longer than the slice: nothing past its end. */
TEST(fault_around_stops_at_the_vmo_end)
{
	const size_t n = 32;
	zx_handle_t p = vmo_new(_metadata, n * PAGE, 0);
	char got[64];
	zx_handle_t s;
	uint8_t *m;

	fill(_metadata, p, 0, n * PAGE, 0x44);
	s = slice(_metadata, p, 0, 4 * PAGE);
	m = map_aligned(_metadata, s, AROUND * PAGE, PROT_READ);
	EXPECT_EQ(0x44, peek(m + PAGE));
	resident(_metadata, m, AROUND, got);
	EXPECT_STREQ("1111000000000000", got);
	EXPECT_EQ(SIGBUS, probe_read(m + 5 * PAGE));
	resident(_metadata, m, AROUND, got);
	EXPECT_STREQ("1111000000000000", got);
	munmap(m, AROUND * PAGE);
	EXPECT_EQ(ZX_OK, zx_handle_close(s));
	EXPECT_EQ(ZX_OK, zx_handle_close(p));
}

/* A read through 100 live snapshots finds the root's bytes. */
TEST(deep_chain_read_faults)
{
	const size_t n = 8, depth = 100;
	zx_handle_t chain[101];
	char got[64];
	uint8_t *m;
	size_t i;

	chain[0] = vmo_new(_metadata, n * PAGE, 0);
	for (i = 0; i < n; i++)
		fill(_metadata, chain[0], i * PAGE, PAGE, (uint8_t)(0x80 + i));
	for (i = 1; i <= depth; i++)
		chain[i] = snap(_metadata, chain[i - 1], 0, n * PAGE);
	fill_page(_metadata, chain[depth], 6, 0x66);
	m = map_aligned(_metadata, chain[depth], n * PAGE, PROT_READ);
	EXPECT_EQ(0x80, peek(m));		/* one fault maps all eight */
	resident(_metadata, m, n, got);
	EXPECT_STREQ("11111111", got);
	for (i = 0; i < n; i++)
		EXPECT_EQ(i == 6 ? 0x66 : (uint8_t)(0x80 + i),
			  peek(m + i * PAGE + PAGE - 1));
	munmap(m, n * PAGE);
	for (i = depth + 1; i-- > 0;)
		EXPECT_EQ(ZX_OK, zx_handle_close(chain[i]));
}

/* --- ancestor pages mapped around, then taken away ------------------- */

#define ANC_PAGES	AROUND

/* The byte the root wrote to page @i before the snapshot. */
static uint8_t anc_byte(size_t i)
{
	return (uint8_t)(0x10 + i);
}

/*
 * A root VMO *@p with page i filled with anc_byte(i), a snapshot *@c of it
 * (with @options besides ZX_VMO_CHILD_SNAPSHOT) mapped shared read-write,
 * and one read fault that mapped all ANC_PAGES of the root's pages.
 */
static uint8_t *anc_setup(struct __test_metadata *_metadata, uint32_t options,
			  zx_handle_t *p, zx_handle_t *c)
{
	char got[ANC_PAGES + 1], want[ANC_PAGES + 1];
	uint8_t *m;
	size_t i;

	*p = vmo_new(_metadata, ANC_PAGES * PAGE, 0);
	for (i = 0; i < ANC_PAGES; i++)
		fill_page(_metadata, *p, i, anc_byte(i));
	*c = child_new(_metadata, *p, ZX_VMO_CHILD_SNAPSHOT | options, 0,
		       ANC_PAGES * PAGE);
	m = map_aligned(_metadata, *c, ANC_PAGES * PAGE, PROT_READ | PROT_WRITE);
	EXPECT_EQ(anc_byte(0), peek(m));
	resident(_metadata, m, ANC_PAGES, got);
	memset(want, '1', ANC_PAGES);
	want[ANC_PAGES] = 0;
	EXPECT_STREQ(want, got);
	return m;
}

/* Byte 1 of each page of @h: through @m and zx_vmo_read, both @want[i]. */
static void anc_expect(struct __test_metadata *_metadata, zx_handle_t h,
		       const uint8_t *m, const uint8_t *want)
{
	size_t i;

	for (i = 0; i < ANC_PAGES; i++) {
		EXPECT_EQ(want[i], peek(m + i * PAGE + 1)) TH_LOG("page %zu", i);
		expect_bytes(_metadata, h, i * PAGE + 1, 1, want[i]);
	}
}

/* Unmap @m and close @c, then @p. */
static void anc_done(struct __test_metadata *_metadata, uint8_t *m,
		     zx_handle_t c, zx_handle_t p)
{
	munmap(m, ANC_PAGES * PAGE);
	EXPECT_EQ(ZX_OK, zx_handle_close(c));
	EXPECT_EQ(ZX_OK, zx_handle_close(p));
}

static void anc_want_root(uint8_t *want)
{
	size_t i;

	for (i = 0; i < ANC_PAGES; i++)
		want[i] = anc_byte(i);
}

/* Copy-on-write in the parent, by zx_vmo_write and through a mapping. */
TEST(around_then_parent_writes)
{
	uint8_t want[ANC_PAGES], *m, *pm;
	zx_handle_t p, c;

	m = anc_setup(_metadata, 0, &p, &c);
	pm = map_aligned(_metadata, p, ANC_PAGES * PAGE, PROT_READ | PROT_WRITE);
	EXPECT_EQ(anc_byte(5), peek(pm + 5 * PAGE));	/* the parent's around */
	fill_page(_metadata, p, 2, 0xa2);
	pm[3 * PAGE + 1] = 0xa3;
	EXPECT_EQ(0xa2, peek(pm + 2 * PAGE + 1));
	EXPECT_EQ(0xa3, peek(pm + 3 * PAGE + 1));
	anc_want_root(want);
	anc_expect(_metadata, c, m, want);
	munmap(pm, ANC_PAGES * PAGE);
	anc_done(_metadata, m, c, p);
}

/* Copy-on-write in the child: its mapping shows its own copy at once. */
TEST(around_then_child_writes)
{
	uint8_t want[ANC_PAGES], *m;
	zx_handle_t p, c;

	m = anc_setup(_metadata, 0, &p, &c);
	fill_page(_metadata, c, 2, 0xc2);
	m[4 * PAGE + 1] = 0xc4;
	anc_want_root(want);
	want[2] = 0xc2;
	want[4] = 0xc4;
	anc_expect(_metadata, c, m, want);
	anc_want_root(want);
	expect_bytes(_metadata, p, 2 * PAGE + 1, 1, want[2]);
	expect_bytes(_metadata, p, 4 * PAGE + 1, 1, want[4]);
	anc_done(_metadata, m, c, p);
}

/* ZX_VMO_OP_ZERO in the child hides the parent's pages. */
TEST(around_then_child_zeroes)
{
	uint8_t want[ANC_PAGES], *m;
	zx_handle_t p, c;

	m = anc_setup(_metadata, 0, &p, &c);
	ASSERT_EQ(ZX_OK, zx_vmo_op_range(c, ZX_VMO_OP_ZERO, 4 * PAGE, 8 * PAGE,
					 NULL, 0));
	anc_want_root(want);
	memset(want + 4, 0, 8);
	anc_expect(_metadata, c, m, want);
	anc_done(_metadata, m, c, p);
}

/*
 * The parent (the child's sibling under the hidden node) writes and
 * closes: the hidden node merges into the child, whose pages can then be
 * decommitted.
 */
TEST(around_then_sibling_close_and_decommit)
{
	uint8_t want[ANC_PAGES], *m;
	zx_handle_t p, c;

	m = anc_setup(_metadata, 0, &p, &c);
	fill_page(_metadata, p, 6, 0xa6);
	EXPECT_EQ(ZX_OK, zx_handle_close(p));
	anc_want_root(want);
	anc_expect(_metadata, c, m, want);
	m[7 * PAGE + 1] = 0xc7;
	want[7] = 0xc7;
	anc_expect(_metadata, c, m, want);
	ASSERT_EQ(ZX_OK, zx_vmo_op_range(c, ZX_VMO_OP_DECOMMIT, 0, 8 * PAGE,
					 NULL, 0));
	memset(want, 0, 8);
	anc_expect(_metadata, c, m, want);
	EXPECT_EQ(8u, npages_committed(_metadata, c));
	munmap(m, ANC_PAGES * PAGE);
	EXPECT_EQ(ZX_OK, zx_handle_close(c));
}

/* The same from the parent's side: its child closes. */
TEST(around_then_child_close)
{
	uint8_t want[ANC_PAGES], *m, *pm;
	zx_handle_t p, c;

	m = anc_setup(_metadata, 0, &p, &c);
	pm = map_aligned(_metadata, p, ANC_PAGES * PAGE, PROT_READ | PROT_WRITE);
	EXPECT_EQ(anc_byte(0), peek(pm));
	m[1 * PAGE + 1] = 0xc1;
	munmap(m, ANC_PAGES * PAGE);
	EXPECT_EQ(ZX_OK, zx_handle_close(c));
	anc_want_root(want);
	anc_expect(_metadata, p, pm, want);
	pm[9 * PAGE + 1] = 0xa9;
	want[9] = 0xa9;
	anc_expect(_metadata, p, pm, want);
	munmap(pm, ANC_PAGES * PAGE);
	EXPECT_EQ(ZX_OK, zx_handle_close(p));
}

/* Shrinking the child cuts it off its parent's pages: zeros after growing. */
TEST(around_then_child_resizes)
{
	uint8_t want[ANC_PAGES], *m;
	zx_handle_t p, c;

	m = anc_setup(_metadata, ZX_VMO_CHILD_RESIZABLE, &p, &c);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(c, 4 * PAGE));
	EXPECT_EQ(SIGBUS, probe_read(m + 5 * PAGE));
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(c, ANC_PAGES * PAGE));
	anc_want_root(want);
	memset(want + 4, 0, ANC_PAGES - 4);
	anc_expect(_metadata, c, m, want);
	anc_done(_metadata, m, c, p);
}

/* A snapshot of the child: each side's writes stay its own. */
TEST(around_then_snapshot_of_child)
{
	uint8_t want[ANC_PAGES], *m, *sm;
	zx_handle_t p, c, s;

	m = anc_setup(_metadata, 0, &p, &c);
	m[PAGE + 1] = 0xc1;
	s = snap(_metadata, c, 0, ANC_PAGES * PAGE);
	sm = map_aligned(_metadata, s, ANC_PAGES * PAGE, PROT_READ | PROT_WRITE);
	EXPECT_EQ(0xc1, peek(sm + PAGE + 1));		/* maps around s's chain */
	fill_page(_metadata, c, 2, 0xc2);
	m[3 * PAGE + 1] = 0xc3;
	fill_page(_metadata, s, 4, 0xe4);
	sm[5 * PAGE + 1] = 0xe5;
	anc_want_root(want);
	want[1] = 0xc1;
	want[2] = 0xc2;
	want[3] = 0xc3;
	anc_expect(_metadata, c, m, want);
	want[2] = anc_byte(2);
	want[3] = anc_byte(3);
	want[4] = 0xe4;
	want[5] = 0xe5;
	anc_expect(_metadata, s, sm, want);
	munmap(sm, ANC_PAGES * PAGE);
	EXPECT_EQ(ZX_OK, zx_handle_close(s));
	want[2] = 0xc2;
	want[3] = 0xc3;
	want[4] = anc_byte(4);
	want[5] = anc_byte(5);
	anc_expect(_metadata, c, m, want);
	anc_done(_metadata, m, c, p);
}

/* Zero pages mapped around: a commit by zx_vmo_write shows at once. */
TEST(around_zero_pages_then_write)
{
	const size_t n = AROUND;
	zx_handle_t h = vmo_new(_metadata, n * PAGE, 0);
	char got[AROUND + 1];
	uint8_t *m;

	m = map_aligned(_metadata, h, n * PAGE, PROT_READ | PROT_WRITE);
	EXPECT_EQ(0, peek(m));
	resident(_metadata, m, n, got);
	EXPECT_STREQ("1111111111111111", got);
	EXPECT_EQ(0u, npages_committed(_metadata, h));
	fill_page(_metadata, h, 3, 0x33);
	m[5 * PAGE] = 0x55;
	EXPECT_EQ(0x33, peek(m + 3 * PAGE));
	EXPECT_EQ(0x55, peek(m + 5 * PAGE));
	EXPECT_EQ(0, peek(m + 4 * PAGE));
	EXPECT_EQ(2u, npages_committed(_metadata, h));
	munmap(m, n * PAGE);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

/*
 * Write-notify after mprotect(2): pages written through the mapping
 * (dirty PTEs) and made read-only, then shared with a snapshot.  If the
 * snapshot only write-protected those PTEs instead of zapping them,
 * mprotect(PROT_WRITE) would make the dirty ones writable again (the core
 * does so for shared mappings) and the next write would land in the page
 * the snapshot shares.  The first block is read again (fault-around maps
 * the ancestor's pages read-only) before the upgrade, the second is not.
 */
TEST(snapshot_of_dirty_mapping_then_mprotect_writes_copy)
{
	const size_t n = 2 * AROUND;
	zx_handle_t p = vmo_new(_metadata, n * PAGE, 0), c;
	char got[2 * AROUND + 1];
	uint8_t *m;
	size_t i;

	m = map_aligned(_metadata, p, n * PAGE, PROT_READ | PROT_WRITE);
	for (i = 0; i < n; i++)
		m[i * PAGE] = (uint8_t)(0x40 + i);
	ASSERT_EQ(0, mprotect(m, n * PAGE, PROT_READ));
	c = snap(_metadata, p, 0, n * PAGE);
	EXPECT_EQ(0x40, peek(m));
	resident(_metadata, m, n, got);
	EXPECT_STREQ("11111111111111110000000000000000", got);
	ASSERT_EQ(0, mprotect(m, n * PAGE, PROT_READ | PROT_WRITE));
	m[4 * PAGE] = 0xa4;
	m[20 * PAGE] = 0xb4;
	for (i = 0; i < n; i++) {
		uint8_t want = (uint8_t)(0x40 + i);

		expect_bytes(_metadata, c, i * PAGE, 1, want);
		EXPECT_EQ(i == 4 ? 0xa4 : i == 20 ? 0xb4 : want, peek(m + i * PAGE));
	}
	/* Two copies for the parent; the shared pages are the child's now. */
	EXPECT_EQ(n, npages_committed(_metadata, p));
	EXPECT_EQ(2u, npages_committed(_metadata, c));
	munmap(m, n * PAGE);
	EXPECT_EQ(ZX_OK, zx_handle_close(c));
	EXPECT_EQ(ZX_OK, zx_handle_close(p));
}

/*
 * A private mapping of a snapshot: fault-around maps the ancestor's pages
 * (read-only), and writes through it copy into anonymous memory, never
 * into the VMO, its parent, or the pages the parent's mapping shows.
 */
TEST(around_in_private_mapping_writes_stay_private)
{
	uint8_t want[ANC_PAGES], *m, *pm;
	char got[ANC_PAGES + 1];
	zx_handle_t p, c;
	size_t i;

	p = vmo_new(_metadata, ANC_PAGES * PAGE, 0);
	for (i = 0; i < ANC_PAGES; i++)
		fill_page(_metadata, p, i, anc_byte(i));
	c = snap(_metadata, p, 0, ANC_PAGES * PAGE);
	pm = map_aligned(_metadata, p, ANC_PAGES * PAGE, PROT_READ);
	m = mmap(NULL, ANC_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, (int)c, 0);
	ASSERT_NE(MAP_FAILED, m);
	for (i = 0; i < ANC_PAGES; i++)
		EXPECT_EQ(anc_byte(i), peek(m + i * PAGE + 1));
	EXPECT_EQ(anc_byte(0), peek(pm));
	m[3 * PAGE + 1] = 0xe3;
	m[9 * PAGE + 1] = 0xe9;
	EXPECT_EQ(0xe3, peek(m + 3 * PAGE + 1));
	anc_want_root(want);
	anc_expect(_metadata, c, pm, want);
	anc_expect(_metadata, p, pm, want);
	EXPECT_EQ(0u, npages_committed(_metadata, c));
	resident(_metadata, pm, ANC_PAGES, got);
	EXPECT_STREQ("1111111111111111", got);
	munmap(m, ANC_PAGES * PAGE);
	munmap(pm, ANC_PAGES * PAGE);
	EXPECT_EQ(ZX_OK, zx_handle_close(c));
	EXPECT_EQ(ZX_OK, zx_handle_close(p));
}

/* --- races ------------------------------------------------------------ */

#define RACE_PAGES	64
#define RACE_READERS	2
#define RACE_BLOCK	8

enum change { DECOMMIT, ZERO, RESIZE };

/*
 * Child races: the racing VMO is a snapshot; its parent and a snapshot of
 * it write words with these bits, which the VMO must never show.
 */
#define RACE_PARENT	0x80000000u
#define RACE_SIBLING	0x40000000u
#define RACE_RELATIVE	(RACE_PARENT | RACE_SIBLING)

/*
 * Readers check every word they read through the mapping: page p's first
 * word is the round that last wrote it, and done[p] the round that last
 * took its page away (published after the call returned).  A word older
 * than done[p] and not 0 comes from a PTE that outlived its page.
 */
struct race {
	zx_handle_t h;
	zx_handle_t parent;		/* child races: @h's parent */
	const uint8_t *map;		/* the readers' */
	uint8_t *wmap;			/* the writer's */
	atomic_uint done[RACE_PAGES];
	atomic_bool stop;
	atomic_long stale, reads;
};

static __thread sigjmp_buf race_env;

static void race_sigbus(int sig)
{
	siglongjmp(race_env, sig);
}

/*
 * Drop every PTE, fault the pages back (16 a fault) and read them a few
 * times: a stale PTE stays until the next drop, so a later pass sees it.
 */
static void *race_reader(void *arg)
{
	struct race *r = arg;
	volatile unsigned int p, pass;
	unsigned int done, v;

	while (!atomic_load(&r->stop)) {
		madvise((void *)r->map, RACE_PAGES * PAGE, MADV_DONTNEED);
		for (pass = 0; pass < 4; pass++) {
			for (p = 0; p < RACE_PAGES; p++) {
				done = atomic_load(&r->done[p]);
				if (sigsetjmp(race_env, 1))
					continue;	/* past the end: resized */
				v = *(const volatile uint32_t *)(r->map +
								 p * PAGE);
				if ((v && v < done) || (v & RACE_RELATIVE))
					atomic_fetch_add(&r->stale, 1);
				atomic_fetch_add(&r->reads, 1);
			}
		}
	}
	return NULL;
}

/* Write word @v to page @p of @h. */
static void race_mark(struct __test_metadata *_metadata, zx_handle_t h,
		      unsigned int p, uint32_t v)
{
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, &v, (uint64_t)p * PAGE, sizeof(v)));
}

/*
 * Take the pages of block @round away, then write @round to them through
 * the writer's mapping (first-write faults racing the readers' faults).
 */
static void race_change(struct __test_metadata *_metadata, struct race *r,
			enum change how, unsigned int round)
{
	unsigned int first = round % (RACE_PAGES / RACE_BLOCK) * RACE_BLOCK;
	zx_handle_t sib = ZX_HANDLE_INVALID;
	unsigned int i;

	/* A snapshot of a child makes all its pages an ancestor's. */
	if (r->parent != ZX_HANDLE_INVALID)
		sib = snap(_metadata, r->h, 0, RACE_PAGES * PAGE);
	switch (how) {
	case DECOMMIT:
		ASSERT_EQ(ZX_OK, zx_vmo_op_range(r->h, ZX_VMO_OP_DECOMMIT,
						 first * PAGE,
						 RACE_BLOCK * PAGE, NULL, 0));
		break;
	case ZERO:
		ASSERT_EQ(ZX_OK, zx_vmo_op_range(r->h, ZX_VMO_OP_ZERO,
						 first * PAGE,
						 RACE_BLOCK * PAGE, NULL, 0));
		break;
	case RESIZE:
		ASSERT_EQ(ZX_OK, zx_vmo_set_size(r->h, first * PAGE));
		ASSERT_EQ(ZX_OK, zx_vmo_set_size(r->h, RACE_PAGES * PAGE));
		break;
	}
	/*
	 * One aligned 4-byte store each (zx_vmo_write copies byte by byte: a
	 * reader mapping the fresh page could see a torn, smaller word).
	 */
	for (i = 0; i < RACE_BLOCK; i++) {
		atomic_store(&r->done[first + i], round);
		*(volatile uint32_t *)(r->wmap + (first + i) * PAGE) = round;
	}
	if (sib == ZX_HANDLE_INVALID)
		return;
	/* Copy-on-write in the parent and the sibling, then a merge. */
	race_mark(_metadata, r->parent, first, RACE_PARENT | round);
	race_mark(_metadata, sib, first + 1, RACE_SIBLING | round);
	ASSERT_EQ(ZX_OK, zx_handle_close(sib));
}

/*
 * @child: race a snapshot of the VMO holding the first words, whose pages
 * are all its parent's at first and again after each round's snapshot.
 */
static void race_run(struct __test_metadata *_metadata, enum change how,
		     bool child)
{
	const unsigned int rounds = debug_kernel() ? 300 : 1500;
	struct race *r = calloc(1, sizeof(*r));
	pthread_t readers[RACE_READERS];
	struct sigaction sa = { .sa_handler = race_sigbus };
	unsigned int round, i;

	ASSERT_NE(NULL, r);
	sigemptyset(&sa.sa_mask);
	ASSERT_EQ(0, sigaction(SIGBUS, &sa, NULL));
	r->h = vmo_new(_metadata, RACE_PAGES * PAGE,
		       how == RESIZE && !child ? ZX_VMO_RESIZABLE : 0);
	for (round = 1; round <= RACE_PAGES; round++)
		race_mark(_metadata, r->h, round - 1, round);
	r->parent = ZX_HANDLE_INVALID;
	if (child) {
		r->parent = r->h;
		r->h = child_new(_metadata, r->parent, ZX_VMO_CHILD_SNAPSHOT |
				 (how == RESIZE ? ZX_VMO_CHILD_RESIZABLE : 0),
				 0, RACE_PAGES * PAGE);
	}
	r->map = mmap(NULL, RACE_PAGES * PAGE, PROT_READ, MAP_SHARED,
		      (int)r->h, 0);
	ASSERT_NE(MAP_FAILED, r->map);
	r->wmap = mmap(NULL, RACE_PAGES * PAGE, PROT_READ | PROT_WRITE,
		       MAP_SHARED, (int)r->h, 0);
	ASSERT_NE(MAP_FAILED, r->wmap);
	for (i = 0; i < RACE_READERS; i++)
		ASSERT_EQ(0, pthread_create(&readers[i], NULL, race_reader, r));
	for (round = RACE_PAGES + 1; round <= RACE_PAGES + rounds; round++)
		race_change(_metadata, r, how, round);
	atomic_store(&r->stop, true);
	for (i = 0; i < RACE_READERS; i++)
		pthread_join(readers[i], NULL);
	TH_LOG("%ld reads", atomic_load(&r->reads));
	EXPECT_EQ(0, atomic_load(&r->stale));
	EXPECT_LT(0, atomic_load(&r->reads));
	munmap((void *)r->map, RACE_PAGES * PAGE);
	munmap(r->wmap, RACE_PAGES * PAGE);
	EXPECT_EQ(ZX_OK, zx_handle_close(r->h));
	if (child)
		EXPECT_EQ(ZX_OK, zx_handle_close(r->parent));
	free(r);
}

/* The race tests take longer than the default timeout under TCG. */
FIXTURE(race) {
	int unused;
};

FIXTURE_SETUP(race) {}
FIXTURE_TEARDOWN(race) {}

TEST_F_TIMEOUT(race, reads_race_decommit, 600)
{
	race_run(_metadata, DECOMMIT, false);
}

TEST_F_TIMEOUT(race, reads_race_zero, 600)
{
	race_run(_metadata, ZERO, false);
}

TEST_F_TIMEOUT(race, reads_race_resize, 600)
{
	race_run(_metadata, RESIZE, false);
}

/*
 * The same on a snapshot whose read faults map its ancestors' pages
 * around: each round also snapshots it, copies on write in its parent
 * and in that sibling, and closes the sibling (a merge).
 */
TEST_F_TIMEOUT(race, child_reads_race_zero, 600)
{
	race_run(_metadata, ZERO, true);
}

TEST_F_TIMEOUT(race, child_reads_race_resize, 600)
{
	race_run(_metadata, RESIZE, true);
}

/*
 * Threads keep writing a VMO through a shared mapping (first writes and
 * writes after each snapshot's zap) while snapshots are taken and closed:
 * a snapshot's bytes never change after it was taken, and the parent's
 * last writes are all there.
 */
struct scribble {
	uint8_t *map;
	size_t first, pages;
	atomic_bool *stop;
	uint32_t last;
};

static void *scribbler(void *arg)
{
	struct scribble *s = arg;
	uint32_t v = 0;
	size_t i;

	do {
		v++;
		for (i = s->first; i < s->first + s->pages; i++)
			*(volatile uint32_t *)(s->map + i * PAGE) = v;
	} while (!atomic_load(s->stop));
	/* A last whole pass after the main thread's last change. */
	v++;
	for (i = s->first; i < s->first + s->pages; i++)
		*(volatile uint32_t *)(s->map + i * PAGE) = v;
	s->last = v;
	return NULL;
}

TEST_F_TIMEOUT(race, snapshots_race_writes, 600)
{
	const size_t n = 32;
	const int rounds = debug_kernel() ? 50 : 200;
	zx_handle_t p = vmo_new(_metadata, n * PAGE, 0);
	struct scribble s[2];
	atomic_bool stop = false;
	uint32_t a[32], b[32];
	pthread_t t[2];
	zx_handle_t c;
	uint8_t *m;
	size_t i;
	int k;

	m = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, (int)p, 0);
	ASSERT_NE(MAP_FAILED, m);
	for (i = 0; i < 2; i++) {
		s[i] = (struct scribble){ m, i * n / 2, n / 2, &stop, 0 };
		ASSERT_EQ(0, pthread_create(&t[i], NULL, scribbler, &s[i]));
	}
	for (k = 0; k < rounds; k++) {
		c = snap(_metadata, p, 0, n * PAGE);
		for (i = 0; i < n; i++)
			ASSERT_EQ(ZX_OK, zx_vmo_read(c, &a[i], i * PAGE, 4));
		usleep(200);
		for (i = 0; i < n; i++)
			ASSERT_EQ(ZX_OK, zx_vmo_read(c, &b[i], i * PAGE, 4));
		for (i = 0; i < n; i++)
			ASSERT_EQ(a[i], b[i]) TH_LOG("round %d page %zu", k, i);
		/* Every other round: decommit what the parent wrote. */
		if (k % 2)
			ASSERT_EQ(ZX_OK, zx_vmo_op_range(p, ZX_VMO_OP_ZERO, 0,
							 n * PAGE, NULL, 0));
		EXPECT_EQ(ZX_OK, zx_handle_close(c));
	}
	atomic_store(&stop, true);
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < n; i++) {
		ASSERT_EQ(ZX_OK, zx_vmo_read(p, &a[i], i * PAGE, 4));
		EXPECT_EQ(s[i / (n / 2)].last, a[i]);
	}
	munmap(m, n * PAGE);
	EXPECT_EQ(ZX_OK, zx_handle_close(p));
}

/*
 * Readers fault a VMO's pages again and again while snapshots of it are
 * made, written (so that the VMO's leaf owns few pages) and closed: the
 * hidden node merges back, sometimes becoming the VMO's leaf while the
 * old leaf is freed.  The bytes never change.
 */
struct steady {
	const uint8_t *map;
	size_t pages;
	atomic_bool *stop;
	long bad, reads;
};

static void *steady_reader(void *arg)
{
	struct steady *s = arg;
	size_t i;

	while (!atomic_load(s->stop)) {
		for (i = 0; i < s->pages; i++) {
			if (peek(s->map + i * PAGE + 7) != (uint8_t)(i + 1))
				s->bad++;
			s->reads++;
		}
		madvise((void *)s->map, s->pages * PAGE, MADV_DONTNEED);
	}
	return NULL;
}

TEST_F_TIMEOUT(race, reads_race_snapshot_close, 600)
{
	const size_t n = 64;
	const int rounds = debug_kernel() ? 50 : 250;
	zx_handle_t p = vmo_new(_metadata, n * PAGE, 0);
	struct steady s[2];
	atomic_bool stop = false;
	pthread_t t[2];
	zx_handle_t c;
	uint8_t *m;
	size_t i;
	int k;

	for (i = 0; i < n; i++)
		fill(_metadata, p, i * PAGE, PAGE, (uint8_t)(i + 1));
	m = mmap(NULL, n * PAGE, PROT_READ, MAP_SHARED, (int)p, 0);
	ASSERT_NE(MAP_FAILED, m);
	for (i = 0; i < 2; i++) {
		s[i] = (struct steady){ m, n, &stop, 0, 0 };
		ASSERT_EQ(0, pthread_create(&t[i], NULL, steady_reader, &s[i]));
	}
	for (k = 0; k < rounds; k++) {
		c = snap(_metadata, p, 0, n * PAGE);
		/* The same bytes again: the parent's leaf owns that page. */
		fill_page(_metadata, p, k % n, (uint8_t)(k % n + 1));
		if (k % 3)
			fill_page(_metadata, c, 0, 0xee);
		EXPECT_EQ(ZX_OK, zx_handle_close(c));
	}
	atomic_store(&stop, true);
	for (i = 0; i < 2; i++) {
		pthread_join(t[i], NULL);
		EXPECT_EQ(0, s[i].bad);
		EXPECT_LT(0, s[i].reads);
	}
	for (i = 0; i < n; i++)
		expect_page(_metadata, p, i, (uint8_t)(i + 1));
	munmap(m, n * PAGE);
	EXPECT_EQ(ZX_OK, zx_handle_close(p));
}

TEST_HARNESS_MAIN
