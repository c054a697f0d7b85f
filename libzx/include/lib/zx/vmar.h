// SPDX-License-Identifier: BSD-2-Clause
//
// libzx: <lib/zx/vmar.h>.  libzx has one VMAR, the process's root VMAR
// (the whole Linux address space, base 0), so zx::vmar offers map, unmap
// and protect, and root_self() to reach it:
//
//   zx_vaddr_t addr;
//   zx_status_t status = zx::vmar::root_self()->map(
//       ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, vmo, 0, len, &addr);
//
// There are no sub-VMARs: allocate, destroy and op_range are absent, and so
// are map_iob and map_clock.  As in Fuchsia, destroying a zx::vmar only
// closes its handle (closing the root VMAR's handle does nothing).
#ifndef LIB_ZX_VMAR_H_
#define LIB_ZX_VMAR_H_

#include <lib/zx/handle.h>
#include <lib/zx/object.h>
#include <lib/zx/vmo.h>
#include <zircon/process.h>
#include <zircon/syscalls.h>

namespace zx {

class vmar final : public object<vmar> {
 public:
  static constexpr zx_obj_type_t TYPE = ZX_OBJ_TYPE_VMAR;

  constexpr vmar() = default;
  explicit vmar(zx_handle_t value) : object(value) {}
  explicit vmar(handle&& h) : object(h.release()) {}
  vmar(vmar&& other) noexcept : object(other.release()) {}

  vmar& operator=(vmar&& other) noexcept {
    reset(other.release());
    return *this;
  }

  zx_status_t map(zx_vm_option_t options, size_t vmar_offset, const vmo& vmo_handle,
                  uint64_t vmo_offset, size_t len, zx_vaddr_t* ptr) const {
    return zx_vmar_map(get(), options, vmar_offset, vmo_handle.get(), vmo_offset, len, ptr);
  }

  zx_status_t unmap(uintptr_t address, size_t len) const {
    return zx_vmar_unmap(get(), address, len);
  }

  zx_status_t protect(zx_vm_option_t prot, uintptr_t address, size_t len) const {
    return zx_vmar_protect(get(), prot, address, len);
  }

  static unowned<vmar> root_self() { return unowned<vmar>(zx_vmar_root_self()); }
};

using unowned_vmar = unowned<vmar>;

}  // namespace zx

#endif  // LIB_ZX_VMAR_H_
