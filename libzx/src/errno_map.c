// SPDX-License-Identifier: BSD-2-Clause
/*
 * errno <-> zx_status_t through ZXVMO_STATUS_ERRNOS in the uapi header,
 * the one table shared with the kernel (the unit test checks that it is a
 * bijection and that its statuses are Zircon's).
 */
#include <errno.h>

#include "zxl.h"

static const struct zxvmo_status_errno zxl_map[] = ZXVMO_STATUS_ERRNOS;

#define ZXL_MAP_LEN (sizeof(zxl_map) / sizeof(zxl_map[0]))

zx_status_t zxl_status_from_errno(int err)
{
	size_t i;

	for (i = 0; i < ZXL_MAP_LEN; i++)
		if (zxl_map[i].errnum == err)
			return zxl_map[i].status;
	/*
	 * Linux's own errnos, outside the table: a call that makes a handle
	 * needs a descriptor, and there is none left (Zircon's handle table
	 * full is ZX_ERR_NO_RESOURCES).
	 */
	if (err == EMFILE || err == ENFILE)
		return ZX_ERR_NO_RESOURCES;
	return ZX_ERR_INTERNAL;
}

int zxl_errno_from_status(zx_status_t status)
{
	size_t i;

	for (i = 0; i < ZXL_MAP_LEN; i++)
		if (zxl_map[i].status == status)
			return zxl_map[i].errnum;
	return 0;
}
