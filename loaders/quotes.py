"""Does a verbatim quote contain the figure recorded from it?

Sources write the same number in many ways ("RMB39,824 million", "398.24亿元", "39.8 billion
yuan", "one third"). The check normalises separators and scale, then accepts a value that equals
a quoted figure at the value's own precision: a value may round the quote, never add precision.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from loaders.units import UNITS

_SCALES: dict[str, float] = {
    "trillion": 1e12,
    "tn": 1e12,
    "万亿": 1e12,
    "萬億": 1e12,
    "億": 1e8,
    "萬": 1e4,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "亿": 1e8,
    "百万": 1e6,
    "百萬": 1e6,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "万": 1e4,
    "thousand": 1e3,
    "千": 1e3,
    "k": 1e3,
}

_NUMBER = re.compile(
    r"(?:(?<=RMB)|(?<=USD)|(?<=US)|(?<=CNY)|(?<=HKD)|(?<![A-Za-z0-9_.,]))(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"\s*(?P<scale>万亿|萬億|亿|億|百万|百萬|万|萬|千|trillion|billion|million|thousand|mln|bn|mn|tn|[bmk](?![a-z]))?",
    re.IGNORECASE,
)

_WORD_NUMBERS: dict[str, float] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "first": 1, "second": 2, "third": 3,
    "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
    "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
}  # fmt: skip
_WORD = re.compile(r"\b(" + "|".join(_WORD_NUMBERS) + r")\b", re.IGNORECASE)

_FRACTIONS: dict[str, float] = {
    "one third": 1 / 3, "one-third": 1 / 3, "a third": 1 / 3, "two thirds": 2 / 3,
    "two-thirds": 2 / 3, "one quarter": 0.25, "a quarter": 0.25, "half": 0.5, "one fifth": 0.2,
}  # fmt: skip
_FRACTION = re.compile(r"\b(" + "|".join(re.escape(f) for f in _FRACTIONS) + r")\b", re.IGNORECASE)


def quoted_numbers(quote: str) -> Iterator[tuple[float, float]]:
    """Each (number, scale) written in the quote; scale is 1 where none is written."""
    for m in _NUMBER.finditer(quote):
        number = float(m["num"].replace(",", ""))
        scale_word = (m["scale"] or "").lower()
        yield number, _SCALES.get(scale_word, 1.0)
    for m in _WORD.finditer(quote):
        yield _WORD_NUMBERS[m[1].lower()], 1.0


def _decimals(value: float) -> int:
    if float(value).is_integer():
        return 0
    text = repr(float(value))
    if "e" in text:
        return 12
    return len(text.split(".")[1])


def _matches(candidate: float, value: float) -> bool:
    # half a unit in the value's last decimal, plus float noise (relative, far below any written decimal)
    tolerance = 0.5 * 10 ** (-_decimals(value)) + 1e-12 * max(1.0, abs(value))
    return abs(candidate - value) <= tolerance


TABLE_SCALES: dict[str, float] = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


def _candidates(quote: str, unit_id: str, table_scale: str | None = None) -> Iterator[float]:
    unit = UNITS.get(unit_id)
    base = unit.base if unit else None
    for number, scale in quoted_numbers(quote):
        if scale == 1.0 or base is None:
            yield number
        if base is not None:
            yield number * scale / base
            if scale == 1.0 and table_scale is not None:
                # a bare number in a table row whose header states the scale ("in millions")
                yield number * TABLE_SCALES[table_scale] / base
    if unit is not None and unit.is_percent:
        for m in _FRACTION.finditer(quote):
            yield 100 * _FRACTIONS[m[1].lower()]


def quote_contains(quote: str, value: float, unit_id: str, table_scale: str | None = None) -> bool:
    """True when the quote states `value` (in `unit_id`), allowing the value to round the quote.

    `table_scale` is for a row quoted from a table whose header gives the scale of its bare
    numbers ("(in millions)"): those numbers are also read at that scale.
    """
    if not math.isfinite(value):
        return False
    target = abs(value)
    return any(_matches(c, target) for c in _candidates(quote, unit_id, table_scale))


def quote_contains_percent(quote: str, pct: float) -> bool:
    return quote_contains(quote, pct, "pct")


_USD_BEFORE = re.compile(r"(?:US\$|USD\$?|\$|US)\s*$")
_USD_AFTER = re.compile(r"^\s*(?:美元|U\.?S\.? dollars|dollars)", re.IGNORECASE)


def quote_contains_usd(quote: str, value_bn: float) -> bool:
    """True when the quote states `value_bn` (US$ billions) as a dollar amount: "US$34,808 million",
    "$30.73 billion", "345.71亿美元". An RMB figure of the same size does not count."""
    if not math.isfinite(value_bn):
        return False
    target = abs(value_bn)
    for m in _NUMBER.finditer(quote):
        before, after = quote[max(0, m.start() - 5) : m.start()], quote[m.end() :]
        if not (_USD_BEFORE.search(before) or _USD_AFTER.match(after)):
            continue
        number = float(m["num"].replace(",", ""))
        if _matches(number * _SCALES.get((m["scale"] or "").lower(), 1.0) / 1e9, target):
            return True
    return False
