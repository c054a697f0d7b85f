// SPDX-License-Identifier: GPL-2.0
/*
 * ZX_VMO_ZERO_CHILDREN: poll()/epoll report it as EPOLLPRI, and
 * zx_object_wait_one() waits on it.
 */
#include "zxvmo_test.h"

#include <sys/epoll.h>
#include <time.h>

TEST(zero_children_is_signal_3)
{
	EXPECT_EQ(1u << 3, ZX_VMO_ZERO_CHILDREN);
}

TEST(poll_reports_pri)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	struct pollfd pfd = { .fd = (int)h, .events = POLLPRI };

	EXPECT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_EQ(POLLPRI, pfd.revents & POLLPRI);
	EXPECT_EQ(0, pfd.revents & (POLLERR | POLLNVAL));
	zx_handle_close(h);
}

/* Level triggered: still active after reads, writes, resizes and maps. */
TEST(poll_pri_stays_active)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, ZX_VMO_RESIZABLE);
	struct pollfd pfd = { .fd = (int)h, .events = POLLPRI };
	void *p;

	fill(_metadata, h, 0, 10, 1);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, 3 * PAGE));
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, (int)h, 0);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_EQ(POLLPRI, pfd.revents & POLLPRI);
	pfd.revents = 0;
	EXPECT_EQ(1, poll(&pfd, 1, 1000));
	EXPECT_EQ(POLLPRI, pfd.revents & POLLPRI);
	munmap(p, PAGE);
	zx_handle_close(h);
}

TEST(poll_on_every_handle)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t none = dup_rights(_metadata, h, ZX_RIGHT_WAIT);
	struct pollfd pfd[2] = {
		{ .fd = (int)h, .events = POLLPRI },
		{ .fd = (int)none, .events = POLLPRI },
	};

	EXPECT_EQ(2, poll(pfd, 2, 0));
	EXPECT_EQ(POLLPRI, pfd[0].revents & POLLPRI);
	EXPECT_EQ(POLLPRI, pfd[1].revents & POLLPRI);
	zx_handle_close(h);
	zx_handle_close(none);
}

TEST(epoll_reports_pri)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	struct epoll_event ev = { .events = EPOLLPRI, .data.u64 = 0x1234 };
	struct epoll_event out;
	int ep = epoll_create1(EPOLL_CLOEXEC);

	ASSERT_LE(0, ep);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, (int)h, &ev));
	memset(&out, 0, sizeof(out));
	EXPECT_EQ(1, epoll_wait(ep, &out, 1, 0));
	EXPECT_EQ((uint32_t)EPOLLPRI, out.events & EPOLLPRI);
	EXPECT_EQ(0x1234u, out.data.u64);
	close(ep);
	zx_handle_close(h);
}

TEST(wait_one_zero_children_immediate)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_signals_t obs = 0;

	EXPECT_EQ(ZX_OK, zx_object_wait_one(h, ZX_VMO_ZERO_CHILDREN, 0, &obs));
	EXPECT_EQ(ZX_VMO_ZERO_CHILDREN, obs & ZX_VMO_ZERO_CHILDREN);
	obs = 0;
	EXPECT_EQ(ZX_OK, zx_object_wait_one(h, ZX_VMO_ZERO_CHILDREN,
					    ZX_TIME_INFINITE, &obs));
	EXPECT_EQ(ZX_VMO_ZERO_CHILDREN, obs & ZX_VMO_ZERO_CHILDREN);
	zx_handle_close(h);
}

TEST(wait_one_null_observed)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);

	EXPECT_EQ(ZX_OK, zx_object_wait_one(h, ZX_VMO_ZERO_CHILDREN, 0, NULL));
	zx_handle_close(h);
}

TEST(wait_one_other_signal_times_out)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_signals_t obs = 0;

	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(h, ZX_USER_SIGNAL_0, 0, &obs));
	EXPECT_EQ(ZX_VMO_ZERO_CHILDREN, obs & ZX_VMO_ZERO_CHILDREN);
	EXPECT_EQ(0u, obs & ZX_USER_SIGNAL_0);
	zx_handle_close(h);
}

TEST(wait_one_waits_until_deadline)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	struct timespec t0, t1;
	zx_signals_t obs = 0;
	int64_t ns;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_one(h, ZX_USER_SIGNAL_1, zx_deadline_after(ZX_MSEC(50)),
				     &obs));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ns = (t1.tv_sec - t0.tv_sec) * 1000000000ll + (t1.tv_nsec - t0.tv_nsec);
	EXPECT_LE(45000000ll, ns);
	EXPECT_EQ(ZX_VMO_ZERO_CHILDREN, obs & ZX_VMO_ZERO_CHILDREN);
	zx_handle_close(h);
}

TEST(wait_one_needs_wait_right)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t nowait = dup_rights(_metadata, h,
					ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WAIT);
	zx_handle_t onlywait = dup_rights(_metadata, h, ZX_RIGHT_WAIT);
	zx_signals_t obs = 0;

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_wait_one(nowait, ZX_VMO_ZERO_CHILDREN, 0, &obs));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(onlywait, ZX_VMO_ZERO_CHILDREN, 0, &obs));
	zx_handle_close(h);
	zx_handle_close(nowait);
	zx_handle_close(onlywait);
}

TEST(wait_one_bad_handle)
{
	zx_signals_t obs = 0;

	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_wait_one(ZX_HANDLE_INVALID, ZX_VMO_ZERO_CHILDREN, 0, &obs));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_wait_one(closed_handle(), ZX_VMO_ZERO_CHILDREN, 0, &obs));
}

/* Waiting from another thread while the VMO is being used. */
struct waiter_arg {
	zx_handle_t h;
	zx_status_t status;
	zx_signals_t obs;
};

static void *waiter(void *p)
{
	struct waiter_arg *a = p;

	a->status = zx_object_wait_one(a->h, ZX_VMO_ZERO_CHILDREN,
				       zx_deadline_after(ZX_SEC(10)), &a->obs);
	return NULL;
}

TEST(wait_one_from_threads)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	struct waiter_arg a[4];
	pthread_t t[4];
	int i;

	for (i = 0; i < 4; i++) {
		a[i].h = h;
		a[i].status = ZX_ERR_INTERNAL;
		a[i].obs = 0;
		ASSERT_EQ(0, pthread_create(&t[i], NULL, waiter, &a[i]));
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		EXPECT_EQ(ZX_OK, a[i].status);
		EXPECT_EQ(ZX_VMO_ZERO_CHILDREN, a[i].obs & ZX_VMO_ZERO_CHILDREN);
	}
	zx_handle_close(h);
}

TEST(wait_one_past_deadline)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_signals_t obs = 0;

	EXPECT_EQ(ZX_OK, zx_object_wait_one(h, ZX_VMO_ZERO_CHILDREN,
					    ZX_TIME_INFINITE_PAST, &obs));
	EXPECT_EQ(ZX_VMO_ZERO_CHILDREN, obs & ZX_VMO_ZERO_CHILDREN);
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_one(h, ZX_USER_SIGNAL_2, ZX_TIME_INFINITE_PAST, &obs));
	zx_handle_close(h);
}

TEST_HARNESS_MAIN
