#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# san-log.t: fails when the sanitized QEMU (device/qemu/build-qemu
# --sanitize, make check-qemu-san) printed an ASan or UBSan report: its
# wrapper keeps each QEMU's stderr in $VCD_QEMU_DIR/san-logs/stderr.PID.
# make check-qemu-san empties that directory first and runs this last.
set -eu

builddir=${BUILDDIR:-$(cd "$(dirname "$0")/../.." && pwd)/build}
logs=${VCD_QEMU_DIR:-$builddir/qemu-san}/san-logs
if [ ! -d "$logs" ]; then
	echo "1..0 # SKIP no sanitized QEMU: run make qemu-san"
	exit 0
fi
echo "1..1"
pattern='ERROR: [A-Za-z]+Sanitizer|runtime error:|SUMMARY: [A-Za-z]+Sanitizer'
reports=$(grep -l -E "$pattern" "$logs"/* 2>/dev/null || true)
if [ -z "$reports" ]; then
	echo "ok 1 - no sanitizer report from QEMU in $logs"
	exit 0
fi
echo "not ok 1 - sanitizer reports from QEMU in $logs"
for r in $reports; do
	echo "# ---- $r"
	sed 's/^/# /' "$r"
done
exit 1
