// SPDX-License-Identifier: BSD-2-Clause
//
// libzx: <lib/zx/resource.h>.  A zx::resource holds a resource handle, e.g.
// the vmex resource that zx::vmo::replace_as_executable() takes or the MMIO
// resource of zx::vmo::create_physical().  libzx has no zx_resource_create,
// so there is no resource::create(): on Linux the handles come from the
// getters of <zxvmo/resources.h>:
//   zx::resource vmex;
//   zxvmo_get_vmex_resource(vmex.reset_and_get_address());
#ifndef LIB_ZX_RESOURCE_H_
#define LIB_ZX_RESOURCE_H_

#include <lib/zx/handle.h>
#include <lib/zx/object.h>

namespace zx {

class resource final : public object<resource> {
 public:
  static constexpr zx_obj_type_t TYPE = ZX_OBJ_TYPE_RESOURCE;

  constexpr resource() = default;
  explicit resource(zx_handle_t value) : object(value) {}
  explicit resource(handle&& h) : object(h.release()) {}
  resource(resource&& other) noexcept : object(other.release()) {}

  resource& operator=(resource&& other) noexcept {
    reset(other.release());
    return *this;
  }
};

using unowned_resource = unowned<resource>;

}  // namespace zx

#endif  // LIB_ZX_RESOURCE_H_
