"""tally.plot and tally.plot_timeline draw every claim and every range."""

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import tally  # noqa: E402
from conftest import HASAKAH  # noqa: E402
from tally._plot import _BAND as BAND, _CONFLICT as CONFLICT  # noqa: E402


def gids(fig, prefix):
    return [a.get_gid() for a in fig.findobj(lambda a: (a.get_gid() or "").startswith(prefix))]


def running_toll() -> tally.Document:
    return (tally.Document(event="running", title="A running toll", start="2022-01-20", end="2022-01-26")
            .source("sohr", name="SOHR", reliability=0.8).source("officials", name="Officials")
            .whole("killed", ["killed.isis", "killed.other"])
            .claim("s21", "sohr", "killed", "at least", 28, as_of="2022-01-21")
            .claim("o22", "officials", "killed", "about", 70, as_of="2022-01-22")
            .claim("s23", "sohr", "killed", "exactly", 89, as_of="2022-01-23")
            .claim("o23", "officials", "killed", "fewer than", 80, as_of="2022-01-23")
            .claim("s24", "sohr", "killed", "between", 120, 160, as_of="2022-01-24T18:00")
            .claim("sfinal", "sohr", "killed", "exactly", 181, as_of="2022-01-26")
            .claim("isis", "sohr", "killed.isis", "exactly", 124))


def colour(artist):
    return to_hex(artist.get_markerfacecolor() if artist.get_linestyle() == "None" and
                  artist.get_markerfacecolor() != "white" else
                  artist.get_markeredgecolor() if artist.get_linestyle() == "None" else artist.get_color())


def red_rings(ax):
    """The positions of the red rings that mark exact figures in a conflict."""
    return [tuple(line.get_xydata()[0]) for line in ax.get_lines()
            if line.get_marker() == "o" and line.get_markerfacecolor() == "none"
            and to_hex(line.get_markeredgecolor()) == CONFLICT]


def assert_legible(fig):
    """Every text of the figure lies inside it, and no two texts of a panel
    (titles, claim labels, notes) overlap."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    page = fig.bbox
    for ax in fig.axes:
        if not ax.axison:  # the legend's frame
            continue
        texts = [t for t in (ax.title, ax._left_title, ax.xaxis.label, *ax.get_yticklabels(), *ax.texts)
                 if t.get_visible() and t.get_text()]
        boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
        for text, box in boxes:
            assert page.x0 - 1 <= box.x0 and box.x1 <= page.x1 + 1 and page.y0 - 1 <= box.y0 and \
                box.y1 <= page.y1 + 1, f"{text!r} leaves the figure"
        for i, (a, box_a) in enumerate(boxes):
            for b, box_b in boxes[i + 1:]:
                assert not box_a.overlaps(box_b), f"{a!r} overlaps {b!r}"


def test_hasakah_plot_shows_every_claim_and_every_range_legibly(artifacts):
    result = tally.reconcile(HASAKAH)
    fig = tally.plot(result)
    assert isinstance(fig, Figure)
    assert sorted(gids(fig, "claim:")) == sorted(f"claim:{c.id}" for c in result.claims)
    # every range, "escaped" included although no claim is about it
    assert sorted(gids(fig, "range:")) == sorted(f"range:{r.quantity}@final" for r in result.ranges)
    assert "range:escaped@final" in gids(fig, "range:")
    # an estimate line wherever there is an estimate, and none where there is none
    assert sorted(gids(fig, "estimate:")) == sorted(f"estimate:{r.quantity}@final" for r in result.ranges
                                                    if r.estimate is not None)
    assert "estimate:escaped@final" not in gids(fig, "estimate:")
    assert len(fig.axes) == len(result.ranges) + 1  # one panel per quantity, and the legend
    panels = {ax.get_title(loc="left").split(":")[0]: ax for ax in fig.axes[:-1]}
    assert sorted(t.get_text() for t in panels["escaped"].texts) == ["no claim about this quantity",
                                                              "range: no upper bound ▸"]
    conflicting = [t for ax in fig.axes for t in ax.get_yticklabels() if t.get_text().startswith("officials-inmates")]
    assert conflicting and "(dropped)" in conflicting[0].get_text()
    assert to_hex(conflicting[0].get_color()) == CONFLICT and conflicting[0].get_fontstyle() == "italic"
    # the exact figures in a conflict wear a red ring, the others none
    assert red_rings(panels["killed"]) == [(181.0, 0.0)] and red_rings(panels["killed.isis"]) == [(124.0, 0.0)]
    assert red_rings(panels["killed.civilians"]) == []
    # one colour per source, never the conflict red nor the band's grey
    claim_colour = {artist.get_gid()[6:]: colour(artist) for artist in fig.findobj(
        lambda a: (a.get_gid() or "").startswith("claim:"))}
    by_source = {}
    for c in result.claims:
        by_source.setdefault(c.source, set()).add(claim_colour[c.id])
    assert all(len(colours) == 1 for colours in by_source.values()), by_source
    used = {next(iter(colours)) for colours in by_source.values()}
    assert len(used) == len(by_source) and not used & {CONFLICT, BAND}
    band = next(iter(fig.findobj(lambda a: a.get_gid() == "range:inmates@final")))
    assert to_hex(band.get_facecolor()) == BAND
    assert_legible(fig)
    fig.savefig(artifacts / "hasakah.png", dpi=100)
    assert (artifacts / "hasakah.png").stat().st_size > 10_000


def test_plot_of_chosen_quantities_and_labels_from_a_document(artifacts):
    result = tally.reconcile(HASAKAH.read_text(encoding="utf-8"))
    fig = tally.plot(result, document=HASAKAH, quantities=["killed.isis.inmates", "escaped"])
    assert gids(fig, "claim:") == ["claim:officials-inmates"]
    assert sorted(gids(fig, "range:")) == ["range:escaped@final", "range:killed.isis.inmates@final"]
    titles = [ax.get_title(loc="right") for ax in fig.axes]
    assert "inmates of the prison killed" in titles


def test_plot_of_a_hand_written_result_with_huge_counts(sample_result_dict, artifacts):
    result = tally.Result.from_dict(sample_result_dict)
    fig = tally.plot(result)
    assert len(gids(fig, "claim:")) == len(result.claims)
    # 2^70 and 2^70 + 5 are one float: the panel draws them less an exact offset
    (big,) = fig.findobj(lambda a: a.get_gid() == "claim:big")
    assert list(big.get_xdata()) == [0.0, 5.0]
    (panel,) = [ax for ax in fig.axes if ax.get_title(loc="left").startswith("missing")]
    assert panel.get_xlabel() == f"count − {2**70:,}"
    assert f"{2**70}–{2**70 + 5}" in panel.get_title(loc="left")
    assert_legible(fig)
    fig.savefig(artifacts / "sample.png", dpi=60)


def test_several_time_points_give_a_panel_each_and_a_timeline(artifacts):
    result = tally.reconcile(running_toll())
    assert len(result.time_points) == 5
    fig = tally.plot(result)
    assert len(gids(fig, "claim:")) == 7
    # killed at its five time points, killed.isis and killed.other (no claim) at the final one
    assert sorted(gids(fig, "range:")) == sorted(
        [f"range:killed@{p}" for p in result.time_points] + ["range:killed.isis@final", "range:killed.other@final"])
    assert_legible(fig)
    fig.savefig(artifacts / "running-toll.png", dpi=80)
    timeline = tally.plot_timeline(result, "killed")
    assert isinstance(timeline, Figure)
    assert len(gids(timeline, "claim:")) == 6  # every claim about killed alone
    assert len(gids(timeline, "range:")) == 5  # one bar per time point
    assert gids(timeline, "estimate:") == ["estimate:killed"]
    rings = red_rings(timeline.axes[0])
    assert len(rings) == 1 and rings[0][1] == 89.0  # s23, in a conflict with o23 on 23 January
    assert_legible(timeline)
    timeline.savefig(artifacts / "running-toll-timeline.png", dpi=100)
