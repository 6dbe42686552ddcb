#!/usr/bin/env bats
# Stage 3: the RESP protocol, command dispatch and real clients (docs/03-resp.md).
#
# The server now speaks Redis's protocol: multibulk and inline requests in,
# RESP2 (or, after HELLO 3, RESP3) replies out, byte for byte as Redis 7.0
# sends them. The commands are the connection ones: PING, ECHO, QUIT, HELLO,
# CLIENT, INFO, COMMAND and CONFIG GET. These tests also run against the later
# chapters, so they never use a command this stage does not have, not even as
# an "unknown command" example (that is FOOBAR here).

load ../lib/harness
load ../lib/resp-helpers

DEFAULT_HINT="docs/03-resp.md describes the protocol and the commands these tests send"

# arity NAME: the wrong-number-of-arguments error, in wire notation.
arity() {
  printf -- "-ERR wrong number of arguments for '%s' command\\\\r\\\\n" "$1"
}

# unknown NAME ARGS: the unknown-command error; ARGS is the quoted list that
# follows "with args beginning with: ", trailing space included.
unknown() {
  printf -- "-ERR unknown command '%s', with args beginning with: %s\\\\r\\\\n" "$1" "$2"
}

# repeat N CHAR: CHAR, N times.
repeat() {
  head -c "$1" /dev/zero | tr '\0' "$2"
}

# proto_error BYTES MESSAGE: on a new connection, BYTES get the protocol error
# MESSAGE, and then the server closes the connection. (The server may close
# before it has read all of BYTES, so a failed write is not a failure.)
proto_error() {
  wire allow-close send "$1" expect "-ERR Protocol error: $2\\r\\n" expect-closed
}

# The seven fields of HELLO's reply, as a pattern for expect-reply. The
# version may be any; the id is a group (so a test can compare it).
hello_fields() {
  local proto=$1
  printf '%s' '\$6\r\nserver\r\n\$5\r\nredis\r\n\$7\r\nversion\r\n\$\d+\r\n[^\r\n]+\r\n' \
    '\$5\r\nproto\r\n:'"$proto"'\r\n\$2\r\nid\r\n:(\d+)\r\n\$4\r\nmode\r\n\$10\r\nstandalone\r\n' \
    '\$4\r\nrole\r\n\$6\r\nmaster\r\n\$7\r\nmodules\r\n\*0\r\n'
}

HELLO2="\\*14\\r\\n$(hello_fields 2)"
HELLO3="%7\\r\\n$(hello_fields 3)"
NAME_ERROR='-ERR Client names cannot contain spaces, newlines or special characters.\r\n'

# ---------------------------------------------------------------------------
# PING, ECHO and dispatch.
# ---------------------------------------------------------------------------

@test "PING answers +PONG" {
  hint "docs/03-resp.md#ping-and-echo: PING with no argument is a simple string, +PONG"
  wire cmd PING expect '+PONG\r\n'
}

@test "PING with an argument answers it as a bulk string" {
  hint "docs/03-resp.md#ping-and-echo: PING msg answers msg as a bulk string, not a simple string"
  wire cmd 'PING hello' expect '$5\r\nhello\r\n' \
       cmd "PING ''" expect '$0\r\n\r\n' \
       cmd 'PING "hello world"' expect '$11\r\nhello world\r\n'
}

@test "ECHO answers its argument as a bulk string" {
  hint "docs/03-resp.md#ping-and-echo: ECHO msg answers \$<length>\\r\\n<msg>\\r\\n"
  wire cmd 'ECHO hi' expect '$2\r\nhi\r\n' \
       cmd "ECHO ''" expect '$0\r\n\r\n' \
       cmd 'ECHO "two words"' expect '$9\r\ntwo words\r\n'
}

@test "a wrong number of arguments is an error naming the command in lower case" {
  hint "docs/03-resp.md#dispatch: check the arity before calling the command; the error names it in lower case"
  wire cmd ECHO expect "$(arity echo)" \
       cmd 'ECHO a b' expect "$(arity echo)" \
       cmd 'PING a b' expect "$(arity ping)" \
       cmd 'EcHo' expect "$(arity echo)" \
       cmd PING expect '+PONG\r\n'
}

@test "command names are case-insensitive" {
  hint "docs/03-resp.md#dispatch: look commands up without regard to case"
  wire cmd ping expect '+PONG\r\n' \
       cmd PiNg expect '+PONG\r\n' \
       cmd 'echo x' expect '$1\r\nx\r\n' \
       cmd 'eChO y' expect '$1\r\ny\r\n'
}

@test "an unknown command is an error naming it and its first arguments" {
  hint "docs/03-resp.md#dispatch: unknown command '<name>', with args beginning with: '<arg>' ..."
  wire cmd 'FOOBAR a b' expect "$(unknown FOOBAR "'a' 'b' ")" \
       cmd FOOBAR expect "$(unknown FOOBAR '')" \
       cmd 'fooBar x' expect "$(unknown fooBar "'x' ")" \
       cmd "FOOBAR ''" expect "$(unknown FOOBAR "'' ")" \
       cmd PING expect '+PONG\r\n'
}

@test "an empty command name is an unknown command too" {
  hint "docs/03-resp.md#dispatch: a zero-length bulk string is a valid (unknown) command name"
  wire send '*1\r\n$0\r\n\r\n' expect "$(unknown '' '')" \
       send '*2\r\n$0\r\n\r\n$1\r\na\r\n' expect "$(unknown '' "'a' ")"
}

@test "the unknown-command error cuts the name and each argument at 128 bytes" {
  hint "docs/03-resp.md#dispatch: Redis prints at most 128 bytes of the name, and of the arguments"
  local x200 f200
  x200=$(repeat 200 x) f200=$(repeat 200 F)
  wire cmd "FOOBAR $x200 y" expect "$(unknown FOOBAR "'${x200:0:128}' ")" \
       cmd "$f200 y" expect "$(unknown "${f200:0:128}" "'y' ")"
}

@test "the unknown-command error lists arguments until they fill 128 bytes" {
  hint "docs/03-resp.md#dispatch: arguments are added while the list is under 128 bytes, the last one cut to fit"
  local words="" listed="" i a124
  for ((i = 0; i < 30; i++)); do words+=" a$i"; done
  # 'a0' .. 'a9' take 5 bytes each, 'a10' .. 'a22' 6 each: 128 bytes, and the list stops.
  for ((i = 0; i <= 22; i++)); do listed+="'a$i' "; done
  a124=$(repeat 124 a)
  # After 'a...a' (127 bytes with its quotes and space) one byte of room is left: 'b'.
  wire cmd "FOOBAR$words" expect "$(unknown FOOBAR "$listed")" \
       cmd "FOOBAR $a124 bbbbb c" expect "$(unknown FOOBAR "'$a124' 'b' ")"
}

@test "newlines in an error message become spaces" {
  hint "docs/03-resp.md#errors: an error reply is one line: \\r and \\n inside it are replaced by spaces"
  wire send '*3\r\n$6\r\nfoobar\r\n$3\r\na\nb\r\n$4\r\nc\r\nd\r\n' expect "$(unknown foobar "'a b' 'c  d' ")" \
       send '*1\r\n$7\r\nfoo\r\nar\r\n' expect "$(unknown 'foo  ar' '')"
}

# ---------------------------------------------------------------------------
# Inline commands.
# ---------------------------------------------------------------------------

@test "an inline command (a plain line of text) works like a multibulk one" {
  hint "docs/03-resp.md#inline-commands: a request that does not start with * is a line of words"
  wire send 'PING\r\n' expect '+PONG\r\n' \
       send 'ECHO hello\r\n' expect '$5\r\nhello\r\n' \
       send 'ping\r\n' expect '+PONG\r\n'
}

@test "an inline command may end with a bare \\n" {
  hint "docs/03-resp.md#inline-commands: the line ends at \\n; a \\r before it is dropped"
  wire send 'ECHO hi\n' expect '$2\r\nhi\r\n' \
       send 'PING\n' expect '+PONG\r\n'
}

@test "inline arguments are separated by any run of spaces and tabs" {
  hint "docs/03-resp.md#inline-commands: split the line on whitespace, ignoring leading and trailing blanks"
  wire send 'ECHO    x   \r\n' expect '$1\r\nx\r\n' \
       send 'ECHO\tx\r\n' expect '$1\r\nx\r\n' \
       send '  PING\r\n' expect '+PONG\r\n' \
       send 'ECHO a b\r\n' expect "$(arity echo)"
}

@test "inline double quotes group words and understand escapes" {
  hint "docs/03-resp.md#inline-quoting: inside \"...\", \\n \\r \\t \\\" \\\\ and \\xHH are escapes"
  wire send 'ECHO "hello world"\r\n' expect '$11\r\nhello world\r\n' \
       send 'ECHO "a\\nb\\x41\\"c"\r\n' expect '$6\r\na\nbA"c\r\n' \
       send 'ECHO "\\t\\\\\\r"\r\n' expect '$3\r\n\t\\\r\r\n' \
       send 'ECHO ""\r\n' expect '$0\r\n\r\n'
}

@test "inline single quotes keep everything literally except an escaped quote" {
  hint "docs/03-resp.md#inline-quoting: inside '...', only \\' is an escape"
  wire send "ECHO 'a\\\\nb'\\r\\n" expect '$4\r\na\\nb\r\n' \
       send "ECHO 'a\\\\'b'\\r\\n" expect "\$3\\r\\na'b\\r\\n" \
       send "ECHO 'say \"hi\"'\\r\\n" expect '$8\r\nsay "hi"\r\n'
}

@test "inline words end at space, tab, CR or LF; a vertical tab or form feed stays inside a word" {
  hint "docs/03-resp.md#inline-quoting: between words any blank is skipped, but only ' ', \\t, \\r and \\n end a word"
  wire send 'ECHO a\x0bb\r\n' expect '$3\r\na\x0bb\r\n' \
       send 'ECHO \x0c\x0bx\x0c\r\n' expect '$2\r\nx\x0c\r\n'
}

@test "unbalanced quotes are a protocol error that closes the connection" {
  hint "docs/03-resp.md#inline-quoting: a quote left open, or closed with no space after it, is unbalanced"
  local msg='unbalanced quotes in request'
  proto_error 'ECHO "abc\r\n' "$msg"
  proto_error "ECHO 'abc\\r\\n" "$msg"
  proto_error 'ECHO "a"b\r\n' "$msg"
  proto_error "ECHO 'it''s'\\r\\n" "$msg"
}

@test "empty inline lines are ignored" {
  hint "docs/03-resp.md#inline-commands: a line with no words is not a command and gets no reply"
  wire send '\r\n\n   \r\nPING\r\n' expect '+PONG\r\n' expect-silence 200 \
       cmd PING expect '+PONG\r\n'
}

@test "*0 and *-1 requests are ignored" {
  hint "docs/03-resp.md#multibulk-requests: an array of zero (or null) elements is no command, and gets no reply"
  wire send '*0\r\n*-1\r\nPING\r\n' expect '+PONG\r\n' expect-silence 200 \
       send '*0\r\n' expect-silence 200 \
       cmd PING expect '+PONG\r\n'
}

@test "inline and multibulk commands mix on one connection" {
  hint "docs/03-resp.md#multibulk-requests: the first byte of each request (* or not) decides how to parse it"
  wire send 'PING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\nECHO inline\n*1\r\n$4\r\nPING\r\nECHO last\r\n' \
       expect '+PONG\r\n$2\r\nhi\r\n$6\r\ninline\r\n+PONG\r\n$4\r\nlast\r\n'
}

# ---------------------------------------------------------------------------
# Protocol errors: each gets its exact message, then the connection closes.
# ---------------------------------------------------------------------------

@test "a multibulk length that is not a number is a protocol error" {
  hint "docs/03-resp.md#protocol-errors: *<n> must be a plain decimal number"
  local msg='invalid multibulk length'
  proto_error '*abc\r\n' "$msg"
  proto_error '*\r\n' "$msg"
  proto_error '*1x\r\n' "$msg"
  proto_error '* 1\r\n' "$msg"
}

@test "replies to the commands before a protocol error are still sent" {
  hint "docs/03-resp.md#protocol-errors: execute what was parsed, then reply with the error and close"
  wire send 'PING\r\n*abc\r\n' expect '+PONG\r\n-ERR Protocol error: invalid multibulk length\r\n' expect-closed
}

@test "a multibulk length above 2147483647 is a protocol error" {
  hint "docs/03-resp.md#protocol-errors: Redis accepts at most INT_MAX elements"
  proto_error '*2147483648\r\n' 'invalid multibulk length'
  wire send '*2147483647\r\n' expect-silence 200
}

@test "a bulk length that is not a number, or negative, is a protocol error" {
  hint "docs/03-resp.md#protocol-errors: \$<n> inside a request must be a number from 0 to proto-max-bulk-len"
  local msg='invalid bulk length'
  proto_error '*2\r\n$abc\r\n' "$msg"
  proto_error '*2\r\n$-1\r\n' "$msg"
  proto_error '*1\r\n$-2\r\n' "$msg"
  proto_error '*1\r\n$\r\n' "$msg"
}

@test "lengths in requests are strict decimal: no sign, no leading zero, no space" {
  hint "docs/03-resp.md#protocol-errors: lengths are parsed like Redis's string2ll: exact digits only"
  proto_error '*+1\r\n$4\r\nPING\r\n' 'invalid multibulk length'
  proto_error '*01\r\n$4\r\nPING\r\n' 'invalid multibulk length'
  proto_error '*1\r\n$04\r\nPING\r\n' 'invalid bulk length'
  proto_error '*1\r\n$ 4\r\nPING\r\n' 'invalid bulk length'
}

@test "an element that is not a bulk string is a protocol error" {
  hint "docs/03-resp.md#protocol-errors: every element of a request array must start with \$"
  proto_error '*2\r\n+abc\r\n' "expected '\$', got '+'"
  proto_error '*1\r\nPING\r\n' "expected '\$', got 'P'"
  proto_error '*1\r\n:1\r\n' "expected '\$', got ':'"
}

@test "an inline line longer than 64 KB is a protocol error" {
  hint "docs/03-resp.md#limits: with more than 64 KB buffered and still no newline, give up on the client"
  proto_error "$(repeat 70000 A)" 'too big inline request'
}

@test "an inline line under 64 KB just waits for its newline" {
  hint "docs/03-resp.md#limits: an incomplete line under the limit is kept until the rest arrives"
  local a60k
  a60k=$(repeat 60000 A)
  wire send "$a60k" expect-silence 300 \
       send '\r\n' expect "$(unknown "${a60k:0:128}" '')" \
       cmd PING expect '+PONG\r\n'
}

@test "a multibulk header longer than 64 KB is a protocol error" {
  hint "docs/03-resp.md#limits: a *<n> line with no \\r\\n after 64 KB is too big"
  proto_error "*$(repeat 70000 1)" 'too big mbulk count string'
}

@test "a bulk header longer than 64 KB is a protocol error" {
  hint "docs/03-resp.md#limits: a \$<n> line with no \\r\\n after 64 KB is too big"
  proto_error "*1\\r\\n\$$(repeat 70000 1)" 'too big bulk count string'
}

@test "a bulk longer than --proto-max-bulk-len is a protocol error" {
  hint "docs/03-resp.md#limits: proto-max-bulk-len caps each argument; 1048576 is the smallest Redis accepts"
  start_server --proto-max-bulk-len 1048576
  wire cmd 'CONFIG GET proto-max-bulk-len' expect '*2\r\n$18\r\nproto-max-bulk-len\r\n$7\r\n1048576\r\n'
  proto_error '*2\r\n$4\r\nECHO\r\n$1048577\r\n' 'invalid bulk length'
  # At the limit exactly, the argument is accepted and echoed whole.
  local big="$BATS_TEST_TMPDIR/1m.req" want="$BATS_TEST_TMPDIR/1m.reply"
  { printf '*2\r\n$4\r\nECHO\r\n$1048576\r\n'; repeat 1048576 x; printf '\r\n'; } >"$big"
  { printf '$1048576\r\n'; repeat 1048576 x; printf '\r\n'; } >"$want"
  wire send-file "$big" expect-file "$want" cmd PING expect '+PONG\r\n'
}

@test "a client whose query buffer passes --client-query-buffer-limit is closed without a reply" {
  hint "docs/03-resp.md#limits: more buffered bytes than client-query-buffer-limit closes the client, silently"
  start_server --client-query-buffer-limit 1048576
  local part="$BATS_TEST_TMPDIR/part" half="$BATS_TEST_TMPDIR/half.req" want="$BATS_TEST_TMPDIR/half.reply"
  # A 2 MB argument, of which 1.2 MB is sent: the buffer passes 1 MB, and the
  # server may close before it has read everything (so writes may fail).
  repeat 1200000 z >"$part"
  wire allow-close send '*2\r\n$4\r\nECHO\r\n$2000000\r\n' send-file "$part" expect-closed
  # Under the limit all is well, and the server still serves others.
  { printf '*2\r\n$4\r\nECHO\r\n$524288\r\n'; repeat 524288 y; printf '\r\n'; } >"$half"
  { printf '$524288\r\n'; repeat 524288 y; printf '\r\n'; } >"$want"
  wire send-file "$half" expect-file "$want" cmd PING expect '+PONG\r\n'
}

# ---------------------------------------------------------------------------
# Binary safety, partial input, pipelining.
# ---------------------------------------------------------------------------

@test "ECHO is binary safe: \\0, \\r and \\n inside an argument come back intact" {
  hint "docs/03-resp.md#binary-safety: a bulk string is <length> bytes, whatever they are; never use strlen()"
  wire cmd 'ECHO "a\0b\r\nc"' expect '$6\r\na\0b\r\nc\r\n' \
       cmd 'ECHO "\r\n"' expect '$2\r\n\r\n\r\n' \
       cmd 'ECHO "\0"' expect '$1\r\n\0\r\n'
}

@test "ECHO returns all 256 byte values unchanged" {
  hint "docs/03-resp.md#binary-safety: a bulk string is <length> bytes, whatever they are"
  local all="" hex i
  for ((i = 0; i < 256; i++)); do printf -v hex '\\x%02x' "$i"; all+=$hex; done
  wire send "*2\\r\\n\$4\\r\\nECHO\\r\\n\$256\\r\\n$all\\r\\n" expect "\$256\\r\\n$all\\r\\n"
}

@test "multibulk commands sent one byte at a time get the same replies" {
  hint "docs/03-resp.md#partial-requests: a request may arrive in any number of pieces; parse only complete ones"
  wire send-bytewise '*1\r\n$4\r\nPING\r\n' expect '+PONG\r\n' \
       send-bytewise '*2\r\n$4\r\nECHO\r\n$5\r\na\r\nbc\r\n' expect '$5\r\na\r\nbc\r\n' \
       send-bytewise '*2\r\n$4\r\nPING\r\n$2\r\nhi\r\n' expect '$2\r\nhi\r\n' \
       send-bytewise '*3\r\n$6\r\nCLIENT\r\n$7\r\nSETNAME\r\n$5\r\nbytes\r\n' expect '+OK\r\n' \
       send-bytewise '*2\r\n$6\r\nCLIENT\r\n$7\r\nGETNAME\r\n' expect '$5\r\nbytes\r\n' \
       send-bytewise '*2\r\n$6\r\nCLIENT\r\n$2\r\nID\r\n' expect-int 1 9223372036854775807 \
       send-bytewise '*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$18\r\nproto-max-bulk-len\r\n' \
       expect '*2\r\n$18\r\nproto-max-bulk-len\r\n$9\r\n536870912\r\n' \
       send-bytewise '*2\r\n$7\r\nCOMMAND\r\n$5\r\nCOUNT\r\n' expect-int 1 100000 \
       send-bytewise '*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n' expect-reply '\$\d+\r\n# Server\r\n.*' \
       send-bytewise '*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n' expect-reply "$HELLO3" \
       send-bytewise '*1\r\n$6\r\nFOOBAR\r\n' expect "$(unknown FOOBAR '')" \
       send-bytewise '*1\r\n$4\r\nQUIT\r\n' expect '+OK\r\n' expect-closed
}

@test "inline commands sent one byte at a time get the same replies" {
  hint "docs/03-resp.md#partial-requests: keep a partial line until its newline arrives"
  wire send-bytewise 'PING\r\n' expect '+PONG\r\n' \
       send-bytewise 'ECHO "a b"\n' expect '$3\r\na b\r\n' \
       send-bytewise '\r\n' send-bytewise 'CLIENT GETNAME\r\n' expect '$-1\r\n' \
       send-bytewise 'QUIT\r\n' expect '+OK\r\n' expect-closed
}

@test "10,000 pipelined commands in one write get 10,000 replies, in order" {
  hint "docs/03-resp.md#pipelining: parse every complete request in the buffer, reply to each in order"
  local req="$BATS_TEST_TMPDIR/pipeline.req" want="$BATS_TEST_TMPDIR/pipeline.reply"
  "$PYTHON" - "$req" "$want" <<'PY'
import sys
req, want = [], []
for i in range(10000):
    word = b"%d" % i
    if i % 3 == 0:
        req.append(b"ECHO %s\r\n" % word)  # some inline, most multibulk
    else:
        req.append(b"*2\r\n$4\r\nECHO\r\n$%d\r\n%s\r\n" % (len(word), word))
    want.append(b"$%d\r\n%s\r\n" % (len(word), word))
open(sys.argv[1], "wb").write(b"".join(req))
open(sys.argv[2], "wb").write(b"".join(want))
PY
  wire send-file "$req" expect-file "$want" cmd PING expect '+PONG\r\n'
}

# ---------------------------------------------------------------------------
# HELLO and RESP3.
# ---------------------------------------------------------------------------

@test "HELLO with no argument answers the server's description as a RESP2 array" {
  hint "docs/03-resp.md#hello: without a version HELLO keeps the protocol and lists server, version, proto, id, mode, role, modules"
  wire cmd HELLO expect-reply "$HELLO2" \
       cmd 'HELLO 2' expect-reply "$HELLO2"
}

@test "HELLO 3 answers a RESP3 map whose id is the CLIENT ID" {
  hint "docs/03-resp.md#hello: HELLO 3 switches the connection to RESP3 before replying, so its reply is a map (%)"
  wire cmd 'HELLO 3' cmd 'CLIENT ID' expect-replies 2 "$HELLO3"':\1\r\n' \
       cmd HELLO expect-reply "$HELLO3"
}

@test "after HELLO 3, replies use the RESP3 types" {
  hint "docs/03-resp.md#resp3: null is _, CONFIG GET is a map (%), INFO is a verbatim string (=)"
  wire cmd 'HELLO 3' expect-reply "$HELLO3" \
       cmd 'CLIENT GETNAME' expect '_\r\n' \
       cmd 'CONFIG GET proto-max-bulk-len' expect '%1\r\n$18\r\nproto-max-bulk-len\r\n$9\r\n536870912\r\n' \
       cmd 'CONFIG GET nosuchparameter' expect '%0\r\n' \
       cmd 'COMMAND INFO foobar' expect '*1\r\n_\r\n' \
       cmd 'INFO clients' expect-reply '=\d+\r\ntxt:# Clients\r\n.*\r\n' \
       cmd PING expect '+PONG\r\n' \
       cmd 'ECHO x' expect '$1\r\nx\r\n' \
       cmd FOOBAR expect "$(unknown FOOBAR '')" \
       cmd 'CLIENT SETNAME n3' expect '+OK\r\n' \
       cmd 'CLIENT GETNAME' expect '$2\r\nn3\r\n'
}

@test "HELLO 2 switches the connection back to RESP2" {
  hint "docs/03-resp.md#resp3: the protocol belongs to the connection and HELLO may change it at any time"
  wire cmd 'HELLO 3' expect-reply "$HELLO3" \
       cmd 'HELLO 2' expect-reply "$HELLO2" \
       cmd 'CLIENT GETNAME' expect '$-1\r\n' \
       cmd 'CONFIG GET nosuchparameter' expect '*0\r\n'
}

@test "HELLO with an unsupported version is a NOPROTO error that changes nothing" {
  hint "docs/03-resp.md#hello: only versions 2 and 3 exist; anything else answers -NOPROTO"
  wire cmd 'HELLO 4' expect '-NOPROTO unsupported protocol version\r\n' \
       cmd 'HELLO 1' expect '-NOPROTO unsupported protocol version\r\n' \
       cmd 'HELLO 0' expect '-NOPROTO unsupported protocol version\r\n' \
       cmd 'CLIENT GETNAME' expect '$-1\r\n' \
       cmd 'HELLO 3' expect-reply "$HELLO3" \
       cmd 'HELLO 4' expect '-NOPROTO unsupported protocol version\r\n' \
       cmd 'CLIENT GETNAME' expect '_\r\n'
}

@test "HELLO with a version that is not a number is an error" {
  hint "docs/03-resp.md#hello: the version must be an integer"
  wire cmd 'HELLO abc' expect '-ERR Protocol version is not an integer or out of range\r\n' \
       cmd 'HELLO 3x' expect '-ERR Protocol version is not an integer or out of range\r\n' \
       cmd 'CLIENT GETNAME' expect '$-1\r\n'
}

@test "HELLO SETNAME names the connection, and a bad option is a syntax error" {
  hint "docs/03-resp.md#hello: HELLO [ver] [AUTH user pass] [SETNAME name]; a failing HELLO changes nothing"
  wire cmd 'HELLO 3 SETNAME viahello' expect-reply "$HELLO3" \
       cmd 'CLIENT GETNAME' expect '$8\r\nviahello\r\n'
  wire cmd 'HELLO 2 x' expect "-ERR Syntax error in HELLO option 'x'\\r\\n" \
       cmd 'HELLO 3 SETNAME' expect "-ERR Syntax error in HELLO option 'SETNAME'\\r\\n" \
       cmd 'HELLO 3 SETNAME "a b"' expect "$NAME_ERROR" \
       cmd 'CLIENT GETNAME' expect '$-1\r\n'
}

# ---------------------------------------------------------------------------
# CLIENT.
# ---------------------------------------------------------------------------

@test "CLIENT ID is an integer that stays the same on a connection" {
  hint "docs/03-resp.md#client: every connection gets a unique id when it is accepted"
  wire cmd 'CLIENT ID' cmd 'client id' expect-replies 2 ':([1-9]\d*)\r\n:\1\r\n' \
       cmd 'CLIENT ID x' expect "$(arity 'client|id')"
}

@test "each new connection gets a larger CLIENT ID" {
  hint "docs/03-resp.md#client: ids come from a counter that only grows"
  need_redis_tools
  local first second
  run rcli CLIENT ID
  check_output '[1-9]*' 'redis-cli CLIENT ID to print a positive integer'
  first=$output
  run rcli CLIENT ID
  check_output '[1-9]*' 'redis-cli CLIENT ID to print a positive integer'
  second=$output
  if ! [ "$second" -gt "$first" ]; then
    echo "FAIL: the second connection's CLIENT ID ($second) is not larger than the first's ($first)"
    return 1
  fi
}

@test "CLIENT SETNAME and GETNAME set and read the connection's name" {
  hint "docs/03-resp.md#client: a connection has no name (null) until SETNAME; an empty name removes it"
  wire cmd 'CLIENT GETNAME' expect '$-1\r\n' \
       cmd 'CLIENT SETNAME worker-1' expect '+OK\r\n' \
       cmd 'CLIENT GETNAME' expect '$8\r\nworker-1\r\n' \
       cmd 'client setname Other~!' expect '+OK\r\n' \
       cmd 'CLIENT GETNAME' expect '$7\r\nOther~!\r\n' \
       cmd "CLIENT SETNAME ''" expect '+OK\r\n' \
       cmd 'CLIENT GETNAME' expect '$-1\r\n'
  # The name belongs to that connection only.
  wire cmd 'CLIENT GETNAME' expect '$-1\r\n'
}

@test "CLIENT SETNAME refuses spaces, newlines and special characters" {
  hint "docs/03-resp.md#client: a name may hold only the characters from ! to ~"
  wire cmd 'CLIENT SETNAME good' expect '+OK\r\n' \
       cmd 'CLIENT SETNAME "a b"' expect "$NAME_ERROR" \
       cmd 'CLIENT SETNAME "a\nb"' expect "$NAME_ERROR" \
       cmd 'CLIENT SETNAME "\x7f"' expect "$NAME_ERROR" \
       cmd 'CLIENT SETNAME "caf\xc3\xa9"' expect "$NAME_ERROR" \
       cmd 'CLIENT GETNAME' expect '$4\r\ngood\r\n' \
       cmd 'CLIENT SETNAME' expect "$(arity 'client|setname')" \
       cmd 'CLIENT SETNAME a b' expect "$(arity 'client|setname')" \
       cmd 'CLIENT GETNAME x' expect "$(arity 'client|getname')"
}

@test "CLIENT SETINFO accepts lib-name and lib-ver, as Redis 7.2 does" {
  implementation_specific  # Redis 7.0 has no CLIENT SETINFO; client libraries send it, so we answer as 7.2
  hint "docs/03-resp.md#client: SETINFO lib-name|lib-ver value answers +OK; other attributes are refused"
  wire cmd 'CLIENT SETINFO lib-name x' expect '+OK\r\n' \
       cmd 'CLIENT SETINFO lib-ver 1.0' expect '+OK\r\n' \
       cmd 'CLIENT SETINFO LIB-NAME redis-py' expect '+OK\r\n' \
       cmd 'CLIENT SETINFO foo bar' expect "-ERR Unrecognized option 'foo'\\r\\n" \
       cmd 'CLIENT SETINFO lib-name "a b"' expect '-ERR lib-name cannot contain spaces, newlines or special characters.\r\n' \
       cmd 'CLIENT SETINFO lib-name' expect "$(arity 'client|setinfo')"
}

@test "CLIENT with an unknown subcommand is an error" {
  hint "docs/03-resp.md#subcommands: unknown subcommand '<as typed>'. Try CLIENT HELP."
  wire cmd 'CLIENT FOO' expect "-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\\r\\n" \
       cmd 'CLIENT foo bar' expect "-ERR unknown subcommand 'foo'. Try CLIENT HELP.\\r\\n" \
       cmd CLIENT expect "$(arity client)"
}

# ---------------------------------------------------------------------------
# INFO.
# ---------------------------------------------------------------------------

@test "INFO server is one bulk string holding only the Server section" {
  hint "docs/03-resp.md#info: a '# Section' line, then field:value lines, each ending in \\r\\n"
  wire cmd 'INFO server' \
       expect-reply '\$\d+\r\n# Server\r\n(?=(?:.*\n)?redis_version:\d+\.\d+\.\d+\r\n)(?=(?:.*\n)?tcp_port:'"$SERVER_PORT"'\r\n)(?=(?:.*\n)?process_id:[1-9]\d*\r\n)(?:[a-z0-9_]+:[^\r\n]*\r\n)+\r\n' \
       cmd PING expect '+PONG\r\n' \
       cmd 'INFO SERVER' expect-reply '\$\d+\r\n# Server\r\n(?:[a-z0-9_]+:[^\r\n]*\r\n)+\r\n'
}

@test "INFO with no argument holds the Server and Clients sections" {
  hint "docs/03-resp.md#info: the default sections are separated by an empty line"
  wire cmd INFO \
       expect-reply '\$\d+\r\n# Server\r\n.*\r\n\r\n# Clients\r\n(?=(?:.*\n)?connected_clients:[1-9]\d*\r\n).*\r\n' \
       cmd PING expect '+PONG\r\n' \
       cmd 'INFO server clients' \
       expect-reply '\$\d+\r\n# Server\r\n(?:[a-z0-9_]+:[^\r\n]*\r\n)+\r\n# Clients\r\n(?:[a-z0-9_]+:[^\r\n]*\r\n)+\r\n' \
       cmd 'INFO nosuchsection' expect '$0\r\n\r\n'
}

# clients_settle N: wait up to 5 s for INFO to report N connected clients.
clients_settle() {
  local i
  for ((i = 0; i < 50; i++)); do
    wire cmd 'INFO clients' expect-reply ".*\\nconnected_clients:$1\\r\\n.*" >/dev/null && return 0
    sleep 0.1
  done
}

@test "INFO clients counts the open connections" {
  hint "docs/03-resp.md#info: connected_clients is the number of clients connected right now"
  start_server
  # Hold one connection open (and make sure it is accepted) while asking.
  exec 5<>"/dev/tcp/127.0.0.1/$SERVER_PORT"
  printf 'PING\r\n' >&5
  local line
  read -r -t 5 line <&5 || true
  if [ "$line" != $'+PONG\r' ]; then
    echo "FAIL: a PING on a second connection, held open for this test, did not get +PONG (got '$line')"
    return 1
  fi
  # (The harness's own start-up probe may take a moment to be counted out.)
  clients_settle 2
  wire cmd 'INFO clients' expect-reply '\$\d+\r\n# Clients\r\n(?=(?:.*\n)?connected_clients:2\r\n)(?:[a-z0-9_]+:[^\r\n]*\r\n)+\r\n'
  exec 5>&-
  clients_settle 1
  wire cmd 'INFO clients' expect-reply '\$\d+\r\n# Clients\r\n(?=(?:.*\n)?connected_clients:1\r\n).*'
}

# ---------------------------------------------------------------------------
# CONFIG GET.
# ---------------------------------------------------------------------------

@test "CONFIG GET answers a parameter and its value as a flat array" {
  hint "docs/03-resp.md#config-get: CONFIG GET name answers *2: the name, then the value as a bulk string"
  wire cmd 'CONFIG GET port' expect "*2\\r\\n\$4\\r\\nport\\r\\n$(bulk "$SERVER_PORT")" \
       cmd 'CONFIG GET maxclients' expect-reply '\*2\r\n\$10\r\nmaxclients\r\n\$\d+\r\n[1-9]\d*\r\n' \
       cmd 'CONFIG GET proto-max-bulk-len' expect '*2\r\n$18\r\nproto-max-bulk-len\r\n$9\r\n536870912\r\n' \
       cmd 'CONFIG GET client-query-buffer-limit' expect '*2\r\n$25\r\nclient-query-buffer-limit\r\n$10\r\n1073741824\r\n'
}

@test "CONFIG GET reports the --maxclients the server was started with" {
  hint "docs/03-resp.md#config-get: the values come from the server's configuration, command-line flags included"
  start_server --maxclients 50
  wire cmd 'CONFIG GET maxclients' expect '*2\r\n$10\r\nmaxclients\r\n$2\r\n50\r\n' \
       cmd 'INFO clients' expect-reply '\$\d+\r\n# Clients\r\n(?=(?:.*\n)?maxclients:50\r\n).*'
}

@test "CONFIG GET takes glob patterns and several names" {
  hint "docs/03-resp.md#config-get: each argument is a glob pattern (* ? [...]); each matching parameter is listed once, in no set order"
  local port_pair proto_pair
  port_pair="\\\$4\\r\\nport\\r\\n\\\$${#SERVER_PORT}\\r\\n$SERVER_PORT\\r\\n"
  proto_pair='\$18\r\nproto-max-bulk-len\r\n\$9\r\n536870912\r\n'
  wire cmd 'CONFIG GET proto*' expect '*2\r\n$18\r\nproto-max-bulk-len\r\n$9\r\n536870912\r\n' \
       cmd 'CONFIG GET p?rt' expect "*2\\r\\n\$4\\r\\nport\\r\\n$(bulk "$SERVER_PORT")" \
       cmd 'CONFIG GET [p]ort' expect "*2\\r\\n\$4\\r\\nport\\r\\n$(bulk "$SERVER_PORT")" \
       cmd 'CONFIG GET port proto-max-bulk-len' expect-reply "\\*4\\r\\n(?=.*port)(?=.*proto)(?:$port_pair|$proto_pair){2}" \
       cmd 'CONFIG GET port port p?rt' expect-reply "\\*2\\r\\n$port_pair"
}

@test "CONFIG GET is case-insensitive and echoes the name as asked" {
  hint "docs/03-resp.md#config-get: Redis 7.0 answers an exact (non-glob) name spelled the way the client wrote it"
  wire cmd 'CONFIG GET PORT' expect "*2\\r\\n\$4\\r\\nPORT\\r\\n$(bulk "$SERVER_PORT")" \
       cmd 'config get Proto-Max-Bulk-Len' expect '*2\r\n$18\r\nProto-Max-Bulk-Len\r\n$9\r\n536870912\r\n'
}

@test "CONFIG GET of an unknown parameter is an empty array" {
  hint "docs/03-resp.md#config-get: no match is not an error, just nothing"
  wire cmd 'CONFIG GET nosuchparameter' expect '*0\r\n' \
       cmd 'CONFIG GET nosuch*' expect '*0\r\n'
}

@test "CONFIG errors: arity and unknown subcommands" {
  hint "docs/03-resp.md#subcommands: arity errors name the subcommand as 'config|get'"
  wire cmd 'CONFIG GET' expect "$(arity 'config|get')" \
       cmd CONFIG expect "$(arity config)" \
       cmd 'CONFIG FOO' expect "-ERR unknown subcommand 'FOO'. Try CONFIG HELP.\\r\\n"
}

# ---------------------------------------------------------------------------
# COMMAND.
# ---------------------------------------------------------------------------

@test "COMMAND COUNT is an integer, and COMMAND lists that many commands" {
  hint "docs/03-resp.md#command: COMMAND replies one entry per command; COUNT says how many there are"
  wire cmd 'COMMAND COUNT' expect-int 1 100000 \
       cmd 'COMMAND COUNT' cmd COMMAND expect-replies 2 ':(\d+)\r\n\*\1\r\n\*10\r\n.*' \
       cmd PING expect '+PONG\r\n'
}

@test "COMMAND INFO describes a command: name, arity, flags, key positions" {
  hint "docs/03-resp.md#command: each entry is a 10-element array starting with name and arity"
  wire cmd 'COMMAND INFO ping' expect-reply '\*1\r\n\*10\r\n\$4\r\nping\r\n:-1\r\n\*\d+\r\n(?:\+[a-z_]+\r\n)+:0\r\n:0\r\n:0\r\n.*' \
       cmd 'COMMAND INFO echo' expect-reply '\*1\r\n\*10\r\n\$4\r\necho\r\n:2\r\n.*' \
       cmd 'COMMAND INFO foobar' expect '*1\r\n$-1\r\n' \
       cmd PING expect '+PONG\r\n'
}

@test "COMMAND DOCS answers a name-to-document map (an array in RESP2)" {
  hint "docs/03-resp.md#command: redis-cli asks for COMMAND DOCS when it starts; each doc has a summary"
  wire cmd 'COMMAND DOCS' expect-reply '\*[1-9]\d*\r\n\$\d+\r\n[a-z|-]+\r\n\*\d+\r\n.*' \
       cmd 'COMMAND DOCS ping' expect-reply '\*2\r\n\$4\r\nping\r\n\*\d+\r\n\$7\r\nsummary\r\n.*' \
       cmd 'COMMAND DOCS foobar' expect '*0\r\n' \
       cmd 'HELLO 3' expect-reply "$HELLO3" \
       cmd 'COMMAND DOCS echo' expect-reply '%1\r\n\$4\r\necho\r\n%\d+\r\n\$7\r\nsummary\r\n.*' \
       cmd PING expect '+PONG\r\n'
}

@test "COMMAND with an unknown subcommand is an error" {
  hint "docs/03-resp.md#subcommands: unknown subcommand '<as typed>'. Try COMMAND HELP."
  wire cmd 'COMMAND FOO' expect "-ERR unknown subcommand 'FOO'. Try COMMAND HELP.\\r\\n" \
       cmd 'COMMAND COUNT x' expect "$(arity 'command|count')"
}

# ---------------------------------------------------------------------------
# QUIT.
# ---------------------------------------------------------------------------

@test "QUIT answers +OK and closes the connection" {
  hint "docs/03-resp.md#quit: reply +OK, send it, then close"
  wire cmd QUIT expect '+OK\r\n' expect-closed
  wire send 'quit\r\n' expect '+OK\r\n' expect-closed
  wire cmd 'QUIT now' expect '+OK\r\n' expect-closed
}

@test "commands pipelined after QUIT are not executed" {
  hint "docs/03-resp.md#quit: once QUIT is seen, the rest of the buffer is dropped"
  wire send 'PING\r\nQUIT\r\nECHO late\r\n' expect '+PONG\r\n+OK\r\n' expect-closed
}

# ---------------------------------------------------------------------------
# Real clients.
# ---------------------------------------------------------------------------

@test "redis-cli PING prints PONG, and ECHO its argument" {
  hint "docs/03-resp.md#real-clients: redis-cli is a RESP client: if the bytes are right, it just works"
  need_redis_tools
  run rcli PING
  check_output PONG 'redis-cli PING to print PONG'
  run rcli ECHO 'hello world'
  check_output 'hello world' "redis-cli ECHO 'hello world' to print hello world"
  run rcli FOOBAR a
  check_output "ERR unknown command 'FOOBAR', with args beginning with: 'a' " 'redis-cli to print the unknown-command error'
  run rcli CONFIG GET maxclients
  check_output $'maxclients\n[1-9]*' 'redis-cli CONFIG GET maxclients to print the name and a number'
  run rcli INFO server
  check_output "*tcp_port:$SERVER_PORT*" "redis-cli INFO server to show tcp_port:$SERVER_PORT"
}

@test "redis-cli --pipe sends 10,000 commands with no errors" {
  hint "docs/03-resp.md#pipelining: redis-cli --pipe writes everything at once, then counts the replies"
  need_redis_tools
  local stream="$BATS_TEST_TMPDIR/pipe.resp"
  # 5000 times: PING, then ECHO "message NNNN" (12 bytes: NNNN is 0000 to 4999).
  # shellcheck disable=SC2046  # one argument per number, on purpose
  printf '*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$12\r\nmessage %s\r\n' $(seq -w 0 4999) >"$stream"
  run rcli --pipe <"$stream"
  check_output '*errors: 0, replies: 10000*' "redis-cli --pipe to report 'errors: 0, replies: 10000'"
}

@test "redis-benchmark runs PING (inline and multibulk) pipelined 16 deep" {
  hint "docs/03-resp.md#real-clients: redis-benchmark sends PING_INLINE and PING_MBULK in pipelines of 16"
  need_redis_tools
  run timeout 60 redis-benchmark -h 127.0.0.1 -p "$SERVER_PORT" -t ping -P 16 -n 20000 -q
  check_output '*PING_INLINE: *[0-9] requests per second*PING_MBULK: *[0-9] requests per second*' \
    'redis-benchmark to print the PING_INLINE and PING_MBULK rates'
  if [ "$status" != 0 ]; then
    echo "FAIL: redis-benchmark exited with status $status"
    return 1
  fi
}

@test "an inline line with a \\0 before its newline never completes, until the inline limit closes it" {
  hint "docs/03-resp.md#protocol-errors: Redis finds the newline with strchr(), which stops at a \\0"
  local pings
  pings=$(printf 'PING\\r\\n%.0s' $(seq 12000))
  wire send 'PING\0junk\r\n' expect-silence 300 \
       allow-close send "$pings" \
       expect '-ERR Protocol error: too big inline request\r\n' expect-closed
}
