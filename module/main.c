// SPDX-License-Identifier: GPL-2.0
/*
 * zxvmo: Zircon virtual memory objects for Linux.
 *
 * The control device /dev/zxvmo creates VMOs (its ioctls: ioctl.c); every
 * VMO handle is a file on a private inode (fs.c).  This file registers
 * every part and the control device, and unregisters them.
 */
#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/random.h>

#include "zxvmo.h"
#include "netlink.h"

/*
 * An open control file keeps the handle filesystem mounted (fs.c), so
 * that creating and closing VMOs one at a time does not mount and unmount
 * it each time.  Its position is its identity, a random positive number
 * that lseek() reports and nothing changes (noop_llseek): libzx checks
 * with it that the descriptor it keeps is still this file (uapi).
 */
static int zxvmo_ctl_open(struct inode *inode, struct file *file)
{
	file->f_pos = (get_random_u64() >> 2) + (1ULL << 61);
	return zxvmo_fs_pin();
}

static int zxvmo_ctl_release(struct inode *inode, struct file *file)
{
	zxvmo_fs_unpin();
	return 0;
}

static const struct file_operations zxvmo_ctl_fops = {
	.owner		= THIS_MODULE,
	.open		= zxvmo_ctl_open,
	.release	= zxvmo_ctl_release,
	.unlocked_ioctl	= zxvmo_ctl_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static ssize_t pages_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(&zxvmo_nr_pages));
}
static DEVICE_ATTR_RO(pages);

static ssize_t vmos_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(&zxvmo_nr_vmos));
}
static DEVICE_ATTR_RO(vmos);

static struct attribute *zxvmo_ctl_attrs[] = {
	&dev_attr_pages.attr,
	&dev_attr_vmos.attr,
	NULL,
};
ATTRIBUTE_GROUPS(zxvmo_ctl);

static struct miscdevice zxvmo_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "zxvmo",
	.fops	= &zxvmo_ctl_fops,
	.groups	= zxvmo_ctl_groups,
	.mode	= 0666,
};

static int __init zxvmo_init(void)
{
	int err;

	zxvmo_budget_init();
	err = zxvmo_registry_init();
	if (err)
		return err;
	err = zxvmo_discard_register();
	if (err)
		goto registry;
	err = zxvmo_nl_register();
	if (err)
		goto discard;
	err = misc_register(&zxvmo_misc);
	if (err)
		goto nl;
	return 0;
nl:
	zxvmo_nl_unregister();
discard:
	zxvmo_discard_unregister();
registry:
	zxvmo_registry_exit();
	return err;
}

static void __exit zxvmo_exit(void)
{
	misc_deregister(&zxvmo_misc);
	zxvmo_nl_unregister();
	zxvmo_discard_unregister();
	zxvmo_registry_exit();
	zxvmo_budget_exit();
	zxvmo_zero_page_exit();
}

module_init(zxvmo_init);
module_exit(zxvmo_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Zircon virtual memory objects");
MODULE_AUTHOR("The zxvmo authors");
