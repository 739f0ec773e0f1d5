"""Load test: N readers at once, each loading every page of a real `streamlit run`.

    python -m benchmarks.load --sessions 20 [--store metrics.yaml] [--out benchmarks/load-results.json]

One Debian Chromium, N browser contexts driven concurrently (Playwright's async API); each context
loads every page in turn (a full page load, so a new Streamlit session per page) and waits until
the script has finished and all the page's charts have drawn. Recorded: every error (exceptions,
`stException` elements, timeouts, JavaScript errors, requests to anything but the loopback server,
tracebacks in the server log), page times, and the server's resident memory after start, at peak
(sampled from /proc in a background thread), after every session has disconnected, and after
Streamlit has dropped the disconnected sessions. Prints a table, writes a JSON file, and exits 1 on
any error. Everything is bounded: each wait has a timeout and the whole run has one too.

Not a pytest test: it takes a minute or more and measures the machine it runs on.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import statistics
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchmarks.harness import (
    CHARTS_DRAWN,
    CHROMIUM_ARGS,
    PAGES,
    SCRIPT_DONE,
    Server,
    chromium_executable,
    expected_chart_counts,
    streamlit_server,
)

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "load-results.json"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Twenty first page loads at once in one headless Chromium on two cores take about two minutes
# to mount the Plotly component (the server meanwhile uses about 5% of the CPUs): the limit is for
# a page that never draws, not for a slow machine.
PAGE_TIMEOUT_S = 300.0


@dataclass
class Visit:
    session: int
    page: str
    seconds: float | None  # None when the page did not finish
    charts: int = 0


@dataclass
class SessionResult:
    visits: list[Visit] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


class RssSampler:
    """Samples a process's VmRSS from /proc every `interval` seconds in a daemon thread."""

    def __init__(self, server: Server, interval: float = 0.05) -> None:
        self.server, self.interval = server, interval
        self.peak = 0.0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, self.server.rss_mb())
                self.samples += 1
            except (OSError, ValueError):
                return  # the process is gone
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far, from /proc/PID/stat (Linux)."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def active_sessions(server: Server) -> int | None:
    """Streamlit's own count of connected sessions (/_stcore/metrics), or None if unavailable."""
    try:
        with urllib.request.urlopen(f"{server.url}/_stcore/metrics?families=active_sessions", timeout=5) as r:
            text = r.read().decode("utf-8", "replace")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("active_sessions "):
            return int(float(line.split()[1]))
    return None


def wait_until_idle(server: Server, timeout_s: float) -> int | None:
    deadline = time.monotonic() + timeout_s
    n = active_sessions(server)
    while n not in (0, None) and time.monotonic() < deadline:
        time.sleep(0.25)
        n = active_sessions(server)
    return n


async def _one_session(
    browser: Any, url: str, counts: dict[str, int], index: int, start: asyncio.Event, page_timeout_ms: int
) -> SessionResult:
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    result = SessionResult()

    async def guard(route: Any) -> None:
        target = route.request.url
        if target.startswith(("data:", "blob:", "about:")) or (urlsplit(target).hostname or "") in LOCAL_HOSTS:
            await route.continue_()
        else:
            result.outside.append(target)
            await route.abort("blockedbyclient")

    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        await context.route("**/*", guard)
        page = await context.new_page()
        page.on("pageerror", lambda exc: result.errors.append(f"session {index}: JavaScript error: {exc}"))
        await start.wait()
        for slug in PAGES:
            name = f"/{slug}"
            t0 = time.perf_counter()

            def left_ms(t0: float = t0) -> float:  # one budget for the whole page, not one per step
                return max(1.0, page_timeout_ms - (time.perf_counter() - t0) * 1000)

            try:
                await page.goto(f"{url}/{slug}", wait_until="domcontentloaded", timeout=left_ms())
                await page.wait_for_function(SCRIPT_DONE, timeout=left_ms())
                await page.wait_for_function(CHARTS_DRAWN, arg=counts[slug], timeout=left_ms())
                seconds = time.perf_counter() - t0
                charts = await page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').count()
                shown = await page.locator('[data-testid="stException"]').count()
                if shown:
                    result.errors.append(f"session {index} {name}: {shown} stException element(s)")
                result.visits.append(Visit(index, name, seconds, charts))
            except PlaywrightTimeout:
                result.errors.append(f"session {index} {name}: timed out after {page_timeout_ms / 1000:.0f} s")
                result.visits.append(Visit(index, name, None))
            except PlaywrightError as exc:
                result.errors.append(f"session {index} {name}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
                result.visits.append(Visit(index, name, None))
    except Exception as exc:  # context creation or anything else: an error, never a crash of the run
        result.errors.append(f"session {index}: {type(exc).__name__}: {exc}")
    finally:
        try:
            await asyncio.wait_for(context.close(), timeout=30)
        except Exception as exc:
            result.errors.append(f"session {index}: closing the context failed: {type(exc).__name__}: {exc}")
    return result


async def _drive(
    server: Server, sessions: int, counts: dict[str, int], page_timeout_ms: int, run_timeout_s: float, session: Any = None
) -> tuple[list[SessionResult], float]:
    """Run the sessions (`session`, by default `_one_session`) concurrently in one Chromium; returns
    their results and the wall time."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_executable(), headless=True, args=CHROMIUM_ARGS)
        try:
            start = asyncio.Event()
            tasks = [
                asyncio.create_task((session or _one_session)(browser, server.url, counts, i, start, page_timeout_ms))
                for i in range(sessions)
            ]
            await asyncio.sleep(0.5)  # let every context open before the first page is requested
            t0 = time.perf_counter()
            start.set()
            done, pending = await asyncio.wait(tasks, timeout=run_timeout_s)
            wall = time.perf_counter() - t0
            results = []
            for t in done:
                try:
                    results.append(t.result())
                except Exception as exc:  # e.g. the browser could not open a context
                    results.append(SessionResult(errors=[f"a session failed: {type(exc).__name__}: {exc}"]))
            for t in pending:
                t.cancel()
                results.append(SessionResult(errors=[f"a session did not finish within {run_timeout_s:.0f} s"]))
            if pending:
                await asyncio.wait(pending, timeout=30)
        finally:
            await asyncio.wait_for(browser.close(), timeout=60)
    return results, wall


async def _sweep(server: Server, page_timeout_ms: int) -> list[str]:
    """One short visit: its disconnect writes to Streamlit's session storage, which drops expired sessions."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_executable(), headless=True, args=CHROMIUM_ARGS)
        try:
            context = await browser.new_context()
            page = await context.new_page()
            await page.goto(server.url, wait_until="domcontentloaded", timeout=page_timeout_ms)
            await page.wait_for_function(SCRIPT_DONE, timeout=page_timeout_ms)
            await asyncio.wait_for(context.close(), timeout=30)
            return []
        except Exception as exc:
            return [f"cleanup visit: {type(exc).__name__}: {str(exc).splitlines()[0]}"]
        finally:
            await asyncio.wait_for(browser.close(), timeout=60)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def run_load(
    sessions: int = 20,
    store: Path | None = None,
    *,
    page_timeout_s: float = PAGE_TIMEOUT_S,
    run_timeout_s: float = 1200.0,
    cleanup_ttl_s: int = 5,
    log_dir: Path | None = None,
) -> dict[str, Any]:
    """Serve the store, drive `sessions` concurrent readers over every page, and measure; returns the figures.

    `cleanup_ttl_s` shortens Streamlit's `server.disconnectedSessionTTL` (120 s by default) for this
    server only, so the "after cleanup" memory figure is taken once the disconnected sessions have
    been dropped rather than two minutes later; it changes nothing while the readers are connected.
    """
    if not 1 <= sessions <= 200:
        raise ValueError("sessions must be between 1 and 200")
    store = Path(store).resolve() if store is not None else None
    counts = expected_chart_counts(store)
    page_timeout_ms = int(page_timeout_s * 1000)
    errors: list[str] = []
    env = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(cleanup_ttl_s)}
    log_dir = log_dir or Path(os.environ.get("TMPDIR", "/tmp"))

    load_before = os.getloadavg()[0]  # other work on the machine skews every time below
    with streamlit_server(store, extra_env=env, log_dir=log_dir) as server:
        host = urlsplit(server.url).hostname
        if host != "127.0.0.1":
            raise RuntimeError(f"refusing to load-test a server that is not on 127.0.0.1: {server.url}")
        time.sleep(1.0)
        rss_start = server.rss_mb()
        cpu_start = cpu_seconds(server.pid)
        with RssSampler(server) as sampler:
            results, wall = asyncio.run(_drive(server, sessions, counts, page_timeout_ms, run_timeout_s))
            server_cpu = cpu_seconds(server.pid) - cpu_start
            # All contexts and the browser are closed: wait for the server to see every session go.
            left = wait_until_idle(server, timeout_s=30)
            time.sleep(3.0)
            rss_after_close = server.rss_mb()
            # Past the (shortened) TTL, one write to the session storage drops the expired sessions.
            time.sleep(cleanup_ttl_s + 1)
            errors += asyncio.run(_sweep(server, page_timeout_ms))
            wait_until_idle(server, timeout_s=30)
            time.sleep(3.0)
            rss_after_cleanup = server.rss_mb()
            peak = max(sampler.peak, rss_start, rss_after_close, rss_after_cleanup)
            samples = sampler.samples
        alive = server.process.poll() is None
        log_text = server.log.read_text(encoding="utf-8", errors="replace")

    visits = [v for r in results for v in r.visits]
    for r in results:
        errors += r.errors
        errors += [f"request to a non-local host was blocked: {u}" for u in r.outside]
    if left not in (0, None):
        errors.append(f"{left} session(s) still active 30 s after every browser context closed")
    if not alive:
        errors.append("the server process died during the run")
    if "Traceback (most recent call last)" in log_text:
        errors.append(f"the server log has a traceback: {server.log}")
    expected_visits = sessions * len(PAGES)
    if len(visits) != expected_visits:
        errors.append(f"{len(visits)} page visits recorded, {expected_visits} expected")

    timed = [v for v in visits if v.seconds is not None]
    slowest = max(timed, key=lambda v: v.seconds or 0.0) if timed else None
    per_page = {}
    for slug in PAGES:
        times = [v.seconds for v in timed if v.page == f"/{slug}" and v.seconds is not None]
        per_page[f"/{slug}"] = {
            "loads": len(times),
            "median_s": round(statistics.median(times), 2) if times else None,
            "max_s": round(max(times), 2) if times else None,
            "charts": counts[slug],
        }
    all_times = [v.seconds for v in timed if v.seconds is not None]
    try:
        import streamlit

        st_version = streamlit.__version__
    except ImportError:  # pragma: no cover
        st_version = "unknown"
    return {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "sessions": sessions,
        "pages_per_session": len(PAGES),
        "page_loads": len(visits),
        "page_loads_ok": len(timed),
        "error_count": len(errors),
        "errors": errors[:200],
        "wall_s": round(wall, 2),
        "slowest_page_s": round(slowest.seconds, 2) if slowest and slowest.seconds else None,
        "slowest_page": f"{slowest.page} (session {slowest.session})" if slowest else None,
        "median_page_s": round(statistics.median(all_times), 2) if all_times else None,
        "p95_page_s": round(_percentile(all_times, 0.95), 2) if all_times else None,
        "per_page": per_page,
        "server_cpu_s": round(server_cpu, 1),
        "server_cpu_share_pct": round(100 * server_cpu / wall / (os.cpu_count() or 1), 1) if wall else None,
        "rss_mb": {
            "after_start": round(rss_start, 1),
            "peak": round(peak, 1),
            "after_close": round(rss_after_close, 1),
            "after_cleanup": round(rss_after_cleanup, 1),
            "samples": samples,
        },
        "store": str(store) if store else "metrics.yaml",
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_1min_before": round(load_before, 2),
            "load_average_1min_after": round(os.getloadavg()[0], 2),
            "python": platform.python_version(),
            "streamlit": st_version,
            "chromium": chromium_executable(),
        },
        "settings": {
            "page_timeout_s": page_timeout_s,
            "run_timeout_s": run_timeout_s,
            "disconnected_session_ttl_s": cleanup_ttl_s,
        },
    }


def format_table(r: dict[str, Any]) -> str:
    rss = r["rss_mb"]
    rows = [
        ("sessions (concurrent)", f"{r['sessions']}"),
        ("machine", f"{r['machine']['cpus']} CPUs, load average {r['machine']['load_average_1min_before']} before the run"),
        ("page loads (ok / total)", f"{r['page_loads_ok']} / {r['sessions'] * r['pages_per_session']}"),
        ("errors", f"{r['error_count']}"),
        ("wall time", f"{r['wall_s']:.1f} s"),
        ("server CPU time", f"{r['server_cpu_s']} s ({r['server_cpu_share_pct']}% of {r['machine']['cpus']} CPUs)"),
        ("page time, median", f"{r['median_page_s']} s"),
        ("page time, p95", f"{r['p95_page_s']} s"),
        ("slowest page", f"{r['slowest_page_s']} s  {r['slowest_page']}"),
        ("server RSS after start", f"{rss['after_start']:.0f} MB"),
        ("server RSS at peak", f"{rss['peak']:.0f} MB"),
        ("server RSS after close", f"{rss['after_close']:.0f} MB"),
        ("server RSS after cleanup", f"{rss['after_cleanup']:.0f} MB"),
    ]
    width = max(len(k) for k, _ in rows)
    lines = [f"{k:<{width}}  {v}" for k, v in rows]
    lines.append("")
    lines.append(f"{'page':<12} {'charts':>6} {'median s':>9} {'max s':>7}")
    for page, p in r["per_page"].items():
        lines.append(f"{page:<12} {p['charts']:>6} {p['median_s']!s:>9} {p['max_s']!s:>7}")
    if r["errors"]:
        lines.append("")
        lines += [f"ERROR {e}" for e in r["errors"][:50]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent browser contexts (default 20)")
    parser.add_argument("--store", type=Path, default=None, help="metric store to serve (default: metrics.yaml)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON results (default: {DEFAULT_OUT.name})")
    parser.add_argument("--page-timeout", type=float, default=PAGE_TIMEOUT_S, metavar="S",
                        help=f"per-page limit (default {PAGE_TIMEOUT_S:.0f} s)")  # fmt: skip
    parser.add_argument("--run-timeout", type=float, default=1200.0, metavar="S", help="whole-run limit (default 1200 s)")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 200:
        parser.error("--sessions must be between 1 and 200")

    results = run_load(args.sessions, args.store, page_timeout_s=args.page_timeout, run_timeout_s=args.run_timeout)
    print(format_table(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten: {args.out}")
    return 1 if results["error_count"] else 0


if __name__ == "__main__":
    sys.exit(main())
