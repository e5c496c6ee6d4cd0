# SPDX-License-Identifier: GPL-2.0-or-later
#
# The guest: Debian's kernel, a busybox initramfs, and vm/run to boot it.
#
#   make vm-kernel   fetch linux-image-RELEASE: $(VM_KDIR)/vmlinux (PVH),
#                    vmlinuz, and the modules tree
#   make vm-image    the initramfs $(VM_INITRD) (rebuilt only when an
#                    input changes)
#   make vm          an interactive guest with the device (vm/run --shell)
#   make demo-vm     the chat demo through the device (vm/demo)
#
# GUEST_KERNEL=6.12 (driver/driver.mk) does the same for the 6.12 kernel
# from bookworm-backports, in $(BUILD)/vm-6.12/; `vm/run --kernel 6.12`
# boots it.  `make check-matrix` runs the in-guest suite there: every
# test of FULL_TESTS named tests/guest/*.t or *-guest.t.
#
# Putting files into the guest (docs/vm.md):
#   - every program in PROGRAMS that lands in $(BIN) goes to /usr/local/bin
#   - GUEST_BIN += FILE         another program for /usr/local/bin
#   - GUEST_FILES += SRC=/DEST  one file at any path
#   - GUEST_MODULES += FILE.ko  a module, insmod-ed at boot in list order
#                               (the driver's $(DRIVER_KO) is already there)
#   - everything under $(BUILD)/guest-root/ is copied over / as it is
#     (merged-/usr: use usr/lib/..., not lib/...)
# Shared libraries of any ELF file that goes in are added (ldd), with the
# dynamic loader.  These lists may be extended by any fragment, before or
# after this one: the prerequisites are expanded late.

VM_DIR := $(BUILD)/vm$(GUEST_KSUFFIX)
VM_KDIR := $(VM_DIR)/kernel
VM_KERNEL_STAMP := $(VM_KDIR)/release
VM_INITRD := $(VM_DIR)/initramfs.cpio
VM_INPUTS := $(VM_DIR)/inputs.list
GUEST_ROOT_DIR := $(BUILD)/guest-root
QEMU_BIN ?= $(BUILD)/qemu/bin/qemu-system-x86_64
VM_COMPRESS ?= none

# `make demo` runs the VM demo (Makefile: DEMO_TARGET).
DEMO_TARGET := demo-vm

# Debian modules loaded at boot (their dependencies come along);
# virtio_mmio for vm/run --machine microvm.
VM_MODULES ?= virtio_pci virtio_mmio virtio_net virtio_rng virtio_console

GUEST_BIN +=
GUEST_FILES +=
GUEST_MODULES += $(DRIVER_KO)

# Environment for vm/run in recipes.
VM_ENV = BUILDDIR='$(abspath $(BUILD))' QEMU_BIN='$(abspath $(QEMU_BIN))'

# Guests are never sanitized: with SANITIZE=1 nothing here is built or run.
ifneq ($(SANITIZE),1)
DEPS_GROUPS += vm
CHECK_BUILD += vm-image
FULL_TESTS += tests/vm/harness.t
FULL_TESTS += tests/vm/migrate.t
endif

# The in-guest suite on the 6.12 kernel, for `make check-matrix`.  QEMU
# is built first unless the command line names one (QEMU_BIN=...).
VM_MATRIX_KERNEL := 6.12
VM_GUEST_SUITE = $(filter tests/guest/%.t %-guest.t,$(FULL_TESTS))
ifneq ($(SANITIZE),1)
CHECK_MATRIX += check-guest-$(VM_MATRIX_KERNEL)
endif

.PHONY: vm-kernel vm-image vm vm-clean demo-vm FORCE
.PHONY: check-guest-$(VM_MATRIX_KERNEL)
.SECONDEXPANSION:

vm-kernel: $(VM_KERNEL_STAMP)
vm-image: $(VM_INITRD)

$(VM_KERNEL_STAMP): vm/fetch-kernel scripts/guest-kernel-version
	vm/fetch-kernel $(VM_KDIR) $(GUEST_KERNEL)

# The list of inputs, rewritten only when it changes: a file that leaves
# the guest also rebuilds the image.
VM_PROGRAMS = $(filter $(BIN)/%,$(PROGRAMS))
VM_GUEST_ROOT_FILES = $(shell find $(GUEST_ROOT_DIR) 2>/dev/null)
VM_ALL_INPUTS = $(sort $(VM_PROGRAMS) $(GUEST_BIN)) \
	$(foreach f,$(GUEST_FILES),$(firstword $(subst =, ,$(f)))) \
	$(GUEST_MODULES) $(VM_GUEST_ROOT_FILES)

$(VM_INPUTS): FORCE
	@mkdir -p $(@D)
	@printf '%s\n' 'modules: $(VM_MODULES)' 'compress: $(VM_COMPRESS)' \
		'bin: $(sort $(VM_PROGRAMS) $(GUEST_BIN))' \
		'files: $(GUEST_FILES)' 'modules: $(GUEST_MODULES)' \
		$(VM_GUEST_ROOT_FILES) >$@.new
	@if cmp -s $@.new $@; then rm -f $@.new; else mv $@.new $@; fi

$(VM_INITRD): vm/mkinitramfs vm/init $(VM_KERNEL_STAMP) $(VM_INPUTS) \
		$$(VM_ALL_INPUTS)
	VM_OUT='$@' VM_KDIR='$(VM_KDIR)' VM_INIT=vm/init \
	VM_MODULES='$(VM_MODULES)' VM_COMPRESS='$(VM_COMPRESS)' \
	GUEST_MODULES='$(GUEST_MODULES)' \
	GUEST_BIN='$(sort $(VM_PROGRAMS) $(GUEST_BIN))' \
	GUEST_FILES='$(GUEST_FILES)' GUEST_ROOT='$(GUEST_ROOT_DIR)' \
		vm/mkinitramfs

# QEMU comes from device/qemu/qemu.mk (`make qemu`, an incremental build).
VM_QEMU_TARGET := $(if $(wildcard device/qemu/qemu.mk),qemu,$(QEMU_BIN))

# make vm [VM_ARGS='--device-opts queues=2 --fwd 5555']
vm: $(VM_INITRD) $(VM_QEMU_TARGET)
	$(VM_ENV) vm/run --shell $(VM_ARGS)

demo-vm: $(VM_INITRD) $(VM_QEMU_TARGET) $(BIN)/crypto-chat
	$(VM_ENV) vm/demo

check-guest-$(VM_MATRIX_KERNEL): \
		$(if $(filter file,$(origin QEMU_BIN)),$(VM_QEMU_TARGET))
	$(MAKE) GUEST_KERNEL=$(VM_MATRIX_KERNEL) vm-image
	VM_KERNEL=$(VM_MATRIX_KERNEL) $(VM_ENV) \
		prove --exec '' $(VM_GUEST_SUITE)

vm-clean:
	rm -rf $(VM_DIR)

FORCE:
