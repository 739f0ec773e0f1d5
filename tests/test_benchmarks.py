"""The benchmark's floors: the bare app must differ from the real one only in what its pages draw."""

from __future__ import annotations

import pickle
from pathlib import Path

from benchmarks import bare
from benchmarks.browser import _busy_detail, main_thread
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
