#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Guest suspend and resume: in a guest with ACPI S3 (vm/run --s3, booted
# from vmlinuz), vcd-suspend holds sessions, puts the guest to sleep
# (echo mem > /sys/power/state), and goes on after the host wakes it up;
# its results must still match OpenSSL.  This script is the host's side:
# it watches the guest over QMP and sends system_wakeup each time the
# guest is suspended.  The program's TAP passes through.
set -u
src=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${BUILDDIR:-$src/build}
if [ ! -x "$src/vm/run" ]; then
	echo "1..0 # SKIP vm/run is not there yet"
	exit 0
fi
if [ -z "${VM_KERNEL:-}" ] && [ ! -f "$build/vm/kernel/vmlinuz" ]; then
	echo "1..0 # SKIP no $build/vm/kernel/vmlinuz (make vm-image)"
	exit 0
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/vcd-suspend.XXXXXX")
trap 'rm -rf "$dir"' EXIT
sock=$dir/qmp.sock

"$src/vm/run" --quiet --s3 --qmp "$sock" --timeout 300 \
	--env VCD_REQUIRE=1 vcd-suspend "$@" &
pid=$!
woken=0
while kill -0 "$pid" 2>/dev/null; do
	status=$("$src/vm/qmp" "$sock" query-status 2>/dev/null)
	case "$status" in
	*'"suspended"'*)
		if "$src/vm/qmp" "$sock" system_wakeup >/dev/null 2>&1; then
			woken=$((woken + 1))
		fi
		;;
	esac
	sleep 2
done
wait "$pid"
rc=$?
echo "# the host woke the guest $woken time(s)"
exit "$rc"
