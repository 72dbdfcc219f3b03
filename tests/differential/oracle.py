"""An independent z3 oracle for tally/1 documents (spec: tally-1.md).

It reads a claims document straight from its JSON text (numbers exactly, as
fractions) and, with z3 alone, decides what a reconciliation must report:

- the status (consistent or conflicting);
- every quantity's exact range at every time point: unboundedness decided
  first on the rational recession cone (z3 4.8.12 can loop on an unbounded
  integer maximum), then each bound by incremental Solver checks, with the LP
  relaxation (a Real Optimize) and bisection when a model does not already
  attain it (z3's integer Optimize can creep one unit at a time);
- when conflicting, every minimal conflicting set of claims (MUS) and every
  minimal correction set (MCS), enumerated by MARCO with a z3 map solver;
  the gap of each MUS (an integer L1 relaxation); the corrections with their
  weights in the contract's order, the adopted one, and the ranges after it.

Nothing here shares code with the library: the model is rebuilt from the
spec's words. Usage as a script:
    oracle.py DOC.json                  prints the verdict
    oracle.py --self-test [N [SEED]]    checks the fast paths against plain methods
"""

from __future__ import annotations

import datetime
import math
import json
import re
import sys
from dataclasses import dataclass
from fractions import Fraction
from typing import Optional

import z3

DEFAULT_TOLERANCE = Fraction(1, 10)
DEFAULT_RELIABILITY = Fraction(1, 2)
GALLOP_STEPS = 4  # doubling steps (integer checks) before an LP bound is asked for
FINAL = None  # the label of the final time point in ranges (as_of null)


# --------------------------------------------------------------------------
# Exact numbers and timestamps


def load_document(text: str) -> dict:
    """JSON with every non-integer number as an exact Fraction."""
    return json.loads(text, parse_float=Fraction, parse_int=int)


def ceil(f) -> int:
    f = Fraction(f)
    return -((-f.numerator) // f.denominator)


def floor(f) -> int:
    f = Fraction(f)
    return f.numerator // f.denominator


def exact_decimal_string(f: Fraction) -> str:
    """The shortest exact decimal text of f ("0.5", "1.6", "3"), else "p/q"."""
    f = Fraction(f)
    d = f.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d != 1:
        return f"{f.numerator}/{f.denominator}"
    digits = max(twos, fives)
    scaled = f * 10**digits
    assert scaled.denominator == 1
    n = scaled.numerator
    sign = "-" if n < 0 else ""
    n = abs(n)
    if digits == 0:
        return f"{sign}{n}"
    s = str(n).rjust(digits + 1, "0")
    return f"{sign}{s[:-digits]}.{s[-digits:]}"


_TS = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?")


@dataclass(frozen=True)
class Stamp:
    """A point in time: a date alone is the end of that day (after 23:59:59)."""

    key: tuple  # (ordinal day, seconds; 86400 for a date alone)
    label: str  # canonical text


def parse_stamp(text: str) -> Stamp:
    m = _TS.fullmatch(text)
    if not m:
        raise ValueError(f"bad timestamp {text!r}")
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    day = datetime.date(y, mo, d).toordinal()
    date_label = f"{y:04d}-{mo:02d}-{d:02d}"
    if m[4] is None:
        return Stamp((day, 86400), date_label)
    h, mi, s = int(m[4]), int(m[5]), int(m[6] or 0)
    label = f"{date_label}T{h:02d}:{mi:02d}" + (f":{s:02d}" if s else "")
    return Stamp((day, h * 3600 + mi * 60 + s), label)


# --------------------------------------------------------------------------
# The model of a document


@dataclass
class Claim:
    index: int
    id: str
    source: str
    quantities: list
    lower: int  # never negative
    upper: Optional[int]  # None: unbounded above
    weight: Fraction
    time: Optional[str]  # time point label, None = final
    figure: Optional[int] = None  # the stated figure estimates aim at (exactly, about, nearly)
    since: object = False  # False: about the count; else the time label (None = final) its change runs from


def claim_bounds(c: dict, default_tolerance: Fraction):
    q = c["qualifier"]
    v = Fraction(c["value"])
    lo, hi = 0, None
    tau = Fraction(c["tolerance"]) if "tolerance" in c else default_tolerance
    if q == "exactly":
        if v.denominator != 1:
            raise ValueError("exactly with a fractional value")
        lo = hi = int(v)
    elif q == "at_least":
        lo = ceil(v)
    elif q == "more_than":
        lo = floor(v) + 1
    elif q == "at_most":
        hi = floor(v)
    elif q == "fewer_than":
        hi = ceil(v) - 1
    elif q == "between":
        lo, hi = ceil(v), floor(Fraction(c["upper"]))
    elif q == "about":
        lo, hi = ceil(v * (1 - tau)), floor(v * (1 + tau))
    elif q == "nearly":
        lo, hi = ceil(v * (1 - tau)), floor(v)
    else:
        raise ValueError(f"unknown qualifier {q!r}")
    return max(lo, 0), hi


class Model:
    """Variables, hard relations and claims of one document, in z3 terms."""

    def __init__(self, doc: dict, default_tolerance: Fraction = DEFAULT_TOLERANCE):
        self.doc = doc
        event = doc.get("event") or {}
        end = parse_stamp(event["end"]) if event.get("end") else None

        # Time points.
        dated = {}
        speaks_final = False

        def point(stamp_text):
            nonlocal speaks_final
            if stamp_text is None:
                speaks_final = True
                return None
            st = parse_stamp(stamp_text)
            if end is not None and st.key >= end.key:
                speaks_final = True
                return None
            dated[st.key] = st.label
            return st.label

        claim_times = [point(c.get("as_of")) for c in doc["claims"]]
        # a change ("since") is the count at as_of minus the count at since
        since_times = [point(c["since"]) if c.get("since") is not None else False for c in doc["claims"]]
        self.time_points = [dated[k] for k in sorted(dated)]
        if speaks_final:
            self.time_points.append(FINAL)

        # Quantities: everything named anywhere, and every prefix.
        names = set()
        noncumulative = set()
        for q in doc.get("quantities", []):
            names.add(q["id"])
            if q.get("cumulative", True) is False:
                noncumulative.add(q["id"])
        for r in doc.get("relations", []):
            if "whole" in r:
                names.add(r["whole"])
                names.update(r["parts"])
            else:
                names.add(r["subset"])
                names.add(r["of"])
        for c in doc["claims"]:
            qs = c["quantity"]
            names.update(qs if isinstance(qs, list) else [qs])
        for n in list(names):
            parts = n.split(".")
            for k in range(1, len(parts)):
                names.add(".".join(parts[:k]))
        self.quantities = sorted(names)
        self.noncumulative = noncumulative

        # Variables (one per quantity and time point) and the hard rows:
        # (terms, sense, terms) meaning Σ left  <= or ==  Σ right.
        self.keys = [(q, t) for q in self.quantities for t in self.time_points]
        self.index = {k: i for i, k in enumerate(self.keys)}
        rows = []
        for t in self.time_points:
            for q in self.quantities:
                if "." in q:
                    rows.append(([(q, t)], "<=", [(q.rsplit(".", 1)[0], t)]))
            for r in doc.get("relations", []):
                if "whole" in r:
                    parts = [(p, t) for p in r["parts"]]
                    sense = "<=" if r.get("exhaustive", True) is False else "=="
                    rows.append((parts, sense, [(r["whole"], t)]))
                else:
                    rows.append(([(r["subset"], t)], "<=", [(r["of"], t)]))
        for q in self.quantities:
            if q in noncumulative:
                continue
            for a, b in zip(self.time_points, self.time_points[1:]):
                rows.append(([(q, a)], "<=", [(q, b)]))
        self.rows = rows

        # Claims.
        sources = {s["id"]: s for s in doc.get("sources", [])}
        self.claims = []
        for i, c in enumerate(doc["claims"]):
            lo, hi = claim_bounds(c, default_tolerance)
            if "weight" in c:
                w = Fraction(c["weight"])
            else:
                s = sources.get(c.get("source"), {})
                w = Fraction(s["reliability"]) if "reliability" in s else DEFAULT_RELIABILITY
            qs = c["quantity"]
            qs = qs if isinstance(qs, list) else [qs]
            figure = None
            if c["qualifier"] in ("exactly", "about", "nearly"):
                # rounded half up, then moved into the claim's own bounds
                figure = max(lo, floor(Fraction(c["value"]) + Fraction(1, 2)))
                figure = figure if hi is None else min(hi, figure)
            self.claims.append(Claim(i, c["id"], c.get("source"), qs, lo, hi, w, claim_times[i], figure,
                                     since_times[i]))

    # The constraints are written as SMT-LIB text and parsed by z3 in C:
    # building them through z3py's operator overloading costs ~25 ms a
    # document. Variable i is named {prefix}{i} (x: Int, r and d: Real).

    def declarations(self, prefix: str, sort: str) -> str:
        return "".join(f"(declare-const {prefix}{i} {sort})" for i in range(len(self.keys)))

    def sum_text(self, keys, prefix: str) -> str:
        names = [f"{prefix}{self.index[k]}" for k in keys]
        return names[0] if len(names) == 1 else "(+ " + " ".join(names) + ")"

    def hard_text(self, prefix: str) -> str:
        """x ≥ 0 and every relation row, as asserts."""
        out = [f"(assert (>= {prefix}{i} 0))" for i in range(len(self.keys))]
        for left, sense, right in self.rows:
            op = "<=" if sense == "<=" else "="
            out.append(f"(assert ({op} {self.sum_text(left, prefix)} {self.sum_text(right, prefix)}))")
        return "".join(out)

    def claim_sum(self, c: Claim, prefix: str) -> str:
        now = self.sum_text([(q, c.time) for q in c.quantities], prefix)
        if c.since is False:
            return now
        return f"(- {now} {self.sum_text([(q, c.since) for q in c.quantities], prefix)})"

    def claim_text(self, c: Claim, prefix: str) -> str:
        """The claim's bounds as one formula."""
        e = self.claim_sum(c, prefix)
        lo = f"(>= {e} {smt_int(c.lower)})"
        if c.upper is None:
            return lo
        return f"(and {lo} (<= {e} {smt_int(c.upper)}))"


def smt_int(n: int) -> str:
    return str(n) if n >= 0 else f"(- {-n})"




_DEFINE = re.compile(r"\(define-fun (\w+) \(\) (?:Int|Real)\s+([^()\s]+|\([^()]*\))\)")


def model_values(model) -> dict:
    """name -> text of the value, for every Int/Real constant of a model
    (read from the model's text: z3py's per-constant calls are slow)."""
    return dict(_DEFINE.findall(model.sexpr()))


def is_zero(value_text: str) -> bool:
    return value_text in ("0", "0.0")


# --------------------------------------------------------------------------
# Queries


class Oracle:
    def __init__(self, doc: dict, default_tolerance: Fraction = DEFAULT_TOLERANCE):
        self.m = Model(doc, default_tolerance)
        m = self.m
        self.n = len(m.keys)
        self.x = [z3.Int(f"x{i}") for i in range(self.n)]
        self.lits = [z3.Bool(f"p{c.index}") for c in m.claims]
        self.x_decl = m.declarations("x", "Int")
        self.x_hard = m.hard_text("x")
        text = [self.x_decl, self.x_hard]
        for c in m.claims:
            text.append(f"(declare-const p{c.index} Bool)(assert (=> p{c.index} {m.claim_text(c, 'x')}))")
        self.solver = z3.SimpleSolver()
        self.solver.from_string("".join(text))
        self.checks = 0
        self.optimizations = 0

    # -- feasibility -------------------------------------------------------

    def feasible(self, subset) -> bool:
        self.checks += 1
        r = self.solver.check([self.lits[i] for i in subset])
        if r == z3.unknown:
            raise RuntimeError("z3 returned unknown")
        return r == z3.sat

    def core(self, subset) -> list:
        """A minimal unsatisfiable subset of `subset` (which must be unsat):
        deletion filter, trimmed by z3's cores along the way."""
        if self.feasible(subset):
            raise AssertionError("core of a satisfiable set")
        names = {str(x) for x in self.solver.unsat_core()}
        cur = [i for i in subset if f"p{i}" in names]
        k = 0
        while k < len(cur):
            trial = cur[:k] + cur[k + 1:]
            if not self.feasible(trial):
                names = {str(x) for x in self.solver.unsat_core()}
                # every element before k is necessary, so stays in the core
                cur = [i for i in trial if f"p{i}" in names]
            else:
                k += 1
        return cur

    def grow(self, subset) -> list:
        cur = list(subset)
        for i in range(len(self.m.claims)):
            if i not in cur and self.feasible(cur + [i]):
                cur.append(i)
        return sorted(cur)

    def enumerate_conflicts(self):
        """MARCO: every MUS and every MCS over the claims (relations are hard).
        Returns (muses, mcses) as lists of sorted claim indices."""
        n = len(self.m.claims)
        mp = z3.SimpleSolver()
        mv = [z3.Bool(f"m{i}") for i in range(n)]
        muses, mcses = [], []
        while mp.check() == z3.sat:
            model = mp.model()
            # unassigned map variables count as true (a maximal seed)
            seed = [i for i in range(n) if not z3.is_false(model.eval(mv[i], model_completion=False))]
            if self.feasible(seed):
                mss = self.grow(seed)
                mcs = [i for i in range(n) if i not in mss]
                mcses.append(mcs)
                mp.add(z3.Or([mv[i] for i in mcs]) if mcs else z3.BoolVal(False))
            else:
                mus = sorted(self.core(seed))
                muses.append(mus)
                mp.add(z3.Or([z3.Not(mv[i]) for i in mus]))
        return muses, mcses

    # -- integer optimisation ----------------------------------------------
    #
    # z3 4.8.12's integer Optimize can creep towards an optimum one unit at a
    # time (40 s for one bound of a 20-variable document), so integer optima
    # are found with plain Solver checks: a bound already attained by a model
    # is proved by one unsatisfiable check ("can x go further?"); otherwise
    # the LP relaxation's optimum (Real Optimize, exact rationals) bounds the
    # integer optimum and bisection closes the interval.

    def _search(self, check, lo, hi):
        """Least v in [lo, hi] such that check(v) returns a model's objective
        value (≤ v), or None when there is none; hi is known to be attained."""
        first = True
        while lo < hi:
            mid = lo if first else (lo + hi) // 2
            first = False
            got = check(mid)
            if got is not None:
                hi = got
            else:
                lo = mid + 1
        return lo

    def _lp(self, claims, extra_text=""):
        lp = z3.Optimize()
        text = [self.m.declarations("r", "Real"), self.m.hard_text("r"), extra_text]
        text += [f"(assert {self.m.claim_text(c, 'r')})" for c in claims]
        lp.from_string("".join(text))
        return lp

    # -- ranges ------------------------------------------------------------

    def ranges(self, active) -> dict:
        """(quantity, time label) -> (min, max or None) under the active claims."""
        m = self.m
        n = self.n
        active = sorted(active)
        claims = [m.claims[i] for i in active]
        lits = [self.lits[i] for i in active]

        # Unboundedness on the rational recession cone: a direction d ≥ 0
        # satisfying the homogeneous rows; a claim with an upper bound forces
        # its expression's direction to 0 (its lower side always holds along
        # a non-negative direction). A feasible integer program with rational
        # data is unbounded in x exactly when such a direction has x > 0.
        cone = z3.SimpleSolver()
        text = [m.declarations("d", "Real"), m.hard_text("d")]
        for c in claims:
            if c.upper is not None:
                text.append(f"(assert (= {m.claim_sum(c, 'd')} 0))")
        cone.from_string("".join(text))
        d = [z3.Real(f"d{i}") for i in range(n)]
        unbounded = set()
        for i in range(n):
            if i in unbounded:
                continue
            self.checks += 1
            r = cone.check(d[i] >= 1)
            if r == z3.sat:
                for name, v in model_values(cone.model()).items():
                    if name[0] == "d" and not is_zero(v):
                        unbounded.add(int(name[1:]))
            elif r == z3.unknown:
                raise RuntimeError("z3 unknown on the cone")

        solver = self.solver
        seen_min = [None] * n
        seen_max = [None] * n

        def note(model):
            vals = model_values(model)
            for i in range(n):
                v = int(vals.get(f"x{i}", "0"))
                if seen_min[i] is None or v < seen_min[i]:
                    seen_min[i] = v
                if seen_max[i] is None or v > seen_max[i]:
                    seen_max[i] = v

        def check(extra, i=None):
            """Feasible with `extra`? Then notes the model and returns x_i."""
            self.checks += 1
            solver.push()
            solver.add(extra)
            r = solver.check(lits)
            got = None
            if r == z3.sat:
                model = solver.model()
                note(model)
                got = True if i is None else model.eval(self.x[i], model_completion=True).as_long()
            solver.pop()
            if r == z3.unknown:
                raise RuntimeError("z3 unknown")
            return got

        if check(z3.BoolVal(True)) is None:
            raise RuntimeError("ranges asked of an infeasible claim set")

        lp = None
        rv = [z3.Real(f"r{i}") for i in range(n)]

        def lp_opt(i, maximize):
            nonlocal lp
            if lp is None:
                lp = self._lp(claims)
            lp.push()
            lp.maximize(rv[i]) if maximize else lp.minimize(rv[i])
            self.optimizations += 1
            r = lp.check()
            if r != z3.sat:
                raise RuntimeError(f"z3 {r} on an LP bound")
            val = lp.model().eval(rv[i], model_completion=True).as_fraction()
            lp.pop()
            return val

        def gallop_max(i):
            """x_i's maximum (bounded): a few doubling steps beyond the best
            model, then the LP bound and bisection."""
            xi = self.x[i]
            step = 1
            for _ in range(GALLOP_STEPS):
                if check(xi >= seen_max[i] + step) is None:
                    return self._search(lambda v: neg(check(-xi <= v, i)),
                                        -(seen_max[i] + step - 1), -seen_max[i]) * -1
                step *= 2
            ub = floor(lp_opt(i, True))
            return -self._search(lambda v: neg(check(-xi <= v, i)), -ub, -seen_max[i])

        def gallop_min(i):
            xi = self.x[i]
            step = 1
            for _ in range(GALLOP_STEPS):
                if seen_min[i] == 0:
                    return 0
                if check(xi <= seen_min[i] - step) is None:
                    return self._search(lambda v: check(xi <= v, i),
                                        max(0, seen_min[i] - step + 1), seen_min[i])
                step *= 2
            lb = ceil(lp_opt(i, False))
            return self._search(lambda v: check(xi <= v, i), lb, seen_min[i])

        out = {}
        for i, k in enumerate(m.keys):
            hi = None if i in unbounded else gallop_max(i)
            out[k] = (gallop_min(i), hi)
        return out

    # -- gaps --------------------------------------------------------------

    def gap(self, claim_indices) -> int:
        """Least L1 relaxation of the claims' integer bounds making them hold
        together with the relations (elastic variables on each side)."""
        m = self.m

        def elastic(prefix, sort):
            text, slack = [], []
            for i in claim_indices:
                c = m.claims[i]
                e = m.claim_sum(c, prefix)
                lo_s, hi_s = f"s{prefix}lo{i}", f"s{prefix}hi{i}"
                text.append(f"(declare-const {lo_s} {sort})(assert (>= {lo_s} 0))"
                            f"(assert (>= (+ {e} {lo_s}) {smt_int(c.lower)}))")
                slack.append(lo_s)
                if c.upper is not None:
                    text.append(f"(declare-const {hi_s} {sort})(assert (>= {hi_s} 0))"
                                f"(assert (<= (- {e} {hi_s}) {smt_int(c.upper)}))")
                    slack.append(hi_s)
            total = slack[0] if len(slack) == 1 else "(+ " + " ".join(slack) + ")"
            text.append(f"(declare-const {prefix}total {sort})(assert (= {prefix}total {total}))")
            return "".join(text)

        solver = z3.SimpleSolver()
        solver.from_string(self.x_decl + self.x_hard + elastic("x", "Int"))
        total = z3.Int("xtotal")
        self.checks += 1
        if solver.check() != z3.sat:
            raise RuntimeError("the elastic problem is infeasible")
        hi = solver.model().eval(total, model_completion=True).as_long()
        lp = z3.Optimize()
        lp.from_string(m.declarations("r", "Real") + m.hard_text("r") + elastic("r", "Real"))
        rtotal = z3.Real("rtotal")
        lp.minimize(rtotal)
        self.optimizations += 1
        if lp.check() != z3.sat:
            raise RuntimeError("the elastic LP is infeasible")
        lo = ceil(lp.model().eval(rtotal, model_completion=True).as_fraction())

        def check(v):
            self.checks += 1
            solver.push()
            solver.add(total <= v)
            r = solver.check()
            got = solver.model().eval(total, model_completion=True).as_long() if r == z3.sat else None
            solver.pop()
            if r == z3.unknown:
                raise RuntimeError("z3 unknown on a gap")
            return got

        return self._search(check, lo, hi)

    # -- estimates ---------------------------------------------------------

    def estimates(self, active) -> dict:
        """(quantity, time label) -> the value the count takes in every integer
        point closest to the stated figures of the active claims (weighted L1
        distance), or None when those points differ on it."""
        m = self.m
        claims = [m.claims[i] for i in sorted(active)]
        figures = [c for c in claims if c.figure is not None]
        scale = 1
        for c in figures:
            scale = scale * c.weight.denominator // math.gcd(scale, c.weight.denominator)
        text = [self.x_decl, self.x_hard] + [f"(assert {m.claim_text(c, 'x')})" for c in claims]
        cost = []
        for j, c in enumerate(figures):
            e, sum_text, target = f"e{j}", m.claim_sum(c, "x"), smt_int(c.figure)
            text.append(f"(declare-const {e} Int)(assert (>= {e} (- {sum_text} {target})))"
                        f"(assert (>= {e} (- {target} {sum_text})))")
            cost.append(f"(* {int(c.weight * scale)} {e})")
        objective = "0" if not cost else cost[0] if len(cost) == 1 else "(+ " + " ".join(cost) + ")"
        text.append(f"(declare-const obj Int)(assert (= obj {objective}))")
        solver = z3.SimpleSolver()
        solver.from_string("".join(text))
        obj = z3.Int("obj")

        def check(v):
            self.checks += 1
            r = solver.check(obj <= v)
            if r == z3.unknown:
                raise RuntimeError("z3 unknown on an estimate")
            return solver.model().eval(obj, model_completion=True).as_long() if r == z3.sat else None

        r = solver.check()
        if r != z3.sat:
            raise RuntimeError("estimates asked of claims that cannot all hold")
        hi = solver.model().eval(obj, model_completion=True).as_long()
        best = self._search(check, 0, hi)
        solver.add(obj <= best)
        if solver.check() != z3.sat:
            raise RuntimeError("z3 lost the optimum of an estimate")
        point = solver.model()
        values = [point.eval(x, model_completion=True).as_long() for x in self.x]
        out = {}
        for i, key in enumerate(m.keys):
            self.checks += 1
            r = solver.check(self.x[i] != values[i])
            if r == z3.unknown:
                raise RuntimeError("z3 unknown on an estimate")
            out[key] = values[i] if r == z3.unsat else None
        return out

    # -- everything --------------------------------------------------------

    def verdict(self) -> dict:
        m = self.m
        n = len(m.claims)
        ids = [c.id for c in m.claims]
        out = {"time_points": list(m.time_points)}
        if self.feasible(range(n)):
            out["status"] = "consistent"
            out["conflicts"] = []
            out["corrections"] = []
            out["adopted"] = None
            dropped = set()
            in_conflict = set()
        else:
            out["status"] = "conflicting"
            muses, mcses = self.enumerate_conflicts()
            conflicts = []
            for mus in muses:
                conflicts.append({"claims": sorted(ids[i] for i in mus), "gap": self.gap(mus),
                                  "indices": sorted(mus)})
            conflicts.sort(key=lambda c: c["claims"])
            corrections = []
            for mcs in mcses:
                corrections.append({"drop": sorted(ids[i] for i in mcs),
                                    "weight": sum((m.claims[i].weight for i in mcs), Fraction(0)),
                                    "indices": sorted(mcs)})
            corrections.sort(key=lambda c: (c["weight"], len(c["drop"]), c["drop"]))
            out["conflicts"] = conflicts
            out["corrections"] = corrections
            out["adopted"] = corrections[0]
            # another correction of the same least weight: only the tie-break chose
            out["adopted_tie"] = sum(c["weight"] == corrections[0]["weight"] for c in corrections) > 1
            dropped = set(corrections[0]["indices"])
            in_conflict = {i for mus in muses for i in mus}
        out["ranges"] = self.ranges([i for i in range(n) if i not in dropped])
        out["estimates"] = self.estimates([i for i in range(n) if i not in dropped])
        out["claims"] = [{"id": c.id, "as_of": c.time, **({} if c.since is False else {"since": c.since}),
                          "min": c.lower, "max": c.upper,
                          "weight": c.weight, "in_force": c.index not in dropped,
                          "in_conflict": c.index in in_conflict,
                          "terms": [(q, c.time) for q in c.quantities],
                          "minus_terms": [] if c.since is False else [(q, c.since) for q in c.quantities]}
                         for c in m.claims]
        # the relations as rows over (quantity, time point) keys, for checking
        # that the estimates are one solution of the claims in force
        out["rows"] = [(list(left), sense, list(right)) for left, sense, right in m.rows]
        out["quantities"] = list(m.quantities)
        return out


def neg(v):
    return None if v is None else -v


def verdict_of_text(text: str, default_tolerance: Fraction = DEFAULT_TOLERANCE) -> dict:
    return Oracle(load_document(text), default_tolerance).verdict()


def printable(v: dict) -> dict:
    """The verdict in the result's JSON shape (for reading and for files)."""
    return {
        "status": v["status"],
        "time_points": [t if t is not None else "final" for t in v["time_points"]],
        "ranges": [{"quantity": q, "as_of": t, "min": lo, "max": hi}
                   for (q, t), (lo, hi) in v["ranges"].items()],
        "conflicts": [{"claims": c["claims"], "gap": c["gap"]} for c in v["conflicts"]],
        "corrections": [{"drop": c["drop"], "weight": exact_decimal_string(c["weight"])}
                        for c in v["corrections"]],
        "adopted": None if v["adopted"] is None else
        {"drop": v["adopted"]["drop"], "weight": exact_decimal_string(v["adopted"]["weight"])},
    }


SELF_TEST_TIMEOUT_MS = 5000


def self_test(count: int, seed: int) -> int:
    """Checks the fast paths above against slow, plain methods on generated
    documents with small numbers: every bound by z3's integer Optimize (one
    objective per check), every MUS and MCS by enumerating all subsets of
    claims, every gap by Optimize. Returns the number of disagreements."""
    import itertools
    import generate

    bad = 0
    done = 0
    timeouts = 0
    i = 0
    while done < count:
        i += 1
        conflicting = i % 2 == 0
        text = generate.document(seed, i, conflicting)
        doc = load_document(text)
        if len(doc["claims"]) > 11 or any(
                isinstance(c["value"], int) and c["value"] > 10**6 for c in doc["claims"]):
            continue
        done += 1
        o = Oracle(doc)
        v = o.verdict()
        m = o.m
        n = len(m.claims)
        # subsets
        feas = {}
        for r in range(n + 1):
            for s in itertools.combinations(range(n), r):
                feas[s] = o.feasible(s)
        muses = sorted(list(s) for s, f in feas.items()
                       if not f and all(feas[tuple(x for x in s if x != e)] for e in s))
        mss = [s for s, f in feas.items() if f and all(
            not feas[tuple(sorted(s + (e,)))] for e in range(n) if e not in s)]
        mcses = sorted([i2 for i2 in range(n) if i2 not in s] for s in mss)
        if v["status"] == "conflicting":
            got_mus = sorted(c["indices"] for c in v["conflicts"])
            got_mcs = sorted(c["indices"] for c in v["corrections"])
        else:
            got_mus, got_mcs = [], [[]]
        problems = []
        if got_mus != muses:
            problems.append(f"MUS {got_mus} != {muses}")
        if got_mcs != mcses:
            problems.append(f"MCS {got_mcs} != {mcses}")
        # gaps by Optimize
        for c in v["conflicts"]:
            opt = z3.Optimize()
            opt.set(timeout=SELF_TEST_TIMEOUT_MS)
            opt.from_string(o.x_decl + o.x_hard)
            slack = []
            for j in c["indices"]:
                cl = m.claims[j]
                e = z3.Sum([o.x[m.index[(q, cl.time)]] for q in cl.quantities])
                if cl.since is not False:
                    e = e - z3.Sum([o.x[m.index[(q, cl.since)]] for q in cl.quantities])
                a = z3.Int(f"a{j}")
                b = z3.Int(f"b{j}")
                opt.add(a >= 0, b >= 0, e + a >= cl.lower)
                if cl.upper is not None:
                    opt.add(e - b <= cl.upper)
                slack += [a, b]
            h = opt.minimize(z3.Sum(slack))
            if opt.check() != z3.sat:
                timeouts += 1
                continue
            if h.value().as_long() != c["gap"]:
                problems.append(f"gap of {c['claims']}: {c['gap']} != {h.value()}")
        # ranges by Optimize
        dropped = set(v["adopted"]["indices"]) if v["adopted"] else set()
        opt = z3.Optimize()
        opt.set(timeout=SELF_TEST_TIMEOUT_MS)
        opt.from_string(o.x_decl + o.x_hard)
        for c in m.claims:
            if c.index not in dropped:
                opt.from_string(o.x_decl + f"(assert {m.claim_text(c, 'x')})")
        for j, k in enumerate(m.keys):
            lo, hi = v["ranges"][k]
            opt.push()
            h = opt.minimize(o.x[j])
            if opt.check() != z3.sat:
                timeouts += 1
            elif h.value().as_long() != lo:
                problems.append(f"min {k}: {lo} != {h.value()}")
            opt.pop()
            opt.push()
            h = opt.maximize(o.x[j])
            if opt.check() != z3.sat:
                timeouts += 1
                opt.pop()
                continue
            val = h.value()
            want = None if "oo" in str(val) else val.as_long()
            if want != hi:
                problems.append(f"max {k}: {hi} != {val}")
            opt.pop()
        if problems:
            bad += 1
            print(f"self-test document {i}: " + "; ".join(problems))
            print(text, flush=True)
    print(f"self-test: {done} documents, {bad} disagreements "
          f"({timeouts} Optimize calls gave up after {SELF_TEST_TIMEOUT_MS} ms)")
    return bad


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--self-test":
        n = int(sys.argv[2]) if len(sys.argv) > 2 else 100
        s = int(sys.argv[3]) if len(sys.argv) > 3 else 1
        sys.exit(1 if self_test(n, s) else 0)
    if len(sys.argv) != 2:
        sys.exit("usage: oracle.py DOC.json | oracle.py --self-test [COUNT [SEED]]")
    with open(sys.argv[1], encoding="utf-8") as f:
        print(json.dumps(printable(verdict_of_text(f.read())), indent=1, ensure_ascii=False))
