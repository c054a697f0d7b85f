/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by stress_test, fuzz_test and faultinj_test: seeds, run lengths,
 * a per-thread PRNG, raw ioctls that return a zx_status_t, per-thread
 * memory probing and a watchdog.
 *
 *   ZXVMO_SEED=N          seed of the run (default: from the clock); every
 *                         test prints "# <test>: seed=N" first
 *   ZXVMO_<WHAT>_SECONDS  run length (each binary names its own variable)
 *
 * Include after zxvmo_test.h.
 */
#ifndef ZXVMO_STRESS_COMMON_H
#define ZXVMO_STRESS_COMMON_H

#include <stdarg.h>
#include <sys/ioctl.h>
#include <ucontext.h>
#include <time.h>

/* Long runs set their own length; the harness' alarm is only a backstop. */
#define STRESS_HARNESS_TIMEOUT	7200

/* The run's seed: ZXVMO_SEED, else the clock. Printed by the caller. */
static inline uint64_t stress_seed(void)
{
	return env_u64("ZXVMO_SEED", now_ns() ^ ((uint64_t)getpid() << 32));
}

#define SEED_LOG(name, seed, secs)					\
	fprintf(stderr, "# %s: seed=%llu seconds=%llu (repeat with "	\
		"ZXVMO_SEED=%llu)\n", name, (unsigned long long)(seed),	\
		(unsigned long long)(secs), (unsigned long long)(seed))

/* A raw ioctl's result as a zx_status_t (>= 0: the return value). */
static inline zx_status_t errno_status(int err)
{
	static const struct zxvmo_status_errno map[] = ZXVMO_STATUS_ERRNOS;
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].errnum == err)
			return map[i].status;
	return -1000 - err;	/* not a Zircon status: callers flag it */
}

static inline long xioctl(int fd, unsigned long cmd, void *arg, zx_status_t *st)
{
	long ret = ioctl(fd, cmd, arg);

	*st = ret < 0 ? errno_status(errno) : ZX_OK;
	return ret;
}

/*
 * Per-thread probing of user memory that may SIGBUS or SIGSEGV (a mapping
 * of a VMO that shrank).  install_probe_handlers() once per process.
 */
static __thread sigjmp_buf tl_probe_env;
static __thread volatile int tl_probe_armed;

static void tl_probe_handler(int sig, siginfo_t *si, void *uc)
{
	char msg[128];
	int n;

	if (tl_probe_armed)
		siglongjmp(tl_probe_env, sig);
	/* Not a probe: say where, then die of it. */
	n = snprintf(msg, sizeof(msg),
		     "# signal %d (code %d) at %p, ip %#llx, outside a probe\n",
		     sig, si->si_code, si->si_addr,
		     (unsigned long long)((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP]);
	(void)!write(2, msg, (size_t)n);
	signal(sig, SIG_DFL);
	raise(sig);
}

static inline void install_probe_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = tl_probe_handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_NODEFER | SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
}

/*
 * Copies @len bytes between user memory that may fault (@write: into
 * @mem from @buf, else out of it).  Returns 0 or the signal number.
 */
static inline int probe_copy(volatile uint8_t *mem, uint8_t *buf, size_t len,
			     bool write)
{
	volatile size_t i;
	int sig;

	sig = sigsetjmp(tl_probe_env, 1);
	if (sig) {
		tl_probe_armed = 0;
		return sig;
	}
	tl_probe_armed = 1;
	for (i = 0; i < len; i++) {
		if (write)
			mem[i] = buf[i];
		else
			buf[i] = mem[i];
	}
	tl_probe_armed = 0;
	return 0;
}

/*
 * Watchdog: a thread that aborts the process when the run overruns its
 * deadline by @grace seconds (a hang in the module, or a livelock).
 */
struct watchdog {
	pthread_t thread;
	uint64_t deadline_ns;
	volatile int done;
	const char *name;
	uint64_t seed;
	void (*dump)(void *arg);	/* optional: what the threads do */
	void *arg;
};

static void *watchdog_main(void *arg)
{
	struct watchdog *w = arg;

	while (!w->done) {
		if (now_ns() > w->deadline_ns) {
			fprintf(stderr, "# %s: HANG: still running past the deadline (seed=%llu)\n",
				w->name, (unsigned long long)w->seed);
			if (w->dump)
				w->dump(w->arg);
			abort();
		}
		usleep(100 * 1000);
	}
	return NULL;
}

static inline void watchdog_start(struct watchdog *w, const char *name,
				  uint64_t seed, uint64_t seconds,
				  uint64_t grace)
{
	w->done = 0;
	w->dump = NULL;
	w->name = name;
	w->seed = seed;
	w->deadline_ns = now_ns() + (seconds + grace) * 1000000000ull;
	pthread_create(&w->thread, NULL, watchdog_main, w);
}

static inline void watchdog_stop(struct watchdog *w)
{
	w->done = 1;
	pthread_join(w->thread, NULL);
}

/* Counters of the module (sysfs), settled: VMOs are freed after RCU. */
static inline bool counters_settle(long vmos, long pages, long *vmos_now,
				   long *pages_now)
{
	int i;

	for (i = 0; i < 100; i++) {
		*vmos_now = zxvmo_counter("vmos");
		*pages_now = zxvmo_counter("pages");
		if (*vmos_now == vmos && *pages_now == pages)
			return true;
		usleep(50 * 1000);
	}
	return false;
}

#endif /* ZXVMO_STRESS_COMMON_H */
