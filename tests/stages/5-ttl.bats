#!/usr/bin/env bats
# Stage 5: timers in the loop, active expiry and the EXPIRE family (docs/05-ttl.md).
#
# One server serves the whole file, so every test empties the keyspace first
# (FLUSHALL on the same connection as its checks). Every reply is checked byte
# for byte against what Redis 7.0 sends; times that depend on the clock are
# checked within a tolerance. The active-expiry tests never read the keys they
# expect to disappear: only a timer in the event loop can remove them.

load ../lib/harness

DEFAULT_HINT="docs/05-ttl.md describes every command these tests send"

# fresh STEP...: one wire connection that starts from an empty keyspace.
fresh() {
  wire cmd FLUSHALL expect '+OK\r\n' "$@"
}

NULL='$-1\r\n'
NOT_INT='-ERR value is not an integer or out of range\r\n'
NX_CONFLICT='-ERR NX and XX, GT or LT options at the same time are not compatible\r\n'
GT_LT_CONFLICT='-ERR GT and LT options at the same time are not compatible\r\n'

# bad_expire NAME: the reply to a deadline that does not fit in 64-bit milliseconds.
bad_expire() {
  printf -- "-ERR invalid expire time in '%s' command\\\\r\\\\n" "$1"
}

arity() {
  printf -- "-ERR wrong number of arguments for '%s' command\\\\r\\\\n" "$1"
}

# keyspace KEYS EXPIRES: a pattern for the whole INFO keyspace reply.
keyspace() {
  printf '\\$\\d+\\r\\n# Keyspace\\r\\ndb0:keys=%d,expires=%d,avg_ttl=\\d+\\r\\n\\r\\n' "$1" "$2"
}

# probe PORT SUBCOMMAND ARGS...: the checks that need more than one scripted
# connection, or a value read back from the server (stdlib Python only).
#   probe P field NAME   print an INFO field (e.g. expired_keys)
#   probe P watch WANT TIMEOUT BEFORE DELTA
#       poll DBSIZE every 100 ms until it equals WANT (fail after TIMEOUT s),
#       while a second connection PINGs; then INFO stats expired_keys must be
#       BEFORE + DELTA (DELTA -1: do not check).
probe() {
  "$PYTHON" - "$@" <<'PY'
import os
import socket
import sys
import time


class Failure(Exception):
    pass


class Conn:
    def __init__(self, port):
        try:
            self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError as e:
            raise Failure("could not connect to the server: %s" % (e.strerror or e))
        self.buf = b""

    def call(self, *words):
        data = [b"*%d\r\n" % len(words)]
        for w in words:
            w = w.encode()
            data.append(b"$%d\r\n%s\r\n" % (len(w), w))
        try:
            self.sock.sendall(b"".join(data))
            return self.reply(" ".join(words))
        except socket.timeout:
            raise Failure("no reply to %s within 5 s" % " ".join(words))
        except OSError as e:
            raise Failure("the connection failed during %s: %s" % (" ".join(words), e.strerror or e))

    def take(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise Failure("the server closed the connection")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise Failure("the server closed the connection")
            self.buf += chunk
        out, self.buf = self.buf.split(b"\r\n", 1)
        return out

    def reply(self, what):
        line = self.line()
        kind, rest = line[:1], line[1:].decode("latin-1")
        if kind == b":":
            return int(rest)
        if kind == b"+":
            return rest
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self.take(n + 2)[:-2].decode("latin-1")
        raise Failure("unexpected reply to %s: %r" % (what, line))


def info_field(conn, name):
    section = {"expired_keys": "stats"}.get(name, "everything")
    text = conn.call("INFO", section) or ""
    for row in text.split("\r\n"):
        if row.startswith(name + ":"):
            return int(row.split(":", 1)[1])
    raise Failure("INFO %s has no '%s:' line" % (section, name))


def watch(port, want, timeout, before, delta):
    main, other = Conn(port), Conn(port)
    start = time.monotonic()
    worst = 0.0
    history = []
    while True:
        size = main.call("DBSIZE")
        if not history or history[-1][1] != size:
            history.append((time.monotonic() - start, size))
        t0 = time.monotonic()
        pong = other.call("PING")
        rtt = time.monotonic() - t0
        worst = max(worst, rtt)
        if pong != "PONG":
            raise Failure("PING on a second connection answered %r instead of PONG" % pong)
        if rtt > 1.0:
            raise Failure("a PING on a second connection took %.2f s while keys were expiring: "
                          "the expiry cycle must do a bounded amount of work per tick" % rtt)
        if size == want:
            break
        if time.monotonic() - start > timeout:
            steps = ", ".join("%d at %.1f s" % (n, t) for t, n in history[-6:])
            raise Failure("DBSIZE is still %d after %.0f s of waiting; it should fall to %d once the "
                          "expired keys are removed, without anyone reading them (DBSIZE went: %s)"
                          % (size, timeout, want, steps))
        time.sleep(0.1)
    if delta >= 0:
        after = info_field(main, "expired_keys")
        if after - before != delta:
            raise Failure("INFO stats expired_keys went from %d to %d (+%d); it should count each of "
                          "the %d keys that expired exactly once" % (before, after, after - before, delta))
    print("DBSIZE reached %d after %.2f s; slowest PING %.0f ms" % (want, time.monotonic() - start, worst * 1000))


def main():
    port, what = int(sys.argv[1]), sys.argv[2]
    try:
        if what == "field":
            print(info_field(Conn(port), sys.argv[3]))
        elif what == "watch":
            watch(port, int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
        else:
            raise SystemExit("probe: unknown subcommand %s" % what)
    except Failure as f:
        print("FAIL: %s" % os.environ.get("BATS_TEST_DESCRIPTION", "probe check"))
        print("  " + str(f))
        if os.environ.get("HINT"):
            print("  hint:     " + os.environ["HINT"])
        sys.exit(1)


main()
PY
}

# ---------------------------------------------------------------------------
# Reading a deadline: TTL, PTTL, EXPIRETIME, PEXPIRETIME.
# ---------------------------------------------------------------------------

@test "TTL, PTTL, EXPIRETIME and PEXPIRETIME answer -2 for a missing key and -1 for a key without a deadline" {
  hint "docs/05-ttl.md#reading-a-deadline: -2 means no such key, -1 means a key that never expires"
  fresh cmd 'TTL nokey' expect ':-2\r\n' \
        cmd 'PTTL nokey' expect ':-2\r\n' \
        cmd 'EXPIRETIME nokey' expect ':-2\r\n' \
        cmd 'PEXPIRETIME nokey' expect ':-2\r\n' \
        cmd 'SET k v' expect '+OK\r\n' \
        cmd 'TTL k' expect ':-1\r\n' \
        cmd 'PTTL k' expect ':-1\r\n' \
        cmd 'EXPIRETIME k' expect ':-1\r\n' \
        cmd 'PEXPIRETIME k' expect ':-1\r\n'
}

@test "TTL and PTTL count down the time left" {
  hint "docs/05-ttl.md#reading-a-deadline: the deadline is stored as an absolute time; TTL is deadline minus now"
  fresh cmd 'SET k v EX 100' expect '+OK\r\n' \
        cmd 'TTL k' expect-int 99 100 \
        cmd 'PTTL k' expect-int 98000 100000 \
        cmd 'PEXPIRE k 1500' expect ':1\r\n' \
        cmd 'PTTL k' expect-int 1000 1500 \
        sleep 600 \
        cmd 'PTTL k' expect-int 1 900 \
        cmd 'TTL k' expect-int 0 1
}

@test "TTL rounds the time left to the nearest second" {
  hint "docs/05-ttl.md#reading-a-deadline: TTL is (milliseconds left + 500) / 1000, not a truncation"
  fresh cmd 'SET up v PX 2900' expect '+OK\r\n' \
        cmd 'TTL up' expect ':3\r\n' \
        cmd 'SET down v PX 2400' expect '+OK\r\n' \
        cmd 'TTL down' expect ':2\r\n'
}

@test "EXPIRETIME and PEXPIRETIME answer the absolute deadline, EXPIRETIME rounded" {
  hint "docs/05-ttl.md#reading-a-deadline: PEXPIRETIME is the stored Unix time in ms; EXPIRETIME rounds it to seconds"
  local now
  now=$(date +%s)
  fresh cmd 'SET k v' expect '+OK\r\n' \
        cmd 'PEXPIREAT k 4102444800123' expect ':1\r\n' \
        cmd 'PEXPIRETIME k' expect ':4102444800123\r\n' \
        cmd 'EXPIRETIME k' expect ':4102444800\r\n' \
        cmd 'PEXPIREAT k 4102444800500' expect ':1\r\n' \
        cmd 'EXPIRETIME k' expect ':4102444801\r\n' \
        cmd 'EXPIREAT k 4102444800' expect ':1\r\n' \
        cmd 'PEXPIRETIME k' expect ':4102444800000\r\n' \
        cmd 'EXPIRE k 100' expect ':1\r\n' \
        cmd 'EXPIRETIME k' expect-int $((now + 99)) $((now + 130)) \
        cmd 'PEXPIRETIME k' expect-int $((now * 1000 + 99000)) $((now * 1000 + 130000))
}

# ---------------------------------------------------------------------------
# Setting a deadline: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT.
# ---------------------------------------------------------------------------

@test "EXPIRE, PEXPIRE, EXPIREAT and PEXPIREAT answer 1 and set the deadline" {
  hint "docs/05-ttl.md#the-expire-family: four spellings of one command: relative or absolute, seconds or ms"
  local now
  now=$(date +%s)
  fresh cmd 'MSET a 1 b 2 c 3 d 4' expect '+OK\r\n' \
        cmd 'EXPIRE a 100' expect ':1\r\n' \
        cmd 'TTL a' expect-int 99 100 \
        cmd 'PEXPIRE b 50000' expect ':1\r\n' \
        cmd 'PTTL b' expect-int 49000 50000 \
        cmd "EXPIREAT c $((now + 200))" expect ':1\r\n' \
        cmd 'TTL c' expect-int 170 200 \
        cmd "PEXPIREAT d $((now * 1000 + 300000))" expect ':1\r\n' \
        cmd 'PTTL d' expect-int 270000 300000 \
        cmd 'EXPIRE a 5000' expect ':1\r\n' \
        cmd 'TTL a' expect-int 4999 5000 \
        cmd 'MGET a b c d' expect '*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n'
}

@test "the EXPIRE family answers 0 for a missing key and creates nothing" {
  hint "docs/05-ttl.md#the-expire-family: a deadline needs a key; a missing key answers :0"
  fresh cmd 'EXPIRE nokey 100' expect ':0\r\n' \
        cmd 'PEXPIRE nokey 100' expect ':0\r\n' \
        cmd 'EXPIREAT nokey 4102444800' expect ':0\r\n' \
        cmd 'PEXPIREAT nokey 4102444800000' expect ':0\r\n' \
        cmd 'EXPIRE nokey 0' expect ':0\r\n' \
        cmd 'PEXPIRE nokey -1' expect ':0\r\n' \
        cmd 'EXPIRE nokey 100 NX' expect ':0\r\n' \
        cmd 'EXPIRE nokey 100 LT' expect ':0\r\n' \
        cmd 'DBSIZE' expect ':0\r\n' \
        cmd 'SET nokey v' expect '+OK\r\n' \
        cmd 'TTL nokey' expect ':-1\r\n'
}

@test "a deadline that is not a canonical integer is an error and changes nothing" {
  hint "docs/05-ttl.md#the-expire-family: the time is parsed like INCRBY's increment: no sign +, no spaces, no -0"
  fresh cmd 'SET k v' expect '+OK\r\n' \
        cmd 'EXPIRE k abc' expect "$NOT_INT" \
        cmd 'EXPIRE k 1.5' expect "$NOT_INT" \
        cmd 'EXPIRE k ""' expect "$NOT_INT" \
        cmd 'EXPIRE k +10' expect "$NOT_INT" \
        cmd 'EXPIRE k " 10"' expect "$NOT_INT" \
        cmd 'EXPIRE k 10x' expect "$NOT_INT" \
        cmd 'EXPIRE k 010' expect "$NOT_INT" \
        cmd 'EXPIRE k -0' expect "$NOT_INT" \
        cmd 'PEXPIRE k 1e3' expect "$NOT_INT" \
        cmd 'EXPIREAT k 0x10' expect "$NOT_INT" \
        cmd 'PEXPIREAT k 9223372036854775808' expect "$NOT_INT" \
        cmd 'EXPIRE nokey abc' expect "$NOT_INT" \
        cmd 'TTL k' expect ':-1\r\n' \
        cmd 'GET k' expect '$1\r\nv\r\n'
}

@test "a deadline of 0, a negative one or one in the past deletes the key at once and answers 1" {
  hint "docs/05-ttl.md#deadlines-in-the-past: an EXPIRE that is already due deletes the key there and then"
  fresh cmd 'MSET a 1 b 2 c 3 d 4 e 5 f 6 g 7 keep 8' expect '+OK\r\n' \
        cmd 'EXPIRE a 0' expect ':1\r\n' \
        cmd 'EXPIRE b -5' expect ':1\r\n' \
        cmd 'PEXPIRE c -1' expect ':1\r\n' \
        cmd 'EXPIREAT d 1' expect ':1\r\n' \
        cmd 'PEXPIREAT e 0' expect ':1\r\n' \
        cmd 'EXPIREAT f -100' expect ':1\r\n' \
        cmd 'PEXPIREAT g -9223372036854775808' expect ':1\r\n' \
        cmd 'DBSIZE' expect ':1\r\n' \
        cmd 'EXISTS a b c d e f g' expect ':0\r\n' \
        cmd 'INFO keyspace' expect-reply "$(keyspace 1 0)" \
        cmd 'SET a again' expect '+OK\r\n' \
        cmd 'TTL a' expect ':-1\r\n'
}

@test "a key deleted by a past deadline is not counted in expired_keys" {
  hint "docs/05-ttl.md#deadlines-in-the-past: EXPIRE in the past is a delete (like DEL), not an expiry"
  start_server
  wire cmd 'MSET a 1 b 2' expect '+OK\r\n' \
       cmd 'EXPIRE a 0' expect ':1\r\n' \
       cmd 'PEXPIREAT b 1' expect ':1\r\n' \
       cmd 'DBSIZE' expect ':0\r\n' \
       cmd 'INFO stats' expect-reply '\$\d+\r\n# Stats\r\n.*\r\nexpired_keys:0\r\n.*'
}

@test "a deadline too large for 64-bit milliseconds is an error and changes nothing" {
  hint "docs/05-ttl.md#overflow: seconds x 1000, then + now, must both fit in a signed 64-bit integer"
  fresh cmd 'SET k v EX 100' expect '+OK\r\n' \
        cmd 'EXPIRE k 9223372036854775807' expect "$(bad_expire expire)" \
        cmd 'EXPIRE k 9223372036854775' expect "$(bad_expire expire)" \
        cmd 'EXPIRE k -9223372036854776' expect "$(bad_expire expire)" \
        cmd 'PEXPIRE k 9223372036854775807' expect "$(bad_expire pexpire)" \
        cmd 'PEXPIRE k 9223372036854775806' expect "$(bad_expire pexpire)" \
        cmd 'EXPIREAT k 9223372036854775807' expect "$(bad_expire expireat)" \
        cmd 'EXPIREAT k 9223372036854776' expect "$(bad_expire expireat)" \
        cmd 'EXPIRE nokey 9223372036854775807' expect "$(bad_expire expire)" \
        cmd 'TTL k' expect-int 99 100 \
        cmd 'GET k' expect '$1\r\nv\r\n'
}

@test "the largest representable deadlines are accepted" {
  hint "docs/05-ttl.md#overflow: only a deadline that does not fit is an error; the edge itself is fine"
  fresh cmd 'SET k v' expect '+OK\r\n' \
        cmd 'PEXPIREAT k 9223372036854775807' expect ':1\r\n' \
        cmd 'PEXPIRETIME k' expect ':9223372036854775807\r\n' \
        cmd 'EXPIREAT k 9223372036854775' expect ':1\r\n' \
        cmd 'PEXPIRETIME k' expect ':9223372036854775000\r\n' \
        cmd 'EXPIRETIME k' expect ':9223372036854775\r\n' \
        cmd 'EXPIRE k 9223372036854' expect ':1\r\n' \
        cmd 'TTL k' expect-int 9223372036853 9223372036854 \
        cmd 'GET k' expect '$1\r\nv\r\n'
}

# ---------------------------------------------------------------------------
# NX, XX, GT, LT.
# ---------------------------------------------------------------------------

@test "EXPIRETIME rounds even the largest deadline without overflowing" {
  hint "docs/05-ttl.md#overflow: rounding to seconds adds 500 ms; near the 64-bit limit that sum must not overflow"
  fresh cmd 'SET k v PXAT 9223372036854775807' expect '+OK\r\n' \
        cmd 'PEXPIRETIME k' expect ':9223372036854775807\r\n' \
        cmd 'EXPIRETIME k' expect ':9223372036854776\r\n'
}

@test "NX sets a deadline only on a key that has none" {
  hint "docs/05-ttl.md#expire-options: NX means 'only if the key has no deadline yet'"
  fresh cmd 'SET k v' expect '+OK\r\n' \
        cmd 'EXPIRE k 100 NX' expect ':1\r\n' \
        cmd 'TTL k' expect-int 99 100 \
        cmd 'EXPIRE k 500 NX' expect ':0\r\n' \
        cmd 'PEXPIRE k 1 NX' expect ':0\r\n' \
        cmd 'EXPIRE k 0 NX' expect ':0\r\n' \
        cmd 'TTL k' expect-int 99 100
}

@test "XX sets a deadline only on a key that already has one" {
  hint "docs/05-ttl.md#expire-options: XX means 'only if the key already has a deadline'"
  fresh cmd 'SET k v' expect '+OK\r\n' \
        cmd 'EXPIRE k 100 XX' expect ':0\r\n' \
        cmd 'EXPIRE k 0 XX' expect ':0\r\n' \
        cmd 'TTL k' expect ':-1\r\n' \
        cmd 'EXPIRE k 100' expect ':1\r\n' \
        cmd 'EXPIRE k 500 XX' expect ':1\r\n' \
        cmd 'TTL k' expect-int 499 500
}

@test "GT only lengthens a deadline, and a key without one counts as never expiring" {
  hint "docs/05-ttl.md#expire-options: no deadline is an infinite one, so no new deadline is greater"
  fresh cmd 'SET k v' expect '+OK\r\n' \
        cmd 'EXPIRE k 100 GT' expect ':0\r\n' \
        cmd 'EXPIRE k 0 GT' expect ':0\r\n' \
        cmd 'TTL k' expect ':-1\r\n' \
        cmd 'PEXPIREAT k 4102444800000' expect ':1\r\n' \
        cmd 'PEXPIREAT k 4102444800000 GT' expect ':0\r\n' \
        cmd 'PEXPIREAT k 4102444799999 GT' expect ':0\r\n' \
        cmd 'EXPIRE k -1 GT' expect ':0\r\n' \
        cmd 'PEXPIRETIME k' expect ':4102444800000\r\n' \
        cmd 'PEXPIREAT k 4102444800001 GT' expect ':1\r\n' \
        cmd 'PEXPIRETIME k' expect ':4102444800001\r\n' \
        cmd 'EXISTS k' expect ':1\r\n'
}

@test "LT only shortens a deadline, and a key without one gets one" {
  hint "docs/05-ttl.md#expire-options: any deadline is less than the infinite one of a key that has none"
  fresh cmd 'SET k v' expect '+OK\r\n' \
        cmd 'EXPIREAT k 4102444800 LT' expect ':1\r\n' \
        cmd 'PEXPIRETIME k' expect ':4102444800000\r\n' \
        cmd 'PEXPIREAT k 4102444800000 LT' expect ':0\r\n' \
        cmd 'PEXPIREAT k 4102444800001 LT' expect ':0\r\n' \
        cmd 'PEXPIRETIME k' expect ':4102444800000\r\n' \
        cmd 'PEXPIREAT k 4102444799999 LT' expect ':1\r\n' \
        cmd 'PEXPIRETIME k' expect ':4102444799999\r\n' \
        cmd 'EXPIRE k -1 LT' expect ':1\r\n' \
        cmd 'EXISTS k' expect ':0\r\n' \
        cmd 'SET j v' expect '+OK\r\n' \
        cmd 'EXPIRE j 0 LT' expect ':1\r\n' \
        cmd 'EXISTS j' expect ':0\r\n'
}

@test "XX combines with GT or LT: both conditions must hold" {
  hint "docs/05-ttl.md#expire-options: XX GT and XX LT are allowed; a key without a deadline fails XX"
  fresh cmd 'SET k v' expect '+OK\r\n' \
        cmd 'EXPIRE k 100 XX GT' expect ':0\r\n' \
        cmd 'EXPIRE k 100 XX LT' expect ':0\r\n' \
        cmd 'TTL k' expect ':-1\r\n' \
        cmd 'EXPIREAT k 4102444800' expect ':1\r\n' \
        cmd 'EXPIREAT k 4102444801 XX GT' expect ':1\r\n' \
        cmd 'EXPIRETIME k' expect ':4102444801\r\n' \
        cmd 'EXPIREAT k 4102444700 GT XX' expect ':0\r\n' \
        cmd 'EXPIREAT k 4102444700 XX LT' expect ':1\r\n' \
        cmd 'EXPIRETIME k' expect ':4102444700\r\n'
}

@test "EXPIRE options are case-insensitive and may repeat" {
  hint "docs/05-ttl.md#expire-options: compare option names without regard to case; a repeat is harmless"
  fresh cmd 'SET k v' expect '+OK\r\n' \
        cmd 'EXPIRE k 100 nX' expect ':1\r\n' \
        cmd 'EXPIRE k 200 Nx' expect ':0\r\n' \
        cmd 'EXPIRE k 300 xX' expect ':1\r\n' \
        cmd 'EXPIRE k 400 gt' expect ':1\r\n' \
        cmd 'EXPIRE k 350 lT' expect ':1\r\n' \
        cmd 'TTL k' expect-int 349 350 \
        cmd 'EXPIRE k 360 XX XX' expect ':1\r\n' \
        cmd 'EXPIRE k 370 gt GT' expect ':1\r\n' \
        cmd 'TTL k' expect-int 369 370 \
        cmd 'EXPIRE k 380 NX NX' expect ':0\r\n' \
        cmd 'TTL k' expect-int 369 370
}

@test "incompatible EXPIRE options are an error, checked before the time and the key" {
  hint "docs/05-ttl.md#expire-options: NX excludes XX, GT and LT; GT excludes LT; options are checked first"
  fresh cmd 'SET k v' expect '+OK\r\n' \
        cmd 'EXPIRE k 100 NX XX' expect "$NX_CONFLICT" \
        cmd 'EXPIRE k 100 XX NX' expect "$NX_CONFLICT" \
        cmd 'EXPIRE k 100 NX GT' expect "$NX_CONFLICT" \
        cmd 'EXPIRE k 100 LT NX' expect "$NX_CONFLICT" \
        cmd 'EXPIRE k 100 GT LT' expect "$GT_LT_CONFLICT" \
        cmd 'PEXPIRE k 100 lt gt' expect "$GT_LT_CONFLICT" \
        cmd 'EXPIRE k 100 GT LT NX' expect "$NX_CONFLICT" \
        cmd 'EXPIREAT k 4102444800 XX GT LT' expect "$GT_LT_CONFLICT" \
        cmd 'PEXPIREAT k 4102444800000 nx xx' expect "$NX_CONFLICT" \
        cmd 'EXPIRE k abc NX XX' expect "$NX_CONFLICT" \
        cmd 'EXPIRE k 9223372036854775807 GT LT' expect "$GT_LT_CONFLICT" \
        cmd 'EXPIRE nokey 100 NX XX' expect "$NX_CONFLICT" \
        cmd 'TTL k' expect ':-1\r\n'
}

@test "an unknown EXPIRE option is an error that names it as sent" {
  hint "docs/05-ttl.md#expire-options: the error quotes the first unknown option, before any other check"
  fresh cmd 'SET k v' expect '+OK\r\n' \
        cmd 'EXPIRE k 100 bogus' expect '-ERR Unsupported option bogus\r\n' \
        cmd 'EXPIRE k 100 BoGuS' expect '-ERR Unsupported option BoGuS\r\n' \
        cmd 'EXPIRE k 100 KEEPTTL' expect '-ERR Unsupported option KEEPTTL\r\n' \
        cmd 'PEXPIRE k 100 NX bogus' expect '-ERR Unsupported option bogus\r\n' \
        cmd 'EXPIRE k 100 NX XX bogus' expect '-ERR Unsupported option bogus\r\n' \
        cmd 'EXPIRE k abc bogus' expect '-ERR Unsupported option bogus\r\n' \
        cmd 'EXPIREAT nokey 1 "N X"' expect '-ERR Unsupported option N X\r\n' \
        cmd 'TTL k' expect ':-1\r\n'
}

@test "an error that quotes an option drops the CR or LF it ends with" {
  hint "docs/05-ttl.md#expire-options: Redis trims CR and LF from the end of a formatted error, and turns inner ones into spaces"
  fresh cmd 'SET k v' expect '+OK\r\n' \
        cmd "EXPIRE k 10 '109\\r'" expect '-ERR Unsupported option 109\r\n' \
        cmd "EXPIRE k 10 'a\\nb'" expect '-ERR Unsupported option a b\r\n'
}

@test "every TTL command checks its number of arguments" {
  hint "docs/05-ttl.md#the-expire-family: the EXPIRE family takes 2 or more arguments, the others exactly 1"
  local name steps=()
  for name in expire pexpire expireat pexpireat; do
    steps+=(cmd "${name^^}" expect "$(arity "$name")"
            cmd "${name^^} k" expect "$(arity "$name")")
  done
  for name in ttl pttl expiretime pexpiretime persist; do
    steps+=(cmd "${name^^}" expect "$(arity "$name")"
            cmd "${name^^} k k" expect "$(arity "$name")")
  done
  fresh cmd 'SET k v' expect '+OK\r\n' \
        "${steps[@]}" \
        cmd 'PeXpIrE k' expect "$(arity pexpire)" \
        cmd 'TTL k' expect ':-1\r\n'
}

# ---------------------------------------------------------------------------
# PERSIST, and how other commands treat a deadline.
# ---------------------------------------------------------------------------

@test "PERSIST removes a deadline: 1 when there was one, 0 otherwise" {
  hint "docs/05-ttl.md#persist: PERSIST answers whether it removed a deadline"
  fresh cmd 'SET k v PX 200' expect '+OK\r\n' \
        cmd 'PERSIST k' expect ':1\r\n' \
        cmd 'PERSIST k' expect ':0\r\n' \
        cmd 'TTL k' expect ':-1\r\n' \
        cmd 'PERSIST nokey' expect ':0\r\n' \
        cmd 'EXISTS nokey' expect ':0\r\n' \
        sleep 400 \
        cmd 'GET k' expect '$1\r\nv\r\n'
}

@test "a key past its deadline is missing to TTL, EXPIRE and PERSIST" {
  hint "docs/05-ttl.md#reading-a-deadline: a key past its deadline is gone, whether or not it was removed yet"
  fresh cmd 'MSET a 1 b 2 c 3' expect '+OK\r\n' \
        cmd 'PEXPIRE a 100' expect ':1\r\n' \
        cmd 'PEXPIRE b 100' expect ':1\r\n' \
        cmd 'PEXPIRE c 100' expect ':1\r\n' \
        sleep 300 \
        cmd 'TTL a' expect ':-2\r\n' \
        cmd 'PTTL a' expect ':-2\r\n' \
        cmd 'EXPIRE b 100' expect ':0\r\n' \
        cmd 'PERSIST c' expect ':0\r\n' \
        cmd 'EXPIRETIME c' expect ':-2\r\n' \
        cmd 'DBSIZE' expect ':0\r\n'
}

@test "SET with EX or PX sets a deadline, KEEPTTL keeps it, and a plain SET removes it" {
  hint "docs/05-ttl.md#set-and-deadlines: every SET replaces the deadline unless it says KEEPTTL"
  fresh cmd 'SET k v1 EX 100' expect '+OK\r\n' \
        cmd 'TTL k' expect-int 99 100 \
        cmd 'SET k v2 KEEPTTL' expect '+OK\r\n' \
        cmd 'TTL k' expect-int 99 100 \
        cmd 'SET k v3 NX' expect "$NULL" \
        cmd 'TTL k' expect-int 99 100 \
        cmd 'SET k v3' expect '+OK\r\n' \
        cmd 'TTL k' expect ':-1\r\n' \
        cmd 'SET k v4 PX 5000' expect '+OK\r\n' \
        cmd 'PTTL k' expect-int 4000 5000 \
        cmd 'SET k v5 GET EX 200' expect '$2\r\nv4\r\n' \
        cmd 'TTL k' expect-int 199 200 \
        cmd 'SET k v6 EX 300 GET' expect '$2\r\nv5\r\n' \
        cmd 'TTL k' expect-int 299 300 \
        cmd 'SET k v7 XX GET' expect '$2\r\nv6\r\n' \
        cmd 'TTL k' expect ':-1\r\n' \
        cmd 'GET k' expect '$2\r\nv7\r\n'
}

@test "INCR, DECRBY and APPEND keep the deadline, MSET removes it" {
  hint "docs/05-ttl.md#set-and-deadlines: changing a value in place keeps its deadline; writing a new one does not"
  fresh cmd 'SET n 5 EX 100' expect '+OK\r\n' \
        cmd 'INCR n' expect ':6\r\n' \
        cmd 'DECRBY n 2' expect ':4\r\n' \
        cmd 'TTL n' expect-int 99 100 \
        cmd 'APPEND n 0' expect ':2\r\n' \
        cmd 'TTL n' expect-int 99 100 \
        cmd 'MSET n 1' expect '+OK\r\n' \
        cmd 'TTL n' expect ':-1\r\n'
}

@test "a key deleted and created again has no deadline" {
  hint "docs/05-ttl.md#set-and-deadlines: deleting a key deletes its deadline too, however it is deleted"
  fresh cmd 'SET c 1 EX 100' expect '+OK\r\n' \
        cmd 'FLUSHDB' expect '+OK\r\n' \
        cmd 'APPEND c x' expect ':1\r\n' \
        cmd 'TTL c' expect ':-1\r\n' \
        cmd 'SET a 1 EX 100' expect '+OK\r\n' \
        cmd 'DEL a' expect ':1\r\n' \
        cmd 'TTL a' expect ':-2\r\n' \
        cmd 'SET a 2' expect '+OK\r\n' \
        cmd 'TTL a' expect ':-1\r\n' \
        cmd 'SET b 1 EX 100' expect '+OK\r\n' \
        cmd 'GETDEL b' expect '$1\r\n1\r\n' \
        cmd 'TTL b' expect ':-2\r\n' \
        cmd 'INCR b' expect ':1\r\n' \
        cmd 'TTL b' expect ':-1\r\n' \
        cmd 'SET d 1 EX 100' expect '+OK\r\n' \
        cmd 'EXPIRE d 0' expect ':1\r\n' \
        cmd 'MSET d 2' expect '+OK\r\n' \
        cmd 'TTL d' expect ':-1\r\n' \
        cmd 'INFO keyspace' expect-reply "$(keyspace 4 0)"
}

@test "INFO keyspace counts the keys with a deadline as they gain and lose one" {
  hint "docs/05-ttl.md#info: expires= is the number of keys that have a deadline right now"
  fresh cmd 'MSET a 1 b 2 c 3' expect '+OK\r\n' \
        cmd 'INFO keyspace' expect-reply "$(keyspace 3 0)" \
        cmd 'EXPIRE a 100' expect ':1\r\n' \
        cmd 'PEXPIRE b 100000' expect ':1\r\n' \
        cmd 'EXPIRE a 200' expect ':1\r\n' \
        cmd 'INFO keyspace' expect-reply "$(keyspace 3 2)" \
        cmd 'PERSIST a' expect ':1\r\n' \
        cmd 'INFO keyspace' expect-reply "$(keyspace 3 1)" \
        cmd 'SET b 3' expect '+OK\r\n' \
        cmd 'INFO keyspace' expect-reply "$(keyspace 3 0)" \
        cmd 'SET c 4 EX 10' expect '+OK\r\n' \
        cmd 'INFO keyspace' expect-reply "$(keyspace 3 1)" \
        cmd 'DEL c' expect ':1\r\n' \
        cmd 'INFO keyspace' expect-reply "$(keyspace 2 0)"
}

# ---------------------------------------------------------------------------
# Active expiry: a timer in the event loop removes keys nobody reads.
# ---------------------------------------------------------------------------

@test "100,000 keys nobody reads are removed once they expire, and the server stays responsive" {
  hint "docs/05-ttl.md#active-expiry: a periodic timer samples keys with a deadline and deletes the expired ones"
  "$HARNESS_LIB/../require-tools" redis-cli
  local stream="$BATS_TEST_TMPDIR/expiring.resp" before start end
  # 10 keys without a deadline, 10 with one far away, 100,000 that expire 100 ms after they are set.
  "$PYTHON" - "$stream" <<'PY'
import sys

def command(*words):
    return b"*%d\r\n" % len(words) + b"".join(b"$%d\r\n%s\r\n" % (len(w), w) for w in words)

with open(sys.argv[1], "wb") as out:
    for i in range(10):
        out.write(command(b"SET", b"keep:%d" % i, b"kept"))
        out.write(command(b"SET", b"far:%d" % i, b"far", b"EX", b"1000"))
    out.write(b"".join(command(b"SET", b"exp:%d" % i, b"x", b"PX", b"100") for i in range(100000)))
PY
  wire cmd FLUSHALL expect '+OK\r\n'
  before=$(probe "$SERVER_PORT" field expired_keys)
  start=$(date +%s)
  run redis-cli -p "$SERVER_PORT" --pipe <"$stream"
  end=$(date +%s)
  rm -f "$stream"
  if [[ "$output" != *"errors: 0, replies: 100020"* ]]; then
    echo "FAIL: redis-cli --pipe should report 'errors: 0, replies: 100020'; it printed:"
    echo "$output"
    return 1
  fi
  # From here on nothing reads an exp:* key: DBSIZE, INFO and PING must not expire anything.
  probe "$SERVER_PORT" watch 20 15 "$before" 100000
  wire cmd 'INFO keyspace' expect-reply "$(keyspace 20 10)" \
       cmd 'GET keep:0' expect '$4\r\nkept\r\n' \
       cmd 'GET keep:9' expect '$4\r\nkept\r\n' \
       cmd 'TTL keep:5' expect ':-1\r\n' \
       cmd 'GET far:0' expect '$3\r\nfar\r\n' \
       cmd 'TTL far:9' expect-int 900 1000 \
       cmd 'EXPIRETIME far:3' expect-int $((start + 1000)) $((end + 1001)) \
       cmd 'EXISTS exp:0 exp:50000 exp:99999' expect ':0\r\n' \
       cmd 'KEYS exp:*' expect '*0\r\n'
}

@test "expired keys nobody reads are counted once each in INFO stats expired_keys" {
  hint "docs/05-ttl.md#info: expired_keys counts the keys removed because their deadline passed"
  start_server
  local steps=() i
  for ((i = 0; i < 50; i++)); do
    steps+=(cmd "SET k$i v PX 100" expect '+OK\r\n')
  done
  wire cmd 'SET stays v' expect '+OK\r\n' \
       cmd 'SET b v' expect '+OK\r\n' \
       cmd 'EXPIRE b 0' expect ':1\r\n' \
       "${steps[@]}"
  probe "$SERVER_PORT" watch 1 10 0 50
  wire cmd 'INFO stats' expect-reply '\$\d+\r\n# Stats\r\n.*\r\nexpired_keys:50\r\n.*' \
       cmd 'INFO keyspace' expect-reply "$(keyspace 1 0)"
}

# ---------------------------------------------------------------------------
# The timer's frequency: --hz.
# ---------------------------------------------------------------------------

@test "CONFIG GET hz reports 10 by default" {
  hint "docs/05-ttl.md#timers: the periodic timer runs hz times a second, 10 unless --hz says otherwise"
  wire cmd 'CONFIG GET hz' expect '*2\r\n$2\r\nhz\r\n$2\r\n10\r\n'
}

@test "--hz sets the timer frequency that CONFIG GET hz reports" {
  hint "docs/05-ttl.md#timers: --hz N (1 to 500) is the number of timer ticks per second"
  start_server --hz 50
  wire cmd 'CONFIG GET hz' expect '*2\r\n$2\r\nhz\r\n$2\r\n50\r\n'
}

@test "at --hz 1 the timer still fires and removes keys nobody reads" {
  hint "docs/05-ttl.md#timers: the loop's wait must end when the next timer is due, even at one tick a second"
  start_server --hz 1
  local steps=() i
  for ((i = 0; i < 100; i++)); do
    steps+=(cmd "SET k$i v PX 100" expect '+OK\r\n')
  done
  wire cmd 'CONFIG GET hz' expect '*2\r\n$2\r\nhz\r\n$1\r\n1\r\n' \
       cmd 'SET stays v' expect '+OK\r\n' \
       "${steps[@]}"
  probe "$SERVER_PORT" watch 1 10 0 100
}

@test "the loop wakes up for its timer on its own, with no client talking" {
  hint "docs/05-ttl.md#how-long-the-loop-sleeps: the poller's wait must end when the next timer is due, not at the next request"
  # One connection, then silence: no request and no new connection wakes the
  # loop, so only a wait that ends at the timer's due time lets the sweep run.
  start_server --hz 1
  wire cmd 'SET k v PX 100' expect '+OK\r\n' \
       sleep 2500 \
       cmd 'DBSIZE' expect ':0\r\n'
}
