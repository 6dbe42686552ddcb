#!/usr/bin/env bats
# GETEX key [EX s | PX ms | EXAT unix-s | PXAT unix-ms | PERSIST] (docs/05-ttl.md, small change: GETEX)

load ../lib/harness
DEFAULT_HINT="docs/05-ttl.md#small-changes: GETEX answers like GET, then changes the deadline"

@test "GETEX without options is GET" {
  wire cmd FLUSHALL expect '+OK\r\n' \
       cmd 'SET k v EX 100' expect '+OK\r\n' \
       cmd 'GETEX k' expect '$1\r\nv\r\n' \
       cmd 'TTL k' expect-int 99 100 \
       cmd 'GETEX missing' expect '$-1\r\n'
}

@test "GETEX EX, PX and PERSIST change the deadline" {
  wire cmd FLUSHALL expect '+OK\r\n' \
       cmd 'SET k v' expect '+OK\r\n' \
       cmd 'GETEX k EX 50' expect '$1\r\nv\r\n' \
       cmd 'TTL k' expect-int 49 50 \
       cmd 'GETEX k PX 80000' expect '$1\r\nv\r\n' \
       cmd 'TTL k' expect-int 79 80 \
       cmd 'GETEX k PERSIST' expect '$1\r\nv\r\n' \
       cmd 'TTL k' expect ':-1\r\n'
}

@test "GETEX with a time already past answers the value, then the key is gone" {
  wire cmd FLUSHALL expect '+OK\r\n' \
       cmd 'SET k v' expect '+OK\r\n' \
       cmd 'GETEX k PXAT 1' expect '$1\r\nv\r\n' \
       cmd 'EXISTS k' expect ':0\r\n'
}

@test "GETEX rejects bad times and conflicting options" {
  wire cmd FLUSHALL expect '+OK\r\n' \
       cmd 'SET k v' expect '+OK\r\n' \
       cmd 'GETEX k EX 0' expect "-ERR invalid expire time in 'getex' command\\r\\n" \
       cmd 'GETEX k EX 10 PX 10' expect '-ERR syntax error\r\n' \
       cmd 'GETEX k PERSIST EX 1' expect '-ERR syntax error\r\n' \
       cmd 'GETEX k EX x' expect '-ERR value is not an integer or out of range\r\n' \
       cmd 'TTL k' expect ':-1\r\n'
}
