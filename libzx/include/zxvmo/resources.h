/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libzx-specific calls: how a Linux process obtains the Zircon resources and
 * BTIs that zx_vmo_replace_as_executable(), zx_vmo_create_physical() and
 * zx_vmo_create_contiguous() need.
 *
 * On Fuchsia these handles come from the component framework
 * (fuchsia.kernel.VmexResource, fuchsia.kernel.MmioResource, a driver's
 * BTI).  On Linux the zxvmo module hands them out through its control
 * device /dev/zxvmo to callers that hold the Linux capability guarding the
 * same power:
 *
 *   zxvmo_get_vmex_resource()   CAP_SYS_ADMIN
 *   zxvmo_get_mmio_resource()   CAP_SYS_RAWIO, and the range must be
 *                               allowed by /dev/mem's rules (not System
 *                               RAM, not claimed exclusively by a driver)
 *   zxvmo_get_bti()             CAP_SYS_ADMIN
 *
 * The capability is checked when the handle is created; the handle is an
 * ordinary file descriptor afterwards and may be passed to a less
 * privileged process (SCM_RIGHTS), which can then use it: that is the
 * capability model of Zircon.
 *
 * Every call returns ZX_OK and stores a new handle (O_CLOEXEC descriptor,
 * never 0) in *out, or fails with:
 *   ZX_ERR_ACCESS_DENIED   the caller lacks the capability (the kernel says
 *                          EACCES), /dev/zxvmo cannot be opened for
 *                          permission reasons, or (MMIO) the range is not
 *                          allowed
 *   ZX_ERR_NOT_SUPPORTED   the zxvmo module is not loaded, or is too old to
 *                          know the call
 *   ZX_ERR_INVALID_ARGS    *out cannot be written (no handle leaks);
 *                          (MMIO) paddr or size not page aligned, size 0
 *   ZX_ERR_OUT_OF_RANGE    (MMIO) paddr + size overflows
 *   ZX_ERR_NO_RESOURCES    out of file descriptors
 *   ZX_ERR_NO_MEMORY       the kernel is out of memory
 *
 * The handles work with zx_handle_close(), zx_handle_duplicate(),
 * zx_handle_replace() and zx_object_get_info() (ZX_INFO_HANDLE_VALID,
 * ZX_INFO_HANDLE_BASIC with type ZX_OBJ_TYPE_RESOURCE or ZX_OBJ_TYPE_BTI,
 * ZX_INFO_RESOURCE for resources); VMO calls on them fail with
 * ZX_ERR_WRONG_TYPE.
 *
 * Fuchsia programs do not include this header; only the Linux-specific
 * start-up code that obtains the handles does.
 */
#ifndef ZXVMO_RESOURCES_H_
#define ZXVMO_RESOURCES_H_

#include <zircon/types.h>

__BEGIN_CDECLS

/*
 * A resource of kind ZX_RSRC_KIND_SYSTEM with base ZX_RSRC_SYSTEM_VMEX_BASE
 * (size 1): the vmex argument of zx_vmo_replace_as_executable().
 */
zx_status_t zxvmo_get_vmex_resource(zx_handle_t* out);

/*
 * A resource of kind ZX_RSRC_KIND_MMIO for the physical range
 * [paddr, paddr + size): the resource argument of zx_vmo_create_physical()
 * for any page-aligned subrange.
 */
zx_status_t zxvmo_get_mmio_resource(zx_paddr_t paddr, size_t size, zx_handle_t* out);

/*
 * A bus transaction initiator: the bti argument of
 * zx_vmo_create_contiguous().  It has no IOMMU behind it (pinning for DMA
 * is not offered); its only use is contiguous VMOs.
 */
zx_status_t zxvmo_get_bti(zx_handle_t* out);

__END_CDECLS

#endif /* ZXVMO_RESOURCES_H_ */
