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

#endif /* ZXVMO_NETLINK_H */
