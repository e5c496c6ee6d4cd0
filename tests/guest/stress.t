#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# In a fresh guest: concurrency, sharing, and processes killed in flight (vcd-stress).
exec "$(dirname "$0")/run-in-guest" --timeout 1800 vcd-stress "$@"
