// SPDX-License-Identifier: GPL-2.0
/*
 * zxvmo-bench: VMO operations against their Linux baseline, measured in
 * the same run on the same machine.  Each row prints the zxvmo figure, the
 * baseline figure and their ratio (zxvmo / baseline; lower is better
 * unless the unit says otherwise).
 *
 *   zxvmo-bench [--json FILE] [GROUP]...
 *
 * GROUPs: basic, zircon, faults (default: all, in that order).  --json
 * writes every row as a JSON record to FILE ("-": stdout between marker
 * lines, for the host to cut out of a guest's console).  The last check,
 * snapshotting 64 MiB and writing one page costs exactly one page, always
 * runs: the exit status is 1 if it fails.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "util.h"

static const struct {
	const char *name;
	void (*run)(void);
} groups[] = {
	{ "basic", bench_basic },
	{ "zircon", bench_zircon },
	{ "faults", bench_faults },
};
#define NR_GROUPS (sizeof(groups) / sizeof(groups[0]))

static int usage(void)
{
	fprintf(stderr, "usage: zxvmo-bench [--json FILE] [basic|zircon|faults]...\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *json = NULL;
	int chosen[NR_GROUPS] = { 0 }, any = 0, failed;

	for (int i = 1; i < argc; i++) {
		size_t g;

		if (!strcmp(argv[i], "--json") && i + 1 < argc) {
			json = argv[++i];
			continue;
		}
		for (g = 0; g < NR_GROUPS && strcmp(argv[i], groups[g].name); g++)
			;
		if (g == NR_GROUPS)
			return usage();
		chosen[g] = any = 1;
	}
	/* Single-threaded rows on one CPU (the fault scaling threads move). */
	pin_to_cpu(0);
	print_header();
	for (size_t g = 0; g < NR_GROUPS; g++)
		if (!any || chosen[g])
			groups[g].run();
	failed = bench_snapshot_memory();
	if (json)
		write_json(json);
	return failed;
}
