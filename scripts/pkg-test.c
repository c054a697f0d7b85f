// SPDX-License-Identifier: BSD-2-Clause
/*
 * pkg-test: the program scripts/check-packages compiles against the
 * installed libzx-dev with `cc pkg-test.c $(pkg-config --cflags --libs zxvmo)`
 * and runs in a guest: a VMO written and read back through libzx.so.0.
 * Prints "pkg-test: ok" and exits 0, or says what failed and exits 1.
 */
#include <stdio.h>
#include <string.h>
#include <zircon/status.h>
#include <zircon/syscalls.h>
#include <zircon/types.h>

static int check(const char *what, zx_status_t st)
{
	if (st == ZX_OK)
		return 0;
	fprintf(stderr, "pkg-test: %s: %s (%d)\n", what, zx_status_get_string(st), st);
	return 1;
}

int main(void)
{
	static const char text[] = "installed from Debian packages";
	char back[sizeof(text)] = { 0 };
	zx_handle_t vmo = ZX_HANDLE_INVALID;
	uint64_t size = 0;

	if (check("zx_vmo_create", zx_vmo_create(8192, 0, &vmo)) ||
	    check("zx_vmo_write", zx_vmo_write(vmo, text, 4096, sizeof(text))) ||
	    check("zx_vmo_read", zx_vmo_read(vmo, back, 4096, sizeof(back))) ||
	    check("zx_vmo_get_size", zx_vmo_get_size(vmo, &size)))
		return 1;
	if (memcmp(text, back, sizeof(text)) != 0 || size != 8192) {
		fprintf(stderr, "pkg-test: read back \"%s\", size %llu\n", back,
			(unsigned long long)size);
		return 1;
	}
	if (check("zx_handle_close", zx_handle_close(vmo)))
		return 1;
	printf("pkg-test: ok\n");
	return 0;
}
