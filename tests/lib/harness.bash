# harness.bash: the helpers every stage test uses. Loaded by each .bats file with
#     load ../lib/harness
#
# The server under test comes from $SERVER, a command template in which {port}
# stands for the port to listen on, for example
#     SERVER='./chapter1-epoll/littleredis --port {port}'
#     SERVER='python3 my_server.py --port {port}'
# Tests never use a fixed port: each server gets a free one, so the suite can run
# next to a real Redis on 6379, and several suites can run at once.
#
# By default one server is started per test file (setup_file) and shared by
# its tests. A test that needs its own server (special flags, a restart, a
# signal) calls start_server itself; stop_server then runs at its teardown.

HARNESS_LIB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# The tests start Python a few hundred times. Prefer the system interpreter:
# a version-manager shim (pyenv and the like) can take most of a second to
# start, every time. PYTHON=... overrides.
if [ -z "${PYTHON:-}" ]; then
  if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi

# ---------------------------------------------------------------------------
# Starting and stopping servers.
# ---------------------------------------------------------------------------

free_port() {
  "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# True while the process exists and has not exited (a zombie has exited).
process_alive() {
  local state
  state=$(sed -E 's/^.*\) (.).*$/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# start_server [EXTRA ARGS...]: start $SERVER on a free port, with EXTRA ARGS
# appended (e.g. --maxclients 10), and wait until it accepts connections.
# Sets SERVER_PORT, SERVER_PID and SERVER_LOG.
start_server() {
  if [ -z "${SERVER:-}" ]; then
    echo "SERVER is not set: it must be a command with {port} in it, e.g. SERVER='./littleredis --port {port}'"
    return 1
  fi
  if [[ "$SERVER" != *"{port}"* ]]; then
    echo "SERVER='$SERVER' has no {port} in it: the harness needs to tell the server which port to use."
    return 1
  fi
  SERVER_PORT=${FORCE_PORT:-$(free_port)}
  SERVER_LOG="${BATS_FILE_TMPDIR:-/tmp}/server-$SERVER_PORT.log"
  local cmd=${SERVER//\{port\}/$SERVER_PORT}
  local extra=""
  [ $# -gt 0 ] && extra=$(printf ' %q' "$@")
  # exec: the server replaces this shell, so $! is the server's own PID.
  # 3>&-: bats waits for every process holding its descriptor 3 open.
  bash -c "exec $cmd$extra" </dev/null >"$SERVER_LOG" 2>&1 3>&- &
  SERVER_PID=$!
  export SERVER_PORT SERVER_PID SERVER_LOG
  wait_for_server
}

# Wait until the server accepts a TCP connection (10 s: sanitizer builds and
# interpreted servers start slowly).
wait_for_server() {
  local i
  for ((i = 0; i < 200; i++)); do
    if ! process_alive "$SERVER_PID"; then
      echo "The server exited while starting up. Command: ${SERVER//\{port\}/$SERVER_PORT}"
      show_server_log
      return 1
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$SERVER_PORT") 2>/dev/null; then
      return 0
    fi
    sleep 0.05
  done
  echo "The server did not accept connections on port $SERVER_PORT within 10 s."
  show_server_log
  return 1
}

# stop_server: SIGTERM, then SIGKILL if it has not exited within 5 s
# (STOP_TIMEOUT seconds: a server under valgrind needs longer to exit).
stop_server() {
  [ -n "${SERVER_PID:-}" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  local i
  for ((i = 0; i < ${STOP_TIMEOUT:-5} * 20; i++)); do
    process_alive "$SERVER_PID" || break
    sleep 0.05
  done
  if process_alive "$SERVER_PID"; then
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

show_server_log() {
  if [ -n "${SERVER_LOG:-}" ] && [ -s "$SERVER_LOG" ] && [ "${LOG_SHOWN:-}" != "$SERVER_LOG" ]; then
    LOG_SHOWN=$SERVER_LOG
    echo "--- last lines of the server's log ($SERVER_LOG) ---"
    tail -n 20 "$SERVER_LOG"
    echo "---"
  fi
}

# The default life cycle: one server for the whole file.
setup_file() {
  start_server
  FILE_SERVER_PID=$SERVER_PID
  export FILE_SERVER_PID
}

teardown_file() {
  stop_server
}

setup() {
  HINT=${DEFAULT_HINT:-}
  # wire.py and scenarios.py print the test's name above a failure report.
  export HINT BATS_TEST_DESCRIPTION
  if [ -n "${SERVER_PID:-}" ] && ! process_alive "$SERVER_PID"; then
    echo "The server is no longer running: it crashed or exited during an earlier test in this file."
    show_server_log
    return 1
  fi
}

teardown() {
  if [ -z "${BATS_TEST_COMPLETED:-}" ]; then
    show_server_log
  fi
  # A server the test started for itself goes away with the test.
  if [ -n "${SERVER_PID:-}" ] && [ "$SERVER_PID" != "${FILE_SERVER_PID:-}" ]; then
    stop_server
  fi
}

# ---------------------------------------------------------------------------
# Talking to the server.
# ---------------------------------------------------------------------------

# wire STEP...: one connection, scripted (see tests/lib/wire.py for the steps).
wire() {
  "$PYTHON" "$HARNESS_LIB/wire.py" --port "$SERVER_PORT" "$@"
}

# scenario NAME [OPTIONS]: the multi-connection echo scenarios in scenarios.py.
scenario() {
  "$PYTHON" "$HARNESS_LIB/scenarios.py" --port "$SERVER_PORT" "$@"
}

# hint TEXT: one line shown under a failure, pointing at what to read.
hint() {
  HINT="$*"
  export HINT
}

# Tests about this implementation (its own flags, its log) rather than about
# the protocol skip when graded against the real Redis.
implementation_specific() {
  if [ "${ORACLE:-}" = 1 ]; then
    skip "about this implementation, not about Redis behaviour"
  fi
}
