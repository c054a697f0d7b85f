// SPDX-License-Identifier: BSD-2-Clause
/*
 * zx_object_wait_one() on poll(): a VMO descriptor reports each of its
 * active signals as a poll event of its own (see the uapi header):
 * ZX_VMO_ZERO_CHILDREN is POLLPRI, ZX_USER_SIGNAL_0..7 are POLLIN, POLLOUT,
 * POLLRDNORM, POLLRDBAND, POLLWRNORM, POLLWRBAND, POLLMSG and POLLRDHUP.
 * So a wait polls for exactly the events of the signals asked for;
 * ZXVMO_IOC_GET_SIGNALS reads the state, and the kernel refuses it without
 * ZX_RIGHT_WAIT (ZX_ERR_ACCESS_DENIED), which is how a wait checks the
 * right.  Other objects (resources, BTIs, PMTs) have no signal that can
 * become active and report no poll event: a wait on them times out.
 *
 * A handle closed by another thread during the wait is not noticed by
 * poll() on Linux; the wait then runs to its deadline (Zircon would end it
 * with ZX_ERR_CANCELED).  A handle found closed when poll() starts gives
 * ZX_ERR_CANCELED with ZX_SIGNAL_HANDLE_CLOSED observed.
 */
#include <errno.h>
#include <poll.h>
#include <time.h>

#include "zxl.h"

/*
 * End of a wait, as Zircon's sys_object_wait_one(): the observed signals are
 * copied out whatever the outcome, and a bad @observed pointer turns any
 * result into ZX_ERR_INVALID_ARGS.
 */
static zx_status_t zxl_wait_done(zx_signals_t *observed, zx_signals_t state, zx_status_t result)
{
	if (observed) {
		zx_status_t st = zxl_copy_out(observed, &state, sizeof(state));

		if (st != ZX_OK)
			return st;
	}
	return result;
}

/* Each signal a VMO can assert and its poll event. */
static const struct {
	zx_signals_t signal;
	short event;
} zxl_signal_events[] = {
	{ ZX_VMO_ZERO_CHILDREN, POLLPRI },
	{ ZX_USER_SIGNAL_0, POLLIN },
	{ ZX_USER_SIGNAL_1, POLLOUT },
	{ ZX_USER_SIGNAL_2, POLLRDNORM },
	{ ZX_USER_SIGNAL_3, POLLRDBAND },
	{ ZX_USER_SIGNAL_4, POLLWRNORM },
	{ ZX_USER_SIGNAL_5, POLLWRBAND },
	{ ZX_USER_SIGNAL_6, POLLMSG },
	{ ZX_USER_SIGNAL_7, POLLRDHUP },
};

#define ZXL_N_SIGNALS (sizeof(zxl_signal_events) / sizeof(zxl_signal_events[0]))

/* The poll events of @signals (those a VMO can assert). */
static short zxl_events_of(zx_signals_t signals)
{
	short events = 0;
	size_t i;

	for (i = 0; i < ZXL_N_SIGNALS; i++)
		if (signals & zxl_signal_events[i].signal)
			events |= zxl_signal_events[i].event;
	return events;
}

/* The signals that poll events @revents report. */
static zx_signals_t zxl_signals_of(short revents)
{
	zx_signals_t signals = 0;
	size_t i;

	for (i = 0; i < ZXL_N_SIGNALS; i++)
		if (revents & zxl_signal_events[i].event)
			signals |= zxl_signal_events[i].signal;
	return signals;
}

/* The object's active signals in *@state (kept if the kernel refuses). */
static zx_status_t zxl_signals_now(int fd, zx_signals_t *state)
{
	uint32_t signals;
	int r = zxl_ioctl(fd, ZXVMO_IOC_GET_SIGNALS, &signals);

	if (r < 0)
		return zxl_status_from_errno(-r);
	*state = signals;
	return ZX_OK;
}

/* Time left until @deadline, or NULL for ZX_TIME_INFINITE. */
static struct timespec *zxl_timeout(zx_time_t deadline, struct timespec *ts)
{
	zx_duration_t left;

	if (deadline == ZX_TIME_INFINITE)
		return NULL;
	left = zx_time_sub_time(deadline, zx_clock_get_monotonic());
	if (left < 0)
		left = 0;
	*ts = zx_timespec_from_duration(left);
	return ts;
}

/* Sleep until @deadline (forever for ZX_TIME_INFINITE). */
static void zxl_sleep_until(zx_time_t deadline)
{
	for (;;) {
		struct timespec ts;
		int r;

		if (deadline == ZX_TIME_INFINITE) {
			ts.tv_sec = 1000000;
			ts.tv_nsec = 0;
			r = clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
		} else {
			if (deadline <= 0)
				return;
			ts = zx_timespec_from_time(deadline);
			r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
			if (r == 0)
				return;
		}
		if (r != 0 && r != EINTR)
			return;
	}
}

zx_status_t zx_object_wait_one(zx_handle_t handle, zx_signals_t signals, zx_time_t deadline,
			       zx_signals_t *observed)
{
	zx_signals_t state = 0;
	zx_status_t st;
	short events;
	int fd = -1;

	if (handle == ZXL_ROOT_VMAR_HANDLE)
		return ZX_ERR_ACCESS_DENIED; /* VMARs lack ZX_RIGHT_WAIT */
	st = zxl_fd(handle, &fd);
	if (st != ZX_OK)
		return st;
	st = zxl_signals_now(fd, &state); /* ZX_RIGHT_WAIT: the kernel's rule */
	if (st != ZX_OK)
		return st;

	events = zxl_events_of(signals);
	if (!events) {
		/* Nothing asked for can ever become active. */
		zxl_sleep_until(deadline);
		zxl_signals_now(fd, &state);
		return zxl_wait_done(observed, state, ZX_ERR_TIMED_OUT);
	}

	for (;;) {
		struct pollfd p = { .fd = fd, .events = events };
		struct timespec ts, *tsp = zxl_timeout(deadline, &ts);
		int r = ppoll(&p, 1, tsp, NULL);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return errno == ENOMEM ? ZX_ERR_NO_MEMORY : ZX_ERR_INTERNAL;
		}
		if (r > 0 && (p.revents & POLLNVAL))
			return zxl_wait_done(observed, ZX_SIGNAL_HANDLE_CLOSED, ZX_ERR_CANCELED);
		if (r > 0 && (p.revents & events)) {
			/* What woke us, and the rest of the state as it is now. */
			zxl_signals_now(fd, &state);
			state |= zxl_signals_of(p.revents);
			break;
		}
		if (r > 0)
			return ZX_ERR_INTERNAL; /* POLLERR/POLLHUP: not from zxvmo */
		/* Timed out (ppoll may wake a little early: check the clock). */
		if (deadline != ZX_TIME_INFINITE && zx_clock_get_monotonic() >= deadline) {
			zxl_signals_now(fd, &state);
			return zxl_wait_done(observed, state, ZX_ERR_TIMED_OUT);
		}
	}
	return zxl_wait_done(observed, state, ZX_OK);
}
