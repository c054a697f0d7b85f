/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libzx: the Zircon system calls that libzx implements on Linux, with
 * Fuchsia's exact signatures.  The handle of the process's root VMAR comes
 * from zx_vmar_root_self() in <zircon/process.h>, as in Fuchsia.
 */
#ifndef ZIRCON_SYSCALLS_H_
#define ZIRCON_SYSCALLS_H_

#include <zircon/syscalls/object.h>
#include <zircon/types.h>

__BEGIN_CDECLS

/* Virtual memory objects. */
zx_status_t zx_vmo_create(uint64_t size, uint32_t options, zx_handle_t* out);
zx_status_t zx_vmo_read(zx_handle_t handle, void* buffer, uint64_t offset, size_t buffer_size);
zx_status_t zx_vmo_write(zx_handle_t handle, const void* buffer, uint64_t offset,
                         size_t buffer_size);
zx_status_t zx_vmo_get_size(zx_handle_t handle, uint64_t* size);
zx_status_t zx_vmo_set_size(zx_handle_t handle, uint64_t size);
zx_status_t zx_vmo_get_stream_size(zx_handle_t handle, uint64_t* size);
zx_status_t zx_vmo_set_stream_size(zx_handle_t handle, uint64_t size);
zx_status_t zx_vmo_op_range(zx_handle_t handle, uint32_t op, uint64_t offset, uint64_t size,
                            void* buffer, size_t buffer_size);
zx_status_t zx_vmo_create_child(zx_handle_t handle, uint32_t options, uint64_t offset,
                                uint64_t size, zx_handle_t* out);
zx_status_t zx_vmo_set_cache_policy(zx_handle_t handle, uint32_t cache_policy);
zx_status_t zx_vmo_replace_as_executable(zx_handle_t handle, zx_handle_t vmex, zx_handle_t* out);
zx_status_t zx_vmo_create_contiguous(zx_handle_t bti, size_t size, uint32_t alignment_log2,
                                     zx_handle_t* out);
zx_status_t zx_vmo_create_physical(zx_handle_t resource, zx_paddr_t paddr, size_t size,
                                   zx_handle_t* out);

/* Bus transaction initiators and pinned memory tokens (no IOMMU). */
zx_status_t zx_bti_pin(zx_handle_t handle, uint32_t options, zx_handle_t vmo, uint64_t offset,
                       uint64_t size, zx_paddr_t* addrs, size_t num_addrs, zx_handle_t* pmt);
zx_status_t zx_bti_release_quarantine(zx_handle_t handle);
zx_status_t zx_pmt_unpin(zx_handle_t handle);

/* Handles. */
zx_status_t zx_handle_close(zx_handle_t handle);
zx_status_t zx_handle_close_many(const zx_handle_t* handles, size_t num_handles);
zx_status_t zx_handle_duplicate(zx_handle_t handle, zx_rights_t rights, zx_handle_t* out);
zx_status_t zx_handle_replace(zx_handle_t handle, zx_rights_t rights, zx_handle_t* out);

/* Objects. */
zx_status_t zx_object_get_info(zx_handle_t handle, uint32_t topic, void* buffer,
                               size_t buffer_size, size_t* actual, size_t* avail);
zx_status_t zx_object_get_property(zx_handle_t handle, uint32_t property, void* value,
                                   size_t value_size);
zx_status_t zx_object_set_property(zx_handle_t handle, uint32_t property, const void* value,
                                   size_t value_size);
zx_status_t zx_object_wait_one(zx_handle_t handle, zx_signals_t signals, zx_time_t deadline,
                               zx_signals_t* observed);
zx_status_t zx_object_signal(zx_handle_t handle, uint32_t clear_mask, uint32_t set_mask);

/* Virtual memory address regions (only the root VMAR exists). */
zx_status_t zx_vmar_map(zx_handle_t handle, zx_vm_option_t options, size_t vmar_offset,
                        zx_handle_t vmo, uint64_t vmo_offset, size_t len,
                        zx_vaddr_t* mapped_addr);
zx_status_t zx_vmar_unmap(zx_handle_t handle, zx_vaddr_t addr, size_t len);
zx_status_t zx_vmar_protect(zx_handle_t handle, zx_vm_option_t options, zx_vaddr_t addr,
                            size_t len);

/* System and time. */
uint32_t zx_system_get_page_size(void);
zx_instant_mono_t zx_clock_get_monotonic(void);
zx_ticks_t zx_ticks_get(void);
zx_ticks_t zx_ticks_per_second(void);
zx_status_t zx_nanosleep(zx_instant_mono_t deadline);
/* Fuchsia has this as an inline helper; libzx exports it as a function. */
zx_instant_mono_t zx_deadline_after(zx_duration_mono_t nanoseconds);

__END_CDECLS

#endif /* ZIRCON_SYSCALLS_H_ */
