// SPDX-License-Identifier: GPL-2.0
/*
 * Deep copy-on-write chains: the snapshot depth limit, its status, and
 * that the chain still shares and charges its pages at the limit.
 */
#include "cow_helpers.h"

/* Hidden ancestors a VMO may have; one more snapshot is NO_RESOURCES. */
#define DEPTH_LIMIT	128

/* Snapshots of @parent, each of the previous one when @nested. */
static void chain(struct __test_metadata *_metadata, zx_handle_t parent,
		  zx_handle_t *out, int n, uint64_t size, bool nested)
{
	int i;

	for (i = 0; i < n; i++) {
		out[i] = snap(_metadata, parent, 0, size);
		if (nested)
			parent = out[i];
	}
}

TEST(snapshot_beyond_depth_limit)
{
	zx_handle_t a, s[DEPTH_LIMIT];
	int i;

	BASELINE(base);
	a = vmo_new(_metadata, PAGE, 0);
	fill_page(_metadata, a, 0, 0x5a);
	chain(_metadata, a, s, DEPTH_LIMIT, PAGE, false);
	/* @a has DEPTH_LIMIT hidden ancestors: no more. */
	EXPECT_EQ(ZX_ERR_NO_RESOURCES,
		  child_status(a, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE));
	EXPECT_EQ(ZX_ERR_NO_RESOURCES,
		  child_status(s[DEPTH_LIMIT - 1], ZX_VMO_CHILD_SNAPSHOT, 0,
			       PAGE));
	/* A slice adds no node; a shallower snapshot still may snapshot. */
	EXPECT_EQ(ZX_OK, child_status(a, ZX_VMO_CHILD_SLICE, 0, PAGE));
	EXPECT_EQ(ZX_OK, child_status(s[0], ZX_VMO_CHILD_SNAPSHOT, 0, PAGE));
	EXPECT_EQ(PAGE, committed(_metadata, a));
	EXPECT_EQ(1, pages_now() - base.pages);
	/* Closing one merges a hidden node away: room for one again. */
	zx_handle_close(s[DEPTH_LIMIT / 2]);
	s[DEPTH_LIMIT / 2] = snap(_metadata, a, 0, PAGE);
	EXPECT_EQ(ZX_ERR_NO_RESOURCES,
		  child_status(a, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE));
	for (i = 0; i < DEPTH_LIMIT; i++)
		expect_page(_metadata, s[i], 0, 0x5a);
	for (i = 0; i < DEPTH_LIMIT; i++)
		zx_handle_close(s[i]);
	expect_page(_metadata, a, 0, 0x5a);
	zx_handle_close(a);
	EXPECT_BASELINE(base);
}

TEST(nested_snapshot_beyond_depth_limit)
{
	zx_handle_t a, s[DEPTH_LIMIT];
	int i;

	BASELINE(base);
	a = vmo_new(_metadata, PAGE, 0);
	fill_page(_metadata, a, 0, 0x6b);
	chain(_metadata, a, s, DEPTH_LIMIT, PAGE, true);
	EXPECT_EQ(ZX_ERR_NO_RESOURCES,
		  child_status(s[DEPTH_LIMIT - 1], ZX_VMO_CHILD_SNAPSHOT, 0,
			       PAGE));
	EXPECT_EQ(ZX_ERR_NO_RESOURCES,
		  child_status(s[DEPTH_LIMIT - 1],
			       ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE, 0,
			       PAGE));
	/* @a has one hidden ancestor. */
	EXPECT_EQ(ZX_OK, child_status(a, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE));
	EXPECT_EQ(PAGE, committed(_metadata, a));
	fill_page(_metadata, s[DEPTH_LIMIT - 1], 0, 0x11);
	EXPECT_EQ(PAGE, committed(_metadata, s[DEPTH_LIMIT - 1]));
	EXPECT_EQ(2, pages_now() - base.pages);
	for (i = 0; i < DEPTH_LIMIT - 1; i++)
		expect_page(_metadata, s[i], 0, 0x6b);
	zx_handle_close(a);
	/* The page moved its charge to the next VMO that sees it. */
	EXPECT_EQ(PAGE, committed(_metadata, s[0]));
	for (i = 0; i < DEPTH_LIMIT; i++)
		zx_handle_close(s[i]);
	EXPECT_BASELINE(base);
}

TEST_HARNESS_MAIN
