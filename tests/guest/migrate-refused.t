#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A destination that cannot take the sessions: its device keeps at most
# 8 bytes of an unfinished hash (-global ...migrate-hash-max=8, the
# destination's command line only), less than the HMAC that vcd-migrate
# has under way, so its post_load refuses the state.  QMP's return path
# tells the source, the migration is "failed", the guest gets "error"
# from the harness and goes on on the source, where every stream must
# still be right (vcd-migrate --refused): no silent corruption.
exec "$(dirname "$0")/run-in-guest" --migrate tcp --timeout 900 \
	--dst-qemu-arg -global \
	--dst-qemu-arg virtio-cryptodev-device.migrate-hash-max=8 \
	"$@" vcd-migrate --refused
