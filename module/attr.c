// SPDX-License-Identifier: GPL-2.0
/*
 * Zircon's memory attribution of a VMO (ZX_INFO_VMO's populated_*,
 * *_private_* and *_scaled_* fields, RFC-0254): over the committed pages
 * the VMO can see, its own and its hidden ancestors' not shadowed by an
 * entry (page or zero marker) closer to it,
 *   - bytes:         all of them (RSS);
 *   - private_bytes: those no other VMO sees (USS);
 *   - scaled_bytes:  each page's PAGE_SIZE divided by the number of VMOs
 *                    (leaves) that see it, as Zircon's FractionalBytes
 *                    adds it up: the whole bytes, and a fraction in 63-bit
 *                    fixed point (2^63 is one byte; a share of n adds
 *                    (2^63 / n) * (PAGE_SIZE % n), carried into the whole
 *                    bytes when the sum reaches 2^63) (PSS).
 * Slices and references own no pages and are attributed nothing, as in
 * Zircon; nor do they count among the VMOs sharing a page.
 *
 * Cost.  A leaf's own pages are private and counted live (nr_pages), so
 * a VMO without a parent is O(1).  The ancestors' part needs a walk of
 * the ancestors' pages the leaf sees, each with the count of leaves that
 * see it (zxvmo_node_visit_shared()): at worst O(pages x (depth + nodes
 * sharing them)), but a count is reused for the following pages while no
 * window or entry can change it, so a chain of snapshots costs about
 * O(pages + depth); it yields every 1024 steps (zxvmo_walk_yield).  It
 * is cached in the leaf with the tree's generation (tree->attr_gen),
 * which node.c bumps at every change of which ancestors' pages a leaf
 * sees (copy-on-write fault, zero/decommit over them, shrink, snapshot,
 * close and merge); so reads are O(1) until the tree changes, as Zircon
 * caches its attribution per hierarchy generation.  Exact equal shares
 * cannot be kept as counters cheaply: one snapshot changes the share of
 * every page both sides then see.
 */
#include <linux/math64.h>
#include <linux/mm.h>

#include "zxvmo.h"

#define ZXVMO_ONE_BYTE	BIT_ULL(63)	/* a whole byte, in the fraction */

/* Add one page seen by @share leaves to @a. */
static void zxvmo_attr_add(unsigned long share, void *arg)
{
	struct zxvmo_attr *a = arg;
	u32 rem;

	if (WARN_ON_ONCE(!share))
		return;
	a->bytes += PAGE_SIZE;
	if (share == 1) {
		a->private_bytes += PAGE_SIZE;
		a->scaled_bytes += PAGE_SIZE;
		return;
	}
	a->scaled_bytes += div_u64_rem(PAGE_SIZE, share, &rem);
	a->scaled_frac += div_u64(ZXVMO_ONE_BYTE, share) * rem;
	if (a->scaled_frac >= ZXVMO_ONE_BYTE) {
		a->scaled_frac -= ZXVMO_ONE_BYTE;
		a->scaled_bytes++;
	}
}

/* The ancestors' part from scratch. */
static void zxvmo_attr_walk(struct zxvmo_node *leaf, struct zxvmo_attr *a)
{
	*a = (struct zxvmo_attr){};
	zxvmo_node_visit_shared(leaf, zxvmo_attr_add, a);
}

#ifdef CONFIG_DEBUG_VM
/* Larger ones would make debug runs crawl (as zxvmo_node_check()). */
#define ZXVMO_ATTR_CHECK_MAX_PAGES	2048

/*
 * Debug kernels: a cache still deemed current must match a fresh walk, or
 * some change to the tree did not bump its generation.
 */
static void zxvmo_attr_check(struct zxvmo_node *leaf)
{
	struct zxvmo_attr fresh;

	if (leaf->attr.bytes >> PAGE_SHIFT > ZXVMO_ATTR_CHECK_MAX_PAGES)
		return;
	zxvmo_attr_walk(leaf, &fresh);
	WARN_ONCE(memcmp(&fresh, &leaf->attr, sizeof(fresh)),
		  "zxvmo: stale attribution %llu/%llu/%llu.%llx, now %llu/%llu/%llu.%llx",
		  leaf->attr.bytes, leaf->attr.private_bytes,
		  leaf->attr.scaled_bytes, leaf->attr.scaled_frac,
		  fresh.bytes, fresh.private_bytes, fresh.scaled_bytes,
		  fresh.scaled_frac);
}
#else
static void zxvmo_attr_check(struct zxvmo_node *leaf)
{
}
#endif

/* The attribution of @leaf's VMO into @attr.  Tree lock held. */
void zxvmo_attribution(struct zxvmo_node *leaf, struct zxvmo_attr *attr)
{
	u64 own = (u64)leaf->nr_pages << PAGE_SHIFT;

	lockdep_assert_held(&leaf->tree->lock);
	if (!leaf->parent) {
		*attr = (struct zxvmo_attr){ own, own, own, 0 };
		return;
	}
	if (leaf->attr_gen != leaf->tree->attr_gen) {
		zxvmo_attr_walk(leaf, &leaf->attr);
		leaf->attr_gen = leaf->tree->attr_gen;
	} else {
		zxvmo_attr_check(leaf);
	}
	*attr = leaf->attr;
	attr->bytes += own;
	attr->private_bytes += own;
	attr->scaled_bytes += own;
}
