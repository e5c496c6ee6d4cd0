#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# fuzz.t: the random-chain fuzz of the device's virtqueues
# (tests/qtest/virtio-cryptodev-fuzz.c, in vcd-qtest), on its own, as TAP.
# Its first line gives the seed; VCD_FUZZ_SEED=N repeats a run,
# VCD_FUZZ_BATCHES=N makes it longer, VCD_FUZZ_VERBOSE=1 prints every
# chain.  QEMU's stderr (a line per virtio_error, expected here) goes to a
# log that is shown when the test fails.  VCD_QEMU_DIR picks another QEMU
# build, as for run-qtest.
set -eu

builddir=${BUILDDIR:-$(cd "$(dirname "$0")/../.." && pwd)/build}
qemudir=${VCD_QEMU_DIR:-$builddir/qemu}
bin=$qemudir/bin
if [ ! -x "$bin/vcd-qtest" ] || [ ! -x "$bin/qemu-system-x86_64" ]; then
	echo "1..0 # SKIP QEMU not built: run make qemu"
	exit 0
fi
QTEST_QEMU_BINARY=$bin/qemu-system-x86_64
export QTEST_QEMU_BINARY
fuzz=$("$bin/vcd-qtest" -l | grep '/virtio-cryptodev-pci.*/fuzz$' || true)
if [ -z "$fuzz" ]; then
	echo "1..1"
	echo "not ok 1 - vcd-qtest has no fuzz test (make qemu again?)"
	exit 1
fi
log=$qemudir/fuzz-stderr.log
rc=0
"$bin/vcd-qtest" --tap -p "$fuzz" 2>"$log" || rc=$?
echo "# QEMU and the test wrote $(wc -l <"$log") lines on stderr: $log"
if [ "$rc" != 0 ]; then
	echo "fuzz.t: vcd-qtest exited with $rc; the end of $log:" >&2
	tail -n 40 "$log" >&2
fi
exit "$rc"
