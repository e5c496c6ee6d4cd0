# SPDX-License-Identifier: GPL-2.0-or-later
#
# End-to-end tests of crypto-chat (Python 3, standard library only).  They
# run build/bin/crypto-chat, or build-san/bin/crypto-chat under SANITIZE=1,
# through $(BUILDDIR); tests/chat/chattest.py is their shared helper.

CHAT_TESTS := \
	tests/chat/genkey.t \
	tests/chat/relay.t \
	tests/chat/many-clients.t \
	tests/chat/tamper.t \
	tests/chat/negative.t \
	tests/chat/idle.t \
	tests/chat/slow-member.t \
	tests/chat/pipe-mode.t \
	tests/chat/providers.t \
	tests/chat/long-lines.t \
	tests/chat/ipv6.t \
	tests/chat/commands.t \
	tests/chat/tty.t \
	tests/chat/compat.t

HOST_TESTS += $(CHAT_TESTS)
