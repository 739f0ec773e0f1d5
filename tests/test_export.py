"""`python -m dashboard export`: real runs (subprocess, real Chromium) into a temporary folder."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from charts.options import ViewOptions
from charts.spec import ChartSpec
from dashboard.export import csv_bytes
from loaders import build_frames, open_store
from loaders.calendar import TODAY_ENV
from pagemodels.registry import PAGES, build_page

# every export starts Chromium (before it reads the store), so these run with the browser tests
pytestmark = pytest.mark.browser

TODAY = dt.date(2025, 12, 1)  # the day every view in these tests, and the export they run, is measured against

ROOT = Path(__file__).resolve().parent.parent
STORE = ROOT / "tests" / "fixtures" / "export_store.yaml"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, after checking the PNG signature."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    assert data[12:16] == b"IHDR", "PNG without IHDR first"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def run_export(
    out: Path, *extra: str, store: Path = STORE, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "dashboard", "export", "--out", str(out), "--store", str(store), *extra]
    env = {**(os.environ if env is None else env), TODAY_ENV: TODAY.isoformat()}
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def charts() -> dict[str, list[tuple[str, ChartSpec]]]:
    """The fixture store's charts as the registry builds them: (page, result) by file name stem."""
    frames = build_frames(open_store(STORE, dt.date.today()))
    built = [(p.slug, r) for p in PAGES for r in build_page(frames, p.slug, ViewOptions(), TODAY).charts]
    return {"full": [(p, r) for p, r in built if not r.is_empty], "empty": [(p, r) for p, r in built if r.is_empty]}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("export") / "deck"
    return out, run_export(out)


def test_one_png_and_one_csv_per_chart(exported, charts) -> None:
    out, proc = exported
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    full, empty = charts["full"], charts["empty"]
    assert full and empty, "the fixture store should give both drawn and empty charts"
    expected = {f"{page}/{r.file_stem}.{ext}" for page, r in full for ext in ("png", "csv")}
    written = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    [deck] = [n for n in written if n.endswith(".pptx")]
    [book] = [n for n in written if n.endswith(".xlsx")]
    [cites] = [n for n in written if n.endswith(".txt")]
    assert deck.removesuffix(".pptx") == book.removesuffix(".xlsx") == cites.removesuffix("-citations.txt")
    assert re.fullmatch(r"alibaba-ai-strategy_FY25Q2_[0-9a-f]{12}", deck.removesuffix(".pptx"))
    assert written - {deck, book, cites} == expected  # nothing else: no temporary files, nothing for empty charts
    # the whole dashboard's deck: a title slide, the headline figures, each page's cards and charts, a sources slide;
    # each chart slide its title, one picture and its sources line
    slides = list(Presentation(str(out / deck)).slides)
    charted = [s for s in slides if any(p.shape_type == MSO_SHAPE_TYPE.PICTURE for p in s.shapes)]
    assert slides[1].shapes.title.text == "Headline figures" and len(slides) > len(full) + 3
    for slide, (_, r) in zip(charted, full, strict=True):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1 and len(slide.shapes) == 3 and slide.shapes.title.text == r.title, r.slug
        assert next(s for s in slide.shapes if s.name == "Sources").text_frame.text == r.sources, r.slug
        width, height = png_size(pictures[0].image.blob)
        assert (width, height) == (1920, 852), r.slug  # drawn for the slide between its title and sources, full-HD wide
    assert "Sources" in slides[-1].shapes.title.text
    # the whole store's values in the workbook
    sheets = openpyxl.load_workbook(out / book).sheetnames
    assert sheets[-3:] == ["Quarters across", "Values", "Sources"] and len(sheets) == len(full) + 3
    for page, r in full:
        width, height = png_size((out / page / f"{r.file_stem}.png").read_bytes())
        assert width >= 1600, f"{r.file_stem}: {width} px wide"
        assert height >= 600
        assert (out / page / f"{r.file_stem}.csv").read_bytes() == csv_bytes(r)
    for page, r in empty:
        assert f"skipped {page}/{r.slug}" in proc.stderr
    # the progress bar names each file as it goes
    total = 2 * len(full) + 3
    assert f"[{'#' * 20}] {total}/{total} done" in proc.stderr
    assert f"0/{total} overview/cloud-vs-capex" in proc.stderr
    assert f"{len(full)}/{total} overview/cloud-vs-capex" in proc.stderr  # its CSV after every PNG


def test_csv_has_the_rows_drawn_with_their_citations(exported) -> None:
    out, proc = exported
    assert proc.returncode == 0, proc.stderr
    raw = (out / "cloud" / "cloud-revenue_FY25Q1-FY25Q2.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a byte-order mark, so Excel reads the file as UTF-8"
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    header = text.splitlines()[0].split(",")
    # headers and units in words, the same as the workbook's sheet of the chart (charts.columns)
    assert header[:5] == ["Metric id", "Period", "Fiscal quarter", "Calendar period", "Value (RMB bn)"]
    assert {"Source id", "Source", "Grade", "Link", "Quote", "Evidence", "Link to the quote"} <= set(header)
    assert not [h for h in header if "_" in h]
    assert [(r["Period"], float(r["Value (RMB bn)"]), r["Unit"]) for r in rows] == [
        ("FY2025Q1", 11.5, "RMB bn"),
        ("FY2025Q2", 12.5, "RMB bn"),
    ]
    assert {r["Source"] for r in rows} == {"Test Fixture Press"}
    assert rows[1]["Quote"] == "Fixture cloud revenue rose 12% to RMB12.5 billion"
    assert rows[1]["Growth stated (%)"] in ("12", "12.0")
    # the address as stored, and beside it the link that opens the page at the quote
    assert (
        rows[1]["Link to the quote"]
        == rows[1]["Link"] + "#:~:text=Fixture%20cloud%20revenue%20rose%2012%25%20to%20RMB12.5%20billion"
    )
    plan = list(csv.DictReader(io.StringIO((out / "capex" / "capex-vs-plan_FY25Q2-FY28Q1.csv").read_text(encoding="utf-8-sig"))))
    assert len(plan) == 12 and float(plan[-1]["Plan path"]) == pytest.approx(60)


def test_the_citations_file_holds_every_charts_citation_to_paste(exported, charts) -> None:
    out, proc = exported
    assert proc.returncode == 0, proc.stderr
    [cites] = out.glob("*-citations.txt")
    text = cites.read_text(encoding="utf-8")
    frames = build_frames(open_store(STORE, dt.date.today()))
    blocks = [b for p in PAGES for b in build_page(frames, p.slug, ViewOptions(), TODAY).chart_blocks if not b.spec.is_empty]
    assert len(blocks) == len(charts["full"])
    assert text.split("\n\n") == [b.full_citation.strip() for b in blocks[:-1]] + [blocks[-1].full_citation.strip() + "\n"]
    assert "https://" in text and "Test Fixture Press" in text


NEW_FORMAT = '''"""A format of a newcomer's: the export's chart file names, one a line."""

from dashboard.formats import Output


def outputs(models, out, context):
    names = "\\n".join(f"{c.page}/{c.result.file_stem}" for c in context.charts)
    return [Output(out / "charts.txt", "write charts.txt", lambda: names.encode("utf-8"))]
'''


def test_a_new_format_is_one_module_and_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, charts) -> None:
    import importlib

    from dashboard import formats
    from dashboard.export import export

    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "chart_names.py").write_text(NEW_FORMAT, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "src"))
    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, importlib.import_module("chart_names").outputs))
    err, out = io.StringIO(), tmp_path / "out"
    assert export(out, STORE, err=err) == 0, err.getvalue()
    assert (out / "charts.txt").read_text(encoding="utf-8").split("\n") == [f"{p}/{r.file_stem}" for p, r in charts["full"]]
    assert len(list(out.rglob("*.png"))) == len(charts["full"]) and len(list(out.glob("*.pptx"))) == 1
    again = io.StringIO()
    assert export(out, STORE, err=again) == 3 and str(out / "charts.txt") in again.getvalue()  # its file is guarded too


def test_second_run_refuses_and_touches_nothing_then_force_overwrites(exported) -> None:
    out, first = exported
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    again = run_export(out)
    assert again.returncode == 3
    assert "already exist" in again.stderr and "--force" in again.stderr
    assert str(out / "cloud" / "cloud-revenue_FY25Q1-FY25Q2.png") in again.stderr
    assert "Traceback" not in again.stderr
    assert snapshot(out) == before

    damaged = out / "cloud" / "cloud-revenue_FY25Q1-FY25Q2.png"
    damaged.write_bytes(b"not a png")
    forced = run_export(out, "--force")
    assert forced.returncode == 0, forced.stderr
    after = snapshot(out)
    assert after.keys() == before.keys()
    assert png_size(damaged.read_bytes())[0] >= 1600
    assert all(after[k][1] > before[k][1] for k in before), "--force rewrites every file"


def test_a_single_clash_stops_the_export_before_anything_is_written(tmp_path: Path, charts) -> None:
    page, result = charts["full"][-1]
    clash = tmp_path / page / f"{result.file_stem}.csv"
    clash.parent.mkdir(parents=True)
    clash.write_text("mine\n")
    proc = run_export(tmp_path)
    assert proc.returncode == 3
    assert str(clash) in proc.stderr
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == [clash]
    assert clash.read_text() == "mine\n"


def test_missing_chromium_names_what_to_install(tmp_path: Path) -> None:
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    env = {**os.environ, "BROWSER_PATH": "/nonexistent/chromium", "PATH": str(empty_bin)}
    proc = run_export(tmp_path / "out", env=env)
    assert proc.returncode == 2, proc.stderr
    assert "apt-get install -y chromium" in proc.stderr
    assert "BROWSER_PATH" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.*"))


def test_invalid_store_lists_its_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = STORE.read_text(encoding="utf-8").replace(
        "source: fixture_q2\n      quote: Fixture cloud", "source: no_such_source\n      quote: Fixture cloud"
    )
    assert "no_such_source" in text
    bad.write_text(text, encoding="utf-8")
    proc = run_export(tmp_path / "out", store=bad)
    assert proc.returncode == 1
    assert f"{bad}:" in proc.stderr and "no_such_source" in proc.stderr
    assert "nothing exported" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


def test_missing_store_file_is_a_store_problem(tmp_path: Path) -> None:
    proc = run_export(tmp_path / "out", store=tmp_path / "nope.yaml")
    assert proc.returncode == 1
    assert "nope.yaml" in proc.stderr and "Traceback" not in proc.stderr


def test_every_image_comes_from_one_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, charts) -> None:
    """The export opens one Chromium for all its charts, not one per figure."""
    import kaleido

    from dashboard.export import export

    opened: list[int] = []
    real_open = kaleido.Kaleido.open

    async def counting_open(self):  # type: ignore[no-untyped-def]
        opened.append(1)
        return await real_open(self)

    monkeypatch.setattr(kaleido.Kaleido, "open", counting_open)
    err = io.StringIO()
    assert export(tmp_path, STORE, err=err) == 0, err.getvalue()
    assert len(list(tmp_path.rglob("*.png"))) == len(charts["full"]) > 1
    assert len(opened) == 1


def test_export_images_are_the_apps_download_images(exported, charts) -> None:
    """The export reuses its tab between images instead of reloading it (dashboard.png.BatchRenderer):
    every PNG must still be byte for byte what the app's Download PNG button gives."""
    from charts.image import paint_image
    from dashboard import png
    from pagemodels.common import version_line

    out, proc = exported
    assert proc.returncode == 0, proc.stderr
    as_of = version_line(build_frames(open_store(STORE, dt.date.today())))
    try:
        for page, r in charts["full"]:
            assert (out / page / f"{r.file_stem}.png").read_bytes() == png.figure_png(paint_image(r, as_of)), r.file_stem
    finally:
        png.stop()


def test_a_failed_image_stops_the_export_naming_its_chart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, charts) -> None:
    """Chromium failing on one figure: the images before it are written, the message names the chart."""
    from dashboard import png
    from dashboard.export import export

    real_open = png.BatchRenderer._open
    failing = charts["full"][1][1]

    async def open_failing_on_second():  # type: ignore[no-untyped-def]
        browser = await real_open()
        real_calc = browser.calc_fig

        async def calc_fig(fig, **kwargs):  # type: ignore[no-untyped-def]
            # the title's first line: its subtitle says where the plan stands on the export's own day
            if fig["layout"]["title"]["text"].split("<br>")[0] == failing.title:
                raise RuntimeError("renderer crashed")
            return await real_calc(fig, **kwargs)

        browser.calc_fig = calc_fig
        return browser

    monkeypatch.setattr(png.BatchRenderer, "_open", staticmethod(open_failing_on_second))
    err = io.StringIO()
    assert export(tmp_path, STORE, err=err) == 1
    page, first = charts["full"][0]
    assert f"could not render {charts['full'][1][0]}/{failing.slug}: RuntimeError: renderer crashed" in err.getvalue()
    assert (tmp_path / page / f"{first.file_stem}.png").read_bytes()[:8] == PNG_SIGNATURE
    assert len(list(tmp_path.rglob("*.png"))) == 1


# --- races and interruptions --------------------------------------------------------------------------


def start_export(out: Path, *extra: str) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "dashboard", "export", "--out", str(out), "--store", str(STORE), *extra]
    env = {**os.environ, TODAY_ENV: TODAY.isoformat()}
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_an_empty_out_is_refused(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "dashboard", "export", "--out", "", "--store", str(STORE)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # run from an empty folder, which an empty --out would fill
    proc = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "argument --out: an empty name: give the folder to write into" in proc.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written into the current folder


def test_two_exports_into_one_new_folder_never_mix_their_files(tmp_path: Path) -> None:
    out = tmp_path / "deck"
    first = start_export(out, "--scale", "1")  # started together: both find the folder empty
    second = start_export(out, "--scale", "2")
    results = [(p.wait(timeout=300), *p.communicate()) for p in (first, second)]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 3], [(code, err[-600:]) for code, _, err in results]
    refused = next(err for code, _, err in results if code == 3)
    assert "holds a partial set" in refused or "already exist" in refused or "created by someone else" in refused, refused
    widths = {png_size(p.read_bytes())[0] for p in out.rglob("*.png")}
    assert len(widths) == 1, f"images of both exports in one folder: widths {widths}"
    assert not (out / ".export-incomplete").exists()


def test_an_interrupted_export_says_it_left_a_partial_set(tmp_path: Path) -> None:
    out = tmp_path / "deck"
    proc = start_export(out)
    deadline = time.monotonic() + 240
    while not list(out.rglob("*.png")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err[-1000:]
    assert f"note: {out} now holds a partial set; run the export again with --force to write the whole set" in err
    again = run_export(out)
    assert again.returncode == 3 and "Traceback" not in again.stderr
    assert f"error: {out} holds a partial set: an export into it started " in again.stderr
    assert "nothing written. Use --force to write the whole set again." in again.stderr
    forced = run_export(out, "--force")
    assert forced.returncode == 0, forced.stderr
    assert not (out / ".export-incomplete").exists()


def test_a_folder_another_export_is_writing_into_is_left_alone(tmp_path: Path) -> None:
    """The folder is claimed before the first file: an export that finds the claim writes nothing."""
    out = tmp_path / "deck"
    out.mkdir()
    (out / ".export-incomplete").write_text("4242 2026-12-01 09:30:00\n", encoding="utf-8")
    proc = run_export(out)
    assert proc.returncode == 3 and "Traceback" not in proc.stderr
    assert (
        f"error: {out} holds a partial set: an export into it started 2026-12-01 09:30:00 and has not finished "
        "(it was interrupted, or is still running; .export-incomplete there says so); nothing written."
    ) in proc.stderr, proc.stderr
    assert [p.name for p in out.iterdir()] == [".export-incomplete"]


def test_a_file_is_created_never_replaced_without_force(tmp_path: Path) -> None:
    from dashboard.export import write_atomic

    target = tmp_path / "cloud" / "chart.csv"
    write_atomic(target, b"first", force=False)
    with pytest.raises(FileExistsError):
        write_atomic(target, b"second", force=False)  # another export wrote it since the clash check
    assert target.read_bytes() == b"first"
    write_atomic(target, b"forced", force=True)
    assert target.read_bytes() == b"forced"
    assert [p.name for p in target.parent.iterdir()] == ["chart.csv"]  # no temporary file left behind
