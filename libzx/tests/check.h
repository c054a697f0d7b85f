/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The host tests' tiny harness (tests/unit.c, tests/cxx_api.cc): CHECK
 * counts a passed or failed condition and prints each failure; the test's
 * main() ends with CHECK_SUMMARY().
 */
#ifndef LIBZX_TESTS_CHECK_H
#define LIBZX_TESTS_CHECK_H

#include <stdio.h>

/* Defined once per program: CHECK_COUNTERS; at file scope in its main file. */
extern int g_pass, g_fail;
#define CHECK_COUNTERS int g_pass, g_fail

#define CHECK(cond)							\
	do {								\
		if (cond) {						\
			g_pass++;					\
		} else {						\
			g_fail++;					\
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__,	\
			       #cond);					\
		}							\
	} while (0)

/* Print "N passed, N failed"; the exit status of the test. */
#define CHECK_SUMMARY()							\
	(printf("%d passed, %d failed\n", g_pass, g_fail), g_fail ? 1 : 0)

#endif /* LIBZX_TESTS_CHECK_H */
