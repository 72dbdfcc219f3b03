"""Differential test: tally against an independent z3 oracle.

    run.py TALLY_BINARY [--count N] [--seed S] [--conflicting-count M]
           [--jobs J] [--out DIR] [--option-sample K]
    run.py TALLY_BINARY --replay DOC.json... [--with="--tolerance 0.2"]
                                                 (compare saved documents)

Generates N random valid tally/1 documents (at least M of them conflicting),
reconciles them all with one `tally batch` process, decides each with the z3
oracle (oracle.py) and compares: status, time points, every range (min, max;
an estimate must lie inside), and for conflicting documents whose result is
complete: every minimal conflict with its gap (and an explanation naming every
claim of it and the gap), every correction with its weight, their order, the
adopted one, the ranges after it, and each claim's fate and constraint.
K documents each go through `tally reconcile` with --tolerance 0.2,
--no-estimates and --max-conflicts 1 (an incomplete result: its first conflict,
gap and ranges must stay exact).

The seed is printed first; the same seed replays the same documents. On a
disagreement the document is shrunk (claims, relations, declarations are
removed while some disagreement remains), both versions are saved in DIR and
printed, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import generate  # noqa: E402
import oracle  # noqa: E402

MAX_REPORTED = 5  # documents whose differences are printed in full
MAX_SHRUNK = 3  # of which this many are shrunk (each up to SHRINK_SECONDS)
SHRINK_SECONDS = 90


# --------------------------------------------------------------------------
# Oracle side (in worker processes)


def status_job(args):
    """Generates document `index` and decides only its status (cheap)."""
    seed, index, conflicting = args
    text = generate.document(seed, index, conflicting)
    try:
        o = oracle.Oracle(oracle.load_document(text))
        status = "consistent" if o.feasible(range(len(o.m.claims))) else "conflicting"
        return index, conflicting, text, status, None
    except Exception as e:  # an oracle failure is a finding too
        return index, conflicting, text, None, f"{type(e).__name__}: {e}"


def verdict_job(args):
    index, text = args
    try:
        return index, oracle.verdict_of_text(text), None
    except Exception as e:
        return index, None, f"{type(e).__name__}: {e}"


# --------------------------------------------------------------------------
# Comparison of one result with one verdict


def label(t):
    return "final" if t is None else t


def compare(doc: dict, v: dict, r: dict, estimates_on: bool = True) -> tuple[list[str], dict]:
    """Differences between tally's result r and the oracle's verdict v."""
    diffs = []
    counts = {"bounds": 0, "muses": 0, "corrections": 0, "incomplete": 0, "estimate_points": 0, "estimates": 0,
              "estimates_given": 0, "estimates_unsearched": 0}

    def differ(what):
        diffs.append(what)

    if r.get("status") == "error":
        differ(f"tally batch reports an internal error: {r.get('message')!r} (oracle: {v['status']})")
        return diffs, counts
    if r.get("format") != "tally-result/1":
        differ(f"format is {r.get('format')!r}, not 'tally-result/1'")
    if r.get("status") != v["status"]:
        differ(f"status: tally {r.get('status')!r}, oracle {v['status']!r}")
        return diffs, counts
    want_tp = [label(t) for t in v["time_points"]]
    if r.get("time_points") != want_tp:
        differ(f"time_points: tally {r.get('time_points')}, oracle {want_tp}")

    complete = r.get("complete")
    if v["status"] == "consistent" and complete is not True:
        differ(f"complete is {complete!r} for a consistent document")
    if complete is False:
        counts["incomplete"] = 1

    # Conflicts, corrections, adopted.
    adopted_ok = True
    if v["status"] == "consistent":
        for key in ("conflicts", "corrections"):
            if r.get(key) != []:
                differ(f"{key} should be empty when consistent: {r.get(key)}")
        if r.get("adopted") is not None:
            differ(f"adopted should be null when consistent: {r.get('adopted')}")
    else:
        want_conf = {tuple(c["claims"]): c["gap"] for c in v["conflicts"]}
        got_conf = {}
        for c in r.get("conflicts", []):
            got_conf[tuple(c["claims"])] = c.get("gap")
            if list(c["claims"]) != sorted(c["claims"]):
                differ(f"conflict claims not sorted: {c['claims']}")
            text = c.get("explanation", "")
            for cid in c["claims"]:
                if cid not in text:
                    differ(f"explanation of {c['claims']} does not name {cid!r}: {text!r}")
            gap = c.get("gap")
            if isinstance(gap, int) and not mentions_number(text, gap):
                differ(f"explanation of {c['claims']} does not state the gap {gap}: {text!r}")
        if complete:
            counts["muses"] = len(want_conf)
            if set(got_conf) != set(want_conf):
                missing = sorted(set(want_conf) - set(got_conf))
                extra = sorted(set(got_conf) - set(want_conf))
                differ(f"conflicts: missing {missing}, not minimal or not conflicts {extra}")
            for k in sorted(set(got_conf) & set(want_conf)):
                if got_conf[k] != want_conf[k]:
                    differ(f"gap of {list(k)}: tally {got_conf[k]}, oracle {want_conf[k]}")
        else:
            first = r.get("conflicts", [None])[0] if r.get("conflicts") else None
            if first is None:
                differ("incomplete result without a conflict")
            elif tuple(first["claims"]) not in want_conf:
                differ(f"first conflict {first['claims']} is not a minimal conflict")
            elif first.get("gap") != want_conf[tuple(first["claims"])]:
                differ(f"gap of the first conflict {first['claims']}: tally {first.get('gap')}, "
                       f"oracle {want_conf[tuple(first['claims'])]}")

        want_corr = [(c["drop"], oracle.exact_decimal_string(c["weight"])) for c in v["corrections"]]
        got_corr = [(list(c["drop"]), c.get("weight")) for c in r.get("corrections", [])]
        if complete:
            counts["corrections"] = len(want_corr)
            if got_corr != want_corr:
                if sorted(map(str, got_corr)) == sorted(map(str, want_corr)):
                    differ(f"corrections in the wrong order: tally {got_corr}, oracle {want_corr}")
                else:
                    differ(f"corrections: tally {got_corr}, oracle {want_corr}")
        want_adopted = {"drop": v["adopted"]["drop"],
                        "weight": oracle.exact_decimal_string(v["adopted"]["weight"])}
        full_adopted = r.get("adopted")
        got_adopted = None if full_adopted is None else {"drop": full_adopted.get("drop"),
                                                         "weight": full_adopted.get("weight")}
        # The adopted correction is the cheapest of all, capped or not.
        if got_adopted != want_adopted:
            adopted_ok = False
            differ(f"adopted: tally {got_adopted}, oracle {want_adopted}")
        if full_adopted is not None:
            if full_adopted.get("optimal") is not True or full_adopted.get("lower_bound") != full_adopted.get("weight"):
                differ(f"adopted correction not proven cheapest: {full_adopted}")
            if full_adopted.get("tie") != v.get("adopted_tie"):
                differ(f"adopted tie: tally {full_adopted.get('tie')}, oracle {v.get('adopted_tie')}")
        if r.get("corrections") and got_adopted != r["corrections"][0]:
            differ("adopted is not the first correction")

    # Ranges (after the adopted correction).
    if adopted_ok:
        got = {}
        for g in r.get("ranges", []):
            key = (g["quantity"], g["as_of"])
            if key in got:
                differ(f"range {key} reported twice")
            got[key] = g
        want = v["ranges"]
        if set(got) != set(want):
            differ(f"range keys: missing {sorted(set(want) - set(got), key=str)}, "
                   f"unexpected {sorted(set(got) - set(want), key=str)}")
        for key in sorted(set(got) & set(want), key=str):
            lo, hi = want[key]
            g = got[key]
            counts["bounds"] += 2
            if g["min"] != lo or g["max"] != hi:
                differ(f"range of {key[0]} at {label(key[1])}: tally [{g['min']}, {g['max']}], "
                       f"oracle [{lo}, {hi}]")
            est = g.get("estimate")
            if est is not None and (not isinstance(est, int) or est < lo or (hi is not None and est > hi)):
                differ(f"estimate of {key[0]} at {label(key[1])} is {est}, outside [{lo}, {hi}]")
            # The estimate is the value every closest fit to the figures in
            # force gives the count, and there is none when those fits differ.
            if estimates_on:
                want_est = v["estimates"][key]
                why = g.get("no_estimate")
                counts["estimates"] += 1
                counts["estimates_given"] += want_est is not None
                if est is None and why == "search-limit":
                    # the budget of docs/method.md section 5: an honest "none", counted below
                    counts["estimates_unsearched"] += 1
                elif want_est is None and (est is not None or why not in ("tie", "no-figure")):
                    differ(f"estimate of {key[0]} at {label(key[1])}: tally {est} ({why}), oracle none: "
                           "the closest fits differ on it")
                elif want_est is not None and (est != want_est or why is not None):
                    differ(f"estimate of {key[0]} at {label(key[1])}: tally {est} ({why}), oracle {want_est}")
        # The estimates, when every count has one, are one solution: every
        # relation and every claim in force holds at them.
        estimates = {key: g.get("estimate") for key, g in got.items()}
        if estimates and all(isinstance(e, int) for e in estimates.values()) and set(estimates) == set(want):
            counts["estimate_points"] += 1
            total = lambda keys: sum(estimates[k] for k in keys)
            for left, sense, right in v["rows"]:
                a, b = total(map(tuple, left)), total(map(tuple, right))
                if (a != b) if sense == "==" else (a > b):
                    differ(f"estimates break a relation: {left} {sense} {right} ({a} against {b})")
                    break
            for c in v["claims"]:
                if not c["in_force"]:
                    continue
                value = total(map(tuple, c["terms"])) - total(map(tuple, c.get("minus_terms", [])))
                if value < c["min"] or (c["max"] is not None and value > c["max"]):
                    differ(f"estimates break claim {c['id']} in force: {value} outside [{c['min']}, {c['max']}]")

    # Claims: every input claim, in input order, with its fate.
    got_claims = r.get("claims", [])
    want_claims = v["claims"]
    if [c.get("id") for c in got_claims] != [c["id"] for c in want_claims]:
        differ(f"claims: tally lists {[c.get('id') for c in got_claims]}, "
               f"input has {[c['id'] for c in want_claims]}")
    else:
        adopted_drop = set((r.get("adopted") or {}).get("drop") or [])
        for g, w in zip(got_claims, want_claims):
            cid = w["id"]
            if g.get("in_force") is not (cid not in adopted_drop):
                differ(f"claim {cid}: in_force {g.get('in_force')} but the adopted correction "
                       f"{'drops' if cid in adopted_drop else 'keeps'} it")
            if adopted_ok and g.get("in_force") is not w["in_force"]:
                differ(f"claim {cid}: in_force tally {g.get('in_force')}, oracle {w['in_force']}")
            if complete and g.get("in_conflict") is not w["in_conflict"]:
                differ(f"claim {cid}: in_conflict tally {g.get('in_conflict')}, oracle {w['in_conflict']}")
            if g.get("min") != w["min"] or g.get("max") != w["max"]:
                differ(f"claim {cid}: constraint bounds tally [{g.get('min')}, {g.get('max')}], "
                       f"oracle [{w['min']}, {w['max']}]")
            if g.get("as_of") != w["as_of"]:
                differ(f"claim {cid}: as_of tally {g.get('as_of')!r}, oracle {w['as_of']!r}")
            try:
                gw = Fraction(g.get("weight"))
            except (TypeError, ValueError):
                gw = None
            if gw != w["weight"] or g.get("weight") != oracle.exact_decimal_string(w["weight"]):
                differ(f"claim {cid}: weight tally {g.get('weight')!r}, "
                       f"oracle {oracle.exact_decimal_string(w['weight'])!r}")
    return diffs, counts


def mentions_number(text: str, n: int) -> bool:
    """The explanation states n, plainly or with thousands separators."""
    plain = str(n)
    if plain in text:
        return True
    grouped = f"{n:,}"
    return any(grouped.replace(",", sep) in text for sep in (",", " ", "\u202f", "\u00a0", "'"))


# --------------------------------------------------------------------------
# tally side


BATCH_CHUNK = 100        # documents per `tally batch` process (~2 s when all is well)
CHUNK_SECONDS = 20       # a chunk slower than this is rerun document by document
DOCUMENT_SECONDS = 10    # a document slower than this is a failure


def run_batch(binary: str, texts: list[str], workdir: str) -> tuple[list, str]:
    """Every document's result, by `tally batch` on chunks of documents. A
    chunk that takes longer than CHUNK_SECONDS (one pathological document
    would stall the whole test) is rerun one document at a time, each
    allowed DOCUMENT_SECONDS."""
    results, notes = [], []
    path = os.path.join(workdir, "documents.jsonl")
    for start in range(0, len(texts), BATCH_CHUNK):
        chunk = texts[start:start + BATCH_CHUNK]
        with open(path, "w", encoding="utf-8") as f:
            for t in chunk:
                f.write(t + "\n")
        try:
            p = subprocess.run([binary, "batch", path], capture_output=True, timeout=CHUNK_SECONDS)
        except subprocess.TimeoutExpired:
            notes.append(f"documents {start}–{start + len(chunk) - 1}: batch slower than "
                         f"{CHUNK_SECONDS} s, rerun one by one")
            for t in chunk:
                results.append(run_one(binary, t, workdir, timeout=DOCUMENT_SECONDS))
            continue
        if p.returncode not in (0, 3) or p.stderr:
            notes.append(f"tally batch exited {p.returncode}: "
                         + p.stderr.decode("utf-8", errors="replace")[:500])
        lines = p.stdout.decode("utf-8", errors="replace").splitlines()
        for line in lines[:len(chunk)]:
            try:
                results.append(json.loads(line, parse_float=Fraction))
            except json.JSONDecodeError as e:
                results.append({"_unparsable": f"{e}: {line[:300]}"})
        for _ in range(len(chunk) - len(lines)):
            results.append({"_unparsable": f"tally batch wrote {len(lines)} lines for {len(chunk)} documents"})
    return results, "; ".join(notes)


def run_one(binary: str, text: str, workdir: str, extra=(), timeout=300) -> dict:
    path = os.path.join(workdir, "one.json")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    try:
        p = subprocess.run([binary, "reconcile", path, "--format", "json", *extra],
                           capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"_unparsable": f"tally reconcile took longer than {timeout} s"}
    out = p.stdout.decode("utf-8", errors="replace")
    try:
        r = json.loads(out, parse_float=Fraction)
    except json.JSONDecodeError:
        return {"_unparsable": f"exit {p.returncode}: {out[:300]} {p.stderr[:300]!r}"}
    want_exit = {"consistent": 0, "conflicting": 1, "invalid": 2}.get(r.get("status"))
    if p.returncode != want_exit:
        r["_exit"] = f"exit status {p.returncode} for status {r.get('status')!r}"
    return r


def differences(binary, text, workdir, tolerance=oracle.DEFAULT_TOLERANCE, extra=(), timeout=300):
    """All differences for one document run through `tally reconcile`."""
    r = run_one(binary, text, workdir, extra, timeout)
    if "_unparsable" in r:
        return [f"unparsable output: {r['_unparsable']}"]
    try:
        v = oracle.verdict_of_text(text, tolerance)
    except Exception as e:
        return [f"oracle failed: {e}"]
    diffs, _ = compare(json.loads(text), v, r, "--no-estimates" not in extra)
    if "_exit" in r:
        diffs.append(r["_exit"])
    return diffs


# --------------------------------------------------------------------------
# Shrinking a failing document


def shrink(binary: str, text: str, workdir: str, extra=(), tolerance=oracle.DEFAULT_TOLERANCE,
           seconds: float = 120, call_timeout: float = 20) -> str:
    """Greedily simplifies the document while some disagreement remains:
    removes claims, relations, declared quantities, unused sources, then
    parts of relations and of claimed sums, and optional fields. A candidate
    tally calls invalid does not count (shrinking must not wander into
    invalid documents)."""
    doc = json.loads(text, parse_float=generate_num)
    deadline = time.time() + seconds

    def still_fails(d):
        diffs = differences(binary, generate.dumps(d), workdir, tolerance, extra, call_timeout)
        return bool(diffs) and not any(x.startswith("status: tally 'invalid'") for x in diffs)

    def attempt(candidates):
        nonlocal doc
        for trial in candidates:
            if time.time() > deadline:
                return False
            if still_fails(trial):
                doc = trial
                return True
        return False

    def removals():
        for key in ("claims", "relations", "quantities"):
            items = doc.get(key, [])
            for k in range(len(items)):
                if key == "claims" and len(items) == 1:
                    break
                trial = dict(doc)
                trial[key] = items[:k] + items[k + 1:]
                yield trial
        used = {c["source"] for c in doc["claims"]}
        if any(src["id"] not in used for src in doc["sources"]):
            trial = dict(doc)
            trial["sources"] = [src for src in doc["sources"] if src["id"] in used]
            yield trial
        for k, r in enumerate(doc.get("relations", [])):
            if "parts" in r and len(r["parts"]) > 2:
                for j in range(len(r["parts"])):
                    rel = dict(r)
                    rel["parts"] = r["parts"][:j] + r["parts"][j + 1:]
                    trial = dict(doc)
                    trial["relations"] = doc["relations"][:k] + [rel] + doc["relations"][k + 1:]
                    yield trial
        for k, c in enumerate(doc["claims"]):
            variants = []
            if isinstance(c["quantity"], list):
                qs = c["quantity"]
                for j in range(len(qs)):
                    rest = qs[:j] + qs[j + 1:]
                    variants.append(dict(c, quantity=rest[0] if len(rest) == 1 else rest))
            for key in ("quote", "url", "note", "language", "x", "weight", "as_of"):
                if key in c:
                    variants.append({kk: vv for kk, vv in c.items() if kk != key})
            for cv in variants:
                trial = dict(doc)
                trial["claims"] = doc["claims"][:k] + [cv] + doc["claims"][k + 1:]
                yield trial
        for key in ("start", "end", "x"):
            if key in doc.get("event", {}):
                trial = dict(doc)
                trial["event"] = {kk: vv for kk, vv in doc["event"].items() if kk != key}
                yield trial
        for key in ("quantities", "relations"):
            if key in doc and not doc[key]:
                yield {kk: vv for kk, vv in doc.items() if kk != key}

    while time.time() < deadline and attempt(removals()):
        pass
    return generate.dumps(doc)


def kind_of(difference: str) -> str:
    """A difference with its particulars (numbers, ids, quoted text) removed."""
    import re
    if "internal error" in difference or "unparsable" in difference:
        return re.sub(r"\d+", "N", difference)[:160]
    d = re.sub(r"'[^']*'|\"[^\"]*\"", "…", difference)
    d = re.sub(r"\[[^\]]*\]", "[…]", d)
    d = re.sub(r"\d+", "N", d)
    return d[:160]


def replay_flags(flags) -> str:
    return f' --with="{" ".join(flags)}"' if flags else ""


def generate_num(text: str):
    return generate.Num(text)


# --------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tally")
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--conflicting-count", type=int, default=None,
                    help="this many of the documents are conflicting (default: 55%%)")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                    help="oracle worker processes")
    ap.add_argument("--out", default=".", help="where failing documents are saved")
    ap.add_argument("--option-sample", type=int, default=15,
                    help="documents also run with --tolerance 0.2, --no-estimates and "
                         "--max-conflicts 1 (each)")
    ap.add_argument("--time-budget", type=float, default=780,
                    help="seconds; shrinking failing documents stops when the run has used them")
    ap.add_argument("--replay", metavar="DOC.json", nargs="+",
                    help="compare these saved documents only (tally reconcile, one by one)")
    ap.add_argument("--with", dest="flags", default="",
                    help='tally reconcile options for --replay, e.g. --with="--tolerance 0.2"')
    a = ap.parse_args()

    if a.replay:
        bad = 0
        flags = tuple(a.flags.split())
        tau = (Fraction(flags[flags.index("--tolerance") + 1]) if "--tolerance" in flags
               else oracle.DEFAULT_TOLERANCE)
        with tempfile.TemporaryDirectory(prefix="tally-diff-") as workdir:
            for path in a.replay:
                with open(path, encoding="utf-8") as f:
                    text = f.read().strip()
                diffs = differences(a.tally, text, workdir, tau, flags)
                print(f"{path}: {'agree' if not diffs else str(len(diffs)) + ' differences'}")
                for d in diffs:
                    print("  " + d)
                bad += bool(diffs)
        return 1 if bad else 0

    seed = a.seed
    if seed is None:
        seed = int(os.environ.get("TALLY_DIFF_SEED", "20240126"))
    print(f"seed {seed}: replay with --seed {seed}", flush=True)
    count = a.count
    want_conf = a.conflicting_count if a.conflicting_count is not None else (count * 11 + 19) // 20
    want_conf = min(want_conf, count)
    want_cons = count - want_conf

    started = time.time()
    failures = []  # (index, text, diffs)

    # 1. Documents, filling both quotas in index order by status alone, then
    #    the oracle's full verdict on the accepted ones.
    accepted = []  # (index, text)
    n_conf = n_cons = 0
    index = 0
    with concurrent.futures.ProcessPoolExecutor(max_workers=a.jobs) as pool:
        while n_conf < want_conf or n_cons < want_cons:
            need_conf = want_conf - n_conf
            need_cons = want_cons - n_cons
            jobs = []
            # conflicting-mode documents come out conflicting ~55% of the time
            for _ in range(int(need_conf * 1.9) + 8 if need_conf else 0):
                jobs.append((seed, index, True))
                index += 1
            for _ in range(max(0, need_cons - need_conf // 2)):
                jobs.append((seed, index, False))
                index += 1
            for i, conflicting, text, status, err in pool.map(status_job, jobs, chunksize=16):
                if err is not None:
                    failures.append((i, text, [f"oracle failed: {err}"]))
                elif not conflicting and status != "consistent":
                    # the generator's hidden solution satisfies every claim
                    failures.append((i, text, ["the oracle calls a document built around a solution "
                                               "conflicting (generator or oracle bug)"]))
                elif status == "conflicting" and n_conf < want_conf:
                    accepted.append((i, text))
                    n_conf += 1
                elif status == "consistent" and n_cons < want_cons:
                    accepted.append((i, text))
                    n_cons += 1
        accepted.sort()
        verdicts = {}
        for i, v, err in pool.map(verdict_job, accepted, chunksize=8):
            if err is not None:
                failures.append((i, dict(accepted)[i], [f"oracle failed: {err}"]))
            else:
                verdicts[i] = v
    accepted = [(i, text, verdicts[i]) for i, text in accepted if i in verdicts]
    t_oracle = time.time() - started
    print(f"oracle: {len(accepted)} documents decided in {t_oracle:.1f}s ({index} generated, "
          f"{a.jobs} processes)", flush=True)
    # 2. tally on all of them at once.
    with tempfile.TemporaryDirectory(prefix="tally-diff-") as workdir:
        t0 = time.time()
        results, note = run_batch(a.tally, [t for _, t, _ in accepted], workdir)
        t_tally = time.time() - t0
        print(f"tally batch: {len(results)} results in {t_tally:.1f}s" + (f" ({note})" if note else ""),
              flush=True)
        if len(results) != len(accepted):
            failures.append((-1, "", [f"tally batch gave {len(results)} lines for {len(accepted)} documents; "
                                      f"{note}"]))

        totals = {"bounds": 0, "muses": 0, "corrections": 0, "incomplete": 0, "estimate_points": 0,
                  "estimates": 0, "estimates_given": 0, "estimates_unsearched": 0}
        for (i, text, v), r in zip(accepted, results):
            if "_unparsable" in r:
                failures.append((i, text, [f"unparsable result line: {r['_unparsable']}"]))
                continue
            diffs, counts = compare(json.loads(text), v, r)
            if "_exit" in r:
                diffs.append(r["_exit"])
            for k in totals:
                totals[k] += counts[k]
            if diffs:
                failures.append((i, text, diffs))
        # The budget must stay an exception on documents of this size.
        if totals["estimates_unsearched"] * 100 > totals["estimates"]:
            failures.append((-1, "", [f"{totals['estimates_unsearched']} of {totals['estimates']} estimates left at "
                                      "the search budget: more than 1%"]))

        # 3. Options, each on a sample: (flags, τ for the oracle, which documents)
        option_sets = [
            (("--tolerance", "0.2"), Fraction(1, 5), lambda t, v: "about" in t or "nearly" in t),
            (("--no-estimates",), oracle.DEFAULT_TOLERANCE, lambda t, v: True),
            (("--max-conflicts", "1"), oracle.DEFAULT_TOLERANCE,
             lambda t, v: len(v["conflicts"]) > 1),
        ]
        option_checked = {}
        for flags, tau, wanted in option_sets:
            picked = [(i, t) for i, t, v in accepted if wanted(t, v)][: a.option_sample]
            option_checked[" ".join(flags)] = len(picked)
            for i, text in picked:
                diffs = differences(a.tally, text, workdir, tau, flags)
                if flags == ("--no-estimates",):
                    r = run_one(a.tally, text, workdir, flags)
                    if any(g.get("estimate") is not None for g in r.get("ranges", [])):
                        diffs.append("--no-estimates: some estimate is not null")
                if diffs:
                    failures.append((i, text, [f"with {' '.join(flags)}: " + d for d in diffs], flags, tau))

        # 4. Report.
        compared = (f"compared {len(accepted)} documents ({n_cons} consistent, {n_conf} conflicting), "
                    f"{totals['bounds']} bounds, {totals['muses']} MUSes, {totals['corrections']} corrections, "
                    f"{totals['estimates']} estimates checked against the closest fits "
                    f"({totals['estimates_given']} given, the others none; "
                    f"{totals['estimates_unsearched']} left at the search budget), "
                    f"{totals['estimate_points']} estimate points checked against every relation and claim in force"
                    f"{', ' + str(totals['incomplete']) + ' incomplete' if totals['incomplete'] else ''}"
                    f", options on {sum(option_checked.values())} "
                    f"({', '.join(f'{k} {n}' for k, n in option_checked.items())})")
        if failures:
            print(compared)
            os.makedirs(a.out, exist_ok=True)
            shrunk = 0
            print(f"{len(failures)} of {len(accepted)} documents disagree (seed {seed}). By kind:")
            kinds = {}
            for failure in failures:
                kinds.setdefault(kind_of(failure[2][0]), []).append(failure[0])
            for k, where in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
                print(f"  {len(where):5d}  {k}  (documents {', '.join(map(str, where[:8]))}"
                      f"{', …' if len(where) > 8 else ''})")
            every = os.path.join(a.out, f"differential-{seed}-failures.jsonl")
            with open(every, "w", encoding="utf-8") as f:
                for failure in failures:
                    f.write(json.dumps({"index": failure[0], "flags": list(failure[3]) if len(failure) > 3 else [],
                                        "differences": failure[2], "document": json.loads(failure[1])
                                        if failure[1] else None}, ensure_ascii=False) + "\n")
            print(f"every failing document with its differences: {every}")
            # one document of each kind first (slow ones last: they shrink slowly)
            firsts = {}
            for failure in failures:
                firsts.setdefault(kind_of(failure[2][0]), failure)
            shown = sorted(firsts.values(), key=lambda f: ("longer than" in f[2][0], f[0]))
            shown += [f for f in failures if f not in shown]
            print(f"{min(len(failures), MAX_REPORTED)} of them, one of each kind first:")
            for failure in shown[:MAX_REPORTED]:
                i, text, diffs = failure[:3]
                extra, tolv = failure[3:] if len(failure) > 3 else ((), oracle.DEFAULT_TOLERANCE)
                print(f"\n--- document {i} (seed {seed}) ---")
                for d in diffs[:12]:
                    print("  " + d)
                if len(diffs) > 12:
                    print(f"  … and {len(diffs) - 12} more")
                if not text:
                    continue
                base = os.path.join(a.out, f"differential-{seed}-{i}")
                with open(base + ".json", "w", encoding="utf-8") as f:
                    f.write(text + "\n")
                print(f"  document: {text}")
                left = a.time_budget - (time.time() - started)
                if shrunk < MAX_SHRUNK and left > 30:
                    shrunk += 1
                    small = shrink(a.tally, text, workdir, extra, tolv, min(SHRINK_SECONDS, left - 20))
                    with open(base + ".min.json", "w", encoding="utf-8") as f:
                        f.write(small + "\n")
                    print(f"  shrunk:   {small}")
                    for d in differences(a.tally, small, workdir, tolv, extra, DOCUMENT_SECONDS)[:6]:
                        print("  shrunk differs: " + d)
                    print(f"  saved {base}.json and {base}.min.json; replay: run.py TALLY --replay "
                          f"{base}.min.json{replay_flags(extra)}")
                else:
                    print(f"  saved {base}.json; replay: run.py TALLY --replay {base}.json{replay_flags(extra)}")
            print(f"\nFAILED: seed {seed}, {time.time() - started:.0f}s")
            return 1

    print(f"{compared}: all agree ({time.time() - started:.0f}s: oracle {t_oracle:.0f}s, "
          f"tally {t_tally:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
