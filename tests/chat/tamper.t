#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Tampering: a record-aware proxy between one client and a keyed server.

The proxy (127.0.0.1, port 0) parses the records of docs/chat-protocol.md
(u32 big-endian length, then the body) in both directions and passes them
on.  Once the handshake is over and one message has gone each way, it is
armed to damage the next record: flip one bit (IV, ciphertext, MAC, or
server to client), truncate a record and close, replay a record, swap two
records, drop one, or announce a length over RECORD_MAX.

Each time the receiver must print 'bad record', that connection must
close, the damaged text must reach nobody, and the server must go on
serving: a second client, connected directly, still exchanges messages
with the server, and a third one can still join.
"""

import os
import re
import socket
import struct
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chattest import run, genkey, SCALE  # noqa: E402

RECORD_MAX = 66560      # docs/chat-protocol.md, section 1


def recv_exact(s, n):
    """n bytes from s; fewer at EOF (or on error)."""
    data = b""
    while len(data) < n:
        try:
            chunk = s.recv(n - len(data))
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    return data


class RecordProxy:
    """Accepts one client and relays its connection to 127.0.0.1:upstream,
    record by record.  arm(direction, action) makes the next record(s) of
    "c2s" or "s2c" go through action instead of straight on."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.ls.bind(("127.0.0.1", 0))
        self.ls.listen(1)
        self.ls.settimeout(30 * SCALE)
        self.port = self.ls.getsockname()[1]
        self.lock = threading.Lock()
        self.actions = {"c2s": None, "s2c": None}
        self.count = {"c2s": 0, "s2c": 0}
        self.eof = {"c2s": threading.Event(), "s2c": threading.Event()}
        self.done = threading.Event()   # the armed action has happened
        self.held = None
        self.socks = []
        self.error = None
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        try:
            c, _ = self.ls.accept()
            u = socket.create_connection(("127.0.0.1", self.upstream),
                                         30 * SCALE)
            u.settimeout(None)
            c.settimeout(None)
        except OSError as e:
            self.error = e
            return
        self.socks = [c, u]
        self.sock = {"c2s": (c, u), "s2c": (u, c)}
        for d in ("c2s", "s2c"):
            threading.Thread(target=self._pump, args=(d,),
                             daemon=True).start()

    def _pump(self, d):
        src, dst = self.sock[d]
        while True:
            hdr = recv_exact(src, 4)
            body = b""
            if len(hdr) == 4:
                body = recv_exact(src, struct.unpack(">I", hdr)[0])
            if len(hdr) < 4 or len(body) < struct.unpack(">I", hdr)[0]:
                # EOF from src (possibly mid-record): pass it on.
                self._send(dst, hdr + body)
                self.eof[d].set()
                try:
                    dst.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                return
            with self.lock:
                self.count[d] += 1
                action = self.actions[d]
            if action is None:
                self._send(dst, hdr + body)
            elif action(self, d, hdr, body, dst):
                with self.lock:
                    self.actions[d] = None
                self.done.set()

    @staticmethod
    def _send(dst, data):
        try:
            dst.sendall(data)
        except OSError:
            pass

    def arm(self, d, action):
        with self.lock:
            self.actions[d] = action

    def close(self):
        for s in self.socks + [self.ls]:
            try:
                s.close()
            except OSError:
                pass


# Actions: return True once they are complete.

def flip_bit(where):
    def action(px, d, hdr, body, dst):
        i = {"first": 0, "middle": len(body) // 2, "last": len(body) - 1}
        b = bytearray(body)
        b[i[where]] ^= 0x10
        px._send(dst, hdr + bytes(b))
        return True
    return action


def truncate_and_close(px, d, hdr, body, dst):
    px._send(dst, hdr + body[:len(body) // 2])
    for s in px.socks:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    return True


def replay(px, d, hdr, body, dst):
    px._send(dst, hdr + body)
    px._send(dst, hdr + body)
    return True


def swap(px, d, hdr, body, dst):
    if px.held is None:
        px.held = hdr + body
        return False
    px._send(dst, hdr + body)
    px._send(dst, px.held)
    return True


def drop(px, d, hdr, body, dst):
    if px.held is None:
        px.held = b"dropped"
        return False
    px._send(dst, hdr + body)
    return True


def too_long(px, d, hdr, body, dst):
    px._send(dst, struct.pack(">I", RECORD_MAX + 1) + body)
    return True


def tamper(t, g, label, direction, action, secrets, delivered=()):
    """Run one case.  secrets: lines sent while the proxy is armed (by the
    proxied client for c2s, by the server for s2c); delivered: those of
    them that must still arrive (a replay's first copy), exactly once."""
    key = genkey("%s.key" % label.replace(" ", "-"))
    srv = g.server(key=key, nick="srv")
    px = RecordProxy(srv.port)
    try:
        a = g.client(px.port, "victim", key=key)
        g.joined(srv, "victim")
        b = g.client(srv.port, "bystander", key=key)
        g.joined(srv, "bystander")
        a.wait_line(rb"^-- bystander joined")

        # One message each way through the proxy: the handshake is over.
        a.send("warm-up from victim")
        srv.wait_line(rb"^<victim> warm-up from victim$")
        b.wait_line(rb"^<victim> warm-up from victim$")
        srv.send("warm-up from srv")
        a.wait_line(rb"^<srv> warm-up from srv$")
        b.wait_line(rb"^<srv> warm-up from srv$")

        px.arm(direction, action)
        sender, receiver = (a, srv) if direction == "c2s" else (srv, a)
        sender.send(*secrets)
        t.ok(px.done.wait(10 * SCALE), "%s: the proxy did it" % label)
        m = receiver.wait_line(rb"bad record", stream="err")
        t.ok(True, "%s: %s reports 'bad record'" % (label, receiver.name))
        # crypto-chat(1): one line, and the server names the member.
        who = rb"victim: " if receiver is srv else rb""
        t.ok(re.match(rb"^crypto-chat: %s.*bad record" % who,
                      m.string), "%s: the line is 'crypto-chat: %sbad "
             "record...'" % (label, who.decode()), [m.string])

        # The connection closes: after a c2s case the server closes it
        # (the proxy sees EOF from the server); after an s2c case the
        # client does.  Either way the client ends, with an error.
        if action is not truncate_and_close:
            far = "s2c" if direction == "c2s" else "c2s"
            t.ok(px.eof[far].wait(10 * SCALE),
                 "%s: %s closes the connection" % (label, receiver.name))
        rc = a.wait(10)
        t.ok(rc != 0, "%s: the victim client exits with an error "
             "(status %d)" % (label, rc))
        srv.wait_line(rb"^-- victim left")

        # The room carries on.
        t.ok(srv.running(), "%s: the server is still running" % label)
        b.send("bystander after")
        srv.wait_line(rb"^<bystander> bystander after$")
        srv.send("srv after")
        b.wait_line(rb"^<srv> srv after$")
        c = g.client(srv.port, "newcomer", key=key)
        g.joined(srv, "newcomer")
        c.send("newcomer after")
        srv.wait_line(rb"^<newcomer> newcomer after$")
        b.wait_line(rb"^<newcomer> newcomer after$")
        srv.send("srv to newcomer")
        c.wait_line(rb"^<srv> srv to newcomer$")
        t.ok(True, "%s: the server still serves the others" % label)

        # What was damaged reached nobody; nothing arrived twice.
        for s in secrets:
            pat = rb"^<%s> %s$" % (sender.name.encode(), s.encode())
            if direction == "c2s":
                want = {srv: int(s in delivered), b: int(s in delivered)}
            else:
                want = {a: 0, b: 1}     # b's copy was not touched
            for r, n in want.items():
                t.is_(r.count_lines(pat), n, "%s: %s printed '%.20s' %d "
                      "time(s)" % (label, r.name, s, n))
        b.close_stdin()
        c.close_stdin()
        t.is_((b.wait(10), c.wait(10)), (0, 0),
              "%s: the other clients leave cleanly" % label)
    finally:
        px.close()


def bit_flip_in_iv(t, g):
    tamper(t, g, "bit flip in IV", "c2s", flip_bit("first"), ["secret-1"])


def bit_flip_in_ciphertext(t, g):
    tamper(t, g, "bit flip in ciphertext", "c2s", flip_bit("middle"),
           ["secret-" + "x" * 200])


def bit_flip_in_mac(t, g):
    tamper(t, g, "bit flip in MAC", "c2s", flip_bit("last"), ["secret-3"])


def bit_flip_server_to_client(t, g):
    tamper(t, g, "bit flip server to client", "s2c", flip_bit("middle"),
           ["secret-4"])


def truncated_record_then_close(t, g):
    tamper(t, g, "truncated record", "c2s", truncate_and_close,
           ["secret-" + "y" * 100])


def replayed_record(t, g):
    tamper(t, g, "replayed record", "c2s", replay, ["replayed-once"],
           delivered=["replayed-once"])


def swapped_records(t, g):
    tamper(t, g, "swapped records", "c2s", swap, ["first-of-2",
                                                   "second-of-2"])


def dropped_record(t, g):
    tamper(t, g, "dropped record", "c2s", drop, ["dropped-1", "after-drop"])


def length_over_record_max(t, g):
    tamper(t, g, "length over RECORD_MAX", "c2s", too_long, ["too-long"])


run([bit_flip_in_iv, bit_flip_in_ciphertext, bit_flip_in_mac,
     bit_flip_server_to_client, truncated_record_then_close,
     replayed_record, swapped_records, dropped_record,
     length_over_record_max], timeout=240)
