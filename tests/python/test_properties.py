"""Properties every reconciliation has, on random documents of the
differential tests' generator (tests/differential/generate.py). Each failure
names the document's seed and index, so `generate.py --seed S --count N`
writes it again (it is line N, counting from 0)."""

from __future__ import annotations

import copy
import json
import random
import sys

import pytest

import tally
from conftest import REPO

sys.path.insert(0, str(REPO / "tests" / "differential"))
import generate  # noqa: E402

SEED = 20261204
DOCUMENTS = [(index, index % 2 == 1) for index in range(300)]  # (index, contradicted)


def document(index: int, contradicted: bool) -> dict:
    return json.loads(generate.document(SEED, index, contradicted))


def named(index: int) -> str:
    return f"seed {SEED}, document {index}"


def ranges_of(result: dict) -> dict:
    return {(r["quantity"], r["as_of"]): (r["min"], r["max"]) for r in result["ranges"]}


def within(inner: tuple, outer: tuple) -> bool:
    (low, high), (outer_low, outer_high) = inner, outer
    return low >= outer_low and (outer_high is None or (high is not None and high <= outer_high))


def comparable(result: dict, rename=lambda claim_id: claim_id, estimates=True) -> dict:
    """The result without the order of its lists and with claim ids mapped
    back by `rename`'s inverse (given as a function on the renamed ids),
    estimates and the reasons for their absence included unless
    `estimates` is False."""
    def ids(values):
        return sorted(rename(v) for v in values)
    out = {
        "status": result["status"],
        "complete": result.get("complete"),
        "ranges": sorted((r["quantity"], str(r["as_of"]), str(r["min"]), str(r["max"]),
                          str(r.get("estimate")) + str(r.get("no_estimate")) if estimates else "")
                         for r in result["ranges"]),
        "claims": sorted((rename(c["id"]), c["in_force"], c["constraint"]) for c in result["claims"]),
        "conflicts": sorted((tuple(ids(c["claims"])), str(c["gap"])) for c in result.get("conflicts", [])),
        "corrections": sorted((tuple(ids(c["drop"])), str(c["weight"])) for c in result.get("corrections", [])),
    }
    adopted = result.get("adopted")
    out["adopted"] = None if adopted is None else (tuple(ids(adopted["drop"])), str(adopted["weight"]))
    return out


@pytest.fixture(scope="module")
def reconciled():
    return {index: (document(index, contradicted), tally.reconcile(document(index, contradicted)).to_dict())
            for index, contradicted in DOCUMENTS}


def test_every_claim_is_accounted_for(reconciled):
    for index, (doc, result) in reconciled.items():
        assert [c["id"] for c in result["claims"]] == [c["id"] for c in doc["claims"]], named(index)
        dropped = set(result["adopted"]["drop"]) if result.get("adopted") else set()
        for c in result["claims"]:
            assert c["in_force"] == (c["id"] not in dropped), named(index)


def test_ranges_contain_the_estimate(reconciled):
    checked = 0
    for index, (_, result) in reconciled.items():
        for r in result["ranges"]:
            if r.get("estimate") is None:
                continue
            checked += 1
            assert r["min"] <= r["estimate"] and (r["max"] is None or r["estimate"] <= r["max"]), (named(index), r)
    assert checked > 0


def test_dropping_the_adopted_correction_leaves_a_consistent_document(reconciled):
    conflicting = 0
    for index, (doc, result) in reconciled.items():
        if result["status"] != "conflicting":
            continue
        conflicting += 1
        dropped = set(result["adopted"]["drop"])
        rest = copy.deepcopy(doc)
        rest["claims"] = [c for c in rest["claims"] if c["id"] not in dropped]
        after = tally.reconcile(rest).to_dict()
        assert after["status"] == "consistent", named(index)
        # the ranges after the correction, at the time points both have (the
        # dropped claims' dates are time points only of the first)
        before, now = ranges_of(result), ranges_of(after)
        assert {k: v for k, v in now.items() if k in before} == {k: v for k, v in before.items() if k in now}, named(index)
    assert conflicting > 10


def test_pinning_a_count_inside_its_range_keeps_it_consistent_and_widens_nothing(reconciled):
    rng = random.Random(SEED)
    tried = 0
    for index, (doc, result) in reconciled.items():
        if result["status"] != "consistent":
            continue
        finite = [r for r in result["ranges"] if r["max"] is not None and r["as_of"] is None]
        if not finite:
            continue
        r = rng.choice(finite)
        value = rng.randint(r["min"], r["max"])
        pinned = copy.deepcopy(doc)
        pinned["claims"].append({"id": "zz-pinned", "source": doc["sources"][0]["id"], "quantity": r["quantity"],
                                 "qualifier": "exactly", "value": value})
        after = tally.reconcile(pinned).to_dict()
        tried += 1
        # every integer of an exact range is attained, so the pin holds
        assert after["status"] == "consistent", (named(index), r["quantity"], value)
        before = ranges_of(result)
        for key, bounds in ranges_of(after).items():
            assert within(bounds, before[key]), (named(index), key, bounds, before[key])
        assert ranges_of(after)[(r["quantity"], None)] == (value, value), named(index)
    assert tried > 10


def test_permuting_claims_quantities_and_sources_changes_nothing(reconciled):
    rng = random.Random(SEED + 1)
    for index, (doc, result) in reconciled.items():
        shuffled = copy.deepcopy(doc)
        for key in ("claims", "quantities", "sources", "relations"):
            if key in shuffled:
                rng.shuffle(shuffled[key])
        again = tally.reconcile(shuffled).to_dict()
        # estimates too: no tie is broken, so nothing follows the document's order
        assert comparable(again) == comparable(result), named(index)
        explained = {tuple(sorted(c["claims"])): c["explanation"] for c in result.get("conflicts", [])}
        for c in again.get("conflicts", []):
            assert c["explanation"] == explained[tuple(sorted(c["claims"]))], named(index)


def test_renaming_claims_changes_nothing_but_their_names(reconciled):
    # "p-" before every id keeps their order, so the tie-breaks are the same
    for index, (doc, result) in reconciled.items():
        renamed = copy.deepcopy(doc)
        for c in renamed["claims"]:
            c["id"] = "p-" + c["id"]
        again = tally.reconcile(renamed).to_dict()
        assert comparable(again, rename=lambda claim_id: claim_id[2:]) == comparable(result), named(index)
        explained = {tuple(sorted(c["claims"])): c["explanation"] for c in result.get("conflicts", [])}
        for c in again.get("conflicts", []):
            original = tuple(sorted(claim_id[2:] for claim_id in c["claims"]))
            text = c["explanation"]
            for claim_id in sorted((d["id"] for d in doc["claims"]), key=len, reverse=True):
                text = text.replace("p-" + claim_id, claim_id)
            assert text == explained[original], named(index)


def test_output_is_byte_identical_across_runs_and_thread_counts(reconciled):
    for index, (doc, result) in reconciled.items():
        text = json.dumps(result, sort_keys=True)
        for threads in (1, 2, 1):
            again = tally.reconcile(doc, threads=threads)
            assert json.dumps(again.to_dict(), sort_keys=True) == text, (named(index), threads)
            assert again.to_json() == tally.reconcile(doc).to_json(), (named(index), threads)


def named_in_notes(report: str, prefix: str = "No estimate for ") -> tuple[set, int]:
    """The quantities the report's notes on missing estimates name, and how
    many each note counts in all (named, or "and N more"), summed."""
    names, counted = set(), 0
    for line in report.replace("\n", " ").split(prefix)[1:]:
        listed = line.split(":", 1)[0]
        for item in listed.replace(" and ", ", ").split(", "):
            if item.endswith(" more"):
                counted += int(item.split()[0])
            else:
                names.add(item.strip("`"))
                counted += 1
    return names, counted


def test_text_markdown_and_json_agree_on_which_counts_have_no_estimate(reconciled):
    missing_somewhere = 0
    for index, (doc, result) in reconciled.items():
        missing = {r["quantity"] for r in result["ranges"] if r["estimate"] is None}
        reasons = {r["no_estimate"] for r in result["ranges"] if r["estimate"] is None}
        # one note per reason, naming each quantity once (a count can lack an
        # estimate for one reason at one date and for another at the next)
        per_reason = len({(r["quantity"], r["no_estimate"]) for r in result["ranges"] if r["estimate"] is None})
        for r in result["ranges"]:
            assert (r["estimate"] is None) == (r["no_estimate"] is not None), named(index)
            assert r["no_estimate"] in (None, "no-figure", "tie"), named(index)
        missing_somewhere += bool(missing)
        for form in ("text", "markdown"):
            report = tally.report(doc, form)
            names, counted = named_in_notes(report)
            assert report.count("No estimate for ") == len(reasons), f"{named(index)}, {form}"
            assert counted == per_reason, f"{named(index)}, {form}"
            assert names <= missing and (names == missing or counted > len(names)), f"{named(index)}, {form}"
    assert missing_somewhere > 100
