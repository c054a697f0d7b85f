// SPDX-License-Identifier: GPL-2.0
/*
 * zx_vmo_create_child(): copy-on-write snapshots, slices and references.
 *
 * A child and a cache policy other than CACHED exclude each other: both
 * are decided under the tree lock (see cache.c).
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/uaccess.h>

#include "zxvmo.h"

#define ZXVMO_SNAPSHOT_TYPES \
	(ZXVMO_CHILD_SNAPSHOT | ZXVMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE | \
	 ZXVMO_CHILD_SNAPSHOT_MODIFIED)

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

/*
 * Link @child below @parent (ZX_VMO_ZERO_CHILDREN goes inactive).  Under
 * the tree lock, with the checks that a child excludes (cache policy), so
 * that zxvmo_set_cache_policy() sees the child as soon as it may exist.
 */
static void zxvmo_link_child(struct zxvmo *parent, struct zxvmo *child,
			     u32 parent_rights)
{
	lockdep_assert_held(&parent->tree->lock);
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

/* Uncached paged memory could need zeroing through the cache: no slice. */
static int zxvmo_slice_allowed(struct zxvmo *vmo)
{
	lockdep_assert_held(&vmo->tree->lock);
	if (vmo->kind == ZXVMO_KIND_PAGED &&
	    vmo->tree->cache_policy != ZXVMO_CACHE_POLICY_CACHED)
		return -ZXVMO_E_BAD_STATE;
	return 0;
}

/* @child, linked under the tree lock; or @err if that failed (no child). */
static struct zxvmo *zxvmo_child_linked(struct zxvmo *child, int err)
{
	if (!err)
		return child;
	zxvmo_put(child);	/* never linked nor active */
	return ERR_PTR(err);
}

static struct zxvmo *zxvmo_slice(struct zxvmo *vmo, u32 parent_rights,
				 u32 options, u64 offset, u64 rounded, u64 size)
{
	struct zxvmo *child;
	int err;

	if (options != ZXVMO_CHILD_SLICE || !PAGE_ALIGNED(offset))
		return ERR_PTR(-ZXVMO_E_INVALID_ARGS);
	if (zxvmo_check_range(offset, rounded, READ_ONCE(vmo->size)))
		return ERR_PTR(-ZXVMO_E_INVALID_ARGS);
	if (vmo->options & ZXVMO_OPT_RESIZABLE)
		return ERR_PTR(-ZXVMO_E_NOT_SUPPORTED);

	child = zxvmo_alloc(rounded, size, 0);
	if (IS_ERR(child))
		return child;
	child->kind = vmo->kind;
	child->is_slice = true;
	child->root = vmo->root;
	child->root_off = vmo->root_off + offset;
	/* Inside its parent, whose window is valid: this cannot overflow. */
	child->cow_offset = vmo->cow_offset + offset;
	refcount_inc(&vmo->tree->refs);
	child->tree = vmo->tree;

	mutex_lock(&vmo->tree->lock);
	err = zxvmo_slice_allowed(vmo);
	if (!err) {
		atomic_inc(&vmo->root->active);	/* it uses the root's pages */
		zxvmo_link_child(vmo, child, parent_rights);
	}
	mutex_unlock(&vmo->tree->lock);
	return zxvmo_child_linked(child, err);
}

/*
 * A reference: Zircon's rules for anonymous VMOs, in its order.  The
 * range has no meaning (it is all of the parent): zero or INVALID_ARGS;
 * a slice or contiguous VMO has none (NOT_SUPPORTED), nor a physical one;
 * RESIZABLE only of a resizable VMO, whose resizability it inherits;
 * memory that is not cached gets none (BAD_STATE).
 */
static struct zxvmo *zxvmo_reference(struct zxvmo *vmo, u32 parent_rights,
				     u32 options, u64 offset, u64 rounded)
{
	struct zxvmo *root = vmo->root, *child;
	bool resizable = options & ZXVMO_CHILD_RESIZABLE;
	int err;

	if (options & ~(ZXVMO_CHILD_REFERENCE | ZXVMO_CHILD_RESIZABLE))
		return ERR_PTR(-ZXVMO_E_INVALID_ARGS);
	if (offset || rounded)
		return ERR_PTR(-ZXVMO_E_INVALID_ARGS);
	if ((vmo->is_slice && !vmo->is_reference) ||
	    vmo->kind != ZXVMO_KIND_PAGED)
		return ERR_PTR(-ZXVMO_E_NOT_SUPPORTED);
	if (resizable && !(root->options & ZXVMO_OPT_RESIZABLE))
		return ERR_PTR(-ZXVMO_E_NOT_SUPPORTED);

	child = zxvmo_alloc(0, 0, root->options & ZXVMO_OPT_RESIZABLE);
	if (IS_ERR(child))
		return child;
	child->kind = root->kind;
	child->is_slice = true;
	child->is_reference = true;
	child->ref_no_resize = !resizable;
	child->root = root;
	child->cow_offset = root->cow_offset;
	refcount_inc(&root->tree->refs);
	child->tree = root->tree;

	mutex_lock(&root->tree->lock);
	err = root->tree->cache_policy != ZXVMO_CACHE_POLICY_CACHED ?
	      -ZXVMO_E_BAD_STATE : 0;
	if (!err) {
		/* The root's size as of now, kept equal from here on. */
		WRITE_ONCE(child->size, root->size);
		i_size_write(child->inode, root->size);
		list_add_tail(&child->ref_link, &root->ref_list);
		atomic_inc(&root->active);	/* it uses the root's pages */
		zxvmo_link_child(vmo, child, parent_rights);
	}
	mutex_unlock(&root->tree->lock);
	return zxvmo_child_linked(child, err);
}

/*
 * Under the tree lock: split @src's leaf into @left (for @src) and @right
 * (for @child) and link @child below @vmo (@src, or the reference to it),
 * if the memory is CACHED and the child's window ends below 2^64 in the
 * tree's root.
 */
static int zxvmo_snapshot_locked(struct zxvmo *vmo, struct zxvmo *src,
				 struct zxvmo *child, struct zxvmo_node *left,
				 struct zxvmo_node *right, u32 parent_rights,
				 u64 offset)
{
	struct zxvmo_tree *tree = src->tree;
	int err;

	lockdep_assert_held(&tree->lock);
	if (tree->cache_policy != ZXVMO_CACHE_POLICY_CACHED)
		return -ZXVMO_E_BAD_STATE;
	err = zxvmo_check_cow_window(src->cow_offset, offset, child->size);
	if (err)
		return err;
	/* Zircon: pinned pages cannot become copy-on-write. */
	if (vmo->nr_pins || src->nr_pins)
		return -ZXVMO_E_BAD_STATE;
	/* Every snapshot deepens the tree: bounded, like all work under it. */
	if (zxvmo_node_depth(src->leaf) >= ZXVMO_MAX_DEPTH)
		return -ZXVMO_E_NO_RESOURCES;
	zxvmo_faults_stop(tree);
	zxvmo_node_split(src->leaf, left, right, src->size >> PAGE_SHIFT,
			 offset >> PAGE_SHIFT, child->size >> PAGE_SHIFT);
	WRITE_ONCE(src->leaf, left);
	/* The pages are copy-on-write now: no mapping may write them. */
	zxvmo_unmap(src, 0, 0, false);
	zxvmo_faults_resume(tree);
	refcount_inc(&tree->refs);
	child->tree = tree;
	child->leaf = right;
	child->cow_offset = src->cow_offset + offset;
	zxvmo_link_child(vmo, child, parent_rights);
	return 0;
}

static struct zxvmo *zxvmo_snapshot(struct zxvmo *vmo, u32 parent_rights,
				    u32 options, bool no_write, u64 offset,
				    u64 rounded, u64 size)
{
	struct zxvmo_node *left, *right;
	struct zxvmo_tree *tree = vmo->tree;
	/* A reference shares its root's pages: its snapshot is the root's. */
	struct zxvmo *child, *src = zxvmo_size_owner(vmo);
	/* Zircon marks only ZX_VMO_CHILD_SNAPSHOT children immutable. */
	bool snapshot_only = options & ZXVMO_CHILD_SNAPSHOT;
	u32 child_options = 0;
	u64 end;
	int err;

	/* Copy-on-write has no meaning for physically contiguous memory. */
	if (vmo->kind == ZXVMO_KIND_CONTIGUOUS)
		return ERR_PTR(-ZXVMO_E_INVALID_ARGS);
	/*
	 * Exactly one snapshot type, taken in Zircon's order.  For anonymous
	 * memory AT_LEAST_ON_WRITE and MODIFIED are full snapshots, as
	 * Zircon makes them when there is no pager.
	 */
	if (options & ZXVMO_CHILD_SNAPSHOT)
		options &= ~ZXVMO_CHILD_SNAPSHOT;
	else if (options & ZXVMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE)
		options &= ~ZXVMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE;
	else if (options & ZXVMO_CHILD_SNAPSHOT_MODIFIED)
		options &= ~ZXVMO_CHILD_SNAPSHOT_MODIFIED;
	else
		return ERR_PTR(-ZXVMO_E_INVALID_ARGS);
	if (options & ZXVMO_CHILD_RESIZABLE) {
		options &= ~ZXVMO_CHILD_RESIZABLE;
		child_options = ZXVMO_OPT_RESIZABLE;
	}
	if (options || !PAGE_ALIGNED(offset))
		return ERR_PTR(-ZXVMO_E_INVALID_ARGS);
	if (check_add_overflow(offset, rounded, &end))
		return ERR_PTR(-ZXVMO_E_OUT_OF_RANGE);
	if ((vmo->is_slice && !vmo->is_reference) ||
	    vmo->kind == ZXVMO_KIND_PHYSICAL)
		return ERR_PTR(-ZXVMO_E_NOT_SUPPORTED);

	child = zxvmo_alloc(rounded, size, child_options);
	if (IS_ERR(child))
		return child;
	left = zxvmo_node_alloc(tree, src);
	right = zxvmo_node_alloc(tree, child);
	err = -ENOMEM;
	if (left && right) {
		mutex_lock(&tree->lock);
		err = zxvmo_snapshot_locked(vmo, src, child, left, right,
					    parent_rights, offset);
		mutex_unlock(&tree->lock);
	}
	if (err) {
		zxvmo_node_free(left);
		zxvmo_node_free(right);
		zxvmo_abort(child);
		return ERR_PTR(err);
	}
	child->is_cow_clone = true;
	/* Zircon: such a snapshot is immutable (no handle can write it). */
	child->immutable = no_write && !child_options && snapshot_only;
	return child;
}

/*
 * zx_vmo_create_child() in Zircon's order: the size (OUT_OF_RANGE), NO_WRITE
 * with RESIZABLE (INVALID_ARGS), the handle's rights, a discardable parent,
 * then the child type's own rules.
 */
long zxvmo_ioctl_child(struct zxvmo_handle *h, void __user *argp)
{
	const u32 need = ZXVMO_RIGHT_DUPLICATE | ZXVMO_RIGHT_READ;
	struct zxvmo_child_args args;
	struct zxvmo *vmo = h->vmo, *child;
	bool no_write;
	u32 options;
	u64 rounded;
	int err;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.reserved)
		return -ZXVMO_E_INVALID_ARGS;
	err = zxvmo_round_size(args.size, &rounded);
	if (err)
		return err;
	options = args.options;
	no_write = options & ZXVMO_CHILD_NO_WRITE;
	if (no_write && (options & ZXVMO_CHILD_RESIZABLE))
		return -ZXVMO_E_INVALID_ARGS;
	options &= ~ZXVMO_CHILD_NO_WRITE;
	if ((h->rights & need) != need)
		return -ZXVMO_E_ACCESS_DENIED;
	if (vmo->options & ZXVMO_OPT_DISCARDABLE)
		return -ZXVMO_E_NOT_SUPPORTED;

	if (options & ZXVMO_CHILD_SLICE)
		child = zxvmo_slice(vmo, h->rights, options, args.offset,
				    rounded, args.size);
	else if (options & ZXVMO_CHILD_REFERENCE)
		child = zxvmo_reference(vmo, h->rights, options, args.offset,
					rounded);
	else
		child = zxvmo_snapshot(vmo, h->rights, options, no_write,
				       args.offset, rounded, args.size);
	if (IS_ERR(child))
		return PTR_ERR(child);
	return zxvmo_install_new(child, zxvmo_child_rights(h->rights, options,
							   no_write),
				 u64_to_user_ptr(args.out));
}
