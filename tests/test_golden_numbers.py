"""Every number the pages draw, unchanged on a frozen copy of the store.

tests/fixtures/frozen_store.yaml is a copy of metrics.yaml frozen when store format 2 came in (and
rewritten to that format by its migration, values untouched), and tests/golden/chart_numbers.csv
holds what every chart's data (period, value, unit, source id and its other numeric columns) and
every card showed for it, in RMB and in US$, before the change of format.
A change of the store's format or of the code that draws it must leave these unchanged; text columns
(labels, citations) may change on purpose and are not compared. Where numbers change on purpose,
write the file again and say why in the commit:

    python tests/test_golden_numbers.py --write
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from pathlib import Path

import pandas as pd

from charts.options import ViewOptions
from loaders import build_frames, open_store
from loaders.frames import Frames
from pagemodels.model import Cards
from pagemodels.registry import PAGES, build_page

HERE = Path(__file__).resolve().parent
FROZEN = HERE / "fixtures" / "frozen_store.yaml"
GOLDEN = HERE / "golden" / "chart_numbers.csv"
TODAY = dt.date(2026, 12, 1)  # the day the golden numbers were taken against (overdue quarters, the plan's time)

KEYS = ("period", "value", "unit", "source")
GOLDEN_COLUMNS = ["currency", "page", "chart", "row", "column", "cell"]


def _cell(value: object) -> str:
    if isinstance(value, float | int) and not isinstance(value, bool):
        return "" if math.isnan(float(value)) else f"{float(value):.10g}"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def chart_numbers(frames: Frames, today: dt.date) -> pd.DataFrame:
    """Every chart's and card's numbers on every page, in both currencies, one cell a row."""
    rows: list[tuple[str, str, str, int, str, str]] = []
    for currency in ("RMB", "USD"):
        opts = ViewOptions(currency=currency)
        for spec in PAGES:
            model = build_page(frames, spec.slug, opts, today)
            for result in model.charts:
                data = result.data.reset_index(drop=True)
                numeric = [c for c in data.columns if c not in KEYS and pd.api.types.is_float_dtype(data[c])]
                columns = [c for c in (*KEYS, *sorted(numeric)) if c in data.columns]
                for i, record in enumerate(data[columns].itertuples(index=False)):
                    for column, value in zip(columns, record, strict=True):
                        rows.append((currency, spec.slug, result.slug, i, column, _cell(value)))
            for block in model.blocks:
                if isinstance(block, Cards):
                    for i, card in enumerate(block.cards):
                        rows.append((currency, spec.slug, f"card:{card.label}", i, "value", card.value))
                        rows.append((currency, spec.slug, f"card:{card.label}", i, "delta", card.delta or ""))
    return pd.DataFrame.from_records(rows, columns=GOLDEN_COLUMNS)


def frozen_numbers() -> pd.DataFrame:
    return chart_numbers(build_frames(open_store(FROZEN, dt.date.today())), TODAY)


def test_every_chart_and_card_shows_the_numbers_it_showed_before() -> None:
    golden = pd.read_csv(GOLDEN, dtype=str, keep_default_na=False)
    golden["row"] = golden["row"].astype(int)
    now = frozen_numbers()
    assert len(golden) > 2000  # every page's charts and cards, in both currencies
    merged = golden.merge(
        now, on=["currency", "page", "chart", "row", "column"], how="outer", suffixes=("_golden", "_now"), indicator=True
    )
    lost = merged[merged["_merge"] == "left_only"]
    new = merged[merged["_merge"] == "right_only"]
    changed = merged[(merged["_merge"] == "both") & (merged["cell_golden"] != merged["cell_now"])]
    assert lost.empty, f"numbers no longer drawn:\n{lost.head(20).to_string()}"
    assert new.empty, f"numbers drawn that were not before:\n{new.head(20).to_string()}"
    assert changed.empty, f"numbers that changed:\n{changed.head(20).to_string()}"


def test_the_golden_file_holds_known_figures() -> None:
    """The comparison above is against real figures: the June 2026 quarter's cloud revenue bar and card."""
    golden = pd.read_csv(GOLDEN, dtype=str, keep_default_na=False)
    cloud = golden[(golden["currency"] == "RMB") & (golden["page"] == "cloud") & (golden["chart"] == "cloud-revenue")]
    rows = cloud.pivot(index="row", columns="column", values="cell")
    assert rows[rows["period"] == "FY2027Q1"]["value"].tolist() == ["48.437"]
    card = golden[(golden["page"] == "overview") & (golden["chart"] == "card:Cloud revenue, latest quarter")]
    assert card[card["column"] == "value"]["cell"].tolist() == ["RMB 48.4 bn", "US$ 7.14 bn"]


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    frozen_numbers().to_csv(GOLDEN, index=False)
