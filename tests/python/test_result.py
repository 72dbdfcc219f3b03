"""Result values, conversions, DataFrames and HTML, from a result in the JSON
report's shape (no solving involved)."""

import json
from fractions import Fraction

import pandas as pd
import pytest

import tally


def test_fields_have_exact_python_types(sample_result_dict):
    r = tally.Result.from_dict(sample_result_dict)
    assert r.status == "conflicting" and r.complete is True and r.time_points == ["final"]
    assert all(isinstance(x, tally.Range) for x in r.ranges)
    big = r.range("missing")
    assert big.min == 2**70 and type(big.min) is int and big.max == 2**70 + 5
    assert r.range("inmates").max is None
    assert r.conflicts[0].claims == ("officials-inmates", "sohr-isis") and r.conflicts[0].gap == 76
    assert r.corrections[1].weight == Fraction(8, 5) and isinstance(r.corrections[1].weight, Fraction)
    assert r.adopted == tally.Adopted(("officials-inmates",), Fraction(1, 2), optimal=True,
                                      lower_bound=Fraction(1, 2), tie=False, proof_conflicts=1)
    assert r.adopted.as_correction() == r.corrections[0] and r.is_adopted(r.corrections[0])
    assert r.disputes[0].corrections[1].weight == Fraction(8, 5)
    assert r.dropped == ("officials-inmates",)
    claim = r.claim("officials-inmates")
    assert claim.in_force is False and claim.in_conflict is True and claim.max is None
    assert r.claim("report-held").weight == Fraction(1, 3)
    assert r.range("killed").exact and not r.range("killed.isis.inmates").exact


def test_to_dict_is_the_json_report_shape(sample_result_dict):
    r = tally.Result.from_dict(sample_result_dict)
    d = r.to_dict()
    assert d["corrections"][1]["weight"] == "1.6" and d["claims"][6]["weight"] == "1/3"
    assert d["ranges"][-1]["min"] == 2**70
    again = tally.Result.from_json(r.to_json())
    assert again == r
    assert json.loads(r.to_json(indent=2)) == json.loads(r.to_json())


def test_range_lookup():
    r = tally.Result.from_dict({"status": "consistent", "time_points": ["2022-01-21", "2022-01-24"],
                                "ranges": [{"quantity": "k", "as_of": "2022-01-21", "min": 1, "max": 2},
                                           {"quantity": "k", "as_of": "2022-01-24", "min": 3, "max": None}]})
    assert r.range("k", "2022-01-21").max == 2
    assert r.range("k").min == 3  # no final point: the last one
    with pytest.raises(KeyError):
        r.range("nope")


def test_ranges_frame_columns_and_dtypes(sample_result_dict):
    big = tally.Result.from_dict(sample_result_dict).ranges_frame()
    assert list(big.columns) == ["quantity", "label", "as_of", "min", "max", "estimate", "no_estimate"]
    assert big["min"].dtype == object and big["min"].iloc[-1] == 2**70 and type(big["min"].iloc[-1]) is int
    assert big["as_of"].iloc[0] == "final"
    sample_result_dict["ranges"].pop()
    small = tally.Result.from_dict(sample_result_dict).ranges_frame()
    assert str(small["min"].dtype) == "Int64" and str(small["max"].dtype) == "Int64"
    assert small["max"].isna().iloc[0] and small.loc[small.quantity == "killed", "min"].iloc[0] == 181


def test_claims_conflicts_corrections_frames(sample_result_dict):
    r = tally.Result.from_dict(sample_result_dict)
    claims = r.claims_frame()
    assert list(claims.columns) == ["id", "source", "quantity", "as_of", "min", "max", "weight", "in_force",
                                    "in_conflict", "constraint", "quote", "url", "note", "language", "since"]
    assert claims["in_force"].dtype == bool and claims["weight"].dtype == object
    assert claims["weight"].iloc[0] == Fraction(1, 2)
    assert len(claims) == len(r.claims)
    conflicts = r.conflicts_frame()
    assert list(conflicts.columns) == ["claims", "gap", "explanation"] and str(conflicts["gap"].dtype) == "Int64"
    assert conflicts["gap"].tolist() == [76, 19]
    corrections = r.corrections_frame()
    assert corrections["adopted"].tolist() == [True, False]
    assert corrections["weight"].tolist() == [Fraction(1, 2), Fraction(8, 5)]


def test_empty_frames_keep_their_columns():
    r = tally.Result.from_dict({"status": "consistent"})
    assert list(r.conflicts_frame().columns) == ["claims", "gap", "explanation"]
    assert isinstance(r.ranges_frame(), pd.DataFrame) and len(r.ranges_frame()) == 0


def test_html_shows_status_ranges_and_conflicts_escaped(sample_result_dict):
    html = tally.Result.from_dict(sample_result_dict)._repr_html_()
    assert "conflicting" in html and "76 apart" in html and "0–124" in html and "≥ 200" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count("<table") == 4  # ranges, conflicts, corrections, claims
    assert "adopted" in html


def test_html_of_an_invalid_result_lists_diagnostics():
    r = tally.Result.from_dict({"status": "invalid", "diagnostics": [
        {"code": "unknown-key", "path": "/claims/0/valeu", "line": 3, "column": 5,
         "message": "unknown key <valeu>", "fix": "did you mean value?"}]})
    html = r._repr_html_()
    assert "invalid" in html and "/claims/0/valeu" in html and "&lt;valeu&gt;" in html
    assert str(r.diagnostics[0]) == "/claims/0/valeu (line 3, column 5): unknown key <valeu> Fix: did you mean value?"
    assert repr(r) == "<tally.Result invalid: 1 diagnostics>"
