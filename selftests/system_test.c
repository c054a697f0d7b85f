// SPDX-License-Identifier: GPL-2.0
/*
 * zx_system_get_page_size(), zx_status_get_string(), the numeric values of
 * the Zircon constants, and the uapi's status <-> errno table.
 */
#include "zxvmo_test.h"

TEST(page_size_matches_kernel)
{
	EXPECT_EQ((uint32_t)sysconf(_SC_PAGESIZE), zx_system_get_page_size());
	EXPECT_EQ(4096u, zx_system_get_page_size());
}

struct status_name {
	zx_status_t value;
	const char *name;
};

/* Values written out as numbers: they are Zircon's ABI. */
static const struct status_name statuses[] = {
	{ 0, "ZX_OK" },
	{ -1, "ZX_ERR_INTERNAL" },
	{ -2, "ZX_ERR_NOT_SUPPORTED" },
	{ -3, "ZX_ERR_NO_RESOURCES" },
	{ -4, "ZX_ERR_NO_MEMORY" },
	{ -10, "ZX_ERR_INVALID_ARGS" },
	{ -11, "ZX_ERR_BAD_HANDLE" },
	{ -12, "ZX_ERR_WRONG_TYPE" },
	{ -13, "ZX_ERR_BAD_SYSCALL" },
	{ -14, "ZX_ERR_OUT_OF_RANGE" },
	{ -15, "ZX_ERR_BUFFER_TOO_SMALL" },
	{ -20, "ZX_ERR_BAD_STATE" },
	{ -21, "ZX_ERR_TIMED_OUT" },
	{ -22, "ZX_ERR_SHOULD_WAIT" },
	{ -23, "ZX_ERR_CANCELED" },
	{ -24, "ZX_ERR_PEER_CLOSED" },
	{ -25, "ZX_ERR_NOT_FOUND" },
	{ -26, "ZX_ERR_ALREADY_EXISTS" },
	{ -27, "ZX_ERR_ALREADY_BOUND" },
	{ -28, "ZX_ERR_UNAVAILABLE" },
	{ -30, "ZX_ERR_ACCESS_DENIED" },
	{ -40, "ZX_ERR_IO" },
	{ -41, "ZX_ERR_IO_REFUSED" },
	{ -42, "ZX_ERR_IO_DATA_INTEGRITY" },
	{ -43, "ZX_ERR_IO_DATA_LOSS" },
	{ -44, "ZX_ERR_IO_NOT_PRESENT" },
	{ -45, "ZX_ERR_IO_OVERRUN" },
	{ -46, "ZX_ERR_IO_MISSED_DEADLINE" },
	{ -47, "ZX_ERR_IO_INVALID" },
	{ -50, "ZX_ERR_BAD_PATH" },
	{ -51, "ZX_ERR_NOT_DIR" },
	{ -52, "ZX_ERR_NOT_FILE" },
	{ -53, "ZX_ERR_FILE_BIG" },
	{ -54, "ZX_ERR_NO_SPACE" },
	{ -55, "ZX_ERR_NOT_EMPTY" },
	{ -60, "ZX_ERR_STOP" },
	{ -61, "ZX_ERR_NEXT" },
	{ -62, "ZX_ERR_ASYNC" },
	{ -70, "ZX_ERR_PROTOCOL_NOT_SUPPORTED" },
	{ -71, "ZX_ERR_ADDRESS_UNREACHABLE" },
	{ -72, "ZX_ERR_ADDRESS_IN_USE" },
	{ -73, "ZX_ERR_NOT_CONNECTED" },
	{ -74, "ZX_ERR_CONNECTION_REFUSED" },
	{ -75, "ZX_ERR_CONNECTION_RESET" },
	{ -76, "ZX_ERR_CONNECTION_ABORTED" },
};

TEST(status_get_string_names)
{
	size_t i;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		EXPECT_STREQ(statuses[i].name, zx_status_get_string(statuses[i].value));
	}
}

TEST(status_get_string_unknown)
{
	EXPECT_STREQ("(UNKNOWN)", zx_status_get_string(1));
	EXPECT_STREQ("(UNKNOWN)", zx_status_get_string(-5));
	EXPECT_STREQ("(UNKNOWN)", zx_status_get_string(-29));
	EXPECT_STREQ("(UNKNOWN)", zx_status_get_string(-12345));
	EXPECT_STREQ("(UNKNOWN)", zx_status_get_string(INT32_MIN));
}

TEST(status_constants_are_zircons)
{
	EXPECT_EQ(-10, ZX_ERR_INVALID_ARGS);
	EXPECT_EQ(-11, ZX_ERR_BAD_HANDLE);
	EXPECT_EQ(-12, ZX_ERR_WRONG_TYPE);
	EXPECT_EQ(-14, ZX_ERR_OUT_OF_RANGE);
	EXPECT_EQ(-15, ZX_ERR_BUFFER_TOO_SMALL);
	EXPECT_EQ(-21, ZX_ERR_TIMED_OUT);
	EXPECT_EQ(-25, ZX_ERR_NOT_FOUND);
	EXPECT_EQ(-28, ZX_ERR_UNAVAILABLE);
	EXPECT_EQ(-30, ZX_ERR_ACCESS_DENIED);
	EXPECT_EQ(-42, ZX_ERR_IO_DATA_INTEGRITY);
	EXPECT_EQ(-43, ZX_ERR_IO_DATA_LOSS);
}

TEST(rights_constants_are_zircons)
{
	EXPECT_EQ(1u << 0, ZX_RIGHT_DUPLICATE);
	EXPECT_EQ(1u << 1, ZX_RIGHT_TRANSFER);
	EXPECT_EQ(1u << 2, ZX_RIGHT_READ);
	EXPECT_EQ(1u << 3, ZX_RIGHT_WRITE);
	EXPECT_EQ(1u << 4, ZX_RIGHT_EXECUTE);
	EXPECT_EQ(1u << 5, ZX_RIGHT_MAP);
	EXPECT_EQ(1u << 6, ZX_RIGHT_GET_PROPERTY);
	EXPECT_EQ(1u << 7, ZX_RIGHT_SET_PROPERTY);
	EXPECT_EQ(1u << 12, ZX_RIGHT_SIGNAL);
	EXPECT_EQ(1u << 14, ZX_RIGHT_WAIT);
	EXPECT_EQ(1u << 15, ZX_RIGHT_INSPECT);
	EXPECT_EQ(1u << 31, ZX_RIGHT_SAME_RIGHTS);
	EXPECT_EQ(ZXVMO_DEFAULT_VMO_RIGHTS, ZX_DEFAULT_VMO_RIGHTS);
	EXPECT_EQ(1u << 1, ZX_VMO_RESIZABLE);
	EXPECT_EQ(1u << 2, ZX_VMO_DISCARDABLE);
	EXPECT_EQ(17u, ZX_PROP_VMO_CONTENT_SIZE);
	EXPECT_EQ(3u, ZX_PROP_NAME);
}

/*
 * The uapi table pairs every status a VMO call can return with one errno;
 * the statuses must carry Zircon's values and both columns must be
 * distinct.
 */
static const struct zxvmo_status_errno status_map[] = ZXVMO_STATUS_ERRNOS;

TEST(uapi_status_map_matches_zircon)
{
	const size_t n = sizeof(status_map) / sizeof(status_map[0]);
	size_t i, j;

	for (i = 0; i < n; i++) {
		/* every status of the table is one Zircon names */
		EXPECT_STRNE("(UNKNOWN)", zx_status_get_string(status_map[i].status));
		for (j = i + 1; j < n; j++) {
			EXPECT_NE(status_map[i].status, status_map[j].status);
			EXPECT_NE(status_map[i].errnum, status_map[j].errnum);
		}
	}
}

TEST_HARNESS_MAIN
