// SPDX-License-Identifier: GPL-2.0
/*
 * The VMO object: creation, lifetime, size, content size and name.
 */
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/cred.h>
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

/*
 * Zircon's rule for the windows of copy-on-write children: a window of
 * @size bytes at @offset into a VMO whose own view starts at @cow_offset
 * in its tree's root must end below 2^64 there.
 */
int zxvmo_check_cow_window(u64 cow_offset, u64 offset, u64 size)
{
	u64 start, end;

	if (check_add_overflow(cow_offset, offset, &start) ||
	    check_add_overflow(start, size, &end))
		return -ZXVMO_E_INVALID_ARGS;
	return 0;
}

/* The VMO whose size and content size @vmo shows: a reference's root. */
struct zxvmo *zxvmo_size_owner(struct zxvmo *vmo)
{
	return vmo->is_reference ? vmo->root : vmo;
}

/* Round a user-supplied size up to pages, refusing what does not fit. */
int zxvmo_round_size(u64 size, u64 *rounded)
{
	if (size > ZXVMO_MAX_SIZE)
		return -ZXVMO_E_OUT_OF_RANGE;
	*rounded = PAGE_ALIGN(size);
	return 0;
}

/*
 * Set @vmo's size and that of its references (a new VMO has none).  Tree
 * lock held once the VMO is visible.
 */
void zxvmo_set_size_locked(struct zxvmo *vmo, u64 size)
{
	struct zxvmo *ref;

	/* A VMO with references is in use: only under its tree lock. */
	if (!list_empty(&vmo->ref_list))
		lockdep_assert_held(&vmo->tree->lock);
	WRITE_ONCE(vmo->size, size);
	i_size_write(vmo->inode, size);
	list_for_each_entry(ref, &vmo->ref_list, ref_link) {
		WRITE_ONCE(ref->size, size);
		i_size_write(ref->inode, size);
	}
}

/* A reference going away leaves its root's list. */
static void zxvmo_unlink_reference(struct zxvmo *vmo)
{
	if (!vmo->is_reference)
		return;
	mutex_lock(&vmo->tree->lock);
	list_del_init(&vmo->ref_link);
	mutex_unlock(&vmo->tree->lock);
}

/* The parent lost a child: ZX_VMO_ZERO_CHILDREN may become active. */
static void zxvmo_child_gone(struct zxvmo *parent)
{
	if (atomic_dec_and_test(&parent->nr_children))
		wake_up_interruptible_poll(&parent->waitq, EPOLLPRI);
}

/* Give back @vmo's pages for good: it has no handle left. */
static void zxvmo_release_pages(struct zxvmo *vmo)
{
	if (vmo->options & ZXVMO_OPT_DISCARDABLE) {
		mutex_lock(&vmo->tree->lock);
		zxvmo_discard_exit(vmo);
		mutex_unlock(&vmo->tree->lock);
	}
	zxvmo_node_release(vmo);
}

/*
 * Free @vmo; returns its parent, whose reference the caller drops next
 * (iteratively: a chain of a thousand slices must not recurse).
 */
static struct zxvmo *zxvmo_free(struct zxvmo *vmo)
{
	struct zxvmo *parent = vmo->parent;

	zxvmo_unregister(vmo);
	zxvmo_unlink_reference(vmo);

	/* A VMO that never had a handle still has its leaf. */
	if (READ_ONCE(vmo->leaf))
		zxvmo_release_pages(vmo);
	/* A PMT holds the VMO: nothing can be pinned any more. */
	WARN_ON_ONCE(!xa_empty(&vmo->pins) || vmo->nr_pins);
	xa_destroy(&vmo->pins);
	zxvmo_tree_put(vmo->tree);
	iput(vmo->inode);
	put_pid(vmo->creator);
	kmem_cache_free(zxvmo_cache, vmo);
	atomic_long_dec(&zxvmo_nr_vmos);
	zxvmo_fs_unpin();
	if (parent)
		zxvmo_child_gone(parent);
	return parent;
}

/*
 * A handle file (or a slice rooted here) went away.  When nothing uses
 * the pages any more, release them: the copy-on-write tree merges as if
 * the VMO were gone, even if the object lingers for its children.
 */
void zxvmo_deactivate(struct zxvmo *vmo)
{
	while (atomic_dec_and_test(&vmo->active)) {
		if (!vmo->is_slice) {
			zxvmo_release_pages(vmo);
			break;
		}
		vmo = vmo->root;	/* a slice used its root's pages */
	}
}

void zxvmo_put(struct zxvmo *vmo)
{
	while (vmo && refcount_dec_and_test(&vmo->refs))
		vmo = zxvmo_free(vmo);
}

/*
 * A new VMO with its inode but no pages, tree or parent yet, holding the
 * creation reference (@refs 1, @active 0).  The caller completes it and
 * hands it to zxvmo_install_new(), or gives it back: with zxvmo_abort()
 * before it has a tree, with zxvmo_put() after.  Pins the filesystem.
 */
struct zxvmo *zxvmo_alloc(u64 size, u64 content_size, u32 options)
{
	struct zxvmo *vmo;
	int err;

	err = zxvmo_fs_pin();
	if (err)
		return ERR_PTR(err);
	/* A discardable VMO's object decides its memory cgroup's LRU. */
	if (options & ZXVMO_OPT_DISCARDABLE)
		vmo = zxvmo_discard_alloc(zxvmo_cache);
	else
		vmo = kmem_cache_zalloc(zxvmo_cache, GFP_KERNEL_ACCOUNT);
	if (!vmo) {
		err = -ENOMEM;
		goto unpin;
	}
	vmo->inode = zxvmo_new_inode();
	if (IS_ERR(vmo->inode)) {
		err = PTR_ERR(vmo->inode);
		goto free;
	}
	vmo->inode->i_private = vmo;
	vmo->creator = get_task_pid(current, PIDTYPE_TGID);
	vmo->creator_uid = current_uid();
	vmo->options = options;
	vmo->content_size = content_size;
	vmo->root = vmo;
	INIT_LIST_HEAD(&vmo->lru);
	INIT_LIST_HEAD(&vmo->ref_list);
	INIT_LIST_HEAD(&vmo->ref_link);
	xa_init(&vmo->pins);
	spin_lock_init(&vmo->name_lock);
	refcount_set(&vmo->refs, 1);
	init_waitqueue_head(&vmo->waitq);
	atomic_set(&vmo->signals, 0);
	zxvmo_set_size_locked(vmo, size);
	zxvmo_register(vmo);
	atomic_long_inc(&zxvmo_nr_vmos);
	return vmo;
free:
	kmem_cache_free(zxvmo_cache, vmo);
unpin:
	zxvmo_fs_unpin();
	return ERR_PTR(err);
}

/* Undo zxvmo_alloc() for a VMO that never got a tree. */
void zxvmo_abort(struct zxvmo *vmo)
{
	zxvmo_unregister(vmo);
	iput(vmo->inode);
	put_pid(vmo->creator);
	kmem_cache_free(zxvmo_cache, vmo);
	atomic_long_dec(&zxvmo_nr_vmos);
	zxvmo_fs_unpin();
}

/*
 * The one constructor of a VMO at the root of its own tree (every VMO but
 * a child): zxvmo_alloc() with @kind, a new tree and an empty leaf.  A
 * physical VMO starts UNCACHED, as in Zircon.  Returns it holding the
 * creation reference (see zxvmo_alloc()), or an ERR_PTR.
 */
struct zxvmo *zxvmo_alloc_root(enum zxvmo_kind kind, u64 size,
			       u64 content_size, u32 options)
{
	struct zxvmo_tree *tree;
	struct zxvmo *vmo;

	vmo = zxvmo_alloc(size, content_size, options);
	if (IS_ERR(vmo))
		return vmo;
	vmo->kind = kind;
	tree = zxvmo_tree_alloc();
	if (!tree)
		goto abort;
	vmo->leaf = zxvmo_node_alloc(tree, vmo);
	if (!vmo->leaf)
		goto put_tree;
	if (kind == ZXVMO_KIND_PHYSICAL)
		tree->cache_policy = ZXVMO_CACHE_POLICY_UNCACHED;
	vmo->tree = tree;	/* the creation reference becomes the VMO's */
	zxvmo_discard_init(vmo);
	return vmo;
put_tree:
	zxvmo_tree_put(tree);
abort:
	zxvmo_abort(vmo);
	return ERR_PTR(-ENOMEM);
}

/*
 * zx_vmo_create(): the new VMO, holding the creation reference, for
 * zxvmo_install_new(); or an ERR_PTR.
 */
struct zxvmo *zxvmo_create(u64 size, u32 options)
{
	u64 rounded;
	int err;

	/*
	 * Zircon's order: RESIZABLE with UNBOUNDED, the size (not looked at
	 * for UNBOUNDED: the VMO gets the largest size, @size is only its
	 * content size), then any other option.
	 */
	if ((options & ZXVMO_OPT_UNBOUNDED) && (options & ZXVMO_OPT_RESIZABLE))
		return ERR_PTR(-ZXVMO_E_INVALID_ARGS);
	if (options & ZXVMO_OPT_UNBOUNDED) {
		rounded = ZXVMO_MAX_SIZE;
	} else {
		err = zxvmo_round_size(size, &rounded);
		if (err)
			return ERR_PTR(err);
	}
	options &= ~ZXVMO_OPT_UNBOUNDED;
	if (options & ~ZXVMO_CREATE_OPTIONS)
		return ERR_PTR(-ZXVMO_E_INVALID_ARGS);

	return zxvmo_alloc_root(ZXVMO_KIND_PAGED, rounded, size, options);
}

/*
 * Is any page of @root's [@start, @end) pinned?  The pin counts are the
 * root's state; pin.c changes them.  Tree lock held.
 */
bool zxvmo_pinned(struct zxvmo *root, pgoff_t start, pgoff_t end)
{
	unsigned long idx = start;

	lockdep_assert_held(&root->tree->lock);
	if (start >= end)
		return false;
	return xa_find(&root->pins, &idx, end - 1, XA_PRESENT);
}

/*
 * The page of @root holding byte @pos, committed (copied on write) so that
 * it can be cleared in place; NULL when it reads zero already.
 */
static struct page *zxvmo_partial_page(struct zxvmo *root, u64 pos)
{
	pgoff_t idx = pos >> PAGE_SHIFT;

	if (!zxvmo_node_lookup(root->leaf, idx))
		return NULL;
	return zxvmo_node_commit(root->leaf, idx);
}

/* Clear bytes [@from, @to) (within one page) of @page, if any. */
static void zxvmo_clear_bytes(struct page *page, u64 from, u64 to)
{
	if (page)
		zero_user_segment(page, offset_in_page(from),
				  offset_in_page(to - 1) + 1);
}

/* Clear the whole pages [@first, @last) of a contiguous VMO in place. */
static void zxvmo_zero_in_place(struct zxvmo *root, u64 first, u64 last)
{
	struct page *page;

	for (; first < last; first += PAGE_SIZE) {
		page = zxvmo_node_lookup(root->leaf, first >> PAGE_SHIFT);
		if (page)
			clear_highpage(page);
	}
}

/*
 * Make the whole pages [@first, @last) of @root read zero: pinned pages
 * are cleared in place (they must stay where they are), the others freed
 * or hidden by zxvmo_node_zero().  The pieces between pinned pages are
 * zeroed first; only they can fail (no memory), and then the pinned pages
 * are still as they were.  Tree lock held.
 */
static int zxvmo_zero_pages(struct zxvmo *root, pgoff_t first, pgoff_t last)
{
	unsigned long idx;
	pgoff_t from = first;
	struct page *page;
	void *entry;
	int err;

	if (!zxvmo_pinned(root, first, last))
		return zxvmo_node_zero(root->leaf, first, last);
	xa_for_each_range(&root->pins, idx, entry, first, last - 1) {
		err = zxvmo_node_zero(root->leaf, from, idx);
		if (err)
			return err;
		from = idx + 1;
	}
	err = zxvmo_node_zero(root->leaf, from, last);
	if (err)
		return err;
	xa_for_each_range(&root->pins, idx, entry, first, last - 1) {
		page = xa_load(&root->leaf->pages, idx);
		if (!WARN_ON_ONCE(!page || xa_is_value(page)))
			clear_highpage(page);
		cond_resched();
	}
	return 0;
}

/*
 * Zero the bytes [@start, @end) of @vmo: partial pages are cleared in
 * place, whole pages are freed (or hidden behind zero markers in a COW
 * child) and unmapped.  What can fail (committing the partial pages,
 * the markers' slots) comes first: on failure no byte has changed.
 * Tree lock held.
 */
int zxvmo_zero_range_locked(struct zxvmo *vmo, u64 start, u64 end)
{
	struct page *head = NULL, *tail = NULL;
	struct zxvmo *root = vmo->root;
	u64 first, last;
	int err;

	lockdep_assert_held(&vmo->tree->lock);
	/* A physical VMO has no pages: its content size is metadata only. */
	if (root->kind == ZXVMO_KIND_PHYSICAL)
		return 0;
	start += vmo->root_off;
	end += vmo->root_off;
	if (start >= end)
		return 0;
	first = round_up(start, PAGE_SIZE);
	last = round_down(end, PAGE_SIZE);
	if (first > last) {	/* inside one page */
		first = end;
		last = end;
	}
	if (start < first)
		head = zxvmo_partial_page(root, start);
	if (IS_ERR(head))
		return PTR_ERR(head);
	if (last < end && last >= first)
		tail = zxvmo_partial_page(root, last);
	if (IS_ERR(tail))
		return PTR_ERR(tail);
	if (first < last && root->kind == ZXVMO_KIND_CONTIGUOUS) {
		zxvmo_zero_in_place(root, first, last);	/* pages stay */
	} else if (first < last) {
		zxvmo_faults_stop(root->tree);
		zxvmo_unmap(root, first, last - first, false);
		err = zxvmo_zero_pages(root, first >> PAGE_SHIFT,
				       last >> PAGE_SHIFT);
		zxvmo_faults_resume(root->tree);
		if (err)
			return err;
	}
	zxvmo_clear_bytes(head, start, min(first, end));
	zxvmo_clear_bytes(tail, last, end);
	return 0;
}

/*
 * Zircon's SetSize rounds @size up first (OUT_OF_RANGE if that overflows),
 * then asks the VMO (UNAVAILABLE unless resizable, then the largest size,
 * then the window in the copy-on-write tree: INVALID_ARGS if it would end
 * past 2^64).  A reference resizes its root, and so every reference of it;
 * one made without ZX_VMO_CHILD_RESIZABLE lacks Zircon's RESIZE right
 * (ACCESS_DENIED).
 */
long zxvmo_set_size(struct zxvmo *vmo, u64 size)
{
	u64 rounded, old;
	int err;

	if (vmo->ref_no_resize && (vmo->options & ZXVMO_OPT_RESIZABLE))
		return -ZXVMO_E_ACCESS_DENIED;
	vmo = zxvmo_size_owner(vmo);
	if (size > U64_MAX - PAGE_SIZE + 1)
		return -ZXVMO_E_OUT_OF_RANGE;
	if (!(vmo->options & ZXVMO_OPT_RESIZABLE))
		return -ZXVMO_E_UNAVAILABLE;
	err = zxvmo_round_size(size, &rounded);
	if (err)
		return err;
	err = zxvmo_check_cow_window(vmo->cow_offset, 0, rounded);
	if (err)
		return err;

	mutex_lock(&vmo->tree->lock);
	old = vmo->size;
	/* Zircon: pinned pages cannot be resized away. */
	if (rounded < old && zxvmo_pinned(vmo->root, rounded >> PAGE_SHIFT,
					  old >> PAGE_SHIFT)) {
		mutex_unlock(&vmo->tree->lock);
		return -ZXVMO_E_BAD_STATE;
	}
	/*
	 * First the only step that can fail: the bytes of the new last page
	 * past @size (pages past the old size read zero already).  On
	 * failure the VMO is as it was.
	 */
	err = zxvmo_zero_range_locked(vmo, size, min(rounded, old));
	if (!err && rounded < old) {
		/* Truncate: even private COW copies beyond the end go. */
		zxvmo_faults_stop(vmo->tree);
		zxvmo_unmap(vmo, rounded, old - rounded, true);
		zxvmo_node_truncate(vmo->leaf, rounded >> PAGE_SHIFT);
		zxvmo_faults_resume(vmo->tree);
	}
	if (!err) {
		zxvmo_set_size_locked(vmo, rounded);
		vmo->content_size = size;
	}
	mutex_unlock(&vmo->tree->lock);
	return err;
}

long zxvmo_set_content_size(struct zxvmo *vmo, u64 content_size)
{
	int err = 0;

	vmo = zxvmo_size_owner(vmo);
	mutex_lock(&vmo->tree->lock);
	if (content_size < vmo->size)
		err = zxvmo_zero_range_locked(vmo, content_size, vmo->size);
	if (!err)	/* a failed zeroing changed nothing */
		vmo->content_size = content_size;
	mutex_unlock(&vmo->tree->lock);
	return err;
}

u64 zxvmo_content_size(struct zxvmo *vmo)
{
	u64 content_size;

	vmo = zxvmo_size_owner(vmo);
	mutex_lock(&vmo->tree->lock);
	content_size = vmo->content_size;
	mutex_unlock(&vmo->tree->lock);
	return content_size;
}

/*
 * zx_vmo_set_stream_size(): today's Zircon rules.  The same size changes
 * nothing; a size past the VMO's is OUT_OF_RANGE; then the bytes from
 * min(old, new) to the end of the VMO are zeroed, which fails as
 * ZX_VMO_OP_ZERO would (BAD_STATE unless cached, NOT_SUPPORTED for a
 * physical VMO), and a failure changes nothing.
 */
long zxvmo_set_stream_size(struct zxvmo *vmo, u64 stream_size)
{
	int err = 0;

	vmo = zxvmo_size_owner(vmo);
	mutex_lock(&vmo->tree->lock);
	if (stream_size == vmo->content_size)
		goto unlock;
	if (stream_size > vmo->size) {
		err = -ZXVMO_E_OUT_OF_RANGE;
	} else if (vmo->kind == ZXVMO_KIND_PHYSICAL) {
		err = -ZXVMO_E_NOT_SUPPORTED;
	} else if (vmo->tree->cache_policy != ZXVMO_CACHE_POLICY_CACHED) {
		err = -ZXVMO_E_BAD_STATE;
	} else {
		err = zxvmo_zero_range_locked(vmo, min(stream_size,
						       vmo->content_size),
					      vmo->size);
		if (!err)
			vmo->content_size = stream_size;
	}
unlock:
	mutex_unlock(&vmo->tree->lock);
	return err;
}

void zxvmo_get_name(struct zxvmo *vmo, char name[ZXVMO_NAME_LEN])
{
	spin_lock(&vmo->name_lock);
	memcpy(name, vmo->name, ZXVMO_NAME_LEN);
	spin_unlock(&vmo->name_lock);
}

/*
 * An object name from user space as Zircon keeps it: at most
 * ZX_MAX_NAME_LEN - 1 bytes, up to the first NUL, zero-filled after.
 */
int zxvmo_name_from_user(char name[ZXVMO_NAME_LEN], const void __user *argp)
{
	size_t len;

	if (copy_from_user(name, argp, ZXVMO_NAME_LEN))
		return -EFAULT;
	name[ZXVMO_NAME_LEN - 1] = '\0';
	len = strlen(name);
	memset(name + len, 0, ZXVMO_NAME_LEN - len);
	return 0;
}

void zxvmo_set_name(struct zxvmo *vmo, const char name[ZXVMO_NAME_LEN])
{
	spin_lock(&vmo->name_lock);
	memcpy(vmo->name, name, ZXVMO_NAME_LEN);
	spin_unlock(&vmo->name_lock);
}
