// SPDX-License-Identifier: BSD-2-Clause
//
// libzx: <lib/zx/bti.h>.  A zx::bti holds a bus transaction initiator
// handle, which zx::vmo::create_contiguous() takes.  libzx has no IOMMU
// objects and no zx_bti_pin / zx_bti_release_quarantine, so there is no
// bti::create(), pin() or release_quarantine(); on Linux the handle comes
// from <zxvmo/resources.h>:
//   zx::bti bti;
//   zxvmo_get_bti(bti.reset_and_get_address());
#ifndef LIB_ZX_BTI_H_
#define LIB_ZX_BTI_H_

#include <lib/zx/handle.h>
#include <lib/zx/object.h>
#include <lib/zx/pmt.h>

namespace zx {

class bti final : public object<bti> {
 public:
  static constexpr zx_obj_type_t TYPE = ZX_OBJ_TYPE_BTI;

  constexpr bti() = default;
  explicit bti(zx_handle_t value) : object(value) {}
  explicit bti(handle&& h) : object(h.release()) {}
  bti(bti&& other) noexcept : object(other.release()) {}

  bti& operator=(bti&& other) noexcept {
    reset(other.release());
    return *this;
  }
};

using unowned_bti = unowned<bti>;

}  // namespace zx

// As with Fuchsia's header, including <lib/zx/bti.h> also declares zx::vmo
// (which needs zx::bti complete, hence the include at the end).
#include <lib/zx/vmo.h>

#endif  // LIB_ZX_BTI_H_
