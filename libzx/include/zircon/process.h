/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libzx: <zircon/process.h>.
 *
 * zx_vmar_root_self() returns the handle of the calling process's root VMAR,
 * i.e. its whole Linux address space.  The value is a fixed constant above
 * INT_MAX, so it can never collide with a file descriptor; its two low bits
 * are 1 like every Fuchsia handle.  The root VMAR's base address is 0, so a
 * vmar_offset given with ZX_VM_SPECIFIC is the absolute address.
 * Closing it is a no-op; it cannot be duplicated (it lacks
 * ZX_RIGHT_DUPLICATE) or replaced.
 */
#ifndef ZIRCON_PROCESS_H_
#define ZIRCON_PROCESS_H_

#include <zircon/types.h>

__BEGIN_CDECLS

zx_handle_t zx_vmar_root_self(void);

__END_CDECLS

#endif /* ZIRCON_PROCESS_H_ */
