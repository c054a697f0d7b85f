// SPDX-License-Identifier: BSD-2-Clause
//
// libzx: <lib/zx/clock.h>, reduced to what libzx can back: reading the
// monotonic clock, zx::clock::get_monotonic().  libzx has no clock objects
// (zx_clock_create, read, update, get_details) and no boot clock, so a
// zx::clock handle cannot be created and get_boot() is absent.
#ifndef LIB_ZX_CLOCK_H_
#define LIB_ZX_CLOCK_H_

#include <lib/zx/handle.h>
#include <lib/zx/object.h>
#include <lib/zx/time.h>
#include <zircon/syscalls.h>

namespace zx {

class clock final : public object<clock> {
 public:
  static constexpr zx_obj_type_t TYPE = ZX_OBJ_TYPE_CLOCK;

  constexpr clock() = default;
  explicit clock(zx_handle_t value) : object(value) {}
  explicit clock(handle&& h) : object(h.release()) {}
  clock(clock&& other) noexcept : object(other.release()) {}

  clock& operator=(clock&& other) noexcept {
    reset(other.release());
    return *this;
  }

  static time get_monotonic() { return time(zx_clock_get_monotonic()); }
};

using unowned_clock = unowned<clock>;

}  // namespace zx

#endif  // LIB_ZX_CLOCK_H_
