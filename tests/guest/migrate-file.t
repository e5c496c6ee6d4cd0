#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/guest/migrate.t through a file, as savevm/loadvm would: the
# source saves the guest with QMP migrate "exec:cat > FILE" and quits,
# then the destination starts with -incoming "exec:cat FILE" (QEMU 7.2
# has no file: URI).  The same program, the same checks.
exec "$(dirname "$0")/run-in-guest" --migrate file --timeout 900 "$@" vcd-migrate
