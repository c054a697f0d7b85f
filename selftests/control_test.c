// SPDX-License-Identifier: GPL-2.0
/*
 * libzx's control descriptor and the kernel-written out-handles: one
 * /dev/zxvmo descriptor per process, kept off the standard streams, opened
 * again when the program closed it (close_range, closefrom in a forked
 * child) or put something else on its number (dup2), never inherited by
 * an exec'd program; a new handle stored to a bad out pointer leaves
 * neither a descriptor nor a VMO behind; descriptors that are not zxvmo
 * handles keep the statuses they always had.
 */
#include "zxvmo_test.h"

#include <dirent.h>
#include <sys/eventfd.h>

#define EXEC_ENV "ZXVMO_CONTROL_TEST_EXEC"

/* Descriptors of this process open on /dev/zxvmo; the last one in *@fd. */
static int control_fds(int *fd)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char path[300], target[64];
		ssize_t len;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/fd/%s", e->d_name);
		len = readlink(path, target, sizeof(target) - 1);
		if (len < 0)
			continue;
		target[len] = 0;
		if (strcmp(target, "/dev/zxvmo") == 0 && atoi(e->d_name) != dirfd(d)) {
			if (fd)
				*fd = atoi(e->d_name);
			n++;
		}
	}
	closedir(d);
	return n;
}

/* Create, write, read back and close one VMO: 0 or the failing status. */
static zx_status_t roundtrip(void)
{
	zx_handle_t h = ZX_HANDLE_INVALID;
	uint32_t v = 0x5a5a1234, back = 0;
	zx_status_t st = zx_vmo_create(PAGE, 0, &h);

	if (st != ZX_OK)
		return st;
	if (h == ZX_HANDLE_INVALID)
		return ZX_ERR_INTERNAL;
	st = zx_vmo_write(h, &v, 8, sizeof(v));
	if (st == ZX_OK)
		st = zx_vmo_read(h, &back, 8, sizeof(back));
	if (st == ZX_OK && back != v)
		st = ZX_ERR_IO_DATA_INTEGRITY;
	zx_handle_close(h);
	return st;
}

/*
 * The program exec'd by execd_program_creates: nothing of its parent's
 * libzx is open (O_CLOEXEC), its first create opens its own descriptor.
 */
__attribute__((constructor)) static void exec_child(void)
{
	if (!getenv(EXEC_ENV))
		return;
	if (control_fds(NULL) != 0)
		_exit(10);
	for (int i = 0; i < 4; i++)
		if (roundtrip() != ZX_OK)
			_exit(11);
	_exit(control_fds(NULL) == 1 ? 0 : 12);
}

TEST(one_control_descriptor_per_process)
{
	int fd = -1, again = -1, i;

	ASSERT_EQ(ZX_OK, roundtrip());
	ASSERT_EQ(1, control_fds(&fd));
	EXPECT_EQ(FD_CLOEXEC, fcntl(fd, F_GETFD) & FD_CLOEXEC);
	for (i = 0; i < 20; i++)
		ASSERT_EQ(ZX_OK, roundtrip());
	EXPECT_EQ(1, control_fds(&again));
	EXPECT_EQ(fd, again);
}

/* With the standard streams closed, libzx does not take their numbers. */
TEST(control_descriptor_off_standard_streams)
{
	int fd = -1;

	close(0);
	close(1);
	close(2);
	ASSERT_EQ(ZX_OK, roundtrip());
	ASSERT_EQ(1, control_fds(&fd));
	EXPECT_LT(2, fd);
	EXPECT_EQ(-1, fcntl(0, F_GETFD));
	EXPECT_EQ(-1, fcntl(1, F_GETFD));
	EXPECT_EQ(-1, fcntl(2, F_GETFD));
}

TEST(closed_control_descriptor_is_reopened)
{
	int fd = -1;

	ASSERT_EQ(ZX_OK, roundtrip());
	ASSERT_EQ(1, control_fds(&fd));
	ASSERT_EQ(0, syscall(SYS_close_range, 3, ~0u, 0));
	ASSERT_EQ(0, control_fds(NULL));
	EXPECT_EQ(ZX_OK, roundtrip());
	EXPECT_EQ(1, control_fds(NULL));
}

/*
 * Another file on libzx's number: libzx leaves it alone (a zxvmo ioctl
 * sent to a memfd would fail with ENOTTY, and the create with it) and
 * opens a descriptor of its own.
 */
TEST(replaced_control_descriptor_left_alone)
{
	int fd = -1, mfd, p[2], now = -1;
	struct stat st;
	char c = 0;

	ASSERT_EQ(ZX_OK, roundtrip());
	ASSERT_EQ(1, control_fds(&fd));

	mfd = memfd_create("not-zxvmo", MFD_CLOEXEC);
	ASSERT_LE(0, mfd);
	ASSERT_EQ(0, ftruncate(mfd, 3 * PAGE));
	ASSERT_EQ(fd, dup2(mfd, fd));
	EXPECT_EQ(ZX_OK, roundtrip());
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_TRUE(S_ISREG(st.st_mode));
	EXPECT_EQ((off_t)(3 * PAGE), st.st_size);
	EXPECT_EQ(0, lseek(fd, 0, SEEK_CUR));
	EXPECT_EQ(1, control_fds(&now));
	EXPECT_NE(fd, now);

	/* Again with a pipe on the new number. */
	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	ASSERT_EQ(now, dup2(p[0], now));
	EXPECT_EQ(ZX_OK, roundtrip());
	ASSERT_EQ(1, write(p[1], "x", 1));
	ASSERT_EQ(1, read(now, &c, 1));
	EXPECT_EQ('x', c);
	EXPECT_EQ(1, control_fds(NULL));
}

/*
 * Each open control file has its own identity, what lseek(fd, 0, SEEK_CUR)
 * reports: above 2^61, the same through dup() and fork(), never moved by
 * a seek.
 */
TEST(control_file_identity)
{
	int a = open("/dev/zxvmo", O_RDWR | O_CLOEXEC);
	int b = open("/dev/zxvmo", O_RDWR | O_CLOEXEC);
	off_t ida, idb;
	int status, d;
	pid_t pid;

	ASSERT_LE(0, a);
	ASSERT_LE(0, b);
	ida = lseek(a, 0, SEEK_CUR);
	idb = lseek(b, 0, SEEK_CUR);
	EXPECT_LE((off_t)1 << 61, ida);
	EXPECT_LE((off_t)1 << 61, idb);
	EXPECT_NE(ida, idb);
	EXPECT_EQ(ida, lseek(a, 4096, SEEK_SET));
	EXPECT_EQ(ida, lseek(a, -1, SEEK_END));
	EXPECT_EQ(ida, lseek(a, 0, SEEK_CUR));
	d = dup(a);
	ASSERT_LE(0, d);
	EXPECT_EQ(ida, lseek(d, 0, SEEK_CUR));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(lseek(a, 0, SEEK_CUR) == ida ? 0 : 1);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, status);
	close(d);
	close(b);
	close(a);
}

/*
 * Another control file of zxvmo's on libzx's number is not libzx's: left
 * alone (its identity differs), and libzx opens its own.
 */
TEST(other_control_file_left_alone)
{
	int fd = -1, mine, now = 0;
	off_t id;

	ASSERT_EQ(ZX_OK, roundtrip());
	ASSERT_EQ(1, control_fds(&fd));
	mine = open("/dev/zxvmo", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, mine);
	id = lseek(mine, 0, SEEK_CUR);
	ASSERT_EQ(fd, dup2(mine, fd));
	close(mine);
	EXPECT_EQ(ZX_OK, roundtrip());
	EXPECT_EQ(2, control_fds(&now));
	EXPECT_EQ(id, lseek(fd, 0, SEEK_CUR));
	EXPECT_EQ(ZX_OK, roundtrip());
	EXPECT_EQ(2, control_fds(NULL));
	close(fd);
	EXPECT_EQ(1, control_fds(NULL));
}

/* A forked child uses the inherited descriptor, or its own after closefrom. */
TEST(create_in_forked_child)
{
	int status, before = -1;
	pid_t pid;

	ASSERT_EQ(ZX_OK, roundtrip());
	ASSERT_EQ(1, control_fds(&before));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int fd = -1;

		if (roundtrip() != ZX_OK || control_fds(&fd) != 1 || fd != before)
			_exit(1);
		if (syscall(SYS_close_range, 3, ~0u, 0))
			_exit(2);
		if (roundtrip() != ZX_OK || control_fds(NULL) != 1)
			_exit(3);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	/* The parent's descriptor is untouched by the child's closing. */
	EXPECT_EQ(ZX_OK, roundtrip());
	EXPECT_EQ(1, control_fds(NULL));
}

TEST(execd_program_creates)
{
	int status;
	pid_t pid;

	ASSERT_EQ(ZX_OK, roundtrip());
	ASSERT_EQ(1, control_fds(NULL));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char *const argv[] = { "control_test", NULL };

		setenv(EXEC_ENV, "1", 1);
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/*
 * Out pointers the kernel cannot store to: ZX_ERR_INVALID_ARGS after the
 * other checks, and no descriptor or VMO left behind.
 */
TEST(bad_out_pointer_leaves_nothing)
{
	zx_handle_t *ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	zx_handle_t *none = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	zx_handle_t *bads[] = { NULL, ro, none, (zx_handle_t *)(uintptr_t)8,
				(zx_handle_t *)(uintptr_t)0xffffffff81000000ull };
	zx_handle_t vmo, dup, out = ZX_HANDLE_INVALID;
	long vmos;
	size_t i;
	int fds;

	ASSERT_NE(MAP_FAILED, ro);
	ASSERT_NE(MAP_FAILED, none);
	vmo = vmo_new(_metadata, 2 * PAGE, 0);	/* opens libzx's descriptor too */
	fds = open_fds();
	vmos = zxvmo_counter("vmos");
	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create(PAGE, 0, bads[i]));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE, bads[i]));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_vmo_create_child(vmo, ZX_VMO_CHILD_SLICE, 0, PAGE, bads[i]));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, bads[i]));
		ASSERT_EQ(ZX_OK, zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &dup));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_handle_replace(dup, ZX_RIGHT_READ, bads[i]));
		EXPECT_EQ(-1, fcntl((int)dup, F_GETFD));	/* consumed all the same */
		EXPECT_EQ(fds, open_fds()) {
			TH_LOG("bad pointer %zu", i);
		}
		EXPECT_EQ(vmos, zxvmo_counter("vmos"));
	}
	/* The other checks come first (Zircon's order). */
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_create(UINT64_MAX, 0, ro));
	dup = dup_rights(_metadata, vmo, ZX_RIGHT_READ);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_handle_duplicate(dup, ZX_RIGHT_SAME_RIGHTS, NULL));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmo_create_child(dup, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE, NULL));
	zx_handle_close(dup);
	EXPECT_EQ(fds, open_fds());
	EXPECT_EQ(ZX_OK, zx_vmo_create(PAGE, 0, &out));
	EXPECT_NE(ZX_HANDLE_INVALID, out);
	zx_handle_close(out);
	zx_handle_close(vmo);
	munmap(ro, PAGE);
	munmap(none, PAGE);
}

/*
 * The out pointer may be in a mapping of a VMO: the kernel stores the
 * handle through a fault of ours (no lock of the module held then).
 */
TEST(out_pointer_in_vmo_mapping)
{
	zx_handle_t backing = vmo_new(_metadata, PAGE, 0), h = ZX_HANDLE_INVALID, ro_h;
	zx_vaddr_t addr = 0, ro_addr = 0;
	uint32_t stored = 0;
	long vmos;
	int fds;

	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ | ZX_VM_PERM_WRITE,
				     0, backing, 0, PAGE, &addr));
	ASSERT_EQ(ZX_OK, zx_vmo_create(PAGE, 0, (zx_handle_t *)(addr + 16)));
	h = *(zx_handle_t *)(addr + 16);
	ASSERT_EQ(ZX_OK, zx_vmo_read(backing, &stored, 16, sizeof(stored)));
	EXPECT_EQ(h, stored);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(backing, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE,
					     (zx_handle_t *)(addr + 32)));
	EXPECT_EQ(ZX_OK, zx_handle_close(*(zx_handle_t *)(addr + 32)));

	/* A read-only mapping: nothing is left behind. */
	ro_h = dup_rights(_metadata, backing, ZX_RIGHT_READ | ZX_RIGHT_MAP);
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, ro_h, 0, PAGE,
				     &ro_addr));
	fds = open_fds();
	vmos = zxvmo_counter("vmos");
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create(PAGE, 0, (zx_handle_t *)(ro_addr + 48)));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_duplicate(backing, ZX_RIGHT_SAME_RIGHTS, (zx_handle_t *)ro_addr));
	EXPECT_EQ(fds, open_fds());
	EXPECT_EQ(vmos, zxvmo_counter("vmos"));
	EXPECT_EQ(0u, *(zx_handle_t *)(ro_addr + 48));
	zx_vmar_unmap(zx_vmar_root_self(), ro_addr, PAGE);
	zx_vmar_unmap(zx_vmar_root_self(), addr, PAGE);
	zx_handle_close(ro_h);
	zx_handle_close(backing);
}

/* zx_handle_replace(h, rights, &h): the new value lands where the old was. */
TEST(replace_into_its_own_handle)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0), old = h;
	zx_info_handle_basic_t info;

	ASSERT_EQ(ZX_OK, zx_handle_replace(h, ZX_RIGHT_READ | ZX_RIGHT_INSPECT, &h));
	EXPECT_NE(ZX_HANDLE_INVALID, h);
	if (h != old)
		EXPECT_EQ(-1, fcntl((int)old, F_GETFD));
	ASSERT_EQ(ZX_OK, zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &info, sizeof(info),
					    NULL, NULL));
	EXPECT_EQ(ZX_RIGHT_READ | ZX_RIGHT_INSPECT, info.rights);
	zx_handle_close(h);
}

/*
 * Descriptors that are not zxvmo handles: the statuses they always had
 * (no zxvmo ioctl reaches them), and they stay open and usable.
 */
TEST(foreign_descriptors_keep_their_status)
{
	int p[2], mfd, null, efd, fds[5], i;
	zx_handle_t vmo = vmo_new(_metadata, PAGE, 0), out = ZX_HANDLE_INVALID;
	zx_info_handle_basic_t info;
	uint64_t size = 0;

	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	mfd = memfd_create("foreign", MFD_CLOEXEC);
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	efd = eventfd(0, EFD_CLOEXEC);
	ASSERT_LE(0, mfd);
	ASSERT_LE(0, null);
	ASSERT_LE(0, efd);
	ASSERT_EQ(0, ftruncate(mfd, PAGE));
	fds[0] = p[0];
	fds[1] = p[1];
	fds[2] = mfd;
	fds[3] = null;
	fds[4] = efd;
	for (i = 0; i < 5; i++) {
		zx_handle_t x = (zx_handle_t)fds[i];

		EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_get_size(x, &size)) {
			TH_LOG("fd kind %d", i);
		}
		EXPECT_EQ(ZX_ERR_WRONG_TYPE,
			  zx_vmo_create_child(x, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE, &out));
		EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_handle_duplicate(x, ZX_RIGHT_SAME_RIGHTS, &out));
		EXPECT_EQ(ZX_ERR_WRONG_TYPE,
			  zx_object_get_info(x, ZX_INFO_HANDLE_BASIC, &info, sizeof(info),
					     NULL, NULL));
		EXPECT_EQ(ZX_HANDLE_INVALID, out);
		EXPECT_EQ(0, fcntl(fds[i], F_GETFD) & ~FD_CLOEXEC);
	}
	/* Replace consumes whatever it is given, still WRONG_TYPE. */
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_handle_replace((zx_handle_t)null, ZX_RIGHT_SAME_RIGHTS,
						       &out));
	EXPECT_EQ(-1, fcntl(null, F_GETFD));
	/* They still work. */
	ASSERT_EQ(1, write(p[1], "y", 1));
	EXPECT_EQ((off_t)PAGE, lseek(mfd, 0, SEEK_END));
	zx_handle_close(vmo);
}

TEST_HARNESS_MAIN
