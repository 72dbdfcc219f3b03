"""The exceptions of the Python API.

A conflicting document is an ordinary result, never an exception. An invalid
document (bad JSON, a typo in a key, a dangling reference) raises
`InvalidDocument` from `tally.reconcile` unless `raise_on_invalid=False`;
`TallyError` is for faults of tally itself, and its subclass
`TimeLimitReached` for a reconciliation stopped at its `time_limit`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from ._result import Diagnostic, Result


class TallyError(RuntimeError):
    """An internal fault or a misuse of the library (never the data's fault)."""


class TimeLimitReached(TallyError):
    """The reconciliation reached its `time_limit` and was stopped; nothing of
    its result is kept (a half-done solve has no range to trust)."""


class InvalidDocument(ValueError):
    """The claims document breaks the tally/1 format; nothing was solved.

    `diagnostics` lists every problem found, each with its JSON Pointer
    (`path`), `line`, `column`, `message` and `fix`; `result` is the invalid
    Result (status "invalid") for code that wants it.
    """

    def __init__(self, diagnostics: Sequence["Diagnostic"], result: "Result | None" = None):
        self.diagnostics = list(diagnostics)
        self.result = result
        shown = "\n".join(f"  {d}" for d in self.diagnostics[:5])
        more = len(self.diagnostics) - 5
        if more > 0:
            shown += f"\n  … and {more} more"
        count = len(self.diagnostics)
        super().__init__(
            f"the claims document is invalid ({count} problem{'s' if count != 1 else ''}):\n{shown}"
        )
