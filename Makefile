# SPDX-License-Identifier: GPL-2.0
# zxvmo: the kernel module (module/, built through Kbuild), libzx and the
# selftests.  `make help` lists the targets; README.md explains them.

# The version, defined once (libzx, dkms.conf and debian/ read it there).
VERSION := $(shell cat $(CURDIR)/VERSION)

KDIR ?= /lib/modules/$(shell uname -r)/build
SCRIPTS := $(CURDIR)/scripts
HAVE_KDIR := $(wildcard $(KDIR)/Makefile)
SUBDIRS := $(patsubst %/Makefile,%,$(wildcard libzx/Makefile selftests/Makefile \
	     tools/zxvmo-stat/Makefile))

.PHONY: all module $(SUBDIRS) install modules_install clean lint \
	check check-quick check-host check-packages deb stress demo bench \
	deps dkms-install help

# The default: zxvmo.ko (against KDIR), libzx, zxvmo-stat and the selftests.
all: module $(SUBDIRS)

# Debian packages the build and the test VMs need (apt-get, idempotent).
deps:
	$(SCRIPTS)/install-deps

module:
ifneq ($(HAVE_KDIR),)
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules
else
	@echo "*** No kernel build tree at $(KDIR): skipping zxvmo.ko." >&2
	@echo "*** Install linux-headers-$$(uname -r) or run make KDIR=/path/to/kernel/build." >&2
endif

libzx:
	$(MAKE) -C libzx

# The selftests link libzx statically.
selftests: $(filter libzx,$(SUBDIRS))
	$(MAKE) -C selftests

# zxvmo-stat needs only the uapi headers and libnl (not libzx).
tools/zxvmo-stat:
	$(MAKE) -C $@

install:
	$(foreach d,$(filter-out selftests,$(SUBDIRS)),$(MAKE) -C $(d) install;)

modules_install:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install

dkms-install:
	$(SCRIPTS)/dkms-install

lint:
	$(SCRIPTS)/callgraph >/dev/null
	$(SCRIPTS)/lint-checkpatch
	$(SCRIPTS)/lint-sparse

# Every selftest on each guest kernel of KERNELS (stock, debug, trixie,
# sid; see scripts/guest-kernel), one boot per kernel (the stock run loads
# the module built by DKMS), then the Debian packages' build and install
# test (check-packages, one more test; PACKAGES=0 skips it); one line per
# kernel and one for the packages, then the total "N passed, N failed".
KERNELS ?= stock debug trixie sid
PACKAGES ?= 1
check: deps
	$(SCRIPTS)/check --dkms $(if $(filter 1,$(PACKAGES)),--packages) $(KERNELS)

check-quick: deps
	$(SCRIPTS)/check stock

# The long stress, fuzzing and fault injection runs in a debug guest
# (about 40 minutes under TCG; scripts/stress lists the knobs).
stress: deps
	$(SCRIPTS)/stress

# The selftests on this machine's kernel (root): insmod, run, rmmod.
check-host: module selftests
	$(SCRIPTS)/check-host

# The Debian packages (zxvmo-dkms, libzx0, libzx-dev, zxvmo-tools) in
# build/deb/, checked with lintian.
deb: deps
	$(SCRIPTS)/make-deb

# Install the packages in a bookworm chroot (DKMS builds the module for the
# stock guest kernel), compile a program with `pkg-config zxvmo` there and
# run it in the stock guest with the DKMS-built module.
check-packages: deb
	$(SCRIPTS)/check-packages

demo: deps all
	$(SCRIPTS)/vm-run --add libzx/tools/zxvmo-demo \
		--add tools/zxvmo-stat/zxvmo-stat -- ./zxvmo-demo

# The benchmark in the stock guest (3 GiB: it discards 1 GiB of VMOs): the
# table, build/bench/results.json and the plots (scripts/bench, BENCHMARKS.md);
# BENCH_ARGS=--publish also refreshes bench/results/.
bench: deps
	$(SCRIPTS)/bench $(BENCH_ARGS)

clean:
ifneq ($(HAVE_KDIR),)
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
endif
	$(foreach d,$(SUBDIRS),$(MAKE) -C $(d) clean;)
	$(MAKE) -C bench clean
	rm -rf build/deb

help:
	@echo "make, make all    zxvmo.ko (against KDIR=$(KDIR)), libzx, zxvmo-stat, selftests"
	@echo "make install      libzx (PREFIX, DESTDIR)"
	@echo "make modules_install / dkms-install   install zxvmo.ko for KDIR / via DKMS"
	@echo "make demo         run libzx/tools/zxvmo-demo in a test VM"
	@echo "make bench        zxvmo-bench against memfd/anonymous memory in a test VM,"
	@echo "                  results and plots in build/bench/"
	@echo "make check        every selftest on the guest kernels KERNELS=\"$(KERNELS)\""
	@echo "                  (any of stock debug trixie sid), then the package test"
	@echo "                  (PACKAGES=0 skips it)"
	@echo "make check-quick  every selftest on the stock guest kernel"
	@echo "make check-host   every selftest on this machine's kernel (root)"
	@echo "make deb          Debian packages in build/deb/ (lintian-checked)"
	@echo "make check-packages  install the packages in a chroot, run a program in a guest"
	@echo "make deps         install the Debian packages the build and tests need (root)"
	@echo "make stress       long concurrency stress, fuzzing, fault injection (debug guest)"
	@echo "make lint         module/'s call graph (no cycle), checkpatch --strict and W=1 sparse builds"
	@echo "make clean"
