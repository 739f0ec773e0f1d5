"""A company's store facts (newest quarter, fiscal year end, results days) and the store's sources' dates are worked out
once per store and shared by every view of it: a view switch must not work them out again, and they must be the ones
worked out from the store's rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from charts.options import ViewOptions
from loaders import build_frames, open_store
from loaders.curation import SourceDates, company_facts, data_as_of_text, dates_of_sources
from pagemodels.registry import build_page
from pagemodels.view import in_view

STORE = Path(__file__).parent / "fixtures" / "frozen_store.yaml"
PEERS = Path(__file__).parent / "fixtures" / "peers_store.yaml"
DAY = dt.date(2026, 12, 1)


def test_the_facts_are_the_stores_and_every_view_shares_them() -> None:
    frames = build_frames(open_store(STORE, dt.date.today()))
    subject = frames.default_subject
    rmb, usd = in_view(frames, ViewOptions()), in_view(frames, ViewOptions(currency="USD"))
    facts = usd.company_facts(subject)
    assert facts == company_facts(frames.observations, frames.events, subject)
    assert facts.latest == "FY2027Q1" and facts.year_end_month == 3 and facts.days["FY2027Q1"] == dt.date(2026, 8, 20)
    dates = usd.source_dates
    assert dates == dates_of_sources(frames.sources)
    newest = frames.sources.loc[frames.sources["published"].idxmax()]
    assert dates == SourceDates(frames.sources["accessed"].max().date(), newest["source"], newest["published"].date())
    assert dates == SourceDates(dt.date(2026, 12, 7), "aikb_202609_alibaba_june2026", dt.date(2026, 9, 22))
    # worked out in one view, held by the store's frames and every other view of them
    assert rmb.company_facts(subject) is facts and frames.company_facts(subject) is facts
    assert rmb.source_dates is dates and frames.source_dates is dates
    assert (
        rmb.data_as_of_in() == usd.data_as_of_in() == data_as_of_text(frames.observations, frames.sources, frames.events, subject)
    )
    calendar = data_as_of_text(frames.observations, frames.sources, frames.events, subject, labels="calendar")
    assert rmb.data_as_of_in("calendar") == usd.data_as_of_in("calendar") == calendar
    assert calendar == "Data as of Apr–Jun 2026, results of 2026-08-20; sources checked 2026-12-07"
    assert rmb.data_as_of_in() == "Data as of Apr–Jun 2026 (FY27 Q1), results of 2026-08-20; sources checked 2026-12-07"


def test_a_page_built_twice_asks_the_rows_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    frames = build_frames(open_store(STORE, dt.date.today()))
    calls: list[str | None] = []
    import loaders.frames as frames_module

    real = frames_module.company_facts
    monkeypatch.setattr(
        frames_module,
        "company_facts",
        lambda obs, events, subject: calls.append(subject) or real(obs, events, subject),
    )
    build_page(frames, "overview", ViewOptions(), DAY)
    build_page(frames, "overview", ViewOptions(currency="USD", labels="calendar"), DAY)
    assert calls == [frames.default_subject]


def test_the_peers_sidebar_reads_the_sources_dates_once_per_store(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import loaders.frames as frames_module

    frames = build_frames(open_store(PEERS, dt.date.today()))
    calls: list[int] = []
    real = frames_module.dates_of_sources
    monkeypatch.setattr(frames_module, "dates_of_sources", lambda sources: calls.append(len(sources)) or real(sources))
    first = build_page(frames, "peers", ViewOptions(), DAY)
    companies = list(frames.companies["company"])
    assert len(companies) >= 7 and calls == [len(frames.sources)]  # once for the store, not once per company
    lines = first.sidebar[-1].splitlines()[: len(companies)]
    assert len(lines) == len(companies)
    newest = frames.sources.loc[frames.sources["published"].idxmax()]
    ago = (DAY - newest["published"].date()).days
    assert all(
        line.endswith(f"newest source published {newest['published'].date().isoformat()}, {ago} days ago.") for line in lines
    )
    build_page(frames, "peers", ViewOptions(currency="USD"), DAY)
    assert len(calls) == 1  # a second build asks the sources nothing
