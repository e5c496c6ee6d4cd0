#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Pipe mode, as crypto-chat(1) documents it.

- EOF right after a burst of input: the client still sends every line,
  then leaves and exits 0;
- empty lines are not sent;
- control characters in a message are shown as '?';
- a nick that is taken: the newcomer becomes nick-2 (and says so on
  stderr), and its messages show under that name;
- a client that joins and leaves at once is announced as joined and left;
- the server keeps serving after EOF on its own stdin.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chattest import run, genkey, wait_until, CV  # noqa: E402


def eof_flushes_everything(t, g):
    key = genkey("flush.key")
    srv = g.server(key=key)
    lines = [b"%03d " % i + b"f" * 20000 for i in range(200)]
    c = g.client(srv.port, "burst", key=key)
    c.send(*lines)
    c.close_stdin()
    t.is_(c.wait(30), 0, "EOF after a burst: the client exits 0")
    srv.wait_line(rb"^-- burst left")
    with CV:
        got = [l for l in srv.out if l.startswith(b"<burst> ")]
    t.ok(got == [b"<burst> " + l for l in lines],
         "EOF after a burst: all %d lines (4 MB) arrived, in order, before "
         "the leave" % len(lines), ["got %d lines" % len(got)])


def empty_lines_are_not_sent(t, g):
    srv = g.server()
    c = g.client(srv.port, "blank")
    g.joined(srv, "blank")
    c.send("", "one", "", "", "two", "")
    srv.wait_line(rb"^<blank> two$")
    with CV:
        got = [l for l in srv.out if l.startswith(b"<blank>")]
    t.is_(got, [b"<blank> one", b"<blank> two"],
          "empty lines are not sent")


def control_characters_shown_as_question_marks(t, g):
    srv = g.server()
    c = g.client(srv.port, "ctrl")
    g.joined(srv, "ctrl")
    srv.send(b"bell\x07 esc\x1b[2J back\x08space")
    c.send(b"cr\rdel\x7f")
    c.wait_line(rb"^<srv> ")
    srv.wait_line(rb"^<ctrl> ")
    t.ok(c.has_line(rb"^<srv> bell\? esc\?\[2J back\?space$"),
         "control characters from the server are shown as '?'",
         [repr(c.out)])
    t.ok(srv.has_line(rb"^<ctrl> cr\?del\?$"),
         "control characters from a client are shown as '?'",
         [repr(srv.out)])


def taken_nick_gets_a_suffix(t, g):
    key = genkey("nick.key")
    srv = g.server(key=key, nick="srv")
    a = g.client(srv.port, "twin", key=key)
    g.joined(srv, "twin")
    b = g.client(srv.port, "twin", key=key)
    g.joined(srv, "twin-2")
    a.wait_line(rb"^-- twin-2 joined")
    c = g.client(srv.port, "srv", key=key)
    g.joined(srv, "srv-2")
    t.ok(True, "taken nicks become twin-2 and srv-2")
    b.send("from the second twin")
    a.wait_line(rb"^<twin-2> from the second twin$")
    srv.wait_line(rb"^<twin-2> from the second twin$")
    t.ok(True, "twin-2's messages show under twin-2")
    t.ok(b.has_line(rb"twin-2", "err"),
         "the renamed client says its new nick on stderr", [repr(b.err)])


def join_and_leave_at_once(t, g):
    srv = g.server()
    watcher = g.client(srv.port, "watcher")
    g.joined(srv, "watcher")
    quick = g.client(srv.port, "quick")
    quick.close_stdin()
    t.is_(quick.wait(10), 0, "a client with empty input exits 0")
    srv.wait_line(rb"^-- quick left")
    watcher.wait_line(rb"^-- quick left")
    with CV:
        seen = [l for l in watcher.out if re.match(rb"^-- quick ", l)]
    t.is_(seen, [b"-- quick joined", b"-- quick left"],
          "the others see it join, then leave")


def server_serves_after_stdin_eof(t, g):
    srv = g.server()
    srv.close_stdin()
    a = g.client(srv.port, "a")
    g.joined(srv, "a")
    b = g.client(srv.port, "b")
    g.joined(srv, "b")
    a.send("after the server's EOF")
    b.wait_line(rb"^<a> after the server's EOF$")
    srv.wait_line(rb"^<a> after the server's EOF$")
    t.ok(srv.running(), "the server keeps serving after EOF on its stdin")


run([eof_flushes_everything, server_serves_after_stdin_eof, empty_lines_are_not_sent,
     control_characters_shown_as_question_marks, taken_nick_gets_a_suffix,
     join_and_leave_at_once], timeout=120)
