// SPDX-License-Identifier: BSD-2-Clause
//
// libzx: <lib/zx/vmo.h>, zx::vmo over libzx's zx_vmo_* calls, with
// Fuchsia's method names, signatures and semantics:
//
//   zx::vmo vmo;
//   zx_status_t status = zx::vmo::create(4096, 0, &vmo);
//   status = vmo.write(data, 0, sizeof(data));
//   zx::vmo copy;
//   status = vmo.create_child(ZX_VMO_CHILD_SNAPSHOT, 0, 4096, &copy);
//
// The static creators and create_child() always reset *result: to the new
// handle, or to ZX_HANDLE_INVALID when the call fails; |result| may be the
// object the method is called on.  get_stream_size, set_stream_size and
// transfer_data are absent: libzx has no such calls.
#ifndef LIB_ZX_VMO_H_
#define LIB_ZX_VMO_H_

#include <lib/zx/bti.h>
#include <lib/zx/handle.h>
#include <lib/zx/object.h>
#include <lib/zx/resource.h>
#include <zircon/syscalls.h>

namespace zx {

class vmo final : public object<vmo> {
 public:
  static constexpr zx_obj_type_t TYPE = ZX_OBJ_TYPE_VMO;

  constexpr vmo() = default;
  explicit vmo(zx_handle_t value) : object(value) {}
  explicit vmo(handle&& h) : object(h.release()) {}
  vmo(vmo&& other) noexcept : object(other.release()) {}

  vmo& operator=(vmo&& other) noexcept {
    reset(other.release());
    return *this;
  }

  static zx_status_t create(uint64_t size, uint32_t options, vmo* result) {
    zx_handle_t out = ZX_HANDLE_INVALID;
    zx_status_t status = zx_vmo_create(size, options, &out);
    result->reset(out);
    return status;
  }

  static zx_status_t create_contiguous(const bti& bti, size_t size, uint32_t alignment_log2,
                                       vmo* result) {
    zx_handle_t out = ZX_HANDLE_INVALID;
    zx_status_t status = zx_vmo_create_contiguous(bti.get(), size, alignment_log2, &out);
    result->reset(out);
    return status;
  }

  static zx_status_t create_physical(const resource& resource, zx_paddr_t paddr, size_t size,
                                     vmo* result) {
    zx_handle_t out = ZX_HANDLE_INVALID;
    zx_status_t status = zx_vmo_create_physical(resource.get(), paddr, size, &out);
    result->reset(out);
    return status;
  }

  zx_status_t read(void* data, uint64_t offset, size_t len) const {
    return zx_vmo_read(get(), data, offset, len);
  }

  zx_status_t write(const void* data, uint64_t offset, size_t len) const {
    return zx_vmo_write(get(), data, offset, len);
  }

  zx_status_t get_size(uint64_t* size) const { return zx_vmo_get_size(get(), size); }

  zx_status_t set_size(uint64_t size) const { return zx_vmo_set_size(get(), size); }

  zx_status_t get_prop_content_size(uint64_t* size) const {
    return get_property(ZX_PROP_VMO_CONTENT_SIZE, size, sizeof(*size));
  }

  zx_status_t set_prop_content_size(uint64_t size) const {
    return set_property(ZX_PROP_VMO_CONTENT_SIZE, &size, sizeof(size));
  }

  zx_status_t create_child(uint32_t options, uint64_t offset, uint64_t size, vmo* result) const {
    zx_handle_t out = ZX_HANDLE_INVALID;
    zx_status_t status = zx_vmo_create_child(get(), options, offset, size, &out);
    result->reset(out);
    return status;
  }

  zx_status_t op_range(uint32_t op, uint64_t offset, uint64_t size, void* buffer,
                       size_t buffer_size) const {
    return zx_vmo_op_range(get(), op, offset, size, buffer, buffer_size);
  }

  zx_status_t set_cache_policy(uint32_t cache_policy) const {
    return zx_vmo_set_cache_policy(get(), cache_policy);
  }

  // Consumes this handle whatever the outcome (as zx_vmo_replace_as_executable
  // does); *result gets the executable handle or ZX_HANDLE_INVALID.
  zx_status_t replace_as_executable(const resource& vmex, vmo* result) {
    zx_handle_t out = ZX_HANDLE_INVALID;
    zx_status_t status = zx_vmo_replace_as_executable(value_, vmex.get(), &out);
    value_ = ZX_HANDLE_INVALID;
    result->reset(out);
    return status;
  }
};

using unowned_vmo = unowned<vmo>;

// zx::bti::pin needs zx::vmo complete: it is defined here.
inline zx_status_t bti::pin(uint32_t options, const vmo& vmo, uint64_t offset, uint64_t size,
                            zx_paddr_t* addrs, size_t addrs_count, pmt* pmt) const {
  return zx_bti_pin(get(), options, vmo.get(), offset, size, addrs, addrs_count,
                    pmt->reset_and_get_address());
}

}  // namespace zx

#endif  // LIB_ZX_VMO_H_
