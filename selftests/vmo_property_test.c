// SPDX-License-Identifier: GPL-2.0
/*
 * zx_object_get_property / zx_object_set_property on VMOs:
 * ZX_PROP_NAME and ZX_PROP_VMO_CONTENT_SIZE, with their rights and errors.
 */
#include "zxvmo_test.h"

static void get_name(struct __test_metadata *_metadata, zx_handle_t h,
		     char name[ZX_MAX_NAME_LEN])
{
	memset(name, 0x5a, ZX_MAX_NAME_LEN);
	ASSERT_EQ(ZX_OK, zx_object_get_property(h, ZX_PROP_NAME, name,
						ZX_MAX_NAME_LEN));
}

TEST(name_max_len_is_32)
{
	EXPECT_EQ(32u, ZX_MAX_NAME_LEN);
}

TEST(name_default_empty)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	char name[ZX_MAX_NAME_LEN];
	size_t i;

	get_name(_metadata, h, name);
	for (i = 0; i < ZX_MAX_NAME_LEN; i++) {
		EXPECT_EQ(0, name[i]);
	}
	zx_handle_close(h);
}

TEST(name_roundtrip)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	char name[ZX_MAX_NAME_LEN];

	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_NAME, "test vmo", 8));
	get_name(_metadata, h, name);
	EXPECT_STREQ("test vmo", name);
	/* Renaming replaces the whole name. */
	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_NAME, "ab", 2));
	get_name(_metadata, h, name);
	EXPECT_STREQ("ab", name);
	EXPECT_EQ(0, name[5]);
	zx_handle_close(h);
}

/* Longer names are cut to ZX_MAX_NAME_LEN - 1 characters plus a NUL. */
TEST(name_truncated)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	const char *longname = "0123456789abcdefghijklmnopqrstuvwxyzABCDEF";
	char name[ZX_MAX_NAME_LEN];

	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_NAME, longname,
						strlen(longname)));
	get_name(_metadata, h, name);
	EXPECT_EQ(0, name[ZX_MAX_NAME_LEN - 1]);
	EXPECT_EQ(ZX_MAX_NAME_LEN - 1, strlen(name));
	EXPECT_EQ(0, strncmp(longname, name, ZX_MAX_NAME_LEN - 1));

	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_NAME, longname,
						ZX_MAX_NAME_LEN));
	get_name(_metadata, h, name);
	EXPECT_EQ(ZX_MAX_NAME_LEN - 1, strlen(name));
	zx_handle_close(h);
}

TEST(name_exactly_31_chars)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	const char *n31 = "abcdefghijklmnopqrstuvwxyz01234";
	char name[ZX_MAX_NAME_LEN];

	ASSERT_EQ(31u, strlen(n31));
	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_NAME, n31, 31));
	get_name(_metadata, h, name);
	EXPECT_STREQ(n31, name);
	zx_handle_close(h);
}

TEST(name_zero_length_clears)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	char name[ZX_MAX_NAME_LEN];

	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_NAME, "something", 9));
	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_NAME, "x", 0));
	get_name(_metadata, h, name);
	EXPECT_STREQ("", name);
	zx_handle_close(h);
}

TEST(name_embedded_nul)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	char name[ZX_MAX_NAME_LEN];

	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_NAME, "ab\0cd", 5));
	get_name(_metadata, h, name);
	EXPECT_STREQ("ab", name);
	zx_handle_close(h);
}

TEST(name_get_buffer_too_small)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	char name[ZX_MAX_NAME_LEN];

	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_property(h, ZX_PROP_NAME, name, ZX_MAX_NAME_LEN - 1));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_property(h, ZX_PROP_NAME, name, 0));
	zx_handle_close(h);
}

TEST(name_get_larger_buffer)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	char big[2 * ZX_MAX_NAME_LEN];

	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_NAME, "big", 3));
	memset(big, 0x5a, sizeof(big));
	ASSERT_EQ(ZX_OK, zx_object_get_property(h, ZX_PROP_NAME, big, sizeof(big)));
	EXPECT_STREQ("big", big);
	zx_handle_close(h);
}

/* The name belongs to the object: every handle sees it. */
TEST(name_shared_by_handles)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t d = dup_rights(_metadata, h, ZX_RIGHT_SAME_RIGHTS);
	char name[ZX_MAX_NAME_LEN];

	ASSERT_EQ(ZX_OK, zx_object_set_property(d, ZX_PROP_NAME, "shared", 6));
	get_name(_metadata, h, name);
	EXPECT_STREQ("shared", name);
	EXPECT_STREQ("shared", vmo_info(_metadata, h).name);
	zx_handle_close(h);
	zx_handle_close(d);
}

TEST(name_rights)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t noget = dup_rights(_metadata, h,
				       ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_GET_PROPERTY);
	zx_handle_t noset = dup_rights(_metadata, h,
				       ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_SET_PROPERTY);
	char name[ZX_MAX_NAME_LEN];

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_set_property(noset, ZX_PROP_NAME, "nope", 4));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_property(noget, ZX_PROP_NAME, name, sizeof(name)));
	EXPECT_EQ(ZX_OK, zx_object_set_property(noget, ZX_PROP_NAME, "yes", 3));
	EXPECT_EQ(ZX_OK, zx_object_get_property(noset, ZX_PROP_NAME, name, sizeof(name)));
	EXPECT_STREQ("yes", name);
	zx_handle_close(h);
	zx_handle_close(noget);
	zx_handle_close(noset);
}

/* The rights check comes before the size check. */
TEST(property_access_denied_before_buffer_too_small)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t none = dup_rights(_metadata, h, 0);
	char name[4];
	uint32_t small = 0;

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_property(none, ZX_PROP_NAME, name, sizeof(name)));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_property(none, ZX_PROP_VMO_CONTENT_SIZE, &small,
					 sizeof(small)));
	zx_handle_close(h);
	zx_handle_close(none);
}

/* Zircon's ContentSize. */
TEST(content_size_roundtrip)
{
	const size_t len = 4 * PAGE;
	zx_handle_t h = vmo_new(_metadata, len, ZX_VMO_RESIZABLE);
	uint64_t target = len / 3, v = 42;

	EXPECT_EQ(len, content_size_of(_metadata, h));
	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_VMO_CONTENT_SIZE,
						&target, sizeof(target)));
	ASSERT_EQ(ZX_OK, zx_object_get_property(h, ZX_PROP_VMO_CONTENT_SIZE,
						&v, sizeof(v)));
	EXPECT_EQ(target, v);
	/* It does not resize the VMO. */
	EXPECT_EQ(len, size_of(_metadata, h));
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, 5461));
	EXPECT_EQ(5461u, content_size_of(_metadata, h));
	zx_handle_close(h);
}

TEST(content_size_on_non_resizable)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	uint64_t v = 7;

	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_VMO_CONTENT_SIZE,
						&v, sizeof(v)));
	EXPECT_EQ(7u, content_size_of(_metadata, h));
	EXPECT_EQ(2 * PAGE, size_of(_metadata, h));
	v = 2 * PAGE;
	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_VMO_CONTENT_SIZE,
						&v, sizeof(v)));
	EXPECT_EQ(2 * PAGE, content_size_of(_metadata, h));
	zx_handle_close(h);
}

/* Zircon's ContentSize: setting it needs WRITE as well as SET_PROPERTY. */
TEST(content_size_set_needs_write_and_set_property)
{
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	zx_handle_t rw = dup_rights(_metadata, h, ZX_RIGHT_READ | ZX_RIGHT_WRITE |
				    ZX_RIGHT_SET_PROPERTY);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_RIGHT_READ | ZX_RIGHT_SET_PROPERTY);
	zx_handle_t noset = dup_rights(_metadata, h,
				       ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_SET_PROPERTY);
	uint64_t v = 100;

	EXPECT_EQ(ZX_OK, zx_object_set_property(rw, ZX_PROP_VMO_CONTENT_SIZE,
						&v, sizeof(v)));
	v = 200;
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_set_property(ro, ZX_PROP_VMO_CONTENT_SIZE, &v, sizeof(v)));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_set_property(noset, ZX_PROP_VMO_CONTENT_SIZE, &v, sizeof(v)));
	EXPECT_EQ(100u, content_size_of(_metadata, h));
	zx_handle_close(h);
	zx_handle_close(rw);
	zx_handle_close(ro);
	zx_handle_close(noset);
}

TEST(content_size_get_needs_get_property)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t noget = dup_rights(_metadata, h,
				       ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_GET_PROPERTY);
	zx_handle_t only = dup_rights(_metadata, h, ZX_RIGHT_GET_PROPERTY);
	uint64_t v = 0;

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_property(noget, ZX_PROP_VMO_CONTENT_SIZE, &v, sizeof(v)));
	EXPECT_EQ(ZX_OK,
		  zx_object_get_property(only, ZX_PROP_VMO_CONTENT_SIZE, &v, sizeof(v)));
	EXPECT_EQ(PAGE, v);
	zx_handle_close(h);
	zx_handle_close(noget);
	zx_handle_close(only);
}

TEST(content_size_buffer_too_small)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	uint64_t v = 5;

	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_property(h, ZX_PROP_VMO_CONTENT_SIZE, &v, 4));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_set_property(h, ZX_PROP_VMO_CONTENT_SIZE, &v, 4));
	EXPECT_EQ(PAGE, content_size_of(_metadata, h));
	zx_handle_close(h);
}

/* Shrinking the content size zeroes what lies beyond it. */
TEST(content_size_shrink_zeroes_beyond)
{
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0);
	uint64_t v = 100;

	fill(_metadata, h, 0, 2 * PAGE, 0xaa);
	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_VMO_CONTENT_SIZE,
						&v, sizeof(v)));
	expect_bytes(_metadata, h, 0, 100, 0xaa);
	expect_bytes(_metadata, h, 100, 2 * PAGE - 100, 0);
	EXPECT_EQ(2 * PAGE, size_of(_metadata, h));
	zx_handle_close(h);
}

TEST(property_unknown_not_supported)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	uint64_t v[8] = { 0 };

	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_object_get_property(h, 0x7fff, v, sizeof(v)));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_object_set_property(h, 0x7fff, v, sizeof(v)));
	zx_handle_close(h);
}

TEST(property_null_value_invalid_args)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);

	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_property(h, ZX_PROP_NAME, NULL, ZX_MAX_NAME_LEN));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_set_property(h, ZX_PROP_NAME, NULL, 4));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_property(h, ZX_PROP_VMO_CONTENT_SIZE, NULL, 8));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_set_property(h, ZX_PROP_VMO_CONTENT_SIZE, NULL, 8));
	zx_handle_close(h);
}

TEST(property_bad_handle)
{
	zx_handle_t bad = closed_handle();
	char name[ZX_MAX_NAME_LEN];
	uint64_t v = 0;

	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_get_property(bad, ZX_PROP_NAME, name, sizeof(name)));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_set_property(bad, ZX_PROP_NAME, "x", 1));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_get_property(ZX_HANDLE_INVALID, ZX_PROP_VMO_CONTENT_SIZE,
					 &v, sizeof(v)));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_set_property(ZX_HANDLE_INVALID, ZX_PROP_VMO_CONTENT_SIZE,
					 &v, sizeof(v)));
}

TEST(content_size_wrong_type)
{
	int p[2];
	uint64_t v = 0;

	ASSERT_EQ(0, pipe(p));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_get_property((zx_handle_t)p[0], ZX_PROP_VMO_CONTENT_SIZE,
					 &v, sizeof(v)));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_set_property((zx_handle_t)p[1], ZX_PROP_VMO_CONTENT_SIZE,
					 &v, sizeof(v)));
}

/* The rights check comes before the property lookup. */
TEST(property_rights_before_unknown_property)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t none = dup_rights(_metadata, h, 0);
	uint64_t v[8] = { 0 };

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_get_property(none, 0x7fff, v, sizeof(v)));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_set_property(none, 0x7fff, v, sizeof(v)));
	zx_handle_close(h);
	zx_handle_close(none);
}

/*
 * zx_object_get_property / set_property: "ZX_ERR_INVALID_ARGS value is an
 * invalid pointer" -- not a crash of the caller.
 */
TEST(property_unmapped_value_invalid_args)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	void *bad = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, bad);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_property(h, ZX_PROP_NAME, bad, ZX_MAX_NAME_LEN));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_set_property(h, ZX_PROP_NAME, bad, 8));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_property(h, ZX_PROP_VMO_CONTENT_SIZE, bad, 8));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_set_property(h, ZX_PROP_VMO_CONTENT_SIZE, bad, 8));
	EXPECT_EQ(PAGE, content_size_of(_metadata, h));
	munmap(bad, PAGE);
	zx_handle_close(h);
}

/* An address that faults on any copy: a PROT_NONE page. */
static void *bad_page(struct __test_metadata *_metadata)
{
	void *bad = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	EXPECT_NE(MAP_FAILED, bad);
	return bad;
}

/* Zircon's order: the GET_/SET_PROPERTY right before the copy of value. */
TEST(property_rights_before_bad_value)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t none = dup_rights(_metadata, h, ZX_RIGHT_WRITE);
	void *bad = bad_page(_metadata);

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_property(none, ZX_PROP_NAME, bad, ZX_MAX_NAME_LEN));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_set_property(none, ZX_PROP_NAME, bad, 8));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_property(none, ZX_PROP_VMO_CONTENT_SIZE, bad, 8));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_set_property(none, ZX_PROP_VMO_CONTENT_SIZE, bad, 8));
	munmap(bad, PAGE);
	zx_handle_close(h);
	zx_handle_close(none);
}

/*
 * Setting the content size needs ZX_RIGHT_WRITE, checked before the size
 * of the value and before its copy.
 */
TEST(content_size_write_right_before_size_and_value)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	zx_handle_t ro = dup_rights(_metadata, h, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WRITE);
	void *bad = bad_page(_metadata);
	uint32_t small = 0;

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_set_property(ro, ZX_PROP_VMO_CONTENT_SIZE, &small, sizeof(small)));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_set_property(ro, ZX_PROP_VMO_CONTENT_SIZE, bad, 8));
	EXPECT_EQ(PAGE, content_size_of(_metadata, h));
	munmap(bad, PAGE);
	zx_handle_close(h);
	zx_handle_close(ro);
}

/* The property and the size of the value come before its copy. */
TEST(property_and_size_before_bad_value)
{
	zx_handle_t h = vmo_new(_metadata, PAGE, 0);
	void *bad = bad_page(_metadata);

	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_object_get_property(h, 0x7fff, bad, 64));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_object_set_property(h, 0x7fff, bad, 64));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_property(h, ZX_PROP_NAME, bad, ZX_MAX_NAME_LEN - 1));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_property(h, ZX_PROP_VMO_CONTENT_SIZE, bad, 7));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_set_property(h, ZX_PROP_VMO_CONTENT_SIZE, bad, 7));
	/* A name of length 0 copies nothing: the pointer is not read. */
	EXPECT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_NAME, bad, 0));
	munmap(bad, PAGE);
	zx_handle_close(h);
}

/*
 * The value in a mapping of the VMO itself, on pages the mapping has not
 * faulted in: every copy runs outside the tree lock (the fault takes it),
 * so each call completes with the VMO's own bytes.  A copy under the lock
 * would hang here (lockdep on the debug kernel names it).
 */
TEST(property_value_in_a_mapping_of_the_vmo)
{
	zx_handle_t h = vmo_new(_metadata, 4 * PAGE, 0);
	const char name[] = "in-its-own-mapping";
	char got[ZX_MAX_NAME_LEN];
	uint64_t size = 3 * PAGE + 5, cs = 0;
	uint8_t *m;

	ASSERT_EQ(ZX_OK, zx_vmo_write(h, name, 0, sizeof(name)));
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, &size, PAGE, sizeof(size)));
	m = map_vmo(_metadata, h, RW, 0, 4 * PAGE);
	/* Set from pages not faulted in: the name, then the content size. */
	EXPECT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_NAME, m, sizeof(name)));
	EXPECT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_VMO_CONTENT_SIZE, m + PAGE,
						sizeof(size)));
	EXPECT_EQ(size, content_size_of(_metadata, h));
	/* Get into a hole (the zero page is mapped, then a write commits). */
	EXPECT_EQ(ZX_OK, zx_object_get_property(h, ZX_PROP_NAME, m + 2 * PAGE,
						ZX_MAX_NAME_LEN));
	EXPECT_EQ(ZX_OK, zx_object_get_property(h, ZX_PROP_VMO_CONTENT_SIZE,
						m + 3 * PAGE, sizeof(cs)));
	EXPECT_EQ(ZX_OK, zx_vmo_read(h, got, 2 * PAGE, sizeof(got)));
	EXPECT_STREQ(name, got);
	EXPECT_EQ(ZX_OK, zx_vmo_read(h, &cs, 3 * PAGE, sizeof(cs)));
	EXPECT_EQ(size, cs);
	/* Shrinking the content size zeroed the tail: the mapping shows it. */
	EXPECT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_VMO_CONTENT_SIZE, m + PAGE,
						sizeof(size)));
	EXPECT_TRUE(all_zero(m + 3 * PAGE + 5, PAGE - 5));
	unmap_vmo(_metadata, m, 4 * PAGE);
	zx_handle_close(h);
}

/*
 * SET_PROPERTY(VMO_CONTENT_SIZE) racing zx_vmo_set_size(): both run
 * under the tree lock, so after any interleaving the content size is one
 * of the values set and every byte from it to the end of the VMO reads
 * zero (each call zeroes what lies past its new content size; the VMO
 * started all 0xff).  Bounded: a fixed number of rounds.
 */
struct cs_race {
	zx_handle_t h;
	int resize;
	_Atomic int go;
	zx_status_t bad;
};

#define CS_ROUNDS	2000

static void *cs_race_thread(void *arg)
{
	struct cs_race *r = arg;
	uint64_t v;
	zx_status_t st;
	int i;

	while (!atomic_load(&r->go))
		;
	for (i = 0; i < CS_ROUNDS; i++) {
		v = (uint64_t)(i % 7) * (PAGE / 2) + (uint64_t)i % 13;
		if (r->resize)
			st = zx_vmo_set_size(r->h, v + PAGE);
		else
			st = zx_object_set_property(r->h, ZX_PROP_VMO_CONTENT_SIZE, &v,
						    sizeof(v));
		if (st != ZX_OK && r->bad == ZX_OK)
			r->bad = st;
	}
	return NULL;
}

TEST(content_size_races_resize)
{
	const size_t max = 5 * PAGE;
	zx_handle_t h = vmo_new(_metadata, max, ZX_VMO_RESIZABLE);
	struct cs_race r[2] = { { .h = h, .resize = 1 }, { .h = h } };
	uint64_t cs, size;
	uint8_t *buf = malloc(max);
	pthread_t t[2];
	int i;

	ASSERT_NE(NULL, buf);
	memset(buf, 0xff, max);
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, buf, 0, max));
	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, pthread_create(&t[i], NULL, cs_race_thread, &r[i]));
	for (i = 0; i < 2; i++)
		atomic_store(&r[i].go, 1);
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, pthread_join(t[i], NULL));
		EXPECT_EQ(ZX_OK, r[i].bad);
	}
	cs = content_size_of(_metadata, h);
	size = size_of(_metadata, h);
	ASSERT_LE(size, max);
	if (cs < size) {
		ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, cs, size - cs));
		EXPECT_TRUE(all_zero(buf, size - cs)) TH_LOG("cs %lu size %lu",
							     (unsigned long)cs,
							     (unsigned long)size);
	}
	free(buf);
	zx_handle_close(h);
}

TEST_HARNESS_MAIN
