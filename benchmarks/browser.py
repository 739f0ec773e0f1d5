"""Browser: time from navigation to every chart drawn, per page, in headless Chromium.

Two servers run side by side on loopback ports: the real app (benchmarks.harness.streamlit_server)
and a bare app (benchmarks.bare) that serves the same prebuilt figures at the same URL paths. One
Chromium (benchmarks.harness.launch_browser) loads each page of each app in turn, round after round,
so both see the same machine load; each load is a full navigation (a new Streamlit session), timed
until benchmarks.harness.wait_for_page returns with the page's expected chart count and every one
of those charts has its SVG. A first, untimed round warms both servers (caches, imports). Both
servers run under the app's .streamlit/config.toml (benchmarks.bare.write_app).
Target: real <= 1.2x bare, per page (medians).

Beside the wall time, each load records the page's main-thread time in Chromium (the DevTools
Performance metrics TaskDuration and ScriptDuration): what the browser itself spent drawing the
page, which moves far less with the machine's load than the wall time does, and says whether a
difference is the page's own work.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks import bare
from benchmarks.harness import (
    Server,
    expected_chart_counts,
    launch_browser,
    run_script,
    streamlit_server,
    wait_for_page,
)
from benchmarks.report import Figure, median

SECTION = "browser"
TARGET = 1.2


@contextlib.contextmanager
def script_server(script: Path, log_dir: Path) -> Iterator[Server]:
    """`streamlit run <script>` the way benchmarks.harness.streamlit_server runs app.py."""
    with run_script(script, log_dir, name="streamlit-bare") as server:
        yield server


MAIN_THREAD = ("TaskDuration", "ScriptDuration")  # DevTools Performance metrics, seconds, cumulative


def main_thread(cdp: Any) -> dict[str, float]:
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {name: float(metrics.get(name, 0.0)) for name in MAIN_THREAD}


def load_time(page: Any, url: str, expected: int, cdp: Any = None, busy: dict[str, list[float]] | None = None) -> float:
    """Seconds from navigation to every chart drawn; with `cdp`, appends the load's main-thread
    seconds per metric to `busy`.

    The tab first goes to about:blank, untimed: tearing down the previous page is not this page's
    load, and Chromium's counters start afresh with each document.
    """
    page.goto("about:blank")
    before = main_thread(cdp) if cdp is not None else {}
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=60_000)
    wait_for_page(page, expected, timeout_ms=60_000)
    seconds = time.perf_counter() - t0
    if cdp is not None and busy is not None:
        after = main_thread(cdp)
        for name in MAIN_THREAD:
            busy.setdefault(name, []).append(after[name] - before[name])
    drawn = page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').count()
    if drawn < expected:
        raise RuntimeError(f"{url}: {drawn} charts drawn, {expected} expected")
    if page.locator('[data-testid="stException"]').count():
        raise RuntimeError(f"{url}: the page shows an exception")
    return seconds


def run(store: Path, quick: bool = False) -> tuple[list[Figure], dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    # page loads vary by about 10% from one to the next; six timed loads of each page (98 loads in all,
    # with the warm-up round): more would take the whole benchmark past ten minutes on a loaded machine
    rounds = 3 if quick else 6
    counts = expected_chart_counts(store)  # keyed by URL path: "" is the overview
    times: dict[str, dict[str, list[float]]] = {name: {"app": [], "bare": []} for name in bare.PAGE_SCRIPTS}
    # page -> app/bare -> metric -> seconds per timed load
    busy: dict[str, dict[str, dict[str, list[float]]]] = {name: {"app": {}, "bare": {}} for name in bare.PAGE_SCRIPTS}
    with tempfile.TemporaryDirectory(prefix="bench-browser-") as tmp:
        tmp_path = Path(tmp)
        pickle_path = bare.write_pickle(bare.page_figures(store), tmp_path / "figures.pickle")
        script = bare.write_app(pickle_path, tmp_path)
        with (
            streamlit_server(store, log_dir=tmp_path) as app,
            script_server(script, tmp_path) as floor,
            sync_playwright() as p,
        ):
            browser = launch_browser(p)
            try:
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                tab = context.new_page()
                cdp = context.new_cdp_session(tab)
                cdp.send("Performance.enable")
                for r in range(rounds + 1):
                    for name, path in bare.URL_PATHS.items():
                        for kind, server in (("app", app), ("bare", floor)):
                            sink: dict[str, list[float]] = busy[name][kind] if r else {}  # round 0 warms both servers
                            t = load_time(tab, f"{server.url}/{path}", counts[path], cdp, sink)
                            if r:
                                times[name][kind].append(t)
                context.close()
            finally:
                browser.close()
    figures = [
        Figure(
            SECTION,
            f"{name} to charts drawn ({counts[path]} chart{'' if counts[path] == 1 else 's'})",
            median(times[name]["app"]),
            "s",
            floor=median(times[name]["bare"]),
            floor_name="bare app, same figures",
            compare="ratio",
            target=TARGET,
            samples=times[name]["app"],
            detail=f"{name}: median of {len(times[name]['app'])} loads each; " + _busy_detail(busy[name]),
        )
        for name, path in bare.URL_PATHS.items()
    ]
    return figures, {"counts": counts, "times_s": times, "main_thread_s": busy}


def _busy_detail(busy: dict[str, dict[str, list[float]]]) -> str:
    """Main-thread milliseconds per load, app against bare (medians)."""
    parts = []
    for name in MAIN_THREAD:
        app, floor = median(busy["app"].get(name, [])), median(busy["bare"].get(name, []))
        parts.append(f"{name} {app * 1000:.0f} ms (bare {floor * 1000:.0f} ms)")
    return "main thread: " + ", ".join(parts)
