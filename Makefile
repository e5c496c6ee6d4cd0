# SPDX-License-Identifier: GPL-2.0-or-later
#
# Top-level build.  Each part keeps its rules in a fragment of its own
# (lib/lib.mk, chat/chat.mk, ...); this file holds what they share and the
# user-facing targets.  Fragments add to these lists:
#
#   PROGRAMS      files built by `make` (usually under $(BIN))
#   HOST_TESTS    TAP executables run by `make check`, also with SANITIZE=1
#   FULL_TESTS    TAP executables run by `make check` only without SANITIZE
#                 (they need QEMU or a guest, which are not sanitized)
#   CHECK_BUILD   extra targets that must be built before the tests run
#   CHECK_MATRIX  targets that `make check-matrix` runs: the suites on the
#                 second kernel, kept out of check for its run time
#   DEPS_GROUPS   package groups (scripts/install-deps) that check needs
#   BENCH         targets that `make bench` runs (never part of check)
#   DEMO_TARGET   the target that `make demo` runs (the local chat demo
#                 until the VM demo replaces it)
#
# `make SANITIZE=1 ...` builds the userland with ASan+UBSan in build-san/.

SANITIZE ?= 0
ifeq ($(SANITIZE),1)
BUILD ?= build-san
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
	     -fno-omit-frame-pointer
else
BUILD ?= build
SAN_FLAGS :=
endif

BIN := $(BUILD)/bin
CC ?= gcc
CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
	  -Wmissing-prototypes -Wformat=2 -Wno-unused-parameter $(SAN_FLAGS)
CPPFLAGS += -Iinclude -D_GNU_SOURCE -MMD -MP
LDFLAGS += $(SAN_FLAGS)

# Tests find the programs through these.
export BUILDDIR := $(abspath $(BUILD))
export SRCDIR := $(abspath .)

PROGRAMS :=
HOST_TESTS :=
FULL_TESTS :=
CHECK_BUILD :=
CHECK_MATRIX :=
DEPS_GROUPS := base
BENCH :=
DEMO_TARGET := demo-local

.PHONY: all check check-build check-matrix deps demo bench clean
all:

# Compile any C file of the tree into $(BUILD), mirroring its path.
$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

-include lib/lib.mk
-include chat/chat.mk
-include device/core/core.mk
-include device/qemu/qemu.mk
-include driver/driver.mk
-include vm/vm.mk
-include tests/chat/tests.mk
-include bench/guest/bench.mk

all: $(PROGRAMS)

deps:
	scripts/install-deps $(DEPS_GROUPS)

check-build: all $(CHECK_BUILD)

ifeq ($(SANITIZE),1)
CHECK_TESTS = $(HOST_TESTS)
else
CHECK_TESTS = $(HOST_TESTS) $(FULL_TESTS)
endif

check:
	scripts/install-deps $(DEPS_GROUPS)
	$(MAKE) check-build
	prove --exec '' $(CHECK_TESTS)

check-matrix:
	scripts/install-deps $(DEPS_GROUPS)
	$(MAKE) $(CHECK_MATRIX)

demo:
	scripts/install-deps $(DEPS_GROUPS)
	$(MAKE) $(DEMO_TARGET)

bench:
	scripts/install-deps $(DEPS_GROUPS) bench
	$(MAKE) $(BENCH)

clean:
	rm -rf build build-san

-include $(shell find $(BUILD) -path '$(BUILD)/qemu*' -prune -o \
	     -path $(BUILD)/qemu-san -prune -o \
	     -name '*.d' -type f -print 2>/dev/null)
