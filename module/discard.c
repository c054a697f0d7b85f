// SPDX-License-Identifier: GPL-2.0
/*
 * Discardable VMOs: ZX_VMO_OP_LOCK/TRY_LOCK/UNLOCK and the shrinker that
 * discards unlocked ones under memory pressure.
 *
 * An unlocked discardable VMO that still has its pages sits on the LRU,
 * least recently unlocked first.  The shrinker discards whole VMOs from
 * the head: it only trylocks their tree lock (never blocking in reclaim),
 * zaps every mapping and frees every page.  A discarded VMO fails reads,
 * writes, commits and faults until ZX_VMO_OP_LOCK, which reports the
 * discarded range and leaves the VMO zero-filled.
 *
 * Lock order: tree->lock, then zxvmo_lru_lock.  The shrinker takes
 * zxvmo_lru_lock first, but only trylocks tree->lock under it.
 */
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/shrinker.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

#include "zxvmo.h"

/* The lock state Zircon's ZX_VMO_OP_LOCK writes to its buffer. */
struct zxvmo_lock_state {
	u64 offset;
	u64 size;
	u64 discarded_offset;
	u64 discarded_size;
};

static DEFINE_SPINLOCK(zxvmo_lru_lock);
static LIST_HEAD(zxvmo_lru);		/* zxvmo_lru_lock */
static unsigned long zxvmo_nr_locked;	/* zxvmo_lru_lock */
static unsigned long zxvmo_nr_unlocked;	/* zxvmo_lru_lock */
static unsigned long zxvmo_nr_discarded; /* zxvmo_lru_lock */
atomic_long_t zxvmo_nr_reclaimed = ATOMIC_LONG_INIT(0);

/* Move @vmo between the counters; lru lock held. */
static void zxvmo_lru_count(struct zxvmo *vmo, long delta)
{
	if (vmo->discarded)
		zxvmo_nr_discarded += delta;
	else if (vmo->lock_count)
		zxvmo_nr_locked += delta;
	else
		zxvmo_nr_unlocked += delta;
}

/*
 * Change @vmo's discard state, keeping the LRU (unlocked VMOs with pages,
 * in unlock order) and the counters.  Tree lock held.
 */
static void zxvmo_set_state(struct zxvmo *vmo, u32 lock_count, bool discarded)
{
	spin_lock(&zxvmo_lru_lock);
	zxvmo_lru_count(vmo, -1);
	vmo->lock_count = lock_count;
	vmo->discarded = discarded;
	zxvmo_lru_count(vmo, 1);
	list_del_init(&vmo->lru);
	if (!lock_count && !discarded && vmo->reclaimable)
		list_add_tail(&vmo->lru, &zxvmo_lru);
	spin_unlock(&zxvmo_lru_lock);
}

/*
 * A new discardable VMO starts unlocked but not yet reclaimable: like
 * Zircon's tracker, it opts in with its first unlock (its first LOCK
 * cannot find it discarded).
 */
void zxvmo_discard_init(struct zxvmo *vmo)
{
	if (!(vmo->options & ZXVMO_OPT_DISCARDABLE))
		return;
	spin_lock(&zxvmo_lru_lock);
	zxvmo_lru_count(vmo, 1);
	spin_unlock(&zxvmo_lru_lock);
}

/* @vmo is losing its pages for good: forget it.  Tree lock held. */
void zxvmo_discard_exit(struct zxvmo *vmo)
{
	if (!(vmo->options & ZXVMO_OPT_DISCARDABLE))
		return;
	spin_lock(&zxvmo_lru_lock);
	zxvmo_lru_count(vmo, -1);
	list_del_init(&vmo->lru);
	spin_unlock(&zxvmo_lru_lock);
}

void zxvmo_discard_stats(struct zxvmo_discard_stats *st)
{
	spin_lock(&zxvmo_lru_lock);
	st->locked = zxvmo_nr_locked;
	st->unlocked = zxvmo_nr_unlocked;
	st->discarded = zxvmo_nr_discarded;
	spin_unlock(&zxvmo_lru_lock);
	st->reclaimed_pages = atomic_long_read(&zxvmo_nr_reclaimed);
}

/*
 * Discard @vmo: unmap it everywhere and free every page.  Tree lock held,
 * @vmo already off the LRU.  Returns the pages freed.
 */
static unsigned long zxvmo_discard_locked(struct zxvmo *vmo)
{
	unsigned long pages = vmo->leaf->nr_pages;

	unmap_mapping_range(vmo->inode->i_mapping, 0, 0, 0);
	zxvmo_node_zero(vmo->leaf, 0, ULONG_MAX);
	zxvmo_set_state(vmo, 0, true);
	atomic_long_add(pages, &zxvmo_nr_reclaimed);
	return pages;
}

/*
 * Discard unlocked VMOs, oldest first, until @goal pages are freed.
 * Never blocks on a tree lock: a busy VMO is skipped (rotated to the tail).
 */
unsigned long zxvmo_discard_some(unsigned long goal)
{
	unsigned long freed = 0, skipped = 0, tries;
	struct zxvmo_tree *tree;
	struct zxvmo *vmo;

	spin_lock(&zxvmo_lru_lock);
	for (tries = zxvmo_nr_unlocked; tries && freed < goal; tries--) {
		vmo = list_first_entry_or_null(&zxvmo_lru, struct zxvmo, lru);
		if (!vmo)
			break;
		if (!mutex_trylock(&vmo->tree->lock)) {
			list_move_tail(&vmo->lru, &zxvmo_lru);
			skipped++;
			continue;
		}
		/*
		 * Off the LRU and under its tree lock, @vmo cannot lose its
		 * pages nor be freed before we unlock (that path takes the
		 * tree lock); the tree reference outlives our mutex_unlock().
		 */
		list_del_init(&vmo->lru);
		tree = vmo->tree;
		refcount_inc(&tree->refs);
		spin_unlock(&zxvmo_lru_lock);
		freed += zxvmo_discard_locked(vmo);
		mutex_unlock(&tree->lock);
		zxvmo_tree_put(tree);
		cond_resched();
		spin_lock(&zxvmo_lru_lock);
	}
	spin_unlock(&zxvmo_lru_lock);
	return freed ?: (skipped ? SHRINK_STOP : 0);
}

/* Discard every unlocked discardable VMO (the netlink reclaim command). */
unsigned long zxvmo_reclaim_all(void)
{
	unsigned long freed = zxvmo_discard_some(ULONG_MAX);

	return freed == SHRINK_STOP ? 0 : freed;
}

static unsigned long zxvmo_shrink_count(struct shrinker *s,
					struct shrink_control *sc)
{
	unsigned long pages = 0;
	struct zxvmo *vmo;

	spin_lock(&zxvmo_lru_lock);
	list_for_each_entry(vmo, &zxvmo_lru, lru)
		pages += READ_ONCE(vmo->leaf->nr_pages);
	spin_unlock(&zxvmo_lru_lock);
	return pages ?: SHRINK_EMPTY;
}

static unsigned long zxvmo_shrink_scan(struct shrinker *s,
				       struct shrink_control *sc)
{
	/* Discarding unmaps, which takes i_mmap_rwsem: not from NOFS. */
	if (!(sc->gfp_mask & __GFP_FS))
		return SHRINK_STOP;
	return zxvmo_discard_some(sc->nr_to_scan);
}

#ifdef ZXVMO_HAVE_SHRINKER_ALLOC
static struct shrinker *zxvmo_shrinker;

int zxvmo_discard_register(void)
{
	zxvmo_shrinker = shrinker_alloc(0, "zxvmo");
	if (!zxvmo_shrinker)
		return -ENOMEM;
	zxvmo_shrinker->count_objects = zxvmo_shrink_count;
	zxvmo_shrinker->scan_objects = zxvmo_shrink_scan;
	shrinker_register(zxvmo_shrinker);
	return 0;
}

void zxvmo_discard_unregister(void)
{
	shrinker_free(zxvmo_shrinker);
}
#else
static struct shrinker zxvmo_shrinker = {
	.count_objects	= zxvmo_shrink_count,
	.scan_objects	= zxvmo_shrink_scan,
	.seeks		= DEFAULT_SEEKS,
};

int zxvmo_discard_register(void)
{
	return register_shrinker(&zxvmo_shrinker, "zxvmo");
}

void zxvmo_discard_unregister(void)
{
	unregister_shrinker(&zxvmo_shrinker);
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

static void zxvmo_lock_locked(struct zxvmo *vmo, struct zxvmo_lock_state *st)
{
	if (st) {
		st->offset = 0;
		st->size = vmo->size;
		st->discarded_offset = 0;
		st->discarded_size = vmo->discarded ? vmo->size : 0;
	}
	zxvmo_set_state(vmo, vmo->lock_count + 1, false);
}

/* ZX_VMO_OP_LOCK, TRY_LOCK and UNLOCK (rights checked by the caller). */
long zxvmo_op_lock(struct zxvmo *vmo, u32 op, u64 offset, u64 size,
		   void __user *buffer, u64 buffer_size)
{
	struct zxvmo_lock_state st = {};
	int err;

	mutex_lock(&vmo->tree->lock);
	err = zxvmo_lock_range(vmo, offset, size);
	if (err)
		goto unlock;
	switch (op) {
	case ZXVMO_OP_LOCK:
		if (buffer_size < sizeof(st)) {
			err = -ZXVMO_E_INVALID_ARGS;
			break;
		}
		zxvmo_lock_locked(vmo, &st);
		break;
	case ZXVMO_OP_TRY_LOCK:
		if (vmo->discarded)
			err = -ZXVMO_E_UNAVAILABLE;
		else
			zxvmo_lock_locked(vmo, NULL);
		break;
	default:	/* ZXVMO_OP_UNLOCK */
		if (!vmo->lock_count) {
			err = -ZXVMO_E_BAD_STATE;
		} else {
			vmo->reclaimable = true;
			zxvmo_set_state(vmo, vmo->lock_count - 1, false);
		}
		break;
	}
unlock:
	mutex_unlock(&vmo->tree->lock);
	if (err || op != ZXVMO_OP_LOCK)
		return err;
	if (copy_to_user(buffer, &st, sizeof(st))) {
		/* Zircon undoes the lock when the state cannot be returned. */
		mutex_lock(&vmo->tree->lock);
		zxvmo_set_state(vmo, vmo->lock_count - 1, false);
		mutex_unlock(&vmo->tree->lock);
		return -ZXVMO_E_INVALID_ARGS;
	}
	return 0;
}
