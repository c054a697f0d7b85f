/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libzx: zx_object_get_info() topics and records, and object properties,
 * for the VMO subset.  Topic numbers and struct layouts are Fuchsia's (they
 * are ABI); the unit test checks every offset.
 */
#ifndef ZIRCON_SYSCALLS_OBJECT_H_
#define ZIRCON_SYSCALLS_OBJECT_H_

#include <zircon/types.h>

__BEGIN_CDECLS

/* A versioned topic keeps its version in the upper 4 bits. */
#define __ZX_INFO_TOPIC(t, v) ((zx_object_info_topic_t)((t) | ((v) << 28)))

typedef uint32_t zx_object_info_topic_t;

#define ZX_INFO_NONE                       ((zx_object_info_topic_t)0u)
#define ZX_INFO_HANDLE_VALID               ((zx_object_info_topic_t)1u)
#define ZX_INFO_HANDLE_BASIC               ((zx_object_info_topic_t)2u)  /* zx_info_handle_basic_t[1] */
#define ZX_INFO_PROCESS                    __ZX_INFO_TOPIC(3u, 1u)
#define ZX_INFO_PROCESS_THREADS            ((zx_object_info_topic_t)4u)
#define ZX_INFO_VMAR                       ((zx_object_info_topic_t)7u)  /* zx_info_vmar_t[1] */
#define ZX_INFO_JOB_CHILDREN               ((zx_object_info_topic_t)8u)
#define ZX_INFO_JOB_PROCESSES              ((zx_object_info_topic_t)9u)
#define ZX_INFO_THREAD                     ((zx_object_info_topic_t)10u)
#define ZX_INFO_THREAD_EXCEPTION_REPORT_V1 __ZX_INFO_TOPIC(11u, 0)
#define ZX_INFO_THREAD_EXCEPTION_REPORT    __ZX_INFO_TOPIC(11u, 1)
#define ZX_INFO_TASK_STATS_V1              __ZX_INFO_TOPIC(12u, 0)
#define ZX_INFO_TASK_STATS                 __ZX_INFO_TOPIC(12u, 1)
#define ZX_INFO_PROCESS_MAPS_V1            __ZX_INFO_TOPIC(13u, 0)
#define ZX_INFO_PROCESS_MAPS_V2            __ZX_INFO_TOPIC(13u, 1)
#define ZX_INFO_PROCESS_MAPS               __ZX_INFO_TOPIC(13u, 2)
#define ZX_INFO_PROCESS_VMOS_V1            __ZX_INFO_TOPIC(14u, 0)
#define ZX_INFO_PROCESS_VMOS_V2            __ZX_INFO_TOPIC(14u, 1)
#define ZX_INFO_PROCESS_VMOS_V3            __ZX_INFO_TOPIC(14u, 2)
#define ZX_INFO_PROCESS_VMOS               __ZX_INFO_TOPIC(14u, 3)
#define ZX_INFO_THREAD_STATS               ((zx_object_info_topic_t)15u)
#define ZX_INFO_CPU_STATS                  ((zx_object_info_topic_t)16u)
#define ZX_INFO_KMEM_STATS_V1              __ZX_INFO_TOPIC(17u, 0)
#define ZX_INFO_KMEM_STATS                 __ZX_INFO_TOPIC(17u, 1)
#define ZX_INFO_RESOURCE                   ((zx_object_info_topic_t)18u)
#define ZX_INFO_HANDLE_COUNT               ((zx_object_info_topic_t)19u)
#define ZX_INFO_BTI                        ((zx_object_info_topic_t)20u)
#define ZX_INFO_PROCESS_HANDLE_STATS       ((zx_object_info_topic_t)21u)
#define ZX_INFO_SOCKET                     ((zx_object_info_topic_t)22u)
#define ZX_INFO_VMO_V1                     __ZX_INFO_TOPIC(23u, 0)  /* zx_info_vmo_v1_t[1] */
#define ZX_INFO_VMO_V2                     __ZX_INFO_TOPIC(23u, 1)  /* zx_info_vmo_v2_t[1] */
#define ZX_INFO_VMO_V3                     __ZX_INFO_TOPIC(23u, 2)  /* zx_info_vmo_v3_t[1] */
#define ZX_INFO_VMO                        __ZX_INFO_TOPIC(23u, 3)  /* zx_info_vmo_t[1] */
#define ZX_INFO_JOB                        ((zx_object_info_topic_t)24u)
#define ZX_INFO_TIMER                      ((zx_object_info_topic_t)25u)
#define ZX_INFO_STREAM                     ((zx_object_info_topic_t)26u)
#define ZX_INFO_HANDLE_TABLE               ((zx_object_info_topic_t)27u)
#define ZX_INFO_MSI                        ((zx_object_info_topic_t)28u)
#define ZX_INFO_GUEST_STATS                ((zx_object_info_topic_t)29u)
#define ZX_INFO_TASK_RUNTIME_V1            __ZX_INFO_TOPIC(30u, 0)
#define ZX_INFO_TASK_RUNTIME               __ZX_INFO_TOPIC(30u, 1)
#define ZX_INFO_KMEM_STATS_EXTENDED        ((zx_object_info_topic_t)31u)
#define ZX_INFO_VCPU                       ((zx_object_info_topic_t)32u)
#define ZX_INFO_KMEM_STATS_COMPRESSION     ((zx_object_info_topic_t)33u)
#define ZX_INFO_IOB                        ((zx_object_info_topic_t)34u)
#define ZX_INFO_IOB_REGIONS                ((zx_object_info_topic_t)35u)
#define ZX_INFO_VMAR_MAPS                  ((zx_object_info_topic_t)36u)

/* ZX_INFO_HANDLE_BASIC */
typedef struct zx_info_handle_basic {
  zx_koid_t koid;          /* the object's koid */
  zx_rights_t rights;      /* this handle's rights */
  zx_obj_type_t type;      /* ZX_OBJ_TYPE_* */
  zx_koid_t related_koid;  /* peer/parent object, or 0 (0 for VMOs) */
  uint32_t reserved;
  uint8_t padding1[4];
} zx_info_handle_basic_t;

/* ZX_INFO_HANDLE_COUNT */
typedef struct zx_info_handle_count {
  uint32_t handle_count;
} zx_info_handle_count_t;

/* ZX_INFO_VMAR */
typedef struct zx_info_vmar {
  uintptr_t base;  /* base address of the region */
  size_t len;      /* length of the region in bytes */
} zx_info_vmar_t;

/* ZX_INFO_RESOURCE */
typedef struct zx_info_resource {
  uint32_t kind;   /* ZX_RSRC_KIND_* (<zircon/syscalls/resource.h>) */
  uint32_t flags;  /* ZX_RSRC_FLAG_* */
  uint64_t base;   /* first address (MMIO) or ZX_RSRC_SYSTEM_*_BASE */
  size_t size;     /* length of the range */
  char name[ZX_MAX_NAME_LEN];
} zx_info_resource_t;

/* ZX_INFO_BTI */
typedef struct zx_info_bti {
  uint64_t minimum_contiguity;  /* the granularity of pinned physical runs */
  uint64_t aspace_size;         /* the device address space's size */
  uint64_t pmo_count;           /* pinned PMTs, quarantined ones included */
  uint64_t quarantine_count;    /* PMTs closed without zx_pmt_unpin */
} zx_info_bti_t;

/* zx_info_vmo_t.flags */
#define ZX_INFO_VMO_TYPE_PAGED      (1u << 0)
#define ZX_INFO_VMO_TYPE_PHYSICAL   (0u << 0)
#define ZX_INFO_VMO_TYPE(flags)     ((flags) & (1u << 0))
#define ZX_INFO_VMO_RESIZABLE       (1u << 1)
#define ZX_INFO_VMO_IS_COW_CLONE    (1u << 2)
#define ZX_INFO_VMO_VIA_HANDLE      (1u << 3)
#define ZX_INFO_VMO_VIA_MAPPING     (1u << 4)
#define ZX_INFO_VMO_PAGER_BACKED    (1u << 5)
#define ZX_INFO_VMO_CONTIGUOUS      (1u << 6)
#define ZX_INFO_VMO_DISCARDABLE     (1u << 7)
#define ZX_INFO_VMO_IMMUTABLE       (1u << 8)
#define ZX_INFO_VMO_VIA_IOB_HANDLE  (1u << 9)

/*
 * ZX_INFO_VMO (version 4).  Each older version below is a prefix of the next
 * one.
 */
typedef struct zx_info_vmo {
  zx_koid_t koid;
  char name[ZX_MAX_NAME_LEN];
  uint64_t size_bytes;              /* size (page rounded) */
  zx_koid_t parent_koid;            /* parent if a child, else 0 */
  size_t num_children;
  size_t num_mappings;              /* mappings into address spaces */
  size_t share_count;               /* estimate of address spaces mapping it */
  uint32_t flags;                   /* ZX_INFO_VMO_* */
  uint8_t padding1[4];
  uint64_t committed_bytes;         /* memory committed, shared COW included */
  zx_rights_t handle_rights;        /* rights of the handle (VIA_HANDLE) */
  uint32_t cache_policy;            /* ZX_CACHE_POLICY_* */
  uint64_t metadata_bytes;          /* kernel memory for bookkeeping */
  uint64_t committed_change_events; /* kernel-initiated committed changes */
  uint64_t populated_bytes;         /* content tracked, shared COW included */
  uint64_t committed_private_bytes; /* memory committed to this VMO only */
  uint64_t populated_private_bytes; /* content tracked by this VMO only */
  uint64_t committed_scaled_bytes;  /* committed, each byte divided by sharers */
  uint64_t populated_scaled_bytes;  /* populated, each byte divided by sharers */
  uint64_t committed_fractional_scaled_bytes; /* fraction, 0x800..0 = 1 byte */
  uint64_t populated_fractional_scaled_bytes;
} zx_info_vmo_t;

typedef struct zx_info_vmo_v3 {
  zx_koid_t koid;
  char name[ZX_MAX_NAME_LEN];
  uint64_t size_bytes;
  zx_koid_t parent_koid;
  size_t num_children;
  size_t num_mappings;
  size_t share_count;
  uint32_t flags;
  uint8_t padding1[4];
  uint64_t committed_bytes;
  zx_rights_t handle_rights;
  uint32_t cache_policy;
  uint64_t metadata_bytes;
  uint64_t committed_change_events;
  uint64_t populated_bytes;
} zx_info_vmo_v3_t;

typedef struct zx_info_vmo_v2 {
  zx_koid_t koid;
  char name[ZX_MAX_NAME_LEN];
  uint64_t size_bytes;
  zx_koid_t parent_koid;
  size_t num_children;
  size_t num_mappings;
  size_t share_count;
  uint32_t flags;
  uint8_t padding1[4];
  uint64_t committed_bytes;
  zx_rights_t handle_rights;
  uint32_t cache_policy;
  uint64_t metadata_bytes;
  uint64_t committed_change_events;
} zx_info_vmo_v2_t;

typedef struct zx_info_vmo_v1 {
  zx_koid_t koid;
  char name[ZX_MAX_NAME_LEN];
  uint64_t size_bytes;
  zx_koid_t parent_koid;
  size_t num_children;
  size_t num_mappings;
  size_t share_count;
  uint32_t flags;
  uint8_t padding1[4];
  uint64_t committed_bytes;
  zx_rights_t handle_rights;
  uint32_t cache_policy;
} zx_info_vmo_v1_t;

/* Object properties (zx_object_get_property / zx_object_set_property). */

/* char[ZX_MAX_NAME_LEN] */
#define ZX_PROP_NAME ((uint32_t)3u)
#if defined(__x86_64__)
#define ZX_PROP_REGISTER_GS ((uint32_t)2u)
#define ZX_PROP_REGISTER_FS ((uint32_t)4u)
#endif
#define ZX_PROP_PROCESS_DEBUG_ADDR          ((uint32_t)5u)
#define ZX_PROP_PROCESS_VDSO_BASE_ADDRESS   ((uint32_t)6u)
#define ZX_PROP_PROCESS_BREAK_ON_LOAD       ((uint32_t)7u)
#define ZX_PROP_PROCESS_HW_TRACE_CONTEXT_ID ((uint32_t)8u)
#define ZX_PROP_SOCKET_RX_THRESHOLD         12u
#define ZX_PROP_SOCKET_TX_THRESHOLD         13u
#define ZX_PROP_JOB_KILL_ON_OOM             15u
#define ZX_PROP_EXCEPTION_STATE             16u
/* uint64_t: the content size of a VMO in bytes (may differ from its size). */
#define ZX_PROP_VMO_CONTENT_SIZE            17u
#define ZX_PROP_EXCEPTION_STRATEGY          18u
#define ZX_PROP_STREAM_MODE_APPEND          19u

__END_CDECLS

#endif /* ZIRCON_SYSCALLS_OBJECT_H_ */
