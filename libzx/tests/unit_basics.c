// SPDX-License-Identifier: BSD-2-Clause
/*
 * libzx host unit test: ABI layout, constants, status strings, the errno table, handle checks on
 * real descriptors, the root VMAR, clocks and the control device.
 */
#include "unit.h"

/* ---- ABI layout (Fuchsia's documented structs, LP64) -------------------- */

#define OFF(type, field, off) _Static_assert(offsetof(type, field) == (off), #type "." #field)

_Static_assert(sizeof(zx_handle_t) == 4 && sizeof(zx_status_t) == 4, "handle/status");
_Static_assert(sizeof(zx_koid_t) == 8 && sizeof(zx_time_t) == 8, "koid/time");

_Static_assert(sizeof(zx_info_handle_basic_t) == 32, "zx_info_handle_basic_t");
OFF(zx_info_handle_basic_t, koid, 0);
OFF(zx_info_handle_basic_t, rights, 8);
OFF(zx_info_handle_basic_t, type, 12);
OFF(zx_info_handle_basic_t, related_koid, 16);
OFF(zx_info_handle_basic_t, reserved, 24);

_Static_assert(sizeof(zx_info_vmo_v1_t) == 104, "zx_info_vmo_v1_t");
_Static_assert(sizeof(zx_info_vmo_v2_t) == 120, "zx_info_vmo_v2_t");
_Static_assert(sizeof(zx_info_vmo_v3_t) == 128, "zx_info_vmo_v3_t");
_Static_assert(sizeof(zx_info_vmo_t) == 176, "zx_info_vmo_t");

#define VMO_COMMON_OFFSETS(T)                 \
	OFF(T, koid, 0);                      \
	OFF(T, name, 8);                      \
	OFF(T, size_bytes, 40);               \
	OFF(T, parent_koid, 48);              \
	OFF(T, num_children, 56);             \
	OFF(T, num_mappings, 64);             \
	OFF(T, share_count, 72);              \
	OFF(T, flags, 80);                    \
	OFF(T, committed_bytes, 88);          \
	OFF(T, handle_rights, 96);            \
	OFF(T, cache_policy, 100)
VMO_COMMON_OFFSETS(zx_info_vmo_v1_t);
VMO_COMMON_OFFSETS(zx_info_vmo_v2_t);
VMO_COMMON_OFFSETS(zx_info_vmo_v3_t);
VMO_COMMON_OFFSETS(zx_info_vmo_t);
OFF(zx_info_vmo_v2_t, metadata_bytes, 104);
OFF(zx_info_vmo_v2_t, committed_change_events, 112);
OFF(zx_info_vmo_v3_t, metadata_bytes, 104);
OFF(zx_info_vmo_v3_t, committed_change_events, 112);
OFF(zx_info_vmo_v3_t, populated_bytes, 120);
OFF(zx_info_vmo_t, metadata_bytes, 104);
OFF(zx_info_vmo_t, committed_change_events, 112);
OFF(zx_info_vmo_t, populated_bytes, 120);
OFF(zx_info_vmo_t, committed_private_bytes, 128);
OFF(zx_info_vmo_t, populated_private_bytes, 136);
OFF(zx_info_vmo_t, committed_scaled_bytes, 144);
OFF(zx_info_vmo_t, populated_scaled_bytes, 152);
OFF(zx_info_vmo_t, committed_fractional_scaled_bytes, 160);
OFF(zx_info_vmo_t, populated_fractional_scaled_bytes, 168);

_Static_assert(sizeof(zx_info_vmar_t) == 16, "zx_info_vmar_t");
OFF(zx_info_vmar_t, len, 8);
_Static_assert(sizeof(zx_vmo_lock_state_t) == 32, "zx_vmo_lock_state_t");
OFF(zx_vmo_lock_state_t, discarded_offset, 16);
_Static_assert(sizeof(zx_wait_item_t) == 12, "zx_wait_item_t");

/* uapi constants are Zircon's */
_Static_assert(ZXVMO_DEFAULT_VMO_RIGHTS == ZX_DEFAULT_VMO_RIGHTS, "default rights");
_Static_assert(ZXVMO_RIGHT_SAME_RIGHTS == ZX_RIGHT_SAME_RIGHTS, "same rights");
_Static_assert(ZXVMO_OPT_RESIZABLE == ZX_VMO_RESIZABLE, "resizable");
_Static_assert(ZXVMO_OPT_DISCARDABLE == ZX_VMO_DISCARDABLE, "discardable");
_Static_assert(ZXVMO_CHILD_SNAPSHOT == ZX_VMO_CHILD_SNAPSHOT, "child");
_Static_assert(ZXVMO_CHILD_RESIZABLE == ZX_VMO_CHILD_RESIZABLE, "child");
_Static_assert(ZXVMO_CHILD_SLICE == ZX_VMO_CHILD_SLICE, "child");
_Static_assert(ZXVMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE == ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE,
	       "child");
_Static_assert(ZXVMO_CHILD_NO_WRITE == ZX_VMO_CHILD_NO_WRITE, "child");
_Static_assert(ZXVMO_OP_ALWAYS_NEED == ZX_VMO_OP_ALWAYS_NEED, "op");
_Static_assert(ZXVMO_OP_ZERO == ZX_VMO_OP_ZERO, "op");
_Static_assert(ZXVMO_CACHE_POLICY_WRITE_COMBINING == ZX_CACHE_POLICY_WRITE_COMBINING, "cache");
_Static_assert(ZXVMO_INFO_CONTIGUOUS == ZX_INFO_VMO_CONTIGUOUS, "info flag");
_Static_assert(ZXVMO_INFO_DISCARDABLE == ZX_INFO_VMO_DISCARDABLE, "info flag");
_Static_assert(ZXVMO_OBJ_TYPE_BTI == ZX_OBJ_TYPE_BTI, "bti");
_Static_assert(ZXVMO_OBJ_TYPE_RESOURCE == ZX_OBJ_TYPE_RESOURCE, "resource");
_Static_assert(ZXVMO_RSRC_KIND_MMIO == ZX_RSRC_KIND_MMIO, "mmio");
_Static_assert(ZXVMO_RSRC_KIND_SYSTEM == ZX_RSRC_KIND_SYSTEM, "system");
_Static_assert(ZXVMO_RSRC_SYSTEM_VMEX_BASE == ZX_RSRC_SYSTEM_VMEX_BASE, "vmex");
_Static_assert(sizeof(zx_info_resource_t) == 56, "zx_info_resource_t");
OFF(zx_info_resource_t, kind, 0);
OFF(zx_info_resource_t, flags, 4);
OFF(zx_info_resource_t, base, 8);
OFF(zx_info_resource_t, size, 16);
OFF(zx_info_resource_t, name, 24);

void test_constants(void)
{
	CHECK(ZX_INFO_HANDLE_BASIC == 2u);
	CHECK(ZX_INFO_VMAR == 7u);
	CHECK(ZX_INFO_VMO_V1 == 23u);
	CHECK(ZX_INFO_VMO_V2 == (23u | (1u << 28)));
	CHECK(ZX_INFO_VMO_V3 == (23u | (2u << 28)));
	CHECK(ZX_INFO_VMO == (23u | (3u << 28)));
	CHECK(ZX_PROP_NAME == 3u && ZX_PROP_VMO_CONTENT_SIZE == 17u);
	CHECK(ZX_MAX_NAME_LEN == 32u);
	CHECK(ZX_VMO_ZERO_CHILDREN == (1u << 3) && ZX_VMO_ZERO_CHILDREN == __ZX_OBJECT_SIGNAL_3);
	CHECK(ZX_USER_SIGNAL_0 == (1u << 24) && ZX_USER_SIGNAL_7 == (1u << 31));
	CHECK(ZX_DEFAULT_VMO_RIGHTS == 0xd0efu);
	CHECK(ZX_HANDLE_INVALID == 0u);
	CHECK(ZX_TIME_INFINITE == INT64_MAX);
	CHECK(ZX_OBJ_TYPE_VMO == 3u && ZX_OBJ_TYPE_VMAR == 18u && ZX_OBJ_TYPE_BTI == 24u);
	CHECK(ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED == (1u << 14) && ZX_VM_SPECIFIC == (1u << 4));
	CHECK(ZX_VM_ALIGN_4GB == (32u << 24));
	CHECK(ZX_ERR_IO_DATA_INTEGRITY == -42 && ZX_ERR_IO_DATA_LOSS == -43);
}

void test_status_strings(void)
{
#define NAME(s) CHECK(strcmp(zx_status_get_string(s), #s) == 0)
	NAME(ZX_OK);
	NAME(ZX_ERR_INTERNAL);
	NAME(ZX_ERR_NOT_SUPPORTED);
	NAME(ZX_ERR_NO_RESOURCES);
	NAME(ZX_ERR_NO_MEMORY);
	NAME(ZX_ERR_INTERNAL_INTR_RETRY);
	NAME(ZX_ERR_INVALID_ARGS);
	NAME(ZX_ERR_BAD_HANDLE);
	NAME(ZX_ERR_WRONG_TYPE);
	NAME(ZX_ERR_BAD_SYSCALL);
	NAME(ZX_ERR_OUT_OF_RANGE);
	NAME(ZX_ERR_BUFFER_TOO_SMALL);
	NAME(ZX_ERR_BAD_STATE);
	NAME(ZX_ERR_TIMED_OUT);
	NAME(ZX_ERR_SHOULD_WAIT);
	NAME(ZX_ERR_CANCELED);
	NAME(ZX_ERR_PEER_CLOSED);
	NAME(ZX_ERR_NOT_FOUND);
	NAME(ZX_ERR_ALREADY_EXISTS);
	NAME(ZX_ERR_ALREADY_BOUND);
	NAME(ZX_ERR_UNAVAILABLE);
	NAME(ZX_ERR_ACCESS_DENIED);
	NAME(ZX_ERR_IO);
	NAME(ZX_ERR_IO_REFUSED);
	NAME(ZX_ERR_IO_DATA_INTEGRITY);
	NAME(ZX_ERR_IO_DATA_LOSS);
	NAME(ZX_ERR_IO_NOT_PRESENT);
	NAME(ZX_ERR_IO_OVERRUN);
	NAME(ZX_ERR_IO_MISSED_DEADLINE);
	NAME(ZX_ERR_IO_INVALID);
	NAME(ZX_ERR_BAD_PATH);
	NAME(ZX_ERR_NOT_DIR);
	NAME(ZX_ERR_NOT_FILE);
	NAME(ZX_ERR_FILE_BIG);
	NAME(ZX_ERR_NO_SPACE);
	NAME(ZX_ERR_NOT_EMPTY);
	NAME(ZX_ERR_STOP);
	NAME(ZX_ERR_NEXT);
	NAME(ZX_ERR_ASYNC);
	NAME(ZX_ERR_PROTOCOL_NOT_SUPPORTED);
	NAME(ZX_ERR_ADDRESS_UNREACHABLE);
	NAME(ZX_ERR_ADDRESS_IN_USE);
	NAME(ZX_ERR_NOT_CONNECTED);
	NAME(ZX_ERR_CONNECTION_REFUSED);
	NAME(ZX_ERR_CONNECTION_RESET);
	NAME(ZX_ERR_CONNECTION_ABORTED);
	NAME(ZX_ERR_INTERNAL_INTR_KILLED);
#undef NAME
	CHECK(strcmp(zx_status_get_string(12345), "(UNKNOWN)") == 0);
	CHECK(strcmp(zx_status_get_string(-5), "(UNKNOWN)") == 0);
}


void test_errno_map(void)
{
	/* The statuses a VMO call can return, in the table's order. */
	static const zx_status_t want[] = {
		ZX_ERR_INTERNAL, ZX_ERR_NOT_SUPPORTED, ZX_ERR_NO_RESOURCES,
		ZX_ERR_NO_MEMORY, ZX_ERR_INVALID_ARGS, ZX_ERR_BAD_HANDLE,
		ZX_ERR_WRONG_TYPE, ZX_ERR_OUT_OF_RANGE, ZX_ERR_BUFFER_TOO_SMALL,
		ZX_ERR_BAD_STATE, ZX_ERR_TIMED_OUT, ZX_ERR_SHOULD_WAIT,
		ZX_ERR_NOT_FOUND, ZX_ERR_ALREADY_EXISTS, ZX_ERR_UNAVAILABLE,
		ZX_ERR_ACCESS_DENIED, ZX_ERR_IO, ZX_ERR_IO_DATA_INTEGRITY,
	};
	size_t i, j;

	CHECK(UAPI_MAP_LEN == sizeof(want) / sizeof(want[0]));
	for (i = 0; i < UAPI_MAP_LEN && i < sizeof(want) / sizeof(want[0]); i++) {
		if (uapi_map[i].status != want[i])
			printf("uapi: entry %zu says %d, Zircon's %s is %d\n", i,
			       uapi_map[i].status, zx_status_get_string(want[i]), want[i]);
		CHECK(uapi_map[i].status == want[i]);
		/* both ways */
		CHECK_ST(zxl_status_from_errno(uapi_map[i].errnum), uapi_map[i].status);
		CHECK(zxl_errno_from_status(uapi_map[i].status) == uapi_map[i].errnum);
		for (j = i + 1; j < UAPI_MAP_LEN; j++)
			CHECK(uapi_map[i].status != uapi_map[j].status &&
			      uapi_map[i].errnum != uapi_map[j].errnum);
	}
	CHECK_ST(zxl_status_from_errno(E2BIG), ZX_ERR_INTERNAL);
	CHECK_ST(zxl_status_from_errno(0), ZX_ERR_INTERNAL);
	/* outside the table: no descriptor left for a new handle */
	CHECK_ST(zxl_status_from_errno(EMFILE), ZX_ERR_NO_RESOURCES);
	CHECK_ST(zxl_status_from_errno(ENFILE), ZX_ERR_NO_RESOURCES);
	CHECK(zxl_errno_from_status(ZX_ERR_NEXT) == 0);
}

void test_bad_and_foreign_handles(void)
{
	zx_handle_t closed, pipe_r, pipe_w, out = 0;
	int p[2], fd, big = 0;
	uint64_t size;
	char buf[8];
	size_t actual = 7, avail = 7;
	zx_info_handle_basic_t basic;
	zx_signals_t obs;
	zx_vaddr_t addr;

	/* a descriptor number that is surely not open (and stays closed) */
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	CHECK(dup3(fd, 900, O_CLOEXEC) == 900);
	close(fd);
	close(900);
	closed = 900;
	CHECK(!fd_open(900));
	CHECK(pipe2(p, O_CLOEXEC) == 0);
	pipe_r = (zx_handle_t)p[0];
	pipe_w = (zx_handle_t)p[1];

	/* closed descriptor, ZX_HANDLE_INVALID, impossible values */
	CHECK_ST(zx_vmo_get_size(closed, &size), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_read(closed, buf, 0, 1), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_write(ZX_HANDLE_INVALID, buf, 0, 1), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_set_size((zx_handle_t)INT_MAX + 1u, 0), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_get_stream_size(closed, &size), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_set_stream_size(ZX_HANDLE_INVALID, 0), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_create_child(closed, ZX_VMO_CHILD_SNAPSHOT, 0, 4096, &out),
		 ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_handle_duplicate(closed, ZX_RIGHT_SAME_RIGHTS, &out), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_handle_replace(closed, ZX_RIGHT_SAME_RIGHTS, &out), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_object_get_info(closed, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL),
		 ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_object_get_info(closed, ZX_INFO_HANDLE_BASIC, &basic, sizeof(basic), NULL,
				    NULL),
		 ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_object_get_property(closed, ZX_PROP_NAME, buf, sizeof(buf)), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_object_wait_one(closed, ZX_VMO_ZERO_CHILDREN, 0, &obs), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, closed, 0, 4096, &addr),
		 ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmar_unmap(closed, 0x10000, 4096), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_replace_as_executable(closed, ZX_HANDLE_INVALID, &out),
		 ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_create_contiguous(closed, 4096, 0, &out), ZX_ERR_BAD_HANDLE);

	/* a pipe: WRONG_TYPE everywhere, and no zxvmo ioctl reaches it */
	g_foreign_ioctls = 0;
	CHECK_ST(zx_vmo_get_size(pipe_r, &size), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_read(pipe_r, buf, 0, 1), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_write(pipe_w, buf, 0, 1), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_set_size(pipe_r, 4096), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_get_stream_size(pipe_r, &size), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_set_stream_size(pipe_r, 4096), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_op_range(pipe_r, ZX_VMO_OP_COMMIT, 0, 4096, NULL, 0), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_child(pipe_r, ZX_VMO_CHILD_SNAPSHOT, 0, 4096, &out),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_set_cache_policy(pipe_r, 0), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_handle_duplicate(pipe_r, ZX_RIGHT_SAME_RIGHTS, &out), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_object_get_info(pipe_r, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL), ZX_OK);
	CHECK_ST(zx_object_get_info(pipe_r, ZX_INFO_HANDLE_BASIC, &basic, sizeof(basic), NULL,
				    NULL),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_object_get_info(pipe_r, ZX_INFO_VMO, &basic, sizeof(basic), NULL, NULL),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_object_get_property(pipe_r, ZX_PROP_NAME, buf, sizeof(buf)),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_object_set_property(pipe_r, ZX_PROP_NAME, "x", 1), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_object_wait_one(pipe_r, ZX_VMO_ZERO_CHILDREN, 0, &obs), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_object_signal(pipe_r, 0, ZX_USER_SIGNAL_0), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, pipe_r, 0, 4096, &addr),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmar_map(pipe_r, ZX_VM_PERM_READ, 0, pipe_r, 0, 4096, &addr),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmar_protect(pipe_r, ZX_VM_PERM_READ, 0x10000, 4096), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_physical(pipe_r, 0, 4096, &out), ZX_ERR_WRONG_TYPE);
	CHECK(g_foreign_ioctls == 0);
	CHECK(fd_open(p[0]) && fd_open(p[1]));

	/* NULL value is checked before the handle (Zircon's order) */
	CHECK_ST(zx_object_get_property(closed, ZX_PROP_NAME, NULL, 32), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_object_set_property(closed, ZX_PROP_NAME, NULL, 0), ZX_ERR_INVALID_ARGS);
	/* unknown topic is checked before the handle */
	CHECK_ST(zx_object_get_info(closed, ZX_INFO_JOB, buf, sizeof(buf), &actual, &avail),
		 ZX_ERR_NOT_SUPPORTED);

	/* closing */
	CHECK_ST(zx_handle_close(ZX_HANDLE_INVALID), ZX_OK);
	CHECK_ST(zx_handle_close(closed), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_handle_close((zx_handle_t)INT_MAX + 7u), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_handle_close(zx_vmar_root_self()), ZX_OK);
	{
		zx_handle_t many[4] = { ZX_HANDLE_INVALID, pipe_w, closed, ZX_HANDLE_INVALID };

		CHECK_ST(zx_handle_close_many(many, 4), ZX_ERR_BAD_HANDLE);
		CHECK(!fd_open(p[1])); /* closed although another entry was bad */
		CHECK_ST(zx_handle_close_many(NULL, 0), ZX_OK);
		CHECK_ST(zx_handle_close_many(NULL, 1), ZX_ERR_INVALID_ARGS);
	}
	/* replace always invalidates the handle, even a foreign one */
	CHECK_ST(zx_handle_replace(pipe_r, ZX_RIGHT_SAME_RIGHTS, &out), ZX_ERR_WRONG_TYPE);
	CHECK(!fd_open(p[0]));
	(void)big;
}

void test_system_and_time(void)
{
	zx_time_t t0, t1;

	CHECK(zx_system_get_page_size() == (uint32_t)sysconf(_SC_PAGESIZE));
	CHECK(zx_system_get_page_size() >= ZX_MIN_PAGE_SIZE);
	t0 = zx_clock_get_monotonic();
	CHECK_ST(zx_nanosleep(zx_deadline_after(ZX_MSEC(2))), ZX_OK);
	t1 = zx_clock_get_monotonic();
	CHECK(t0 > 0 && t1 - t0 >= ZX_MSEC(2));
	CHECK(zx_deadline_after(ZX_TIME_INFINITE) == ZX_TIME_INFINITE);
	CHECK(zx_deadline_after(INT64_MAX - 1) == ZX_TIME_INFINITE);
	CHECK(zx_time_sub_duration(INT64_MIN + 1, 5) == ZX_TIME_INFINITE_PAST);
	CHECK(zx_duration_from_sec(INT64_MAX / 2) == ZX_TIME_INFINITE);
	CHECK(ZX_SEC(3) == 3000000000LL && ZX_USEC(2) == 2000 && ZX_MIN(1) == 60 * ZX_SEC(1));
	CHECK(zx_ticks_per_second() == 1000000000);
	CHECK_ST(zx_nanosleep(0), ZX_OK);
}

void test_root_vmar(void)
{
	zx_handle_t root = zx_vmar_root_self(), out;
	size_t page = zx_system_get_page_size(), actual = 9, avail = 9;
	zx_info_handle_basic_t basic;
	zx_info_vmar_t vinfo;
	zx_signals_t obs;
	char name[ZX_MAX_NAME_LEN];
	char *mem;

	CHECK(root != ZX_HANDLE_INVALID && root > (zx_handle_t)INT_MAX);
	CHECK((root & ZX_HANDLE_FIXED_BITS_MASK) == ZX_HANDLE_FIXED_BITS_MASK);
	CHECK(root == zx_vmar_root_self());
	CHECK_ST(zx_object_get_info(root, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL), ZX_OK);
	CHECK_ST(zx_object_get_info(root, ZX_INFO_HANDLE_BASIC, &basic, sizeof(basic), &actual,
				    &avail),
		 ZX_OK);
	CHECK(actual == 1 && avail == 1);
	CHECK(basic.type == ZX_OBJ_TYPE_VMAR && (basic.koid >> 63) == 1);
	CHECK((basic.rights & (ZX_RIGHT_READ | ZX_RIGHT_WRITE | ZX_RIGHT_EXECUTE)) ==
	      (ZX_RIGHT_READ | ZX_RIGHT_WRITE | ZX_RIGHT_EXECUTE));
	CHECK_ST(zx_object_get_info(root, ZX_INFO_VMAR, &vinfo, sizeof(vinfo), NULL, NULL), ZX_OK);
	CHECK(vinfo.base == 0 && vinfo.len > ((size_t)1 << 40));
	CHECK_ST(zx_object_get_info(root, ZX_INFO_VMAR, &vinfo, sizeof(vinfo) - 1, &actual,
				    &avail),
		 ZX_ERR_BUFFER_TOO_SMALL);
	CHECK(actual == 0 && avail == 1);
	CHECK_ST(zx_object_get_info(root, ZX_INFO_VMAR, NULL, sizeof(vinfo), NULL, NULL),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_object_get_info(root, ZX_INFO_VMO, &vinfo, sizeof(vinfo), NULL, NULL),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_handle_duplicate(root, ZX_RIGHT_SAME_RIGHTS, &out), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_object_wait_one(root, ZX_VMO_ZERO_CHILDREN, 0, &obs), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_object_get_property(root, ZX_PROP_NAME, name, sizeof(name)),
		 ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_vmo_get_size(root, NULL), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_get_stream_size(root, NULL), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_set_stream_size(root, 0), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, root, 0, page, NULL), ZX_ERR_WRONG_TYPE);

	/* protect and unmap on ordinary anonymous memory */
	mem = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(mem != MAP_FAILED);
	mem[0] = 'z';
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem, page), ZX_OK);
	CHECK(mem[0] == 'z');
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_WRITE, (zx_vaddr_t)mem, page),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ | ZX_VM_SPECIFIC, (zx_vaddr_t)mem, page),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem + 1, page),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem, 0), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED | ZX_VM_PERM_EXECUTE,
				 (zx_vaddr_t)mem, page),
		 ZX_OK);
	CHECK_ST(zx_vmar_unmap(root, (zx_vaddr_t)mem + page, 1), ZX_OK); /* rounds up */
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem, 3 * page),
		 ZX_ERR_NOT_FOUND);
	CHECK_ST(zx_vmar_unmap(root, (zx_vaddr_t)mem + 3, page), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_unmap(root, (zx_vaddr_t)mem, 0), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_unmap(root, (zx_vaddr_t)mem, 3 * page), ZX_OK);
}

void test_control_device(void)
{
	zx_handle_t h = 0;

	g_mock_control = 0;
	if (access(ZXL_CONTROL_DEVICE, F_OK) != 0)
		CHECK_ST(zx_vmo_create(4096, 0, &h), ZX_ERR_NOT_SUPPORTED);
	g_mock_control = 1;
	g_control_errno = ENOENT;
	CHECK_ST(zx_vmo_create(4096, 0, &h), ZX_ERR_NOT_SUPPORTED);
	g_control_errno = EACCES;
	CHECK_ST(zx_vmo_create(4096, 0, &h), ZX_ERR_ACCESS_DENIED);
	g_control_errno = EMFILE;
	CHECK_ST(zx_vmo_create(4096, 0, &h), ZX_ERR_NO_RESOURCES);
	g_control_errno = 0;
	CHECK_ST(zx_vmo_create(4096, 1u << 7, &h), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_create(1u << 30, 0, &h), ZX_ERR_OUT_OF_RANGE);

	/* One control descriptor, kept; another file on its number is left alone. */
	{
		int ctl = -1, again = -1, p[2], calls;

		CHECK(fake_controls(&ctl) == 1);
		CHECK_ST(zx_vmo_create(4096, 0, &h), ZX_OK);
		CHECK(fake_controls(&again) == 1 && again == ctl);
		CHECK_ST(zx_handle_close(h), ZX_OK);
		CHECK(pipe2(p, O_CLOEXEC) == 0);
		CHECK(dup2(p[0], ctl) == ctl);
		g_fd[ctl].kind = 0; /* the fake kernel sees the pipe there now */
		g_foreign_ioctls = 0;
		calls = g_control_ioctls;
		CHECK_ST(zx_vmo_create(4096, 0, &h), ZX_OK);
		CHECK(g_foreign_ioctls == 0 && g_control_ioctls == calls + 1);
		CHECK(fake_controls(&again) == 1 && again != ctl);
		CHECK(write(p[1], "z", 1) == 1 && read(ctl, &calls, 1) == 1);
		CHECK_ST(zx_handle_close(h), ZX_OK);
		close(ctl);
		close(p[0]);
		close(p[1]);
	}
}
