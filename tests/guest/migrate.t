#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Live migration with open sessions (issue 11): vcd-migrate runs a
# chained AES-CBC stream, an HMAC-SHA256 of UPDATE requests and a GCM
# stream in a loop, and in the middle of it asks the harness to move it:
# vm/run --migrate tcp starts a second QEMU with the same command line
# and -incoming tcp:127.0.0.1:PORT, QMP migrate sends the running guest
# there, the source quits, and the loop goes on and ends on the
# destination.  Every answer and the final outputs must equal OpenSSL's,
# and the destination's device counters (QMP) must show the requests
# made after the move.  The program's TAP passes through.
exec "$(dirname "$0")/run-in-guest" --migrate tcp --timeout 900 "$@" vcd-migrate
