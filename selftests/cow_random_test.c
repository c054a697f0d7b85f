// SPDX-License-Identifier: GPL-2.0
/*
 * Randomized model check of copy-on-write children.  A reference model
 * tracks, for every VMO, which physical page version each of its pages
 * shows and with what byte; random snapshots (at offsets, larger than the
 * parent, resizable), slices, whole-page writes, resizes and closes are
 * applied to both.  After every step:
 *   - the module holds exactly one page per version that some VMO whose
 *     pages are live can see (a write copies a version that someone else
 *     sees, otherwise it writes or moves it in place);
 *   - each such page is charged to exactly one VMO (the committed_bytes of
 *     all live VMOs add up to the module's page count; slices report 0);
 *   - the module's VMO count is the number of live objects (a VMO lingers
 *     while it has children), and ZX_VMO_ZERO_CHILDREN / num_children
 *     follow the live children;
 *   - the content of a VMO (every few steps, all of them) is the model's.
 */
#include "cow_helpers.h"

static bool tracing;

#define TRACE(...) do { if (tracing) fprintf(stderr, "# " __VA_ARGS__); } while (0)

#define MAXV	16
#define MAXP	10

struct mvmo {
	bool used;			/* the object exists */
	zx_handle_t h;			/* ZX_HANDLE_INVALID once closed */
	bool slice, resizable;
	int root, root_off;		/* slices: the window on the root */
	int parent;
	int nchildren;			/* live child objects */
	int size;			/* pages */
	uint32_t ver[MAXP];		/* 0: no page (reads zero) */
	uint8_t byte[MAXP];
};

struct model {
	struct mvmo v[MAXV];
	uint32_t next_ver;
	struct rng rng;
	struct counters base;
};

/* Are the pages of non-slice VMO @i live (its handle or a slice's)? */
static bool pages_live(struct model *m, int i)
{
	int j;

	if (!m->v[i].used || m->v[i].slice)
		return false;
	if (m->v[i].h != ZX_HANDLE_INVALID)
		return true;
	for (j = 0; j < MAXV; j++)
		if (m->v[j].used && m->v[j].slice && m->v[j].root == i &&
		    m->v[j].h != ZX_HANDLE_INVALID)
			return true;
	return false;
}

static int viewers(struct model *m, uint32_t ver)
{
	int i, q, n = 0;

	for (i = 0; i < MAXV; i++)
		if (pages_live(m, i))
			for (q = 0; q < m->v[i].size; q++)
				n += m->v[i].ver[q] == ver;
	return n;
}

static long distinct_versions(struct model *m)
{
	static uint32_t seen[MAXV * MAXP];
	int i, q, k, n = 0;

	for (i = 0; i < MAXV; i++) {
		if (!pages_live(m, i))
			continue;
		for (q = 0; q < m->v[i].size; q++) {
			uint32_t ver = m->v[i].ver[q];

			if (!ver)
				continue;
			for (k = 0; k < n && seen[k] != ver; k++)
				;
			if (k == n)
				seen[n++] = ver;
		}
	}
	return n;
}

static int free_slot(struct model *m)
{
	int i;

	for (i = 0; i < MAXV; i++)
		if (!m->v[i].used)
			return i;
	return -1;
}

/* A random VMO with an open handle, or -1. */
static int pick_open(struct model *m, bool want_slice, bool any)
{
	int c[MAXV], n = 0, i;

	for (i = 0; i < MAXV; i++)
		if (m->v[i].used && m->v[i].h != ZX_HANDLE_INVALID &&
		    (any || m->v[i].slice == want_slice))
			c[n++] = i;
	return n ? c[rnd_below(&m->rng, n)] : -1;
}

/* The root page behind page @p of VMO @i. */
static void resolve(struct model *m, int i, int p, int *r, int *rp)
{
	if (m->v[i].slice) {
		*r = m->v[i].root;
		*rp = m->v[i].root_off + p;
	} else {
		*r = i;
		*rp = p;
	}
}

static void release_object(struct model *m, int i)
{
	while (i >= 0 && m->v[i].used && m->v[i].h == ZX_HANDLE_INVALID &&
	       m->v[i].nchildren == 0) {
		int parent = m->v[i].parent;

		m->v[i].used = false;
		if (parent >= 0)
			m->v[parent].nchildren--;
		i = parent;
	}
}

static void check_content(struct __test_metadata *_metadata, struct model *m,
			  int i, int step)
{
	uint8_t *buf = malloc(MAXP * PAGE + 1);
	int p, r, rp;

	ASSERT_NE(NULL, buf);
	if (m->v[i].size)
		ASSERT_EQ(ZX_OK, zx_vmo_read(m->v[i].h, buf, 0, m->v[i].size * PAGE));
	for (p = 0; p < m->v[i].size; p++) {
		resolve(m, i, p, &r, &rp);
		if (!mem_is(buf + p * PAGE, PAGE, m->v[r].byte[rp], NULL)) {
			TH_LOG("step %d: vmo %d page %d reads %#x, model %#x", step,
			       i, p, buf[p * PAGE], m->v[r].byte[rp]);
			EXPECT_EQ(m->v[r].byte[rp], buf[p * PAGE]);
			break;
		}
	}
	free(buf);
}

static void check_all(struct __test_metadata *_metadata, struct model *m,
		      int step, bool content)
{
	long objects = 0, pages = distinct_versions(m);
	uint64_t sum = 0;
	bool summable = true;
	int i;

	for (i = 0; i < MAXV; i++) {
		struct mvmo *v = &m->v[i];

		if (!v->used)
			continue;
		objects++;
		if (v->h == ZX_HANDLE_INVALID) {
			if (pages_live(m, i))
				summable = false;	/* charged, not queryable */
			continue;
		}
		if (content)
			check_content(_metadata, m, i, step);
		{
			zx_info_vmo_t info = vmo_info(_metadata, v->h);

			if (v->slice) {
				EXPECT_EQ(0u, info.committed_bytes);
			} else {
				sum += info.committed_bytes / PAGE;
			}
			if (info.num_children != (size_t)v->nchildren)
				TH_LOG("step %d: vmo %d has %zu children, model %d", step,
				       i, info.num_children, v->nchildren);
			EXPECT_EQ((size_t)v->nchildren, info.num_children);
			EXPECT_EQ((uint64_t)v->size * PAGE, info.size_bytes);
		}
		if (v->nchildren) {
			EXPECT_HAS_CHILDREN(v->h);
		} else {
			EXPECT_ZERO_CHILDREN(v->h);
		}
	}
	if (pages_now() - m->base.pages != pages)
		TH_LOG("step %d: module holds %ld pages, model %ld", step,
		       pages_now() - m->base.pages, pages);
	EXPECT_EQ(m->base.pages + pages, pages_now());
	if (summable) {
		if ((long)sum != pages)
			TH_LOG("step %d: committed adds up to %llu pages, model %ld",
			       step, (unsigned long long)sum, pages);
		EXPECT_EQ(pages, (long)sum);
	}
	EXPECT_EQ(m->base.vmos + objects, vmos_now());
}

static void op_create(struct __test_metadata *_metadata, struct model *m, int s)
{
	struct mvmo *v = &m->v[s];
	bool resizable = rnd_below(&m->rng, 2);

	memset(v, 0, sizeof(*v));
	v->size = 1 + rnd_below(&m->rng, MAXP);
	v->resizable = resizable;
	v->parent = -1;
	v->h = vmo_new(_metadata, v->size * PAGE, resizable ? ZX_VMO_RESIZABLE : 0);
	v->used = true;
	TRACE("v%d = create(%d pages%s)\n", s, v->size, resizable ? ", resizable" : "");
}

static void op_write(struct __test_metadata *_metadata, struct model *m, int i)
{
	int p, r, rp;
	uint8_t b;

	if (!m->v[i].size)
		return;
	p = rnd_below(&m->rng, m->v[i].size);
	b = (uint8_t)(1 + rnd_below(&m->rng, 255));
	fill_page(_metadata, m->v[i].h, p, b);
	resolve(m, i, p, &r, &rp);
	TRACE("write v%d page %d = %#x (root v%d page %d)\n", i, p, b, r, rp);
	if (!m->v[r].ver[rp] || viewers(m, m->v[r].ver[rp]) > 1)
		m->v[r].ver[rp] = ++m->next_ver;
	m->v[r].byte[rp] = b;
}

static void op_snapshot(struct __test_metadata *_metadata, struct model *m,
			int i, int s)
{
	struct mvmo *v = &m->v[s], *pv = &m->v[i];
	uint32_t opts = ZX_VMO_CHILD_SNAPSHOT;
	int off = rnd_below(&m->rng, 4), q;

	memset(v, 0, sizeof(*v));
	v->size = rnd_below(&m->rng, MAXP + 1);
	if (off + v->size > MAXP)
		off = MAXP - v->size;
	v->resizable = rnd_below(&m->rng, 2);
	if (v->resizable)
		opts |= ZX_VMO_CHILD_RESIZABLE;
	if (rnd_below(&m->rng, 2))
		opts ^= ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE;
	if (pv->slice) {
		EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
			  child_status(pv->h, opts, off * PAGE, v->size * PAGE));
		return;
	}
	v->h = child_new(_metadata, pv->h, opts, off * PAGE, v->size * PAGE);
	for (q = 0; q < v->size; q++) {
		if (off + q < pv->size) {
			v->ver[q] = pv->ver[off + q];
			v->byte[q] = pv->byte[off + q];
		}
	}
	v->parent = i;
	v->used = true;
	pv->nchildren++;
	TRACE("v%d = snapshot(v%d, off %d, %d pages%s%s)\n", s, i, off, v->size,
	      v->resizable ? ", resizable" : "",
	      opts & ZX_VMO_CHILD_SNAPSHOT ? "" : ", at-least-on-write");
}

static void op_slice(struct __test_metadata *_metadata, struct model *m,
		     int i, int s)
{
	struct mvmo *v = &m->v[s], *pv = &m->v[i];
	int off, size;

	if (pv->resizable) {
		EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, child_status(pv->h, ZX_VMO_CHILD_SLICE, 0, 0));
		return;
	}
	off = rnd_below(&m->rng, pv->size + 1);
	size = rnd_below(&m->rng, pv->size - off + 1);
	memset(v, 0, sizeof(*v));
	v->h = slice(_metadata, pv->h, off * PAGE, size * PAGE);
	v->slice = true;
	v->size = size;
	v->root = pv->slice ? pv->root : i;
	v->root_off = (pv->slice ? pv->root_off : 0) + off;
	v->parent = i;
	v->used = true;
	pv->nchildren++;
	TRACE("v%d = slice(v%d, off %d, %d pages)\n", s, i, off, size);
}

static void op_resize(struct __test_metadata *_metadata, struct model *m, int i)
{
	struct mvmo *v = &m->v[i];
	int size = rnd_below(&m->rng, MAXP + 1), q;

	if (!v->resizable || v->slice) {
		EXPECT_EQ(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(v->h, size * PAGE));
		return;
	}
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(v->h, size * PAGE));
	TRACE("set_size v%d %d -> %d pages\n", i, v->size, size);
	for (q = size; q < MAXP; q++) {
		v->ver[q] = 0;
		v->byte[q] = 0;
	}
	v->size = size;
}

static void op_close(struct __test_metadata *_metadata, struct model *m, int i)
{
	ASSERT_EQ(ZX_OK, zx_handle_close(m->v[i].h));
	TRACE("close v%d\n", i);
	m->v[i].h = ZX_HANDLE_INVALID;
	release_object(m, i);
}

static const char *const op_names[] = {
	"create", "write", "snapshot", "slice", "resize", "close",
};

static void run_random(struct __test_metadata *_metadata, uint64_t seed, int steps)
{
	struct model *m = calloc(1, sizeof(*m));
	int step, i;

	ASSERT_NE(NULL, m);
	rng_init(&m->rng, seed, 0);
	tracing = getenv("COW_TRACE") != NULL;
	m->base = read_counters();
	ASSERT_LE(0, m->base.pages);
	for (step = 0; step < steps; step++) {
		uint32_t r = rnd_below(&m->rng, 100);
		int a = pick_open(m, false, true), s = free_slot(m), op;

		if (a < 0 || (r < 4 && s >= 0))
			op = 0;
		else if (r < 50)
			op = 1;
		else if (r < 68)
			op = s >= 0 ? 2 : 1;
		else if (r < 76)
			op = s >= 0 ? 3 : 1;
		else if (r < 84)
			op = 4;
		else
			op = 5;
		if (op == 0 && s < 0)
			op = 5;
		if (op == 5 && a < 0)
			continue;
		switch (op) {
		case 0: op_create(_metadata, m, s); a = s; break;
		case 1: op_write(_metadata, m, a); break;
		case 2: op_snapshot(_metadata, m, a, s); break;
		case 3: op_slice(_metadata, m, a, s); break;
		case 4: op_resize(_metadata, m, a); break;
		case 5: op_close(_metadata, m, a); break;
		}
		check_all(_metadata, m, step, step % 16 == 0);
		if (m->v[a].used && m->v[a].h != ZX_HANDLE_INVALID)
			check_content(_metadata, m, a, step);
		if (!_metadata->passed) {
			TH_LOG("seed %#llx: first failure at step %d (%s on vmo %d)",
			       (unsigned long long)seed, step, op_names[op], a);
			break;
		}
	}
	if (_metadata->passed)
		check_all(_metadata, m, step, true);
	for (i = 0; i < MAXV; i++)
		if (m->v[i].used && m->v[i].h != ZX_HANDLE_INVALID)
			zx_handle_close(m->v[i].h);
	EXPECT_BASELINE(m->base);
	free(m);
}

TEST(random_seed_1) { run_random(_metadata, 0x9e3779b97f4a7c15ull, 1500); }
TEST(random_seed_2) { run_random(_metadata, 0xdeadbeefcafef00dull, 1500); }
TEST(random_seed_3) { run_random(_metadata, 0x0123456789abcdefull, 1500); }
TEST(random_seed_4) { run_random(_metadata, 0x5555aaaa3333ccccull, 1500); }

TEST_HARNESS_MAIN
