"""A results announcement turned into a draft of cited observations in the store's own format.

On results day the analyst holds Alibaba's release; this reads it (loaders.announcement_text),
finds each figure the release states for its quarter with the phrases of loaders.ingest_phrases,
and writes one `sources:` entry and the observations, each with the shortest verbatim span that
contains its figure. The reader takes nothing it is unsure of: a sum over longer periods, a figure
whose period or sign it cannot tell, a metric the store does not have, or two different figures
for one line go to the "check these" list instead, so the draft can be merged as it stands.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from loaders import ingest_phrases as P
from loaders.announcement_text import Line, read_announcement
from loaders.calendar import PeriodError, parse_period, prior_year_quarter, quarter_index, quarter_of_date
from loaders.quotes import quote_contains, quote_contains_percent, quote_contains_usd
from loaders.schema import Store

_I = re.IGNORECASE
MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"), 1
)}  # fmt: skip
QUARTER_END_MONTHS = {3: 31, 6: 30, 9: 30, 12: 31}
ORDINALS = {w: i for i, w in enumerate(
    ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
     "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"), 1
)}  # fmt: skip

# money: RMB23,502 million, US$3,407 million, RMB 10,717 million, (US$ 1,274 million )
_MONEY = re.compile(
    r"(?P<cur>RMB|US\$|USD\$?|HK\$|\$)\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<scale>million|billion|thousand)",
    _I,
)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_USD_AFTER = re.compile(r"^\s*\(\s*(?:US\$|USD\$?|\$)\s*(?P<num>[\d,]+(?:\.\d+)?)\s*(?P<scale>million|billion)\s*\)", _I)
_SENTENCE_END = re.compile(r"(?<=[a-z0-9%)\]\"”])[.;](?=\s+[A-Z(“\"•]|\s*$)")
SOURCE_ID_PREFIX = "ali_results_"  # the store's ids for Alibaba's releases: ali_results_2026_09 for the September 2026 quarter
_YOY_WORDS = re.compile(r"^\s*(?:year-?\s*over-?\s*year|year-on-year|YoY)", _I)


def _flex(pattern: str) -> str:
    """A phrase whose spaces may be missing in a scraped copy ("wasRMB", "endedJune")."""
    return pattern.replace(" ", r"\s*")


@dataclass
class Finding:
    metric: str
    period: str
    value: float
    quote: str
    basis: str = "reported"
    yoy_pct: float | None = None
    value_usd: float | None = None
    table_scale: str | None = None
    note: str | None = None
    where: int = 0  # the line of the announcement it came from (1-based), for messages

    def as_item(self, source: str) -> dict[str, object]:
        item: dict[str, object] = {"period": self.period, "value": self.value}
        if self.value_usd is not None:
            item["value_usd"] = self.value_usd
        if self.yoy_pct is not None:
            item["yoy_pct"] = self.yoy_pct
        if self.basis != "reported":
            item["basis"] = self.basis
        if self.table_scale:
            item["table_scale"] = self.table_scale
        item["source"] = source
        item["quote"] = self.quote
        if self.note:
            item["note"] = self.note
        return item


@dataclass
class Reading:
    """What the announcement says: its quarter, title and date, the figures, and what to check by hand."""

    quarter: str | None
    title: str | None
    published: dt.date | None
    findings: list[Finding] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _bn(num: str, scale: str) -> float:
    return round(_number(num) * _SCALE[scale.lower()] / 1e9, 6)


def sentences(paragraph: str) -> list[str]:
    """A paragraph cut at its sentence ends (a full stop or semicolon before a capital)."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(paragraph):
        out.append(paragraph[start : m.end()].strip())
        start = m.end()
    rest = paragraph[start:].strip()
    if rest:
        out.append(rest)
    return [s for s in out if s]


def quarter_of_text(lines: list[Line]) -> str | None:
    """The newest quarter the text says it reports: "quarter ended September 30, 2026", "September Quarter 2026"."""
    ends: list[dt.date] = []
    text = "\n".join(line.text for line in lines)
    for pattern in (P.QUARTER_ENDED, P.NAMED_QUARTER):
        for m in re.finditer(_flex(pattern), text, _I):
            month = MONTHS.get(m["month"].lower())
            if month in QUARTER_END_MONTHS:
                ends.append(dt.date(int(m["year"]), month, QUARTER_END_MONTHS[month]))
    return quarter_of_date(max(ends)) if ends else None


def _title(lines: list[Line]) -> str | None:
    for line in lines[:40]:
        m = re.search(P.TITLE, line.text, _I)
        if m:
            return " ".join(m[0].split())
    return None


def _published(lines: list[Line]) -> dt.date | None:
    for line in lines[:60]:
        m = re.search(P.DATELINE, line.text) or re.search(P.WIRE_DATE, line.text)
        if m and m["month"].lower() in MONTHS:
            try:
                return dt.date(int(m["year"]), MONTHS[m["month"].lower()], int(m["day"]))
            except ValueError:
                return None
    return None


def _in_span(spec: P.MetricPhrases, quarter: str) -> bool:
    q = quarter_index(quarter)
    if spec.first_quarter and q < quarter_index(spec.first_quarter):
        return False
    return not (spec.last_quarter and q > quarter_index(spec.last_quarter))


def _segment_of_heading(text: str) -> str | None:
    for key, names in P.SEGMENT_NAMES.items():
        if any(re.fullmatch(_flex(name) + r"\s*(?:\(.*\))?:?", text.strip(), _I) for name in names):
            return key
    return None


_PERIOD_PREFIX = r"^.*?(?:three|six|nine|twelve) months ended\s*[A-Z][a-z]+\s*\d{1,2},?\s*\d{4}\s*"


def _segment_header_of_text(text: str) -> list[str | None] | None:
    """A segment table's header set as one line of text (a PDF's), as the segments it names in order."""
    names = [(key, _flex(name)) for key, ns in P.SEGMENT_NAMES.items() for name in ns]
    alternation = "|".join(f"(?P<s{i}>{pattern})" for i, (_, pattern) in enumerate(names))
    found: list[str | None] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = re.compile(rf"\s*(?:{alternation})", _I).match(text, pos)
        if not m or m.end() == pos:
            return None
        index = next(int(k[1:]) for k, v in m.groupdict().items() if v is not None)
        found.append(names[index][0])
        pos = m.end()
    return found if len(found) >= 2 else None


def _segment_spec(segment: str, line: str, quarter: str) -> P.MetricPhrases | None:
    for spec in P.METRICS:
        if spec.segment == segment and spec.segment_line == line and _in_span(spec, quarter):
            return spec
    return None


@dataclass
class _Match:
    spec: P.MetricPhrases
    start: int
    end: int


class _Reader:
    def __init__(self, quarter: str) -> None:
        self.quarter = quarter
        self.findings: list[Finding] = []
        self.checks: list[str] = []
        self.unplaced: list[str] = []
        end = parse_period(quarter).end
        self.prior = prior_year_quarter(quarter)
        self.prior_year = parse_period(self.prior).end.year
        self.quarter_end = end
        self._compiled = [
            (spec, [re.compile(_flex(p), _I) for p in spec.phrases]) for spec in P.METRICS if _in_span(spec, quarter)
        ]

    def check(self, where: int, message: str) -> None:
        self.checks.append(f"line {where}: {message}")

    # --- sentences -------------------------------------------------------------------------
    def _matches(self, sentence: str, segment: str | None) -> list[_Match]:
        found: list[_Match] = []
        for spec, patterns in self._compiled:
            for pattern in patterns:
                for m in pattern.finditer(sentence):
                    found.append(_Match(spec, m.start(), m.end()))
        # the longest phrase wins where two overlap ("Adjusted EBITA of Cloud Intelligence Group")
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[_Match] = []
        for m in found:
            if kept and m.start < kept[-1].end:
                continue
            # a metric named inside a comparison is the comparison's ("compared to an income from operations of")
            if re.search(_flex(P.COMPARATIVE) + r"[^.;]{0,25}$", sentence[max(0, m.start - 40) : m.start], _I):
                continue
            kept.append(m)
        if not segment:
            return kept
        # under a segment's heading a bare "Revenue" or "Adjusted EBITA" is the segment's, never the group's
        in_segment = []
        for m in kept:
            line = {"group_revenue": "revenue", "group_adjusted_ebita": "adjusted_ebita"}.get(m.spec.metric)
            if line:
                spec = _segment_spec(segment, line, self.quarter)
                if spec is None:
                    self.unplaced.append(f"{line} under the {segment} heading has no metric to go to: {sentence!r}")
                    continue
                m.spec = spec
            in_segment.append(m)
        return in_segment

    def sentence(self, text: str, where: int, segment: str | None) -> None:
        for trailing in P.TRAILING:
            m = re.search(_flex(trailing.pattern), text, _I)
            if m:
                self._trailing(trailing, text, m.end(), where)
                return
        for count in P.COUNTS:
            m = re.search(_flex(count.pattern), text, _I)
            if m:
                self._count(count, text, m, where)
        matches = self._matches(text, segment)
        for message in self.unplaced:
            self.check(where, message)
        self.unplaced.clear()
        for i, match in enumerate(matches):
            stop = matches[i + 1].start if i + 1 < len(matches) else len(text)
            self._figure(match, text, stop, where)

    def _trailing(self, trailing: P.TrailingPhrase, text: str, after: int, where: int) -> None:
        money = _MONEY.search(text, after) or _MONEY.search(text)
        if not money or money["cur"].upper() != "RMB":
            self.check(where, f"a sum over {trailing.quarters} quarters without an RMB amount: {text!r}")
            return
        period = f"TTM to {self.quarter}"
        quote = text[: money.end()].strip()
        self.findings.append(Finding(trailing.metric, period, _bn(money["num"], money["scale"]), quote, where=where))

    def _count(self, count: P.CountPhrase, text: str, m: re.Match[str], where: int) -> None:
        word = m["n"].lower()
        n = ORDINALS.get(word) or (int(re.sub(r"\D", "", word)) if re.fullmatch(r"\d+(?:st|nd|rd|th)", word) else None)
        if n is None:
            self.check(where, f"{count.metric}: cannot read {m['n']!r} as a count: {text!r}")
            return
        self.findings.append(Finding(count.metric, self.quarter, float(n), m[0].strip(), where=where))

    def _longer_period(self, text: str) -> str | None:
        for pattern in P.LONGER_PERIODS:
            m = re.search(_flex(pattern), text, _I)
            if m:
                return m[0]
        return None

    def _figure(self, match: _Match, text: str, stop: int, where: int) -> None:
        spec = match.spec
        window = text[match.end : stop]
        comp = re.search(_flex(P.COMPARATIVE), window, _I)
        comp_at = comp.start() if comp else len(window)
        money = None
        for m in _MONEY.finditer(window):
            if m.start() >= comp_at:
                break
            if m["cur"].upper() == "RMB":
                money = m
                break
            # a US$ figure before any RMB one: a garbled copy or a dollar-only figure, never the RMB value
        if money is None:
            self._growth_only(spec, text, match, window[:comp_at], where)
            if comp:
                self._comparative(spec, text, match, window, comp, where)
            return
        longer = self._longer_period(text[: match.end + comp_at])
        if longer:
            self.check(where, f"{spec.metric}: not taken, the figure is for {longer!r}, not the quarter: {text!r}")
            return
        if money.start() > 160:
            self.check(where, f"{spec.metric}: the amount is far from its name; check: {text!r}")
            return
        value = _bn(money["num"], money["scale"])
        before = text[match.start : match.end + money.start()]
        negative = any(re.search(r"\b" + _flex(w), before, _I) for w in spec.negative)
        if negative:
            value = -value
        end = match.end + money.end()
        usd = _USD_AFTER.match(window[money.end() :])
        value_usd = None
        if usd:
            value_usd = _bn(usd["num"], usd["scale"]) * (-1 if negative else 1)
            end = match.end + money.end() + usd.end()
        elif re.match(r"\s*\(\s*US\s*\)|\s*\(\s*US\$?\s*\)", window[money.end() :]):
            self.check(where, f"{spec.metric}: the US$ translation is out of place in this copy, left out: {text!r}")
        yoy, yoy_end = self._yoy(before, window[money.end() : comp_at], match.end + money.end())
        if yoy is not None:
            end = max(end, yoy_end)
        quote = text[match.start : end].strip().rstrip(",;")
        finding = Finding(spec.metric, self.quarter, value, quote, yoy_pct=yoy, value_usd=value_usd, where=where)
        self._add_checked(finding, text)
        if comp:
            self._comparative(spec, text, match, window, comp, where)

    def _yoy(self, before: str, after: str, after_offset: int) -> tuple[float | None, int]:
        """The year-on-year growth stated with the figure, and where its words end in the sentence."""
        m = re.search(_flex(P.GROWTH_BEFORE), before, _I)
        if m and not re.search(P.NOT_YEAR_ON_YEAR, before, _I) and not re.search(P.LIKE_FOR_LIKE, before, _I):
            pct = _number(m["pct"]) * (-1 if m["dir"].lower() in P.GROWTH_DOWN_WORDS else 1)
            return pct, 0
        m = re.search(_flex(P.GROWTH_AFTER), after, _I)
        if m and m.start() < 80:
            clause = after[: m.end() + 40]
            if re.search(P.NOT_YEAR_ON_YEAR, clause, _I) or re.search(P.LIKE_FOR_LIKE, after[: m.end()], _I):
                return None, 0
            pct = _number(m["pct"]) * (-1 if m["dir"].lower() in P.GROWTH_DOWN_WORDS else 1)
            end = m.end()
            tail = _YOY_WORDS.match(after[end:])
            if tail:
                end += tail.end()
            return pct, after_offset + end
        # a garbled copy puts a stray amount between the words and the growth: "an increase of$1,650 million 1203% year-over-year"
        m = re.search(r"(?P<pct>\d+(?:\.\d+)?)\s*%\s*year-?\s*over-?\s*year", after[:80], _I)
        if m and not re.search(P.LIKE_FOR_LIKE, after[: m.end()], _I):
            words = re.findall(r"increase|decrease|decline|growth|drop", after[: m.start()], _I)
            if len(words) == 1:
                pct = _number(m["pct"]) * (-1 if words[0].lower() in P.GROWTH_DOWN_WORDS else 1)
                return pct, after_offset + m.end()
        return None, 0

    def _growth_only(self, spec: P.MetricPhrases, text: str, match: _Match, window: str, where: int) -> None:
        if spec.like_for_like_growth and re.search(P.LIKE_FOR_LIKE, text, _I):
            metric, basis = spec.like_for_like_growth
            m = re.search(r"(?:grown|grew|increased|increase|growth)\s*(?:of|by)?\s*(?P<pct>\d+(?:\.\d+)?)\s*%", window, _I)
            if m:
                quote = text.strip()
                self._add_checked(Finding(metric, self.quarter, _number(m["pct"]), quote, basis=basis, where=where), text)
            return
        if not spec.growth_metric:
            return
        m = re.search(_flex(P.GROWTH_BEFORE), window, _I) or re.search(_flex(P.GROWTH_AFTER), window, _I)
        if not m or m.start() > 60 or re.search(P.NOT_YEAR_ON_YEAR, window, _I):
            return
        pct = _number(m["pct"]) * (-1 if m["dir"].lower() in P.GROWTH_DOWN_WORDS else 1)
        end = match.end + m.end()
        tail = _YOY_WORDS.match(text[end:])
        if tail:
            end += tail.end()
        quote = text[match.start : end].strip()
        self._add_checked(Finding(spec.growth_metric, self.quarter, pct, quote, where=where), text)

    def _comparative(self, spec: P.MetricPhrases, text: str, match: _Match, window: str, comp: re.Match[str], where: int) -> None:
        """`compared to RMB44,922 million in the same quarter of 2023`: the earlier quarter's figure."""
        rest = window[comp.end() :]
        money = _MONEY.search(rest)
        if not money or money["cur"].upper() != "RMB" or money.start() > 60:
            return
        same = re.match(r"\s*(?:\([^)]*\)\s*)?(?:,\s*)?(?:in|for)\s*" + _flex(P.SAME_QUARTER), rest[money.end() :], _I)
        if not same:
            self.check(where, f"{spec.metric}: compared to {money[0]!r}, but of which period? {text!r}")
            return
        year = same["year"]
        if year.lower() != "year" and int(year) != self.prior_year:
            self.check(where, f"{spec.metric}: compared to {money[0]!r} of {year}, not the prior year's quarter: {text!r}")
            return
        value = _bn(money["num"], money["scale"])
        lead = rest[: money.start()]
        if any(re.search(r"\b" + _flex(w), lead, _I) for w in spec.negative) or re.search(r"\bloss\b", lead, _I):
            value = -value
        elif (
            spec.negative
            and any(re.search(_flex(w), text[match.start : match.end], _I) for w in spec.negative)
            and not re.search(r"income|profit", lead, _I)
        ):
            value = -value  # "Loss from operations ... compared to RMB848 million": the same kind of figure
        end = match.end + comp.end() + money.end() + same.end()
        quote = text[match.start : end].strip()
        basis = "restated" if re.search(P.RECAST, text, _I) else "reported"
        self._add_checked(
            Finding(
                spec.metric,
                self.prior,
                value,
                quote,
                basis=basis,
                where=where,
                note="the prior-year comparative this release states",
            ),
            text,
        )

    def _add_checked(self, finding: Finding, context: str) -> None:
        """Keep a finding only where its quote contains what it claims; anything else goes to the checks."""
        unit = (
            "pct"
            if finding.metric.endswith(("_yoy", "_yoy_pct"))
            else ("count" if finding.metric.endswith("_streak") else "RMB_bn")
        )
        if not quote_contains(finding.quote, finding.value, unit, finding.table_scale):
            self.check(
                finding.where, f"{finding.metric} {finding.period}: {finding.value} not found in its own quote: {context!r}"
            )
            return
        if finding.yoy_pct is not None and not quote_contains_percent(finding.quote, abs(finding.yoy_pct)):
            finding.yoy_pct = None
        if finding.value_usd is not None and not quote_contains_usd(finding.quote, finding.value_usd):
            finding.value_usd = None
        self.findings.append(finding)

    # --- tables ----------------------------------------------------------------------------
    def table(self, lines: list[Line]) -> None:
        """Rows of the income statement and of the segment table, read with their headers."""
        period_line: tuple[str, int] | None = None
        years: list[int] | None = None
        currencies: list[str] | None = None
        segments: list[str | None] | None = None
        segment_period: str | None = None
        for n, line in enumerate(lines, 1):
            text = line.text
            if re.search(r"(?:three|six|nine|twelve) months ended|year ended", text, _I):
                period_line = (text, n)
                years = currencies = None
                segments = None
                if line.kind != "row":
                    segment_period = self._period_of_header(text)
            if line.kind != "row":
                header = _segment_header_of_text(re.sub(_PERIOD_PREFIX, "", text, flags=_I))
                if header:
                    segments = header
                    segment_period = segment_period or (self._period_of_header(period_line[0]) if period_line else None)
                continue
            cells = line.cells
            if all(re.fullmatch(r"(?:19|20)\d\d", c) for c in cells):
                years = [int(c) for c in cells]
                continue
            if all(re.fullmatch(r"RMB|US\$|HK\$", c) for c in cells):
                currencies = cells
                continue
            named = [_segment_of_heading(c) for c in cells]
            if sum(1 for s in named if s) >= 2:
                segments, segment_period = (
                    named,
                    segment_period or (self._period_of_header(period_line[0]) if period_line else None),
                )
                continue
            if segments is not None:
                self._segment_row(cells, segments, segment_period, text, n)
                continue
            self._statement_row(cells, text, n, period_line, years, currencies)

    def _period_of_header(self, text: str) -> str | None:
        m = re.search(r"(?:three months|quarter) ended\s*(?P<month>[A-Z][a-z]+)\s*(?P<day>\d{1,2}),?\s*(?P<year>\d{4})", text, _I)
        if not m or m["month"].lower() not in MONTHS:
            return None
        month = MONTHS[m["month"].lower()]
        if month not in QUARTER_END_MONTHS:
            return None
        return quarter_of_date(dt.date(int(m["year"]), month, QUARTER_END_MONTHS[month]))

    def _row_spec(self, label: str) -> P.MetricPhrases | None:
        label = re.sub(r"\s*\(\d\)$", "", label.strip())
        for spec, _ in self._compiled:
            if any(re.fullmatch(_flex(t), label, _I) for t in spec.table_labels):
                return spec
        return None

    def _segment_row(self, cells: list[str], segments: list[str | None], period: str | None, text: str, n: int) -> None:
        label = cells[0].lower()
        line = (
            "revenue"
            if re.fullmatch(r"revenue", label)
            else ("adjusted_ebita" if re.fullmatch(r"adjusted ebita", label) else None)
        )
        if line is None:
            return
        values = cells[1:]
        header = [s for s in segments]
        if header and header[0] is None and len(header) == len(values) + 1:
            header = header[1:]  # the header's first cell is over the labels
        if len(values) != len(header):
            self.check(n, f"segment table row with {len(values)} figures under {len(header)} headings, not read: {text!r}")
            return
        if period not in (self.quarter, self.prior):
            self.check(n, f"segment table of another period ({period or 'not stated'}), not read: {text!r}")
            return
        for cell, segment in zip(values, header, strict=True):
            if segment is None:
                continue
            value = self._cell_value(cell)
            if value is None:
                continue
            spec = _segment_spec(segment, line, self.quarter)
            if spec is None:
                self.check(n, f"segment table: {segment} {line.replace('_', ' ')} has no metric to go to, not read: {text!r}")
                continue
            self._add_checked(
                Finding(spec.metric, period, value, text, table_scale="million", where=n,
                        basis="reported", note=f"Segment table, {segment} column; header: in millions of RMB."),
                text,
            )  # fmt: skip

    @staticmethod
    def _cell_value(cell: str) -> float | None:
        m = re.fullmatch(r"(?P<neg>\()?(?P<num>[\d,]+(?:\.\d+)?)\)?", cell.strip())
        if not m:
            return None
        return round(_number(m["num"]) / 1e3, 6) * (-1 if m["neg"] else 1)

    def _statement_row(self, cells: list[str], text: str, n: int, period_line: tuple[str, int] | None,
                       years: list[int] | None, currencies: list[str] | None) -> None:  # fmt: skip
        spec = self._row_spec(cells[0])
        if spec is None or len(cells) < 3:
            return
        values = cells[1:]
        if period_line is None or not re.search(r"three months ended", period_line[0], _I):
            self.check(n, f"{spec.metric}: table row without a 'three months ended' header, not read: {text!r}")
            return
        end_month = self.quarter_end.strftime("%B").lower()
        if end_month not in period_line[0].lower():
            self.check(n, f"{spec.metric}: the table's quarter is not {self.quarter}, not read: {text!r}")
            return
        if years is None or len(years) != len(values):
            self.check(n, f"{spec.metric}: the table's columns have no years to read them by, not read: {text!r}")
            return
        currencies = currencies if currencies and len(currencies) == len(values) else None
        block = len(values)
        for i in range(1, len(years)):
            if years[i] < years[i - 1]:
                block = i  # the second block (six, nine or twelve months) starts where the years go back
                break
        current = prior = usd = None
        for i in range(block):
            cur = currencies[i] if currencies else ("US$" if i and years[i] == years[i - 1] else "RMB")
            if years[i] == self.quarter_end.year and cur == "RMB" and current is None:
                current = i
            elif years[i] == self.prior_year and cur == "RMB" and prior is None:
                prior = i
            elif years[i] == self.quarter_end.year and cur == "US$" and usd is None:
                usd = i
        if current is None:
            self.check(n, f"{spec.metric}: no RMB column for {self.quarter_end.year} in the table, not read: {text!r}")
            return
        ordinal = ("first", "second", "third", "fourth", "fifth", "sixth")
        for col, period in ((current, self.quarter), (prior, self.prior)):
            if col is None:
                continue
            value = self._cell_value(values[col])
            if value is None:
                continue
            value_usd = self._cell_value(values[usd]) if (usd is not None and col == current) else None
            note = (
                f"Table row; empty cells dropped; header: (in millions). "
                f"{ordinal[col].capitalize() if col < len(ordinal) else f'Column {col + 1}'} column: "
                f"{period_line[0].split('|')[0].strip().rstrip(',')} {years[col]}, RMB."
            )
            self._add_checked(
                Finding(spec.metric, period, value, text, table_scale="million", value_usd=value_usd, note=note, where=n),
                text,
            )  # fmt: skip


def read_figures(lines: list[Line], quarter: str) -> tuple[list[Finding], list[str]]:
    """Every figure the lines state for `quarter` (and their prior-year comparatives), and what to check."""
    reader = _Reader(quarter)
    segment: str | None = None
    for n, line in enumerate(lines, 1):
        if line.kind == "heading":
            segment = _segment_of_heading(line.text)
            continue
        if line.kind == "row":
            continue
        for sentence in sentences(line.text):
            reader.sentence(sentence, n, segment)
    reader.table(lines)
    return _settled(reader.findings, reader.checks)


def _settled(findings: list[Finding], checks: list[str]) -> tuple[list[Finding], list[str]]:
    """One finding per metric, period and basis: the same figure stated twice is kept once (with the
    most said beside it); two different figures for one line both go to the checks."""
    groups: dict[tuple[str, str, str], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.metric, f.period, f.basis), []).append(f)
    kept: list[Finding] = []
    for (metric, period, basis), group in groups.items():
        values = {round(f.value, 6) for f in group}
        if len(values) > 1:
            stated = ", ".join(f"{f.value:g} (line {f.where})" for f in group)
            checks.append(f"{metric} {period} ({basis}): the announcement gives different figures: {stated}; none taken")
            continue
        best = max(group, key=lambda f: (f.yoy_pct is not None, f.value_usd is not None, f.table_scale is None, -len(f.quote)))
        kept.append(best)
    return kept, checks


def read_announcement_figures(path: str | Path, quarter: str | None = None) -> Reading:
    """The announcement at `path` read: its quarter (or the one given), title, date and figures."""
    lines = read_announcement(path)
    found_quarter = quarter_of_text(lines)
    checks: list[str] = []
    if quarter and found_quarter and quarter != found_quarter:
        checks.append(f"the text reports {found_quarter}; read as {quarter}, as asked")
    use = quarter or found_quarter
    reading = Reading(use, _title(lines), _published(lines), checks=checks)
    if use is None:
        return reading
    reading.findings, more = read_figures(lines, use)
    reading.checks.extend(more)
    return reading


def check_quarter(code: str) -> str:
    try:
        if parse_period(code).kind != "quarter":
            raise PeriodError(f"{code!r} is not a fiscal quarter such as FY2027Q2")
    except PeriodError as exc:
        raise ValueError(str(exc)) from None
    return code


def draft_against_store(reading: Reading, store: Store) -> tuple[list[Finding], list[str]]:
    """The findings the store can take (its metrics, its signs), the rest as checks."""
    kept, checks = [], []
    for f in reading.findings:
        metric = store.metrics.get(f.metric)
        if metric is None:
            checks.append(
                f"line {f.where}: {f.metric} {f.period} = {f.value:g}: the store has no metric {f.metric!r}; "
                f"add it first: {f.quote!r}"
            )
            continue
        if f.value < 0 and not metric.can_be_negative:
            checks.append(f"line {f.where}: {f.metric} {f.period} = {f.value:g}: negative, and the metric cannot be: {f.quote!r}")
            continue
        if metric.unit != "RMB_bn" and f.value_usd is not None:
            f.value_usd = None
        kept.append(f)
    return kept, checks


class DraftError(ValueError):
    """The draft's source itself is not valid in the store (a date in the future, say): no draft at all."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        super().__init__("\n".join(lines))


@dataclass
class Draft:
    text: str  # the YAML draft: one source and the observations
    source_id: str
    observations: int
    checks: list[str]


def source_for(store: Store, url: str, quarter: str) -> tuple[str, dict[str, object] | None]:
    """The store's source id for `url` (with its entry), else a new id like ali_results_2026_09."""
    for sid, source in store.sources.items():
        if url in (source.url, source.read_at.url if source.read_at else None):
            return sid, source.model_dump(mode="json", exclude_defaults=True)
    end = parse_period(quarter).end
    base = f"{SOURCE_ID_PREFIX}{end.year}_{end.month:02d}"
    sid, n = base, 2
    while sid in store.sources:
        sid, n = f"{base}_{n}", n + 1
    return sid, None


def build_draft(reading: Reading, store: Store, store_text: str, url: str, published: dt.date | None,
                today: dt.date, file_name: str) -> Draft:  # fmt: skip
    """The reading as a draft the store accepts: validated merged with the store in memory; any observation
    the store refuses goes to the checks with the store's reason."""
    from loaders.merge import MergeError, check_merged, observation_lines, plan_merge, source_lines
    from loaders.yaml_source import parse

    assert reading.quarter is not None
    findings, checks = draft_against_store(reading, store)
    checks = [*reading.checks, *checks]
    sid, existing = source_for(store, url, reading.quarter)
    kind = "sec_6k_exhibit" if "sec.gov" in url.lower() else "results_announcement"
    source = existing or {
        "title": reading.title or f"Alibaba Group results announcement for {reading.quarter}",
        "issuer": store.default_subject,
        "kind": kind,
        "url": url,
        "published": published or reading.published,
        "accessed": today,
        "grade": 1,
        "pdf": True if file_name.lower().endswith(".pdf") else None,
    }
    if not reading.title and not existing:
        checks.append("no title found in the text ('Alibaba Group Announces ... Results'): the draft's title is a placeholder")

    def text_of(items: list[Finding]) -> str:
        out = [f"# Draft read from {Path(file_name).name} for {reading.quarter}: check it, then `python -m loaders merge`",
               "sources:", *source_lines(sid, source), "", "metrics:"]  # fmt: skip
        by_metric: dict[str, list[Finding]] = {}
        for f in items:
            by_metric.setdefault(f.metric, []).append(f)
        for metric in (m for m in store.metrics if m in by_metric):
            out.append(f"  {metric}:")
            out.append("    observations:")
            for f in by_metric[metric]:
                out.extend(observation_lines(f.as_item(sid), 4))
        return "\n".join(out) + "\n"

    def problems_of(items: list[Finding]) -> list[str]:
        text = text_of(items)
        try:
            plan = plan_merge(store_text, parse(store_text), parse(text).data)
            check_merged(plan.text, "the store with the draft added", today)
        except MergeError as exc:
            return exc.lines
        return []

    source_problems = problems_of([])
    if source_problems:
        raise DraftError([f"the draft's source {sid} is refused by the store: {p}" for p in source_problems])
    if problems_of(findings):
        good: list[Finding] = []
        for f in findings:
            problems = problems_of([*good, f])
            if problems:
                checks.append(
                    f"line {f.where}: {f.metric} {f.period} = {f.value:g} left out, the store refuses it: {problems[0]}"
                )
            else:
                good.append(f)
        findings = good
    return Draft(text_of(findings), sid, len(findings), checks)
