#!/usr/bin/env python3
"""hostile: clients that are too many, too slow, too greedy, or that leave at
the worst moment. The robustness tests (tests/robustness/) run these against
every chapter from 2 on, and against redis-server.

    hostile.py --port P --chapter N many-connections --clients 10000 --pid PID
    hostile.py --port P --chapter N fd-starvation --pid PID
    hostile.py --port P --chapter N slowloris --slow 300 --idle 20 --seconds 4 [--server-timeout 2]
    hostile.py --port P --chapter N mid-command --pid PID
    hostile.py --port P --chapter N mid-reply --pid PID
    hostile.py --port P --chapter N pipeline --commands 100000 [--half-close]
    hostile.py --port P --chapter N mid-pipeline --commands 100000 --pid PID
    hostile.py --port P --chapter N flood --pid PID --max-growth 64M

--chapter says what the server speaks: 2, an echo server (a request is a
line, its reply the same line); 3, RESP with the connection commands (PING,
ECHO); 4 and later, the keyspace too (SET, GET).

--pid is the server's process id: the scenarios read its memory (VmRSS), its
open descriptors (/proc/PID/fd) and its CPU time (/proc/PID/stat), so they
run on Linux, against a server started by the same user.

Each scenario prints what it measured and, on failure, a "FAIL:" report that
says what went wrong in words a learner can act on. Exit status 0 on success,
1 on failure. Every socket is non-blocking and watched with selectors, so ten
thousand connections, or a hundred thousand pipelined commands, take a second
or two. Only the Python standard library is used.
"""

import argparse
import bisect
import errno
import os
import resource
import selectors
import socket
import sys
import time


class Failure(Exception):
    pass


# ---------------------------------------------------------------------------
# What the server speaks.
# ---------------------------------------------------------------------------

def command(*words):
    """A command as clients send it: a RESP array of bulk strings."""
    out = [b"*%d\r\n" % len(words)]
    for w in words:
        out.append(b"$%d\r\n%s\r\n" % (len(w), w))
    return b"".join(out)


def bulk(value):
    return b"$%d\r\n%s\r\n" % (len(value), value)


class Proto:
    """The requests each chapter understands, with the exact replies they get."""

    def __init__(self, chapter):
        self.chapter = chapter
        self.echo = chapter < 3
        self.keys = chapter >= 4

    def exchange(self, tag):
        """A request unique to `tag`, and its reply: a line for the echo
        server, ECHO for a Redis server (so a reply can only be this one)."""
        if self.echo:
            line = tag + b"\n"
            return line, line
        return command(b"ECHO", tag), bulk(tag)

    def ping(self):
        if self.echo:
            return b"are you there?\n", b"are you there?\n"
        return b"*1\r\n$4\r\nPING\r\n", b"+PONG\r\n"

    def pipeline(self, n):
        """n requests in one buffer, and the n replies in order. Chapter 3
        mixes ECHO and inline PING; from chapter 4 every GET reads the key
        the SET before it wrote, some of them as inline commands."""
        reqs, reps = [], []
        for i in range(n):
            num = b"%d" % i
            if self.echo:
                reqs.append(num + b"\n")
                reps.append(num + b"\n")
            elif not self.keys:
                if i % 2 == 0:
                    reqs.append(command(b"ECHO", num))
                    reps.append(bulk(num))
                else:
                    reqs.append(b"PING\r\n")
                    reps.append(b"+PONG\r\n")
            else:
                key = b"robust:pipe:%d" % ((i // 2) % 500)
                if i % 2 == 0:
                    reqs.append(command(b"SET", key, num))
                    reps.append(b"+OK\r\n")
                else:
                    if i % 4 == 3:
                        reqs.append(b"GET " + key + b"\r\n")
                    else:
                        reqs.append(command(b"GET", key))
                    reps.append(bulk(b"%d" % (i - 1)))
        return reqs, reps

    def describe(self):
        if self.echo:
            return "lines to the echo server"
        return "commands"


# ---------------------------------------------------------------------------
# Connections and the server process.
# ---------------------------------------------------------------------------

def address(args):
    return (args.host, args.port)


def family(args):
    return socket.AF_INET6 if ":" in args.host else socket.AF_INET


def connect(args, timeout=None):
    s = socket.socket(family(args), socket.SOCK_STREAM)
    s.settimeout(timeout if timeout is not None else args.timeout)
    s.connect(address(args))
    return s


def reset(sock):
    """Close with RST instead of FIN (SO_LINGER with a zero timeout), as a
    crashed client or a dropped network does."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    except OSError:
        pass
    sock.close()


def round_trip(sock, request, reply, timeout, what="a client"):
    """Send request on a blocking socket and receive exactly reply.
    Returns the seconds it took."""
    start = time.monotonic()
    sock.settimeout(timeout)
    try:
        sock.sendall(request)
        got = b""
        while len(got) < len(reply):
            chunk = sock.recv(65536)
            if not chunk:
                raise Failure("%s: the server closed the connection; the client had sent %r and received %r of %r"
                              % (what, request[:60], got[:60], reply[:60]))
            got += chunk
            if not reply.startswith(got[:len(reply)]):
                raise Failure("%s: the client sent %r and got %r, expected %r"
                              % (what, request[:60], got[:80], reply[:80]))
    except socket.timeout:
        raise Failure("%s: the client sent %r and waited %.0f s for the reply %r, in vain"
                      % (what, request[:60], timeout, reply[:60]))
    except (ConnectionResetError, BrokenPipeError) as e:
        raise Failure("%s: the server reset the connection (%s)" % (what, e.strerror or e))
    return time.monotonic() - start


def proc_path(pid, name):
    return "/proc/%d/%s" % (pid, name)


def rss_bytes(pid):
    try:
        with open(proc_path(pid, "status")) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    raise Failure("cannot read the server's memory from /proc/%d/status: has it exited?" % pid)


def fd_count(pid):
    try:
        return len(os.listdir(proc_path(pid, "fd")))
    except OSError as e:
        raise Failure("cannot list the server's descriptors in /proc/%d/fd (%s): has it exited?" % (pid, e))


def cpu_seconds(pid):
    """User plus system CPU time the process has used, in seconds."""
    try:
        with open(proc_path(pid, "stat")) as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        raise Failure("cannot read /proc/%d/stat: has the server exited?" % pid)
    # After "pid (comm)": state is field 0 here, utime 11, stime 12.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_alive(pid):
    """True while the process exists and has not exited (a zombie has)."""
    try:
        with open(proc_path(pid, "stat")) as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def settle_fds(pid, target, seconds, what):
    """Wait until the server holds at most `target` descriptors again (the
    clients that left have been closed on its side too)."""
    deadline = time.monotonic() + seconds
    while True:
        n = fd_count(pid)
        if n <= target:
            return n
        if time.monotonic() > deadline:
            raise Failure("%s, the server still holds %d descriptors, %d more than before: it has not "
                          "noticed that those clients left, or it does not close their sockets (a descriptor "
                          "leak)" % (what, n, n - target))
        time.sleep(0.05)


def mb(n):
    return n / (1 << 20)


def size(text):
    """'64M' -> 67108864; '16K' -> 16384; '123' -> 123."""
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    if text[-1].upper() in units:
        return int(text[:-1]) * units[text[-1].upper()]
    return int(text)


def ensure_open_files(n):
    """Let this process open n descriptors, or fail saying why not."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < n:
        if hard != resource.RLIM_INFINITY and hard < n:
            raise Failure("the test client needs %d open files, but the hard limit is %d "
                          "(raise it: ulimit -Hn %d as root)" % (n, hard, n))
        resource.setrlimit(resource.RLIMIT_NOFILE, (n, hard))


class Client:
    """One non-blocking connection, driven by a selector: what is left to
    send, what it expects back, what came back so far."""

    def __init__(self, index, sock, request=b"", reply=b""):
        self.index = index
        self.sock = sock
        self.out = request
        self.expect = reply
        self.got = bytearray()
        self.done_at = None     # when the whole reply had arrived


def drive(clients, sel, timeout, what, until, on_done=None):
    """Send every client's output and read what comes back, until until()
    is true; on_done(client) is called as each one has its whole reply. A
    client whose bytes differ from what it expects fails at once; so does a
    connection the server closes. No progress for `timeout` seconds fails
    too."""
    last = time.monotonic()
    while not until():
        events = sel.select(timeout=0.1)
        now = time.monotonic()
        if events:
            last = now
        elif now - last > timeout:
            waiting = [c for c in clients if c.expect and len(c.got) < len(c.expect)]
            first = waiting[0] if waiting else None
            detail = ""
            if first is not None:
                detail = " (client %d has %d of %d bytes back: %r)" % (first.index, len(first.got), len(first.expect),
                                                                       bytes(first.got[-60:]))
            raise Failure("%s: nothing happened for %.0f s, %d client(s) still waiting for replies%s"
                          % (what, timeout, len(waiting), detail))
        for key, mask in events:
            c = key.data
            if mask & selectors.EVENT_WRITE:
                err = c.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if err:
                    raise Failure("%s: connection %d failed: %s" % (what, c.index, os.strerror(err)))
                if c.out:
                    try:
                        n = c.sock.send(c.out)
                        c.out = c.out[n:]
                    except BlockingIOError:
                        pass
                    except OSError as e:
                        raise Failure("%s: sending on connection %d failed: %s (the server closed it?)"
                                      % (what, c.index, e.strerror or e))
                if not c.out:
                    sel.modify(c.sock, selectors.EVENT_READ, c)
            if mask & selectors.EVENT_READ:
                try:
                    chunk = c.sock.recv(65536)
                except BlockingIOError:
                    continue
                except ConnectionResetError:
                    chunk = None
                if not chunk:
                    raise Failure("%s: the server closed connection %d after sending %d of the %d bytes expected: %r"
                                  % (what, c.index, len(c.got), len(c.expect), bytes(c.got[-60:])))
                c.got += chunk
                if not c.expect.startswith(c.got[:len(c.expect)]) or len(c.got) > len(c.expect):
                    raise Failure("%s: connection %d got %r, expected %r"
                                  % (what, c.index, bytes(c.got[:120]), c.expect[:120]))
                if len(c.got) == len(c.expect):
                    c.done_at = now
                    sel.unregister(c.sock)
                    if on_done:
                        on_done(c)


def exchange_all(clients, timeout, what):
    """Every client sends its request at once, then every reply is awaited."""
    sel = selectors.DefaultSelector()
    for c in clients:
        c.got = bytearray()
        c.done_at = None
        c.sock.setblocking(False)
        sel.register(c.sock, selectors.EVENT_WRITE, c)
    done = [0]

    def count(_):
        done[0] += 1

    drive(clients, sel, timeout, what, lambda: done[0] == len(clients), count)
    sel.close()


# ---------------------------------------------------------------------------
# Too many clients.
# ---------------------------------------------------------------------------

def many_connections(args):
    """--clients connections, all open at the same time. They connect a few
    hundred at a time (a connection counts once its first round trip is
    done, so the listen backlog never overflows), then all of them send a
    second request at once and wait for its reply. The server's memory is
    read before, with every client connected, and after they all left."""
    proto = Proto(args.chapter)
    n = args.clients
    ensure_open_files(n + 200)
    pid = args.pid
    rss_before = rss_bytes(pid)
    fds_before = fd_count(pid)

    sel = selectors.DefaultSelector()
    clients = []
    served = [0]
    start = time.monotonic()

    def count(_):
        served[0] += 1

    def more():
        # Start new connections while fewer than --in-flight are unanswered.
        while len(clients) < n and len(clients) - served[0] < args.in_flight:
            i = len(clients)
            s = socket.socket(family(args), socket.SOCK_STREAM)
            s.setblocking(False)
            err = s.connect_ex(address(args))
            if err not in (0, errno.EINPROGRESS):
                raise Failure("connecting client %d of %d failed: %s (%d clients connected)"
                              % (i + 1, n, os.strerror(err), served[0]))
            req, rep = proto.exchange(b"client %d" % i)
            c = Client(i, s, req, rep)
            clients.append(c)
            sel.register(s, selectors.EVENT_WRITE, c)
        return served[0] == n

    try:
        drive(clients, sel, args.timeout, "connecting %d clients, each with a round trip" % n, more, count)
    except Failure as f:
        raise Failure("%s\n  (%d of %d clients were connected and served at that point)" % (f, served[0], n))
    sel.close()
    ramp = time.monotonic() - start

    # All of them at once.
    for c in clients:
        c.out, c.expect = proto.exchange(b"again %d" % c.index)
    start = time.monotonic()
    exchange_all(clients, args.timeout, "all %d clients sending a request at once" % n)
    burst = time.monotonic() - start
    rss_with = rss_bytes(pid)
    fds_with = fd_count(pid)

    for c in clients:
        c.sock.close()
    fds_after = settle_fds(pid, fds_before, 10, "after %d clients closed their connections" % n)
    rss_after = rss_bytes(pid)
    print("%d clients connected, each with a round trip, in %.2f s; then %d round trips at once in %.2f s"
          % (n, ramp, n, burst))
    print("server memory (VmRSS): %.1f MB before, %.1f MB with %d clients (%.1f KB per connection), "
          "%.1f MB after they left" % (mb(rss_before), mb(rss_with), n, (rss_with - rss_before) / n / 1024,
                                       mb(rss_after)))
    print("server descriptors: %d before, %d with the clients, %d after" % (fds_before, fds_with, fds_after))


def attempt(args, proto, tag, timeout):
    """A new client sends one request. Returns ("served", sock) when the
    reply came back whole; ("refused", None) when the server closed or reset
    the connection without serving it (an error reply, as Redis sends when
    over maxclients, counts as refused); ("hung", None) when nothing came
    back for `timeout` seconds and the connection stayed open."""
    try:
        s = connect(args, timeout)
    except socket.timeout:
        return "hung", None
    except OSError as e:
        if e.errno in (errno.ECONNREFUSED, errno.ECONNRESET):
            return "refused", None
        raise
    req, rep = proto.exchange(tag)
    got = b""
    try:
        s.sendall(req)
        while len(got) < len(rep):
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
    except socket.timeout:
        s.close()
        return "hung", None
    except (ConnectionResetError, BrokenPipeError):
        pass
    if got == rep:
        return "served", s
    s.close()
    if got == b"" or (not proto.echo and got.startswith(b"-")):
        return "refused", None
    raise Failure("client %r sent %r and got %r before the connection closed" % (tag, req, got))


def fd_starvation(args):
    """The server runs short of descriptors (the test started it with a low
    `ulimit -n` and most of them already taken), so accept() fails with
    EMFILE long before --maxclients. Clients connect until one is refused;
    then, for --window seconds, new clients keep trying (each must be
    refused promptly, not left hanging), the connected ones keep being
    served, and the server must not spin: its CPU time over the window
    stays under --max-cpu of one core. Then half the clients leave, and new
    clients must be served again, until the descriptors run out once more."""
    proto = Proto(args.chapter)
    pid = args.pid
    held = []

    def fill(label):
        served = 0
        for i in range(args.max_clients):
            outcome, s = attempt(args, proto, b"%s %d" % (label, i), args.hang)
            if outcome == "served":
                held.append(s)
                served += 1
                continue
            if outcome == "hung":
                before = cpu_seconds(pid)
                time.sleep(1.0)
                used = cpu_seconds(pid) - before
                raise Failure("client %d connected while the server was out of descriptors, sent a request, and for "
                              "%.0f s got neither a reply nor a closed connection (meanwhile the server used %.0f%% of "
                              "a CPU). When accept() fails with EMFILE the connection stays in the listen backlog: "
                              "the listener stays readable, the client hangs, and the loop spins. Keep a spare "
                              "descriptor: close it, accept, close that connection, reopen the spare."
                              % (i + 1, args.hang, used * 100))
            return served
        raise Failure("%d clients connected and all were served: the server never ran out of descriptors, so this "
                      "test cannot check what happens when it does (it expects the server to inherit the test's "
                      "low open files limit and the descriptors already taken)" % args.max_clients)

    first = fill(b"first")
    if first == 0:
        raise Failure("not a single client was served: the server had no descriptors left even for one client")

    # Out of descriptors, for a while.
    tries = []
    cpu_before = cpu_seconds(pid)
    start = time.monotonic()
    next_try = start
    next_check = start
    while time.monotonic() - start < args.window:
        now = time.monotonic()
        if now >= next_try:
            outcome, s = attempt(args, proto, b"extra %d" % len(tries), args.hang)
            tries.append(outcome)
            if outcome == "served":
                raise Failure("with %d clients connected the server was out of descriptors, yet a new client was "
                              "served a moment later although no client had left" % len(held))
            if outcome == "hung":
                used = cpu_seconds(pid) - cpu_before
                raise Failure("a client that connected while the server was out of descriptors got neither a reply "
                              "nor a closed connection within %.0f s (the server used %.1f s of CPU in the last %.1f s): "
                              "the first refusal worked but a later one did not; is the spare descriptor reopened "
                              "after each refusal?" % (args.hang, used, time.monotonic() - start))
            next_try = now + 0.2
        if now >= next_check:
            for j, s in enumerate(held):
                req, rep = proto.exchange(b"still served %d" % j)
                round_trip(s, req, rep, args.timeout, "client %d (connected before the descriptors ran out)" % (j + 1))
            next_check = now + 0.5
        time.sleep(0.02)
    elapsed = time.monotonic() - start
    used = cpu_seconds(pid) - cpu_before
    share = used / elapsed
    print("%d clients served before the descriptors ran out; %d more connection attempts refused at once; "
          "server CPU %.0f%% of one core over %.1f s while refusing" % (first, len(tries), share * 100, elapsed))
    if share > args.max_cpu:
        raise Failure("the server used %.0f%% of a CPU over %.1f s while out of descriptors, with only %d clients "
                      "to serve: it is busy-looping (a listener whose pending connection it cannot accept stays "
                      "readable; the loop wakes up again at once)" % (share * 100, elapsed, len(tries)))

    # Clients leave; the server must accept again.
    leaving = max(1, len(held) // 2)
    for s in held[:leaving]:
        s.close()
    del held[:leaving]
    deadline = time.monotonic() + args.recover
    while True:
        outcome, s = attempt(args, proto, b"after recovery", args.hang)
        if outcome == "served":
            held.append(s)
            break
        if outcome == "hung":
            raise Failure("after %d clients left, a new client was neither served nor closed within %.0f s"
                          % (leaving, args.hang))
        if time.monotonic() > deadline:
            raise Failure("%d clients left %.0f s ago, freeing their descriptors, but new clients are still refused: "
                          "the server does not recover once descriptors are free again" % (leaving, args.recover))
        time.sleep(0.1)
    again = 1 + fill(b"refill")
    for j, s in enumerate(held):
        req, rep = proto.exchange(b"last check %d" % j)
        round_trip(s, req, rep, args.timeout, "client %d" % (j + 1))
    for s in held:
        s.close()
    print("after %d clients left, %d new clients were served, then new ones were refused again" % (leaving, again))


# ---------------------------------------------------------------------------
# Too slow.
# ---------------------------------------------------------------------------

def slowloris(args):
    """--slow clients each send a request one byte per second, for
    --seconds; --idle clients do one round trip and then say nothing;
    --stalled clients send half a request and then say nothing; one busy
    client does a round trip every 100 ms throughout. With no
    --server-timeout, nobody is closed and everyone is served at the end.
    With --server-timeout T (the server runs with --timeout T), the idle and
    stalled clients must be closed after T seconds of silence (not sooner,
    and within T + 3 s), while the slow and busy ones, which keep talking,
    stay connected."""
    proto = Proto(args.chapter)
    ensure_open_files(args.slow + args.idle + args.stalled + 100)
    T = args.server_timeout
    sel = selectors.DefaultSelector()

    # The slow ones: a request longer than the trickle, the rest sent at the end.
    slow = []
    for i in range(args.slow):
        tag = b"slow client %d" % i
        if proto.echo:
            tag += b" " + b"." * max(0, args.seconds + 8 - len(tag))
        req, rep = proto.exchange(tag)
        c = Client(i, connect(args), req, rep)
        c.sock.setblocking(False)
        c.kind = "slow"
        c.pos = 0
        slow.append(c)
    # The idle ones: one round trip now, then nothing.
    idle = []
    for i in range(args.idle):
        s = connect(args)
        req, rep = proto.exchange(b"idle client %d" % i)
        round_trip(s, req, rep, args.timeout, "idle client %d" % i)
        s.setblocking(False)
        c = Client(i, s)
        c.kind = "idle"
        c.quiet_since = time.monotonic()
        idle.append(c)
    # The stalled ones: half a request, then nothing.
    stalled = []
    for i in range(args.stalled):
        s = connect(args)
        req, rep = proto.exchange(b"stalled client %d" % i)
        if proto.echo:
            # The echo server answers every byte: it is only the silence that counts.
            req = req[:-1]
            rep = rep[:-1]
            round_trip(s, req, rep, args.timeout, "stalled client %d" % i)
            c = Client(i, s, b"\n", b"\n")
        else:
            half = len(req) // 2
            s.sendall(req[:half])
            c = Client(i, s, req[half:], rep)
        s.setblocking(False)
        c.kind = "stalled"
        c.quiet_since = time.monotonic()
        stalled.append(c)
    for c in slow + idle + stalled:
        sel.register(c.sock, selectors.EVENT_READ, c)

    busy = connect(args)
    busy.setblocking(False)
    busy_req, busy_rep = proto.ping()
    busy_got = b""
    busy_sent_at = None
    busy_next = time.monotonic()
    busy_slowest = 0.0
    busy_count = 0
    sel.register(busy, selectors.EVENT_READ, None)

    start = time.monotonic()
    end = start + args.seconds
    closed_at = {}

    def on_readable(c, now):
        try:
            chunk = c.sock.recv(65536)
        except BlockingIOError:
            return
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            sel.unregister(c.sock)
            closed_at[(c.kind, c.index)] = now
            return
        c.got += chunk

    while True:
        now = time.monotonic()
        if now >= end:
            break
        # Each slow client sends its next byte once a second, spread over the second.
        for c in slow:
            if (c.kind, c.index) in closed_at:
                continue
            due = start + c.pos + c.index / max(1, len(slow))
            if now >= due and c.pos < len(c.out) - 1:
                try:
                    c.sock.send(c.out[c.pos:c.pos + 1])
                    c.pos += 1
                except (BlockingIOError, ConnectionResetError, BrokenPipeError):
                    pass
        if busy_sent_at is None and now >= busy_next:
            busy.send(busy_req)
            busy_sent_at = now
            busy_got = b""
        if busy_sent_at is not None and now - busy_sent_at > args.busy_timeout:
            raise Failure("a busy client's request went unanswered for %.1f s while %d slow clients trickled "
                          "their requests a byte at a time: one slow client must never hold up the others"
                          % (now - busy_sent_at, len(slow)))
        for key, _ in sel.select(timeout=0.02):
            if key.data is None:
                try:
                    chunk = busy.recv(65536)
                except BlockingIOError:
                    continue
                if not chunk:
                    raise Failure("the server closed the busy client's connection (it sent a request every 100 ms)")
                busy_got += chunk
                if not busy_rep.startswith(busy_got):
                    raise Failure("the busy client sent %r and got %r" % (busy_req, busy_got))
                if busy_got == busy_rep:
                    t = time.monotonic()
                    busy_slowest = max(busy_slowest, t - busy_sent_at)
                    busy_count += 1
                    busy_sent_at = None
                    busy_next = t + 0.1
            else:
                on_readable(key.data, time.monotonic())
        # Early verdicts.
        for (kind, i), when in closed_at.items():
            if kind == "slow" or T == 0:
                who = {"slow": "a client sending a byte every second", "idle": "an idle client",
                       "stalled": "a client with half a request sent"}[kind]
                why = (" without --timeout, idle clients are never closed" if T == 0 else
                       " it is not idle: it sends a byte every second, and --timeout is %d s" % T)
                raise Failure("the server closed %s (number %d) %.1f s into the test:%s"
                              % (who, i, when - start, why))

    # Verdicts on the silent ones.
    quiet_times = []
    if T > 0:
        for c in idle + stalled:
            when = closed_at.get((c.kind, c.index))
            quiet = (when if when is not None else time.monotonic()) - c.quiet_since
            if when is None:
                raise Failure("with --timeout %d, an %s client (number %d) was still connected after %.1f s "
                              "of silence: the periodic timer should close clients idle for more than %d s"
                              % (T, c.kind, c.index, quiet, T))
            if quiet < T - 0.25:
                raise Failure("with --timeout %d, an %s client (number %d) was closed after only %.1f s of "
                              "silence" % (T, c.kind, c.index, quiet))
            if quiet > T + 3.0:
                raise Failure("with --timeout %d, an %s client (number %d) was closed only after %.1f s of "
                              "silence" % (T, c.kind, c.index, quiet))
            if c.got:
                raise Failure("the server sent %r to an idle client it closed; a timed-out client is closed "
                              "without a word" % bytes(c.got[:80]))
            quiet_times.append(quiet)

    # The end: the slow ones finish their requests; without a timeout the
    # silent ones are served too.
    finishing = []
    for c in slow:
        c.out = c.out[c.pos:]
        finishing.append(c)
    if T == 0:
        for c in idle:
            c.out, c.expect = proto.exchange(b"idle client %d, awake" % c.index)
            c.got = bytearray()
            finishing.append(c)
        finishing.extend(stalled)
    for c in finishing:
        try:
            sel.unregister(c.sock)
        except KeyError:
            pass
        if c.kind == "slow" and proto.echo:
            # What was trickled so far has been echoed, or is on its way.
            if bytes(c.got) != c.expect[:len(c.got)]:
                raise Failure("a slow client sent %r a byte at a time and got back %r"
                              % (c.expect[:c.pos], bytes(c.got)))
            c.expect = c.expect[len(c.got):]
        elif c.got:
            raise Failure("the server sent %r to a %s client whose request was not complete yet"
                          % (bytes(c.got[:80]), c.kind))
    exchange_all(finishing, args.timeout, "the slow clients finishing their requests")
    for c in slow + idle + stalled:
        c.sock.close()
    busy.close()
    silent = len(idle) + len(stalled)
    if T > 0:
        verdict = ("with --timeout %d, the %d silent clients were closed after %.1f to %.1f s of silence"
                   % (T, silent, min(quiet_times), max(quiet_times)))
    else:
        verdict = "the %d silent clients stayed connected and were served" % silent
    print("%d clients sent a byte a second for %d s and were then served; %s; the busy client got %d replies, "
          "the slowest in %.0f ms" % (len(slow), args.seconds, verdict, busy_count, busy_slowest * 1000))


# ---------------------------------------------------------------------------
# Leaving at the wrong moment.
# ---------------------------------------------------------------------------

class Bystander:
    """A client connected throughout, which must be served before and after
    every hostile act."""

    def __init__(self, args, proto):
        self.args = args
        self.proto = proto
        self.sock = connect(args)
        self.n = 0

    def check(self, when):
        req, rep = self.proto.exchange(b"bystander %d" % self.n)
        self.n += 1
        round_trip(self.sock, req, rep, self.args.timeout, "a client connected throughout (%s)" % when)

    def query(self, request, reply, when):
        round_trip(self.sock, request, reply, self.args.timeout, "a client connected throughout (%s)" % when)


def mid_command(args):
    """Many clients each send a prefix of a request, every prefix from one
    byte to all but the last byte, then leave: half close their socket
    (FIN), half reset it (RST). The command must never run (from chapter 4
    the request is a SET, and the key must not exist afterwards), the
    server must close every one of those connections, and keep serving."""
    proto = Proto(args.chapter)
    pid = args.pid
    bystander = Bystander(args, proto)
    bystander.check("before")
    fds_before = fd_count(pid)
    key = b"robust:midcommand"
    if proto.echo:
        requests = [b"a line cut short before its end\n"]
    elif proto.keys:
        requests = [command(b"SET", key, b"value"), b"SET " + key + b" value\r\n",
                    b"PING\r\n" + command(b"SET", key, b"value")]
    else:
        requests = [command(b"ECHO", b"cut short"), b"ECHO cut-short\r\n", b"PING\r\n" + command(b"ECHO", b"x")]
    socks = []
    for req in requests:
        for cut in range(1, len(req)):
            s = connect(args)
            s.sendall(req[:cut])
            socks.append(s)
    time.sleep(0.3)  # let the server read every prefix
    for i, s in enumerate(socks):
        if i % 2:
            reset(s)
        else:
            s.close()
    bystander.check("after %d clients left in the middle of a command" % len(socks))
    settle_fds(pid, fds_before, 5, "%d clients left in the middle of a command; 5 s later" % len(socks))
    if proto.keys:
        bystander.query(command(b"EXISTS", key), b":0\r\n",
                        "EXISTS %s, after clients left mid-way through SET %s" % (key.decode(), key.decode()))
    print("%d clients left mid-command (half FIN, half RST); none of their commands ran, their connections "
          "were closed, the others kept being served" % len(socks))


def mid_reply(args):
    """Clients ask for replies of several megabytes (echoed data; ECHO of
    256 KB; GET of a 1 MB value), read a part of them, and leave: some after
    one byte, some in the middle, some after a few MB; half with FIN, half
    with RST. The server must drop them cleanly (no crash on EPIPE or
    ECONNRESET, no descriptor left behind) and keep serving the others."""
    proto = Proto(args.chapter)
    pid = args.pid
    bystander = Bystander(args, proto)
    bystander.check("before")
    value = bytes(range(256)) * 4096  # 1 MB
    if proto.echo:
        request = value * 4
        reply = request
    elif proto.keys:
        bystander.query(command(b"SET", b"robust:big", value), b"+OK\r\n", "SET robust:big, 1 MB")
        request = command(b"GET", b"robust:big") * 8
        reply = bulk(value) * 8
    else:
        arg = value[:256 * 1024]
        request = command(b"ECHO", arg) * 16
        reply = bulk(arg) * 16
    fds_before = fd_count(pid)
    cuts = [1, 1000, 64 * 1024, 300 * 1024, 1 << 20, 2 << 20, 3 << 20, len(reply) - 1]
    clients = []
    sel = selectors.DefaultSelector()
    # Three ways to leave: close (FIN, or RST if replies are unread), reset
    # (RST), and half-close after the requests, then reset: the server's
    # socket, in CLOSE_WAIT, then fails its next write with EPIPE, which
    # raises SIGPIPE, and kills the server unless it ignores SIGPIPE.
    ways = ["close", "reset", "half-close, then reset"]
    for i, cut in enumerate(cuts * len(ways)):
        s = connect(args)
        s.setblocking(False)
        c = Client(i, s, request, reply[:cut])
        c.way = ways[i // len(cuts)]
        clients.append(c)
        sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE, c)
    left = 0
    checked_midway = False
    last = time.monotonic()
    while left < len(clients):
        events = sel.select(timeout=0.1)
        if events:
            last = time.monotonic()
        elif time.monotonic() - last > args.timeout:
            raise Failure("clients asking for large replies: nothing arrived for %.0f s" % args.timeout)
        for key, mask in events:
            c = key.data
            if mask & selectors.EVENT_WRITE and c.out:
                try:
                    n = c.sock.send(c.out[:1 << 20])
                    c.out = c.out[n:]
                except BlockingIOError:
                    pass
                if not c.out:
                    sel.modify(c.sock, selectors.EVENT_READ, c)
                    if c.way == "half-close, then reset":
                        c.sock.shutdown(socket.SHUT_WR)
            if mask & selectors.EVENT_READ:
                try:
                    chunk = c.sock.recv(min(1 << 20, len(c.expect) - len(c.got)))
                except BlockingIOError:
                    continue
                except ConnectionResetError:
                    chunk = b""
                if not chunk and c.way.startswith("half"):
                    # Redis frees a client as soon as it reads its EOF, with
                    # whatever replies it still owed: this one is leaving anyway.
                    sel.unregister(c.sock)
                    c.sock.close()
                    left += 1
                    continue
                if not chunk:
                    raise Failure("the server closed a connection that was still receiving its replies "
                                  "(after %d bytes)" % len(c.got))
                at = len(c.got)
                c.got += chunk
                if chunk != c.expect[at:at + len(chunk)]:
                    raise Failure("a client asking for large replies got wrong bytes between offsets %d and %d"
                                  % (at, len(c.got)))
                if len(c.got) == len(c.expect):
                    sel.unregister(c.sock)
                    if c.way == "close":
                        c.sock.close()
                    else:
                        reset(c.sock)
                    left += 1
        if not checked_midway and left >= len(cuts):
            bystander.check("while other clients were leaving in the middle of their replies")
            checked_midway = True
    sel.close()
    bystander.check("after %d clients left in the middle of their replies" % len(clients))
    settle_fds(pid, fds_before, 5, "%d clients left in the middle of large replies; 5 s later" % len(clients))
    if proto.keys:
        bystander.query(command(b"GET", b"robust:big"), bulk(value), "GET robust:big after it all")
    print("%d clients left in the middle of %.0f MB replies, after 1 byte to all but the last byte (%s); "
          "the server closed them all and kept serving" % (len(clients), mb(len(reply)), "; ".join(ways)))


def run_pipeline(args, proto, sock, reqs, reps, half_close, read_limit=None, send_limit=None, what="the pipeline"):
    """Send the requests on a non-blocking socket while reading the replies,
    checking them as they come. Stops after send_limit bytes sent and
    read_limit bytes read, if given. A client that reads nothing
    (read_limit 0) may find the server no longer reading either, once the
    replies fill the buffers (backpressure, rightly): after a second with no
    progress, it stops sending. Returns (bytes sent, bytes received, whether
    the server closed)."""
    request = b"".join(reqs)
    expect = b"".join(reps)
    ends = []
    total = 0
    for r in reps:
        total += len(r)
        ends.append(total)
    send_to = len(request) if send_limit is None else send_limit
    read_to = len(expect) if read_limit is None else read_limit
    sock.setblocking(False)
    sel = selectors.DefaultSelector()
    sent = 0
    got = bytearray()
    closed = False
    shut = False
    last = time.monotonic()
    progress = (0, 0)
    watching = 0
    while True:
        reading = not closed and (len(got) < read_to or half_close)
        writing = sent < send_to
        if not writing and not reading:
            break
        if sent >= send_to and len(got) >= read_to and (not half_close or closed):
            break
        want = (selectors.EVENT_READ if reading else 0) | (selectors.EVENT_WRITE if writing else 0)
        if want != watching:
            if watching:
                sel.modify(sock, want)
            else:
                sel.register(sock, want)
            watching = want
        events = sel.select(timeout=0.1)
        now = time.monotonic()
        if (sent, len(got)) != progress:
            progress = (sent, len(got))
            last = now
        elif read_to == 0 and not half_close and now - last > 1.0:
            break  # not reading, and the server has stopped reading too
        elif now - last > args.timeout:
            if writing and len(got) < read_to:
                raise Failure("%s: stuck for %.0f s with %d of %d bytes sent and %d of %d reply bytes received"
                              % (what, args.timeout, sent, send_to, len(got), read_to))
            if len(got) < read_to:
                raise Failure("%s: all %d bytes sent, but only %d of the %d reply bytes (%d of %d replies) "
                              "arrived, and then nothing for %.0f s"
                              % (what, sent, len(got), read_to, bisect.bisect_right(ends, len(got)),
                                 len(reps), args.timeout))
            raise Failure("%s: every reply arrived, but the server did not close the connection within %.0f s "
                          "of the client's half-close (it read EOF and owed nothing more)" % (what, args.timeout))
        for _, mask in events:
            if mask & selectors.EVENT_WRITE and sent < send_to:
                try:
                    sent += sock.send(request[sent:min(send_to, sent + (1 << 18))])
                except BlockingIOError:
                    pass
                except OSError as e:
                    raise Failure("%s: sending failed after %d bytes: %s" % (what, sent, e.strerror or e))
                if sent >= send_to and half_close and not shut:
                    sock.shutdown(socket.SHUT_WR)
                    shut = True
            if mask & selectors.EVENT_READ and reading:
                try:
                    chunk = sock.recv(1 << 18)
                except BlockingIOError:
                    continue
                except ConnectionResetError:
                    chunk = b""
                if not chunk:
                    closed = True
                    if len(got) < read_to:
                        done = bisect.bisect_right(ends, len(got))
                        raise Failure("%s: the server closed the connection after %d of the %d replies (%d of %d bytes)%s"
                                      % (what, done, len(reps), len(got), len(expect),
                                         "; the client had half-closed after sending everything, and was still "
                                         "owed every reply" if shut else ""))
                    continue
                at = len(got)
                got += chunk
                upto = min(len(got), len(expect))
                if got[at:upto] != expect[at:upto]:
                    while got[at] == expect[at]:
                        at += 1
                    i = bisect.bisect_right(ends, at)
                    first = ends[i - 1] if i else 0
                    raise Failure("%s: reply %d of %d is wrong: to %r the server answered %r, expected %r"
                                  % (what, i + 1, len(reps), reqs[i][:60], bytes(got[first:first + 60]),
                                     reps[i][:60]))
                if len(got) > len(expect):
                    raise Failure("%s: the server sent %d bytes more than the %d replies: %r"
                                  % (what, len(got) - len(expect), len(reps), bytes(got[len(expect):][:80])))
    sel.close()
    return sent, len(got), closed


def pipeline(args):
    """--commands requests in one go, sent while the replies are read; every
    reply must come back, in order, byte for byte. With --half-close the
    client shuts down its writing side after the last request: the server
    owes it every reply all the same, and then closes."""
    proto = Proto(args.chapter)
    reqs, reps = proto.pipeline(args.commands)
    s = connect(args)
    start = time.monotonic()
    what = "%d pipelined %s%s" % (args.commands, proto.describe(), " then a half-close" if args.half_close else "")
    sent, got, _ = run_pipeline(args, proto, s, reqs, reps, args.half_close, what=what)
    took = time.monotonic() - start
    if not args.half_close:
        s.setblocking(True)
        req, rep = proto.ping()
        round_trip(s, req, rep, args.timeout, "the pipelining client, after its pipeline")
    s.close()
    print("%d %s (%.1f MB) got their %d replies in order (%.1f MB) in %.2f s%s"
          % (args.commands, proto.describe(), mb(sent), len(reps), mb(got), took,
             ", then the server closed the half-closed connection" if args.half_close else ""))


def mid_pipeline(args):
    """A client sends --commands pipelined requests and leaves in the middle:
    after sending half of them without reading (FIN, then RST), after reading
    half of the replies, and after a half-close without reading anything.
    The server must close each connection, keep serving the others, and not
    lose a descriptor."""
    proto = Proto(args.chapter)
    pid = args.pid
    reqs, reps = proto.pipeline(args.commands)
    request_len = sum(len(r) for r in reqs)
    reply_len = sum(len(r) for r in reps)
    bystander = Bystander(args, proto)
    bystander.check("before")
    fds_before = fd_count(pid)
    ways = []

    s = connect(args)
    sent, _, _ = run_pipeline(args, proto, s, reqs, reps, False, read_limit=0, send_limit=request_len // 2,
                              what="sending half a pipeline")
    s.close()
    ways.append("closed after sending %.1f of %.1f MB, reading nothing" % (mb(sent), mb(request_len)))
    bystander.check("after a client left half-way through sending its pipeline")

    s = connect(args)
    sent, _, _ = run_pipeline(args, proto, s, reqs, reps, False, read_limit=0, send_limit=request_len // 2 + 7,
                              what="sending half a pipeline")
    reset(s)
    ways.append("reset after sending %.1f MB" % mb(sent))
    bystander.check("after a client reset its connection half-way through sending its pipeline")

    s = connect(args)
    _, got, _ = run_pipeline(args, proto, s, reqs, reps, False, read_limit=reply_len // 2,
                             what="reading half the replies to a pipeline")
    s.close()
    ways.append("closed after reading %.1f of %.1f MB of replies" % (mb(got), mb(reply_len)))
    bystander.check("after a client left half-way through reading its replies")

    s = connect(args)
    sent, _, _ = run_pipeline(args, proto, s, reqs, reps, False, read_limit=0, what="sending a whole pipeline")
    s.shutdown(socket.SHUT_WR)
    time.sleep(0.2)
    reset(s)
    ways.append("half-closed after sending %s, then reset without reading"
                % ("all %d commands" % args.commands if sent == request_len else
                   "%.1f MB (the server had stopped reading)" % mb(sent)))
    bystander.check("after a client left without reading any of its replies")

    settle_fds(pid, fds_before, 5, "four clients left in the middle of their pipelines; 5 s later")
    print("%d-command pipelines (%.1f MB of requests, %.1f MB of replies), the client leaving: %s; "
          "the server closed each one and kept serving" % (args.commands, mb(request_len), mb(reply_len),
                                                            "; ".join(ways)))


# ---------------------------------------------------------------------------
# Too greedy.
# ---------------------------------------------------------------------------

def flood(args):
    """A client asks for far more than it reads: from chapter 4, GETs of a
    1 MB value, pipelined, reading no reply; in chapter 3, ECHOs of 1 MB; in
    chapter 2, megabytes of data to echo. The server must stop reading from
    it (backpressure) instead of buffering replies: its memory grows by less
    than --max-growth. Meanwhile a second client's requests stay prompt."""
    proto = Proto(args.chapter)
    pid = args.pid
    probe = connect(args)
    value = bytes(range(256)) * 4096  # 1 MB
    if proto.echo:
        unit, per_unit, name = value, len(value), "MB to echo"
    elif proto.keys:
        round_trip(probe, command(b"SET", b"robust:flood", value), b"+OK\r\n", args.timeout, "SET robust:flood")
        unit, per_unit, name = command(b"GET", b"robust:flood") * 16, 16 * len(value), "GETs of a 1 MB value"
    else:
        unit, per_unit, name = command(b"ECHO", value), len(value), "ECHOs of 1 MB"
    limit = size(args.max_growth)
    base = rss_bytes(pid)
    fds_before = fd_count(pid)
    flooder = connect(args)
    flooder.setblocking(False)
    ping_req, ping_rep = proto.ping()

    sent = 0
    pending = unit
    units = 0
    peak = base
    slowest = 0.0
    probes = 0
    start = time.monotonic()
    stuck_since = None
    next_probe = start
    while True:
        now = time.monotonic()
        if now - start > args.duration:
            break
        try:
            n = flooder.send(pending)
            sent += n
            pending = pending[n:]
            if not pending:
                pending = unit
                units += 1
            stuck_since = None
        except BlockingIOError:
            stuck_since = stuck_since or now
            if now - stuck_since > args.stuck_for:
                break
            time.sleep(0.005)
        except OSError as e:
            raise Failure("the server closed the flooding client's connection (%s) instead of pausing it"
                          % (e.strerror or e))
        rss = rss_bytes(pid)
        peak = max(peak, rss)
        if rss - base > limit:
            reset(flooder)
            raise Failure("the server's memory grew by %.0f MB (over the %.0f MB allowed) while a client asked for "
                          "%.0f MB of replies and read none of them: it keeps reading requests and buffering their "
                          "replies; stop reading from a client whose replies pile up (backpressure)"
                          % (mb(rss - base), mb(limit), mb(units * per_unit)))
        if now >= next_probe:
            try:
                slowest = max(slowest, round_trip(probe, ping_req, ping_rep, args.probe_timeout,
                                                  "a second client, while another one flooded the server"))
            except Failure as f:
                grown = rss_bytes(pid) - base if process_alive(pid) else 0
                raise Failure("%s\n  meanwhile the server's memory grew by %.0f MB, after the flooding client had "
                              "sent %.1f MB of requests: is it still reading them, and answering, although the "
                              "replies pile up unread?" % (f, mb(grown), mb(sent)))
            probes += 1
            next_probe = time.monotonic() + 0.1
    slowest = max(slowest, round_trip(probe, ping_req, ping_rep, args.probe_timeout, "a second client, after the flood"))
    peak = max(peak, rss_bytes(pid))
    reset(flooder)
    settle_fds(pid, fds_before, 5, "the flooding client reset its connection; 5 s later")
    round_trip(probe, ping_req, ping_rep, args.probe_timeout, "a second client, after the flooder left")
    probe.close()
    if proto.echo:
        what = "%.1f MB to echo, and read none of it back" % mb(sent)
    elif proto.keys:
        one = len(unit) // 16
        what = ("%d %s (%.1f MB of requests, %.1f GB of replies), and read no reply"
                % (sent // one, name, mb(sent), sent // one * len(value) / (1 << 30)))
    else:
        what = "%d %s (%.1f MB of requests, as much in replies), and read no reply" % (sent // len(unit), name,
                                                                                       mb(sent))
    print("the flooding client sent %s; the server's memory went from %.1f MB to at most %.1f MB; "
          "%d probes from a second client meanwhile, the slowest answered in %.0f ms"
          % (what, mb(base), mb(peak), probes, slowest * 1000))


# ---------------------------------------------------------------------------

def main():
    p = argparse.ArgumentParser(description="Hostile and unlucky clients.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=int(os.environ.get("SERVER_PORT", "0") or 0))
    p.add_argument("--chapter", type=int, default=int(os.environ.get("CHAPTER", "5") or 5))
    p.add_argument("--timeout", type=float, default=float(os.environ.get("WIRE_TIMEOUT", "10")),
                   help="seconds without progress before a step fails")
    sub = p.add_subparsers(dest="scenario", required=True)

    m = sub.add_parser("many-connections")
    m.add_argument("--clients", type=int, default=10000)
    m.add_argument("--in-flight", type=int, default=256,
                   help="at most this many connections between connect() and their first reply")
    m.add_argument("--pid", type=int, required=True)

    f = sub.add_parser("fd-starvation")
    f.add_argument("--pid", type=int, required=True)
    f.add_argument("--max-clients", type=int, default=500)
    f.add_argument("--hang", type=float, default=2.0, help="seconds a refused client may wait to be closed")
    f.add_argument("--window", type=float, default=2.0, help="seconds spent out of descriptors")
    f.add_argument("--max-cpu", type=float, default=0.5, help="share of one CPU allowed while out of descriptors")
    f.add_argument("--recover", type=float, default=5.0, help="seconds to start serving again after clients leave")

    s = sub.add_parser("slowloris")
    s.add_argument("--slow", type=int, default=300)
    s.add_argument("--idle", type=int, default=20)
    s.add_argument("--stalled", type=int, default=20)
    s.add_argument("--seconds", type=int, default=4)
    s.add_argument("--server-timeout", type=int, default=0, help="the server's --timeout (0: none)")
    s.add_argument("--busy-timeout", type=float, default=2.0,
                   help="seconds the busy client may wait for a reply")

    sub.add_parser("mid-command").add_argument("--pid", type=int, required=True)
    sub.add_parser("mid-reply").add_argument("--pid", type=int, required=True)

    pl = sub.add_parser("pipeline")
    pl.add_argument("--commands", type=int, default=100000)
    pl.add_argument("--half-close", action="store_true")

    mp = sub.add_parser("mid-pipeline")
    mp.add_argument("--commands", type=int, default=100000)
    mp.add_argument("--pid", type=int, required=True)

    fl = sub.add_parser("flood")
    fl.add_argument("--pid", type=int, required=True)
    fl.add_argument("--max-growth", default="64M")
    fl.add_argument("--stuck-for", type=float, default=2.0)
    fl.add_argument("--duration", type=float, default=15.0)
    fl.add_argument("--probe-timeout", type=float, default=2.0)

    args = p.parse_args()
    scenario = {"many-connections": many_connections, "fd-starvation": fd_starvation, "slowloris": slowloris,
                "mid-command": mid_command, "mid-reply": mid_reply, "pipeline": pipeline,
                "mid-pipeline": mid_pipeline, "flood": flood}
    try:
        scenario[args.scenario](args)
    except (Failure, OSError) as e:
        print("FAIL: %s" % os.environ.get("BATS_TEST_DESCRIPTION", args.scenario))
        if isinstance(e, Failure):
            print("  " + str(e))
        else:
            print("  a socket operation failed: %s" % e)
        pid = getattr(args, "pid", None)
        deadline = time.monotonic() + 0.5
        while pid and process_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)  # a process being killed takes a moment to go
        if pid and not process_alive(pid):
            print("  the server process (pid %d) is no longer running: it crashed or was killed by a signal "
                  "(SIGPIPE, for one, kills a process that writes to a connection its peer has reset, "
                  "unless it ignores SIGPIPE)" % pid)
        if os.environ.get("HINT"):
            print("  hint: " + os.environ["HINT"])
        sys.exit(1)


if __name__ == "__main__":
    main()
