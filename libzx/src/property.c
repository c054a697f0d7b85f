// SPDX-License-Identifier: BSD-2-Clause
/*
 * zx_object_get_property / zx_object_set_property: ZXVMO_IOC_GET_PROPERTY
 * and ZXVMO_IOC_SET_PROPERTY with the caller's buffer.
 *
 * Zircon's order of checks: a NULL value (INVALID_ARGS) and the handle
 * (BAD_HANDLE; the root VMAR has neither GET_ nor SET_PROPERTY) are
 * checked here; the kernel checks the rest and returns the status itself
 * (the uapi header lists the order): the right, the property
 * (NOT_SUPPORTED), the rights a property needs besides, value_size
 * (BUFFER_TOO_SMALL), the type (WRONG_TYPE), and a copy of @value that
 * faults (INVALID_ARGS, as Zircon's user copies).
 */
#include "zxl.h"

static zx_status_t zxl_property(zx_handle_t handle, unsigned long request, uint32_t property,
				const void *value, size_t value_size)
{
	struct zxvmo_property_args args = {
		.property = property,
		.value = (uintptr_t)value,
		.value_size = value_size,
	};

	if (!value)
		return ZX_ERR_INVALID_ARGS;
	if (handle == ZXL_ROOT_VMAR_HANDLE)
		return ZX_ERR_ACCESS_DENIED;
	return zxl_call(handle, request, &args);
}

zx_status_t zx_object_get_property(zx_handle_t handle, uint32_t property, void *value,
				   size_t value_size)
{
	return zxl_property(handle, ZXVMO_IOC_GET_PROPERTY, property, value, value_size);
}

zx_status_t zx_object_set_property(zx_handle_t handle, uint32_t property, const void *value,
				   size_t value_size)
{
	return zxl_property(handle, ZXVMO_IOC_SET_PROPERTY, property, value, value_size);
}
