"""The load run's readers: a WebSocket view is a real page run on a real server, and the options they
set are ones the store offers."""

from __future__ import annotations

import asyncio
import concurrent.futures
import random
from pathlib import Path

import pytest

from benchmarks.harness import PAGES, streamlit_server
from tools.load_run import random_query, store_choices, view

pytestmark = pytest.mark.browser

STORE = Path(__file__).resolve().parent / "fixtures" / "small_store.yaml"


def test_each_page_viewed_over_the_websocket_finishes_without_an_error() -> None:
    with streamlit_server(STORE) as server:

        async def every_page() -> list[tuple[float, str | None]]:
            return [await view(server.url, page, "currency=USD&labels=calendar") for page in PAGES]

        # in a thread of its own: a browser test session may already run an event loop in this one
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            results = pool.submit(asyncio.run, every_page()).result()
    assert [error for _, error in results] == [None] * len(PAGES)
    assert all(0 < seconds < 60 for seconds, _ in results)


def test_a_readers_options_are_the_stores_own() -> None:
    choices = store_choices(STORE)
    rng = random.Random(1)
    queries = [dict(part.split("=") for part in random_query(rng, choices).split("&") if part) for _ in range(300)]
    assert {q.get("plan_start", "") for q in queries} <= set(choices.plan_starts)
    assert {q.get("quarter", "") for q in queries} <= set(choices.quarters)
    assert {q.get("currency", "RMB") for q in queries} == {"RMB", "USD"}
    assert sum("currency" in q for q in queries) in range(60, 120)  # about 3 in 10 readers chose US$
