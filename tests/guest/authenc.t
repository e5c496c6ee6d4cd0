#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# In a fresh guest: CIOCAUTHCRYPT's TLS and SRTP modes against OpenSSL (vcd-authenc).
exec "$(dirname "$0")/run-in-guest" vcd-authenc "$@"
