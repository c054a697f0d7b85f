// SPDX-License-Identifier: GPL-2.0
/*
 * zx_vmo_read() / zx_vmo_write() range semantics, buffer faults and commit
 * accounting, plus read(2)/write(2)/pread(2)/pwrite(2)/lseek(2) on the fd.
 */
#include "zxvmo_test.h"

#include <sys/eventfd.h>

/* Zircon's ReadWrite: a fresh VMO reads zero, written bytes read back. */
TEST(rw_roundtrip)
{
	const size_t len = 4 * PAGE;
	zx_handle_t h = vmo_new(_metadata, len, 0);
	uint8_t *buf = malloc(len), *back = malloc(len);

	ASSERT_NE(NULL, buf);
	ASSERT_NE(NULL, back);
	pattern_fill(buf, 0, len, 1);
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, buf, 0, len));
	memset(back, 0, len);
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, back, 0, len));
	EXPECT_EQ(0, memcmp(buf, back, len));
	free(buf);
	free(back);
	zx_handle_close(h);
}

TEST(rw_unaligned_ranges)
{
	const size_t len = 3 * PAGE;
	zx_handle_t h = vmo_new(_metadata, len, 0);
	uint8_t buf[300], back[300];
	const uint64_t offs[] = { 1, PAGE - 150, 2 * PAGE - 1, 3 * PAGE - 300 };
	size_t i;

	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		pattern_fill(buf, offs[i], sizeof(buf), 2);
		ASSERT_EQ(ZX_OK, zx_vmo_write(h, buf, offs[i], sizeof(buf)));
	}
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		memset(back, 0, sizeof(back));
		ASSERT_EQ(ZX_OK, zx_vmo_read(h, back, offs[i], sizeof(back)));
		EXPECT_EQ(-1, pattern_check(back, offs[i], sizeof(back), 2));
	}
	/* The gap between two writes stayed zero. */
	expect_bytes(_metadata, h, 301, PAGE - 150 - 301, 0);
	zx_handle_close(h);
}

TEST(rw_large_single_call)
{
	const size_t len = 64 * PAGE;
	zx_handle_t h = vmo_new(_metadata, len, 0);
	uint8_t *buf = malloc(len);

	ASSERT_NE(NULL, buf);
	pattern_fill(buf, 0, len, 3);
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, buf, 0, len));
	memset(buf, 0, len);
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, 0, len));
	EXPECT_EQ(-1, pattern_check(buf, 0, len, 3));
	EXPECT_EQ(len, committed(_metadata, h));
	free(buf);
	zx_handle_close(h);
}

/* Zircon's ReadWriteRange. */
TEST(rw_read_past_end_out_of_range)
{
	const size_t len = 4 * PAGE;
	zx_handle_t h = vmo_new(_metadata, len, 0);
	uint8_t *buf = calloc(1, 2 * len);

	ASSERT_NE(NULL, buf);
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(h, buf, 0, 2 * len));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(h, buf, len - 1, 2));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(h, buf, len, 1));
	free(buf);
	zx_handle_close(h);
}

TEST(rw_write_past_end_out_of_range_writes_nothing)
{
	const size_t len = 4 * PAGE;
	zx_handle_t h = vmo_new(_metadata, len, 0);
	uint8_t *buf = malloc(2 * len);

	ASSERT_NE(NULL, buf);
	memset(buf, 0x5a, 2 * len);
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_write(h, buf, 0, 2 * len));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_write(h, buf, len - 1, 2));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_write(h, buf, len, 1));
	EXPECT_EQ(0u, committed(_metadata, h));
	expect_bytes(_metadata, h, 0, len, 0);
	free(buf);
	zx_handle_close(h);
}

TEST(rw_zero_length_at_end_ok)
{
	const size_t len = 4 * PAGE;
	zx_handle_t h = vmo_new(_metadata, len, 0);
	uint8_t b = 0;

	EXPECT_EQ(ZX_OK, zx_vmo_read(h, &b, len, 0));
	EXPECT_EQ(ZX_OK, zx_vmo_write(h, &b, len, 0));
	EXPECT_EQ(ZX_OK, zx_vmo_read(h, &b, 0, 0));
	EXPECT_EQ(ZX_OK, zx_vmo_write(h, &b, 0, 0));
	EXPECT_EQ(0u, committed(_metadata, h));
	zx_handle_close(h);
}

TEST(rw_zero_length_past_end_out_of_range)
{
	const size_t len = 4 * PAGE;
	zx_handle_t h = vmo_new(_metadata, len, 0);
	uint8_t b = 0;

	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(h, &b, len + 1, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_write(h, &b, len + 1, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(h, &b, UINT64_MAX, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_write(h, &b, UINT64_MAX, 0));
	zx_handle_close(h);
}

TEST(rw_zero_length_null_buffer_ok)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);

	EXPECT_EQ(ZX_OK, zx_vmo_read(h, NULL, 0, 0));
	EXPECT_EQ(ZX_OK, zx_vmo_write(h, NULL, 0, 0));
	zx_handle_close(h);
}

/* offset + length wraps around 2^64. */
TEST(rw_offset_length_overflow)
{
	const size_t len = 4 * PAGE;
	zx_handle_t h = vmo_new(_metadata, len, 0);
	uint8_t *buf = calloc(1, len);

	ASSERT_NE(NULL, buf);
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(h, buf, UINT64_MAX - len / 2, len));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_write(h, buf, UINT64_MAX - len / 2, len));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(h, buf, PAGE, UINT64_MAX - PAGE + 1));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_write(h, buf, PAGE, UINT64_MAX - PAGE + 1));
	free(buf);
	zx_handle_close(h);
}

/* Zircon's ReadWriteBadLen. */
TEST(rw_huge_length_out_of_range)
{
	const size_t len = 4 * PAGE;
	zx_handle_t h = vmo_new(_metadata, len, 0);
	uint8_t *buf = calloc(1, len);
	int i;

	ASSERT_NE(NULL, buf);
	for (i = 1; i <= 2; i++) {
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(h, buf, 0, SIZE_MAX - PAGE / i));
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_write(h, buf, 0, SIZE_MAX - PAGE / i));
	}
	EXPECT_EQ(ZX_OK, zx_vmo_read(h, buf, 0, len));
	EXPECT_EQ(ZX_OK, zx_vmo_write(h, buf, 0, len));
	free(buf);
	zx_handle_close(h);
}

/*
 * The spec (vmo_read/vmo_write "Errors"): a NULL or otherwise invalid pointer
 * is INVALID_ARGS; a valid address that maps nothing is NOT_FOUND.  (Newer
 * Zircon returns NOT_FOUND for NULL and kernel addresses as well; zxvmo
 * follows the published spec.)
 */
TEST(rw_null_buffer_invalid_args)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_read(h, NULL, 0, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_write(h, NULL, 0, 1));
	zx_handle_close(h);
}

TEST(rw_kernel_buffer_invalid_args)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	void *kernel = (void *)(uintptr_t)0xffffffff81000000ull;
	void *noncanonical = (void *)(uintptr_t)0x0000800000000000ull;
	void *straddle = (void *)(uintptr_t)(0x0000800000000000ull - 5);

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_read(h, kernel, 0, 10));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_write(h, kernel, 0, 10));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_read(h, noncanonical, 0, 10));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_write(h, noncanonical, 0, 10));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_read(h, straddle, 0, 10));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_write(h, straddle, 0, 10));
	zx_handle_close(h);
}

/* Zircon's ReadWriteInvalidUserBuffer: unmapped and half-mapped buffers. */
TEST(rw_unmapped_buffer_not_found)
{
	const size_t vmo_size = 2 * PAGE;
	zx_handle_t h = vmo_new(_metadata, vmo_size, 0);
	uint8_t *area = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, area);
	/* Leave only the first page of the area mapped. */
	ASSERT_EQ(0, munmap(area + PAGE, 2 * PAGE));

	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmo_read(h, area + PAGE, 0, 1));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmo_write(h, area + PAGE, 0, 1));
	EXPECT_EQ(ZX_OK, zx_vmo_read(h, area, 0, 1));
	EXPECT_EQ(ZX_OK, zx_vmo_write(h, area, 0, 1));
	/* Runs off the end of the mapped page. */
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmo_read(h, area, 0, PAGE + 1));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmo_write(h, area, 0, PAGE + 1));
	/* The range check comes first. */
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(h, area, 0, vmo_size + 1));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_write(h, area, 0, vmo_size + 1));
	munmap(area, PAGE);
	zx_handle_close(h);
}

TEST(rw_read_into_read_only_buffer_not_found)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	uint8_t *ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint8_t *none = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, ro);
	ASSERT_NE(MAP_FAILED, none);
	fill(_metadata, h, 0, PAGE, 0x11);
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmo_read(h, ro, 0, 16));
	EXPECT_EQ(0, ro[0]);
	/* Writing *from* a read-only buffer is fine. */
	EXPECT_EQ(ZX_OK, zx_vmo_write(h, ro, 0, 16));
	expect_bytes(_metadata, h, 0, 16, 0);
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmo_read(h, none, 0, 16));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmo_write(h, none, 0, 16));
	munmap(ro, PAGE);
	munmap(none, PAGE);
	zx_handle_close(h);
}

TEST(rw_read_uncommitted_commits_nothing)
{
	const size_t len = 8 * PAGE;
	long pages_before = zxvmo_counter("pages");
	zx_handle_t h = vmo_new(_metadata, len, 0);
	uint8_t *buf = malloc(len);

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, 0, len));
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, PAGE / 2, PAGE));
	EXPECT_EQ(0u, committed(_metadata, h));
	if (pages_before >= 0) {
		EXPECT_EQ(pages_before, zxvmo_counter("pages"));
	}
	free(buf);
	zx_handle_close(h);
}

TEST(rw_write_commits_exact_pages)
{
	zx_handle_t h = vmo_new(_metadata, 8 * PAGE, 0);
	uint8_t two[2] = { 1, 2 };

	fill(_metadata, h, 2 * PAGE + 7, 1, 0xee);
	EXPECT_EQ(PAGE, committed(_metadata, h));
	/* Two bytes straddling pages 4 and 5. */
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, two, 5 * PAGE - 1, 2));
	EXPECT_EQ(3 * PAGE, committed(_metadata, h));
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, two, 6 * PAGE, 0));
	EXPECT_EQ(3 * PAGE, committed(_metadata, h));
	fill(_metadata, h, 2 * PAGE, PAGE, 0x33);
	EXPECT_EQ(3 * PAGE, committed(_metadata, h));
	/* Reading everything does not add anything. */
	expect_bytes(_metadata, h, 0, 2 * PAGE, 0);
	EXPECT_EQ(3 * PAGE, committed(_metadata, h));
	zx_handle_close(h);
}

/* Writing zeros still commits the page (it is a write). */
TEST(rw_write_zeros_commits)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);

	fill(_metadata, h, 0, PAGE, 0);
	EXPECT_EQ(PAGE, committed(_metadata, h));
	zx_handle_close(h);
}

TEST(rw_bad_handle)
{
	zx_handle_t bad = closed_handle();
	uint8_t b = 0;

	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_read(ZX_HANDLE_INVALID, &b, 0, 1));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_write(ZX_HANDLE_INVALID, &b, 0, 1));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_read(bad, &b, 0, 1));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_write(bad, &b, 0, 1));
}

TEST(rw_wrong_type)
{
	int p[2], efd, ctl;
	FILE *tmp = tmpfile();
	uint8_t b = 0;
	int fds[5];
	size_t i;

	ASSERT_EQ(0, pipe(p));
	efd = eventfd(0, EFD_CLOEXEC);
	ASSERT_LE(0, efd);
	ctl = open("/dev/zxvmo", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, ctl);
	ASSERT_NE(NULL, tmp);
	fds[0] = p[0];
	fds[1] = p[1];
	fds[2] = efd;
	fds[3] = ctl;
	fds[4] = fileno(tmp);
	for (i = 0; i < 5; i++) {
		EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_read((zx_handle_t)fds[i], &b, 0, 1)) {
			TH_LOG("fd kind %zu", i);
		}
		EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_write((zx_handle_t)fds[i], &b, 0, 1)) {
			TH_LOG("fd kind %zu", i);
		}
	}
}

/* Zircon's Rights test: READ for reads, WRITE for writes, even at length 0. */
TEST(rw_access_denied)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_RIGHT_READ);
	zx_handle_t wo = dup_rights(_metadata, h, ZX_RIGHT_WRITE);
	zx_handle_t none = dup_rights(_metadata, h, 0);
	uint8_t buf[16] = { 0 };

	EXPECT_EQ(ZX_OK, zx_vmo_read(ro, buf, 0, 0));
	EXPECT_EQ(ZX_OK, zx_vmo_read(ro, buf, 0, sizeof(buf)));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_write(ro, buf, 0, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_write(ro, buf, 0, sizeof(buf)));

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_read(wo, buf, 0, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_read(wo, buf, 0, sizeof(buf)));
	EXPECT_EQ(ZX_OK, zx_vmo_write(wo, buf, 0, 0));
	EXPECT_EQ(ZX_OK, zx_vmo_write(wo, buf, 0, sizeof(buf)));

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_read(none, buf, 0, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_write(none, buf, 0, 0));
	zx_handle_close(h);
	zx_handle_close(ro);
	zx_handle_close(wo);
	zx_handle_close(none);
}

/* The right is checked before the range and before the buffer. */
TEST(rw_rights_checked_before_range_and_buffer)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_RIGHT_READ);
	zx_handle_t wo = dup_rights(_metadata, h, ZX_RIGHT_WRITE);
	uint8_t b = 0;

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_write(ro, &b, 2 * PAGE, 1));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_read(wo, &b, 2 * PAGE, 1));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_write(ro, NULL, 0, 1));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_read(wo, NULL, 0, 1));
	zx_handle_close(h);
	zx_handle_close(ro);
	zx_handle_close(wo);
}

TEST(fd_pread_pwrite_match_vmo_calls)
{
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	int fd = (int)h;
	uint8_t buf[500], back[500];

	pattern_fill(buf, 1000, sizeof(buf), 4);
	ASSERT_EQ((ssize_t)sizeof(buf), pwrite(fd, buf, sizeof(buf), 1000));
	memset(back, 0, sizeof(back));
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, back, 1000, sizeof(back)));
	EXPECT_EQ(-1, pattern_check(back, 1000, sizeof(back), 4));

	pattern_fill(buf, 3 * PAGE - 100, sizeof(buf), 5);
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, buf, 3 * PAGE - 100, sizeof(buf)));
	memset(back, 0, sizeof(back));
	ASSERT_EQ((ssize_t)sizeof(back), pread(fd, back, sizeof(back), 3 * PAGE - 100));
	EXPECT_EQ(-1, pattern_check(back, 3 * PAGE - 100, sizeof(back), 5));
	/* Exactly the touched pages are committed: 0, 2 and 3. */
	EXPECT_EQ(3 * PAGE, committed(_metadata, h));
	zx_handle_close(h);
}

TEST(fd_read_write_use_file_position)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	int fd = (int)h;
	char back[8] = { 0 };

	EXPECT_EQ(0, lseek(fd, 0, SEEK_CUR));
	ASSERT_EQ(3, write(fd, "abc", 3));
	EXPECT_EQ(3, lseek(fd, 0, SEEK_CUR));
	ASSERT_EQ(3, write(fd, "def", 3));
	EXPECT_EQ(6, lseek(fd, 0, SEEK_CUR));
	ASSERT_EQ(0, lseek(fd, 0, SEEK_SET));
	ASSERT_EQ(4, read(fd, back, 4));
	EXPECT_EQ(0, memcmp(back, "abcd", 4));
	EXPECT_EQ(4, lseek(fd, 0, SEEK_CUR));
	ASSERT_EQ(2, read(fd, back, 2));
	EXPECT_EQ(0, memcmp(back, "ef", 2));
	expect_bytes(_metadata, h, 6, PAGE - 6, 0);
	zx_handle_close(h);
}

TEST(fd_lseek_end_is_size)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE + 3, 0);
	int fd = (int)h;

	EXPECT_EQ((off_t)(3 * PAGE), lseek(fd, 0, SEEK_END));
	EXPECT_EQ((off_t)(3 * PAGE - 10), lseek(fd, -10, SEEK_END));
	EXPECT_EQ((off_t)(3 * PAGE - 5), lseek(fd, 5, SEEK_CUR));
	zx_handle_close(h);
}

TEST(fd_read_at_and_across_eof)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	int fd = (int)h;
	uint8_t buf[64];

	fill(_metadata, h, PAGE - 10, 10, 0x77);
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(10, pread(fd, buf, sizeof(buf), PAGE - 10));
	EXPECT_EQ(0x77, buf[0]);
	EXPECT_EQ(0x77, buf[9]);
	EXPECT_EQ(0, pread(fd, buf, sizeof(buf), PAGE));
	EXPECT_EQ(0, pread(fd, buf, sizeof(buf), 5 * PAGE));
	ASSERT_EQ((off_t)PAGE, lseek(fd, 0, SEEK_END));
	EXPECT_EQ(0, read(fd, buf, sizeof(buf)));
	zx_handle_close(h);
}

/* The VMO never grows through write(2). */
TEST(fd_pwrite_beyond_size_fails)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, ZX_VMO_RESIZABLE);
	int fd = (int)h;
	uint8_t buf[16];

	memset(buf, 0x42, sizeof(buf));
	errno = 0;
	EXPECT_EQ(-1, pwrite(fd, buf, sizeof(buf), PAGE));
	EXPECT_NE(0, errno);
	errno = 0;
	EXPECT_EQ(-1, pwrite(fd, buf, sizeof(buf), 10 * PAGE));
	EXPECT_NE(0, errno);
	ASSERT_EQ((off_t)PAGE, lseek(fd, 0, SEEK_END));
	errno = 0;
	EXPECT_EQ(-1, write(fd, buf, sizeof(buf)));
	EXPECT_EQ(PAGE, size_of(_metadata, h));
	EXPECT_EQ(PAGE, content_size_of(_metadata, h));
	EXPECT_EQ(0u, committed(_metadata, h));
	zx_handle_close(h);
}

TEST(fd_preadv_pwritev)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	int fd = (int)h;
	uint8_t a[100], b[PAGE], c[7];
	struct iovec iov[3] = {
		{ a, sizeof(a) }, { b, sizeof(b) }, { c, sizeof(c) },
	};
	const size_t total = sizeof(a) + sizeof(b) + sizeof(c);
	uint8_t *back = malloc(total);

	ASSERT_NE(NULL, back);
	pattern_fill(a, 50, sizeof(a), 6);
	pattern_fill(b, 50 + sizeof(a), sizeof(b), 6);
	pattern_fill(c, 50 + sizeof(a) + sizeof(b), sizeof(c), 6);
	ASSERT_EQ((ssize_t)total, pwritev(fd, iov, 3, 50));
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, back, 50, total));
	EXPECT_EQ(-1, pattern_check(back, 50, total, 6));
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	memset(c, 0, sizeof(c));
	ASSERT_EQ((ssize_t)total, preadv(fd, iov, 3, 50));
	EXPECT_EQ(-1, pattern_check(a, 50, sizeof(a), 6));
	EXPECT_EQ(-1, pattern_check(c, 50 + sizeof(a) + sizeof(b), sizeof(c), 6));
	free(back);
	zx_handle_close(h);
}

TEST(fd_read_write_need_rights)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_RIGHT_READ);
	zx_handle_t wo = dup_rights(_metadata, h, ZX_RIGHT_WRITE);
	uint8_t buf[8];

	fill(_metadata, h, 0, PAGE, 0x21);
	memset(buf, 0x99, sizeof(buf));
	EXPECT_EQ(-1, pwrite((int)ro, buf, sizeof(buf), 0));
	EXPECT_EQ(-1, pread((int)wo, buf, sizeof(buf), 0));
	EXPECT_EQ((ssize_t)sizeof(buf), pread((int)ro, buf, sizeof(buf), 0));
	EXPECT_EQ(0x21, buf[0]);
	expect_bytes(_metadata, h, 0, PAGE, 0x21);
	EXPECT_EQ((ssize_t)sizeof(buf), pwrite((int)wo, buf, sizeof(buf), 0));
	zx_handle_close(h);
	zx_handle_close(ro);
	zx_handle_close(wo);
}

/*
 * Concurrency: eight threads own interleaved 512-byte slices that share
 * pages; each writes its own pattern generation after generation and reads
 * it back.  Nobody may ever observe another thread's bytes in its slice.
 */
#define SLICE 512
#define NTHREADS 8
#define ROUNDS 300

struct slice_arg {
	zx_handle_t h;
	int id;
	int errors;
};

static void *slice_worker(void *p)
{
	struct slice_arg *a = p;
	uint8_t buf[SLICE], back[SLICE];
	int r, s;

	for (r = 0; r < ROUNDS; r++) {
		for (s = 0; s < 4; s++) {
			uint64_t off = ((uint64_t)s * NTHREADS + a->id) * SLICE;
			uint32_t seed = (uint32_t)(a->id * 1000 + r);

			pattern_fill(buf, off, SLICE, seed);
			if (zx_vmo_write(a->h, buf, off, SLICE) != ZX_OK)
				a->errors++;
			if (zx_vmo_read(a->h, back, off, SLICE) != ZX_OK)
				a->errors++;
			if (pattern_check(back, off, SLICE, seed) != -1)
				a->errors++;
		}
	}
	return NULL;
}

TEST(rw_concurrent_disjoint_slices)
{
	const size_t len = 4 * NTHREADS * SLICE;
	zx_handle_t h = vmo_new(_metadata, len, 0);
	struct slice_arg args[NTHREADS];
	pthread_t t[NTHREADS];
	int i, s;

	for (i = 0; i < NTHREADS; i++) {
		args[i].h = h;
		args[i].id = i;
		args[i].errors = 0;
		ASSERT_EQ(0, pthread_create(&t[i], NULL, slice_worker, &args[i]));
	}
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], NULL);
		EXPECT_EQ(0, args[i].errors);
	}
	/* Final content: each slice holds its owner's last generation. */
	for (i = 0; i < NTHREADS; i++) {
		for (s = 0; s < 4; s++) {
			uint64_t off = ((uint64_t)s * NTHREADS + i) * SLICE;
			uint8_t back[SLICE];

			ASSERT_EQ(ZX_OK, zx_vmo_read(h, back, off, SLICE));
			EXPECT_EQ(-1, pattern_check(back, off, SLICE,
						    (uint32_t)(i * 1000 + ROUNDS - 1)));
		}
	}
	EXPECT_EQ(round_up_page(len), committed(_metadata, h));
	zx_handle_close(h);
}

struct reader_arg {
	zx_handle_t h;
	size_t len;
	int errors;
};

static void *stable_reader(void *p)
{
	struct reader_arg *a = p;
	uint8_t *buf = malloc(a->len);
	int r;

	if (!buf) {
		a->errors++;
		return NULL;
	}
	for (r = 0; r < 100; r++) {
		memset(buf, 0, a->len);
		if (zx_vmo_read(a->h, buf, 0, a->len) != ZX_OK ||
		    pattern_check(buf, 0, a->len, 9) != -1)
			a->errors++;
	}
	free(buf);
	return NULL;
}

TEST(rw_concurrent_readers_and_fd_readers)
{
	const size_t len = 16 * PAGE;
	zx_handle_t h = vmo_new(_metadata, len, 0);
	struct reader_arg args[6];
	pthread_t t[6];
	uint8_t *buf = malloc(len);
	int i;

	ASSERT_NE(NULL, buf);
	pattern_fill(buf, 0, len, 9);
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, buf, 0, len));
	free(buf);
	for (i = 0; i < 6; i++) {
		args[i].h = h;
		args[i].len = len;
		args[i].errors = 0;
		ASSERT_EQ(0, pthread_create(&t[i], NULL, stable_reader, &args[i]));
	}
	for (i = 0; i < 6; i++) {
		pthread_join(t[i], NULL);
		EXPECT_EQ(0, args[i].errors);
	}
	EXPECT_EQ(len, committed(_metadata, h));
	zx_handle_close(h);
}

/*
 * Sub-page faults: a buffer whose last few bytes before a PROT_NONE page
 * are accessible.  A copy that cannot make progress there must fail (or
 * stop short) instead of faulting in the accessible prefix forever.  Each
 * call runs in a child with a deadline, so that a livelock fails the test
 * instead of hanging the suite (a child stuck in the kernel is left
 * behind).
 */
#define SUBPAGE_ACCESSIBLE	6
#define SUBPAGE_LEN		11
#define SUBPAGE_DEADLINE	5	/* seconds */

enum subpage_op { SP_VMO_READ, SP_VMO_WRITE, SP_PREAD, SP_PWRITE };

struct subpage_result {
	long ret;		/* status, or pread/pwrite's return */
	int err;		/* errno after pread/pwrite */
	uint8_t bytes[SUBPAGE_ACCESSIBLE];	/* the buffer afterwards */
};

/* Two pages: read-write, then PROT_NONE.  Returns the first. */
static uint8_t *guarded_page(struct __test_metadata *_metadata)
{
	uint8_t *area = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, area);
	ASSERT_EQ(0, mprotect(area + PAGE, PAGE, PROT_NONE));
	return area;
}

static void subpage_child(zx_handle_t h, enum subpage_op op, uint8_t *buf,
			  uint64_t off, struct subpage_result *res)
{
	alarm(SUBPAGE_DEADLINE);
	errno = 0;
	switch (op) {
	case SP_VMO_READ:
		res->ret = zx_vmo_read(h, buf, off, SUBPAGE_LEN);
		break;
	case SP_VMO_WRITE:
		res->ret = zx_vmo_write(h, buf, off, SUBPAGE_LEN);
		break;
	case SP_PREAD:
		res->ret = pread((int)h, buf, SUBPAGE_LEN, (off_t)off);
		break;
	case SP_PWRITE:
		res->ret = pwrite((int)h, buf, SUBPAGE_LEN, (off_t)off);
		break;
	}
	res->err = errno;
	if ((uintptr_t)buf % PAGE)	/* not the PROT_NONE page itself */
		memcpy(res->bytes, buf, SUBPAGE_ACCESSIBLE);
	_exit(0);
}

/*
 * Runs @op on @h at @off with the buffer @buf (normally the last
 * SUBPAGE_ACCESSIBLE bytes before a PROT_NONE page) in a child; fails the
 * test if the child does not finish within SUBPAGE_DEADLINE seconds.
 */
static struct subpage_result subpage_call(struct __test_metadata *_metadata,
					  zx_handle_t h, enum subpage_op op,
					  uint8_t *buf, uint64_t off)
{
	struct subpage_result *shared, res;
	int status = 0, i;
	pid_t pid;

	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, shared);
	memset(shared, 0xee, sizeof(*shared));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		subpage_child(h, op, buf, off, shared);
	for (i = 0; i < SUBPAGE_DEADLINE * 100; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
		usleep(10000);
	}
	if (i == SUBPAGE_DEADLINE * 100) {
		kill(pid, SIGKILL);
		TH_LOG("op %d did not finish in %d s (livelock)", op,
		       SUBPAGE_DEADLINE);
	}
	ASSERT_LT(i, SUBPAGE_DEADLINE * 100);
	if (WIFSIGNALED(status))
		TH_LOG("op %d killed by signal %d (%d: SIGALRM, no end in %d s)",
		       op, WTERMSIG(status), SIGALRM, SUBPAGE_DEADLINE);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	res = *shared;
	munmap(shared, sizeof(*shared));
	return res;
}

/* Reads into the sub-page buffer from @h at @off, which reads as @b. */
static void subpage_reads(struct __test_metadata *_metadata, zx_handle_t h,
			  uint64_t off, uint8_t b)
{
	uint8_t *area = guarded_page(_metadata);
	uint8_t *buf = area + PAGE - SUBPAGE_ACCESSIBLE;
	struct subpage_result r;
	int i;

	memset(buf, 0xff, SUBPAGE_ACCESSIBLE);
	r = subpage_call(_metadata, h, SP_VMO_READ, buf, off);
	EXPECT_EQ(ZX_ERR_NOT_FOUND, r.ret);

	/* pread(2) stops short at the fault: exactly the accessible bytes. */
	r = subpage_call(_metadata, h, SP_PREAD, buf, off);
	EXPECT_EQ(SUBPAGE_ACCESSIBLE, r.ret);
	for (i = 0; i < SUBPAGE_ACCESSIBLE; i++)
		EXPECT_EQ(b, r.bytes[i]);
	/* Nothing accessible at all: EFAULT. */
	r = subpage_call(_metadata, h, SP_PREAD, area + PAGE, off);
	EXPECT_EQ(-1, r.ret);
	EXPECT_EQ(EFAULT, r.err);
	munmap(area, 2 * PAGE);
}

TEST(rw_read_subpage_fault_uncommitted)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);

	subpage_reads(_metadata, h, PAGE - SUBPAGE_LEN, 0);
	subpage_reads(_metadata, h, 0, 0);
	EXPECT_EQ(0u, committed(_metadata, h));
	zx_handle_close(h);
}

TEST(rw_read_subpage_fault_committed)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);

	fill(_metadata, h, 0, PAGE, 0x5a);
	subpage_reads(_metadata, h, PAGE - SUBPAGE_LEN, 0x5a);
	subpage_reads(_metadata, h, 0, 0x5a);
	zx_handle_close(h);
}

/* A slice reads its parent's pages, committed or not. */
TEST(rw_read_subpage_fault_slice)
{
	zx_handle_t h = vmo_new(_metadata, 3 * PAGE, 0), s;

	fill(_metadata, h, 2 * PAGE, PAGE, 0x3c);
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(h, ZX_VMO_CHILD_SLICE, PAGE,
					     2 * PAGE, &s));
	subpage_reads(_metadata, s, 0, 0);
	subpage_reads(_metadata, s, PAGE, 0x3c);
	EXPECT_EQ(PAGE, committed(_metadata, h));
	zx_handle_close(s);
	zx_handle_close(h);
}

/* Writes from the sub-page buffer into @h at @off. */
static void subpage_writes(struct __test_metadata *_metadata, zx_handle_t h,
			   uint64_t off)
{
	uint8_t *area = guarded_page(_metadata);
	uint8_t *buf = area + PAGE - SUBPAGE_ACCESSIBLE;
	uint8_t back[SUBPAGE_LEN], zero[SUBPAGE_LEN] = { 0 };
	struct subpage_result r;
	int i;

	memset(buf, 0x77, SUBPAGE_ACCESSIBLE);
	r = subpage_call(_metadata, h, SP_VMO_WRITE, buf, off);
	EXPECT_EQ(ZX_ERR_NOT_FOUND, r.ret);

	/* pwrite(2) stops short at the fault: exactly the accessible bytes. */
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, zero, off, SUBPAGE_LEN));
	r = subpage_call(_metadata, h, SP_PWRITE, buf, off);
	EXPECT_EQ(SUBPAGE_ACCESSIBLE, r.ret);
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, back, off, SUBPAGE_LEN));
	for (i = 0; i < SUBPAGE_LEN; i++)
		EXPECT_EQ(i < SUBPAGE_ACCESSIBLE ? 0x77 : 0, back[i]);
	r = subpage_call(_metadata, h, SP_PWRITE, area + PAGE, off);
	EXPECT_EQ(-1, r.ret);
	EXPECT_EQ(EFAULT, r.err);
	munmap(area, 2 * PAGE);
}

TEST(rw_write_subpage_fault)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0), s;

	subpage_writes(_metadata, h, 0);
	subpage_writes(_metadata, h, 2 * PAGE - SUBPAGE_LEN);
	/* Across a page boundary, in a slice. */
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(h, ZX_VMO_CHILD_SLICE, 0,
					     2 * PAGE, &s));
	subpage_writes(_metadata, s, PAGE - 3);
	zx_handle_close(s);
	zx_handle_close(h);
}

/*
 * Every length up to 70 accessible bytes before a PROT_NONE page, from
 * offsets around a page boundary between an uncommitted and a committed
 * page: each call ends, with exactly the accessible bytes.
 */
static int subpage_sweep(zx_handle_t h, zx_handle_t w, uint8_t *area)
{
	int acc;

	for (acc = 1; acc <= 70; acc++) {
		uint8_t *buf = area + PAGE - acc;
		uint64_t off;

		for (off = PAGE - 80; off <= PAGE + 80; off += 8) {
			if (pread((int)h, buf, 100, off) != acc)
				return acc;
			if (zx_vmo_read(h, buf, off, 100) != ZX_ERR_NOT_FOUND)
				return 100 + acc;
			if (pwrite((int)w, buf, 100, off) != acc)
				return 170 + acc;
		}
	}
	return 0;
}

TEST(rw_subpage_fault_sweep)
{
	const int deadline = 6 * SUBPAGE_DEADLINE;
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	zx_handle_t w = vmo_new(_metadata, 2 * PAGE, 0);
	uint8_t *area = guarded_page(_metadata);
	int i, status = 0;
	pid_t pid;

	fill(_metadata, h, PAGE, PAGE, 0x21);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		alarm(deadline);
		_exit(subpage_sweep(h, w, area));
	}
	for (i = 0; i < deadline * 100; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
		usleep(10000);
	}
	if (i == deadline * 100)
		kill(pid, SIGKILL);
	ASSERT_LT(i, deadline * 100);
	if (WIFSIGNALED(status))
		TH_LOG("killed by signal %d (%d: SIGALRM, no end in %d s)",
		       WTERMSIG(status), SIGALRM, deadline);
	ASSERT_TRUE(WIFEXITED(status));
	/* 0, or the call (+0 pread, +100 read, +170 pwrite) that failed. */
	EXPECT_EQ(0, WEXITSTATUS(status));
	/* Reads commit nothing. */
	EXPECT_EQ(PAGE, committed(_metadata, h));
	munmap(area, 2 * PAGE);
	zx_handle_close(w);
	zx_handle_close(h);
}

TEST_HARNESS_MAIN
