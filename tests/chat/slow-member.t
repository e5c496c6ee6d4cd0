#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A member that stops reading is cut off; the others never stall.

A raw client (a small receive buffer) says HELLO and its nick by hand,
then never reads.  The server's stdin sends 16 MiB of messages: well past
what the kernel buffers and OUT_MAX (4 MiB, docs/chat-protocol.md) hold.
The server must say 'too slow' and drop that member, while a normal
member gets every message, in order, and the room goes on.
"""

import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chattest import run, wait_until, SCALE, CV  # noqa: E402

NLINES = 256
LINE = 65536


def slow_member_is_dropped(t, g):
    srv = g.server()
    fast = g.client(srv.port, "fast")
    g.joined(srv, "fast")

    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.settimeout(10 * SCALE)
    try:
        s.connect(("127.0.0.1", srv.port))
        hello = b"CCH1C\0" + b"\0" * 32
        s.sendall(struct.pack(">I", len(hello)) + hello +
                  struct.pack(">I", 9) + b"Nslowpoke")
        g.joined(srv, "slowpoke")

        lines = [b"%04d " % i + b"s" * (LINE - 5) for i in range(NLINES)]
        srv.send(*lines)
        srv.wait_line(rb"too slow", stream="err", timeout=60)
        t.ok(True, "the server says 'too slow'")
        srv.wait_line(rb"^-- slowpoke left", timeout=10)
        t.ok(True, "the slow member is gone from the room")

        wait_until(lambda: fast.nmsg >= NLINES, 60,
                   "fast to get all %d messages" % NLINES)
        with CV:
            got = [l for l in fast.out if l.startswith(b"<srv> ")]
        t.ok(got == [b"<srv> " + l for l in lines],
             "the other member got all %d messages intact, in order"
             % NLINES, ["got %d messages" % len(got)])
        fast.send("still here")
        srv.wait_line(rb"^<fast> still here$")
        t.ok(srv.running(), "the server goes on serving")
        fast.close_stdin()
        t.is_(fast.wait(10), 0, "the other member leaves cleanly")
    finally:
        s.close()


run([slow_member_is_dropped], timeout=120)
