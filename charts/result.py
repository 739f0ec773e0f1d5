"""The data behind a chart as analysts open it: a CSV with headers and units in words."""

from __future__ import annotations

import pandas as pd

from charts.columns import in_words
from loaders.cells import safe_for_csv


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV as analysts open it: headers and units in words (charts.columns), UTF-8 with a byte-order
    mark, so Excel shows Chinese quotes correctly, and no text cell a spreadsheet would run as a
    formula (loaders.cells)."""
    return safe_for_csv(in_words(frame)).to_csv(index=False).encode("utf-8-sig")
