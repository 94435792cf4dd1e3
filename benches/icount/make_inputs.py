#!/usr/bin/env python3
"""Writes the instruction-count guard's inputs (benches/icount/inputs/*.gz), once; they are committed.

The inputs are frozen on purpose: the log generators read the catalog, so inputs made afresh would change
whenever a code is added, and the guard would compare different work. Run this only to replace the inputs,
and refresh benches/icount/baseline.txt in the same commit.

    python3 benches/icount/make_inputs.py
"""
import gzip
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(HERE, "inputs")
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "diagnose")


def gen(script, *args):
    return subprocess.run([sys.executable, os.path.join(ROOT, "benches", script), *args],
                          check=True, capture_output=True).stdout


def noise(mb, seed=11):
    """Application log lines with none of the words an error needs: what most of a real log is."""
    rng = random.Random(seed)
    verbs = ["fetched", "polled", "wrote", "queued", "synced", "paged"]
    things = ["machines", "alerts", "indicators", "vulnerabilities", "software", "recommendations"]
    lines, size, n = [], 0, 0
    while size < mb * 1_000_000:
        n += 1
        line = "2026-11-01T10:%02d:%02d.%03dZ INFO connector[%d] %s %d %s page=%d elapsed=%dms" % (
            n // 60 % 60, n % 60, n % 1000, rng.randrange(8), rng.choice(verbs), rng.randrange(500),
            rng.choice(things), rng.randrange(40), rng.randrange(2000))
        lines.append(line)
        size += len(line) + 1
    return ("\n".join(lines) + "\n").encode()


def transcripts(count, seed=13):
    """`curl -v` transcripts of failed calls, one after another, as a saved terminal session holds them."""
    rng = random.Random(seed)
    names = sorted(n for n in os.listdir(FIXTURES) if "curl-v" in n)
    texts = [open(os.path.join(FIXTURES, n), "rb").read() for n in names]
    out = []
    for _ in range(count):
        out.append(rng.choice(texts))
    return b"\n".join(out)


def main():
    os.makedirs(OUT, exist_ok=True)
    files = {
        "log.ndjson": gen("gen_log.py", "--mb", "2"),
        "log-prefixed.ndjson": gen("gen_log.py", "--mb", "2", "--log-ratio", "0.3"),
        "array.json": gen("gen_array.py", "--count", "8000"),
        "noise.log": noise(2),
        "curl-v.txt": transcripts(300),
    }
    for name, data in files.items():
        # mtime=0: the same bytes give the same .gz, so a rerun shows no diff.
        with open(os.path.join(OUT, name + ".gz"), "wb") as f:
            f.write(gzip.compress(data, compresslevel=9, mtime=0))
        print("%-22s %8d bytes" % (name, len(data)))


if __name__ == "__main__":
    main()
