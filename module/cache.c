// SPDX-License-Identifier: GPL-2.0
/*
 * zx_vmo_set_cache_policy().
 *
 * A VMO that is not CACHED maps its pages uncached or write-combining, and
 * the kernel's direct map of each of its committed pages gets the same
 * attribute (set_pages_uc(), set_memory_wc()), restored to write-back
 * before the page is freed, so that x86 PAT never sees two mappings of a
 * page with different cache types.  Changing the policy is only allowed
 * while nothing else could hold such an alias: no mapping, no child, not a
 * child, and no committed page unless leaving CACHED (Zircon's rules).
 * The policy lives on the tree (struct zxvmo_tree), which then has a
 * single node; child creation checks it under the same lock.
 */
#include <linux/capability.h>
#include <linux/mm.h>
#include <asm/set_memory.h>

#include "zxvmo.h"

#define ZXVMO_CACHE_POLICY_MASK	0x3u

/* Give @page's direct mapping the attribute @policy asks for. */
int zxvmo_page_set_policy(struct page *page, u32 policy)
{
	switch (policy) {
	case ZXVMO_CACHE_POLICY_CACHED:
		return set_pages_wb(page, 1);
	case ZXVMO_CACHE_POLICY_WRITE_COMBINING:
		return set_memory_wc((unsigned long)page_address(page), 1);
	default:
		return set_pages_uc(page, 1);
	}
}

/* The protection a mapping of a VMO with @policy uses. */
pgprot_t zxvmo_policy_pgprot(u32 policy, pgprot_t prot)
{
	switch (policy) {
	case ZXVMO_CACHE_POLICY_CACHED:
		return prot;
	case ZXVMO_CACHE_POLICY_WRITE_COMBINING:
		return pgprot_writecombine(prot);
	default:
		return pgprot_noncached(prot);
	}
}

/*
 * Apply @policy to every committed page of @leaf (zero markers are not
 * pages); on failure, put back the pages already converted.
 */
static int zxvmo_leaf_set_policy(struct zxvmo_node *leaf, u32 policy)
{
	unsigned long idx, failed;
	void *entry;
	int err = 0;

	lockdep_assert_held(&leaf->tree->lock);
	xa_for_each(&leaf->pages, idx, entry) {
		if (xa_is_value(entry))
			continue;
		err = zxvmo_page_set_policy(entry, policy);
		if (err)
			break;
	}
	if (!err)
		return 0;
	failed = idx;
	if (failed)
		xa_for_each_range(&leaf->pages, idx, entry, 0, failed - 1)
			if (!xa_is_value(entry))
				set_pages_wb(entry, 1);
	return err;
}

/*
 * Leaving CACHED rewrites the kernel's direct map (a global TLB flush, and
 * the huge mapping split for good): only for callers that may change page
 * attributes anyway (CAP_SYS_RAWIO in the initial user namespace), as a
 * Zircon policy denial.  A physical VMO has no pages in the direct map.
 */
static bool zxvmo_policy_allowed(struct zxvmo *vmo, u32 policy)
{
	return policy == ZXVMO_CACHE_POLICY_CACHED ||
	       vmo->kind == ZXVMO_KIND_PHYSICAL || capable(CAP_SYS_RAWIO);
}

/*
 * Zircon's rules, under the tree lock that also covers child creation:
 * no mapping, no child, not a child, no COW split, no pinned page, and no
 * committed page unless leaving CACHED.
 */
static bool zxvmo_policy_may_change(struct zxvmo *vmo)
{
	struct zxvmo_node *leaf = vmo->leaf;

	lockdep_assert_held(&vmo->tree->lock);
	return !vmo->parent && leaf && !leaf->parent && !vmo->nr_pins &&
	       !atomic_read(&vmo->nr_children) &&
	       !atomic_read(&vmo->nr_mappings) &&
	       (!leaf->nr_pages ||
		vmo->tree->cache_policy == ZXVMO_CACHE_POLICY_CACHED);
}

/* Is @policy one of the ZX_CACHE_POLICY_* values?  0 or INVALID_ARGS. */
int zxvmo_check_cache_policy(u32 policy)
{
	return policy & ~ZXVMO_CACHE_POLICY_MASK ? -ZXVMO_E_INVALID_ARGS : 0;
}

/*
 * zx_vmo_set_cache_policy() for a valid @policy, once the handle's rights
 * are checked (ioctl.c).
 */
long zxvmo_set_cache_policy(struct zxvmo *vmo, u32 policy)
{
	struct zxvmo_tree *tree = vmo->tree;
	int err = 0;

	if (!zxvmo_policy_allowed(vmo, policy))
		return -ZXVMO_E_ACCESS_DENIED;

	mutex_lock(&tree->lock);
	if (!zxvmo_policy_may_change(vmo)) {
		err = -ZXVMO_E_BAD_STATE;
	} else if (policy != tree->cache_policy) {
		/* Only pages leaving CACHED are left: clean and convert them. */
		err = zxvmo_leaf_set_policy(vmo->leaf, policy);
		if (!err)
			tree->cache_policy = policy;
	}
	mutex_unlock(&tree->lock);
	return err;
}
