// SPDX-License-Identifier: BSD-2-Clause
//
// libzx: <lib/zx/object_traits.h>, what each kind of object supports.
//
// zx::object<T> checks these at compile time (static_assert), so that, as
// with Fuchsia's lib/zx, asking for an operation the object type does not
// have (waiting on a VMAR, duplicating a PMT) does not compile.  Only the
// object types libzx offers are listed.
#ifndef LIB_ZX_OBJECT_TRAITS_H_
#define LIB_ZX_OBJECT_TRAITS_H_

namespace zx {

class bti;
class clock;
class pmt;
class resource;
class vmar;
class vmo;

// Every object type not specialized below (zx::handle, zx::vmo, zx::bti,
// zx::clock) can be duplicated and waited on.
template <typename T>
struct object_traits {
  static constexpr bool supports_duplication = true;
  static constexpr bool supports_get_child = false;
  static constexpr bool supports_set_profile = false;
  static constexpr bool supports_user_signal = true;
  static constexpr bool supports_wait = true;
  static constexpr bool supports_kill = false;
  static constexpr bool has_peer_handle = false;
};

// A VMAR has no signals.
template <>
struct object_traits<vmar> {
  static constexpr bool supports_duplication = true;
  static constexpr bool supports_get_child = false;
  static constexpr bool supports_set_profile = true;
  static constexpr bool supports_user_signal = false;
  static constexpr bool supports_wait = false;
  static constexpr bool supports_kill = false;
  static constexpr bool has_peer_handle = false;
};

// A PMT handle is neither duplicable nor waitable.
template <>
struct object_traits<pmt> {
  static constexpr bool supports_duplication = false;
  static constexpr bool supports_get_child = false;
  static constexpr bool supports_set_profile = false;
  static constexpr bool supports_user_signal = false;
  static constexpr bool supports_wait = false;
  static constexpr bool supports_kill = false;
  static constexpr bool has_peer_handle = false;
};

// Resources have children (sub-resources) in Zircon.
template <>
struct object_traits<resource> {
  static constexpr bool supports_duplication = true;
  static constexpr bool supports_get_child = true;
  static constexpr bool supports_set_profile = false;
  static constexpr bool supports_user_signal = true;
  static constexpr bool supports_wait = true;
  static constexpr bool supports_kill = false;
  static constexpr bool has_peer_handle = false;
};

}  // namespace zx

#endif  // LIB_ZX_OBJECT_TRAITS_H_
