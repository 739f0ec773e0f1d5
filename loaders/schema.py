"""The shape of the metric store, as pydantic models.

Field-level rules live here (types, allowed words, http(s) links, finite numbers); rules that
need the whole store (known sources, quotes containing values, duplicates) live in
`loaders.checks`, because they need more than one field at a time.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal
from urllib.parse import urlparse

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, StringConstraints, field_validator

from loaders.authority import GRADE_IDS, GRADES
from loaders.calendar import PeriodError, parse_period
from loaders.errors import short_repr
from loaders.units import UNIT_IDS
from loaders.vocab import BASES, EVENT_CATEGORIES, METRIC_CATEGORIES, SOURCE_KINDS

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
Text = Annotated[str, Strict(), StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]

SourceKind = Literal[tuple(SOURCE_KINDS)]  # type: ignore[valid-type]
Category = Literal[tuple(METRIC_CATEGORIES)]  # type: ignore[valid-type]
TableScale = Literal["thousand", "million", "billion"]
Basis = Literal[tuple(BASES)]  # type: ignore[valid-type]
EventCategory = Literal[tuple(EVENT_CATEGORIES)]  # type: ignore[valid-type]
UnitId = Literal[UNIT_IDS]  # type: ignore[valid-type]


def _grade(value: object) -> object:
    if type(value) is not int or value not in GRADE_IDS:
        words = ", ".join(f"{g} {label}" for g, label in GRADES.items())
        raise ValueError(f"grade must be one of {words}; got {short_repr(value)}")
    return value


Grade = Annotated[int, BeforeValidator(_grade)]


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _strict_date(value: object) -> object:
    """YAML gives dates as dates; a quoted string must still be a real YYYY-MM-DD date.

    Nothing else is a date: not a number (pydantic would read 0 as 1970-01-01), not an ISO week
    date such as 2025-W01-1 (which `date.fromisoformat` accepts), not a date and time.
    """
    if isinstance(value, dt.datetime):
        return _bad_date(value)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return _bad_date(value)
    return _bad_date(value)


def _bad_date(value: object) -> object:
    if value is None:
        raise ValueError("no value: expected a date in the form YYYY-MM-DD")
    raise ValueError(f"{short_repr(value)} is not a date in the form YYYY-MM-DD")


Date = Annotated[dt.date, BeforeValidator(_strict_date)]


def _period_text(value: object) -> object:
    if isinstance(value, dt.date):
        value = value.isoformat()
    if not isinstance(value, str):
        raise ValueError(f"period must be written like FY2026Q2, got {short_repr(value)}")
    try:
        parse_period(value)
    except PeriodError as exc:
        raise ValueError(str(exc)) from None
    return value


PeriodCode = Annotated[str, BeforeValidator(_period_text)]


def check_http_url(value: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"url {short_repr(value)} must be an http:// or https:// address")
    if any(ch.isspace() for ch in value) or any(ch in value for ch in "<>\"'`"):
        raise ValueError(f"url {short_repr(value)} contains characters a link may not have")
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Model):
    title: Text
    publisher: Text
    url: Annotated[str, Strict()] | None = None
    published: Date
    accessed: Date
    kind: SourceKind
    # how much the source's word counts (loaders.authority): 1 Alibaba's own, 2 major outlet,
    # 3 other site, 4 machine-written; required, so no source is ranked by default
    grade: Grade
    note: Text | None = None

    _url = field_validator("url")(lambda cls, v: None if v is None else check_http_url(v))


class Observation(_Model):
    period: PeriodCode
    value: Number
    source: Identifier
    quote: Text
    basis: Basis = "reported"
    yoy_pct: Number | None = None
    # The US$ convenience translation the source states beside an RMB figure ("RMB247,795 million
    # (US$34,808 million)"), in US$ billions; the US$ view shows it as stated.
    value_usd: Number | None = None
    # For a row quoted from a table whose header states the scale of its bare numbers ("(in
    # millions)", which the row itself does not repeat): the quote's bare numbers are read at it.
    table_scale: TableScale | None = None
    note: Text | None = None


class Display(_Model):
    """How a metric is drawn: presentation kept beside the data, so charts stay generic."""

    color: Annotated[str, Strict(), StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] | None = None
    short_name: Annotated[str, Strict(), StringConstraints(strip_whitespace=True, min_length=1, max_length=40)] | None = None
    order: Annotated[int, Strict(), Field(ge=0, le=9999)] | None = None  # within its category; lower first


class Metric(_Model):
    name: Text
    unit: UnitId
    category: Category
    can_be_negative: Annotated[bool, Strict()] = False
    description: Text
    display: Display = Field(default_factory=Display)
    # a part reported inside a segment (customer management revenue in China E-commerce): drawn
    # within it, never stacked beside it
    part_of: Identifier | None = None
    # the growth of another metric, from sources that state the growth without the amount (December
    # quarter 2025 cloud revenue: +36%, no amount found): drawn on that metric's growth line
    growth_of: Identifier | None = None
    observations: list[Observation] = Field(default_factory=list)


class Structure(_Model):
    """A reporting structure: the segments whose revenue makes up the total, and the quarters it covers."""

    id: Identifier
    name: Text
    first: PeriodCode  # the first quarter reported this way
    last: PeriodCode | None = None  # the last one; none while still in force
    total: Identifier  # the metric the segments add up to (before eliminations)
    segments: list[Identifier] = Field(min_length=1)
    note: Text | None = None


class Plan(_Model):
    metric: Identifier
    tracks: Identifier
    horizon_years: Annotated[int, Strict(), Field(ge=1, le=20)]
    announced: Date
    source: Identifier
    quote: Text
    note: Text | None = None


class Event(_Model):
    id: Identifier
    date: Date | None = None
    start: Date | None = None
    end: Date | None = None
    title: Annotated[str, Strict(), StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    # A headline event: drawn on time charts as a line with this label (short enough to read in a
    # pasted PNG); events without one are a tick at the chart's foot, with their title on hover.
    chart_label: Annotated[str, Strict(), StringConstraints(strip_whitespace=True, min_length=1, max_length=28)] | None = None
    category: EventCategory
    metrics: list[Identifier] = Field(default_factory=list)
    source: Identifier
    quote: Text
    note: Text | None = None

    @property
    def first_day(self) -> dt.date:
        return self.date or self.start  # type: ignore[return-value]

    @property
    def last_day(self) -> dt.date:
        return self.date or self.end  # type: ignore[return-value]


class Store(_Model):
    version: Literal[1] = 1
    sources: dict[Identifier, Source]
    metrics: dict[Identifier, Metric]
    plans: dict[Identifier, Plan] = Field(default_factory=dict)
    structures: list[Structure] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
