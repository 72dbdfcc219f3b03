"""Claims documents in Python: a builder for notebooks, and the input forms
that `tally.reconcile` and `tally.check` accept.

    doc = (tally.Document(event="hasakah-prison-2022", end="2022-01-26")
           .whole("killed", ["killed.isis", "killed.kurdish_forces", "killed.civilians"])
           .subset("killed.isis.inmates", of="inmates")
           .source("sohr", name="Syrian Observatory for Human Rights", reliability=0.8)
           .claim("sohr-total", "sohr", "killed", "exactly", 181, as_of="2022-01-26"))
    result = tally.reconcile(doc)
"""

from __future__ import annotations

import copy
import decimal
import io
import json
import os
import pathlib
from typing import Any, Iterable, Mapping, Sequence

from ._exact import dumps, timestamp_text, to_fraction

__all__ = ["Document", "QUALIFIERS", "normalize_qualifier", "document_source"]

#: The qualifiers of the tally/1 format (spec section 2).
QUALIFIERS = ("exactly", "at_least", "more_than", "at_most", "fewer_than", "between", "about", "nearly")

# Shorthands accepted by Document.claim; each becomes one format qualifier.
_SHORTHANDS = {
    "=": "exactly", "==": "exactly", "exact": "exactly",
    ">=": "at_least", "≥": "at_least", "min": "at_least", "minimum": "at_least",
    ">": "more_than", "over": "more_than",
    "<=": "at_most", "≤": "at_most", "max": "at_most", "maximum": "at_most", "up_to": "at_most",
    "<": "fewer_than", "less_than": "fewer_than", "under": "fewer_than",
    "~": "about", "≈": "about", "approximately": "about", "around": "about", "roughly": "about",
    "almost": "nearly", "range": "between",
}


def normalize_qualifier(name: str) -> str:
    """The format's qualifier for `name`: "at least", "at-least", ">=", "≥" and
    "at_least" all give "at_least" (see QUALIFIERS and the shorthands in docs/python.md)."""
    if not isinstance(name, str):
        raise TypeError(f"a qualifier must be a str, not {type(name).__name__}")
    key = "_".join(name.strip().lower().replace("-", " ").split())
    if key in QUALIFIERS:
        return key
    if key in _SHORTHANDS:
        return _SHORTHANDS[key]
    raise ValueError(f"unknown qualifier {name!r}; use one of {', '.join(QUALIFIERS)} (or >=, >, <=, <, =, ~)")


def _check_number(value: Any, what: str) -> Any:
    to_fraction(value, what)  # raises a clear error for a non-number
    if isinstance(value, str):
        return decimal.Decimal(value.strip()) if "/" not in value else to_fraction(value, what)
    return value


def _put(record: dict, **fields: Any) -> dict:
    for key, value in fields.items():
        if value is not None:
            record[key] = value
    return record


class Document:
    """A tally/1 claims document built step by step; every method but the
    converters returns the document itself, so calls chain.

    Values stay as given (int, float, Fraction, Decimal) and are written
    exactly by `to_json()`: 0.1 is written "0.1"; a Fraction needs an exact
    decimal form. Ids must be unique per kind; references are checked by tally
    when the document is reconciled or checked (see `tally.check`).
    """

    def __init__(
        self,
        event: str | None = None,
        *,
        title: str | None = None,
        start: Any = None,
        end: Any = None,
        x: Mapping[str, Any] | None = None,
    ):
        self.event: dict[str, Any] = {}
        if event is not None or title is not None or start is not None or end is not None or x is not None:
            _put(
                self.event,
                id=event,
                title=title,
                start=None if start is None else timestamp_text(start),
                end=None if end is None else timestamp_text(end),
                x=None if x is None else dict(x),
            )
        self.quantities: list[dict[str, Any]] = []
        self.relations: list[dict[str, Any]] = []
        self.sources: list[dict[str, Any]] = []
        self.claims: list[dict[str, Any]] = []

    # --- building ---------------------------------------------------------

    def quantity(self, id: str, *, label: str | None = None, cumulative: bool | None = None,
                 x: Mapping[str, Any] | None = None) -> "Document":
        """Declares a quantity: its label, and `cumulative=False` for a stock that
        can go down (people held, missing). Undeclared ids are running counts."""
        self._unique(self.quantities, id, "quantity")
        self.quantities.append(_put({"id": id}, label=label, cumulative=cumulative,
                                    x=None if x is None else dict(x)))
        return self

    def source(self, id: str, *, name: str | None = None, reliability: Any = None,
               x: Mapping[str, Any] | None = None) -> "Document":
        """Declares a source; `reliability` in (0, 1] (default 0.5) is its claims' weight."""
        self._unique(self.sources, id, "source")
        if reliability is not None:
            reliability = _check_number(reliability, f"reliability of source {id!r}")
        self.sources.append(_put({"id": id}, name=name, reliability=reliability,
                                 x=None if x is None else dict(x)))
        return self

    def whole(self, whole: str, parts: Sequence[str], *, exhaustive: bool = True,
              x: Mapping[str, Any] | None = None) -> "Document":
        """Declares whole = Σ parts at every time point (whole ≥ Σ parts when
        `exhaustive=False`: the parts are disjoint but need not cover the whole)."""
        if isinstance(parts, str):
            raise TypeError("parts must be a list of quantity ids, not one str")
        record: dict[str, Any] = {"whole": whole, "parts": list(parts)}
        if not exhaustive:
            record["exhaustive"] = False
        self.relations.append(_put(record, x=None if x is None else dict(x)))
        return self

    def subset(self, subset: str, *, of: str, x: Mapping[str, Any] | None = None) -> "Document":
        """Declares subset ≤ of at every time point."""
        self.relations.append(_put({"subset": subset, "of": of}, x=None if x is None else dict(x)))
        return self

    def claim(
        self,
        id: str,
        source: str,
        quantity: str | Sequence[str],
        qualifier: str,
        value: Any,
        upper: Any = None,
        *,
        tolerance: Any = None,
        weight: Any = None,
        as_of: Any = None,
        since: Any = None,
        quote: str | None = None,
        note: str | None = None,
        url: str | None = None,
        language: str | None = None,
        x: Mapping[str, Any] | None = None,
    ) -> "Document":
        """Adds one figure a source reported. `quantity` is an id or a list of
        ids (the claim is about their sum); `qualifier` is a format name or a
        shorthand ("at least", ">=", "~"…); `upper` only for "between",
        `tolerance` only for "about"/"nearly"; `as_of` a "YYYY-MM-DD[THH:MM[:SS]]"
        str, date or datetime (none: the final figure); `since` a date of the
        same kinds when the figure is the change of a running count from then
        to `as_of` ("41 killed on 27 August": exactly 41, since 26 August,
        as of 27 August)."""
        self._unique(self.claims, id, "claim")
        if not isinstance(quantity, str) and not (
                isinstance(quantity, Sequence) and all(isinstance(q, str) for q in quantity)):
            raise TypeError(f"claim {id!r}: quantity must be a quantity id (str) or a list of them, "
                            f"not {type(quantity).__name__}")
        name = normalize_qualifier(qualifier)
        if (name == "between") != (upper is not None):
            raise ValueError(
                f"claim {id!r}: 'between' needs upper" if name == "between"
                else f"claim {id!r}: upper is only for 'between', not {name!r}"
            )
        if tolerance is not None and name not in ("about", "nearly"):
            raise ValueError(f"claim {id!r}: tolerance is only for 'about' and 'nearly', not {name!r}")
        record: dict[str, Any] = {
            "id": id,
            "source": source,
            "quantity": quantity if isinstance(quantity, str) else list(quantity),
            "qualifier": name,
            "value": _check_number(value, f"value of claim {id!r}"),
        }
        _put(
            record,
            upper=None if upper is None else _check_number(upper, f"upper of claim {id!r}"),
            tolerance=None if tolerance is None else _check_number(tolerance, f"tolerance of claim {id!r}"),
            weight=None if weight is None else _check_number(weight, f"weight of claim {id!r}"),
            as_of=None if as_of is None else timestamp_text(as_of),
            since=None if since is None else timestamp_text(since),
            quote=quote,
            url=url,
            note=note,
            language=language,
            x=None if x is None else dict(x),
        )
        self.claims.append(record)
        return self

    def without(self, *claim_ids: str | Iterable[str]) -> "Document":
        """A copy without the given claims: `doc.without(result.adopted.drop)`
        applies a correction. Unknown ids raise KeyError."""
        drop: set[str] = set()
        for item in claim_ids:
            if not isinstance(item, (str, Iterable)):
                raise TypeError(f"without takes claim ids (str) or lists of them, not {type(item).__name__}")
            drop.update([item] if isinstance(item, str) else item)
        unknown = drop - {c["id"] for c in self.claims}
        if unknown:
            raise KeyError(f"no claim with id {', '.join(sorted(unknown))}")
        other = copy.deepcopy(self)
        other.claims = [c for c in other.claims if c["id"] not in drop]
        return other

    # --- converting -------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The document as a dict in the tally/1 shape (a deep copy; numbers as given)."""
        document: dict[str, Any] = {"format": "tally/1"}
        if self.event:
            document["event"] = self.event
        document["quantities"] = self.quantities
        document["relations"] = self.relations
        document["sources"] = self.sources
        document["claims"] = self.claims
        return copy.deepcopy(document)

    def to_json(self, indent: int | None = None) -> str:
        """The document as JSON text with exact numbers (`indent` pretty-prints)."""
        return dumps(self.to_dict(), indent)

    def save(self, path: str | os.PathLike) -> None:
        """Writes the document as pretty-printed UTF-8 JSON."""
        pathlib.Path(path).write_text(self.to_json(indent=2) + "\n", encoding="utf-8")

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> "Document":
        """A builder holding `document` (e.g. a loaded claims.json), to extend or
        to drop claims from."""
        built = cls()
        built.event = copy.deepcopy(dict(document.get("event", {})))
        for key in ("quantities", "relations", "sources", "claims"):
            setattr(built, key, copy.deepcopy(list(document.get(key, []))))
        return built

    @classmethod
    def load(cls, path: str | os.PathLike) -> "Document":
        """A builder holding the claims document at `path` (numbers kept exact)."""
        with open(path, "rb") as file:
            return cls.from_dict(json.loads(file.read(), parse_float=decimal.Decimal))

    def __repr__(self) -> str:
        return (f"<tally.Document {self.event.get('id', '')!r}: {len(self.quantities)} quantities, "
                f"{len(self.relations)} relations, {len(self.sources)} sources, {len(self.claims)} claims>")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Document) and self.to_json() == other.to_json()

    @staticmethod
    def _unique(records: list[dict[str, Any]], id: str, kind: str) -> None:
        if not isinstance(id, str) or not id:
            raise ValueError(f"a {kind} id must be a non-empty str, not {id!r}")
        if any(r.get("id") == id for r in records):
            raise ValueError(f"{kind} {id!r} is already declared")


def document_source(doc: Any) -> tuple[bytes, dict[str, Any] | None]:
    """The JSON text (UTF-8 bytes) of any accepted input, and the document as a
    dict when it can be read as one (for labels and source names in displays).

    Accepted: a Document; a dict (written with exact numbers); a str holding
    JSON (it starts with '{' or '[' after whitespace, spans several lines, or
    is blank: an empty document);
    any other str, or a pathlib.Path / os.PathLike, as a file path; bytes as
    JSON text; an open file (text or binary).
    """
    if isinstance(doc, Document):
        text = doc.to_json().encode("utf-8")
    elif isinstance(doc, Mapping):
        text = dumps(doc).encode("utf-8")
    elif isinstance(doc, str):
        stripped = doc.lstrip(" \t\r\n\ufeff")
        if not stripped or stripped.startswith(("{", "[")) or "\n" in doc:  # "" is empty JSON, not the current folder
            text = doc.encode("utf-8", errors="surrogateescape")
        else:
            text = pathlib.Path(doc).read_bytes()
    elif isinstance(doc, os.PathLike):
        text = pathlib.Path(doc).read_bytes()
    elif isinstance(doc, (bytes, bytearray, memoryview)):
        text = bytes(doc)
    elif isinstance(doc, io.IOBase) or hasattr(doc, "read"):
        content = doc.read()
        text = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    else:
        raise TypeError(
            "a claims document must be a tally.Document, a dict, JSON text, a path or a file, "
            f"not {type(doc).__name__}"
        )
    try:
        parsed = json.loads(text, parse_float=decimal.Decimal)
    except (ValueError, UnicodeDecodeError, RecursionError):
        parsed = None
    return text, parsed if isinstance(parsed, dict) else None
