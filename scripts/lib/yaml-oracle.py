#!/usr/bin/env python3
"""The reading of YAML that kubectl and the API server do, for podlint's
differential test (test/unit/yaml-differential.test.ts).

Parsing: PyYAML's C loader (libyaml, the library go-yaml v2 and v3 are ports
of): the same documents accepted and rejected, the same structure.
Scalars: resolved as go-yaml v2 (sigs.k8s.io/yaml) resolves them, not as
PyYAML's YAML 1.1 resolver does. The differences, all followed here:
  - floats: go-yaml takes `1e3` and `1.0e3` (PyYAML wants a dot and a signed
    exponent) and Go's ParseFloat grammar after removing `_`;
  - integers: Go's prefixes `0o17`, `0X1F`; no sexagesimal `190:20:30`
    (PyYAML: 685230; go-yaml: the string);
  - timestamps: go-yaml decodes them into strings as written (PyYAML: dates);
  - `=` is a string (PyYAML resolves it to the unconstructable !!value);
  - map keys become strings as sigs.k8s.io/yaml writes them (`true`, `420`).
Input: a JSON list of paths on stdin. Output: one JSON object per path,
{"path", "ok", "docs"} or {"path", "ok": false, "error"}.
"""
import json
import math
import re
import sys

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class GoLoader(Loader):  # type: ignore[misc, valid-type]
    pass


GoLoader.yaml_implicit_resolvers = {}
for tag, regexp, first in [
    ("tag:yaml.org,2002:bool", r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$", list("yYnNtTfFoO")),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0[bB][01_]+|0[oO][0-7_]+|0[xX][0-9a-fA-F_]+|[0-9][0-9_]*)$", list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]\.[0-9_]*[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?)$",
     list("-+0123456789.")),
    ("tag:yaml.org,2002:merge", r"^<<$", ["<"]),
]:
    GoLoader.add_implicit_resolver(tag, re.compile(regexp), first)


def go_int(loader, node):
    s = loader.construct_scalar(node).replace("_", "")
    sign = -1 if s.startswith("-") else 1
    body = s.lstrip("+-")
    low = body.lower()
    if low.startswith("0b"):
        return sign * int(body[2:], 2)
    if low.startswith("0o"):
        return sign * int(body[2:], 8)
    if low.startswith("0x"):
        return sign * int(body[2:], 16)
    if len(body) > 1 and body.startswith("0"):
        try:
            return sign * int(body, 8)
        except ValueError:
            return sign * float(body)  # Go: "08" is not octal, then a float
    return sign * int(body)


def go_float(loader, node):
    s = loader.construct_scalar(node)
    low = s.lower()
    if low in (".inf", "+.inf"):
        return math.inf
    if low == "-.inf":
        return -math.inf
    if low == ".nan":
        return math.nan
    return float(s.replace("_", ""))


GoLoader.add_constructor("tag:yaml.org,2002:int", go_int)
GoLoader.add_constructor("tag:yaml.org,2002:float", go_float)
GoLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda l, n: l.construct_scalar(n))


def key(k):
    if isinstance(k, bool):
        return "true" if k else "false"
    if k is None:
        return ""
    if isinstance(k, float) and k == int(k) and not math.isinf(k):
        return str(int(k))
    return str(k)


def plain(v):
    if isinstance(v, dict):
        return {key(k): plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return int(v) if v == int(v) and abs(v) < 2**53 else v
    if isinstance(v, bytes):
        return {"$binary": len(v)}
    return v


def main():
    paths = json.load(sys.stdin)
    for p in paths:
        try:
            with open(p, encoding="utf-8-sig") as f:
                docs = [plain(d) for d in yaml.load_all(f, Loader=GoLoader)]
            print(json.dumps({"path": p, "ok": True, "docs": [d for d in docs if d is not None]}))
        except Exception as e:  # noqa: BLE001 - any failure is "rejected"
            print(json.dumps({"path": p, "ok": False, "error": str(e).splitlines()[0] if str(e) else type(e).__name__}))


if __name__ == "__main__":
    main()
