// SPDX-License-Identifier: GPL-2.0
/*
 * Reading and writing VMO contents: zx_vmo_read/zx_vmo_write ioctls and
 * read(2)/write(2)/pread(2)/pwrite(2).
 *
 * The copy runs under the tree lock with page faults disabled, so that it
 * is atomic against snapshots and resizes; when it stops short on a user
 * page that is not present, the lock is dropped, the page is faulted in
 * and the copy resumes (the filemap pattern).  The user buffer may be a
 * mapping of the same VMO: its fault takes the tree lock, which we do not
 * hold at that point.
 *
 * Each piece is copied only as far as its fault-in reached.  A user copy
 * may store whole words: when only a few bytes before an inaccessible page
 * are accessible, a copy of the longer range fails on bytes that faulted
 * in fine, and retrying it would never make progress.  A piece that still
 * copies nothing after a successful fault-in is retried a few times (a
 * racing unmap may take the page away again) and then is a fault, as in
 * filemap_read().  A fatal signal stops the copy between pieces.
 */
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include "zxvmo.h"

/* Bytes faulted in ahead of a locked copy. */
#define ZXVMO_FAULT_CHUNK	(256 * 1024)
/* Pieces in a row that may copy nothing before the copy is a fault. */
#define ZXVMO_COPY_RETRIES	3

/*
 * A discarded VMO's contents are gone until ZX_VMO_OP_LOCK: Zircon's
 * NOT_FOUND, which the ABI spells EFAULT as it does a user buffer that is
 * not there.  read(2) and write(2) must tell the two apart (EIO against
 * EFAULT), so a copy reports this one as ZXVMO_RW_DISCARDED, and only
 * zxvmo_rw_status() turns it into each interface's status.
 */
#define ZXVMO_RW_DISCARDED	ENODATA

/*
 * The status of a copy as the ioctl (@syscall false) or read(2) and
 * write(2) report it: for those, contents that cannot be read or written
 * through the VMO (discarded, not cached, no pages) are an I/O error.
 */
static ssize_t zxvmo_rw_status(ssize_t ret, bool syscall)
{
	if (ret == -ZXVMO_RW_DISCARDED)
		return syscall ? -EIO : -ZXVMO_E_NOT_FOUND;
	if (syscall && (ret == -ZXVMO_E_BAD_STATE ||
			ret == -ZXVMO_E_NOT_SUPPORTED))
		return -EIO;
	return ret;
}

/* From @iter into a VMO page, without faulting (a single, order-0 page). */
static size_t zxvmo_copy_from_iter_atomic(struct page *page, size_t off,
					  size_t n, struct iov_iter *iter)
{
#ifdef ZXVMO_HAVE_COPY_FOLIO_FROM_ITER
	return copy_folio_from_iter_atomic(page_folio(page), off, n, iter);
#else
	return copy_page_from_iter_atomic(page, off, n, iter);	/* Kbuild */
#endif
}

/*
 * Copy between @iter and @vmo at *@pos for at most @len bytes, under the
 * tree lock, until done or a user page faults.  Advances *@pos, which is
 * relative to @vmo (a slice adds its offset into the root).
 * Returns bytes copied or a negative errno.
 */
static ssize_t zxvmo_copy_locked(struct zxvmo *vmo, u64 *pos, size_t len,
				 struct iov_iter *iter, bool write)
{
	struct zxvmo_node *leaf = vmo->root->leaf;
	size_t done = 0;

	lockdep_assert_held(&vmo->tree->lock);
	while (done < len) {
		u64 rpos = *pos + vmo->root_off;
		size_t off = offset_in_page(rpos);
		size_t n = min_t(size_t, PAGE_SIZE - off, len - done);
		pgoff_t idx = rpos >> PAGE_SHIFT;
		struct page *page;
		size_t copied;

		if (write) {
			page = zxvmo_node_commit(leaf, idx);
			if (IS_ERR(page))
				return done ? done : PTR_ERR(page);
			copied = zxvmo_copy_from_iter_atomic(page, off, n,
							     iter);
		} else {
			page = zxvmo_node_lookup(leaf, idx);
			copied = page ? copy_page_to_iter(page, off, n, iter) :
					iov_iter_zero(n, iter);
		}
		done += copied;
		*pos += copied;
		if (copied < n)
			break;
	}
	return done;
}

/* Fault in the start of @iter; returns how many bytes are accessible. */
static size_t zxvmo_fault_in(struct iov_iter *iter, size_t len, bool write)
{
	size_t chunk = min_t(size_t, len, ZXVMO_FAULT_CHUNK);

	/* Both return the number of bytes NOT faulted in. */
	if (write)
		return chunk - fault_in_iov_iter_readable(iter, chunk);
	return chunk - fault_in_iov_iter_writeable(iter, chunk);
}

/*
 * How much of @want bytes at @pos may be copied now.  With @exact (the
 * ioctl) the whole range must be inside the VMO, else OUT_OF_RANGE;
 * without it (read/write(2)) the copy is cut at the current size.
 * Tree lock held.
 */
static int zxvmo_clamp(struct zxvmo *vmo, u64 pos, size_t *want, bool exact)
{
	u64 size = vmo->size;

	lockdep_assert_held(&vmo->tree->lock);
	if (pos <= size && *want <= size - pos)
		return 0;
	if (exact)
		return -ZXVMO_E_OUT_OF_RANGE;
	*want = pos < size ? size - pos : 0;
	return 0;
}

/*
 * Copy one piece of at most *@want bytes at *@pos under the tree lock.
 * *@want is cut at the VMO's size (0 at its end).  Returns bytes copied
 * or a negative errno.
 */
static ssize_t zxvmo_copy_piece(struct zxvmo *vmo, u64 *pos, size_t *want,
				struct iov_iter *iter, bool write, bool exact)
{
	ssize_t ret;

	mutex_lock(&vmo->tree->lock);
	ret = zxvmo_clamp(vmo, *pos, want, exact);
	if (!ret && vmo->root->discarded)
		ret = -ZXVMO_RW_DISCARDED;
	if (!ret && vmo->root->kind == ZXVMO_KIND_PHYSICAL)
		ret = -ZXVMO_E_NOT_SUPPORTED;	/* no pages to copy */
	else if (!ret &&
		 vmo->tree->cache_policy != ZXVMO_CACHE_POLICY_CACHED)
		ret = -ZXVMO_E_BAD_STATE;	/* not directly accessible */
	if (!ret && *want) {
		pagefault_disable();
		ret = zxvmo_copy_locked(vmo, pos, *want, iter, write);
		pagefault_enable();
	}
	mutex_unlock(&vmo->tree->lock);
	return ret;
}

/*
 * Copy @len bytes at @pos.  Returns bytes copied, or a negative errno if
 * nothing was.
 */
static ssize_t zxvmo_copy(struct zxvmo *vmo, u64 pos, size_t len,
			  struct iov_iter *iter, bool write, bool exact)
{
	unsigned int stalls = 0;
	bool faulted = false;
	size_t done = 0;
	ssize_t ret = 0;

	while (done < len) {
		/* In pieces, so the tree lock is not held for a huge copy. */
		size_t want = min_t(size_t, len - done, ZXVMO_FAULT_CHUNK);

		/*
		 * The copy runs with page faults disabled; only after it
		 * stopped at a fault of the user buffer is the rest faulted
		 * in, before the lock is taken again (a buffer that is
		 * there already costs no second pass).
		 */
		if (faulted) {
			want = zxvmo_fault_in(iter, want, write);
			if (!want) {
				ret = -ZXVMO_E_NOT_FOUND;
				break;
			}
		}
		ret = zxvmo_copy_piece(vmo, &pos, &want, iter, write, exact);
		if (ret < 0 || !want)
			break;
		done += ret;
		faulted = (size_t)ret < want;
		/* Nothing copied: the page went away again, or never comes. */
		stalls = ret ? 0 : stalls + 1;
		if (stalls > ZXVMO_COPY_RETRIES) {
			ret = -ZXVMO_E_NOT_FOUND;
			break;
		}
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		cond_resched();
	}
	/* The ioctl is all or nothing: a later piece's error is its status. */
	if (exact && ret < 0)
		return ret;
	return done ? done : ret;
}

/*
 * Zircon's order for zx_vmo_read/write: a range that overflows, then
 * memory that cannot be read through the VMO (a physical VMO has no
 * pages: NOT_SUPPORTED; memory that is not cached: BAD_STATE, even for
 * zero bytes), then the range against the size.  zxvmo_copy() checks
 * again under the tree lock.
 */
static int zxvmo_check_rw(struct zxvmo *vmo, u64 offset, u64 len)
{
	u64 end;

	if (check_add_overflow(offset, len, &end))
		return -ZXVMO_E_OUT_OF_RANGE;
	if (vmo->kind == ZXVMO_KIND_PHYSICAL)
		return -ZXVMO_E_NOT_SUPPORTED;
	if (READ_ONCE(vmo->tree->cache_policy) != ZXVMO_CACHE_POLICY_CACHED)
		return -ZXVMO_E_BAD_STATE;
	return zxvmo_check_range(offset, len, READ_ONCE(vmo->size));
}

long zxvmo_ioctl_rw(struct zxvmo *vmo, void __user *argp, bool write)
{
	struct zxvmo_rw_args args;
	struct iov_iter iter;
	void __user *buf;
	ssize_t ret;
	int err;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	err = zxvmo_check_rw(vmo, args.offset, args.length);
	if (err || !args.length)
		return err;

	/*
	 * NULL or an address outside user space is an invalid pointer
	 * (INVALID_ARGS); user memory that is not mapped is NOT_FOUND.
	 */
	buf = u64_to_user_ptr(args.buffer);
	if (!buf || !access_ok(buf, args.length))
		return -ZXVMO_E_INVALID_ARGS;

	iov_iter_ubuf(&iter, write ? ITER_SOURCE : ITER_DEST, buf, args.length);
	ret = zxvmo_rw_status(zxvmo_copy(vmo, args.offset, args.length, &iter,
					 write, true), false);
	if (ret < 0)
		return ret;
	return ret == args.length ? 0 : -ZXVMO_E_NOT_FOUND;
}

/*
 * read(2) and write(2) at the file position, which the copy advances.
 * The VMO does not grow: a write that starts at or past its end fails.
 */
static ssize_t zxvmo_rw_iter(struct kiocb *iocb, struct iov_iter *iter,
			     bool write)
{
	struct zxvmo_handle *h = iocb->ki_filp->private_data;
	size_t len = iov_iter_count(iter);
	ssize_t ret;

	if (!(h->rights & (write ? ZXVMO_RIGHT_WRITE : ZXVMO_RIGHT_READ)))
		return -EBADF;
	if (!len)
		return 0;
	if (iocb->ki_pos < 0 ||
	    (write && iocb->ki_pos >= READ_ONCE(h->vmo->size)))
		return write ? -ENOSPC : 0;
	ret = zxvmo_copy(h->vmo, iocb->ki_pos, len, iter, write, false);
	if (ret > 0)
		iocb->ki_pos += ret;
	return zxvmo_rw_status(ret, true);
}

ssize_t zxvmo_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	return zxvmo_rw_iter(iocb, to, false);
}

ssize_t zxvmo_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	return zxvmo_rw_iter(iocb, from, true);
}
