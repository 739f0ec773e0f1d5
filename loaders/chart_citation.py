"""A chart's sources in words: the footnote's sources clause, and the chart's citation, short and long.

One place for this text, so the footnote, "Cite this chart", the workbook and the deck agree. The
clause names sources best grade first (loaders.authority); beyond a few it counts them by grade,
so it stays within two footnote lines however many sources a chart draws on: the company's own
documents by kind with the periods they cover, major outlets by name, the rest as counts. The long
form lists every source with the page to open.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from loaders.authority import GRADE_PLURALS, GRADES, MACHINE_WRITTEN
from loaders.citation import label_words
from loaders.product import PRODUCT  # the product names itself in every citation (deck and workbook import it here)
from loaders.vocab import SOURCE_KIND_PLURALS, SOURCE_KINDS

NAMED_SOURCES = 3  # a clause names each source up to this many; beyond, it summarises by grade
CLAUSE_CHARS = 260  # about two footnote lines: what a summary by grade fits in
NAMED_CLAUSE_CHARS = 360  # what up to NAMED_SOURCES named sources share, each label cut to its part
LABEL_MIN_CHARS = 40  # a named source's label is cut to its share of the clause, never below this
DERIVED = "derived"
# the columns a sources clause reads (see sources_clause)
CLAUSE_COLUMNS = (
    "source", "grade", "published", "publisher", "source_label", "source_title", "read_at_host", "source_kind", "kind",
    "evidence", "label", "fiscal_label", "calendar_label", "period_start", "period_end",
)  # fmt: skip  # a row's evidence when it is worked out from other cited values (loaders.vocab.EVIDENCE)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else words or word + 's'}"


def _label(row: pd.Series | Mapping[str, object]) -> str:
    """A source's label: the issuer and the document, then where a copy was read (loaders.citation)."""
    label = row.get("source_label")
    if isinstance(label, str) and label:
        return label
    return label_words(str(row.get("publisher") or ""), str(row.get("source_title") or ""))


def _period_column(rows: pd.DataFrame, labels: str | None = None) -> str | None:
    """The period labels in the reader's choice: `labels` ("fiscal" or "calendar") where given, else the
    "label" charts set from it, else fiscal ones."""
    wanted = {"fiscal": "fiscal_label", "calendar": "calendar_label"}.get(labels or "")
    return next((c for c in (wanted, "label", "fiscal_label") if c and c in rows), None)


def _span(rows: pd.DataFrame, column: str | None, in_order: bool = False) -> str:
    """'FY24 Q1–FY27 Q1': the first and last period the rows cover, in the chosen labels (`in_order`: the rows
    are in period order already)."""
    if column is None:
        return ""
    order = next((c for c in ("period_start", "period_end") if c in rows), None)
    values = rows[column].dropna() if in_order or order is None else rows.dropna(subset=[column])
    if order is not None and not in_order:
        values = values.sort_values([order], kind="stable")[column]
    return _span_of(list(values))


def _span_of(values: list[object]) -> str:
    """'FY24 Q1–FY27 Q1': the first and last of period labels in order."""
    labels = list(dict.fromkeys(str(v) for v in values))
    if not labels:
        return ""
    if len(labels) == 1:
        return labels[0]
    # "FY24 Q1–FY27 Q1", but "Apr–Jun 2023 to Jan–Mar 2026" where a label has a dash of its own
    return f"{labels[0]}{' to ' if '–' in labels[0] + labels[-1] else '–'}{labels[-1]}"


def _ranked(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per source, best grade first, then the newest."""
    distinct = rows.drop_duplicates("source").copy()
    distinct["_grade"] = pd.to_numeric(distinct["grade"], errors="coerce").fillna(9) if "grade" in distinct else 9
    distinct["_published"] = pd.to_datetime(distinct["published"]) if "published" in distinct else pd.NaT
    return distinct.sort_values(["_grade", "_published"], ascending=[True, False], kind="stable")


def _named(row: pd.Series, room: int) -> str:
    text = _label(row)
    host, title = row.get("read_at_host"), row.get("source_title")
    if len(text) > room and isinstance(host, str) and isinstance(title, str):
        # cut the title, not the copy's host: "Alibaba Group, Annual report… (copy in GitHub repository x/y)"
        copy = f" (copy in {host})"
        head = text.removesuffix(copy)
        text = _short(head, max(room - len(copy), LABEL_MIN_CHARS)) + copy
    elif len(text) > room:
        text = _short(text, max(room, LABEL_MIN_CHARS))
    published = row.get("published")
    if published is not None and not pd.isna(published):
        text += f", {pd.Timestamp(published).date().isoformat()}"
    if row["_grade"] == MACHINE_WRITTEN:
        text += " (machine-written)"
    return text


def _company_documents(rows: pd.DataFrame, best: pd.DataFrame, period: str | None) -> list[str]:
    """'Alibaba Group results announcements, FY24 Q1–FY27 Q1 (13)': the grade-1 documents by issuer and kind.

    Read as plain lists: a chart of several companies has a group per company, and a frame selection per group
    cost a page of peers more than the rest of its citations."""
    kind = "source_kind" if "source_kind" in best else "kind" if "kind" in best else None
    keys = [c for c in ("publisher", kind) if c is not None and c in best]
    groups: dict[tuple[object, ...], set[str]] = {}
    for record in best[["source", *keys]].itertuples(index=False):
        key = tuple(None if pd.isna(k) else k for k in record[1:])
        groups.setdefault(key, set()).add(str(record[0]))
    order = next((c for c in ("period_start", "period_end") if c in rows), None)
    ordered = rows.sort_values([order], kind="stable") if order is not None else rows  # once, for every group's span
    labelled = list(zip(ordered["source"], ordered[period], strict=True)) if period is not None else []
    parts = []
    for key, ids in groups.items():
        publisher, kind_id = key + (None,) * (2 - len(key))
        n = len(ids)
        what = SOURCE_KIND_PLURALS.get(str(kind_id), "documents") if n > 1 else SOURCE_KINDS.get(str(kind_id), "document")
        span = _span_of([label for source, label in labelled if source in ids and not pd.isna(label)])
        text = f"{publisher} {what}" if isinstance(publisher, str) and publisher else what
        text += f", {span}" if span else ""
        parts.append(text + (f" ({n})" if n > 1 else ""))
    return parts


def _summary(
    rows: pd.DataFrame, ranked: pd.DataFrame, period: str | None, outlets_by_name: bool, documents: list[str] | None
) -> list[str]:
    """The clause's parts: the company's documents by kind (`documents`, where given) or as one count, then the
    outlets by name or counted, then the other sites and machine-written pages counted."""
    best = ranked[ranked["_grade"] == 1]
    if documents is not None:
        parts = list(documents)
    elif not best.empty:  # the shortest: the grade-1 documents as one count, with the quarters they cover
        span = _span(rows[rows["source"].isin(best["source"])], period)
        parts = [f"{_plural(len(best), GRADES[1], GRADE_PLURALS[1])}" + (f", {span}" if span else "")]
    else:
        parts = []
    outlets = ranked[ranked["_grade"] == 2]
    names = list(dict.fromkeys(str(p) for p in outlets.get("publisher", pd.Series(dtype=object)).dropna()))
    if outlets_by_name:
        parts += names
    elif names:
        parts.append(_plural(len(names), GRADES[2], GRADE_PLURALS[2]))
    others = ranked[ranked["_grade"] == 3]
    if not others.empty:
        column = "publisher" if "publisher" in others else "source"
        parts.append(_plural(others[column].nunique(), GRADES[3], GRADE_PLURALS[3]))
    machine = ranked[ranked["_grade"] == MACHINE_WRITTEN]
    if not machine.empty:
        parts.append(f"{len(machine)} {GRADES[MACHINE_WRITTEN]}")
    unknown = ranked[~ranked["_grade"].isin(list(GRADES))]
    if not unknown.empty:
        parts.append(_plural(len(unknown), "other source"))
    return parts


def sources_clause(rows: pd.DataFrame | None, labels: str | None = None) -> str:
    """'Sources: Alibaba Group results announcements, FY24 Q1–FY27 Q1 (13); CNBC; Reuters; 4 other sites;
    1 machine-written': a chart's sources, best grade first, each named where there are at most
    NAMED_SOURCES, else summarised by grade in about two footnote lines.

    `rows` are the values drawn (or their sources), with `source`, `grade`, `published`, `publisher`,
    `source_label` and, to count a company's documents by kind and period, `source_kind` and the
    period labels (`labels`' column, else `label` in the reader's choice, else `fiscal_label`) with
    `period_start`. Rows
    whose `evidence` is "derived" are counted as derived values, not as sources.
    """
    if rows is None or rows.empty or "source" not in rows:
        return "Source: none stated"
    rows = rows[[c for c in CLAUSE_COLUMNS if c in rows]]  # what the clause reads: selections copy every column
    derived = int((rows["evidence"] == DERIVED).sum()) if "evidence" in rows else 0
    cited = rows[rows["source"].notna()]
    if "evidence" in cited:
        cited = cited[cited["evidence"] != DERIVED]
    ranked = _ranked(cited)
    tail = [_plural(derived, "value derived from them", "values derived from them")] if derived else []
    if ranked.empty:
        return "Source: none stated" if not derived else "Sources: " + tail[0]
    if len(ranked) <= NAMED_SOURCES:
        # each label cut to its share
        room = max(LABEL_MIN_CHARS, (NAMED_CLAUSE_CHARS - 10) // len(ranked) - len(", 2025-01-01; "))
        parts = [_named(r, room) for _, r in ranked.iterrows()]
    else:
        # the most detail that fits: outlets by name, then counted, then the company's documents as one count
        period = _period_column(cited, labels)
        documents = _company_documents(cited, ranked[ranked["_grade"] == 1], period)  # the same in both first tries
        for by_name, by_kind in ((True, True), (False, True), (False, False)):
            parts = _summary(cited, ranked, period, by_name, documents if by_kind else None)
            if len("; ".join(parts + tail)) <= CLAUSE_CHARS:
                break
    label = "Source" if len(ranked) == 1 and not tail else "Sources"
    return f"{label}: " + "; ".join(parts + tail)


def short_citation(title: str, version: str, clause: str) -> str:
    """One line to paste: the chart's title, the dashboard, the data's date and store version, its sources."""
    return f"{title}. {PRODUCT}. {version}. {clause.rstrip('.')}."


def source_entry(row: pd.Series | Mapping[str, object]) -> str:
    """'Alibaba Group, Results announcement (copy in FT Markets), 2025-11-25, company release or filing: https://…': one
    source of the long form, with the page to open."""
    parts = [_label(row)]
    published = row.get("published")
    if published is not None and not pd.isna(published):
        parts.append(pd.Timestamp(published).date().isoformat())
    grade = row.get("grade_label")
    if isinstance(grade, str) and grade:
        parts.append(grade)
    if row.get("evidence") == "original_named_not_opened":  # the label says a copy; this, that its link was not opened
        parts.append(str(row.get("evidence_label") or "original named by the copy, not opened here"))
    url = row.get("url")
    if isinstance(url, str) and url.lower().startswith(("https://", "http://")):
        where = url
    else:
        kept = row.get("offline_copy")
        where = f"no public address (text kept in {kept})" if isinstance(kept, str) and kept else "no public address"
    return ", ".join(parts) + f": {where}"


def long_citation(short: str, sources: pd.DataFrame) -> str:
    """The short form, then every source best grade first, one a line with its link (the sources frame's rows)."""
    if sources is None or sources.empty:
        return short
    ranked = _ranked(sources)
    return "\n".join([short, *(f"- {source_entry(r)}" for r in ranked.to_dict("records"))])
