// SPDX-License-Identifier: GPL-2.0
/*
 * ZX_INFO_VMO's attribution fields with today's Zircon meaning (RFC-0254):
 * populated_bytes counts every committed page a VMO can see, its own and
 * its ancestors' (RSS); *_private_bytes those no other VMO sees (USS);
 * *_scaled_bytes each page divided equally among the VMOs that see it
 * (PSS), the fraction of a byte in *_fractional_scaled_bytes as 63-bit
 * fixed point.  committed_bytes keeps the seed's one-owner charging.
 * Slices and references are attributed nothing and share nothing.
 */
#include "cow_helpers.h"

#define ONE_BYTE (1ull << 63)

struct attr {
	uint64_t committed, populated, priv, scaled, frac;
};

/* Zircon's FractionalBytes of @pages pages, each seen by @n VMOs. */
static struct attr shared_pages(uint64_t pages, uint64_t n)
{
	struct attr a = { 0, pages * PAGE, n == 1 ? pages * PAGE : 0, 0, 0 };
	uint64_t i;

	for (i = 0; i < pages; i++) {
		a.scaled += PAGE / n;
		a.frac += (ONE_BYTE / n) * (PAGE % n);
		if (a.frac >= ONE_BYTE) {
			a.frac -= ONE_BYTE;
			a.scaled++;
		}
	}
	return a;
}

/* @a plus @b, fractions carried. */
static struct attr attr_sum(struct attr a, struct attr b)
{
	a.committed += b.committed;
	a.populated += b.populated;
	a.priv += b.priv;
	a.scaled += b.scaled;
	a.frac += b.frac;
	if (a.frac >= ONE_BYTE) {
		a.frac -= ONE_BYTE;
		a.scaled++;
	}
	return a;
}

static struct attr with_committed(struct attr a, uint64_t pages)
{
	a.committed = pages * PAGE;
	return a;
}

/* Every attribution field of @h against @want; committed_* = populated_*. */
static void expect_attr(struct __test_metadata *_metadata, zx_handle_t h,
			struct attr want, int line)
{
	zx_info_vmo_t i = vmo_info(_metadata, h);
	int passed = _metadata->passed;

	EXPECT_EQ(want.committed, i.committed_bytes);
	EXPECT_EQ(want.populated, i.populated_bytes);
	EXPECT_EQ(want.priv, i.populated_private_bytes);
	EXPECT_EQ(want.priv, i.committed_private_bytes);
	EXPECT_EQ(want.scaled, i.populated_scaled_bytes);
	EXPECT_EQ(want.scaled, i.committed_scaled_bytes);
	EXPECT_EQ(want.frac, i.populated_fractional_scaled_bytes);
	EXPECT_EQ(want.frac, i.committed_fractional_scaled_bytes);
	if (passed && !_metadata->passed)
		TH_LOG("the attribution checked at line %d", line);
}

#define EXPECT_ATTR(h, want) expect_attr(_metadata, h, want, __LINE__)

static void write_page(struct __test_metadata *_metadata, zx_handle_t h,
		       uint64_t page, uint8_t byte)
{
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, &byte, page * PAGE, 1));
}

static zx_handle_t written_vmo(struct __test_metadata *_metadata,
			       uint64_t pages, uint32_t options)
{
	zx_handle_t h = vmo_new(_metadata, pages * PAGE, options);
	uint64_t p;

	for (p = 0; p < pages; p++)
		write_page(_metadata, h, p, (uint8_t)(p + 1));
	return h;
}

static const struct attr none = { 0, 0, 0, 0, 0 };

TEST(single_vmo_all_private)
{
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);

	EXPECT_ATTR(h, none);
	write_page(_metadata, h, 0, 1);
	write_page(_metadata, h, 2, 1);
	EXPECT_ATTR(h, with_committed(shared_pages(2, 1), 2));
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(h, ZX_VMO_OP_DECOMMIT, 2 * PAGE, PAGE, NULL, 0));
	EXPECT_ATTR(h, with_committed(shared_pages(1, 1), 1));
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(h, ZX_VMO_OP_COMMIT, 0, 4 * PAGE, NULL, 0));
	EXPECT_ATTR(h, with_committed(shared_pages(4, 1), 4));
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(h, ZX_VMO_OP_ZERO, 0, 2 * PAGE, NULL, 0));
	EXPECT_ATTR(h, with_committed(shared_pages(2, 1), 2));
	zx_handle_close(h);
}

/* Two VMOs see two pages: each is attributed one page's worth. */
TEST(snapshot_halves)
{
	zx_handle_t p = written_vmo(_metadata, 2, 0);
	zx_handle_t c = snap(_metadata, p, 0, 2 * PAGE);
	struct attr half = shared_pages(2, 2);

	EXPECT_EQ(PAGE, half.scaled);
	EXPECT_EQ(0u, half.priv);
	/* committed_bytes: the seed's, every page charged to the original. */
	EXPECT_ATTR(p, with_committed(half, 2));
	EXPECT_ATTR(c, with_committed(half, 0));
	zx_handle_close(c);
	EXPECT_ATTR(p, with_committed(shared_pages(2, 1), 2));
	zx_handle_close(p);
}

/* Copy-on-write writes make pages private on both sides. */
TEST(cow_writes)
{
	zx_handle_t p = written_vmo(_metadata, 2, 0);
	zx_handle_t c = snap(_metadata, p, 0, 2 * PAGE);

	/* The child's page 0 is its own; the parent alone sees the old one. */
	write_page(_metadata, c, 0, 9);
	EXPECT_ATTR(p, with_committed(attr_sum(shared_pages(1, 1), shared_pages(1, 2)), 2));
	EXPECT_ATTR(c, with_committed(attr_sum(shared_pages(1, 1), shared_pages(1, 2)), 1));
	EXPECT_EQ(PAGE + PAGE / 2, vmo_info(_metadata, c).populated_scaled_bytes);

	/* Now page 1 too, from the parent's side: nothing is shared. */
	write_page(_metadata, p, 1, 9);
	EXPECT_ATTR(p, with_committed(shared_pages(2, 1), 2));
	EXPECT_ATTR(c, with_committed(shared_pages(2, 1), 2));
	/* A second write changes nothing. */
	write_page(_metadata, c, 0, 10);
	EXPECT_ATTR(c, with_committed(shared_pages(2, 1), 2));
	zx_handle_close(c);
	zx_handle_close(p);
}

/* One page, three VMOs: a third each, the fraction exactly Zircon's. */
TEST(three_share_a_page)
{
	zx_handle_t p = written_vmo(_metadata, 1, 0);
	zx_handle_t c1 = snap(_metadata, p, 0, PAGE);
	zx_handle_t c2 = snap(_metadata, c1, 0, PAGE);
	struct attr third = shared_pages(1, 3);

	if (PAGE == 4096) {
		EXPECT_EQ(1365u, third.scaled);
		EXPECT_EQ(0x2AAAAAAAAAAAAAAAull, third.frac);
	}
	EXPECT_ATTR(p, with_committed(third, 1));
	EXPECT_ATTR(c1, with_committed(third, 0));
	EXPECT_ATTR(c2, with_committed(third, 0));

	/* c2 writes: the old page is shared by two, c2's own is private. */
	write_page(_metadata, c2, 0, 7);
	EXPECT_ATTR(p, with_committed(shared_pages(1, 2), 1));
	EXPECT_ATTR(c1, with_committed(shared_pages(1, 2), 0));
	EXPECT_ATTR(c2, with_committed(shared_pages(1, 1), 1));
	zx_handle_close(c2);
	zx_handle_close(c1);
	zx_handle_close(p);
}

/* Four pages shared by three: the fractions carry into a whole byte. */
TEST(fraction_carries)
{
	zx_handle_t p = written_vmo(_metadata, 4, 0);
	zx_handle_t c1 = snap(_metadata, p, 0, 4 * PAGE);
	zx_handle_t c2 = snap(_metadata, p, 0, 4 * PAGE);
	struct attr want = shared_pages(4, 3), total = none;
	zx_handle_t all[3] = { p, c1, c2 };
	zx_info_vmo_t i;
	int k;

	if (PAGE == 4096) {
		EXPECT_EQ(4 * 1365u + 1, want.scaled);
		EXPECT_EQ(0x2AAAAAAAAAAAAAA8ull, want.frac);
	}
	EXPECT_ATTR(p, with_committed(want, 4));
	EXPECT_ATTR(c1, with_committed(want, 0));
	EXPECT_ATTR(c2, with_committed(want, 0));
	/* The shares add up to the pages, short of the truncated fractions. */
	for (k = 0; k < 3; k++) {
		struct attr a;

		i = vmo_info(_metadata, all[k]);
		a = (struct attr){ 0, 0, 0, i.populated_scaled_bytes,
				   i.populated_fractional_scaled_bytes };
		total = attr_sum(total, a);
	}
	EXPECT_EQ(4 * PAGE - 1, total.scaled);
	EXPECT_LT(ONE_BYTE - 64, total.frac);
	zx_handle_close(c2);
	zx_handle_close(c1);
	zx_handle_close(p);
}

/* Slices and references: attributed nothing, and no share of the pages. */
TEST(slice_and_reference)
{
	zx_handle_t p = written_vmo(_metadata, 2, 0), s, r, c;

	s = child_new(_metadata, p, ZX_VMO_CHILD_SLICE, 0, PAGE);
	r = child_new(_metadata, p, ZX_VMO_CHILD_REFERENCE, 0, 0);
	EXPECT_ATTR(s, none);
	EXPECT_ATTR(r, none);
	EXPECT_ATTR(p, with_committed(shared_pages(2, 1), 2));

	/* A snapshot halves the root's pages; the slice still counts nothing. */
	c = snap(_metadata, p, 0, 2 * PAGE);
	EXPECT_ATTR(p, with_committed(shared_pages(2, 2), 2));
	EXPECT_ATTR(c, with_committed(shared_pages(2, 2), 0));
	EXPECT_ATTR(s, none);
	EXPECT_ATTR(r, none);
	/* Writing through the slice is the root writing. */
	write_page(_metadata, s, 0, 5);
	EXPECT_ATTR(p, with_committed(attr_sum(shared_pages(1, 1), shared_pages(1, 2)), 2));
	EXPECT_ATTR(s, none);
	zx_handle_close(c);
	zx_handle_close(r);
	zx_handle_close(s);
	zx_handle_close(p);
}

/* A child's window: the parent's pages outside it stay private. */
TEST(window_outside_is_private)
{
	zx_handle_t p = written_vmo(_metadata, 4, 0);
	zx_handle_t c = snap(_metadata, p, 2 * PAGE, 2 * PAGE);

	EXPECT_ATTR(p, with_committed(attr_sum(shared_pages(2, 1), shared_pages(2, 2)), 4));
	EXPECT_ATTR(c, with_committed(shared_pages(2, 2), 0));
	zx_handle_close(c);
	zx_handle_close(p);
}

/* Zeroing hides shared pages from one side; shrinking stops seeing them. */
TEST(zero_and_shrink)
{
	zx_handle_t p = written_vmo(_metadata, 4, 0), c;

	c = child_new(_metadata, p, ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_RESIZABLE, 0,
		      4 * PAGE);
	EXPECT_ATTR(c, with_committed(shared_pages(4, 2), 0));

	/* Decommit is refused while pages are shared (nothing changes). */
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_vmo_op_range(c, ZX_VMO_OP_DECOMMIT, 0, PAGE, NULL, 0));
	EXPECT_ATTR(c, with_committed(shared_pages(4, 2), 0));

	/* ZERO of page 1 in the child: the parent alone sees it now. */
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(c, ZX_VMO_OP_ZERO, PAGE, PAGE, NULL, 0));
	EXPECT_ATTR(c, with_committed(shared_pages(3, 2), 0));
	EXPECT_ATTR(p, with_committed(attr_sum(shared_pages(1, 1), shared_pages(3, 2)), 4));

	/* The child shrinks to one page, then grows: it sees page 0 only. */
	EXPECT_EQ(ZX_OK, zx_vmo_set_size(c, PAGE));
	EXPECT_ATTR(c, with_committed(shared_pages(1, 2), 0));
	EXPECT_ATTR(p, with_committed(attr_sum(shared_pages(3, 1), shared_pages(1, 2)), 4));
	EXPECT_EQ(ZX_OK, zx_vmo_set_size(c, 4 * PAGE));
	EXPECT_ATTR(c, with_committed(shared_pages(1, 2), 0));

	/* The child's own pages beyond are private to it. */
	write_page(_metadata, c, 3, 1);
	EXPECT_ATTR(c, with_committed(attr_sum(shared_pages(1, 1), shared_pages(1, 2)), 1));

	/* Gone: the parent has everything to itself again. */
	zx_handle_close(c);
	EXPECT_ATTR(p, with_committed(shared_pages(4, 1), 4));
	zx_handle_close(p);
}

/* The committed_bytes of a tree still add up to its pages (the seed's rule). */
TEST(committed_stays_one_owner)
{
	zx_handle_t p = written_vmo(_metadata, 3, 0);
	zx_handle_t c = snap(_metadata, p, 0, 3 * PAGE);
	zx_handle_t g = snap(_metadata, c, PAGE, 2 * PAGE);
	long before = pages_now();

	write_page(_metadata, g, 0, 3);		/* a copy of page 1 */
	EXPECT_EQ(before + 1, pages_now());
	EXPECT_EQ(3 * PAGE, committed(_metadata, p));
	EXPECT_EQ(0u, committed(_metadata, c));
	EXPECT_EQ(PAGE, committed(_metadata, g));
	/* Page 0: p, c; page 1: p, c (g has its own); page 2: all three. */
	EXPECT_ATTR(p, with_committed(attr_sum(shared_pages(2, 2), shared_pages(1, 3)), 3));
	EXPECT_ATTR(c, with_committed(attr_sum(shared_pages(2, 2), shared_pages(1, 3)), 0));
	EXPECT_ATTR(g, with_committed(attr_sum(shared_pages(1, 1), shared_pages(1, 3)), 1));
	zx_handle_close(g);
	zx_handle_close(c);
	zx_handle_close(p);
}

TEST_HARNESS_MAIN
