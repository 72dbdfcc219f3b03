"""The notebook builder writes tally/1 documents; every input form is accepted."""

import datetime
import io
import json
import pathlib
from fractions import Fraction

import pytest

import tally
from tally._document import document_source, normalize_qualifier


def small() -> tally.Document:
    return (tally.Document(event="e", title="An event", start="2022-01-20", end=datetime.date(2022, 1, 26))
            .quantity("inmates", label="held", cumulative=False)
            .source("sohr", name="SOHR", reliability=0.8)
            .whole("killed", ["killed.isis", "killed.other"])
            .whole("killed.isis", ["killed.isis.inmates"], exhaustive=False)
            .subset("killed.isis.inmates", of="inmates")
            .claim("c1", "sohr", "killed", "exactly", 181, as_of="2022-01-26", quote="181 dead")
            .claim("c2", "sohr", ["killed.isis", "killed.other"], "between", 10, 50)
            .claim("c3", "sohr", "inmates", "~", 3500, tolerance=Fraction(1, 20), weight=0.25))


def test_the_builder_writes_the_format():
    d = small().to_dict()
    assert d["format"] == "tally/1"
    assert d["event"] == {"id": "e", "title": "An event", "start": "2022-01-20", "end": "2022-01-26"}
    assert d["quantities"] == [{"id": "inmates", "label": "held", "cumulative": False}]
    assert d["relations"] == [
        {"whole": "killed", "parts": ["killed.isis", "killed.other"]},
        {"whole": "killed.isis", "parts": ["killed.isis.inmates"], "exhaustive": False},
        {"subset": "killed.isis.inmates", "of": "inmates"},
    ]
    assert d["claims"][1] == {"id": "c2", "source": "sohr", "quantity": ["killed.isis", "killed.other"],
                              "qualifier": "between", "value": 10, "upper": 50}
    assert d["claims"][2]["qualifier"] == "about"


def test_numeric_text_is_kept_exact():
    doc = tally.Document(event="e").claim("a", "s", "q", "about", "3500", tolerance="0.1")
    assert doc.to_json().endswith('"value":3500,"tolerance":0.1}]}')


def test_json_text_is_exact():
    text = small().to_json()
    assert '"reliability":0.8' in text and '"tolerance":0.05' in text and '"weight":0.25' in text
    assert json.loads(small().to_json(indent=2)) == json.loads(text)


@pytest.mark.parametrize("name, qualifier", [
    ("at least", "at_least"), ("at-least", "at_least"), (">=", "at_least"), ("≥", "at_least"),
    ("more than", "more_than"), (">", "more_than"), ("at most", "at_most"), ("<=", "at_most"),
    ("fewer than", "fewer_than"), ("less than", "fewer_than"), ("<", "fewer_than"), ("=", "exactly"),
    ("about", "about"), ("~", "about"), ("approximately", "about"), ("nearly", "nearly"), ("almost", "nearly"),
    ("Between", "between"),
])
def test_qualifier_shorthands(name, qualifier):
    assert normalize_qualifier(name) == qualifier


def test_builder_errors_are_immediate_and_clear():
    doc = tally.Document(event="e").source("s")
    with pytest.raises(ValueError, match="unknown qualifier 'roughly-ish'"):
        doc.claim("a", "s", "q", "roughly-ish", 1)
    with pytest.raises(ValueError, match="needs upper"):
        doc.claim("a", "s", "q", "between", 1)
    with pytest.raises(ValueError, match="upper is only for 'between'"):
        doc.claim("a", "s", "q", "at least", 1, 5)
    with pytest.raises(ValueError, match="tolerance is only for"):
        doc.claim("a", "s", "q", "exactly", 1, tolerance=0.1)
    with pytest.raises(ValueError, match="'many' is not a number"):
        doc.claim("a", "s", "q", "exactly", "many")
    with pytest.raises(TypeError, match="must be a number"):
        doc.claim("a", "s", "q", "exactly", [1])
    with pytest.raises(ValueError, match="already declared"):
        doc.source("s")
    doc.claim("a", "s", "q", "exactly", 1)
    with pytest.raises(ValueError, match="claim 'a' is already declared"):
        doc.claim("a", "s", "q", "exactly", 2)


def test_without_drops_claims_from_a_copy():
    doc = small()
    fewer = doc.without(["c1"], "c3")
    assert [c["id"] for c in fewer.to_dict()["claims"]] == ["c2"]
    assert len(doc.to_dict()["claims"]) == 3
    with pytest.raises(KeyError):
        doc.without("nope")


def test_save_load_round_trip(tmp_path):
    path = tmp_path / "doc.json"
    small().save(path)
    assert tally.Document.load(path) == small()
    assert tally.Document.from_dict(json.loads(path.read_text())).to_dict()["claims"][0]["id"] == "c1"


def test_every_input_form_gives_the_same_text(tmp_path):
    doc = small()
    path = tmp_path / "doc.json"
    path.write_text(doc.to_json(), encoding="utf-8")
    expected = json.loads(doc.to_json())
    forms = [doc, doc.to_dict(), doc.to_json(), "  \n" + doc.to_json(indent=2), str(path), path,
             doc.to_json().encode(), io.StringIO(doc.to_json()), io.BytesIO(doc.to_json().encode())]
    for form in forms:
        text, parsed = document_source(form)
        assert json.loads(text) == expected, type(form)
        assert parsed is not None and parsed["event"]["id"] == "e"


def test_a_missing_path_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        document_source(str(tmp_path / "missing.json"))
    with pytest.raises(FileNotFoundError):
        document_source(pathlib.Path(tmp_path / "missing.json"))


def test_other_types_are_refused():
    with pytest.raises(TypeError, match="a claims document must be"):
        document_source(42)


def test_a_change_between_dates_is_a_claim_with_since():
    doc = (tally.Document(event="daily").source("ministry", reliability=0.7)
           .claim("toll-26", "ministry", "killed", "exactly", 1000, as_of="2023-08-26")
           .claim("toll-27", "ministry", "killed", "exactly", 1000, as_of=datetime.date(2023, 8, 27))
           .claim("day-27", "ministry", "killed", "exactly", 41, since=datetime.date(2023, 8, 26),
                  as_of="2023-08-27", quote="41 killed today"))
    assert doc.to_dict()["claims"][2]["since"] == "2023-08-26"
    result = tally.reconcile(doc)
    assert result.status == "conflicting"
    [conflict] = result.conflicts
    assert conflict.claims == ("day-27", "toll-26", "toll-27") and conflict.gap == 41
    assert "the rise in killed from 2023-08-26 to 2023-08-27" in conflict.explanation
    day = next(c for c in result.claims if c.id == "day-27")
    assert (day.since, day.as_of, day.min, day.max) == ("2023-08-26", "2023-08-27", 41, 41)
    assert day.constraint == "killed (as of 2023-08-27) − killed (as of 2023-08-26) = 41"
    assert next(c for c in result.claims if c.id == "toll-26").since is None
    frame = result.claims_frame().set_index("id")
    assert frame.loc["day-27", "since"] == "2023-08-26"
    assert tally.Result.from_json(result.to_json()).to_dict() == result.to_dict()
    # a change must run forward, and only running counts have one
    with pytest.raises(tally.InvalidDocument) as refused:
        tally.reconcile(tally.Document(event="e").claim("c", "s", "killed", "exactly", 1, since="2023-08-27",
                                                        as_of="2023-08-26"))
    assert [d.code for d in refused.value.diagnostics] == ["dangling-reference", "since-not-before"]
