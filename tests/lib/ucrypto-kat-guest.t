#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# In a fresh guest: ucrypto's known answers through every provider, with
# the driver's /dev/crypto required (devcrypto and auto go through the
# virtio-cryptodev device).
src=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
exec "$src/tests/guest/run-in-guest" ucrypto-kat --require-devcrypto "$@"
