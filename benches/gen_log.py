#!/usr/bin/env python3
"""Deterministic NDJSON log of MDE API responses for benchmarks.

About half the lines are success bodies (MachineAction objects), half error envelopes across the catalog's
codes (messages filled from each code's templates). With --log-ratio, that share of lines carries a log
prefix before the JSON, as application logs do.

    python3 benches/gen_log.py --mb 200 --log-ratio 0.3 > target/bench/log-200.ndjson
"""
import argparse
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CODES_DIR = os.path.join(HERE, "..", "src", "catalog", "codes")

FILL = {
    "hash": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
    "domain": "bad_domain..example",
    "ip": "10.0.0.0/24",
    "url": "htp:/broken",
    "received": "742",
    "allowed": "500",
    "parameter": "Comment",
    "platform": "macOS",
    "action": "Isolate",
    "version": "10.8295",
    "input": "machineId",
    "resource": "1e5bc9d7e413ddd7902c2932e418702b84d0cc07",
    "reason": "Device is not in a group the caller can act on",
    "required_roles": "Machine.Isolate",
    "granted_roles": "Machine.Read.All",
    "detail": "The query specified in the URI is not valid",
}


def mde_codes():
    """(code, status, message) for every mde/graph/arm catalog entry, from its front matter."""
    out = []
    for name in sorted(os.listdir(CODES_DIR)):
        text = open(os.path.join(CODES_DIR, name), encoding="utf-8").read()
        front = text.split("\n---\n", 1)[0]
        fields = [line.split(":", 1) for line in front.splitlines()[1:] if ":" in line]
        family = next(v.strip() for k, v in fields if k == "family")
        if family not in ("mde", "graph", "arm"):
            continue
        code = next(v.strip() for k, v in fields if k == "code")
        status = int(next(v.strip() for k, v in fields if k == "status"))
        templates = [v.strip() for k, v in fields if k == "template"] or [code]
        for t in templates:
            out.append((code, status, re.sub(r"\{(\w+)\}", lambda m: FILL.get(m.group(1), "x"), t)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=50, help="approximate output size in MB")
    ap.add_argument("--log-ratio", type=float, default=0.0, help="share of lines with a log prefix")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    errors = mde_codes()
    target = int(args.mb * 1_000_000)
    written = 0
    out = sys.stdout
    n = 0
    while written < target:
        n += 1
        guid = "%08x-%04x-4%03x-a%03x-%012x" % (
            rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12), rng.getrandbits(12), rng.getrandbits(48))
        machine = "%040x" % rng.getrandbits(160)
        if rng.random() < 0.5:
            body = {
                "id": guid, "type": rng.choice(["Isolate", "RunAntiVirusScan", "CollectInvestigationPackage"]),
                "requestor": "automation@contoso.com", "requestorComment": "SOAR playbook run %d" % n,
                "status": rng.choice(["Pending", "InProgress", "Succeeded"]), "machineId": machine,
                "computerDnsName": "host-%d.contoso.local" % (n % 9973),
                "creationDateTimeUtc": "2026-11-01T10:%02d:%02d.1234567Z" % (n // 60 % 60, n % 60),
                "lastUpdateDateTimeUtc": "2026-11-01T10:%02d:%02d.1234567Z" % (n // 60 % 60, n % 60),
                "relatedFileInfo": None,
            }
        else:
            code, _status, message = rng.choice(errors)
            body = {"error": {"code": code, "message": message, "target": guid}}
        line = json.dumps(body, separators=(",", ":"))
        if rng.random() < args.log_ratio:
            line = "2026-11-01T10:00:%02d.%03dZ INFO mde-client response: %s" % (n % 60, n % 1000, line)
        out.write(line + "\n")
        written += len(line) + 1


if __name__ == "__main__":
    main()
