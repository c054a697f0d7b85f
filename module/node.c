// SPDX-License-Identifier: GPL-2.0
/*
 * Page nodes: where the pages of VMOs live.
 *
 * A node is an xarray of struct page * indexed by page offset.  Every page
 * in a node holds one reference of the node's and is counted in
 * zxvmo_nr_pages.  All of it is protected by the tree lock.
 */
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "zxvmo.h"

/* Memory is charged to the memory cgroup of the task that commits it. */
#define ZXVMO_GFP_PAGE	(GFP_HIGHUSER | __GFP_ZERO | __GFP_ACCOUNT)

struct zxvmo_tree *zxvmo_tree_alloc(void)
{
	struct zxvmo_tree *tree = kzalloc(sizeof(*tree), GFP_KERNEL_ACCOUNT);

	if (tree) {
		mutex_init(&tree->lock);
		refcount_set(&tree->refs, 1);
	}
	return tree;
}

static void zxvmo_tree_put(struct zxvmo_tree *tree)
{
	if (refcount_dec_and_test(&tree->refs)) {
		mutex_destroy(&tree->lock);
		kfree(tree);
	}
}

/* Takes over the caller's reference on @tree. */
struct zxvmo_node *zxvmo_node_alloc(struct zxvmo_tree *tree)
{
	struct zxvmo_node *node = kzalloc(sizeof(*node), GFP_KERNEL_ACCOUNT);

	if (node) {
		node->tree = tree;
		xa_init(&node->pages);
	}
	return node;
}

static void zxvmo_page_free(struct page *page)
{
	atomic_long_dec(&zxvmo_nr_pages);
	put_page(page);
}

/*
 * Drop the pages of @node in [@start, @end).  Caller holds the tree lock
 * and has zapped (or is about to zap, still under the lock) every mapping
 * of the range.
 */
void zxvmo_node_free_range(struct zxvmo_node *node, pgoff_t start,
			   pgoff_t end)
{
	struct page *page;
	unsigned long idx;

	if (start >= end)
		return;
	xa_for_each_range(&node->pages, idx, page, start, end - 1) {
		xa_erase(&node->pages, idx);
		node->nr_pages--;
		zxvmo_page_free(page);
	}
}

/* Free @node, its pages and its reference on the tree.  Unlocked. */
void zxvmo_node_free(struct zxvmo_node *node)
{
	struct zxvmo_tree *tree = node->tree;
	struct page *page;
	unsigned long idx;

	xa_for_each(&node->pages, idx, page)
		zxvmo_page_free(page);
	xa_destroy(&node->pages);
	kfree(node);
	zxvmo_tree_put(tree);
}

/* The page @node sees at @idx, or NULL for zeros.  Tree lock held. */
struct page *zxvmo_node_lookup(struct zxvmo_node *node, pgoff_t idx)
{
	lockdep_assert_held(&node->tree->lock);
	return xa_load(&node->pages, idx);
}

/*
 * The page @node owns at @idx, committing a zeroed one if there is none.
 * Tree lock held.  Returns the page (the node's reference) or an ERR_PTR.
 */
struct page *zxvmo_node_commit(struct zxvmo_node *node, pgoff_t idx)
{
	struct page *page;
	int err;

	lockdep_assert_held(&node->tree->lock);
	page = xa_load(&node->pages, idx);
	if (page)
		return page;

	page = alloc_page(ZXVMO_GFP_PAGE);
	if (!page)
		return ERR_PTR(-ENOMEM);
	err = xa_err(xa_store(&node->pages, idx, page, GFP_KERNEL_ACCOUNT));
	if (err) {
		put_page(page);
		return ERR_PTR(err);
	}
	atomic_long_inc(&zxvmo_nr_pages);
	node->nr_pages++;
	return page;
}
