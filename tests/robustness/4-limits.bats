#!/usr/bin/env bats
# Robustness 4: greedy clients: replies nobody reads, and the input limits at their exact edges.
#
# A client that asks for gigabytes of replies and reads none must not make
# the server buffer them: backpressure (chapter 2) must still hold once
# requests are parsed and answered (chapters 3-5). And the protocol's input
# limits (chapter 3) hold at exactly the byte Redis draws the line.

load ../lib/harness
load helpers

DEFAULT_HINT="docs/03-resp.md#limits: the limits, and where each one draws the line"

setup_file() {
  check_chapter
  start_server
  FILE_SERVER_PID=$SERVER_PID
  export FILE_SERVER_PID
}

# big_file PATH PREFIX N CHAR SUFFIX: PATH holds PREFIX, N times CHAR, then
# SUFFIX (PREFIX and SUFFIX in printf notation).
big_file() {
  # shellcheck disable=SC2059  # the prefix and suffix are printf formats on purpose
  { printf "$2"; repeat "$3" "$4"; printf "$5"; } >"$1"
}

@test "a client asking for replies it never reads: memory stays bounded, and others are served promptly" {
  # Redis has no backpressure: it buffers every reply (its client output
  # limit for normal clients is 0, none), growing by gigabytes.
  implementation_specific
  hint "docs/02-reactor.md#backpressure: once a client's pending output passes a limit, stop reading its requests until it drains"
  start_server  # a fresh server, so that its memory is not what earlier tests left
  # Chapter 2: megabytes to echo; 3: ECHOs of 1 MB; 4 on: GETs of a 1 MB
  # value, pipelined, 22 bytes each asking for 1 MB. None is read.
  report hostile flood --pid "$SERVER_PID" --max-growth 64M
}

@test "an inline request waits at 65,536 bytes without a newline, and is refused one byte later" {
  need_chapter 3 "RESP limits"
  hint "docs/03-resp.md#limits: more than 64 KB (65,536 bytes) buffered without a newline is too big; exactly 64 KB still waits"
  local f="$BATS_TEST_TMPDIR/inline"
  big_file "$f" '' 65536 A ''
  wire allow-close send-file "$f" expect-silence 300 \
       send 'A' expect '-ERR Protocol error: too big inline request\r\n' expect-closed
}

@test "a *<count> or \$<length> line waits at 65,536 bytes, and is refused one byte later" {
  need_chapter 3 "RESP limits"
  hint "docs/03-resp.md#limits: a header line may hold 64 KB (65,536 bytes) with no \\r\\n yet; one byte more is too big"
  local f="$BATS_TEST_TMPDIR/header"
  big_file "$f" '*' 65535 1 ''
  wire allow-close send-file "$f" expect-silence 300 \
       send '1' expect '-ERR Protocol error: too big mbulk count string\r\n' expect-closed
  # The $ line counts from its own start: the *1\r\n before it is parsed.
  big_file "$f" '*1\r\n$' 65535 1 ''
  wire allow-close send-file "$f" expect-silence 300 \
       send '1' expect '-ERR Protocol error: too big bulk count string\r\n' expect-closed
}

@test "--proto-max-bulk-len 2mb: a 2,097,152-byte argument is accepted, one byte more is a protocol error" {
  need_chapter 3 "RESP limits"
  hint "docs/03-resp.md#limits: proto-max-bulk-len takes Redis's memory units (2mb = 2,097,152) and caps each argument, inclusive"
  start_server --proto-max-bulk-len 2mb
  wire cmd 'CONFIG GET proto-max-bulk-len' expect '*2\r\n$18\r\nproto-max-bulk-len\r\n$7\r\n2097152\r\n'
  local req="$BATS_TEST_TMPDIR/2m.req" want="$BATS_TEST_TMPDIR/2m.reply"
  big_file "$req" '*2\r\n$4\r\nECHO\r\n$2097152\r\n' 2097152 q '\r\n'
  big_file "$want" '$2097152\r\n' 2097152 q '\r\n'
  wire send-file "$req" expect-file "$want" cmd PING expect '+PONG\r\n'
  # Refused on the header, before a byte of the argument is sent.
  wire allow-close send '*2\r\n$4\r\nECHO\r\n$2097153\r\n' \
       expect '-ERR Protocol error: invalid bulk length\r\n' expect-closed
}

@test "--client-query-buffer-limit 1mb: an argument's bytes may fill it exactly; one byte more closes the client" {
  need_chapter 3 "RESP limits"
  hint "docs/03-resp.md#limits: like Redis, count what waits to be parsed: once a big argument (32 KB or more) starts, only its own bytes (and its \\r\\n)"
  start_server --client-query-buffer-limit 1mb
  wire cmd 'CONFIG GET client-query-buffer-limit' \
       expect '*2\r\n$25\r\nclient-query-buffer-limit\r\n$7\r\n1048576\r\n'
  local f="$BATS_TEST_TMPDIR/part" req="$BATS_TEST_TMPDIR/req" want="$BATS_TEST_TMPDIR/reply"
  # A 2,000,000-byte argument, of which exactly 1 MB has arrived: the
  # buffer is full to the byte, and the client waits; one byte more and it
  # is closed, without a reply.
  big_file "$f" '*2\r\n$4\r\nECHO\r\n$2000000\r\n' 1048576 z ''
  wire allow-close send-file "$f" expect-silence 500 send 'z' expect-closed
  # A whole argument of 1,048,574 bytes, plus its \r\n, fills the buffer
  # exactly: it runs.
  big_file "$req" '*2\r\n$4\r\nECHO\r\n$1048574\r\n' 1048574 y '\r\n'
  big_file "$want" '$1048574\r\n' 1048574 y '\r\n'
  wire send-file "$req" expect-file "$want" cmd PING expect '+PONG\r\n'
  # One byte longer, and the buffer passes the limit before it can run.
  big_file "$req" '*2\r\n$4\r\nECHO\r\n$1048575\r\n' 1048575 y '\r\n'
  wire allow-close send-file "$req" expect-closed
}
