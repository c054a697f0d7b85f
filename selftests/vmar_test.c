// SPDX-License-Identifier: GPL-2.0
/*
 * Mappings: zx_vmar_map/unmap/protect and mmap(2) of the fd; lazy commit by
 * the fault handler; PROT_* against READ/WRITE/EXECUTE/MAP rights; no
 * escalation through mprotect; reading a VMO into a mapping of itself.
 */
#include "zxvmo_test.h"
#include "resource_helpers.h"

#include <sys/ioctl.h>
#include <sys/personality.h>
#include <linux/userfaultfd.h>

TEST(root_vmar_valid)
{
	zx_handle_t root = zx_vmar_root_self();

	EXPECT_NE(ZX_HANDLE_INVALID, root);
	EXPECT_EQ(root, zx_vmar_root_self());
}

/* Zircon's ReadWrite: zx_vmo_write is visible through a mapping and back. */
TEST(map_sees_vmo_writes_and_back)
{
	const size_t len = 4 * PAGE;
	zx_handle_t h = vmo_new(_metadata, len, 0);
	uint8_t *buf = malloc(len), *p;
	zx_vaddr_t addr;

	ASSERT_NE(NULL, buf);
	pattern_fill(buf, 0, len, 11);
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, buf, 0, len));
	addr = map_addr(_metadata, h, RW, 0, len);
	p = (uint8_t *)addr;
	EXPECT_EQ(0, memcmp(buf, p, len));
	pattern_fill(p + PAGE, PAGE, 2 * PAGE, 12);
	memset(buf, 0, len);
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, PAGE, 2 * PAGE));
	EXPECT_EQ(-1, pattern_check(buf, PAGE, 2 * PAGE, 12));
	unmap_addr(_metadata, addr, len);
	free(buf);
	zx_handle_close(h);
}

/* Zircon's Commit/ZeroPage: several mappings alias the same pages. */
TEST(mappings_alias)
{
	const size_t size = 4 * PAGE;
	zx_handle_t h = vmo_new(_metadata, size, 0);
	zx_vaddr_t a = map_addr(_metadata, h, RW, 0, size);
	zx_vaddr_t b = map_addr(_metadata, h, RW, 0, size);
	zx_vaddr_t c = map_addr(_metadata, h, RW, PAGE, 2 * PAGE);
	volatile uint32_t *va = (volatile uint32_t *)a;
	volatile uint32_t *vb = (volatile uint32_t *)b;
	volatile uint32_t *vc = (volatile uint32_t *)c;
	uint32_t v = 100;

	/* Read fault in the first mapping, write fault in the second. */
	EXPECT_EQ(0u, va[0]);
	vb[0] = 99;
	EXPECT_EQ(99u, va[0]);
	/* Offset mapping: c[0] is page 1. */
	va[PAGE / 4] = 77;
	EXPECT_EQ(77u, vc[0]);
	vc[PAGE / 4] = 78;
	EXPECT_EQ(78u, vb[2 * PAGE / 4]);
	/* A zx_vmo_write is visible in all of them. */
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, &v, PAGE, sizeof(v)));
	EXPECT_EQ(100u, va[PAGE / 4]);
	EXPECT_EQ(100u, vb[PAGE / 4]);
	EXPECT_EQ(100u, vc[0]);
	unmap_addr(_metadata, a, size);
	unmap_addr(_metadata, b, size);
	unmap_addr(_metadata, c, 2 * PAGE);
	zx_handle_close(h);
}

/* A write fault commits exactly the page that was written. */
TEST(write_fault_commits_one_page)
{
	zx_handle_t h = vmo_new(_metadata, 8 * PAGE, 0);
	zx_vaddr_t addr = map_addr(_metadata, h, RW, 0, 8 * PAGE);
	volatile uint8_t *p = (volatile uint8_t *)addr;

	EXPECT_EQ(0u, committed(_metadata, h));
	p[2 * PAGE + 5] = 1;
	EXPECT_EQ(PAGE, committed(_metadata, h));
	p[2 * PAGE + 6] = 2;
	EXPECT_EQ(PAGE, committed(_metadata, h));
	p[7 * PAGE] = 3;
	EXPECT_EQ(2 * PAGE, committed(_metadata, h));
	expect_bytes(_metadata, h, 7 * PAGE, 1, 3);
	unmap_addr(_metadata, addr, 8 * PAGE);
	EXPECT_EQ(2 * PAGE, committed(_metadata, h));
	zx_handle_close(h);
}

TEST(mmap_fd_shared_rw)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	uint8_t *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, (int)h, 0);

	ASSERT_NE(MAP_FAILED, p);
	memset(p + PAGE, 0x2f, 10);
	expect_bytes(_metadata, h, PAGE, 10, 0x2f);
	EXPECT_EQ(PAGE, committed(_metadata, h));
	fill(_metadata, h, 0, 3, 0x30);
	EXPECT_EQ(0x30, p[2]);
	munmap(p, 2 * PAGE);
	zx_handle_close(h);
}

/* Zircon's ReadOnlyMap. */
TEST(map_read_only_write_faults)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_vaddr_t addr = map_addr(_metadata, h, ZX_VM_PERM_READ, 0, PAGE);

	EXPECT_EQ(0, probe_read((void *)addr));
	EXPECT_EQ(SIGSEGV, probe_write((void *)addr, 1));
	expect_bytes(_metadata, h, 0, 1, 0);
	unmap_addr(_metadata, addr, PAGE);
	zx_handle_close(h);
}

/* Zircon's NoPermProtect. */
TEST(map_no_perms_then_protect_read)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_vaddr_t addr = map_addr(_metadata, h, 0, 0, PAGE);

	EXPECT_EQ(SIGSEGV, probe_write((void *)addr, 1));
	EXPECT_EQ(SIGSEGV, probe_read((void *)addr));
	ASSERT_EQ(ZX_OK, zx_vmar_protect(zx_vmar_root_self(), ZX_VM_PERM_READ, addr, PAGE));
	EXPECT_EQ(SIGSEGV, probe_write((void *)addr, 1));
	EXPECT_EQ(0, probe_read((void *)addr));
	unmap_addr(_metadata, addr, PAGE);
	zx_handle_close(h);
}

/* Zircon's NoPermMap. */
TEST(protect_to_no_perms)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_vaddr_t addr = map_addr(_metadata, h, ZX_VM_PERM_READ, 0, PAGE);

	ASSERT_EQ(ZX_OK, zx_vmar_protect(zx_vmar_root_self(), 0, addr, PAGE));
	EXPECT_EQ(SIGSEGV, probe_read((void *)addr));
	EXPECT_EQ(SIGSEGV, probe_write((void *)addr, 1));
	unmap_addr(_metadata, addr, PAGE);
	zx_handle_close(h);
}

TEST(protect_rw_to_read_only)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_vaddr_t addr = map_addr(_metadata, h, RW, 0, PAGE);

	EXPECT_EQ(0, probe_write((void *)addr, 5));
	ASSERT_EQ(ZX_OK, zx_vmar_protect(zx_vmar_root_self(), ZX_VM_PERM_READ, addr, PAGE));
	EXPECT_EQ(SIGSEGV, probe_write((void *)addr, 6));
	expect_bytes(_metadata, h, 0, 1, 5);
	/* And back: the handle had WRITE. */
	ASSERT_EQ(ZX_OK, zx_vmar_protect(zx_vmar_root_self(), RW, addr, PAGE));
	EXPECT_EQ(0, probe_write((void *)addr, 7));
	expect_bytes(_metadata, h, 0, 1, 7);
	unmap_addr(_metadata, addr, PAGE);
	zx_handle_close(h);
}

/* Zircon's Rights test: PERM_WRITE without PERM_READ is INVALID_ARGS. */
TEST(map_write_without_read_invalid_args)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_vaddr_t addr = 0;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_WRITE, 0, h, 0, PAGE, &addr));
	zx_handle_close(h);
}

TEST(map_needs_map_right)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t nomap = dup_rights(_metadata, h,
				       ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_MAP);
	zx_vaddr_t addr = 0;

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(zx_vmar_root_self(), 0, 0, nomap, 0, PAGE, &addr));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, nomap, 0, PAGE, &addr));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(zx_vmar_root_self(), RW, 0, nomap, 0, PAGE, &addr));
	zx_handle_close(h);
	zx_handle_close(nomap);
}

TEST(map_perm_read_needs_read_right)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t wo = dup_rights(_metadata, h, ZX_RIGHT_WRITE | ZX_RIGHT_MAP);
	zx_vaddr_t addr = 0;

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, wo, 0, PAGE, &addr));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(zx_vmar_root_self(), RW, 0, wo, 0, PAGE, &addr));
	/* A mapping with no permissions only needs MAP. */
	EXPECT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), 0, 0, wo, 0, PAGE, &addr));
	unmap_addr(_metadata, addr, PAGE);
	zx_handle_close(h);
	zx_handle_close(wo);
}

/* Write permission without the WRITE right: ACCESS_DENIED. */
TEST(map_perm_write_needs_write_right)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_RIGHT_READ | ZX_RIGHT_MAP);
	zx_vaddr_t addr = 0;

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(zx_vmar_root_self(), RW, 0, ro, 0, PAGE, &addr));
	EXPECT_EQ(ZX_OK,
		  zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, ro, 0, PAGE, &addr));
	unmap_addr(_metadata, addr, PAGE);
	zx_handle_close(h);
	zx_handle_close(ro);
}

TEST(map_perm_execute_needs_execute_right)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_vaddr_t addr = 0;

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ | ZX_VM_PERM_EXECUTE,
			      0, h, 0, PAGE, &addr));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(zx_vmar_root_self(), RW | ZX_VM_PERM_EXECUTE,
			      0, h, 0, PAGE, &addr));
	zx_handle_close(h);
}

TEST(map_bad_arguments)
{
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	zx_vaddr_t addr = 0;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, h, 1, PAGE, &addr));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, h, PAGE / 2,
			      PAGE, &addr));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, h, 0, 0, &addr));
	/* Zircon's Map: a specific address out of range. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ | ZX_VM_SPECIFIC,
			      UINTPTR_MAX, h, 0, PAGE, &addr));
	zx_handle_close(h);
}

TEST(map_wrong_type)
{
	zx_vaddr_t addr = 0;
	int p[2];

	ASSERT_EQ(0, pipe(p));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, (zx_handle_t)p[0],
			      0, PAGE, &addr));
}

TEST(unmap_then_access_faults)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	zx_vaddr_t addr = map_addr(_metadata, h, RW, 0, 2 * PAGE);

	((volatile uint8_t *)addr)[PAGE] = 1;
	ASSERT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), addr + PAGE, PAGE));
	EXPECT_EQ(0, probe_read((void *)addr));
	EXPECT_EQ(SIGSEGV, probe_read((void *)(addr + PAGE)));
	ASSERT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), addr, PAGE));
	EXPECT_EQ(SIGSEGV, probe_read((void *)addr));
	/* The data stays in the VMO. */
	expect_bytes(_metadata, h, PAGE, 1, 1);
	zx_handle_close(h);
}

TEST(unmap_unaligned_invalid_args)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	zx_vaddr_t addr = map_addr(_metadata, h, RW, 0, 2 * PAGE);

	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_unmap(zx_vmar_root_self(), addr + 1, PAGE));
	EXPECT_EQ(0, probe_read((void *)addr));
	unmap_addr(_metadata, addr, 2 * PAGE);
	zx_handle_close(h);
}

/* Zircon's CacheFlush part: a read-only and a read-write mapping coexist. */
TEST(map_read_only_and_rw_together)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	zx_vaddr_t ro = map_addr(_metadata, h, ZX_VM_PERM_READ, 0, 2 * PAGE);
	zx_vaddr_t rw = map_addr(_metadata, h, RW, 0, 2 * PAGE);

	((volatile uint8_t *)rw)[PAGE + 1] = 0x61;
	EXPECT_EQ(0x61, ((volatile uint8_t *)ro)[PAGE + 1]);
	EXPECT_EQ(SIGSEGV, probe_write((void *)(ro + PAGE + 1), 0));
	unmap_addr(_metadata, ro, 2 * PAGE);
	unmap_addr(_metadata, rw, 2 * PAGE);
	zx_handle_close(h);
}

TEST(mmap_write_needs_write_right)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_RIGHT_READ | ZX_RIGHT_MAP);
	void *p;

	errno = 0;
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, (int)ro, 0);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EACCES, errno);
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, (int)ro, 0);
	EXPECT_NE(MAP_FAILED, p);
	zx_handle_close(h);
	zx_handle_close(ro);
}

TEST(mmap_exec_needs_execute_right)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	void *p;

	errno = 0;
	p = mmap(NULL, PAGE, PROT_READ | PROT_EXEC, MAP_SHARED, (int)h, 0);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EACCES, errno);
	errno = 0;
	p = mmap(NULL, PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE, (int)h, 0);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EACCES, errno);
	zx_handle_close(h);
}

TEST(mmap_needs_map_right)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t nomap = dup_rights(_metadata, h, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_MAP);
	void *p;

	errno = 0;
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, (int)nomap, 0);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EACCES, errno);
	errno = 0;
	p = mmap(NULL, PAGE, PROT_NONE, MAP_SHARED, (int)nomap, 0);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EACCES, errno);
	zx_handle_close(h);
	zx_handle_close(nomap);
}

TEST(mmap_read_needs_read_right)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t wo = dup_rights(_metadata, h, ZX_RIGHT_WRITE | ZX_RIGHT_MAP);
	void *p;

	errno = 0;
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, (int)wo, 0);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EACCES, errno);
	zx_handle_close(h);
	zx_handle_close(wo);
}

/* VM_MAYWRITE is cleared: mprotect cannot add PROT_WRITE later. */
TEST(mprotect_cannot_add_write)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_RIGHT_READ | ZX_RIGHT_MAP);
	uint8_t *p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, (int)ro, 0);

	ASSERT_NE(MAP_FAILED, p);
	errno = 0;
	EXPECT_EQ(-1, mprotect(p, PAGE, PROT_READ | PROT_WRITE));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(SIGSEGV, probe_write(p, 1));
	expect_bytes(_metadata, h, 0, 1, 0);
	munmap(p, PAGE);
	zx_handle_close(h);
	zx_handle_close(ro);
}

/* VM_MAYEXEC is cleared: mprotect cannot add PROT_EXEC later. */
TEST(mprotect_cannot_add_exec)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	uint8_t *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, (int)h, 0);

	ASSERT_NE(MAP_FAILED, p);
	errno = 0;
	EXPECT_EQ(-1, mprotect(p, PAGE, PROT_READ | PROT_EXEC));
	EXPECT_EQ(EACCES, errno);
	errno = 0;
	EXPECT_EQ(-1, mprotect(p, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC));
	EXPECT_EQ(EACCES, errno);
	munmap(p, PAGE);
	zx_handle_close(h);
}

TEST(vmar_protect_cannot_escalate)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_RIGHT_READ | ZX_RIGHT_MAP);
	zx_vaddr_t addr = map_addr(_metadata, ro, ZX_VM_PERM_READ, 0, PAGE);

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_protect(zx_vmar_root_self(), RW, addr, PAGE));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_protect(zx_vmar_root_self(),
				  ZX_VM_PERM_READ | ZX_VM_PERM_EXECUTE, addr, PAGE));
	EXPECT_EQ(SIGSEGV, probe_write((void *)addr, 1));
	unmap_addr(_metadata, addr, PAGE);
	zx_handle_close(h);
	zx_handle_close(ro);
}

/* Closing the handle after mapping keeps the mapping's rights as they were. */
TEST(mprotect_after_handle_closed_still_limited)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_RIGHT_READ | ZX_RIGHT_MAP);
	uint8_t *p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, (int)ro, 0);

	ASSERT_NE(MAP_FAILED, p);
	zx_handle_close(ro);
	errno = 0;
	EXPECT_EQ(-1, mprotect(p, PAGE, PROT_READ | PROT_WRITE));
	EXPECT_EQ(EACCES, errno);
	munmap(p, PAGE);
	zx_handle_close(h);
}

/* MAP_PRIVATE needs only READ (and MAP); its writes stay private. */
TEST(mmap_private_with_read_right)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_RIGHT_READ | ZX_RIGHT_MAP);
	uint8_t *p;

	fill(_metadata, h, 0, PAGE, 0x15);
	p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, (int)ro, 0);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(0x15, p[100]);
	munmap(p, PAGE);
	zx_handle_close(h);
	zx_handle_close(ro);
}

TEST(mmap_private_writes_stay_private)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	uint8_t *p;

	fill(_metadata, h, 0, PAGE, 0x16);
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, (int)h, 0);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(0x16, p[0]);
	p[0] = 0x17;
	EXPECT_EQ(0x17, p[0]);
	expect_bytes(_metadata, h, 0, PAGE, 0x16);
	munmap(p, PAGE);
	zx_handle_close(h);
}

/* The mapping keeps working after the last handle is closed. */
TEST(mapping_outlives_handle)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	volatile uint8_t *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
				   (int)h, 0);

	ASSERT_NE(MAP_FAILED, (void *)p);
	p[0] = 0x81;
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_EQ(0x81, p[0]);
	p[PAGE] = 0x82;
	EXPECT_EQ(0x82, p[PAGE]);
	munmap((void *)p, 2 * PAGE);
}

/* Zircon's MapRead: read a VMO into a mapping of itself, no deadlock. */
TEST(self_read_into_own_mapping)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	zx_vaddr_t addr = map_addr(_metadata, h, RW, 0, PAGE);
	uint8_t *buf = malloc(PAGE);

	ASSERT_NE(NULL, buf);
	pattern_fill(buf, 0, PAGE, 21);
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, buf, PAGE, PAGE));
	/* Page 0 is neither committed nor faulted in yet. */
	EXPECT_EQ(ZX_OK, zx_vmo_read(h, (void *)addr, PAGE, PAGE));
	EXPECT_EQ(-1, pattern_check((void *)addr, 0, PAGE, 21));
	memset(buf, 0, PAGE);
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, 0, PAGE));
	EXPECT_EQ(-1, pattern_check(buf, 0, PAGE, 21));
	EXPECT_EQ(2 * PAGE, committed(_metadata, h));
	unmap_addr(_metadata, addr, PAGE);
	free(buf);
	zx_handle_close(h);
}

/* Write to a VMO from a mapping of itself whose source page is not faulted in. */
TEST(self_write_from_own_mapping)
{
	zx_handle_t h = vmo_new(_metadata, 3 * PAGE, 0);
	zx_vaddr_t addr = map_addr(_metadata, h, RW, 0, 3 * PAGE);
	uint8_t *buf = malloc(PAGE);

	ASSERT_NE(NULL, buf);
	pattern_fill(buf, 0, PAGE, 22);
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, buf, 0, PAGE));
	/* Copy page 0 to page 2 through the mapping of page 0. */
	EXPECT_EQ(ZX_OK, zx_vmo_write(h, (void *)addr, 2 * PAGE, PAGE));
	memset(buf, 0, PAGE);
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, 2 * PAGE, PAGE));
	EXPECT_EQ(-1, pattern_check(buf, 0, PAGE, 22));
	EXPECT_EQ(-1, pattern_check((void *)(addr + 2 * PAGE), 0, PAGE, 22));
	/* Source page 1 was never touched: writing it copies zeros. */
	EXPECT_EQ(ZX_OK, zx_vmo_write(h, (void *)(addr + PAGE), 0, PAGE));
	expect_bytes(_metadata, h, 0, PAGE, 0);
	unmap_addr(_metadata, addr, 3 * PAGE);
	free(buf);
	zx_handle_close(h);
}

/* Overlapping: read a range onto exactly the same range of the mapping. */
TEST(self_read_same_range)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	zx_vaddr_t addr = map_addr(_metadata, h, RW, 0, 2 * PAGE);
	uint8_t *buf = malloc(2 * PAGE);

	ASSERT_NE(NULL, buf);
	pattern_fill(buf, 0, 2 * PAGE, 23);
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, buf, 0, 2 * PAGE));
	EXPECT_EQ(ZX_OK, zx_vmo_read(h, (void *)addr, 0, 2 * PAGE));
	EXPECT_EQ(ZX_OK, zx_vmo_write(h, (void *)addr, 0, 2 * PAGE));
	memset(buf, 0, 2 * PAGE);
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, 0, 2 * PAGE));
	EXPECT_EQ(-1, pattern_check(buf, 0, 2 * PAGE, 23));
	unmap_addr(_metadata, addr, 2 * PAGE);
	free(buf);
	zx_handle_close(h);
}

/* A fresh VMO read into its own unfaulted mapping: zeros, one page committed
 * at most by the destination write fault, no deadlock. */
TEST(self_read_uncommitted_into_unfaulted_mapping)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	zx_vaddr_t addr = map_addr(_metadata, h, RW, 0, 2 * PAGE);

	EXPECT_EQ(ZX_OK, zx_vmo_read(h, (void *)addr, PAGE, PAGE));
	expect_bytes(_metadata, h, 0, 2 * PAGE, 0);
	EXPECT_EQ(PAGE, committed(_metadata, h));
	unmap_addr(_metadata, addr, 2 * PAGE);
	zx_handle_close(h);
}

TEST(self_pread_pwrite_through_mapping)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	uint8_t *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, (int)h, 0);
	uint8_t *buf = malloc(PAGE);

	ASSERT_NE(MAP_FAILED, p);
	ASSERT_NE(NULL, buf);
	pattern_fill(buf, 0, PAGE, 24);
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, buf, PAGE, PAGE));
	EXPECT_EQ((ssize_t)PAGE, pread((int)h, p, PAGE, PAGE));
	EXPECT_EQ(-1, pattern_check(p, 0, PAGE, 24));
	pattern_fill(p, 0, PAGE, 25);
	EXPECT_EQ((ssize_t)PAGE, pwrite((int)h, p, PAGE, PAGE));
	EXPECT_EQ(-1, pattern_check(p + PAGE, 0, PAGE, 25));
	munmap(p, 2 * PAGE);
	free(buf);
	zx_handle_close(h);
}

/* Zircon's ParallelRead: two VMOs read into each other's mappings at once. */
struct cross_arg {
	zx_handle_t vmo;
	void *dst;
	size_t half;
	zx_status_t status;
};

static void *cross_reader(void *p)
{
	struct cross_arg *a = p;

	a->status = zx_vmo_read(a->vmo, a->dst, a->half, a->half);
	return NULL;
}

TEST(parallel_cross_reads_no_deadlock)
{
	const size_t pages = 128, half = pages / 2 * PAGE;
	zx_handle_t v1 = vmo_new(_metadata, pages * PAGE, 0);
	zx_handle_t v2 = vmo_new(_metadata, pages * PAGE, 0);
	zx_vaddr_t a1 = map_addr(_metadata, v1, RW, 0, half);
	zx_vaddr_t a2 = map_addr(_metadata, v2, RW, 0, half);
	uint8_t *buf = malloc(half);
	struct cross_arg arg = { .vmo = v1, .dst = (void *)a2, .half = half };
	pthread_t t;
	zx_status_t st;

	ASSERT_NE(NULL, buf);
	pattern_fill(buf, 0, half, 31);
	ASSERT_EQ(ZX_OK, zx_vmo_write(v1, buf, half, half));
	pattern_fill(buf, 0, half, 32);
	ASSERT_EQ(ZX_OK, zx_vmo_write(v2, buf, half, half));
	ASSERT_EQ(0, pthread_create(&t, NULL, cross_reader, &arg));
	st = zx_vmo_read(v2, (void *)a1, half, half);
	pthread_join(t, NULL);
	EXPECT_EQ(ZX_OK, st);
	EXPECT_EQ(ZX_OK, arg.status);
	EXPECT_EQ(-1, pattern_check((void *)a1, 0, half, 32));
	EXPECT_EQ(-1, pattern_check((void *)a2, 0, half, 31));
	unmap_addr(_metadata, a1, half);
	unmap_addr(_metadata, a2, half);
	free(buf);
	zx_handle_close(v1);
	zx_handle_close(v2);
}

/* Faults through a mapping racing with zx_vmo_write on other pages. */
struct fault_arg {
	volatile uint8_t *base;
	zx_handle_t h;
	int first, count, errors;
};

static void *fault_writer(void *p)
{
	struct fault_arg *a = p;
	int i, r;

	for (r = 0; r < 20; r++)
		for (i = a->first; i < a->first + a->count; i++)
			a->base[(size_t)i * PAGE + (size_t)r] = (uint8_t)(i + r);
	return NULL;
}

static void *syscall_writer(void *p)
{
	struct fault_arg *a = p;
	uint8_t b;
	int i, r;

	for (r = 0; r < 20; r++)
		for (i = a->first; i < a->first + a->count; i++) {
			b = (uint8_t)(i + r);
			if (zx_vmo_write(a->h, &b, (uint64_t)i * PAGE + r, 1) != ZX_OK)
				a->errors++;
		}
	return NULL;
}

TEST(concurrent_faults_and_writes)
{
	const int pages = 64;
	zx_handle_t h = vmo_new(_metadata, pages * PAGE, 0);
	zx_vaddr_t addr = map_addr(_metadata, h, RW, 0, pages * PAGE);
	struct fault_arg args[4];
	pthread_t t[4];
	int i, r;

	for (i = 0; i < 4; i++) {
		args[i].base = (volatile uint8_t *)addr;
		args[i].h = h;
		args[i].first = i * pages / 4;
		args[i].count = pages / 4;
		args[i].errors = 0;
		ASSERT_EQ(0, pthread_create(&t[i], NULL,
					    (i & 1) ? syscall_writer : fault_writer,
					    &args[i]));
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		EXPECT_EQ(0, args[i].errors);
	}
	for (i = 0; i < pages; i++) {
		uint8_t row[20];

		ASSERT_EQ(ZX_OK, zx_vmo_read(h, row, (uint64_t)i * PAGE, sizeof(row)));
		for (r = 0; r < 20; r++) {
			EXPECT_EQ((uint8_t)(i + r), row[r]);
		}
	}
	EXPECT_EQ((uint64_t)pages * PAGE, committed(_metadata, h));
	unmap_addr(_metadata, addr, pages * PAGE);
	zx_handle_close(h);
}

/* Crossing the module's fault-in chunk: a 1 MiB copy into its own mapping. */
TEST(self_read_large_into_own_mapping)
{
	const size_t half = 256 * PAGE;
	zx_handle_t h = vmo_new(_metadata, 2 * half, 0);
	zx_vaddr_t addr = map_addr(_metadata, h, RW, 0, 2 * half);
	uint8_t *buf = malloc(half);

	ASSERT_NE(NULL, buf);
	pattern_fill(buf, 0, half, 26);
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, buf, half, half));
	/* Destination (first half) never faulted in. */
	EXPECT_EQ(ZX_OK, zx_vmo_read(h, (void *)addr, half, half));
	EXPECT_EQ(-1, pattern_check((void *)addr, 0, half, 26));
	/* And back the other way, from the mapping into the VMO. */
	pattern_fill((void *)addr, 0, half, 27);
	EXPECT_EQ(ZX_OK, zx_vmo_write(h, (void *)addr, half, half));
	memset(buf, 0, half);
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, half, half));
	EXPECT_EQ(-1, pattern_check(buf, 0, half, 27));
	EXPECT_EQ(2 * half, committed(_metadata, h));
	unmap_addr(_metadata, addr, 2 * half);
	free(buf);
	zx_handle_close(h);
}

/* A destination that is a mapping of the VMO beyond its end: NOT_FOUND. */
TEST(self_read_into_mapping_beyond_size)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, ZX_VMO_RESIZABLE);
	zx_vaddr_t addr = map_addr(_metadata, h, RW, 0, 2 * PAGE);

	fill(_metadata, h, 0, PAGE, 0x44);
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmo_read(h, (void *)(addr + PAGE), 0, 16));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmo_write(h, (void *)(addr + PAGE), 0, 16));
	/* Straddling the end of the VMO inside the mapping. */
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmo_read(h, (void *)(addr + PAGE - 8), 0, 16));
	expect_bytes(_metadata, h, 0, PAGE, 0x44);
	unmap_addr(_metadata, addr, 2 * PAGE);
	zx_handle_close(h);
}

TEST(self_copy_with_no_access_mapping_not_found)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	zx_vaddr_t addr = map_addr(_metadata, h, 0, 0, 2 * PAGE);
	zx_vaddr_t ro = map_addr(_metadata, h, ZX_VM_PERM_READ, 0, 2 * PAGE);

	fill(_metadata, h, 0, 2 * PAGE, 0x45);
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmo_write(h, (void *)addr, PAGE, 16));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmo_read(h, (void *)addr, PAGE, 16));
	/* A read-only mapping of itself is a valid source, not a destination. */
	EXPECT_EQ(ZX_OK, zx_vmo_write(h, (void *)ro, PAGE, 16));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmo_read(h, (void *)ro, PAGE, 16));
	expect_bytes(_metadata, h, 0, 2 * PAGE, 0x45);
	unmap_addr(_metadata, addr, 2 * PAGE);
	unmap_addr(_metadata, ro, 2 * PAGE);
	zx_handle_close(h);
}

/* Reading into a MAP_PRIVATE mapping of itself fills the private copy only. */
TEST(self_read_into_private_mapping)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	uint8_t *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, (int)h, 0);

	ASSERT_NE(MAP_FAILED, p);
	fill(_metadata, h, 0, PAGE, 0x46);
	fill(_metadata, h, PAGE, PAGE, 0x47);
	EXPECT_EQ(ZX_OK, zx_vmo_read(h, p, PAGE, PAGE));
	EXPECT_EQ(0x47, p[0]);
	EXPECT_EQ(0x47, p[PAGE - 1]);
	expect_bytes(_metadata, h, 0, PAGE, 0x46);
	munmap(p, 2 * PAGE);
	zx_handle_close(h);
}

/* MAP_PRIVATE with a read-only handle may be written: the copy is private. */
TEST(mmap_private_writable_with_read_only_handle)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_RIGHT_READ | ZX_RIGHT_MAP);
	uint8_t *p;

	fill(_metadata, h, 0, PAGE, 0x48);
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, (int)ro, 0);
	ASSERT_NE(MAP_FAILED, p);
	p[1] = 0x49;
	EXPECT_EQ(0x49, p[1]);
	EXPECT_EQ(0x48, p[2]);
	expect_bytes(_metadata, h, 0, PAGE, 0x48);
	munmap(p, PAGE);
	zx_handle_close(h);
	zx_handle_close(ro);
}

/* Several threads take the first write fault on one page at once. */
struct same_page_arg {
	volatile uint8_t *page;
	int id;
	pthread_barrier_t *barrier;
};

static void *same_page_writer(void *p)
{
	struct same_page_arg *a = p;

	pthread_barrier_wait(a->barrier);
	a->page[a->id * 64] = (uint8_t)(0x80 + a->id);
	return NULL;
}

TEST(write_fault_race_on_one_page)
{
	const int nthreads = 8, rounds = 40;
	int r, i;

	for (r = 0; r < rounds; r++) {
		zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
		zx_vaddr_t addr = map_addr(_metadata, h, RW, 0, 4 * PAGE);
		struct same_page_arg args[8];
		pthread_barrier_t barrier;
		pthread_t t[8];
		uint8_t back[8 * 64];

		pthread_barrier_init(&barrier, NULL, nthreads);
		for (i = 0; i < nthreads; i++) {
			args[i].page = (volatile uint8_t *)(addr + (size_t)(r % 4) * PAGE);
			args[i].id = i;
			args[i].barrier = &barrier;
			ASSERT_EQ(0, pthread_create(&t[i], NULL, same_page_writer, &args[i]));
		}
		for (i = 0; i < nthreads; i++)
			pthread_join(t[i], NULL);
		pthread_barrier_destroy(&barrier);
		ASSERT_EQ(PAGE, committed(_metadata, h));
		ASSERT_EQ(ZX_OK, zx_vmo_read(h, back, (uint64_t)(r % 4) * PAGE, sizeof(back)));
		for (i = 0; i < nthreads; i++) {
			ASSERT_EQ(0x80 + i, back[i * 64]);
		}
		unmap_addr(_metadata, addr, 4 * PAGE);
		zx_handle_close(h);
	}
}

/* A shared mapping stays shared across fork(). */
TEST(fork_shares_shared_mapping)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	volatile uint8_t *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
				   (int)h, 0);
	pid_t pid;

	ASSERT_NE(MAP_FAILED, (void *)p);
	p[0] = 1;
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (p[0] != 1)
			_exit(1);
		p[1] = 2;
		_exit(0);
	}
	EXPECT_EQ(0, wait_child(pid));
	EXPECT_EQ(2, p[1]);
	expect_bytes(_metadata, h, 1, 1, 2);
	munmap((void *)p, PAGE);
	zx_handle_close(h);
}

/* mremap moves and grows a VMO mapping; the mapping count follows. */
TEST(mremap_moves_and_grows)
{
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	uint8_t *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, (int)h, 0);
	uint8_t *q;

	ASSERT_NE(MAP_FAILED, p);
	p[PAGE] = 0x61;
	q = mremap(p, 2 * PAGE, 4 * PAGE, MREMAP_MAYMOVE);
	ASSERT_NE(MAP_FAILED, q);
	EXPECT_EQ(0x61, q[PAGE]);
	q[3 * PAGE] = 0x62;
	expect_bytes(_metadata, h, 3 * PAGE, 1, 0x62);
	EXPECT_EQ(1u, vmo_info(_metadata, h).num_mappings);
	munmap(q, 4 * PAGE);
	EXPECT_EQ(0u, vmo_info(_metadata, h).num_mappings);
	zx_handle_close(h);
}

/* MADV_DONTNEED only drops page table entries of a shared mapping. */
TEST(madv_dontneed_keeps_contents)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	uint8_t *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, (int)h, 0);

	ASSERT_NE(MAP_FAILED, p);
	memset(p, 0x63, 2 * PAGE);
	ASSERT_EQ(0, madvise(p, 2 * PAGE, MADV_DONTNEED));
	EXPECT_EQ(0x63, p[0]);
	EXPECT_EQ(0x63, p[2 * PAGE - 1]);
	EXPECT_EQ(2 * PAGE, committed(_metadata, h));
	munmap(p, 2 * PAGE);
	zx_handle_close(h);
}

/* Other kernel paths that reach VMO pages through page tables (GUP). */
TEST(process_vm_readv_sees_mapping)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	uint8_t *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, (int)h, 0);
	uint8_t back[64];
	struct iovec local = { back, sizeof(back) };
	struct iovec remote;

	ASSERT_NE(MAP_FAILED, p);
	fill(_metadata, h, PAGE - 32, 64, 0x64);
	remote.iov_base = p + PAGE - 32;
	remote.iov_len = sizeof(back);
	memset(back, 0, sizeof(back));
	ASSERT_EQ((ssize_t)sizeof(back), process_vm_readv(getpid(), &local, 1, &remote, 1, 0));
	EXPECT_EQ(0x64, back[0]);
	EXPECT_EQ(0x64, back[63]);
	munmap(p, 2 * PAGE);
	zx_handle_close(h);
}

/* /proc/self/mem (FOLL_FORCE) cannot write through a read-only handle's mapping. */
TEST(proc_mem_cannot_write_read_only_mapping)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_RIGHT_READ | ZX_RIGHT_MAP);
	uint8_t *p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, (int)ro, 0);
	uint8_t b = 0x65, back = 0;
	int mem;

	ASSERT_NE(MAP_FAILED, p);
	fill(_metadata, h, 0, PAGE, 0x66);
	mem = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
	if (mem < 0)
		SKIP(goto out, "no /proc/self/mem");
	EXPECT_EQ(1, pread(mem, &back, 1, (off_t)(uintptr_t)p));
	EXPECT_EQ(0x66, back);
	EXPECT_EQ(-1, pwrite(mem, &b, 1, (off_t)(uintptr_t)p));
	expect_bytes(_metadata, h, 0, PAGE, 0x66);
	close(mem);
out:
	munmap(p, PAGE);
	zx_handle_close(h);
	zx_handle_close(ro);
}

TEST(vmar_handle_errors)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_vaddr_t addr = 0;

	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_vmar_map(ZX_HANDLE_INVALID, ZX_VM_PERM_READ, 0, h, 0, PAGE, &addr));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_vmar_map(h, ZX_VM_PERM_READ, 0, h, 0, PAGE, &addr));
	addr = map_addr(_metadata, h, ZX_VM_PERM_READ, 0, PAGE);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmar_unmap(ZX_HANDLE_INVALID, addr, PAGE));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmar_unmap(h, addr, PAGE));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_vmar_protect(ZX_HANDLE_INVALID, ZX_VM_PERM_READ, addr, PAGE));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmar_protect(h, ZX_VM_PERM_READ, addr, PAGE));
	/* Still mapped after all that. */
	EXPECT_EQ(0, probe_read((void *)addr));
	unmap_addr(_metadata, addr, PAGE);
	zx_handle_close(h);
}

TEST(map_null_mapped_addr_invalid_args)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);

	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, h, 0, PAGE, NULL));
	EXPECT_EQ(0u, vmo_info(_metadata, h).num_mappings);
	zx_handle_close(h);
}

/* --- the one-ioctl path (ZXVMO_IOC_MAP) and its checks -------------- */

TEST(map_require_non_resizable)
{
	zx_handle_t r = vmo_new(_metadata, PAGE, ZX_VMO_RESIZABLE);
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_vaddr_t addr = 0;

	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_vmar_map(zx_vmar_root_self(), RW | ZX_VM_REQUIRE_NON_RESIZABLE, 0, r,
			      0, PAGE, &addr));
	EXPECT_EQ(0u, vmo_info(_metadata, r).num_mappings);
	/* The arguments first: a zero length is INVALID_ARGS. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_map(zx_vmar_root_self(), RW | ZX_VM_REQUIRE_NON_RESIZABLE, 0, r,
			      0, 0, &addr));
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), RW | ZX_VM_REQUIRE_NON_RESIZABLE,
				     0, h, 0, PAGE, &addr));
	EXPECT_EQ(1u, vmo_info(_metadata, h).num_mappings);
	unmap_addr(_metadata, addr, PAGE);
	zx_handle_close(r);
	zx_handle_close(h);
}

TEST(map_discardable_needs_allow_faults)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, ZX_VMO_DISCARDABLE);
	zx_vaddr_t addr = 0;

	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_vmar_map(zx_vmar_root_self(), RW, 0, h, 0, PAGE, &addr));
	EXPECT_EQ(0u, vmo_info(_metadata, h).num_mappings);
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), RW | ZX_VM_ALLOW_FAULTS, 0, h, 0,
				     PAGE, &addr));
	EXPECT_EQ(1u, vmo_info(_metadata, h).num_mappings);
	unmap_addr(_metadata, addr, PAGE);
	zx_handle_close(h);
}

/* Zircon checks the rights before most arguments. */
TEST(map_rights_before_arguments)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, ZX_VMO_RESIZABLE);
	zx_handle_t nomap = dup_rights(_metadata, h, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_MAP);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_RIGHT_READ | ZX_RIGHT_MAP);
	zx_vaddr_t addr = 0;

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, nomap, 1, PAGE, &addr));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_WRITE, 0, nomap, 0, PAGE, &addr));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(zx_vmar_root_self(), RW, 0, ro, 0, 0, &addr));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(zx_vmar_root_self(), RW | (1u << 30), 0, ro, 0, PAGE, &addr));
	/* ...and after the protection's own checks. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_WRITE, 0, ro, 0, PAGE, &addr));
	/* Rights, then the VMO's resizability. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(zx_vmar_root_self(), RW | ZX_VM_REQUIRE_NON_RESIZABLE, 0, ro, 0,
			      PAGE, &addr));
	EXPECT_EQ(0u, vmo_info(_metadata, h).num_mappings);
	zx_handle_close(ro);
	zx_handle_close(nomap);
	zx_handle_close(h);
}

/* An out pointer that turns out unwritable: the mapping is undone. */
TEST(map_unwritable_mapped_addr_undone)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	zx_vaddr_t *ro, addr = 0;
	uint8_t *spot;

	ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_map(zx_vmar_root_self(), RW, 0, h, 0, 2 * PAGE, ro));
	EXPECT_EQ(0u, vmo_info(_metadata, h).num_mappings);
	/* At a given address: nothing is left there either. */
	spot = mmap(NULL, 2 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, spot);
	ASSERT_EQ(0, munmap(spot, 2 * PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_map(zx_vmar_root_self(), RW | ZX_VM_SPECIFIC, (zx_vaddr_t)spot, h, 0,
			      2 * PAGE, ro));
	EXPECT_EQ(0u, vmo_info(_metadata, h).num_mappings);
	EXPECT_EQ(-1, msync(spot, PAGE, 0));
	EXPECT_EQ(ENOMEM, errno);
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), RW | ZX_VM_SPECIFIC,
				     (zx_vaddr_t)spot, h, 0, 2 * PAGE, &addr));
	EXPECT_EQ((zx_vaddr_t)spot, addr);
	unmap_addr(_metadata, addr, 2 * PAGE);
	munmap(ro, PAGE);
	zx_handle_close(h);
}

TEST(map_specific_taken_already_exists)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_vaddr_t addr = map_addr(_metadata, h, RW, 0, PAGE), again = 0;

	EXPECT_EQ(ZX_ERR_ALREADY_EXISTS,
		  zx_vmar_map(zx_vmar_root_self(), RW | ZX_VM_SPECIFIC, addr, h, 0, PAGE,
			      &again));
	EXPECT_EQ(1u, vmo_info(_metadata, h).num_mappings);
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), RW | ZX_VM_SPECIFIC_OVERWRITE, addr,
				     h, 0, PAGE, &again));
	EXPECT_EQ(addr, again);
	*(volatile uint8_t *)again = 0x5a;
	expect_bytes(_metadata, h, 0, 1, 0x5a);
	unmap_addr(_metadata, addr, PAGE);
	zx_handle_close(h);
}

/* The ioctl itself: it maps, stores the address, checks its fields. */
TEST(ioctl_map_direct)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	uint64_t addr = 0, *ro;
	struct zxvmo_map_args a = {
		.len = 2 * PAGE, .prot = PROT_READ, .out = (uintptr_t)&addr,
	};

	fill(_metadata, h, PAGE, 1, 0x5a);
	ASSERT_EQ(0, ioctl((int)h, ZXVMO_IOC_MAP, &a));
	ASSERT_NE(0u, addr);
	EXPECT_EQ(0x5a, *(volatile uint8_t *)(uintptr_t)(addr + PAGE));
	EXPECT_EQ(1u, vmo_info(_metadata, h).num_mappings);
	unmap_addr(_metadata, addr, 2 * PAGE);

	a.flags = ZXVMO_MAP_ALLOW_FAULTS << 1;
	EXPECT_EQ(-1, ioctl((int)h, ZXVMO_IOC_MAP, &a));
	EXPECT_EQ(EINVAL, errno);
	a.flags = ZXVMO_MAP_FIXED | ZXVMO_MAP_FIXED_NOREPLACE;
	a.addr = addr;
	EXPECT_EQ(-1, ioctl((int)h, ZXVMO_IOC_MAP, &a));
	EXPECT_EQ(EINVAL, errno);
	a.addr = 0;
	a.flags = 0;
	a.prot = PROT_READ | 0x8;
	EXPECT_EQ(-1, ioctl((int)h, ZXVMO_IOC_MAP, &a));
	EXPECT_EQ(EINVAL, errno);
	a.prot = PROT_READ;
	ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	a.out = (uintptr_t)ro;
	EXPECT_EQ(-1, ioctl((int)h, ZXVMO_IOC_MAP, &a));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0u, vmo_info(_metadata, h).num_mappings);
	munmap(ro, PAGE);
	zx_handle_close(h);
}

/* --- ZXVMO_IOC_MAP against mmap(2) of the same descriptor ------------- */

/* One ZXVMO_IOC_MAP: 0 and the address in *@got, or -errno. */
static long ioc_map(int fd, uint64_t addr, uint64_t len, uint64_t off,
		    uint32_t prot, uint32_t flags, uint64_t *got)
{
	struct zxvmo_map_args a = {
		.addr = addr, .len = len, .vmo_offset = off,
		.out = (uintptr_t)got, .prot = prot, .flags = flags,
	};

	return ioctl(fd, ZXVMO_IOC_MAP, &a) ? -errno : 0;
}

/* mmap(2) as ZXVMO_IOC_MAP maps: MAP_SHARED and the fixed flags. */
static long plain_map(int fd, uint64_t addr, uint64_t len, uint64_t off,
		      uint32_t prot, uint32_t flags, uint64_t *got)
{
	int mflags = MAP_SHARED;
	void *p;

	if (flags & ZXVMO_MAP_FIXED)
		mflags |= MAP_FIXED;
	if (flags & ZXVMO_MAP_FIXED_NOREPLACE)
		mflags |= MAP_FIXED_NOREPLACE;
	p = mmap((void *)(uintptr_t)addr, len, (int)prot, mflags, fd, (off_t)off);
	if (p == MAP_FAILED)
		return -errno;
	*got = (uintptr_t)p;
	return 0;
}

/* A free, page-aligned range of @len bytes. */
static uint64_t free_spot(struct __test_metadata *_metadata, size_t len)
{
	void *p = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, p);
	ASSERT_EQ(0, munmap(p, len));
	return (uintptr_t)p;
}

struct map_case {
	const char *what;
	uint64_t addr, len, off;
	uint32_t prot, flags;
	long ioc_err, mmap_err;	/* 0 or -errno, each path's */
};

/*
 * Map @c both ways, one after the other; each must give its status and,
 * on success, a mapping of the VMO at the asked address (if fixed) that
 * the VMO counts, removed again before the other way runs.
 */
static void map_both_ways(struct __test_metadata *_metadata, zx_handle_t h,
			  const struct map_case *c)
{
	long (*way[2])(int, uint64_t, uint64_t, uint64_t, uint32_t, uint32_t,
		       uint64_t *) = { ioc_map, plain_map };
	long want[2] = { c->ioc_err, c->mmap_err };
	uint64_t got;
	int i;

	for (i = 0; i < 2; i++) {
		got = 0;
		EXPECT_EQ(want[i], way[i]((int)h, c->addr, c->len, c->off,
					  c->prot, c->flags, &got))
			TH_LOG("%s: %s", c->what, i ? "mmap(2)" : "IOC_MAP");
		if (want[i]) {
			EXPECT_EQ(0u, got);
			EXPECT_EQ(0u, vmo_info(_metadata, h).num_mappings)
				TH_LOG("%s", c->what);
			continue;
		}
		ASSERT_NE(0u, got);
		if (c->flags)
			EXPECT_EQ(c->addr, got) TH_LOG("%s", c->what);
		EXPECT_EQ(1u, vmo_info(_metadata, h).num_mappings);
		ASSERT_EQ(0, munmap((void *)(uintptr_t)got, c->len));
	}
}

/*
 * Whatever ZXVMO_IOC_MAP is given, it refuses what mmap(2) of the same
 * descriptor refuses: lengths and offsets that wrap, overflow the file
 * or are not page-aligned, addresses past the address space or taken.
 * (Only a wrapping offset differs in errno: vm_mmap() says EINVAL where
 * mmap(2) says EOVERFLOW; libzx refuses it before either.)
 */
TEST(ioctl_map_refuses_what_mmap_refuses)
{
	const uint64_t big = 1ull << 62, top = ~0ull & ~(uint64_t)(PAGE - 1);
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	void *taken = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t spot = free_spot(_metadata, 4 * PAGE);
	const uint32_t R = PROT_READ, F = ZXVMO_MAP_FIXED, NR = ZXVMO_MAP_FIXED_NOREPLACE;
	const struct map_case cases[] = {
		{ "zero length", 0, 0, 0, R, 0, -EINVAL, -EINVAL },
		{ "one byte: a page", 0, 1, 0, R, 0, 0, 0 },
		{ "past the VMO's end", 0, 8 * PAGE, 0, R, 0, 0, 0 },
		{ "offset not aligned", 0, PAGE, 1, R, 0, -EINVAL, -EINVAL },
		{ "offset wraps", 0, 2 * PAGE, top, R, 0, -EINVAL, -EOVERFLOW },
		{ "offset past the file", 0, 2 * PAGE, (1ull << 63) - PAGE, R, 0,
		  -EOVERFLOW, -EOVERFLOW },
		{ "length past the address space", 0, big, 0, R, 0, -ENOMEM, -ENOMEM },
		{ "length wraps", 0, ~0ull - 1, 0, R, 0, -ENOMEM, -ENOMEM },
		{ "fixed, not aligned", spot + 1, PAGE, 0, R, F, -EINVAL, -EINVAL },
		{ "fixed, past the address space", big, PAGE, 0, R, F, -ENOMEM, -ENOMEM },
		{ "fixed, wrapping", top, 2 * PAGE, 0, R, F, -ENOMEM, -ENOMEM },
		{ "fixed", spot, 4 * PAGE, 0, R | PROT_WRITE, F, 0, 0 },
		{ "noreplace", spot, PAGE, 0, R, NR, 0, 0 },
		{ "noreplace, taken", (uintptr_t)taken, PAGE, 0, R, NR, -EEXIST, -EEXIST },
	};
	size_t i;

	ASSERT_NE(MAP_FAILED, taken);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		map_both_ways(_metadata, h, &cases[i]);
	/* The taken page was left alone. */
	EXPECT_EQ(0, msync(taken, PAGE, MS_ASYNC));
	munmap(taken, PAGE);
	EXPECT_EQ(0u, committed(_metadata, h) / PAGE);
	zx_handle_close(h);
}

/*
 * As nobody: below vm.mmap_min_addr (@arg's second word) both refuse
 * (EPERM), and nothing maps.
 */
static int map_low_as_nobody(void *arg)
{
	const uint64_t *a = arg;
	zx_handle_t h = (zx_handle_t)a[0];
	uint64_t low = a[1] - PAGE, got = 0;

	if (become_nobody())
		return 10;
	if (ioc_map((int)h, 0, PAGE, 0, PROT_READ, ZXVMO_MAP_FIXED, &got) != -EPERM || got)
		return 11;
	if (plain_map((int)h, 0, PAGE, 0, PROT_READ, ZXVMO_MAP_FIXED, &got) != -EPERM)
		return 12;
	if (ioc_map((int)h, low, PAGE, 0, PROT_READ, ZXVMO_MAP_FIXED_NOREPLACE, &got) !=
	    -EPERM || got)
		return 13;
	if (msync(NULL, a[1], MS_ASYNC) != -1 || errno != ENOMEM)
		return 14;
	/* Anywhere is still fine. */
	if (ioc_map((int)h, 0, PAGE, 0, PROT_READ, 0, &got) || !got)
		return 15;
	return 0;
}

TEST(ioctl_map_below_mmap_min_addr_as_nobody)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	uint64_t a[2] = { h, 0 };
	char buf[32] = "";

	ASSERT_EQ(0, read_file("/proc/sys/vm/mmap_min_addr", buf, sizeof(buf)));
	a[1] = strtoull(buf, NULL, 10) & ~(uint64_t)(PAGE - 1);
	if (!a[1])
		SKIP(goto out, "vm.mmap_min_addr is 0");
	EXPECT_EQ(0, run_in_child(map_low_as_nobody, a));
out:
	zx_handle_close(h);
}

/*
 * READ_IMPLIES_EXEC makes the kernel add PROT_EXEC behind the ioctl's
 * back: ->mmap still refuses a handle without ZX_RIGHT_EXECUTE (EACCES,
 * as mmap(2)), so no executable mapping comes of ZX_VM_PERM_READ.
 */
static int map_read_implies_exec(void *arg)
{
	zx_handle_t h = *(zx_handle_t *)arg;
	zx_info_handle_basic_t info;
	uint64_t got = 0;

	if (zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &info, sizeof(info), NULL,
			       NULL) != ZX_OK || (info.rights & ZX_RIGHT_EXECUTE))
		return 10;
	if (personality(READ_IMPLIES_EXEC) == -1)
		return 11;
	if (ioc_map((int)h, 0, PAGE, 0, PROT_READ, 0, &got) != -EACCES || got)
		return 12;
	if (plain_map((int)h, 0, PAGE, 0, PROT_READ, 0, &got) != -EACCES)
		return 13;
	/* Without the personality, the same call maps. */
	if (personality(0) == -1)
		return 14;
	if (ioc_map((int)h, 0, PAGE, 0, PROT_READ, 0, &got) || !got)
		return 15;
	return 0;
}

TEST(ioctl_map_read_implies_exec_needs_execute)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);

	EXPECT_EQ(0, run_in_child(map_read_implies_exec, &h));
	EXPECT_EQ(0u, vmo_info(_metadata, h).num_mappings);
	zx_handle_close(h);
}

/*
 * The out pointer must be writable memory before the call: where a fixed
 * mapping goes, or not mapped yet, it is INVALID_ARGS before anything is
 * mapped, and what was there stays.  (Storing it into the new mapping
 * could only be undone by address: see the next test.)
 */
TEST(ioctl_map_out_where_the_mapping_goes)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	uint64_t spot = free_spot(_metadata, 2 * PAGE), *out;
	uint8_t *old, before[24];

	out = (uint64_t *)(uintptr_t)(spot + PAGE + 8);
	EXPECT_EQ(-EINVAL, ioc_map((int)h, spot, 2 * PAGE, 0, PROT_READ | PROT_WRITE,
				   ZXVMO_MAP_FIXED, out));
	EXPECT_EQ(0u, vmo_info(_metadata, h).num_mappings);
	EXPECT_EQ(-1, msync((void *)(uintptr_t)spot, 2 * PAGE, MS_ASYNC));
	EXPECT_EQ(ENOMEM, errno);

	/* Over a writable mapping of the caller's: it stays, bytes and all. */
	old = mmap((void *)(uintptr_t)spot, 2 * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	ASSERT_EQ((void *)(uintptr_t)spot, old);
	memset(old, 0x3c, 2 * PAGE);
	EXPECT_EQ(-EINVAL, ioc_map((int)h, spot, 2 * PAGE, 0, PROT_READ | PROT_WRITE,
				   ZXVMO_MAP_FIXED, out));
	EXPECT_EQ(-EINVAL, ioc_map((int)h, spot + PAGE, PAGE, 0, PROT_READ,
				   ZXVMO_MAP_FIXED, (uint64_t *)(uintptr_t)(spot + PAGE - 4)));
	EXPECT_EQ(0u, vmo_info(_metadata, h).num_mappings);
	EXPECT_MEM(old, 2 * PAGE, 0x3c);
	/* Next to it, and straddling two of its pages, the store works. */
	EXPECT_EQ(0, ioc_map((int)h, 0, PAGE, 0, PROT_READ, 0,
			     (uint64_t *)(uintptr_t)(spot + PAGE - 4)));
	EXPECT_EQ(1u, vmo_info(_metadata, h).num_mappings);
	memcpy(&out, old + PAGE - 4, sizeof(out));
	EXPECT_EQ(0, munmap(out, PAGE));
	EXPECT_EQ(0u, vmo_info(_metadata, h).num_mappings);

	/*
	 * A read-only page, or a store straddling into one (the first page
	 * pinned, the second refused: the first is let go), is never
	 * written, and nothing is mapped.
	 */
	memcpy(before, old + PAGE - 8, sizeof(before));
	ASSERT_EQ(0, mprotect(old + PAGE, PAGE, PROT_READ));
	EXPECT_EQ(-EINVAL, ioc_map((int)h, 0, PAGE, 0, PROT_READ, 0,
				   (uint64_t *)(old + PAGE + 8)));
	EXPECT_EQ(-EINVAL, ioc_map((int)h, 0, PAGE, 0, PROT_READ, 0,
				   (uint64_t *)(old + PAGE - 4)));
	EXPECT_EQ(0, memcmp(before, old + PAGE - 8, sizeof(before)));
	EXPECT_EQ(0u, vmo_info(_metadata, h).num_mappings);

	/* A kernel address is never written, and nothing is mapped. */
	EXPECT_EQ(-EINVAL, ioc_map((int)h, 0, PAGE, 0, PROT_READ, 0,
				   (uint64_t *)(uintptr_t)0xffff888000000000ull));
	EXPECT_EQ(0u, vmo_info(_metadata, h).num_mappings);
	EXPECT_EQ(0u, committed(_metadata, h) / PAGE);
	munmap(old, 2 * PAGE);
	zx_handle_close(h);
}

/*
 * A failed call must never unmap a mapping another thread placed
 * meanwhile.  The out pointer is a page that userfaultfd stalls: while
 * the call waits on it, this thread puts its own mapping where the VMO's
 * is (or would go), then makes the stalled store fail by unmapping its
 * page.  The call fails (INVALID_ARGS) and this thread's mapping must
 * still be there: an undo by address after the store failed took it.
 */
struct undo_race {
	int fd;
	uint64_t spot;
	uint64_t *out;
	long ret;
};

static void *undo_race_map(void *arg)
{
	struct undo_race *r = arg;

	r->ret = ioc_map(r->fd, r->spot, PAGE, 0, PROT_READ, ZXVMO_MAP_FIXED, r->out);
	return NULL;
}

TEST(ioctl_map_undo_spares_another_threads_mapping)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	struct undo_race r = { .fd = (int)h, .ret = 1 };
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	struct uffdio_range wake;
	struct uffd_msg msg;
	struct pollfd pfd;
	uint8_t *mine, got = 0;
	pthread_t t;
	int uffd;

	uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC);
	if (uffd < 0)
		SKIP(return, "no userfaultfd (errno %d)", errno);
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_API, &api));
	r.out = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, r.out);
	reg.range.start = (uintptr_t)r.out;
	reg.range.len = PAGE;
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_REGISTER, &reg));
	/* Reserved, so that nothing else (a thread's stack) goes there. */
	mine = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, mine);
	r.spot = (uintptr_t)mine;
	ASSERT_EQ(0, pthread_create(&t, NULL, undo_race_map, &r));

	/* The call stalls on its out pointer. */
	pfd.fd = uffd;
	pfd.events = POLLIN;
	ASSERT_EQ(1, poll(&pfd, 1, 20000));
	ASSERT_EQ((ssize_t)sizeof(msg), read(uffd, &msg, sizeof(msg)));
	ASSERT_EQ(UFFD_EVENT_PAGEFAULT, msg.event);
	EXPECT_EQ((uintptr_t)r.out, msg.arg.pagefault.address & ~(uint64_t)(PAGE - 1));

	/* This thread's own mapping takes the spot. */
	mine = mmap((void *)(uintptr_t)r.spot, PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	ASSERT_EQ((void *)(uintptr_t)r.spot, mine);
	EXPECT_EQ(0, probe_write(mine, 0x77));
	EXPECT_EQ(0u, vmo_info(_metadata, h).num_mappings);

	/* The stalled store fails: its page is gone. */
	ASSERT_EQ(0, munmap(r.out, PAGE));
	wake.start = (uintptr_t)r.out;
	wake.len = PAGE;
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_WAKE, &wake));
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ(-EINVAL, r.ret);

	EXPECT_EQ(0, probe_access(mine, false, 0, &got));
	EXPECT_EQ(0x77, got);
	EXPECT_EQ(0u, vmo_info(_metadata, h).num_mappings);
	munmap(mine, PAGE);
	close(uffd);
	zx_handle_close(h);
}

TEST(protect_bad_arguments)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	zx_vaddr_t addr = map_addr(_metadata, h, RW, 0, 2 * PAGE);

	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_protect(zx_vmar_root_self(), ZX_VM_PERM_READ, addr + 1, PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_protect(zx_vmar_root_self(), ZX_VM_PERM_READ, addr, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_protect(zx_vmar_root_self(), ZX_VM_PERM_WRITE, addr, PAGE));
	/* Nothing changed: still writable. */
	EXPECT_EQ(0, probe_write((void *)addr, 1));
	unmap_addr(_metadata, addr, 2 * PAGE);
	zx_handle_close(h);
}

/* Protecting a range that is not (entirely) mapped is NOT_FOUND. */
TEST(protect_unmapped_not_found)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	zx_vaddr_t addr = map_addr(_metadata, h, RW, 0, 2 * PAGE);

	unmap_addr(_metadata, addr + PAGE, PAGE);
	EXPECT_EQ(ZX_ERR_NOT_FOUND,
		  zx_vmar_protect(zx_vmar_root_self(), ZX_VM_PERM_READ, addr, 2 * PAGE));
	unmap_addr(_metadata, addr, PAGE);
	zx_handle_close(h);
}

/*
 * Out of VMAs: with vm.max_map_count reached, a split that needs a new VMA
 * fails in the kernel with ENOMEM, which is Zircon's ZX_ERR_NO_MEMORY (not
 * NOT_FOUND, not INTERNAL).  The limit is global: it is lowered only
 * around the calls under test and restored before anything is asserted.
 */
#define MAX_MAP_COUNT "/proc/sys/vm/max_map_count"

/* Reads a decimal from @path with plain read(2) (no mmap, no malloc). */
static long read_long(const char *path)
{
	char buf[32];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

static int write_long(const char *path, long v)
{
	char buf[32];
	int fd = open(path, O_WRONLY | O_CLOEXEC), len, ok;

	if (fd < 0)
		return -1;
	len = snprintf(buf, sizeof(buf), "%ld\n", v);
	ok = write(fd, buf, len) == len;
	close(fd);
	return ok ? 0 : -1;
}

/* mm->map_count: the lines of /proc/self/maps but the vsyscall page. */
static long map_count(void)
{
	static const char vsys[] = "[vsyscall]";
	char buf[4096], line_tail[sizeof(vsys)] = "";
	long lines = 0, vsyscall = 0;
	size_t tail = 0;
	ssize_t n, i;
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++) {
			if (buf[i] != '\n') {
				/* Keep the last few characters of the line. */
				if (tail == sizeof(line_tail) - 1) {
					memmove(line_tail, line_tail + 1, tail - 1);
					tail--;
				}
				line_tail[tail++] = buf[i];
				line_tail[tail] = '\0';
				continue;
			}
			lines++;
			if (!strcmp(line_tail, vsys))
				vsyscall++;
			tail = 0;
			line_tail[0] = '\0';
		}
	}
	close(fd);
	return lines - vsyscall;
}

TEST(unmap_protect_map_no_memory_at_max_map_count)
{
	zx_handle_t root = zx_vmar_root_self();
	zx_handle_t h = vmo_new(_metadata, 3 * PAGE, 0);
	zx_vaddr_t addr = map_addr(_metadata, h, RW, 0, 3 * PAGE);
	zx_vaddr_t holed = map_addr(_metadata, h, RW, 0, 2 * PAGE);
	zx_vaddr_t spot, out = 0;
	zx_status_t unmap_st, protect_st, hole_st, whole_st, map_st;
	long old = read_long(MAX_MAP_COUNT), count;
	void *p;

	if (old < 0 || access(MAX_MAP_COUNT, W_OK))
		SKIP(return, "cannot change " MAX_MAP_COUNT);
	((volatile uint8_t *)addr)[PAGE] = 0x5e;
	unmap_addr(_metadata, holed + PAGE, PAGE);
	/* A free address for ZX_VM_SPECIFIC. */
	p = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, p);
	spot = (zx_vaddr_t)p;
	ASSERT_EQ(0, munmap(p, PAGE));

	count = map_count();
	ASSERT_LT(0, count);
	ASSERT_EQ(0, write_long(MAX_MAP_COUNT, count));
	unmap_st = zx_vmar_unmap(root, addr + PAGE, PAGE);
	protect_st = zx_vmar_protect(root, ZX_VM_PERM_READ, addr + PAGE, PAGE);
	hole_st = zx_vmar_protect(root, ZX_VM_PERM_READ, holed, 2 * PAGE);
	whole_st = zx_vmar_protect(root, ZX_VM_PERM_READ, addr, 3 * PAGE);
	/* mmap(2) fails only past the limit. */
	ASSERT_EQ(0, write_long(MAX_MAP_COUNT, count - 1));
	map_st = zx_vmar_map(root, RW | ZX_VM_SPECIFIC, spot, h, 0, PAGE, &out);
	ASSERT_EQ(0, write_long(MAX_MAP_COUNT, old));

	EXPECT_EQ(ZX_ERR_NO_MEMORY, unmap_st);
	EXPECT_EQ(ZX_ERR_NO_MEMORY, protect_st);
	EXPECT_EQ(ZX_ERR_NOT_FOUND, hole_st);
	EXPECT_EQ(ZX_OK, whole_st);
	EXPECT_EQ(ZX_ERR_NO_MEMORY, map_st);
	EXPECT_EQ(0u, out);
	/* The failed unmap left the mapping whole; now read-only. */
	EXPECT_EQ(0x5e, ((volatile uint8_t *)addr)[PAGE]);
	EXPECT_EQ(SIGSEGV, probe_write((void *)(addr + PAGE), 1));
	/* With the limit back, the same calls work. */
	EXPECT_EQ(ZX_OK, zx_vmar_protect(root, RW, addr + PAGE, PAGE));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root, addr + PAGE, PAGE));
	unmap_addr(_metadata, addr, 3 * PAGE);
	unmap_addr(_metadata, holed, PAGE);
	zx_handle_close(h);
}

/*
 * Aligned and upper-limited mappings (libzx reserves a window and maps
 * inside it with ZXVMO_IOC_MAP): the address is stored, and an out
 * pointer that cannot be written leaves nothing behind, neither a
 * mapping of the VMO nor the window.
 */
TEST(aligned_map_stores_or_leaves_nothing)
{
	const zx_vm_option_t opts[] = {
		ZX_VM_ALIGN_2MB, ZX_VM_OFFSET_IS_UPPER_LIMIT, ZX_VM_ALIGN_1MB | ZX_VM_SPECIFIC,
	};
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	zx_vaddr_t *ro, addr, spot;
	long count;
	size_t i;
	void *p;

	ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	p = mmap(NULL, 4ul << 20, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, p);
	spot = ((zx_vaddr_t)p + (1ul << 20) - 1) & ~((zx_vaddr_t)(1ul << 20) - 1);
	ASSERT_EQ(0, munmap(p, 4ul << 20));
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		zx_vaddr_t off = (opts[i] & ZX_VM_SPECIFIC) ? spot :
				 (opts[i] & ZX_VM_OFFSET_IS_UPPER_LIMIT) ? 1ul << 40 : 0;

		count = map_count();
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_vmar_map(zx_vmar_root_self(), RW | opts[i], off, h, 0, 2 * PAGE, ro));
		EXPECT_EQ(count, map_count()) TH_LOG("options %#x", opts[i]);
		EXPECT_EQ(0u, vmo_info(_metadata, h).num_mappings);
		addr = 0;
		ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), RW | opts[i], off, h, 0,
					     2 * PAGE, &addr));
		if ((opts[i] & (0xffu << ZX_VM_ALIGN_BASE)) == ZX_VM_ALIGN_2MB)
			EXPECT_EQ(0u, addr & ((2ul << 20) - 1));
		if (opts[i] & ZX_VM_SPECIFIC)
			EXPECT_EQ(spot, addr);
		if (opts[i] & ZX_VM_OFFSET_IS_UPPER_LIMIT)
			EXPECT_GE(1ul << 40, addr + 2 * PAGE);
		EXPECT_EQ(1u, vmo_info(_metadata, h).num_mappings);
		EXPECT_EQ(count + 1, map_count());
		unmap_addr(_metadata, addr, 2 * PAGE);
	}
	munmap(ro, PAGE);
	zx_handle_close(h);
}

TEST_HARNESS_MAIN
