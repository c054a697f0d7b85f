// SPDX-License-Identifier: BSD-2-Clause
/*
 * errno <-> zx_status_t.  The pairs come from ZXVMO_STATUS_MAP() in the uapi
 * header, the one table shared with the kernel; a duplicate errno or status
 * in that table is a compile error here (duplicate case labels).  The
 * status is taken from the ZX_ERR_<name> constant, not from the table's
 * numeric column (the unit test checks that both agree).
 */
#include <errno.h>

#include "zxl.h"

zx_status_t zxl_status_from_errno(int err)
{
	switch (err) {
#define ZXL_X(name, value, e) \
	case e:               \
		return ZX_ERR_##name;
	ZXVMO_STATUS_MAP(ZXL_X)
#undef ZXL_X
	default:
		return ZX_ERR_INTERNAL;
	}
}

int zxl_errno_from_status(zx_status_t status)
{
	switch (status) {
#define ZXL_X(name, value, e) \
	case ZX_ERR_##name:   \
		return e;
	ZXVMO_STATUS_MAP(ZXL_X)
#undef ZXL_X
	default:
		return 0;
	}
}
