"""The benchmark's own pieces: the page floor draws what the app draws, element for element, and
runs under the app's server config; the browser's main-thread figures; the memory readers load
every page without drawing its charts."""

from __future__ import annotations

import dataclasses
import pickle
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from google.protobuf.json_format import MessageToDict

from benchmarks import floor, memory, pages
from benchmarks.browser import main_thread, measured
from benchmarks.harness import Server, expected_chart_counts
from dashboard import data
from dashboard.data import APP_DIR
from loaders.calendar import TODAY_ENV
from pagemodels import model as pm
from pagemodels.registry import BY_SLUG, PAGES

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small_store.yaml"
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


@pytest.fixture(scope="module", params=["metrics.yaml", "small_store.yaml"])
def floor_app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The floor app generated for a store (the real one; the small fixture, whose quarters end in FY26 Q2)."""
    store = APP_DIR / "metrics.yaml" if request.param == "metrics.yaml" else FIXTURE
    with pytest.MonkeyPatch.context() as mp:
        if store == FIXTURE:
            mp.setenv(TODAY_ENV, "2025-12-01")
        yield store, floor.write_floor(floor.page_models(store), tmp_path_factory.mktemp("floor"))


@pytest.mark.parametrize("page", list(BY_SLUG))
def test_the_floor_draws_every_element_the_app_draws(floor_app: tuple[Path, Path], page: str) -> None:
    """Page by page, the app's element tree and the floor's are the same: the same types in the same
    places, with the same labels, texts, tooltips, keys, figures and tables, and the same widget values."""
    import streamlit as st

    store, entry = floor_app
    st.cache_resource.clear()
    data.clear()
    with pages.store_env(store), pages.served_navigation():
        app, flo = pages.real_page(page), pages.floor_page(entry, page)
    for root in ("main", "sidebar"):
        ours, theirs = list(elements(getattr(app, root))), list(elements(getattr(flo, root)))
        assert [(p, t) for p, t, _, _ in ours] == [(p, t) for p, t, _, _ in theirs], root
        for a, b in zip(ours, theirs, strict=True):
            assert a == b, a[0]
    assert len(app.get("plotly_chart")) > 0 and len(app.sidebar.get("page_link")) == len(PAGES)


def test_an_unknown_block_or_control_has_no_floor(tmp_path: Path) -> None:
    model, spec = floor.page_models(FIXTURE)["overview"], BY_SLUG["overview"]

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
    data = pickle.loads(data_path.read_bytes())
    assert sorted(data) == sorted(BY_SLUG) and all(k.startswith(("chart-", "table-")) for d in data.values() for k in d)
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


class FakeCDP:
    """DevTools' Performance.getMetrics, the main thread's counters going up by `step` seconds a call."""

    def __init__(self, step: dict[str, float]) -> None:
        self.step, self.calls = step, 0

    def send(self, method: str) -> dict[str, list[dict[str, object]]]:
        assert method == "Performance.getMetrics"
        self.calls += 1
        metrics = [{"name": k, "value": v * self.calls} for k, v in self.step.items()]
        return {"metrics": [*metrics, {"name": "Nodes", "value": 9.0}]}


def test_main_thread_time_is_what_an_action_adds_to_chromiums_counters() -> None:
    assert main_thread(FakeCDP({})) == {"TaskDuration": 0.0, "ScriptDuration": 0.0, "ThreadTime": 0.0}
    cdp, sink = FakeCDP({"TaskDuration": 0.5, "ScriptDuration": 0.25, "ThreadTime": 0.375}), {}
    prepared: list[int] = []
    for prepare in (None, lambda: prepared.append(cdp.calls)):
        measured(cdp, sink, lambda: None, prepare)
    assert sink["TaskDuration"] == [0.5, 0.5] and sink["ScriptDuration"] == [0.25, 0.25] and sink["ThreadTime"] == [0.375] * 2
    assert len(sink["wall"]) == 2 and all(0 <= w < 1 for w in sink["wall"])
    assert prepared == [2]  # run once, before the second action's counters were read: untimed


@pytest.mark.browser
def test_memory_readers_get_every_chart_without_drawing_it(browser, real_store_server: Server) -> None:  # type: ignore[no-untyped-def]
    """The memory section's stand-in for Streamlit's Plotly module: the page runs, every chart
    element arrives, none is drawn, and nothing on the page is an error."""
    expected = expected_chart_counts(APP_DIR / "metrics.yaml")["cloud"]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    stood_in: list[str] = []

    def stand_in(route) -> None:  # type: ignore[no-untyped-def]
        stood_in.append(route.request.url)
        route.fulfill(status=200, content_type="text/javascript", body=memory.PLOTLY_STAND_IN)

    try:
        context.route(memory.PLOTLY_MODULE, stand_in)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{real_store_server.url}/cloud", wait_until="commit")
        page.wait_for_function(memory.PAGE_SHOWN, arg=["/cloud", None, expected], timeout=60_000)
        assert expected >= 3
        assert len(stood_in) == 1 and "/static/js/PlotlyChart." in stood_in[0]
        assert page.locator(memory.CHART_ELEMENTS).count() == expected
        assert page.locator(".js-plotly-plot").count() == 0
        assert page.locator('[data-testid="stException"], [data-testid="stAlertContainer"]').count() == 0
        assert errors == []
    finally:
        context.close()


def test_the_ingest_section_times_a_whole_announcement_and_reads_the_stores_releases_without_a_wrong_figure() -> None:
    from benchmarks import ingest

    figures, details = ingest.run(Path(__file__).resolve().parent / "fixtures" / "frozen_store.yaml", quick=True)
    timed = {f.name.split("(")[1].split(",")[0]: f for f in figures if f.unit == "ms"}
    assert set(timed) == {"PDF", "HTML"} and all(f.value > 0 and len(f.samples) == 3 for f in timed.values())
    assert details["september_quarter_2025.pdf"]["observations"] == details["september_quarter_2025.html"]["observations"] == 11
    recall = details["recall"]
    assert recall["wrong"] == 0 and recall["other_periods_wrong"] == 0
    assert recall["found"] == 48 and recall["missed"] == 5, recall["details"]
