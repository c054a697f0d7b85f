// SPDX-License-Identifier: GPL-2.0
/*
 * The objects the benchmarks work on (see util.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zircon/process.h>
#include <zircon/syscalls.h>

#include "harness.h"
#include "util.h"

#define FILL 0x5a

/* Write @size bytes of FILL with @put (to a VMO or a memfd), 1 MiB a call. */
static void fill(void (*put)(void *, const char *, size_t, size_t), void *obj,
		 size_t size)
{
	static char buf[MIB];

	memset(buf, FILL, sizeof(buf));
	for (size_t off = 0; off < size; off += sizeof(buf))
		put(obj, buf, off, size - off < sizeof(buf) ? size - off : sizeof(buf));
}

static void put_vmo(void *obj, const char *buf, size_t off, size_t len)
{
	check("write", zx_vmo_write(*(zx_handle_t *)obj, buf, off, len));
}

static void put_fd(void *obj, const char *buf, size_t off, size_t len)
{
	if (pwrite(*(int *)obj, buf, len, off) != (ssize_t)len)
		die_errno("pwrite");
}

zx_handle_t committed_vmo(size_t size)
{
	zx_handle_t vmo;

	check("create", zx_vmo_create(size, 0, &vmo));
	fill(put_vmo, &vmo, size);
	return vmo;
}

zx_handle_t snapshot(zx_handle_t vmo, size_t size)
{
	zx_handle_t child;

	check("snapshot", zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0, size,
					      &child));
	return child;
}

static char *map_vmo_perm(zx_handle_t vmo, size_t size, zx_vm_option_t perm)
{
	zx_vaddr_t addr;

	check("map", zx_vmar_map(zx_vmar_root_self(), perm, 0, vmo, 0, size, &addr));
	return (char *)addr;
}

char *map_vmo(zx_handle_t vmo, size_t size)
{
	return map_vmo_perm(vmo, size, ZX_VM_PERM_READ | ZX_VM_PERM_WRITE);
}

char *map_vmo_ro(zx_handle_t vmo, size_t size)
{
	return map_vmo_perm(vmo, size, ZX_VM_PERM_READ);
}

void unmap_vmo(char *addr, size_t size)
{
	check("unmap", zx_vmar_unmap(zx_vmar_root_self(), (zx_vaddr_t)addr, size));
}

int memfd_sized(size_t size)
{
	int fd = memfd_create("bench", 0);

	if (fd < 0 || ftruncate(fd, size))
		die_errno("memfd");
	return fd;
}

int memfd_filled(size_t size)
{
	int fd = memfd_sized(size);

	fill(put_fd, &fd, size);
	return fd;
}

static char *map_fd_prot(int fd, size_t size, int prot)
{
	char *p = mmap(NULL, size, prot, MAP_SHARED, fd, 0);

	if (p == MAP_FAILED)
		die_errno("mmap");
	return p;
}

char *map_fd(int fd, size_t size)
{
	return map_fd_prot(fd, size, PROT_READ | PROT_WRITE);
}

char *map_fd_ro(int fd, size_t size)
{
	return map_fd_prot(fd, size, PROT_READ);
}

void unmap_fd(char *addr, size_t size)
{
	if (munmap(addr, size))
		die_errno("munmap");
}

char *anon_filled(size_t size)
{
	char *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die_errno("mmap");
	memset(p, FILL, size);
	return p;
}

void read_pages(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i += PAGE)
		(void)((const volatile char *)p)[i];
}

void write_pages(char *p, size_t len)
{
	for (size_t i = 0; i < len; i += PAGE)
		((volatile char *)p)[i] = 1;
}

long minor_faults(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru))
		die_errno("getrusage");
	return ru.ru_minflt;
}

/* write_pages() over @p, timed, and its minor faults per page. */
static double timed_first_writes(char *p, size_t len, double *faults_per_page)
{
	long f = minor_faults();
	double t0 = now_ns();

	write_pages(p, len);
	t0 = now_ns() - t0;
	if (faults_per_page)
		*faults_per_page = (double)(minor_faults() - f) / (len / PAGE);
	return t0;
}

double first_writes_zx(size_t len, double *faults_per_page)
{
	zx_handle_t vmo;
	double t;
	char *p;

	check("create", zx_vmo_create(len, 0, &vmo));
	p = map_vmo(vmo, len);
	t = timed_first_writes(p, len, faults_per_page);
	unmap_vmo(p, len);
	zx_handle_close(vmo);
	return t;
}

double first_writes_fd(size_t len, double *faults_per_page)
{
	int fd = memfd_sized(len);
	char *p = map_fd(fd, len);
	double t = timed_first_writes(p, len, faults_per_page);

	unmap_fd(p, len);
	close(fd);
	return t;
}

long module_pages(void)
{
	FILE *f = fopen("/sys/class/misc/zxvmo/pages", "r");
	long n = -1;

	if (f) {
		if (fscanf(f, "%ld", &n) != 1)
			n = -1;
		fclose(f);
	}
	return n;
}

void fork_run(void (*parent)(void *), void (*child)(void *), void *ctx)
{
	int p[2], status;
	pid_t pid;
	char c = 0;

	/* The child waits for the parent only when the parent has work. */
	if (parent && pipe(p))
		die_errno("pipe");
	pid = fork();
	if (pid < 0)
		die_errno("fork");
	forked = 1;
	if (!pid) {
		if (parent && read(p[0], &c, 1) != 1)
			_exit(1);
		if (child)
			child(ctx);
		_exit(0);
	}
	if (parent) {
		parent(ctx);
		if (write(p[1], &c, 1) != 1)
			die_errno("write");
		close(p[0]);
		close(p[1]);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		fprintf(stderr, "zxvmo-bench: a fork()ed child failed\n");
		exit(1);
	}
}

void pin_to_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die_errno("sched_setaffinity");
}
