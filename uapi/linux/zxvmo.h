/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * zxvmo: Zircon virtual memory objects for Linux.
 *
 * This header is the whole ABI between zxvmo.ko and user space (libzx).
 *
 *  - /dev/zxvmo is the control device: ZXVMO_IOC_CREATE returns a new fd.
 *    Each open control file has an identity, a random number above 2^61
 *    that lseek(fd, 0, SEEK_CUR) returns (its position; nothing moves it):
 *    a program that keeps a control descriptor can check cheaply that the
 *    number still names the file it opened.
 *  - Every VMO handle is an fd on a private inode; the ioctls below marked
 *    "VMO fd" are issued on it.  Ioctls that create a handle return the new
 *    fd (always O_CLOEXEC, never 0) as the ioctl's return value.
 *  - Those whose arguments have an @out field (CREATE, CREATE_CHILD,
 *    DUPLICATE) also store the new fd as a __u32 handle to that user
 *    pointer before the fd is installed: if the store faults, no fd is
 *    left behind and the call fails with EINVAL (ZX_ERR_INVALID_ARGS).
 *    @out == 0 stores nothing.
 *  - Structs are fixed width with explicit padding; every reserved field and
 *    every unknown flag bit must be zero, else the call fails with EINVAL.
 *  - Errors are negative errnos.  ZXVMO_STATUS_MAP() pairs every Zircon
 *    status a VMO call can return with one distinct errno, so user space can
 *    recover the exact zx_status_t.
 *  - poll() on a VMO fd reports each active signal as an event of its own:
 *    EPOLLPRI for ZX_VMO_ZERO_CHILDREN, and for ZX_USER_SIGNAL_0..7 in order
 *    EPOLLIN, EPOLLOUT, EPOLLRDNORM, EPOLLRDBAND, EPOLLWRNORM, EPOLLWRBAND,
 *    EPOLLMSG, EPOLLRDHUP (poll(2): the POLL* of the same names).  Other
 *    handle fds report no event.
 *  - fstatfs() on any handle fd reports f_type == ZXVMO_FS_MAGIC.
 *
 * The numeric values of rights, options, ops, cache policies, object types
 * and info flags are Zircon's own.
 */
#ifndef _UAPI_LINUX_ZXVMO_H
#define _UAPI_LINUX_ZXVMO_H

#include <linux/types.h>
#include <linux/ioctl.h>
#include <linux/errno.h>

#define ZXVMO_FS_MAGIC		0x7a78766d	/* "zxvm" */
#define ZXVMO_NAME_LEN		32		/* ZX_MAX_NAME_LEN */

/* Object types (ZX_OBJ_TYPE_*). */
#define ZXVMO_OBJ_TYPE_VMO	3
#define ZXVMO_OBJ_TYPE_RESOURCE	15
#define ZXVMO_OBJ_TYPE_BTI	24
#define ZXVMO_OBJ_TYPE_PMT	26

/* Rights (ZX_RIGHT_*). */
#define ZXVMO_RIGHT_DUPLICATE		0x00000001u
#define ZXVMO_RIGHT_TRANSFER		0x00000002u
#define ZXVMO_RIGHT_READ		0x00000004u
#define ZXVMO_RIGHT_WRITE		0x00000008u
#define ZXVMO_RIGHT_EXECUTE		0x00000010u
#define ZXVMO_RIGHT_MAP			0x00000020u
#define ZXVMO_RIGHT_GET_PROPERTY	0x00000040u
#define ZXVMO_RIGHT_SET_PROPERTY	0x00000080u
#define ZXVMO_RIGHT_SIGNAL		0x00001000u
#define ZXVMO_RIGHT_WAIT		0x00004000u
#define ZXVMO_RIGHT_INSPECT		0x00008000u
#define ZXVMO_RIGHT_SAME_RIGHTS		0x80000000u
/* ZX_DEFAULT_VMO_RIGHTS */
#define ZXVMO_DEFAULT_VMO_RIGHTS					\
	(ZXVMO_RIGHT_DUPLICATE | ZXVMO_RIGHT_TRANSFER |			\
	 ZXVMO_RIGHT_WAIT | ZXVMO_RIGHT_INSPECT |			\
	 ZXVMO_RIGHT_READ | ZXVMO_RIGHT_WRITE |				\
	 ZXVMO_RIGHT_GET_PROPERTY | ZXVMO_RIGHT_SET_PROPERTY |		\
	 ZXVMO_RIGHT_MAP | ZXVMO_RIGHT_SIGNAL)

/* Resource kinds and bases (ZX_RSRC_KIND_*, ZX_RSRC_SYSTEM_*_BASE). */
#define ZXVMO_RSRC_KIND_MMIO		0
#define ZXVMO_RSRC_KIND_SYSTEM		5
#define ZXVMO_RSRC_SYSTEM_VMEX_BASE	1

/* zx_vmo_create() options (ZX_VMO_*). */
#define ZXVMO_OPT_RESIZABLE		0x00000002u
#define ZXVMO_OPT_DISCARDABLE		0x00000004u
#define ZXVMO_OPT_UNBOUNDED		0x00000010u

/* zx_vmo_create_child() options (ZX_VMO_CHILD_*). */
#define ZXVMO_CHILD_SNAPSHOT			0x00000001u
#define ZXVMO_CHILD_RESIZABLE			0x00000004u
#define ZXVMO_CHILD_SLICE			0x00000008u
#define ZXVMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE	0x00000010u
#define ZXVMO_CHILD_NO_WRITE			0x00000020u
#define ZXVMO_CHILD_REFERENCE			0x00000040u
#define ZXVMO_CHILD_SNAPSHOT_MODIFIED		0x00000080u

/* zx_vmo_op_range() ops (ZX_VMO_OP_*). */
#define ZXVMO_OP_COMMIT			1
#define ZXVMO_OP_DECOMMIT		2
#define ZXVMO_OP_LOCK			3
#define ZXVMO_OP_UNLOCK			4
#define ZXVMO_OP_CACHE_SYNC		6
#define ZXVMO_OP_CACHE_INVALIDATE	7
#define ZXVMO_OP_CACHE_CLEAN		8
#define ZXVMO_OP_CACHE_CLEAN_INVALIDATE	9
#define ZXVMO_OP_ZERO			10
#define ZXVMO_OP_TRY_LOCK		11
#define ZXVMO_OP_DONT_NEED		12
#define ZXVMO_OP_ALWAYS_NEED		13
#define ZXVMO_OP_PREFETCH		14

/* Cache policies (ZX_CACHE_POLICY_*). */
#define ZXVMO_CACHE_POLICY_CACHED		0
#define ZXVMO_CACHE_POLICY_UNCACHED		1
#define ZXVMO_CACHE_POLICY_UNCACHED_DEVICE	2
#define ZXVMO_CACHE_POLICY_WRITE_COMBINING	3

/* zx_info_vmo_t.flags (ZX_INFO_VMO_*). */
#define ZXVMO_INFO_TYPE_PHYSICAL	0x00000000u
#define ZXVMO_INFO_TYPE_PAGED		0x00000001u
#define ZXVMO_INFO_RESIZABLE		0x00000002u
#define ZXVMO_INFO_IS_COW_CLONE		0x00000004u
#define ZXVMO_INFO_VIA_HANDLE		0x00000008u
#define ZXVMO_INFO_CONTIGUOUS		0x00000040u
#define ZXVMO_INFO_DISCARDABLE		0x00000080u
#define ZXVMO_INFO_IMMUTABLE		0x00000100u

/*
 * Zircon status <-> errno.  Every status a VMO call can return has its own
 * errno, and the other way round.  Use it as an initializer:
 *	static const struct zxvmo_status_errno map[] = ZXVMO_STATUS_ERRNOS;
 */
struct zxvmo_status_errno {
	__s32 status;		/* zx_status_t */
	__s32 errnum;
};

#define ZXVMO_STATUS_ERRNOS {					\
	{   -1, EPROTO      },	/* ZX_ERR_INTERNAL */	\
	{   -2, EOPNOTSUPP  },	/* ZX_ERR_NOT_SUPPORTED */	\
	{   -3, ENOSPC      },	/* ZX_ERR_NO_RESOURCES */	\
	{   -4, ENOMEM      },	/* ZX_ERR_NO_MEMORY */	\
	{  -10, EINVAL      },	/* ZX_ERR_INVALID_ARGS */	\
	{  -11, EBADF       },	/* ZX_ERR_BAD_HANDLE */	\
	{  -12, ENOTTY      },	/* ZX_ERR_WRONG_TYPE */	\
	{  -14, ERANGE      },	/* ZX_ERR_OUT_OF_RANGE */	\
	{  -15, ENOBUFS     },	/* ZX_ERR_BUFFER_TOO_SMALL */	\
	{  -20, EBADFD      },	/* ZX_ERR_BAD_STATE */	\
	{  -21, ETIMEDOUT   },	/* ZX_ERR_TIMED_OUT */	\
	{  -22, EAGAIN      },	/* ZX_ERR_SHOULD_WAIT */	\
	{  -25, EFAULT      },	/* ZX_ERR_NOT_FOUND */	\
	{  -26, EEXIST      },	/* ZX_ERR_ALREADY_EXISTS */	\
	{  -28, ENXIO       },	/* ZX_ERR_UNAVAILABLE */	\
	{  -30, EACCES      },	/* ZX_ERR_ACCESS_DENIED */	\
	{  -40, EIO         },	/* ZX_ERR_IO */	\
	{  -42, EBADMSG     },	/* ZX_ERR_IO_DATA_INTEGRITY */	\
}

/* Named errnos for the kernel side: ZXVMO_E_<STATUS>. */
#define ZXVMO_E_NOT_SUPPORTED		EOPNOTSUPP
#define ZXVMO_E_NO_MEMORY		ENOMEM
#define ZXVMO_E_NO_RESOURCES		ENOSPC
#define ZXVMO_E_INVALID_ARGS		EINVAL
#define ZXVMO_E_BAD_HANDLE		EBADF
#define ZXVMO_E_WRONG_TYPE		ENOTTY
#define ZXVMO_E_OUT_OF_RANGE		ERANGE
#define ZXVMO_E_BUFFER_TOO_SMALL	ENOBUFS
#define ZXVMO_E_BAD_STATE		EBADFD
#define ZXVMO_E_NOT_FOUND		EFAULT
#define ZXVMO_E_UNAVAILABLE		ENXIO
#define ZXVMO_E_ACCESS_DENIED		EACCES

/* ZXVMO_IOC_CREATE (control device).  Returns the new fd. */
struct zxvmo_create_args {
	__u64 size;
	__u32 options;		/* ZXVMO_OPT_* */
	__u32 reserved;		/* must be 0 */
	__u64 out;		/* user pointer to a __u32, or 0 (see top) */
};

/* ZXVMO_IOC_READ / ZXVMO_IOC_WRITE (VMO fd). */
struct zxvmo_rw_args {
	__u64 buffer;		/* user pointer */
	__u64 offset;
	__u64 length;
};

/* ZXVMO_IOC_OP_RANGE (VMO fd). */
struct zxvmo_op_range_args {
	__u32 op;		/* ZXVMO_OP_* */
	__u32 reserved;		/* must be 0 */
	__u64 offset;
	__u64 size;
	__u64 buffer;		/* user pointer, op specific */
	__u64 buffer_size;
};

/* ZXVMO_IOC_CREATE_CHILD (VMO fd).  Returns the new fd. */
struct zxvmo_child_args {
	__u32 options;		/* ZXVMO_CHILD_* */
	__u32 reserved;		/* must be 0 */
	__u64 offset;
	__u64 size;
	__u64 out;		/* user pointer to a __u32, or 0 (see top) */
};

/* Default rights of resources and BTIs (ZX_DEFAULT_*_RIGHTS). */
#define ZXVMO_DEFAULT_RESOURCE_RIGHTS					\
	(ZXVMO_RIGHT_DUPLICATE | ZXVMO_RIGHT_TRANSFER |			\
	 ZXVMO_RIGHT_INSPECT | ZXVMO_RIGHT_WRITE |			\
	 ZXVMO_RIGHT_GET_PROPERTY)
#define ZXVMO_DEFAULT_BTI_RIGHTS					\
	(ZXVMO_RIGHT_DUPLICATE | ZXVMO_RIGHT_TRANSFER |			\
	 ZXVMO_RIGHT_INSPECT | ZXVMO_RIGHT_READ | ZXVMO_RIGHT_WRITE |	\
	 ZXVMO_RIGHT_GET_PROPERTY | ZXVMO_RIGHT_SET_PROPERTY |		\
	 ZXVMO_RIGHT_MAP)

/*
 * ZXVMO_IOC_SIGNAL (any handle fd): zx_object_signal().  Needs
 * ZX_RIGHT_SIGNAL (ZX_ERR_ACCESS_DENIED), then masks within
 * ZXVMO_USER_SIGNAL_ALL (ZX_ERR_INVALID_ARGS); clears, then sets.  A
 * VMO's signals are the object's, shared by all its handles.
 */
#define ZXVMO_USER_SIGNAL_0	0x01000000u
#define ZXVMO_USER_SIGNAL_ALL	0xff000000u
struct zxvmo_signal_args {
	__u32 clear_mask;
	__u32 set_mask;
	__u64 reserved;		/* must be 0 */
};

/*
 * ZXVMO_IOC_GET_SIGNALS (any handle fd): the object's active signals, for
 * zx_object_wait_one().  Needs ZX_RIGHT_WAIT (ZX_ERR_ACCESS_DENIED).  A
 * VMO's are its user signals and ZXVMO_VMO_ZERO_CHILDREN; other objects
 * have none.
 */
#define ZXVMO_VMO_ZERO_CHILDREN	0x00000008u

/*
 * ZXVMO_IOC_GET_PROPERTY / ZXVMO_IOC_SET_PROPERTY (any handle fd):
 * zx_object_get_property() / zx_object_set_property() with the caller's
 * @value buffer of @value_size bytes.  The kernel checks in Zircon's
 * order: ZX_RIGHT_GET_PROPERTY / ZX_RIGHT_SET_PROPERTY
 * (ZX_ERR_ACCESS_DENIED), the property (ZX_ERR_NOT_SUPPORTED), then
 *   get NAME, VMO_CONTENT_SIZE: @value_size (ZX_ERR_BUFFER_TOO_SMALL), the
 *     type (ZX_ERR_WRONG_TYPE: names are VMOs' and BTIs'), the copy out;
 *   set NAME: the copy in of at most ZXVMO_NAME_LEN - 1 bytes, the type;
 *   set VMO_CONTENT_SIZE: ZX_RIGHT_WRITE, @value_size, the type, the copy
 *     in, then zx_vmo_set_content_size's own checks.
 * A copy of @value that faults is ZX_ERR_INVALID_ARGS (EINVAL).
 */
#define ZXVMO_PROP_NAME			3u	/* ZX_PROP_NAME */
#define ZXVMO_PROP_VMO_CONTENT_SIZE	17u	/* ZX_PROP_VMO_CONTENT_SIZE */
struct zxvmo_property_args {
	__u32 property;		/* ZXVMO_PROP_* */
	__u32 reserved;		/* must be 0 */
	__u64 value;		/* user pointer */
	__u64 value_size;
};

/*
 * ZXVMO_IOC_DUPLICATE (any handle fd).  Returns the new fd.  Without
 * ZXVMO_DUP_REPLACE the handle needs ZX_RIGHT_DUPLICATE (zx_handle_duplicate);
 * with it no right is needed (zx_handle_replace; user space closes the old fd).
 */
#define ZXVMO_DUP_REPLACE	0x00000001u
struct zxvmo_dup_args {
	__u32 rights;		/* subset of the handle's, or SAME_RIGHTS */
	__u32 flags;		/* ZXVMO_DUP_* */
	__u64 out;		/* user pointer to a __u32, or 0 (see top) */
};

/*
 * ZXVMO_IOC_GET_INFO (any handle fd): everything ZX_INFO_HANDLE_BASIC and
 * every version of ZX_INFO_VMO report; libzx lays it out in Zircon's structs.
 * For non-VMO handles only koid, rights and type are meaningful.
 */
struct zxvmo_info {
	__u64 koid;
	__u64 parent_koid;
	__u64 num_children;
	__u64 num_mappings;
	__u64 share_count;	/* distinct address spaces mapping it */
	__u64 size_bytes;
	__u64 committed_bytes;
	__u64 populated_bytes;
	__u64 committed_private_bytes;
	__u64 populated_private_bytes;
	__u64 metadata_bytes;
	__u64 committed_change_events;
	__u32 flags;		/* ZXVMO_INFO_* */
	__u32 rights;		/* this handle's rights */
	__u32 cache_policy;
	__u32 type;		/* ZXVMO_OBJ_TYPE_* */
	char name[ZXVMO_NAME_LEN];
	/* resources: kind and range (size_bytes is the range's size) */
	__u32 rsrc_kind;
	__u32 pad;
	__u64 rsrc_base;
	__u64 committed_scaled_bytes;
	__u64 populated_scaled_bytes;
	__u64 committed_fractional_scaled_bytes;
	__u64 populated_fractional_scaled_bytes;
};

/*
 * ZXVMO_IOC_MAP (VMO fd): zx_vmar_map() in the root VMAR in one call.  It
 * checks the handle's rights (ZX_RIGHT_MAP, then those @prot needs:
 * ACCESS_DENIED), ZXVMO_MAP_NON_RESIZABLE against a resizable VMO and a
 * discardable VMO without ZXVMO_MAP_ALLOW_FAULTS (NOT_SUPPORTED), then
 * @out, a user pointer to a __u64 that must be writable memory already
 * and not where a ZXVMO_MAP_FIXED mapping goes (INVALID_ARGS, before
 * anything is mapped: a mapping is never undone), maps @len bytes at
 * @vmo_offset as mmap(2) with MAP_SHARED does (at @addr with
 * ZXVMO_MAP_FIXED or ZXVMO_MAP_FIXED_NOREPLACE, else where the kernel
 * chooses), and stores the address to @out.  mmap(2)'s own errors come
 * back as its errnos.  Other handle types: WRONG_TYPE.
 */
#define ZXVMO_MAP_FIXED			0x00000001u	/* MAP_FIXED */
#define ZXVMO_MAP_FIXED_NOREPLACE	0x00000002u	/* MAP_FIXED_NOREPLACE */
#define ZXVMO_MAP_NON_RESIZABLE		0x00000004u	/* ZX_VM_REQUIRE_NON_RESIZABLE */
#define ZXVMO_MAP_ALLOW_FAULTS		0x00000008u	/* ZX_VM_ALLOW_FAULTS */
struct zxvmo_map_args {
	__u64 addr;
	__u64 len;
	__u64 vmo_offset;
	__u64 out;		/* user pointer to a __u64 */
	__u32 prot;		/* PROT_READ | PROT_WRITE | PROT_EXEC */
	__u32 flags;		/* ZXVMO_MAP_* */
};

/*
 * ZXVMO_IOC_GET_MMIO_RESOURCE (control device, CAP_SYS_RAWIO): a resource
 * for [paddr, paddr + size).  ZXVMO_IOC_CREATE_PHYSICAL (MMIO resource
 * fd): a physical VMO over [paddr, paddr + size).  Both return the fd.
 */
struct zxvmo_phys_args {
	__u64 paddr;
	__u64 size;
};

/* Default rights of a PMT (Zircon's: inspect only, no duplicate). */
#define ZXVMO_DEFAULT_PMT_RIGHTS	ZXVMO_RIGHT_INSPECT

/* zx_bti_pin() options (ZX_BTI_*). */
#define ZXVMO_BTI_PERM_READ	0x00000001u
#define ZXVMO_BTI_PERM_WRITE	0x00000002u
#define ZXVMO_BTI_PERM_EXECUTE	0x00000004u
#define ZXVMO_BTI_COMPRESS	0x00000008u
#define ZXVMO_BTI_CONTIGUOUS	0x00000010u

/*
 * ZXVMO_IOC_BTI_PIN (BTI fd): zx_bti_pin().  Writes @num_addrs physical
 * addresses to @addrs and returns the PMT's fd.  Unpin with
 * ZXVMO_IOC_PMT_UNPIN on the PMT fd; closing the PMT's last fd without it
 * quarantines the pages on the BTI (see README).
 */
struct zxvmo_pin_args {
	__s32 vmo_fd;
	__u32 options;		/* ZXVMO_BTI_* */
	__u64 offset;
	__u64 size;
	__u64 addrs;		/* user pointer to __u64[num_addrs] */
	__u64 num_addrs;
};

/* ZXVMO_IOC_GET_BTI_INFO (BTI fd): zx_info_bti_t. */
struct zxvmo_bti_info {
	__u64 minimum_contiguity;
	__u64 aspace_size;
	__u64 pmo_count;	/* PMTs pinned, quarantined ones included */
	__u64 quarantine_count;
};

/* ZXVMO_IOC_CREATE_CONTIGUOUS (BTI fd).  Returns the new fd. */
struct zxvmo_contiguous_args {
	__u64 size;
	__u32 alignment_log2;
	__u32 reserved;		/* must be 0 */
};

#define ZXVMO_IOC_MAGIC	0xE7

/* control device */
#define ZXVMO_IOC_CREATE		_IOW(ZXVMO_IOC_MAGIC, 0x00, struct zxvmo_create_args)
#define ZXVMO_IOC_GET_VMEX_RESOURCE	_IO(ZXVMO_IOC_MAGIC, 0x01)	/* CAP_SYS_ADMIN */
#define ZXVMO_IOC_GET_MMIO_RESOURCE	_IOW(ZXVMO_IOC_MAGIC, 0x02, struct zxvmo_phys_args)
#define ZXVMO_IOC_GET_BTI		_IO(ZXVMO_IOC_MAGIC, 0x03)	/* CAP_SYS_ADMIN */

/* VMO fd */
#define ZXVMO_IOC_READ			_IOW(ZXVMO_IOC_MAGIC, 0x10, struct zxvmo_rw_args)
#define ZXVMO_IOC_WRITE			_IOW(ZXVMO_IOC_MAGIC, 0x11, struct zxvmo_rw_args)
#define ZXVMO_IOC_GET_SIZE		_IOR(ZXVMO_IOC_MAGIC, 0x12, __u64)
#define ZXVMO_IOC_SET_SIZE		_IOW(ZXVMO_IOC_MAGIC, 0x13, __u64)
#define ZXVMO_IOC_OP_RANGE		_IOWR(ZXVMO_IOC_MAGIC, 0x14, struct zxvmo_op_range_args)
#define ZXVMO_IOC_CREATE_CHILD		_IOW(ZXVMO_IOC_MAGIC, 0x15, struct zxvmo_child_args)
#define ZXVMO_IOC_SET_CACHE_POLICY	_IOW(ZXVMO_IOC_MAGIC, 0x16, __u32)
/*
 * The name and the content size as plain values (EFAULT for a bad
 * argument); libzx uses ZXVMO_IOC_GET_PROPERTY / SET_PROPERTY instead.
 */
#define ZXVMO_IOC_GET_NAME		_IOR(ZXVMO_IOC_MAGIC, 0x17, char[ZXVMO_NAME_LEN])
#define ZXVMO_IOC_SET_NAME		_IOW(ZXVMO_IOC_MAGIC, 0x18, char[ZXVMO_NAME_LEN])
#define ZXVMO_IOC_GET_CONTENT_SIZE	_IOR(ZXVMO_IOC_MAGIC, 0x19, __u64)
#define ZXVMO_IOC_SET_CONTENT_SIZE	_IOW(ZXVMO_IOC_MAGIC, 0x1a, __u64)
/* The argument is the vmex resource fd, or -1 for ZX_HANDLE_INVALID. */
#define ZXVMO_IOC_REPLACE_AS_EXECUTABLE	_IOW(ZXVMO_IOC_MAGIC, 0x1b, __s32)
/*
 * zx_vmo_get_stream_size / zx_vmo_set_stream_size: the content size under
 * its later name, with the stream rules: reading it needs no right,
 * setting it needs ZX_RIGHT_WRITE only, may not pass the VMO's size and
 * zeroes from min(old, new) to the end of the VMO.
 */
#define ZXVMO_IOC_GET_STREAM_SIZE	_IOR(ZXVMO_IOC_MAGIC, 0x1c, __u64)
#define ZXVMO_IOC_SET_STREAM_SIZE	_IOW(ZXVMO_IOC_MAGIC, 0x1d, __u64)

/* BTI fd */
#define ZXVMO_IOC_CREATE_CONTIGUOUS	_IOW(ZXVMO_IOC_MAGIC, 0x30, struct zxvmo_contiguous_args)
#define ZXVMO_IOC_BTI_PIN		_IOW(ZXVMO_IOC_MAGIC, 0x32, struct zxvmo_pin_args)
#define ZXVMO_IOC_BTI_RELEASE_QUARANTINE	_IO(ZXVMO_IOC_MAGIC, 0x33)
/* BTI fd: ZXVMO_IOC_GET_NAME and ZXVMO_IOC_SET_NAME work as on a VMO. */
/* PMT fd */
#define ZXVMO_IOC_PMT_UNPIN		_IO(ZXVMO_IOC_MAGIC, 0x34)
/* MMIO resource fd */
#define ZXVMO_IOC_CREATE_PHYSICAL	_IOW(ZXVMO_IOC_MAGIC, 0x31, struct zxvmo_phys_args)

/* any handle fd */
#define ZXVMO_IOC_DUPLICATE		_IOW(ZXVMO_IOC_MAGIC, 0x20, struct zxvmo_dup_args)
#define ZXVMO_IOC_GET_INFO		_IOR(ZXVMO_IOC_MAGIC, 0x21, struct zxvmo_info)
/*
 * ZX_INFO_RESOURCE: needs ZX_RIGHT_INSPECT (ZX_ERR_ACCESS_DENIED), then a
 * resource (ZX_ERR_WRONG_TYPE); fills type, koid, rights and the range.
 */
#define ZXVMO_IOC_GET_RESOURCE_INFO	_IOR(ZXVMO_IOC_MAGIC, 0x22, struct zxvmo_info)
/* ZX_INFO_BTI: needs ZX_RIGHT_INSPECT, then a BTI (ZX_ERR_WRONG_TYPE). */
#define ZXVMO_IOC_GET_BTI_INFO		_IOR(ZXVMO_IOC_MAGIC, 0x23, struct zxvmo_bti_info)
#define ZXVMO_IOC_SIGNAL		_IOW(ZXVMO_IOC_MAGIC, 0x24, struct zxvmo_signal_args)
#define ZXVMO_IOC_GET_SIGNALS		_IOR(ZXVMO_IOC_MAGIC, 0x25, __u32)
#define ZXVMO_IOC_GET_PROPERTY		_IOW(ZXVMO_IOC_MAGIC, 0x26, struct zxvmo_property_args)
#define ZXVMO_IOC_SET_PROPERTY		_IOW(ZXVMO_IOC_MAGIC, 0x27, struct zxvmo_property_args)
#define ZXVMO_IOC_MAP			_IOW(ZXVMO_IOC_MAGIC, 0x28, struct zxvmo_map_args)

#endif /* _UAPI_LINUX_ZXVMO_H */
