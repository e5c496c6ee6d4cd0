#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# In a fresh guest: unbind/rebind and rmmod/insmod with files open (vcd-remove).
exec "$(dirname "$0")/run-in-guest" vcd-remove "$@"
