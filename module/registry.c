// SPDX-License-Identifier: GPL-2.0
/*
 * The module's global state about its objects: the kernel object ids,
 * the VMO objects' kmem cache, every VMO by koid and the counters that
 * sysfs and netlink report.  Nothing here calls into another file.
 */
#include <linux/atomic.h>
#include <linux/rbtree.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "zxvmo.h"

/* Pages the module holds in VMO nodes, and live VMOs (sysfs). */
atomic_long_t zxvmo_nr_pages = ATOMIC_LONG_INIT(0);
atomic_long_t zxvmo_nr_vmos = ATOMIC_LONG_INIT(0);
/* Pages held by hidden copy-on-write nodes, shared by their subtrees. */
atomic_long_t zxvmo_nr_hidden_pages = ATOMIC_LONG_INIT(0);

/*
 * Every VMO by koid, for introspection: a red-black tree under a spinlock.
 * A VMO is in it from allocation to free; only those with handles
 * (active) are complete.  Koids are drawn under the lock, so each new VMO
 * is the largest and goes in as the right child of @zxvmo_last: no search
 * and no allocation (an xarray indexed by ever-growing koids allocated and
 * freed a path of nodes for a VMO created and closed alone, and freed them
 * through RCU).  Readers take their reference under the lock, before
 * zxvmo_unregister() can return, so VMOs need no RCU.
 */
static DEFINE_SPINLOCK(zxvmo_all_lock);
static struct rb_root zxvmo_all = RB_ROOT;
static struct zxvmo *zxvmo_last;	/* the largest koid; zxvmo_all_lock */

/* VMO objects: a cache of their own, which discardable ones need. */
struct kmem_cache *zxvmo_cache;

/* Kernel object ids are never reused; Zircon's user koids start at 1024. */
static atomic64_t zxvmo_last_koid = ATOMIC64_INIT(1023);

u64 zxvmo_new_koid(void)
{
	return atomic64_inc_return(&zxvmo_last_koid);
}

static struct zxvmo *zxvmo_of(struct rb_node *node)
{
	return node ? rb_entry(node, struct zxvmo, all) : NULL;
}

/* Give @vmo its koid and enter it. */
void zxvmo_register(struct zxvmo *vmo)
{
	struct rb_node **link = &zxvmo_all.rb_node, *parent = NULL;

	spin_lock(&zxvmo_all_lock);
	vmo->koid = zxvmo_new_koid();
	if (zxvmo_last) {
		WARN_ON_ONCE(zxvmo_last->koid >= vmo->koid ||
			     zxvmo_last->all.rb_right);
		parent = &zxvmo_last->all;
		link = &parent->rb_right;
	}
	rb_link_node(&vmo->all, parent, link);
	rb_insert_color(&vmo->all, &zxvmo_all);
	zxvmo_last = vmo;
	spin_unlock(&zxvmo_all_lock);
}

void zxvmo_unregister(struct zxvmo *vmo)
{
	spin_lock(&zxvmo_all_lock);
	if (zxvmo_last == vmo)
		zxvmo_last = zxvmo_of(rb_prev(&vmo->all));
	rb_erase(&vmo->all, &zxvmo_all);
	spin_unlock(&zxvmo_all_lock);
}

/* The VMO with the smallest koid >= @koid.  zxvmo_all_lock held. */
static struct zxvmo *zxvmo_first_from(u64 koid)
{
	struct rb_node *node = zxvmo_all.rb_node;
	struct zxvmo *found = NULL;

	lockdep_assert_held(&zxvmo_all_lock);
	while (node) {
		struct zxvmo *vmo = zxvmo_of(node);

		if (vmo->koid < koid) {
			node = node->rb_right;
		} else {
			found = vmo;
			node = node->rb_left;
		}
	}
	return found;
}

/*
 * For a scan in koid order (netlink.c): the first complete VMO (it has a
 * handle or a slice: @active) at or after *@koid, with a reference; NULL
 * past the last.  Looks at no more than @batch VMOs: after that many
 * incomplete ones it returns ERR_PTR(-EAGAIN) (call again, the lock was
 * dropped).  *@koid is left at the VMO returned, or where to resume.
 * Nothing but @active, @refs and @koid is read before the reference.
 */
struct zxvmo *zxvmo_registry_next(u64 *koid, unsigned int batch)
{
	struct zxvmo *vmo;

	spin_lock(&zxvmo_all_lock);
	for (vmo = zxvmo_first_from(*koid); vmo;
	     vmo = zxvmo_of(rb_next(&vmo->all))) {
		*koid = vmo->koid;
		/* Pairs with the stores that complete a VMO before its handle. */
		if (atomic_read_acquire(&vmo->active) &&
		    refcount_inc_not_zero(&vmo->refs))
			break;
		if (!--batch) {
			vmo = ERR_PTR(-EAGAIN);
			++*koid;	/* resume after this one */
			break;
		}
	}
	spin_unlock(&zxvmo_all_lock);
	return vmo;
}

int zxvmo_registry_init(void)
{
	zxvmo_cache = KMEM_CACHE(zxvmo, SLAB_ACCOUNT);
	return zxvmo_cache ? 0 : -ENOMEM;
}

/* Module exit, or a failed init: no VMO is left. */
void zxvmo_registry_exit(void)
{
	WARN_ON_ONCE(!RB_EMPTY_ROOT(&zxvmo_all));
	kmem_cache_destroy(zxvmo_cache);
}
