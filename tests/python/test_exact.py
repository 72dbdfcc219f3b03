"""Numbers cross into documents as exact text and come back as int/Fraction."""

import decimal
import json
from fractions import Fraction

import pytest

from tally._exact import dumps, exact_decimal, exact_string, to_fraction


@pytest.mark.parametrize("value, text", [
    (Fraction(1, 2), "0.5"), (Fraction(8, 5), "1.6"), (Fraction(3), "3"), (Fraction(-1, 8), "-0.125"),
    (Fraction(1, 3), None), (Fraction(7, 40), "0.175"), (Fraction(10**30 + 1, 10**5), "10000000000000000000000000.00001"),
])
def test_exact_decimal_is_the_shortest_exact_text(value, text):
    assert exact_decimal(value) == text


def test_a_weight_without_decimal_form_is_written_as_a_fraction():
    assert exact_string(Fraction(1, 3)) == "1/3"
    assert exact_string(Fraction(1, 2)) == "0.5"


def test_a_float_is_written_as_its_shortest_repr():
    assert dumps({"value": 0.1, "t": 0.15, "big": 1e16}) == '{"value":0.1,"t":0.15,"big":1e+16}'
    assert to_fraction(0.1) == Fraction(1, 10)


def test_ints_beyond_64_bits_keep_every_digit():
    big = 2**64 + 12345
    assert dumps([big]) == f"[{big}]"
    assert json.loads(dumps([big]))[0] == big


def test_fractions_and_decimals_are_written_exactly():
    assert dumps({"v": Fraction(3, 4), "d": decimal.Decimal("0.1")}) == '{"v":0.75,"d":0.1}'


def test_a_fraction_without_exact_decimal_raises_a_clear_error():
    with pytest.raises(ValueError, match=r"/claims/0/value: 1/3 has no exact decimal form"):
        dumps({"claims": [{"value": Fraction(1, 3)}]})


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), decimal.Decimal("NaN")])
def test_non_finite_numbers_are_refused(bad):
    with pytest.raises(ValueError, match="finite"):
        dumps({"value": bad})


def test_unknown_types_name_their_place():
    with pytest.raises(TypeError, match="/x: cannot write a set"):
        dumps({"x": {1}})


def test_text_is_written_as_unicode_json():
    assert json.loads(dumps({"quote": "«181 قتيلاً»\n\"x\""})) == {"quote": "«181 قتيلاً»\n\"x\""}


def test_indented_output_is_the_same_document():
    document = {"a": [1, 0.1, {"b": None, "c": True}], "d": {}, "e": []}
    assert json.loads(dumps(document, indent=2), parse_float=decimal.Decimal) == json.loads(
        dumps(document), parse_float=decimal.Decimal)
    assert "\n  " in dumps(document, indent=2)
