// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "zxvmo": the VMO dump (figures, visibility,
 * scale), the totals, the reclaim command's permission and strict request
 * validation.  Dumps go through libnl-genl (like zxvmo-stat); malformed
 * requests are built by hand on a raw NETLINK_GENERIC socket.
 */
#include "zxvmo_test.h"

#include <grp.h>
#include <sched.h>
#include <sys/resource.h>
#include <time.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/zxvmo_netlink.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#define NOBODY 65534

struct rec {
	uint64_t koid, parent, size, content_size, committed;
	uint32_t kind, flags, children, handles, mappings, cache, pid, uid;
	char name[ZX_MAX_NAME_LEN];
};

struct dump {
	struct rec *r;
	size_t n, cap;
	int bad;		/* messages with a wrong version or no koid */
};

struct nl {
	struct nl_sock *sock;
	int family;
};

/* ---- libnl helpers; they return a negative errno, never ASSERT ---- */

static int zn_open(struct nl *nl)
{
	nl->sock = nl_socket_alloc();
	if (!nl->sock)
		return -ENOMEM;
	if (genl_connect(nl->sock) < 0) {
		nl_socket_free(nl->sock);
		return -EIO;
	}
	nl->family = genl_ctrl_resolve(nl->sock, ZXVMO_NL_FAMILY_NAME);
	if (nl->family < 0) {
		nl_socket_free(nl->sock);
		return -ENOENT;
	}
	return 0;
}

static void zn_close(struct nl *nl)
{
	nl_socket_free(nl->sock);
}

static uint64_t a64(struct nlattr **tb, int t)
{
	return tb[t] ? nla_get_u64(tb[t]) : ~0ull;
}

static uint32_t a32(struct nlattr **tb, int t)
{
	return tb[t] ? nla_get_u32(tb[t]) : ~0u;
}

static int dump_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct nlattr *tb[ZXVMO_NL_A_MAX + 1];
	struct dump *d = arg;
	struct rec *r;

	if (gh->version != ZXVMO_NL_VERSION ||
	    gh->cmd != ZXVMO_NL_CMD_GET_VMO ||
	    genlmsg_parse(nlh, 0, tb, ZXVMO_NL_A_MAX, NULL) < 0 ||
	    !tb[ZXVMO_NL_A_VMO_KOID]) {
		d->bad++;
		return NL_OK;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->r = realloc(d->r, d->cap * sizeof(*d->r));
		if (!d->r)
			abort();
	}
	r = &d->r[d->n++];
	memset(r, 0, sizeof(*r));
	r->koid = a64(tb, ZXVMO_NL_A_VMO_KOID);
	r->parent = a64(tb, ZXVMO_NL_A_VMO_PARENT_KOID);
	r->size = a64(tb, ZXVMO_NL_A_VMO_SIZE);
	r->content_size = a64(tb, ZXVMO_NL_A_VMO_CONTENT_SIZE);
	r->committed = a64(tb, ZXVMO_NL_A_VMO_COMMITTED);
	r->kind = a32(tb, ZXVMO_NL_A_VMO_KIND);
	r->flags = a32(tb, ZXVMO_NL_A_VMO_FLAGS);
	r->children = a32(tb, ZXVMO_NL_A_VMO_CHILDREN);
	r->handles = a32(tb, ZXVMO_NL_A_VMO_HANDLES);
	r->mappings = a32(tb, ZXVMO_NL_A_VMO_MAPPINGS);
	r->cache = a32(tb, ZXVMO_NL_A_VMO_CACHE_POLICY);
	r->pid = a32(tb, ZXVMO_NL_A_VMO_PID);
	r->uid = a32(tb, ZXVMO_NL_A_VMO_UID);
	if (tb[ZXVMO_NL_A_VMO_NAME])
		nla_strlcpy(r->name, tb[ZXVMO_NL_A_VMO_NAME], sizeof(r->name));
	return NL_OK;
}

static int nl_errno(int err)
{
	switch (-err) {
	case NLE_PERM:
		return -EPERM;
	case NLE_NOACCESS:
		return -EACCES;
	case NLE_INVAL:
		return -EINVAL;
	case NLE_OPNOTSUPP:
		return -EOPNOTSUPP;
	default:
		return err < 0 ? -EIO : 0;
	}
}

/* Send @cmd, run @cb on every reply until the end (DONE or ACK). */
static int nl_request(struct nl *nl, uint8_t cmd, int flags, int pid,
		      nl_recvmsg_msg_cb_t cb, void *arg)
{
	struct nl_msg *msg = nlmsg_alloc();
	int err;

	if (!msg)
		return -ENOMEM;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, flags,
			 cmd, ZXVMO_NL_VERSION) ||
	    (pid >= 0 && nla_put_u32(msg, ZXVMO_NL_A_VMO_PID, pid) < 0)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_socket_modify_cb(nl->sock, NL_CB_VALID, NL_CB_CUSTOM, cb, arg);
	err = nl_send_auto(nl->sock, msg);
	nlmsg_free(msg);
	if (err < 0)
		return nl_errno(err);
	err = nl_recvmsgs_default(nl->sock);
	if (err >= 0 && !(flags & NLM_F_DUMP))
		err = nl_wait_for_ack(nl->sock);
	return nl_errno(err);
}

/* Every VMO the caller may see (only those of process @pid if >= 0). */
static int dump_vmos(struct dump *d, int pid)
{
	struct nl nl;
	int err;

	memset(d, 0, sizeof(*d));
	err = zn_open(&nl);
	if (err)
		return err;
	err = nl_request(&nl, ZXVMO_NL_CMD_GET_VMO, NLM_F_DUMP, pid, dump_cb,
			 d);
	zn_close(&nl);
	if (!err && d->bad)
		err = -EBADMSG;
	return err;
}

static const struct rec *find(const struct dump *d, uint64_t koid)
{
	const struct rec *found = NULL;
	size_t i;

	for (i = 0; i < d->n; i++) {
		if (d->r[i].koid != koid)
			continue;
		if (found)
			return NULL;	/* listed twice: a failure too */
		found = &d->r[i];
	}
	return found;
}

struct totals {
	uint64_t v[ZXVMO_NL_A_MAX + 1];
	bool got;
};

static int totals_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[ZXVMO_NL_A_MAX + 1];
	struct totals *t = arg;
	int i;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, ZXVMO_NL_A_MAX, NULL) < 0)
		return NL_SKIP;
	for (i = ZXVMO_NL_A_TOTAL_VMOS; i <= ZXVMO_NL_A_TOTAL_RECLAIMED_PAGES;
	     i++)
		t->v[i] = a64(tb, i);
	t->v[ZXVMO_NL_A_RECLAIM_PAGES] = a64(tb, ZXVMO_NL_A_RECLAIM_PAGES);
	t->got = true;
	return NL_OK;
}

static int simple_cmd(uint8_t cmd, struct totals *t)
{
	struct nl nl;
	int err;

	memset(t, 0, sizeof(*t));
	err = zn_open(&nl);
	if (err)
		return err;
	err = nl_request(&nl, cmd, 0, -1, totals_cb, t);
	zn_close(&nl);
	if (!err && !t->got)
		err = -ENODATA;
	return err;
}

/* ---- a raw generic netlink socket for malformed requests ---- */

static int raw_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -errno;
	}
	return fd;
}

struct raw_msg {
	struct nlmsghdr nlh;
	struct genlmsghdr gh;
	unsigned char attrs[64];
};


/*
 * Send @m (nlmsg_len already set): a negative errno from its NLMSG_ERROR,
 * else the number of data messages before the ACK or NLMSG_DONE.
 */
static int raw_exchange(int fd, struct raw_msg *m, uint32_t seq)
{
	static char buf[65536];
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int data = 0;

	m->nlh.nlmsg_seq = seq;
	if (sendto(fd, m, m->nlh.nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0)
		return -errno;
	while (poll(&p, 1, 2000) == 1) {
		ssize_t len = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

		if (len < 0)
			return -errno;
		for (; NLMSG_OK(nlh, (size_t)len); nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				int err = ((struct nlmsgerr *)
					   NLMSG_DATA(nlh))->error;

				return err ? err : data;
			}
			if (nlh->nlmsg_type == NLMSG_DONE)
				return data;
			data++;
		}
	}
	return -ETIMEDOUT;
}

static void raw_init(struct raw_msg *m, int family, uint8_t cmd,
		     uint16_t flags, size_t attrs_len)
{
	memset(m, 0, sizeof(*m));
	m->nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN + attrs_len);
	m->nlh.nlmsg_type = family;
	m->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	m->gh.cmd = cmd;
	m->gh.version = ZXVMO_NL_VERSION;
}

/* Give @m one attribute with @len payload bytes (padded). */
static void raw_attr(struct raw_msg *m, uint16_t type, const void *data,
		     uint16_t len)
{
	struct nlattr nla = { .nla_len = NLA_HDRLEN + len, .nla_type = type };

	memcpy(m->attrs, &nla, sizeof(nla));
	memcpy(m->attrs + NLA_HDRLEN, data, len);
	m->nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN +
					NLA_ALIGN(NLA_HDRLEN + len));
}

/* ---- tests ---- */

/* The dump as root lists exactly the VMOs of this test, with their figures. */
TEST(dump_figures)
{
	zx_handle_t a, b, c, s, a2;
	zx_koid_t ka, kb, kc, ks;
	const struct rec *r;
	struct dump d;
	void *map;
	size_t i;

	a = vmo_new(_metadata, 3 * PAGE + 5, 0);
	b = vmo_new(_metadata, 100, ZX_VMO_RESIZABLE);
	ka = koid_of(_metadata, a);
	kb = koid_of(_metadata, b);
	ASSERT_EQ(ZX_OK, zx_object_set_property(a, ZX_PROP_NAME, "nl-a", 4));
	fill(_metadata, a, 0, 2 * PAGE, 0x11);
	fill(_metadata, b, 0, 1, 0x22);

	ASSERT_EQ(0, dump_vmos(&d, -1));
	ASSERT_EQ(2u, d.n);
	r = find(&d, ka);
	ASSERT_NE(NULL, r);
	EXPECT_STREQ("nl-a", r->name);
	EXPECT_EQ(4 * PAGE, r->size);
	EXPECT_EQ(3 * PAGE + 5, r->content_size);
	EXPECT_EQ(2 * PAGE, r->committed);
	EXPECT_EQ(0u, r->parent);
	EXPECT_EQ((uint32_t)ZXVMO_NL_KIND_PAGED, r->kind);
	EXPECT_EQ(0u, r->flags);
	EXPECT_EQ(0u, r->children);
	EXPECT_EQ(1u, r->handles);
	EXPECT_EQ(0u, r->mappings);
	EXPECT_EQ((uint32_t)ZXVMO_CACHE_POLICY_CACHED, r->cache);
	EXPECT_EQ((uint32_t)getpid(), r->pid);
	EXPECT_EQ(getuid(), r->uid);
	r = find(&d, kb);
	ASSERT_NE(NULL, r);
	EXPECT_STREQ("", r->name);
	EXPECT_EQ(PAGE, r->size);
	EXPECT_EQ(100u, r->content_size);
	EXPECT_EQ(PAGE, r->committed);
	EXPECT_EQ(ZXVMO_NL_VMO_F_RESIZABLE, r->flags);
	free(d.r);

	/* A snapshot, a write into it, a slice, a second handle, a mapping. */
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(a, ZX_VMO_CHILD_SNAPSHOT, 0,
					     2 * PAGE, &c));
	fill(_metadata, c, PAGE, 10, 0x33);
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(a, ZX_VMO_CHILD_SLICE, PAGE,
					     PAGE, &s));
	kc = koid_of(_metadata, c);
	ks = koid_of(_metadata, s);
	a2 = dup_rights(_metadata, a, ZX_RIGHT_SAME_RIGHTS);
	map = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, a, 0);
	ASSERT_NE(MAP_FAILED, map);

	ASSERT_EQ(0, dump_vmos(&d, -1));
	ASSERT_EQ(4u, d.n);
	r = find(&d, ka);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(2u, r->children);
	EXPECT_EQ(2u, r->handles);
	EXPECT_EQ(1u, r->mappings);
	EXPECT_EQ(committed(_metadata, a), r->committed);
	EXPECT_EQ(2 * PAGE, r->committed);
	r = find(&d, kc);
	ASSERT_NE(NULL, r);
	EXPECT_EQ((uint32_t)ZXVMO_NL_KIND_COW_CHILD, r->kind);
	EXPECT_EQ(ka, r->parent);
	EXPECT_EQ(2 * PAGE, r->size);
	EXPECT_EQ(committed(_metadata, c), r->committed);
	EXPECT_EQ(PAGE, r->committed);
	EXPECT_STREQ("nl-a", r->name);
	EXPECT_EQ(1u, r->handles);
	r = find(&d, ks);
	ASSERT_NE(NULL, r);
	EXPECT_EQ((uint32_t)ZXVMO_NL_KIND_SLICE, r->kind);
	EXPECT_EQ(ka, r->parent);
	EXPECT_EQ(PAGE, r->size);
	EXPECT_EQ(0u, r->committed);
	r = find(&d, kb);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(committed(_metadata, b), r->committed);
	free(d.r);

	/* Closes: the snapshot goes, the parent counts one child less. */
	ASSERT_EQ(0, munmap(map, PAGE));
	ASSERT_EQ(ZX_OK, zx_handle_close(c));
	ASSERT_EQ(ZX_OK, zx_handle_close(a2));
	ASSERT_EQ(0, dump_vmos(&d, -1));
	ASSERT_EQ(3u, d.n);
	EXPECT_EQ(NULL, find(&d, kc));
	r = find(&d, ka);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(1u, r->children);
	EXPECT_EQ(1u, r->handles);
	EXPECT_EQ(0u, r->mappings);
	EXPECT_EQ(committed(_metadata, a), r->committed);
	free(d.r);

	ASSERT_EQ(ZX_OK, zx_handle_close(s));
	ASSERT_EQ(ZX_OK, zx_handle_close(a));
	ASSERT_EQ(ZX_OK, zx_handle_close(b));
	ASSERT_EQ(0, dump_vmos(&d, -1));
	for (i = 0; i < d.n; i++)
		TH_LOG("left over: koid %llu", (unsigned long long)d.r[i].koid);
	EXPECT_EQ(0u, d.n);
	free(d.r);
}

/* ZXVMO_NL_A_VMO_PID in the request filters by creating process. */
TEST(dump_by_pid)
{
	zx_handle_t a = vmo_new(_metadata, PAGE, 0);
	const struct rec *r;
	int sv[2], orphan;
	struct dump d;
	pid_t child;

	ASSERT_EQ(0, dump_vmos(&d, getpid()));
	ASSERT_EQ(1u, d.n);
	EXPECT_EQ(koid_of(_metadata, a), d.r[0].koid);
	free(d.r);
	ASSERT_EQ(0, dump_vmos(&d, 1));
	EXPECT_EQ(0u, d.n);
	free(d.r);

	/* A VMO outlives its creator: its pid then reads 0. */
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		zx_handle_t h;

		close(sv[0]);
		if (zx_vmo_create(PAGE, 0, &h) != ZX_OK || send_fd(sv[1], h))
			_exit(1);
		_exit(0);
	}
	close(sv[1]);
	orphan = recv_fd(sv[0]);
	close(sv[0]);
	ASSERT_EQ(0, wait_child(child));
	ASSERT_LE(0, orphan);
	ASSERT_EQ(0, dump_vmos(&d, -1));
	ASSERT_EQ(2u, d.n);
	r = find(&d, koid_of(_metadata, orphan));
	ASSERT_NE(NULL, r);
	EXPECT_EQ(0u, r->pid);
	EXPECT_EQ(getuid(), r->uid);
	r = find(&d, koid_of(_metadata, a));
	ASSERT_NE(NULL, r);
	EXPECT_EQ((uint32_t)getpid(), r->pid);
	free(d.r);
	/* ... and a dump by the dead pid finds nothing. */
	ASSERT_EQ(0, dump_vmos(&d, child));
	EXPECT_EQ(0u, d.n);
	free(d.r);
	close(orphan);
	zx_handle_close(a);
}

/*
 * A dump of a deep copy-on-write chain reads each VMO's committed bytes in
 * O(1): not by walking the 32 MiB its ancestors hold (about 100 s for 128
 * MiB at depth 128 when it did).
 */
#define DEEP_CHAIN	128
#define DEEP_BYTES	(32ull << 20)
/* 200 ms, ten times that on a debug kernel. */
#define DEEP_DUMP_NS	((debug_kernel() ? 2000ull : 200ull) * 1000 * 1000)

FIXTURE(deep) {
};

FIXTURE_SETUP(deep)
{
}

FIXTURE_TEARDOWN(deep)
{
}

TEST_F_TIMEOUT(deep, dump_chain, 600)
{
	zx_handle_t a = vmo_new(_metadata, DEEP_BYTES, 0), s[DEEP_CHAIN];
	zx_handle_t parent = a;
	const struct rec *r;
	struct timespec t0, t1;
	struct dump d;
	uint64_t ns;
	int i;

	ASSERT_EQ(ZX_OK, zx_vmo_op_range(a, ZX_VMO_OP_COMMIT, 0, DEEP_BYTES,
					 NULL, 0));
	for (i = 0; i < DEEP_CHAIN; i++) {
		ASSERT_EQ(ZX_OK, zx_vmo_create_child(parent,
						     ZX_VMO_CHILD_SNAPSHOT, 0,
						     DEEP_BYTES, &s[i]));
		parent = s[i];
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ASSERT_EQ(0, dump_vmos(&d, getpid()));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ns = (t1.tv_sec - t0.tv_sec) * 1000000000ull + t1.tv_nsec - t0.tv_nsec;
	TH_LOG("dump of %d VMOs: %llu us", DEEP_CHAIN + 1,
	       (unsigned long long)ns / 1000);
	EXPECT_EQ(DEEP_CHAIN + 1u, d.n);
	EXPECT_GT(DEEP_DUMP_NS, ns);
	r = find(&d, koid_of(_metadata, a));
	ASSERT_NE(NULL, r);
	EXPECT_EQ(DEEP_BYTES, r->committed);
	r = find(&d, koid_of(_metadata, s[DEEP_CHAIN - 1]));
	ASSERT_NE(NULL, r);
	EXPECT_EQ(0u, r->committed);
	free(d.r);
	for (i = 0; i < DEEP_CHAIN; i++)
		zx_handle_close(s[i]);
	zx_handle_close(a);
}

/*
 * In the child: fail with a distinct exit code per step.  uid 65534 sees
 * only its own VMOs, not root's; it may read the totals but not reclaim
 * nor subscribe to discard events.
 */
static int nobody_child(zx_koid_t root_koid)
{
	zx_handle_t h[2];
	zx_koid_t k[2];
	struct totals t;
	struct dump d;
	struct nl nl;
	int i, err, grp;

	if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
		return 10;
	for (i = 0; i < 2; i++) {
		zx_info_handle_basic_t info;

		if (zx_vmo_create(PAGE, 0, &h[i]) != ZX_OK)
			return 11;
		if (zx_object_get_info(h[i], ZX_INFO_HANDLE_BASIC, &info,
				       sizeof(info), NULL, NULL) != ZX_OK)
			return 12;
		k[i] = info.koid;
	}
	if (zx_vmo_write(h[0], "x", 0, 1) != ZX_OK)
		return 13;
	if (dump_vmos(&d, -1))
		return 14;
	if (d.n != 2 || !find(&d, k[0]) || !find(&d, k[1]))
		return 15;
	if (find(&d, root_koid))
		return 16;
	if (find(&d, k[0])->uid != NOBODY ||
	    find(&d, k[0])->committed != PAGE ||
	    find(&d, k[0])->pid != (uint32_t)getpid())
		return 17;
	free(d.r);
	if (simple_cmd(ZXVMO_NL_CMD_GET_TOTALS, &t))
		return 18;
	err = simple_cmd(ZXVMO_NL_CMD_RECLAIM, &t);
	if (err != -EPERM) {
		fprintf(stderr, "reclaim as nobody: %d\n", err);
		return 19;
	}
	if (zn_open(&nl))
		return 20;
	grp = genl_ctrl_resolve_grp(nl.sock, ZXVMO_NL_FAMILY_NAME,
				    ZXVMO_NL_MCGRP_DISCARD);
	if (grp < 0)
		return 21;
	err = nl_socket_add_membership(nl.sock, grp);
	if (nl_errno(err) != -EPERM)
		return 22;
	zn_close(&nl);
	return 0;
}

TEST(unprivileged_sees_own)
{
	zx_handle_t root_vmo = vmo_new(_metadata, PAGE, 0);
	zx_koid_t root_koid = koid_of(_metadata, root_vmo);
	struct totals t;
	struct dump d;
	pid_t child;
	int status;

	if (getuid() != 0)
		SKIP(return, "needs root");
	child = fork();
	ASSERT_LE(0, child);
	if (!child)
		_exit(nobody_child(root_koid));
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));

	/* Root sees its own VMO; the child's died with it. */
	ASSERT_EQ(0, dump_vmos(&d, -1));
	ASSERT_EQ(1u, d.n);
	EXPECT_EQ(root_koid, d.r[0].koid);
	free(d.r);

	/* Root may reclaim (nothing is discardable here). */
	ASSERT_EQ(0, simple_cmd(ZXVMO_NL_CMD_RECLAIM, &t));
	EXPECT_EQ(0u, t.v[ZXVMO_NL_A_RECLAIM_PAGES]);
	zx_handle_close(root_vmo);
}

/* The totals agree with the dump when every VMO is live. */
TEST(totals_match_dump)
{
	zx_handle_t h[6], snap;
	uint64_t sum = 0;
	struct totals t;
	struct dump d;
	size_t i;

	for (i = 0; i < 6; i++) {
		h[i] = vmo_new(_metadata, 4 * PAGE, 0);
		fill(_metadata, h[i], 0, i * PAGE / 2 + 1, (uint8_t)i);
	}
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(h[5], ZX_VMO_CHILD_SNAPSHOT, 0,
					     4 * PAGE, &snap));
	fill(_metadata, snap, 0, 1, 0x77);
	fill(_metadata, h[5], PAGE, 1, 0x78);

	ASSERT_EQ(0, dump_vmos(&d, -1));
	ASSERT_EQ(0, simple_cmd(ZXVMO_NL_CMD_GET_TOTALS, &t));
	EXPECT_EQ(7u, d.n);
	for (i = 0; i < d.n; i++)
		sum += d.r[i].committed;
	EXPECT_EQ(d.n, t.v[ZXVMO_NL_A_TOTAL_VMOS]);
	EXPECT_EQ(sum / PAGE, t.v[ZXVMO_NL_A_TOTAL_COMMITTED_PAGES]);
	/*
	 * h[5]'s 3 pages went into the snapshot's hidden node; each side then
	 * copied one it wrote, and all 3 stay there (each seen by a side).
	 */
	EXPECT_EQ(3u, t.v[ZXVMO_NL_A_TOTAL_SHARED_PAGES]);
	EXPECT_EQ(0u, t.v[ZXVMO_NL_A_TOTAL_DISCARD_LOCKED]);
	EXPECT_EQ(0u, t.v[ZXVMO_NL_A_TOTAL_DISCARD_UNLOCKED]);
	EXPECT_EQ(0u, t.v[ZXVMO_NL_A_TOTAL_DISCARDED]);
	EXPECT_NE(~0ull, t.v[ZXVMO_NL_A_TOTAL_RECLAIMED_PAGES]);
	free(d.r);
	zx_handle_close(snap);
	for (i = 0; i < 6; i++)
		zx_handle_close(h[i]);
}

/* One discard event: what the multicast group told us. */
struct event {
	uint64_t koid, pages;
	int n;
};

static int event_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[ZXVMO_NL_A_MAX + 1];
	struct genlmsghdr *g = nlmsg_data(nlmsg_hdr(msg));
	struct event *e = arg;

	if (g->cmd != ZXVMO_NL_CMD_DISCARD ||
	    genlmsg_parse(nlmsg_hdr(msg), 0, tb, ZXVMO_NL_A_MAX, NULL) < 0)
		return NL_SKIP;
	e->koid = a64(tb, ZXVMO_NL_A_EVENT_KOID);
	e->pages = a64(tb, ZXVMO_NL_A_EVENT_PAGES);
	e->n++;
	return NL_OK;
}

/* A discardable VMO of @pages committed pages, locked once and unlocked. */
static zx_handle_t reclaimable(struct __test_metadata *_metadata, size_t pages)
{
	zx_vmo_lock_state_t st;
	zx_handle_t h = ZX_HANDLE_INVALID;

	EXPECT_EQ(ZX_OK, zx_vmo_create(pages * PAGE, ZX_VMO_DISCARDABLE, &h));
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(h, ZX_VMO_OP_LOCK, 0, pages * PAGE, &st,
					 sizeof(st)));
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(h, ZX_VMO_OP_COMMIT, 0, pages * PAGE,
					 NULL, 0));
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(h, ZX_VMO_OP_UNLOCK, 0, pages * PAGE,
					 NULL, 0));
	return h;
}

/* drop_caches runs the shrinker: the group hears (koid, pages freed). */
TEST(discard_event_after_drop_caches)
{
	struct totals before, after;
	struct event e = { 0 };
	zx_handle_t h = reclaimable(_metadata, 3);
	zx_koid_t koid = koid_of(_metadata, h);
	struct nl nl;
	int grp, fd;

	ASSERT_EQ(0, simple_cmd(ZXVMO_NL_CMD_GET_TOTALS, &before));
	EXPECT_EQ(1u, before.v[ZXVMO_NL_A_TOTAL_DISCARD_UNLOCKED]);
	ASSERT_EQ(0, zn_open(&nl));
	grp = genl_ctrl_resolve_grp(nl.sock, ZXVMO_NL_FAMILY_NAME,
				    ZXVMO_NL_MCGRP_DISCARD);
	ASSERT_LE(0, grp);
	nl_socket_disable_seq_check(nl.sock);
	ASSERT_EQ(0, nl_socket_add_membership(nl.sock, grp));
	nl_socket_modify_cb(nl.sock, NL_CB_VALID, NL_CB_CUSTOM, event_cb, &e);

	fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(1, write(fd, "2", 1));
	close(fd);
	while (!e.n)
		ASSERT_LE(0, nl_recvmsgs_default(nl.sock));
	EXPECT_EQ(koid, e.koid);
	EXPECT_EQ(3u, e.pages);
	zn_close(&nl);

	ASSERT_EQ(0, simple_cmd(ZXVMO_NL_CMD_GET_TOTALS, &after));
	EXPECT_EQ(0u, after.v[ZXVMO_NL_A_TOTAL_DISCARD_UNLOCKED]);
	EXPECT_EQ(1u, after.v[ZXVMO_NL_A_TOTAL_DISCARDED]);
	EXPECT_EQ(before.v[ZXVMO_NL_A_TOTAL_RECLAIMED_PAGES] + 3,
		  after.v[ZXVMO_NL_A_TOTAL_RECLAIMED_PAGES]);
	zx_handle_close(h);
}

/* The reclaim command discards every unlocked discardable VMO at once. */
TEST(reclaim_discards_unlocked)
{
	zx_handle_t a = reclaimable(_metadata, 2), b = reclaimable(_metadata, 5);
	zx_handle_t locked = reclaimable(_metadata, 1);
	zx_vmo_lock_state_t st;
	struct totals t;

	ASSERT_EQ(ZX_OK, zx_vmo_op_range(locked, ZX_VMO_OP_LOCK, 0, PAGE, &st,
					 sizeof(st)));
	ASSERT_EQ(0, simple_cmd(ZXVMO_NL_CMD_RECLAIM, &t));
	EXPECT_EQ(7u, t.v[ZXVMO_NL_A_RECLAIM_PAGES]);
	EXPECT_EQ(ZX_ERR_UNAVAILABLE,
		  zx_vmo_op_range(a, ZX_VMO_OP_TRY_LOCK, 0, 2 * PAGE, NULL, 0));
	EXPECT_EQ(ZX_ERR_UNAVAILABLE,
		  zx_vmo_op_range(b, ZX_VMO_OP_TRY_LOCK, 0, 5 * PAGE, NULL, 0));
	ASSERT_EQ(0, simple_cmd(ZXVMO_NL_CMD_GET_TOTALS, &t));
	EXPECT_EQ(1u, t.v[ZXVMO_NL_A_TOTAL_DISCARD_LOCKED]);
	EXPECT_EQ(0u, t.v[ZXVMO_NL_A_TOTAL_DISCARD_UNLOCKED]);
	EXPECT_EQ(2u, t.v[ZXVMO_NL_A_TOTAL_DISCARDED]);
	EXPECT_EQ(1u, t.v[ZXVMO_NL_A_TOTAL_COMMITTED_PAGES]);
	zx_handle_close(a);
	zx_handle_close(b);
	zx_handle_close(locked);
}

#define RECLAIM_MANY 100
#define BUSY_PAGES 4096

/*
 * Many unlocked VMOs, the least recently unlocked one busy: reclaim takes
 * one tree lock at a time, skips the busy VMO and discards all the
 * others; its reply and the totals agree.
 */
TEST(reclaim_many_skips_busy)
{
	struct busy_committer b = { .size = BUSY_PAGES * PAGE };
	zx_handle_t h[RECLAIM_MANY];
	struct totals before, t;
	uint64_t busy_pages;
	pthread_t thread;
	int i;

	b.h = reclaimable(_metadata, BUSY_PAGES);
	for (i = 0; i < RECLAIM_MANY; i++)
		h[i] = reclaimable(_metadata, 1);
	ASSERT_EQ(0, simple_cmd(ZXVMO_NL_CMD_GET_TOTALS, &before));
	EXPECT_EQ(RECLAIM_MANY + 1u, before.v[ZXVMO_NL_A_TOTAL_DISCARD_UNLOCKED]);
	ASSERT_EQ(0, pthread_create(&thread, NULL, busy_commit, &b));
	while (atomic_load(&b.rounds) < 2)
		usleep(1000);
	ASSERT_EQ(0, simple_cmd(ZXVMO_NL_CMD_RECLAIM, &t));
	atomic_store(&b.stop, true);
	pthread_join(thread, NULL);

	busy_pages = committed(_metadata, b.h) ? 0 : BUSY_PAGES;
	TH_LOG("busy VMO %s", busy_pages ? "discarded" : "kept");
	if (busy_pages) {
		EXPECT_EQ(ZX_ERR_NOT_FOUND, b.last);
	}
	EXPECT_EQ(RECLAIM_MANY + busy_pages, t.v[ZXVMO_NL_A_RECLAIM_PAGES]);
	for (i = 0; i < RECLAIM_MANY; i++)
		EXPECT_EQ(ZX_ERR_UNAVAILABLE,
			  zx_vmo_op_range(h[i], ZX_VMO_OP_TRY_LOCK, 0, PAGE,
					  NULL, 0));
	ASSERT_EQ(0, simple_cmd(ZXVMO_NL_CMD_GET_TOTALS, &t));
	EXPECT_EQ(busy_pages ? 0u : 1u, t.v[ZXVMO_NL_A_TOTAL_DISCARD_UNLOCKED]);
	EXPECT_EQ(RECLAIM_MANY + (busy_pages ? 1u : 0u),
		  t.v[ZXVMO_NL_A_TOTAL_DISCARDED]);
	EXPECT_EQ(before.v[ZXVMO_NL_A_TOTAL_RECLAIMED_PAGES] + RECLAIM_MANY +
		  busy_pages, t.v[ZXVMO_NL_A_TOTAL_RECLAIMED_PAGES]);
	for (i = 0; i < RECLAIM_MANY; i++)
		zx_handle_close(h[i]);
	zx_handle_close(b.h);
}

/* VMOs whose creators are gone: each holds the last reference to its pid. */
#define ORPHANS 200
#define ORPHAN_ROUNDS 4

static char orphan_stack[64 << 10] __attribute__((aligned(16)));

static int orphan_fn(void *arg)
{
	zx_handle_t *h = arg;

	if (zx_vmo_create(PAGE, 0, h) != ZX_OK)
		*h = ZX_HANDLE_INVALID;
	return 0;
}

/* A VMO made by a short-lived process sharing our memory and fd table. */
static zx_handle_t orphan_vmo(void)
{
	zx_handle_t h = ZX_HANDLE_INVALID;
	pid_t pid;

	pid = clone(orphan_fn, orphan_stack + sizeof(orphan_stack),
		    CLONE_VM | CLONE_FILES | CLONE_VFORK | SIGCHLD, &h);
	if (pid < 0 || wait_child(pid))
		return ZX_HANDLE_INVALID;
	return h;
}

struct pid_dumper {
	atomic_bool stop;
	atomic_long dumps, errors;
};

static void *pid_dump_loop(void *arg)
{
	struct pid_dumper *p = arg;
	struct dump d;

	while (!atomic_load(&p->stop)) {
		if (dump_vmos(&d, 1) || d.n)
			atomic_fetch_add(&p->errors, 1);
		free(d.r);
		atomic_fetch_add(&p->dumps, 1);
	}
	return NULL;
}

/*
 * Dumps filtered by pid while VMOs of exited creators are closed: the
 * dump reads a VMO's creator only once it holds the VMO (the final close
 * puts the pid, which may free it).  On the debug kernel KASAN watches.
 */
TEST(dump_by_pid_races_close)
{
	struct pid_dumper p = { 0 };
	zx_handle_t h[ORPHANS];
	pthread_t thread;
	int round, i;

	ASSERT_EQ(0, pthread_create(&thread, NULL, pid_dump_loop, &p));
	for (round = 0; round < ORPHAN_ROUNDS; round++) {
		for (i = 0; i < ORPHANS; i++) {
			h[i] = orphan_vmo();
			ASSERT_NE(ZX_HANDLE_INVALID, h[i]);
		}
		for (i = 0; i < ORPHANS; i++)
			zx_handle_close(h[i]);
	}
	atomic_store(&p.stop, true);
	pthread_join(thread, NULL);
	TH_LOG("%ld dumps", atomic_load(&p.dumps));
	EXPECT_LT(0, atomic_load(&p.dumps));
	EXPECT_EQ(0, atomic_load(&p.errors));
}

/* The family's version and its "discard" group are advertised. */
TEST(family)
{
	struct nl_cache *cache;
	struct genl_family *fam;
	struct nl nl;

	ASSERT_EQ(0, zn_open(&nl));
	ASSERT_EQ(0, genl_ctrl_alloc_cache(nl.sock, &cache));
	fam = genl_ctrl_search_by_name(cache, ZXVMO_NL_FAMILY_NAME);
	ASSERT_NE(NULL, fam);
	EXPECT_EQ(ZXVMO_NL_VERSION, genl_family_get_version(fam));
	EXPECT_EQ((unsigned int)ZXVMO_NL_A_MAX, genl_family_get_maxattr(fam));
	genl_family_put(fam);
	nl_cache_free(cache);
	EXPECT_LE(0, genl_ctrl_resolve_grp(nl.sock, ZXVMO_NL_FAMILY_NAME,
					   ZXVMO_NL_MCGRP_DISCARD));
	/* Root may subscribe. */
	EXPECT_EQ(0, nl_socket_add_membership(nl.sock,
		genl_ctrl_resolve_grp(nl.sock, ZXVMO_NL_FAMILY_NAME,
				      ZXVMO_NL_MCGRP_DISCARD)));
	zn_close(&nl);
}

/* Malformed requests fail cleanly; the socket still works afterwards. */
TEST(malformed)
{
	uint32_t seq = 1, u32v = 1;
	uint64_t u64v = 1;
	uint16_t u16v = 1;
	struct raw_msg m;
	struct nl nl;
	int fd, family;

	ASSERT_EQ(0, zn_open(&nl));
	family = nl.family;
	zn_close(&nl);
	fd = raw_open();
	ASSERT_LE(0, fd);

	/* A well-formed dump works on this socket. */
	raw_init(&m, family, ZXVMO_NL_CMD_GET_VMO, NLM_F_DUMP, 0);
	EXPECT_LE(0, raw_exchange(fd, &m, seq++));

	/* Unknown attribute (above the maximum). */
	raw_init(&m, family, ZXVMO_NL_CMD_GET_VMO, NLM_F_DUMP, 0);
	raw_attr(&m, ZXVMO_NL_A_MAX + 1, &u32v, 4);
	EXPECT_EQ(-EINVAL, raw_exchange(fd, &m, seq++));
	/* Attribute 0 and a reply-only attribute are not requests. */
	raw_init(&m, family, ZXVMO_NL_CMD_GET_VMO, NLM_F_DUMP, 0);
	raw_attr(&m, ZXVMO_NL_A_UNSPEC, &u32v, 4);
	EXPECT_EQ(-EINVAL, raw_exchange(fd, &m, seq++));
	raw_init(&m, family, ZXVMO_NL_CMD_GET_VMO, NLM_F_DUMP, 0);
	raw_attr(&m, ZXVMO_NL_A_VMO_SIZE, &u64v, 8);
	EXPECT_EQ(-EINVAL, raw_exchange(fd, &m, seq++));
	/* Wrong lengths for the u32 pid filter: short and long. */
	raw_init(&m, family, ZXVMO_NL_CMD_GET_VMO, NLM_F_DUMP, 0);
	raw_attr(&m, ZXVMO_NL_A_VMO_PID, &u16v, 2);
	EXPECT_EQ(-EINVAL, raw_exchange(fd, &m, seq++));
	raw_init(&m, family, ZXVMO_NL_CMD_GET_VMO, NLM_F_DUMP, 0);
	raw_attr(&m, ZXVMO_NL_A_VMO_PID, &u64v, 8);
	EXPECT_EQ(-EINVAL, raw_exchange(fd, &m, seq++));
	/* An attribute longer than the message. */
	raw_init(&m, family, ZXVMO_NL_CMD_GET_VMO, NLM_F_DUMP, 0);
	raw_attr(&m, ZXVMO_NL_A_VMO_PID, &u32v, 4);
	((struct nlattr *)m.attrs)->nla_len = 40;
	EXPECT_EQ(-EINVAL, raw_exchange(fd, &m, seq++));
	/* The totals take no attribute at all, not even the pid. */
	raw_init(&m, family, ZXVMO_NL_CMD_GET_TOTALS, 0, 0);
	raw_attr(&m, ZXVMO_NL_A_VMO_PID, &u32v, 4);
	EXPECT_EQ(-EINVAL, raw_exchange(fd, &m, seq++));
	raw_init(&m, family, ZXVMO_NL_CMD_GET_TOTALS, 0, 0);
	raw_attr(&m, ZXVMO_NL_A_TOTAL_VMOS, &u64v, 8);
	EXPECT_EQ(-EINVAL, raw_exchange(fd, &m, seq++));

	/* Unknown commands, the event command, a dump of a doit command. */
	raw_init(&m, family, 200, 0, 0);
	EXPECT_EQ(-EOPNOTSUPP, raw_exchange(fd, &m, seq++));
	raw_init(&m, family, ZXVMO_NL_CMD_UNSPEC, 0, 0);
	EXPECT_EQ(-EOPNOTSUPP, raw_exchange(fd, &m, seq++));
	raw_init(&m, family, ZXVMO_NL_CMD_DISCARD, 0, 0);
	EXPECT_EQ(-EOPNOTSUPP, raw_exchange(fd, &m, seq++));
	raw_init(&m, family, ZXVMO_NL_CMD_GET_TOTALS, NLM_F_DUMP, 0);
	EXPECT_EQ(-EOPNOTSUPP, raw_exchange(fd, &m, seq++));
	raw_init(&m, family, ZXVMO_NL_CMD_GET_VMO, 0, 0);
	EXPECT_EQ(-EOPNOTSUPP, raw_exchange(fd, &m, seq++));

	/* Header trouble: reserved field, stray flags, truncated header. */
	raw_init(&m, family, ZXVMO_NL_CMD_GET_TOTALS, 0, 0);
	m.gh.reserved = 1;
	EXPECT_EQ(-EINVAL, raw_exchange(fd, &m, seq++));
	raw_init(&m, family, ZXVMO_NL_CMD_GET_TOTALS, NLM_F_EXCL, 0);
	EXPECT_EQ(-EINVAL, raw_exchange(fd, &m, seq++));
	raw_init(&m, family, ZXVMO_NL_CMD_GET_TOTALS, 0, 0);
	m.nlh.nlmsg_len = NLMSG_LENGTH(2);
	EXPECT_EQ(-EINVAL, raw_exchange(fd, &m, seq++));

	/* Still alive: the totals and a filtered dump answer. */
	raw_init(&m, family, ZXVMO_NL_CMD_GET_TOTALS, 0, 0);
	EXPECT_EQ(1, raw_exchange(fd, &m, seq++));	/* reply, ACK */
	raw_init(&m, family, ZXVMO_NL_CMD_GET_VMO, NLM_F_DUMP, 0);
	raw_attr(&m, ZXVMO_NL_A_VMO_PID, &u32v, 4);
	EXPECT_EQ(0, raw_exchange(fd, &m, seq++));
	close(fd);
}

FIXTURE(scale) {
	int unused;
};

FIXTURE_SETUP(scale)
{
}

FIXTURE_TEARDOWN(scale)
{
}

#define MANY 100000u

/* 100,000 live VMOs: the chunked dump lists each exactly once. */
TEST_F_TIMEOUT(scale, dump_100k, 900)
{
	struct rlimit rl = { .rlim_cur = MANY + 10000, .rlim_max = MANY + 10000 };
	zx_koid_t first, last;
	unsigned char *seen;
	struct totals t;
	struct dump d;
	zx_handle_t h;
	size_t i, n;
	long avail_kb = 0;
	char line[128];
	pid_t child;
	FILE *f;

	if (setrlimit(RLIMIT_NOFILE, &rl))
		SKIP(return, "cannot raise RLIMIT_NOFILE: %s", strerror(errno));
	f = fopen("/proc/meminfo", "r");
	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %ld kB", &avail_kb) == 1)
			break;
	fclose(f);
	TH_LOG("MemAvailable before: %ld MiB", avail_kb / 1024);

	h = vmo_new(_metadata, PAGE, 0);
	first = koid_of(_metadata, h);
	for (i = 1; i < MANY; i++)
		ASSERT_EQ(ZX_OK, zx_vmo_create(PAGE, 0, &h));
	last = koid_of(_metadata, h);
	ASSERT_EQ(MANY - 1, last - first);	/* nothing else made VMOs */

	f = fopen("/proc/meminfo", "r");
	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %ld kB", &avail_kb) == 1)
			break;
	fclose(f);
	TH_LOG("MemAvailable with %d VMOs: %ld MiB", MANY, avail_kb / 1024);

	ASSERT_EQ(0, dump_vmos(&d, -1));
	seen = calloc(MANY, 1);
	ASSERT_NE(NULL, seen);
	n = 0;
	for (i = 0; i < d.n; i++) {
		uint64_t k = d.r[i].koid;

		if (i)	/* the ABI: in koid order, across every resumed part */
			ASSERT_LT(d.r[i - 1].koid, k);
		if (k < first || k > last)
			continue;
		ASSERT_EQ(0, seen[k - first]);	/* each VMO once */
		seen[k - first] = 1;
		n++;
	}
	EXPECT_EQ(MANY, n);
	EXPECT_EQ(MANY, d.n);
	ASSERT_EQ(0, simple_cmd(ZXVMO_NL_CMD_GET_TOTALS, &t));
	EXPECT_EQ(MANY, t.v[ZXVMO_NL_A_TOTAL_VMOS]);
	free(seen);
	free(d.r);

	/* Someone else scans past all of them to find its own one. */
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		zx_handle_t own;

		if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
			_exit(10);
		if (zx_vmo_create(PAGE, 0, &own) != ZX_OK)
			_exit(11);
		if (dump_vmos(&d, -1))
			_exit(12);
		_exit(d.n == 1 && d.r[0].uid == NOBODY ? 0 : 13);
	}
	EXPECT_EQ(0, wait_child(child));
	/* The process exit closes the handles. */
}

TEST_HARNESS_MAIN
