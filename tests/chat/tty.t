#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Terminal mode: a client whose stdin, stdout and stderr are a
pseudo-terminal (Python's pty), typed at as a user would.

- a half-typed line survives a message that arrives meanwhile: the
  message shows, the prompt and the half line are drawn again, and the
  finished line goes out whole;
- history: up-arrow brings back the previous lines;
- every command, in a plain room and in a keyed one;
- /quit and Control-D leave cleanly: exit status 0, '-- nick left' in
  the room, no diagnostic;
- --timestamps: lines start with HH:MM on the terminal;
- the server on a terminal: its commands, its half-typed line, /quit.
"""

import fcntl
import os
import re
import signal
import struct
import subprocess
import sys
import termios
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chattest import (run, genkey, wait_until, CV, CHILD_ENV,  # noqa: E402
                      PROGRAM, SANITIZER_RE, ALL_PROCS, Timeout, SCALE)

UP = b"\x1b[A"
CTRL_D = b"\x04"


class TtyProc:
    """crypto-chat on a pseudo-terminal; raw holds all it wrote."""

    def __init__(self, args, name):
        self.name = name
        self.argv = [PROGRAM] + list(args)
        self.raw = b""
        self.eof = False
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ,
                    struct.pack("HHHH", 24, 200, 0, 0))
        self.attrs = termios.tcgetattr(slave)
        env = dict(CHILD_ENV, TERM="xterm", COLUMNS="200", LINES="24")
        self.p = subprocess.Popen(self.argv, stdin=slave, stdout=slave,
                                  stderr=slave, env=env,
                                  start_new_session=True)
        os.close(slave)
        self.master = master
        self.pid = self.p.pid
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        ALL_PROCS.append(self)

    def _read(self):
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                chunk = b""
            with CV:
                if not chunk:
                    self.eof = True
                    CV.notify_all()
                    return
                self.raw += chunk
                CV.notify_all()

    def type(self, data):
        os.write(self.master, data.encode() if isinstance(data, str)
                 else data)

    def mark(self):
        with CV:
            return len(self.raw)

    def wait_raw(self, pattern, since=0, timeout=10):
        """Wait for pattern (bytes regex) in the output after since."""
        rx = re.compile(pattern)

        def found():
            m = rx.search(self.raw, since)
            if m:
                return m
            if self.eof:
                raise Timeout("%s: terminal closed without /%s/"
                              % (self.name, pattern.decode()))
            return None
        return wait_until(found, timeout, "%s terminal: /%s/"
                          % (self.name, pattern.decode()))

    # What chattest.Group and run() use.

    def running(self):
        return self.p.poll() is None

    def close_stdin(self):
        pass

    def signal(self, sig):
        if self.p.poll() is None:
            try:
                self.p.send_signal(sig)
            except ProcessLookupError:
                pass

    def wait(self, timeout=10):
        try:
            rc = self.p.wait(timeout * SCALE)
        except subprocess.TimeoutExpired:
            raise Timeout("timed out waiting for %s to exit"
                          % self.name) from None
        self.join_readers()
        return rc

    def join_readers(self, timeout=10):
        self._reader.join(timeout * SCALE)

    def kill(self):
        self.signal(signal.SIGKILL)
        try:
            self.p.wait(10)
        except subprocess.TimeoutExpired:
            pass
        self.join_readers(2)

    def stop(self, timeout=10):
        if self.p.poll() is not None:
            return self.p.returncode
        self.signal(signal.SIGTERM)
        try:
            return self.wait(timeout)
        except Timeout:
            self.kill()
            return None

    def sanitizer_lines(self):
        with CV:
            return [l for l in self.raw.split(b"\n")
                    if SANITIZER_RE.search(l)]

    def dump(self, tail=30):
        with CV:
            lines = self.raw.split(b"\n")
        rc = self.p.poll()
        res = ["%s (pid %d, %s): %s" % (
            self.name, self.pid,
            "running" if rc is None else "exit status %d" % rc,
            " ".join(self.argv)), "  terminal (last %d lines):" % tail]
        res.extend("    %r" % l for l in lines[-tail:])
        return res


def tty_client(g, srv, nick, key=None, extra=()):
    args = list(extra)
    if key:
        args += ["-k", key]
    p = TtyProc(args + ["-n", nick, "127.0.0.1", str(srv.port)], nick)
    g.procs.append(p)
    g.joined(srv, nick)
    p.wait_raw(rb"> ")
    return p


def no_diagnostic(t, p, label):
    """After the exit: no diagnostic, and the terminal as it was."""
    with CV:
        raw = p.raw
    t.ok(b"crypto-chat:" not in raw, "%s: no diagnostic on the terminal"
         % label, p.dump())
    terminal_restored(t, p, label)


def terminal_restored(t, p, label):
    with CV:
        raw = p.raw
    now = termios.tcgetattr(p.master)
    t.is_(now[3], p.attrs[3], "%s: the terminal's modes are restored "
          "(echo, canonical input)" % label)
    t.ok(raw.rfind(b"\x1b[?2004h") <= raw.rfind(b"\x1b[?2004l"),
         "%s: bracketed paste is switched off again, if it was on" % label)


def half_typed_line_survives(t, g):
    srv = g.server()
    c = tty_client(g, srv, "typist")
    c.type("half typ")
    c.wait_raw(rb"half typ")
    mark = c.mark()
    srv.send("incoming while typing")
    m = c.wait_raw(rb"<srv> incoming while typing", since=mark)
    c.wait_raw(rb"> half typ", since=m.end())
    t.ok(True, "the message shows, then the prompt and the half line again")
    c.type("ed line\r")
    srv.wait_line(rb"^<typist> half typed line$")
    t.ok(True, "the finished line goes out whole")
    c.type("/quit\r")
    t.is_(c.wait(10), 0, "/quit: exit status 0")
    srv.wait_line(rb"^-- typist left$")
    no_diagnostic(t, c, "half typed")


def history_with_up_arrow(t, g):
    srv = g.server()
    c = tty_client(g, srv, "hist")
    raw_mode = termios.tcgetattr(c.master)[3]
    t.ok(raw_mode & termios.ICANON != c.attrs[3] & termios.ICANON,
         "readline has the terminal in its own mode while it runs")
    c.type("first entry\r")
    srv.wait_line(rb"^<hist> first entry$")
    c.type("second entry\r")
    srv.wait_line(rb"^<hist> second entry$")
    # Count the lines before typing: the echo may come before the wait.
    seen = len(srv.out)
    c.type(UP + b"\r")
    srv.wait_line(rb"^<hist> second entry$", since=seen)
    c.type(UP + UP + UP + b" again\r")
    srv.wait_line(rb"^<hist> first entry again$")
    with CV:
        got = [l for l in srv.out if l.startswith(b"<hist>")]
    t.is_(got, [b"<hist> first entry", b"<hist> second entry",
                b"<hist> second entry", b"<hist> first entry again"],
          "up-arrow brings back the previous lines")
    c.type(CTRL_D)
    t.is_(c.wait(10), 0, "Control-D: exit status 0")
    srv.wait_line(rb"^-- hist left$")
    no_diagnostic(t, c, "history")


def every_command(t, g, keyed):
    label = "tty %s" % ("keyed" if keyed else "plain")
    key = genkey("tty.key") if keyed else None
    srv = g.server(key=key)
    other = g.client(srv.port, "other", key=key)
    g.joined(srv, "other")
    c = tty_client(g, srv, "tty", key=key)

    c.type("/help\r")
    c.wait_raw(rb"--   //text ")
    with CV:
        raw = c.raw
    t.ok(all(re.search(rb"--   /%s +\S" % w, raw)
             for w in (b"help", b"who", b"nick NEW", b"me TEXT", b"quit")),
         "%s: /help lists the commands" % label, c.dump())

    mark = c.mark()
    c.type("/who\r")
    c.wait_raw(rb"-- 3 in the room: srv \(server\), other, tty \(you\)",
               since=mark)
    t.ok(True, "%s: /who" % label)

    c.type("/me dances\r")
    other.wait_line(rb"^\* tty dances$")
    srv.wait_line(rb"^\* tty dances$")
    t.ok(True, "%s: /me" % label)

    other.send("/me waves back")
    c.wait_raw(rb"\* other waves back")
    t.ok(True, "%s: an action shows as '* other waves back'" % label)

    c.type("/nick tty2\r")
    c.wait_raw(rb"-- tty is now tty2")
    other.wait_line(rb"^-- tty is now tty2$")
    srv.wait_line(rb"^-- tty is now tty2$")
    t.ok(True, "%s: /nick" % label)

    mark = c.mark()
    c.type("/nick other\r")
    c.wait_raw(rb"crypto-chat: nick other is taken; you are still tty2",
               since=mark)
    c.type("/nick bad!nick\r")
    c.wait_raw(rb"crypto-chat: bad nick 'bad!nick': 1 to 32 of", since=mark)
    c.type("/foo\r")
    c.wait_raw(rb"crypto-chat: unknown command /foo; /help lists them",
               since=mark)
    t.ok(True, "%s: errors for a taken nick, a bad nick, /foo" % label)

    c.type("//slash\r")
    other.wait_line(rb"^<tty2> /slash$")
    t.ok(True, "%s: //slash sends /slash" % label)
    with CV:
        sent = [l for l in srv.out + other.out
                if re.match(rb"^<tty2?> /(help|who|nick|me|foo|quit)", l)]
    t.is_(sent, [], "%s: no command reached the room" % label)

    c.type("/quit\r")
    t.is_(c.wait(10), 0, "%s: /quit: exit status 0" % label)
    srv.wait_line(rb"^-- tty2 left$")
    other.wait_line(rb"^-- tty2 left$")
    t.ok(True, "%s: /quit: the room sees '-- tty2 left'" % label)
    terminal_restored(t, c, label)


def every_command_plain(t, g):
    every_command(t, g, False)


def every_command_keyed(t, g):
    every_command(t, g, True)


def server_on_a_terminal(t, g):
    srv = TtyProc(["-l", "-n", "srv", "127.0.0.1", "0"], "srv")
    g.procs.append(srv)
    port = int(srv.wait_raw(rb"listening on 127\.0\.0\.1:(\d+)").group(1))
    c = g.client(port, "piped")
    srv.wait_raw(rb"-- piped joined")
    srv.type("/who\r")
    srv.wait_raw(rb"-- 2 in the room: srv \(server, you\), piped")
    t.ok(True, "server on a terminal: /who")
    srv.type("/me hums\r")
    c.wait_line(rb"^\* srv hums$")
    srv.type("/nick host\r")
    c.wait_line(rb"^-- srv is now host$")
    srv.type("/nope\r")
    srv.wait_raw(rb"crypto-chat: unknown command /nope; /help lists them")
    t.ok(True, "server on a terminal: /me, /nick, an unknown command")
    srv.type("half")
    srv.wait_raw(rb"half")
    mark = srv.mark()
    c.send("while the server types")
    m = srv.wait_raw(rb"<piped> while the server types", since=mark)
    srv.wait_raw(rb"> half", since=m.end())
    srv.type(" done\r")
    c.wait_line(rb"^<host> half done$")
    t.ok(True, "server on a terminal: its half-typed line survives")
    srv.type("/quit\r")
    c.send("after quit")
    srv.wait_raw(rb"<piped> after quit")
    t.ok(srv.running(), "server on a terminal: /quit stops its input only")
    t.is_(srv.stop(10), 0, "server on a terminal: SIGTERM, exit status 0")


def timestamps(t, g):
    srv = g.server()
    c = tty_client(g, srv, "clock", extra=["--timestamps"])
    srv.send("stamped")
    c.wait_raw(rb"([01]\d|2[0-3]):[0-5]\d <srv> stamped")
    t.ok(True, "--timestamps: HH:MM before the message on a terminal")
    c.type(CTRL_D)
    t.is_(c.wait(10), 0, "--timestamps: Control-D, exit status 0")


run([half_typed_line_survives, history_with_up_arrow, every_command_plain,
     every_command_keyed, server_on_a_terminal, timestamps], timeout=120)
