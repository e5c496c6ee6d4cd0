#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/guest/migrate.t with a device that keeps at most 1 KiB of an
# unfinished hash for the move (migrate-hash-max=1024), where the HMAC
# has absorbed more by then: on the destination it must fail with
# ESTALE from its first request to the FINAL, never give a digest, and
# work again once started again (vcd-migrate --stale-hash); the other
# streams go on as in migrate.t.
exec "$(dirname "$0")/run-in-guest" --migrate tcp --timeout 900 \
	--device-opts migrate-hash-max=1024 "$@" vcd-migrate --stale-hash
