// SPDX-License-Identifier: GPL-2.0
/*
 * Resources and BTIs: the kernel objects that guard executable, physical
 * and contiguous VMOs in Zircon.  On Linux those powers belong to
 * privileged processes, so the control device hands them out only to
 * callers with the capability that guards the same power here:
 *
 *   vmex resource   (mark VMOs executable)        CAP_SYS_ADMIN
 *   MMIO resource   (map a physical range)        CAP_SYS_RAWIO, and the
 *                   range must not be System RAM nor claimed exclusively
 *                   by a driver (the rules of /dev/mem)
 *   BTI             (contiguous DMA-able memory)  CAP_SYS_ADMIN
 *
 * Each is a file on the private filesystem with its own fops, so VMO
 * ioctls on it fail with WRONG_TYPE; it can be duplicated and queried.
 */
#include <linux/capability.h>
#include <linux/file.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "zxvmo.h"

struct zxvmo_object {
	u64 koid;
	u32 type;		/* ZXVMO_OBJ_TYPE_RESOURCE or _BTI */
	u32 kind;		/* resources: ZXVMO_RSRC_KIND_* */
	u64 base, size;		/* resources: the range, or the system base */
	struct inode *inode;
	refcount_t refs;	/* one per handle file */
};

struct zxvmo_obj_handle {
	struct zxvmo_object *obj;
	u32 rights;
};

static const struct file_operations zxvmo_obj_fops;

static void zxvmo_obj_put(struct zxvmo_object *obj)
{
	if (!refcount_dec_and_test(&obj->refs))
		return;
	iput(obj->inode);
	kfree(obj);
	zxvmo_fs_unpin();	/* a file of ours still holds the mount */
}

/* A new handle (file + fd) to @obj; takes a reference. */
static int zxvmo_obj_install(struct zxvmo_object *obj, u32 rights)
{
	struct zxvmo_obj_handle *h;
	int fd;

	h = kzalloc(sizeof(*h), GFP_KERNEL_ACCOUNT);
	if (!h)
		return -ENOMEM;
	h->obj = obj;
	h->rights = rights;
	refcount_inc(&obj->refs);
	fd = zxvmo_install_file(obj->inode, O_RDONLY, &zxvmo_obj_fops, h, NULL);
	if (fd < 0) {
		refcount_dec(&obj->refs);	/* the caller holds another */
		kfree(h);
	}
	return fd;
}

/* Create an object and its first handle. */
static int zxvmo_obj_create(u32 type, u32 kind, u64 base, u64 size, u32 rights)
{
	struct zxvmo_object *obj;
	int fd;

	fd = zxvmo_fs_pin();
	if (fd)
		return fd;
	obj = kzalloc(sizeof(*obj), GFP_KERNEL_ACCOUNT);
	if (!obj) {
		zxvmo_fs_unpin();
		return -ENOMEM;
	}
	obj->inode = zxvmo_new_inode();
	if (IS_ERR(obj->inode)) {
		fd = PTR_ERR(obj->inode);
		kfree(obj);
		zxvmo_fs_unpin();
		return fd;
	}
	obj->koid = zxvmo_new_koid();
	obj->type = type;
	obj->kind = kind;
	obj->base = base;
	obj->size = size;
	refcount_set(&obj->refs, 1);
	fd = zxvmo_obj_install(obj, rights);
	/* No file of ours may hold the mount yet: unpin from here is safe. */
	zxvmo_obj_put(obj);
	return fd;
}

static int zxvmo_found_resource(struct resource *res, void *arg)
{
	return 1;	/* stop the walk: one is enough */
}

/*
 * /dev/mem's rules: not under kernel lockdown, within the CPU's physical
 * address width, no System RAM (RAM set aside with memmap= is not), and
 * nothing a driver claimed exclusively (with IO_STRICT_DEVMEM, nothing
 * busy), at any depth of the iomem tree.
 */
static int zxvmo_mmio_allowed(u64 paddr, u64 size)
{
	unsigned long claimed = IORESOURCE_MEM | IORESOURCE_BUSY;

	if (security_locked_down(LOCKDOWN_DEV_MEM))
		return -ZXVMO_E_ACCESS_DENIED;
#ifdef CONFIG_X86
	if (paddr + size > 1ull << boot_cpu_data.x86_phys_bits)
		return -ZXVMO_E_OUT_OF_RANGE;
#endif
	if (region_intersects(paddr, size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT)
		return -ZXVMO_E_ACCESS_DENIED;
	if (!IS_ENABLED(CONFIG_IO_STRICT_DEVMEM))
		claimed |= IORESOURCE_EXCLUSIVE;
	if (walk_iomem_res_desc(IORES_DESC_NONE, claimed, paddr,
				paddr + size - 1, NULL, zxvmo_found_resource) == 1)
		return -ZXVMO_E_ACCESS_DENIED;
	return 0;
}

long zxvmo_ctl_get_resource(unsigned int cmd, void __user *argp)
{
	struct zxvmo_phys_args args;
	u64 end;
	int err;

	switch (cmd) {
	case ZXVMO_IOC_GET_VMEX_RESOURCE:
		if (!capable(CAP_SYS_ADMIN))
			return -ZXVMO_E_ACCESS_DENIED;
		return zxvmo_obj_create(ZXVMO_OBJ_TYPE_RESOURCE,
					ZXVMO_RSRC_KIND_SYSTEM,
					ZXVMO_RSRC_SYSTEM_VMEX_BASE, 1,
					ZXVMO_DEFAULT_RESOURCE_RIGHTS);
	case ZXVMO_IOC_GET_BTI:
		if (!capable(CAP_SYS_ADMIN))
			return -ZXVMO_E_ACCESS_DENIED;
		return zxvmo_obj_create(ZXVMO_OBJ_TYPE_BTI, 0, 0, 0,
					ZXVMO_DEFAULT_BTI_RIGHTS);
	default:	/* ZXVMO_IOC_GET_MMIO_RESOURCE */
		if (!capable(CAP_SYS_RAWIO))
			return -ZXVMO_E_ACCESS_DENIED;
		if (copy_from_user(&args, argp, sizeof(args)))
			return -EFAULT;
		if (!args.size || !PAGE_ALIGNED(args.paddr) ||
		    !PAGE_ALIGNED(args.size))
			return -ZXVMO_E_INVALID_ARGS;
		if (check_add_overflow(args.paddr, args.size, &end))
			return -ZXVMO_E_OUT_OF_RANGE;
		err = zxvmo_mmio_allowed(args.paddr, args.size);
		if (err)
			return err;
		return zxvmo_obj_create(ZXVMO_OBJ_TYPE_RESOURCE,
					ZXVMO_RSRC_KIND_MMIO, args.paddr,
					args.size, ZXVMO_DEFAULT_RESOURCE_RIGHTS);
	}
}

/* Before 6.12 struct fd was open (Kbuild's probe). */
#ifndef ZXVMO_HAVE_FD_FILE
#define fd_file(f) ((f).file)
#endif

/* The object behind @fd if it is one of ours of @type, else an errno. */
static int zxvmo_obj_lookup(struct fd f, u32 type, struct zxvmo_obj_handle **h)
{
	struct file *file = fd_file(f);

	if (!file)
		return -ZXVMO_E_BAD_HANDLE;
	if (file->f_op != &zxvmo_obj_fops)
		return -ZXVMO_E_WRONG_TYPE;
	*h = file->private_data;
	return (*h)->obj->type == type ? 0 : -ZXVMO_E_WRONG_TYPE;
}

static bool allow_invalid_vmex;
module_param(allow_invalid_vmex, bool, 0644);
MODULE_PARM_DESC(allow_invalid_vmex,
		 "zx_vmo_replace_as_executable accepts ZX_HANDLE_INVALID as vmex (Zircon's ZX_POL_AMBIENT_MARK_VMO_EXEC)");

/*
 * Is @vmex_fd a vmex resource (ZX_RSRC_KIND_SYSTEM, base VMEX)?  -1 stands
 * for ZX_HANDLE_INVALID, which Zircon accepts when the job policy
 * ZX_POL_AMBIENT_MARK_VMO_EXEC allows it and refuses with ACCESS_DENIED
 * otherwise: the allow_invalid_vmex parameter is that policy.
 */
int zxvmo_check_vmex(int vmex_fd)
{
	struct zxvmo_obj_handle *h;
	struct fd f;
	int err;

	if (vmex_fd == -1)
		return allow_invalid_vmex ? 0 : -ZXVMO_E_ACCESS_DENIED;
	f = fdget(vmex_fd);
	err = zxvmo_obj_lookup(f, ZXVMO_OBJ_TYPE_RESOURCE, &h);
	if (!err && (h->obj->kind != ZXVMO_RSRC_KIND_SYSTEM ||
		     h->obj->base != ZXVMO_RSRC_SYSTEM_VMEX_BASE))
		err = -ZXVMO_E_BAD_HANDLE;
	fdput(f);
	return err;
}

static long zxvmo_obj_dup(struct zxvmo_obj_handle *h, void __user *argp)
{
	long rights = zxvmo_dup_rights(h->rights, argp);

	return rights < 0 ? rights : zxvmo_obj_install(h->obj, rights);
}

static long zxvmo_obj_info(struct zxvmo_obj_handle *h, void __user *argp)
{
	struct zxvmo_info info = {};

	info.koid = h->obj->koid;
	info.type = h->obj->type;
	info.rights = h->rights;
	info.rsrc_kind = h->obj->kind;
	info.rsrc_base = h->obj->base;
	info.size_bytes = h->obj->size;
	return copy_to_user(argp, &info, sizeof(info)) ? -EFAULT : 0;
}

static long zxvmo_obj_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg)
{
	struct zxvmo_obj_handle *h = file->private_data;
	struct zxvmo_object *obj = h->obj;
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case ZXVMO_IOC_DUPLICATE:
		return zxvmo_obj_dup(h, argp);
	case ZXVMO_IOC_GET_INFO:
		return zxvmo_obj_info(h, argp);
	case ZXVMO_IOC_GET_RESOURCE_INFO:
		if (!(h->rights & ZXVMO_RIGHT_INSPECT))
			return -ZXVMO_E_ACCESS_DENIED;
		if (obj->type != ZXVMO_OBJ_TYPE_RESOURCE)
			return -ZXVMO_E_WRONG_TYPE;
		return zxvmo_obj_info(h, argp);
	case ZXVMO_IOC_CREATE_CONTIGUOUS:
		if (obj->type != ZXVMO_OBJ_TYPE_BTI)
			return -ZXVMO_E_WRONG_TYPE;
		if (!(h->rights & ZXVMO_RIGHT_MAP))
			return -ZXVMO_E_ACCESS_DENIED;
		return zxvmo_create_contiguous(argp);
	case ZXVMO_IOC_CREATE_PHYSICAL:
		if (obj->type != ZXVMO_OBJ_TYPE_RESOURCE)
			return -ZXVMO_E_WRONG_TYPE;
		return zxvmo_create_physical(obj->kind == ZXVMO_RSRC_KIND_MMIO,
					     obj->base, obj->size, argp);
	default:
		return -ZXVMO_E_WRONG_TYPE;
	}
}

static int zxvmo_obj_release(struct inode *inode, struct file *file)
{
	struct zxvmo_obj_handle *h = file->private_data;

	zxvmo_obj_put(h->obj);
	kfree(h);
	return 0;
}

static const struct file_operations zxvmo_obj_fops = {
	.owner		= THIS_MODULE,
	.release	= zxvmo_obj_release,
	.unlocked_ioctl	= zxvmo_obj_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};
