// SPDX-License-Identifier: BSD-2-Clause
/*
 * Compile-only check: a program written the way Fuchsia code uses VMOs,
 * with nothing libzx-specific in it, must build against libzx's headers.
 */
#include <stdio.h>
#include <string.h>
#include <zircon/process.h>
#include <zircon/status.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/object.h>
#include <zircon/types.h>

zx_status_t share_buffer(const char* text, zx_handle_t* out_ro);

zx_status_t share_buffer(const char* text, zx_handle_t* out_ro) {
  zx_handle_t vmo = ZX_HANDLE_INVALID;
  size_t len = strlen(text);
  zx_status_t status = zx_vmo_create(len, ZX_VMO_RESIZABLE, &vmo);
  if (status != ZX_OK) {
    fprintf(stderr, "zx_vmo_create: %s\n", zx_status_get_string(status));
    return status;
  }
  static const char kName[] = "shared-buffer";
  zx_object_set_property(vmo, ZX_PROP_NAME, kName, sizeof(kName) - 1);
  if ((status = zx_vmo_write(vmo, text, 0, len)) != ZX_OK)
    goto fail;
  uint64_t content_size = len;
  zx_object_set_property(vmo, ZX_PROP_VMO_CONTENT_SIZE, &content_size, sizeof(content_size));

  zx_vaddr_t addr;
  status = zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ | ZX_VM_ALLOW_FAULTS, 0, vmo, 0,
                       zx_system_get_page_size(), &addr);
  if (status != ZX_OK)
    goto fail;
  zx_vmar_protect(zx_vmar_root_self(), ZX_VM_PERM_READ, addr, zx_system_get_page_size());
  zx_vmar_unmap(zx_vmar_root_self(), addr, zx_system_get_page_size());

  zx_vmo_lock_state_t lock;
  zx_vmo_op_range(vmo, ZX_VMO_OP_COMMIT, 0, len, NULL, 0);
  (void)lock;

  zx_handle_t child;
  if (zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_NO_WRITE, 0, len, &child) ==
      ZX_OK) {
    zx_signals_t observed = 0;
    zx_object_wait_one(vmo, ZX_VMO_ZERO_CHILDREN, zx_deadline_after(ZX_MSEC(10)), &observed);
    zx_handle_close(child);
  }

  zx_info_vmo_t info;
  size_t actual, avail;
  if (zx_object_get_info(vmo, ZX_INFO_VMO, &info, sizeof(info), &actual, &avail) == ZX_OK)
    printf("%s: %lu bytes, %lu committed\n", info.name, (unsigned long)info.size_bytes,
           (unsigned long)info.committed_bytes);
  zx_info_handle_basic_t basic;
  zx_object_get_info(vmo, ZX_INFO_HANDLE_BASIC, &basic, sizeof(basic), NULL, NULL);

  zx_handle_t dup;
  zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &dup);
  zx_handle_t handles[] = {dup, ZX_HANDLE_INVALID};
  zx_handle_close_many(handles, 2);

  return zx_handle_replace(vmo, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WRITE, out_ro);

fail:
  zx_handle_close(vmo);
  return status;
}
