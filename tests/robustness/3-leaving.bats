#!/usr/bin/env bats
# Robustness 3: clients that leave at the wrong moment, and clients that half-close.
#
# A client may vanish in the middle of a command, of a reply, or of a
# pipeline of 100,000 commands, politely (FIN) or not (RST). The server must
# close its side, free everything the client held (no descriptor may stay
# open), never run half a command, and go on serving the others. A client that
# only half-closes (shutdown(SHUT_WR)) after sending its commands is still
# owed every reply.

load ../lib/harness
load helpers

DEFAULT_HINT="docs/02-reactor.md#connections: read() returning 0, or failing with ECONNRESET, means the client is gone: free it, whatever its buffers hold"

setup_file() {
  check_chapter
  start_server
  FILE_SERVER_PID=$SERVER_PID
  export FILE_SERVER_PID
}

@test "a client that leaves mid-command: the command never runs, and its connection is closed" {
  hint "$(pick "docs/02-reactor.md#connections" "docs/03-resp.md#partial-requests"): a request runs only once complete; a client gone before that leaves nothing behind"
  # Every prefix of a request (from chapter 4, a SET whose key must not
  # exist afterwards), each on its own connection, half of them reset.
  report hostile mid-command --pid "$SERVER_PID"
}

@test "a client that leaves in the middle of a large reply is dropped, and the others are still served" {
  hint "docs/02-reactor.md#eager-writes: a write to a client that has gone fails with EPIPE or ECONNRESET (SIGPIPE is ignored): close that client, and only it"
  # 16 clients ask for 4-8 MB of replies and leave after 1 byte, 1000
  # bytes, 64 KB ... all but the last byte; half close, half reset.
  report hostile mid-reply --pid "$SERVER_PID"
}

@test "100,000 pipelined commands get their 100,000 replies, in order" {
  hint "$(pick "docs/02-reactor.md#backpressure" "docs/03-resp.md#pipelining"): run every complete request in the buffer, in order, and keep reading while the client reads its replies"
  report hostile pipeline --commands 100000
}

@test "a client that leaves in the middle of a 100,000-command pipeline is dropped cleanly" {
  hint "docs/02-reactor.md#backpressure: a client paused for backpressure may vanish too: its socket still reports the error, and it must be freed"
  # Half sent then closed; half sent then reset; half the replies read then
  # closed; all sent, half-closed, then reset without reading a reply.
  report hostile mid-pipeline --commands 100000 --pid "$SERVER_PID"
}

@test "a client that half-closes after sending its commands still gets every reply, then is closed" {
  hint "docs/02-reactor.md#connections: read() returning 0 may be a half-close: send the replies still owed, then close"
  if [ "$CHAPTER" -lt 3 ]; then
    wire send 'first line\nsecond line\n' shutdown-write expect 'first line\nsecond line\n' expect-closed
    wire send 'a line\nand half a' shutdown-write expect 'a line\nand half a' expect-closed
  elif [ "$CHAPTER" -lt 4 ]; then
    wire cmd PING send 'ECHO inline\r\n' cmd 'ECHO "a b"' shutdown-write \
         expect '+PONG\r\n$6\r\ninline\r\n$3\r\na b\r\n' expect-closed
  else
    wire cmd 'SET robust:halfclose v' cmd 'GET robust:halfclose' send 'PING\r\n' shutdown-write \
         expect '+OK\r\n$1\r\nv\r\n+PONG\r\n' expect-closed
  fi
  if [ "$CHAPTER" -ge 3 ]; then
    # A request left incomplete by the half-close just never runs.
    wire send 'PING\r\nPI' shutdown-write expect '+PONG\r\n' expect-closed
  fi
  # And 100,000 of them: the last replies are still owed after the EOF.
  report hostile pipeline --commands 100000 --half-close
}
