# SPDX-License-Identifier: GPL-2.0
# zxvmo: the kernel module (module/, built through Kbuild), libzx and the
# selftests.  `make help` lists the targets; README.md explains them.

VERSION := 0.1.0

KDIR ?= /lib/modules/$(shell uname -r)/build
SCRIPTS := $(CURDIR)/scripts
HAVE_KDIR := $(wildcard $(KDIR)/Makefile)
SUBDIRS := $(patsubst %/Makefile,%,$(wildcard libzx/Makefile selftests/Makefile \
	     tools/zxvmo-stat/Makefile))

.PHONY: all module $(SUBDIRS) install modules_install clean lint \
	check check-quick check-host stress demo bench deps dkms-install help

# Debian packages the build and the test VMs need (apt-get, idempotent).
deps:
	$(SCRIPTS)/install-deps

all: module $(SUBDIRS)

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

# zxvmo-stat links libzx.
tools/zxvmo-stat: $(filter libzx,$(SUBDIRS))
	$(MAKE) -C $@

install:
	$(foreach d,$(filter-out selftests,$(SUBDIRS)),$(MAKE) -C $(d) install;)

modules_install:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install

dkms-install:
	$(SCRIPTS)/dkms-install

lint:
	$(SCRIPTS)/lint-checkpatch
	$(SCRIPTS)/lint-sparse

# Every selftest on the stock and the debug guest kernel (the stock run
# loads the module built by DKMS); the last line is "N passed, N failed".
check: deps
	$(SCRIPTS)/check --dkms stock debug

check-quick: deps
	$(SCRIPTS)/check stock

# The long stress, fuzzing and fault injection runs in a debug guest
# (about 15 minutes; scripts/stress lists the knobs).
stress: deps
	$(SCRIPTS)/stress

# The selftests on this machine's kernel (root): insmod, run, rmmod.
check-host: module selftests
	$(SCRIPTS)/check-host

demo: deps all
	$(SCRIPTS)/vm-run --add libzx/tools/zxvmo-demo \
		--add tools/zxvmo-stat/zxvmo-stat -- ./zxvmo-demo

# The benchmark, in the stock guest (3 GiB: it discards 1 GiB of VMOs).
bench: deps
	$(MAKE) -C bench
	$(SCRIPTS)/vm-run --kernel stock --mem 3G --add bench/zxvmo-bench -- \
		./zxvmo-bench

clean:
ifneq ($(HAVE_KDIR),)
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
endif
	$(foreach d,$(SUBDIRS),$(MAKE) -C $(d) clean;)
	$(MAKE) -C bench clean

help:
	@echo "make              zxvmo.ko (against KDIR=$(KDIR)), libzx, selftests"
	@echo "make install      libzx (PREFIX, DESTDIR)"
	@echo "make modules_install / dkms-install   install zxvmo.ko for KDIR / via DKMS"
	@echo "make demo         run libzx/tools/zxvmo-demo in a test VM"
	@echo "make bench        zxvmo-bench against memfd/anonymous memory in a test VM"
	@echo "make check        every selftest on the stock and debug guest kernels"
	@echo "make check-quick  every selftest on the stock guest kernel"
	@echo "make check-host   every selftest on this machine's kernel (root)"
	@echo "make stress       long concurrency stress, fuzzing, fault injection (debug guest)"
	@echo "make lint         checkpatch --strict and a W=1 sparse build"
	@echo "make clean"
