"""CSV: every chart's rows as DIR/<page>/<file_stem>.csv, the same bytes as the app's "Download CSV" button."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.formats import names

if TYPE_CHECKING:
    from dashboard.formats import Context, Output
    from pagemodels.model import PageModel


def outputs(models: Sequence[PageModel], out: Path, context: Context) -> list[Output]:
    from dashboard.formats import Output

    return [
        Output(names.chart_path(out, c, "csv"), f"write {c.page}/{c.result.slug}", lambda r=c.result: r.csv)
        for c in context.charts
    ]
