"""Shared fixtures: a private copy of the small fixture store, the app's caches cleared around a
test, and a real Chromium and real `streamlit run` servers for browser tests."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from benchmarks.harness import Server, launch_browser, streamlit_server
from loaders.calendar import TODAY_ENV
from loaders.paths import STORE_ENV

ROOT = Path(__file__).resolve().parent.parent
SMALL_STORE = ROOT / "tests" / "fixtures" / "small_store.yaml"
ARTIFACTS = ROOT / "test-artifacts"
# every test, and every server, export and command a test starts, measures against this day
# (what is overdue, how much of the plan's time has passed); a test may set another
FIXED_TODAY = "2026-12-01"


def pytest_configure(config: pytest.Config) -> None:
    os.environ[TODAY_ENV] = FIXED_TODAY


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`pytest -m "not browser"` starts no browser: a test that asks for one must say so."""
    for item in items:
        needs = {"browser", "real_store_server", "server_for"} & set(getattr(item, "fixturenames", ()))
        if needs and item.get_closest_marker("browser") is None:
            raise pytest.UsageError(f"{item.nodeid} uses {sorted(needs)} but is not marked browser")


@pytest.fixture
def fixture_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the small fixture store (its own path; its own content hash once edited),
    named by ALIBABA_AI_STORE."""
    path = tmp_path / "metrics.yaml"
    shutil.copyfile(SMALL_STORE, path)
    monkeypatch.setenv(STORE_ENV, str(path))
    return path


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    """The app's per-server frames and page models forgotten before and after the test."""
    from dashboard import data

    data.clear()
    yield
    data.clear()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium through Playwright; fails (never skips) when it is missing."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_browser(p)
        yield b
        b.close()


@pytest.fixture(scope="session")
def real_store_server(artifacts: Path) -> Iterator[Server]:
    """One server over the real metrics.yaml for the whole session."""
    with streamlit_server(ROOT / "metrics.yaml", log_dir=artifacts) as server:
        yield server


@pytest.fixture
def server_for(artifacts: Path) -> Iterator[Callable[[Path], Server]]:
    """Start a server over any store file; all are stopped at the end of the test."""
    with contextlib.ExitStack() as stack:

        def start(store: Path) -> Server:
            return stack.enter_context(streamlit_server(store, log_dir=artifacts))

        yield start
