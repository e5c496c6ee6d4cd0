#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Concurrency: 50 clients join at once and each sends 20 messages.

All 50 are started together.  Once the server has announced all 50 joins,
every client sends its 20 messages at the same time; each must reach the
server's stdout and every other client, exactly once and in order.  Then
the clients leave (EOF on stdin) and exit 0.  With a key, so that the 50
handshakes run concurrently too.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chattest import run, genkey, wait_until, CV, _show  # noqa: E402

NCLIENTS = 50
NMSG = 20


def many_clients(t, g, key, label):
    srv = g.server(key=key, nick="srv")
    clients = [g.client(srv.port, "c%02d" % i, key=key)
               for i in range(NCLIENTS)]
    joined = re.compile(rb"^-- (c\d\d) joined")

    def all_joined():
        names = {m.group(1) for m in map(joined.match, srv.out) if m}
        return len(names) == NCLIENTS
    wait_until(all_joined, 60, "the server to announce %d joins" % NCLIENTS)
    t.ok(True, "%s: all %d clients joined" % (label, NCLIENTS))

    sent = {}
    for c in clients:
        sent[c.name] = [b"%s says %d of %d" % (c.name.encode(), i, NMSG)
                        for i in range(NMSG)]
        c.send(*sent[c.name])
    want_srv = NCLIENTS * NMSG
    want_cli = (NCLIENTS - 1) * NMSG
    wait_until(lambda: srv.nmsg >= want_srv and
               all(c.nmsg >= want_cli for c in clients), 90,
               "the server to print %d messages and every client %d"
               % (want_srv, want_cli))

    for c in clients:
        c.close_stdin()
    codes = [(c.name, c.wait(30)) for c in clients]
    t.is_([x for x in codes if x[1] != 0], [],
          "%s: all clients exit 0 after EOF on stdin" % label,
          procs=[srv] + [c for c in clients if c.p.returncode != 0][:5])
    t.ok(srv.running(), "%s: the server is still serving" % label)
    srv.close_stdin()
    srv.stop(10)

    bad = []
    for r in [srv] + clients:
        with CV:
            lines = list(r.out)
        by = {}
        for line in lines:
            m = re.match(rb"<([^>]*)> (.*)$", line, re.S)
            if m:
                by.setdefault(m.group(1).decode(), []).append(m.group(2))
            elif not line.startswith(b"-- "):
                bad.append("%s printed %s" % (r.name, _show(line, 80)))
        for s in clients:
            if s is r:
                continue
            got = by.get(s.name, [])
            if got != sent[s.name]:
                bad.append("%s got %d of %s's %d messages (or out of order,"
                           " or twice): %s" % (r.name, len(got), s.name,
                                               NMSG, [_show(x, 30) for x
                                                      in got[:25]]))
        if by.get(r.name):
            bad.append("%s got its own messages back" % r.name)
    t.ok(not bad, "%s: every message reached every member exactly once, "
         "in order" % label, bad[:30])


def many_clients_encrypted(t, g):
    many_clients(t, g, genkey("many.key"), "encrypted")


def many_clients_plain(t, g):
    many_clients(t, g, None, "plain")


run([many_clients_encrypted, many_clients_plain], timeout=300)
