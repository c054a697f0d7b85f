/* SPDX-License-Identifier: GPL-2.0 */
/*
 * zxvmo internal interfaces.
 *
 * Objects
 * -------
 * struct zxvmo         the user-visible VMO.  It lives as long as a handle
 *                      (struct file) refers to it, directly or through a
 *                      mapping (a VMA holds its file).
 * struct zxvmo_handle  file->private_data of a handle: the VMO and the rights
 *                      of this handle.  dup(2) shares it; zx_handle_duplicate
 *                      makes a new file with a subset of the rights.
 * struct zxvmo_node    where the pages of a VMO live: an xarray of
 *                      struct page * indexed by page offset.  A VMO points at
 *                      its leaf node.
 * struct zxvmo_tree    what every node of one copy-on-write tree shares: the
 *                      tree lock.
 *
 * Lock order
 * ----------
 *   mmap_lock (fault path)
 *     tree->lock
 *       mapping->i_mmap_rwsem (unmap_mapping_range)
 *         page table locks
 *       page lock (->page_mkwrite only)
 *
 * Nothing is copied to or from user memory while tree->lock is held unless
 * page faults are disabled: the user buffer may be a mapping of the same VMO
 * and its fault would take tree->lock again.
 *
 * Every PTE that maps a VMO page is installed under tree->lock (->fault
 * inserts it itself), and every path that takes a page away from a node
 * zaps the mappings before dropping tree->lock.  So no PTE can outlive the
 * page's membership in its node.
 */
#ifndef ZXVMO_INTERNAL_H
#define ZXVMO_INTERNAL_H

#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/xarray.h>
#include <linux/zxvmo.h>

/* The largest VMO: every page offset must fit a file offset. */
#define ZXVMO_MAX_SIZE	round_down((u64)MAX_LFS_FILESIZE, PAGE_SIZE)

struct zxvmo_tree {
	struct mutex lock;
	refcount_t refs;		/* one per node */
};

struct zxvmo_node {
	struct zxvmo_tree *tree;
	struct xarray pages;		/* pgoff_t -> struct page *; tree->lock */
	unsigned long nr_pages;		/* pages in @pages; tree->lock */
};

struct zxvmo {
	u64 koid;
	u32 options;			/* ZXVMO_OPT_* it was created with */
	u32 cache_policy;		/* tree->lock */
	struct zxvmo_tree *tree;
	struct zxvmo_node *leaf;	/* tree->lock */
	struct inode *inode;
	/*
	 * Size in bytes, a page multiple.  Written under tree->lock; readers
	 * that need it stable hold tree->lock, others use READ_ONCE().
	 */
	u64 size;
	u64 content_size;		/* tree->lock */
	spinlock_t name_lock;
	char name[ZXVMO_NAME_LEN];	/* name_lock */
	refcount_t refs;		/* one per handle file */
	atomic_t nr_mappings;		/* VMAs mapping this VMO */
	wait_queue_head_t waitq;	/* poll: ZX_VMO_ZERO_CHILDREN */
};

struct zxvmo_handle {
	struct zxvmo *vmo;
	u32 rights;
};

/* main.c */
extern atomic_long_t zxvmo_nr_pages;
extern atomic_long_t zxvmo_nr_vmos;
u64 zxvmo_new_koid(void);

/* fs.c */
int zxvmo_fs_pin(void);
void zxvmo_fs_unpin(void);
struct inode *zxvmo_new_inode(void);
int zxvmo_install_handle(struct zxvmo *vmo, u32 rights);

/* handle.c */
extern const struct file_operations zxvmo_fops;
struct zxvmo_handle *zxvmo_file_handle(struct file *file);

/* vmo.c */
int zxvmo_create(u64 size, u32 options, u32 rights);
void zxvmo_put(struct zxvmo *vmo);
long zxvmo_ioctl_vmo(struct file *file, struct zxvmo_handle *h,
		     unsigned int cmd, void __user *argp);
int zxvmo_check_range(u64 offset, u64 len, u64 size);

/* node.c */
struct zxvmo_node *zxvmo_node_alloc(struct zxvmo_tree *tree);
void zxvmo_node_free(struct zxvmo_node *node);
struct zxvmo_tree *zxvmo_tree_alloc(void);
struct page *zxvmo_node_lookup(struct zxvmo_node *node, pgoff_t idx);
struct page *zxvmo_node_commit(struct zxvmo_node *node, pgoff_t idx);
void zxvmo_node_free_range(struct zxvmo_node *node, pgoff_t start,
			   pgoff_t end);

/* rw.c */
long zxvmo_ioctl_rw(struct zxvmo *vmo, void __user *argp, bool write);
ssize_t zxvmo_read_iter(struct kiocb *iocb, struct iov_iter *to);
ssize_t zxvmo_write_iter(struct kiocb *iocb, struct iov_iter *from);
int zxvmo_zero_tail(struct zxvmo *vmo, u64 from);

/* mmap.c */
int zxvmo_mmap(struct file *file, struct vm_area_struct *vma);
void zxvmo_zap(struct zxvmo *vmo, u64 start, u64 len, bool even_cows);

/* info.c */
long zxvmo_ioctl_info(struct zxvmo_handle *h, void __user *argp);

#endif /* ZXVMO_INTERNAL_H */
