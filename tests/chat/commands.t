#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The client's commands in pipe mode (crypto-chat(1), Commands), in a
plain room and in a keyed one:

- /help lists every command, on stdout, and sends nothing;
- /who lists the server and every member, with '(you)' and '(server)';
- /nick NEW: everyone sees '-- old is now new', messages then carry the
  new nick; a taken nick and a bad nick give the errors of the join;
- /me TEXT: everyone else sees '* nick TEXT';
- /quit leaves (exit 0), and the lines after it are not sent;
- '/foo' gives 'unknown command /foo; /help lists them' and is not sent;
  '//text' sends '/text';
- --timestamps changes nothing in pipe mode;
- the server's own input has the same commands; its /quit stops reading
  it, and the room goes on.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chattest import run, genkey, CV, Proc  # noqa: E402

COMMANDS = ["/help", "/who", "/nick NEW", "/me TEXT", "/quit", "//text"]


def lines(p, stream="out"):
    with CV:
        return list(p.out if stream == "out" else p.err)


def marker(srv, c, tag, nick=None):
    """c's messages so far have all reached the server."""
    c.send("marker %s" % tag)
    srv.wait_line(rb"^<%s> marker %s$" % ((nick or c.name).encode(),
                                          tag.encode()))


def room(g, keyed, label):
    key = genkey("%s.key" % label) if keyed else None
    srv = g.server(key=key, extra=["--timestamps"])
    a = g.client(srv.port, "alice", key=key, extra=["--timestamps"])
    g.joined(srv, "alice")
    b = g.client(srv.port, "bob", key=key)
    g.joined(srv, "bob")
    a.wait_line(rb"^-- bob joined$")
    return srv, a, b


def every_command(t, g, keyed):
    label = "keyed" if keyed else "plain"
    srv, a, b = room(g, keyed, label)

    a.send("/help")
    a.wait_line(rb"^-- commands:$")
    a.wait_line(rb"^--   //text ")
    out = b"\n".join(lines(a))
    t.ok(all(re.search(rb"^--   %s +\S" % re.escape(c.encode()), out, re.M)
             for c in COMMANDS),
         "%s: /help lists %s" % (label, ", ".join(COMMANDS)), [out])

    a.send("/who")
    m = a.wait_line(rb"^-- \d+ in the room: ")
    t.is_(m.string, b"-- 3 in the room: srv (server), alice (you), bob",
          "%s: /who lists the server and the members" % label)

    a.send("/me waves at everyone")
    b.wait_line(rb"^\* alice waves at everyone$")
    srv.wait_line(rb"^\* alice waves at everyone$")
    t.ok(True, "%s: /me: the others see '* alice waves at everyone'"
         % label)

    a.send("/nick alice2")
    for p in (srv, a, b):
        p.wait_line(rb"^-- alice is now alice2$")
    t.ok(True, "%s: /nick: the server, bob and alice see "
         "'-- alice is now alice2'" % label)
    a.send("after the rename")
    b.wait_line(rb"^<alice2> after the rename$")
    srv.wait_line(rb"^<alice2> after the rename$")
    t.ok(True, "%s: /nick: messages carry the new nick" % label)
    b.send("/who")
    m = b.wait_line(rb"^-- \d+ in the room: ")
    t.is_(m.string, b"-- 3 in the room: srv (server), alice2, bob (you)",
          "%s: /who after /nick" % label)

    a.send("/nick bob")
    a.wait_line(rb"nick bob is taken", stream="err")
    a.send("/nick srv")
    a.wait_line(rb"nick srv is taken", stream="err")
    t.ok(a.has_line(rb"^crypto-chat: nick bob is taken; you are still "
                    rb"alice2$", stream="err"),
         "%s: /nick to a member's nick: 'nick bob is taken'" % label,
         [repr(lines(a, "err"))])
    t.ok(a.has_line(rb"^crypto-chat: nick srv is taken; you are still "
                    rb"alice2$", stream="err"),
         "%s: /nick to the server's nick: 'nick srv is taken'" % label)

    bad = Proc(["-n", "no/slash", "127.0.0.1", str(srv.port)], "badnick",
               stdin=False)
    bad.wait(10)
    want = bad.err[0] if bad.err else b"(nothing)"
    a.send("/nick no/slash")
    a.wait_line(rb"^crypto-chat: bad nick", stream="err")
    t.ok(a.has_line(b"^" + re.escape(want) + b"$", stream="err"),
         "%s: /nick with a bad nick: the error of -n (%s)"
         % (label, want.decode()), [repr(lines(a, "err"))])
    a.send("/nick", "/me", "/foo bar", "/", "/nick-x")
    a.wait_line(rb"unknown command /nick-x;", stream="err")
    for want in (rb"^crypto-chat: usage: /nick NEW$",
                 rb"^crypto-chat: usage: /me TEXT$",
                 rb"^crypto-chat: unknown command /foo; /help lists them$",
                 rb"^crypto-chat: unknown command /; /help lists them$"):
        t.ok(a.has_line(want, stream="err"),
             "%s: stderr says /%s/" % (label, want.decode()),
             [repr(lines(a, "err"))])

    a.send("//text with a slash", "//", "/ /")
    b.wait_line(rb"^<alice2> /text with a slash$")
    b.wait_line(rb"^<alice2> /$")
    marker(srv, a, "escape", "alice2")
    got = [l for l in lines(b) if l.startswith(b"<alice2> /")]
    t.is_(got, [b"<alice2> /text with a slash", b"<alice2> /"],
          "%s: //text sends /text; '/ /' is a command" % label)
    sent = [l for l in lines(srv) + lines(b)
            if re.match(rb"^<alice2?> /(help|who|nick|me|foo|quit)", l)]
    t.is_(sent, [], "%s: no command reached the room as a message"
          % label)
    t.ok(not [l for l in lines(a) + lines(srv)
              if re.match(rb"^\d\d:\d\d ", l)],
         "%s: --timestamps: nothing in pipe mode" % label)

    a.send("/quit", "not sent after quit")
    t.is_(a.wait(10), 0, "%s: /quit: the client exits 0" % label)
    srv.wait_line(rb"^-- alice2 left$")
    b.wait_line(rb"^-- alice2 left$")
    marker(srv, b, "end")
    t.ok(not srv.has_line(rb"not sent after quit") and
         not b.has_line(rb"not sent after quit"),
         "%s: /quit: the lines after it are not sent" % label)
    errs = [l for l in lines(a, "err")
            if not re.match(rb"^crypto-chat: (nick .* is taken|bad nick|"
                            rb"usage|unknown command)", l)]
    t.is_(errs, [], "%s: no other diagnostic" % label)


def plain_room(t, g):
    every_command(t, g, False)


def keyed_room(t, g):
    every_command(t, g, True)


def two_renames_and_a_clash(t, g):
    srv = g.server()
    a = g.client(srv.port, "ann")
    g.joined(srv, "ann")
    b = g.client(srv.port, "ben")
    g.joined(srv, "ben")
    a.send("/nick x", "/nick y")
    a.wait_line(rb"^-- ann is now x$")
    a.wait_line(rb"waiting for the server's answer", stream="err")
    t.ok(True, "a second /nick while the first waits: an error, not sent")
    b.send("/nick x")
    b.wait_line(rb"^crypto-chat: nick x is taken; you are still ben$",
                stream="err")
    b.send("/nick ben")
    b.wait_line(rb"^crypto-chat: you are ben already$", stream="err")
    b.send("/nick ann")
    b.wait_line(rb"^-- ben is now ann$")
    a.wait_line(rb"^-- ben is now ann$")
    t.ok(True, "a freed nick can be taken")


def server_commands(t, g):
    key = genkey("server.key")
    srv = g.server(key=key)
    a = g.client(srv.port, "alice", key=key)
    g.joined(srv, "alice")
    srv.send("/help")
    srv.wait_line(rb"^--   //text ")
    out = b"\n".join(lines(srv))
    t.ok(all(re.search(rb"^--   %s +\S" % re.escape(c.encode()), out, re.M)
             for c in COMMANDS), "server: /help lists the commands", [out])
    srv.send("/who")
    m = srv.wait_line(rb"^-- \d+ in the room: ")
    t.is_(m.string, b"-- 2 in the room: srv (server, you), alice",
          "server: /who")
    srv.send("/me nods")
    a.wait_line(rb"^\* srv nods$")
    t.ok(True, "server: /me: the members see '* srv nods'")
    srv.send("/nick boss")
    srv.wait_line(rb"^-- srv is now boss$")
    a.wait_line(rb"^-- srv is now boss$")
    srv.send("as boss")
    a.wait_line(rb"^<boss> as boss$")
    t.ok(True, "server: /nick: '-- srv is now boss', then messages as boss")
    a.send("/who")
    m = a.wait_line(rb"^-- \d+ in the room: ")
    t.is_(m.string, b"-- 2 in the room: boss (server), alice (you)",
          "server: a member's /who after the server's /nick")
    srv.send("/nick alice", "/nick b@d", "/foo", "/me", "//slash")
    a.wait_line(rb"^<boss> /slash$")
    # stderr is another pipe: wait for its last line before looking.
    srv.wait_line(rb"^crypto-chat: usage: /me TEXT$", stream="err")
    for want in (rb"^crypto-chat: nick alice is taken; you are still boss$",
                 rb"^crypto-chat: bad nick 'b@d': 1 to 32 of ",
                 rb"^crypto-chat: unknown command /foo; /help lists them$",
                 rb"^crypto-chat: usage: /me TEXT$"):
        t.ok(srv.has_line(want, stream="err"),
             "server: stderr says /%s/" % want.decode(),
             [repr(lines(srv, "err"))])
    srv.send("/quit", "not sent after quit")
    a.send("still served")
    srv.wait_line(rb"^<alice> still served$")
    # Count the lines before sending: the answer may come before the wait.
    seen = len(a.out)
    a.send("/who")
    a.wait_line(rb"^-- 2 in the room: ", since=seen)
    t.ok(not a.has_line(rb"not sent after quit"),
         "server: /quit stops its input, the room goes on")
    sent = [l for l in lines(a)
            if re.match(rb"^<(srv|boss)> /(help|who|nick|me|foo|quit)", l)]
    t.is_(sent, [], "server: no command reached the room as a message")


def who_in_a_full_room(t, g):
    srv = g.server()
    nicks = ["member%02d_%s" % (i, "x" * 22) for i in range(12)]
    cs = []
    for n in nicks:
        cs.append(g.client(srv.port, n))
        g.joined(srv, n)
    cs[0].send("/who")
    m = cs[0].wait_line(rb"^-- \d+ in the room: ")
    want = "-- 13 in the room: srv (server), %s (you), %s" % (
        nicks[0], ", ".join(nicks[1:]))
    t.is_(m.string.decode(), want, "/who with 12 long nicks: every one "
          "(%d bytes)" % len(want))
    srv.send("/who")
    m = srv.wait_line(rb"^-- \d+ in the room: ")
    t.is_(m.string.decode(), "-- 13 in the room: srv (server, you), %s"
          % ", ".join(nicks), "the server's /who with 12 long nicks")


def help_option(t, g):
    p = g.proc(["--help"], "help", stdin=False)
    t.is_(p.wait(10), 0, "--help exits 0")
    out = b"\n".join(lines(p))
    t.ok(all(re.search(rb"^  %s +\S" % re.escape(c.encode()), out, re.M)
             for c in COMMANDS), "--help lists the commands", [out])
    t.ok(b"--timestamps" in out, "--help names --timestamps", [out])


run([plain_room, keyed_room, two_renames_and_a_clash, server_commands,
     who_in_a_full_room, help_option],
    timeout=120)
