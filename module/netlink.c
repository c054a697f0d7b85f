// SPDX-License-Identifier: GPL-2.0
/*
 * Introspection over generic netlink: the family "zxvmo".  The ABI
 * (commands, attributes, the "discard" multicast group) is described in
 * uapi/linux/zxvmo_netlink.h.
 *
 * The VMO dump walks the registry of every VMO in koid order (registry.c).
 * It resumes by koid (never by pointer), takes each VMO's reference under
 * the registry's lock and only then reads anything of it (who created it
 * decides whether the reader sees it); the figures are read after dropping
 * that lock, so it may sleep on the tree lock.  Nothing is put into the
 * message under a lock of ours.  The family runs its callbacks in parallel
 * (no genl_mutex): they share no state.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/kernel.h>
#include <linux/notifier.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>
#include <linux/zxvmo_netlink.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "zxvmo.h"
#include "netlink.h"

enum {
	ZXVMO_NL_GRP_DISCARD,
};

static const struct genl_multicast_group zxvmo_nl_mcgrps[] = {
	[ZXVMO_NL_GRP_DISCARD] = {
		.name	= ZXVMO_NL_MCGRP_DISCARD,
		/* events name every VMO: only for those who may dump them all */
#ifdef GENL_MCAST_CAP_SYS_ADMIN	/* 6.1.y stable and 6.7+ */
		.flags	= GENL_MCAST_CAP_SYS_ADMIN,
#endif
	},
};

/*
 * Validated strictly (the family sets no GENL_DONT_VALIDATE_* flag and no
 * resv_start_op): an attribute above ZXVMO_NL_A_MAX, a wrong length or an
 * attribute whose entry here is NLA_UNSPEC (every reply-only attribute)
 * fails the request with EINVAL before any callback runs.
 */
static const struct nla_policy zxvmo_nl_policy[ZXVMO_NL_A_MAX + 1] = {
	[ZXVMO_NL_A_VMO_PID]	= { .type = NLA_U32 },
};

static struct genl_family zxvmo_nl_family;

/* ---- the VMO dump ---- */

/* Dump state in cb->ctx, from ->start to ->done. */
struct zxvmo_nl_dump {
	u64 next_koid;			/* resume here */
	struct pid_namespace *pid_ns;	/* the reader's, referenced */
	kuid_t uid;			/* the reader's */
	bool admin;			/* sees every VMO */
	bool by_pid;			/* ZXVMO_NL_A_VMO_PID was given */
	u32 pid;
};

/* A VMO's figures, read before the message is built. */
struct zxvmo_nl_vmo {
	u64 koid;
	u64 parent_koid;
	u64 size;
	u64 content_size;
	u64 committed;
	u32 kind;
	u32 flags;
	u32 children;
	u32 handles;
	u32 mappings;
	u32 cache_policy;
	u32 pid;
	u32 uid;
	char name[ZXVMO_NAME_LEN];
};

static struct zxvmo_nl_dump *zxvmo_nl_dump_state(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct zxvmo_nl_dump) > sizeof(cb->ctx));
	return (struct zxvmo_nl_dump *)cb->ctx;
}

/* The creator's tgid in @ns, or 0 once it has exited (the number is free). */
static u32 zxvmo_nl_creator_pid(struct zxvmo *vmo, struct pid_namespace *ns)
{
	u32 nr = 0;

	rcu_read_lock();
	if (pid_has_task(vmo->creator, PIDTYPE_TGID))
		nr = pid_nr_ns(vmo->creator, ns);
	rcu_read_unlock();
	return nr;
}

/* Open handles (files; a mapping keeps its file, so counts too). */
static u32 zxvmo_nl_handles(struct zxvmo *vmo)
{
	return atomic_read(&vmo->nr_handles);
}

static u32 zxvmo_nl_kind(struct zxvmo *vmo)
{
	if (vmo->is_slice)
		return ZXVMO_NL_KIND_SLICE;
	if (vmo->is_cow_clone)
		return ZXVMO_NL_KIND_COW_CHILD;
	switch (vmo->kind) {
	case ZXVMO_KIND_CONTIGUOUS:
		return ZXVMO_NL_KIND_CONTIGUOUS;
	case ZXVMO_KIND_PHYSICAL:
		return ZXVMO_NL_KIND_PHYSICAL;
	default:
		return ZXVMO_NL_KIND_PAGED;
	}
}

static u32 zxvmo_nl_flags(struct zxvmo *vmo)
{
	u32 flags = 0;

	if (vmo->options & ZXVMO_OPT_RESIZABLE)
		flags |= ZXVMO_NL_VMO_F_RESIZABLE;
	if (vmo->options & ZXVMO_OPT_DISCARDABLE)
		flags |= ZXVMO_NL_VMO_F_DISCARDABLE;
	/* The lock state is the tree lock's; a racy snapshot is fine here. */
	if (READ_ONCE(vmo->lock_count))
		flags |= ZXVMO_NL_VMO_F_LOCKED;
	if (READ_ONCE(vmo->discarded))
		flags |= ZXVMO_NL_VMO_F_DISCARDED;
	return flags;
}

/* Read @vmo's figures; the caller holds a reference.  May sleep. */
static void zxvmo_nl_read_vmo(struct zxvmo *vmo, struct zxvmo_nl_dump *d,
			      struct user_namespace *user_ns,
			      struct zxvmo_nl_vmo *v)
{
	v->koid = vmo->koid;
	v->parent_koid = vmo->parent_koid;
	v->kind = zxvmo_nl_kind(vmo);
	v->flags = zxvmo_nl_flags(vmo);
	v->children = atomic_read(&vmo->nr_children);
	v->handles = zxvmo_nl_handles(vmo);
	v->mappings = atomic_read(&vmo->nr_mappings);
	v->pid = zxvmo_nl_creator_pid(vmo, d->pid_ns);
	v->uid = from_kuid_munged(user_ns, vmo->creator_uid);

	/* A slice owns no pages (leaf is NULL): they count for its root. */
	mutex_lock(&vmo->tree->lock);
	v->size = vmo->size;
	v->content_size = vmo->content_size;
	v->cache_policy = vmo->tree->cache_policy;
	v->committed = vmo->leaf ? zxvmo_node_committed(vmo->leaf) : 0;
	mutex_unlock(&vmo->tree->lock);

	spin_lock(&vmo->name_lock);
	memcpy(v->name, vmo->name, sizeof(v->name));
	spin_unlock(&vmo->name_lock);
	v->name[sizeof(v->name) - 1] = '\0';
}

/*
 * May the reader see @vmo at all?  The caller holds a reference, so the
 * creator's pid (freed by the final put) is still there.
 */
static bool zxvmo_nl_visible(struct zxvmo *vmo, struct zxvmo_nl_dump *d)
{
	bool found;

	if (!d->admin && !uid_eq(vmo->creator_uid, d->uid))
		return false;
	if (!d->by_pid)
		return true;
	if (!d->pid)
		return false;
	rcu_read_lock();
	found = pid_has_task(vmo->creator, PIDTYPE_TGID) &&
		pid_nr_ns(vmo->creator, d->pid_ns) == d->pid;
	rcu_read_unlock();
	return found;
}

/* Incomplete VMOs skipped under the registry's lock before a break. */
#define ZXVMO_NL_SCAN_BATCH	256

/*
 * The next VMO at or after *@koid that the reader may see, with a
 * reference; NULL at the end; ERR_PTR(-EAGAIN) after a batch of skipped
 * entries or a VMO the reader may not see (call again).  *@koid is left
 * where the scan stopped.  VMOs that are incomplete (no handle yet) or
 * that linger without their pages for their children are skipped
 * (zxvmo_registry_next()).
 */
static struct zxvmo *zxvmo_nl_next(struct zxvmo_nl_dump *d, u64 *koid)
{
	struct zxvmo *vmo = zxvmo_registry_next(koid, ZXVMO_NL_SCAN_BATCH);

	if (IS_ERR_OR_NULL(vmo) || zxvmo_nl_visible(vmo, d))
		return vmo;
	zxvmo_put(vmo);		/* may free it: the dump holds the module */
	++*koid;
	return ERR_PTR(-EAGAIN);
}

static int zxvmo_nl_put_vmo(struct sk_buff *skb, struct netlink_callback *cb,
			    const struct zxvmo_nl_vmo *v)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &zxvmo_nl_family, NLM_F_MULTI, ZXVMO_NL_CMD_GET_VMO);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, ZXVMO_NL_A_VMO_KOID, v->koid,
			      ZXVMO_NL_A_PAD) ||
	    nla_put_string(skb, ZXVMO_NL_A_VMO_NAME, v->name) ||
	    nla_put_u64_64bit(skb, ZXVMO_NL_A_VMO_SIZE, v->size,
			      ZXVMO_NL_A_PAD) ||
	    nla_put_u64_64bit(skb, ZXVMO_NL_A_VMO_CONTENT_SIZE,
			      v->content_size, ZXVMO_NL_A_PAD) ||
	    nla_put_u64_64bit(skb, ZXVMO_NL_A_VMO_COMMITTED, v->committed,
			      ZXVMO_NL_A_PAD) ||
	    nla_put_u64_64bit(skb, ZXVMO_NL_A_VMO_PARENT_KOID,
			      v->parent_koid, ZXVMO_NL_A_PAD) ||
	    nla_put_u32(skb, ZXVMO_NL_A_VMO_KIND, v->kind) ||
	    nla_put_u32(skb, ZXVMO_NL_A_VMO_FLAGS, v->flags) ||
	    nla_put_u32(skb, ZXVMO_NL_A_VMO_CHILDREN, v->children) ||
	    nla_put_u32(skb, ZXVMO_NL_A_VMO_HANDLES, v->handles) ||
	    nla_put_u32(skb, ZXVMO_NL_A_VMO_MAPPINGS, v->mappings) ||
	    nla_put_u32(skb, ZXVMO_NL_A_VMO_CACHE_POLICY, v->cache_policy) ||
	    nla_put_u32(skb, ZXVMO_NL_A_VMO_PID, v->pid) ||
	    nla_put_u32(skb, ZXVMO_NL_A_VMO_UID, v->uid)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* Runs in the requester's context: its credentials decide what it sees. */
static int zxvmo_nl_vmo_start(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct zxvmo_nl_dump *d = zxvmo_nl_dump_state(cb);
#ifdef ZXVMO_HAVE_GENL_DUMPIT_INFO_INFO
	struct nlattr *pid = info->info.attrs[ZXVMO_NL_A_VMO_PID];
#else
	struct nlattr *pid = info->attrs[ZXVMO_NL_A_VMO_PID];	/* before 6.2 */
#endif

	memset(d, 0, sizeof(*d));
	d->admin = netlink_capable(cb->skb, CAP_SYS_ADMIN);
	d->uid = current_uid();
	if (pid) {
		d->by_pid = true;
		d->pid = nla_get_u32(pid);
	}
	d->pid_ns = get_pid_ns(task_active_pid_ns(current));
	return 0;
}

static int zxvmo_nl_vmo_done(struct netlink_callback *cb)
{
	struct zxvmo_nl_dump *d = zxvmo_nl_dump_state(cb);

	put_pid_ns(d->pid_ns);
	return 0;
}

/*
 * Fill @skb with as many VMOs as fit, from the saved koid on.  Each VMO is
 * visited once: the koid advances past a VMO only once its message is in.
 */
static int zxvmo_nl_vmo_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb)
{
	struct zxvmo_nl_dump *d = zxvmo_nl_dump_state(cb);
	struct user_namespace *user_ns = sk_user_ns(NETLINK_CB(cb->skb).sk);
	struct zxvmo_nl_vmo v;
	struct zxvmo *vmo;
	int err;

	while ((vmo = zxvmo_nl_next(d, &d->next_koid))) {
		cond_resched();
		if (IS_ERR(vmo))
			continue;
		zxvmo_nl_read_vmo(vmo, d, user_ns, &v);
		/* May free the VMO: the dump holds the module, so this is safe. */
		zxvmo_put(vmo);
		err = zxvmo_nl_put_vmo(skb, cb, &v);
		if (err)
			return skb->len ? skb->len : err;
		d->next_koid = v.koid + 1;
	}
	return skb->len;
}

/* ---- totals ---- */

/* Reject any attribute: these commands take none. */
static int zxvmo_nl_no_attrs(struct genl_info *info)
{
	int i;

	for (i = 1; i <= ZXVMO_NL_A_MAX; i++) {
		if (info->attrs[i]) {
			NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[i],
					    "attribute not taken by this command");
			return -EINVAL;
		}
	}
	return 0;
}

static int zxvmo_nl_put_u64(struct sk_buff *msg, int type, u64 val)
{
	return nla_put_u64_64bit(msg, type, val, ZXVMO_NL_A_PAD);
}

/*
 * The reply to a command that takes no attributes (else the error),
 * with its header in *@hdr.
 */
static struct sk_buff *zxvmo_nl_reply_new(struct genl_info *info, u8 cmd,
					  void **hdr)
{
	struct sk_buff *msg;
	int err;

	err = zxvmo_nl_no_attrs(info);
	if (err)
		return ERR_PTR(err);
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return ERR_PTR(-ENOMEM);
	*hdr = genlmsg_put_reply(msg, info, &zxvmo_nl_family, 0, cmd);
	if (!*hdr) {
		nlmsg_free(msg);
		return ERR_PTR(-EMSGSIZE);
	}
	return msg;
}

static int zxvmo_nl_totals_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct zxvmo_discard_stats st;
	struct sk_buff *msg;
	void *hdr;

	msg = zxvmo_nl_reply_new(info, ZXVMO_NL_CMD_GET_TOTALS, &hdr);
	if (IS_ERR(msg))
		return PTR_ERR(msg);
	zxvmo_discard_stats(&st);
	if (zxvmo_nl_put_u64(msg, ZXVMO_NL_A_TOTAL_VMOS,
			     atomic_long_read(&zxvmo_nr_vmos)) ||
	    zxvmo_nl_put_u64(msg, ZXVMO_NL_A_TOTAL_COMMITTED_PAGES,
			     atomic_long_read(&zxvmo_nr_pages)) ||
	    zxvmo_nl_put_u64(msg, ZXVMO_NL_A_TOTAL_SHARED_PAGES,
			     atomic_long_read(&zxvmo_nr_hidden_pages)) ||
	    zxvmo_nl_put_u64(msg, ZXVMO_NL_A_TOTAL_DISCARD_LOCKED, st.locked) ||
	    zxvmo_nl_put_u64(msg, ZXVMO_NL_A_TOTAL_DISCARD_UNLOCKED,
			     st.unlocked) ||
	    zxvmo_nl_put_u64(msg, ZXVMO_NL_A_TOTAL_DISCARDED, st.discarded) ||
	    zxvmo_nl_put_u64(msg, ZXVMO_NL_A_TOTAL_RECLAIMED_PAGES,
			     st.reclaimed_pages))
		goto too_big;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

too_big:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/* ---- reclaim ---- */

static int zxvmo_nl_reclaim_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	unsigned long pages;
	void *hdr;

	/* GENL_ADMIN_PERM checked CAP_NET_ADMIN; discarding is a SYS_ADMIN act */
	if (!netlink_capable(skb, CAP_SYS_ADMIN))
		return -EPERM;
	msg = zxvmo_nl_reply_new(info, ZXVMO_NL_CMD_RECLAIM, &hdr);
	if (IS_ERR(msg))
		return PTR_ERR(msg);
	pages = zxvmo_reclaim_all();
	if (zxvmo_nl_put_u64(msg, ZXVMO_NL_A_RECLAIM_PAGES, pages)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* ---- discard events ---- */

/*
 * Announce on the "discard" multicast group that a VMO was discarded and
 * its pages freed: discard.c's notifier, called under its tree lock and
 * from the shrinker.  Best effort (the event is dropped when memory is
 * short); never sleeps.
 */
static int zxvmo_nl_notify_discard(struct notifier_block *nb,
				   unsigned long action, void *data)
{
	const gfp_t gfp = GFP_NOWAIT | __GFP_NOWARN;
	const struct zxvmo_discard_event *ev = data;
	u64 koid = ev->koid, pages = ev->pages;
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&zxvmo_nl_family, &init_net,
				ZXVMO_NL_GRP_DISCARD))
		return NOTIFY_DONE;
	msg = genlmsg_new(2 * nla_total_size_64bit(sizeof(u64)), gfp);
	if (!msg)
		return NOTIFY_DONE;
	hdr = genlmsg_put(msg, 0, 0, &zxvmo_nl_family, 0,
			  ZXVMO_NL_CMD_DISCARD);
	if (!hdr || zxvmo_nl_put_u64(msg, ZXVMO_NL_A_EVENT_KOID, koid) ||
	    zxvmo_nl_put_u64(msg, ZXVMO_NL_A_EVENT_PAGES, pages)) {
		nlmsg_free(msg);
		return NOTIFY_DONE;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&zxvmo_nl_family, msg, 0, ZXVMO_NL_GRP_DISCARD, gfp);
	return NOTIFY_OK;
}

static struct notifier_block zxvmo_nl_discard_nb = {
	.notifier_call	= zxvmo_nl_notify_discard,
};

/* ---- the family ---- */

static const struct genl_ops zxvmo_nl_ops[] = {
	{
		.cmd	= ZXVMO_NL_CMD_GET_VMO,
		.start	= zxvmo_nl_vmo_start,
		.dumpit	= zxvmo_nl_vmo_dumpit,
		.done	= zxvmo_nl_vmo_done,
	},
	{
		.cmd	= ZXVMO_NL_CMD_GET_TOTALS,
		.doit	= zxvmo_nl_totals_doit,
	},
	{
		.cmd	= ZXVMO_NL_CMD_RECLAIM,
		.doit	= zxvmo_nl_reclaim_doit,
		.flags	= GENL_ADMIN_PERM,
	},
};

static struct genl_family zxvmo_nl_family __ro_after_init = {
	.name		= ZXVMO_NL_FAMILY_NAME,
	.version	= ZXVMO_NL_VERSION,
	.maxattr	= ZXVMO_NL_A_MAX,
	.policy		= zxvmo_nl_policy,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= zxvmo_nl_ops,
	.n_ops		= ARRAY_SIZE(zxvmo_nl_ops),
	.mcgrps		= zxvmo_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(zxvmo_nl_mcgrps),
};

int __init zxvmo_nl_register(void)
{
	int err = genl_register_family(&zxvmo_nl_family);

	if (!err)
		zxvmo_discard_notifier_register(&zxvmo_nl_discard_nb);
	return err;
}

void zxvmo_nl_unregister(void)
{
	zxvmo_discard_notifier_unregister(&zxvmo_nl_discard_nb);
	genl_unregister_family(&zxvmo_nl_family);
}
