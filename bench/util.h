/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The objects the benchmarks work on, each idiom once: committed VMOs,
 * filled memfds, mappings of either, fork()ed processes, the module's page
 * count and the process's minor faults.
 */
#ifndef ZXVMO_BENCH_UTIL_H
#define ZXVMO_BENCH_UTIL_H

#include <stddef.h>
#include <sys/types.h>
#include <zircon/types.h>

/* A VMO of @size whose pages are all committed (filled with 0x5a). */
zx_handle_t committed_vmo(size_t size);

/* A snapshot of @size bytes of @vmo from offset 0. */
zx_handle_t snapshot(zx_handle_t vmo, size_t size);

/* @vmo mapped readable and writable (or only readable) at any address. */
char *map_vmo(zx_handle_t vmo, size_t size);
char *map_vmo_ro(zx_handle_t vmo, size_t size);
void unmap_vmo(char *addr, size_t size);

/* A memfd of @size bytes, empty or with every page written (0x5a). */
int memfd_sized(size_t size);
int memfd_filled(size_t size);

/* @fd mapped shared, readable and writable (or only readable). */
char *map_fd(int fd, size_t size);
char *map_fd_ro(int fd, size_t size);
void unmap_fd(char *addr, size_t size);

/* Private anonymous memory of @size with every page written. */
char *anon_filled(size_t size);

/* Read or write one byte in each page of [p, p + len). */
void read_pages(const char *p, size_t len);
void write_pages(char *p, size_t len);

/* Minor faults this process has taken so far. */
long minor_faults(void);

/*
 * First writes (write_pages()) over a fresh, shared mapping of a new VMO
 * or memfd of @len bytes: their time in ns and, in *@faults_per_page (if
 * not NULL), the minor faults they took per page.
 */
double first_writes_zx(size_t len, double *faults_per_page);
double first_writes_fd(size_t len, double *faults_per_page);

/* Pages zxvmo holds (/sys/class/misc/zxvmo/pages), -1 if unknown. */
long module_pages(void);

/*
 * fork(); the child runs @child(@ctx) (if not NULL) after the parent's
 * @parent(@ctx) (if not NULL) has run, then exits; returns once the child
 * was reaped.  The child stays alive while the parent runs, so that pages
 * stay shared while the parent writes them.
 */
void fork_run(void (*parent)(void *), void (*child)(void *), void *ctx);

/*
 * Run the calling thread (and the threads and processes it starts) on CPU
 * @cpu only.  Single-threaded rows run on CPU 0: a fork()ed child then
 * runs where its parent waits for it, without cross-CPU wake-ups, which
 * are slow and erratic under emulation.
 */
void pin_to_cpu(int cpu);

#endif
