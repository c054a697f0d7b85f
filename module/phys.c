// SPDX-License-Identifier: GPL-2.0
/*
 * Contiguous and physical VMOs.
 *
 * A contiguous VMO is allocated eagerly, zeroed, as one block of the page
 * allocator split into order-0 pages: at most 2^(MAX_ORDER - 1) pages
 * (4 MiB on x86-64) without CMA, ZX_ERR_NO_MEMORY beyond.  Its pages are
 * never freed before the VMO (no decommit; zeroing clears them in place).
 *
 * A physical VMO stands for a physical range guarded by an MMIO resource.
 * It owns no pages: it cannot be read or written through the VMO calls,
 * only mapped (remap_pfn_range, with the cache policy's protection, which
 * PAT tracks for the range); it starts UNCACHED as in Zircon.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/uaccess.h>

#include "zxvmo.h"

#ifdef MAX_PAGE_ORDER
#define ZXVMO_MAX_ORDER		MAX_PAGE_ORDER
#else
#define ZXVMO_MAX_ORDER		(MAX_ORDER - 1)
#endif

/* Free the order-0 pages [@from, @to) of a split block. */
static void zxvmo_free_split(struct page *block, pgoff_t from, pgoff_t to)
{
	for (; from < to; from++)
		__free_page(block + from);
}

/*
 * The pages of a block of 2^@order pages, as order-0 pages, into @leaf,
 * charged to the tree's user (each is uncharged when its node frees it).
 */
static int zxvmo_fill_contiguous(struct zxvmo_node *leaf, struct page *block,
				 unsigned int order, pgoff_t pages)
{
	pgoff_t i;
	int err;

	split_page(block, order);
	zxvmo_free_split(block, pages, 1ul << order);
	if (zxvmo_budget_charge(leaf->tree, pages)) {
		zxvmo_free_split(block, 0, pages);
		return -ENOMEM;
	}
	for (i = 0; i < pages; i++) {
		err = xa_err(xa_store(&leaf->pages, i, block + i,
				      GFP_KERNEL_ACCOUNT));
		if (err) {
			zxvmo_budget_uncharge(leaf->tree, pages - i);
			zxvmo_free_split(block, i, pages);
			return err;
		}
		leaf->nr_pages++;
		atomic_long_inc(&zxvmo_nr_pages);
	}
	return 0;
}

long zxvmo_create_contiguous(void __user *argp)
{
	struct zxvmo_contiguous_args args;
	unsigned int align, order;
	struct page *block;
	struct zxvmo *vmo;
	u64 rounded;
	int err;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	align = args.alignment_log2 ?: PAGE_SHIFT;
	if (args.reserved || !args.size || align < PAGE_SHIFT || align >= 64)
		return -ZXVMO_E_INVALID_ARGS;
	err = zxvmo_round_size(args.size, &rounded);
	if (err)
		return err;
	order = max_t(unsigned int, get_order(rounded), align - PAGE_SHIFT);
	if (order > ZXVMO_MAX_ORDER)
		return -ZXVMO_E_NO_MEMORY;

	/* Buddy blocks are naturally aligned to their size. */
	block = alloc_pages(GFP_HIGHUSER | __GFP_ZERO | __GFP_ACCOUNT |
			    __GFP_NOWARN | __GFP_RETRY_MAYFAIL, order);
	if (!block)
		return -ZXVMO_E_NO_MEMORY;
	vmo = zxvmo_alloc_root(ZXVMO_KIND_CONTIGUOUS, rounded, args.size, 0);
	if (IS_ERR(vmo)) {
		__free_pages(block, order);
		return PTR_ERR(vmo);
	}
	err = zxvmo_fill_contiguous(vmo->leaf, block, order,
				    rounded >> PAGE_SHIFT);
	if (err) {
		zxvmo_put(vmo);	/* frees the pages stored so far */
		return err;
	}
	return zxvmo_install_new(vmo, ZXVMO_DEFAULT_VMO_RIGHTS, NULL);
}

long zxvmo_create_physical(bool mmio, u64 base, u64 size, void __user *argp)
{
	struct zxvmo_phys_args args;
	struct zxvmo *vmo;
	u64 end;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (!mmio)
		return -ZXVMO_E_WRONG_TYPE;
	if (check_add_overflow(args.paddr, args.size, &end) ||
	    args.paddr < base || end > base + size)
		return -ZXVMO_E_ACCESS_DENIED;
	if (!args.size || !PAGE_ALIGNED(args.paddr) || !PAGE_ALIGNED(args.size))
		return -ZXVMO_E_INVALID_ARGS;

	vmo = zxvmo_alloc_root(ZXVMO_KIND_PHYSICAL, args.size, args.size, 0);
	if (IS_ERR(vmo))
		return PTR_ERR(vmo);
	vmo->paddr = args.paddr;
	return zxvmo_install_new(vmo, ZXVMO_DEFAULT_VMO_RIGHTS |
				 ZXVMO_RIGHT_EXECUTE, NULL);
}

/*
 * Map a physical VMO (or a slice of one): the whole VMA at once, within
 * the VMO.  vm_pgoff already includes a slice's offset into its root.
 * Tree lock held.
 */
int zxvmo_mmap_physical(struct zxvmo *vmo, struct vm_area_struct *vma)
{
	struct zxvmo *root = vmo->root;
	pgoff_t base = vmo->root_off >> PAGE_SHIFT;
	unsigned long len = vma->vm_end - vma->vm_start;

	lockdep_assert_held(&vmo->tree->lock);
	if (vma->vm_pgoff - base + vma_pages(vma) > vmo->size >> PAGE_SHIFT)
		return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start,
			       (root->paddr >> PAGE_SHIFT) + vma->vm_pgoff,
			       len, vma->vm_page_prot);
}
