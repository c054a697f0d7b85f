// SPDX-License-Identifier: GPL-2.0
/*
 * Discardable VMOs: ZX_VMO_OP_LOCK/TRY_LOCK/UNLOCK and the shrinker that
 * discards unlocked ones under memory pressure.
 *
 * An unlocked discardable VMO that still has its pages sits on the LRU,
 * least recently unlocked first, once it has been unlocked at least once.
 * The shrinker discards whole VMOs from the head, one at a time: it only
 * trylocks a VMO's tree lock (never blocking in reclaim; a busy VMO is
 * rotated to the tail), takes the VMO off the LRU, drops the LRU's lock,
 * zaps every mapping, frees every page and drops the tree lock before it
 * looks at the next.  A discarded VMO fails reads, writes, commits and
 * faults until ZX_VMO_OP_LOCK, which reports the discarded range and
 * leaves the VMO zero-filled.
 *
 * The shrinker counts pages: each VMO on the LRU weighs the pages it held
 * when it went there (at least one, so that a VMO that was empty then but
 * filled since is still found), and a list's count is its share of that
 * total.  Its scan returns the pages it really freed.
 *
 * Lock order: tree->lock, then the list_lru's lock (list_lru_add/del).
 * The shrinker takes the list_lru's lock first, but only trylocks
 * tree->lock under it, and drops the list_lru's lock before discarding.
 */
#include <linux/list.h>
#include <linux/list_lru.h>
#include <linux/mm.h>
#include <linux/notifier.h>
#include <linux/pagemap.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/shrinker.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/swap.h>
#include <linux/uaccess.h>

#include "zxvmo.h"

/* The lock state Zircon's ZX_VMO_OP_LOCK writes to its buffer. */
struct zxvmo_lock_state {
	u64 offset;
	u64 size;
	u64 discarded_offset;
	u64 discarded_size;
};

/*
 * Unlocked VMOs with pages, per node and memory cgroup (that of the VMO
 * object, charged to its creator), so that reclaim in a cgroup that hits
 * its limit discards that cgroup's VMOs.  list_lru keeps insertion order:
 * the least recently unlocked come first.
 */
static struct list_lru zxvmo_lru;
static DEFINE_SPINLOCK(zxvmo_stat_lock);
static unsigned long zxvmo_nr_locked;	/* zxvmo_stat_lock */
static unsigned long zxvmo_nr_unlocked;	/* zxvmo_stat_lock */
static unsigned long zxvmo_nr_discarded; /* zxvmo_stat_lock */
static atomic_long_t zxvmo_nr_reclaimed = ATOMIC_LONG_INIT(0);
/* VMOs on the LRU and the sum of their weights (vmo->lru_pages). */
static atomic_long_t zxvmo_lru_vmos = ATOMIC_LONG_INIT(0);
static atomic_long_t zxvmo_lru_weight = ATOMIC_LONG_INIT(0);

/*
 * Who hears of discards (netlink.c): the calls go up through this chain,
 * so that discard.c calls nothing above it.  Atomic: its callbacks run
 * under the tree lock, from the shrinker too, and must not sleep.
 */
static ATOMIC_NOTIFIER_HEAD(zxvmo_discard_chain);

void zxvmo_discard_notifier_register(struct notifier_block *nb)
{
	atomic_notifier_chain_register(&zxvmo_discard_chain, nb);
}

void zxvmo_discard_notifier_unregister(struct notifier_block *nb)
{
	atomic_notifier_chain_unregister(&zxvmo_discard_chain, nb);
}

#ifdef ZXVMO_HAVE_LIST_LRU_ADD_OBJ
#define zxvmo_lru_add(item)	list_lru_add_obj(&zxvmo_lru, item)
#define zxvmo_lru_del(item)	list_lru_del_obj(&zxvmo_lru, item)
#else
#define zxvmo_lru_add(item)	list_lru_add(&zxvmo_lru, item)
#define zxvmo_lru_del(item)	list_lru_del(&zxvmo_lru, item)
#endif

/* Discardable VMO objects must come from here (see zxvmo_alloc()). */
struct zxvmo *zxvmo_discard_alloc(struct kmem_cache *cache)
{
	return kmem_cache_alloc_lru(cache, &zxvmo_lru,
				    GFP_KERNEL_ACCOUNT | __GFP_ZERO);
}

/* Put @vmo on the LRU unless it is there, weighing its pages.  Tree lock. */
static void zxvmo_lru_insert(struct zxvmo *vmo)
{
	unsigned long weight = max(vmo->leaf->nr_pages, 1UL);

	lockdep_assert_held(&vmo->tree->lock);
	if (!zxvmo_lru_add(&vmo->lru))
		return;
	vmo->lru_pages = weight;
	atomic_long_add(weight, &zxvmo_lru_weight);
	atomic_long_inc(&zxvmo_lru_vmos);
}

/* @vmo left the LRU: take its weight off the totals. */
static void zxvmo_lru_forget(struct zxvmo *vmo)
{
	atomic_long_sub(vmo->lru_pages, &zxvmo_lru_weight);
	atomic_long_dec(&zxvmo_lru_vmos);
}

/* Take @vmo off the LRU if it is there.  Tree lock. */
static void zxvmo_lru_remove(struct zxvmo *vmo)
{
	lockdep_assert_held(&vmo->tree->lock);
	if (zxvmo_lru_del(&vmo->lru))
		zxvmo_lru_forget(vmo);
}

/* The counter of @vmo's state.  zxvmo_stat_lock held. */
static unsigned long *zxvmo_counter(struct zxvmo *vmo)
{
	lockdep_assert_held(&zxvmo_stat_lock);
	if (vmo->discarded)
		return &zxvmo_nr_discarded;
	if (vmo->lock_count)
		return &zxvmo_nr_locked;
	return &zxvmo_nr_unlocked;
}

/* Count @vmo in (@delta 1) or out (-1) of its state's counter. */
static void zxvmo_count(struct zxvmo *vmo, long delta)
{
	spin_lock(&zxvmo_stat_lock);
	*zxvmo_counter(vmo) += delta;
	spin_unlock(&zxvmo_stat_lock);
}

/*
 * Change @vmo's discard state, keeping the LRU (unlocked VMOs with pages
 * that opted in) and the counters.  Tree lock held.
 */
static void zxvmo_set_state(struct zxvmo *vmo, u64 lock_count, bool discarded)
{
	lockdep_assert_held(&vmo->tree->lock);
	/* One step, so that the totals never miss a VMO in transit. */
	spin_lock(&zxvmo_stat_lock);
	(*zxvmo_counter(vmo))--;
	vmo->lock_count = lock_count;
	vmo->discarded = discarded;
	(*zxvmo_counter(vmo))++;
	spin_unlock(&zxvmo_stat_lock);
	if (!lock_count && !discarded && vmo->reclaimable && !vmo->nr_pins)
		zxvmo_lru_insert(vmo);
	else
		zxvmo_lru_remove(vmo);
}

/*
 * @vmo's first page was pinned or its last unpinned: pinned pages cannot
 * be discarded, so a VMO with pins stays off the LRU.  Tree lock held.
 */
void zxvmo_discard_pins_changed(struct zxvmo *vmo)
{
	if (vmo->options & ZXVMO_OPT_DISCARDABLE)
		zxvmo_set_state(vmo, vmo->lock_count, vmo->discarded);
}

/*
 * A new discardable VMO starts unlocked but not yet reclaimable: like
 * Zircon's tracker, it opts in with its first unlock (its first LOCK
 * cannot find it discarded).
 */
void zxvmo_discard_init(struct zxvmo *vmo)
{
	if (vmo->options & ZXVMO_OPT_DISCARDABLE)
		zxvmo_count(vmo, 1);
}

/* @vmo is losing its pages for good: forget it.  Tree lock held. */
void zxvmo_discard_exit(struct zxvmo *vmo)
{
	if (!(vmo->options & ZXVMO_OPT_DISCARDABLE))
		return;
	lockdep_assert_held(&vmo->tree->lock);
	zxvmo_count(vmo, -1);
	zxvmo_lru_remove(vmo);
}

void zxvmo_discard_stats(struct zxvmo_discard_stats *st)
{
	spin_lock(&zxvmo_stat_lock);
	st->locked = zxvmo_nr_locked;
	st->unlocked = zxvmo_nr_unlocked;
	st->discarded = zxvmo_nr_discarded;
	spin_unlock(&zxvmo_stat_lock);
	st->reclaimed_pages = atomic_long_read(&zxvmo_nr_reclaimed);
}

/*
 * Discard @vmo: unmap it everywhere and free every page.  Tree lock held,
 * faults stopped, @vmo off the LRU.  Returns the pages freed.
 */
static unsigned long zxvmo_discard_locked(struct zxvmo *vmo)
{
	unsigned long pages = vmo->leaf->nr_pages;
	struct zxvmo_discard_event ev = { .koid = vmo->koid, .pages = pages };

	lockdep_assert_held(&vmo->tree->lock);
	zxvmo_unmap(vmo, 0, 0, false);
	zxvmo_node_zero(vmo->leaf, 0, ULONG_MAX);
	zxvmo_set_state(vmo, 0, true);
	atomic_long_add(pages, &zxvmo_nr_reclaimed);
	atomic_notifier_call_chain(&zxvmo_discard_chain, 0, &ev);
	return pages;
}

/* One walk of the LRU: its budget, its goal and what it discarded. */
struct zxvmo_walk {
	unsigned long *nr_to_walk;	/* the walk's budget; zeroed to stop */
	unsigned long target;		/* stop once this much weight is gone */
	unsigned long weight;		/* weight of the VMOs discarded */
	unsigned long freed;		/* pages freed */
	unsigned long vmos;		/* VMOs discarded */
};

/*
 * Under the LRU's lock: discard @item's VMO if its tree lock can be had
 * without waiting, else rotate it to the tail (the VMOs that can be taken
 * still go least recently unlocked first).  Off the LRU and under its tree
 * lock, the VMO can neither lose its pages nor be freed before we unlock
 * (that path takes the tree lock); the tree reference outlives our
 * mutex_unlock().  The LRU's lock is dropped for the discard, so that no
 * more than one tree lock is ever held here, and we return
 * LRU_REMOVED_RETRY.  Where the callback gets a lock argument the walk
 * expects the lock back; since the walk takes the list's own lock (the
 * list_lru rework after 6.12 that also dropped that argument: Kbuild's
 * ZXVMO_HAVE_LIST_LRU_NO_LOCK_ARG) it takes it again itself on
 * LRU_REMOVED_RETRY, and taking it here deadlocks.
 */
#ifndef ZXVMO_HAVE_LIST_LRU_NO_LOCK_ARG
static enum lru_status zxvmo_isolate(struct list_head *item,
				     struct list_lru_one *list,
				     spinlock_t *lock, void *arg)
	__must_hold(lock)
#else
static enum lru_status zxvmo_isolate(struct list_head *item,
				     struct list_lru_one *list, void *arg)
	__releases(&list->lock)
#endif
{
	struct zxvmo *vmo = container_of(item, struct zxvmo, lru);
	struct zxvmo_tree *tree = vmo->tree;
	struct zxvmo_walk *walk = arg;
#ifdef ZXVMO_HAVE_LIST_LRU_NO_LOCK_ARG
	spinlock_t *lock = &list->lock;
#endif

	if (!mutex_trylock(&tree->lock))
		return LRU_ROTATE;
	/* We may be reclaiming for a fault in flight: never wait for one. */
	if (!zxvmo_faults_trystop(tree)) {
		mutex_unlock(&tree->lock);
		return LRU_ROTATE;
	}
	list_lru_isolate(list, item);
	zxvmo_lru_forget(vmo);
	refcount_inc(&tree->refs);
	spin_unlock(lock);

	walk->weight += vmo->lru_pages;
	walk->freed += zxvmo_discard_locked(vmo);
	walk->vmos++;
	zxvmo_faults_resume(tree);
	mutex_unlock(&tree->lock);
	zxvmo_tree_put(tree);
	cond_resched();

	if (walk->weight >= walk->target)
		*walk->nr_to_walk = 0;
#ifndef ZXVMO_HAVE_LIST_LRU_NO_LOCK_ARG
	spin_lock(lock);
#endif
	return LRU_REMOVED_RETRY;
}

/*
 * Discard every unlocked discardable VMO whose tree lock is free (the
 * netlink reclaim command).  The budget of each node's walk is what its
 * lists hold: a busy VMO is rotated, not visited again and again.
 */
unsigned long zxvmo_reclaim_all(void)
{
	struct zxvmo_walk walk = { .target = ULONG_MAX };
	unsigned long nr;
	int nid;

	for_each_node_state(nid, N_NORMAL_MEMORY) {
		nr = list_lru_count_node(&zxvmo_lru, nid);
		walk.nr_to_walk = &nr;
		list_lru_walk_node(&zxvmo_lru, nid, zxvmo_isolate, &walk, &nr);
	}
	return walk.freed;
}

static bool zxvmo_lru_ready;

/* This list's share of the LRU's weight: about the pages it would free. */
static unsigned long zxvmo_shrink_count(struct shrinker *s,
					struct shrink_control *sc)
{
	unsigned long vmos, all, weight;

	/* Pairs with the release in zxvmo_discard_register(). */
	if (!smp_load_acquire(&zxvmo_lru_ready))
		return SHRINK_EMPTY;
	vmos = list_lru_shrink_count(&zxvmo_lru, sc);
	if (!vmos)
		return SHRINK_EMPTY;
	/* Racy totals: at least one page per VMO, at most the whole weight. */
	all = max(atomic_long_read(&zxvmo_lru_vmos), 1L);
	weight = max(atomic_long_read(&zxvmo_lru_weight), 0L);
	if (vmos >= all)
		return max(weight, vmos);
	return max(mult_frac(weight, vmos, all), vmos);
}

/* Pages freed by a shrinker count towards the reclaim that ran it. */
static void zxvmo_account_reclaimed(unsigned long pages)
{
#ifdef ZXVMO_HAVE_MM_ACCOUNT_RECLAIMED
	mm_account_reclaimed_pages(pages);
#else
	if (current->reclaim_state)
		current->reclaim_state->reclaimed_slab += pages;
#endif
}

/*
 * Discard VMOs, oldest unlock first, until @sc->nr_to_scan pages' worth
 * (as zxvmo_shrink_count() weighs them) are gone; busy VMOs are skipped.
 * Returns the pages freed, or SHRINK_STOP when no VMO could be taken.
 */
static unsigned long zxvmo_shrink_scan(struct shrinker *s,
				       struct shrink_control *sc)
{
	struct zxvmo_walk walk = { .target = sc->nr_to_scan };
	unsigned long nr;

	/* Discarding unmaps, which takes i_mmap_rwsem: not from NOFS. */
	/* The acquire pairs with the release in zxvmo_discard_register(). */
	if (!(sc->gfp_mask & __GFP_FS) || !smp_load_acquire(&zxvmo_lru_ready))
		return SHRINK_STOP;
	nr = list_lru_shrink_count(&zxvmo_lru, sc);
	walk.nr_to_walk = &nr;
	list_lru_walk_one(&zxvmo_lru, sc->nid, sc->memcg, zxvmo_isolate,
			  &walk, &nr);
	if (!walk.vmos)
		return SHRINK_STOP;	/* empty, or every VMO busy */
	zxvmo_account_reclaimed(walk.freed);
	return walk.freed;
}

#ifdef ZXVMO_HAVE_SHRINKER_ALLOC
static struct shrinker *zxvmo_shrinker;

int zxvmo_discard_register(void)
{
	int err;

	zxvmo_shrinker = shrinker_alloc(SHRINKER_MEMCG_AWARE |
					SHRINKER_NUMA_AWARE, "zxvmo");
	if (!zxvmo_shrinker)
		return -ENOMEM;
	err = list_lru_init_memcg(&zxvmo_lru, zxvmo_shrinker);
	if (err) {
		shrinker_free(zxvmo_shrinker);
		return err;
	}
	zxvmo_shrinker->count_objects = zxvmo_shrink_count;
	zxvmo_shrinker->scan_objects = zxvmo_shrink_scan;
	shrinker_register(zxvmo_shrinker);
	/* The LRU is initialized before the shrinker may look at it. */
	smp_store_release(&zxvmo_lru_ready, true);
	return 0;
}

void zxvmo_discard_unregister(void)
{
	shrinker_free(zxvmo_shrinker);
	list_lru_destroy(&zxvmo_lru);
}
#else
static struct shrinker zxvmo_shrinker = {
	.count_objects	= zxvmo_shrink_count,
	.scan_objects	= zxvmo_shrink_scan,
	.seeks		= DEFAULT_SEEKS,
	.flags		= SHRINKER_MEMCG_AWARE | SHRINKER_NUMA_AWARE,
};

/*
 * The LRU needs the shrinker's id, which registration assigns: until the
 * LRU is ready, the shrinker has nothing to count.
 */
int zxvmo_discard_register(void)
{
	int err = register_shrinker(&zxvmo_shrinker, "zxvmo");

	if (err)
		return err;
	err = list_lru_init_memcg(&zxvmo_lru, &zxvmo_shrinker);
	if (err) {
		unregister_shrinker(&zxvmo_shrinker);
		return err;
	}
	/* The LRU is initialized before the shrinker may look at it. */
	smp_store_release(&zxvmo_lru_ready, true);
	return 0;
}

void zxvmo_discard_unregister(void)
{
	unregister_shrinker(&zxvmo_shrinker);
	list_lru_destroy(&zxvmo_lru);
}
#endif

/* LOCK and TRY_LOCK need the whole VMO; so does UNLOCK. */
static int zxvmo_lock_range(struct zxvmo *vmo, u64 offset, u64 size)
{
	if (!(vmo->options & ZXVMO_OPT_DISCARDABLE))
		return -ZXVMO_E_NOT_SUPPORTED;
	if (offset || size != vmo->size)
		return -ZXVMO_E_OUT_OF_RANGE;
	return 0;
}

/*
 * Write @vmo's lock state (as a LOCK now would report it) to @buffer
 * without faulting: the buffer may map this very VMO, whose fault takes
 * the tree lock.  False when it is not all there.  Tree lock held.
 */
static bool zxvmo_lock_copy_locked(struct zxvmo *vmo, void __user *buffer)
{
	struct zxvmo_lock_state st = {
		.offset = 0,
		.size = vmo->size,
		.discarded_offset = 0,
		.discarded_size = vmo->discarded ? vmo->size : 0,
	};
	unsigned long left;

	lockdep_assert_held(&vmo->tree->lock);
	pagefault_disable();
	left = copy_to_user(buffer, &st, sizeof(st));
	pagefault_enable();
	return !left;
}

/*
 * ZX_VMO_OP_LOCK.  The state is written out under the tree lock before
 * the VMO is locked, so a LOCK that cannot return it changes nothing
 * (Zircon: the failed copy-out leaves the VMO as it was) and nobody ever
 * sees a lock that is taken back.  When the buffer is not mapped in, it
 * is faulted in without the lock and the LOCK starts again; a buffer that
 * cannot be faulted in is INVALID_ARGS.
 */
static long zxvmo_op_lock_buffer(struct zxvmo *vmo, u64 offset, u64 size,
				 void __user *buffer, u64 buffer_size)
{
	bool written;
	int err;

	for (;;) {
		written = false;
		mutex_lock(&vmo->tree->lock);
		err = zxvmo_lock_range(vmo, offset, size);
		if (!err && buffer_size < sizeof(struct zxvmo_lock_state))
			err = -ZXVMO_E_INVALID_ARGS;
		if (!err)
			written = zxvmo_lock_copy_locked(vmo, buffer);
		if (written)
			zxvmo_set_state(vmo, vmo->lock_count + 1, false);
		mutex_unlock(&vmo->tree->lock);
		if (err || written)
			return err;
		if (fault_in_writeable(buffer, sizeof(struct zxvmo_lock_state)))
			return -ZXVMO_E_INVALID_ARGS;
		/* Someone keeps unmapping it: let a dying caller go. */
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}
}

/* ZX_VMO_OP_LOCK, TRY_LOCK and UNLOCK (rights checked by the caller). */
long zxvmo_op_lock(struct zxvmo *vmo, u32 op, u64 offset, u64 size,
		   void __user *buffer, u64 buffer_size)
{
	int err;

	if (op == ZXVMO_OP_LOCK)
		return zxvmo_op_lock_buffer(vmo, offset, size, buffer,
					    buffer_size);
	mutex_lock(&vmo->tree->lock);
	err = zxvmo_lock_range(vmo, offset, size);
	if (err)
		goto unlock;
	if (op == ZXVMO_OP_TRY_LOCK) {
		if (vmo->discarded)
			err = -ZXVMO_E_UNAVAILABLE;
		else
			zxvmo_set_state(vmo, vmo->lock_count + 1, false);
	} else if (!vmo->lock_count) {	/* ZXVMO_OP_UNLOCK */
		err = -ZXVMO_E_BAD_STATE;
	} else {
		vmo->reclaimable = true;
		zxvmo_set_state(vmo, vmo->lock_count - 1, false);
	}
unlock:
	mutex_unlock(&vmo->tree->lock);
	return err;
}
