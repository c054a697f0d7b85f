// SPDX-License-Identifier: GPL-2.0
/*
 * Object lifetime and memory accounting: the module's page and VMO counters
 * (/sys/class/misc/zxvmo/{pages,vmos}) return to their baseline once the
 * last handle is closed and the last mapping is gone; memory is charged to
 * the caller's memory cgroup; the module cannot be removed while a VMO
 * exists.
 */
#include "zxvmo_test.h"

#include <sys/mount.h>

#define NEED_COUNTERS(c)						\
	do {								\
		if ((c).pages < 0 || (c).vmos < 0)			\
			SKIP(return, ZXVMO_SYSFS "/{pages,vmos} not available"); \
	} while (0)

/* Writes through zx_vmo_write from a small buffer, one call per page. */
static void commit_pages(struct __test_metadata *_metadata, zx_handle_t h,
			 uint64_t first, uint64_t count)
{
	static uint8_t page[65536];
	uint64_t i;

	ASSERT_GE(sizeof(page), PAGE);
	memset(page, 0xc3, PAGE);
	for (i = first; i < first + count; i++)
		ASSERT_EQ(ZX_OK, zx_vmo_write(h, page, i * PAGE, PAGE));
}

TEST(counters_exist)
{
	struct counters c = read_counters();

	NEED_COUNTERS(c);
	EXPECT_LE(0, c.pages);
	EXPECT_LE(0, c.vmos);
}

TEST(pages_counter_tracks_commit_and_close)
{
	struct counters base = read_counters();
	zx_handle_t h;

	NEED_COUNTERS(base);
	h = vmo_new(_metadata, 32 * PAGE, 0);
	EXPECT_EQ(base.pages, zxvmo_counter("pages"));
	EXPECT_EQ(base.vmos + 1, zxvmo_counter("vmos"));
	commit_pages(_metadata, h, 0, 10);
	EXPECT_EQ(base.pages + 10, zxvmo_counter("pages"));
	commit_pages(_metadata, h, 5, 10);
	EXPECT_EQ(base.pages + 15, zxvmo_counter("pages"));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_EQ(base.pages, zxvmo_counter("pages"));
	EXPECT_EQ(base.vmos, zxvmo_counter("vmos"));
}

TEST(read_commits_no_module_pages)
{
	struct counters base = read_counters();
	zx_handle_t h;
	uint8_t *buf = malloc(16 * PAGE);

	NEED_COUNTERS(base);
	ASSERT_NE(NULL, buf);
	h = vmo_new(_metadata, 16 * PAGE, 0);
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, 0, 16 * PAGE));
	EXPECT_EQ(base.pages, zxvmo_counter("pages"));
	ASSERT_EQ((ssize_t)(16 * PAGE), pread((int)h, buf, 16 * PAGE, 0));
	EXPECT_EQ(base.pages, zxvmo_counter("pages"));
	zx_handle_close(h);
	free(buf);
}

TEST(every_handle_must_close)
{
	struct counters base = read_counters();
	zx_handle_t h, d, r = ZX_HANDLE_INVALID;
	int fd;

	NEED_COUNTERS(base);
	h = vmo_new(_metadata, 4 * PAGE, 0);
	commit_pages(_metadata, h, 0, 4);
	d = dup_rights(_metadata, h, ZX_RIGHT_READ);
	fd = dup((int)h);
	ASSERT_LE(0, fd);
	ASSERT_EQ(ZX_OK, zx_handle_replace(d, ZX_RIGHT_SAME_RIGHTS, &r));
	EXPECT_EQ(base.vmos + 1, zxvmo_counter("vmos"));

	zx_handle_close(h);
	EXPECT_EQ(base.pages + 4, zxvmo_counter("pages"));
	close(fd);
	EXPECT_EQ(base.pages + 4, zxvmo_counter("pages"));
	EXPECT_EQ(base.vmos + 1, zxvmo_counter("vmos"));
	expect_bytes(_metadata, r, 0, 4 * PAGE, 0xc3);
	zx_handle_close(r);
	EXPECT_EQ(base.pages, zxvmo_counter("pages"));
	EXPECT_EQ(base.vmos, zxvmo_counter("vmos"));
}

/* A mapping keeps the VMO alive; unmapping the last one frees everything. */
TEST(mapping_keeps_object_alive)
{
	struct counters base = read_counters();
	volatile uint8_t *p;
	zx_handle_t h;

	NEED_COUNTERS(base);
	h = vmo_new(_metadata, 8 * PAGE, 0);
	p = mmap(NULL, 8 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, (int)h, 0);
	ASSERT_NE(MAP_FAILED, (void *)p);
	p[0] = 1;
	p[3 * PAGE] = 2;
	EXPECT_EQ(base.pages + 2, zxvmo_counter("pages"));
	zx_handle_close(h);
	EXPECT_EQ(base.vmos + 1, zxvmo_counter("vmos"));
	EXPECT_EQ(base.pages + 2, zxvmo_counter("pages"));
	EXPECT_EQ(2, p[3 * PAGE]);
	/* Write faults keep working (and committing) with no handle left. */
	p[5 * PAGE] = 3;
	EXPECT_EQ(base.pages + 3, zxvmo_counter("pages"));
	ASSERT_EQ(0, munmap((void *)p, 8 * PAGE));
	EXPECT_EQ(base.pages, zxvmo_counter("pages"));
	EXPECT_EQ(base.vmos, zxvmo_counter("vmos"));
}

TEST(partial_unmaps_free_at_last)
{
	struct counters base = read_counters();
	uint8_t *p;
	zx_handle_t h;

	NEED_COUNTERS(base);
	h = vmo_new(_metadata, 4 * PAGE, 0);
	p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, (int)h, 0);
	ASSERT_NE(MAP_FAILED, p);
	memset(p, 9, 4 * PAGE);
	zx_handle_close(h);
	/* Split the VMA, then drop the pieces one by one. */
	ASSERT_EQ(0, mprotect(p + PAGE, PAGE, PROT_READ));
	ASSERT_EQ(0, munmap(p + 2 * PAGE, PAGE));
	EXPECT_EQ(base.vmos + 1, zxvmo_counter("vmos"));
	ASSERT_EQ(0, munmap(p, 2 * PAGE));
	EXPECT_EQ(base.vmos + 1, zxvmo_counter("vmos"));
	EXPECT_EQ(9, p[3 * PAGE]);
	ASSERT_EQ(0, munmap(p + 3 * PAGE, PAGE));
	EXPECT_EQ(base.pages, zxvmo_counter("pages"));
	EXPECT_EQ(base.vmos, zxvmo_counter("vmos"));
}

TEST(process_exit_frees_everything)
{
	struct counters base = read_counters();
	pid_t pid;

	NEED_COUNTERS(base);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		zx_handle_t a, b;
		uint8_t *p;

		if (zx_vmo_create(16 * PAGE, 0, &a) != ZX_OK ||
		    zx_vmo_create(16 * PAGE, ZX_VMO_RESIZABLE, &b) != ZX_OK)
			_exit(1);
		p = mmap(NULL, 16 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, (int)b, 0);
		if (p == MAP_FAILED)
			_exit(2);
		memset(p, 1, 16 * PAGE);
		if (zx_vmo_write(a, p, 0, 16 * PAGE) != ZX_OK)
			_exit(3);
		_exit(0);	/* no close, no munmap */
	}
	EXPECT_EQ(0, wait_child(pid));
	EXPECT_EQ(base.pages, zxvmo_counter("pages"));
	EXPECT_EQ(base.vmos, zxvmo_counter("vmos"));
}

/* The child's inherited handle keeps the VMO alive after the parent closes. */
TEST(fork_child_keeps_object_alive)
{
	struct counters base = read_counters();
	int go[2], done[2];
	zx_handle_t h;
	pid_t pid;
	char c = 0;

	NEED_COUNTERS(base);
	h = vmo_new(_metadata, 2 * PAGE, 0);
	commit_pages(_metadata, h, 0, 2);
	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, pipe(done));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		uint8_t b = 0;

		if (read(go[0], &c, 1) != 1)
			_exit(1);
		if (zx_vmo_read(h, &b, PAGE, 1) != ZX_OK || b != 0xc3)
			_exit(2);
		if (write(done[1], "x", 1) != 1)
			_exit(3);
		if (read(go[0], &c, 1) != 1)
			_exit(4);
		_exit(0);
	}
	zx_handle_close(h);
	ASSERT_EQ(1, write(go[1], "g", 1));
	ASSERT_EQ(1, read(done[0], &c, 1));
	EXPECT_EQ(base.vmos + 1, zxvmo_counter("vmos"));
	EXPECT_EQ(base.pages + 2, zxvmo_counter("pages"));
	ASSERT_EQ(1, write(go[1], "g", 1));
	EXPECT_EQ(0, wait_child(pid));
	EXPECT_EQ(base.pages, zxvmo_counter("pages"));
	EXPECT_EQ(base.vmos, zxvmo_counter("vmos"));
}

/* A handle in flight in a Unix socket keeps the VMO alive. */
TEST(handle_in_flight_keeps_object_alive)
{
	struct counters base = read_counters();
	zx_handle_t h;
	int sv[2], fd;

	NEED_COUNTERS(base);
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv));
	h = vmo_new(_metadata, PAGE, 0);
	commit_pages(_metadata, h, 0, 1);
	ASSERT_EQ(0, send_fd(sv[0], (int)h));
	zx_handle_close(h);
	EXPECT_EQ(base.vmos + 1, zxvmo_counter("vmos"));
	fd = recv_fd(sv[1]);
	ASSERT_LE(0, fd);
	expect_bytes(_metadata, (zx_handle_t)fd, 0, PAGE, 0xc3);
	close(fd);
	EXPECT_EQ(base.pages, zxvmo_counter("pages"));
	EXPECT_EQ(base.vmos, zxvmo_counter("vmos"));
	/* Closing a socket with a handle still in flight frees it too. */
	h = vmo_new(_metadata, PAGE, 0);
	commit_pages(_metadata, h, 0, 1);
	ASSERT_EQ(0, send_fd(sv[0], (int)h));
	zx_handle_close(h);
	close(sv[0]);
	close(sv[1]);
	EXPECT_EQ(base.pages, zxvmo_counter("pages"));
	EXPECT_EQ(base.vmos, zxvmo_counter("vmos"));
}

TEST(shrink_frees_module_pages)
{
	struct counters base = read_counters();
	zx_handle_t h;

	NEED_COUNTERS(base);
	h = vmo_new(_metadata, 8 * PAGE, ZX_VMO_RESIZABLE);
	commit_pages(_metadata, h, 0, 8);
	EXPECT_EQ(base.pages + 8, zxvmo_counter("pages"));
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, 3 * PAGE));
	EXPECT_EQ(base.pages + 3, zxvmo_counter("pages"));
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, 0));
	EXPECT_EQ(base.pages, zxvmo_counter("pages"));
	zx_handle_close(h);
	EXPECT_EQ(base.vmos, zxvmo_counter("vmos"));
}

/* Shrinking under a mapping drops the mapped pages too. */
TEST(shrink_under_mapping_frees_pages)
{
	struct counters base = read_counters();
	uint8_t *p;
	zx_handle_t h;

	NEED_COUNTERS(base);
	h = vmo_new(_metadata, 8 * PAGE, ZX_VMO_RESIZABLE);
	p = mmap(NULL, 8 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, (int)h, 0);
	ASSERT_NE(MAP_FAILED, p);
	memset(p, 4, 8 * PAGE);
	EXPECT_EQ(base.pages + 8, zxvmo_counter("pages"));
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, PAGE));
	EXPECT_EQ(base.pages + 1, zxvmo_counter("pages"));
	EXPECT_EQ(PAGE, committed(_metadata, h));
	munmap(p, 8 * PAGE);
	zx_handle_close(h);
	EXPECT_EQ(base.pages, zxvmo_counter("pages"));
}

TEST(many_vmos_no_leak)
{
	struct counters base = read_counters();
	int i;

	NEED_COUNTERS(base);
	for (i = 0; i < 500; i++) {
		zx_handle_t h = vmo_new(_metadata, 2 * PAGE, i & 1 ? ZX_VMO_RESIZABLE : 0);
		zx_handle_t d = dup_rights(_metadata, h, ZX_RIGHT_READ | ZX_RIGHT_MAP);
		uint8_t b = (uint8_t)i;
		void *p;

		ASSERT_EQ(ZX_OK, zx_vmo_write(h, &b, (uint64_t)(i & 1) * PAGE, 1));
		p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, (int)d, 0);
		ASSERT_NE(MAP_FAILED, p);
		zx_handle_close(h);
		zx_handle_close(d);
		munmap(p, PAGE);
	}
	EXPECT_EQ(base.pages, zxvmo_counter("pages"));
	EXPECT_EQ(base.vmos, zxvmo_counter("vmos"));
}

/* Failing calls allocate nothing that outlives them. */
TEST(error_paths_leak_nothing)
{
	struct counters base = read_counters();
	zx_handle_t h, out = ZX_HANDLE_INVALID;
	uint8_t b = 1;
	int i;

	NEED_COUNTERS(base);
	h = vmo_new(_metadata, PAGE, 0);
	for (i = 0; i < 100; i++) {
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_write(h, &b, PAGE, 1));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_write(h, NULL, 0, 1));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create(PAGE, 1u << 9, &out));
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_create(UINT64_MAX, 0, &out));
		EXPECT_EQ(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(h, 2 * PAGE));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_handle_duplicate(h, ZX_RIGHT_EXECUTE, &out));
	}
	EXPECT_EQ(base.pages, zxvmo_counter("pages"));
	EXPECT_EQ(base.vmos + 1, zxvmo_counter("vmos"));
	zx_handle_close(h);
	EXPECT_EQ(base.vmos, zxvmo_counter("vmos"));
}

/* ---- memory cgroup charging ---- */

static bool find_cgroup2(char *mnt, size_t len)
{
	char line[1024];
	FILE *f = fopen("/proc/self/mountinfo", "re");
	bool found = false;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		char *sep = strstr(line, " - ");
		char path[512];

		if (!sep || strncmp(sep + 3, "cgroup2 ", 8) != 0)
			continue;
		/* Field 5 is the mount point. */
		if (sscanf(line, "%*s %*s %*s %*s %511s", path) == 1) {
			snprintf(mnt, len, "%s", path);
			found = true;
			break;
		}
	}
	fclose(f);
	return found;
}

static long long read_ll(const char *path)
{
	char buf[64];
	long long v = -1;
	FILE *f = fopen(path, "re");

	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f))
		v = atoll(buf);
	fclose(f);
	return v;
}

TEST(memory_charged_to_callers_memcg)
{
	const long npages = 1024;
	char mnt[512], cg[600], file[700], pidbuf[32];
	bool mounted_here = false;
	int to_child[2], to_parent[2];
	long long before, during, after;
	pid_t pid;
	char c;

	if (!find_cgroup2(mnt, sizeof(mnt))) {
		snprintf(mnt, sizeof(mnt), "/tmp/zxvmo-cgroup2");
		mkdir("/tmp", 01777);
		mkdir(mnt, 0755);
		if (mount("none", mnt, "cgroup2", 0, NULL) != 0)
			SKIP(return, "cannot mount cgroup2: %s", strerror(errno));
		mounted_here = true;
	}
	snprintf(file, sizeof(file), "%s/cgroup.subtree_control", mnt);
	write_file(file, "+memory");
	snprintf(cg, sizeof(cg), "%s/zxvmo-selftest-%d", mnt, (int)getpid());
	if (mkdir(cg, 0755) != 0)
		SKIP(goto out_umount, "cannot create %s: %s", cg, strerror(errno));
	snprintf(file, sizeof(file), "%s/memory.current", cg);
	if (access(file, R_OK) != 0)
		SKIP(goto out_rmdir, "memory controller not available in %s", mnt);

	ASSERT_EQ(0, pipe(to_child));
	ASSERT_EQ(0, pipe(to_parent));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char procs[700];
		zx_handle_t h;
		long i;
		static uint8_t buf[4096];

		snprintf(procs, sizeof(procs), "%s/cgroup.procs", cg);
		snprintf(pidbuf, sizeof(pidbuf), "%d", (int)getpid());
		if (write_file(procs, pidbuf) != 0)
			_exit(1);
		if (zx_vmo_create(npages * PAGE, 0, &h) != ZX_OK)
			_exit(2);
		memset(buf, 0x42, sizeof(buf));
		if (write(to_parent[1], "a", 1) != 1 || read(to_child[0], &c, 1) != 1)
			_exit(3);
		for (i = 0; i < npages; i++)
			if (zx_vmo_write(h, buf, (uint64_t)i * PAGE, PAGE) != ZX_OK)
				_exit(4);
		if (write(to_parent[1], "b", 1) != 1 || read(to_child[0], &c, 1) != 1)
			_exit(5);
		zx_handle_close(h);
		if (write(to_parent[1], "c", 1) != 1 || read(to_child[0], &c, 1) != 1)
			_exit(6);
		_exit(0);
	}
	ASSERT_EQ(1, read(to_parent[0], &c, 1));
	before = read_ll(file);
	ASSERT_EQ(1, write(to_child[1], "1", 1));
	ASSERT_EQ(1, read(to_parent[0], &c, 1));
	during = read_ll(file);
	ASSERT_EQ(1, write(to_child[1], "2", 1));
	ASSERT_EQ(1, read(to_parent[0], &c, 1));
	after = read_ll(file);
	ASSERT_EQ(1, write(to_child[1], "3", 1));
	EXPECT_EQ(0, wait_child(pid));
	TH_LOG("memory.current: before %lld, committed %lld, closed %lld",
	       before, during, after);
	/* Per-cpu charge batching blurs the numbers by up to 64 pages. */
	EXPECT_LE(before + (npages - 64) * (long long)PAGE, during);
	EXPECT_GE(before + (npages + 256) * (long long)PAGE, during);
	EXPECT_GE(during - (npages - 64) * (long long)PAGE, after);
out_rmdir:
	rmdir(cg);
out_umount:
	if (mounted_here) {
		umount(mnt);
		rmdir(mnt);
	}
}


/* Racing first write faults commit (and account) one page, not several. */
struct race_arg {
	volatile uint8_t *page;
	int id;
	pthread_barrier_t *barrier;
};

static void *race_writer(void *p)
{
	struct race_arg *a = p;

	pthread_barrier_wait(a->barrier);
	a->page[a->id] = 1;
	return NULL;
}

TEST(fault_race_allocates_one_page)
{
	struct counters base = read_counters();
	int r, i;

	NEED_COUNTERS(base);
	for (r = 0; r < 20; r++) {
		zx_handle_t h = vmo_new(_metadata, PAGE, 0);
		volatile uint8_t *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
					   MAP_SHARED, (int)h, 0);
		pthread_barrier_t barrier;
		struct race_arg a[6];
		pthread_t t[6];

		ASSERT_NE(MAP_FAILED, (void *)p);
		pthread_barrier_init(&barrier, NULL, 6);
		for (i = 0; i < 6; i++) {
			a[i].page = p;
			a[i].id = i;
			a[i].barrier = &barrier;
			ASSERT_EQ(0, pthread_create(&t[i], NULL, race_writer, &a[i]));
		}
		for (i = 0; i < 6; i++)
			pthread_join(t[i], NULL);
		pthread_barrier_destroy(&barrier);
		ASSERT_EQ(base.pages + 1, zxvmo_counter("pages"));
		munmap((void *)p, PAGE);
		zx_handle_close(h);
		ASSERT_EQ(base.pages, zxvmo_counter("pages"));
	}
}


/* ---- module removal: keep these last ---- */

static int try_delete_module(void)
{
	return (int)syscall(SYS_delete_module, "zxvmo", O_NONBLOCK);
}

TEST(rmmod_refused_while_vmo_open)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	int ret;

	errno = 0;
	ret = try_delete_module();
	if (ret != 0 && errno == EPERM)
		SKIP(goto out, "no CAP_SYS_MODULE");
	if (ret != 0 && errno == ENOENT)
		SKIP(goto out, "zxvmo is not a loaded module");
	ASSERT_EQ(-1, ret) {
		TH_LOG("the module was removed while a VMO fd was open");
	}
	EXPECT_TRUE(errno == EWOULDBLOCK || errno == EBUSY) {
		TH_LOG("errno %d (%s)", errno, strerror(errno));
	}
	/* The VMO still works. */
	fill(_metadata, h, 0, 1, 0x11);
	expect_bytes(_metadata, h, 0, 1, 0x11);
out:
	zx_handle_close(h);
}

TEST(rmmod_refused_while_mapping_exists)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	volatile uint8_t *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
				   (int)h, 0);
	int ret;

	ASSERT_NE(MAP_FAILED, (void *)p);
	p[0] = 5;
	zx_handle_close(h);
	errno = 0;
	ret = try_delete_module();
	if (ret != 0 && errno == EPERM)
		SKIP(goto out, "no CAP_SYS_MODULE");
	if (ret != 0 && errno == ENOENT)
		SKIP(goto out, "zxvmo is not a loaded module");
	ASSERT_EQ(-1, ret) {
		TH_LOG("the module was removed while a VMO was mapped");
	}
	EXPECT_TRUE(errno == EWOULDBLOCK || errno == EBUSY);
	EXPECT_EQ(5, p[0]);
out:
	munmap((void *)p, PAGE);
}

TEST_HARNESS_MAIN
