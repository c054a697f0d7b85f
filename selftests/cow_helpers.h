/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the copy-on-write child tests (cow_*_test.c,
 * slice_test.c, zero_children_test.c).  Built on zxvmo_test.h; include
 * this header instead of it.
 */
#ifndef ZXVMO_COW_HELPERS_H
#define ZXVMO_COW_HELPERS_H

#include "zxvmo_test.h"

/* zx_vmo_create_child() that must succeed. */
static inline zx_handle_t child_new(struct __test_metadata *_metadata,
				    zx_handle_t parent, uint32_t options,
				    uint64_t offset, uint64_t size)
{
	zx_handle_t c = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_vmo_create_child(parent, options, offset, size, &c));
	ASSERT_NE(ZX_HANDLE_INVALID, c);
	return c;
}

static inline zx_handle_t snap(struct __test_metadata *_metadata,
			       zx_handle_t parent, uint64_t offset, uint64_t size)
{
	return child_new(_metadata, parent, ZX_VMO_CHILD_SNAPSHOT, offset, size);
}

static inline zx_handle_t slice(struct __test_metadata *_metadata,
				zx_handle_t parent, uint64_t offset, uint64_t size)
{
	return child_new(_metadata, parent, ZX_VMO_CHILD_SLICE, offset, size);
}

/* The status of a create_child call that must fail (handle not leaked). */
static inline zx_status_t child_status(zx_handle_t parent, uint32_t options,
				       uint64_t offset, uint64_t size)
{
	zx_handle_t c = ZX_HANDLE_INVALID;
	zx_status_t st = zx_vmo_create_child(parent, options, offset, size, &c);

	if (st == ZX_OK)
		zx_handle_close(c);
	return st;
}

/* Fills page @idx with byte @b through zx_vmo_write. */
static inline void fill_page(struct __test_metadata *_metadata, zx_handle_t h,
			     uint64_t idx, uint8_t b)
{
	fill(_metadata, h, idx * PAGE, PAGE, b);
}

static inline void expect_page(struct __test_metadata *_metadata, zx_handle_t h,
			       uint64_t idx, uint8_t b)
{
	expect_bytes(_metadata, h, idx * PAGE, PAGE, b);
}

static inline uint64_t npages_committed(struct __test_metadata *_metadata,
					zx_handle_t h)
{
	uint64_t c = committed(_metadata, h);

	EXPECT_EQ(0u, c % PAGE);
	return c / PAGE;
}

/* ZX_VMO_ZERO_CHILDREN right now (wait_one with deadline 0). */
static inline zx_status_t zero_children_now(zx_handle_t h, zx_signals_t *observed)
{
	*observed = 0;
	return zx_object_wait_one(h, ZX_VMO_ZERO_CHILDREN, 0, observed);
}

#define EXPECT_ZERO_CHILDREN(h)						\
	do {								\
		zx_signals_t __obs;					\
		EXPECT_EQ(ZX_OK, zero_children_now((h), &__obs));	\
		EXPECT_EQ(ZX_VMO_ZERO_CHILDREN,				\
			  __obs & ZX_VMO_ZERO_CHILDREN);		\
	} while (0)

#define EXPECT_HAS_CHILDREN(h)						\
	do {								\
		zx_signals_t __obs;					\
		EXPECT_EQ(ZX_ERR_TIMED_OUT, zero_children_now((h), &__obs)); \
		EXPECT_EQ(0u, __obs & ZX_VMO_ZERO_CHILDREN);		\
	} while (0)

#endif /* ZXVMO_COW_HELPERS_H */
