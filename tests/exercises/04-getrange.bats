#!/usr/bin/env bats
# GETRANGE key start end (docs/04-commands.md, small change: GETRANGE)

load ../lib/harness
DEFAULT_HINT="docs/04-commands.md#small-changes: negative indexes count from the end; the range is clamped, not an error"

@test "GETRANGE returns the bytes from start to end, both included" {
  wire cmd FLUSHALL expect '+OK\r\n' \
       cmd 'SET s "This is a string"' expect '+OK\r\n' \
       cmd 'GETRANGE s 0 3' expect '$4\r\nThis\r\n' \
       cmd 'GETRANGE s 5 6' expect '$2\r\nis\r\n' \
       cmd 'GETRANGE s 0 100' expect '$16\r\nThis is a string\r\n'
}

@test "GETRANGE counts negative indexes from the end" {
  wire cmd FLUSHALL expect '+OK\r\n' \
       cmd 'SET s "This is a string"' expect '+OK\r\n' \
       cmd 'GETRANGE s -3 -1' expect '$3\r\ning\r\n' \
       cmd 'GETRANGE s 0 -1' expect '$16\r\nThis is a string\r\n' \
       cmd 'GETRANGE s -100 1' expect '$2\r\nTh\r\n'
}

@test "an empty or inverted range, or a missing key, is the empty string" {
  wire cmd FLUSHALL expect '+OK\r\n' \
       cmd 'SET s abc' expect '+OK\r\n' \
       cmd 'GETRANGE s 2 1' expect '$0\r\n\r\n' \
       cmd 'GETRANGE s 5 10' expect '$0\r\n\r\n' \
       cmd 'GETRANGE s -1 -2' expect '$0\r\n\r\n' \
       cmd 'GETRANGE missing 0 -1' expect '$0\r\n\r\n'
}

@test "GETRANGE needs integer indexes and three arguments" {
  wire cmd 'GETRANGE s a 1' expect '-ERR value is not an integer or out of range\r\n' \
       cmd 'GETRANGE s 0' expect "-ERR wrong number of arguments for 'getrange' command\\r\\n"
}
