# resp-helpers.bash: helpers shared by the Redis stages (3-5). Load it after
# the harness:
#     load ../lib/harness
#     load ../lib/resp-helpers

# need_redis_tools: redis-cli and redis-benchmark (Debian's redis-tools),
# installed if missing when we are root, or a clear message saying how.
need_redis_tools() {
  "$HARNESS_LIB/../require-tools" redis-cli redis-benchmark
}

# rcli ARG...: redis-cli talking to the server under test.
rcli() {
  redis-cli -h 127.0.0.1 -p "$SERVER_PORT" "$@"
}

# bulk TEXT: TEXT as a RESP bulk string, written in wire.py's notation
# (for expect). TEXT must be plain printable ASCII.
bulk() {
  local LC_ALL=C
  printf '$%d\\r\\n%s\\r\\n' "${#1}" "$1"
}

# check_output GLOB WHAT: after `run`, fail with a readable report unless
# $output matches the shell pattern GLOB. WHAT says what was expected.
# shellcheck disable=SC2154  # output and status come from bats's run
check_output() {
  # shellcheck disable=SC2053  # GLOB is a pattern on purpose
  if [[ "$output" == $1 ]]; then
    return 0
  fi
  echo "FAIL: $BATS_TEST_DESCRIPTION"
  echo "  expected: $2"
  echo "  exit status: $status; output:"
  printf '%s\n' "$output" | head -n 30 | sed 's/^/    /'
  [ -n "${HINT:-}" ] && echo "  hint:     $HINT"
  return 1
}
