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
 * Attribution: a page of a hidden node is charged to the leftmost leaf
 * that sees it (child[0] subtrees before child[1]), as Zircon charges the
 * original side while it sees the page.  Each leaf counts its charges
 * (->charged), updated by every change of who sees what: a snapshot hands
 * the leaf's to its left child (O(1)); a fork, a zero marker or a shrink
 * passes a page's charge to the next leaf that sees it, or frees the page
 * (O(depth) per page along a chain); a leaf going away hands all of its
 * charges to the leaf next in line in one step when that one sees all it
 * saw.  Committed counts are read in O(1).
 *
 * Invariants (tree->lock):
 *  - a hidden node has two children, except transiently while merging;
 *  - a leaf has at most ZXVMO_MAX_DEPTH hidden ancestors;
 *  - a page entry of a hidden node is visible to at least one leaf;
 *  - every page is charged to exactly one leaf (its own, or a hidden
 *    node's to the leftmost leaf seeing it);
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
	refcount_set(&tree->refs, 1);
	return tree;
}

void zxvmo_tree_put(struct zxvmo_tree *tree)
{
	if (refcount_dec_and_test(&tree->refs)) {
		zxvmo_budget_detach(tree);
		mutex_destroy(&tree->lock);
		kfree(tree);
	}
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

static void zxvmo_page_free(struct zxvmo_node *node, struct page *page)
{
	/* Pages of an uncached tree go back write-back (see cache.c). */
	if (node->tree->cache_policy != ZXVMO_CACHE_POLICY_CACHED)
		zxvmo_page_set_policy(page, ZXVMO_CACHE_POLICY_CACHED);
	atomic_long_dec(&zxvmo_nr_pages);
	zxvmo_budget_uncharge(node->tree, 1);
	put_page(page);
}

/* @node holds @delta more pages (hidden nodes' are shared by subtrees). */
static void zxvmo_node_count(struct zxvmo_node *node, long delta)
{
	node->nr_pages += delta;
	if (node->hidden)
		atomic_long_add(delta, &zxvmo_nr_hidden_pages);
}

/*
 * A zeroed page for @leaf, with its cache attribute; counted and charged
 * to the tree's user.  Returns the page or an ERR_PTR: -EDQUOT past the
 * user's budget, -ENOMEM.
 */
static struct page *zxvmo_page_alloc(struct zxvmo_node *leaf)
{
	struct page *page;
	int err;

	err = zxvmo_budget_charge(leaf->tree, 1);
	if (err)
		return ERR_PTR(err);
	page = alloc_page(ZXVMO_GFP_PAGE);
	if (!page) {
		zxvmo_budget_uncharge(leaf->tree, 1);
		return ERR_PTR(-ENOMEM);
	}
	atomic_long_inc(&zxvmo_nr_pages);
	if (leaf->tree->cache_policy != ZXVMO_CACHE_POLICY_CACHED &&
	    zxvmo_page_set_policy(page, leaf->tree->cache_policy)) {
		zxvmo_budget_uncharge(leaf->tree, 1);
		atomic_long_dec(&zxvmo_nr_pages);
		put_page(page);
		return ERR_PTR(-ENOMEM);
	}
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
	unsigned long idx;
	void *entry;

	xa_for_each(&node->pages, idx, entry)
		if (!xa_is_value(entry))
			zxvmo_page_free(node, entry);
	if (node->hidden)
		atomic_long_sub(node->nr_pages, &zxvmo_nr_hidden_pages);
	xa_destroy(&node->pages);
	kfree(node);
	zxvmo_tree_put(tree);
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
 * The leaves below hidden @top that see its entry at @idx, in charge order
 * (child[0] subtrees first): a leaf sees it if every node on the way down
 * has the index in its window and no entry of its own there.  Returns the
 * first such leaf other than @skip, or NULL; *@skip_first tells whether
 * @skip comes before it, i.e. is the one charged for the entry.
 * Iterative (trees are up to ZXVMO_MAX_DEPTH deep), walking back up
 * through the parent pointers.  O(the subtree) at worst; a path where
 * every other child holds its own copy costs O(depth).
 */
static struct zxvmo_node *zxvmo_first_seer(struct zxvmo_node *top, pgoff_t idx,
					   struct zxvmo_node *skip,
					   bool *skip_first)
{
	struct zxvmo_node *n = top, *c;
	unsigned int next = 0;
	pgoff_t cidx;

	*skip_first = false;
	for (;;) {
		if (next < 2) {
			c = n->child[next++];
			if (!zxvmo_window(c, idx, &cidx) ||
			    xa_load(&c->pages, cidx))
				continue;
			if (!c->hidden && c != skip)
				return c;
			if (!c->hidden) {
				*skip_first = true;
				continue;
			}
			n = c;
			idx = cidx;
			next = 0;
			continue;
		}
		if (n == top)
			return NULL;
		c = n;
		n = n->parent;
		idx += c->parent_offset;
		next = n->child[0] == c ? 1 : 2;
	}
}

/*
 * Find what @node sees at @idx: the entry (page or zero marker, NULL for
 * none) and the node holding it.
 */
static void *zxvmo_node_find_entry(struct zxvmo_node *node, pgoff_t idx,
				   struct zxvmo_node **holder, pgoff_t *hidx)
{
	void *entry;

	for (;;) {
		entry = xa_load(&node->pages, idx);
		if (entry) {
			*holder = node;
			*hidx = idx;
			return entry;
		}
		if (!node->parent || idx >= node->parent_limit)
			return NULL;
		idx += node->parent_offset;
		node = node->parent;
	}
}

/* The same, but the page or NULL for zeros (no entry, or a zero marker). */
static struct page *zxvmo_node_find(struct zxvmo_node *node, pgoff_t idx,
				    struct zxvmo_node **holder, pgoff_t *hidx)
{
	void *entry = zxvmo_node_find_entry(node, idx, holder, hidx);

	return !entry || xa_is_value(entry) ? NULL : entry;
}

/* The page @node's parent shows it at @idx (hidden by its own entries). */
static struct page *zxvmo_parent_find(struct zxvmo_node *node, pgoff_t idx,
				      struct zxvmo_node **holder, pgoff_t *hidx)
{
	if (!node->parent || idx >= node->parent_limit)
		return NULL;
	return zxvmo_node_find(node->parent, idx + node->parent_offset,
			       holder, hidx);
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

#ifdef CONFIG_DEBUG_VM
/*
 * The whole-tree validator, run after every split, merge, truncate and
 * zero: the shape, the page counts, the windows, that every page of a
 * hidden node is seen by some leaf and that the charges equal a recount.
 * O(entries x nodes): trees beyond these sizes are not checked.
 */
#define ZXVMO_CHECK_NODES	32
#define ZXVMO_CHECK_PAGES	512

/* The node after @n in preorder below @root, or NULL. */
static struct zxvmo_node *zxvmo_check_next(struct zxvmo_node *n,
					   struct zxvmo_node *root)
{
	struct zxvmo_node *p;

	if (n->hidden && (n->child[0] || n->child[1]))
		return n->child[0] ? n->child[0] : n->child[1];
	for (; n != root; n = p) {
		p = n->parent;
		if (p->child[0] == n && p->child[1])
			return p->child[1];
	}
	return NULL;
}

/* One node's own invariants; counts its pages of each kind. */
static void zxvmo_check_node(struct zxvmo_node *n, unsigned int depth)
{
	unsigned long idx, pages = 0;
	pgoff_t end;
	void *entry;
	unsigned int i;

	xa_for_each(&n->pages, idx, entry)
		if (!xa_is_value(entry))
			pages++;
	WARN_ON_ONCE(pages != n->nr_pages);
	WARN_ON_ONCE(n->parent && check_add_overflow(n->parent_offset,
						     n->parent_limit, &end));
	WARN_ON_ONCE(depth > ZXVMO_MAX_DEPTH);
	if (!n->hidden) {
		WARN_ON_ONCE(n->child[0] || n->child[1]);
		WARN_ON_ONCE(!n->vmo || READ_ONCE(n->vmo->leaf) != n);
		/* A leaf holds nothing beyond its VMO's size. */
		idx = n->vmo ? n->vmo->size >> PAGE_SHIFT : 0;
		WARN_ON_ONCE(xa_find(&n->pages, &idx, ULONG_MAX, XA_PRESENT));
		return;
	}
	WARN_ON_ONCE(n->vmo || n->charged || depth >= ZXVMO_MAX_DEPTH);
	for (i = 0; i < 2; i++)
		WARN_ON_ONCE(!n->child[i] || n->child[i]->parent != n);
}

/* Every page of hidden @n is seen by a leaf: count it for the first. */
static void zxvmo_check_recount(struct zxvmo_node *n)
{
	struct zxvmo_node *seer;
	unsigned long idx;
	bool skipped;
	void *entry;

	xa_for_each(&n->pages, idx, entry) {
		if (xa_is_value(entry))
			continue;
		seer = zxvmo_first_seer(n, idx, NULL, &skipped);
		if (!WARN_ON_ONCE(!seer))
			seer->recount++;
	}
}

static void zxvmo_tree_check(struct zxvmo_node *node)
{
	struct zxvmo_node *root = node, *n;
	unsigned int nodes = 0, depth;
	unsigned long pages = 0;

	lockdep_assert_held(&node->tree->lock);
	while (root->parent)
		root = root->parent;
	for (n = root; n; n = zxvmo_check_next(n, root)) {
		pages += n->nr_pages;
		n->recount = 0;
		if (++nodes > ZXVMO_CHECK_NODES || pages > ZXVMO_CHECK_PAGES)
			return;
	}
	for (n = root; n; n = zxvmo_check_next(n, root)) {
		struct zxvmo_node *a;

		for (depth = 0, a = n; a->parent; a = a->parent)
			depth++;
		zxvmo_check_node(n, depth);
		if (n->hidden)
			zxvmo_check_recount(n);
	}
	for (n = root; n; n = zxvmo_check_next(n, root))
		if (!n->hidden)
			WARN_ON_ONCE(n->recount != n->charged);
}
#else
static inline void zxvmo_tree_check(struct zxvmo_node *node)
{
}
#endif

/*
 * Leaf @leaf stops seeing the entry at @hidx of its ancestor @holder; the
 * next leaf that sees it was @next (NULL: none), @charged whether @leaf was
 * the one charged (both from zxvmo_first_seer() before the change).  The
 * charge moves on; an entry nobody sees is freed.
 */
static void zxvmo_unsee(struct zxvmo_node *leaf, struct zxvmo_node *holder,
			pgoff_t hidx, struct zxvmo_node *next, bool charged)
{
	void *entry = xa_load(&holder->pages, hidx);

	if (!xa_is_value(entry) && charged) {
		if (WARN_ON_ONCE(!leaf->charged))
			return;
		leaf->charged--;
		if (next)
			next->charged++;
	}
	if (!next)
		zxvmo_node_erase(holder, hidx);
}

/* Unmap index @idx of a leaf from its VMO's mappings. */
static void zxvmo_node_zap(struct zxvmo_node *leaf, pgoff_t idx)
{
	if (leaf->vmo)
		unmap_mapping_range(leaf->vmo->inode->i_mapping,
				    (loff_t)idx << PAGE_SHIFT,
				    PAGE_SIZE, 0);
}

/*
 * The page at @idx that @src (held by @holder) provides to @leaf: moved
 * down when no other leaf can see it, else copied.  The charge for @src
 * moves on to the next leaf that sees it if @leaf had it.
 */
static struct page *zxvmo_node_fork(struct zxvmo_node *leaf, pgoff_t idx,
				    struct page *src, struct zxvmo_node *holder,
				    pgoff_t hidx)
{
	struct zxvmo_node *next;
	struct page *page;
	bool charged;
	int err;

	next = zxvmo_first_seer(holder, hidx, leaf, &charged);
	if (WARN_ON_ONCE(!next && !charged))
		return ERR_PTR(-EINVAL);
	/* A zero marker holds the slot meanwhile: the store cannot fail. */
	err = zxvmo_node_store(leaf, idx, ZXVMO_ZERO_MARKER, ZXVMO_GFP_XA);
	if (err)
		return ERR_PTR(err);
	if (!next) {
		xa_erase(&holder->pages, hidx);
		zxvmo_node_count(holder, -1);
		leaf->charged--;
		page = src;
	} else {
		page = zxvmo_page_alloc(leaf);
		if (IS_ERR(page)) {
			xa_erase(&leaf->pages, idx);
			return page;
		}
		copy_highpage(page, src);
		zxvmo_unsee(leaf, holder, hidx, next, charged);
	}
	/* Replacing an existing entry allocates nothing. */
	xa_store(&leaf->pages, idx, page, ZXVMO_GFP_XA);
	zxvmo_node_count(leaf, 1);
	if (page != src)
		zxvmo_node_zap(leaf, idx);
	return page;
}

/*
 * The page @leaf owns at @idx, committing one if there is none: a copy of
 * what it sees (copy-on-write), or a zeroed page.  Tree lock held.
 * Returns the page (the node's reference) or an ERR_PTR.
 */
struct page *zxvmo_node_commit(struct zxvmo_node *leaf, pgoff_t idx)
{
	struct zxvmo_node *holder = NULL;
	struct page *page, *src;
	pgoff_t hidx;
	int err;

	lockdep_assert_held(&leaf->tree->lock);
	WARN_ON_ONCE(leaf->hidden);
	src = zxvmo_node_find(leaf, idx, &holder, &hidx);
	if (holder == leaf && src)
		return src;
	if (src)
		return zxvmo_node_fork(leaf, idx, src, holder, hidx);

	page = zxvmo_page_alloc(leaf);
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

/*
 * Call @fn for every entry of an ancestor of @leaf that falls in the
 * leaf's indices [@start, @end) through the windows, with the leaf index
 * it maps to.  Stops at the first nonzero return.  Entries @fn erases
 * from a node not yet walked are not visited.  Tree lock held; may sleep
 * between entries.
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
			if (!(++visited % 1024))
				cond_resched();
		}
	}
	return 0;
}

/*
 * If @leaf sees the ancestor entry @entry at @idx, it stops seeing it
 * (see zxvmo_unsee()); @arg: whether to stop once @leaf is charged for
 * nothing.  The caller then hides or cuts off the index for @leaf.
 */
static int zxvmo_unsee_entry(struct zxvmo_node *leaf, pgoff_t idx, void *entry,
			     void *arg)
{
	struct zxvmo_node *holder, *next;
	bool charged;
	pgoff_t hidx;

	/* Zero markers all look alike: act on the one @leaf sees. */
	if (zxvmo_node_find_entry(leaf, idx, &holder, &hidx) != entry ||
	    holder == leaf)
		return 0;
	if (arg && xa_is_value(entry))
		return 0;
	next = zxvmo_first_seer(holder, hidx, leaf, &charged);
	zxvmo_unsee(leaf, holder, hidx, next, charged);
	return arg && !leaf->charged;
}

/*
 * @leaf shrinks to @pages pages: free what lies beyond and stop seeing the
 * parent there, for good.  The caller zaps the mappings.  Tree lock held.
 */
void zxvmo_node_truncate(struct zxvmo_node *leaf, pgoff_t pages)
{
	unsigned long idx;
	void *entry;

	lockdep_assert_held(&leaf->tree->lock);
	/* What it sees through its own entries is not charged to it yet. */
	if (pages < leaf->parent_limit)
		zxvmo_walk_ancestor_entries(leaf, pages, leaf->parent_limit,
					    zxvmo_unsee_entry, NULL);
	xa_for_each_range(&leaf->pages, idx, entry, pages, ULONG_MAX)
		zxvmo_node_erase(leaf, idx);
	leaf->parent_limit = min(leaf->parent_limit, pages);
	zxvmo_tree_check(leaf);
}

/*
 * Snapshot: @leaf becomes a hidden node with two new leaves below it,
 * @left taking the place of @leaf for its VMO and @right for the snapshot
 * seeing @size pages from @offset.  O(1): @left sees all @leaf saw, so it
 * is charged for all of it.  Tree lock held; the caller zaps the mappings
 * of @leaf's VMO.
 */
void zxvmo_node_split(struct zxvmo_node *leaf, struct zxvmo_node *left,
		      struct zxvmo_node *right, pgoff_t leaf_pages,
		      pgoff_t offset, pgoff_t size)
{
	lockdep_assert_held(&leaf->tree->lock);
	WARN_ON_ONCE(leaf->hidden || left->nr_pages || right->nr_pages);
	leaf->hidden = true;
	atomic_long_add(leaf->nr_pages, &zxvmo_nr_hidden_pages);
	leaf->vmo = NULL;
	leaf->child[0] = left;
	leaf->child[1] = right;
	left->charged = leaf->charged + leaf->nr_pages;
	right->charged = 0;
	leaf->charged = 0;

	left->parent = leaf;
	left->parent_offset = 0;
	left->parent_limit = leaf_pages;

	right->parent = leaf;
	right->parent_offset = offset;
	right->parent_limit = offset < leaf_pages ?
			      min(size, leaf_pages - offset) : 0;
	/* Each VMO's leaf is its new node (the caller's copies agree). */
	WRITE_ONCE(left->vmo->leaf, left);
	WRITE_ONCE(right->vmo->leaf, right);
	zxvmo_tree_check(leaf);
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
 * every entry @s sees moves down into @s, and @s takes @h's place under
 * @h's parent.  Every page left in @h is seen by @s's subtree (the gone
 * child's were dealt with); a leaf @s owns them now.  O(entries of @h).
 */
static void zxvmo_node_merge_down(struct zxvmo_node *h, struct zxvmo_node *s)
{
	unsigned int moved = 0;
	unsigned long idx;
	pgoff_t sidx;
	void *entry;

	xa_for_each(&h->pages, idx, entry) {
		if (!zxvmo_window(s, idx, &sidx) ||
		    xa_load(&s->pages, sidx)) {
			/* Only zero markers can be left unseen here. */
			WARN_ON_ONCE(!xa_is_value(entry));
			continue;
		}
		xa_erase(&h->pages, idx);
		if (!xa_is_value(entry)) {
			zxvmo_node_count(h, -1);
			if (!s->hidden && !WARN_ON_ONCE(!s->charged))
				s->charged--;
		}
		/* Small slab allocations; a merge cannot fail. */
		zxvmo_node_store(s, sidx, entry, ZXVMO_GFP_XA | __GFP_NOFAIL);
		if (!(++moved % 1024))
			cond_resched();
	}
	zxvmo_node_reparent(h, s);
	zxvmo_node_destroy(h);
}

/* Hidden @h takes over the children of hidden @s, which sees it at 0. */
static void zxvmo_node_adopt(struct zxvmo_node *h, struct zxvmo_node *s)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		h->child[i] = s->child[i];
		h->child[i]->parent = h;
		s->child[i] = NULL;
	}
}

/* Leaf @s's VMO takes @h, with its pages, as its leaf. */
static void zxvmo_node_become_leaf(struct zxvmo_node *h, struct zxvmo_node *s)
{
	/* @h's pages were all @s's to see, so charged to it: now its own. */
	WARN_ON_ONCE(s->charged < h->nr_pages);
	h->charged = s->charged - h->nr_pages;
	atomic_long_sub(h->nr_pages, &zxvmo_nr_hidden_pages);
	h->hidden = false;
	h->child[0] = NULL;
	h->child[1] = NULL;
	h->vmo = s->vmo;
	WRITE_ONCE(h->vmo->leaf, h);
}

/*
 * The same when @s sees @h from index 0 and holds fewer pages than @h
 * (closing a snapshot of a large VMO): @s's entries move up into @h, which
 * then takes @s's place (its VMO's leaf, or its children's parent).
 * O(entries of @s, and of @h's beyond @s's window).
 */
static void zxvmo_node_merge_up(struct zxvmo_node *h, struct zxvmo_node *s)
{
	unsigned int moved = 0;
	unsigned long idx;
	void *entry;

	/* What @s could not see of @h goes first; @s's own entries stay. */
	xa_for_each_range(&h->pages, idx, entry, s->parent_limit, ULONG_MAX)
		zxvmo_node_erase(h, idx);
	xa_for_each(&s->pages, idx, entry) {
		xa_erase(&s->pages, idx);
		if (!xa_is_value(entry))
			zxvmo_node_count(s, -1);
		zxvmo_node_erase(h, idx);
		if (!s->hidden && !xa_is_value(entry))
			s->charged++;	/* undone by become_leaf() */
		zxvmo_node_store(h, idx, entry, ZXVMO_GFP_XA | __GFP_NOFAIL);
		if (!(++moved % 1024))
			cond_resched();
	}
	h->parent_limit = min(h->parent_limit, s->parent_limit);
	if (s->hidden)
		zxvmo_node_adopt(h, s);
	else
		zxvmo_node_become_leaf(h, s);
	zxvmo_node_destroy(s);
}

/* Merge @h into its last child @s, moving the smaller side; the survivor. */
static struct zxvmo_node *zxvmo_node_merge(struct zxvmo_node *h,
					   struct zxvmo_node *s)
{
	if (!s->parent_offset && s->nr_pages < h->nr_pages) {
		zxvmo_node_merge_up(h, s);
		return h;
	}
	zxvmo_node_merge_down(h, s);
	return s;
}

/*
 * Leaf @leaf, the left child of hidden @h, goes away.  If the leftmost
 * leaf of its sibling's subtree sees all @leaf could see of @h, but for the
 * indices where the sibling's leftmost path holds entries, return that
 * leaf: it comes next in charge order, so @leaf's charges move to it
 * wholesale.  Else NULL.  O(depth).
 */
static struct zxvmo_node *zxvmo_heir(struct zxvmo_node *leaf,
				     struct zxvmo_node *h)
{
	/* [lo, lo + n): what @leaf sees, in the current node's indices. */
	pgoff_t lo = leaf->parent_offset, n = leaf->parent_limit;
	struct zxvmo_node *c = h->child[1];

	for (; c; c = c->child[0]) {
		if (lo < c->parent_offset ||
		    n > c->parent_limit - min(c->parent_limit,
					      lo - c->parent_offset))
			return NULL;
		lo -= c->parent_offset;
		if (!c->hidden)
			return c;
	}
	return NULL;
}

/*
 * @leaf, the left child of @h, goes away, and @heir (see zxvmo_heir())
 * takes its charges, but for the indices where the path from @h's other
 * child down to @heir holds entries: those pages go to the next leaf that
 * sees them, if any.  O((entries on the path) x depth).
 */
static void zxvmo_charge_heir(struct zxvmo_node *leaf, struct zxvmo_node *h,
			      struct zxvmo_node *heir)
{
	struct zxvmo_node *x, *y, *holder, *next;
	pgoff_t xlo = leaf->parent_offset, ylo, hidx, j;
	unsigned int visited = 0;
	unsigned long idx;
	bool charged, above;
	void *entry;

	for (x = h->child[1]; x; x = x->child[0]) {
		xlo -= x->parent_offset;	/* @leaf index 0, in @x's */
		xa_for_each_range(&x->pages, idx, entry, xlo,
				  xlo + leaf->parent_limit - 1) {
			j = idx - xlo;
			/* Handled at the path's highest entry for @j. */
			above = false;
			ylo = leaf->parent_offset;
			for (y = h->child[1]; y != x; y = y->child[0]) {
				ylo -= y->parent_offset;
				if (xa_load(&y->pages, j + ylo))
					above = true;
			}
			if (!(++visited % 1024))
				cond_resched();
			if (above)
				continue;
			while (leaf->charged &&
			       zxvmo_node_find(leaf, j, &holder, &hidx) &&
			       holder != leaf) {
				next = zxvmo_first_seer(holder, hidx, leaf,
							&charged);
				if (!charged)
					break;
				zxvmo_unsee(leaf, holder, hidx, next, charged);
				if (next)
					break;
			}
		}
		if (x == heir)
			break;
	}
	heir->charged += leaf->charged;
	leaf->charged = 0;
}

/*
 * @leaf goes away: whatever it was charged for goes to the next leaf that
 * sees it, and what nobody else sees is freed.  Nothing to do when it was
 * charged for nothing (an entry only @leaf sees is charged to @leaf).
 */
static void zxvmo_release_charges(struct zxvmo_node *leaf)
{
	struct zxvmo_node *h = leaf->parent, *heir;

	if (!leaf->charged)
		return;
	if (h->child[0] == leaf) {
		heir = zxvmo_heir(leaf, h);
		if (heir) {
			zxvmo_charge_heir(leaf, h, heir);
			return;
		}
	}
	zxvmo_walk_ancestor_entries(leaf, 0, ULONG_MAX, zxvmo_unsee_entry,
				    leaf);
	WARN_ON_ONCE(leaf->charged);
}

/*
 * @vmo is gone (or lingers without pages): its charges move on, its leaf
 * leaves the tree, the leaf's parent merges into the sibling, and the
 * leaf's own pages are freed after the tree lock is dropped.
 */
void zxvmo_node_release(struct zxvmo *vmo)
{
	struct zxvmo_tree *tree = vmo->tree;
	struct zxvmo_node *leaf, *h, *s;
	unsigned int side;

	mutex_lock(&tree->lock);
	leaf = vmo->leaf;
	WRITE_ONCE(vmo->leaf, NULL);
	h = leaf->parent;
	if (h) {
		zxvmo_release_charges(leaf);
		side = h->child[0] == leaf ? 0 : 1;
		s = h->child[!side];
		h->child[side] = NULL;
		leaf->parent = NULL;
		zxvmo_tree_check(zxvmo_node_merge(h, s));
	}
	mutex_unlock(&tree->lock);
	/* Nothing points at @leaf any more. */
	zxvmo_node_destroy(leaf);
}

/* Hide an ancestor's page that @leaf sees at @idx behind a zero marker. */
static int zxvmo_hide_entry(struct zxvmo_node *leaf, pgoff_t idx, void *entry,
			    void *arg)
{
	struct zxvmo_node *holder, *next;
	bool charged;
	pgoff_t hidx;
	int err;

	if (!zxvmo_node_find(leaf, idx, &holder, &hidx) || holder == leaf)
		return 0;
	next = zxvmo_first_seer(holder, hidx, leaf, &charged);
	err = zxvmo_node_store(leaf, idx, ZXVMO_ZERO_MARKER, ZXVMO_GFP_XA);
	if (!err)
		zxvmo_unsee(leaf, holder, hidx, next, charged);
	return err;
}

/* Reserve the slot of the marker that will hide what @leaf sees at @idx. */
static int zxvmo_reserve_hide(struct zxvmo_node *leaf, pgoff_t idx,
			      void *entry, void *arg)
{
	struct zxvmo_node *holder;
	pgoff_t hidx;

	if (!zxvmo_node_find(leaf, idx, &holder, &hidx) || holder == leaf)
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
 * memory) leaves every page as it was.  The caller zaps the mappings.
 * Tree lock held.
 */
int zxvmo_node_zero(struct zxvmo_node *leaf, pgoff_t start, pgoff_t end)
{
	struct zxvmo_node *holder;
	unsigned long idx;
	pgoff_t hidx;
	void *entry;
	int err;

	lockdep_assert_held(&leaf->tree->lock);
	if (start >= end)
		return 0;
	err = zxvmo_walk_ancestor_entries(leaf, start, end, zxvmo_reserve_hide,
					  NULL);
	if (err) {
		zxvmo_walk_ancestor_entries(leaf, start, end,
					    zxvmo_release_hide, NULL);
		return err;
	}
	/* First what shows through, then the own entries hiding the rest. */
	err = zxvmo_walk_ancestor_entries(leaf, start, end, zxvmo_hide_entry,
					  NULL);
	xa_for_each_range(&leaf->pages, idx, entry, start, end - 1) {
		if (!zxvmo_parent_find(leaf, idx, &holder, &hidx)) {
			zxvmo_node_erase(leaf, idx);
		} else if (!xa_is_value(entry)) {
			/* An existing entry: the store allocates nothing. */
			xa_store(&leaf->pages, idx, ZXVMO_ZERO_MARKER,
				 ZXVMO_GFP_XA);
			zxvmo_node_count(leaf, -1);
			zxvmo_page_free(leaf, entry);
		}
	}
	zxvmo_tree_check(leaf);
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
	unsigned long idx;
	void *entry;
	int ret;

	lockdep_assert_held(&leaf->tree->lock);
	if (start >= end)
		return 0;
	xa_for_each_range(&leaf->pages, idx, entry, start, end - 1) {
		if (xa_is_value(entry))
			continue;
		ret = fn(leaf, idx, entry, arg);
		if (ret)
			return ret;
	}
	return zxvmo_walk_ancestor_entries(leaf, start, end, zxvmo_visit_seen,
					   &v);
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
