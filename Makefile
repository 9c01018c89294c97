# SPDX-License-Identifier: GPL-2.0
#
#   make                     the module for KVER and userspace-ctl/vswctl
#   make KVER=RELEASE        the module for that kernel (scripts/kernels lists
#                            them), in build/KVER/
#   make check               the whole suite, in VMs, on every installed kernel
#   make check-debug         the whole suite on a debug kernel (KASAN, lockdep,
#                            kmemleak, failslab), built once and cached
#   make demo                the main job: the hybrid-cloud testbed in a VM
#   make bench               vswitch against veth, the bridge and OVS, in a VM
#   make sparse checkpatch   static checks (both also run in make check)
#   make install             module (+ depmod), vswctl and vswagent (+ man
#                            pages, the systemd units), the libvirt hook
#                            and the QEMU tap scripts
#   make deb                 the Debian packages vswitch and vswitch-dkms, in
#                            build/deb/

# The kernel to build for: the running one if its headers are installed,
# else the newest kernel whose headers are.
KVER ?= $(shell r=$$(uname -r); \
	if [ -e /lib/modules/$$r/build/Makefile ]; then echo $$r; else \
	ls -d /lib/modules/*/build 2>/dev/null | cut -d/ -f4 | sort -V | tail -n 1; fi)
KDIR ?= /lib/modules/$(KVER)/build
BUILD := build/$(KVER)
# A kernel whose headers live in one of install-deps' Debian environments
# (scripts/kernels) is built there, by scripts/kroot-exec.
KROOT := $(filter-out /,$(shell scripts/kernels root $(KVER) 2>/dev/null))
KEXEC := $(if $(KROOT),scripts/kroot-exec $(KROOT))

PREFIX ?= /usr/local
DESTDIR ?=
VSW_CACHE ?= /var/cache/vswitch
CHECKPATCH ?= $(VSW_CACHE)/linux-source-6.12/scripts/checkpatch.pl

DATAPATH_SRCS := $(wildcard datapath/*.c datapath/*.h)
KERNEL_SRCS := $(DATAPATH_SRCS) include/uapi/linux/vswitch.h Kbuild

# Build out of tree in $(BUILD) from a tree of links, so that objects for
# several kernels never mix and the source tree stays clean.
kbuild = mkdir -p $(BUILD)/datapath && \
	find $(BUILD)/datapath -type l -delete && \
	ln -sf $(abspath $(DATAPATH_SRCS)) $(BUILD)/datapath/ && \
	ln -sf $(abspath Kbuild) $(BUILD)/Kbuild && \
	ln -sfn $(abspath include) $(BUILD)/include && \
	$(KEXEC) $(MAKE) -C $(KDIR) M=$(abspath $(BUILD)) W=1

.PHONY: all module vswctl sparse checkpatch check check-debug demo bench install \
	install-module install-vswctl deb clean FORCE

all: module vswctl

module: $(BUILD)/vswitch.ko

$(BUILD)/vswitch.ko: $(KERNEL_SRCS) FORCE
	@test -e $(KROOT)$(KDIR)/Makefile || \
		{ echo "no kernel headers for $(KVER) in $(KROOT)$(KDIR)" >&2; exit 1; }
	+$(kbuild) modules

vswctl:
	+$(MAKE) -C userspace-ctl

# sparse on every file (C=2); any report fails.
sparse:
	@test -e $(KROOT)$(KDIR)/Makefile || \
		{ echo "no kernel headers for $(KVER) in $(KROOT)$(KDIR)" >&2; exit 1; }
	+$(kbuild) C=2 CHECK="sparse -Wsparse-error" modules

checkpatch:
	@test -x $(CHECKPATCH) || \
		{ echo "$(CHECKPATCH) missing: run scripts/install-deps" >&2; exit 1; }
	$(CHECKPATCH) --strict --no-tree --terse --show-types --quiet \
		-f $(KERNEL_SRCS:Kbuild=)

check: all
	scripts/check

check-debug: vswctl
	scripts/check-debug

demo: all
	scripts/demo

bench: all
	bench/run $(KVER)

install: install-module install-vswctl

install-module: module
	@test -z "$(KROOT)" || \
		{ echo "$(KVER) is a kernel of $(KROOT), not of this host: nothing to install" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(abspath $(BUILD)) \
		INSTALL_MOD_PATH=$(abspath $(DESTDIR)/) INSTALL_MOD_DIR=extra \
		modules_install
	depmod $(if $(DESTDIR),-b $(DESTDIR)) $(KVER)

SYSTEMDUNITDIR ?= /lib/systemd/system

# The units, /etc/vswitch/vswitch.conf's example unless there is one, the
# libvirt hook and QEMU's tap scripts (Documentation/operations.rst); each
# with vswctl's path as installed.

install-vswctl: vswctl
	$(MAKE) -C userspace-ctl install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)
	for u in vswagent vswitch; do \
		sed 's|/usr/local/sbin/|$(PREFIX)/sbin/|' systemd/$$u.service > $$u.service.tmp && \
		install -D -m 0644 $$u.service.tmp $(DESTDIR)$(SYSTEMDUNITDIR)/$$u.service && \
		rm -f $$u.service.tmp || exit 1; \
	done
	[ -e $(DESTDIR)/etc/vswitch/vswitch.conf ] || \
		install -D -m 0644 systemd/vswitch.conf $(DESTDIR)/etc/vswitch/vswitch.conf
	for f in libvirt/vswitch:$(PREFIX)/libexec/vswitch/libvirt-qemu-hook \
		 qemu/vswitch-ifup:/etc/vswitch/qemu-ifup \
		 qemu/vswitch-ifdown:/etc/vswitch/qemu-ifdown; do \
		sed 's|/usr/local/sbin/|$(PREFIX)/sbin/|' $${f%%:*} > attach.tmp && \
		install -D -m 0755 attach.tmp $(DESTDIR)$${f#*:} && \
		rm -f attach.tmp || exit 1; \
	done
	sed 's|/usr/local/libexec/|$(PREFIX)/libexec/|' libvirt/qemu-hook > attach.tmp && \
		install -D -m 0755 attach.tmp $(DESTDIR)/etc/libvirt/hooks/qemu.d/vswitch && \
		rm -f attach.tmp

# The Debian packages, vswitch and vswitch-dkms (and vswitch's -dbgsym),
# into build/deb/. dpkg-buildpackage writes them next to the tree, in ..
DEB_VERSION = $(shell dpkg-parsechangelog -SVersion)
DEB_ARCH = $(shell dpkg --print-architecture)
deb:
	dpkg-buildpackage -b -us -uc
	mkdir -p build/deb
	cd .. && mv vswitch_$(DEB_VERSION)_$(DEB_ARCH).deb \
		vswitch-dkms_$(DEB_VERSION)_all.deb \
		vswitch_$(DEB_VERSION)_$(DEB_ARCH).buildinfo \
		vswitch_$(DEB_VERSION)_$(DEB_ARCH).changes $(CURDIR)/build/deb/ && \
		if [ -e vswitch-dbgsym_$(DEB_VERSION)_$(DEB_ARCH).deb ]; then \
			mv vswitch-dbgsym_$(DEB_VERSION)_$(DEB_ARCH).deb $(CURDIR)/build/deb/; fi

clean:
	rm -rf build
	$(MAKE) -C userspace-ctl clean
