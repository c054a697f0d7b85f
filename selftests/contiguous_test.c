// SPDX-License-Identifier: GPL-2.0
/*
 * zx_vmo_create_contiguous(): needs a BTI with ZX_RIGHT_MAP; the VMO is
 * committed and zeroed at creation and physically contiguous (checked in
 * /proc/self/pagemap), its first page aligned to 2^alignment_log2; sizes
 * beyond one buddy block (4 MiB on x86-64) are ZX_ERR_NO_MEMORY; no
 * snapshot children, slices allowed; DECOMMIT is NOT_SUPPORTED and ZERO
 * clears in place.
 */
#include "zxvmo_test.h"
#include "resource_helpers.h"

#define MIB (1024ull * 1024)

static zx_handle_t contig_new(struct __test_metadata *_metadata, size_t size, uint32_t align)
{
	zx_handle_t bti = bti_new(_metadata), h = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_vmo_create_contiguous(bti, size, align, &h));
	ASSERT_NE(ZX_HANDLE_INVALID, h);
	zx_handle_close(bti);
	return h;
}

/*
 * Map @h, touch every page and check that the pages are consecutive
 * physical frames; returns the first PFN (0 on failure, after reporting).
 */
static uint64_t check_contiguous(struct __test_metadata *_metadata, zx_handle_t h, size_t size)
{
	zx_vaddr_t addr = 0;
	uint64_t first, pfn;
	size_t i;

	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, h, 0, size, &addr));
	first = 0;
	for (i = 0; i < size; i += PAGE) {
		(void)*(volatile uint8_t *)(addr + i);
		pfn = pfn_of((void *)(addr + i));
		if (i == 0)
			first = pfn;
		if (!pfn || pfn != first + i / PAGE) {
			TH_LOG("page %zu: pfn %#" PRIx64 ", expected %#" PRIx64, i / PAGE, pfn,
			       first + i / PAGE);
			first = 0;
			break;
		}
	}
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), addr, size));
	EXPECT_NE(0u, first);
	return first;
}

TEST(committed_zeroed_contiguous)
{
	static const size_t sizes[] = { 1, 4096, 5 * 4096 - 7, 64 * 4096 };
	size_t k;

	ASSERT_EQ(0u, geteuid());	/* PFNs in pagemap need CAP_SYS_ADMIN */
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t size = sizes[k], rounded = round_up_page(size);
		zx_handle_t h = contig_new(_metadata, size, 0);
		zx_info_vmo_t info = vmo_info(_metadata, h);
		uint8_t *buf = malloc(rounded);

		EXPECT_EQ(rounded, info.size_bytes);
		EXPECT_EQ(rounded, info.committed_bytes);
		EXPECT_EQ(rounded, info.populated_bytes);
		EXPECT_EQ(ZX_INFO_VMO_TYPE_PAGED | ZX_INFO_VMO_CONTIGUOUS | ZX_INFO_VMO_VIA_HANDLE,
			  info.flags);
		EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS, info.handle_rights);
		EXPECT_EQ(ZX_CACHE_POLICY_CACHED, info.cache_policy);
		EXPECT_EQ(size, content_size_of(_metadata, h));
		EXPECT_EQ(rounded, size_of(_metadata, h));
		ASSERT_NE(NULL, buf);
		memset(buf, 0xa5, rounded);
		ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, 0, rounded));
		EXPECT_TRUE(all_zero(buf, rounded));
		check_contiguous(_metadata, h, rounded);
		/* mapping and reading commit nothing more */
		EXPECT_EQ(rounded, committed(_metadata, h));
		free(buf);
		zx_handle_close(h);
	}
}

/* Written data reads back through the VMO and through a mapping. */
TEST(read_write_and_map)
{
	const size_t size = 8 * PAGE;
	zx_handle_t h = contig_new(_metadata, size, 0);
	zx_vaddr_t addr = 0;
	uint8_t *p, buf[64];

	fill(_metadata, h, 3 * PAGE - 5, 10, 0x5a);
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), RW, 0, h, 0, size, &addr));
	p = (uint8_t *)addr;
	EXPECT_EQ(0x5a, p[3 * PAGE - 5]);
	EXPECT_EQ(0x5a, p[3 * PAGE + 4]);
	EXPECT_EQ(0, p[3 * PAGE + 5]);
	memset(p + 7 * PAGE, 0x77, 64);
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, 7 * PAGE, sizeof(buf)));
	EXPECT_EQ(0x77, buf[0]);
	EXPECT_EQ(0x77, buf[63]);
	EXPECT_EQ(size, committed(_metadata, h));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), addr, size));
	zx_handle_close(h);
}

TEST(alignment_is_honoured)
{
	static const uint32_t aligns[] = { 0, 12, 13, 16, 20, 22 };
	size_t k;

	for (k = 0; k < sizeof(aligns) / sizeof(aligns[0]); k++) {
		uint32_t a = aligns[k] ? aligns[k] : 12;
		zx_handle_t h = contig_new(_metadata, 2 * PAGE, aligns[k]);
		uint64_t pfn = check_contiguous(_metadata, h, 2 * PAGE);
		uint64_t mask = (1ull << (a - 12)) - 1;

		EXPECT_EQ(0u, pfn & mask) {
			TH_LOG("alignment_log2 %u: first pfn %#" PRIx64, a, pfn);
		}
		/* only the size is committed, not the alignment */
		EXPECT_EQ(2 * PAGE, committed(_metadata, h));
		zx_handle_close(h);
	}
}

/* The largest block of the buddy allocator: 4 MiB (order 10). */
TEST(four_mib_works_eight_does_not)
{
	zx_handle_t bti = bti_new(_metadata), h = ZX_HANDLE_INVALID;
	uint64_t pfn;

	h = contig_new(_metadata, 4 * MIB, 0);
	EXPECT_EQ(4 * MIB, committed(_metadata, h));
	pfn = check_contiguous(_metadata, h, 4 * MIB);
	EXPECT_NE(0u, pfn);
	zx_handle_close(h);
	h = contig_new(_metadata, 4 * MIB, 22);
	pfn = check_contiguous(_metadata, h, 4 * MIB);
	EXPECT_EQ(0u, pfn & ((4 * MIB / PAGE) - 1));
	zx_handle_close(h);

	h = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_ERR_NO_MEMORY, zx_vmo_create_contiguous(bti, 8 * MIB, 0, &h));
	EXPECT_EQ(ZX_ERR_NO_MEMORY, zx_vmo_create_contiguous(bti, 4 * MIB + 1, 0, &h));
	/* an alignment beyond the largest block as well */
	EXPECT_EQ(ZX_ERR_NO_MEMORY, zx_vmo_create_contiguous(bti, PAGE, 23, &h));
	EXPECT_EQ(ZX_ERR_NO_MEMORY, zx_vmo_create_contiguous(bti, PAGE, 63, &h));
	EXPECT_EQ(ZX_HANDLE_INVALID, h);
	zx_handle_close(bti);
}

TEST(argument_errors)
{
	zx_handle_t bti = bti_new(_metadata), h = ZX_HANDLE_INVALID;
	zx_handle_t closed = 1000;
	uint32_t a;
	int fds = open_fds();

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create_contiguous(bti, 0, 0, &h));
	for (a = 1; a < 12; a++)
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create_contiguous(bti, PAGE, a, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create_contiguous(bti, PAGE, 64, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create_contiguous(bti, PAGE, 1000, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create_contiguous(bti, PAGE, UINT32_MAX, &h));
	/* Zircon checks size and alignment before the handle */
	ASSERT_TRUE(fd_closed(closed));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create_contiguous(closed, 0, 0, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create_contiguous(closed, PAGE, 5, &h));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_create_contiguous(closed, PAGE, 0, &h));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_create_contiguous(ZX_HANDLE_INVALID, PAGE, 0, &h));
	/* sizes that do not round */
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_create_contiguous(bti, SIZE_MAX, 0, &h));
	/* out pointer: nothing leaks */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create_contiguous(bti, PAGE, 0, NULL));
	EXPECT_EQ(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(fds, open_fds());
	zx_handle_close(bti);
}

TEST(bti_type_and_rights)
{
	zx_handle_t bti = bti_new(_metadata), vmex = vmex_new(_metadata);
	zx_handle_t vmo = vmo_new(_metadata, PAGE, 0), weak, h = ZX_HANDLE_INVALID;
	int p[2];

	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_create_contiguous(vmo, PAGE, 0, &h));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_create_contiguous(vmex, PAGE, 0, &h));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_create_contiguous((zx_handle_t)p[0], PAGE, 0, &h));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_create_contiguous(zx_vmar_root_self(), PAGE, 0, &h));
	weak = dup_rights(_metadata, bti, ZXVMO_DEFAULT_BTI_RIGHTS & ~ZX_RIGHT_MAP);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_create_contiguous(weak, PAGE, 0, &h));
	zx_handle_close(weak);
	weak = dup_rights(_metadata, bti, ZX_RIGHT_MAP);
	EXPECT_EQ(ZX_OK, zx_vmo_create_contiguous(weak, PAGE, 0, &h));
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS, rights_of(_metadata, h));
	zx_handle_close(h);
	zx_handle_close(weak);
	close(p[0]);
	close(p[1]);
	zx_handle_close(vmo);
	zx_handle_close(vmex);
	zx_handle_close(bti);
}

TEST(no_snapshots_slices_share_pages)
{
	zx_handle_t h = contig_new(_metadata, 4 * PAGE, 0), c = ZX_HANDLE_INVALID, s, s2;
	zx_vaddr_t addr = 0;
	uint64_t pfn;

	pfn = check_contiguous(_metadata, h, 4 * PAGE);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_create_child(h, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE, &c));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_create_child(h, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE, 0, PAGE, &c));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create_child(h, ZX_VMO_CHILD_SNAPSHOT |
							   ZX_VMO_CHILD_NO_WRITE, 0, PAGE, &c));
	EXPECT_EQ(ZX_HANDLE_INVALID, c);

	ASSERT_EQ(ZX_OK, zx_vmo_create_child(h, ZX_VMO_CHILD_SLICE, 2 * PAGE, 2 * PAGE, &s));
	EXPECT_EQ(2 * PAGE, size_of(_metadata, s));
	/* a slice of a contiguous VMO is contiguous memory too */
	EXPECT_NE(0u, vmo_info(_metadata, s).flags & ZX_INFO_VMO_CONTIGUOUS);
	fill(_metadata, s, 0, 16, 0x33);
	expect_bytes(_metadata, h, 2 * PAGE, 16, 0x33);
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, s, 0, 2 * PAGE,
				     &addr));
	(void)*(volatile uint8_t *)addr;
	EXPECT_EQ(pfn + 2, pfn_of((void *)addr));
	EXPECT_EQ(0x33, *(uint8_t *)addr);
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), addr, 2 * PAGE));
	/* nor of a slice */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_create_child(s, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE, &c));
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(s, ZX_VMO_CHILD_SLICE, PAGE, PAGE, &s2));
	expect_bytes(_metadata, s2, 0, 16, 0);
	zx_handle_close(s2);
	zx_handle_close(s);
	/* the slices kept the parent's pages: all still committed */
	EXPECT_EQ(4 * PAGE, committed(_metadata, h));
	zx_handle_close(h);
}

TEST(decommit_not_supported_zero_in_place)
{
	const size_t size = 4 * PAGE;
	zx_handle_t h = contig_new(_metadata, size, 0), s;
	uint64_t pfn = check_contiguous(_metadata, h, size);

	fill(_metadata, h, 0, size, 0xee);
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_vmo_op_range(h, ZX_VMO_OP_DECOMMIT, 0, size, NULL, 0));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_vmo_op_range(h, ZX_VMO_OP_DECOMMIT, PAGE, PAGE, NULL, 0));
	EXPECT_EQ(size, committed(_metadata, h));
	expect_bytes(_metadata, h, 0, size, 0xee);

	/* ZERO: whole pages and partial ones, the pages stay where they are */
	ASSERT_EQ(ZX_OK, zx_vmo_op_range(h, ZX_VMO_OP_ZERO, PAGE, 2 * PAGE, NULL, 0));
	ASSERT_EQ(ZX_OK, zx_vmo_op_range(h, ZX_VMO_OP_ZERO, 100, 50, NULL, 0));
	EXPECT_EQ(size, committed(_metadata, h));
	expect_bytes(_metadata, h, 0, 100, 0xee);
	expect_bytes(_metadata, h, 100, 50, 0);
	expect_bytes(_metadata, h, 150, PAGE - 150, 0xee);
	expect_bytes(_metadata, h, PAGE, 2 * PAGE, 0);
	expect_bytes(_metadata, h, 3 * PAGE, PAGE, 0xee);
	EXPECT_EQ(pfn, check_contiguous(_metadata, h, size));
	/* through a slice as well */
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(h, ZX_VMO_CHILD_SLICE, 3 * PAGE, PAGE, &s));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_vmo_op_range(s, ZX_VMO_OP_DECOMMIT, 0, PAGE, NULL, 0));
	ASSERT_EQ(ZX_OK, zx_vmo_op_range(s, ZX_VMO_OP_ZERO, 0, PAGE, NULL, 0));
	expect_bytes(_metadata, h, 3 * PAGE, PAGE, 0);
	EXPECT_EQ(size, committed(_metadata, h));
	/* COMMIT has nothing to do; the hints succeed */
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(h, ZX_VMO_OP_COMMIT, 0, size, NULL, 0));
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(h, ZX_VMO_OP_DONT_NEED, 0, size, NULL, 0));
	EXPECT_EQ(size, committed(_metadata, h));
	zx_handle_close(s);
	zx_handle_close(h);
}

TEST(not_resizable)
{
	zx_handle_t h = contig_new(_metadata, 2 * PAGE, 0);

	EXPECT_EQ(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(h, 4 * PAGE));
	EXPECT_EQ(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(h, PAGE));
	EXPECT_EQ(0u, vmo_info(_metadata, h).flags & ZX_INFO_VMO_RESIZABLE);
	zx_handle_close(h);
}

/* Leaving CACHED converts the committed pages; coming back is BAD_STATE. */
TEST(cache_policy)
{
	zx_handle_t h = contig_new(_metadata, 2 * PAGE, 0);
	zx_vaddr_t addr = 0;
	uint8_t b = 0;

	ASSERT_EQ(ZX_OK, zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_UNCACHED));
	EXPECT_EQ(ZX_CACHE_POLICY_UNCACHED, vmo_info(_metadata, h).cache_policy);
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_CACHED));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_read(h, &b, 0, 1));
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), RW, 0, h, 0, 2 * PAGE, &addr));
	*(volatile uint8_t *)(addr + PAGE) = 9;
	EXPECT_EQ(9, *(volatile uint8_t *)(addr + PAGE));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), addr, 2 * PAGE));
	zx_handle_close(h);
}

/* Closing the last handle frees the block (nothing counted any more). */
TEST(many_create_close)
{
	zx_handle_t bti = bti_new(_metadata), h;
	int i;

	for (i = 0; i < 64; i++) {
		ASSERT_EQ(ZX_OK, zx_vmo_create_contiguous(bti, 4 * MIB, 0, &h));
		zx_handle_close(h);
	}
	zx_handle_close(bti);
}

TEST_HARNESS_MAIN
