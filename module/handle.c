// SPDX-License-Identifier: GPL-2.0
/*
 * VMO handles: one struct file each, carrying the handle's rights, with
 * its file and inode operations (the ioctls are ioctl.c's).
 */
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "zxvmo.h"

struct zxvmo_handle *zxvmo_file_handle(struct file *file)
{
	return file->f_op == &zxvmo_fops ? file->private_data : NULL;
}

/*
 * The rights a ZXVMO_IOC_DUPLICATE asks for, from a handle with @held:
 * a subset or SAME_RIGHTS; a duplicate (not a replace) needs
 * ZX_RIGHT_DUPLICATE.  Returns the rights or a negative errno, and where
 * the new handle goes in *@out.
 */
long zxvmo_dup_rights(u32 held, void __user *argp, u32 __user **out)
{
	struct zxvmo_dup_args args;

	*out = NULL;
	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.flags & ~ZXVMO_DUP_REPLACE)
		return -ZXVMO_E_INVALID_ARGS;
	if (!(args.flags & ZXVMO_DUP_REPLACE) &&
	    !(held & ZXVMO_RIGHT_DUPLICATE))
		return -ZXVMO_E_ACCESS_DENIED;
	*out = u64_to_user_ptr(args.out);
	if (args.rights == ZXVMO_RIGHT_SAME_RIGHTS)
		return held;
	if (args.rights & ~held)
		return -ZXVMO_E_INVALID_ARGS;
	return args.rights;
}

/*
 * Open flags for a handle's file.  FMODE_WRITE follows ZX_RIGHT_WRITE, so
 * the VFS itself refuses shared writable mappings and write(2) without it.
 * FMODE_READ is always set (mmap needs it even for PROT_NONE mappings);
 * ZX_RIGHT_READ is enforced by read_iter and mmap.
 */
static int zxvmo_open_flags(u32 rights)
{
	return rights & ZXVMO_RIGHT_WRITE ? O_RDWR : O_RDONLY;
}

/*
 * Make a new handle (file + fd) to @vmo with @rights, its value stored to
 * @out first (zxvmo_publish_file).  Takes its own reference on the VMO.
 * Returns the fd or a negative errno.
 */
int zxvmo_install_handle(struct zxvmo *vmo, u32 rights, u32 __user *out)
{
	struct zxvmo_handle *h;
	struct file *file;
	int fd;

	h = kzalloc(sizeof(*h), GFP_KERNEL_ACCOUNT);
	if (!h)
		return -ENOMEM;
	h->vmo = vmo;
	h->rights = rights;
	/* Counted before the fd can be used (or closed) by anyone. */
	refcount_inc(&vmo->refs);
	atomic_inc(&vmo->active);
	atomic_inc(&vmo->nr_handles);
	/* Slices map their root's pages: share its address_space. */
	file = zxvmo_open_file(vmo->inode, zxvmo_open_flags(rights),
			       &zxvmo_fops, h, vmo->root->inode->i_mapping, &fd);
	if (IS_ERR(file)) {
		atomic_dec(&vmo->nr_handles);
		atomic_dec(&vmo->active);
		refcount_dec(&vmo->refs);	/* the caller holds another */
		kfree(h);
		return PTR_ERR(file);
	}
	return zxvmo_publish_file(file, fd, out);
}

/*
 * Give a complete new VMO (its tree, leaf and parent set) its first handle
 * and drop the creation reference of zxvmo_alloc().  The creation
 * reference holds one @refs and, from here on, one @active; dropping them
 * through the ordinary paths gives back everything the VMO took (its
 * pages, a slice's hold on its root's pages) whether or not the handle
 * could be installed.  @out: see zxvmo_publish_file().  Returns the fd or
 * a negative errno.
 */
int zxvmo_install_new(struct zxvmo *vmo, u32 rights, u32 __user *out)
{
	int fd;

	/* Complete: introspection may look at it (see zxvmo_nl_next()). */
	atomic_set_release(&vmo->active, 1);
	fd = zxvmo_install_handle(vmo, rights, out);
	zxvmo_deactivate(vmo);
	zxvmo_put(vmo);
	return fd;
}

/*
 * A size change through setattr is zx_vmo_set_size() on the handle whose
 * file it comes from: ftruncate(2) needs ZX_RIGHT_WRITE (the VFS already
 * refuses a file not open for writing with EINVAL) and a resizable VMO
 * (else EPERM); the size is rounded up to pages and the content size set,
 * as set_size does.  truncate(2) by path (through /proc/PID/fd) has no
 * handle, hence no rights: EPERM.  The inode's i_size follows the VMO's
 * size (zxvmo_set_size_locked), so fstat(2) reports it.
 */
static int zxvmo_setattr_size(struct iattr *attr)
{
	struct zxvmo_handle *h = NULL;
	long err;

	if (attr->ia_valid & ATTR_FILE)
		h = zxvmo_file_handle(attr->ia_file);
	if (!h)
		return -EPERM;
	if (!(h->rights & ZXVMO_RIGHT_WRITE))
		return -EINVAL;
	err = zxvmo_set_size(h->vmo, attr->ia_size);
	if (err == -ZXVMO_E_UNAVAILABLE)
		return -EPERM;		/* not resizable */
	if (err == -ZXVMO_E_OUT_OF_RANGE)
		return -EFBIG;		/* larger than the largest VMO */
	return err;
}

/*
 * The inode operations of every inode of ours (fs.c: VMOs' and the other
 * objects').  Mode and owner mean nothing to a VMO (its handles' rights
 * decide), so chmod and chown are refused with EPERM instead of changing
 * bits that no check uses; times may be set.
 */
/* The idmap ->setattr() gets: a user_namespace before 6.3 (Kbuild). */
#ifdef ZXVMO_HAVE_MNT_IDMAP
#define zxvmo_idmap mnt_idmap
#else
#define zxvmo_idmap user_namespace
#endif

static int zxvmo_setattr(struct zxvmo_idmap *idmap, struct dentry *dentry,
			 struct iattr *attr)
{
	int err;

	if (attr->ia_valid & (ATTR_MODE | ATTR_UID | ATTR_GID))
		return -EPERM;
	err = setattr_prepare(idmap, dentry, attr);
	if (err)
		return err;
	if (attr->ia_valid & ATTR_SIZE) {
		err = zxvmo_setattr_size(attr);
		if (err)
			return err;
	}
	setattr_copy(idmap, d_inode(dentry), attr);	/* times only */
	return 0;
}

const struct inode_operations zxvmo_iops = {
	.setattr	= zxvmo_setattr,
};

/* Each active signal as its event (signal.c): ZERO_CHILDREN is EPOLLPRI. */
static __poll_t zxvmo_poll(struct file *file, poll_table *wait)
{
	struct zxvmo_handle *h = file->private_data;
	struct zxvmo *vmo = h->vmo;
	__poll_t events;

	poll_wait(file, &vmo->waitq, wait);
	events = zxvmo_signal_events(atomic_read(&vmo->signals));
	if (!atomic_read(&vmo->nr_children))
		events |= EPOLLPRI;
	return events;
}

static int zxvmo_release(struct inode *inode, struct file *file)
{
	struct zxvmo_handle *h = file->private_data;

	atomic_dec(&h->vmo->nr_handles);
	zxvmo_deactivate(h->vmo);
	zxvmo_put(h->vmo);
	kfree(h);
	return 0;
}

const struct file_operations zxvmo_fops = {
	.owner		= THIS_MODULE,
	.release	= zxvmo_release,
	.unlocked_ioctl	= zxvmo_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.poll		= zxvmo_poll,
	.mmap		= zxvmo_mmap,
	.read_iter	= zxvmo_read_iter,
	.write_iter	= zxvmo_write_iter,
	.llseek		= generic_file_llseek,
};
