/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libzx: resource kinds, flags and system resource bases, with Fuchsia's
 * names and values.  zxvmo hands out two kinds of resource (see
 * <zxvmo/resources.h>): ZX_RSRC_KIND_MMIO ranges and the
 * ZX_RSRC_KIND_SYSTEM resource with base ZX_RSRC_SYSTEM_VMEX_BASE.
 */
#ifndef ZIRCON_SYSCALLS_RESOURCE_H_
#define ZIRCON_SYSCALLS_RESOURCE_H_

#include <stdint.h>

typedef uint32_t zx_rsrc_kind_t;
#define ZX_RSRC_KIND_MMIO   ((zx_rsrc_kind_t)0u)
#define ZX_RSRC_KIND_IRQ    ((zx_rsrc_kind_t)1u)
#define ZX_RSRC_KIND_IOPORT ((zx_rsrc_kind_t)2u)
/* 3 is unused (formerly ZX_RSRC_KIND_ROOT) */
#define ZX_RSRC_KIND_SMC    ((zx_rsrc_kind_t)4u)
#define ZX_RSRC_KIND_SYSTEM ((zx_rsrc_kind_t)5u)
#define ZX_RSRC_KIND_COUNT  ((zx_rsrc_kind_t)6u)

typedef uint32_t zx_rsrc_flags_t;
#define ZX_RSRC_FLAG_EXCLUSIVE ((zx_rsrc_flags_t)0x00010000u)
#define ZX_RSRC_FLAGS_MASK     ((zx_rsrc_flags_t)ZX_RSRC_FLAG_EXCLUSIVE)

#define ZX_RSRC_EXTRACT_KIND(x)  ((x) & 0x0000FFFFu)
#define ZX_RSRC_EXTRACT_FLAGS(x) ((x) & 0xFFFF0000u)

typedef uint64_t zx_rsrc_system_base_t;
#define ZX_RSRC_SYSTEM_HYPERVISOR_BASE ((zx_rsrc_system_base_t)0u)
#define ZX_RSRC_SYSTEM_VMEX_BASE       ((zx_rsrc_system_base_t)1u)
#define ZX_RSRC_SYSTEM_DEBUG_BASE      ((zx_rsrc_system_base_t)2u)
#define ZX_RSRC_SYSTEM_INFO_BASE       ((zx_rsrc_system_base_t)3u)
#define ZX_RSRC_SYSTEM_CPU_BASE        ((zx_rsrc_system_base_t)4u)
#define ZX_RSRC_SYSTEM_POWER_BASE      ((zx_rsrc_system_base_t)5u)
#define ZX_RSRC_SYSTEM_MEXEC_BASE      ((zx_rsrc_system_base_t)6u)

#endif /* ZIRCON_SYSCALLS_RESOURCE_H_ */
