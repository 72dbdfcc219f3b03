"""What a reconciliation reports, as Python values (spec section 3).

Every count is an exact `int` (of any size), every weight a
`fractions.Fraction`; nothing is ever a float. `as_of` is a time point label
("2022-01-26", "2022-01-26T10:00") or None for the final figure.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Mapping, Sequence

from ._exact import exact_string, to_fraction

__all__ = ["Range", "Conflict", "Correction", "Adopted", "Dispute", "ClaimOutcome", "Diagnostic", "Result", "range_text"]

_INT64 = (-(2**63), 2**63 - 1)


def _integer(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"{what} must be an integer, not {value!r}")
    return int(value)


def _optional_integer(value: Any, what: str) -> int | None:
    return None if value is None else _integer(value, what)


def _optional_string(value: Any, what: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{what} must be a string or null, not {value!r}")
    return value


def _weight(value: Any) -> Fraction:
    return to_fraction(value, "weight")


def range_text(low: int, high: int | None) -> str:
    """"181" for an exact count, "0–124" for a range, "≥ 200" when unbounded above."""
    if high is None:
        return f"≥ {low}"
    if low == high:
        return f"{low}"
    return f"{low}–{high}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem with a claims document."""

    code: str  #: a short stable kind: "unknown-key", "dangling-reference", "cycle", "syntax", …
    path: str  #: JSON Pointer to the offending value ("" for the whole document)
    line: int  #: 1-based line in the document text, 0 when unknown
    column: int  #: 1-based column, 0 when unknown
    message: str  #: what is wrong, in a full sentence
    fix: str  #: how to fix it, in a full sentence

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Diagnostic":
        return cls(code=str(d.get("code", "")), path=str(d.get("path", "")), line=int(d.get("line") or 0),
                   column=int(d.get("column") or 0), message=str(d.get("message", "")), fix=str(d.get("fix", "")))

    def __str__(self) -> str:
        place = self.path or "document"
        if self.line:
            place += f" (line {self.line}, column {self.column})" if self.column else f" (line {self.line})"
        return f"{place}: {self.message}" + (f" Fix: {self.fix}" if self.fix else "")


@dataclass(frozen=True)
class Range:
    """The tightest range of one quantity at one time point."""

    quantity: str
    as_of: str | None  #: time point label, None for the final figure
    min: int
    max: int | None  #: None: no upper bound follows from the claims
    #: the one value every closest fit to the stated figures in force gives
    #: the count (docs/method.md, section 5); None when they support none
    estimate: int | None = None
    #: why estimate is None: "no-figure" (no claim in force gives a figure
    #: bearing on it), "tie" (the figures fit equally well with several
    #: values), "search-limit", "not-computed" (estimates off); None when
    #: there is an estimate
    no_estimate: str | None = None

    @property
    def exact(self) -> bool:
        """True when the claims fix the count: min == max."""
        return self.max is not None and self.min == self.max

    def __str__(self) -> str:
        return f"{self.quantity} @ {self.as_of or 'final'}: {range_text(self.min, self.max)}"


@dataclass(frozen=True)
class Conflict:
    """A minimal set of claims that cannot all be true (relations always hold)."""

    claims: tuple[str, ...]  #: claim ids, sorted
    gap: int  #: by how many people the claims are apart (≥ 1)
    explanation: str  #: the contradiction derived step by step, as one paragraph
    steps: tuple[str, ...] = ()  #: the same derivation, one sentence per step


@dataclass(frozen=True)
class Correction:
    """A minimal set of claims whose removal leaves the rest consistent."""

    drop: tuple[str, ...]  #: claim ids, sorted
    weight: Fraction  #: the sum of the dropped claims' weights


@dataclass(frozen=True)
class Adopted:
    """The adopted correction: the cheapest of all corrections, with its proof."""

    drop: tuple[str, ...]  #: claim ids, sorted
    weight: Fraction  #: the sum of the dropped claims' weights
    optimal: bool = True  #: no correction weighs less (lower_bound == weight)
    lower_bound: Fraction = Fraction(0)  #: every correction weighs at least this
    tie: bool | None = False  #: another correction weighs the same (None: not decided in time)
    proof_conflicts: int = 0  #: how many conflicts the proof rests on

    def as_correction(self) -> Correction:
        return Correction(drop=self.drop, weight=self.weight)


@dataclass(frozen=True)
class Dispute:
    """Claims whose conflicts are independent of all others: a correction of
    the document is one correction of each dispute."""

    claims: tuple[str, ...]
    corrections: tuple[Correction, ...]
    adopted: Correction  #: its part of the adopted correction
    complete: bool = True


@dataclass(frozen=True)
class ClaimOutcome:
    """What became of one input claim."""

    id: str
    source: str
    quantity: tuple[str, ...]  #: the claimed count is the sum of these quantities
    as_of: str | None  #: time point the claim speaks of, None for the final figure
    min: int  #: the integer constraint the claim became: min ≤ count ≤ max
    max: int | None
    weight: Fraction
    in_force: bool  #: False when the adopted correction drops it
    in_conflict: bool  #: True when it belongs to at least one conflict
    constraint: str  #: the constraint in words, e.g. "killed.isis.inmates ≥ 200"
    quote: str = ""
    url: str = ""
    note: str = ""
    language: str = ""
    since: str | None = None  #: for a change: the date it runs from (to as_of); None for a count itself


def _correction(d: Mapping[str, Any] | None) -> Correction | None:
    if d is None:
        return None
    return Correction(drop=tuple(d["drop"]), weight=_weight(d["weight"]))


def _adopted(d: Mapping[str, Any] | None) -> Adopted | None:
    if d is None:
        return None
    weight = _weight(d["weight"])
    return Adopted(drop=tuple(d["drop"]), weight=weight, optimal=bool(d.get("optimal", True)),
                   lower_bound=_weight(d.get("lower_bound", weight)), tie=d.get("tie", False),
                   proof_conflicts=int(d.get("proof_conflicts", 0)))


def _dispute(d: Mapping[str, Any]) -> Dispute:
    return Dispute(claims=tuple(d["claims"]), corrections=tuple(_correction(c) for c in d["corrections"]),
                   adopted=_correction(d["adopted"]), complete=bool(d.get("complete", True)))


@dataclass(eq=False)
class Result:
    """The outcome of `tally.reconcile`: status, ranges, conflicts, corrections,
    the adopted correction and the fate of every claim."""

    #: "consistent", "conflicting" or "invalid"; from reconcile_many also
    #: "time_limit" (stopped at its time limit) or "error" (a fault of tally)
    status: str
    complete: bool = True  #: False when an enumeration cap was hit
    time_points: list[str] = field(default_factory=list)  #: in order, "final" last when present
    ranges: list[Range] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)  #: cheapest first
    adopted: Adopted | None = None  #: the cheapest correction of all, proven; None when consistent
    disputes: list[Dispute] = field(default_factory=list)  #: independent disputes, each with its corrections
    claims: list[ClaimOutcome] = field(default_factory=list)  #: every input claim, in input order
    diagnostics: list[Diagnostic] = field(default_factory=list)  #: why the document is invalid
    statistics: dict[str, int] = field(default_factory=dict)
    #: The reconciled document as a dict, when known (labels, source names).
    document: dict[str, Any] | None = field(default=None, repr=False)
    #: From reconcile_many: the document's place in the input (from 1) and its
    #: event id; why it was stopped or failed ("time_limit", "error").
    line: int | None = None
    event: str | None = None
    message: str = ""

    # --- construction -----------------------------------------------------

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], document: Mapping[str, Any] | None = None) -> "Result":
        """A Result from the contract's JSON shape (`tally reconcile --format
        json` parsed with json.loads, or `Result.to_dict()`); weights may be
        exact strings ("0.5", "1/3") or Fractions. Anything else raises
        TypeError (not a dict) or ValueError (a dict that is not a result)."""
        if not isinstance(d, Mapping):
            raise TypeError(f"a result must be a dict in the shape of tally's JSON report, not {type(d).__name__}")
        if not isinstance(d.get("status"), str):
            raise ValueError("not a tally result: it has no \"status\" (expected the JSON report of tally reconcile)")
        try:
            return cls._from_mapping(d, document)
        except (KeyError, TypeError, AttributeError) as wrong:
            raise ValueError(f"not a tally result: {type(wrong).__name__} {wrong} in its fields") from wrong

    @classmethod
    def _from_mapping(cls, d: Mapping[str, Any], document: Mapping[str, Any] | None) -> "Result":
        ranges = [
            Range(quantity=r["quantity"], as_of=r.get("as_of"), min=_integer(r["min"], "min"),
                  max=_optional_integer(r.get("max"), "max"), estimate=_optional_integer(r.get("estimate"), "estimate"),
                  no_estimate=_optional_string(r.get("no_estimate"), "no_estimate"))
            for r in d.get("ranges", [])
        ]
        conflicts = [
            Conflict(claims=tuple(c["claims"]), gap=_integer(c["gap"], "gap"),
                     explanation=c.get("explanation", ""), steps=tuple(c.get("steps", [])))
            for c in d.get("conflicts", [])
        ]
        claims = [
            ClaimOutcome(
                id=c["id"], source=c.get("source", ""),
                quantity=tuple([c["quantity"]] if isinstance(c["quantity"], str) else c["quantity"]),
                as_of=c.get("as_of"), min=_integer(c["min"], "min"), max=_optional_integer(c.get("max"), "max"),
                weight=_weight(c["weight"]), in_force=bool(c.get("in_force", True)),
                in_conflict=bool(c.get("in_conflict", False)), constraint=c.get("constraint", ""),
                quote=c.get("quote") or "", url=c.get("url") or "", note=c.get("note") or "",
                language=c.get("language") or "", since=_optional_string(c.get("since"), "since"),
            )
            for c in d.get("claims", [])
        ]
        return cls(
            status=d["status"],
            complete=bool(d.get("complete", True)),
            time_points=list(d.get("time_points", [])),
            ranges=ranges,
            conflicts=conflicts,
            corrections=[_correction(c) for c in d.get("corrections", [])],
            adopted=_adopted(d.get("adopted")),
            disputes=[_dispute(x) for x in d.get("disputes", [])],
            claims=claims,
            diagnostics=[Diagnostic.from_dict(x) for x in d.get("diagnostics", [])],
            statistics=dict(d.get("statistics", {})),
            document=None if document is None else dict(document),
            line=d.get("line"),
            event=d.get("event"),
            message=d.get("message", ""),
        )

    @classmethod
    def from_json(cls, text: str | bytes, document: Mapping[str, Any] | None = None) -> "Result":
        """A Result from the JSON report text (counts of any size stay exact);
        ValueError when the text is not JSON or not a result, TypeError when
        it is not text."""
        if not isinstance(text, (str, bytes, bytearray)):
            raise TypeError(f"Result.from_json takes JSON text (str or bytes), not {type(text).__name__}")
        parsed = json.loads(text)
        if not isinstance(parsed, dict):
            raise ValueError(f"not a tally result: the JSON text is {type(parsed).__name__}, not an object "
                             "(expected the JSON report of tally reconcile)")
        return cls.from_dict(parsed, document)

    # --- lookups ----------------------------------------------------------

    def range(self, quantity: str, as_of: str | None = None) -> Range:
        """The range of `quantity` at `as_of` (None or "final": the final figure;
        when the document has no final point, None means its last point)."""
        wanted = None if as_of == "final" else as_of
        candidates = [r for r in self.ranges if r.quantity == quantity]
        for r in candidates:
            if r.as_of == wanted:
                return r
        if wanted is None and candidates and "final" not in self.time_points:
            return candidates[-1]
        raise KeyError(f"no range for {quantity!r} at {as_of or 'final'}")

    def claim(self, id: str) -> ClaimOutcome:
        """The outcome of the claim `id`."""
        for c in self.claims:
            if c.id == id:
                return c
        raise KeyError(f"no claim {id!r}")

    @property
    def dropped(self) -> tuple[str, ...]:
        """Ids of the claims the adopted correction drops (empty when consistent)."""
        return self.adopted.drop if self.adopted else ()

    def quantity_label(self, quantity: str) -> str:
        """The label the document declares for `quantity`, else ""."""
        for q in (self.document or {}).get("quantities", []) or []:
            if isinstance(q, Mapping) and q.get("id") == quantity:
                return str(q.get("label") or "")
        return ""

    def source_name(self, source: str) -> str:
        """The name the document gives `source`, else its id."""
        for s in (self.document or {}).get("sources", []) or []:
            if isinstance(s, Mapping) and s.get("id") == source:
                return str(s.get("name") or source)
        return source

    # --- conversion -------------------------------------------------------

    def is_adopted(self, c: Correction) -> bool:
        """True when `c` is the adopted correction."""
        return self.adopted is not None and c.drop == self.adopted.drop

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON shape: counts as int, weights as exact strings
        ("0.5", "1/3"), so that json.dumps(result.to_dict()) is the JSON report
        (led by `line` and `event` for a result of reconcile_many)."""

        def correction(c: Correction | None) -> dict[str, Any] | None:
            return None if c is None else {"drop": list(c.drop), "weight": exact_string(c.weight)}

        place = {} if self.line is None else {"line": self.line, "event": self.event}
        if self.status in ("time_limit", "stopped", "error"):  # a batch result without a reconciliation
            return {**place, "status": self.status, "message": self.message}
        return {
            **place,
            "format": "tally-result/1",
            "status": self.status,
            "complete": self.complete,
            "time_points": list(self.time_points),
            "ranges": [dataclasses.asdict(r) for r in self.ranges],
            "conflicts": [
                {"claims": list(c.claims), "gap": c.gap, "explanation": c.explanation, "steps": list(c.steps)}
                for c in self.conflicts
            ],
            "corrections": [correction(c) for c in self.corrections],
            "adopted": None if self.adopted is None else {
                **correction(self.adopted), "optimal": self.adopted.optimal,
                "lower_bound": exact_string(self.adopted.lower_bound), "tie": self.adopted.tie,
                "proof_conflicts": self.adopted.proof_conflicts},
            "disputes": [
                {"claims": list(x.claims), "corrections": [correction(c) for c in x.corrections],
                 "adopted": correction(x.adopted), "complete": x.complete}
                for x in self.disputes
            ],
            "claims": [
                {**dataclasses.asdict(c), "quantity": list(c.quantity), "weight": exact_string(c.weight)}
                for c in self.claims
            ],
            "diagnostics": [dataclasses.asdict(x) for x in self.diagnostics],
            "statistics": dict(self.statistics),
        }

    def to_json(self, indent: int | None = None) -> str:
        """The JSON report text (one line unless `indent`)."""
        separators = None if indent is not None else (",", ":")
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent, separators=separators)

    # --- pandas -----------------------------------------------------------

    def ranges_frame(self):
        """A DataFrame: quantity, label, as_of (time point label, "final" for the
        final figure), min, max, estimate, no_estimate (why there is none).
        Counts are "Int64" (nullable: max and estimate may be missing) when
        they all fit in 64 bits, else object columns of exact Python ints."""
        rows = [
            {"quantity": r.quantity, "label": self.quantity_label(r.quantity), "as_of": r.as_of or "final",
             "min": r.min, "max": r.max, "estimate": r.estimate, "no_estimate": r.no_estimate}
            for r in self.ranges
        ]
        return _frame(rows, ["quantity", "label", "as_of", "min", "max", "estimate", "no_estimate"],
                      ["min", "max", "estimate"])

    def claims_frame(self):
        """A DataFrame, one row per claim in input order: id, source, quantity
        (ids joined with " + "), as_of, min, max, weight (Fraction), in_force,
        in_conflict, constraint, quote, url, note, language, since (for a change:
        the date it runs from to as_of; None otherwise)."""
        rows = [
            {"id": c.id, "source": c.source, "quantity": " + ".join(c.quantity), "as_of": c.as_of or "final",
             "min": c.min, "max": c.max, "weight": c.weight, "in_force": c.in_force,
             "in_conflict": c.in_conflict, "constraint": c.constraint, "quote": c.quote, "url": c.url,
             "note": c.note, "language": c.language, "since": c.since}
            for c in self.claims
        ]
        columns = ["id", "source", "quantity", "as_of", "min", "max", "weight", "in_force", "in_conflict",
                   "constraint", "quote", "url", "note", "language", "since"]
        return _frame(rows, columns, ["min", "max"], ["in_force", "in_conflict"])

    def conflicts_frame(self):
        """A DataFrame, one row per minimal conflict: claims (ids joined with
        ", "), gap, explanation."""
        rows = [{"claims": ", ".join(c.claims), "gap": c.gap, "explanation": c.explanation} for c in self.conflicts]
        return _frame(rows, ["claims", "gap", "explanation"], ["gap"])

    def corrections_frame(self):
        """A DataFrame, one row per minimal correction, cheapest first: drop
        (ids joined with ", "), weight (Fraction), adopted (bool)."""
        rows = [{"drop": ", ".join(c.drop), "weight": c.weight, "adopted": self.is_adopted(c)}
                for c in self.corrections]
        return _frame(rows, ["drop", "weight", "adopted"], [], ["adopted"])

    # --- display ----------------------------------------------------------

    def _repr_html_(self) -> str:
        from ._html import result_html

        return result_html(self)

    def __repr__(self) -> str:
        if self.status == "invalid":
            return f"<tally.Result invalid: {len(self.diagnostics)} diagnostics>"
        parts = [f"{len(self.ranges)} ranges"]
        if self.status == "conflicting":
            parts = [f"{len(self.conflicts)} conflicts", f"{len(self.corrections)} corrections",
                     f"adopted: drop {_first(self.dropped)}"] + parts
        if not self.complete:
            parts.append("incomplete")
        return f"<tally.Result {self.status}: {'; '.join(parts)}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Result) and self.to_dict() == other.to_dict()


def _first(ids: Sequence[str], shown: int = 5) -> str:
    return ", ".join(ids[:shown]) + (f" and {len(ids) - shown} more" if len(ids) > shown else "")


def _pandas():
    try:
        import pandas
    except ImportError as missing:  # pragma: no cover - depends on the machine
        raise ImportError("tally's DataFrames need pandas (Debian: python3-pandas)") from missing
    return pandas


def _frame(rows: list[dict[str, Any]], columns: Sequence[str], integers: Sequence[str] = (),
           booleans: Sequence[str] = ()):
    """A DataFrame built column by column as objects (so no count ever passes
    through float), then counts as nullable "Int64" when every value fits in
    64 bits, else left as object columns of exact Python ints."""
    pd = _pandas()
    data = {}
    for column in columns:
        values = [row[column] for row in rows]
        if column in booleans:
            data[column] = pd.Series(values, dtype=bool)
        elif column in integers and all(v is None or _INT64[0] <= v <= _INT64[1] for v in values):
            data[column] = pd.Series(values, dtype=object).astype("Int64")
        else:  # text, Fractions, and counts beyond 64 bits
            data[column] = pd.Series(values, dtype=object)
    return pd.DataFrame(data, columns=list(columns))
