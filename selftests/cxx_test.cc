// SPDX-License-Identifier: GPL-2.0
/*
 * Fuchsia's C++ API (the lib/zx headers), used the way Fuchsia code uses it:
 * zx::vmo::create, read/write of exact bytes, snapshot and slice children
 * (copy-on-write), duplicate/replace with fewer rights, mapping through
 * zx::vmar::root_self(), ownership (every handle closed exactly once: the
 * fd is gone afterwards and its number, reused, stays open), get_info,
 * properties, op_range, wait_one with zx::time deadlines, and the vmex
 * resource and BTI wrappers (replace_as_executable, create_contiguous).
 *
 * The kselftest harness is C; cxx_harness.h prints the same TAP.
 */
#include "cxx_harness.h"

#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>

#include <lib/zx/bti.h>
#include <lib/zx/clock.h>
#include <lib/zx/handle.h>
#include <lib/zx/object.h>
#include <lib/zx/pmt.h>
#include <lib/zx/resource.h>
#include <lib/zx/time.h>
#include <lib/zx/vmar.h>
#include <lib/zx/vmo.h>
#include <zircon/process.h>
#include <zircon/rights.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/object.h>
#include <zxvmo/resources.h>

#include <utility>
#include <vector>

namespace {

uint64_t page()
{
	return zx_system_get_page_size();
}

// Is the descriptor behind h closed?  Both the fd table and libzx say so.
bool fd_closed(zx_handle_t h)
{
	bool closed = fcntl(static_cast<int>(h), F_GETFD) == -1 && errno == EBADF;

	return closed && zx_object_get_info(h, ZX_INFO_HANDLE_VALID, nullptr, 0, nullptr,
					    nullptr) == ZX_ERR_BAD_HANDLE;
}

zx_info_handle_basic_t basic(const zx::object_base &o)
{
	zx_info_handle_basic_t info;

	memset(&info, 0xa5, sizeof(info));
	if (o.get_info(ZX_INFO_HANDLE_BASIC, &info, sizeof(info), nullptr, nullptr) != ZX_OK)
		memset(&info, 0, sizeof(info));
	return info;
}

zx_info_vmo_t vmo_info(const zx::vmo &vmo)
{
	zx_info_vmo_t info;

	memset(&info, 0xa5, sizeof(info));
	if (vmo.get_info(ZX_INFO_VMO, &info, sizeof(info), nullptr, nullptr) != ZX_OK)
		memset(&info, 0, sizeof(info));
	return info;
}

std::vector<uint8_t> pattern(size_t len, uint8_t seed)
{
	std::vector<uint8_t> v(len);

	for (size_t i = 0; i < len; i++)
		v[i] = static_cast<uint8_t>(i * 31 + seed + (i >> 8));
	return v;
}

std::vector<uint8_t> read_all(const zx::vmo &vmo, uint64_t offset, size_t len)
{
	std::vector<uint8_t> v(len, 0xee);

	if (vmo.read(v.data(), offset, len) != ZX_OK)
		v.clear();
	return v;
}

// Does [offset, offset + len) of vmo read as byte b?
bool reads_as(const zx::vmo &vmo, uint64_t offset, size_t len, uint8_t b)
{
	std::vector<uint8_t> v = read_all(vmo, offset, len);

	return v.size() == len && std::vector<uint8_t>(len, b) == v;
}

zx_status_t fill(const zx::vmo &vmo, uint64_t offset, size_t len, uint8_t b)
{
	std::vector<uint8_t> v(len, b);

	return vmo.write(v.data(), offset, len);
}

// Takes the VMO the way a Fuchsia function taking a borrowed VMO does.
uint64_t size_of(const zx::vmo &vmo)
{
	uint64_t size = 0;

	return vmo.get_size(&size) == ZX_OK ? size : UINT64_MAX;
}

}  // namespace

TEST(create_write_read_exact_bytes)
{
	const size_t len = 3 * page() + 123;
	zx::vmo vmo;

	ASSERT_EQ(ZX_OK, zx::vmo::create(len, 0, &vmo));
	ASSERT_TRUE(vmo.is_valid());
	ASSERT_TRUE(vmo);
	EXPECT_EQ(4 * page(), size_of(vmo));
	uint64_t content = 0;
	EXPECT_EQ(ZX_OK, vmo.get_prop_content_size(&content));
	EXPECT_EQ(static_cast<uint64_t>(len), content);

	// A new VMO reads as zeroes, up to its rounded size.
	EXPECT_TRUE(reads_as(vmo, 0, 4 * page(), 0));

	std::vector<uint8_t> data = pattern(len, 7);
	ASSERT_EQ(ZX_OK, vmo.write(data.data(), 0, data.size()));
	EXPECT_TRUE(read_all(vmo, 0, len) == data);

	// An unaligned window across a page boundary.
	uint8_t win[10];
	ASSERT_EQ(ZX_OK, vmo.read(win, page() - 5, sizeof(win)));
	EXPECT_EQ(0, memcmp(win, data.data() + page() - 5, sizeof(win)));

	// Past the end: nothing is read or written.
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, vmo.read(win, 4 * page() - 5, sizeof(win)));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, vmo.write(win, 4 * page(), 1));
	EXPECT_TRUE(read_all(vmo, 0, len) == data);
}

TEST(create_failure_resets_result)
{
	zx::vmo vmo;

	ASSERT_EQ(ZX_OK, zx::vmo::create(page(), 0, &vmo));
	const zx_handle_t old = vmo.get();

	// As in Fuchsia, *result is reset (its old handle closed) on failure.
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx::vmo::create(page(), 1u << 8, &vmo));
	EXPECT_FALSE(vmo.is_valid());
	EXPECT_EQ(ZX_HANDLE_INVALID, vmo.get());
	EXPECT_TRUE(fd_closed(old));
}

TEST(snapshot_child_copy_on_write)
{
	const size_t len = 4 * page();
	zx::vmo parent, child;

	ASSERT_EQ(ZX_OK, zx::vmo::create(len, 0, &parent));
	ASSERT_EQ(ZX_OK, fill(parent, 0, len, 'A'));
	ASSERT_EQ(ZX_OK, parent.create_child(ZX_VMO_CHILD_SNAPSHOT, 0, len, &child));
	ASSERT_TRUE(child.is_valid());
	EXPECT_TRUE(reads_as(child, 0, len, 'A'));

	// Writes on either side stay on that side.
	ASSERT_EQ(ZX_OK, fill(child, page(), page(), 'B'));
	ASSERT_EQ(ZX_OK, fill(parent, 2 * page(), page(), 'C'));
	EXPECT_TRUE(reads_as(parent, 0, 2 * page(), 'A'));
	EXPECT_TRUE(reads_as(parent, 2 * page(), page(), 'C'));
	EXPECT_TRUE(reads_as(parent, 3 * page(), page(), 'A'));
	EXPECT_TRUE(reads_as(child, 0, page(), 'A'));
	EXPECT_TRUE(reads_as(child, page(), page(), 'B'));
	EXPECT_TRUE(reads_as(child, 2 * page(), 2 * page(), 'A'));

	const zx_info_vmo_t pi = vmo_info(parent), ci = vmo_info(child);
	EXPECT_EQ(basic(parent).koid, pi.koid);
	EXPECT_EQ(pi.koid, ci.parent_koid);
	EXPECT_EQ(1u, pi.num_children);
	EXPECT_EQ(0u, pi.flags & ZX_INFO_VMO_IS_COW_CLONE);
	EXPECT_EQ(ZX_INFO_VMO_IS_COW_CLONE, ci.flags & ZX_INFO_VMO_IS_COW_CLONE);

	// ZX_VMO_ZERO_CHILDREN: clear while the child lives, set once the
	// zx::vmo holding it is reset.
	zx_signals_t pending = 0;
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  parent.wait_one(ZX_VMO_ZERO_CHILDREN, zx::time::infinite_past(), &pending));
	EXPECT_EQ(0u, pending & ZX_VMO_ZERO_CHILDREN);
	const zx_handle_t child_handle = child.get();
	child.reset();
	EXPECT_TRUE(fd_closed(child_handle));
	EXPECT_EQ(ZX_OK, parent.wait_one(ZX_VMO_ZERO_CHILDREN, zx::deadline_after(zx::sec(10)),
					 &pending));
	EXPECT_EQ(ZX_VMO_ZERO_CHILDREN, pending & ZX_VMO_ZERO_CHILDREN);
	EXPECT_EQ(0u, vmo_info(parent).num_children);
	EXPECT_TRUE(reads_as(parent, 2 * page(), page(), 'C'));
}

TEST(create_child_into_itself)
{
	zx::vmo vmo, keep;

	ASSERT_EQ(ZX_OK, zx::vmo::create(2 * page(), 0, &vmo));
	ASSERT_EQ(ZX_OK, fill(vmo, 0, 2 * page(), 'P'));
	ASSERT_EQ(ZX_OK, vmo.duplicate(ZX_RIGHT_SAME_RIGHTS, &keep));
	const zx_handle_t old = vmo.get();
	const zx_koid_t parent_koid = basic(keep).koid;

	// result may alias this: the child replaces the parent's handle.
	ASSERT_EQ(ZX_OK, vmo.create_child(ZX_VMO_CHILD_SNAPSHOT, page(), page(), &vmo));
	ASSERT_TRUE(vmo.is_valid());
	EXPECT_NE(old, vmo.get());
	EXPECT_TRUE(fd_closed(old));
	EXPECT_EQ(parent_koid, vmo_info(vmo).parent_koid);
	EXPECT_EQ(page(), size_of(vmo));
	EXPECT_TRUE(reads_as(vmo, 0, page(), 'P'));
	EXPECT_EQ(1u, vmo_info(keep).num_children);
}

TEST(slice_child_shares_pages)
{
	zx::vmo parent, slice;

	ASSERT_EQ(ZX_OK, zx::vmo::create(4 * page(), 0, &parent));
	ASSERT_EQ(ZX_OK, parent.create_child(ZX_VMO_CHILD_SLICE, page(), 2 * page(), &slice));
	EXPECT_EQ(2 * page(), size_of(slice));
	ASSERT_EQ(ZX_OK, fill(slice, 0, page(), 'S'));
	EXPECT_TRUE(reads_as(parent, page(), page(), 'S'));
	ASSERT_EQ(ZX_OK, fill(parent, 2 * page(), page(), 'T'));
	EXPECT_TRUE(reads_as(slice, page(), page(), 'T'));
	EXPECT_EQ(0u, vmo_info(slice).flags & ZX_INFO_VMO_IS_COW_CLONE);
	EXPECT_EQ(basic(parent).koid, vmo_info(slice).parent_koid);
}

TEST(duplicate_with_fewer_rights)
{
	const zx_rights_t rights = ZX_RIGHT_READ | ZX_RIGHT_MAP | ZX_RIGHT_DUPLICATE |
				   ZX_RIGHT_GET_PROPERTY | ZX_RIGHT_TRANSFER;
	zx::vmo vmo, ro, again;

	ASSERT_EQ(ZX_OK, zx::vmo::create(page(), 0, &vmo));
	ASSERT_EQ(ZX_OK, fill(vmo, 0, page(), 'R'));
	ASSERT_EQ(ZX_OK, vmo.duplicate(rights, &ro));
	ASSERT_TRUE(ro.is_valid());
	EXPECT_NE(vmo.get(), ro.get());
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS, basic(vmo).rights);
	EXPECT_EQ(rights, basic(ro).rights);
	EXPECT_EQ(basic(vmo).koid, basic(ro).koid);

	uint8_t b = 'x';
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, ro.write(&b, 0, 1));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, ro.set_prop_content_size(1));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, ro.set_property(ZX_PROP_NAME, "n", 1));
	EXPECT_TRUE(reads_as(ro, 0, page(), 'R'));
	zx_vaddr_t addr = 0;
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx::vmar::root_self()->map(ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, ro, 0, page(),
					     &addr));

	// Rights never grow; a failed duplicate leaves *result invalid.
	ASSERT_EQ(ZX_OK, vmo.duplicate(ZX_RIGHT_SAME_RIGHTS, &again));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, ro.duplicate(ZX_RIGHT_READ | ZX_RIGHT_WRITE, &again));
	EXPECT_FALSE(again.is_valid());

	// Without ZX_RIGHT_DUPLICATE there is no duplicate at all.
	zx::vmo nodup;
	ASSERT_EQ(ZX_OK, ro.duplicate(ZX_RIGHT_READ, &nodup));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, nodup.duplicate(ZX_RIGHT_SAME_RIGHTS, &again));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, nodup.duplicate(ZX_RIGHT_READ, &again));
	EXPECT_FALSE(again.is_valid());
}

TEST(replace_consumes_the_handle)
{
	zx::vmo vmo, ro, out;

	ASSERT_EQ(ZX_OK, zx::vmo::create(page(), 0, &vmo));
	const zx_koid_t koid = basic(vmo).koid;
	zx_handle_t old = vmo.get();

	ASSERT_EQ(ZX_OK, vmo.replace(ZX_RIGHT_READ | ZX_RIGHT_GET_PROPERTY, &ro));
	EXPECT_FALSE(vmo.is_valid());
	if (ro.get() != old)
		EXPECT_TRUE(fd_closed(old));
	EXPECT_EQ(ZX_RIGHT_READ | ZX_RIGHT_GET_PROPERTY, basic(ro).rights);
	EXPECT_EQ(koid, basic(ro).koid);

	// In place.
	old = ro.get();
	ASSERT_EQ(ZX_OK, ro.replace(ZX_RIGHT_READ, &ro));
	ASSERT_TRUE(ro.is_valid());
	EXPECT_EQ(ZX_RIGHT_READ, basic(ro).rights);
	if (ro.get() != old)
		EXPECT_TRUE(fd_closed(old));

	// A failed replace consumes the handle all the same.
	old = ro.get();
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, ro.replace(ZX_RIGHT_WRITE, &out));
	EXPECT_FALSE(ro.is_valid());
	EXPECT_FALSE(out.is_valid());
	EXPECT_TRUE(fd_closed(old));
}

TEST(handle_holds_any_object)
{
	zx::vmo vmo;

	ASSERT_EQ(ZX_OK, zx::vmo::create(page(), 0, &vmo));
	ASSERT_EQ(ZX_OK, fill(vmo, 0, 16, 'H'));
	const zx_handle_t raw = vmo.get();

	zx::handle h(std::move(vmo));
	EXPECT_FALSE(vmo.is_valid());
	EXPECT_EQ(raw, h.get());
	EXPECT_EQ(ZX_OBJ_TYPE_VMO, basic(h).type);

	zx::handle d;
	ASSERT_EQ(ZX_OK, h.duplicate(ZX_RIGHT_SAME_RIGHTS, &d));
	zx::vmo back(std::move(d));
	EXPECT_FALSE(d.is_valid());
	EXPECT_TRUE(reads_as(back, 0, 16, 'H'));
	EXPECT_TRUE(reads_as(*zx::unowned_vmo(h.get()), 0, 16, 'H'));

	zx::unowned_handle uh = h.borrow();
	EXPECT_EQ(raw, uh->get());
	h = std::move(back);  // closes raw, takes the duplicate
	EXPECT_TRUE(fd_closed(raw));
	EXPECT_TRUE(h.is_valid());
}

TEST(move_closes_exactly_once)
{
	zx::vmo survivor;
	zx_handle_t raw;

	{
		zx::vmo a;
		ASSERT_EQ(ZX_OK, zx::vmo::create(page(), 0, &a));
		raw = a.get();
		zx::vmo b(std::move(a));
		zx::vmo c;
		c = std::move(b);
		zx::handle h(std::move(c));
		EXPECT_FALSE(a.is_valid());
		EXPECT_FALSE(b.is_valid());
		EXPECT_FALSE(c.is_valid());
		EXPECT_FALSE(fd_closed(raw));
		EXPECT_EQ(raw, h.get());

		h.reset();
		EXPECT_TRUE(fd_closed(raw));

		// A new VMO takes raw's number (dup3 if libzx chose another
		// one: a dup(2) is the same handle).  The moved-from a, b, c and
		// the reset h must not close it when they go out of scope.
		ASSERT_EQ(ZX_OK, zx::vmo::create(page(), 0, &survivor));
		if (survivor.get() != raw) {
			ASSERT_EQ(static_cast<int>(raw),
				  dup3(static_cast<int>(survivor.get()), static_cast<int>(raw),
				       O_CLOEXEC));
			survivor.reset(raw);
		}
		EXPECT_EQ(raw, survivor.get());
	}
	EXPECT_FALSE(fd_closed(survivor.get()));
	EXPECT_EQ(ZX_OK, fill(survivor, 0, 1, 's'));

	// release() hands the handle over: nothing closes it any more.
	const zx_handle_t released = survivor.release();
	EXPECT_FALSE(survivor.is_valid());
	EXPECT_FALSE(fd_closed(released));
	{
		zx::vmo again(released);
		EXPECT_TRUE(reads_as(again, 0, 1, 's'));
	}
	EXPECT_TRUE(fd_closed(released));
}

TEST(unowned_never_closes)
{
	zx::vmo vmo;

	ASSERT_EQ(ZX_OK, zx::vmo::create(page(), 0, &vmo));
	{
		zx::unowned_vmo a(vmo);
		zx::unowned_vmo b = vmo.borrow();
		zx::unowned_vmo c(a);
		zx::unowned_vmo d(std::move(b));
		a = d;
		EXPECT_EQ(vmo.get(), a->get());
		EXPECT_EQ(vmo.get(), c->get());
		EXPECT_EQ(ZX_OK, fill(*d, 0, 4, 'u'));
		EXPECT_EQ(page(), size_of(*c));
	}
	EXPECT_FALSE(fd_closed(vmo.get()));
	EXPECT_TRUE(reads_as(vmo, 0, 4, 'u'));
	EXPECT_EQ(page(), size_of(*zx::unowned_vmo(vmo.get())));
	EXPECT_FALSE(fd_closed(vmo.get()));
}

TEST(handles_in_containers)
{
	std::vector<zx::vmo> vmos;
	std::vector<zx_handle_t> raws;

	for (int i = 0; i < 40; i++) {
		zx::vmo vmo;
		ASSERT_EQ(ZX_OK, zx::vmo::create(page(), 0, &vmo));
		ASSERT_EQ(ZX_OK, fill(vmo, 0, 1, static_cast<uint8_t>(i)));
		raws.push_back(vmo.get());
		vmos.push_back(std::move(vmo));  // reallocations move every element
	}
	for (int i = 0; i < 40; i++) {
		EXPECT_EQ(raws[i], vmos[i].get());
		EXPECT_TRUE(reads_as(vmos[i], 0, 1, static_cast<uint8_t>(i)));
	}
	vmos.erase(vmos.begin(), vmos.begin() + 20);
	for (int i = 0; i < 20; i++)
		EXPECT_TRUE(fd_closed(raws[i]));
	for (int i = 20; i < 40; i++)
		EXPECT_FALSE(fd_closed(raws[i]));
	vmos.clear();
	for (int i = 20; i < 40; i++)
		EXPECT_TRUE(fd_closed(raws[i]));
}

TEST(map_through_root_vmar)
{
	const size_t len = 2 * page();
	zx::vmo vmo;

	ASSERT_EQ(ZX_OK, zx::vmo::create(len, 0, &vmo));
	std::vector<uint8_t> data = pattern(len, 3);
	ASSERT_EQ(ZX_OK, vmo.write(data.data(), 0, len));

	zx_vaddr_t addr = 0;
	ASSERT_EQ(ZX_OK, zx::vmar::root_self()->map(ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, vmo, 0,
						    len, &addr));
	ASSERT_NE(0u, addr);
	uint8_t *p = reinterpret_cast<uint8_t *>(addr);
	EXPECT_EQ(0, memcmp(p, data.data(), len));
	EXPECT_EQ(1u, vmo_info(vmo).num_mappings);

	// Both ways: stores through the mapping, zx_vmo_write through the handle.
	p[page() + 3] = 0x5a;
	uint8_t b = 0;
	EXPECT_EQ(ZX_OK, vmo.read(&b, page() + 3, 1));
	EXPECT_EQ(0x5a, b);
	b = 0xa5;
	EXPECT_EQ(ZX_OK, vmo.write(&b, 7, 1));
	EXPECT_EQ(0xa5, p[7]);

	zx::unowned_vmar root = zx::vmar::root_self();
	EXPECT_EQ(zx_vmar_root_self(), root->get());
	zx_info_vmar_t vi;
	EXPECT_EQ(ZX_OK, root->get_info(ZX_INFO_VMAR, &vi, sizeof(vi), nullptr, nullptr));
	EXPECT_EQ(0u, vi.base);
	EXPECT_EQ(ZX_OK, root->protect(ZX_VM_PERM_READ, addr, len));
	EXPECT_EQ(0xa5, p[7]);
	EXPECT_EQ(ZX_OK, root->unmap(addr, len));
	EXPECT_EQ(0u, vmo_info(vmo).num_mappings);
	EXPECT_TRUE(reads_as(vmo, page() + 3, 1, 0x5a));

	// A mapping holds the VMO, not the handle: it outlives the zx::vmo.
	ASSERT_EQ(ZX_OK, root->map(ZX_VM_PERM_READ, 0, vmo, page(), page(), &addr));
	vmo.reset();
	EXPECT_EQ(0x5a, reinterpret_cast<volatile uint8_t *>(addr)[3]);
	EXPECT_EQ(ZX_OK, root->unmap(addr, page()));
}

TEST(get_info_vmo_fields)
{
	zx::vmo vmo;

	ASSERT_EQ(ZX_OK, zx::vmo::create(4 * page(), ZX_VMO_RESIZABLE, &vmo));
	ASSERT_EQ(ZX_OK, vmo.set_property(ZX_PROP_NAME, "cxx-test", 8));
	ASSERT_EQ(ZX_OK, fill(vmo, page(), 2 * page(), 'I'));

	zx_info_vmo_t info;
	size_t actual = 0, avail = 0;
	memset(&info, 0xa5, sizeof(info));
	ASSERT_EQ(ZX_OK, vmo.get_info(ZX_INFO_VMO, &info, sizeof(info), &actual, &avail));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(1u, avail);
	const zx_info_handle_basic_t hb = basic(vmo);
	EXPECT_EQ(hb.koid, info.koid);
	EXPECT_EQ(0, strcmp("cxx-test", info.name));
	EXPECT_EQ(4 * page(), info.size_bytes);
	EXPECT_EQ(0u, info.parent_koid);
	EXPECT_EQ(0u, info.num_children);
	EXPECT_EQ(0u, info.num_mappings);
	EXPECT_EQ(ZX_INFO_VMO_TYPE_PAGED | ZX_INFO_VMO_VIA_HANDLE | ZX_INFO_VMO_RESIZABLE,
		  info.flags);
	EXPECT_EQ(2 * page(), info.committed_bytes);
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS, info.handle_rights);
	EXPECT_EQ(ZX_CACHE_POLICY_CACHED, info.cache_policy);

	EXPECT_EQ(ZX_OBJ_TYPE_VMO, hb.type);
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS, hb.rights);
	EXPECT_EQ(0u, hb.related_koid);

	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  vmo.get_info(ZX_INFO_VMO, &info, sizeof(info) - 1, &actual, &avail));
	zx::vmo none;
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  none.get_info(ZX_INFO_VMO, &info, sizeof(info), nullptr, nullptr));
}

TEST(properties)
{
	zx::vmo vmo;
	char name[ZX_MAX_NAME_LEN];

	ASSERT_EQ(ZX_OK, zx::vmo::create(3 * page(), ZX_VMO_RESIZABLE, &vmo));
	memset(name, 'x', sizeof(name));
	ASSERT_EQ(ZX_OK, vmo.get_property(ZX_PROP_NAME, name, sizeof(name)));
	EXPECT_EQ(0, strcmp("", name));
	ASSERT_EQ(ZX_OK, vmo.set_property(ZX_PROP_NAME, "hello", 5));
	ASSERT_EQ(ZX_OK, vmo.get_property(ZX_PROP_NAME, name, sizeof(name)));
	EXPECT_EQ(0, strcmp("hello", name));

	uint64_t content = 0;
	ASSERT_EQ(ZX_OK, vmo.get_prop_content_size(&content));
	EXPECT_EQ(3 * page(), content);
	ASSERT_EQ(ZX_OK, fill(vmo, page() + 20, 1, 'X'));
	ASSERT_EQ(ZX_OK, vmo.set_prop_content_size(page() + 10));
	ASSERT_EQ(ZX_OK, vmo.get_prop_content_size(&content));
	EXPECT_EQ(page() + 10, content);
	EXPECT_EQ(3 * page(), size_of(vmo));
	EXPECT_TRUE(reads_as(vmo, page() + 20, 1, 0));  // zeroed beyond the content

	// set_size sets the content size too, and rounds the size up.
	ASSERT_EQ(ZX_OK, vmo.set_size(5461));
	ASSERT_EQ(ZX_OK, vmo.get_prop_content_size(&content));
	EXPECT_EQ(5461u, content);
	EXPECT_EQ((5461 + page() - 1) / page() * page(), size_of(vmo));

	zx::vmo fixed;
	ASSERT_EQ(ZX_OK, zx::vmo::create(page(), 0, &fixed));
	EXPECT_EQ(ZX_ERR_UNAVAILABLE, fixed.set_size(2 * page()));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, fixed.get_property(0xdead, name, sizeof(name)));
}

TEST(op_range_commit_decommit)
{
	zx::vmo vmo;

	ASSERT_EQ(ZX_OK, zx::vmo::create(4 * page(), 0, &vmo));
	EXPECT_EQ(0u, vmo_info(vmo).committed_bytes);
	ASSERT_EQ(ZX_OK, vmo.op_range(ZX_VMO_OP_COMMIT, 0, 4 * page(), nullptr, 0));
	EXPECT_EQ(4 * page(), vmo_info(vmo).committed_bytes);
	ASSERT_EQ(ZX_OK, fill(vmo, page(), 2 * page(), 'D'));
	ASSERT_EQ(ZX_OK, vmo.op_range(ZX_VMO_OP_DECOMMIT, page(), 2 * page(), nullptr, 0));
	EXPECT_EQ(2 * page(), vmo_info(vmo).committed_bytes);
	EXPECT_TRUE(reads_as(vmo, page(), 2 * page(), 0));
}

TEST(wait_one_with_zx_time)
{
	zx::vmo vmo;
	zx_signals_t pending = 0;

	ASSERT_EQ(ZX_OK, zx::vmo::create(page(), 0, &vmo));
	EXPECT_EQ(ZX_OK, vmo.wait_one(ZX_VMO_ZERO_CHILDREN, zx::time::infinite(), &pending));
	EXPECT_EQ(ZX_VMO_ZERO_CHILDREN, pending & ZX_VMO_ZERO_CHILDREN);

	const zx::time start = zx::clock::get_monotonic();
	pending = 0;
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  vmo.wait_one(ZX_USER_SIGNAL_0, zx::deadline_after(zx::msec(30)), &pending));
	const zx::duration waited = zx::clock::get_monotonic() - start;
	EXPECT_LE(zx::msec(30).get(), waited.get());
	EXPECT_EQ(ZX_VMO_ZERO_CHILDREN, pending & ZX_VMO_ZERO_CHILDREN);

	const zx::time before = zx::clock::get_monotonic();
	EXPECT_EQ(ZX_OK, zx::nanosleep(zx::deadline_after(zx::msec(5))));
	EXPECT_LE(zx::msec(5).get(), (zx::clock::get_monotonic() - before).get());
}

TEST(signal_and_wait_one)
{
	zx::vmo vmo, dup;
	zx_signals_t pending = 0;

	ASSERT_EQ(ZX_OK, zx::vmo::create(page(), 0, &vmo));
	ASSERT_EQ(ZX_OK, vmo.duplicate(ZX_RIGHT_SAME_RIGHTS, &dup));
	EXPECT_EQ(ZX_OK, dup.signal(0, ZX_USER_SIGNAL_3));
	EXPECT_EQ(ZX_OK, vmo.wait_one(ZX_USER_SIGNAL_3, zx::time::infinite_past(), &pending));
	EXPECT_EQ(ZX_VMO_ZERO_CHILDREN | ZX_USER_SIGNAL_3, pending);
	EXPECT_EQ(ZX_OK, vmo.signal(ZX_USER_SIGNAL_3, ZX_USER_SIGNAL_4));
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  dup.wait_one(ZX_USER_SIGNAL_3, zx::time::infinite_past(), &pending));
	EXPECT_EQ(ZX_VMO_ZERO_CHILDREN | ZX_USER_SIGNAL_4, pending);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, vmo.signal(0, ZX_VMO_ZERO_CHILDREN));
}

TEST(vmex_resource_replace_as_executable)
{
	zx::resource vmex;
	zx_status_t status = zxvmo_get_vmex_resource(vmex.reset_and_get_address());

	if (status == ZX_ERR_ACCESS_DENIED)
		SKIP(return, "zxvmo_get_vmex_resource needs CAP_SYS_ADMIN");
	ASSERT_EQ(ZX_OK, status);
	EXPECT_EQ(ZX_OBJ_TYPE_RESOURCE, basic(vmex).type);
	zx::resource vmex2;
	ASSERT_EQ(ZX_OK, vmex.duplicate(ZX_RIGHT_SAME_RIGHTS, &vmex2));
	EXPECT_EQ(basic(vmex).koid, basic(vmex2).koid);

	zx::vmo vmo, exec;
	ASSERT_EQ(ZX_OK, zx::vmo::create(page(), 0, &vmo));
	ASSERT_EQ(ZX_OK, fill(vmo, 0, page(), 0xc3));
	EXPECT_EQ(0u, basic(vmo).rights & ZX_RIGHT_EXECUTE);
	const zx_handle_t old = vmo.get();
	const zx_koid_t koid = basic(vmo).koid;
	ASSERT_EQ(ZX_OK, vmo.replace_as_executable(vmex, &exec));
	EXPECT_FALSE(vmo.is_valid());
	if (exec.get() != old)
		EXPECT_TRUE(fd_closed(old));
	EXPECT_EQ(ZX_RIGHT_EXECUTE, basic(exec).rights & ZX_RIGHT_EXECUTE);
	EXPECT_EQ(koid, basic(exec).koid);
	EXPECT_TRUE(reads_as(exec, 0, page(), 0xc3));

	zx_vaddr_t addr = 0;
	ASSERT_EQ(ZX_OK, zx::vmar::root_self()->map(ZX_VM_PERM_READ | ZX_VM_PERM_EXECUTE, 0, exec,
						    0, page(), &addr));
	EXPECT_EQ(0xc3, reinterpret_cast<volatile uint8_t *>(addr)[1]);
	EXPECT_EQ(ZX_OK, zx::vmar::root_self()->unmap(addr, page()));

	// In place: the result may be the object itself.
	zx::vmo again;
	ASSERT_EQ(ZX_OK, zx::vmo::create(page(), 0, &again));
	ASSERT_EQ(ZX_OK, again.replace_as_executable(vmex2, &again));
	ASSERT_TRUE(again.is_valid());
	EXPECT_EQ(ZX_RIGHT_EXECUTE, basic(again).rights & ZX_RIGHT_EXECUTE);
}

TEST(bti_create_contiguous)
{
	zx::bti bti;
	zx_status_t status = zxvmo_get_bti(bti.reset_and_get_address());

	if (status == ZX_ERR_ACCESS_DENIED)
		SKIP(return, "zxvmo_get_bti needs CAP_SYS_ADMIN");
	ASSERT_EQ(ZX_OK, status);
	EXPECT_EQ(ZX_OBJ_TYPE_BTI, basic(bti).type);

	zx::vmo contig;
	ASSERT_EQ(ZX_OK, zx::vmo::create_contiguous(bti, 4 * page(), 0, &contig));
	EXPECT_EQ(4 * page(), size_of(contig));
	const zx_info_vmo_t info = vmo_info(contig);
	EXPECT_EQ(4 * page(), info.committed_bytes);
	EXPECT_EQ(ZX_INFO_VMO_CONTIGUOUS, info.flags & ZX_INFO_VMO_CONTIGUOUS);
	std::vector<uint8_t> data = pattern(4 * page(), 9);
	ASSERT_EQ(ZX_OK, contig.write(data.data(), 0, data.size()));
	EXPECT_TRUE(read_all(contig, 0, data.size()) == data);

	// Borrowed, moved into a generic handle and back.
	zx::vmo other;
	EXPECT_EQ(ZX_OK, zx::vmo::create_contiguous(*zx::unowned_bti(bti), page(), 0, &other));
	zx::handle h(std::move(bti));
	zx::bti back(std::move(h));
	EXPECT_EQ(ZX_OBJ_TYPE_BTI, basic(back).type);

	// A failed create resets *result.
	zx::bti none;
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx::vmo::create_contiguous(none, page(), 0, &other));
	EXPECT_FALSE(other.is_valid());
}

// The driver pattern: pin a buffer for a device, unpin when done; a PMT
// dropped without unpin is quarantined until release_quarantine().
TEST(bti_pin_unpin)
{
	zx::bti bti;
	zx_status_t status = zxvmo_get_bti(bti.reset_and_get_address());

	if (status == ZX_ERR_ACCESS_DENIED)
		SKIP(return, "zxvmo_get_bti needs CAP_SYS_ADMIN");
	ASSERT_EQ(ZX_OK, status);
	zx::vmo vmo;
	ASSERT_EQ(ZX_OK, zx::vmo::create(4 * page(), 0, &vmo));

	zx::pmt pmt;
	zx_paddr_t addrs[4] = {};
	ASSERT_EQ(ZX_OK, bti.pin(ZX_BTI_PERM_READ | ZX_BTI_PERM_WRITE, vmo, 0, 4 * page(), addrs,
				 4, &pmt));
	ASSERT_TRUE(pmt.is_valid());
	EXPECT_EQ(ZX_OBJ_TYPE_PMT, basic(pmt).type);
	EXPECT_EQ(4 * page(), vmo_info(vmo).committed_bytes);
	for (zx_paddr_t a : addrs) {
		EXPECT_NE(0u, a);
	}
	EXPECT_EQ(ZX_ERR_BAD_STATE, vmo.op_range(ZX_VMO_OP_DECOMMIT, 0, page(), nullptr, 0));
	zx_info_bti_t info = {};
	ASSERT_EQ(ZX_OK, bti.get_info(ZX_INFO_BTI, &info, sizeof(info), nullptr, nullptr));
	EXPECT_EQ(page(), info.minimum_contiguity);
	EXPECT_EQ(1u, info.pmo_count);
	EXPECT_EQ(ZX_OK, pmt.unpin());
	EXPECT_FALSE(pmt.is_valid());
	EXPECT_EQ(ZX_OK, vmo.op_range(ZX_VMO_OP_DECOMMIT, 0, page(), nullptr, 0));

	// A failed pin resets *pmt.
	zx::pmt bad;
	ASSERT_EQ(ZX_OK, bti.pin(ZX_BTI_PERM_READ, vmo, 0, page(), addrs, 1, &bad));
	zx::pmt keep(bad.release());
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  bti.pin(ZX_BTI_PERM_READ, vmo, 0, page(), addrs, 2, &bad));
	EXPECT_FALSE(bad.is_valid());

	// Dropped without unpin: quarantined, then released.
	keep.reset();
	ASSERT_EQ(ZX_OK, bti.get_info(ZX_INFO_BTI, &info, sizeof(info), nullptr, nullptr));
	EXPECT_EQ(1u, info.quarantine_count);
	EXPECT_EQ(ZX_ERR_BAD_STATE, bti.pin(ZX_BTI_PERM_READ, vmo, 0, page(), addrs, 1, &bad));
	EXPECT_EQ(ZX_OK, bti.release_quarantine());
	ASSERT_EQ(ZX_OK, bti.get_info(ZX_INFO_BTI, &info, sizeof(info), nullptr, nullptr));
	EXPECT_EQ(0u, info.quarantine_count);
	EXPECT_EQ(0u, info.pmo_count);

	// Through an unowned BTI and a borrowed VMO.
	ASSERT_EQ(ZX_OK, zx::unowned_bti(bti)->pin(ZX_BTI_PERM_READ, *zx::unowned_vmo(vmo), page(),
						   page(), addrs, 1, &pmt));
	EXPECT_EQ(ZX_OK, pmt.unpin());
}

TEST_HARNESS_MAIN
