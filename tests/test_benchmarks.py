"""The benchmark's own pieces: the bare app must differ from the real one only in what its pages
draw, and the memory readers must load every page without drawing its charts."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from benchmarks import bare, memory
from benchmarks.browser import _busy_detail, main_thread
from benchmarks.harness import Server, expected_chart_counts
from dashboard.data import APP_DIR


def test_bare_app_runs_under_the_apps_server_config(tmp_path: Path) -> None:
    pickle_path = bare.write_pickle({name: [] for name in bare.PAGE_SCRIPTS}, tmp_path / "figures.pickle")
    script = bare.write_app(pickle_path, tmp_path)
    config = tmp_path / ".streamlit" / "config.toml"
    assert config.read_bytes() == (APP_DIR / ".streamlit" / "config.toml").read_bytes()
    assert script.parent == config.parent.parent  # streamlit run reads .streamlit/ beside the script
    compile(script.read_text(encoding="utf-8"), str(script), "exec")
    assert pickle.loads(pickle_path.read_bytes()) == {name: [] for name in bare.PAGE_SCRIPTS}


class FakeCDP:
    def __init__(self, values: dict[str, float]) -> None:
        self.values = values

    def send(self, method: str) -> dict[str, list[dict[str, object]]]:
        assert method == "Performance.getMetrics"
        return {"metrics": [{"name": k, "value": v} for k, v in self.values.items()] + [{"name": "Nodes", "value": 9.0}]}


def test_main_thread_metrics_and_their_detail_line() -> None:
    assert main_thread(FakeCDP({"TaskDuration": 0.5, "ScriptDuration": 0.25})) == {"TaskDuration": 0.5, "ScriptDuration": 0.25}
    assert main_thread(FakeCDP({})) == {"TaskDuration": 0.0, "ScriptDuration": 0.0}
    busy = {
        "app": {"TaskDuration": [1.0, 1.2, 1.1], "ScriptDuration": [0.5, 0.4, 0.6]},
        "bare": {"TaskDuration": [0.8, 0.9, 0.7], "ScriptDuration": [0.3, 0.2, 0.25]},
    }
    assert _busy_detail(busy) == "main thread: TaskDuration 1100 ms (bare 800 ms), ScriptDuration 500 ms (bare 250 ms)"


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
