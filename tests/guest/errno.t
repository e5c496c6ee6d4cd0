#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# In a fresh guest: the errno matrix of /dev/crypto (vcd-errno).
exec "$(dirname "$0")/run-in-guest" vcd-errno "$@"
