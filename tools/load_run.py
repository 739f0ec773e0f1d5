"""The load run: many readers at once on one `streamlit run`, for a few minutes, with varied view options.

Each reader views a page, reads it for a moment (THINK_S on average) and views another. Most readers
speak Streamlit's own WebSocket protocol (a view is a rerun request for a page and its
options, done when the server says the script finished: what the server does for a browser, without
a browser's cost on this machine); a few are real Chromium pages, timed until every chart is drawn.
Recorded per app checkout given (`--app`, the current one by default; give an older checkout's folder
to measure it in the same run): every error (an exception element, a page that never finished, a
dropped connection), each view's time, the server's resident memory at start, at peak and 20 s
after the last reader left, and the server's CPU time per page view with default options (every page
viewed in turn by one reader, before the load). Not a test: it measures the machine it runs on.

    python -m tools.load_run --seconds 180 --readers 25 --browsers 2 --app ../old-checkout --app .
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import websockets
from streamlit.proto import BackMsg_pb2, ForwardMsg_pb2

from benchmarks.harness import PAGES, launch_browser, run_script, wait_for_page
from loaders.paths import STORE_ENV

THINK_S = 2.0  # a reader's mean pause between views (uniform from 0 to twice it), reading the page
VIEW_TIMEOUT_S = 120.0  # a view that has not finished by then is an error, not a slow view
SETTLE_AFTER_S = 20.0  # memory is read this long after the last reader left
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Result:
    app: str
    views: list[tuple[str, str, float]] = field(default_factory=list)  # (reader kind, page, seconds)
    errors: list[str] = field(default_factory=list)
    rss_start_mb: float = 0.0
    rss_peak_mb: float = 0.0
    rss_after_mb: float = 0.0
    cpu_per_default_view_s: float = 0.0


@dataclass(frozen=True)
class Choices:
    """The plan starts and segment quarters the store offers ("" the page's default)."""

    plan_starts: tuple[str, ...]
    quarters: tuple[str, ...]


def store_choices(store: Path) -> Choices:
    import datetime as dt

    from loaders import build_frames, open_store
    from loaders.derive import plan_start_choices
    from pagemodels.options import plan_default
    from pagemodels.segments_data import segment_choices

    frames = build_frames(open_store(store, dt.date.today()))
    default = plan_default(frames)
    return Choices(("", *(plan_start_choices(default)[::3] if default else [])), ("", *segment_choices(frames)[0][:3]))


# How often a reader has moved each option off its default: the currency and labels often, the events
# now and then, a plan start or a segments quarter of its own rarely.
CHANGED = {"currency": 0.3, "labels": 0.3, "events": 0.3, "plan_start": 0.2, "quarter": 0.2}


def random_query(rng: random.Random, choices: Choices) -> str:
    """Varied view options, as readers' links and widgets set them (CHANGED: how often each is not the default)."""
    others = {
        "currency": ("USD",),
        "labels": ("calendar",),
        "events": ("1",),
        "plan_start": choices.plan_starts[1:],
        "quarter": choices.quarters[1:],
    }
    parts = {k: rng.choice(v) for k, v in others.items() if v and rng.random() < CHANGED[k]}
    return "&".join(f"{k}={v}" for k, v in parts.items())


def _proc(pid: int) -> tuple[float, float]:
    """The process's resident memory (MB) and CPU time so far (s), from /proc."""
    status = Path(f"/proc/{pid}/status").read_text()
    rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")) / 1024
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return rss, (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


async def view(base: str, page: str, query: str) -> tuple[float, str | None]:
    """One view over the WebSocket: seconds until the script finished, and the error if there was one."""
    start = time.perf_counter()
    try:
        async with websockets.connect(
            base.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"], origin=base, max_size=2**27
        ) as ws:  # fmt: skip
            msg = BackMsg_pb2.BackMsg()
            msg.rerun_script.query_string = query
            msg.rerun_script.page_name = page
            await ws.send(msg.SerializeToString())
            async with asyncio.timeout(VIEW_TIMEOUT_S):
                while True:
                    forward = ForwardMsg_pb2.ForwardMsg()
                    forward.ParseFromString(await ws.recv())
                    kind = forward.WhichOneof("type")
                    if kind == "delta" and forward.delta.new_element.WhichOneof("type") == "exception":
                        return (
                            time.perf_counter() - start,
                            f"exception on /{page}?{query}: {forward.delta.new_element.exception.message}",
                        )
                    if kind == "script_finished":
                        return time.perf_counter() - start, None
    except (TimeoutError, OSError, websockets.WebSocketException) as exc:
        return time.perf_counter() - start, f"/{page}?{query}: {type(exc).__name__} {exc}"


async def ws_reader(base: str, seed: int, until: float, result: Result, choices: Choices) -> None:
    rng = random.Random(seed)
    while time.monotonic() < until:
        page, query = rng.choice(PAGES), random_query(rng, choices)
        seconds, error = await view(base, page, query)
        result.views.append(("websocket", page, seconds))
        if error:
            result.errors.append(error)
        await asyncio.sleep(rng.uniform(0, 2 * THINK_S))


def browser_reader(base: str, seed: int, until: float, result: Result, choices: Choices) -> None:
    from playwright.sync_api import sync_playwright

    rng = random.Random(seed)
    with sync_playwright() as p:
        browser = launch_browser(p)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        while time.monotonic() < until:
            path, query = rng.choice(PAGES), random_query(rng, choices)
            start = time.perf_counter()
            try:
                page.goto(f"{base}/{path}?{query}", wait_until="domcontentloaded", timeout=VIEW_TIMEOUT_S * 1000)
                wait_for_page(page, timeout_ms=int(VIEW_TIMEOUT_S * 1000))
                if page.locator('[data-testid="stException"]').count():
                    result.errors.append(f"exception shown on /{path}?{query} (browser)")
            except Exception as exc:  # a page that never drew is the run's finding, not its end
                result.errors.append(f"/{path}?{query} (browser): {type(exc).__name__}")
            result.views.append(("browser", path, time.perf_counter() - start))
            page.wait_for_timeout(rng.uniform(0, 2 * THINK_S) * 1000)
        browser.close()


def measure(app: Path, store: Path, readers: int, browsers: int, seconds: float, log_dir: Path) -> Result:
    result = Result(str(app))
    choices = store_choices(store)
    env = {**os.environ, STORE_ENV: str(store)}
    with run_script(app / "app.py", log_dir, env, name=f"load-{app.name}") as server:
        pid, base = server.pid, server.url
        result.rss_start_mb = _proc(pid)[0]

        async def default_views() -> None:  # every page once to warm, then timed: CPU per view, options as default
            for page in PAGES:
                await view(base, page, "")
            cpu = _proc(pid)[1]
            for page in PAGES * 3:
                _, error = await view(base, page, "")
                if error:
                    result.errors.append(error)
            result.cpu_per_default_view_s = (_proc(pid)[1] - cpu) / (len(PAGES) * 3)

        asyncio.run(default_views())
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                result.rss_peak_mb = max(result.rss_peak_mb, _proc(pid)[0])
                stop.wait(0.25)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        until = time.monotonic() + seconds
        threads = [
            threading.Thread(target=browser_reader, args=(base, 1000 + i, until, result, choices)) for i in range(browsers)
        ]
        for t in threads:
            t.start()

        async def crowd() -> None:
            await asyncio.gather(*(ws_reader(base, i, until, result, choices) for i in range(readers - browsers)))

        asyncio.run(crowd())
        for t in threads:
            t.join()
        time.sleep(SETTLE_AFTER_S)
        stop.set()
        result.rss_after_mb = _proc(pid)[0]
    return result


def summary(r: Result) -> dict[str, Any]:
    times = sorted(s for _, _, s in r.views)
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))] if times else float("nan")
    return {
        "app": r.app,
        "views": len(times),
        "errors": len(r.errors),
        "p50_s": round(statistics.median(times), 2) if times else None,
        "p95_s": round(p95, 2),
        "max_s": round(max(times), 2) if times else None,
        "browser_views": sum(k == "browser" for k, _, _ in r.views),
        "rss_start_mb": round(r.rss_start_mb),
        "rss_peak_mb": round(r.rss_peak_mb),
        "rss_after_20s_mb": round(r.rss_after_mb),
        "cpu_per_default_view_s": round(r.cpu_per_default_view_s, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.load_run", description=__doc__.split("\n")[0])
    parser.add_argument("--app", action="append", type=Path, help="an app checkout's folder (repeat to compare)")
    parser.add_argument("--store", type=Path, default=Path("metrics.yaml"), help="the store every app reads")
    parser.add_argument("--readers", type=int, default=25)
    parser.add_argument("--browsers", type=int, default=2, help="of the readers, how many are real Chromium pages")
    parser.add_argument("--seconds", type=float, default=180.0)
    parser.add_argument("--out", type=Path, default=Path("load-run.json"))
    args = parser.parse_args(argv)
    apps = [a.resolve() for a in (args.app or [Path(".")])]
    results = [
        measure(app, args.store.resolve(), args.readers, args.browsers, args.seconds, Path(os.environ.get("TMPDIR", "/tmp")))
        for app in apps
    ]
    rows = [summary(r) for r in results]
    args.out.write_text(json.dumps({"runs": rows, "errors": [r.errors[:50] for r in results],
                                    "readers": args.readers, "browsers": args.browsers, "seconds": args.seconds,
                                    "views": [asdict(r)["views"] for r in results]}, indent=1))  # fmt: skip
    keys = list(rows[0])
    print("| " + " | ".join(keys) + " |\n|" + "---|" * len(keys))
    for row in rows:
        print("| " + " | ".join(str(row[k]) for k in keys) + " |")
    for r in results:
        for error in r.errors[:10]:
            print(f"error ({Path(r.app).name}): {error}", file=sys.stderr)
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
