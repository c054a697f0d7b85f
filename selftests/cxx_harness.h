/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal test driver for the C++ selftests.  The kselftest harness
 * (kselftest_harness.h) is C and does not compile as C++, so this header
 * offers the part of it the C++ tests use, printing the same TAP:
 *
 *   TAP version 13
 *   1..N
 *   # Starting N tests from 1 test cases.
 *   #  RUN           global.NAME ...
 *   #            OK  global.NAME
 *   ok 1 global.NAME
 *   ...
 *   # PASSED: N / N tests passed.
 *   # Totals: pass:N fail:0 xfail:0 xpass:0 skip:0 error:0
 *
 * which is what scripts/tap-summary counts.  As in the kselftest harness,
 * every test runs in a forked child (a crash fails only that test) under
 * a timeout (TEST_TIMEOUT_DEFAULT seconds, 120 like zxvmo_test.h's), and
 * the binary exits 1 if any test failed.
 *
 *   TEST(name) { ... }                 define a test
 *   EXPECT_EQ(expected, seen) ...      record a failure and go on
 *   ASSERT_EQ(expected, seen) ...      record a failure and end the test
 *   EXPECT_TRUE / EXPECT_FALSE / ASSERT_TRUE / ASSERT_FALSE, _NE _LT _LE
 *   _GT _GE, TH_LOG(fmt, ...), SKIP(return-statement, fmt, ...)
 *   TEST_HARNESS_MAIN                  the main() running them all
 */
#ifndef ZXVMO_CXX_HARNESS_H
#define ZXVMO_CXX_HARNESS_H

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <type_traits>
#include <vector>

#ifndef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 120
#endif

namespace ksft {

struct test_case {
	const char *name;
	void (*fn)();
};

inline std::vector<test_case> &registry()
{
	static std::vector<test_case> tests;
	return tests;
}

struct registrar {
	registrar(const char *name, void (*fn)()) { registry().push_back({ name, fn }); }
};

/* Thrown by a failed ASSERT_* to leave the test; caught by the driver. */
struct assert_failure {};

/* Exit statuses of a test's child process. */
constexpr int kPass = 0;
constexpr int kFail = 1;
constexpr int kSkip = 4;

/* Failures recorded by the running test (in its child process). */
inline int &failures()
{
	static int n;
	return n;
}

inline bool &skipped()
{
	static bool s;
	return s;
}

template <typename T>
std::string show(const T &v)
{
	char buf[64];

	if constexpr (std::is_same<T, bool>::value) {
		return v ? "true" : "false";
	} else if constexpr (std::is_enum<T>::value) {
		return show(static_cast<typename std::underlying_type<T>::type>(v));
	} else if constexpr (std::is_integral<T>::value && std::is_signed<T>::value) {
		snprintf(buf, sizeof(buf), "%lld (%#llx)", static_cast<long long>(v),
			 static_cast<unsigned long long>(v));
		return buf;
	} else if constexpr (std::is_integral<T>::value) {
		snprintf(buf, sizeof(buf), "%llu (%#llx)", static_cast<unsigned long long>(v),
			 static_cast<unsigned long long>(v));
		return buf;
	} else if constexpr (std::is_pointer<T>::value) {
		snprintf(buf, sizeof(buf), "%p", static_cast<const void *>(v));
		return buf;
	} else {
		return "(value)";
	}
}

inline void log(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
inline void log(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stdout, "# %s:%d:", file, line);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

template <typename A, typename B>
void compare_failed(const char *file, int line, const char *expected_expr,
		    const char *op, const char *seen_expr, const A &expected, const B &seen)
{
	log(file, line, "Expected %s (%s) %s %s (%s)", expected_expr, show(expected).c_str(),
	    op, seen_expr, show(seen).c_str());
	failures()++;
}

/* Runs one test in a child; returns kPass, kFail or kSkip. */
inline int run_one(const test_case &t)
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		printf("# fork: %s\n", strerror(errno));
		return kFail;
	}
	if (pid == 0) {
		alarm(TEST_TIMEOUT_DEFAULT);
		try {
			t.fn();
		} catch (const assert_failure &) {
		}
		fflush(stdout);
		_exit(failures() ? kFail : skipped() ? kSkip : kPass);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			printf("# waitpid: %s\n", strerror(errno));
			return kFail;
		}
	}
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);

		printf("# global.%s: %s (signal %d)\n", t.name,
		       sig == SIGALRM ? "timed out" : strsignal(sig), sig);
		return kFail;
	}
	if (!WIFEXITED(status))
		return kFail;
	switch (WEXITSTATUS(status)) {
	case kPass:
		return kPass;
	case kSkip:
		return kSkip;
	default:
		return kFail;
	}
}

inline int main()
{
	const std::vector<test_case> &tests = registry();
	unsigned int pass = 0, fail = 0, skip = 0, i;

	setvbuf(stdout, nullptr, _IOLBF, 0);
	printf("TAP version 13\n1..%zu\n", tests.size());
	printf("# Starting %zu tests from 1 test cases.\n", tests.size());
	for (i = 0; i < tests.size(); i++) {
		const test_case &t = tests[i];

		printf("#  RUN           global.%s ...\n", t.name);
		switch (run_one(t)) {
		case kPass:
			pass++;
			printf("#            OK  global.%s\nok %u global.%s\n", t.name, i + 1, t.name);
			break;
		case kSkip:
			skip++;
			printf("#            OK  global.%s\nok %u global.%s # SKIP\n", t.name, i + 1,
			       t.name);
			break;
		default:
			fail++;
			printf("#          FAIL  global.%s\nnot ok %u global.%s\n", t.name, i + 1,
			       t.name);
			break;
		}
	}
	printf("# %s: %u / %zu tests passed.\n", fail ? "FAILED" : "PASSED", pass,
	       tests.size());
	printf("# Totals: pass:%u fail:%u xfail:0 xpass:0 skip:%u error:0\n", pass, fail, skip);
	return fail ? 1 : 0;
}

}  // namespace ksft

#define TEST(name)                                                                 \
	static void ksft_test_##name();                                            \
	static const ksft::registrar ksft_registrar_##name(#name, ksft_test_##name); \
	static void ksft_test_##name()

#define TH_LOG(...) ksft::log(__FILE__, __LINE__, __VA_ARGS__)

/* The expressions are stringified here, before their macros expand. */
#define KSFT_CMP(expected, op, seen, fatal, expected_str, seen_str)                \
	do {                                                                       \
		const auto &ksft_e_ = (expected);                                  \
		const auto &ksft_s_ = (seen);                                      \
		if (!(ksft_e_ op ksft_s_)) {                                       \
			ksft::compare_failed(__FILE__, __LINE__, expected_str, #op,   \
					     seen_str, ksft_e_, ksft_s_);          \
			if (fatal)                                                 \
				throw ksft::assert_failure();                      \
		}                                                                  \
	} while (0)

#define EXPECT_EQ(e, s) KSFT_CMP(e, ==, s, false, #e, #s)
#define EXPECT_NE(e, s) KSFT_CMP(e, !=, s, false, #e, #s)
#define EXPECT_LT(e, s) KSFT_CMP(e, <, s, false, #e, #s)
#define EXPECT_LE(e, s) KSFT_CMP(e, <=, s, false, #e, #s)
#define EXPECT_GT(e, s) KSFT_CMP(e, >, s, false, #e, #s)
#define EXPECT_GE(e, s) KSFT_CMP(e, >=, s, false, #e, #s)
#define ASSERT_EQ(e, s) KSFT_CMP(e, ==, s, true, #e, #s)
#define ASSERT_NE(e, s) KSFT_CMP(e, !=, s, true, #e, #s)
#define ASSERT_LT(e, s) KSFT_CMP(e, <, s, true, #e, #s)
#define ASSERT_LE(e, s) KSFT_CMP(e, <=, s, true, #e, #s)
#define ASSERT_GT(e, s) KSFT_CMP(e, >, s, true, #e, #s)
#define ASSERT_GE(e, s) KSFT_CMP(e, >=, s, true, #e, #s)
#define EXPECT_TRUE(c) KSFT_CMP(true, ==, static_cast<bool>(c), false, "true", #c)
#define EXPECT_FALSE(c) KSFT_CMP(false, ==, static_cast<bool>(c), false, "false", #c)
#define ASSERT_TRUE(c) KSFT_CMP(true, ==, static_cast<bool>(c), true, "true", #c)
#define ASSERT_FALSE(c) KSFT_CMP(false, ==, static_cast<bool>(c), true, "false", #c)

/* Ends the test as skipped: SKIP(return, "why %d", n). */
#define SKIP(statement, ...)                                                       \
	do {                                                                       \
		TH_LOG(" SKIP: " __VA_ARGS__);                                     \
		ksft::skipped() = true;                                            \
		statement;                                                         \
	} while (0)

#define TEST_HARNESS_MAIN \
	int main() { return ksft::main(); }

#endif /* ZXVMO_CXX_HARNESS_H */
