// SPDX-License-Identifier: BSD-2-Clause
/*
 * <zxvmo/resources.h>: the libzx-specific calls that hand out resources and
 * BTIs.  Each issues one ioctl on libzx's control descriptor, like
 * zx_vmo_create(); the kernel checks the capability
 * (CAP_SYS_ADMIN, CAP_SYS_RAWIO) and says EACCES without it, which the
 * status table turns into ZX_ERR_ACCESS_DENIED.
 */
#include <errno.h>
#include <unistd.h>

#include <zxvmo/resources.h>

#include "zxl.h"

static zx_status_t zxl_control_call(unsigned long request, void *arg, zx_handle_t *out)
{
	zx_status_t st;
	int ctl = -1, r;

	st = zxl_control(&ctl);
	if (st != ZX_OK)
		return st;
	r = zxl_ioctl(ctl, request, arg);
	if (r < 0)
		/* ENOTTY: not our device, or a module without the call. */
		return r == -ENOTTY ? ZX_ERR_NOT_SUPPORTED : zxl_status_from_errno(-r);
	return zxl_handle_out(r, out);
}

zx_status_t zxvmo_get_vmex_resource(zx_handle_t *out)
{
	return zxl_control_call(ZXVMO_IOC_GET_VMEX_RESOURCE, NULL, out);
}

zx_status_t zxvmo_get_mmio_resource(zx_paddr_t paddr, size_t size, zx_handle_t *out)
{
	struct zxvmo_phys_args args = { .paddr = paddr, .size = size };

	return zxl_control_call(ZXVMO_IOC_GET_MMIO_RESOURCE, &args, out);
}

zx_status_t zxvmo_get_bti(zx_handle_t *out)
{
	return zxl_control_call(ZXVMO_IOC_GET_BTI, NULL, out);
}
