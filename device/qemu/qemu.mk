# SPDX-License-Identifier: GPL-2.0-or-later
#
# QEMU with virtio-cryptodev-pci: Debian's qemu 7.2 source, our patch, a
# minimal x86_64-softmmu build in $(BUILD)/qemu (see device/qemu/build-qemu
# and docs/qemu.md).  Nothing here is built with SANITIZE=1.  The core's
# sources come from its fragment (VCD_CORE_SRCS, device/core/core.mk).
#
# QEMU=10.0 (make qemu QEMU=10.0, or any target that runs QEMU) picks
# Debian 13's QEMU 10.0 instead, from bookworm-backports' source package,
# built in $(BUILD)/qemu-10.0 from the same glue (device/qemu/compat.h).
# make check-qemu10 builds it and runs the qtests and the fuzz against it
# (part of make check-matrix, which .ci/run runs).
#
# make qemu-san / make check-qemu-san: the same QEMU with ASan and UBSan
# (QEMU's --enable-sanitizers) in $(BUILD)/qemu-san, and the tests that
# run against it: the qtests, the virtqueue fuzz, one in-guest test, and
# tests/qtest/san-log.t, which fails on any sanitizer report from QEMU.

QEMU ?= 7.2
QEMU_DIR := $(BUILD)/qemu$(if $(filter-out 7.2,$(QEMU)),-$(QEMU))
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

# The other QEMU's tests, for make check-matrix.
QEMU10_DIR := $(BUILD)/qemu-10.0
QEMU10_TESTS := tests/qtest/run-qtest tests/qtest/fuzz.t

.PHONY: qemu qemu-san check-qemu-san check-qemu10
qemu:
	scripts/install-deps qemu
	VCD_CORE_SOURCES="$(VCD_CORE_SRCS)" \
		device/qemu/build-qemu --qemu $(QEMU) $(QEMU_DIR)

# The qtests find their QEMU through VCD_QEMU_DIR (default build/qemu).
ifneq ($(QEMU),7.2)
export VCD_QEMU_DIR := $(abspath $(QEMU_DIR))
endif

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

check-qemu10:
	scripts/install-deps qemu
	$(MAKE) qemu QEMU=10.0
	VCD_QEMU_DIR='$(abspath $(QEMU10_DIR))' \
		prove --timer --exec '' $(QEMU10_TESTS)
CHECK_MATRIX += check-qemu10
