#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# In a fresh guest with two devices: unbind/rebind and rmmod/insmod with
# files open, and /dev/crypto moving to the second device (vcd-remove).
exec "$(dirname "$0")/run-in-guest" --qemu-arg -device \
	--qemu-arg virtio-cryptodev-pci vcd-remove "$@"
