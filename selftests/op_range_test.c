// SPDX-License-Identifier: GPL-2.0
/*
 * zx_vmo_op_range(): COMMIT, DECOMMIT, ZERO, the cache ops, the hints,
 * rights per op, unknown ops and range checks (issue #4).  Discardable
 * LOCK/TRY_LOCK/UNLOCK live in discard_test.c.
 *
 * Every test checks exact statuses, exact bytes, exact committed_bytes and
 * that the module's page counter is back at its start after cleanup.
 */
#include "op_range_helpers.h"

/* ---- COMMIT ------------------------------------------------------------ */

TEST(commit_commits_exact_pages)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 8 * PAGE, 0);

	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_COMMIT, PAGE, 2 * PAGE));
	EXPECT_EQ(2 * PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 2, pages_now());
	/* An unaligned range commits every page it touches. */
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_COMMIT, 5 * PAGE + 10, 100));
	EXPECT_EQ(3 * PAGE, committed(_metadata, h));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_COMMIT, 7 * PAGE - 1, 2));
	EXPECT_EQ(5 * PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 5, pages_now());
	/* Committing again commits nothing new. */
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_COMMIT, PAGE, 2 * PAGE));
	EXPECT_EQ(5 * PAGE, committed(_metadata, h));
	/* Size 0 commits nothing, even at the end. */
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_COMMIT, 0, 0));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_COMMIT, 8 * PAGE, 0));
	EXPECT_EQ(5 * PAGE, committed(_metadata, h));
	/* Committed pages read zero. */
	expect_bytes(_metadata, h, 0, 8 * PAGE, 0);
	EXPECT_EQ(base.pages + 5, pages_now());
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

TEST(commit_keeps_data)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);

	fill_page(_metadata, h, 1, 0x11);
	fill(_metadata, h, 3 * PAGE + 7, 9, 0x33);
	EXPECT_EQ(2 * PAGE, committed(_metadata, h));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_COMMIT, 0, 4 * PAGE));
	EXPECT_EQ(4 * PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 4, pages_now());
	expect_page(_metadata, h, 0, 0);
	expect_page(_metadata, h, 1, 0x11);
	expect_page(_metadata, h, 2, 0);
	expect_bytes(_metadata, h, 3 * PAGE, 7, 0);
	expect_bytes(_metadata, h, 3 * PAGE + 7, 9, 0x33);
	expect_bytes(_metadata, h, 3 * PAGE + 16, PAGE - 16, 0);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

TEST(commit_out_of_range_commits_nothing)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);

	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_COMMIT, 0, 5 * PAGE));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_COMMIT, 3 * PAGE, PAGE + 1));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_COMMIT, 4 * PAGE, 1));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_COMMIT, 4 * PAGE + 1, 0));
	EXPECT_EQ(0u, committed(_metadata, h));
	EXPECT_EQ(base.pages, pages_now());
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/*
 * The spec (vmo_create_child Notes): COMMIT on a child commits pages with
 * the content of the parent's pages; uncommitted parent pages become zero
 * pages of the child.  The child's committed bytes grow, the parent's not.
 */
TEST(commit_in_snapshot_child_copies_parent)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0);
	zx_handle_t c;

	fill_page(_metadata, p, 0, 0xa0);
	fill_page(_metadata, p, 1, 0xa1);
	c = snap(_metadata, p, 0, 4 * PAGE);
	EXPECT_EQ(2 * PAGE, committed(_metadata, p));
	EXPECT_EQ(0u, committed(_metadata, c));
	EXPECT_EQ(base.pages + 2, pages_now());

	EXPECT_EQ(ZX_OK, op(c, ZX_VMO_OP_COMMIT, 0, 4 * PAGE));
	EXPECT_EQ(4 * PAGE, committed(_metadata, c));
	EXPECT_EQ(2 * PAGE, committed(_metadata, p));
	EXPECT_EQ(base.pages + 6, pages_now());
	expect_page(_metadata, c, 0, 0xa0);
	expect_page(_metadata, c, 1, 0xa1);
	expect_page(_metadata, c, 2, 0);
	expect_page(_metadata, c, 3, 0);

	/* They are the child's own copies now: the parent writes don't show. */
	fill_page(_metadata, p, 0, 0xee);
	fill_page(_metadata, p, 2, 0xef);
	expect_page(_metadata, c, 0, 0xa0);
	expect_page(_metadata, c, 2, 0);
	expect_page(_metadata, p, 0, 0xee);
	expect_page(_metadata, p, 1, 0xa1);
	EXPECT_EQ(4 * PAGE, committed(_metadata, c));
	EXPECT_EQ(3 * PAGE, committed(_metadata, p));
	EXPECT_EQ(base.pages + 7, pages_now());

	zx_handle_close(c);
	EXPECT_EQ(3 * PAGE, committed(_metadata, p));
	EXPECT_EQ(base.pages + 3, pages_now());
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/* A partial COMMIT of a child at an offset copies exactly what it sees. */
TEST(commit_in_snapshot_child_at_offset)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 6 * PAGE, 0);
	zx_handle_t c;
	int i;

	for (i = 0; i < 6; i++)
		fill_page(_metadata, p, i, 0x40 + i);
	c = snap(_metadata, p, 2 * PAGE, 3 * PAGE);
	EXPECT_EQ(ZX_OK, op(c, ZX_VMO_OP_COMMIT, PAGE + 1, 1));
	EXPECT_EQ(PAGE, committed(_metadata, c));
	EXPECT_EQ(6 * PAGE, committed(_metadata, p));
	EXPECT_EQ(base.pages + 7, pages_now());
	expect_page(_metadata, c, 0, 0x42);
	expect_page(_metadata, c, 1, 0x43);
	expect_page(_metadata, c, 2, 0x44);
	zx_handle_close(p);
	zx_handle_close(c);
	EXPECT_BASELINE(base);
}

/* COMMIT through a slice commits the parent's pages in the window. */
TEST(commit_through_slice)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 8 * PAGE, 0);
	zx_handle_t s = slice(_metadata, p, 2 * PAGE, 4 * PAGE);

	EXPECT_EQ(ZX_OK, op(s, ZX_VMO_OP_COMMIT, PAGE, 2 * PAGE));
	EXPECT_EQ(2 * PAGE, committed(_metadata, p));
	EXPECT_EQ(base.pages + 2, pages_now());
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(s, ZX_VMO_OP_COMMIT, 0, 5 * PAGE));
	EXPECT_EQ(2 * PAGE, committed(_metadata, p));
	/* They are pages 3 and 4 of the parent. */
	fill_page(_metadata, s, 1, 0x31);
	expect_page(_metadata, p, 3, 0x31);
	EXPECT_EQ(2 * PAGE, committed(_metadata, p));
	zx_handle_close(s);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/* ---- DECOMMIT ---------------------------------------------------------- */

TEST(decommit_frees_pages)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 8 * PAGE, 0);
	int i;

	for (i = 0; i < 8; i++)
		fill_page(_metadata, h, i, 0x80 + i);
	EXPECT_EQ(base.pages + 8, pages_now());
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_DECOMMIT, 2 * PAGE, 3 * PAGE));
	EXPECT_EQ(5 * PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 5, pages_now());
	for (i = 0; i < 8; i++)
		expect_page(_metadata, h, i, i >= 2 && i < 5 ? 0 : 0x80 + i);
	/* Decommitting uncommitted pages is fine and frees nothing else. */
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_DECOMMIT, PAGE, 3 * PAGE));
	EXPECT_EQ(4 * PAGE, committed(_metadata, h));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_DECOMMIT, 0, 0));
	EXPECT_EQ(4 * PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 4, pages_now());
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

TEST(decommit_zaps_mappings)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	uint8_t *m = map_vmo(_metadata, h, RW, 0, 4 * PAGE);

	memset(m, 0x5c, 4 * PAGE);
	EXPECT_EQ(4 * PAGE, committed(_metadata, h));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_DECOMMIT, PAGE, 2 * PAGE));
	EXPECT_EQ(2 * PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 2, pages_now());
	EXPECT_MEM(m, PAGE, 0x5c);
	EXPECT_MEM(m + PAGE, 2 * PAGE, 0);
	EXPECT_MEM(m + 3 * PAGE, PAGE, 0x5c);
	/* Reading the decommitted pages through the mapping commits nothing. */
	EXPECT_EQ(2 * PAGE, committed(_metadata, h));
	/* Writing recommits exactly the page written. */
	m[PAGE + 5] = 0x77;
	EXPECT_EQ(3 * PAGE, committed(_metadata, h));
	expect_bytes(_metadata, h, PAGE + 5, 1, 0x77);
	expect_bytes(_metadata, h, PAGE, 5, 0);
	unmap_vmo(_metadata, m, 4 * PAGE);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* "Provided range must be page aligned." */
TEST(decommit_unaligned_invalid_args)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);

	fill(_metadata, h, 0, 4 * PAGE, 0x21);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, op(h, ZX_VMO_OP_DECOMMIT, 1, PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, op(h, ZX_VMO_OP_DECOMMIT, 0, PAGE + 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, op(h, ZX_VMO_OP_DECOMMIT, 0, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, op(h, ZX_VMO_OP_DECOMMIT, PAGE / 2, PAGE / 2));
	EXPECT_EQ(4 * PAGE, committed(_metadata, h));
	expect_bytes(_metadata, h, 0, 4 * PAGE, 0x21);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

TEST(decommit_offset_beyond_size_out_of_range)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);

	fill(_metadata, h, 0, 4 * PAGE, 0x22);
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_DECOMMIT, 5 * PAGE, PAGE));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_DECOMMIT, 5 * PAGE, 0));
	/* A range past the end is refused whole, even one page past it. */
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_DECOMMIT, 4 * PAGE, PAGE));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_DECOMMIT, 3 * PAGE,
					  2 * PAGE));
	/* Zero bytes at the end decommit nothing. */
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_DECOMMIT, 4 * PAGE, 0));
	EXPECT_EQ(4 * PAGE, committed(_metadata, h));
	expect_bytes(_metadata, h, 0, 4 * PAGE, 0x22);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/*
 * A range running past the end (even wrapping) is OUT_OF_RANGE and frees
 * nothing ("an invalid memory range", vmo.fidl.txt); the range inside is
 * decommitted.
 */
TEST(decommit_past_the_end_out_of_range)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 8 * PAGE, 0);
	int i;

	for (i = 0; i < 8; i++)
		fill_page(_metadata, h, i, 0x90 + i);
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  op(h, ZX_VMO_OP_DECOMMIT, 6 * PAGE, 100 * PAGE));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_DECOMMIT, 4 * PAGE,
					  UINT64_MAX - PAGE + 1));
	EXPECT_EQ(8 * PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 8, pages_now());
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_DECOMMIT, 6 * PAGE, 2 * PAGE));
	EXPECT_EQ(6 * PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 6, pages_now());
	for (i = 0; i < 8; i++)
		expect_page(_metadata, h, i, i >= 6 ? 0 : 0x90 + i);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* A VMO with a snapshot child cannot decommit (until the child is gone). */
TEST(decommit_with_snapshot_child_not_supported)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0);
	zx_handle_t c;

	fill(_metadata, p, 0, 4 * PAGE, 0x23);
	c = snap(_metadata, p, 0, 4 * PAGE);
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, op(p, ZX_VMO_OP_DECOMMIT, 0, 4 * PAGE));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, op(p, ZX_VMO_OP_DECOMMIT, PAGE, PAGE));
	EXPECT_EQ(4 * PAGE, committed(_metadata, p));
	EXPECT_EQ(base.pages + 4, pages_now());
	expect_bytes(_metadata, p, 0, 4 * PAGE, 0x23);
	expect_bytes(_metadata, c, 0, 4 * PAGE, 0x23);
	zx_handle_close(c);
	EXPECT_EQ(ZX_OK, op(p, ZX_VMO_OP_DECOMMIT, 0, 4 * PAGE));
	EXPECT_EQ(0u, committed(_metadata, p));
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

TEST(decommit_snapshot_child_not_supported)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0);
	zx_handle_t c;

	fill(_metadata, p, 0, 2 * PAGE, 0x24);
	c = snap(_metadata, p, 0, 4 * PAGE);
	fill(_metadata, c, 2 * PAGE, 2 * PAGE, 0x25);	/* the child's own */
	EXPECT_EQ(2 * PAGE, committed(_metadata, c));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, op(c, ZX_VMO_OP_DECOMMIT, 0, 4 * PAGE));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, op(c, ZX_VMO_OP_DECOMMIT, 2 * PAGE, PAGE));
	EXPECT_EQ(2 * PAGE, committed(_metadata, c));
	EXPECT_EQ(base.pages + 4, pages_now());
	expect_bytes(_metadata, c, 0, 2 * PAGE, 0x24);
	expect_bytes(_metadata, c, 2 * PAGE, 2 * PAGE, 0x25);
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/* Decommitting through a slice frees the parent's pages in that window. */
TEST(decommit_through_slice_frees_parent_pages)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 8 * PAGE, 0);
	zx_handle_t s;
	uint8_t *ms;
	int i;

	for (i = 0; i < 8; i++)
		fill_page(_metadata, p, i, 0x60 + i);
	s = slice(_metadata, p, 2 * PAGE, 4 * PAGE);	/* parent pages 2..5 */
	ms = map_vmo(_metadata, s, RW, 0, 4 * PAGE);
	EXPECT_EQ(0x63, ms[PAGE]);

	EXPECT_EQ(ZX_OK, op(s, ZX_VMO_OP_DECOMMIT, PAGE, 2 * PAGE));
	EXPECT_EQ(6 * PAGE, committed(_metadata, p));
	EXPECT_EQ(base.pages + 6, pages_now());
	for (i = 0; i < 8; i++)
		expect_page(_metadata, p, i, i == 3 || i == 4 ? 0 : 0x60 + i);
	expect_page(_metadata, s, 1, 0);
	EXPECT_MEM(ms, PAGE, 0x62);
	EXPECT_MEM(ms + PAGE, 2 * PAGE, 0);
	EXPECT_MEM(ms + 3 * PAGE, PAGE, 0x65);

	/* The range is the slice's, not the parent's: past it, nothing goes. */
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  op(s, ZX_VMO_OP_DECOMMIT, 3 * PAGE, 2 * PAGE));
	EXPECT_EQ(6 * PAGE, committed(_metadata, p));
	EXPECT_EQ(ZX_OK, op(s, ZX_VMO_OP_DECOMMIT, 3 * PAGE, PAGE));
	EXPECT_EQ(5 * PAGE, committed(_metadata, p));
	expect_page(_metadata, p, 5, 0);
	expect_page(_metadata, p, 6, 0x66);
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(s, ZX_VMO_OP_DECOMMIT, 5 * PAGE, PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, op(s, ZX_VMO_OP_DECOMMIT, 1, PAGE));
	EXPECT_EQ(5 * PAGE, committed(_metadata, p));
	EXPECT_EQ(base.pages + 5, pages_now());

	unmap_vmo(_metadata, ms, 4 * PAGE);
	zx_handle_close(s);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/* Slices of VMOs that cannot decommit cannot either. */
TEST(decommit_slice_of_cow_vmo_not_supported)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0);
	zx_handle_t c, sp, sc;

	fill(_metadata, p, 0, 4 * PAGE, 0x26);
	c = snap(_metadata, p, 0, 4 * PAGE);
	sp = slice(_metadata, p, 0, 2 * PAGE);
	sc = slice(_metadata, c, 0, 2 * PAGE);
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, op(sp, ZX_VMO_OP_DECOMMIT, 0, PAGE));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, op(sc, ZX_VMO_OP_DECOMMIT, 0, PAGE));
	expect_bytes(_metadata, p, 0, 4 * PAGE, 0x26);
	expect_bytes(_metadata, c, 0, 4 * PAGE, 0x26);
	EXPECT_EQ(4 * PAGE, committed(_metadata, p));
	zx_handle_close(sc);
	zx_handle_close(sp);
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/* ---- ZERO -------------------------------------------------------------- */

TEST(zero_unaligned_exact_bytes)
{
	BASELINE(base);
	const size_t len = 4 * PAGE;
	zx_handle_t h = vmo_new(_metadata, len, 0);
	uint8_t *buf = malloc(len), *back = malloc(len);
	const uint64_t start = 100, end = 2 * PAGE + 50;

	ASSERT_NE(NULL, buf);
	ASSERT_NE(NULL, back);
	pattern_fill(buf, 0, len, 7);
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, buf, 0, len));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_ZERO, start, end - start));
	memset(buf + start, 0, end - start);
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, back, 0, len));
	EXPECT_EQ(0, memcmp(buf, back, len));
	/* Page 1 was covered whole: freed. Pages 0 and 2 were partial. */
	EXPECT_EQ(3 * PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 3, pages_now());

	/* Inside one page: only those bytes. */
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_ZERO, 3 * PAGE + 10, 20));
	memset(buf + 3 * PAGE + 10, 0, 20);
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, back, 0, len));
	EXPECT_EQ(0, memcmp(buf, back, len));
	EXPECT_EQ(3 * PAGE, committed(_metadata, h));

	/* Up to the very end. */
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_ZERO, len - 1, 1));
	buf[len - 1] = 0;
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, back, 0, len));
	EXPECT_EQ(0, memcmp(buf, back, len));
	free(buf);
	free(back);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

TEST(zero_whole_pages_frees)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	uint8_t *m = map_vmo(_metadata, h, RW, 0, 4 * PAGE);

	fill(_metadata, h, 0, 4 * PAGE, 0x3d);
	EXPECT_EQ(0x3d, m[2 * PAGE]);
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_ZERO, PAGE, 2 * PAGE));
	EXPECT_EQ(2 * PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 2, pages_now());
	/* The mapping was zapped: it reads zero too. */
	EXPECT_MEM(m + PAGE, 2 * PAGE, 0);
	EXPECT_MEM(m, PAGE, 0x3d);
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_ZERO, 0, 4 * PAGE));
	EXPECT_EQ(0u, committed(_metadata, h));
	EXPECT_EQ(base.pages, pages_now());
	EXPECT_MEM(m, 4 * PAGE, 0);
	expect_bytes(_metadata, h, 0, 4 * PAGE, 0);
	unmap_vmo(_metadata, m, 4 * PAGE);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

TEST(zero_uncommitted_commits_nothing)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);

	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_ZERO, 0, 4 * PAGE));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_ZERO, 5, 3 * PAGE + 7));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_ZERO, PAGE + 1, 1));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_ZERO, 0, 0));
	EXPECT_EQ(0u, committed(_metadata, h));
	EXPECT_EQ(base.pages, pages_now());
	/* Partially committed: the uncommitted parts stay uncommitted. */
	fill_page(_metadata, h, 2, 0x12);
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_ZERO, 10, 2 * PAGE));
	EXPECT_EQ(PAGE, committed(_metadata, h));
	expect_bytes(_metadata, h, 2 * PAGE, 10, 0);
	expect_bytes(_metadata, h, 2 * PAGE + 10, PAGE - 10, 0x12);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

TEST(zero_out_of_range)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);

	fill(_metadata, h, 0, 4 * PAGE, 0x13);
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_ZERO, 0, 4 * PAGE + 1));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_ZERO, 4 * PAGE, 1));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_ZERO, 4 * PAGE + 1, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_ZERO, PAGE, UINT64_MAX));
	expect_bytes(_metadata, h, 0, 4 * PAGE, 0x13);
	EXPECT_EQ(4 * PAGE, committed(_metadata, h));
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/*
 * ZERO in a COW child hides the parent's pages behind zero markers: the
 * child reads zero there, the parent is unchanged, nothing is committed.
 */
TEST(zero_in_cow_child_hides_parent)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0);
	zx_handle_t c;
	int i;

	for (i = 0; i < 4; i++)
		fill_page(_metadata, p, i, 0x50 + i);
	c = snap(_metadata, p, 0, 4 * PAGE);
	EXPECT_EQ(ZX_OK, op(c, ZX_VMO_OP_ZERO, PAGE, 2 * PAGE));
	expect_page(_metadata, c, 0, 0x50);
	expect_page(_metadata, c, 1, 0);
	expect_page(_metadata, c, 2, 0);
	expect_page(_metadata, c, 3, 0x53);
	for (i = 0; i < 4; i++)
		expect_page(_metadata, p, i, 0x50 + i);
	EXPECT_EQ(0u, committed(_metadata, c));
	EXPECT_EQ(4 * PAGE, committed(_metadata, p));
	EXPECT_EQ(base.pages + 4, pages_now());

	/* Committing or writing there does not bring the parent's data back. */
	EXPECT_EQ(ZX_OK, op(c, ZX_VMO_OP_COMMIT, PAGE, PAGE));
	expect_page(_metadata, c, 1, 0);
	fill(_metadata, c, 2 * PAGE + 5, 1, 0xcc);
	expect_bytes(_metadata, c, 2 * PAGE, 5, 0);
	expect_bytes(_metadata, c, 2 * PAGE + 5, 1, 0xcc);
	expect_bytes(_metadata, c, 2 * PAGE + 6, PAGE - 6, 0);
	EXPECT_EQ(2 * PAGE, committed(_metadata, c));
	EXPECT_EQ(base.pages + 6, pages_now());
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/* A partial ZERO in a child copies the page and clears only those bytes. */
TEST(zero_in_cow_child_partial_page)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 2 * PAGE, 0);
	zx_handle_t c;

	fill(_metadata, p, 0, 2 * PAGE, 0x71);
	c = snap(_metadata, p, 0, 2 * PAGE);
	EXPECT_EQ(ZX_OK, op(c, ZX_VMO_OP_ZERO, PAGE + 10, 10));
	expect_bytes(_metadata, c, 0, PAGE + 10, 0x71);
	expect_bytes(_metadata, c, PAGE + 10, 10, 0);
	expect_bytes(_metadata, c, PAGE + 20, PAGE - 20, 0x71);
	expect_bytes(_metadata, p, 0, 2 * PAGE, 0x71);
	EXPECT_EQ(PAGE, committed(_metadata, c));
	EXPECT_EQ(2 * PAGE, committed(_metadata, p));
	EXPECT_EQ(base.pages + 3, pages_now());
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/*
 * The hidden pages stay hidden after the parent is closed and its hidden
 * node merges into the child (merge up: snapshot at offset 0 with fewer
 * pages than the parent).
 */
TEST(zero_in_cow_child_survives_parent_close)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0);
	zx_handle_t c;
	int i;

	for (i = 0; i < 4; i++)
		fill_page(_metadata, p, i, 0x50 + i);
	c = snap(_metadata, p, 0, 4 * PAGE);
	EXPECT_EQ(ZX_OK, op(c, ZX_VMO_OP_ZERO, PAGE, 2 * PAGE));
	zx_handle_close(p);
	expect_page(_metadata, c, 0, 0x50);
	expect_page(_metadata, c, 1, 0);
	expect_page(_metadata, c, 2, 0);
	expect_page(_metadata, c, 3, 0x53);
	/* The hidden pages were freed, the visible ones are the child's. */
	EXPECT_EQ(2 * PAGE, committed(_metadata, c));
	EXPECT_EQ(base.pages + 2, pages_now());
	EXPECT_EQ(ZX_OK, op(c, ZX_VMO_OP_COMMIT, 0, 4 * PAGE));
	expect_page(_metadata, c, 1, 0);
	expect_page(_metadata, c, 2, 0);
	EXPECT_EQ(4 * PAGE, committed(_metadata, c));
	zx_handle_close(c);
	EXPECT_BASELINE(base);
}

/* The same with a merge down (the child sees the parent at an offset). */
TEST(zero_in_cow_child_survives_parent_close_offset)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 6 * PAGE, 0);
	zx_handle_t c;
	uint8_t *m;
	int i;

	for (i = 0; i < 6; i++)
		fill_page(_metadata, p, i, 0x50 + i);
	c = snap(_metadata, p, PAGE, 4 * PAGE);	/* parent pages 1..4 */
	fill_page(_metadata, c, 3, 0xc3);		/* the child's own */
	EXPECT_EQ(ZX_OK, op(c, ZX_VMO_OP_ZERO, PAGE, PAGE));
	m = map_vmo(_metadata, c, ZX_VM_PERM_READ, 0, 4 * PAGE);
	EXPECT_MEM(m + PAGE, PAGE, 0);
	zx_handle_close(p);
	expect_page(_metadata, c, 0, 0x51);
	expect_page(_metadata, c, 1, 0);
	expect_page(_metadata, c, 2, 0x53);
	expect_page(_metadata, c, 3, 0xc3);
	EXPECT_MEM(m, PAGE, 0x51);
	EXPECT_MEM(m + PAGE, PAGE, 0);
	EXPECT_MEM(m + 2 * PAGE, PAGE, 0x53);
	EXPECT_EQ(3 * PAGE, committed(_metadata, c));
	EXPECT_EQ(base.pages + 3, pages_now());
	unmap_vmo(_metadata, m, 4 * PAGE);
	zx_handle_close(c);
	EXPECT_BASELINE(base);
}

/* ZERO in the parent of a snapshot: the child keeps its view. */
TEST(zero_in_cow_parent_keeps_child_view)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0);
	zx_handle_t c;

	fill(_metadata, p, 0, 4 * PAGE, 0x44);
	c = snap(_metadata, p, 0, 4 * PAGE);
	EXPECT_EQ(ZX_OK, op(p, ZX_VMO_OP_ZERO, 0, 3 * PAGE + 1));
	expect_bytes(_metadata, p, 0, 3 * PAGE + 1, 0);
	expect_bytes(_metadata, p, 3 * PAGE + 1, PAGE - 1, 0x44);
	expect_bytes(_metadata, c, 0, 4 * PAGE, 0x44);
	/* The parent owns a copy of page 3; the child now owns pages 0..2. */
	EXPECT_EQ(PAGE, committed(_metadata, p));
	EXPECT_EQ(4 * PAGE, committed(_metadata, c));
	EXPECT_EQ(base.pages + 5, pages_now());
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

TEST(zero_through_slice)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0);
	zx_handle_t s;

	fill(_metadata, p, 0, 4 * PAGE, 0x45);
	s = slice(_metadata, p, PAGE, 2 * PAGE);
	EXPECT_EQ(ZX_OK, op(s, ZX_VMO_OP_ZERO, 3, PAGE - 3 + PAGE));
	expect_bytes(_metadata, p, 0, PAGE + 3, 0x45);
	expect_bytes(_metadata, p, PAGE + 3, 2 * PAGE - 3, 0);
	expect_bytes(_metadata, p, 3 * PAGE, PAGE, 0x45);
	EXPECT_EQ(3 * PAGE, committed(_metadata, p));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(s, ZX_VMO_OP_ZERO, 0, 2 * PAGE + 1));
	expect_bytes(_metadata, p, 3 * PAGE, PAGE, 0x45);
	zx_handle_close(s);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/* ---- cache ops --------------------------------------------------------- */

TEST(cache_ops_committed_and_uncommitted)
{
	static const struct op_desc ops[] = CACHE_OPS_READ;
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	size_t i;

	fill(_metadata, h, 0, 2 * PAGE, 0x61);
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		TH_LOG("%s", ops[i].name);
		EXPECT_EQ(ZX_OK, op(h, ops[i].op, 0, 4 * PAGE));
		EXPECT_EQ(ZX_OK, op(h, ops[i].op, 0, 2 * PAGE));
		EXPECT_EQ(ZX_OK, op(h, ops[i].op, 2 * PAGE, 2 * PAGE));
		EXPECT_EQ(ZX_OK, op(h, ops[i].op, 5, 17));
		EXPECT_EQ(ZX_OK, op(h, ops[i].op, 2 * PAGE - 3, 10));
		EXPECT_EQ(ZX_OK, op(h, ops[i].op, 4 * PAGE - 1, 1));
	}
	EXPECT_EQ(2 * PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 2, pages_now());
	expect_bytes(_metadata, h, 0, 2 * PAGE, 0x61);
	expect_bytes(_metadata, h, 2 * PAGE, 2 * PAGE, 0);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* Cache ops on children: a slice (parent's pages) and a COW child. */
TEST(cache_ops_on_children)
{
	static const struct op_desc ops[] = CACHE_OPS_READ;
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0);
	zx_handle_t s, c;
	size_t i;

	fill(_metadata, p, 0, 4 * PAGE, 0x62);
	s = slice(_metadata, p, PAGE, 2 * PAGE);
	c = snap(_metadata, p, 0, 8 * PAGE);
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		TH_LOG("%s", ops[i].name);
		EXPECT_EQ(ZX_OK, op(s, ops[i].op, 0, 2 * PAGE));
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(s, ops[i].op, 0, 2 * PAGE + 1));
		EXPECT_EQ(ZX_OK, op(c, ops[i].op, 0, 8 * PAGE));
	}
	EXPECT_EQ(0u, committed(_metadata, c));
	EXPECT_EQ(4 * PAGE, committed(_metadata, p));
	EXPECT_EQ(base.pages + 4, pages_now());
	zx_handle_close(c);
	zx_handle_close(s);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/*
 * A cache op over 1 TiB that holds two pages visits only those pages: it
 * finishes at once (a page-by-page walk would take hours under TCG), in
 * the VMO and in a COW child that sees them through its parent.
 */
TEST(cache_ops_huge_sparse_range)
{
	static const struct op_desc ops[] = CACHE_OPS_READ;
	const uint64_t size = 1ull << 40;
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, size, 0), c;
	struct timespec t0, t1;
	size_t i;

	fill(_metadata, p, 0, 1, 0x63);
	fill(_metadata, p, size - 1, 1, 0x64);
	c = snap(_metadata, p, 0, size);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		TH_LOG("%s", ops[i].name);
		EXPECT_EQ(ZX_OK, op(p, ops[i].op, 0, size));
		EXPECT_EQ(ZX_OK, op(c, ops[i].op, 0, size));
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	EXPECT_GT(30, t1.tv_sec - t0.tv_sec);
	EXPECT_EQ(2 * PAGE, committed(_metadata, p));
	EXPECT_EQ(0u, committed(_metadata, c));
	EXPECT_EQ(base.pages + 2, pages_now());
	expect_bytes(_metadata, c, size - 1, 1, 0x64);
	zx_handle_close(c);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

/* "size is zero and op is a cache operation" is INVALID_ARGS. */
TEST(cache_ops_size_zero_invalid_args)
{
	static const struct op_desc ops[] = CACHE_OPS_READ;
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		TH_LOG("%s", ops[i].name);
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, op(h, ops[i].op, 0, 0));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, op(h, ops[i].op, PAGE, 0));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, op(h, ops[i].op, 4 * PAGE, 0));
	}
	zx_handle_close(h);
}

TEST(cache_ops_out_of_range)
{
	static const struct op_desc ops[] = CACHE_OPS_READ;
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		TH_LOG("%s", ops[i].name);
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ops[i].op, 0, 4 * PAGE + 1));
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ops[i].op, 4 * PAGE, 1));
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ops[i].op, 5 * PAGE, PAGE));
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
			  op(h, ops[i].op, UINT64_MAX - PAGE + 1, 2 * PAGE));
	}
	EXPECT_EQ(0u, committed(_metadata, h));
	zx_handle_close(h);
}

/* Reads the enable_cache_invalidate parameter; sets @now to @val. */
static int set_cache_invalidate(const char *val, char *old, size_t oldlen)
{
	const char *path = ZXVMO_PARAMS "/enable_cache_invalidate";

	if (old && read_file(path, old, oldlen))
		return -1;
	return write_file(path, val);
}

TEST(cache_invalidate_not_supported_by_default)
{
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	char val[16] = "";

	ASSERT_EQ(0, read_file(ZXVMO_PARAMS "/enable_cache_invalidate", val,
			       sizeof(val)));
	EXPECT_STREQ("N", val);
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, op(h, ZX_VMO_OP_CACHE_INVALIDATE, 0, PAGE));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, op(h, ZX_VMO_OP_CACHE_INVALIDATE, 0, 0));
	zx_handle_close(h);
}

TEST(cache_invalidate_when_enabled)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WRITE);
	char old[16] = "";

	fill(_metadata, h, 0, PAGE, 0x19);
	ASSERT_EQ(0, set_cache_invalidate("1", old, sizeof(old)));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_CACHE_INVALIDATE, 0, 4 * PAGE));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_CACHE_INVALIDATE, 3, 5));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, op(h, ZX_VMO_OP_CACHE_INVALIDATE, 0, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  op(h, ZX_VMO_OP_CACHE_INVALIDATE, 0, 4 * PAGE + 1));
	/* It needs ZX_RIGHT_WRITE. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, op(ro, ZX_VMO_OP_CACHE_INVALIDATE, 0, PAGE));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  op(ro, ZX_VMO_OP_CACHE_INVALIDATE, 8 * PAGE, PAGE));
	EXPECT_EQ(0, set_cache_invalidate(old, NULL, 0));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, op(h, ZX_VMO_OP_CACHE_INVALIDATE, 0, PAGE));
	EXPECT_EQ(PAGE, committed(_metadata, h));
	expect_bytes(_metadata, h, 0, PAGE, 0x19);
	zx_handle_close(ro);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* ---- hints ------------------------------------------------------------- */

TEST(hints_succeed_and_commit_nothing)
{
	static const uint32_t hints[] = { ZX_VMO_OP_DONT_NEED, ZX_VMO_OP_ALWAYS_NEED };
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	size_t i;

	fill_page(_metadata, h, 1, 0x14);
	for (i = 0; i < 2; i++) {
		TH_LOG("hint %u", hints[i]);
		EXPECT_EQ(ZX_OK, op(h, hints[i], 0, 4 * PAGE));
		EXPECT_EQ(ZX_OK, op(h, hints[i], 5, 2 * PAGE));
		EXPECT_EQ(ZX_OK, op(h, hints[i], 0, 0));
		EXPECT_EQ(ZX_OK, op(h, hints[i], 4 * PAGE, 0));
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, hints[i], 0, 4 * PAGE + 1));
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, hints[i], 4 * PAGE, 1));
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, hints[i], 5 * PAGE, 0));
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, hints[i], PAGE, UINT64_MAX));
	}
	EXPECT_EQ(PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 1, pages_now());
	expect_page(_metadata, h, 0, 0);
	expect_page(_metadata, h, 1, 0x14);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* ---- rights, unknown ops, ranges ---------------------------------------- */

TEST(rights_write_ops_need_write)
{
	static const uint32_t ops[] = {
		ZX_VMO_OP_COMMIT, ZX_VMO_OP_DECOMMIT, ZX_VMO_OP_ZERO,
	};
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WRITE);
	zx_handle_t wo = dup_rights(_metadata, h, ZX_RIGHT_WRITE);
	size_t i;

	fill(_metadata, h, 0, 2 * PAGE, 0x15);
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		TH_LOG("op %u", ops[i]);
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED, op(ro, ops[i], 0, 4 * PAGE));
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED, op(ro, ops[i], 0, 0));
		/* Rights come before the range. */
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED, op(ro, ops[i], 8 * PAGE, PAGE));
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED, op(ro, ops[i], 1, 1));
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
			  op(ro, ops[i], UINT64_MAX - PAGE + 1, 2 * PAGE));
	}
	EXPECT_EQ(2 * PAGE, committed(_metadata, h));
	expect_bytes(_metadata, h, 0, 2 * PAGE, 0x15);
	/* ZX_RIGHT_WRITE alone is enough. */
	EXPECT_EQ(ZX_OK, op(wo, ZX_VMO_OP_COMMIT, 2 * PAGE, PAGE));
	EXPECT_EQ(3 * PAGE, committed(_metadata, h));
	EXPECT_EQ(ZX_OK, op(wo, ZX_VMO_OP_ZERO, 0, PAGE));
	EXPECT_EQ(ZX_OK, op(wo, ZX_VMO_OP_DECOMMIT, PAGE, PAGE));
	EXPECT_EQ(PAGE, committed(_metadata, h));
	zx_handle_close(wo);
	zx_handle_close(ro);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

TEST(rights_cache_ops_need_read)
{
	static const struct op_desc ops[] = CACHE_OPS_READ;
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	zx_handle_t wo = dup_rights(_metadata, h, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_READ);
	zx_handle_t rd = dup_rights(_metadata, h, ZX_RIGHT_READ);
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		TH_LOG("%s", ops[i].name);
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED, op(wo, ops[i].op, 0, PAGE));
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED, op(wo, ops[i].op, 0, 0));
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED, op(wo, ops[i].op, 8 * PAGE, PAGE));
		EXPECT_EQ(ZX_OK, op(rd, ops[i].op, 0, PAGE));
	}
	zx_handle_close(rd);
	zx_handle_close(wo);
	zx_handle_close(h);
}

/* LOCK/TRY_LOCK/UNLOCK need READ or WRITE: either one is enough. */
TEST(rights_lock_ops_need_read_or_write)
{
	static const uint32_t ops[] = {
		ZX_VMO_OP_LOCK, ZX_VMO_OP_TRY_LOCK, ZX_VMO_OP_UNLOCK,
	};
	zx_handle_t d = vmo_new(_metadata, 4 * PAGE, ZX_VMO_DISCARDABLE);
	zx_handle_t n = vmo_new(_metadata, 4 * PAGE, 0);
	zx_handle_t none = dup_rights(_metadata, d, ZX_DEFAULT_VMO_RIGHTS &
				      ~(ZX_RIGHT_READ | ZX_RIGHT_WRITE));
	zx_handle_t nnone = dup_rights(_metadata, n, ZX_RIGHT_MAP);
	zx_handle_t rd = dup_rights(_metadata, d, ZX_RIGHT_READ);
	zx_handle_t wr = dup_rights(_metadata, d, ZX_RIGHT_WRITE);
	zx_vmo_lock_state_t st;
	size_t i;

	for (i = 0; i < 3; i++) {
		TH_LOG("op %u", ops[i]);
		memset(&st, 0, sizeof(st));
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
			  zx_vmo_op_range(none, ops[i], 0, 4 * PAGE, &st, sizeof(st)));
		/* Before the range and before NOT_SUPPORTED. */
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
			  zx_vmo_op_range(none, ops[i], PAGE, PAGE, &st, sizeof(st)));
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
			  zx_vmo_op_range(nnone, ops[i], 0, 4 * PAGE, &st, sizeof(st)));
	}
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(d, ZX_VMO_OP_UNLOCK, 0, 4 * PAGE));
	EXPECT_EQ(ZX_OK, lock_vmo(rd, 0, 4 * PAGE, &st));
	EXPECT_EQ(ZX_OK, op(rd, ZX_VMO_OP_TRY_LOCK, 0, 4 * PAGE));
	EXPECT_EQ(ZX_OK, op(rd, ZX_VMO_OP_UNLOCK, 0, 4 * PAGE));
	EXPECT_EQ(ZX_OK, lock_vmo(wr, 0, 4 * PAGE, &st));
	EXPECT_EQ(ZX_OK, op(wr, ZX_VMO_OP_UNLOCK, 0, 4 * PAGE));
	EXPECT_EQ(ZX_OK, op(wr, ZX_VMO_OP_UNLOCK, 0, 4 * PAGE));
	EXPECT_EQ(ZX_ERR_BAD_STATE, op(d, ZX_VMO_OP_UNLOCK, 0, 4 * PAGE));
	zx_handle_close(wr);
	zx_handle_close(rd);
	zx_handle_close(nnone);
	zx_handle_close(none);
	zx_handle_close(n);
	zx_handle_close(d);
}

/* The hints need no right at all. */
TEST(rights_hints_need_none)
{
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	zx_handle_t none = dup_rights(_metadata, h, ZX_RIGHT_MAP);

	EXPECT_EQ(ZX_OK, op(none, ZX_VMO_OP_DONT_NEED, 0, 4 * PAGE));
	EXPECT_EQ(ZX_OK, op(none, ZX_VMO_OP_ALWAYS_NEED, 0, 4 * PAGE));
	EXPECT_EQ(0u, committed(_metadata, h));
	zx_handle_close(none);
	zx_handle_close(h);
}

TEST(unknown_op_invalid_args)
{
	/* 14 is ZX_VMO_OP_PREFETCH now (zircon_api_test.c). */
	static const uint32_t bad[] = { 0, 5, 15, 16, 99, 0x80000001u, UINT32_MAX };
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	zx_handle_t none = dup_rights(_metadata, h, ZX_RIGHT_MAP);
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TH_LOG("op %u", bad[i]);
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, op(h, bad[i], 0, PAGE));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, op(h, bad[i], 0, 0));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, op(h, bad[i], 8 * PAGE, PAGE));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, op(none, bad[i], 0, PAGE));
	}
	EXPECT_EQ(0u, committed(_metadata, h));
	zx_handle_close(none);
	zx_handle_close(h);
}

/* offset + size wrapping around 2^64 is OUT_OF_RANGE for every range op. */
TEST(range_overflow_out_of_range)
{
	static const uint32_t ops[] = {
		ZX_VMO_OP_COMMIT, ZX_VMO_OP_ZERO, ZX_VMO_OP_CACHE_SYNC,
		ZX_VMO_OP_CACHE_CLEAN, ZX_VMO_OP_CACHE_CLEAN_INVALIDATE,
		ZX_VMO_OP_DONT_NEED, ZX_VMO_OP_ALWAYS_NEED,
	};
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		TH_LOG("op %u", ops[i]);
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
			  op(h, ops[i], UINT64_MAX - PAGE + 1, 2 * PAGE));
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ops[i], PAGE, UINT64_MAX));
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
			  op(h, ops[i], 2 * PAGE, UINT64_MAX - PAGE + 1));
	}
	EXPECT_EQ(0u, committed(_metadata, h));
	EXPECT_EQ(base.pages, pages_now());
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

TEST(op_range_bad_handle)
{
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, op(closed_handle(), ZX_VMO_OP_COMMIT, 0, PAGE));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, op(ZX_HANDLE_INVALID, ZX_VMO_OP_COMMIT, 0, PAGE));
}

/*
 * Size 0, against Zircon (RangeOp, VmObjectPaged): COMMIT rounds the
 * range out to pages before it checks for an empty range, so at an
 * unaligned offset it commits that one page and at an aligned offset
 * nothing; ZERO is a no-op; the cache ops are INVALID_ARGS; the hints
 * succeed.  Every one of them still checks the range.
 */
TEST(size_zero_ops)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);

	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_COMMIT, 2 * PAGE, 0));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_COMMIT, 4 * PAGE, 0));
	EXPECT_EQ(0u, committed(_metadata, h));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_COMMIT, PAGE + 10, 0));
	EXPECT_EQ(0u, committed(_metadata, h));
	EXPECT_EQ(base.pages, pages_now());
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_COMMIT, 4 * PAGE + 1, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_COMMIT, 5 * PAGE, 0));

	fill(_metadata, h, 3 * PAGE, PAGE, 0x4d);
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_ZERO, 3 * PAGE + 7, 0));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_ZERO, 2 * PAGE + 7, 0));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_ZERO, 4 * PAGE, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_ZERO, 4 * PAGE + 1, 0));
	expect_bytes(_metadata, h, 3 * PAGE, PAGE, 0x4d);
	EXPECT_EQ(PAGE, committed(_metadata, h));

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, op(h, ZX_VMO_OP_CACHE_CLEAN, 3 * PAGE + 7, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, op(h, ZX_VMO_OP_CACHE_SYNC, 5 * PAGE, 0));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_DONT_NEED, PAGE + 1, 0));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_ALWAYS_NEED, 4 * PAGE, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_DONT_NEED, 4 * PAGE + 1, 0));
	EXPECT_EQ(PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 1, pages_now());
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

TEST_HARNESS_MAIN
