"""Browser: every page loaded, every page reached from the sidebar, and a cold start, in headless Chromium, beside the page floor.

Two servers run side by side on loopback ports under the same server config: the real app
(benchmarks.harness.streamlit_server) and the floor app generated from the same page models
(benchmarks.floor), at the same URL paths. One Chromium (benchmarks.harness.launch_browser) does,
round after round, for each page and each app in turn, the app first in one round and the floor
first in the next (so both see the same machine load):

- a load: a full navigation to the page (a new Streamlit session), from about:blank, untimed,
  until benchmarks.harness.wait_for_page has the page's expected charts drawn;
- a click: from that page, the sidebar link to the next page (the last page links back to the
  first), in the same session, until the next page's script has run, its title is shown and its
  charts are drawn.

A first round of loads only warms both servers and is not counted. Each load and click records its wall time
and Chromium's main-thread time (the DevTools Performance metrics TaskDuration and ScriptDuration:
what the browser itself spent, which moves far less with the machine's load than the wall time).
Targets: per page, the app's median TaskDuration <= 1.1x the floor's, for loads and for clicks;
the wall times are reported beside them.

Cold start: a server started (`streamlit run`) and, as soon as it answers, the first page opened
in a fresh browser context (no cache), until its charts are drawn; app and floor alternately.
Target: <= 1.2x the floor app's, wall time.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import floor
from benchmarks.harness import (
    CHARTS_DRAWN,
    SCRIPT_DONE,
    expected_chart_counts,
    launch_browser,
    run_script,
    wait_for_page,
)
from benchmarks.report import Figure, median
from dashboard.data import APP_DIR
from loaders.paths import STORE_ENV
from pagemodels.registry import PAGES

SECTION = "browser"
TARGET = 1.1
COLD_TARGET = 1.2
MAIN_THREAD = ("TaskDuration", "ScriptDuration", "ThreadTime")  # DevTools Performance metrics, seconds, cumulative
# Before each click, untimed, V8 collects the page's garbage: what the page before left was otherwise
# collected during some clicks and not others, 60 to 100 ms of main-thread time each, which split a
# page's clicks into two groups and moved a median by 0.3. V8's own gc(), not DevTools'
# HeapProfiler.collectGarbage, which also throws away compiled code and doubled the loads after it.
JS_GC = "--js-flags=--expose-gc"  # Chromium flag: gc() in the page
# the next page after a sidebar click: its script has run, its title is up and the old page's elements are gone
NEXT_PAGE = f"""([before, n]) => {{
    const title = document.querySelector('h1');
    return ({SCRIPT_DONE})() && title !== null && title.textContent !== before
        && !document.querySelector('[data-stale="true"]') && ({CHARTS_DRAWN})(n);
}}"""


def main_thread(cdp: Any) -> dict[str, float]:
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {name: float(metrics.get(name, 0.0)) for name in MAIN_THREAD}


def measured(cdp: Any, sink: dict[str, list[float]], action: Any, prepare: Any = None) -> None:
    """Run `prepare` (untimed), then `action`, and add the action's wall seconds and main-thread seconds to `sink`."""
    if prepare is not None:
        prepare()
    before, t0 = main_thread(cdp), time.perf_counter()
    action()
    wall, after = time.perf_counter() - t0, main_thread(cdp)
    sink.setdefault("wall", []).append(wall)
    for name in MAIN_THREAD:
        sink.setdefault(name, []).append(after[name] - before[name])


def _checked(tab: Any, url: str, expected: int) -> None:
    drawn = tab.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').count()
    if drawn < expected:
        raise RuntimeError(f"{url}: {drawn} charts drawn, {expected} expected")
    if tab.locator('[data-testid="stException"]').count():
        raise RuntimeError(f"{url}: the page shows an exception")


def load(tab: Any, url: str, expected: int) -> None:
    tab.goto(url, wait_until="commit", timeout=60_000)
    try:
        wait_for_page(tab, expected, timeout_ms=60_000)
    except Exception as exc:
        raise RuntimeError(f"{url}: {str(exc).splitlines()[0]}") from exc
    _checked(tab, url, expected)


def click(tab: Any, title: str, expected: int) -> None:
    before = tab.locator("h1").first.text_content()
    tab.locator('[data-testid="stSidebar"] a', has_text=title).first.click(timeout=60_000)
    tab.wait_for_function(NEXT_PAGE, arg=[before, expected], timeout=60_000)
    _checked(tab, title, expected)


def cold_start(p: Any, script: Path, log_dir: Path, expected: int, env: dict[str, str] | None = None) -> float:
    """Seconds from `streamlit run` to the first page's charts drawn in a fresh browser context."""
    browser = launch_browser(p)
    try:
        t0 = time.perf_counter()
        with run_script(script, log_dir, env, name=f"cold-{script.stem}") as server:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            load(context.new_page(), server.url, expected)
            seconds = time.perf_counter() - t0
            context.close()
    finally:
        browser.close()
    return seconds


def _figure(name: str, what: str, charts: int, busy: dict[str, dict[str, list[float]]]) -> Figure:
    app, flo = busy["app"], busy["floor"]
    return Figure(
        SECTION,
        f"{name} {what} ({charts} chart{'' if charts == 1 else 's'}), main thread",
        median(app["TaskDuration"]) * 1000,
        "ms",
        floor=median(flo["TaskDuration"]) * 1000,
        floor_name="page floor, TaskDuration",
        compare="ratio",
        target=TARGET,
        samples=app["TaskDuration"],
        detail=(
            f"median of {len(app['wall'])}: wall {median(app['wall']):.2f} s (floor {median(flo['wall']):.2f} s, "
            f"{median(app['wall']) / median(flo['wall']):.2f}x); "
            f"ScriptDuration {median(app['ScriptDuration']) * 1000:.0f} ms (floor {median(flo['ScriptDuration']) * 1000:.0f} ms)"
        ),
    )


def run(store: Path, quick: bool = False) -> tuple[list[Figure], dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    # single loads and clicks vary by about 10%: seven timed rounds (and a warm-up) of a load and a click per page and app
    rounds, colds = (3, 2) if quick else (7, 3)
    counts = expected_chart_counts(store)  # keyed by URL path: "" is the overview
    paths = [floor.URL_PATHS[spec.slug] for spec in PAGES]
    loads: dict[str, dict[str, dict[str, list[float]]]] = {s.slug: {"app": {}, "floor": {}} for s in PAGES}
    clicks: dict[str, dict[str, dict[str, list[float]]]] = {s.slug: {"app": {}, "floor": {}} for s in PAGES}
    cold: dict[str, list[float]] = {"app": [], "floor": []}
    with tempfile.TemporaryDirectory(prefix="bench-browser-") as tmp:
        log_dir = Path(tmp)
        entry = floor.write_floor(floor.page_models(store), log_dir / "floor")
        app_env = {**os.environ, STORE_ENV: str(store)}
        with sync_playwright() as p:
            with run_script(APP_DIR / "app.py", log_dir, app_env) as app, run_script(entry, log_dir, name="floor") as flo:
                running = {"app": app, "floor": flo}
                browser = launch_browser(p, JS_GC)
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                tab = context.new_page()

                def collect() -> None:
                    tab.evaluate("gc()")

                cdp = context.new_cdp_session(tab)
                cdp.send("Performance.enable")
                try:
                    for r in range(rounds + 1):
                        for i, spec in enumerate(PAGES):
                            nxt = PAGES[(i + 1) % len(PAGES)]
                            # app first in one round, floor first in the next: neither always follows the other
                            for kind, server in list(running.items())[:: 1 if r % 2 else -1]:
                                tab.goto("about:blank")  # tearing down the previous page is not this page's load
                                url, n = f"{server.url}/{paths[i]}", counts[paths[i]]
                                sink = loads[spec.slug][kind] if r else {}  # round 0 warms both servers
                                measured(cdp, sink, lambda url=url, n=n: load(tab, url, n))
                                if r:  # the warm-up round loads each page once, and clicks nothing
                                    n, title = counts[floor.URL_PATHS[nxt.slug]], nxt.nav_title
                                    measured(cdp, clicks[nxt.slug][kind], lambda title=title, n=n: click(tab, title, n), collect)
                finally:
                    browser.close()
            for _ in range(colds):  # the two servers above stopped
                cold["app"].append(cold_start(p, APP_DIR / "app.py", log_dir, counts[""], app_env))
                cold["floor"].append(cold_start(p, entry, log_dir, counts[""]))
    figures = []
    for i, spec in enumerate(PAGES):
        figures.append(_figure(spec.slug, "load to charts drawn", counts[paths[i]], loads[spec.slug]))
        figures.append(_figure(spec.slug, "sidebar click to charts drawn", counts[paths[i]], clicks[spec.slug]))
    figures.append(
        Figure(
            SECTION,
            "cold start: server start to first page drawn",
            median(cold["app"]),
            "s",
            floor=median(cold["floor"]),
            floor_name="floor app's cold start",
            compare="ratio",
            target=COLD_TARGET,
            samples=cold["app"],
            detail=f"median of {len(cold['app'])}, alternately; a fresh browser context each",
        )
    )
    return figures, {"counts": counts, "loads": loads, "clicks": clicks, "cold_start_s": cold}
