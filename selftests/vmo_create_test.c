// SPDX-License-Identifier: GPL-2.0
/*
 * zx_vmo_create(): options, size rounding, content size, default rights,
 * and the control device / handle-as-fd plumbing underneath it.
 */
#include "zxvmo_test.h"

#include <sys/ioctl.h>
#include <sys/statfs.h>

TEST(create_and_close)
{
	zx_handle_t vmo[16];
	size_t i, j;

	for (i = 0; i < 16; i++)
		vmo[i] = vmo_new(_metadata, i * PAGE, 0);
	for (i = 0; i < 16; i++)
		for (j = i + 1; j < 16; j++) {
			EXPECT_NE(vmo[i], vmo[j]);
		}
	for (i = 0; i < 16; i++) {
		EXPECT_EQ(i * PAGE, size_of(_metadata, vmo[i]));
		EXPECT_EQ(ZX_OK, zx_handle_close(vmo[i]));
	}
}

TEST(create_zero_size)
{
	zx_handle_t h = vmo_new(_metadata, 0, 0);
	uint8_t b = 0;

	EXPECT_EQ(0u, size_of(_metadata, h));
	EXPECT_EQ(0u, content_size_of(_metadata, h));
	EXPECT_EQ(ZX_OK, zx_vmo_read(h, &b, 0, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(h, &b, 0, 1));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_write(h, &b, 0, 1));
	EXPECT_EQ(0u, committed(_metadata, h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

/* Zircon's SizeAlign: every size rounds up to the next page boundary. */
TEST(create_size_rounds_up_to_page)
{
	uint64_t sizes[256];
	size_t i, n = rounding_sizes(sizes);

	for (i = 0; i < n; i++) {
		zx_handle_t h = ZX_HANDLE_INVALID;
		uint64_t size = 0x99999999;

		ASSERT_EQ(ZX_OK, zx_vmo_create(sizes[i], 0, &h));
		ASSERT_EQ(ZX_OK, zx_vmo_get_size(h, &size));
		ASSERT_EQ(round_up_page(sizes[i]), size);
		ASSERT_EQ(sizes[i], content_size_of(_metadata, h));
		ASSERT_EQ(ZX_OK, zx_handle_close(h));
	}
}

TEST(create_content_size_is_unrounded)
{
	const uint64_t sizes[] = { 1, 42, PAGE - 1, PAGE, PAGE + 1, 3 * PAGE + 42 };
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		zx_handle_t h = vmo_new(_metadata, sizes[i], 0);

		EXPECT_EQ(sizes[i], content_size_of(_metadata, h));
		EXPECT_EQ(round_up_page(sizes[i]), size_of(_metadata, h));
		zx_handle_close(h);
	}
}

TEST(create_is_zero_filled)
{
	const size_t len = 4 * PAGE;
	zx_handle_t h = vmo_new(_metadata, len, 0);
	uint8_t *buf = malloc(len);
	size_t i;

	ASSERT_NE(NULL, buf);
	memset(buf, 0x99, len);
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, 0, len));
	for (i = 0; i < len; i++) {
		ASSERT_EQ(0, buf[i]);
	}
	free(buf);
	zx_handle_close(h);
}

TEST(create_resizable_option)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, ZX_VMO_RESIZABLE);
	zx_info_vmo_t info = vmo_info(_metadata, h);

	EXPECT_EQ(ZX_INFO_VMO_TYPE_PAGED | ZX_INFO_VMO_VIA_HANDLE | ZX_INFO_VMO_RESIZABLE,
		  info.flags);
	EXPECT_EQ(2 * PAGE, info.size_bytes);
	zx_handle_close(h);
}

TEST(create_discardable_option)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, ZX_VMO_DISCARDABLE);
	zx_info_vmo_t info = vmo_info(_metadata, h);

	EXPECT_EQ(ZX_INFO_VMO_TYPE_PAGED | ZX_INFO_VMO_VIA_HANDLE | ZX_INFO_VMO_DISCARDABLE,
		  info.flags);
	zx_handle_close(h);
}

TEST(create_plain_flags)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);

	EXPECT_EQ(ZX_INFO_VMO_TYPE_PAGED | ZX_INFO_VMO_VIA_HANDLE,
		  vmo_info(_metadata, h).flags);
	zx_handle_close(h);
}

/* Any option other than RESIZABLE / DISCARDABLE / UNBOUNDED is
 * INVALID_ARGS (UNBOUNDED with RESIZABLE too), and a failed create leaves
 * neither an fd nor an object behind. */
TEST(create_unknown_options_rejected)
{
	long vmos_before = zxvmo_counter("vmos");
	zx_handle_t h = ZX_HANDLE_INVALID;
	unsigned int bit;
	int fds_before;

	libzx_control_open(_metadata);
	fds_before = open_fds();
	for (bit = 0; bit < 32; bit++) {
		uint32_t opt = 1u << bit;

		if (opt == ZX_VMO_RESIZABLE || opt == ZX_VMO_DISCARDABLE)
			continue;
		if (opt != ZX_VMO_UNBOUNDED)
			EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create(PAGE, opt, &h)) {
				TH_LOG("option %#x", opt);
			}
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_vmo_create(PAGE, opt | ZX_VMO_RESIZABLE, &h)) {
			TH_LOG("option %#x | RESIZABLE", opt);
		}
	}
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create(PAGE, ~0u, &h));
	EXPECT_EQ(fds_before, open_fds());
	EXPECT_EQ(vmos_before, zxvmo_counter("vmos"));
}

TEST(create_too_large)
{
	zx_handle_t h = ZX_HANDLE_INVALID;
	int fds_before;

	libzx_control_open(_metadata);
	fds_before = open_fds();
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_create(UINT64_MAX, 0, &h));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_create(UINT64_MAX, ZX_VMO_RESIZABLE, &h));
	/* Rounding this one up to a page overflows. */
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_create(UINT64_MAX - PAGE + 2, 0, &h));
	EXPECT_EQ(fds_before, open_fds());
}

TEST(create_null_out_is_invalid_args)
{
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create(PAGE, 0, NULL));
}

/* A huge VMO is cheap: nothing is committed until it is written. */
TEST(create_huge_is_lazy)
{
	const uint64_t size = 1ull << 40;
	zx_handle_t h = vmo_new(_metadata, size, 0);
	uint8_t b = 0xff;

	EXPECT_EQ(size, size_of(_metadata, h));
	EXPECT_EQ(0u, committed(_metadata, h));
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, &b, size - 1, 1));
	EXPECT_EQ(0, b);
	EXPECT_EQ(0u, committed(_metadata, h));
	b = 0x42;
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, &b, size - 1, 1));
	EXPECT_EQ(PAGE, committed(_metadata, h));
	b = 0;
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, &b, size - 1, 1));
	EXPECT_EQ(0x42, b);
	zx_handle_close(h);
}

TEST(create_default_rights)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	const zx_rights_t expected = ZX_RIGHT_DUPLICATE | ZX_RIGHT_TRANSFER |
		ZX_RIGHT_READ | ZX_RIGHT_WRITE | ZX_RIGHT_MAP |
		ZX_RIGHT_GET_PROPERTY | ZX_RIGHT_SET_PROPERTY |
		ZX_RIGHT_SIGNAL | ZX_RIGHT_WAIT | ZX_RIGHT_INSPECT;

	EXPECT_EQ(expected, ZX_DEFAULT_VMO_RIGHTS);
	EXPECT_EQ(0xd0efu, (uint32_t)ZX_DEFAULT_VMO_RIGHTS);
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS, rights_of(_metadata, h));
	EXPECT_EQ(0u, rights_of(_metadata, h) & ZX_RIGHT_EXECUTE);
	zx_handle_close(h);
}

TEST(create_resizable_default_rights)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, ZX_VMO_RESIZABLE);
	zx_rights_t r = rights_of(_metadata, h);

#ifdef ZX_RIGHT_RESIZE
	r &= ~ZX_RIGHT_RESIZE;
#endif
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS, r);
	zx_handle_close(h);
}

/* zx_handle_t is an fd, never 0 (ZX_HANDLE_INVALID), even when fd 0 is free. */
TEST(create_never_returns_handle_zero)
{
	zx_handle_t h;
	uint8_t b = 7;

	close(0);
	h = vmo_new(_metadata, PAGE, 0);
	EXPECT_NE(0u, h);
	EXPECT_EQ(ZX_OK, zx_vmo_write(h, &b, 0, 1));
	b = 0;
	EXPECT_EQ(ZX_OK, zx_vmo_read(h, &b, 0, 1));
	EXPECT_EQ(7, b);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(create_handle_is_cloexec_fd)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	int flags = fcntl((int)h, F_GETFD);

	ASSERT_NE(-1, flags);
	EXPECT_EQ(FD_CLOEXEC, flags & FD_CLOEXEC);
	zx_handle_close(h);
}

TEST(create_fstat_and_fstatfs)
{
	zx_handle_t h = vmo_new(_metadata, 3 * PAGE + 5, 0);
	struct statfs sfs;
	struct stat st;

	ASSERT_EQ(0, fstat((int)h, &st));
	EXPECT_EQ((off_t)(4 * PAGE), st.st_size);
	ASSERT_EQ(0, fstatfs((int)h, &sfs));
	EXPECT_EQ((unsigned long)ZXVMO_FS_MAGIC, (unsigned long)sfs.f_type);
	zx_handle_close(h);
}

/* Each VMO has its own inode; a duplicate is a new file on the same inode. */
TEST(create_own_inode_per_vmo)
{
	zx_handle_t a = vmo_new(_metadata, PAGE, 0);
	zx_handle_t b = vmo_new(_metadata, PAGE, 0);
	zx_handle_t a2 = dup_rights(_metadata, a, ZX_RIGHT_READ);
	struct stat sa, sb, sa2;

	ASSERT_EQ(0, fstat((int)a, &sa));
	ASSERT_EQ(0, fstat((int)b, &sb));
	ASSERT_EQ(0, fstat((int)a2, &sa2));
	EXPECT_NE(sa.st_ino, sb.st_ino);
	EXPECT_EQ(sa.st_ino, sa2.st_ino);
	EXPECT_EQ(sa.st_dev, sa2.st_dev);
	zx_handle_close(a);
	zx_handle_close(b);
	zx_handle_close(a2);
}

TEST(create_commits_nothing)
{
	long pages_before = zxvmo_counter("pages");
	zx_handle_t h = vmo_new(_metadata, 64 * PAGE, 0);

	EXPECT_EQ(0u, committed(_metadata, h));
	if (pages_before >= 0) {
		EXPECT_EQ(pages_before, zxvmo_counter("pages"));
	}
	zx_handle_close(h);
}

TEST(control_device_node)
{
	struct stat st;

	ASSERT_EQ(0, stat("/dev/zxvmo", &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0666u, st.st_mode & 0777);
}

/* The raw ABI: reserved fields and unknown flags must be zero. */
TEST(control_ioctl_abi_checks)
{
	struct zxvmo_create_args args;
	int ctl = open("/dev/zxvmo", O_RDWR | O_CLOEXEC);
	__u64 size = 0;
	int fd;

	ASSERT_LE(0, ctl);

	memset(&args, 0, sizeof(args));
	args.size = PAGE;
	fd = ioctl(ctl, ZXVMO_IOC_CREATE, &args);
	ASSERT_LE(0, fd);
	EXPECT_EQ(FD_CLOEXEC, fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);

	args.reserved = 1;
	errno = 0;
	EXPECT_EQ(-1, ioctl(ctl, ZXVMO_IOC_CREATE, &args));
	EXPECT_EQ(EINVAL, errno);

	args.reserved = 0;
	args.options = 1u << 9;
	errno = 0;
	EXPECT_EQ(-1, ioctl(ctl, ZXVMO_IOC_CREATE, &args));
	EXPECT_EQ(EINVAL, errno);

	errno = 0;
	EXPECT_EQ(-1, ioctl(ctl, _IO(ZXVMO_IOC_MAGIC, 0x7f), 0));
	EXPECT_EQ(ENOTTY, errno);

	/* VMO-only ioctls are not understood by the control device. */
	errno = 0;
	EXPECT_EQ(-1, ioctl(ctl, ZXVMO_IOC_GET_SIZE, &size));
	EXPECT_EQ(ENOTTY, errno);
	close(ctl);
}

/* "ZX_ERR_INVALID_ARGS out is an invalid pointer": no crash, no leak. */
TEST(create_unmapped_out_invalid_args)
{
	zx_handle_t *bad = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long vmos_before = zxvmo_counter("vmos");
	int fds_before;

	libzx_control_open(_metadata);
	fds_before = open_fds();
	ASSERT_NE(MAP_FAILED, bad);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create(PAGE, 0, bad));
	EXPECT_EQ(fds_before, open_fds());
	EXPECT_EQ(vmos_before, zxvmo_counter("vmos"));
	munmap(bad, PAGE);
}

/*
 * Zircon's parse_create_syscall_flags(): RESIZABLE with UNBOUNDED first
 * (INVALID_ARGS), then the size (OUT_OF_RANGE) unless UNBOUNDED, then the
 * options left over (INVALID_ARGS).
 */
TEST(create_size_before_unknown_options)
{
	zx_handle_t h = ZX_HANDLE_INVALID;
	long vmos_before = zxvmo_counter("vmos");

	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_create(UINT64_MAX, 1u << 8, &h));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_create(UINT64_MAX, ~0u & ~ZX_VMO_UNBOUNDED, &h));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_vmo_create(UINT64_MAX - PAGE + 2, ZX_VMO_DISCARDABLE | (1u << 31), &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_create(UINT64_MAX, ZX_VMO_RESIZABLE | ZX_VMO_UNBOUNDED, &h));
	/* UNBOUNDED: the size is not looked at, unknown options still are. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_create(UINT64_MAX, ZX_VMO_UNBOUNDED | (1u << 8), &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create(PAGE, 1u << 8, &h));
	EXPECT_EQ(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(vmos_before, zxvmo_counter("vmos"));
}

TEST_HARNESS_MAIN
