#!/usr/bin/env bats
# RENAME key newkey (docs/04-commands.md, small change: RENAME)

load ../lib/harness
DEFAULT_HINT="docs/04-commands.md#small-changes: RENAME moves the value and its deadline; a missing source is an error"

@test "RENAME moves the value, replacing whatever the new name held" {
  wire cmd FLUSHALL expect '+OK\r\n' \
       cmd 'MSET a 1 b 2' expect '+OK\r\n' \
       cmd 'RENAME a b' expect '+OK\r\n' \
       cmd 'MGET a b' expect '*2\r\n$-1\r\n$1\r\n1\r\n' \
       cmd 'DBSIZE' expect ':1\r\n'
}

@test "RENAME of a missing key is an error" {
  wire cmd FLUSHALL expect '+OK\r\n' \
       cmd 'RENAME nosuch x' expect '-ERR no such key\r\n'
}

@test "RENAME onto itself answers OK and keeps the key" {
  wire cmd FLUSHALL expect '+OK\r\n' \
       cmd 'SET a 1' expect '+OK\r\n' \
       cmd 'RENAME a a' expect '+OK\r\n' \
       cmd 'GET a' expect '$1\r\n1\r\n'
}

@test "RENAME keeps the deadline with the value" {
  wire cmd FLUSHALL expect '+OK\r\n' \
       cmd 'SET a 1 PX 200' expect '+OK\r\n' \
       cmd 'SET b 2' expect '+OK\r\n' \
       cmd 'RENAME a b' expect '+OK\r\n' \
       sleep 400 \
       cmd 'GET b' expect '$-1\r\n'
}
