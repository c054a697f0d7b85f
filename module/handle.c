// SPDX-License-Identifier: GPL-2.0
/*
 * VMO handles: one struct file each, carrying the handle's rights.
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
