"""A Result as HTML for notebooks: status, ranges, conflicts with their
explanations, corrections and claims. Every text from the document is escaped."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Iterable, Sequence

from ._exact import exact_string
from ._result import range_text

if TYPE_CHECKING:  # pragma: no cover
    from ._result import Result

_STATUS_COLOURS = {"consistent": "#1a7f37", "conflicting": "#b35900", "invalid": "#cf222e"}
_TABLE = 'style="border-collapse:collapse;margin:0.3em 0 0.8em 0"'
_CELL = "padding:2px 8px;border-bottom:1px solid #ddd;vertical-align:top"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], classes: str) -> str:
    """Rows of already escaped HTML cells."""
    head = "".join(f'<th style="{_CELL};text-align:left">{escape(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f'<td style="{_CELL}">{cell}</td>' for cell in row) + "</tr>" for row in rows)
    return f'<table class="{classes}" {_TABLE}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _ranges(result: "Result") -> str:
    points = list(result.time_points) or sorted({r.as_of or "final" for r in result.ranges})
    cells: dict[str, dict[str, str]] = {}
    for r in result.ranges:
        text = escape(range_text(r.min, r.max))
        if r.estimate is not None and not r.exact:
            text += f' <span style="color:#666">(≈ {r.estimate})</span>'
        cells.setdefault(r.quantity, {})[r.as_of or "final"] = text
    rows = []
    for quantity, by_point in cells.items():
        label = escape(result.quantity_label(quantity))
        rows.append([f"<code>{escape(quantity)}</code>", label] + [by_point.get(p, "") for p in points])
    return _table(["quantity", "label"] + points, rows, "tally-ranges")


def _conflicts(result: "Result") -> str:
    rows = []
    for number, c in enumerate(result.conflicts, 1):
        if c.steps:  # the derivation one step per line reads better than the paragraph
            explanation = "<ol style='margin:0 0 0 1.2em;padding:0'>" + "".join(
                f"<li>{escape(step)}</li>" for step in c.steps) + "</ol>"
        else:
            explanation = escape(c.explanation)
        rows.append([str(number), ", ".join(f"<code>{escape(i)}</code>" for i in c.claims), escape(str(c.gap)),
                     explanation])
    return _table(["#", "claims", "gap", "explanation"], rows, "tally-conflicts")


def _corrections(result: "Result") -> str:
    rows = [[", ".join(f"<code>{escape(i)}</code>" for i in c.drop), escape(exact_string(c.weight)),
             "✔ adopted" if result.is_adopted(c) else ""] for c in result.corrections]
    return _table(["drop", "weight", ""], rows, "tally-corrections")


def _claims(result: "Result") -> str:
    rows = []
    for c in result.claims:
        fate = "in force" if c.in_force else '<span style="color:#cf222e">dropped</span>'
        if c.in_conflict:
            fate += " · in conflict"
        rows.append([f"<code>{escape(c.id)}</code>", escape(result.source_name(c.source)), escape(c.constraint),
                     escape(c.as_of or "final"), escape(exact_string(c.weight)), fate, f'<span dir="auto">{escape(c.quote)}</span>'])
    return _table(["claim", "source", "constraint", "as of", "weight", "fate", "quote"], rows, "tally-claims")


def _diagnostics(result: "Result") -> str:
    rows = [[f"<code>{escape(d.path or '/')}</code>", escape(f"{d.line}:{d.column}" if d.line else ""),
             escape(d.message), escape(d.fix)] for d in result.diagnostics]
    return _table(["where", "line:col", "problem", "fix"], rows, "tally-diagnostics")


def result_html(result: "Result") -> str:
    colour = _STATUS_COLOURS.get(result.status, "#333")
    title = ""
    event = (result.document or {}).get("event") or {}
    if isinstance(event, dict) and (event.get("title") or event.get("id")):
        title = f" — {escape(str(event.get('title') or event.get('id')))}"
    parts = [
        f'<div class="tally-result"><p><strong>tally</strong>{title}: '
        f'<span style="color:{colour};font-weight:bold">{escape(result.status)}</span>'
    ]
    if result.status == "conflicting":
        parts.append(f" — {len(result.conflicts)} conflict{'s' if len(result.conflicts) != 1 else ''}, "
                     f"adopted correction: drop {escape(', '.join(result.dropped))}")
    if not result.complete:
        parts.append(" <em>(enumeration capped: lists incomplete)</em>")
    parts.append("</p>")
    if result.status == "invalid":
        parts.append(_diagnostics(result))
        parts.append("</div>")
        return "".join(parts)
    heading = "Ranges" + (" after the adopted correction" if result.adopted else "")
    parts.append(f"<h4>{heading}</h4>{_ranges(result)}")
    if result.conflicts:
        parts.append(f"<h4>Conflicts</h4>{_conflicts(result)}")
    if result.corrections:
        parts.append(f"<h4>Corrections</h4>{_corrections(result)}")
    if result.claims:
        parts.append(f"<details><summary>Claims ({len(result.claims)})</summary>{_claims(result)}</details>")
    parts.append("</div>")
    return "".join(parts)
