// SPDX-License-Identifier: GPL-2.0
/*
 * zx_vmo_replace_as_executable() and ZX_RIGHT_EXECUTE: the handle is
 * always consumed once found, the new one has the old rights plus EXECUTE;
 * the vmex argument (ZX_HANDLE_INVALID only with the module parameter
 * allow_invalid_vmex=1); executable mappings need the right (zx_vmar_map,
 * mmap, no escalation with mprotect); code written with zx_vmo_write runs.
 */
#include "zxvmo_test.h"
#include "resource_helpers.h"

#define VMEX_PARAM "/sys/module/zxvmo/parameters/allow_invalid_vmex"
#define RX (ZX_VM_PERM_READ | ZX_VM_PERM_EXECUTE)

static zx_handle_t exec_vmo(struct __test_metadata *_metadata, zx_handle_t vmo)
{
	zx_handle_t vmex = vmex_new(_metadata), out = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_vmo_replace_as_executable(vmo, vmex, &out));
	zx_handle_close(vmex);
	ASSERT_NE(ZX_HANDLE_INVALID, out);
	return out;
}

/* Read allow_invalid_vmex: 'Y', 'N', or 0 when unreadable. */
static char read_param(void)
{
	char c = 0;
	int fd = open(VMEX_PARAM, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	if (read(fd, &c, 1) != 1)
		c = 0;
	close(fd);
	return c;
}

static int write_param(char c)
{
	int fd = open(VMEX_PARAM, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, &c, 1);
	close(fd);
	return n == 1 ? 0 : -1;
}

TEST(adds_execute_and_consumes)
{
	zx_handle_t vmo = vmo_new(_metadata, PAGE, 0), vmex = vmex_new(_metadata), out;
	zx_koid_t koid = koid_of(_metadata, vmo);
	int fds = open_fds();

	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS, rights_of(_metadata, vmo));
	ASSERT_EQ(ZX_OK, zx_vmo_replace_as_executable(vmo, vmex, &out));
	EXPECT_EQ(fds, open_fds());
	if (out != vmo)
		EXPECT_TRUE(fd_closed(vmo));
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS | ZX_RIGHT_EXECUTE, rights_of(_metadata, out));
	EXPECT_EQ(koid, koid_of(_metadata, out));
	EXPECT_EQ(ZX_OBJ_TYPE_VMO, basic_info(_metadata, out).type);
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS | ZX_RIGHT_EXECUTE, vmo_info(_metadata, out).handle_rights);
	/* the vmex resource is only looked at, not consumed */
	EXPECT_FALSE(fd_closed(vmex));
	/* again on an executable handle: nothing changes */
	vmo = out;
	ASSERT_EQ(ZX_OK, zx_vmo_replace_as_executable(vmo, vmex, &out));
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS | ZX_RIGHT_EXECUTE, rights_of(_metadata, out));
	EXPECT_EQ(fds, open_fds());
	zx_handle_close(out);
	zx_handle_close(vmex);
}

/* No right is needed on the source; its rights are kept, EXECUTE added. */
TEST(keeps_reduced_rights)
{
	zx_handle_t vmo = vmo_new(_metadata, PAGE, 0), weak, none, out;

	weak = dup_rights(_metadata, vmo, ZX_RIGHT_READ | ZX_RIGHT_MAP);
	out = exec_vmo(_metadata, weak);
	EXPECT_TRUE(fd_closed(weak) || out == weak);
	EXPECT_EQ(ZX_RIGHT_READ | ZX_RIGHT_MAP | ZX_RIGHT_EXECUTE, rights_of(_metadata, out));
	zx_handle_close(out);
	ASSERT_EQ(ZX_OK, zx_handle_replace(dup_rights(_metadata, vmo, ZX_RIGHT_SAME_RIGHTS),
					   ZX_RIGHT_NONE, &none));
	out = exec_vmo(_metadata, none);
	EXPECT_EQ(ZX_RIGHT_EXECUTE, rights_of(_metadata, out));
	zx_handle_close(out);
	zx_handle_close(vmo);
}

/* Every refusal once the handle is found consumes it; a missing one does not. */
TEST(refusals_consume_the_handle)
{
	zx_handle_t vmex = vmex_new(_metadata), bti = bti_new(_metadata), mmio, other, vmo, out;
	zx_handle_t closed = 1000;
	static uint64_t free_pa;
	int p[2], fds;

	ASSERT_TRUE(find_free_mmio(PAGE, &free_pa));
	ASSERT_EQ(ZX_OK, zxvmo_get_mmio_resource(free_pa, PAGE, &mmio));
	other = vmo_new(_metadata, PAGE, 0);
	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	ASSERT_TRUE(fd_closed(closed));
	ASSERT_EQ('N', read_param());
	fds = open_fds();

#define REFUSED(vmex_, want)                                                         \
	do {                                                                         \
		vmo = vmo_new(_metadata, PAGE, 0);                                   \
		out = ZX_HANDLE_INVALID;                                             \
		EXPECT_EQ((want), zx_vmo_replace_as_executable(vmo, (vmex_), &out)); \
		EXPECT_TRUE(fd_closed(vmo));                                         \
		EXPECT_EQ(ZX_HANDLE_INVALID, out);                                   \
		EXPECT_EQ(fds, open_fds());                                          \
	} while (0)
	REFUSED(ZX_HANDLE_INVALID, ZX_ERR_ACCESS_DENIED);	/* the policy */
	REFUSED(closed, ZX_ERR_BAD_HANDLE);
	REFUSED((zx_handle_t)p[0], ZX_ERR_WRONG_TYPE);
	REFUSED(other, ZX_ERR_WRONG_TYPE);
	REFUSED(bti, ZX_ERR_WRONG_TYPE);
	REFUSED(mmio, ZX_ERR_BAD_HANDLE);
	REFUSED(zx_vmar_root_self(), ZX_ERR_WRONG_TYPE);
	REFUSED(0xFFFFFFFFu, ZX_ERR_BAD_HANDLE);
#undef REFUSED
	/* the other handles are untouched */
	EXPECT_FALSE(fd_closed(p[0]) || fd_closed(other) || fd_closed(bti) || fd_closed(mmio));

	/* an out pointer that cannot be written: the new handle is closed too */
	vmo = vmo_new(_metadata, PAGE, 0);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_replace_as_executable(vmo, vmex, NULL));
	EXPECT_TRUE(fd_closed(vmo));
	EXPECT_EQ(fds, open_fds());

	/* not found: BAD_HANDLE and nothing consumed */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_replace_as_executable(closed, vmex, &out));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_vmo_replace_as_executable(ZX_HANDLE_INVALID, vmex, &out));
	EXPECT_FALSE(fd_closed(vmex));

	/* found but not a VMO: consumed, BAD_HANDLE (Zircon) after the vmex check */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_replace_as_executable((zx_handle_t)p[1], vmex, &out));
	EXPECT_TRUE(fd_closed(p[1]));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_replace_as_executable(bti, other, &out));
	EXPECT_TRUE(fd_closed(bti));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_replace_as_executable(mmio, vmex, &out));
	EXPECT_TRUE(fd_closed(mmio));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_replace_as_executable(zx_vmar_root_self(), vmex, &out));

	close(p[0]);
	zx_handle_close(other);
	zx_handle_close(vmex);
}

/* ZX_HANDLE_INVALID as vmex: only with allow_invalid_vmex=1 (then restored). */
TEST(invalid_vmex_needs_module_parameter)
{
	zx_handle_t vmo, out = ZX_HANDLE_INVALID;
	zx_status_t with, without;
	char saved = read_param();

	ASSERT_TRUE(saved == 'N' || saved == 'Y');
	ASSERT_EQ(0, write_param('N'));
	vmo = vmo_new(_metadata, PAGE, 0);
	without = zx_vmo_replace_as_executable(vmo, ZX_HANDLE_INVALID, &out);
	EXPECT_TRUE(fd_closed(vmo));
	ASSERT_EQ(0, write_param('1'));
	EXPECT_EQ('Y', read_param());
	vmo = vmo_new(_metadata, PAGE, 0);
	with = zx_vmo_replace_as_executable(vmo, ZX_HANDLE_INVALID, &out);
	/* a value that is no descriptor must not pass for ZX_HANDLE_INVALID */
	{
		zx_handle_t v2 = vmo_new(_metadata, PAGE, 0), o2 = ZX_HANDLE_INVALID;

		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_replace_as_executable(v2, 0xFFFFFFFFu, &o2));
		EXPECT_EQ(ZX_HANDLE_INVALID, o2);
	}
	ASSERT_EQ(0, write_param(saved));
	EXPECT_EQ(saved, read_param());

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, without);
	ASSERT_EQ(ZX_OK, with);
	EXPECT_TRUE(fd_closed(vmo) || out == vmo);
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS | ZX_RIGHT_EXECUTE, rights_of(_metadata, out));
	zx_handle_close(out);
}

/* Unprivileged users cannot change the parameter. */
static int child_write_param(void *arg)
{
	(void)arg;
	if (become_nobody())
		return 2;
	return open(VMEX_PARAM, O_WRONLY) < 0 && errno == EACCES ? 0 : 3;
}

TEST(module_parameter_is_root_only)
{
	EXPECT_EQ(0, run_in_child(child_write_param, NULL));
}

TEST(execute_mapping_needs_the_right)
{
	zx_handle_t vmo = vmo_new(_metadata, PAGE, 0), exec;
	zx_vaddr_t addr = 0;
	void *p;

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(zx_vmar_root_self(), RX, 0, vmo, 0, PAGE, &addr));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED |
			      ZX_VM_PERM_EXECUTE, 0, vmo, 0, PAGE, &addr));
	p = mmap(NULL, PAGE, PROT_READ | PROT_EXEC, MAP_SHARED, (int)vmo, 0);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EACCES, errno);
	p = mmap(NULL, PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE, (int)vmo, 0);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EACCES, errno);

	exec = exec_vmo(_metadata, vmo);
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), RX, 0, exec, 0, PAGE, &addr));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), addr, PAGE));
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED |
				     ZX_VM_PERM_EXECUTE, 0, exec, 0, PAGE, &addr));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), addr, PAGE));
	/* as a dynamic loader maps code: private, read + exec */
	p = mmap(NULL, PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE, (int)exec, 0);
	ASSERT_NE(MAP_FAILED, p);
	munmap(p, PAGE);
	zx_handle_close(exec);
}

/* mprotect cannot add PROT_EXEC to a mapping of a handle without EXECUTE. */
TEST(no_exec_escalation_with_mprotect)
{
	zx_handle_t vmo = vmo_new(_metadata, 2 * PAGE, 0), exec;
	zx_vaddr_t addr = 0;
	void *p;

	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0,
				     vmo, 0, 2 * PAGE, &addr));
	EXPECT_EQ(-1, mprotect((void *)addr, PAGE, PROT_READ | PROT_EXEC));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_protect(zx_vmar_root_self(), RX, addr, 2 * PAGE));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), addr, 2 * PAGE));
	p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, (int)vmo, 0);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(-1, mprotect(p, PAGE, PROT_READ | PROT_EXEC));
	EXPECT_EQ(EACCES, errno);
	munmap(p, PAGE);

	/* with the right, a writable mapping may become executable */
	exec = exec_vmo(_metadata, dup_rights(_metadata, vmo, ZX_RIGHT_SAME_RIGHTS));
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0,
				     exec, 0, 2 * PAGE, &addr));
	EXPECT_EQ(0, mprotect((void *)addr, PAGE, PROT_READ | PROT_EXEC));
	EXPECT_EQ(ZX_OK, zx_vmar_protect(zx_vmar_root_self(), RX, addr + PAGE, PAGE));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), addr, 2 * PAGE));
	/* the old handle still has no EXECUTE: its mappings cannot either */
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, (int)vmo, 0);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(-1, mprotect(p, PAGE, PROT_READ | PROT_EXEC));
	munmap(p, PAGE);
	zx_handle_close(exec);
	zx_handle_close(vmo);
}

/* Code written with zx_vmo_write runs from an executable mapping. */
TEST(code_in_a_vmo_runs)
{
	zx_handle_t vmo = vmo_new(_metadata, 2 * PAGE, 0), exec, alias;
	zx_vaddr_t addr = 0, waddr = 0;
	uint8_t code[6];
	int (*fn)(void);

	code_return(code, 42);
	ASSERT_EQ(ZX_OK, zx_vmo_write(vmo, code, PAGE + 16, sizeof(code)));
	alias = dup_rights(_metadata, vmo, ZX_RIGHT_SAME_RIGHTS);
	exec = exec_vmo(_metadata, vmo);
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), RX, 0, exec, 0, 2 * PAGE, &addr));
	fn = (int (*)(void))(addr + PAGE + 16);
	EXPECT_EQ(42, fn());

	/* new code written through the VMO is what runs next */
	code_return(code, 7);
	ASSERT_EQ(ZX_OK, zx_vmo_write(alias, code, PAGE + 16, sizeof(code)));
	EXPECT_EQ(7, fn());
	/* and through a writable mapping of another handle */
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0,
				     alias, 0, 2 * PAGE, &waddr));
	code_return(code, 1234567);
	memcpy((void *)(waddr + PAGE + 16), code, sizeof(code));
	EXPECT_EQ(1234567, fn());

	EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), addr, 2 * PAGE));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), waddr, 2 * PAGE));
	zx_handle_close(exec);
	zx_handle_close(alias);
}

/* A snapshot child of an executable VMO runs the code it saw. */
TEST(code_in_a_snapshot_runs)
{
	zx_handle_t vmo = vmo_new(_metadata, PAGE, 0), child, exec;
	zx_vaddr_t addr = 0;
	uint8_t code[6];
	int (*fn)(void);

	code_return(code, 99);
	ASSERT_EQ(ZX_OK, zx_vmo_write(vmo, code, 0, sizeof(code)));
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE, &child));
	code_return(code, 1);
	ASSERT_EQ(ZX_OK, zx_vmo_write(vmo, code, 0, sizeof(code)));
	exec = exec_vmo(_metadata, child);
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), RX, 0, exec, 0, PAGE, &addr));
	fn = (int (*)(void))addr;
	EXPECT_EQ(99, fn());
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), addr, PAGE));
	zx_handle_close(exec);
	zx_handle_close(vmo);
}

/* Executing from a mapping without PROT_EXEC faults (NX). */
TEST_SIGNAL(no_exec_mapping_faults, SIGSEGV)
{
	zx_handle_t vmo = vmo_new(_metadata, PAGE, 0), exec;
	zx_vaddr_t addr = 0;
	uint8_t code[6];
	int (*fn)(void);

	code_return(code, 5);
	ASSERT_EQ(ZX_OK, zx_vmo_write(vmo, code, 0, sizeof(code)));
	exec = exec_vmo(_metadata, vmo);
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, exec, 0, PAGE,
				     &addr));
	fn = (int (*)(void))addr;
	fn();
}

TEST_HARNESS_MAIN
