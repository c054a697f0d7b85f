// SPDX-License-Identifier: GPL-2.0
/*
 * The private pseudo filesystem that VMO inodes live on, and handle files.
 *
 * Each VMO has its own inode, so its own address_space that every mapping
 * of it hangs off (the pattern of mm/secretmem.c).  The filesystem is
 * mounted while at least one VMO exists (simple_pin_fs): the superblock
 * pins the module, so the module cannot go away while any VMO inode does.
 * A VMO drops its pin only from a handle's ->release or an ioctl on a live
 * handle, where a file of ours still holds the mount, so that mntput is
 * never the final one and never runs inside our own code's teardown.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/pseudo_fs.h>
#include <linux/slab.h>

#include "zxvmo.h"

static struct vfsmount *zxvmo_mnt;
static int zxvmo_mnt_count;

/*
 * VMOs may hold code: mmap(PROT_EXEC) is for the handle's
 * ZX_RIGHT_EXECUTE to decide (mmap.c), not for the filesystem.  After 6.12
 * (7.2 does) init_pseudo() makes every pseudo filesystem SB_I_NOEXEC, and
 * path_noexec() then refuses PROT_EXEC with EPERM; this one is not.
 */
static int zxvmo_init_fs_context(struct fs_context *fc)
{
	if (!init_pseudo(fc, ZXVMO_FS_MAGIC))
		return -ENOMEM;
	fc->s_iflags &= ~SB_I_NOEXEC;
	return 0;
}

static struct file_system_type zxvmo_fs_type = {
	.owner			= THIS_MODULE,
	.name			= "zxvmo",
	.init_fs_context	= zxvmo_init_fs_context,
	.kill_sb		= kill_anon_super,
};

int zxvmo_fs_pin(void)
{
	return simple_pin_fs(&zxvmo_fs_type, &zxvmo_mnt, &zxvmo_mnt_count);
}

void zxvmo_fs_unpin(void)
{
	simple_release_fs(&zxvmo_mnt, &zxvmo_mnt_count);
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
 * Inodes of VMOs and of resources.  Mode and owner mean nothing to a VMO
 * (its handles' rights decide), so chmod and chown are refused with EPERM
 * instead of changing bits that no check uses; times may be set.
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

static const struct inode_operations zxvmo_iops = {
	.setattr	= zxvmo_setattr,
};

/* Needs a pin: zxvmo_fs_pin() first. */
struct inode *zxvmo_new_inode(void)
{
	struct inode *inode = alloc_anon_inode(zxvmo_mnt->mnt_sb);

	if (!IS_ERR(inode)) {
		inode->i_mode |= S_IFREG;
		inode->i_op = &zxvmo_iops;
#ifdef ZXVMO_HAVE_S_ANON_INODE
		/*
		 * A regular file that may be mapped executable, on a
		 * filesystem without SB_I_NOEXEC: not what path_noexec()'s
		 * debug check expects of an S_ANON_INODE inode (Kbuild).
		 */
		inode->i_flags &= ~S_ANON_INODE;
#endif
	}
	return inode;
}

/*
 * Open a new file of ours on @inode with @fops and @private_data, and
 * install it as a new fd (O_CLOEXEC).  Takes a reference on the inode and
 * on the module (dropped by __fput); the caller, an ioctl on one of our
 * files, has the module pinned.  Returns the fd or a negative errno.
 */
int zxvmo_install_file(struct inode *inode, int flags,
		       const struct file_operations *fops, void *private_data,
		       struct address_space *mapping)
{
	struct file *file;
	int fd;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd == -EMFILE || fd == -ENFILE)
		return -ZXVMO_E_NO_RESOURCES;	/* a full handle table */
	if (fd < 0)
		return fd;
	__module_get(THIS_MODULE);
	ihold(inode);
	/* As open(2) on 64 bits: else ftruncate(2) stops at 2 GiB. */
	file = alloc_file_pseudo(inode, zxvmo_mnt, "zxvmo", flags | O_LARGEFILE,
				 fops);
	if (IS_ERR(file)) {
		iput(inode);
		module_put(THIS_MODULE);
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	file->f_mode |= FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;
	if (mapping)
		file->f_mapping = mapping;
	file->private_data = private_data;
	fd_install(fd, file);
	return fd;
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
 * Make a new handle (file + fd) to @vmo with @rights.  Takes its own
 * reference on the VMO.  Returns the fd or a negative errno.
 */
int zxvmo_install_handle(struct zxvmo *vmo, u32 rights)
{
	struct zxvmo_handle *h;
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
	fd = zxvmo_install_file(vmo->inode, zxvmo_open_flags(rights),
				&zxvmo_fops, h, vmo->root->inode->i_mapping);
	if (fd < 0) {
		atomic_dec(&vmo->nr_handles);
		atomic_dec(&vmo->active);
		refcount_dec(&vmo->refs);	/* the caller holds another */
		kfree(h);
	}
	return fd;
}
