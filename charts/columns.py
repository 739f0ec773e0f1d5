"""What the data behind a chart is called where people read it: a chart's CSV and its workbook sheet.

The data keeps its keys (`fiscal_label`, `RMB_bn`) for the code; an analyst opening the file sees
"Fiscal quarter" and "RMB bn". One map serves both files, so the two never name a column apart.
"""

from __future__ import annotations

import pandas as pd

from loaders.units import unit_label

HEADERS = {
    "metric": "Metric id", "period": "Period", "fiscal_label": "Fiscal quarter", "calendar_label": "Calendar period",
    "unit": "Unit", "yoy_pct": "Growth stated (%)", "basis": "Basis", "source": "Source id", "publisher": "Source",
    "grade_label": "Grade", "grade": "Grade (1 best, 4 machine-written)", "url": "Link", "quote": "Quote",
    "source_title": "Document (and where a copy was read)", "evidence_label": "Evidence", "link_to_quote": "Link to the quote",
    "source_label": "Source (document, and where a copy was read)", "evidence": "Evidence code",
    "recipe": "Derived as", "inputs": "Derived from (source ids)", "input_citations": "Derived from",
    "missing": "Not stated", "pct_of_group_revenue": "% of group revenue",
    # the Peers page's charts: a figure as stated beside its US$ value, and how that was reached
    "company": "Company", "placement": "Placed on the calendar", "stated_value": "Value as stated",
    "stated_unit": "Unit as stated", "usd_how": "US$ figure", "fx_rate": "RMB per US$ (cited rate)",
    "rate_source": "Rate source id",
    "cc_pct": "Growth in constant currency (%)", "cc_source": "Constant-currency source id", "business": "Cloud business",
    "stated_on": "Stated on", "value_high": "Top of the stated range", "stated_value_high": "Top of the range as stated",
    "capex_unit": "Unit of capex and revenue",
}  # fmt: skip


def single_unit(frame: pd.DataFrame) -> str | None:
    """The one unit every value of the frame is in, or None where there are several (or none)."""
    if "unit" not in frame:
        return None
    units = frame["unit"].dropna().unique()
    return str(units[0]) if len(units) == 1 else None


def header(key: str, unit: str | None = None) -> str:
    """A column's header in words: "Value (RMB bn)" where the values share one unit."""
    if key == "value":
        return f"Value ({unit_label(unit)})" if unit else "Value"
    if key in HEADERS:
        return HEADERS[key]
    words = key.removesuffix("_pct").replace("_", " ") + (" (%)" if key.endswith("_pct") else "")
    return words[:1].upper() + words[1:]  # a header already in words ("Value") keeps its capitals


def in_words(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with headers in words and unit ids shown as units ("RMB bn", "%")."""
    unit = single_unit(frame)
    out = frame.rename(columns={key: header(str(key), unit) for key in frame.columns})
    if "unit" in frame:
        out[header("unit")] = frame["unit"].map(lambda u: unit_label(u) if isinstance(u, str) else u)
    return out
