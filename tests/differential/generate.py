"""A seeded random generator of valid tally/1 claims documents.

Each document is built around a hidden integer solution, so that it is
consistent by construction unless asked to be otherwise:

- a world of "atoms" (disjoint groups of people) whose counts evolve over the
  document's time points (non-decreasing when any running count contains
  them, free otherwise);
- quantities are unions of atoms: trees of dotted ids (whole/parts relations,
  exhaustive or not, or only the implicit child ≤ parent), cross-
  classifications (one whole split by side and by age), sums of roots
  ("casualties" = killed + injured), stocks that can fall ("held",
  "missing", declared "cumulative": false) with subset relations into them;
- claims on one quantity or a list of them (a sum), at dated points
  (dates, date-times, two spellings of one instant), or the final figure
  (no as_of, or dated on or after event.end), or the change of running
  counts since an earlier date ("since"), with every qualifier,
  fractional values (99.5), tolerances (0.15), weights and reliabilities,
  and now and then values beyond 2^64.

With conflicting=True, one to three claims are then moved off the hidden
solution (the document usually, not always, becomes conflicting: the oracle
decides). Usage as a script:
    generate.py --seed S --count N [--conflicting]   (JSON lines on stdout)
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
from fractions import Fraction

ROOTS = ["killed", "injured", "wounded", "arrested", "displaced", "deaths"]
STOCKS = ["held", "missing", "detained", "hospitalised"]
CHILDREN = ["isis", "kurdish_forces", "civilians", "security", "inmates", "staff", "police",
            "army", "militia", "foreign", "local", "guards", "unknown", "fighters", "medics"]
SIDES = ["side_a", "side_b", "side_c", "side_d"]
AGES = ["adults", "children", "elderly"]
SOURCE_IDS = ["sohr", "officials", "report", "ucdp", "acled", "local-media", "ngo", "un"]
RELIABILITIES = [None, None, "0.8", "0.5", "0.3", "1", "0.65", "0.9", "0.25", "0.1", "0.35", "0.7"]
WEIGHTS = ["0.2", "0.75", "1", "0.45", "0.6", "0.05", "0.3"]
TOLERANCES = ["0.15", "0.05", "0.2", "0", "0.25", "0.5", "0.125", "0.3"]


class Num:
    """A JSON number written exactly as `text` (e.g. "99.5", "1e3")."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self):
        return self.text


def dumps(v) -> str:
    """Compact JSON with Num written verbatim (json cannot do that)."""
    if isinstance(v, Num):
        return v.text
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k) + ":" + dumps(x) for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ",".join(dumps(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)


def frac_text(f: Fraction, rng: random.Random) -> str:
    """A JSON number for f, which must have a terminating decimal expansion."""
    f = Fraction(f)
    if f.denominator == 1:
        n = f.numerator
        if n >= 1000 and n % 100 == 0 and rng.random() < 0.1:
            k = 0
            while n % 10 == 0:
                n //= 10
                k += 1
            return f"{n}e{k}"
        return str(n)
    # terminating decimal
    for digits in range(1, 30):
        s = f * 10**digits
        if s.denominator == 1:
            n = s.numerator
            txt = str(n).rjust(digits + 1, "0")
            txt = txt[:-digits] + "." + txt[-digits:]
            if rng.random() < 0.05:
                return f"{n}E-{digits}"
            return txt
    raise ValueError(f"{f} has no short decimal")


def ceil(f):
    f = Fraction(f)
    return -((-f.numerator) // f.denominator)


def floor(f):
    f = Fraction(f)
    return f.numerator // f.denominator


class World:
    """Quantities as unions of atoms; relations that are true of them."""

    def __init__(self, rng: random.Random, budget: int):
        self.rng = rng
        self.budget = budget
        self.sets = {}  # quantity id -> frozenset of atoms
        self.atoms = 0
        self.relations = []
        self.noncumulative = set()
        self.declared = []

    def atom(self):
        self.atoms += 1
        return self.atoms - 1

    def room(self):
        return self.budget - len(self.sets)

    def add(self, name, atoms):
        self.sets[name] = frozenset(atoms)

    def fresh_child(self, parent):
        taken = {q.rsplit(".", 1)[-1] for q in self.sets if q.startswith(parent + ".")}
        free = [c for c in CHILDREN if c not in taken]
        return parent + "." + self.rng.choice(free)

    def tree(self, node, depth):
        """node gets children (some with children); returns its atom set."""
        rng = self.rng
        k = rng.randint(2, 4)
        if depth > 2 or self.room() < k + 1 or rng.random() < 0.25 * depth:
            a = {self.atom()}
            self.add(node, a)
            return a
        self.add(node, set())  # reserve the name
        kids = []
        for _ in range(k):
            kid = self.fresh_child(node)
            self.add(kid, set())
            kids.append(kid)
        atoms = set()
        kid_sets = []
        for kid in kids:
            s = self.tree(kid, depth + 1)
            kid_sets.append(s)
            atoms |= s
        exhaustive = rng.random() < 0.6
        if not exhaustive:
            atoms.add(self.atom())  # people in no listed part
        self.add(node, atoms)
        style = rng.random()
        if style < 0.8:
            rel = {"whole": node, "parts": kids}
            if not exhaustive:
                rel["exhaustive"] = False
            elif rng.random() < 0.15:
                rel["exhaustive"] = True
            self.relations.append(rel)
        # else: only the implicit child ≤ parent of dotted ids
        return atoms

    def cross(self, root):
        """root = Σ by side = Σ by age, cells as atoms."""
        rng = self.rng
        ns = rng.randint(2, 3)
        na = rng.randint(2, 3)
        if self.room() < 1 + ns + na:
            return self.tree(root, 3)
        sides = rng.sample(SIDES, ns)
        ages = rng.sample(AGES, na)
        cell = {(s, a): self.atom() for s in sides for a in ages}
        for s in sides:
            self.add(f"{root}.{s}", {cell[(s, a)] for a in ages})
        for a in ages:
            self.add(f"{root}.{a}", {cell[(s, a)] for s in sides})
        self.add(root, set(cell.values()))
        self.relations.append({"whole": root, "parts": [f"{root}.{s}" for s in sides]})
        self.relations.append({"whole": root, "parts": [f"{root}.{a}" for a in ages]})
        # a few cells as quantities: side.age ⊆ age total (a subset relation)
        for s in sides:
            for a in ages:
                if self.room() > 0 and rng.random() < 0.25:
                    q = f"{root}.{s}.{a}"
                    self.add(q, {cell[(s, a)]})
                    self.relations.append({"subset": q, "of": f"{root}.{a}"})
        return self.sets[root]

    def build(self):
        rng = self.rng
        roots = rng.sample(ROOTS, rng.randint(1, 3))
        built = []
        for r in roots:
            if self.room() <= 0:
                break
            pick = rng.random()
            if pick < 0.3 and self.room() >= 6:
                self.cross(r)
            elif pick < 0.85:
                self.tree(r, 0)
            else:
                self.add(r, {self.atom()})
            built.append(r)
        # a sum of roots
        if len(built) >= 2 and self.room() > 0 and rng.random() < 0.5:
            parts = rng.sample(built, 2)
            whole = "casualties"
            atoms = set().union(*(self.sets[p] for p in parts))
            rel = {"whole": whole, "parts": parts}
            if rng.random() < 0.4:
                atoms.add(self.atom())
                rel["exhaustive"] = False
            self.add(whole, atoms)
            self.relations.append(rel)
        # stocks that can fall, with subset relations into them
        if self.room() > 0 and rng.random() < 0.55:
            stock = rng.choice(STOCKS)
            members = [q for q in self.sets if "." in q]
            inner = rng.sample(members, min(len(members), rng.randint(0, 2)))
            atoms = {self.atom()}
            for q in inner:
                atoms |= self.sets[q]
                self.relations.append({"subset": q, "of": stock})
            self.add(stock, atoms)
            self.noncumulative.add(stock)
            if self.room() > 0 and rng.random() < 0.4:
                child = stock + "." + rng.choice(CHILDREN)
                self.add(child, {self.atom()})
                self.sets[stock] = self.sets[stock] | self.sets[child]
                if rng.random() < 0.5:
                    self.noncumulative.add(child)
        # other quantities that can fall
        for q in list(self.sets):
            if rng.random() < 0.08:
                self.noncumulative.add(q)
        # redundant subset relations that hold anyway
        names = list(self.sets)
        for _ in range(rng.randint(0, 2)):
            a, b = rng.sample(names, 2) if len(names) >= 2 else (None, None)
            if a and self.sets[a] and self.sets[a] <= self.sets[b] and a != b:
                self.relations.append({"subset": a, "of": b})
        # prefixes of dotted ids must be unions of their children: they are
        # by construction (a tree node's atoms include its children's).
        for q in self.sets:
            if "." in q:
                parent = q.rsplit(".", 1)[0]
                assert self.sets[q] <= self.sets[parent], (q, parent)
        for q in sorted(self.sets):
            if q in self.noncumulative or rng.random() < 0.2:
                d = {"id": q}
                if rng.random() < 0.6:
                    d["label"] = q.replace(".", " ").replace("_", " ")
                if q in self.noncumulative:
                    d["cumulative"] = False
                elif rng.random() < 0.2:
                    d["cumulative"] = True
                self.declared.append(d)
        rng.shuffle(self.declared)


class Timeline:
    """Dated points in order, event.end, and texts for each point."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        base = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randint(0, 3000))
        k = rng.choice([0, 1, 1, 2, 2, 3, 3, 4])
        # candidate instants: (day offset, seconds or None)
        cands = []
        day = 0
        for _ in range(k):
            day += rng.choice([0, 0, 1, 1, 3, 8])
            if rng.random() < 0.45:
                cands.append((day, rng.choice([0, 6, 9, 12, 18, 23]) * 3600 + rng.choice([0, 0, 30]) * 60
                              + rng.choice([0, 0, 0, 15])))
            else:
                cands.append((day, None))
        uniq = {}
        for d, s in cands:
            key = (d, 86400 if s is None else s)
            uniq[key] = (d, s)
        self.points = [uniq[k] for k in sorted(uniq)]
        self.base = base
        self.end = None
        self.final_texts = [None]
        if rng.random() < 0.55:
            # event.end after every dated point
            if self.points:
                lastday, lasts = self.points[-1]
            else:
                lastday, lasts = 0, 0
            if lasts is None:
                endday, ends = lastday + rng.choice([1, 2]), None
            elif rng.random() < 0.5:
                endday, ends = lastday, None  # end of the last point's day
            else:
                endday = lastday
                ends = min(86399, lasts + rng.choice([1, 60, 3600]))
            if ends is not None and ends >= 86400:
                endday, ends = endday + 1, None
            self.end = (endday, ends)
            # texts that speak of final: on or after the end
            ft = [None, (endday, ends)]
            if ends is None:
                ft += [(endday + 1, rng.choice([0, 3600 * 9])), (endday + 2, None)]
            else:
                ft += [(endday, None), (endday, min(86399, ends + 60)), (endday + 1, None)]
            self.final_texts = ft

    def text(self, inst, alt=False):
        day, s = inst
        d = self.base + datetime.timedelta(days=day)
        if s is None:
            return d.isoformat()
        h, mi, sec = s // 3600, (s % 3600) // 60, s % 60
        if sec or alt:
            return f"{d.isoformat()}T{h:02d}:{mi:02d}:{sec:02d}"
        return f"{d.isoformat()}T{h:02d}:{mi:02d}"


def counts_someone_twice(world, qs) -> bool:
    """True when one of qs contains another (dotted ancestor, or whole of a
    relation it is a part or subset of): a change of such a sum is refused."""
    wholes = {}
    for r in world.relations:
        for part in (r["parts"] if "whole" in r else [r["subset"]]):
            wholes.setdefault(part, []).append(r["whole"] if "whole" in r else r["of"])

    def containers(q):
        found, pending = set(), [q]
        while pending:
            x = pending.pop()
            ups = ([x.rsplit(".", 1)[0]] if "." in x else []) + wholes.get(x, [])
            for w in ups:
                if w not in found:
                    found.add(w)
                    pending.append(w)
        return found

    return any(b in containers(a) for a in qs for b in qs if a != b)


def claim_value(rng, q, E, tol_default=Fraction(1, 10)):
    """A claim record's number fields for qualifier q, true of E (or None)."""
    E = int(E)
    frac = rng.random() < 0.35
    half = Fraction(1, 2)
    for _ in range(20):
        d = {}
        if q == "exactly":
            d["value"] = Fraction(E)
        elif q == "at_least":
            v = E - rng.choice([0, 0, 0, 1, 2, max(1, E // 10)])
            v = Fraction(max(v, 0))
            if frac and v > 0:
                v -= half
            d["value"] = v
        elif q == "more_than":
            v = E - rng.choice([1, 1, 2, max(1, E // 10)])
            if v < 0:
                return None
            v = Fraction(v)
            if frac:
                v += half
            d["value"] = v
        elif q == "at_most":
            v = Fraction(E + rng.choice([0, 0, 1, 3, max(1, E // 10)]))
            if frac:
                v += half
            d["value"] = v
        elif q == "fewer_than":
            v = Fraction(E + rng.choice([1, 1, 2, max(1, E // 5)]))
            if frac:
                v -= half
            d["value"] = v
        elif q == "between":
            lo = Fraction(max(0, E - rng.choice([0, 1, 5, max(1, E // 4)])))
            hi = Fraction(E + rng.choice([0, 1, 5, max(1, E // 4)]))
            if frac:
                lo = max(Fraction(0), lo - half)
                hi += half
            d["value"], d["upper"] = lo, hi
        elif q in ("about", "nearly"):
            tau = tol_default
            if rng.random() < 0.4:
                t = rng.choice(TOLERANCES)
                d["tolerance"] = Fraction(t)
                tau = Fraction(t)
            if q == "about":
                spread = int(E * tau)
                v = Fraction(E + rng.randint(-spread, spread)) if spread else Fraction(E)
            else:
                spread = int(E * tau)
                v = Fraction(E + rng.randint(0, spread))
            if frac:
                v += rng.choice([half, Fraction(1, 4), -half])
            if v < 0:
                v = Fraction(0)
            d["value"] = v
        if ok(q, d, E, tol_default):
            return d
    return None


def bounds(q, d, tol_default=Fraction(1, 10)):
    v = d["value"]
    tau = d.get("tolerance", tol_default)
    if q == "exactly":
        return v, v
    if q == "at_least":
        return ceil(v), None
    if q == "more_than":
        return floor(v) + 1, None
    if q == "at_most":
        return 0, floor(v)
    if q == "fewer_than":
        return 0, ceil(v) - 1
    if q == "between":
        return ceil(v), floor(d["upper"])
    if q == "about":
        return ceil(v * (1 - tau)), floor(v * (1 + tau))
    return ceil(v * (1 - tau)), floor(v)


def ok(q, d, E, tol_default=Fraction(1, 10)):
    lo, hi = bounds(q, d, tol_default)
    return lo <= E and (hi is None or E <= hi)


QUALIFIERS = ["exactly"] * 5 + ["at_least"] * 3 + ["more_than", "at_most", "fewer_than", "between",
                                                     "about", "about", "nearly"]


def generate(rng: random.Random, conflicting: bool) -> str:
    """One document's JSON text."""
    budget = rng.randint(3, 15)
    world = World(rng, budget)
    world.build()
    tl = Timeline(rng)
    names = list(world.sets)

    # The semantic time points: the dated ones, and final.
    npts = len(tl.points)
    sem = list(range(npts)) + ["final"]

    # Hidden solution per atom per semantic point.
    scale = rng.random()
    if scale < 0.08:
        big = 10 ** rng.randint(19, 26)
        def draw():
            return rng.randint(0, 3) * big + rng.randint(0, big)
    elif scale < 0.3:
        def draw():
            return rng.randint(0, 3)
    elif scale < 0.75:
        def draw():
            return rng.randint(0, 60)
    else:
        def draw():
            return rng.randint(0, 5000)
    monotone = {}
    for a in range(world.atoms):
        monotone[a] = any(a in world.sets[q] for q in world.sets if q not in world.noncumulative)
    atomval = {}
    for a in range(world.atoms):
        series = []
        cur = draw() if rng.random() < 0.8 else 0
        for _ in sem:
            if monotone[a]:
                if rng.random() < 0.5:
                    cur += draw() // 3
            else:
                cur = draw() if rng.random() < 0.7 else cur
            series.append(cur)
        atomval[a] = series

    def value(q, pi):
        return sum(atomval[a][pi] for a in world.sets[q])

    # Sources.
    nsrc = rng.randint(1, 4)
    srcs = []
    for sid in rng.sample(SOURCE_IDS, nsrc):
        s = {"id": sid, "name": sid.upper() + " (" + sid + ")"}
        rel = rng.choice(RELIABILITIES)
        if rel is not None:
            s["reliability"] = Num(rel)
        if rng.random() < 0.1:
            s["x"] = {"url": "https://example.org/" + sid}
        srcs.append(s)

    # Claims.
    nclaims = rng.randint(2, 10)
    claims = []
    hidden = []
    id_style = rng.random()
    used_ids = set()
    for ci in range(nclaims):
        src = rng.choice(srcs)["id"]
        if rng.random() < 0.2 and len(names) >= 2:
            qs = rng.sample(names, rng.randint(2, min(3, len(names))))
        else:
            qs = [rng.choice(names)]
        # time point
        if rng.random() < 0.3 or npts == 0:
            pi = len(sem) - 1  # final
            ftxt = rng.choice(tl.final_texts)
            as_of = None if ftxt is None else tl.text(ftxt)
        else:
            pi = rng.randrange(npts)
            as_of = tl.text(tl.points[pi], alt=rng.random() < 0.3)
        E = sum(value(q, pi) for q in qs)
        # now and then a change of running counts since an earlier date
        since = None
        if (pi > 0 and all(q not in world.noncumulative for q in qs) and not counts_someone_twice(world, qs)
                and rng.random() < 0.15):
            pj = rng.randrange(min(pi, npts))
            since = tl.text(tl.points[pj], alt=rng.random() < 0.3)
            E -= sum(value(q, pj) for q in qs)
        qual = rng.choice(QUALIFIERS)
        d = claim_value(rng, qual, E)
        if d is None:
            qual = "exactly"
            d = {"value": Fraction(E)}
        if id_style < 0.5:
            cid = f"c{ci + 1}"
        else:
            cid = f"{src}-{qs[0].rsplit('.', 1)[-1]}"
            k = 2
            while cid in used_ids:
                cid = f"{src}-{qs[0].rsplit('.', 1)[-1]}-{k}"
                k += 1
        used_ids.add(cid)
        claims.append({"id": cid, "source": src, "qs": qs, "qualifier": qual, "num": d,
                       "as_of": as_of, "pi": pi, "since": since, "E": E})
        hidden.append(E)

    if conflicting:
        k = rng.choice([1, 1, 2, 2, 3])
        for c in rng.sample(claims, min(k, len(claims))):
            E = c["E"]
            d = c["num"]
            move = rng.choice([1, 1, 2, 3, 7, max(1, E // 3), max(1, E), 25])
            q = c["qualifier"]
            if q in ("exactly",):
                v = E + move if (rng.random() < 0.5 or E - move < 0) else E - move
                d["value"] = Fraction(v)
            elif q in ("at_least", "more_than"):
                d["value"] = Fraction(E + move) + (Fraction(1, 2) if rng.random() < 0.2 else 0)
            elif q in ("at_most", "fewer_than"):
                if E - move >= 0:
                    d["value"] = Fraction(E - move)
                else:
                    c["qualifier"] = "at_least"
                    d["value"] = Fraction(E + move)
            elif q == "between":
                lo = E + move
                d["value"], d["upper"] = Fraction(lo), Fraction(lo + rng.choice([0, 2, 10]))
            else:  # about / nearly: far off
                d["value"] = Fraction(E * 2 + move * 5 + 3)
        # a running count that falls, now and then
        if npts >= 2 and rng.random() < 0.3:
            cum = [q for q in names if q not in world.noncumulative]
            if cum:
                q = rng.choice(cum)
                hi_v = value(q, 1) + rng.randint(1, 9)
                claims.append({"id": f"falls-{q.rsplit('.', 1)[-1]}-early", "source": srcs[0]["id"],
                               "qs": [q], "qualifier": "exactly", "num": {"value": Fraction(hi_v)},
                               "as_of": tl.text(tl.points[0]), "pi": 0})
                claims.append({"id": f"falls-{q.rsplit('.', 1)[-1]}-late", "source": srcs[-1]["id"],
                               "qs": [q], "qualifier": "at_most",
                               "num": {"value": Fraction(max(0, hi_v - rng.randint(1, 4)))},
                               "as_of": tl.text(tl.points[1]), "pi": 1})
                # keep the claim count at most 10 (plus these two)

    # Degenerate claims now and then: an empty range conflicts alone.
    if conflicting and rng.random() < 0.05:
        q = rng.choice(names)
        qual = rng.choice(["nearly", "about", "fewer_than"])
        num = {"value": Fraction(1, 2)} if qual != "fewer_than" else {"value": Fraction(0)}
        claims.append({"id": "empty-range", "source": srcs[0]["id"], "qs": [q], "qualifier": qual,
                       "num": num, "as_of": None, "pi": len(sem) - 1})

    # Serialise.
    out_claims = []
    for c in claims:
        rec = {"id": c["id"], "source": c["source"]}
        rec["quantity"] = c["qs"][0] if len(c["qs"]) == 1 and rng.random() < 0.9 else list(c["qs"])
        rec["qualifier"] = c["qualifier"]
        rec["value"] = Num(frac_text(c["num"]["value"], rng))
        if "upper" in c["num"]:
            rec["upper"] = Num(frac_text(c["num"]["upper"], rng))
        if "tolerance" in c["num"]:
            rec["tolerance"] = Num(frac_text(c["num"]["tolerance"], rng))
        if c["as_of"] is not None:
            rec["as_of"] = c["as_of"]
        if c.get("since") is not None:
            rec["since"] = c["since"]
        if rng.random() < 0.2:
            rec["weight"] = Num(rng.choice(WEIGHTS))
        if rng.random() < 0.2:
            rec["quote"] = rng.choice(["at least 200 inmates", "« 181 morts »", "نحو ٣٠", "about 3,500"])
        if rng.random() < 0.05:
            rec["url"] = "https://example.org/a?b=1"
        if rng.random() < 0.05:
            rec["x"] = {"page": 3, "tags": ["a", 1.5]}
        out_claims.append(rec)

    doc = {"format": "tally/1"}
    event = {"id": f"event-{rng.randint(1, 10**6)}", "title": "A generated incident"}
    if rng.random() < 0.3:
        event["start"] = tl.base.isoformat()
    if tl.end is not None:
        event["end"] = tl.text(tl.end)
    doc["event"] = event
    if world.declared:
        doc["quantities"] = world.declared
    if world.relations or rng.random() < 0.5:
        rels = list(world.relations)
        rng.shuffle(rels)
        doc["relations"] = rels
    doc["sources"] = srcs
    rng.shuffle(out_claims)
    doc["claims"] = out_claims
    return dumps(doc)


def document(seed: int, index: int, conflicting: bool) -> str:
    """The document number `index` of the stream seeded with `seed`."""
    rng = random.Random(f"{seed}/{index}/{int(conflicting)}")
    return generate(rng, conflicting)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--conflicting", action="store_true")
    a = ap.parse_args()
    for i in range(a.count):
        print(document(a.seed, i, a.conflicting))


if __name__ == "__main__":
    main()
