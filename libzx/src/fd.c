// SPDX-License-Identifier: BSD-2-Clause
/*
 * Handles are file descriptors.  Before libzx issues any zxvmo ioctl on a
 * descriptor it checks with fstatfs() that the descriptor lives on the
 * zxvmo filesystem, so our ioctl numbers never reach a foreign driver.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "zxl.h"

zx_status_t zxl_any_fd(zx_handle_t h, int *fd, int *is_zxvmo)
{
	struct statfs st;

	if (h == ZX_HANDLE_INVALID || h > (zx_handle_t)INT_MAX)
		return ZX_ERR_BAD_HANDLE;
	while (fstatfs((int)h, &st) < 0) {
		if (errno == EINTR)
			continue;
		if (errno == EBADF)
			return ZX_ERR_BAD_HANDLE;
		if (errno == ENOMEM)
			return ZX_ERR_NO_MEMORY;
		/* Open but not a filesystem object we can inspect. */
		*fd = (int)h;
		*is_zxvmo = 0;
		return ZX_OK;
	}
	*fd = (int)h;
	*is_zxvmo = (unsigned long)st.f_type == (unsigned long)ZXVMO_FS_MAGIC;
	return ZX_OK;
}

zx_status_t zxl_fd(zx_handle_t h, int *fd)
{
	zx_status_t st;
	int ours;

	if (h == ZXL_ROOT_VMAR_HANDLE)
		return ZX_ERR_WRONG_TYPE;
	st = zxl_any_fd(h, fd, &ours);
	if (st != ZX_OK)
		return st;
	return ours ? ZX_OK : ZX_ERR_WRONG_TYPE;
}

int zxl_ioctl(int fd, unsigned long request, void *arg)
{
	int r;

	do {
		r = ioctl(fd, request, arg);
	} while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

zx_status_t zxl_get_info(int fd, struct zxvmo_info *info)
{
	int r = zxl_ioctl(fd, ZXVMO_IOC_GET_INFO, info);

	return r < 0 ? zxl_status_from_errno(-r) : ZX_OK;
}

zx_status_t zxl_handle_info(zx_handle_t h, int *fd, struct zxvmo_info *info)
{
	zx_status_t st = zxl_fd(h, fd);

	if (st != ZX_OK)
		return st;
	memset(info, 0, sizeof(*info));
	return zxl_get_info(*fd, info);
}

/* zxl_fd() and the ioctl: ZX_OK with its result in *@ret, or the status. */
static zx_status_t zxl_call_ret(zx_handle_t h, unsigned long request, void *arg,
				int *ret)
{
	int fd = -1;
	zx_status_t st = zxl_fd(h, &fd);

	if (st != ZX_OK)
		return st;
	*ret = zxl_ioctl(fd, request, arg);
	return *ret < 0 ? zxl_status_from_errno(-*ret) : ZX_OK;
}

zx_status_t zxl_call(zx_handle_t h, unsigned long request, void *arg)
{
	int r;

	return zxl_call_ret(h, request, arg, &r);
}

zx_status_t zxl_call_handle(zx_handle_t h, unsigned long request, void *arg,
			    zx_handle_t *out)
{
	int r;
	zx_status_t st = zxl_call_ret(h, request, arg, &r);

	return st != ZX_OK ? st : zxl_handle_out(r, out);
}

/* fcntl(F_DUPFD_CLOEXEC)'s errno: no descriptor left, or no memory for one. */
static zx_status_t zxl_status_from_dup_errno(int err)
{
	switch (err) {
	case EMFILE:
	case ENFILE:
	case EINVAL: /* no descriptor number at or above 1 within RLIMIT_NOFILE */
		return ZX_ERR_NO_RESOURCES;
	case ENOMEM:
		return ZX_ERR_NO_MEMORY;
	default:
		return ZX_ERR_INTERNAL;
	}
}

zx_status_t zxl_handle_out(int fd, zx_handle_t *out)
{
	if (fd == 0) {
		/* fd 0 would read as ZX_HANDLE_INVALID: move it. */
		int moved = fcntl(0, F_DUPFD_CLOEXEC, 1);
		int err = errno;

		close(0);
		if (moved < 0)
			return zxl_status_from_dup_errno(err);
		fd = moved;
	}
	{
		zx_handle_t h = (zx_handle_t)fd;
		zx_status_t st = zxl_copy_out(out, &h, sizeof(h));

		if (st != ZX_OK) {
			/* Nothing leaks: a new VMO's only handle takes it along. */
			close(fd);
			return st;
		}
	}
	return ZX_OK;
}
