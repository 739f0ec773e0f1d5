"""A real `streamlit run` on a free loopback port and Debian's Chromium, for the browser tests and the
benchmark: one implementation, so they all measure the same thing."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dashboard.data import APP_DIR
from dashboard.png import INSTALL_HINT, find_chromium
from loaders.paths import STORE_ENV
from pagemodels.registry import PAGES as REGISTRY
from pagemodels.registry import default_page

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]  # fmt: skip
# A chart counts as drawn once Plotly has put its SVG in it; Plotly draws two or three .main-svg
# layers per chart, so counting those would call a page done while its later charts are still empty.
DRAWN_CHARTS_JS = (
    """[...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')]"""
    """.filter((el) => el.querySelector('.main-svg'))"""
)
CHARTS_DRAWN = f"(n) => {DRAWN_CHARTS_JS}.length >= n"  # a predicate for page.wait_for_function(..., arg=n)
SCRIPT_DONE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app !== null && app.getAttribute('data-test-script-state') === 'notRunning';
}"""  # the page's script run has finished
# each page's URL path: the registry's slugs, the default page at the root
PAGES = ["" if spec.slug == default_page() else spec.slug for spec in REGISTRY]


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid


@contextlib.contextmanager
def streamlit_server(
    store: Path | None = None, extra_env: dict[str, str] | None = None, log_dir: Path | None = None
) -> Iterator[Server]:
    """Start `streamlit run app.py` on 127.0.0.1 and a free port; stop it on exit."""
    env = {**os.environ, **(extra_env or {})}
    if store is not None:
        env[STORE_ENV] = str(store)
    with run_script(APP_DIR / "app.py", log_dir or Path(os.environ.get("TMPDIR", "/tmp")), env) as server:
        yield server


@contextlib.contextmanager
def run_script(script: Path, log_dir: Path, env: dict[str, str] | None = None, name: str = "streamlit") -> Iterator[Server]:
    """`streamlit run <script>` from its own folder on 127.0.0.1 and a free port, headless, no usage
    statistics; waits until healthy, and stops the whole process group on exit."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:  # a free port
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    log = log_dir / f"{name}-{port}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=script.parent, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
        yield Server(url, proc, log)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"streamlit did not become healthy within {timeout:.0f} s:\n{log.read_text(errors='replace')[-2000:]}")


def launch_browser(playwright, *flags: str):  # type: ignore[no-untyped-def]
    """Debian's Chromium, headless, with the flags this kind of machine needs (and `flags`)."""
    if (path := find_chromium()) is None:
        raise RuntimeError(INSTALL_HINT)
    return playwright.chromium.launch(executable_path=path, headless=True, args=[*CHROMIUM_ARGS, *flags])


def wait_for_page(page, expected_charts: int | None = None, timeout_ms: int = 30_000) -> int:  # type: ignore[no-untyped-def]
    """Wait until the script has finished and the page's charts have drawn (`expected_charts` of them,
    else until the count holds still for half a second: Plotly loads after the run); returns the count."""
    page.wait_for_function(SCRIPT_DONE, timeout=timeout_ms)
    if expected_charts is not None:
        page.wait_for_function(CHARTS_DRAWN, arg=expected_charts, timeout=timeout_ms)
    else:
        last, stable_since = -1, time.monotonic()
        deadline = time.monotonic() + timeout_ms / 1000
        while time.monotonic() < deadline:
            n = page.evaluate(f"{DRAWN_CHARTS_JS}.length")
            if n != last:
                last, stable_since = n, time.monotonic()
            elif time.monotonic() - stable_since >= 0.5:
                break
            page.wait_for_timeout(50)
    return page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').count()


def expected_chart_counts(store: Path | None = None) -> dict[str, int]:
    """How many non-empty charts each page draws for a store, keyed by URL path, from the page models the app builds."""
    from benchmarks.floor import URL_PATHS, page_models

    models = page_models(store or APP_DIR / "metrics.yaml")
    return {URL_PATHS[slug]: sum(not r.is_empty for r in m.charts) for slug, m in models.items()}
