"""tally.plot and tally.plot_timeline draw every claim and every range."""

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

import tally  # noqa: E402
from conftest import HASAKAH  # noqa: E402


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


def test_hasakah_plot_has_one_artist_per_claim_and_a_band_per_panel(artifacts):
    result = tally.reconcile(HASAKAH)
    fig = tally.plot(result)
    assert isinstance(fig, Figure)
    assert sorted(gids(fig, "claim:")) == sorted(f"claim:{c.id}" for c in result.claims)
    claimed = {c.quantity[0] for c in result.claims}
    assert sorted(gids(fig, "range:")) == sorted(f"range:{q}@final" for q in claimed)
    assert len(gids(fig, "estimate:")) == len(claimed)
    assert len(fig.axes) == len(claimed) + 1  # one panel per quantity, and the legend
    conflicting = [t for ax in fig.axes for t in ax.get_yticklabels() if t.get_text().startswith("officials-inmates")]
    assert conflicting and "(dropped)" in conflicting[0].get_text()
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
    fig.savefig(artifacts / "sample.png", dpi=60)


def test_several_time_points_give_a_panel_each_and_a_timeline(artifacts):
    result = tally.reconcile(running_toll())
    assert len(result.time_points) == 5
    fig = tally.plot(result)
    assert len(gids(fig, "claim:")) == 7 and len(gids(fig, "range:")) == 6
    fig.savefig(artifacts / "running-toll.png", dpi=80)
    timeline = tally.plot_timeline(result, "killed")
    assert isinstance(timeline, Figure)
    assert len(gids(timeline, "claim:")) == 6  # every claim about killed alone
    assert len(gids(timeline, "range:")) == 5  # one bar per time point
    assert gids(timeline, "estimate:") == ["estimate:killed"]
    timeline.savefig(artifacts / "running-toll-timeline.png", dpi=100)
