"""Memory: the server's resident memory after start, after one reader, and after 20 readers.

One real server (benchmarks.harness.streamlit_server) and the load test's pieces (benchmarks.load:
RssSampler, wait_until_idle and the clean-up visit). Its RSS after start; then one
reader (a browser context that opens the app and visits every page from the sidebar, each until
the script has run and every chart has arrived: one Streamlit session) closes; then `sessions`
such readers at once (peak sampled meanwhile) close. Each time the server is let go of the
closed sessions the way the load test does it (disconnected-session TTL shortened to a few
seconds, one short visit that makes Streamlit drop the expired ones) before its RSS is read.
Targets: no error in any reader (an exception, a JavaScript error, a timeout, a traceback in the
server log); after the 20 readers, at most 50 MB above the figure after the one (memory kept per
reader would grow with every reader; caches shared by all are paid once). Then 20 more readers,
reported: memory kept per reader would grow again by as much, where memory the allocator keeps
from the first 20's peak is reused.

The readers' browsers get an empty stand-in for Streamlit's Plotly component, so they do not
draw the charts. The server does exactly the same work (it runs every page and sends every
figure), and its memory is what this section measures; drawing is the browser section's
figure. Drawn, 20 readers' charts kept two cores busy for over four minutes, half of the
whole benchmark.

The load test proper (`python -m benchmarks.load`) loads every page with a full navigation (a new
session per page, 140 for 20 readers) through a request guard, which turns the browser cache off;
that takes several minutes on two cores, more than this benchmark's budget, for the same server
measurements.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import load
from benchmarks.harness import Server, expected_chart_counts, streamlit_server
from benchmarks.report import Figure

SECTION = "memory"
TARGET_MB = 50.0
TTL_S = 5
PAGE_TIMEOUT_MS = int(load.PAGE_TIMEOUT_S * 1000)  # see benchmarks.load
RUN_TIMEOUT_S = 900.0


def settle(server: Server) -> list[str]:
    """Wait until every closed session is gone from the server, then a little more."""
    load.wait_until_idle(server, timeout_s=30)
    time.sleep(TTL_S + 1)
    errors = asyncio.run(load._sweep(server, PAGE_TIMEOUT_MS))
    load.wait_until_idle(server, timeout_s=30)
    time.sleep(3.0)
    return errors


# Streamlit loads its Plotly component as a module of its own (static/js/PlotlyChart.<hash>.js),
# imported with React.lazy: the stand-in is a component that draws nothing
PLOTLY_MODULE = "**/static/js/PlotlyChart.*.js"
PLOTLY_STAND_IN = "export default function PlotlyChart() { return null; }"

# a chart's element, drawn or not: the renderer keys every chart chart-<slug> (dashboard.render)
CHART_ELEMENTS = '[data-testid="stElementContainer"][class*="st-key-chart-"]'

PAGE_SHOWN = (
    """([path, before, n]) => {
    const app = document.querySelector('[data-testid="stApp"]');
    const title = document.querySelector('h1');
    const charts = document.querySelectorAll('"""
    + CHART_ELEMENTS
    + """');
    return location.pathname === path && app !== null && app.getAttribute('data-test-script-state') === 'notRunning'
        && title !== null && title.textContent !== before && !document.querySelector('[data-stale="true"]')
        && charts.length >= n;
}"""
)  # the page's script has run and all its charts have arrived


async def _stand_in(route: Any) -> None:
    await route.fulfill(status=200, content_type="text/javascript", body=PLOTLY_STAND_IN)


async def _reader(browser: Any, url: str, counts: dict[str, int], index: int, start: asyncio.Event, timeout_ms: int) -> Any:
    """One reader: opens the app, then visits every page from the sidebar, each until its charts have arrived."""
    result = load.SessionResult()
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        await context.route(PLOTLY_MODULE, _stand_in)
        page = await context.new_page()
        page.on("pageerror", lambda exc: result.errors.append(f"reader {index}: JavaScript error: {exc}"))
        await start.wait()
        before = None
        for slug, charts in counts.items():
            try:
                if before is None:  # the app's first page: a full load (the session starts here)
                    await page.goto(f"{url}/{slug}", wait_until="commit", timeout=timeout_ms)
                else:  # the others as a reader gets there: the sidebar link, same session
                    await page.locator(f'[data-testid="stSidebar"] a[href="{slug}"]').first.click(timeout=timeout_ms)
                await page.wait_for_function(PAGE_SHOWN, arg=[f"/{slug}", before, charts], timeout=timeout_ms)
                before = await page.locator("h1").first.text_content()
                if await page.locator('[data-testid="stException"]').count():
                    result.errors.append(f"reader {index} /{slug}: the page shows an exception")
            except Exception as exc:
                result.errors.append(f"reader {index} /{slug}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
                return result
    finally:
        await context.close()
    return result


def readers(server: Server, sessions: int, counts: dict[str, int]) -> list[str]:
    results, _ = asyncio.run(load._drive(server, sessions, counts, PAGE_TIMEOUT_MS, RUN_TIMEOUT_S, session=_reader))
    return [e for r in results for e in r.errors]


def run(store: Path, quick: bool = False, sessions: int = 20) -> tuple[list[Figure], dict[str, Any]]:
    counts = expected_chart_counts(store)
    env = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(TTL_S)}
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        with streamlit_server(store, extra_env=env, log_dir=Path(tmp)) as server:
            time.sleep(1.0)
            after_start = server.rss_mb()
            t0 = time.monotonic()
            errors = readers(server, 1, counts)
            t1 = time.monotonic()
            errors += settle(server)
            after_one = server.rss_mb()
            t2 = time.monotonic()
            with load.RssSampler(server) as sampler:
                errors += readers(server, sessions, counts)
                t3 = time.monotonic()
                errors += settle(server)
                after_many = server.rss_mb()
                peak = max(sampler.peak, after_many)
            t4 = time.monotonic()
            errors += readers(server, sessions, counts)  # memory kept per reader would grow again by as much
            errors += settle(server)
            after_more = server.rss_mb()
            phases = {"one_reader_s": t1 - t0, "settle_s": t2 - t1, "readers_s": t3 - t2, "settle_again_s": t4 - t3,
                      "more_readers_s": time.monotonic() - t4}  # fmt: skip
            log = server.log.read_text(encoding="utf-8", errors="replace")
        if "Traceback (most recent call last)" in log:
            errors.append("the server log has a traceback:\n" + log[-3000:])
    figures = [
        Figure(
            SECTION, f"errors in the {sessions} concurrent sessions", len(errors), "errors", floor=0, floor_name="none",
            compare="delta", target=0, detail="; ".join(errors[:5]) + (f" and {len(errors) - 5} more" if len(errors) > 5 else ""),
        ),
        Figure(SECTION, "server RSS after start", after_start, "MB"),
        Figure(
            SECTION, "server RSS after one session visited every page", after_one, "MB",
            floor=after_start, floor_name="after start", compare="delta",
        ),
        Figure(
            SECTION,
            f"server RSS after {sessions} concurrent sessions closed",
            after_many,
            "MB",
            floor=after_one,
            floor_name="after one session",
            compare="delta",
            target=TARGET_MB,
            detail=f"peak {peak:.0f} MB during the {sessions} sessions",
        ),
        Figure(
            SECTION, f"server RSS after {sessions} more concurrent sessions closed", after_more, "MB",
            floor=after_many, floor_name=f"after the first {sessions}", compare="delta",
        ),
    ]  # fmt: skip
    return figures, {
        "sessions": sessions,
        "errors": errors[:50],
        "after_start_mb": after_start,
        "after_one_session_mb": after_one,
        "after_sessions_mb": after_many,
        "after_more_sessions_mb": after_more,
        "peak_mb": peak,
        "phases_s": {k: round(v, 1) for k, v in phases.items()},
    }
