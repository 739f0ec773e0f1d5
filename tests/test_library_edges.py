"""Where the code leans on a library's behaviour for speed, a test that fails when the library changes.

Each shortcut has its measured reason beside it in the code: the tab kept between images
(dashboard.png.BatchRenderer), the scalars the YAML resolver cannot type
(loaders.yaml_source._Builder); and the screen painter hands Streamlit a plain plotly dict
(charts.screen), which Streamlit must draw as given. If a library moves
underneath one of them, these say so before a reader notices a slower page or a wrong value.
"""

from __future__ import annotations

import inspect
import json

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st_
from streamlit.testing.v1 import AppTest

from loaders.yaml_source import parse


def test_kaleido_still_hands_tabs_back_through_the_method_the_export_overrides() -> None:
    import kaleido

    method = getattr(kaleido.Kaleido, "_return_kaleido_tab", None)
    assert method is not None, "kaleido.Kaleido._return_kaleido_tab is gone: BatchRenderer's override no longer applies"
    assert inspect.iscoroutinefunction(method)
    assert list(inspect.signature(method).parameters) == ["self", "tab"]
    assert "tabs_ready" in inspect.getsource(kaleido.Kaleido), "the queue the override puts tabs back on"


def _plain_dict_app() -> None:
    import datetime as dt
    from pathlib import Path

    import streamlit as st

    from charts.options import ViewOptions
    from dashboard.render import SentAsPainted
    from loaders import build_frames, open_store
    from pagemodels.registry import build_page

    store = Path.cwd() / "tests" / "fixtures" / "small_store.yaml"
    frames = build_frames(open_store(store, dt.date.today()))
    block = build_page(frames, "cloud", ViewOptions(), dt.date(2025, 12, 1)).chart_blocks[0]
    st.plotly_chart(SentAsPainted(block.screen.figure), theme=None)


def test_streamlit_sends_the_painted_dict_as_it_is_without_validating_it_again() -> None:
    """dashboard.render.SentAsPainted hands Streamlit the screen painter's dict as a figure's own dict, so
    Streamlit sends it without validating it on every rerun: the chart it sends is the painted dict, all of
    it, and building it costs no validation. Fails when Streamlit stops taking a figure's `to_dict()` as valid."""
    import datetime as dt
    from pathlib import Path

    import plotly.tools
    from streamlit.elements import plotly_chart

    from charts.options import ViewOptions
    from dashboard.render import SentAsPainted
    from loaders import build_frames, open_store
    from pagemodels.registry import build_page

    frames = build_frames(open_store(Path.cwd() / "tests" / "fixtures" / "small_store.yaml", dt.date.today()))
    painted = build_page(frames, "cloud", ViewOptions(), dt.date(2025, 12, 1)).chart_blocks[0].screen.figure
    at = AppTest.from_function(_plain_dict_app, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert json.loads(at.get("plotly_chart")[0].proto.spec) == json.loads(json.dumps(painted))
    # the path Streamlit takes a figure through: the figure's own dict, not validated again
    assert "return_figure_from_figure_or_data(" in inspect.getsource(plotly_chart.PlotlyMixin.plotly_chart)
    assert plotly.tools.return_figure_from_figure_or_data(SentAsPainted(painted), validate_figure=True) is painted


SCALARS = st_.text(alphabet=st_.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)


@settings(max_examples=400, deadline=None)
@given(SCALARS)
def test_the_readers_shortcut_types_every_plain_scalar_as_pyyaml_does(text: str) -> None:
    """The reader skips the resolver for plain scalars whose first character no implicit rule starts with;
    for any scalar, what it reads must equal what PyYAML's safe loader reads."""
    document = f"value: {json.dumps(text, ensure_ascii=False)[1:-1]}\n"
    try:
        expected = yaml.load(document, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return  # not a plain scalar YAML accepts; the reader's own error tests cover those
    if not isinstance(expected, dict) or set(expected) != {"value"}:
        return
    try:
        got = parse(document).data
    except Exception:  # the reader refuses more than PyYAML (tags, merges, anchors): not this test's concern
        return
    assert type(got["value"]) is type(expected["value"]), (text, got, expected)
    assert got == expected or got["value"] != got["value"]  # NaN is not equal to itself


def test_charts_built_without_plotlys_checks_are_the_charts_built_with_them(monkeypatch) -> None:
    """charts.figure builds every figure with plotly's private `_validate=False`: the same JSON, without the
    checks that were half of a page build. Fails when plotly stops honouring the argument, or when any chart of
    any page, in either currency, is written differently without the checks."""
    import datetime as dt
    from pathlib import Path

    import plotly.graph_objects as go

    from charts import figure
    from charts.options import ViewOptions
    from loaders import build_frames, open_store
    from pagemodels.registry import PAGES, build_page

    unchecked = go.Figure(_validate=False)
    unchecked.layout.width = "wide"  # unchecked: a value plotly would refuse is taken as given
    assert unchecked.layout.width == "wide", "plotly no longer honours BaseFigure's _validate argument"
    try:
        go.Figure().layout.width = "wide"
    except ValueError:
        pass
    else:
        raise AssertionError("a checked plotly figure accepted a width that is not a number")

    frames = build_frames(open_store(Path("tests/fixtures/frozen_store.yaml"), dt.date.today()))

    def bodies() -> dict[tuple[str, str, int], str]:
        out = {}
        for page in PAGES:
            for currency in ("RMB", "USD"):
                model = build_page(frames, page.slug, ViewOptions(currency=currency), dt.date(2026, 12, 1))
                for i, block in enumerate(model.chart_blocks):
                    out[(page.slug, currency, i)] = json.dumps(block.spec.body, sort_keys=True, default=str)
        return out

    assert figure.CHECKED is False
    fast = bodies()
    monkeypatch.setattr(figure, "CHECKED", True)
    checked = bodies()
    assert len(fast) > 30
    assert [k for k in fast if fast[k] != checked[k]] == []
