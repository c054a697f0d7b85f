// SPDX-License-Identifier: BSD-2-Clause
/*
 * libzx host unit test: VMO calls, info and properties, mappings and waits against the fake
 * kernel.
 */
#include "unit.h"

void test_fake_vmo_calls(void)
{
	zx_handle_t vmo, ro, dup, child, rep, old;
	char text[] = "zircon on linux", back[sizeof(text)];
	uint64_t size = 0;
	int before;

	g_mock_control = 1;
	vmo = new_vmo(5000, 0);
	CHECK(vmo != ZX_HANDLE_INVALID && fd_open((int)vmo));
	CHECK_ST(zx_vmo_get_size(vmo, &size), ZX_OK);
	CHECK(size == 8192);
	CHECK_ST(zx_vmo_get_size(vmo, NULL), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_write(vmo, text, 100, sizeof(text)), ZX_OK);
	memset(back, 0, sizeof(back));
	CHECK_ST(zx_vmo_read(vmo, back, 100, sizeof(back)), ZX_OK);
	CHECK(strcmp(back, text) == 0);
	CHECK_ST(zx_vmo_read(vmo, back, 8190, sizeof(back)), ZX_ERR_OUT_OF_RANGE);
	CHECK_ST(zx_vmo_read(vmo, NULL, 0, 4), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_write(vmo, (void *)(uintptr_t)16, 0, 4), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_read(vmo, (void *)(uintptr_t)0xffffffff81000000ull, 0, 4),
		 ZX_ERR_INVALID_ARGS);
	g_force_errno = EFAULT; /* a user address with nothing mapped */
	CHECK_ST(zx_vmo_read(vmo, back, 0, 4), ZX_ERR_NOT_FOUND);
	CHECK_ST(zx_vmo_set_size(vmo, 4096), ZX_ERR_UNAVAILABLE);
	/* op_range passes the kernel's status through (it maps bad buffers) */
	g_force_errno = EINVAL;
	CHECK_ST(zx_vmo_op_range(vmo, ZX_VMO_OP_LOCK, 0, 8192, NULL, 0), ZX_ERR_INVALID_ARGS);
	g_force_errno = EFAULT;
	CHECK_ST(zx_vmo_op_range(vmo, ZX_VMO_OP_COMMIT, 0, 8192, NULL, 0), ZX_ERR_NOT_FOUND);

	/* every errno of the table, end to end through a call */
	for (size_t i = 0; i < UAPI_MAP_LEN; i++) {
		g_force_errno = uapi_map[i].errnum;
		CHECK_ST(zx_vmo_set_cache_policy(vmo, 0), uapi_map[i].status);
	}
	g_force_errno = E2BIG;
	CHECK_ST(zx_vmo_set_cache_policy(vmo, 0), ZX_ERR_INTERNAL);
	/* the kernel found no descriptor for a new handle */
	g_force_errno = EMFILE;
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &ro), ZX_ERR_NO_RESOURCES);
	g_force_errno = EMFILE;
	CHECK_ST(zx_vmo_create(4096, 0, &ro), ZX_ERR_NO_RESOURCES);
	/* the kernel's type error wins over a NULL out pointer (Zircon order) */
	g_force_errno = ENOTTY;
	CHECK_ST(zx_vmo_get_size(vmo, NULL), ZX_ERR_WRONG_TYPE);

	/* duplicate */
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_READ | ZX_RIGHT_MAP | ZX_RIGHT_WAIT, &ro), ZX_OK);
	CHECK(ro != vmo);
	CHECK_ST(zx_vmo_read(ro, back, 100, sizeof(back)), ZX_OK);
	CHECK_ST(zx_vmo_write(ro, text, 0, 1), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_handle_duplicate(ro, ZX_RIGHT_SAME_RIGHTS, &dup), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_EXECUTE, &dup), ZX_ERR_INVALID_ARGS);
	before = (int)vmo;
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, NULL), ZX_ERR_INVALID_ARGS);
	CHECK(fd_open(before));

	/* a new handle never comes out as 0 */
	{
		int saved = fcntl(0, F_DUPFD_CLOEXEC, 3);

		close(0);
		CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &dup), ZX_OK);
		CHECK(dup != 0 && !fd_open(0) && fd_open((int)dup));
		CHECK_ST(zx_handle_close(dup), ZX_OK);
		if (saved >= 0) {
			dup2(saved, 0);
			close(saved);
		}
	}

	/* replace: the old handle is gone in every case */
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &old), ZX_OK);
	CHECK_ST(zx_handle_replace(old, ZX_RIGHT_READ | ZX_RIGHT_INSPECT, &rep), ZX_OK);
	CHECK(!fd_open((int)old) || rep == old);
	{
		zx_info_handle_basic_t b;

		CHECK_ST(zx_object_get_info(rep, ZX_INFO_HANDLE_BASIC, &b, sizeof(b), NULL, NULL),
			 ZX_OK);
		CHECK(b.rights == (ZX_RIGHT_READ | ZX_RIGHT_INSPECT));
	}
	/* replace needs no right at all, unlike duplicate */
	CHECK_ST(zx_handle_replace(rep, ZX_RIGHT_READ, &old), ZX_OK);
	rep = old;
	CHECK_ST(zx_handle_replace(rep, ZX_RIGHT_WRITE, &old), ZX_ERR_INVALID_ARGS);
	CHECK(!fd_open((int)rep));
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &old), ZX_OK);
	CHECK_ST(zx_handle_replace(old, ZX_RIGHT_SAME_RIGHTS, NULL), ZX_ERR_INVALID_ARGS);
	CHECK(!fd_open((int)old));

	/* children */
	CHECK_ST(zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0, 4096, &child), ZX_OK);
	CHECK_ST(zx_vmo_create_child(ro, ZX_VMO_CHILD_SNAPSHOT, 0, 4096, &dup),
		 ZX_ERR_ACCESS_DENIED);

	/* a VMO is neither a BTI nor a resource; a refused vmex still consumes */
	CHECK_ST(zx_vmo_create_contiguous(vmo, 4096, 0, &dup), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_physical(vmo, 0, 4096, &dup), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_replace_as_executable(child, ZX_HANDLE_INVALID, &dup),
		 ZX_ERR_ACCESS_DENIED); /* the policy (allow_invalid_vmex=0) */
	CHECK(!fd_open((int)child)); /* always invalidated */

	CHECK_ST(zx_handle_close(ro), ZX_OK);
	CHECK_ST(zx_handle_close(ro), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_handle_close(vmo), ZX_OK);
}

void test_fake_info_and_properties(void)
{
	zx_handle_t vmo, weak;
	union {
		zx_info_vmo_t v;
		unsigned char raw[256];
	} u;
	zx_info_handle_basic_t basic;
	size_t actual = 5, avail = 5;
	char name[ZX_MAX_NAME_LEN], small[8];
	uint64_t cs = 0;

	g_mock_control = 1;
	vmo = new_vmo(3000, ZX_VMO_RESIZABLE);
	CHECK_ST(zx_object_set_property(vmo, ZX_PROP_NAME, "a-name-that-is-longer-than-31-bytes!",
					36),
		 ZX_OK);
	CHECK_ST(zx_object_get_property(vmo, ZX_PROP_NAME, name, sizeof(name)), ZX_OK);
	CHECK(strcmp(name, "a-name-that-is-longer-than-31-b") == 0 && strlen(name) == 31);
	CHECK_ST(zx_object_set_property(vmo, ZX_PROP_NAME, "demo!", 4), ZX_OK);
	CHECK_ST(zx_object_get_property(vmo, ZX_PROP_NAME, name, sizeof(name)), ZX_OK);
	CHECK(strcmp(name, "demo") == 0);
	CHECK_ST(zx_object_get_property(vmo, ZX_PROP_NAME, small, sizeof(small)),
		 ZX_ERR_BUFFER_TOO_SMALL);
	CHECK_ST(zx_object_get_property(vmo, ZX_PROP_VMO_CONTENT_SIZE, &cs, sizeof(cs)), ZX_OK);
	CHECK(cs == 3000);
	cs = 1234;
	CHECK_ST(zx_object_set_property(vmo, ZX_PROP_VMO_CONTENT_SIZE, &cs, sizeof(cs)), ZX_OK);
	cs = 0;
	CHECK_ST(zx_object_get_property(vmo, ZX_PROP_VMO_CONTENT_SIZE, &cs, sizeof(cs)), ZX_OK);
	CHECK(cs == 1234);
	CHECK_ST(zx_object_get_property(vmo, ZX_PROP_VMO_CONTENT_SIZE, &cs, 4),
		 ZX_ERR_BUFFER_TOO_SMALL);
	CHECK_ST(zx_object_get_property(vmo, 999, &cs, sizeof(cs)), ZX_ERR_NOT_SUPPORTED);
	CHECK_ST(zx_object_set_property(vmo, 999, &cs, sizeof(cs)), ZX_ERR_NOT_SUPPORTED);

	/* without the property rights, rights come first (Zircon's order) */
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_READ | ZX_RIGHT_SET_PROPERTY, &weak), ZX_OK);
	CHECK_ST(zx_object_get_property(weak, ZX_PROP_NAME, small, sizeof(small)),
		 ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_object_get_property(weak, 999, small, sizeof(small)), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_object_set_property(weak, ZX_PROP_VMO_CONTENT_SIZE, &cs, 2),
		 ZX_ERR_ACCESS_DENIED); /* needs ZX_RIGHT_WRITE too */
	CHECK_ST(zx_object_set_property(weak, ZX_PROP_VMO_CONTENT_SIZE, &cs, sizeof(cs)),
		 ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_object_set_property(weak, ZX_PROP_NAME, "ok", 2), ZX_OK);

	/* ZX_INFO_HANDLE_BASIC */
	CHECK_ST(zx_object_get_info(weak, ZX_INFO_HANDLE_BASIC, &basic, sizeof(basic), &actual,
				    &avail),
		 ZX_OK);
	CHECK(actual == 1 && avail == 1);
	CHECK(basic.type == ZX_OBJ_TYPE_VMO && basic.koid >= ZX_KOID_FIRST);
	CHECK(basic.rights == (ZX_RIGHT_READ | ZX_RIGHT_SET_PROPERTY) && basic.related_koid == 0);

	/* every ZX_INFO_VMO version: exactly its size, no byte beyond */
	{
		static const struct {
			uint32_t topic;
			size_t size;
		} v[] = {
			{ ZX_INFO_VMO_V1, sizeof(zx_info_vmo_v1_t) },
			{ ZX_INFO_VMO_V2, sizeof(zx_info_vmo_v2_t) },
			{ ZX_INFO_VMO_V3, sizeof(zx_info_vmo_v3_t) },
			{ ZX_INFO_VMO, sizeof(zx_info_vmo_t) },
		};
		size_t i;

		for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
			memset(u.raw, 0xAB, sizeof(u.raw));
			CHECK_ST(zx_object_get_info(vmo, v[i].topic, u.raw, v[i].size - 1, &actual,
						    &avail),
				 ZX_ERR_BUFFER_TOO_SMALL);
			CHECK(actual == 0 && avail == 1 && u.raw[0] == 0xAB);
			CHECK_ST(zx_object_get_info(vmo, v[i].topic, u.raw, sizeof(u.raw), &actual,
						    &avail),
				 ZX_OK);
			CHECK(actual == 1 && u.raw[v[i].size] == 0xAB &&
			      u.raw[v[i].size - 1] != 0xAB);
			CHECK(u.v.koid == basic.koid && strcmp(u.v.name, "ok") == 0);
			CHECK(u.v.size_bytes == 4096 && u.v.committed_bytes == 8192);
			CHECK(u.v.flags == (ZX_INFO_VMO_TYPE_PAGED | ZX_INFO_VMO_RESIZABLE |
					    ZX_INFO_VMO_VIA_HANDLE));
			CHECK(u.v.handle_rights == ZX_DEFAULT_VMO_RIGHTS);
		}
		CHECK(u.v.populated_bytes == 8192 && u.v.committed_private_bytes == 4096);
		CHECK(u.v.committed_scaled_bytes == 4096 + 2048);
		CHECK(u.v.populated_scaled_bytes == 8192);
	}
	CHECK_ST(zx_object_get_info(vmo, ZX_INFO_VMO, NULL, sizeof(zx_info_vmo_t), NULL, NULL),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_object_get_info(vmo, ZX_INFO_VMAR, u.raw, sizeof(u.raw), NULL, NULL),
		 ZX_ERR_WRONG_TYPE);

	zx_handle_close(weak);
	zx_handle_close(vmo);
}

void test_fake_map_and_wait(void)
{
	zx_handle_t root = zx_vmar_root_self(), vmo, ro, nomap, rsz;
	size_t page = zx_system_get_page_size();
	zx_vaddr_t addr = 0, addr2 = 0;
	zx_signals_t obs = 77;
	zx_time_t t0;

	g_mock_control = 1;
	vmo = new_vmo(4 * page, 0);
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_READ | ZX_RIGHT_MAP, &ro), ZX_OK);
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_READ | ZX_RIGHT_WRITE, &nomap), ZX_OK);

	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, vmo, 0, 4 * page,
			     &addr),
		 ZX_OK);
	CHECK(addr && (addr & (page - 1)) == 0);
	((char *)addr)[page] = 'q'; /* memfd behind: a real shared mapping */
	CHECK_ST(zx_vmar_unmap(root, addr, 4 * page), ZX_OK);

	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, nomap, 0, page, &addr),
		 ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, ro, 0, page, &addr),
		 ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_PERM_EXECUTE, 0, ro, 0, page, &addr),
		 ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_WRITE, 0, vmo, 0, page, &addr), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, vmo, 0, 0, &addr), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, vmo, 100, page, &addr), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, page, vmo, 0, page, &addr),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_CAN_MAP_READ, 0, vmo, 0, page, &addr),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_SPECIFIC_OVERWRITE | ZX_VM_MAP_RANGE,
			     0x10000000, vmo, 0, page, &addr),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | (5u << ZX_VM_ALIGN_BASE), 0, vmo, 0, page,
			     &addr),
		 ZX_ERR_INVALID_ARGS);
	/* past the end is allowed (as Zircon's kernel; access beyond faults) */
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, vmo, 0, 5 * page, &addr), ZX_OK);
	CHECK_ST(zx_vmar_unmap(root, addr, 5 * page), ZX_OK);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, vmo, 0, page, NULL), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, vmo, UINT64_MAX & ~(uint64_t)(page - 1),
			     2 * page, &addr),
		 ZX_ERR_OUT_OF_RANGE);

	/* len is rounded up; READ_IF_XOM_UNSUPPORTED adds READ on Linux */
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED, 0, ro, 0, page - 1, &addr),
		 ZX_OK);
	CHECK(((char *)addr)[0] == 0);
	CHECK_ST(zx_vmar_unmap(root, addr, page), ZX_OK);

	/* alignment */
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_ALIGN_2MB, 0, vmo, 0, page, &addr),
		 ZX_OK);
	CHECK((addr & ((2u << 20) - 1)) == 0);
	/* SPECIFIC: the address is absolute (root VMAR base 0) */
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_SPECIFIC, addr + page, vmo, page, page,
			     &addr2),
		 ZX_OK);
	CHECK(addr2 == addr + page);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_SPECIFIC, addr, vmo, 0, page, &addr2),
		 ZX_ERR_ALREADY_EXISTS);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_SPECIFIC_OVERWRITE, addr, vmo, page,
			     page, &addr2),
		 ZX_OK);
	CHECK(addr2 == addr && ((char *)addr)[0] == 'q');
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_SPECIFIC, addr + 5, vmo, 0, page,
			     &addr2),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_SPECIFIC | ZX_VM_ALIGN_4MB,
			     addr + (2u << 20), vmo, 0, page, &addr2),
		 (addr & ((4u << 20) - 1)) ? ZX_OK : ZX_ERR_INVALID_ARGS);
	if ((addr & ((4u << 20) - 1)) != 0)
		zx_vmar_unmap(root, addr + (2u << 20), page);
	CHECK_ST(zx_vmar_unmap(root, addr, 2 * page), ZX_OK);
	/* upper limit */
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_OFFSET_IS_UPPER_LIMIT, 0x40000000, vmo,
			     0, page, &addr),
		 ZX_OK);
	CHECK(addr + page <= 0x40000000);
	CHECK_ST(zx_vmar_unmap(root, addr, page), ZX_OK);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_OFFSET_IS_UPPER_LIMIT | ZX_VM_SPECIFIC,
			     0x40000000, vmo, 0, page, &addr),
		 ZX_ERR_INVALID_ARGS);

	/* resizable VMOs map without ZX_VM_ALLOW_FAULTS (Zircon's kernel) ... */
	rsz = new_vmo(page, ZX_VMO_RESIZABLE);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, rsz, 0, page, &addr), ZX_OK);
	CHECK_ST(zx_vmar_unmap(root, addr, page), ZX_OK);
	/* ... but not with ZX_VM_REQUIRE_NON_RESIZABLE */
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_REQUIRE_NON_RESIZABLE, 0, rsz, 0, page,
			     &addr),
		 ZX_ERR_NOT_SUPPORTED);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_ALLOW_FAULTS | ZX_VM_REQUIRE_NON_RESIZABLE,
			     0, rsz, 0, page, &addr),
		 ZX_ERR_NOT_SUPPORTED);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_ALLOW_FAULTS, 0, rsz, 0, page, &addr),
		 ZX_OK);
	CHECK_ST(zx_vmar_unmap(root, addr, page), ZX_OK);
	/* discardable VMOs need ZX_VM_ALLOW_FAULTS */
	{
		zx_handle_t disc = new_vmo(page, ZX_VMO_DISCARDABLE);

		CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, disc, 0, page, &addr),
			 ZX_ERR_NOT_SUPPORTED);
		CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_ALLOW_FAULTS, 0, disc, 0, page,
				     &addr),
			 ZX_OK);
		CHECK_ST(zx_vmar_unmap(root, addr, page), ZX_OK);
		zx_handle_close(disc);
	}

	/* wait: memfds never report POLLPRI, so ZERO_CHILDREN stays inactive */
	t0 = zx_clock_get_monotonic();
	CHECK_ST(zx_object_wait_one(vmo, ZX_VMO_ZERO_CHILDREN, zx_deadline_after(ZX_MSEC(20)),
				    &obs),
		 ZX_ERR_TIMED_OUT);
	CHECK(obs == 0 && zx_clock_get_monotonic() - t0 >= ZX_MSEC(20));
	CHECK_ST(zx_object_wait_one(vmo, ZX_VMO_ZERO_CHILDREN, 0, NULL), ZX_ERR_TIMED_OUT);
	CHECK_ST(zx_object_wait_one(vmo, ZX_USER_SIGNAL_0, zx_deadline_after(ZX_MSEC(5)), &obs),
		 ZX_ERR_TIMED_OUT);
	CHECK_ST(zx_object_wait_one(nomap, ZX_VMO_ZERO_CHILDREN, 0, &obs), ZX_ERR_ACCESS_DENIED);

	zx_handle_close(rsz);
	zx_handle_close(nomap);
	zx_handle_close(ro);
	zx_handle_close(vmo);
}
