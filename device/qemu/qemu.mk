# SPDX-License-Identifier: GPL-2.0-or-later
#
# QEMU with virtio-cryptodev-pci: Debian's qemu 7.2 source, our patch, a
# minimal x86_64-softmmu build in $(BUILD)/qemu (see device/qemu/build-qemu
# and docs/qemu.md).  Nothing here is built with SANITIZE=1.  The core's
# sources come from its fragment (VCD_CORE_SRCS, device/core/core.mk).

QEMU_DIR := $(BUILD)/qemu
# The wrapper that adds the firmware paths; also QTEST_QEMU_BINARY.
QEMU_BIN := $(QEMU_DIR)/bin/qemu-system-x86_64
QEMU_QTEST := $(QEMU_DIR)/bin/vcd-qtest

.PHONY: qemu
qemu:
	scripts/install-deps qemu
	VCD_CORE_SOURCES="$(VCD_CORE_SRCS)" device/qemu/build-qemu $(QEMU_DIR)

ifneq ($(SANITIZE),1)
CHECK_BUILD += qemu
DEPS_GROUPS += qemu
FULL_TESTS += tests/qtest/run-qtest
endif
