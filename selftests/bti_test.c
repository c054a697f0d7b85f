// SPDX-License-Identifier: GPL-2.0
/*
 * zx_bti_pin / zx_pmt_unpin / zx_bti_release_quarantine and ZX_INFO_BTI,
 * in the shape of Zircon's BTI tests: pinning commits and holds the pages
 * and returns their physical addresses (checked against
 * /proc/self/pagemap) in the format the options ask; every argument and
 * right with its exact status; every operation that would take a pinned
 * page away (decommit, shrink, snapshot, cache policy) is
 * ZX_ERR_BAD_STATE until the unpin, zeroing clears in place; a PMT
 * closed without unpin is quarantined until release_quarantine.
 */
#include "zxvmo_test.h"
#include "resource_helpers.h"
#include "op_range_helpers.h"

#define PIN_RW (ZX_BTI_PERM_READ | ZX_BTI_PERM_WRITE)

static zx_info_bti_t bti_info(struct __test_metadata *_metadata, zx_handle_t bti)
{
	zx_info_bti_t info;

	memset(&info, 0xa5, sizeof(info));
	EXPECT_EQ(ZX_OK, zx_object_get_info(bti, ZX_INFO_BTI, &info, sizeof(info), NULL, NULL));
	return info;
}

/* The physical address of byte @off of @vmo, through a mapping. */
static uint64_t paddr_of(struct __test_metadata *_metadata, zx_handle_t vmo, uint64_t off)
{
	zx_vaddr_t addr = 0;
	uint64_t pfn;

	EXPECT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, vmo,
				     off & ~(PAGE - 1), PAGE, &addr));
	if (!addr)
		return 0;
	(void)*(volatile uint8_t *)addr;
	pfn = pfn_of((void *)addr);
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), addr, PAGE));
	return pfn * PAGE;
}

static zx_status_t pin1(zx_handle_t bti, uint32_t opts, zx_handle_t vmo, uint64_t off,
			uint64_t size, zx_paddr_t *addrs, size_t n, zx_handle_t *pmt)
{
	*pmt = ZX_HANDLE_INVALID;
	return zx_bti_pin(bti, opts, vmo, off, size, addrs, n, pmt);
}

TEST(pin_unpin)
{
	zx_handle_t bti = bti_new(_metadata), vmo = vmo_new(_metadata, 4 * PAGE, 0), pmt;
	zx_paddr_t addrs[4] = { 0 };
	zx_info_handle_basic_t basic;
	zx_info_bti_t info;
	int i;

	ASSERT_EQ(ZX_OK, pin1(bti, PIN_RW, vmo, 0, 4 * PAGE, addrs, 4, &pmt));
	ASSERT_NE(ZX_HANDLE_INVALID, pmt);
	EXPECT_EQ(4 * PAGE, committed(_metadata, vmo));
	for (i = 0; i < 4; i++) {
		EXPECT_NE(0u, addrs[i]);
		EXPECT_EQ(0u, addrs[i] % PAGE);
		EXPECT_EQ(paddr_of(_metadata, vmo, i * PAGE), addrs[i]);
	}
	basic = basic_info(_metadata, pmt);
	EXPECT_EQ(ZX_OBJ_TYPE_PMT, basic.type);
	EXPECT_EQ(ZX_RIGHT_INSPECT, basic.rights);
	info = bti_info(_metadata, bti);
	EXPECT_EQ(1u, info.pmo_count);
	EXPECT_EQ(0u, info.quarantine_count);

	/* The data a device would see is the VMO's. */
	fill(_metadata, vmo, PAGE, PAGE, 0x5a);
	expect_bytes(_metadata, vmo, PAGE, PAGE, 0x5a);

	EXPECT_EQ(ZX_OK, zx_pmt_unpin(pmt));
	EXPECT_TRUE(fd_closed(pmt));
	info = bti_info(_metadata, bti);
	EXPECT_EQ(0u, info.pmo_count);
	EXPECT_EQ(0u, info.quarantine_count);
	/* Still committed: unpinning frees nothing. */
	EXPECT_EQ(4 * PAGE, committed(_metadata, vmo));
	zx_handle_close(vmo);
	zx_handle_close(bti);
}

TEST(pin_sub_range_and_twice)
{
	zx_handle_t bti = bti_new(_metadata), vmo = vmo_new(_metadata, 8 * PAGE, 0), p1, p2;
	zx_handle_t slice = ZX_HANDLE_INVALID;
	zx_paddr_t a[2], b[3];

	ASSERT_EQ(ZX_OK, pin1(bti, ZX_BTI_PERM_READ, vmo, 2 * PAGE, 2 * PAGE, a, 2, &p1));
	EXPECT_EQ(2 * PAGE, committed(_metadata, vmo));
	/* Overlapping pins count separately. */
	ASSERT_EQ(ZX_OK, pin1(bti, ZX_BTI_PERM_READ, vmo, 3 * PAGE, 3 * PAGE, b, 3, &p2));
	EXPECT_EQ(a[1], b[0]);
	EXPECT_EQ(2u, bti_info(_metadata, bti).pmo_count);
	/* A slice moves no page: allowed while pinned, and sees the pages. */
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(vmo, ZX_VMO_CHILD_SLICE, 2 * PAGE, 2 * PAGE, &slice));
	EXPECT_EQ(a[0], paddr_of(_metadata, slice, 0));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_op_range(slice, ZX_VMO_OP_DECOMMIT, 0, PAGE, NULL, 0));
	zx_handle_close(slice);
	EXPECT_EQ(ZX_OK, zx_pmt_unpin(p1));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_op_range(vmo, ZX_VMO_OP_DECOMMIT, 3 * PAGE, PAGE,
						   NULL, 0));
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(vmo, ZX_VMO_OP_DECOMMIT, 2 * PAGE, PAGE, NULL, 0));
	EXPECT_EQ(ZX_OK, zx_pmt_unpin(p2));
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(vmo, ZX_VMO_OP_DECOMMIT, 0, 8 * PAGE, NULL, 0));
	EXPECT_EQ(0u, committed(_metadata, vmo));
	zx_handle_close(vmo);
	zx_handle_close(bti);
}

TEST(address_formats)
{
	zx_handle_t bti = bti_new(_metadata), vmo = vmo_new(_metadata, 4 * PAGE, 0), pmt;
	zx_handle_t contig = ZX_HANDLE_INVALID;
	zx_paddr_t addrs[8] = { 0 }, one = 0;
	int i;

	/* Per page: exactly one address per page. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, pin1(bti, PIN_RW, vmo, 0, 4 * PAGE, addrs, 3, &pmt));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, pin1(bti, PIN_RW, vmo, 0, 4 * PAGE, addrs, 5, &pmt));
	EXPECT_EQ(ZX_HANDLE_INVALID, pmt);
	/* COMPRESS: runs of minimum_contiguity (a page here). */
	ASSERT_EQ(ZX_OK, pin1(bti, PIN_RW | ZX_BTI_COMPRESS, vmo, 0, 4 * PAGE, addrs, 4, &pmt));
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(paddr_of(_metadata, vmo, i * PAGE), addrs[i]);
	}
	EXPECT_EQ(ZX_OK, zx_pmt_unpin(pmt));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  pin1(bti, PIN_RW | ZX_BTI_COMPRESS, vmo, 0, 4 * PAGE, addrs, 1, &pmt));
	/* CONTIGUOUS only for physically contiguous VMOs; not with COMPRESS. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  pin1(bti, PIN_RW | ZX_BTI_CONTIGUOUS, vmo, 0, 4 * PAGE, &one, 1, &pmt));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, pin1(bti, PIN_RW | ZX_BTI_CONTIGUOUS | ZX_BTI_COMPRESS, vmo,
					    0, PAGE, &one, 1, &pmt));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, pin1(bti, PIN_RW | (1u << 5), vmo, 0, PAGE, &one, 1, &pmt));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, pin1(bti, 1u << 31, vmo, 0, PAGE, &one, 1, &pmt));
	/* No permission at all is allowed, as in Zircon. */
	ASSERT_EQ(ZX_OK, pin1(bti, 0, vmo, 0, PAGE, &one, 1, &pmt));
	EXPECT_EQ(ZX_OK, zx_pmt_unpin(pmt));

	ASSERT_EQ(ZX_OK, zx_vmo_create_contiguous(bti, 8 * PAGE, 0, &contig));
	ASSERT_EQ(ZX_OK, pin1(bti, PIN_RW | ZX_BTI_CONTIGUOUS, contig, PAGE, 4 * PAGE, &one, 1, &pmt));
	EXPECT_EQ(paddr_of(_metadata, contig, PAGE), one);
	EXPECT_EQ(ZX_OK, zx_pmt_unpin(pmt));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  pin1(bti, PIN_RW | ZX_BTI_CONTIGUOUS, contig, 0, 4 * PAGE, addrs, 2, &pmt));
	ASSERT_EQ(ZX_OK, pin1(bti, PIN_RW, contig, 0, 8 * PAGE, addrs, 8, &pmt));
	for (i = 0; i < 8; i++) {
		EXPECT_EQ(addrs[0] + i * PAGE, addrs[i]);
	}
	EXPECT_EQ(ZX_OK, zx_pmt_unpin(pmt));
	ASSERT_EQ(ZX_OK, pin1(bti, PIN_RW | ZX_BTI_COMPRESS, contig, 0, 8 * PAGE, addrs, 8, &pmt));
	EXPECT_EQ(addrs[0] + 7 * PAGE, addrs[7]);
	EXPECT_EQ(ZX_OK, zx_pmt_unpin(pmt));
	EXPECT_EQ(0u, bti_info(_metadata, bti).pmo_count);
	zx_handle_close(contig);
	zx_handle_close(vmo);
	zx_handle_close(bti);
}

TEST(bad_arguments)
{
	zx_handle_t bti = bti_new(_metadata), vmo = vmo_new(_metadata, 4 * PAGE, 0), pmt;
	zx_paddr_t addrs[4];

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, pin1(bti, PIN_RW, vmo, 1, PAGE, addrs, 1, &pmt));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, pin1(bti, PIN_RW, vmo, 0, PAGE - 1, addrs, 1, &pmt));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, pin1(bti, PIN_RW, vmo, 0, 0, addrs, 0, &pmt));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, pin1(bti, PIN_RW, vmo, 4 * PAGE, PAGE, addrs, 1, &pmt));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, pin1(bti, PIN_RW, vmo, 2 * PAGE, 3 * PAGE, addrs, 3, &pmt));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  pin1(bti, PIN_RW, vmo, UINT64_MAX - PAGE + 1, 2 * PAGE, addrs, 2, &pmt));
	/* Range before the number of addresses, as Zircon pins first. */
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, pin1(bti, PIN_RW, vmo, 0, 8 * PAGE, addrs, 1, &pmt));
	/* Handles: BTI first, then alignment, then the VMO. */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, pin1(ZX_HANDLE_INVALID, PIN_RW, vmo, 1, PAGE, addrs, 1, &pmt));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, pin1(closed_handle(), PIN_RW, vmo, 0, PAGE, addrs, 1, &pmt));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, pin1(vmo, PIN_RW, vmo, 0, PAGE, addrs, 1, &pmt));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, pin1(bti, PIN_RW, ZX_HANDLE_INVALID, 1, PAGE, addrs, 1, &pmt));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, pin1(bti, PIN_RW, ZX_HANDLE_INVALID, 0, PAGE, addrs, 1, &pmt));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, pin1(bti, PIN_RW, closed_handle(), 0, PAGE, addrs, 1, &pmt));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, pin1(bti, PIN_RW, bti, 0, PAGE, addrs, 1, &pmt));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  pin1(bti, PIN_RW, zx_vmar_root_self(), 0, PAGE, addrs, 1, &pmt));
	/* Unwritable outputs: nothing stays pinned or quarantined. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, pin1(bti, PIN_RW, vmo, 0, PAGE, NULL, 1, &pmt));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_bti_pin(bti, PIN_RW, vmo, 0, PAGE, addrs, 1, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_bti_pin(bti, PIN_RW, vmo, 0, PAGE, addrs, 1, (zx_handle_t *)8));
	EXPECT_EQ(0u, bti_info(_metadata, bti).pmo_count);
	EXPECT_EQ(0u, bti_info(_metadata, bti).quarantine_count);
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(vmo, ZX_VMO_OP_DECOMMIT, 0, 4 * PAGE, NULL, 0));

	/* zx_pmt_unpin consumes any handle. */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_pmt_unpin(ZX_HANDLE_INVALID));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_pmt_unpin(closed_handle()));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_pmt_unpin(vmo));
	EXPECT_TRUE(fd_closed(vmo));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_pmt_unpin(bti));
	EXPECT_TRUE(fd_closed(bti));
}

TEST(rights)
{
	zx_handle_t bti = bti_new(_metadata), vmo = vmo_new(_metadata, PAGE, 0), pmt, h;
	zx_handle_t d = ZX_HANDLE_INVALID;
	zx_rights_t all = ZX_DEFAULT_VMO_RIGHTS;
	zx_info_bti_t info;
	zx_paddr_t a;

	h = dup_rights(_metadata, bti, ZX_DEFAULT_BTI_RIGHTS & ~ZX_RIGHT_MAP);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, pin1(h, PIN_RW, vmo, 0, PAGE, &a, 1, &pmt));
	/* The BTI's right comes before the alignment. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, pin1(h, PIN_RW, vmo, 1, PAGE, &a, 1, &pmt));
	zx_handle_close(h);

	h = dup_rights(_metadata, vmo, all & ~ZX_RIGHT_MAP);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, pin1(bti, 0, h, 0, PAGE, &a, 1, &pmt));
	zx_handle_close(h);
	h = dup_rights(_metadata, vmo, all & ~ZX_RIGHT_READ);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, pin1(bti, ZX_BTI_PERM_READ, h, 0, PAGE, &a, 1, &pmt));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, pin1(bti, ZX_BTI_PERM_EXECUTE, h, 0, PAGE, &a, 1, &pmt));
	ASSERT_EQ(ZX_OK, pin1(bti, ZX_BTI_PERM_WRITE, h, 0, PAGE, &a, 1, &pmt));
	EXPECT_EQ(ZX_OK, zx_pmt_unpin(pmt));
	zx_handle_close(h);
	h = dup_rights(_metadata, vmo, all & ~ZX_RIGHT_WRITE);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, pin1(bti, ZX_BTI_PERM_WRITE, h, 0, PAGE, &a, 1, &pmt));
	/* The rights before the options. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  pin1(bti, ZX_BTI_PERM_WRITE | (1u << 9), h, 0, PAGE, &a, 1, &pmt));
	/* EXECUTE is the device's: it needs READ, not ZX_RIGHT_EXECUTE. */
	ASSERT_EQ(ZX_OK, pin1(bti, ZX_BTI_PERM_READ | ZX_BTI_PERM_EXECUTE, h, 0, PAGE, &a, 1,
			      &pmt));
	/* A PMT cannot be duplicated (no ZX_RIGHT_DUPLICATE). */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_handle_duplicate(pmt, ZX_RIGHT_SAME_RIGHTS, &d));
	/* Nor waited on; but replaced, and the new handle unpins. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_wait_one(pmt, ZX_USER_SIGNAL_0, 0, NULL));
	ASSERT_EQ(ZX_OK, zx_handle_replace(pmt, ZX_RIGHT_SAME_RIGHTS, &d));
	EXPECT_TRUE(fd_closed(pmt));
	EXPECT_EQ(1u, bti_info(_metadata, bti).pmo_count);
	EXPECT_EQ(0u, bti_info(_metadata, bti).quarantine_count);
	pmt = d;
	EXPECT_EQ(ZX_OK, zx_pmt_unpin(pmt));
	zx_handle_close(h);

	/* release_quarantine needs WRITE, ZX_INFO_BTI needs INSPECT. */
	h = dup_rights(_metadata, bti, ZX_DEFAULT_BTI_RIGHTS & ~ZX_RIGHT_WRITE);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_bti_release_quarantine(h));
	zx_handle_close(h);
	h = dup_rights(_metadata, bti, ZX_DEFAULT_BTI_RIGHTS & ~ZX_RIGHT_INSPECT);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_info(h, ZX_INFO_BTI, &info, sizeof(info), NULL, NULL));
	zx_handle_close(h);
	EXPECT_EQ(ZX_OK, zx_bti_release_quarantine(bti));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_bti_release_quarantine(vmo));
	zx_handle_close(vmo);
	zx_handle_close(bti);
}

TEST(refused_while_pinned)
{
	zx_handle_t bti = bti_new(_metadata), pmt, child = ZX_HANDLE_INVALID;
	zx_handle_t vmo = vmo_new(_metadata, 4 * PAGE, ZX_VMO_RESIZABLE);
	zx_paddr_t a[2], b[2];

	fill(_metadata, vmo, 0, 4 * PAGE, 0x33);
	ASSERT_EQ(ZX_OK, pin1(bti, PIN_RW, vmo, PAGE, 2 * PAGE, a, 2, &pmt));

	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_op_range(vmo, ZX_VMO_OP_DECOMMIT, 0, 4 * PAGE,
						   NULL, 0));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_op_range(vmo, ZX_VMO_OP_DECOMMIT, 2 * PAGE, PAGE,
						   NULL, 0));
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(vmo, ZX_VMO_OP_DECOMMIT, 3 * PAGE, PAGE, NULL, 0));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_set_size(vmo, 2 * PAGE));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_set_size(vmo, 0));
	EXPECT_EQ(ZX_OK, zx_vmo_set_size(vmo, 3 * PAGE));
	EXPECT_EQ(3 * PAGE, size_of(_metadata, vmo));
	EXPECT_EQ(ZX_ERR_BAD_STATE,
		  zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE, &child));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE,
							0, 4 * PAGE, &child));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_set_cache_policy(vmo, ZX_CACHE_POLICY_UNCACHED));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_set_cache_policy(vmo, ZX_CACHE_POLICY_CACHED));

	/* Zeroing works, in place: the pages stay where the device sees them. */
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(vmo, ZX_VMO_OP_ZERO, 0, 3 * PAGE, NULL, 0));
	expect_bytes(_metadata, vmo, 0, 3 * PAGE, 0);
	EXPECT_EQ(2 * PAGE, committed(_metadata, vmo));
	EXPECT_EQ(a[0], paddr_of(_metadata, vmo, PAGE));
	EXPECT_EQ(a[1], paddr_of(_metadata, vmo, 2 * PAGE));
	/* Writes land in the pinned pages. */
	fill(_metadata, vmo, PAGE, PAGE, 0x44);
	EXPECT_EQ(a[0], paddr_of(_metadata, vmo, PAGE));

	EXPECT_EQ(ZX_OK, zx_pmt_unpin(pmt));
	EXPECT_EQ(ZX_OK, zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE, &child));
	/* A pin of the parent now copies what the snapshot shares. */
	ASSERT_EQ(ZX_OK, pin1(bti, PIN_RW, vmo, PAGE, 2 * PAGE, b, 2, &pmt));
	EXPECT_EQ(ZX_OK, zx_pmt_unpin(pmt));
	zx_handle_close(child);
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(vmo, ZX_VMO_OP_DECOMMIT, 0, 3 * PAGE, NULL, 0));
	EXPECT_EQ(0u, committed(_metadata, vmo));
	EXPECT_EQ(ZX_OK, zx_vmo_set_size(vmo, 0));
	EXPECT_EQ(ZX_OK, zx_vmo_set_cache_policy(vmo, ZX_CACHE_POLICY_UNCACHED));
	EXPECT_EQ(ZX_OK, zx_vmo_set_cache_policy(vmo, ZX_CACHE_POLICY_CACHED));
	zx_handle_close(vmo);
	zx_handle_close(bti);
}

TEST(pin_snapshot_child_and_slice)
{
	zx_handle_t bti = bti_new(_metadata), vmo = vmo_new(_metadata, 4 * PAGE, 0), pmt;
	zx_handle_t child = ZX_HANDLE_INVALID, slice = ZX_HANDLE_INVALID, other;
	zx_paddr_t a[2], s;

	fill(_metadata, vmo, 0, 4 * PAGE, 0x11);
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0, 4 * PAGE, &child));
	/* The child's pins are its own copies; the parent's stay. */
	ASSERT_EQ(ZX_OK, pin1(bti, PIN_RW, child, 0, 2 * PAGE, a, 2, &pmt));
	EXPECT_EQ(2 * PAGE, vmo_info(_metadata, child).committed_private_bytes);
	EXPECT_NE(paddr_of(_metadata, vmo, 0), a[0]);
	EXPECT_EQ(a[0], paddr_of(_metadata, child, 0));
	expect_bytes(_metadata, child, 0, 2 * PAGE, 0x11);
	fill(_metadata, child, 0, PAGE, 0x22);
	expect_bytes(_metadata, vmo, 0, PAGE, 0x11);
	/* The parent can go: the pinned pages stay with the child. */
	zx_handle_close(vmo);
	EXPECT_EQ(a[0], paddr_of(_metadata, child, 0));
	expect_bytes(_metadata, child, 0, PAGE, 0x22);
	expect_bytes(_metadata, child, PAGE, PAGE, 0x11);
	EXPECT_EQ(ZX_OK, zx_pmt_unpin(pmt));

	/* Through a slice: the root's pages at the slice's offset. */
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(child, ZX_VMO_CHILD_SLICE, 2 * PAGE, PAGE, &slice));
	ASSERT_EQ(ZX_OK, pin1(bti, PIN_RW, slice, 0, PAGE, &s, 1, &pmt));
	EXPECT_EQ(paddr_of(_metadata, child, 2 * PAGE), s);
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_op_range(child, ZX_VMO_OP_DECOMMIT, 2 * PAGE, PAGE,
						   NULL, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, pin1(bti, PIN_RW, slice, PAGE, PAGE, &s, 1, &other));
	/* Pinned pages outlive every handle of the VMO. */
	zx_handle_close(slice);
	zx_handle_close(child);
	EXPECT_EQ(ZX_OK, zx_pmt_unpin(pmt));
	zx_handle_close(bti);
}

TEST(quarantine)
{
	zx_handle_t bti = bti_new(_metadata), vmo = vmo_new(_metadata, 2 * PAGE, 0), pmt, p2, dup;
	zx_paddr_t a[2];
	zx_info_bti_t info;

	ASSERT_EQ(ZX_OK, pin1(bti, PIN_RW, vmo, 0, 2 * PAGE, a, 2, &pmt));
	EXPECT_EQ(ZX_OK, zx_handle_close(pmt));
	info = bti_info(_metadata, bti);
	EXPECT_EQ(1u, info.pmo_count);
	EXPECT_EQ(1u, info.quarantine_count);
	/* The pages stay pinned, and the BTI pins nothing new meanwhile. */
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_op_range(vmo, ZX_VMO_OP_DECOMMIT, 0, 2 * PAGE,
						   NULL, 0));
	EXPECT_EQ(ZX_ERR_BAD_STATE, pin1(bti, PIN_RW, vmo, 0, PAGE, a, 1, &p2));
	EXPECT_EQ(ZX_HANDLE_INVALID, p2);
	EXPECT_EQ(ZX_OK, zx_bti_release_quarantine(bti));
	info = bti_info(_metadata, bti);
	EXPECT_EQ(0u, info.pmo_count);
	EXPECT_EQ(0u, info.quarantine_count);
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(vmo, ZX_VMO_OP_DECOMMIT, 0, 2 * PAGE, NULL, 0));
	ASSERT_EQ(ZX_OK, pin1(bti, PIN_RW, vmo, 0, PAGE, a, 1, &p2));
	EXPECT_EQ(ZX_OK, zx_pmt_unpin(p2));

	/* A duplicate of the BTI sees the same PMTs. */
	dup = dup_rights(_metadata, bti, ZX_RIGHT_SAME_RIGHTS);
	ASSERT_EQ(ZX_OK, pin1(dup, PIN_RW, vmo, 0, PAGE, a, 1, &pmt));
	EXPECT_EQ(1u, bti_info(_metadata, bti).pmo_count);
	zx_handle_close(pmt);
	EXPECT_EQ(1u, bti_info(_metadata, bti).quarantine_count);
	zx_handle_close(dup);
	EXPECT_EQ(1u, bti_info(_metadata, bti).quarantine_count);
	/* Closing the BTI's last handle lets the quarantine go (logged). */
	zx_handle_close(vmo);
	zx_handle_close(bti);
}

TEST(close_bti_before_pmt)
{
	zx_handle_t bti = bti_new(_metadata), vmo = vmo_new(_metadata, PAGE, 0), pmt;
	zx_paddr_t a;

	ASSERT_EQ(ZX_OK, pin1(bti, PIN_RW, vmo, 0, PAGE, &a, 1, &pmt));
	zx_handle_close(bti);
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_op_range(vmo, ZX_VMO_OP_DECOMMIT, 0, PAGE, NULL, 0));
	EXPECT_EQ(ZX_OK, zx_pmt_unpin(pmt));
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(vmo, ZX_VMO_OP_DECOMMIT, 0, PAGE, NULL, 0));

	/* And closing the PMT after the BTI: unpinned, not leaked. */
	bti = bti_new(_metadata);
	ASSERT_EQ(ZX_OK, pin1(bti, PIN_RW, vmo, 0, PAGE, &a, 1, &pmt));
	zx_handle_close(bti);
	zx_handle_close(pmt);
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(vmo, ZX_VMO_OP_DECOMMIT, 0, PAGE, NULL, 0));
	zx_handle_close(vmo);
}

TEST(info_and_name)
{
	zx_handle_t bti = bti_new(_metadata), vmo = vmo_new(_metadata, PAGE, 0), h;
	char name[ZX_MAX_NAME_LEN];
	zx_info_bti_t info;
	size_t actual = 9, avail = 9;

	info = bti_info(_metadata, bti);
	EXPECT_EQ(PAGE, info.minimum_contiguity);
	EXPECT_EQ(UINT64_MAX, info.aspace_size);
	EXPECT_EQ(0u, info.pmo_count);
	EXPECT_EQ(0u, info.quarantine_count);
	EXPECT_EQ(ZX_OK, zx_object_get_info(bti, ZX_INFO_BTI, &info, sizeof(info), &actual,
					    &avail));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(1u, avail);
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(bti, ZX_INFO_BTI, &info, sizeof(info) - 1, NULL, NULL));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_get_info(vmo, ZX_INFO_BTI, &info, sizeof(info), NULL, NULL));

	memset(name, 0, sizeof(name));
	EXPECT_EQ(ZX_OK, zx_object_get_property(bti, ZX_PROP_NAME, name, sizeof(name)));
	EXPECT_STREQ("", name);
	EXPECT_EQ(ZX_OK, zx_object_set_property(bti, ZX_PROP_NAME, "dma-bti", 7));
	EXPECT_EQ(ZX_OK, zx_object_get_property(bti, ZX_PROP_NAME, name, sizeof(name)));
	EXPECT_STREQ("dma-bti", name);
	h = dup_rights(_metadata, bti, ZX_DEFAULT_BTI_RIGHTS & ~ZX_RIGHT_SET_PROPERTY);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_set_property(h, ZX_PROP_NAME, "x", 1));
	zx_handle_close(h);
	h = dup_rights(_metadata, bti, ZX_DEFAULT_BTI_RIGHTS & ~ZX_RIGHT_GET_PROPERTY);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_get_property(h, ZX_PROP_NAME, name,
							       sizeof(name)));
	zx_handle_close(h);
	/* The name belongs to the object: a duplicate sees it. */
	h = dup_rights(_metadata, bti, ZX_RIGHT_SAME_RIGHTS);
	EXPECT_EQ(ZX_OK, zx_object_get_property(h, ZX_PROP_NAME, name, sizeof(name)));
	EXPECT_STREQ("dma-bti", name);
	zx_handle_close(h);
	zx_handle_close(vmo);
	zx_handle_close(bti);
}

/*
 * The content size property on a BTI, in Zircon's order: the property
 * rights, the size of the value, then the type (WRONG_TYPE), then the
 * copy of the value.
 */
TEST(content_size_property_order)
{
	zx_handle_t bti = bti_new(_metadata);
	zx_handle_t noget = dup_rights(_metadata, bti,
				       ZX_DEFAULT_BTI_RIGHTS & ~ZX_RIGHT_GET_PROPERTY);
	zx_handle_t nowrite = dup_rights(_metadata, bti, ZX_DEFAULT_BTI_RIGHTS & ~ZX_RIGHT_WRITE);
	void *bad = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t v = 0;

	ASSERT_NE(MAP_FAILED, bad);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_property(noget, ZX_PROP_VMO_CONTENT_SIZE, &v, sizeof(v)));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_set_property(nowrite, ZX_PROP_VMO_CONTENT_SIZE, &v, sizeof(v)));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_property(bti, ZX_PROP_VMO_CONTENT_SIZE, &v, 4));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_set_property(bti, ZX_PROP_VMO_CONTENT_SIZE, &v, 4));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_get_property(bti, ZX_PROP_VMO_CONTENT_SIZE, bad, 8));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_set_property(bti, ZX_PROP_VMO_CONTENT_SIZE, bad, 8));
	/* A name is the BTI's own: only a bad value fails. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_property(bti, ZX_PROP_NAME, bad, ZX_MAX_NAME_LEN));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_set_property(bti, ZX_PROP_NAME, bad, 4));
	munmap(bad, PAGE);
	zx_handle_close(noget);
	zx_handle_close(nowrite);
	zx_handle_close(bti);
}

TEST(discardable_pinned_not_discarded)
{
	zx_handle_t bti = bti_new(_metadata), pmt;
	zx_handle_t vmo = vmo_new(_metadata, 2 * PAGE, ZX_VMO_DISCARDABLE);
	zx_vmo_lock_state_t st;
	zx_paddr_t a;

	ASSERT_EQ(ZX_OK, zx_vmo_op_range(vmo, ZX_VMO_OP_LOCK, 0, 2 * PAGE, &st, sizeof(st)));
	fill(_metadata, vmo, 0, 2 * PAGE, 0x77);
	ASSERT_EQ(ZX_OK, pin1(bti, PIN_RW, vmo, 0, PAGE, &a, 1, &pmt));
	ASSERT_EQ(ZX_OK, zx_vmo_op_range(vmo, ZX_VMO_OP_UNLOCK, 0, 2 * PAGE, NULL, 0));
	EXPECT_EQ(0, drop_caches());
	/* Not discarded: TRY_LOCK finds the pages. */
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(vmo, ZX_VMO_OP_TRY_LOCK, 0, 2 * PAGE, NULL, 0));
	expect_bytes(_metadata, vmo, 0, 2 * PAGE, 0x77);
	ASSERT_EQ(ZX_OK, zx_vmo_op_range(vmo, ZX_VMO_OP_UNLOCK, 0, 2 * PAGE, NULL, 0));
	EXPECT_EQ(ZX_OK, zx_pmt_unpin(pmt));
	/* Unpinned, it can go again. */
	EXPECT_EQ(0, drop_caches());
	EXPECT_EQ(ZX_ERR_UNAVAILABLE,
		  zx_vmo_op_range(vmo, ZX_VMO_OP_TRY_LOCK, 0, 2 * PAGE, NULL, 0));
	zx_handle_close(vmo);
	zx_handle_close(bti);
}

/* The capability model: a BTI handed to an unprivileged process works. */
static int pin_as_nobody(void *arg)
{
	zx_handle_t bti = *(zx_handle_t *)arg, vmo = ZX_HANDLE_INVALID, pmt = ZX_HANDLE_INVALID;
	zx_handle_t mine = ZX_HANDLE_INVALID;
	zx_paddr_t a = 0;

	if (become_nobody())
		return 10;
	if (zxvmo_get_bti(&mine) != ZX_ERR_ACCESS_DENIED)
		return 11;
	if (zx_vmo_create(PAGE, 0, &vmo) != ZX_OK)
		return 12;
	if (zx_bti_pin(bti, PIN_RW, vmo, 0, PAGE, &a, 1, &pmt) != ZX_OK || !a)
		return 13;
	if (zx_pmt_unpin(pmt) != ZX_OK)
		return 14;
	return 0;
}

/* Pinned pages are committed pages: the owner's budget bounds them. */
#define BUDGET_PARAM "/sys/module/zxvmo/parameters/user_pages_max"

static long param_rw(long v)
{
	FILE *f = fopen(BUDGET_PARAM, v < 0 ? "re" : "we");
	long old = -1;

	if (!f)
		return -1;
	if (v < 0) {
		if (fscanf(f, "%ld", &old) != 1)
			old = -1;
	} else if (fprintf(f, "%ld\n", v) <= 0) {
		old = -1;
	} else {
		old = 0;
	}
	return fclose(f) == 0 ? old : -1;
}

static int pin_past_budget(void *arg)
{
	zx_handle_t bti = *(zx_handle_t *)arg, vmo = ZX_HANDLE_INVALID, pmt = ZX_HANDLE_INVALID;
	zx_paddr_t a[8];
	zx_info_bti_t info;

	if (become_nobody())
		return 10;
	if (zx_vmo_create(8 * PAGE, 0, &vmo) != ZX_OK)
		return 11;
	if (zx_bti_pin(bti, PIN_RW, vmo, 0, 8 * PAGE, a, 8, &pmt) != ZX_ERR_NO_MEMORY)
		return 12;
	if (zx_object_get_info(bti, ZX_INFO_BTI, &info, sizeof(info), NULL, NULL) != ZX_OK ||
	    info.pmo_count || info.quarantine_count)
		return 13;
	/* Within the budget it works; the failed pin left nothing pinned. */
	if (zx_vmo_op_range(vmo, ZX_VMO_OP_DECOMMIT, 0, 8 * PAGE, NULL, 0) != ZX_OK)
		return 14;
	if (zx_bti_pin(bti, PIN_RW, vmo, 0, 4 * PAGE, a, 4, &pmt) != ZX_OK)
		return 15;
	if (zx_vmo_op_range(vmo, ZX_VMO_OP_COMMIT, 4 * PAGE, 2 * PAGE, NULL, 0) !=
	    ZX_ERR_NO_MEMORY)
		return 16;
	if (zx_pmt_unpin(pmt) != ZX_OK)
		return 17;
	return 0;
}

TEST(budget)
{
	zx_handle_t bti = bti_new(_metadata);
	long old = param_rw(-1);

	ASSERT_LT(0, old);
	ASSERT_EQ(0, param_rw(5));
	EXPECT_EQ(0, run_in_child(pin_past_budget, &bti));
	EXPECT_EQ(0, param_rw(old));
	zx_handle_close(bti);
}

TEST(unprivileged_holder)
{
	zx_handle_t bti = bti_new(_metadata);

	EXPECT_EQ(0, run_in_child(pin_as_nobody, &bti));
	zx_handle_close(bti);
}

TEST_HARNESS_MAIN
