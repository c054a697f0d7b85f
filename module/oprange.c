// SPDX-License-Identifier: GPL-2.0
/*
 * zx_vmo_op_range().  Each op checks its right first, then its range, in
 * Zircon's order; an unknown op is INVALID_ARGS.
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <asm/cacheflush.h>

#include "zxvmo.h"

static bool enable_cache_invalidate;
module_param(enable_cache_invalidate, bool, 0644);
MODULE_PARM_DESC(enable_cache_invalidate,
		 "Allow ZX_VMO_OP_CACHE_INVALIDATE (Zircon: kernel.enable-debugging-syscalls)");

/* Commit every page of [@offset, @offset + @len) of @vmo.  Tree lock. */
static int zxvmo_commit_locked(struct zxvmo *vmo, u64 offset, u64 len)
{
	struct zxvmo *root = vmo->root;
	pgoff_t idx, end;
	struct page *page;

	offset += vmo->root_off;
	idx = offset >> PAGE_SHIFT;
	end = (offset + len + PAGE_SIZE - 1) >> PAGE_SHIFT;
	for (; idx < end; idx++) {
		page = zxvmo_node_commit(root->leaf, idx);
		if (IS_ERR(page))
			return PTR_ERR(page);
		/* A huge commit may get its caller OOM-killed: let it die. */
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	return 0;
}

/*
 * "Commit size bytes worth of pages" (vmo.fidl.txt): zero bytes commit
 * nothing, whatever the offset's alignment (where Zircon's rounding would
 * commit the page around an unaligned offset, the seed wins).
 */
static long zxvmo_op_commit(struct zxvmo *vmo, u64 offset, u64 len)
{
	int err;

	mutex_lock(&vmo->tree->lock);
	err = zxvmo_check_range(offset, len, vmo->size);
	if (!err && vmo->root->discarded)
		err = -ZXVMO_E_NOT_FOUND;
	if (!err && len)
		err = zxvmo_commit_locked(vmo, offset, len);
	mutex_unlock(&vmo->tree->lock);
	return err;
}

/*
 * The whole range must lie inside the VMO (OUT_OF_RANGE, as vmo.fidl.txt
 * says for every op), and zero bytes decommit nothing.  Then only a VMO
 * without a copy-on-write parent or snapshot children (both give its root
 * leaf a parent) can decommit, and only whole pages; slices act on their
 * root.
 */
static long zxvmo_op_decommit(struct zxvmo *vmo, u64 offset, u64 len)
{
	struct zxvmo *root = vmo->root;
	u64 start;
	int err;

	mutex_lock(&vmo->tree->lock);
	err = zxvmo_check_range(offset, len, vmo->size);
	if (err || !len)
		goto unlock;
	if (root->leaf->parent || root->kind != ZXVMO_KIND_PAGED) {
		err = -ZXVMO_E_NOT_SUPPORTED;
	} else if (!PAGE_ALIGNED(offset) || !PAGE_ALIGNED(len)) {
		err = -ZXVMO_E_INVALID_ARGS;
	} else if (zxvmo_pinned(root, (offset + vmo->root_off) >> PAGE_SHIFT,
				(offset + vmo->root_off + len) >> PAGE_SHIFT)) {
		err = -ZXVMO_E_BAD_STATE;	/* Zircon: pinned pages stay */
	} else {
		start = offset + vmo->root_off;
		zxvmo_faults_stop(root->tree);
		zxvmo_unmap(root, start, len, false);
		err = zxvmo_node_zero(root->leaf, start >> PAGE_SHIFT,
				      (start + len) >> PAGE_SHIFT);
		zxvmo_faults_resume(root->tree);
	}
unlock:
	mutex_unlock(&vmo->tree->lock);
	return err;
}

static long zxvmo_op_zero(struct zxvmo *vmo, u64 offset, u64 len)
{
	int err;

	mutex_lock(&vmo->tree->lock);
	/* Zircon: memory that is not cached cannot be zeroed through it. */
	if (vmo->tree->cache_policy != ZXVMO_CACHE_POLICY_CACHED)
		err = -ZXVMO_E_BAD_STATE;
	else
		err = zxvmo_check_range(offset, len, vmo->size);
	if (!err && vmo->root->discarded)
		err = -ZXVMO_E_NOT_FOUND;
	if (!err)
		err = zxvmo_zero_range_locked(vmo, offset, offset + len);
	mutex_unlock(&vmo->tree->lock);
	return err;
}

/* The bytes a cache op covers, in root offsets. */
struct zxvmo_cache_range {
	u64 start, end;
};

/* Write back and invalidate the lines of @entry within the op's range. */
static int zxvmo_flush_page(struct zxvmo_node *leaf, pgoff_t idx, void *entry,
			    void *arg)
{
	struct zxvmo_cache_range *r = arg;
	u64 base = (u64)idx << PAGE_SHIFT;
	u64 from = max(base, r->start), to = min(base + PAGE_SIZE, r->end);
	void *addr = kmap_local_page(entry);

	clflush_cache_range(addr + (from - base), to - from);
	kunmap_local(addr);
	return 0;
}

/*
 * Write back (and on x86, also invalidate) the committed lines of the
 * range: only pages that exist are visited, so a huge sparse range costs
 * what it holds.
 */
static long zxvmo_op_cache(struct zxvmo *vmo, u64 offset, u64 len)
{
	struct zxvmo_cache_range r;
	int err;

	if (!len)
		return -ZXVMO_E_INVALID_ARGS;
	mutex_lock(&vmo->tree->lock);
	err = zxvmo_check_range(offset, len, vmo->size);
	if (!err && vmo->root->leaf) {
		r.start = offset + vmo->root_off;
		r.end = r.start + len;
		zxvmo_node_visit_pages(vmo->root->leaf, r.start >> PAGE_SHIFT,
				       DIV_ROUND_UP_ULL(r.end, PAGE_SIZE),
				       zxvmo_flush_page, &r);
	}
	mutex_unlock(&vmo->tree->lock);
	return err;
}

/* Hints: no page moves, only the range is checked. */
static long zxvmo_op_hint(struct zxvmo *vmo, u64 offset, u64 len)
{
	return zxvmo_check_range(offset, len, READ_ONCE(vmo->size));
}

/*
 * ZX_VMO_OP_PREFETCH, as Zircon does it for memory without a pager: the
 * range, rounded out to whole pages (OUT_OF_RANGE if that overflows or
 * passes the end), is made ready for reading, which for anonymous memory
 * (nothing compressed, nothing to page in) means nothing is committed.
 * A physical VMO checks the range as given.
 */
static long zxvmo_op_prefetch(struct zxvmo *vmo, u64 offset, u64 len)
{
	u64 end;

	if (vmo->kind == ZXVMO_KIND_PHYSICAL)
		return zxvmo_check_range(offset, len, READ_ONCE(vmo->size));
	if (check_add_overflow(offset, len, &end) ||
	    end > round_down(U64_MAX, PAGE_SIZE))
		return -ZXVMO_E_OUT_OF_RANGE;
	return zxvmo_check_range(round_down(offset, PAGE_SIZE),
				 PAGE_ALIGN(end) - round_down(offset, PAGE_SIZE),
				 READ_ONCE(vmo->size));
}

/* The right an op needs; 0 for ops needing none, U32_MAX for unknown. */
static u32 zxvmo_op_right(u32 op)
{
	switch (op) {
	case ZXVMO_OP_COMMIT:
	case ZXVMO_OP_DECOMMIT:
	case ZXVMO_OP_ZERO:
	case ZXVMO_OP_CACHE_INVALIDATE:
		return ZXVMO_RIGHT_WRITE;
	case ZXVMO_OP_CACHE_SYNC:
	case ZXVMO_OP_CACHE_CLEAN:
	case ZXVMO_OP_CACHE_CLEAN_INVALIDATE:
	case ZXVMO_OP_PREFETCH:
		return ZXVMO_RIGHT_READ;
	case ZXVMO_OP_LOCK:
	case ZXVMO_OP_TRY_LOCK:
	case ZXVMO_OP_UNLOCK:
	case ZXVMO_OP_DONT_NEED:
	case ZXVMO_OP_ALWAYS_NEED:
		return 0;
	default:
		return U32_MAX;
	}
}

long zxvmo_ioctl_op_range(struct zxvmo_handle *h, void __user *argp)
{
	struct zxvmo_op_range_args args;
	struct zxvmo *vmo = h->vmo;
	u32 need;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.reserved)
		return -ZXVMO_E_INVALID_ARGS;
	need = zxvmo_op_right(args.op);
	if (need == U32_MAX)
		return -ZXVMO_E_INVALID_ARGS;
	if (args.op == ZXVMO_OP_CACHE_INVALIDATE && !enable_cache_invalidate)
		return -ZXVMO_E_NOT_SUPPORTED;
	if ((h->rights & need) != need)
		return -ZXVMO_E_ACCESS_DENIED;

	/*
	 * A physical VMO has no pages to commit, free or zero, and no kernel
	 * mapping whose cache lines could be cleaned (Zircon: NOT_SUPPORTED,
	 * before the range is looked at).
	 */
	if (vmo->kind == ZXVMO_KIND_PHYSICAL &&
	    (args.op == ZXVMO_OP_COMMIT || args.op == ZXVMO_OP_DECOMMIT ||
	     args.op == ZXVMO_OP_ZERO || args.op == ZXVMO_OP_CACHE_SYNC ||
	     args.op == ZXVMO_OP_CACHE_INVALIDATE ||
	     args.op == ZXVMO_OP_CACHE_CLEAN ||
	     args.op == ZXVMO_OP_CACHE_CLEAN_INVALIDATE))
		return -ZXVMO_E_NOT_SUPPORTED;

	switch (args.op) {
	case ZXVMO_OP_COMMIT:
		return zxvmo_op_commit(vmo, args.offset, args.size);
	case ZXVMO_OP_DECOMMIT:
		return zxvmo_op_decommit(vmo, args.offset, args.size);
	case ZXVMO_OP_ZERO:
		return zxvmo_op_zero(vmo, args.offset, args.size);
	case ZXVMO_OP_LOCK:
	case ZXVMO_OP_TRY_LOCK:
	case ZXVMO_OP_UNLOCK:
		if (!(h->rights & (ZXVMO_RIGHT_READ | ZXVMO_RIGHT_WRITE)))
			return -ZXVMO_E_ACCESS_DENIED;
		return zxvmo_op_lock(vmo, args.op, args.offset, args.size,
				     u64_to_user_ptr(args.buffer),
				     args.buffer_size);
	case ZXVMO_OP_DONT_NEED:
	case ZXVMO_OP_ALWAYS_NEED:
		return zxvmo_op_hint(vmo, args.offset, args.size);
	case ZXVMO_OP_PREFETCH:
		return zxvmo_op_prefetch(vmo, args.offset, args.size);
	default:
		return zxvmo_op_cache(vmo, args.offset, args.size);
	}
}
