// SPDX-License-Identifier: GPL-2.0
/*
 * Resources and BTIs (<zxvmo/resources.h>): the control device hands out
 * the vmex resource and BTIs for CAP_SYS_ADMIN and MMIO resources for
 * CAP_SYS_RAWIO; without the capability each getter is
 * ZX_ERR_ACCESS_DENIED (an unprivileged uid, or root without that one
 * capability, in a forked child).  The handles: types, rights, koids,
 * ZX_INFO_RESOURCE, duplicate/replace/close, WRONG_TYPE for VMO calls, and
 * a handle passed to an unprivileged process keeps working.
 */
#include "zxvmo_test.h"
#include "resource_helpers.h"

/* ---- privileged ----------------------------------------------------------- */

TEST(getters_as_root)
{
	zx_handle_t vmex, bti, mmio = ZX_HANDLE_INVALID;
	zx_info_handle_basic_t b;
	zx_info_resource_t r;
	uint64_t free_pa;

	ASSERT_EQ(0u, geteuid());
	vmex = vmex_new(_metadata);
	b = basic_info(_metadata, vmex);
	EXPECT_EQ(ZX_OBJ_TYPE_RESOURCE, b.type);
	EXPECT_EQ(ZX_DEFAULT_RESOURCE_RIGHTS, b.rights);
	EXPECT_NE(ZX_KOID_INVALID, b.koid);
	EXPECT_EQ(ZX_KOID_INVALID, b.related_koid);
	memset(&r, 0xa5, sizeof(r));
	ASSERT_EQ(ZX_OK, zx_object_get_info(vmex, ZX_INFO_RESOURCE, &r, sizeof(r), NULL, NULL));
	EXPECT_EQ(ZX_RSRC_KIND_SYSTEM, r.kind);
	EXPECT_EQ(ZX_RSRC_SYSTEM_VMEX_BASE, r.base);
	EXPECT_EQ(1u, r.size);
	EXPECT_EQ(0u, r.flags);
	EXPECT_EQ('\0', r.name[0]);
	EXPECT_EQ(FD_CLOEXEC, fcntl((int)vmex, F_GETFD));

	bti = bti_new(_metadata);
	b = basic_info(_metadata, bti);
	EXPECT_EQ(ZX_OBJ_TYPE_BTI, b.type);
	EXPECT_EQ(ZX_DEFAULT_BTI_RIGHTS, b.rights);
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_get_info(bti, ZX_INFO_RESOURCE, &r, sizeof(r), NULL, NULL));

	ASSERT_TRUE(find_free_mmio(4 * PAGE, &free_pa));
	ASSERT_EQ(ZX_OK, zxvmo_get_mmio_resource(free_pa, 4 * PAGE, &mmio));
	b = basic_info(_metadata, mmio);
	EXPECT_EQ(ZX_OBJ_TYPE_RESOURCE, b.type);
	EXPECT_EQ(ZX_DEFAULT_RESOURCE_RIGHTS, b.rights);
	ASSERT_EQ(ZX_OK, zx_object_get_info(mmio, ZX_INFO_RESOURCE, &r, sizeof(r), NULL, NULL));
	EXPECT_EQ(ZX_RSRC_KIND_MMIO, r.kind);
	EXPECT_EQ(free_pa, r.base);
	EXPECT_EQ(4 * PAGE, r.size);

	/* every object has its own koid */
	EXPECT_NE(koid_of(_metadata, vmex), koid_of(_metadata, bti));
	EXPECT_NE(koid_of(_metadata, vmex), koid_of(_metadata, mmio));
	EXPECT_NE(koid_of(_metadata, bti), koid_of(_metadata, mmio));
	EXPECT_EQ(ZX_OK, zx_handle_close(vmex));
	EXPECT_EQ(ZX_OK, zx_handle_close(bti));
	EXPECT_EQ(ZX_OK, zx_handle_close(mmio));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close(mmio));
}

/* Each call makes a new object. */
TEST(getters_make_new_objects)
{
	zx_handle_t a = vmex_new(_metadata), b = vmex_new(_metadata);
	zx_handle_t c = bti_new(_metadata), d = bti_new(_metadata);

	EXPECT_NE(koid_of(_metadata, a), koid_of(_metadata, b));
	EXPECT_NE(koid_of(_metadata, c), koid_of(_metadata, d));
	zx_handle_close(a);
	zx_handle_close(b);
	zx_handle_close(c);
	zx_handle_close(d);
}

TEST(mmio_getter_arguments)
{
	static uint64_t free_pa, ram;
	zx_handle_t h = ZX_HANDLE_INVALID;
	int fds;

	libzx_control_open(_metadata);
	fds = open_fds();
	ASSERT_TRUE(find_free_mmio(PAGE, &free_pa));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zxvmo_get_mmio_resource(free_pa + 1, PAGE, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zxvmo_get_mmio_resource(free_pa, PAGE - 1, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zxvmo_get_mmio_resource(free_pa, 0, &h));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zxvmo_get_mmio_resource(~(zx_paddr_t)(PAGE - 1), 2 * PAGE, &h));
	/* /dev/mem's rule: never System RAM */
	ASSERT_TRUE(find_system_ram(&ram));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zxvmo_get_mmio_resource(ram, PAGE, &h));
	/* nor a range that only touches it */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zxvmo_get_mmio_resource(0, 1ull << 32, &h));
	EXPECT_EQ(ZX_HANDLE_INVALID, h);
	/* an out pointer that cannot be written: nothing leaks */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zxvmo_get_mmio_resource(free_pa, PAGE, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zxvmo_get_vmex_resource(NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zxvmo_get_bti((zx_handle_t *)(uintptr_t)8));
	EXPECT_EQ(fds, open_fds());
}

/* ---- unprivileged --------------------------------------------------------- */

static int expect_getters(bool vmex_ok, bool mmio_ok, bool bti_ok, uint64_t mmio_pa)
{
	zx_handle_t h = ZX_HANDLE_INVALID;
	zx_status_t st;

	st = zxvmo_get_vmex_resource(&h);
	if (st != (vmex_ok ? ZX_OK : ZX_ERR_ACCESS_DENIED))
		return 10;
	if (!vmex_ok && h != ZX_HANDLE_INVALID)
		return 11;
	zx_handle_close(h);
	h = ZX_HANDLE_INVALID;
	st = zxvmo_get_mmio_resource(mmio_pa, PAGE, &h);
	if (st != (mmio_ok ? ZX_OK : ZX_ERR_ACCESS_DENIED))
		return 12;
	zx_handle_close(h);
	h = ZX_HANDLE_INVALID;
	st = zxvmo_get_bti(&h);
	if (st != (bti_ok ? ZX_OK : ZX_ERR_ACCESS_DENIED))
		return 13;
	zx_handle_close(h);
	/* the device stays open to everyone: plain VMOs still work */
	if (zx_vmo_create(PAGE, 0, &h) != ZX_OK)
		return 14;
	zx_handle_close(h);
	return 0;
}

static uint64_t g_free_pa;

static int child_nobody(void *arg)
{
	(void)arg;
	if (become_nobody())
		return 2;
	return expect_getters(false, false, false, g_free_pa);
}

static int child_no_sys_admin(void *arg)
{
	(void)arg;
	if (drop_cap(CAP_SYS_ADMIN))
		return 2;
	return expect_getters(false, true, false, g_free_pa);
}

static int child_no_sys_rawio(void *arg)
{
	(void)arg;
	if (drop_cap(CAP_SYS_RAWIO))
		return 2;
	return expect_getters(true, false, true, g_free_pa);
}

/* The check itself, as root with every capability, for comparison. */
static int child_root(void *arg)
{
	(void)arg;
	return expect_getters(true, true, true, g_free_pa);
}

TEST(unprivileged_uid_is_denied)
{
	ASSERT_TRUE(find_free_mmio(PAGE, &g_free_pa));
	EXPECT_EQ(0, run_in_child(child_root, NULL));
	EXPECT_EQ(0, run_in_child(child_nobody, NULL));
}

TEST(cap_sys_admin_guards_vmex_and_bti)
{
	ASSERT_TRUE(find_free_mmio(PAGE, &g_free_pa));
	EXPECT_EQ(0, run_in_child(child_no_sys_admin, NULL));
}

TEST(cap_sys_rawio_guards_mmio)
{
	ASSERT_TRUE(find_free_mmio(PAGE, &g_free_pa));
	EXPECT_EQ(0, run_in_child(child_no_sys_rawio, NULL));
}

/*
 * The capability is checked when the handle is made: a vmex resource
 * handed to an unprivileged process (here inherited over fork) works
 * there, as a Zircon handle would.
 */
static zx_handle_t g_vmex;

static int child_uses_inherited_vmex(void *arg)
{
	zx_handle_t vmo = ZX_HANDLE_INVALID, exec = ZX_HANDLE_INVALID;
	zx_info_handle_basic_t b;

	(void)arg;
	if (become_nobody())
		return 2;
	if (zxvmo_get_vmex_resource(&exec) != ZX_ERR_ACCESS_DENIED)
		return 3;
	if (zx_vmo_create(PAGE, 0, &vmo) != ZX_OK)
		return 4;
	if (zx_vmo_replace_as_executable(vmo, g_vmex, &exec) != ZX_OK)
		return 5;
	if (zx_object_get_info(exec, ZX_INFO_HANDLE_BASIC, &b, sizeof(b), NULL, NULL) != ZX_OK)
		return 6;
	if (!(b.rights & ZX_RIGHT_EXECUTE))
		return 7;
	return 0;
}

TEST(handle_passed_to_unprivileged_process_works)
{
	g_vmex = vmex_new(_metadata);
	EXPECT_EQ(0, run_in_child(child_uses_inherited_vmex, NULL));
	zx_handle_close(g_vmex);
}

/* ---- handles of resources and BTIs ---------------------------------------- */

TEST(duplicate_replace_close)
{
	zx_handle_t vmex = vmex_new(_metadata), bti = bti_new(_metadata), d, r, many[2];
	zx_koid_t koid = koid_of(_metadata, bti);
	int fds = open_fds();

	d = dup_rights(_metadata, bti, ZX_RIGHT_SAME_RIGHTS);
	EXPECT_EQ(koid, koid_of(_metadata, d));
	EXPECT_EQ(ZX_DEFAULT_BTI_RIGHTS, rights_of(_metadata, d));
	ASSERT_EQ(ZX_OK, zx_handle_replace(d, ZX_RIGHT_MAP | ZX_RIGHT_INSPECT, &r));
	EXPECT_TRUE(fd_closed(d));
	EXPECT_EQ(koid, koid_of(_metadata, r));
	EXPECT_EQ(ZX_RIGHT_MAP | ZX_RIGHT_INSPECT, rights_of(_metadata, r));
	/* no DUPLICATE right left; more rights than the handle has */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_handle_duplicate(r, ZX_RIGHT_SAME_RIGHTS, &d));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_handle_replace(r, ZX_RIGHT_READ, &d));
	EXPECT_TRUE(fd_closed(r));

	d = dup_rights(_metadata, vmex, ZX_RIGHT_INSPECT);
	EXPECT_EQ(ZX_OBJ_TYPE_RESOURCE, basic_info(_metadata, d).type);
	EXPECT_EQ(ZX_RIGHT_INSPECT, rights_of(_metadata, d));
	EXPECT_EQ(ZX_OK, zx_handle_close(d));
	EXPECT_EQ(fds, open_fds());
	many[0] = dup_rights(_metadata, vmex, ZX_RIGHT_SAME_RIGHTS);
	many[1] = dup_rights(_metadata, bti, ZX_RIGHT_SAME_RIGHTS);
	EXPECT_EQ(ZX_OK, zx_handle_close_many(many, 2));
	EXPECT_EQ(fds, open_fds());
	zx_handle_close(vmex);
	zx_handle_close(bti);
}

TEST(vmo_calls_on_resources_are_wrong_type)
{
	zx_handle_t objs[3], out = ZX_HANDLE_INVALID;
	uint64_t free_pa, v = 0;
	zx_vaddr_t addr = 0;
	zx_info_vmo_t vi;
	char buf[ZX_MAX_NAME_LEN] = "x";
	struct statfs sfs;
	int i;

	ASSERT_TRUE(find_free_mmio(PAGE, &free_pa));
	objs[0] = vmex_new(_metadata);
	objs[1] = bti_new(_metadata);
	ASSERT_EQ(ZX_OK, zxvmo_get_mmio_resource(free_pa, PAGE, &objs[2]));
	for (i = 0; i < 3; i++) {
		zx_handle_t h = objs[i];
		zx_signals_t obs = 0xff;

		EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_read(h, buf, 0, 1));
		EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_write(h, buf, 0, 1));
		EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_get_size(h, &v));
		EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_set_size(h, PAGE));
		EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_op_range(h, ZX_VMO_OP_COMMIT, 0, PAGE, NULL, 0));
		EXPECT_EQ(ZX_ERR_WRONG_TYPE,
			  zx_vmo_create_child(h, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE, &out));
		EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_CACHED));
		EXPECT_EQ(ZX_ERR_WRONG_TYPE,
			  zx_object_get_property(h, ZX_PROP_VMO_CONTENT_SIZE, &v, sizeof(v)));
		EXPECT_EQ(ZX_ERR_WRONG_TYPE,
			  zx_object_get_info(h, ZX_INFO_VMO, &vi, sizeof(vi), NULL, NULL));
		EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0,
							 h, 0, PAGE, &addr));
		EXPECT_EQ(ZX_OK, zx_object_get_info(h, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL));
		/* Zircon's default resource and BTI rights have no WAIT */
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
			  zx_object_wait_one(h, ZX_VMO_ZERO_CHILDREN, 0, &obs));
		/* and it is no file to read, write or map */
		EXPECT_GT(0, read((int)h, buf, 1));
		EXPECT_EQ(MAP_FAILED, mmap(NULL, PAGE, PROT_READ, MAP_SHARED, (int)h, 0));
		ASSERT_EQ(0, fstatfs((int)h, &sfs));
		EXPECT_EQ((long)ZXVMO_FS_MAGIC, (long)sfs.f_type);
		/* a resource is not a VMO to make executable (consumed) */
		if (i == 2) {
			EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_replace_as_executable(h, objs[0], &out));
			EXPECT_TRUE(fd_closed(h));
		} else {
			zx_handle_close(h);
		}
	}
	EXPECT_EQ(ZX_HANDLE_INVALID, out);
}

/* The control ioctls belong to the control device only. */
TEST(control_ioctls_only_on_the_device)
{
	zx_handle_t vmo = vmo_new(_metadata, PAGE, 0), bti = bti_new(_metadata);

	EXPECT_EQ(-1, ioctl((int)vmo, ZXVMO_IOC_GET_VMEX_RESOURCE));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl((int)bti, ZXVMO_IOC_GET_BTI));
	EXPECT_EQ(ENOTTY, errno);
	zx_handle_close(vmo);
	zx_handle_close(bti);
}

TEST_HARNESS_MAIN
