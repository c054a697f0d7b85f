/* SPDX-License-Identifier: BSD-2-Clause */
/* libzx: <zircon/status.h>. */
#ifndef ZIRCON_STATUS_H_
#define ZIRCON_STATUS_H_

#include <zircon/types.h>

__BEGIN_CDECLS

/*
 * The name of a status as a static string ("ZX_OK", "ZX_ERR_NO_MEMORY", ...);
 * "(UNKNOWN)" for values that are not Zircon statuses.
 */
const char* zx_status_get_string(zx_status_t status);

__END_CDECLS

#endif /* ZIRCON_STATUS_H_ */
