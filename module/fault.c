// SPDX-License-Identifier: GPL-2.0
/*
 * Faults without the tree lock, and the removers that stop them.
 *
 * A read fault of a page the VMO's leaf owns needs no tree lock: threads
 * faulting different pages of one VMO must not serialize on it.  Such a
 * fault runs in a fault section: it counts itself in tree->faulting, then
 * finds tree->stopped zero (else it leaves, and mmap.c's locked path does
 * the work), looks the page up in the leaf's xarray and maps it with
 * vmf_insert_page(), read-only wherever write-notify or a private mapping
 * asks for it (vma->vm_page_prot), together with up to 15 neighbours the
 * leaf owns (fault-around; never an ancestor's page, never past the VMO).
 * Pages the leaf does not own (an ancestor's, the zero page) and private
 * writes take the locked path, whose read faults map around too: there
 * each neighbour gets, under the tree lock, what a read fault at its
 * address would map (mmap.c: an ancestor's page found through the chain,
 * or the zero page), so the removers' zaps cover it as they cover a
 * one-page fault.
 *
 * A remover, anything that takes a page away from a leaf, changes a VMO's
 * leaf or frees a node, holds the tree lock and brackets its change and
 * its zap with zxvmo_faults_stop() and zxvmo_faults_resume().  Stopping
 * raises tree->stopped and waits until no fault section is in flight: a
 * section that found tree->stopped zero has installed its PTEs before the
 * remover changes anything, so the remover's zap removes them; a section
 * that starts later finds tree->stopped raised, or, after the resume
 * (release), the remover's changes (acquire).  The full barriers on both
 * sides make sure one of them sees the other.  No section ever sees a node
 * being freed or a page leaving its node, so it takes no page reference of
 * its own.  A section never sleeps on anything a remover holds: it gives
 * up where vmf_insert_page() would have to allocate a page table (reclaim
 * could enter the discard shrinker, which only trystops), and the page
 * lock it may wait for (below) is held by an install, which waits for no
 * remover.
 *
 * The first write to a page through a shared mapping is one fault: ->fault
 * returns the page the leaf owns (committing it under the tree lock if
 * needed) and the core calls ->page_mkwrite and maps it writable itself
 * (finish_fault()), with the page locked from ->page_mkwrite until the PTE
 * is in, but outside our locks and sections.  ->page_mkwrite records such
 * a page in one of the tree's ZXVMO_MKWRITE_SLOTS slots, in a section
 * (zxvmo_mkwrite_fast()) or under the tree lock (zxvmo_mkwrite_lock()),
 * and stopping drains them: locking a recorded page waits until its PTE is
 * installed.  A slot whose page can be trylocked is free again.
 */
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/pgtable.h>
#include <linux/sched.h>

#include "zxvmo.h"

/* The pages a read fault maps at most: the page cache's default. */
#define ZXVMO_FAULT_AROUND	16

/* Enter a fault section; false if a remover is at work. */
static bool zxvmo_section_enter(struct zxvmo_tree *tree)
{
	atomic_inc(&tree->faulting);
	smp_mb__after_atomic();		/* pairs with zxvmo_faults_block() */
	if (likely(!smp_load_acquire(&tree->stopped)))
		return true;
	atomic_dec(&tree->faulting);
	return false;
}

static void zxvmo_section_exit(struct zxvmo_tree *tree)
{
	/* Our PTEs before the remover's zap: pairs with its acquire. */
	smp_mb__before_atomic();
	atomic_dec(&tree->faulting);
}

/* The page @leaf owns at @idx, or NULL.  In a fault section. */
static struct page *zxvmo_section_page(struct zxvmo_node *leaf, pgoff_t idx)
{
	void *entry = xa_load(&leaf->pages, idx);

	return entry && !xa_is_value(entry) ? entry : NULL;
}

/* The root page indices [*@first, *@last) @vmo's mappings may fault. */
static bool zxvmo_section_window(struct zxvmo *vmo, pgoff_t *first,
				 pgoff_t *last)
{
	*first = vmo->root_off >> PAGE_SHIFT;
	*last = *first + (READ_ONCE(vmo->size) >> PAGE_SHIFT);
	/* A discarded VMO faults on the locked path (SIGBUS). */
	return !READ_ONCE(vmo->root->discarded);
}

/*
 * In a fault section: the page @vmo's leaf (in *@leaf) owns at @pgoff, or
 * NULL if there is none or @pgoff is outside the VMO's root page indices
 * [*@first, *@last) (zxvmo_section_window()).
 */
static struct page *zxvmo_section_fault_page(struct zxvmo *vmo, pgoff_t pgoff,
					     struct zxvmo_node **leaf,
					     pgoff_t *first, pgoff_t *last)
{
	*leaf = NULL;
	if (!zxvmo_section_window(vmo, first, last) ||
	    pgoff < *first || pgoff >= *last)
		return NULL;
	/* Changed only by removers, which have finished: no node goes. */
	*leaf = READ_ONCE(vmo->root->leaf);
	return *leaf ? zxvmo_section_page(*leaf, pgoff) : NULL;
}

/*
 * Map the run of @n pages at @addr, skipping addresses mapped already:
 * vm_insert_pages() takes the page table lock once per 8 pages and stops
 * at a PTE that is there.
 */
static void zxvmo_map_run(struct vm_area_struct *vma, unsigned long addr,
			  struct page **pages, unsigned long n)
{
	unsigned long left, done;

	while (n) {
		left = n;
		if (vm_insert_pages(vma, addr, pages, &left) != -EBUSY)
			return;
		done = n - left + 1;	/* with the one mapped already */
		addr += done << PAGE_SHIFT;
		pages += done;
		n -= done;
	}
}

/*
 * Map the pages @fn gives around the fault, in the same aligned block of
 * ZXVMO_FAULT_AROUND pages, inside the VMA and the VMO's root page indices
 * [@first, @last).  Pages already mapped are left alone.  In a fault
 * section, or with the tree lock held after the faulting page was mapped
 * (so the page table exists and nothing is allocated).
 */
static void zxvmo_fault_around(struct vm_fault *vmf, pgoff_t first,
			       pgoff_t last, zxvmo_around_fn fn, void *ctx)
{
	const unsigned long span = ZXVMO_FAULT_AROUND * PAGE_SIZE;
	struct page *run[ZXVMO_FAULT_AROUND];
	struct vm_area_struct *vma = vmf->vma;
	unsigned long start, end, addr;
	struct page *page;
	unsigned long n = 0;
	pgoff_t idx;

	/* A block never crosses a page table: span divides PMD_SIZE. */
	start = max(ALIGN_DOWN(vmf->address, span), vma->vm_start);
	end = min(ALIGN_DOWN(vmf->address, span) + span, vma->vm_end);
	for (addr = start; addr < end; addr += PAGE_SIZE) {
		idx = vmf->pgoff + ((long)(addr - vmf->address) >> PAGE_SHIFT);
		page = NULL;
		if (addr != vmf->address && idx >= first && idx < last)
			page = fn(ctx, idx);
		if (page) {
			run[n++] = page;
			continue;
		}
		zxvmo_map_run(vma, addr - (n << PAGE_SHIFT), run, n);
		n = 0;
	}
	zxvmo_map_run(vma, end - (n << PAGE_SHIFT), run, n);
}

/* In a fault section: the page the leaf @ctx owns at @idx, or NULL. */
static struct page *zxvmo_section_around(void *ctx, pgoff_t idx)
{
	return zxvmo_section_page(ctx, idx);
}

/*
 * The locked read fault of @vmo mapped a page: map around it what @fn
 * gives, which must be what a read fault at each index would map now.
 */
void zxvmo_fault_around_locked(struct vm_fault *vmf, struct zxvmo *vmo,
			       zxvmo_around_fn fn, void *ctx)
{
	pgoff_t first, last;

	lockdep_assert_held(&vmo->tree->lock);
	zxvmo_section_window(vmo, &first, &last);
	zxvmo_fault_around(vmf, first, last, fn, ctx);
}

/*
 * A fault of a page @vmo's leaf owns, without the tree lock: a read maps
 * it (and its neighbours), a write through a shared mapping hands it to
 * the core, which calls ->page_mkwrite and maps it writable.  Returns
 * false when it cannot tell (a private write, no page table yet, a
 * remover at work, the page not the leaf's own): the caller takes the
 * locked path.
 */
bool zxvmo_fault_fast(struct vm_fault *vmf, struct zxvmo *vmo,
		      vm_fault_t *ret)
{
	bool write = vmf->flags & FAULT_FLAG_WRITE;
	struct zxvmo_tree *tree = vmo->tree;
	struct zxvmo_node *leaf;
	pgoff_t first, last;
	struct page *page;
	bool done = false;

	if (write && !(vmf->vma->vm_flags & VM_SHARED))
		return false;
	/* Installing into an existing page table allocates nothing. */
	if (!write && pmd_none(READ_ONCE(*vmf->pmd)))
		return false;
	if (!zxvmo_section_enter(tree))
		return false;
	page = zxvmo_section_fault_page(vmo, vmf->pgoff, &leaf, &first, &last);
	if (!page)
		goto out;
	done = true;
	if (write) {
		get_page(page);
		vmf->page = page;
		*ret = 0;
		goto out;
	}
	*ret = vmf_insert_page(vmf->vma, vmf->address, page);
	if (*ret == VM_FAULT_NOPAGE)
		zxvmo_fault_around(vmf, first, last, zxvmo_section_around,
				   leaf);
out:
	zxvmo_section_exit(tree);
	return done;
}

/*
 * The slots.  A page is locked before it is recorded and stays locked
 * until the core has installed its PTE, so whoever holds a recorded
 * page's lock knows that install is over: a slot whose page can be
 * trylocked (or is the caller's own locked page) may be reused.  Each
 * recorded page holds a reference.
 */

/* Free slot @i if its install is over.  mkwrite_lock held. */
static bool zxvmo_slot_free(struct zxvmo_tree *tree, unsigned int i)
{
	struct page *page = tree->mkwrite[i];

	lockdep_assert_held(&tree->mkwrite_lock);
	if (!page)
		return true;
	if (!trylock_page(page))
		return false;
	tree->mkwrite[i] = NULL;
	unlock_page(page);
	put_page(page);
	return true;
}

/* Record @page, locked by the caller; false if every slot is busy. */
static bool zxvmo_mkwrite_record(struct zxvmo_tree *tree, struct page *page)
{
	unsigned int i, free = ZXVMO_MKWRITE_SLOTS;

	spin_lock(&tree->mkwrite_lock);
	for (i = 0; i < ZXVMO_MKWRITE_SLOTS; i++) {
		if (tree->mkwrite[i] == page) {	/* an install we now hold */
			free = i;
			goto out;
		}
		if (free == ZXVMO_MKWRITE_SLOTS && zxvmo_slot_free(tree, i))
			free = i;
	}
	if (free < ZXVMO_MKWRITE_SLOTS) {
		get_page(page);
		tree->mkwrite[free] = page;
	}
out:
	spin_unlock(&tree->mkwrite_lock);
	return free < ZXVMO_MKWRITE_SLOTS;
}

/* Take the pages out of the slots, into @pages.  mkwrite_lock held. */
static void zxvmo_slots_take(struct zxvmo_tree *tree, struct page **pages)
{
	unsigned int i;

	lockdep_assert_held(&tree->mkwrite_lock);
	for (i = 0; i < ZXVMO_MKWRITE_SLOTS; i++) {
		pages[i] = tree->mkwrite[i];
		tree->mkwrite[i] = NULL;
	}
}

/* Wait until the install of each page of @pages is over; put them. */
static void zxvmo_slots_wait(struct page **pages)
{
	unsigned int i;

	for (i = 0; i < ZXVMO_MKWRITE_SLOTS; i++) {
		if (!pages[i])
			continue;
		lock_page(pages[i]);
		unlock_page(pages[i]);
		put_page(pages[i]);
	}
}

/*
 * ->page_mkwrite lets the core map @page writable: lock it and record it,
 * so that removers wait until the PTE is in.  When every slot is busy, it
 * waits for the installs recorded so far.  Tree lock held.
 */
void zxvmo_mkwrite_lock(struct zxvmo_tree *tree, struct page *page)
{
	struct page *busy[ZXVMO_MKWRITE_SLOTS];

	lockdep_assert_held(&tree->lock);
	lock_page(page);
	while (!zxvmo_mkwrite_record(tree, page)) {
		/* None of them is @page (its slot would have been reused). */
		spin_lock(&tree->mkwrite_lock);
		zxvmo_slots_take(tree, busy);
		spin_unlock(&tree->mkwrite_lock);
		zxvmo_slots_wait(busy);
	}
}

/*
 * ->page_mkwrite of the page the leaf owns, without the tree lock: in a
 * fault section, check that the leaf owns vmf->page, lock and record it.
 * False if that cannot be done (the caller takes the locked path).
 */
bool zxvmo_mkwrite_fast(struct vm_fault *vmf, struct zxvmo *vmo)
{
	struct zxvmo_tree *tree = vmo->tree;
	struct zxvmo_node *leaf;
	pgoff_t first, last;
	bool done = false;

	if (!zxvmo_section_enter(tree))
		return false;
	if (zxvmo_section_fault_page(vmo, vmf->pgoff, &leaf, &first, &last) !=
	    vmf->page)
		goto out;
	/* Its holder is an install, which never waits for a remover. */
	lock_page(vmf->page);
	done = zxvmo_mkwrite_record(tree, vmf->page);
	if (!done)
		unlock_page(vmf->page);
out:
	zxvmo_section_exit(tree);
	return done;
}

/* The tree is going away: no install can be in flight. */
void zxvmo_mkwrite_release(struct zxvmo_tree *tree)
{
	unsigned int i;

	spin_lock(&tree->mkwrite_lock);
	for (i = 0; i < ZXVMO_MKWRITE_SLOTS; i++)
		WARN_ON_ONCE(!zxvmo_slot_free(tree, i));
	spin_unlock(&tree->mkwrite_lock);
}

/* Keep new fault sections out.  Tree lock held. */
static void zxvmo_faults_block(struct zxvmo_tree *tree)
{
	lockdep_assert_held(&tree->lock);
	WRITE_ONCE(tree->stopped, tree->stopped + 1);
	smp_mb();			/* pairs with zxvmo_section_enter() */
}

/*
 * Before taking a page away from a leaf, changing a VMO's leaf or freeing
 * a node: wait for the fault sections in flight and the writable installs
 * ->page_mkwrite allowed; keep new ones out until zxvmo_faults_resume().
 * Tree lock held.
 */
void zxvmo_faults_stop(struct zxvmo_tree *tree)
{
	struct page *pages[ZXVMO_MKWRITE_SLOTS];

	zxvmo_faults_block(tree);
	while (atomic_read_acquire(&tree->faulting))
		cond_resched();
	/* Nobody records pages now: that takes a section or the lock. */
	spin_lock(&tree->mkwrite_lock);
	zxvmo_slots_take(tree, pages);
	spin_unlock(&tree->mkwrite_lock);
	zxvmo_slots_wait(pages);
}

/*
 * The same without waiting (the discard shrinker, which may run inside a
 * fault's allocation): false, and nothing stopped, if anything is in
 * flight.
 */
bool zxvmo_faults_trystop(struct zxvmo_tree *tree)
{
	unsigned int i;

	zxvmo_faults_block(tree);
	if (atomic_read_acquire(&tree->faulting))
		goto busy;
	spin_lock(&tree->mkwrite_lock);
	for (i = 0; i < ZXVMO_MKWRITE_SLOTS; i++)
		if (!zxvmo_slot_free(tree, i))
			break;
	spin_unlock(&tree->mkwrite_lock);
	if (i == ZXVMO_MKWRITE_SLOTS)
		return true;
busy:
	zxvmo_faults_resume(tree);
	return false;
}

/* The remover is done: its changes are visible to new fault sections. */
void zxvmo_faults_resume(struct zxvmo_tree *tree)
{
	lockdep_assert_held(&tree->lock);
	if (WARN_ON_ONCE(!tree->stopped))
		return;
	/* Our changes before it: pairs with zxvmo_section_enter()'s acquire. */
	smp_store_release(&tree->stopped, tree->stopped - 1);
}
