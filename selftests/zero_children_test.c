// SPDX-License-Identifier: GPL-2.0
/*
 * ZX_VMO_ZERO_CHILDREN: active on a new VMO, deasserted synchronously by
 * zx_vmo_create_child, reasserted when the last child object is gone.  A
 * child object outlives its handles while it is mapped or has children of
 * its own.  Blocked waiters are woken.
 */
#include "cow_helpers.h"

static bool pollpri(zx_handle_t h)
{
	struct pollfd p = { .fd = (int)h, .events = POLLPRI };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLPRI);
}

TEST(active_on_new_vmo)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_signals_t obs = 0;

	EXPECT_TRUE(pollpri(h));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(h, ZX_VMO_ZERO_CHILDREN, 0, &obs));
	EXPECT_EQ(ZX_VMO_ZERO_CHILDREN, obs & ZX_VMO_ZERO_CHILDREN);
	obs = 0;
	EXPECT_EQ(ZX_OK, zx_object_wait_one(h, ZX_VMO_ZERO_CHILDREN,
					    ZX_TIME_INFINITE, &obs));
	EXPECT_EQ(ZX_VMO_ZERO_CHILDREN, obs & ZX_VMO_ZERO_CHILDREN);
	zx_handle_close(h);
}

static void deassert_and_reassert(struct __test_metadata *_metadata,
				  uint32_t options)
{
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), c, d;

	c = child_new(_metadata, p, options, 0, PAGE);
	/* Synchronously: no waiting, no polling loop. */
	EXPECT_HAS_CHILDREN(p);
	EXPECT_FALSE(pollpri(p));
	/* The child's own signal is active. */
	EXPECT_ZERO_CHILDREN(c);
	d = child_new(_metadata, p, options, PAGE, PAGE);
	EXPECT_HAS_CHILDREN(p);
	zx_handle_close(c);
	EXPECT_HAS_CHILDREN(p);
	zx_handle_close(d);
	EXPECT_ZERO_CHILDREN(p);
	EXPECT_TRUE(pollpri(p));
	zx_handle_close(p);
}

TEST(snapshot_deasserts_then_last_close_reasserts)
{
	deassert_and_reassert(_metadata, ZX_VMO_CHILD_SNAPSHOT);
}

TEST(at_least_on_write_deasserts_then_last_close_reasserts)
{
	deassert_and_reassert(_metadata, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE);
}

TEST(slice_deasserts_then_last_close_reasserts)
{
	deassert_and_reassert(_metadata, ZX_VMO_CHILD_SLICE);
}

TEST(failed_create_child_keeps_signal)
{
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0);

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(p, ZX_VMO_CHILD_SNAPSHOT, 1, PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(p, ZX_VMO_CHILD_SLICE, 0, 8 * PAGE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, child_status(p, 0, 0, PAGE));
	EXPECT_ZERO_CHILDREN(p);
	zx_handle_close(p);
}

/* Every handle of the child must close, duplicates and dup(2) alike. */
TEST(every_child_handle_counts)
{
	zx_handle_t p = vmo_new(_metadata, PAGE, 0), c, d;
	int fd;

	c = snap(_metadata, p, 0, PAGE);
	d = dup_rights(_metadata, c, ZX_RIGHT_SAME_RIGHTS);
	fd = dup((int)c);
	ASSERT_LE(0, fd);
	zx_handle_close(c);
	EXPECT_HAS_CHILDREN(p);
	zx_handle_close(d);
	EXPECT_HAS_CHILDREN(p);
	close(fd);
	EXPECT_ZERO_CHILDREN(p);
	zx_handle_close(p);
}

static void mapped_child_counts(struct __test_metadata *_metadata, uint32_t options)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 2 * PAGE, 0), c;
	uint8_t *m;

	fill(_metadata, p, 0, 2 * PAGE, 0x11);
	c = child_new(_metadata, p, options, 0, 2 * PAGE);
	m = map_vmo(_metadata, c, RW, 0, 2 * PAGE);
	zx_handle_close(c);
	EXPECT_HAS_CHILDREN(p);
	EXPECT_EQ(1u, vmo_info(_metadata, p).num_children);
	m[0] = 0x22;
	EXPECT_EQ(0x11, m[PAGE]);
	unmap_vmo(_metadata, m, 2 * PAGE);
	EXPECT_ZERO_CHILDREN(p);
	EXPECT_EQ(0u, vmo_info(_metadata, p).num_children);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

TEST(mapped_snapshot_child_still_counts)
{
	mapped_child_counts(_metadata, ZX_VMO_CHILD_SNAPSHOT);
}

TEST(mapped_slice_still_counts)
{
	mapped_child_counts(_metadata, ZX_VMO_CHILD_SLICE);
}

/* A partially unmapped child keeps counting until the last piece goes. */
TEST(split_mapping_of_child_counts_until_last_piece)
{
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), c;
	uint8_t *m;

	c = snap(_metadata, p, 0, 4 * PAGE);
	m = map_vmo(_metadata, c, RW, 0, 4 * PAGE);
	zx_handle_close(c);
	ASSERT_EQ(0, munmap(m + PAGE, PAGE));
	EXPECT_HAS_CHILDREN(p);
	ASSERT_EQ(0, munmap(m, PAGE));
	EXPECT_HAS_CHILDREN(p);
	ASSERT_EQ(0, munmap(m + 2 * PAGE, 2 * PAGE));
	EXPECT_ZERO_CHILDREN(p);
	zx_handle_close(p);
}

/*
 * A child whose handles are closed but which has a child of its own
 * lingers: the grandparent keeps seeing a child until the grandchild goes.
 */
static void grandchild_keeps_child(struct __test_metadata *_metadata,
				   uint32_t child_opts, uint32_t grand_opts)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), c, g;

	fill(_metadata, p, 0, 4 * PAGE, 0x31);
	c = child_new(_metadata, p, child_opts, 0, 4 * PAGE);
	g = child_new(_metadata, c, grand_opts, 0, 2 * PAGE);
	EXPECT_HAS_CHILDREN(c);
	zx_handle_close(c);
	EXPECT_HAS_CHILDREN(p);
	EXPECT_EQ(1u, vmo_info(_metadata, p).num_children);
	EXPECT_EQ(base.vmos + 3, vmos_now());
	/* The grandchild is fully usable meanwhile. */
	expect_bytes(_metadata, g, 0, 2 * PAGE, 0x31);
	fill(_metadata, g, 0, 1, 0x32);
	expect_bytes(_metadata, g, 0, 1, 0x32);
	zx_handle_close(g);
	EXPECT_ZERO_CHILDREN(p);
	EXPECT_EQ(0u, vmo_info(_metadata, p).num_children);
	zx_handle_close(p);
	EXPECT_BASELINE(base);
}

TEST(snapshot_grandchild_keeps_snapshot_child)
{
	grandchild_keeps_child(_metadata, ZX_VMO_CHILD_SNAPSHOT, ZX_VMO_CHILD_SNAPSHOT);
}

TEST(slice_grandchild_keeps_slice_child)
{
	grandchild_keeps_child(_metadata, ZX_VMO_CHILD_SLICE, ZX_VMO_CHILD_SLICE);
}

TEST(slice_grandchild_keeps_snapshot_child)
{
	grandchild_keeps_child(_metadata, ZX_VMO_CHILD_SNAPSHOT, ZX_VMO_CHILD_SLICE);
}

/* Three generations closed top-down: each level reasserts in turn. */
TEST(great_grandchild_chain)
{
	zx_handle_t a = vmo_new(_metadata, PAGE, 0), b, c, d;

	b = snap(_metadata, a, 0, PAGE);
	c = slice(_metadata, b, 0, PAGE);
	d = slice(_metadata, c, 0, PAGE);
	zx_handle_close(b);
	zx_handle_close(c);
	EXPECT_HAS_CHILDREN(a);
	zx_handle_close(d);
	EXPECT_ZERO_CHILDREN(a);
	zx_handle_close(a);
}

/* A grandchild that is only mapped keeps the whole line alive. */
TEST(mapped_grandchild_keeps_child)
{
	zx_handle_t p = vmo_new(_metadata, PAGE, 0), c, g;
	uint8_t *m;

	c = snap(_metadata, p, 0, PAGE);
	g = snap(_metadata, c, 0, PAGE);
	m = map_vmo(_metadata, g, ZX_VM_PERM_READ, 0, PAGE);
	zx_handle_close(g);
	zx_handle_close(c);
	EXPECT_HAS_CHILDREN(p);
	unmap_vmo(_metadata, m, PAGE);
	EXPECT_ZERO_CHILDREN(p);
	zx_handle_close(p);
}

struct waiter {
	zx_handle_t h;
	zx_status_t st;
	zx_signals_t observed;
	int use_poll;
	volatile int started;
};

static void *wait_thread(void *arg)
{
	struct waiter *w = arg;

	w->started = 1;
	if (w->use_poll) {
		struct pollfd p = { .fd = (int)w->h, .events = POLLPRI };

		w->st = poll(&p, 1, -1) == 1 ? ZX_OK : ZX_ERR_INTERNAL;
		w->observed = (p.revents & POLLPRI) ? ZX_VMO_ZERO_CHILDREN : 0;
	} else {
		w->st = zx_object_wait_one(w->h, ZX_VMO_ZERO_CHILDREN,
					   ZX_TIME_INFINITE, &w->observed);
	}
	return NULL;
}

static void blocked_waiter_woken(struct __test_metadata *_metadata,
				 uint32_t options, int use_poll)
{
	zx_handle_t p = vmo_new(_metadata, PAGE, 0), c, d;
	struct waiter w = { .st = 12345, .use_poll = use_poll };
	pthread_t t;
	int i;

	c = child_new(_metadata, p, options, 0, PAGE);
	d = child_new(_metadata, p, options, 0, PAGE);
	w.h = p;
	ASSERT_EQ(0, pthread_create(&t, NULL, wait_thread, &w));
	while (!w.started)
		usleep(1000);
	usleep(100 * 1000);	/* let it block */
	EXPECT_EQ(12345, w.st);
	zx_handle_close(c);
	usleep(100 * 1000);
	EXPECT_EQ(12345, w.st);	/* one child left: still waiting */
	zx_handle_close(d);
	for (i = 0; i < 5000 && w.st == 12345; i++)
		usleep(1000);
	EXPECT_EQ(ZX_OK, w.st);
	EXPECT_EQ(ZX_VMO_ZERO_CHILDREN, w.observed & ZX_VMO_ZERO_CHILDREN);
	if (w.st == 12345) {
		/* Unstick the thread: nothing else will wake it. */
		pthread_cancel(t);
	}
	pthread_join(t, NULL);
	zx_handle_close(p);
}

TEST(blocked_wait_one_woken_by_last_snapshot_close)
{
	blocked_waiter_woken(_metadata, ZX_VMO_CHILD_SNAPSHOT, 0);
}

TEST(blocked_wait_one_woken_by_last_slice_close)
{
	blocked_waiter_woken(_metadata, ZX_VMO_CHILD_SLICE, 0);
}

TEST(blocked_poll_woken_by_last_child_close)
{
	blocked_waiter_woken(_metadata, ZX_VMO_CHILD_SNAPSHOT, 1);
}

/* A waiter on the grandparent is woken when a lingering child finally goes. */
TEST(blocked_waiter_woken_by_grandchild_close)
{
	zx_handle_t p = vmo_new(_metadata, PAGE, 0), c, g;
	struct waiter w = { .st = 12345 };
	pthread_t t;
	int i;

	c = snap(_metadata, p, 0, PAGE);
	g = slice(_metadata, c, 0, PAGE);
	zx_handle_close(c);
	w.h = p;
	ASSERT_EQ(0, pthread_create(&t, NULL, wait_thread, &w));
	while (!w.started)
		usleep(1000);
	usleep(100 * 1000);
	EXPECT_EQ(12345, w.st);
	zx_handle_close(g);
	for (i = 0; i < 5000 && w.st == 12345; i++)
		usleep(1000);
	EXPECT_EQ(ZX_OK, w.st);
	EXPECT_EQ(ZX_VMO_ZERO_CHILDREN, w.observed & ZX_VMO_ZERO_CHILDREN);
	if (w.st == 12345)
		pthread_cancel(t);
	pthread_join(t, NULL);
	zx_handle_close(p);
}

/* A waiter with a finite deadline times out while a child lives. */
TEST(wait_with_deadline_times_out_while_child_lives)
{
	zx_handle_t p = vmo_new(_metadata, PAGE, 0), c;
	zx_signals_t obs = 0xffffffff;
	zx_time_t start = zx_clock_get_monotonic();

	c = snap(_metadata, p, 0, PAGE);
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_one(p, ZX_VMO_ZERO_CHILDREN,
				     zx_deadline_after(ZX_MSEC(50)), &obs));
	EXPECT_EQ(0u, obs & ZX_VMO_ZERO_CHILDREN);
	EXPECT_LE(start + ZX_MSEC(50), zx_clock_get_monotonic());
	zx_handle_close(c);
	EXPECT_ZERO_CHILDREN(p);
	zx_handle_close(p);
}

/* The signal follows many children coming and going. */
TEST(many_children_come_and_go)
{
	zx_handle_t p = vmo_new(_metadata, PAGE, 0), c[32];
	int i, round;

	for (round = 0; round < 3; round++) {
		for (i = 0; i < 32; i++) {
			c[i] = child_new(_metadata, p, i % 3 == 0 ? ZX_VMO_CHILD_SLICE :
					 ZX_VMO_CHILD_SNAPSHOT, 0, PAGE);
			EXPECT_HAS_CHILDREN(p);
		}
		for (i = 0; i < 32; i++) {
			EXPECT_HAS_CHILDREN(p);
			zx_handle_close(c[(i * 7 + round) % 32]);
		}
		EXPECT_ZERO_CHILDREN(p);
	}
	zx_handle_close(p);
}

TEST_HARNESS_MAIN
