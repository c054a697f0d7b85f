// SPDX-License-Identifier: BSD-2-Clause
// Compile-only check: libzx's headers are valid C++ with C linkage.
#include <zircon/compiler.h>
#include <zircon/errors.h>
#include <zircon/limits.h>
#include <zircon/process.h>
#include <zircon/rights.h>
#include <zircon/status.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/object.h>
#include <zircon/syscalls/resource.h>
#include <zircon/time.h>
#include <zircon/types.h>
#include <zxvmo/resources.h>

static_assert(sizeof(zx_info_vmo_t) == 176, "zx_info_vmo_t");
static_assert(ZX_VMO_ZERO_CHILDREN == (1u << 3), "signal");
static_assert(sizeof(zx_info_resource_t) == 56, "zx_info_resource_t");

extern "C" zx_status_t (*const kGetBti)(zx_handle_t*);
zx_status_t (*const kGetBti)(zx_handle_t*) = zxvmo_get_bti;

extern "C" zx_status_t (*const kCreate)(uint64_t, uint32_t, zx_handle_t*);
zx_status_t (*const kCreate)(uint64_t, uint32_t, zx_handle_t*) = zx_vmo_create;

int main() {
  zx_time_t deadline = zx_time_add_duration(zx_clock_get_monotonic(), ZX_MSEC(5));
  return deadline > 0 ? 0 : 1;
}
