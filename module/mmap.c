// SPDX-License-Identifier: GPL-2.0
/*
 * Mapping VMOs: mmap(2) of a handle and the fault handlers.
 *
 * Pages are committed lazily by ->fault.  ->fault inserts the PTE itself
 * (vmf_insert_page) while holding the tree lock, so that a resize or a
 * snapshot, which zap the mappings under the same lock, can never miss a
 * PTE that is being installed.  Shared writable mappings use write-notify:
 * the inserted PTE is read-only and ->page_mkwrite decides, under the tree
 * lock, whether the page may be written in place.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/version.h>

#include "zxvmo.h"

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
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

/* Unmap [@start, @start + @len) of @vmo from every mapping.  Tree lock. */
void zxvmo_zap(struct zxvmo *vmo, u64 start, u64 len, bool even_cows)
{
	lockdep_assert_held(&vmo->tree->lock);
	unmap_mapping_range(vmo->inode->i_mapping, start, len, even_cows);
}

static vm_fault_t zxvmo_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct zxvmo *vmo = zxvmo_vma_vmo(vma);
	struct page *page;
	vm_fault_t ret;

	mutex_lock(&vmo->tree->lock);
	if (vmf->pgoff >= vmo->size >> PAGE_SHIFT) {
		ret = VM_FAULT_SIGBUS;
		goto unlock;
	}
	page = zxvmo_node_commit(vmo->leaf, vmf->pgoff);
	if (IS_ERR(page)) {
		ret = vmf_error(PTR_ERR(page));
		goto unlock;
	}
	if ((vmf->flags & FAULT_FLAG_WRITE) && !(vma->vm_flags & VM_SHARED)) {
		/* Private write: the core copies the page into an anon one. */
		get_page(page);
		vmf->page = page;
		ret = 0;
	} else {
		ret = vmf_insert_page(vma, vmf->address, page);
	}
unlock:
	mutex_unlock(&vmo->tree->lock);
	return ret;
}

/*
 * First write to a page mapped read-only in a shared mapping.  The page
 * may be written in place only while it is still the one the VMO holds at
 * that offset; otherwise the PTE is stale (a zap is under way) and the
 * access is retried.  The core re-checks the PTE after we return, so the
 * lock need not cover the rest.
 */
static vm_fault_t zxvmo_page_mkwrite(struct vm_fault *vmf)
{
	struct zxvmo *vmo = zxvmo_vma_vmo(vmf->vma);
	struct page *page = vmf->page;
	vm_fault_t ret = VM_FAULT_NOPAGE;

	mutex_lock(&vmo->tree->lock);
	if (vmf->pgoff < vmo->size >> PAGE_SHIFT &&
	    zxvmo_node_lookup(vmo->leaf, vmf->pgoff) == page) {
		lock_page(page);
		ret = VM_FAULT_LOCKED;
	}
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
	u32 rights = h->rights;

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

	vm_flags_set(vma, VM_MIXEDMAP);
	vma->vm_ops = &zxvmo_vm_ops;
	zxvmo_vm_open(vma);
	return 0;
}
