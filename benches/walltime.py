#!/usr/bin/env python3
"""Best-of-N wall time of each run of the instruction-count guard, for one or more binaries side by side.

    python3 benches/walltime.py OLD/target/release/mdediag target/release/mdediag --repeat 20

Each run is pinned to one core (`taskset -c 0`), with the guard's arguments, inputs and environment, so the
figures sit beside the instruction counts of `benches/icount.py`. Wall time moves with the machine's load:
compare binaries within one invocation, on a quiet machine.
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import icount  # noqa: E402  (the guard's runs, inputs and environment)


def best(binary, args, path, repeat):
    """The best wall time in milliseconds of `repeat` runs."""
    times = []
    for _ in range(repeat):
        stdin = open(path, "rb") if path else subprocess.DEVNULL
        start = time.perf_counter()
        subprocess.run(["taskset", "-c", "0", binary] + args, stdin=stdin, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, env=icount.ENV)
        times.append(time.perf_counter() - start)
        if path:
            stdin.close()
    return min(times) * 1000


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("binaries", nargs="+")
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    print("| run | " + " | ".join(args.binaries) + " |")
    print("|---|" + "---|" * len(args.binaries))
    for name, run_args, stdin, _ in icount.RUNS:
        path = icount.unpack(stdin) if stdin else None
        cells = ["%.1f ms" % best(b, run_args, path, args.repeat) for b in args.binaries]
        print("| %s | %s |" % (name, " | ".join(cells)))


if __name__ == "__main__":
    main()
