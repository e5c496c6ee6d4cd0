#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# vm/run --migrate tcp|file, the harness alone (no device, no driver: any
# QEMU migrates such a guest): the guest asks to be moved in the middle
# of its command (vm-control migrate), its output before and after comes
# out whole and in order, the control port answers from the destination,
# and the exit status is the destination's.  tests/guest/migrate.t does
# it with the device and open sessions.
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
if [ -z "${VM_INITRD:-}" ] && [ ! -f "$build/vm/initramfs.cpio" ]; then
	echo "1..0 # SKIP no guest image (make vm-image)"
	exit 0
fi
export QEMU_BIN=$qemu

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
diag() { sed 's/^/# /' "$@"; }

echo "1..8"

# Lines before, a migration, lines after; the control port's answers go
# to stdout among them.
cmd='seq 1 2000; vm-control where; vm-control migrate; echo "migrate: $?"
     vm-control where; vm-control migrate; echo "again: $?"
     vm-control bogus; echo "bogus: $?"; seq 2001 4000; echo on-stderr >&2
     exit 7'
for mode in tcp file; do
	"$run" -q --no-device --no-driver --timeout 300 --migrate "$mode" \
		sh -c "$cmd" >"$tmp/out" 2>"$tmp/err"
	st=$?
	{
		seq 1 2000
		echo "ok source"
		echo "ok migrated $mode"
		echo "migrate: 0"
		echo "ok destination"
		echo "error migrated once already"
		echo "again: 1"
		echo "error unknown command bogus"
		echo "bogus: 1"
		seq 2001 4000
	} >"$tmp/want"
	cmp -s "$tmp/out" "$tmp/want"
	ok $? "--migrate $mode: the output before and after the move, in order, and the control port's answers from each side"
	cmp -s "$tmp/out" "$tmp/want" || diff "$tmp/want" "$tmp/out" | head -20 | diag
	[ "$st" = 7 ] && [ "$(sed -n 1p "$tmp/err")" = on-stderr ]
	ok $? "--migrate $mode: the destination's exit status (7: got $st) and stderr"
	[ "$st" = 7 ] && [ "$(sed -n 1p "$tmp/err")" = on-stderr ] || diag "$tmp/err"
	for l in $(sed -n 's/.*console log: \(.*\)$/\1/p' "$tmp/err"); do
		rm -rf "$(dirname "$l")"
	done
done

# The command lines: the destination's is the source's with its own
# sockets, the console log appended to, and -incoming.
"$run" --no-device --migrate tcp --qmp "$tmp/q.sock" --print-cmdline true \
	>"$tmp/cmd" 2>&1
sed -n '/^# the source/,/^# the destination/p' "$tmp/cmd" | grep -v '^#' |
	sed -e 's/-src\.sock/-X.sock/' -e 's/ \\$//' >"$tmp/src"
sed -n '/^# the destination/,$p' "$tmp/cmd" | grep -v '^#' |
	grep -v -e '^ *-incoming' | sed -e 's/-dst\.sock/-X.sock/' \
	-e 's/,append=on//' -e 's/ \\$//' >"$tmp/dst"
cmp -s "$tmp/src" "$tmp/dst" &&
	grep -q -- '-incoming tcp:127.0.0.1:0$' "$tmp/cmd" &&
	grep -q -- "-qmp unix:$tmp/q.sock," "$tmp/dst"
ok $? "--print-cmdline: the destination runs the source's command line, -incoming tcp:127.0.0.1:0"
cmp -s "$tmp/src" "$tmp/dst" || diff "$tmp/src" "$tmp/dst" | diag
"$run" --no-device --migrate file --print-cmdline true >"$tmp/cmd" 2>&1
grep -q -- "-incoming 'exec:cat .*/vmstate'$" "$tmp/cmd"
ok $? "--print-cmdline: --migrate file loads from -incoming 'exec:cat FILE'"

"$run" --migrate tcp --fwd 5555 true >/dev/null 2>"$tmp/err"
st=$?
[ "$st" = 125 ] && grep -q -- '--fwd does not go with --migrate tcp' "$tmp/err"
ok $? "--fwd with --migrate tcp is refused (125: got $st)"
"$run" --migrate udp true >/dev/null 2>"$tmp/err"
st=$?
[ "$st" = 125 ] && grep -q -- '--migrate wants tcp or file' "$tmp/err"
ok $? "--migrate udp is refused (125: got $st)"

exit $((fails > 0))
