"""The one list of pages: the app's navigation, the export, the tests and the benchmarks all read it.

Each page is declared once: its slug (URL path and export folder), its titles, the view options its
sidebar offers, the script Streamlit runs, and the pure `build(frames, options, today)` that says
what the page shows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from charts.options import ViewOptions
from loaders.calendar import label
from loaders.curation import freshness, freshness_line, staleness_notice
from loaders.derive import fx_rates
from loaders.frames import Frames
from loaders.recipes import stated_count
from pagemodels import adoption, capex, cloud, latest, overview, peers, segments, sources, timeline
from pagemodels.common import dated_file_stem
from pagemodels.model import PageModel
from pagemodels.options import normalise
from pagemodels.view import ViewFrames, in_view

Build = Callable[[ViewFrames, ViewOptions, dt.date], PageModel]
ALL_VIEW = ("currency", "labels", "events")


@dataclass(frozen=True)
class PageSpec:
    slug: str  # URL path and export folder
    nav_title: str  # in the navigation
    section: str  # the navigation's group
    view: tuple[str, ...]  # the view options the sidebar offers: only those that change this page
    build: Build
    # the fields of ViewOptions its build reads (its sidebar's and its own controls'): a built page is cached
    # on these alone, so a reader's currency does not rebuild the timeline (tests/test_page_options.py)
    reads: tuple[str, ...] = ()
    # whose freshness the page reports (overdue notice, sidebar): the default subject's, or every company's
    # where the page draws them all
    every_company: bool = False

    @property
    def script(self) -> str:
        """The page's own script in pages/, which a page may have; without one the app draws it all the same."""
        return f"pages/{self.slug}.py"


MONEY = ("currency", "labels", "show_events")  # a page of money charts over quarters
PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "Overview", "Dashboard", ALL_VIEW, overview.build, reads=(*MONEY, "plan_start")),
    PageSpec("latest", "Latest quarter", "Dashboard", ALL_VIEW, latest.build, reads=(*MONEY, "plan_start")),
    PageSpec("cloud", "Cloud revenue", "Dashboard", ALL_VIEW, cloud.build, reads=MONEY),
    PageSpec("capex", "Capex vs plan", "Dashboard", ALL_VIEW, capex.build, reads=(*MONEY, "plan_start")),
    PageSpec("peers", "Peers", "Dashboard", (), peers.build, every_company=True),
    PageSpec("segments", "Segment growth", "Dashboard", ALL_VIEW, segments.build,
             reads=(*MONEY, "segment_quarter", "segments")),
    PageSpec("adoption", "AI adoption", "Dashboard", ("labels",), adoption.build, reads=("labels",)),
    PageSpec("timeline", "Timeline", "Dashboard", (), timeline.build, reads=("categories",)),
    PageSpec("sources", "Sources & data", "Data", ("labels",), sources.build,
             reads=("labels", "table", "words", "table_page")),
)  # fmt: skip


def options_read(spec: PageSpec, options: ViewOptions) -> ViewOptions:
    """The reader's options a page is built from: those it reads, every other at its default, so readers
    whose other options differ share one built page."""
    return dataclasses.replace(ViewOptions(), **{name: getattr(options, name) for name in spec.reads})


def default_page() -> str:
    """The page a bare address opens: the registry's first, as PAGES is now."""
    return PAGES[0].slug


def page_spec(slug: str) -> PageSpec:
    """The registry's line for `slug`, looked up in PAGES as it is now, so a page added there is found."""
    for spec in PAGES:
        if spec.slug == slug:
            return spec
    raise KeyError(f"no page {slug!r} in pagemodels.registry.PAGES")


def build_page(frames: Frames, slug: str, options: ViewOptions, today: dt.date) -> PageModel:
    """What page `slug` shows for these options on `today`: options normalised against the store first, the
    reader's currency applied once (pagemodels.view), then the page's own build, then the frame every page
    shares (the overdue notice, the sidebar lines).
    The model keeps the options as its build applied them (the Sources page's table page, kept in range)."""
    opts = normalise(frames, options)
    spec = page_spec(slug)
    # a page that offers no choice of labels (the Peers page: calendar quarters lead) is written in the default's
    labels = opts.labels if "labels" in spec.reads else ViewOptions().labels
    written = dataclasses.replace(opts, labels=labels)  # the options the page's words are written in
    model = spec.build(in_view(frames, written), opts, today)
    companies = None if spec.every_company else [frames.default_subject]
    return dataclasses.replace(
        model,
        notice=overdue_notice(frames, today, companies, labels),
        sidebar=sidebar_lines(frames, written, spec.view, today, slug, companies),
        file_stem=dated_file_stem(frames, slug),
    )


def overdue_notice(frames: Frames, today: dt.date, companies: list[str] | None = None, labels: str = "fiscal") -> str | None:
    """Each company's overdue results (of `companies`, else every company), one sentence each naming the
    company, the default subject first."""
    notices = [
        staleness_notice(
            frames.observations,
            today,
            frames.events,
            company,
            frames.company_name(company),
            frames.company_facts(company),
            labels,
        )
        for company in companies or _companies(frames)
    ]
    return "\n\n".join(n for n in notices if n) or None


def _companies(frames: Frames) -> list[str | None]:
    """The companies the store has figures for, the default subject first (one None where none is named)."""
    return [str(c) for c in frames.companies["company"]] if not frames.companies.empty else [None]


def _freshness_lines(frames: Frames, today: dt.date, companies: list[str] | None = None, labels: str = "fiscal") -> str:
    """How fresh each company's figures are (of `companies`, else every company): one line, or one per company
    named by the store's name for it."""
    companies = companies or _companies(frames)
    obs, sources, events, dates = frames.observations, frames.sources, frames.events, frames.source_dates
    lines = [
        freshness_line(freshness(obs, sources, today, events, company, frames.company_facts(company), dates), labels)
        for company in companies
    ]
    if len(lines) == 1:
        return lines[0]
    return "\n".join(f"{frames.company_name(c)}: {line}" for c, line in zip(companies, lines, strict=True))


def sidebar_lines(
    frames: Frames, opts: ViewOptions, view: tuple[str, ...], today: dt.date, slug: str = "", companies: list[str] | None = None
) -> tuple[str, ...]:
    """How fresh the data is and what it holds; in US$, which quarters have a cited rate.

    The counts are those the Sources & data page gives: the values and the sources that state them,
    then every source listed where events bring more."""
    lines = []
    if "currency" in view and opts.currency == "USD":
        rates = fx_rates(frames.observations)
        quarters = ", ".join(label(q, opts.labels) for q in rates["period"]) or "none"
        lines.append(
            "US$ as each source states it beside the RMB figure; otherwise converted at a cited RMB/US$ rate "
            f"(one is cited for: {quarters}). Where neither exists no US$ value is shown, never a guessed one."
        )
    n_obs, n_src = stated_count(frames.observations), len(frames.sources)
    of_values = sources.source_counts(frames)[0]
    counts = f"{n_obs} cited values from {of_values} sources" + (f"; {n_src} sources in all" if n_src > of_values else "")
    where = "below, with its source" if slug == "sources" else "with its source on the Sources & data page"
    lines.append(f"{_freshness_lines(frames, today, companies, opts.labels)}\n{counts}. Every value is listed {where}.")
    return tuple(lines)
