#!/usr/bin/env python3
"""Deterministic pretty-printed JSON array of MDE error envelopes (what an export or a SIEM dump looks like).

    python3 benches/gen_array.py --count 300000 > target/bench/array-300000.json     # about 69 MB
    python3 benches/gen_array.py --count 1000 --odata > page.json                     # an OData page

Every element is `{"error":{"code","message","target"}}` across the catalog's codes (messages filled from
each code's templates, as benches/gen_log.py does), so `jq '.[].error.code'` and mdediag must both find
exactly --count errors. With --odata the array is the `value` of a collection page.
"""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_log import mde_codes  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=300000)
    ap.add_argument("--indent", type=int, default=4)
    ap.add_argument("--odata", action="store_true", help="wrap the array as an OData page's value")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    errors = mde_codes()
    pad = " " * args.indent
    out = sys.stdout
    if args.odata:
        out.write('{\n%s"@odata.context": "https://api.security.microsoft.com/api/$metadata#Errors",\n'
                  '%s"value": ' % (pad, pad))
    out.write("[\n")
    for n in range(args.count):
        code, _status, message = rng.choice(errors)
        guid = "%08x-%04x-4%03x-a%03x-%012x" % (
            rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12), rng.getrandbits(12), rng.getrandbits(48))
        body = {"error": {"code": code, "message": message, "target": guid}}
        item = json.dumps(body, indent=args.indent)
        out.write("\n".join(pad + line for line in item.split("\n")))
        out.write(",\n" if n + 1 < args.count else "\n")
    out.write("]")
    if args.odata:
        out.write(',\n%s"@odata.nextLink": "https://api.security.microsoft.com/api/machines?$skip=%d"\n}'
                  % (pad, args.count))
    out.write("\n")


if __name__ == "__main__":
    main()
