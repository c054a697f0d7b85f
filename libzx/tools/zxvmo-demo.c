// SPDX-License-Identifier: BSD-2-Clause
/*
 * zxvmo-demo: a tour of Zircon VMOs on Linux.
 *
 * Creates a VMO, names it, writes text into it, maps it and reads the text
 * back through the mapping, then hands a read-only handle to a child
 * process over a Unix socket.  The child reads the text and finds that it
 * may not write.  Finally the parent shows what zx_object_get_info() says
 * about the VMO.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zircon/process.h>
#include <zircon/rights.h>
#include <zircon/status.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/object.h>
#include <zircon/types.h>

static const char kGreeting[] = "Hello from a Zircon VMO, living in a Linux kernel!";

#define READ_ONLY_RIGHTS                                                             \
	(ZX_RIGHT_READ | ZX_RIGHT_MAP | ZX_RIGHT_WAIT | ZX_RIGHT_INSPECT |           \
	 ZX_RIGHT_GET_PROPERTY | ZX_RIGHT_TRANSFER)

static int failed(const char *what, zx_status_t st)
{
	fprintf(stderr, "zxvmo-demo: %s failed: %s (%d)\n", what, zx_status_get_string(st), st);
	return 1;
}

static void print_rights(const char *prefix, zx_rights_t r)
{
	static const struct {
		zx_rights_t bit;
		const char *name;
	} names[] = {
		{ ZX_RIGHT_DUPLICATE, "DUPLICATE" },
		{ ZX_RIGHT_TRANSFER, "TRANSFER" },
		{ ZX_RIGHT_READ, "READ" },
		{ ZX_RIGHT_WRITE, "WRITE" },
		{ ZX_RIGHT_EXECUTE, "EXECUTE" },
		{ ZX_RIGHT_MAP, "MAP" },
		{ ZX_RIGHT_GET_PROPERTY, "GET_PROPERTY" },
		{ ZX_RIGHT_SET_PROPERTY, "SET_PROPERTY" },
		{ ZX_RIGHT_SIGNAL, "SIGNAL" },
		{ ZX_RIGHT_WAIT, "WAIT" },
		{ ZX_RIGHT_INSPECT, "INSPECT" },
	};
	const char *sep = "";
	size_t i;

	printf("%s0x%08" PRIx32 " (", prefix, r);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (r & names[i].bit) {
			printf("%s%s", sep, names[i].name);
			sep = "|";
		}
	}
	printf(")\n");
}

/* Send handle @h over the socket @sock (SCM_RIGHTS). */
static int send_handle(int sock, zx_handle_t h)
{
	char byte = 'h';
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	union {
		struct cmsghdr hdr;
		char buf[CMSG_SPACE(sizeof(int))];
	} control;
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = control.buf,
		.msg_controllen = sizeof(control.buf),
	};
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
	int fd = (int)h;

	memset(&control, 0, sizeof(control));
	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

/* Receive a handle sent by send_handle(). */
static zx_handle_t recv_handle(int sock)
{
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	union {
		struct cmsghdr hdr;
		char buf[CMSG_SPACE(sizeof(int))];
	} control;
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = control.buf,
		.msg_controllen = sizeof(control.buf),
	};
	struct cmsghdr *cmsg;
	int fd;

	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1)
		return ZX_HANDLE_INVALID;
	cmsg = CMSG_FIRSTHDR(&msg);
	if (!cmsg || cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS)
		return ZX_HANDLE_INVALID;
	memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
	return (zx_handle_t)fd;
}

/* The child: gets a read-only handle and tries to use it. */
static int child(int sock)
{
	char text[sizeof(kGreeting)] = { 0 };
	zx_info_handle_basic_t basic;
	zx_vaddr_t addr;
	zx_handle_t vmo = recv_handle(sock);
	zx_status_t st;
	int ok = 1;

	close(sock);
	if (vmo == ZX_HANDLE_INVALID) {
		fprintf(stderr, "  [child %d] no handle received\n", (int)getpid());
		return 1;
	}
	printf("  [child %d] received handle %" PRIu32 " over the socket\n", (int)getpid(), vmo);
	st = zx_object_get_info(vmo, ZX_INFO_HANDLE_BASIC, &basic, sizeof(basic), NULL, NULL);
	if (st != ZX_OK)
		return failed("child: zx_object_get_info(ZX_INFO_HANDLE_BASIC)", st);
	printf("  [child %d] koid %" PRIu64 ", ", (int)getpid(), basic.koid);
	print_rights("rights ", basic.rights);

	st = zx_vmo_read(vmo, text, 0, sizeof(kGreeting) - 1);
	if (st != ZX_OK)
		return failed("child: zx_vmo_read", st);
	printf("  [child %d] zx_vmo_read:  \"%s\"\n", (int)getpid(), text);

	st = zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, vmo, 0,
			 zx_system_get_page_size(), &addr);
	if (st != ZX_OK)
		return failed("child: zx_vmar_map(READ)", st);
	printf("  [child %d] read-only mapping at 0x%" PRIxPTR ": \"%.*s\"\n", (int)getpid(),
	       addr, (int)sizeof(kGreeting) - 1, (const char *)addr);
	zx_vmar_unmap(zx_vmar_root_self(), addr, zx_system_get_page_size());

	st = zx_vmo_write(vmo, "graffiti", 0, 8);
	printf("  [child %d] zx_vmo_write: %s%s\n", (int)getpid(), zx_status_get_string(st),
	       st == ZX_ERR_ACCESS_DENIED ? " (the handle has no ZX_RIGHT_WRITE)" : "");
	ok &= st == ZX_ERR_ACCESS_DENIED;

	st = zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, vmo, 0,
			 zx_system_get_page_size(), &addr);
	printf("  [child %d] writable zx_vmar_map: %s\n", (int)getpid(), zx_status_get_string(st));
	ok &= st == ZX_ERR_ACCESS_DENIED;

	zx_handle_close(vmo);
	return ok ? 0 : 1;
}

/*
 * What an operator sees: the zxvmo-stat tool, when it sits next to the
 * demo (as in `make demo`), lists every VMO over generic netlink.
 */
static void show_system_view(void)
{
	if (access("./zxvmo-stat", X_OK))
		return;
	printf("   every VMO on the system, as `zxvmo-stat` shows them:\n");
	fflush(stdout);
	if (system("./zxvmo-stat | sed 's/^/     /'") != 0)
		printf("   (zxvmo-stat failed)\n");
}

int main(void)
{
	const size_t page = zx_system_get_page_size();
	char name[ZX_MAX_NAME_LEN] = { 0 };
	zx_handle_t vmo, ro, snapshot;
	zx_signals_t observed = 0;
	zx_info_vmo_t info;
	zx_vaddr_t addr;
	zx_status_t st;
	int sv[2], status;
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("zxvmo-demo: Zircon virtual memory objects on Linux (page size %zu)\n\n", page);

	st = zx_vmo_create(page, 0, &vmo);
	if (st == ZX_ERR_NOT_SUPPORTED) {
		fprintf(stderr, "zxvmo-demo: zx_vmo_create: %s -- is the zxvmo module loaded "
				"(/dev/zxvmo)?\n", zx_status_get_string(st));
		return 1;
	}
	if (st != ZX_OK)
		return failed("zx_vmo_create", st);
	printf("1. zx_vmo_create(%zu) -> handle %" PRIu32 "\n", page, vmo);

	st = zx_object_set_property(vmo, ZX_PROP_NAME, "zxvmo-demo", strlen("zxvmo-demo"));
	if (st != ZX_OK)
		return failed("zx_object_set_property(ZX_PROP_NAME)", st);
	st = zx_object_get_property(vmo, ZX_PROP_NAME, name, sizeof(name));
	if (st != ZX_OK)
		return failed("zx_object_get_property(ZX_PROP_NAME)", st);
	printf("2. named it \"%s\"\n", name);

	st = zx_vmo_write(vmo, kGreeting, 0, sizeof(kGreeting) - 1);
	if (st != ZX_OK)
		return failed("zx_vmo_write", st);
	printf("3. zx_vmo_write: \"%s\"\n", kGreeting);

	st = zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, vmo, 0, page,
			 &addr);
	if (st != ZX_OK)
		return failed("zx_vmar_map", st);
	printf("4. zx_vmar_map -> 0x%" PRIxPTR ", reading through the mapping: \"%.*s\"\n", addr,
	       (int)sizeof(kGreeting) - 1, (const char *)addr);

	st = zx_handle_duplicate(vmo, READ_ONLY_RIGHTS, &ro);
	if (st != ZX_OK)
		return failed("zx_handle_duplicate", st);
	printf("5. zx_handle_duplicate -> handle %" PRIu32 " with ", ro);
	print_rights("rights ", READ_ONLY_RIGHTS);

	printf("6. forking a child and sending it the read-only handle (SCM_RIGHTS)\n");
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		perror("zxvmo-demo: socketpair");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("zxvmo-demo: fork");
		return 1;
	}
	if (pid == 0) {
		/* Keep nothing of the parent's: the socket brings the handle. */
		zx_vmar_unmap(zx_vmar_root_self(), addr, page);
		zx_handle_close(vmo);
		zx_handle_close(ro);
		close(sv[0]);
		_exit(child(sv[1]));
	}
	close(sv[1]);
	if (send_handle(sv[0], ro) < 0) {
		perror("zxvmo-demo: sendmsg");
		return 1;
	}
	close(sv[0]);
	zx_handle_close(ro);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "zxvmo-demo: the child did not see what it should have\n");
		return 1;
	}

	st = zx_object_get_info(vmo, ZX_INFO_VMO, &info, sizeof(info), NULL, NULL);
	if (st != ZX_OK)
		return failed("zx_object_get_info(ZX_INFO_VMO)", st);
	printf("7. zx_object_get_info(ZX_INFO_VMO):\n");
	printf("     koid             %" PRIu64 "\n", info.koid);
	printf("     name             \"%s\"\n", info.name);
	printf("     size             %" PRIu64 " bytes\n", info.size_bytes);
	printf("     committed        %" PRIu64 " bytes\n", info.committed_bytes);
	print_rights("     handle rights    ", info.handle_rights);
	printf("     share count      %zu\n", info.share_count);
	printf("     mappings         %zu\n", info.num_mappings);

	st = zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0, page, &snapshot);
	if (st == ZX_OK) {
		st = zx_object_wait_one(vmo, ZX_VMO_ZERO_CHILDREN, 0, &observed);
		printf("8. with a snapshot child, polling ZX_VMO_ZERO_CHILDREN: %s\n",
		       zx_status_get_string(st));
		show_system_view();
		zx_handle_close(snapshot);
		st = zx_object_wait_one(vmo, ZX_VMO_ZERO_CHILDREN, zx_deadline_after(ZX_SEC(1)),
					&observed);
		printf("   after closing the child: %s, observed 0x%" PRIx32 "\n",
		       zx_status_get_string(st), observed);
	} else {
		/* Not fatal: a module without COW children still runs the tour. */
		printf("8. (no snapshot child: zx_vmo_create_child: %s)\n",
		       zx_status_get_string(st));
	}

	zx_vmar_unmap(zx_vmar_root_self(), addr, page);
	zx_handle_close(vmo);
	printf("\nDone.\n");
	return 0;
}
