/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libzx internals.  Everything here is named zxl_* and is not exported from
 * libzx.so (see libzx.map); the host unit test links libzx.a and uses it.
 *
 * libzx's only mutable global state is its control descriptor (control.c,
 * lock-free); every other call works only on its arguments, the file
 * descriptors and the kernel, so it is thread safe.
 */
#ifndef ZXL_H_
#define ZXL_H_

#include <linux/zxvmo.h>
#include <stddef.h>
#include <stdint.h>
#include <zircon/process.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/object.h>
#include <zircon/types.h>

/* The control device; libzx keeps one descriptor of it (control.c). */
#define ZXL_CONTROL_DEVICE "/dev/zxvmo"

/*
 * Handle value of the root VMAR (zx_vmar_root_self()).  Above INT_MAX, so
 * never a file descriptor; low two bits set like every Fuchsia handle.
 */
#define ZXL_ROOT_VMAR_HANDLE ((zx_handle_t)0xFFFFFF03u)

/* Rights reported for the root VMAR handle. */
#define ZXL_ROOT_VMAR_RIGHTS                                                     \
	(ZX_RIGHT_TRANSFER | ZX_RIGHT_INSPECT | ZX_RIGHT_OP_CHILDREN |           \
	 ZX_RIGHT_READ | ZX_RIGHT_WRITE | ZX_RIGHT_EXECUTE)

/*
 * The process's control device descriptor (O_RDWR | O_CLOEXEC) in *@fd,
 * opened on first use and again if the program closed or replaced it; do
 * not close it.  Missing device: ZX_ERR_NOT_SUPPORTED; permission:
 * ZX_ERR_ACCESS_DENIED; no descriptors left: ZX_ERR_NO_RESOURCES.
 */
zx_status_t zxl_control(int *fd);

/*
 * The value for an ioctl's @out field (the kernel stores the new handle
 * there, see the uapi): @out itself, or an address that always faults if
 * @out is not a user address at all (NULL, the zero page, kernel), so that
 * those are ZX_ERR_INVALID_ARGS after every other check, as in Zircon.
 */
uint64_t zxl_out_arg(zx_handle_t *out);

/* errno <-> zx_status_t through the uapi's ZXVMO_STATUS_ERRNOS table. */
zx_status_t zxl_status_from_errno(int err);
int zxl_errno_from_status(zx_status_t status); /* 0 if not in the table */

/*
 * Check that @h names an open file descriptor on the zxvmo filesystem and
 * return it in @fd.  ZX_ERR_BAD_HANDLE for ZX_HANDLE_INVALID, values that
 * cannot be descriptors and closed descriptors; ZX_ERR_WRONG_TYPE for the
 * root VMAR and for descriptors that are not zxvmo handles (libzx never
 * sends its ioctls to those).
 */
zx_status_t zxl_fd(zx_handle_t h, int *fd);

/*
 * Like zxl_fd() but accept any open descriptor (*is_zxvmo tells which).
 * The root VMAR is not a descriptor: callers handle it first.
 */
zx_status_t zxl_any_fd(zx_handle_t h, int *fd, int *is_zxvmo);

/* ioctl() that retries EINTR; returns the result or -errno. */
int zxl_ioctl(int fd, unsigned long request, void *arg);

/* Fetch ZXVMO_IOC_GET_INFO for a zxvmo handle. */
zx_status_t zxl_get_info(int fd, struct zxvmo_info *info);

/* zxl_fd() of @h into *@fd, then zxl_get_info() into *@info (zeroed first). */
zx_status_t zxl_handle_info(zx_handle_t h, int *fd, struct zxvmo_info *info);

/*
 * One ioctl on handle @h, the skeleton of most calls: the descriptor
 * checked (zxl_fd()), the ioctl made, its errno turned into the status.
 * zxl_call_handle() then hands the descriptor the ioctl returned out as a
 * handle in *@out (zxl_handle_out()).
 */
zx_status_t zxl_call(zx_handle_t h, unsigned long request, void *arg);
zx_status_t zxl_call_handle(zx_handle_t h, unsigned long request, void *arg,
			    zx_handle_t *out);

/*
 * Hand a descriptor returned by the kernel out as a handle: move it off
 * fd 0 (ZX_HANDLE_INVALID) and store it in *@out with zxl_copy_out().  If
 * @out is NULL or not writable, close the descriptor (no handle or VMO
 * leaks) and fail with ZX_ERR_INVALID_ARGS, as Zircon does when it cannot
 * copy a handle out.
 */
zx_status_t zxl_handle_out(int fd, zx_handle_t *out);

/*
 * Caller memory (usercopy.c).  Every store to an out pointer and every load
 * from an in pointer the caller passed goes through these, so that a bad
 * pointer (NULL, unmapped, PROT_NONE, read-only for stores, kernel,
 * non-canonical) gives ZX_ERR_INVALID_ARGS like Zircon's user copies
 * instead of a SIGSEGV.  A zero length always succeeds.  A failed copy may
 * have transferred a prefix.  ZX_ERR_NO_MEMORY if the kernel ran out.
 */
zx_status_t zxl_copy_out(void *user_dst, const void *src, size_t len);
zx_status_t zxl_copy_in(void *dst, const void *user_src, size_t len);

/*
 * Is [@ptr, @ptr + @len) inside the user part of the address space (and
 * above the zero page)?  Says nothing about what is mapped there.
 */
int zxl_user_range(const void *ptr, size_t len);

/* Page size of the system (zx_system_get_page_size()). */
size_t zxl_page_size(void);

/* Length of the root VMAR: the user part of the address space. */
uintptr_t zxl_root_vmar_len(void);

#endif /* ZXL_H_ */
