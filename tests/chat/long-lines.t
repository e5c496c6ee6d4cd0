#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Lines longer than a message: cut into pieces of MSG_MAX bytes.

crypto-chat(1) and chat/term.c: on a pipe, a line longer than MSG_MAX
(65536) bytes becomes several messages of MSG_MAX bytes, the last one
shorter.  A line of exactly MSG_MAX bytes stays one message.  Both from a
client and from the server's stdin, plain and with a key; the receivers
get every piece intact and in order, and the room goes on.
"""

import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chattest import run, genkey, wait_until, CV  # noqa: E402

MSG_MAX = 65536


def pieces(line):
    return [line[i:i + MSG_MAX] for i in range(0, len(line), MSG_MAX)]


def long_lines(t, g, key, label):
    rng = random.Random(7)
    srv = g.server(key=key)
    a = g.client(srv.port, "alice", key=key)
    g.joined(srv, "alice")
    b = g.client(srv.port, "bob", key=key)
    g.joined(srv, "bob")
    a.wait_line(rb"^-- bob joined")

    def text(n, c):
        return bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz")
                     for _ in range(16)) + c * (n - 16)
    lines = [text(MSG_MAX, b"="), text(MSG_MAX + 1, b"+"),
             text(3 * MSG_MAX + 123, b"#"), b"end of the long lines"]
    want = [p for l in lines for p in pieces(l)]
    for sender, others in ((a, (srv, b)), (srv, (a, b))):
        sender.send(*lines)
        tag = b"<%s> " % sender.name.encode()

        def got(r):
            with CV:
                return [l[len(tag):] for l in r.out if l.startswith(tag)]
        wait_until(lambda: all(b"end of the long lines" in got(r)
                               for r in others), 30,
                   "the last line from %s" % sender.name)
        for r in others:
            g_ = got(r)
            t.ok(g_ == want, "%s: %s got %s's long lines as %d pieces of at"
                 " most %d bytes, in order" % (label, r.name, sender.name,
                                              len(want), MSG_MAX),
                 ["got %d pieces of sizes %s" % (len(g_),
                                                 [len(x) for x in g_]),
                  "want sizes %s" % [len(x) for x in want]])
    a.close_stdin()
    b.close_stdin()
    t.is_((a.wait(10), b.wait(10)), (0, 0), "%s: clients leave cleanly"
          % label)
    t.ok(srv.running(), "%s: the server is still serving" % label)


def long_lines_plain(t, g):
    long_lines(t, g, None, "plain")


def long_lines_encrypted(t, g):
    long_lines(t, g, genkey("long.key"), "encrypted")


run([long_lines_plain, long_lines_encrypted], timeout=120)
