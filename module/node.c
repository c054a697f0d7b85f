// SPDX-License-Identifier: GPL-2.0
/*
 * Page nodes and the copy-on-write tree.
 *
 * Every VMO that owns pages (every VMO but a slice) has a leaf node: an
 * xarray of entries indexed by page offset.  An entry is a struct page *
 * (one reference of the node's, counted in zxvmo_nr_pages) or a zero
 * marker, which hides whatever an ancestor holds at that offset.
 *
 * A snapshot of VMO A turns A's leaf into a hidden node H and hangs two new
 * leaves below it: child[0] for A (the original, "left" side) and child[1]
 * for the snapshot (the "right" side).  No page moves: it is O(1).  Hidden
 * nodes are immutable except that entries nobody can see any more are
 * removed, entries visible to only one leaf may move down into it, and a
 * hidden node with a single child left is merged into that child.
 *
 * A node sees its parent at parent index = own index + parent_offset, for
 * own indices below parent_limit; beyond, it reads zeros.  A leaf's
 * parent_limit never grows, so pages it has once stopped seeing (after a
 * shrink) are never exposed to it again.
 *
 * Attribution (Zircon's): a page of a hidden node is charged to the first
 * leaf that sees it in a depth-first walk of the node's subtree, child[0]
 * (the original side) before child[1].  Every leaf counts the ancestors'
 * pages charged to it, so a VMO's committed bytes are O(1) to read.  The
 * count changes only when its leaf stops seeing such a page (the leaf
 * writes over it, hides it, shrinks or goes away: the next leaf that sees
 * it is charged, and a page nobody sees is freed), at a snapshot (the
 * original side inherits everything) and at a merge (a page moving into a
 * leaf becomes its own).
 *
 * Invariants (tree->lock), checked by zxvmo_node_check() on debug kernels:
 *  - a hidden node has two children, except transiently while merging;
 *  - a page entry of a hidden node is visible to at least one leaf;
 *  - a leaf's @charged is the number of ancestors' pages charged to it;
 *  - every pinned index of a leaf's VMO (pin.c) is an own page of the leaf;
 *  - writes only land in leaves.
 */
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "zxvmo.h"

/* Memory is charged to the memory cgroup of the task that commits it. */
#define ZXVMO_GFP_PAGE	(GFP_HIGHUSER | __GFP_ZERO | __GFP_ACCOUNT)
#define ZXVMO_GFP_XA	GFP_KERNEL_ACCOUNT
#define ZXVMO_ZERO_MARKER	xa_mk_value(0)

static void zxvmo_node_check(struct zxvmo_node *node);

/*
 * Walks over a node's entries (up to millions) and over ancestors call
 * this once per entry: every 1024 entries they let others run.  The tree
 * lock is a mutex; nothing here runs in atomic context.
 */
static inline void zxvmo_walk_yield(unsigned int *visited)
{
	if (!(++*visited % 1024))
		cond_resched();
}

struct zxvmo_tree *zxvmo_tree_alloc(void)
{
	struct zxvmo_tree *tree = kzalloc(sizeof(*tree), GFP_KERNEL_ACCOUNT);

	if (!tree)
		return NULL;
	if (zxvmo_budget_attach(tree)) {
		kfree(tree);
		return NULL;
	}
	mutex_init(&tree->lock);
	spin_lock_init(&tree->mkwrite_lock);
	refcount_set(&tree->refs, 1);
	tree->attr_gen = 1;	/* a new leaf's cache (generation 0) is stale */
	return tree;
}

void zxvmo_tree_put(struct zxvmo_tree *tree)
{
	if (refcount_dec_and_test(&tree->refs)) {
		zxvmo_mkwrite_release(tree);
		mutex_destroy(&tree->lock);
		kfree(tree);
	}
}

/*
 * Something changed which ancestors' pages some leaf sees, or how many
 * leaves see one: cached attributions (attr.c) are stale.  Tree lock held.
 */
static void zxvmo_tree_changed(struct zxvmo_tree *tree)
{
	lockdep_assert_held(&tree->lock);
	tree->attr_gen++;
}

/* A new, parentless leaf of @vmo; it takes a reference on @tree. */
struct zxvmo_node *zxvmo_node_alloc(struct zxvmo_tree *tree, struct zxvmo *vmo)
{
	struct zxvmo_node *node = kzalloc(sizeof(*node), GFP_KERNEL_ACCOUNT);

	if (node) {
		refcount_inc(&tree->refs);
		node->tree = tree;
		node->vmo = vmo;
		xa_init(&node->pages);
	}
	return node;
}

/* Free a page of @tree, or a spare page (zxvmo_node_spare()) not used. */
void zxvmo_node_page_free(struct zxvmo_tree *tree, struct page *page)
{
	/* Pages of an uncached tree go back write-back (see cache.c). */
	if (tree->cache_policy != ZXVMO_CACHE_POLICY_CACHED)
		zxvmo_page_set_policy(page, ZXVMO_CACHE_POLICY_CACHED);
	atomic_long_dec(&zxvmo_nr_pages);
	zxvmo_budget_uncharge(tree, 1);
	put_page(page);
}

static void zxvmo_page_free(struct zxvmo_node *node, struct page *page)
{
	zxvmo_node_page_free(node->tree, page);
}

/* @node holds @delta more pages (hidden nodes' are shared by subtrees). */
static void zxvmo_node_count(struct zxvmo_node *node, long delta)
{
	node->nr_pages += delta;
	if (node->hidden)
		atomic_long_add(delta, &zxvmo_nr_hidden_pages);
}

/*
 * A zeroed page for @tree, with its cache attribute; counted and charged
 * to the tree's user.  Returns the page or an ERR_PTR: -EDQUOT past the
 * user's budget, -ENOMEM.  The tree lock is not needed: the cache policy
 * of a mapped VMO cannot change.
 */
static struct page *zxvmo_tree_page_alloc(struct zxvmo_tree *tree)
{
	struct page *page;
	int err;

	err = zxvmo_budget_charge(tree, 1);
	if (err)
		return ERR_PTR(err);
	page = alloc_page(ZXVMO_GFP_PAGE);
	if (!page) {
		zxvmo_budget_uncharge(tree, 1);
		return ERR_PTR(-ENOMEM);
	}
	atomic_long_inc(&zxvmo_nr_pages);
	if (tree->cache_policy != ZXVMO_CACHE_POLICY_CACHED &&
	    zxvmo_page_set_policy(page, tree->cache_policy)) {
		zxvmo_budget_uncharge(tree, 1);
		atomic_long_dec(&zxvmo_nr_pages);
		put_page(page);
		return ERR_PTR(-ENOMEM);
	}
	return page;
}

/*
 * A page for a commit in @tree made ready without the tree lock (a fault:
 * allocating and zeroing it need not serialize), or NULL.  The commit
 * uses it or the caller frees it (zxvmo_node_page_free()).
 */
struct page *zxvmo_node_spare(struct zxvmo_tree *tree)
{
	struct page *page = zxvmo_tree_page_alloc(tree);

	return IS_ERR(page) ? NULL : page;
}

/* The spare page if there is one, else a new page for @leaf. */
static struct page *zxvmo_page_alloc(struct zxvmo_node *leaf,
				     struct page **spare)
{
	struct page *page = spare ? *spare : NULL;

	if (!page)
		return zxvmo_tree_page_alloc(leaf->tree);
	*spare = NULL;
	return page;
}

/* Drop the entry at @idx of @node, freeing its page. */
static void zxvmo_node_erase(struct zxvmo_node *node, pgoff_t idx)
{
	void *entry = xa_erase(&node->pages, idx);

	if (entry && !xa_is_value(entry)) {
		zxvmo_node_count(node, -1);
		zxvmo_page_free(node, entry);
	}
}

/* Free @node, its entries and its reference on the tree. */
static void zxvmo_node_destroy(struct zxvmo_node *node)
{
	struct zxvmo_tree *tree = node->tree;
	unsigned int visited = 0;
	unsigned long idx;
	void *entry;

	xa_for_each(&node->pages, idx, entry) {
		if (!xa_is_value(entry))
			zxvmo_page_free(node, entry);
		zxvmo_walk_yield(&visited);
	}
	if (node->hidden)
		atomic_long_sub(node->nr_pages, &zxvmo_nr_hidden_pages);
	xa_destroy(&node->pages);
	kfree(node);
	zxvmo_tree_put(tree);
}

/*
 * Undo zxvmo_node_alloc() for a leaf that never joined the tree (NULL is
 * fine): its pages, if any, and its reference on the tree go too.
 */
void zxvmo_node_free(struct zxvmo_node *leaf)
{
	if (!leaf)
		return;
	WARN_ON_ONCE(leaf->parent || leaf->hidden);
	zxvmo_node_destroy(leaf);
}

/*
 * The entry at @idx of @node, or NULL.  Most nodes of a deep tree hold no
 * entry at all: they are skipped without a lookup.
 */
static void *zxvmo_node_entry(struct zxvmo_node *node, pgoff_t idx)
{
	return xa_empty(&node->pages) ? NULL : xa_load(&node->pages, idx);
}

/* Does @child see index @idx of its parent through its window? */
static bool zxvmo_window(struct zxvmo_node *child, pgoff_t idx, pgoff_t *cidx)
{
	if (!child || idx < child->parent_offset ||
	    idx - child->parent_offset >= child->parent_limit)
		return false;
	*cidx = idx - child->parent_offset;
	return true;
}

/*
 * The leaves below hidden node @top that see the entry at its index @idx,
 * one at a time, depth first with child[0] before child[1].  A leaf sees
 * it if every node on the way down has the index in its window and no
 * entry of its own there.  Iterative (trees can be deep), walking back up
 * through the parent pointers.
 */
struct zxvmo_seer_iter {
	struct zxvmo_node *top, *n;
	pgoff_t idx;			/* @idx as an index of @n */
	unsigned int next;		/* the child of @n to try next */
};

static void zxvmo_seer_start(struct zxvmo_seer_iter *it,
			     struct zxvmo_node *top, pgoff_t idx)
{
	it->top = top;
	it->n = top;
	it->idx = idx;
	it->next = 0;
}

/* The next leaf that sees the entry, or NULL when there is none left. */
static struct zxvmo_node *zxvmo_seer_next(struct zxvmo_seer_iter *it)
{
	struct zxvmo_node *c;
	pgoff_t cidx;

	for (;;) {
		if (it->next < 2) {
			c = it->n->child[it->next++];
			if (!zxvmo_window(c, it->idx, &cidx) ||
			    zxvmo_node_entry(c, cidx))
				continue;
			if (!c->hidden)
				return c;
			it->n = c;
			it->idx = cidx;
			it->next = 0;
			continue;
		}
		if (it->n == it->top)
			return NULL;
		c = it->n;
		it->n = c->parent;
		it->idx += c->parent_offset;
		it->next = it->n->child[0] == c ? 1 : 2;
	}
}

/*
 * The first leaf below hidden node @top that sees the entry at @idx of
 * @top: the leaf a page there is charged to.  @skip (a leaf, or NULL)
 * counts as not seeing it.  NULL if no leaf sees it.
 */
static struct zxvmo_node *zxvmo_node_seer(struct zxvmo_node *top, pgoff_t idx,
					  struct zxvmo_node *skip)
{
	struct zxvmo_seer_iter it;
	struct zxvmo_node *c;

	zxvmo_seer_start(&it, top, idx);
	do {
		c = zxvmo_seer_next(&it);
	} while (c && c == skip);
	return c;
}

/* Is @idx of @node (a child of a hidden node) seen by a leaf of its subtree? */
static bool zxvmo_subtree_sees(struct zxvmo_node *node, pgoff_t idx)
{
	if (xa_load(&node->pages, idx))
		return false;
	return !node->hidden || zxvmo_node_seer(node, idx, NULL);
}

/* Is the page at @hidx of hidden @holder charged to @leaf? */
static bool zxvmo_charged_to(struct zxvmo_node *leaf,
			     struct zxvmo_node *holder, pgoff_t hidx)
{
	return zxvmo_node_seer(holder, hidx, NULL) == leaf;
}

/*
 * @leaf stops seeing the page at @hidx of @holder, which is charged to it:
 * the next leaf that sees it is charged instead, or the page is freed if
 * none does.  @leaf may still see it until the caller is done.
 */
static void zxvmo_node_disown(struct zxvmo_node *leaf,
			      struct zxvmo_node *holder, pgoff_t hidx)
{
	struct zxvmo_node *next = zxvmo_node_seer(holder, hidx, leaf);

	if (WARN_ON_ONCE(!leaf->charged))
		return;
	leaf->charged--;
	if (next)
		next->charged++;
	else
		zxvmo_node_erase(holder, hidx);
}

/*
 * Find what @node sees at @idx: the entry and the node holding it.
 * Returns the page, or NULL for zeros (no entry, or a zero marker).
 */
static struct page *zxvmo_node_find(struct zxvmo_node *node, pgoff_t idx,
				    struct zxvmo_node **holder, pgoff_t *hidx)
{
	void *entry;

	for (;;) {
		entry = zxvmo_node_entry(node, idx);
		if (entry) {
			*holder = node;
			*hidx = idx;
			return xa_is_value(entry) ? NULL : entry;
		}
		if (!node->parent || idx >= node->parent_limit)
			return NULL;
		idx += node->parent_offset;
		node = node->parent;
	}
}

/* The page @node sees at @idx, or NULL for zeros.  Tree lock held. */
struct page *zxvmo_node_lookup(struct zxvmo_node *node, pgoff_t idx)
{
	struct zxvmo_node *holder;
	pgoff_t hidx;

	lockdep_assert_held(&node->tree->lock);
	return zxvmo_node_find(node, idx, &holder, &hidx);
}

/* Store @entry at @idx of @node, which has no page there. */
static int zxvmo_node_store(struct zxvmo_node *node, pgoff_t idx, void *entry,
			    gfp_t gfp)
{
	int err = xa_err(xa_store(&node->pages, idx, entry, gfp));

	if (!err && !xa_is_value(entry))
		zxvmo_node_count(node, 1);
	return err;
}

/*
 * Zap every PTE that maps bytes [@start, @start + @len) of @root (@len 0:
 * up to the end), in its mappings and its slices' (they share its
 * address_space); with @cows, private copies too.  Every unmap of VMO
 * pages goes through here, under the tree lock: the PTE rule (zxvmo.h).
 */
void zxvmo_unmap(struct zxvmo *root, u64 start, u64 len, bool cows)
{
	lockdep_assert_held(&root->tree->lock);
	WARN_ON_ONCE(root->is_slice);
	unmap_mapping_range(root->inode->i_mapping, start, len, cows);
}

/* Unmap index @idx of a leaf from its VMO's mappings. */
static void zxvmo_node_zap(struct zxvmo_node *leaf, pgoff_t idx)
{
	if (leaf->vmo)
		zxvmo_unmap(leaf->vmo, (u64)idx << PAGE_SHIFT, PAGE_SIZE,
			    false);
}

/*
 * The page at @idx that @src (held by @holder) provides to @leaf: moved
 * down when no other leaf can see it, else copied.  A zero marker stands
 * in @leaf meanwhile, so the visibility check leaves @leaf out.
 */
static struct page *zxvmo_node_fork(struct zxvmo_node *leaf, pgoff_t idx,
				    struct page *src, struct zxvmo_node *holder,
				    pgoff_t hidx, struct page **spare)
{
	bool charged = zxvmo_charged_to(leaf, holder, hidx);
	struct zxvmo_node *next;
	struct page *page;
	int err;

	zxvmo_tree_changed(leaf->tree);
	err = zxvmo_node_store(leaf, idx, ZXVMO_ZERO_MARKER, ZXVMO_GFP_XA);
	if (err)
		return ERR_PTR(err);
	next = zxvmo_node_seer(holder, hidx, NULL);
	if (!next) {
		/* Only @leaf saw it, so it was charged to @leaf. */
		WARN_ON_ONCE(!charged || !leaf->charged);
		xa_erase(&holder->pages, hidx);
		zxvmo_node_count(holder, -1);
		leaf->charged--;
		page = src;
	} else {
		page = zxvmo_page_alloc(leaf, spare);
		if (IS_ERR(page)) {
			xa_erase(&leaf->pages, idx);
			return page;
		}
		copy_highpage(page, src);
		if (charged) {
			leaf->charged--;
			next->charged++;
		}
	}
	/* Replacing an existing entry allocates nothing. */
	xa_store(&leaf->pages, idx, page, ZXVMO_GFP_XA);
	zxvmo_node_count(leaf, 1);
	if (page != src)
		zxvmo_node_zap(leaf, idx);
	zxvmo_node_check(leaf);
	return page;
}

/*
 * The page @leaf owns at @idx, committing one if there is none: a copy of
 * what it sees (copy-on-write), or a zeroed page, *@spare if not NULL
 * (then *@spare becomes NULL).  Tree lock held.  Returns the page (the
 * node's reference) or an ERR_PTR.
 */
struct page *zxvmo_node_commit_spare(struct zxvmo_node *leaf, pgoff_t idx,
				     struct page **spare)
{
	struct zxvmo_node *holder = NULL;
	struct page *page, *src;
	pgoff_t hidx;
	int err;

	lockdep_assert_held(&leaf->tree->lock);
	src = zxvmo_node_find(leaf, idx, &holder, &hidx);
	if (holder == leaf && src)
		return src;
	if (src)
		return zxvmo_node_fork(leaf, idx, src, holder, hidx, spare);

	page = zxvmo_page_alloc(leaf, spare);
	if (IS_ERR(page))
		return page;
	err = zxvmo_node_store(leaf, idx, page, ZXVMO_GFP_XA);
	if (err) {
		zxvmo_page_free(leaf, page);
		return ERR_PTR(err);
	}
	/* Mappings may show the zero page here: they must see this one. */
	if (leaf->vmo && leaf->vmo->zero_mapped)
		zxvmo_node_zap(leaf, idx);
	return page;
}

struct page *zxvmo_node_commit(struct zxvmo_node *leaf, pgoff_t idx)
{
	return zxvmo_node_commit_spare(leaf, idx, NULL);
}

/*
 * Hand on what @leaf was charged for at level @level above it (1: its
 * parent) among what it sees at its indices [@start, @end).
 */
static void zxvmo_unsee_level(struct zxvmo_node *leaf, unsigned int level,
			      pgoff_t start, pgoff_t end)
{
	struct zxvmo_node *c = leaf->parent;
	pgoff_t off = leaf->parent_offset;
	unsigned int visited = 0;
	unsigned long idx;
	void *entry;

	/* Leaf index j is index j + @off of @c, for j < @end. */
	while (--level) {
		end = min(end, c->parent_limit > off ? c->parent_limit - off : 0);
		off += c->parent_offset;
		c = c->parent;
	}
	if (start >= end)
		return;
	xa_for_each_range(&c->pages, idx, entry, start + off, end + off - 1) {
		if (!xa_is_value(entry) && zxvmo_charged_to(leaf, c, idx))
			zxvmo_node_disown(leaf, c, idx);
		if (!leaf->charged)
			return;
		zxvmo_walk_yield(&visited);
	}
}

/*
 * @leaf is about to stop seeing its parent at its indices [@start, @end).
 * Every page it sees there and is charged for is handed on
 * (zxvmo_node_disown()).  Ancestors go from the
 * top down, so that freeing a page never shows what lies behind it on a
 * level still to visit.  Nothing charged to @leaf, nothing to do: every
 * page it sees is seen by another leaf too.
 */
static void zxvmo_node_unsee(struct zxvmo_node *leaf, pgoff_t start,
			     pgoff_t end)
{
	unsigned int level;

	for (level = zxvmo_node_depth(leaf); level && leaf->charged; level--)
		zxvmo_unsee_level(leaf, level, start, end);
}

/*
 * @leaf shrinks to @pages pages: free what lies beyond and stop seeing the
 * parent there, for good.  The caller zaps the mappings.  Tree lock held.
 */
void zxvmo_node_truncate(struct zxvmo_node *leaf, pgoff_t pages)
{
	unsigned int visited = 0;
	unsigned long idx;
	void *entry;

	lockdep_assert_held(&leaf->tree->lock);
	/* First, while @leaf's own entries still hide what lies behind. */
	if (pages < leaf->parent_limit) {
		zxvmo_tree_changed(leaf->tree);
		zxvmo_node_unsee(leaf, pages, leaf->parent_limit);
		leaf->parent_limit = pages;
	}
	xa_for_each_range(&leaf->pages, idx, entry, pages, ULONG_MAX) {
		zxvmo_node_erase(leaf, idx);
		zxvmo_walk_yield(&visited);
	}
	zxvmo_node_check(leaf);
}

/*
 * Snapshot: @leaf becomes a hidden node with two new leaves below it,
 * @left taking the place of @leaf for its VMO and @right for the snapshot
 * seeing @size pages from @offset.  O(1).  Tree lock held; the caller
 * zaps the mappings of @leaf's VMO.
 */
void zxvmo_node_split(struct zxvmo_node *leaf, struct zxvmo_node *left,
		      struct zxvmo_node *right, pgoff_t leaf_pages,
		      pgoff_t offset, pgoff_t size)
{
	lockdep_assert_held(&leaf->tree->lock);
	zxvmo_tree_changed(leaf->tree);
	leaf->hidden = true;
	atomic_long_add(leaf->nr_pages, &zxvmo_nr_hidden_pages);
	leaf->vmo = NULL;
	leaf->child[0] = left;
	leaf->child[1] = right;
	/* @left sees all @leaf saw, and comes first: it is charged for it. */
	left->charged = leaf->charged + leaf->nr_pages;
	leaf->charged = 0;

	left->parent = leaf;
	left->parent_offset = 0;
	left->parent_limit = leaf_pages;

	right->parent = leaf;
	right->parent_offset = offset;
	right->parent_limit = offset < leaf_pages ?
			      min(size, leaf_pages - offset) : 0;
	zxvmo_node_check(leaf);
}

/* @s's subtree is no longer below @h but below @h's parent: compose. */
static void zxvmo_node_reparent(struct zxvmo_node *h, struct zxvmo_node *s)
{
	struct zxvmo_node *g = h->parent;

	s->parent_limit = s->parent_offset < h->parent_limit ?
			  min(s->parent_limit,
			      h->parent_limit - s->parent_offset) : 0;
	s->parent_offset += h->parent_offset;
	s->parent = g;
	if (g)
		g->child[g->child[0] == h ? 0 : 1] = s;
}

/*
 * Merge hidden @h, whose other child went away, into its last child @s:
 * every entry @s's subtree still sees moves down into @s, the rest is
 * freed, and @s takes @h's place under @h's parent.  O(entries of @h).
 */
static void zxvmo_node_merge_down(struct zxvmo_node *h, struct zxvmo_node *s)
{
	unsigned int visited = 0;
	unsigned long idx;
	pgoff_t sidx;
	void *entry;

	xa_for_each(&h->pages, idx, entry) {
		zxvmo_walk_yield(&visited);
		if (zxvmo_window(s, idx, &sidx) && zxvmo_subtree_sees(s, sidx)) {
			xa_erase(&h->pages, idx);
			if (!xa_is_value(entry)) {
				zxvmo_node_count(h, -1);
				/* A leaf @s was charged for it: now it owns it. */
				if (!s->hidden && !WARN_ON_ONCE(!s->charged))
					s->charged--;
			}
			/* Small slab allocations; a merge cannot fail. */
			zxvmo_node_store(s, sidx, entry,
					 ZXVMO_GFP_XA | __GFP_NOFAIL);
		}
	}
	zxvmo_node_reparent(h, s);
	zxvmo_node_destroy(h);
}

/*
 * The same when @s is a leaf seeing @h from index 0 and owning fewer pages
 * than @h (closing a snapshot of a large VMO): @s's entries move up into
 * @h, which then becomes the leaf of @s's VMO.  O(entries of @s).
 */
static void zxvmo_node_merge_up(struct zxvmo_node *h, struct zxvmo_node *s)
{
	unsigned long idx, moved = s->nr_pages;
	unsigned int visited = 0;
	void *entry;

	/* What @s could not see of @h goes first; @s's own entries stay. */
	xa_for_each_range(&h->pages, idx, entry, s->parent_limit, ULONG_MAX) {
		zxvmo_node_erase(h, idx);
		zxvmo_walk_yield(&visited);
	}
	xa_for_each(&s->pages, idx, entry) {
		zxvmo_walk_yield(&visited);
		xa_erase(&s->pages, idx);
		zxvmo_node_erase(h, idx);
		zxvmo_node_store(h, idx, entry, ZXVMO_GFP_XA | __GFP_NOFAIL);
	}
	/* @s was charged for each page of @h it saw; they are its own now. */
	WARN_ON_ONCE(s->charged < h->nr_pages - moved);
	h->charged = s->charged - (h->nr_pages - moved);
	s->charged = 0;
	s->nr_pages = 0;
	h->parent_limit = min(h->parent_limit, s->parent_limit);
	atomic_long_sub(h->nr_pages, &zxvmo_nr_hidden_pages);
	h->hidden = false;
	h->child[0] = NULL;
	h->child[1] = NULL;
	h->vmo = s->vmo;
	WRITE_ONCE(h->vmo->leaf, h);
	zxvmo_node_destroy(s);
}

/* Merge hidden @h into its last child @s; returns the node that stays. */
static struct zxvmo_node *zxvmo_node_merge(struct zxvmo_node *h,
					   struct zxvmo_node *s)
{
	if (!s->hidden && !s->parent_offset && s->nr_pages < h->nr_pages) {
		zxvmo_node_merge_up(h, s);
		return h;
	}
	zxvmo_node_merge_down(h, s);
	return s;
}

/*
 * @vmo is gone (or lingers without pages): hand on what its leaf was
 * charged for (freeing what nobody else sees), merge the leaf's parent
 * into the sibling, and free the leaf.  O(1) plus the merge when the leaf
 * was charged for none of its ancestors' pages.
 */
void zxvmo_node_release(struct zxvmo *vmo)
{
	struct zxvmo_tree *tree = vmo->tree;
	struct zxvmo_node *leaf, *h;
	unsigned int side;

	mutex_lock(&tree->lock);
	/* Merging may give another VMO a new leaf and free its old one. */
	zxvmo_faults_stop(tree);
	leaf = vmo->leaf;
	WRITE_ONCE(vmo->leaf, NULL);
	h = leaf->parent;
	if (h) {
		zxvmo_tree_changed(tree);
		zxvmo_node_unsee(leaf, 0, leaf->parent_limit);
		WARN_ON_ONCE(leaf->charged);
		side = h->child[0] == leaf ? 0 : 1;
		h->child[side] = NULL;
		zxvmo_node_check(zxvmo_node_merge(h, h->child[!side]));
	}
	zxvmo_faults_resume(tree);
	mutex_unlock(&tree->lock);
	/* Nothing points at @leaf any more. */
	zxvmo_node_destroy(leaf);
}

/*
 * Call @fn for every entry of an ancestor of @leaf that falls in the
 * leaf's indices [@start, @end) through the windows, with the leaf index
 * it maps to.  Stops at the first nonzero return.  Tree lock held.
 */
static int zxvmo_walk_ancestor_entries(struct zxvmo_node *leaf,
				       pgoff_t start, pgoff_t end,
				       zxvmo_entry_fn fn, void *arg)
{
	struct zxvmo_node *c, *n;
	unsigned int visited = 0;
	pgoff_t off = 0;
	unsigned long idx;
	void *entry;
	int ret;

	lockdep_assert_held(&leaf->tree->lock);
	might_sleep();
	/* Leaf index j is index j + @off of @n, for j < @end. */
	for (c = leaf; (n = c->parent); c = n) {
		end = min(end, c->parent_limit > off ?
			  c->parent_limit - off : 0);
		if (start >= end)
			break;
		off += c->parent_offset;
		xa_for_each_range(&n->pages, idx, entry, start + off,
				  end + off - 1) {
			ret = fn(leaf, idx - off, entry, arg);
			if (ret)
				return ret;
			zxvmo_walk_yield(&visited);
		}
	}
	return 0;
}

/* Hide an ancestor's page that @leaf sees at @idx behind a zero marker. */
static int zxvmo_hide_entry(struct zxvmo_node *leaf, pgoff_t idx, void *entry,
			    void *arg)
{
	struct zxvmo_node *holder;
	bool charged;
	pgoff_t hidx;
	int err;

	if (!zxvmo_node_find(leaf, idx, &holder, &hidx) || holder == leaf)
		return 0;
	charged = zxvmo_charged_to(leaf, holder, hidx);
	err = zxvmo_node_store(leaf, idx, ZXVMO_ZERO_MARKER, ZXVMO_GFP_XA);
	if (!err && charged)
		zxvmo_node_disown(leaf, holder, hidx);
	return err;
}

/* The page @leaf would see at @idx without an entry of its own, or NULL. */
static struct page *zxvmo_parent_sees(struct zxvmo_node *leaf, pgoff_t idx)
{
	struct zxvmo_node *holder;
	pgoff_t hidx;

	if (!leaf->parent || idx >= leaf->parent_limit)
		return NULL;
	return zxvmo_node_find(leaf->parent, idx + leaf->parent_offset,
			       &holder, &hidx);
}

/* Reserve the slot of the marker that will hide what @leaf sees at @idx. */
static int zxvmo_reserve_hide(struct zxvmo_node *leaf, pgoff_t idx,
			      void *entry, void *arg)
{
	if (!zxvmo_parent_sees(leaf, idx))
		return 0;
	return xa_reserve(&leaf->pages, idx, ZXVMO_GFP_XA);
}

/* Give back a slot zxvmo_reserve_hide() took (a no-op for any other). */
static int zxvmo_release_hide(struct zxvmo_node *leaf, pgoff_t idx,
			      void *entry, void *arg)
{
	xa_release(&leaf->pages, idx);
	return 0;
}

/*
 * Make the whole pages [@start, @end) of @leaf read zero: own pages are
 * freed and, where an ancestor's page shows through, a zero marker hides
 * it.  The markers' slots are reserved first, so that a failure (no
 * memory) leaves every page as it was; an own page with an ancestor's
 * behind it is replaced in its slot.  The caller zaps the mappings.
 * Tree lock held.
 */
int zxvmo_node_zero(struct zxvmo_node *leaf, pgoff_t start, pgoff_t end)
{
	unsigned int visited = 0;
	unsigned long idx;
	void *entry;
	int err;

	lockdep_assert_held(&leaf->tree->lock);
	if (start >= end)
		return 0;
	if (leaf->parent)
		zxvmo_tree_changed(leaf->tree);
	err = zxvmo_walk_ancestor_entries(leaf, start, end, zxvmo_reserve_hide,
					  NULL);
	if (err) {
		zxvmo_walk_ancestor_entries(leaf, start, end,
					    zxvmo_release_hide, NULL);
		return err;
	}
	xa_for_each_range(&leaf->pages, idx, entry, start, end - 1) {
		zxvmo_walk_yield(&visited);
		if (!zxvmo_parent_sees(leaf, idx)) {
			zxvmo_node_erase(leaf, idx);
		} else if (!xa_is_value(entry)) {
			/* Replacing an existing entry allocates nothing. */
			xa_store(&leaf->pages, idx, ZXVMO_ZERO_MARKER,
				 ZXVMO_GFP_XA);
			zxvmo_node_count(leaf, -1);
			zxvmo_page_free(leaf, entry);
		}
	}
	/* What shows through now lands in the reserved slots. */
	err = zxvmo_walk_ancestor_entries(leaf, start, end, zxvmo_hide_entry,
					  NULL);
	zxvmo_node_check(leaf);
	return err;
}

/* Bytes charged to @leaf: its own pages and its share of its ancestors'. */
u64 zxvmo_node_committed(struct zxvmo_node *leaf)
{
	lockdep_assert_held(&leaf->tree->lock);
	return (u64)(leaf->nr_pages + leaf->charged) << PAGE_SHIFT;
}

/* What zxvmo_node_visit_pages() passes to the ancestor walk. */
struct zxvmo_page_visit {
	zxvmo_entry_fn fn;
	void *arg;
};

/* An ancestor's page @leaf actually sees at @idx (not hidden below). */
static int zxvmo_visit_seen(struct zxvmo_node *leaf, pgoff_t idx, void *entry,
			    void *arg)
{
	struct zxvmo_page_visit *v = arg;
	struct zxvmo_node *holder;
	pgoff_t hidx;

	if (xa_is_value(entry) || zxvmo_node_find(leaf, idx, &holder, &hidx) !=
	    entry)
		return 0;
	return v->fn(leaf, idx, entry, v->arg);
}

/*
 * Call @fn for every page @leaf sees in its indices [@start, @end), its
 * own or an ancestor's, once each, in no particular order.  Work follows
 * the pages that exist, not the size of the range.  Tree lock held.
 */
int zxvmo_node_visit_pages(struct zxvmo_node *leaf, pgoff_t start,
			   pgoff_t end, zxvmo_entry_fn fn, void *arg)
{
	struct zxvmo_page_visit v = { .fn = fn, .arg = arg };
	unsigned int visited = 0;
	unsigned long idx;
	void *entry;
	int ret;

	lockdep_assert_held(&leaf->tree->lock);
	if (start >= end)
		return 0;
	xa_for_each_range(&leaf->pages, idx, entry, start, end - 1) {
		zxvmo_walk_yield(&visited);
		if (xa_is_value(entry))
			continue;
		ret = fn(leaf, idx, entry, arg);
		if (ret)
			return ret;
	}
	return zxvmo_walk_ancestor_entries(leaf, start, end, zxvmo_visit_seen,
					   &v);
}

/*
 * Narrow [*@lo, *@hi) to the indices of the counting walk's top node for
 * which @c's window (@off: @c's parent's index + @off is the top's) gives
 * the same verdict as for @nidx, an index of @c's parent.
 */
static void zxvmo_share_narrow(struct zxvmo_node *c, pgoff_t nidx, pgoff_t off,
			       pgoff_t *lo, pgoff_t *hi)
{
	pgoff_t a = c->parent_offset + off, b = a + c->parent_limit;

	if (nidx < c->parent_offset) {
		*hi = min(*hi, a);
	} else if (nidx - c->parent_offset >= c->parent_limit) {
		*lo = max(*lo, b);
	} else {
		*lo = max(*lo, a);
		*hi = min(*hi, b);
	}
}

/*
 * How many leaves see the entry at @idx of hidden node @top: a page's
 * share in Zircon's attribution.  [*@lo, *@hi) gets the indices of @top
 * around @idx sure to have the same count: every window compared keeps
 * its verdict there, and a node with entries that was looked at narrows
 * it to @idx alone.  A walk of the nodes below @top that see @idx, as
 * zxvmo_seer_next(), keeping the offset of each node in @top.
 */
static unsigned long zxvmo_node_share(struct zxvmo_node *top, pgoff_t idx,
				      pgoff_t *lo, pgoff_t *hi,
				      unsigned int *visited)
{
	struct zxvmo_node *n = top, *c;
	pgoff_t nidx = idx, cidx, off = 0;
	unsigned long share = 0;
	unsigned int next = 0;

	*lo = 0;
	*hi = ULONG_MAX;
	for (;;) {
		if (next < 2) {
			c = n->child[next++];
			if (!c)
				continue;
			zxvmo_share_narrow(c, nidx, off, lo, hi);
			if (!zxvmo_window(c, nidx, &cidx))
				continue;
			if (!xa_empty(&c->pages)) {
				*lo = max(*lo, idx);
				*hi = min(*hi, idx + 1);
				if (xa_load(&c->pages, cidx))
					continue;
			}
			if (!c->hidden) {
				share++;
				zxvmo_walk_yield(visited);
				continue;
			}
			n = c;
			nidx = cidx;
			off += c->parent_offset;
			next = 0;
			continue;
		}
		if (n == top)
			return share;
		c = n;
		n = n->parent;
		nidx += c->parent_offset;
		off -= c->parent_offset;
		next = n->child[0] == c ? 1 : 2;
	}
}

/*
 * Call @fn for every page of an ancestor that @leaf sees, with the number
 * of leaves that see it (@leaf among them).  Level by level as
 * zxvmo_walk_ancestor_entries(); a page is seen unless a node between has
 * an entry there (not looked up while those nodes hold none), and the
 * count of the page before is reused while zxvmo_node_share() says it
 * holds.  So a chain of empty nodes (snapshots of snapshots) costs
 * O(pages + depth x the distinct counts); at worst O(pages x (depth +
 * nodes sharing them)).  Yields as it goes.  Tree lock held.
 */
void zxvmo_node_visit_shared(struct zxvmo_node *leaf, zxvmo_share_fn fn,
			     void *arg)
{
	bool clear = xa_empty(&leaf->pages);
	struct zxvmo_node *c, *n, *holder;
	pgoff_t end, off = 0, lo, hi, hidx;
	unsigned long idx, share = 0;
	unsigned int visited = 0;
	void *entry;

	lockdep_assert_held(&leaf->tree->lock);
	end = leaf->parent_limit;
	/* Leaf index j is index j + @off of @n, for j < @end. */
	for (c = leaf; (n = c->parent); c = n) {
		end = min(end, c->parent_limit > off ? c->parent_limit - off : 0);
		if (!end)
			break;
		off += c->parent_offset;
		lo = 0;
		hi = 0;		/* no count of @n's yet */
		xa_for_each_range(&n->pages, idx, entry, off, end + off - 1) {
			zxvmo_walk_yield(&visited);
			if (xa_is_value(entry))
				continue;
			if (!clear && zxvmo_node_find(leaf, idx - off, &holder,
						      &hidx) != entry)
				continue;
			if (idx < lo || idx >= hi)
				share = zxvmo_node_share(n, idx, &lo, &hi,
							 &visited);
			fn(share, arg);
		}
		clear = clear && xa_empty(&n->pages);
	}
}

/* The number of hidden ancestors of @leaf, counted up to the limit. */
unsigned int zxvmo_node_depth(struct zxvmo_node *leaf)
{
	unsigned int depth = 0;

	lockdep_assert_held(&leaf->tree->lock);
	while (leaf->parent && depth < ZXVMO_MAX_DEPTH) {
		leaf = leaf->parent;
		depth++;
	}
	return depth;
}

#ifdef CONFIG_DEBUG_VM
/* Trees the validator checks; larger ones would make debug runs crawl. */
#define ZXVMO_CHECK_MAX_NODES	64
#define ZXVMO_CHECK_MAX_PAGES	2048

/* The node after @n in a depth-first walk of its tree, child[0] first. */
static struct zxvmo_node *zxvmo_node_next(struct zxvmo_node *n)
{
	struct zxvmo_node *p;

	if (n->hidden && (n->child[0] || n->child[1]))
		return n->child[0] ? n->child[0] : n->child[1];
	for (; (p = n->parent); n = p)
		if (p->child[0] == n && p->child[1])
			return p->child[1];
	return NULL;
}

/* Is @n's own shape right: children, parent, counts? */
static void zxvmo_node_check_one(struct zxvmo_node *n)
{
	unsigned long idx, pages = 0;
	unsigned int depth;
	struct zxvmo_node *s;
	void *entry;

	xa_for_each(&n->pages, idx, entry) {
		if (xa_is_value(entry))
			continue;
		pages++;
		if (!n->hidden)
			continue;
		s = zxvmo_node_seer(n, idx, NULL);
		if (WARN_ONCE(!s, "zxvmo: hidden page %lu seen by no leaf", idx))
			continue;
		s->check++;
	}
	WARN_ONCE(pages != n->nr_pages, "zxvmo: %lu pages counted as %lu",
		  pages, n->nr_pages);
	WARN_ON_ONCE(n->parent && !n->parent->hidden);
	if (n->hidden)
		WARN_ON_ONCE(!n->child[0] || !n->child[1] ||
			     n->child[0]->parent != n ||
			     n->child[1]->parent != n || n->vmo || n->charged);
	else
		WARN_ON_ONCE(n->child[0] || n->child[1]);
	for (depth = 0, s = n; s->parent && depth <= ZXVMO_MAX_DEPTH; depth++)
		s = s->parent;
	WARN_ON_ONCE(depth > ZXVMO_MAX_DEPTH);
}

/* Is every pinned index of @leaf's VMO an own page of @leaf? */
static void zxvmo_node_check_pins(struct zxvmo_node *leaf)
{
	unsigned long idx;
	void *entry, *page;

	xa_for_each(&leaf->vmo->pins, idx, entry) {
		page = xa_load(&leaf->pages, idx);
		WARN_ONCE(!page || xa_is_value(page),
			  "zxvmo: pinned index %lu not an own page", idx);
	}
}

/*
 * Check the whole tree @node belongs to (tree lock held): its shape, its
 * page counts, that every page of a hidden node is seen by some leaf, and
 * every leaf's @charged against a recount from scratch.  Debug kernels
 * only, and only small trees: it is O(pages x nodes).
 */
static void zxvmo_node_check(struct zxvmo_node *node)
{
	unsigned long nodes = 0, pages = 0;
	struct zxvmo_node *root = node, *n;

	lockdep_assert_held(&node->tree->lock);
	while (root->parent)
		root = root->parent;
	for (n = root; n; n = zxvmo_node_next(n)) {
		pages += n->nr_pages;
		if (++nodes > ZXVMO_CHECK_MAX_NODES ||
		    pages > ZXVMO_CHECK_MAX_PAGES)
			return;
		n->check = 0;
	}
	for (n = root; n; n = zxvmo_node_next(n))
		zxvmo_node_check_one(n);
	for (n = root; n; n = zxvmo_node_next(n))
		WARN_ONCE(!n->hidden && n->check != n->charged,
			  "zxvmo: leaf charged %lu, recount %lu", n->charged,
			  n->check);
	for (n = root; n; n = zxvmo_node_next(n))
		if (!n->hidden && n->vmo)
			zxvmo_node_check_pins(n);
}
#else
static void zxvmo_node_check(struct zxvmo_node *node)
{
}
#endif
