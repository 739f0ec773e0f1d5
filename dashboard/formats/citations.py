"""Citations: DIR/<bundle>-citations.txt, every chart's citation to paste, as its "Download or cite" popover gives it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dashboard.formats import Context, Output
    from pagemodels.model import PageModel


def citations_text(models: Sequence[PageModel]) -> str:
    """Each non-empty chart's full citation (its short form, then every source with its link), a blank line between."""
    from dashboard.deck import slide_charts

    return "\n\n".join((c.block.full_citation or c.block.citation).strip() for c in slide_charts(models)) + "\n"


def outputs(models: Sequence[PageModel], out: Path, context: Context) -> list[Output]:
    from dashboard.formats import Output

    path = out / f"{context.bundle}-citations.txt"
    return [Output(path, f"write {path.name}", lambda: citations_text(models).encode("utf-8"))]
