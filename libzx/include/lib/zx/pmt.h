// SPDX-License-Identifier: BSD-2-Clause
//
// libzx: <lib/zx/pmt.h>.  A zx::pmt holds a pinned memory token handle,
// made by zx::bti::pin().  unpin() consumes the handle (zx_pmt_unpin);
// destroying a zx::pmt that is still pinned closes its handle, which
// quarantines the pages in the BTI (see README).  As in Zircon, a PMT
// cannot be duplicated or waited on.
#ifndef LIB_ZX_PMT_H_
#define LIB_ZX_PMT_H_

#include <lib/zx/handle.h>
#include <lib/zx/object.h>

namespace zx {

class pmt final : public object<pmt> {
 public:
  static constexpr zx_obj_type_t TYPE = ZX_OBJ_TYPE_PMT;

  constexpr pmt() = default;
  explicit pmt(zx_handle_t value) : object(value) {}
  explicit pmt(handle&& h) : object(h.release()) {}
  pmt(pmt&& other) noexcept : object(other.release()) {}

  pmt& operator=(pmt&& other) noexcept {
    reset(other.release());
    return *this;
  }

  // zx_pmt_unpin: the handle is consumed whatever the outcome.
  zx_status_t unpin() { return zx_pmt_unpin(release()); }
};

using unowned_pmt = unowned<pmt>;

}  // namespace zx

#endif  // LIB_ZX_PMT_H_
