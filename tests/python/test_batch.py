"""tally.reconcile_many and tally.dask: the library's batch engine from Python,
checked against `tally batch` on the same documents and on a Dask
LocalCluster of worker processes."""

from __future__ import annotations

import itertools
import json
import os
import pathlib
import signal
import subprocess
import threading
import time

import pytest

import tally
from conftest import HASAKAH, REPO

TALLY_COMMAND = REPO / "build" / "tally"
#: Regions' monthly running tolls against a ministry's national floor:
#: conflicting, and seconds of work (tests/data/README.md).
SLOW_SERIES = REPO / "tests" / "data" / "slow-series.json"


def documents() -> list[str]:
    """Conflicting, consistent, invalid JSON, invalid document, empty: one of each, repeated."""
    hasakah = json.loads(HASAKAH.read_text(encoding="utf-8"))
    consistent = json.loads(json.dumps(hasakah))
    consistent["event"]["id"] = "without-officials"
    consistent["claims"] = [c for c in consistent["claims"] if c["id"] != "officials-inmates"]
    kinds = [json.dumps(hasakah, ensure_ascii=False), json.dumps(consistent, ensure_ascii=False),
             '{"format": "tally/1"', '{"format": "tally/1", "event": {"id": "no-claims"}, "claims": [{"id": "x"}]}', ""]
    return [kinds[(i * 7 + i // 5) % len(kinds)] for i in range(40)]


def test_results_come_in_input_order_with_line_and_event():
    results = list(tally.reconcile_many(documents()[:5], jobs=2))
    assert [r.line for r in results] == [1, 2, 3, 4, 5]
    assert [r.status for r in results] == ["conflicting", "invalid", "invalid", "consistent", "invalid"]
    assert [r.event for r in results] == ["hasakah-prison-2022", None, None, "without-officials", "no-claims"]
    assert results[0].adopted.drop == ("officials-inmates",)
    assert results[1].diagnostics[0].code == "syntax"


def test_the_same_for_any_number_of_jobs_and_window():
    alone = [r.to_dict() for r in tally.reconcile_many(documents(), jobs=1, window=1)]
    for jobs, window in ((2, 3), (4, 0), (0, 0)):
        assert [r.to_dict() for r in tally.reconcile_many(documents(), jobs=jobs, window=window)] == alone


def test_equals_tally_batch_on_the_same_documents(tmp_path: pathlib.Path):
    if not TALLY_COMMAND.exists():
        pytest.skip(f"{TALLY_COMMAND} is not built (scripts/setup.sh builds it)")
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(documents()) + "\n", encoding="utf-8")
    batch = subprocess.run([str(TALLY_COMMAND), "batch", str(path), "--quiet"], capture_output=True, check=True)
    lines = batch.stdout.decode("utf-8").splitlines()
    from_engine = list(tally._api.reconcile_texts(documents(), jobs=2))
    assert from_engine == lines  # the very bytes
    results = list(tally.reconcile_many(documents()))
    assert [r.to_dict() for r in results] == [tally.Result.from_json(line).to_dict() for line in lines]
    assert all(r.to_dict()["line"] == json.loads(line)["line"] for r, line in zip(results, lines))


def test_any_input_reconcile_takes_and_a_document_dict_kept():
    doc = tally.Document(event="e").source("s", reliability=0.5).claim("c1", "s", "killed", "exactly", 3)
    [from_builder, from_path, from_dict] = tally.reconcile_many([doc, HASAKAH, json.loads(HASAKAH.read_text())])
    assert from_builder.status == "consistent" and from_builder.range("killed").min == 3
    assert from_path.status == from_dict.status == "conflicting"
    assert from_path.document["event"]["id"] == "hasakah-prison-2022"


def test_streams_an_endless_generator():
    hasakah = HASAKAH.read_text(encoding="utf-8")
    endless = itertools.repeat(hasakah)
    taken = list(itertools.islice(tally.reconcile_many(endless, jobs=2, window=4), 10))
    assert [r.line for r in taken] == list(range(1, 11))


def test_a_time_limit_stops_one_document_and_the_rest_go_on():
    slow = SLOW_SERIES.read_text(encoding="utf-8")
    start = time.monotonic()
    [stopped, after] = tally.reconcile_many([slow, HASAKAH], jobs=1, time_limit=0.2)
    assert time.monotonic() - start < 30
    assert stopped.status == "time_limit" and "time limit" in stopped.message and stopped.event == "slow-series"
    assert stopped.to_dict() == {"line": 1, "event": "slow-series", "status": "time_limit", "message": stopped.message}
    assert after.status == "conflicting"


def interrupted_within(seconds: float, call) -> None:
    """Sends this process Ctrl-C 0.3 s into `call` and requires
    KeyboardInterrupt from it within `seconds` of its start."""
    timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
    start = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            call()
    finally:
        timer.cancel()
    assert time.monotonic() - start < seconds


def test_ctrl_c_interrupts_a_long_wait():
    # the slow series alone takes seconds
    interrupted_within(2, lambda: list(tally.reconcile_many([SLOW_SERIES.read_text(encoding="utf-8")] * 2, jobs=2)))


def test_reconcile_stops_at_its_time_limit():
    start = time.monotonic()
    with pytest.raises(tally.TimeLimitReached, match="time limit of 0.2 s"):
        tally.reconcile(SLOW_SERIES, time_limit=0.2)
    assert time.monotonic() - start < 30
    assert tally.reconcile(HASAKAH, time_limit=60).status == "conflicting"
    with pytest.raises(ValueError, match="time_limit"):
        tally.reconcile(HASAKAH, time_limit=-1)


def test_a_time_limit_cuts_a_long_listing_short_and_the_result_stays_exact():
    # tests/data/README.md: 2^24 minimal conflicts, one cheapest correction
    start = time.monotonic()
    result = tally.reconcile(REPO / "tests" / "data" / "many-conflicts.json", time_limit=2,
                             max_conflicts=10**9, max_corrections=10**9)
    assert time.monotonic() - start < 3
    assert result.status == "conflicting" and result.complete is False
    assert result.adopted.drop == ("total",) and result.adopted.optimal
    assert result.conflicts and all(len(c.claims) == 25 and "total" in c.claims for c in result.conflicts)


def test_ctrl_c_interrupts_one_long_reconcile():
    interrupted_within(2, lambda: tally.reconcile(SLOW_SERIES))


@pytest.mark.parametrize("options, error, message", [
    ({"jobs": -1}, ValueError, "jobs"), ({"window": 1.5}, TypeError, "window"),
    ({"time_limit": -1}, ValueError, "time_limit"), ({"time_limit": "soon"}, TypeError, "time_limit"),
    ({"max_conflicts": -3}, ValueError, "max_conflicts"),
])
def test_wrong_options_are_type_or_value_errors(options, error, message):
    with pytest.raises(error, match=message):
        tally.reconcile_many([HASAKAH], **options)  # at once, before iterating


def test_a_wrong_document_type_is_a_type_error():
    with pytest.raises(TypeError, match="claims document"):
        list(tally.reconcile_many([42]))


@pytest.mark.parametrize("one", [str(HASAKAH), HASAKAH, json.loads(HASAKAH.read_text(encoding="utf-8")),
                                 HASAKAH.read_text(encoding="utf-8")])
def test_one_document_or_a_path_instead_of_many_is_a_type_error(one):
    with pytest.raises(TypeError, match="iterable of documents"):
        tally.reconcile_many(one)


# --- Dask ------------------------------------------------------------------

dask = pytest.importorskip("dask", reason="python3-dask comes with scripts/setup.sh")
distributed = pytest.importorskip("distributed", reason="python3-distributed comes with scripts/setup.sh")
import tally.dask  # noqa: E402  (after the skips: it needs nothing of Dask itself, the tests do)


@pytest.fixture(scope="module")
def cluster_client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            yield client


def test_a_dask_bag_on_two_worker_processes_equals_reconcile_many(cluster_client):
    import dask.bag as db

    docs = documents()
    bag = db.from_sequence(docs, npartitions=4)
    results = tally.dask.reconcile_bag(bag).compute()
    expected = [json.loads(line) for line in tally._api.reconcile_texts(docs)]
    for r in expected:
        del r["line"]
    assert results == expected
    workers = cluster_client.run(lambda: __import__("os").getpid())
    assert len(set(workers.values())) == 2  # two processes did the work


def test_a_dask_frame_of_claims_grouped_by_event(cluster_client):
    import dask.dataframe as dd
    import pandas as pd

    hasakah = json.loads(HASAKAH.read_text(encoding="utf-8"))
    structure = {k: hasakah[k] for k in ("quantities", "relations", "sources")}
    columns = ["id", "source", "quantity", "qualifier", "value", "as_of"]
    rows = []
    for event in ("as-reported", "without-officials", "only-sohr"):
        for c in hasakah["claims"]:
            if event == "without-officials" and c["id"] == "officials-inmates":
                continue
            if event == "only-sohr" and c["source"] != "sohr":
                continue
            rows.append({"event": event, **{k: c.get(k) for k in columns}})
    claims = dd.from_pandas(pd.DataFrame(rows), npartitions=2)
    ranges = tally.dask.reconcile_claims(claims, structure).compute()
    assert list(ranges.columns) == tally.dask.RANGE_COLUMNS
    statuses = ranges.groupby("event")["status"].first().to_dict()
    assert statuses == {"as-reported": "conflicting", "without-officials": "consistent", "only-sohr": "consistent"}
    killed = ranges[(ranges.event == "as-reported") & (ranges.quantity == "killed")]
    assert killed["min"].tolist() == [181] and killed["max"].tolist() == [181]
    # the same event alone, in this process
    alone = tally.reconcile({**structure, "format": "tally/1", "event": {"id": "as-reported"},
                             "claims": [{k: v for k, v in r.items() if k != "event" and v is not None}
                                        for r in rows if r["event"] == "as-reported"]})
    assert killed["estimate"].tolist() == [alone.range("killed").estimate]
