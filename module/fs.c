// SPDX-License-Identifier: GPL-2.0
/*
 * The private pseudo filesystem that VMO inodes live on, and its files.
 *
 * Each VMO has its own inode, so its own address_space that every mapping
 * of it hangs off (the pattern of mm/secretmem.c).  The filesystem is
 * mounted while at least one VMO or object exists or a control device
 * file is open (simple_pin_fs): the superblock pins the module, so the
 * module cannot go away while any VMO inode does.  A VMO drops its pin
 * only from a handle's ->release or an ioctl on a live handle, where a
 * file of ours still holds the mount, so that mntput is never the final
 * one and never runs inside our own code's teardown.  A control file drops
 * its pin in its own ->release: that file is not on this filesystem, and
 * it holds the module until __fput() is done with it.
 *
 * Why control files pin it: libzx keeps one control file open per process,
 * so a process that creates and closes VMOs one at a time does not mount
 * and unmount the filesystem (a new superblock, ~80 us under TCG) for each
 * one.  A mount for the module's whole lifetime (kern_mount at init) is
 * not possible: the superblock holds a reference on the fs type's owner,
 * the module, and rmmod would never succeed; without the owner nothing
 * would keep the module's code alive until the last superblock is gone.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/mutex.h>
#include <linux/pseudo_fs.h>

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

/*
 * Pins are counted here and the mount is taken only by the first and
 * dropped by the last: simple_pin_fs() and simple_release_fs() for every
 * VMO would take a mount reference each, and dropping one of a mount
 * without a namespace takes the global mount lock (mntput_no_expire()'s
 * slow path) twice per VMO.  @zxvmo_fs_lock orders the first pin against
 * the last unpin; @zxvmo_mnt is stable while any pin is held.
 */
static atomic_t zxvmo_fs_pins = ATOMIC_INIT(0);
static DEFINE_MUTEX(zxvmo_fs_lock);

int zxvmo_fs_pin(void)
{
	int err = 0;

	if (atomic_inc_not_zero(&zxvmo_fs_pins))
		return 0;
	mutex_lock(&zxvmo_fs_lock);
	if (!atomic_read(&zxvmo_fs_pins))
		err = simple_pin_fs(&zxvmo_fs_type, &zxvmo_mnt,
				    &zxvmo_mnt_count);
	if (!err)
		atomic_inc(&zxvmo_fs_pins);
	mutex_unlock(&zxvmo_fs_lock);
	return err;
}

void zxvmo_fs_unpin(void)
{
	if (!atomic_dec_and_mutex_lock(&zxvmo_fs_pins, &zxvmo_fs_lock))
		return;
	WARN_ON_ONCE(zxvmo_mnt_count != 1);
	simple_release_fs(&zxvmo_mnt, &zxvmo_mnt_count);
	mutex_unlock(&zxvmo_fs_lock);
}

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
 * A descriptor for a new handle: never 0, which would read as
 * ZX_HANDLE_INVALID (taken while the next one is found, then given back).
 * A full table is ZX_ERR_NO_RESOURCES.
 */
static int zxvmo_get_handle_fd(void)
{
	int fd = get_unused_fd_flags(O_CLOEXEC);

	if (fd == 0) {
		fd = get_unused_fd_flags(O_CLOEXEC);
		put_unused_fd(0);
	}
	if (fd == -EMFILE || fd == -ENFILE)
		return -ZXVMO_E_NO_RESOURCES;
	return fd;
}

/*
 * Open a new file of ours on @inode with @fops and @private_data, for a
 * descriptor reserved in *@fd (O_CLOEXEC).  Takes a reference on the inode
 * and on the module (dropped by __fput); the caller, an ioctl on one of
 * our files, has the module pinned.  On failure nothing is left and the
 * caller still owns @private_data; once it succeeded, hand the file to
 * zxvmo_publish_file(), after which the file's ->release owns it.
 */
struct file *zxvmo_open_file(struct inode *inode, int flags,
			     const struct file_operations *fops,
			     void *private_data, struct address_space *mapping,
			     int *fd)
{
	struct file *file;

	*fd = zxvmo_get_handle_fd();
	if (*fd < 0)
		return ERR_PTR(*fd);
	__module_get(THIS_MODULE);
	ihold(inode);
	/* As open(2) on 64 bits: else ftruncate(2) stops at 2 GiB. */
	file = alloc_file_pseudo(inode, zxvmo_mnt, "zxvmo", flags | O_LARGEFILE,
				 fops);
	if (IS_ERR(file)) {
		iput(inode);
		module_put(THIS_MODULE);
		put_unused_fd(*fd);
		return file;
	}
	file->f_mode |= FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;
	if (mapping)
		file->f_mapping = mapping;
	file->private_data = private_data;
	return file;
}

/*
 * Store the new handle's value (@fd) to @out, a user pointer (none if
 * NULL), and only then install @file as @fd: a pointer that cannot be
 * written leaves no descriptor behind, the file is put (its ->release
 * undoes the handle) and the call fails with ZX_ERR_INVALID_ARGS, as
 * Zircon's when it cannot copy a new handle out.  The caller holds no lock
 * (the store may fault, also on a mapping of a VMO).  Returns @fd or a
 * negative errno.
 */
int zxvmo_publish_file(struct file *file, int fd, u32 __user *out)
{
	if (out && put_user((u32)fd, out)) {
		put_unused_fd(fd);
		fput(file);
		return -ZXVMO_E_INVALID_ARGS;
	}
	fd_install(fd, file);
	return fd;
}
