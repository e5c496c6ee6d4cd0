#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# OpenSSL's own devcrypto engine (engines/e_devcrypto.c of Debian's
# openssl source, built by tests/guest/build-devcrypto-engine into
# $BUILDDIR/openssl-engine) in a fresh guest, over our driver and device.
# The guest's half (tests/guest/openssl-engine-guest) checks what the
# engine takes and that `openssl enc`/`openssl dgst` through it match
# software OpenSSL; then this side reads the device's counters over QMP
# (as vm/demo does) to see that the work went to the host.
#
# openssl-engine.t [VM_RUN_OPTIONS...]: e.g. --file SRC=DEST.
set -eu
src=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${BUILDDIR:-$src/build}
export BUILDDIR=$build
if [ ! -x "$src/vm/run" ]; then
	echo "1..0 # SKIP vm/run is not there yet"
	exit 0
fi
if [ ! -f "$build/openssl-engine/devcrypto.so" ]; then
	echo "1..0 # SKIP no $build/openssl-engine/devcrypto.so (make check-build)"
	exit 0
fi

tmp=$(mktemp -d)
vmpid=
cleanup() {
	[ -n "$vmpid" ] && kill "$vmpid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The files exist before the loop below reads them: the shell that opens
# them for vm/run may not have run yet.
: >"$tmp/out"
: >"$tmp/err"
"$src/vm/run" --quiet --timeout "${ENGINE_TEST_TIMEOUT:-1500}" \
	--env VCD_REQUIRE=1 --qmp "$tmp/qmp.sock" "$@" vcd-openssl-engine \
	>"$tmp/out" 2>"$tmp/err" &
vmpid=$!

# The guest's TAP lines pass through as they come; its last line asks
# for the counters.
seen=0
while :; do
	lines=$(wc -l <"$tmp/out")
	if [ "$lines" -gt "$seen" ]; then
		sed -n "$((seen + 1)),${lines}p" "$tmp/out"
		seen=$lines
	fi
	grep -q '^# vcd: host, read the counters' "$tmp/out" && break
	kill -0 "$vmpid" 2>/dev/null || break
	sleep 1
done
sed -n "$((seen + 1)),\$p" "$tmp/out"
n=$(grep -c '^\(not \)\{0,1\}ok ' "$tmp/out" || true)

counters=
if grep -q '^# vcd: host, read the counters' "$tmp/out"; then
	counters=$("$src/vm/qmp" --wait 10 "$tmp/qmp.sock" counters || true)
	"$src/vm/qmp" "$tmp/qmp.sock" quit >/dev/null 2>&1 || true
fi
wait "$vmpid" 2>/dev/null || true
vmpid=

echo "$counters" | sed 's/^/# device: /'
requests=$(echo "$counters" | sed -n 's/^requests //p')
bytes=$(echo "$counters" | sed -n 's/^bytes //p')
# 17 ciphers x 2 (enc, dec) + 7 digests, 1 MiB each, at the least.
want=$((41 * 1048576))
n=$((n + 1))
if [ "${requests:-0}" -gt 0 ] && [ "${bytes:-0}" -ge "$want" ]; then
	echo "ok $n - the device's counters moved: $requests requests, $bytes bytes"
else
	echo "not ok $n - the device's counters moved: ${requests:-?} requests, ${bytes:-?} bytes (want >= $want bytes)"
	sed 's/^/# vm: /' "$tmp/err"
fi
echo "1..$n"
# The exit status says it too.
! grep -q '^not ok ' "$tmp/out" && [ "${bytes:-0}" -ge "$want" ]
