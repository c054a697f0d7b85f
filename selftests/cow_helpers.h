/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the copy-on-write child tests (cow_*_test.c,
 * slice_test.c, zero_children_test.c).  Built on zxvmo_test.h; include
 * this header instead of it.
 */
#ifndef ZXVMO_COW_HELPERS_H
#define ZXVMO_COW_HELPERS_H

#include "zxvmo_test.h"

#define RW (ZX_VM_PERM_READ | ZX_VM_PERM_WRITE)

/* The module's global counters (/sys/class/misc/zxvmo/{pages,vmos}). */
struct counters {
	long pages;
	long vmos;
};

static inline struct counters read_counters(void)
{
	struct counters c = { zxvmo_counter("pages"), zxvmo_counter("vmos") };

	return c;
}

static inline long pages_now(void)
{
	return zxvmo_counter("pages");
}

static inline long vmos_now(void)
{
	return zxvmo_counter("vmos");
}

/* The counters are part of what these tests check: they must exist. */
#define BASELINE(base)							\
	struct counters base = read_counters();				\
	ASSERT_LE(0, (base).pages);					\
	ASSERT_LE(0, (base).vmos)

/* Everything was closed: both counters are back where they started. */
#define EXPECT_BASELINE(base)						\
	do {								\
		EXPECT_EQ((base).pages, pages_now());			\
		EXPECT_EQ((base).vmos, vmos_now());			\
	} while (0)

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

/* Checks that every byte of [p, p + len) is @b; logs the first mismatch. */
static inline bool mem_is(const void *p, size_t len, uint8_t b, size_t *bad)
{
	const uint8_t *q = p;
	size_t i;

	for (i = 0; i < len; i++) {
		if (q[i] != b) {
			if (bad)
				*bad = i;
			return false;
		}
	}
	return true;
}

#define EXPECT_MEM(p, len, b)						\
	do {								\
		size_t __bad = 0;					\
		const uint8_t *__p = (const uint8_t *)(p);		\
		if (!mem_is(__p, (len), (b), &__bad)) {			\
			TH_LOG("byte %zu is %#x, expected %#x", __bad,	\
			       __p[__bad], (unsigned)(uint8_t)(b));	\
			EXPECT_EQ((uint8_t)(b), __p[__bad]);		\
		}							\
	} while (0)

/* Maps [off, off + len) of @h with zx_vmar_map. */
static inline uint8_t *map_vmo(struct __test_metadata *_metadata, zx_handle_t h,
			       zx_vm_option_t opts, uint64_t off, size_t len)
{
	zx_vaddr_t addr = 0;

	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), opts, 0, h, off, len,
				     &addr));
	ASSERT_NE(0u, addr);
	return (uint8_t *)addr;
}

static inline void unmap_vmo(struct __test_metadata *_metadata, void *p,
			     size_t len)
{
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), (zx_vaddr_t)p, len));
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
