#!/usr/bin/env bats
# Robustness 2: slow and silent clients: slowloris, and the idle-client --timeout.
#
# Hundreds of clients send their requests one byte per second. The loop must
# keep serving everyone else meanwhile, and must not cut those clients off:
# they are slow, not gone. From chapter 5, --timeout N (Redis's `timeout`
# setting) closes, from the periodic timer, the clients that have neither sent
# nor received a byte for more than N seconds, and only those.

load ../lib/harness
load helpers

DEFAULT_HINT="docs/02-reactor.md#connections: a partial request waits in the client's buffer while the loop serves the others"

setup_file() {
  check_chapter
  start_server
  FILE_SERVER_PID=$SERVER_PID
  export FILE_SERVER_PID
}

@test "clients sending a byte a second hold up nobody, and are neither cut off nor forgotten" {
  hint "docs/02-reactor.md#connections: never wait for one client; keep each one's partial input in its buffer until the rest arrives"
  if [ "$CHAPTER" -ge 5 ]; then
    # Without --timeout, clients may stay idle for ever (Redis's default, 0).
    wire cmd 'CONFIG GET timeout' expect '*2\r\n$7\r\ntimeout\r\n$1\r\n0\r\n'
  fi
  # 300 slow clients, 20 idle ones (one round trip, then silence), 20 with
  # half a request sent and then silence, and one busy client with a
  # request every 100 ms. After 4 s, all of them must be served.
  report hostile slowloris --slow 300 --idle 20 --stalled 20 --seconds 4
}

@test "--timeout closes clients silent for longer, from the periodic timer, and no others" {
  need_chapter 5 "--timeout"
  hint "docs/05-ttl.md#the-periodic-timer-and---hz: with --timeout N the timer closes clients that sent and received nothing for more than N seconds"
  start_server --timeout 2
  wire cmd 'CONFIG GET timeout' expect '*2\r\n$7\r\ntimeout\r\n$1\r\n2\r\n'
  # Idle and stalled clients must be closed 2 to 5 s after their last byte
  # (Redis counts whole seconds, and looks at each client once a second);
  # the slow clients, a byte a second, and the busy one must stay.
  report hostile slowloris --slow 300 --idle 20 --stalled 20 --seconds 6 --server-timeout 2
}
