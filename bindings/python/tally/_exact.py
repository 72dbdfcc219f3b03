"""Exact numbers between Python and tally: JSON text that keeps every digit.

tally reads every number from its text (0.1 is 1/10), so a document built in
Python must be written with exact number text: a float as its shortest repr
(`0.1`, never 0.1000000000000000055…), an int with every digit, a Fraction
or Decimal as its exact decimal. A Fraction without one (1/3) cannot be a
JSON number and raises an error that says what to write instead.
"""

from __future__ import annotations

import datetime
import decimal
import json
import math
import numbers
import re
from fractions import Fraction
from typing import Any, Mapping

__all__ = ["exact_decimal", "exact_string", "dumps", "to_fraction", "timestamp_text"]


def exact_decimal(value: Fraction) -> str | None:
    """The exact decimal text of `value` ("0.5", "1.6", "3", "-0.125"), or
    None when it has none (its denominator has a prime factor other than 2, 5)."""
    value = Fraction(value)
    numerator, denominator = value.numerator, value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return None
    places = max(twos, fives)
    scaled = abs(numerator) * 10**places // value.denominator
    digits = str(scaled).rjust(places + 1, "0")
    sign = "-" if numerator < 0 else ""
    if places == 0:
        return sign + digits
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def exact_string(value: Fraction) -> str:
    """The shortest exact decimal, else "p/q" — the form of weights in reports."""
    value = Fraction(value)
    return exact_decimal(value) or f"{value.numerator}/{value.denominator}"


def to_fraction(value: Any, what: str = "value") -> Fraction:
    """`value` (int, float, Fraction, Decimal or numeric text such as "0.1" or
    "1/3") as an exact Fraction; a float counts as its shortest repr."""
    if isinstance(value, bool):
        raise TypeError(f"{what} must be a number, not a bool")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise ValueError(f"{what} must be finite, not {value}")
        return Fraction(value)
    if isinstance(value, numbers.Rational):
        return Fraction(value.numerator, value.denominator)
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"{what} must be finite, not {number!r}")
        return Fraction(repr(number))
    if isinstance(value, str):
        text = value.strip()
        exponent = _EXPONENT.search(text)
        if exponent and abs(int(exponent.group(1))) > _MAX_EXPONENT:
            raise ValueError(f"{what} {_shown(value)} is beyond any count (an exponent of at most {_MAX_EXPONENT})")
        try:
            return Fraction(text)
        except ValueError:
            raise ValueError(f"{what} {_shown(value)} is not a number") from None
        except ZeroDivisionError:
            raise ValueError(f"{what} {_shown(value)} divides by zero") from None
    raise TypeError(f"{what} must be a number, not {type(value).__name__}")


_EXPONENT = re.compile(r"[eE]([+-]?[0-9]{1,30})$")
_MAX_EXPONENT = 1000
# Digits an int is written with in full; past them it is written "d.ddde+N",
# which tally reports as too large (it takes no count of 10^30 or more), and
# which never meets Python's limit on converting long ints to text.
_MAX_INT_DIGITS = 100


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 60 else repr(text[:57] + "...")


def _int_text(value: int) -> str:
    magnitude = abs(value)
    if magnitude < 10**_MAX_INT_DIGITS:
        return str(value)
    exponent = int(magnitude.bit_length() * 0.30102999566398) - 1
    while 10 ** (exponent + 1) <= magnitude:
        exponent += 1
    digits = str(magnitude // 10 ** (exponent - 16))
    return f"{'-' if value < 0 else ''}{digits[0]}.{digits[1:]}e+{exponent}"


def timestamp_text(value: Any) -> str:
    """A date or datetime as tally writes it ("2022-01-26", "2022-01-26T10:00");
    a str is kept as written (the parser checks it)."""
    if isinstance(value, datetime.datetime):
        text = value.strftime("%Y-%m-%dT%H:%M")
        return text + (value.strftime(":%S") if value.second else "")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise TypeError(f"a date must be a str, datetime.date or datetime.datetime, not {type(value).__name__}")


def _number_text(value: Any, where: str) -> str:
    if isinstance(value, numbers.Integral):
        return _int_text(int(value))
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise ValueError(f"{where}: {value} is not a finite number")
        return str(value)
    if isinstance(value, numbers.Rational):
        text = exact_decimal(Fraction(value.numerator, value.denominator))
        if text is None:
            raise ValueError(
                f"{where}: {value} has no exact decimal form, and a tally/1 document "
                "takes JSON numbers; write the bounds it implies instead "
                "(e.g. qualifier 'between' with whole-number value and upper)"
            )
        return text
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{where}: {number!r} is not a finite number")
    return repr(number)


def _write(value: Any, where: str, out: list[str], indent: int | None, depth: int) -> None:
    if value is None:
        out.append("null")
    elif isinstance(value, bool):
        out.append("true" if value else "false")
    elif isinstance(value, str):
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, (numbers.Real, decimal.Decimal)):
        out.append(_number_text(value, where or "/"))
    elif isinstance(value, (datetime.date, datetime.datetime)):
        out.append(json.dumps(timestamp_text(value)))
    elif isinstance(value, (Mapping, list, tuple)):
        is_object = isinstance(value, Mapping)
        items = list(value.items()) if is_object else list(enumerate(value))
        if not items:
            out.append("{}" if is_object else "[]")
            return
        newline = "" if indent is None else "\n" + " " * (indent * (depth + 1))
        out.append("{" if is_object else "[")
        for index, (key, item) in enumerate(items):
            if is_object and not isinstance(key, str):
                raise TypeError(f"{where or '/'}: object keys must be str, not {type(key).__name__}")
            out.append(("," if index else "") + newline)
            if is_object:
                out.append(json.dumps(key, ensure_ascii=False) + (": " if indent is not None else ":"))
            pointer = key.replace("~", "~0").replace("/", "~1") if is_object else str(key)
            _write(item, f"{where}/{pointer}", out, indent, depth + 1)
        out.append(("" if indent is None else "\n" + " " * (indent * depth)) + ("}" if is_object else "]"))
    else:
        raise TypeError(f"{where or '/'}: cannot write a {type(value).__name__} into a claims document")


def dumps(document: Any, indent: int | None = None) -> str:
    """`document` (dicts, lists, str, int, float, Fraction, Decimal, dates) as
    JSON text with exact numbers, compact or indented. Errors name the JSON
    Pointer of the value."""
    out: list[str] = []
    _write(document, "", out, indent, 0)
    return "".join(out)
