/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink family "zxvmo" (netlink.c); its ABI is
 * uapi/linux/zxvmo_netlink.h.
 */
#ifndef ZXVMO_NETLINK_H
#define ZXVMO_NETLINK_H

#include <linux/types.h>

int zxvmo_nl_register(void);
void zxvmo_nl_unregister(void);

/*
 * Announce on the "discard" multicast group that the VMO @koid was
 * discarded and @pages pages freed.  Best effort (the event is dropped
 * when memory is short); never sleeps, so it may be called from the
 * shrinker and under spinlocks or tree->lock.
 */
void zxvmo_nl_notify_discard(u64 koid, u64 pages);

#endif /* ZXVMO_NETLINK_H */
