// SPDX-License-Identifier: GPL-2.0
/*
 * Pinned pages: what zx_bti_pin() holds on a VMO (object.c has the BTI and
 * PMT objects).  There is no IOMMU, so pinning commits the pages of the
 * range, takes a reference on each, counts the pin in the root VMO and
 * hands out the physical addresses.
 *
 * Pin counts live in the root VMO (@pins: page index -> count as an xarray
 * value, @nr_pins: the sum), under the tree lock.  A pinned page is always
 * an own page of the root's leaf at that index: the operations that would
 * take it away or move it refuse while it is pinned (snapshot, decommit,
 * shrink, cache policy: ZX_ERR_BAD_STATE), zeroing clears it in place, a
 * discardable VMO with pins is kept off the discard LRU, and the PMT holds
 * the VMO's pages active so that they outlive every handle.  zxvmo_node_check()
 * checks the invariant on debug kernels.
 *
 * A physical VMO has no pages: only @nr_pins counts its pins (the cache
 * policy rule needs it).
 */
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>

#include "zxvmo.h"

/* Count one more pin of page @idx of @root. */
static int zxvmo_pin_count(struct zxvmo *root, pgoff_t idx)
{
	void *old = xa_load(&root->pins, idx);
	unsigned long n = old ? xa_to_value(old) : 0;

	return xa_err(xa_store(&root->pins, idx, xa_mk_value(n + 1),
			       GFP_KERNEL_ACCOUNT));
}

/* Drop one pin of page @idx of @root and the page reference it held. */
static void zxvmo_unpin_one(struct zxvmo *root, pgoff_t idx)
{
	void *old = xa_load(&root->pins, idx);
	struct page *page = xa_load(&root->leaf->pages, idx);

	if (WARN_ON_ONCE(!old))
		return;
	if (xa_to_value(old) > 1)	/* replacing allocates nothing */
		xa_store(&root->pins, idx, xa_mk_value(xa_to_value(old) - 1),
			 GFP_KERNEL_ACCOUNT);
	else
		xa_erase(&root->pins, idx);
	root->nr_pins--;
	if (!WARN_ON_ONCE(!page || xa_is_value(page)))
		put_page(page);
}

/* Unpin the pages [@start, @start + @n) of @root.  Tree lock held. */
static void zxvmo_unpin_locked(struct zxvmo *root, pgoff_t start, pgoff_t n)
{
	pgoff_t i;

	lockdep_assert_held(&root->tree->lock);
	if (root->kind == ZXVMO_KIND_PHYSICAL) {
		root->nr_pins -= n;
		return;
	}
	for (i = 0; i < n; i++) {
		zxvmo_unpin_one(root, start + i);
		if (!(i % 1024))
			cond_resched();
	}
	if (!root->nr_pins)
		zxvmo_discard_pins_changed(root);
}

/*
 * Pin [@offset, @offset + @size) of @vmo (page aligned, @size not 0; a
 * slice pins its root's pages).  On success @pin describes what to give
 * back to zxvmo_unpin(), @pin->paddr is the first page's physical address
 * and, if @paddrs is not NULL, paddrs[i] that of page i.  The pages are
 * committed (copied out of copy-on-write ancestors) and charged like any
 * committed page.  Errors: OUT_OF_RANGE, NOT_FOUND (discarded), NO_MEMORY,
 * -EDQUOT (the budget), -EINTR (a fatal signal); nothing stays pinned.
 */
int zxvmo_pin(struct zxvmo *vmo, u64 offset, u64 size, u64 *paddrs,
	      struct zxvmo_pin *pin)
{
	struct zxvmo *root = vmo->root;
	struct page *page;
	pgoff_t start, n, i;
	int err;

	mutex_lock(&vmo->tree->lock);
	err = zxvmo_check_range(offset, size, vmo->size);
	if (!err && root->discarded)
		err = -ZXVMO_E_NOT_FOUND;
	if (err)
		goto unlock;
	start = (offset + vmo->root_off) >> PAGE_SHIFT;
	n = size >> PAGE_SHIFT;
	if (root->kind == ZXVMO_KIND_PHYSICAL) {
		pin->paddr = root->paddr + ((u64)start << PAGE_SHIFT);
		root->nr_pins += n;
		goto pinned;
	}
	for (i = 0; i < n; i++) {
		page = zxvmo_node_commit(root->leaf, start + i);
		if (IS_ERR(page)) {
			err = PTR_ERR(page);
			break;
		}
		err = zxvmo_pin_count(root, start + i);
		if (err)
			break;
		get_page(page);
		root->nr_pins++;
		if (paddrs)
			paddrs[i] = page_to_phys(page);
		if (!i)
			pin->paddr = page_to_phys(page);
		if (fatal_signal_pending(current)) {
			i++;
			err = -EINTR;
			break;
		}
		cond_resched();
	}
	if (err) {
		zxvmo_unpin_locked(root, start, i);
		goto unlock;
	}
	zxvmo_discard_pins_changed(root);
pinned:
	/* The PMT keeps the pages: an active reference, like a slice's. */
	refcount_inc(&root->refs);
	atomic_inc(&root->active);
	pin->root = root;
	pin->start = start;
	pin->pages = n;
unlock:
	mutex_unlock(&vmo->tree->lock);
	return err;
}

/* Give back what zxvmo_pin() took.  No lock held. */
void zxvmo_unpin(struct zxvmo_pin *pin)
{
	struct zxvmo *root = pin->root;

	mutex_lock(&root->tree->lock);
	zxvmo_unpin_locked(root, pin->start, pin->pages);
	mutex_unlock(&root->tree->lock);
	zxvmo_deactivate(root);
	zxvmo_put(root);
	pin->root = NULL;
}
