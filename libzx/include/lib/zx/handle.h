// SPDX-License-Identifier: BSD-2-Clause
//
// libzx: <lib/zx/handle.h>.  zx::handle owns a handle of any type; every
// typed wrapper (zx::vmo, ...) moves into it, and it moves into any of them
// through their explicit constructor from handle&&.
#ifndef LIB_ZX_HANDLE_H_
#define LIB_ZX_HANDLE_H_

#include <lib/zx/object.h>

namespace zx {

using handle = object<void>;
using unowned_handle = unowned<handle>;

}  // namespace zx

#endif  // LIB_ZX_HANDLE_H_
