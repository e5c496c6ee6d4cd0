#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# In a fresh guest: /dev/crypto taken by another driver does not stop
# probe; /dev/cryptodev0 serves the device (probe-taken.sh).
exec "$(dirname "$0")/run-in-guest" sh /usr/local/bin/vcd-probe-taken "$@"
