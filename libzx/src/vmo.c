// SPDX-License-Identifier: BSD-2-Clause
/*
 * zx_vmo_*: one ioctl each on the VMO's descriptor (zx_vmo_create: on the
 * control device).  The kernel checks type, rights and arguments in
 * Zircon's order; libzx turns its errno back into the exact status.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "zxl.h"

/*
 * On libzx's control descriptor (control.c).  The kernel stores the new
 * handle to @out before installing it: a bad @out leaves nothing behind.
 * Missing device (module not loaded): ZX_ERR_NOT_SUPPORTED.  Permission
 * denied (Zircon's job policy ZX_POL_NEW_VMO maps to the device's
 * permissions): ZX_ERR_ACCESS_DENIED.
 */
zx_status_t zx_vmo_create(uint64_t size, uint32_t options, zx_handle_t *out)
{
	struct zxvmo_create_args args = {
		.size = size,
		.options = options,
		.out = zxl_out_arg(out),
	};
	zx_status_t st;
	int ctl = -1, r;

	st = zxl_control(&ctl);
	if (st != ZX_OK)
		return st;
	r = zxl_ioctl(ctl, ZXVMO_IOC_CREATE, &args);
	if (r < 0)
		/* ENOTTY: /dev/zxvmo is not our device (or an older module). */
		return r == -ENOTTY ? ZX_ERR_NOT_SUPPORTED : zxl_status_from_errno(-r);
	return ZX_OK;
}

/*
 * A buffer the kernel faulted on: Zircon reports a pointer that is not a
 * user address at all (NULL, the zero page, kernel addresses) as
 * ZX_ERR_INVALID_ARGS and a user address with nothing mapped as
 * ZX_ERR_NOT_FOUND.
 */
static zx_status_t zxl_buffer_fault(const void *buffer, size_t len)
{
	return zxl_user_range(buffer, len) ? ZX_ERR_NOT_FOUND : ZX_ERR_INVALID_ARGS;
}

static zx_status_t zxl_rw(zx_handle_t handle, unsigned long request, const void *buffer,
			  uint64_t offset, size_t buffer_size)
{
	struct zxvmo_rw_args args = {
		.buffer = (uintptr_t)buffer,
		.offset = offset,
		.length = buffer_size,
	};
	zx_status_t st;
	int fd = -1, r;

	st = zxl_fd(handle, &fd);
	if (st != ZX_OK)
		return st;
	r = zxl_ioctl(fd, request, &args);
	if (r < 0) {
		if (r == -EFAULT)
			return zxl_buffer_fault(buffer, buffer_size);
		return zxl_status_from_errno(-r);
	}
	return ZX_OK;
}

zx_status_t zx_vmo_read(zx_handle_t handle, void *buffer, uint64_t offset, size_t buffer_size)
{
	return zxl_rw(handle, ZXVMO_IOC_READ, buffer, offset, buffer_size);
}

zx_status_t zx_vmo_write(zx_handle_t handle, const void *buffer, uint64_t offset,
			 size_t buffer_size)
{
	return zxl_rw(handle, ZXVMO_IOC_WRITE, buffer, offset, buffer_size);
}

/*
 * A VMO call that reads one u64 from the kernel: handle and type errors
 * come first, the copy to @out last, as in Zircon.
 */
static zx_status_t zxl_vmo_get_u64(zx_handle_t handle, unsigned long request,
				   uint64_t *out)
{
	uint64_t value = 0;
	zx_status_t st = zxl_call(handle, request, &value);

	return st != ZX_OK ? st : zxl_copy_out(out, &value, sizeof(value));
}

/* A VMO call that passes one u64 to the kernel, which checks the rest. */
static zx_status_t zxl_vmo_set_u64(zx_handle_t handle, unsigned long request,
				   uint64_t value)
{
	return zxl_call(handle, request, &value);
}

zx_status_t zx_vmo_get_size(zx_handle_t handle, uint64_t *size)
{
	return zxl_vmo_get_u64(handle, ZXVMO_IOC_GET_SIZE, size);
}

zx_status_t zx_vmo_set_size(zx_handle_t handle, uint64_t size)
{
	return zxl_vmo_set_u64(handle, ZXVMO_IOC_SET_SIZE, size);
}

/* No right is needed to read the stream size. */
zx_status_t zx_vmo_get_stream_size(zx_handle_t handle, uint64_t *size)
{
	return zxl_vmo_get_u64(handle, ZXVMO_IOC_GET_STREAM_SIZE, size);
}

/* ZX_RIGHT_WRITE; the kernel applies the stream rules (see the uapi). */
zx_status_t zx_vmo_set_stream_size(zx_handle_t handle, uint64_t size)
{
	return zxl_vmo_set_u64(handle, ZXVMO_IOC_SET_STREAM_SIZE, size);
}

zx_status_t zx_vmo_op_range(zx_handle_t handle, uint32_t op, uint64_t offset, uint64_t size,
			    void *buffer, size_t buffer_size)
{
	struct zxvmo_op_range_args args = {
		.op = op,
		.offset = offset,
		.size = size,
		.buffer = (uintptr_t)buffer,
		.buffer_size = buffer_size,
	};

	/* The kernel reports a bad buffer itself, as INVALID_ARGS. */
	return zxl_call(handle, ZXVMO_IOC_OP_RANGE, &args);
}

zx_status_t zx_vmo_create_child(zx_handle_t handle, uint32_t options, uint64_t offset,
				uint64_t size, zx_handle_t *out)
{
	struct zxvmo_child_args args = {
		.options = options,
		.offset = offset,
		.size = size,
		.out = zxl_out_arg(out),
	};

	return zxl_call(handle, ZXVMO_IOC_CREATE_CHILD, &args);
}

zx_status_t zx_vmo_set_cache_policy(zx_handle_t handle, uint32_t cache_policy)
{
	return zxl_call(handle, ZXVMO_IOC_SET_CACHE_POLICY, &cache_policy);
}

/*
 * Zircon's checks of a vmex handle (validate_resource_kind_base()), for the
 * paths where the kernel cannot be asked because @handle is not a VMO.  The
 * kernel makes the same checks on the same descriptor number
 * (zxvmo_check_vmex()): a closed descriptor is ZX_ERR_BAD_HANDLE, one that
 * is not a zxvmo resource (a pipe, a VMO, a BTI) ZX_ERR_WRONG_TYPE, a
 * resource that is not the vmex resource ZX_ERR_BAD_HANDLE.
 * ZX_HANDLE_INVALID is left to the caller.
 */
static zx_status_t zxl_check_vmex(zx_handle_t vmex)
{
	struct zxvmo_info info;
	int fd = -1;
	zx_status_t st = zxl_handle_info(vmex, &fd, &info);

	if (st != ZX_OK)
		return st;
	if (info.type != ZXVMO_OBJ_TYPE_RESOURCE)
		return ZX_ERR_WRONG_TYPE;
	if (info.rsrc_kind != ZXVMO_RSRC_KIND_SYSTEM ||
	    info.rsrc_base != ZXVMO_RSRC_SYSTEM_VMEX_BASE)
		return ZX_ERR_BAD_HANDLE;
	return ZX_OK;
}

/*
 * ZXVMO_IOC_REPLACE_AS_EXECUTABLE takes the vmex descriptor number (the
 * kernel looks it up in the caller's table itself) or -1 for
 * ZX_HANDLE_INVALID.  A handle value that is no descriptor number must not
 * reach the kernel: 0xFFFFFFFF would read as -1.
 */
static zx_status_t zxl_vmex_arg(zx_handle_t vmex, int32_t *arg)
{
	if (vmex == ZX_HANDLE_INVALID) {
		*arg = -1;
		return ZX_OK;
	}
	if (vmex == ZXL_ROOT_VMAR_HANDLE)
		return ZX_ERR_WRONG_TYPE; /* a valid handle, not a resource */
	if (vmex > (zx_handle_t)INT32_MAX)
		return ZX_ERR_BAD_HANDLE;
	*arg = (int32_t)vmex;
	return ZX_OK;
}

/*
 * Zircon's order (sys_vmo_replace_as_executable): the vmex handle is
 * checked first, but its status is returned only once @handle has been
 * found; from then on @handle is always invalidated (closed here), also
 * when it turns out not to be a VMO (ZX_ERR_BAD_HANDLE) or *out cannot be
 * written.  The new handle has @handle's rights plus ZX_RIGHT_EXECUTE; no
 * right is needed on either handle.
 */
zx_status_t zx_vmo_replace_as_executable(zx_handle_t handle, zx_handle_t vmex, zx_handle_t *out)
{
	zx_status_t st, vmex_st;
	int32_t arg = -1;
	int fd = -1, ours = 0, r;

	vmex_st = zxl_vmex_arg(vmex, &arg);
	if (handle == ZXL_ROOT_VMAR_HANDLE) { /* found, not a VMO; never closed */
		if (vmex_st == ZX_OK && vmex != ZX_HANDLE_INVALID)
			vmex_st = zxl_check_vmex(vmex);
		return vmex_st != ZX_OK ? vmex_st : ZX_ERR_BAD_HANDLE;
	}
	st = zxl_any_fd(handle, &fd, &ours);
	if (st != ZX_OK)
		return st; /* not found: nothing is consumed */
	if (vmex_st != ZX_OK) {
		close(fd);
		return vmex_st;
	}
	r = ours ? zxl_ioctl(fd, ZXVMO_IOC_REPLACE_AS_EXECUTABLE, &arg) : -ENOTTY;
	if (r == -ENOTTY) {
		/*
		 * @handle is not a VMO (a foreign descriptor, a resource, a
		 * BTI): the kernel could not look at vmex, so libzx does.
		 */
		if (vmex != ZX_HANDLE_INVALID)
			vmex_st = zxl_check_vmex(vmex);
		close(fd);
		return vmex_st != ZX_OK ? vmex_st : ZX_ERR_BAD_HANDLE;
	}
	close(fd);
	if (r < 0)
		return zxl_status_from_errno(-r);
	return zxl_handle_out(r, out);
}

/*
 * Zircon checks size and alignment before it looks at the BTI handle; the
 * kernel then checks the handle (ZX_ERR_WRONG_TYPE unless a BTI), its
 * ZX_RIGHT_MAP (ZX_ERR_ACCESS_DENIED) and the allocation
 * (ZX_ERR_NO_MEMORY beyond what the page allocator gives in one block).
 */
zx_status_t zx_vmo_create_contiguous(zx_handle_t bti, size_t size, uint32_t alignment_log2,
				     zx_handle_t *out)
{
	struct zxvmo_contiguous_args args = { .size = size, .alignment_log2 = alignment_log2 };
	unsigned int page_shift = (unsigned int)__builtin_ctzl(zxl_page_size());

	if (size == 0)
		return ZX_ERR_INVALID_ARGS;
	if (alignment_log2 == 0)
		alignment_log2 = page_shift;
	if (alignment_log2 < page_shift || alignment_log2 >= 64)
		return ZX_ERR_INVALID_ARGS;
	return zxl_call_handle(bti, ZXVMO_IOC_CREATE_CONTIGUOUS, &args, out);
}

/*
 * The kernel checks, in Zircon's order: an MMIO resource
 * (ZX_ERR_WRONG_TYPE otherwise), the range within it
 * (ZX_ERR_ACCESS_DENIED), page alignment and a nonzero size
 * (ZX_ERR_INVALID_ARGS).
 */
zx_status_t zx_vmo_create_physical(zx_handle_t resource, zx_paddr_t paddr, size_t size,
				   zx_handle_t *out)
{
	struct zxvmo_phys_args args = { .paddr = paddr, .size = size };

	return zxl_call_handle(resource, ZXVMO_IOC_CREATE_PHYSICAL, &args, out);
}
