"""The store's closed vocabularies, each declared once with the words readers see.

The schema builds its allowed values from these, and the pages, charts and tables take their
order and labels from them, so a word added here is both accepted by `validate` and shown
(an event category can no longer pass validation and then vanish from the timeline).
Units live in `loaders.units`, source grades in `loaders.authority`.
"""

from __future__ import annotations

# what a source is (descriptive; its grade, not its kind, decides which value is shown)
SOURCE_KINDS: dict[str, str] = {
    "company_release": "company release",
    "earnings_call": "earnings call",
    "news": "news",
    "research": "research",
    "analysis": "analysis",
    "blog": "blog",
    "other": "other",
}

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
    "estimate": "estimate",
    "target": "company target",
}

# figures about the future (a broker's forecast, a company target): the only ones that may have a
# period not yet over, and never what makes a quarter "reported"
FORWARD_BASES: tuple[str, ...] = ("estimate", "target")

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
