#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Negative cases: each must fail clearly, and never take the room down.

- wrong key: both sides say 'authentication failed', the client exits 1,
  it never joins, and the server serves others;
- a plain client in a keyed room, and a keyed client against a plain
  server: both sides say 'encryption', no text crosses, the client exits 1;
- bad key files (missing, a directory, empty, 31 and 33 bytes), for the
  server and for a client: one 'crypto-chat: ' line, exit status 1;
- a refused connection, an unresolvable name, a port in use: the same;
- peers that vanish: the server killed under a client (one line, exit 1);
  a raw peer that sends half a record and goes; a client SIGKILLed while
  it sends 64 KiB lines.  The server survives and serves the others.
"""

import os
import re
import signal
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chattest import (run, genkey, tmpdir, one_error_line, free_port,  # noqa
                      connect, wait_until, CV)

KEY_LEN = 32            # docs/chat-protocol.md, section 3


def exchange(t, label, srv, member, tag):
    """member and the server still talk both ways."""
    member.send("%s from %s" % (tag, member.name))
    srv.wait_line(rb"^<%s> %s from %s$" % (member.name.encode(),
                                           tag.encode(),
                                           member.name.encode()))
    srv.send("%s from srv" % tag)
    member.wait_line(rb"^<srv> %s from srv$" % tag.encode())
    t.ok(True, "%s: the server still serves %s" % (label, member.name))


def wrong_key(t, g):
    k1, k2 = genkey("right.key"), genkey("wrong.key")
    srv = g.server(key=k1)
    bad = g.client(srv.port, "intruder", key=k2)
    bad.send("intruder-secret")
    srv.wait_line(rb"authentication failed", stream="err")
    t.ok(True, "wrong key: the server says 'authentication failed'")
    t.is_(bad.wait(10), 1, "wrong key: the client exits 1")
    t.ok(bad.has_line(rb"authentication failed", stream="err"),
         "wrong key: the client says 'authentication failed'")
    good = g.client(srv.port, "member", key=k1)
    g.joined(srv, "member")
    exchange(t, "wrong key", srv, good, "after")
    t.ok(not srv.has_line(rb"intruder"),
         "wrong key: the intruder never joined, its text never arrived")
    t.ok(not good.has_line(rb"intruder"),
         "wrong key: the members never heard of the intruder")


def plain_client_in_keyed_room(t, g):
    key = genkey("room.key")
    srv = g.server(key=key)
    member = g.client(srv.port, "member", key=key)
    g.joined(srv, "member")
    plain = g.client(srv.port, "plainclient")
    plain.send("plaintext-secret")
    srv.wait_line(rb"encryption", stream="err")
    t.ok(True, "plain client, keyed room: the server's error says "
         "'encryption'")
    t.is_(plain.wait(10), 1, "plain client, keyed room: the client exits 1")
    t.ok(plain.has_line(rb"^crypto-chat: .*encryption", stream="err"),
         "plain client, keyed room: the client's error says 'encryption'")
    exchange(t, "plain client, keyed room", srv, member, "after")
    t.ok(not srv.has_line(rb"plaintext-secret|plainclient") and
         not member.has_line(rb"plaintext-secret|plainclient"),
         "plain client, keyed room: its text and nick never entered")


def keyed_client_vs_plain_server(t, g):
    key = genkey("client.key")
    srv = g.server()
    member = g.client(srv.port, "member")
    g.joined(srv, "member")
    keyed = g.client(srv.port, "keyedclient", key=key)
    keyed.send("keyed-secret")
    srv.wait_line(rb"encryption", stream="err")
    t.ok(True, "keyed client, plain server: the server's error says "
         "'encryption'")
    t.is_(keyed.wait(10), 1, "keyed client, plain server: the client "
          "exits 1")
    t.ok(keyed.has_line(rb"^crypto-chat: .*encryption", stream="err"),
         "keyed client, plain server: the client's error says 'encryption'")
    exchange(t, "keyed client, plain server", srv, member, "after")
    with CV:
        odd = [l for l in srv.out if l.startswith(b"<") and
               l != b"<member> after from member"]
        odd += [l for l in srv.out + member.out if b"keyed" in l]
    t.is_(odd, [], "keyed client, plain server: nothing of the keyed "
          "client was shown")


def bad_key_files(t, g):
    d = tmpdir()
    files = {"missing": os.path.join(d, "no-such.key"),
             "a directory": os.path.join(d, "dir.key"),
             "empty": os.path.join(d, "empty.key"),
             "31 bytes": os.path.join(d, "short.key"),
             "33 bytes": os.path.join(d, "long.key")}
    os.mkdir(files["a directory"])
    for name, size in (("empty", 0), ("31 bytes", KEY_LEN - 1),
                       ("33 bytes", KEY_LEN + 1)):
        with open(files[name], "wb") as f:
            f.write(os.urandom(size))
        os.chmod(files[name], 0o600)

    good = genkey("good.key")
    srv = g.server(key=good)
    for name, path in files.items():
        p = g.proc(["-l", "-k", path, "127.0.0.1", "0"], "server")
        t.is_(p.wait(10), 1, "key file %s: the server exits 1" % name,
              procs=[p])
        one_error_line(t, p, "key file %s, server" % name)
        p = g.proc(["-k", path, "-n", "client", "127.0.0.1",
                    str(srv.port)], "client")
        t.is_(p.wait(10), 1, "key file %s: a client exits 1" % name,
              procs=[p])
        one_error_line(t, p, "key file %s, client" % name)
    t.ok(not srv.has_line(rb"joined"), "bad key files: no client joined")


def refused_connection(t, g):
    p = g.client(free_port(), "lonely")
    t.is_(p.wait(10), 1, "refused connection: exits 1")
    one_error_line(t, p, "refused connection", want=r"refused")


def unresolvable_name(t, g):
    p = g.client(4242, "lost", host="nonexistent.invalid")
    t.is_(p.wait(60), 1, "unresolvable name: exits 1")
    one_error_line(t, p, "unresolvable name", want=r"nonexistent\.invalid")


def port_in_use(t, g):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        p = g.proc(["-l", "127.0.0.1", str(port)], "server")
        t.is_(p.wait(10), 1, "port in use: the server exits 1")
        one_error_line(t, p, "port in use", want=r"in use")
    finally:
        s.close()


def server_vanishes(t, g):
    key = genkey("vanish.key")
    srv = g.server(key=key)
    c = g.client(srv.port, "orphan", key=key)
    g.joined(srv, "orphan")
    srv.send("hello orphan")
    c.wait_line(rb"^<srv> hello orphan$")
    with CV:
        before = len(c.err)
    srv.signal(signal.SIGKILL)
    t.is_(c.wait(10), 1, "server killed: the client exits 1")
    with CV:
        after = [l for l in c.err[before:] if l.strip()]
    t.ok(len(after) == 1 and after[0].startswith(b"crypto-chat: "),
         "server killed: the client says so in one 'crypto-chat: ' line",
         ["stderr: %r" % after])


def half_record(t, g, key, label):
    srv = g.server(key=key)
    member = g.client(srv.port, "member", key=key)
    g.joined(srv, "member")
    s = connect(srv.port)
    hello = b"CCH1C" + (b"\1" + os.urandom(32) if key else b"\0" * 33)
    if key:
        # Half of the HELLO, then gone.
        s.sendall(struct.pack(">I", len(hello)) + hello[:19])
    else:
        # A whole HELLO and nick, then half a message.
        s.sendall(struct.pack(">I", len(hello)) + hello +
                  struct.pack(">I", 4) + b"Nraw" +
                  struct.pack(">I", 1001) + b"M" + b"z" * 500)
        g.joined(srv, "raw")
    s.shutdown(socket.SHUT_WR)
    s.close()
    member.send("barrier")
    srv.wait_line(rb"^<member> barrier$")
    t.ok(srv.running(), "%s: the server survives a peer that sends half a "
         "record and goes" % label)
    exchange(t, label, srv, member, "after")
    late = g.client(srv.port, "late", key=key)
    g.joined(srv, "late")
    exchange(t, label, srv, late, "late")
    t.ok(not srv.has_line(rb"zzz") and not member.has_line(rb"zzz"),
         "%s: the half message was never shown" % label)


def half_record_plain(t, g):
    half_record(t, g, None, "half record, plain")


def half_record_keyed(t, g):
    half_record(t, g, genkey("half.key"), "half record, keyed")


def client_killed_mid_message(t, g):
    key = genkey("kill.key")
    srv = g.server(key=key)
    member = g.client(srv.port, "member", key=key)
    g.joined(srv, "member")
    victim = g.client(srv.port, "victim", key=key)
    g.joined(srv, "victim")
    big = [("%03d:" % i + "k" * 65000).encode() for i in range(40)]
    victim.send(*big)
    srv.wait_line(rb"^<victim> 000:")
    victim.signal(signal.SIGKILL)
    victim.wait(10)
    srv.wait_line(rb"^-- victim left")
    t.ok(srv.running(), "client killed mid-message: the server survives")
    exchange(t, "client killed mid-message", srv, member, "after")
    wanted = set(b"<victim> " + l for l in big)
    with CV:
        shown = [l for l in srv.out + member.out
                 if l.startswith(b"<victim> ")]
    t.ok(all(l in wanted for l in shown),
         "client killed mid-message: only whole messages were shown "
         "(%d of them)" % len(shown))


run([wrong_key, plain_client_in_keyed_room, keyed_client_vs_plain_server,
     bad_key_files, refused_connection, unresolvable_name, port_in_use,
     server_vanishes, half_record_plain, half_record_keyed,
     client_killed_mid_message], timeout=240)
