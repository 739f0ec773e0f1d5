"""Where the code leans on a library's behaviour for speed, a test that fails when the library changes.

Each shortcut has its measured reason beside it in the code: the tab kept between images
(dashboard.png.BatchRenderer), the figure serialised once (charts.result.FrozenFigure), the
scalars the YAML resolver cannot type (loaders.yaml_source._Builder). If a library moves
underneath one of them, these say so before a reader notices a slower page or a wrong value.
"""

from __future__ import annotations

import inspect
import json

import plotly.graph_objects as go
import plotly.io as pio
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


def _frozen_app() -> None:
    import plotly.graph_objects as go
    import streamlit as st

    from charts.result import FrozenFigure

    calls = []

    class Counting(FrozenFigure):
        def to_dict(self):  # type: ignore[no-untyped-def]
            calls.append(1)
            return super().to_dict()

    fig = Counting(go.Figure(go.Bar(x=[1, 2], y=[3, 4], name="bars"), layout=dict(title=dict(text="frozen"))))
    st.plotly_chart(fig, theme=None)
    st.caption(f"to_dict calls: {len(calls)}")


def test_streamlit_draws_a_frozen_figure_from_its_to_dict() -> None:
    """FrozenFigure hands out its dict made once; Streamlit must still take the figure through to_dict."""
    at = AppTest.from_function(_frozen_app, default_timeout=30).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.caption[0].value != "to_dict calls: 0"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    expected = json.loads(pio.to_json(go.Figure(go.Bar(x=[1, 2], y=[3, 4], name="bars"), layout=dict(title=dict(text="frozen")))))
    assert spec["data"][0]["y"] == expected["data"][0]["y"] == [3, 4]
    assert spec["layout"]["title"]["text"] == "frozen"


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
