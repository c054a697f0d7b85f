// SPDX-License-Identifier: GPL-2.0
/*
 * zx_object_get_info: ZX_INFO_HANDLE_BASIC and every version of ZX_INFO_VMO,
 * Zircon's struct layouts, koids and exact committed byte counts.
 */
#include "zxvmo_test.h"
#include "resource_helpers.h"

#include <stddef.h>

TEST(handle_basic_layout)
{
	EXPECT_EQ(32u, sizeof(zx_info_handle_basic_t));
	EXPECT_EQ(0u, offsetof(zx_info_handle_basic_t, koid));
	EXPECT_EQ(8u, offsetof(zx_info_handle_basic_t, rights));
	EXPECT_EQ(12u, offsetof(zx_info_handle_basic_t, type));
	EXPECT_EQ(16u, offsetof(zx_info_handle_basic_t, related_koid));
	EXPECT_EQ(24u, offsetof(zx_info_handle_basic_t, reserved));
	EXPECT_EQ(2u, ZX_INFO_HANDLE_BASIC);
	EXPECT_EQ(3u, ZX_OBJ_TYPE_VMO);
}

/* The common prefix of every zx_info_vmo_t version. */
TEST(info_vmo_layout)
{
	EXPECT_EQ(0u, offsetof(zx_info_vmo_t, koid));
	EXPECT_EQ(8u, offsetof(zx_info_vmo_t, name));
	EXPECT_EQ(40u, offsetof(zx_info_vmo_t, size_bytes));
	EXPECT_EQ(48u, offsetof(zx_info_vmo_t, parent_koid));
	EXPECT_EQ(56u, offsetof(zx_info_vmo_t, num_children));
	EXPECT_EQ(64u, offsetof(zx_info_vmo_t, num_mappings));
	EXPECT_EQ(72u, offsetof(zx_info_vmo_t, share_count));
	EXPECT_EQ(80u, offsetof(zx_info_vmo_t, flags));
	EXPECT_EQ(88u, offsetof(zx_info_vmo_t, committed_bytes));
	EXPECT_EQ(96u, offsetof(zx_info_vmo_t, handle_rights));
	EXPECT_EQ(100u, offsetof(zx_info_vmo_t, cache_policy));
	EXPECT_EQ(104u, offsetof(zx_info_vmo_t, metadata_bytes));
	EXPECT_EQ(112u, offsetof(zx_info_vmo_t, committed_change_events));
	/* Topic 23, version in the top four bits. */
	EXPECT_EQ(23u | (3u << 28), ZX_INFO_VMO);
	EXPECT_EQ(23u, ZX_INFO_VMO_V1);
	EXPECT_EQ(104u, sizeof(zx_info_vmo_v1_t));
	EXPECT_EQ(23u | (1u << 28), ZX_INFO_VMO_V2);
	EXPECT_EQ(120u, sizeof(zx_info_vmo_v2_t));
	EXPECT_EQ(23u | (2u << 28), ZX_INFO_VMO_V3);
	EXPECT_EQ(128u, sizeof(zx_info_vmo_v3_t));
	EXPECT_EQ(176u, sizeof(zx_info_vmo_t));
	EXPECT_EQ(168u, offsetof(zx_info_vmo_t, populated_fractional_scaled_bytes));
	EXPECT_EQ(120u, offsetof(zx_info_vmo_t, populated_bytes));
	EXPECT_EQ(128u, offsetof(zx_info_vmo_t, committed_private_bytes));
	EXPECT_EQ(136u, offsetof(zx_info_vmo_t, populated_private_bytes));
}

TEST(handle_basic_fields)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_info_handle_basic_t bi;
	size_t actual = 99, avail = 99;

	memset(&bi, 0xa5, sizeof(bi));
	ASSERT_EQ(ZX_OK, zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &bi, sizeof(bi),
					    &actual, &avail));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(1u, avail);
	EXPECT_LE(1024u, bi.koid);
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS, bi.rights);
	EXPECT_EQ(ZX_OBJ_TYPE_VMO, bi.type);
	EXPECT_EQ(0u, bi.related_koid);
	EXPECT_EQ(0u, bi.reserved);
	zx_handle_close(h);
}

TEST(handle_basic_buffer_too_small)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_info_handle_basic_t bi;
	size_t actual = 99, avail = 99;

	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &bi, sizeof(bi) - 1,
				     &actual, &avail));
	EXPECT_EQ(0u, actual);
	EXPECT_EQ(1u, avail);
	actual = avail = 99;
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, NULL, 0, &actual, &avail));
	EXPECT_EQ(0u, actual);
	EXPECT_EQ(1u, avail);
	zx_handle_close(h);
}

/* Handle info needs no rights at all. */
TEST(info_needs_no_rights)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	zx_handle_t none = dup_rights(_metadata, h, 0);
	zx_info_vmo_t vi = vmo_info(_metadata, none);

	EXPECT_EQ(0u, basic_info(_metadata, none).rights);
	EXPECT_EQ(0u, vi.handle_rights);
	EXPECT_EQ(2 * PAGE, vi.size_bytes);
	zx_handle_close(h);
	zx_handle_close(none);
}

TEST(koids_start_at_1024_and_increase)
{
	zx_koid_t prev = 0;
	int i;

	for (i = 0; i < 32; i++) {
		zx_handle_t h = vmo_new(_metadata, PAGE, 0);
		zx_koid_t k = koid_of(_metadata, h);

		EXPECT_LE(1024u, k);
		EXPECT_LT(prev, k);
		prev = k;
		zx_handle_close(h);
	}
}

/* A closed VMO's koid is never handed out again. */
TEST(koids_never_reused)
{
	zx_koid_t seen[64];
	int i, j;

	for (i = 0; i < 64; i++) {
		zx_handle_t h = vmo_new(_metadata, 0, 0);

		seen[i] = koid_of(_metadata, h);
		zx_handle_close(h);
		for (j = 0; j < i; j++) {
			ASSERT_NE(seen[j], seen[i]);
		}
	}
}

TEST(koids_unique_across_live_vmos)
{
	zx_handle_t h[16];
	zx_koid_t k[16];
	int i, j;

	for (i = 0; i < 16; i++) {
		h[i] = vmo_new(_metadata, PAGE, 0);
		k[i] = koid_of(_metadata, h[i]);
		for (j = 0; j < i; j++) {
			EXPECT_NE(k[j], k[i]);
		}
	}
	zx_handle_close_many(h, 16);
}

TEST(koid_shared_by_handles_to_same_vmo)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t d = dup_rights(_metadata, h, ZX_RIGHT_READ);
	zx_handle_t other = vmo_new(_metadata, PAGE, 0);

	EXPECT_EQ(koid_of(_metadata, h), koid_of(_metadata, d));
	EXPECT_EQ(koid_of(_metadata, h), vmo_info(_metadata, d).koid);
	EXPECT_NE(koid_of(_metadata, h), koid_of(_metadata, other));
	zx_handle_close(h);
	zx_handle_close(d);
	zx_handle_close(other);
}

/* Zircon's Info. */
TEST(info_vmo_fields)
{
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	zx_info_vmo_t vi;
	size_t actual = 99, avail = 99;
	size_t i;

	memset(&vi, 0xa5, sizeof(vi));
	ASSERT_EQ(ZX_OK, zx_object_get_info(h, ZX_INFO_VMO, &vi, sizeof(vi),
					    &actual, &avail));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(1u, avail);
	EXPECT_EQ(koid_of(_metadata, h), vi.koid);
	for (i = 0; i < ZX_MAX_NAME_LEN; i++) {
		EXPECT_EQ(0, vi.name[i]);
	}
	EXPECT_EQ(4 * PAGE, vi.size_bytes);
	EXPECT_EQ(0u, vi.parent_koid);
	EXPECT_EQ(0u, vi.num_children);
	EXPECT_EQ(0u, vi.num_mappings);
	EXPECT_EQ(ZX_INFO_VMO_TYPE_PAGED | ZX_INFO_VMO_VIA_HANDLE, vi.flags);
	EXPECT_EQ(0u, vi.committed_bytes);
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS, vi.handle_rights);
	EXPECT_EQ(ZX_CACHE_POLICY_CACHED, vi.cache_policy);
	zx_handle_close(h);
}

TEST(info_vmo_resizable_and_name)
{
	zx_handle_t h = vmo_new(_metadata, 8 * PAGE, ZX_VMO_RESIZABLE);
	zx_info_vmo_t vi;

	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_NAME, "info-name", 9));
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, 3 * PAGE - 1));
	vi = vmo_info(_metadata, h);
	EXPECT_EQ(3 * PAGE, vi.size_bytes);
	EXPECT_EQ(ZX_INFO_VMO_TYPE_PAGED | ZX_INFO_VMO_VIA_HANDLE | ZX_INFO_VMO_RESIZABLE,
		  vi.flags);
	EXPECT_STREQ("info-name", vi.name);
	zx_handle_close(h);
}

TEST(info_vmo_handle_rights_per_handle)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t d = dup_rights(_metadata, h, ZX_RIGHT_READ | ZX_RIGHT_MAP);

	EXPECT_EQ(ZX_RIGHT_READ | ZX_RIGHT_MAP, vmo_info(_metadata, d).handle_rights);
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS, vmo_info(_metadata, h).handle_rights);
	zx_handle_close(h);
	zx_handle_close(d);
}

TEST(info_vmo_committed_exact)
{
	zx_handle_t h = vmo_new(_metadata, 8 * PAGE, 0);
	uint8_t b = 1;

	EXPECT_EQ(0u, committed(_metadata, h));
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, &b, 0, 1));
	EXPECT_EQ(PAGE, committed(_metadata, h));
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, &b, 3 * PAGE + 9, 1));
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, &b, 3 * PAGE + 10, 1));
	EXPECT_EQ(2 * PAGE, committed(_metadata, h));
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, &b, 8 * PAGE - 1, 1));
	EXPECT_EQ(3 * PAGE, committed(_metadata, h));
	expect_bytes(_metadata, h, PAGE, 2 * PAGE, 0);
	EXPECT_EQ(3 * PAGE, committed(_metadata, h));
	zx_handle_close(h);
}

TEST(info_vmo_buffer_too_small)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_info_vmo_t vi;
	size_t actual = 99, avail = 99;

	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(h, ZX_INFO_VMO, &vi, sizeof(vi) - 1, &actual, &avail));
	EXPECT_EQ(0u, actual);
	EXPECT_EQ(1u, avail);
	zx_handle_close(h);
}

/* Older topic versions return the older, smaller structs, field for field. */
static void check_v1(struct __test_metadata *_metadata, zx_handle_t h,
		     const zx_info_vmo_t *cur)
{
	zx_info_vmo_v1_t v1;
	size_t actual = 0, avail = 0;

	memset(&v1, 0xa5, sizeof(v1));
	ASSERT_EQ(ZX_OK, zx_object_get_info(h, ZX_INFO_VMO_V1, &v1, sizeof(v1),
					    &actual, &avail));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(1u, avail);
	EXPECT_EQ(cur->koid, v1.koid);
	EXPECT_STREQ("versions", v1.name);
	EXPECT_EQ(5 * PAGE, v1.size_bytes);
	EXPECT_EQ(cur->flags, v1.flags);
	EXPECT_EQ(PAGE, v1.committed_bytes);
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS, v1.handle_rights);
	EXPECT_EQ(ZX_CACHE_POLICY_CACHED, v1.cache_policy);
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(h, ZX_INFO_VMO_V1, &v1, sizeof(v1) - 1, NULL, NULL));
}

static void check_v2(struct __test_metadata *_metadata, zx_handle_t h,
		     const zx_info_vmo_t *cur)
{
	zx_info_vmo_v2_t v2;

	memset(&v2, 0xa5, sizeof(v2));
	ASSERT_EQ(ZX_OK, zx_object_get_info(h, ZX_INFO_VMO_V2, &v2, sizeof(v2),
					    NULL, NULL));
	EXPECT_EQ(cur->koid, v2.koid);
	EXPECT_EQ(5 * PAGE, v2.size_bytes);
	EXPECT_EQ(PAGE, v2.committed_bytes);
	EXPECT_EQ(cur->metadata_bytes, v2.metadata_bytes);
	EXPECT_EQ(cur->committed_change_events, v2.committed_change_events);
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(h, ZX_INFO_VMO_V2, &v2, sizeof(v2) - 1, NULL, NULL));
}

static void check_v3(struct __test_metadata *_metadata, zx_handle_t h,
		     const zx_info_vmo_t *cur)
{
	zx_info_vmo_v3_t v3;

	memset(&v3, 0xa5, sizeof(v3));
	ASSERT_EQ(ZX_OK, zx_object_get_info(h, ZX_INFO_VMO_V3, &v3, sizeof(v3),
					    NULL, NULL));
	EXPECT_EQ(cur->koid, v3.koid);
	EXPECT_EQ(PAGE, v3.committed_bytes);
	EXPECT_EQ(PAGE, v3.populated_bytes);
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(h, ZX_INFO_VMO_V3, &v3, sizeof(v3) - 1, NULL, NULL));
}

TEST(info_vmo_all_versions)
{
	zx_handle_t h = vmo_new(_metadata, 5 * PAGE, ZX_VMO_RESIZABLE);
	zx_info_vmo_t cur;
	uint8_t b = 1;

	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_NAME, "versions", 8));
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, &b, PAGE, 1));
	cur = vmo_info(_metadata, h);
	EXPECT_EQ(PAGE, cur.committed_bytes);
	EXPECT_EQ(PAGE, cur.populated_bytes);
	EXPECT_EQ(PAGE, cur.committed_private_bytes);
	check_v1(_metadata, h, &cur);
	check_v2(_metadata, h, &cur);
	check_v3(_metadata, h, &cur);
	zx_handle_close(h);
}

TEST(info_vmo_num_mappings)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	void *a, *b;

	EXPECT_EQ(0u, vmo_info(_metadata, h).num_mappings);
	a = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, (int)h, 0);
	ASSERT_NE(MAP_FAILED, a);
	EXPECT_EQ(1u, vmo_info(_metadata, h).num_mappings);
	b = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, (int)h, PAGE);
	ASSERT_NE(MAP_FAILED, b);
	EXPECT_EQ(2u, vmo_info(_metadata, h).num_mappings);
	/* Two mappings, one address space. */
	EXPECT_EQ(1u, vmo_info(_metadata, h).share_count);
	munmap(a, 2 * PAGE);
	EXPECT_EQ(1u, vmo_info(_metadata, h).num_mappings);
	munmap(b, PAGE);
	EXPECT_EQ(0u, vmo_info(_metadata, h).num_mappings);
	zx_handle_close(h);
}

/* Zircon's share_count is 1 for a VMO mapped fewer than twice. */
TEST(info_vmo_share_count_unmapped_is_one)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);

	EXPECT_EQ(1u, vmo_info(_metadata, h).share_count);
	zx_handle_close(h);
}

TEST(info_unknown_topic_not_supported)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	uint8_t buf[512];

	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_object_get_info(h, 0x0fffffffu, buf, sizeof(buf), NULL, NULL));
	zx_handle_close(h);
}

TEST(info_vmo_wrong_type)
{
	zx_info_vmo_t vi;
	int p[2];

	ASSERT_EQ(0, pipe(p));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_get_info((zx_handle_t)p[0], ZX_INFO_VMO, &vi, sizeof(vi),
				     NULL, NULL));
}

TEST(info_bad_handle)
{
	zx_info_vmo_t vi;
	zx_info_handle_basic_t bi;

	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_get_info(closed_handle(), ZX_INFO_VMO, &vi, sizeof(vi),
				     NULL, NULL));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_get_info(ZX_HANDLE_INVALID, ZX_INFO_HANDLE_BASIC, &bi,
				     sizeof(bi), NULL, NULL));
}

TEST(info_vmo_discardable_flag)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, ZX_VMO_DISCARDABLE);

	EXPECT_EQ(ZX_INFO_VMO_DISCARDABLE,
		  vmo_info(_metadata, h).flags & ZX_INFO_VMO_DISCARDABLE);
	EXPECT_EQ(0u, vmo_info(_metadata, h).flags & ZX_INFO_VMO_RESIZABLE);
	zx_handle_close(h);
}

/* A forked child's copy of a mapping is a mapping too. */
TEST(info_vmo_num_mappings_across_fork)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	void *p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, (int)h, 0);
	int go[2];
	pid_t pid;
	char c;

	ASSERT_NE(MAP_FAILED, p);
	ASSERT_EQ(0, pipe(go));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		_exit(0);
	}
	EXPECT_EQ(2u, vmo_info(_metadata, h).num_mappings);
	EXPECT_EQ(2u, vmo_info(_metadata, h).share_count);	/* two mms */
	ASSERT_EQ(1, write(go[1], "x", 1));
	EXPECT_EQ(0, wait_child(pid));
	EXPECT_EQ(1u, vmo_info(_metadata, h).num_mappings);
	EXPECT_EQ(1u, vmo_info(_metadata, h).share_count);
	munmap(p, PAGE);
	zx_handle_close(h);
}

/* zx_object_get_info: "ZX_ERR_INVALID_ARGS buffer, actual, or avail are
 * invalid pointers" -- not a crash of the caller. */
TEST(info_unmapped_buffer_invalid_args)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	void *bad = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, bad);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, bad,
				     sizeof(zx_info_handle_basic_t), NULL, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(h, ZX_INFO_VMO, bad, sizeof(zx_info_vmo_t),
				     NULL, NULL));
	munmap(bad, PAGE);
	zx_handle_close(h);
}

/*
 * The rights each topic needs, as in Zircon's sys_object_get_info:
 * ZX_INFO_HANDLE_BASIC and ZX_INFO_VMO none (the VMO topics look the
 * handle up without a rights check), ZX_INFO_RESOURCE ZX_RIGHT_INSPECT,
 * checked before the object's type.
 */
TEST(info_topic_rights)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0), vmex = vmex_new(_metadata);
	zx_handle_t vmo_noinspect, rsrc_noinspect, rsrc_inspect;
	zx_info_resource_t ri;
	zx_info_vmo_t vi;

	vmo_noinspect = dup_rights(_metadata, h, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_INSPECT);
	rsrc_noinspect = dup_rights(_metadata, vmex, ZX_RIGHT_DUPLICATE);
	rsrc_inspect = dup_rights(_metadata, vmex, ZX_RIGHT_INSPECT);

	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_INSPECT,
		  basic_info(_metadata, vmo_noinspect).rights);
	EXPECT_EQ(ZX_RIGHT_DUPLICATE, basic_info(_metadata, rsrc_noinspect).rights);
	EXPECT_EQ(ZX_OK, zx_object_get_info(vmo_noinspect, ZX_INFO_VMO, &vi, sizeof(vi),
					    NULL, NULL));
	EXPECT_EQ(PAGE, vi.size_bytes);

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_get_info(rsrc_noinspect, ZX_INFO_RESOURCE,
							   &ri, sizeof(ri), NULL, NULL));
	EXPECT_EQ(ZX_OK, zx_object_get_info(rsrc_inspect, ZX_INFO_RESOURCE, &ri, sizeof(ri),
					    NULL, NULL));
	EXPECT_EQ(ZX_RSRC_KIND_SYSTEM, ri.kind);
	/* INSPECT before the type ... */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_get_info(vmo_noinspect, ZX_INFO_RESOURCE,
							   &ri, sizeof(ri), NULL, NULL));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_object_get_info(h, ZX_INFO_RESOURCE, &ri, sizeof(ri),
							NULL, NULL));
	/* ... and no right for the VMO topic: only the type. */
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_object_get_info(rsrc_noinspect, ZX_INFO_VMO, &vi,
							sizeof(vi), NULL, NULL));
	zx_handle_close(rsrc_inspect);
	zx_handle_close(rsrc_noinspect);
	zx_handle_close(vmo_noinspect);
	zx_handle_close(vmex);
	zx_handle_close(h);
}

TEST_HARNESS_MAIN
