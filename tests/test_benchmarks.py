"""The benchmark's own logic: the page floor draws what the app draws, element for element, and runs under
the app's server config; figures against floors and budgets; the sections measure real work (quick)."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import pickle
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from google.protobuf.json_format import MessageToDict

from benchmarks import builds, floor
from benchmarks.__main__ import main
from benchmarks.report import Figure, table
from dashboard import data
from dashboard.data import APP_DIR
from loaders import build_frames, calendar, open_store, yaml_source
from loaders.calendar import TODAY_ENV
from loaders.paths import STORE_ENV
from pagemodels import model as pm
from pagemodels.registry import PAGES, default_page, page_spec

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small_store.yaml"
FROZEN = Path(__file__).resolve().parent / "fixtures" / "frozen_store.yaml"
# a widget's state, which the app sets through session state and the floor as the widget's default:
# the same value either way, compared as the widget's value instead
WIDGET_STATE = {"id", "default", "value", "setValue", "rawValue", "rawValues", "deferredFileId"}


def elements(node: Any, path: str = "") -> Iterator[tuple[str, str, dict[str, Any], object]]:
    """Every block and element under `node`, in order: its place, its type, its message and its value."""
    fields = MessageToDict(node.proto) if getattr(node, "proto", None) is not None else {}
    value = None
    if str(fields.get("id", "")).startswith("$$ID"):  # a widget
        value = getattr(node, "value", None)
        fields = {k: v for k, v in fields.items() if k not in WIDGET_STATE}
    yield path, node.type, fields, value
    for key, child in getattr(node, "children", {}).items():
        yield from elements(child, f"{path}/{key}")


@contextlib.contextmanager
def served_navigation() -> Iterator[None]:
    """Run app.py on every rerun, as a server does (see tests/test_app.py: AppTest otherwise
    puts Streamlit back in pages-directory mode and reruns pages/<name>.py alone)."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self: PagesManager, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init  # type: ignore[method-assign]
    try:
        yield
    finally:
        PagesManager.__init__ = original  # type: ignore[method-assign]


def opened(script: Path, page: str) -> Any:
    """A script under AppTest, switched to `page`, with no exception shown."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(script), default_timeout=300).run()
    if page != default_page():
        at = at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module", params=["metrics.yaml", "small_store.yaml"])
def floor_app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The floor app generated for a store (the real one; the small fixture, whose quarters end in FY26 Q2)."""
    store = APP_DIR / "metrics.yaml" if request.param == "metrics.yaml" else FIXTURE
    with pytest.MonkeyPatch.context() as mp:
        if store == FIXTURE:
            mp.setenv(TODAY_ENV, "2025-12-01")
        yield store, floor.write_floor(floor.page_models(store), tmp_path_factory.mktemp("floor"))


@pytest.mark.parametrize("page", [p.slug for p in PAGES])
def test_the_floor_draws_every_element_the_app_draws(floor_app: tuple[Path, Path], page: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Page by page, the app's element tree and the floor's are the same: the same types in the same
    places, with the same labels, texts, tooltips, keys, figures and tables, and the same widget values."""
    import streamlit as st

    store, entry = floor_app
    st.cache_resource.clear()
    data.clear()
    monkeypatch.setenv(STORE_ENV, str(store))
    with served_navigation():
        app = opened(APP_DIR / "app.py", page_spec(page).script)
        flo = opened(entry, f"{floor.PAGE_DIR}/{page}.py")
    for root in ("main", "sidebar"):
        ours, theirs = list(elements(getattr(app, root))), list(elements(getattr(flo, root)))
        assert [(p, t) for p, t, _, _ in ours] == [(p, t) for p, t, _, _ in theirs], root
        for a, b in zip(ours, theirs, strict=True):
            assert a == b, a[0]
    assert len(app.get("plotly_chart")) > 0 and len(app.sidebar.get("page_link")) == len(PAGES)


def test_an_unknown_block_or_control_has_no_floor(tmp_path: Path) -> None:
    model, spec = floor.page_models(FIXTURE)["overview"], page_spec("overview")

    class Gauge:  # a block kind the floor has never heard of
        pass

    with pytest.raises(floor.FloorError, match="Gauge"):
        floor.page_script(dataclasses.replace(model, blocks=(*model.blocks, Gauge())), spec, tmp_path / "f.pickle", png=True)  # type: ignore[arg-type]
    dial = pm.Control("dial", "slider", "Dial")  # type: ignore[arg-type]
    with pytest.raises(floor.FloorError, match="slider"):
        floor.page_script(dataclasses.replace(model, blocks=(dial,)), spec, tmp_path / "f.pickle", png=True)


def test_the_floor_app_runs_under_the_apps_server_config(tmp_path: Path) -> None:
    entry = floor.write_floor(floor.page_models(FIXTURE), tmp_path)
    config = tmp_path / ".streamlit" / "config.toml"
    assert config.read_bytes() == (APP_DIR / ".streamlit" / "config.toml").read_bytes()
    assert entry.parent == config.parent.parent  # streamlit run reads .streamlit/ beside the script
    data_path = tmp_path / "floor.pickle"
    values = pickle.loads(data_path.read_bytes())
    assert sorted(values) == sorted(p.slug for p in PAGES)
    assert all(k.startswith(("chart-", "table-")) for d in values.values() for k in d)
    ours = ("charts", "dashboard", "loaders", "pagemodels", "benchmarks")  # the floor uses none of the app's code
    for script in [entry, tmp_path / floor.DATA, *(tmp_path / floor.PAGE_DIR).glob("*.py")]:
        text = script.read_text(encoding="utf-8")
        compile(text, str(script), "exec")
        assert not re.search(rf"^(from|import) ({'|'.join(ours)})\b", text, re.MULTILINE), script
    loaded = subprocess.run(
        [sys.executable, "-c", "import pickle, sys; pickle.load(open(sys.argv[1], 'rb')); print(*sys.modules)", data_path],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert not [m for m in loaded if m.split(".")[0] in ours]


def test_a_figure_passes_within_its_budget_over_the_floor_and_its_extra_cost() -> None:
    assert Figure("s", "load", 1.09, 1.0, "floor", 1.1).status == "PASS"
    assert Figure("s", "load", 1.2, 1.0, "floor", 1.1).status == "OVER"
    first = Figure("s", "first switch", 1.25, 1.0, "floor + build", 1.0, 0.3)
    assert first.limit == pytest.approx(1.3) and first.status == "PASS" and first.ratio == pytest.approx(1.25)
    assert Figure("s", "ingest", 0.5).status == "info" and Figure("s", "ingest", 0.5).ratio is None
    text = table([first, Figure("s", "ingest", 12.5, detail="11 figures")])
    assert "| s | first switch | 1,250 ms | 1,000 ms | floor + build | 1.25x | <= 1x + 300 ms | PASS |" in text
    assert "| s | ingest | 12.5 s |  |  |  |  | info |" in text and "- s / ingest: 11 figures" in text


def test_a_page_built_afresh_is_painted_for_the_screen_as_the_app_paints_it() -> None:
    frames = build_frames(open_store(FIXTURE, dt.date.today()))
    model, painted = builds.built_afresh(frames, "cloud", builds.ViewOptions(currency="USD"), dt.date(2025, 12, 1))
    shown = [b for b in model.chart_blocks if not b.spec.is_empty]
    assert len(painted) == len(shown) >= 2 and model.options.currency == "USD"
    assert painted == [b.screen for b in shown]  # what the app hands st.plotly_chart
    assert painted[0].figure is not shown[0].screen.figure  # painted here, afresh, not the model's cached painting


def test_the_builds_section_times_every_page_in_both_currencies_against_the_store() -> None:
    measured = builds.measure({"1x": FIXTURE}, 2, (("1x", "RMB"), ("1x", "USD")))
    assert len(measured["load"]["1x"]) == 2 and all(0 < t < 30 for t in measured["load"]["1x"])
    assert set(measured["pages"]) == {("1x", c, s.slug) for c in ("RMB", "USD") for s in PAGES}
    assert all(len(v) == 2 and all(t > 0 for t in v) for v in measured["pages"].values())


def test_a_ten_times_store_holds_ten_times_the_quarters_and_is_valid(tmp_path: Path) -> None:
    text = FROZEN.read_text(encoding="utf-8")
    big = tmp_path / "store_10x.yaml"
    big.write_text(builds.synthetic_text(text, 10), encoding="utf-8")
    bounds = (yaml_source.MAX_NODES, yaml_source.MAX_BYTES, calendar.FIRST_FISCAL_YEAR)
    with builds.lifted(builds.synthetic_text(text, 100)):  # past the reader's bounds on size and first year
        assert bounds[2] > calendar.FIRST_FISCAL_YEAR and bounds[1] < yaml_source.MAX_BYTES
        counts = [sum(len(m.observations) for m in open_store(p, dt.date.today()).model.metrics.values()) for p in (FROZEN, big)]
        assert counts[1] == 10 * counts[0] > 0
    assert bounds == (yaml_source.MAX_NODES, yaml_source.MAX_BYTES, calendar.FIRST_FISCAL_YEAR)  # the app's own, again


def test_the_ingest_section_reads_the_whole_announcement_in_both_forms() -> None:
    from benchmarks import ingest

    figures = ingest.run(FROZEN, True, Path("."))
    assert ["(HTML)" in figures[0].name, "(PDF)" in figures[1].name] == [True, True]
    assert all(f.value > 0 and len(f.samples) == 3 and f.detail.startswith("11 figures") for f in figures)


def test_a_section_that_does_not_exist_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--only", "builds,memory"])
    assert stopped.value.code == 2 and "unknown section(s): memory" in capsys.readouterr().err


@pytest.mark.browser
def test_a_view_switch_is_timed_until_every_chart_is_drawn_again(browser, real_store_server) -> None:  # type: ignore[no-untyped-def]
    """The browser section's switches on a live app: the US$ pill and the plan start, each waited for
    until the rerun is done and the charts show the new view."""
    from benchmarks import browser as section

    models = floor.page_models(APP_DIR / "metrics.yaml")
    n = sum(not r.is_empty for r in models["capex"].charts)
    default, others = section.plan_labels(models["capex"])
    tab = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    try:
        section.load(tab, f"{real_store_server.url}/capex", n)
        axes = '[data-testid="stPlotlyChart"] .g-ytitle'
        assert "US$" not in " ".join(tab.locator(axes).all_text_contents())
        section.switch(tab, section.pill(tab, "US$"), n)
        assert "US$" in " ".join(tab.locator(axes).all_text_contents())
        section.switch(tab, section.choose(tab, "w_plan_start", others[0]), n)
        assert tab.locator(".st-key-w_plan_start [role='combobox']").input_value() == others[0] and "plan_start=" in tab.url
        section.switch(tab, section.choose(tab, "w_plan_start", default), n)
        assert tab.locator(".st-key-w_plan_start [role='combobox']").input_value() == default
        section.switch(tab, section.pill(tab, "US$"), n)
        assert "US$" not in " ".join(tab.locator(axes).all_text_contents())
    finally:
        tab.context.close()
