"""Every wrong argument is a clear TypeError or ValueError naming it, raised
before anything is read or solved (issue 14, "every wrong argument a clear
error"), and the document limits are options."""

from __future__ import annotations

import json
import pathlib
from fractions import Fraction

import pytest

import tally
from conftest import HASAKAH

DOC = {"format": "tally/1", "sources": [{"id": "s"}], "claims": [
    {"id": "a", "source": "s", "quantity": "k", "qualifier": "exactly", "value": 3}]}


def _calls():
    """Each public entry point, called with one keyword option."""
    return {
        "reconcile": lambda **o: tally.reconcile(DOC, **o),
        "report": lambda **o: tally.report(DOC, **o),
        "reconcile_many": lambda **o: tally.reconcile_many([DOC], **o),
    }


@pytest.mark.parametrize("call", sorted(_calls()))
@pytest.mark.parametrize("option, value, error, words", [
    ("max_conflicts", 2**70, ValueError, "max_conflicts must be an int from 1 to"),
    ("max_conflicts", 0, ValueError, "max_conflicts must be an int from 1"),
    ("max_corrections", -1, ValueError, "max_corrections"),
    ("max_conflicts", 1.5, TypeError, "max_conflicts must be an int, not float"),
    ("max_conflicts", None, TypeError, "max_conflicts must be an int, not NoneType"),
    ("max_corrections", True, TypeError, "max_corrections must be an int, not bool"),
    ("max_conflicts", "10", TypeError, "max_conflicts"),
    ("tolerance", "1/0", ValueError, "tolerance '1/0' divides by zero"),
    ("tolerance", "1e999999999", ValueError, "tolerance"),
    ("tolerance", "1e-40", ValueError, "tolerance must have a denominator of at most 10..30"),
    ("tolerance", 1, ValueError, r"tolerance must be in \[0, 1\)"),
    ("tolerance", -0.5, ValueError, "tolerance"),
    ("tolerance", float("nan"), ValueError, "tolerance must be finite"),
    ("tolerance", True, TypeError, "tolerance must be a number, not a bool"),
    ("tolerance", [0.1], TypeError, "tolerance must be a number, not list"),
    ("estimates", "no", TypeError, "estimates must be True or False, not str"),
    ("estimates", None, TypeError, "estimates"),
    ("time_limit", -1, ValueError, "time_limit must be from 0"),
    ("time_limit", float("nan"), ValueError, "time_limit"),
    ("time_limit", float("inf"), ValueError, "time_limit"),
    ("time_limit", 1e300, ValueError, "time_limit"),
    pytest.param("time_limit", 10**5000, ValueError,
                 "time_limit must be from 0 to 1e.09 seconds .or None: no limit., not an int of", id="time_limit-10**5000"),
    pytest.param("max_conflicts", -(10**5000), ValueError, "max_conflicts must be an int from 1 to .*, not an int of",
                 id="max_conflicts--10**5000"),
    ("time_limit", "soon", TypeError, "time_limit must be a number of seconds or None, not str"),
    ("time_limit", True, TypeError, "time_limit"),
    ("limits", {"max_claims": 0}, ValueError, r"limits\['max_claims'\] must be an int from 1"),
    ("limits", {"max_claimz": 5}, ValueError, "unknown limit 'max_claimz'; the limits are max_input_bytes"),
    ("limits", {"max_claims": 2.0}, TypeError, r"limits\['max_claims'\] must be an int"),
    ("limits", [("max_claims", 5)], TypeError, "limits must be a dict"),
])
def test_a_wrong_option_names_itself(call, option, value, error, words):
    with pytest.raises(error, match=words):
        _calls()[call](**{option: value})


@pytest.mark.parametrize("option, value, error", [
    ("threads", -1, ValueError), ("threads", 2**40, ValueError), ("threads", 1025, ValueError),
    ("threads", 2.0, TypeError), ("threads", None, TypeError),
    ("raise_on_invalid", "yes", TypeError),
])
def test_reconcile_options(option, value, error):
    with pytest.raises(error, match=option):
        tally.reconcile(DOC, **{option: value})


@pytest.mark.parametrize("option, value, error", [
    ("jobs", -1, ValueError), ("jobs", 5000, ValueError), ("jobs", "2", TypeError),
    ("window", 2**70, ValueError), ("window", 1.5, TypeError), ("window", -1, ValueError),
])
def test_reconcile_many_options(option, value, error):
    with pytest.raises(error, match=option):
        tally.reconcile_many([DOC], **{option: value})


def test_any_integral_number_will_do():
    class Seven(int):
        pass
    assert tally.reconcile(HASAKAH, max_conflicts=Seven(7), time_limit=Fraction(60)).status == "conflicting"


def test_max_conflicts_follows_the_command_rule():
    # at least 1, as `tally reconcile --max-conflicts` (docs/cli.md, docs/python.md)
    assert tally.reconcile(HASAKAH, max_conflicts=1).complete is False
    assert tally.reconcile(HASAKAH, max_conflicts=2**64 - 1).complete is True


@pytest.mark.parametrize("fmt, error", [("xml", ValueError), ("", ValueError), ("TEXT", ValueError),
                                        (None, TypeError), (1, TypeError)])
def test_report_format(fmt, error):
    with pytest.raises(error, match="format must be"):
        tally.report(DOC, format=fmt)


def test_report_formats_that_exist():
    for fmt in ("text", "markdown", "json"):
        assert tally.report(DOC, format=fmt)


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_a_blank_string_is_an_empty_document_not_the_current_folder(text):
    with pytest.raises(tally.InvalidDocument) as caught:
        tally.reconcile(text)
    assert [d.code for d in caught.value.diagnostics] == ["empty-input"]
    assert [d.code for d in tally.check(text)] == ["empty-input"]


def test_a_directory_is_an_os_error(tmp_path):
    with pytest.raises(IsADirectoryError):
        tally.reconcile(tmp_path)


@pytest.mark.parametrize("text, error", [
    ("[]", ValueError), ("{}", ValueError), ('{"status": 3}', ValueError), ("42", ValueError), ("null", ValueError),
    ("not json", ValueError), ('{"status": "consistent", "ranges": [{"min": 1}]}', ValueError),
    ('{"status": "consistent", "ranges": 5}', ValueError), (42, TypeError), (None, TypeError),
])
def test_result_from_json_refuses_what_is_not_a_result(text, error):
    with pytest.raises(error):
        tally.Result.from_json(text)


@pytest.mark.parametrize("value", [[], "x", 5, None])
def test_result_from_dict_refuses_what_is_not_a_dict(value):
    with pytest.raises(TypeError, match="a result must be a dict"):
        tally.Result.from_dict(value)


def test_a_result_still_round_trips():
    result = tally.reconcile(HASAKAH)
    assert tally.Result.from_json(result.to_json(), result.document) == result


@pytest.mark.parametrize("value", [10**5000, -(10**5000), 10**100, 10**30], ids=["10**5000", "-10**5000", "10**100",
                                                                            "10**30"])
def test_a_huge_value_is_the_number_too_large_diagnostic(value):
    doc = json.loads(json.dumps(DOC))
    doc["claims"][0]["value"] = value
    # Past a double's range the JSON reader itself refuses it, at its line and column (as for 1e400).
    place = "/claims/0/value" if abs(value) < 10**300 else ""
    assert [(d.code, d.path) for d in tally.check(doc)] == [("number-too-large", place)]
    built = tally.Document().source("s").claim("a", "s", "k", "exactly", value)
    found = tally.check(built)
    assert [(d.code, d.path) for d in found] == [("number-too-large", place)] and found[0].line > 0


def test_a_large_value_below_the_limit_keeps_every_digit():
    doc = json.loads(json.dumps(DOC))
    doc["claims"][0]["value"] = 10**29 + 7
    assert tally.reconcile(doc).range("k").min == 10**29 + 7
    doc["claims"][0]["value"] = 10**40 + 7  # past the default limit, within a raised one
    assert [d.code for d in tally.check(doc)] == ["number-too-large"]
    assert tally.reconcile(doc, limits={"max_value_digits": 41}).range("k").min == 10**40 + 7


def test_a_duplicate_key_inside_x_is_a_diagnostic():
    text = ('{"format": "tally/1", "sources": [{"id": "s"}], "claims": [{"id": "a", "source": "s", "quantity": "k", '
            '"qualifier": "exactly", "value": 3, "x": {"row": 1, "row": 2}}]}')
    assert [(d.code, d.path) for d in tally.check(text)] == [("duplicate-key", "/claims/0/x/row")]
    with pytest.raises(tally.InvalidDocument, match="appears more than once"):
        tally.reconcile(text)


def test_limits_are_options():
    assert tally.LIMITS == ("max_input_bytes", "max_id_length", "max_id_depth", "max_quantities", "max_claims",
                            "max_time_points", "max_value_digits")
    found = tally.check(HASAKAH, limits={"max_claims": 3})
    assert [d.code for d in found] == ["too-many-claims"]
    assert "max_claims" in found[0].message and 'limits={"max_claims"' in found[0].fix
    assert [d.code for d in tally.check(HASAKAH, limits={"max_input_bytes": 100})] == ["input-too-large"]
    deep = json.loads(json.dumps(DOC))
    deep["claims"][0]["quantity"] = ".".join(["a"] * 150)
    assert [d.code for d in tally.check(deep)] == ["id-too-deep"]
    assert tally.reconcile(deep, limits={"max_id_depth": 150}).status == "consistent"
    with pytest.raises(tally.InvalidDocument, match="max_quantities"):
        tally.reconcile(HASAKAH, limits={"max_quantities": 2})
    many = list(tally.reconcile_many([HASAKAH], limits={"max_claims": 3}))
    assert many[0].status == "invalid" and many[0].diagnostics[0].code == "too-many-claims"


def test_a_20000_segment_id_is_refused_at_once():
    import time
    deep = json.loads(json.dumps(DOC))
    deep["claims"][0]["quantity"] = ".".join(["a"] * 20000)
    start = time.monotonic()
    assert [d.code for d in tally.check(deep)] == ["id-too-long"]
    assert time.monotonic() - start < 1


@pytest.mark.parametrize("call", [tally.reconcile, tally.check, tally.report])
@pytest.mark.parametrize("doc", [42, 4.5, None, object(), ["not", "a", "document"]])
def test_a_wrong_document_type_is_a_type_error(call, doc):
    with pytest.raises((TypeError, tally.InvalidDocument)):
        call(doc)


def test_reconcile_many_takes_an_iterable():
    with pytest.raises(TypeError, match="iterable of documents, not int"):
        tally.reconcile_many(5)


def test_check_limits_is_keyword_only():
    with pytest.raises(TypeError):
        tally.check(DOC, {"max_claims": 1})  # noqa: the second argument is keyword-only


def test_the_path_forms_still_work(tmp_path):
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(DOC), encoding="utf-8")
    assert tally.reconcile(str(path)).status == "consistent"
    assert tally.reconcile(pathlib.Path(path)).status == "consistent"


def test_document_builder_argument_types():
    with pytest.raises(TypeError, match="quantity must be a quantity id"):
        tally.Document().source("s").claim("a", "s", 5, "exactly", 3)
    with pytest.raises(TypeError, match="quantity must be a quantity id"):
        tally.Document().source("s").claim("a", "s", ["k", 5], "exactly", 3)
    with pytest.raises(TypeError, match="without takes claim ids"):
        tally.Document().without(5)
    assert tally.Document().source("s").claim("a", "s", ("k", "j"), "exactly", 3).claims[0]["quantity"] == ["k", "j"]
