#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Idle: a connected client and server use (almost) no CPU while idle.

A server and one client (plain, then with a key) exchange a message each
way, then sit idle for 3 seconds with their stdins open.  Together they
must use less than 0.05 s of CPU (utime + stime, from /proc/PID/stat)
over those 3 seconds.  A busy-polling loop uses the whole 3 s; a poll()
that sleeps uses nothing.  This checks behaviour, not speed: the 3 s wait
is the point of the test, and it is not scaled under ASan.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chattest import run, genkey, cpu_seconds  # noqa: E402

IDLE = 3.0
LIMIT = 0.05


def idle(t, g, key, label):
    srv = g.server(key=key)
    c = g.client(srv.port, "idler", key=key)
    g.joined(srv, "idler")
    c.send("hello")
    srv.wait_line(rb"^<idler> hello$")
    srv.send("hello idler")
    c.wait_line(rb"^<srv> hello idler$")

    before = cpu_seconds(srv.pid) + cpu_seconds(c.pid)
    time.sleep(IDLE)
    used = cpu_seconds(srv.pid) + cpu_seconds(c.pid) - before
    t.ok(srv.running() and c.running(),
         "%s: both are still running after %gs idle" % (label, IDLE))
    t.ok(used < LIMIT, "%s: server and client used %.3f s of CPU in %g s "
         "idle (< %g)" % (label, used, IDLE, LIMIT))

    # Still awake after the idle time.
    c.send("still there")
    srv.wait_line(rb"^<idler> still there$")
    c.close_stdin()
    t.is_(c.wait(10), 0, "%s: the client leaves cleanly" % label)


def idle_plain(t, g):
    idle(t, g, None, "plain")


def idle_encrypted(t, g):
    idle(t, g, genkey("idle.key"), "encrypted")


run([idle_plain, idle_encrypted], timeout=60)
