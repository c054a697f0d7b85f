// SPDX-License-Identifier: BSD-2-Clause
//
// libzx: <lib/zx/time.h>, typed nanosecond values as in Fuchsia's lib/zx.
//
//   zx::duration          a signed span of nanoseconds
//   zx::basic_time<C>     an instant on clock C; zx::time (= time_monotonic)
//                         and zx::time_boot
//   zx::basic_ticks<C>    a raw tick count; zx::ticks (= ticks_monotonic)
//   zx::nsec() ... zx::hour(), zx::deadline_after(), zx::nanosleep()
//
// Arithmetic on durations and times saturates at infinite() and
// infinite_past() instead of overflowing, as Fuchsia's does; everything
// except the calls that read a clock or sleep is constexpr.  libzx's C
// helpers in <zircon/time.h> are not constexpr, so the saturation is done
// here with the compiler's overflow builtins.
#ifndef LIB_ZX_TIME_H_
#define LIB_ZX_TIME_H_

#include <stdint.h>
#include <zircon/compiler.h>
#include <zircon/syscalls.h>
#include <zircon/time.h>

#include <ctime>
#include <limits>

namespace zx {

namespace internal {

constexpr int64_t kNsecPerSec = 1000000000;

constexpr int64_t sat_add(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) {
    return b > 0 ? ZX_TIME_INFINITE : ZX_TIME_INFINITE_PAST;
  }
  return r;
}

constexpr int64_t sat_sub(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_sub_overflow(a, b, &r)) {
    return b < 0 ? ZX_TIME_INFINITE : ZX_TIME_INFINITE_PAST;
  }
  return r;
}

constexpr int64_t sat_mul(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) {
    return (a < 0) == (b < 0) ? ZX_TIME_INFINITE : ZX_TIME_INFINITE_PAST;
  }
  return r;
}

constexpr int64_t from_timespec(std::timespec ts) {
  return sat_add(sat_mul(static_cast<int64_t>(ts.tv_sec), kNsecPerSec),
                 static_cast<int64_t>(ts.tv_nsec));
}

constexpr std::timespec to_timespec(int64_t nsec) {
  std::timespec ts{};
  ts.tv_sec = static_cast<std::time_t>(nsec / kNsecPerSec);
  ts.tv_nsec = static_cast<long>(nsec % kNsecPerSec);
  return ts;
}

}  // namespace internal

class duration final {
 public:
  constexpr duration() = default;
  explicit constexpr duration(zx_duration_t value) : value_(value) {}
  explicit constexpr duration(std::timespec ts) : value_(internal::from_timespec(ts)) {}

  static constexpr duration infinite() { return duration(ZX_TIME_INFINITE); }
  static constexpr duration infinite_past() { return duration(ZX_TIME_INFINITE_PAST); }

  constexpr zx_duration_t get() const { return value_; }

  constexpr duration operator-() const { return duration(internal::sat_mul(value_, -1)); }
  constexpr duration operator+(duration d) const {
    return duration(internal::sat_add(value_, d.value_));
  }
  constexpr duration operator-(duration d) const {
    return duration(internal::sat_sub(value_, d.value_));
  }
  constexpr duration operator*(int64_t factor) const {
    return duration(internal::sat_mul(value_, factor));
  }
  constexpr duration operator/(int64_t divisor) const { return duration(value_ / divisor); }
  constexpr int64_t operator/(duration d) const { return value_ / d.value_; }
  constexpr duration operator%(int64_t divisor) const { return duration(value_ % divisor); }
  constexpr int64_t operator%(duration d) const { return value_ % d.value_; }

  constexpr duration& operator+=(duration d) { return *this = *this + d; }
  constexpr duration& operator-=(duration d) { return *this = *this - d; }
  constexpr duration& operator*=(int64_t factor) { return *this = *this * factor; }
  constexpr duration& operator/=(int64_t divisor) { return *this = *this / divisor; }
  constexpr duration& operator%=(int64_t divisor) { return *this = *this % divisor; }

  constexpr bool operator==(duration d) const { return value_ == d.value_; }
  constexpr bool operator!=(duration d) const { return value_ != d.value_; }
  constexpr bool operator<(duration d) const { return value_ < d.value_; }
  constexpr bool operator<=(duration d) const { return value_ <= d.value_; }
  constexpr bool operator>(duration d) const { return value_ > d.value_; }
  constexpr bool operator>=(duration d) const { return value_ >= d.value_; }

  constexpr int64_t to_nsecs() const { return value_; }
  constexpr int64_t to_usecs() const { return value_ / ZX_USEC(1); }
  constexpr int64_t to_msecs() const { return value_ / ZX_MSEC(1); }
  constexpr int64_t to_secs() const { return value_ / ZX_SEC(1); }
  constexpr int64_t to_mins() const { return value_ / ZX_MIN(1); }
  constexpr int64_t to_hours() const { return value_ / ZX_HOUR(1); }

  constexpr std::timespec to_timespec() const { return internal::to_timespec(value_); }

 private:
  zx_duration_t value_ = 0;
};

constexpr duration operator*(int64_t factor, duration d) { return d * factor; }

// Ticks saturate too; only the monotonic tick counter can be read
// (zx_ticks_get()).
template <zx_clock_t kClockId>
class basic_ticks final {
 public:
  constexpr basic_ticks() = default;
  explicit constexpr basic_ticks(zx_ticks_t value) : value_(value) {}

  static basic_ticks now() {
    static_assert(kClockId == ZX_CLOCK_MONOTONIC, "libzx reads only the monotonic ticks");
    return basic_ticks(zx_ticks_get());
  }
  static basic_ticks per_second() { return basic_ticks(zx_ticks_per_second()); }

  static constexpr basic_ticks infinite() {
    return basic_ticks(std::numeric_limits<zx_ticks_t>::max());
  }
  static constexpr basic_ticks infinite_past() {
    return basic_ticks(std::numeric_limits<zx_ticks_t>::min());
  }

  constexpr zx_ticks_t get() const { return value_; }

  constexpr basic_ticks operator+(basic_ticks t) const {
    return basic_ticks(internal::sat_add(value_, t.value_));
  }
  constexpr basic_ticks operator-(basic_ticks t) const {
    return basic_ticks(internal::sat_sub(value_, t.value_));
  }
  constexpr basic_ticks operator*(uint64_t factor) const {
    zx_ticks_t r = 0;
    if (__builtin_mul_overflow(value_, factor, &r)) {
      return value_ < 0 ? infinite_past() : infinite();
    }
    return basic_ticks(r);
  }
  constexpr basic_ticks operator/(uint64_t divisor) const {
    return basic_ticks(static_cast<zx_ticks_t>(static_cast<uint64_t>(value_) / divisor));
  }
  constexpr uint64_t operator/(basic_ticks t) const {
    return static_cast<uint64_t>(value_ / t.value_);
  }
  constexpr basic_ticks operator%(uint64_t divisor) const {
    return basic_ticks(static_cast<zx_ticks_t>(static_cast<uint64_t>(value_) % divisor));
  }
  constexpr uint64_t operator%(basic_ticks t) const {
    return static_cast<uint64_t>(value_ % t.value_);
  }

  constexpr basic_ticks& operator+=(basic_ticks t) { return *this = *this + t; }
  constexpr basic_ticks& operator-=(basic_ticks t) { return *this = *this - t; }
  constexpr basic_ticks& operator*=(uint64_t factor) { return *this = *this * factor; }
  constexpr basic_ticks& operator/=(uint64_t divisor) { return *this = *this / divisor; }
  constexpr basic_ticks& operator%=(uint64_t divisor) { return *this = *this % divisor; }

  constexpr bool operator==(basic_ticks t) const { return value_ == t.value_; }
  constexpr bool operator!=(basic_ticks t) const { return value_ != t.value_; }
  constexpr bool operator<(basic_ticks t) const { return value_ < t.value_; }
  constexpr bool operator<=(basic_ticks t) const { return value_ <= t.value_; }
  constexpr bool operator>(basic_ticks t) const { return value_ > t.value_; }
  constexpr bool operator>=(basic_ticks t) const { return value_ >= t.value_; }

 private:
  zx_ticks_t value_ = 0;
};

using ticks = basic_ticks<ZX_CLOCK_MONOTONIC>;
using ticks_monotonic = basic_ticks<ZX_CLOCK_MONOTONIC>;
using ticks_boot = basic_ticks<ZX_CLOCK_BOOT>;

template <zx_clock_t kClockId>
class basic_time final {
 public:
  constexpr basic_time() = default;
  explicit constexpr basic_time(zx_time_t value) : value_(value) {}
  explicit constexpr basic_time(std::timespec ts) : value_(internal::from_timespec(ts)) {}

  static constexpr basic_time infinite() { return basic_time(ZX_TIME_INFINITE); }
  static constexpr basic_time infinite_past() { return basic_time(ZX_TIME_INFINITE_PAST); }

  constexpr zx_time_t get() const { return value_; }
  zx_time_t* get_address() { return &value_; }

  constexpr duration operator-(basic_time t) const {
    return duration(internal::sat_sub(value_, t.value_));
  }
  constexpr basic_time operator+(duration d) const {
    return basic_time(internal::sat_add(value_, d.get()));
  }
  constexpr basic_time operator-(duration d) const {
    return basic_time(internal::sat_sub(value_, d.get()));
  }
  constexpr basic_time& operator+=(duration d) { return *this = *this + d; }
  constexpr basic_time& operator-=(duration d) { return *this = *this - d; }

  constexpr bool operator==(basic_time t) const { return value_ == t.value_; }
  constexpr bool operator!=(basic_time t) const { return value_ != t.value_; }
  constexpr bool operator<(basic_time t) const { return value_ < t.value_; }
  constexpr bool operator<=(basic_time t) const { return value_ <= t.value_; }
  constexpr bool operator>(basic_time t) const { return value_ > t.value_; }
  constexpr bool operator>=(basic_time t) const { return value_ >= t.value_; }

  constexpr std::timespec to_timespec() const { return internal::to_timespec(value_); }

 private:
  zx_time_t value_ = 0;
};

template <zx_clock_t kClockId>
constexpr basic_time<kClockId> operator+(duration d, basic_time<kClockId> t) {
  return t + d;
}

using time = basic_time<ZX_CLOCK_MONOTONIC>;
using time_monotonic = basic_time<ZX_CLOCK_MONOTONIC>;
using time_boot = basic_time<ZX_CLOCK_BOOT>;

constexpr duration nsec(int64_t n) { return duration(ZX_NSEC(n)); }
constexpr duration usec(int64_t n) { return duration(ZX_USEC(n)); }
constexpr duration msec(int64_t n) { return duration(ZX_MSEC(n)); }
constexpr duration sec(int64_t n) { return duration(ZX_SEC(n)); }
constexpr duration min(int64_t n) { return duration(ZX_MIN(n)); }
constexpr duration hour(int64_t n) { return duration(ZX_HOUR(n)); }

inline zx_status_t nanosleep(zx::time deadline) { return zx_nanosleep(deadline.get()); }

inline zx::time deadline_after(zx::duration d) { return zx::time(zx_deadline_after(d.get())); }

}  // namespace zx

#endif  // LIB_ZX_TIME_H_
