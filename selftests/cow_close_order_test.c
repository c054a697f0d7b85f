// SPDX-License-Identifier: GPL-2.0
/*
 * Closing copy-on-write relatives in any order: every survivor keeps its
 * exact content, the module keeps exactly the pages some survivor can
 * still see (no more, no less), and everything returns to the baseline.
 * Hidden nodes are merged: a long history of snapshot-and-close does not
 * pile up memory.
 */
#include "cow_helpers.h"

#define NPG 4
#define MAXV 3

/*
 * A scenario: three VMOs (index 0 is the root) with their expected bytes
 * per page, and every physical page version the ideal tree holds, as the
 * set of VMOs that see it.  A version is kept while one of its viewers is
 * alive.
 */
struct scenario {
	zx_handle_t h[MAXV];
	uint8_t model[MAXV][NPG];
	unsigned int versions[16];	/* viewer bit masks */
	int nversions;
};

/*
 * Checks the content of the VMOs in @readable (whose handles are open)
 * and that the module holds exactly the versions whose viewers in @alive
 * are still around.
 */
static void check_state(struct __test_metadata *_metadata, struct scenario *s,
			unsigned int alive, unsigned int readable,
			long base_pages)
{
	uint8_t *buf = malloc(NPG * PAGE);
	long want = 0;
	int v, p;

	ASSERT_NE(NULL, buf);
	for (v = 0; v < MAXV; v++) {
		if (!(readable & (1u << v)))
			continue;
		ASSERT_EQ(ZX_OK, zx_vmo_read(s->h[v], buf, 0, NPG * PAGE));
		for (p = 0; p < NPG; p++) {
			if (!mem_is(buf + p * PAGE, PAGE, s->model[v][p], NULL)) {
				TH_LOG("alive %#x: vmo %d page %d reads %#x, expected %#x",
				       alive, v, p, buf[p * PAGE], s->model[v][p]);
				EXPECT_EQ(s->model[v][p], buf[p * PAGE]);
			}
		}
	}
	for (v = 0; v < s->nversions; v++)
		if (s->versions[v] & alive)
			want++;
	if (pages_now() != base_pages + want)
		TH_LOG("alive %#x: %ld pages, expected %ld", alive,
		       pages_now() - base_pages, want);
	EXPECT_EQ(base_pages + want, pages_now());
	free(buf);
}

static void check_survivors(struct __test_metadata *_metadata,
			    struct scenario *s, unsigned int alive, long base_pages)
{
	check_state(_metadata, s, alive, alive, base_pages);
}

#define P_ (1u << 0)
#define A_ (1u << 1)
#define B_ (1u << 2)

/*
 * Parent P and two snapshots A and B:
 *   P = 10 11 12 13;  A = snapshot(P);  P writes page 3 (23);
 *   B = snapshot(P);  P writes 0 (20), A writes 1 (21), B writes 2 (22).
 */
static void build_siblings(struct __test_metadata *_metadata, struct scenario *s)
{
	static const uint8_t model[MAXV][NPG] = {
		{ 0x20, 0x11, 0x12, 0x23 },	/* P */
		{ 0x10, 0x21, 0x12, 0x13 },	/* A */
		{ 0x10, 0x11, 0x22, 0x23 },	/* B */
	};
	static const unsigned int versions[] = {
		A_ | B_,	/* original page 0 */
		P_,		/* P's page 0 */
		P_ | B_,	/* original page 1 */
		A_,		/* A's page 1 */
		P_ | A_,	/* original page 2 */
		B_,		/* B's page 2 */
		A_,		/* original page 3 */
		P_ | B_,	/* P's page 3, before B */
	};
	int p;

	s->h[0] = vmo_new(_metadata, NPG * PAGE, 0);
	for (p = 0; p < NPG; p++)
		fill_page(_metadata, s->h[0], p, 0x10 + p);
	s->h[1] = snap(_metadata, s->h[0], 0, NPG * PAGE);
	fill_page(_metadata, s->h[0], 3, 0x23);
	s->h[2] = snap(_metadata, s->h[0], 0, NPG * PAGE);
	fill_page(_metadata, s->h[0], 0, 0x20);
	fill_page(_metadata, s->h[1], 1, 0x21);
	fill_page(_metadata, s->h[2], 2, 0x22);
	memcpy(s->model, model, sizeof(model));
	memcpy(s->versions, versions, sizeof(versions));
	s->nversions = sizeof(versions) / sizeof(versions[0]);
}

/*
 * A chain P -> C -> G:
 *   P = 10 11 12 13;  C = snapshot(P);  C writes 1 (31);
 *   G = snapshot(C);  C writes 2 (32);  P writes 0 (30);  G writes 3 (33).
 */
static void build_chain(struct __test_metadata *_metadata, struct scenario *s)
{
	static const uint8_t model[MAXV][NPG] = {
		{ 0x30, 0x11, 0x12, 0x13 },	/* P */
		{ 0x10, 0x31, 0x32, 0x13 },	/* C */
		{ 0x10, 0x31, 0x12, 0x33 },	/* G */
	};
	static const unsigned int versions[] = {
		A_ | B_,	/* original page 0: C and G */
		P_,		/* P's page 0 */
		P_,		/* original page 1 */
		A_ | B_,	/* C's page 1, before G */
		P_ | B_,	/* original page 2 */
		A_,		/* C's page 2, after G */
		P_ | A_,	/* original page 3 */
		B_,		/* G's page 3 */
	};
	int p;

	s->h[0] = vmo_new(_metadata, NPG * PAGE, 0);
	for (p = 0; p < NPG; p++)
		fill_page(_metadata, s->h[0], p, 0x10 + p);
	s->h[1] = snap(_metadata, s->h[0], 0, NPG * PAGE);
	fill_page(_metadata, s->h[1], 1, 0x31);
	s->h[2] = snap(_metadata, s->h[1], 0, NPG * PAGE);
	fill_page(_metadata, s->h[1], 2, 0x32);
	fill_page(_metadata, s->h[0], 0, 0x30);
	fill_page(_metadata, s->h[2], 3, 0x33);
	memcpy(s->model, model, sizeof(model));
	memcpy(s->versions, versions, sizeof(versions));
	s->nversions = sizeof(versions) / sizeof(versions[0]);
}

static const int close_orders[6][3] = {
	{ 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 },
};

static void run_close_order(struct __test_metadata *_metadata,
			    void (*build)(struct __test_metadata *, struct scenario *),
			    int order)
{
	BASELINE(base);
	struct scenario s;
	unsigned int alive = P_ | A_ | B_;
	int k;

	build(_metadata, &s);
	check_survivors(_metadata, &s, alive, base.pages);
	for (k = 0; k < 3; k++) {
		int v = close_orders[order][k];

		ASSERT_EQ(ZX_OK, zx_handle_close(s.h[v]));
		alive &= ~(1u << v);
		check_survivors(_metadata, &s, alive, base.pages);
	}
	EXPECT_BASELINE(base);
}

/* The six close orders of a parent and two snapshot children. */
TEST(siblings_close_P_A_B) { run_close_order(_metadata, build_siblings, 0); }
TEST(siblings_close_P_B_A) { run_close_order(_metadata, build_siblings, 1); }
TEST(siblings_close_A_P_B) { run_close_order(_metadata, build_siblings, 2); }
TEST(siblings_close_A_B_P) { run_close_order(_metadata, build_siblings, 3); }
TEST(siblings_close_B_P_A) { run_close_order(_metadata, build_siblings, 4); }
TEST(siblings_close_B_A_P) { run_close_order(_metadata, build_siblings, 5); }

/* The same for a chain parent -> child -> grandchild. */
TEST(chain_close_P_C_G) { run_close_order(_metadata, build_chain, 0); }
TEST(chain_close_P_G_C) { run_close_order(_metadata, build_chain, 1); }
TEST(chain_close_C_P_G) { run_close_order(_metadata, build_chain, 2); }
TEST(chain_close_C_G_P) { run_close_order(_metadata, build_chain, 3); }
TEST(chain_close_G_P_C) { run_close_order(_metadata, build_chain, 4); }
TEST(chain_close_G_C_P) { run_close_order(_metadata, build_chain, 5); }

/* Closing the middle of a chain: parent and grandchild keep their data. */
TEST(close_middle_of_chain)
{
	BASELINE(base);
	struct scenario s;

	build_chain(_metadata, &s);
	ASSERT_EQ(ZX_OK, zx_handle_close(s.h[1]));
	/* The middle object lingers for its child, without its pages. */
	EXPECT_EQ(base.vmos + 3, vmos_now());
	check_survivors(_metadata, &s, P_ | B_, base.pages);
	/* Both survivors still copy on write independently. */
	fill_page(_metadata, s.h[0], 2, 0x40);
	fill_page(_metadata, s.h[2], 1, 0x41);
	expect_page(_metadata, s.h[2], 2, 0x12);
	expect_page(_metadata, s.h[0], 1, 0x11);
	expect_page(_metadata, s.h[2], 0, 0x10);
	EXPECT_EQ(4u, npages_committed(_metadata, s.h[0]));
	EXPECT_EQ(4u, npages_committed(_metadata, s.h[2]));
	EXPECT_EQ(base.pages + 8, pages_now());
	ASSERT_EQ(ZX_OK, zx_handle_close(s.h[2]));
	EXPECT_EQ(base.vmos + 1, vmos_now());
	EXPECT_EQ(base.pages + 4, pages_now());
	expect_page(_metadata, s.h[0], 2, 0x40);
	ASSERT_EQ(ZX_OK, zx_handle_close(s.h[0]));
	EXPECT_BASELINE(base);
}

/* A closed VMO that is still mapped keeps its pages and its view. */
TEST(mapped_middle_keeps_its_view)
{
	BASELINE(base);
	struct scenario s;
	uint8_t *m;

	build_chain(_metadata, &s);
	m = map_vmo(_metadata, s.h[1], ZX_VM_PERM_READ, 0, NPG * PAGE);
	ASSERT_EQ(ZX_OK, zx_handle_close(s.h[1]));
	ASSERT_EQ(ZX_OK, zx_handle_close(s.h[0]));
	EXPECT_MEM(m, PAGE, 0x10);
	EXPECT_MEM(m + PAGE, PAGE, 0x31);
	EXPECT_MEM(m + 2 * PAGE, PAGE, 0x32);
	EXPECT_MEM(m + 3 * PAGE, PAGE, 0x13);
	check_state(_metadata, &s, A_ | B_, B_, base.pages);
	unmap_vmo(_metadata, m, NPG * PAGE);
	check_survivors(_metadata, &s, B_, base.pages);
	ASSERT_EQ(ZX_OK, zx_handle_close(s.h[2]));
	EXPECT_BASELINE(base);
}

/*
 * Snapshot, close the original, repeat on the newest: the pages stay at
 * the number of distinct pages seen (hidden nodes are merged away).
 */
TEST(snapshot_and_close_original_50_times)
{
	BASELINE(base);
	const int npages = 16;
	zx_handle_t h = vmo_new(_metadata, npages * PAGE, 0), c;
	int i;

	fill(_metadata, h, 0, npages * PAGE, 0x50);
	for (i = 0; i < 50; i++) {
		c = snap(_metadata, h, 0, npages * PAGE);
		/* The child writes one page while the original still sees it. */
		fill_page(_metadata, c, i % npages, (uint8_t)(0x60 + i));
		EXPECT_EQ(base.pages + npages + 1, pages_now());
		ASSERT_EQ(ZX_OK, zx_handle_close(h));
		h = c;
		EXPECT_EQ(base.pages + npages, pages_now());
		EXPECT_EQ((uint64_t)npages, npages_committed(_metadata, h));
	}
	for (i = 0; i < npages; i++) {
		/* Page i was last written in round 32 + i (or 16 + i). */
		int last = i + 16 * ((49 - i) / 16);

		expect_page(_metadata, h, i, (uint8_t)(0x60 + last));
	}
	ASSERT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_BASELINE(base);
}

/* The same with the parent kept and the child replaced 50 times. */
TEST(snapshot_and_close_child_50_times)
{
	BASELINE(base);
	const int npages = 16;
	zx_handle_t h = vmo_new(_metadata, npages * PAGE, 0), c;
	int i;

	fill(_metadata, h, 0, npages * PAGE, 0x50);
	for (i = 0; i < 50; i++) {
		c = snap(_metadata, h, 0, npages * PAGE);
		fill_page(_metadata, h, i % npages, (uint8_t)(0x60 + i));
		fill_page(_metadata, c, (i + 1) % npages, (uint8_t)(0xa0 + i));
		EXPECT_EQ(base.pages + npages + 2, pages_now());
		expect_page(_metadata, c, i % npages, i < npages ? 0x50 :
			    (uint8_t)(0x60 + i - npages));
		ASSERT_EQ(ZX_OK, zx_handle_close(c));
		EXPECT_EQ(base.pages + npages, pages_now());
		EXPECT_EQ((uint64_t)npages, npages_committed(_metadata, h));
		EXPECT_EQ(0u, vmo_info(_metadata, h).num_children);
	}
	ASSERT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_BASELINE(base);
}

/* A long chain whose every link was closed frees iteratively. */
TEST(long_chain_of_closed_snapshots)
{
	BASELINE(base);
	zx_handle_t h = vmo_new(_metadata, 2 * PAGE, 0), c;
	int i;

	fill(_metadata, h, 0, 2 * PAGE, 0x70);
	for (i = 0; i < 1000; i++) {
		c = snap(_metadata, h, 0, 2 * PAGE);
		ASSERT_EQ(ZX_OK, zx_handle_close(h));
		h = c;
	}
	EXPECT_EQ(base.pages + 2, pages_now());
	expect_bytes(_metadata, h, 0, 2 * PAGE, 0x70);
	ASSERT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_BASELINE(base);
}

/* Closing a parent while its children still share its pages. */
TEST(close_parent_with_many_children)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 8 * PAGE, 0), c[8];
	int i;

	fill(_metadata, p, 0, 8 * PAGE, 0x80);
	for (i = 0; i < 8; i++) {
		c[i] = snap(_metadata, p, 0, 8 * PAGE);
		fill_page(_metadata, p, i, (uint8_t)(0x81 + i));
	}
	ASSERT_EQ(ZX_OK, zx_handle_close(p));
	/* Child i sees the parent's first i writes. */
	for (i = 0; i < 8; i++) {
		int pg;

		for (pg = 0; pg < 8; pg++)
			expect_page(_metadata, c[i], pg,
				    pg < i ? (uint8_t)(0x81 + pg) : 0x80);
	}
	/* Distinct versions: 8 originals and the 7 writes children see. */
	EXPECT_EQ(base.pages + 15, pages_now());
	for (i = 7; i >= 0; i -= 2)
		ASSERT_EQ(ZX_OK, zx_handle_close(c[i]));
	for (i = 0; i < 8; i += 2) {
		int pg;

		for (pg = 0; pg < 8; pg++)
			expect_page(_metadata, c[i], pg,
				    pg < i ? (uint8_t)(0x81 + pg) : 0x80);
	}
	for (i = 0; i < 8; i += 2)
		ASSERT_EQ(ZX_OK, zx_handle_close(c[i]));
	EXPECT_BASELINE(base);
}

/* Closing the parent frees what lies outside the child's window. */
TEST(close_parent_frees_outside_child_window)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 8 * PAGE, 0), c;
	int i;

	for (i = 0; i < 8; i++)
		fill_page(_metadata, p, i, (uint8_t)(0x10 + i));
	c = snap(_metadata, p, 4 * PAGE, 2 * PAGE);	/* p[4..5] */
	fill_page(_metadata, p, 5, 0x25);		/* original 5 is c's */
	EXPECT_EQ(1u, npages_committed(_metadata, c));
	EXPECT_EQ(8u, npages_committed(_metadata, p));
	EXPECT_EQ(base.pages + 9, pages_now());
	ASSERT_EQ(ZX_OK, zx_handle_close(p));
	EXPECT_EQ(base.pages + 2, pages_now());
	EXPECT_EQ(2u, npages_committed(_metadata, c));
	expect_page(_metadata, c, 0, 0x14);
	expect_page(_metadata, c, 1, 0x15);
	ASSERT_EQ(ZX_OK, zx_handle_close(c));
	EXPECT_BASELINE(base);
}

/* Offsets compose when the middle of a chain is merged away. */
TEST(offset_windows_compose_on_merge)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 8 * PAGE, 0), c, g;
	int i;

	for (i = 0; i < 8; i++)
		fill_page(_metadata, p, i, (uint8_t)(0x10 + i));
	c = snap(_metadata, p, 2 * PAGE, 5 * PAGE);	/* p[2..6] */
	g = snap(_metadata, c, PAGE, 6 * PAGE);		/* c[1..4] = p[3..6], zeros */
	fill_page(_metadata, c, 2, 0x34);		/* p[4] in c only */
	ASSERT_EQ(ZX_OK, zx_handle_close(c));
	for (i = 0; i < 4; i++)
		expect_page(_metadata, g, i, (uint8_t)(0x13 + i));
	expect_bytes(_metadata, g, 4 * PAGE, 2 * PAGE, 0);
	EXPECT_EQ(base.pages + 8, pages_now());
	EXPECT_EQ(0u, committed(_metadata, g));
	fill_page(_metadata, p, 3, 0x43);		/* original 3 becomes g's */
	expect_page(_metadata, g, 0, 0x13);
	EXPECT_EQ(1u, npages_committed(_metadata, g));
	ASSERT_EQ(ZX_OK, zx_handle_close(p));
	/* Only g's window survives: p[3..6]. */
	EXPECT_EQ(base.pages + 4, pages_now());
	EXPECT_EQ(4u, npages_committed(_metadata, g));
	for (i = 0; i < 4; i++)
		expect_page(_metadata, g, i, (uint8_t)(0x13 + i));
	expect_bytes(_metadata, g, 4 * PAGE, 2 * PAGE, 0);
	ASSERT_EQ(ZX_OK, zx_handle_close(g));
	EXPECT_BASELINE(base);
}

/* A window that shrinks by one page per generation, originals closed. */
TEST(shrinking_windows_prune_as_they_go)
{
	BASELINE(base);
	const int n = 32;
	zx_handle_t h = vmo_new(_metadata, n * PAGE, 0), c;
	int i;

	for (i = 0; i < n; i++)
		fill_page(_metadata, h, i, (uint8_t)i);
	for (i = 1; i < n; i++) {
		c = snap(_metadata, h, PAGE, (n - i) * PAGE);
		ASSERT_EQ(ZX_OK, zx_handle_close(h));
		h = c;
		EXPECT_EQ(base.pages + n - i, pages_now());
		expect_page(_metadata, h, 0, (uint8_t)i);
	}
	ASSERT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_BASELINE(base);
}

/* Zeroed pages (zero markers) of a closed middle stay zero below it. */
TEST(zeroed_page_of_closed_middle_stays_zero)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, 0), c, g;

	fill(_metadata, p, 0, 4 * PAGE, 0x51);
	c = snap(_metadata, p, 0, 4 * PAGE);
	ASSERT_EQ(ZX_OK, zx_vmo_op_range(c, ZX_VMO_OP_ZERO, PAGE, PAGE, NULL, 0));
	expect_page(_metadata, c, 1, 0);
	g = snap(_metadata, c, 0, 4 * PAGE);
	ASSERT_EQ(ZX_OK, zx_handle_close(c));
	expect_page(_metadata, g, 0, 0x51);
	expect_page(_metadata, g, 1, 0);
	expect_page(_metadata, p, 1, 0x51);
	ASSERT_EQ(ZX_OK, zx_handle_close(p));
	expect_page(_metadata, g, 1, 0);
	expect_bytes(_metadata, g, 2 * PAGE, 2 * PAGE, 0x51);
	EXPECT_EQ(base.pages + 3, pages_now());
	ASSERT_EQ(ZX_OK, zx_handle_close(g));
	EXPECT_BASELINE(base);
}

/*
 * A deep chain with every link alive: each generation writes one page
 * before the next is snapshotted.  Closing from the top keeps the deepest
 * view exact and ends with only the pages it sees.
 */
TEST(deep_live_chain_closed_from_the_top)
{
	BASELINE(base);
	enum { N = 128, NP = 8 };
	zx_handle_t *h = calloc(N + 1, sizeof(*h));
	int i, p;

	ASSERT_NE(NULL, h);
	h[0] = vmo_new(_metadata, NP * PAGE, 0);
	fill(_metadata, h[0], 0, NP * PAGE, 0xff);
	for (i = 1; i <= N; i++) {
		fill(_metadata, h[i - 1], ((i - 1) % NP) * PAGE, 1, (uint8_t)(i - 1));
		h[i] = snap(_metadata, h[i - 1], 0, NP * PAGE);
	}
	/*
	 * Generation k sees, on page p, the last write by a generation <= k
	 * (its own write included; the newest never wrote).
	 */
	for (i = N; i > 0; i -= N / 4) {
		int top = i < N ? i : N - 1;

		for (p = 0; p < NP; p++) {
			int last = top - ((top - p) % NP + NP) % NP;

			expect_bytes(_metadata, h[i], p * PAGE, 1,
				     last >= 0 ? (uint8_t)last : 0xff);
			expect_bytes(_metadata, h[i], p * PAGE + 1, 7, 0xff);
		}
	}
	/* The newest sees only what its parent sees too: charged nothing. */
	EXPECT_EQ(0u, committed(_metadata, h[N]));
	for (i = 0; i < N; i++)
		ASSERT_EQ(ZX_OK, zx_handle_close(h[i]));
	EXPECT_EQ(base.pages + NP, pages_now());
	EXPECT_EQ((uint64_t)NP, npages_committed(_metadata, h[N]));
	for (p = 0; p < NP; p++)
		expect_bytes(_metadata, h[N], p * PAGE, 1,
			     (uint8_t)((N - 1) - ((N - 1 - p) % NP)));
	ASSERT_EQ(ZX_OK, zx_handle_close(h[N]));
	EXPECT_BASELINE(base);
	free(h);
}

/*
 * A child larger than its parent owns pages beyond the parent's end.
 * Closing the parent (whose hidden node holds more pages than the child
 * owns) must keep them: they are the child's only copy.
 */
TEST(close_parent_keeps_child_pages_beyond_parent)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 3 * PAGE, 0), c;

	fill_page(_metadata, p, 0, 0x61);
	fill_page(_metadata, p, 2, 0x62);
	c = snap(_metadata, p, 0, 10 * PAGE);
	fill_page(_metadata, c, 5, 0x65);
	EXPECT_EQ(base.pages + 3, pages_now());
	ASSERT_EQ(ZX_OK, zx_handle_close(p));
	expect_page(_metadata, c, 0, 0x61);
	expect_page(_metadata, c, 1, 0);
	expect_page(_metadata, c, 2, 0x62);
	expect_page(_metadata, c, 5, 0x65);
	EXPECT_EQ(base.pages + 3, pages_now());
	EXPECT_EQ(3u, npages_committed(_metadata, c));
	ASSERT_EQ(ZX_OK, zx_handle_close(c));
	EXPECT_BASELINE(base);
}

/* The same after the parent shrank: its pages beyond go, the child's stay. */
TEST(close_shrunk_parent_keeps_child_pages)
{
	BASELINE(base);
	zx_handle_t p = vmo_new(_metadata, 4 * PAGE, ZX_VMO_RESIZABLE), c;

	fill(_metadata, p, 0, 4 * PAGE, 0x71);
	c = snap(_metadata, p, 0, 4 * PAGE);
	fill_page(_metadata, c, 3, 0x73);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(p, 2 * PAGE));
	ASSERT_EQ(ZX_OK, zx_handle_close(p));
	expect_bytes(_metadata, c, 0, 3 * PAGE, 0x71);
	expect_page(_metadata, c, 3, 0x73);
	EXPECT_EQ(base.pages + 4, pages_now());
	ASSERT_EQ(ZX_OK, zx_handle_close(c));
	EXPECT_BASELINE(base);
}

TEST_HARNESS_MAIN
