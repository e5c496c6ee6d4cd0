# SPDX-License-Identifier: GPL-2.0-or-later
#
# ucrypto, the userland crypto library (lib/), its known-answer test
# (tests/lib) and the shared test vectors (tests/vectors).
#
#   make ucrypto        $(UCRYPTO_LIB)
#   make ucrypto-kat    the test: $(UCRYPTO_KAT), $(UCRYPTO_KAT_FAKE)
#                       (fake /dev/crypto) and the static guest build
#                       $(UCRYPTO_KAT_GUEST), all run by `make check`
#
# Users link $(UCRYPTO_LIB) $(UCRYPTO_LDLIBS) and include "ucrypto.h"
# with $(UCRYPTO_CPPFLAGS).  The vectors are plain C data: link
# $(VECTORS_OBJS) and include "vectors.h" with $(VECTORS_CPPFLAGS).

UCRYPTO_SRCS := lib/ucrypto.c lib/provider-devcrypto.c lib/provider-openssl.c
UCRYPTO_OBJS := $(UCRYPTO_SRCS:%.c=$(BUILD)/%.o)
UCRYPTO_LIB := $(BUILD)/lib/libucrypto.a
UCRYPTO_LDLIBS := -lcrypto
UCRYPTO_CPPFLAGS := -Ilib

VECTORS_SRCS := tests/vectors/vectors.c
VECTORS_OBJS := $(VECTORS_SRCS:%.c=$(BUILD)/%.o)
VECTORS_CPPFLAGS := -Itests/vectors

$(UCRYPTO_LIB): $(UCRYPTO_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

UCRYPTO_KAT := $(BUILD)/tests/lib/ucrypto-kat

$(BUILD)/tests/lib/%.o: CPPFLAGS += $(UCRYPTO_CPPFLAGS) $(VECTORS_CPPFLAGS)

$(UCRYPTO_KAT): $(BUILD)/tests/lib/ucrypto-kat.o $(VECTORS_OBJS) \
		$(UCRYPTO_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(UCRYPTO_LDLIBS)

# The same test against the fake /dev/crypto of tests/fake-devcrypto
# that wraps open/close/ioctl: the devcrypto provider runs on the host.
include tests/fake-devcrypto/fake-devcrypto.mk
UCRYPTO_KAT_FAKE := $(BUILD)/tests/lib/ucrypto-kat-fake

$(BUILD)/tests/lib/ucrypto-kat-fake.o: tests/lib/ucrypto-kat.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -DKAT_FAKE_DEVCRYPTO $(CFLAGS) -c -o $@ $<

$(UCRYPTO_KAT_FAKE): $(BUILD)/tests/lib/ucrypto-kat-fake.o \
		     $(FAKE_DEVCRYPTO_OBJS) $(VECTORS_OBJS) $(UCRYPTO_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $(FAKE_DEVCRYPTO_WRAP) -o $@ $^ $(UCRYPTO_LDLIBS)

.PHONY: ucrypto ucrypto-kat
ucrypto: $(UCRYPTO_LIB)
ucrypto-kat: $(UCRYPTO_KAT) $(UCRYPTO_KAT_FAKE)

CHECK_BUILD += $(UCRYPTO_LIB) $(UCRYPTO_KAT) $(UCRYPTO_KAT_FAKE)
HOST_TESTS += $(UCRYPTO_KAT) $(UCRYPTO_KAT_FAKE)

# In the guest, against the driver's /dev/crypto: a static build that the
# VM harness (vm/vm.mk) puts in the guest's /usr/local/bin, run there by
# tests/lib/ucrypto-kat-guest.t.  Never sanitized: it runs in the guest.
ifneq ($(SANITIZE),1)
UCRYPTO_KAT_GUEST := $(BUILD)/tests/lib/guest/ucrypto-kat

$(UCRYPTO_KAT_GUEST): $(BUILD)/tests/lib/ucrypto-kat.o $(VECTORS_OBJS) \
		      $(UCRYPTO_LIB)
	@mkdir -p $(@D)
	$(CC) -o $@ $^ -static $(UCRYPTO_LDLIBS) -pthread -Wl,-w

ucrypto-kat: $(UCRYPTO_KAT_GUEST)
GUEST_BIN += $(UCRYPTO_KAT_GUEST)
CHECK_BUILD += $(UCRYPTO_KAT_GUEST)
FULL_TESTS += tests/lib/ucrypto-kat-guest.t
endif
