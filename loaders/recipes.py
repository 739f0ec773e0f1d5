"""Figures worked out from stated ones, by the only two recipes the dashboard trusts.

A fiscal quarter is its fiscal year's stated total minus its other three stated quarters; a fiscal
year is the sum of its four stated quarters. Both take the same metric on the same basis, within
one reporting structure, so nothing is filled from another metric's identity (free cash flow is
never operating cash flow minus capex) or across a reorganisation. A derived row is added only
where no source states that metric, period and basis: a stated figure always wins. Each carries
its recipe in words, its inputs' sources, the weakest input's grade, and is rounded to the
decimals of its coarsest input, since it is no more exact than that. Where every figure of a year
is stated, the recipe checks them instead: a year that differs from its quarters by more than
their rounding is a disagreement.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from loaders.authority import decimals, grade_label
from loaders.calendar import parse_period, quarter_code, results_due
from loaders.due import is_overdue
from loaders.schema import Structure
from loaders.units import UNITS
from loaders.vocab import EVIDENCE, FORWARD_BASES, SOURCE_KINDS

DERIVED_SOURCE = "derived"  # the source column of a derived row: its inputs are in `inputs`
DERIVED_PUBLISHER = "Derived from stated figures"
STATED, DERIVED = "stated", "derived"  # the evidence of a row: another of STATED's kinds may be given by the store
QUARTERS = (1, 2, 3, 4)

# the columns a derived row adds to the observations frame; stated rows get them empty
RECIPE_COLUMNS = ["derived", "evidence", "recipe", "inputs", "input_citations", "recipe_check", "recipe_value"]


@dataclass(frozen=True)
class Input:
    """One preferred stated value a recipe uses."""

    period: str
    value: float
    source: str
    publisher: str
    title: str
    kind: str
    grade: int
    published: dt.date


Columns = Mapping[str, Sequence[Any]]  # the observations' columns as plain lists, by name


def _lists(columns: Columns, *names: str) -> list[Sequence[Any]]:
    return [columns[c] for c in names]


MONEY_UNITS = frozenset(u.id for u in UNITS.values() if u.currency)


def summable(obs: Columns) -> set[str]:
    """Metrics whose quarters add up to their year: money amounts some source states for a fiscal year.

    A money metric never stated for a whole year (a run-rate, an annual recurring revenue, a plan's
    amount) is a level at a point in time, not a flow, and is left alone.
    """
    return {
        m
        for m, u, k in zip(*_lists(obs, "metric", "unit", "period_kind"), strict=True)
        if k == "fiscal_year" and u in MONEY_UNITS
    }


END = dt.date.max  # a structure still in force


@dataclass(frozen=True)
class _Span:
    """A reporting structure's segments and the days it covers."""

    structure: str
    segments: frozenset[str]
    first: dt.date
    last: dt.date


def _spans(structures: Sequence[Structure]) -> list[_Span]:
    return [
        _Span(s.id, frozenset(s.segments), parse_period(s.first).start, parse_period(s.last).end if s.last else END)
        for s in structures
    ]


def _structure_of(spans: list[_Span], metric: str, quarter: str) -> str | None:
    """The reporting structure that lists `metric` as a segment in `quarter`, if any."""
    start = parse_period(quarter).start
    return next((s.structure for s in spans if metric in s.segments and s.first <= start <= s.last), None)


def _one_structure(spans: list[_Span], metric: str, fiscal_year: int) -> bool:
    """All four quarters of the year are reported the same way for this metric."""
    return len({_structure_of(spans, metric, quarter_code(fiscal_year, q)) for q in QUARTERS}) == 1


def _kind_words(inputs: list[Input]) -> str:
    """The kinds of document the inputs come from, as the recipe names them: "results announcements, article"."""
    counts: dict[str, int] = {}
    for i in inputs:
        counts[i.kind] = counts.get(i.kind, 0) + 1
    words = [SOURCE_KINDS.get(k, k) + ("s" if n > 1 and " or " not in SOURCE_KINDS.get(k, k) else "") for k, n in counts.items()]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def half_units(values: Iterable[float]) -> float:
    """The most the exact sum of rounded values can be from their rounded sum: half a unit of each one's last decimal."""
    return sum(0.5 * 10.0 ** -decimals(v) for v in values)


def _fmt(value: float, places: int) -> str:
    """A figure as the recipe's arithmetic writes it: a negative one in brackets, so "− (−18.8)" reads plainly."""
    text = f"{abs(value):,.{places}f}"
    return f"(−{text})" if value < 0 else text


def _inputs(obs: Columns) -> dict[tuple[str, str, str], Input]:
    """The preferred stated value of every summable metric's quarters and fiscal years, by (metric, period, basis)."""
    metrics = summable(obs)
    derived = obs["derived"] if "derived" in obs else [False] * len(obs["metric"])
    cols = ["metric", "period", "basis", "value", "source", "publisher", "source_title", "source_kind", "grade", "published"]
    out = {}
    # plain columns zipped, not a filtered frame: this runs on every load of the store
    rows = zip(*_lists(obs, *cols), strict=True)
    for shown, worked_out, kind, row in zip(*_lists(obs, "preferred"), derived, *_lists(obs, "period_kind"), rows, strict=True):
        m, p, b, v, s, pub, title, source_kind, g, published = row
        if shown and not worked_out and kind in ("quarter", "fiscal_year") and m in metrics and b not in FORWARD_BASES:
            out[(m, p, b)] = Input(p, float(v), s, pub, title, source_kind, int(g), published)
    return out


@dataclass(frozen=True)
class Worked:
    """One recipe applied: the period it gives, the value, its words and its inputs."""

    metric: str
    period: str
    basis: str
    value: float  # rounded to the coarsest input's decimals
    exact: float  # before rounding
    places: int
    recipe: str
    arithmetic: str
    inputs: tuple[Input, ...]

    @property
    def grade(self) -> int:
        return max(i.grade for i in self.inputs)

    @property
    def tolerance(self) -> float:
        return half_units(i.value for i in self.inputs)


def _quarter_recipe(metric: str, basis: str, fy: int, q: int, total: Input, others: list[Input]) -> Worked:
    places = min(decimals(i.value) for i in (total, *others))
    exact = total.value - sum(i.value for i in others)
    names = ", ".join(f"Q{parse_period(i.period).code[-1]}" for i in others)
    recipe = f"FY{fy} total ({_kind_words([total])}) − {names} ({_kind_words(others)})"
    arithmetic = (
        f"FY{fy} {_fmt(total.value, decimals(total.value))} − "
        + " − ".join(f"Q{i.period[-1]} {_fmt(i.value, decimals(i.value))}" for i in others)
        + f" = {_fmt(round(exact, places), places)}"
    )
    return Worked(metric, quarter_code(fy, q), basis, round(exact, places), exact, places, recipe, arithmetic, (total, *others))


def _year_recipe(metric: str, basis: str, fy: int, quarters: list[Input]) -> Worked:
    places = min(decimals(i.value) for i in quarters)
    exact = sum(i.value for i in quarters)
    recipe = f"Q1 + Q2 + Q3 + Q4 of FY{fy} ({_kind_words(quarters)})"
    arithmetic = " + ".join(f"Q{i.period[-1]} {_fmt(i.value, decimals(i.value))}" for i in quarters)
    arithmetic += f" = {_fmt(round(exact, places), places)}"
    return Worked(metric, f"FY{fy}", basis, round(exact, places), exact, places, recipe, arithmetic, tuple(quarters))


def _years(stated: dict[tuple[str, str, str], Input]) -> set[tuple[str, str, int]]:
    """Every (metric, basis, fiscal year) with a stated quarter or year."""
    out = set()
    for metric, period, basis in stated:
        out.add((metric, basis, int(period[2:6])))
    return out


def worked_figures(obs: Columns, spans: list[_Span]) -> tuple[list[Worked], list[tuple[Worked, Input]]]:
    """The recipes that fill a period no source states, and the checks where every figure of a year is stated.

    Returns (derived, checks): each check is the year recipe beside the stated year it disagrees with
    by more than the inputs' rounding.
    """
    stated = _inputs(obs)
    derived: list[Worked] = []
    checks: list[tuple[Worked, Input]] = []
    for metric, basis, fy in sorted(_years(stated)):
        if not _one_structure(spans, metric, fy):
            continue
        total = stated.get((metric, f"FY{fy}", basis))
        quarters = {q: stated.get((metric, quarter_code(fy, q), basis)) for q in QUARTERS}
        have = [q for q in QUARTERS if quarters[q] is not None]
        if len(have) == 4:
            worked = _year_recipe(metric, basis, fy, [quarters[q] for q in QUARTERS])  # type: ignore[misc]
            if total is None:
                derived.append(worked)
            elif abs(worked.exact - total.value) > worked.tolerance + half_units([total.value]) + 1e-9:
                checks.append((worked, total))
        elif len(have) == 3 and total is not None:
            (q,) = (q for q in QUARTERS if quarters[q] is None)
            derived.append(_quarter_recipe(metric, basis, fy, q, total, [quarters[h] for h in have]))  # type: ignore[misc]
    return derived, checks


def _citation(i: Input) -> str:
    return f"{i.publisher}, {i.title} ({grade_label(i.grade)}): {i.period} {i.value:g}"


def _derived_row(w: Worked, about: dict[str, object]) -> dict[str, object]:
    """A derived figure as a row of the observations: shown (preferred), since no source states its period."""
    period = parse_period(w.period, about["year_end_month"])  # type: ignore[arg-type]
    return {
        **about,
        "metric": w.metric, "period": w.period, "period_kind": period.kind, "period_start": period.start,
        "period_end": period.end, "fiscal_label": period.fiscal_label, "calendar_label": period.calendar_label,
        "value": w.value, "basis": w.basis, "yoy_pct": None, "note": w.arithmetic, "source": DERIVED_SOURCE,
        "source_title": w.recipe, "publisher": DERIVED_PUBLISHER, "url": None,
        "published": max(i.published for i in w.inputs), "source_kind": DERIVED_SOURCE, "quote": "", "line": 0,
        "value_usd": None, "preferred": True, "grade": w.grade, "grade_label": grade_label(w.grade), "figure": 0,
        "cited_by": tuple(i.source for i in w.inputs), "also_stated_by": "", "machine_only": False,
        "provider": None, "estimated_on": None,
        "derived": True, "evidence": DERIVED, "recipe": w.recipe, "inputs": tuple(dict.fromkeys(i.source for i in w.inputs)),
        "input_citations": "; ".join(_citation(i) for i in w.inputs), "recipe_check": "", "recipe_value": math.nan,
        # named as derived wherever a source's name goes; no page to open: its inputs carry the links
        "source_label": f"{EVIDENCE[DERIVED]}: {w.recipe}", "evidence_label": EVIDENCE[DERIVED],
        "read_at_host": None, "read_at_url": None, "link_to_quote": None,
        "calendar_quarter": period.calendar_quarter, "placement": period.placement, "value_high": None,
    }  # fmt: skip


def add_derived(rows: list[list[object]], columns: list[str], structures: Sequence[Structure]) -> list[str]:
    """Give every stated row its evidence, mark a stated year that disagrees with its quarters, and append a
    row for every figure the recipes derive; returns the columns the rows now have.

    Works on the observations' rows before their frame is built (loaders.frames), so the frame is
    built, and sorted into table order, once.
    """
    at = {c: i for i, c in enumerate(columns)}
    view = {c: [r[at[c]] for r in rows] for c in ("metric", "period", "basis", "value", "source", "publisher",
                                                   "source_title", "source_kind", "grade", "published", "preferred",
                                                   "period_kind", "unit")}  # fmt: skip
    added = [c for c in RECIPE_COLUMNS if c not in at]
    stated = {
        "derived": False,
        "evidence": STATED,
        "recipe": "",
        "input_citations": "",
        "recipe_check": "",
        "recipe_value": math.nan,
    }
    for row in rows:
        row.extend(() if c == "inputs" else stated[c] for c in added)
    out = columns + added
    where = {c: i for i, c in enumerate(out)}
    derived, checks = worked_figures(view, _spans(structures))
    for w, _stated in checks:
        for row in rows:
            if (row[at["metric"]], row[at["period"]], row[at["basis"]], row[at["preferred"]]) == (
                w.metric,
                w.period,
                w.basis,
                True,
            ):
                row[where["recipe_check"]] = f"{w.recipe}: {w.arithmetic}"
                row[where["recipe_value"]] = w.value
    about = (
        "name",
        "unit",
        "category",
        "color",
        "short_name",
        "part_of",
        "growth_of",
        "subject",
        "company",
        "default_subject",
        "role",
        "year_end_month",
    )
    first: dict[str, dict[str, object]] = {}
    for row in rows:
        first.setdefault(str(row[at["metric"]]), {c: row[at[c]] for c in about})
    for w in derived:
        values = _derived_row(w, first[w.metric])
        rows.append([values[c] for c in out])
    return out


def is_derived(obs: pd.DataFrame) -> pd.Series:
    """Which rows are worked out from stated figures (`add_derived`), not stated by a source: none in a frame
    without the flag."""
    return obs["derived"].astype(bool) if "derived" in obs else pd.Series(False, index=obs.index)


def stated_only(obs: pd.DataFrame) -> pd.DataFrame:
    """The values sources state, without the derived ones: what counts of cited values count."""
    return obs[~is_derived(obs)] if "derived" in obs else obs


def stated_count(obs: pd.DataFrame) -> int:
    """How many values sources state: `stated_only`'s rows counted without copying them, as the sidebar
    of every page gives the count."""
    return int((~is_derived(obs)).sum())


def recipe_disagreements(obs: pd.DataFrame) -> pd.DataFrame:
    """Stated years that differ from the sum of their stated quarters by more than the figures' rounding,
    as `with_derived` marked them: the stated row, then a row with what the recipe gives."""
    if obs.empty or "recipe_check" not in obs:
        return obs.iloc[0:0]
    stated = obs[obs["recipe_check"].astype(bool)]
    recipe = stated.assign(
        value=stated["recipe_value"], yoy_pct=math.nan, source=DERIVED_SOURCE, publisher=DERIVED_PUBLISHER,
        source_title=stated["recipe_check"], quote=stated["recipe_check"], url=None, preferred=False, derived=True,
        source_kind=DERIVED_SOURCE,
        evidence=DERIVED, grade_label="derived",
    )  # fmt: skip
    return pd.concat([stated, recipe]).sort_values(["metric", "period", "basis"], kind="stable")


def quarter_state(obs: pd.DataFrame, metric: str, quarter: str, today: dt.date, basis: str = "reported",
                  overdue: bool | None = None, days: Mapping[str, dt.date] | None = None) -> str:  # fmt: skip
    """What a quarter of a metric is on the page: a key of `loaders.vocab.QUARTER_STATES`.

    Stated where a source states it, derived where a recipe works it out; otherwise "to_come" until
    its results are due (`loaders.calendar.results_due`, from the results `days` held). After that,
    whether the quarter's results are overdue is the results-day decision: pass it as `overdue`; left
    None, it is `loaders.due`'s rule (newer than the newest quarter held), so "not_stated" means the
    results are out and this figure is not in them or not held.
    """
    from loaders.curation import company_of, store_latest_quarter, year_end_month_of  # curation reads frames, which read recipes

    rows = obs[(obs["period"] == quarter) & ~obs["basis"].isin(FORWARD_BASES)] if not obs.empty else obs
    own = rows[(rows["metric"] == metric) & (rows["basis"] == basis)] if not rows.empty else rows
    derived = is_derived(own)
    if (~derived).any():
        state = "stated"
    elif derived.any():
        state = "derived"
    elif today <= results_due(quarter, days, year_end_month_of(obs, company_of(obs, metric))):
        state = "to_come"
    else:
        if overdue is None:
            stated = stated_only(obs)
            company = company_of(obs, metric)
            overdue = is_overdue(
                quarter, today, days or {}, store_latest_quarter(stated, company), year_end_month_of(obs, company)
            )
        state = "overdue" if overdue else "not_stated"
    return state
