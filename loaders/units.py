"""Units of measure: the fixed list the store accepts and how each is shown.

`base` is the size of one unit in plain numbers, which is what lets the quote checker match
"RMB39,824 million" against 39.824 in RMB billions.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    id: str
    label: str  # for axis titles and tables
    base: float | None  # plain-number size of one unit; None for ratios and rates
    is_percent: bool = False
    currency: str | None = None


UNITS: dict[str, Unit] = {
    u.id: u
    for u in (
        Unit("RMB_bn", "RMB bn", 1e9, currency="RMB"),
        Unit("USD_bn", "US$ bn", 1e9, currency="USD"),
        Unit("pct", "%", None, is_percent=True),
        Unit("pp", "percentage points", None, is_percent=True),
        Unit("count", "count", 1.0),
        Unit("count_mn", "millions", 1e6),
        Unit("RMB_per_USD", "RMB per US$", None),
    )
}

UNIT_IDS: tuple[str, ...] = tuple(UNITS)


def unit_label(unit_id: str) -> str:
    unit = UNITS.get(unit_id)
    return unit.label if unit else unit_id


def format_value(value: float, unit_id: str) -> str:
    """How a single figure is written in cards and tables."""
    if value != value:  # NaN
        return "–"
    if unit_id == "RMB_bn":
        return f"RMB {value:,.0f} bn" if abs(value) >= 100 else f"RMB {value:,.1f} bn"
    if unit_id == "USD_bn":
        return f"US$ {value:,.2f} bn"
    if unit_id == "pct":
        return f"{value:,.1f}%"
    if unit_id == "pp":
        return f"{value:+,.1f} pp"
    if unit_id == "count_mn":
        return f"{value:,.0f} mn" if value >= 100 else f"{value:,.1f} mn"
    if unit_id == "count":
        return f"{value:,.0f}"
    if unit_id == "RMB_per_USD":
        return f"{value:.4f}"
    return f"{value:,}"
