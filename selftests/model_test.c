// SPDX-License-Identifier: GPL-2.0
/*
 * Model-based random test.  A userspace model of Zircon's VMO semantics
 * (model.h) runs next to the module: random sequences of every VMO
 * operation over a forest of VMOs (create, write, read, set_size,
 * op_range, every child kind, close in any order, duplicate with fewer
 * rights, map/unmap and access through mappings, LOCK/UNLOCK, cache
 * policy) are applied to both, and every status, every byte read and the
 * modelled ZX_INFO_VMO fields must agree.  Every 64 ops a full check
 * compares all contents, the info of every VMO, the committed bytes of
 * every copy-on-write tree whose VMOs can all be queried, and the module's
 * global page and VMO counters.
 *
 * Environment:
 *   ZXVMO_MODEL_SEED    seed (default: from the clock; always printed)
 *   ZXVMO_MODEL_OPS     number of ops (default MODEL_CHECK_OPS)
 *   ZXVMO_MODEL_STRESS  if set: 10^6 ops unless ZXVMO_MODEL_OPS says
 *   ZXVMO_MODEL_TRACE   if set: print every op
 *
 * On the first mismatch it prints the seed, the op index and the message,
 * then shrinks the recorded op list (replaying candidate sub-sequences in
 * fresh forests, delta-debugging style) and prints the shortest failing
 * sequence it found.
 */
#include "zxvmo_test.h"
#include "model.h"

/* Ops for make check: about 20 s on the debug kernel under TCG. */
#ifndef MODEL_CHECK_OPS
#define MODEL_CHECK_OPS		12000
#endif
#define MODEL_STRESS_OPS	1000000
#define SHRINK_MAX_REPLAYS	4000
#define SHRINK_MAX_SECONDS	120

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Replays @ops in a fresh forest; returns the index of the failing op or -1. */
static long replay(struct model *m, const struct op *ops, size_t n)
{
	struct counters base = { zxvmo_counter("pages"), zxvmo_counter("vmos") };
	long failed = -1;
	size_t i;

	model_init(m, base);
	for (i = 0; i < n; i++) {
		model_apply(m, &ops[i]);
		if (m->failed) {
			failed = (long)i;
			break;
		}
	}
	model_teardown(m);
	return failed;
}

/* Does @ops still fail with an op of kind @kind as the last one? */
static bool still_fails(struct model *m, const struct op *ops, size_t n,
			int kind)
{
	long at = replay(m, ops, n);

	return at >= 0 && (size_t)at == n - 1 && ops[at].kind == kind;
}

/*
 * Delta debugging over the recorded ops: drop chunks (halving their size)
 * while the sequence still fails on its last op the same way.  Bounded in
 * replays and time.  Returns the new length.
 */
static size_t shrink(struct model *m, struct op *ops, size_t n)
{
	int kind = ops[n - 1].kind;
	double t0 = now_s();
	unsigned int replays = 0;
	size_t chunk, start, k;
	struct op *tmp = malloc(n * sizeof(*tmp));

	if (!tmp)
		return n;
	for (chunk = (n - 1) / 2; chunk >= 1; chunk /= 2) {
		bool progress = true;

		while (progress) {
			progress = false;
			for (start = 0; start + chunk < n; ) {
				if (replays++ >= SHRINK_MAX_REPLAYS ||
				    now_s() - t0 > SHRINK_MAX_SECONDS)
					goto out;
				/* Keep the last (failing) op. */
				memcpy(tmp, ops, start * sizeof(*tmp));
				memcpy(tmp + start, ops + start + chunk,
				       (n - start - chunk) * sizeof(*tmp));
				k = n - chunk;
				if (still_fails(m, tmp, k, kind)) {
					memcpy(ops, tmp, k * sizeof(*tmp));
					n = k;
					progress = true;
				} else {
					start += chunk;
				}
			}
		}
		if (chunk == 1)
			break;
	}
out:
	free(tmp);
	fprintf(stderr, "# shrink: %u replays in %.1f s\n", replays, now_s() - t0);
	return n;
}

static void report_failure(struct model *m, struct op *ops, size_t n,
			   uint64_t seed)
{
	char msg[sizeof(m->msg)];
	size_t i;

	memcpy(msg, m->msg, sizeof(msg));
	fprintf(stderr, "# MODEL MISMATCH: seed %#llx, op %zu: %s\n",
		(unsigned long long)seed, n - 1, msg);
	fprintf(stderr, "# rerun: ZXVMO_MODEL_SEED=%#llx ZXVMO_MODEL_OPS=%zu ./model_test\n",
		(unsigned long long)seed, n);
	n = shrink(m, ops, n);
	/* One last replay of the shrunk sequence for its message. */
	if (replay(m, ops, n) >= 0)
		memcpy(msg, m->msg, sizeof(msg));
	fprintf(stderr, "# shortest failing sequence found (%zu ops): %s\n", n, msg);
	for (i = 0; i < n; i++)
		model_print_op(stderr, &ops[i]);
}

FIXTURE(forest) {
	int unused;
};

FIXTURE_SETUP(forest) { }
FIXTURE_TEARDOWN(forest) { }

/* The stress run takes long: the harness' alarm must not cut it short. */
TEST_F_TIMEOUT(forest, random_ops, 4 * 3600)
{
	uint64_t seed = env_u64("ZXVMO_MODEL_SEED", 0);
	size_t nops, i;
	struct counters base;
	struct model *m;
	struct op *ops;
	struct rng rng;
	double t0;

	if (!getenv("ZXVMO_MODEL_SEED") || !*getenv("ZXVMO_MODEL_SEED"))
		seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	nops = env_u64("ZXVMO_MODEL_OPS",
		       getenv("ZXVMO_MODEL_STRESS") ? MODEL_STRESS_OPS :
		       MODEL_CHECK_OPS);
	fprintf(stderr, "# model: seed %#llx, %zu ops\n",
		(unsigned long long)seed, nops);

	base.pages = zxvmo_counter("pages");
	base.vmos = zxvmo_counter("vmos");
	ASSERT_LE(0, base.pages);
	ASSERT_LE(0, base.vmos);

	m = calloc(1, sizeof(*m));
	ops = calloc(nops ? nops : 1, sizeof(*ops));
	ASSERT_NE(NULL, m);
	ASSERT_NE(NULL, ops);
	m->trace = getenv("ZXVMO_MODEL_TRACE") != NULL;
	rng.s = seed ? seed : 1;

	t0 = now_s();
	model_init(m, base);
	for (i = 0; i < nops; i++) {
		model_gen(m, &rng, (uint32_t)i, &ops[i]);
		model_apply(m, &ops[i]);
		if (m->failed)
			break;
		if (i && i % 100000 == 0)
			fprintf(stderr, "# model: %zu ops, %.1f s\n", i, now_s() - t0);
	}
	if (!m->failed) {
		struct op check = { .kind = OP_CHECK, .id = (uint32_t)i };

		model_apply(m, &check);
	}
	if (m->failed) {
		size_t n = i < nops ? i + 1 : nops;

		if (i >= nops) {	/* the final check failed: keep it */
			ops = realloc(ops, (nops + 1) * sizeof(*ops));
			ASSERT_NE(NULL, ops);
			ops[nops] = (struct op){ .kind = OP_CHECK, .id = (uint32_t)nops };
			n = nops + 1;
		}
		model_teardown(m);
		report_failure(m, ops, n, seed);
		free(ops);
		free(m);
		ASSERT_TRUE(false);
	}
	fprintf(stderr, "# model: %zu ops in %.1f s (%.0f ops/s)\n", nops,
		now_s() - t0, nops / (now_s() - t0 + 1e-9));
	if (getenv("ZXVMO_MODEL_STATS"))
		for (i = 0; i < OP_KINDS; i++)
			fprintf(stderr, "# model: %-16s %8lu ok %8lu failed\n",
				op_name[i], m->stats[i][0], m->stats[i][1]);
	model_teardown(m);
	EXPECT_EQ(base.pages, zxvmo_counter("pages"));
	EXPECT_EQ(base.vmos, zxvmo_counter("vmos"));
	free(ops);
	free(m);
}

TEST_HARNESS_MAIN
