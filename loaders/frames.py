"""Tidy pandas frames from a validated store: one row per observed value, with its citation.

A row names its source as loaders.citation words it: `publisher` the issuer, `source_title` the
document's title with where a copy was read, so "publisher, source_title" is the source's label
(`source_label`) wherever it is composed; `evidence` says how the value is evidenced and
`link_to_quote` opens the page at the quote (loaders.quote_links).

Everything downstream (derived figures, charts, tables, CSV) reads these frames, never the YAML.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from loaders.authority import Claim, grade_label, rule
from loaders.calendar import parse_period
from loaders.citation import cited_title, evidence, evidence_words, issuer_name, source_label
from loaders.curation import CompanyFacts, SourceDates, company_facts, data_as_of_text, dates_of_sources
from loaders.quote_links import link_to_quote
from loaders.recipes import add_derived
from loaders.roles import resolve_roles
from loaders.schema import Company, Source
from loaders.store import LoadedStore
from loaders.vocab import METRIC_CATEGORIES

# the order tables list metrics in: the group first, then cloud and capex, then the rest
CATEGORY_ORDER = tuple(METRIC_CATEGORIES)

OBSERVATION_COLUMNS = [
    "metric", "name", "unit", "category", "period", "period_kind", "period_start", "period_end",
    "fiscal_label", "calendar_label", "value", "basis", "yoy_pct", "note", "source", "source_title",
    "publisher", "url", "published", "source_kind", "quote", "line", "value_usd", "preferred",
    "grade", "grade_label", "figure", "cited_by", "also_stated_by", "machine_only", "color", "short_name",
    "part_of", "growth_of", "subject", "provider", "estimated_on", "source_label", "evidence", "evidence_label",
    "read_at_host", "read_at_url", "link_to_quote", "company", "default_subject", "role", "year_end_month",
    "calendar_quarter", "placement", "value_high",
]  # fmt: skip
_SOURCE, _PUBLISHER, _PREFERRED, _GRADE_LABEL, _FIGURE, _CITED_BY, _ALSO, _MACHINE_ONLY = (
    OBSERVATION_COLUMNS.index(c)
    for c in ("source", "publisher", "preferred", "grade_label", "figure", "cited_by", "also_stated_by", "machine_only")
)


@dataclass(frozen=True)
class Frames:
    observations: pd.DataFrame
    metrics: pd.DataFrame
    sources: pd.DataFrame
    events: pd.DataFrame
    plans: pd.DataFrame
    structures: pd.DataFrame
    digest: str = ""  # sha256 of the store file the frames were built from
    # one row per company (companies_frame), the default subject first
    companies: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COMPANY_COLUMNS))

    @property
    def default_subject(self) -> str | None:
        """The company a page is about unless it names another: the store's default_subject."""
        return str(self.companies["company"].iloc[0]) if not self.companies.empty else None

    def company_name(self, company: str | None = None) -> str:
        """A company's name as the store gives it (the default subject's where none is named): what notices say."""
        company = company or self.default_subject
        rows = self.companies[self.companies["company"] == company]
        return str(rows["name"].iloc[0]) if not rows.empty else str(company or "")

    def data_as_of_in(self, labels: str = "fiscal") -> str:
        """'Data as of Apr–Jun 2026 (FY27 Q1), results of 2026-08-28; sources checked 2026-12-01', the words every
        chart of a page (footnote, citation) and every export ends with: in calendar quarters only where `labels`
        is "calendar", a reader's choice, else with the fiscal quarter beside. Made from the default subject's facts
        and the sources' dates, worked out once per store."""
        subject = self.default_subject
        style = "calendar" if labels == "calendar" else "fiscal"
        facts = self.company_facts(subject)
        return data_as_of_text(self.observations, self.sources, self.events, subject, facts, style, self.source_dates)

    @cached_property
    def quote_links(self) -> dict[tuple[str, str], str]:
        """Each (source, quote) of the store's values and events with its link to the quote (loaders.quote_links):
        every chart's deck notes and the Peers table look their links up here."""
        links: dict[tuple[str, str], str] = {}
        for frame in (self.events, self.observations):
            if "link_to_quote" in frame:
                known = frame[frame["link_to_quote"].notna()]
                links.update(zip(zip(known["source"], known["quote"], strict=True), known["link_to_quote"], strict=True))
        return links

    @cached_property
    def _facts(self) -> dict[str | None, CompanyFacts]:
        return {}

    def company_facts(self, subject: str | None) -> CompanyFacts:
        """A company's newest quarter, fiscal year end and results days, worked out once per store: every page asks
        for them (its notice, its sidebar, its charts' "data as of"), and the Peers page for every company."""
        memo = self._facts
        if subject not in memo:
            memo[subject] = company_facts(self.observations, self.events, subject)
        return memo[subject]

    @cached_property
    def source_dates(self) -> SourceDates:
        """The day the sources were last checked and the newest source's publication: the store's, the same in every
        company's freshness line, so worked out once per store however many companies a page states."""
        return dates_of_sources(self.sources)

    @cached_property
    def subject_events(self) -> pd.DataFrame:
        """The default subject's events: what its timeline and charts mark (a peer's results days are the
        peer's own)."""
        if self.events.empty or "subject" not in self.events or self.default_subject is None:
            return self.events
        return self.events[self.events["subject"] == self.default_subject]

    @property
    def version(self) -> str:
        """The store's short content digest: what every export carries, so a note can be traced to its data."""
        return self.digest[:12]


def _cited(source: Source, companies: Mapping[str, Company]) -> tuple[object, ...]:
    """How a row names its source (loaders.citation): publisher (the issuer), label, evidence and its
    words, and the host and address of the copy read."""
    kind = evidence(source)
    host = source.read_at.host if source.read_at else None
    return (
        issuer_name(source, companies), source_label(source, companies), kind, evidence_words(kind, host), host,
        source.read_at.url if source.read_at else None,
    )  # fmt: skip


def company_of_subject(loaded: LoadedStore, subject: str | None) -> str:
    """The company a metric's figures count towards: its subject, or for a market or exchange-rate metric the
    default subject, in whose fiscal terms its periods are written."""
    store = loaded.model
    subject = subject or store.default_subject
    return subject if subject in store.companies else store.default_subject


def metric_roles(loaded: LoadedStore) -> dict[str, str | None]:
    """Each metric's role on the pages (loaders.roles), declared or by its id."""
    metrics = loaded.model.metrics
    return resolve_roles(
        {m: x.role for m, x in metrics.items()}, {m: company_of_subject(loaded, x.subject) for m, x in metrics.items()}
    )


def observations_frame(loaded: LoadedStore) -> pd.DataFrame:
    store = loaded.model
    marks = loaded.document.marks
    rows: list[list[object]] = []
    # The preferred value of each metric, period and basis (loaders.authority) and the table
    # order are worked out on the rows, before the frame exists: two multi-column sorts of the
    # frame cost more than building it (see docs/performance.md).
    claims: dict[tuple[str, str, str], list[Claim]] = {}
    # per source: its issuer's name (the publisher), its label, its evidence and where a copy was read
    cited = {sid: _cited(s, store.companies) for sid, s in store.sources.items()}
    roles = metric_roles(loaded)
    for mid, metric in store.metrics.items():
        subject = metric.subject or store.default_subject
        # the company whose figures these are (for a market or exchange rate, the default subject's, read in its
        # terms), and its fiscal calendar: its codes name its own quarters, each placed on the calendar
        company = company_of_subject(loaded, subject)
        year_end_month = store.year_end_month(subject)
        for i, obs in enumerate(metric.observations):
            period = parse_period(obs.period, year_end_month)
            src = store.sources[obs.source]
            mark = marks.get(("metrics", mid, "observations", i))
            line = mark.line if mark else 0
            claims.setdefault((mid, obs.period, obs.basis), []).append(
                Claim(obs.value, src.grade, src.published.toordinal(), line, len(rows))
            )
            rows.append(
                [
                    mid, metric.name, metric.unit, metric.category, obs.period, period.kind,
                    period.start, period.end, period.fiscal_label, period.calendar_label, obs.value,
                    obs.basis, obs.yoy_pct, obs.note, obs.source, cited_title(src), cited[obs.source][0], src.link,
                    src.published, src.kind, obs.quote, line, obs.value_usd, False,
                    src.grade, grade_label(src.grade), 0, (), "", False, metric.display.color,
                    metric.display.short_name or metric.name, metric.part_of, metric.growth_of, subject,
                    obs.provider, obs.estimated_on, *cited[obs.source][1:], link_to_quote(src, obs.quote),
                    company, company == store.default_subject, roles[mid], year_end_month, period.calendar_quarter,
                    period.placement, obs.value_high,
                ]
            )  # fmt: skip
    for (_, _, basis), group in claims.items():
        ruling = rule(group, newest_first=basis == "target")  # guidance: each statement revises the last
        for claim in group:
            row = rows[claim.index]
            row[_FIGURE] = ruling.figure_of[claim.index]
            same_figure = ruling.cited_by[row[_FIGURE]]
            row[_CITED_BY] = tuple(rows[i][_SOURCE] for i in same_figure)
            # the other sources of the same figure, best grade first, as a citation names them
            row[_ALSO] = "; ".join(f"{rows[i][_PUBLISHER]} ({rows[i][_GRADE_LABEL]})" for i in same_figure if i != claim.index)
        rows[ruling.preferred][_PREFERRED] = True
        rows[ruling.preferred][_MACHINE_ONLY] = ruling.machine_only
    # beside the stated values, the figures the two recipes derive where no source states them, each
    # marked `derived` (loaders.recipes)
    columns = add_derived(rows, OBSERVATION_COLUMNS, store.structures)
    # table order: by category (CATEGORY_ORDER), metric, period end, basis, line in the file
    category_rank = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    rows.sort(key=lambda r: (category_rank.get(r[3], len(CATEGORY_ORDER)), r[0], r[7], r[11], r[21]))
    frame = pd.DataFrame.from_records(rows, columns=columns)
    if frame.empty:
        return frame
    frame["period_start"] = pd.to_datetime(frame["period_start"])
    frame["period_end"] = pd.to_datetime(frame["period_end"])
    frame["published"] = pd.to_datetime(frame["published"])
    frame["yoy_pct"] = frame["yoy_pct"].astype(float)
    frame["value"] = frame["value"].astype(float)
    frame["value_usd"] = frame["value_usd"].astype(float)
    frame["value_high"] = frame["value_high"].astype(float)
    return frame


COMPANY_COLUMNS = ["company", "name", "tickers", "fiscal_year_end_month", "currency", "default"]


def companies_frame(loaded: LoadedStore) -> pd.DataFrame:
    """The store's companies, the default subject first, then in the store's order."""
    store = loaded.model
    ordered = sorted(store.companies.items(), key=lambda item: item[0] != store.default_subject)
    rows = [
        (cid, c.name, tuple(c.tickers), c.fiscal_year_end_month, c.currency, cid == store.default_subject) for cid, c in ordered
    ]
    return pd.DataFrame.from_records(rows, columns=COMPANY_COLUMNS)


def metrics_frame(loaded: LoadedStore) -> pd.DataFrame:
    roles = metric_roles(loaded)
    rows = [
        (
            mid, m.name, m.display.short_name or m.name, m.unit, m.category, m.can_be_negative, m.description,
            len(m.observations), m.display.color, m.display.order, m.part_of, m.growth_of,
            m.subject or loaded.model.default_subject, company_of_subject(loaded, m.subject),
            company_of_subject(loaded, m.subject) == loaded.model.default_subject, roles[mid],
        )
        for mid, m in loaded.model.metrics.items()
    ]  # fmt: skip
    return pd.DataFrame.from_records(
        rows,
        columns=[
            "metric", "name", "short_name", "unit", "category", "can_be_negative", "description", "observations",
            "color", "order", "part_of", "growth_of", "subject", "company", "default_subject", "role",
        ],
    )  # fmt: skip


def structures_frame(loaded: LoadedStore) -> pd.DataFrame:
    """The reporting structures in quarter order: which segments add up to which total, from when to when."""
    rows = [
        (
            s.id, s.name, s.first, s.last, s.total, tuple(s.segments), s.note,
            tuple((tuple(c.metrics), c.label, c.note) for c in s.perimeter_changes),
        )
        for s in sorted(loaded.model.structures, key=lambda s: parse_period(s.first).start)
    ]  # fmt: skip
    columns = ["structure", "name", "first", "last", "total", "segments", "note", "perimeter_changes"]
    return pd.DataFrame.from_records(rows, columns=columns)


def sources_frame(loaded: LoadedStore) -> pd.DataFrame:
    """One row per source: `publisher` its issuer, `source_label` whose document it is and where it was read,
    `url` the page to open."""
    companies = loaded.model.companies
    rows = [
        (
            sid, s.title, issuer_name(s, companies), s.link, s.published, s.accessed, s.kind, s.grade,
            grade_label(s.grade), s.note, loaded.line_of(("sources", sid)), s.issuer, s.url,
            s.read_at.host if s.read_at else None, s.read_at.url if s.read_at else None, s.offline_copy,
            source_label(s, companies), cited_title(s), evidence(s),
            evidence_words(evidence(s), s.read_at.host if s.read_at else None), s.pdf, s.machine_translated,
        )
        for sid, s in loaded.model.sources.items()
    ]  # fmt: skip
    frame = pd.DataFrame.from_records(
        rows,
        columns=[
            "source", "title", "publisher", "url", "published", "accessed", "kind", "grade", "grade_label", "note",
            "line", "issuer", "document_url", "read_at_host", "read_at_url", "offline_copy", "source_label", "cited_title",
            "evidence", "evidence_label", "pdf", "machine_translated",
        ],
    )  # fmt: skip
    frame["published"] = pd.to_datetime(frame["published"])
    frame["accessed"] = pd.to_datetime(frame["accessed"])
    return frame


def events_frame(loaded: LoadedStore) -> pd.DataFrame:
    store = loaded.model
    rows = []
    for i, e in enumerate(store.events):
        src = store.sources[e.source]
        rows.append(
            (
                e.id, pd.Timestamp(e.first_day), pd.Timestamp(e.last_day), e.title, e.chart_label, e.category,
                ",".join(e.metrics), e.source, cited_title(src), issuer_name(src, store.companies), src.grade,
                grade_label(src.grade), src.link, pd.Timestamp(src.published), e.quote, e.note,
                loaded.line_of(("events", i)), e.subject or store.default_subject, e.reports,
                source_label(src, store.companies), link_to_quote(src, e.quote), src.kind,
            )
        )  # fmt: skip
    frame = pd.DataFrame.from_records(
        rows,
        columns=[
            "event", "start", "end", "title", "chart_label", "category", "metrics", "source", "source_title",
            "publisher", "grade", "grade_label", "url", "published", "quote", "note", "line", "subject", "reports",
            "source_label", "link_to_quote", "source_kind",
        ],
    )  # fmt: skip
    return frame.sort_values(["start", "event"]).reset_index(drop=True)


def plans_frame(loaded: LoadedStore) -> pd.DataFrame:
    """Each plan with its amount, taken from the plan metric's observation by the plan's own source."""
    store = loaded.model
    rows = []
    for pid, plan in store.plans.items():
        metric = store.metrics[plan.metric]
        by_plan_source = [o for o in metric.observations if o.source == plan.source]
        amount_obs = (by_plan_source or metric.observations)[0]
        src = store.sources[plan.source]
        rows.append(
            (
                pid, plan.metric, plan.tracks, amount_obs.value, metric.unit, plan.horizon_years,
                pd.Timestamp(plan.announced), plan.source, cited_title(src), issuer_name(src, store.companies), src.grade,
                grade_label(src.grade), src.link, plan.quote,
                amount_obs.source, amount_obs.quote, source_label(src, store.companies), link_to_quote(src, plan.quote),
            )
        )  # fmt: skip
    return pd.DataFrame.from_records(
        rows,
        columns=[
            "plan", "metric", "tracks", "amount", "unit", "horizon_years", "announced", "source",
            "source_title", "publisher", "grade", "grade_label", "url", "quote", "amount_source", "amount_quote",
            "source_label", "link_to_quote",
        ],
    )  # fmt: skip


def with_text_as_objects(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its text columns held as Python objects in one block rather than one Arrow string
    array each: every page selects rows of the observations dozens of times, and a selection copies each
    column separately, so 56 columns of Arrow strings cost about 2 ms a selection and one object block
    0.3 ms (docs/performance.md). Values and missing values are unchanged."""
    text = [c for c in frame.columns if isinstance(frame[c].dtype, pd.StringDtype)]
    # copy() gathers the columns of one dtype into one block
    return frame.astype(dict.fromkeys(text, object)).copy() if text else frame


def build_frames(loaded: LoadedStore) -> Frames:
    return Frames(
        observations=with_text_as_objects(observations_frame(loaded)),
        metrics=with_text_as_objects(metrics_frame(loaded)),
        sources=with_text_as_objects(sources_frame(loaded)),
        events=with_text_as_objects(events_frame(loaded)),
        plans=with_text_as_objects(plans_frame(loaded)),
        structures=with_text_as_objects(structures_frame(loaded)),
        digest=loaded.digest,
        companies=with_text_as_objects(companies_frame(loaded)),
    )
