#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A member that stops reading is cut off; the others go on.

A raw client (a small receive buffer) says HELLO and its nick by hand,
then never reads.  The server's stdin sends messages 1 MiB at a time, each
batch once a normal member has received the previous one, until the
server says 'too slow' and drops the silent member (docs/chat-protocol.md,
section 6: past OUT_MAX, or stalled with over ROOM_HIGH pending).  The
normal member gets every message, in order, and the room goes on.  Only
the behaviour is checked, not how long the server waited.
"""

import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chattest import run, wait_until, SCALE, CV  # noqa: E402

LINE = 65536
BATCH = 16              # lines of LINE bytes: 1 MiB
MAX_BATCHES = 64


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

        lines = []
        after = None
        for batch in range(MAX_BATCHES):
            more = [b"%04d " % i + b"s" * (LINE - 5) for i in
                    range(len(lines), len(lines) + BATCH)]
            lines += more
            srv.send(*more)
            wait_until(lambda: fast.nmsg >= len(lines), 30,
                       "fast to get %d messages" % len(lines))
            if after is None and srv.has_line(rb"too slow", "err"):
                after = batch
            if after is not None and batch >= after + 3:
                break
        t.ok(after is not None, "the server says 'too slow' (after %s MiB)"
             % (None if after is None else after + 1))
        srv.wait_line(rb"^-- slowpoke left", timeout=10)
        t.ok(True, "the slow member is gone from the room")
        with CV:
            got = [l for l in fast.out if l.startswith(b"<srv> ")]
        t.ok(got == [b"<srv> " + l for l in lines],
             "the other member got all %d messages intact, in order"
             % len(lines), ["got %d messages" % len(got)])
        fast.send("still here")
        srv.wait_line(rb"^<fast> still here$")
        t.ok(srv.running(), "the server goes on serving")
        fast.close_stdin()
        t.is_(fast.wait(10), 0, "the other member leaves cleanly")
    finally:
        s.close()


run([slow_member_is_dropped], timeout=120)
