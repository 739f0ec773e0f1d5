"""A built page is cached on the view options it reads (its registry line's `reads`): every option it does
not declare must leave it unchanged, or readers would be shown a page built for someone else's view."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from charts.options import ViewOptions
from loaders import build_frames, open_store
from loaders.derive import plan_start_choices
from pagemodels.model import Chart, Expander, PageModel
from pagemodels.options import plan_default
from pagemodels.registry import PAGES, build_page, options_read
from pagemodels.segments_data import segment_choices

STORE = Path(__file__).parent / "fixtures" / "frozen_store.yaml"
DAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def frames():  # type: ignore[no-untyped-def]
    return build_frames(open_store(STORE, dt.date.today()))


def _others(frames) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """A value other than the default for every view option, each one the store offers."""
    quarters, latest, _, segments = segment_choices(frames)
    default_start = plan_default(frames)
    return {
        "currency": "USD",
        "labels": "calendar",
        "show_events": True,
        "plan_start": next(q for q in plan_start_choices(default_start) if q != default_start),
        "segment_quarter": next(q for q in quarters if q != latest),
        "segments": (segments[0],),
        "categories": ("results",),
        "table": "gaps",
        "words": "cloud",
        "table_page": "2",
    }


def _seen(model: PageModel) -> str:
    """What a reader is shown: every block's text and numbers, each chart's plot, words and rows."""
    parts: list[str] = [repr(model.notice), repr(model.sidebar)]
    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", None):
        for block in _walk(model.blocks):
            if isinstance(block, Chart):
                spec = block.spec
                parts += [json.dumps(spec.body, sort_keys=True, default=str), spec.title, repr(spec.notes),
                          repr(spec.subtitle), spec.csv.decode("utf-8")]  # fmt: skip
            elif not isinstance(block, Expander):
                parts.append(repr(block))
    return re.sub(r" at 0x[0-9a-f]+", "", "\n".join(parts))  # a download's function, made afresh per build


def _walk(blocks):  # type: ignore[no-untyped-def]
    for block in blocks:
        yield block
        if isinstance(block, Expander):
            yield from _walk(block.blocks)


def test_every_option_a_page_reads_is_one_the_sidebar_offers_or_its_own() -> None:
    fields = {f.name for f in dataclasses.fields(ViewOptions)}
    for spec in PAGES:
        assert set(spec.reads) <= fields, spec.slug
        offered = {"events": "show_events"}
        assert {offered.get(v, v) for v in spec.view} <= set(spec.reads), spec.slug


@pytest.mark.parametrize("slug", [p.slug for p in PAGES])
def test_an_option_a_page_does_not_read_leaves_it_as_it_was(frames, slug: str) -> None:  # type: ignore[no-untyped-def]
    spec = next(p for p in PAGES if p.slug == slug)
    plain = _seen(build_page(frames, slug, ViewOptions(), DAY))
    changed = []
    for name, value in _others(frames).items():
        if name in spec.reads:
            continue
        options = dataclasses.replace(ViewOptions(), **{name: value})
        assert options_read(spec, options) == ViewOptions()
        if _seen(build_page(frames, slug, options, DAY)) != plain:
            changed.append(name)
    assert changed == [], f"{slug} reads {changed}: add them to its registry line's reads"


def test_an_option_a_page_reads_changes_it(frames) -> None:  # type: ignore[no-untyped-def]
    """The test above can tell: the capex page's currency is seen."""
    usd = dataclasses.replace(ViewOptions(), currency="USD")
    assert _seen(build_page(frames, "capex", usd, DAY)) != _seen(build_page(frames, "capex", ViewOptions(), DAY))
