// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copies to and from memory the caller handed in (out pointers, in
 * buffers), without faulting.  Zircon's system calls copy through
 * user_out_ptr / user_in_ptr and report a pointer the kernel cannot use
 * as ZX_ERR_INVALID_ARGS; a plain store from libzx would raise SIGSEGV in
 * the caller instead.
 *
 * process_vm_writev() / process_vm_readv() on our own pid do the copy in
 * the kernel: an unmapped, read-only (for writes), PROT_NONE or otherwise
 * unusable address gives EFAULT (or a short count), never a signal.  A
 * process may always access itself (ptrace_may_access() allows its own
 * thread group), so EPERM or ENOSYS only come from seccomp or a kernel
 * without CONFIG_CROSS_MEMORY_ATTACH; there libzx falls back to a plain
 * copy, as any C library would.
 *
 * Fast paths without a system call: a zero length copies nothing, and an
 * address range that is not in the user part of the address space at all
 * (NULL, the zero page, kernel or non-canonical addresses, wrap-around)
 * fails at once.
 */
#include <errno.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "zxl.h"

int zxl_user_range(const void *ptr, size_t len)
{
	uintptr_t start = (uintptr_t)ptr, end;

	return start >= zxl_page_size() && !__builtin_add_overflow(start, len, &end) &&
	       end <= zxl_root_vmar_len();
}

/* Copy @len bytes from @src to @dst: @dst is the caller's memory if @to_user, else @src. */
static zx_status_t zxl_copy(void *dst, const void *src, size_t len, int to_user)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (len == 0)
		return ZX_OK;
	if (!zxl_user_range(to_user ? dst : src, len))
		return ZX_ERR_INVALID_ARGS;
	while (len > 0) {
		struct iovec local, remote;
		ssize_t n;

		if (to_user) {
			local.iov_base = (void *)(uintptr_t)s;
			remote.iov_base = d;
		} else {
			local.iov_base = d;
			remote.iov_base = (void *)(uintptr_t)s;
		}
		local.iov_len = remote.iov_len = len;
		n = to_user ? process_vm_writev(getpid(), &local, 1, &remote, 1, 0)
			    : process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
		if (n > 0) {
			/* A short count stops at a bad page: the next try says EFAULT. */
			d += n;
			s += n;
			len -= (size_t)n;
			continue;
		}
		if (n == 0)
			return ZX_ERR_INVALID_ARGS;
		switch (errno) {
		case EINTR:
			continue;
		case ENOSYS:
		case EPERM:
			/* No cross-memory attach here: copy like any C library. */
			memcpy(d, s, len);
			return ZX_OK;
		case ENOMEM:
			return ZX_ERR_NO_MEMORY;
		default: /* EFAULT */
			return ZX_ERR_INVALID_ARGS;
		}
	}
	return ZX_OK;
}

/* Above every user address on every architecture Linux supports. */
#define ZXL_FAULTING_ADDR ((uint64_t)-4)

uint64_t zxl_out_arg(zx_handle_t *out)
{
	return zxl_user_range(out, sizeof(*out)) ? (uint64_t)(uintptr_t)out : ZXL_FAULTING_ADDR;
}

zx_status_t zxl_copy_out(void *user_dst, const void *src, size_t len)
{
	return zxl_copy(user_dst, src, len, 1);
}

zx_status_t zxl_copy_in(void *dst, const void *user_src, size_t len)
{
	return zxl_copy(dst, user_src, len, 0);
}
