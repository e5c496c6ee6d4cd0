# SPDX-License-Identifier: GPL-2.0-or-later
#
# QEMU with virtio-cryptodev-pci: Debian's qemu 7.2 source, our patch, a
# minimal x86_64-softmmu build in $(BUILD)/qemu (see device/qemu/build-qemu
# and docs/qemu.md).  Nothing here is built with SANITIZE=1.  The core's
# sources come from its fragment (VCD_CORE_SRCS, device/core/core.mk).
#
# make qemu-san / make check-qemu-san: the same QEMU with ASan and UBSan
# (QEMU's --enable-sanitizers) in $(BUILD)/qemu-san, and the tests that
# run against it: the qtests, the virtqueue fuzz, one in-guest test, and
# tests/qtest/san-log.t, which fails on any sanitizer report from QEMU.

QEMU_DIR := $(BUILD)/qemu
# The wrapper that adds the firmware paths; also QTEST_QEMU_BINARY.
QEMU_BIN := $(QEMU_DIR)/bin/qemu-system-x86_64
QEMU_QTEST := $(QEMU_DIR)/bin/vcd-qtest

QEMU_SAN_DIR := $(BUILD)/qemu-san
QEMU_SAN_BIN := $(QEMU_SAN_DIR)/bin/qemu-system-x86_64
# In this order: san-log.t last.
QEMU_SAN_TESTS := tests/qtest/run-qtest tests/qtest/fuzz.t \
	tests/guest/stress.t tests/qtest/san-log.t
# The fuzz runs longer there than in make check.
QEMU_SAN_FUZZ_BATCHES ?= 300

.PHONY: qemu qemu-san check-qemu-san
qemu:
	scripts/install-deps qemu
	VCD_CORE_SOURCES="$(VCD_CORE_SRCS)" device/qemu/build-qemu $(QEMU_DIR)

qemu-san:
	scripts/install-deps qemu
	VCD_CORE_SOURCES="$(VCD_CORE_SRCS)" \
		device/qemu/build-qemu --sanitize $(QEMU_SAN_DIR)

# The test programs are sanitized as well (vcd-qtest is built with
# QEMU's flags); their leaks at exit are not what is tested here.
check-qemu-san:
	scripts/install-deps $(DEPS_GROUPS)
	$(MAKE) qemu-san guest-tests vm-image
	rm -f $(QEMU_SAN_DIR)/san-logs/*
	VCD_QEMU_DIR='$(abspath $(QEMU_SAN_DIR))' \
	QEMU_BIN='$(abspath $(QEMU_SAN_BIN))' \
	VCD_FUZZ_BATCHES=$(QEMU_SAN_FUZZ_BATCHES) \
	ASAN_OPTIONS=detect_leaks=0 \
		prove --timer --exec '' $(QEMU_SAN_TESTS)

ifneq ($(SANITIZE),1)
CHECK_BUILD += qemu
DEPS_GROUPS += qemu
FULL_TESTS += tests/qtest/run-qtest tests/qtest/fuzz.t
endif
