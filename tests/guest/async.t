#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# CIOCASYNCCRYPT/CIOCASYNCFETCH and poll() (vcd-async), in fresh guests
# with two data queues and 32 device sessions.
#
# Test 1: a guest runs only many_in_flight_each_checked (one process
# submits 256 jobs before it fetches any), then this side reads the
# device's requests-in-flight-peak over QMP.  More than one means the jobs
# really overlapped on the host; a program that waits for each request,
# as every synchronous one does, never gets past 1.
# Then the whole program in a second guest: 256 jobs checked against
# OpenSSL, the errnos, files closed and processes killed with jobs in
# flight.  Its TAP follows, numbered from 2.
set -eu
src=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
if [ ! -x "$src/vm/run" ]; then
	echo "1..0 # SKIP vm/run is not there yet"
	exit 0
fi
opts="--device-opts queues=2,max-sessions=32"

tmp=$(mktemp -d)
vmpid=
cleanup() {
	[ -n "$vmpid" ] && kill "$vmpid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The guest's last line is the cue to read the counters while QEMU still
# runs (it sleeps, then QMP quits it).  The files exist before the loop
# reads them: the shell that opens them for vm/run may not have run yet.
: >"$tmp/out"
: >"$tmp/err"
"$src/vm/run" --quiet --timeout 900 --env VCD_REQUIRE=1 $opts \
	--qmp "$tmp/qmp.sock" "$@" \
	sh -c 'vcd-async many_in_flight_each_checked; rc=$?;
	       echo "# vcd: host, read the counters"; sleep 30; exit $rc' \
	>"$tmp/out" 2>"$tmp/err" &
vmpid=$!
while ! grep -q '^# vcd: host, read the counters' "$tmp/out"; do
	kill -0 "$vmpid" 2>/dev/null || break
	sleep 1
done
counters=$("$src/vm/qmp" --wait 10 "$tmp/qmp.sock" counters 2>&1 || true)
"$src/vm/qmp" "$tmp/qmp.sock" quit >/dev/null 2>&1 || true
wait "$vmpid" 2>/dev/null || true
vmpid=

sed 's/^/# first guest: /' "$tmp/out"
echo "$counters" | sed 's/^/# device: /'
peak=$(echo "$counters" | sed -n 's/^requests-in-flight-peak //p')
first=ok
if ! grep -q '^ok .*many_in_flight_each_checked' "$tmp/out" ||
   [ "${peak:-0}" -lt 2 ]; then
	first="not ok"
	sed 's/^/# vm: /' "$tmp/err"
fi
echo "$first 1 - one process's 256 jobs overlapped on the host: at most ${peak:-?} requests in flight at once"

# The whole program; its test numbers move up by one, and its plan, one
# more too, goes to the end (TAP has it first or last, and the first line
# is taken).  No plan from it, no plan at all: prove says so.
rc=0
"$src/tests/guest/run-in-guest" --timeout 1800 $opts "$@" vcd-async \
	>"$tmp/all" || rc=$?
awk '
	/^TAP version/ { next }
	/^1\.\.[0-9]+/ { plan = "1.." substr($1, 4) + 1; next }
	/^(not )?ok [0-9]+/ {
		n = ($1 == "not") ? 3 : 2
		$n = $n + 1
	}
	{ print }
	END { if (plan != "") print plan }
' "$tmp/all"
[ "$first" = ok ] && [ "$rc" = 0 ]
