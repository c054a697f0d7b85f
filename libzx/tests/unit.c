// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host unit test of libzx: everything that can be checked without the
 * zxvmo kernel module.
 *
 *  - ABI: struct sizes and offsets of the info records (static asserts),
 *    topic and constant values.
 *  - zx_status_get_string(), the errno <-> status table.
 *  - Handle checks on real descriptors: closed -> ZX_ERR_BAD_HANDLE,
 *    foreign (a pipe) -> ZX_ERR_WRONG_TYPE with no ioctl sent to it.
 *  - The root VMAR on real anonymous memory, clocks, page size.
 *  - The library logic above the kernel, against a fake kernel
 *    (fake_kernel.c).
 *
 * The tests are split by area (unit_basics.c, unit_vmo.c, unit_pointers.c,
 * unit_resources.c; shared parts in unit.h); this file runs them all.
 * Prints "N passed, N failed" last; exits 1 on any failure.
 */
#include "unit.h"

CHECK_COUNTERS;

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_constants();
	test_status_strings();
	test_errno_map();
	test_bad_and_foreign_handles();
	test_system_and_time();
	test_root_vmar();
	test_control_device();
	test_fake_vmo_calls();
	test_fake_info_and_properties();
	test_fake_map_and_wait();
	test_handle_out_fd0();
	test_memory_call_errnos();
	test_usercopy();
	test_fake_bad_out_pointers();
	test_fake_resource_getters();
	test_fake_replace_as_executable();
	test_fake_contiguous_and_physical();
	test_fake_bti_pin();
	test_fake_signal();
	return CHECK_SUMMARY();
}
