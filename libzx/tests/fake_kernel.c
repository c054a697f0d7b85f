// SPDX-License-Identifier: BSD-2-Clause
/*
 * The fake zxvmo kernel of libzx's host unit test: see fake_kernel.h.
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

#include "fake_kernel.h"

#define MAXOBJ 64

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


static struct fake_obj g_obj[MAXOBJ];
struct fake_fd g_fd[MAXFD];
int g_mock_control;     /* open("/dev/zxvmo") is faked */
int g_control_errno;    /* ... and fails with this errno */
int g_force_errno;      /* next fake ioctl fails with this */
int g_foreign_ioctls;   /* zxvmo ioctls seen on non-zxvmo fds */
int g_control_ioctls;   /* ZXVMO_IOC_CREATE on a fake control device */
static uint64_t g_next_koid = 1024;
int g_unprivileged;     /* resource/BTI getters fail with EACCES */
int g_allow_invalid_vmex; /* the module parameter allow_invalid_vmex */

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
	/* As the module, a control file's position is its identity. */
	if (kind == 1 && lseek(fd, ((off_t)1 << 61) + fd, SEEK_SET) < 0)
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

int g_unpins; /* ZXVMO_IOC_PMT_UNPIN calls that unpinned */

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
int fake_controls(int *fd)
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
void fake_close_controls(void)
{
	int fd;

	while (fake_controls(&fd))
		close(fd);
}

int g_fstatfs_errno; /* next fstatfs() fails with this */

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
int g_mmap_errno, g_munmap_errno, g_mprotect_errno, g_dupfd_errno;

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

/* A copy to or from the caller's @value, EINVAL if it faults (the module's). */
static int fake_copy(void *dst, const void *src, size_t len, int in)
{
	zx_status_t st = in ? zxl_copy_in(dst, src, len) : zxl_copy_out(dst, src, len);

	return st == ZX_OK ? 0 : fail(EINVAL);
}

/* Names and content sizes in the module's (Zircon's) order: see the uapi. */
static int fake_name_property(struct fake_obj *o, void *value, uint64_t size, int set)
{
	int named = o->type == ZXVMO_OBJ_TYPE_VMO || o->type == ZXVMO_OBJ_TYPE_BTI;
	char name[ZXVMO_NAME_LEN] = { 0 };
	size_t end;

	if (!set) {
		if (size < ZXVMO_NAME_LEN)
			return fail(ENOBUFS);
		return named ? fake_copy(value, o->name, ZXVMO_NAME_LEN, 0) : fail(ENOTTY);
	}
	if (fake_copy(name, value, size < ZXVMO_NAME_LEN ? size : ZXVMO_NAME_LEN - 1, 1))
		return -1;
	if (!named)
		return fail(ENOTTY);
	end = strlen(name);
	memset(name + end, 0, ZXVMO_NAME_LEN - end);
	memcpy(o->name, name, ZXVMO_NAME_LEN);
	return 0;
}

static int fake_property(struct fake_fd *h, struct fake_obj *o,
			 const struct zxvmo_property_args *a, int set)
{
	void *value = (void *)(uintptr_t)a->value;

	if (a->reserved)
		return fail(EINVAL);
	if (!(h->rights & (set ? ZXVMO_RIGHT_SET_PROPERTY : ZXVMO_RIGHT_GET_PROPERTY)))
		return fail(EACCES);
	if (a->property == ZXVMO_PROP_NAME)
		return fake_name_property(o, value, a->value_size, set);
	if (a->property != ZXVMO_PROP_VMO_CONTENT_SIZE)
		return fail(EOPNOTSUPP);
	if (set && !(h->rights & ZXVMO_RIGHT_WRITE))
		return fail(EACCES);
	if (a->value_size < sizeof(uint64_t))
		return fail(ENOBUFS);
	if (o->type != ZXVMO_OBJ_TYPE_VMO)
		return fail(ENOTTY);
	if (set)
		return fake_copy(&o->content_size, value, sizeof(uint64_t), 1);
	return fake_copy(value, &o->content_size, sizeof(uint64_t), 0);
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
	case ZXVMO_IOC_GET_PROPERTY:
	case ZXVMO_IOC_SET_PROPERTY:
		return fake_property(h, o, arg, req == ZXVMO_IOC_SET_PROPERTY);
	case ZXVMO_IOC_GET_SIGNALS: /* no children count: never ZERO_CHILDREN */
		if (!(h->rights & ZXVMO_RIGHT_WAIT))
			return fail(EACCES);
		*(uint32_t *)arg = o->type == ZXVMO_OBJ_TYPE_VMO ? o->signals : 0;
		return 0;
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
