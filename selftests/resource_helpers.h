/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the resource, executable, contiguous and physical VMO tests:
 * getting resources and BTIs, dropping privileges in a forked child,
 * /proc/iomem, /proc/cmdline and /proc/self/pagemap.  Include after
 * zxvmo_test.h.
 */
#ifndef ZXVMO_RESOURCE_HELPERS_H
#define ZXVMO_RESOURCE_HELPERS_H

#include <grp.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/vfs.h>

#include <zircon/syscalls/resource.h>
#include <zxvmo/resources.h>

static inline zx_handle_t vmex_new(struct __test_metadata *_metadata)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zxvmo_get_vmex_resource(&h));
	ASSERT_NE(ZX_HANDLE_INVALID, h);
	return h;
}

static inline zx_handle_t bti_new(struct __test_metadata *_metadata)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zxvmo_get_bti(&h));
	ASSERT_NE(ZX_HANDLE_INVALID, h);
	return h;
}

/* Is descriptor @h closed (F_GETFD fails with EBADF)? */
static inline bool fd_closed(zx_handle_t h)
{
	return fcntl((int)h, F_GETFD) < 0 && errno == EBADF;
}

/* ---- privileges (call in a forked child only) ----------------------------- */

/* Drop capability @cap from the effective, permitted and inheritable sets. */
static inline int drop_cap(int cap)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data))
		return -1;
	data[cap / 32].effective &= ~(1u << (cap % 32));
	data[cap / 32].permitted &= ~(1u << (cap % 32));
	data[cap / 32].inheritable &= ~(1u << (cap % 32));
	return (int)syscall(SYS_capset, &hdr, data);
}

/* Become uid/gid 65534 ("nobody"): every capability is gone. */
static inline int become_nobody(void)
{
	if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
		return -1;
	return getuid() == 65534 && geteuid() == 65534 ? 0 : -1;
}

/*
 * Run @fn in a forked child and return its exit status (or 128 + signal).
 * The child must report through its exit status only: 0 is success, any
 * other value names the check that failed.
 */
static inline int run_in_child(int (*fn)(void *), void *arg)
{
	int status = 0;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn(arg));
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* ---- /proc/iomem ---------------------------------------------------------- */

struct iomem_entry {
	uint64_t start, end;	/* inclusive, as /proc/iomem prints them */
	int depth;		/* 0 for top-level entries */
	char name[64];
};

/* Read up to @max entries of /proc/iomem (as root: real addresses). */
static inline int iomem_read(struct iomem_entry *e, int max)
{
	FILE *f = fopen("/proc/iomem", "r");
	char line[256];
	int n = 0;

	if (!f)
		return -1;
	while (n < max && fgets(line, sizeof(line), f)) {
		const char *p = line;
		unsigned long long s, t;
		int depth = 0, off = 0;
		char *nl;

		while (*p == ' ') {
			p++;
			depth++;
		}
		if (sscanf(p, "%llx-%llx : %n", &s, &t, &off) != 2 || !off)
			continue;
		e[n].start = s;
		e[n].end = t;
		e[n].depth = depth / 2;
		snprintf(e[n].name, sizeof(e[n].name), "%s", p + off);
		nl = strchr(e[n].name, '\n');
		if (nl)
			*nl = '\0';
		n++;
	}
	fclose(f);
	return n;
}

/* Does any "System RAM" entry of /proc/iomem overlap [start, start + len)? */
static inline bool iomem_overlaps_ram(const struct iomem_entry *e, int n, uint64_t start,
				      uint64_t len)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(e[i].name, "System RAM") && e[i].start < start + len &&
		    e[i].end >= start)
			return true;
	return false;
}

/* A page-aligned page of System RAM above 1 MiB (for refusals). */
static inline bool find_system_ram(uint64_t *paddr)
{
	static struct iomem_entry e[512];
	int i, n = iomem_read(e, 512);

	for (i = 0; i < n; i++) {
		if (e[i].depth == 0 && !strcmp(e[i].name, "System RAM") &&
		    e[i].end >= 0x200000 && e[i].start < e[i].end) {
			uint64_t a = e[i].start > 0x100000 ? e[i].start : 0x100000;

			a = (a + PAGE - 1) & ~(uint64_t)(PAGE - 1);
			if (a + PAGE - 1 <= e[i].end) {
				*paddr = a;
				return true;
			}
		}
	}
	return false;
}

/*
 * A page-aligned range of @len bytes below 4 GiB that no /proc/iomem entry
 * covers (a hole in the physical address map): the kernel grants an MMIO
 * resource for it.  Nothing may map it, it is only for resource checks.
 */
static inline bool find_free_mmio(uint64_t len, uint64_t *paddr)
{
	static struct iomem_entry e[512];
	int i, n = iomem_read(e, 512);
	uint64_t a = 0x100000;	/* above the legacy area */

	for (;;) {
		bool moved = false;

		a = (a + PAGE - 1) & ~(uint64_t)(PAGE - 1);
		if (a + len > (1ull << 32))
			return false;
		for (i = 0; i < n; i++) {
			if (e[i].depth == 0 && e[i].start < a + len && e[i].end >= a) {
				a = e[i].end + 1;
				moved = true;
			}
		}
		if (!moved) {
			*paddr = a;
			return true;
		}
	}
}

/*
 * The RAM set aside with memmap=SIZE$ADDR on the kernel command line, if
 * /proc/iomem agrees that it is reserved and not System RAM.
 */
static inline bool find_reserved_range(uint64_t *base, uint64_t *size, char *why,
				       size_t why_len)
{
	static struct iomem_entry e[512];
	char cmdline[4096], *p;
	unsigned long long sz, at;
	char unit = 0, *end;
	bool reserved = false;
	FILE *f;
	int i, n;

	snprintf(why, why_len, "no memmap=SIZE$ADDR on the kernel command line");
	f = fopen("/proc/cmdline", "r");
	if (!f)
		return false;
	if (!fgets(cmdline, sizeof(cmdline), f)) {
		fclose(f);
		return false;
	}
	fclose(f);
	for (p = strstr(cmdline, "memmap="); p; p = strstr(p + 1, "memmap=")) {
		if (p != cmdline && p[-1] != ' ')
			continue;
		sz = strtoull(p + 7, &end, 0);
		unit = *end;
		if (unit == 'K' || unit == 'k')
			sz <<= 10;
		else if (unit == 'M' || unit == 'm')
			sz <<= 20;
		else if (unit == 'G' || unit == 'g')
			sz <<= 30;
		if (unit && strchr("KkMmGg", unit))
			end++;
		if (*end != '$')
			continue;
		at = strtoull(end + 1, &end, 0);
		if (!sz || (at | sz) & (PAGE - 1))
			continue;
		*base = at;
		*size = sz;
		break;
	}
	if (!p)
		return false;
	n = iomem_read(e, 512);
	if (n <= 0) {
		snprintf(why, why_len, "cannot read /proc/iomem");
		return false;
	}
	if (iomem_overlaps_ram(e, n, *base, *size)) {
		snprintf(why, why_len, "memmap range %#llx+%#llx is System RAM in /proc/iomem",
			 (unsigned long long)*base, (unsigned long long)*size);
		return false;
	}
	for (i = 0; i < n; i++)
		if (!strcmp(e[i].name, "Reserved") && e[i].start <= *base &&
		    e[i].end >= *base + *size - 1)
			reserved = true;
	if (!reserved) {
		snprintf(why, why_len, "memmap range %#llx+%#llx is not Reserved in /proc/iomem",
			 (unsigned long long)*base, (unsigned long long)*size);
		return false;
	}
	return true;
}

/* ---- /proc/self/pagemap --------------------------------------------------- */

/* The PFN behind the (touched) page at @addr, or 0 if none or hidden. */
static inline uint64_t pfn_of(const void *addr)
{
	uint64_t entry = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	off_t off = (off_t)((uintptr_t)addr / PAGE * sizeof(entry));

	if (fd < 0)
		return 0;
	if (pread(fd, &entry, sizeof(entry), off) != (ssize_t)sizeof(entry))
		entry = 0;
	close(fd);
	if (!(entry & (1ull << 63)))	/* not present */
		return 0;
	return entry & ((1ull << 55) - 1);
}

/* The x86-64 function "mov eax, imm32; ret". */
static inline void code_return(uint8_t code[6], uint32_t value)
{
	code[0] = 0xb8;
	memcpy(code + 1, &value, 4);
	code[5] = 0xc3;
}

#endif /* ZXVMO_RESOURCE_HELPERS_H */
