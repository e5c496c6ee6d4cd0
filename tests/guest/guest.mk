# SPDX-License-Identifier: GPL-2.0-or-later
#
# In-guest tests: static programs (the guest root is a busybox initramfs)
# that exercise /dev/crypto, and the host-side TAP wrappers that run each
# in a fresh guest through vm/run.  Included from driver/driver.mk.
#
# The programs link OpenSSL's libcrypto statically as the reference; they
# are never sanitized (they run in the guest), so SANITIZE=1 skips them.

GUEST_TEST_NAMES := kat authenc errno zerocopy stress remove harden sesslimit \
	destroy suspend async migrate
GUEST_TEST_DIR := $(BUILD)/tests/guest
GUEST_TEST_PROGS := $(addprefix $(GUEST_TEST_DIR)/vcd-,$(GUEST_TEST_NAMES))
GUEST_TEST_CFLAGS := -O2 -g -std=gnu11 -Wall -Wextra -Wshadow \
	-Wno-unused-parameter -Wno-missing-field-initializers \
	-Iinclude -Itests/guest -D_GNU_SOURCE -MMD -MP
GUEST_TEST_LIBS := -static -lcrypto -pthread

# The VM harness puts these in the guest's /usr/local/bin (vm/vm.mk; it
# already adds the module, $(DRIVER_KO), to GUEST_MODULES).
GUEST_BIN += $(GUEST_TEST_PROGS)

# The compat ioctls: a 32-bit static program (gcc -m32, from
# gcc-multilib) with the harness and the shared vectors, and without
# OpenSSL, which has no 32-bit build here.
GUEST_TEST32 := $(GUEST_TEST_DIR)/vcd-compat32
GUEST_TEST32_SRCS := tests/guest/compat32.c tests/guest/harness.c \
	tests/guest/dc.c tests/vectors/vectors.c tests/vectors/vectors-more.c
GUEST_BIN += $(GUEST_TEST32)

# The device core's unit tests run in the guest too, through its devcrypto
# engine against our /dev/crypto (device/core/core.mk builds the binary).
GUEST_BIN += $(VCD_CORE_TEST_STATIC)

# probe.t: a test module that takes the name "crypto" (built with Kbuild
# like the driver, not loaded at boot) and the script that uses it.
GUEST_SQUAT_STAGE := $(GUEST_TEST_DIR)/squat$(GUEST_KSUFFIX)
GUEST_SQUAT_KO := $(GUEST_SQUAT_STAGE)/vcd_squat.ko
GUEST_FILES += $(GUEST_SQUAT_KO)=/usr/lib/vcd-test/vcd_squat.ko
GUEST_FILES += tests/guest/probe-taken.sh=/usr/local/bin/vcd-probe-taken
# OpenSSL's own devcrypto engine (tests/guest/openssl-engine.t): built
# from Debian's openssl source package into $(BUILD)/openssl-engine, and
# put in the guest with the openssl program, the legacy provider (for
# the software side of the comparisons) and the guest's half of the test.
GUEST_ENGINE_DIR := $(BUILD)/openssl-engine
GUEST_ENGINE_SO := $(GUEST_ENGINE_DIR)/devcrypto.so
GUEST_MULTIARCH := $(shell dpkg-architecture -qDEB_HOST_MULTIARCH \
	2>/dev/null || echo x86_64-linux-gnu)
GUEST_OSSL_LIB := /usr/lib/$(GUEST_MULTIARCH)
GUEST_FILES += $(GUEST_ENGINE_SO)=$(GUEST_OSSL_LIB)/engines-3/devcrypto.so
GUEST_FILES += $(GUEST_OSSL_LIB)/ossl-modules/legacy.so=$(GUEST_OSSL_LIB)/ossl-modules/legacy.so
GUEST_FILES += tests/guest/openssl-engine-guest=/usr/local/bin/vcd-openssl-engine
GUEST_BIN += /usr/bin/openssl

$(GUEST_ENGINE_SO): tests/guest/build-devcrypto-engine \
		include/crypto/cryptodev.h
	tests/guest/build-devcrypto-engine $(GUEST_ENGINE_DIR)

ifneq ($(SANITIZE),1)
CHECK_BUILD += $(GUEST_ENGINE_SO)
FULL_TESTS += tests/guest/openssl-engine.t
CHECK_BUILD += $(GUEST_TEST_PROGS) $(GUEST_TEST32) $(VCD_CORE_TEST_STATIC)
CHECK_BUILD += $(GUEST_SQUAT_KO)
FULL_TESTS += tests/guest/probe.t
FULL_TESTS += $(addprefix tests/guest/,$(addsuffix .t,$(GUEST_TEST_NAMES)))
FULL_TESTS += tests/guest/compat32.t
FULL_TESTS += tests/guest/migrate-file.t tests/guest/migrate-stale.t \
	tests/guest/migrate-refused.t
FULL_TESTS += tests/device/core-devcrypto-guest.t
endif

.PHONY: guest-tests
.PRECIOUS: $(GUEST_TEST_DIR)/%.o
guest-tests: $(GUEST_TEST_PROGS) $(GUEST_TEST32) $(GUEST_SQUAT_KO)

$(GUEST_SQUAT_STAGE)/%: tests/guest/squat/%
	@mkdir -p $(@D)
	cp $< $@

$(GUEST_SQUAT_KO): $(GUEST_SQUAT_STAGE)/vcd_squat.c \
		$(GUEST_SQUAT_STAGE)/Kbuild | driver-headers
	$(MAKE) -C '$(DRIVER_KDIR)' M='$(abspath $(GUEST_SQUAT_STAGE))' \
		W=1 KCFLAGS=-Werror modules

$(GUEST_TEST_DIR)/%.o: tests/guest/%.c
	@mkdir -p $(@D)
	$(CC) $(GUEST_TEST_CFLAGS) -c -o $@ $<

# -Wl,-w: glibc's warnings that static getaddrinfo/dlopen need its own
# version at run time; libcrypto's socket and DSO code is never used here.
$(GUEST_TEST_DIR)/vcd-%: $(GUEST_TEST_DIR)/%.o $(GUEST_TEST_DIR)/harness.o \
		$(GUEST_TEST_DIR)/dc.o $(GUEST_TEST_DIR)/ref.o
	$(CC) -o $@ $^ $(GUEST_TEST_LIBS) -Wl,-w

# vcd-authenc checks the shared TLS and SRTP vectors too.
$(GUEST_TEST_DIR)/vcd-authenc: $(GUEST_TEST_DIR)/vectors-authenc.o
$(GUEST_TEST_DIR)/authenc.o: GUEST_TEST_CFLAGS += -Itests/vectors
$(GUEST_TEST_DIR)/vectors-authenc.o: tests/vectors/vectors-authenc.c
	@mkdir -p $(@D)
	$(CC) $(GUEST_TEST_CFLAGS) -Itests/vectors -c -o $@ $<

$(GUEST_TEST32): $(GUEST_TEST32_SRCS) tests/guest/harness.h tests/guest/dc.h \
		tests/vectors/vectors.h include/crypto/cryptodev.h
	@mkdir -p $(@D)
	$(CC) -m32 $(filter-out -MMD -MP,$(GUEST_TEST_CFLAGS)) -Itests/vectors \
		-o $@ $(GUEST_TEST32_SRCS) -static
