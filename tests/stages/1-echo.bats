#!/usr/bin/env bats
# Stage 1: an echo server on raw epoll (docs/01-epoll.md).
#
# The server must send back every byte a client writes, in order, to that
# client only: however the bytes are split, however large, however many
# clients, and whatever the other clients do.

load ../lib/harness

DEFAULT_HINT="docs/01-epoll.md explains the loop these tests exercise"

@test "echoes a line back" {
  wire send 'hello\n' expect 'hello\n'
}

@test "echoes bytes that arrive one at a time" {
  hint "docs/01-epoll.md#reading-until-eagain: a read may return any number of bytes, even one"
  wire send-bytewise 'one byte at a time\r\n' expect 'one byte at a time\r\n'
}

@test "keeps echoing on the same connection" {
  wire send 'first\n' expect 'first\n' \
       send 'second\n' expect 'second\n' \
       send 'third\n' expect 'third\n'
}

@test "echoes all 256 byte values unchanged" {
  hint "docs/01-epoll.md: echo is binary-safe; never treat the bytes as C strings"
  local all="" i
  for ((i = 0; i < 256; i++)); do all+=$(printf '\\x%02x' "$i"); done
  wire send "$all" expect "$all"
}

@test "echoes a 10 MB payload intact" {
  hint "docs/01-epoll.md#partial-writes: write() may take only part of the buffer"
  scenario bulk-echo --size 10M
}

@test "finishes partial writes for a client that reads late" {
  hint "docs/01-epoll.md#partial-writes: keep the unwritten bytes and wait for EPOLLOUT"
  scenario bulk-echo --size 10M --read-delay 1.0
}

@test "serves 100 clients at once, each getting only its own bytes" {
  hint "docs/01-epoll.md#the-loop: one epoll_wait() serves every ready client"
  scenario many-clients --clients 100 --rounds 3
}

@test "keeps serving other clients when one resets mid-transfer" {
  hint "docs/01-epoll.md#errors: ECONNRESET and EPIPE close that one client, not the server (ignore SIGPIPE)"
  scenario reset-mid-transfer
}

@test "a client that half-closes still gets its echo, then the connection closes" {
  hint "docs/01-epoll.md#errors: read() returning 0 means the client has finished sending"
  wire send 'last words\n' shutdown-write expect 'last words\n' expect-closed
}

@test "restarts on the same port at once" {
  hint "docs/01-epoll.md#the-listening-socket: SO_REUSEADDR lets a new server bind while old connections linger"
  stop_server  # the file's shared server is not needed here
  start_server
  local port=$SERVER_PORT
  wire send 'before\n' expect 'before\n'
  # Keep a connection open while the server dies, so the port is left with
  # connections in FIN_WAIT / TIME_WAIT, the state that blocks a plain bind().
  # The echo through it proves the server has accepted it (not merely queued it).
  exec 5<>"/dev/tcp/127.0.0.1/$port"
  echo "held open" >&5
  read -r -t 5 line <&5
  [ "$line" = "held open" ]
  stop_server
  exec 5>&-
  FORCE_PORT=$port start_server
  wire send 'after\n' expect 'after\n'
}
