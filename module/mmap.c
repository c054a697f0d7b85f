// SPDX-License-Identifier: GPL-2.0
/*
 * Mapping VMOs: mmap(2) of a handle and the fault handlers.
 *
 * Pages are committed lazily by ->fault.  A read fault of a page the leaf
 * owns takes no tree lock (fault.c); otherwise ->fault inserts the PTE
 * itself (vmf_insert_page), and a read those of up to 15 neighbours
 * (fault-around, through the chain), while holding the tree lock, so
 * that a resize or a snapshot, which zap the mappings under the same
 * lock, can never miss a PTE that is being installed.  Shared writable
 * mappings use write-notify: a read maps the page read-only and
 * ->page_mkwrite decides, under the tree lock, whether the page may be
 * written in place.  A write fault commits the page in the leaf and hands
 * it to the core, which calls ->page_mkwrite and maps it writable at once
 * (fault.c says how removers wait for that install).
 *
 * A read of a page nobody committed maps a zero page of the module's own,
 * read-only, and commits nothing, as Zircon does.  Not the kernel's shared
 * zero page: vmf_insert_mixed() refuses that one in a shared mapping that
 * may become writable (vm_mixed_zeropage_allowed(), 6.12 and later).  Ours
 * is an ordinary page: its PTEs hold references, and the first write
 * through one goes to ->page_mkwrite(), like a write to a page that a
 * snapshot shares with its parent.
 */
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/pagemap.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

#include "zxvmo.h"

/* Before 6.3, VMA flags were written directly (see Kbuild's probe). */
#ifndef ZXVMO_HAVE_VM_FLAGS_SET
static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags |= flags;
}

static inline void vm_flags_clear(struct vm_area_struct *vma,
				  vm_flags_t flags)
{
	vma->vm_flags &= ~flags;
}
#endif

static struct zxvmo *zxvmo_vma_vmo(struct vm_area_struct *vma)
{
	struct zxvmo_handle *h = vma->vm_file->private_data;

	return h->vmo;
}

/*
 * Is root page offset @pgoff inside @vmo, and backed?  A slice's mappings index the
 * root's pages (mmap adds the slice's offset to vm_pgoff).  Tree lock held.
 */
static bool zxvmo_fault_in_range(struct zxvmo *vmo, pgoff_t pgoff)
{
	pgoff_t base = vmo->root_off >> PAGE_SHIFT;

	lockdep_assert_held(&vmo->tree->lock);
	/* A discarded VMO faults like one with no pages until LOCK. */
	return pgoff >= base && pgoff - base < vmo->size >> PAGE_SHIFT &&
	       !vmo->root->discarded;
}

/*
 * The zero page, allocated on first use and freed (by its last put_page())
 * once unused.  Every PTE that maps it holds a reference: before the count
 * can come near overflowing, a fresh page takes over for new PTEs.
 */
#define ZXVMO_ZERO_PAGE_MAX_REFS	(INT_MAX / 2)

static DEFINE_SPINLOCK(zxvmo_zero_lock);
static struct page *zxvmo_zero_page;	/* zxvmo_zero_lock; one reference */

/* The zero page with a reference for the caller, or NULL (no memory). */
static struct page *zxvmo_zero_page_get(void)
{
	struct page *fresh = NULL, *old = NULL, *page;

	for (;;) {
		spin_lock(&zxvmo_zero_lock);
		page = zxvmo_zero_page;
		if (page && page_ref_count(page) < ZXVMO_ZERO_PAGE_MAX_REFS)
			break;
		if (fresh) {
			old = page;
			zxvmo_zero_page = fresh;
			page = fresh;
			fresh = NULL;
			break;
		}
		spin_unlock(&zxvmo_zero_lock);
		fresh = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!fresh)
			return NULL;
	}
	get_page(page);
	spin_unlock(&zxvmo_zero_lock);
	if (fresh)		/* another fault installed one meanwhile */
		__free_page(fresh);
	if (old)		/* its PTEs keep it until they go */
		put_page(old);
	return page;
}

/* Module exit: no mapping is left, so neither is any other reference. */
void zxvmo_zero_page_exit(void)
{
	if (zxvmo_zero_page)
		put_page(zxvmo_zero_page);
	zxvmo_zero_page = NULL;
}

/*
 * A read of a page nobody committed maps the zero page and commits nothing.
 * The VMO remembers it, so that committing that page later zaps those
 * PTEs.  A private write gets the zero page to copy from.
 */
static vm_fault_t zxvmo_fault_zero(struct vm_fault *vmf, struct zxvmo *root,
				   bool write)
{
	struct page *zero = zxvmo_zero_page_get();
	vm_fault_t ret;

	if (!zero)
		return VM_FAULT_OOM;
	if (write) {
		vmf->page = zero;	/* the core copies it and puts it */
		return 0;
	}
	root->zero_mapped = true;
	ret = vmf_insert_page(vmf->vma, vmf->address, zero);
	put_page(zero);
	return ret;
}

/*
 * Fault-around on the locked path: each neighbour gets what a read fault
 * at its address would map now, the page @vmo sees through its chain
 * (its leaf's or an ancestor's) or the zero page, never a new one.  Under
 * the tree lock, like the one-page fault, so every remover's zap covers
 * these PTEs too.  The chain walk is bounded by ZXVMO_MAX_DEPTH per page.
 */
struct zxvmo_around {
	struct zxvmo *vmo;
	struct page *zero;	/* NULL: neighbours without a page stay unmapped */
};

static struct page *zxvmo_around_page(void *arg, pgoff_t idx)
{
	struct zxvmo_around *a = arg;
	struct page *page = zxvmo_node_lookup(a->vmo->root->leaf, idx);

	if (page)
		return page;
	if (a->zero)
		a->vmo->root->zero_mapped = true;
	return a->zero;
}

static void zxvmo_fault_around_chain(struct vm_fault *vmf, struct zxvmo *vmo)
{
	struct zxvmo_around a = { .vmo = vmo };

	/* The zero page is cached: no alias for uncached VMOs. */
	if (vmo->tree->cache_policy == ZXVMO_CACHE_POLICY_CACHED)
		a.zero = zxvmo_zero_page_get();
	zxvmo_fault_around_locked(vmf, vmo, zxvmo_around_page, &a);
	if (a.zero)
		put_page(a.zero);
}

/*
 * A commit failed: past the user's page budget the access gets SIGBUS;
 * VM_FAULT_OOM would wake the OOM killer for memory nobody else holds.
 */
static vm_fault_t zxvmo_commit_error(struct page *page)
{
	long err = PTR_ERR(page);

	return err == -EDQUOT ? VM_FAULT_SIGBUS : vmf_error(err);
}

static vm_fault_t zxvmo_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct zxvmo *vmo = zxvmo_vma_vmo(vma);
	bool shared = vma->vm_flags & VM_SHARED;
	bool write = vmf->flags & FAULT_FLAG_WRITE;
	struct page *page, *spare = NULL;
	vm_fault_t ret;

	if (zxvmo_fault_fast(vmf, vmo, &ret))
		return ret;
	/* Allocating and zeroing a page need not serialize faults. */
	if (write && shared)
		spare = zxvmo_node_spare(vmo->tree);
	mutex_lock(&vmo->tree->lock);
	if (!zxvmo_fault_in_range(vmo, vmf->pgoff)) {
		ret = VM_FAULT_SIGBUS;
		goto unlock;
	}
	if (write && shared) {
		page = zxvmo_node_commit_spare(vmo->root->leaf, vmf->pgoff,
					       &spare);
	} else {
		page = zxvmo_node_lookup(vmo->root->leaf, vmf->pgoff);
		/* The zero page is cached: no alias for uncached VMOs. */
		if (!page && vmo->tree->cache_policy != ZXVMO_CACHE_POLICY_CACHED)
			page = zxvmo_node_commit(vmo->root->leaf, vmf->pgoff);
		if (!page) {
			ret = zxvmo_fault_zero(vmf, vmo->root, write);
			goto around;
		}
	}
	if (IS_ERR(page)) {
		ret = zxvmo_commit_error(page);
		goto unlock;
	}
	if (write) {
		/*
		 * Private write: the core copies the page into an anon one.
		 * Shared write: the leaf owns the page; the core asks
		 * ->page_mkwrite and maps it writable, in this one fault.
		 */
		get_page(page);
		vmf->page = page;
		ret = 0;
	} else {
		ret = vmf_insert_page(vma, vmf->address, page);
	}
around:
	if (!write && ret == VM_FAULT_NOPAGE)
		zxvmo_fault_around_chain(vmf, vmo);
unlock:
	mutex_unlock(&vmo->tree->lock);
	if (spare)
		zxvmo_node_page_free(vmo->tree, spare);
	return ret;
}

/*
 * First write to a page of a shared mapping: mapped read-only, or handed
 * to the core by ->fault.  The page may be written in place only if the
 * VMO's leaf owns it (checked without the tree lock first: fault.c);
 * otherwise it is an ancestor's (copy-on-write), the zero page or stale:
 * the leaf gets its own page, the old PTE is zapped and the access
 * retried.  The page stays locked, and recorded for the removers, until
 * the core has made the old PTE writable (it re-checks it) or installed
 * the new one.
 */
static vm_fault_t zxvmo_page_mkwrite(struct vm_fault *vmf)
{
	struct zxvmo *vmo = zxvmo_vma_vmo(vmf->vma);
	struct page *page;
	vm_fault_t ret = VM_FAULT_NOPAGE;

	if (zxvmo_mkwrite_fast(vmf, vmo))
		return VM_FAULT_LOCKED;
	mutex_lock(&vmo->tree->lock);
	if (!zxvmo_fault_in_range(vmo, vmf->pgoff))
		goto unlock;
	page = zxvmo_node_commit(vmo->root->leaf, vmf->pgoff);
	if (IS_ERR(page)) {
		ret = zxvmo_commit_error(page);
	} else if (page == vmf->page) {
		/* Locked until the core has mapped it: see fault.c. */
		zxvmo_mkwrite_lock(vmo->tree, page);
		ret = VM_FAULT_LOCKED;
	} else {
		/* The VMA's file maps its root's address_space. */
		zxvmo_unmap(vmo->root, (u64)vmf->pgoff << PAGE_SHIFT,
			    PAGE_SIZE, false);
	}
unlock:
	mutex_unlock(&vmo->tree->lock);
	return ret;
}

static void zxvmo_vm_open(struct vm_area_struct *vma)
{
	atomic_inc(&zxvmo_vma_vmo(vma)->nr_mappings);
}

static void zxvmo_vm_close(struct vm_area_struct *vma)
{
	atomic_dec(&zxvmo_vma_vmo(vma)->nr_mappings);
}

/* Physical VMOs are mapped whole at mmap time: nothing faults. */
static const struct vm_operations_struct zxvmo_phys_vm_ops = {
	.open		= zxvmo_vm_open,
	.close		= zxvmo_vm_close,
};

static const struct vm_operations_struct zxvmo_vm_ops = {
	.open		= zxvmo_vm_open,
	.close		= zxvmo_vm_close,
	.fault		= zxvmo_fault,
	.page_mkwrite	= zxvmo_page_mkwrite,
};

/*
 * The handle's rights bound what the mapping may ever do: PROT_* beyond
 * them is refused, and the VM_MAY* bits they do not grant are cleared so
 * that mprotect(2) cannot add them later.  (The VFS already refuses shared
 * writable mappings of handles without ZX_RIGHT_WRITE, whose files are not
 * open for writing.)
 */
int zxvmo_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct zxvmo_handle *h = file->private_data;
	struct zxvmo *vmo = h->vmo;
	u32 rights = h->rights;
	pgoff_t base;
	int err = 0;

	if (!(rights & ZXVMO_RIGHT_MAP))
		return -EACCES;
	if ((vma->vm_flags & VM_READ) && !(rights & ZXVMO_RIGHT_READ))
		return -EACCES;
	if ((vma->vm_flags & VM_WRITE) && (vma->vm_flags & VM_SHARED) &&
	    !(rights & ZXVMO_RIGHT_WRITE))
		return -EACCES;
	if ((vma->vm_flags & VM_EXEC) && !(rights & ZXVMO_RIGHT_EXECUTE))
		return -EACCES;

	if (!(rights & ZXVMO_RIGHT_READ))
		vm_flags_clear(vma, VM_MAYREAD);
	if (!(rights & ZXVMO_RIGHT_WRITE) && (vma->vm_flags & VM_MAYSHARE))
		vm_flags_clear(vma, VM_MAYWRITE);
	if (!(rights & ZXVMO_RIGHT_EXECUTE))
		vm_flags_clear(vma, VM_MAYEXEC);

	/* A slice's mappings index its root's pages. */
	base = vmo->root_off >> PAGE_SHIFT;
	if (vma->vm_pgoff > ULONG_MAX - base - vma_pages(vma))
		return -EOVERFLOW;
	vma->vm_pgoff += base;

	/* Under the lock: the cache policy cannot change while mapped. */
	mutex_lock(&vmo->tree->lock);
	vma->vm_page_prot = zxvmo_policy_pgprot(vmo->tree->cache_policy,
						vma->vm_page_prot);
	/* Private copies would be cached pages mapped uncached: no. */
	if (vmo->tree->cache_policy != ZXVMO_CACHE_POLICY_CACHED &&
	    !(vma->vm_flags & VM_MAYSHARE))
		err = -EINVAL;
	else if (vmo->root->kind == ZXVMO_KIND_PHYSICAL) {
		vma->vm_ops = &zxvmo_phys_vm_ops;
		err = (vma->vm_flags & VM_MAYSHARE) ?
		      zxvmo_mmap_physical(vmo, vma) : -EINVAL;
	} else {
		vm_flags_set(vma, VM_MIXEDMAP);
		vma->vm_ops = &zxvmo_vm_ops;
	}
	if (!err)
		zxvmo_vm_open(vma);
	mutex_unlock(&vmo->tree->lock);
	return err;
}

/*
 * The checks of ZXVMO_IOC_MAP that need the VMO, in Zircon's order (libzx
 * made the others before): the rights, then the VMO's options.
 */
static long zxvmo_map_check(struct zxvmo_handle *h,
			    const struct zxvmo_map_args *args)
{
	u32 need = ZXVMO_RIGHT_MAP, options = h->vmo->options;

	if (args->prot & PROT_READ)
		need |= ZXVMO_RIGHT_READ;
	if (args->prot & PROT_WRITE)
		need |= ZXVMO_RIGHT_WRITE;
	if (args->prot & PROT_EXEC)
		need |= ZXVMO_RIGHT_EXECUTE;
	if ((h->rights & need) != need)
		return -ZXVMO_E_ACCESS_DENIED;
	if ((args->flags & ZXVMO_MAP_NON_RESIZABLE) &&
	    (options & ZXVMO_OPT_RESIZABLE))
		return -ZXVMO_E_NOT_SUPPORTED;
	if (!(args->flags & ZXVMO_MAP_ALLOW_FAULTS) &&
	    (options & ZXVMO_OPT_DISCARDABLE))
		return -ZXVMO_E_NOT_SUPPORTED;
	return 0;
}

#define ZXVMO_MAP_FLAGS	(ZXVMO_MAP_FIXED | ZXVMO_MAP_FIXED_NOREPLACE | \
			 ZXVMO_MAP_NON_RESIZABLE | ZXVMO_MAP_ALLOW_FAULTS)

/*
 * Where ZXVMO_IOC_MAP stores the address: the user pages under the __u64
 * at @uaddr (two if it straddles them), pinned writable before anything
 * is mapped, so that the store cannot fail once the mapping is in.  A
 * store that faults after the mapping would have to undo it by address,
 * and another thread may have put a mapping of its own there meanwhile
 * (userfaultfd can hold such a store for as long as it likes).
 */
struct zxvmo_map_out {
	unsigned long uaddr;
	int n;
	struct page *pages[2];
};

/* Pin @o's pages; INVALID_ARGS (nothing pinned) if they cannot be written. */
static long zxvmo_map_out_pin(struct zxvmo_map_out *o, u64 out)
{
	unsigned long first = out & PAGE_MASK;
	int got;

	if (out != (unsigned long)out ||
	    !access_ok(u64_to_user_ptr(out), sizeof(u64)))
		return -ZXVMO_E_INVALID_ARGS;
	o->uaddr = out;
	o->n = ((out + sizeof(u64) - 1) & PAGE_MASK) == first ? 1 : 2;
	got = pin_user_pages_fast(first, o->n, FOLL_WRITE, o->pages);
	if (got == o->n)
		return 0;
	if (got > 0)
		unpin_user_pages(o->pages, got);
	return -ZXVMO_E_INVALID_ARGS;
}

/* Do the pages under @o meet [@addr, @addr + @len)? */
static bool zxvmo_map_out_inside(const struct zxvmo_map_out *o,
				 unsigned long addr, unsigned long len)
{
	unsigned long first = o->uaddr & PAGE_MASK;
	unsigned long end = first + ((unsigned long)o->n << PAGE_SHIFT);

	/* A range that wraps is refused by vm_mmap() anyway. */
	return addr + len > addr && first < addr + len && addr < end;
}

/* Store @val through the pinned pages (or only unpin them), then unpin. */
static void zxvmo_map_out_done(struct zxvmo_map_out *o, const u64 *val)
{
	size_t off = offset_in_page(o->uaddr), done = 0, len;
	void *kaddr;
	int i;

	for (i = 0; val && i < o->n; i++) {
		len = min_t(size_t, sizeof(*val) - done, PAGE_SIZE - off);
		kaddr = kmap_local_page(o->pages[i]);
		memcpy(kaddr + off, (const u8 *)val + done, len);
		kunmap_local(kaddr);
		flush_dcache_page(o->pages[i]);	/* the user's alias */
		done += len;
		off = 0;
	}
	unpin_user_pages_dirty_lock(o->pages, o->n, !!val);
}

/*
 * zx_vmar_map() in one call (uapi: ZXVMO_IOC_MAP): check, pin where the
 * address goes, mmap the handle as mmap(2) would (->mmap checks the
 * rights again), and store the address.  Nothing is ever unmapped again:
 * an out pointer that cannot be written, or that lies where a fixed
 * mapping goes (it would replace the pinned page), is INVALID_ARGS before
 * anything is mapped.  (Zircon maps first, then fails the copy-out and
 * destroys the mapping: the same status, and a call that also fails to
 * map reports that failure there.)
 */
long zxvmo_ioctl_map(struct file *file, void __user *argp)
{
	struct zxvmo_map_args args;
	unsigned long flags = MAP_SHARED, addr;
	struct zxvmo_map_out out;
	u64 val;
	long err;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -ZXVMO_E_INVALID_ARGS;
	if ((args.flags & ~ZXVMO_MAP_FLAGS) ||
	    (args.flags & ZXVMO_MAP_FIXED &&
	     args.flags & ZXVMO_MAP_FIXED_NOREPLACE) ||
	    (args.prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) ||
	    args.addr != (unsigned long)args.addr ||
	    args.len != (unsigned long)args.len ||
	    args.vmo_offset != (unsigned long)args.vmo_offset)
		return -ZXVMO_E_INVALID_ARGS;
	err = zxvmo_map_check(file->private_data, &args);
	if (err)
		return err;
	if (args.flags & ZXVMO_MAP_FIXED)
		flags |= MAP_FIXED;
	else if (args.flags & ZXVMO_MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED_NOREPLACE;
	err = zxvmo_map_out_pin(&out, args.out);
	if (err)
		return err;
	if ((flags & MAP_FIXED) &&
	    zxvmo_map_out_inside(&out, args.addr, PAGE_ALIGN(args.len))) {
		zxvmo_map_out_done(&out, NULL);
		return -ZXVMO_E_INVALID_ARGS;
	}
	addr = vm_mmap(file, args.addr, args.len, args.prot, flags,
		       args.vmo_offset);
	if (IS_ERR_VALUE(addr)) {
		zxvmo_map_out_done(&out, NULL);
		return (long)addr;
	}
	val = addr;
	zxvmo_map_out_done(&out, &val);
	return 0;
}
