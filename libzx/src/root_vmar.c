// SPDX-License-Identifier: BSD-2-Clause
/*
 * zx_vmar_root_self(): a constant handle value standing for the process's
 * address space (see ZXL_ROOT_VMAR_HANDLE).
 */
#include "zxl.h"

zx_handle_t zx_vmar_root_self(void)
{
	return ZXL_ROOT_VMAR_HANDLE;
}
