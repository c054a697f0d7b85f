/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libzx: the small subset of Fuchsia's <zircon/compiler.h> that the other
 * <zircon/...> headers (and typical programs using them) rely on.
 */
#ifndef ZIRCON_COMPILER_H_
#define ZIRCON_COMPILER_H_

#ifdef __cplusplus
#ifndef __BEGIN_CDECLS
#define __BEGIN_CDECLS extern "C" {
#endif
#ifndef __END_CDECLS
#define __END_CDECLS }
#endif
#else
#ifndef __BEGIN_CDECLS
#define __BEGIN_CDECLS
#endif
#ifndef __END_CDECLS
#define __END_CDECLS
#endif
#endif

#ifndef __UNUSED
#define __UNUSED __attribute__((__unused__))
#endif
#ifndef __USED
#define __USED __attribute__((__used__))
#endif
#ifndef __PACKED
#define __PACKED __attribute__((__packed__))
#endif
#ifndef __ALIGNED
#define __ALIGNED(x) __attribute__((__aligned__(x)))
#endif
#ifndef __NO_RETURN
#define __NO_RETURN __attribute__((__noreturn__))
#endif
#ifndef __WARN_UNUSED_RESULT
#define __WARN_UNUSED_RESULT __attribute__((__warn_unused_result__))
#endif
#ifndef __EXPORT
#define __EXPORT __attribute__((__visibility__("default")))
#endif
#ifndef __LOCAL
#define __LOCAL __attribute__((__visibility__("hidden")))
#endif
#ifndef __NONNULL
#define __NONNULL(x) __attribute__((__nonnull__ x))
#endif
#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif
#ifndef __ISCONSTANT
#define __ISCONSTANT(x) __builtin_constant_p(x)
#endif

#ifdef __cplusplus
#define __CONSTEXPR constexpr
#else
#define __CONSTEXPR
#endif

#endif /* ZIRCON_COMPILER_H_ */
