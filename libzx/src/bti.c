// SPDX-License-Identifier: BSD-2-Clause
/*
 * zx_bti_pin, zx_pmt_unpin, zx_bti_release_quarantine.  The kernel makes
 * every check in Zircon's order (see module/object.c): the BTI's
 * ZX_RIGHT_MAP, page alignment, the VMO handle and its ZX_RIGHT_MAP, the
 * permissions against its rights, the options, a zero size, the range, a
 * quarantine on the BTI, the number of addresses, then the copy-out of
 * the addresses.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "zxl.h"

/*
 * Hand the new PMT's descriptor out.  If @out cannot be written, the PMT
 * is unpinned before its descriptor is closed: a PMT the caller never got
 * must not end up in the BTI's quarantine (Zircon unpins it too).
 */
static zx_status_t zxl_pmt_out(int fd, zx_handle_t *out)
{
	zx_handle_t h;
	zx_status_t st;

	if (fd == 0) {
		/* fd 0 would read as ZX_HANDLE_INVALID: move it. */
		int moved = fcntl(0, F_DUPFD_CLOEXEC, 1);

		if (moved < 0) {
			st = errno == EMFILE ? ZX_ERR_NO_RESOURCES : ZX_ERR_NO_MEMORY;
			zxl_ioctl(0, ZXVMO_IOC_PMT_UNPIN, NULL);
			close(0);
			return st;
		}
		close(0);
		fd = moved;
	}
	h = (zx_handle_t)fd;
	st = zxl_copy_out(out, &h, sizeof(h));
	if (st != ZX_OK) {
		zxl_ioctl(fd, ZXVMO_IOC_PMT_UNPIN, NULL);
		close(fd);
	}
	return st;
}

zx_status_t zx_bti_pin(zx_handle_t handle, uint32_t options, zx_handle_t vmo, uint64_t offset,
		       uint64_t size, zx_paddr_t *addrs, size_t num_addrs, zx_handle_t *pmt)
{
	struct zxvmo_pin_args args = {
		.options = options,
		.offset = offset,
		.size = size,
		.addrs = (uintptr_t)addrs,
		.num_addrs = num_addrs,
	};
	zx_status_t st;
	int fd = -1, r;

	st = zxl_fd(handle, &fd);
	if (st != ZX_OK)
		return st;
	/* Values that cannot be descriptors: the kernel says BAD_HANDLE. */
	args.vmo_fd = vmo == ZX_HANDLE_INVALID || vmo > (zx_handle_t)INT32_MAX ? -1 : (int)vmo;
	r = zxl_ioctl(fd, ZXVMO_IOC_BTI_PIN, &args);
	if (r < 0) {
		if (r == -EBADF && vmo == ZXL_ROOT_VMAR_HANDLE)
			return ZX_ERR_WRONG_TYPE;
		return zxl_status_from_errno(-r);
	}
	return zxl_pmt_out(r, pmt);
}

/*
 * As Zircon, @handle is consumed whatever it is: a descriptor that is not
 * a PMT is closed too (ZX_ERR_WRONG_TYPE).  The root VMAR is not a
 * descriptor and stays.
 */
zx_status_t zx_pmt_unpin(zx_handle_t handle)
{
	zx_status_t st;
	int fd = -1, ours = 0, r;

	if (handle == ZXL_ROOT_VMAR_HANDLE)
		return ZX_ERR_WRONG_TYPE;
	st = zxl_any_fd(handle, &fd, &ours);
	if (st != ZX_OK)
		return st;
	st = ZX_ERR_WRONG_TYPE;
	if (ours) {
		r = zxl_ioctl(fd, ZXVMO_IOC_PMT_UNPIN, NULL);
		st = r < 0 ? zxl_status_from_errno(-r) : ZX_OK;
	}
	close(fd);
	return st;
}

/* Needs ZX_RIGHT_WRITE on the BTI. */
zx_status_t zx_bti_release_quarantine(zx_handle_t handle)
{
	return zxl_call(handle, ZXVMO_IOC_BTI_RELEASE_QUARANTINE, NULL);
}
