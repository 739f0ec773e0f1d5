"""Chart specs and their painters, without a browser: the screen, the PNG and the slide each compose a chart's
title, notes, sources clause and "data as of" when they draw, from a spec that nothing changes once made."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from charts.base import share_quarter_span
from charts.cloud import cloud_ebita_figure, cloud_revenue_figure
from charts.image import SLIDE_CSS_HEIGHT, SLIDE_CSS_WIDTH, paint_image, paint_slide
from charts.options import ViewOptions
from charts.screen import paint_screen
from charts.spec import ChartSpec, finish
from loaders import Frames, build_frames, open_store
from loaders.chart_citation import sources_clause
from pagemodels.model import Chart
from pagemodels.registry import PAGES, build_page

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small_store.yaml"
TODAY = dt.date(2025, 12, 1)
AS_OF = "Data as of Jul–Sep 2025 (FY26 Q2) · store 0123456789ab"
NO_EVENTS = ViewOptions(show_events=False)


@pytest.fixture(scope="module")
def frames() -> Frames:
    return build_frames(open_store(FIXTURE, dt.date.today()))


@pytest.fixture(scope="module")
def blocks(frames: Frames) -> list[Chart]:
    """Every non-empty chart block of every page, in RMB and in US$ with calendar labels."""
    out = []
    for opts in (ViewOptions(), ViewOptions(currency="USD", labels="calendar", show_events=True)):
        for page in PAGES:
            out += [b for b in build_page(frames, page.slug, opts, TODAY).chart_blocks if not b.spec.is_empty]
    return out


def annotations(fig: dict) -> list[dict]:  # type: ignore[type-arg]
    return list(fig["layout"].get("annotations", []))


def test_the_screen_figure_is_a_plain_dict_without_title_or_footnote(frames: Frames) -> None:
    spec = cloud_revenue_figure(frames.observations, NO_EVENTS)
    screen = paint_screen(spec, AS_OF)
    json.dumps(screen.figure, allow_nan=False)  # plain JSON values only: no plotly objects, numpy or NaN
    assert not isinstance(screen.figure, go.Figure)
    assert "title" not in screen.figure["layout"]
    assert not [a for a in annotations(screen.figure) if a.get("name") == "footnote"]
    assert screen.title == "Alibaba Cloud revenue and year-on-year growth"
    assert screen.subtitle == "FY26 Q2: RMB 16.1 bn, +40% YoY"
    # the footnote's paragraphs: notes and the sources clause the pure citation functions give, then the data's date
    clause = sources_clause(spec.citations, spec.labels)
    assert clause.startswith("Sources: Alibaba Group, Fixture Corp September quarter results (fictional)")
    assert screen.footnote == (" · ".join([*spec.notes, clause]), AS_OF)
    # the axis titles the builder recorded, on the plot's axes; tick labels on one line
    assert screen.figure["layout"]["yaxis"]["title"]["text"] == "Revenue (RMB bn)"
    assert screen.figure["layout"]["yaxis2"]["title"]["text"] == "YoY growth (%)"
    assert screen.figure["layout"]["xaxis"]["ticktext"][-1] == "FY26 Q2"


def test_the_image_carries_title_subtitle_and_footnote_inside(frames: Frames) -> None:
    spec = cloud_revenue_figure(frames.observations, NO_EVENTS)
    image = go.Figure(paint_image(spec, AS_OF))  # valid for plotly as it is
    assert image.layout.title.text.startswith("Alibaba Cloud revenue and year-on-year growth<br><span")
    assert "FY26 Q2: RMB 16.1 bn, +40% YoY</span>" in image.layout.title.text
    (foot,) = [a for a in image.layout.annotations if a.name == "footnote"]
    lines = foot.text.split("<br>")
    assert lines[-1] == AS_OF  # the data's date and version on a line of its own, last
    assert "Sources: Alibaba Group, Fixture Corp September quarter results (fictional)" in " ".join(lines)
    assert image.layout.margin.b == 70 + 16 * len(lines) and foot.yshift == -(64 + 16 * len(lines))
    assert image.layout.margin.t == 110  # room for the title and its subtitle
    assert image.layout.height == 520 and image.layout.paper_bgcolor == "white"
    assert image.layout.yaxis.title.text == "Revenue (RMB bn)"


def test_the_slide_has_its_title_as_text_and_the_rest_in_the_picture(frames: Frames) -> None:
    spec = cloud_revenue_figure(frames.observations, NO_EVENTS)
    slide = paint_slide(spec, AS_OF)
    assert slide.title == "Alibaba Cloud revenue and year-on-year growth"
    picture = go.Figure(slide.picture)
    assert spec.title not in str(picture.layout.title.text)  # said once, by the slide's own title
    assert "FY26 Q2: RMB 16.1 bn, +40% YoY" in picture.layout.title.text
    (foot,) = [a for a in picture.layout.annotations if a.name == "footnote"]
    assert foot.text.endswith(AS_OF)
    assert (picture.layout.width, picture.layout.height) == (SLIDE_CSS_WIDTH, SLIDE_CSS_HEIGHT)


def test_store_text_in_a_charts_words_is_shown_as_written(frames: Frames) -> None:
    """Words are plain text on the spec; the image escapes them for plotly's markup, the screen keeps them as words."""
    spec = dataclasses.replace(cloud_revenue_figure(frames.observations, NO_EVENTS), title="A <b>bold</b> & co", notes=("x < y",))
    image = paint_image(spec, AS_OF)
    assert image["layout"]["title"]["text"].startswith("A &lt;b&gt;bold&lt;/b&gt; &amp; co<br>")
    assert next(a for a in annotations(image) if a["name"] == "footnote")["text"].startswith("x &lt; y · ")
    screen = paint_screen(spec, AS_OF)
    assert screen.title == "A <b>bold</b> & co" and screen.footnote[0].startswith("x < y · ")


def test_painting_changes_nothing_and_paints_the_same_twice(blocks: list[Chart]) -> None:
    """No painter writes into the spec it draws: each painting is made afresh, equal every time, and changing a
    painting leaves the spec (and the next painting) as it was."""
    assert len(blocks) > 20
    for block in blocks:
        spec, key = block.spec, block.spec.slug
        body = json.dumps(spec.body, sort_keys=True)
        words = (spec.title, spec.subtitle, spec.notes, spec.sources, spec.x_title, spec.y_title, spec.y2_title)
        data = spec.data.copy()
        for paint in (paint_screen, paint_image, paint_slide):
            first, second = paint(spec, block.as_of), paint(spec, block.as_of)
            assert first == second, key
            figure = first.figure if hasattr(first, "figure") else first.picture if hasattr(first, "picture") else first
            figure["layout"].clear()  # a reader's change to what it was handed
            figure["data"].clear()
            assert paint(spec, block.as_of) == second, key
        assert json.dumps(spec.body, sort_keys=True) == body, key
        assert (spec.title, spec.subtitle, spec.notes, spec.sources, spec.x_title, spec.y_title, spec.y2_title) == words
        pd.testing.assert_frame_equal(spec.data, data)
        assert block.screen is block.screen  # painted once per built model


def test_a_spec_cannot_be_changed_once_made(frames: Frames) -> None:
    spec = cloud_revenue_figure(frames.observations, NO_EVENTS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.title = "Another"  # type: ignore[misc]
    spec.plot.update_layout(title="written into a copy")
    assert "title" not in spec.body["layout"]


def test_sharing_a_span_makes_new_specs_and_leaves_the_old_ones(frames: Frames) -> None:
    obs = frames.observations
    revenue, ebita = cloud_revenue_figure(obs, NO_EVENTS), cloud_ebita_figure(obs, NO_EVENTS)
    before = json.dumps(ebita.body, sort_keys=True), ebita.span, len(ebita.data)
    shared = share_quarter_span([revenue, ebita], NO_EVENTS)
    assert (json.dumps(ebita.body, sort_keys=True), ebita.span, len(ebita.data)) == before
    assert ebita.span == "FY25Q3-FY26Q2" and shared[1].span == "FY25Q1-FY26Q2"
    assert len(shared[1].data) == len(ebita.data) + 2  # the two quarters EBITA lacks, as gaps
    assert shared[0].span == revenue.span


@pytest.mark.parametrize("labels", ["fiscal", "calendar"])
def test_a_chart_redrawn_over_the_pages_span_is_what_plotly_would_draw(frames: Frames, labels: str) -> None:
    """The shared span is set on the plain body (gaps appended, every x axis updated): the same JSON as plotly's
    add_trace, annotations and update_xaxes give on the figure, so a change in plotly's semantics shows here."""
    from charts.axes import label_quarter_axis
    from charts.base import add_gaps
    from charts.series import period_frame
    from charts.spec import plot_body
    from loaders.calendar import quarters_between

    opts = ViewOptions(labels=labels, show_events=False)
    obs = frames.observations
    revenue, ebita = cloud_revenue_figure(obs, opts), cloud_ebita_figure(obs, opts)
    shared = share_quarter_span([revenue, ebita], opts)
    quarters = period_frame(quarters_between("FY2025Q1", "FY2026Q2"), opts)
    absent = quarters[~quarters["period"].isin(set(ebita.data["period"]))].assign(missing=True)
    assert list(absent["period"]) == ["FY2025Q1", "FY2025Q2"]
    by_plotly = ebita.plot
    add_gaps(by_plotly, absent)
    label_quarter_axis(by_plotly, quarters, opts)
    assert shared[1].body == plot_body(by_plotly)
    gap_words = [a["text"] for a in shared[1].body["layout"]["annotations"] if a.get("name") == "gap"]
    assert gap_words[-2:] == ["not stated", "not stated"]


@pytest.mark.parametrize("store", [FIXTURE, Path(__file__).resolve().parent / "fixtures" / "frozen_store.yaml"])
@pytest.mark.parametrize("labels", ["fiscal", "calendar"])
def test_a_chart_spanning_the_pages_quarters_already_is_kept_as_drawn(store: Path, labels: str) -> None:
    """A chart whose quarters are the page's span is not redrawn: its own axis is the one the shared span would
    label (each builder labels its quarters as the page does), so only its file name's span is set."""
    from charts.axes import label_quarter_axis
    from charts.series import period_frame
    from charts.spec import plot_body
    from pagemodels.cloud import CHARTS
    from pagemodels.view import in_view

    opts = ViewOptions(labels=labels, show_events=False)
    view = in_view(build_frames(open_store(store, dt.date.today())), opts)
    made = [make(view.observations, opts, None, view.money, ()) for make in CHARTS]
    shared = share_quarter_span(made, opts)
    kept = [(m, s) for m, s in zip(made, shared, strict=True) if s.body is m.body]
    assert kept, "a chart of the page spans its quarters already"
    for mine, out in kept:
        quarters = sorted({p for p in mine.data["period"].dropna().astype(str) if "Q" in p})
        redrawn = mine.plot
        label_quarter_axis(redrawn, period_frame(quarters, opts), opts)
        assert plot_body(redrawn) == plot_body(mine.plot)  # labelling its axis for the span changes nothing
        assert out.span != "" and out.data is mine.data


def test_finish_records_the_words_beside_the_plot(frames: Frames) -> None:
    fig = go.Figure(go.Bar(x=[1, 2], y=[3, 4], name="bars"))
    cited = frames.observations[frames.observations["metric"] == "cloud_revenue"]
    spec = finish(fig, "bars", "FY25Q1", pd.DataFrame({"value": [3, 4]}), "Bars", cited, "Units", subtitle="Sub",
                  notes=["A note", ""])  # fmt: skip
    assert isinstance(spec, ChartSpec)
    assert (spec.title, spec.subtitle, spec.notes, spec.y_title) == ("Bars", "Sub", ("A note",), "Units")
    assert "title" not in spec.body["layout"] and "annotations" not in spec.body["layout"]
    assert spec.sources == sources_clause(cited)
    assert spec.footnote("") == (f"A note · {spec.sources}",)
