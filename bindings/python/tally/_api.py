"""The entry points: reconcile, check and report a claims document."""

from __future__ import annotations

import collections
import numbers
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


_SIZE_MAX = 2**64 - 1
_MAX_THREADS = 1024
_MAX_SECONDS = 1e9
_FORMATS = ("text", "markdown", "json")
# The document limits (docs/format.md, Limits); each an int of at least 1.
LIMITS = ("max_input_bytes", "max_id_length", "max_id_depth", "max_quantities", "max_claims", "max_time_points",
          "max_value_digits")


def _shown(value: Any) -> str:
    """repr(value), but an int too long to print (Python refuses past 4300 digits) by its size."""
    if isinstance(value, int) and value.bit_length() > 128:
        return f"an int of {value.bit_length()} bits"
    return repr(value)


def _whole(name: str, value: Any, low: int, high: int) -> int:
    """`value` as an int in [low, high]: TypeError for another type, ValueError out of range."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    value = int(value)
    if not low <= value <= high:
        raise ValueError(f"{name} must be an int from {low} to {high}, not {_shown(value)}")
    return value


def _flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, not {type(value).__name__}")
    return value


def _seconds(name: str, value: Any) -> float:
    """None (no limit) or a number of seconds in [0, 1e9], as a float (0: no limit)."""
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number of seconds or None, not {type(value).__name__}")
    if not 0 <= value <= _MAX_SECONDS:  # NaN fails too
        raise ValueError(f"{name} must be from 0 to {_MAX_SECONDS:g} seconds (or None: no limit), not {_shown(value)}")
    return float(value)


def _limits(limits: Any) -> dict[str, int]:
    if limits is None:
        return {}
    if not isinstance(limits, Mapping):
        raise TypeError(f"limits must be a dict such as {{'max_input_bytes': 10**9}}, not {type(limits).__name__}")
    for name in limits:
        if name not in LIMITS:
            raise ValueError(f"unknown limit {name!r}; the limits are {', '.join(LIMITS)}")
    return {name: _whole(f"limits[{name!r}]", value, 1, _SIZE_MAX) for name, value in limits.items()}


def _options(tolerance: Any, max_conflicts: Any, max_corrections: Any, estimates: Any,
             threads: Any, time_limit: Any = None, limits: Any = None) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if tolerance is not None:
        tau = to_fraction(tolerance, "tolerance")
        if not 0 <= tau < 1:
            shown = tau if abs(tau.numerator) < 10**30 and tau.denominator < 10**30 else "a number outside it"
            raise ValueError(f"tolerance must be in [0, 1), not {shown}")
        if tau.denominator > 10**30:
            raise ValueError("tolerance must have a denominator of at most 10**30 (30 decimal places), "
                             "as every number of a document")
        options["tolerance"] = f"{tau.numerator}/{tau.denominator}"
    # One rule with the command's --max-conflicts and --max-corrections: at least 1.
    options["max_conflicts"] = _whole("max_conflicts", max_conflicts, 1, _SIZE_MAX)
    options["max_corrections"] = _whole("max_corrections", max_corrections, 1, _SIZE_MAX)
    options["threads"] = _whole("threads", threads, 0, _MAX_THREADS)
    options["estimates"] = _flag("estimates", estimates)
    options["time_limit"] = _seconds("time_limit", time_limit)
    options["limits"] = _limits(limits)
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
    limits: Mapping[str, int] | None = None,
    raise_on_invalid: bool = True,
) -> Result:
    """Reconciles a claims document and returns its Result.

    `doc` is a tally.Document, a dict, JSON text, a path (str or pathlib.Path),
    bytes or an open file. Options: `tolerance` τ for about/nearly claims
    without their own (default 1/10; a Fraction, exact decimal str or float
    taken as its shortest repr), enumeration caps `max_conflicts` and
    `max_corrections` (past them `complete` is False), `estimates` (point
    estimates per range), `threads` (0 = all cores; the result is the same),
    `time_limit` (seconds, None for none: past it TimeLimitReached is raised),
    `limits` (a dict raising some of the document limits, such as
    {"max_input_bytes": 10**9}; see tally.LIMITS and docs/format.md).

    A conflicting document is a normal Result. An invalid one raises
    InvalidDocument (with `.diagnostics`), or returns the Result with status
    "invalid" when `raise_on_invalid=False`. Faults of tally raise TallyError.
    The GIL is released while solving, and Ctrl-C stops the solve and raises
    KeyboardInterrupt within a tenth of a second.
    """
    options = _options(tolerance, max_conflicts, max_corrections, estimates, threads, time_limit, limits)
    _flag("raise_on_invalid", raise_on_invalid)
    text, document = document_source(doc)
    result = Result.from_dict(_call(lambda core: core.reconcile, text, **options), document)
    if result.status == "invalid" and raise_on_invalid:
        raise InvalidDocument(result.diagnostics, result)
    return result


def _batch_options(jobs: Any, window: Any, time_limit: Any, tolerance: Any, max_conflicts: Any,
                   max_corrections: Any, estimates: Any, limits: Any = None) -> dict[str, Any]:
    options = _options(tolerance, max_conflicts, max_corrections, estimates, 1, time_limit, limits)
    del options["threads"]
    options["jobs"] = _whole("jobs", jobs, 0, _MAX_THREADS)
    options["window"] = _whole("window", window, 0, _SIZE_MAX)
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
             "max_corrections": 100, "estimates": True, "limits": None}
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
    limits: Mapping[str, int] | None = None,
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
    if not isinstance(documents, Iterable):
        raise TypeError(f"reconcile_many takes an iterable of documents, not {type(documents).__name__}")
    engine_options = _batch_options(jobs, window, time_limit, tolerance, max_conflicts, max_corrections, estimates,
                                    limits)
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


def check(doc: Any, *, limits: Mapping[str, int] | None = None) -> list[Diagnostic]:
    """Every problem of the document (syntax, format, references, cycles, a
    limit passed), each with its JSON Pointer, line, column, message and fix;
    [] when valid."""
    caps = _limits(limits)
    text, _ = document_source(doc)
    return [Diagnostic.from_dict(d) for d in _call(lambda core: core.check, text, caps)]


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
    limits: Mapping[str, int] | None = None,
) -> str:
    """The report the `tally` command prints: format "text", "markdown" or
    "json" (for an invalid document, its diagnostics)."""
    if not isinstance(format, str):
        raise TypeError(f"format must be a str, one of {', '.join(_FORMATS)}; not {type(format).__name__}")
    if format not in _FORMATS:
        raise ValueError(f"format must be one of {', '.join(_FORMATS)}, not {format!r}")
    options = _options(tolerance, max_conflicts, max_corrections, estimates, threads, time_limit, limits)
    text, _ = document_source(doc)
    return _call(lambda core: core.report, text, format, **options)
