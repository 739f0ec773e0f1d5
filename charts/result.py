"""A built chart: the figure, the data behind it (for CSV) and a file name that says what it is."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV as analysts open it: UTF-8 with a byte-order mark, so Excel shows Chinese quotes correctly."""
    return frame.to_csv(index=False).encode("utf-8-sig")


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

    @property
    def is_empty(self) -> bool:
        return self.empty_message is not None
