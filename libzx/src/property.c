// SPDX-License-Identifier: BSD-2-Clause
/*
 * zx_object_get_property / zx_object_set_property for ZX_PROP_NAME and
 * ZX_PROP_VMO_CONTENT_SIZE.
 *
 * Zircon's order of checks: NULL value (INVALID_ARGS), handle (BAD_HANDLE),
 * GET/SET_PROPERTY right (ACCESS_DENIED), unknown property (NOT_SUPPORTED),
 * then per property: extra rights, value_size (BUFFER_TOO_SMALL), type
 * (WRONG_TYPE).  The kernel checks the rights on its ioctls; where Zircon
 * would fail before an ioctl could run (unknown property, short buffer),
 * libzx fetches the handle's rights first so the error is the same.
 *
 * @value goes through zxl_copy_in() / zxl_copy_out(): a non-NULL pointer
 * that cannot be read or written gives ZX_ERR_INVALID_ARGS after every
 * other check, as Zircon's user copies.  set_property reads @value before
 * its ioctl, so on a bad pointer it checks the rights (and the VMO type)
 * itself to keep that order.
 */
#include <string.h>

#include "zxl.h"

/*
 * Status for a request that fails on its own, after the rights checks (and
 * with @vmo_only, after the check that the object is a VMO).
 */
static zx_status_t zxl_after_checks(int fd, zx_rights_t needed, int vmo_only,
				    zx_status_t failure)
{
	struct zxvmo_info info;
	zx_status_t st;

	memset(&info, 0, sizeof(info));
	st = zxl_get_info(fd, &info);
	if (st != ZX_OK)
		return st;
	if ((info.rights & needed) != needed)
		return ZX_ERR_ACCESS_DENIED;
	if (vmo_only && info.type != ZXVMO_OBJ_TYPE_VMO)
		return ZX_ERR_WRONG_TYPE;
	return failure;
}

static zx_status_t zxl_after_rights(int fd, zx_rights_t needed, zx_status_t failure)
{
	return zxl_after_checks(fd, needed, 0, failure);
}

/*
 * The first checks of both calls, in Zircon's order: a NULL @value, the
 * handle (the root VMAR has neither GET_ nor SET_PROPERTY), its descriptor.
 */
static zx_status_t zxl_property_fd(zx_handle_t handle, const void *value, int *fd)
{
	if (!value)
		return ZX_ERR_INVALID_ARGS;
	if (handle == ZXL_ROOT_VMAR_HANDLE)
		return ZX_ERR_ACCESS_DENIED;
	return zxl_fd(handle, fd);
}

zx_status_t zx_object_get_property(zx_handle_t handle, uint32_t property, void *value,
				   size_t value_size)
{
	zx_status_t st;
	int fd = -1, r;

	st = zxl_property_fd(handle, value, &fd);
	if (st != ZX_OK)
		return st;

	switch (property) {
	case ZX_PROP_NAME: {
		char name[ZXVMO_NAME_LEN];

		if (value_size < ZX_MAX_NAME_LEN)
			return zxl_after_rights(fd, ZX_RIGHT_GET_PROPERTY,
						ZX_ERR_BUFFER_TOO_SMALL);
		memset(name, 0, sizeof(name));
		r = zxl_ioctl(fd, ZXVMO_IOC_GET_NAME, name);
		if (r < 0)
			return zxl_status_from_errno(-r);
		name[sizeof(name) - 1] = '\0';
		return zxl_copy_out(value, name, ZX_MAX_NAME_LEN);
	}
	case ZX_PROP_VMO_CONTENT_SIZE: {
		uint64_t size = 0;

		if (value_size < sizeof(uint64_t))
			return zxl_after_rights(fd, ZX_RIGHT_GET_PROPERTY,
						ZX_ERR_BUFFER_TOO_SMALL);
		r = zxl_ioctl(fd, ZXVMO_IOC_GET_CONTENT_SIZE, &size);
		if (r < 0)
			return zxl_status_from_errno(-r);
		return zxl_copy_out(value, &size, sizeof(size));
	}
	default:
		return zxl_after_rights(fd, ZX_RIGHT_GET_PROPERTY, ZX_ERR_NOT_SUPPORTED);
	}
}

zx_status_t zx_object_set_property(zx_handle_t handle, uint32_t property, const void *value,
				   size_t value_size)
{
	zx_status_t st;
	int fd = -1, r;

	st = zxl_property_fd(handle, value, &fd);
	if (st != ZX_OK)
		return st;

	switch (property) {
	case ZX_PROP_NAME: {
		/* Longer names are cut to ZX_MAX_NAME_LEN - 1 bytes (Zircon). */
		char name[ZXVMO_NAME_LEN];
		size_t len = value_size < ZX_MAX_NAME_LEN ? value_size : ZX_MAX_NAME_LEN - 1;

		memset(name, 0, sizeof(name));
		st = zxl_copy_in(name, value, len);
		if (st != ZX_OK)
			return zxl_after_rights(fd, ZX_RIGHT_SET_PROPERTY, st);
		r = zxl_ioctl(fd, ZXVMO_IOC_SET_NAME, name);
		return r < 0 ? zxl_status_from_errno(-r) : ZX_OK;
	}
	case ZX_PROP_VMO_CONTENT_SIZE: {
		uint64_t size;

		/* Needs ZX_RIGHT_WRITE as well. */
		if (value_size < sizeof(uint64_t))
			return zxl_after_rights(fd, ZX_RIGHT_SET_PROPERTY | ZX_RIGHT_WRITE,
						ZX_ERR_BUFFER_TOO_SMALL);
		st = zxl_copy_in(&size, value, sizeof(size));
		if (st != ZX_OK)
			return zxl_after_checks(fd, ZX_RIGHT_SET_PROPERTY | ZX_RIGHT_WRITE, 1,
						st);
		r = zxl_ioctl(fd, ZXVMO_IOC_SET_CONTENT_SIZE, &size);
		return r < 0 ? zxl_status_from_errno(-r) : ZX_OK;
	}
	default:
		return zxl_after_rights(fd, ZX_RIGHT_SET_PROPERTY, ZX_ERR_NOT_SUPPORTED);
	}
}
