/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the zx_vmo_op_range() / cache policy / zero page tests
 * (op_range_test.c, discard_test.c, cache_policy_test.c,
 * zero_page_test.c).  Built on cow_helpers.h (and so zxvmo_test.h);
 * include this header instead of them.
 */
#ifndef ZXVMO_OP_RANGE_HELPERS_H
#define ZXVMO_OP_RANGE_HELPERS_H

#include "cow_helpers.h"

#define ZXVMO_PARAMS "/sys/module/zxvmo/parameters"

/* zx_vmo_op_range() for the ops that take no buffer. */
static inline zx_status_t op(zx_handle_t h, uint32_t o, uint64_t offset,
			     uint64_t size)
{
	return zx_vmo_op_range(h, o, offset, size, NULL, 0);
}

/* ZX_VMO_OP_LOCK with a lock state buffer, poisoned beforehand. */
static inline zx_status_t lock_vmo(zx_handle_t h, uint64_t offset, uint64_t size,
				   zx_vmo_lock_state_t *st)
{
	memset(st, 0xa5, sizeof(*st));
	return zx_vmo_op_range(h, ZX_VMO_OP_LOCK, offset, size, st, sizeof(*st));
}

/* Runs every shrinker (the zxvmo one discards unlocked discardable VMOs). */
static inline int drop_caches(void)
{
	return write_file("/proc/sys/vm/drop_caches", "2");
}

/* A /proc/meminfo field in kB, or -1. */
static inline long meminfo_kb(const char *field)
{
	char line[256];
	size_t flen = strlen(field);
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, field, flen) && line[flen] == ':') {
			v = strtol(line + flen + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return v;
}

/* Every op zx_vmo_op_range() knows, with its name for logs. */
struct op_desc {
	uint32_t op;
	const char *name;
};

#define CACHE_OPS_READ {						\
	{ ZX_VMO_OP_CACHE_SYNC, "CACHE_SYNC" },				\
	{ ZX_VMO_OP_CACHE_CLEAN, "CACHE_CLEAN" },			\
	{ ZX_VMO_OP_CACHE_CLEAN_INVALIDATE, "CACHE_CLEAN_INVALIDATE" },	\
}

#endif /* ZXVMO_OP_RANGE_HELPERS_H */
