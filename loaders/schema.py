"""The shape of the metric store, as pydantic models.

Field-level rules live here (types, allowed words, http(s) links, finite numbers); rules that
need the whole store (known sources, quotes containing values, duplicates) live in
`loaders.checks`, because they need more than one field at a time.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Literal
from urllib.parse import urlparse

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict, StringConstraints

from loaders.authority import GRADE_IDS, GRADES
from loaders.calendar import DEFAULT_YEAR_END_MONTH, PeriodError, parse_period
from loaders.errors import short_repr
from loaders.roles import METRIC_ROLES
from loaders.units import UNIT_IDS
from loaders.vocab import BASES, EVENT_CATEGORIES, METRIC_CATEGORIES, SOURCE_KINDS

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
Text = Annotated[
    str, Strict(), StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), AfterValidator(lambda v: _visible(v))
]
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]

SourceKind = Literal[tuple(SOURCE_KINDS)]  # type: ignore[valid-type]
Category = Literal[tuple(METRIC_CATEGORIES)]  # type: ignore[valid-type]
TableScale = Literal["thousand", "million", "billion"]
Basis = Literal[tuple(BASES)]  # type: ignore[valid-type]
EventCategory = Literal[tuple(EVENT_CATEGORIES)]  # type: ignore[valid-type]
UnitId = Literal[UNIT_IDS]  # type: ignore[valid-type]
Role = Literal[tuple(METRIC_ROLES)]  # type: ignore[valid-type]


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


MAX_URL = 2000  # characters: every program a link goes to holds it (Excel's limit is 2,079)


def check_http_url(value: str) -> str:
    """An http(s) address with a host, its scheme in lower case (HTTPS://… is https://…), of at most
    MAX_URL characters and without spaces, quotes, angle brackets or invisible characters."""
    if len(value) > MAX_URL:
        raise ValueError(f"url {short_repr(value)} is longer than {MAX_URL:,} characters")
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"url {short_repr(value)} must be an http:// or https:// address")
    if any(ch.isspace() for ch in value) or any(ch in value for ch in "<>\"'`"):
        raise ValueError(f"url {short_repr(value)} contains characters a link may not have")
    hidden = _HIDDEN.search(value)
    if hidden:
        raise ValueError(f"url {short_repr(value)} contains {_character(hidden.group())}, which a link may not have")
    return parsed.scheme + value[len(parsed.scheme) :]


# Control and format characters a reader cannot see but a program acts on: U+202E turns the text after
# it right to left (an address or figure then reads differently from what it is), U+200B hides inside
# a word, DEL and the C0/C1 controls are noise in a CSV or a slide note. Line breaks and tabs are text.
# Every code point of Unicode's categories Cc and Cf, and the line and paragraph separators
# (tests/test_store_text.py checks the list against unicodedata).
_HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


def _character(ch: str) -> str:
    return f"the invisible character U+{ord(ch):04X} ({unicodedata.name(ch, 'a control character')})"


def _visible(value: str) -> str:
    hidden = _HIDDEN.search(value)
    if hidden:
        raise ValueError(f"contains {_character(hidden.group())} at character {hidden.start() + 1}: retype the text without it")
    return value


Ticker = Annotated[str, Strict(), StringConstraints(strip_whitespace=True, min_length=1, max_length=20), AfterValidator(_visible)]
ShortName = Annotated[
    str, Strict(), StringConstraints(strip_whitespace=True, min_length=1, max_length=40), AfterValidator(_visible)
]
EventTitle = Annotated[
    str, Strict(), StringConstraints(strip_whitespace=True, min_length=1, max_length=120), AfterValidator(_visible)
]
ChartLabel = Annotated[
    str, Strict(), StringConstraints(strip_whitespace=True, min_length=1, max_length=28), AfterValidator(_visible)
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Url = Annotated[str, Strict(), AfterValidator(check_http_url)]
Currency = Annotated[str, Strict(), StringConstraints(pattern=r"^[A-Z]{3}$")]


class Company(_Model):
    """A company the store has figures for: what its periods and money mean."""

    name: Text
    tickers: list[Ticker] = Field(default_factory=list)  # empty for a private company (ByteDance)
    # the month its fiscal year ends, naming the year by the calendar year it ends in (3: FY2026Q1 is
    # Apr-Jun 2025; 6: FY2026Q1 is Jul-Sep 2025); its fiscal codes are read in these terms (loaders.calendar)
    fiscal_year_end_month: Annotated[int, Strict(), Field(ge=1, le=12)]
    currency: Currency  # the currency it reports in (RMB, USD, HKD)


class ReadAt(_Model):
    """Where a copy of the document was read, when that is not the issuer's own page."""

    host: Text  # the site or repository as a reader knows it ("FT Markets Data announcements")
    url: Url | None = None  # the copy's address


class Source(_Model):
    """A document, who issued it, and where it was read."""

    title: Text
    # a company id (companies:) for a company's own document, else the outlet or site that wrote it
    issuer: Text
    kind: SourceKind
    url: Url | None = None  # the document at its issuer (for a copy: the original's address, where known)
    read_at: ReadAt | None = None  # set when the text was read in a copy elsewhere
    offline_copy: Text | None = None  # the file its text is kept in, for a document with no public address
    published: Date
    accessed: Date
    # how much the source's word counts (loaders.authority): 1 the issuer's own document or a
    # verbatim copy of it, 2 major outlet or data service, 3 other site, 4 machine-written;
    # required, so no source is ranked by default
    grade: Grade
    # the document is a PDF whatever its address says: its links get no text fragment (a PDF
    # viewer does not scroll to one)
    pdf: Annotated[bool, Strict()] = False
    # its quotes are a machine translation (of the page, or made when it was read): the words are
    # not the page's own, so no link can point a browser at them
    machine_translated: Annotated[bool, Strict()] = False
    note: Text | None = None

    @property
    def link(self) -> str | None:
        """The page a reader can open to check the quote: the copy that was read, else the document."""
        return (self.read_at.url if self.read_at else None) or self.url


class Observation(_Model):
    period: PeriodCode
    value: Number
    source: Identifier
    quote: Text
    basis: Basis = "reported"
    # who made an estimate (basis: estimate): Bloomberg, LSEG, FactSet, Visible Alpha or a named
    # broker, and the day it was published; required for estimates, refused on anything else
    provider: Text | None = None
    estimated_on: Date | None = None
    yoy_pct: Number | None = None
    # The US$ convenience translation the source states beside an RMB figure ("RMB247,795 million
    # (US$34,808 million)"), in US$ billions; the US$ view shows it as stated.
    value_usd: Number | None = None
    # The top of a stated range ("$175 billion to $185 billion": value 175, value_high 185), for
    # guidance and forecasts only (basis target or estimate); both ends are in the quote.
    value_high: Number | None = None
    # For a row quoted from a table whose header states the scale of its bare numbers ("(in
    # millions)", which the row itself does not repeat): the quote's bare numbers are read at it.
    table_scale: TableScale | None = None
    note: Text | None = None


class Display(_Model):
    """How a metric is drawn: presentation kept beside the data, so charts stay generic."""

    color: Annotated[str, Strict(), StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] | None = None
    short_name: ShortName | None = None
    order: Annotated[int, Strict(), Field(ge=0, le=9999)] | None = None  # within its category; lower first


class Metric(_Model):
    name: Text
    # what the figures are about: a company id (companies:), `market` or `fx`; the store's
    # default_subject where not given
    subject: Identifier | None = None
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
    # the part it plays on the pages for its company (loaders.roles): `role: cloud_revenue` makes it the
    # cloud revenue the cloud page draws; at most one metric of a company plays each role
    role: Role | None = None
    observations: list[Observation] = Field(default_factory=list)


class PerimeterChange(_Model):
    """Series whose perimeter changes where a structure starts (a segment merged with another business): the
    charts draw a break there, never one line across it."""

    metrics: list[Identifier] = Field(min_length=1)  # every series on the new perimeter from the structure's first quarter
    label: ChartLabel  # the break line's label on a chart
    note: Text  # what changed, for the chart's note


class Structure(_Model):
    """A reporting structure: the segments whose revenue makes up the total, and the quarters it covers."""

    id: Identifier
    name: Text
    first: PeriodCode  # the first quarter reported this way
    last: PeriodCode | None = None  # the last one; none while still in force
    total: Identifier  # the metric the segments add up to (before eliminations)
    segments: list[Identifier] = Field(min_length=1)
    note: Text | None = None
    perimeter_changes: list[PerimeterChange] = Field(default_factory=list)


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
    title: EventTitle
    # A headline event: drawn on time charts as a line with this label (short enough to read in a
    # pasted PNG); events without one are a tick at the chart's foot, with their title on hover.
    chart_label: ChartLabel | None = None
    category: EventCategory
    # a results day: the quarter whose results were announced, in the subject's fiscal calendar
    reports: PeriodCode | None = None
    subject: Identifier | None = None  # the company it concerns; the store's default_subject where not given
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


STORE_VERSION = 2  # loaders.store refuses any other version with one line before the schema is applied


class Store(_Model):
    version: Literal[2]
    default_subject: Identifier  # the company a metric or event is about where it does not say
    companies: dict[Identifier, Company] = Field(min_length=1)
    sources: dict[Identifier, Source]
    metrics: dict[Identifier, Metric]
    plans: dict[Identifier, Plan] = Field(default_factory=dict)
    structures: list[Structure] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)

    def year_end_month(self, subject: str | None = None) -> int:
        """The month the fiscal year ends whose codes a subject's periods are written in: its company's, and
        the default subject's for a market or exchange-rate metric (and for a subject that is no company,
        which loaders.checks refuses)."""
        company = self.companies.get(subject or self.default_subject) or self.companies.get(self.default_subject)
        return company.fiscal_year_end_month if company else DEFAULT_YEAR_END_MONTH
