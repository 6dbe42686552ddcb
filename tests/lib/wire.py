#!/usr/bin/env python3
"""wire: talk to a server byte by byte, and explain clearly when it answers wrong.

Every stage test is a short script of steps run on one connection:

    wire.py --port 6379 send 'PING\\r\\n' expect '+PONG\\r\\n'

Steps (bytes are written with C-style escapes: \\r \\n \\t \\0 \\\\ \\" \\xHH):

    send BYTES            write BYTES in one write()
    send-bytewise BYTES   write BYTES one byte at a time, with a short pause
                          between bytes (the server must cope with partial input)
    send-chunks N BYTES   write BYTES in pieces of N bytes, with a pause between
    send-file PATH        write the bytes of the file PATH in one write()
                          (for inputs too big for a command-line argument)
    cmd 'WORDS'           send one command as a RESP array of bulk strings;
                          WORDS are split like a shell line ('a b' "c\\r\\nd")
    expect BYTES          the next bytes from the server are exactly BYTES
    expect-file PATH      the next bytes from the server are exactly the bytes
                          of the file PATH
    expect-reply REGEX    the next complete RESP reply matches REGEX (a Python
                          regular expression over the raw reply, escapes as above)
    expect-replies N REGEX  the next N complete replies, taken together, match
                          REGEX (so a group can tie one reply to another: \\1)
    expect-int LO HI      the next reply is an integer (":N") with LO <= N <= HI
    expect-closed         the server closes the connection, sending nothing more
    expect-silence MS     nothing arrives for MS milliseconds, and the
                          connection stays open
    shutdown-write        half-close: tell the server we will send nothing more
    allow-close           from here on, a write that fails because the server
                          closed the connection stops quietly instead of
                          failing the test (follow it with expect-closed)
    sleep MS              pause

Exit status: 0 when every step passed; 1 with a report on stdout when one failed:
what the test meant, what was sent, what was expected, what arrived, and whether
the server closed the connection or just did not answer in time.

Only the Python standard library is used, so the harness runs anywhere python3 does.
"""

import argparse
import os
import re
import select
import shlex
import socket
import sys
import time

DEFAULT_TIMEOUT = float(os.environ.get("WIRE_TIMEOUT", "5"))


# ---------------------------------------------------------------------------
# Escaping: the notation used in tests, and in failure reports.
# ---------------------------------------------------------------------------

def unescape(text):
    """Turn 'PING\\r\\n' (as written in a test) into the bytes b'PING\\r\\n'."""
    out = bytearray()
    i = 0
    simple = {"r": 13, "n": 10, "t": 9, "0": 0, "\\": 92, '"': 34, "'": 39, "e": 27}
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in simple:
                out.append(simple[nxt])
                i += 2
                continue
            if nxt == "x" and re.fullmatch(r"[0-9a-fA-F]{2}", text[i + 2:i + 4]):
                out.append(int(text[i + 2:i + 4], 16))
                i += 4
                continue
        out.extend(ch.encode("latin-1"))
        i += 1
    return bytes(out)


def escape(data, limit=400):
    """Show bytes the way a test writes them: "+PONG\\r\\n". Long values are cut."""
    parts = []
    names = {13: "\\r", 10: "\\n", 9: "\\t", 0: "\\0", 92: "\\\\", 34: '\\"'}
    for b in data[:limit]:
        if b in names:
            parts.append(names[b])
        elif 32 <= b < 127:
            parts.append(chr(b))
        else:
            parts.append("\\x%02x" % b)
    text = '"' + "".join(parts) + '"'
    if len(data) > limit:
        text += " ... (%d bytes in all)" % len(data)
    return text


def encode_command(words):
    """A command as clients send it: a RESP array of bulk strings."""
    out = [b"*%d\r\n" % len(words)]
    for w in words:
        out.append(b"$%d\r\n%s\r\n" % (len(w), w))
    return b"".join(out)


# ---------------------------------------------------------------------------
# The connection.
# ---------------------------------------------------------------------------

class Failure(Exception):
    pass


class Connection:
    def __init__(self, args):
        self.timeout = args.timeout
        if args.unix:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            target = args.unix
        else:
            family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
            self.sock = socket.socket(family, socket.SOCK_STREAM)
            target = (args.host, args.port)
        self.sock.settimeout(self.timeout)
        try:
            self.sock.connect(target)
        except OSError as e:
            raise Failure("could not connect to the server at %s: %s" % (target, e.strerror or e))
        self.buffer = b""     # bytes received but not consumed by a step yet
        self.closed = None    # None while open; else why the server side ended
        self.sent = []        # everything sent so far, for the report
        self.allow_close = False  # the allow-close step: failed writes are not failures

    def send(self, data, chunk=None, pause=0.0):
        self.sent.append(data)
        try:
            if chunk is None:
                self.sock.sendall(data)
                return
            for i in range(0, len(data), chunk):
                self.sock.sendall(data[i:i + chunk])
                time.sleep(pause)
        except OSError as e:
            if self.allow_close:
                return
            raise Failure("sending failed: %s (the server may have closed the connection)" % (e.strerror or e))

    def fill(self, deadline):
        """Receive whatever arrives before the deadline. Returns False on timeout."""
        if self.closed:
            return False
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        ready, _, _ = select.select([self.sock], [], [], remaining)
        if not ready:
            return False
        try:
            chunk = self.sock.recv(1 << 20)
        except ConnectionResetError:
            self.closed = "the server reset the connection"
            return False
        except OSError as e:
            self.closed = "receiving failed: %s" % (e.strerror or e)
            return False
        if not chunk:
            self.closed = "the server closed the connection"
            return False
        self.buffer += chunk
        return True

    def status(self):
        if self.closed:
            return self.closed
        return "no more bytes arrived within %.1f s (the connection is still open)" % self.timeout


# ---------------------------------------------------------------------------
# A small RESP reader, so that a step can take exactly one reply whatever its
# length (INFO, arrays, RESP3 maps...).
# ---------------------------------------------------------------------------

def reply_length(buf, pos=0):
    """Length of the complete RESP reply starting at buf[pos], or None if incomplete."""
    end = buf.find(b"\r\n", pos)
    if end == -1:
        return None
    kind = buf[pos:pos + 1]
    line = buf[pos + 1:end]
    after = end + 2
    if kind in (b"+", b"-", b":", b"_", b",", b"#", b"("):
        return after - pos
    if kind in (b"$", b"=", b"!"):
        n = int(line)
        if n < 0:
            return after - pos
        if len(buf) < after + n + 2:
            return None
        return after + n + 2 - pos
    if kind in (b"*", b"~", b">", b"%", b"|"):
        n = int(line)
        if n < 0:
            return after - pos
        if kind in (b"%", b"|"):
            n *= 2
        cur = after
        for _ in range(n):
            ln = reply_length(buf, cur)
            if ln is None:
                return None
            cur += ln
        return cur - pos
    raise Failure("the server sent bytes that are not a RESP reply: %s" % escape(buf[pos:pos + 80]))


# ---------------------------------------------------------------------------
# Steps.
# ---------------------------------------------------------------------------

def report(conn, what, expected, received, extra=None):
    lines = [what]
    sent = b"".join(conn.sent)
    lines.append("  sent:     " + escape(sent))
    lines.append("  expected: " + expected)
    lines.append("  received: " + received)
    lines.append("  then:     " + conn.status())
    if extra:
        lines.append("  " + extra)
    raise Failure("\n".join(lines))


def receive_expected(conn, want):
    """Receive until len(want) bytes have arrived, the server stops sending
    for conn.timeout seconds, or the bytes already differ from `want`. Returns
    the first len(want) bytes received (fewer if they never came)."""
    deadline = time.monotonic() + conn.timeout
    while len(conn.buffer) < len(want):
        # Stop waiting early once the bytes already differ: no need to sit
        # out the whole timeout to know the answer is wrong. Give the server
        # a moment more so the report shows the whole wrong reply.
        if not want.startswith(conn.buffer):
            short = time.monotonic() + 0.2
            while conn.fill(short):
                pass
            break
        # A long stream of replies may take a while: wait as long as bytes keep coming.
        if conn.fill(deadline):
            deadline = time.monotonic() + conn.timeout
        else:
            break
    return conn.buffer[:len(want)]


def step_expect(conn, want):
    got = receive_expected(conn, want)
    if got != want:
        report(conn, "the reply was not what the test expected", escape(want),
               escape(conn.buffer) if conn.buffer else "nothing")
    conn.buffer = conn.buffer[len(want):]


def step_expect_file(conn, want):
    """Like expect, for long expectations: the report shows where the bytes
    first differ, rather than the (identical) beginning."""
    got = receive_expected(conn, want)
    if got != want:
        at = 0
        while at < len(got) and got[at] == want[at]:
            at += 1
        start = max(0, at - 40)
        report(conn, "the reply was not what the test expected (%d bytes expected, %d matched before the first difference)"
               % (len(want), at),
               "... " + escape(want[start:start + 120], 120),
               "... " + escape(conn.buffer[start:start + 120], 120) if len(conn.buffer) > start else
               "only %d bytes" % len(conn.buffer))
    conn.buffer = conn.buffer[len(want):]


def take_reply(conn, what):
    deadline = time.monotonic() + conn.timeout
    while True:
        if conn.buffer:
            n = reply_length(conn.buffer)
            if n is not None:
                reply, conn.buffer = conn.buffer[:n], conn.buffer[n:]
                return reply
        if not conn.fill(deadline):
            report(conn, "the server did not send a complete reply", what,
                   escape(conn.buffer) if conn.buffer else "nothing")


def step_expect_reply(conn, pattern):
    reply = take_reply(conn, "a reply matching /%s/" % pattern)
    text = reply.decode("latin-1")
    if not re.fullmatch(unescape(pattern).decode("latin-1"), text, re.DOTALL):
        report(conn, "the reply did not match the pattern the test expected",
               "a reply matching /%s/" % pattern, escape(reply))


def step_expect_replies(conn, n, pattern):
    what = "%d replies matching /%s/" % (n, pattern)
    replies = b"".join(take_reply(conn, what) for _ in range(n))
    text = replies.decode("latin-1")
    if not re.fullmatch(unescape(pattern).decode("latin-1"), text, re.DOTALL):
        report(conn, "the replies did not match the pattern the test expected", what, escape(replies))


def step_expect_int(conn, lo, hi):
    what = "an integer reply between %d and %d" % (lo, hi)
    reply = take_reply(conn, what)
    m = re.fullmatch(rb":(-?\d+)\r\n", reply)
    if not m or not lo <= int(m.group(1)) <= hi:
        report(conn, "the reply was not the integer the test expected", what, escape(reply))


def step_expect_closed(conn):
    deadline = time.monotonic() + conn.timeout
    while conn.fill(deadline):
        pass
    if conn.buffer:
        report(conn, "the server sent bytes the test did not expect", "nothing more, then the connection closed",
               escape(conn.buffer))
    if not conn.closed:
        report(conn, "the server should have closed the connection", "the connection closed", "nothing")


def step_expect_silence(conn, ms):
    deadline = time.monotonic() + ms / 1000.0
    while conn.fill(deadline):
        pass
    if conn.buffer:
        report(conn, "the server sent bytes when it should have stayed silent", "nothing",
               escape(conn.buffer))
    if conn.closed:
        report(conn, "the server closed the connection, but it should have stayed open",
               "the connection to stay open", "nothing")


def run(conn, steps):
    i = 0

    def arg():
        nonlocal i
        if i >= len(steps):
            raise SystemExit("wire.py: step '%s' needs an argument" % steps[i - 1])
        i += 1
        return steps[i - 1]

    while i < len(steps):
        step = arg()
        if step == "send":
            conn.send(unescape(arg()))
        elif step == "send-bytewise":
            conn.send(unescape(arg()), chunk=1, pause=0.001)
        elif step == "send-chunks":
            n = int(arg())
            conn.send(unescape(arg()), chunk=n, pause=0.01)
        elif step == "send-file":
            with open(arg(), "rb") as f:
                conn.send(f.read())
        elif step == "cmd":
            words = [unescape(w) for w in shlex.split(arg(), posix=True)]
            conn.send(encode_command(words))
        elif step == "expect":
            step_expect(conn, unescape(arg()))
        elif step == "expect-file":
            with open(arg(), "rb") as f:
                step_expect_file(conn, f.read())
        elif step == "expect-reply":
            step_expect_reply(conn, arg())
        elif step == "expect-replies":
            n = int(arg())
            step_expect_replies(conn, n, arg())
        elif step == "expect-int":
            lo = int(arg())
            step_expect_int(conn, lo, int(arg()))
        elif step == "expect-closed":
            step_expect_closed(conn)
        elif step == "expect-silence":
            step_expect_silence(conn, int(arg()))
        elif step == "shutdown-write":
            conn.sock.shutdown(socket.SHUT_WR)
        elif step == "allow-close":
            conn.allow_close = True
        elif step == "sleep":
            time.sleep(int(arg()) / 1000.0)
        else:
            raise SystemExit("wire.py: unknown step '%s'" % step)


def main():
    p = argparse.ArgumentParser(description="Send exact bytes to a server and check the exact reply.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=int(os.environ.get("SERVER_PORT", "0") or 0))
    p.add_argument("--unix", help="connect to a Unix-domain socket instead")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT)
    p.add_argument("steps", nargs=argparse.REMAINDER)
    args = p.parse_args()
    try:
        conn = Connection(args)
        run(conn, args.steps)
    except Failure as f:
        print("FAIL: %s" % os.environ.get("BATS_TEST_DESCRIPTION", "wire check"))
        print(str(f))
        hint = os.environ.get("HINT")
        if hint:
            print("  hint:     " + hint)
        sys.exit(1)


if __name__ == "__main__":
    main()
