// SPDX-License-Identifier: GPL-2.0
/*
 * Signals: zx_object_signal() on VMO handles, and how poll() reports a
 * VMO's signals.
 *
 * A VMO's user signals (ZX_USER_SIGNAL_0..7) are state of the object, in
 * vmo->signals: every handle and duplicate sees the same bits.  poll()
 * gives each signal an event bit of its own (the table below, also in the
 * uapi header), so that a poll for some signals wakes only when one of
 * them becomes active: ZX_VMO_ZERO_CHILDREN is EPOLLPRI, ZX_USER_SIGNAL_n
 * is zxvmo_user_events[n].
 *
 * Resources, BTIs and PMTs support user signals in Zircon too, but none of
 * their handles can hold ZX_RIGHT_SIGNAL (it is not in their default
 * rights, and rights only shrink), so zx_object_signal() on them is
 * ZX_ERR_ACCESS_DENIED, as in Zircon.
 */
#include <linux/atomic.h>
#include <linux/poll.h>
#include <linux/uaccess.h>

#include "zxvmo.h"

static const __poll_t zxvmo_user_events[8] = {
	EPOLLIN, EPOLLOUT, EPOLLRDNORM, EPOLLRDBAND,
	EPOLLWRNORM, EPOLLWRBAND, EPOLLMSG, EPOLLRDHUP,
};

/* The poll events of the user signals in @signals. */
__poll_t zxvmo_signal_events(u32 signals)
{
	__poll_t events = 0;
	unsigned int n;

	for (n = 0; n < ARRAY_SIZE(zxvmo_user_events); n++)
		if (signals & (ZXVMO_USER_SIGNAL_0 << n))
			events |= zxvmo_user_events[n];
	return events;
}

/* @vmo's active signals: its user signals, and ZERO_CHILDREN. */
u32 zxvmo_signals(struct zxvmo *vmo)
{
	u32 signals = atomic_read(&vmo->signals);

	if (!atomic_read(&vmo->nr_children))
		signals |= ZXVMO_VMO_ZERO_CHILDREN;
	return signals;
}

/*
 * ZXVMO_IOC_SIGNAL.  @vmo is NULL for an object without signal state (a
 * resource, BTI or PMT): its handles never hold ZX_RIGHT_SIGNAL.  The
 * checks go in Zircon's order: the right, then the masks.  Clearing comes
 * before setting, in one atomic update; waiters of a signal that became
 * active are woken.
 */
long zxvmo_ioctl_signal(struct zxvmo *vmo, u32 rights, void __user *argp)
{
	struct zxvmo_signal_args args;
	u32 old, new;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.reserved)
		return -ZXVMO_E_INVALID_ARGS;
	if (!(rights & ZXVMO_RIGHT_SIGNAL))
		return -ZXVMO_E_ACCESS_DENIED;
	if ((args.clear_mask | args.set_mask) & ~ZXVMO_USER_SIGNAL_ALL)
		return -ZXVMO_E_INVALID_ARGS;
	if (WARN_ON_ONCE(!vmo))
		return -ZXVMO_E_NOT_SUPPORTED;

	old = atomic_read(&vmo->signals);
	do {
		new = (old & ~args.clear_mask) | args.set_mask;
	} while (!atomic_try_cmpxchg(&vmo->signals, &old, new));
	if (new & ~old)
		wake_up_interruptible_poll(&vmo->waitq,
					   zxvmo_signal_events(new & ~old));
	return 0;
}
