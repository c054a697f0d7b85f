// SPDX-License-Identifier: GPL-2.0
/*
 * zx_vmo_create_child(): copy-on-write snapshots and slices.
 *
 * The checks follow Zircon's order: rights (by the caller), the NO_WRITE
 * option (a property of the new handle), discardable parents, then the
 * child type's own rules.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/uaccess.h>

#include "zxvmo.h"

#define ZXVMO_SNAPSHOT_TYPES \
	(ZXVMO_CHILD_SNAPSHOT | ZXVMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE)

/*
 * The child's rights: the parent handle's plus the property rights; a
 * copy-on-write child is writable (but not executable) unless NO_WRITE.
 */
static u32 zxvmo_child_rights(u32 rights, u32 options, bool no_write)
{
	rights |= ZXVMO_RIGHT_GET_PROPERTY | ZXVMO_RIGHT_SET_PROPERTY;
	if (no_write) {
		rights &= ~ZXVMO_RIGHT_WRITE;
	} else if (options & ZXVMO_SNAPSHOT_TYPES) {
		rights &= ~ZXVMO_RIGHT_EXECUTE;
		rights |= ZXVMO_RIGHT_WRITE;
	}
	return rights;
}

/* Link @child below @parent (ZX_VMO_ZERO_CHILDREN goes inactive). */
static void zxvmo_link_child(struct zxvmo *parent, struct zxvmo *child,
			     u32 parent_rights)
{
	refcount_inc(&parent->refs);
	child->parent = parent;
	child->parent_koid = parent->koid;
	atomic_inc(&parent->nr_children);
	wake_up_interruptible_poll(&parent->waitq, EPOLLPRI);

	if (parent_rights & ZXVMO_RIGHT_GET_PROPERTY) {
		spin_lock(&parent->name_lock);
		memcpy(child->name, parent->name, sizeof(child->name));
		spin_unlock(&parent->name_lock);
	}
}

static struct zxvmo *zxvmo_slice(struct zxvmo *vmo, u32 options, u64 offset,
				 u64 size)
{
	struct zxvmo *child;
	u64 rounded;
	int err;

	if (options != ZXVMO_CHILD_SLICE || !PAGE_ALIGNED(offset))
		return ERR_PTR(-ZXVMO_E_INVALID_ARGS);
	err = zxvmo_round_size(size, &rounded);
	if (err)
		return ERR_PTR(err);
	if (zxvmo_check_range(offset, rounded, READ_ONCE(vmo->size)))
		return ERR_PTR(-ZXVMO_E_INVALID_ARGS);
	if (vmo->options & ZXVMO_OPT_RESIZABLE)
		return ERR_PTR(-ZXVMO_E_NOT_SUPPORTED);
	/* Uncached paged memory could need zeroing through the cache. */
	if (vmo->kind == ZXVMO_KIND_PAGED &&
	    READ_ONCE(vmo->root->cache_policy) != ZXVMO_CACHE_POLICY_CACHED)
		return ERR_PTR(-ZXVMO_E_BAD_STATE);

	child = zxvmo_alloc(rounded, size, 0);
	if (IS_ERR(child))
		return child;
	child->kind = vmo->kind;
	child->is_slice = true;
	child->root = vmo->root;
	atomic_inc(&vmo->root->active);	/* the slice uses the root's pages */
	child->root_off = vmo->root_off + offset;
	refcount_inc(&vmo->tree->refs);
	child->tree = vmo->tree;
	return child;
}

static struct zxvmo *zxvmo_snapshot(struct zxvmo *vmo, u32 options,
				    bool no_write, u64 offset, u64 size)
{
	struct zxvmo_node *left, *right;
	struct zxvmo_tree *tree = vmo->tree;
	struct zxvmo *child;
	u32 child_options = 0;
	u64 rounded, end;
	int err;

	/* Copy-on-write has no meaning for physically contiguous memory. */
	if (vmo->kind == ZXVMO_KIND_CONTIGUOUS)
		return ERR_PTR(-ZXVMO_E_INVALID_ARGS);
	/* Exactly one snapshot type; AT_LEAST_ON_WRITE is a full snapshot. */
	if (options & ZXVMO_CHILD_SNAPSHOT)
		options &= ~ZXVMO_CHILD_SNAPSHOT;
	else if (options & ZXVMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE)
		options &= ~ZXVMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE;
	else
		return ERR_PTR(-ZXVMO_E_INVALID_ARGS);
	if (options & ZXVMO_CHILD_RESIZABLE) {
		options &= ~ZXVMO_CHILD_RESIZABLE;
		child_options = ZXVMO_OPT_RESIZABLE;
		if (no_write)
			return ERR_PTR(-ZXVMO_E_INVALID_ARGS);
	}
	if (options || !PAGE_ALIGNED(offset))
		return ERR_PTR(-ZXVMO_E_INVALID_ARGS);
	err = zxvmo_round_size(size, &rounded);
	if (err)
		return ERR_PTR(err);
	if (check_add_overflow(offset, rounded, &end))
		return ERR_PTR(-ZXVMO_E_OUT_OF_RANGE);
	if (vmo->is_slice || vmo->kind == ZXVMO_KIND_PHYSICAL)
		return ERR_PTR(-ZXVMO_E_NOT_SUPPORTED);
	if (READ_ONCE(vmo->cache_policy) != ZXVMO_CACHE_POLICY_CACHED)
		return ERR_PTR(-ZXVMO_E_BAD_STATE);

	child = zxvmo_alloc(rounded, size, child_options);
	if (IS_ERR(child))
		return child;
	left = zxvmo_node_alloc(tree, vmo);
	right = zxvmo_node_alloc(tree, child);
	if (!left || !right) {
		err = -ENOMEM;
		goto abort;
	}

	mutex_lock(&tree->lock);
	/* Every snapshot deepens the tree: bounded, like all work under it. */
	if (zxvmo_node_depth(vmo->leaf) >= ZXVMO_MAX_DEPTH) {
		mutex_unlock(&tree->lock);
		err = -ZXVMO_E_NO_RESOURCES;
		goto abort;
	}
	zxvmo_node_split(vmo->leaf, left, right, vmo->size >> PAGE_SHIFT,
			 offset >> PAGE_SHIFT, rounded >> PAGE_SHIFT);
	vmo->leaf = left;
	/* The pages are copy-on-write now: no mapping may write them. */
	unmap_mapping_range(vmo->inode->i_mapping, 0, 0, 0);
	mutex_unlock(&tree->lock);

	refcount_inc(&tree->refs);
	child->tree = tree;
	child->leaf = right;
	child->is_cow_clone = true;
	/* Zircon: such a snapshot is immutable (no handle can write it). */
	child->immutable = no_write && !child_options;
	return child;

abort:
	/* Unused, empty nodes; zxvmo_node_alloc() took tree references. */
	kfree(left);
	kfree(right);
	if (left)
		zxvmo_tree_put(tree);
	if (right)
		zxvmo_tree_put(tree);
	zxvmo_abort(child);
	return ERR_PTR(err);
}

long zxvmo_ioctl_child(struct zxvmo_handle *h, void __user *argp)
{
	struct zxvmo_child_args args;
	struct zxvmo *vmo = h->vmo, *child;
	bool no_write;
	u32 options;
	int fd;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.reserved)
		return -ZXVMO_E_INVALID_ARGS;
	options = args.options;
	no_write = options & ZXVMO_CHILD_NO_WRITE;
	options &= ~ZXVMO_CHILD_NO_WRITE;
	if (vmo->options & ZXVMO_OPT_DISCARDABLE)
		return -ZXVMO_E_NOT_SUPPORTED;

	if (options & ZXVMO_CHILD_SLICE)
		child = zxvmo_slice(vmo, options, args.offset, args.size);
	else
		child = zxvmo_snapshot(vmo, options, no_write, args.offset,
				       args.size);
	if (IS_ERR(child))
		return PTR_ERR(child);

	zxvmo_link_child(vmo, child, h->rights);
	fd = zxvmo_install_handle(child,
				  zxvmo_child_rights(h->rights, options,
						     no_write));
	zxvmo_put(child);	/* the handle holds the child now */
	return fd;
}
