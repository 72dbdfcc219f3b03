"""tally.reconcile with the real library: the Hasakah answer, exact types,
every input form, options, errors."""

import concurrent.futures
import json
import re
import threading
import time
from fractions import Fraction

import pytest

import tally
from conftest import HASAKAH


@pytest.fixture(scope="module")
def hasakah() -> tally.Result:
    return tally.reconcile(HASAKAH)


def test_hasakah_is_conflicting_with_the_spec_answer(hasakah):
    assert hasakah.status == "conflicting" and hasakah.complete
    assert {(c.claims, c.gap) for c in hasakah.conflicts} == {
        (("officials-inmates", "sohr-isis"), 76), (("officials-inmates", "sohr-total"), 19)}
    assert [(c.drop, c.weight) for c in hasakah.corrections] == [
        (("officials-inmates",), Fraction(1, 2)), (("sohr-isis", "sohr-total"), Fraction(8, 5))]
    assert hasakah.adopted.as_correction() == hasakah.corrections[0]
    # proven cheapest, without a tie: dropping sohr-isis and sohr-total weighs 1.6
    assert hasakah.adopted.optimal and hasakah.adopted.lower_bound == Fraction(1, 2)
    assert hasakah.adopted.tie is False
    for quantity, low, high in [("killed", 181, 181), ("killed.isis", 124, 124), ("killed.isis.inmates", 0, 124),
                                ("killed.kurdish_forces", 50, 50), ("killed.civilians", 7, 7),
                                ("killed.kurdish_forces.security", 30, 30)]:
        r = hasakah.range(quantity)
        assert (r.min, r.max) == (low, high), quantity
    assert hasakah.time_points == ["final"]


def test_every_field_has_its_exact_type(hasakah):
    assert isinstance(hasakah.status, str) and isinstance(hasakah.complete, bool)
    for r in hasakah.ranges:
        assert type(r.min) is int and (r.max is None or type(r.max) is int)
        assert r.estimate is None or type(r.estimate) is int
        assert r.as_of is None
    for c in hasakah.conflicts:
        assert type(c.gap) is int and c.explanation and all(isinstance(s, str) for s in c.steps)
        assert "apart" in c.explanation
    for c in hasakah.corrections:
        assert isinstance(c.weight, Fraction)
    for c in hasakah.claims:
        assert isinstance(c.weight, Fraction) and type(c.min) is int and isinstance(c.in_force, bool)
    claim = hasakah.claim("officials-inmates")
    assert claim.in_force is False and claim.in_conflict is True and claim.constraint == "killed.isis.inmates ≥ 200"
    assert claim.quantity == ("killed.isis.inmates",) and claim.language == "ar" and claim.quote
    assert hasakah.claim("report-held").weight == Fraction(3, 5)
    assert [c.id for c in hasakah.claims] == [c["id"] for c in json.loads(HASAKAH.read_text())["claims"]]


def test_counts_beyond_64_bits_are_exact():
    big = 2**70 + 3
    doc = {"format": "tally/1", "sources": [{"id": "s"}], "claims": [
        {"id": "a", "source": "s", "quantity": "k", "qualifier": "exactly", "value": big},
        {"id": "b", "source": "s", "quantity": "k.x", "qualifier": "at_least", "value": 2**66}]}
    r = tally.reconcile(doc)
    assert r.range("k").min == big and r.range("k").max == big and r.range("k.x").min == 2**66
    assert r.ranges_frame()["min"].dtype == object
    assert json.loads(r.to_json())["ranges"][0]["max"] == big


def test_weights_are_fractions_even_without_decimal_form():
    doc = {"format": "tally/1", "sources": [{"id": "s", "reliability": 0.1}], "claims": [
        {"id": "a", "source": "s", "quantity": "k", "qualifier": "exactly", "value": 1},
        {"id": "b", "source": "s", "quantity": "k", "qualifier": "exactly", "value": 2, "weight": 0.3}]}
    r = tally.reconcile(doc)
    assert r.claim("a").weight == Fraction(1, 10) and r.claim("b").weight == Fraction(3, 10)
    assert r.adopted.weight == Fraction(1, 10)


def test_every_input_form_gives_the_same_result(tmp_path, hasakah):
    text = HASAKAH.read_text(encoding="utf-8")
    forms = [HASAKAH, str(HASAKAH), text, json.loads(text), text.encode("utf-8"),
             tally.Document.load(HASAKAH)]
    for form in forms:
        assert tally.reconcile(form).to_dict() == hasakah.to_dict(), type(form)


def test_the_result_keeps_the_document_for_labels(hasakah):
    assert hasakah.document["event"]["id"] == "hasakah-prison-2022"
    assert hasakah.quantity_label("inmates") == "ISIS members held in the prison"
    assert hasakah.source_name("sohr") == "Syrian Observatory for Human Rights"


def test_applying_the_adopted_correction_makes_it_consistent(hasakah):
    fixed = tally.reconcile(tally.Document.load(HASAKAH).without(hasakah.adopted.drop))
    assert fixed.status == "consistent" and fixed.conflicts == [] and fixed.adopted is None
    assert [(r.quantity, r.min, r.max) for r in fixed.ranges] == [(r.quantity, r.min, r.max) for r in hasakah.ranges]


def test_options_reach_the_solver():
    doc = {"format": "tally/1", "sources": [{"id": "s"}], "claims": [
        {"id": "a", "source": "s", "quantity": "k", "qualifier": "about", "value": 100}]}
    assert (tally.reconcile(doc).range("k").min, tally.reconcile(doc).range("k").max) == (90, 110)
    assert tally.reconcile(doc, tolerance=Fraction(1, 3)).range("k").min == 67
    assert tally.reconcile(doc, tolerance=0.15).range("k").max == 115
    assert tally.reconcile(doc, tolerance="0.2").range("k").max == 120
    assert tally.reconcile(doc, estimates=False).range("k").estimate is None
    with pytest.raises(ValueError, match="tolerance"):
        tally.reconcile(doc, tolerance=1)
    with pytest.raises(ValueError, match="max_conflicts"):
        tally.reconcile(doc, max_conflicts=-1)


def test_capped_enumeration_says_incomplete():
    capped = tally.reconcile(HASAKAH, max_corrections=1)
    assert capped.complete is False and len(capped.corrections) == 1
    assert capped.adopted.drop == ("officials-inmates",)
    assert capped.range("killed.isis.inmates").max == 124


def test_capped_conflicts_keep_the_first_conflict_and_the_ranges():
    capped = tally.reconcile(HASAKAH, max_conflicts=1)
    assert capped.complete is False and len(capped.conflicts) == 1
    assert capped.range("killed.isis.inmates").max == 124


def test_threads_do_not_change_the_result(hasakah):
    assert tally.reconcile(HASAKAH, threads=2).to_dict() == hasakah.to_dict()
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: tally.reconcile(HASAKAH).to_json(), range(8)))
    assert set(results) == {hasakah.to_json()}


def slow_document(parts: int) -> str:
    """A consistent document that takes the solver a few hundred milliseconds
    (3,000 parts: about 0.25 s here; 400 took 0.3 s until estimates stopped
    needing a lexicographic search, and then 13 ms)."""
    doc = tally.Document(event="slow").source("a", reliability=0.6).source("b", reliability=0.7)
    doc.whole("k", [f"k.p{i}" for i in range(parts)])
    for i in range(parts):
        doc.claim(f"a{i}", "a", f"k.p{i}", "about", 100 + i).claim(f"b{i}", "b", f"k.p{i}", "between", 90 + i, 120 + i)
    return doc.claim("total", "b", "k", "at least", 100 * parts).to_json()


def longest_pause_of_this_thread(work) -> tuple[float, float]:
    """Runs work() in another thread and counts here meanwhile: the longest
    this thread waited between two steps (for the GIL), and how long work took."""
    done = threading.Event()
    took = []

    def run():
        start = time.perf_counter()
        work()
        took.append(time.perf_counter() - start)
        done.set()

    worker = threading.Thread(target=run)
    last, longest = time.perf_counter(), 0.0
    worker.start()
    while not done.is_set():
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    worker.join()
    return longest, took[0]


def test_the_gil_is_released_while_solving():
    from tally import _core

    text = slow_document(3000)
    pause, took = longest_pause_of_this_thread(lambda: _core.reconcile(text))
    assert took > 0.1, f"the document solved in {took:.3f} s: too fast to tell"
    assert pause < took / 2, f"this thread waited {pause:.3f} s of the solver's {took:.3f} s"
    # the measure does see a call that keeps the GIL (the re engine holds it)
    pause, took = longest_pause_of_this_thread(lambda: re.match(r"(a|aa)*c", "a" * 28))
    assert pause > took / 2


BAD = """{"format": "tally/1",
 "sources": [{"id": "s"}],
 "claims": [{"id": "a", "source": "sohrr", "quantity": "k", "qualifier": "exactly", "valeu": 3}]}"""


def test_an_invalid_document_raises_with_diagnostics():
    with pytest.raises(tally.InvalidDocument) as caught:
        tally.reconcile(BAD)
    diagnostics = caught.value.diagnostics
    assert {d.code for d in diagnostics} >= {"unknown-key", "dangling-reference"}
    unknown = next(d for d in diagnostics if d.code == "unknown-key")
    assert unknown.path == "/claims/0/valeu" and unknown.line == 3 and unknown.column > 0
    assert "valeu" in unknown.message and unknown.fix
    assert "/claims/0/valeu (line 3" in str(caught.value)
    assert isinstance(caught.value, ValueError) and caught.value.result.status == "invalid"


def test_raise_on_invalid_false_returns_the_invalid_result():
    r = tally.reconcile(BAD, raise_on_invalid=False)
    assert r.status == "invalid" and r.ranges == [] and len(r.diagnostics) >= 2


def test_syntax_errors_are_diagnostics_too():
    with pytest.raises(tally.InvalidDocument) as caught:
        tally.reconcile('{"format": ')
    assert caught.value.diagnostics[0].code == "syntax" and caught.value.diagnostics[0].line == 1


def test_check_lists_problems_and_passes_valid_documents():
    assert tally.check(HASAKAH) == []
    diagnostics = tally.check(BAD)
    assert all(isinstance(d, tally.Diagnostic) for d in diagnostics)
    assert any(d.path == "/claims/0/source" for d in diagnostics)


def test_report_renders_the_cli_forms():
    assert "76 apart" in tally.report(HASAKAH)
    assert json.loads(tally.report(HASAKAH, "json"))["status"] == "conflicting"
    assert "valeu" in tally.report(BAD)
    with pytest.raises(ValueError, match="format must be one of text, markdown, json, not 'yaml'"):
        tally.report(HASAKAH, "yaml")  # the caller's mistake, not a fault of tally


def test_the_json_report_and_the_binding_agree(hasakah):
    from_json = tally.Result.from_json(tally.report(HASAKAH, "json"))
    assert from_json.to_dict() == hasakah.to_dict()


def test_a_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        tally.reconcile(tmp_path / "nope.json")
