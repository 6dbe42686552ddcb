#!/usr/bin/env bats
# Stage 4: the keyspace, SET with every option, string commands and lazy expiry (docs/04-commands.md).
#
# One server serves the whole file, so every test empties the keyspace first
# (FLUSHALL on the same connection as its checks). Every reply is checked byte
# for byte against what Redis 7.0 sends. Expiry is observed only through
# commands of this chapter (GET, EXISTS, DBSIZE, KEYS, INFO keyspace), never
# TTL/PTTL: a server with lazy expiry alone (no background sweep) must pass.

load ../lib/harness

DEFAULT_HINT="docs/04-commands.md describes every command these tests send"

# fresh STEP...: one wire connection that starts from an empty keyspace.
fresh() {
  wire cmd FLUSHALL expect '+OK\r\n' "$@"
}

# need_redis_cli: install redis-cli if it is missing (or say how to).
need_redis_cli() {
  "$HARNESS_LIB/../require-tools" redis-cli
}

# keys_reply KEY...: a pattern (for expect-reply) matching an array that holds
# exactly these keys, in any order: KEYS promises no order.
keys_reply() {
  local re="\\*$#\\r\\n" k quoted c i
  for k in "$@"; do
    quoted=""
    for ((i = 0; i < ${#k}; i++)); do
      c=${k:i:1}
      case $c in
        [[:alnum:]:_-]) quoted+=$c ;;
        '\') quoted+='\\\\' ;;  # wire.py unescapes \\ to \, the regex needs \\
        *) quoted+="\\$c" ;;
      esac
    done
    re+="(?=.*\\\$${#k}\\r\\n${quoted}\\r\\n)"
  done
  printf '%s.*' "$re"
}

NULL='$-1\r\n'
SYNTAX='-ERR syntax error\r\n'
NOT_INT='-ERR value is not an integer or out of range\r\n'
BAD_EXPIRE="-ERR invalid expire time in 'set' command\\r\\n"
OVERFLOW='-ERR increment or decrement would overflow\r\n'

# arity NAME: the arity error, naming the command in lower case as Redis does.
arity() {
  printf -- "-ERR wrong number of arguments for '%s' command\\\\r\\\\n" "$1"
}

# ---------------------------------------------------------------------------
# SET and GET.
# ---------------------------------------------------------------------------

@test "SET stores a value and GET returns it as a bulk string" {
  hint "docs/04-commands.md#set-and-get: SET answers +OK, GET answers the value as a bulk string"
  fresh cmd 'SET greeting hello' expect '+OK\r\n' \
        cmd 'GET greeting' expect '$5\r\nhello\r\n'
}

@test "SET overwrites a value, longer or shorter" {
  hint "docs/04-commands.md#set-and-get: SET replaces the whole value, whatever was there"
  fresh cmd 'SET k short' expect '+OK\r\n' \
        cmd 'SET k "a much longer value"' expect '+OK\r\n' \
        cmd 'GET k' expect '$19\r\na much longer value\r\n' \
        cmd 'SET k x' expect '+OK\r\n' \
        cmd 'GET k' expect '$1\r\nx\r\n'
}

@test "GET of a missing key is the null bulk string" {
  hint "docs/04-commands.md#set-and-get: a missing key is \$-1\\r\\n in RESP2, not an empty string"
  fresh cmd 'GET nosuchkey' expect "$NULL"
}

@test "after HELLO 3 every missing value is the RESP3 null" {
  hint "docs/04-commands.md#nulls: in RESP3 a missing value is _\\r\\n, in RESP2 \$-1\\r\\n"
  fresh cmd 'SET present v' expect '+OK\r\n' \
        cmd 'HELLO 3' expect-reply '%7\r\n.*' \
        cmd 'GET missing' expect '_\r\n' \
        cmd 'GETDEL missing' expect '_\r\n' \
        cmd 'MGET present missing' expect '*2\r\n$1\r\nv\r\n_\r\n' \
        cmd 'SET present w NX' expect '_\r\n' \
        cmd 'SET other w GET' expect '_\r\n' \
        cmd 'GET present' expect '$1\r\nv\r\n' \
        cmd 'HELLO 2' expect-reply '\*14\r\n.*' \
        cmd 'GET missing' expect "$NULL"
}

@test "the empty string is a valid key and a valid value" {
  hint "docs/04-commands.md#set-and-get: a zero-length bulk string is still a string"
  fresh cmd "SET '' ''" expect '+OK\r\n' \
        cmd "GET ''" expect '$0\r\n\r\n' \
        cmd "EXISTS ''" expect ':1\r\n' \
        cmd "STRLEN ''" expect ':0\r\n' \
        cmd 'KEYS *' expect '*1\r\n$0\r\n\r\n'
}

# ---------------------------------------------------------------------------
# SET options.
# ---------------------------------------------------------------------------

@test "SET NX writes only when the key is missing" {
  hint "docs/04-commands.md#set-options: NX fails with a null reply (not an error) when the key exists"
  fresh cmd 'SET k first NX' expect '+OK\r\n' \
        cmd 'SET k second NX' expect "$NULL" \
        cmd 'GET k' expect '$5\r\nfirst\r\n'
}

@test "SET XX writes only when the key exists" {
  hint "docs/04-commands.md#set-options: XX fails with a null reply when the key is missing, and creates nothing"
  fresh cmd 'SET k first XX' expect "$NULL" \
        cmd 'EXISTS k' expect ':0\r\n' \
        cmd 'SET k first' expect '+OK\r\n' \
        cmd 'SET k second XX' expect '+OK\r\n' \
        cmd 'GET k' expect '$6\r\nsecond\r\n'
}

@test "SET GET answers the old value (or null) and stores the new one" {
  hint "docs/04-commands.md#set-options: with GET, SET replies like GET did before the write"
  fresh cmd 'SET k new GET' expect "$NULL" \
        cmd 'GET k' expect '$3\r\nnew\r\n' \
        cmd 'SET k newer GET' expect '$3\r\nnew\r\n' \
        cmd 'GET k' expect '$5\r\nnewer\r\n'
}

@test "SET NX GET is allowed: the old value when the key exists, else null and a write" {
  hint "docs/04-commands.md#set-options: since Redis 7.0 NX and GET combine; the write still obeys NX"
  fresh cmd 'SET k first NX GET' expect "$NULL" \
        cmd 'GET k' expect '$5\r\nfirst\r\n' \
        cmd 'SET k second NX GET' expect '$5\r\nfirst\r\n' \
        cmd 'GET k' expect '$5\r\nfirst\r\n'
}

@test "SET XX GET answers the old value, and null without writing when the key is missing" {
  hint "docs/04-commands.md#set-options: the write obeys XX, the reply is always the old value"
  fresh cmd 'SET k v XX GET' expect "$NULL" \
        cmd 'EXISTS k' expect ':0\r\n' \
        cmd 'SET k old' expect '+OK\r\n' \
        cmd 'SET k new XX GET' expect '$3\r\nold\r\n' \
        cmd 'GET k' expect '$3\r\nnew\r\n'
}

@test "SET options are case-insensitive" {
  hint "docs/04-commands.md#set-options: compare option names without regard to case"
  fresh cmd 'SET k v1 Ex 100 nX' expect '+OK\r\n' \
        cmd 'SET k v2 xX gEt' expect '$2\r\nv1\r\n' \
        cmd 'SET k v3 KeepTtl' expect '+OK\r\n' \
        cmd 'SET k v4 pX 100000 Get' expect '$2\r\nv3\r\n' \
        cmd 'SET k v5 exAT 99999999999' expect '+OK\r\n' \
        cmd 'SET k v6 PxAt 99999999999999' expect '+OK\r\n' \
        cmd 'GET k' expect '$2\r\nv6\r\n'
}

@test "conflicting or unknown SET options are a syntax error and write nothing" {
  hint "docs/04-commands.md#set-options: NX/XX exclude each other, and so do EX/PX/EXAT/PXAT/KEEPTTL"
  fresh cmd 'SET k keep' expect '+OK\r\n' \
        cmd 'SET k v NX XX' expect "$SYNTAX" \
        cmd 'SET k v XX NX' expect "$SYNTAX" \
        cmd 'SET k v EX 10 PX 100' expect "$SYNTAX" \
        cmd 'SET k v PX 100 EX 10' expect "$SYNTAX" \
        cmd 'SET k v EX 10 EXAT 99999999999' expect "$SYNTAX" \
        cmd 'SET k v PX 10 PXAT 99999999999999' expect "$SYNTAX" \
        cmd 'SET k v EXAT 99999999999 PXAT 99999999999999' expect "$SYNTAX" \
        cmd 'SET k v KEEPTTL EX 10' expect "$SYNTAX" \
        cmd 'SET k v EX 10 KEEPTTL' expect "$SYNTAX" \
        cmd 'SET k v KEEPTTL PXAT 99999999999999' expect "$SYNTAX" \
        cmd 'SET k v FOO' expect "$SYNTAX" \
        cmd 'SET k v 10' expect "$SYNTAX" \
        cmd 'SET k v EX' expect "$SYNTAX" \
        cmd 'SET k v NX PX' expect "$SYNTAX" \
        cmd 'GET k' expect '$4\r\nkeep\r\n' \
        cmd 'SET other v NX XX' expect "$SYNTAX" \
        cmd 'SET other v BAD' expect "$SYNTAX" \
        cmd 'EXISTS other' expect ':0\r\n'
}

@test "an option word ends at a NUL byte, as Redis compares options as C strings" {
  hint "docs/04-commands.md#set-options: Redis compares option names with strcasecmp(), which stops at the first \\0"
  fresh cmd "SET k v 'PX\\0zz' 100000" expect '+OK\r\n' \
        cmd 'INFO keyspace' expect-reply '\$\d+\r\n# Keyspace\r\ndb0:keys=1,expires=1,avg_ttl=\d+\r\n\r\n' \
        cmd "FLUSHALL 'SYNC\\0x'" expect '+OK\r\n' \
        cmd 'DBSIZE' expect ':0\r\n'
}

@test "a repeated SET option is accepted, and the last expire value counts" {
  hint "docs/04-commands.md#set-options: Redis reads the options left to right; a repeat overrides, it is no error"
  fresh cmd 'SET k v1 EX 10 EX 10' expect '+OK\r\n' \
        cmd 'SET k v2 GET GET' expect '$2\r\nv1\r\n' \
        cmd 'SET k v3 NX NX' expect "$NULL" \
        cmd 'SET k v4 XX XX' expect '+OK\r\n' \
        cmd 'SET k v5 KEEPTTL KEEPTTL' expect '+OK\r\n' \
        cmd 'SET k v6 EX abc EX 10' expect '+OK\r\n' \
        cmd 'SET k v7 EX 10 EX abc' expect "$NOT_INT" \
        cmd 'SET k v8 EX 10 EX 0' expect "$BAD_EXPIRE" \
        cmd 'GET k' expect '$2\r\nv6\r\n' \
        cmd 'SET short v PX 100000 PX 100' expect '+OK\r\n' \
        cmd 'SET long v PX 100 PX 100000' expect '+OK\r\n' \
        sleep 300 \
        cmd 'GET short' expect "$NULL" \
        cmd 'GET long' expect '$1\r\nv\r\n'
}

@test "a zero, negative or overflowing expire time is rejected and writes nothing" {
  hint "docs/04-commands.md#set-options: the time must be > 0, and the deadline in ms must fit in 64 bits"
  fresh cmd 'SET k keep' expect '+OK\r\n' \
        cmd 'SET k v EX 0' expect "$BAD_EXPIRE" \
        cmd 'SET k v EX -1' expect "$BAD_EXPIRE" \
        cmd 'SET k v PX 0' expect "$BAD_EXPIRE" \
        cmd 'SET k v PX -5' expect "$BAD_EXPIRE" \
        cmd 'SET k v EXAT 0' expect "$BAD_EXPIRE" \
        cmd 'SET k v PXAT 0' expect "$BAD_EXPIRE" \
        cmd 'SET k v EXAT -10' expect "$BAD_EXPIRE" \
        cmd 'SET k v EX -9223372036854775808' expect "$BAD_EXPIRE" \
        cmd 'SET k v EX 9223372036854775807' expect "$BAD_EXPIRE" \
        cmd 'SET k v EX 9223372036854775' expect "$BAD_EXPIRE" \
        cmd 'SET k v PX 9223372036854775807' expect "$BAD_EXPIRE" \
        cmd 'SET k v EXAT 9223372036854776' expect "$BAD_EXPIRE" \
        cmd 'SET k v GET EX 0' expect "$BAD_EXPIRE" \
        cmd 'GET k' expect '$4\r\nkeep\r\n' \
        cmd 'SET new v EX 0' expect "$BAD_EXPIRE" \
        cmd 'EXISTS new' expect ':0\r\n'
}

@test "a very large but representable expire time is accepted" {
  hint "docs/04-commands.md#set-options: EX 9223372036854 seconds still fits in a 64-bit deadline in ms"
  fresh cmd 'SET k v EX 9223372036854' expect '+OK\r\n' \
        cmd 'SET j v PXAT 9223372036854775807' expect '+OK\r\n' \
        cmd 'MGET k j' expect '*2\r\n$1\r\nv\r\n$1\r\nv\r\n'
}

@test "an expire time that is not a plain integer is rejected and writes nothing" {
  hint "docs/04-commands.md#parsing-integers: only a canonical decimal integer parses: no sign +, no spaces, no leading zeros"
  fresh cmd 'SET k keep' expect '+OK\r\n' \
        cmd 'SET k v EX abc' expect "$NOT_INT" \
        cmd 'SET k v EX 1.5' expect "$NOT_INT" \
        cmd "SET k v EX ''" expect "$NOT_INT" \
        cmd "SET k v EX ' 10'" expect "$NOT_INT" \
        cmd 'SET k v EX +10' expect "$NOT_INT" \
        cmd 'SET k v EX 00010' expect "$NOT_INT" \
        cmd 'SET k v PX 10abc' expect "$NOT_INT" \
        cmd 'SET k v PXAT 0x10' expect "$NOT_INT" \
        cmd 'SET k v EX 99999999999999999999' expect "$NOT_INT" \
        cmd 'GET k' expect '$4\r\nkeep\r\n'
}

@test "SET reports a syntax error before it looks at the expire value" {
  hint "docs/04-commands.md#set-options: all options are parsed first; the number is converted only after"
  fresh cmd 'SET k keep' expect '+OK\r\n' \
        cmd 'SET k v EX abc NX XX' expect "$SYNTAX" \
        cmd 'SET k v NX XX EX abc' expect "$SYNTAX" \
        cmd 'SET k v EX abc PX 10' expect "$SYNTAX" \
        cmd 'SET k v EX 10 PX abc' expect "$SYNTAX" \
        cmd 'SET k v EX abc KEEPTTL' expect "$SYNTAX" \
        cmd 'SET k v EX -1 NX XX' expect "$SYNTAX" \
        cmd 'SET k v EX abc FOO' expect "$SYNTAX" \
        cmd 'SET k v EX abc' expect "$NOT_INT" \
        cmd 'GET k' expect '$4\r\nkeep\r\n'
}

@test "SET with EXAT or PXAT in the past answers as usual and leaves no key" {
  hint "docs/04-commands.md#lazy-expiry: a deadline already passed means the key reads as missing at once"
  fresh cmd 'SET gone v EXAT 1' expect '+OK\r\n' \
        cmd 'GET gone' expect "$NULL" \
        cmd 'EXISTS gone' expect ':0\r\n' \
        cmd 'SET k old' expect '+OK\r\n' \
        cmd 'SET k new PXAT 1 GET' expect '$3\r\nold\r\n' \
        cmd 'GET k' expect "$NULL" \
        cmd 'SET k again EXAT 1 GET' expect "$NULL" \
        cmd 'EXISTS k gone' expect ':0\r\n' \
        cmd 'DBSIZE' expect ':0\r\n'
}

@test "SET PXAT in the future expires at that instant" {
  hint "docs/04-commands.md#lazy-expiry: PXAT is an absolute Unix time in milliseconds"
  # 1.2 s ahead: starting the client may itself take a few hundred ms on a slow machine.
  local at=$(( $(date +%s%3N) + 1200 ))
  fresh cmd "SET k v PXAT $at" expect '+OK\r\n' \
        cmd 'GET k' expect '$1\r\nv\r\n' \
        sleep 1500 \
        cmd 'GET k' expect "$NULL"
}

# ---------------------------------------------------------------------------
# The keyspace: GETDEL, DEL, EXISTS, DBSIZE, FLUSHDB/FLUSHALL, TYPE.
# ---------------------------------------------------------------------------

@test "GETDEL answers the value and removes the key" {
  hint "docs/04-commands.md#getdel: GET and DEL in one step"
  fresh cmd 'SET k v' expect '+OK\r\n' \
        cmd 'GETDEL k' expect '$1\r\nv\r\n' \
        cmd 'EXISTS k' expect ':0\r\n' \
        cmd 'GETDEL k' expect "$NULL" \
        cmd 'DBSIZE' expect ':0\r\n'
}

@test "DEL removes keys and counts only the ones that existed" {
  hint "docs/04-commands.md#del: the reply is how many keys were actually removed"
  fresh cmd 'SET a 1' expect '+OK\r\n' \
        cmd 'SET b 2' expect '+OK\r\n' \
        cmd 'SET c 3' expect '+OK\r\n' \
        cmd 'DEL a b missing a' expect ':2\r\n' \
        cmd 'EXISTS a b c' expect ':1\r\n' \
        cmd 'DEL missing' expect ':0\r\n' \
        cmd 'DEL c' expect ':1\r\n' \
        cmd 'DBSIZE' expect ':0\r\n'
}

@test "EXISTS counts every argument that exists, repeats included" {
  hint "docs/04-commands.md#exists: EXISTS a a counts a twice"
  fresh cmd 'EXISTS a a b' expect ':0\r\n' \
        cmd 'SET a 1' expect '+OK\r\n' \
        cmd 'EXISTS a' expect ':1\r\n' \
        cmd 'EXISTS a a b' expect ':2\r\n' \
        cmd 'EXISTS b' expect ':0\r\n'
}

@test "DBSIZE counts the keys" {
  hint "docs/04-commands.md#dbsize: the number of keys in the database"
  fresh cmd 'DBSIZE' expect ':0\r\n' \
        cmd 'SET a 1' expect '+OK\r\n' \
        cmd 'SET b 2' expect '+OK\r\n' \
        cmd 'SET c 3' expect '+OK\r\n' \
        cmd 'DBSIZE' expect ':3\r\n' \
        cmd 'SET a again' expect '+OK\r\n' \
        cmd 'DBSIZE' expect ':3\r\n' \
        cmd 'DEL b' expect ':1\r\n' \
        cmd 'DBSIZE' expect ':2\r\n'
}

@test "FLUSHDB and FLUSHALL empty the keyspace, with or without SYNC or ASYNC" {
  hint "docs/04-commands.md#flushdb-and-flushall: the optional SYNC/ASYNC word is case-insensitive"
  local variant steps=()
  for variant in FLUSHDB 'FLUSHDB SYNC' 'FLUSHDB async' FLUSHALL 'FLUSHALL ASYNC' 'flushall Sync'; do
    steps+=(cmd 'SET a 1' expect '+OK\r\n' cmd 'SET b 2' expect '+OK\r\n'
            cmd "$variant" expect '+OK\r\n' cmd 'DBSIZE' expect ':0\r\n' cmd 'GET a' expect "$NULL")
  done
  fresh "${steps[@]}"
}

@test "FLUSHDB or FLUSHALL with a bad argument is a syntax error and flushes nothing" {
  hint "docs/04-commands.md#flushdb-and-flushall: only SYNC or ASYNC, alone, may follow"
  fresh cmd 'SET a 1' expect '+OK\r\n' \
        cmd 'FLUSHDB foo' expect "$SYNTAX" \
        cmd 'FLUSHALL foo' expect "$SYNTAX" \
        cmd 'FLUSHDB SYNC ASYNC' expect "$SYNTAX" \
        cmd 'FLUSHALL ASYNC ASYNC' expect "$SYNTAX" \
        cmd 'FLUSHALL a b c' expect "$SYNTAX" \
        cmd 'DBSIZE' expect ':1\r\n'
}

@test "TYPE is string for a string and none for a missing key" {
  hint "docs/04-commands.md#type: a simple string reply, +none when the key does not exist"
  fresh cmd 'TYPE k' expect '+none\r\n' \
        cmd 'SET k 12' expect '+OK\r\n' \
        cmd 'TYPE k' expect '+string\r\n'
}

# ---------------------------------------------------------------------------
# KEYS and glob patterns. The order of KEYS is unspecified: keys_reply accepts
# any order but exactly the listed keys.
# ---------------------------------------------------------------------------

# The keys the pattern tests run against.
glob_keys=(cmd 'MSET hello 1 hallo 1 hxllo 1 heeeello 1 "h*llo" 1 hllo 1 world 1' expect '+OK\r\n')

@test "KEYS * lists every key once" {
  hint "docs/04-commands.md#keys: * matches any sequence, the empty one included"
  fresh cmd 'KEYS *' expect '*0\r\n' \
        "${glob_keys[@]}" \
        cmd 'KEYS *' expect-reply "$(keys_reply hello hallo hxllo heeeello 'h*llo' hllo world)"
}

@test "KEYS with a pattern that matches nothing is the empty array" {
  hint "docs/04-commands.md#keys: no match is *0\\r\\n, not a null"
  fresh "${glob_keys[@]}" \
        cmd 'KEYS nomatch*' expect '*0\r\n' \
        cmd 'KEYS H*' expect '*0\r\n' \
        cmd 'KEYS hel' expect '*0\r\n' \
        cmd "KEYS ''" expect '*0\r\n'
}

@test "KEYS * and ? in patterns: any run of characters, exactly one character" {
  hint "docs/04-commands.md#glob-patterns: a pattern matches the whole key, not a part of it"
  fresh "${glob_keys[@]}" \
        cmd 'KEYS h?llo' expect-reply "$(keys_reply hello hallo hxllo 'h*llo')" \
        cmd 'KEYS h*llo' expect-reply "$(keys_reply hello hallo hxllo heeeello 'h*llo' hllo)" \
        cmd 'KEYS hel*' expect-reply "$(keys_reply hello)" \
        cmd 'KEYS *d' expect-reply "$(keys_reply world)" \
        cmd 'KEYS ?????' expect-reply "$(keys_reply hello hallo hxllo 'h*llo' world)"
}

@test "KEYS character classes: [ae], [a-c], [^e], reversed ranges" {
  hint "docs/04-commands.md#glob-patterns: [^...] negates (! does not), a range may be written backwards"
  fresh "${glob_keys[@]}" \
        cmd 'KEYS h[ae]llo' expect-reply "$(keys_reply hello hallo)" \
        cmd 'KEYS h[a-c]llo' expect-reply "$(keys_reply hallo)" \
        cmd 'KEYS h[c-a]llo' expect-reply "$(keys_reply hallo)" \
        cmd 'KEYS h[^e]llo' expect-reply "$(keys_reply hallo hxllo 'h*llo')" \
        cmd 'KEYS h[!e]llo' expect-reply "$(keys_reply hello)" \
        cmd 'KEYS h[xyz]llo' expect-reply "$(keys_reply hxllo)"
}

@test "KEYS backslash escapes: \\* matches a literal star" {
  hint "docs/04-commands.md#glob-patterns: a backslash makes the next character literal"
  fresh "${glob_keys[@]}" \
        cmd "KEYS 'h\\*llo'" expect-reply "$(keys_reply 'h*llo')" \
        cmd "KEYS 'h\\?llo'" expect '*0\r\n' \
        cmd "KEYS '\\hel\\lo'" expect-reply "$(keys_reply hello)"
}

# ---------------------------------------------------------------------------
# MGET and MSET.
# ---------------------------------------------------------------------------

@test "MGET answers the values in order, with null for missing keys" {
  hint "docs/04-commands.md#mget-and-mset: an array with one entry per key asked"
  fresh cmd 'SET a 1' expect '+OK\r\n' \
        cmd 'SET b 22' expect '+OK\r\n' \
        cmd 'MGET a missing b a' expect '*4\r\n$1\r\n1\r\n$-1\r\n$2\r\n22\r\n$1\r\n1\r\n' \
        cmd 'MGET missing' expect '*1\r\n$-1\r\n'
}

@test "MSET sets every pair, overwriting, and the last duplicate wins" {
  hint "docs/04-commands.md#mget-and-mset: MSET is SET for each pair, left to right"
  fresh cmd 'SET a old' expect '+OK\r\n' \
        cmd 'MSET a 1 b 2 c 3' expect '+OK\r\n' \
        cmd 'MGET a b c' expect '*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n' \
        cmd 'MSET d x d y' expect '+OK\r\n' \
        cmd 'GET d' expect '$1\r\ny\r\n' \
        cmd 'DBSIZE' expect ':4\r\n'
}

@test "MSET with an odd number of arguments is an arity error and writes nothing" {
  hint "docs/04-commands.md#mget-and-mset: check the argument count before writing the first pair"
  fresh cmd 'MSET a 1 b' expect "$(arity mset)" \
        cmd 'MSET a' expect "$(arity mset)" \
        cmd 'EXISTS a b' expect ':0\r\n'
}

# ---------------------------------------------------------------------------
# Counters.
# ---------------------------------------------------------------------------

@test "INCR, DECR, INCRBY and DECRBY on a missing key start from 0" {
  hint "docs/04-commands.md#counters: a missing key counts as 0"
  fresh cmd 'INCR a' expect ':1\r\n' \
        cmd 'DECR b' expect ':-1\r\n' \
        cmd 'INCRBY c 5' expect ':5\r\n' \
        cmd 'DECRBY d 3' expect ':-3\r\n' \
        cmd 'MGET a b c d' expect '*4\r\n$1\r\n1\r\n$2\r\n-1\r\n$1\r\n5\r\n$2\r\n-3\r\n'
}

@test "counters work on a stored integer and store the result as a string" {
  hint "docs/04-commands.md#counters: the value stays a string; GET shows the decimal digits"
  fresh cmd 'SET n 10' expect '+OK\r\n' \
        cmd 'INCR n' expect ':11\r\n' \
        cmd 'GET n' expect '$2\r\n11\r\n' \
        cmd 'INCRBY n -20' expect ':-9\r\n' \
        cmd 'DECRBY n -5' expect ':-4\r\n' \
        cmd 'DECR n' expect ':-5\r\n' \
        cmd 'INCRBY n 0' expect ':-5\r\n' \
        cmd 'GET n' expect '$2\r\n-5\r\n' \
        cmd 'STRLEN n' expect ':2\r\n' \
        cmd 'TYPE n' expect '+string\r\n' \
        cmd 'SET m -1' expect '+OK\r\n' \
        cmd 'INCR m' expect ':0\r\n' \
        cmd 'GET m' expect '$1\r\n0\r\n'
}

@test "a value that is not a canonical integer cannot be incremented, and stays" {
  hint "docs/04-commands.md#parsing-integers: no spaces, no sign +, no leading zeros, no -0, nothing after the digits"
  local v steps=()
  for v in abc 1.5 "' 1'" "'1 '" 01 00 -0 +1 "''" 9223372036854775808 12345678901234567890 "'1\\0'"; do
    steps+=(cmd "SET s $v" expect '+OK\r\n' cmd 'INCR s' expect "$NOT_INT" cmd "EXISTS s" expect ':1\r\n')
  done
  fresh "${steps[@]}" \
        cmd 'SET s 1.5' expect '+OK\r\n' \
        cmd 'DECRBY s 1' expect "$NOT_INT" \
        cmd 'GET s' expect '$3\r\n1.5\r\n' \
        cmd "SET s '1\\0'" expect '+OK\r\n' \
        cmd 'DECR s' expect "$NOT_INT" \
        cmd 'GET s' expect '$2\r\n1\0\r\n'
}

@test "INCRBY or DECRBY with an increment that is not an integer is an error" {
  hint "docs/04-commands.md#parsing-integers: the increment parses by the same rules as a stored value"
  local v steps=()
  for v in abc 1.5 "' 1'" "''" +1 007 -0 9223372036854775808; do
    steps+=(cmd "INCRBY n $v" expect "$NOT_INT" cmd "DECRBY n $v" expect "$NOT_INT")
  done
  fresh cmd 'SET n 7' expect '+OK\r\n' \
        "${steps[@]}" \
        cmd 'GET n' expect '$1\r\n7\r\n' \
        cmd 'INCRBY fresh abc' expect "$NOT_INT" \
        cmd 'EXISTS fresh' expect ':0\r\n'
}

@test "counters stop at the 64-bit limits with an overflow error" {
  hint "docs/04-commands.md#counters: check for overflow before adding; the value is left as it was"
  fresh cmd 'SET max 9223372036854775807' expect '+OK\r\n' \
        cmd 'INCR max' expect "$OVERFLOW" \
        cmd 'INCRBY max 1' expect "$OVERFLOW" \
        cmd 'DECRBY max -1' expect "$OVERFLOW" \
        cmd 'INCRBY max 0' expect ':9223372036854775807\r\n' \
        cmd 'GET max' expect '$19\r\n9223372036854775807\r\n' \
        cmd 'SET min -9223372036854775808' expect '+OK\r\n' \
        cmd 'DECR min' expect "$OVERFLOW" \
        cmd 'INCRBY min -1' expect "$OVERFLOW" \
        cmd 'GET min' expect '$20\r\n-9223372036854775808\r\n' \
        cmd 'INCR min' expect ':-9223372036854775807\r\n' \
        cmd 'SET n 0' expect '+OK\r\n' \
        cmd 'DECRBY n 9223372036854775807' expect ':-9223372036854775807\r\n' \
        cmd 'DECRBY n 1' expect ':-9223372036854775808\r\n' \
        cmd 'DECRBY n 1' expect "$OVERFLOW" \
        cmd 'INCRBY n 9223372036854775807' expect ':-1\r\n' \
        cmd 'INCRBY n -9223372036854775808' expect "$OVERFLOW" \
        cmd 'GET n' expect '$2\r\n-1\r\n'
}

@test "DECRBY -9223372036854775808 is refused with its own error, whatever the value" {
  hint "docs/04-commands.md#counters: negating LLONG_MIN overflows, so Redis refuses it before adding"
  fresh cmd 'SET n 0' expect '+OK\r\n' \
        cmd 'DECRBY n -9223372036854775808' expect '-ERR decrement would overflow\r\n' \
        cmd 'DECRBY missing -9223372036854775808' expect '-ERR decrement would overflow\r\n' \
        cmd 'EXISTS missing' expect ':0\r\n' \
        cmd 'INCRBY n -9223372036854775808' expect ':-9223372036854775808\r\n'
}

# ---------------------------------------------------------------------------
# APPEND and STRLEN.
# ---------------------------------------------------------------------------

@test "APPEND creates a missing key and answers the new length" {
  hint "docs/04-commands.md#append-and-strlen: APPEND to nothing is SET, but the reply is the length"
  fresh cmd 'APPEND k hello' expect ':5\r\n' \
        cmd 'GET k' expect '$5\r\nhello\r\n' \
        cmd "APPEND e ''" expect ':0\r\n' \
        cmd 'EXISTS e' expect ':1\r\n'
}

@test "APPEND extends the value in place and answers the total length" {
  hint "docs/04-commands.md#append-and-strlen: the reply is the length after the append"
  fresh cmd 'SET k hello' expect '+OK\r\n' \
        cmd "APPEND k ' world'" expect ':11\r\n' \
        cmd 'GET k' expect '$11\r\nhello world\r\n' \
        cmd "APPEND k ''" expect ':11\r\n' \
        cmd 'SET n 5' expect '+OK\r\n' \
        cmd 'APPEND n 0' expect ':2\r\n' \
        cmd 'INCR n' expect ':51\r\n' \
        cmd 'APPEND n 9' expect ':3\r\n' \
        cmd 'GET n' expect '$3\r\n519\r\n'
}

@test "STRLEN is the length in bytes, and 0 for a missing key" {
  hint "docs/04-commands.md#append-and-strlen: count bytes, not characters; a missing key is 0"
  fresh cmd 'STRLEN missing' expect ':0\r\n' \
        cmd 'SET k hello' expect '+OK\r\n' \
        cmd 'STRLEN k' expect ':5\r\n' \
        cmd "SET b 'a\\0\\r\\n\\xff'" expect '+OK\r\n' \
        cmd 'STRLEN b' expect ':5\r\n' \
        cmd 'INCRBY c -12345' expect ':-12345\r\n' \
        cmd 'STRLEN c' expect ':6\r\n'
}

# ---------------------------------------------------------------------------
# Arity.
# ---------------------------------------------------------------------------

@test "every command checks its number of arguments, naming itself in lower case" {
  hint "docs/04-commands.md#arity: -ERR wrong number of arguments for 'name' command, with the name in lower case"
  fresh cmd 'SET k keep' expect '+OK\r\n' \
        cmd 'GET' expect "$(arity get)" \
        cmd 'GET a b' expect "$(arity get)" \
        cmd 'SET' expect "$(arity set)" \
        cmd 'SET k' expect "$(arity set)" \
        cmd 'GETDEL' expect "$(arity getdel)" \
        cmd 'GETDEL k k' expect "$(arity getdel)" \
        cmd 'DEL' expect "$(arity del)" \
        cmd 'EXISTS' expect "$(arity exists)" \
        cmd 'DBSIZE x' expect "$(arity dbsize)" \
        cmd 'TYPE' expect "$(arity type)" \
        cmd 'TYPE a b' expect "$(arity type)" \
        cmd 'KEYS' expect "$(arity keys)" \
        cmd 'KEYS a b' expect "$(arity keys)" \
        cmd 'MGET' expect "$(arity mget)" \
        cmd 'MSET' expect "$(arity mset)" \
        cmd 'INCR' expect "$(arity incr)" \
        cmd 'INCR a b' expect "$(arity incr)" \
        cmd 'DECR' expect "$(arity decr)" \
        cmd 'DECR a b' expect "$(arity decr)" \
        cmd 'INCRBY a' expect "$(arity incrby)" \
        cmd 'INCRBY a 1 2' expect "$(arity incrby)" \
        cmd 'DECRBY a' expect "$(arity decrby)" \
        cmd 'DECRBY a 1 2' expect "$(arity decrby)" \
        cmd 'APPEND a' expect "$(arity append)" \
        cmd 'APPEND a b c' expect "$(arity append)" \
        cmd 'STRLEN' expect "$(arity strlen)" \
        cmd 'STRLEN a b' expect "$(arity strlen)" \
        cmd 'set' expect "$(arity set)" \
        cmd 'GeT' expect "$(arity get)" \
        cmd 'DBSIZE' expect ':1\r\n' \
        cmd 'GET k' expect '$4\r\nkeep\r\n'
}

# ---------------------------------------------------------------------------
# Binary safety and large values.
# ---------------------------------------------------------------------------

@test "keys and values are binary-safe, with NUL, CR and LF inside" {
  hint "docs/04-commands.md#binary-safety: keys and values are byte strings with a length, never C strings"
  fresh cmd "SET 'k\\r\\n\\0' 'v\\0\\r\\nz'" expect '+OK\r\n' \
        cmd "GET 'k\\r\\n\\0'" expect '$5\r\nv\0\r\nz\r\n' \
        cmd "GET 'k\\r\\n'" expect "$NULL" \
        cmd "EXISTS 'k\\r\\n\\0' 'k\\r\\n'" expect ':1\r\n' \
        cmd 'KEYS k*' expect '*1\r\n$4\r\nk\r\n\0\r\n' \
        cmd "APPEND 'k\\r\\n\\0' '\\0'" expect ':6\r\n' \
        cmd "GETDEL 'k\\r\\n\\0'" expect '$6\r\nv\0\r\nz\0\r\n' \
        cmd 'DBSIZE' expect ':0\r\n'
}

@test "keys that differ by one byte are different keys" {
  hint "docs/04-commands.md#binary-safety: compare keys by length and every byte, case included"
  fresh cmd 'SET key plain' expect '+OK\r\n' \
        cmd "SET 'key\\0' nul" expect '+OK\r\n' \
        cmd "SET 'key\\0a' a" expect '+OK\r\n' \
        cmd "SET 'key\\0b' b" expect '+OK\r\n' \
        cmd 'SET Key upper' expect '+OK\r\n' \
        cmd "MGET key 'key\\0' 'key\\0a' 'key\\0b' Key 'key\\0c' ke" \
        expect '*7\r\n$5\r\nplain\r\n$3\r\nnul\r\n$1\r\na\r\n$1\r\nb\r\n$5\r\nupper\r\n$-1\r\n$-1\r\n' \
        cmd 'DBSIZE' expect ':5\r\n'
}

@test "a 512 KB binary value round-trips intact" {
  hint "docs/04-commands.md#binary-safety: a bulk string may arrive in many reads and leave in many writes"
  local payload="$BATS_FILE_TMPDIR/512k.bin" unit="" i
  # Every byte value, 2048 times: 524288 bytes.
  "$PYTHON" -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 2048)' >"$payload"
  for ((i = 0; i < 256; i++)); do unit+=$(printf '\\\\x%02x' "$i"); done
  need_redis_cli
  wire cmd FLUSHALL expect '+OK\r\n'
  run redis-cli -p "$SERVER_PORT" -x SET big <"$payload"
  if [ "$output" != OK ]; then
    echo "FAIL: redis-cli -x SET big <512 KB file> answered: $output"
    return 1
  fi
  wire cmd 'STRLEN big' expect ':524288\r\n' \
       cmd 'GET big' expect-reply '\$524288\r\n(?:'"$unit"'){2048}\r\n' \
       cmd 'APPEND big !' expect ':524289\r\n'
}

# ---------------------------------------------------------------------------
# Lazy expiry. A server may also remove expired keys in the background (Redis
# does), so every check here holds whether or not it does.
# ---------------------------------------------------------------------------

@test "a key set with PX is there before its deadline and gone after it" {
  hint "docs/04-commands.md#lazy-expiry: every read checks the deadline and treats a late key as missing"
  fresh cmd 'SET k v PX 200' expect '+OK\r\n' \
        cmd 'GET k' expect '$1\r\nv\r\n' \
        cmd 'EXISTS k' expect ':1\r\n' \
        sleep 400 \
        cmd 'GET k' expect "$NULL" \
        cmd 'EXISTS k' expect ':0\r\n'
}

@test "an expired key reads as the RESP3 null after HELLO 3" {
  hint "docs/04-commands.md#lazy-expiry: an expired key is a missing key, in either protocol"
  fresh cmd 'HELLO 3' expect-reply '%7\r\n.*' \
        cmd 'SET k v PX 100' expect '+OK\r\n' \
        sleep 250 \
        cmd 'GET k' expect '_\r\n' \
        cmd 'MGET k' expect '*1\r\n_\r\n'
}

@test "expired keys are not counted by EXISTS, KEYS, DBSIZE or INFO keyspace" {
  hint "docs/04-commands.md#lazy-expiry: EXISTS deletes a late key it meets; KEYS skips late keys"
  # DBSIZE is checked after EXISTS has met every key: with lazy expiry alone,
  # a late key nobody touched is still stored (Redis 7.0 counts it too).
  fresh cmd 'SET a 1 PX 100' expect '+OK\r\n' \
        cmd 'SET b 2 PX 100' expect '+OK\r\n' \
        cmd 'SET c 3 PX 100' expect '+OK\r\n' \
        cmd 'SET d 4' expect '+OK\r\n' \
        sleep 250 \
        cmd 'KEYS *' expect '*1\r\n$1\r\nd\r\n' \
        cmd 'EXISTS a b c d' expect ':1\r\n' \
        cmd 'DBSIZE' expect ':1\r\n' \
        cmd 'INFO keyspace' expect-reply '\$\d+\r\n# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=\d+\r\n\r\n' \
        cmd 'DEL d' expect ':1\r\n' \
        cmd 'INFO keyspace' expect '$12\r\n# Keyspace\r\n\r\n'
}

@test "every command treats an expired key as missing" {
  hint "docs/04-commands.md#lazy-expiry: check the deadline on every lookup, for writes as well as reads"
  local k steps=()
  for k in nx xx incr decrby append getdel type strlen mget setget del; do
    steps+=(cmd "SET $k old PX 100" expect '+OK\r\n')
  done
  fresh "${steps[@]}" \
        sleep 250 \
        cmd 'SET nx new NX' expect '+OK\r\n' \
        cmd 'GET nx' expect '$3\r\nnew\r\n' \
        cmd 'SET xx new XX' expect "$NULL" \
        cmd 'EXISTS xx' expect ':0\r\n' \
        cmd 'INCR incr' expect ':1\r\n' \
        cmd 'DECRBY decrby 2' expect ':-2\r\n' \
        cmd 'APPEND append new' expect ':3\r\n' \
        cmd 'GETDEL getdel' expect "$NULL" \
        cmd 'TYPE type' expect '+none\r\n' \
        cmd 'STRLEN strlen' expect ':0\r\n' \
        cmd 'MGET mget nx' expect '*2\r\n$-1\r\n$3\r\nnew\r\n' \
        cmd 'SET setget new GET' expect "$NULL" \
        cmd 'DEL del' expect ':0\r\n' \
        cmd 'DBSIZE' expect ':5\r\n'
}

@test "SET KEEPTTL keeps the key's deadline" {
  hint "docs/04-commands.md#lazy-expiry: KEEPTTL replaces the value and leaves the deadline alone"
  fresh cmd 'SET k 1 PX 200' expect '+OK\r\n' \
        cmd 'SET k 2 KEEPTTL' expect '+OK\r\n' \
        cmd 'SET j 1 PX 200' expect '+OK\r\n' \
        cmd 'SET j 2 KEEPTTL GET' expect '$1\r\n1\r\n' \
        cmd 'MGET k j' expect '*2\r\n$1\r\n2\r\n$1\r\n2\r\n' \
        sleep 400 \
        cmd 'MGET k j' expect '*2\r\n$-1\r\n$-1\r\n' \
        cmd 'SET plain v KEEPTTL' expect '+OK\r\n' \
        cmd 'GET plain' expect '$1\r\nv\r\n'
}

@test "a SET without KEEPTTL removes the key's deadline" {
  hint "docs/04-commands.md#lazy-expiry: a plain SET (GET, NX or XX included) writes a key with no deadline"
  fresh cmd 'SET a 1 PX 100' expect '+OK\r\n' \
        cmd 'SET a 2' expect '+OK\r\n' \
        cmd 'SET b 1 PX 100' expect '+OK\r\n' \
        cmd 'SET b 2 GET' expect '$1\r\n1\r\n' \
        cmd 'SET c 1 PX 100' expect '+OK\r\n' \
        cmd 'SET c 2 XX' expect '+OK\r\n' \
        cmd 'MSET d 1' expect '+OK\r\n' \
        cmd 'SET d 1 PX 100' expect '+OK\r\n' \
        cmd 'MSET d 2' expect '+OK\r\n' \
        cmd 'INFO keyspace' expect-reply '\$\d+\r\n# Keyspace\r\ndb0:keys=4,expires=0,avg_ttl=\d+\r\n\r\n' \
        sleep 250 \
        cmd 'MGET a b c d' expect '*4\r\n$1\r\n2\r\n$1\r\n2\r\n$1\r\n2\r\n$1\r\n2\r\n'
}

@test "INCR and APPEND keep the key's deadline" {
  hint "docs/04-commands.md#lazy-expiry: commands that modify a value in place do not touch its deadline"
  fresh cmd 'SET n 5 PX 200' expect '+OK\r\n' \
        cmd 'INCR n' expect ':6\r\n' \
        cmd 'INCRBY n 4' expect ':10\r\n' \
        cmd 'SET s ab PX 200' expect '+OK\r\n' \
        cmd 'APPEND s cd' expect ':4\r\n' \
        cmd 'INFO keyspace' expect-reply '\$\d+\r\n# Keyspace\r\ndb0:keys=2,expires=2,avg_ttl=\d+\r\n\r\n' \
        sleep 400 \
        cmd 'MGET n s' expect '*2\r\n$-1\r\n$-1\r\n'
}

# ---------------------------------------------------------------------------
# INFO keyspace.
# ---------------------------------------------------------------------------

@test "INFO keyspace of an empty database is an empty section" {
  hint "docs/04-commands.md#info-keyspace: the header line alone when there are no keys"
  fresh cmd 'INFO keyspace' expect '$12\r\n# Keyspace\r\n\r\n' \
        cmd 'INFO KEYSPACE' expect '$12\r\n# Keyspace\r\n\r\n'
}

@test "INFO keyspace counts the keys and the keys with a deadline" {
  hint "docs/04-commands.md#info-keyspace: db0:keys=N,expires=M,avg_ttl=T under # Keyspace"
  fresh cmd 'SET a 1' expect '+OK\r\n' \
        cmd 'INFO keyspace' expect '$44\r\n# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n\r\n' \
        cmd 'SET b 2 PX 100000' expect '+OK\r\n' \
        cmd 'SET c 3 EX 1000' expect '+OK\r\n' \
        cmd 'MSET d 4 e 5' expect '+OK\r\n' \
        cmd 'INFO keyspace' expect-reply '\$\d+\r\n# Keyspace\r\ndb0:keys=5,expires=2,avg_ttl=\d+\r\n\r\n' \
        cmd 'DEL b' expect ':1\r\n' \
        cmd 'INFO keyspace' expect-reply '\$\d+\r\n# Keyspace\r\ndb0:keys=4,expires=1,avg_ttl=\d+\r\n\r\n' \
        cmd 'FLUSHDB' expect '+OK\r\n' \
        cmd 'INFO keyspace' expect '$12\r\n# Keyspace\r\n\r\n'
}

# ---------------------------------------------------------------------------
# Many keys.
# ---------------------------------------------------------------------------

@test "a million SETs sent through redis-cli --pipe are all stored" {
  hint "docs/04-commands.md#many-keys: the keyspace must grow (rehash) without losing keys, under pipelined input"
  need_redis_cli
  local stream="$BATS_FILE_TMPDIR/million.resp"
  "$PYTHON" - "$stream" <<'PY'
import sys
with open(sys.argv[1], "wb") as out:
    for start in range(0, 1000000, 100000):
        out.write(b"".join(
            b"*3\r\n$3\r\nSET\r\n$%d\r\nkey:%d\r\n$%d\r\nvalue:%d\r\n" % (len(str(i)) + 4, i, len(str(i)) + 6, i)
            for i in range(start, start + 100000)))
PY
  wire cmd FLUSHALL expect '+OK\r\n'
  run redis-cli -p "$SERVER_PORT" --pipe <"$stream"
  rm -f "$stream"
  if [[ "$output" != *"errors: 0, replies: 1000000"* ]]; then
    echo "FAIL: redis-cli --pipe should report 'errors: 0, replies: 1000000'; it printed:"
    echo "$output"
    return 1
  fi
  wire cmd DBSIZE expect ':1000000\r\n' \
       cmd 'GET key:0' expect '$7\r\nvalue:0\r\n' \
       cmd 'GET key:123456' expect '$12\r\nvalue:123456\r\n' \
       cmd 'GET key:999999' expect '$12\r\nvalue:999999\r\n' \
       cmd 'GET key:1000000' expect "$NULL" \
       cmd 'EXISTS key:1 key:500000 key:-1' expect ':2\r\n' \
       cmd 'KEYS key:99999?' expect-reply "$(keys_reply key:999990 key:999991 key:999992 key:999993 key:999994 \
                                                       key:999995 key:999996 key:999997 key:999998 key:999999)" \
       cmd 'FLUSHALL' expect '+OK\r\n' \
       cmd DBSIZE expect ':0\r\n'
}
