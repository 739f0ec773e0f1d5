"""Pages: the script run time of every page under streamlit's AppTest, beside a bare page.

For each page: one AppTest of app.py switched to the page (a first, untimed run imports what the
page needs; scripts are compiled once, as a server does); then, per round, a cold run
(st.cache_resource cleared: the store is read and the page's charts are built) followed by warm
runs (the same session rerun, as after a widget change). The bare page (benchmarks.bare) is timed
the same way on the same prebuilt figures; target: warm <= 1.2x bare warm. Times are AppTest's
`run()` wall time, which includes the same script-runner overhead for both.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks import bare
from benchmarks.report import Figure, median, timed
from dashboard.data import APP_DIR
from loaders.paths import STORE_ENV

SECTION = "pages"
TARGET = 1.2


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


@contextlib.contextmanager
def compiled_once() -> Iterator[None]:
    """One script cache for every AppTest run, as a server has: AppTest otherwise recompiles
    (with magic) app.py and the page on every run, a cost a served app pays once."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    modules = (app_test, local_script_runner)  # each makes its own: pages, and the main script
    originals = [m.ScriptCache for m in modules]
    for m in modules:
        m.ScriptCache = lambda: shared  # type: ignore[assignment,misc,attr-defined]
    try:
        yield
    finally:
        for m, original in zip(modules, originals, strict=True):
            m.ScriptCache = original  # type: ignore[attr-defined]


@contextlib.contextmanager
def store_env(store: Path) -> Iterator[None]:
    saved = os.environ.get(STORE_ENV)
    os.environ[STORE_ENV] = str(store)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(STORE_ENV, None)
        else:
            os.environ[STORE_ENV] = saved


def _check(at: Any, what: str) -> None:
    if at.exception:
        raise RuntimeError(f"{what}: {[e.value for e in at.exception]}")


def real_page(page: str) -> Any:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP_DIR / "app.py"), default_timeout=300)
    at.run()
    _check(at, "app.py")
    if page != "overview":
        at.switch_page(bare.PAGE_SCRIPTS[page]).run()
        _check(at, page)
    return at


def bare_page(script: Path) -> Any:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(script), default_timeout=300)
    at.run()
    _check(at, script.name)
    return at


def run(store: Path, quick: bool = False) -> tuple[list[Figure], dict[str, Any]]:
    import streamlit as st

    rounds, warm_runs = (2, 2) if quick else (3, 3)
    figures: list[Figure] = []
    details: dict[str, Any] = {}
    with (
        tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp,
        store_env(store),
        served_navigation(),
        compiled_once(),
    ):
        prebuilt = bare.page_figures(store)
        pickle_path = bare.write_pickle(prebuilt, Path(tmp) / "figures.pickle")
        for page in bare.PAGE_SCRIPTS:
            script = bare.write_page_script(pickle_path, page, Path(tmp))
            cold, warm, bare_cold, bare_warm = [], [], [], []
            at = real_page(page)  # imports and first run, untimed
            b = bare_page(script)
            for _ in range(rounds):
                st.cache_resource.clear()
                cold.append(timed(at.run))
                _check(at, page)
                charts = len(at.get("plotly_chart"))
                for _ in range(warm_runs):
                    warm.append(timed(at.run))
                _check(at, page)
                st.cache_resource.clear()
                bare_cold.append(timed(b.run))
                for _ in range(warm_runs):
                    bare_warm.append(timed(b.run))
                _check(b, f"bare {page}")
                bare_charts = len(b.get("plotly_chart"))
                if bare_charts != charts:
                    raise RuntimeError(f"{page}: the app drew {charts} charts, the bare page {bare_charts}")
            details[page] = {
                "charts": charts,
                "cold_s": cold,
                "warm_s": warm,
                "bare_cold_s": bare_cold,
                "bare_warm_s": bare_warm,
            }
            figures.append(
                Figure(
                    SECTION,
                    f"{page} warm run ({charts} chart{'' if charts == 1 else 's'})",
                    median(warm) * 1000,
                    "ms",
                    floor=median(bare_warm) * 1000,
                    floor_name="bare st.plotly_chart page",
                    compare="ratio",
                    target=TARGET,
                    detail=(
                        f"{page}: cold {median(cold) * 1000:.0f} ms (bare cold {median(bare_cold) * 1000:.0f} ms), "
                        f"warm median of {len(warm)}"
                    ),
                    samples=warm,
                )
            )
        st.cache_resource.clear()
    return figures, details
