"""A built chart: the figure, the data behind it (for CSV) and a file name that says what it is."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from charts.columns import in_words
from charts.screen import ScreenChart, for_screen
from loaders.cells import safe_for_csv


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV as analysts open it: headers and units in words (charts.columns), UTF-8 with a byte-order
    mark, so Excel shows Chinese quotes correctly, and no text cell a spreadsheet would run as a
    formula (loaders.cells)."""
    return safe_for_csv(in_words(frame)).to_csv(index=False).encode("utf-8-sig")


class FrozenFigure(go.Figure):
    """A figure whose plotly dict is worked out once.

    Putting a figure on a page turns it into a dict (a deep copy plus base64 of every array) and
    that into JSON on every rerun, which costs more than the rest of a page's script. A built
    chart never changes, so its dict is made here once and handed out as is; the figure must not
    be changed after. The dict is the figure's own JSON read back: only plain str, float, list and
    dict, which the JSON encoder writes three times faster than plotly's numpy values, and which
    serialises to the same text.
    """

    def __init__(self, figure: go.Figure) -> None:
        super().__init__(figure)
        self._frozen = json.loads(pio.to_json(super().to_dict(), validate=False))

    def to_dict(self) -> dict[str, Any]:
        return self._frozen


@dataclass
class ChartResult:
    slug: str  # e.g. "cloud-revenue"
    figure: go.Figure
    data: pd.DataFrame  # the rows drawn, with their citations
    span: str  # e.g. "FY24Q1-FY26Q2"
    empty_message: str | None = None  # set when there is nothing to draw

    @property
    def file_stem(self) -> str:
        return f"{self.slug}_{self.span}"

    @property
    def csv(self) -> bytes:
        return csv_bytes(self.data)

    @cached_property
    def frozen_figure(self) -> FrozenFigure:
        """The figure for reruns of a page: serialised once per built chart, not once per rerun."""
        return FrozenFigure(self.figure)

    @cached_property
    def screen(self) -> ScreenChart:
        """The chart as the app shows it: title and footnote as page text, the figure serialised once."""
        shown = for_screen(self.figure)
        return dataclasses.replace(shown, figure=FrozenFigure(shown.figure))

    @property
    def is_empty(self) -> bool:
        return self.empty_message is not None
