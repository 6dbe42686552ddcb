#!/usr/bin/env bats
# SETNX key value (docs/04-commands.md, small change: SETNX)

load ../lib/harness
DEFAULT_HINT="docs/04-commands.md#small-changes: SETNX is SET ... NX with an integer reply"

@test "SETNX writes a missing key and answers 1, else 0 and writes nothing" {
  wire cmd FLUSHALL expect '+OK\r\n' \
       cmd 'SETNX k one' expect ':1\r\n' \
       cmd 'SETNX k two' expect ':0\r\n' \
       cmd 'GET k' expect '$3\r\none\r\n'
}

@test "SETNX treats a key past its deadline as missing" {
  wire cmd FLUSHALL expect '+OK\r\n' \
       cmd 'SET k old PX 100' expect '+OK\r\n' \
       sleep 250 \
       cmd 'SETNX k new' expect ':1\r\n' \
       cmd 'GET k' expect '$3\r\nnew\r\n'
}

@test "SETNX takes exactly two arguments" {
  wire cmd 'SETNX k' expect "-ERR wrong number of arguments for 'setnx' command\\r\\n" \
       cmd 'SETNX k v w' expect "-ERR wrong number of arguments for 'setnx' command\\r\\n"
}
