"""Pictures of a reconciliation (matplotlib).

`plot` draws one panel per quantity and time point, each with its own x-scale
(Hasakah's counts run from 7 to 3,500): every claim is a marker (an exact
figure) or a bar (a range; an arrow when unbounded above), coloured by source;
the reconciled range is a shaded band and the point estimate a dotted line.
Claims in a conflict have a red outline and a red label; claims the adopted
correction drops are hollow or dashed. `plot_timeline` draws one quantity's
count over the document's time points.

Both return a matplotlib Figure made without pyplot (no global state, no
duplicate display in notebooks; it shows itself as a PNG through
`_repr_png_`); save it with `fig.savefig("tally.png")`.
Every claim artist has gid "claim:<id>", every band "range:<quantity>@<time
point>" and every estimate "estimate:<quantity>@<time point>".
"""

from __future__ import annotations

import functools
import io
import math
from typing import Any, Iterable, Mapping, Sequence

from ._document import document_source
from ._result import ClaimOutcome, Range, Result, range_text

__all__ = ["plot", "plot_timeline"]

_CONFLICT = "#d62728"
_BAND = "#7f7f7f"  # neutral: no source is drawn in grey
_ESTIMATE = "#222222"
_FLOAT_LIMIT = 1e300
# Source colours: tab10/tab20 without their reds (the conflict colour) and
# greys (the band), so that no source can be mistaken for either.
_RESERVED = ("#d62728", "#ff9896", "#7f7f7f", "#c7c7c7")


@functools.lru_cache(maxsize=None)
def _figure_class():
    from matplotlib.figure import Figure

    class TallyFigure(Figure):
        """A Figure that displays itself in notebooks without pyplot."""

        def _repr_png_(self) -> bytes:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png", bbox_inches="tight")
            return buffer.getvalue()

    return TallyFigure


def _figure(**kwargs):
    return _figure_class()(**kwargs)


def _float(value: int) -> float:
    """A count as a float for drawing only (the figures stay exact elsewhere)."""
    return float(max(-_FLOAT_LIMIT, min(_FLOAT_LIMIT, value)))


def _document(result: Result, document: Any) -> Mapping[str, Any]:
    if document is None:
        return result.document or {}
    _, parsed = document_source(document)
    return parsed or {}


def _source_colours(result: Result, document: Mapping[str, Any]) -> dict[str, Any]:
    from matplotlib import colormaps

    order: list[str] = []
    for s in document.get("sources", []) or []:
        if isinstance(s, Mapping) and s.get("id") not in order:
            order.append(s.get("id"))
    for c in result.claims:
        if c.source not in order:
            order.append(c.source)
    from matplotlib.colors import to_hex

    def usable(name: str) -> list:
        colours = colormaps[name]
        return [colours(i) for i in range(colours.N) if to_hex(colours(i)) not in _RESERVED]

    palette = usable("tab10") if len(order) <= 8 else usable("tab20")
    return {source: palette[index % len(palette)] for index, source in enumerate(order)}


def _source_name(source: str, document: Mapping[str, Any]) -> str:
    for s in document.get("sources", []) or []:
        if isinstance(s, Mapping) and s.get("id") == source:
            return str(s.get("name") or source)
    return source


def _label(quantity: str, document: Mapping[str, Any]) -> str:
    for q in document.get("quantities", []) or []:
        if isinstance(q, Mapping) and q.get("id") == quantity:
            return str(q.get("label") or "")
    return ""


def _quantity_key(quantity: str | Sequence[str]) -> str:
    return quantity if isinstance(quantity, str) else " + ".join(quantity)


def _short(claim: ClaimOutcome) -> str:
    if claim.max is not None and claim.min == claim.max:
        return f"= {claim.min}"
    if claim.max is None:
        return f"≥ {claim.min}"
    if claim.min == 0:
        return f"≤ {claim.max}"
    return f"{claim.min}–{claim.max}"


def _offset(values: Sequence[int]) -> int:
    """An exact count subtracted from a panel's values before they become
    floats, when floats could not tell them apart (counts far beyond 2^53,
    close together: 2^70 and 2^70 + 5); 0 otherwise."""
    if not values:
        return 0
    low, high = min(values), max(values)
    if low > 2**53 and (high - low) * 2**40 < low:
        return low
    return 0


def _scale(values: Iterable[int], base: int = 0) -> tuple[str, float, float]:
    """The scale for a panel ("linear", "log" or "symlog") and its limits, for
    values drawn as `value - base`."""
    finite = [_float(v - base) for v in values]
    if not finite:
        return "linear", -0.5, 10.0
    low, high = min(finite), max(finite)
    positive = [v for v in finite if v > 0]
    if positive and high / max(min(positive), 1.0) >= 100:
        if low > 0:
            return "log", low / 1.6, high * 1.6
        return "symlog", -0.3, high * 1.6
    pad = (high - low) * 0.08 if high > low else max(1.0, abs(high) * 0.1)
    # A little room left of the lowest value, also below 0, so that a claim
    # or band starting at 0 does not sit on the axis.
    return "linear", low - pad, high + pad


def _count_formatter(base: int):
    """Tick labels as counts: thousands separated, nothing below 0."""
    from matplotlib.ticker import FuncFormatter

    def label(value: float, _position: Any) -> str:
        if base == 0 and value < -1e-9:
            return ""
        return f"{value:,.0f}" if base == 0 else f"+{value:,.0f}"

    return FuncFormatter(label)


def _style_claim_line(line, claim: ClaimOutcome) -> None:
    from matplotlib import patheffects

    if claim.in_conflict:
        width = line.get_linewidth()
        line.set_path_effects([patheffects.Stroke(linewidth=width + 3, foreground=_CONFLICT), patheffects.Normal()])


def _draw_claim(ax, claim: ClaimOutcome, position: float, colour, right_edge: float, vertical: bool = False,
                base: int = 0) -> None:
    """One claim at `position` on the other axis: a marker or a bar."""
    exact = claim.max is not None and claim.min == claim.max
    dropped = not claim.in_force
    gid = f"claim:{claim.id}"

    def xy(values: Sequence[float]) -> tuple[Sequence[float], Sequence[float]]:
        others = [position] * len(values)
        return (others, values) if vertical else (values, others)

    if exact:
        at = xy([_float(claim.min - base)])
        if claim.in_conflict:  # a red ring around the dot: the dot keeps its source's colour
            ax.plot(*at, linestyle="none", marker="o", markersize=15, markerfacecolor="none",
                    markeredgecolor=_CONFLICT, markeredgewidth=2.2, zorder=4)
        (marker,) = ax.plot(*at, linestyle="none", marker="o", markersize=9,
                            markerfacecolor="white" if dropped else colour, markeredgecolor=colour,
                            markeredgewidth=2.2 if dropped else 1.5, zorder=5)
        marker.set_gid(gid)
        return
    low = _float(claim.min - base)
    high = right_edge if claim.max is None else _float(claim.max - base)
    (bar,) = ax.plot(*xy([low, high]), color=colour, linewidth=4, linestyle=(0, (2, 1.2)) if dropped else "-",
                     solid_capstyle="butt", dash_capstyle="butt", alpha=0.75 if dropped else 1.0, zorder=3)
    bar.set_gid(gid)
    _style_claim_line(bar, claim)
    ends = [low] if claim.max is None else [low, high]
    ax.plot(*xy(ends), linestyle="none", marker="_" if vertical else "|", markersize=12, markeredgewidth=2,
            color=colour, zorder=3)
    if claim.max is None:
        ax.plot(*xy([high]), linestyle="none", marker="^" if vertical else ">", markersize=8, color=colour, zorder=3)


def _draw_band(ax, r: Range, right_edge: float, vertical: bool = False, at: float | None = None,
               width: float = 0.5, base: int = 0) -> None:
    tag = f"{r.quantity}@{r.as_of or 'final'}"
    low = _float(r.min - base)
    high = right_edge if r.max is None else _float(r.max - base)
    if at is None:
        if r.max is not None and r.min == r.max:
            band = ax.axvline(low, color=_BAND, alpha=0.35, linewidth=9, zorder=1)
        else:
            band = ax.axvspan(low, high, color=_BAND, alpha=0.2, linewidth=0, zorder=1)
        band.set_gid(f"range:{tag}")
        if r.max is None:  # the band runs off the panel: say so
            ax.text(0.995, 0.96, "range: no upper bound ▸", transform=ax.transAxes, ha="right", va="top",
                    fontsize=7.5, color="0.3", zorder=6)
        if r.estimate is not None:
            ax.axvline(_float(r.estimate - base), color=_ESTIMATE, linestyle=":", linewidth=1.6, zorder=2).set_gid(
                f"estimate:{tag}")
        return
    from matplotlib.patches import Rectangle

    height = max(high - low, 0.0)
    band = Rectangle((at - width / 2, low), width, height, color=_BAND, alpha=0.25, linewidth=0 if height else 6,
                     zorder=1)
    if not height:
        band.set_edgecolor(_BAND)
    ax.add_patch(band)
    band.set_gid(f"range:{tag}")


def _legend(ax, sources: Sequence[tuple[str, Any]], extras: Sequence[str]) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=colour, label=_shorten(name, 40)) for name, colour in sources]
    styles = {
        "exact": Line2D([], [], linestyle="none", marker="o", markersize=8, color="0.35", label="exact figure"),
        "range": Line2D([], [], color="0.35", linewidth=4, label="claimed range (▸: no upper bound)"),
        "conflict": Line2D([], [], color="0.35", linewidth=4, label="in a conflict (red outline or ring)",
                           path_effects=[]),
        "dropped": Line2D([], [], color="0.35", linewidth=4, linestyle=(0, (2, 1.2)),
                          label="dropped (adopted correction)"),
        "band": Patch(facecolor=_BAND, alpha=0.25, label="reconciled range"),
        "estimate": Line2D([], [], color=_ESTIMATE, linestyle=":", linewidth=1.6, label="estimate"),
    }
    from matplotlib import patheffects

    styles["conflict"].set_path_effects([patheffects.Stroke(linewidth=7, foreground=_CONFLICT), patheffects.Normal()])
    handles += [styles[name] for name in extras]
    ax.axis("off")
    ax.legend(handles=handles, loc="center", ncol=_legend_columns(len(handles)), frameon=False, fontsize=8.5,
              handlelength=2.6, columnspacing=1.5)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _legend_columns(entries: int) -> int:
    return 3 if entries > 4 else max(1, entries)


def _legend_height(entries: int) -> float:
    return 0.22 * math.ceil(entries / _legend_columns(entries)) + 0.15


def _panels(result: Result, quantities: Sequence[Any] | None) -> list[tuple[str, str | None, list[ClaimOutcome]]]:
    """(quantity key, as_of, claims) for every panel, in tree and time order."""
    order = {label: index for index, label in enumerate(result.time_points)}
    by_key: dict[tuple[str, str | None], list[ClaimOutcome]] = {}
    for claim in result.claims:
        by_key.setdefault((_quantity_key(claim.quantity), claim.as_of), []).append(claim)
    quantity_order: list[str] = []
    for r in result.ranges:
        if r.quantity not in quantity_order:
            quantity_order.append(r.quantity)
    if quantities is not None:
        wanted = [_quantity_key(q) for q in quantities]
    else:
        wanted = list(quantity_order)  # every range: a quantity without claims shows its band alone
        wanted += sorted({key for key, _ in by_key if key not in quantity_order})
    panels = []
    for key in wanted:
        points = sorted({as_of for k, as_of in by_key if k == key},
                        key=lambda p: order.get(p if p is not None else "final", len(order)))
        if not points:  # no claim: the final (or last) range alone
            points = [r.as_of for r in result.ranges if r.quantity == key][-1:] or [None]
        panels += [(key, point, by_key.get((key, point), [])) for point in points]
    return panels


def _find_range(result: Result, quantity: str, as_of: str | None) -> Range | None:
    for r in result.ranges:
        if r.quantity == quantity and r.as_of == as_of:
            return r
    return None


def _claim_label(claim: ClaimOutcome) -> str:
    return f"{claim.id}  {_short(claim)}" + ("  (dropped)" if not claim.in_force else "")


def _inches(text: str, points: float, em: float = 0.6) -> float:
    """A rough width of one line of text at `points` (matplotlib's DejaVu Sans)."""
    return max((len(line) for line in text.split("\n")), default=0) * points * em / 72


def plot(result: Result, document: Any = None, quantities: Sequence[Any] | None = None, *,
         width: float = 10.0, title: str | None = None):
    """Every claim against the reconciled ranges, one panel per quantity and
    time point: every quantity with a range (at the time points it has claims,
    else its final or last range) and every sum a claim is about ("a + b"), or
    the entries of `quantities`. `document` (Document, dict, path) supplies
    source names and labels when the result does not carry it.
    Returns the matplotlib Figure."""
    from matplotlib.ticker import MaxNLocator

    doc = _document(result, document)
    colours = _source_colours(result, doc)
    panels = _panels(result, quantities)
    several_points = len(result.time_points) > 1
    rows = [max(1, len(claims)) for _, _, claims in panels]
    shown_sources = {c.source for _, _, claims in panels for c in claims}
    legend_height = _legend_height(len(shown_sources) + 6)
    fig = _figure(figsize=(width, legend_height + 0.6 + sum(0.34 * n + 0.72 for n in rows)), layout="constrained")
    fig.get_layout_engine().set(w_pad=0.1)  # room left of the longest claim label
    grid = fig.add_gridspec(len(panels) + 1, 1, height_ratios=[legend_height] + [0.34 * n + 0.72 for n in rows])
    if title is None:
        event = doc.get("event") or {}
        name = str(event.get("title") or event.get("id") or "claims") if isinstance(event, Mapping) else "claims"
        title = f"{name} — {result.status}"
        if result.adopted:
            title += f"; ranges after dropping {', '.join(result.adopted.drop)}"
    fig.suptitle(title, fontsize=11)
    # Every panel shares the left edge that the widest claim label sets.
    label_width = max((_inches(_claim_label(c), 9, 0.58) for _, _, claims in panels for c in claims), default=0.5)
    axes_width = max(2.5, width - label_width - 0.4)
    extras = {"band"}
    for index, (key, as_of, claims) in enumerate(panels):
        ax = fig.add_subplot(grid[index + 1, 0])
        r = _find_range(result, key, as_of)
        values = [c.min for c in claims] + [c.max for c in claims if c.max is not None]
        if r is not None:
            values += [r.min] + ([r.max] if r.max is not None else []) + ([r.estimate] if r.estimate is not None else [])
        base = _offset(values)
        scale, left, right = _scale(values, base)
        unbounded = any(c.max is None for c in claims) or (r is not None and r.max is None)
        if unbounded:
            right = right * (2.5 if scale != "linear" else 1.0) + (0 if scale != "linear" else (right - left) * 0.25 + 1)
        if scale == "symlog":
            ax.set_xscale("symlog", linthresh=1.0)
        elif scale == "log":
            ax.set_xscale("log")
        else:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.xaxis.set_major_formatter(_count_formatter(base))
        if base:
            ax.set_xlabel(f"count − {base:,}", fontsize=8, loc="left")
        edge = right * 0.98 if scale != "linear" else right - (right - left) * 0.02
        if r is not None:
            _draw_band(ax, r, edge, base=base)
            if r.estimate is not None:
                extras.add("estimate")
        for row, claim in enumerate(claims):
            _draw_claim(ax, claim, row, colours[claim.source], edge, base=base)
            exact = claim.max is not None and claim.min == claim.max
            extras.add("exact" if exact else "range")
            if claim.in_conflict:
                extras.add("conflict")
            if not claim.in_force:
                extras.add("dropped")
        if not claims:
            ax.text(0.01, 0.5, "no claim about this quantity", transform=ax.transAxes, ha="left", va="center",
                    fontsize=8.5, color="0.3", style="italic", zorder=6)
        ax.set_xlim(left, right)
        ax.set_ylim(max(1, len(claims)) - 0.5, -0.5)
        ax.set_yticks(range(len(claims)), [_claim_label(c) for c in claims], fontsize=9)
        for tick, claim in zip(ax.get_yticklabels(), claims):
            if claim.in_conflict:
                tick.set_color(_CONFLICT)
            if not claim.in_force:
                tick.set_fontstyle("italic")
        heading = key + (f"   [{as_of or 'final'}]" if several_points else "")
        if r is not None:
            heading += f":  reconciled {range_text(r.min, r.max)}"
            if r.estimate is not None and not r.exact:
                heading += f", estimate {r.estimate}"
        if _inches(heading, 10, 0.62) > axes_width:  # too long for one line (huge counts): two
            heading = heading.replace(":  reconciled", "\nreconciled", 1).replace(", estimate", "\nestimate", 1)
        ax.set_title(heading, loc="left", fontsize=10, fontweight="bold")
        label = _label(key, doc)
        if label:
            room = axes_width - _inches(heading, 10, 0.62) - 0.4
            ax.set_title(_shorten(label, max(24, int(room * 72 / (8.5 * 0.52)))), loc="right", fontsize=8.5,
                         color="0.4", style="italic")
        ax.grid(axis="x", alpha=0.3)
        ax.tick_params(axis="x", labelsize=8)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    order = ["exact", "range", "conflict", "dropped", "band", "estimate"]
    _legend(fig.add_subplot(grid[0, 0]), [(_source_name(s, doc), colours[s]) for s in colours if s in shown_sources],
            [name for name in order if name in extras])
    return fig


def plot_timeline(result: Result, quantity: str, document: Any = None, *, width: float = 8.0,
                  height: float = 4.5):
    """The running count of `quantity` over the document's time points: the
    reconciled range at each point as a bar, the estimates joined by a line,
    and the claims about it at each point (same styles as `plot`). Returns the
    matplotlib Figure."""
    from matplotlib.ticker import MaxNLocator

    doc = _document(result, document)
    colours = _source_colours(result, doc)
    points = list(result.time_points)
    ranges = {r.as_of or "final": r for r in result.ranges if r.quantity == quantity}
    if not ranges:
        raise KeyError(f"no range for {quantity!r} in the result")
    claims = [c for c in result.claims if c.quantity == (quantity,)]
    values = [v for r in ranges.values() for v in (r.min, r.max, r.estimate) if v is not None]
    values += [v for c in claims for v in (c.min, c.max) if v is not None]
    base = _offset(values)
    scale, bottom, top = _scale(values, base)
    if any(r.max is None for r in ranges.values()) or any(c.max is None for c in claims):
        top = top * 2.5 if scale != "linear" else top + (top - bottom) * 0.25 + 1
    edge = top * 0.98 if scale != "linear" else top - (top - bottom) * 0.02

    fig = _figure(figsize=(width, height), layout="constrained")
    grid = fig.add_gridspec(2, 1, height_ratios=[0.9, height - 0.9])
    ax = fig.add_subplot(grid[1, 0])
    if scale == "symlog":
        ax.set_yscale("symlog", linthresh=1.0)
    elif scale == "log":
        ax.set_yscale("log")
    else:
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(_count_formatter(base))
    positions = {label: index for index, label in enumerate(points)}
    estimates = []
    for label in points:
        r = ranges.get(label)
        if r is None:
            continue
        _draw_band(ax, r, edge, vertical=True, at=positions[label], width=0.55, base=base)
        if r.estimate is not None:
            estimates.append((positions[label], _float(r.estimate - base)))
    if estimates:
        xs, ys = zip(*estimates)
        (line,) = ax.plot(xs, ys, color=_ESTIMATE, linestyle=":", linewidth=1.6, marker="D", markersize=4, zorder=2)
        line.set_gid(f"estimate:{quantity}")
    extras = {"band"} | ({"estimate"} if estimates else set())
    used_sources: list[str] = []
    for label in points:
        here = [c for c in claims if (c.as_of or "final") == label]
        for slot, claim in enumerate(here):
            offset = (slot - (len(here) - 1) / 2) * min(0.12, 0.5 / max(1, len(here)))
            _draw_claim(ax, claim, positions[label] + offset, colours[claim.source], edge, vertical=True, base=base)
            if claim.source not in used_sources:
                used_sources.append(claim.source)
            extras.add("exact" if claim.max is not None and claim.min == claim.max else "range")
            extras |= ({"conflict"} if claim.in_conflict else set()) | ({"dropped"} if not claim.in_force else set())
    ax.set_xticks(range(len(points)), points, fontsize=9)
    ax.set_xlim(-0.6, len(points) - 0.4)
    ax.set_ylim(bottom, top)
    label = _label(quantity, doc)
    ax.set_title(quantity + (f" — {label}" if label else ""), loc="left", fontsize=10, fontweight="bold")
    ax.set_ylabel("count" if not base else f"count − {base:,}")
    ax.grid(axis="y", alpha=0.3)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    order = ["exact", "range", "conflict", "dropped", "band", "estimate"]
    _legend(fig.add_subplot(grid[0, 0]), [(_source_name(s, doc), colours[s]) for s in used_sources],
            [name for name in order if name in extras])
    return fig
