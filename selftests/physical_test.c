// SPDX-License-Identifier: GPL-2.0
/*
 * zx_vmo_create_physical() over RAM set aside at boot with memmap=SIZE$ADDR
 * (E820 "Reserved", not System RAM).  Needs its own boot:
 *
 *	scripts/vm-run --append 'memmap=16M$0x40000000' \
 *		--add selftests/physical_test -- ./physical_test
 *
 * Without such a range on the kernel command line every test is skipped.
 * Checked: the MMIO resource and its range rules, two VMOs over the same
 * range see each other's writes through mappings, data outlives the VMOs,
 * slices map their sub-range, UNCACHED by default and the policy changes
 * while unmapped, zx_vmo_read/write and snapshots NOT_SUPPORTED, info.
 */
#include "zxvmo_test.h"
#include "resource_helpers.h"


/*
 * A SKIP in FIXTURE_SETUP does not keep this harness from running the test
 * body: every body starts with this.
 */
#define RETURN_IF_SKIPPED()		\
	do {				\
		if (_metadata->skip)	\
			return;		\
	} while (0)

FIXTURE(phys)
{
	uint64_t base, size;	/* the reserved range */
	zx_handle_t mmio;	/* an MMIO resource for all of it */
};

FIXTURE_SETUP(phys)
{
	char why[160];

	self->mmio = ZX_HANDLE_INVALID;
	if (!find_reserved_range(&self->base, &self->size, why, sizeof(why)))
		SKIP(return, "%s", why);
	ASSERT_GE(self->size, 16 * PAGE);
	ASSERT_EQ(ZX_OK, zxvmo_get_mmio_resource(self->base, self->size, &self->mmio));
}

FIXTURE_TEARDOWN(phys)
{
	if (self->mmio != ZX_HANDLE_INVALID)
		zx_handle_close(self->mmio);
}

static zx_handle_t phys_new(struct __test_metadata *_metadata, zx_handle_t mmio,
			    uint64_t paddr, size_t size)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_vmo_create_physical(mmio, paddr, size, &h));
	ASSERT_NE(ZX_HANDLE_INVALID, h);
	return h;
}

TEST_F(phys, range_is_reserved_not_ram)
{
	RETURN_IF_SKIPPED();
	static struct iomem_entry e[512];
	int n = iomem_read(e, 512);
	zx_info_resource_t r;

	ASSERT_GT(n, 0);
	EXPECT_FALSE(iomem_overlaps_ram(e, n, self->base, self->size));
	ASSERT_EQ(ZX_OK, zx_object_get_info(self->mmio, ZX_INFO_RESOURCE, &r, sizeof(r), NULL,
					    NULL));
	EXPECT_EQ(ZX_RSRC_KIND_MMIO, r.kind);
	EXPECT_EQ(self->base, r.base);
	EXPECT_EQ(self->size, r.size);
}

TEST_F(phys, resource_over_ram_is_refused)
{
	RETURN_IF_SKIPPED();
	static uint64_t ram;
	zx_handle_t h = ZX_HANDLE_INVALID;

	ASSERT_TRUE(find_system_ram(&ram));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zxvmo_get_mmio_resource(ram, PAGE, &h));
	/* nor may a range reach from the reserved RAM into System RAM */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zxvmo_get_mmio_resource(self->base, self->size + PAGE, &h));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zxvmo_get_mmio_resource(self->base - PAGE, 2 * PAGE, &h));
	EXPECT_EQ(ZX_HANDLE_INVALID, h);
}

TEST_F(phys, info_and_rights)
{
	RETURN_IF_SKIPPED();
	zx_handle_t h = phys_new(_metadata, self->mmio, self->base + PAGE, 3 * PAGE);
	zx_info_vmo_t info = vmo_info(_metadata, h);

	EXPECT_EQ(3 * PAGE, info.size_bytes);
	EXPECT_EQ(0u, info.flags & ZX_INFO_VMO_TYPE_PAGED);
	EXPECT_EQ(ZX_INFO_VMO_TYPE_PHYSICAL, ZX_INFO_VMO_TYPE(info.flags));
	EXPECT_EQ(0u, info.flags & (ZX_INFO_VMO_CONTIGUOUS | ZX_INFO_VMO_RESIZABLE |
				    ZX_INFO_VMO_DISCARDABLE | ZX_INFO_VMO_IS_COW_CLONE));
	EXPECT_EQ(ZX_CACHE_POLICY_UNCACHED, info.cache_policy);
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS | ZX_RIGHT_EXECUTE, info.handle_rights);
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS | ZX_RIGHT_EXECUTE, rights_of(_metadata, h));
	EXPECT_EQ(0u, info.committed_bytes);
	EXPECT_EQ(3 * PAGE, size_of(_metadata, h));
	EXPECT_EQ(3 * PAGE, content_size_of(_metadata, h));
	EXPECT_EQ(ZX_OBJ_TYPE_VMO, basic_info(_metadata, h).type);
	EXPECT_EQ(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(h, 4 * PAGE));
	zx_handle_close(h);
}

TEST_F(phys, argument_errors)
{
	RETURN_IF_SKIPPED();
	zx_handle_t h = ZX_HANDLE_INVALID, vmex = vmex_new(_metadata), bti = bti_new(_metadata);
	zx_handle_t vmo = vmo_new(_metadata, PAGE, 0), sub;
	int p[2], fds;

	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	fds = open_fds();
	/* not an MMIO resource */
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_create_physical(vmex, self->base, PAGE, &h));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_create_physical(bti, self->base, PAGE, &h));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_create_physical(vmo, self->base, PAGE, &h));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_create_physical((zx_handle_t)p[0], self->base, PAGE,
							    &h));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_create_physical(1000, self->base, PAGE, &h));
	/* outside the resource */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmo_create_physical(self->mmio, self->base - PAGE, PAGE, &h));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmo_create_physical(self->mmio, self->base, self->size + PAGE, &h));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmo_create_physical(self->mmio, self->base + self->size, PAGE, &h));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmo_create_physical(self->mmio, self->base + PAGE, UINT64_MAX - PAGE, &h));
	/* alignment, size 0 */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create_physical(self->mmio, self->base + 1, PAGE,
							      &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create_physical(self->mmio, self->base, PAGE + 1,
							      &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create_physical(self->mmio, self->base, 0, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create_physical(self->mmio, self->base, PAGE, NULL));
	EXPECT_EQ(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(fds, open_fds());
	/* a resource for a sub-range grants only that */
	ASSERT_EQ(ZX_OK, zxvmo_get_mmio_resource(self->base + 4 * PAGE, 2 * PAGE, &sub));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_create_physical(sub, self->base, PAGE, &h));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmo_create_physical(sub, self->base + 5 * PAGE, 2 * PAGE, &h));
	ASSERT_EQ(ZX_OK, zx_vmo_create_physical(sub, self->base + 5 * PAGE, PAGE, &h));
	zx_handle_close(h);
	zx_handle_close(sub);
	close(p[0]);
	close(p[1]);
	zx_handle_close(vmo);
	zx_handle_close(bti);
	zx_handle_close(vmex);
}

/* Two VMOs over the same range: a write through one mapping reads through the other. */
TEST_F(phys, two_vmos_share_the_range)
{
	RETURN_IF_SKIPPED();
	const size_t len = 4 * PAGE;
	zx_handle_t a = phys_new(_metadata, self->mmio, self->base, len);
	zx_handle_t b = phys_new(_metadata, self->mmio, self->base, len);
	volatile uint8_t *pa = map_vmo(_metadata, a, RW, 0, len), *pb = map_vmo(_metadata, b, RW, 0, len);
	size_t i;

	EXPECT_NE(koid_of(_metadata, a), koid_of(_metadata, b));
	for (i = 0; i < len; i += 512)
		pa[i] = (uint8_t)(i / 512 + 1);
	for (i = 0; i < len; i += 512)
		EXPECT_EQ((uint8_t)(i / 512 + 1), pb[i]);
	pb[len - 1] = 0x42;
	EXPECT_EQ(0x42, pa[len - 1]);
	EXPECT_EQ(1u, vmo_info(_metadata, a).num_mappings);
	/* physical VMOs never commit */
	EXPECT_EQ(0u, committed(_metadata, a));
	unmap_vmo(_metadata, pa, len);
	unmap_vmo(_metadata, pb, len);
	zx_handle_close(a);
	zx_handle_close(b);
}

/* The memory belongs to no VMO: what one wrote, the next one reads. */
TEST_F(phys, contents_outlive_the_vmo)
{
	RETURN_IF_SKIPPED();
	zx_handle_t a = phys_new(_metadata, self->mmio, self->base + 8 * PAGE, PAGE), b;
	volatile uint8_t *p = map_vmo(_metadata, a, RW, 0, PAGE);

	memset((void *)p, 0x6b, 64);
	unmap_vmo(_metadata, p, PAGE);
	zx_handle_close(a);
	b = phys_new(_metadata, self->mmio, self->base + 7 * PAGE, 2 * PAGE);
	p = map_vmo(_metadata, b, RW, 0, 2 * PAGE);
	EXPECT_EQ(0x6b, p[PAGE]);
	EXPECT_EQ(0x6b, p[PAGE + 63]);
	unmap_vmo(_metadata, p, 2 * PAGE);
	zx_handle_close(b);
}

/* Slices map the right sub-range, also at a mapping offset. */
TEST_F(phys, slices_map_their_subrange)
{
	RETURN_IF_SKIPPED();
	const size_t len = 8 * PAGE;
	zx_handle_t h = phys_new(_metadata, self->mmio, self->base, len), s, s2, c;
	volatile uint8_t *p = map_vmo(_metadata, h, RW, 0, len), *ps, *ps2;
	size_t i;

	for (i = 0; i < 8; i++)
		p[i * PAGE] = (uint8_t)(0xa0 + i);
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(h, ZX_VMO_CHILD_SLICE, 3 * PAGE, 4 * PAGE, &s));
	EXPECT_EQ(4 * PAGE, size_of(_metadata, s));
	EXPECT_EQ(0u, vmo_info(_metadata, s).flags & ZX_INFO_VMO_TYPE_PAGED);
	ps = map_vmo(_metadata, s, RW, 0, 4 * PAGE);
	for (i = 0; i < 4; i++)
		EXPECT_EQ(0xa3 + i, ps[i * PAGE]);
	ps[PAGE + 1] = 0x5c;
	EXPECT_EQ(0x5c, p[4 * PAGE + 1]);
	unmap_vmo(_metadata, ps, 4 * PAGE);
	/* mapping offset within the slice */
	ps = map_vmo(_metadata, s, RW, 2 * PAGE, 2 * PAGE);
	EXPECT_EQ(0xa5, ps[0]);
	EXPECT_EQ(0xa6, ps[PAGE]);
	unmap_vmo(_metadata, ps, 2 * PAGE);
	/* a slice of the slice */
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(s, ZX_VMO_CHILD_SLICE, PAGE, PAGE, &s2));
	ps2 = map_vmo(_metadata, s2, RW, 0, PAGE);
	EXPECT_EQ(0xa4, ps2[0]);
	EXPECT_EQ(0x5c, ps2[1]);
	unmap_vmo(_metadata, ps2, PAGE);
	/* no mapping beyond the slice */
	EXPECT_EQ(MAP_FAILED, mmap(NULL, 5 * PAGE, PROT_READ, MAP_SHARED, (int)s, 0));
	EXPECT_EQ(MAP_FAILED, mmap(NULL, PAGE, PROT_READ, MAP_SHARED, (int)s, 4 * PAGE));
	/* snapshots are not supported, not even of slices */
	c = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_vmo_create_child(s, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE, &c));
	EXPECT_EQ(ZX_HANDLE_INVALID, c);
	zx_handle_close(s2);
	zx_handle_close(s);
	unmap_vmo(_metadata, p, len);
	zx_handle_close(h);
}

TEST_F(phys, mapping_rules)
{
	RETURN_IF_SKIPPED();
	zx_handle_t h = phys_new(_metadata, self->mmio, self->base, 2 * PAGE), ro;
	zx_vaddr_t addr = 0;
	void *p;

	/* only shared mappings, within the VMO */
	EXPECT_EQ(MAP_FAILED, mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, (int)h, 0));
	EXPECT_EQ(MAP_FAILED, mmap(NULL, 3 * PAGE, PROT_READ, MAP_SHARED, (int)h, 0));
	EXPECT_EQ(MAP_FAILED, mmap(NULL, PAGE, PROT_READ, MAP_SHARED, (int)h, 2 * PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, h, 0,
						   3 * PAGE, &addr));
	/* EXECUTE is among the rights: an executable mapping works */
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ | ZX_VM_PERM_EXECUTE, 0,
				     h, PAGE, PAGE, &addr));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), addr, PAGE));
	/* rights still bound the mapping */
	ro = dup_rights(_metadata, h, ZX_RIGHT_READ | ZX_RIGHT_MAP);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmar_map(zx_vmar_root_self(), RW, 0, ro, 0, PAGE, &addr));
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, (int)ro, 0);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(-1, mprotect(p, PAGE, PROT_READ | PROT_WRITE));
	EXPECT_EQ(-1, mprotect(p, PAGE, PROT_READ | PROT_EXEC));
	/* a partial unmap keeps the rest */
	munmap(p, PAGE);
	p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, (int)h, 0);
	ASSERT_NE(MAP_FAILED, p);
	((volatile uint8_t *)p)[PAGE] = 0x11;
	munmap(p, PAGE);
	EXPECT_EQ(0x11, ((volatile uint8_t *)p)[PAGE]);
	EXPECT_EQ(1u, vmo_info(_metadata, h).num_mappings);
	munmap((uint8_t *)p + PAGE, PAGE);
	EXPECT_EQ(0u, vmo_info(_metadata, h).num_mappings);
	zx_handle_close(ro);
	zx_handle_close(h);
}

TEST_F(phys, read_write_ops_not_supported)
{
	RETURN_IF_SKIPPED();
	zx_handle_t h = phys_new(_metadata, self->mmio, self->base, 2 * PAGE), c = 0;
	uint8_t buf[16] = { 0 };

	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_vmo_read(h, buf, 0, sizeof(buf)));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_vmo_write(h, buf, 0, sizeof(buf)));
	EXPECT_EQ(-1, pread((int)h, buf, sizeof(buf), 0));
	EXPECT_EQ(EIO, errno);
	EXPECT_EQ(-1, pwrite((int)h, buf, sizeof(buf), 0));
	EXPECT_EQ(EIO, errno);
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_vmo_op_range(h, ZX_VMO_OP_COMMIT, 0, PAGE, NULL, 0));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_vmo_op_range(h, ZX_VMO_OP_DECOMMIT, 0, PAGE, NULL, 0));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_vmo_op_range(h, ZX_VMO_OP_ZERO, 0, PAGE, NULL, 0));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_vmo_create_child(h, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE, &c));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_vmo_create_child(h, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE, 0, PAGE, &c));
	EXPECT_EQ(0u, c);
	zx_handle_close(h);
}

/*
 * Zircon: a physical VMO has no kernel mapping whose cache lines could be
 * cleaned: every cache op is NOT_SUPPORTED, whatever the range (after the
 * right), also through a slice.  PREFETCH and the hints check the range.
 */
TEST_F(phys, cache_ops_not_supported)
{
	static const uint32_t ops[] = {
		ZX_VMO_OP_CACHE_SYNC, ZX_VMO_OP_CACHE_CLEAN, ZX_VMO_OP_CACHE_CLEAN_INVALIDATE,
	};
	RETURN_IF_SKIPPED();
	zx_handle_t h = phys_new(_metadata, self->mmio, self->base, 2 * PAGE), s, wo;
	unsigned int i;

	s = ZX_HANDLE_INVALID;
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(h, ZX_VMO_CHILD_SLICE, PAGE, PAGE, &s));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_WRITE, &wo));
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_vmo_op_range(h, ops[i], 0, 2 * PAGE, NULL, 0));
		EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_vmo_op_range(h, ops[i], 0, 0, NULL, 0));
		EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_vmo_op_range(h, ops[i], 0, 3 * PAGE, NULL, 0));
		EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_vmo_op_range(s, ops[i], 0, PAGE, NULL, 0));
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_op_range(wo, ops[i], 0, PAGE, NULL, 0));
	}
	/* Off unless enabled (the module parameter), as for any VMO. */
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_vmo_op_range(h, ZX_VMO_OP_CACHE_INVALIDATE, 0, PAGE, NULL, 0));
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(h, ZX_VMO_OP_PREFETCH, 1, 2 * PAGE - 1, NULL, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_vmo_op_range(h, ZX_VMO_OP_PREFETCH, 1, 2 * PAGE, NULL, 0));
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(s, ZX_VMO_OP_PREFETCH, 0, PAGE, NULL, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmo_op_range(wo, ZX_VMO_OP_PREFETCH, 0, PAGE, NULL, 0));
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(h, ZX_VMO_OP_DONT_NEED, 0, 2 * PAGE, NULL, 0));
	/* A new stream size would zero memory the VMO cannot write. */
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_vmo_set_stream_size(h, PAGE));
	EXPECT_EQ(ZX_OK, zx_vmo_set_stream_size(h, 2 * PAGE));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_vmo_create_child(h, ZX_VMO_CHILD_REFERENCE, 0, 0, &wo));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_vmo_create_child(h, ZX_VMO_CHILD_SNAPSHOT_MODIFIED, 0, PAGE, &wo));
	zx_handle_close(wo);
	zx_handle_close(s);
	zx_handle_close(h);
}

/* UNCACHED at first; the policy changes while nothing maps the VMO. */
TEST_F(phys, cache_policy)
{
	RETURN_IF_SKIPPED();
	zx_handle_t h = phys_new(_metadata, self->mmio, self->base + 10 * PAGE, 2 * PAGE), s;
	volatile uint8_t *p;

	EXPECT_EQ(ZX_CACHE_POLICY_UNCACHED, vmo_info(_metadata, h).cache_policy);
	ASSERT_EQ(ZX_OK, zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_CACHED));
	EXPECT_EQ(ZX_CACHE_POLICY_CACHED, vmo_info(_metadata, h).cache_policy);
	p = map_vmo(_metadata, h, RW, 0, 2 * PAGE);
	p[0] = 0x21;
	EXPECT_EQ(0x21, p[0]);
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_UNCACHED));
	unmap_vmo(_metadata, p, 2 * PAGE);
	ASSERT_EQ(ZX_OK, zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_WRITE_COMBINING));
	EXPECT_EQ(ZX_CACHE_POLICY_WRITE_COMBINING, vmo_info(_metadata, h).cache_policy);
	p = map_vmo(_metadata, h, RW, 0, 2 * PAGE);
	p[PAGE] = 0x22;
	EXPECT_EQ(0x22, p[PAGE]);
	EXPECT_EQ(0x21, p[0]);
	unmap_vmo(_metadata, p, 2 * PAGE);
	ASSERT_EQ(ZX_OK, zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_UNCACHED_DEVICE));
	EXPECT_EQ(ZX_CACHE_POLICY_UNCACHED_DEVICE, vmo_info(_metadata, h).cache_policy);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_set_cache_policy(h, 7));
	/* not with a child */
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(h, ZX_VMO_CHILD_SLICE, 0, PAGE, &s));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_UNCACHED));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmo_set_cache_policy(s, ZX_CACHE_POLICY_UNCACHED));
	zx_handle_close(s);
	ASSERT_EQ(ZX_OK, zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_UNCACHED));
	zx_handle_close(h);
}

/* Code in physical memory runs (EXECUTE is a default right). */
TEST_F(phys, code_runs)
{
	RETURN_IF_SKIPPED();
	zx_handle_t h = phys_new(_metadata, self->mmio, self->base + 12 * PAGE, PAGE);
	volatile uint8_t *w = map_vmo(_metadata, h, RW, 0, PAGE);
	zx_vaddr_t x = 0;
	uint8_t code[6];
	int (*fn)(void);

	code_return(code, 4242);
	memcpy((void *)w, code, sizeof(code));
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ | ZX_VM_PERM_EXECUTE, 0,
				     h, 0, PAGE, &x));
	fn = (int (*)(void))x;
	EXPECT_EQ(4242, fn());
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), x, PAGE));
	unmap_vmo(_metadata, w, PAGE);
	zx_handle_close(h);
}

/* The resource may go away: the VMOs made from it stay usable. */
TEST_F(phys, vmo_outlives_resource)
{
	RETURN_IF_SKIPPED();
	zx_handle_t h = phys_new(_metadata, self->mmio, self->base + 13 * PAGE, PAGE);
	volatile uint8_t *p;

	zx_handle_close(self->mmio);
	self->mmio = ZX_HANDLE_INVALID;
	p = map_vmo(_metadata, h, RW, 0, PAGE);
	p[0] = 0x31;
	EXPECT_EQ(0x31, p[0]);
	unmap_vmo(_metadata, p, PAGE);
	zx_handle_close(h);
}

/*
 * Content size is metadata only for a physical VMO: shrinking it neither
 * unmaps (a physical VMA has no fault handler: SIGBUS) nor zeroes.
 */
TEST_F(phys, content_size_keeps_mappings)
{
	RETURN_IF_SKIPPED();
	const size_t len = 4 * PAGE;
	zx_handle_t h = phys_new(_metadata, self->mmio, self->base + 4 * PAGE, len);
	volatile uint8_t *p = map_vmo(_metadata, h, RW, 0, len);
	uint64_t cs = PAGE + 100;
	size_t i;

	for (i = 0; i < len; i += 256)
		p[i] = (uint8_t)(i / 256 + 3);
	p[PAGE + 150] = 0x5e;
	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_VMO_CONTENT_SIZE, &cs, sizeof(cs)));
	EXPECT_EQ(cs, content_size_of(_metadata, h));
	EXPECT_EQ(0, probe_read(p + 2 * PAGE));
	EXPECT_EQ(0, probe_write(p + 3 * PAGE + 1, 0x77));
	for (i = 0; i < len; i += 256)
		EXPECT_EQ((uint8_t)(i / 256 + 3), p[i]);
	EXPECT_EQ(0x5e, p[PAGE + 150]);
	EXPECT_EQ(0x77, p[3 * PAGE + 1]);
	cs = 0;
	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_VMO_CONTENT_SIZE, &cs, sizeof(cs)));
	EXPECT_EQ(0, probe_read(p));
	EXPECT_EQ(3, p[0]);
	EXPECT_EQ(1u, vmo_info(_metadata, h).num_mappings);
	unmap_vmo(_metadata, p, len);
	zx_handle_close(h);
}

TEST_HARNESS_MAIN
