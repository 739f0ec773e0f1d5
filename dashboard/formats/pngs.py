"""PNG: every chart as DIR/<page>/<file_stem>.png, as the app's "Download PNG" draws it, at the export's scale."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.formats import names

if TYPE_CHECKING:
    from dashboard.formats import Context, Output
    from pagemodels.model import PageModel


def outputs(models: Sequence[PageModel], out: Path, context: Context) -> list[Output]:
    from dashboard.formats import Output

    images: list[Iterator[bytes]] = []  # one batch through the one browser, started at the first image

    def next_image() -> bytes:
        if not images:
            images.append(iter(context.renderer.render([c.block.image for c in context.charts], scale=context.scale)))
        return next(images[0])

    return [Output(names.chart_path(out, c, "png"), f"render {c.page}/{c.result.slug}", next_image) for c in context.charts]
