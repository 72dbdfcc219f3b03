"""Reconciling datasets on a Dask cluster: a bag of documents, or a DataFrame
of claims grouped by event.

    import dask.bag as db
    from dask.distributed import Client
    import tally.dask

    client = Client("tcp://scheduler:8786")          # or LocalCluster() on one machine
    events = db.read_text("events-*.jsonl").map(str.strip)
    results = tally.dask.reconcile_bag(events)       # a bag of result dicts
    results.filter(lambda r: r["status"] == "conflicting").count().compute()

Each task reconciles one partition with the same engine as
`tally.reconcile_many` and `tally batch`, and returns plain data (dicts of
ints and strings, pandas frames), never tally objects, so nothing compiled is
pickled between processes. Inside a task the engine uses `jobs` threads
(default 1: Dask already runs one task per worker thread or process).
See docs/scale.md.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping

from ._api import reconcile_texts
from ._document import document_source
from ._exact import dumps

__all__ = ["reconcile_bag", "reconcile_claims", "reconcile_partition", "ranges_of_event", "RANGE_COLUMNS"]

#: The columns of reconcile_claims' DataFrame, one row per range.
RANGE_COLUMNS = ["event", "status", "quantity", "as_of", "min", "max", "estimate", "no_estimate"]


def reconcile_partition(documents: Iterable[Any], options: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """One task's work: each document (anything `tally.reconcile` takes) to
    its result as a plain dict, the JSON report's fields with `event` (and
    without `line`, which means nothing inside one partition)."""
    options = {"jobs": 1, **(options or {})}
    texts = (document_source(doc)[0] for doc in documents)
    results = []
    for line in reconcile_texts(texts, **options):
        result = json.loads(line)
        del result["line"]
        results.append(result)
    return results


def reconcile_bag(bag, **options: Any):
    """A Dask bag of claims documents to a bag of result dicts, in the same
    order; options as `tally.reconcile_many`'s (`jobs` per task, default 1)."""
    return bag.map_partitions(reconcile_partition, options)


def ranges_of_event(claims, structure: Mapping[str, Any], event: Any,
                    options: Mapping[str, Any] | None = None):
    """The ranges of one event as a pandas DataFrame (RANGE_COLUMNS), from its
    claims (a pandas DataFrame, one claim per row) and the structure shared by
    every event (quantities, relations, sources)."""
    import pandas as pd

    [result] = reconcile_partition([_document_of(claims, structure, event)], options)
    place = {"event": str(event), "status": result["status"]}
    rows = [{**place, "quantity": r["quantity"], "as_of": r["as_of"] or "final", "min": r["min"], "max": r["max"],
             "estimate": r["estimate"], "no_estimate": r["no_estimate"]} for r in result.get("ranges", [])]
    if not rows:  # invalid or stopped: one row says so
        rows = [{**place, "quantity": None, "as_of": None, "min": None, "max": None, "estimate": None,
                 "no_estimate": None}]
    return pd.DataFrame(rows, columns=RANGE_COLUMNS).astype(_RANGE_TYPES)


def reconcile_claims(claims, structure: Mapping[str, Any], *, event: str = "event", **options: Any):
    """A Dask DataFrame of claims (one per row: `id`, `source`, `quantity`,
    `qualifier`, `value` and the optional `lower`, `upper`, `tolerance`,
    `as_of`, `quote`, `url`, `note`, `language`), grouped by the `event`
    column, to a Dask DataFrame of ranges (RANGE_COLUMNS): every event is
    reconciled against the same `structure` (a dict with `quantities`,
    `relations` and `sources`, as in a claims document). Counts are exact
    Python ints in object columns, since they may exceed 64 bits."""
    import pandas as pd

    meta = pd.DataFrame({name: pd.Series(dtype=kind) for name, kind in _RANGE_TYPES.items()})
    return claims.groupby(event).apply(
        lambda group: ranges_of_event(group.drop(columns=[event]), structure, group.name, options), meta=meta
    ).reset_index(drop=True)


_RANGE_TYPES = {"event": "object", "status": "object", "quantity": "object", "as_of": "object",
                "min": "object", "max": "object", "estimate": "object", "no_estimate": "object"}

_CLAIM_FIELDS = ("id", "source", "quantity", "qualifier", "value", "lower", "upper", "tolerance", "as_of",
                 "quote", "url", "note", "language")


def _plain(value: Any) -> Any:
    """A cell as JSON data: missing → None, a whole float → int (pandas turns
    int columns with gaps into floats), numpy scalars → Python."""
    import math

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _document_of(claims, structure: Mapping[str, Any], event: Any) -> str:
    unknown = sorted(set(claims.columns) - set(_CLAIM_FIELDS))
    if unknown:
        raise ValueError(f"unknown claims column {unknown[0]!r}; the columns are {', '.join(_CLAIM_FIELDS)}")
    rows = []
    for record in claims.to_dict("records"):
        claim = {name: _plain(value) for name, value in record.items()}
        rows.append({name: value for name, value in claim.items() if value is not None})
    document = {"format": "tally/1", **{k: v for k, v in structure.items() if k not in ("format", "claims")}}
    document["event"] = {**dict(structure.get("event", {})), "id": str(event)}
    document["claims"] = rows
    return dumps(document)
