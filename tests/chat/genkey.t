#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""--genkey: a new 32-byte key, mode 0600, never over an existing file.

The key must be private even under umask 000, exactly KEY_LEN bytes
(docs/chat-protocol.md, section 3), different each time, and accepted by
-k.  An existing file is left alone (exit 1, one error line), and so is a
path in a missing directory.
"""

import os
import stat
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chattest import run, tmpdir, one_error_line  # noqa: E402

KEY_LEN = 32


def genkey_makes_private_keys(t, g):
    d = tmpdir()
    paths = [os.path.join(d, "k%d" % i) for i in (1, 2)]
    for path in paths:
        p = g.proc(["--genkey", path], "genkey", stdin=False, umask=0)
        t.is_(p.wait(10), 0, "genkey %s: exits 0" % os.path.basename(path))
        st = os.stat(path)
        t.ok(stat.S_ISREG(st.st_mode), "genkey: makes a regular file")
        t.is_(oct(stat.S_IMODE(st.st_mode)), oct(0o600),
              "genkey: mode 0600 even with umask 000")
        t.is_(st.st_size, KEY_LEN, "genkey: %d bytes" % KEY_LEN)
    k1, k2 = (open(p, "rb").read() for p in paths)
    t.ok(k1 != k2, "genkey: two keys differ")
    t.ok(len(set(k1)) > 8, "genkey: the key looks random")

    srv = g.server(key=paths[0])
    c = g.client(srv.port, "keyholder", key=paths[0])
    g.joined(srv, "keyholder")
    c.send("keyed hello")
    srv.wait_line(rb"^<keyholder> keyed hello$")
    t.ok(True, "genkey: the key works with -k")


def genkey_refuses_to_overwrite(t, g):
    path = os.path.join(tmpdir(), "existing")
    with open(path, "wb") as f:
        f.write(b"precious data, not a key\n")
    p = g.proc(["--genkey", path], "genkey", stdin=False)
    t.is_(p.wait(10), 1, "genkey over an existing file: exits 1")
    one_error_line(t, p, "genkey over an existing file")
    with open(path, "rb") as f:
        t.is_(f.read(), b"precious data, not a key\n",
              "genkey over an existing file: the file is untouched")

    first = os.path.join(tmpdir(), "first")
    p = g.proc(["--genkey", first], "genkey", stdin=False)
    t.is_(p.wait(10), 0, "genkey: a new key")
    key = open(first, "rb").read()
    p = g.proc(["--genkey", first], "genkey", stdin=False)
    t.is_(p.wait(10), 1, "genkey over a key: exits 1")
    t.ok(open(first, "rb").read() == key, "genkey over a key: the key is "
         "untouched")


def genkey_in_missing_directory(t, g):
    path = os.path.join(tmpdir(), "no-such-dir", "key")
    p = g.proc(["--genkey", path], "genkey", stdin=False)
    t.is_(p.wait(10), 1, "genkey in a missing directory: exits 1")
    one_error_line(t, p, "genkey in a missing directory")
    t.ok(not os.path.exists(path), "genkey in a missing directory: "
         "nothing made")


run([genkey_makes_private_keys, genkey_refuses_to_overwrite,
     genkey_in_missing_directory], timeout=60)
