#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# In a fresh guest: known answers for every algorithm through /dev/crypto (vcd-kat).
exec "$(dirname "$0")/run-in-guest" vcd-kat "$@"
