// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host unit test of libzx: everything that can be checked without the
 * zxvmo kernel module.
 *
 *  - ABI: struct sizes and offsets of the info records (static asserts),
 *    topic and constant values.
 *  - zx_status_get_string(), the errno <-> status table.
 *  - Handle checks on real descriptors: closed -> ZX_ERR_BAD_HANDLE,
 *    foreign (a pipe) -> ZX_ERR_WRONG_TYPE with no ioctl sent to it.
 *  - The root VMAR on real anonymous memory, clocks, page size.
 *  - The library logic above the kernel, against a fake kernel: this
 *    program defines open(), fstatfs() and ioctl(), which take precedence
 *    over libc's for the libzx.a code linked into it.  Fake handles are
 *    memfds (so mmap works), fstatfs() reports ZXVMO_FS_MAGIC for them and
 *    ioctl() implements the zxvmo ABI on them in a few lines each.
 *
 * Prints "N passed, N failed" last; exits 1 on any failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <zircon/process.h>
#include <zircon/status.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/object.h>
#include <zircon/syscalls/resource.h>
#include <zircon/types.h>
#include <zxvmo/resources.h>

#include "zxl.h"

/* ---- ABI layout (Fuchsia's documented structs, LP64) -------------------- */

#define OFF(type, field, off) _Static_assert(offsetof(type, field) == (off), #type "." #field)

_Static_assert(sizeof(zx_handle_t) == 4 && sizeof(zx_status_t) == 4, "handle/status");
_Static_assert(sizeof(zx_koid_t) == 8 && sizeof(zx_time_t) == 8, "koid/time");

_Static_assert(sizeof(zx_info_handle_basic_t) == 32, "zx_info_handle_basic_t");
OFF(zx_info_handle_basic_t, koid, 0);
OFF(zx_info_handle_basic_t, rights, 8);
OFF(zx_info_handle_basic_t, type, 12);
OFF(zx_info_handle_basic_t, related_koid, 16);
OFF(zx_info_handle_basic_t, reserved, 24);

_Static_assert(sizeof(zx_info_vmo_v1_t) == 104, "zx_info_vmo_v1_t");
_Static_assert(sizeof(zx_info_vmo_v2_t) == 120, "zx_info_vmo_v2_t");
_Static_assert(sizeof(zx_info_vmo_v3_t) == 128, "zx_info_vmo_v3_t");
_Static_assert(sizeof(zx_info_vmo_t) == 176, "zx_info_vmo_t");

#define VMO_COMMON_OFFSETS(T)                 \
	OFF(T, koid, 0);                      \
	OFF(T, name, 8);                      \
	OFF(T, size_bytes, 40);               \
	OFF(T, parent_koid, 48);              \
	OFF(T, num_children, 56);             \
	OFF(T, num_mappings, 64);             \
	OFF(T, share_count, 72);              \
	OFF(T, flags, 80);                    \
	OFF(T, committed_bytes, 88);          \
	OFF(T, handle_rights, 96);            \
	OFF(T, cache_policy, 100)
VMO_COMMON_OFFSETS(zx_info_vmo_v1_t);
VMO_COMMON_OFFSETS(zx_info_vmo_v2_t);
VMO_COMMON_OFFSETS(zx_info_vmo_v3_t);
VMO_COMMON_OFFSETS(zx_info_vmo_t);
OFF(zx_info_vmo_v2_t, metadata_bytes, 104);
OFF(zx_info_vmo_v2_t, committed_change_events, 112);
OFF(zx_info_vmo_v3_t, metadata_bytes, 104);
OFF(zx_info_vmo_v3_t, committed_change_events, 112);
OFF(zx_info_vmo_v3_t, populated_bytes, 120);
OFF(zx_info_vmo_t, metadata_bytes, 104);
OFF(zx_info_vmo_t, committed_change_events, 112);
OFF(zx_info_vmo_t, populated_bytes, 120);
OFF(zx_info_vmo_t, committed_private_bytes, 128);
OFF(zx_info_vmo_t, populated_private_bytes, 136);
OFF(zx_info_vmo_t, committed_scaled_bytes, 144);
OFF(zx_info_vmo_t, populated_scaled_bytes, 152);
OFF(zx_info_vmo_t, committed_fractional_scaled_bytes, 160);
OFF(zx_info_vmo_t, populated_fractional_scaled_bytes, 168);

_Static_assert(sizeof(zx_info_vmar_t) == 16, "zx_info_vmar_t");
OFF(zx_info_vmar_t, len, 8);
_Static_assert(sizeof(zx_vmo_lock_state_t) == 32, "zx_vmo_lock_state_t");
OFF(zx_vmo_lock_state_t, discarded_offset, 16);
_Static_assert(sizeof(zx_wait_item_t) == 12, "zx_wait_item_t");

/* uapi constants are Zircon's */
_Static_assert(ZXVMO_DEFAULT_VMO_RIGHTS == ZX_DEFAULT_VMO_RIGHTS, "default rights");
_Static_assert(ZXVMO_RIGHT_SAME_RIGHTS == ZX_RIGHT_SAME_RIGHTS, "same rights");
_Static_assert(ZXVMO_OPT_RESIZABLE == ZX_VMO_RESIZABLE, "resizable");
_Static_assert(ZXVMO_OPT_DISCARDABLE == ZX_VMO_DISCARDABLE, "discardable");
_Static_assert(ZXVMO_CHILD_SNAPSHOT == ZX_VMO_CHILD_SNAPSHOT, "child");
_Static_assert(ZXVMO_CHILD_RESIZABLE == ZX_VMO_CHILD_RESIZABLE, "child");
_Static_assert(ZXVMO_CHILD_SLICE == ZX_VMO_CHILD_SLICE, "child");
_Static_assert(ZXVMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE == ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE,
	       "child");
_Static_assert(ZXVMO_CHILD_NO_WRITE == ZX_VMO_CHILD_NO_WRITE, "child");
_Static_assert(ZXVMO_OP_ALWAYS_NEED == ZX_VMO_OP_ALWAYS_NEED, "op");
_Static_assert(ZXVMO_OP_ZERO == ZX_VMO_OP_ZERO, "op");
_Static_assert(ZXVMO_CACHE_POLICY_WRITE_COMBINING == ZX_CACHE_POLICY_WRITE_COMBINING, "cache");
_Static_assert(ZXVMO_INFO_CONTIGUOUS == ZX_INFO_VMO_CONTIGUOUS, "info flag");
_Static_assert(ZXVMO_INFO_DISCARDABLE == ZX_INFO_VMO_DISCARDABLE, "info flag");
_Static_assert(ZXVMO_OBJ_TYPE_BTI == ZX_OBJ_TYPE_BTI, "bti");
_Static_assert(ZXVMO_OBJ_TYPE_RESOURCE == ZX_OBJ_TYPE_RESOURCE, "resource");
_Static_assert(ZXVMO_RSRC_KIND_MMIO == ZX_RSRC_KIND_MMIO, "mmio");
_Static_assert(ZXVMO_RSRC_KIND_SYSTEM == ZX_RSRC_KIND_SYSTEM, "system");
_Static_assert(ZXVMO_RSRC_SYSTEM_VMEX_BASE == ZX_RSRC_SYSTEM_VMEX_BASE, "vmex");
_Static_assert(sizeof(zx_info_resource_t) == 56, "zx_info_resource_t");
OFF(zx_info_resource_t, kind, 0);
OFF(zx_info_resource_t, flags, 4);
OFF(zx_info_resource_t, base, 8);
OFF(zx_info_resource_t, size, 16);
OFF(zx_info_resource_t, name, 24);

/* ---- tiny harness --------------------------------------------------------- */

#include "check.h"

#define CHECK_ST(expr, want)                                                          \
	do {                                                                          \
		zx_status_t got_ = (expr);                                            \
		if (got_ == (want)) {                                                 \
			g_pass++;                                                     \
		} else {                                                              \
			g_fail++;                                                     \
			printf("FAIL %s:%d: %s = %s, want %s\n", __FILE__, __LINE__,  \
			       #expr, zx_status_get_string(got_),                     \
			       zx_status_get_string(want));                           \
		}                                                                     \
	} while (0)

static int fd_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

/* ---- the fake kernel ------------------------------------------------------ */

#define MAXFD 1024
#define MAXOBJ 64
#define FAKE_DATA 65536

struct fake_obj {
	int used;
	uint32_t type, flags, cache_policy;
	uint32_t rsrc_kind; /* resources */
	uint64_t rsrc_base;
	int bti, pinned;    /* PMTs: their BTI's object, still pinned */
	uint64_t pmo_count; /* BTIs */
	uint64_t koid, size, content_size, parent_koid;
	uint32_t signals;   /* user signals (ZXVMO_IOC_SIGNAL) */
	char name[ZXVMO_NAME_LEN];
	unsigned char data[FAKE_DATA];
};

struct fake_fd {
	int kind; /* 0 none, 1 control device, 2 handle */
	int obj;
	uint32_t rights;
};

static struct fake_obj g_obj[MAXOBJ];
static struct fake_fd g_fd[MAXFD];
static int g_mock_control;     /* open("/dev/zxvmo") is faked */
static int g_control_errno;    /* ... and fails with this errno */
static int g_force_errno;      /* next fake ioctl fails with this */
static int g_foreign_ioctls;   /* zxvmo ioctls seen on non-zxvmo fds */
static int g_control_ioctls;   /* ZXVMO_IOC_CREATE on a fake control device */
static uint64_t g_next_koid = 1024;
static int g_unprivileged;     /* resource/BTI getters fail with EACCES */
static int g_allow_invalid_vmex; /* the module parameter allow_invalid_vmex */
#define FAKE_MMIO_BASE 0x40000000ull
#define FAKE_MMIO_SIZE 0x100000ull

static int fake_new_fd(int kind, int obj, uint32_t rights)
{
	int fd = memfd_create("zxvmo-fake", MFD_CLOEXEC);

	if (fd == 0 && kind == 2) { /* as the module: a handle is never fd 0 */
		fd = (int)syscall(SYS_fcntl, 0, F_DUPFD_CLOEXEC, 1);
		close(0);
	}
	if (fd < 0 || fd >= MAXFD) {
		fprintf(stderr, "fake: memfd_create: %s\n", strerror(errno));
		exit(2);
	}
	if (obj >= 0 && ftruncate(fd, (off_t)g_obj[obj].size) < 0)
		exit(2);
	g_fd[fd].kind = kind;
	g_fd[fd].obj = obj;
	g_fd[fd].rights = rights;
	return fd;
}

static int fake_is(int fd, int kind)
{
	if (fd < 0 || fd >= MAXFD || g_fd[fd].kind != kind)
		return 0;
	if (!fd_open(fd)) { /* closed behind our back: forget it */
		g_fd[fd].kind = 0;
		return 0;
	}
	return 1;
}

static int fake_new_vmo(uint64_t size, uint32_t flags, uint32_t rights)
{
	int i;

	for (i = 0; i < MAXOBJ; i++) {
		if (!g_obj[i].used) {
			memset(&g_obj[i], 0, sizeof(g_obj[i]));
			g_obj[i].used = 1;
			g_obj[i].type = ZXVMO_OBJ_TYPE_VMO;
			g_obj[i].koid = g_next_koid++;
			g_obj[i].size = (size + 4095) & ~(uint64_t)4095;
			g_obj[i].content_size = size;
			g_obj[i].flags = flags | ZXVMO_INFO_TYPE_PAGED;
			return fake_new_fd(2, i, rights);
		}
	}
	exit(2);
}

static int fail(int err)
{
	errno = err;
	return -1;
}

/* A resource or BTI: size is the resource's range. */
static int fake_new_obj(uint32_t type, uint32_t kind, uint64_t base, uint64_t size,
			uint32_t rights)
{
	int i;

	for (i = 0; i < MAXOBJ; i++) {
		if (!g_obj[i].used) {
			memset(&g_obj[i], 0, sizeof(g_obj[i]));
			g_obj[i].used = 1;
			g_obj[i].type = type;
			g_obj[i].koid = g_next_koid++;
			g_obj[i].rsrc_kind = kind;
			g_obj[i].rsrc_base = base;
			g_obj[i].size = size;
			return fake_new_fd(2, i, rights);
		}
	}
	exit(2);
}

/*
 * As the module for ioctls with an @out field: store the new handle there
 * before it is installed; a store that faults leaves no descriptor and is
 * EINVAL.  0 stores nothing.
 */
static int fake_publish(int nfd, uint64_t out)
{
	uint32_t v = (uint32_t)nfd;

	if (out && zxl_copy_out((void *)(uintptr_t)out, &v, sizeof(v)) != ZX_OK) {
		g_fd[nfd].kind = 0;
		close(nfd);
		errno = EINVAL;
		return -1;
	}
	return nfd;
}

/* The control device's resource and BTI getters. */
static int fake_ctl_object(unsigned long req, void *arg)
{
	struct zxvmo_phys_args *a = arg;

	if (g_unprivileged)
		return fail(EACCES);
	switch (req) {
	case ZXVMO_IOC_GET_VMEX_RESOURCE:
		return fake_new_obj(ZXVMO_OBJ_TYPE_RESOURCE, ZXVMO_RSRC_KIND_SYSTEM,
				    ZXVMO_RSRC_SYSTEM_VMEX_BASE, 1, ZXVMO_DEFAULT_RESOURCE_RIGHTS);
	case ZXVMO_IOC_GET_BTI:
		return fake_new_obj(ZXVMO_OBJ_TYPE_BTI, 0, 0, 0, ZXVMO_DEFAULT_BTI_RIGHTS);
	default:
		if (!a->size || (a->paddr | a->size) & 4095)
			return fail(EINVAL);
		if (a->paddr + a->size < a->paddr)
			return fail(ERANGE);
		if (a->paddr < FAKE_MMIO_BASE || a->paddr + a->size > FAKE_MMIO_BASE + FAKE_MMIO_SIZE)
			return fail(EACCES); /* System RAM, say */
		return fake_new_obj(ZXVMO_OBJ_TYPE_RESOURCE, ZXVMO_RSRC_KIND_MMIO, a->paddr,
				    a->size, ZXVMO_DEFAULT_RESOURCE_RIGHTS);
	}
}

/* ZXVMO_IOC_REPLACE_AS_EXECUTABLE's look at the vmex descriptor number. */
static int fake_check_vmex(int32_t v)
{
	struct fake_obj *r;

	if (v == -1)
		return g_allow_invalid_vmex ? 0 : EACCES; /* the policy */
	if (v < 0 || !fd_open(v))
		return EBADF;
	if (!fake_is(v, 2) || g_obj[g_fd[v].obj].type != ZXVMO_OBJ_TYPE_RESOURCE)
		return ENOTTY;
	r = &g_obj[g_fd[v].obj];
	if (r->rsrc_kind != ZXVMO_RSRC_KIND_SYSTEM || r->rsrc_base != ZXVMO_RSRC_SYSTEM_VMEX_BASE)
		return EBADF;
	return 0;
}

static int g_unpins; /* ZXVMO_IOC_PMT_UNPIN calls that unpinned */

/* ZXVMO_IOC_BTI_PIN, in the module's order (BTI's MAP right checked). */
static int fake_bti_pin(struct fake_fd *h, struct zxvmo_pin_args *a)
{
	struct fake_fd *v;
	uint64_t n, i, *out = (uint64_t *)(uintptr_t)a->addrs;
	uint32_t o = a->options, contiguous;
	int nfd;

	if ((a->offset | a->size) & 4095)
		return fail(EINVAL);
	if (a->vmo_fd < 0 || a->vmo_fd >= MAXFD || !fd_open(a->vmo_fd))
		return fail(EBADF);
	if (!fake_is(a->vmo_fd, 2) || g_obj[g_fd[a->vmo_fd].obj].type != ZXVMO_OBJ_TYPE_VMO)
		return fail(ENOTTY);
	v = &g_fd[a->vmo_fd];
	if (!(v->rights & ZXVMO_RIGHT_MAP))
		return fail(EACCES);
	if (((o & ZXVMO_BTI_PERM_READ) && !(v->rights & ZXVMO_RIGHT_READ)) ||
	    ((o & ZXVMO_BTI_PERM_WRITE) && !(v->rights & ZXVMO_RIGHT_WRITE)) ||
	    ((o & ZXVMO_BTI_PERM_EXECUTE) && !(v->rights & ZXVMO_RIGHT_READ)))
		return fail(EACCES);
	o &= ~(ZXVMO_BTI_PERM_READ | ZXVMO_BTI_PERM_WRITE | ZXVMO_BTI_PERM_EXECUTE);
	contiguous = g_obj[v->obj].flags & ZXVMO_INFO_CONTIGUOUS;
	if ((o & ZXVMO_BTI_COMPRESS) && (o & ZXVMO_BTI_CONTIGUOUS))
		return fail(EINVAL);
	o &= ~ZXVMO_BTI_COMPRESS;
	if (contiguous)
		o &= ~ZXVMO_BTI_CONTIGUOUS;
	if (o || !a->size)
		return fail(EINVAL);
	if (a->offset + a->size < a->offset || a->offset + a->size > g_obj[v->obj].size)
		return fail(ERANGE);
	n = a->options & ZXVMO_BTI_CONTIGUOUS ? 1 : a->size / 4096;
	if (a->num_addrs != n)
		return fail(EINVAL);
	if (!out)
		return fail(EINVAL); /* the copy-out fails */
	for (i = 0; i < n; i++)
		out[i] = 0x10000000ull + g_obj[v->obj].koid * 0x100000ull + a->offset + i * 4096;
	nfd = fake_new_obj(ZXVMO_OBJ_TYPE_PMT, 0, 0, a->size, ZXVMO_DEFAULT_PMT_RIGHTS);
	g_obj[g_fd[nfd].obj].bti = h->obj;
	g_obj[g_fd[nfd].obj].pinned = 1;
	g_obj[h->obj].pmo_count++;
	return nfd;
}

/* Ioctls on a resource or BTI descriptor (the kernel's zxvmo_obj_ioctl). */
static int fake_obj_ioctl(struct fake_fd *h, struct fake_obj *o, unsigned long req, void *arg)
{
	uint32_t need = 0;

	switch (req) {
	case ZXVMO_IOC_BTI_PIN:
		need = ZXVMO_RIGHT_MAP;
		break;
	case ZXVMO_IOC_BTI_RELEASE_QUARANTINE:
		need = ZXVMO_RIGHT_WRITE;
		break;
	case ZXVMO_IOC_GET_BTI_INFO:
		need = ZXVMO_RIGHT_INSPECT;
		break;
	case ZXVMO_IOC_GET_NAME:
		need = ZXVMO_RIGHT_GET_PROPERTY;
		break;
	case ZXVMO_IOC_SET_NAME:
		need = ZXVMO_RIGHT_SET_PROPERTY;
		break;
	case ZXVMO_IOC_PMT_UNPIN:
		if (o->type != ZXVMO_OBJ_TYPE_PMT)
			return fail(ENOTTY);
		if (!o->pinned)
			return fail(EBADF);
		o->pinned = 0;
		g_obj[o->bti].pmo_count--;
		g_unpins++;
		return 0;
	default:
		break;
	}
	if (need) {
		if ((h->rights & need) != need)
			return fail(EACCES);
		if (o->type != ZXVMO_OBJ_TYPE_BTI)
			return fail(ENOTTY);
	}
	switch (req) {
	case ZXVMO_IOC_BTI_PIN:
		return fake_bti_pin(h, arg);
	case ZXVMO_IOC_BTI_RELEASE_QUARANTINE:
		return 0;
	case ZXVMO_IOC_GET_BTI_INFO: {
		struct zxvmo_bti_info *b = arg;

		b->minimum_contiguity = 4096;
		b->aspace_size = UINT64_MAX;
		b->pmo_count = o->pmo_count;
		b->quarantine_count = 0;
		return 0;
	}
	case ZXVMO_IOC_GET_NAME:
		memcpy(arg, o->name, ZXVMO_NAME_LEN);
		return 0;
	case ZXVMO_IOC_SET_NAME:
		memcpy(o->name, arg, ZXVMO_NAME_LEN);
		o->name[ZXVMO_NAME_LEN - 1] = '\0';
		return 0;
	default:
		break;
	}
	switch (req) {
	case ZXVMO_IOC_CREATE_CONTIGUOUS: {
		struct zxvmo_contiguous_args *a = arg;
		uint32_t align = a->alignment_log2 ? a->alignment_log2 : 12;
		int nfd;

		if (o->type != ZXVMO_OBJ_TYPE_BTI)
			return fail(ENOTTY);
		if (!(h->rights & ZXVMO_RIGHT_MAP))
			return fail(EACCES);
		if (a->reserved || !a->size || align < 12 || align >= 64)
			return fail(EINVAL);
		if (a->size > FAKE_DATA || align > 16)
			return fail(ENOMEM);
		nfd = fake_new_vmo(a->size, ZXVMO_INFO_CONTIGUOUS, ZXVMO_DEFAULT_VMO_RIGHTS);
		return nfd;
	}
	case ZXVMO_IOC_CREATE_PHYSICAL: {
		struct zxvmo_phys_args *a = arg;
		int nfd;

		if (o->type != ZXVMO_OBJ_TYPE_RESOURCE || o->rsrc_kind != ZXVMO_RSRC_KIND_MMIO)
			return fail(ENOTTY);
		if (a->paddr + a->size < a->paddr || a->paddr < o->rsrc_base ||
		    a->paddr + a->size > o->rsrc_base + o->size)
			return fail(EACCES);
		if (!a->size || (a->paddr | a->size) & 4095)
			return fail(EINVAL);
		nfd = fake_new_vmo(a->size, 0, ZXVMO_DEFAULT_VMO_RIGHTS | ZXVMO_RIGHT_EXECUTE);
		g_obj[g_fd[nfd].obj].flags = 0; /* not ZXVMO_INFO_TYPE_PAGED */
		g_obj[g_fd[nfd].obj].cache_policy = ZXVMO_CACHE_POLICY_UNCACHED;
		return nfd;
	}
	default:
		return fail(ENOTTY);
	}
}

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;

		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	if (g_mock_control && strcmp(path, ZXL_CONTROL_DEVICE) == 0) {
		if (g_control_errno) {
			errno = g_control_errno;
			return -1;
		}
		return fake_new_fd(1, -1, 0);
	}
	return (int)syscall(SYS_openat, AT_FDCWD, path, flags, mode);
}

/* A closed number is no fake descriptor any more (dup2/close_range are not seen). */
int close(int fd)
{
	if (fd >= 0 && fd < MAXFD)
		g_fd[fd].kind = 0;
	return (int)syscall(SYS_close, fd);
}

/*
 * The fake control descriptors still open (libzx keeps one), the last one
 * in *@fd.
 */
static int fake_controls(int *fd)
{
	int n = 0, i;

	for (i = 0; i < MAXFD; i++) {
		if (fake_is(i, 1)) {
			*fd = i;
			n++;
		}
	}
	return n;
}

/* As closefrom() in the program: libzx's control descriptor goes away. */
static void fake_close_controls(void)
{
	int fd;

	while (fake_controls(&fd))
		close(fd);
}

static int g_fstatfs_errno; /* next fstatfs() fails with this */

int fstatfs(int fd, struct statfs *buf)
{
	if (g_fstatfs_errno) {
		int e = g_fstatfs_errno;

		g_fstatfs_errno = 0;
		return fail(e);
	}
	if (fake_is(fd, 2)) {
		memset(buf, 0, sizeof(*buf));
		buf->f_type = ZXVMO_FS_MAGIC;
		return 0;
	}
	return (int)syscall(SYS_fstatfs, fd, buf);
}

/*
 * Injected failures of the memory and descriptor calls libzx makes
 * (0: the real system call).  Each stays armed until reset.
 */
static int g_mmap_errno, g_munmap_errno, g_mprotect_errno, g_dupfd_errno;

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if (g_mmap_errno) {
		errno = g_mmap_errno;
		return MAP_FAILED;
	}
	return (void *)syscall(SYS_mmap, addr, len, prot, flags, fd, off);
}

int munmap(void *addr, size_t len)
{
	if (g_munmap_errno)
		return fail(g_munmap_errno);
	return (int)syscall(SYS_munmap, addr, len);
}

int mprotect(void *addr, size_t len, int prot)
{
	if (g_mprotect_errno)
		return fail(g_mprotect_errno);
	return (int)syscall(SYS_mprotect, addr, len, prot);
}

int fcntl(int fd, int cmd, ...)
{
	unsigned long arg;
	va_list ap;

	va_start(ap, cmd);
	arg = va_arg(ap, unsigned long);
	va_end(ap);
	if (g_dupfd_errno && (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC))
		return fail(g_dupfd_errno);
	return (int)syscall(SYS_fcntl, fd, cmd, arg);
}

static int fake_ioctl(int fd, unsigned long req, void *arg)
{
	struct fake_fd *h = &g_fd[fd];
	struct fake_obj *o = h->obj >= 0 ? &g_obj[h->obj] : NULL;

	if (g_force_errno) {
		int e = g_force_errno;

		g_force_errno = 0;
		return fail(e);
	}
	if (h->kind == 1) {
		struct zxvmo_create_args *a = arg;

		if (req == ZXVMO_IOC_GET_VMEX_RESOURCE || req == ZXVMO_IOC_GET_BTI ||
		    req == ZXVMO_IOC_GET_MMIO_RESOURCE)
			return fake_ctl_object(req, arg);
		if (req != ZXVMO_IOC_CREATE)
			return fail(ENOTTY);
		if (a->options & ~(ZXVMO_OPT_RESIZABLE | ZXVMO_OPT_DISCARDABLE) || a->reserved)
			return fail(EINVAL);
		if (a->size > FAKE_DATA)
			return fail(ERANGE);
		g_control_ioctls++;
		return fake_publish(
			fake_new_vmo(a->size,
				     ((a->options & ZXVMO_OPT_RESIZABLE) ? ZXVMO_INFO_RESIZABLE : 0) |
				     ((a->options & ZXVMO_OPT_DISCARDABLE) ? ZXVMO_INFO_DISCARDABLE : 0),
				     ZXVMO_DEFAULT_VMO_RIGHTS),
			a->out);
	}
	switch (req) {
	case ZXVMO_IOC_GET_RESOURCE_INFO:
		/*
		 * As the module: ZX_RIGHT_INSPECT first, then the type; then
		 * the same record as GET_INFO.
		 */
		if (!(h->rights & ZXVMO_RIGHT_INSPECT))
			return fail(ZXVMO_E_ACCESS_DENIED);
		if (o->type != ZXVMO_OBJ_TYPE_RESOURCE)
			return fail(ZXVMO_E_WRONG_TYPE);
		/* fall through */
	case ZXVMO_IOC_GET_INFO: {
		struct zxvmo_info *i = arg;

		memset(i, 0, sizeof(*i));
		i->koid = o->koid;
		i->parent_koid = o->parent_koid;
		i->size_bytes = o->size;
		i->committed_bytes = 8192;
		i->committed_private_bytes = 4096;
		i->populated_bytes = 8192;
		i->populated_private_bytes = 8192;
		i->committed_scaled_bytes = 4096 + 2048;
		i->populated_scaled_bytes = 8192;
		i->share_count = 1;
		i->flags = o->flags;
		i->rights = h->rights;
		i->cache_policy = o->cache_policy;
		i->type = o->type;
		memcpy(i->name, o->name, sizeof(i->name));
		if (o->type != ZXVMO_OBJ_TYPE_VMO) {
			struct zxvmo_info obj = { .koid = o->koid, .type = o->type,
						  .rights = h->rights, .size_bytes = o->size,
						  .rsrc_kind = o->rsrc_kind,
						  .rsrc_base = o->rsrc_base };
			*i = obj;
		}
		return 0;
	}
	case ZXVMO_IOC_DUPLICATE: {
		struct zxvmo_dup_args *a = arg;
		uint32_t rights = a->rights;

		if (a->flags & ~ZXVMO_DUP_REPLACE)
			return fail(EINVAL);
		if (!(a->flags & ZXVMO_DUP_REPLACE) && !(h->rights & ZXVMO_RIGHT_DUPLICATE))
			return fail(EACCES);
		if (rights == ZXVMO_RIGHT_SAME_RIGHTS)
			rights = h->rights;
		else if ((rights & h->rights) != rights)
			return fail(EINVAL);
		return fake_publish(fake_new_fd(2, h->obj, rights), a->out);
	}
	case ZXVMO_IOC_SIGNAL: {
		struct zxvmo_signal_args *a = arg;

		if (a->reserved)
			return fail(EINVAL);
		if (!(h->rights & ZXVMO_RIGHT_SIGNAL))
			return fail(EACCES);
		if ((a->clear_mask | a->set_mask) & ~ZXVMO_USER_SIGNAL_ALL)
			return fail(EINVAL);
		o->signals = (o->signals & ~a->clear_mask) | a->set_mask;
		return 0;
	}
	default:
		break;
	}
	if (o->type != ZXVMO_OBJ_TYPE_VMO)
		return fake_obj_ioctl(h, o, req, arg);
	switch (req) {
	case ZXVMO_IOC_REPLACE_AS_EXECUTABLE: {
		int err = fake_check_vmex(*(int32_t *)arg);

		if (err)
			return fail(err);
		return fake_new_fd(2, h->obj, h->rights | ZXVMO_RIGHT_EXECUTE);
	}
	case ZXVMO_IOC_READ:
	case ZXVMO_IOC_WRITE: {
		struct zxvmo_rw_args *a = arg;
		int wr = req == ZXVMO_IOC_WRITE;

		if (!(o->flags & ZXVMO_INFO_TYPE_PAGED))
			return fail(EOPNOTSUPP); /* physical */
		if (!(h->rights & (wr ? ZXVMO_RIGHT_WRITE : ZXVMO_RIGHT_READ)))
			return fail(EACCES);
		if (a->offset > o->size || a->length > o->size - a->offset)
			return fail(ERANGE);
		if (a->length && (a->buffer < 4096 || a->buffer >= (1ull << 47)))
			return fail(EFAULT);
		if (wr)
			memcpy(o->data + a->offset, (void *)(uintptr_t)a->buffer, a->length);
		else
			memcpy((void *)(uintptr_t)a->buffer, o->data + a->offset, a->length);
		return 0;
	}
	case ZXVMO_IOC_GET_SIZE:
		*(uint64_t *)arg = o->size;
		return 0;
	case ZXVMO_IOC_SET_SIZE:
		if (!(h->rights & ZXVMO_RIGHT_WRITE))
			return fail(EACCES);
		if (!(o->flags & ZXVMO_INFO_RESIZABLE))
			return fail(ENXIO);
		o->size = (*(uint64_t *)arg + 4095) & ~(uint64_t)4095;
		return 0;
	case ZXVMO_IOC_GET_NAME:
		if (!(h->rights & ZXVMO_RIGHT_GET_PROPERTY))
			return fail(EACCES);
		memcpy(arg, o->name, ZXVMO_NAME_LEN);
		return 0;
	case ZXVMO_IOC_SET_NAME:
		if (!(h->rights & ZXVMO_RIGHT_SET_PROPERTY))
			return fail(EACCES);
		memcpy(o->name, arg, ZXVMO_NAME_LEN);
		o->name[ZXVMO_NAME_LEN - 1] = 0;
		return 0;
	case ZXVMO_IOC_GET_CONTENT_SIZE:
		if (!(h->rights & ZXVMO_RIGHT_GET_PROPERTY))
			return fail(EACCES);
		*(uint64_t *)arg = o->content_size;
		return 0;
	case ZXVMO_IOC_SET_CONTENT_SIZE:
		if ((h->rights & (ZXVMO_RIGHT_SET_PROPERTY | ZXVMO_RIGHT_WRITE)) !=
		    (ZXVMO_RIGHT_SET_PROPERTY | ZXVMO_RIGHT_WRITE))
			return fail(EACCES);
		o->content_size = *(uint64_t *)arg;
		return 0;
	case ZXVMO_IOC_OP_RANGE: {
		struct zxvmo_op_range_args *a = arg;

		if (a->op == ZXVMO_OP_LOCK && !a->buffer)
			return fail(EFAULT);
		return 0;
	}
	case ZXVMO_IOC_CREATE_CHILD: {
		struct zxvmo_child_args *a = arg;
		int nfd, obj;

		if ((h->rights & (ZXVMO_RIGHT_DUPLICATE | ZXVMO_RIGHT_READ)) !=
		    (ZXVMO_RIGHT_DUPLICATE | ZXVMO_RIGHT_READ))
			return fail(EACCES);
		nfd = fake_new_vmo(a->size, 0, h->rights | ZXVMO_RIGHT_WRITE);
		obj = g_fd[nfd].obj;
		g_obj[obj].parent_koid = o->koid;
		return fake_publish(nfd, a->out);
	}
	case ZXVMO_IOC_SET_CACHE_POLICY:
		o->cache_policy = *(uint32_t *)arg;
		return 0;
	default:
		return fail(ENOTTY);
	}
}

int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fake_is(fd, 1) || fake_is(fd, 2))
		return fake_ioctl(fd, req, arg);
	if (_IOC_TYPE(req) == ZXVMO_IOC_MAGIC)
		g_foreign_ioctls++;
	return (int)syscall(SYS_ioctl, fd, req, arg);
}

/*
 * poll() and ppoll() on fake handles, as the module reports signals: the
 * user signals as POLLIN, POLLOUT, POLLRDNORM, ... (in the uapi's order);
 * ZERO_CHILDREN (POLLPRI) never, as the fake has no children count.
 * Nothing changes a fake's signals during a poll: with nothing ready it
 * sleeps out the timeout.  Other descriptors go to the kernel.
 */
static short fake_poll_events(const struct fake_obj *o)
{
	static const short ev[8] = { POLLIN,     POLLOUT,    POLLRDNORM, POLLRDBAND,
				     POLLWRNORM, POLLWRBAND, POLLMSG,    POLLRDHUP };
	short events = 0;
	int n;

	for (n = 0; n < 8 && o->type == ZXVMO_OBJ_TYPE_VMO; n++)
		if (o->signals & (ZXVMO_USER_SIGNAL_0 << n))
			events |= ev[n];
	return events;
}

int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *ts, const sigset_t *mask)
{
	int ready = 0, fake = 0;
	nfds_t i;

	for (i = 0; i < n; i++)
		fake |= fake_is(fds[i].fd, 2);
	if (!fake)
		return (int)syscall(SYS_ppoll, fds, n, ts, mask, 8) /* the kernel sigset */;
	for (i = 0; i < n; i++) {
		fds[i].revents = 0;
		if (fake_is(fds[i].fd, 2))
			fds[i].revents = fake_poll_events(&g_obj[g_fd[fds[i].fd].obj]) &
					 fds[i].events;
		ready += fds[i].revents != 0;
	}
	if (!ready && ts)
		nanosleep(ts, NULL);
	return ready;
}

int poll(struct pollfd *fds, nfds_t n, int timeout_ms)
{
	struct timespec ts = { timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000 };

	return ppoll(fds, n, timeout_ms < 0 ? NULL : &ts, NULL);
}

/* ---- tests ---------------------------------------------------------------- */

static void test_constants(void)
{
	CHECK(ZX_INFO_HANDLE_BASIC == 2u);
	CHECK(ZX_INFO_VMAR == 7u);
	CHECK(ZX_INFO_VMO_V1 == 23u);
	CHECK(ZX_INFO_VMO_V2 == (23u | (1u << 28)));
	CHECK(ZX_INFO_VMO_V3 == (23u | (2u << 28)));
	CHECK(ZX_INFO_VMO == (23u | (3u << 28)));
	CHECK(ZX_PROP_NAME == 3u && ZX_PROP_VMO_CONTENT_SIZE == 17u);
	CHECK(ZX_MAX_NAME_LEN == 32u);
	CHECK(ZX_VMO_ZERO_CHILDREN == (1u << 3) && ZX_VMO_ZERO_CHILDREN == __ZX_OBJECT_SIGNAL_3);
	CHECK(ZX_USER_SIGNAL_0 == (1u << 24) && ZX_USER_SIGNAL_7 == (1u << 31));
	CHECK(ZX_DEFAULT_VMO_RIGHTS == 0xd0efu);
	CHECK(ZX_HANDLE_INVALID == 0u);
	CHECK(ZX_TIME_INFINITE == INT64_MAX);
	CHECK(ZX_OBJ_TYPE_VMO == 3u && ZX_OBJ_TYPE_VMAR == 18u && ZX_OBJ_TYPE_BTI == 24u);
	CHECK(ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED == (1u << 14) && ZX_VM_SPECIFIC == (1u << 4));
	CHECK(ZX_VM_ALIGN_4GB == (32u << 24));
	CHECK(ZX_ERR_IO_DATA_INTEGRITY == -42 && ZX_ERR_IO_DATA_LOSS == -43);
}

static void test_status_strings(void)
{
#define NAME(s) CHECK(strcmp(zx_status_get_string(s), #s) == 0)
	NAME(ZX_OK);
	NAME(ZX_ERR_INTERNAL);
	NAME(ZX_ERR_NOT_SUPPORTED);
	NAME(ZX_ERR_NO_RESOURCES);
	NAME(ZX_ERR_NO_MEMORY);
	NAME(ZX_ERR_INTERNAL_INTR_RETRY);
	NAME(ZX_ERR_INVALID_ARGS);
	NAME(ZX_ERR_BAD_HANDLE);
	NAME(ZX_ERR_WRONG_TYPE);
	NAME(ZX_ERR_BAD_SYSCALL);
	NAME(ZX_ERR_OUT_OF_RANGE);
	NAME(ZX_ERR_BUFFER_TOO_SMALL);
	NAME(ZX_ERR_BAD_STATE);
	NAME(ZX_ERR_TIMED_OUT);
	NAME(ZX_ERR_SHOULD_WAIT);
	NAME(ZX_ERR_CANCELED);
	NAME(ZX_ERR_PEER_CLOSED);
	NAME(ZX_ERR_NOT_FOUND);
	NAME(ZX_ERR_ALREADY_EXISTS);
	NAME(ZX_ERR_ALREADY_BOUND);
	NAME(ZX_ERR_UNAVAILABLE);
	NAME(ZX_ERR_ACCESS_DENIED);
	NAME(ZX_ERR_IO);
	NAME(ZX_ERR_IO_REFUSED);
	NAME(ZX_ERR_IO_DATA_INTEGRITY);
	NAME(ZX_ERR_IO_DATA_LOSS);
	NAME(ZX_ERR_IO_NOT_PRESENT);
	NAME(ZX_ERR_IO_OVERRUN);
	NAME(ZX_ERR_IO_MISSED_DEADLINE);
	NAME(ZX_ERR_IO_INVALID);
	NAME(ZX_ERR_BAD_PATH);
	NAME(ZX_ERR_NOT_DIR);
	NAME(ZX_ERR_NOT_FILE);
	NAME(ZX_ERR_FILE_BIG);
	NAME(ZX_ERR_NO_SPACE);
	NAME(ZX_ERR_NOT_EMPTY);
	NAME(ZX_ERR_STOP);
	NAME(ZX_ERR_NEXT);
	NAME(ZX_ERR_ASYNC);
	NAME(ZX_ERR_PROTOCOL_NOT_SUPPORTED);
	NAME(ZX_ERR_ADDRESS_UNREACHABLE);
	NAME(ZX_ERR_ADDRESS_IN_USE);
	NAME(ZX_ERR_NOT_CONNECTED);
	NAME(ZX_ERR_CONNECTION_REFUSED);
	NAME(ZX_ERR_CONNECTION_RESET);
	NAME(ZX_ERR_CONNECTION_ABORTED);
	NAME(ZX_ERR_INTERNAL_INTR_KILLED);
#undef NAME
	CHECK(strcmp(zx_status_get_string(12345), "(UNKNOWN)") == 0);
	CHECK(strcmp(zx_status_get_string(-5), "(UNKNOWN)") == 0);
}

static const struct zxvmo_status_errno uapi_map[] = ZXVMO_STATUS_ERRNOS;
#define UAPI_MAP_LEN (sizeof(uapi_map) / sizeof(uapi_map[0]))

static void test_errno_map(void)
{
	/* The statuses a VMO call can return, in the table's order. */
	static const zx_status_t want[] = {
		ZX_ERR_INTERNAL, ZX_ERR_NOT_SUPPORTED, ZX_ERR_NO_RESOURCES,
		ZX_ERR_NO_MEMORY, ZX_ERR_INVALID_ARGS, ZX_ERR_BAD_HANDLE,
		ZX_ERR_WRONG_TYPE, ZX_ERR_OUT_OF_RANGE, ZX_ERR_BUFFER_TOO_SMALL,
		ZX_ERR_BAD_STATE, ZX_ERR_TIMED_OUT, ZX_ERR_SHOULD_WAIT,
		ZX_ERR_NOT_FOUND, ZX_ERR_ALREADY_EXISTS, ZX_ERR_UNAVAILABLE,
		ZX_ERR_ACCESS_DENIED, ZX_ERR_IO, ZX_ERR_IO_DATA_INTEGRITY,
	};
	size_t i, j;

	CHECK(UAPI_MAP_LEN == sizeof(want) / sizeof(want[0]));
	for (i = 0; i < UAPI_MAP_LEN && i < sizeof(want) / sizeof(want[0]); i++) {
		if (uapi_map[i].status != want[i])
			printf("uapi: entry %zu says %d, Zircon's %s is %d\n", i,
			       uapi_map[i].status, zx_status_get_string(want[i]), want[i]);
		CHECK(uapi_map[i].status == want[i]);
		/* both ways */
		CHECK_ST(zxl_status_from_errno(uapi_map[i].errnum), uapi_map[i].status);
		CHECK(zxl_errno_from_status(uapi_map[i].status) == uapi_map[i].errnum);
		for (j = i + 1; j < UAPI_MAP_LEN; j++)
			CHECK(uapi_map[i].status != uapi_map[j].status &&
			      uapi_map[i].errnum != uapi_map[j].errnum);
	}
	CHECK_ST(zxl_status_from_errno(E2BIG), ZX_ERR_INTERNAL);
	CHECK_ST(zxl_status_from_errno(0), ZX_ERR_INTERNAL);
	/* outside the table: no descriptor left for a new handle */
	CHECK_ST(zxl_status_from_errno(EMFILE), ZX_ERR_NO_RESOURCES);
	CHECK_ST(zxl_status_from_errno(ENFILE), ZX_ERR_NO_RESOURCES);
	CHECK(zxl_errno_from_status(ZX_ERR_NEXT) == 0);
}

static void test_bad_and_foreign_handles(void)
{
	zx_handle_t closed, pipe_r, pipe_w, out = 0;
	int p[2], fd, big = 0;
	uint64_t size;
	char buf[8];
	size_t actual = 7, avail = 7;
	zx_info_handle_basic_t basic;
	zx_signals_t obs;
	zx_vaddr_t addr;

	/* a descriptor number that is surely not open (and stays closed) */
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	CHECK(dup3(fd, 900, O_CLOEXEC) == 900);
	close(fd);
	close(900);
	closed = 900;
	CHECK(!fd_open(900));
	CHECK(pipe2(p, O_CLOEXEC) == 0);
	pipe_r = (zx_handle_t)p[0];
	pipe_w = (zx_handle_t)p[1];

	/* closed descriptor, ZX_HANDLE_INVALID, impossible values */
	CHECK_ST(zx_vmo_get_size(closed, &size), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_read(closed, buf, 0, 1), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_write(ZX_HANDLE_INVALID, buf, 0, 1), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_set_size((zx_handle_t)INT_MAX + 1u, 0), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_get_stream_size(closed, &size), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_set_stream_size(ZX_HANDLE_INVALID, 0), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_create_child(closed, ZX_VMO_CHILD_SNAPSHOT, 0, 4096, &out),
		 ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_handle_duplicate(closed, ZX_RIGHT_SAME_RIGHTS, &out), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_handle_replace(closed, ZX_RIGHT_SAME_RIGHTS, &out), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_object_get_info(closed, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL),
		 ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_object_get_info(closed, ZX_INFO_HANDLE_BASIC, &basic, sizeof(basic), NULL,
				    NULL),
		 ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_object_get_property(closed, ZX_PROP_NAME, buf, sizeof(buf)), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_object_wait_one(closed, ZX_VMO_ZERO_CHILDREN, 0, &obs), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, closed, 0, 4096, &addr),
		 ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmar_unmap(closed, 0x10000, 4096), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_replace_as_executable(closed, ZX_HANDLE_INVALID, &out),
		 ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_create_contiguous(closed, 4096, 0, &out), ZX_ERR_BAD_HANDLE);

	/* a pipe: WRONG_TYPE everywhere, and no zxvmo ioctl reaches it */
	g_foreign_ioctls = 0;
	CHECK_ST(zx_vmo_get_size(pipe_r, &size), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_read(pipe_r, buf, 0, 1), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_write(pipe_w, buf, 0, 1), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_set_size(pipe_r, 4096), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_get_stream_size(pipe_r, &size), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_set_stream_size(pipe_r, 4096), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_op_range(pipe_r, ZX_VMO_OP_COMMIT, 0, 4096, NULL, 0), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_child(pipe_r, ZX_VMO_CHILD_SNAPSHOT, 0, 4096, &out),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_set_cache_policy(pipe_r, 0), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_handle_duplicate(pipe_r, ZX_RIGHT_SAME_RIGHTS, &out), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_object_get_info(pipe_r, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL), ZX_OK);
	CHECK_ST(zx_object_get_info(pipe_r, ZX_INFO_HANDLE_BASIC, &basic, sizeof(basic), NULL,
				    NULL),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_object_get_info(pipe_r, ZX_INFO_VMO, &basic, sizeof(basic), NULL, NULL),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_object_get_property(pipe_r, ZX_PROP_NAME, buf, sizeof(buf)),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_object_set_property(pipe_r, ZX_PROP_NAME, "x", 1), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_object_wait_one(pipe_r, ZX_VMO_ZERO_CHILDREN, 0, &obs), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_object_signal(pipe_r, 0, ZX_USER_SIGNAL_0), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, pipe_r, 0, 4096, &addr),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmar_map(pipe_r, ZX_VM_PERM_READ, 0, pipe_r, 0, 4096, &addr),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmar_protect(pipe_r, ZX_VM_PERM_READ, 0x10000, 4096), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_physical(pipe_r, 0, 4096, &out), ZX_ERR_WRONG_TYPE);
	CHECK(g_foreign_ioctls == 0);
	CHECK(fd_open(p[0]) && fd_open(p[1]));

	/* NULL value is checked before the handle (Zircon's order) */
	CHECK_ST(zx_object_get_property(closed, ZX_PROP_NAME, NULL, 32), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_object_set_property(closed, ZX_PROP_NAME, NULL, 0), ZX_ERR_INVALID_ARGS);
	/* unknown topic is checked before the handle */
	CHECK_ST(zx_object_get_info(closed, ZX_INFO_JOB, buf, sizeof(buf), &actual, &avail),
		 ZX_ERR_NOT_SUPPORTED);

	/* closing */
	CHECK_ST(zx_handle_close(ZX_HANDLE_INVALID), ZX_OK);
	CHECK_ST(zx_handle_close(closed), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_handle_close((zx_handle_t)INT_MAX + 7u), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_handle_close(zx_vmar_root_self()), ZX_OK);
	{
		zx_handle_t many[4] = { ZX_HANDLE_INVALID, pipe_w, closed, ZX_HANDLE_INVALID };

		CHECK_ST(zx_handle_close_many(many, 4), ZX_ERR_BAD_HANDLE);
		CHECK(!fd_open(p[1])); /* closed although another entry was bad */
		CHECK_ST(zx_handle_close_many(NULL, 0), ZX_OK);
		CHECK_ST(zx_handle_close_many(NULL, 1), ZX_ERR_INVALID_ARGS);
	}
	/* replace always invalidates the handle, even a foreign one */
	CHECK_ST(zx_handle_replace(pipe_r, ZX_RIGHT_SAME_RIGHTS, &out), ZX_ERR_WRONG_TYPE);
	CHECK(!fd_open(p[0]));
	(void)big;
}

static void test_system_and_time(void)
{
	zx_time_t t0, t1;

	CHECK(zx_system_get_page_size() == (uint32_t)sysconf(_SC_PAGESIZE));
	CHECK(zx_system_get_page_size() >= ZX_MIN_PAGE_SIZE);
	t0 = zx_clock_get_monotonic();
	CHECK_ST(zx_nanosleep(zx_deadline_after(ZX_MSEC(2))), ZX_OK);
	t1 = zx_clock_get_monotonic();
	CHECK(t0 > 0 && t1 - t0 >= ZX_MSEC(2));
	CHECK(zx_deadline_after(ZX_TIME_INFINITE) == ZX_TIME_INFINITE);
	CHECK(zx_deadline_after(INT64_MAX - 1) == ZX_TIME_INFINITE);
	CHECK(zx_time_sub_duration(INT64_MIN + 1, 5) == ZX_TIME_INFINITE_PAST);
	CHECK(zx_duration_from_sec(INT64_MAX / 2) == ZX_TIME_INFINITE);
	CHECK(ZX_SEC(3) == 3000000000LL && ZX_USEC(2) == 2000 && ZX_MIN(1) == 60 * ZX_SEC(1));
	CHECK(zx_ticks_per_second() == 1000000000);
	CHECK_ST(zx_nanosleep(0), ZX_OK);
}

static void test_root_vmar(void)
{
	zx_handle_t root = zx_vmar_root_self(), out;
	size_t page = zx_system_get_page_size(), actual = 9, avail = 9;
	zx_info_handle_basic_t basic;
	zx_info_vmar_t vinfo;
	zx_signals_t obs;
	char name[ZX_MAX_NAME_LEN];
	char *mem;

	CHECK(root != ZX_HANDLE_INVALID && root > (zx_handle_t)INT_MAX);
	CHECK((root & ZX_HANDLE_FIXED_BITS_MASK) == ZX_HANDLE_FIXED_BITS_MASK);
	CHECK(root == zx_vmar_root_self());
	CHECK_ST(zx_object_get_info(root, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL), ZX_OK);
	CHECK_ST(zx_object_get_info(root, ZX_INFO_HANDLE_BASIC, &basic, sizeof(basic), &actual,
				    &avail),
		 ZX_OK);
	CHECK(actual == 1 && avail == 1);
	CHECK(basic.type == ZX_OBJ_TYPE_VMAR && (basic.koid >> 63) == 1);
	CHECK((basic.rights & (ZX_RIGHT_READ | ZX_RIGHT_WRITE | ZX_RIGHT_EXECUTE)) ==
	      (ZX_RIGHT_READ | ZX_RIGHT_WRITE | ZX_RIGHT_EXECUTE));
	CHECK_ST(zx_object_get_info(root, ZX_INFO_VMAR, &vinfo, sizeof(vinfo), NULL, NULL), ZX_OK);
	CHECK(vinfo.base == 0 && vinfo.len > ((size_t)1 << 40));
	CHECK_ST(zx_object_get_info(root, ZX_INFO_VMAR, &vinfo, sizeof(vinfo) - 1, &actual,
				    &avail),
		 ZX_ERR_BUFFER_TOO_SMALL);
	CHECK(actual == 0 && avail == 1);
	CHECK_ST(zx_object_get_info(root, ZX_INFO_VMAR, NULL, sizeof(vinfo), NULL, NULL),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_object_get_info(root, ZX_INFO_VMO, &vinfo, sizeof(vinfo), NULL, NULL),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_handle_duplicate(root, ZX_RIGHT_SAME_RIGHTS, &out), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_object_wait_one(root, ZX_VMO_ZERO_CHILDREN, 0, &obs), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_object_get_property(root, ZX_PROP_NAME, name, sizeof(name)),
		 ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_vmo_get_size(root, NULL), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_get_stream_size(root, NULL), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_set_stream_size(root, 0), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, root, 0, page, NULL), ZX_ERR_WRONG_TYPE);

	/* protect and unmap on ordinary anonymous memory */
	mem = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(mem != MAP_FAILED);
	mem[0] = 'z';
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem, page), ZX_OK);
	CHECK(mem[0] == 'z');
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_WRITE, (zx_vaddr_t)mem, page),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ | ZX_VM_SPECIFIC, (zx_vaddr_t)mem, page),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem + 1, page),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem, 0), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED | ZX_VM_PERM_EXECUTE,
				 (zx_vaddr_t)mem, page),
		 ZX_OK);
	CHECK_ST(zx_vmar_unmap(root, (zx_vaddr_t)mem + page, 1), ZX_OK); /* rounds up */
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem, 3 * page),
		 ZX_ERR_NOT_FOUND);
	CHECK_ST(zx_vmar_unmap(root, (zx_vaddr_t)mem + 3, page), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_unmap(root, (zx_vaddr_t)mem, 0), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_unmap(root, (zx_vaddr_t)mem, 3 * page), ZX_OK);
}

static void test_control_device(void)
{
	zx_handle_t h = 0;

	g_mock_control = 0;
	if (access(ZXL_CONTROL_DEVICE, F_OK) != 0)
		CHECK_ST(zx_vmo_create(4096, 0, &h), ZX_ERR_NOT_SUPPORTED);
	g_mock_control = 1;
	g_control_errno = ENOENT;
	CHECK_ST(zx_vmo_create(4096, 0, &h), ZX_ERR_NOT_SUPPORTED);
	g_control_errno = EACCES;
	CHECK_ST(zx_vmo_create(4096, 0, &h), ZX_ERR_ACCESS_DENIED);
	g_control_errno = EMFILE;
	CHECK_ST(zx_vmo_create(4096, 0, &h), ZX_ERR_NO_RESOURCES);
	g_control_errno = 0;
	CHECK_ST(zx_vmo_create(4096, 1u << 7, &h), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_create(1u << 30, 0, &h), ZX_ERR_OUT_OF_RANGE);

	/* One control descriptor, kept; another file on its number is left alone. */
	{
		int ctl = -1, again = -1, p[2], calls;

		CHECK(fake_controls(&ctl) == 1);
		CHECK_ST(zx_vmo_create(4096, 0, &h), ZX_OK);
		CHECK(fake_controls(&again) == 1 && again == ctl);
		CHECK_ST(zx_handle_close(h), ZX_OK);
		CHECK(pipe2(p, O_CLOEXEC) == 0);
		CHECK(dup2(p[0], ctl) == ctl);
		g_fd[ctl].kind = 0; /* the fake kernel sees the pipe there now */
		g_foreign_ioctls = 0;
		calls = g_control_ioctls;
		CHECK_ST(zx_vmo_create(4096, 0, &h), ZX_OK);
		CHECK(g_foreign_ioctls == 0 && g_control_ioctls == calls + 1);
		CHECK(fake_controls(&again) == 1 && again != ctl);
		CHECK(write(p[1], "z", 1) == 1 && read(ctl, &calls, 1) == 1);
		CHECK_ST(zx_handle_close(h), ZX_OK);
		close(ctl);
		close(p[0]);
		close(p[1]);
	}
}

static zx_handle_t new_vmo(uint64_t size, uint32_t options)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	CHECK_ST(zx_vmo_create(size, options, &h), ZX_OK);
	return h;
}

static void test_fake_vmo_calls(void)
{
	zx_handle_t vmo, ro, dup, child, rep, old;
	char text[] = "zircon on linux", back[sizeof(text)];
	uint64_t size = 0;
	int before;

	g_mock_control = 1;
	vmo = new_vmo(5000, 0);
	CHECK(vmo != ZX_HANDLE_INVALID && fd_open((int)vmo));
	CHECK_ST(zx_vmo_get_size(vmo, &size), ZX_OK);
	CHECK(size == 8192);
	CHECK_ST(zx_vmo_get_size(vmo, NULL), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_write(vmo, text, 100, sizeof(text)), ZX_OK);
	memset(back, 0, sizeof(back));
	CHECK_ST(zx_vmo_read(vmo, back, 100, sizeof(back)), ZX_OK);
	CHECK(strcmp(back, text) == 0);
	CHECK_ST(zx_vmo_read(vmo, back, 8190, sizeof(back)), ZX_ERR_OUT_OF_RANGE);
	CHECK_ST(zx_vmo_read(vmo, NULL, 0, 4), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_write(vmo, (void *)(uintptr_t)16, 0, 4), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_read(vmo, (void *)(uintptr_t)0xffffffff81000000ull, 0, 4),
		 ZX_ERR_INVALID_ARGS);
	g_force_errno = EFAULT; /* a user address with nothing mapped */
	CHECK_ST(zx_vmo_read(vmo, back, 0, 4), ZX_ERR_NOT_FOUND);
	CHECK_ST(zx_vmo_set_size(vmo, 4096), ZX_ERR_UNAVAILABLE);
	/* op_range passes the kernel's status through (it maps bad buffers) */
	g_force_errno = EINVAL;
	CHECK_ST(zx_vmo_op_range(vmo, ZX_VMO_OP_LOCK, 0, 8192, NULL, 0), ZX_ERR_INVALID_ARGS);
	g_force_errno = EFAULT;
	CHECK_ST(zx_vmo_op_range(vmo, ZX_VMO_OP_COMMIT, 0, 8192, NULL, 0), ZX_ERR_NOT_FOUND);

	/* every errno of the table, end to end through a call */
	for (size_t i = 0; i < UAPI_MAP_LEN; i++) {
		g_force_errno = uapi_map[i].errnum;
		CHECK_ST(zx_vmo_set_cache_policy(vmo, 0), uapi_map[i].status);
	}
	g_force_errno = E2BIG;
	CHECK_ST(zx_vmo_set_cache_policy(vmo, 0), ZX_ERR_INTERNAL);
	/* the kernel found no descriptor for a new handle */
	g_force_errno = EMFILE;
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &ro), ZX_ERR_NO_RESOURCES);
	g_force_errno = EMFILE;
	CHECK_ST(zx_vmo_create(4096, 0, &ro), ZX_ERR_NO_RESOURCES);
	/* the kernel's type error wins over a NULL out pointer (Zircon order) */
	g_force_errno = ENOTTY;
	CHECK_ST(zx_vmo_get_size(vmo, NULL), ZX_ERR_WRONG_TYPE);

	/* duplicate */
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_READ | ZX_RIGHT_MAP | ZX_RIGHT_WAIT, &ro), ZX_OK);
	CHECK(ro != vmo);
	CHECK_ST(zx_vmo_read(ro, back, 100, sizeof(back)), ZX_OK);
	CHECK_ST(zx_vmo_write(ro, text, 0, 1), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_handle_duplicate(ro, ZX_RIGHT_SAME_RIGHTS, &dup), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_EXECUTE, &dup), ZX_ERR_INVALID_ARGS);
	before = (int)vmo;
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, NULL), ZX_ERR_INVALID_ARGS);
	CHECK(fd_open(before));

	/* a new handle never comes out as 0 */
	{
		int saved = fcntl(0, F_DUPFD_CLOEXEC, 3);

		close(0);
		CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &dup), ZX_OK);
		CHECK(dup != 0 && !fd_open(0) && fd_open((int)dup));
		CHECK_ST(zx_handle_close(dup), ZX_OK);
		if (saved >= 0) {
			dup2(saved, 0);
			close(saved);
		}
	}

	/* replace: the old handle is gone in every case */
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &old), ZX_OK);
	CHECK_ST(zx_handle_replace(old, ZX_RIGHT_READ | ZX_RIGHT_INSPECT, &rep), ZX_OK);
	CHECK(!fd_open((int)old) || rep == old);
	{
		zx_info_handle_basic_t b;

		CHECK_ST(zx_object_get_info(rep, ZX_INFO_HANDLE_BASIC, &b, sizeof(b), NULL, NULL),
			 ZX_OK);
		CHECK(b.rights == (ZX_RIGHT_READ | ZX_RIGHT_INSPECT));
	}
	/* replace needs no right at all, unlike duplicate */
	CHECK_ST(zx_handle_replace(rep, ZX_RIGHT_READ, &old), ZX_OK);
	rep = old;
	CHECK_ST(zx_handle_replace(rep, ZX_RIGHT_WRITE, &old), ZX_ERR_INVALID_ARGS);
	CHECK(!fd_open((int)rep));
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &old), ZX_OK);
	CHECK_ST(zx_handle_replace(old, ZX_RIGHT_SAME_RIGHTS, NULL), ZX_ERR_INVALID_ARGS);
	CHECK(!fd_open((int)old));

	/* children */
	CHECK_ST(zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0, 4096, &child), ZX_OK);
	CHECK_ST(zx_vmo_create_child(ro, ZX_VMO_CHILD_SNAPSHOT, 0, 4096, &dup),
		 ZX_ERR_ACCESS_DENIED);

	/* a VMO is neither a BTI nor a resource; a refused vmex still consumes */
	CHECK_ST(zx_vmo_create_contiguous(vmo, 4096, 0, &dup), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_physical(vmo, 0, 4096, &dup), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_replace_as_executable(child, ZX_HANDLE_INVALID, &dup),
		 ZX_ERR_ACCESS_DENIED); /* the policy (allow_invalid_vmex=0) */
	CHECK(!fd_open((int)child)); /* always invalidated */

	CHECK_ST(zx_handle_close(ro), ZX_OK);
	CHECK_ST(zx_handle_close(ro), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_handle_close(vmo), ZX_OK);
}

static void test_fake_info_and_properties(void)
{
	zx_handle_t vmo, weak;
	union {
		zx_info_vmo_t v;
		unsigned char raw[256];
	} u;
	zx_info_handle_basic_t basic;
	size_t actual = 5, avail = 5;
	char name[ZX_MAX_NAME_LEN], small[8];
	uint64_t cs = 0;

	g_mock_control = 1;
	vmo = new_vmo(3000, ZX_VMO_RESIZABLE);
	CHECK_ST(zx_object_set_property(vmo, ZX_PROP_NAME, "a-name-that-is-longer-than-31-bytes!",
					36),
		 ZX_OK);
	CHECK_ST(zx_object_get_property(vmo, ZX_PROP_NAME, name, sizeof(name)), ZX_OK);
	CHECK(strcmp(name, "a-name-that-is-longer-than-31-b") == 0 && strlen(name) == 31);
	CHECK_ST(zx_object_set_property(vmo, ZX_PROP_NAME, "demo!", 4), ZX_OK);
	CHECK_ST(zx_object_get_property(vmo, ZX_PROP_NAME, name, sizeof(name)), ZX_OK);
	CHECK(strcmp(name, "demo") == 0);
	CHECK_ST(zx_object_get_property(vmo, ZX_PROP_NAME, small, sizeof(small)),
		 ZX_ERR_BUFFER_TOO_SMALL);
	CHECK_ST(zx_object_get_property(vmo, ZX_PROP_VMO_CONTENT_SIZE, &cs, sizeof(cs)), ZX_OK);
	CHECK(cs == 3000);
	cs = 1234;
	CHECK_ST(zx_object_set_property(vmo, ZX_PROP_VMO_CONTENT_SIZE, &cs, sizeof(cs)), ZX_OK);
	cs = 0;
	CHECK_ST(zx_object_get_property(vmo, ZX_PROP_VMO_CONTENT_SIZE, &cs, sizeof(cs)), ZX_OK);
	CHECK(cs == 1234);
	CHECK_ST(zx_object_get_property(vmo, ZX_PROP_VMO_CONTENT_SIZE, &cs, 4),
		 ZX_ERR_BUFFER_TOO_SMALL);
	CHECK_ST(zx_object_get_property(vmo, 999, &cs, sizeof(cs)), ZX_ERR_NOT_SUPPORTED);
	CHECK_ST(zx_object_set_property(vmo, 999, &cs, sizeof(cs)), ZX_ERR_NOT_SUPPORTED);

	/* without the property rights, rights come first (Zircon's order) */
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_READ | ZX_RIGHT_SET_PROPERTY, &weak), ZX_OK);
	CHECK_ST(zx_object_get_property(weak, ZX_PROP_NAME, small, sizeof(small)),
		 ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_object_get_property(weak, 999, small, sizeof(small)), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_object_set_property(weak, ZX_PROP_VMO_CONTENT_SIZE, &cs, 2),
		 ZX_ERR_ACCESS_DENIED); /* needs ZX_RIGHT_WRITE too */
	CHECK_ST(zx_object_set_property(weak, ZX_PROP_VMO_CONTENT_SIZE, &cs, sizeof(cs)),
		 ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_object_set_property(weak, ZX_PROP_NAME, "ok", 2), ZX_OK);

	/* ZX_INFO_HANDLE_BASIC */
	CHECK_ST(zx_object_get_info(weak, ZX_INFO_HANDLE_BASIC, &basic, sizeof(basic), &actual,
				    &avail),
		 ZX_OK);
	CHECK(actual == 1 && avail == 1);
	CHECK(basic.type == ZX_OBJ_TYPE_VMO && basic.koid >= ZX_KOID_FIRST);
	CHECK(basic.rights == (ZX_RIGHT_READ | ZX_RIGHT_SET_PROPERTY) && basic.related_koid == 0);

	/* every ZX_INFO_VMO version: exactly its size, no byte beyond */
	{
		static const struct {
			uint32_t topic;
			size_t size;
		} v[] = {
			{ ZX_INFO_VMO_V1, sizeof(zx_info_vmo_v1_t) },
			{ ZX_INFO_VMO_V2, sizeof(zx_info_vmo_v2_t) },
			{ ZX_INFO_VMO_V3, sizeof(zx_info_vmo_v3_t) },
			{ ZX_INFO_VMO, sizeof(zx_info_vmo_t) },
		};
		size_t i;

		for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
			memset(u.raw, 0xAB, sizeof(u.raw));
			CHECK_ST(zx_object_get_info(vmo, v[i].topic, u.raw, v[i].size - 1, &actual,
						    &avail),
				 ZX_ERR_BUFFER_TOO_SMALL);
			CHECK(actual == 0 && avail == 1 && u.raw[0] == 0xAB);
			CHECK_ST(zx_object_get_info(vmo, v[i].topic, u.raw, sizeof(u.raw), &actual,
						    &avail),
				 ZX_OK);
			CHECK(actual == 1 && u.raw[v[i].size] == 0xAB &&
			      u.raw[v[i].size - 1] != 0xAB);
			CHECK(u.v.koid == basic.koid && strcmp(u.v.name, "ok") == 0);
			CHECK(u.v.size_bytes == 4096 && u.v.committed_bytes == 8192);
			CHECK(u.v.flags == (ZX_INFO_VMO_TYPE_PAGED | ZX_INFO_VMO_RESIZABLE |
					    ZX_INFO_VMO_VIA_HANDLE));
			CHECK(u.v.handle_rights == ZX_DEFAULT_VMO_RIGHTS);
		}
		CHECK(u.v.populated_bytes == 8192 && u.v.committed_private_bytes == 4096);
		CHECK(u.v.committed_scaled_bytes == 4096 + 2048);
		CHECK(u.v.populated_scaled_bytes == 8192);
	}
	CHECK_ST(zx_object_get_info(vmo, ZX_INFO_VMO, NULL, sizeof(zx_info_vmo_t), NULL, NULL),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_object_get_info(vmo, ZX_INFO_VMAR, u.raw, sizeof(u.raw), NULL, NULL),
		 ZX_ERR_WRONG_TYPE);

	zx_handle_close(weak);
	zx_handle_close(vmo);
}

static void test_fake_map_and_wait(void)
{
	zx_handle_t root = zx_vmar_root_self(), vmo, ro, nomap, rsz;
	size_t page = zx_system_get_page_size();
	zx_vaddr_t addr = 0, addr2 = 0;
	zx_signals_t obs = 77;
	zx_time_t t0;

	g_mock_control = 1;
	vmo = new_vmo(4 * page, 0);
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_READ | ZX_RIGHT_MAP, &ro), ZX_OK);
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_READ | ZX_RIGHT_WRITE, &nomap), ZX_OK);

	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, vmo, 0, 4 * page,
			     &addr),
		 ZX_OK);
	CHECK(addr && (addr & (page - 1)) == 0);
	((char *)addr)[page] = 'q'; /* memfd behind: a real shared mapping */
	CHECK_ST(zx_vmar_unmap(root, addr, 4 * page), ZX_OK);

	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, nomap, 0, page, &addr),
		 ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, ro, 0, page, &addr),
		 ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_PERM_EXECUTE, 0, ro, 0, page, &addr),
		 ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_WRITE, 0, vmo, 0, page, &addr), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, vmo, 0, 0, &addr), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, vmo, 100, page, &addr), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, page, vmo, 0, page, &addr),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_CAN_MAP_READ, 0, vmo, 0, page, &addr),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_SPECIFIC_OVERWRITE | ZX_VM_MAP_RANGE,
			     0x10000000, vmo, 0, page, &addr),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | (5u << ZX_VM_ALIGN_BASE), 0, vmo, 0, page,
			     &addr),
		 ZX_ERR_INVALID_ARGS);
	/* past the end is allowed (as Zircon's kernel; access beyond faults) */
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, vmo, 0, 5 * page, &addr), ZX_OK);
	CHECK_ST(zx_vmar_unmap(root, addr, 5 * page), ZX_OK);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, vmo, 0, page, NULL), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, vmo, UINT64_MAX & ~(uint64_t)(page - 1),
			     2 * page, &addr),
		 ZX_ERR_OUT_OF_RANGE);

	/* len is rounded up; READ_IF_XOM_UNSUPPORTED adds READ on Linux */
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED, 0, ro, 0, page - 1, &addr),
		 ZX_OK);
	CHECK(((char *)addr)[0] == 0);
	CHECK_ST(zx_vmar_unmap(root, addr, page), ZX_OK);

	/* alignment */
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_ALIGN_2MB, 0, vmo, 0, page, &addr),
		 ZX_OK);
	CHECK((addr & ((2u << 20) - 1)) == 0);
	/* SPECIFIC: the address is absolute (root VMAR base 0) */
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_SPECIFIC, addr + page, vmo, page, page,
			     &addr2),
		 ZX_OK);
	CHECK(addr2 == addr + page);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_SPECIFIC, addr, vmo, 0, page, &addr2),
		 ZX_ERR_ALREADY_EXISTS);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_SPECIFIC_OVERWRITE, addr, vmo, page,
			     page, &addr2),
		 ZX_OK);
	CHECK(addr2 == addr && ((char *)addr)[0] == 'q');
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_SPECIFIC, addr + 5, vmo, 0, page,
			     &addr2),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_SPECIFIC | ZX_VM_ALIGN_4MB,
			     addr + (2u << 20), vmo, 0, page, &addr2),
		 (addr & ((4u << 20) - 1)) ? ZX_OK : ZX_ERR_INVALID_ARGS);
	if ((addr & ((4u << 20) - 1)) != 0)
		zx_vmar_unmap(root, addr + (2u << 20), page);
	CHECK_ST(zx_vmar_unmap(root, addr, 2 * page), ZX_OK);
	/* upper limit */
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_OFFSET_IS_UPPER_LIMIT, 0x40000000, vmo,
			     0, page, &addr),
		 ZX_OK);
	CHECK(addr + page <= 0x40000000);
	CHECK_ST(zx_vmar_unmap(root, addr, page), ZX_OK);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_OFFSET_IS_UPPER_LIMIT | ZX_VM_SPECIFIC,
			     0x40000000, vmo, 0, page, &addr),
		 ZX_ERR_INVALID_ARGS);

	/* resizable VMOs map without ZX_VM_ALLOW_FAULTS (Zircon's kernel) ... */
	rsz = new_vmo(page, ZX_VMO_RESIZABLE);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, rsz, 0, page, &addr), ZX_OK);
	CHECK_ST(zx_vmar_unmap(root, addr, page), ZX_OK);
	/* ... but not with ZX_VM_REQUIRE_NON_RESIZABLE */
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_REQUIRE_NON_RESIZABLE, 0, rsz, 0, page,
			     &addr),
		 ZX_ERR_NOT_SUPPORTED);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_ALLOW_FAULTS | ZX_VM_REQUIRE_NON_RESIZABLE,
			     0, rsz, 0, page, &addr),
		 ZX_ERR_NOT_SUPPORTED);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_ALLOW_FAULTS, 0, rsz, 0, page, &addr),
		 ZX_OK);
	CHECK_ST(zx_vmar_unmap(root, addr, page), ZX_OK);
	/* discardable VMOs need ZX_VM_ALLOW_FAULTS */
	{
		zx_handle_t disc = new_vmo(page, ZX_VMO_DISCARDABLE);

		CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, disc, 0, page, &addr),
			 ZX_ERR_NOT_SUPPORTED);
		CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_ALLOW_FAULTS, 0, disc, 0, page,
				     &addr),
			 ZX_OK);
		CHECK_ST(zx_vmar_unmap(root, addr, page), ZX_OK);
		zx_handle_close(disc);
	}

	/* wait: memfds never report POLLPRI, so ZERO_CHILDREN stays inactive */
	t0 = zx_clock_get_monotonic();
	CHECK_ST(zx_object_wait_one(vmo, ZX_VMO_ZERO_CHILDREN, zx_deadline_after(ZX_MSEC(20)),
				    &obs),
		 ZX_ERR_TIMED_OUT);
	CHECK(obs == 0 && zx_clock_get_monotonic() - t0 >= ZX_MSEC(20));
	CHECK_ST(zx_object_wait_one(vmo, ZX_VMO_ZERO_CHILDREN, 0, NULL), ZX_ERR_TIMED_OUT);
	CHECK_ST(zx_object_wait_one(vmo, ZX_USER_SIGNAL_0, zx_deadline_after(ZX_MSEC(5)), &obs),
		 ZX_ERR_TIMED_OUT);
	CHECK_ST(zx_object_wait_one(nomap, ZX_VMO_ZERO_CHILDREN, 0, &obs), ZX_ERR_ACCESS_DENIED);

	zx_handle_close(rsz);
	zx_handle_close(nomap);
	zx_handle_close(ro);
	zx_handle_close(vmo);
}

/* ---- bad caller pointers -------------------------------------------------- */

/* Open descriptors of this process (a leaked handle shows up here). */
static int fd_count(void)
{
	int n = 0, fd;

	for (fd = 0; fd < MAXFD; fd++)
		n += fd_open(fd);
	return n;
}

enum { BAD_ZERO_PAGE, BAD_KERNEL, BAD_NONCANONICAL, BAD_UNMAPPED, BAD_PROT_NONE, BAD_READ_ONLY,
       BAD_KINDS };

struct bad_ptrs {
	void *p[BAD_KINDS];
	void *none, *ro; /* PROT_NONE and PROT_READ pages */
};

static void bad_ptrs_get(struct bad_ptrs *b)
{
	size_t page = zx_system_get_page_size();
	void *gone = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	b->none = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	b->ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (gone == MAP_FAILED || b->none == MAP_FAILED || b->ro == MAP_FAILED)
		exit(2);
	munmap(gone, page);
	b->p[BAD_ZERO_PAGE] = (void *)(uintptr_t)0x1;
	b->p[BAD_KERNEL] = (void *)(uintptr_t)0xffffffff81000000ull;
	b->p[BAD_NONCANONICAL] = (void *)(uintptr_t)0x8000000000000000ull;
	b->p[BAD_UNMAPPED] = gone;
	b->p[BAD_PROT_NONE] = b->none;
	b->p[BAD_READ_ONLY] = b->ro; /* bad for stores only */
}

static void bad_ptrs_put(struct bad_ptrs *b)
{
	munmap(b->none, zx_system_get_page_size());
	munmap(b->ro, zx_system_get_page_size());
}

static void test_usercopy(void)
{
	size_t page = zx_system_get_page_size();
	unsigned char *two = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t v = 0x1122334455667788ull, w = 0;
	struct bad_ptrs b;
	int i;

	CHECK(two != MAP_FAILED);
	bad_ptrs_get(&b);
	CHECK_ST(zxl_copy_out(&w, &v, sizeof(v)), ZX_OK);
	CHECK(w == v);
	w = 0;
	CHECK_ST(zxl_copy_in(&w, &v, sizeof(v)), ZX_OK);
	CHECK(w == v);
	CHECK_ST(zxl_copy_out(NULL, &v, 0), ZX_OK);
	CHECK_ST(zxl_copy_in(&w, NULL, 0), ZX_OK);
	CHECK_ST(zxl_copy_out(NULL, &v, sizeof(v)), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zxl_copy_in(&w, NULL, sizeof(v)), ZX_ERR_INVALID_ARGS);
	for (i = 0; i < BAD_KINDS; i++) {
		CHECK_ST(zxl_copy_out(b.p[i], &v, sizeof(v)), ZX_ERR_INVALID_ARGS);
		if (i != BAD_READ_ONLY)
			CHECK_ST(zxl_copy_in(&w, b.p[i], sizeof(v)), ZX_ERR_INVALID_ARGS);
	}
	CHECK_ST(zxl_copy_in(&w, b.ro, sizeof(w)), ZX_OK);
	CHECK(w == 0); /* a fresh anonymous page */
	/* wrap-around and the end of the user address space */
	CHECK_ST(zxl_copy_out((void *)(uintptr_t)-4, &v, sizeof(v)), ZX_ERR_INVALID_ARGS);
	CHECK(!zxl_user_range((void *)(zxl_root_vmar_len() - 4), 8));
	CHECK(zxl_user_range((void *)(zxl_root_vmar_len() - 8), 8));
	/* a copy running into a bad page fails, even if its start is fine */
	CHECK(mprotect(two + page, page, PROT_NONE) == 0);
	CHECK_ST(zxl_copy_out(two + page - 4, &v, sizeof(v)), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zxl_copy_in(&w, two + page - 4, sizeof(v)), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zxl_copy_out(two + page - 8, &v, sizeof(v)), ZX_OK);
	/* a read-only page becomes fine once writable */
	CHECK(mprotect(b.ro, page, PROT_READ | PROT_WRITE) == 0);
	CHECK_ST(zxl_copy_out(b.ro, &v, sizeof(v)), ZX_OK);
	CHECK(*(uint64_t *)b.ro == v);
	munmap(two, 2 * page);
	bad_ptrs_put(&b);
}

static void test_fake_bad_out_pointers(void)
{
	zx_handle_t root = zx_vmar_root_self(), vmo, weak, dup, closed;
	size_t page = zx_system_get_page_size(), actual = 9, avail = 9;
	union {
		zx_info_vmo_t v;
		zx_info_handle_basic_t b;
		zx_info_vmar_t r;
	} info;
	char name[ZX_MAX_NAME_LEN];
	struct bad_ptrs b;
	int i, p[2], fds;

	g_mock_control = 1;
	bad_ptrs_get(&b);
	vmo = new_vmo(2 * page, 0);
	CHECK_ST(zx_object_set_property(vmo, ZX_PROP_NAME, "keep", 4), ZX_OK);
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_READ, &weak), ZX_OK);
	CHECK(pipe2(p, O_CLOEXEC) == 0 && p[0] < MAXFD && p[1] < MAXFD);
	g_fd[p[0]].kind = g_fd[p[1]].kind = 0; /* numbers of closed fake handles */
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &closed), ZX_OK);
	CHECK_ST(zx_handle_close(closed), ZX_OK);

	for (i = 0; i < BAD_KINDS; i++) {
		void *bad = b.p[i];
		uintptr_t spot;

		fds = fd_count();
		/* calls that create a handle close it again: nothing leaks */
		CHECK_ST(zx_vmo_create(page, 0, bad), ZX_ERR_INVALID_ARGS);
		CHECK(fd_count() == fds);
		CHECK_ST(zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0, page, bad),
			 ZX_ERR_INVALID_ARGS);
		CHECK(fd_count() == fds);
		CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, bad), ZX_ERR_INVALID_ARGS);
		CHECK(fd_count() == fds);
		CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &dup), ZX_OK);
		CHECK_ST(zx_handle_replace(dup, ZX_RIGHT_READ, bad), ZX_ERR_INVALID_ARGS);
		CHECK(fd_count() == fds && !fd_open((int)dup)); /* source gone as well */

		CHECK_ST(zx_vmo_get_size(vmo, bad), ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_object_get_property(vmo, ZX_PROP_NAME, bad, ZX_MAX_NAME_LEN),
			 ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_object_get_property(vmo, ZX_PROP_VMO_CONTENT_SIZE, bad, 8),
			 ZX_ERR_INVALID_ARGS);
		/* too small is found before the pointer is used */
		CHECK_ST(zx_object_get_property(vmo, ZX_PROP_NAME, bad, 4),
			 ZX_ERR_BUFFER_TOO_SMALL);

		/* get_info: buffer, then actual, then avail */
		CHECK_ST(zx_object_get_info(vmo, ZX_INFO_HANDLE_BASIC, bad,
					    sizeof(zx_info_handle_basic_t), &actual, &avail),
			 ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_object_get_info(vmo, ZX_INFO_VMO, bad, sizeof(zx_info_vmo_t), NULL,
					    NULL),
			 ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_object_get_info(vmo, ZX_INFO_VMO_V1, &info, sizeof(info), bad, &avail),
			 ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_object_get_info(vmo, ZX_INFO_VMO, &info, sizeof(info), &actual, bad),
			 ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_object_get_info(vmo, ZX_INFO_VMO, &info, 1, bad, &avail),
			 ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_object_get_info(root, ZX_INFO_VMAR, bad, sizeof(zx_info_vmar_t), NULL,
					    NULL),
			 ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_object_get_info(root, ZX_INFO_HANDLE_BASIC, &info, sizeof(info),
					    &actual, bad),
			 ZX_ERR_INVALID_ARGS);
		/* nothing is written for HANDLE_VALID; a short buffer is not touched */
		CHECK_ST(zx_object_get_info(vmo, ZX_INFO_HANDLE_VALID, bad, 64, bad, bad), ZX_OK);
		actual = avail = 9;
		CHECK_ST(zx_object_get_info(vmo, ZX_INFO_VMO, bad, 8, &actual, &avail),
			 ZX_ERR_BUFFER_TOO_SMALL);
		CHECK(actual == 0 && avail == 1);

		/* wait: the copy-out failure wins over the wait's result */
		CHECK_ST(zx_object_wait_one(vmo, ZX_VMO_ZERO_CHILDREN, 0, bad),
			 ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_object_wait_one(vmo, ZX_USER_SIGNAL_0, 0, bad), ZX_ERR_INVALID_ARGS);

		/* map: nothing stays mapped (the same SPECIFIC spot is free again) */
		CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, vmo, 0, page, bad),
			 ZX_ERR_INVALID_ARGS);
		spot = (uintptr_t)mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		CHECK(spot != (uintptr_t)MAP_FAILED);
		munmap((void *)spot, page);
		CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_SPECIFIC, spot, vmo, 0, page,
				     bad),
			 ZX_ERR_INVALID_ARGS);
		{
			zx_vaddr_t got = 0;

			CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_SPECIFIC, spot, vmo, 0,
					     page, &got),
				 ZX_OK);
			CHECK(got == spot);
			CHECK_ST(zx_vmar_unmap(root, spot, page), ZX_OK);
		}

		/* handle, type and rights errors come before the pointer (Zircon) */
		CHECK_ST(zx_vmo_get_size(closed, bad), ZX_ERR_BAD_HANDLE);
		CHECK_ST(zx_vmo_get_size((zx_handle_t)p[0], bad), ZX_ERR_WRONG_TYPE);
		CHECK_ST(zx_vmo_create_child(closed, ZX_VMO_CHILD_SNAPSHOT, 0, page, bad),
			 ZX_ERR_BAD_HANDLE);
		CHECK_ST(zx_vmo_create_child(weak, ZX_VMO_CHILD_SNAPSHOT, 0, page, bad),
			 ZX_ERR_ACCESS_DENIED);
		CHECK_ST(zx_handle_duplicate(closed, ZX_RIGHT_SAME_RIGHTS, bad), ZX_ERR_BAD_HANDLE);
		CHECK_ST(zx_handle_duplicate((zx_handle_t)p[0], ZX_RIGHT_SAME_RIGHTS, bad),
			 ZX_ERR_WRONG_TYPE);
		CHECK_ST(zx_handle_duplicate(weak, ZX_RIGHT_SAME_RIGHTS, bad), ZX_ERR_ACCESS_DENIED);
		CHECK_ST(zx_handle_duplicate(root, ZX_RIGHT_SAME_RIGHTS, bad), ZX_ERR_ACCESS_DENIED);
		CHECK_ST(zx_handle_replace(closed, ZX_RIGHT_SAME_RIGHTS, bad), ZX_ERR_BAD_HANDLE);
		CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_READ, &dup), ZX_OK);
		CHECK_ST(zx_handle_replace(dup, ZX_RIGHT_WRITE, bad), ZX_ERR_INVALID_ARGS);
		CHECK(!fd_open((int)dup));
		CHECK_ST(zx_object_get_property(closed, ZX_PROP_NAME, bad, ZX_MAX_NAME_LEN),
			 ZX_ERR_BAD_HANDLE);
		CHECK_ST(zx_object_get_property(weak, ZX_PROP_NAME, bad, ZX_MAX_NAME_LEN),
			 ZX_ERR_ACCESS_DENIED);
		CHECK_ST(zx_object_get_property(weak, ZX_PROP_VMO_CONTENT_SIZE, bad, 8),
			 ZX_ERR_ACCESS_DENIED);
		CHECK_ST(zx_object_get_info(closed, ZX_INFO_VMO, bad, sizeof(zx_info_vmo_t), bad,
					    bad),
			 ZX_ERR_BAD_HANDLE);
		CHECK_ST(zx_object_get_info((zx_handle_t)p[0], ZX_INFO_VMO, bad,
					    sizeof(zx_info_vmo_t), bad, bad),
			 ZX_ERR_WRONG_TYPE);
		CHECK_ST(zx_object_get_info(vmo, ZX_INFO_VMAR, bad, sizeof(zx_info_vmar_t), bad,
					    bad),
			 ZX_ERR_WRONG_TYPE);
		CHECK_ST(zx_object_wait_one(closed, ZX_VMO_ZERO_CHILDREN, 0, bad),
			 ZX_ERR_BAD_HANDLE);
		CHECK_ST(zx_object_wait_one(weak, ZX_VMO_ZERO_CHILDREN, 0, bad),
			 ZX_ERR_ACCESS_DENIED);
		CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, closed, 0, page, bad),
			 ZX_ERR_BAD_HANDLE);
		CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, weak, 0, page, bad),
			 ZX_ERR_ACCESS_DENIED);
		CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, vmo, 0, 0, bad),
			 ZX_ERR_INVALID_ARGS);
		CHECK(fd_count() == fds);
	}

	/* in pointers libzx reads itself (a read-only page is fine there) */
	for (i = 0; i < BAD_KINDS; i++) {
		void *bad = b.p[i];
		uint64_t cs = 0;

		if (i == BAD_READ_ONLY)
			continue;
		CHECK_ST(zx_object_set_property(vmo, ZX_PROP_NAME, bad, 8), ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_object_set_property(vmo, ZX_PROP_VMO_CONTENT_SIZE, bad, 8),
			 ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_object_get_property(vmo, ZX_PROP_NAME, name, sizeof(name)), ZX_OK);
		CHECK(strcmp(name, "keep") == 0);
		CHECK_ST(zx_object_get_property(vmo, ZX_PROP_VMO_CONTENT_SIZE, &cs, sizeof(cs)),
			 ZX_OK);
		CHECK(cs == 2 * page);
		/* the rights come first, even for what libzx reads before the ioctl */
		CHECK_ST(zx_object_set_property(weak, ZX_PROP_NAME, bad, 8), ZX_ERR_ACCESS_DENIED);
		CHECK_ST(zx_object_set_property(weak, ZX_PROP_VMO_CONTENT_SIZE, bad, 8),
			 ZX_ERR_ACCESS_DENIED);
		CHECK_ST(zx_object_set_property(closed, ZX_PROP_NAME, bad, 8), ZX_ERR_BAD_HANDLE);
		CHECK_ST(zx_object_set_property((zx_handle_t)p[0], ZX_PROP_NAME, bad, 8),
			 ZX_ERR_WRONG_TYPE);
		/* an empty name reads nothing */
		CHECK_ST(zx_object_set_property(vmo, ZX_PROP_NAME, bad, 0), ZX_OK);
		CHECK_ST(zx_object_set_property(vmo, ZX_PROP_NAME, "keep", 4), ZX_OK);
		CHECK_ST(zx_handle_close_many(bad, 1), ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_handle_close_many(bad, 0), ZX_OK);
	}
	{
		/* a set-property-only handle: WRITE is missing for the content size */
		zx_handle_t sp;

		CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SET_PROPERTY, &sp), ZX_OK);
		CHECK_ST(zx_object_set_property(sp, ZX_PROP_VMO_CONTENT_SIZE, b.none, 8),
			 ZX_ERR_ACCESS_DENIED);
		CHECK_ST(zx_object_set_property(sp, ZX_PROP_NAME, b.none, 8), ZX_ERR_INVALID_ARGS);
		zx_handle_close(sp);
	}

	/* close_many reads in chunks of 64, as Zircon: a bad chunk stops it */
	{
		unsigned char *two = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
					  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		zx_handle_t *arr;
		int k, fd0, open_left = 0;

		CHECK(two != MAP_FAILED);
		CHECK(mprotect(two + page, page, PROT_NONE) == 0);
		arr = (zx_handle_t *)(void *)(two + page) - 64;
		fd0 = fd_count();
		for (k = 0; k < 64; k++)
			CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &arr[k]), ZX_OK);
		/* 65th entry is in the PROT_NONE page: the first 64 are closed */
		CHECK_ST(zx_handle_close_many(arr, 65), ZX_ERR_INVALID_ARGS);
		CHECK(fd_count() == fd0);
		/* a chunk that runs into the bad page closes none of its handles */
		for (k = 62; k < 64; k++)
			CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &arr[k]), ZX_OK);
		CHECK_ST(zx_handle_close_many(arr + 62, 3), ZX_ERR_INVALID_ARGS);
		for (k = 62; k < 64; k++)
			open_left += fd_open((int)arr[k]);
		CHECK(open_left == 2);
		CHECK_ST(zx_handle_close_many(arr + 62, 2), ZX_OK);
		CHECK(fd_count() == fd0);
		munmap(two, 2 * page);
	}

	/* good out pointers in unusual places: a VMO mapping, a stack slot */
	{
		zx_vaddr_t addr = 0;
		uint64_t *slot;
		zx_handle_t h = ZX_HANDLE_INVALID;

		CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, vmo, 0, page,
				     &addr),
			 ZX_OK);
		slot = (uint64_t *)addr;
		CHECK_ST(zx_vmo_get_size(vmo, slot), ZX_OK);
		CHECK(*slot == 2 * page);
		CHECK_ST(zx_object_get_info(vmo, ZX_INFO_HANDLE_BASIC, slot + 1,
					    sizeof(zx_info_handle_basic_t), (size_t *)slot, NULL),
			 ZX_OK);
		CHECK(*slot == 1 && ((zx_info_handle_basic_t *)(slot + 1))->type == ZX_OBJ_TYPE_VMO);
		CHECK_ST(zx_vmo_create(page, 0, &h), ZX_OK);
		CHECK(h != ZX_HANDLE_INVALID && fd_open((int)h));
		zx_handle_close(h);
		CHECK_ST(zx_vmar_unmap(root, addr, page), ZX_OK);
	}

	close(p[0]);
	close(p[1]);
	zx_handle_close(weak);
	zx_handle_close(vmo);
	bad_ptrs_put(&b);
}


static zx_rights_t rights_of_fake(zx_handle_t h)
{
	zx_info_handle_basic_t b;

	memset(&b, 0, sizeof(b));
	CHECK_ST(zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &b, sizeof(b), NULL, NULL), ZX_OK);
	return b.rights;
}

static zx_info_vmo_t fake_vmo_info(zx_handle_t h)
{
	zx_info_vmo_t v;

	memset(&v, 0, sizeof(v));
	CHECK_ST(zx_object_get_info(h, ZX_INFO_VMO, &v, sizeof(v), NULL, NULL), ZX_OK);
	return v;
}

/* ---- resources, BTIs and the VMOs made from them ------------------------- */

static zx_handle_t fake_vmex(void)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	CHECK_ST(zxvmo_get_vmex_resource(&h), ZX_OK);
	return h;
}

static void test_fake_resource_getters(void)
{
	zx_handle_t vmex, mmio, bti, h = ZX_HANDLE_INVALID, dup;
	zx_info_handle_basic_t basic;
	zx_info_resource_t res;
	zx_signals_t obs = 1;
	uint64_t size;
	char buf[8];
	int fds;

	g_mock_control = 1;
	g_control_errno = 0;
	fds = fd_count();

	vmex = fake_vmex();
	CHECK(vmex != ZX_HANDLE_INVALID && fd_open((int)vmex));
	CHECK(fcntl((int)vmex, F_GETFD) == FD_CLOEXEC);
	CHECK_ST(zx_object_get_info(vmex, ZX_INFO_HANDLE_BASIC, &basic, sizeof(basic), NULL, NULL),
		 ZX_OK);
	CHECK(basic.type == ZX_OBJ_TYPE_RESOURCE && basic.rights == ZXVMO_DEFAULT_RESOURCE_RIGHTS);
	CHECK(basic.koid != ZX_KOID_INVALID && basic.related_koid == ZX_KOID_INVALID);
	memset(&res, 0xa5, sizeof(res));
	CHECK_ST(zx_object_get_info(vmex, ZX_INFO_RESOURCE, &res, sizeof(res), NULL, NULL), ZX_OK);
	CHECK(res.kind == ZX_RSRC_KIND_SYSTEM && res.base == ZX_RSRC_SYSTEM_VMEX_BASE &&
	      res.size == 1 && res.flags == 0 && res.name[0] == '\0');
	CHECK_ST(zx_object_get_info(vmex, ZX_INFO_RESOURCE, &res, sizeof(res) - 1, NULL, NULL),
		 ZX_ERR_BUFFER_TOO_SMALL);
	CHECK_ST(zx_object_get_info(vmex, ZX_INFO_VMO, buf, sizeof(buf), NULL, NULL),
		 ZX_ERR_WRONG_TYPE);

	CHECK_ST(zxvmo_get_mmio_resource(FAKE_MMIO_BASE, 2 * 4096, &mmio), ZX_OK);
	CHECK_ST(zx_object_get_info(mmio, ZX_INFO_RESOURCE, &res, sizeof(res), NULL, NULL), ZX_OK);
	CHECK(res.kind == ZX_RSRC_KIND_MMIO && res.base == FAKE_MMIO_BASE && res.size == 8192);
	CHECK_ST(zxvmo_get_mmio_resource(FAKE_MMIO_BASE + 1, 4096, &h), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zxvmo_get_mmio_resource(FAKE_MMIO_BASE, 0, &h), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zxvmo_get_mmio_resource(0x1000, 4096, &h), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zxvmo_get_mmio_resource(~(zx_paddr_t)4095, 8192, &h), ZX_ERR_OUT_OF_RANGE);

	CHECK_ST(zxvmo_get_bti(&bti), ZX_OK);
	CHECK_ST(zx_object_get_info(bti, ZX_INFO_HANDLE_BASIC, &basic, sizeof(basic), NULL, NULL),
		 ZX_OK);
	CHECK(basic.type == ZX_OBJ_TYPE_BTI && basic.rights == ZXVMO_DEFAULT_BTI_RIGHTS);
	CHECK_ST(zx_object_get_info(bti, ZX_INFO_RESOURCE, &res, sizeof(res), NULL, NULL),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_object_get_info(bti, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL), ZX_OK);

	/* VMO calls on resources and BTIs: WRONG_TYPE */
	CHECK_ST(zx_vmo_get_size(vmex, &size), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_read(bti, buf, 0, 1), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_write(mmio, buf, 0, 1), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_set_size(bti, 4096), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_op_range(vmex, ZX_VMO_OP_COMMIT, 0, 4096, NULL, 0), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_child(bti, ZX_VMO_CHILD_SLICE, 0, 4096, &h), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_set_cache_policy(mmio, 0), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, bti, 0, 4096,
			     (zx_vaddr_t *)&size),
		 ZX_ERR_WRONG_TYPE);
	/* a resource's default rights have no ZX_RIGHT_WAIT (Zircon's) */
	CHECK_ST(zx_object_wait_one(vmex, ZX_VMO_ZERO_CHILDREN, 0, &obs), ZX_ERR_ACCESS_DENIED);

	/* duplicate, replace, close */
	CHECK_ST(zx_handle_duplicate(vmex, ZX_RIGHT_DUPLICATE | ZX_RIGHT_INSPECT, &dup), ZX_OK);
	CHECK_ST(zx_object_get_info(dup, ZX_INFO_HANDLE_BASIC, &basic, sizeof(basic), NULL, NULL),
		 ZX_OK);
	CHECK(basic.type == ZX_OBJ_TYPE_RESOURCE &&
	      basic.rights == (ZX_RIGHT_DUPLICATE | ZX_RIGHT_INSPECT));
	CHECK_ST(zx_handle_replace(dup, ZX_RIGHT_INSPECT, &h), ZX_OK);
	CHECK(!fd_open((int)dup));
	CHECK_ST(zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &dup), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_handle_close(h), ZX_OK);

	/* no out pointer: the new handle does not leak */
	CHECK_ST(zxvmo_get_vmex_resource(NULL), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zxvmo_get_bti((zx_handle_t *)(uintptr_t)8), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zxvmo_get_mmio_resource(FAKE_MMIO_BASE, 4096, NULL), ZX_ERR_INVALID_ARGS);
	CHECK(fd_count() == fds + 3);

	/* unprivileged: the kernel's EACCES */
	g_unprivileged = 1;
	h = ZX_HANDLE_INVALID;
	CHECK_ST(zxvmo_get_vmex_resource(&h), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zxvmo_get_mmio_resource(FAKE_MMIO_BASE, 4096, &h), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zxvmo_get_bti(&h), ZX_ERR_ACCESS_DENIED);
	CHECK(h == ZX_HANDLE_INVALID);
	g_unprivileged = 0;

	/* the control device, opened again after the program closed libzx's */
	fake_close_controls();
	g_control_errno = ENOENT;
	CHECK_ST(zxvmo_get_bti(&h), ZX_ERR_NOT_SUPPORTED);
	g_control_errno = EACCES;
	CHECK_ST(zxvmo_get_vmex_resource(&h), ZX_ERR_ACCESS_DENIED);
	g_control_errno = EMFILE;
	CHECK_ST(zxvmo_get_mmio_resource(FAKE_MMIO_BASE, 4096, &h), ZX_ERR_NO_RESOURCES);
	g_control_errno = 0;
	g_force_errno = ENOTTY; /* a module that does not know the call */
	CHECK_ST(zxvmo_get_vmex_resource(&h), ZX_ERR_NOT_SUPPORTED);
	g_force_errno = ENOMEM;
	CHECK_ST(zxvmo_get_bti(&h), ZX_ERR_NO_MEMORY);
	CHECK(fd_count() == fds + 3);

	CHECK_ST(zx_handle_close(vmex), ZX_OK);
	CHECK_ST(zx_handle_close(mmio), ZX_OK);
	CHECK_ST(zx_handle_close(bti), ZX_OK);
	CHECK(fd_count() == fds);
}

static void test_fake_replace_as_executable(void)
{
	zx_handle_t vmo, vmex, mmio, bti, other, out, closed;
	zx_info_handle_basic_t basic;
	int p[2], fds;

	g_mock_control = 1;
	vmex = fake_vmex();
	CHECK_ST(zxvmo_get_mmio_resource(FAKE_MMIO_BASE, 4096, &mmio), ZX_OK);
	CHECK_ST(zxvmo_get_bti(&bti), ZX_OK);
	other = new_vmo(4096, 0);
	CHECK(pipe2(p, O_CLOEXEC) == 0);
	closed = 901;
	CHECK(!fd_open(901));
	fds = fd_count();
	g_foreign_ioctls = 0;

	/* success: rights | EXECUTE, the old handle is gone */
	vmo = new_vmo(4096, 0);
	CHECK_ST(zx_handle_replace(vmo, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WRITE, &vmo), ZX_OK);
	CHECK_ST(zx_vmo_replace_as_executable(vmo, vmex, &out), ZX_OK);
	CHECK(!fd_open((int)vmo) || out == vmo);
	CHECK_ST(zx_object_get_info(out, ZX_INFO_HANDLE_BASIC, &basic, sizeof(basic), NULL, NULL),
		 ZX_OK);
	CHECK(basic.rights == ((ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WRITE) | ZX_RIGHT_EXECUTE));
	CHECK(basic.type == ZX_OBJ_TYPE_VMO);
	/* no right needed on the source */
	CHECK_ST(zx_handle_replace(out, ZX_RIGHT_NONE, &vmo), ZX_OK);
	CHECK_ST(zx_vmo_replace_as_executable(vmo, vmex, &out), ZX_OK);
	CHECK(rights_of_fake(out) == ZX_RIGHT_EXECUTE);
	zx_handle_close(out);
	CHECK(fd_count() == fds);

	/* every refusal after the handle was found consumes it */
#define REFUSED(vmex_, want)                                                      \
	do {                                                                      \
		vmo = new_vmo(4096, 0);                                           \
		out = ZX_HANDLE_INVALID;                                          \
		CHECK_ST(zx_vmo_replace_as_executable(vmo, (vmex_), &out), (want)); \
		CHECK(!fd_open((int)vmo) && out == ZX_HANDLE_INVALID);            \
		CHECK(fd_count() == fds);                                         \
	} while (0)
	REFUSED(ZX_HANDLE_INVALID, ZX_ERR_ACCESS_DENIED); /* allow_invalid_vmex=0 */
	REFUSED(closed, ZX_ERR_BAD_HANDLE);
	REFUSED((zx_handle_t)p[0], ZX_ERR_WRONG_TYPE);
	REFUSED(other, ZX_ERR_WRONG_TYPE);
	REFUSED(bti, ZX_ERR_WRONG_TYPE);
	REFUSED(mmio, ZX_ERR_BAD_HANDLE);
	REFUSED(zx_vmar_root_self(), ZX_ERR_WRONG_TYPE);
	g_allow_invalid_vmex = 1;
	/* 0xFFFFFFFF is no descriptor: it must not reach the kernel as -1 */
	REFUSED(0xFFFFFFFFu, ZX_ERR_BAD_HANDLE);
	REFUSED((zx_handle_t)INT32_MAX + 1u, ZX_ERR_BAD_HANDLE);
	vmo = new_vmo(4096, 0);
	CHECK_ST(zx_vmo_replace_as_executable(vmo, ZX_HANDLE_INVALID, &out), ZX_OK);
	CHECK(rights_of_fake(out) == (ZX_DEFAULT_VMO_RIGHTS | ZX_RIGHT_EXECUTE));
	zx_handle_close(out);
	g_allow_invalid_vmex = 0;
	CHECK(fd_open(p[0]) && fd_open(p[1])); /* a foreign vmex is not touched */
	CHECK(fd_open((int)other) && fd_open((int)bti) && fd_open((int)mmio));

	/* an out pointer that cannot be written: both handles gone */
	vmo = new_vmo(4096, 0);
	CHECK_ST(zx_vmo_replace_as_executable(vmo, vmex, NULL), ZX_ERR_INVALID_ARGS);
	CHECK(!fd_open((int)vmo) && fd_count() == fds);

	/* handle not found: nothing consumed, BAD_HANDLE before the vmex status */
	CHECK_ST(zx_vmo_replace_as_executable(closed, vmex, &out), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_replace_as_executable(ZX_HANDLE_INVALID, (zx_handle_t)p[0], &out),
		 ZX_ERR_BAD_HANDLE);
	CHECK(fd_open((int)vmex) && fd_count() == fds);

	/* found but not a VMO: consumed, the vmex status first, else BAD_HANDLE */
	{
		zx_handle_t r2 = fake_vmex(), b2, q[2];

		CHECK_ST(zx_vmo_replace_as_executable(r2, vmex, &out), ZX_ERR_BAD_HANDLE);
		CHECK(!fd_open((int)r2));
		CHECK_ST(zxvmo_get_bti(&b2), ZX_OK);
		CHECK_ST(zx_vmo_replace_as_executable(b2, closed, &out), ZX_ERR_BAD_HANDLE);
		CHECK(!fd_open((int)b2));
		CHECK_ST(zxvmo_get_bti(&b2), ZX_OK);
		CHECK_ST(zx_vmo_replace_as_executable(b2, (zx_handle_t)p[0], &out),
			 ZX_ERR_WRONG_TYPE);
		CHECK(!fd_open((int)b2));
		CHECK_ST(zxvmo_get_bti(&b2), ZX_OK);
		CHECK_ST(zx_vmo_replace_as_executable(b2, ZX_HANDLE_INVALID, &out),
			 ZX_ERR_BAD_HANDLE);
		CHECK(!fd_open((int)b2));
		CHECK(pipe2((int *)q, O_CLOEXEC) == 0);
		CHECK_ST(zx_vmo_replace_as_executable(q[0], vmex, &out), ZX_ERR_BAD_HANDLE);
		CHECK(!fd_open((int)q[0]));
		CHECK_ST(zx_vmo_replace_as_executable(q[1], mmio, &out), ZX_ERR_BAD_HANDLE);
		CHECK(!fd_open((int)q[1]));
		CHECK_ST(zx_vmo_replace_as_executable(zx_vmar_root_self(), vmex, &out),
			 ZX_ERR_BAD_HANDLE);
		CHECK_ST(zx_vmo_replace_as_executable(zx_vmar_root_self(), other, &out),
			 ZX_ERR_WRONG_TYPE);
		CHECK(fd_count() == fds);
	}
	CHECK(g_foreign_ioctls == 0);
#undef REFUSED

	close(p[0]);
	close(p[1]);
	zx_handle_close(other);
	zx_handle_close(bti);
	zx_handle_close(mmio);
	zx_handle_close(vmex);
}

static void test_fake_contiguous_and_physical(void)
{
	zx_handle_t vmex, mmio, bti, weak, vmo = ZX_HANDLE_INVALID, other, closed = 902;
	zx_info_vmo_t info;
	char buf[16] = "contiguous";
	int p[2], fds;

	g_mock_control = 1;
	vmex = fake_vmex();
	CHECK_ST(zxvmo_get_mmio_resource(FAKE_MMIO_BASE, 4 * 4096, &mmio), ZX_OK);
	CHECK_ST(zxvmo_get_bti(&bti), ZX_OK);
	other = new_vmo(4096, 0);
	CHECK(pipe2(p, O_CLOEXEC) == 0);
	CHECK(!fd_open(902));
	fds = fd_count();
	g_foreign_ioctls = 0;

	/* contiguous: size and alignment come before the handle (Zircon's order) */
	CHECK_ST(zx_vmo_create_contiguous(closed, 0, 0, &vmo), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_create_contiguous(closed, 4096, 11, &vmo), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_create_contiguous(closed, 4096, 64, &vmo), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_create_contiguous(bti, 4096, 1, &vmo), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_create_contiguous(bti, 0, 12, &vmo), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_create_contiguous(closed, 4096, 0, &vmo), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_create_contiguous(ZX_HANDLE_INVALID, 4096, 0, &vmo), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_create_contiguous((zx_handle_t)p[0], 4096, 0, &vmo), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_contiguous(other, 4096, 0, &vmo), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_contiguous(vmex, 4096, 0, &vmo), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_contiguous(mmio, 4096, 0, &vmo), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_contiguous(zx_vmar_root_self(), 4096, 0, &vmo), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_handle_duplicate(bti, ZXVMO_DEFAULT_BTI_RIGHTS & ~ZX_RIGHT_MAP, &weak), ZX_OK);
	CHECK_ST(zx_vmo_create_contiguous(weak, 4096, 0, &vmo), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_vmo_create_contiguous(bti, (size_t)FAKE_DATA * 2, 0, &vmo), ZX_ERR_NO_MEMORY);
	CHECK_ST(zx_vmo_create_contiguous(bti, 4096, 63, &vmo), ZX_ERR_NO_MEMORY);
	CHECK_ST(zx_vmo_create_contiguous(bti, 3 * 4096, 0, NULL), ZX_ERR_INVALID_ARGS);
	CHECK(fd_count() == fds + 1);
	CHECK_ST(zx_vmo_create_contiguous(bti, 3 * 4096 - 5, 13, &vmo), ZX_OK);
	info = fake_vmo_info(vmo);
	CHECK((info.flags & ZX_INFO_VMO_CONTIGUOUS) && (info.flags & ZX_INFO_VMO_TYPE_PAGED));
	CHECK(info.size_bytes == 3 * 4096 && info.handle_rights == ZX_DEFAULT_VMO_RIGHTS);
	CHECK_ST(zx_vmo_write(vmo, buf, 0, sizeof(buf)), ZX_OK);
	zx_handle_close(vmo);
	zx_handle_close(weak);

	/* physical */
	CHECK_ST(zx_vmo_create_physical(closed, FAKE_MMIO_BASE, 4096, &vmo), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_vmo_create_physical((zx_handle_t)p[1], FAKE_MMIO_BASE, 4096, &vmo),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_physical(other, FAKE_MMIO_BASE, 4096, &vmo), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_physical(bti, FAKE_MMIO_BASE, 4096, &vmo), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_physical(vmex, FAKE_MMIO_BASE, 4096, &vmo), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_vmo_create_physical(mmio, FAKE_MMIO_BASE - 4096, 4096, &vmo),
		 ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_vmo_create_physical(mmio, FAKE_MMIO_BASE, 5 * 4096, &vmo),
		 ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_vmo_create_physical(mmio, ~(zx_paddr_t)0 - 4095, 8192, &vmo),
		 ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_vmo_create_physical(mmio, FAKE_MMIO_BASE + 1, 4096, &vmo),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_create_physical(mmio, FAKE_MMIO_BASE, 100, &vmo), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_create_physical(mmio, FAKE_MMIO_BASE, 0, &vmo), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_vmo_create_physical(mmio, FAKE_MMIO_BASE, 4096, NULL), ZX_ERR_INVALID_ARGS);
	CHECK(fd_count() == fds);
	CHECK_ST(zx_vmo_create_physical(mmio, FAKE_MMIO_BASE + 4096, 2 * 4096, &vmo), ZX_OK);
	info = fake_vmo_info(vmo);
	CHECK(!(info.flags & ZX_INFO_VMO_TYPE_PAGED) && info.cache_policy == ZX_CACHE_POLICY_UNCACHED);
	CHECK(info.handle_rights == (ZX_DEFAULT_VMO_RIGHTS | ZX_RIGHT_EXECUTE));
	CHECK_ST(zx_vmo_read(vmo, buf, 0, 1), ZX_ERR_NOT_SUPPORTED);
	CHECK_ST(zx_vmo_write(vmo, buf, 0, 1), ZX_ERR_NOT_SUPPORTED);
	zx_handle_close(vmo);
	CHECK(g_foreign_ioctls == 0);
	CHECK(fd_count() == fds);

	close(p[0]);
	close(p[1]);
	zx_handle_close(other);
	zx_handle_close(bti);
	zx_handle_close(mmio);
	zx_handle_close(vmex);
}

/*
 * zx_object_signal() and its waits against the fake: the library's part is
 * the handle checks, the args it sends, the status it maps back and the
 * poll events it asks for and decodes (the kernel's rules: signal_test).
 */
static void test_fake_signal(void)
{
	zx_handle_t vmo, dup, nosig, bti, closed = 905;
	zx_signals_t obs = 0;

	g_mock_control = 1;
	vmo = new_vmo(4096, 0);
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &dup), ZX_OK);
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_WAIT, &nosig), ZX_OK);
	CHECK(!fd_open(905));

	CHECK_ST(zx_object_signal(vmo, 0, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_7), ZX_OK);
	CHECK_ST(zx_object_wait_one(dup, ZX_USER_SIGNAL_7, 0, &obs), ZX_OK);
	CHECK(obs == (ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_7));
	CHECK_ST(zx_object_signal(dup, ZX_USER_SIGNAL_ALL, ZX_USER_SIGNAL_3), ZX_OK);
	CHECK_ST(zx_object_wait_one(vmo, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_3, 0, &obs), ZX_OK);
	CHECK(obs == ZX_USER_SIGNAL_3);
	obs = 77;
	CHECK_ST(zx_object_wait_one(vmo, ZX_USER_SIGNAL_0, 0, &obs), ZX_ERR_TIMED_OUT);
	CHECK(obs == ZX_USER_SIGNAL_3);

	CHECK_ST(zx_object_signal(nosig, 0, ZX_USER_SIGNAL_0), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_object_signal(vmo, 0, ZX_VMO_ZERO_CHILDREN), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_object_signal(vmo, 1u, 0), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_object_signal(closed, 0, ZX_USER_SIGNAL_0), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_object_signal(ZX_HANDLE_INVALID, 0, 0), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_object_signal(zx_vmar_root_self(), 0, 0), ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zxvmo_get_bti(&bti), ZX_OK);
	CHECK_ST(zx_object_signal(bti, 0, ZX_USER_SIGNAL_0), ZX_ERR_ACCESS_DENIED);

	zx_handle_close(bti);
	zx_handle_close(nosig);
	zx_handle_close(dup);
	zx_handle_close(vmo);
}

static void test_fake_bti_pin(void)
{
	zx_handle_t bti, weak, vmo, ro, pmt = ZX_HANDLE_INVALID, closed = 903;
	zx_paddr_t addrs[4] = { 0 };
	zx_info_handle_basic_t basic;
	zx_info_bti_t info;
	char name[ZX_MAX_NAME_LEN];
	int p[2], fds, unpins;

	g_mock_control = 1;
	CHECK_ST(zxvmo_get_bti(&bti), ZX_OK);
	vmo = new_vmo(4 * 4096, 0);
	CHECK(pipe2(p, O_CLOEXEC) == 0);
	CHECK(!fd_open(903));
	fds = fd_count();
	g_foreign_ioctls = 0;

	/* ZX_INFO_BTI and the name. */
	memset(&info, 0xff, sizeof(info));
	CHECK_ST(zx_object_get_info(bti, ZX_INFO_BTI, &info, sizeof(info), NULL, NULL), ZX_OK);
	CHECK(info.minimum_contiguity == 4096 && info.aspace_size == UINT64_MAX &&
	      info.pmo_count == 0 && info.quarantine_count == 0);
	CHECK_ST(zx_object_get_info(bti, ZX_INFO_BTI, &info, sizeof(info) - 1, NULL, NULL),
		 ZX_ERR_BUFFER_TOO_SMALL);
	CHECK_ST(zx_object_get_info(vmo, ZX_INFO_BTI, &info, sizeof(info), NULL, NULL),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_object_set_property(bti, ZX_PROP_NAME, "bti0", 4), ZX_OK);
	CHECK_ST(zx_object_get_property(bti, ZX_PROP_NAME, name, sizeof(name)), ZX_OK);
	CHECK(strcmp(name, "bti0") == 0);

	/* Statuses the kernel gives come back as Zircon's. */
	CHECK_ST(zx_bti_pin(closed, ZX_BTI_PERM_READ, vmo, 0, 4096, addrs, 1, &pmt),
		 ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_bti_pin((zx_handle_t)p[0], ZX_BTI_PERM_READ, vmo, 0, 4096, addrs, 1, &pmt),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_READ, ZX_HANDLE_INVALID, 0, 4096, addrs, 1, &pmt),
		 ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_READ, 0x80000000u, 0, 4096, addrs, 1, &pmt),
		 ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_READ, closed, 0, 4096, addrs, 1, &pmt),
		 ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_READ, (zx_handle_t)p[1], 0, 4096, addrs, 1, &pmt),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_READ, zx_vmar_root_self(), 0, 4096, addrs, 1, &pmt),
		 ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_READ, vmo, 1, 4096, addrs, 1, &pmt),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_READ, vmo, 0, 8 * 4096, addrs, 8, &pmt),
		 ZX_ERR_OUT_OF_RANGE);
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_READ, vmo, 0, 4096, addrs, 2, &pmt),
		 ZX_ERR_INVALID_ARGS);
	CHECK_ST(zx_handle_duplicate(bti, ZX_DEFAULT_BTI_RIGHTS & ~ZX_RIGHT_MAP, &weak), ZX_OK);
	CHECK_ST(zx_bti_pin(weak, ZX_BTI_PERM_READ, vmo, 0, 4096, addrs, 1, &pmt),
		 ZX_ERR_ACCESS_DENIED);
	CHECK_ST(zx_handle_duplicate(vmo, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WRITE, &ro), ZX_OK);
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_WRITE, ro, 0, 4096, addrs, 1, &pmt),
		 ZX_ERR_ACCESS_DENIED);
	CHECK(pmt == ZX_HANDLE_INVALID);
	CHECK(fd_count() == fds + 2);

	/* Pinned, then unpinned: zx_pmt_unpin closes the handle. */
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_READ, vmo, 4096, 2 * 4096, addrs, 2, &pmt), ZX_OK);
	CHECK(pmt != ZX_HANDLE_INVALID && addrs[0] && addrs[1] == addrs[0] + 4096);
	CHECK_ST(zx_object_get_info(pmt, ZX_INFO_HANDLE_BASIC, &basic, sizeof(basic), NULL, NULL),
		 ZX_OK);
	CHECK(basic.type == ZX_OBJ_TYPE_PMT && basic.rights == ZX_RIGHT_INSPECT);
	CHECK_ST(zx_object_get_info(bti, ZX_INFO_BTI, &info, sizeof(info), NULL, NULL), ZX_OK);
	CHECK(info.pmo_count == 1);
	CHECK_ST(zx_pmt_unpin(pmt), ZX_OK);
	CHECK(!fd_open((int)pmt));
	CHECK_ST(zx_object_get_info(bti, ZX_INFO_BTI, &info, sizeof(info), NULL, NULL), ZX_OK);
	CHECK(info.pmo_count == 0);

	/* An out pointer that cannot take the PMT: unpinned, then closed. */
	unpins = g_unpins;
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_READ, vmo, 0, 4096, addrs, 1, NULL),
		 ZX_ERR_INVALID_ARGS);
	CHECK(g_unpins == unpins + 1);
	CHECK_ST(zx_bti_pin(bti, ZX_BTI_PERM_READ, vmo, 0, 4096, NULL, 1, &pmt),
		 ZX_ERR_INVALID_ARGS);
	CHECK(fd_count() == fds + 2);

	/* zx_pmt_unpin consumes any descriptor; the root VMAR is not one. */
	CHECK_ST(zx_pmt_unpin(ZX_HANDLE_INVALID), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_pmt_unpin(closed), ZX_ERR_BAD_HANDLE);
	CHECK_ST(zx_pmt_unpin(zx_vmar_root_self()), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_pmt_unpin(ro), ZX_ERR_WRONG_TYPE);
	CHECK(!fd_open((int)ro));
	CHECK_ST(zx_pmt_unpin((zx_handle_t)p[0]), ZX_ERR_WRONG_TYPE);
	CHECK(!fd_open(p[0]));

	/* release_quarantine: WRITE on a BTI. */
	CHECK_ST(zx_bti_release_quarantine(bti), ZX_OK);
	CHECK_ST(zx_bti_release_quarantine(vmo), ZX_ERR_WRONG_TYPE);
	CHECK_ST(zx_bti_release_quarantine(closed), ZX_ERR_BAD_HANDLE);
	zx_handle_close(weak);
	CHECK_ST(zx_handle_duplicate(bti, ZX_DEFAULT_BTI_RIGHTS & ~ZX_RIGHT_WRITE, &weak), ZX_OK);
	CHECK_ST(zx_bti_release_quarantine(weak), ZX_ERR_ACCESS_DENIED);
	zx_handle_close(weak);
	CHECK(g_foreign_ioctls == 0);

	close(p[1]);
	zx_handle_close(vmo);
	zx_handle_close(bti);
}

static void test_handle_out_fd0(void)
{
	zx_handle_t h = 0;
	int saved = fcntl(0, F_DUPFD_CLOEXEC, 3), fd;

	close(0);
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	CHECK(fd == 0);
	CHECK_ST(zxl_handle_out(fd, &h), ZX_OK);
	CHECK(h != 0 && !fd_open(0) && fd_open((int)h));
	close((int)h);
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	CHECK_ST(zxl_handle_out(fd, NULL), ZX_ERR_INVALID_ARGS);
	CHECK(!fd_open(fd));
	if (saved >= 0) {
		dup2(saved, 0);
		close(saved);
	}
}

/*
 * Errnos libzx translates itself (not through the uapi table): the kernel
 * out of memory or of VMAs is ZX_ERR_NO_MEMORY, never INTERNAL or
 * NOT_FOUND; an unmapped range stays NOT_FOUND for protect.
 */
static void test_memory_call_errnos(void)
{
	zx_handle_t root = zx_vmar_root_self(), vmo, h = 0;
	size_t page = zx_system_get_page_size();
	zx_vaddr_t addr = 0;
	uint64_t size = 0;
	char *mem, *spot;
	int fd;

	mem = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(mem != MAP_FAILED);
	mem[page] = 'm';

	g_munmap_errno = ENOMEM;
	CHECK_ST(zx_vmar_unmap(root, (zx_vaddr_t)mem + page, page), ZX_ERR_NO_MEMORY);
	g_munmap_errno = EINVAL;
	CHECK_ST(zx_vmar_unmap(root, (zx_vaddr_t)mem + page, page), ZX_ERR_INVALID_ARGS);
	g_munmap_errno = EPERM;
	CHECK_ST(zx_vmar_unmap(root, (zx_vaddr_t)mem + page, page), ZX_ERR_ACCESS_DENIED);
	g_munmap_errno = EIO;
	CHECK_ST(zx_vmar_unmap(root, (zx_vaddr_t)mem + page, page), ZX_ERR_INTERNAL);
	g_munmap_errno = 0;
	CHECK(mem[page] == 'm');

	/* ENOMEM on a range that is all mapped: out of memory or VMAs. */
	g_mprotect_errno = ENOMEM;
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem + page, page),
		 ZX_ERR_NO_MEMORY);
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem, 3 * page),
		 ZX_ERR_NO_MEMORY);
	g_mprotect_errno = EACCES;
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem, page),
		 ZX_ERR_ACCESS_DENIED);
	g_mprotect_errno = EINVAL;
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem, page),
		 ZX_ERR_INVALID_ARGS);
	g_mprotect_errno = EIO;
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem, page), ZX_ERR_INTERNAL);
	/* ENOMEM where part of the range is not mapped: NOT_FOUND. */
	CHECK(munmap(mem + 2 * page, page) == 0);
	g_mprotect_errno = ENOMEM;
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem, 3 * page),
		 ZX_ERR_NOT_FOUND);
	g_mprotect_errno = 0;
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem, 3 * page),
		 ZX_ERR_NOT_FOUND);
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem, 2 * page), ZX_OK);
	CHECK(mem[page] == 'm');
	CHECK(munmap(mem, 2 * page) == 0);

	/* mmap: placed by the kernel, ENOMEM is no room; at a fixed spot, no memory. */
	g_mock_control = 1;
	vmo = new_vmo(4 * page, 0);
	spot = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(spot != MAP_FAILED && munmap(spot, page) == 0);
	g_mmap_errno = ENOMEM;
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, vmo, 0, page, &addr),
		 ZX_ERR_NO_RESOURCES);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_ALIGN_1MB, 0, vmo, 0, page, &addr),
		 ZX_ERR_NO_RESOURCES);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_SPECIFIC, (zx_vaddr_t)spot, vmo, 0,
			     page, &addr),
		 ZX_ERR_NO_MEMORY);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_SPECIFIC_OVERWRITE,
			     (zx_vaddr_t)spot, vmo, 0, page, &addr),
		 ZX_ERR_NO_MEMORY);
	g_mmap_errno = EAGAIN;
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, vmo, 0, page, &addr),
		 ZX_ERR_NO_RESOURCES);
	g_mmap_errno = ENODEV;
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, vmo, 0, page, &addr),
		 ZX_ERR_NOT_SUPPORTED);
	g_mmap_errno = 0;
	CHECK(addr == 0);
	zx_handle_close(vmo);

	/* Checking a handle: the kernel out of memory, or interrupted. */
	vmo = new_vmo(page, 0);
	g_fstatfs_errno = ENOMEM;
	CHECK_ST(zx_vmo_get_size(vmo, &size), ZX_ERR_NO_MEMORY);
	g_fstatfs_errno = EINTR;
	CHECK_ST(zx_vmo_get_size(vmo, &size), ZX_OK);
	CHECK(size == page);
	zx_handle_close(vmo);

	/* A new handle moved off fd 0: no descriptor, or no memory for one. */
	{
		int saved = fcntl(0, F_DUPFD_CLOEXEC, 3);

		close(0);
		fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		CHECK(fd == 0);
		g_dupfd_errno = ENOMEM;
		CHECK_ST(zxl_handle_out(fd, &h), ZX_ERR_NO_MEMORY);
		CHECK(!fd_open(0));
		fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		CHECK(fd == 0);
		g_dupfd_errno = EMFILE;
		CHECK_ST(zxl_handle_out(fd, &h), ZX_ERR_NO_RESOURCES);
		CHECK(!fd_open(0));
		g_dupfd_errno = 0;
		CHECK(h == 0);
		if (saved >= 0) {
			dup2(saved, 0);
			close(saved);
		}
	}
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_constants();
	test_status_strings();
	test_errno_map();
	test_bad_and_foreign_handles();
	test_system_and_time();
	test_root_vmar();
	test_control_device();
	test_fake_vmo_calls();
	test_fake_info_and_properties();
	test_fake_map_and_wait();
	test_handle_out_fd0();
	test_memory_call_errnos();
	test_usercopy();
	test_fake_bad_out_pointers();
	test_fake_resource_getters();
	test_fake_replace_as_executable();
	test_fake_contiguous_and_physical();
	test_fake_bti_pin();
	test_fake_signal();
	return CHECK_SUMMARY();
}
