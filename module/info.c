// SPDX-License-Identifier: GPL-2.0
/*
 * ZXVMO_IOC_GET_INFO: the figures behind ZX_INFO_HANDLE_BASIC and
 * ZX_INFO_VMO.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/sort.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "zxvmo.h"

static int zxvmo_cmp_ptr(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a;
	unsigned long y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/*
 * Distinct address spaces that map @vmo: Zircon's share_count, which is 1
 * when the VMO is mapped fewer than twice.
 */
static u64 zxvmo_share_count(struct zxvmo *vmo)
{
	struct address_space *mapping = vmo->root->inode->i_mapping;
	struct vm_area_struct *vma;
	struct rb_node *rb;
	unsigned long *mms;
	unsigned int n = 0, i, count;
	u64 shared = 0;

	count = atomic_read(&vmo->nr_mappings);
	if (count < 2)
		return 1;
	mms = kvmalloc_array(count, sizeof(*mms), GFP_KERNEL);
	if (!mms)
		return 1;	/* at least one; an estimate under pressure */

	i_mmap_lock_read(mapping);
	/* Every VMA of the mapping, in no particular order. */
	for (rb = rb_first_cached(&mapping->i_mmap); rb && n < count;
	     rb = rb_next(rb)) {
		vma = rb_entry(rb, struct vm_area_struct, shared.rb);
		if (zxvmo_file_handle(vma->vm_file)->vmo == vmo)
			mms[n++] = (unsigned long)vma->vm_mm;
	}
	i_mmap_unlock_read(mapping);

	sort(mms, n, sizeof(*mms), zxvmo_cmp_ptr, NULL);
	for (i = 0; i < n; i++)
		if (!i || mms[i] != mms[i - 1])
			shared++;
	kvfree(mms);
	return shared;
}

/*
 * ZX_INFO_VMO.metadata_bytes: the kernel memory that indexes the pages
 * the VMO shows from its own node (a slice or reference: its root's), as
 * Zircon reports its page list's nodes.  An estimate in O(1): the xarray
 * nodes @nr_pages pages need at the least when packed (XA_CHUNK_SIZE
 * slots each, plus the levels above); zero markers and sparse indices
 * take more.  Zero for a VMO without pages.  Tree lock held.
 */
static u64 zxvmo_metadata_bytes(struct zxvmo *vmo)
{
	struct zxvmo_node *leaf = vmo->root->leaf;
	unsigned long level, nodes = 0;

	lockdep_assert_held(&vmo->tree->lock);
	if (!leaf || !leaf->nr_pages)
		return 0;
	level = leaf->nr_pages;
	do {
		level = DIV_ROUND_UP(level, XA_CHUNK_SIZE);
		nodes += level;
	} while (level > 1);
	return (u64)nodes * sizeof(struct xa_node);
}

/*
 * The attribution fields.  committed_bytes stays the seed's (each page
 * charged to exactly one VMO: node.c); the others are Zircon's equal
 * shares (attr.c).  Nothing is compressed here, so the committed_* shares
 * are the populated_* ones.
 */
static void zxvmo_fill_attr(struct zxvmo_info *info,
			    const struct zxvmo_attr *attr)
{
	info->populated_bytes = attr->bytes;
	info->populated_private_bytes = attr->private_bytes;
	info->committed_private_bytes = attr->private_bytes;
	info->populated_scaled_bytes = attr->scaled_bytes;
	info->committed_scaled_bytes = attr->scaled_bytes;
	info->populated_fractional_scaled_bytes = attr->scaled_frac;
	info->committed_fractional_scaled_bytes = attr->scaled_frac;
}

static void zxvmo_fill_info(struct zxvmo_handle *h, struct zxvmo_info *info)
{
	struct zxvmo *vmo = h->vmo;
	struct zxvmo_attr attr = {};

	info->type = ZXVMO_OBJ_TYPE_VMO;
	info->koid = vmo->koid;
	info->rights = h->rights;
	info->flags = ZXVMO_INFO_VIA_HANDLE;
	if (vmo->kind != ZXVMO_KIND_PHYSICAL)
		info->flags |= ZXVMO_INFO_TYPE_PAGED;
	if (vmo->kind == ZXVMO_KIND_CONTIGUOUS)
		info->flags |= ZXVMO_INFO_CONTIGUOUS;
	if (vmo->options & ZXVMO_OPT_RESIZABLE)
		info->flags |= ZXVMO_INFO_RESIZABLE;
	if (vmo->options & ZXVMO_OPT_DISCARDABLE)
		info->flags |= ZXVMO_INFO_DISCARDABLE;

	if (vmo->is_cow_clone)
		info->flags |= ZXVMO_INFO_IS_COW_CLONE;
	if (vmo->immutable)
		info->flags |= ZXVMO_INFO_IMMUTABLE;
	info->parent_koid = vmo->parent_koid;
	info->num_children = atomic_read(&vmo->nr_children);

	/*
	 * A slice or reference owns no pages: they are its root's, and it is
	 * attributed nothing.
	 */
	mutex_lock(&vmo->tree->lock);
	info->size_bytes = vmo->size;
	if (vmo->leaf) {
		info->committed_bytes = zxvmo_node_committed(vmo->leaf);
		zxvmo_attribution(vmo->leaf, &attr);
	}
	info->cache_policy = vmo->tree->cache_policy;
	info->metadata_bytes = zxvmo_metadata_bytes(vmo);
	mutex_unlock(&vmo->tree->lock);
	zxvmo_fill_attr(info, &attr);

	info->num_mappings = atomic_read(&vmo->nr_mappings);
	info->share_count = zxvmo_share_count(vmo);

	spin_lock(&vmo->name_lock);
	memcpy(info->name, vmo->name, sizeof(info->name));
	spin_unlock(&vmo->name_lock);
}

long zxvmo_ioctl_info(struct zxvmo_handle *h, void __user *argp)
{
	struct zxvmo_info info = {};

	zxvmo_fill_info(h, &info);
	return copy_to_user(argp, &info, sizeof(info)) ? -EFAULT : 0;
}
