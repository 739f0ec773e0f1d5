"""The store's closed vocabularies, each declared once with the words readers see.

The schema builds its allowed values from these, and the pages, charts and tables take their
order and labels from them, so a word added here is both accepted by `validate` and shown
(an event category can no longer pass validation and then vanish from the timeline).
Units live in `loaders.units`, source grades in `loaders.authority`.
"""

from __future__ import annotations

# what a source is: the kind of document read (descriptive; its grade, not its kind, decides which
# value is shown, though a machine-written page is always grade 4)
SOURCE_KINDS: dict[str, str] = {
    "results_announcement": "results announcement",
    "sec_6k_exhibit": "SEC 6-K exhibit",
    "annual_report_20f": "annual report or Form 20-F",
    "hkex_announcement": "HKEX announcement",
    "earnings_call": "earnings call",
    "article": "article",
    "data_service": "data service",
    "site_page": "site page",
    "machine_written_page": "machine-written page",
    "research_note": "research note",
}
# the kinds as a footnote counts several of one issuer's: "Alibaba Group results announcements"
SOURCE_KIND_PLURALS: dict[str, str] = {
    "results_announcement": "results announcements",
    "sec_6k_exhibit": "SEC 6-K exhibits",
    "annual_report_20f": "annual reports",
    "hkex_announcement": "HKEX announcements",
    "earnings_call": "earnings calls",
    "article": "articles",
    "data_service": "data service pages",
    "site_page": "site pages",
    "machine_written_page": "machine-written pages",
    "research_note": "research notes",
}
# documents only a company issues: their issuer must be one of the store's companies
COMPANY_DOCUMENT_KINDS: tuple[str, ...] = ("results_announcement", "sec_6k_exhibit", "annual_report_20f", "hkex_announcement")
MACHINE_WRITTEN_KIND = "machine_written_page"

# what a metric may be about besides a company, each with the one metric category it goes with:
# a market (market shares) or exchange rates
NON_COMPANY_SUBJECTS: dict[str, str] = {"market": "market", "fx": "fx"}

# metric categories, in the order tables list them: the group first, then cloud and capex
METRIC_CATEGORIES: dict[str, str] = {
    "group": "Group",
    "cloud": "Cloud",
    "capex": "Capex",
    "segment": "Segments",
    "ai_adoption": "AI adoption",
    "market": "Market share",
    "fx": "Exchange rate",
}

# what a figure is measured against
BASES: dict[str, str] = {
    "reported": "reported",
    "like_for_like": "like-for-like",
    "restated": "restated",
    "constant_currency": "constant currency",
    "estimate": "estimate",
    "target": "company target",
}

# figures about the future (a broker's forecast, a company target): the only ones that may have a
# period not yet over, and never what makes a quarter "reported"
FORWARD_BASES: tuple[str, ...] = ("estimate", "target")

# what a quarter of a metric is on the page, from the reader's point of view: one list shared by
# the charts' gap marks, the plan's figures and the results-day notices
QUARTER_STATES: dict[str, str] = {
    "stated": "stated by a source",
    "derived": "derived from stated figures",
    "overdue": "results overdue",
    "not_stated": "not stated by any source held",
    "to_come": "results not due yet",
}

# event categories, in the order the timeline's lanes run from the top
EVENT_CATEGORIES: dict[str, str] = {
    "plan": "Plan",
    "investment": "Investment",
    "model_release": "Model release",
    "product_launch": "Product launch",
    "organisation": "Organisation",
    "results": "Results",
}
# every category but results days (each quarter has one) is marked on time charts
MARKED_EVENT_CATEGORIES: tuple[str, ...] = tuple(c for c in EVENT_CATEGORIES if c != "results")

# how a value is evidenced: read in the document itself, read in a copy of it (the page read is
# linked), read in a copy that could not be linked (the link is the original the copy names, which
# was not opened), or worked out from other cited values; one word per value in frames and dumps
EVIDENCE: dict[str, str] = {
    "stated": "stated in the document",
    "stated_in_copy": "stated in a copy of the document",
    "original_named_not_opened": "original named by the copy, not opened here",
    "derived": "derived from stated figures",
}
