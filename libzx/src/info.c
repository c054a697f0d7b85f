// SPDX-License-Identifier: BSD-2-Clause
/*
 * zx_object_get_info(): one ZXVMO_IOC_GET_INFO, laid out in Zircon's
 * records.  Every ZX_INFO_VMO version is a prefix of the current
 * zx_info_vmo_t, so the versions are served by copying a prefix.
 */
#include <string.h>
#include <unistd.h>

#include <zircon/syscalls/resource.h>

#include "zxl.h"

_Static_assert(ZXVMO_NAME_LEN == ZX_MAX_NAME_LEN, "name length");
_Static_assert(ZXVMO_OBJ_TYPE_VMO == ZX_OBJ_TYPE_VMO, "object type");
_Static_assert(ZXVMO_OBJ_TYPE_RESOURCE == ZX_OBJ_TYPE_RESOURCE, "object type");
_Static_assert(ZXVMO_OBJ_TYPE_BTI == ZX_OBJ_TYPE_BTI, "object type");
_Static_assert(ZXVMO_OBJ_TYPE_PMT == ZX_OBJ_TYPE_PMT, "object type");
_Static_assert(sizeof(struct zxvmo_bti_info) == sizeof(zx_info_bti_t), "zx_info_bti_t");
_Static_assert(ZXVMO_RSRC_KIND_MMIO == ZX_RSRC_KIND_MMIO, "resource kind");
_Static_assert(ZXVMO_RSRC_KIND_SYSTEM == ZX_RSRC_KIND_SYSTEM, "resource kind");
_Static_assert(ZXVMO_RSRC_SYSTEM_VMEX_BASE == ZX_RSRC_SYSTEM_VMEX_BASE, "vmex base");
_Static_assert(ZXVMO_INFO_RESIZABLE == ZX_INFO_VMO_RESIZABLE, "info flags");
_Static_assert(ZXVMO_INFO_VIA_HANDLE == ZX_INFO_VMO_VIA_HANDLE, "info flags");
_Static_assert(ZXVMO_INFO_IMMUTABLE == ZX_INFO_VMO_IMMUTABLE, "info flags");

/*
 * Zircon's single_record_result(): a fixed one-record topic.  @actual and
 * @avail are written even when the buffer is too small.  Each copy that
 * fails ends the call with ZX_ERR_INVALID_ARGS, in this order.
 */
static zx_status_t zxl_single_record(void *buffer, size_t buffer_size, size_t *actual,
				     size_t *avail, const void *record, size_t record_size)
{
	const size_t one = 1;
	size_t n = 0;
	zx_status_t st;

	if (buffer_size >= record_size) {
		st = zxl_copy_out(buffer, record, record_size);
		if (st != ZX_OK)
			return st;
		n = 1;
	}
	if (actual) {
		st = zxl_copy_out(actual, &n, sizeof(n));
		if (st != ZX_OK)
			return st;
	}
	if (avail) {
		st = zxl_copy_out(avail, &one, sizeof(one));
		if (st != ZX_OK)
			return st;
	}
	return n ? ZX_OK : ZX_ERR_BUFFER_TOO_SMALL;
}

/* Synthetic koid of the root VMAR: top bit set (not a kernel koid). */
static zx_koid_t zxl_root_vmar_koid(void)
{
	return ((zx_koid_t)1 << 63) | (zx_koid_t)(uint32_t)getpid();
}

static zx_status_t zxl_root_vmar_info(uint32_t topic, void *buffer, size_t buffer_size,
				      size_t *actual, size_t *avail)
{
	switch (topic) {
	case ZX_INFO_HANDLE_VALID:
		return ZX_OK;
	case ZX_INFO_HANDLE_BASIC: {
		zx_info_handle_basic_t info;

		memset(&info, 0, sizeof(info));
		info.koid = zxl_root_vmar_koid();
		info.rights = ZXL_ROOT_VMAR_RIGHTS;
		info.type = ZX_OBJ_TYPE_VMAR;
		return zxl_single_record(buffer, buffer_size, actual, avail, &info, sizeof(info));
	}
	case ZX_INFO_VMAR: {
		zx_info_vmar_t info = { .base = 0, .len = zxl_root_vmar_len() };

		return zxl_single_record(buffer, buffer_size, actual, avail, &info, sizeof(info));
	}
	default:
		return ZX_ERR_WRONG_TYPE;
	}
}

static void zxl_fill_vmo_info(const struct zxvmo_info *k, zx_info_vmo_t *v)
{
	memset(v, 0, sizeof(*v));
	v->koid = k->koid;
	memcpy(v->name, k->name, sizeof(v->name));
	v->name[sizeof(v->name) - 1] = '\0';
	v->size_bytes = k->size_bytes;
	v->parent_koid = k->parent_koid;
	v->num_children = (size_t)k->num_children;
	v->num_mappings = (size_t)k->num_mappings;
	v->share_count = (size_t)k->share_count;
	v->flags = k->flags | ZX_INFO_VMO_VIA_HANDLE; /* always asked via a handle */
	v->committed_bytes = k->committed_bytes;
	v->handle_rights = k->rights;
	v->cache_policy = k->cache_policy;
	v->metadata_bytes = k->metadata_bytes;
	v->committed_change_events = k->committed_change_events;
	v->populated_bytes = k->populated_bytes;
	v->committed_private_bytes = k->committed_private_bytes;
	v->populated_private_bytes = k->populated_private_bytes;
	v->committed_scaled_bytes = k->committed_scaled_bytes;
	v->populated_scaled_bytes = k->populated_scaled_bytes;
	v->committed_fractional_scaled_bytes = k->committed_fractional_scaled_bytes;
	v->populated_fractional_scaled_bytes = k->populated_fractional_scaled_bytes;
}

static size_t zxl_vmo_info_size(uint32_t topic)
{
	switch (topic) {
	case ZX_INFO_VMO_V1:
		return sizeof(zx_info_vmo_v1_t);
	case ZX_INFO_VMO_V2:
		return sizeof(zx_info_vmo_v2_t);
	case ZX_INFO_VMO_V3:
		return sizeof(zx_info_vmo_v3_t);
	default:
		return sizeof(zx_info_vmo_t);
	}
}

zx_status_t zx_object_get_info(zx_handle_t handle, uint32_t topic, void *buffer,
			       size_t buffer_size, size_t *actual, size_t *avail)
{
	struct zxvmo_info k;
	zx_status_t st;
	int fd = -1, ours = 0;

	/* As in Zircon, an unknown topic fails before the handle is looked at. */
	switch (topic) {
	case ZX_INFO_HANDLE_VALID:
	case ZX_INFO_HANDLE_BASIC:
	case ZX_INFO_VMAR:
	case ZX_INFO_VMO_V1:
	case ZX_INFO_VMO_V2:
	case ZX_INFO_VMO_V3:
	case ZX_INFO_VMO:
	case ZX_INFO_RESOURCE:
	case ZX_INFO_BTI:
		break;
	default:
		return ZX_ERR_NOT_SUPPORTED;
	}

	if (handle == ZXL_ROOT_VMAR_HANDLE)
		return zxl_root_vmar_info(topic, buffer, buffer_size, actual, avail);

	st = zxl_any_fd(handle, &fd, &ours);
	if (st != ZX_OK)
		return st;
	if (topic == ZX_INFO_HANDLE_VALID)
		return ZX_OK; /* any open descriptor is a valid handle */
	if (!ours)
		return ZX_ERR_WRONG_TYPE;

	memset(&k, 0, sizeof(k));
	if (topic == ZX_INFO_BTI) {
		/* The kernel checks ZX_RIGHT_INSPECT, then the type. */
		struct zxvmo_bti_info b;
		zx_info_bti_t info;
		int r;

		memset(&b, 0, sizeof(b));
		r = zxl_ioctl(fd, ZXVMO_IOC_GET_BTI_INFO, &b);
		if (r < 0)
			return zxl_status_from_errno(-r);
		info.minimum_contiguity = b.minimum_contiguity;
		info.aspace_size = b.aspace_size;
		info.pmo_count = b.pmo_count;
		info.quarantine_count = b.quarantine_count;
		return zxl_single_record(buffer, buffer_size, actual, avail, &info, sizeof(info));
	}
	if (topic == ZX_INFO_RESOURCE) {
		/* The kernel checks ZX_RIGHT_INSPECT, then the type. */
		int r = zxl_ioctl(fd, ZXVMO_IOC_GET_RESOURCE_INFO, &k);

		if (r < 0)
			return zxl_status_from_errno(-r);
	} else {
		st = zxl_get_info(fd, &k);
		if (st != ZX_OK)
			return st;
	}

	switch (topic) {
	case ZX_INFO_HANDLE_BASIC: {
		zx_info_handle_basic_t info;

		memset(&info, 0, sizeof(info));
		info.koid = k.koid;
		info.rights = k.rights;
		info.type = k.type;
		info.related_koid = ZX_KOID_INVALID; /* nor do resources and BTIs */
		return zxl_single_record(buffer, buffer_size, actual, avail, &info, sizeof(info));
	}
	case ZX_INFO_VMAR:
		return ZX_ERR_WRONG_TYPE; /* a descriptor is never a VMAR */
	case ZX_INFO_RESOURCE: {
		zx_info_resource_t info;

		/* zxvmo resources have no name and are never exclusive. */
		memset(&info, 0, sizeof(info));
		info.kind = k.rsrc_kind;
		info.base = k.rsrc_base;
		info.size = (size_t)k.size_bytes;
		return zxl_single_record(buffer, buffer_size, actual, avail, &info, sizeof(info));
	}
	default: {
		zx_info_vmo_t info;

		if (k.type != ZXVMO_OBJ_TYPE_VMO)
			return ZX_ERR_WRONG_TYPE;
		zxl_fill_vmo_info(&k, &info);
		return zxl_single_record(buffer, buffer_size, actual, avail, &info,
					 zxl_vmo_info_size(topic));
	}
	}
}
