// SPDX-License-Identifier: BSD-2-Clause
/*
 * zx_object_signal(): ZXVMO_IOC_SIGNAL.  The kernel checks, in Zircon's
 * order, ZX_RIGHT_SIGNAL (ZX_ERR_ACCESS_DENIED) and then the masks
 * (ZX_ERR_INVALID_ARGS: only ZX_USER_SIGNAL_* may be set or cleared).
 */
#include <string.h>

#include "zxl.h"

_Static_assert(ZXVMO_USER_SIGNAL_0 == ZX_USER_SIGNAL_0, "user signals");
_Static_assert(ZXVMO_USER_SIGNAL_ALL == ZX_USER_SIGNAL_ALL, "user signals");

zx_status_t zx_object_signal(zx_handle_t handle, uint32_t clear_mask, uint32_t set_mask)
{
	struct zxvmo_signal_args args;

	if (handle == ZXL_ROOT_VMAR_HANDLE)
		return ZX_ERR_ACCESS_DENIED; /* VMARs lack ZX_RIGHT_SIGNAL */
	memset(&args, 0, sizeof(args));
	args.clear_mask = clear_mask;
	args.set_mask = set_mask;
	return zxl_call(handle, ZXVMO_IOC_SIGNAL, &args);
}
