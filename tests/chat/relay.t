#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Relay: a server and 3 clients send 500 messages at once, every direction.

Each of the 4 members (the server's stdin is one) sends 125 random
printable lines of 1 B to 64 KiB, all at the same time, and every other
member must print each of them exactly once, intact and in the sender's
order, as '<nick> text'.  Nobody gets its own messages back.  Then the
clients' stdins close: they leave cleanly and exit 0.  Once plain, once
with a key.
"""

import os
import random
import re
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chattest import run, genkey, wait_until, CV, _show  # noqa: E402

NCLIENTS = 3
TOTAL = 500
MAXLINE = 65536
PRINTABLE = bytes(range(0x20, 0x7f))
SEED = int(os.environ.get("CHAT_TEST_SEED", "0")) or random.randrange(1 << 30)


def make_messages(rng, sender, count):
    """count lines for sender: self-identifying 'sender:seq:crc32:payload',
    except a 1-byte line first, and one line of exactly MAXLINE bytes.
    No line starts with "/": that would be a command, not a message."""
    # 1 B: not a space, and not "/", which alone is a command (/help)
    msgs = [bytes([rng.choice(PRINTABLE.translate(None, b" /"))])]
    for seq in range(1, count):
        head_len = len(b"%s:%d:00000000:" % (sender.encode(), seq))
        if seq == count // 2:
            size = MAXLINE
        else:
            # Log-uniform: as many short lines as long ones.
            size = int(2 ** rng.uniform(0, 16))
        plen = max(1, min(size, MAXLINE) - head_len)
        payload = bytes(rng.choice(PRINTABLE) for _ in range(plen)) \
            if plen < 64 else rng.randbytes(plen).translate(TRANSLATE)
        msgs.append(b"%s:%d:%08x:%s" % (sender.encode(), seq,
                                        zlib.crc32(payload), payload))
    return msgs


# Maps any byte to a printable one, for long random payloads.
TRANSLATE = bytes(PRINTABLE[i % len(PRINTABLE)] for i in range(256))


def describe(got, want):
    """Why got (received texts) is not want (sent texts), briefly."""
    res = ["received %d of %d" % (len(got), len(want))]
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            res.append("first difference at message %d: got %s, want %s"
                       % (i, _show(g, 60), _show(w, 60)))
            break
    seqs = []
    for g in got:
        m = re.match(rb"[^:]+:(\d+):([0-9a-f]{8}):(.*)$", g, re.S)
        if m:
            ok = int(m.group(2), 16) == zlib.crc32(m.group(3))
            seqs.append(int(m.group(1)) if ok else "corrupt")
    dup = sorted({s for s in seqs if s != "corrupt" and seqs.count(s) > 1})
    res.append("duplicates: %s; corrupt: %d" % (dup[:20],
                                                seqs.count("corrupt")))
    return res


def relay(t, g, key, label):
    rng = random.Random(SEED)
    t.note("%s: seed %d (CHAT_TEST_SEED to repeat)" % (label, SEED))
    srv = g.server(key=key, nick="srv")
    clients = [g.client(srv.port, "c%d" % i, key=key)
               for i in range(NCLIENTS)]
    for c in clients:
        g.joined(srv, c.name)
    members = [srv] + clients
    per = TOTAL // len(members)
    sent = {m.name: make_messages(rng, m.name, per) for m in members}
    t.note("%s: %d members x %d messages, %d bytes in all" % (
        label, len(members), per,
        sum(len(l) for v in sent.values() for l in v)))

    for m in members:
        m.send(*sent[m.name])
    expect = per * (len(members) - 1)
    wait_until(lambda: all(m.nmsg >= expect for m in members), 120,
               "every member to receive %d messages" % expect)

    # Leave: the clients flush, leave and exit 0; the server stays.
    for c in clients:
        c.close_stdin()
    for c in clients:
        t.is_(c.wait(20), 0, "%s: client %s exits 0 after EOF on stdin"
              % (label, c.name))
    for c in clients:
        srv.wait_line(rb"^-- %s left" % c.name.encode(), timeout=10)
    t.ok(srv.running(), "%s: the server keeps serving after everyone left"
         % label)
    srv.close_stdin()
    t.is_(srv.stop(10), 0, "%s: the server exits 0 on SIGTERM" % label)

    for r in members:
        with CV:
            lines = list(r.out)
        by = {}
        odd = []
        for line in lines:
            m = re.match(rb"<([^>]*)> (.*)$", line, re.S)
            if m:
                by.setdefault(m.group(1).decode(), []).append(m.group(2))
            elif not line.startswith(b"-- "):
                odd.append(_show(line, 80))
        for s in members:
            if s is r:
                continue
            got = by.get(s.name, [])
            t.ok(got == sent[s.name],
                 "%s: %s got all %d messages of %s exactly once, intact, "
                 "in order" % (label, r.name, per, s.name),
                 describe(got, sent[s.name]))
        t.is_(len(by.get(r.name, [])), 0,
              "%s: %s does not get its own messages back" % (label, r.name))
        t.is_(odd, [], "%s: %s prints only messages and notices"
              % (label, r.name))


def relay_plain(t, g):
    relay(t, g, None, "plain")


def relay_encrypted(t, g):
    relay(t, g, genkey("relay.key"), "encrypted")


run([relay_plain, relay_encrypted], timeout=300)
