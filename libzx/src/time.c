// SPDX-License-Identifier: BSD-2-Clause
/*
 * Clocks.  ZX_CLOCK_MONOTONIC is CLOCK_MONOTONIC in nanoseconds; "ticks"
 * are nanoseconds too (zx_ticks_per_second() is 10^9).
 */
#include <errno.h>
#include <time.h>

#include "zxl.h"

zx_instant_mono_t zx_clock_get_monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return zx_time_from_timespec(ts);
}

zx_ticks_t zx_ticks_get(void)
{
	return zx_clock_get_monotonic();
}

zx_ticks_t zx_ticks_per_second(void)
{
	return 1000000000;
}

zx_instant_mono_t zx_deadline_after(zx_duration_mono_t nanoseconds)
{
	return zx_time_add_duration(zx_clock_get_monotonic(), nanoseconds);
}

/* Sleeps until @deadline; a deadline in the past returns at once. */
zx_status_t zx_nanosleep(zx_instant_mono_t deadline)
{
	struct timespec ts;

	if (deadline <= 0)
		return ZX_OK;
	if (deadline == ZX_TIME_INFINITE) {
		for (;;) {
			ts.tv_sec = 1000000;
			ts.tv_nsec = 0;
			clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
		}
	}
	ts = zx_timespec_from_time(deadline);
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
	return ZX_OK;
}
