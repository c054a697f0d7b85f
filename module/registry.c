// SPDX-License-Identifier: GPL-2.0
/*
 * The module's global state about its objects: the kernel object ids,
 * the VMO objects' kmem cache, every VMO by koid and the counters that
 * sysfs and netlink report.  Nothing here calls into another file.
 */
#include <linux/atomic.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "zxvmo.h"

/* Pages the module holds in VMO nodes, and live VMOs (sysfs). */
atomic_long_t zxvmo_nr_pages = ATOMIC_LONG_INIT(0);
atomic_long_t zxvmo_nr_vmos = ATOMIC_LONG_INIT(0);
/* Pages held by hidden copy-on-write nodes, shared by their subtrees. */
atomic_long_t zxvmo_nr_hidden_pages = ATOMIC_LONG_INIT(0);

/*
 * Every VMO by koid, for introspection.  A VMO is visible there from
 * allocation to free; only those with handles (active) are complete.
 * Entries are freed after an RCU grace period.
 */
DEFINE_XARRAY(zxvmo_all);

/* VMO objects: a cache of their own, which discardable ones need. */
struct kmem_cache *zxvmo_cache;

/* Kernel object ids are never reused; Zircon's user koids start at 1024. */
static atomic64_t zxvmo_last_koid = ATOMIC64_INIT(1023);

u64 zxvmo_new_koid(void)
{
	return atomic64_inc_return(&zxvmo_last_koid);
}

int zxvmo_registry_init(void)
{
	zxvmo_cache = KMEM_CACHE(zxvmo, SLAB_ACCOUNT);
	return zxvmo_cache ? 0 : -ENOMEM;
}

/* Module exit, or a failed init: no VMO is left but in an RCU callback. */
void zxvmo_registry_exit(void)
{
	rcu_barrier();		/* VMO objects are freed after a grace period */
	kmem_cache_destroy(zxvmo_cache);
}
