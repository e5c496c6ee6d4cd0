#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""--crypto=auto|devcrypto|openssl: every provider speaks the same protocol.

- a keyed room where the server and the client use different providers
  (openssl and auto; devcrypto and openssl where /dev/crypto exists)
  exchanges messages both ways;
- --crypto=devcrypto without /dev/crypto: one 'crypto-chat: ' line, exit 1;
- an unknown provider: one 'crypto-chat: ' line, exit 1.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chattest import run, genkey, one_error_line  # noqa: E402

HAVE_DEVCRYPTO = os.path.exists("/dev/crypto")


def mixed_room(t, g, srv_provider, cli_provider):
    label = "server %s, client %s" % (srv_provider, cli_provider)
    key = genkey("%s-%s.key" % (srv_provider, cli_provider))
    srv = g.server(key=key, extra=["--crypto=" + srv_provider])
    c = g.client(srv.port, "mixed", key=key,
                 extra=["--crypto=" + cli_provider])
    g.joined(srv, "mixed")
    c.send("from the client " + "c" * 3000)
    srv.wait_line(rb"^<mixed> from the client c{3000}$")
    srv.send("from the server " + "s" * 3000)
    c.wait_line(rb"^<srv> from the server s{3000}$")
    t.ok(True, "%s: messages go both ways" % label)
    c.close_stdin()
    t.is_(c.wait(10), 0, "%s: the client leaves cleanly" % label)


def openssl_server_auto_client(t, g):
    mixed_room(t, g, "openssl", "auto")


def auto_server_openssl_client(t, g):
    mixed_room(t, g, "auto", "openssl")


def devcrypto_server_openssl_client(t, g):
    if not HAVE_DEVCRYPTO:
        t.skip("server devcrypto, client openssl", "no /dev/crypto here")
        return
    mixed_room(t, g, "devcrypto", "openssl")


def devcrypto_without_dev_crypto(t, g):
    if HAVE_DEVCRYPTO:
        t.skip("--crypto=devcrypto without /dev/crypto", "/dev/crypto exists")
        return
    key = genkey("nodev.key")
    p = g.proc(["--crypto=devcrypto", "-l", "-k", key, "127.0.0.1", "0"],
               "server")
    t.is_(p.wait(10), 1, "--crypto=devcrypto without /dev/crypto: exits 1")
    one_error_line(t, p, "--crypto=devcrypto without /dev/crypto",
                   want=r"devcrypto")


def unknown_provider(t, g):
    p = g.proc(["--crypto=rot13", "-l", "127.0.0.1", "0"], "server")
    t.is_(p.wait(10), 1, "--crypto=rot13: exits 1")
    one_error_line(t, p, "--crypto=rot13", want=r"rot13")


run([openssl_server_auto_client, auto_server_openssl_client,
     devcrypto_server_openssl_client, devcrypto_without_dev_crypto,
     unknown_provider], timeout=60)
