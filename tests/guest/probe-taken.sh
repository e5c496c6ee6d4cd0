#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# In the guest (tests/guest/probe.t): with /dev/crypto taken by another
# misc device (the test module vcd_squat, standing in for
# cryptodev-linux), the driver still binds and serves /dev/cryptodev0,
# and says so in the kernel log.  TAP on stdout.
n=0
fails=0
t() {
	what=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $what"
	else
		echo "not ok $n - $what"
		fails=$((fails + 1))
	fi
}
not_ours() {
	# Ours has the virtio device as its parent; the test module none.
	[ -e /sys/class/misc/crypto ] && [ ! -e /sys/class/misc/crypto/device ]
}
kat() {
	DEVCRYPTO=/dev/cryptodev0 vcd-kat >/tmp/kat.out 2>&1 && return 0
	tail -n 5 /tmp/kat.out | sed 's/^/# /'
	return 1
}
bound() {
	ls /sys/bus/virtio/drivers/virtio_cryptodev/ 2>/dev/null |
		grep -q '^virtio'
}

echo 1..9
ko=$(grep virtio_cryptodev /etc/vm/extra-modules)
t "our module was loaded at boot" grep -q '^virtio_cryptodev ' /proc/modules
t "it is unloaded" rmmod virtio_cryptodev
t "the test module takes /dev/crypto" insmod /usr/lib/vcd-test/vcd_squat.ko
t "our module loads again" insmod "$ko"
t "and binds to the device" bound
t "/dev/cryptodev0 is there" test -c /dev/cryptodev0
t "the log says that /dev/crypto is taken" \
	sh -c 'dmesg | grep -q "/dev/crypto is taken"'
t "/dev/crypto stays the other driver's" not_ours
t "the device works through /dev/cryptodev0 (vcd-kat)" kat
[ "$fails" = 0 ]
