// SPDX-License-Identifier: BSD-2-Clause
/* zx_system_get_page_size() and the shape of the root VMAR. */
#include <sys/auxv.h>
#include <unistd.h>

#include "zxl.h"

size_t zxl_page_size(void)
{
	unsigned long ps = getauxval(AT_PAGESZ);

	if (!ps) {
		long s = sysconf(_SC_PAGESIZE);

		ps = s > 0 ? (unsigned long)s : 4096;
	}
	return (size_t)ps;
}

uint32_t zx_system_get_page_size(void)
{
	return (uint32_t)zxl_page_size();
}

/*
 * The root VMAR spans the user part of the address space, from 0 (libzx's
 * root VMAR base) to the architecture's default user address limit.
 */
uintptr_t zxl_root_vmar_len(void)
{
#if defined(__x86_64__)
	return (uintptr_t)0x00007ffffffff000ull; /* 47-bit user space */
#elif defined(__aarch64__)
	return (uintptr_t)0x0001000000000000ull; /* 48-bit user space */
#else
	return ~(uintptr_t)0 & ~(uintptr_t)(zxl_page_size() - 1);
#endif
}
