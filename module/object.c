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
 *   BTI             (contiguous DMA-able memory,  CAP_SYS_ADMIN
 *                   pinning pages)
 *
 * Each is a file on the private filesystem with its own fops, so VMO
 * ioctls on it fail with WRONG_TYPE; it can be duplicated and queried.
 * ioctl.c dispatches the ioctls of the control device and of these
 * handles (with the rights and capabilities each needs); this file keeps
 * the objects' lifecycle and state.
 *
 * A BTI pins VMO pages (zx_bti_pin, pin.c does the pages) into a PMT, a
 * third kind of object here.  A PMT holds a reference on its BTI and is on
 * the BTI's list until it is unpinned.  When the last handle of a PMT that
 * is still pinned goes away, the PMT is quarantined as in Zircon: the BTI
 * holds it (and so its pages stay pinned) until zx_bti_release_quarantine
 * or until the BTI's last handle goes away, and refuses new pins
 * meanwhile.  Zircon leaks quarantined pages for good when the BTI's last
 * handle closes; here they are unpinned then, with a log line.
 */
#include <linux/file.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "zxvmo.h"

struct zxvmo_object {
	u64 koid;
	u32 type;		/* ZXVMO_OBJ_TYPE_RESOURCE, _BTI or _PMT */
	u32 kind;		/* resources: ZXVMO_RSRC_KIND_* */
	u64 base, size;		/* resources: the range, or the system base */
	struct inode *inode;
	refcount_t refs;	/* one per handle file, and see below */
	atomic_t nr_handles;	/* handle files */
	/*
	 * BTIs: @lock (a leaf lock, no other lock inside) covers the lists,
	 * counts, @zero_handles and every PMT's @pinned; @name has its own
	 * copy under it too.  Each PMT holds a reference on its BTI, each
	 * quarantined PMT is held by one of the BTI's.
	 */
	spinlock_t lock;
	struct list_head pmts;		/* pinned PMTs (ZX_INFO_BTI pmo_count) */
	struct list_head quarantine;	/* of those, the quarantined */
	unsigned long nr_pmts, nr_quarantined;
	bool zero_handles;
	char name[ZXVMO_NAME_LEN];
	/* PMTs */
	struct zxvmo_object *bti;
	struct list_head bti_entry, q_entry;
	bool pinned;			/* the BTI's @lock */
	struct zxvmo_pin pin;
};

static const struct file_operations zxvmo_obj_fops;

static void zxvmo_pmt_unpin(struct zxvmo_object *pmt);

static void zxvmo_obj_put(struct zxvmo_object *obj)
{
	struct zxvmo_object *bti;

	while (obj && refcount_dec_and_test(&obj->refs)) {
		bti = NULL;
		if (obj->type == ZXVMO_OBJ_TYPE_PMT) {
			/* One that never got a handle is still pinned. */
			zxvmo_pmt_unpin(obj);
			bti = obj->bti;
		}
		WARN_ON_ONCE(obj->type == ZXVMO_OBJ_TYPE_BTI &&
			     (!list_empty(&obj->pmts) ||
			      !list_empty(&obj->quarantine)));
		iput(obj->inode);
		kfree(obj);
		zxvmo_fs_unpin();	/* a file of ours still holds the mount */
		obj = bti;		/* the PMT's reference on its BTI */
	}
}

/*
 * A new handle (file + fd) to @obj, its value stored to @out first (none
 * if NULL, see zxvmo_publish_file); takes a reference.
 */
int zxvmo_obj_install(struct zxvmo_object *obj, u32 rights, u32 __user *out)
{
	struct zxvmo_obj_handle *h;
	struct file *file;
	int fd;

	h = kzalloc(sizeof(*h), GFP_KERNEL_ACCOUNT);
	if (!h)
		return -ENOMEM;
	h->obj = obj;
	h->rights = rights;
	refcount_inc(&obj->refs);
	atomic_inc(&obj->nr_handles);
	file = zxvmo_open_file(obj->inode, O_RDONLY, &zxvmo_obj_fops, h, NULL,
			       &fd);
	if (IS_ERR(file)) {
		atomic_dec(&obj->nr_handles);
		refcount_dec(&obj->refs);	/* the caller holds another */
		kfree(h);
		return PTR_ERR(file);
	}
	return zxvmo_publish_file(file, fd, out);
}

/* A new object of @type with one reference and no handle; pins the fs. */
static struct zxvmo_object *zxvmo_obj_alloc(u32 type)
{
	struct zxvmo_object *obj;
	int err;

	err = zxvmo_fs_pin();
	if (err)
		return ERR_PTR(err);
	obj = kzalloc(sizeof(*obj), GFP_KERNEL_ACCOUNT);
	if (!obj) {
		zxvmo_fs_unpin();
		return ERR_PTR(-ENOMEM);
	}
	obj->inode = zxvmo_new_inode();
	if (IS_ERR(obj->inode)) {
		err = PTR_ERR(obj->inode);
		kfree(obj);
		zxvmo_fs_unpin();
		return ERR_PTR(err);
	}
	obj->koid = zxvmo_new_koid();
	obj->type = type;
	refcount_set(&obj->refs, 1);
	spin_lock_init(&obj->lock);
	INIT_LIST_HEAD(&obj->pmts);
	INIT_LIST_HEAD(&obj->quarantine);
	INIT_LIST_HEAD(&obj->bti_entry);
	INIT_LIST_HEAD(&obj->q_entry);
	return obj;
}

/* Create an object and its first handle. */
int zxvmo_obj_create(u32 type, u32 kind, u64 base, u64 size, u32 rights)
{
	struct zxvmo_object *obj;
	int fd;

	obj = zxvmo_obj_alloc(type);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	obj->kind = kind;
	obj->base = base;
	obj->size = size;
	fd = zxvmo_obj_install(obj, rights, NULL);
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

/*
 * zx_resource_create() of an MMIO resource for [@paddr, @paddr + @size)
 * (the caller checked CAP_SYS_RAWIO): a page-aligned range that
 * /dev/mem's rules allow.  Returns its fd.
 */
int zxvmo_new_mmio_resource(u64 paddr, u64 size)
{
	u64 end;
	int err;

	if (!size || !PAGE_ALIGNED(paddr) || !PAGE_ALIGNED(size))
		return -ZXVMO_E_INVALID_ARGS;
	if (check_add_overflow(paddr, size, &end))
		return -ZXVMO_E_OUT_OF_RANGE;
	err = zxvmo_mmio_allowed(paddr, size);
	if (err)
		return err;
	return zxvmo_obj_create(ZXVMO_OBJ_TYPE_RESOURCE, ZXVMO_RSRC_KIND_MMIO,
				paddr, size, ZXVMO_DEFAULT_RESOURCE_RIGHTS);
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

/*
 * Unpin @pmt if it still is: off its BTI's lists, then its pages.  Once
 * only, whoever comes first (zx_pmt_unpin, release of the quarantine, the
 * PMT going away).
 */
static void zxvmo_pmt_unpin(struct zxvmo_object *pmt)
{
	struct zxvmo_object *bti = pmt->bti;
	bool pinned;

	if (!bti)
		return;
	spin_lock(&bti->lock);
	pinned = pmt->pinned;
	if (pinned) {
		pmt->pinned = false;
		list_del_init(&pmt->bti_entry);
		bti->nr_pmts--;
	}
	spin_unlock(&bti->lock);
	if (pinned)
		zxvmo_unpin(&pmt->pin);
}

/* Take @bti's quarantine (and the references it holds) into @list. */
static unsigned long zxvmo_bti_take_quarantine(struct zxvmo_object *bti,
					       struct list_head *list,
					       bool zero_handles)
{
	unsigned long n;

	spin_lock(&bti->lock);
	if (zero_handles)
		bti->zero_handles = true;
	list_splice_init(&bti->quarantine, list);
	n = bti->nr_quarantined;
	bti->nr_quarantined = 0;
	spin_unlock(&bti->lock);
	return n;
}

/* Unpin and let go the PMTs of a quarantine taken from the BTI. */
static void zxvmo_release_pmts(struct list_head *list)
{
	struct zxvmo_object *pmt, *next;

	list_for_each_entry_safe(pmt, next, list, q_entry) {
		list_del_init(&pmt->q_entry);
		zxvmo_pmt_unpin(pmt);
		zxvmo_obj_put(pmt);
	}
}

/*
 * The last handle of @obj went away.  A PMT still pinned goes into its
 * BTI's quarantine, unless the BTI has no handle left (it is unpinned, as
 * nobody could release it).  A BTI lets its quarantine go.
 */
static void zxvmo_obj_zero_handles(struct zxvmo_object *obj)
{
	struct zxvmo_object *bti = obj->bti;
	unsigned long n;
	bool held = false;
	LIST_HEAD(list);

	if (obj->type == ZXVMO_OBJ_TYPE_BTI) {
		n = zxvmo_bti_take_quarantine(obj, &list, true);
		if (n)
			pr_warn_ratelimited("zxvmo: BTI %llu closed with %lu quarantined PMTs: their pages are unpinned\n",
					    obj->koid, n);
		zxvmo_release_pmts(&list);
		return;
	}
	if (obj->type != ZXVMO_OBJ_TYPE_PMT)
		return;
	spin_lock(&bti->lock);
	if (obj->pinned && !bti->zero_handles) {
		refcount_inc(&obj->refs);
		list_add_tail(&obj->q_entry, &bti->quarantine);
		bti->nr_quarantined++;
		held = true;
	}
	spin_unlock(&bti->lock);
	if (held) {
		pr_warn_ratelimited("zxvmo: PMT %llu closed without zx_pmt_unpin: %lu pages stay pinned in BTI %llu's quarantine\n",
				    obj->koid, (unsigned long)obj->pin.pages,
				    bti->koid);
	} else if (READ_ONCE(obj->pinned)) {
		pr_warn_ratelimited("zxvmo: PMT %llu closed without zx_pmt_unpin after its BTI: unpinned\n",
				    obj->koid);
		zxvmo_pmt_unpin(obj);
	}
}

/* The VMO behind @fd for zx_bti_pin, with its handle's rights. */
static int zxvmo_pin_vmo(struct fd f, struct zxvmo_handle **vh)
{
	if (!fd_file(f))
		return -ZXVMO_E_BAD_HANDLE;
	*vh = zxvmo_file_handle(fd_file(f));
	return *vh ? 0 : -ZXVMO_E_WRONG_TYPE;
}

/*
 * zx_bti_pin's options against the VMO handle's rights, in Zircon's
 * order: ACCESS_DENIED for a permission the rights do not allow
 * (EXECUTE needs READ: it is the device's, not the CPU's), INVALID_ARGS
 * for anything left (COMPRESS with CONTIGUOUS, CONTIGUOUS on a VMO that
 * is not physically contiguous, unknown bits).
 */
static int zxvmo_pin_options(u32 options, u32 rights, bool contiguous)
{
	if ((options & ZXVMO_BTI_PERM_READ) && !(rights & ZXVMO_RIGHT_READ))
		return -ZXVMO_E_ACCESS_DENIED;
	if ((options & ZXVMO_BTI_PERM_WRITE) && !(rights & ZXVMO_RIGHT_WRITE))
		return -ZXVMO_E_ACCESS_DENIED;
	if ((options & ZXVMO_BTI_PERM_EXECUTE) && !(rights & ZXVMO_RIGHT_READ))
		return -ZXVMO_E_ACCESS_DENIED;
	options &= ~(ZXVMO_BTI_PERM_READ | ZXVMO_BTI_PERM_WRITE |
		     ZXVMO_BTI_PERM_EXECUTE);
	if ((options & ZXVMO_BTI_COMPRESS) && (options & ZXVMO_BTI_CONTIGUOUS))
		return -ZXVMO_E_INVALID_ARGS;
	options &= ~ZXVMO_BTI_COMPRESS;
	if (contiguous)
		options &= ~ZXVMO_BTI_CONTIGUOUS;
	return options ? -ZXVMO_E_INVALID_ARGS : 0;
}

/*
 * Pin the pages for @pmt and write their addresses out.  The minimum
 * contiguity is a page, so COMPRESS and the default both give one
 * address per page; CONTIGUOUS (physically contiguous VMOs) one address.
 */
static int zxvmo_pin_pages(struct zxvmo_object *pmt, struct zxvmo *vmo,
			   struct zxvmo_pin_args *args)
{
	bool contiguous = vmo->kind != ZXVMO_KIND_PAGED;
	u64 pages = args->size >> PAGE_SHIFT, need, i, *addrs;
	int err;

	need = args->options & ZXVMO_BTI_CONTIGUOUS ? 1 : pages;
	if (args->num_addrs != need)
		return -ZXVMO_E_INVALID_ARGS;
	if (need > INT_MAX / sizeof(u64))
		return -ENOMEM;
	addrs = kvmalloc_array(need, sizeof(u64),
			       GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!addrs)
		return -ENOMEM;
	err = zxvmo_pin(vmo, args->offset, args->size,
			contiguous ? NULL : addrs, &pmt->pin);
	if (err)
		goto out;
	if (contiguous)
		for (i = 0; i < need; i++)
			addrs[i] = pmt->pin.paddr + (i << PAGE_SHIFT);
	if (copy_to_user(u64_to_user_ptr(args->addrs), addrs,
			 need * sizeof(u64))) {
		zxvmo_unpin(&pmt->pin);
		err = -ZXVMO_E_INVALID_ARGS;
	}
out:
	kvfree(addrs);
	return err;
}

/* Put pinned @pmt on @bti's list, unless the BTI refuses new pins. */
static int zxvmo_bti_add(struct zxvmo_object *bti, struct zxvmo_object *pmt)
{
	int err = 0;

	spin_lock(&bti->lock);
	if (bti->zero_handles || bti->nr_quarantined) {
		err = -ZXVMO_E_BAD_STATE;
	} else {
		list_add_tail(&pmt->bti_entry, &bti->pmts);
		bti->nr_pmts++;
		pmt->pinned = true;
	}
	spin_unlock(&bti->lock);
	return err;
}

/*
 * zx_bti_pin (the BTI's ZX_RIGHT_MAP is checked).  Zircon's order:
 * alignment, the VMO handle and its ZX_RIGHT_MAP, the options, size 0,
 * the range, a quarantine, the number of addresses, the copy-out.
 * Returns the PMT's fd.
 */
long zxvmo_bti_pin(struct zxvmo_object *bti, void __user *argp)
{
	struct zxvmo_pin_args args;
	struct zxvmo_object *pmt;
	struct zxvmo_handle *vh;
	struct zxvmo *vmo;
	struct fd f;
	int err;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (!PAGE_ALIGNED(args.offset) || !PAGE_ALIGNED(args.size))
		return -ZXVMO_E_INVALID_ARGS;
	f = fdget(args.vmo_fd);
	err = zxvmo_pin_vmo(f, &vh);
	if (err)
		goto put_fd;
	vmo = vh->vmo;
	err = -ZXVMO_E_ACCESS_DENIED;
	if (!(vh->rights & ZXVMO_RIGHT_MAP))
		goto put_fd;
	err = zxvmo_pin_options(args.options, vh->rights,
				vmo->kind != ZXVMO_KIND_PAGED);
	if (err)
		goto put_fd;
	err = -ZXVMO_E_INVALID_ARGS;
	if (!args.size)
		goto put_fd;
	err = zxvmo_check_range(args.offset, args.size, READ_ONCE(vmo->size));
	if (err)
		goto put_fd;
	spin_lock(&bti->lock);
	if (bti->zero_handles || bti->nr_quarantined)
		err = -ZXVMO_E_BAD_STATE;
	spin_unlock(&bti->lock);
	if (err)
		goto put_fd;

	pmt = zxvmo_obj_alloc(ZXVMO_OBJ_TYPE_PMT);
	if (IS_ERR(pmt)) {
		err = PTR_ERR(pmt);
		goto put_fd;
	}
	refcount_inc(&bti->refs);
	pmt->bti = bti;
	pmt->size = args.size;
	err = zxvmo_pin_pages(pmt, vmo, &args);
	fdput(f);
	if (!err) {
		err = zxvmo_bti_add(bti, pmt);
		if (err)
			zxvmo_unpin(&pmt->pin);
	}
	if (!err)
		err = zxvmo_obj_install(pmt, ZXVMO_DEFAULT_PMT_RIGHTS, NULL);
	/* Without a handle the PMT goes, unpinning what it holds. */
	zxvmo_obj_put(pmt);
	return err;
put_fd:
	fdput(f);
	return err;
}

long zxvmo_bti_info(struct zxvmo_object *bti, void __user *argp)
{
	struct zxvmo_bti_info info = {
		.minimum_contiguity = PAGE_SIZE,
		.aspace_size = U64_MAX,	/* no IOMMU: all of it */
	};

	spin_lock(&bti->lock);
	info.pmo_count = bti->nr_pmts;
	info.quarantine_count = bti->nr_quarantined;
	spin_unlock(&bti->lock);
	return copy_to_user(argp, &info, sizeof(info)) ? -EFAULT : 0;
}

long zxvmo_bti_release_quarantine(struct zxvmo_object *bti)
{
	LIST_HEAD(list);

	zxvmo_bti_take_quarantine(bti, &list, false);
	zxvmo_release_pmts(&list);
	return 0;
}

void zxvmo_bti_get_name(struct zxvmo_object *bti, char name[ZXVMO_NAME_LEN])
{
	spin_lock(&bti->lock);
	memcpy(name, bti->name, ZXVMO_NAME_LEN);
	spin_unlock(&bti->lock);
}

void zxvmo_bti_set_name(struct zxvmo_object *bti,
			const char name[ZXVMO_NAME_LEN])
{
	spin_lock(&bti->lock);
	memcpy(bti->name, name, ZXVMO_NAME_LEN);
	spin_unlock(&bti->lock);
}

/* zx_pmt_unpin: user space closes the handle afterwards. */
long zxvmo_pmt_unpin_handle(struct zxvmo_object *pmt)
{
	if (!READ_ONCE(pmt->pinned))
		return -ZXVMO_E_BAD_HANDLE;	/* unpinned: its handle is gone */
	zxvmo_pmt_unpin(pmt);
	return 0;
}

u32 zxvmo_obj_type(const struct zxvmo_object *obj)
{
	return obj->type;
}

/* ZXVMO_IOC_GET_INFO (and ZX_INFO_RESOURCE) of an object's handle. */
void zxvmo_obj_get_info(const struct zxvmo_obj_handle *h,
			struct zxvmo_info *info)
{
	info->koid = h->obj->koid;
	info->type = h->obj->type;
	info->rights = h->rights;
	info->rsrc_kind = h->obj->kind;
	info->rsrc_base = h->obj->base;
	info->size_bytes = h->obj->size;
}

static int zxvmo_obj_release(struct inode *inode, struct file *file)
{
	struct zxvmo_obj_handle *h = file->private_data;

	if (atomic_dec_and_test(&h->obj->nr_handles))
		zxvmo_obj_zero_handles(h->obj);
	zxvmo_obj_put(h->obj);
	kfree(h);
	return 0;
}

/* No signal of these objects is ever active (see signal.c). */
static __poll_t zxvmo_obj_poll(struct file *file, poll_table *wait)
{
	return 0;
}

static const struct file_operations zxvmo_obj_fops = {
	.owner		= THIS_MODULE,
	.release	= zxvmo_obj_release,
	.poll		= zxvmo_obj_poll,
	.unlocked_ioctl	= zxvmo_obj_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};
