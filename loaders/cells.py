"""Text we write for spreadsheets, made safe to open.

A store is edited by hand and passed between analysts: a quote such as
`=HYPERLINK("http://example.com/x","...")` would run as a formula in the first cell a
spreadsheet shows it in. Every text cell we write that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return gets a leading apostrophe in CSV (the mark spreadsheets read as "this is text",
and show without it); numbers stay numbers; every other cell is unchanged. In XLSX files text is
written as string cells, which no spreadsheet evaluates, so it is left as typed.
"""

from __future__ import annotations

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: object) -> object:
    """A text cell a spreadsheet would evaluate, prefixed with an apostrophe; anything else unchanged."""
    if isinstance(text, str) and text.startswith(FORMULA_START):
        return "'" + text
    return text


def safe_for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell neutralised; numeric, date and boolean columns untouched."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out
