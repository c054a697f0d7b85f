// SPDX-License-Identifier: GPL-2.0
/*
 * zxvmo-stat: list the live VMOs of zxvmo.ko (generic netlink family
 * "zxvmo", uapi/linux/zxvmo_netlink.h) like ps(1), print the module's
 * totals, ask it to reclaim discardable memory, or watch discard events.
 *
 * Root (CAP_SYS_ADMIN) sees every VMO; any other user sees only the VMOs
 * its uid created.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/zxvmo.h>
#include <linux/zxvmo_netlink.h>

static const char *prog = "zxvmo-stat";

struct vmo {
	uint64_t koid, parent_koid, size, content_size, committed;
	uint32_t kind, flags, children, handles, mappings, cache_policy;
	uint32_t pid, uid;
	char name[ZXVMO_NAME_LEN];
};

struct vmo_list {
	struct vmo *v;
	size_t n, cap;
	int err;		/* a negative libnl error from a callback */
};

enum sort_key { SORT_KOID, SORT_COMMITTED, SORT_SIZE, SORT_NAME, SORT_PID };

static struct {
	bool json, totals, watch, reclaim, bytes;
	long count;		/* --watch: stop after this many; 0: never */
	bool by_pid;
	uint32_t pid;
	enum sort_key sort;
} opt;

static volatile sig_atomic_t interrupted;

static struct nla_policy policy[ZXVMO_NL_A_MAX + 1] = {
	[ZXVMO_NL_A_VMO_KOID]		= { .type = NLA_U64 },
	[ZXVMO_NL_A_VMO_NAME]		= { .type = NLA_STRING,
					    .maxlen = ZXVMO_NAME_LEN },
	[ZXVMO_NL_A_VMO_SIZE]		= { .type = NLA_U64 },
	[ZXVMO_NL_A_VMO_CONTENT_SIZE]	= { .type = NLA_U64 },
	[ZXVMO_NL_A_VMO_COMMITTED]	= { .type = NLA_U64 },
	[ZXVMO_NL_A_VMO_PARENT_KOID]	= { .type = NLA_U64 },
	[ZXVMO_NL_A_VMO_KIND]		= { .type = NLA_U32 },
	[ZXVMO_NL_A_VMO_FLAGS]		= { .type = NLA_U32 },
	[ZXVMO_NL_A_VMO_CHILDREN]	= { .type = NLA_U32 },
	[ZXVMO_NL_A_VMO_HANDLES]	= { .type = NLA_U32 },
	[ZXVMO_NL_A_VMO_MAPPINGS]	= { .type = NLA_U32 },
	[ZXVMO_NL_A_VMO_CACHE_POLICY]	= { .type = NLA_U32 },
	[ZXVMO_NL_A_VMO_PID]		= { .type = NLA_U32 },
	[ZXVMO_NL_A_VMO_UID]		= { .type = NLA_U32 },
	[ZXVMO_NL_A_TOTAL_VMOS]		= { .type = NLA_U64 },
	[ZXVMO_NL_A_TOTAL_COMMITTED_PAGES] = { .type = NLA_U64 },
	[ZXVMO_NL_A_TOTAL_SHARED_PAGES]	= { .type = NLA_U64 },
	[ZXVMO_NL_A_TOTAL_DISCARD_LOCKED] = { .type = NLA_U64 },
	[ZXVMO_NL_A_TOTAL_DISCARD_UNLOCKED] = { .type = NLA_U64 },
	[ZXVMO_NL_A_TOTAL_DISCARDED]	= { .type = NLA_U64 },
	[ZXVMO_NL_A_TOTAL_RECLAIMED_PAGES] = { .type = NLA_U64 },
	[ZXVMO_NL_A_RECLAIM_PAGES]	= { .type = NLA_U64 },
	[ZXVMO_NL_A_EVENT_KOID]		= { .type = NLA_U64 },
	[ZXVMO_NL_A_EVENT_PAGES]	= { .type = NLA_U64 },
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [-j] [-b] [--sort KEY] [--pid PID]\n"
		"       %s --totals [-j]\n"
		"       %s --watch [-j] [--count N]\n"
		"       %s --reclaim [-j]\n"
		"\n"
		"List the live VMOs of zxvmo.ko (root sees all, others their own).\n"
		"  -j, --json        JSON output\n"
		"  -b, --bytes       exact byte counts in the table\n"
		"  -s, --sort KEY    koid (default), committed, size, name or pid\n"
		"  -p, --pid PID     only VMOs created by process PID\n"
		"  -t, --totals      the module's totals\n"
		"  -w, --watch       print discard events until interrupted (root)\n"
		"  -n, --count N     with --watch: stop after N events\n"
		"  -r, --reclaim     discard every unlocked discardable VMO (root)\n"
		"  -h, --help        this help\n",
		prog, prog, prog, prog);
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* A failed request: explain the usual causes in words. */
static void __attribute__((noreturn)) die_nl(const char *what, int err)
{
	if (err < 0)
		err = -err;
	if (err == NLE_PERM || err == NLE_NOACCESS)
		die("%s: permission denied (needs root: CAP_SYS_ADMIN)", what);
	if (err == NLE_OPNOTSUPP)
		die("%s: not supported by this zxvmo module (too old?)", what);
	die("%s: %s", what, nl_geterror(err));
}

static bool parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!*s || *s == '-')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}

static void parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json",	no_argument,		NULL, 'j' },
		{ "bytes",	no_argument,		NULL, 'b' },
		{ "sort",	required_argument,	NULL, 's' },
		{ "pid",	required_argument,	NULL, 'p' },
		{ "totals",	no_argument,		NULL, 't' },
		{ "watch",	no_argument,		NULL, 'w' },
		{ "count",	required_argument,	NULL, 'n' },
		{ "reclaim",	no_argument,		NULL, 'r' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t v;
	int c;

	while ((c = getopt_long(argc, argv, "jbs:p:twn:rh", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'j':
			opt.json = true;
			break;
		case 'b':
			opt.bytes = true;
			break;
		case 's':
			if (!strcmp(optarg, "koid"))
				opt.sort = SORT_KOID;
			else if (!strcmp(optarg, "committed"))
				opt.sort = SORT_COMMITTED;
			else if (!strcmp(optarg, "size"))
				opt.sort = SORT_SIZE;
			else if (!strcmp(optarg, "name"))
				opt.sort = SORT_NAME;
			else if (!strcmp(optarg, "pid"))
				opt.sort = SORT_PID;
			else
				die("unknown sort key '%s' (koid, committed, size, name, pid)",
				    optarg);
			break;
		case 'p':
			if (!parse_u64(optarg, INT32_MAX, &v) || !v)
				die("bad pid '%s'", optarg);
			opt.by_pid = true;
			opt.pid = (uint32_t)v;
			break;
		case 't':
			opt.totals = true;
			break;
		case 'w':
			opt.watch = true;
			break;
		case 'n':
			if (!parse_u64(optarg, LONG_MAX, &v) || !v)
				die("bad count '%s'", optarg);
			opt.count = (long)v;
			break;
		case 'r':
			opt.reclaim = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			exit(2);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", prog,
			argv[optind]);
		usage(stderr);
		exit(2);
	}
	if (opt.totals + opt.watch + opt.reclaim > 1)
		die("--totals, --watch and --reclaim exclude each other");
	if (opt.count && !opt.watch)
		die("--count goes with --watch");
	if ((opt.by_pid || opt.sort != SORT_KOID || opt.bytes) &&
	    (opt.totals || opt.watch || opt.reclaim))
		die("--pid, --sort and --bytes go with the VMO list");
}

/* ---- netlink ---- */

static struct nl_sock *sock;
static int family;

static void connect_family(void)
{
	int err;

	sock = nl_socket_alloc();
	if (!sock)
		die("out of memory");
	err = genl_connect(sock);
	if (err < 0)
		die("cannot open a generic netlink socket: %s",
		    nl_geterror(err));
	family = genl_ctrl_resolve(sock, ZXVMO_NL_FAMILY_NAME);
	if (family < 0)
		die("the zxvmo kernel module is not loaded (no generic netlink family \"%s\"); try 'modprobe zxvmo'",
		    ZXVMO_NL_FAMILY_NAME);
}

static uint64_t get_u64(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u64(tb[type]) : 0;
}

static uint32_t get_u32(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u32(tb[type]) : 0;
}

static int parse(struct nl_msg *msg, struct nlattr **tb)
{
	return genlmsg_parse(nlmsg_hdr(msg), 0, tb, ZXVMO_NL_A_MAX, policy);
}

static int vmo_cb(struct nl_msg *msg, void *arg)
{
	struct vmo_list *list = arg;
	struct nlattr *tb[ZXVMO_NL_A_MAX + 1];
	struct vmo *v;
	int err;

	err = parse(msg, tb);
	if (err < 0) {
		list->err = err;
		return NL_STOP;
	}
	if (!tb[ZXVMO_NL_A_VMO_KOID])
		return NL_SKIP;
	if (list->n == list->cap) {
		size_t cap = list->cap ? 2 * list->cap : 256;
		struct vmo *nv = realloc(list->v, cap * sizeof(*nv));

		if (!nv) {
			list->err = -NLE_NOMEM;
			return NL_STOP;
		}
		list->v = nv;
		list->cap = cap;
	}
	v = &list->v[list->n++];
	memset(v, 0, sizeof(*v));
	v->koid = get_u64(tb, ZXVMO_NL_A_VMO_KOID);
	v->parent_koid = get_u64(tb, ZXVMO_NL_A_VMO_PARENT_KOID);
	v->size = get_u64(tb, ZXVMO_NL_A_VMO_SIZE);
	v->content_size = get_u64(tb, ZXVMO_NL_A_VMO_CONTENT_SIZE);
	v->committed = get_u64(tb, ZXVMO_NL_A_VMO_COMMITTED);
	v->kind = get_u32(tb, ZXVMO_NL_A_VMO_KIND);
	v->flags = get_u32(tb, ZXVMO_NL_A_VMO_FLAGS);
	v->children = get_u32(tb, ZXVMO_NL_A_VMO_CHILDREN);
	v->handles = get_u32(tb, ZXVMO_NL_A_VMO_HANDLES);
	v->mappings = get_u32(tb, ZXVMO_NL_A_VMO_MAPPINGS);
	v->cache_policy = get_u32(tb, ZXVMO_NL_A_VMO_CACHE_POLICY);
	v->pid = get_u32(tb, ZXVMO_NL_A_VMO_PID);
	v->uid = get_u32(tb, ZXVMO_NL_A_VMO_UID);
	if (tb[ZXVMO_NL_A_VMO_NAME])
		nla_strlcpy(v->name, tb[ZXVMO_NL_A_VMO_NAME], sizeof(v->name));
	return NL_OK;
}

/* Send a request of @cmd (with @flags, e.g. NLM_F_DUMP) and read the answer. */
static int request(uint8_t cmd, int flags, nl_recvmsg_msg_cb_t cb, void *arg,
		   bool with_pid)
{
	struct nl_msg *msg = nlmsg_alloc();
	int err;

	if (!msg)
		return -NLE_NOMEM;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags, cmd,
			 ZXVMO_NL_VERSION) ||
	    (with_pid && nla_put_u32(msg, ZXVMO_NL_A_VMO_PID, opt.pid) < 0)) {
		nlmsg_free(msg);
		return -NLE_NOMEM;
	}
	err = nl_socket_modify_cb(sock, NL_CB_VALID, NL_CB_CUSTOM, cb, arg);
	if (err >= 0)
		err = nl_send_auto(sock, msg);
	nlmsg_free(msg);
	if (err < 0)
		return err;
	err = nl_recvmsgs_default(sock);
	if (err < 0)
		return err;
	/* A doit request: read the ACK that follows the reply. */
	if (!(flags & NLM_F_DUMP))
		err = nl_wait_for_ack(sock);
	return err < 0 ? err : 0;
}

/* ---- output ---- */

static const char *kind_name(uint32_t kind)
{
	switch (kind) {
	case ZXVMO_NL_KIND_PAGED:	return "paged";
	case ZXVMO_NL_KIND_CONTIGUOUS:	return "contig";
	case ZXVMO_NL_KIND_PHYSICAL:	return "phys";
	case ZXVMO_NL_KIND_SLICE:	return "slice";
	case ZXVMO_NL_KIND_COW_CHILD:	return "cow";
	default:			return "?";
	}
}

static const char *cache_name(uint32_t policy)
{
	switch (policy) {
	case ZXVMO_CACHE_POLICY_CACHED:			return "cached";
	case ZXVMO_CACHE_POLICY_UNCACHED:		return "uncached";
	case ZXVMO_CACHE_POLICY_UNCACHED_DEVICE:	return "device";
	case ZXVMO_CACHE_POLICY_WRITE_COMBINING:	return "wc";
	default:					return "?";
	}
}

/* "rdL": resizable, discardable, then the discard state (L/u/X). */
static void flags_str(uint32_t flags, char out[4])
{
	out[0] = flags & ZXVMO_NL_VMO_F_RESIZABLE ? 'r' : '-';
	out[1] = flags & ZXVMO_NL_VMO_F_DISCARDABLE ? 'd' : '-';
	if (!(flags & ZXVMO_NL_VMO_F_DISCARDABLE))
		out[2] = '-';
	else if (flags & ZXVMO_NL_VMO_F_DISCARDED)
		out[2] = 'X';
	else if (flags & ZXVMO_NL_VMO_F_LOCKED)
		out[2] = 'L';
	else
		out[2] = 'u';
	out[3] = '\0';
}

static const char *discard_state(uint32_t flags)
{
	if (!(flags & ZXVMO_NL_VMO_F_DISCARDABLE))
		return NULL;
	if (flags & ZXVMO_NL_VMO_F_DISCARDED)
		return "discarded";
	return flags & ZXVMO_NL_VMO_F_LOCKED ? "locked" : "unlocked";
}

static void human(uint64_t bytes, char *buf, size_t len)
{
	static const char units[] = "BKMGTPE";
	double v = (double)bytes;
	int u = 0;

	if (opt.bytes || bytes < 1024) {
		snprintf(buf, len, "%" PRIu64, bytes);
		return;
	}
	while (v >= 1024 && u < 6) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, v < 10 ? "%.1f%c" : "%.0f%c", v, units[u]);
}

/* The name for the table: printable, "-" when empty. */
static void table_name(const char *name, char *out, size_t len)
{
	size_t i;

	if (!*name) {
		snprintf(out, len, "-");
		return;
	}
	for (i = 0; name[i] && i + 1 < len; i++)
		out[i] = (name[i] > ' ' && name[i] < 0x7f) ? name[i] : '?';
	out[i] = '\0';
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_vmo(const void *pa, const void *pb)
{
	const struct vmo *a = pa, *b = pb;
	int c = 0;

	switch (opt.sort) {
	case SORT_COMMITTED:
		c = cmp_u64(b->committed, a->committed);
		break;
	case SORT_SIZE:
		c = cmp_u64(b->size, a->size);
		break;
	case SORT_NAME:
		c = strcmp(a->name, b->name);
		break;
	case SORT_PID:
		c = cmp_u64(a->pid, b->pid);
		break;
	case SORT_KOID:
		break;
	}
	return c ? c : cmp_u64(a->koid, b->koid);
}

static void print_table(const struct vmo_list *list)
{
	char name[ZXVMO_NAME_LEN], size[24], committed[24], parent[24];
	char pid[16], flags[4];
	size_t i;

	printf("%8s %-20s %8s %9s %8s %-6s %-5s %8s %7s %4s %-8s %7s %6s\n",
	       "KOID", "NAME", "SIZE", "COMMITTED", "PARENT", "KIND", "FLAGS",
	       "CHILDREN", "HANDLES", "MAPS", "CACHE", "PID", "UID");
	for (i = 0; i < list->n; i++) {
		const struct vmo *v = &list->v[i];

		table_name(v->name, name, sizeof(name));
		human(v->size, size, sizeof(size));
		human(v->committed, committed, sizeof(committed));
		if (v->parent_koid)
			snprintf(parent, sizeof(parent), "%" PRIu64,
				 v->parent_koid);
		else
			snprintf(parent, sizeof(parent), "-");
		if (v->pid)
			snprintf(pid, sizeof(pid), "%" PRIu32, v->pid);
		else
			snprintf(pid, sizeof(pid), "-");
		flags_str(v->flags, flags);
		printf("%8" PRIu64 " %-20s %8s %9s %8s %-6s %-5s %8" PRIu32
		       " %7" PRIu32 " %4" PRIu32 " %-8s %7s %6" PRIu32 "\n",
		       v->koid, name, size, committed, parent,
		       kind_name(v->kind), flags, v->children, v->handles,
		       v->mappings, cache_name(v->cache_policy), pid, v->uid);
	}
}

static void print_json(const struct vmo_list *list)
{
	size_t i;

	printf("{\"version\": %d, \"vmos\": [", ZXVMO_NL_VERSION);
	for (i = 0; i < list->n; i++) {
		const struct vmo *v = &list->v[i];
		const char *state = discard_state(v->flags);

		printf("%s\n  {\"koid\": %" PRIu64 ", \"name\": ",
		       i ? "," : "", v->koid);
		json_string(v->name);
		printf(", \"size\": %" PRIu64 ", \"content_size\": %" PRIu64
		       ", \"committed\": %" PRIu64 ", \"parent_koid\": %" PRIu64
		       ", \"kind\": \"%s\", \"resizable\": %s"
		       ", \"discardable\": %s, \"discard_state\": ",
		       v->size, v->content_size, v->committed, v->parent_koid,
		       kind_name(v->kind),
		       v->flags & ZXVMO_NL_VMO_F_RESIZABLE ? "true" : "false",
		       state ? "true" : "false");
		if (state)
			printf("\"%s\"", state);
		else
			printf("null");
		printf(", \"children\": %" PRIu32 ", \"handles\": %" PRIu32
		       ", \"mappings\": %" PRIu32 ", \"cache_policy\": \"%s\""
		       ", \"pid\": %" PRIu32 ", \"uid\": %" PRIu32 "}",
		       v->children, v->handles, v->mappings,
		       cache_name(v->cache_policy), v->pid, v->uid);
	}
	printf("%s]}\n", list->n ? "\n" : "");
}

static int list_vmos(void)
{
	struct vmo_list list = { 0 };
	int err;

	err = request(ZXVMO_NL_CMD_GET_VMO, NLM_F_DUMP, vmo_cb, &list,
		      opt.by_pid);
	if (!err)
		err = list.err;
	if (err)
		die_nl("listing VMOs", err);
	qsort(list.v, list.n, sizeof(*list.v), cmp_vmo);
	if (opt.json)
		print_json(&list);
	else
		print_table(&list);
	free(list.v);
	return 0;
}

/* ---- totals and reclaim: one reply each ---- */

struct reply {
	struct nlattr *tb[ZXVMO_NL_A_MAX + 1];
	uint64_t v[ZXVMO_NL_A_MAX + 1];
	bool got;
	int err;
};

static int reply_cb(struct nl_msg *msg, void *arg)
{
	struct reply *r = arg;
	int i, err;

	err = parse(msg, r->tb);
	if (err < 0) {
		r->err = err;
		return NL_STOP;
	}
	for (i = 0; i <= ZXVMO_NL_A_MAX; i++)
		if (r->tb[i] && policy[i].type == NLA_U64)
			r->v[i] = nla_get_u64(r->tb[i]);
	r->got = true;
	return NL_OK;
}

static void get_reply(uint8_t cmd, const char *what, struct reply *r)
{
	int err;

	memset(r, 0, sizeof(*r));
	err = request(cmd, 0, reply_cb, r, false);
	if (!err)
		err = r->err;
	if (!err && !r->got)
		err = -NLE_MSG_TRUNC;
	if (err)
		die_nl(what, err);
}

static int totals(void)
{
	static const struct {
		int attr;
		const char *key, *label;
	} rows[] = {
		{ ZXVMO_NL_A_TOTAL_VMOS, "vmos", "VMOs" },
		{ ZXVMO_NL_A_TOTAL_COMMITTED_PAGES, "committed_pages",
		  "committed pages" },
		{ ZXVMO_NL_A_TOTAL_SHARED_PAGES, "shared_pages",
		  "pages shared by COW" },
		{ ZXVMO_NL_A_TOTAL_DISCARD_LOCKED, "discardable_locked",
		  "discardable, locked" },
		{ ZXVMO_NL_A_TOTAL_DISCARD_UNLOCKED, "discardable_unlocked",
		  "discardable, unlocked" },
		{ ZXVMO_NL_A_TOTAL_DISCARDED, "discarded",
		  "discardable, discarded" },
		{ ZXVMO_NL_A_TOTAL_RECLAIMED_PAGES, "reclaimed_pages",
		  "pages reclaimed" },
	};
	struct reply r;
	size_t i;

	get_reply(ZXVMO_NL_CMD_GET_TOTALS, "reading totals", &r);
	if (opt.json) {
		printf("{\"version\": %d", ZXVMO_NL_VERSION);
		for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
			printf(", \"%s\": %" PRIu64, rows[i].key,
			       r.v[rows[i].attr]);
		printf("}\n");
		return 0;
	}
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		printf("%-24s %" PRIu64 "\n", rows[i].label,
		       r.v[rows[i].attr]);
	return 0;
}

static int reclaim(void)
{
	struct reply r;

	get_reply(ZXVMO_NL_CMD_RECLAIM, "reclaim", &r);
	if (opt.json)
		printf("{\"reclaimed_pages\": %" PRIu64 "}\n",
		       r.v[ZXVMO_NL_A_RECLAIM_PAGES]);
	else
		printf("reclaimed %" PRIu64 " pages\n",
		       r.v[ZXVMO_NL_A_RECLAIM_PAGES]);
	return 0;
}

/* ---- watch ---- */

static long events;

static int event_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[ZXVMO_NL_A_MAX + 1];
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));

	(void)arg;
	if (gh->cmd != ZXVMO_NL_CMD_DISCARD || parse(msg, tb) < 0)
		return NL_SKIP;
	if (opt.json)
		printf("{\"event\": \"discard\", \"koid\": %" PRIu64
		       ", \"pages\": %" PRIu64 "}\n",
		       get_u64(tb, ZXVMO_NL_A_EVENT_KOID),
		       get_u64(tb, ZXVMO_NL_A_EVENT_PAGES));
	else
		printf("discard koid %" PRIu64 " pages %" PRIu64 "\n",
		       get_u64(tb, ZXVMO_NL_A_EVENT_KOID),
		       get_u64(tb, ZXVMO_NL_A_EVENT_PAGES));
	fflush(stdout);
	events++;
	return opt.count && events >= opt.count ? NL_STOP : NL_OK;
}

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static int watch(void)
{
	struct sigaction sa;
	int grp, err;

	grp = genl_ctrl_resolve_grp(sock, ZXVMO_NL_FAMILY_NAME,
				    ZXVMO_NL_MCGRP_DISCARD);
	if (grp < 0)
		die("this zxvmo module has no \"%s\" event group",
		    ZXVMO_NL_MCGRP_DISCARD);
	nl_socket_disable_seq_check(sock);
	err = nl_socket_modify_cb(sock, NL_CB_VALID, NL_CB_CUSTOM, event_cb,
				  NULL);
	if (err < 0)
		die_nl("watching", err);
	err = nl_socket_add_membership(sock, grp);
	if (err < 0)
		die_nl("subscribing to discard events", err);

	/* No SA_RESTART: a signal ends the blocking receive. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (!opt.json)
		fprintf(stderr, "%s: watching discard events%s\n", prog,
			opt.count ? "" : " (interrupt to stop)");

	while (!interrupted && !(opt.count && events >= opt.count)) {
		err = nl_recvmsgs_default(sock);
		if (err < 0 && err != -NLE_INTR && !interrupted)
			die_nl("receiving events", err);
	}
	return 0;
}

int main(int argc, char **argv)
{
	int ret;

	parse_args(argc, argv);
	connect_family();
	if (opt.totals)
		ret = totals();
	else if (opt.reclaim)
		ret = reclaim();
	else if (opt.watch)
		ret = watch();
	else
		ret = list_vmos();
	nl_socket_free(sock);
	return ret;
}
