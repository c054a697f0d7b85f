// SPDX-License-Identifier: GPL-2.0
/*
 * Every ioctl: the one place that dispatches them, for the three kinds of
 * file (a VMO's handle, a resource's, BTI's or PMT's handle, and the
 * control device /dev/zxvmo).  Every command checks the rights it needs
 * here, next to it (on the control device, the capability that stands for
 * them), and then calls down into the file that owns the concern.  Where
 * Zircon looks at the arguments before the rights, the callee checks them
 * in that order and the command says so.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "zxvmo.h"

/* Do @rights hold every right of @need?  0 or ACCESS_DENIED. */
static long zxvmo_need(u32 rights, u32 need)
{
	return (rights & need) == need ? 0 : -ZXVMO_E_ACCESS_DENIED;
}

/* Is @obj of @type?  0 or WRONG_TYPE. */
static long zxvmo_is(const struct zxvmo_object *obj, u32 type)
{
	return zxvmo_obj_type(obj) == type ? 0 : -ZXVMO_E_WRONG_TYPE;
}

/*
 * Commands for another object type: Zircon checks the right the command
 * needs (@need) and then the type, so a handle without it is
 * ACCESS_DENIED and one with it WRONG_TYPE.
 */
static long zxvmo_wrong_type(struct zxvmo_handle *h, u32 need)
{
	return zxvmo_need(h->rights, need) ?: -ZXVMO_E_WRONG_TYPE;
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

/*
 * What the name and property commands see of any handle: its rights and
 * its object, a VMO (@vmo) or another (@obj).
 */
struct zxvmo_target {
	u32 rights;
	struct zxvmo *vmo;
	struct zxvmo_object *obj;
};

/* VMOs and BTIs have a name; other objects are WRONG_TYPE. */
static long zxvmo_target_named(const struct zxvmo_target *t)
{
	if (t->vmo || zxvmo_obj_type(t->obj) == ZXVMO_OBJ_TYPE_BTI)
		return 0;
	return -ZXVMO_E_WRONG_TYPE;
}

/* The name of a target that has one (zxvmo_target_named()). */
static void zxvmo_target_get_name(const struct zxvmo_target *t,
				  char name[ZXVMO_NAME_LEN])
{
	if (t->vmo)
		zxvmo_get_name(t->vmo, name);
	else
		zxvmo_bti_get_name(t->obj, name);
}

static void zxvmo_target_set_name(const struct zxvmo_target *t,
				  const char name[ZXVMO_NAME_LEN])
{
	if (t->vmo)
		zxvmo_set_name(t->vmo, name);
	else
		zxvmo_bti_set_name(t->obj, name);
}

/* ZXVMO_IOC_GET_NAME: the type, then the copy (EFAULT). */
static long zxvmo_ioctl_get_name(const struct zxvmo_target *t,
				 void __user *argp)
{
	char name[ZXVMO_NAME_LEN];
	long err = zxvmo_target_named(t);

	if (err)
		return err;
	zxvmo_target_get_name(t, name);
	return copy_to_user(argp, name, sizeof(name)) ? -EFAULT : 0;
}

/* ZXVMO_IOC_SET_NAME: the type, then the copy (EFAULT). */
static long zxvmo_ioctl_set_name(const struct zxvmo_target *t,
				 const void __user *argp)
{
	char name[ZXVMO_NAME_LEN];
	long err = zxvmo_target_named(t);

	if (err)
		return err;
	if (zxvmo_name_from_user(name, argp))
		return -EFAULT;
	zxvmo_target_set_name(t, name);
	return 0;
}

/*
 * The property commands' copies of @value: a pointer that cannot be read
 * or written is INVALID_ARGS, as Zircon's user copies.
 */
static long zxvmo_prop_out(u64 value, const void *src, size_t len)
{
	return copy_to_user(u64_to_user_ptr(value), src, len) ?
	       -ZXVMO_E_INVALID_ARGS : 0;
}

static long zxvmo_prop_in(void *dst, u64 value, size_t len)
{
	return copy_from_user(dst, u64_to_user_ptr(value), len) ?
	       -ZXVMO_E_INVALID_ARGS : 0;
}

/*
 * zx_object_get_property() past the GET_PROPERTY right: the property
 * (NOT_SUPPORTED), the value's size (BUFFER_TOO_SMALL), the type
 * (WRONG_TYPE), the copy out.
 */
static long zxvmo_get_property(const struct zxvmo_target *t,
			       const struct zxvmo_property_args *a)
{
	char name[ZXVMO_NAME_LEN];
	u64 size;

	switch (a->property) {
	case ZXVMO_PROP_NAME:
		if (a->value_size < ZXVMO_NAME_LEN)
			return -ZXVMO_E_BUFFER_TOO_SMALL;
		if (zxvmo_target_named(t))
			return -ZXVMO_E_WRONG_TYPE;
		zxvmo_target_get_name(t, name);
		return zxvmo_prop_out(a->value, name, sizeof(name));
	case ZXVMO_PROP_VMO_CONTENT_SIZE:
		if (a->value_size < sizeof(size))
			return -ZXVMO_E_BUFFER_TOO_SMALL;
		if (!t->vmo)
			return -ZXVMO_E_WRONG_TYPE;
		size = zxvmo_content_size(t->vmo);
		return zxvmo_prop_out(a->value, &size, sizeof(size));
	default:
		return -ZXVMO_E_NOT_SUPPORTED;
	}
}

/*
 * A name of @len bytes at @value, cut to ZXVMO_NAME_LEN - 1 bytes as
 * Zircon does, ending at its first NUL (zxvmo_name_from_user()'s form).
 */
static long zxvmo_prop_name_in(char name[ZXVMO_NAME_LEN], u64 value, u64 len)
{
	size_t end;

	memset(name, 0, ZXVMO_NAME_LEN);
	if (zxvmo_prop_in(name, value, min_t(u64, len, ZXVMO_NAME_LEN - 1)))
		return -ZXVMO_E_INVALID_ARGS;
	end = strlen(name);
	memset(name + end, 0, ZXVMO_NAME_LEN - end);
	return 0;
}

/*
 * zx_object_set_property() past the SET_PROPERTY right: the property
 * (NOT_SUPPORTED); a name is copied in, then the type checked; a content
 * size needs ZX_RIGHT_WRITE too, then its size, the type, the copy in.
 */
static long zxvmo_set_property(const struct zxvmo_target *t,
			       const struct zxvmo_property_args *a)
{
	char name[ZXVMO_NAME_LEN];
	u64 size;

	switch (a->property) {
	case ZXVMO_PROP_NAME:
		if (zxvmo_prop_name_in(name, a->value, a->value_size))
			return -ZXVMO_E_INVALID_ARGS;
		if (zxvmo_target_named(t))
			return -ZXVMO_E_WRONG_TYPE;
		zxvmo_target_set_name(t, name);
		return 0;
	case ZXVMO_PROP_VMO_CONTENT_SIZE:
		if (zxvmo_need(t->rights, ZXVMO_RIGHT_WRITE))
			return -ZXVMO_E_ACCESS_DENIED;
		if (a->value_size < sizeof(size))
			return -ZXVMO_E_BUFFER_TOO_SMALL;
		if (!t->vmo)
			return -ZXVMO_E_WRONG_TYPE;
		if (zxvmo_prop_in(&size, a->value, sizeof(size)))
			return -ZXVMO_E_INVALID_ARGS;
		return zxvmo_set_content_size(t->vmo, size);
	default:
		return -ZXVMO_E_NOT_SUPPORTED;
	}
}

/*
 * ZXVMO_IOC_GET_PROPERTY / ZXVMO_IOC_SET_PROPERTY: the arguments, the
 * right @need, then @op checks the rest in Zircon's order.
 */
static long zxvmo_ioctl_property(const struct zxvmo_target *t,
				 void __user *argp, u32 need,
				 long (*op)(const struct zxvmo_target *t,
					    const struct zxvmo_property_args *a))
{
	struct zxvmo_property_args args;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.reserved)
		return -ZXVMO_E_INVALID_ARGS;
	return zxvmo_need(t->rights, need) ?: op(t, &args);
}

/* The active signals: a VMO's (signal.c); other objects have none. */
static u32 zxvmo_target_signals(const struct zxvmo_target *t)
{
	return t->vmo ? zxvmo_signals(t->vmo) : 0;
}

/*
 * The commands every handle takes alike, whatever its object: names,
 * properties, the signal state.  Any other is WRONG_TYPE (ENOTTY, also
 * what an unknown ioctl is).
 */
static long zxvmo_ioctl_any(const struct zxvmo_target *t, unsigned int cmd,
			    void __user *argp)
{
	switch (cmd) {
	case ZXVMO_IOC_GET_NAME:
		return zxvmo_need(t->rights, ZXVMO_RIGHT_GET_PROPERTY) ?:
		       zxvmo_ioctl_get_name(t, argp);
	case ZXVMO_IOC_SET_NAME:
		return zxvmo_need(t->rights, ZXVMO_RIGHT_SET_PROPERTY) ?:
		       zxvmo_ioctl_set_name(t, argp);
	case ZXVMO_IOC_GET_PROPERTY:	/* the order: zxvmo_get_property() */
		return zxvmo_ioctl_property(t, argp, ZXVMO_RIGHT_GET_PROPERTY,
					    zxvmo_get_property);
	case ZXVMO_IOC_SET_PROPERTY:	/* the order: zxvmo_set_property() */
		return zxvmo_ioctl_property(t, argp, ZXVMO_RIGHT_SET_PROPERTY,
					    zxvmo_set_property);
	case ZXVMO_IOC_GET_SIGNALS:
		return zxvmo_need(t->rights, ZXVMO_RIGHT_WAIT) ?:
		       put_user(zxvmo_target_signals(t), (u32 __user *)argp);
	default:
		return -ZXVMO_E_WRONG_TYPE;
	}
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
	       zxvmo_need(h->rights, ZXVMO_RIGHT_MAP) ?:
	       zxvmo_set_cache_policy(h->vmo, policy);
}

static long zxvmo_ioctl_cmd(struct zxvmo_handle *h, unsigned int cmd,
			    void __user *argp)
{
	struct zxvmo *vmo = h->vmo;
	struct zxvmo_target t = { .rights = h->rights, .vmo = vmo };

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
		return zxvmo_need(h->rights, ZXVMO_RIGHT_READ) ?:
		       zxvmo_ioctl_rw(vmo, argp, false);
	case ZXVMO_IOC_WRITE:
		return zxvmo_need(h->rights, ZXVMO_RIGHT_WRITE) ?:
		       zxvmo_ioctl_rw(vmo, argp, true);
	case ZXVMO_IOC_GET_SIZE:
		return put_user(READ_ONCE(vmo->size), (u64 __user *)argp);
	case ZXVMO_IOC_SET_SIZE:
		return zxvmo_need(h->rights, ZXVMO_RIGHT_WRITE) ?:
		       zxvmo_ioctl_set_u64(vmo, argp, zxvmo_set_size);
	case ZXVMO_IOC_GET_CONTENT_SIZE:
		return zxvmo_need(h->rights, ZXVMO_RIGHT_GET_PROPERTY) ?:
		       put_user(zxvmo_content_size(vmo), (u64 __user *)argp);
	case ZXVMO_IOC_GET_STREAM_SIZE:
		return put_user(zxvmo_content_size(vmo), (u64 __user *)argp);
	case ZXVMO_IOC_SET_STREAM_SIZE:
		return zxvmo_need(h->rights, ZXVMO_RIGHT_WRITE) ?:
		       zxvmo_ioctl_set_u64(vmo, argp, zxvmo_set_stream_size);
	case ZXVMO_IOC_SET_CONTENT_SIZE:
		return zxvmo_need(h->rights, ZXVMO_RIGHT_SET_PROPERTY |
				  ZXVMO_RIGHT_WRITE) ?:
		       zxvmo_ioctl_set_u64(vmo, argp, zxvmo_set_content_size);
	case ZXVMO_IOC_CREATE_CHILD:	/* rights after the size: child.c */
		return zxvmo_ioctl_child(h, argp);
	case ZXVMO_IOC_OP_RANGE:	/* each op's rights: oprange.c */
		return zxvmo_ioctl_op_range(h, argp);
	case ZXVMO_IOC_SET_CACHE_POLICY:
		return zxvmo_ioctl_cache_policy(h, argp);
	case ZXVMO_IOC_REPLACE_AS_EXECUTABLE:	/* the vmex resource decides */
		return zxvmo_ioctl_replace_as_executable(h, argp);
	default:
		return zxvmo_ioctl_any(&t, cmd, argp);
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

static long zxvmo_ioctl_obj_dup(struct zxvmo_obj_handle *h, void __user *argp)
{
	u32 __user *out;
	long rights = zxvmo_dup_rights(h->rights, argp, &out);

	return rights < 0 ? rights : zxvmo_obj_install(h->obj, rights, out);
}

/* ZXVMO_IOC_GET_INFO and ZXVMO_IOC_GET_RESOURCE_INFO of an object. */
static long zxvmo_ioctl_obj_info(struct zxvmo_obj_handle *h, void __user *argp)
{
	struct zxvmo_info info = {};

	zxvmo_obj_get_info(h, &info);
	return copy_to_user(argp, &info, sizeof(info)) ? -EFAULT : 0;
}

/* zx_vmo_create_physical() over the resource's range. */
static long zxvmo_ioctl_physical(struct zxvmo_obj_handle *h, void __user *argp)
{
	struct zxvmo_info info = {};

	zxvmo_obj_get_info(h, &info);
	return zxvmo_create_physical(info.rsrc_kind == ZXVMO_RSRC_KIND_MMIO,
				     info.rsrc_base, info.size_bytes, argp);
}

static long zxvmo_ioctl_bti_pin(struct zxvmo_object *bti, void __user *argp)
{
	long ret = zxvmo_bti_pin(bti, argp);

	/* Past the user's page budget (budget.c): out of memory. */
	return ret == -EDQUOT ? -ZXVMO_E_NO_MEMORY : ret;
}

/*
 * The ioctls on a resource's, BTI's or PMT's handle.  A command of
 * another object type is WRONG_TYPE, after the right it needs.
 */
long zxvmo_obj_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct zxvmo_obj_handle *h = file->private_data;
	struct zxvmo_object *obj = h->obj;
	struct zxvmo_target t = { .rights = h->rights, .obj = obj };
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case ZXVMO_IOC_DUPLICATE:	/* the rights it asks for: handle.c */
		return zxvmo_ioctl_obj_dup(h, argp);
	case ZXVMO_IOC_GET_INFO:
		return zxvmo_ioctl_obj_info(h, argp);
	case ZXVMO_IOC_GET_RESOURCE_INFO:
		return zxvmo_need(h->rights, ZXVMO_RIGHT_INSPECT) ?:
		       zxvmo_is(obj, ZXVMO_OBJ_TYPE_RESOURCE) ?:
		       zxvmo_ioctl_obj_info(h, argp);
	case ZXVMO_IOC_CREATE_CONTIGUOUS:	/* the type first */
		return zxvmo_is(obj, ZXVMO_OBJ_TYPE_BTI) ?:
		       zxvmo_need(h->rights, ZXVMO_RIGHT_MAP) ?:
		       zxvmo_create_contiguous(argp);
	case ZXVMO_IOC_BTI_PIN:		/* the VMO handle's rights: object.c */
		return zxvmo_need(h->rights, ZXVMO_RIGHT_MAP) ?:
		       zxvmo_is(obj, ZXVMO_OBJ_TYPE_BTI) ?:
		       zxvmo_ioctl_bti_pin(obj, argp);
	case ZXVMO_IOC_BTI_RELEASE_QUARANTINE:
		return zxvmo_need(h->rights, ZXVMO_RIGHT_WRITE) ?:
		       zxvmo_is(obj, ZXVMO_OBJ_TYPE_BTI) ?:
		       zxvmo_bti_release_quarantine(obj);
	case ZXVMO_IOC_GET_BTI_INFO:
		return zxvmo_need(h->rights, ZXVMO_RIGHT_INSPECT) ?:
		       zxvmo_is(obj, ZXVMO_OBJ_TYPE_BTI) ?:
		       zxvmo_bti_info(obj, argp);
	case ZXVMO_IOC_PMT_UNPIN:
		return zxvmo_is(obj, ZXVMO_OBJ_TYPE_PMT) ?:
		       zxvmo_pmt_unpin_handle(obj);
	case ZXVMO_IOC_SIGNAL:			/* never holds the right */
		return zxvmo_ioctl_signal(NULL, h->rights, argp);
	case ZXVMO_IOC_CREATE_PHYSICAL:
		return zxvmo_is(obj, ZXVMO_OBJ_TYPE_RESOURCE) ?:
		       zxvmo_ioctl_physical(h, argp);
	default:
		return zxvmo_ioctl_any(&t, cmd, argp);
	}
}

static long zxvmo_ctl_create(void __user *argp)
{
	struct zxvmo_create_args args;
	struct zxvmo *vmo;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.reserved)
		return -ZXVMO_E_INVALID_ARGS;
	vmo = zxvmo_create(args.size, args.options);
	if (IS_ERR(vmo))
		return PTR_ERR(vmo);
	return zxvmo_install_new(vmo, ZXVMO_DEFAULT_VMO_RIGHTS,
				 u64_to_user_ptr(args.out));
}

/* The control device's powers stand on a capability: ACCESS_DENIED. */
static long zxvmo_capable(int cap)
{
	return capable(cap) ? 0 : -ZXVMO_E_ACCESS_DENIED;
}

static long zxvmo_ctl_mmio(void __user *argp)
{
	struct zxvmo_phys_args args;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	return zxvmo_new_mmio_resource(args.paddr, args.size);
}

/* The ioctls on /dev/zxvmo (object.c says which capability and why). */
long zxvmo_ctl_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case ZXVMO_IOC_CREATE:
		return zxvmo_ctl_create(argp);
	case ZXVMO_IOC_GET_VMEX_RESOURCE:
		return zxvmo_capable(CAP_SYS_ADMIN) ?:
		       zxvmo_obj_create(ZXVMO_OBJ_TYPE_RESOURCE,
					ZXVMO_RSRC_KIND_SYSTEM,
					ZXVMO_RSRC_SYSTEM_VMEX_BASE, 1,
					ZXVMO_DEFAULT_RESOURCE_RIGHTS);
	case ZXVMO_IOC_GET_MMIO_RESOURCE:
		return zxvmo_capable(CAP_SYS_RAWIO) ?: zxvmo_ctl_mmio(argp);
	case ZXVMO_IOC_GET_BTI:
		return zxvmo_capable(CAP_SYS_ADMIN) ?:
		       zxvmo_obj_create(ZXVMO_OBJ_TYPE_BTI, 0, 0, 0,
					ZXVMO_DEFAULT_BTI_RIGHTS);
	default:
		return -ENOTTY;
	}
}
