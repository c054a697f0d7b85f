// SPDX-License-Identifier: BSD-2-Clause
//
// libzx: <lib/zx/bti.h>.  A zx::bti holds a bus transaction initiator
// handle, which zx::vmo::create_contiguous() takes and which pins VMO
// pages for a device (pin(), release_quarantine(), as Fuchsia's).  libzx
// has no IOMMU objects, so there is no bti::create(); on Linux the handle
// comes from <zxvmo/resources.h>:
//   zx::bti bti;
//   zxvmo_get_bti(bti.reset_and_get_address());
//   zx::pmt pmt;
//   zx_paddr_t addrs[4];
//   bti.pin(ZX_BTI_PERM_READ, vmo, 0, 4 * page, addrs, 4, &pmt);
//   ...
//   pmt.unpin();
#ifndef LIB_ZX_BTI_H_
#define LIB_ZX_BTI_H_

#include <lib/zx/handle.h>
#include <lib/zx/object.h>
#include <lib/zx/pmt.h>

namespace zx {

class vmo;

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

  // zx_bti_pin; *pmt is reset to the new PMT, or to ZX_HANDLE_INVALID.
  // Defined in <lib/zx/vmo.h>, which this header includes.
  zx_status_t pin(uint32_t options, const vmo& vmo, uint64_t offset, uint64_t size,
                  zx_paddr_t* addrs, size_t addrs_count, pmt* pmt) const;

  zx_status_t release_quarantine() const { return zx_bti_release_quarantine(get()); }
};

using unowned_bti = unowned<bti>;

}  // namespace zx

// As with Fuchsia's header, including <lib/zx/bti.h> also declares zx::vmo
// (which needs zx::bti complete, hence the include at the end).
#include <lib/zx/vmo.h>

#endif  // LIB_ZX_BTI_H_
