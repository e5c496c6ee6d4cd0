# SPDX-License-Identifier: GPL-2.0-or-later
#
# make bench-chat: message rate and latency through the crypto-chat room
# server, with 1, 10 and 100 members, plain and encrypted.  It prints a
# table, keeps the raw results in $(BUILD)/bench/chat, draws
# docs/bench/chat-rate.png and chat-latency.png with gnuplot, and
# rewrites the "## Chat" section of docs/benchmarks.md.
# Included by chat/chat.mk.

CHAT_BENCH := $(BUILD)/bench/chat/chat-bench
CHAT_BENCH_OBJS := $(BUILD)/bench/chat/chat-bench.o \
	$(addprefix $(BUILD)/chat/,record.o secure.o cc-crypto.o net.o)

BENCH += bench-chat

$(BUILD)/bench/chat/%.o: CPPFLAGS += -Ichat $(UCRYPTO_CPPFLAGS)

$(CHAT_BENCH): $(CHAT_BENCH_OBJS) $(UCRYPTO_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $(CHAT_BENCH_OBJS) $(UCRYPTO_LIB) \
		$(UCRYPTO_LDLIBS)

.PHONY: bench-chat
bench-chat: $(CRYPTO_CHAT) $(CHAT_BENCH)
	scripts/install-deps bench
	bench/chat/run $(CRYPTO_CHAT) $(CHAT_BENCH) $(BUILD)/bench/chat
