"""Workbook: the whole dashboard as DIR/<bundle>.xlsx, one sheet per chart, every value and source (dashboard.workbook)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dashboard.formats import Context, Output
    from pagemodels.model import PageModel


def outputs(models: Sequence[PageModel], out: Path, context: Context) -> list[Output]:
    from dashboard.formats import Output
    from dashboard.workbook import workbook_bytes

    def book() -> bytes:
        return workbook_bytes(context.frames, models, values=context.frames.observations)

    path = out / f"{context.bundle}.xlsx"
    return [Output(path, f"build {path.name}", book)]
