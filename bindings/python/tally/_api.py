"""The entry points: reconcile, check and report a claims document."""

from __future__ import annotations

import collections
import os
from typing import Any, Iterable, Iterator, Mapping

from ._document import Document, document_source
from ._errors import InvalidDocument, TallyError, TimeLimitReached
from ._exact import to_fraction
from ._result import Diagnostic, Result

__all__ = ["reconcile", "reconcile_many", "check", "report"]


def _core():
    try:
        from . import _core as core
    except ImportError as missing:  # pragma: no cover - depends on the installation
        raise ImportError(
            "tally's compiled core (tally._core) is not built; install the package with "
            "scripts/setup-python.sh or `pip install --no-build-isolation .`"
        ) from missing
    return core


def _options(tolerance: Any, max_conflicts: int, max_corrections: int, estimates: bool,
             threads: int, time_limit: Any = None) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if tolerance is not None:
        tau = to_fraction(tolerance, "tolerance")
        if not 0 <= tau < 1:
            raise ValueError(f"tolerance must be in [0, 1), not {tau}")
        options["tolerance"] = f"{tau.numerator}/{tau.denominator}"
    for name, value in (("max_conflicts", max_conflicts), ("max_corrections", max_corrections), ("threads", threads)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a non-negative int, not {value!r}")
        options[name] = value
    options["estimates"] = bool(estimates)
    if time_limit is None:
        time_limit = 0
    if isinstance(time_limit, bool) or not isinstance(time_limit, (int, float)) or not 0 <= time_limit < float("inf"):
        raise ValueError(f"time_limit must be a non-negative number of seconds, not {time_limit!r}")
    options["time_limit"] = float(time_limit)
    return options


def _call(function, *args, **kwargs):
    core = _core()
    try:
        return function(core)(*args, **kwargs)
    except core.Stopped as stop:
        raise TimeLimitReached(str(stop)) from stop
    except core.Error as fault:
        raise TallyError(str(fault)) from fault


def reconcile(
    doc: Any,
    *,
    tolerance: Any = None,
    max_conflicts: int = 100,
    max_corrections: int = 100,
    estimates: bool = True,
    threads: int = 1,
    time_limit: float | None = None,
    raise_on_invalid: bool = True,
) -> Result:
    """Reconciles a claims document and returns its Result.

    `doc` is a tally.Document, a dict, JSON text, a path (str or pathlib.Path),
    bytes or an open file. Options: `tolerance` τ for about/nearly claims
    without their own (default 1/10; a Fraction, exact decimal str or float
    taken as its shortest repr), enumeration caps `max_conflicts` and
    `max_corrections` (past them `complete` is False), `estimates` (point
    estimates per range), `threads` (0 = all cores; the result is the same),
    `time_limit` (seconds, None for none: past it TimeLimitReached is raised).

    A conflicting document is a normal Result. An invalid one raises
    InvalidDocument (with `.diagnostics`), or returns the Result with status
    "invalid" when `raise_on_invalid=False`. Faults of tally raise TallyError.
    The GIL is released while solving, and Ctrl-C stops the solve and raises
    KeyboardInterrupt within a tenth of a second.
    """
    text, document = document_source(doc)
    options = _options(tolerance, max_conflicts, max_corrections, estimates, threads, time_limit)
    result = Result.from_dict(_call(lambda core: core.reconcile, text, **options), document)
    if result.status == "invalid" and raise_on_invalid:
        raise InvalidDocument(result.diagnostics, result)
    return result


def _batch_options(jobs: Any, window: Any, time_limit: Any, tolerance: Any, max_conflicts: int,
                   max_corrections: int, estimates: bool) -> dict[str, Any]:
    options = _options(tolerance, max_conflicts, max_corrections, estimates, 1, time_limit)
    del options["threads"]
    for name, value in (("jobs", jobs), ("window", window)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a non-negative int, not {value!r}")
        options[name] = value
    return options


def reconcile_texts(texts: Iterable[str], **options: Any) -> Iterator[str]:
    """The engine under reconcile_many: JSON texts in, one JSON result line
    each out, in order (the form `tally batch` writes). For callers that want
    plain data, such as Dask tasks; options as reconcile_many's, checked at
    the call."""
    return _engine_lines(texts, _batch_options(**_defaults(options)))


def _engine_lines(texts: Iterable[str], engine_options: dict[str, Any]) -> Iterator[str]:
    engine = _call(lambda core: core.Batch, **engine_options)
    source = iter(texts)
    line = 0
    exhausted = False
    while True:
        while not exhausted and engine.has_room():
            try:
                text = next(source)
            except StopIteration:
                exhausted = True
                break
            line += 1
            engine.submit(text, line)
        if engine.held() == 0:
            return
        yield _call(lambda core: engine.take)


def _defaults(options: dict[str, Any]) -> dict[str, Any]:
    known = {"jobs": 0, "window": 0, "time_limit": None, "tolerance": None, "max_conflicts": 100,
             "max_corrections": 100, "estimates": True}
    unknown = sorted(set(options) - set(known))
    if unknown:
        raise TypeError(f"unknown option {unknown[0]!r}; the options are {', '.join(known)}")
    return {**known, **options}


def reconcile_many(
    documents: Iterable[Any],
    *,
    jobs: int = 0,
    window: int = 0,
    time_limit: float | None = None,
    tolerance: Any = None,
    max_conflicts: int = 100,
    max_corrections: int = 100,
    estimates: bool = True,
) -> Iterator[Result]:
    """Reconciles many documents on `jobs` threads (0 = every core) and yields
    their Results in input order, as they are ready.

    Each document is anything `reconcile` takes (a Document, dict, JSON text,
    path, …). It streams: at most `window` documents (0 = 64 per thread) are
    held at once, so an endless generator of documents runs in bounded
    memory. The GIL is released while waiting. Each Result carries `line`
    (its place in `documents`, from 1) and `event`; an invalid document gives
    a Result with status "invalid" (nothing is raised, the rest goes on), a
    document stopped at `time_limit` seconds one with status "time_limit",
    and a fault of tally one with status "error", with a `message`. The
    results equal `tally batch`'s on the same documents, for any `jobs`.
    Wrong options and a single document or path instead of an iterable raise
    at once, before anything is read.
    """
    if isinstance(documents, (str, bytes, bytearray, os.PathLike, Mapping, Document)):
        raise TypeError(
            f"reconcile_many takes an iterable of documents, not one {type(documents).__name__}: for a JSON Lines "
            "file pass its lines (open(path)); for one document use tally.reconcile")
    engine_options = _batch_options(jobs, window, time_limit, tolerance, max_conflicts, max_corrections, estimates)
    return _results(documents, engine_options)


def _results(documents: Iterable[Any], engine_options: dict[str, Any]) -> Iterator[Result]:
    pending: collections.deque = collections.deque()

    def texts() -> Iterator[str]:
        for doc in documents:
            text, document = document_source(doc)
            pending.append(document)
            yield text

    for line in _engine_lines(texts(), engine_options):
        yield Result.from_json(line, pending.popleft())


def check(doc: Any) -> list[Diagnostic]:
    """Every problem of the document (syntax, format, references, cycles), each
    with its JSON Pointer, line, column, message and fix; [] when valid."""
    text, _ = document_source(doc)
    return [Diagnostic.from_dict(d) for d in _call(lambda core: core.check, text)]


def report(
    doc: Any,
    format: str = "text",
    *,
    tolerance: Any = None,
    max_conflicts: int = 100,
    max_corrections: int = 100,
    estimates: bool = True,
    threads: int = 1,
    time_limit: float | None = None,
) -> str:
    """The report the `tally` command prints: format "text", "markdown" or
    "json" (for an invalid document, its diagnostics)."""
    text, _ = document_source(doc)
    options = _options(tolerance, max_conflicts, max_corrections, estimates, threads, time_limit)
    return _call(lambda core: core.report, text, format, **options)
