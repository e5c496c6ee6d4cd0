#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# In a fresh guest: both data paths of the driver, copied and pinned in place, on awkward buffers (vcd-zerocopy).
exec "$(dirname "$0")/run-in-guest" vcd-zerocopy "$@"
