/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers for the zxvmo selftests.
 *
 * Every test binary includes this header exactly once.  It pulls in the
 * libzx headers (Fuchsia's names) and the kselftest harness, and holds every
 * generic helper (time, seeded randomness, /proc and /sys files, the
 * module's counters, memory contents, mappings, probing, fd passing,
 * children): a test never keeps a local copy of one.  Helpers that take the
 * harness' _metadata ASSERT on failure.  Family headers add only what one
 * family of tests needs, and include this one:
 *
 *   cow_helpers.h        copy-on-write children (cow_*, slice, zero_children)
 *   op_range_helpers.h   zx_vmo_op_range and the shrinker (includes the above)
 *   resource_helpers.h   resources, BTIs, privileges, /proc/iomem
 *   stress_common.h      raw ioctls, per-thread probing, watchdog (stress,
 *                        fuzz, faultinj)
 *   model.h              the reference model of model_test
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
#include <time.h>
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

/* ---- time and environment ------------------------------------------------ */

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* An unsigned number from the environment (any base strtoull takes), or @def. */
static inline uint64_t env_u64(const char *name, uint64_t def)
{
	const char *s = getenv(name);

	return s && *s ? strtoull(s, NULL, 0) : def;
}

/* ---- seeded randomness (tests print the seed of a failure) --------------- */

/* splitmix64: seeds per thread, then xorshift64* per draw. */
static inline uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

struct rng {
	uint64_t s;
};

static inline void rng_init(struct rng *r, uint64_t seed, uint64_t stream)
{
	r->s = mix64(seed ^ mix64(stream + 1)) | 1;
}

static inline uint64_t rng_next(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dull;
}

/* Uniform in [0, n); 0 when n is 0. */
static inline uint64_t rnd_below(struct rng *r, uint64_t n)
{
	return n ? rng_next(r) % n : 0;
}

static inline bool rnd_chance(struct rng *r, unsigned int percent)
{
	return rnd_below(r, 100) < percent;
}

/* ---- files in /proc and /sys ----------------------------------------------- */

/* Writes @val to a file in /proc or /sys; returns 0 or -errno. */
static inline int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int err = 0;

	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	if (n != (ssize_t)strlen(val))
		err = n < 0 ? -errno : -EIO;
	close(fd);
	return err;
}

/* Reads the first line of a file into @buf; returns 0 or -errno. */
static inline int read_file(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");

	if (!f)
		return -errno;
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* Open descriptors of this process (a leaked handle shows up here). */
static inline int open_fds(void)
{
	int n = 0, fd;

	for (fd = 0; fd < 1024; fd++)
		n += fcntl(fd, F_GETFD) >= 0;
	return n;
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

/* The module's global counters (/sys/class/misc/zxvmo/{pages,vmos}). */
struct counters {
	long pages;
	long vmos;
};

static inline struct counters read_counters(void)
{
	struct counters c = { zxvmo_counter("pages"), zxvmo_counter("vmos") };

	return c;
}

static inline long pages_now(void)
{
	return zxvmo_counter("pages");
}

static inline long vmos_now(void)
{
	return zxvmo_counter("vmos");
}

/* The counters are part of what these tests check: they must exist. */
#define BASELINE(base)							\
	struct counters base = read_counters();				\
	ASSERT_LE(0, (base).pages);					\
	ASSERT_LE(0, (base).vmos)

/* Everything was closed: both counters are back where they started. */
#define EXPECT_BASELINE(base)						\
	do {								\
		EXPECT_EQ((base).pages, pages_now());			\
		EXPECT_EQ((base).vmos, vmos_now());			\
	} while (0)

/* ---- memory contents and mappings ----------------------------------------- */

/*
 * Checks that every byte of [p, p + len) is @b; on a mismatch stores its
 * offset in *@bad (when not NULL).  Reads each byte once, in order, so it
 * also works on a mapping whose faults are part of the test.
 */
static inline bool mem_is(const volatile void *p, size_t len, uint8_t b,
			  size_t *bad)
{
	const volatile uint8_t *q = p;
	size_t i;

	for (i = 0; i < len; i++) {
		if (q[i] != b) {
			if (bad)
				*bad = i;
			return false;
		}
	}
	return true;
}

static inline bool all_zero(const volatile void *p, size_t len)
{
	return mem_is(p, len, 0, NULL);
}

#define EXPECT_MEM(p, len, b)						\
	do {								\
		size_t __bad = 0;					\
		const volatile uint8_t *__p =				\
			(const volatile uint8_t *)(p);			\
		if (!mem_is(__p, (len), (b), &__bad)) {			\
			TH_LOG("byte %zu is %#x, expected %#x", __bad,	\
			       __p[__bad], (unsigned)(uint8_t)(b));	\
			EXPECT_EQ((uint8_t)(b), __p[__bad]);		\
		}							\
	} while (0)

#define RW (ZX_VM_PERM_READ | ZX_VM_PERM_WRITE)

/* zx_vmar_map() of [off, off + len) of @h that must succeed. */
static inline zx_vaddr_t map_addr(struct __test_metadata *_metadata,
				  zx_handle_t h, zx_vm_option_t opts,
				  uint64_t off, size_t len)
{
	zx_vaddr_t addr = 0;

	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), opts, 0, h, off, len,
				     &addr));
	ASSERT_NE(0u, addr);
	return addr;
}

static inline uint8_t *map_vmo(struct __test_metadata *_metadata, zx_handle_t h,
			       zx_vm_option_t opts, uint64_t off, size_t len)
{
	return (uint8_t *)map_addr(_metadata, h, opts, off, len);
}

static inline void unmap_addr(struct __test_metadata *_metadata,
			      zx_vaddr_t addr, size_t len)
{
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), addr, len));
}

static inline void unmap_vmo(struct __test_metadata *_metadata,
			     const volatile void *p, size_t len)
{
	unmap_addr(_metadata, (zx_vaddr_t)p, len);
}

/* Maps [off, off + len) of @h with mmap(2) directly (any flags). */
static inline uint8_t *mmap_vmo(struct __test_metadata *_metadata, zx_handle_t h,
				int prot, int flags, uint64_t off, size_t len)
{
	void *p = mmap(NULL, len, prot, flags, (int)h, (off_t)off);

	ASSERT_NE(MAP_FAILED, p);
	return p;
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
