// SPDX-License-Identifier: GPL-2.0
/*
 * Issue 11, "newer Zircon API": zx_vmo_get_stream_size and
 * zx_vmo_set_stream_size, ZX_VMO_UNBOUNDED, ZX_VMO_OP_PREFETCH,
 * ZX_VMO_CHILD_SNAPSHOT_MODIFIED and ZX_VMO_CHILD_REFERENCE, with today's
 * Zircon semantics for anonymous memory (no pager): exact statuses, exact
 * bytes, committed bytes and the module's page counter.
 */
#include "op_range_helpers.h"
#include "resource_helpers.h"

/* The largest VMO here (README: 2^63 - 4096 bytes). */
#define MAX_VMO_SIZE 0x7ffffffffffff000ull

static uint64_t stream_size_of(struct __test_metadata *_metadata, zx_handle_t h)
{
	uint64_t v = 0xdeadbeef;

	ASSERT_EQ(ZX_OK, zx_vmo_get_stream_size(h, &v));
	return v;
}

/* ---- stream size ------------------------------------------------------- */

/* The stream size is the content size, under its own name. */
TEST(stream_size_is_content_size)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 3 * PAGE - 100, 0), c, s;
	uint64_t v = 7;

	EXPECT_EQ(3 * PAGE - 100, stream_size_of(_metadata, h));
	v = 2 * PAGE + 1;
	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_VMO_CONTENT_SIZE, &v, sizeof(v)));
	EXPECT_EQ(2 * PAGE + 1, stream_size_of(_metadata, h));
	ASSERT_EQ(ZX_OK, zx_vmo_set_stream_size(h, PAGE + 5));
	EXPECT_EQ(PAGE + 5, content_size_of(_metadata, h));
	/* Children get their own, from the size they were asked for. */
	c = snap(_metadata, h, 0, PAGE + 3);
	s = slice(_metadata, h, PAGE, 10);
	EXPECT_EQ(PAGE + 3, stream_size_of(_metadata, c));
	EXPECT_EQ(10u, stream_size_of(_metadata, s));
	EXPECT_EQ(PAGE + 5, stream_size_of(_metadata, h));
	zx_handle_close(s);
	zx_handle_close(c);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/*
 * Rights: reading needs none; setting needs ZX_RIGHT_WRITE only (not
 * SET_PROPERTY, unlike the content size property).  A NULL out pointer
 * is INVALID_ARGS after the handle was found.
 */
TEST(stream_size_rights)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0), none, w, nw;

	none = dup_rights(_metadata, h, 0);
	w = dup_rights(_metadata, h, ZX_RIGHT_WRITE);
	nw = dup_rights(_metadata, h, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WRITE);
	EXPECT_EQ(2 * PAGE, stream_size_of(_metadata, none));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_get_stream_size(none, NULL));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_set_stream_size(none, PAGE));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_set_stream_size(nw, PAGE));
	EXPECT_EQ(ZX_OK, zx_vmo_set_stream_size(w, PAGE));
	EXPECT_EQ(PAGE, stream_size_of(_metadata, h));
	/* The content size property itself still needs SET_PROPERTY. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_set_property(w, ZX_PROP_VMO_CONTENT_SIZE, &(uint64_t){ 1 }, 8));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_set_stream_size(closed_handle(), 0));
	zx_handle_close(nw);
	zx_handle_close(w);
	zx_handle_close(none);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/*
 * Zircon's zeroing rule: a new stream size zeroes from min(old, new) to
 * the end of the VMO, shrinking and growing alike; a size past the VMO is
 * OUT_OF_RANGE; the same size changes nothing, even past the VMO.
 */
TEST(stream_size_zeroes_from_min_to_end)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, ZX_VMO_RESIZABLE);
	uint64_t v;

	fill(_metadata, h, 0, 4 * PAGE, 0x11);
	ASSERT_EQ(ZX_OK, zx_vmo_set_stream_size(h, 2 * PAGE + 10));
	expect_bytes(_metadata, h, 0, 2 * PAGE + 10, 0x11);
	expect_bytes(_metadata, h, 2 * PAGE + 10, 2 * PAGE - 10, 0);
	/* The pages past the partial one are freed, not zero-filled. */
	EXPECT_EQ(3 * PAGE, committed(_metadata, h));

	/* Growing zeroes from the old size: bytes written past it go. */
	fill(_metadata, h, 2 * PAGE + 10, 2 * PAGE - 10, 0x22);
	ASSERT_EQ(ZX_OK, zx_vmo_set_stream_size(h, 3 * PAGE));
	expect_bytes(_metadata, h, 0, 2 * PAGE + 10, 0x11);
	expect_bytes(_metadata, h, 2 * PAGE + 10, 2 * PAGE - 10, 0);
	EXPECT_EQ(3 * PAGE, stream_size_of(_metadata, h));

	fill(_metadata, h, 2 * PAGE, 2 * PAGE, 0x33);
	ASSERT_EQ(ZX_OK, zx_vmo_set_stream_size(h, 4 * PAGE));
	expect_bytes(_metadata, h, 2 * PAGE, PAGE, 0x33);
	expect_bytes(_metadata, h, 3 * PAGE, PAGE, 0);

	/* Past the VMO: refused, nothing changes. */
	fill(_metadata, h, 3 * PAGE, PAGE, 0x44);
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_set_stream_size(h, 4 * PAGE + 1));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_set_stream_size(h, UINT64_MAX));
	EXPECT_EQ(4 * PAGE, stream_size_of(_metadata, h));
	expect_bytes(_metadata, h, 3 * PAGE, PAGE, 0x44);

	/* The same size is a no-op, zeroing nothing. */
	ASSERT_EQ(ZX_OK, zx_vmo_set_stream_size(h, 4 * PAGE));
	expect_bytes(_metadata, h, 3 * PAGE, PAGE, 0x44);

	/* A content size past the VMO may be set again, but not changed. */
	v = 10 * PAGE;
	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_VMO_CONTENT_SIZE, &v, sizeof(v)));
	EXPECT_EQ(ZX_OK, zx_vmo_set_stream_size(h, 10 * PAGE));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_set_stream_size(h, 10 * PAGE - 1));
	EXPECT_EQ(10 * PAGE, stream_size_of(_metadata, h));
	expect_bytes(_metadata, h, 3 * PAGE, PAGE, 0x44);

	/* To zero: every byte goes. */
	v = 4 * PAGE;
	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_VMO_CONTENT_SIZE, &v, sizeof(v)));
	ASSERT_EQ(ZX_OK, zx_vmo_set_stream_size(h, 0));
	expect_bytes(_metadata, h, 0, 4 * PAGE, 0);
	EXPECT_EQ(0u, committed(_metadata, h));
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* Through a slice: its own stream size, zeroing only its own window. */
TEST(stream_size_of_a_slice)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0), s;

	fill(_metadata, h, 0, 4 * PAGE, 0x55);
	s = slice(_metadata, h, PAGE, 2 * PAGE);
	ASSERT_EQ(ZX_OK, zx_vmo_set_stream_size(s, PAGE / 2));
	expect_bytes(_metadata, h, 0, PAGE + PAGE / 2, 0x55);
	expect_bytes(_metadata, h, PAGE + PAGE / 2, PAGE + PAGE / 2, 0);
	expect_bytes(_metadata, h, 3 * PAGE, PAGE, 0x55);
	EXPECT_EQ(4 * PAGE, stream_size_of(_metadata, h));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_set_stream_size(s, 2 * PAGE + 1));
	zx_handle_close(s);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* ---- ZX_VMO_UNBOUNDED -------------------------------------------------- */

/*
 * The VMO gets the largest size; the size argument is only its stream
 * size and is not checked.  Not with RESIZABLE; other options as usual.
 */
TEST(unbounded_create)
{
	BASELINE(base);
	zx_handle_t h = ZX_HANDLE_INVALID, c;
	uint8_t b = 0x5a, r = 0;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_create(PAGE, ZX_VMO_UNBOUNDED | ZX_VMO_RESIZABLE, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_create(UINT64_MAX, ZX_VMO_UNBOUNDED | ZX_VMO_RESIZABLE, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create(PAGE, ZX_VMO_UNBOUNDED | (1u << 7), &h));
	EXPECT_EQ(ZX_HANDLE_INVALID, h);

	h = vmo_new(_metadata, 1000, ZX_VMO_UNBOUNDED);
	EXPECT_EQ(MAX_VMO_SIZE, size_of(_metadata, h));
	EXPECT_EQ(1000u, stream_size_of(_metadata, h));
	EXPECT_EQ(0u, vmo_info(_metadata, h).flags & ZX_INFO_VMO_RESIZABLE);
	EXPECT_EQ(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(h, PAGE));
	EXPECT_EQ(0u, committed(_metadata, h));
	/* Far out pages work like any other. */
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, &b, MAX_VMO_SIZE - 1, 1));
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, &r, MAX_VMO_SIZE - 1, 1));
	EXPECT_EQ(b, r);
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_write(h, &b, MAX_VMO_SIZE, 1));
	EXPECT_EQ(PAGE, committed(_metadata, h));
	c = snap(_metadata, h, MAX_VMO_SIZE - PAGE, PAGE);
	expect_bytes(_metadata, c, 0, PAGE - 1, 0);
	expect_bytes(_metadata, c, PAGE - 1, 1, 0x5a);
	zx_handle_close(c);
	/* The whole of it can be zeroed and decommitted in one go. */
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_ZERO, 0, MAX_VMO_SIZE));
	EXPECT_EQ(0u, committed(_metadata, h));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_DECOMMIT, 0, MAX_VMO_SIZE));
	zx_handle_close(h);

	/* Any size is a valid stream size, even one past the VMO. */
	h = vmo_new(_metadata, UINT64_MAX, ZX_VMO_UNBOUNDED);
	EXPECT_EQ(UINT64_MAX, stream_size_of(_metadata, h));
	EXPECT_EQ(MAX_VMO_SIZE, size_of(_metadata, h));
	zx_handle_close(h);
	h = vmo_new(_metadata, 0, ZX_VMO_UNBOUNDED | ZX_VMO_DISCARDABLE);
	EXPECT_EQ(MAX_VMO_SIZE, size_of(_metadata, h));
	EXPECT_EQ(ZX_INFO_VMO_DISCARDABLE,
		  vmo_info(_metadata, h).flags & ZX_INFO_VMO_DISCARDABLE);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* ---- ZX_VMO_OP_PREFETCH ------------------------------------------------ */

/*
 * Today's Zircon for anonymous memory: READ right, the range rounded out
 * to pages must lie inside the VMO, and nothing is committed (there is
 * nothing to page in or decompress).
 */
TEST(prefetch_anonymous)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0), wo, ro, c, s;

	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_PREFETCH, 0, 4 * PAGE));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_PREFETCH, PAGE + 1, 10));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_PREFETCH, 4 * PAGE - 1, 1));
	EXPECT_EQ(ZX_OK, op(h, ZX_VMO_OP_PREFETCH, 4 * PAGE, 0));
	EXPECT_EQ(0u, committed(_metadata, h));
	EXPECT_EQ(base.pages, pages_now());
	/* Out of range once rounded out; overflow of the end too. */
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_PREFETCH, 4 * PAGE - 1, 2));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_PREFETCH, 4 * PAGE + 1, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_PREFETCH, 0, 5 * PAGE));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_PREFETCH, PAGE, UINT64_MAX));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(h, ZX_VMO_OP_PREFETCH, UINT64_MAX - 10, 5));
	/* Rights: READ, not WRITE. */
	wo = dup_rights(_metadata, h, ZX_RIGHT_WRITE);
	ro = dup_rights(_metadata, h, ZX_RIGHT_READ);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, op(wo, ZX_VMO_OP_PREFETCH, 0, PAGE));
	EXPECT_EQ(ZX_OK, op(ro, ZX_VMO_OP_PREFETCH, 0, PAGE));
	/* Children: nothing committed, nothing forked, contents unchanged. */
	fill(_metadata, h, 0, 2 * PAGE, 0x61);
	c = snap(_metadata, h, 0, 4 * PAGE);
	s = slice(_metadata, h, PAGE, 2 * PAGE);
	EXPECT_EQ(ZX_OK, op(c, ZX_VMO_OP_PREFETCH, 0, 4 * PAGE));
	EXPECT_EQ(ZX_OK, op(s, ZX_VMO_OP_PREFETCH, 0, 2 * PAGE));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, op(s, ZX_VMO_OP_PREFETCH, PAGE, PAGE + 1));
	EXPECT_EQ(0u, committed(_metadata, c));
	EXPECT_EQ(2 * PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 2, pages_now());
	expect_bytes(_metadata, c, 0, 2 * PAGE, 0x61);
	expect_bytes(_metadata, c, 2 * PAGE, 2 * PAGE, 0);
	zx_handle_close(s);
	zx_handle_close(c);
	zx_handle_close(ro);
	zx_handle_close(wo);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* ---- ZX_VMO_CHILD_SNAPSHOT_MODIFIED ------------------------------------ */

/*
 * Without a pager Zircon makes it a full snapshot: each side keeps the
 * contents of the moment, whoever writes.
 */
TEST(snapshot_modified_is_a_snapshot)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 3 * PAGE, 0), c, g;
	zx_info_vmo_t info;

	fill_page(_metadata, h, 0, 0x71);
	fill_page(_metadata, h, 1, 0x72);
	c = child_new(_metadata, h, ZX_VMO_CHILD_SNAPSHOT_MODIFIED, 0, 3 * PAGE);
	fill_page(_metadata, h, 0, 0x73);
	fill_page(_metadata, c, 1, 0x74);
	expect_page(_metadata, h, 0, 0x73);
	expect_page(_metadata, h, 1, 0x72);
	expect_page(_metadata, c, 0, 0x71);
	expect_page(_metadata, c, 1, 0x74);
	expect_page(_metadata, c, 2, 0);
	info = vmo_info(_metadata, c);
	EXPECT_EQ(ZX_INFO_VMO_IS_COW_CLONE, info.flags & ZX_INFO_VMO_IS_COW_CLONE);
	EXPECT_EQ(koid_of(_metadata, h), info.parent_koid);
	EXPECT_EQ(0u, info.flags & ZX_INFO_VMO_IMMUTABLE);
	/* 0x71 stays in the hidden node for c, 0x72 for h: 4 pages in all. */
	EXPECT_EQ(base.pages + 4, pages_now());
	/* A snapshot-modified child of a snapshot-modified child. */
	g = child_new(_metadata, c, ZX_VMO_CHILD_SNAPSHOT_MODIFIED, PAGE, PAGE);
	expect_page(_metadata, g, 0, 0x74);
	fill_page(_metadata, c, 1, 0x75);
	expect_page(_metadata, g, 0, 0x74);
	zx_handle_close(g);
	zx_handle_close(c);
	expect_page(_metadata, h, 0, 0x73);
	expect_page(_metadata, h, 1, 0x72);
	EXPECT_EQ(base.pages + 2, pages_now());
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/*
 * Zircon's option rules: exactly one child type (SNAPSHOT, then
 * AT_LEAST_ON_WRITE, then MODIFIED are taken in that order, any other
 * type bit left over is INVALID_ARGS), RESIZABLE and NO_WRITE as for
 * snapshots; rights: WRITE added and EXECUTE removed unless NO_WRITE;
 * never immutable; not of contiguous memory (INVALID_ARGS) nor of a
 * slice (NOT_SUPPORTED here) nor of a discardable VMO (NOT_SUPPORTED).
 */
TEST(snapshot_modified_options_and_rights)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, PAGE, 0), ro, c, s, bti, contig = 0, d, vmex;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  child_status(h, ZX_VMO_CHILD_SNAPSHOT_MODIFIED | ZX_VMO_CHILD_SNAPSHOT, 0, PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  child_status(h, ZX_VMO_CHILD_SNAPSHOT_MODIFIED |
				  ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE, 0, PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  child_status(h, ZX_VMO_CHILD_SNAPSHOT_MODIFIED | ZX_VMO_CHILD_SLICE, 0, PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  child_status(h, ZX_VMO_CHILD_SNAPSHOT_MODIFIED | ZX_VMO_CHILD_REFERENCE, 0, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  child_status(h, ZX_VMO_CHILD_SNAPSHOT_MODIFIED | ZX_VMO_CHILD_NO_WRITE |
				  ZX_VMO_CHILD_RESIZABLE, 0, PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  child_status(h, ZX_VMO_CHILD_SNAPSHOT_MODIFIED | (1u << 8), 0, PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  child_status(h, ZX_VMO_CHILD_SNAPSHOT_MODIFIED, 1, PAGE));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  child_status(h, ZX_VMO_CHILD_SNAPSHOT_MODIFIED, PAGE, UINT64_MAX - PAGE));

	vmex = vmex_new(_metadata);
	ro = dup_rights(_metadata, h, ZX_RIGHT_READ | ZX_RIGHT_DUPLICATE);
	ASSERT_EQ(ZX_OK, zx_vmo_replace_as_executable(ro, vmex, &ro));
	zx_handle_close(vmex);
	ASSERT_EQ(ZX_RIGHT_READ | ZX_RIGHT_DUPLICATE | ZX_RIGHT_EXECUTE, rights_of(_metadata, ro));
	c = child_new(_metadata, ro, ZX_VMO_CHILD_SNAPSHOT_MODIFIED, 0, PAGE);
	EXPECT_EQ(ZX_RIGHT_READ | ZX_RIGHT_DUPLICATE | ZX_RIGHT_WRITE |
		  ZX_RIGHT_GET_PROPERTY | ZX_RIGHT_SET_PROPERTY, rights_of(_metadata, c));
	zx_handle_close(c);
	c = child_new(_metadata, ro, ZX_VMO_CHILD_SNAPSHOT_MODIFIED | ZX_VMO_CHILD_NO_WRITE, 0,
		      PAGE);
	EXPECT_EQ(ZX_RIGHT_READ | ZX_RIGHT_DUPLICATE | ZX_RIGHT_EXECUTE |
		  ZX_RIGHT_GET_PROPERTY | ZX_RIGHT_SET_PROPERTY, rights_of(_metadata, c));
	EXPECT_EQ(0u, vmo_info(_metadata, c).flags & ZX_INFO_VMO_IMMUTABLE);
	zx_handle_close(c);
	c = child_new(_metadata, h, ZX_VMO_CHILD_SNAPSHOT_MODIFIED | ZX_VMO_CHILD_RESIZABLE, 0,
		      PAGE);
	EXPECT_EQ(ZX_INFO_VMO_RESIZABLE, vmo_info(_metadata, c).flags & ZX_INFO_VMO_RESIZABLE);
	EXPECT_EQ(ZX_OK, zx_vmo_set_size(c, 3 * PAGE));
	zx_handle_close(c);

	s = slice(_metadata, h, 0, PAGE);
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  child_status(s, ZX_VMO_CHILD_SNAPSHOT_MODIFIED, 0, PAGE));
	zx_handle_close(s);
	d = vmo_new(_metadata, PAGE, ZX_VMO_DISCARDABLE);
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  child_status(d, ZX_VMO_CHILD_SNAPSHOT_MODIFIED, 0, PAGE));
	zx_handle_close(d);
	bti = bti_new(_metadata);
	ASSERT_EQ(ZX_OK, zx_vmo_create_contiguous(bti, PAGE, 0, &contig));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  child_status(contig, ZX_VMO_CHILD_SNAPSHOT_MODIFIED, 0, PAGE));
	zx_handle_close(contig);
	zx_handle_close(bti);
	zx_handle_close(ro);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* ---- ZX_VMO_CHILD_REFERENCE -------------------------------------------- */

/*
 * A reference shows all of its parent: the same pages both ways, through
 * read/write and mappings; it is a child (ZX_VMO_ZERO_CHILDREN, parent
 * koid), not a copy-on-write clone, and is charged nothing.
 */
TEST(reference_shares_pages)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 3 * PAGE, 0), r;
	zx_info_vmo_t info;
	uint8_t *mh, *mr;

	fill_page(_metadata, h, 0, 0x81);
	EXPECT_ZERO_CHILDREN(h);
	r = child_new(_metadata, h, ZX_VMO_CHILD_REFERENCE, 0, 0);
	EXPECT_HAS_CHILDREN(h);
	EXPECT_EQ(3 * PAGE, size_of(_metadata, r));
	expect_page(_metadata, r, 0, 0x81);
	fill_page(_metadata, r, 1, 0x82);
	expect_page(_metadata, h, 1, 0x82);
	mh = map_vmo(_metadata, h, RW, 0, 3 * PAGE);
	mr = map_vmo(_metadata, r, RW, 0, 3 * PAGE);
	mr[2 * PAGE] = 0x83;
	EXPECT_EQ(0x83, mh[2 * PAGE]);
	mh[0] = 0x84;
	EXPECT_EQ(0x84, mr[0]);
	info = vmo_info(_metadata, r);
	EXPECT_EQ(koid_of(_metadata, h), info.parent_koid);
	EXPECT_EQ(0u, info.flags & ZX_INFO_VMO_IS_COW_CLONE);
	EXPECT_EQ(ZX_INFO_VMO_TYPE_PAGED, info.flags & ZX_INFO_VMO_TYPE_PAGED);
	EXPECT_EQ(0u, info.committed_bytes);
	EXPECT_EQ(1u, vmo_info(_metadata, h).num_children);
	EXPECT_EQ(3 * PAGE, committed(_metadata, h));
	EXPECT_EQ(base.pages + 3, pages_now());
	/* Decommit through the reference frees the parent's page. */
	EXPECT_EQ(ZX_OK, op(r, ZX_VMO_OP_DECOMMIT, PAGE, PAGE));
	expect_page(_metadata, h, 1, 0);
	EXPECT_EQ(2 * PAGE, committed(_metadata, h));
	unmap_vmo(_metadata, mr, 3 * PAGE);
	unmap_vmo(_metadata, mh, 3 * PAGE);
	zx_handle_close(r);
	EXPECT_ZERO_CHILDREN(h);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* Closing the parent first: the reference keeps the pages. */
TEST(reference_outlives_parent)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0), r, rr;

	fill(_metadata, h, 0, 2 * PAGE, 0x91);
	r = child_new(_metadata, h, ZX_VMO_CHILD_REFERENCE, 0, 0);
	rr = child_new(_metadata, r, ZX_VMO_CHILD_REFERENCE, 0, 0);
	zx_handle_close(h);
	expect_bytes(_metadata, r, 0, 2 * PAGE, 0x91);
	fill_page(_metadata, rr, 1, 0x92);
	expect_page(_metadata, r, 1, 0x92);
	EXPECT_EQ(base.pages + 2, pages_now());
	zx_handle_close(r);
	expect_page(_metadata, rr, 0, 0x91);
	zx_handle_close(rr);
	EXPECT_BASELINE(base);
}

/*
 * Size and content size are shared: resizing the parent resizes the
 * reference (and its mapping sees the end move), a reference made with
 * ZX_VMO_CHILD_RESIZABLE resizes the parent, one made without lacks the
 * RESIZE right (ACCESS_DENIED), and the stream size is one value.
 */
TEST(reference_shares_size_and_stream_size)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, ZX_VMO_RESIZABLE), r, rf;
	uint8_t *m;

	fill(_metadata, h, 0, 4 * PAGE, 0xa1);
	r = child_new(_metadata, h, ZX_VMO_CHILD_REFERENCE | ZX_VMO_CHILD_RESIZABLE, 0, 0);
	rf = child_new(_metadata, h, ZX_VMO_CHILD_REFERENCE, 0, 0);
	EXPECT_EQ(ZX_INFO_VMO_RESIZABLE, vmo_info(_metadata, rf).flags & ZX_INFO_VMO_RESIZABLE);
	m = map_vmo(_metadata, r, RW, 0, 4 * PAGE);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, 2 * PAGE));
	EXPECT_EQ(2 * PAGE, size_of(_metadata, r));
	EXPECT_EQ(2 * PAGE, size_of(_metadata, rf));
	EXPECT_EQ(0, probe_read(m + PAGE));
	EXPECT_EQ(SIGBUS, probe_read(m + 2 * PAGE));
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(r, 3 * PAGE + 7));
	EXPECT_EQ(3 * PAGE + PAGE, size_of(_metadata, h));
	EXPECT_EQ(4 * PAGE, size_of(_metadata, rf));
	EXPECT_EQ(3 * PAGE + 7, stream_size_of(_metadata, h));
	EXPECT_EQ(3 * PAGE + 7, stream_size_of(_metadata, rf));
	expect_bytes(_metadata, h, 0, 2 * PAGE, 0xa1);
	expect_bytes(_metadata, rf, 2 * PAGE, 2 * PAGE, 0);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_set_size(rf, PAGE));
	EXPECT_EQ(4 * PAGE, size_of(_metadata, h));
	/* One stream size, whoever sets it. */
	ASSERT_EQ(ZX_OK, zx_vmo_set_stream_size(rf, PAGE + 1));
	EXPECT_EQ(PAGE + 1, stream_size_of(_metadata, h));
	EXPECT_EQ(PAGE + 1, content_size_of(_metadata, r));
	expect_bytes(_metadata, h, PAGE + 1, PAGE - 1, 0);
	expect_bytes(_metadata, h, 0, PAGE + 1, 0xa1);
	unmap_vmo(_metadata, m, 4 * PAGE);
	zx_handle_close(rf);
	zx_handle_close(r);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/*
 * Zircon's rules and order: the range must be empty (INVALID_ARGS), no
 * other type bit; not of a slice or contiguous memory (NOT_SUPPORTED),
 * RESIZABLE only of a resizable VMO (NOT_SUPPORTED); rights: the parent
 * handle's plus the property rights, WRITE only if the parent had it;
 * slices of a reference; a snapshot of a reference snapshots the parent.
 */
TEST(reference_rules)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0), ro, r, s, c, bti, contig = 0;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(h, ZX_VMO_CHILD_REFERENCE, PAGE, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(h, ZX_VMO_CHILD_REFERENCE, 0, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(h, ZX_VMO_CHILD_REFERENCE, 0, 2 * PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  child_status(h, ZX_VMO_CHILD_REFERENCE | ZX_VMO_CHILD_SNAPSHOT, 0, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  child_status(h, ZX_VMO_CHILD_REFERENCE | ZX_VMO_CHILD_SLICE, 0, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  child_status(h, ZX_VMO_CHILD_REFERENCE | ZX_VMO_CHILD_NO_WRITE |
				  ZX_VMO_CHILD_RESIZABLE, 0, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  child_status(h, ZX_VMO_CHILD_REFERENCE, 0, UINT64_MAX));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  child_status(h, ZX_VMO_CHILD_REFERENCE | ZX_VMO_CHILD_RESIZABLE, 0, 0));

	ro = dup_rights(_metadata, h, ZX_RIGHT_READ | ZX_RIGHT_DUPLICATE | ZX_RIGHT_MAP);
	r = child_new(_metadata, ro, ZX_VMO_CHILD_REFERENCE, 0, 0);
	EXPECT_EQ(ZX_RIGHT_READ | ZX_RIGHT_DUPLICATE | ZX_RIGHT_MAP | ZX_RIGHT_GET_PROPERTY |
		  ZX_RIGHT_SET_PROPERTY, rights_of(_metadata, r));
	zx_handle_close(r);
	r = child_new(_metadata, h, ZX_VMO_CHILD_REFERENCE | ZX_VMO_CHILD_NO_WRITE, 0, 0);
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WRITE, rights_of(_metadata, r));
	zx_handle_close(r);

	r = child_new(_metadata, h, ZX_VMO_CHILD_REFERENCE, 0, 0);
	fill(_metadata, h, 0, 2 * PAGE, 0xb1);
	s = slice(_metadata, r, PAGE, PAGE);
	fill_page(_metadata, s, 0, 0xb2);
	expect_page(_metadata, h, 1, 0xb2);
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, child_status(s, ZX_VMO_CHILD_REFERENCE, 0, 0));
	/* A snapshot through the reference: the parent's contents, frozen. */
	c = snap(_metadata, r, 0, 2 * PAGE);
	fill_page(_metadata, h, 0, 0xb3);
	expect_page(_metadata, c, 0, 0xb1);
	expect_page(_metadata, c, 1, 0xb2);
	expect_page(_metadata, r, 0, 0xb3);
	EXPECT_EQ(koid_of(_metadata, r), vmo_info(_metadata, c).parent_koid);
	/* The parent has a copy-on-write child now: no decommit. */
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, op(r, ZX_VMO_OP_DECOMMIT, 0, PAGE));
	zx_handle_close(c);
	EXPECT_EQ(ZX_OK, op(r, ZX_VMO_OP_DECOMMIT, 0, PAGE));
	expect_page(_metadata, h, 0, 0);
	/* No cache policy change for a reference nor its parent. */
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_set_cache_policy(r, ZX_CACHE_POLICY_CACHED));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_UNCACHED));
	zx_handle_close(s);
	zx_handle_close(r);

	s = slice(_metadata, h, 0, PAGE);
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, child_status(s, ZX_VMO_CHILD_REFERENCE, 0, 0));
	zx_handle_close(s);
	bti = bti_new(_metadata);
	ASSERT_EQ(ZX_OK, zx_vmo_create_contiguous(bti, PAGE, 0, &contig));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, child_status(contig, ZX_VMO_CHILD_REFERENCE, 0, 0));
	zx_handle_close(contig);
	zx_handle_close(bti);
	zx_handle_close(ro);
	zx_handle_close(h);
	EXPECT_BASELINE(base);
}

/* A reference of a discardable VMO: NOT_SUPPORTED, like every child. */
TEST(reference_of_discardable_not_supported)
{
	zx_handle_t d = vmo_new(_metadata, PAGE, ZX_VMO_DISCARDABLE);

	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, child_status(d, ZX_VMO_CHILD_REFERENCE, 0, 0));
	zx_handle_close(d);
}

TEST_HARNESS_MAIN
