#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# In a fresh guest: the per-file session limit (vcd-sesslimit).
exec "$(dirname "$0")/run-in-guest" vcd-sesslimit "$@"
