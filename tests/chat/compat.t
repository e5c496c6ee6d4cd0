#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Protocol versions (docs/chat-protocol.md, sections 5 and 6), with raw
peers in plain mode that speak version 1 or misbehave on purpose:

- a version 1 client in a version 2 room gets only types it knows (N, M,
  J, L): an action as '* nick text' from the actor, a rename as L and J;
  it still talks both ways;
- a version 2 client against a version 1 server (which closes at the V)
  says 'an older server (protocol 1)?' and exits 1;
- a client that gets an unknown type, or a text over 65536 bytes, says
  'bad record: protocol error', exits 1 and shows nothing of it;
- the server takes malformed version 2 requests (W with a payload, R
  with a bad nick, V of version 1 or twice, W before N, a long A, an
  unknown type) as protocol errors of that member, and goes on.
"""

import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chattest import run, connect, SCALE  # noqa: E402

RECORD_MAX = 66560
MSG_MAX = 65536


def rec(body):
    return struct.pack(">I", len(body)) + body


def hello(role):
    return b"CCH1" + role + b"\x00" + bytes(32)


def recv_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise EOFError("connection closed after %d of %d bytes"
                           % (len(data), n))
        data += chunk
    return data


def read_rec(s):
    n, = struct.unpack(">I", recv_exact(s, 4))
    return recv_exact(s, n)


def nick8(nick):
    return bytes([len(nick)]) + nick


class OldClient:
    """A version 1 client: HELLO, N, then whatever comes."""

    def __init__(self, port, nick):
        self.s = connect(port)
        self.s.sendall(rec(hello(b"C")))
        self.got = []
        assert read_rec(self.s) == hello(b"S")
        self.s.sendall(rec(b"N" + nick))
        self.nick = self.expect(b"N")

    def expect(self, type_, payload=None):
        """Read records until one of type_ (and payload) comes."""
        while True:
            r = read_rec(self.s)
            self.got.append(r)
            if r[:1] == type_ and (payload is None or r[1:] == payload):
                return r[1:]

    def send(self, type_, payload):
        self.s.sendall(rec(type_ + payload))


def old_client_in_new_room(t, g):
    srv = g.server()
    old = OldClient(srv.port, b"oldie")
    g.joined(srv, "oldie")
    new = g.client(srv.port, "neo")
    g.joined(srv, "neo")
    old.expect(b"J", b"neo")
    new.send("/me waves")
    old.expect(b"M", nick8(b"neo") + b"* neo waves")
    t.ok(True, "version 1 client: an action comes as the M "
         "'<neo> * neo waves'")
    new.send("/nick neo2")
    old.expect(b"L", b"neo")
    old.expect(b"J", b"neo2")
    t.ok(True, "version 1 client: a rename comes as L neo and J neo2")
    new.send("/who")
    m = new.wait_line(rb"^-- \d+ in the room: ")
    t.is_(m.string, b"-- 3 in the room: srv (server), oldie, neo2 (you)",
          "version 1 client: /who lists it")
    new.send("plain text")
    old.expect(b"M", nick8(b"neo2") + b"plain text")
    old.send(b"M", b"from the past")
    new.wait_line(rb"^<oldie> from the past$")
    srv.wait_line(rb"^<oldie> from the past$")
    t.ok(True, "version 1 client: messages go both ways")
    types = sorted(set(r[:1] for r in old.got))
    t.ok(set(types) <= {b"N", b"M", b"J", b"L"},
         "version 1 client: only types it knows (got %s)"
         % b" ".join(types).decode())
    old.s.close()
    srv.wait_line(rb"^-- oldie left$")


class FakeServer:
    """A plain server that we drive by hand: one client."""

    def __init__(self):
        self.ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.ls.bind(("127.0.0.1", 0))
        self.ls.listen(1)
        self.ls.settimeout(10 * SCALE)
        self.port = self.ls.getsockname()[1]

    def accept(self, nick):
        self.s, _ = self.ls.accept()
        self.s.settimeout(10 * SCALE)
        self.s.sendall(rec(hello(b"S")))
        assert read_rec(self.s) == hello(b"C")
        r = read_rec(self.s)
        assert r == b"N" + nick, r
        self.s.sendall(rec(r))

    def close(self):
        self.s.close()
        self.ls.close()


def new_client_old_server(t, g):
    fake = FakeServer()
    c = g.client(fake.port, "modern")
    fake.accept(b"modern")
    v = read_rec(fake.s)
    t.is_(v, b"V\x02", "the client sends V, version 2, after its N")
    # What a version 1 server does with a type it does not know.
    fake.close()
    t.is_(c.wait(10), 1, "old server: the client exits 1")
    t.ok(c.has_line(rb"^crypto-chat: 127\.0\.0\.1 port \d+: connection "
                    rb"lost after the version message: an older server "
                    rb"\(protocol 1\)\?$", stream="err"),
         "old server: the client says 'an older server (protocol 1)?'")


def bad_message(t, g, label, body):
    fake = FakeServer()
    c = g.client(fake.port, "victim")
    fake.accept(b"victim")
    fake.s.sendall(rec(b"M" + nick8(b"srv") + b"before"))
    c.wait_line(rb"^<srv> before$")
    fake.s.sendall(rec(body))
    t.is_(c.wait(10), 1, "%s: the client exits 1" % label)
    t.ok(c.has_line(rb"^crypto-chat: 127\.0\.0\.1 port \d+: bad record: "
                    rb"protocol error$", stream="err"),
         "%s: the client says 'bad record: protocol error'" % label)
    t.ok(not c.has_line(rb"GARBAGE"), "%s: nothing of it is shown" % label)
    fake.close()


def unknown_type(t, g):
    bad_message(t, g, "unknown type", b"Z" + b"GARBAGE")


def text_over_msg_max(t, g):
    text = b"GARBAGE" * ((RECORD_MAX - 8) // 7)
    body = b"M" + nick8(b"srv") + text
    assert len(text) > MSG_MAX and len(body) <= RECORD_MAX
    bad_message(t, g, "text over 65536 bytes", body)


def malformed_requests(t, g):
    srv = g.server()
    good = g.client(srv.port, "good")
    g.joined(srv, "good")
    cases = [
        ("W with a payload", b"W", b"x"),
        ("R with a bad nick", b"R", b"bad/nick"),
        ("V with version 1", b"V", b"\x01"),
        ("an empty V", b"V", b""),
        ("A over 65536 bytes", b"A", b"y" * (MSG_MAX + 1)),
        ("Z, an unknown type", b"Z", b"GARBAGE"),
    ]
    for i, (label, type_, payload) in enumerate(cases):
        nick = b"raw%d" % i
        raw = OldClient(srv.port, nick)
        g.joined(srv, nick.decode())
        raw.send(type_, payload)
        srv.wait_line(rb"^crypto-chat: %s: bad record: protocol error$"
                      % nick, stream="err")
        srv.wait_line(rb"^-- %s left$" % nick)
        raw.s.close()
        t.ok(True, "server: %s is a protocol error; that member goes"
             % label)
    raw = OldClient(srv.port, b"twice")
    raw.send(b"V", b"\x02")
    raw.expect(b"V", b"\x02")
    raw.send(b"V", b"\x02")
    srv.wait_line(rb"^crypto-chat: twice: bad record: protocol error$",
                  stream="err")
    t.ok(True, "server: a second V is a protocol error")
    raw.s.close()
    s = connect(srv.port)
    s.sendall(rec(hello(b"C")))
    read_rec(s)
    s.sendall(rec(b"W"))
    srv.wait_line(rb"^crypto-chat: 127\.0\.0\.1:\d+: bad record: "
                  rb"protocol error$", stream="err")
    s.close()
    t.ok(True, "server: W before N is a protocol error")
    good.send("/who")
    m = good.wait_line(rb"^-- \d+ in the room: ")
    t.is_(m.string, b"-- 2 in the room: srv (server), good (you)",
          "server: the room goes on; the bad members are gone")
    t.ok(not srv.has_line(rb"GARBAGE") and not good.has_line(rb"GARBAGE"),
         "server: nothing of the unknown type is shown")


run([old_client_in_new_room, new_client_old_server, unknown_type,
     text_over_msg_max, malformed_requests], timeout=120)
