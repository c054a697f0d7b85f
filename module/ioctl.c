// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctls on a VMO handle: the one place that dispatches them.  Every
 * command checks the rights it needs here, next to it, and then calls
 * down into the file that owns the concern.  Where Zircon looks at the
 * arguments before the rights, the callee checks them in that order and
 * the command says so.
 */
#include <linux/fs.h>
#include <linux/uaccess.h>

#include "zxvmo.h"

/* Does @h hold every right of @need?  0 or ACCESS_DENIED. */
static long zxvmo_need(struct zxvmo_handle *h, u32 need)
{
	return (h->rights & need) == need ? 0 : -ZXVMO_E_ACCESS_DENIED;
}

/*
 * Commands for another object type: Zircon checks the right the command
 * needs (@need) and then the type, so a handle without it is
 * ACCESS_DENIED and one with it WRONG_TYPE.
 */
static long zxvmo_wrong_type(struct zxvmo_handle *h, u32 need)
{
	return zxvmo_need(h, need) ?: -ZXVMO_E_WRONG_TYPE;
}

static long zxvmo_ioctl_dup(struct zxvmo_handle *h, void __user *argp)
{
	u32 __user *out;
	long rights = zxvmo_dup_rights(h->rights, argp, &out);

	return rights < 0 ? rights : zxvmo_install_handle(h->vmo, rights, out);
}

/*
 * zx_vmo_replace_as_executable(): a new handle with ZX_RIGHT_EXECUTE
 * added, given a vmex resource (user space closes the old handle).
 */
static long zxvmo_ioctl_replace_as_executable(struct zxvmo_handle *h,
					      void __user *argp)
{
	int vmex_fd, err;

	if (get_user(vmex_fd, (int __user *)argp))
		return -EFAULT;
	err = zxvmo_check_vmex(vmex_fd);
	if (err)
		return err;
	return zxvmo_install_handle(h->vmo, h->rights | ZXVMO_RIGHT_EXECUTE,
				    NULL);
}

static long zxvmo_ioctl_get_name(struct zxvmo *vmo, void __user *argp)
{
	char name[ZXVMO_NAME_LEN];

	zxvmo_get_name(vmo, name);
	return copy_to_user(argp, name, sizeof(name)) ? -EFAULT : 0;
}

static long zxvmo_ioctl_set_name(struct zxvmo *vmo, const void __user *argp)
{
	char name[ZXVMO_NAME_LEN];

	if (zxvmo_name_from_user(name, argp))
		return -EFAULT;
	zxvmo_set_name(vmo, name);
	return 0;
}

/* A command that sets a u64: @set with the value, or EFAULT. */
static long zxvmo_ioctl_set_u64(struct zxvmo *vmo, void __user *argp,
				long (*set)(struct zxvmo *vmo, u64 val))
{
	u64 val;

	if (get_user(val, (u64 __user *)argp))
		return -EFAULT;
	return set(vmo, val);
}

/* zx_vmo_set_cache_policy(): Zircon checks the value before the rights. */
static long zxvmo_ioctl_cache_policy(struct zxvmo_handle *h,
				     void __user *argp)
{
	u32 policy;

	if (get_user(policy, (u32 __user *)argp))
		return -EFAULT;
	return zxvmo_check_cache_policy(policy) ?:
	       zxvmo_need(h, ZXVMO_RIGHT_MAP) ?:
	       zxvmo_set_cache_policy(h->vmo, policy);
}

static long zxvmo_ioctl_cmd(struct zxvmo_handle *h, unsigned int cmd,
			    void __user *argp)
{
	struct zxvmo *vmo = h->vmo;

	switch (cmd) {
	case ZXVMO_IOC_DUPLICATE:	/* the rights it asks for: handle.c */
		return zxvmo_ioctl_dup(h, argp);
	case ZXVMO_IOC_GET_INFO:
		return zxvmo_ioctl_info(h, argp);
	case ZXVMO_IOC_SIGNAL:		/* rights after the arguments: signal.c */
		return zxvmo_ioctl_signal(vmo, h->rights, argp);
	case ZXVMO_IOC_GET_RESOURCE_INFO:
	case ZXVMO_IOC_GET_BTI_INFO:
		return zxvmo_wrong_type(h, ZXVMO_RIGHT_INSPECT);
	case ZXVMO_IOC_BTI_PIN:		/* the BTI's right */
		return zxvmo_wrong_type(h, ZXVMO_RIGHT_MAP);
	case ZXVMO_IOC_BTI_RELEASE_QUARANTINE:
		return zxvmo_wrong_type(h, ZXVMO_RIGHT_WRITE);
	case ZXVMO_IOC_READ:
		return zxvmo_need(h, ZXVMO_RIGHT_READ) ?:
		       zxvmo_ioctl_rw(vmo, argp, false);
	case ZXVMO_IOC_WRITE:
		return zxvmo_need(h, ZXVMO_RIGHT_WRITE) ?:
		       zxvmo_ioctl_rw(vmo, argp, true);
	case ZXVMO_IOC_GET_SIZE:
		return put_user(READ_ONCE(vmo->size), (u64 __user *)argp);
	case ZXVMO_IOC_SET_SIZE:
		return zxvmo_need(h, ZXVMO_RIGHT_WRITE) ?:
		       zxvmo_ioctl_set_u64(vmo, argp, zxvmo_set_size);
	case ZXVMO_IOC_GET_CONTENT_SIZE:
		return zxvmo_need(h, ZXVMO_RIGHT_GET_PROPERTY) ?:
		       put_user(zxvmo_content_size(vmo), (u64 __user *)argp);
	case ZXVMO_IOC_GET_STREAM_SIZE:
		return put_user(zxvmo_content_size(vmo), (u64 __user *)argp);
	case ZXVMO_IOC_SET_STREAM_SIZE:
		return zxvmo_need(h, ZXVMO_RIGHT_WRITE) ?:
		       zxvmo_ioctl_set_u64(vmo, argp, zxvmo_set_stream_size);
	case ZXVMO_IOC_SET_CONTENT_SIZE:
		return zxvmo_need(h, ZXVMO_RIGHT_SET_PROPERTY |
				  ZXVMO_RIGHT_WRITE) ?:
		       zxvmo_ioctl_set_u64(vmo, argp, zxvmo_set_content_size);
	case ZXVMO_IOC_GET_NAME:
		return zxvmo_need(h, ZXVMO_RIGHT_GET_PROPERTY) ?:
		       zxvmo_ioctl_get_name(vmo, argp);
	case ZXVMO_IOC_SET_NAME:
		return zxvmo_need(h, ZXVMO_RIGHT_SET_PROPERTY) ?:
		       zxvmo_ioctl_set_name(vmo, argp);
	case ZXVMO_IOC_CREATE_CHILD:	/* rights after the size: child.c */
		return zxvmo_ioctl_child(h, argp);
	case ZXVMO_IOC_OP_RANGE:	/* each op's rights: oprange.c */
		return zxvmo_ioctl_op_range(h, argp);
	case ZXVMO_IOC_SET_CACHE_POLICY:
		return zxvmo_ioctl_cache_policy(h, argp);
	case ZXVMO_IOC_REPLACE_AS_EXECUTABLE:	/* the vmex resource decides */
		return zxvmo_ioctl_replace_as_executable(h, argp);
	default:
		return -ENOTTY;
	}
}

long zxvmo_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	long ret;

	/* The one command that needs the file: mmap.c maps it. */
	if (cmd == ZXVMO_IOC_MAP)
		return zxvmo_ioctl_map(file, (void __user *)arg);
	ret = zxvmo_ioctl_cmd(file->private_data, cmd, (void __user *)arg);

	/* Past the user's page budget (budget.c): out of memory. */
	return ret == -EDQUOT ? -ZXVMO_E_NO_MEMORY : ret;
}
