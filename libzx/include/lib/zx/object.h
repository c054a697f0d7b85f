// SPDX-License-Identifier: BSD-2-Clause
//
// libzx: <lib/zx/object.h>, owning and borrowing wrappers of handles, as in
// Fuchsia's lib/zx.
//
//   zx::object_base   owns one handle: closes it (zx_handle_close) when it
//                     is destroyed or reset; move-only
//   zx::object<T>     the typed operations every object has: duplicate,
//                     replace, wait_one, signal, borrow, get_info,
//                     get_property, set_property
//   zx::unowned<T>    a T that never closes its handle
//
// A handle here is a file descriptor (see <zircon/types.h>); the wrappers
// close it exactly once.  Operations for which libzx has no system call
// (signal_peer, wait_async, wait_many, get_child, set_profile) are not
// declared, so code using them fails to compile rather than at run time.
#ifndef LIB_ZX_OBJECT_H_
#define LIB_ZX_OBJECT_H_

#include <lib/zx/object_traits.h>
#include <lib/zx/time.h>
#include <zircon/syscalls.h>
#include <zircon/types.h>

#include <type_traits>

namespace zx {

template <typename T>
class unowned;
template <typename T>
class object;

namespace internal {
// The wrapper class that owns a handle of type T: T itself, or zx::handle
// (object<void>) for untyped handles.
template <typename T>
using owner_t = typename std::conditional<std::is_void<T>::value, object<void>, T>::type;
}  // namespace internal

class object_base {
 public:
  // Closes the handle held (if any) and takes ownership of |value|.
  void reset(zx_handle_t value = ZX_HANDLE_INVALID) {
    close();
    value_ = value;
  }

  bool is_valid() const { return value_ != ZX_HANDLE_INVALID; }
  explicit operator bool() const { return is_valid(); }

  zx_handle_t get() const { return value_; }

  // Closes the handle held and returns where a C call may store a new one:
  //   zx_vmo_create(size, 0, vmo.reset_and_get_address());
  zx_handle_t* reset_and_get_address() {
    reset();
    return &value_;
  }

  // Gives up ownership: the caller must close the handle returned.
  [[nodiscard]] zx_handle_t release() {
    zx_handle_t value = value_;
    value_ = ZX_HANDLE_INVALID;
    return value;
  }

  zx_status_t get_info(uint32_t topic, void* buffer, size_t buffer_size, size_t* actual_count,
                       size_t* avail_count) const {
    return zx_object_get_info(value_, topic, buffer, buffer_size, actual_count, avail_count);
  }

  zx_status_t get_property(uint32_t property, void* value, size_t size) const {
    return zx_object_get_property(value_, property, value, size);
  }

  zx_status_t set_property(uint32_t property, const void* value, size_t size) const {
    return zx_object_set_property(value_, property, value, size);
  }

 protected:
  constexpr object_base() = default;
  explicit object_base(zx_handle_t value) : value_(value) {}
  ~object_base() { close(); }

  object_base(const object_base&) = delete;
  object_base& operator=(const object_base&) = delete;

  void close() {
    if (value_ != ZX_HANDLE_INVALID) {
      zx_handle_close(value_);
      value_ = ZX_HANDLE_INVALID;
    }
  }

  zx_handle_t value_ = ZX_HANDLE_INVALID;
};

template <typename T>
class object : public object_base {
 public:
  constexpr object() = default;
  explicit object(zx_handle_t value) : object_base(value) {}

  // Any typed object converts to an untyped one (zx::handle); nothing
  // else converts implicitly.
  template <typename U>
  object(object<U>&& other) noexcept : object_base(other.release()) {
    static_assert(std::is_void<T>::value, "only zx::handle takes any object");
  }

  template <typename U>
  object& operator=(object<U>&& other) noexcept {
    static_assert(std::is_void<T>::value, "only zx::handle takes any object");
    reset(other.release());
    return *this;
  }

  void swap(object& other) {
    zx_handle_t mine = value_;
    value_ = other.value_;
    other.value_ = mine;
  }

  // A new handle to the same object with |rights| (ZX_RIGHT_SAME_RIGHTS
  // for the same).  *result is reset in any case: to the new handle, or to
  // ZX_HANDLE_INVALID on failure.
  zx_status_t duplicate(zx_rights_t rights, object* result) const {
    static_assert(object_traits<T>::supports_duplication, "this object cannot be duplicated");
    zx_handle_t out = ZX_HANDLE_INVALID;
    zx_status_t status = zx_handle_duplicate(value_, rights, &out);
    result->reset(out);
    return status;
  }

  // Replaces this handle by one with |rights|: this object is left
  // invalid whatever the outcome (the old handle is consumed), *result gets
  // the new handle or ZX_HANDLE_INVALID.  |result| may be this.
  zx_status_t replace(zx_rights_t rights, object* result) {
    zx_handle_t out = ZX_HANDLE_INVALID;
    zx_status_t status = zx_handle_replace(value_, rights, &out);
    value_ = ZX_HANDLE_INVALID;
    result->reset(out);
    return status;
  }

  zx_status_t wait_one(zx_signals_t signals, zx::time deadline, zx_signals_t* pending) const {
    static_assert(object_traits<T>::supports_wait, "this object cannot be waited on");
    return zx_object_wait_one(value_, signals, deadline.get(), pending);
  }

  // Clears, then sets user signals (ZX_USER_SIGNAL_*) of the object.
  zx_status_t signal(uint32_t clear_mask, uint32_t set_mask) const {
    static_assert(object_traits<T>::supports_user_signal, "object must support user signals");
    return zx_object_signal(value_, clear_mask, set_mask);
  }

  // A non-owning view of the same handle (zx::unowned_handle for a
  // zx::handle).
  unowned<internal::owner_t<T>> borrow() const { return unowned<internal::owner_t<T>>(value_); }
};

// Comparisons of the handle values (for ordered containers and tests).
template <typename T>
bool operator==(const object<T>& a, const object<T>& b) {
  return a.get() == b.get();
}
template <typename T>
bool operator!=(const object<T>& a, const object<T>& b) {
  return a.get() != b.get();
}
template <typename T>
bool operator<(const object<T>& a, const object<T>& b) {
  return a.get() < b.get();
}
template <typename T>
bool operator>(const object<T>& a, const object<T>& b) {
  return a.get() > b.get();
}
template <typename T>
bool operator<=(const object<T>& a, const object<T>& b) {
  return a.get() <= b.get();
}
template <typename T>
bool operator>=(const object<T>& a, const object<T>& b) {
  return a.get() >= b.get();
}

template <typename T>
bool operator==(const object<T>& a, zx_handle_t b) {
  return a.get() == b;
}
template <typename T>
bool operator!=(const object<T>& a, zx_handle_t b) {
  return a.get() != b;
}
template <typename T>
bool operator<(const object<T>& a, zx_handle_t b) {
  return a.get() < b;
}
template <typename T>
bool operator>(const object<T>& a, zx_handle_t b) {
  return a.get() > b;
}
template <typename T>
bool operator<=(const object<T>& a, zx_handle_t b) {
  return a.get() <= b;
}
template <typename T>
bool operator>=(const object<T>& a, zx_handle_t b) {
  return a.get() >= b;
}

template <typename T>
bool operator==(zx_handle_t a, const object<T>& b) {
  return a == b.get();
}
template <typename T>
bool operator!=(zx_handle_t a, const object<T>& b) {
  return a != b.get();
}
template <typename T>
bool operator<(zx_handle_t a, const object<T>& b) {
  return a < b.get();
}
template <typename T>
bool operator>(zx_handle_t a, const object<T>& b) {
  return a > b.get();
}
template <typename T>
bool operator<=(zx_handle_t a, const object<T>& b) {
  return a <= b.get();
}
template <typename T>
bool operator>=(zx_handle_t a, const object<T>& b) {
  return a >= b.get();
}

// A T that does not own its handle: destroying or reassigning it never
// closes the handle.  Use it through * and ->:
//   void use(const zx::vmo& vmo);
//   use(*zx::unowned_vmo(handle));
//   zx::unowned_vmo(handle)->get_size(&size);
template <typename T>
class unowned final {
 public:
  constexpr unowned() = default;
  explicit unowned(zx_handle_t h) : value_(h) {}
  explicit unowned(const T& owner) : value_(owner.get()) {}
  explicit unowned(const unowned& other) : value_(other.value_.get()) {}
  unowned(unowned&& other) noexcept : value_(other.forget()) {}

  ~unowned() { forget(); }

  unowned& operator=(const unowned& other) {
    zx_handle_t h = other.value_.get();
    forget();
    value_ = T(h);
    return *this;
  }

  unowned& operator=(unowned&& other) noexcept {
    zx_handle_t h = other.forget();
    forget();
    value_ = T(h);
    return *this;
  }

  const T& operator*() const { return value_; }
  const T* operator->() const { return &value_; }

 private:
  // Drops the handle from value_ without closing it and returns it.
  zx_handle_t forget() { return value_.release(); }

  T value_;
};

template <typename T>
bool operator==(const unowned<T>& a, const unowned<T>& b) {
  return a->get() == b->get();
}
template <typename T>
bool operator!=(const unowned<T>& a, const unowned<T>& b) {
  return a->get() != b->get();
}
template <typename T>
bool operator<(const unowned<T>& a, const unowned<T>& b) {
  return a->get() < b->get();
}
template <typename T>
bool operator>(const unowned<T>& a, const unowned<T>& b) {
  return a->get() > b->get();
}
template <typename T>
bool operator<=(const unowned<T>& a, const unowned<T>& b) {
  return a->get() <= b->get();
}
template <typename T>
bool operator>=(const unowned<T>& a, const unowned<T>& b) {
  return a->get() >= b->get();
}

template <typename T>
bool operator==(const unowned<T>& a, zx_handle_t b) {
  return a->get() == b;
}
template <typename T>
bool operator!=(const unowned<T>& a, zx_handle_t b) {
  return a->get() != b;
}
template <typename T>
bool operator<(const unowned<T>& a, zx_handle_t b) {
  return a->get() < b;
}
template <typename T>
bool operator>(const unowned<T>& a, zx_handle_t b) {
  return a->get() > b;
}
template <typename T>
bool operator<=(const unowned<T>& a, zx_handle_t b) {
  return a->get() <= b;
}
template <typename T>
bool operator>=(const unowned<T>& a, zx_handle_t b) {
  return a->get() >= b;
}

template <typename T>
bool operator==(zx_handle_t a, const unowned<T>& b) {
  return a == b->get();
}
template <typename T>
bool operator!=(zx_handle_t a, const unowned<T>& b) {
  return a != b->get();
}
template <typename T>
bool operator<(zx_handle_t a, const unowned<T>& b) {
  return a < b->get();
}
template <typename T>
bool operator>(zx_handle_t a, const unowned<T>& b) {
  return a > b->get();
}
template <typename T>
bool operator<=(zx_handle_t a, const unowned<T>& b) {
  return a <= b->get();
}
template <typename T>
bool operator>=(zx_handle_t a, const unowned<T>& b) {
  return a >= b->get();
}

}  // namespace zx

#endif  // LIB_ZX_OBJECT_H_
