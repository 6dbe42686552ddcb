#!/usr/bin/env python3
"""scenarios: the echo-server tests that need more than one scripted connection.

    scenarios.py --port P bulk-echo --size 10M [--read-delay 1.0] [--slow-read]
    scenarios.py --port P many-clients --clients 100 --rounds 5
    scenarios.py --port P reset-mid-transfer
    scenarios.py --port P flood-no-read --bytes 256M --pid PID --max-rss 64M
    scenarios.py --port P listeners --connect 127.0.0.1 ::1 unix:/path/to/socket
    scenarios.py --port P max-clients --max 2

Each one prints what it measured, and on failure a "FAIL:" report that says what
went wrong in words a learner can act on. Exit status 0 on success, 1 on failure.
Only the Python standard library is used.
"""

import argparse
import os
import random
import selectors
import socket
import sys
import time


class Failure(Exception):
    pass


def size(text):
    """'10M' -> 10485760; '64K' -> 65536; '123' -> 123."""
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    if text[-1].upper() in units:
        return int(text[:-1]) * units[text[-1].upper()]
    return int(text)


def connect(args):
    if args.unix:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(args.unix)
    else:
        family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
        s = socket.socket(family, socket.SOCK_STREAM)
        s.connect((args.host, args.port))
    return s


def payload(n, seed):
    """n bytes that are easy to check: every byte value appears, and no two
    positions of a 1 MB window look alike, so a lost or repeated chunk shows."""
    rnd = random.Random(seed)
    block = bytes(rnd.getrandbits(8) for _ in range(min(n, 1 << 16)))
    out = bytearray()
    counter = 0
    while len(out) < n:
        out += counter.to_bytes(4, "big") + block
        counter += 1
    return bytes(out[:n])


def first_difference(a, b):
    for i in range(min(len(a), len(b))):
        if a[i] != b[i]:
            return i
    return min(len(a), len(b))


def rss_bytes(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise Failure("cannot read the server's memory from /proc/%d/status" % pid)


def round_trip(sock, message, timeout):
    """Send message and wait until it comes back whole. Returns the seconds it took."""
    start = time.monotonic()
    sock.settimeout(timeout)
    sock.sendall(message)
    got = b""
    while len(got) < len(message):
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            raise Failure("an echo of %d bytes took longer than %.0f s (got %d bytes back)"
                          % (len(message), timeout, len(got)))
        if not chunk:
            raise Failure("the server closed a connection that was only echoing")
        got += chunk
    if got != message:
        raise Failure("a client got back bytes that differ from what it sent")
    return time.monotonic() - start


# ---------------------------------------------------------------------------

def bulk_echo(args):
    """Send --size bytes and check every one comes back, in order. With
    --read-delay, the client sends for that long before it reads anything, so
    the server's writes fill the kernel buffers and come back partial. With
    --slow-read, the client reads in small sips (--sip bytes) with pauses."""
    total = size(args.size)
    data = payload(total, seed=1)
    s = connect(args)
    s.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE)
    sent = 0
    received = bytearray()
    start = time.monotonic()
    last_progress = start
    read_from = start + args.read_delay
    while len(received) < total:
        now = time.monotonic()
        if now - last_progress > args.timeout:
            raise Failure("no progress for %.0f s: sent %d of %d bytes, %d came back"
                          % (args.timeout, sent, total, len(received)))
        events = sel.select(timeout=0.05)
        for _, mask in events:
            if mask & selectors.EVENT_WRITE and sent < total:
                try:
                    n = s.send(data[sent:sent + 256 * 1024])
                    sent += n
                    last_progress = time.monotonic()
                except BlockingIOError:
                    pass
                if sent == total:
                    sel.modify(s, selectors.EVENT_READ)
            if mask & selectors.EVENT_READ and time.monotonic() >= read_from:
                want = size(args.sip) if args.slow_read else 1 << 20
                try:
                    chunk = s.recv(want)
                except BlockingIOError:
                    continue
                if not chunk:
                    raise Failure("the server closed the connection after echoing %d of %d bytes"
                                  % (len(received), total))
                received += chunk
                last_progress = time.monotonic()
                if args.slow_read:
                    time.sleep(0.0005)
        if not events and time.monotonic() < read_from:
            time.sleep(0.01)
    if bytes(received) != data:
        at = first_difference(received, data)
        raise Failure("the echoed bytes differ from the sent ones at offset %d of %d "
                      "(a lost, repeated or reordered chunk)" % (at, total))
    print("echoed %d bytes intact in %.2f s" % (total, time.monotonic() - start))


def many_clients(args):
    """--clients connections open at once. In every round each client sends a
    message of its own, in a shuffled order (in --pieces parts, interleaved
    with the other clients' parts), and then every client must get back
    exactly its own message, nothing of anyone else's."""
    socks = []
    for i in range(args.clients):
        try:
            socks.append(connect(args))
        except OSError as e:
            raise Failure("connecting client %d of %d failed: %s" % (i + 1, args.clients, e))
    rnd = random.Random(7)
    for r in range(args.rounds):
        order = list(range(len(socks)))
        rnd.shuffle(order)
        expected = {}
        for i in order:
            msg = ("client %d round %d %s\n" % (i, r, "x" * rnd.randint(0, 200))).encode()
            if args.pieces == 1:
                socks[i].sendall(msg)
            expected[i] = msg
        if args.pieces > 1:
            # Each message goes out in --pieces parts, every pass in a new
            # order, with a pause between passes: the server holds a part of
            # every client's message while the other clients' parts arrive.
            for part in range(args.pieces):
                rnd.shuffle(order)
                for i in order:
                    msg = expected[i]
                    cut = [len(msg) * k // args.pieces for k in (part, part + 1)]
                    socks[i].sendall(msg[cut[0]:cut[1]])
                time.sleep(0.02)
        sel = selectors.DefaultSelector()
        got = {}
        for i, s in enumerate(socks):
            s.setblocking(False)
            sel.register(s, selectors.EVENT_READ, i)
            got[i] = b""
        deadline = time.monotonic() + args.timeout
        waiting = set(range(len(socks)))
        while waiting:
            if time.monotonic() > deadline:
                i = min(waiting)
                raise Failure("round %d: client %d got %r, expected %r (and %d clients were still waiting)"
                              % (r, i, got[i], expected[i], len(waiting)))
            for key, _ in sel.select(timeout=0.1):
                i = key.data
                chunk = key.fileobj.recv(65536)
                if not chunk:
                    raise Failure("round %d: the server closed client %d's connection" % (r, i))
                got[i] += chunk
                if not expected[i].startswith(got[i]):
                    raise Failure("round %d: client %d got bytes that are not its own: %r (expected %r)"
                                  % (r, i, got[i], expected[i]))
                if got[i] == expected[i]:
                    waiting.discard(i)
        sel.close()
        for s in socks:
            s.setblocking(True)
    for s in socks:
        s.close()
    print("%d clients x %d rounds: every client got exactly its own bytes" % (args.clients, args.rounds))


def reset_mid_transfer(args):
    """A client sends a large payload without reading, then resets the
    connection (RST, not a polite FIN) while the server is still echoing to it.
    Another client, connected before and after, must keep being served."""
    bystander = connect(args)
    round_trip(bystander, b"before the reset\n", args.timeout)

    victim = connect(args)
    victim.setblocking(False)
    data = payload(8 << 20, seed=2)
    sent = 0
    deadline = time.monotonic() + 2.0
    while sent < len(data) and time.monotonic() < deadline:
        try:
            sent += victim.send(data[sent:sent + 65536])
        except BlockingIOError:
            time.sleep(0.01)
    # SO_LINGER with a zero timeout makes close() send RST and drop unread data.
    victim.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    victim.close()

    time.sleep(0.2)
    round_trip(bystander, b"after the reset\n", args.timeout)
    newcomer = connect(args)
    round_trip(newcomer, b"a new client after the reset\n", args.timeout)
    print("sent %d bytes, reset the connection; the other clients kept being served" % sent)


def flood_no_read(args):
    """A client sends up to --bytes without reading a single reply. The server
    must stop taking its input (backpressure) instead of buffering it all:
    resident memory stays under --max-rss, and a second client's echoes stay
    prompt throughout."""
    limit = size(args.max_rss)
    total = size(args.bytes)
    base_rss = rss_bytes(args.pid)
    flood = connect(args)
    flood.setblocking(False)
    probe = connect(args)
    block = payload(1 << 20, seed=3)
    sent = 0
    peak = base_rss
    slowest = 0.0
    start = time.monotonic()
    blocked_since = None
    next_probe = start
    while sent < total:
        try:
            sent += flood.send(block)
            blocked_since = None
        except BlockingIOError:
            # The kernel buffers are full and the server is not reading: that
            # is backpressure working. Wait a little and stop once the flood
            # has been stuck for a while.
            blocked_since = blocked_since or time.monotonic()
            if time.monotonic() - blocked_since > args.stuck_for:
                break
            time.sleep(0.01)
        now = time.monotonic()
        if now >= next_probe:
            slowest = max(slowest, round_trip(probe, b"are you still there?\n", args.timeout))
            peak = max(peak, rss_bytes(args.pid))
            next_probe = now + 0.1
        if now - start > args.duration:
            break
    slowest = max(slowest, round_trip(probe, b"still there after the flood?\n", args.timeout))
    peak = max(peak, rss_bytes(args.pid))
    flood.close()
    print("the flooding client pushed %.1f MB before the server stopped reading it; "
          "server RSS %.1f MB at start, %.1f MB at peak; slowest probe echo %.0f ms"
          % (sent / 1e6, base_rss / 1e6, peak / 1e6, slowest * 1000))
    if peak > limit:
        raise Failure("the server's resident memory reached %.1f MB, over the %.1f MB limit: "
                      "it keeps reading from a client that does not read its replies "
                      "(see backpressure)" % (peak / 1e6, limit / 1e6))


def connect_endpoint(endpoint, port):
    """'unix:PATH' is a Unix-domain socket; anything else an IP address."""
    if endpoint.startswith("unix:"):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(endpoint[len("unix:"):])
    else:
        family = socket.AF_INET6 if ":" in endpoint else socket.AF_INET
        s = socket.socket(family, socket.SOCK_STREAM)
        s.connect((endpoint, port))
    return s


def describe_endpoint(endpoint, port):
    if endpoint.startswith("unix:"):
        return "the Unix socket %s" % endpoint[len("unix:"):]
    if ":" in endpoint:
        return "[%s]:%d" % (endpoint, port)
    return "%s:%d" % (endpoint, port)


def listeners(args):
    """One client through each --connect endpoint, all connected at the same
    time. In every round each client sends a message naming its endpoint, all
    before any reply is read, so the one loop must serve the clients of every
    listener together; each must get back exactly its own bytes."""
    conns = []
    for ep in args.connect:
        where = describe_endpoint(ep, args.port)
        try:
            s = connect_endpoint(ep, args.port)
        except OSError as e:
            raise Failure("could not connect through %s: %s (is the server listening there?)"
                          % (where, e.strerror or e))
        s.settimeout(args.timeout)
        conns.append((where, s))
    for r in range(args.rounds):
        sent = {}
        for where, s in conns:
            sent[where] = ("round %d through %s %s\n" % (r, where, "." * (r * 1000))).encode()
            s.sendall(sent[where])
        for where, s in reversed(conns):
            got = b""
            while len(got) < len(sent[where]):
                try:
                    chunk = s.recv(65536)
                except socket.timeout:
                    raise Failure("round %d: the client connected through %s got %r of %r within %.0f s, "
                                  "while the clients of the other listeners were waiting too"
                                  % (r, where, got[:80], sent[where][:80], args.timeout))
                if not chunk:
                    raise Failure("round %d: the server closed the connection made through %s" % (r, where))
                got += chunk
            if got != sent[where]:
                raise Failure("round %d: the client connected through %s got %r, expected %r"
                              % (r, where, got[:120], sent[where][:120]))
    for _, s in conns:
        s.close()
    print("%d rounds echoed through %s at once" % (args.rounds, ", ".join(w for w, _ in conns)))


def try_echo(s, message, timeout):
    """Send message on a fresh connection. Returns "echoed" when it came
    back whole, "closed" when the server closed (or reset) the connection
    having sent nothing; raises Failure for anything else."""
    s.settimeout(timeout)
    got = b""
    try:
        s.sendall(message)
        while len(got) < len(message):
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
    except socket.timeout:
        raise Failure("a new client sent %r and for %.0f s got %r back, and the connection stayed open: "
                      "the server must either serve a client or close it at once"
                      % (message, timeout, got))
    except (ConnectionResetError, BrokenPipeError):
        pass
    if got == message:
        return "echoed"
    if got == b"":
        return "closed"
    raise Failure("a new client sent %r, got %r back, then the connection closed" % (message, got))


def max_clients(args):
    """The server runs with --maxclients --max. That many clients are served;
    one more is closed at once, without an echo, while they stay connected
    (twice, so refusing does not change the count); once one of them leaves,
    a new client is served again, and then the server is full again."""
    n = args.max
    held = []

    def admit(label):
        # Retry for a moment: the harness's readiness probe (connect, close at
        # once) may still hold a slot until the server has seen it go.
        deadline = time.monotonic() + args.settle
        while True:
            s = connect(args)
            msg = ("%s\n" % label).encode()
            if try_echo(s, msg, args.timeout) == "echoed":
                return s
            s.close()
            if time.monotonic() > deadline:
                return None
            time.sleep(0.1)

    for i in range(n):
        s = admit("client %d of %d" % (i + 1, n))
        if s is None:
            raise Failure("with --maxclients %d and %d client(s) connected, client %d was closed "
                          "without an echo for %.0f s: the server refuses clients below its limit "
                          "(a client that has closed, such as the harness's connect-and-close "
                          "readiness check, must free its slot)" % (n, i, i + 1, args.settle))
        held.append(s)

    def refused(label):
        s = connect(args)
        msg = ("%s\n" % label).encode()
        if try_echo(s, msg, args.timeout) == "echoed":
            raise Failure("with --maxclients %d and %d client(s) connected, one more client (%s) was "
                          "served: it should be accepted and closed at once" % (n, n, label))
        s.close()

    refused("one too many")
    refused("one too many, again")
    for i, s in enumerate(held):
        if try_echo(s, b"still here?\n", args.timeout) != "echoed":
            raise Failure("refusing a client closed client %d of the %d the server was serving"
                          % (i + 1, n))

    held.pop(0).close()
    s = admit("taking the free slot")
    if s is None:
        raise Failure("with --maxclients %d, one of %d clients left, yet new clients were still closed "
                      "at once %.0f s later: a client that leaves must free its slot"
                      % (n, n, args.settle))
    held.append(s)
    refused("one too many, once full again")
    for s in held:
        s.close()
    print("--maxclients %d: %d clients served, extra clients closed at once, "
          "a freed slot taken by a new client" % (n, n))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=int(os.environ.get("SERVER_PORT", "0") or 0))
    p.add_argument("--unix")
    p.add_argument("--timeout", type=float, default=float(os.environ.get("WIRE_TIMEOUT", "10")))
    sub = p.add_subparsers(dest="scenario", required=True)
    b = sub.add_parser("bulk-echo")
    b.add_argument("--size", default="1M")
    b.add_argument("--read-delay", type=float, default=0.0)
    b.add_argument("--slow-read", action="store_true")
    b.add_argument("--sip", default="4096", help="bytes per read with --slow-read")
    m = sub.add_parser("many-clients")
    m.add_argument("--clients", type=int, default=100)
    m.add_argument("--rounds", type=int, default=3)
    m.add_argument("--pieces", type=int, default=1)
    sub.add_parser("reset-mid-transfer")
    ls = sub.add_parser("listeners")
    ls.add_argument("--connect", nargs="+", required=True,
                    help="IP addresses (the server's --port) or unix:PATH")
    ls.add_argument("--rounds", type=int, default=3)
    mc = sub.add_parser("max-clients")
    mc.add_argument("--max", type=int, required=True)
    mc.add_argument("--settle", type=float, default=2.0,
                    help="seconds to keep retrying a client that should be served")
    f = sub.add_parser("flood-no-read")
    f.add_argument("--bytes", default="256M")
    f.add_argument("--pid", type=int, required=True)
    f.add_argument("--max-rss", default="64M")
    f.add_argument("--stuck-for", type=float, default=2.0)
    f.add_argument("--duration", type=float, default=20.0)
    args = p.parse_args()
    scenario = {"bulk-echo": bulk_echo, "many-clients": many_clients,
                "reset-mid-transfer": reset_mid_transfer, "flood-no-read": flood_no_read,
                "listeners": listeners, "max-clients": max_clients}
    try:
        scenario[args.scenario](args)
    except Failure as f:
        print("FAIL: %s" % os.environ.get("BATS_TEST_DESCRIPTION", args.scenario))
        print("  " + str(f))
        if os.environ.get("HINT"):
            print("  hint: " + os.environ["HINT"])
        sys.exit(1)
    except OSError as e:
        print("FAIL: %s" % os.environ.get("BATS_TEST_DESCRIPTION", args.scenario))
        print("  a socket operation failed: %s" % e)
        if os.environ.get("HINT"):
            print("  hint: " + os.environ["HINT"])
        sys.exit(1)


if __name__ == "__main__":
    main()
