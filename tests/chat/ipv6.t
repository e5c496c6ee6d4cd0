#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""IPv6: a room on ::1, joined over IPv6.

The server on '::1' port 0 prints 'listening on [::1]:PORT'; a client
joins with '::1 PORT' and they exchange messages both ways, with a key.
SKIP when the machine has no IPv6 loopback.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chattest import run, genkey, have_ipv6_loopback  # noqa: E402


def room_on_ipv6_loopback(t, g):
    if not have_ipv6_loopback():
        t.skip("IPv6 room", "no IPv6 loopback (::1) on this machine")
        return
    key = genkey("v6.key")
    srv = g.server(key=key, addr="::1")
    t.is_(srv.listen_addr, "[::1]", "IPv6: 'listening on [::1]:PORT'")
    c = g.client(srv.port, "sixer", key=key, host="::1")
    g.joined(srv, "sixer")
    c.send("hello over v6")
    srv.wait_line(rb"^<sixer> hello over v6$")
    srv.send("hello back")
    c.wait_line(rb"^<srv> hello back$")
    t.ok(True, "IPv6: messages go both ways")
    c.close_stdin()
    t.is_(c.wait(10), 0, "IPv6: the client leaves cleanly")


run([room_on_ipv6_loopback], timeout=60)
