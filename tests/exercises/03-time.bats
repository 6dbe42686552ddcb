#!/usr/bin/env bats
# TIME (docs/03-resp.md, exercise: add TIME)

load ../lib/harness
DEFAULT_HINT="docs/03-resp.md#exercises: TIME answers two bulk strings, seconds and microseconds"

@test "TIME answers the Unix time in seconds and the microseconds, as two bulk strings" {
  local now
  now=$(date +%s)
  wire cmd TIME expect-reply "\\*2\\r\\n\\\$10\\r\\n(?:$((now - 1))|$now|$((now + 1))|$((now + 2)))\\r\\n\\\$\\d{1,6}\\r\\n\\d{1,6}\\r\\n"
}

@test "TIME takes no arguments" {
  wire cmd 'TIME x' expect "-ERR wrong number of arguments for 'time' command\\r\\n"
}
