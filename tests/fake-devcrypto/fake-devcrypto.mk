# SPDX-License-Identifier: GPL-2.0-or-later
#
# The fake /dev/crypto (tests/fake-devcrypto/fake-devcrypto.c) that host
# tests link instead of the real one: ucrypto's (lib/lib.mk) and the
# device core's (device/core/core.mk), which both include this fragment.
# It only sets variables, so including it twice is harmless.
#
#   FAKE_DEVCRYPTO_OBJS      link these into the test,
#   FAKE_DEVCRYPTO_WRAP      with these linker flags;
#   FAKE_DEVCRYPTO_CPPFLAGS  to include "fake-devcrypto.h"

FAKE_DEVCRYPTO_OBJS := $(BUILD)/tests/fake-devcrypto/fake-devcrypto.o
FAKE_DEVCRYPTO_WRAP := -Wl,--wrap=open,--wrap=close,--wrap=ioctl
FAKE_DEVCRYPTO_CPPFLAGS := -Itests/fake-devcrypto
