// SPDX-License-Identifier: BSD-2-Clause
//
// Host test of the C++ headers <lib/zx/*.h>, no kernel module needed.
//
// `make test` compiles it with -std=c++17 and -std=c++20 (-Wall -Wextra
// -Werror -pedantic -Wshadow), which checks that every header is
// self-contained and warning-free, and runs the C++17 build:
//   - the compile-time contract: move-only wrappers, the typed
//     conversions that must and must not exist, constexpr time arithmetic;
//   - ownership on real descriptors (zx_handle_close closes any open
//     descriptor): a wrapper closes its handle exactly once, on
//     destruction, reset() and move assignment, never after release(),
//     never through zx::unowned;
//   - duplicate/replace reset their result on failure (a pipe is not a
//     zxvmo object: ZX_ERR_WRONG_TYPE), and replace consumes its handle.
// The VMO behaviour itself is covered by selftests/cxx_test.cc in a guest.
//
// Prints "N passed, N failed" last; exits 1 on any failure.

// Every header (`make test` also compiles each one alone).
#include <lib/zx/bti.h>
#include <lib/zx/clock.h>
#include <lib/zx/handle.h>
#include <lib/zx/object.h>
#include <lib/zx/object_traits.h>
#include <lib/zx/pmt.h>
#include <lib/zx/resource.h>
#include <lib/zx/time.h>
#include <lib/zx/vmar.h>
#include <lib/zx/vmo.h>

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <set>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

// ---- compile-time contract -------------------------------------------------

template <typename T>
constexpr bool kMoveOnly = !std::is_copy_constructible<T>::value &&
                           !std::is_copy_assignable<T>::value &&
                           std::is_nothrow_move_constructible<T>::value &&
                           std::is_nothrow_move_assignable<T>::value;

static_assert(kMoveOnly<zx::handle>, "zx::handle is move-only");
static_assert(kMoveOnly<zx::vmo>, "zx::vmo is move-only");
static_assert(kMoveOnly<zx::vmar>, "zx::vmar is move-only");
static_assert(kMoveOnly<zx::resource>, "zx::resource is move-only");
static_assert(kMoveOnly<zx::bti>, "zx::bti is move-only");
static_assert(kMoveOnly<zx::pmt>, "zx::pmt is move-only");
static_assert(kMoveOnly<zx::clock>, "zx::clock is move-only");

// One handle, no vtable: a wrapper is exactly a zx_handle_t.
static_assert(sizeof(zx::vmo) == sizeof(zx_handle_t), "zx::vmo is a bare handle");
static_assert(sizeof(zx::unowned_vmo) == sizeof(zx_handle_t), "zx::unowned_vmo too");
static_assert(!std::is_polymorphic<zx::vmo>::value, "no virtual functions");

// Typed objects become a zx::handle implicitly; the reverse is explicit;
// unrelated types do not convert; raw handles never convert implicitly.
static_assert(std::is_convertible<zx::vmo&&, zx::handle>::value, "vmo -> handle");
static_assert(!std::is_convertible<zx::handle&&, zx::vmo>::value, "handle -> vmo is explicit");
static_assert(std::is_constructible<zx::vmo, zx::handle&&>::value, "vmo(handle&&)");
static_assert(!std::is_convertible<zx::vmar&&, zx::vmo>::value, "no implicit vmar -> vmo");
static_assert(!std::is_convertible<zx_handle_t, zx::vmo>::value, "vmo(zx_handle_t) is explicit");
static_assert(!std::is_convertible<zx::vmo, bool>::value, "operator bool is explicit");
static_assert(std::is_constructible<bool, zx::vmo>::value, "if (vmo) works");

static_assert(zx::vmo::TYPE == ZX_OBJ_TYPE_VMO, "TYPE");
static_assert(zx::vmar::TYPE == ZX_OBJ_TYPE_VMAR, "TYPE");
static_assert(zx::resource::TYPE == ZX_OBJ_TYPE_RESOURCE, "TYPE");
static_assert(zx::bti::TYPE == ZX_OBJ_TYPE_BTI, "TYPE");
static_assert(zx::pmt::TYPE == ZX_OBJ_TYPE_PMT, "TYPE");
static_assert(!zx::object_traits<zx::pmt>::supports_duplication, "PMTs do not duplicate");
static_assert(!zx::object_traits<zx::vmar>::supports_wait, "VMARs have no signals");

// Fuchsia's signatures, checked through member function pointer types.
static_assert(std::is_same<decltype(&zx::vmo::create),
                           zx_status_t (*)(uint64_t, uint32_t, zx::vmo*)>::value, "create");
static_assert(std::is_same<decltype(&zx::vmo::create_contiguous),
                           zx_status_t (*)(const zx::bti&, size_t, uint32_t, zx::vmo*)>::value,
              "create_contiguous");
static_assert(std::is_same<decltype(&zx::vmo::create_physical),
                           zx_status_t (*)(const zx::resource&, zx_paddr_t, size_t,
                                           zx::vmo*)>::value,
              "create_physical");
static_assert(std::is_same<decltype(&zx::bti::pin),
                           zx_status_t (zx::bti::*)(uint32_t, const zx::vmo&, uint64_t,
                                                    uint64_t, zx_paddr_t*, size_t, zx::pmt*)
                               const>::value,
              "bti::pin");
static_assert(std::is_same<decltype(&zx::bti::release_quarantine),
                           zx_status_t (zx::bti::*)() const>::value,
              "bti::release_quarantine");
static_assert(std::is_same<decltype(&zx::pmt::unpin), zx_status_t (zx::pmt::*)()>::value,
              "pmt::unpin");
static_assert(std::is_same<decltype(&zx::vmo::read),
                           zx_status_t (zx::vmo::*)(void*, uint64_t, size_t) const>::value,
              "read");
static_assert(std::is_same<decltype(&zx::vmo::write),
                           zx_status_t (zx::vmo::*)(const void*, uint64_t, size_t) const>::value,
              "write");
static_assert(std::is_same<decltype(&zx::vmo::create_child),
                           zx_status_t (zx::vmo::*)(uint32_t, uint64_t, uint64_t, zx::vmo*)
                               const>::value,
              "create_child");
static_assert(std::is_same<decltype(&zx::vmo::op_range),
                           zx_status_t (zx::vmo::*)(uint32_t, uint64_t, uint64_t, void*, size_t)
                               const>::value,
              "op_range");
static_assert(std::is_same<decltype(&zx::vmo::replace_as_executable),
                           zx_status_t (zx::vmo::*)(const zx::resource&, zx::vmo*)>::value,
              "replace_as_executable");
static_assert(std::is_same<decltype(&zx::vmar::map),
                           zx_status_t (zx::vmar::*)(zx_vm_option_t, size_t, const zx::vmo&,
                                                     uint64_t, size_t, zx_vaddr_t*) const>::value,
              "map");
static_assert(std::is_same<decltype(&zx::vmar::root_self), zx::unowned_vmar (*)()>::value,
              "root_self");
static_assert(std::is_same<decltype(&zx::object<zx::vmo>::duplicate),
                           zx_status_t (zx::object<zx::vmo>::*)(zx_rights_t, zx::object<zx::vmo>*)
                               const>::value,
              "duplicate");
static_assert(std::is_same<decltype(&zx::object<zx::vmo>::wait_one),
                           zx_status_t (zx::object<zx::vmo>::*)(zx_signals_t, zx::time,
                                                                zx_signals_t*) const>::value,
              "wait_one");
static_assert(std::is_same<decltype(&zx::object<zx::vmo>::signal),
                           zx_status_t (zx::object<zx::vmo>::*)(uint32_t, uint32_t) const>::value,
              "signal");
static_assert(std::is_same<decltype(std::declval<const zx::vmo&>().borrow()),
                           zx::unowned_vmo>::value,
              "borrow");
static_assert(std::is_same<decltype(std::declval<const zx::handle&>().borrow()),
                           zx::unowned_handle>::value,
              "borrow of a handle");

// Time: constexpr and saturating.
static_assert(zx::msec(1500).to_secs() == 1, "to_secs");
static_assert((zx::sec(1) + zx::msec(1)).get() == 1001000000, "duration +");
static_assert(zx::sec(2) / zx::msec(1) == 2000, "duration / duration");
static_assert(3 * zx::usec(2) == zx::usec(6), "int * duration");
static_assert(-zx::nsec(5) == zx::nsec(-5), "unary -");
static_assert(zx::duration::infinite() + zx::nsec(1) == zx::duration::infinite(), "saturates");
static_assert(zx::duration::infinite_past() - zx::nsec(1) == zx::duration::infinite_past(),
              "saturates down");
static_assert(zx::duration::infinite() * 2 == zx::duration::infinite(), "* saturates");
static_assert(zx::duration::infinite() * -2 == zx::duration::infinite_past(), "* sign");
static_assert(zx::time::infinite() + zx::sec(1) == zx::time::infinite(), "time saturates");
static_assert(zx::time(10) - zx::time(4) == zx::nsec(6), "time - time");
static_assert(zx::nsec(3) + zx::time(4) == zx::time(7), "duration + time");
static_assert(zx::time(0) - zx::time::infinite() == zx::duration(-ZX_TIME_INFINITE),
              "time difference");
static_assert(zx::ticks(5) + zx::ticks::infinite() == zx::ticks::infinite(), "ticks saturate");
static_assert(zx::ticks(3) * 4u == zx::ticks(12), "ticks *");
static_assert(zx::ticks::infinite() * 2u == zx::ticks::infinite(), "ticks * saturates");
static_assert(zx::ticks(-2) * UINT64_MAX == zx::ticks::infinite_past(), "ticks * sign");
static_assert(zx::ticks::infinite_past() - zx::ticks(1) == zx::ticks::infinite_past(),
              "ticks - saturates");
static_assert(zx::ticks(12) / zx::ticks(5) == 2u && zx::ticks(12) % zx::ticks(5) == 2u,
              "ticks / and %");
static_assert(zx::duration(std::timespec{2, 5}).get() == 2000000005, "from timespec");
static_assert(zx::nsec(3000000007).to_timespec().tv_sec == 3, "to timespec");
static_assert(zx::nsec(3000000007).to_timespec().tv_nsec == 7, "to timespec");

// ---- run-time checks -------------------------------------------------------

#include "check.h"

CHECK_COUNTERS;

bool fd_open(zx_handle_t h) { return fcntl(static_cast<int>(h), F_GETFD) != -1; }

// A real descriptor to own; zx_handle_close() closes any open descriptor.
zx_handle_t new_fd() {
  int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (fd == 0) {  // libzx never hands out 0 as a handle
    fd = fcntl(0, F_DUPFD_CLOEXEC, 1);
  }
  return static_cast<zx_handle_t>(fd);
}

void test_ownership() {
  zx_handle_t a = new_fd();
  {
    zx::handle h(a);
    CHECK(h.is_valid());
    CHECK(static_cast<bool>(h));
    CHECK(h.get() == a);
    CHECK(h == a);
  }
  CHECK(!fd_open(a));  // closed by the destructor

  // Moves transfer the handle; the source is left invalid.
  zx_handle_t b = new_fd();
  zx::vmo v1(b);
  zx::vmo v2(std::move(v1));
  CHECK(!v1.is_valid());  // NOLINT(bugprone-use-after-move): the point of the check
  CHECK(v2.get() == b);
  zx::vmo v3;
  v3 = std::move(v2);
  CHECK(!v2.is_valid());
  CHECK(v3.get() == b);
  CHECK(fd_open(b));

  // Move assignment closes the handle it replaces.
  zx_handle_t c = new_fd();
  zx::vmo v4(c);
  v4 = std::move(v3);
  CHECK(!fd_open(c));
  CHECK(v4.get() == b);

  // A typed object moves into a zx::handle and back.
  zx::handle h(std::move(v4));
  CHECK(!v4.is_valid());
  CHECK(h.get() == b);
  zx::vmo v5(std::move(h));
  CHECK(!h.is_valid());
  CHECK(v5.get() == b);

  // release() gives the handle up: nothing closes it.
  zx_handle_t raw = v5.release();
  CHECK(raw == b);
  CHECK(!v5.is_valid());
  CHECK(fd_open(b));

  // reset() closes the old handle and owns the new one.
  v5.reset(raw);
  zx_handle_t d = new_fd();
  v5.reset(d);
  CHECK(!fd_open(b));
  CHECK(v5.get() == d);
  v5.reset();
  CHECK(!fd_open(d));
  CHECK(!v5);

  // reset_and_get_address() closes first.
  zx_handle_t e = new_fd();
  zx::vmo v6(e);
  zx_handle_t* slot = v6.reset_and_get_address();
  CHECK(!fd_open(e));
  CHECK(*slot == ZX_HANDLE_INVALID);

  // swap
  zx_handle_t f = new_fd(), g = new_fd();
  zx::vmo s1(f), s2(g);
  s1.swap(s2);
  CHECK(s1.get() == g && s2.get() == f);
  CHECK(s1 != s2);
  CHECK(!(s1 == s2));
  CHECK((s1 < s2) == (g < f));
  CHECK((s1 > s2) == (g > f));
  CHECK(s1 <= s1 && s1 >= s1);
  CHECK(g == s1 && s1 == g && f != s1);

  // A container of handles moves them without closing any.
  std::vector<zx::vmo> vec;
  for (int i = 0; i < 20; i++) {
    vec.emplace_back(new_fd());
  }
  std::vector<zx_handle_t> raws;
  for (const auto& v : vec) {
    raws.push_back(v.get());
  }
  bool all_open = true;
  for (zx_handle_t r : raws) {
    all_open = all_open && fd_open(r);
  }
  CHECK(all_open);
  vec.clear();
  bool none_open = true;
  for (zx_handle_t r : raws) {
    none_open = none_open && !fd_open(r);
  }
  CHECK(none_open);
}

void test_unowned() {
  zx_handle_t a = new_fd();
  zx::vmo owner(a);
  {
    zx::unowned_vmo u(owner);
    CHECK(u->get() == a);
    CHECK((*u).get() == a);
    CHECK(u == a);
    zx::unowned_vmo u2(u);  // copy: still not owning
    zx::unowned_vmo u3(std::move(u2));
    zx::unowned_vmo u4;
    u4 = u3;
    zx::unowned_vmo& same = u4;
    u4 = same;  // self-assignment keeps the handle
    CHECK(u4->get() == a);
    u4 = std::move(u3);
    CHECK(u4->get() == a);
    zx::unowned_vmo u5 = owner.borrow();
    CHECK(u5 == u4);
    zx::unowned_handle uh(a);
    CHECK(uh->get() == a);
    std::set<zx::unowned_vmo> set;
    set.emplace(owner);
    set.emplace(a);
    CHECK(set.size() == 1);
  }
  CHECK(fd_open(a));  // none of the unowned views closed it
  zx::unowned_vmar root = zx::vmar::root_self();
  CHECK(root->get() == zx_vmar_root_self());
  CHECK(zx::vmar::root_self() == root);
}

void test_results_reset_on_failure() {
  int p[2];
  CHECK(pipe2(p, O_CLOEXEC) == 0);
  zx_handle_t pipe_r = static_cast<zx_handle_t>(p[0]);
  zx::vmo not_a_vmo(pipe_r);  // libzx refuses to send ioctls to it

  // duplicate: result reset to invalid (its old handle closed).
  zx_handle_t old = new_fd();
  zx::vmo result(old);
  CHECK(not_a_vmo.duplicate(ZX_RIGHT_SAME_RIGHTS, &result) == ZX_ERR_WRONG_TYPE);
  CHECK(!result.is_valid());
  CHECK(!fd_open(old));
  CHECK(fd_open(pipe_r));

  // An invalid handle: ZX_ERR_BAD_HANDLE, through the typed API.
  zx::vmo none;
  uint64_t size = 0;
  CHECK(none.get_size(&size) == ZX_ERR_BAD_HANDLE);
  CHECK(none.duplicate(ZX_RIGHT_SAME_RIGHTS, &result) == ZX_ERR_BAD_HANDLE);

  // replace: the source is consumed (closed) even though it failed.
  CHECK(not_a_vmo.replace(ZX_RIGHT_SAME_RIGHTS, &result) == ZX_ERR_WRONG_TYPE);
  CHECK(!not_a_vmo.is_valid());
  CHECK(!result.is_valid());
  CHECK(!fd_open(pipe_r));
  close(p[1]);

  // get_info through object_base: ZX_INFO_HANDLE_VALID of an open fd.
  zx::handle h(new_fd());
  CHECK(h.get_info(ZX_INFO_HANDLE_VALID, nullptr, 0, nullptr, nullptr) == ZX_OK);
}

void test_time() {
  zx::time t1 = zx::clock::get_monotonic();
  zx::time deadline = zx::deadline_after(zx::msec(2));
  CHECK(deadline > t1);
  CHECK(zx::nanosleep(deadline) == ZX_OK);
  zx::time t2 = zx::clock::get_monotonic();
  CHECK(t2 >= deadline);
  CHECK((t2 - t1) >= zx::msec(2));
  zx::duration d = zx::sec(1);
  d += zx::msec(500);
  d *= 2;
  CHECK(d == zx::sec(3));
  d /= 3;
  CHECK(d.to_msecs() == 1000);
  CHECK(zx::ticks::per_second().get() > 0);
  zx::ticks k1 = zx::ticks::now();
  CHECK(zx::ticks::now() >= k1);
  zx::time t;
  *t.get_address() = 42;
  CHECK(t.get() == 42);
}

}  // namespace

int main() {
  test_ownership();
  test_unowned();
  test_results_reset_on_failure();
  test_time();
  return CHECK_SUMMARY();
}
