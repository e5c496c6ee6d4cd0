#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# In a fresh guest with an 8-session device: a DESTROY that fails to
# allocate is retried, so no device session leaks (vcd-destroy).
exec "$(dirname "$0")/run-in-guest" --device-opts max-sessions=8 \
	vcd-destroy "$@"
