# SPDX-License-Identifier: GPL-2.0-or-later
#
# crypto-chat: the program, the local demo (demo-local, the DEMO_TARGET
# until the VM demo replaces it) and, through bench/chat/bench.mk, the
# chat benchmark (bench-chat).  Needs lib/lib.mk (UCRYPTO_LIB,
# UCRYPTO_LDLIBS), which the top-level Makefile includes first.

CHAT_SRCS := $(addprefix chat/,main.c common.c net.c record.c secure.c \
	     cc-crypto.c room.c client.c term.c signals.c)
CHAT_OBJS := $(CHAT_SRCS:%.c=$(BUILD)/%.o)
CRYPTO_CHAT := $(BIN)/crypto-chat

PROGRAMS += $(CRYPTO_CHAT)

$(BUILD)/chat/%.o: CPPFLAGS += $(UCRYPTO_CPPFLAGS)

$(CRYPTO_CHAT): $(CHAT_OBJS) $(UCRYPTO_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $(CHAT_OBJS) $(UCRYPTO_LIB) \
		$(UCRYPTO_LDLIBS) -lreadline

.PHONY: demo-local
demo-local: $(CRYPTO_CHAT)
	chat/demo-local $(CRYPTO_CHAT)

-include bench/chat/bench.mk
