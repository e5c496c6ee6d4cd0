# SPDX-License-Identifier: GPL-2.0-or-later
#
# The device core (device/core), its host unit tests (tests/device), its
# fuzzer (device/fuzz) and its benchmark (bench/device).
#
#   make vcd-core          the core as a static library
#   make check             runs tests/device/core-test (openssl engine;
#                          devcrypto is skipped without /dev/crypto),
#                          core-test-fakedev (the devcrypto engine on a
#                          stand-in /dev/crypto) and a bounded libFuzzer
#                          run (FUZZ_RUNS=20000)
#   make fuzz [FUZZ_TIME=300]  a longer fuzzing run, corpus kept in
#                          $(BUILD)/device/fuzz/corpus
#   make bench-device      core vs. direct EVP throughput: a table and
#                          docs/bench/device-throughput.png (raw data in
#                          $(BUILD)/bench/device), written to the Device
#                          section of docs/benchmarks.md
#
# In a guest: core-test-static --engine=devcrypto [--devcrypto-path=P]
# ($(BUILD)/tests/device/core-test-static, statically linked)

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
VCD_TEST_COMMON := tests/device/reqbuild.c tests/device/test-util.c \
	tests/device/core-kat.c tests/device/core-harden.c \
	tests/device/core-migrate.c tests/device/core-sg.c
VCD_VECTORS_SRCS := $(wildcard tests/vectors/*.c)
VCD_CORE_TEST := $(BUILD)/tests/device/core-test

# Fault injection and the free() watch of tests/device/fault.c: in the
# host binaries only (the static one for the guest skips those tests).
VCD_FAULT_OBJS := $(BUILD)/tests/device/fault.o
VCD_FAULT_WRAP := \
	-Wl,--wrap=EVP_CipherUpdate,--wrap=EVP_CIPHER_fetch,--wrap=free

$(VCD_CORE_TEST): $(BUILD)/tests/device/core-test.o $(VCD_FAULT_OBJS) \
		  $(VCD_TEST_COMMON:%.c=$(BUILD)/%.o) \
		  $(VCD_VECTORS_SRCS:%.c=$(BUILD)/%.o) $(VCD_CORE_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $(VCD_FAULT_WRAP) -o $@ $^ $(VCD_LIBS)

CHECK_BUILD += $(VCD_CORE_TEST)
HOST_TESTS += $(VCD_CORE_TEST)

# A static build of the same test for the guest image (no libcrypto
# there): core-test-static --engine=devcrypto runs the known answers and
# the malformed requests through the guest's /dev/crypto.  Not in check;
# the VM image picks it up.  (glibc warns about getaddrinfo in libcrypto:
# harmless, the test never resolves names.)
VCD_CORE_TEST_STATIC := $(BUILD)/tests/device/core-test-static

$(VCD_CORE_TEST_STATIC): $(BUILD)/tests/device/core-test.o \
		  $(VCD_TEST_COMMON:%.c=$(BUILD)/%.o) \
		  $(VCD_VECTORS_SRCS:%.c=$(BUILD)/%.o) $(VCD_CORE_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -static -o $@ $^ $(VCD_LIBS) -ldl 2>&1 | \
		grep -v 'statically linked applications\|in function' >&2 || true
	@test -x $@

# The same tests through the devcrypto engine, with a stand-in for the
# host's /dev/crypto linked in (tests/fake-devcrypto); core-test.c names
# its path, FAKE_DEVCRYPTO_PATH.
include tests/fake-devcrypto/fake-devcrypto.mk
VCD_FAKEDEV_TEST := $(BUILD)/tests/device/core-test-fakedev

$(BUILD)/tests/device/core-test.o $(BUILD)/tests/device/core-test-fakedev.o \
$(BUILD)/tests/device/core-harden.o \
$(BUILD)/tests/device/core-migrate.o: CPPFLAGS += $(FAKE_DEVCRYPTO_CPPFLAGS)

$(BUILD)/tests/device/core-test-fakedev.o: tests/device/core-test.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -DFAKE_DEVCRYPTO -c -o $@ $<

$(VCD_FAKEDEV_TEST): $(BUILD)/tests/device/core-test-fakedev.o \
		     $(FAKE_DEVCRYPTO_OBJS) $(VCD_FAULT_OBJS) \
		     $(VCD_TEST_COMMON:%.c=$(BUILD)/%.o) \
		     $(VCD_VECTORS_SRCS:%.c=$(BUILD)/%.o) $(VCD_CORE_LIB)
	$(CC) $(LDFLAGS) $(FAKE_DEVCRYPTO_WRAP) $(VCD_FAULT_WRAP) -o $@ $^ \
		$(VCD_LIBS)

CHECK_BUILD += $(VCD_FAKEDEV_TEST)
HOST_TESTS += $(VCD_FAKEDEV_TEST)

# ---- fuzzing (clang, libFuzzer + ASan + UBSan; its own flags) ----
DEPS_GROUPS += fuzz
FUZZ_CC ?= clang
FUZZ_RUNS ?= 20000
FUZZ_TIME ?= 300
VCD_FUZZ_DIR := $(BUILD)/device/fuzz
VCD_FUZZER := $(VCD_FUZZ_DIR)/fuzz-core
VCD_FUZZ_SEEDS := $(VCD_FUZZ_DIR)/seeds
VCD_FUZZ_TEST := $(VCD_FUZZ_DIR)/fuzz-test

$(VCD_FUZZER): device/fuzz/fuzz-core.c device/fuzz/fuzz-input.h \
	       $(VCD_CORE_SRCS) $(wildcard device/core/*.h) \
	       include/virtio_cryptodev.h
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=gnu11 -g -O1 -D_GNU_SOURCE -Iinclude \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ device/fuzz/fuzz-core.c $(VCD_CORE_SRCS) $(VCD_LIBS)

$(VCD_FUZZ_DIR)/gen-seeds: $(BUILD)/device/fuzz/gen-seeds.o \
			   $(BUILD)/tests/device/reqbuild.o $(VCD_CORE_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(VCD_LIBS)

$(VCD_FUZZ_SEEDS)/.stamp: $(VCD_FUZZ_DIR)/gen-seeds
	rm -rf $(@D) && mkdir -p $(@D)
	$(VCD_FUZZ_DIR)/gen-seeds $(@D)
	touch $@

# The TAP test that `make check` runs: a bounded run from the seeds.
$(VCD_FUZZ_TEST): device/fuzz/run-fuzz $(VCD_FUZZER) $(VCD_FUZZ_SEEDS)/.stamp
	printf '#!/bin/sh\nexec %s %s %s %s\n' $(abspath device/fuzz/run-fuzz) \
		$(abspath $(VCD_FUZZER)) $(abspath $(VCD_FUZZ_SEEDS)) \
		$(FUZZ_RUNS) >$@
	chmod +x $@

CHECK_BUILD += $(VCD_FUZZ_TEST)
HOST_TESTS += $(VCD_FUZZ_TEST)

# A longer run that keeps what it finds in $(VCD_FUZZ_DIR)/corpus.
.PHONY: fuzz
fuzz: $(VCD_FUZZER) $(VCD_FUZZ_SEEDS)/.stamp
	scripts/install-deps fuzz
	mkdir -p $(VCD_FUZZ_DIR)/corpus
	$(VCD_FUZZER) -max_total_time=$(FUZZ_TIME) -timeout=20 -max_len=8192 \
		-print_final_stats=1 -artifact_prefix=$(VCD_FUZZ_DIR)/ \
		$(VCD_FUZZ_DIR)/corpus $(VCD_FUZZ_SEEDS)

# ---- benchmark ----
VCD_BENCH := $(BUILD)/bench/device/bench-core

$(VCD_BENCH): $(BUILD)/bench/device/bench-core.o \
	      $(BUILD)/tests/device/reqbuild.o $(VCD_CORE_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(VCD_LIBS)

.PHONY: bench-device
bench-device: $(VCD_BENCH)
	scripts/install-deps bench
	bench/device/bench-device $(VCD_BENCH) docs/benchmarks.md \
		$(BUILD)/bench/device docs/bench/device-throughput.png

BENCH += bench-device
