"""View options normalised against the store: a link may carry anything, a page gets only what exists.

A quarter the store does not have, a plan start out of range, an unknown segment or category, an
overlong filter: each falls back to its default, so the widget, the chart and the URL agree and a
shared link never fails.
"""

from __future__ import annotations

import dataclasses
import unicodedata

from charts.options import ViewOptions
from loaders.derive import plan_start_choices, plan_start_default
from loaders.frames import Frames
from loaders.vocab import EVENT_CATEGORIES
from pagemodels.common import the_plan
from pagemodels.segments_data import segment_choices

SOURCES_TABLES = ("values", "conflicts", "yoy", "gaps", "sources")
MAX_WORDS = 200


def plan_default(frames: Frames) -> str | None:
    plan = the_plan(frames)
    return None if plan is None else plan_start_default(plan["announced"])


def normalise(frames: Frames, opts: ViewOptions) -> ViewOptions:
    default_start = plan_default(frames)
    choices = plan_start_choices(default_start) if default_start else []
    # the store's segments are worked out only for a link that names some: a view without is valid as it is
    quarters, _, _, segments = segment_choices(frames) if opts.segment_quarter or opts.segments else ([], None, {}, [])
    words = "".join(ch for ch in opts.words if unicodedata.category(ch)[0] != "C")[:MAX_WORDS]
    return dataclasses.replace(
        opts,
        plan_start=opts.plan_start if opts.plan_start in choices and opts.plan_start != default_start else None,
        segment_quarter=opts.segment_quarter if opts.segment_quarter in quarters else None,
        segments=tuple(s for s in dict.fromkeys(opts.segments) if s in segments),
        categories=tuple(c for c in EVENT_CATEGORIES if c in opts.categories),
        table=opts.table if opts.table in SOURCES_TABLES else "values",
        words=words,
    )
