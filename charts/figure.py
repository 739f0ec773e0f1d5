"""Where every chart's plotly figure is made: without plotly's property checks.

A builder sets hundreds of properties (traces, axes, shapes, subplot panels), and plotly checks each
one as it is set; the figure is then written once to plain JSON (charts.spec.plot_body) and never
touched again. Measured on the real store, the checks were half of every page build: capex in US$
0.74 s → 0.46 s, segments 0.68 s → 0.45 s, adoption 0.69 s → 0.43 s (docs/performance.md). The JSON
written is the same either way, for every chart of every page in both currencies; tests build them
all both ways and compare (tests/test_library_edges.py), and `CHECKED` turns the checks back on.

This leans on plotly's `_validate` argument of `BaseFigure`, which is not public API: the test above
fails, naming it, if plotly drops or changes it.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

CHECKED = False  # True: every property is checked as it is set, as plotly does by default (tests compare)


def new_figure(data: Any = None, layout: Any = None) -> go.Figure:
    """A figure to build a chart in, its properties set without plotly's checks unless CHECKED."""
    return go.Figure(data=data, layout=layout, _validate=CHECKED)


def trace(kind: str, **props: Any) -> dict[str, Any]:
    """A trace as plotly's plain dict (`kind` its type: "bar", "scatter", "heatmap") for a figure from
    `new_figure`, which makes it a trace with the figure's own checks: plotly's trace classes (go.Bar) check
    every property as they are made, whatever figure they go into. Nested properties are written as dicts
    (line=dict(shape="hv")), never as plotly's shorthand (line_shape="hv"), which only a figure expands: a
    trace may be written to JSON as it is (charts.spec.plot_body)."""
    return {"type": kind, **props}


def new_subplots(**grid: Any) -> go.Figure:
    """plotly's make_subplots grid (its keyword arguments) in a figure from `new_figure`."""
    return make_subplots(figure=new_figure(), **grid)
