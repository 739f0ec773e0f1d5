"""`python -m dashboard export`: every chart of every page as a PNG and a CSV, and the whole dashboard as a deck,
a workbook and its citations, in the formats of dashboard.formats (one module and one line each).

    python -m dashboard export --out DIR [--scale 2] [--force] [--store PATH]

Files are written per page, under the names the app's download buttons use:

    DIR/<page>/<file_stem>.png    the figure as the app draws it (title and sources inside the image),
                                  EXPORT_WIDTH CSS pixels times --scale wide (2000 px at the default 2)
    DIR/<page>/<file_stem>.csv    the rows behind it, with their citations; one header row, UTF-8
    DIR/<bundle>.xlsx, .pptx      the workbook and the deck of the whole dashboard
    DIR/<bundle>-citations.txt    every chart's citation to paste

where <page> is overview, latest, cloud, capex, segments, adoption, timeline or sources, and <file_stem> is
the chart's slug and period span, e.g. cloud/cloud-revenue_FY24Q1-FY26Q2.png. The charts are the
pages' as pagemodels.registry.build_page makes them, with the app's default view options, events shown. A chart with
nothing to draw is skipped with a note.

Nothing is overwritten unless --force: when any target exists the command lists the clashes and
writes nothing, and each file is created exclusively, so a second export into the same folder stops
rather than mixing its files with the first's. While it writes, the folder holds .export-incomplete
(removed once the set is complete): an interrupted or failed export says the folder holds a partial
set, and so does the next export into it until --force. An empty --out is refused.

Every image is rendered by one Chromium (dashboard.png.BatchRenderer), started once, before the
store is read, so its start overlaps the reading and building. Each file is written to a temporary name first and moved into
place, so an interrupted run never leaves a truncated file behind.

Exit status: 0 written; 1 the store is invalid (its problems are listed), or a chart failed to
render or could not be written; 2 no Chromium (the message says what to install) or bad arguments; 3 files exist and
--force was not given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from loaders.paths import STORE_ENV, store_path

if TYPE_CHECKING:  # imported where used: the browser starts before pandas and plotly are loaded
    from charts.options import ViewOptions
    from charts.spec import ChartSpec
    from dashboard.formats import Chart
    from dashboard.png import BatchRenderer
    from loaders.frames import Frames
    from pagemodels.model import PageModel

EXIT_OK, EXIT_STORE, EXIT_CHROMIUM, EXIT_EXISTS = 0, 1, 2, 3
BAR_WIDTH = 20


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Command-line tools of the dashboard.")
    sub = parser.add_subparsers(dest="command", required=True)
    e = sub.add_parser(
        "export",
        help="write every chart as PNG and CSV, and the dashboard's deck, workbook and citations",
        description="Write every chart of every page as DIR/<page>/<file_stem>.png and .csv (the app's file names).",
    )
    e.add_argument("--out", required=True, type=_out_dir, metavar="DIR", help="folder to write into (created if missing)")
    e.add_argument("--scale", type=_scale, default=2.0, help="PNG pixels per CSS pixel (default 2: 2000 px wide)")
    e.add_argument("--force", action="store_true", help="overwrite files that already exist")
    e.add_argument(
        "--store",
        type=Path,
        default=None,
        metavar="PATH",
        help=f"metric store (default: ${STORE_ENV}, else metrics.yaml here, else the project's)",
    )
    e.add_argument("--currency", choices=("RMB", "USD"), default="RMB", help="money in RMB (default) or US$ as the app shows it")
    e.add_argument("--labels", choices=("fiscal", "calendar"), default="fiscal", help="period labels (default: fiscal)")
    e.add_argument("--events", action="store_true", help="mark the strategy's events on time charts (default: off)")
    e.set_defaults(func=cmd_export)
    return parser


def _out_dir(text: str) -> Path:
    """The folder named; an empty name is refused, where Path('') would quietly mean the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty name: give the folder to write into, e.g. --out export")
    return Path(text)


def _scale(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.5 <= value <= 8:
        raise argparse.ArgumentTypeError("scale must be between 0.5 and 8")
    return value


def progress(stream: TextIO, done: int, total: int, label: str, final: bool = False) -> None:
    """A text bar, e.g. `[#####     ] 7/16 cloud-revenue`; redrawn in place on a terminal."""
    filled = BAR_WIDTH * done // total if total else BAR_WIDTH
    line = f"[{'#' * filled}{' ' * (BAR_WIDTH - filled)}] {done}/{total} {label}"
    if stream.isatty():
        stream.write("\r\033[K" + line + ("\n" if final else ""))
    else:
        stream.write(line + "\n")
    stream.flush()


def read_store(store: Path, err: TextIO) -> Frames | None:
    """The store's frames, or None after listing its problems."""
    from loaders import StoreError, build_frames, open_store

    try:
        loaded = open_store(store, dt.date.today())  # the real date: validation's typo checks
    except StoreError as exc:
        for problem in exc.problems:
            print(problem, file=err)
        print(f"{len(exc.problems)} problem(s) in {store}; nothing exported. Check with: python -m loaders validate", file=err)
        return None
    return build_frames(loaded)


def collect(frames: Frames, opts: ViewOptions, err: TextIO) -> tuple[list[PageModel], list[Chart]]:
    """Every page of the registry as the app builds it with these options, and their non-empty charts."""
    from dashboard.formats import Chart
    from loaders import calendar
    from pagemodels.registry import PAGES, build_page

    today = calendar.today()
    models, targets = [], []
    for spec in PAGES:
        model = build_page(frames, spec.slug, opts, today)
        models.append(model)
        for block in model.chart_blocks:
            result = block.spec
            if result.is_empty:
                print(f"note: skipped {spec.slug}/{result.slug}: {result.empty_message}", file=err)
            else:
                targets.append(Chart(spec.slug, block))
    return models, targets


def bundle_stem(frames: Frames) -> str:
    """The whole dashboard's deck and workbook name: alibaba-ai-strategy_FY26Q4-2026-05-13_1a2b3c4d5e6f."""
    from pagemodels.common import dated_file_stem

    return dated_file_stem(frames, "alibaba-ai-strategy")


def write_atomic(path: Path, data: bytes, force: bool = True) -> None:
    """Write `data` under a temporary name, then move it into place in one step. Unless `force`, the
    move fails with FileExistsError when the file exists by then (created by another export since the
    clash check): a file is created, never replaced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        if force:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if the name exists: an exclusive create of the finished file
            os.unlink(tmp)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


PARTIAL_MARK = ".export-incomplete"  # in the output folder while an export writes into it


def csv_bytes(result: ChartSpec) -> bytes:
    """The same bytes as the app's "Download CSV" button."""
    return result.csv


def export(
    out: Path,
    store: Path,
    scale: float = 2.0,
    force: bool = False,
    err: TextIO = sys.stderr,
    options: ViewOptions | None = None,
) -> int:
    from charts.options import ViewOptions
    from dashboard.png import BatchRenderer, find_chromium

    started = time.monotonic()
    if out.exists() and not out.is_dir():
        print(f"error: --out {out} is a file, not a folder", file=err)
        return EXIT_STORE
    # Chromium starts first, in the background: its start (two to three seconds) overlaps loading
    # pandas and plotly, reading the store and building the figures. A store with problems still
    # has them printed at once; the browser is closed after.
    renderer = BatchRenderer() if find_chromium() is not None else None
    try:
        from loaders import calendar  # after the browser's start: it loads pandas

        try:
            calendar.today()
        except calendar.PeriodError as exc:  # ALIBABA_AI_TODAY not a date, or past the calendar's last day
            print(f"error: {exc}", file=err)
            return EXIT_CHROMIUM  # bad arguments
        frames = read_store(store, err)
        if frames is None:
            return EXIT_STORE
        models, charts = collect(frames, options or ViewOptions(), err)
        try:
            code = _write_all(out, frames, models, charts, renderer, scale, force, err, started)
        except BaseException:  # interrupted (Ctrl-C) or failed: the files written so far are not the whole set
            _say_if_partial(out, err)
            raise
        if code != EXIT_OK:
            _say_if_partial(out, err)
        return code
    finally:
        if renderer is not None:
            renderer.close()


def _write_all(
    out: Path,
    frames: Frames,
    models: list[PageModel],
    charts: list[Chart],
    renderer: BatchRenderer | None,
    scale: float,
    force: bool,
    err: TextIO,
    started: float,
) -> int:
    from dashboard import formats

    context = formats.Context(frames, tuple(charts), renderer, scale, bundle_stem(frames))  # type: ignore[arg-type]
    outputs = [o for fmt in formats.FORMATS for o in fmt(models, out, context)]
    names = [o.path for o in outputs]
    if len(set(names)) != len(names):  # two files with one name would overwrite each other silently
        dupes = sorted({str(p) for p in names if names.count(p) > 1})
        print("error: charts share a file name: " + ", ".join(dupes), file=err)
        return EXIT_STORE
    code = _claim(out, names, renderer is not None, force, err)
    if code != EXIT_OK:
        return code
    total = len(outputs)
    for i, output in enumerate(outputs):
        label = output.path.relative_to(out).as_posix()
        progress(err, i, total, label)
        try:
            data = output.content()
        except Exception as exc:  # kaleido/Chromium failures: name the file, no traceback
            print(f"\nerror: could not {output.doing}: {type(exc).__name__}: {exc}", file=err)
            return EXIT_STORE
        try:
            write_atomic(output.path, data, force)
        except FileExistsError as exc:
            print(f"\nerror: {exc.filename} was created by someone else while this export ran; stopped", file=err)
            return EXIT_EXISTS
        except OSError as exc:
            print(f"\nerror: cannot write {label} under {out}: {exc}", file=err)
            return EXIT_STORE
    progress(err, total, total, "done", final=True)
    (out / PARTIAL_MARK).unlink(missing_ok=True)
    pngs = sum(o.path.suffix == ".png" for o in outputs)
    print(f"Wrote {total} files ({pngs} PNG) to {out} in {time.monotonic() - started:.1f} s", file=err)
    return EXIT_OK


def _claim(out: Path, names: list[Path], can_draw: bool, force: bool, err: TextIO) -> int:
    """Nothing written over without --force, nor into a folder holding a partial set; then the
    folder claimed with PARTIAL_MARK before the first file, so a second export into it stops."""
    from dashboard.png import INSTALL_HINT

    mark = out / PARTIAL_MARK
    if mark.exists() and not force:
        print(_partial_text(out, mark) + "; nothing written. Use --force to write the whole set again.", file=err)
        return EXIT_EXISTS
    clashes = [p for p in names if p.exists()]
    if clashes and not force:
        print(f"error: {len(clashes)} file(s) already exist; nothing written. Use --force to overwrite:", file=err)
        for p in clashes:
            print(f"  {p}", file=err)
        return EXIT_EXISTS
    if not can_draw:
        print(f"error: {INSTALL_HINT}", file=err)
        return EXIT_CHROMIUM
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(mark, os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL), 0o644)
    except FileExistsError:
        print(_partial_text(out, mark) + "; nothing written. Use --force to write the whole set again.", file=err)
        return EXIT_EXISTS
    except OSError as exc:
        print(f"error: cannot write under {out}: {exc}", file=err)
        return EXIT_STORE
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(f"{os.getpid()} {dt.datetime.now():%Y-%m-%d %H:%M:%S}\n")
    return EXIT_OK


def _partial_text(out: Path, mark: Path) -> str:
    try:
        since = mark.read_text(encoding="utf-8").split(" ", 1)[1].strip()
    except (OSError, IndexError):
        since = "an unknown time"
    return (
        f"error: {out} holds a partial set: an export into it started {since} and has not finished "
        f"(it was interrupted, or is still running; {mark.name} there says so)"
    )


def _say_if_partial(out: Path, err: TextIO) -> None:
    """After a run of ours that stopped early: say that the folder holds a partial set, and how to finish it."""
    mark = out / PARTIAL_MARK
    try:
        ours = mark.read_text(encoding="utf-8").split(" ", 1)[0] == str(os.getpid())
    except OSError:
        return
    if ours:
        print(f"note: {out} now holds a partial set; run the export again with --force to write the whole set", file=err)


def cmd_export(args: argparse.Namespace) -> int:
    from charts.options import ViewOptions

    options = ViewOptions(currency=args.currency, labels=args.labels, show_events=args.events)
    return export(args.out, store_path(args.store), scale=args.scale, force=args.force, options=options)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
