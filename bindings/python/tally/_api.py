"""The entry points: reconcile, check and report a claims document."""

from __future__ import annotations

from typing import Any

from ._document import document_source
from ._errors import InvalidDocument, TallyError
from ._exact import to_fraction
from ._result import Diagnostic, Result

__all__ = ["reconcile", "check", "report"]


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
             threads: int) -> dict[str, Any]:
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
    return options


def _call(function, *args, **kwargs):
    core = _core()
    try:
        return function(core)(*args, **kwargs)
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
    raise_on_invalid: bool = True,
) -> Result:
    """Reconciles a claims document and returns its Result.

    `doc` is a tally.Document, a dict, JSON text, a path (str or pathlib.Path),
    bytes or an open file. Options: `tolerance` τ for about/nearly claims
    without their own (default 1/10; a Fraction, exact decimal str or float
    taken as its shortest repr), enumeration caps `max_conflicts` and
    `max_corrections` (past them `complete` is False), `estimates` (point
    estimates per range), `threads` (0 = all cores; the result is the same).

    A conflicting document is a normal Result. An invalid one raises
    InvalidDocument (with `.diagnostics`), or returns the Result with status
    "invalid" when `raise_on_invalid=False`. Faults of tally raise TallyError.
    The GIL is released while solving.
    """
    text, document = document_source(doc)
    options = _options(tolerance, max_conflicts, max_corrections, estimates, threads)
    result = Result.from_dict(_call(lambda core: core.reconcile, text, **options), document)
    if result.status == "invalid" and raise_on_invalid:
        raise InvalidDocument(result.diagnostics, result)
    return result


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
) -> str:
    """The report the `tally` command prints: format "text", "markdown" or
    "json" (for an invalid document, its diagnostics)."""
    text, _ = document_source(doc)
    options = _options(tolerance, max_conflicts, max_corrections, estimates, threads)
    return _call(lambda core: core.report, text, format, **options)
