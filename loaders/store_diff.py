"""The store's changelog between two files: what a results day (or any edit) changed.

Compared on the observations frames, not the YAML text, so a moved or reformatted line is no
change while a value is. Four kinds of change, each a list of lines:

- values added, changed and removed: one per observation, keyed by metric, period, basis and source;
- shown values: where the value charts and cards show (the `preferred` one) is new, gone or another;
- derived values: growth worked out from the shown values (loaders.derive's rule: this quarter over
  the same quarter a year before) that is new, gone or different.

Rows a later version of the frame adds (derived quarters, say) are observations like any other and
show up in the first list without a change here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from loaders.calendar import prior_year_quarter
from loaders.units import UNITS

KEY = ["metric", "period", "basis", "source"]
COMPARED = ["value", "yoy_pct", "value_usd", "quote"]


@dataclass
class Changelog:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)
    derived: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed or self.shown or self.derived)


def _num(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "none"
    return f"{float(value):g}"  # type: ignore[arg-type]


def _same(a: object, b: object) -> bool:
    a_missing = a is None or (isinstance(a, float) and math.isnan(a))
    b_missing = b is None or (isinstance(b, float) and math.isnan(b))
    if a_missing or b_missing:
        return a_missing and b_missing
    return a == b


def _rows(obs: pd.DataFrame) -> dict[tuple[str, ...], dict[str, object]]:
    if obs.empty:
        return {}
    return {tuple(r[k] for k in KEY): r for r in obs[KEY + COMPARED + ["unit", "preferred"]].to_dict("records")}


def _where(key: tuple[str, ...]) -> str:
    metric, period, basis, source = key
    return f"{metric} {period}" + (f" ({basis})" if basis != "reported" else "") + f" from {source}"


def shown_values(obs: pd.DataFrame) -> dict[tuple[str, str, str], tuple[float, str]]:
    """(metric, period, basis) -> the value shown and its source."""
    if obs.empty:
        return {}
    rows = obs[obs["preferred"]]
    return {(m, p, b): (v, s) for m, p, b, v, s in rows[["metric", "period", "basis", "value", "source"]].itertuples(index=False)}


def derived_growth(obs: pd.DataFrame) -> dict[tuple[str, str], float]:
    """(metric, quarter) -> growth on the same quarter a year before, in percent, from the shown values of
    money metrics on a reported basis (the figure loaders.derive.yoy_check works out)."""
    if obs.empty:
        return {}
    money = [u for u, unit in UNITS.items() if unit.currency]
    rows = obs[obs["preferred"] & (obs["basis"] == "reported") & (obs["period_kind"] == "quarter") & obs["unit"].isin(money)]
    values = {(m, p): v for m, p, v in rows[["metric", "period", "value"]].itertuples(index=False)}
    out = {}
    for (metric, period), value in values.items():
        prior = values.get((metric, prior_year_quarter(period)))
        if prior and prior > 0:
            out[(metric, period)] = (value / prior - 1) * 100
    return out


def changelog(old: pd.DataFrame, new: pd.DataFrame) -> Changelog:
    log = Changelog()
    before, after = _rows(old), _rows(new)
    for key in sorted(after.keys() - before.keys()):
        r = after[key]
        extra = "".join(f", {k} {_num(r[k])}" for k in ("yoy_pct", "value_usd") if not _same(r[k], None))
        log.added.append(f"{_where(key)}: {_num(r['value'])} {r['unit']}{extra}")
    for key in sorted(before.keys() - after.keys()):
        log.removed.append(f"{_where(key)}: {_num(before[key]['value'])} {before[key]['unit']}")
    for key in sorted(before.keys() & after.keys()):
        a, b = before[key], after[key]
        parts = [f"{k} {_num(a[k])} -> {_num(b[k])}" for k in ("value", "yoy_pct", "value_usd") if not _same(a[k], b[k])]
        if a["quote"] != b["quote"]:
            parts.append("quote reworded")
        if parts:
            log.changed.append(f"{_where(key)}: " + "; ".join(parts))
    shown_before, shown_after = shown_values(old), shown_values(new)
    for key in sorted(shown_before.keys() | shown_after.keys()):
        a, b = shown_before.get(key), shown_after.get(key)
        if a == b:
            continue
        metric, period, basis = key
        where = f"{metric} {period}" + (f" ({basis})" if basis != "reported" else "")
        if a is None:
            log.shown.append(f"{where}: now shows {_num(b[0])} from {b[1]}")  # type: ignore[index]
        elif b is None:
            log.shown.append(f"{where}: no longer shown (was {_num(a[0])} from {a[1]})")
        else:
            log.shown.append(f"{where}: shows {_num(b[0])} from {b[1]} instead of {_num(a[0])} from {a[1]}")
    growth_before, growth_after = derived_growth(old), derived_growth(new)
    for key in sorted(growth_before.keys() | growth_after.keys()):
        a, b = growth_before.get(key), growth_after.get(key)
        if a is not None and b is not None and round(a, 1) == round(b, 1):
            continue
        where = f"{key[0]} {key[1]} growth on a year before (derived)"
        if a is None:
            log.derived.append(f"{where}: {b:+.1f}% (new)")
        elif b is None:
            log.derived.append(f"{where}: no longer worked out (was {a:+.1f}%)")
        else:
            log.derived.append(f"{where}: {a:+.1f}% -> {b:+.1f}%")
    return log


def changelog_text(log: Changelog, old_name: str, new_name: str) -> str:
    if log.empty:
        return f"{old_name} -> {new_name}: no change in any value\n"
    out = [f"Changes from {old_name} to {new_name}"]
    for title, lines, mark in (
        ("Values added", log.added, "+"),
        ("Values changed", log.changed, "~"),
        ("Values removed", log.removed, "-"),
        ("Values shown", log.shown, "*"),
        ("Derived values", log.derived, "="),
    ):
        if lines:
            out.append(f"{title} ({len(lines)}):")
            out.extend(f"  {mark} {line}" for line in lines)
    return "\n".join(out) + "\n"
