/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The fake zxvmo kernel of libzx's host unit test (fake_kernel.c): it
 * defines open(), close(), fstatfs(), ioctl(), poll() and the memory calls
 * libzx makes, which take precedence over libc's for the libzx.a code
 * linked into the test.  Fake handles are memfds (so mmap works),
 * fstatfs() reports ZXVMO_FS_MAGIC for them and ioctl() implements the
 * zxvmo ABI on them.  The tests steer it with these knobs.
 */
#ifndef LIBZX_TESTS_FAKE_KERNEL_H
#define LIBZX_TESTS_FAKE_KERNEL_H

#include <fcntl.h>
#include <stdint.h>

#define MAXFD 1024
#define FAKE_DATA 65536		/* bytes of a fake VMO */
#define FAKE_MMIO_BASE 0x40000000ull
#define FAKE_MMIO_SIZE 0x100000ull

struct fake_fd {
	int kind; /* 0 none, 1 control device, 2 handle */
	int obj;
	uint32_t rights;
};

extern struct fake_fd g_fd[MAXFD];
extern int g_mock_control;       /* open("/dev/zxvmo") is faked */
extern int g_control_errno;      /* ... and fails with this errno */
extern int g_force_errno;        /* next fake ioctl fails with this */
extern int g_foreign_ioctls;     /* zxvmo ioctls seen on non-zxvmo fds */
extern int g_control_ioctls;     /* ZXVMO_IOC_CREATE on a fake control device */
extern int g_unprivileged;       /* resource/BTI getters fail with EACCES */
extern int g_allow_invalid_vmex; /* the module parameter allow_invalid_vmex */
extern int g_unpins;             /* ZXVMO_IOC_PMT_UNPIN calls that unpinned */
extern int g_fstatfs_errno;      /* next fstatfs() fails with this */
/* Injected failures of the memory and descriptor calls (0: the real call). */
extern int g_mmap_errno, g_munmap_errno, g_mprotect_errno, g_dupfd_errno;

static inline int fd_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

/* The fake control descriptors still open, the last one in *@fd. */
int fake_controls(int *fd);
/* As closefrom() in the program: libzx's control descriptor goes away. */
void fake_close_controls(void);

#endif /* LIBZX_TESTS_FAKE_KERNEL_H */
