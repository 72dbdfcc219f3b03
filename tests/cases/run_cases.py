"""Documents with known answers: tests/cases/NAME.json and NAME.expected.json.

    run_cases.py TALLY_BINARY      runs `tally reconcile NAME.json --format json`
                                   on every case and compares the fields listed
                                   in its expected file; checks the exit status
    run_cases.py --oracle          checks every expected file against the z3
                                   oracle of tests/differential (no tally needed)

An expected file lists only what it checks:
  "document"        the document's path relative to the expected file
                    (default: NAME.json beside it)
  "options"         extra `tally reconcile` options, e.g. ["--max-conflicts", "1"]
                    (the oracle mode then checks only status and ranges)
  "status", "complete", "time_points", "adopted"      compared as they are
  "first_conflict_one_of"  [{claims, gap}]: the first reported conflict is one of these
  "conflicts"       [{claims, gap}], compared as a set
  "corrections"     [{drop, weight}], compared in order
  "ranges"          [{quantity, as_of, min, max}]: each listed range must be
                    reported so; with "ranges_complete": true no other may be
  "claims"          [{id, <any result keys>}]: the listed keys of each claim
The expected answers are computed by hand (see each document's title), or,
for huge-cross-classification, taken from tally and checked by the oracle.
"""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
EXIT = {"consistent": 0, "conflicting": 1, "invalid": 2}


def cases():
    for exp_path in sorted(glob.glob(os.path.join(HERE, "*.expected.json"))):
        name = os.path.basename(exp_path)[: -len(".expected.json")]
        with open(exp_path, encoding="utf-8") as f:
            expected = json.load(f)
        doc = expected.get("document", name + ".json")
        yield name, os.path.normpath(os.path.join(HERE, doc)), expected


def compare(expected: dict, r: dict) -> list[str]:
    diffs = []
    for key in ("status", "complete", "time_points", "adopted"):
        if key in expected and r.get(key) != expected[key]:
            diffs.append(f"{key}: got {r.get(key)!r}, expected {expected[key]!r}")
    if "first_conflict_one_of" in expected:
        first = (r.get("conflicts") or [{}])[0]
        got = {"claims": first.get("claims"), "gap": first.get("gap")}
        if got not in expected["first_conflict_one_of"]:
            diffs.append(f"first conflict: got {got}, expected one of {expected['first_conflict_one_of']}")
    if "conflicts" in expected:
        want = {tuple(c["claims"]): c["gap"] for c in expected["conflicts"]}
        got = {tuple(c["claims"]): c.get("gap") for c in r.get("conflicts", [])}
        if got != want:
            diffs.append(f"conflicts: got {got}, expected {want}")
        for c in r.get("conflicts", []):
            text = c.get("explanation", "")
            missing = [cid for cid in c["claims"] if cid not in text]
            if missing or str(c.get("gap")) not in text:
                diffs.append(f"explanation of {c['claims']} should name {missing or 'its claims'} "
                             f"and the gap {c.get('gap')}: {text!r}")
    if "corrections" in expected:
        got = [{"drop": c.get("drop"), "weight": c.get("weight")} for c in r.get("corrections", [])]
        if got != expected["corrections"]:
            diffs.append(f"corrections: got {got}, expected {expected['corrections']}")
    if "ranges" in expected:
        got = {(g["quantity"], g["as_of"]): g for g in r.get("ranges", [])}
        for w in expected["ranges"]:
            g = got.get((w["quantity"], w["as_of"]))
            if g is None:
                diffs.append(f"no range for {w['quantity']} at {w['as_of']}")
            elif g.get("min") != w["min"] or g.get("max") != w["max"]:
                diffs.append(f"range of {w['quantity']} at {w['as_of']}: got [{g.get('min')}, "
                             f"{g.get('max')}], expected [{w['min']}, {w['max']}]")
            elif g.get("estimate") is not None and not (
                    g["min"] <= g["estimate"] and (g["max"] is None or g["estimate"] <= g["max"])):
                diffs.append(f"estimate of {w['quantity']} at {w['as_of']} outside its range: {g['estimate']}")
        if expected.get("ranges_complete"):
            extra = set(got) - {(w["quantity"], w["as_of"]) for w in expected["ranges"]}
            if extra:
                diffs.append(f"unexpected ranges: {sorted(extra, key=str)}")
    if "claims" in expected:
        got = {c.get("id"): c for c in r.get("claims", [])}
        for w in expected["claims"]:
            g = got.get(w["id"])
            if g is None:
                diffs.append(f"claim {w['id']} missing from the result")
                continue
            for key, value in w.items():
                if g.get(key) != value:
                    diffs.append(f"claim {w['id']}: {key} got {g.get(key)!r}, expected {value!r}")
    return diffs


def run_tally(binary: str) -> int:
    failed = 0
    for name, doc, expected in cases():
        p = subprocess.run([binary, "reconcile", doc, "--format", "json", *expected.get("options", [])],
                           capture_output=True, timeout=120)
        try:
            r = json.loads(p.stdout.decode("utf-8"), parse_float=Fraction)
            diffs = compare(expected, r)
        except json.JSONDecodeError as e:
            diffs = [f"output is not JSON ({e}): {p.stdout[:300]!r} {p.stderr[:300]!r}"]
        want_exit = EXIT.get(expected.get("status"))
        if want_exit is not None and p.returncode != want_exit:
            diffs.append(f"exit status {p.returncode}, expected {want_exit}")
        report(name, diffs)
        failed += bool(diffs)
    return failed


def run_oracle() -> int:
    sys.path.insert(0, os.path.join(HERE, "..", "differential"))
    import oracle

    failed = 0
    for name, doc, expected in cases():
        if expected.get("options"):
            expected = {k: expected[k] for k in ("status", "ranges", "ranges_complete", "first_conflict_one_of")
                        if k in expected}
        with open(doc, encoding="utf-8") as f:
            v = oracle.verdict_of_text(f.read())
        r = oracle.printable(v)
        r["complete"] = True
        if v["adopted"] is not None:
            # proven by the oracle's complete enumeration; the proof's size is tally's own
            weight = oracle.exact_decimal_string(v["adopted"]["weight"])
            r["adopted"] = {"drop": v["adopted"]["drop"], "weight": weight, "optimal": True, "lower_bound": weight,
                            "tie": v["adopted_tie"],
                            "proof_conflicts": (expected.get("adopted") or {}).get("proof_conflicts")}
        r["claims"] = [{"id": c["id"], "as_of": c["as_of"], **({"since": c["since"]} if "since" in c else {}),
                        "min": c["min"], "max": c["max"],
                        "weight": oracle.exact_decimal_string(c["weight"]),
                        "in_force": c["in_force"], "in_conflict": c["in_conflict"]} for c in v["claims"]]
        # the oracle writes no explanations: give it ones that pass
        for c in r["conflicts"]:
            c["explanation"] = " ".join(c["claims"]) + f" {c['gap']}"
        diffs = compare(expected, r)
        report(name, diffs)
        failed += bool(diffs)
    return failed


def report(name, diffs):
    if diffs:
        print(f"FAIL {name}")
        for d in diffs:
            print("  " + d)
    else:
        print(f"ok   {name}")


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    failed = run_oracle() if sys.argv[1] == "--oracle" else run_tally(sys.argv[1])
    total = len(list(cases()))
    print(f"{total - failed} of {total} cases agree")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
