/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the files of libzx's host unit test share (unit*.c): the headers,
 * the harness (check.h, CHECK_ST), the fake kernel's knobs
 * (fake_kernel.h), a few helpers and every test function, which unit.c's
 * main() runs.
 */
#ifndef LIBZX_TESTS_UNIT_H
#define LIBZX_TESTS_UNIT_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <zircon/process.h>
#include <zircon/status.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/object.h>
#include <zircon/syscalls/resource.h>
#include <zircon/types.h>
#include <zxvmo/resources.h>

#include "zxl.h"

#include "check.h"
#include "fake_kernel.h"

#define CHECK_ST(expr, want)                                                          \
	do {                                                                          \
		zx_status_t got_ = (expr);                                            \
		if (got_ == (want)) {                                                 \
			g_pass++;                                                     \
		} else {                                                              \
			g_fail++;                                                     \
			printf("FAIL %s:%d: %s = %s, want %s\n", __FILE__, __LINE__,  \
			       #expr, zx_status_get_string(got_),                     \
			       zx_status_get_string(want));                           \
		}                                                                     \
	} while (0)

/* The uapi's errno <-> status table. */
static const struct zxvmo_status_errno uapi_map[] = ZXVMO_STATUS_ERRNOS;
#define UAPI_MAP_LEN (sizeof(uapi_map) / sizeof(uapi_map[0]))

static inline zx_handle_t new_vmo(uint64_t size, uint32_t options)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	CHECK_ST(zx_vmo_create(size, options, &h), ZX_OK);
	return h;
}

/* Open descriptors of this process (a leaked handle shows up here). */
static inline int fd_count(void)
{
	int n = 0, fd;

	for (fd = 0; fd < MAXFD; fd++)
		n += fd_open(fd);
	return n;
}

static inline zx_rights_t rights_of_fake(zx_handle_t h)
{
	zx_info_handle_basic_t b;

	memset(&b, 0, sizeof(b));
	CHECK_ST(zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &b, sizeof(b), NULL, NULL), ZX_OK);
	return b.rights;
}

static inline zx_info_vmo_t fake_vmo_info(zx_handle_t h)
{
	zx_info_vmo_t v;

	memset(&v, 0, sizeof(v));
	CHECK_ST(zx_object_get_info(h, ZX_INFO_VMO, &v, sizeof(v), NULL, NULL), ZX_OK);
	return v;
}

void test_constants(void);
void test_status_strings(void);
void test_errno_map(void);
void test_bad_and_foreign_handles(void);
void test_system_and_time(void);
void test_root_vmar(void);
void test_control_device(void);
void test_fake_vmo_calls(void);
void test_fake_info_and_properties(void);
void test_fake_map_and_wait(void);
void test_usercopy(void);
void test_fake_bad_out_pointers(void);
void test_handle_out_fd0(void);
void test_memory_call_errnos(void);
void test_fake_resource_getters(void);
void test_fake_replace_as_executable(void);
void test_fake_contiguous_and_physical(void);
void test_fake_signal(void);
void test_fake_bti_pin(void);

#endif /* LIBZX_TESTS_UNIT_H */
