// SPDX-License-Identifier: BSD-2-Clause
/*
 * zx_handle_close, zx_handle_close_many, zx_handle_duplicate,
 * zx_handle_replace.
 *
 * A handle is a file descriptor; its rights live in the kernel's struct file.
 * dup(2) of a descriptor is the same handle (same file, same rights);
 * duplicate and replace make a new file on the same VMO through
 * ZXVMO_IOC_DUPLICATE.
 */
#include <errno.h>
#include <unistd.h>

#include "zxl.h"

/* Close descriptor @fd; on Linux it is released even if close() says EINTR. */
static zx_status_t zxl_close_fd(int fd)
{
	if (close(fd) < 0 && errno == EBADF)
		return ZX_ERR_BAD_HANDLE;
	return ZX_OK;
}

/*
 * Any open descriptor is a handle (zxvmo descriptors are the ones libzx
 * understands), so zx_handle_close() closes any open descriptor, like
 * Zircon closes a handle of any type.
 */
zx_status_t zx_handle_close(zx_handle_t handle)
{
	if (handle == ZX_HANDLE_INVALID)
		return ZX_OK;
	if (handle == ZXL_ROOT_VMAR_HANDLE)
		return ZX_OK; /* the address space cannot go away */
	if (handle > (zx_handle_t)INT32_MAX)
		return ZX_ERR_BAD_HANDLE;
	return zxl_close_fd((int)handle);
}

/* Zircon's kMaxMessageHandles: close_many reads the array in such chunks. */
#define ZXL_CLOSE_CHUNK 64

/*
 * Closes every handle, even after one turned out invalid (as Zircon).  As
 * Zircon's HandleTable::RemoveHandles(), the array is read chunk by chunk:
 * a chunk that cannot be read ends the call with ZX_ERR_INVALID_ARGS, the
 * handles of the chunks before it are closed already.
 */
zx_status_t zx_handle_close_many(const zx_handle_t *handles, size_t num_handles)
{
	zx_status_t result = ZX_OK;

	while (num_handles > 0) {
		zx_handle_t chunk[ZXL_CLOSE_CHUNK];
		size_t n = num_handles < ZXL_CLOSE_CHUNK ? num_handles : ZXL_CLOSE_CHUNK, i;
		zx_status_t st = zxl_copy_in(chunk, handles, n * sizeof(chunk[0]));

		if (st != ZX_OK)
			return st;
		for (i = 0; i < n; i++) {
			st = zx_handle_close(chunk[i]);
			if (st != ZX_OK)
				result = st;
		}
		handles += n;
		num_handles -= n;
	}
	return result;
}

/* The kernel stores the new handle to @out before installing it. */
static zx_status_t zxl_dup(int fd, zx_rights_t rights, uint32_t flags, zx_handle_t *out)
{
	struct zxvmo_dup_args args = { .rights = rights, .flags = flags, .out = zxl_out_arg(out) };
	int r = zxl_ioctl(fd, ZXVMO_IOC_DUPLICATE, &args);

	return r < 0 ? zxl_status_from_errno(-r) : ZX_OK;
}

/* Needs ZX_RIGHT_DUPLICATE; @rights must be a subset or SAME_RIGHTS. */
zx_status_t zx_handle_duplicate(zx_handle_t handle, zx_rights_t rights, zx_handle_t *out)
{
	zx_status_t st;
	int fd = -1;

	if (handle == ZXL_ROOT_VMAR_HANDLE)
		return ZX_ERR_ACCESS_DENIED; /* no ZX_RIGHT_DUPLICATE */
	st = zxl_fd(handle, &fd);
	if (st != ZX_OK)
		return st;
	return zxl_dup(fd, rights, 0, out);
}

/*
 * Zircon: "*handle* is always invalidated."  Once @handle names an open
 * descriptor it is closed, whatever else goes wrong (rights not a subset,
 * no memory, NULL @out, not a zxvmo handle).  No right is needed
 * (ZXVMO_DUP_REPLACE).
 */
zx_status_t zx_handle_replace(zx_handle_t handle, zx_rights_t rights, zx_handle_t *out)
{
	zx_status_t st;
	int fd = -1, ours = 0;

	if (handle == ZXL_ROOT_VMAR_HANDLE)
		return ZX_ERR_NOT_SUPPORTED;
	st = zxl_any_fd(handle, &fd, &ours);
	if (st != ZX_OK)
		return st;
	if (!ours) {
		close(fd);
		return ZX_ERR_WRONG_TYPE;
	}
	st = zxl_dup(fd, rights, ZXVMO_DUP_REPLACE, out);
	close(fd);
	return st;
}
