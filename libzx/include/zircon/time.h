/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libzx: time types and saturating time arithmetic, as in Fuchsia's
 * <zircon/time.h>.  All times are nanoseconds; ZX_CLOCK_MONOTONIC is Linux's
 * CLOCK_MONOTONIC.
 */
#ifndef ZIRCON_TIME_H_
#define ZIRCON_TIME_H_

#include <stdint.h>
#include <time.h>
#include <zircon/compiler.h>

__BEGIN_CDECLS

typedef int64_t zx_instant_mono_t;
typedef int64_t zx_instant_mono_ticks_t;
typedef int64_t zx_duration_mono_t;
typedef int64_t zx_duration_mono_ticks_t;
typedef int64_t zx_instant_boot_t;
typedef int64_t zx_instant_boot_ticks_t;
typedef int64_t zx_duration_boot_t;
typedef int64_t zx_duration_boot_ticks_t;

typedef int64_t zx_time_t;
typedef int64_t zx_duration_t;
typedef int64_t zx_ticks_t;

#define ZX_TIME_INFINITE INT64_MAX
#define ZX_TIME_INFINITE_PAST INT64_MIN

/* a + b, clamped to [ZX_TIME_INFINITE_PAST, ZX_TIME_INFINITE]. */
static inline int64_t __zx_time_sat_add(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r))
    return b > 0 ? ZX_TIME_INFINITE : ZX_TIME_INFINITE_PAST;
  return r;
}

static inline int64_t __zx_time_sat_sub(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_sub_overflow(a, b, &r))
    return b < 0 ? ZX_TIME_INFINITE : ZX_TIME_INFINITE_PAST;
  return r;
}

static inline int64_t __zx_time_sat_mul(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r))
    return ((a < 0) == (b < 0)) ? ZX_TIME_INFINITE : ZX_TIME_INFINITE_PAST;
  return r;
}

static inline zx_time_t zx_time_add_duration(zx_time_t time, zx_duration_t duration) {
  return __zx_time_sat_add(time, duration);
}

static inline zx_time_t zx_time_sub_duration(zx_time_t time, zx_duration_t duration) {
  return __zx_time_sat_sub(time, duration);
}

static inline zx_duration_t zx_time_sub_time(zx_time_t time1, zx_time_t time2) {
  return __zx_time_sat_sub(time1, time2);
}

static inline zx_duration_t zx_duration_add_duration(zx_duration_t dur1, zx_duration_t dur2) {
  return __zx_time_sat_add(dur1, dur2);
}

static inline zx_duration_t zx_duration_sub_duration(zx_duration_t dur1, zx_duration_t dur2) {
  return __zx_time_sat_sub(dur1, dur2);
}

static inline zx_duration_t zx_duration_mul_int64(zx_duration_t duration, int64_t multiplier) {
  return __zx_time_sat_mul(duration, multiplier);
}

static inline int64_t zx_nsec_from_duration(zx_duration_t n) { return n; }
static inline zx_duration_t zx_duration_from_nsec(int64_t n) { return n; }
static inline zx_duration_t zx_duration_from_usec(int64_t n) { return __zx_time_sat_mul(n, 1000); }
static inline zx_duration_t zx_duration_from_msec(int64_t n) {
  return __zx_time_sat_mul(n, 1000000);
}
static inline zx_duration_t zx_duration_from_sec(int64_t n) {
  return __zx_time_sat_mul(n, 1000000000);
}
static inline zx_duration_t zx_duration_from_min(int64_t n) {
  return __zx_time_sat_mul(n, INT64_C(60000000000));
}
static inline zx_duration_t zx_duration_from_hour(int64_t n) {
  return __zx_time_sat_mul(n, INT64_C(3600000000000));
}

static inline zx_ticks_t zx_ticks_add_ticks(zx_ticks_t a, zx_ticks_t b) {
  return __zx_time_sat_add(a, b);
}
static inline zx_ticks_t zx_ticks_sub_ticks(zx_ticks_t a, zx_ticks_t b) {
  return __zx_time_sat_sub(a, b);
}
static inline zx_ticks_t zx_ticks_mul_int64(zx_ticks_t ticks, int64_t multiplier) {
  return __zx_time_sat_mul(ticks, multiplier);
}

static inline zx_duration_t zx_duration_from_timespec(struct timespec ts) {
  return __zx_time_sat_add(zx_duration_from_sec((int64_t)ts.tv_sec), (int64_t)ts.tv_nsec);
}

static inline struct timespec zx_timespec_from_duration(zx_duration_t duration) {
  struct timespec ts;
  ts.tv_sec = (time_t)(duration / 1000000000);
  ts.tv_nsec = (long)(duration % 1000000000);
  return ts;
}

static inline zx_time_t zx_time_from_timespec(struct timespec ts) {
  return zx_duration_from_timespec(ts);
}

static inline struct timespec zx_timespec_from_time(zx_time_t time) {
  return zx_timespec_from_duration(time);
}

/* Durations from constants (no overflow checking for constant arguments). */
#define ZX_NSEC(n) ((zx_duration_t)(1LL * (n)))
#define ZX_USEC(n) ((zx_duration_t)(1000LL * (n)))
#define ZX_MSEC(n) ((zx_duration_t)(1000000LL * (n)))
#define ZX_SEC(n) ((zx_duration_t)(1000000000LL * (n)))
#define ZX_MIN(n) ((zx_duration_t)(60LL * 1000000000LL * (n)))
#define ZX_HOUR(n) ((zx_duration_t)(3600LL * 1000000000LL * (n)))

__END_CDECLS

#endif /* ZIRCON_TIME_H_ */
