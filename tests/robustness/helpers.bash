# helpers.bash: what the robustness tests share. Each file loads it after the
# harness:
#     load ../lib/harness
#     load helpers
#
# The robustness tests run against every chapter from 2 on, so they need to
# know what the server speaks: CHAPTER (set by tests/robustness/run --chapter
# N) is 2 for the echo server, 3 for RESP with the connection commands, 4 with
# the keyspace (SET, GET), 5 with --timeout. The real redis-server counts as 5.

# check_chapter: stop the file with a clear message unless CHAPTER is usable.
check_chapter() {
  if ! [[ "${CHAPTER:-}" =~ ^[0-9]+$ ]] || [ "$CHAPTER" -lt 2 ]; then
    echo "CHAPTER is not set (or below 2): run these tests through tests/robustness/run --chapter N --server '...'"
    return 1
  fi
}

# hostile SCENARIO [OPTIONS]: tests/lib/hostile.py against the server under
# test, speaking the chapter's protocol.
hostile() {
  "$PYTHON" "$HARNESS_LIB/hostile.py" --port "$SERVER_PORT" --chapter "$CHAPTER" "$@"
}

# report COMMAND...: run a scenario; show what it measured as "# " lines in
# the test output (fd 3, which bats passes through), or its failure report.
report() {
  local out status=0
  out=$("$@" 2>&1) || status=$?
  if [ "$status" != 0 ]; then
    printf '%s\n' "$out"
    return "$status"
  fi
  printf '%s\n' "$out" | sed 's/^/# /' >&3
}

# need_chapter N WHAT: skip unless the server is chapter N or later.
need_chapter() {
  if [ "$CHAPTER" -lt "$1" ]; then
    skip "chapter $CHAPTER has no $2 (it arrives in chapter $1)"
  fi
}

# pick ECHO RESP: the first word for the echo server (chapter 2), the second
# for a Redis server.
pick() {
  if [ "$CHAPTER" -lt 3 ]; then printf '%s' "$1"; else printf '%s' "$2"; fi
}

# allow_open_files WANT: let this test's processes (the server it starts,
# and the Python client) open WANT descriptors, raising the soft limit and,
# when we may (as root), the hard one; skip the test if that is refused.
allow_open_files() {
  local want=$1 soft hard
  soft=$(ulimit -Sn)
  if [ "$soft" = unlimited ] || [ "$soft" -ge "$want" ]; then
    return 0
  fi
  hard=$(ulimit -Hn)
  if [ "$hard" = unlimited ] || [ "$hard" -ge "$want" ]; then
    ulimit -Sn "$want" && return 0
  fi
  ulimit -Hn "$want" 2>/dev/null && ulimit -Sn "$want" && return 0
  skip "needs $want open files per process, but the hard limit is $hard and may not be raised here (as root: ulimit -Hn $want; or set nofile in /etc/security/limits.conf)"
}

# repeat N CHAR: CHAR, N times.
repeat() {
  head -c "$1" /dev/zero | tr '\0' "$2"
}
