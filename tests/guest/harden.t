#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# In a fresh guest: killed session creates then rmmod, indirect tables that
# cannot be allocated, a short used length (vcd-harden).
exec "$(dirname "$0")/run-in-guest" --timeout 1800 vcd-harden "$@"
