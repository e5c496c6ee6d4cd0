# SPDX-License-Identifier: GPL-2.0-or-later
"""Shared helpers for the crypto-chat end-to-end tests.

Every test file is an executable that prints TAP and is run by
`prove --exec ''`.  This module gives them:

  - TAP output (Tap), with failure diagnostics on stderr as '# ' lines;
  - Proc: a crypto-chat process whose stdout and stderr are read line by
    line by threads and whose stdin is written by a thread, so that pipes
    never deadlock; every wait on it has a deadline;
  - start_server()/start_client(), which read the port back from
    'listening on ADDR:PORT';
  - cpu_seconds(), from /proc/PID/stat;
  - run(): runs the scenarios under an overall timeout, kills every
    process a scenario started (also on exceptions and signals), and ends
    with a check that no process printed a sanitizer report.

Nothing here sleeps to wait for something: waits are on conditions, with
deadlines.  Deadlines are multiplied by SCALE, which is larger when the
program is an ASan build (or when CHAT_TEST_TIMEOUT_SCALE says so).
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
SRCDIR = os.environ.get("SRCDIR") or os.path.abspath(
    os.path.join(HERE, "..", ".."))
BUILDDIR = os.environ.get("BUILDDIR") or os.path.join(SRCDIR, "build")
PROGRAM = os.environ.get("CRYPTO_CHAT") or os.path.join(
    BUILDDIR, "bin", "crypto-chat")

# Lines in a sanitizer report that make a test fail.
SANITIZER_RE = re.compile(
    rb"ERROR: (Address|Leak|Memory|Thread|UndefinedBehavior)Sanitizer"
    rb"|runtime error:|SUMMARY: \w+Sanitizer|AddressSanitizer:DEADLYSIGNAL")

# Environment of every child: C locale so that strerror() texts are the
# usual English ones; sanitizer reports go to stderr, where we look.
CHILD_ENV = dict(os.environ, LC_ALL="C", LANG="C")
CHILD_ENV.pop("LANGUAGE", None)


def _is_sanitized(path):
    try:
        with open(path, "rb") as f:
            return b"__asan_init" in f.read()
    except OSError:
        return False


def _scale():
    env = os.environ.get("CHAT_TEST_TIMEOUT_SCALE")
    if env:
        return float(env)
    return 4.0 if _is_sanitized(PROGRAM) else 1.0


SCALE = _scale()


class Timeout(Exception):
    """A wait passed its deadline."""


class OverallTimeout(BaseException):
    """The whole test file passed its deadline (raised by SIGALRM)."""


# One condition for every reader thread, so that a wait can span many
# processes ("all 50 clients have everything").
CV = threading.Condition()


def wait_until(cond, timeout, what):
    """Wait until cond() is true, cond() being evaluated under CV.

    timeout is in unscaled seconds.  Raises Timeout(what) at the deadline.
    """
    deadline = time.monotonic() + timeout * SCALE
    with CV:
        while True:
            v = cond()
            if v:
                return v
            left = deadline - time.monotonic()
            if left <= 0:
                raise Timeout("timed out after %gs waiting for %s"
                              % (timeout * SCALE, what))
            CV.wait(min(left, 1.0))


def _show(line, width=200):
    s = line.decode("utf-8", "replace") if isinstance(line, bytes) else line
    if len(s) > width:
        s = "%s... (%d bytes)" % (s[:width], len(line))
    return s


class Proc:
    """A child process with line-reading threads and a stdin writer."""

    def __init__(self, args, name, program=None, stdin=True, umask=None):
        self.name = name
        self.argv = [program or PROGRAM] + list(args)
        self.out = []           # stdout lines, without the newline
        self.err = []           # stderr lines, without the newline
        self.nmsg = 0           # stdout lines that start with '<'
        self.eof = {"out": False, "err": False}
        self.write_error = None
        self.port = None
        self._wq = []
        self._wcv = threading.Condition()
        pre = None
        if umask is not None:
            def pre():
                os.umask(umask)
        self.p = subprocess.Popen(
            self.argv, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=CHILD_ENV,
            preexec_fn=pre, bufsize=0)
        self.pid = self.p.pid
        self._readers = [
            threading.Thread(target=self._read, args=(self.p.stdout, "out"),
                             daemon=True),
            threading.Thread(target=self._read, args=(self.p.stderr, "err"),
                             daemon=True)]
        for th in self._readers:
            th.start()
        self._writer = None
        if stdin:
            self._writer = threading.Thread(target=self._write, daemon=True)
            self._writer.start()
        ALL_PROCS.append(self)

    def __repr__(self):
        return "<%s pid %d>" % (self.name, self.pid)

    # -- reading ---------------------------------------------------------

    def _read(self, f, which):
        lines = self.out if which == "out" else self.err
        pending = []
        while True:
            try:
                chunk = f.read1(1 << 16) if hasattr(f, "read1") \
                    else os.read(f.fileno(), 1 << 16)
            except (OSError, ValueError):
                chunk = b""
            if not chunk:
                break
            parts = chunk.split(b"\n")
            if len(parts) == 1:
                pending.append(chunk)
                continue
            pending.append(parts[0])
            done = [b"".join(pending)] + parts[1:-1]
            pending = [parts[-1]] if parts[-1] else []
            with CV:
                lines.extend(done)
                if which == "out":
                    self.nmsg += sum(1 for l in done if l.startswith(b"<"))
                CV.notify_all()
        with CV:
            if pending:
                lines.append(b"".join(pending))
            self.eof[which] = True
            CV.notify_all()

    def wait_line(self, pattern, timeout=10, stream="out", since=0):
        """Wait for a line matching the regex pattern (bytes or str).

        Returns the match object.  since skips the first lines.
        """
        rx = re.compile(pattern.encode() if isinstance(pattern, str)
                        else pattern)
        lines = self.out if stream == "out" else self.err
        pos = [since]
        what = "%s %s: /%s/" % (self.name,
                                "stdout" if stream == "out" else "stderr",
                                rx.pattern.decode("utf-8", "replace"))

        def found():
            while pos[0] < len(lines):
                m = rx.search(lines[pos[0]])
                pos[0] += 1
                if m:
                    return m
            if self.eof[stream]:
                # No use waiting: the process closed that stream.
                raise Timeout("%s closed %s without a line matching %s"
                              % (self.name, stream, what))
            return None
        return wait_until(found, timeout, what)

    def has_line(self, pattern, stream="out"):
        rx = re.compile(pattern.encode() if isinstance(pattern, str)
                        else pattern)
        with CV:
            lines = list(self.out if stream == "out" else self.err)
        return any(rx.search(l) for l in lines)

    def count_lines(self, pattern, stream="out"):
        rx = re.compile(pattern.encode() if isinstance(pattern, str)
                        else pattern)
        with CV:
            lines = list(self.out if stream == "out" else self.err)
        return sum(1 for l in lines if rx.search(l))

    # -- writing ---------------------------------------------------------

    def _write(self):
        while True:
            with self._wcv:
                while not self._wq:
                    self._wcv.wait()
                item = self._wq.pop(0)
            if item is None:
                try:
                    self.p.stdin.close()
                except OSError:
                    pass
                return
            try:
                self.p.stdin.write(item)
            except (OSError, ValueError) as e:
                # The process went away; what it did is what we check.
                self.write_error = e
                with self._wcv:
                    self._wq = []
                try:
                    self.p.stdin.close()
                except OSError:
                    pass
                return

    def send(self, *lines):
        """Queue lines (str or bytes, without newline) for stdin."""
        data = b"".join((l.encode() if isinstance(l, str) else l) + b"\n"
                        for l in lines)
        self.send_raw(data)

    def send_raw(self, data):
        with self._wcv:
            self._wq.append(data)
            self._wcv.notify()

    def close_stdin(self):
        if self._writer is None:
            return
        with self._wcv:
            self._wq.append(None)
            self._wcv.notify()

    # -- life ------------------------------------------------------------

    def running(self):
        return self.p.poll() is None

    def wait(self, timeout=10):
        """Wait for the exit; return the status (negative: signal)."""
        try:
            rc = self.p.wait(timeout * SCALE)
        except subprocess.TimeoutExpired:
            raise Timeout("timed out after %gs waiting for %s to exit"
                          % (timeout * SCALE, self.name)) from None
        self.join_readers()
        return rc

    def join_readers(self, timeout=10):
        for th in self._readers:
            th.join(timeout * SCALE)

    def signal(self, sig):
        if self.p.poll() is None:
            try:
                self.p.send_signal(sig)
            except ProcessLookupError:
                pass

    def kill(self):
        self.signal(signal.SIGKILL)
        try:
            self.p.wait(10)
        except subprocess.TimeoutExpired:
            pass
        self.join_readers(2)

    def stop(self, timeout=10):
        """SIGTERM, then SIGKILL after the deadline.  Returns the status,
        or None if SIGKILL was needed."""
        if self.p.poll() is not None:
            self.join_readers()
            return self.p.returncode
        self.signal(signal.SIGTERM)
        try:
            return self.wait(timeout)
        except Timeout:
            self.kill()
            return None

    def stderr_text(self):
        with CV:
            return b"\n".join(self.err).decode("utf-8", "replace")

    def sanitizer_lines(self):
        with CV:
            return [l for l in self.err if SANITIZER_RE.search(l)]

    def dump(self, tail=15):
        """The last lines of stdout and stderr, for diagnostics."""
        with CV:
            out, err = list(self.out), list(self.err)
        rc = self.p.poll()
        res = ["%s (pid %d, %s): %s" % (
            self.name, self.pid,
            "running" if rc is None else "exit status %d" % rc,
            " ".join(self.argv))]
        for label, lines in (("stdout", out), ("stderr", err)):
            if not lines:
                res.append("  %s: (empty)" % label)
                continue
            skip = max(0, len(lines) - tail)
            res.append("  %s (%d lines%s):" % (
                label, len(lines), ", last %d" % tail if skip else ""))
            res.extend("    " + _show(l) for l in lines[skip:])
        return res


ALL_PROCS = []


# -- TAP -----------------------------------------------------------------

class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0
        self.group = None

    def _emit(self, line):
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    def ok(self, cond, name, diag=None, procs=None):
        """One test point.  On failure, diag and the output of procs (by
        default every process of the scenario) go out as diagnostics."""
        self.n += 1
        name = name.replace("#", "\\#")
        self._emit("%s %d - %s" % ("ok" if cond else "not ok", self.n, name))
        if not cond:
            self.failed += 1
            if diag:
                self.diag(diag)
            if procs is not None:
                for p in procs:
                    self.diag(p.dump())
            elif self.group is not None:
                self.group.dump()
        return bool(cond)

    def is_(self, got, want, name, diag=None, procs=None):
        d = ["got:  %r" % (got,), "want: %r" % (want,)]
        if diag:
            d += diag if isinstance(diag, list) else [diag]
        return self.ok(got == want, name, d, procs)

    def skip(self, name, reason):
        self.n += 1
        self._emit("ok %d - %s # SKIP %s" % (self.n, name, reason))

    def note(self, text):
        for l in str(text).splitlines():
            self._emit("# " + l)

    def diag(self, text):
        if isinstance(text, (list, tuple)):
            text = "\n".join(str(x) for x in text)
        sys.stdout.flush()
        for l in str(text).splitlines():
            sys.stderr.write("# " + l + "\n")
        sys.stderr.flush()

    def done(self):
        self._emit("1..%d" % self.n)
        return 1 if self.failed else 0


class Group:
    """The processes of one scenario: killed when it ends, however."""

    def __init__(self, t, name):
        self.t = t
        self.name = name
        self.procs = []
        self.dumped = False

    def __enter__(self):
        self.t.group = self
        return self

    def __exit__(self, typ, exc, tb):
        self.t.group = None
        if typ is None:
            self.finish()
            return False
        for p in self.procs:
            if p.running():
                p.kill()
        if not issubclass(typ, Exception):
            self.dump()
            return False
        # An exception (often a Timeout) is one failed check, with the
        # processes' output; the file goes on with the next scenario.
        self.t.group = self
        self.t.ok(False, "%s: %s" % (self.name, exc),
                  traceback.format_exception(typ, exc, tb)[-3:])
        self.t.group = None
        return True

    def finish(self):
        """The scenario passed: what still runs gets EOF on stdin and
        SIGTERM, so that it exits normally (and LeakSanitizer runs); one
        that needs SIGKILL is a failure."""
        live = [p for p in self.procs if p.running()]
        for p in live:
            p.close_stdin()
            p.signal(signal.SIGTERM)
        stuck = [p for p in live if p.stop(10) is None]
        if stuck:
            self.t.ok(False, "%s: every process stops on SIGTERM"
                      % self.name, procs=stuck)

    def dump(self):
        """Output of the scenario's processes, once; with many processes,
        only of the first few and of those that failed or still run."""
        if self.dumped:
            return
        self.dumped = True
        procs = self.procs
        if len(procs) > 8:
            procs = procs[:3] + [p for p in procs[3:]
                                 if p.p.poll() not in (0, -9)][:5]
        for p in procs:
            self.t.diag(p.dump())

    def proc(self, args, name, **kw):
        p = Proc(args, name, **kw)
        self.procs.append(p)
        return p

    def server(self, key=None, nick="srv", addr="127.0.0.1", extra=()):
        """Start `crypto-chat -l` on port 0 and read the port back."""
        args = ["-l"] + list(extra)
        if key:
            args += ["-k", key]
        args += ["-n", nick, addr, "0"]
        p = self.proc(args, nick)
        m = p.wait_line(rb"listening on (\[[^]]*\]|[^ ]+):(\d+)\s*$",
                        timeout=10, stream="err")
        p.port = int(m.group(2))
        p.listen_addr = m.group(1).decode()
        return p

    def client(self, port, nick, key=None, host="127.0.0.1", extra=()):
        args = list(extra)
        if key:
            args += ["-k", key]
        args += ["-n", nick, host, str(port)]
        return self.proc(args, nick)

    def joined(self, server, nick, timeout=10):
        """Wait for the server's '-- nick joined' notice."""
        return server.wait_line(rb"^-- %s joined" % re.escape(nick.encode()),
                                timeout=timeout)


# -- odds and ends -------------------------------------------------------

def cpu_seconds(pid):
    """utime + stime of a process, in seconds, from /proc/PID/stat."""
    with open("/proc/%d/stat" % pid, "rb") as f:
        stat = f.read()
    fields = stat[stat.rindex(b")") + 2:].split()
    # fields[0] is field 3 (state); utime and stime are fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port():
    """A port that was free a moment ago and has no listener now."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def connect(port, host="127.0.0.1", timeout=10):
    s = socket.create_connection((host, port), timeout * SCALE)
    s.settimeout(timeout * SCALE)
    return s


def have_ipv6_loopback():
    try:
        s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        s.bind(("::1", 0))
        s.close()
        return True
    except OSError:
        return False


TMPDIR = None


def tmpdir():
    global TMPDIR
    if TMPDIR is None:
        TMPDIR = tempfile.mkdtemp(prefix="chat-test.")
    return TMPDIR


def genkey(name):
    """Make a key with --genkey in the test's directory; return its path."""
    path = os.path.join(tmpdir(), name)
    p = Proc(["--genkey", path], "genkey", stdin=False)
    rc = p.wait(10)
    if rc != 0:
        raise RuntimeError("crypto-chat --genkey %s failed (%d): %s"
                           % (path, rc, p.stderr_text()))
    return path


def one_error_line(t, p, name, want=None):
    """Check the 'one crypto-chat: ... line' rule on p's stderr."""
    with CV:
        lines = [l for l in p.err if l.strip()]
    ok = len(lines) == 1 and lines[0].startswith(b"crypto-chat: ")
    t.ok(ok, "%s: exactly one 'crypto-chat: ' line on stderr" % name,
         ["stderr: %r" % [_show(l) for l in lines]])
    if want is not None:
        rx = re.compile(want.encode() if isinstance(want, str) else want,
                        re.I)
        t.ok(any(rx.search(l) for l in lines),
             "%s: the error says /%s/" % (name, rx.pattern.decode()),
             ["stderr: %r" % [_show(l) for l in lines]])


def _kill_all():
    for p in list(ALL_PROCS):
        try:
            if p.p.poll() is None:
                p.p.kill()
        except OSError:
            pass


def _on_alarm(signum, frame):
    raise OverallTimeout()


def _on_term(signum, frame):
    _kill_all()
    sys.stderr.write("# killed by signal %d\n" % signum)
    os._exit(1)


def run(scenarios, timeout):
    """Run each scenario(t, g) in its own Group; timeout is for the file.

    Exits with the TAP status.
    """
    t = Tap()
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.signal(signal.SIGTERM, _on_term)
    signal.signal(signal.SIGINT, _on_term)
    signal.signal(signal.SIGHUP, _on_term)
    signal.alarm(int(timeout * SCALE))
    if SCALE != 1:
        t.note("timeouts scaled by %g (%s)" % (SCALE, PROGRAM))
    status = 1
    try:
        if not (os.path.isfile(PROGRAM) and os.access(PROGRAM, os.X_OK)):
            t.ok(False, "crypto-chat is built",
                 "no executable %s (make %s)" % (PROGRAM, PROGRAM))
        else:
            for fn in scenarios:
                name = fn.__name__.replace("_", " ")
                with Group(t, name) as g:
                    fn(t, g)
            reports = []
            for p in ALL_PROCS:
                if p.running():
                    p.kill()
                p.join_readers(5)
                for l in p.sanitizer_lines():
                    reports.append("%s: %s" % (p.name, _show(l)))
            t.ok(not reports, "no sanitizer report from any crypto-chat",
                 reports[:40])
        status = t.done()
    except OverallTimeout:
        t.ok(False, "the whole file finished within %gs" % (timeout * SCALE))
        if t.group:
            t.group.dump()
        t.done()
    except BaseException:
        t.ok(False, "no unexpected exception", traceback.format_exc())
        t.done()
    finally:
        signal.alarm(0)
        _kill_all()
        if TMPDIR:
            shutil.rmtree(TMPDIR, ignore_errors=True)
    sys.exit(status)
