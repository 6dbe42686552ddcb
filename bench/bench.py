#!/usr/bin/env python3
"""bench.py: a chapter's server side by side with the real redis-server.

What `make bench` runs. For each chapter asked for (default: the newest):

  throughput  redis-benchmark, 50 clients, PING_INLINE, PING_MBULK, SET and
              GET at pipeline depths 1, 16 and 128; rounds alternate
              candidate / redis / candidate / redis ..., and the median of
              the rounds is reported with the candidate/redis ratio. Depth 1
              also reports p50/p99 latency, and the server's CPU time per
              request (from /proc/PID/stat): at depth 1 round trips, not the
              server's CPU, limit throughput, so CPU per request is the fair
              comparison there.
  memory      resident memory after loading the same 1,000,000 keys
              (key:N -> value:N, through redis-cli --pipe), and bytes per key.
  expiry      500,000 keys set with PX 1000, never read: seconds from the end
              of the load until DBSIZE is 0.

With two CPUs or more, the servers run on CPU 0 and the load generator on
CPU 1, so they do not fight for a core. Noise is reported as the spread of
the rounds (max/min - 1) per cell; absolute numbers drift between runs on
shared machines, so the ratios are the headline.

Output: a table on the terminal, bench/results/<stamp>-chapterN.csv, and
bench/results/throughput.png (gnuplot): requests/s against pipeline depth,
for every chapter that has results (its newest CSV) and for redis-server.

Usage: bench.py [--chapter N ...] [--rounds R] [--quick]
This is a benchmark, not a test: `make test` never runs it.
"""
import argparse
import csv
import datetime
import glob
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(TOP, "bench", "results")
DEPTHS = (1, 16, 128)
CLIENTS = 50


def log(msg):
    print(msg, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pin(cpu):
    """The taskset prefix for a CPU, or nothing on a one-CPU machine."""
    if (os.cpu_count() or 1) < 2 or not shutil.which("taskset"):
        return []
    return ["taskset", "-c", str(cpu)]


class Server:
    """A server process on a free port, pinned to CPU 0."""

    def __init__(self, name, argv):
        self.name = name
        self.port = free_port()
        argv = [a.replace("{port}", str(self.port)) for a in argv]
        self.proc = subprocess.Popen(pin(0) + argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("bench: %s did not start on port %d" % (name, self.port))

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()

    def cpu_seconds(self):
        """User + system CPU time used so far (fields 14 and 15 of stat)."""
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_kb(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0


def call(port, *words):
    """One command on a fresh connection; the reply's first line."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(resp(*words))
        return s.makefile("rb").readline().strip()


def resp(*words):
    out = [b"*%d\r\n" % len(words)]
    for w in words:
        w = w if isinstance(w, bytes) else str(w).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(w), w))
    return b"".join(out)


def tests_for(chapter):
    # Chapter 3 has no keyspace: it is measured on PING alone.
    return ["PING_INLINE", "PING_MBULK"] + (["SET", "GET"] if chapter >= 4 else [])


def benchmark(server, tests, depth, requests):
    """One redis-benchmark run: {test: (rps, p50 ms, p99 ms)}, and the
    server's CPU seconds during it."""
    cpu_before = server.cpu_seconds()
    out = subprocess.run(
        pin(1) + ["redis-benchmark", "-p", str(server.port), "-c", str(CLIENTS), "-n", str(requests),
                  "-P", str(depth), "-r", "100000", "-t", ",".join(t.lower() for t in tests), "--csv"],
        capture_output=True, text=True, check=True).stdout
    cpu = server.cpu_seconds() - cpu_before
    results = {}
    for row in csv.reader(out.splitlines()):
        if len(row) >= 7 and row[0] in tests:
            results[row[0]] = (float(row[1]), float(row[4]), float(row[6]))
    return results, cpu


def throughput(cand, redis, chapter, rounds, quick):
    """Alternating rounds; returns rows of the results table."""
    tests = tests_for(chapter)
    samples = {}  # (server, test, depth) -> [(rps, p50, p99)]
    cpu = {}      # (server, depth) -> [cpu seconds per request]
    for r in range(rounds):
        for depth in DEPTHS:
            requests = (20000 if quick else 100000) if depth == 1 else (200000 if quick else 1000000)
            for server in (cand, redis):
                res, used = benchmark(server, tests, depth, requests)
                for test, value in res.items():
                    samples.setdefault((server.name, test, depth), []).append(value)
                cpu.setdefault((server.name, depth), []).append(used / (requests * len(tests)))
        log("  round %d of %d done" % (r + 1, rounds))
    rows = []
    for depth in DEPTHS:
        for test in tests:
            a = samples[(cand.name, test, depth)]
            b = samples[(redis.name, test, depth)]
            med_a = statistics.median(x[0] for x in a)
            med_b = statistics.median(x[0] for x in b)
            spread = max(max(x[0] for x in s) / min(x[0] for x in s) - 1 for s in (a, b))
            rows.append({
                "metric": "%s -P %d" % (test, depth), "test": test, "depth": depth,
                "candidate": med_a, "redis": med_b, "ratio": med_a / med_b, "spread": spread,
                "cand_p50": statistics.median(x[1] for x in a), "cand_p99": statistics.median(x[2] for x in a),
                "redis_p50": statistics.median(x[1] for x in b), "redis_p99": statistics.median(x[2] for x in b),
            })
    for depth in DEPTHS:
        a = statistics.median(cpu[(cand.name, depth)]) * 1e6
        b = statistics.median(cpu[(redis.name, depth)]) * 1e6
        rows.append({"metric": "CPU us/request -P %d" % depth, "test": "cpu", "depth": depth,
                     "candidate": a, "redis": b, "ratio": a / b if b else 0, "spread": 0})
    return rows


def memory(cand, redis, keys):
    """RSS growth for the same `keys` keys, loaded with redis-cli --pipe."""
    stream = b"".join(resp("SET", "key:%d" % i, "value:%d" % i) for i in range(keys))
    rows = []
    result = {}
    for server in (cand, redis):
        call(server.port, "FLUSHALL")
        time.sleep(0.2)
        before = server.rss_kb()
        subprocess.run(["redis-cli", "-p", str(server.port), "--pipe"], input=stream,
                       capture_output=True, check=True)
        after = server.rss_kb()
        result[server.name] = (before, after, (after - before) * 1024 / keys)
        call(server.port, "FLUSHALL")
    a, b = result[cand.name], result[redis.name]
    rows.append({"metric": "RSS MB after %d keys" % keys, "test": "memory", "depth": 0,
                 "candidate": a[1] / 1024, "redis": b[1] / 1024, "ratio": a[1] / b[1], "spread": 0})
    rows.append({"metric": "bytes per key", "test": "memory", "depth": 0,
                 "candidate": a[2], "redis": b[2], "ratio": a[2] / b[2], "spread": 0})
    return rows


def mass_expiry(server, keys):
    """Seconds from the end of loading `keys` keys with PX 1000 until DBSIZE
    is 0, nobody reading them."""
    call(server.port, "FLUSHALL")
    stream = b"".join(resp("SET", "exp:%d" % i, "x", "PX", "1000") for i in range(keys))
    subprocess.run(["redis-cli", "-p", str(server.port), "--pipe"], input=stream, capture_output=True, check=True)
    loaded = time.monotonic()
    while time.monotonic() - loaded < 60:
        if call(server.port, "DBSIZE") == b":0":
            return time.monotonic() - loaded
        time.sleep(0.02)
    return float("inf")


def expiry(cand, redis, keys):
    a, b = mass_expiry(cand, keys), mass_expiry(redis, keys)
    return [{"metric": "seconds until %d PX 1000 keys are gone" % keys, "test": "expiry", "depth": 0,
             "candidate": a, "redis": b, "ratio": a / b, "spread": 0}]


def print_table(chapter, rows):
    log("")
    log("chapter %d vs redis-server (medians; ratio = chapter/redis; higher is better for requests/s, "
        "lower for CPU, memory and seconds)" % chapter)
    log("%-40s %14s %14s %7s %8s" % ("", "littleredis", "redis-server", "ratio", "spread"))
    for r in rows:
        log("%-40s %14s %14s %7.2f %8s" % (
            r["metric"], fmt(r["candidate"]), fmt(r["redis"]), r["ratio"],
            "%.0f%%" % (r["spread"] * 100) if r["spread"] else ""))
    lat = [r for r in rows if r.get("depth") == 1 and "cand_p50" in r]
    if lat:
        log("")
        log("latency at -P 1, ms (p50 / p99):")
        for r in lat:
            log("  %-12s littleredis %.3f / %.3f   redis-server %.3f / %.3f" % (
                r["test"], r["cand_p50"], r["cand_p99"], r["redis_p50"], r["redis_p99"]))
    noisy = [r for r in rows if r["spread"] > 0.15]
    log("")
    log("noise: rounds of the same cell differed by up to %.0f%%%s" % (
        100 * max((r["spread"] for r in rows), default=0),
        "; %d cell(s) above 15%%: treat their ratios as rough" % len(noisy) if noisy else ""))


def fmt(v):
    return "{:,.0f}".format(v) if v >= 100 else "{:.2f}".format(v)


def write_csv(path, rows, meta):
    fields = ["metric", "test", "depth", "candidate", "redis", "ratio", "spread",
              "cand_p50", "cand_p99", "redis_p50", "redis_p99"]
    with open(path, "w", newline="") as f:
        f.write("# %s\n" % meta)
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)


def plot():
    """ops/s against pipeline depth: each chapter's newest results, and redis."""
    if not shutil.which("gnuplot"):
        log("(gnuplot is missing: no plot; tests/require-tools gnuplot installs it)")
        return
    latest = {}
    for path in sorted(glob.glob(os.path.join(RESULTS, "*-chapter*.csv"))):
        latest[re.search(r"chapter(\d+)", path).group(1)] = path
    if not latest:
        return
    series = {}  # label -> {depth: rps}, for GET when present, else PING_MBULK
    for ch, path in sorted(latest.items()):
        with open(path) as f:
            rows = [r for r in csv.DictReader(line for line in f if not line.startswith("#"))]
        test = "GET" if any(r["test"] == "GET" for r in rows) else "PING_MBULK"
        for r in rows:
            if r["test"] == test:
                series.setdefault("chapter %s (%s)" % (ch, test), {})[int(r["depth"])] = float(r["candidate"])
                series.setdefault("redis-server (%s, run with chapter %s)" % (test, ch), {})[int(r["depth"])] = \
                    float(r["redis"])
    data = os.path.join(RESULTS, "throughput.dat")
    with open(data, "w") as f:
        for label, points in series.items():
            f.write('"%s"\n' % label)
            for depth in sorted(points):
                f.write("%d %f\n" % (depth, points[depth] / 1e6))
            f.write("\n\n")
    script = """
set terminal png size 900,560 noenhanced
set output '%s'
set title 'requests/s against pipeline depth, 50 clients (%s)'
set xlabel 'pipeline depth (redis-benchmark -P)'
set ylabel 'million requests per second'
set logscale x 2
set xtics (1, 16, 128)
set key left top
set grid
plot for [i=0:%d] '%s' index i using 1:2 with linespoints lw 2 title columnheader(1)
""" % (os.path.join(RESULTS, "throughput.png"), datetime.date.today().isoformat(), len(series) - 1, data)
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
    log("plot: %s" % os.path.join(RESULTS, "throughput.png"))


def with_servers(d, work):
    """Start the chapter's server and redis-server, run work(cand, redis),
    stop both."""
    cand = Server("littleredis", [os.path.join(d, "littleredis"), "--port", "{port}"])
    redis = Server("redis-server", ["redis-server", "--port", "{port}", "--save", "", "--appendonly", "no",
                                    "--bind", "127.0.0.1", "--dir", os.environ.get("TMPDIR", "/tmp")])
    try:
        return work(cand, redis)
    finally:
        cand.stop()
        redis.stop()


def chapter_dir(n):
    found = glob.glob(os.path.join(TOP, "chapter%d-*" % n))
    if not found:
        raise SystemExit("bench: no chapter %d" % n)
    return found[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chapter", type=int, action="append", help="chapter to measure (3 or later; repeatable)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="fewer requests and keys: a smoke run")
    args = ap.parse_args()
    chapters = args.chapter or [max(int(re.search(r"chapter(\d+)", d).group(1))
                                    for d in glob.glob(os.path.join(TOP, "chapter[0-9]*-*")))]
    os.makedirs(RESULTS, exist_ok=True)
    machine = "%s, %d CPUs, %s" % (platform.processor() or platform.machine(), os.cpu_count() or 1,
                                   platform.platform())
    try:
        with open("/proc/cpuinfo") as f:
            model = re.search(r"model name\s*:\s*(.*)", f.read())
            if model:
                machine = "%s, %d CPUs, %s" % (model.group(1), os.cpu_count() or 1, platform.platform())
    except OSError:
        pass
    for chapter in chapters:
        if chapter < 3:
            raise SystemExit("bench: chapters 1 and 2 echo; redis-benchmark needs chapter 3 or later")
        d = chapter_dir(chapter)
        subprocess.run(["make", "-s", "-C", d], check=True)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        log("== chapter %d vs redis-server, %d rounds, on %s" % (chapter, args.rounds, machine))
        rows = with_servers(d, lambda c, r: throughput(c, r, chapter, args.rounds, args.quick))
        if chapter >= 4:
            # Fresh servers: memory freed by FLUSHALL stays with the process
            # (malloc keeps it for reuse), and would hide the cost of new keys.
            log("  memory...")
            rows += with_servers(d, lambda c, r: memory(c, r, 100000 if args.quick else 1000000))
            log("  expiry...")
            rows += with_servers(d, lambda c, r: expiry(c, r, 50000 if args.quick else 500000))
        print_table(chapter, rows)
        path = os.path.join(RESULTS, "%s-chapter%d.csv" % (stamp, chapter))
        write_csv(path, rows, "chapter %d vs redis-server, %s, %d rounds%s, %s" % (
            chapter, datetime.datetime.now().isoformat(timespec="seconds"), args.rounds,
            " (quick)" if args.quick else "", machine))
        log("csv: %s" % path)
    plot()


if __name__ == "__main__":
    main()
