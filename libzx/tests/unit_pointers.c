// SPDX-License-Identifier: BSD-2-Clause
/*
 * libzx host unit test: Bad caller pointers (every call, every kind of bad pointer), handles
 * on fd 0, and failing memory and descriptor calls.
 */
#include "unit.h"

/* ---- bad caller pointers -------------------------------------------------- */

enum { BAD_ZERO_PAGE, BAD_KERNEL, BAD_NONCANONICAL, BAD_UNMAPPED, BAD_PROT_NONE, BAD_READ_ONLY,
       BAD_KINDS };

struct bad_ptrs {
	void *p[BAD_KINDS];
	void *none, *ro; /* PROT_NONE and PROT_READ pages */
};

static void bad_ptrs_get(struct bad_ptrs *b)
{
	size_t page = zx_system_get_page_size();
	void *gone = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	b->none = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	b->ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (gone == MAP_FAILED || b->none == MAP_FAILED || b->ro == MAP_FAILED)
		exit(2);
	munmap(gone, page);
	b->p[BAD_ZERO_PAGE] = (void *)(uintptr_t)0x1;
	b->p[BAD_KERNEL] = (void *)(uintptr_t)0xffffffff81000000ull;
	b->p[BAD_NONCANONICAL] = (void *)(uintptr_t)0x8000000000000000ull;
	b->p[BAD_UNMAPPED] = gone;
	b->p[BAD_PROT_NONE] = b->none;
	b->p[BAD_READ_ONLY] = b->ro; /* bad for stores only */
}

static void bad_ptrs_put(struct bad_ptrs *b)
{
	munmap(b->none, zx_system_get_page_size());
	munmap(b->ro, zx_system_get_page_size());
}

void test_usercopy(void)
{
	size_t page = zx_system_get_page_size();
	unsigned char *two = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t v = 0x1122334455667788ull, w = 0;
	struct bad_ptrs b;
	int i;

	CHECK(two != MAP_FAILED);
	bad_ptrs_get(&b);
	CHECK_ST(zxl_copy_out(&w, &v, sizeof(v)), ZX_OK);
	CHECK(w == v);
	w = 0;
	CHECK_ST(zxl_copy_in(&w, &v, sizeof(v)), ZX_OK);
	CHECK(w == v);
	CHECK_ST(zxl_copy_out(NULL, &v, 0), ZX_OK);
	CHECK_ST(zxl_copy_in(&w, NULL, 0), ZX_OK);
	CHECK_ST(zxl_copy_out(NULL, &v, sizeof(v)), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zxl_copy_in(&w, NULL, sizeof(v)), ZX_ERR_INVALID_ARGS);
	for (i = 0; i < BAD_KINDS; i++) {
		CHECK_ST(zxl_copy_out(b.p[i], &v, sizeof(v)), ZX_ERR_INVALID_ARGS);
		if (i != BAD_READ_ONLY)
			CHECK_ST(zxl_copy_in(&w, b.p[i], sizeof(v)), ZX_ERR_INVALID_ARGS);
	}
	CHECK_ST(zxl_copy_in(&w, b.ro, sizeof(w)), ZX_OK);
	CHECK(w == 0); /* a fresh anonymous page */
	/* wrap-around and the end of the user address space */
	CHECK_ST(zxl_copy_out((void *)(uintptr_t)-4, &v, sizeof(v)), ZX_ERR_INVALID_ARGS);
	CHECK(!zxl_user_range((void *)(zxl_root_vmar_len() - 4), 8));
	CHECK(zxl_user_range((void *)(zxl_root_vmar_len() - 8), 8));
	/* a copy running into a bad page fails, even if its start is fine */
	CHECK(mprotect(two + page, page, PROT_NONE) == 0);
	CHECK_ST(zxl_copy_out(two + page - 4, &v, sizeof(v)), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zxl_copy_in(&w, two + page - 4, sizeof(v)), ZX_ERR_INVALID_ARGS);
	CHECK_ST(zxl_copy_out(two + page - 8, &v, sizeof(v)), ZX_OK);
	/* a read-only page becomes fine once writable */
	CHECK(mprotect(b.ro, page, PROT_READ | PROT_WRITE) == 0);
	CHECK_ST(zxl_copy_out(b.ro, &v, sizeof(v)), ZX_OK);
	CHECK(*(uint64_t *)b.ro == v);
	munmap(two, 2 * page);
	bad_ptrs_put(&b);
}

void test_fake_bad_out_pointers(void)
{
	zx_handle_t root = zx_vmar_root_self(), vmo, weak, dup, closed;
	size_t page = zx_system_get_page_size(), actual = 9, avail = 9;
	union {
		zx_info_vmo_t v;
		zx_info_handle_basic_t b;
		zx_info_vmar_t r;
	} info;
	char name[ZX_MAX_NAME_LEN];
	struct bad_ptrs b;
	int i, p[2], fds;

	g_mock_control = 1;
	bad_ptrs_get(&b);
	vmo = new_vmo(2 * page, 0);
	CHECK_ST(zx_object_set_property(vmo, ZX_PROP_NAME, "keep", 4), ZX_OK);
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_READ, &weak), ZX_OK);
	CHECK(pipe2(p, O_CLOEXEC) == 0 && p[0] < MAXFD && p[1] < MAXFD);
	g_fd[p[0]].kind = g_fd[p[1]].kind = 0; /* numbers of closed fake handles */
	CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &closed), ZX_OK);
	CHECK_ST(zx_handle_close(closed), ZX_OK);

	for (i = 0; i < BAD_KINDS; i++) {
		void *bad = b.p[i];
		uintptr_t spot;

		fds = fd_count();
		/* calls that create a handle close it again: nothing leaks */
		CHECK_ST(zx_vmo_create(page, 0, bad), ZX_ERR_INVALID_ARGS);
		CHECK(fd_count() == fds);
		CHECK_ST(zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0, page, bad),
			 ZX_ERR_INVALID_ARGS);
		CHECK(fd_count() == fds);
		CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, bad), ZX_ERR_INVALID_ARGS);
		CHECK(fd_count() == fds);
		CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &dup), ZX_OK);
		CHECK_ST(zx_handle_replace(dup, ZX_RIGHT_READ, bad), ZX_ERR_INVALID_ARGS);
		CHECK(fd_count() == fds && !fd_open((int)dup)); /* source gone as well */

		CHECK_ST(zx_vmo_get_size(vmo, bad), ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_object_get_property(vmo, ZX_PROP_NAME, bad, ZX_MAX_NAME_LEN),
			 ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_object_get_property(vmo, ZX_PROP_VMO_CONTENT_SIZE, bad, 8),
			 ZX_ERR_INVALID_ARGS);
		/* too small is found before the pointer is used */
		CHECK_ST(zx_object_get_property(vmo, ZX_PROP_NAME, bad, 4),
			 ZX_ERR_BUFFER_TOO_SMALL);

		/* get_info: buffer, then actual, then avail */
		CHECK_ST(zx_object_get_info(vmo, ZX_INFO_HANDLE_BASIC, bad,
					    sizeof(zx_info_handle_basic_t), &actual, &avail),
			 ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_object_get_info(vmo, ZX_INFO_VMO, bad, sizeof(zx_info_vmo_t), NULL,
					    NULL),
			 ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_object_get_info(vmo, ZX_INFO_VMO_V1, &info, sizeof(info), bad, &avail),
			 ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_object_get_info(vmo, ZX_INFO_VMO, &info, sizeof(info), &actual, bad),
			 ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_object_get_info(vmo, ZX_INFO_VMO, &info, 1, bad, &avail),
			 ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_object_get_info(root, ZX_INFO_VMAR, bad, sizeof(zx_info_vmar_t), NULL,
					    NULL),
			 ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_object_get_info(root, ZX_INFO_HANDLE_BASIC, &info, sizeof(info),
					    &actual, bad),
			 ZX_ERR_INVALID_ARGS);
		/* nothing is written for HANDLE_VALID; a short buffer is not touched */
		CHECK_ST(zx_object_get_info(vmo, ZX_INFO_HANDLE_VALID, bad, 64, bad, bad), ZX_OK);
		actual = avail = 9;
		CHECK_ST(zx_object_get_info(vmo, ZX_INFO_VMO, bad, 8, &actual, &avail),
			 ZX_ERR_BUFFER_TOO_SMALL);
		CHECK(actual == 0 && avail == 1);

		/* wait: the copy-out failure wins over the wait's result */
		CHECK_ST(zx_object_wait_one(vmo, ZX_VMO_ZERO_CHILDREN, 0, bad),
			 ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_object_wait_one(vmo, ZX_USER_SIGNAL_0, 0, bad), ZX_ERR_INVALID_ARGS);

		/* map: nothing stays mapped (the same SPECIFIC spot is free again) */
		CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, vmo, 0, page, bad),
			 ZX_ERR_INVALID_ARGS);
		spot = (uintptr_t)mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		CHECK(spot != (uintptr_t)MAP_FAILED);
		munmap((void *)spot, page);
		CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_SPECIFIC, spot, vmo, 0, page,
				     bad),
			 ZX_ERR_INVALID_ARGS);
		{
			zx_vaddr_t got = 0;

			CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_SPECIFIC, spot, vmo, 0,
					     page, &got),
				 ZX_OK);
			CHECK(got == spot);
			CHECK_ST(zx_vmar_unmap(root, spot, page), ZX_OK);
		}

		/* handle, type and rights errors come before the pointer (Zircon) */
		CHECK_ST(zx_vmo_get_size(closed, bad), ZX_ERR_BAD_HANDLE);
		CHECK_ST(zx_vmo_get_size((zx_handle_t)p[0], bad), ZX_ERR_WRONG_TYPE);
		CHECK_ST(zx_vmo_create_child(closed, ZX_VMO_CHILD_SNAPSHOT, 0, page, bad),
			 ZX_ERR_BAD_HANDLE);
		CHECK_ST(zx_vmo_create_child(weak, ZX_VMO_CHILD_SNAPSHOT, 0, page, bad),
			 ZX_ERR_ACCESS_DENIED);
		CHECK_ST(zx_handle_duplicate(closed, ZX_RIGHT_SAME_RIGHTS, bad), ZX_ERR_BAD_HANDLE);
		CHECK_ST(zx_handle_duplicate((zx_handle_t)p[0], ZX_RIGHT_SAME_RIGHTS, bad),
			 ZX_ERR_WRONG_TYPE);
		CHECK_ST(zx_handle_duplicate(weak, ZX_RIGHT_SAME_RIGHTS, bad), ZX_ERR_ACCESS_DENIED);
		CHECK_ST(zx_handle_duplicate(root, ZX_RIGHT_SAME_RIGHTS, bad), ZX_ERR_ACCESS_DENIED);
		CHECK_ST(zx_handle_replace(closed, ZX_RIGHT_SAME_RIGHTS, bad), ZX_ERR_BAD_HANDLE);
		CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_READ, &dup), ZX_OK);
		CHECK_ST(zx_handle_replace(dup, ZX_RIGHT_WRITE, bad), ZX_ERR_INVALID_ARGS);
		CHECK(!fd_open((int)dup));
		CHECK_ST(zx_object_get_property(closed, ZX_PROP_NAME, bad, ZX_MAX_NAME_LEN),
			 ZX_ERR_BAD_HANDLE);
		CHECK_ST(zx_object_get_property(weak, ZX_PROP_NAME, bad, ZX_MAX_NAME_LEN),
			 ZX_ERR_ACCESS_DENIED);
		CHECK_ST(zx_object_get_property(weak, ZX_PROP_VMO_CONTENT_SIZE, bad, 8),
			 ZX_ERR_ACCESS_DENIED);
		CHECK_ST(zx_object_get_info(closed, ZX_INFO_VMO, bad, sizeof(zx_info_vmo_t), bad,
					    bad),
			 ZX_ERR_BAD_HANDLE);
		CHECK_ST(zx_object_get_info((zx_handle_t)p[0], ZX_INFO_VMO, bad,
					    sizeof(zx_info_vmo_t), bad, bad),
			 ZX_ERR_WRONG_TYPE);
		CHECK_ST(zx_object_get_info(vmo, ZX_INFO_VMAR, bad, sizeof(zx_info_vmar_t), bad,
					    bad),
			 ZX_ERR_WRONG_TYPE);
		CHECK_ST(zx_object_wait_one(closed, ZX_VMO_ZERO_CHILDREN, 0, bad),
			 ZX_ERR_BAD_HANDLE);
		CHECK_ST(zx_object_wait_one(weak, ZX_VMO_ZERO_CHILDREN, 0, bad),
			 ZX_ERR_ACCESS_DENIED);
		CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, closed, 0, page, bad),
			 ZX_ERR_BAD_HANDLE);
		CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, weak, 0, page, bad),
			 ZX_ERR_ACCESS_DENIED);
		CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, vmo, 0, 0, bad),
			 ZX_ERR_INVALID_ARGS);
		CHECK(fd_count() == fds);
	}

	/* in pointers libzx reads itself (a read-only page is fine there) */
	for (i = 0; i < BAD_KINDS; i++) {
		void *bad = b.p[i];
		uint64_t cs = 0;

		if (i == BAD_READ_ONLY)
			continue;
		CHECK_ST(zx_object_set_property(vmo, ZX_PROP_NAME, bad, 8), ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_object_set_property(vmo, ZX_PROP_VMO_CONTENT_SIZE, bad, 8),
			 ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_object_get_property(vmo, ZX_PROP_NAME, name, sizeof(name)), ZX_OK);
		CHECK(strcmp(name, "keep") == 0);
		CHECK_ST(zx_object_get_property(vmo, ZX_PROP_VMO_CONTENT_SIZE, &cs, sizeof(cs)),
			 ZX_OK);
		CHECK(cs == 2 * page);
		/* the rights come first, even for what libzx reads before the ioctl */
		CHECK_ST(zx_object_set_property(weak, ZX_PROP_NAME, bad, 8), ZX_ERR_ACCESS_DENIED);
		CHECK_ST(zx_object_set_property(weak, ZX_PROP_VMO_CONTENT_SIZE, bad, 8),
			 ZX_ERR_ACCESS_DENIED);
		CHECK_ST(zx_object_set_property(closed, ZX_PROP_NAME, bad, 8), ZX_ERR_BAD_HANDLE);
		CHECK_ST(zx_object_set_property((zx_handle_t)p[0], ZX_PROP_NAME, bad, 8),
			 ZX_ERR_WRONG_TYPE);
		/* an empty name reads nothing */
		CHECK_ST(zx_object_set_property(vmo, ZX_PROP_NAME, bad, 0), ZX_OK);
		CHECK_ST(zx_object_set_property(vmo, ZX_PROP_NAME, "keep", 4), ZX_OK);
		CHECK_ST(zx_handle_close_many(bad, 1), ZX_ERR_INVALID_ARGS);
		CHECK_ST(zx_handle_close_many(bad, 0), ZX_OK);
	}
	{
		/* a set-property-only handle: WRITE is missing for the content size */
		zx_handle_t sp;

		CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SET_PROPERTY, &sp), ZX_OK);
		CHECK_ST(zx_object_set_property(sp, ZX_PROP_VMO_CONTENT_SIZE, b.none, 8),
			 ZX_ERR_ACCESS_DENIED);
		CHECK_ST(zx_object_set_property(sp, ZX_PROP_NAME, b.none, 8), ZX_ERR_INVALID_ARGS);
		zx_handle_close(sp);
	}

	/* close_many reads in chunks of 64, as Zircon: a bad chunk stops it */
	{
		unsigned char *two = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
					  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		zx_handle_t *arr;
		int k, fd0, open_left = 0;

		CHECK(two != MAP_FAILED);
		CHECK(mprotect(two + page, page, PROT_NONE) == 0);
		arr = (zx_handle_t *)(void *)(two + page) - 64;
		fd0 = fd_count();
		for (k = 0; k < 64; k++)
			CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &arr[k]), ZX_OK);
		/* 65th entry is in the PROT_NONE page: the first 64 are closed */
		CHECK_ST(zx_handle_close_many(arr, 65), ZX_ERR_INVALID_ARGS);
		CHECK(fd_count() == fd0);
		/* a chunk that runs into the bad page closes none of its handles */
		for (k = 62; k < 64; k++)
			CHECK_ST(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &arr[k]), ZX_OK);
		CHECK_ST(zx_handle_close_many(arr + 62, 3), ZX_ERR_INVALID_ARGS);
		for (k = 62; k < 64; k++)
			open_left += fd_open((int)arr[k]);
		CHECK(open_left == 2);
		CHECK_ST(zx_handle_close_many(arr + 62, 2), ZX_OK);
		CHECK(fd_count() == fd0);
		munmap(two, 2 * page);
	}

	/* good out pointers in unusual places: a VMO mapping, a stack slot */
	{
		zx_vaddr_t addr = 0;
		uint64_t *slot;
		zx_handle_t h = ZX_HANDLE_INVALID;

		CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, vmo, 0, page,
				     &addr),
			 ZX_OK);
		slot = (uint64_t *)addr;
		CHECK_ST(zx_vmo_get_size(vmo, slot), ZX_OK);
		CHECK(*slot == 2 * page);
		CHECK_ST(zx_object_get_info(vmo, ZX_INFO_HANDLE_BASIC, slot + 1,
					    sizeof(zx_info_handle_basic_t), (size_t *)slot, NULL),
			 ZX_OK);
		CHECK(*slot == 1 && ((zx_info_handle_basic_t *)(slot + 1))->type == ZX_OBJ_TYPE_VMO);
		CHECK_ST(zx_vmo_create(page, 0, &h), ZX_OK);
		CHECK(h != ZX_HANDLE_INVALID && fd_open((int)h));
		zx_handle_close(h);
		CHECK_ST(zx_vmar_unmap(root, addr, page), ZX_OK);
	}

	close(p[0]);
	close(p[1]);
	zx_handle_close(weak);
	zx_handle_close(vmo);
	bad_ptrs_put(&b);
}


void test_handle_out_fd0(void)
{
	zx_handle_t h = 0;
	int saved = fcntl(0, F_DUPFD_CLOEXEC, 3), fd;

	close(0);
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	CHECK(fd == 0);
	CHECK_ST(zxl_handle_out(fd, &h), ZX_OK);
	CHECK(h != 0 && !fd_open(0) && fd_open((int)h));
	close((int)h);
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	CHECK_ST(zxl_handle_out(fd, NULL), ZX_ERR_INVALID_ARGS);
	CHECK(!fd_open(fd));
	if (saved >= 0) {
		dup2(saved, 0);
		close(saved);
	}
}

/*
 * Errnos libzx translates itself (not through the uapi table): the kernel
 * out of memory or of VMAs is ZX_ERR_NO_MEMORY, never INTERNAL or
 * NOT_FOUND; an unmapped range stays NOT_FOUND for protect.
 */
void test_memory_call_errnos(void)
{
	zx_handle_t root = zx_vmar_root_self(), vmo, h = 0;
	size_t page = zx_system_get_page_size();
	zx_vaddr_t addr = 0;
	uint64_t size = 0;
	char *mem, *spot;
	int fd;

	mem = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(mem != MAP_FAILED);
	mem[page] = 'm';

	g_munmap_errno = ENOMEM;
	CHECK_ST(zx_vmar_unmap(root, (zx_vaddr_t)mem + page, page), ZX_ERR_NO_MEMORY);
	g_munmap_errno = EINVAL;
	CHECK_ST(zx_vmar_unmap(root, (zx_vaddr_t)mem + page, page), ZX_ERR_INVALID_ARGS);
	g_munmap_errno = EPERM;
	CHECK_ST(zx_vmar_unmap(root, (zx_vaddr_t)mem + page, page), ZX_ERR_ACCESS_DENIED);
	g_munmap_errno = EIO;
	CHECK_ST(zx_vmar_unmap(root, (zx_vaddr_t)mem + page, page), ZX_ERR_INTERNAL);
	g_munmap_errno = 0;
	CHECK(mem[page] == 'm');

	/* ENOMEM on a range that is all mapped: out of memory or VMAs. */
	g_mprotect_errno = ENOMEM;
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem + page, page),
		 ZX_ERR_NO_MEMORY);
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem, 3 * page),
		 ZX_ERR_NO_MEMORY);
	g_mprotect_errno = EACCES;
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem, page),
		 ZX_ERR_ACCESS_DENIED);
	g_mprotect_errno = EINVAL;
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem, page),
		 ZX_ERR_INVALID_ARGS);
	g_mprotect_errno = EIO;
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem, page), ZX_ERR_INTERNAL);
	/* ENOMEM where part of the range is not mapped: NOT_FOUND. */
	CHECK(munmap(mem + 2 * page, page) == 0);
	g_mprotect_errno = ENOMEM;
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem, 3 * page),
		 ZX_ERR_NOT_FOUND);
	g_mprotect_errno = 0;
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem, 3 * page),
		 ZX_ERR_NOT_FOUND);
	CHECK_ST(zx_vmar_protect(root, ZX_VM_PERM_READ, (zx_vaddr_t)mem, 2 * page), ZX_OK);
	CHECK(mem[page] == 'm');
	CHECK(munmap(mem, 2 * page) == 0);

	/* mmap: placed by the kernel, ENOMEM is no room; at a fixed spot, no memory. */
	g_mock_control = 1;
	vmo = new_vmo(4 * page, 0);
	spot = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(spot != MAP_FAILED && munmap(spot, page) == 0);
	g_mmap_errno = ENOMEM;
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, vmo, 0, page, &addr),
		 ZX_ERR_NO_RESOURCES);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_ALIGN_1MB, 0, vmo, 0, page, &addr),
		 ZX_ERR_NO_RESOURCES);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_SPECIFIC, (zx_vaddr_t)spot, vmo, 0,
			     page, &addr),
		 ZX_ERR_NO_MEMORY);
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ | ZX_VM_SPECIFIC_OVERWRITE,
			     (zx_vaddr_t)spot, vmo, 0, page, &addr),
		 ZX_ERR_NO_MEMORY);
	g_mmap_errno = EAGAIN;
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, vmo, 0, page, &addr),
		 ZX_ERR_NO_RESOURCES);
	g_mmap_errno = ENODEV;
	CHECK_ST(zx_vmar_map(root, ZX_VM_PERM_READ, 0, vmo, 0, page, &addr),
		 ZX_ERR_NOT_SUPPORTED);
	g_mmap_errno = 0;
	CHECK(addr == 0);
	zx_handle_close(vmo);

	/* Checking a handle: the kernel out of memory, or interrupted. */
	vmo = new_vmo(page, 0);
	g_fstatfs_errno = ENOMEM;
	CHECK_ST(zx_vmo_get_size(vmo, &size), ZX_ERR_NO_MEMORY);
	g_fstatfs_errno = EINTR;
	CHECK_ST(zx_vmo_get_size(vmo, &size), ZX_OK);
	CHECK(size == page);
	zx_handle_close(vmo);

	/* A new handle moved off fd 0: no descriptor, or no memory for one. */
	{
		int saved = fcntl(0, F_DUPFD_CLOEXEC, 3);

		close(0);
		fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		CHECK(fd == 0);
		g_dupfd_errno = ENOMEM;
		CHECK_ST(zxl_handle_out(fd, &h), ZX_ERR_NO_MEMORY);
		CHECK(!fd_open(0));
		fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		CHECK(fd == 0);
		g_dupfd_errno = EMFILE;
		CHECK_ST(zxl_handle_out(fd, &h), ZX_ERR_NO_RESOURCES);
		CHECK(!fd_open(0));
		g_dupfd_errno = 0;
		CHECK(h == 0);
		if (saved >= 0) {
			dup2(saved, 0);
			close(saved);
		}
	}
}
