/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A userspace model of Zircon's VMO semantics for model_test.c, and the
 * random op generator that drives it.  Include after zxvmo_test.h.
 *
 * What is modelled
 * ----------------
 * Every VMO object (a forest of at most MODEL_MAXV, lingering ones
 * included), every handle (its rights) and every mapping.  Content is
 * kept per page as a "version": a refcounted page buffer.  A snapshot
 * copies its parent's versions at snapshot time (so it never sees later
 * changes); a write to a version that some other live VMO also shows
 * gets a private copy (copy-on-write), otherwise it is written in place.
 * A slice owns no versions: it is a window on its root (the nearest
 * non-slice ancestor).  A reference (ZX_VMO_CHILD_REFERENCE) is a slice
 * of all of its root that also shows the root's size and content size:
 * its own copies of both are kept equal to the root's (sync_refs()), and
 * a resize or content-size change through it is the root's; like any
 * child it counts in its parent's num_children and lingers, and like a
 * slice it is attributed nothing.  Version 0 means "no page: reads
 * zero".  The number of live versions is then exactly the number of
 * pages the module must hold, and within one copy-on-write tree the sum
 * of the VMOs' committed bytes (every page charged to exactly one VMO).
 * A version's reference count is the number of VMOs that see the page:
 * the share in ZX_INFO_VMO's populated, private and scaled bytes
 * (model_attr()).
 *
 * Statuses follow Zircon's syscall code (misttech/mist-os:
 * zircon/kernel/lib/syscalls/vmo.cc, object/vm_object_dispatcher.cc,
 * vm/vm_object_paged.cc) in its check order, and README.md's "Differences
 * from Zircon" where the module documents a choice:
 *   - resizable VMOs get no ZX_RIGHT_RESIZE; set_size needs ZX_RIGHT_WRITE;
 *   - a snapshot (either kind) of a slice is ZX_ERR_NOT_SUPPORTED; a
 *     snapshot of a reference is one of its root, parented to the
 *     reference;
 *   - set_size through a reference made without ZX_VMO_CHILD_RESIZABLE
 *     (of a resizable root) is ACCESS_DENIED: Zircon's missing RESIZE;
 *   - SNAPSHOT_AT_LEAST_ON_WRITE and SNAPSHOT_MODIFIED are full snapshots
 *     (Zircon's choice for memory without a pager);
 *   - a child's window, added up from the root of its copy-on-write
 *     history (Zircon's root_parent_offset), must end below 2^64, for
 *     create_child and set_size alike (INVALID_ARGS);
 *   - ZX_VMO_UNBOUNDED: the largest size, the size argument as content
 *     size (such a VMO is checked and closed at once, not modelled);
 *   - a child object lingers while it has handles, mappings or children
 *     of its own: it still counts in its parent's num_children and keeps
 *     its koid as its children's parent_koid (Zircon re-homes the
 *     children to the grandparent instead), but its pages go at once.
 * Where vmo.fidl.txt speaks, it wins over Zircon's code: every op_range
 * op (the hints too) refuses a range past the end with OUT_OF_RANGE, and
 * COMMIT of zero bytes commits nothing.
 *
 * Not modelled: discarding (the test never reclaims), pinning, names,
 * physical/contiguous VMOs, replace_as_executable.
 * ZX_VMO_OP_PREFETCH commits nothing: only its status is modelled.
 * Cache policy is only set on VMOs that never had a parent (or whose
 * parent still has a handle or mapping).
 */
#ifndef ZXVMO_MODEL_H
#define ZXVMO_MODEL_H

#include <stdarg.h>
#include <time.h>

#define MODEL_MAXV	16	/* VMO objects, lingering ones included */
#define MODEL_MAXH	40	/* handles */
#define MODEL_MAXM	8	/* mappings */
#define MODEL_MAXP	8	/* pages of a VMO, at most */
#define MODEL_MAXVER	(MODEL_MAXV * MODEL_MAXP + 2)

enum op_kind {
	OP_CREATE, OP_WRITE, OP_READ, OP_SET_SIZE, OP_RANGE, OP_CHILD,
	OP_CLOSE, OP_DUP, OP_MAP, OP_UNMAP, OP_MEM, OP_CACHE, OP_INFO,
	OP_CHECK, OP_CONTENT_SIZE, OP_KINDS
};

static const char *const op_name[OP_KINDS] = {
	"create", "write", "read", "set_size", "op_range", "create_child",
	"close", "duplicate", "map", "unmap", "mem", "set_cache_policy",
	"info", "check", "set_content_size",
};

/*
 * One op.  Objects are named by the id of the op that made them (a
 * handle: create, create_child, duplicate; a mapping: map), so that a
 * sub-sequence can be replayed: an op naming something that does not
 * exist in the replay is skipped.
 */
struct op {
	uint8_t kind;
	uint32_t id;		/* this op's index in the original run */
	uint32_t h;		/* handle id */
	uint32_t mp;		/* mapping id (OP_UNMAP, OP_MEM) */
	uint32_t a;		/* options, rights, op code, policy, flags */
	uint32_t seed;		/* data pattern (OP_WRITE), byte (OP_MEM) */
	uint64_t off, len;
};

struct mvmo {
	bool used;		/* the object exists (maybe lingering) */
	bool dead;		/* non-slice: its pages were released */
	bool slice, resizable, discardable, cow, immutable;
	bool ref;		/* a reference (also a slice) */
	bool ref_no_resize;	/* a reference made without CHILD_RESIZABLE */
	int parent, nchildren;
	int root;		/* slices: the root; others: themselves */
	uint64_t root_off;	/* slices: byte offset in the root (refs: 0) */
	uint64_t cow_off;	/* the window's start in its tree's root */
	int tree;		/* copy-on-write tree */
	int nhandles, nmaps;
	uint64_t size, csize;	/* size (page multiple), content size */
	uint32_t cache, locks;
	zx_koid_t koid;
	uint32_t ver[MODEL_MAXP];
};

struct mhandle {
	bool used;
	uint32_t id;
	zx_handle_t h;
	int v;
	zx_rights_t rights;
};

struct mmapping {
	bool used, writable;
	uint32_t id;
	uint8_t *addr;
	int v;
	uint64_t off, len;
};

struct model {
	struct mvmo v[MODEL_MAXV];
	struct mhandle h[MODEL_MAXH];
	struct mmapping mp[MODEL_MAXM];
	uint32_t vrefs[MODEL_MAXVER];
	int vtree[MODEL_MAXVER];
	uint8_t *vdata[MODEL_MAXVER];
	long live_versions;
	int next_tree;
	struct counters base;
	bool trace, failed;
	/* ZXVMO_MODEL_STATS: expected statuses per op kind (0: OK, 1: error) */
	unsigned long stats[OP_KINDS][2];
	const struct op *cur;
	char msg[512];
	uint8_t buf[(MODEL_MAXP + 4) * 4096];
};

/* ---------------------------------------------------------------------- */
/* Failures */

static void model_print_op(FILE *f, const struct op *o)
{
	fprintf(f, "#   [%u] %s h=%u mp=%u a=%#x seed=%#x off=%#llx len=%#llx\n",
		o->id, op_name[o->kind], o->h, o->mp, o->a, o->seed,
		(unsigned long long)o->off, (unsigned long long)o->len);
}

static void __attribute__((format(printf, 2, 3)))
fail(struct model *m, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (m->failed)
		return;
	m->failed = true;
	n = snprintf(m->msg, sizeof(m->msg), "%s [%u]: ",
		     m->cur ? op_name[m->cur->kind] : "?", m->cur ? m->cur->id : 0);
	va_start(ap, fmt);
	vsnprintf(m->msg + n, sizeof(m->msg) - n, fmt, ap);
	va_end(ap);
}

#define CHECK_STATUS(m, got, want, what)				\
	do {								\
		zx_status_t __g = (got), __w = (want);			\
		if ((m)->cur)						\
			(m)->stats[(m)->cur->kind][__w != ZX_OK]++;	\
		if (__g != __w)						\
			fail(m, "%s: status %d (%s), model %d (%s)", what,	\
			     __g, zx_status_get_string(__g), __w,	\
			     zx_status_get_string(__w));		\
	} while (0)

#define CHECK_EQ(m, got, want, what)					\
	do {								\
		uint64_t __g = (uint64_t)(got), __w = (uint64_t)(want);	\
		if (__g != __w)						\
			fail(m, "%s: %#llx, model %#llx", what,		\
			     (unsigned long long)__g,			\
			     (unsigned long long)__w);			\
	} while (0)

/* ---------------------------------------------------------------------- */
/* Versions */

static uint32_t ver_new(struct model *m, int tree, uint32_t copy_of)
{
	uint32_t v;

	for (v = 1; v < MODEL_MAXVER; v++)
		if (!m->vrefs[v])
			break;
	if (v == MODEL_MAXVER) {
		fail(m, "model: out of versions");
		return 0;
	}
	if (!m->vdata[v])
		m->vdata[v] = malloc(PAGE);
	if (copy_of)
		memcpy(m->vdata[v], m->vdata[copy_of], PAGE);
	else
		memset(m->vdata[v], 0, PAGE);
	m->vrefs[v] = 1;
	m->vtree[v] = tree;
	m->live_versions++;
	return v;
}

static void ver_get(struct model *m, uint32_t v)
{
	if (v)
		m->vrefs[v]++;
}

static void ver_put(struct model *m, uint32_t v)
{
	if (v && --m->vrefs[v] == 0)
		m->live_versions--;
}

static uint8_t model_byte(struct model *m, int r, uint64_t off)
{
	uint32_t v = m->v[r].ver[off / PAGE];

	return v ? m->vdata[v][off % PAGE] : 0;
}

/* The page of root @r at index @p, made private to it (a write fault). */
static uint8_t *cow_page(struct model *m, int r, uint64_t p)
{
	struct mvmo *v = &m->v[r];
	uint32_t old = v->ver[p];

	if (!old || m->vrefs[old] > 1) {
		v->ver[p] = ver_new(m, v->tree, old);
		ver_put(m, old);
	}
	return v->ver[p] ? m->vdata[v->ver[p]] : m->buf;
}

static void model_write(struct model *m, int r, uint64_t off,
			const uint8_t *data, uint64_t len)
{
	while (len) {
		uint64_t in = off % PAGE, n = PAGE - in;

		if (n > len)
			n = len;
		memcpy(cow_page(m, r, off / PAGE) + in, data, n);
		off += n;
		data += n;
		len -= n;
	}
}

/*
 * Zero [off, off + len) of root @r as ZX_VMO_OP_ZERO does: a whole page
 * loses its page (or gets a zero marker), a partial page that would read
 * zero anyway is left alone, any other partial page is written.
 */
static void model_zero(struct model *m, int r, uint64_t off, uint64_t len)
{
	while (len) {
		uint64_t p = off / PAGE, in = off % PAGE, n = PAGE - in;

		if (n > len)
			n = len;
		if (n == PAGE) {
			ver_put(m, m->v[r].ver[p]);
			m->v[r].ver[p] = 0;
		} else if (m->v[r].ver[p]) {
			memset(cow_page(m, r, p) + in, 0, n);
		}
		off += n;
		len -= n;
	}
}

/* ---------------------------------------------------------------------- */
/* Objects, handles, mappings */

static int files_of(struct model *m, int i)
{
	return m->v[i].nhandles + m->v[i].nmaps;
}

static bool pages_live(struct model *m, int i)
{
	int j;

	if (files_of(m, i))
		return true;
	for (j = 0; j < MODEL_MAXV; j++)
		if (m->v[j].used && m->v[j].slice && m->v[j].root == i &&
		    files_of(m, j))
			return true;
	return false;
}

/* Release pages nobody uses and objects nothing holds, as the module does. */
static void model_settle(struct model *m)
{
	bool again = true;
	int i, p;

	for (i = 0; i < MODEL_MAXV; i++) {
		struct mvmo *v = &m->v[i];

		if (!v->used || v->slice || v->dead || pages_live(m, i))
			continue;
		for (p = 0; p < MODEL_MAXP; p++) {
			ver_put(m, v->ver[p]);
			v->ver[p] = 0;
		}
		v->dead = true;
	}
	while (again) {
		again = false;
		for (i = 0; i < MODEL_MAXV; i++) {
			struct mvmo *v = &m->v[i];

			if (!v->used || files_of(m, i) || v->nchildren)
				continue;
			v->used = false;
			if (v->parent >= 0)
				m->v[v->parent].nchildren--;
			again = true;
		}
	}
}

/* Live non-slice VMOs of copy-on-write tree @t. */
static int tree_live(struct model *m, int t)
{
	int i, n = 0;

	for (i = 0; i < MODEL_MAXV; i++)
		if (m->v[i].used && !m->v[i].slice && !m->v[i].dead &&
		    m->v[i].tree == t)
			n++;
	return n;
}

static int free_vmo(struct model *m)
{
	int i;

	for (i = 0; i < MODEL_MAXV; i++)
		if (!m->v[i].used)
			return i;
	return -1;
}

static int free_handle(struct model *m)
{
	int i;

	for (i = 0; i < MODEL_MAXH; i++)
		if (!m->h[i].used)
			return i;
	return -1;
}

static struct mhandle *find_handle(struct model *m, uint32_t id)
{
	int i;

	for (i = 0; i < MODEL_MAXH; i++)
		if (m->h[i].used && m->h[i].id == id)
			return &m->h[i];
	return NULL;
}

static struct mmapping *find_mapping(struct model *m, uint32_t id)
{
	int i;

	for (i = 0; i < MODEL_MAXM; i++)
		if (m->mp[i].used && m->mp[i].id == id)
			return &m->mp[i];
	return NULL;
}

/* A handle of VMO @i with all of @rights, or NULL. */
static struct mhandle *handle_with(struct model *m, int i, zx_rights_t rights)
{
	int k;

	for (k = 0; k < MODEL_MAXH; k++)
		if (m->h[k].used && m->h[k].v == i &&
		    (m->h[k].rights & rights) == rights)
			return &m->h[k];
	return NULL;
}

static void add_handle(struct model *m, int slot, uint32_t id, zx_handle_t h,
		       int v, zx_rights_t rights)
{
	m->h[slot] = (struct mhandle){ .used = true, .id = id, .h = h, .v = v,
				       .rights = rights };
	m->v[v].nhandles++;
}

/* The VMO whose size and content size @i shows: a reference's root. */
static int size_owner(struct model *m, int i)
{
	return m->v[i].ref ? m->v[i].root : i;
}

/* Every reference of root @r shows its size and content size. */
static void sync_refs(struct model *m, int r)
{
	int i;

	for (i = 0; i < MODEL_MAXV; i++) {
		if (!m->v[i].used || !m->v[i].ref || m->v[i].root != r)
			continue;
		m->v[i].size = m->v[r].size;
		m->v[i].csize = m->v[r].csize;
	}
}

static void model_init(struct model *m, struct counters base)
{
	int i;

	for (i = 0; i < MODEL_MAXVER; i++)
		m->vrefs[i] = 0;
	memset(m->v, 0, sizeof(m->v));
	memset(m->h, 0, sizeof(m->h));
	memset(m->mp, 0, sizeof(m->mp));
	m->live_versions = 0;
	m->next_tree = 1;
	m->base = base;
	m->failed = false;
	m->cur = NULL;
	m->msg[0] = '\0';
}

/* Close every handle and unmap every mapping: the forest goes away. */
static void model_teardown(struct model *m)
{
	int i;

	for (i = 0; i < MODEL_MAXM; i++)
		if (m->mp[i].used)
			zx_vmar_unmap(zx_vmar_root_self(),
				      (zx_vaddr_t)m->mp[i].addr, m->mp[i].len);
	for (i = 0; i < MODEL_MAXH; i++)
		if (m->h[i].used)
			zx_handle_close(m->h[i].h);
	memset(m->mp, 0, sizeof(m->mp));
	memset(m->h, 0, sizeof(m->h));
}

/* ---------------------------------------------------------------------- */
/* Expected statuses */

#define MODEL_RANGE_BAD(off, len, size)					\
	((off) + (len) < (off) || (off) + (len) > (size))

/* VmObject::RoundSize: rounding must not overflow (nor pass the max). */
static bool size_too_big(uint64_t size)
{
	return size > (UINT64_C(1) << 62);
}

static uint64_t round_pg(uint64_t size)
{
	return (size + PAGE - 1) / PAGE * PAGE;
}

/*
 * A reference (module/child.c, Zircon's order for anonymous VMOs): only
 * RESIZABLE besides; no range (offset and rounded size zero); of no slice
 * but a reference; RESIZABLE only of a resizable root; CACHED memory.
 */
static zx_status_t expect_reference(struct model *m, struct mvmo *p,
				    uint32_t opts, uint64_t off, uint64_t rsize)
{
	if (opts & ~(ZX_VMO_CHILD_REFERENCE | ZX_VMO_CHILD_RESIZABLE))
		return ZX_ERR_INVALID_ARGS;
	if (off || rsize)
		return ZX_ERR_INVALID_ARGS;
	if (p->slice && !p->ref)
		return ZX_ERR_NOT_SUPPORTED;
	if ((opts & ZX_VMO_CHILD_RESIZABLE) && !m->v[p->root].resizable)
		return ZX_ERR_NOT_SUPPORTED;
	if (m->v[p->root].cache != ZX_CACHE_POLICY_CACHED)
		return ZX_ERR_BAD_STATE;
	return ZX_OK;
}

static zx_status_t expect_child(struct model *m, struct mhandle *h,
				uint32_t opts, uint64_t off, uint64_t size)
{
	struct mvmo *p = &m->v[h->v];
	bool no_write = opts & ZX_VMO_CHILD_NO_WRITE;
	bool rights_ok = (h->rights & (ZX_RIGHT_DUPLICATE | ZX_RIGHT_READ)) ==
			 (ZX_RIGHT_DUPLICATE | ZX_RIGHT_READ);
	uint64_t rsize = round_pg(size);
	uint32_t rest;

	if (size_too_big(size))
		return ZX_ERR_OUT_OF_RANGE;
	if (no_write && (opts & ZX_VMO_CHILD_RESIZABLE))
		return ZX_ERR_INVALID_ARGS;
	if (!rights_ok)
		return ZX_ERR_ACCESS_DENIED;
	opts &= ~ZX_VMO_CHILD_NO_WRITE;
	if (p->discardable)
		return ZX_ERR_NOT_SUPPORTED;
	if (opts & ZX_VMO_CHILD_SLICE) {
		if (opts != ZX_VMO_CHILD_SLICE || off % PAGE)
			return ZX_ERR_INVALID_ARGS;
		if (size_too_big(size))
			return ZX_ERR_OUT_OF_RANGE;
		if (MODEL_RANGE_BAD(off, rsize, p->size))
			return ZX_ERR_INVALID_ARGS;
		if (p->resizable)
			return ZX_ERR_NOT_SUPPORTED;
		if (m->v[p->root].cache != ZX_CACHE_POLICY_CACHED)
			return ZX_ERR_BAD_STATE;
		return ZX_OK;
	}
	if (opts & ZX_VMO_CHILD_REFERENCE)
		return expect_reference(m, p, opts, off, rsize);
	if (opts & ZX_VMO_CHILD_SNAPSHOT)
		rest = opts & ~ZX_VMO_CHILD_SNAPSHOT;
	else if (opts & ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE)
		rest = opts & ~ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE;
	else if (opts & ZX_VMO_CHILD_SNAPSHOT_MODIFIED)
		rest = opts & ~ZX_VMO_CHILD_SNAPSHOT_MODIFIED;
	else
		return ZX_ERR_INVALID_ARGS;
	rest &= ~ZX_VMO_CHILD_RESIZABLE;
	if (rest || off % PAGE)
		return ZX_ERR_INVALID_ARGS;
	if (size_too_big(size) || off + rsize < off)
		return ZX_ERR_OUT_OF_RANGE;
	/* A snapshot of a reference is one of its root. */
	if (p->slice && !p->ref)
		return ZX_ERR_NOT_SUPPORTED;
	if (m->v[p->root].cache != ZX_CACHE_POLICY_CACHED)
		return ZX_ERR_BAD_STATE;
	if (p->cow_off + off < off || p->cow_off + off + rsize < p->cow_off + off)
		return ZX_ERR_INVALID_ARGS;
	return ZX_OK;
}

/* The rights of a new child handle (sys_vmo_create_child). */
static zx_rights_t child_rights(zx_rights_t in, uint32_t opts)
{
	zx_rights_t r = (in & ~ZX_RIGHT_RESIZE) | ZX_RIGHT_GET_PROPERTY |
			ZX_RIGHT_SET_PROPERTY;

	if (opts & ZX_VMO_CHILD_NO_WRITE)
		r &= ~ZX_RIGHT_WRITE;
	else if (opts & (ZX_VMO_CHILD_SNAPSHOT |
			 ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE |
			 ZX_VMO_CHILD_SNAPSHOT_MODIFIED))
		r = (r & ~ZX_RIGHT_EXECUTE) | ZX_RIGHT_WRITE;
	return r;
}

/* ---------------------------------------------------------------------- */
/* Ops */

static zx_rights_t handle_rights_now(zx_handle_t h)
{
	zx_info_handle_basic_t b;

	memset(&b, 0, sizeof(b));
	if (zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &b, sizeof(b), NULL,
			       NULL) != ZX_OK)
		return 0;
	return b.rights;
}

static zx_koid_t koid_now(zx_handle_t h)
{
	zx_info_handle_basic_t b;

	memset(&b, 0, sizeof(b));
	zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &b, sizeof(b), NULL, NULL);
	return b.koid;
}

static void op_create(struct model *m, const struct op *o)
{
	int s = free_vmo(m), hs = free_handle(m);
	uint32_t allowed = ZX_VMO_RESIZABLE | ZX_VMO_DISCARDABLE;
	zx_status_t want = ZX_OK, st;
	zx_handle_t h = ZX_HANDLE_INVALID;
	struct mvmo *v;

	if (s < 0 || hs < 0)
		return;
	/*
	 * Zircon: RESIZABLE with UNBOUNDED, the size unless UNBOUNDED, other
	 * options.
	 */
	if ((o->a & ZX_VMO_UNBOUNDED) && (o->a & ZX_VMO_RESIZABLE))
		want = ZX_ERR_INVALID_ARGS;
	else if (!(o->a & ZX_VMO_UNBOUNDED) && size_too_big(o->len))
		want = ZX_ERR_OUT_OF_RANGE;
	else if (o->a & ~(allowed | ZX_VMO_UNBOUNDED))
		want = ZX_ERR_INVALID_ARGS;
	st = zx_vmo_create(o->len, o->a, &h);
	CHECK_STATUS(m, st, want, "zx_vmo_create");
	if (st == ZX_OK && want == ZX_OK && (o->a & ZX_VMO_UNBOUNDED)) {
		uint64_t size = 0, stream = 0;

		/* The largest VMO, content size as asked; not modelled. */
		CHECK_EQ(m, zx_vmo_get_size(h, &size), ZX_OK, "get_size");
		CHECK_EQ(m, size, (uint64_t)INT64_MAX / PAGE * PAGE,
			 "unbounded VMO's size");
		CHECK_EQ(m, zx_vmo_get_stream_size(h, &stream), ZX_OK,
			 "get_stream_size");
		CHECK_EQ(m, stream, o->len, "unbounded VMO's stream size");
		zx_handle_close(h);
		return;
	}
	if (st != ZX_OK || want != ZX_OK) {
		if (st == ZX_OK)
			zx_handle_close(h);
		return;
	}
	v = &m->v[s];
	memset(v, 0, sizeof(*v));
	v->used = true;
	v->parent = -1;
	v->root = s;
	v->tree = m->next_tree++;
	v->resizable = o->a & ZX_VMO_RESIZABLE;
	v->discardable = o->a & ZX_VMO_DISCARDABLE;
	v->size = round_pg(o->len);
	v->csize = o->len;
	v->cache = ZX_CACHE_POLICY_CACHED;
	v->koid = koid_now(h);
	add_handle(m, hs, o->id, h, s, ZX_DEFAULT_VMO_RIGHTS);
	CHECK_EQ(m, handle_rights_now(h), ZX_DEFAULT_VMO_RIGHTS, "new VMO's rights");
}

/* A slice: a window at @off into the parent's root. */
static void init_slice(struct mvmo *v, const struct mvmo *p, uint64_t off)
{
	v->slice = true;
	v->root = p->root;
	v->root_off = p->root_off + off;
	v->tree = p->tree;
}

/*
 * A reference: a slice of all of the parent's root (a reference's
 * parent shares its root), showing the root's size and content size,
 * resizable as the root is.
 */
static void init_reference(struct model *m, int s, const struct mvmo *p,
			   uint32_t opts)
{
	struct mvmo *v = &m->v[s];
	const struct mvmo *r = &m->v[p->root];

	v->slice = true;
	v->ref = true;
	v->root = p->root;
	v->root_off = 0;
	v->tree = r->tree;
	v->cow_off = r->cow_off;
	v->resizable = r->resizable;
	v->ref_no_resize = !(opts & ZX_VMO_CHILD_RESIZABLE);
	v->size = r->size;
	v->csize = r->csize;
}

/*
 * A snapshot: the pages its parent shows at @off, at this moment (a
 * reference's are its root's).
 */
static void init_snapshot(struct model *m, int s, const struct mvmo *p,
			  uint32_t opts, uint64_t off)
{
	struct mvmo *v = &m->v[s];
	const struct mvmo *r = &m->v[p->root];
	uint64_t q;

	v->root = s;
	v->tree = p->tree;
	v->cow = true;
	v->resizable = opts & ZX_VMO_CHILD_RESIZABLE;
	v->immutable = (opts & ZX_VMO_CHILD_NO_WRITE) &&
		       (opts & ZX_VMO_CHILD_SNAPSHOT) && !v->resizable;
	for (q = 0; q < v->size / PAGE; q++) {
		uint64_t pp = off / PAGE + q;

		if (pp < p->size / PAGE) {
			v->ver[q] = r->ver[p->root_off / PAGE + pp];
			ver_get(m, v->ver[q]);
		}
	}
}

static void op_child(struct model *m, const struct op *o)
{
	struct mhandle *h = find_handle(m, o->h);
	int s = free_vmo(m), hs = free_handle(m);
	zx_handle_t c = ZX_HANDLE_INVALID;
	zx_status_t want, st;
	struct mvmo *v, *p;

	if (!h || s < 0 || hs < 0)
		return;
	want = expect_child(m, h, o->a, o->off, o->len);
	st = zx_vmo_create_child(h->h, o->a, o->off, o->len, &c);
	CHECK_STATUS(m, st, want, "zx_vmo_create_child");
	if (st != ZX_OK || want != ZX_OK) {
		if (st == ZX_OK)
			zx_handle_close(c);
		return;
	}
	p = &m->v[h->v];
	v = &m->v[s];
	memset(v, 0, sizeof(*v));
	v->used = true;
	v->parent = h->v;
	v->size = round_pg(o->len);
	v->csize = o->len;
	v->cache = ZX_CACHE_POLICY_CACHED;
	v->koid = koid_now(c);
	v->cow_off = p->cow_off + o->off;
	if (o->a & ZX_VMO_CHILD_SLICE)
		init_slice(v, p, o->off);
	else if (o->a & ZX_VMO_CHILD_REFERENCE)
		init_reference(m, s, p, o->a);
	else
		init_snapshot(m, s, p, o->a, o->off);
	p->nchildren++;
	add_handle(m, hs, o->id, c, s, child_rights(h->rights, o->a));
	CHECK_EQ(m, handle_rights_now(c), child_rights(h->rights, o->a),
		 "child's rights");
}

/* Read or write through zx_vmo_read/zx_vmo_write. */
static void op_rw(struct model *m, const struct op *o, bool write)
{
	struct mhandle *h = find_handle(m, o->h);
	zx_status_t want = ZX_OK, st;
	struct mvmo *v;
	uint64_t i;
	int r;

	if (!h)
		return;
	v = &m->v[h->v];
	r = v->root;
	if (!(h->rights & (write ? ZX_RIGHT_WRITE : ZX_RIGHT_READ)))
		want = ZX_ERR_ACCESS_DENIED;
	else if (o->off + o->len < o->off)
		want = ZX_ERR_OUT_OF_RANGE;
	else if (m->v[r].cache != ZX_CACHE_POLICY_CACHED)
		want = ZX_ERR_BAD_STATE;
	else if (o->off + o->len > v->size)
		want = ZX_ERR_OUT_OF_RANGE;
	if (o->len > sizeof(m->buf))
		return;		/* the generator never makes these */
	if (write) {
		pattern_fill(m->buf, o->off, o->len, o->seed);
		st = zx_vmo_write(h->h, m->buf, o->off, o->len);
		CHECK_STATUS(m, st, want, "zx_vmo_write");
		if (st == ZX_OK && want == ZX_OK)
			model_write(m, r, v->root_off + o->off, m->buf, o->len);
		return;
	}
	memset(m->buf, 0xa5, o->len);
	st = zx_vmo_read(h->h, m->buf, o->off, o->len);
	CHECK_STATUS(m, st, want, "zx_vmo_read");
	if (st != ZX_OK || want != ZX_OK)
		return;
	for (i = 0; i < o->len; i++) {
		uint8_t e = model_byte(m, r, v->root_off + o->off + i);

		if (m->buf[i] != e) {
			fail(m, "byte at %#llx reads %#x, model %#x",
			     (unsigned long long)(o->off + i), m->buf[i], e);
			return;
		}
	}
}

static void op_set_size(struct model *m, const struct op *o)
{
	struct mhandle *h = find_handle(m, o->h);
	zx_status_t want = ZX_OK, st;
	struct mvmo *v;
	uint64_t p, rsize;
	int ow;

	if (!h)
		return;
	/* A reference resizes its root (and so all of the root's references). */
	ow = size_owner(m, h->v);
	v = &m->v[ow];
	/* Zircon ignores a failed tail zeroing, which uncached VMOs get. */
	if (v->cache != ZX_CACHE_POLICY_CACHED && o->len % PAGE)
		return;
	if (!(h->rights & ZX_RIGHT_WRITE))
		want = ZX_ERR_ACCESS_DENIED;
	else if (m->v[h->v].ref_no_resize && v->resizable)
		want = ZX_ERR_ACCESS_DENIED;	/* Zircon: no RESIZE right */
	else if (round_pg(o->len) < o->len)	/* Zircon rounds up first */
		want = ZX_ERR_OUT_OF_RANGE;
	else if (!v->resizable)
		want = ZX_ERR_UNAVAILABLE;
	else if (size_too_big(o->len))
		want = ZX_ERR_OUT_OF_RANGE;
	else if (v->cow_off + round_pg(o->len) < v->cow_off)
		want = ZX_ERR_INVALID_ARGS;
	st = zx_vmo_set_size(h->h, o->len);
	CHECK_STATUS(m, st, want, "zx_vmo_set_size");
	if (st != ZX_OK || want != ZX_OK)
		return;
	rsize = round_pg(o->len);
	for (p = rsize / PAGE; p < MODEL_MAXP; p++) {
		ver_put(m, v->ver[p]);
		v->ver[p] = 0;
	}
	v->size = rsize;
	v->csize = o->len;
	sync_refs(m, ow);
	if (rsize != o->len)
		model_zero(m, ow, o->len, rsize - o->len);
}

/*
 * ZX_PROP_VMO_CONTENT_SIZE: any value; the bytes from it to the end of the
 * VMO are zeroed (VmObjectDispatcher::SetContentSize).  Needs
 * ZX_RIGHT_SET_PROPERTY and, as in the module and its property test,
 * ZX_RIGHT_WRITE.
 */
static void op_content_size(struct model *m, const struct op *o)
{
	struct mhandle *h = find_handle(m, o->h);
	zx_rights_t need = ZX_RIGHT_SET_PROPERTY | ZX_RIGHT_WRITE;
	zx_status_t want = ZX_OK, st;
	uint64_t val = o->len;
	struct mvmo *v;
	int ow;

	if (!h)
		return;
	/* A reference's content size is its root's. */
	ow = size_owner(m, h->v);
	v = &m->v[ow];
	/* Zircon ignores the failed zeroing of an uncached VMO. */
	if (m->v[v->root].cache != ZX_CACHE_POLICY_CACHED)
		return;
	if (o->a) {
		/*
		 * zx_vmo_set_stream_size: WRITE only; the same size is a
		 * no-op; past the VMO is OUT_OF_RANGE; else the bytes from
		 * min(old, new) to the end are zeroed.
		 */
		if (!(h->rights & ZX_RIGHT_WRITE))
			want = ZX_ERR_ACCESS_DENIED;
		else if (val != v->csize && val > v->size)
			want = ZX_ERR_OUT_OF_RANGE;
		st = zx_vmo_set_stream_size(h->h, val);
		CHECK_STATUS(m, st, want, "zx_vmo_set_stream_size");
		if (st != ZX_OK || want != ZX_OK || val == v->csize)
			return;
		if (v->csize < val)
			model_zero(m, v->root, v->root_off + v->csize,
				   v->size - v->csize);
		else
			model_zero(m, v->root, v->root_off + val, v->size - val);
		v->csize = val;
		sync_refs(m, ow);
		return;
	}
	if ((h->rights & need) != need)
		want = ZX_ERR_ACCESS_DENIED;
	st = zx_object_set_property(h->h, ZX_PROP_VMO_CONTENT_SIZE, &val,
				    sizeof(val));
	CHECK_STATUS(m, st, want, "set ZX_PROP_VMO_CONTENT_SIZE");
	if (st != ZX_OK || want != ZX_OK)
		return;
	v->csize = val;
	sync_refs(m, ow);
	if (val < v->size)
		model_zero(m, v->root, v->root_off + val, v->size - val);
}

static zx_status_t expect_decommit(struct model *m, struct mvmo *v,
				   uint64_t off, uint64_t len)
{
	bool shared = tree_live(m, m->v[v->root].tree) > 1;
	bool aligned = off % PAGE == 0 && len % PAGE == 0;

	if (MODEL_RANGE_BAD(off, len, v->size))
		return ZX_ERR_OUT_OF_RANGE;
	if (len == 0)
		return ZX_OK;
	if (shared)
		return ZX_ERR_NOT_SUPPORTED;
	if (!aligned)
		return ZX_ERR_INVALID_ARGS;
	return ZX_OK;
}

static void op_range(struct model *m, const struct op *o)
{
	struct mhandle *h = find_handle(m, o->h);
	zx_vmo_lock_state_t ls;
	zx_status_t want = ZX_OK, st;
	struct mvmo *v, *root;
	uint64_t start = 0, end = 0, p, len = o->len;
	bool rd, wr;

	if (!h)
		return;
	v = &m->v[h->v];
	root = &m->v[v->root];
	rd = h->rights & ZX_RIGHT_READ;
	wr = h->rights & ZX_RIGHT_WRITE;
	switch (o->a) {
	case ZX_VMO_OP_COMMIT:
		start = o->off / PAGE * PAGE;
		end = o->off + o->len;
		if (!wr)
			want = ZX_ERR_ACCESS_DENIED;
		else if (end < o->off || round_pg(end) < end ||
			 round_pg(end) > v->size)
			want = ZX_ERR_OUT_OF_RANGE;
		break;
	case ZX_VMO_OP_DECOMMIT:
		if (!wr)
			want = ZX_ERR_ACCESS_DENIED;
		else
			want = expect_decommit(m, v, o->off, o->len);
		break;
	case ZX_VMO_OP_ZERO:
		if (!wr)
			want = ZX_ERR_ACCESS_DENIED;
		else if (root->cache != ZX_CACHE_POLICY_CACHED)
			want = ZX_ERR_BAD_STATE;
		else if (MODEL_RANGE_BAD(o->off, o->len, v->size))
			want = ZX_ERR_OUT_OF_RANGE;
		break;
	case ZX_VMO_OP_LOCK:
	case ZX_VMO_OP_TRY_LOCK:
	case ZX_VMO_OP_UNLOCK:
		if (!rd && !wr)
			want = ZX_ERR_ACCESS_DENIED;
		else if (!v->discardable)
			want = ZX_ERR_NOT_SUPPORTED;
		else if (o->off || o->len != v->size)
			want = ZX_ERR_OUT_OF_RANGE;
		else if (o->a == ZX_VMO_OP_UNLOCK && !v->locks)
			want = ZX_ERR_BAD_STATE;
		break;
	case ZX_VMO_OP_CACHE_SYNC:
	case ZX_VMO_OP_CACHE_CLEAN:
	case ZX_VMO_OP_CACHE_CLEAN_INVALIDATE:
		if (!rd)
			want = ZX_ERR_ACCESS_DENIED;
		else if (!o->len)
			want = ZX_ERR_INVALID_ARGS;
		else if (MODEL_RANGE_BAD(o->off, o->len, v->size))
			want = ZX_ERR_OUT_OF_RANGE;
		break;
	case ZX_VMO_OP_CACHE_INVALIDATE:
		want = ZX_ERR_NOT_SUPPORTED;	/* debugging syscalls off */
		break;
	case ZX_VMO_OP_DONT_NEED:
	case ZX_VMO_OP_ALWAYS_NEED:
		/* vmo.fidl.txt: an invalid range is OUT_OF_RANGE for every op. */
		if (MODEL_RANGE_BAD(o->off, o->len, v->size))
			want = ZX_ERR_OUT_OF_RANGE;
		break;
	case ZX_VMO_OP_PREFETCH:
		/* READ; the range rounded out to pages; commits nothing. */
		end = o->off + o->len;
		if (!rd)
			want = ZX_ERR_ACCESS_DENIED;
		else if (end < o->off || round_pg(end) < end ||
			 round_pg(end) > v->size)
			want = ZX_ERR_OUT_OF_RANGE;
		break;
	default:
		want = ZX_ERR_INVALID_ARGS;
		break;
	}
	memset(&ls, 0xa5, sizeof(ls));
	st = zx_vmo_op_range(h->h, o->a, o->off, o->len,
			     o->a == ZX_VMO_OP_LOCK ? &ls : NULL,
			     o->a == ZX_VMO_OP_LOCK ? sizeof(ls) : 0);
	CHECK_STATUS(m, st, want, "zx_vmo_op_range");
	if (st != ZX_OK || want != ZX_OK)
		return;
	switch (o->a) {
	case ZX_VMO_OP_COMMIT:
		/* Zero bytes commit nothing, even at an unaligned offset. */
		for (p = start / PAGE; o->len && p < round_pg(end) / PAGE; p++)
			cow_page(m, v->root, v->root_off / PAGE + p);
		break;
	case ZX_VMO_OP_DECOMMIT:
		for (p = o->off / PAGE; p < (o->off + len) / PAGE; p++) {
			uint64_t rp = v->root_off / PAGE + p;

			ver_put(m, root->ver[rp]);
			root->ver[rp] = 0;
		}
		break;
	case ZX_VMO_OP_ZERO:
		model_zero(m, v->root, v->root_off + o->off, o->len);
		break;
	case ZX_VMO_OP_LOCK:
		CHECK_EQ(m, ls.offset, 0, "lock_state.offset");
		CHECK_EQ(m, ls.size, v->size, "lock_state.size");
		CHECK_EQ(m, ls.discarded_offset, 0, "lock_state.discarded_offset");
		CHECK_EQ(m, ls.discarded_size, 0, "lock_state.discarded_size");
		v->locks++;
		break;
	case ZX_VMO_OP_TRY_LOCK:
		v->locks++;
		break;
	case ZX_VMO_OP_UNLOCK:
		v->locks--;
		break;
	}
}

static void op_close(struct model *m, const struct op *o)
{
	struct mhandle *h = find_handle(m, o->h);

	if (!h)
		return;
	CHECK_STATUS(m, zx_handle_close(h->h), ZX_OK, "zx_handle_close");
	m->v[h->v].nhandles--;
	h->used = false;
	model_settle(m);
}

static void op_dup(struct model *m, const struct op *o)
{
	struct mhandle *h = find_handle(m, o->h);
	int hs = free_handle(m);
	zx_handle_t d = ZX_HANDLE_INVALID;
	zx_status_t want = ZX_OK, st;
	zx_rights_t r;

	if (!h || hs < 0)
		return;
	r = o->a == ZX_RIGHT_SAME_RIGHTS ? h->rights : o->a;
	if (!(h->rights & ZX_RIGHT_DUPLICATE))
		want = ZX_ERR_ACCESS_DENIED;
	else if (r & ~h->rights)
		want = ZX_ERR_INVALID_ARGS;
	st = zx_handle_duplicate(h->h, o->a, &d);
	CHECK_STATUS(m, st, want, "zx_handle_duplicate");
	if (st != ZX_OK || want != ZX_OK) {
		if (st == ZX_OK)
			zx_handle_close(d);
		return;
	}
	add_handle(m, hs, o->id, d, h->v, r);
	CHECK_EQ(m, handle_rights_now(d), r, "duplicate's rights");
}

static void op_map(struct model *m, const struct op *o)
{
	struct mhandle *h = find_handle(m, o->h);
	zx_vm_option_t opts = ZX_VM_PERM_READ | ZX_VM_ALLOW_FAULTS;
	zx_status_t want = ZX_OK, st;
	zx_vaddr_t addr = 0;
	int s;

	if (!h || !o->len || o->off % PAGE || o->off + o->len > m->v[h->v].size)
		return;
	for (s = 0; s < MODEL_MAXM && m->mp[s].used; s++)
		;
	if (s == MODEL_MAXM)
		return;
	if (o->a & 1)
		opts |= ZX_VM_PERM_WRITE;
	if (!(h->rights & ZX_RIGHT_MAP) || !(h->rights & ZX_RIGHT_READ) ||
	    ((o->a & 1) && !(h->rights & ZX_RIGHT_WRITE)))
		want = ZX_ERR_ACCESS_DENIED;
	st = zx_vmar_map(zx_vmar_root_self(), opts, 0, h->h, o->off, o->len, &addr);
	CHECK_STATUS(m, st, want, "zx_vmar_map");
	if (st != ZX_OK || want != ZX_OK) {
		if (st == ZX_OK)
			zx_vmar_unmap(zx_vmar_root_self(), addr, o->len);
		return;
	}
	m->mp[s] = (struct mmapping){ .used = true, .writable = o->a & 1,
				      .id = o->id, .addr = (uint8_t *)addr,
				      .v = h->v, .off = o->off, .len = o->len };
	m->v[h->v].nmaps++;
}

static void op_unmap(struct model *m, const struct op *o)
{
	struct mmapping *mp = find_mapping(m, o->mp);

	if (!mp)
		return;
	CHECK_STATUS(m, zx_vmar_unmap(zx_vmar_root_self(), (zx_vaddr_t)mp->addr,
				      mp->len), ZX_OK, "zx_vmar_unmap");
	m->v[mp->v].nmaps--;
	mp->used = false;
	model_settle(m);
}

/* One byte read or written through a mapping. */
static void op_mem(struct model *m, const struct op *o)
{
	struct mmapping *mp = find_mapping(m, o->mp);
	bool write = o->a & 1;
	uint64_t at, rat;
	struct mvmo *v;
	uint8_t got = 0, b = (uint8_t)o->seed;
	int sig, want;

	if (!mp || o->off >= mp->len || (write && !mp->writable))
		return;
	v = &m->v[mp->v];
	at = mp->off + o->off;
	rat = v->root_off + at;
	want = at >= v->size ? SIGBUS : 0;
	sig = probe_access(mp->addr + o->off, write, b, &got);
	m->stats[OP_MEM][want != 0]++;
	if (sig != want) {
		fail(m, "%s at %#llx of the VMO: signal %d, model %d",
		     write ? "store" : "load", (unsigned long long)at, sig, want);
		return;
	}
	if (sig)
		return;
	if (write) {
		model_write(m, v->root, rat, &b, 1);
		return;
	}
	CHECK_EQ(m, got, model_byte(m, v->root, rat), "byte loaded");
	/*
	 * The shared zero page cannot be mapped uncached: a load from an
	 * uncached VMO's missing page commits one.
	 */
	if (m->v[v->root].cache != ZX_CACHE_POLICY_CACHED)
		cow_page(m, v->root, rat / PAGE);
}

static void op_cache(struct model *m, const struct op *o)
{
	struct mhandle *h = find_handle(m, o->h);
	zx_status_t want = ZX_OK, st;
	struct mvmo *v;
	int p, pages = 0;

	if (!h)
		return;
	v = &m->v[h->v];
	/* Zircon re-homes the children of a gone parent; the module not. */
	if (v->parent >= 0 && !files_of(m, v->parent))
		return;
	for (p = 0; p < MODEL_MAXP; p++)
		pages += !v->slice && v->ver[p];
	if (o->a & ~ZX_CACHE_POLICY_MASK)
		want = ZX_ERR_INVALID_ARGS;
	else if (!(h->rights & ZX_RIGHT_MAP))
		want = ZX_ERR_ACCESS_DENIED;
	else if ((pages && v->cache != ZX_CACHE_POLICY_CACHED) || v->nmaps ||
		 v->nchildren || v->parent >= 0)
		want = ZX_ERR_BAD_STATE;
	st = zx_vmo_set_cache_policy(h->h, o->a);
	CHECK_STATUS(m, st, want, "zx_vmo_set_cache_policy");
	if (st == ZX_OK && want == ZX_OK)
		v->cache = o->a;
}

/* Committed pages of non-slice VMO @i when it alone is live in its tree. */
static long own_pages(struct model *m, int i)
{
	int p;
	long n = 0;

	for (p = 0; p < MODEL_MAXP; p++)
		n += m->v[i].ver[p] != 0;
	return n;
}

/*
 * Zircon's attribution (ZX_INFO_VMO's populated, private and scaled
 * bytes) of VMO @i, from scratch: a version is a page, and the VMOs that
 * show it are its references (vrefs).  Scaled bytes add up as Zircon's
 * FractionalBytes: PAGE / n whole bytes and (2^63 / n) * (PAGE % n) of
 * fraction per page, carried at 2^63.  Slices have none.
 */
struct mattr {
	uint64_t bytes, priv, scaled, frac;
};

#define MODEL_ONE_BYTE (1ull << 63)

static void mattr_add(struct mattr *a, uint64_t whole, uint64_t frac)
{
	a->scaled += whole;
	a->frac += frac;
	if (a->frac >= MODEL_ONE_BYTE) {
		a->frac -= MODEL_ONE_BYTE;
		a->scaled++;
	}
}

static struct mattr model_attr(struct model *m, int i)
{
	struct mattr a = { 0, 0, 0, 0 };
	uint64_t n;
	int p;

	if (m->v[i].slice || m->v[i].dead)
		return a;
	for (p = 0; p < MODEL_MAXP; p++) {
		if (!m->v[i].ver[p])
			continue;
		n = m->vrefs[m->v[i].ver[p]];
		a.bytes += PAGE;
		a.priv += n == 1 ? PAGE : 0;
		mattr_add(&a, PAGE / n, (MODEL_ONE_BYTE / n) * (PAGE % n));
	}
	return a;
}

static void check_attr(struct model *m, struct mhandle *h,
		       const zx_info_vmo_t *info)
{
	struct mattr a = model_attr(m, h->v);

	CHECK_EQ(m, info->populated_bytes, a.bytes, "info.populated_bytes");
	CHECK_EQ(m, info->populated_private_bytes, a.priv,
		 "info.populated_private_bytes");
	CHECK_EQ(m, info->committed_private_bytes, a.priv,
		 "info.committed_private_bytes");
	CHECK_EQ(m, info->populated_scaled_bytes, a.scaled,
		 "info.populated_scaled_bytes");
	CHECK_EQ(m, info->committed_scaled_bytes, a.scaled,
		 "info.committed_scaled_bytes");
	CHECK_EQ(m, info->populated_fractional_scaled_bytes, a.frac,
		 "info.populated_fractional_scaled_bytes");
	CHECK_EQ(m, info->committed_fractional_scaled_bytes, a.frac,
		 "info.committed_fractional_scaled_bytes");
}

/*
 * Everything about VMO @h->v that one handle can tell: rights, size,
 * content size, ZX_INFO_VMO, ZX_VMO_ZERO_CHILDREN.  Returns the
 * committed bytes (or UINT64_MAX when ZX_INFO_VMO was refused).
 */
static uint64_t check_handle(struct model *m, struct mhandle *h)
{
	struct mvmo *v = &m->v[h->v];
	zx_info_vmo_t info;
	zx_signals_t obs = 0;
	zx_status_t st, want;
	uint64_t val = 0;
	uint32_t flags;

	CHECK_EQ(m, handle_rights_now(h->h), h->rights, "handle rights");
	st = zx_vmo_get_size(h->h, &val);
	CHECK_STATUS(m, st, ZX_OK, "zx_vmo_get_size");
	CHECK_EQ(m, val, v->size, "size");
	want = h->rights & ZX_RIGHT_GET_PROPERTY ? ZX_OK : ZX_ERR_ACCESS_DENIED;
	st = zx_object_get_property(h->h, ZX_PROP_VMO_CONTENT_SIZE, &val,
				    sizeof(val));
	CHECK_STATUS(m, st, want, "get ZX_PROP_VMO_CONTENT_SIZE");
	if (st == ZX_OK && want == ZX_OK)
		CHECK_EQ(m, val, v->csize, "content size");
	want = h->rights & ZX_RIGHT_WAIT ? ZX_OK : ZX_ERR_ACCESS_DENIED;
	if (want == ZX_OK && v->nchildren)
		want = ZX_ERR_TIMED_OUT;
	st = zx_object_wait_one(h->h, ZX_VMO_ZERO_CHILDREN, 0, &obs);
	CHECK_STATUS(m, st, want, "ZX_VMO_ZERO_CHILDREN");

	memset(&info, 0xa5, sizeof(info));
	/* Zircon's ZX_INFO_VMO needs no right (OB_GET_INFO_WR). */
	want = ZX_OK;
	st = zx_object_get_info(h->h, ZX_INFO_VMO, &info, sizeof(info), NULL, NULL);
	CHECK_STATUS(m, st, want, "ZX_INFO_VMO");
	if (st != ZX_OK || want != ZX_OK)
		return UINT64_MAX;
	flags = ZX_INFO_VMO_TYPE_PAGED | ZX_INFO_VMO_VIA_HANDLE |
		(v->resizable ? ZX_INFO_VMO_RESIZABLE : 0) |
		(v->discardable ? ZX_INFO_VMO_DISCARDABLE : 0) |
		(v->cow ? ZX_INFO_VMO_IS_COW_CLONE : 0) |
		(v->immutable ? ZX_INFO_VMO_IMMUTABLE : 0);
	CHECK_EQ(m, info.koid, v->koid, "info.koid");
	CHECK_EQ(m, info.size_bytes, v->size, "info.size_bytes");
	CHECK_EQ(m, info.parent_koid, v->parent >= 0 ? m->v[v->parent].koid : 0,
		 "info.parent_koid");
	CHECK_EQ(m, info.num_children, v->nchildren, "info.num_children");
	CHECK_EQ(m, info.num_mappings, v->nmaps, "info.num_mappings");
	CHECK_EQ(m, info.flags, flags, "info.flags");
	CHECK_EQ(m, info.handle_rights, h->rights, "info.handle_rights");
	CHECK_EQ(m, info.cache_policy, m->v[v->root].cache, "info.cache_policy");
	if (v->slice)
		CHECK_EQ(m, info.committed_bytes, 0, "slice's committed_bytes");
	else if (tree_live(m, v->tree) == 1)
		CHECK_EQ(m, info.committed_bytes, own_pages(m, h->v) * PAGE,
			 "committed_bytes");
	check_attr(m, h, &info);
	return info.committed_bytes;
}

static void check_content(struct model *m, int i)
{
	struct mhandle *h = handle_with(m, i, ZX_RIGHT_READ);
	struct mvmo *v = &m->v[i];
	zx_status_t st;
	uint64_t k;

	if (!h || !v->size || m->v[v->root].cache != ZX_CACHE_POLICY_CACHED)
		return;
	memset(m->buf, 0xa5, v->size);
	st = zx_vmo_read(h->h, m->buf, 0, v->size);
	CHECK_STATUS(m, st, ZX_OK, "zx_vmo_read (check)");
	if (st != ZX_OK)
		return;
	for (k = 0; k < v->size; k++) {
		uint8_t e = model_byte(m, v->root, v->root_off + k);

		if (m->buf[k] != e) {
			fail(m, "VMO slot %d byte %#llx reads %#x, model %#x", i,
			     (unsigned long long)k, m->buf[k], e);
			return;
		}
	}
}

static void op_info(struct model *m, const struct op *o)
{
	struct mhandle *h = find_handle(m, o->h);

	if (h) {
		check_handle(m, h);
		check_content(m, h->v);
	}
}

/* The committed bytes of each tree whose live VMOs can all be queried. */
static void check_trees(struct model *m)
{
	int i, j;

	for (i = 0; i < MODEL_MAXV; i++) {
		int t = m->v[i].tree;
		struct mattr pss = { 0, 0, 0, 0 };
		uint64_t sum = 0, whole, slack;
		long want = 0;
		bool ok = true;

		if (!m->v[i].used || m->v[i].slice || m->v[i].dead)
			continue;
		/* Once per tree: at its first live VMO. */
		for (j = 0; j < i; j++)
			if (m->v[j].used && !m->v[j].slice && !m->v[j].dead &&
			    m->v[j].tree == t)
				break;
		if (j < i)
			continue;
		for (j = i; j < MODEL_MAXV && ok; j++) {
			struct mhandle *h;
			zx_info_vmo_t info;

			if (!m->v[j].used || m->v[j].slice || m->v[j].dead ||
			    m->v[j].tree != t)
				continue;
			h = handle_with(m, j, 0);
			if (!h || zx_object_get_info(h->h, ZX_INFO_VMO, &info,
						     sizeof(info), NULL, NULL))
				ok = false;
			else
				sum += info.committed_bytes;
			if (ok)
				mattr_add(&pss, info.populated_scaled_bytes,
					  info.populated_fractional_scaled_bytes);
		}
		if (!ok)
			continue;
		for (j = 1; j < MODEL_MAXVER; j++)
			want += m->vrefs[j] && m->vtree[j] == t;
		if (sum != (uint64_t)want * PAGE)
			fail(m, "tree %d: committed_bytes add up to %llu pages, model %ld",
			     t, (unsigned long long)(sum / PAGE), want);
		/*
		 * The equal shares add up to the tree's pages too, but for the
		 * fractions' truncation: less than n^2 units of 2^-63 byte for
		 * a page seen by n VMOs.
		 */
		whole = (uint64_t)want * PAGE;
		slack = (uint64_t)want * MODEL_MAXV * MODEL_MAXV;
		if (!(pss.scaled == whole && pss.frac == 0) &&
		    !(whole && pss.scaled == whole - 1 &&
		      pss.frac >= MODEL_ONE_BYTE - slack))
			fail(m, "tree %d: scaled bytes add up to %llu + %#llx, model %llu",
			     t, (unsigned long long)pss.scaled,
			     (unsigned long long)pss.frac, (unsigned long long)whole);
	}
}

static void op_check(struct model *m)
{
	long objects = 0;
	int i;

	for (i = 0; i < MODEL_MAXH && !m->failed; i++)
		if (m->h[i].used)
			check_handle(m, &m->h[i]);
	for (i = 0; i < MODEL_MAXV && !m->failed; i++) {
		if (!m->v[i].used)
			continue;
		objects++;
		check_content(m, i);
	}
	if (!m->failed)
		check_trees(m);
	CHECK_EQ(m, zxvmo_counter("pages") - m->base.pages, m->live_versions,
		 "module's page count");
	CHECK_EQ(m, zxvmo_counter("vmos") - m->base.vmos, objects,
		 "module's VMO count");
}

static void model_apply(struct model *m, const struct op *o)
{
	m->cur = o;
	if (m->trace)
		model_print_op(stderr, o);
	switch (o->kind) {
	case OP_CREATE: op_create(m, o); break;
	case OP_WRITE: op_rw(m, o, true); break;
	case OP_READ: op_rw(m, o, false); break;
	case OP_SET_SIZE: op_set_size(m, o); break;
	case OP_RANGE: op_range(m, o); break;
	case OP_CHILD: op_child(m, o); break;
	case OP_CLOSE: op_close(m, o); break;
	case OP_DUP: op_dup(m, o); break;
	case OP_MAP: op_map(m, o); break;
	case OP_UNMAP: op_unmap(m, o); break;
	case OP_MEM: op_mem(m, o); break;
	case OP_CACHE: op_cache(m, o); break;
	case OP_INFO: op_info(m, o); break;
	case OP_CHECK: op_check(m); break;
	case OP_CONTENT_SIZE: op_content_size(m, o); break;
	}
}

/* ---------------------------------------------------------------------- */
/* Generator */

static uint32_t pick_handle(struct model *m, struct rng *r)
{
	int c[MODEL_MAXH], n = 0, i;

	for (i = 0; i < MODEL_MAXH; i++)
		if (m->h[i].used)
			c[n++] = i;
	return n ? m->h[c[rnd_below(r, n)]].id : UINT32_MAX;
}

static uint32_t pick_mapping(struct model *m, struct rng *r)
{
	int c[MODEL_MAXM], n = 0, i;

	for (i = 0; i < MODEL_MAXM; i++)
		if (m->mp[i].used)
			c[n++] = i;
	return n ? m->mp[c[rnd_below(r, n)]].id : UINT32_MAX;
}

/* Mostly a handle with all of @rights to a VMO with @flag set, if any. */
static struct mhandle *prefer(struct model *m, struct rng *r,
			      struct mhandle *h, bool resizable, bool discardable)
{
	int c[MODEL_MAXH], n = 0, i;

	if (rnd_chance(r, 25))
		return h;
	for (i = 0; i < MODEL_MAXH; i++) {
		struct mvmo *v = &m->v[m->h[i].v];

		if (m->h[i].used && (m->h[i].rights & ZX_RIGHT_WRITE) &&
		    (!resizable || v->resizable) &&
		    (!discardable || v->discardable))
			c[n++] = i;
	}
	return n ? &m->h[c[rnd_below(r, n)]] : h;
}

/* A handle to a reference (resizes and maps through it), if any. */
static struct mhandle *prefer_ref(struct model *m, struct rng *r,
				  struct mhandle *h)
{
	int c[MODEL_MAXH], n = 0, i;

	for (i = 0; i < MODEL_MAXH; i++)
		if (m->h[i].used && m->v[m->h[i].v].ref)
			c[n++] = i;
	return n ? &m->h[c[rnd_below(r, n)]] : h;
}

/* A size: mostly whole pages up to MODEL_MAXP, some unaligned, rarely huge. */
static uint64_t gen_size(struct rng *r, uint64_t max_pages)
{
	uint64_t s;

	if (rnd_chance(r, 2))
		return UINT64_MAX - rnd_below(r, PAGE);
	s = rnd_below(r, max_pages + 1) * PAGE;
	if (s && rnd_chance(r, 25))
		s -= 1 + rnd_below(r, PAGE - 1);
	return s;
}

/* An offset and length around a VMO of @size bytes. */
static void gen_range(struct rng *r, uint64_t size, bool aligned,
		      uint64_t *off, uint64_t *len)
{
	if (rnd_chance(r, 3)) {
		*off = UINT64_MAX - rnd_below(r, 2 * PAGE);
		*len = 1 + rnd_below(r, 3 * PAGE);
		return;
	}
	if (aligned) {
		*off = rnd_below(r, size / PAGE + 2) * PAGE;
		*len = rnd_below(r, 4) * PAGE;
		if (rnd_chance(r, 10))
			*off += 1 + rnd_below(r, PAGE - 1);
		if (rnd_chance(r, 10))
			*len += 1 + rnd_below(r, PAGE - 1);
	} else {
		*off = rnd_chance(r, 10) ? rnd_below(r, size + PAGE + 1) : rnd_below(r, size + 1);
		*len = rnd_chance(r, 10) ? 0 : rnd_below(r, 3 * PAGE);
	}
	/* Mostly in range. */
	if (rnd_chance(r, 85) && *off <= size && *off + *len > size)
		*len = size - *off;
}

static const uint32_t range_ops[] = {
	ZX_VMO_OP_COMMIT, ZX_VMO_OP_COMMIT, ZX_VMO_OP_DECOMMIT,
	ZX_VMO_OP_DECOMMIT, ZX_VMO_OP_ZERO, ZX_VMO_OP_ZERO, ZX_VMO_OP_ZERO,
	ZX_VMO_OP_LOCK, ZX_VMO_OP_TRY_LOCK, ZX_VMO_OP_UNLOCK,
	ZX_VMO_OP_CACHE_SYNC, ZX_VMO_OP_CACHE_CLEAN,
	ZX_VMO_OP_CACHE_CLEAN_INVALIDATE, ZX_VMO_OP_CACHE_INVALIDATE,
	ZX_VMO_OP_DONT_NEED, ZX_VMO_OP_ALWAYS_NEED, ZX_VMO_OP_PREFETCH, 99,
};

static const zx_rights_t droppable[] = {
	ZX_RIGHT_READ, ZX_RIGHT_WRITE, ZX_RIGHT_MAP, ZX_RIGHT_DUPLICATE,
	ZX_RIGHT_INSPECT, ZX_RIGHT_GET_PROPERTY, ZX_RIGHT_SET_PROPERTY,
	ZX_RIGHT_WAIT, ZX_RIGHT_TRANSFER, ZX_RIGHT_SIGNAL,
};

static void gen_child(struct model *m, struct rng *r, struct mvmo *v,
		      struct op *o)
{
	uint64_t pages, offp;
	uint32_t k = rnd_below(r, 100);

	if (k < 27)
		o->a = ZX_VMO_CHILD_SNAPSHOT;
	else if (k < 40)
		o->a = ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE;
	else if (k < 49)
		o->a = ZX_VMO_CHILD_SNAPSHOT_MODIFIED;
	else if (k < 81)
		o->a = ZX_VMO_CHILD_SLICE;
	else if (k < 93)
		o->a = ZX_VMO_CHILD_REFERENCE;
	else if (k < 95)
		o->a = ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_SLICE;
	else if (k < 96)
		o->a = ZX_VMO_CHILD_SNAPSHOT |
		       ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE;
	else if (k < 97)
		o->a = ZX_VMO_CHILD_REFERENCE |
		       (rnd_chance(r, 50) ? ZX_VMO_CHILD_SNAPSHOT :
			ZX_VMO_CHILD_SLICE);
	else
		o->a = 0;
	if (rnd_chance(r, 25))
		o->a |= ZX_VMO_CHILD_RESIZABLE;
	if (rnd_chance(r, 15))
		o->a |= ZX_VMO_CHILD_NO_WRITE;
	if (rnd_chance(r, 1))
		o->a |= 1u << 9;
	pages = v->size / PAGE;
	if ((o->a & ~(ZX_VMO_CHILD_RESIZABLE | ZX_VMO_CHILD_NO_WRITE)) ==
	    ZX_VMO_CHILD_REFERENCE) {
		/* Mostly no range (all of the VMO), sometimes one. */
		if (m->v[v->root].resizable && !(o->a & ZX_VMO_CHILD_NO_WRITE) &&
		    rnd_chance(r, 50))
			o->a |= ZX_VMO_CHILD_RESIZABLE;	/* to resize through */
		o->off = rnd_chance(r, 10) ? rnd_below(r, 2) * PAGE : 0;
		o->len = rnd_chance(r, 10) ? gen_size(r, 2) : 0;
		return;
	}
	if (o->a & ZX_VMO_CHILD_SLICE) {
		offp = rnd_below(r, pages + 1);
		o->off = offp * PAGE;
		o->len = gen_size(r, pages - offp + (rnd_chance(r, 5) ? 1 : 0));
	} else {
		offp = rnd_below(r, pages + 2);
		if (offp > MODEL_MAXP - 1)
			offp = MODEL_MAXP - 1;
		o->off = offp * PAGE;
		o->len = gen_size(r, MODEL_MAXP - offp);
	}
	if (rnd_chance(r, 3))
		o->off += 1 + rnd_below(r, PAGE - 1);
	if (rnd_chance(r, 2))
		o->off = UINT64_MAX / PAGE * PAGE;
}

static void model_gen(struct model *m, struct rng *r, uint32_t id, struct op *o)
{
	uint32_t hid = pick_handle(m, r), k;
	struct mhandle *h = hid != UINT32_MAX ? find_handle(m, hid) : NULL;
	struct mvmo *v = h ? &m->v[h->v] : NULL;
	bool vfree = free_vmo(m) >= 0, hfree = free_handle(m) >= 0;
	unsigned int i;

	memset(o, 0, sizeof(*o));
	o->id = id;
	o->h = hid;
	o->seed = (uint32_t)rng_next(r);
	if (id % 64 == 63) {
		o->kind = OP_CHECK;
		return;
	}
	k = rnd_below(r, 100);
	if (!h || (k < 5 && vfree && hfree)) {
		if (!vfree || !hfree) {
			/* Only mappings hold the forest: let them go. */
			o->kind = h ? OP_CLOSE : OP_UNMAP;
			o->mp = pick_mapping(m, r);
			return;
		}
		o->kind = OP_CREATE;
		o->a = rnd_chance(r, 30) ? ZX_VMO_RESIZABLE : 0;
		if (rnd_chance(r, 10))
			o->a |= ZX_VMO_DISCARDABLE;
		if (rnd_chance(r, 2))
			o->a |= 1u << 6;
		if (rnd_chance(r, 2))
			o->a |= ZX_VMO_UNBOUNDED;
		o->len = gen_size(r, MODEL_MAXP);
		return;
	}
	if (k < 20) {
		o->kind = OP_WRITE;
		gen_range(r, v->size, false, &o->off, &o->len);
	} else if (k < 28) {
		o->kind = OP_READ;
		gen_range(r, v->size, false, &o->off, &o->len);
	} else if (k < 32) {
		o->kind = OP_SET_SIZE;
		h = prefer(m, r, h, true, false);
		if (rnd_chance(r, 30))
			h = prefer_ref(m, r, h);
		o->h = h->id;
		o->len = gen_size(r, MODEL_MAXP);
	} else if (k < 46) {
		o->kind = OP_RANGE;
		o->a = range_ops[rnd_below(r, sizeof(range_ops) / sizeof(range_ops[0]))];
		if (o->a == ZX_VMO_OP_LOCK || o->a == ZX_VMO_OP_TRY_LOCK ||
		    o->a == ZX_VMO_OP_UNLOCK) {
			h = prefer(m, r, h, false, true);
			o->h = h->id;
			v = &m->v[h->v];
			o->off = 0;
			o->len = v->size;
			if (rnd_chance(r, 10))
				gen_range(r, v->size, true, &o->off, &o->len);
		} else {
			gen_range(r, v->size, o->a == ZX_VMO_OP_DECOMMIT,
				  &o->off, &o->len);
		}
	} else if (k < 56 && vfree && hfree) {
		o->kind = OP_CHILD;
		gen_child(m, r, v, o);
	} else if (k < 64) {
		o->kind = OP_CLOSE;
	} else if (k < 69 && hfree) {
		o->kind = OP_DUP;
		if (rnd_chance(r, 10)) {
			o->a = ZX_RIGHT_SAME_RIGHTS;
		} else {
			o->a = h->rights;
			for (i = 0; i < sizeof(droppable) / sizeof(droppable[0]); i++)
				if (rnd_chance(r, 8))
					o->a &= ~droppable[i];
			if (rnd_chance(r, 4))
				o->a |= rnd_chance(r, 50) ? ZX_RIGHT_EXECUTE :
					ZX_RIGHT_RESIZE;
		}
	} else if (k < 74 && v->size) {
		struct mhandle *rh = rnd_chance(r, 25) ? prefer_ref(m, r, h) : h;

		o->kind = OP_MAP;
		if (m->v[rh->v].size) {
			o->h = rh->id;
			v = &m->v[rh->v];
		}
		o->off = rnd_below(r, v->size / PAGE) * PAGE;
		o->len = (1 + rnd_below(r, (v->size - o->off) / PAGE)) * PAGE;
		o->a = rnd_chance(r, 70);
	} else if (k < 77) {
		o->kind = OP_UNMAP;
		o->mp = pick_mapping(m, r);
	} else if (k < 87) {
		struct mmapping *mp;

		o->kind = OP_MEM;
		o->mp = pick_mapping(m, r);
		mp = o->mp != UINT32_MAX ? find_mapping(m, o->mp) : NULL;
		if (mp) {
			o->off = rnd_below(r, mp->len);
			o->a = mp->writable && rnd_chance(r, 50);
		}
	} else if (k < 90) {
		o->kind = OP_CONTENT_SIZE;
		o->len = rnd_below(r, v->size + 1 + PAGE);
		if (rnd_chance(r, 30))
			o->len = v->size;
		o->a = rnd_chance(r, 40);	/* zx_vmo_set_stream_size */
	} else if (k < 93) {
		o->kind = OP_CACHE;
		o->a = rnd_chance(r, 4) ? 4 + rnd_below(r, 4) : rnd_below(r, 4);
		if (rnd_chance(r, 40))
			o->a = ZX_CACHE_POLICY_CACHED;
	} else {
		o->kind = OP_INFO;
	}
}

#endif /* ZXVMO_MODEL_H */
