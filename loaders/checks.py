"""Rules that need the whole store: references, quotes, signs, duplicates, dates in the future.

Each rule returns (path, message) pairs; `loaders.store` turns paths into file:line:column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from loaders.calendar import DEFAULT_YEAR_END_MONTH, parse_period, quarter_index, year_end_words
from loaders.quotes import quote_contains, quote_contains_usd
from loaders.roles import METRIC_ROLES
from loaders.schema import Event, Observation, Store
from loaders.units import UNITS
from loaders.vocab import COMPANY_DOCUMENT_KINDS, FORWARD_BASES, MACHINE_WRITTEN_KIND, NON_COMPANY_SUBJECTS, SOURCE_KINDS

Finding = tuple[tuple[str | int, ...], str]
OPEN_ENDED = 10**9  # the last quarter of a structure still in force


def _fmt(value: float) -> str:
    return f"{value:g}"


def check_store(store: Store, today: dt.date) -> list[Finding]:
    """Every problem that stops the store from loading; `today` is the real date (typos in the future)."""
    return [
        *_check_companies(store),
        *_check_sources(store, today),
        *_check_subjects(store),
        *_check_observations(store, today),
        *_check_plans(store),
        *_check_structures(store),
        *_check_events(store, today),
    ]


def _check_companies(store: Store) -> Iterator[Finding]:
    for cid in store.companies:
        if cid in NON_COMPANY_SUBJECTS:
            yield ("companies", cid), f"{cid!r} is reserved for metrics about a {NON_COMPANY_SUBJECTS[cid]}, not a company id"
    if store.default_subject not in store.companies:
        yield ("default_subject",), f"default_subject {store.default_subject!r} is not a company (not in companies:)"
    elif (month := store.companies[store.default_subject].fiscal_year_end_month) != DEFAULT_YEAR_END_MONTH:
        # the pages read the default subject's codes without naming it (loaders.calendar.DEFAULT_YEAR_END_MONTH)
        yield (
            ("companies", store.default_subject, "fiscal_year_end_month"),
            f"the default subject's fiscal year must end in month {DEFAULT_YEAR_END_MONTH} "
            f"({year_end_words(DEFAULT_YEAR_END_MONTH)}), as the pages read its periods; not {month}. "
            "Add a company with another year end as a company of its own",
        )


def _company_words(store: Store) -> str:
    return ", ".join(repr(c) for c in store.companies)


def _check_subjects(store: Store) -> Iterator[Finding]:
    played: dict[tuple[str, str], str] = {}
    for mid, metric in store.metrics.items():
        if metric.role is not None:
            key = (metric.subject or store.default_subject, metric.role)
            if key in played:
                yield (
                    ("metrics", mid, "role"),
                    f"role {metric.role!r} ({METRIC_ROLES[metric.role]}) of {key[0]!r} is already played by metric "
                    f"{played[key]!r}: a company has one metric in each role",
                )
            else:
                played[key] = mid
        subject = metric.subject or store.default_subject
        where = ("metrics", mid, "subject") if metric.subject else ("metrics", mid)
        if subject not in store.companies and subject not in NON_COMPANY_SUBJECTS:
            yield (
                where,
                f"subject {subject!r} is not a company ({_company_words(store)}), 'market' or 'fx'",
            )
            continue
        expected_category = NON_COMPANY_SUBJECTS.get(subject)
        if expected_category is not None and metric.category != expected_category:
            yield where, f"a metric about {subject!r} has category {expected_category!r}, not {metric.category!r}"
        elif expected_category is None and metric.category in NON_COMPANY_SUBJECTS.values():
            yield (
                ("metrics", mid, "category"),
                f"category {metric.category!r} is for metrics whose subject is {metric.category!r}; "
                f"set subject: {metric.category}",
            )


def _check_sources(store: Store, today: dt.date) -> Iterator[Finding]:
    for sid, src in store.sources.items():
        here = ("sources", sid)
        is_company = src.issuer in store.companies
        if src.kind in COMPANY_DOCUMENT_KINDS and not is_company:
            yield (
                (*here, "issuer"),
                f"a {SOURCE_KINDS[src.kind]} is issued by a company: issuer must be a company id "
                f"({_company_words(store)}), not {src.issuer!r}",
            )
        elif src.grade == 1 and not is_company:
            yield (
                (*here, "grade"),
                f"grade 1 is a company's own document or a verbatim copy of it; issuer {src.issuer!r} is not a company id "
                f"({_company_words(store)})",
            )
        if src.kind == MACHINE_WRITTEN_KIND and src.grade != 4:
            yield (*here, "grade"), f"a machine_written_page is grade 4, not {src.grade}"
        elif src.grade == 4 and src.kind != MACHINE_WRITTEN_KIND:
            yield (*here, "kind"), f"grade 4 is machine-written: kind must be machine_written_page, not {src.kind!r}"
        if src.published > today:
            yield (*here, "published"), f"published date {src.published} is in the future"
        if src.accessed > today:
            yield (*here, "accessed"), f"accessed date {src.accessed} is in the future"
        if src.accessed < src.published:
            yield (*here, "accessed"), f"accessed {src.accessed} is before published {src.published}"
        if src.link is None and src.offline_copy is None:
            # every value, event and plan cites a source: without a link no reader can check its quote
            yield (
                here,
                "no link a reader can open: give url, read_at.url, or offline_copy naming the file its text is kept in",
            )


def _check_observations(store: Store, today: dt.date) -> Iterator[Finding]:
    for mid, metric in store.metrics.items():
        seen: dict[tuple[str, str, str, float], int] = {}
        for i, obs in enumerate(metric.observations):
            here = ("metrics", mid, "observations", i)
            if obs.source not in store.sources:
                yield (*here, "source"), f"unknown source {obs.source!r} (not in sources:)"
            if obs.value < 0 and not metric.can_be_negative:
                yield (
                    (*here, "value"),
                    (
                        f"value {_fmt(obs.value)} is negative, but metric {mid!r} cannot be negative "
                        "(set can_be_negative: true if it can)"
                    ),
                )
            if not quote_contains(obs.quote, obs.value, metric.unit, obs.table_scale):
                unit = UNITS[metric.unit].label
                scale = f" with table_scale {obs.table_scale}" if obs.table_scale else ""
                yield (
                    (*here, "quote"),
                    f"quote does not contain the value {_fmt(obs.value)} ({unit}){scale}: {obs.quote!r}",
                )
            yield from _check_range(obs, here, metric.unit)
            if obs.yoy_pct is not None and not quote_contains(obs.quote, obs.yoy_pct, "pct"):
                yield (*here, "quote"), f"quote does not contain yoy_pct {_fmt(obs.yoy_pct)}: {obs.quote!r}"
            if obs.value_usd is not None:
                if metric.unit != "RMB_bn":
                    yield (
                        (*here, "value_usd"),
                        f"value_usd is the US$ figure stated beside an RMB one; metric {mid!r} is in {metric.unit}",
                    )
                elif not quote_contains_usd(obs.quote, obs.value_usd):
                    yield (
                        (*here, "quote"),
                        f"quote does not state value_usd {_fmt(obs.value_usd)} (US$ bn) as a dollar amount: {obs.quote!r}",
                    )
            yield from _check_estimate(obs, here, today)
            period = parse_period(obs.period, store.year_end_month(metric.subject))
            if period.end > today and obs.basis not in FORWARD_BASES:
                yield (
                    (*here, "period"),
                    (
                        f"period {obs.period} ends {period.end}, which is in the future; "
                        "only basis: estimate or target may lie in the future"
                    ),
                )
            # one source may state two different figures for the same period (kept as a conflict);
            # the same figure twice from the same source is a duplicate, unless two providers' estimates
            # happen to agree (an article giving "the LSEG and FactSet estimate"): each keeps its line
            key = (obs.period, obs.basis, obs.source, obs.value, obs.provider)
            if key in seen:
                yield (
                    here,
                    (
                        f"duplicate observation: period {obs.period}, basis {obs.basis}, source {obs.source} "
                        f"and value {_fmt(obs.value)} are the same as observations[{seen[key]}]"
                    ),
                )
            else:
                seen[key] = i


def _check_range(obs: Observation, here: tuple[str | int, ...], unit: str) -> Iterator[Finding]:
    """A stated range is guidance or a forecast, reads low to high, and its quote states its top."""
    if obs.value_high is None:
        return
    if obs.basis not in FORWARD_BASES:
        yield (
            (*here, "value_high"),
            f"value_high (the top of a stated range) belongs to basis: target or estimate, not {obs.basis}",
        )
    if obs.value_high <= obs.value:
        yield (
            (*here, "value_high"),
            f"value_high {_fmt(obs.value_high)} is not above value {_fmt(obs.value)}: value is the range's bottom",
        )
    if not quote_contains(obs.quote, obs.value_high, unit, obs.table_scale):
        yield (*here, "quote"), f"quote does not contain value_high {_fmt(obs.value_high)} ({UNITS[unit].label}): {obs.quote!r}"


def _check_estimate(obs: Observation, here: tuple[str | int, ...], today: dt.date) -> Iterator[Finding]:
    """An estimate names who made it and when; nothing else carries those keys."""
    if obs.basis == "estimate":
        if obs.provider is None:
            yield (
                here,
                "an estimate needs provider: who made it (Bloomberg, LSEG, FactSet, Visible Alpha or a named broker); "
                "a company's own aim is basis: target",
            )
        if obs.estimated_on is None:
            yield here, "an estimate needs estimated_on: the day the provider published it"
        elif obs.estimated_on > today:
            yield (*here, "estimated_on"), f"estimated_on {obs.estimated_on} is in the future"
    else:
        for key in ("provider", "estimated_on"):
            if getattr(obs, key) is not None:
                yield (*here, key), f"{key} belongs to basis: estimate, not basis: {obs.basis}"


def _check_plans(store: Store) -> Iterator[Finding]:
    for pid, plan in store.plans.items():
        here = ("plans", pid)
        if plan.metric not in store.metrics:
            yield (*here, "metric"), f"unknown metric {plan.metric!r} (not in metrics:)"
        elif not store.metrics[plan.metric].observations:
            yield (*here, "metric"), f"metric {plan.metric!r} has no observation holding the plan's amount"
        if plan.tracks not in store.metrics:
            yield (*here, "tracks"), f"unknown metric {plan.tracks!r} (not in metrics:)"
        if plan.source not in store.sources:
            yield (*here, "source"), f"unknown source {plan.source!r} (not in sources:)"


def _check_structures(store: Store) -> Iterator[Finding]:
    for mid, metric in store.metrics.items():
        if metric.part_of is not None and metric.part_of not in store.metrics:
            yield ("metrics", mid, "part_of"), f"unknown metric {metric.part_of!r} (not in metrics:)"
        if metric.growth_of is not None and metric.growth_of not in store.metrics:
            yield ("metrics", mid, "growth_of"), f"unknown metric {metric.growth_of!r} (not in metrics:)"
        elif metric.growth_of is not None and metric.unit != "pct":
            yield ("metrics", mid, "unit"), f"a metric with growth_of states growth in pct, not {metric.unit!r}"
    spans: list[tuple[int, int]] = []  # (first, last) quarter index of each well-formed structure so far
    for i, structure in enumerate(store.structures):
        here = ("structures", i)
        if structure.total not in store.metrics:
            yield (*here, "total"), f"unknown metric {structure.total!r} (not in metrics:)"
        for j, mid in enumerate(structure.segments):
            if mid not in store.metrics:
                yield (*here, "segments", j), f"unknown metric {mid!r} (not in metrics:)"
        for j, change in enumerate(structure.perimeter_changes):
            for k, mid in enumerate(change.metrics):
                if mid not in store.metrics:
                    yield (*here, "perimeter_changes", j, "metrics", k), f"unknown metric {mid!r} (not in metrics:)"
        quarters = {}
        for key in ("first", "last"):
            code = getattr(structure, key)
            if code is not None and not parse_period(code).is_quarter:
                yield (*here, key), f"{key} must be a fiscal quarter such as FY2026Q1, not {code!r}"
            elif code is not None:
                quarters[key] = quarter_index(code)
        if "first" not in quarters:
            continue
        first, last = quarters["first"], quarters.get("last", OPEN_ENDED)
        if last < first:
            yield (*here, "last"), f"last {structure.last} is before first {structure.first}"
            continue
        for j, (other_first, other_last) in enumerate(spans):
            if first <= other_last and other_first <= last:
                yield (*here, "first"), f"structure {structure.id!r} overlaps structures[{j}]: a quarter has one structure"
        spans.append((first, last))


def _check_events(store: Store, today: dt.date) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for i, event in enumerate(store.events):
        here = ("events", i)
        if event.id in seen:
            yield (*here, "id"), f"duplicate event id {event.id!r} (also events[{seen[event.id]}])"
        else:
            seen[event.id] = i
        if event.date is not None and (event.start is not None or event.end is not None):
            yield here, "give either date, or start and end, not both"
        elif event.date is None and (event.start is None or event.end is None):
            yield here, "missing date: give date, or start and end"
        elif event.start is not None and event.end is not None and event.start > event.end:
            yield (*here, "end"), f"end {event.end} is before start {event.start}"
        last = event.date or event.end
        if last is not None and last > today:
            yield here, f"event date {last} is in the future"
        if event.source not in store.sources:
            yield (*here, "source"), f"unknown source {event.source!r} (not in sources:)"
        yield from _check_results_day(store, event, here)
        for j, mid in enumerate(event.metrics):
            if mid not in store.metrics:
                yield (*here, "metrics", j), f"unknown metric {mid!r} (not in metrics:)"


def _check_results_day(store: Store, event: Event, here: tuple[str | int, ...]) -> Iterator[Finding]:
    """A results day says which quarter it reports, a quarter of its company's calendar already over."""
    subject = event.subject or store.default_subject
    if subject not in store.companies:
        yield (*here, "subject"), f"subject {subject!r} is not a company ({_company_words(store)})"
        return
    if event.category != "results":
        if event.reports is not None:
            yield (*here, "reports"), "reports: belongs to results events (category: results) only"
        return
    if event.reports is None:
        yield here, "a results event needs reports: the fiscal quarter whose results were announced, e.g. FY2026Q2"
        return
    period = parse_period(event.reports, store.year_end_month(subject))
    if not period.is_quarter:
        yield (*here, "reports"), f"reports must be a fiscal quarter of {subject!r} such as FY2026Q2, not {event.reports!r}"
    elif event.first_day is not None and period.end >= event.first_day:
        yield (
            (*here, "reports"),
            f"{event.reports} ends {period.end}: results cannot be announced on {event.first_day}, before it is over",
        )
