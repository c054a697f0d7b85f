// SPDX-License-Identifier: BSD-2-Clause
/*
 * The root VMAR: zx_vmar_map / zx_vmar_unmap / zx_vmar_protect on the
 * process's address space with mmap(MAP_SHARED) of the VMO's descriptor,
 * munmap() and mprotect().
 *
 * The root VMAR's base is 0: with ZX_VM_SPECIFIC(_OVERWRITE) vmar_offset is
 * the absolute address, and ZX_INFO_VMAR reports base 0.
 *
 * zx_vmar_map() checks, in Zircon's order, everything Zircon's kernel checks
 * before it maps (rights of the VMO handle, options, alignment,
 * ZX_VM_REQUIRE_NON_RESIZABLE / ZX_VM_ALLOW_FAULTS).  The common case is
 * one ZXVMO_IOC_MAP: libzx checks the arguments, the kernel the rights
 * and the VMO's options, maps and stores the address (never undoing a
 * mapping by address, which could take one another thread put there).
 * Arguments that fail a check, and alignments or upper limits where the
 * kernel places the mapping, take the long way: ZXVMO_IOC_GET_INFO, every
 * check in Zircon's order, then ZXVMO_IOC_MAP at an address inside a
 * reserved window (with a module without it, mmap(2), whose ->mmap
 * enforces the rights again, and the address copied out).
 * ZX_VM_MAP_RANGE and ZX_VM_COMPACT are hints and ignored (MAP_POPULATE
 * would commit pages, which MAP_RANGE must not).
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "zxl.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define ZXL_VM_PERMS (ZX_VM_PERM_READ | ZX_VM_PERM_WRITE | ZX_VM_PERM_EXECUTE)
#define ZXL_VM_ALIGN_MASK ((zx_vm_option_t)0xFFu << ZX_VM_ALIGN_BASE)
#define ZXL_VM_MAP_OPTIONS                                                          \
	(ZXL_VM_PERMS | ZX_VM_COMPACT | ZX_VM_SPECIFIC | ZX_VM_SPECIFIC_OVERWRITE |  \
	 ZX_VM_MAP_RANGE | ZX_VM_REQUIRE_NON_RESIZABLE | ZX_VM_ALLOW_FAULTS |        \
	 ZX_VM_OFFSET_IS_UPPER_LIMIT | ZX_VM_FAULT_BEYOND_STREAM_SIZE | ZXL_VM_ALIGN_MASK)
#define ZXL_VM_CAN_MAP (ZX_VM_CAN_MAP_READ | ZX_VM_CAN_MAP_WRITE | ZX_VM_CAN_MAP_EXECUTE)

/* The VMAR handle must be the root VMAR. */
static zx_status_t zxl_check_vmar(zx_handle_t h)
{
	int fd = -1, ours = 0;
	zx_status_t st;

	if (h == ZXL_ROOT_VMAR_HANDLE)
		return ZX_OK;
	st = zxl_any_fd(h, &fd, &ours);
	return st != ZX_OK ? st : ZX_ERR_WRONG_TYPE; /* descriptors are never VMARs */
}

/*
 * Linux user mappings cannot be execute-only, so
 * ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED always adds ZX_VM_PERM_READ.
 */
static zx_vm_option_t zxl_xom(zx_vm_option_t options)
{
	if (options & ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED)
		options = (options & ~ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED) | ZX_VM_PERM_READ;
	return options;
}

/* Zircon cannot express writable or executable but unreadable mappings. */
static int zxl_valid_protection(zx_vm_option_t options)
{
	return (options & ZX_VM_PERM_READ) || !(options & (ZX_VM_PERM_WRITE | ZX_VM_PERM_EXECUTE));
}

static int zxl_prot(zx_vm_option_t options)
{
	int prot = PROT_NONE;

	if (options & ZX_VM_PERM_READ)
		prot |= PROT_READ;
	if (options & ZX_VM_PERM_WRITE)
		prot |= PROT_WRITE;
	if (options & ZX_VM_PERM_EXECUTE)
		prot |= PROT_EXEC;
	return prot;
}

/*
 * mmap(2)'s errno.  ENOMEM is no room in the address space (Zircon's
 * ZX_ERR_NO_RESOURCES) for a mapping placed by the kernel; at a fixed
 * address, which libzx checked is inside the root VMAR, it can only be the
 * kernel out of memory or out of VMAs (vm.max_map_count): ZX_ERR_NO_MEMORY.
 */
static zx_status_t zxl_status_from_mmap_errno(int err, int fixed)
{
	switch (err) {
	case EACCES:
	case EPERM:
	case ETXTBSY:
		return ZX_ERR_ACCESS_DENIED;
	case EINVAL:
		return ZX_ERR_INVALID_ARGS;
	case ENOMEM:
		return fixed ? ZX_ERR_NO_MEMORY : ZX_ERR_NO_RESOURCES;
	case EAGAIN:
		return ZX_ERR_NO_RESOURCES;
	case EEXIST:
		return ZX_ERR_ALREADY_EXISTS;
	case ENODEV:
		return ZX_ERR_NOT_SUPPORTED;
	case EOVERFLOW:
		return ZX_ERR_OUT_OF_RANGE;
	default:
		return zxl_status_from_errno(err);
	}
}

/* ZXVMO_IOC_MAP's flags for @options, besides the placement. */
static uint32_t zxl_map_flags(zx_vm_option_t options)
{
	uint32_t flags = 0;

	if (options & ZX_VM_REQUIRE_NON_RESIZABLE)
		flags |= ZXVMO_MAP_NON_RESIZABLE;
	if (options & ZX_VM_ALLOW_FAULTS)
		flags |= ZXVMO_MAP_ALLOW_FAULTS;
	return flags;
}

/*
 * Where the address of a mapping placed in a reservation goes: with
 * ZXVMO_IOC_MAP the kernel stores it (*@stored set), and a mapping is then
 * never undone by its address, which could unmap one another thread put
 * there; @flags are the ioctl's ZXVMO_MAP_NON_RESIZABLE and _ALLOW_FAULTS.
 */
struct zxl_map_out {
	zx_vaddr_t *mapped_addr;
	uint32_t flags;
	int stored;
};

/* Map @len bytes at @start, inside a reservation of ours (MAP_FIXED). */
static zx_status_t zxl_map_at(int fd, int prot, uint64_t vmo_offset, size_t len,
			      uintptr_t start, struct zxl_map_out *out)
{
	struct zxvmo_map_args args = {
		.addr = start,
		.len = len,
		.vmo_offset = vmo_offset,
		.out = (uint64_t)(uintptr_t)out->mapped_addr,
		.prot = (uint32_t)prot,
		.flags = out->flags | ZXVMO_MAP_FIXED,
	};
	int r = zxl_ioctl(fd, ZXVMO_IOC_MAP, &args);

	out->stored = r != -ENOTTY;
	if (out->stored)
		return r < 0 ? zxl_status_from_mmap_errno(-r, 1) : ZX_OK;
	if (mmap((void *)start, len, prot, MAP_SHARED | MAP_FIXED, fd, (off_t)vmo_offset) ==
	    MAP_FAILED)
		return zxl_status_from_mmap_errno(errno, 1);
	return ZX_OK;
}

/* Map at a placement chosen by the kernel, honouring alignment and limit. */
static zx_status_t zxl_map_anywhere(int fd, int prot, uint64_t vmo_offset, size_t len,
				    size_t align, int upper, uintptr_t limit,
				    struct zxl_map_out *out, void **addr)
{
	zx_status_t st;
	size_t page = zxl_page_size();
	size_t span = len + (align > page ? align - page : 0);
	uintptr_t res, start;
	void *hint = NULL, *p;

	if (align <= page && !upper) {
		p = mmap(NULL, len, prot, MAP_SHARED, fd, (off_t)vmo_offset);
		if (p == MAP_FAILED)
			return zxl_status_from_mmap_errno(errno, 0);
		*addr = p;
		return ZX_OK;
	}
	if (span < len)
		return ZX_ERR_NO_RESOURCES;
	if (upper) {
		if (limit < span)
			return ZX_ERR_NO_RESOURCES;
		hint = (void *)((limit - span) & ~(uintptr_t)(page - 1));
	}
	/* Reserve a window big enough to place an aligned mapping in it. */
	p = mmap(hint, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return zxl_status_from_mmap_errno(errno, 0);
	res = (uintptr_t)p;
	start = (res + align - 1) & ~(uintptr_t)(align - 1);
	if (upper && start + len > limit) {
		munmap(p, span);
		return ZX_ERR_NO_RESOURCES;
	}
	st = zxl_map_at(fd, prot, vmo_offset, len, start, out);
	if (st != ZX_OK) {
		munmap((void *)res, span);
		return st;
	}
	if (start > res)
		munmap((void *)res, start - res);
	if (res + span > start + len)
		munmap((void *)(start + len), res + span - (start + len));
	*addr = (void *)start;
	return ZX_OK;
}

/* What zxl_map_check() worked out for the mapping. */
struct zxl_map {
	size_t len;	/* rounded up to whole pages */
	size_t align;
	int specific, upper, prot;
};

/*
 * Everything Zircon checks before it maps, in its order.  @info is the
 * VMO's, or NULL: then the checks that need it (type, rights, resizable,
 * discardable) count as passed, and ZXVMO_IOC_MAP makes them.
 */
static zx_status_t zxl_map_check(zx_vm_option_t options, size_t vmar_offset, uint64_t vmo_offset,
				 size_t len, const zx_vaddr_t *mapped_addr,
				 const struct zxvmo_info *info, struct zxl_map *m)
{
	size_t page = zxl_page_size();
	uint32_t rights = info ? info->rights : ~0u, flags = info ? info->flags : 0;
	unsigned int align_log2;
	uint64_t end;

	if (info && info->type != ZXVMO_OBJ_TYPE_VMO)
		return ZX_ERR_WRONG_TYPE;

	/* Rights and permissions (the root VMAR allows everything). */
	if (!(rights & ZX_RIGHT_MAP))
		return ZX_ERR_ACCESS_DENIED;
	options = zxl_xom(options);
	if (!zxl_valid_protection(options))
		return ZX_ERR_INVALID_ARGS;
	if ((options & ZX_VM_MAP_RANGE) && (options & ZX_VM_SPECIFIC_OVERWRITE))
		return ZX_ERR_INVALID_ARGS;
	if (options & ZXL_VM_CAN_MAP)
		return ZX_ERR_INVALID_ARGS;
	if ((options & ZX_VM_PERM_READ) && !(rights & ZX_RIGHT_READ))
		return ZX_ERR_ACCESS_DENIED;
	if ((options & ZX_VM_PERM_WRITE) && !(rights & ZX_RIGHT_WRITE))
		return ZX_ERR_ACCESS_DENIED;
	if ((options & ZX_VM_PERM_EXECUTE) && !(rights & ZX_RIGHT_EXECUTE))
		return ZX_ERR_ACCESS_DENIED;
	m->prot = zxl_prot(options);

	/* Options, offsets, length and alignment. */
	if (options & ~ZXL_VM_MAP_OPTIONS)
		return ZX_ERR_INVALID_ARGS;
	m->specific = !!(options & (ZX_VM_SPECIFIC | ZX_VM_SPECIFIC_OVERWRITE));
	m->upper = !!(options & ZX_VM_OFFSET_IS_UPPER_LIMIT);
	if (m->upper && m->specific)
		return ZX_ERR_INVALID_ARGS;
	if (!m->specific && !m->upper && vmar_offset != 0)
		return ZX_ERR_INVALID_ARGS;
	if (len == 0)
		return ZX_ERR_INVALID_ARGS;
	if (vmo_offset & (page - 1))
		return ZX_ERR_INVALID_ARGS;
	if (m->specific && (vmar_offset & (page - 1)))
		return ZX_ERR_INVALID_ARGS;
	m->align = page;
	align_log2 = (options & ZXL_VM_ALIGN_MASK) >> ZX_VM_ALIGN_BASE;
	if (align_log2) {
		if (align_log2 < 10 || align_log2 > 32 || align_log2 >= sizeof(size_t) * 8)
			return ZX_ERR_INVALID_ARGS;
		if (((size_t)1 << align_log2) > m->align)
			m->align = (size_t)1 << align_log2;
	}
	if (m->specific && (vmar_offset & (m->align - 1)))
		return ZX_ERR_INVALID_ARGS;
	m->len = (len + page - 1) & ~(page - 1);
	if (m->len < len || __builtin_add_overflow(vmo_offset, (uint64_t)m->len, &end) ||
	    end > (uint64_t)INT64_MAX)
		return ZX_ERR_OUT_OF_RANGE;
	if (m->specific && (vmar_offset > zxl_root_vmar_len() ||
			    m->len > zxl_root_vmar_len() - vmar_offset))
		return ZX_ERR_INVALID_ARGS;

	/*
	 * Zircon's kernel enforces only part of what vmar_map.md promises for
	 * ZX_VM_ALLOW_FAULTS: a discardable VMO needs it; resizable VMOs and
	 * mappings past the end do not (yet) in Zircon, so not here either.
	 */
	if ((options & ZX_VM_REQUIRE_NON_RESIZABLE) && (flags & ZXVMO_INFO_RESIZABLE))
		return ZX_ERR_NOT_SUPPORTED;
	if (!(options & ZX_VM_ALLOW_FAULTS) && (flags & ZXVMO_INFO_DISCARDABLE))
		return ZX_ERR_NOT_SUPPORTED;

	/*
	 * Zircon would map, fail to copy the address out and unmap again: an
	 * out pointer that cannot be right fails before anything is mapped,
	 * one that turns out unwritable has its mapping undone.
	 */
	if (!zxl_user_range(mapped_addr, sizeof(*mapped_addr)))
		return ZX_ERR_INVALID_ARGS;
	return ZX_OK;
}

/*
 * The common case in one ioctl: the kernel checks what needs the VMO and
 * that the address can be stored (INVALID_ARGS before it maps otherwise),
 * maps and stores the address.  Sets *@done
 * unless the descriptor does not know ZXVMO_IOC_MAP (another object type,
 * or an older module): then the caller takes the long way, whose
 * GET_INFO finds the exact status.
 */
static zx_status_t zxl_map_ioctl(int fd, zx_vm_option_t options, size_t vmar_offset,
				 uint64_t vmo_offset, const struct zxl_map *m,
				 zx_vaddr_t *mapped_addr, int *done)
{
	struct zxvmo_map_args args = {
		.addr = m->specific ? vmar_offset : 0,
		.len = m->len,
		.vmo_offset = vmo_offset,
		.out = (uint64_t)(uintptr_t)mapped_addr,
		.prot = (uint32_t)m->prot,
	};
	int r;

	if (m->specific)
		args.flags |= (options & ZX_VM_SPECIFIC_OVERWRITE) ? ZXVMO_MAP_FIXED
								   : ZXVMO_MAP_FIXED_NOREPLACE;
	args.flags |= zxl_map_flags(options);
	r = zxl_ioctl(fd, ZXVMO_IOC_MAP, &args);
	*done = r != -ENOTTY;
	if (r >= 0 || !*done)
		return ZX_OK;
	/* The checks' statuses (EACCES, EOPNOTSUPP) and mmap(2)'s errnos. */
	return zxl_status_from_mmap_errno(-r, m->specific);
}

/*
 * Map the checked mapping and store its address: in a reservation with
 * ZXVMO_IOC_MAP (alignments, upper limits), else with mmap(2), copying the
 * address out and unmapping again if that fails (modules without the
 * ioctl).
 */
static zx_status_t zxl_map_mmap(int fd, zx_vm_option_t options, size_t vmar_offset,
				uint64_t vmo_offset, const struct zxl_map *m,
				zx_vaddr_t *mapped_addr)
{
	struct zxl_map_out out = { .mapped_addr = mapped_addr, .flags = zxl_map_flags(options) };
	zx_status_t st;
	void *p = NULL;

	if (m->specific) {
		int flags = MAP_SHARED;

		flags |= (options & ZX_VM_SPECIFIC_OVERWRITE) ? MAP_FIXED : MAP_FIXED_NOREPLACE;
		p = mmap((void *)vmar_offset, m->len, m->prot, flags, fd, (off_t)vmo_offset);
		if (p == MAP_FAILED)
			return zxl_status_from_mmap_errno(errno, 1);
		if ((uintptr_t)p != vmar_offset) {
			/* A kernel without MAP_FIXED_NOREPLACE took it as a hint. */
			munmap(p, m->len);
			return ZX_ERR_ALREADY_EXISTS;
		}
	} else {
		st = zxl_map_anywhere(fd, m->prot, vmo_offset, m->len, m->align, m->upper,
				      vmar_offset, &out, &p);
		if (st != ZX_OK || out.stored)
			return st;
	}
	{
		zx_vaddr_t a = (zx_vaddr_t)p;

		st = zxl_copy_out(mapped_addr, &a, sizeof(a));
		if (st != ZX_OK)
			munmap(p, m->len);
	}
	return st;
}

zx_status_t zx_vmar_map(zx_handle_t handle, zx_vm_option_t options, size_t vmar_offset,
			zx_handle_t vmo, uint64_t vmo_offset, size_t len, zx_vaddr_t *mapped_addr)
{
	struct zxvmo_info info;
	struct zxl_map m;
	zx_status_t st;
	int fd, done = 0;

	/* Handles: the VMAR, then the VMO. */
	st = zxl_check_vmar(handle);
	if (st != ZX_OK)
		return st;
	st = zxl_fd(vmo, &fd);
	if (st != ZX_OK)
		return st;
	/*
	 * Arguments that pass every check not needing the VMO, placed by
	 * address (its alignment is checked) or by the kernel without
	 * alignment or limit: one ioctl.
	 */
	st = zxl_map_check(options, vmar_offset, vmo_offset, len, mapped_addr, NULL, &m);
	if (st == ZX_OK && !m.upper && (m.specific || m.align == zxl_page_size())) {
		st = zxl_map_ioctl(fd, options, vmar_offset, vmo_offset, &m, mapped_addr, &done);
		if (done)
			return st;
	}
	/* Otherwise, every check in Zircon's order, then mmap(2). */
	memset(&info, 0, sizeof(info));
	st = zxl_get_info(fd, &info);
	if (st != ZX_OK)
		return st;
	st = zxl_map_check(options, vmar_offset, vmo_offset, len, mapped_addr, &info, &m);
	if (st != ZX_OK)
		return st;
	return zxl_map_mmap(fd, options, vmar_offset, vmo_offset, &m, mapped_addr);
}

/* Common checks of unmap and protect; rounds *len up to whole pages. */
static zx_status_t zxl_check_range(zx_vaddr_t addr, size_t *len)
{
	size_t page = zxl_page_size(), len_r;

	if (addr & (page - 1))
		return ZX_ERR_INVALID_ARGS;
	if (*len == 0)
		return ZX_ERR_INVALID_ARGS;
	len_r = (*len + page - 1) & ~(page - 1);
	if (len_r < *len || addr > zxl_root_vmar_len() || len_r > zxl_root_vmar_len() - addr)
		return ZX_ERR_INVALID_ARGS;
	*len = len_r;
	return ZX_OK;
}

/*
 * munmap(2) and mprotect(2) fail with ENOMEM when the kernel runs out of
 * memory or of VMAs (vm.max_map_count) splitting a mapping: Zircon's
 * ZX_ERR_NO_MEMORY.  EPERM is a sealed mapping (mseal).
 */
static zx_status_t zxl_status_from_unmap_errno(int err)
{
	switch (err) {
	case ENOMEM:
		return ZX_ERR_NO_MEMORY;
	case EACCES:
	case EPERM:
		return ZX_ERR_ACCESS_DENIED;
	case EINVAL:
		return ZX_ERR_INVALID_ARGS;
	default:
		return ZX_ERR_INTERNAL;
	}
}

/*
 * Is all of [@addr, @addr + @len) mapped?  msync(2) without flags does
 * nothing but look: ENOMEM if part of the range is not mapped.
 */
static int zxl_range_mapped(zx_vaddr_t addr, size_t len)
{
	return msync((void *)addr, len, 0) == 0 || errno != ENOMEM;
}

zx_status_t zx_vmar_unmap(zx_handle_t handle, zx_vaddr_t addr, size_t len)
{
	zx_status_t st = zxl_check_vmar(handle);

	if (st != ZX_OK)
		return st;
	st = zxl_check_range(addr, &len);
	if (st != ZX_OK)
		return st;
	if (munmap((void *)addr, len) < 0)
		return zxl_status_from_unmap_errno(errno);
	return ZX_OK;
}

zx_status_t zx_vmar_protect(zx_handle_t handle, zx_vm_option_t options, zx_vaddr_t addr,
			    size_t len)
{
	zx_status_t st = zxl_check_vmar(handle);

	if (st != ZX_OK)
		return st;
	options = zxl_xom(options);
	if ((options & ~ZXL_VM_PERMS) || !zxl_valid_protection(options))
		return ZX_ERR_INVALID_ARGS;
	st = zxl_check_range(addr, &len);
	if (st != ZX_OK)
		return st;
	if (mprotect((void *)addr, len, zxl_prot(options)) < 0) {
		int err = errno;

		/* ENOMEM also means part of the range is not mapped. */
		if (err == ENOMEM && !zxl_range_mapped(addr, len))
			return ZX_ERR_NOT_FOUND;
		return zxl_status_from_unmap_errno(err);
	}
	return ZX_OK;
}
