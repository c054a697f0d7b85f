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

/*
 * Discard every unlocked discardable VMO now (ZXVMO_NL_CMD_RECLAIM).
 * Returns the number of pages freed or a negative errno.  Called in
 * process context with no lock held.
 *
 * TODO(discard): netlink.c holds a stub returning 0; the discard work
 * defines the real one (and moves this declaration next to it).
 */
long zxvmo_discard_all(void);

#endif /* ZXVMO_NETLINK_H */
