#!/usr/bin/env bats
# Stage 2: the echo server on a reactor: many listeners, limits, backpressure, clean shutdown (docs/02-reactor.md).
#
# Still an echo server, and every stage 1 test must still pass. Now it also
# serves a thousand clients and several listeners (IPv4, IPv6, a Unix socket)
# from one loop, stops reading from a client that does not read its replies,
# refuses clients over --maxclients, and exits cleanly on SIGTERM and SIGINT.
#
# Flags, named like redis-server's: --port N, --bind ADDR [ADDR ...],
# --unixsocket PATH, --maxclients N (default 10000). Most tests start a server
# of their own with the flags they need.

load ../lib/harness

DEFAULT_HINT="docs/02-reactor.md explains the reactor these tests exercise"

# raise_open_files_limit WANT NEED: let this test's processes (the server it
# starts, and the Python client) open WANT descriptors, or as many as the hard
# limit allows; skip the test if that is fewer than NEED.
raise_open_files_limit() {
  local want=$1 need=$2 soft hard
  soft=$(ulimit -Sn)
  if [ "$soft" = unlimited ] || [ "$soft" -ge "$want" ]; then
    return 0
  fi
  ulimit -Sn "$want" 2>/dev/null && return 0
  ulimit -n "$want" 2>/dev/null && return 0  # raises the hard limit too, if we may
  hard=$(ulimit -Hn)
  if [ "$hard" -ge "$need" ]; then
    ulimit -Sn "$hard"
    return 0
  fi
  skip "needs $need open files per process, but the hard limit is $hard (raise it: ulimit -Hn $want as root, or /etc/security/limits.conf)"
}

have_ipv6_loopback() {
  "$PYTHON" -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null
}

# use_unix_socket_path: SOCK, a path for a Unix socket in this test's own
# directory. sun_path holds only about 100 bytes: skip if TMPDIR is too long.
use_unix_socket_path() {
  SOCK="$BATS_TEST_TMPDIR/s.sock"
  if [ ${#SOCK} -gt 100 ]; then
    skip "the Unix socket path '$SOCK' is too long for sun_path; run with a shorter TMPDIR"
  fi
}

# expect_clean_exit SIGNAL: after the test sent SIGNAL, the server must exit
# within 5 s with status 0. It is the test's own child (start_server ran in
# the test), so `wait` gives its status. SERVER_PID is cleared once the
# process is reaped: its PID may be reused, and teardown must not signal it.
expect_clean_exit() {
  local sig=$1 i status=0
  for ((i = 0; i < 100; i++)); do
    process_alive "$SERVER_PID" || break
    sleep 0.05
  done
  if process_alive "$SERVER_PID"; then
    echo "FAIL: $BATS_TEST_DESCRIPTION"
    echo "  the server was still running 5 s after SIG$sig."
    if [ "$sig" = INT ]; then
      echo "  (a program started in the background begins with SIGINT ignored: install a handler for it)"
    fi
    echo "  hint: $HINT"
    return 1
  fi
  wait "$SERVER_PID" || status=$?
  SERVER_PID=
  if [ "$status" != 0 ]; then
    echo "FAIL: $BATS_TEST_DESCRIPTION"
    if [ "$status" -gt 128 ]; then
      echo "  the server was killed by signal $((status - 128)) (exit status $status) instead of shutting down and exiting with status 0."
    else
      echo "  the server exited with status $status after SIG$sig, expected 0."
    fi
    echo "  hint: $HINT"
    show_server_log
    return 1
  fi
}

# shutdown_on_signal SIGNAL: a server with a Unix socket and connected
# clients (one idle, one with output still queued for it, one mid-line) gets
# SIGNAL; it must exit with status 0 and remove the socket file.
shutdown_on_signal() {
  local sig=$1 sock line
  use_unix_socket_path
  sock=$SOCK
  start_server --unixsocket "$sock"
  if [ ! -S "$sock" ]; then
    echo "FAIL: $BATS_TEST_DESCRIPTION"
    echo "  started with --unixsocket $sock, the server created no socket there."
    return 1
  fi
  # An idle client, after one echo (so it has surely been accepted).
  exec 5<>"/dev/tcp/127.0.0.1/$SERVER_PORT"
  echo "before the signal" >&5
  read -r -t 5 line <&5
  [ "$line" = "before the signal" ]
  # A client that sent 4 MB and reads none of it: output waits for it.
  exec 6<>"/dev/tcp/127.0.0.1/$SERVER_PORT"
  head -c 4000000 /dev/zero >&6 3>&- &
  local writer=$!
  # A client in the middle of a line.
  exec 7<>"/dev/tcp/127.0.0.1/$SERVER_PORT"
  printf 'half a li' >&7
  sleep 0.2

  kill -"$sig" "$SERVER_PID"
  expect_clean_exit "$sig"
  kill "$writer" 2>/dev/null || true
  wait "$writer" 2>/dev/null || true
  exec 5>&- 6>&- 7>&-
  if [ -e "$sock" ]; then
    echo "FAIL: $BATS_TEST_DESCRIPTION"
    echo "  the server exited but left its Unix socket file $sock behind."
    echo "  hint: $HINT"
    return 1
  fi
}

@test "serves 1000 clients at once, their messages interleaved, each getting only its own bytes" {
  hint "docs/02-reactor.md#pollers: one wait serves every ready client; raise the open files limit for many clients (see #maxclients)"
  raise_open_files_limit 4096 1100
  start_server
  scenario many-clients --clients 1000 --rounds 3 --pieces 3
}

@test "echoes a 64 MB payload intact to a client that reads slowly" {
  hint "docs/02-reactor.md#backpressure: reading pauses while output waits, and must resume once it drains"
  scenario bulk-echo --size 64M --slow-read --sip 64K
}

@test "stops reading from a client that sends 256 MB and reads nothing, and keeps serving the others" {
  hint "docs/02-reactor.md#backpressure: once a client's pending output passes a limit, stop reading from it until it drains"
  start_server  # a fresh server: its memory must not carry what earlier tests left
  scenario flood-no-read --bytes 256M --pid "$SERVER_PID" --max-rss 64M
}

@test "listens on IPv4 and IPv6 at once (--bind 127.0.0.1 ::1)" {
  hint "docs/02-reactor.md#listeners: one listening socket per --bind address, all watched by the same loop"
  if ! have_ipv6_loopback; then
    skip "this machine has no IPv6 loopback address (::1)"
  fi
  start_server --bind 127.0.0.1 ::1
  scenario listeners --connect 127.0.0.1 ::1
}

@test "listens on a Unix socket next to TCP (--unixsocket)" {
  hint "docs/02-reactor.md#listeners: --unixsocket adds a Unix-domain listener to the same loop"
  local sock
  use_unix_socket_path
  sock=$SOCK
  start_server --bind 127.0.0.1 --unixsocket "$sock"
  scenario listeners --connect 127.0.0.1 "unix:$sock"
}

@test "starts even if a stale Unix socket file is in the way" {
  hint "docs/02-reactor.md#listeners: a crashed server leaves its socket file behind; remove it before bind()"
  local sock
  use_unix_socket_path
  sock=$SOCK
  # Bind a socket file and exit without removing it, as a crash would.
  "$PYTHON" -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$sock"
  [ -S "$sock" ]
  start_server --unixsocket "$sock"
  "$PYTHON" "$HARNESS_LIB/wire.py" --unix "$sock" send 'fresh socket\n' expect 'fresh socket\n'
}

@test "serves --maxclients clients, closes one more at once, serves again when a slot frees up" {
  hint "docs/02-reactor.md#maxclients: over the limit, accept the connection and close it at once; a client that leaves frees its slot"
  # The harness's readiness probe connects and closes at once; the scenario
  # allows the server a moment to notice before counting the slots.
  start_server --maxclients 2
  scenario max-clients --max 2
}

@test "exits with status 0 on SIGTERM, with clients connected, and removes its Unix socket file" {
  hint "docs/02-reactor.md#shutdown-and-signals: the handler only notes the signal; the loop then stops, closes everything and returns from main()"
  shutdown_on_signal TERM
}

@test "exits with status 0 on SIGINT, with clients connected, and removes its Unix socket file" {
  hint "docs/02-reactor.md#shutdown-and-signals: Ctrl-C sends SIGINT; it must shut down as cleanly as SIGTERM"
  shutdown_on_signal INT
}

@test "logs why it refused a client over --maxclients" {
  hint "docs/02-reactor.md#maxclients: log a line saying the client was refused because of maxclients"
  implementation_specific
  start_server --maxclients 1
  local before after i
  before=$(grep -ciE 'max.*client' "$SERVER_LOG" || true)
  scenario max-clients --max 1
  for ((i = 0; i < 40; i++)); do
    after=$(grep -ciE 'max.*client' "$SERVER_LOG" || true)
    [ "$after" -gt "$before" ] && return 0
    sleep 0.05
  done
  echo "FAIL: $BATS_TEST_DESCRIPTION"
  echo "  the server refused clients over --maxclients 1, but its log ($SERVER_LOG) has no new line matching /max.*client/ (case-insensitive)."
  echo "  hint: $HINT"
  show_server_log
  return 1
}
