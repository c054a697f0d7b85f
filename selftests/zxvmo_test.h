/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers for the zxvmo selftests.
 *
 * Every test binary includes this header exactly once.  It pulls in the
 * libzx headers (Fuchsia's names) and the kselftest harness, and offers a
 * few helpers that take the harness' _metadata so that they can ASSERT.
 */
#ifndef ZXVMO_SELFTEST_H
#define ZXVMO_SELFTEST_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zircon/types.h>
#include <zircon/errors.h>
#include <zircon/rights.h>
#include <zircon/status.h>
#include <zircon/process.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/object.h>

#include <linux/zxvmo.h>

#include "kselftest_harness.h"

/* The VM runs under TCG: give every test more time than the default 30 s. */
#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 120

#define ZXVMO_SYSFS "/sys/class/misc/zxvmo"

static inline size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

#define PAGE (page_size())

static inline uint64_t round_up_page(uint64_t v)
{
	return (v + PAGE - 1) / PAGE * PAGE;
}

/*
 * Sizes worth probing for rounding: every size within 2 bytes of a page
 * boundary up to 4 pages, plus a stride through the rest.  (Zircon's
 * SizeAlign tries every size; under TCG with KASAN that takes minutes.)
 * Returns the number of sizes written to @out (at most 256).
 */
static inline size_t rounding_sizes(uint64_t *out)
{
	size_t n = 0;
	uint64_t s, k;

	for (k = 0; k <= 4; k++)
		for (s = k * PAGE >= 2 ? k * PAGE - 2 : 0; s <= k * PAGE + 2; s++)
			out[n++] = s;
	for (s = 3; s < 4 * PAGE; s += 97)
		out[n++] = s;
	return n;
}

/* Creates a VMO or aborts the test. */
static inline zx_handle_t vmo_new(struct __test_metadata *_metadata,
				  uint64_t size, uint32_t options)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_vmo_create(size, options, &h));
	ASSERT_NE(ZX_HANDLE_INVALID, h);
	return h;
}

/*
 * libzx keeps one /dev/zxvmo descriptor per process, opened by its first
 * zx_vmo_create() or resource getter: open it before counting the
 * process's descriptors, so that the count sees only handles.
 */
static inline void libzx_control_open(struct __test_metadata *_metadata)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_vmo_create(0, 0, &h));
	zx_handle_close(h);
}

/* Duplicates with exact rights or aborts the test. */
static inline zx_handle_t dup_rights(struct __test_metadata *_metadata,
				     zx_handle_t h, zx_rights_t rights)
{
	zx_handle_t out = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, rights, &out));
	ASSERT_NE(ZX_HANDLE_INVALID, out);
	return out;
}

static inline zx_info_handle_basic_t basic_info(struct __test_metadata *_metadata,
						zx_handle_t h)
{
	zx_info_handle_basic_t info;

	memset(&info, 0xa5, sizeof(info));
	ASSERT_EQ(ZX_OK, zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &info,
					    sizeof(info), NULL, NULL));
	return info;
}

static inline zx_info_vmo_t vmo_info(struct __test_metadata *_metadata,
				     zx_handle_t h)
{
	zx_info_vmo_t info;

	memset(&info, 0xa5, sizeof(info));
	ASSERT_EQ(ZX_OK, zx_object_get_info(h, ZX_INFO_VMO, &info,
					    sizeof(info), NULL, NULL));
	return info;
}

static inline uint64_t committed(struct __test_metadata *_metadata, zx_handle_t h)
{
	return vmo_info(_metadata, h).committed_bytes;
}

static inline zx_rights_t rights_of(struct __test_metadata *_metadata, zx_handle_t h)
{
	return basic_info(_metadata, h).rights;
}

static inline zx_koid_t koid_of(struct __test_metadata *_metadata, zx_handle_t h)
{
	return basic_info(_metadata, h).koid;
}

static inline uint64_t size_of(struct __test_metadata *_metadata, zx_handle_t h)
{
	uint64_t size = 0xdeadbeef;

	ASSERT_EQ(ZX_OK, zx_vmo_get_size(h, &size));
	return size;
}

static inline uint64_t content_size_of(struct __test_metadata *_metadata,
				       zx_handle_t h)
{
	uint64_t v = 0xdeadbeef;

	ASSERT_EQ(ZX_OK, zx_object_get_property(h, ZX_PROP_VMO_CONTENT_SIZE,
						&v, sizeof(v)));
	return v;
}

/* Fills [off, off+len) of the VMO with byte b through zx_vmo_write. */
static inline void fill(struct __test_metadata *_metadata, zx_handle_t h,
			uint64_t off, size_t len, uint8_t b)
{
	uint8_t *buf = malloc(len ? len : 1);

	ASSERT_NE(NULL, buf);
	memset(buf, b, len);
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, buf, off, len));
	free(buf);
}

/* Checks that [off, off+len) of the VMO reads as byte b. */
static inline void expect_bytes(struct __test_metadata *_metadata, zx_handle_t h,
				uint64_t off, size_t len, uint8_t b)
{
	uint8_t *buf = malloc(len ? len : 1);
	size_t i;

	ASSERT_NE(NULL, buf);
	memset(buf, (uint8_t)~b, len);
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, off, len));
	for (i = 0; i < len; i++) {
		if (buf[i] != b) {
			uint8_t seen = buf[i];

			TH_LOG("offset %#llx: byte %#x, expected %#x",
			       (unsigned long long)(off + i), seen, b);
			free(buf);
			ASSERT_EQ(b, seen);
		}
	}
	free(buf);
}

/* Deterministic pattern so that every byte of a buffer is distinguishable. */
static inline uint8_t pattern_byte(uint64_t off, uint32_t seed)
{
	uint64_t x = off * 0x9e3779b97f4a7c15ull + seed * 0xbf58476d1ce4e5b9ull;

	x ^= x >> 29;
	return (uint8_t)(x ^ (x >> 8));
}

static inline void pattern_fill(void *p, uint64_t base, size_t len, uint32_t seed)
{
	uint8_t *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = pattern_byte(base + i, seed);
}

/* Returns the first mismatching index, or -1 if the buffer matches. */
static inline long pattern_check(const void *p, uint64_t base, size_t len,
				 uint32_t seed)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i] != pattern_byte(base + i, seed))
			return (long)i;
	return -1;
}

/*
 * A debug kernel (KASAN, lockdep, kmemleak: see scripts/guest-debug.config)
 * makes every call several times slower; timing limits scale with it.
 */
static inline bool debug_kernel(void)
{
	return access("/sys/kernel/debug/kmemleak", F_OK) == 0;
}

/*
 * Reads a decimal counter from /sys/class/misc/zxvmo/<name>.
 * Returns -1 when the file does not exist (not the module under test, or an
 * old module), so that callers can SKIP.
 */
static inline long zxvmo_counter(const char *name)
{
	char path[128], buf[64];
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), ZXVMO_SYSFS "/%s", name);
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f))
		v = strtol(buf, NULL, 10);
	fclose(f);
	return v;
}

/*
 * Memory probing: touch an address and report the signal it raised
 * (0 when the access succeeded, SIGSEGV or SIGBUS otherwise).
 */
static sigjmp_buf probe_env;
static volatile sig_atomic_t probe_sig;

static void probe_handler(int sig)
{
	probe_sig = sig;
	siglongjmp(probe_env, 1);
}

static inline int probe_access(volatile uint8_t *addr, bool write, uint8_t value,
			       uint8_t *read_out)
{
	struct sigaction sa, old_segv, old_bus;
	int ret;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = probe_handler;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &old_segv);
	sigaction(SIGBUS, &sa, &old_bus);
	probe_sig = 0;
	if (sigsetjmp(probe_env, 1) == 0) {
		if (write) {
			*addr = value;
		} else {
			uint8_t v = *addr;

			if (read_out)
				*read_out = v;
		}
		ret = 0;
	} else {
		ret = probe_sig;
	}
	sigaction(SIGSEGV, &old_segv, NULL);
	sigaction(SIGBUS, &old_bus, NULL);
	return ret;
}

static inline int probe_read(const volatile void *addr)
{
	return probe_access((volatile uint8_t *)addr, false, 0, NULL);
}

static inline int probe_write(volatile void *addr, uint8_t value)
{
	return probe_access((volatile uint8_t *)addr, true, value, NULL);
}

/* SCM_RIGHTS helpers. */
static inline int send_fd(int sock, int fd)
{
	char data = 'h';
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c;

	memset(&u, 0, sizeof(u));
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static inline int recv_fd(int sock)
{
	char data;
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1)
		return -1;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/*
 * Waits for a child forked by a test and returns its exit code, or 128 +
 * signal number when it was killed by a signal.
 */
static inline int wait_child(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -1;
}

/* A handle value that is certainly not an open descriptor. */
static inline zx_handle_t closed_handle(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	close(fd);
	return (zx_handle_t)fd;
}

/*
 * A thread that keeps a VMO's tree lock busy: COMMIT of [0, @size), again
 * and again, until @stop (or a COMMIT fails: @last).
 */
struct busy_committer {
	zx_handle_t h;
	uint64_t size;
	atomic_bool stop;
	atomic_long rounds;
	zx_status_t last;
};

static inline void *busy_commit(void *arg)
{
	struct busy_committer *b = arg;

	while (!atomic_load(&b->stop)) {
		b->last = zx_vmo_op_range(b->h, ZX_VMO_OP_COMMIT, 0, b->size,
					  NULL, 0);
		if (b->last != ZX_OK)
			break;
		atomic_fetch_add(&b->rounds, 1);
	}
	return NULL;
}

#endif /* ZXVMO_SELFTEST_H */
