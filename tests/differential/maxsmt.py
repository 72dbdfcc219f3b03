"""Differential test of the adopted correction: tally against z3 MaxSMT.

    maxsmt.py TALLY_BINARY [--count N] [--seed S] [--jobs J] [--out DIR]
    maxsmt.py TALLY_BINARY --replay DOC.json... [--with="--max-conflicts 2"]
    maxsmt.py --self-test [N]    (the MaxSMT harness against oracle.py's enumeration)

The contract (tally-1.md, section 3) says the adopted correction is the
cheapest of EVERY correction (least weight, then fewest claims, then the
sorted ids), computed directly with a proof, even when the enumeration of
conflicts and corrections stops at its caps. The ordinary differential test
(run.py) can only check that on small documents whose enumeration completes.
This one generates documents with far more corrections than the caps
(at least 2^7 each, by construction), from four families:

  a  independent disputes: 7-12 quantities, each with two or three claims
     that cannot all hold (same time point, or a running count that falls);
  b  disputes sharing claims: 7-9 wholes, each with a total claim against
     its breakdown claims, and parts whose claims contradict each other;
  c  a running count with a restart: a ministry toll over 10-40 dates that
     falls and climbs again, other sources, and disputed breakdowns;
  d  cross-classifications: 7-8 totals each broken down by side and by
     region, with contradicting claims;

plus known answers: k independent pairs of contradicting claims (k = 1..40)
whose cheapest correction is the lighter claim of every pair (computed here
by hand, and asked of z3 too, which checks the harness), complete exactly
when the 2^k corrections fit the caps.

Every document is reconciled by `tally batch`, half with the default caps and
half with --max-conflicts 2 --max-corrections 2 (one batch process for each
half). z3 (oracle.py's model of the document: the same variables, relations,
running counts and claim bounds) then decides each document by MaxSMT: every
claim a soft constraint weighted by its exact weight (scaled to integers by
the LCM of the denominators), the structure hard, and lexicographic
objectives: weight, then the number of claims, then the sorted ids. It
checks that tally's status is conflicting, that `adopted.weight` is z3's
minimum, that dropping `adopted.drop` leaves the rest consistent and weighs
what tally says, that `adopted.optimal` is true and `adopted.lower_bound`
equals the weight, that `adopted.tie` is true exactly when another
correction weighs the minimum too (z3 minimises again with the adopted set
forbidden: a tie when the new optimum is the minimum), and the tie-break:
the adopted set is z3's optimum (without a tie, the one cheapest set; with
one, the least by size and sorted ids). Results must say `complete: false`,
list no more than the caps, list no correction that comes before the adopted
one, and mark exactly the adopted claims out of force.

`--self-test N` checks the harness itself: on N small conflicting documents
of generate.py, z3's optimum, tie and tie-break must be those of oracle.py's
full enumeration of minimal corrections (run.py's oracle).

The seed is printed first; the same seed gives the same documents. Every
failing document is saved in DIR with both answers, and the exit status is 1.
Always run with /usr/bin/python3 (Debian's python3-z3).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import generate  # noqa: E402
import oracle  # noqa: E402
import z3  # noqa: E402

from generate import Num, dumps  # noqa: E402

DEFAULT_SEED = 20240126
CAPPED_FLAGS = ("--max-conflicts", "2", "--max-corrections", "2")
DEFAULT_CAP = 100  # tally's default --max-conflicts and --max-corrections
MAX_REPORTED = 6  # failing documents printed in full
KNOWN_KS = [1, 2, 3, 5, 7, 10, 15, 20, 25, 30, 35, 40]
KNOWN_TIED_KS = [2, 7, 20, 40]

SOURCES = ["ministry", "sohr", "ocha", "un", "ngo", "local-media", "acled", "ucdp", "icrc",
           "hrw", "amnesty", "police", "officials", "airwars"]
# Reliabilities and claim weights: few enough values that ties happen, not always.
RELIABILITIES = ["0.3", "0.55", "0.8", "0.4", "0.65", "0.9", "1", "0.25", "0.7", "0.45", "0.6",
                 "0.35", None]
WEIGHTS = ["0.3", "0.55", "0.8", "0.2", "0.75", "0.15", "1", "0.05", "0.45", "0.125"]
PLACES = ["aleppo", "homs", "hama", "idlib", "raqqa", "deir_ezzor", "hasakah", "daraa", "latakia",
          "tartus", "quneitra", "sweida", "damascus", "qamishli", "kobani", "manbij"]
ROOTS = ["killed", "injured", "arrested", "displaced", "deaths"]
PARTS = ["civilians", "fighters", "police", "children", "women", "medics", "foreign"]
SIDES = ["government", "opposition", "isis", "sdf"]
REGIONS = ["north", "south", "east", "west", "centre"]
QUALIFIERS = ["exactly"] * 4 + ["at_least", "at_least", "more_than", "at_most", "fewer_than",
                                "between", "about", "about", "nearly"]


# --------------------------------------------------------------------------
# Documents


class Doc:
    """A document being written: sources, claims, relations, dates."""

    def __init__(self, rng: random.Random, nsources: int):
        self.rng = rng
        # A third of the documents draw weights from few values (ties are
        # likely); the others give sources distinct reliabilities and half of
        # the claims weights of their own, in hundredths (ties are rarer).
        self.tie_prone = rng.random() < 0.35
        rels = ([rng.choice(RELIABILITIES) for _ in range(nsources)] if self.tie_prone
                else rng.sample([r for r in RELIABILITIES if r is not None], nsources))
        self.sources = []
        for sid, rel in zip(rng.sample(SOURCES, nsources), rels):
            s = {"id": sid, "name": sid.upper()}
            if rel is not None:
                s["reliability"] = Num(rel)
            self.sources.append(s)
        self.claims = []
        self.relations = []
        self.quantities = []
        self.ids = set()
        self.base = datetime.date(2014, 1, 1) + datetime.timedelta(days=rng.randint(0, 3000))

    def date(self, day: int) -> str:
        return (self.base + datetime.timedelta(days=day)).isoformat()

    def source(self) -> str:
        return self.rng.choice(self.sources)["id"]

    def two_sources(self):
        """Sources for two contradicting claims: distinct unless ties are wanted."""
        if self.tie_prone:
            return self.source(), self.source()
        a, b = self.rng.sample(self.sources, 2)
        return a["id"], b["id"]

    def claim_id(self, source: str, stem: str) -> str:
        cid = f"{source}-{stem}"
        k = 2
        while cid in self.ids:
            cid = f"{source}-{stem}-{k}"
            k += 1
        self.ids.add(cid)
        return cid

    def claim(self, quantity, qualifier: str, num: dict, as_of=None, source=None, stem=None,
              weight=None):
        rng = self.rng
        source = source or self.source()
        q0 = quantity if isinstance(quantity, str) else quantity[0]
        stem = stem or q0.split(".", 1)[-1].replace(".", "-")
        rec = {"id": self.claim_id(source, stem), "source": source, "quantity": quantity,
               "qualifier": qualifier, "value": Num(generate.frac_text(num["value"], rng))}
        if "upper" in num:
            rec["upper"] = Num(generate.frac_text(num["upper"], rng))
        if "tolerance" in num:
            rec["tolerance"] = Num(generate.frac_text(num["tolerance"], rng))
        if as_of is not None:
            rec["as_of"] = as_of
        if weight is None and self.tie_prone and rng.random() < 0.2:
            weight = rng.choice(WEIGHTS)
        elif weight is None and not self.tie_prone and rng.random() < 0.5:
            weight = oracle.exact_decimal_string(Fraction(rng.randint(5, 99), 100))
        if weight is not None:
            rec["weight"] = Num(weight)
        self.claims.append(rec)
        return rec

    def text(self, event_end=None) -> str:
        doc = {"format": "tally/1",
               "event": {"id": f"maxsmt-{self.rng.randint(1, 10**6)}", "title": "A generated dispute"}}
        if event_end is not None:
            doc["event"]["end"] = event_end
        if self.quantities:
            doc["quantities"] = self.quantities
        if self.relations:
            doc["relations"] = self.relations
        doc["sources"] = self.sources
        claims = list(self.claims)
        self.rng.shuffle(claims)
        doc["claims"] = claims
        return dumps(doc)


def draw(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.2:
        return rng.randint(0, 12)
    if r < 0.8:
        return rng.randint(5, 400)
    return rng.randint(100, 20000)


def true_claim(rng, E: int, qualifiers=QUALIFIERS):
    """(qualifier, number fields) of a claim true of E."""
    q = rng.choice(qualifiers)
    d = generate.claim_value(rng, q, E)
    if d is None:
        return "exactly", {"value": Fraction(E)}
    return q, d


def interval(q: str, d: dict):
    rec = {"qualifier": q, "value": d["value"]}
    for k in ("upper", "tolerance"):
        if k in d:
            rec[k] = d[k]
    return oracle.claim_bounds(rec, oracle.DEFAULT_TOLERANCE)


def disjoint(a, b) -> bool:
    (lo1, hi1), (lo2, hi2) = a, b
    return (hi1 is not None and hi1 < lo2) or (hi2 is not None and hi2 < lo1)


def other_value(rng, E: int) -> int:
    """A count different from E (never negative)."""
    d = rng.choice([1, 1, 2, 3, 5, 10, max(1, E // 10), max(1, E // 3), 50])
    if E - d >= 0 and rng.random() < 0.5:
        return E - d
    return E + d


def contradicting_pair(rng, E: int):
    """Two claims on one count at one time that cannot both hold."""
    for _ in range(40):
        q1, d1 = true_claim(rng, E)
        E2 = other_value(rng, E)
        q2, d2 = true_claim(rng, E2)
        if disjoint(interval(q1, d1), interval(q2, d2)):
            return (q1, d1), (q2, d2)
    return ("exactly", {"value": Fraction(E)}), ("exactly", {"value": Fraction(other_value(rng, E))})


def family_a(rng: random.Random) -> str:
    """7-12 independent disputes, each 2^1 or more corrections."""
    doc = Doc(rng, rng.randint(3, 6))
    k = rng.randint(7, 12)
    roots = rng.sample(ROOTS, rng.randint(1, 3))
    names = rng.sample([f"{r}.{p}" for r in roots for p in PLACES], k)
    ndates = rng.choice([0, 0, 1, 2, 3])
    days = sorted(rng.sample(range(0, 20), ndates))
    end = None
    if days and rng.random() < 0.5:
        end = doc.date(days[-1] + 1)
    finals = [None] + ([end, doc.date(days[-1] + 3)] if end else [])
    for q in names:
        E = draw(rng)
        if len(days) >= 2 and rng.random() < 0.25:
            # a running count that falls: early lower bound above a later upper bound
            t1, t2 = sorted(rng.sample(days, 2))
            for _ in range(40):
                Ee, El = E + rng.randint(1, max(1, E // 4) + 3), E
                qe, de = true_claim(rng, Ee)
                ql, dl = true_claim(rng, El, ["exactly", "at_most", "fewer_than", "between", "about"])
                (loe, _), (_, hil) = interval(qe, de), interval(ql, dl)
                if hil is not None and loe > hil:
                    break
            else:
                qe, de, ql, dl = "exactly", {"value": Fraction(E + 5)}, "exactly", {"value": Fraction(E)}
            s1, s2 = doc.two_sources()
            doc.claim(q, qe, de, doc.date(t1), source=s1)
            doc.claim(q, ql, dl, doc.date(t2), source=s2)
            if rng.random() < 0.35:
                q3, d3 = true_claim(rng, rng.choice([Ee, El, draw(rng)]))
                doc.claim(q, q3, d3, doc.date(rng.choice([t1, t2])))
            continue
        when = rng.choice([doc.date(d) for d in days] + finals + [None])
        (q1, d1), (q2, d2) = contradicting_pair(rng, E)
        s1, s2 = doc.two_sources()
        doc.claim(q, q1, d1, when, source=s1)
        doc.claim(q, q2, d2, when, source=s2)
        if rng.random() < 0.4:
            q3, d3 = true_claim(rng, rng.choice([E, other_value(rng, E), draw(rng)]))
            doc.claim(q, q3, d3, when)
    if rng.random() < 0.3:
        doc.quantities.append({"id": names[0], "label": names[0].replace(".", " in ")})
    return doc.text(end)


def family_b(rng: random.Random) -> str:
    """7-9 wholes: a total against its breakdown, parts contradicting each other."""
    doc = Doc(rng, rng.randint(3, 6))
    groups = rng.randint(7, 9)
    root = rng.choice(["killed", "deaths", "injured"])
    days = sorted(rng.sample(range(0, 15), rng.choice([0, 1, 2])))
    for place in rng.sample(PLACES, groups):
        whole = f"{root}.{place}"
        parts = [f"{whole}.{p}" for p in rng.sample(PARTS, rng.randint(2, 4))]
        exhaustive = rng.random() < 0.8
        rel = {"whole": whole, "parts": parts}
        if not exhaustive:
            rel["exhaustive"] = False
        doc.relations.append(rel)
        h = {p: draw(rng) for p in parts}
        total = sum(h.values()) + (0 if exhaustive else rng.randint(0, 20))
        when = rng.choice([None, None] + [doc.date(d) for d in days])
        mode = rng.random()
        if mode < 0.5:
            # the total against every part: all exact, the total off the sum
            off = rng.choice([1, 2, 5, max(1, total // 10), 30])
            s = sum(h.values())
            if exhaustive:
                claimed = s - off if s >= off and rng.random() < 0.5 else s + off
            else:  # the parts need not cover the whole: only a total below their sum conflicts
                claimed = s - min(off, s) if s else None
            if claimed is None:
                doc.claim(whole, "exactly", {"value": Fraction(total)}, when, stem=f"{place}-total")
                doc.claim(whole, "exactly", {"value": Fraction(total + 3)}, when, stem=f"{place}-total")
            else:
                doc.claim(whole, "exactly", {"value": Fraction(claimed)}, when, stem=f"{place}-total")
            for p in parts:
                doc.claim(p, "exactly", {"value": Fraction(h[p])}, when)
            if rng.random() < 0.5:
                p = rng.choice(parts)
                doc.claim(p, "exactly", {"value": Fraction(other_value(rng, h[p]))}, when)
        else:
            # parts whose claims contradict, the total roughly right
            q, d = true_claim(rng, total)
            doc.claim(whole, q, d, when, stem=f"{place}-total")
            for p in rng.sample(parts, rng.randint(1, len(parts))):
                (q1, d1), (q2, d2) = contradicting_pair(rng, h[p])
                s1, s2 = doc.two_sources()
                doc.claim(p, q1, d1, when, source=s1)
                doc.claim(p, q2, d2, when, source=s2)
            for p in parts:
                if rng.random() < 0.4:
                    q, d = true_claim(rng, h[p])
                    doc.claim(p, q, d, when)
        if len(parts) >= 2 and rng.random() < 0.35:
            pair = rng.sample(parts, 2)
            E = h[pair[0]] + h[pair[1]]
            q, d = true_claim(rng, E if rng.random() < 0.5 else other_value(rng, E))
            doc.claim(pair, q, d, when, stem=f"{place}-sum")
        if rng.random() < 0.25:
            q, d = true_claim(rng, other_value(rng, total), ["about", "at_least", "between"])
            doc.claim(whole, q, d, when, stem=f"{place}-total")
    return doc.text()


def family_c(rng: random.Random) -> str:
    """A ministry toll over 10-40 dates that restarts, with disputed breakdowns."""
    doc = Doc(rng, rng.randint(3, 5))
    ministry = rng.choice(doc.sources)["id"]
    toll = rng.choice(["killed", "deaths"])
    parts = [f"{toll}.{p}" for p in rng.sample(["civilians", "fighters", "children", "police"], 2)]
    exhaustive = rng.random() < 0.6
    rel = {"whole": toll, "parts": parts}
    if not exhaustive:
        rel["exhaustive"] = False
    doc.relations.append(rel)
    if rng.random() < 0.3:
        doc.quantities.append({"id": toll, "label": "deaths counted by the ministry",
                               "cumulative": True})
    n = rng.randint(10, 40)
    days, d = [], 0
    for _ in range(n):
        days.append(d)
        d += rng.choice([1, 1, 1, 2, 3])
    # hidden part series (non-decreasing), with gaps so that disputes chain
    series = {}
    for p in parts:
        cur = rng.randint(0, 30)
        s = []
        for _ in days:
            cur += rng.randint(3, 25)
            s.append(cur)
        series[p] = s
    restart = rng.randint(n // 3, (2 * n) // 3)
    # the toll as the ministry reports it: right until the restart, then a new count
    fall = rng.uniform(0.2, 0.7)
    for i, day in enumerate(days):
        if rng.random() < 0.35 or i in (restart - 1, restart):
            real = sum(series[p][i] for p in parts)
            said = real if i < restart else int(real * fall)
            doc.claim(toll, "exactly", {"value": Fraction(said)}, doc.date(day), source=ministry,
                      stem=f"toll-{i + 1:02d}", weight=None if rng.random() < 0.8 else rng.choice(WEIGHTS))
    # at least 7 disputes on parts at distinct dates: any choice of one claim per
    # dispute is consistent (the series climbs more than the spread), so the
    # document has at least 2^7 corrections
    k = rng.randint(7, 10)
    for i in sorted(rng.sample(range(n), k)):
        p = rng.choice(parts)
        v = series[p][i]
        spread = rng.randint(1, 2)  # less than the series' least step (3)
        lo = v
        s1, s2 = doc.two_sources()
        stem = f"{p.rsplit('.', 1)[1]}-{i + 1:02d}"
        doc.claim(p, "exactly", {"value": Fraction(lo)}, doc.date(days[i]), source=s1, stem=stem)
        doc.claim(p, "exactly", {"value": Fraction(lo + spread)}, doc.date(days[i]), source=s2, stem=stem)
    # other sources: lower bounds, rough figures
    for _ in range(rng.randint(1, 5)):
        i = rng.randrange(n)
        real = sum(series[p][i] for p in parts)
        q, d = true_claim(rng, real, ["at_least", "about", "more_than", "between", "nearly"])
        doc.claim(rng.choice([toll, toll, parts[0]]) if q != "exactly" else toll, q, d,
                  doc.date(days[i]), stem=f"{toll}-{i + 1:02d}")
    end = None
    if rng.random() < 0.5:
        real = sum(series[p][-1] for p in parts)
        q, d = true_claim(rng, real + rng.randint(0, 30), ["at_least", "about", "exactly"])
        if rng.random() < 0.5:
            end = doc.date(days[-1] + 1)
            doc.claim(toll, q, d, doc.date(days[-1] + 2), stem="final")
        else:
            doc.claim(toll, q, d, None, stem="final")
    return doc.text(end)


def family_d(rng: random.Random) -> str:
    """7-8 totals, each broken down by side and by region, with contradicting claims."""
    doc = Doc(rng, rng.randint(3, 6))
    root = rng.choice(["killed", "casualties"])
    when = rng.choice([None, None, doc.date(rng.randint(0, 10))])
    for place in rng.sample(PLACES, rng.randint(7, 8)):
        total = f"{root}.{place}"
        sides = rng.sample(SIDES, rng.randint(2, 3))
        regions = rng.sample(REGIONS, rng.randint(2, 3))
        cell = {(s, r): draw(rng) // 3 for s in sides for r in regions}
        side_v = {s: sum(cell[(s, r)] for r in regions) for s in sides}
        region_v = {r: sum(cell[(s, r)] for s in sides) for r in regions}
        T = sum(cell.values())
        doc.relations.append({"whole": total, "parts": [f"{total}.{s}" for s in sides]})
        doc.relations.append({"whole": total, "parts": [f"{total}.{r}" for r in regions]})
        mode = rng.random()
        if mode < 0.4:
            # both breakdowns claimed in full, one region figure off
            off = rng.choice(regions)
            for s in sides:
                doc.claim(f"{total}.{s}", "exactly", {"value": Fraction(side_v[s])}, when)
            for r in regions:
                v = other_value(rng, region_v[r]) if r == off else region_v[r]
                doc.claim(f"{total}.{r}", "exactly", {"value": Fraction(v)}, when)
        elif mode < 0.7:
            # the total against the sides
            doc.claim(total, "exactly", {"value": Fraction(other_value(rng, T))}, when, stem=f"{place}-total")
            for s in sides:
                doc.claim(f"{total}.{s}", "exactly", {"value": Fraction(side_v[s])}, when)
            for r in regions:
                if rng.random() < 0.5:
                    q, d = true_claim(rng, region_v[r])
                    doc.claim(f"{total}.{r}", q, d, when)
        else:
            # a disputed side or region, rough figures elsewhere
            if rng.random() < 0.5:
                s = rng.choice(sides)
                name, E = f"{total}.{s}", side_v[s]
            else:
                r = rng.choice(regions)
                name, E = f"{total}.{r}", region_v[r]
            (q1, d1), (q2, d2) = contradicting_pair(rng, E)
            s1, s2 = doc.two_sources()
            doc.claim(name, q1, d1, when, source=s1)
            doc.claim(name, q2, d2, when, source=s2)
            q, d = true_claim(rng, T)
            doc.claim(total, q, d, when, stem=f"{place}-total")
            for r in regions:
                if rng.random() < 0.5:
                    q, d = true_claim(rng, region_v[r] if rng.random() < 0.7 else other_value(rng, region_v[r]))
                    doc.claim(f"{total}.{r}", q, d, when)
        if rng.random() < 0.3:
            s, r = rng.choice(sides), rng.choice(regions)
            c = f"{total}.{s}.{r}"
            doc.relations.append({"subset": c, "of": f"{total}.{r}"})
            q, d = true_claim(rng, cell[(s, r)] if rng.random() < 0.7 else other_value(rng, cell[(s, r)]))
            doc.claim(c, q, d, when, stem=f"{place}-{s}-{r}")
    return doc.text()


FAMILIES = {"a": family_a, "b": family_b, "c": family_c, "d": family_d}
FAMILY_NAMES = {"a": "independent disputes", "b": "shared claims", "c": "running count with a restart",
                "d": "cross-classifications", "k": "known answers"}


def document(seed: int, family: str, index: int) -> str:
    rng = random.Random(f"maxsmt/{seed}/{family}/{index}")
    return FAMILIES[family](rng)


def known_answer(seed: int, k: int, tied: bool):
    """k pairs: claim pNN-a says exactly a, pNN-b exactly b != a. Returns the
    text, the expected weight, drop set and tie, computed by hand: the cheapest
    correction drops the lighter claim of every pair (of a tied pair, the one
    with the smaller id, pNN-a: the sorted ids then come first)."""
    rng = random.Random(f"maxsmt/{seed}/known/{k}/{int(tied)}")
    grid = [Fraction(i, 20) for i in range(1, 21)]  # 0.05 .. 1
    claims, drop, weight, tie = [], [], Fraction(0), False
    tied_pairs = set(rng.sample(range(k), max(1, k // 4))) if tied else set()
    for i in range(k):
        if i in tied_pairs:
            wa = wb = rng.choice(grid)
        else:
            wa, wb = rng.sample(grid, 2)
        a = rng.randint(0, 500)
        b = other_value(rng, a)
        q = f"killed.district_{i + 1:02d}"
        for side, w, v in (("a", wa, a), ("b", wb, b)):
            claims.append({"id": f"p{i + 1:02d}-{side}", "source": side, "quantity": q,
                           "qualifier": "exactly", "value": v,
                           "weight": Num(oracle.exact_decimal_string(w))})
        weight += min(wa, wb)
        tie = tie or wa == wb
        drop.append(f"p{i + 1:02d}-{'b' if wb < wa else 'a'}")
    rng.shuffle(claims)
    doc = {"format": "tally/1", "event": {"id": f"known-{k}", "title": f"{k} independent disputes"},
           "sources": [{"id": "a", "name": "Source A"}, {"id": "b", "name": "Source B"}],
           "claims": claims}
    return dumps(doc), {"weight": weight, "drop": sorted(drop), "tie": tie,
                        "corrections": 2 ** k, "conflicts": k}


def known_of(text: str):
    """The hand answer of a known-answer document read back (for --replay),
    or None for any other document."""
    doc = json.loads(text, parse_float=Fraction)
    if not str(doc.get("event", {}).get("id", "")).startswith("known-"):
        return None
    pairs = {}
    for c in doc["claims"]:
        pairs.setdefault(c["quantity"], []).append((Fraction(c["weight"]), c["id"]))
    drop = [min(p)[1] for p in pairs.values()]  # the lighter claim, else the smaller id
    return {"weight": sum((min(p)[0] for p in pairs.values()), Fraction(0)), "drop": sorted(drop),
            "tie": any(p[0][0] == p[1][0] for p in pairs.values()),
            "corrections": 2 ** len(pairs), "conflicts": len(pairs)}


# --------------------------------------------------------------------------
# z3 side (in worker processes)


def maxsmt(text: str, adopted_drop) -> dict:
    """z3's answer for one document, given tally's adopted drop set (a list
    of ids or None): the minimum weight and an optimal drop set, whether
    tally's set is a correction and what it weighs, and the cheapest other
    correction (so: whether there is a tie). The optimum is the contract's:
    least weight, then fewest claims, then the least sorted ids."""
    t0 = time.time()
    o = oracle.Oracle(oracle.load_document(text))
    m = o.m
    n = len(m.claims)
    ids = [c.id for c in m.claims]
    weights = [c.weight for c in m.claims]
    scale = 1
    for w in weights:
        scale = scale * w.denominator // math.gcd(scale, w.denominator)
    iw = [int(w * scale) for w in weights]  # exact: every weight times the LCM of denominators
    p = [z3.Bool(f"p{i}") for i in range(n)]
    # oracle.py's model: x ≥ 0, relations, dotted parents and running counts
    # (hard), and p_i => claim i, p_i soft with the claim's weight (p_i false:
    # claim i is dropped; at an optimum a dropped claim is false, else keeping
    # it would be cheaper)
    hard = o.x_decl + o.x_hard + "".join(
        f"(declare-const p{c.index} Bool)(assert (=> p{c.index} {m.claim_text(c, 'x')}))" for c in m.claims)

    def optimize(extra=(), tie_break=False):
        """A least-weight drop set (claim indices), or None when there is none."""
        opt = z3.Optimize()
        opt.from_string(hard)
        for e in extra:
            opt.add(e)
        for i in range(n):
            opt.add_soft(p[i], str(iw[i]), id="weight")
        if tie_break:
            # then fewest claims, then the least sorted list of ids: with the
            # size fixed, that is the set whose membership vector, read in id
            # order, is greatest (dropping an earlier id beats all later ones)
            for i in range(n):
                opt.add_soft(p[i], "1", id="size")
            order = sorted(range(n), key=lambda i: ids[i])
            for r, i in enumerate(order):
                opt.add_soft(z3.Not(p[i]), str(2 ** (n - 1 - r)), id="ids")
        r = opt.check()  # objectives are lexicographic, in the order added
        if r == z3.unsat:
            return None
        if r != z3.sat:
            raise RuntimeError(f"z3 Optimize: {r} ({opt.reason_unknown()})")
        model = opt.model()
        return [i for i in range(n) if z3.is_false(model.eval(p[i], model_completion=True))]

    def weight(drop):
        return sum((weights[i] for i in drop), Fraction(0))

    best = optimize(tie_break=True)  # least weight, then size, then sorted ids
    if best is None:
        raise RuntimeError("the relations alone are unsatisfiable")
    out = {"n": n, "min": weight(best), "optimum": sorted(ids[i] for i in best), "consistent": not best}
    index = {cid: i for i, cid in enumerate(ids)}
    tally_set = None
    if adopted_drop is not None and all(d in index for d in adopted_drop):
        tally_set = sorted({index[d] for d in adopted_drop})
        out["tally_weight"] = weight(tally_set)
        out["tally_correction"] = o.feasible([i for i in range(n) if i not in tally_set])
    # Another correction as cheap? Forbid the adopted set (tally's when it is
    # a cheapest correction, else z3's) and minimise again: a tie when the
    # new optimum is the minimum.
    tally_ok = tally_set is not None and out["tally_correction"] and out["tally_weight"] == out["min"]
    base = set(tally_set if tally_ok else best)
    differ = z3.Or([p[i] if i in base else z3.Not(p[i]) for i in range(n)])
    other = optimize([differ])
    out["second"] = None if other is None else weight(other)
    out["second_drop"] = None if other is None else sorted(ids[i] for i in other)
    out["tie"] = out["second"] == out["min"]
    out["expected"] = out["optimum"]
    out["seconds"] = time.time() - t0
    return out


def self_test(count: int, seed: int = 11) -> int:
    """maxsmt() against oracle.py's enumeration of every minimal correction on
    small generated documents: the cheapest weight, the tie-broken adopted
    set, and the tie (the second correction in the contract's order weighs
    as much as the first). Returns the number of disagreements."""
    bad = done = ties = 0
    i = 0
    while done < count:
        i += 1
        text = generate.document(seed, i, True)
        o = oracle.Oracle(oracle.load_document(text))
        if o.feasible(range(len(o.m.claims))):
            continue
        done += 1
        cs = oracle.verdict_of_text(text)["corrections"]
        z = maxsmt(text, None)
        tie = len(cs) > 1 and cs[1]["weight"] == cs[0]["weight"]
        ties += tie
        if z["min"] != cs[0]["weight"] or z["expected"] != cs[0]["drop"] or z["tie"] != tie:
            bad += 1
            print(f"self-test document {i}: z3 {z3_answer_text(z)}, oracle.py adopts {cs[0]['drop']} "
                  f"({oracle.exact_decimal_string(cs[0]['weight'])}), tie {tie}\n{text}", flush=True)
    print(f"self-test: {done} conflicting documents ({ties} with a tie), {bad} disagreements")
    return bad


def z3_job(args):
    key, text, adopted_drop = args
    try:
        return key, maxsmt(text, adopted_drop), None
    except Exception as e:  # an oracle failure is a finding too
        return key, None, f"{type(e).__name__}: {e}"


# --------------------------------------------------------------------------
# tally side


BATCH_SECONDS = 420  # one batch process for each half; a few tens of seconds when all is well
DOCUMENT_SECONDS = 10  # after a batch timed out, each document on its own


def run_batch(binary: str, texts: list[str], flags, workdir: str, tag: str,
              deadline: float) -> tuple[list, str]:
    """One result per document from one `tally batch` process. If it is slower
    than BATCH_SECONDS, the documents are run one by one with `tally
    reconcile --format json` instead, each allowed DOCUMENT_SECONDS, while
    the run's time budget lasts (so that a slow document is reported instead
    of stalling the test)."""
    path = os.path.join(workdir, f"{tag}.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for t in texts:
            f.write(t + "\n")
    notes = []
    try:
        p = subprocess.run([binary, "batch", path, *flags], capture_output=True,
                           timeout=max(10.0, min(BATCH_SECONDS, deadline - time.time())))
    except subprocess.TimeoutExpired:
        notes.append(f"batch {' '.join(flags) or '(default caps)'} timed out, rerun one by one")
        results = []
        for t in texts:
            if time.time() > deadline:
                results.append({"_unparsable": "not run: the time budget is spent"})
            else:
                results.append(run_one(binary, t, flags, workdir, DOCUMENT_SECONDS))
        return results, "; ".join(notes)
    if p.returncode not in (0, 3) or p.stderr:
        notes.append(f"tally batch exited {p.returncode}: "
                     + p.stderr.decode("utf-8", errors="replace")[:500])
    lines = p.stdout.decode("utf-8", errors="replace").splitlines()
    results = []
    for line in lines[:len(texts)]:
        try:
            results.append(json.loads(line, parse_float=Fraction))
        except json.JSONDecodeError as e:
            results.append({"_unparsable": f"{e}: {line[:300]}"})
    for _ in range(len(texts) - len(lines)):
        results.append({"_unparsable": f"tally batch wrote {len(lines)} lines for {len(texts)} documents "
                                       f"(exit {p.returncode})"})
    return results, "; ".join(notes)


def run_one(binary: str, text: str, flags, workdir: str, timeout: float) -> dict:
    path = os.path.join(workdir, "one.json")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    try:
        p = subprocess.run([binary, "reconcile", path, "--format", "json", *flags],
                           capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"_unparsable": f"tally reconcile took longer than {timeout} s"}
    out = p.stdout.decode("utf-8", errors="replace")
    try:
        return json.loads(out, parse_float=Fraction)
    except json.JSONDecodeError:
        return {"_unparsable": f"exit {p.returncode}: {out[:300]} {p.stderr[:300]!r}"}


# --------------------------------------------------------------------------
# Comparison


def as_fraction(text):
    if not isinstance(text, str):
        return None
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        return None


def adopted_drop_of(r: dict):
    a = r.get("adopted") if isinstance(r, dict) else None
    if not isinstance(a, dict) or not isinstance(a.get("drop"), list):
        return None
    return [d for d in a["drop"] if isinstance(d, str)]


def caps_of(flags) -> tuple[int, int]:
    """(max conflicts, max corrections) of tally command-line flags."""
    def value(name):
        return int(flags[flags.index(name) + 1]) if name in flags else DEFAULT_CAP
    return value("--max-conflicts"), value("--max-corrections")


def compare(r: dict, z: dict, caps: tuple[int, int], known=None) -> list[str]:
    """Differences between tally's result r (run with `caps`) and z3's answer
    z, and the hand answer `known` for the known-answer cases."""
    diffs = []
    if "_unparsable" in r:
        return [f"unparsable result: {r['_unparsable']}"]
    if r.get("status") == "error":
        return [f"tally reports an internal error: {r.get('message')!r}"]
    if z["consistent"]:
        return ["z3 finds the document consistent: a generator bug"]
    if r.get("status") != "conflicting":
        diffs.append(f"status is {r.get('status')!r}, not 'conflicting'")
        return diffs
    want = oracle.exact_decimal_string(z["min"])
    a = r.get("adopted")
    if not isinstance(a, dict):
        return diffs + [f"adopted is {a!r}, not a correction"]
    drop = adopted_drop_of(r)
    tw = as_fraction(a.get("weight"))
    if drop is None:
        diffs.append(f"adopted.drop is {a.get('drop')!r}")
    else:
        if drop != sorted(set(drop)):
            diffs.append(f"adopted.drop {drop} is not sorted or repeats an id")
        if "tally_weight" not in z:
            diffs.append(f"adopted.drop {drop} names claims the document does not have")
        else:
            if not z["tally_correction"]:
                diffs.append(f"dropping adopted.drop {drop} does not leave the rest consistent")
            if tw is not None and z["tally_weight"] != tw:
                diffs.append(f"adopted.drop {drop} weighs {oracle.exact_decimal_string(z['tally_weight'])}, "
                             f"not adopted.weight {a.get('weight')}")
    if tw is None:
        diffs.append(f"adopted.weight is {a.get('weight')!r}, not an exact number string")
    elif tw != z["min"]:
        diffs.append(f"adopted.weight: tally {a.get('weight')}, the z3 minimum {want} "
                     f"(dropping {z['optimum']})")
    # the fields of the direct computation
    if "optimal" not in a:
        diffs.append("adopted.optimal is missing")
    elif a["optimal"] is not True:
        diffs.append(f"adopted.optimal is {a['optimal']!r}, not true")
    if "lower_bound" not in a:
        diffs.append("adopted.lower_bound is missing")
    else:
        lb = as_fraction(a["lower_bound"])
        if lb is None:
            diffs.append(f"adopted.lower_bound is {a['lower_bound']!r}, not an exact number string")
        elif lb != z["min"] or (tw is not None and lb != tw):
            diffs.append(f"adopted.lower_bound {a['lower_bound']} is not the weight "
                         f"(tally {a.get('weight')}, z3 {want})")
    second = ("no other correction" if z["second"] is None else
              f"the next cheapest other correction weighs {oracle.exact_decimal_string(z['second'])}: "
              f"{z['second_drop']}")
    if "tie" not in a:
        diffs.append(f"adopted.tie is missing (z3: {str(z['tie']).lower()}; {second})")
    elif a["tie"] is not z["tie"]:
        diffs.append(f"adopted.tie is {a['tie']!r}, z3 says {str(z['tie']).lower()} ({second})")
    # the tie-break: least weight, then fewest claims, then the sorted ids
    if drop is not None and drop != z["expected"] and "tally_weight" in z and tw == z["min"]:
        why = ("the unique cheapest correction" if not z["tie"] else
               "the first by (weight, size, sorted ids) of the tied corrections")
        diffs.append(f"adopted.drop {drop} is not {why}: {z['expected']}")
    # what the capped lists may say
    complete = r.get("complete")
    cap_conf, cap = caps
    if known is None:  # generated: at least 2^7 corrections
        if complete is not False and cap < 2 ** 7:
            diffs.append(f"complete is {complete!r}, but the document has more than {cap} corrections")
    else:
        over = known["corrections"] > cap or known["conflicts"] > cap_conf
        at = known["corrections"] == cap or known["conflicts"] == cap_conf  # at a cap: either
        if complete is not (not over) and not (at and not over):
            diffs.append(f"complete is {complete!r} with {known['corrections']} corrections and "
                         f"{known['conflicts']} conflicts in all, caps {cap_conf} and {cap}")
        if complete is True and (len(r.get("corrections") or []) != known["corrections"]
                                 or len(r.get("conflicts") or []) != known["conflicts"]):
            diffs.append(f"complete, but {len(r.get('corrections') or [])} corrections and "
                         f"{len(r.get('conflicts') or [])} conflicts listed, not {known['corrections']} "
                         f"and {known['conflicts']}")
    key_a = (tw, len(drop or []), drop or [])
    corrections = r.get("corrections")
    if not isinstance(corrections, list):
        diffs.append(f"corrections is {corrections!r}")
    else:
        if len(corrections) > cap:
            diffs.append(f"{len(corrections)} corrections listed, more than the cap {cap}")
        for c in corrections:
            cw = as_fraction(c.get("weight"))
            if tw is not None and cw is not None and (cw, len(c.get("drop", [])), c.get("drop", [])) < key_a:
                diffs.append(f"listed correction {c.get('drop')} ({c.get('weight')}) comes before "
                             f"the adopted one ({a.get('weight')})")
                break
    if drop is not None and isinstance(r.get("claims"), list):
        out = sorted(c.get("id") for c in r["claims"] if c.get("in_force") is False)
        if out != drop:
            diffs.append(f"claims out of force {out} are not adopted.drop {drop}")
    if known is not None:
        if z["min"] != known["weight"]:
            diffs.append(f"z3 harness: minimum {want}, the hand answer "
                         f"{oracle.exact_decimal_string(known['weight'])}")
        if z["tie"] != known["tie"] or z["expected"] != known["drop"]:
            diffs.append(f"z3 harness: tie {z['tie']} drop {z['expected']}, the hand answer "
                         f"tie {known['tie']} drop {known['drop']}")
        if tw is not None and tw != known["weight"]:
            diffs.append(f"adopted.weight {a.get('weight')}, the hand answer "
                         f"{oracle.exact_decimal_string(known['weight'])}")
        if drop is not None and drop != known["drop"]:
            diffs.append(f"adopted.drop is not the hand answer {known['drop']}")
    return diffs


def kind_of(difference: str) -> str:
    import re
    d = difference.replace("z3", "Z-THREE")
    d = re.sub(r"'[^']*'|\"[^\"]*\"", "…", d)
    d = re.sub(r"\[[^\]]*\]", "[…]", d)
    d = re.sub(r"\d+(\.\d+)?(/\d+)?", "N", d)
    d = re.sub(r"\([^()]*\)", "(…)", d)
    return d.replace("Z-THREE", "z3")[:150]


def z3_answer_text(z: dict) -> dict:
    return {"min": oracle.exact_decimal_string(z["min"]), "optimum": z["optimum"], "tie": z["tie"],
            "second": None if z["second"] is None else oracle.exact_decimal_string(z["second"]),
            "second_drop": z["second_drop"]}


def tally_answer_text(r: dict) -> dict:
    return {k: r.get(k) for k in ("status", "complete", "adopted")} | {
        "corrections": len(r.get("corrections") or []), "conflicts": len(r.get("conflicts") or [])}


# --------------------------------------------------------------------------


def main() -> int:
    if len(sys.argv) >= 2 and sys.argv[1] == "--self-test":
        return 1 if self_test(int(sys.argv[2]) if len(sys.argv) > 2 else 200) else 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tally")
    ap.add_argument("--count", type=int, default=520, help="generated documents (a quarter per family)")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="z3 worker processes")
    ap.add_argument("--out", default=".", help="where failing documents are saved")
    ap.add_argument("--time-budget", type=float, default=780,
                    help="seconds; past them tally is not run on further documents (under ctest's 900)")
    ap.add_argument("--replay", metavar="DOC.json", nargs="+",
                    help="compare these saved documents only (tally reconcile, one by one)")
    ap.add_argument("--with", dest="flags", default="",
                    help='tally reconcile options for --replay, e.g. --with="--max-conflicts 2"')
    a = ap.parse_args()

    if a.replay:
        flags = tuple(a.flags.split())
        bad = 0
        with tempfile.TemporaryDirectory(prefix="tally-maxsmt-") as workdir:
            for path in a.replay:
                with open(path, encoding="utf-8") as f:
                    text = f.read().strip()
                r = run_one(a.tally, text, flags, workdir, 300)
                z = maxsmt(text, adopted_drop_of(r))
                diffs = compare(r, z, caps_of(flags), known_of(text))
                print(f"{path}: {'agree' if not diffs else str(len(diffs)) + ' differences'}")
                for d in diffs:
                    print("  " + d)
                print(f"  tally: {json.dumps(tally_answer_text(r), default=str, ensure_ascii=False)}")
                print(f"  z3:    {json.dumps(z3_answer_text(z), ensure_ascii=False)}")
                bad += bool(diffs)
        return 1 if bad else 0

    seed = a.seed if a.seed is not None else int(os.environ.get("TALLY_DIFF_SEED", DEFAULT_SEED))
    print(f"seed {seed}: replay with --seed {seed}", flush=True)
    started = time.time()

    # 1. Documents: (key, family, text, capped, known answer); the halves alternate.
    docs = []
    for i in range(a.count):
        fam = "abcd"[i % 4]
        docs.append((f"{fam}{i // 4}", fam, document(seed, fam, i // 4), i % 8 >= 4, None))
    for tied in (False, True):
        for k in (KNOWN_TIED_KS if tied else KNOWN_KS):
            text, known = known_answer(seed, k, tied)
            for capped in (False, True):
                docs.append((f"k{k}{'t' if tied else ''}{'c' if capped else ''}", "k", text, capped, known))
    t_gen = time.time() - started

    # 2. tally: one batch process per half.
    with tempfile.TemporaryDirectory(prefix="tally-maxsmt-") as workdir:
        results = {}
        notes = []
        t0 = time.time()
        for capped in (False, True):
            half = [d for d in docs if d[3] == capped]
            got, note = run_batch(a.tally, [d[2] for d in half], CAPPED_FLAGS if capped else (),
                                  workdir, "capped" if capped else "default", started + a.time_budget)
            if note:
                notes.append(note)
            for d, r in zip(half, got):
                results[d[0]] = r
        t_tally = time.time() - t0
    print(f"tally batch: {len(results)} results in {t_tally:.1f}s "
          f"({sum(not d[3] for d in docs)} with the default caps, {sum(d[3] for d in docs)} with "
          f"{' '.join(CAPPED_FLAGS)})" + (f"; {'; '.join(notes)}" if notes else ""), flush=True)

    # 3. z3 on every document, given tally's adopted set.
    t0 = time.time()
    answers, failures = {}, []
    jobs = [(d[0], d[2], adopted_drop_of(results[d[0]])) for d in docs]
    slowest = (0.0, None)
    with concurrent.futures.ProcessPoolExecutor(max_workers=a.jobs) as pool:
        for key, z, err in pool.map(z3_job, jobs, chunksize=4):
            if err is not None:
                failures.append((key, [f"z3 failed: {err}"]))
            else:
                answers[key] = z
                slowest = max(slowest, (z["seconds"], key))
    t_z3 = time.time() - t0
    print(f"z3: {len(answers)} documents decided in {t_z3:.1f}s ({a.jobs} processes; slowest "
          f"{slowest[0]:.2f}s, document {slowest[1]})", flush=True)

    # 4. Compare.
    by_key = {d[0]: d for d in docs}
    stats = {f: {"documents": 0, "capped": 0, "agree": 0, "ties": 0, "claims": 0, "z3": 0.0}
             for f in "abcdk"}
    for key, fam, text, capped, known in docs:
        st = stats[fam]
        st["documents"] += 1
        r = results[key]
        if r.get("complete") is False:
            st["capped"] += 1
        z = answers.get(key)
        if z is None:
            continue
        st["claims"] += z["n"]
        st["z3"] += z["seconds"]
        st["ties"] += z["tie"]
        tw = as_fraction((r.get("adopted") or {}).get("weight")) if isinstance(r.get("adopted"), dict) else None
        if tw == z["min"]:
            st["agree"] += 1
        diffs = compare(r, z, caps_of(CAPPED_FLAGS if capped else ()), known)
        if diffs:
            failures.append((key, diffs))

    print("documents by family (capped = complete: false; agree = adopted.weight is z3's minimum):")
    for f in "abcdk":
        st = stats[f]
        print(f"  {f} {FAMILY_NAMES[f]:30s} {st['documents']:4d} documents, {st['capped']:4d} capped, "
              f"{st['agree']:4d} agree, {st['ties']:4d} ties, "
              f"{st['claims'] / max(1, st['documents']):.1f} claims and "
              f"{st['z3'] / max(1, st['documents']):.2f}s of z3 on average")
    total = len(docs)
    failed_keys = sorted({k for k, _ in failures}, key=lambda k: [d[0] for d in docs].index(k))

    if failures:
        os.makedirs(a.out, exist_ok=True)
        kinds = {}
        diffs_of = {}
        for key, diffs in failures:
            diffs_of.setdefault(key, []).extend(diffs)
        for key in failed_keys:
            for d in diffs_of[key]:
                kinds.setdefault(kind_of(d), []).append(key)
        print(f"\n{len(failed_keys)} of {total} documents disagree (seed {seed}). By kind:")
        for k, where in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
            print(f"  {len(where):5d}  {k}  (documents {', '.join(where[:6])}{', …' if len(where) > 6 else ''})")
        every = os.path.join(a.out, f"maxsmt-{seed}-failures.jsonl")
        with open(every, "w", encoding="utf-8") as f:
            for key in failed_keys:
                _, fam, text, capped, _ = by_key[key]
                z = answers.get(key)
                f.write(json.dumps({"key": key, "family": fam, "flags": list(CAPPED_FLAGS) if capped else [],
                                    "differences": diffs_of[key], "document": json.loads(text),
                                    "tally": tally_answer_text(results[key]),
                                    "z3": z3_answer_text(z) if z else None},
                                   ensure_ascii=False, default=str) + "\n")
        print(f"every failing document with both answers: {every}")
        # one document of each kind first
        shown = []
        for k, where in kinds.items():
            if where[0] not in shown:
                shown.append(where[0])
        shown += [k for k in failed_keys if k not in shown]
        print(f"{min(len(shown), MAX_REPORTED)} of them, one of each kind first:")
        for key in shown[:MAX_REPORTED]:
            _, fam, text, capped, _ = by_key[key]
            path = os.path.join(a.out, f"maxsmt-{seed}-{key}.json")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text + "\n")
            flags = f' --with="{" ".join(CAPPED_FLAGS)}"' if capped else ""
            print(f"\n--- document {key} ({FAMILY_NAMES[fam]}{', ' + ' '.join(CAPPED_FLAGS) if capped else ''})")
            for d in diffs_of[key][:10]:
                print("  " + d)
            print(f"  tally: {json.dumps(tally_answer_text(results[key]), default=str, ensure_ascii=False)}")
            if answers.get(key):
                print(f"  z3:    {json.dumps(z3_answer_text(answers[key]), ensure_ascii=False)}")
            print(f"  document: {text}")
            print(f"  saved {path}; replay: maxsmt.py TALLY --replay {path}{flags}")
        print(f"\nFAILED: seed {seed}, {time.time() - started:.0f}s "
              f"(generate {t_gen:.0f}s, tally {t_tally:.1f}s, z3 {t_z3:.0f}s)")
    else:
        print(f"all agree ({time.time() - started:.0f}s: generate {t_gen:.0f}s, tally {t_tally:.1f}s, "
              f"z3 {t_z3:.0f}s)")
    print(f"{total - len(failed_keys)} passed, {len(failed_keys)} failed")
    return 1 if failed_keys else 0


if __name__ == "__main__":
    sys.exit(main())
