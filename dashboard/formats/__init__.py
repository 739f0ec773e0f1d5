"""The export's formats: each one module with one function, `outputs(models, out, context)`, and one line here.

A format says which files it writes for the pages' models (their paths) and how to make each one's
bytes, made only when the export writes it: the export checks every name for a clash before
anything is drawn, then writes each file, in order, under the same rules (loaders.cells for every
cell, a temporary name then one move, created exclusively unless --force). A new format is a
module beside these and one line in FORMATS.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.formats import citations, csvs, deck, pngs, workbook

if TYPE_CHECKING:
    from charts.spec import ChartSpec
    from dashboard.png import BatchRenderer
    from loaders.frames import Frames
    from pagemodels.model import Chart as ChartBlock
    from pagemodels.model import PageModel


@dataclass(frozen=True)
class Chart:
    """A non-empty chart of a page, as the export names its files: DIR/<page>/<file_stem>.<ext>."""

    page: str
    block: ChartBlock  # the page model's chart: its spec, and its paintings for each medium

    @property
    def result(self) -> ChartSpec:
        return self.block.spec


@dataclass(frozen=True)
class Context:
    """What every format may read besides the page models."""

    frames: Frames
    charts: tuple[Chart, ...]  # the pages' non-empty charts, in page order
    renderer: BatchRenderer  # one Chromium for every image of the export
    scale: float  # PNG pixels per CSS pixel
    bundle: str  # the whole dashboard's file name stem (the deck's, the workbook's)


@dataclass(frozen=True)
class Output:
    """One file a format writes: where, what making it does (for a message if it fails), and its bytes."""

    path: Path
    doing: str  # e.g. "render cloud/cloud-revenue": "could not render cloud/cloud-revenue: ..."
    content: Callable[[], bytes]  # called once, when the file is written, in the order of the outputs


Format = Callable[[Sequence["PageModel"], Path, Context], list[Output]]

FORMATS: tuple[Format, ...] = (
    pngs.outputs,
    csvs.outputs,
    workbook.outputs,
    deck.outputs,
    citations.outputs,
)
