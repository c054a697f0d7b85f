// SPDX-License-Identifier: GPL-2.0
/*
 * Handles: close / close_many / duplicate / replace, rights subsets,
 * BAD_HANDLE / WRONG_TYPE / ACCESS_DENIED ordering, and handles as fds
 * (dup(2), fork(2), SCM_RIGHTS).
 */
#include "zxvmo_test.h"

#include <sys/eventfd.h>

TEST(close_then_bad_handle)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	uint64_t size;

	EXPECT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_get_size(h, &size));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close(h));
}

TEST(close_invalid_handle_ok)
{
	EXPECT_EQ(ZX_OK, zx_handle_close(ZX_HANDLE_INVALID));
}

TEST(close_many_closes_all)
{
	zx_handle_t h[4];
	uint64_t size;
	int i;

	for (i = 0; i < 4; i++)
		h[i] = vmo_new(_metadata, PAGE, 0);
	EXPECT_EQ(ZX_OK, zx_handle_close_many(h, 4));
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_get_size(h[i], &size));
	}
}

TEST(close_many_skips_invalid)
{
	zx_handle_t h[3];
	uint64_t size;

	h[0] = vmo_new(_metadata, PAGE, 0);
	h[1] = ZX_HANDLE_INVALID;
	h[2] = vmo_new(_metadata, PAGE, 0);
	EXPECT_EQ(ZX_OK, zx_handle_close_many(h, 3));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_get_size(h[0], &size));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_get_size(h[2], &size));
}

/* A bad entry is reported, the good ones are closed anyway. */
TEST(close_many_bad_entry)
{
	zx_handle_t h[3];
	uint64_t size;

	h[0] = vmo_new(_metadata, PAGE, 0);
	h[2] = vmo_new(_metadata, PAGE, 0);
	h[1] = closed_handle();
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close_many(h, 3));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_get_size(h[0], &size));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_get_size(h[2], &size));
}

TEST(close_many_zero_count)
{
	EXPECT_EQ(ZX_OK, zx_handle_close_many(NULL, 0));
}

TEST(duplicate_same_rights)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t d = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &d));
	EXPECT_NE(h, d);
	EXPECT_NE(ZX_HANDLE_INVALID, d);
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS, rights_of(_metadata, d));
	EXPECT_EQ(koid_of(_metadata, h), koid_of(_metadata, d));
	zx_handle_close(h);
	zx_handle_close(d);
}

TEST(duplicate_exact_subsets)
{
	const zx_rights_t subsets[] = {
		0,
		ZX_RIGHT_READ,
		ZX_RIGHT_WRITE,
		ZX_RIGHT_READ | ZX_RIGHT_MAP,
		ZX_RIGHT_READ | ZX_RIGHT_WRITE | ZX_RIGHT_MAP | ZX_RIGHT_DUPLICATE,
		ZX_RIGHT_GET_PROPERTY | ZX_RIGHT_INSPECT | ZX_RIGHT_WAIT,
		ZX_DEFAULT_VMO_RIGHTS,
	};
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	size_t i;

	for (i = 0; i < sizeof(subsets) / sizeof(subsets[0]); i++) {
		zx_handle_t d = dup_rights(_metadata, h, subsets[i]);

		EXPECT_EQ(subsets[i], rights_of(_metadata, d));
		EXPECT_EQ(subsets[i], vmo_info(_metadata, d).handle_rights);
		zx_handle_close(d);
	}
	/* The original keeps its rights. */
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS, rights_of(_metadata, h));
	zx_handle_close(h);
}

TEST(duplicate_more_rights_invalid_args)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_RIGHT_READ | ZX_RIGHT_DUPLICATE);
	zx_handle_t d = ZX_HANDLE_INVALID;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_duplicate(ro, ZX_RIGHT_READ | ZX_RIGHT_WRITE, &d));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_handle_duplicate(h, ZX_RIGHT_EXECUTE, &d));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_duplicate(h, ZX_DEFAULT_VMO_RIGHTS | ZX_RIGHT_EXECUTE, &d));
	/* Bits that are no right at all are not held either. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_handle_duplicate(h, 1u << 20, &d));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_handle_duplicate(h, 0x7fffffffu, &d));
	/* A duplicate of a duplicate cannot gain anything either. */
	d = dup_rights(_metadata, ro, ZX_RIGHT_SAME_RIGHTS);
	EXPECT_EQ(ZX_RIGHT_READ | ZX_RIGHT_DUPLICATE, rights_of(_metadata, d));
	zx_handle_close(h);
	zx_handle_close(ro);
	zx_handle_close(d);
}

TEST(duplicate_needs_duplicate_right)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t nodup = dup_rights(_metadata, h,
				       ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_DUPLICATE);
	zx_handle_t d = ZX_HANDLE_INVALID;

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_handle_duplicate(nodup, ZX_RIGHT_SAME_RIGHTS, &d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_handle_duplicate(nodup, ZX_RIGHT_READ, &d));
	/* The missing right is reported before the excessive rights. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_handle_duplicate(nodup, ZX_RIGHT_EXECUTE, &d));
	zx_handle_close(h);
	zx_handle_close(nodup);
}

TEST(duplicate_bad_handle)
{
	zx_handle_t d = ZX_HANDLE_INVALID;

	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_handle_duplicate(closed_handle(), ZX_RIGHT_SAME_RIGHTS, &d));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_handle_duplicate(ZX_HANDLE_INVALID, ZX_RIGHT_SAME_RIGHTS, &d));
}

TEST(duplicate_shares_object)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, ZX_VMO_RESIZABLE);
	zx_handle_t d = dup_rights(_metadata, h, ZX_RIGHT_SAME_RIGHTS);

	fill(_metadata, d, 100, 50, 0x12);
	expect_bytes(_metadata, h, 100, 50, 0x12);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, 5 * PAGE));
	EXPECT_EQ(5 * PAGE, size_of(_metadata, d));
	EXPECT_EQ(PAGE, committed(_metadata, d));
	/* Closing one handle does not affect the other. */
	zx_handle_close(h);
	expect_bytes(_metadata, d, 100, 50, 0x12);
	zx_handle_close(d);
}

/* Zircon's Rights test: a handle with no rights can do nothing gated. */
TEST(duplicate_no_rights)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t none = dup_rights(_metadata, h, 0);
	zx_handle_t d = ZX_HANDLE_INVALID;
	uint8_t b = 0;
	zx_vaddr_t addr;

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_read(none, &b, 0, 1));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_write(none, &b, 0, 1));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_set_size(none, PAGE));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_handle_duplicate(none, 0, &d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, none, 0, PAGE, &addr));
	EXPECT_EQ(PAGE, size_of(_metadata, none));
	EXPECT_EQ(0u, rights_of(_metadata, none));
	zx_handle_close(h);
	EXPECT_EQ(ZX_OK, zx_handle_close(none));
}

TEST(replace_invalidates_old)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_koid_t koid = koid_of(_metadata, h);
	zx_handle_t r = ZX_HANDLE_INVALID;
	uint64_t size;
	uint8_t b = 0;

	fill(_metadata, h, 0, 1, 0x44);
	ASSERT_EQ(ZX_OK, zx_handle_replace(h, ZX_RIGHT_READ, &r));
	EXPECT_NE(ZX_HANDLE_INVALID, r);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_get_size(h, &size));
	EXPECT_EQ(ZX_RIGHT_READ, rights_of(_metadata, r));
	EXPECT_EQ(koid, koid_of(_metadata, r));
	EXPECT_EQ(ZX_OK, zx_vmo_read(r, &b, 0, 1));
	EXPECT_EQ(0x44, b);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_write(r, &b, 0, 1));
	zx_handle_close(r);
}

TEST(replace_needs_no_duplicate_right)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t nodup = dup_rights(_metadata, h, ZX_RIGHT_READ | ZX_RIGHT_WRITE);
	zx_handle_t r = ZX_HANDLE_INVALID;

	EXPECT_EQ(ZX_OK, zx_handle_replace(nodup, ZX_RIGHT_READ, &r));
	EXPECT_EQ(ZX_RIGHT_READ, rights_of(_metadata, r));
	zx_handle_close(h);
	zx_handle_close(r);
}

TEST(replace_same_rights)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t r = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_handle_replace(h, ZX_RIGHT_SAME_RIGHTS, &r));
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS, rights_of(_metadata, r));
	zx_handle_close(r);
}

TEST(replace_more_rights_invalid_args)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_RIGHT_READ);
	zx_handle_t r = ZX_HANDLE_INVALID;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_replace(ro, ZX_RIGHT_READ | ZX_RIGHT_WRITE, &r));
	zx_handle_close(h);
}

TEST(replace_bad_handle)
{
	zx_handle_t r = ZX_HANDLE_INVALID;

	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_handle_replace(closed_handle(), ZX_RIGHT_SAME_RIGHTS, &r));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_handle_replace(ZX_HANDLE_INVALID, ZX_RIGHT_SAME_RIGHTS, &r));
}

TEST(new_handles_are_cloexec)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t d = dup_rights(_metadata, h, ZX_RIGHT_READ);
	zx_handle_t r = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_handle_replace(h, ZX_RIGHT_SAME_RIGHTS, &r));
	EXPECT_EQ(FD_CLOEXEC, fcntl((int)d, F_GETFD) & FD_CLOEXEC);
	EXPECT_EQ(FD_CLOEXEC, fcntl((int)r, F_GETFD) & FD_CLOEXEC);
	zx_handle_close(d);
	zx_handle_close(r);
}

/* dup(2) shares the same handle (same file), hence the same rights. */
TEST(posix_dup_shares_rights)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_RIGHT_READ);
	int fd = dup((int)ro);
	uint8_t b = 0;

	ASSERT_LE(0, fd);
	EXPECT_EQ(ZX_RIGHT_READ, rights_of(_metadata, (zx_handle_t)fd));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_write((zx_handle_t)fd, &b, 0, 1));
	EXPECT_EQ(ZX_OK, zx_vmo_read((zx_handle_t)fd, &b, 0, 1));
	close(fd);
	zx_handle_close(h);
	zx_handle_close(ro);
}

TEST(posix_close_invalidates_handle)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	uint8_t b = 0;

	ASSERT_EQ(0, close((int)h));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_read(h, &b, 0, 1));
}

TEST(fork_child_shares_handle)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_koid_t koid = koid_of(_metadata, h);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_RIGHT_READ | ZX_RIGHT_INSPECT);
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		zx_info_handle_basic_t bi;
		uint8_t b = 0x66;

		if (zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &bi, sizeof(bi),
				       NULL, NULL) != ZX_OK || bi.koid != koid)
			_exit(1);
		if (zx_vmo_write(h, &b, 10, 1) != ZX_OK)
			_exit(2);
		if (zx_vmo_write(ro, &b, 11, 1) != ZX_ERR_ACCESS_DENIED)
			_exit(3);
		if (zx_object_get_info(ro, ZX_INFO_HANDLE_BASIC, &bi, sizeof(bi),
				       NULL, NULL) != ZX_OK ||
		    bi.rights != (ZX_RIGHT_READ | ZX_RIGHT_INSPECT))
			_exit(4);
		_exit(0);
	}
	EXPECT_EQ(0, wait_child(pid));
	expect_bytes(_metadata, h, 10, 1, 0x66);
	expect_bytes(_metadata, h, 11, 1, 0);
	zx_handle_close(h);
	zx_handle_close(ro);
}

/* A read-only handle sent over a Unix socket stays read-only. */
TEST(scm_rights_keeps_rights)
{
	const zx_rights_t sent = ZX_RIGHT_READ | ZX_RIGHT_MAP | ZX_RIGHT_INSPECT |
				 ZX_RIGHT_TRANSFER;
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t ro = dup_rights(_metadata, h, sent);
	zx_koid_t koid = koid_of(_metadata, h);
	int sv[2];
	pid_t pid;

	fill(_metadata, h, 0, PAGE, 0x3e);
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		zx_info_handle_basic_t bi;
		zx_handle_t got;
		uint8_t b = 0;
		void *p;
		int fd;

		close(sv[0]);
		zx_handle_close(h);
		zx_handle_close(ro);
		fd = recv_fd(sv[1]);
		if (fd < 0)
			_exit(1);
		got = (zx_handle_t)fd;
		if (zx_object_get_info(got, ZX_INFO_HANDLE_BASIC, &bi, sizeof(bi),
				       NULL, NULL) != ZX_OK)
			_exit(2);
		if (bi.rights != sent || bi.koid != koid ||
		    bi.type != ZX_OBJ_TYPE_VMO)
			_exit(3);
		if (zx_vmo_read(got, &b, 5, 1) != ZX_OK || b != 0x3e)
			_exit(4);
		if (zx_vmo_write(got, &b, 5, 1) != ZX_ERR_ACCESS_DENIED)
			_exit(5);
		p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p != MAP_FAILED || errno != EACCES)
			_exit(6);
		p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED || ((uint8_t *)p)[7] != 0x3e)
			_exit(7);
		_exit(0);
	}
	close(sv[1]);
	ASSERT_EQ(0, send_fd(sv[0], (int)ro));
	EXPECT_EQ(0, wait_child(pid));
	close(sv[0]);
	zx_handle_close(h);
	zx_handle_close(ro);
}

TEST(scm_rights_full_handle_shares_data)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	int sv[2];
	pid_t pid;

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		uint8_t b = 0x9d;
		int fd;

		close(sv[0]);
		zx_handle_close(h);
		fd = recv_fd(sv[1]);
		if (fd < 0)
			_exit(1);
		if (zx_vmo_write((zx_handle_t)fd, &b, PAGE - 1, 1) != ZX_OK)
			_exit(2);
		_exit(0);
	}
	close(sv[1]);
	ASSERT_EQ(0, send_fd(sv[0], (int)h));
	EXPECT_EQ(0, wait_child(pid));
	expect_bytes(_metadata, h, PAGE - 1, 1, 0x9d);
	close(sv[0]);
	zx_handle_close(h);
}

/* Every VMO call refuses a descriptor that is not a VMO handle. */
TEST(wrong_type_for_every_vmo_call)
{
	int p[2], efd, ctl, sv[2];
	FILE *tmp = tmpfile();
	int fds[6];
	size_t i;

	ASSERT_EQ(0, pipe(p));
	efd = eventfd(0, EFD_CLOEXEC);
	ASSERT_LE(0, efd);
	ctl = open("/dev/zxvmo", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, ctl);
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	ASSERT_NE(NULL, tmp);
	fds[0] = p[0];
	fds[1] = efd;
	fds[2] = ctl;
	fds[3] = sv[0];
	fds[4] = fileno(tmp);
	fds[5] = p[1];
	for (i = 0; i < 6; i++) {
		zx_handle_t x = (zx_handle_t)fds[i];
		uint64_t size;
		uint8_t b = 0;

		EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_read(x, &b, 0, 1)) {
			TH_LOG("fd kind %zu", i);
		}
		EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_write(x, &b, 0, 1)) {
			TH_LOG("fd kind %zu", i);
		}
		EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_get_size(x, &size)) {
			TH_LOG("fd kind %zu", i);
		}
		EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_set_size(x, PAGE)) {
			TH_LOG("fd kind %zu", i);
		}
	}
}

TEST(bad_handle_for_every_call)
{
	const zx_handle_t bads[2] = { ZX_HANDLE_INVALID, closed_handle() };
	int i;

	for (i = 0; i < 2; i++) {
		zx_handle_t x = bads[i], out;
		zx_info_handle_basic_t bi;
		zx_signals_t obs;
		zx_vaddr_t addr;
		uint64_t size;
		uint8_t b = 0;

		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_read(x, &b, 0, 1));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_write(x, &b, 0, 1));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_get_size(x, &size));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_set_size(x, PAGE));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_duplicate(x, ZX_RIGHT_SAME_RIGHTS, &out));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_replace(x, ZX_RIGHT_SAME_RIGHTS, &out));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE,
			  zx_object_get_info(x, ZX_INFO_HANDLE_BASIC, &bi, sizeof(bi),
					     NULL, NULL));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE,
			  zx_object_wait_one(x, ZX_VMO_ZERO_CHILDREN, 0, &obs));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE,
			  zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, x, 0,
				      PAGE, &addr));
	}
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close(bads[1]));
}

/* Handle values are never reused while open and are never 0. */
TEST(handle_values_distinct)
{
	zx_handle_t h[32];
	int i, j;

	for (i = 0; i < 32; i++) {
		h[i] = vmo_new(_metadata, 0, 0);
		EXPECT_NE(0u, h[i]);
		for (j = 0; j < i; j++) {
			EXPECT_NE(h[i], h[j]);
		}
	}
	EXPECT_EQ(ZX_OK, zx_handle_close_many(h, 32));
}

/*
 * Each handle is its own struct file: kcmp(KCMP_FILE) tells dup(2) (same
 * file) from zx_handle_duplicate (a new file on the same inode).
 */
#ifndef KCMP_FILE
#define KCMP_FILE 0
#endif

TEST(each_handle_is_its_own_file)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t d = dup_rights(_metadata, h, ZX_RIGHT_SAME_RIGHTS);
	int fd = dup((int)h);
	pid_t me = getpid();
	long r;

	ASSERT_LE(0, fd);
	r = syscall(SYS_kcmp, me, me, KCMP_FILE, (int)h, fd);
	if (r < 0 && (errno == ENOSYS || errno == EPERM))
		SKIP(goto out, "kcmp not available");
	EXPECT_EQ(0, r);
	EXPECT_NE(0, syscall(SYS_kcmp, me, me, KCMP_FILE, (int)h, (int)d));
out:
	close(fd);
	zx_handle_close(h);
	zx_handle_close(d);
}

TEST_HARNESS_MAIN
