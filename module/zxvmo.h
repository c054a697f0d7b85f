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
 * Files and calls
 * ---------------
 * Calls go one way, down these layers (a file calls only files on lower
 * lines; scripts/callgraph prints the graph from the calls and fails on a
 * cycle, `make lint` runs it):
 *
 *   main.c                      registration of every part
 *   ioctl.c                     every ioctl (VMOs, objects, /dev/zxvmo)
 *   mmap.c                      mmap, faults, ZXVMO_IOC_MAP
 *   child.c    info.c  object.c  phys.c
 *                               children; GET_INFO; resources, BTIs and
 *                               PMTs; contiguous, physical
 *   handle.c   netlink.c  oprange.c  pin.c  rw.c
 *   vmo.c                       the VMO object: lifecycle and state
 *   attr.c     discard.c - - -> netlink.c, through discard.c's notifier
 *   node.c                      pages, the COW tree, zxvmo_unmap()
 *   budget.c   cache.c  fault.c  fs.c  registry.c  signal.c   (leaves)
 *
 * The dashed arrow is the one way up: discard.c calls a notifier chain
 * that netlink.c registers on.  Tables of entry points name functions of
 * higher files without calling them (handle.c's zxvmo_fops: ioctl.c,
 * mmap.c, rw.c; object.c's: ioctl.c; fs.c's inodes get handle.c's
 * zxvmo_iops): the kernel calls through them.
 *
 * Lock order
 * ----------
 *   mmap_lock (fault path, and mmap(2) calling ->mmap), or
 *   inode->i_rwsem (->setattr: ftruncate(2) resizing a VMO)
 *     tree->lock
 *       mapping->i_mmap_rwsem (unmap_mapping_range)
 *         page table locks
 *       page lock (->page_mkwrite and zxvmo_faults_stop() only)
 *         tree->mkwrite_lock (fault.c; also without tree->lock)
 *       the discard list_lru's lock, zxvmo_stat_lock (discard.c)
 *   name_lock, zxvmo_all_lock (registry.c), pin_fs_lock, zxvmo_users' xa_lock
 *   (budget.c), a BTI's lock (object.c): leaves, nothing inside.
 *
 * The shrinker runs with the list_lru's lock held and only trylocks
 * tree->lock under it, then drops the list_lru's lock while it discards
 * (discard.c): allocations made under tree->lock may enter reclaim, which
 * never waits on a tree lock.
 *
 * Nothing is copied to or from user memory while tree->lock is held unless
 * page faults are disabled: the user buffer may be a mapping of the same VMO
 * and its fault would take tree->lock again.
 *
 * Every PTE that maps a VMO page is installed under tree->lock (->fault
 * inserts it itself) or inside a fault section that removers wait for
 * (fault.c: lockless read faults, and the core's install of a page that
 * ->page_mkwrite locked), and every path that takes a page away from a
 * node, changes a VMO's leaf or frees a node first stops those sections
 * (zxvmo_faults_stop()) and zaps the mappings before dropping tree->lock.
 * So no PTE can outlive the page's membership in its node.
 */
#ifndef ZXVMO_INTERNAL_H
#define ZXVMO_INTERNAL_H

#include <linux/fs.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/uidgid.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/xarray.h>
#include <linux/zxvmo.h>

/* The largest VMO: every page offset must fit a file offset. */
#define ZXVMO_MAX_SIZE	round_down((u64)MAX_LFS_FILESIZE, PAGE_SIZE)

/*
 * The most hidden ancestors a leaf node may have: a snapshot of a VMO whose
 * leaf has as many fails with ZX_ERR_NO_RESOURCES.  Work under the tree
 * lock is O(depth) per page it touches.
 */
#define ZXVMO_MAX_DEPTH	128

struct zxvmo_user;
struct vm_fault;

/* Pages ->page_mkwrite has locked for the core to map: see fault.c. */
#define ZXVMO_MKWRITE_SLOTS	8

/*
 * A tree that is not CACHED has a single node: the policy changes only
 * with no child, no parent and no COW split, and a tree that is not CACHED
 * gets none.  So the tree's policy is the policy of every page in it, and
 * whatever node frees a page restores its write-back direct map.
 */
struct zxvmo_tree {
	struct mutex lock;		/* the tree lock: see the lock order above */
	refcount_t refs;		/* one per node */
	u32 cache_policy;		/* ZXVMO_CACHE_POLICY_*; lock; 0 CACHED */
	struct zxvmo_user *user;	/* whose budget its pages use: budget.c */
	kuid_t uid;
	bool unlimited;			/* created with CAP_IPC_LOCK */
	u64 attr_gen;			/* lock: bumped by node.c, attr.c */
	/* fault.c: lockless faults and the removers that stop them */
	atomic_t faulting;		/* lockless faults in flight */
	unsigned int stopped;		/* removers at work; written under lock */
	spinlock_t mkwrite_lock;	/* @mkwrite */
	struct page *mkwrite[ZXVMO_MKWRITE_SLOTS]; /* see fault.c */
};

/*
 * Zircon's attribution of the pages a VMO sees (attr.c): all of them, those
 * only it sees, and each divided among the VMOs that see it, as a whole
 * number of bytes and a fraction of a byte (2^63 is one byte).
 */
struct zxvmo_attr {
	u64 bytes;
	u64 private_bytes;
	u64 scaled_bytes;
	u64 scaled_frac;
};

/* See node.c.  Everything here is protected by tree->lock. */
struct zxvmo_node {
	struct zxvmo_tree *tree;
	struct xarray pages;		/* page or zero marker per index */
	unsigned long nr_pages;		/* pages (not markers) in @pages */
	struct zxvmo_node *parent;	/* hidden node, or NULL */
	pgoff_t parent_offset;		/* own index 0 is this parent index */
	pgoff_t parent_limit;		/* own indices seeing the parent */
	struct zxvmo_node *child[2];	/* hidden: [0] original, [1] clone */
	struct zxvmo *vmo;		/* leaf: its VMO (vmo->leaf == this) */
	unsigned long charged;		/* leaf: ancestors' pages charged here */
	u64 attr_gen;			/* leaf: @attr is of this tree->attr_gen */
	struct zxvmo_attr attr;		/* leaf: its ancestors' pages (attr.c) */
#ifdef CONFIG_DEBUG_VM
	unsigned long check;		/* zxvmo_node_check()'s recount */
#endif
	bool hidden;
};

/*
 * A VMO.  A slice owns no pages: it is a window of @size bytes at
 * @root_off into @root, the nearest ancestor that is not a slice (for any
 * other VMO, @root is itself and @root_off 0).  Its handles' files use the
 * root's address_space, so every zap of the root reaches their mappings.
 *
 * A reference (ZX_VMO_CHILD_REFERENCE) is a slice of all of its root
 * that also shares the root's size and content size: it sits on the
 * root's @ref_list, and every size change of the root (made under the
 * tree lock) is copied to it; its content size is the root's.
 */
enum zxvmo_kind {
	ZXVMO_KIND_PAGED,
	ZXVMO_KIND_CONTIGUOUS,		/* committed at creation, never freed */
	ZXVMO_KIND_PHYSICAL,		/* a physical range: no pages */
};

struct zxvmo {
	u64 koid;
	enum zxvmo_kind kind;		/* slices: their root's */
	u64 paddr;			/* physical */
	u64 parent_koid;
	u32 options;			/* ZXVMO_OPT_* it was created with */
	bool is_slice;			/* also set for a reference */
	bool is_reference;
	bool ref_no_resize;		/* reference made without CHILD_RESIZABLE */
	bool is_cow_clone;
	bool immutable;			/* a NO_WRITE, non-resizable snapshot */
	bool zero_mapped;		/* a mapping got the zero page; tree->lock */
	bool discarded;			/* discardable: pages gone; tree->lock */
	u64 lock_count;			/* discardable: tree->lock */
	bool reclaimable;		/* discardable: unlocked once; tree->lock */
	struct list_head lru;		/* discardable, unlocked: see discard.c */
	unsigned long lru_pages;	/* its weight on the LRU; tree->lock */
	struct zxvmo *parent;		/* holds a reference; NULL for roots */
	struct zxvmo *root;
	u64 root_off;
	/*
	 * Where this VMO's view starts in the root of its copy-on-write
	 * history (Zircon's root_parent_offset): the sum of the offsets of
	 * the snapshots and slices it descends from.  Every window must end
	 * below 2^64 there (ZX_ERR_INVALID_ARGS otherwise).  Fixed.
	 */
	u64 cow_offset;
	struct list_head ref_list;	/* root: its references; tree->lock */
	struct list_head ref_link;	/* reference: on root->ref_list */
	struct zxvmo_tree *tree;	/* root's tree */
	struct zxvmo_node *leaf;	/* NULL for slices; tree->lock */
	struct inode *inode;
	/*
	 * Size in bytes, a page multiple.  Written under tree->lock; readers
	 * that need it stable hold tree->lock, others use READ_ONCE().
	 */
	u64 size;
	u64 content_size;		/* tree->lock */
	struct xarray pins;		/* root: pin count per index; tree->lock */
	unsigned long nr_pins;		/* root: sum of @pins; tree->lock */
	spinlock_t name_lock;
	char name[ZXVMO_NAME_LEN];	/* name_lock */
	/*
	 * @refs keeps the object (koid, signals, children count) alive: one
	 * per handle file and per child VMO.  @active keeps its pages: one per
	 * handle file and per slice rooted here.  A VMO whose handles are all
	 * closed but which still has children lingers without its pages, so
	 * that its parent still counts it (ZX_VMO_ZERO_CHILDREN) while its
	 * copy-on-write tree shrinks as if it were gone.
	 */
	refcount_t refs;
	atomic_t active;
	atomic_t nr_children;		/* live child VMOs */
	atomic_t nr_handles;		/* handle files */
	atomic_t nr_mappings;		/* VMAs mapping this VMO */
	wait_queue_head_t waitq;	/* poll: every signal (signal.c) */
	atomic_t signals;		/* ZX_USER_SIGNAL_*: signal.c */
	struct pid *creator;		/* the creating process */
	kuid_t creator_uid;
	struct rb_node all;		/* in the registry, by koid */
};

struct zxvmo_handle {
	struct zxvmo *vmo;
	u32 rights;
};

/* object.c: resources, BTIs and PMTs; a handle's file->private_data. */
struct zxvmo_object;
struct zxvmo_obj_handle {
	struct zxvmo_object *obj;
	u32 rights;
};

int zxvmo_obj_create(u32 type, u32 kind, u64 base, u64 size, u32 rights);
int zxvmo_new_mmio_resource(u64 paddr, u64 size);
int zxvmo_obj_install(struct zxvmo_object *obj, u32 rights, u32 __user *out);
u32 zxvmo_obj_type(const struct zxvmo_object *obj);
void zxvmo_obj_get_info(const struct zxvmo_obj_handle *h,
			struct zxvmo_info *info);
int zxvmo_check_vmex(int vmex_fd);
long zxvmo_bti_pin(struct zxvmo_object *bti, void __user *argp);
long zxvmo_bti_info(struct zxvmo_object *bti, void __user *argp);
long zxvmo_bti_release_quarantine(struct zxvmo_object *bti);
void zxvmo_bti_get_name(struct zxvmo_object *bti, char name[ZXVMO_NAME_LEN]);
void zxvmo_bti_set_name(struct zxvmo_object *bti,
			const char name[ZXVMO_NAME_LEN]);
long zxvmo_pmt_unpin_handle(struct zxvmo_object *pmt);

/* pin.c: what one PMT pinned. */
struct zxvmo_pin {
	struct zxvmo *root;		/* holds @refs and @active */
	pgoff_t start, pages;		/* root page indices */
	u64 paddr;			/* the first page's physical address */
};

int zxvmo_pin(struct zxvmo *vmo, u64 offset, u64 size, u64 *paddrs,
	      struct zxvmo_pin *pin);
void zxvmo_unpin(struct zxvmo_pin *pin);

/* phys.c */
long zxvmo_create_contiguous(void __user *argp);
long zxvmo_create_physical(bool mmio, u64 base, u64 size, void __user *argp);
int zxvmo_mmap_physical(struct zxvmo *vmo, struct vm_area_struct *vma);

/* registry.c */
extern atomic_long_t zxvmo_nr_pages;
extern atomic_long_t zxvmo_nr_vmos;
extern atomic_long_t zxvmo_nr_hidden_pages;
extern struct kmem_cache *zxvmo_cache;
u64 zxvmo_new_koid(void);
void zxvmo_register(struct zxvmo *vmo);
void zxvmo_unregister(struct zxvmo *vmo);
struct zxvmo *zxvmo_registry_next(u64 *koid, unsigned int batch);
int zxvmo_registry_init(void);
void zxvmo_registry_exit(void);

/* fs.c */
int zxvmo_fs_pin(void);
void zxvmo_fs_unpin(void);
struct inode *zxvmo_new_inode(void);
struct file *zxvmo_open_file(struct inode *inode, int flags,
			     const struct file_operations *fops,
			     void *private_data, struct address_space *mapping,
			     int *fd);
int zxvmo_publish_file(struct file *file, int fd, u32 __user *out);

/* handle.c */
extern const struct file_operations zxvmo_fops;
extern const struct inode_operations zxvmo_iops;
struct zxvmo_handle *zxvmo_file_handle(struct file *file);
long zxvmo_dup_rights(u32 held, void __user *argp, u32 __user **out);
int zxvmo_install_handle(struct zxvmo *vmo, u32 rights, u32 __user *out);
int zxvmo_install_new(struct zxvmo *vmo, u32 rights, u32 __user *out);

/* vmo.c */
struct zxvmo *zxvmo_alloc(u64 size, u64 content_size, u32 options);
void zxvmo_abort(struct zxvmo *vmo);
struct zxvmo *zxvmo_alloc_root(enum zxvmo_kind kind, u64 size,
			       u64 content_size, u32 options);
struct zxvmo *zxvmo_create(u64 size, u32 options);
void zxvmo_put(struct zxvmo *vmo);
void zxvmo_deactivate(struct zxvmo *vmo);
int zxvmo_check_range(u64 offset, u64 len, u64 size);
int zxvmo_check_cow_window(u64 cow_offset, u64 offset, u64 size);
struct zxvmo *zxvmo_size_owner(struct zxvmo *vmo);
int zxvmo_round_size(u64 size, u64 *rounded);
long zxvmo_set_size(struct zxvmo *vmo, u64 size);
long zxvmo_set_content_size(struct zxvmo *vmo, u64 content_size);
long zxvmo_set_stream_size(struct zxvmo *vmo, u64 stream_size);
u64 zxvmo_content_size(struct zxvmo *vmo);
void zxvmo_get_name(struct zxvmo *vmo, char name[ZXVMO_NAME_LEN]);
void zxvmo_set_name(struct zxvmo *vmo, const char name[ZXVMO_NAME_LEN]);
void zxvmo_set_size_locked(struct zxvmo *vmo, u64 size);
int zxvmo_zero_range_locked(struct zxvmo *vmo, u64 start, u64 end);
bool zxvmo_pinned(struct zxvmo *root, pgoff_t start, pgoff_t end);
int zxvmo_name_from_user(char name[ZXVMO_NAME_LEN], const void __user *argp);

/* ioctl.c: every ioctl (VMO handles, other objects' handles, /dev/zxvmo) */
long zxvmo_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
long zxvmo_obj_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
long zxvmo_ctl_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

/* oprange.c */
long zxvmo_ioctl_op_range(struct zxvmo_handle *h, void __user *argp);

/* child.c */
long zxvmo_ioctl_child(struct zxvmo_handle *h, void __user *argp);

/* node.c */
struct zxvmo_tree *zxvmo_tree_alloc(void);
void zxvmo_tree_put(struct zxvmo_tree *tree);
void zxvmo_unmap(struct zxvmo *root, u64 start, u64 len, bool cows);
struct zxvmo_node *zxvmo_node_alloc(struct zxvmo_tree *tree, struct zxvmo *vmo);
void zxvmo_node_free(struct zxvmo_node *leaf);
void zxvmo_node_release(struct zxvmo *vmo);
struct page *zxvmo_node_lookup(struct zxvmo_node *node, pgoff_t idx);
struct page *zxvmo_node_commit(struct zxvmo_node *leaf, pgoff_t idx);
struct page *zxvmo_node_commit_spare(struct zxvmo_node *leaf, pgoff_t idx,
				     struct page **spare);
struct page *zxvmo_node_spare(struct zxvmo_tree *tree);
void zxvmo_node_page_free(struct zxvmo_tree *tree, struct page *page);
int zxvmo_node_zero(struct zxvmo_node *leaf, pgoff_t start, pgoff_t end);
void zxvmo_node_truncate(struct zxvmo_node *leaf, pgoff_t pages);
void zxvmo_node_split(struct zxvmo_node *leaf, struct zxvmo_node *left,
		      struct zxvmo_node *right, pgoff_t leaf_pages,
		      pgoff_t offset, pgoff_t size);
u64 zxvmo_node_committed(struct zxvmo_node *leaf);
unsigned int zxvmo_node_depth(struct zxvmo_node *leaf);
/* A visitor of entries: the leaf index they map to, the entry, an arg. */
typedef int (*zxvmo_entry_fn)(struct zxvmo_node *, pgoff_t, void *, void *);
int zxvmo_node_visit_pages(struct zxvmo_node *leaf, pgoff_t start,
			   pgoff_t end, zxvmo_entry_fn fn, void *arg);
/* A visitor of shared pages: how many leaves see one, an arg. */
typedef void (*zxvmo_share_fn)(unsigned long, void *);
void zxvmo_node_visit_shared(struct zxvmo_node *leaf, zxvmo_share_fn fn,
			     void *arg);

/* attr.c */
void zxvmo_attribution(struct zxvmo_node *leaf, struct zxvmo_attr *attr);

/* budget.c */
void zxvmo_budget_init(void);
int zxvmo_budget_attach(struct zxvmo_tree *tree);
void zxvmo_budget_exit(void);
int zxvmo_budget_charge(struct zxvmo_tree *tree, unsigned long pages);
void zxvmo_budget_uncharge(struct zxvmo_tree *tree, unsigned long pages);

/* cache.c */
int zxvmo_page_set_policy(struct page *page, u32 policy);
pgprot_t zxvmo_policy_pgprot(u32 policy, pgprot_t prot);
int zxvmo_check_cache_policy(u32 policy);
long zxvmo_set_cache_policy(struct zxvmo *vmo, u32 policy);

/* discard.c */
struct zxvmo_discard_stats {
	u64 locked, unlocked, discarded, reclaimed_pages;
};

/* What a discard notifier is told: the VMO discarded, the pages freed. */
struct zxvmo_discard_event {
	u64 koid, pages;
};

struct notifier_block;
void zxvmo_discard_notifier_register(struct notifier_block *nb);
void zxvmo_discard_notifier_unregister(struct notifier_block *nb);
void zxvmo_discard_init(struct zxvmo *vmo);
void zxvmo_discard_exit(struct zxvmo *vmo);
void zxvmo_discard_stats(struct zxvmo_discard_stats *st);
struct zxvmo *zxvmo_discard_alloc(struct kmem_cache *cache);
unsigned long zxvmo_reclaim_all(void);
int zxvmo_discard_register(void);
void zxvmo_discard_unregister(void);
void zxvmo_discard_pins_changed(struct zxvmo *vmo);
long zxvmo_op_lock(struct zxvmo *vmo, u32 op, u64 offset, u64 size,
		   void __user *buffer, u64 buffer_size);

/* rw.c */
long zxvmo_ioctl_rw(struct zxvmo *vmo, void __user *argp, bool write);
ssize_t zxvmo_read_iter(struct kiocb *iocb, struct iov_iter *to);
ssize_t zxvmo_write_iter(struct kiocb *iocb, struct iov_iter *from);

/* mmap.c */
int zxvmo_mmap(struct file *file, struct vm_area_struct *vma);
long zxvmo_ioctl_map(struct file *file, void __user *argp);
void zxvmo_zero_page_exit(void);

/* fault.c */
bool zxvmo_fault_fast(struct vm_fault *vmf, struct zxvmo *vmo,
		      vm_fault_t *ret);
/* What a read fault would map at root page index @idx, or NULL. */
typedef struct page *(*zxvmo_around_fn)(void *ctx, pgoff_t idx);
void zxvmo_fault_around_locked(struct vm_fault *vmf, struct zxvmo *vmo,
			       zxvmo_around_fn fn, void *ctx);
void zxvmo_mkwrite_lock(struct zxvmo_tree *tree, struct page *page);
bool zxvmo_mkwrite_fast(struct vm_fault *vmf, struct zxvmo *vmo);
void zxvmo_faults_stop(struct zxvmo_tree *tree);
bool zxvmo_faults_trystop(struct zxvmo_tree *tree);
void zxvmo_faults_resume(struct zxvmo_tree *tree);
void zxvmo_mkwrite_release(struct zxvmo_tree *tree);

/* info.c */
long zxvmo_ioctl_info(struct zxvmo_handle *h, void __user *argp);

/* signal.c */
__poll_t zxvmo_signal_events(u32 signals);
u32 zxvmo_signals(struct zxvmo *vmo);
long zxvmo_ioctl_signal(struct zxvmo *vmo, u32 rights, void __user *argp);

#endif /* ZXVMO_INTERNAL_H */
