/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * zxvmo: the generic netlink family "zxvmo" (introspection).
 *
 *  - ZXVMO_NL_CMD_GET_VMO (dump only): one message per live VMO, in koid
 *    order, with the ZXVMO_NL_A_VMO_* attributes.  A caller with
 *    CAP_SYS_ADMIN sees every VMO; any other caller sees only the VMOs
 *    created by its own uid.  The request may carry ZXVMO_NL_A_VMO_PID to
 *    list only the VMOs created by that process (a pid in the caller's pid
 *    namespace).
 *  - ZXVMO_NL_CMD_GET_TOTALS: one reply with the ZXVMO_NL_A_TOTAL_*
 *    attributes.  Open to everyone (the figures are global counters).
 *  - ZXVMO_NL_CMD_RECLAIM (CAP_SYS_ADMIN): discard every unlocked
 *    discardable VMO now; the reply carries ZXVMO_NL_A_RECLAIM_PAGES.
 *  - ZXVMO_NL_CMD_DISCARD: the event sent to the "discard" multicast group
 *    when a VMO is discarded (ZXVMO_NL_A_EVENT_KOID, ZXVMO_NL_A_EVENT_PAGES).
 *    It is never accepted as a request.
 *
 * The family's version (CTRL_ATTR_VERSION, and the version field of every
 * genlmsghdr the kernel sends) is ZXVMO_NL_VERSION.  Requests are
 * validated strictly: an attribute the request does not take, an unknown
 * attribute or a wrong length fails with EINVAL; an unknown command with
 * EOPNOTSUPP.  New attributes are only ever appended, so a reader should
 * ignore attributes it does not know.  Numbers are host-endian; u64 values
 * are sent as NLA_U64 (64-bit aligned with ZXVMO_NL_A_PAD where needed).
 */
#ifndef _UAPI_LINUX_ZXVMO_NETLINK_H
#define _UAPI_LINUX_ZXVMO_NETLINK_H

#define ZXVMO_NL_FAMILY_NAME		"zxvmo"
#define ZXVMO_NL_VERSION		1
#define ZXVMO_NL_MCGRP_DISCARD		"discard"

enum zxvmo_nl_cmd {
	ZXVMO_NL_CMD_UNSPEC,
	ZXVMO_NL_CMD_GET_VMO,		/* dump: live VMOs */
	ZXVMO_NL_CMD_GET_TOTALS,	/* do: global totals */
	ZXVMO_NL_CMD_RECLAIM,		/* do: discard all unlocked (admin) */
	ZXVMO_NL_CMD_DISCARD,		/* event: a VMO was discarded */

	__ZXVMO_NL_CMD_MAX,
	ZXVMO_NL_CMD_MAX = __ZXVMO_NL_CMD_MAX - 1
};

/* One attribute space for every command (the family's policy). */
enum zxvmo_nl_attr {
	ZXVMO_NL_A_UNSPEC,
	ZXVMO_NL_A_PAD,

	/* GET_VMO: one VMO (reply), except PID which also filters (request) */
	ZXVMO_NL_A_VMO_KOID,		/* u64 */
	ZXVMO_NL_A_VMO_NAME,		/* string, at most ZXVMO_NAME_LEN - 1 */
	ZXVMO_NL_A_VMO_SIZE,		/* u64: bytes, a page multiple */
	ZXVMO_NL_A_VMO_CONTENT_SIZE,	/* u64: bytes */
	ZXVMO_NL_A_VMO_COMMITTED,	/* u64: bytes charged to this VMO */
	ZXVMO_NL_A_VMO_PARENT_KOID,	/* u64: 0 if none */
	ZXVMO_NL_A_VMO_KIND,		/* u32: enum zxvmo_nl_kind */
	ZXVMO_NL_A_VMO_FLAGS,		/* u32: ZXVMO_NL_VMO_F_* */
	ZXVMO_NL_A_VMO_CHILDREN,	/* u32: live child VMOs */
	ZXVMO_NL_A_VMO_HANDLES,		/* u32: open handles (files) */
	ZXVMO_NL_A_VMO_MAPPINGS,	/* u32: VMAs mapping this VMO */
	ZXVMO_NL_A_VMO_CACHE_POLICY,	/* u32: ZXVMO_CACHE_POLICY_* */
	ZXVMO_NL_A_VMO_PID,		/* u32: creator tgid in the reader's pid
					 * namespace, 0 if gone or not visible
					 */
	ZXVMO_NL_A_VMO_UID,		/* u32: creator uid in the reader's user
					 * namespace (overflowuid if unmapped)
					 */

	/* GET_TOTALS reply */
	ZXVMO_NL_A_TOTAL_VMOS,		/* u64: live VMOs */
	ZXVMO_NL_A_TOTAL_COMMITTED_PAGES, /* u64: pages held by all VMOs */
	ZXVMO_NL_A_TOTAL_SHARED_PAGES,	/* u64: pages in hidden COW nodes */
	ZXVMO_NL_A_TOTAL_DISCARD_LOCKED, /* u64: discardable VMOs, locked */
	ZXVMO_NL_A_TOTAL_DISCARD_UNLOCKED, /* u64: ... unlocked */
	ZXVMO_NL_A_TOTAL_DISCARDED,	/* u64: ... discarded, not relocked */
	ZXVMO_NL_A_TOTAL_RECLAIMED_PAGES, /* u64: pages discarded so far */

	/* RECLAIM reply */
	ZXVMO_NL_A_RECLAIM_PAGES,	/* u64: pages this request freed */

	/* DISCARD event */
	ZXVMO_NL_A_EVENT_KOID,		/* u64: the discarded VMO */
	ZXVMO_NL_A_EVENT_PAGES,		/* u64: pages freed */

	__ZXVMO_NL_A_MAX,
	ZXVMO_NL_A_MAX = __ZXVMO_NL_A_MAX - 1
};

/* ZXVMO_NL_A_VMO_KIND */
enum zxvmo_nl_kind {
	ZXVMO_NL_KIND_PAGED = 1,	/* zx_vmo_create() */
	ZXVMO_NL_KIND_CONTIGUOUS,	/* zx_vmo_create_contiguous() */
	ZXVMO_NL_KIND_PHYSICAL,		/* zx_vmo_create_physical() */
	ZXVMO_NL_KIND_SLICE,		/* ZX_VMO_CHILD_SLICE */
	ZXVMO_NL_KIND_COW_CHILD,	/* ZX_VMO_CHILD_SNAPSHOT* */
};

/* ZXVMO_NL_A_VMO_FLAGS */
#define ZXVMO_NL_VMO_F_RESIZABLE	0x1u
#define ZXVMO_NL_VMO_F_DISCARDABLE	0x2u
#define ZXVMO_NL_VMO_F_LOCKED		0x4u	/* discardable, locked */
#define ZXVMO_NL_VMO_F_DISCARDED	0x8u	/* discarded, not relocked */

#endif /* _UAPI_LINUX_ZXVMO_NETLINK_H */
