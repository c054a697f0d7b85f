// SPDX-License-Identifier: GPL-2.0
/*
 * The page budget of each user.
 *
 * VMO pages are unswappable, unmovable and, while nothing maps them,
 * invisible to the OOM killer.  Memory cgroups charge them (__GFP_ACCOUNT);
 * on top of that, every copy-on-write tree charges its pages to the user
 * that created its root VMO, and the trees of one user may hold at most
 * user_pages_max pages together, as mlock(2) limits locked memory; the
 * trees of all users together at most all_users_pages_max, so that users
 * acting together cannot take more either.  A tree created by a task with
 * CAP_IPC_LOCK (root) is counted in its user's pages but never refused,
 * and not counted in all users' pages.
 * Past the budget a commit fails: ZX_ERR_NO_MEMORY for the VMO calls,
 * EDQUOT for write(2) and SIGBUS for a fault (never the OOM killer, which
 * could only kill the innocent: the pages are nobody's RSS).
 *
 * Users live in an xarray keyed by their uid in the initial namespace,
 * from their first tree until the module is unloaded: a few bytes per
 * user, where freeing a user with its last tree made a program that
 * creates and closes VMOs one at a time allocate and free it every time.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "zxvmo.h"

struct zxvmo_user {
	atomic_long_t pages;		/* pages of all its trees */
};

static DEFINE_XARRAY(zxvmo_users);

/* Pages of all trees that are not unlimited. */
static atomic_long_t zxvmo_all_users_pages = ATOMIC_LONG_INIT(0);

/* 0 until zxvmo_budget_init() sets the defaults: half of the RAM. */
static unsigned long user_pages_max;
module_param(user_pages_max, ulong, 0644);
MODULE_PARM_DESC(user_pages_max,
		 "Pages the VMOs of one user may hold unless created with CAP_IPC_LOCK (default: half of the RAM)");

static unsigned long all_users_pages_max;
module_param(all_users_pages_max, ulong, 0644);
MODULE_PARM_DESC(all_users_pages_max,
		 "Pages the VMOs of all users together may hold, those created with CAP_IPC_LOCK aside (default: half of the RAM)");

void zxvmo_budget_init(void)
{
	if (!user_pages_max)
		user_pages_max = totalram_pages() / 2;
	if (!all_users_pages_max)
		all_users_pages_max = totalram_pages() / 2;
}

/* The user of @uid (made on first use), or NULL without memory. */
static struct zxvmo_user *zxvmo_user_get(kuid_t uid)
{
	unsigned long key = from_kuid(&init_user_ns, uid);
	struct zxvmo_user *user, *old;

	user = xa_load(&zxvmo_users, key);	/* never freed before exit */
	if (user)
		return user;
	/* Not charged to a cgroup: it outlives the trees that made it. */
	user = kzalloc(sizeof(*user), GFP_KERNEL);
	if (!user)
		return NULL;
	old = xa_cmpxchg(&zxvmo_users, key, NULL, user, GFP_KERNEL);
	if (!old)
		return user;
	kfree(user);
	return xa_is_err(old) ? NULL : old;	/* or another's, made first */
}

/* @tree charges the current user from now on.  Returns 0 or -ENOMEM. */
int zxvmo_budget_attach(struct zxvmo_tree *tree)
{
	tree->uid = current_uid();
	tree->user = zxvmo_user_get(tree->uid);
	if (!tree->user)
		return -ENOMEM;
	tree->unlimited = capable(CAP_IPC_LOCK);
	return 0;
}

/* Module exit: every tree, so every page, is gone. */
void zxvmo_budget_exit(void)
{
	struct zxvmo_user *user;
	unsigned long key;

	WARN_ON_ONCE(atomic_long_read(&zxvmo_all_users_pages));

	xa_for_each(&zxvmo_users, key, user) {
		WARN_ON_ONCE(atomic_long_read(&user->pages));
		kfree(user);
	}
	xa_destroy(&zxvmo_users);
}

/* Add @pages to @used: true, or false (nothing added) past @max. */
static bool zxvmo_budget_take(atomic_long_t *used, unsigned long pages,
			      unsigned long max)
{
	if ((unsigned long)atomic_long_add_return(pages, used) <= max)
		return true;
	atomic_long_sub(pages, used);
	return false;
}

/*
 * Charge @pages new pages of @tree to its user: 0, or -EDQUOT if that
 * would take the user, or all users, past their budget (nothing charged
 * then).
 */
int zxvmo_budget_charge(struct zxvmo_tree *tree, unsigned long pages)
{
	atomic_long_t *used = &tree->user->pages;

	if (tree->unlimited) {
		atomic_long_add(pages, used);
		return 0;
	}
	if (!zxvmo_budget_take(used, pages, READ_ONCE(user_pages_max)))
		return -EDQUOT;
	if (zxvmo_budget_take(&zxvmo_all_users_pages, pages,
			      READ_ONCE(all_users_pages_max)))
		return 0;
	atomic_long_sub(pages, used);
	return -EDQUOT;
}

void zxvmo_budget_uncharge(struct zxvmo_tree *tree, unsigned long pages)
{
	WARN_ON_ONCE(atomic_long_sub_return(pages, &tree->user->pages) < 0);
	if (!tree->unlimited)
		WARN_ON_ONCE(atomic_long_sub_return(pages,
						    &zxvmo_all_users_pages) < 0);
}
