# SPDX-License-Identifier: GPL-2.0-or-later
#
# The device core (device/core), its host unit tests (tests/device), its
# fuzzer (device/fuzz) and its benchmark (bench/device).
#
#   make vcd-core          the core as a static library
#   make check             runs tests/device/core-test (openssl engine;
#                          devcrypto is skipped without /dev/crypto) and,
#                          without SANITIZE, a short libFuzzer run
#   make fuzz [FUZZ_TIME=60]   a longer fuzzing run
#   make bench-device      core vs. direct EVP throughput table

VCD_CORE_SRCS := $(wildcard device/core/*.c)
VCD_CORE_OBJS := $(VCD_CORE_SRCS:%.c=$(BUILD)/%.o)
VCD_CORE_LIB := $(BUILD)/device/core/libvcd-core.a
VCD_LIBS := -lcrypto -lpthread

# The core also builds inside QEMU: hold it to QEMU's warnings.
VCD_QEMU_WARN := -Wmissing-prototypes -Wstrict-prototypes \
	-Wold-style-definition -Wredundant-decls -Wtype-limits -Wundef \
	-Wwrite-strings -Wimplicit-fallthrough=2 -Wshadow=local \
	-Wno-unused-parameter -Wno-missing-field-initializers
$(BUILD)/device/core/%.o: CFLAGS += $(VCD_QEMU_WARN)

$(VCD_CORE_LIB): $(VCD_CORE_OBJS)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

.PHONY: vcd-core
vcd-core: $(VCD_CORE_LIB)

# ---- host unit tests ----
VCD_TEST_COMMON := tests/device/reqbuild.c tests/device/kat.c
VCD_VECTORS_SRCS := $(wildcard tests/vectors/*.c)
VCD_CORE_TEST := $(BUILD)/tests/device/core-test

$(VCD_CORE_TEST): $(BUILD)/tests/device/core-test.o \
		  $(VCD_TEST_COMMON:%.c=$(BUILD)/%.o) \
		  $(VCD_VECTORS_SRCS:%.c=$(BUILD)/%.o) $(VCD_CORE_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(VCD_LIBS)

HOST_TESTS += $(VCD_CORE_TEST)
