#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The VM harness itself (vm/run): exit statuses come back, stdout and
# stderr pass through unmangled, a hung guest is killed at the timeout and
# reported with its console log.  Each case boots a fresh guest.
set -u

src=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${BUILDDIR:-$src/build}
run=$src/vm/run
qemu=${QEMU_BIN:-$build/qemu/bin/qemu-system-x86_64}
export BUILDDIR=$build

if ! command -v "$qemu" >/dev/null 2>&1; then
	echo "1..0 # SKIP no QEMU at $qemu (make qemu)"
	exit 0
fi
if [ ! -f "$build/vm/initramfs.cpio" ]; then
	echo "1..0 # SKIP no guest image (make vm-image)"
	exit 0
fi
export QEMU_BIN=$qemu

# Boot with the device when this QEMU has it; the harness is what is
# tested here, not the device.
opts=-q
if ! "$qemu" -L /usr/share/qemu -device help 2>/dev/null |
	grep -q '"virtio-cryptodev-pci"'; then
	opts="$opts --no-device"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0
ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fails=$((fails + 1))
	fi
}
# vm_run TIMEOUT ARGS...: run the guest; stdout, stderr and status land in
# $tmp/out, $tmp/err and $st.
vm_run() {
	t=$1
	shift
	"$run" $opts --timeout "$t" "$@" >"$tmp/out" 2>"$tmp/err"
	st=$?
	# Failing commands keep their console log: drop it, except the
	# timeout case, which looks at it.
	if [ "$t" != 30 ]; then
		for l in $(sed -n 's/.*console log: \(.*\)$/\1/p' "$tmp/err"); do
			rm -rf "$(dirname "$l")"
		done
	fi
}
diag() { sed 's/^/# /' "$@"; }

echo "1..11"
[ "$opts" = -q ] || echo "# this QEMU has no virtio-cryptodev-pci: booting without it"

vm_run 60 true
ok $((st != 0)) "true exits 0 (got $st)"
[ "$st" = 0 ] || diag "$tmp/err"

vm_run 60 'exit 3'
ok $((st != 3)) "'exit 3' exits 3 (got $st)"

echo filedata >"$tmp/f"
vm_run 60 --env "V=a b'c" --file "$tmp/f=/root/d/f" \
	sh -c '[ "$V" = "a b'"'"'c" ] && [ "$(cat /root/d/f)" = filedata ] && exit 5'
ok $((st != 5)) "an argument vector keeps its words, with --env and --file (got $st)"

vm_run 60 'printf "1..2\nok 1 - a\nok 2 - b # it'"'"'s \\\\ raw\n"; echo to-stderr >&2'
printf '1..2\nok 1 - a\nok 2 - b # it'"'"'s \\ raw\n' >"$tmp/want"
cmp -s "$tmp/out" "$tmp/want"
ok $? "stdout passes through byte for byte (no CR, no kernel lines)"
cmp -s "$tmp/out" "$tmp/want" || { diag "$tmp/out"; od -c "$tmp/out" | head -5 | diag; }
grep -qx to-stderr "$tmp/err"
ok $? "stderr comes out on stderr"

big=200000
vm_run 120 "head -c $big /dev/zero | tr '\\\\0' x"
size=$(wc -c <"$tmp/out")
ok $((size != big)) "a large output arrives whole ($size of $big bytes)"

start=$(date +%s)
vm_run 30 'echo started; sleep 1000'
took=$(($(date +%s) - start))
ok $((st != 124 || took > 60)) "a hung command is killed at the timeout (status $st after ${took}s)"
log=$(sed -n 's/.*TIMEOUT.*console log: \(.*\)$/\1/p' "$tmp/err")
[ -n "$log" ] && [ -s "$log" ] && grep -q 'vm-init: running the command' "$log"
ok $? "the timeout is reported with the kept console log ($log)"
[ -n "$log" ] && rm -rf "$(dirname "$log")"

# A guest that dies (a kernel panic here) gives no status: 125 and its log.
vm_run 60 'echo 1 >/proc/sys/kernel/sysrq; echo c >/proc/sysrq-trigger; sleep 100'
grep -q 'without an exit status.*console log: ' "$tmp/err"
ok $((st != 125 || $? != 0)) "a guest that panics fails with 125 and its console log (got $st)"

# A forwarded port and QMP, in one guest: the guest serves one line on
# PORT; the host reads it through 127.0.0.1:PORT and asks QMP meanwhile.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$run" $opts --timeout 90 --fwd "$port" --qmp "$tmp/qmp.sock" \
	"echo from-guest | nc -l -p $port" >"$tmp/out" 2>"$tmp/err" &
vm=$!
"$src/vm/qmp" --wait 30 "$tmp/qmp.sock" query-status >"$tmp/qmp" 2>&1
grep -q '"running": true' "$tmp/qmp"
ok $? "QMP answers on --qmp SOCKET"
python3 - "$port" >"$tmp/net" 2>&1 <<'PY'
import socket, sys, time
port = int(sys.argv[1])
end = time.monotonic() + 60
while time.monotonic() < end:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            data = s.recv(100)
            if data:
                print(data.decode().strip())
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.3)
sys.exit(1)
PY
grep -qx from-guest "$tmp/net"
ok $? "--fwd $port reaches a server in the guest"
wait "$vm"

exit $((fails > 0))
