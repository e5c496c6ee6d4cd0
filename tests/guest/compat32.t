#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# In a fresh guest: a 32-bit program through the compat ioctls (vcd-compat32).
exec "$(dirname "$0")/run-in-guest" vcd-compat32 "$@"
