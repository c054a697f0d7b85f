// SPDX-License-Identifier: BSD-2-Clause
/*
 * libzx host unit test: Resources, BTIs, pinning, replace_as_executable, contiguous and
 * physical VMOs, user signals, against the fake kernel.
 */
#include "unit.h"

/* ---- resources, BTIs and the VMOs made from them ------------------------- */

static zx_handle_t fake_vmex(void)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	CHECK_ST(zxvmo_get_vmex_resource(&h), ZX_OK);
	return h;
}

void test_fake_resource_getters(void)
{
	zx_handle_t vmex, mmio, bti, h = ZX_HANDLE_INVALID, dup;
	zx_info_handle_basic_t basic;
	zx_info_resource_t res;
	zx_signals_t obs = 1;
	uint64_t size;
	char buf[8];
	int fds;

	g_mock_control = 1;
	g_control_errno = 0;
	fds = fd_count();

	vmex = fake_vmex();
	CHECK(vmex != ZX_HANDLE_INVALID && fd_open((int)vmex));
	CHECK(fcntl((int)vmex, F_GETFD) == FD_CLOEXEC);
	CHECK_ST(zx_object_get_info(vmex, ZX_INFO_HANDLE_BASIC, &basic, sizeof(basic), NULL, NULL),
		 ZX_OK);
	CHECK(basic.type == ZX_OBJ_TYPE_RESOURCE && basic.rights == ZXVMO_DEFAULT_RESOURCE_RIGHTS);
	CHECK(basic.koid != ZX_KOID_INVALID && basic.related_koid == ZX_KOID_INVALID);
	memset(&res, 0xa5, sizeof(res));
	CHECK_ST(zx_object_get_info(vmex, ZX_INFO_RESOURCE, &res, sizeof(res), NULL, NULL), ZX_OK);
	CHECK(res.kind == ZX_RSRC_KIND_SYSTEM && res.base == ZX_RSRC_SYSTEM_VMEX_BASE &&
	      res.size == 1 && res.flags == 0 && res.name[0] == '\0');
	CHECK_ST(zx_object_get_info(vmex, ZX_INFO_RESOURCE, &res, sizeof(res) - 1, NULL, NULL),
		 ZX_ERR_BUFFER_TOO_SMALL);
	CHECK_ST(zx_object_get_info(vmex, ZX_INFO_VMO, buf, sizeof(buf), NULL, NULL),
		 ZX_ERR_WRONG_TYPE);

	CHECK_ST(zxvmo_get_mmio_resource(FAKE_MMIO_BASE, 2 * 4096, &mmio), ZX_OK);
	CHECK_ST(zx_object_get_info(mmio, ZX_INFO_RESOURCE, &res, sizeof(res), NULL, NULL), ZX_OK);
	CHECK(res.kind == ZX_RSRC_KIND_MMIO && res.base == FAKE_MMIO_BASE && res.size == 8192);
	CHECK_ST(zxvmo_get_mmio_resource(FAKE_MMIO_BASE + 1, 4096, &h), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zxvmo_get_mmio_resource(FAKE_MMIO_BASE, 0, &h), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zxvmo_get_mmio_resource(0x1000, 4096, &h), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zxvmo_get_mmio_resource(~(zx_paddr_t)4095, 8192, &h), ZX_ERR_OUT_OF_RANGE);

	CHECK_ST(zxvmo_get_bti(&bti), ZX_OK);
	CHECK_ST(zx_object_get_info(bti, ZX_INFO_HANDLE_BASIC, &basic, sizeof(basic), NULL, NULL),
		 ZX_OK);
	CHECK(basic.type == ZX_OBJ_TYPE_BTI && basic.rights == ZXVMO_DEFAULT_BTI_RIGHTS);
	CHECK_ST(zx_object_get_info(bti, ZX_INFO_RESOURCE, &res, sizeof(res), NULL, NULL),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_object_get_info(bti, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL), ZX_OK);

	/* VMO calls on resources and BTIs: WRONG_TYPE */
	CHECK_ST(zx_vmo_get_size(vmex, &size), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_read(bti, buf, 0, 1), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_write(mmio, buf, 0, 1), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_set_size(bti, 4096), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_op_range(vmex, ZX_VMO_OP_COMMIT, 0, 4096, NULL, 0), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_child(bti, ZX_VMO_CHILD_SLICE, 0, 4096, &h), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_set_cache_policy(mmio, 0), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, bti, 0, 4096,
			     (zx_vaddr_t *)&size),
		 ZX_ERR_WRONG_TYPE);
	/* a resource's default rights have no ZX_RIGHT_WAIT (Zircon's) */
	CHECK_ST(zx_object_wait_one(vmex, ZX_VMO_ZERO_CHILDREN, 0, &obs), ZX_ERR_ACCESS_DENIED);

	/* duplicate, replace, close */
	CHECK_ST(zx_handle_duplicate(vmex, ZX_RIGHT_DUPLICATE | ZX_RIGHT_INSPECT, &dup), ZX_OK);
	CHECK_ST(zx_object_get_info(dup, ZX_INFO_HANDLE_BASIC, &basic, sizeof(basic), NULL, NULL),
		 ZX_OK);
	CHECK(basic.type == ZX_OBJ_TYPE_RESOURCE &&
	      basic.rights == (ZX_RIGHT_DUPLICATE | ZX_RIGHT_INSPECT));
	CHECK_ST(zx_handle_replace(dup, ZX_RIGHT_INSPECT, &h), ZX_OK);
	CHECK(!fd_open((int)dup));
	CHECK_ST(zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &dup), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_handle_close(h), ZX_OK);

	/* no out pointer: the new handle does not leak */
	CHECK_ST(zxvmo_get_vmex_resource(NULL), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zxvmo_get_bti((zx_handle_t *)(uintptr_t)8), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zxvmo_get_mmio_resource(FAKE_MMIO_BASE, 4096, NULL), ZX_ERR_INVALID_ARGS);
	CHECK(fd_count() == fds + 3);

	/* unprivileged: the kernel's EACCES */
	g_unprivileged = 1;
	h = ZX_HANDLE_INVALID;
	CHECK_ST(zxvmo_get_vmex_resource(&h), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zxvmo_get_mmio_resource(FAKE_MMIO_BASE, 4096, &h), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zxvmo_get_bti(&h), ZX_ERR_ACCESS_DENIED);
	CHECK(h == ZX_HANDLE_INVALID);
	g_unprivileged = 0;

	/* the control device, opened again after the program closed libzx's */
	fake_close_controls();
	g_control_errno = ENOENT;
	CHECK_ST(zxvmo_get_bti(&h), ZX_ERR_NOT_SUPPORTED);
	g_control_errno = EACCES;
	CHECK_ST(zxvmo_get_vmex_resource(&h), ZX_ERR_ACCESS_DENIED);
	g_control_errno = EMFILE;
	CHECK_ST(zxvmo_get_mmio_resource(FAKE_MMIO_BASE, 4096, &h), ZX_ERR_NO_RESOURCES);
	g_control_errno = 0;
	g_force_errno = ENOTTY; /* a module that does not know the call */
	CHECK_ST(zxvmo_get_vmex_resource(&h), ZX_ERR_NOT_SUPPORTED);
	g_force_errno = ENOMEM;
	CHECK_ST(zxvmo_get_bti(&h), ZX_ERR_NO_MEMORY);
	CHECK(fd_count() == fds + 3);

	CHECK_ST(zx_handle_close(vmex), ZX_OK);
	CHECK_ST(zx_handle_close(mmio), ZX_OK);
	CHECK_ST(zx_handle_close(bti), ZX_OK);
	CHECK(fd_count() == fds);
}

void test_fake_replace_as_executable(void)
{
	zx_handle_t vmo, vmex, mmio, bti, other, out, closed;
	zx_info_handle_basic_t basic;
	int p[2], fds;

	g_mock_control = 1;
	vmex = fake_vmex();
	CHECK_ST(zxvmo_get_mmio_resource(FAKE_MMIO_BASE, 4096, &mmio), ZX_OK);
	CHECK_ST(zxvmo_get_bti(&bti), ZX_OK);
	other = new_vmo(4096, 0);
	CHECK(pipe2(p, O_CLOEXEC) == 0);
	closed = 901;
	CHECK(!fd_open(901));
	fds = fd_count();
	g_foreign_ioctls = 0;

	/* success: rights | EXECUTE, the old handle is gone */
	vmo = new_vmo(4096, 0);
	CHECK_ST(zx_handle_replace(vmo, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WRITE, &vmo), ZX_OK);
	CHECK_ST(zx_vmo_replace_as_executable(vmo, vmex, &out), ZX_OK);
	CHECK(!fd_open((int)vmo) || out == vmo);
	CHECK_ST(zx_object_get_info(out, ZX_INFO_HANDLE_BASIC, &basic, sizeof(basic), NULL, NULL),
		 ZX_OK);
	CHECK(basic.rights == ((ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WRITE) | ZX_RIGHT_EXECUTE));
	CHECK(basic.type == ZX_OBJ_TYPE_VMO);
	/* no right needed on the source */
	CHECK_ST(zx_handle_replace(out, ZX_RIGHT_NONE, &vmo), ZX_OK);
	CHECK_ST(zx_vmo_replace_as_executable(vmo, vmex, &out), ZX_OK);
	CHECK(rights_of_fake(out) == ZX_RIGHT_EXECUTE);
	zx_handle_close(out);
	CHECK(fd_count() == fds);

	/* every refusal after the handle was found consumes it */
#define REFUSED(vmex_, want)                                                      \
	do {                                                                      \
		vmo = new_vmo(4096, 0);                                           \
		out = ZX_HANDLE_INVALID;                                          \
		CHECK_ST(zx_vmo_replace_as_executable(vmo, (vmex_), &out), (want)); \
		CHECK(!fd_open((int)vmo) && out == ZX_HANDLE_INVALID);            \
		CHECK(fd_count() == fds);                                         \
	} while (0)
	REFUSED(ZX_HANDLE_INVALID, ZX_ERR_ACCESS_DENIED); /* allow_invalid_vmex=0 */
	REFUSED(closed, ZX_ERR_BAD_HANDLE);
	REFUSED((zx_handle_t)p[0], ZX_ERR_WRONG_TYPE);
	REFUSED(other, ZX_ERR_WRONG_TYPE);
	REFUSED(bti, ZX_ERR_WRONG_TYPE);
	REFUSED(mmio, ZX_ERR_BAD_HANDLE);
	REFUSED(zx_vmar_root_self(), ZX_ERR_WRONG_TYPE);
	g_allow_invalid_vmex = 1;
	/* 0xFFFFFFFF is no descriptor: it must not reach the kernel as -1 */
	REFUSED(0xFFFFFFFFu, ZX_ERR_BAD_HANDLE);
	REFUSED((zx_handle_t)INT32_MAX + 1u, ZX_ERR_BAD_HANDLE);
	vmo = new_vmo(4096, 0);
	CHECK_ST(zx_vmo_replace_as_executable(vmo, ZX_HANDLE_INVALID, &out), ZX_OK);
	CHECK(rights_of_fake(out) == (ZX_DEFAULT_VMO_RIGHTS | ZX_RIGHT_EXECUTE));
	zx_handle_close(out);
	g_allow_invalid_vmex = 0;
	CHECK(fd_open(p[0]) && fd_open(p[1])); /* a foreign vmex is not touched */
	CHECK(fd_open((int)other) && fd_open((int)bti) && fd_open((int)mmio));

	/* an out pointer that cannot be written: both handles gone */
	vmo = new_vmo(4096, 0);
	CHECK_ST(zx_vmo_replace_as_executable(vmo, vmex, NULL), ZX_ERR_INVALID_ARGS);
	CHECK(!fd_open((int)vmo) && fd_count() == fds);

	/* handle not found: nothing consumed, BAD_HANDLE before the vmex status */
	CHECK_ST(zx_vmo_replace_as_executable(closed, vmex, &out), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_replace_as_executable(ZX_HANDLE_INVALID, (zx_handle_t)p[0], &out),
		 ZX_ERR_BAD_HANDLE);
	CHECK(fd_open((int)vmex) && fd_count() == fds);

	/* found but not a VMO: consumed, the vmex status first, else BAD_HANDLE */
	{
		zx_handle_t r2 = fake_vmex(), b2, q[2];

		CHECK_ST(zx_vmo_replace_as_executable(r2, vmex, &out), ZX_ERR_BAD_HANDLE);
		CHECK(!fd_open((int)r2));
		CHECK_ST(zxvmo_get_bti(&b2), ZX_OK);
		CHECK_ST(zx_vmo_replace_as_executable(b2, closed, &out), ZX_ERR_BAD_HANDLE);
		CHECK(!fd_open((int)b2));
		CHECK_ST(zxvmo_get_bti(&b2), ZX_OK);
		CHECK_ST(zx_vmo_replace_as_executable(b2, (zx_handle_t)p[0], &out),
			 ZX_ERR_WRONG_TYPE);
		CHECK(!fd_open((int)b2));
		CHECK_ST(zxvmo_get_bti(&b2), ZX_OK);
		CHECK_ST(zx_vmo_replace_as_executable(b2, ZX_HANDLE_INVALID, &out),
			 ZX_ERR_BAD_HANDLE);
		CHECK(!fd_open((int)b2));
		CHECK(pipe2((int *)q, O_CLOEXEC) == 0);
		CHECK_ST(zx_vmo_replace_as_executable(q[0], vmex, &out), ZX_ERR_BAD_HANDLE);
		CHECK(!fd_open((int)q[0]));
		CHECK_ST(zx_vmo_replace_as_executable(q[1], mmio, &out), ZX_ERR_BAD_HANDLE);
		CHECK(!fd_open((int)q[1]));
		CHECK_ST(zx_vmo_replace_as_executable(zx_vmar_root_self(), vmex, &out),
			 ZX_ERR_BAD_HANDLE);
		CHECK_ST(zx_vmo_replace_as_executable(zx_vmar_root_self(), other, &out),
			 ZX_ERR_WRONG_TYPE);
		CHECK(fd_count() == fds);
	}
	CHECK(g_foreign_ioctls == 0);
#undef REFUSED

	close(p[0]);
	close(p[1]);
	zx_handle_close(other);
	zx_handle_close(bti);
	zx_handle_close(mmio);
	zx_handle_close(vmex);
}

void test_fake_contiguous_and_physical(void)
{
	zx_handle_t vmex, mmio, bti, weak, vmo = ZX_HANDLE_INVALID, other, closed = 902;
	zx_info_vmo_t info;
	char buf[16] = "contiguous";
	int p[2], fds;

	g_mock_control = 1;
	vmex = fake_vmex();
	CHECK_ST(zxvmo_get_mmio_resource(FAKE_MMIO_BASE, 4 * 4096, &mmio), ZX_OK);
	CHECK_ST(zxvmo_get_bti(&bti), ZX_OK);
	other = new_vmo(4096, 0);
	CHECK(pipe2(p, O_CLOEXEC) == 0);
	CHECK(!fd_open(902));
	fds = fd_count();
	g_foreign_ioctls = 0;

	/* contiguous: size and alignment come before the handle (Zircon's order) */
	CHECK_ST(zx_vmo_create_contiguous(closed, 0, 0, &vmo), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_create_contiguous(closed, 4096, 11, &vmo), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_create_contiguous(closed, 4096, 64, &vmo), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_create_contiguous(bti, 4096, 1, &vmo), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_create_contiguous(bti, 0, 12, &vmo), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_create_contiguous(closed, 4096, 0, &vmo), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_create_contiguous(ZX_HANDLE_INVALID, 4096, 0, &vmo), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_create_contiguous((zx_handle_t)p[0], 4096, 0, &vmo), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_contiguous(other, 4096, 0, &vmo), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_contiguous(vmex, 4096, 0, &vmo), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_contiguous(mmio, 4096, 0, &vmo), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_contiguous(zx_vmar_root_self(), 4096, 0, &vmo), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_handle_duplicate(bti, ZXVMO_DEFAULT_BTI_RIGHTS & ~ZX_RIGHT_MAP, &weak), ZX_OK);
	CHECK_ST(zx_vmo_create_contiguous(weak, 4096, 0, &vmo), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_vmo_create_contiguous(bti, (size_t)FAKE_DATA * 2, 0, &vmo), ZX_ERR_NO_MEMORY);
	CHECK_ST(zx_vmo_create_contiguous(bti, 4096, 63, &vmo), ZX_ERR_NO_MEMORY);
	CHECK_ST(zx_vmo_create_contiguous(bti, 3 * 4096, 0, NULL), ZX_ERR_INVALID_ARGS);
	CHECK(fd_count() == fds + 1);
	CHECK_ST(zx_vmo_create_contiguous(bti, 3 * 4096 - 5, 13, &vmo), ZX_OK);
	info = fake_vmo_info(vmo);
	CHECK((info.flags & ZX_INFO_VMO_CONTIGUOUS) && (info.flags & ZX_INFO_VMO_TYPE_PAGED));
	CHECK(info.size_bytes == 3 * 4096 && info.handle_rights == ZX_DEFAULT_VMO_RIGHTS);
	CHECK_ST(zx_vmo_write(vmo, buf, 0, sizeof(buf)), ZX_OK);
	zx_handle_close(vmo);
	zx_handle_close(weak);

	/* physical */
	CHECK_ST(zx_vmo_create_physical(closed, FAKE_MMIO_BASE, 4096, &vmo), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_create_physical((zx_handle_t)p[1], FAKE_MMIO_BASE, 4096, &vmo),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_physical(other, FAKE_MMIO_BASE, 4096, &vmo), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_physical(bti, FAKE_MMIO_BASE, 4096, &vmo), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_physical(vmex, FAKE_MMIO_BASE, 4096, &vmo), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_physical(mmio, FAKE_MMIO_BASE - 4096, 4096, &vmo),
		 ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_vmo_create_physical(mmio, FAKE_MMIO_BASE, 5 * 4096, &vmo),
		 ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_vmo_create_physical(mmio, ~(zx_paddr_t)0 - 4095, 8192, &vmo),
		 ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_vmo_create_physical(mmio, FAKE_MMIO_BASE + 1, 4096, &vmo),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_create_physical(mmio, FAKE_MMIO_BASE, 100, &vmo), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_create_physical(mmio, FAKE_MMIO_BASE, 0, &vmo), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_create_physical(mmio, FAKE_MMIO_BASE, 4096, NULL), ZX_ERR_INVALID_ARGS);
	CHECK(fd_count() == fds);
	CHECK_ST(zx_vmo_create_physical(mmio, FAKE_MMIO_BASE + 4096, 2 * 4096, &vmo), ZX_OK);
	info = fake_vmo_info(vmo);
	CHECK(!(info.flags & ZX_INFO_VMO_TYPE_PAGED) && info.cache_policy == ZX_CACHE_POLICY_UNCACHED);
	CHECK(info.handle_rights == (ZX_DEFAULT_VMO_RIGHTS | ZX_RIGHT_EXECUTE));
	CHECK_ST(zx_vmo_read(vmo, buf, 0, 1), ZX_ERR_NOT_SUPPORTED);
	CHECK_ST(zx_vmo_write(vmo, buf, 0, 1), ZX_ERR_NOT_SUPPORTED);
	zx_handle_close(vmo);
	CHECK(g_foreign_ioctls == 0);
	CHECK(fd_count() == fds);

	close(p[0]);
	close(p[1]);
	zx_handle_close(other);
	zx_handle_close(bti);
	zx_handle_close(mmio);
	zx_handle_close(vmex);
}

/*
 * zx_object_signal() and its waits against the fake: the library's part is
 * the handle checks, the args it sends, the status it maps back and the
 * poll events it asks for and decodes (the kernel's rules: signal_test).
 */
void test_fake_signal(void)
{
	zx_handle_t vmo, dup, nosig, bti, closed = 905;
	zx_signals_t obs = 0;

	g_mock_control = 1;
	vmo = new_vmo(4096, 0);
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &dup), ZX_OK);
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_WAIT, &nosig), ZX_OK);
	CHECK(!fd_open(905));

	CHECK_ST(zx_object_signal(vmo, 0, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_7), ZX_OK);
	CHECK_ST(zx_object_wait_one(dup, ZX_USER_SIGNAL_7, 0, &obs), ZX_OK);
	CHECK(obs == (ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_7));
	CHECK_ST(zx_object_signal(dup, ZX_USER_SIGNAL_ALL, ZX_USER_SIGNAL_3), ZX_OK);
	CHECK_ST(zx_object_wait_one(vmo, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_3, 0, &obs), ZX_OK);
	CHECK(obs == ZX_USER_SIGNAL_3);
	obs = 77;
	CHECK_ST(zx_object_wait_one(vmo, ZX_USER_SIGNAL_0, 0, &obs), ZX_ERR_TIMED_OUT);
	CHECK(obs == ZX_USER_SIGNAL_3);

	CHECK_ST(zx_object_signal(nosig, 0, ZX_USER_SIGNAL_0), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_object_signal(vmo, 0, ZX_VMO_ZERO_CHILDREN), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_object_signal(vmo, 1u, 0), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_object_signal(closed, 0, ZX_USER_SIGNAL_0), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_object_signal(ZX_HANDLE_INVALID, 0, 0), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_object_signal(zx_vmar_root_self(), 0, 0), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zxvmo_get_bti(&bti), ZX_OK);
	CHECK_ST(zx_object_signal(bti, 0, ZX_USER_SIGNAL_0), ZX_ERR_ACCESS_DENIED);

	zx_handle_close(bti);
	zx_handle_close(nosig);
	zx_handle_close(dup);
	zx_handle_close(vmo);
}

void test_fake_bti_pin(void)
{
	zx_handle_t bti, weak, vmo, ro, pmt = ZX_HANDLE_INVALID, closed = 903;
	zx_paddr_t addrs[4] = { 0 };
	zx_info_handle_basic_t basic;
	zx_info_bti_t info;
	char name[ZX_MAX_NAME_LEN];
	int p[2], fds, unpins;

	g_mock_control = 1;
	CHECK_ST(zxvmo_get_bti(&bti), ZX_OK);
	vmo = new_vmo(4 * 4096, 0);
	CHECK(pipe2(p, O_CLOEXEC) == 0);
	CHECK(!fd_open(903));
	fds = fd_count();
	g_foreign_ioctls = 0;

	/* ZX_INFO_BTI and the name. */
	memset(&info, 0xff, sizeof(info));
	CHECK_ST(zx_object_get_info(bti, ZX_INFO_BTI, &info, sizeof(info), NULL, NULL), ZX_OK);
	CHECK(info.minimum_contiguity == 4096 && info.aspace_size == UINT64_MAX &&
	      info.pmo_count == 0 && info.quarantine_count == 0);
	CHECK_ST(zx_object_get_info(bti, ZX_INFO_BTI, &info, sizeof(info) - 1, NULL, NULL),
		 ZX_ERR_BUFFER_TOO_SMALL);
	CHECK_ST(zx_object_get_info(vmo, ZX_INFO_BTI, &info, sizeof(info), NULL, NULL),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_object_set_property(bti, ZX_PROP_NAME, "bti0", 4), ZX_OK);
	CHECK_ST(zx_object_get_property(bti, ZX_PROP_NAME, name, sizeof(name)), ZX_OK);
	CHECK(strcmp(name, "bti0") == 0);

	/* Statuses the kernel gives come back as Zircon's. */
	CHECK_ST(zx_bti_pin(closed, ZX_BTI_PERM_READ, vmo, 0, 4096, addrs, 1, &pmt),
		 ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_bti_pin((zx_handle_t)p[0], ZX_BTI_PERM_READ, vmo, 0, 4096, addrs, 1, &pmt),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_READ, ZX_HANDLE_INVALID, 0, 4096, addrs, 1, &pmt),
		 ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_READ, 0x80000000u, 0, 4096, addrs, 1, &pmt),
		 ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_READ, closed, 0, 4096, addrs, 1, &pmt),
		 ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_READ, (zx_handle_t)p[1], 0, 4096, addrs, 1, &pmt),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_READ, zx_vmar_root_self(), 0, 4096, addrs, 1, &pmt),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_READ, vmo, 1, 4096, addrs, 1, &pmt),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_READ, vmo, 0, 8 * 4096, addrs, 8, &pmt),
		 ZX_ERR_OUT_OF_RANGE);
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_READ, vmo, 0, 4096, addrs, 2, &pmt),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_handle_duplicate(bti, ZX_DEFAULT_BTI_RIGHTS & ~ZX_RIGHT_MAP, &weak), ZX_OK);
	CHECK_ST(zx_bti_pin(weak, ZX_BTI_PERM_READ, vmo, 0, 4096, addrs, 1, &pmt),
		 ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_handle_duplicate(vmo, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WRITE, &ro), ZX_OK);
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_WRITE, ro, 0, 4096, addrs, 1, &pmt),
		 ZX_ERR_ACCESS_DENIED);
	CHECK(pmt == ZX_HANDLE_INVALID);
	CHECK(fd_count() == fds + 2);

	/* Pinned, then unpinned: zx_pmt_unpin closes the handle. */
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_READ, vmo, 4096, 2 * 4096, addrs, 2, &pmt), ZX_OK);
	CHECK(pmt != ZX_HANDLE_INVALID && addrs[0] && addrs[1] == addrs[0] + 4096);
	CHECK_ST(zx_object_get_info(pmt, ZX_INFO_HANDLE_BASIC, &basic, sizeof(basic), NULL, NULL),
		 ZX_OK);
	CHECK(basic.type == ZX_OBJ_TYPE_PMT && basic.rights == ZX_RIGHT_INSPECT);
	CHECK_ST(zx_object_get_info(bti, ZX_INFO_BTI, &info, sizeof(info), NULL, NULL), ZX_OK);
	CHECK(info.pmo_count == 1);
	CHECK_ST(zx_pmt_unpin(pmt), ZX_OK);
	CHECK(!fd_open((int)pmt));
	CHECK_ST(zx_object_get_info(bti, ZX_INFO_BTI, &info, sizeof(info), NULL, NULL), ZX_OK);
	CHECK(info.pmo_count == 0);

	/* An out pointer that cannot take the PMT: unpinned, then closed. */
	unpins = g_unpins;
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_READ, vmo, 0, 4096, addrs, 1, NULL),
		 ZX_ERR_INVALID_ARGS);
	CHECK(g_unpins == unpins + 1);
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_READ, vmo, 0, 4096, NULL, 1, &pmt),
		 ZX_ERR_INVALID_ARGS);
	CHECK(fd_count() == fds + 2);

	/* zx_pmt_unpin consumes any descriptor; the root VMAR is not one. */
	CHECK_ST(zx_pmt_unpin(ZX_HANDLE_INVALID), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_pmt_unpin(closed), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_pmt_unpin(zx_vmar_root_self()), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_pmt_unpin(ro), ZX_ERR_WRONG_TYPE);
	CHECK(!fd_open((int)ro));
	CHECK_ST(zx_pmt_unpin((zx_handle_t)p[0]), ZX_ERR_WRONG_TYPE);
	CHECK(!fd_open(p[0]));

	/* release_quarantine: WRITE on a BTI. */
	CHECK_ST(zx_bti_release_quarantine(bti), ZX_OK);
	CHECK_ST(zx_bti_release_quarantine(vmo), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_bti_release_quarantine(closed), ZX_ERR_BAD_HANDLE);
	zx_handle_close(weak);
	CHECK_ST(zx_handle_duplicate(bti, ZX_DEFAULT_BTI_RIGHTS & ~ZX_RIGHT_WRITE, &weak), ZX_OK);
	CHECK_ST(zx_bti_release_quarantine(weak), ZX_ERR_ACCESS_DENIED);
	zx_handle_close(weak);
	CHECK(g_foreign_ioctls == 0);

	close(p[1]);
	zx_handle_close(vmo);
	zx_handle_close(bti);
}
