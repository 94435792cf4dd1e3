#!/usr/bin/env python3
"""The instruction-count guard: fixed runs of the release binary, counted by valgrind, against a baseline.

    python3 benches/icount.py                     # build, count every run, compare (CI runs this)
    python3 benches/icount.py --only summary-ndjson
    python3 benches/icount.py --update            # write lower counts into the baseline
    python3 benches/icount.py --update --why "reads layers behind the prefilter: +4% on prefixed logs"

Wall time on a shared 2-core machine moves by 10-20% between runs; the count of instructions executed does
not: the same binary on the same input and environment executes the same instructions, whatever else the
machine is doing. Each run reads a committed input (benches/icount/inputs/, frozen: see make_inputs.py) on
stdin, pinned to one core (`taskset -c 0`, so diagnose takes its one-thread path: the two-thread path's
counts move with the scheduling by about 1%), with a fixed environment, under
`valgrind --tool=cachegrind --cache-sim=no`, which counts instructions only.

A run that counts more than --tolerance (3%) above its line in benches/icount/baseline.txt fails the
guard, naming the run and both figures. Lowering a baseline is free; raising one takes --why, whose text is
written after the raised lines, so the commit that makes a run slower says why the cost is worth it. A run
within the tolerance above its line keeps the line as it is.
Each run's exit status is checked too, so a run that stopped doing its work cannot pass as a speed-up.
"""
import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INPUTS = os.path.join(ROOT, "benches", "icount", "inputs")
BASELINE = os.path.join(ROOT, "benches", "icount", "baseline.txt")
WORK = os.path.join(ROOT, "target", "icount")
BIN = os.path.join(ROOT, "target", "release", "mdediag")

# name, arguments, stdin (a file of benches/icount/inputs, .gz unpacked into target/icount), exit status.
RUNS = [
    ("summary-ndjson", ["--summary"], "log.ndjson", 1),
    ("jsonl-ndjson", ["--format", "jsonl"], "log.ndjson", 1),
    ("summary-prefixed", ["--summary"], "log-prefixed.ndjson", 1),
    ("jsonl-prefixed", ["--format", "jsonl"], "log-prefixed.ndjson", 1),
    ("summary-array", ["--summary"], "array.json", 1),
    ("jsonl-array", ["--format", "jsonl"], "array.json", 1),
    ("summary-noise", ["--summary"], "noise.log", 0),
    ("human-curl-v", ["--color", "never"], "curl-v.txt", 1),
    ("explain-forbidden", ["explain", "Forbidden", "--color", "never"], None, 0),
    ("lint-isolate", ["lint", "--color", "never", "--operation", "isolate-machine", "-"],
     "isolate-machine.json", 0),
    ("lint-import-500", ["lint", "--color", "never", "--operation", "import-indicators", "-"],
     "import-indicators.json", 1),
]

# The environment of every run: nothing of the caller's (terminal width, colour, locale) reaches the binary.
ENV = {"PATH": "/usr/bin:/bin", "LANG": "C", "HOME": "/nonexistent"}


def unpack(name):
    """The path of input `name`, unpacked into target/icount when it is committed gzipped."""
    plain = os.path.join(INPUTS, name)
    if os.path.exists(plain):
        return plain
    os.makedirs(WORK, exist_ok=True)
    out = os.path.join(WORK, name)
    packed = plain + ".gz"
    if not os.path.exists(out) or os.path.getmtime(out) < os.path.getmtime(packed):
        with gzip.open(packed, "rb") as src, open(out + ".tmp", "wb") as dst:
            shutil.copyfileobj(src, dst)
        os.replace(out + ".tmp", out)
    return out


def count(args, stdin, want_exit):
    """Instructions executed by one run (valgrind's `I refs`), or an error message."""
    cmd = ["taskset", "-c", "0", "valgrind", "--tool=cachegrind", "--cache-sim=no",
           "--cachegrind-out-file=/dev/null", BIN, *args]
    with open(stdin if stdin else os.devnull, "rb") as f:
        proc = subprocess.run(cmd, stdin=f, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV,
                              cwd=ROOT)
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != want_exit:
        tail = "\n".join(err.splitlines()[-5:])
        return None, "exit status %d, expected %d\n%s" % (proc.returncode, want_exit, tail)
    m = re.search(r"I\s+refs:\s+([\d,]+)", err)
    if not m:
        return None, "no instruction count in valgrind's output"
    return int(m.group(1).replace(",", "")), None


def read_baseline():
    """{name: (count, why)} and the header comment lines, from benches/icount/baseline.txt."""
    runs, header = {}, []
    if not os.path.exists(BASELINE):
        return runs, header
    for line in open(BASELINE, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            if not runs:
                header.append(line)
            continue
        body, _, why = line.partition("#")
        name, figure = body.split()
        runs[name] = (int(figure), why.strip())
    return runs, header


def write_baseline(runs, header):
    width = max(len(n) for n in runs)
    with open(BASELINE, "w", encoding="utf-8") as f:
        for line in header:
            f.write(line + "\n")
        for name, _, _, _ in RUNS:
            if name not in runs:
                continue
            figure, why = runs[name]
            line = "%-*s %13d" % (width, name, figure)
            f.write((line + "  # " + why if why else line) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--update", action="store_true", help="write the counts into the baseline")
    ap.add_argument("--why", help="with --update: the reason written beside every raised count")
    ap.add_argument("--only", action="append", help="count only this run (repeatable)")
    ap.add_argument("--tolerance", type=float, default=3.0, help="percent above the baseline that fails")
    ap.add_argument("--no-build", action="store_true", help="use target/release/mdediag as it is")
    args = ap.parse_args()

    for tool in ("valgrind", "taskset"):
        if not shutil.which(tool):
            sys.exit("error: %s not found (Debian: apt-get install %s)" %
                     (tool, "valgrind" if tool == "valgrind" else "util-linux"))
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--locked", "--bin", "mdediag"], cwd=ROOT, check=True)

    baseline, header = read_baseline()
    runs = [r for r in RUNS if not args.only or r[0] in args.only]
    if args.only and len(runs) != len(args.only):
        sys.exit("error: unknown run in --only; the runs: %s" % ", ".join(r[0] for r in RUNS))

    failed, raised, lower = [], [], []
    print("%-18s %15s %15s %8s" % ("run", "baseline", "now", "change"))
    for name, run_args, stdin, want_exit in runs:
        figure, err = count(run_args, unpack(stdin) if stdin else None, want_exit)
        if err:
            failed.append("%s: %s" % (name, err))
            print("%-18s %s" % (name, err.splitlines()[0]))
            continue
        old = baseline.get(name, (None, ""))[0]
        change = "" if old is None else "%+7.2f%%" % ((figure - old) * 100.0 / old)
        print("%-18s %15s %15s %8s" % (name, "-" if old is None else "{:,}".format(old),
                                       "{:,}".format(figure), change))
        # A count within the tolerance above its line stays unrecorded: the line moves only on a deliberate
        # raise, so small costs cannot pile up past the tolerance unseen.
        if old is None or figure > old * (1 + args.tolerance / 100.0):
            raised.append((name, figure, old))
        elif figure < old:
            lower.append((name, figure))
        if old is not None and figure > old * (1 + args.tolerance / 100.0):
            failed.append("%s: %s instructions, %.2f%% above the baseline's %s (tolerance %g%%)" % (
                name, "{:,}".format(figure), (figure - old) * 100.0 / old, "{:,}".format(old),
                args.tolerance))
        elif old is None and not args.update:
            failed.append("%s: no baseline (run with --update)" % name)

    if args.update:
        if any(err.split(": ", 1)[1].startswith("exit status") for err in failed):
            sys.exit("error: a run failed; the baseline is left as it was")
        if any(old is not None for _, _, old in raised) and not args.why:
            names = ", ".join(n for n, _, old in raised if old is not None)
            sys.exit("error: %s would rise; say why with --why \"...\" (the baseline is left as it was)" % names)
        for name, figure in lower:
            baseline[name] = (figure, baseline[name][1])
        for name, figure, old in raised:
            baseline[name] = (figure, args.why if old is not None else "")
        write_baseline(baseline, header)
        print("wrote %s" % os.path.relpath(BASELINE, ROOT))
        return
    if failed:
        print()
        for line in failed:
            print("error: instruction-count guard: " + line)
        sys.exit(1)
    if any(figure < baseline[name][0] * (1 - args.tolerance / 100.0) for name, figure in lower):
        print("note: some runs are more than %g%% below their baseline: lower it with "
              "`python3 benches/icount.py --update`" % args.tolerance)


if __name__ == "__main__":
    main()
