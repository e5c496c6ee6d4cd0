#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# DKMS on this machine, the way docs/driver.md tells a user to do it:
# build/dkms/virtio-cryptodev-VERSION.tar.gz (make driver-dkms) unpacked
# in /usr/src, then dkms add, and dkms build and install for the 6.1 and
# the 6.12 kernel (scripts/guest-kernel-version), with their headers.
#
# It installs dkms (scripts/install-deps dkms) and the headers
# (make driver-headers) when they are missing.  Afterwards it removes
# everything it made: dkms remove --all, the tree in /usr/src, the MOK key
# that dkms makes on its first build, and depmod's files for a kernel that
# had none; then it checks that /lib/modules/RELEASE is as it was.
# Root only; it skips when the package is already known to DKMS here.
set -u

src=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${BUILDDIR:-$src/build}
export BUILDDIR=$build
name=virtio-cryptodev
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$src/driver/dkms.conf")
tgz=$build/dkms/$name-$ver.tar.gz
series="6.1 6.12"

skip() { echo "1..0 # SKIP $*"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root"
[ -f "$tgz" ] || skip "no $tgz (make driver-dkms)"
if [ -e "/usr/src/$name-$ver" ] || [ -e "/var/lib/dkms/$name" ]; then
	skip "$name is already in DKMS on this machine; not touching it"
fi

tmp=$(mktemp -d)
log=$tmp/log
n=0
fails=0
ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fails=$((fails + 1))
		sed 's/^/# /' "$log" | tail -n 30
	fi
}
# Run a command with its output in $log; its status in $rc.
run() {
	"$@" >"$log" 2>&1
	rc=$?
}

# What `make` in a test must not inherit from a `make check` around it.
mk() { env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s -C "$src" "$@"; }

if ! "$src/scripts/install-deps" dkms >"$log" 2>&1; then
	echo "Bail out! cannot install dkms"
	sed 's/^/# /' "$log"
	exit 1
fi
kvers=
for s in $series; do
	k=$("$src/scripts/guest-kernel-version" "$s") &&
		mk GUEST_KERNEL="$s" driver-headers >"$log" 2>&1 || {
		echo "Bail out! no headers for the $s kernel"
		sed 's/^/# /' "$log"
		exit 1
	}
	kvers="$kvers $k"
done

# Every entry of /lib/modules/RELEASE, and what depmod's files hold.
snapshot() {
	find "/lib/modules/$1" -printf '%y %P\n' | LC_ALL=C sort
	find "/lib/modules/$1" -maxdepth 1 -type f -name 'modules.*' \
		-exec sha256sum {} + | LC_ALL=C sort
}
for k in $kvers; do
	snapshot "$k" >"$tmp/before-$k"
	find "/lib/modules/$k" -printf '%P\n' >"$tmp/paths-$k"
done
had_mok=0
[ -e /var/lib/dkms/mok.key ] && had_mok=1

cleanup() {
	dkms remove -m "$name" -v "$ver" --all >/dev/null 2>&1
	rm -rf "/usr/src/$name-$ver"
	if [ "$had_mok" = 0 ]; then
		rm -f /var/lib/dkms/mok.key /var/lib/dkms/mok.pub
	fi
	# What depmod wrote for a kernel whose modules.* were not there
	# (6.1 here: its headers are installed, not its image).
	for k in $kvers; do
		find "/lib/modules/$k" -depth -printf '%P\n' |
			grep -vxF -f "$tmp/paths-$k" |
			while read -r p; do
				rm -df "/lib/modules/$k/$p"
			done
	done
}
trap 'cleanup; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

nk=$(echo $kvers | wc -w)
echo "1..$((2 + 5 * nk))"

run tar -C /usr/src -xzf "$tgz"
[ "$rc" = 0 ] && run dkms add -m "$name" -v "$ver"
ok "$rc" "dkms add $name/$ver"

for k in $kvers; do
	run dkms build -m "$name" -v "$ver" -k "$k"
	[ "$rc" = 0 ] ||
		cat "/var/lib/dkms/$name/$ver/build/make.log" >>"$log" 2>&1
	ok "$rc" "dkms build -k $k"
	run dkms install -m "$name" -v "$ver" -k "$k"
	ok "$rc" "dkms install -k $k"
	ko=$(find "/lib/modules/$k/updates" -name 'virtio_cryptodev.ko*' \
		2>/dev/null | head -n 1)
	magic=$(modinfo -F vermagic "$ko" 2>/dev/null)
	echo "installed: ${ko:-nothing}; vermagic: $magic" >"$log"
	case "$magic" in
	"$k "*) rc=0 ;;
	*) rc=1 ;;
	esac
	ok "$rc" "the installed module is built for $k"
	dkms status -m "$name" -v "$ver" -k "$k" >"$log" 2>&1
	grep -q ': installed' "$log"
	ok $? "dkms status: installed for $k"
done

cleanup
dkms status -m "$name" >"$log" 2>&1
if [ -s "$log" ] || [ -e "/var/lib/dkms/$name" ]; then rc=1; else rc=0; fi
ok "$rc" "dkms remove --all leaves nothing in DKMS"
for k in $kvers; do
	snapshot "$k" >"$tmp/after-$k"
	diff "$tmp/before-$k" "$tmp/after-$k" >"$log" 2>&1
	ok $? "/lib/modules/$k is as it was"
done
[ "$fails" = 0 ]
