#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# In a fresh guest with two data queues and 32 device sessions:
# CIOCASYNCCRYPT/CIOCASYNCFETCH and poll(), 256 jobs in flight from one
# file, and files closed or processes killed with jobs in flight
# (vcd-async).
exec "$(dirname "$0")/run-in-guest" --timeout 1800 \
	--device-opts queues=2,max-sessions=32 vcd-async "$@"
