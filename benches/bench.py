#!/usr/bin/env python3
"""Throughput, start-up and peak-memory benchmark of mdediag against jq, grep and cat, in one run.

    cargo build --release && python3 benches/bench.py            # 50 MB and 200 MB logs, 69 MB array
    python3 benches/bench.py --sizes 20 --startup-runs 50        # quicker

Generates the logs with benches/gen_log.py and a pretty-printed array of 300,000 error envelopes with
benches/gen_array.py into target/bench/ (kept for reruns), runs every command on the
same file several times, and prints the best wall time as MB/s, ratios against jq, the median start-up of
`mdediag explain Forbidden`, and peak RSS (from the kernel's accounting of each child) per input size. The
CPU / wall column is the CPU time (user + system, every thread and process of the command) of the best run
over its wall time: near 2 when both cores are busy.
Every command reads the log on stdin and writes to /dev/null, except `grep -c`, which is piped through
`cat`: GNU grep notices /dev/null and stops at the first match, which would not be counting.
The machine may be shared: compare ratios from one run, not figures across runs.
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "mdediag")
OUT_DIR = os.path.join(ROOT, "target", "bench")


def log_file(mb, log_ratio):
    path = os.path.join(OUT_DIR, "log-%g-%g.ndjson" % (mb, log_ratio))
    if not os.path.exists(path):
        os.makedirs(OUT_DIR, exist_ok=True)
        with open(path + ".tmp", "w") as f:
            subprocess.run([sys.executable, os.path.join(ROOT, "benches", "gen_log.py"), "--mb", str(mb),
                            "--log-ratio", str(log_ratio)], stdout=f, check=True)
        os.rename(path + ".tmp", path)
    return path


def array_file(count):
    path = os.path.join(OUT_DIR, "array-%d.json" % count)
    if not os.path.exists(path):
        os.makedirs(OUT_DIR, exist_ok=True)
        with open(path + ".tmp", "w") as f:
            subprocess.run([sys.executable, os.path.join(ROOT, "benches", "gen_array.py"), "--count", str(count)],
                           stdout=f, check=True)
        os.rename(path + ".tmp", path)
    return path


def run(cmd, path):
    """Wall seconds, the child's peak RSS in MiB and its CPU seconds (user + system, all threads) for one
    shell pipeline reading `path` on stdin."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(path, "rb") as f:
        start = time.perf_counter()
        proc = subprocess.run(cmd, shell=True, stdin=f, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
    if proc.returncode not in (0, 1, 75):
        sys.exit("benchmark command failed (%d): %s\n%s" % (proc.returncode, cmd, proc.stderr.decode()[:500]))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, max(before.ru_maxrss, after.ru_maxrss) / 1024, cpu


def peak_rss(cmd, path):
    """Peak RSS of exactly one process, via /usr/bin/time (ru_maxrss of children is a running maximum)."""
    if not os.path.exists("/usr/bin/time"):
        return float("nan")
    with open(path, "rb") as f:
        proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdin=f, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    return int(proc.stderr.decode().strip().splitlines()[-1]) / 1024


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def best(cmd, path, repeat):
    """The best wall time of `repeat` runs, and the CPU time of that run."""
    wall, _, cpu = min(run(cmd, path) for _ in range(repeat))
    return wall, cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=float, nargs="+", default=[50, 200], help="log sizes in MB")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--startup-runs", type=int, default=200)
    ap.add_argument("--array-count", type=int, default=300000, help="items of the big-array case")
    args = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    have_jq = shutil.which("jq") is not None
    print("machine: %d cores, %s, Linux %s %s, load average before: %s"
          % (os.cpu_count(), cpu_model(), os.uname()[2], os.uname()[4],
             " ".join("%.2f" % x for x in os.getloadavg())))

    size = max(args.sizes)
    for ratio in (0.0, 0.3):
        path = log_file(size, ratio)
        mb = os.path.getsize(path) / 1e6
        print("\n## %.0f MB NDJSON log, %d%% lines with a log prefix" % (mb, ratio * 100))
        rows = [
            ("cat > /dev/null (ceiling)", "cat"),
            # Through `| cat`: GNU grep stops at the first match when its output is /dev/null.
            ("grep -c '\"error\"'", "grep -c '\"error\"' | cat"),
            ("mdediag --summary", BIN + " --summary --color never"),
            ("mdediag --format jsonl", BIN + " --format jsonl"),
        ]
        if have_jq and ratio == 0.0:
            rows += [
                ("jq -r '.error.code // empty' | sort | uniq -c", "jq -r '.error.code // empty' | sort | uniq -c"),
                ("jq -c '.error // empty'", "jq -c '.error // empty'"),
            ]
        times = {}
        print("| command | seconds | MB/s | CPU / wall |\n|---|---|---|---|")
        for label, cmd in rows:
            t, cpu = best(cmd, path, args.repeat)
            times[label] = t
            print("| `%s` | %.2f | %.0f | %.2f |" % (label, t, mb / t, cpu / t))
        s, j = times["mdediag --summary"], times["mdediag --format jsonl"]
        print("\nratios: summary vs grep -c: %.2fx slower" % (s / times["grep -c '\"error\"'"]))
        if have_jq and ratio == 0.0:
            print("ratios: summary vs jq|sort|uniq: %.1fx faster; jsonl vs jq -c: %.1fx faster"
                  % (times["jq -r '.error.code // empty' | sort | uniq -c"] / s, times["jq -c '.error // empty'"] / j))
        if ratio == 0.0:
            plain = (s, j)
        else:
            print("ratios: prefixed vs plain log: summary %.2fx, jsonl %.2fx the time" % (s / plain[0], j / plain[1]))

    # A pretty-printed JSON array far past the 16 MiB limit of one JSON text: read item by item.
    count = args.array_count
    path = array_file(count)
    mb = os.path.getsize(path) / 1e6
    print("\n## %.0f MB pretty-printed JSON array of %d error envelopes" % (mb, count))
    rows = [
        ("cat > /dev/null (ceiling)", "cat"),
        ("grep -c '\"error\"'", "grep -c '\"error\"' | cat"),
        ("mdediag --summary", BIN + " --summary --color never"),
        ("mdediag --format jsonl", BIN + " --format jsonl"),
    ]
    if have_jq:
        rows += [
            ("jq -r '.[].error.code' | sort | uniq -c", "jq -r '.[].error.code' | sort | uniq -c"),
            ("jq -c '.[].error'", "jq -c '.[].error'"),
        ]
    times = {}
    print("| command | seconds | MB/s | CPU / wall |\n|---|---|---|---|")
    for label, cmd in rows:
        t, cpu = best(cmd, path, args.repeat)
        times[label] = t
        print("| `%s` | %.2f | %.0f | %.2f |" % (label, t, mb / t, cpu / t))
    with open(path, "rb") as f:
        summary = subprocess.run([BIN, "--summary", "--format", "json"], stdin=f, capture_output=True).stdout
    found = json.loads(summary)["responses"]
    print("\nerrors found by mdediag: %d of %d" % (found, count))
    if have_jq:
        print("ratios: summary vs jq|sort|uniq: %.1fx faster; jsonl vs jq -c: %.1fx faster"
              % (times["jq -r '.[].error.code' | sort | uniq -c"] / times["mdediag --summary"],
                 times["jq -c '.[].error'"] / times["mdediag --format jsonl"]))
    print("peak RSS: --summary %.1f MiB, --format jsonl %.1f MiB"
          % (peak_rss([BIN, "--summary"], path), peak_rss([BIN, "--format", "jsonl"], path)))

    print("\n## peak RSS (MiB)")
    print("| input | --summary | --format jsonl |\n|---|---|---|")
    for mb in args.sizes:
        path = log_file(mb, 0.0)
        print("| %g MB | %.1f | %.1f |" % (mb, peak_rss([BIN, "--summary"], path),
                                           peak_rss([BIN, "--format", "jsonl"], path)))

    samples = []
    for _ in range(args.startup_runs):
        start = time.perf_counter()
        subprocess.run([BIN, "explain", "Forbidden"], stdout=subprocess.DEVNULL, check=True)
        samples.append((time.perf_counter() - start) * 1000)
    print("\n## start-up: `mdediag explain Forbidden`, %d runs: median %.2f ms, p90 %.2f ms"
          % (len(samples), statistics.median(samples), sorted(samples)[int(len(samples) * 0.9) - 1]))


if __name__ == "__main__":
    main()
