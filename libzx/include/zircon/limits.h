/* SPDX-License-Identifier: BSD-2-Clause */
/* libzx: page size bounds (use zx_system_get_page_size() for the real one). */
#ifndef ZIRCON_LIMITS_H_
#define ZIRCON_LIMITS_H_

#include <stdint.h>

#define ZX_MIN_PAGE_SHIFT ((uint32_t)12u)
#define ZX_MAX_PAGE_SHIFT ((uint32_t)21u)

#define ZX_MIN_PAGE_SIZE ((uint32_t)(1u << ZX_MIN_PAGE_SHIFT))
#define ZX_MAX_PAGE_SIZE ((uint32_t)(1u << ZX_MAX_PAGE_SHIFT))

#endif /* ZIRCON_LIMITS_H_ */
