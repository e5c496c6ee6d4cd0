#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# In a fresh guest: the device core's own tests (known answers for every
# algorithm, malformed requests, threads) through its devcrypto engine,
# which forwards every session to the guest's /dev/crypto -- our driver,
# and through it the device on the host.
src=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
exec "$src/tests/guest/run-in-guest" core-test-static --engine=devcrypto "$@"
