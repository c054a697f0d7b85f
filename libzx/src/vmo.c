// SPDX-License-Identifier: BSD-2-Clause
/*
 * zx_vmo_*: one ioctl each on the VMO's descriptor (zx_vmo_create: on the
 * control device).  The kernel checks type, rights and arguments in
 * Zircon's order; libzx turns its errno back into the exact status.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "zxl.h"

/*
 * The control device is opened for each zx_vmo_create() and closed again:
 * no global state, no hidden descriptor in the process (nothing to leak
 * across fork()/exec(), nothing that could be mistaken for a handle), and a
 * module loaded after the process started is picked up.  Creating a VMO
 * costs an open()/close() more, which is small next to the VMO itself.
 *
 * Missing device (module not loaded): ZX_ERR_NOT_SUPPORTED.  Permission
 * denied (Zircon's job policy ZX_POL_NEW_VMO maps to the device's
 * permissions): ZX_ERR_ACCESS_DENIED.
 */
static zx_status_t zxl_open_control(int *fd)
{
	int c = open(ZXL_CONTROL_DEVICE, O_RDWR | O_CLOEXEC);

	if (c >= 0) {
		*fd = c;
		return ZX_OK;
	}
	switch (errno) {
	case ENOENT:
	case ENODEV:
	case ENXIO:
	case ENOTDIR:
		return ZX_ERR_NOT_SUPPORTED;
	case EACCES:
	case EPERM:
	case EROFS:
		return ZX_ERR_ACCESS_DENIED;
	case EMFILE:
	case ENFILE:
		return ZX_ERR_NO_RESOURCES;
	case ENOMEM:
		return ZX_ERR_NO_MEMORY;
	default:
		return ZX_ERR_INTERNAL;
	}
}

zx_status_t zx_vmo_create(uint64_t size, uint32_t options, zx_handle_t *out)
{
	struct zxvmo_create_args args = { .size = size, .options = options };
	zx_status_t st;
	int ctl = -1, r;

	st = zxl_open_control(&ctl);
	if (st != ZX_OK)
		return st;
	r = zxl_ioctl(ctl, ZXVMO_IOC_CREATE, &args);
	close(ctl);
	if (r < 0)
		/* ENOTTY: /dev/zxvmo is not our device. */
		return r == -ENOTTY ? ZX_ERR_NOT_SUPPORTED : zxl_status_from_errno(-r);
	return zxl_handle_out(r, out);
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

zx_status_t zx_vmo_get_size(zx_handle_t handle, uint64_t *size)
{
	uint64_t value = 0;
	zx_status_t st;
	int fd = -1, r;

	st = zxl_fd(handle, &fd);
	if (st != ZX_OK)
		return st;
	r = zxl_ioctl(fd, ZXVMO_IOC_GET_SIZE, &value);
	if (r < 0)
		return zxl_status_from_errno(-r);
	/* Zircon copies out last: handle and type errors come first. */
	return zxl_copy_out(size, &value, sizeof(value));
}

zx_status_t zx_vmo_set_size(zx_handle_t handle, uint64_t size)
{
	zx_status_t st;
	int fd = -1, r;

	st = zxl_fd(handle, &fd);
	if (st != ZX_OK)
		return st;
	r = zxl_ioctl(fd, ZXVMO_IOC_SET_SIZE, &size);
	return r < 0 ? zxl_status_from_errno(-r) : ZX_OK;
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
	zx_status_t st;
	int fd = -1, r;

	st = zxl_fd(handle, &fd);
	if (st != ZX_OK)
		return st;
	r = zxl_ioctl(fd, ZXVMO_IOC_OP_RANGE, &args);
	if (r < 0)
		/* The kernel reports a bad buffer itself, as INVALID_ARGS. */
		return zxl_status_from_errno(-r);
	return ZX_OK;
}

zx_status_t zx_vmo_create_child(zx_handle_t handle, uint32_t options, uint64_t offset,
				uint64_t size, zx_handle_t *out)
{
	struct zxvmo_child_args args = { .options = options, .offset = offset, .size = size };
	zx_status_t st;
	int fd = -1, r;

	st = zxl_fd(handle, &fd);
	if (st != ZX_OK)
		return st;
	r = zxl_ioctl(fd, ZXVMO_IOC_CREATE_CHILD, &args);
	if (r < 0)
		return zxl_status_from_errno(-r);
	return zxl_handle_out(r, out);
}

zx_status_t zx_vmo_set_cache_policy(zx_handle_t handle, uint32_t cache_policy)
{
	zx_status_t st;
	int fd = -1, r;

	st = zxl_fd(handle, &fd);
	if (st != ZX_OK)
		return st;
	r = zxl_ioctl(fd, ZXVMO_IOC_SET_CACHE_POLICY, &cache_policy);
	return r < 0 ? zxl_status_from_errno(-r) : ZX_OK;
}

/*
 * Needs a vmex resource, which the uapi cannot hand out yet: always
 * ZX_ERR_NOT_SUPPORTED.  As in Zircon, @handle is always invalidated once it
 * names an open descriptor.
 */
zx_status_t zx_vmo_replace_as_executable(zx_handle_t handle, zx_handle_t vmex, zx_handle_t *out)
{
	zx_status_t st;
	int fd = -1, ours = 0;

	(void)vmex;
	(void)out;
	if (handle == ZXL_ROOT_VMAR_HANDLE)
		return ZX_ERR_WRONG_TYPE;
	st = zxl_any_fd(handle, &fd, &ours);
	if (st != ZX_OK)
		return st;
	close(fd);
	return ZX_ERR_NOT_SUPPORTED;
}

/* The object behind @h must be of @type: BTI / resource handles come later. */
static zx_status_t zxl_check_type(zx_handle_t h, uint32_t type)
{
	struct zxvmo_info info;
	zx_status_t st;
	int fd = -1;

	st = zxl_fd(h, &fd);
	if (st != ZX_OK)
		return st;
	st = zxl_get_info(fd, &info);
	if (st != ZX_OK)
		return st;
	return info.type == type ? ZX_OK : ZX_ERR_WRONG_TYPE;
}

zx_status_t zx_vmo_create_contiguous(zx_handle_t bti, size_t size, uint32_t alignment_log2,
				     zx_handle_t *out)
{
	zx_status_t st = zxl_check_type(bti, ZXVMO_OBJ_TYPE_BTI);

	(void)size;
	(void)alignment_log2;
	(void)out;
	return st != ZX_OK ? st : ZX_ERR_NOT_SUPPORTED;
}

zx_status_t zx_vmo_create_physical(zx_handle_t resource, zx_paddr_t paddr, size_t size,
				   zx_handle_t *out)
{
	zx_status_t st = zxl_check_type(resource, ZXVMO_OBJ_TYPE_RESOURCE);

	(void)paddr;
	(void)size;
	(void)out;
	return st != ZX_OK ? st : ZX_ERR_NOT_SUPPORTED;
}
