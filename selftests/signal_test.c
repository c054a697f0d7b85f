// SPDX-License-Identifier: GPL-2.0
/*
 * User signals on VMOs: zx_object_signal() with ZX_USER_SIGNAL_0..7, seen
 * by zx_object_wait_one() and poll(2) alongside ZX_VMO_ZERO_CHILDREN.
 * Zircon's rules: ZX_RIGHT_SIGNAL (in the default VMO rights) is needed,
 * masks may hold user signals only, clear goes before set, and the signals
 * are state of the object, shared by all its handles, waking waiters.
 */
#include "cow_helpers.h"
#include "resource_helpers.h"

#define ZC ZX_VMO_ZERO_CHILDREN

/* The poll event of each user signal (the uapi header's table). */
static const short user_event[8] = {
	POLLIN, POLLOUT, POLLRDNORM, POLLRDBAND,
	POLLWRNORM, POLLWRBAND, POLLMSG, POLLRDHUP,
};

#define ALL_EVENTS (POLLPRI | POLLIN | POLLOUT | POLLRDNORM | POLLRDBAND | \
		    POLLWRNORM | POLLWRBAND | POLLMSG | POLLRDHUP)

/* The state as a zero-deadline wait sees it (ZX_ERR_TIMED_OUT + observed). */
static zx_signals_t state_of(struct __test_metadata *_metadata, zx_handle_t h)
{
	zx_signals_t obs = 0xdead;

	/* HANDLE_CLOSED is never active on a live handle: always times out. */
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_one(h, ZX_SIGNAL_HANDLE_CLOSED, 0, &obs));
	return obs;
}

/* The events a zero-timeout poll for every signal reports. */
static short poll_now(zx_handle_t h)
{
	struct pollfd p = { .fd = (int)h, .events = ALL_EVENTS };

	return poll(&p, 1, 0) == 1 ? p.revents : 0;
}

TEST(default_rights_hold_signal)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t c = snap(_metadata, h, 0, PAGE);

	EXPECT_EQ(ZX_RIGHT_SIGNAL, rights_of(_metadata, h) & ZX_RIGHT_SIGNAL);
	EXPECT_EQ(ZX_RIGHT_SIGNAL, rights_of(_metadata, c) & ZX_RIGHT_SIGNAL);
	zx_handle_close(c);
	zx_handle_close(h);
}

TEST(set_clear_observe)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_signals_t obs = 0;

	EXPECT_EQ(ZC, state_of(_metadata, h));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(h, ZX_USER_SIGNAL_0, 0, &obs));
	EXPECT_EQ(ZC, obs);

	EXPECT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(h, ZX_USER_SIGNAL_0, 0, &obs));
	EXPECT_EQ(ZC | ZX_USER_SIGNAL_0, obs);

	/* Clear one, set another in one call. */
	EXPECT_EQ(ZX_OK, zx_object_signal(h, ZX_USER_SIGNAL_0, ZX_USER_SIGNAL_5));
	EXPECT_EQ(ZC | ZX_USER_SIGNAL_5, state_of(_metadata, h));
	obs = 0;
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(h, ZX_USER_SIGNAL_0, 0, &obs));
	EXPECT_EQ(ZC | ZX_USER_SIGNAL_5, obs);

	/* Clear comes before set: a bit in both masks ends up set. */
	EXPECT_EQ(ZX_OK, zx_object_signal(h, ZX_USER_SIGNAL_ALL, ZX_USER_SIGNAL_2));
	EXPECT_EQ(ZC | ZX_USER_SIGNAL_2, state_of(_metadata, h));
	EXPECT_EQ(ZX_OK, zx_object_signal(h, ZX_USER_SIGNAL_2, ZX_USER_SIGNAL_2));
	EXPECT_EQ(ZC | ZX_USER_SIGNAL_2, state_of(_metadata, h));

	/* All, then none; empty masks change nothing. */
	EXPECT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_ALL));
	EXPECT_EQ(ZC | ZX_USER_SIGNAL_ALL, state_of(_metadata, h));
	EXPECT_EQ(ZX_OK, zx_object_signal(h, 0, 0));
	EXPECT_EQ(ZC | ZX_USER_SIGNAL_ALL, state_of(_metadata, h));
	EXPECT_EQ(ZX_OK, zx_object_signal(h, ZX_USER_SIGNAL_ALL, 0));
	EXPECT_EQ(ZC, state_of(_metadata, h));
	zx_handle_close(h);
}

/* Each bit alone: waits for it succeed, for any other time out; poll agrees. */
TEST(each_user_signal_alone)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_signals_t obs, sig, other;
	int n, m;

	for (n = 0; n < 8; n++) {
		sig = ZX_USER_SIGNAL_0 << n;
		ASSERT_EQ(ZX_OK, zx_object_signal(h, ZX_USER_SIGNAL_ALL, sig));
		obs = 0;
		EXPECT_EQ(ZX_OK, zx_object_wait_one(h, sig, 0, &obs));
		EXPECT_EQ(ZC | sig, obs);
		for (m = 0; m < 8; m++) {
			if (m == n)
				continue;
			other = ZX_USER_SIGNAL_0 << m;
			EXPECT_EQ(ZX_ERR_TIMED_OUT,
				  zx_object_wait_one(h, other, 0, &obs));
			EXPECT_EQ(ZC | sig, obs);
		}
		EXPECT_EQ(POLLPRI | user_event[n], poll_now(h));
	}
	zx_handle_close(h);
}

/* ZERO_CHILDREN and user signals side by side. */
TEST(alongside_zero_children)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0), c;
	zx_signals_t obs = 0;

	EXPECT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_1));
	c = snap(_metadata, h, 0, PAGE);
	EXPECT_EQ(ZX_USER_SIGNAL_1, state_of(_metadata, h));
	EXPECT_EQ(POLLOUT, poll_now(h));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(h, ZC | ZX_USER_SIGNAL_1, 0, &obs));
	EXPECT_EQ(ZX_USER_SIGNAL_1, obs);
	/* The child is an object of its own: none of the parent's signals. */
	EXPECT_EQ(ZC, state_of(_metadata, c));
	zx_handle_close(c);
	EXPECT_EQ(ZC | ZX_USER_SIGNAL_1, state_of(_metadata, h));
	EXPECT_EQ(POLLPRI | POLLOUT, poll_now(h));
	zx_handle_close(h);
}

TEST(signal_needs_right)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t w = dup_rights(_metadata, h, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_SIGNAL);
	zx_handle_t s = dup_rights(_metadata, h, ZX_RIGHT_SIGNAL);
	zx_signals_t obs;

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal(w, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal(w, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal(w, 0, 0));
	/* The right is checked before the masks. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal(w, 0, ZC));
	EXPECT_EQ(ZC, state_of(_metadata, h));

	/* SIGNAL alone is enough to signal, but waiting needs WAIT. */
	EXPECT_EQ(ZX_OK, zx_object_signal(s, 0, ZX_USER_SIGNAL_4));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_wait_one(s, ZX_USER_SIGNAL_4, 0, &obs));
	EXPECT_EQ(ZC | ZX_USER_SIGNAL_4, state_of(_metadata, w));
	zx_handle_close(s);
	zx_handle_close(w);
	zx_handle_close(h);
}

TEST(invalid_masks)
{
	static const uint32_t bad[] = {
		ZC, 1u, ZX_SIGNAL_HANDLE_CLOSED, 0x00ffffffu, 0xffffffffu,
		ZX_USER_SIGNAL_0 >> 1,
	};
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	size_t i;

	ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_6));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal(h, 0, bad[i]));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal(h, bad[i], 0));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_object_signal(h, ZX_USER_SIGNAL_6, bad[i] | ZX_USER_SIGNAL_0));
	}
	/* A refused call changes nothing. */
	EXPECT_EQ(ZC | ZX_USER_SIGNAL_6, state_of(_metadata, h));
	zx_handle_close(h);
}

TEST(bad_handles)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);

	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_signal(ZX_HANDLE_INVALID, 0, ZX_USER_SIGNAL_0));
	zx_handle_close(h);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_signal(h, 0, ZX_USER_SIGNAL_0));
	/* Bad handle before bad masks. */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_signal(h, 0, ZC));
	/* The root VMAR holds no ZX_RIGHT_SIGNAL. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_signal(zx_vmar_root_self(), 0, ZX_USER_SIGNAL_0));
}

/* The raw ioctl: reserved must be zero. */
TEST(ioctl_reserved_field)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	struct zxvmo_signal_args a = { .set_mask = ZX_USER_SIGNAL_0, .reserved = 1 };

	EXPECT_EQ(-1, ioctl((int)h, ZXVMO_IOC_SIGNAL, &a));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(ZC, state_of(_metadata, h));
	a.reserved = 0;
	EXPECT_EQ(0, ioctl((int)h, ZXVMO_IOC_SIGNAL, &a));
	EXPECT_EQ(ZC | ZX_USER_SIGNAL_0, state_of(_metadata, h));
	zx_handle_close(h);
}

/* Duplicates and dup(2)'d descriptors share the object's state. */
TEST(duplicates_share_state)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0), d, s;
	int fd;

	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &d));
	fd = dup((int)h);
	ASSERT_LE(0, fd);
	EXPECT_EQ(ZX_OK, zx_object_signal(d, 0, ZX_USER_SIGNAL_3));
	EXPECT_EQ(ZC | ZX_USER_SIGNAL_3, state_of(_metadata, h));
	EXPECT_EQ(ZC | ZX_USER_SIGNAL_3, state_of(_metadata, (zx_handle_t)fd));
	EXPECT_EQ(ZX_OK, zx_object_signal((zx_handle_t)fd, ZX_USER_SIGNAL_3, ZX_USER_SIGNAL_7));
	EXPECT_EQ(ZC | ZX_USER_SIGNAL_7, state_of(_metadata, d));

	/* The state outlives the handle that set it. */
	zx_handle_close(h);
	close(fd);
	EXPECT_EQ(ZC | ZX_USER_SIGNAL_7, state_of(_metadata, d));

	/* A slice is an object of its own. */
	s = child_new(_metadata, d, ZX_VMO_CHILD_SLICE, 0, PAGE);
	EXPECT_EQ(ZC, state_of(_metadata, s));
	EXPECT_EQ(ZX_OK, zx_object_signal(s, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_USER_SIGNAL_7, state_of(_metadata, d));
	zx_handle_close(s);
	zx_handle_close(d);
}

struct waiter {
	zx_handle_t h;
	zx_signals_t want;
	int use_poll;
	short events;
	_Atomic int started;
	_Atomic zx_status_t st;
	zx_signals_t observed;
	short revents;
};

static void *wait_thread(void *arg)
{
	struct waiter *w = arg;
	struct pollfd p = { .fd = (int)w->h, .events = w->events };
	zx_status_t st;

	w->started = 1;
	if (w->use_poll) {
		st = poll(&p, 1, 20000) == 1 ? ZX_OK : ZX_ERR_TIMED_OUT;
		w->revents = p.revents;
	} else {
		st = zx_object_wait_one(w->h, w->want, zx_deadline_after(ZX_SEC(20)),
					&w->observed);
	}
	w->st = st;
	return NULL;
}

/* A blocked waiter wakes for its signal, not for another one. */
static void waiter_woken(struct __test_metadata *_metadata, int use_poll)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0), d;
	struct waiter w = {
		.want = ZX_USER_SIGNAL_2, .use_poll = use_poll, .events = POLLRDNORM,
		.st = 12345,
	};
	pthread_t t;
	int i;

	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &d));
	w.h = h;
	ASSERT_EQ(0, pthread_create(&t, NULL, wait_thread, &w));
	while (!w.started)
		usleep(1000);
	usleep(100 * 1000);	/* let it block */
	EXPECT_EQ(12345, w.st);
	/* Another signal, through another handle: still waiting. */
	EXPECT_EQ(ZX_OK, zx_object_signal(d, 0, ZX_USER_SIGNAL_1));
	usleep(100 * 1000);
	EXPECT_EQ(12345, w.st);
	EXPECT_EQ(ZX_OK, zx_object_signal(d, 0, ZX_USER_SIGNAL_2));
	for (i = 0; i < 5000 && w.st == 12345; i++)
		usleep(1000);
	pthread_join(t, NULL);
	EXPECT_EQ(ZX_OK, w.st);
	if (use_poll) {
		EXPECT_EQ(POLLRDNORM, w.revents);
	} else {
		EXPECT_EQ(ZC | ZX_USER_SIGNAL_1 | ZX_USER_SIGNAL_2, w.observed);
	}
	zx_handle_close(d);
	zx_handle_close(h);
}

TEST(wait_one_woken_by_signal)
{
	waiter_woken(_metadata, 0);
}

TEST(poll_woken_by_signal)
{
	waiter_woken(_metadata, 1);
}

/* A wait with a deadline that passes sees the state at the end. */
TEST(deadline_observes_state)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_signals_t obs = 0;
	zx_time_t t0;

	ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_0));
	t0 = zx_clock_get_monotonic();
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_one(h, ZX_USER_SIGNAL_1, zx_deadline_after(ZX_MSEC(30)), &obs));
	EXPECT_LE(ZX_MSEC(30), zx_clock_get_monotonic() - t0);
	EXPECT_EQ(ZC | ZX_USER_SIGNAL_0, obs);
	zx_handle_close(h);
}

/* Resources and BTIs: no handle of theirs holds ZX_RIGHT_SIGNAL. */
TEST(other_objects)
{
	zx_handle_t bti = ZX_HANDLE_INVALID;
	struct pollfd p;

	if (zxvmo_get_bti(&bti) != ZX_OK)
		SKIP(return, "no BTI (needs CAP_SYS_ADMIN)");
	EXPECT_EQ(0u, rights_of(_metadata, bti) & ZX_RIGHT_SIGNAL);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal(bti, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal(bti, 0, ZC));
	/* No event on their descriptors. */
	p = (struct pollfd){ .fd = (int)bti, .events = ALL_EVENTS };
	EXPECT_EQ(0, poll(&p, 1, 0));
	zx_handle_close(bti);
}

TEST_HARNESS_MAIN
