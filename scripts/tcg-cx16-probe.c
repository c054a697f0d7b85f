// SPDX-License-Identifier: BSD-2-Clause
/*
 * tcg-cx16-probe: does this CPU keep EFLAGS right across CMPXCHG16B?
 * scripts/tcg-cx16-probe runs it in a guest whose CPU offers CMPXCHG16B.
 *
 * CMPXCHG16B sets ZF and leaves CF, PF, AF, SF and OF as the previous
 * instruction left them.  Each round notes the flags of a subtraction
 * whose source operand is a large constant, loads EFLAGS with POPF, repeats
 * the subtraction, runs a successful CMPXCHG16B and reads EFLAGS back.  A
 * CPU that computes the flags from a stale condition-code state (QEMU
 * 7.2's TCG still holds POPF's) reports bits the subtraction never set:
 * the constant's low half.  Prints the counts and exits 1 if any round
 * went wrong, 0 if none did, 2 if the CPU has no CMPXCHG16B.
 */
#include <cpuid.h>
#include <stdint.h>
#include <stdio.h>

#define ROUNDS 1000
#define ARITH_FLAGS 0x8d5u	/* CF PF AF ZF SF OF */
#define FIXED_FLAGS 0x202u	/* bit 1, IF */

static uint64_t flags_after_cmpxchg16b(uint64_t junk, uint64_t *expected)
{
	static unsigned __int128 target __attribute__((aligned(16)));
	uint64_t rax = 0, rdx = 0, before, after;

	target = 0;
	__asm__ volatile("xorq %%r9, %%r9\n\t"
			 "subq %[junk], %%r9\n\t"
			 "pushfq\n\t"
			 "popq %[before]\n\t"
			 "pushq $0x202\n\t"
			 "popfq\n\t"
			 "xorq %%r9, %%r9\n\t"
			 "subq %[junk], %%r9\n\t"
			 "cmpxchg16b %[target]\n\t"
			 "pushfq\n\t"
			 "popq %[after]\n\t"
			 : [before] "=&r"(before), [after] "=&r"(after),
			   [target] "+m"(target), "+a"(rax), "+d"(rdx)
			 : "b"(1ul), "c"(0ul), [junk] "r"(junk)
			 : "r9", "cc", "memory");
	*expected = before | 0x40u;	/* the subtraction's flags, and ZF */
	return after;
}

int main(void)
{
	unsigned int wrong = 0, stray = 0, i;
	unsigned int eax, ebx, ecx, edx;
	uint64_t got, want;

	if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_CMPXCHG16B)) {
		printf("tcg-cx16-probe: this CPU does not offer CMPXCHG16B\n");
		return 2;
	}
	for (i = 0; i < ROUNDS; i++) {
		got = flags_after_cmpxchg16b(0x5fbb2d2000000000ull + i, &want);
		if (got != want)
			wrong++;
		if (got & ~(uint64_t)(ARITH_FLAGS | FIXED_FLAGS))
			stray++;
		if ((got != want) && wrong == 1)
			printf("tcg-cx16-probe: EFLAGS %#llx, expected %#llx\n",
			       (unsigned long long)got, (unsigned long long)want);
	}
	printf("tcg-cx16-probe: %u of %d rounds with wrong flags, %u with bits outside the arithmetic flags\n",
	       wrong, ROUNDS, stray);
	return wrong ? 1 : 0;
}
