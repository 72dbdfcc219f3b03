"""tally — do the figures tally? Exact reconciliation of casualty claims.

    import tally
    result = tally.reconcile("examples/hasakah/claims.json")
    result.status                 # 'conflicting'
    result.range("killed.isis")   # Range(quantity='killed.isis', as_of=None, min=124, max=124, ...)

`reconcile` takes a dict, JSON text, a path or a `tally.Document` built in a
notebook; the Result holds exact ints and Fractions, gives pandas DataFrames
(`ranges_frame()`, `claims_frame()`, `conflicts_frame()`), shows itself as
HTML in notebooks, and `tally.plot(result)` draws it. See docs/python.md.
"""

from ._api import LIMITS, check, reconcile, reconcile_many, report
from ._document import QUALIFIERS, Document
from ._errors import InvalidDocument, TallyError, TimeLimitReached
from ._result import Adopted, ClaimOutcome, Conflict, Correction, Diagnostic, Dispute, Range, Result

__all__ = [
    "reconcile", "reconcile_many", "check", "report", "plot", "plot_timeline",
    "Document", "QUALIFIERS",
    "Result", "Range", "Conflict", "Correction", "Adopted", "Dispute", "ClaimOutcome", "Diagnostic",
    "InvalidDocument", "TallyError", "TimeLimitReached", "LIMITS",
]

try:
    from importlib.metadata import PackageNotFoundError, version as _version

    __version__ = _version("tally")
except PackageNotFoundError:  # running from the source tree
    __version__ = "0+unknown"


def plot(result, document=None, quantities=None, **kwargs):
    """Draws every claim against the reconciled ranges (matplotlib); see tally._plot.plot."""
    from ._plot import plot as draw

    return draw(result, document=document, quantities=quantities, **kwargs)


def plot_timeline(result, quantity, document=None, **kwargs):
    """Draws one quantity's count over the time points (matplotlib); see tally._plot.plot_timeline."""
    from ._plot import plot_timeline as draw

    return draw(result, quantity, document=document, **kwargs)
