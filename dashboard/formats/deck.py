"""Deck: the whole dashboard as DIR/<bundle>.pptx: a title slide, the headline figures, each page's cards and
charts, the sources (dashboard.deck)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dashboard.formats import Context, Output
    from pagemodels.model import PageModel


def outputs(models: Sequence[PageModel], out: Path, context: Context) -> list[Output]:
    from dashboard.deck import SLIDE_CSS_WIDTH, SLIDE_SCALE, deck_bytes
    from dashboard.formats import Output

    def slides() -> bytes:
        return deck_bytes(
            context.frames, models, lambda figs: context.renderer.render(figs, scale=SLIDE_SCALE, width=SLIDE_CSS_WIDTH), True
        )

    path = out / f"{context.bundle}.pptx"
    return [Output(path, f"build {path.name}", slides)]
