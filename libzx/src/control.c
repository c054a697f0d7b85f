// SPDX-License-Identifier: BSD-2-Clause
/*
 * The control device, /dev/zxvmo, which zx_vmo_create() and the resource
 * getters talk to.  libzx opens it once per process and keeps it: opening
 * and closing it for every create cost about as much as a whole memfd
 * (a path lookup), and while a control file is open the module keeps its
 * handle filesystem mounted instead of mounting it for each lone VMO.
 *
 * The descriptor is libzx's, but the program may close it (closefrom(),
 * close_range(), dup2() over it) and its number may then name anything.
 * So before each use libzx checks that the number still names the file it
 * opened: the module gives each open control file a random identity that
 * lseek(fd, 0, SEEK_CUR) returns (its file position, which nothing moves),
 * recorded at open.  Another file on that number has its own position (or
 * none: ESPIPE), so libzx then leaves that number alone and opens a new
 * one.  No zxvmo ioctl ever goes to a descriptor that is not a zxvmo
 * control device, only a program that closes libzx's descriptor while
 * another thread is creating a VMO can win that race, as with any
 * library's descriptor.  (lseek() is the cheapest question a file answers:
 * no security hook, nothing copied; fstat() cost four times as much, a
 * tenth of a create.)
 *
 * - fork(): the child inherits the descriptor, the same open file; fine.
 * - exec(): it is O_CLOEXEC; the new program opens its own.
 * - A module loaded after the process started: nothing is cached while
 *   opening fails, so the first create after the load opens it.
 * - Cost: an open control file holds the module, so rmmod waits for the
 *   processes that created VMOs to exit (as for those that hold VMOs).
 *
 * Thread safety without a lock (so fork() at any time is safe): the cache
 * is a pointer to an immutable record, replaced with compare-and-swap.  A
 * record that was replaced cannot be freed (another thread may be reading
 * it): a few bytes each time the program closed libzx's descriptor.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "zxl.h"

struct zxl_control {
	int fd;
	off_t id;	/* the open file's identity: its lseek() position */
};

static _Atomic(struct zxl_control *) zxl_control_cache;

static off_t zxl_control_id(int fd)
{
	return lseek(fd, 0, SEEK_CUR);
}

/*
 * Open the device (O_RDWR | O_CLOEXEC) and map the errno to a status.  It
 * stays open, so it is kept off 0, 1 and 2: a program that closed its
 * standard streams and opens new ones expects to get those numbers back.
 */
static zx_status_t zxl_open_control(int *fd)
{
	int c = open(ZXL_CONTROL_DEVICE, O_RDWR | O_CLOEXEC);

	if (c >= 0 && c <= STDERR_FILENO) {
		int moved = fcntl(c, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
		int err = errno;

		close(c);
		c = moved;
		errno = err;
	}
	if (c >= 0) {
		*fd = c;
		return ZX_OK;
	}
	switch (errno) {
	case ENOENT:
	case ENODEV:
	case ENXIO:
	case ENOTDIR:
		return ZX_ERR_NOT_SUPPORTED;
	case EACCES:
	case EPERM:
	case EROFS:
		return ZX_ERR_ACCESS_DENIED;
	case EMFILE:
	case ENFILE:
	case EINVAL: /* no descriptor above 2 within RLIMIT_NOFILE */
		return ZX_ERR_NO_RESOURCES;
	case ENOMEM:
		return ZX_ERR_NO_MEMORY;
	default:
		return ZX_ERR_INTERNAL;
	}
}

/*
 * A new record for a newly opened control device.  A device without an
 * identity (position 0, or none) is not this version's zxvmo module:
 * ZX_ERR_NOT_SUPPORTED, as for a module that does not know the create.
 */
static zx_status_t zxl_control_new(struct zxl_control **out)
{
	struct zxl_control *c;
	zx_status_t status;
	int fd = -1;
	off_t id;

	status = zxl_open_control(&fd);
	if (status != ZX_OK)
		return status;
	id = zxl_control_id(fd);
	if (id <= 0) {
		close(fd);
		return ZX_ERR_NOT_SUPPORTED;
	}
	c = malloc(sizeof(*c));
	if (!c) {
		close(fd);
		return ZX_ERR_NO_MEMORY;
	}
	c->fd = fd;
	c->id = id;
	*out = c;
	return ZX_OK;
}

zx_status_t zxl_control(int *fd)
{
	struct zxl_control *c = atomic_load_explicit(&zxl_control_cache, memory_order_acquire);

	for (;;) {
		struct zxl_control *fresh = NULL;
		zx_status_t status;

		if (c && zxl_control_id(c->fd) == c->id) {
			*fd = c->fd;
			return ZX_OK;
		}
		/* None yet, or the program closed or replaced ours: not ours to close. */
		status = zxl_control_new(&fresh);
		if (status != ZX_OK)
			return status;
		if (atomic_compare_exchange_strong_explicit(&zxl_control_cache, &c, fresh,
							    memory_order_acq_rel,
							    memory_order_acquire)) {
			*fd = fresh->fd;
			return ZX_OK;
		}
		/* Another thread put a new one there first (now in @c): use that. */
		close(fresh->fd);
		free(fresh);
	}
}
