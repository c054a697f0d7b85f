// SPDX-License-Identifier: GPL-2.0
/*
 * zx_vmo_get_size() / zx_vmo_set_size(): rounding, UNAVAILABLE, rights,
 * zeroing of the tail, content size, and what mappings see across a resize.
 */
#include "zxvmo_test.h"

#include <sys/eventfd.h>

TEST(get_size_basic)
{
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	uint64_t size = 0x99999999;

	EXPECT_EQ(ZX_OK, zx_vmo_get_size(h, &size));
	EXPECT_EQ(4 * PAGE, size);
	zx_handle_close(h);
}

TEST(get_size_null_out_invalid_args)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_get_size(h, NULL));
	zx_handle_close(h);
}

/* zx_vmo_get_size needs no right at all. */
TEST(get_size_needs_no_rights)
{
	zx_handle_t h = vmo_new(_metadata, 3 * PAGE, 0);
	zx_handle_t none = dup_rights(_metadata, h, 0);

	EXPECT_EQ(3 * PAGE, size_of(_metadata, none));
	zx_handle_close(h);
	zx_handle_close(none);
}

TEST(size_calls_bad_handle_and_wrong_type)
{
	zx_handle_t bad = closed_handle();
	uint64_t size;
	int p[2], efd;

	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_get_size(ZX_HANDLE_INVALID, &size));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_get_size(bad, &size));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_set_size(ZX_HANDLE_INVALID, PAGE));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_set_size(bad, PAGE));
	ASSERT_EQ(0, pipe(p));
	efd = eventfd(0, EFD_CLOEXEC);
	ASSERT_LE(0, efd);
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_get_size((zx_handle_t)p[0], &size));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_set_size((zx_handle_t)p[1], PAGE));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_get_size((zx_handle_t)efd, &size));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_set_size((zx_handle_t)efd, PAGE));
}

/* Zircon's NoResize. */
TEST(set_size_not_resizable_unavailable)
{
	const size_t len = 4 * PAGE;
	zx_handle_t h = vmo_new(_metadata, len, 0);

	EXPECT_EQ(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(h, len + PAGE));
	EXPECT_EQ(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(h, len - PAGE));
	EXPECT_EQ(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(h, len));
	EXPECT_EQ(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(h, 0));
	EXPECT_EQ(len, size_of(_metadata, h));
	EXPECT_EQ(len, content_size_of(_metadata, h));
	zx_handle_close(h);
}

TEST(set_size_discardable_not_resizable)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, ZX_VMO_DISCARDABLE);

	EXPECT_EQ(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(h, 2 * PAGE));
	zx_handle_close(h);
}

/* Zircon's Resize. */
TEST(set_size_grow_and_shrink)
{
	size_t len = 4 * PAGE;
	zx_handle_t h = vmo_new(_metadata, len, ZX_VMO_RESIZABLE);

	EXPECT_EQ(len, size_of(_metadata, h));
	len += PAGE;
	EXPECT_EQ(ZX_OK, zx_vmo_set_size(h, len));
	EXPECT_EQ(len, size_of(_metadata, h));
	EXPECT_EQ(ZX_OK, zx_vmo_set_size(h, len + 1));
	EXPECT_EQ(len + PAGE, size_of(_metadata, h));
	EXPECT_EQ(ZX_OK, zx_vmo_set_size(h, PAGE));
	EXPECT_EQ(PAGE, size_of(_metadata, h));
	zx_handle_close(h);
}

/* Zircon's ResizeAlign. */
TEST(set_size_rounds_up_to_page)
{
	zx_handle_t h = vmo_new(_metadata, 0, ZX_VMO_RESIZABLE);
	uint64_t sizes[256];
	size_t i, n = rounding_sizes(sizes);

	for (i = 0; i < n; i++) {
		uint64_t size = 0x99999999;

		ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, sizes[i]));
		ASSERT_EQ(ZX_OK, zx_vmo_get_size(h, &size));
		ASSERT_EQ(round_up_page(sizes[i]), size);
		ASSERT_EQ(sizes[i], content_size_of(_metadata, h));
	}
	/* And back down, in reverse. */
	for (i = n; i-- > 0;) {
		ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, sizes[i]));
		ASSERT_EQ(round_up_page(sizes[i]), size_of(_metadata, h));
	}
	zx_handle_close(h);
}

TEST(set_size_too_large_out_of_range)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, ZX_VMO_RESIZABLE);

	fill(_metadata, h, 0, 2 * PAGE, 0x3c);
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_set_size(h, UINT64_MAX));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_set_size(h, UINT64_MAX - PAGE + 2));
	EXPECT_EQ(2 * PAGE, size_of(_metadata, h));
	EXPECT_EQ(2 * PAGE, content_size_of(_metadata, h));
	expect_bytes(_metadata, h, 0, 2 * PAGE, 0x3c);
	zx_handle_close(h);
}

TEST(set_size_requires_write_right)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, ZX_VMO_RESIZABLE);
	zx_handle_t ro = dup_rights(_metadata, h,
				    ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WRITE);
	zx_handle_t wo = dup_rights(_metadata, h, ZX_RIGHT_WRITE);

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_set_size(ro, PAGE));
	EXPECT_EQ(2 * PAGE, size_of(_metadata, h));
	EXPECT_EQ(ZX_OK, zx_vmo_set_size(wo, 3 * PAGE));
	EXPECT_EQ(3 * PAGE, size_of(_metadata, h));
	zx_handle_close(h);
	zx_handle_close(ro);
	zx_handle_close(wo);
}

/* The handle's rights are checked before the VMO's resizability. */
TEST(set_size_access_denied_before_unavailable)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_RIGHT_READ);

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_set_size(ro, PAGE));
	zx_handle_close(h);
	zx_handle_close(ro);
}

/* Zircon's ContentSize: set_size sets the content size to the exact value. */
TEST(set_size_sets_content_size)
{
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, ZX_VMO_RESIZABLE);

	EXPECT_EQ(ZX_OK, zx_vmo_set_size(h, 5461));
	EXPECT_EQ(5461u, content_size_of(_metadata, h));
	EXPECT_EQ(round_up_page(5461), size_of(_metadata, h));
	EXPECT_EQ(ZX_OK, zx_vmo_set_size(h, 3 * PAGE + 7));
	EXPECT_EQ(3 * PAGE + 7, content_size_of(_metadata, h));
	EXPECT_EQ(ZX_OK, zx_vmo_set_size(h, 0));
	EXPECT_EQ(0u, content_size_of(_metadata, h));
	zx_handle_close(h);
}

/* Bytes between the new size and the page end are overwritten with zeros. */
TEST(set_size_zeroes_tail_of_last_page)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, ZX_VMO_RESIZABLE);

	fill(_metadata, h, 0, 2 * PAGE, 0xaa);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, PAGE + 100));
	EXPECT_EQ(2 * PAGE, size_of(_metadata, h));
	expect_bytes(_metadata, h, 0, PAGE + 100, 0xaa);
	expect_bytes(_metadata, h, PAGE + 100, PAGE - 100, 0);
	zx_handle_close(h);
}

/* Setting the same rounded size with a smaller exact size still zeroes. */
TEST(set_size_same_pages_zeroes_tail)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, ZX_VMO_RESIZABLE);

	fill(_metadata, h, 0, PAGE, 0x5e);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, 10));
	EXPECT_EQ(PAGE, size_of(_metadata, h));
	expect_bytes(_metadata, h, 0, 10, 0x5e);
	expect_bytes(_metadata, h, 10, PAGE - 10, 0);
	EXPECT_EQ(PAGE, committed(_metadata, h));
	zx_handle_close(h);
}

TEST(set_size_shrink_then_grow_reads_zero)
{
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, ZX_VMO_RESIZABLE);

	fill(_metadata, h, 0, 4 * PAGE, 0x6b);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, PAGE));
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, 4 * PAGE));
	expect_bytes(_metadata, h, 0, PAGE, 0x6b);
	expect_bytes(_metadata, h, PAGE, 3 * PAGE, 0);
	zx_handle_close(h);
}

TEST(set_size_shrink_frees_committed_pages)
{
	long pages_before = zxvmo_counter("pages");
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, ZX_VMO_RESIZABLE);

	fill(_metadata, h, 0, 4 * PAGE, 0x01);
	EXPECT_EQ(4 * PAGE, committed(_metadata, h));
	if (pages_before >= 0) {
		EXPECT_EQ(pages_before + 4, zxvmo_counter("pages"));
	}
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, PAGE));
	EXPECT_EQ(PAGE, committed(_metadata, h));
	if (pages_before >= 0) {
		EXPECT_EQ(pages_before + 1, zxvmo_counter("pages"));
	}
	/* Growing again does not commit anything. */
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, 8 * PAGE));
	EXPECT_EQ(PAGE, committed(_metadata, h));
	zx_handle_close(h);
}

TEST(set_size_partial_page_stays_committed)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, ZX_VMO_RESIZABLE);

	fill(_metadata, h, 0, 2 * PAGE, 0x02);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, PAGE + 1));
	EXPECT_EQ(2 * PAGE, committed(_metadata, h));
	expect_bytes(_metadata, h, PAGE, 1, 0x02);
	expect_bytes(_metadata, h, PAGE + 1, PAGE - 1, 0);
	zx_handle_close(h);
}

TEST(set_size_zero)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, ZX_VMO_RESIZABLE);
	uint8_t b = 0;

	fill(_metadata, h, 0, 2 * PAGE, 0x03);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, 0));
	EXPECT_EQ(0u, size_of(_metadata, h));
	EXPECT_EQ(0u, committed(_metadata, h));
	EXPECT_EQ(ZX_OK, zx_vmo_read(h, &b, 0, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(h, &b, 0, 1));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_write(h, &b, 0, 1));
	zx_handle_close(h);
}

TEST(set_size_range_checks_follow)
{
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, ZX_VMO_RESIZABLE);
	uint8_t b = 9;

	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, PAGE));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_write(h, &b, PAGE, 1));
	EXPECT_EQ(ZX_OK, zx_vmo_write(h, &b, PAGE - 1, 1));
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, 2 * PAGE));
	EXPECT_EQ(ZX_OK, zx_vmo_write(h, &b, PAGE, 1));
	expect_bytes(_metadata, h, PAGE, 1, 9);
	zx_handle_close(h);
}

TEST(set_size_fstat_follows)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, ZX_VMO_RESIZABLE);
	struct stat st;

	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, 5 * PAGE + 1));
	ASSERT_EQ(0, fstat((int)h, &st));
	EXPECT_EQ((off_t)(6 * PAGE), st.st_size);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, PAGE));
	ASSERT_EQ(0, fstat((int)h, &st));
	EXPECT_EQ((off_t)PAGE, st.st_size);
	EXPECT_EQ((off_t)PAGE, lseek((int)h, 0, SEEK_END));
	zx_handle_close(h);
}

/* Zircon's ResizeHazard: a mapping beyond a shrunk VMO faults (SIGBUS). */
TEST(set_size_shrink_mapping_sigbus)
{
	const size_t size = 2 * PAGE;
	zx_handle_t h = vmo_new(_metadata, size, ZX_VMO_RESIZABLE);
	zx_vaddr_t addr = 0;
	volatile uint8_t *p;

	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(),
				     ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, h, 0,
				     size, &addr));
	p = (volatile uint8_t *)addr;
	EXPECT_EQ(0, p[4]);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, 0));
	EXPECT_EQ(SIGBUS, probe_read(p + 4));
	EXPECT_EQ(SIGBUS, probe_write(p + 4, 1));
	EXPECT_EQ(SIGBUS, probe_read(p + PAGE));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), addr, size));
}

TEST(set_size_shrink_mapping_partial)
{
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, ZX_VMO_RESIZABLE);
	uint8_t *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
			  (int)h, 0);
	uint8_t v = 0;

	ASSERT_NE(MAP_FAILED, p);
	memset(p, 0x4d, 4 * PAGE);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, 2 * PAGE));
	EXPECT_EQ(0, probe_access(p + PAGE, false, 0, &v));
	EXPECT_EQ(0x4d, v);
	EXPECT_EQ(0, probe_write(p + 2 * PAGE - 1, 0x4e));
	EXPECT_EQ(SIGBUS, probe_read(p + 2 * PAGE));
	EXPECT_EQ(SIGBUS, probe_write(p + 3 * PAGE + 5, 1));
	expect_bytes(_metadata, h, 2 * PAGE - 1, 1, 0x4e);
	EXPECT_EQ(2 * PAGE, committed(_metadata, h));
	munmap(p, 4 * PAGE);
	zx_handle_close(h);
}

/* After growing back, the same mapping is valid again and reads zeros. */
TEST(set_size_grow_mapping_valid_again)
{
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, ZX_VMO_RESIZABLE);
	uint8_t *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
			  (int)h, 0);
	uint8_t v = 0xff;

	ASSERT_NE(MAP_FAILED, p);
	memset(p, 0x7a, 4 * PAGE);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, PAGE));
	EXPECT_EQ(SIGBUS, probe_read(p + 3 * PAGE));
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, 4 * PAGE));
	EXPECT_EQ(0, probe_access(p + 3 * PAGE, false, 0, &v));
	EXPECT_EQ(0, v);
	EXPECT_EQ(0x7a, p[PAGE - 1]);
	EXPECT_EQ(0, p[PAGE]);
	p[2 * PAGE + 3] = 0x31;
	expect_bytes(_metadata, h, 2 * PAGE + 3, 1, 0x31);
	expect_bytes(_metadata, h, PAGE, PAGE, 0);
	munmap(p, 4 * PAGE);
	zx_handle_close(h);
}

/* Zircon's GrowMappedVmo. */
TEST(set_size_grow_under_larger_mapping)
{
	const size_t map_size = 8 * PAGE;
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, ZX_VMO_RESIZABLE);
	const uint64_t new_size = 6 * PAGE + PAGE / 2;
	zx_vaddr_t addr = 0;
	volatile uint8_t *p;
	uint8_t v = 0;

	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(),
				     ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, h, 0,
				     map_size, &addr));
	p = (volatile uint8_t *)addr;
	EXPECT_EQ(SIGBUS, probe_write(p + 5 * PAGE, 1));
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, new_size));

	p[5 * PAGE] = 1;
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, &v, 5 * PAGE, 1));
	EXPECT_EQ(1, v);
	/* Past the size but within its page: still part of the object. */
	p[new_size + 16] = 2;
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, &v, new_size + 16, 1));
	EXPECT_EQ(2, v);
	v = 3;
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, &v, 5 * PAGE + 16, 1));
	EXPECT_EQ(3, p[5 * PAGE + 16]);
	/* The page past the rounded size still faults. */
	EXPECT_EQ(SIGBUS, probe_read(p + 7 * PAGE));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), addr, map_size));
	zx_handle_close(h);
}

/* Zircon's MappedVmoSmallerThanMapping. */
TEST(mapping_larger_than_vmo)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, ZX_VMO_RESIZABLE);
	zx_vaddr_t addr = 0;
	volatile uint8_t *p;

	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(),
				     ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, h, 0,
				     2 * PAGE, &addr));
	p = (volatile uint8_t *)addr;
	EXPECT_EQ(0, probe_read(p));
	EXPECT_EQ(0, probe_write(p, 1));
	EXPECT_EQ(SIGBUS, probe_read(p + PAGE));
	EXPECT_EQ(SIGBUS, probe_write(p + PAGE, 1));
	/* The faulting write committed nothing. */
	EXPECT_EQ(PAGE, committed(_metadata, h));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), addr, 2 * PAGE));
	zx_handle_close(h);
}

/* The SIGBUS is delivered to a process that does not catch it, too. */
TEST(set_size_shrink_kills_child_with_sigbus)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, ZX_VMO_RESIZABLE);
	volatile uint8_t *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
				   MAP_SHARED, (int)h, 0);
	pid_t pid;

	ASSERT_NE(MAP_FAILED, (void *)p);
	p[PAGE] = 1;
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, PAGE));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		signal(SIGBUS, SIG_DFL);
		(void)p[PAGE];
		_exit(0);
	}
	EXPECT_EQ(128 + SIGBUS, wait_child(pid));
	zx_handle_close(h);
}

/* Even private copies of pages past the new end go away (truncate). */
TEST(set_size_shrink_private_mapping_sigbus)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, ZX_VMO_RESIZABLE);
	uint8_t *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE,
			  (int)h, 0);

	ASSERT_NE(MAP_FAILED, p);
	fill(_metadata, h, 0, 2 * PAGE, 0x50);
	p[PAGE] = 0x51;		/* private copy of page 1 */
	p[0] = 0x52;		/* private copy of page 0 */
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, PAGE));
	EXPECT_EQ(SIGBUS, probe_read(p + PAGE));
	EXPECT_EQ(0x52, p[0]);
	munmap(p, 2 * PAGE);
	zx_handle_close(h);
}

/* Resizes racing with reads and writes: every call either works or is
 * OUT_OF_RANGE, and the part that is never cut keeps its bytes. */
struct resize_arg {
	zx_handle_t h;
	volatile int *stop;
	int errors;
	long ops;
};

static void *resizer(void *p)
{
	struct resize_arg *a = p;
	uint64_t s = 0;

	while (!*a->stop) {
		if (zx_vmo_set_size(a->h, (4 + s % 12) * PAGE + s % 97) != ZX_OK)
			a->errors++;
		s++;
		a->ops++;
	}
	return NULL;
}

static void *resize_rw(void *p)
{
	struct resize_arg *a = p;
	uint8_t buf[3 * 1024], back[3 * 1024];
	uint64_t i = 0;

	pattern_fill(buf, 0, sizeof(buf), 60);
	while (!*a->stop) {
		uint64_t off = (3 + i % 14) * PAGE - 1000;
		zx_status_t st;

		st = zx_vmo_write(a->h, buf, off, sizeof(buf));
		if (st != ZX_OK && st != ZX_ERR_OUT_OF_RANGE)
			a->errors++;
		st = zx_vmo_read(a->h, back, off, sizeof(back));
		if (st != ZX_OK && st != ZX_ERR_OUT_OF_RANGE)
			a->errors++;
		/* The first 3 pages are never cut. */
		if (zx_vmo_read(a->h, back, 0, sizeof(back)) != ZX_OK ||
		    pattern_check(back, 0, sizeof(back), 61) != -1)
			a->errors++;
		i++;
		a->ops++;
	}
	return NULL;
}

TEST(set_size_races_with_rw)
{
	zx_handle_t h = vmo_new(_metadata, 16 * PAGE, ZX_VMO_RESIZABLE);
	volatile int stop = 0;
	struct resize_arg a[3];
	pthread_t t[3];
	uint8_t head[3 * 1024];
	int i;

	pattern_fill(head, 0, sizeof(head), 61);
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, head, 0, sizeof(head)));
	for (i = 0; i < 3; i++) {
		a[i].h = h;
		a[i].stop = &stop;
		a[i].errors = 0;
		a[i].ops = 0;
		ASSERT_EQ(0, pthread_create(&t[i], NULL, i == 0 ? resizer : resize_rw, &a[i]));
	}
	usleep(1500 * 1000);
	stop = 1;
	for (i = 0; i < 3; i++) {
		pthread_join(t[i], NULL);
		EXPECT_EQ(0, a[i].errors);
		EXPECT_LT(0, a[i].ops);
	}
	zx_handle_close(h);
}

/* "ZX_ERR_INVALID_ARGS size is an invalid pointer or NULL": no crash. */
TEST(get_size_unmapped_out_invalid_args)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	uint64_t *bad = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, bad);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_get_size(h, bad));
	munmap(bad, PAGE);
	zx_handle_close(h);
}

/* fstat(2) of a handle's descriptor: st_size, or -1 on failure. */
static off_t fstat_size(zx_handle_t h)
{
	struct stat st;

	return fstat((int)h, &st) ? -1 : st.st_size;
}

/* The issue: ftruncate must never desync fstat from the VMO's size. */
TEST(ftruncate_not_resizable_eperm)
{
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);

	errno = 0;
	EXPECT_EQ(-1, ftruncate((int)h, PAGE));
	EXPECT_EQ(EPERM, errno);
	errno = 0;
	EXPECT_EQ(-1, ftruncate((int)h, 8 * PAGE));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(4 * PAGE, size_of(_metadata, h));
	EXPECT_EQ((off_t)(4 * PAGE), fstat_size(h));
	EXPECT_EQ((off_t)(4 * PAGE), lseek((int)h, 0, SEEK_END));
	zx_handle_close(h);
}

/* Through setattr, ftruncate is zx_vmo_set_size: rounding, content size. */
TEST(ftruncate_resizes_like_set_size)
{
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, ZX_VMO_RESIZABLE);

	fill(_metadata, h, 0, 4 * PAGE, 0x66);
	ASSERT_EQ(0, ftruncate((int)h, PAGE + 5));
	EXPECT_EQ(2 * PAGE, size_of(_metadata, h));
	EXPECT_EQ(PAGE + 5, content_size_of(_metadata, h));
	EXPECT_EQ((off_t)(2 * PAGE), fstat_size(h));
	EXPECT_EQ((off_t)(2 * PAGE), lseek((int)h, 0, SEEK_END));
	/* The tail past the new content size reads zero; pages past it go. */
	expect_bytes(_metadata, h, 0, PAGE + 5, 0x66);
	expect_bytes(_metadata, h, PAGE + 5, PAGE - 5, 0);
	EXPECT_EQ(2 * PAGE, committed(_metadata, h));

	ASSERT_EQ(0, ftruncate((int)h, 6 * PAGE));
	EXPECT_EQ(6 * PAGE, size_of(_metadata, h));
	EXPECT_EQ(6 * PAGE, content_size_of(_metadata, h));
	EXPECT_EQ((off_t)(6 * PAGE), fstat_size(h));
	expect_bytes(_metadata, h, PAGE + 5, 5 * PAGE - 5, 0);

	ASSERT_EQ(0, ftruncate((int)h, 0));
	EXPECT_EQ(0u, size_of(_metadata, h));
	EXPECT_EQ((off_t)0, fstat_size(h));
	EXPECT_EQ(0u, committed(_metadata, h));

	/* Past 2 GiB: the handle's file is a large file, as open(2) makes. */
	ASSERT_EQ(0, ftruncate((int)h, (3ll << 30) + 1));
	EXPECT_EQ((3ull << 30) + PAGE, size_of(_metadata, h));
	EXPECT_EQ((off_t)((3ll << 30) + PAGE), fstat_size(h));
	EXPECT_EQ(0u, committed(_metadata, h));
	zx_handle_close(h);
}

/* A mapping beyond what ftruncate cut off faults, as after set_size. */
TEST(ftruncate_shrink_mapping_sigbus)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, ZX_VMO_RESIZABLE);
	zx_vaddr_t addr = 0;
	volatile uint8_t *p;

	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(),
				     ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, h, 0,
				     2 * PAGE, &addr));
	p = (volatile uint8_t *)addr;
	p[PAGE] = 7;
	ASSERT_EQ(0, ftruncate((int)h, PAGE));
	EXPECT_EQ(SIGBUS, probe_read(p + PAGE));
	EXPECT_EQ(0, probe_read(p));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), addr, 2 * PAGE));
	zx_handle_close(h);
}

/* Rights, range and the check order of zx_vmo_set_size. */
TEST(ftruncate_rights_and_range)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, ZX_VMO_RESIZABLE);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_DEFAULT_VMO_RIGHTS &
				    ~ZX_RIGHT_WRITE);
	zx_handle_t fixed = vmo_new(_metadata, PAGE, 0);
	zx_handle_t fixed_ro = dup_rights(_metadata, fixed, ZX_RIGHT_READ);

	/* No ZX_RIGHT_WRITE: the file is read-only, EINVAL (ftruncate(2)). */
	errno = 0;
	EXPECT_EQ(-1, ftruncate((int)ro, 2 * PAGE));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, ftruncate((int)fixed_ro, 2 * PAGE));
	EXPECT_EQ(EINVAL, errno);
	/* Beyond the largest VMO (2^63 - 4096 bytes): EFBIG. */
	errno = 0;
	EXPECT_EQ(-1, ftruncate((int)h, INT64_MAX));
	EXPECT_EQ(EFBIG, errno);
	errno = 0;
	EXPECT_EQ(-1, ftruncate((int)h, -1));
	EXPECT_EQ(EINVAL, errno);
	/* Not resizable comes before the range, as UNAVAILABLE does. */
	errno = 0;
	EXPECT_EQ(-1, ftruncate((int)fixed, INT64_MAX));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(PAGE, size_of(_metadata, h));
	EXPECT_EQ((off_t)PAGE, fstat_size(h));
	EXPECT_EQ((off_t)PAGE, fstat_size(ro));
	zx_handle_close(fixed_ro);
	zx_handle_close(fixed);
	zx_handle_close(ro);
	zx_handle_close(h);
}

/* Without a handle there are no rights: truncate(2) by path is refused. */
TEST(truncate_by_path_eperm)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, ZX_VMO_RESIZABLE);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_DEFAULT_VMO_RIGHTS &
				    ~ZX_RIGHT_WRITE);
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", (int)ro);
	errno = 0;
	EXPECT_EQ(-1, truncate(path, PAGE));
	EXPECT_EQ(EPERM, errno);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", (int)h);
	errno = 0;
	EXPECT_EQ(-1, truncate(path, PAGE));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(2 * PAGE, size_of(_metadata, h));
	EXPECT_EQ((off_t)(2 * PAGE), fstat_size(h));
	zx_handle_close(ro);
	zx_handle_close(h);
}

/* chmod/chown are refused (rights live on handles); times may change. */
TEST(fd_setattr_mode_owner_times)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, ZX_VMO_RESIZABLE);
	struct timespec ts[2] = { { 1000, 0 }, { 2000, 0 } };
	struct stat before, after;
	char path[64];

	ASSERT_EQ(0, fstat((int)h, &before));
	errno = 0;
	EXPECT_EQ(-1, fchmod((int)h, 0777));
	EXPECT_EQ(EPERM, errno);
	errno = 0;
	EXPECT_EQ(-1, fchown((int)h, 1234, 1234));
	EXPECT_EQ(EPERM, errno);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", (int)h);
	errno = 0;
	EXPECT_EQ(-1, chmod(path, 0600));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(0, futimens((int)h, ts));
	ASSERT_EQ(0, fstat((int)h, &after));
	EXPECT_EQ(before.st_mode, after.st_mode);
	EXPECT_EQ(before.st_uid, after.st_uid);
	EXPECT_EQ(before.st_gid, after.st_gid);
	EXPECT_EQ((off_t)(2 * PAGE), after.st_size);
	EXPECT_EQ(2000, after.st_mtim.tv_sec);
	EXPECT_EQ(1000, after.st_atim.tv_sec);
	EXPECT_EQ(2 * PAGE, size_of(_metadata, h));
	zx_handle_close(h);
}

/* fstat reports every VMO's own size: slices and snapshot children. */
TEST(fstat_size_of_children)
{
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0), s, c;

	ASSERT_EQ(ZX_OK, zx_vmo_create_child(h, ZX_VMO_CHILD_SLICE, PAGE,
					     2 * PAGE, &s));
	EXPECT_EQ((off_t)(2 * PAGE), fstat_size(s));
	EXPECT_EQ((off_t)(4 * PAGE), fstat_size(h));
	errno = 0;
	EXPECT_EQ(-1, ftruncate((int)s, PAGE));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ((off_t)(2 * PAGE), fstat_size(s));

	ASSERT_EQ(ZX_OK, zx_vmo_create_child(h, ZX_VMO_CHILD_SNAPSHOT |
					     ZX_VMO_CHILD_RESIZABLE, 0,
					     2 * PAGE + 1, &c));
	EXPECT_EQ((off_t)(3 * PAGE), fstat_size(c));
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(c, 7 * PAGE));
	EXPECT_EQ((off_t)(7 * PAGE), fstat_size(c));
	ASSERT_EQ(0, ftruncate((int)c, PAGE));
	EXPECT_EQ(PAGE, size_of(_metadata, c));
	EXPECT_EQ((off_t)PAGE, fstat_size(c));
	EXPECT_EQ((off_t)(4 * PAGE), fstat_size(h));
	EXPECT_EQ(4 * PAGE, size_of(_metadata, h));
	zx_handle_close(c);
	zx_handle_close(s);
	zx_handle_close(h);
}

/*
 * Zircon's SetSize rounds the size up before it asks the VMO: a size whose
 * rounding overflows is OUT_OF_RANGE even for a non-resizable VMO; other
 * sizes are UNAVAILABLE there.
 */
TEST(set_size_rounding_overflow_before_unavailable)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);

	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_set_size(h, UINT64_MAX));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_set_size(h, UINT64_MAX - PAGE + 2));
	EXPECT_EQ(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(h, UINT64_MAX - PAGE + 1));
	EXPECT_EQ(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(h, UINT64_MAX / 2));
	EXPECT_EQ(2 * PAGE, size_of(_metadata, h));
	zx_handle_close(h);
}

TEST_HARNESS_MAIN
