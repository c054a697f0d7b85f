// SPDX-License-Identifier: GPL-2.0
/*
 * The VMO object: creation, lifetime, size, content size and name.
 */
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "zxvmo.h"

#define ZXVMO_CREATE_OPTIONS	(ZXVMO_OPT_RESIZABLE | ZXVMO_OPT_DISCARDABLE)

/* Zircon's range rule: offset + len must not overflow nor pass @size. */
int zxvmo_check_range(u64 offset, u64 len, u64 size)
{
	u64 end;

	if (check_add_overflow(offset, len, &end) || end > size)
		return -ZXVMO_E_OUT_OF_RANGE;
	return 0;
}

/* Round a user-supplied size up to pages, refusing what does not fit. */
static int zxvmo_round_size(u64 size, u64 *rounded)
{
	if (size > ZXVMO_MAX_SIZE)
		return -ZXVMO_E_OUT_OF_RANGE;
	*rounded = PAGE_ALIGN(size);
	return 0;
}

static void zxvmo_set_size_locked(struct zxvmo *vmo, u64 size)
{
	WRITE_ONCE(vmo->size, size);
	i_size_write(vmo->inode, size);
}

static void zxvmo_free(struct zxvmo *vmo)
{
	zxvmo_node_free(vmo->leaf);
	iput(vmo->inode);
	kfree(vmo);
	atomic_long_dec(&zxvmo_nr_vmos);
	zxvmo_fs_unpin();
}

void zxvmo_put(struct zxvmo *vmo)
{
	if (refcount_dec_and_test(&vmo->refs))
		zxvmo_free(vmo);
}

static struct zxvmo *zxvmo_alloc(u64 size, u32 options)
{
	struct zxvmo_tree *tree;
	struct zxvmo *vmo;

	vmo = kzalloc(sizeof(*vmo), GFP_KERNEL_ACCOUNT);
	if (!vmo)
		return NULL;
	tree = zxvmo_tree_alloc();
	if (!tree)
		goto free_vmo;
	vmo->leaf = zxvmo_node_alloc(tree);
	if (!vmo->leaf) {
		kfree(tree);
		goto free_vmo;
	}
	vmo->tree = tree;
	vmo->koid = zxvmo_new_koid();
	vmo->options = options;
	vmo->cache_policy = ZXVMO_CACHE_POLICY_CACHED;
	vmo->content_size = size;
	spin_lock_init(&vmo->name_lock);
	refcount_set(&vmo->refs, 1);
	init_waitqueue_head(&vmo->waitq);
	return vmo;

free_vmo:
	kfree(vmo);
	return NULL;
}

/* zx_vmo_create(): returns the new handle's fd or a negative errno. */
int zxvmo_create(u64 size, u32 options, u32 rights)
{
	struct zxvmo *vmo;
	u64 rounded;
	int err;

	if (options & ~ZXVMO_CREATE_OPTIONS)
		return -ZXVMO_E_INVALID_ARGS;
	err = zxvmo_round_size(size, &rounded);
	if (err)
		return err;

	err = zxvmo_fs_pin();
	if (err)
		return err;
	vmo = zxvmo_alloc(size, options);
	if (!vmo) {
		zxvmo_fs_unpin();
		return -ENOMEM;
	}
	vmo->inode = zxvmo_new_inode();
	if (IS_ERR(vmo->inode)) {
		err = PTR_ERR(vmo->inode);
		vmo->inode = NULL;
		zxvmo_node_free(vmo->leaf);
		kfree(vmo);
		zxvmo_fs_unpin();
		return err;
	}
	vmo->inode->i_private = vmo;
	zxvmo_set_size_locked(vmo, rounded);
	atomic_long_inc(&zxvmo_nr_vmos);

	err = zxvmo_install_handle(vmo, rights);
	zxvmo_put(vmo);		/* the handle holds the VMO now */
	return err;
}

/*
 * Zero the bytes [@start, @end) of @vmo: committed whole pages are freed
 * (and unmapped), partial pages are cleared in place.  Tree lock held.
 */
static void zxvmo_zero_range_locked(struct zxvmo *vmo, u64 start, u64 end)
{
	struct zxvmo_node *leaf = vmo->leaf;
	pgoff_t first = PAGE_ALIGN(start) >> PAGE_SHIFT;
	pgoff_t last = end >> PAGE_SHIFT;
	struct page *page;

	if (start >= end)
		return;
	if (offset_in_page(start)) {
		page = zxvmo_node_lookup(leaf, start >> PAGE_SHIFT);
		if (page)
			zero_user_segment(page, offset_in_page(start),
					  min_t(u64, PAGE_SIZE,
						end - round_down(start, PAGE_SIZE)));
	}
	if (offset_in_page(end) && last >= first) {
		page = zxvmo_node_lookup(leaf, last);
		if (page)
			zero_user_segment(page, 0, offset_in_page(end));
	}
	if (last > first) {
		zxvmo_zap(vmo, (u64)first << PAGE_SHIFT,
			  (u64)(last - first) << PAGE_SHIFT, false);
		zxvmo_node_free_range(leaf, first, last);
	}
}

static long zxvmo_set_size(struct zxvmo *vmo, u64 size)
{
	u64 rounded, old;
	int err;

	if (!(vmo->options & ZXVMO_OPT_RESIZABLE))
		return -ZXVMO_E_UNAVAILABLE;
	err = zxvmo_round_size(size, &rounded);
	if (err)
		return err;

	mutex_lock(&vmo->tree->lock);
	old = vmo->size;
	if (rounded < old) {
		/* Truncate: even private COW copies beyond the end go. */
		zxvmo_zap(vmo, rounded, old - rounded, true);
		zxvmo_node_free_range(vmo->leaf, rounded >> PAGE_SHIFT,
				      old >> PAGE_SHIFT);
	}
	zxvmo_set_size_locked(vmo, rounded);
	zxvmo_zero_range_locked(vmo, size, rounded);
	vmo->content_size = size;
	mutex_unlock(&vmo->tree->lock);
	return 0;
}

static long zxvmo_set_content_size(struct zxvmo *vmo, u64 content_size)
{
	mutex_lock(&vmo->tree->lock);
	if (content_size < vmo->size)
		zxvmo_zero_range_locked(vmo, content_size, vmo->size);
	vmo->content_size = content_size;
	mutex_unlock(&vmo->tree->lock);
	return 0;
}

static long zxvmo_get_content_size(struct zxvmo *vmo, u64 __user *argp)
{
	u64 content_size;

	mutex_lock(&vmo->tree->lock);
	content_size = vmo->content_size;
	mutex_unlock(&vmo->tree->lock);
	return put_user(content_size, argp);
}

static long zxvmo_get_name(struct zxvmo *vmo, void __user *argp)
{
	char name[ZXVMO_NAME_LEN];

	spin_lock(&vmo->name_lock);
	memcpy(name, vmo->name, sizeof(name));
	spin_unlock(&vmo->name_lock);
	return copy_to_user(argp, name, sizeof(name)) ? -EFAULT : 0;
}

/* Zircon keeps at most ZX_MAX_NAME_LEN - 1 bytes, up to the first NUL. */
static long zxvmo_set_name(struct zxvmo *vmo, const void __user *argp)
{
	char name[ZXVMO_NAME_LEN];

	if (copy_from_user(name, argp, sizeof(name)))
		return -EFAULT;
	name[ZXVMO_NAME_LEN - 1] = '\0';
	memset(name + strlen(name), 0, sizeof(name) - strlen(name));

	spin_lock(&vmo->name_lock);
	memcpy(vmo->name, name, sizeof(name));
	spin_unlock(&vmo->name_lock);
	return 0;
}

/* The right each VMO ioctl needs, checked before anything else. */
static u32 zxvmo_ioctl_right(unsigned int cmd)
{
	switch (cmd) {
	case ZXVMO_IOC_READ:
		return ZXVMO_RIGHT_READ;
	case ZXVMO_IOC_WRITE:
	case ZXVMO_IOC_SET_SIZE:
		return ZXVMO_RIGHT_WRITE;
	case ZXVMO_IOC_GET_NAME:
	case ZXVMO_IOC_GET_CONTENT_SIZE:
		return ZXVMO_RIGHT_GET_PROPERTY;
	case ZXVMO_IOC_SET_NAME:
		return ZXVMO_RIGHT_SET_PROPERTY;
	case ZXVMO_IOC_SET_CONTENT_SIZE:
		return ZXVMO_RIGHT_SET_PROPERTY | ZXVMO_RIGHT_WRITE;
	default:
		return 0;
	}
}

long zxvmo_ioctl_vmo(struct file *file, struct zxvmo_handle *h,
		     unsigned int cmd, void __user *argp)
{
	struct zxvmo *vmo = h->vmo;
	u32 need = zxvmo_ioctl_right(cmd);
	u64 val;

	if ((h->rights & need) != need)
		return -ZXVMO_E_ACCESS_DENIED;

	switch (cmd) {
	case ZXVMO_IOC_READ:
		return zxvmo_ioctl_rw(vmo, argp, false);
	case ZXVMO_IOC_WRITE:
		return zxvmo_ioctl_rw(vmo, argp, true);
	case ZXVMO_IOC_GET_SIZE:
		return put_user(READ_ONCE(vmo->size), (u64 __user *)argp);
	case ZXVMO_IOC_SET_SIZE:
		if (get_user(val, (u64 __user *)argp))
			return -EFAULT;
		return zxvmo_set_size(vmo, val);
	case ZXVMO_IOC_GET_CONTENT_SIZE:
		return zxvmo_get_content_size(vmo, argp);
	case ZXVMO_IOC_SET_CONTENT_SIZE:
		if (get_user(val, (u64 __user *)argp))
			return -EFAULT;
		return zxvmo_set_content_size(vmo, val);
	case ZXVMO_IOC_GET_NAME:
		return zxvmo_get_name(vmo, argp);
	case ZXVMO_IOC_SET_NAME:
		return zxvmo_set_name(vmo, argp);
	default:
		return -ENOTTY;
	}
}
