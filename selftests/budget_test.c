// SPDX-License-Identifier: GPL-2.0
/*
 * The per-user page budget (module/budget.c): a user without CAP_IPC_LOCK
 * holds at most user_pages_max pages in the VMO trees it created; past it
 * commits are ZX_ERR_NO_MEMORY, write(2) is EDQUOT and a fault is SIGBUS.
 * Another user is unaffected, root is unlimited, and closing gives the
 * budget back.  All users together stop at all_users_pages_max.  Each unprivileged part runs in a forked child that exits
 * with the number of the first check that failed (0: all passed).
 */
#include <grp.h>

#include "zxvmo_test.h"

#define PARAM		"/sys/module/zxvmo/parameters/user_pages_max"
#define ALL_PARAM	"/sys/module/zxvmo/parameters/all_users_pages_max"
#define BUDGET		64
#define ALL_BUDGET	96	/* one user's budget and a half */
#define USER_A		54321
#define USER_B		54322

static long read_param_at(const char *path)
{
	FILE *f = fopen(path, "re");
	long v = -1;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static int write_param_at(const char *path, long v)
{
	FILE *f = fopen(path, "we");
	int ok;

	if (!f)
		return -1;
	ok = fprintf(f, "%ld\n", v) > 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

static long read_param(void)
{
	return read_param_at(PARAM);
}

static int write_param(long v)
{
	return write_param_at(PARAM, v);
}

static int become(uid_t uid)
{
	return setgroups(0, NULL) || setgid(uid) || setuid(uid) ? -1 : 0;
}

static zx_status_t commit(zx_handle_t v, uint64_t first, uint64_t pages)
{
	return zx_vmo_op_range(v, ZX_VMO_OP_COMMIT, first * PAGE, pages * PAGE,
			       NULL, 0);
}

static uint64_t committed_pages(zx_handle_t v)
{
	zx_info_vmo_t info;

	if (zx_object_get_info(v, ZX_INFO_VMO, &info, sizeof(info), NULL,
			       NULL) != ZX_OK)
		return UINT64_MAX;
	return info.committed_bytes / PAGE;
}

/* Fill the budget, then every way of committing one more page fails. */
static int user_at_budget(void)
{
	zx_handle_t v, c;
	uint8_t *map;
	char byte = 1;

	if (become(USER_A))
		return 1;
	if (zx_vmo_create(128 * PAGE, 0, &v) != ZX_OK)
		return 2;
	if (commit(v, 0, BUDGET) != ZX_OK)
		return 3;
	if (committed_pages(v) != BUDGET)
		return 4;
	if (commit(v, BUDGET, 1) != ZX_ERR_NO_MEMORY)
		return 5;
	if (zx_vmo_write(v, &byte, 100 * PAGE, 1) != ZX_ERR_NO_MEMORY)
		return 6;
	if (pwrite((int)v, &byte, 1, 100 * PAGE) != -1 || errno != EDQUOT)
		return 7;
	map = mmap(NULL, 128 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
		   (int)v, 0);
	if (map == MAP_FAILED)
		return 8;
	if (probe_write(map + 90 * PAGE, 1) != SIGBUS)
		return 9;
	if (probe_read(map + 91 * PAGE) != 0)	/* the zero page: free */
		return 10;
	munmap(map, 128 * PAGE);
	/* A copy-on-write copy is a new page too. */
	if (zx_vmo_create_child(v, ZX_VMO_CHILD_SNAPSHOT, 0, 128 * PAGE,
				&c) != ZX_OK)
		return 11;
	if (zx_vmo_write(c, &byte, 0, 1) != ZX_ERR_NO_MEMORY)
		return 12;
	zx_handle_close(c);
	/* Decommitting gives the budget back, page for page. */
	if (zx_vmo_op_range(v, ZX_VMO_OP_DECOMMIT, 0, PAGE, NULL, 0) != ZX_OK)
		return 13;
	if (commit(v, BUDGET, 1) != ZX_OK)
		return 14;
	if (commit(v, BUDGET + 1, 1) != ZX_ERR_NO_MEMORY)
		return 15;
	if (committed_pages(v) != BUDGET)
		return 16;
	return 0;
}

/* Commit the whole budget as @uid; then report on @ready, wait on @go. */
static int user_fill(uid_t uid, int ready, int go)
{
	zx_handle_t v;
	char c = 0;

	if (become(uid))
		return 1;
	if (zx_vmo_create(BUDGET * 2 * PAGE, 0, &v) != ZX_OK)
		return 2;
	if (commit(v, 0, BUDGET) != ZX_OK)
		return 3;
	if (commit(v, BUDGET, 1) != ZX_ERR_NO_MEMORY)
		return 4;
	if (ready >= 0 && write(ready, &c, 1) != 1)
		return 5;
	if (go >= 0 && read(go, &c, 1) != 1)
		return 6;
	return 0;
}

/*
 * As @uid, commit @pages pages (one by one), then fail to commit one
 * more: ZX_ERR_NO_MEMORY, EDQUOT from write(2), SIGBUS from a fault.
 */
static int user_commits_then_stops(uid_t uid, uint64_t pages)
{
	zx_handle_t v;
	uint8_t *map;
	char byte = 1;
	uint64_t i;

	if (become(uid))
		return 1;
	if (zx_vmo_create(BUDGET * 2 * PAGE, 0, &v) != ZX_OK)
		return 2;
	for (i = 0; i < pages; i++)
		if (commit(v, i, 1) != ZX_OK)
			return 3;
	if (commit(v, pages, 1) != ZX_ERR_NO_MEMORY)
		return 4;
	if (pwrite((int)v, &byte, 1, pages * PAGE) != -1 || errno != EDQUOT)
		return 5;
	map = mmap(NULL, BUDGET * 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
		   (int)v, 0);
	if (map == MAP_FAILED || probe_write(map + pages * PAGE, 1) != SIGBUS)
		return 6;
	return committed_pages(v) == pages ? 0 : 7;
}

/* Write @pages pages into a VMO this process inherited from root. */
static int user_writes_roots_vmo(zx_handle_t v, uint64_t pages)
{
	if (become(USER_A))
		return 1;
	return commit(v, 0, pages) == ZX_OK ? 0 : 2;
}

/* Does [@off, @off + @len) of @v read @byte? */
static bool reads(zx_handle_t v, uint64_t off, uint64_t len, uint8_t byte)
{
	static uint8_t buf[16 * 4096];
	uint64_t i;

	if (len > sizeof(buf) || zx_vmo_read(v, buf, off, len) != ZX_OK)
		return false;
	for (i = 0; i < len; i++)
		if (buf[i] != byte)
			return false;
	return true;
}

/*
 * At its budget, a zeroing that needs a copy-on-write page fails with
 * NO_MEMORY and changes nothing: no byte, no size, no content size (the
 * page it could clear in place stays as it was too).
 */
static int failed_zeroing_changes_nothing(void)
{
	static uint8_t buf[8 * 4096];
	uint64_t size = 0, csize = 0;
	zx_handle_t v, c, w;
	int i;

	if (become(USER_A))
		return 1;
	memset(buf, 0x5a, sizeof(buf));
	if (zx_vmo_create(8 * PAGE, 0, &v) != ZX_OK ||
	    zx_vmo_write(v, buf, 0, 8 * PAGE) != ZX_OK)
		return 2;
	if (zx_vmo_create_child(v, ZX_VMO_CHILD_SNAPSHOT |
				ZX_VMO_CHILD_RESIZABLE, 0, 8 * PAGE,
				&c) != ZX_OK)
		return 3;
	/* Page 1 of the child is its own: it could be cleared in place. */
	memset(buf, 0x6b, PAGE);
	if (zx_vmo_write(c, buf, PAGE, PAGE) != ZX_OK)
		return 4;
	if (zx_vmo_create((BUDGET - 9) * PAGE, 0, &w) != ZX_OK ||
	    commit(w, 0, BUDGET - 9) != ZX_OK ||
	    commit(c, 0, 1) != ZX_ERR_NO_MEMORY)
		return 5;
	/* Head in page 1 (in place), tail in page 4 (needs a copy). */
	if (zx_vmo_op_range(c, ZX_VMO_OP_ZERO, PAGE + 10, 3 * PAGE + 90, NULL,
			    0) != ZX_ERR_NO_MEMORY)
		return 6;
	size = 4 * PAGE + 10;
	if (zx_object_set_property(c, ZX_PROP_VMO_CONTENT_SIZE, &size,
				   sizeof(size)) != ZX_ERR_NO_MEMORY)
		return 7;
	if (zx_object_get_property(c, ZX_PROP_VMO_CONTENT_SIZE, &csize,
				   sizeof(csize)) != ZX_OK || csize != 8 * PAGE)
		return 8;
	if (zx_vmo_set_size(c, 3 * PAGE + 10) != ZX_ERR_NO_MEMORY)
		return 9;
	if (zx_vmo_get_size(c, &size) != ZX_OK || size != 8 * PAGE)
		return 10;
	for (i = 0; i < 8; i++)
		if (!reads(c, i * PAGE, PAGE, i == 1 ? 0x6b : 0x5a))
			return 11 + i;
	return 0;
}

FIXTURE(budget) {
	long saved;
};

FIXTURE_SETUP(budget)
{
	self->saved = read_param();
	if (self->saved < 0)
		SKIP(return, "no %s: not this module", PARAM);
	ASSERT_EQ(0, write_param(BUDGET));
}

FIXTURE_TEARDOWN(budget)
{
	if (self->saved >= 0)
		EXPECT_EQ(0, write_param(self->saved));
}

TEST_F(budget, unprivileged_user_stops_at_its_budget)
{
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (!pid)
		_exit(user_at_budget());
	EXPECT_EQ(0, wait_child(pid));
}

/* User A, holding its whole budget until holder_release(). */
struct holder {
	pid_t pid;
	int ready[2], go[2];
};

static void holder_start(struct __test_metadata *_metadata, struct holder *h)
{
	char c;

	ASSERT_EQ(0, pipe(h->ready));
	ASSERT_EQ(0, pipe(h->go));
	h->pid = fork();
	ASSERT_LE(0, h->pid);
	if (!h->pid)
		_exit(user_fill(USER_A, h->ready[1], h->go[0]));
	ASSERT_EQ(1, read(h->ready[0], &c, 1));
}

/* User A exits, and its VMOs with it. */
static void holder_release(struct __test_metadata *_metadata, struct holder *h)
{
	char c = 0;
	int i;

	EXPECT_EQ(1, write(h->go[1], &c, 1));
	EXPECT_EQ(0, wait_child(h->pid));
	for (i = 0; i < 2; i++) {
		close(h->ready[i]);
		close(h->go[i]);
	}
}

/* Root (CAP_IPC_LOCK) commits four budgets' worth. */
static void root_commits_past_budgets(struct __test_metadata *_metadata)
{
	zx_handle_t v;

	ASSERT_EQ(ZX_OK, zx_vmo_create(4 * BUDGET * PAGE, 0, &v));
	EXPECT_EQ(ZX_OK, commit(v, 0, 4 * BUDGET));
	EXPECT_EQ(4u * BUDGET, committed_pages(v));
	zx_handle_close(v);
}

TEST_F(budget, another_user_is_unaffected_and_root_is_unlimited)
{
	struct holder h;
	pid_t a, b;

	holder_start(_metadata, &h);

	/* User A holds its whole budget: B has a budget of its own. */
	b = fork();
	ASSERT_LE(0, b);
	if (!b)
		_exit(user_fill(USER_B, -1, -1));
	EXPECT_EQ(0, wait_child(b));

	root_commits_past_budgets(_metadata);
	holder_release(_metadata, &h);

	/* A's VMOs are gone with A: its whole budget is back. */
	a = fork();
	ASSERT_LE(0, a);
	if (!a)
		_exit(user_fill(USER_A, -1, -1));
	EXPECT_EQ(0, wait_child(a));
}

/* Pages are charged to the user that created the tree's root VMO. */
TEST_F(budget, pages_count_against_the_trees_creator)
{
	zx_handle_t v;
	pid_t pid;

	ASSERT_EQ(ZX_OK, zx_vmo_create(4 * BUDGET * PAGE, 0, &v));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(user_writes_roots_vmo(v, 4 * BUDGET));
	EXPECT_EQ(0, wait_child(pid));
	EXPECT_EQ(4u * BUDGET, committed_pages(v));
	zx_handle_close(v);
}

TEST_F(budget, failed_zeroing_changes_nothing)
{
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (!pid)
		_exit(failed_zeroing_changes_nothing());
	EXPECT_EQ(0, wait_child(pid));
}

/*
 * With all users' budget at one user's and a half, a second user stops
 * at the half however much of its own is left; root does not count, and
 * the first user's pages come back to the others when it closes them.
 */
TEST_F(budget, all_users_stop_together)
{
	long saved_all = read_param_at(ALL_PARAM);
	struct holder h;
	pid_t b;

	ASSERT_LE(0, saved_all);
	ASSERT_EQ(0, write_param_at(ALL_PARAM, ALL_BUDGET));
	holder_start(_metadata, &h);

	b = fork();
	ASSERT_LE(0, b);
	if (!b)
		_exit(user_commits_then_stops(USER_B, ALL_BUDGET - BUDGET));
	EXPECT_EQ(0, wait_child(b));

	/* Root is outside all users' budget too. */
	root_commits_past_budgets(_metadata);
	holder_release(_metadata, &h);

	/* A's pages are back: B gets its whole budget again. */
	b = fork();
	ASSERT_LE(0, b);
	if (!b)
		_exit(user_commits_then_stops(USER_B, BUDGET));
	EXPECT_EQ(0, wait_child(b));
	EXPECT_EQ(0, write_param_at(ALL_PARAM, saved_all));
}

TEST_HARNESS_MAIN
